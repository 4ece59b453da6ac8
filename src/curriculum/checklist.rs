//! The checklist: a scenario's expectations evaluated as its run goes, for the GUI's
//! ticking list and for `faultline run`.
//!
//! Build it from the expectations and the freshly built `Simulation` (that is when the
//! names only the engine knows — a report field, a series statistic — are checked), then
//! either drive the run through [`Checklist::step_until`], which stops the simulation
//! exactly at every virtual time an expectation needs (`at: "2m"`), or call
//! [`Checklist::observe`] after each step and respect [`Checklist::next_stop`].

use super::checks::{Check, EventCheck, LawCheck, MetricCheck, Moment, SeriesCheck, describe, law_model, report_value};
use super::verdict::{Item, Status, time};
use crate::engine::Simulation;
use crate::i18n::Said;
use crate::scenario::dotted;
use crate::scenario::path::{Path, entry_labels};
use crate::scenario::validate::Problem;
use crate::scenario::{EventKind, Expectation, did_you_mean};
use crate::time::{SimDuration, SimTime};
use serde_json::Value;

/// Expectations being evaluated against one run.
pub struct Checklist {
    items: Vec<Item>,
    checks: Vec<Check>,
}

impl std::fmt::Debug for Checklist {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checklist").field("items", &self.items).finish()
    }
}

fn at_time(d: Option<SimDuration>, default: SimTime) -> SimTime {
    d.map_or(default, |d| SimTime(d.0))
}

impl Checklist {
    /// Prepares the expectations for `sim` (normally just built, at time zero). Problems
    /// are the ones only the engine can see — a report field or series statistic that does
    /// not exist — with field paths under `at` (e.g. `expect`), to be located in the file
    /// with `scenario::locate_problems`.
    pub fn new(expectations: &[Expectation], sim: &Simulation, at: &Path) -> Result<Checklist, Vec<Problem>> {
        let report = report_value(sim);
        let end = sim.end();
        let labels = entry_labels(expectations.iter().map(|e| Some(e.name())));
        let mut problems = Vec::new();
        let mut checks = Vec::with_capacity(expectations.len());
        let mut items = Vec::with_capacity(expectations.len());
        for (k, expectation) in expectations.iter().enumerate() {
            let path = at.entry(k, labels[k]);
            match prepare(expectation, sim, &report, &path) {
                Ok((check, decidable_at)) => {
                    let generated = expectation.name().is_empty().then(|| describe(expectation, end));
                    let title = match &generated {
                        Some(said) => said.to_string(),
                        None => expectation.name().to_string(),
                    };
                    items.push(Item {
                        title,
                        generated_title: generated,
                        kind: expectation.kind(),
                        status: Status::Pending,
                        observed: None,
                        sentence: Said::nothing(),
                        decided_at: None,
                        decidable_at,
                    });
                    checks.push(check);
                }
                Err(mut found) => problems.append(&mut found),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut checklist = Checklist { items, checks };
        checklist.observe(sim);
        Ok(checklist)
    }

    /// One line per expectation, in the scenario's order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The earliest virtual time after `now` at which the run must be observed exactly
    /// (an expectation's `at`), if any is still pending.
    pub fn next_stop(&self, now: SimTime) -> Option<SimTime> {
        self.checks
            .iter()
            .zip(&self.items)
            .filter(|(_, item)| item.status == Status::Pending)
            .filter_map(|(check, _)| check.stop())
            .filter(|&at| at > now)
            .min()
    }

    /// Evaluates every pending expectation on the run as it stands. At the end of the run
    /// every expectation is decided: one still waiting for a later time is `Unreached`.
    pub fn observe(&mut self, sim: &Simulation) {
        if self.is_complete() {
            return;
        }
        let moment = Moment::new(sim);
        for (check, item) in self.checks.iter_mut().zip(&mut self.items) {
            check.observe(&moment, item);
        }
        if moment.finished() {
            for item in self.items.iter_mut().filter(|i| i.status == Status::Pending) {
                item.status = Status::Unreached;
                item.sentence = Said::new("check-not-reached")
                    .with("now", time(sim.now()))
                    .with("decidable", time(item.decidable_at))
                    .with("sentence", std::mem::take(&mut item.sentence));
                item.decided_at = Some(sim.now());
            }
        }
    }

    /// At the start of a run (time zero), has `sim` watch the structures the laws compare
    /// with theory (parallel and serial availability), so their up time is exact however
    /// long the run; later it does nothing (a watch must cover the whole run). Called by
    /// every stepping method; an observer only, it changes no result.
    pub fn watch_structures(&self, sim: &mut Simulation) {
        if sim.now() != SimTime::ZERO {
            return;
        }
        for check in &self.checks {
            if let Check::Law(law) = check
                && let Some((units, combine)) = law.structure()
            {
                sim.watch_structure(units, combine);
            }
        }
    }

    /// Advances `sim` to `limit`, stopping at every instant an expectation needs, and
    /// observes it there and at `limit`. Slicing does not change the simulation.
    pub fn step_until(&mut self, sim: &mut Simulation, limit: SimTime) {
        self.watch_structures(sim);
        while let Some(stop) = self.next_stop(sim.now()).filter(|&s| s <= limit) {
            sim.step_until(stop);
            self.observe(sim);
        }
        sim.step_until(limit);
        self.observe(sim);
    }

    /// Every expectation is decided.
    pub fn is_complete(&self) -> bool {
        self.items.iter().all(|i| i.status.is_decided())
    }

    /// Every expectation passed (true for an empty checklist).
    pub fn all_passed(&self) -> bool {
        self.items.iter().all(|i| i.status == Status::Passed)
    }

    /// Counts of (passed, failed, unreached, pending).
    pub fn tally(&self) -> (usize, usize, usize, usize) {
        let count = |s: Status| self.items.iter().filter(|i| i.status == s).count();
        (count(Status::Passed), count(Status::Failed), count(Status::Unreached), count(Status::Pending))
    }
}

/// The tracker of one expectation and the time it becomes decidable at the latest, or the
/// problems that keep it from being evaluated on this engine.
fn prepare(
    expectation: &Expectation,
    sim: &Simulation,
    report: &Value,
    path: &Path,
) -> Result<(Check, SimTime), Vec<Problem>> {
    let end = sim.end();
    let problem =
        |field: &'static str, message: String, help: Option<String>| Problem { path: path.field(field), message, help };
    match expectation {
        Expectation::Expect { metric, per, at, at_least, at_most, .. } => {
            let mut problems = Vec::new();
            for (field, p) in [("metric", Some(metric)), ("per", per.as_ref())] {
                if let Some(p) = p
                    && let Err((message, help)) = report_path_exists(report, p)
                {
                    problems.push(problem(field, message, help));
                }
            }
            if !problems.is_empty() {
                return Err(problems);
            }
            let at = at.map(|d| SimTime(d.0));
            let check =
                MetricCheck { metric: metric.clone(), per: per.clone(), at, at_least: *at_least, at_most: *at_most };
            Ok((Check::Metric(check), at.unwrap_or(end)))
        }
        Expectation::Series { key, from, to, stat, at_least, at_most, .. } => {
            let history = sim.history();
            let Some(column) = history.column_index(key) else {
                let keys: Vec<&str> = history.specs().iter().map(|s| s.key.as_str()).collect();
                let help = did_you_mean(key, keys.iter().copied()).or_else(|| {
                    let family = key.rsplit_once('.').map_or(key.as_str(), |(family, _)| family);
                    let siblings: Vec<&str> = keys.iter().copied().filter(|k| k.starts_with(family)).collect();
                    (!siblings.is_empty()).then(|| format!("this engine records {}", siblings.join(", ")))
                });
                return Err(vec![problem("key", format!("this engine records no series `{key}`"), help)]);
            };
            let to = at_time(*to, end);
            let check = SeriesCheck {
                key: key.clone(),
                column,
                from: at_time(*from, SimTime::ZERO),
                to,
                stat: *stat,
                at_least: *at_least,
                at_most: *at_most,
                rows_read: history.rows_pushed(),
                acc: Default::default(),
            };
            Ok((Check::Series(check), to))
        }
        Expectation::Event { what, from, to, at_least, at_most, .. } => {
            let needs = match what {
                EventKind::BreakerOpened(_) | EventKind::BreakerHalfOpen(_) | EventKind::BreakerClosed(_) => {
                    Some("breakers")
                }
                EventKind::AlertFired(_) | EventKind::AlertResolved(_) => Some("alerts"),
                EventKind::Logged { .. } => None,
            };
            if let Some(key) = needs
                && report.get(key).is_none()
            {
                return Err(vec![problem(
                    "what",
                    format!("this engine does not report `{key}` yet, so this event cannot be observed"),
                    None,
                )]);
            }
            let to = at_time(*to, end);
            let check = EventCheck {
                what: what.clone(),
                from: at_time(*from, SimTime::ZERO),
                to,
                at_least: *at_least,
                at_most: *at_most,
                count: 0,
                first_s: None,
                read: 0,
            };
            Ok((Check::Event(check), to))
        }
        Expectation::Law { law, tolerance, .. } => match law_model(law, sim, report) {
            Ok(model) => Ok((Check::Law(LawCheck { law: law.clone(), tolerance: *tolerance, model }), end)),
            Err(why) => Err(vec![problem("law", why.to_string(), None)]),
        },
    }
}

/// Whether `p` leads somewhere in the report. Lists (alerts, incidents) may be empty at
/// the start, so a path into a list is accepted once it reaches the list; so is a count
/// by reason, whose keys appear as things happen.
fn report_path_exists(report: &Value, p: &str) -> Result<(), (String, Option<String>)> {
    if super::checks::is_open_count(p) {
        return Ok(());
    }
    match dotted::get(report, p) {
        Ok(Value::Object(_)) => Err((
            format!("`{p}` is a group of fields, not a number"),
            dotted::get(report, p)
                .ok()
                .and_then(Value::as_object)
                .map(|m| format!("it has: {}", m.keys().cloned().collect::<Vec<_>>().join(", "))),
        )),
        Ok(_) => Ok(()),
        Err(e) => {
            let segments: Vec<&str> = p.split('.').collect();
            let reaches_a_list = (1..segments.len())
                .any(|n| matches!(dotted::get(report, &segments[..n].join(".")), Ok(Value::Array(_))));
            if reaches_a_list {
                Ok(())
            } else {
                let help = e.suggestion.as_ref().map(|s| format!("did you mean `{s}`?")).or_else(|| {
                    (!e.available.is_empty() && e.available.len() <= 12)
                        .then(|| format!("there is: {}", e.available.join(", ")))
                });
                Err((format!("the `run --json` report has no `{p}` (no `{}` there)", e.segment), help))
            }
        }
    }
}
