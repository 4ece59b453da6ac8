//! Scenario errors as values: each problem located by file, line, column and field path.
//!
//! The text form is the one compilers use, so editors and terminals can jump to it:
//!
//! ```text
//! scenarios/order-pipeline.ron:47:20: producers[checkout].topic: unknown topic `order` (did you mean `orders`?)
//! ```
//!
//! In another language ([`Diagnostic::render`]) the frame is translated and so are the
//! common messages, recognised by the English templates of `i18n/en/faultline.ftl`'s
//! `scenario-msg-*` keys; the location, the field path and the names from the file stay
//! as written, and a message no template matches stays English.

use crate::i18n::{self, Arg, Lang, say};
use std::fmt;
use std::sync::OnceLock;

/// One located problem in a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the text came from: the file path as given, or a name such as `"<editor>"`.
    pub origin: String,
    /// 1-based line. Always at least 1: a file that could not be read at all reports 1:1.
    pub line: usize,
    /// 1-based column, counted in characters (not bytes), as rustc and ron count.
    pub column: usize,
    /// Field path such as `consumers[payments].handler.calls[1]` (see [`super::path`]);
    /// empty when the problem is the file as a whole.
    pub path: String,
    /// What is wrong, in plain words, starting in lower case.
    pub message: String,
    /// A suggestion, e.g. "did you mean `orders`?"; shown in parentheses after the message.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    /// `ORIGIN:LINE:COLUMN: PATH: MESSAGE (HELP)`; `PATH: ` and ` (HELP)` only when present.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.origin, self.line, self.column)?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// The problem in `lang`: English is exactly `Display`; another language translates
    /// the frame and the messages a template recognises, keeping the location (editors
    /// jump to `ORIGIN:LINE:COLUMN:`), the field path and the file's names as written.
    pub fn render(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let location = format!("{}:{}:{}", self.origin, self.line, self.column);
        let message = with_help(lang, &self.message, self.help.as_deref());
        if self.path.is_empty() {
            say(lang, "scenario-located-file", &[("location", location.into()), ("message", message.into())])
        } else {
            let args = [("location", location.into()), ("path", self.path.clone().into()), ("message", message.into())];
            say(lang, "scenario-located", &args)
        }
    }
}

/// A problem's message and its help (`MESSAGE (HELP)`) in `lang`: English as written,
/// another language translated where templates recognise them.
pub(crate) fn with_help(lang: Lang, message: &str, help: Option<&str>) -> String {
    let words = |text: &str| if lang == Lang::En { text.to_string() } else { translate(lang, text) };
    match help {
        Some(help) => {
            say(lang, "scenario-with-help", &[("message", words(message).into()), ("help", words(help).into())])
        }
        None => words(message),
    }
}

/// A message template: the literal text between its variables, and the variables' names
/// (`unknown topic `{ $name }`` is `["unknown topic `", "`"]` around `["name"]`).
struct Template {
    key: String,
    literals: Vec<String>,
    variables: Vec<String>,
}

/// The templates of the `scenario-msg-*` messages, from their English text.
fn templates() -> &'static [Template] {
    static TEMPLATES: OnceLock<Vec<Template>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let mut templates: Vec<Template> = i18n::keys(Lang::En)
            .into_iter()
            .filter(|k| k.starts_with("scenario-msg-"))
            .filter_map(|key| {
                // Formatted without arguments, Fluent writes each variable as `{$name}`.
                let text = i18n::lookup(Lang::En, &key, None).text;
                let (mut literals, mut variables) = (Vec::new(), Vec::new());
                let mut rest = text.as_str();
                while let Some(start) = rest.find("{$") {
                    let end = start + rest[start..].find('}')?;
                    literals.push(rest[..start].to_string());
                    variables.push(rest[start + 2..end].to_string());
                    rest = &rest[end + 1..];
                }
                literals.push(rest.to_string());
                Some(Template { key, literals, variables })
            })
            .collect();
        // Most specific first: a template whose words cover more of a message is the one
        // meant (stable, so equal lengths keep the file's order).
        templates.sort_by_key(|t| std::cmp::Reverse(t.literal_len()));
        templates
    })
}

impl Template {
    /// Offers `accept` each way `message` is this template filled in (the values of its
    /// variables), until it accepts one; whether it did. A value between backticks may
    /// hold anything but a backtick; a `list…` or `text…` variable anything (a `text…`
    /// value is itself a phrase to translate); any other is a single word (a number, a
    /// duration), so a message with an explanation appended is not taken for a shorter
    /// template. Where a literal occurs more than once its positions are tried in turn,
    /// within [`MATCH_STEPS`] (a hostile file's names may be huge).
    fn matches<'m>(&self, message: &'m str, accept: &mut dyn FnMut(&[&'m str]) -> bool) -> bool {
        let Some(rest) = message.strip_prefix(self.literals[0].as_str()) else { return false };
        let mut values = Vec::with_capacity(self.variables.len());
        let mut steps = MATCH_STEPS;
        self.match_from(1, rest, &mut values, &mut steps, accept)
    }

    /// Matches literal `k` onwards against `rest`, the variable before it taking a value.
    fn match_from<'m>(
        &self,
        k: usize,
        rest: &'m str,
        values: &mut Vec<&'m str>,
        steps: &mut usize,
        accept: &mut dyn FnMut(&[&'m str]) -> bool,
    ) -> bool {
        let Some(literal) = self.literals.get(k) else { return rest.is_empty() && accept(values) };
        let kind = VariableKind::of(&self.variables[k - 1], &self.literals[k - 1], literal);
        let ends: Box<dyn Iterator<Item = usize>> = if k == self.literals.len() - 1 {
            Box::new(rest.strip_suffix(literal.as_str()).map(str::len).into_iter())
        } else if literal.is_empty() {
            Box::new(std::iter::empty())
        } else {
            Box::new(rest.match_indices(literal.as_str()).map(|(i, _)| i))
        };
        for end in ends {
            if *steps == 0 {
                return false;
            }
            *steps -= 1;
            let value = &rest[..end];
            if value.is_empty() {
                continue;
            }
            if !kind.fits(value) {
                // Longer values only add characters: none further can fit either.
                break;
            }
            values.push(value);
            if self.match_from(k + 1, &rest[end + literal.len()..], values, steps, accept) {
                return true;
            }
            values.pop();
        }
        false
    }

    /// The number of literal characters: the more, the more specific the template.
    fn literal_len(&self) -> usize {
        self.literals.iter().map(|l| l.chars().count()).sum()
    }
}

/// Most literal positions tried when matching one message against one template.
const MATCH_STEPS: usize = 1_000;

/// Most nested phrases (`text…` values) translated inside one another.
const MAX_NESTING: usize = 8;

/// What a template variable may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum VariableKind {
    /// Between backticks: a name from the file, anything but a backtick.
    Quoted,
    /// `list…`: anything, kept as it is (names, a cycle, a path).
    List,
    /// `text…`: anything, itself translated (a phrase another template words).
    Text,
    /// A single word: a number, a duration, a path.
    Word,
}

impl VariableKind {
    /// A `list…` variable holds anything even between backticks (an escape or a
    /// character literal may be a backtick itself).
    fn of(name: &str, before: &str, after: &str) -> VariableKind {
        if name.starts_with("list") {
            VariableKind::List
        } else if before.ends_with('`') && after.starts_with('`') {
            VariableKind::Quoted
        } else if name.starts_with("text") {
            VariableKind::Text
        } else {
            VariableKind::Word
        }
    }

    fn fits(self, value: &str) -> bool {
        match self {
            VariableKind::Quoted => !value.contains('`'),
            VariableKind::List | VariableKind::Text => true,
            VariableKind::Word => !value.contains(char::is_whitespace),
        }
    }
}

/// `message` in `lang` if a template recognises it, else as it is.
pub(crate) fn translate(lang: Lang, message: &str) -> String {
    translate_nested(lang, message, 0, None).0
}

/// `message` in `lang`, and whether every part of it was recognised (the message and the
/// phrases of its `text…` variables). The most specific reading wins: the first, in
/// order of literal length, that recognises every part (trying each way the message
/// splits into the template's values), else the first that matches at all.
/// `scenario-msg-phrase-*` templates (a noun with its article, "A or B") word only the
/// phrases inside a message, never a whole one. `wildcard` (the coverage scan's sample
/// value) stands for a phrase worded elsewhere.
fn translate_nested(lang: Lang, message: &str, depth: usize, wildcard: Option<&str>) -> (String, bool) {
    let mut partial = None;
    for template in templates() {
        if depth == 0 && template.key.starts_with("scenario-msg-phrase-") {
            continue;
        }
        let mut complete_words = None;
        template.matches(message, &mut |values| {
            let mut complete = true;
            let args: Vec<(&str, Arg)> = template
                .variables
                .iter()
                .zip(values)
                .map(|(name, value)| {
                    let value = if !name.starts_with("text") || wildcard.is_some_and(|w| value.contains(w)) {
                        value.to_string()
                    } else if depth < MAX_NESTING {
                        let (words, known) = translate_nested(lang, value, depth + 1, wildcard);
                        complete &= known;
                        words
                    } else {
                        complete = false;
                        value.to_string()
                    };
                    (name.as_str(), Arg::from(value))
                })
                .collect();
            let words = say(lang, &template.key, &args);
            if complete {
                complete_words = Some(words);
            } else {
                partial.get_or_insert(words);
            }
            complete
        });
        if let Some(words) = complete_words {
            return (words, true);
        }
    }
    (partial.unwrap_or_else(|| message.to_string()), false)
}

/// Whether a template recognises `message` and every phrase inside it, so that it reads
/// in every language (the coverage tests); a phrase holding `wildcard` counts as worded.
/// `as_phrase` lets a phrase template word it (a phrase the source builds on its own).
#[cfg(test)]
pub(super) fn recognised(message: &str, as_phrase: bool, wildcard: Option<&str>) -> bool {
    translate_nested(Lang::ZhCn, message, usize::from(as_phrase), wildcard).1
}

/// Why a scenario could not be loaded: one or more located problems, in the order they
/// appear in the file (a parse error stops at the first; validation reports them all).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    /// Never empty.
    pub diagnostics: Vec<Diagnostic>,
}

impl ScenarioError {
    /// One diagnostic per line in `lang` (English: exactly `Display`).
    pub fn render(&self, lang: Lang) -> String {
        self.diagnostics.iter().map(|d| d.render(lang)).collect::<Vec<_>>().join("\n")
    }
}

impl fmt::Display for ScenarioError {
    /// One diagnostic per line, no trailing newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// The candidate closest to `wanted` if it is close enough to be a likely misspelling:
/// equal ignoring case, or within an edit distance of about a third of its length
/// (Damerau–Levenshtein, so a swapped pair of letters counts as one edit).
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_len = wanted.chars().count();
    let allowed = (wanted_len / 3).max(1);
    // Names that differ in length by more than the edits allowed cannot be close enough;
    // leaving them out first also keeps the distance's table small when `wanted` is a
    // megabytes-long word from a hostile file (the table is as long as both words).
    let candidates: Vec<&str> =
        candidates.into_iter().filter(|c| c.chars().count().abs_diff(wanted_len) <= allowed).collect();
    if candidates.is_empty() {
        return None;
    }
    let wanted_lower = wanted.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != wanted && !c.contains(char::is_control))
        .map(|c| {
            let distance = if c.to_lowercase() == wanted_lower {
                0
            } else {
                strsim::damerau_levenshtein(&wanted_lower, &c.to_lowercase())
            };
            (distance, c)
        })
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// "did you mean `x`?" for the closest candidate, if any.
pub fn did_you_mean<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(wanted, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(path: &str, help: Option<&str>) -> Diagnostic {
        Diagnostic {
            origin: "a.ron".into(),
            line: 3,
            column: 7,
            path: path.into(),
            message: "unknown topic `order`".into(),
            help: help.map(str::to_string),
        }
    }

    #[test]
    fn displays_like_a_compiler() {
        let d = diagnostic("producers[checkout].topic", Some("did you mean `orders`?"));
        assert_eq!(
            d.to_string(),
            "a.ron:3:7: producers[checkout].topic: unknown topic `order` (did you mean `orders`?)"
        );
        assert_eq!(diagnostic("", None).to_string(), "a.ron:3:7: unknown topic `order`");
        let e = ScenarioError { diagnostics: vec![diagnostic("a", None), diagnostic("b", None)] };
        assert_eq!(e.to_string(), "a.ron:3:7: a: unknown topic `order`\na.ron:3:7: b: unknown topic `order`");
    }

    #[test]
    fn suggests_only_close_names() {
        let names = ["orders", "orders.dlq", "payments"];
        assert_eq!(closest("order", names), Some("orders"));
        assert_eq!(closest("ORDERS", names), Some("orders"));
        assert_eq!(closest("paymnets", names), Some("payments"));
        assert_eq!(closest("shipping", names), None);
        assert_eq!(closest("x", ["y"]), Some("y"));
        assert_eq!(closest("orders", ["orders"]), None);
        assert_eq!(did_you_mean("RejectNw", ["RejectNew", "DropOldest"]).as_deref(), Some("did you mean `RejectNew`?"));
    }

    /// ron's errors as `parse` words them, in Chinese: the token found is a phrase of its
    /// own, a backticked name stays as written, and a possessive `x`'s stays possessive.
    #[test]
    fn syntax_errors_and_their_phrases_read_in_chinese() {
        let zh = |text: &str| translate(Lang::ZhCn, text);
        assert_eq!(
            zh("expected `,` or a closing bracket after the number `4`, found `topic`"),
            "数字 `4`之后应为 `,` 或右括号，实际为`topic`"
        );
        assert_eq!(
            zh("the file ends early after `,`: `Producer(` opened at 3:5 is never closed"),
            "文件在`,`之后提前结束了：3:5 处打开的 `Producer(` 始终没有闭合"
        );
        assert_eq!(zh("expected a whole number, found the string \"a b\""), "应为整数，实际为字符串 \"a b\"");
        assert_eq!(zh("expected a field name, found the character U+0000"), "应为字段名，实际为字符 U+0000");
        // A `list…` value holds a backtick where a name could not.
        assert_eq!(
            zh("invalid escape `\\`` in a string: unknown escape character"),
            "字符串中的转义 `\\`` 无效：未知的转义字符"
        );
        assert_eq!(zh("`throughput` series are produced, lost"), "`throughput` 的序列有 produced, lost");
        // ron's own text for a rare error has no template: it stays as it is.
        assert_eq!(zh("expected a `ron::value::RawValue`"), "expected a `ron::value::RawValue`");
    }

    #[test]
    fn a_huge_word_is_compared_by_length_first() {
        // Without the length check the edit-distance table for a 10 MB word would take
        // gigabytes; with it no distance is computed at all.
        let huge = "s".repeat(10 << 20);
        assert_eq!(closest(&huge, ["seed", "services"]), None);
        // The check keeps every candidate within reach: `orders` is one edit from `order`.
        assert_eq!(closest("order", ["orders", "o"]), Some("orders"));
    }
}
