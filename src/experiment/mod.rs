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

use crate::engine::command::ChangeProblem;
use crate::engine::{BuildError, CommandError, Simulation};
use crate::i18n::{Arg, Lang, say};
use crate::report::RunReport;
use crate::scenario::Scenario;
use crate::scenario::change::ChangeError;
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
#[derive(Clone, Debug, PartialEq)]
pub enum RunLengthError {
    Duration(DurationError),
    NoTime,
    PastLimit(SimDuration),
}

impl RunLengthError {
    /// The refusal in `lang`; the length as written stays.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            RunLengthError::Duration(e) => translated(lang, &e.to_string()),
            RunLengthError::NoTime => say(lang, "experiment-run-length-no-time", &[]),
            RunLengthError::PastLimit(length) => say(
                lang,
                "experiment-run-length-past-limit",
                &[("length", length.to_string().into()), ("max", MAX_DURATION.to_string().into())],
            ),
        }
    }
}

crate::i18n::english_display!(RunLengthError);

impl std::error::Error for RunLengthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RunLengthError::Duration(e) => e.source(),
            _ => None,
        }
    }
}

impl From<DurationError> for RunLengthError {
    fn from(e: DurationError) -> RunLengthError {
        RunLengthError::Duration(e)
    }
}

/// English words from elsewhere (a validator's, serde's, ron's, a duration's) in `lang`:
/// as written in English, translated where a `scenario-msg-*` template recognises them.
fn translated(lang: Lang, text: &str) -> String {
    if lang == Lang::En { text.to_string() } else { crate::scenario::translate_message(lang, text) }
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
#[derive(Debug)]
pub enum ExperimentError {
    Build(BuildError),
    Metric(NumberError),
    Set(PathError),
    /// A grid point (or a change) the scenario refuses: `assignment` is the `PATH=VALUE`
    /// responsible, as written, and `reason` why (boxed: a whole refusal, carried by every
    /// `Result` of the experiments).
    InvalidPoint {
        assignment: String,
        reason: Box<PointRefusal>,
    },
    /// Two `--set`s of one field (or of a field and a part of it): the later would
    /// silently override the earlier.
    RepeatedSet {
        first: String,
        second: String,
        field: String,
    },
    WarmupTooLong {
        warmup: SimDuration,
        duration: SimDuration,
    },
    SeedOverflow {
        first: u64,
        replications: u32,
    },
    /// A sweep larger than [`MAX_SWEEP_RUNS`] (`points` is `None` when even the number of
    /// points does not fit in 64 bits).
    TooManyRuns {
        points: Option<u64>,
        replications: u32,
    },
    Cancelled,
    /// A fork's change was refused (nothing ran).
    Change(CommandError),
    NoHorizon,
}

/// Why a `--set` value (a grid point's, a fork's change) is refused, kept as a value and
/// worded where it is read.
#[derive(Clone, Debug, PartialEq)]
pub enum PointRefusal {
    /// Validation's problems with the changed scenario, each at its path inside the
    /// argument's field (or its whole path, in no changed field): the first few quoted,
    /// and how many more there are.
    Problems { problems: Vec<ChangeProblem>, more: usize },
    /// The path leads nowhere (the argument names the path already).
    Path(PathError),
    /// The change as written cannot be applied.
    Change(ChangeError),
    /// serde's or ron's words for a value of the wrong type.
    Message(String),
    /// The engine refuses the change.
    Command(CommandError),
}

impl PointRefusal {
    /// The reason in `lang`, without the argument it is about.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            PointRefusal::Problems { problems, more } => {
                let list: Vec<String> = problems.iter().map(|p| p.render(lang)).collect();
                let list = list.join(&say(lang, "command-problem-separator", &[]));
                if *more == 0 {
                    list
                } else {
                    say(
                        lang,
                        "experiment-more-problems",
                        &[("problems", list.into()), ("more", more.to_string().into())],
                    )
                }
            }
            PointRefusal::Path(e) | PointRefusal::Change(ChangeError::Path(e)) => e.reason_in(lang),
            PointRefusal::Change(ChangeError::Value { message, .. }) | PointRefusal::Message(message) => {
                translated(lang, message)
            }
            PointRefusal::Change(e) => e.render(lang),
            PointRefusal::Command(e) => e.render(lang),
        }
    }
}

impl ExperimentError {
    /// The refusal in `lang`; arguments, paths, names and values stay as written.
    pub fn render(&self, lang: Lang) -> String {
        let text = |v: &str| Arg::from(v.to_string());
        match self {
            ExperimentError::Build(BuildError::UnknownReference { field, kind, name }) => {
                // A located problem's frame around a validator's words ("unknown topic `x`").
                let problem = translated(lang, &format!("unknown {kind} `{name}`"));
                say(lang, "command-problem-at", &[("path", text(field)), ("problem", problem.into())])
            }
            ExperimentError::Build(e) => translated(lang, &e.to_string()),
            ExperimentError::Metric(e) => say(lang, "experiment-metric", &[("error", e.render(lang).into())]),
            ExperimentError::Set(e) => say(lang, "experiment-set", &[("error", e.render(lang).into())]),
            ExperimentError::InvalidPoint { assignment, reason } => say(
                lang,
                "experiment-invalid-point",
                &[("assignment", text(assignment)), ("reason", reason.render(lang).into())],
            ),
            ExperimentError::RepeatedSet { first, second, field } => say(
                lang,
                "experiment-repeated-set",
                &[("first", text(first)), ("second", text(second)), ("field", text(field))],
            ),
            ExperimentError::WarmupTooLong { warmup, duration } => say(
                lang,
                "experiment-warmup-too-long",
                &[("warmup", warmup.to_string().into()), ("duration", duration.to_string().into())],
            ),
            // Numbers as text: Fluent's numbers are `f64`, and a seed needs all 64 bits.
            ExperimentError::SeedOverflow { first, replications } => say(
                lang,
                "experiment-seed-overflow",
                &[
                    ("replications", replications.to_string().into()),
                    ("first", first.to_string().into()),
                    ("max", u64::MAX.to_string().into()),
                    ("most", (u64::MAX - u64::from(replications.saturating_sub(1))).to_string().into()),
                ],
            ),
            ExperimentError::TooManyRuns { points, replications } => {
                let points_text = match points {
                    Some(p) => say(lang, "experiment-points", &[("count", p.to_string().into())]),
                    None => say(lang, "experiment-points-past-64-bits", &[]),
                };
                let runs = match points.and_then(|p| p.checked_mul(u64::from(*replications))) {
                    Some(total) => total.to_string(),
                    None => say(lang, "experiment-runs-past-64-bits", &[]),
                };
                say(
                    lang,
                    "experiment-too-many-runs",
                    &[
                        ("points", points_text.into()),
                        ("replications", replications.to_string().into()),
                        ("runs", runs.into()),
                        ("limit", MAX_SWEEP_RUNS.to_string().into()),
                    ],
                )
            }
            ExperimentError::Cancelled => say(lang, "experiment-cancelled", &[]),
            ExperimentError::Change(e) => say(lang, "experiment-change-refused", &[("error", e.render(lang).into())]),
            ExperimentError::NoHorizon => say(lang, "experiment-no-horizon", &[]),
        }
    }
}

crate::i18n::english_display!(ExperimentError);

impl std::error::Error for ExperimentError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExperimentError::Build(e) => Some(e),
            ExperimentError::Metric(e) => Some(e),
            ExperimentError::Set(e) => Some(e),
            ExperimentError::Change(e) => Some(e),
            _ => None,
        }
    }
}

impl From<BuildError> for ExperimentError {
    fn from(e: BuildError) -> ExperimentError {
        ExperimentError::Build(e)
    }
}

impl From<CommandError> for ExperimentError {
    fn from(e: CommandError) -> ExperimentError {
        ExperimentError::Change(e)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::change::ChangeError;

    fn path_error() -> PathError {
        PathError {
            path: "consumers.paymnts.concurrency".into(),
            segment: "paymnts".into(),
            available: vec!["payments".into()],
            suggestion: Some("payments".into()),
        }
    }

    /// Each refusal of an experiment in English exactly as it read before it was a value
    /// to render, and in Chinese with the arguments, paths and values kept as written.
    #[test]
    fn experiment_errors_read_in_both_languages() {
        let problem =
            |path: &str, message: &str| ChangeProblem { path: path.into(), message: message.into(), help: None };
        let cases: Vec<(ExperimentError, &str, &str)> = vec![
            (
                ExperimentError::Build(BuildError::UnknownReference {
                    field: "producers[checkout].topic".into(),
                    kind: "topic",
                    name: "order".into(),
                }),
                "producers[checkout].topic: unknown topic `order`",
                "producers[checkout].topic：未知的主题 `order`",
            ),
            (
                ExperimentError::Metric(NumberError::Missing(PathError {
                    path: "latency_ms.p98".into(),
                    segment: "p98".into(),
                    available: vec!["mean".into(), "p99".into()],
                    suggestion: Some("p99".into()),
                })),
                "metric `latency_ms.p98`: no `p98` here; did you mean `p99`? (there is: mean, p99)",
                "指标 `latency_ms.p98`：这里没有 `p98`；是不是想写 `p99`？（这里有：mean, p99）",
            ),
            (
                ExperimentError::Set(path_error()),
                "--set `consumers.paymnts.concurrency`: no `paymnts` here; did you mean `payments`? (there is: payments)",
                "--set `consumers.paymnts.concurrency`：这里没有 `paymnts`；是不是想写 `payments`？（这里有：payments）",
            ),
            (
                ExperimentError::InvalidPoint {
                    assignment: "consumers.payments.concurrency=0".into(),
                    reason: Box::new(PointRefusal::Problems {
                        problems: vec![problem("", "must be at least 1")],
                        more: 0,
                    }),
                },
                "--set consumers.payments.concurrency=0: must be at least 1",
                "--set consumers.payments.concurrency=0：至少应为 1",
            ),
            (
                ExperimentError::InvalidPoint {
                    assignment: "consumers.payments.retry=null".into(),
                    reason: Box::new(PointRefusal::Problems {
                        problems: vec![
                            problem("max_attempts", "must be at least 1"),
                            problem("consumers[billing].concurrency", "must be at least 1"),
                            problem("", "must be at least 1"),
                        ],
                        more: 2,
                    }),
                },
                "--set consumers.payments.retry=null: max_attempts: must be at least 1; consumers[billing].concurrency: must be at least 1; must be at least 1; and 2 more problems",
                "--set consumers.payments.retry=null：max_attempts：至少应为 1；consumers[billing].concurrency：至少应为 1；至少应为 1；另有 2 个问题",
            ),
            (
                ExperimentError::InvalidPoint {
                    assignment: "consumers.paymnts.concurrency=4".into(),
                    reason: Box::new(PointRefusal::Path(path_error())),
                },
                "--set consumers.paymnts.concurrency=4: no `paymnts` here; did you mean `payments`? (there is: payments)",
                "--set consumers.paymnts.concurrency=4：这里没有 `paymnts`；是不是想写 `payments`？（这里有：payments）",
            ),
            (
                ExperimentError::InvalidPoint {
                    assignment: "consumers.payments.concurrency=four".into(),
                    reason: Box::new(PointRefusal::Message("invalid type: string \"four\", expected u32".into())),
                },
                "--set consumers.payments.concurrency=four: invalid type: string \"four\", expected u32",
                "--set consumers.payments.concurrency=four：类型不对：字符串 \"four\"，应为非负整数（u32）",
            ),
            (
                ExperimentError::InvalidPoint {
                    assignment: "expect.0.metric=x".into(),
                    reason: Box::new(PointRefusal::Change(ChangeError::Teaching("expect.0.metric=x".into()))),
                },
                "--set expect.0.metric=x: `expect.0.metric=x`: a change is to the simulated system (and the lesson's actions); `expect` and the rest of `lesson` are not changed this way",
                "--set expect.0.metric=x：`expect.0.metric=x`：更改针对的是被模拟的系统（以及课程的动作）；`expect` 和 `lesson` 的其余部分不能这样修改",
            ),
            (
                ExperimentError::InvalidPoint {
                    assignment: "consumers.payments.concurrency=0".into(),
                    reason: Box::new(PointRefusal::Command(CommandError::InstancesOutOfRange { instances: 0 })),
                },
                "--set consumers.payments.concurrency=0: invalid value: instances must lie in 1..=10000, got 0",
                "--set consumers.payments.concurrency=0：无效的值：实例数必须在 1..=10000 之间，实际为 0",
            ),
            (
                ExperimentError::RepeatedSet {
                    first: "consumers.payments.concurrency=4".into(),
                    second: "consumers.0.concurrency=8".into(),
                    field: "consumers[payments].concurrency".into(),
                },
                "--set consumers.payments.concurrency=4 and --set consumers.0.concurrency=8 both set consumers[payments].concurrency; give each field once (all its values in one --set)",
                "--set consumers.payments.concurrency=4 和 --set consumers.0.concurrency=8 都设置了 consumers[payments].concurrency；每个字段只能给一次（把它的所有取值写在一个 --set 里）",
            ),
            (
                ExperimentError::WarmupTooLong {
                    warmup: SimDuration(60_000_000_000),
                    duration: SimDuration(30_000_000_000),
                },
                "the warm-up (1m) is not shorter than the run (30s)",
                "预热（1m）没有比运行时长（30s）短",
            ),
            // 2^64 - 1 - 9 = 18446744073709551606: all 64 bits, not Fluent's f64.
            (
                ExperimentError::SeedOverflow { first: u64::MAX, replications: 10 },
                "10 replications from seed 18446744073709551615 would need seeds past 18446744073709551615 (the largest seed); choose a first seed of at most 18446744073709551606",
                "从种子 18446744073709551615 开始的 10 次重复需要超过 18446744073709551615（最大的种子）的种子；请选择不大于 18446744073709551606 的起始种子",
            ),
            (
                ExperimentError::TooManyRuns { points: Some(10_000), replications: 11 },
                "the sweep asks for 10000 points × 11 replications = 110000 runs, more than the limit of 100000 (every run is a whole simulation: that is days of computing); split the grid into several sweeps or use fewer values",
                "这次扫描需要 10000 个网格点 × 11 次重复 = 110000 次运行，超过了上限 100000（每次运行都是一次完整的模拟，这需要算上好几天）；请把网格拆成几次扫描，或者少用一些取值",
            ),
            (
                ExperimentError::TooManyRuns { points: None, replications: 1 },
                "the sweep asks for more than 2^64 points × 1 replications = more than 2^64 runs, more than the limit of 100000 (every run is a whole simulation: that is days of computing); split the grid into several sweeps or use fewer values",
                "这次扫描需要 超过 2^64 个网格点 × 1 次重复 = 超过 2^64 次运行，超过了上限 100000（每次运行都是一次完整的模拟，这需要算上好几天）；请把网格拆成几次扫描，或者少用一些取值",
            ),
            (ExperimentError::Cancelled, "cancelled", "已取消"),
            (
                ExperimentError::Change(CommandError::NoBreaker { caller: "billing".into() }),
                "change refused: `billing` has no circuit breaker",
                "更改被拒绝：`billing` 没有熔断器",
            ),
            (ExperimentError::NoHorizon, "the horizon must be longer than zero", "分叉后运行的时长必须大于零"),
        ];
        for (error, english, chinese) in cases {
            assert_eq!(error.to_string(), english);
            assert_eq!(error.render(Lang::ZhCn), chinese);
        }
    }

    /// A length refused on its own, and a `--set` as written refused, in both languages.
    #[test]
    fn run_lengths_and_assignments_read_in_both_languages() {
        let run_lengths: Vec<(RunLengthError, &str, &str)> = vec![
            (
                RunLengthError::Duration(DurationError::Negative("-1s".into())),
                "invalid duration `-1s`: durations cannot be negative",
                "无效的时长 `-1s`：时长不能为负",
            ),
            (
                RunLengthError::NoTime,
                "a run of no time measures nothing; give a length longer than zero",
                "零时长的运行什么也测不到；请给出大于零的时长",
            ),
            (
                RunLengthError::PastLimit(SimDuration(MAX_DURATION.0 + 86_400_000_000_000)),
                "3651d is past 3650d, the ten-year limit of a run (scenarios are validated to it too)",
                "3651d 超过了 3650d，即一次运行十年的上限（场景也按这个上限验证）",
            ),
        ];
        for (error, english, chinese) in run_lengths {
            assert_eq!(error.to_string(), english);
            assert_eq!(error.render(Lang::ZhCn), chinese);
        }
        let assignments: Vec<(&str, &str, &str)> = vec![
            (
                "concurrency",
                "`concurrency`: expected PATH=V1,V2,... (e.g. consumers.payments.concurrency=4,8)",
                "`concurrency`：应写成 PATH=V1,V2,...（例如 consumers.payments.concurrency=4,8）",
            ),
            (
                "a..b=1",
                "`a..b=1`: the path must be dotted names, e.g. producers.checkout.rate.per_second",
                "`a..b=1`：路径必须是以点分隔的名称，例如 producers.checkout.rate.per_second",
            ),
            ("a.b=", "`a.b=`: no values after `=`", "`a.b=`：`=` 之后没有取值"),
            ("a.b=(1", "`a.b=(1`: the `(` at column 5 is never closed", "`a.b=(1`：第 5 列的 `(` 没有闭合"),
            ("a.b=1)", "`a.b=1)`: the `)` at column 6 closes nothing", "`a.b=1)`：第 6 列的 `)` 没有可闭合的括号"),
            (
                "a.b=(1]",
                "`a.b=(1]`: the `]` at column 7 does not close the `(` at column 5",
                "`a.b=(1]`：第 7 列的 `]` 与第 5 列的 `(` 不匹配",
            ),
            (
                "a.b=\"x",
                "`a.b=\"x`: the string opened at column 5 is never closed (a `\"` is missing)",
                "`a.b=\"x`：第 5 列开始的字符串没有结束（缺少一个 `\"`）",
            ),
        ];
        for (written, english, chinese) in assignments {
            let error = written.parse::<Assignment>().expect_err(written);
            assert_eq!(error.to_string(), english);
            assert_eq!(error.render(Lang::ZhCn), chinese);
        }
    }

    /// A metric path to something other than a number, in both languages.
    #[test]
    fn a_metric_that_is_no_number_reads_in_both_languages() {
        let report = serde_json::json!({"ledger": {"produced": 10, "lost": 0}, "scenario": "s", "mtbf_s": null});
        let cases = [
            (
                "ledger",
                "metric `ledger` names an object, not a number; the numbers under it: ledger.lost, ledger.produced",
                "指标 `ledger` 指的是一个对象，不是一个数；其下的数有：ledger.lost, ledger.produced",
            ),
            (
                "scenario",
                "metric `scenario` names a string (\"s\"), not a number",
                "指标 `scenario` 指的是一个字符串（\"s\"），不是一个数",
            ),
        ];
        for (metric, english, chinese) in cases {
            let error = metric_value(&report, metric).expect_err(metric);
            assert_eq!(error.to_string(), english);
            assert_eq!(error.render(Lang::ZhCn), chinese);
        }
    }
}
