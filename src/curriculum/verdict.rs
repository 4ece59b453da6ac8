//! What the checklist shows for one expectation: its status, the value observed and a
//! sentence a person can read (and check by hand).

use crate::i18n::Said;
use crate::time::SimTime;
use serde::Serialize;

/// Where an expectation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not decidable yet; the sentence shows the value so far.
    Pending,
    Passed,
    Failed,
    /// The run ended before the expectation could be decided (a shortened run).
    Unreached,
}

impl Status {
    /// The mark the CLI and the GUI's checklist show.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Pending => "…",
            Status::Passed => "✓",
            Status::Failed => "✗",
            Status::Unreached => "–",
        }
    }

    pub fn is_decided(self) -> bool {
        self != Status::Pending
    }
}

/// One line of the checklist.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Item {
    /// The author's `name`, or a description generated from the expectation (English).
    pub title: String,
    /// The generated description as a message and its values, to show in the reader's
    /// language; `None` when the author named the expectation.
    #[serde(skip)]
    pub generated_title: Option<Said>,
    /// `Expect`, `Series`, `Event` or `Law`.
    pub kind: &'static str,
    pub status: Status,
    /// The value checked (so far, while pending); `None` when there is none yet.
    pub observed: Option<f64>,
    /// What was observed against what was expected, in words (kept as a message and its
    /// values: shown in the reader's language, English in the `--json` report).
    pub sentence: Said,
    /// When it was decided.
    #[serde(serialize_with = "seconds_opt")]
    pub decided_at: Option<SimTime>,
    /// The latest virtual time at which it becomes decidable (some decide earlier: a
    /// breaker that opens passes "opens at least once" at once).
    #[serde(serialize_with = "seconds")]
    pub decidable_at: SimTime,
}

fn seconds<S: serde::Serializer>(t: &SimTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(t.as_secs_f64())
}

fn seconds_opt<S: serde::Serializer>(t: &Option<SimTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_some(&t.as_secs_f64()),
        None => s.serialize_none(),
    }
}

/// A number with about four significant digits, integers without decimals: what a reader
/// compares by eye.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    if v == v.trunc() && v.abs() < 1e15 {
        return format!("{v:.0}");
    }
    let magnitude = v.abs().log10().floor() as i32;
    let decimals = (3 - magnitude).clamp(0, 9) as usize;
    let text = format!("{v:.decimals$}");
    if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text }
}

/// "at most 0", "at least 10", "between 10 and 500".
pub fn bounds(at_least: Option<f64>, at_most: Option<f64>) -> Said {
    match (at_least, at_most) {
        (Some(a), Some(b)) => Said::new("check-between").with("low", number(a)).with("high", number(b)),
        (Some(a), None) => Said::new("check-at-least").with("value", number(a)),
        (None, Some(b)) => Said::new("check-at-most").with("value", number(b)),
        (None, None) => Said::new("check-anything"),
    }
}

/// Whether `v` lies within the bounds.
pub fn within(v: f64, at_least: Option<f64>, at_most: Option<f64>) -> bool {
    at_least.is_none_or(|a| v >= a) && at_most.is_none_or(|b| v <= b)
}

/// A virtual time as scenarios write durations ("1m30s" is written "90s").
pub fn time(t: SimTime) -> String {
    crate::time::SimDuration(t.0).to_string()
}

/// Seconds (as the report and the history give them) as a moment of the run: "59s",
/// "240.5s" — seconds throughout, so moments compare at a glance.
pub fn time_s(s: f64) -> String {
    // Millisecond precision: samples and transitions are never closer than that matters.
    let ms = (s * 1000.0).round() / 1000.0;
    format!("{}s", number_exact(ms))
}

/// A number with all its (up to three) decimals.
fn number_exact(v: f64) -> String {
    let text = format!("{v:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_easily() {
        assert_eq!(number(0.0), "0");
        assert_eq!(number(1200.0), "1200");
        assert_eq!(number(41.56789), "41.57");
        assert_eq!(number(0.012345), "0.01235");
        assert_eq!(number(1234.5678), "1235");
        assert_eq!(number(-2.5), "-2.5");
        assert_eq!(bounds(Some(10.0), Some(500.0)), "between 10 and 500");
        assert_eq!(bounds(None, Some(0.0)), "at most 0");
        assert!(within(5.0, Some(5.0), Some(5.0)));
        assert!(!within(5.1, None, Some(5.0)));
        assert_eq!(time_s(240.5), "240.5s");
        assert_eq!(time_s(59.0), "59s");
        assert_eq!(time_s(12.3456), "12.346s");
    }
}
