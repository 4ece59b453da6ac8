//! `Event(what: ..., from: ..., to: ..., at_least: ..., at_most: ...)`: how often
//! something happens in `[from, to]`.
//!
//! Breaker transitions and log entries are read incrementally (by the report's
//! `transitions_total` and the log's running total), so bounded lists that evict old
//! entries lose nothing as long as the run is observed now and then; alert firings are
//! kept whole by the engine and are recounted.

use super::{Moment, decide, pending, window};
use crate::curriculum::verdict::{Item, Status, time_s};
use crate::scenario::EventKind;
use crate::time::{SimDuration, SimTime};
use serde_json::Value;

pub(in crate::curriculum) struct EventCheck {
    pub what: EventKind,
    pub from: SimTime,
    pub to: SimTime,
    pub at_least: Option<u64>,
    pub at_most: Option<u64>,
    /// Occurrences in the window so far (breakers, log), and the first one's time.
    pub count: u64,
    pub first_s: Option<f64>,
    /// Entries already read: breaker transitions (by their total) or log entries.
    pub read: u64,
}

/// "opens", "fires": the verb of a kind.
fn verb(what: &EventKind) -> String {
    match what {
        EventKind::BreakerOpened(name) => format!("breaker {name} opens"),
        EventKind::BreakerHalfOpen(name) => format!("breaker {name} goes half-open"),
        EventKind::BreakerClosed(name) => format!("breaker {name} closes"),
        EventKind::AlertFired(name) => format!("alert `{name}` fires"),
        EventKind::AlertResolved(name) => format!("alert `{name}` resolves"),
        EventKind::Logged { component, contains } if component.is_empty() => {
            format!("the event log says \"{contains}\"")
        }
        EventKind::Logged { component, contains } => format!("the event log says \"{contains}\" about {component}"),
    }
}

fn times(at_least: Option<u64>, at_most: Option<u64>) -> String {
    match (at_least, at_most) {
        (None | Some(0), Some(0)) => "never".to_string(),
        (Some(1), Some(1)) => "exactly once".to_string(),
        (Some(a), Some(b)) if a == b => format!("exactly {a} times"),
        (Some(a), Some(b)) => format!("{a} to {b} times"),
        (Some(1) | None, None) => "at least once".to_string(),
        (Some(a), None) => format!("at least {a} times"),
        (None, Some(b)) => format!("at most {b} times"),
    }
}

pub(super) fn describe(
    what: &EventKind,
    from: Option<SimDuration>,
    to: Option<SimDuration>,
    at_least: Option<u64>,
    at_most: Option<u64>,
    end: SimTime,
) -> String {
    let span = window(SimTime(from.map_or(0, |d| d.0)), SimTime(to.map_or(end.0, |d| d.0)));
    format!("{} {} in {span}", verb(what), times(at_least, at_most))
}

/// The state name a breaker kind is about, as the report spells states (`OPEN`,
/// `HALF_OPEN`, `CLOSED`), compared ignoring case and underscores.
fn state_of(what: &EventKind) -> Option<&'static str> {
    match what {
        EventKind::BreakerOpened(_) => Some("open"),
        EventKind::BreakerHalfOpen(_) => Some("halfopen"),
        EventKind::BreakerClosed(_) => Some("closed"),
        _ => None,
    }
}

fn normalised(state: &str) -> String {
    state.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

impl EventCheck {
    fn least(&self) -> u64 {
        match (self.at_least, self.at_most) {
            (None, None) => 1,
            (least, _) => least.unwrap_or(0),
        }
    }

    fn in_window(&self, at_s: f64) -> bool {
        at_s >= self.from.as_secs_f64() && at_s <= self.to.as_secs_f64()
    }

    fn count_one(&mut self, at_s: f64) {
        if self.in_window(at_s) {
            self.count += 1;
            if self.first_s.is_none_or(|f| at_s < f) {
                self.first_s = Some(at_s);
            }
        }
    }

    /// Reads what happened since the last observation.
    fn read(&mut self, moment: &Moment) {
        match &self.what {
            EventKind::BreakerOpened(name) | EventKind::BreakerHalfOpen(name) | EventKind::BreakerClosed(name) => {
                let wanted = state_of(&self.what).unwrap_or_default();
                let Some(breaker) = moment.report().get("breakers").and_then(|b| b.get(name)) else { return };
                let transitions: &[Value] =
                    breaker.get("transitions").and_then(Value::as_array).map_or(&[], Vec::as_slice);
                let total =
                    breaker.get("transitions_total").and_then(Value::as_u64).unwrap_or(transitions.len() as u64);
                let new = (total.saturating_sub(self.read)).min(transitions.len() as u64) as usize;
                self.read = total;
                let fresh: Vec<f64> = transitions[transitions.len() - new..]
                    .iter()
                    .filter(|t| t.get("to").and_then(Value::as_str).is_some_and(|to| normalised(to) == wanted))
                    .filter_map(|t| t.get("at_s").and_then(Value::as_f64))
                    .collect();
                for at_s in fresh {
                    self.count_one(at_s);
                }
            }
            EventKind::AlertFired(name) | EventKind::AlertResolved(name) => {
                let field = if matches!(self.what, EventKind::AlertFired(_)) { "fired_at_s" } else { "resolved_at_s" };
                let firings: Vec<f64> = moment
                    .report()
                    .get("alerts")
                    .and_then(Value::as_array)
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .filter(|a| a.get("name").and_then(Value::as_str) == Some(name.as_str()))
                    .filter_map(|a| a.get(field).and_then(Value::as_f64))
                    .collect();
                self.count = 0;
                self.first_s = None;
                for at_s in firings {
                    self.count_one(at_s);
                }
            }
            EventKind::Logged { component, contains } => {
                let log = moment.sim.log();
                let total = log.total();
                let new = (total - self.read).min(log.entries().len() as u64) as usize;
                self.read = total;
                let skip = log.entries().len() - new;
                let fresh: Vec<f64> = log
                    .entries()
                    .iter()
                    .skip(skip)
                    .filter(|e| {
                        (component.is_empty() || e.component == *component) && e.text.contains(contains.as_str())
                    })
                    .map(|e| e.at.as_secs_f64())
                    .collect();
                for at_s in fresh {
                    self.count_one(at_s);
                }
            }
        }
    }

    fn sentence(&self) -> String {
        let span = window(self.from, self.to);
        let what = verb(&self.what);
        let first = self.first_s.map_or(String::new(), |f| format!(", first at {}", time_s(f)));
        let n = match self.count {
            0 => "no times".to_string(),
            1 => "once".to_string(),
            n => format!("{n} times"),
        };
        format!("{what}: {n} in {span}{first} (expected {})", times(self.at_least, self.at_most))
    }

    pub fn observe(&mut self, moment: &Moment, item: &mut Item) {
        self.read(moment);
        let now = moment.now();
        let count = self.count as f64;
        if self.at_most.is_some_and(|most| self.count > most) {
            decide(item, Status::Failed, Some(count), self.sentence(), now);
        } else if self.at_most.is_none() && self.count >= self.least() {
            decide(item, Status::Passed, Some(count), self.sentence(), now);
        } else if now >= self.to {
            let ok = self.count >= self.least() && self.at_most.is_none_or(|most| self.count <= most);
            decide(item, if ok { Status::Passed } else { Status::Failed }, Some(count), self.sentence(), now);
        } else {
            pending(item, Some(count), self.sentence());
        }
    }
}
