//! The experiment room: many runs of a scenario, summarised with confidence intervals.
//!
//! `compare` runs two variants with common random numbers (replication r of A and of B
//! use the same seed, so their difference is mostly the change, not the dice) and
//! reports the paired difference; `sweep` runs a grid of parameter values. Replications
//! run in parallel on all cores (rayon); every run is an ordinary deterministic
//! `Simulation`, so any single replication can be reproduced with `faultline run --seed`.

pub mod compare;
pub mod fork;
// Metrics are read by dotted path from the report (the path rules live with the format).
use crate::scenario::dotted as path;
pub mod stats;
pub mod sweep;

use crate::engine::{BuildError, CommandError, Simulation};
use crate::report::RunReport;
use crate::scenario::Scenario;
use crate::time::{DurationError, SimDuration, SimTime};
use serde_json::Value;
use std::sync::atomic::{AtomicBool, Ordering};

pub use compare::{Comparison, MetricComparison, compare};
pub use fork::{Fork, fork, fork_compare};
pub use path::{NumberError, PathError};
pub use stats::{Estimate, estimate, estimate_present};
pub use sweep::{Assignment, AssignmentError, MAX_SWEEP_RUNS, SetValue, SweepPoint, sweep};

/// How each replication is run and what is measured.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Independent runs per variant or grid point; replication r uses seed `base_seed + r`.
    pub replications: u32,
    pub base_seed: u64,
    /// Statistics gathered before this virtual time are discarded (initial transient).
    pub warmup: SimDuration,
    /// Dotted paths into the `run --json` object, e.g. `latency_ms.mean`.
    pub metrics: Vec<String>,
    /// The virtual time each run lasts when given apart from the scenario (`--duration`),
    /// applied by [`with_run_length`] after the scenario is validated, exactly as `run
    /// --duration` applies it; `None`: the scenario's own duration (or a sweep point's).
    pub run_length: Option<SimDuration>,
}

impl Plan {
    /// The seed of replication `r`: consecutive seeds, so `faultline run --seed` repeats
    /// any single replication (the engine spreads nearby seeds over its streams). Wraps
    /// past `u64::MAX`; [`Plan::check`] refuses a plan whose seeds would.
    pub fn seed(&self, r: u32) -> u64 {
        self.base_seed.wrapping_add(u64::from(r))
    }

    /// Refuses a plan that cannot be run as written, before anything runs: seeds that would
    /// wrap past `u64::MAX` (replication r must be `faultline run --seed SEED+r`, and a
    /// wrapped seed is not), and a warm-up that is not shorter than the run (`run`: the
    /// virtual time each replication runs, or a fork's horizon).
    pub fn check(&self, run: SimDuration) -> Result<(), ExperimentError> {
        let replications = self.replications.max(1);
        if self.base_seed.checked_add(u64::from(replications - 1)).is_none() {
            return Err(ExperimentError::SeedOverflow { first: self.base_seed, replications });
        }
        if self.warmup >= run && self.warmup > SimDuration::ZERO {
            return Err(ExperimentError::WarmupTooLong { warmup: self.warmup, duration: run });
        }
        Ok(())
    }
}

/// The longest run: the ten-year limit scenarios are validated to.
pub use crate::scenario::limits::MAX_DURATION;

/// Why a length of virtual time to run (`--duration`, `--until`, `--horizon`, the
/// dashboard's run length) is refused on its own.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RunLengthError {
    #[error(transparent)]
    Duration(#[from] DurationError),
    #[error("a run of no time measures nothing; give a length longer than zero")]
    NoTime,
    #[error("{0} is past {MAX_DURATION}, the ten-year limit of a run (scenarios are validated to it too)")]
    PastLimit(SimDuration),
}

/// The one rule for a length of virtual time to run, wherever it is given: a duration
/// longer than zero and at most [`MAX_DURATION`]. Nothing else about the scenario is
/// checked against it: see [`with_run_length`].
pub fn parse_run_length(text: &str) -> Result<SimDuration, RunLengthError> {
    let length: SimDuration = text.parse()?;
    if length == SimDuration::ZERO {
        return Err(RunLengthError::NoTime);
    }
    if length > MAX_DURATION {
        return Err(RunLengthError::PastLimit(length));
    }
    Ok(length)
}

/// `scenario`, already validated, run for `length` instead of its own duration. The
/// length is not validated as the file's `duration` would be (a `sample_every` longer
/// than a short run just takes no sample): `run --duration` and the experiments accept the
/// same lengths.
pub fn with_run_length(mut scenario: Scenario, length: Option<SimDuration>) -> Scenario {
    if let Some(length) = length {
        scenario.duration = length;
    }
    scenario
}

/// Why an experiment could not run.
#[derive(Debug, thiserror::Error)]
pub enum ExperimentError {
    #[error("{0}")]
    Build(#[from] BuildError),
    #[error("metric {0}")]
    Metric(NumberError),
    #[error("--set {0}")]
    Set(PathError),
    /// A grid point (or a change) the scenario refuses: `assignment` is the `PATH=VALUE`
    /// responsible, as written, and `message` what validation says of it.
    #[error("--set {assignment}: {message}")]
    InvalidPoint { assignment: String, message: String },
    /// Two `--set`s of one field (or of a field and a part of it): the later would
    /// silently override the earlier.
    #[error("--set {first} and --set {second} both set {field}; give each field once (all its values in one --set)")]
    RepeatedSet { first: String, second: String, field: String },
    #[error("the warm-up ({warmup}) is not shorter than the run ({duration})")]
    WarmupTooLong { warmup: SimDuration, duration: SimDuration },
    #[error(
        "{replications} replications from seed {first} would need seeds past {max} (the largest seed); choose a first seed of at most {}",
        u64::MAX - u64::from(*replications - 1),
        max = u64::MAX
    )]
    SeedOverflow { first: u64, replications: u32 },
    /// A sweep larger than [`MAX_SWEEP_RUNS`] (`points` is `None` when even the number of
    /// points does not fit in 64 bits).
    #[error(
        "the sweep asks for {} × {replications} replications = {} runs, more than the limit of {MAX_SWEEP_RUNS} (every run is a whole simulation: that is days of computing); split the grid into several sweeps or use fewer values",
        points.map_or_else(|| "more than 2^64 points".to_string(), |p| format!("{p} points")),
        points.and_then(|p| p.checked_mul(u64::from(*replications))).map_or_else(|| "more than 2^64".to_string(), |t| t.to_string())
    )]
    TooManyRuns { points: Option<u64>, replications: u32 },
    #[error("cancelled")]
    Cancelled,
    /// A fork's change was refused (nothing ran).
    #[error("change refused: {0}")]
    Change(#[from] CommandError),
    #[error("the horizon must be longer than zero")]
    NoHorizon,
}

/// Runs one replication and returns its report as JSON (the object metrics point into).
pub fn run_report(scenario: &Scenario, seed: u64, warmup: SimDuration) -> Result<Value, ExperimentError> {
    if warmup >= scenario.duration && warmup > SimDuration::ZERO {
        return Err(ExperimentError::WarmupTooLong { warmup, duration: scenario.duration });
    }
    let mut sim = Simulation::with_seed(scenario, seed)?;
    if warmup > SimDuration::ZERO {
        sim.step_until(SimTime(warmup.0));
        sim.reset_statistics();
    }
    sim.run_to_end();
    Ok(report_json(&sim))
}

/// `sim`'s report as JSON, without the wall-clock fields (they differ between identical
/// runs) or the traced journeys: its numbers (see [`RunReport::numbers`]).
pub fn report_json(sim: &Simulation) -> Value {
    serde_json::to_value(RunReport::numbers(sim)).expect("a run report is plain data and always encodes")
}

/// The number at metric `path` of one replication's report, or `None` where the report
/// has no value there (null: `availability.X.mtbf_s` before X's first failure, as `run
/// --json` prints it). A replication without a value is counted as missing for that
/// metric, never averaged as 0 (see [`stats::estimate_present`]).
pub fn metric_value(report: &Value, path: &str) -> Result<Option<f64>, ExperimentError> {
    match path::get(report, path) {
        Ok(Value::Null) => Ok(None),
        _ => path::get_number(report, path).map(Some).map_err(ExperimentError::Metric),
    }
}

/// One replication's values of the plan's metrics, in the plan's order (`None`: no value
/// in this replication).
pub type Measured = Vec<Option<f64>>;

/// The plan's metrics from one replication.
pub fn measure(scenario: &Scenario, seed: u64, plan: &Plan) -> Result<Measured, ExperimentError> {
    let report = run_report(scenario, seed, plan.warmup)?;
    plan.metrics.iter().map(|m| metric_value(&report, m)).collect()
}

/// Checks every metric path against a report before launching many runs, so a typo
/// fails in a second with a suggestion rather than after the whole experiment.
pub fn check_metrics(scenario: &Scenario, plan: &Plan) -> Result<(), ExperimentError> {
    let mut probe = scenario.clone();
    probe.duration = SimDuration::ZERO;
    let report = run_report(&probe, plan.base_seed, SimDuration::ZERO)?;
    for m in &plan.metrics {
        metric_value(&report, m)?;
    }
    Ok(())
}

/// Cancellation and progress shared with whoever started the experiment (CLI bar, GUI).
#[derive(Default)]
pub struct Control {
    pub cancel: AtomicBool,
    pub done: std::sync::atomic::AtomicU64,
}

impl Control {
    fn checkpoint(&self) -> Result<(), ExperimentError> {
        if self.cancel.load(Ordering::Relaxed) { Err(ExperimentError::Cancelled) } else { Ok(()) }
    }

    fn finished_one(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// Runs finished so far.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }
}
