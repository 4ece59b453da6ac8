//! Small text helpers shared by the exporters: CSV quoting, HTML escaping, flattening
//! JSON into dotted paths, and numbers a person can read.

use serde_json::Value;

/// A CSV field: quoted when it needs it (RFC 4180), and defused when a spreadsheet would
/// run it as a formula. Every CSV the program writes goes through here, so the rule has one
/// home.
///
/// Spreadsheets (Excel, LibreOffice, Google Sheets) evaluate a cell that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return, so a scenario or component named
/// `=HYPERLINK(...)` would become a live link or command when the export is opened (OWASP,
/// "CSV Injection"). Such text is prefixed with `'`, which those programs read as "this is
/// text" and do not show, inside a quoted field. Numbers are left alone: `-1.5` must stay a
/// number a spreadsheet can sum, and nothing that parses as one can call a function.
pub fn csv_field(text: &str) -> String {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.parse::<f64>().is_err();
    if formula {
        format!("\"'{}\"", text.replace('"', "\"\""))
    } else if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Text for Markdown inline content (a heading, a paragraph or a table cell), so that it
/// shows as the same characters the HTML report shows and is never read as markup.
///
/// - `&`, `<`, `>` and `"` become character references: raw HTML passes through Markdown
///   renderers (CommonMark §6.6), so a scenario named `<script>` would otherwise run.
/// - Characters that start inline markup anywhere (`` ` `` `*` `[` `]` `\` `|` `~` `#` `$`)
///   get a backslash (CommonMark §2.4 lets any ASCII punctuation be escaped). `|` would
///   split a table cell, `#` at the end of a heading would be dropped as its closing
///   sequence, `~` and `$` are GitHub's strikethrough and math.
/// - `_` only where it could open or close emphasis: between two letters or digits it
///   cannot (CommonMark §6.2), which keeps paths such as `latency_ms.p99` readable.
/// - Line breaks become spaces (as the HTML report renders them), and leading whitespace is
///   dropped, since one piece of text must stay one block: a newline could start a heading,
///   a list or a raw HTML block of its own, and four spaces an indented code block.
/// - Text that would start a list or a thematic break (`- x`, `+ x`, `---`, `1. x`, `1) x`)
///   gets a backslash there; numbers such as `-1.5` or `1.5` are left as they are.
pub fn markdown(text: &str) -> String {
    let flat = text.replace("\r\n", " ").replace(['\r', '\n'], " ");
    let chars: Vec<char> = flat.trim_start().chars().collect();
    let blank = |j: usize| chars.get(j).is_none_or(|c| *c == ' ' || *c == '\t');
    // `-`/`+` then a blank is a bullet; `-` then more `-` may be a thematic break.
    let bullet = matches!(chars.first(), Some('-' | '+')) && (blank(1) || chars.get(1) == Some(&'-'));
    // Digits then `.` or `)` then a blank is an ordered list item.
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let ordered = digits > 0 && matches!(chars.get(digits), Some('.' | ')')) && blank(digits + 1);
    let list_marker = if bullet { Some(0) } else { ordered.then_some(digits) };
    let mut out = String::with_capacity(flat.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let word = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| c.is_alphanumeric());
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '`' | '*' | '[' | ']' | '\\' | '|' | '~' | '#' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !(word(i.checked_sub(1)) && word(Some(i + 1))) => out.push_str("\\_"),
            _ if list_marker == Some(i) => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The fence for a Markdown code block holding `code`: longer than any run of backticks
/// in it, so nothing inside can close the block early (CommonMark §4.5).
pub fn markdown_fence(code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// Leaves of a JSON value as (dotted path, text), keys in the value's order (sorted, as
/// serde_json keeps them).
pub fn flatten(value: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    // An explicit stack, not recursion: the input is our own report, but nothing here
    // should overflow on a deep value.
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), value)];
    while let Some((path, v)) = stack.pop() {
        let join = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
        match v {
            Value::Object(map) => stack.extend(map.iter().rev().map(|(k, child)| (join(k), child))),
            Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
                out.push((path.clone(), items.iter().map(scalar).collect::<Vec<_>>().join(" ")));
            }
            Value::Array(items) => {
                stack.extend(items.iter().enumerate().rev().map(|(i, child)| (join(&i.to_string()), child)))
            }
            other => out.push((path.clone(), scalar(other))),
        }
    }
    out
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Four significant figures, plainly written for ordinary magnitudes.
pub fn number(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{x:.0}");
    }
    let digits = (3 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
    format!("{x:.digits$}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flattens_to_metric_paths() {
        let v = json!({"ledger": {"produced": 10, "by_reason": {"ttl expired": 2}}, "alerts": [{"name": "a"}], "t": [1, 2]});
        let flat = flatten(&v);
        assert_eq!(
            flat,
            vec![
                ("alerts.0.name".to_string(), "a".to_string()),
                ("ledger.by_reason.ttl expired".to_string(), "2".to_string()),
                ("ledger.produced".to_string(), "10".to_string()),
                ("t".to_string(), "1 2".to_string()),
            ]
        );
    }

    #[test]
    fn csv_cells_a_spreadsheet_would_run_get_a_quote() {
        assert_eq!(csv_field("=HYPERLINK(...)"), "\"'=HYPERLINK(...)\"");
        assert_eq!(csv_field("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        for (cell, defused) in [
            ("+cmd", "\"'+cmd\""),
            ("-2+3", "\"'-2+3\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\tx", "\"'\tx\""),
            ("\rx", "\"'\rx\""),
            ("-", "\"'-\""),
        ] {
            assert_eq!(csv_field(cell), defused, "{cell:?}");
        }
        // Numbers stay numbers, however they are signed or written.
        for number in ["-1.5", "+3", "-0", "-1e-5", "1e-5", "-inf", "42"] {
            assert_eq!(csv_field(number), number);
        }
        // Only the first character matters.
        assert_eq!(csv_field("a=b"), "a=b");
    }

    #[test]
    fn markdown_text_shows_as_written() {
        assert_eq!(markdown("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(markdown("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
        assert_eq!(markdown("a & \"b\""), "a &amp; &quot;b&quot;");
        assert_eq!(markdown("&lt;"), "&amp;lt;");
        assert_eq!(markdown("a | b"), "a \\| b");
        assert_eq!(
            markdown("*b* _i_ `c` [l](x) ~~s~~ $m$ \\ #"),
            "\\*b\\* \\_i\\_ \\`c\\` \\[l\\](x) \\~\\~s\\~\\~ \\$m\\$ \\\\ \\#"
        );
        // Underscores inside words cannot emphasise, and stay readable.
        assert_eq!(markdown("latency_ms.p99 _x"), "latency_ms.p99 \\_x");
        // Block starts are defused; numbers are not touched.
        assert_eq!(markdown("- item"), "\\- item");
        assert_eq!(markdown("+ item"), "\\+ item");
        assert_eq!(markdown("---"), "\\---");
        assert_eq!(markdown("12. item"), "12\\. item");
        assert_eq!(markdown("1) item"), "1\\) item");
        assert_eq!(markdown("> quote"), "&gt; quote");
        // An empty item is still an item.
        assert_eq!(markdown("12."), "12\\.");
        assert_eq!(markdown("-"), "\\-");
        for number in ["-1.5", "+3", "1.5", "-x"] {
            assert_eq!(markdown(number), number);
        }
        // One text stays one block: line breaks become spaces, leading blanks go.
        assert_eq!(markdown("one\n# two\r\nthree\r- four"), "one \\# two three - four");
        assert_eq!(markdown("    indented"), "indented");
        assert_eq!(markdown("\n<b>"), "&lt;b&gt;");
    }

    #[test]
    fn a_fence_outlasts_every_backtick_run() {
        assert_eq!(markdown_fence("plain"), "```");
        assert_eq!(markdown_fence("a `` b"), "```");
        assert_eq!(markdown_fence("a ``` b ````` c"), "``````");
    }

    #[test]
    fn quoting_and_numbers() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(html("<a & b>"), "&lt;a &amp; b&gt;");
        assert_eq!(number(1234.5678), "1235");
        assert_eq!(number(0.012345), "0.01235");
        assert_eq!(number(42.0), "42");
    }
}
