//! `Law(law: ..., tolerance: ...)`: the run against queueing or reliability theory.
//! Decided at the end of the run (a law is about the whole run); while it runs, the
//! sentence shows both sides so far.

use super::{Moment, decide, pending};
use crate::curriculum::theory::{Mmc, RepairableGroup, duration_text};
use crate::curriculum::verdict::{Item, Status, number};
use crate::engine::availability::Combine;
use crate::engine::uptime::at_least_up;
use crate::i18n::Said;
use crate::scenario::Law;
use crate::scenario::dotted::{self, NumberError};
use crate::scenario::fault_rules::{FaultTarget, resolve_target};
use crate::time::SimTime;
use serde_json::Value;

/// Why a law has no two sides to compare yet: shown while the run goes, and as the reason
/// the law failed when the run ends without them.
#[derive(Debug, thiserror::Error)]
enum Unmeasured {
    /// A number of the report is still null.
    #[error("{0} has no value yet")]
    NoValue(String),
    #[error(transparent)]
    NotANumber(#[from] NumberError),
    #[error("no sample yet")]
    NoSample,
    #[error("{0} has processed nothing yet")]
    NothingProcessed(String),
    #[error("availability of {0} has no value yet")]
    NoAvailability(String),
    #[error("the law and its model do not match")]
    ModelMismatch,
    #[error("no time has passed yet")]
    NoTime,
    #[error("no availability timeline for `{0}`")]
    NoTimeline(String),
    #[error(
        "{0} changed state too often for its timeline to cover the whole run (it keeps the last 512 changes), and the structure was not watched from the start of the run"
    )]
    TimelineEvicted(String),
}

/// Why this engine cannot check a law: a problem of the lesson, located at its `law`.
#[derive(Debug, thiserror::Error)]
pub(in crate::curriculum) enum LawModelError {
    #[error("this engine records no series `{0}`")]
    NoSeries(String),
    #[error("group `{0}` is not an M/M/c queue")]
    NotMmc(String),
    #[error("this engine does not report `availability` yet")]
    NoAvailabilityReport,
    #[error("no consumer group `{0}`")]
    NoGroup(String),
    #[error("`{0}` has no stochastic `failures`")]
    NoFailures(String),
    #[error("this engine keeps no availability timeline for `{0}`")]
    NoTimeline(String),
}

impl Unmeasured {
    /// Why, in words for any language (a number error keeps the report's English).
    fn said(&self) -> Said {
        let named = |key, name: &String| Said::new(key).with("name", name.as_str());
        match self {
            Unmeasured::NoValue(path) => named("check-law-no-value", path),
            Unmeasured::NotANumber(e) => Said::new("check-text").with("text", e.to_string()),
            Unmeasured::NoSample => Said::new("check-law-no-sample"),
            Unmeasured::NothingProcessed(group) => named("check-law-nothing-processed", group),
            Unmeasured::NoAvailability(component) => named("check-law-no-availability", component),
            Unmeasured::ModelMismatch => Said::new("check-law-model-mismatch"),
            Unmeasured::NoTime => Said::new("check-law-no-time"),
            Unmeasured::NoTimeline(name) => named("check-law-no-timeline", name),
            Unmeasured::TimelineEvicted(name) => named("check-law-timeline-evicted", name),
        }
    }
}

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
    /// The units combined (availability names) and each one's MTBF/(MTBF+MTTR).
    Parallel {
        units: Vec<String>,
        each: Vec<f64>,
    },
    Serial {
        units: Vec<String>,
        each: Vec<f64>,
    },
    KOutOfN {
        units: Vec<String>,
        each: Vec<f64>,
        k: usize,
    },
    /// The group's Markov chain, and the active slots that must serve.
    Standby {
        chain: RepairableGroup,
        k: u32,
    },
}

pub(super) fn describe(law: &Law, tolerance: f64) -> Said {
    let said = match law {
        Law::LittlesLaw { group } => Said::new("check-title-little").with("group", group.as_str()),
        Law::ErlangC { group } => Said::new("check-title-erlang-c").with("group", group.as_str()),
        Law::Availability { component } => Said::new("check-title-availability").with("component", component.as_str()),
        Law::Parallel { group } => Said::new("check-title-parallel").with("group", group.as_str()),
        Law::Serial { components } => Said::new("check-title-serial").with("components", components.join(" → ")),
        Law::KOutOfN { group, k } => {
            Said::new("check-title-k-out-of-n").with("group", group.as_str()).with("k", k.to_string())
        }
        Law::Standby { group, k: Some(k) } => {
            Said::new("check-title-standby").with("group", group.as_str()).with("k", k.to_string())
        }
        Law::Standby { group, k: None } => Said::new("check-title-standby-all").with("group", group.as_str()),
    };
    said.with("tolerance", percent(tolerance))
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
    fn sides(&self, moment: &Moment) -> Result<(f64, f64, Said), Unmeasured> {
        let report = moment.report();
        let num = |p: &str| match dotted::get(report, p) {
            Ok(Value::Null) | Err(_) => Err(Unmeasured::NoValue(p.to_string())),
            Ok(_) => Ok(dotted::get_number(report, p)?),
        };
        match (&self.law, &self.model) {
            (Law::LittlesLaw { group }, Model::Little { lag_column }) => {
                let history = moment.sim.history();
                let widths = history.widths_s();
                let total: f64 = widths.iter().sum();
                if total <= 0.0 {
                    return Err(Unmeasured::NoSample);
                }
                let l =
                    history.column(*lag_column).iter().zip(widths).map(|(v, w)| f64::from(*v) * w).sum::<f64>() / total;
                let seconds = num("virtual_seconds")?;
                let processed = num(&format!("groups.{group}.processed"))?;
                let w_ms = num(&format!("groups.{group}.latency_ms.mean"))?;
                if seconds <= 0.0 || processed == 0.0 {
                    return Err(Unmeasured::NothingProcessed(group.clone()));
                }
                let lambda = processed / seconds;
                let lw = lambda * w_ms / 1000.0;
                let text = Said::new("check-law-little")
                    .with("l", number(l))
                    .with("group", group.as_str())
                    .with("lambda", number(lambda))
                    .with("w", number(w_ms))
                    .with("lw", number(lw));
                Ok((l, lw, text))
            }
            (Law::ErlangC { group }, Model::ErlangC(q)) => {
                let w_ms = num(&format!("groups.{group}.latency_ms.mean"))?;
                let predicted_ms = 1000.0 * q.mean_sojourn_s();
                let text = Said::new("check-law-erlang-c")
                    .with("lambda", number(q.lambda))
                    .with("mu", number(q.mu))
                    .with("c", q.c.to_string())
                    .with("rho", number(q.utilisation()))
                    .with("predicted", number(predicted_ms))
                    .with("group", group.as_str())
                    .with("measured", number(w_ms));
                Ok((w_ms, predicted_ms, text))
            }
            (Law::Availability { component }, Model::Availability { mtbf_s, mttr_s }) => {
                let observed = report
                    .get("availability")
                    .and_then(|a| a.get(component))
                    .and_then(|c| c.get("observed"))
                    .and_then(Value::as_f64)
                    .ok_or_else(|| Unmeasured::NoAvailability(component.clone()))?;
                let predicted = mtbf_s / (mtbf_s + mttr_s);
                let text = Said::new("check-law-availability")
                    .with("component", component.as_str())
                    .with("observed", percent(observed))
                    .with("mtbf", duration_text(*mtbf_s))
                    .with("mttr", duration_text(*mttr_s))
                    .with("predicted", percent(predicted));
                Ok((observed, predicted, text))
            }
            (Law::Parallel { group }, Model::Parallel { units, each }) => {
                let observed = combined_up_share(moment, units, Combine::AnyUp)?;
                let predicted = 1.0 - each.iter().map(|a| 1.0 - a).product::<f64>();
                let text = Said::new("check-law-parallel")
                    .with("group", group.as_str())
                    .with("instances", units.len().to_string())
                    .with("observed", percent(observed))
                    .with("each", number(each.first().copied().unwrap_or_default()))
                    .with("predicted", percent(predicted));
                Ok((observed, predicted, text))
            }
            (Law::Serial { components }, Model::Serial { units, each }) => {
                let observed = combined_up_share(moment, units, Combine::AllUp)?;
                let predicted: f64 = each.iter().product();
                let factors: Vec<String> = each.iter().map(|a| number(*a)).collect();
                let text = Said::new("check-law-serial")
                    .with("components", components.join(", "))
                    .with("observed", percent(observed))
                    .with("factors", factors.join(" × "))
                    .with("predicted", percent(predicted));
                Ok((observed, predicted, text))
            }
            (Law::KOutOfN { group, .. }, Model::KOutOfN { units, each, k }) => {
                let observed = combined_up_share(moment, units, Combine::AtLeastUp(*k))?;
                let predicted = at_least_up(each, *k);
                let text = Said::new("check-law-k-out-of-n")
                    .with("group", group.as_str())
                    .with("k", k.to_string())
                    .with("instances", units.len().to_string())
                    .with("observed", percent(observed))
                    .with("each", number(each.first().copied().unwrap_or_default()))
                    .with("predicted", percent(predicted));
                Ok((observed, predicted, text))
            }
            (Law::Standby { group, .. }, Model::Standby { chain, k }) => {
                if moment.now().0 == 0 {
                    return Err(Unmeasured::NoTime);
                }
                let observed = moment
                    .sim
                    .serving_at_least(group, *k as usize)
                    .ok_or_else(|| Unmeasured::NoTimeline(group.clone()))?;
                let predicted = chain.serving_at_least(*k);
                let text = Said::new("check-law-standby")
                    .with("group", group.as_str())
                    .with("k", k.to_string())
                    .with("slots", chain.active_slots().to_string())
                    .with("observed", percent(observed))
                    .with("instances", chain.instances.to_string())
                    .with("spares", chain.spares.to_string())
                    .with("lambda", number(chain.lambda))
                    .with("mu", number(chain.mu))
                    .with("crew", chain.crew.map_or_else(|| "∞".to_string(), |r| r.to_string()))
                    .with("shocks", number(chain.shock_rate))
                    .with("predicted", percent(predicted));
                Ok((observed, predicted, text))
            }
            _ => Err(Unmeasured::ModelMismatch),
        }
    }

    pub fn observe(&mut self, moment: &Moment, item: &mut Item) {
        match self.sides(moment) {
            Ok((observed, predicted, text)) => {
                let sentence = Said::new("check-law-deviation")
                    .with("sides", text)
                    .with("deviation", deviation(observed, predicted))
                    .with("tolerance", percent(self.tolerance));
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
                    pending(item, Some(observed), Said::new("check-law-so-far").with("sentence", sentence));
                }
            }
            Err(why) if moment.finished() => decide(item, Status::Failed, None, why.said(), moment.now()),
            Err(why) => pending(item, None, why.said()),
        }
    }
}

/// What `law` needs from this run, or why this engine cannot check it.
pub(in crate::curriculum) fn law_model(
    law: &Law,
    sim: &crate::engine::Simulation,
    report: &Value,
) -> Result<Model, LawModelError> {
    let scenario = sim.scenario();
    match law {
        Law::LittlesLaw { group } => {
            let key = format!("group.{group}.lag");
            let lag_column = sim.history().column_index(&key).ok_or(LawModelError::NoSeries(key))?;
            Ok(Model::Little { lag_column })
        }
        Law::ErlangC { group } => {
            Mmc::of_group(scenario, group).map(Model::ErlangC).ok_or_else(|| LawModelError::NotMmc(group.clone()))
        }
        Law::Availability { component } => {
            if report.get("availability").is_none() {
                return Err(LawModelError::NoAvailabilityReport);
            }
            let failures = failures_of(scenario, component)?;
            let (mtbf_s, mttr_s, _) = crate::curriculum::theory::availability(&failures.mtbf, &failures.mttr);
            Ok(Model::Availability { mtbf_s, mttr_s })
        }
        Law::Parallel { group } | Law::KOutOfN { group, .. } => {
            let spec = scenario
                .consumers
                .iter()
                .find(|g| g.name == *group)
                .ok_or_else(|| LawModelError::NoGroup(group.clone()))?;
            let units: Vec<String> = (1..=spec.instances).map(|n| format!("{group}/{n}")).collect();
            let each = units.iter().map(|u| availability_of(scenario, u)).collect::<Result<_, _>>()?;
            check_units(sim, &units)?;
            match law {
                Law::KOutOfN { k, .. } => Ok(Model::KOutOfN { units, each, k: *k as usize }),
                _ => Ok(Model::Parallel { units, each }),
            }
        }
        Law::Standby { group, k } => {
            let spec = scenario
                .consumers
                .iter()
                .find(|g| g.name == *group)
                .ok_or_else(|| LawModelError::NoGroup(group.clone()))?;
            let failures = spec.failures.as_ref().ok_or_else(|| LawModelError::NoFailures(group.clone()))?;
            let rate = |d: &crate::scenario::Distribution| {
                let mean = d.mean_s();
                if mean > 0.0 { 1.0 / mean } else { 0.0 }
            };
            let standby = spec.standby.as_ref();
            let chain = RepairableGroup {
                instances: spec.instances,
                spares: standby.map_or(0, |s| s.spares),
                idle_factor: match standby.map(|s| s.kind) {
                    Some(crate::scenario::StandbyKind::Warm(factor)) => factor,
                    _ => 0.0,
                },
                lambda: rate(&failures.mtbf),
                mu: rate(&failures.mttr),
                crew: spec.repair_crew,
                shock_rate: spec.common_cause.as_ref().map_or(0.0, |c| rate(&c.mtbf)),
            };
            Ok(Model::Standby { chain, k: k.unwrap_or(chain.active_slots()) })
        }
        Law::Serial { components } => {
            let each = components.iter().map(|u| availability_of(scenario, u)).collect::<Result<_, _>>()?;
            check_units(sim, components)?;
            Ok(Model::Serial { units: components.clone(), each })
        }
    }
}

/// The stochastic failures a component is configured with: a service's own, a group's for
/// its instances (`group/N`), the broker's for its nodes (`broker/N`). The component is
/// named as fault targets are (`fault_rules::resolve_target`, as validation checked it).
fn failures_of<'s>(
    scenario: &'s crate::scenario::Scenario,
    component: &str,
) -> Result<&'s crate::scenario::Failures, LawModelError> {
    let failures = match resolve_target(scenario, component) {
        Ok(FaultTarget::Service(s) | FaultTarget::Replica(s, _)) => scenario.services[s].failures.as_ref(),
        Ok(FaultTarget::Instance(g, _)) => scenario.consumers[g].failures.as_ref(),
        Ok(FaultTarget::BrokerNode(_)) => scenario.broker.failures.as_ref(),
        Ok(_) | Err(_) => None,
    };
    failures.ok_or_else(|| LawModelError::NoFailures(component.to_string()))
}

/// MTBF/(MTBF+MTTR) of a component's failures.
fn availability_of(scenario: &crate::scenario::Scenario, component: &str) -> Result<f64, LawModelError> {
    let failures = failures_of(scenario, component)?;
    Ok(crate::curriculum::theory::availability(&failures.mtbf, &failures.mttr).2)
}

/// Every unit has an availability timeline in this engine.
fn check_units(sim: &crate::engine::Simulation, units: &[String]) -> Result<(), LawModelError> {
    match units.iter().find(|u| !sim.units().iter().any(|unit| unit.name() == **u)) {
        Some(missing) => Err(LawModelError::NoTimeline(missing.clone())),
        None => Ok(()),
    }
}

impl LawCheck {
    /// The structure of units whose up time the law compares with theory, if it is about
    /// one (parallel or serial), for [`crate::engine::Simulation::watch_structure`].
    pub fn structure(&self) -> Option<(&[String], Combine)> {
        match &self.model {
            Model::Parallel { units, .. } => Some((units, Combine::AnyUp)),
            Model::Serial { units, .. } => Some((units, Combine::AllUp)),
            Model::KOutOfN { units, k, .. } => Some((units, Combine::AtLeastUp(*k))),
            _ => None,
        }
    }
}

/// The share of the run so far during which the combination was up. Exact from the
/// structure's watch when one has run from time zero (the lesson run starts it: see
/// `Checklist::watch_structures`; a clone or checkpoint of the run keeps it); otherwise (a
/// run nobody watched from time zero) from the units' up/down timelines, which cover the run only while each unit has
/// changed state at most 512 times.
fn combined_up_share(moment: &Moment, names: &[String], combine: Combine) -> Result<f64, Unmeasured> {
    let now = moment.now();
    if now.0 == 0 {
        return Err(Unmeasured::NoTime);
    }
    if let Some(watch) = moment.sim.structure_watch(names, combine).filter(|w| w.since() == SimTime::ZERO) {
        return Ok(1.0 - watch.down(now).0 as f64 / now.0 as f64);
    }
    let mut changes: Vec<(u64, i64)> = Vec::new();
    for name in names {
        let unit = moment
            .sim
            .units()
            .iter()
            .find(|u| u.name() == *name)
            .ok_or_else(|| Unmeasured::NoTimeline(name.clone()))?;
        if unit.availability().timeline_evicted() > 0 {
            return Err(Unmeasured::TimelineEvicted(name.clone()));
        }
        // Every timeline starts up at time zero.
        for t in unit.availability().timeline() {
            changes.push((t.at.0, if t.up { -1 } else { 1 }));
        }
    }
    // At one instant, ups before downs: a component repaired as another fails leaves no gap.
    changes.sort_unstable();
    let is_down = |down: i64| combine.is_down(usize::try_from(down).unwrap_or(0), names.len());
    let (mut down, mut last, mut down_ns) = (0i64, 0u64, 0u64);
    for (at, delta) in changes {
        let at = at.min(now.0);
        if is_down(down) {
            down_ns += at - last;
        }
        last = at;
        down += delta;
    }
    if is_down(down) {
        down_ns += now.0 - last;
    }
    Ok(1.0 - down_ns as f64 / now.0 as f64)
}
