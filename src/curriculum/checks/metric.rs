//! `Expect(metric: ..., per: ..., at: ..., at_least: ..., at_most: ...)`: a number of the
//! report, or a ratio of two, at the end of the run or as the report stood at `at`.

use super::{Moment, decide, pending};
use crate::curriculum::verdict::{Item, Status, bounds, number, time, within};
use crate::i18n::Said;
use crate::scenario::dotted::{self, NumberError, PathError};
use crate::time::{SimDuration, SimTime};
use serde_json::Value;

/// Why an expected number cannot be read from the report (yet).
#[derive(Debug, thiserror::Error)]
enum Unread {
    /// The key exists but holds null.
    #[error("{0} has no value")]
    NoValue(String),
    #[error(transparent)]
    NotANumber(#[from] NumberError),
    #[error(transparent)]
    Missing(#[from] PathError),
    #[error("{metric} / {per} is undefined: {per} is 0")]
    ZeroDenominator { metric: String, per: String },
}

pub(in crate::curriculum) struct MetricCheck {
    pub metric: String,
    pub per: Option<String>,
    pub at: Option<SimTime>,
    pub at_least: Option<f64>,
    pub at_most: Option<f64>,
}

pub(super) fn describe(
    metric: &str,
    per: Option<&str>,
    at: Option<SimDuration>,
    at_least: Option<f64>,
    at_most: Option<f64>,
) -> Said {
    let what = match per {
        Some(per) => format!("{metric} / {per}"),
        None => metric.to_string(),
    };
    match at {
        Some(at) => Said::new("check-title-metric-at").with("time", at.to_string()),
        None => Said::new("check-title-metric"),
    }
    .with("metric", what)
    .with("expected", bounds(at_least, at_most))
}

impl Unread {
    /// Why, in words for any language (a path error keeps the report's English).
    fn said(&self) -> Said {
        match self {
            Unread::NoValue(path) => Said::new("check-no-value").with("path", path.as_str()),
            Unread::ZeroDenominator { metric, per } => {
                Said::new("check-zero-denominator").with("metric", metric.as_str()).with("per", per.as_str())
            }
            other => Said::new("check-text").with("text", other.to_string()),
        }
    }
}

impl MetricCheck {
    pub fn stop(&self) -> Option<SimTime> {
        self.at
    }

    /// The value now, and how it was computed (for a ratio, both numbers).
    fn value(&self, report: &Value) -> Result<(f64, Said), Unread> {
        let read = |p: &str| match dotted::get(report, p) {
            Ok(Value::Null) => Err(Unread::NoValue(p.to_string())),
            Ok(_) => Ok(dotted::get_number(report, p)?),
            // A reason that has not happened yet has no key: it has happened 0 times.
            Err(_) if super::is_open_count(p) => Ok(0.0),
            Err(e) => Err(Unread::Missing(e)),
        };
        let numerator = read(&self.metric)?;
        match &self.per {
            None => Ok((
                numerator,
                Said::new("check-metric-value").with("metric", self.metric.as_str()).with("value", number(numerator)),
            )),
            Some(per) => {
                let denominator = read(per)?;
                if denominator == 0.0 {
                    return Err(Unread::ZeroDenominator { metric: self.metric.clone(), per: per.clone() });
                }
                let ratio = numerator / denominator;
                Ok((
                    ratio,
                    Said::new("check-ratio-value")
                        .with("metric", self.metric.as_str())
                        .with("per", per.as_str())
                        .with("numerator", number(numerator))
                        .with("denominator", number(denominator))
                        .with("value", number(ratio)),
                ))
            }
        }
    }

    pub fn observe(&mut self, moment: &Moment, item: &mut Item) {
        let now = moment.now();
        let expected = bounds(self.at_least, self.at_most);
        let due = match self.at {
            Some(at) => now >= at,
            None => moment.finished(),
        };
        let value = self.value(moment.report());
        if !due {
            let when =
                self.at.map_or(Said::new("check-when-end"), |at| Said::new("check-when-at").with("time", time(at)));
            let so_far = |value: Said| {
                Said::new("check-so-far-expected")
                    .with("value", value)
                    .with("expected", expected.clone())
                    .with("when", when.clone())
            };
            match value {
                Ok((v, text)) => pending(item, Some(v), so_far(text)),
                Err(why) => pending(item, None, so_far(why.said())),
            }
            return;
        }
        // A driver that stepped past `at` without stopping there (see `Checklist::step_until`)
        // gets the value of the moment it did observe, and is told so.
        let sentence = |value: Said| {
            let decided = match self.at {
                Some(at) => Said::new("check-value-at-expected").with("time", time(at)),
                None => Said::new("check-value-expected"),
            }
            .with("value", value)
            .with("expected", expected.clone());
            match self.at {
                Some(at) if now > at => Said::new("check-observed-late")
                    .with("sentence", decided)
                    .with("now", time(now))
                    .with("at", time(at)),
                _ => decided,
            }
        };
        match value {
            Ok((v, text)) => {
                let status = if within(v, self.at_least, self.at_most) { Status::Passed } else { Status::Failed };
                decide(item, status, Some(v), sentence(text), now);
            }
            Err(why) => decide(item, Status::Failed, None, sentence(why.said()), now),
        }
    }
}
