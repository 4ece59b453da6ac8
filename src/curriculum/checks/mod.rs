//! One tracker per expectation kind. Each is built once (resolving names against the
//! running engine), then fed [`Moment`]s as the run goes, and updates its checklist
//! [`Item`]: pending with the value so far, or decided with the value that decided it.

mod event;
pub(in crate::curriculum) mod law;
mod metric;
mod series;

use super::verdict::{Item, Status};
use crate::engine::Simulation;
use crate::i18n::Said;
use crate::report::RunReport;
use crate::scenario::Expectation;
use crate::time::SimTime;
use serde_json::Value;
use std::cell::OnceCell;

pub(super) use event::EventCheck;
pub(super) use law::{LawCheck, law_model};
pub(super) use metric::MetricCheck;
pub(super) use series::SeriesCheck;

/// The run at one instant, with its `run --json` report built only if a tracker asks.
pub(super) struct Moment<'a> {
    pub sim: &'a Simulation,
    report: OnceCell<Value>,
}

impl<'a> Moment<'a> {
    pub fn new(sim: &'a Simulation) -> Moment<'a> {
        Moment { sim, report: OnceCell::new() }
    }

    pub fn now(&self) -> SimTime {
        self.sim.now()
    }

    /// The run has reached its end: everything still pending is decided now.
    pub fn finished(&self) -> bool {
        self.sim.is_finished()
    }

    /// The report as `faultline run --json` would print it now (wall-clock fields zero,
    /// so nothing in it depends on the machine).
    pub fn report(&self) -> &Value {
        self.report.get_or_init(|| report_value(self.sim))
    }
}

/// The numbers of the `run --json` object of `sim` as it stands, without wall-clock
/// fields or traced journeys (see [`RunReport::numbers`]).
pub fn report_value(sim: &Simulation) -> Value {
    serde_json::to_value(RunReport::numbers(sim)).expect("a run report is plain data and always encodes")
}

/// Maps of counts whose keys appear only once something has happened (a reason first
/// seen): a path into one is valid before its key exists, and its value is 0 until then.
const OPEN_COUNTS: [&str; 1] = ["ledger.by_reason."];

/// Whether `path` names a count in an [`OPEN_COUNTS`] map.
pub(super) fn is_open_count(path: &str) -> bool {
    OPEN_COUNTS.iter().any(|prefix| path.len() > prefix.len() && path.starts_with(prefix))
}

/// A tracker of any kind.
pub(super) enum Check {
    Metric(MetricCheck),
    Series(SeriesCheck),
    Event(EventCheck),
    Law(LawCheck),
}

impl Check {
    pub fn observe(&mut self, moment: &Moment, item: &mut Item) {
        if item.status.is_decided() {
            return;
        }
        match self {
            Check::Metric(c) => c.observe(moment, item),
            Check::Series(c) => c.observe(moment, item),
            Check::Event(c) => c.observe(moment, item),
            Check::Law(c) => c.observe(moment, item),
        }
    }

    /// An instant at which the run must be observed exactly (a metric `at`).
    pub fn stop(&self) -> Option<SimTime> {
        match self {
            Check::Metric(c) => c.stop(),
            _ => None,
        }
    }
}

/// Records a decision on the item.
fn decide(item: &mut Item, status: Status, observed: Option<f64>, sentence: Said, at: SimTime) {
    item.status = status;
    item.observed = observed;
    item.sentence = sentence;
    item.decided_at = Some(at);
}

/// Keeps the item pending with the value so far.
fn pending(item: &mut Item, observed: Option<f64>, sentence: Said) {
    item.observed = observed;
    item.sentence = sentence;
}

/// The item's title when the author gave none.
pub(super) fn describe(expectation: &Expectation, end: SimTime) -> Said {
    match expectation {
        Expectation::Expect { metric, per, at, at_least, at_most, .. } => {
            metric::describe(metric, per.as_deref(), *at, *at_least, *at_most)
        }
        Expectation::Series { key, from, to, stat, at_least, at_most, .. } => {
            series::describe(key, *from, *to, *stat, *at_least, *at_most, end)
        }
        Expectation::Event { what, from, to, at_least, at_most, .. } => {
            event::describe(what, *from, *to, *at_least, *at_most, end)
        }
        Expectation::Law { law, tolerance, .. } => law::describe(law, *tolerance),
    }
}

/// "0s..90s", the window as scenarios write durations.
fn window(from: SimTime, to: SimTime) -> String {
    format!("{}..{}", super::verdict::time(from), super::verdict::time(to))
}
