//! `Expect(metric: ..., per: ..., at: ..., at_least: ..., at_most: ...)`: a number of the
//! report, or a ratio of two, at the end of the run or as the report stood at `at`.

use super::{Moment, decide, pending};
use crate::curriculum::verdict::{Item, Status, bounds, number, time, within};
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
) -> String {
    let what = match per {
        Some(per) => format!("{metric} / {per}"),
        None => metric.to_string(),
    };
    let when = at.map_or(String::new(), |at| format!(" at {at}"));
    format!("{what}{when} {}", bounds(at_least, at_most))
}

impl MetricCheck {
    pub fn stop(&self) -> Option<SimTime> {
        self.at
    }

    /// The value now, and how it was computed (for a ratio, both numbers).
    fn value(&self, report: &Value) -> Result<(f64, String), Unread> {
        let read = |p: &str| match dotted::get(report, p) {
            Ok(Value::Null) => Err(Unread::NoValue(p.to_string())),
            Ok(_) => Ok(dotted::get_number(report, p)?),
            // A reason that has not happened yet has no key: it has happened 0 times.
            Err(_) if super::is_open_count(p) => Ok(0.0),
            Err(e) => Err(Unread::Missing(e)),
        };
        let numerator = read(&self.metric)?;
        match &self.per {
            None => Ok((numerator, format!("{} = {}", self.metric, number(numerator)))),
            Some(per) => {
                let denominator = read(per)?;
                if denominator == 0.0 {
                    return Err(Unread::ZeroDenominator { metric: self.metric.clone(), per: per.clone() });
                }
                let ratio = numerator / denominator;
                Ok((
                    ratio,
                    format!(
                        "{} / {per} = {} / {} = {}",
                        self.metric,
                        number(numerator),
                        number(denominator),
                        number(ratio)
                    ),
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
            let when = self.at.map_or("at the end".to_string(), |at| format!("at {}", time(at)));
            match value {
                Ok((v, text)) => pending(item, Some(v), format!("{text} so far (expected {expected} {when})")),
                Err(why) => pending(item, None, format!("{why} so far (expected {expected} {when})")),
            }
            return;
        }
        // A driver that stepped past `at` without stopping there (see `Checklist::step_until`)
        // gets the value of the moment it did observe, and is told so.
        let late = match self.at {
            Some(at) if now > at => {
                format!(" (observed at {}, after {}: the run was not stopped at {})", time(now), time(at), time(at))
            }
            _ => String::new(),
        };
        let when = self.at.map_or(String::new(), |at| format!(" at {}", time(at)));
        match value {
            Ok((v, text)) => {
                let status = if within(v, self.at_least, self.at_most) { Status::Passed } else { Status::Failed };
                decide(item, status, Some(v), format!("{text}{when} (expected {expected}){late}"), now);
            }
            Err(why) => decide(item, Status::Failed, None, format!("{why}{when} (expected {expected}){late}"), now),
        }
    }
}
