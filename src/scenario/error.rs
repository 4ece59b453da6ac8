//! Scenario errors as values: each problem located by file, line, column and field path.
//!
//! The text form is the one compilers use, so editors and terminals can jump to it:
//!
//! ```text
//! scenarios/order-pipeline.ron:47:20: producers[checkout].topic: unknown topic `order` (did you mean `orders`?)
//! ```

use std::fmt;

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

/// Why a scenario could not be loaded: one or more located problems, in the order they
/// appear in the file (a parse error stops at the first; validation reports them all).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    /// Never empty.
    pub diagnostics: Vec<Diagnostic>,
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
