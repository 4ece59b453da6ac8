//! Forking a running simulation into two futures — A goes on unchanged, B with the user's
//! changes — from the same state and with the same random streams, and comparing them
//! over replications with common random numbers.
//!
//! A fork is a clone: every queue, job, pending event and random stream is copied, so A
//! and B draw exactly the same numbers except where B's change makes a component draw
//! differently (a changed service's latencies, say; the producers' arrivals stay the
//! same draw for draw). One pair of futures shows what the change did this time; for a
//! confidence interval the pair is replicated: replication r ≥ 1 reseeds the state with
//! `plan.seed(r)` (every stream re-derived from that seed and its name, the state kept)
//! before forking, so each replication is an independent future of the same state, and
//! A and B within it still share their streams (Law, *Simulation Modeling and
//! Analysis*, §11.2). Replication 0 keeps the original streams: its A is literally the
//! future the unforked run would have had.

use super::compare::{Comparison, summarise};
use super::{Control, ExperimentError, Measured, Plan, PointRefusal, report_json, sweep};
use crate::engine::{Command, CommandError, Simulation};
use crate::scenario::change::{self, Change, ChangeError};
use crate::scenario::validate;
use crate::time::{SimDuration, SimTime};
use rayon::prelude::*;

/// The result of [`fork_compare`].
#[derive(Clone, Debug)]
pub struct Fork {
    /// Per metric: A's and B's means over the replications, the mean paired difference
    /// B − A and its 95 % confidence interval.
    pub comparison: Comparison,
    /// Replication 0 (the original streams) at the horizon: `a` is the future the unforked
    /// run would have had, `b` the same with the changes. Their histories hold the shared
    /// past and the two futures, for plotting overlaid; their statistics (reports,
    /// status) count from the fork (or its warm-up).
    pub a: Simulation,
    pub b: Simulation,
}

/// Two futures of `state` now: A a clone, B a clone with `changes` applied at the
/// current virtual time. Same streams, same pending events: run them side by side (the
/// GUI's live A/B view). A refused change comes back as the error; nothing else is made.
pub fn fork(state: &Simulation, changes: &[Command]) -> Result<(Simulation, Simulation), CommandError> {
    let a = state.clone();
    let mut b = state.clone();
    for change in changes {
        b.apply(change.clone())?;
    }
    Ok((a, b))
}

/// Tries `changes` (`PATH=VALUE`, as `faultline fork --set` takes them) on a copy of
/// `state`, in order, as B gets them, and refuses the first one the scenario or the engine
/// refuses, named by its argument: `--set consumers.payments.concurrency=0: must be at
/// least 1`. Nothing runs; callers try the changes before simulating to the fork (on the
/// state at time zero) and again at the fork.
pub fn check_changes(state: &Simulation, changes: &[(String, String)]) -> Result<(), ExperimentError> {
    let mut b = state.clone();
    for (path, value) in changes {
        let written = format!("{path}={value}");
        let refused = |reason: PointRefusal| ExperimentError::InvalidPoint {
            assignment: written.clone(),
            reason: Box::new(reason),
        };
        let change: Change = written.parse().map_err(|e: ChangeError| refused(PointRefusal::Change(e)))?;
        let changed =
            change::apply(b.scenario(), std::slice::from_ref(&change)).map_err(|e| refused(PointRefusal::Change(e)))?;
        let problems = validate::validate(&changed);
        if !problems.is_empty() {
            // Only the change's own problems (as the engine judges a change).
            let before = validate::validate(b.scenario());
            let list: Vec<_> = problems.list.into_iter().filter(|p| !before.list.contains(p)).collect();
            if !list.is_empty() {
                let tree = serde_json::to_value(b.scenario()).expect("a scenario is plain data and always encodes");
                let field = sweep::field_path(&tree, path).map_err(|e| refused(PointRefusal::Path(e)))?;
                let problems = validate::Problems { list, unrecorded: problems.unrecorded };
                return Err(sweep::invalid_change(&[(written, field)], &problems));
            }
        }
        b.apply(Command::Set { path: path.clone(), value: value.clone() })
            .map_err(|e| refused(PointRefusal::Command(e)))?;
    }
    Ok(())
}

/// The comparison metrics when a plan names none: throughput, p99 latency, dead letters,
/// lost messages, and each group's service-level availability (the share of sample
/// intervals that met its objectives).
pub fn default_metrics(state: &Simulation) -> Vec<String> {
    let mut metrics: Vec<String> =
        ["throughput_per_second.mean", "latency_ms.p99", "ledger.dead_lettered", "ledger.lost"]
            .into_iter()
            .map(str::to_string)
            .collect();
    metrics.extend(state.groups().iter().map(|g| format!("groups.{}.service_level.availability", g.name())));
    metrics
}

/// Forks `state` into A (unchanged) and B (`changes` applied now) and runs both for
/// `horizon`, `plan.replications` times (at least once), in parallel.
///
/// - Replication 0 keeps the original streams; replication r ≥ 1 first reseeds the state
///   with `plan.seed(r)`; A and B of one replication share their streams.
/// - Statistics restart at the fork, or at `plan.warmup` after it when that is not zero,
///   so the metrics describe the future only (the ledger counts from time zero: the
///   shared past adds the same to A and B, and the difference is the future's).
/// - `plan.metrics` are dotted paths into the `run --json` object; empty means
///   [`default_metrics`]. They are checked against the state's report before anything
///   runs, and the changes are tried once, so a typo or a refused change fails at once.
/// - `control` cancels between runs and counts finished runs (two per replication).
pub fn fork_compare(
    state: &Simulation,
    changes: &[Command],
    horizon: SimDuration,
    plan: &Plan,
    control: &Control,
) -> Result<Fork, ExperimentError> {
    if horizon == SimDuration::ZERO {
        return Err(ExperimentError::NoHorizon);
    }
    plan.check(horizon)?;
    let metrics = if plan.metrics.is_empty() { default_metrics(state) } else { plan.metrics.clone() };
    let probe = report_json(state);
    for m in &metrics {
        super::metric_value(&probe, m)?;
    }
    fork(state, changes)?;

    let fork_at = state.now();
    let until = fork_at + horizon;
    let run = |sim: &mut Simulation| -> Result<Measured, ExperimentError> {
        if plan.warmup > SimDuration::ZERO {
            sim.step_until(fork_at + plan.warmup);
        }
        sim.reset_statistics();
        sim.step_until(until);
        control.finished_one();
        let report = report_json(sim);
        metrics.iter().map(|m| super::metric_value(&report, m)).collect()
    };
    type Replication = (Measured, Measured, Option<(Simulation, Simulation)>);
    let replications: Vec<Replication> = (0..plan.replications.max(1))
        .into_par_iter()
        .map(|r| {
            control.checkpoint()?;
            let mut origin = state.clone();
            if r > 0 {
                origin.reseed(plan.seed(r))?;
            }
            let (mut a, mut b) = fork(&origin, changes)?;
            drop(origin);
            let a_values = run(&mut a)?;
            control.checkpoint()?;
            let b_values = run(&mut b)?;
            Ok((a_values, b_values, (r == 0).then_some((a, b))))
        })
        .collect::<Result<_, ExperimentError>>()?;

    let mut first = None;
    let mut pairs = Vec::with_capacity(replications.len());
    for (a_values, b_values, sims) in replications {
        first = first.or(sims);
        pairs.push((a_values, b_values));
    }
    let (a, b) = first.ok_or(ExperimentError::Cancelled)?;
    debug_assert_eq!((a.now(), b.now()), (SimTime(until.0), SimTime(until.0)));
    Ok(Fork { comparison: summarise(&metrics, &pairs), a, b })
}
