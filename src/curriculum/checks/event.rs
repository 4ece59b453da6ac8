//! `Event(what: ..., from: ..., to: ..., at_least: ..., at_most: ...)`: how often
//! something happens in `[from, to]`.
//!
//! Breaker transitions and log entries are read incrementally (by the report's
//! `transitions_total` and the log's running total), so bounded lists that evict old
//! entries lose nothing as long as the run is observed now and then; alert firings are
//! kept whole by the engine and are recounted.

use super::{Moment, decide, pending, window};
use crate::curriculum::verdict::{Item, Status, time_s};
use crate::i18n::Said;
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
fn verb(what: &EventKind) -> Said {
    let named = |key, name: &String| Said::new(key).with("name", name.as_str());
    match what {
        EventKind::BreakerOpened(name) => named("check-breaker-opens", name),
        EventKind::BreakerHalfOpen(name) => named("check-breaker-half-opens", name),
        EventKind::BreakerClosed(name) => named("check-breaker-closes", name),
        EventKind::AlertFired(name) => named("check-alert-fires", name),
        EventKind::AlertResolved(name) => named("check-alert-resolves", name),
        EventKind::Logged { component, contains } if component.is_empty() => {
            Said::new("check-log-says").with("text", contains.as_str())
        }
        EventKind::Logged { component, contains } => {
            Said::new("check-log-says-about").with("text", contains.as_str()).with("component", component.as_str())
        }
    }
}

fn times(at_least: Option<u64>, at_most: Option<u64>) -> Said {
    match (at_least, at_most) {
        (None | Some(0), Some(0)) => Said::new("check-times-never"),
        (Some(a), Some(b)) if a == b => Said::new("check-times-exactly").with("count", a),
        (Some(a), Some(b)) => Said::new("check-times-between").with("low", a).with("high", b),
        (Some(1) | None, None) => Said::new("check-times-at-least").with("count", 1u64),
        (Some(a), None) => Said::new("check-times-at-least").with("count", a),
        (None, Some(b)) => Said::new("check-times-at-most").with("count", b),
    }
}

pub(super) fn describe(
    what: &EventKind,
    from: Option<SimDuration>,
    to: Option<SimDuration>,
    at_least: Option<u64>,
    at_most: Option<u64>,
    end: SimTime,
) -> Said {
    let span = window(SimTime(from.map_or(0, |d| d.0)), SimTime(to.map_or(end.0, |d| d.0)));
    Said::new("check-title-event")
        .with("what", verb(what))
        .with("expected", times(at_least, at_most))
        .with("window", span)
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
                        (component.is_empty() || e.component == *component)
                            && e.text.to_string().contains(contains.as_str())
                    })
                    .map(|e| e.at.as_secs_f64())
                    .collect();
                for at_s in fresh {
                    self.count_one(at_s);
                }
            }
        }
    }

    fn sentence(&self) -> Said {
        let said = match self.first_s {
            Some(first) => Said::new("check-event-count-first").with("first", time_s(first)),
            None => Said::new("check-event-count"),
        };
        said.with("what", verb(&self.what))
            .with("count", self.count)
            .with("window", window(self.from, self.to))
            .with("expected", times(self.at_least, self.at_most))
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
