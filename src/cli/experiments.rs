//! `faultline compare`, `faultline fork` and `faultline sweep`: the experiment room behind
//! a command line, with a progress bar on stderr and table, JSON or CSV on stdout.

use super::export::{Output, REPORT_FORMATS};
use super::{EXIT_INVALID_INPUT, ExperimentArgs, load, print_stdout};
use crate::engine::{Command, Simulation};
use crate::experiment::{self, Assignment, Comparison, Control, ExperimentError, Plan, SweepPoint};
use crate::export::RunDocument;
use crate::export::table::csv_field;
use crate::i18n::{Arg, Lang, lang, say};
use crate::scenario::Scenario;
use crate::scenario::dotted::plain;
use crate::scenario::limits::MAX_DURATION;
use crate::session::Session;
use crate::time::SimDuration;
use crate::time::SimTime;
use serde_json::json;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// Metrics a comparison reports when none are named.
const COMPARE_METRICS: [&str; 4] =
    ["throughput_per_second.mean", "latency_ms.p99", "ledger.dead_lettered", "ledger.lost"];
/// Metrics a sweep reports when none are named.
const SWEEP_METRICS: [&str; 3] = ["latency_ms.mean", "latency_ms.p99", "throughput_per_second.mean"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// The plan of `compare` or `sweep`. `scenario` is the file as validated; `--duration`
/// is kept in the plan and applied to each run after validation, as `run --duration` is.
fn plan(args: &ExperimentArgs, scenario: &Scenario, defaults: &[&str]) -> Plan {
    let metrics =
        if args.metrics.is_empty() { defaults.iter().map(|m| m.to_string()).collect() } else { args.metrics.clone() };
    let run_length = args.duration.unwrap_or(scenario.duration);
    Plan {
        replications: args.replications,
        base_seed: args.seed.unwrap_or(scenario.seed),
        warmup: args.warmup.unwrap_or(SimDuration(run_length.0 / 10)),
        metrics,
        run_length: args.duration,
    }
}

/// Refuses with an experiment's error, in the chosen language (stderr is for people,
/// `--json` or not).
fn fail(e: ExperimentError) -> ExitCode {
    refuse(&e.render(lang()))
}

fn refuse(why: &str) -> ExitCode {
    eprintln!("{}", say(lang(), "cli-error", &[("message", why.into())]));
    ExitCode::from(EXIT_INVALID_INPUT)
}

/// The `--report` of an experiment, as an output to check before it runs.
fn report_output(report: Option<&Path>) -> Vec<Output<'_>> {
    report.map(|path| Output { option: "--report", path, formats: REPORT_FORMATS }).into_iter().collect()
}

/// Runs `job` on a worker thread while this one draws a progress bar of `total` runs.
fn with_progress<T: Send>(
    total: u64,
    quiet: bool,
    job: impl FnOnce(&Control) -> Result<T, ExperimentError> + Send,
) -> Result<T, ExperimentError> {
    let control = Control::default();
    let hidden = quiet || !std::io::stderr().is_terminal();
    std::thread::scope(|scope| {
        let worker = scope.spawn(|| job(&control));
        if !hidden {
            let bar = indicatif::ProgressBar::new(total);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} runs  eta {eta}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            while !worker.is_finished() {
                bar.set_position(control.done());
                std::thread::sleep(Duration::from_millis(100));
            }
            bar.finish_and_clear();
        }
        worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

pub fn compare(a_file: &Path, b_file: &Path, args: &ExperimentArgs, json: bool, report: Option<&Path>) -> ExitCode {
    if let Err(code) = super::export::check_outputs(&[a_file, b_file], &report_output(report)) {
        return code;
    }
    let (a, b) = match (load(a_file), load(b_file)) {
        (Ok(a), Ok(b)) => {
            (experiment::with_run_length(a, args.duration), experiment::with_run_length(b, args.duration))
        }
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let plan = plan(args, &a, &COMPARE_METRICS);
    if let Err(e) = plan.check(a.duration.min(b.duration)).and_then(|()| experiment::check_metrics(&a, &plan)) {
        return fail(e);
    }
    let total = 2 * u64::from(plan.replications);
    let result = with_progress(total, args.quiet, |control| experiment::compare(&a, &b, &plan, control));
    let comparison = match result {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    if let Some(path) = report {
        let written = super::export::expect_format(path, REPORT_FORMATS).and_then(|format| {
            let doc = RunDocument::of_comparison(&a.name, &b.name, &plan, &comparison, None);
            super::export::write(path, &doc.render(format))
        });
        if let Err(code) = written {
            return code;
        }
    }
    let text = if json {
        let value = json!({
            "a": {"file": a_file.display().to_string(), "scenario": a.name},
            "b": {"file": b_file.display().to_string(), "scenario": b.name},
            "replications": plan.replications,
            "seeds": [plan.seed(0), plan.seed(plan.replications - 1)],
            "warmup_s": plan.warmup.as_secs_f64(),
            "metrics": comparison.metrics,
        });
        pretty(&value)
    } else {
        compare_table(&a, &b, &plan, &comparison)
    };
    print_stdout(&text)
}

/// What `faultline fork` was asked (everything but the file and the output format).
pub struct ForkRequest {
    pub at: SimDuration,
    pub sets: Vec<(String, String)>,
    pub horizon: Option<SimDuration>,
    pub replications: u32,
    pub metrics: Vec<String>,
    pub seed: Option<u64>,
    pub warmup: Option<SimDuration>,
    pub quiet: bool,
}

/// What a fork starts from: a scenario, or a session replayed with its live changes.
enum Origin {
    Scenario(Scenario),
    Session(Session),
}

impl Origin {
    fn load(file: &Path) -> Result<Origin, ExitCode> {
        if file.to_string_lossy().ends_with(".session.ron") {
            Session::load(file).map(Origin::Session).map_err(|e| {
                eprintln!("{e}");
                ExitCode::from(EXIT_INVALID_INPUT)
            })
        } else {
            load(file).map(Origin::Scenario)
        }
    }

    /// The run at time zero, before anything happened.
    fn start(&self, file: &Path) -> Result<Simulation, ExitCode> {
        match self {
            Origin::Scenario(scenario) => {
                Simulation::new(scenario).map_err(|e| refuse(&format!("{}: {e}", file.display())))
            }
            Origin::Session(session) => session.start().map_err(|e| refuse(&e.to_string())),
        }
    }

    /// The end of the run at the fork (a session may have moved it with a live change).
    fn end_at(&self, at: SimTime) -> SimTime {
        match self {
            Origin::Scenario(scenario) => SimTime(scenario.duration.0),
            Origin::Session(session) => session.end_at(at),
        }
    }

    /// Whether the scenario at `at` is the one the run starts with (no recorded command
    /// changed it by then), so that changes can be tried before simulating to the fork.
    fn unchanged_until(&self, at: SimTime) -> bool {
        match self {
            Origin::Scenario(_) => true,
            Origin::Session(session) => session.commands.iter().all(|c| c.at > at),
        }
    }

    /// The run at the fork: the scenario run to `at`, or the session replayed to it.
    fn state_at(&self, mut start: Simulation, at: SimTime) -> Result<Simulation, ExitCode> {
        match self {
            Origin::Scenario(_) => {
                start.step_until(at);
                Ok(start)
            }
            Origin::Session(session) => session.replay_until(at).map_err(|e| refuse(&e.to_string())),
        }
    }
}

/// Why a fork is refused before anything is simulated.
#[derive(Debug)]
enum ForkRefusal {
    AfterTheEnd { at: SimDuration, end: SimDuration },
    NoFuture { at: SimDuration },
    PastTheLimit { at: SimDuration, horizon: SimDuration, until: SimDuration },
    Experiment(ExperimentError),
}

impl ForkRefusal {
    /// The refusal in `lang`; the arguments stay as written.
    fn render(&self, lang: Lang) -> String {
        let time = |t: &SimDuration| Arg::from(t.to_string());
        match self {
            ForkRefusal::AfterTheEnd { at, end } => {
                say(lang, "cli-fork-after-the-end", &[("at", time(at)), ("end", time(end))])
            }
            ForkRefusal::NoFuture { at } => say(lang, "cli-fork-no-future", &[("at", time(at))]),
            ForkRefusal::PastTheLimit { at, horizon, until } => say(
                lang,
                "cli-fork-past-the-limit",
                &[("at", time(at)), ("horizon", time(horizon)), ("until", time(until)), ("max", time(&MAX_DURATION))],
            ),
            ForkRefusal::Experiment(e) => e.render(lang),
        }
    }
}

impl From<ExperimentError> for ForkRefusal {
    fn from(e: ExperimentError) -> ForkRefusal {
        ForkRefusal::Experiment(e)
    }
}

/// Everything about a fork that can be refused without simulating anything: `--at`
/// within the run, the horizon, the ten-year limit, seeds and warm-up, one `--set` per
/// field, the metrics, and the changes themselves where the scenario at the fork is known.
/// `start` is the run at time zero. Returns the horizon and the plan.
fn check_fork(origin: &Origin, start: &Simulation, request: &ForkRequest) -> Result<(SimDuration, Plan), ForkRefusal> {
    let at = SimTime(request.at.0);
    let end = origin.end_at(at);
    if at > end {
        return Err(ForkRefusal::AfterTheEnd { at: request.at, end: SimDuration(end.0) });
    }
    let horizon = match request.horizon {
        Some(horizon) => horizon,
        None if at == end => return Err(ForkRefusal::NoFuture { at: request.at }),
        None => end.since(at),
    };
    let until = SimDuration(request.at.0.saturating_add(horizon.0));
    if until > MAX_DURATION {
        return Err(ForkRefusal::PastTheLimit { at: request.at, horizon, until });
    }
    let plan = Plan {
        replications: request.replications,
        base_seed: request.seed.unwrap_or(start.seed()),
        warmup: request.warmup.unwrap_or(SimDuration::ZERO),
        metrics: if request.metrics.is_empty() {
            experiment::fork::default_metrics(start)
        } else {
            request.metrics.clone()
        },
        // A fork's futures run for the horizon.
        run_length: None,
    };
    plan.check(horizon)?;
    let sets: Vec<(String, String)> = request.sets.iter().map(|(p, v)| (format!("{p}={v}"), p.clone())).collect();
    experiment::sweep::check_distinct(start.initial_scenario(), &sets)?;
    let probe = experiment::report_json(start);
    for m in &plan.metrics {
        experiment::metric_value(&probe, m)?;
    }
    if origin.unchanged_until(at) {
        experiment::fork::check_changes(start, &request.sets)?;
    }
    Ok((horizon, plan))
}

pub fn fork(file: &Path, request: &ForkRequest, json: bool, report: Option<&Path>) -> ExitCode {
    if let Err(code) = super::export::check_outputs(&[file], &report_output(report)) {
        return code;
    }
    let at = SimTime(request.at.0);
    let origin = match Origin::load(file) {
        Ok(origin) => origin,
        Err(code) => return code,
    };
    let start = match origin.start(file) {
        Ok(sim) => sim,
        Err(code) => return code,
    };
    let (horizon, plan) = match check_fork(&origin, &start, request) {
        Ok(checked) => checked,
        Err(why) => return refuse(&why.render(lang())),
    };
    let state = match origin.state_at(start, at) {
        Ok(sim) => sim,
        Err(code) => return code,
    };
    // Tried again at the fork: a session's changes before it may make a difference.
    if let Err(e) = experiment::fork::check_changes(&state, &request.sets) {
        return fail(e);
    }
    let changes: Vec<Command> =
        request.sets.iter().map(|(path, value)| Command::Set { path: path.clone(), value: value.clone() }).collect();
    let total = 2 * u64::from(plan.replications);
    let result = with_progress(total, request.quiet, |control| {
        experiment::fork_compare(&state, &changes, horizon, &plan, control)
    });
    let fork = match result {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let set: Vec<String> = request.sets.iter().map(|(p, v)| format!("{p}={v}")).collect();
    if let Some(path) = report {
        let a_name = format!("{} from {at}, unchanged", state.scenario().name);
        let b_name = if set.is_empty() { "the same (no change)".to_string() } else { set.join(", ") };
        let written = super::export::expect_format(path, REPORT_FORMATS).and_then(|format| {
            let overlay = Some((fork.a.history(), fork.b.history()));
            let doc = RunDocument::of_comparison(&a_name, &b_name, &plan, &fork.comparison, overlay);
            super::export::write(path, &doc.render(format))
        });
        if let Err(code) = written {
            return code;
        }
    }
    let text = if json {
        pretty(&json!({
            "scenario": state.scenario().name,
            "at_s": at.as_secs_f64(),
            "horizon_s": horizon.as_secs_f64(),
            "set": set,
            "changes": fork.b.live_changes()[state.live_changes().len()..].iter().map(ToString::to_string).collect::<Vec<_>>(),
            "replications": plan.replications,
            "seeds": (1..plan.replications).map(|r| plan.seed(r)).collect::<Vec<_>>(),
            "warmup_s": plan.warmup.as_secs_f64(),
            "metrics": fork.comparison.metrics,
        }))
    } else {
        let mut out = format!(
            "{} forked at {}: A unchanged, B with {}
{} paired replications over {} (replication 0: the run's own streams; r ≥ 1 reseeded with {} + r), warm-up {}; * = B differs from A at 95%

",
            state.scenario().name,
            at,
            if set.is_empty() { "no change".to_string() } else { set.join(", ") },
            plan.replications,
            horizon,
            plan.base_seed,
            plan.warmup
        );
        out += &metric_rows(&fork.comparison);
        out
    };
    print_stdout(&text)
}

fn compare_table(a: &Scenario, b: &Scenario, plan: &Plan, c: &Comparison) -> String {
    let out = format!(
        "A: {}\nB: {}\n{} paired replications (seeds {}..={}), warm-up {}; * = B differs from A at 95%\n\n",
        a.name,
        b.name,
        plan.replications,
        plan.seed(0),
        plan.seed(plan.replications - 1),
        plan.warmup
    );
    out + &metric_rows(c)
}

/// The comparison table: a header and one row per metric.
fn metric_rows(c: &Comparison) -> String {
    let w = c.metrics.keys().map(|k| k.chars().count()).max().unwrap_or(0).max(34);
    let mut out =
        format!("{:<w$} {:>14} {:>14} {:>14}   {}\n", "metric", "A mean", "B mean", "B − A", "95% CI of B − A");
    for (name, m) in &c.metrics {
        let ci = match (m.diff_ci95_low, m.diff_ci95_high) {
            (Some(low), Some(high)) => format!("[{}, {}]", number(low), number(high)),
            _ => "(one replication: no interval)".to_string(),
        };
        let mark = if m.significant() { " *" } else { "" };
        let missing = missing_note(m.missing, c.replications);
        out += &format!(
            "{:<w$} {:>14} {:>14} {:>14}   {ci}{mark}{missing}\n",
            name,
            number(m.a_mean),
            number(m.b_mean),
            number(m.diff_mean)
        );
    }
    out
}

pub fn sweep(file: &Path, sets: &[Assignment], args: &ExperimentArgs, format: Format) -> ExitCode {
    // The size of the grid needs no file: a mistyped one is refused first.
    let total = match experiment::sweep::runs(sets, args.replications) {
        Ok(total) => total,
        Err(e) => return fail(e),
    };
    let base = match load(file) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let plan = plan(args, &base, &SWEEP_METRICS);
    if let Err(e) = experiment::sweep::check(&base, sets, &plan).and_then(|()| experiment::check_metrics(&base, &plan))
    {
        return fail(e);
    }
    let result = with_progress(total, args.quiet, |control| experiment::sweep(&base, sets, &plan, control));
    let points = match result {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let text = match format {
        Format::Json => pretty(&json!({
            "scenario": base.name,
            "replications": plan.replications,
            "warmup_s": plan.warmup.as_secs_f64(),
            "points": points,
        })),
        Format::Csv => sweep_csv(sets, &plan, &points),
        Format::Table => sweep_table(&base, sets, &plan, &points),
    };
    print_stdout(&text)
}

fn sweep_csv(sets: &[Assignment], plan: &Plan, points: &[SweepPoint]) -> String {
    let mut header: Vec<String> = sets.iter().map(|s| csv_field(&s.path)).collect();
    for m in &plan.metrics {
        header.extend(
            [format!("{m}.mean"), format!("{m}.ci95_low"), format!("{m}.ci95_high"), format!("{m}.missing")]
                .map(|h| csv_field(&h)),
        );
    }
    let mut out = header.join(",") + "\n";
    for p in points {
        let mut row: Vec<String> = sets.iter().map(|s| csv_field(&plain(&p.set[&s.path]))).collect();
        for m in &plan.metrics {
            let e = &p.metrics[m];
            // No replication with a value: no mean (an empty cell, as JSON's null).
            row.push(if e.mean.is_nan() { String::new() } else { e.mean.to_string() });
            row.push(e.ci95_low.map(|v| v.to_string()).unwrap_or_default());
            row.push(e.ci95_high.map(|v| v.to_string()).unwrap_or_default());
            row.push(e.missing.to_string());
        }
        out += &(row.join(",") + "\n");
    }
    out
}

fn sweep_table(base: &Scenario, sets: &[Assignment], plan: &Plan, points: &[SweepPoint]) -> String {
    let mut out = format!(
        "{}: {} points × {} replications (seeds {}..={}), warm-up {}; mean ± 95% CI half-width\n\n",
        base.name,
        points.len(),
        plan.replications,
        plan.seed(0),
        plan.seed(plan.replications - 1),
        plan.warmup
    );
    let mut header: Vec<String> = sets.iter().map(|s| s.path.clone()).collect();
    header.extend(plan.metrics.iter().cloned());
    let rows: Vec<Vec<String>> = points
        .iter()
        .map(|p| {
            let mut row: Vec<String> = sets.iter().map(|s| plain(&p.set[&s.path])).collect();
            row.extend(plan.metrics.iter().map(|m| {
                let e = &p.metrics[m];
                let value = match e.half_width() {
                    Some(h) => format!("{} ± {}", number(e.mean), number(h)),
                    None if e.mean.is_nan() => "no value".to_string(),
                    None => number(e.mean),
                };
                value + &missing_note(e.missing, p.replications)
            }));
            row
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).chain([header[c].chars().count()]).max().unwrap_or(0))
        .collect();
    let line = |cells: &[String]| {
        cells.iter().zip(&widths).map(|(cell, w)| format!("{cell:>w$}")).collect::<Vec<_>>().join("  ") + "\n"
    };
    out += &line(&header);
    for r in &rows {
        out += &line(r);
    }
    out
}

/// " (2 of 10 missing)" after a figure some replications had no value for (null in
/// their report), so a mean of the others is not taken for a mean of all.
fn missing_note(missing: u32, replications: u32) -> String {
    if missing == 0 { String::new() } else { format!(" ({missing} of {replications} missing)") }
}

/// Four significant figures, without exponent noise for ordinary magnitudes.
fn number(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let digits = (3 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
    format!("{x:.digits$}")
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).expect("JSON values always encode") + "\n"
}
