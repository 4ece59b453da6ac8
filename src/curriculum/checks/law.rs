//! `Law(law: ..., tolerance: ...)`: the run against queueing or reliability theory.
//! Decided at the end of the run (a law is about the whole run); while it runs, the
//! sentence shows both sides so far.

use super::{Moment, decide, pending};
use crate::curriculum::theory::{Mmc, duration_text};
use crate::curriculum::verdict::{Item, Status, number};
use crate::experiment::path;
use crate::scenario::Law;
use serde_json::Value;

pub(in crate::curriculum) struct LawCheck {
    pub law: Law,
    pub tolerance: f64,
    pub model: Model,
}

/// What the law needs, resolved when the checklist is built.
pub(in crate::curriculum) enum Model {
    /// Column of the group's lag series.
    Little {
        lag_column: usize,
    },
    ErlangC(Mmc),
    /// Mean up and down times, seconds.
    Availability {
        mtbf_s: f64,
        mttr_s: f64,
    },
}

pub(super) fn describe(law: &Law, tolerance: f64) -> String {
    let within = format!("within ±{}", percent(tolerance));
    match law {
        Law::LittlesLaw { group } => format!("Little's law L = λW holds for {group} {within}"),
        Law::ErlangC { group } => format!("{group}'s mean latency matches Erlang C {within}"),
        Law::Availability { component } => format!("{component}'s availability matches MTBF/(MTBF+MTTR) {within}"),
    }
}

fn percent(share: f64) -> String {
    format!("{} %", number(100.0 * share))
}

/// "+1.2 %": the deviation of `observed` from `predicted`.
fn deviation(observed: f64, predicted: f64) -> String {
    let d = 100.0 * (observed / predicted - 1.0);
    format!("{}{} %", if d >= 0.0 { "+" } else { "" }, number(d))
}

impl LawCheck {
    /// (observed, predicted, the sentence's account of both), or why there is none yet.
    fn sides(&self, moment: &Moment) -> Result<(f64, f64, String), String> {
        let report = moment.report();
        let num = |p: &str| match path::get(report, p) {
            Ok(Value::Null) | Err(_) => Err(format!("{p} has no value yet")),
            Ok(_) => path::get_number(report, p).map_err(|e| e.to_string()),
        };
        match (&self.law, &self.model) {
            (Law::LittlesLaw { group }, Model::Little { lag_column }) => {
                let history = moment.sim.history();
                let widths = history.widths_s();
                let total: f64 = widths.iter().sum();
                if total <= 0.0 {
                    return Err("no sample yet".into());
                }
                let l =
                    history.column(*lag_column).iter().zip(widths).map(|(v, w)| f64::from(*v) * w).sum::<f64>() / total;
                let seconds = num("virtual_seconds")?;
                let processed = num(&format!("groups.{group}.processed"))?;
                let w_ms = num(&format!("groups.{group}.latency_ms.mean"))?;
                if seconds <= 0.0 || processed == 0.0 {
                    return Err(format!("{group} has processed nothing yet"));
                }
                let lambda = processed / seconds;
                let lw = lambda * w_ms / 1000.0;
                let text = format!(
                    "L = {} messages (time-average lag of {group}) vs λW = {}/s × {} ms = {}",
                    number(l),
                    number(lambda),
                    number(w_ms),
                    number(lw)
                );
                Ok((l, lw, text))
            }
            (Law::ErlangC { group }, Model::ErlangC(q)) => {
                let w_ms = num(&format!("groups.{group}.latency_ms.mean"))?;
                let predicted_ms = 1000.0 * q.mean_sojourn_s();
                let text = format!(
                    "Erlang C with λ = {}/s, μ = {}/s, c = {} (ρ = {}) predicts W = {} ms; {group} measured {} ms",
                    number(q.lambda),
                    number(q.mu),
                    q.c,
                    number(q.utilisation()),
                    number(predicted_ms),
                    number(w_ms)
                );
                Ok((w_ms, predicted_ms, text))
            }
            (Law::Availability { component }, Model::Availability { mtbf_s, mttr_s }) => {
                let observed = report
                    .get("availability")
                    .and_then(|a| a.get(component))
                    .and_then(|c| c.get("observed"))
                    .and_then(Value::as_f64)
                    .ok_or_else(|| format!("availability of {component} has no value yet"))?;
                let predicted = mtbf_s / (mtbf_s + mttr_s);
                let text = format!(
                    "{component} was up {} of the time; MTBF/(MTBF+MTTR) = {}/({} + {}) = {}",
                    percent(observed),
                    duration_text(*mtbf_s),
                    duration_text(*mtbf_s),
                    duration_text(*mttr_s),
                    percent(predicted)
                );
                Ok((observed, predicted, text))
            }
            _ => Err("the law and its model do not match".into()),
        }
    }

    pub fn observe(&mut self, moment: &Moment, item: &mut Item) {
        let tolerance = format!("tolerance ±{}", percent(self.tolerance));
        match self.sides(moment) {
            Ok((observed, predicted, text)) => {
                let sentence = format!("{text}: {} ({tolerance})", deviation(observed, predicted));
                if moment.finished() {
                    let ok = predicted != 0.0 && (observed / predicted - 1.0).abs() <= self.tolerance;
                    decide(
                        item,
                        if ok { Status::Passed } else { Status::Failed },
                        Some(observed),
                        sentence,
                        moment.now(),
                    );
                } else {
                    pending(item, Some(observed), format!("{sentence} so far"));
                }
            }
            Err(why) if moment.finished() => decide(item, Status::Failed, None, why, moment.now()),
            Err(why) => pending(item, None, why),
        }
    }
}

/// What `law` needs from this run, or why this engine cannot check it.
pub(in crate::curriculum) fn law_model(
    law: &Law,
    sim: &crate::engine::Simulation,
    report: &Value,
) -> Result<Model, String> {
    let scenario = sim.scenario();
    match law {
        Law::LittlesLaw { group } => {
            let key = format!("group.{group}.lag");
            let lag_column =
                sim.history().column_index(&key).ok_or_else(|| format!("this engine records no series `{key}`"))?;
            Ok(Model::Little { lag_column })
        }
        Law::ErlangC { group } => Mmc::of_group(scenario, group)
            .map(Model::ErlangC)
            .ok_or_else(|| format!("group `{group}` is not an M/M/c queue")),
        Law::Availability { component } => {
            if report.get("availability").is_none() {
                return Err("this engine does not report `availability` yet".into());
            }
            let service = scenario.services.iter().find(|s| s.name == *component);
            let failures = service
                .and_then(|s| s.failures.as_ref())
                .ok_or_else(|| format!("`{component}` has no stochastic `failures`"))?;
            let (mtbf_s, mttr_s, _) = crate::curriculum::theory::availability(&failures.mtbf, &failures.mttr);
            Ok(Model::Availability { mtbf_s, mttr_s })
        }
    }
}
