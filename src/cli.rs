//! The command line: clap parses raw arguments into a validated request, then it runs.
//!
//! Exit codes: 0 success, 1 invalid input (a scenario error, or arguments the files or
//! each other refuse), 2 usage error (clap's own, including values refused on their own:
//! a length of time of zero or past the ten-year limit), 3 expectations failed (a
//! scenario's `expect`, or a question's with `--try`).
//!
//! Every argument is checked before any work: lengths of time, seeds, repeated `--set`s,
//! `fork --at` against the run, and every output file (format, not an input, not another
//! output, writable) — a long run never ends in a refusal it could have started with.

use crate::curriculum::{self, LessonRun};
use crate::engine::Simulation;
use crate::experiment::{self, Assignment, AssignmentError, RunLengthError};
use crate::i18n::{lang, lessons, tr, tr_args};
use crate::report::RunReport;
use crate::scenario::Scenario;
use crate::scenario::limits::MAX_DURATION;
use crate::session::Session;
use crate::time::{DurationError, SimDuration, SimTime, Speed};
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// faultline: a desktop lab for fault tolerance in event-driven systems.
///
/// Without a command it opens the dashboard (on FILE, or on the built-in tour of failures), already playing.
#[derive(Debug, Parser)]
#[command(name = "faultline", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Scenario or saved session to open in the dashboard.
    pub file: Option<PathBuf>,
    /// Dashboard playback speed to start at: virtual seconds per wall second (0.1 to
    /// 1000), or "max" for as fast as the engine goes.
    #[arg(long, value_parser = parse_speed)]
    pub speed: Option<Speed>,
    /// Language of the dashboard and of the human output: en or zh-CN (default: the
    /// dashboard's last choice, else FAULTLINE_LANG, LC_ALL, LC_MESSAGES, LANG, the system
    /// locale). JSON and CSV output is never translated.
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<crate::i18n::Lang>,
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Run a scenario headless, as fast as possible, and print a summary.
    Run {
        file: PathBuf,
        /// Seed for the random streams (default: the scenario's own).
        #[arg(long)]
        seed: Option<u64>,
        /// Virtual time to run, e.g. "90s" or "2h" (default: the scenario's duration; longer
        /// than zero, at most ten years).
        #[arg(long, value_parser = parse_run_length)]
        duration: Option<SimDuration>,
        /// Print one JSON object on stdout instead of the human summary.
        #[arg(long)]
        json: bool,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
        /// Run the lesson's question N (from 1) instead: its changes applied from the
        /// start, checked against its own expectations; or `solution`: the challenge's
        /// reference solution, checked against the scenario's expectations.
        #[arg(long = "try", value_name = "N|solution", value_parser = parse_try)]
        try_question: Option<TryWhat>,
        /// PATH=VALUE applied from the start (repeatable), as an attempt at the scenario's
        /// challenge: a change the challenge does not allow is reported, and the attempt
        /// does not count (exit code 3) even if every expectation is met.
        #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_change, conflicts_with = "try_question")]
        sets: Vec<(String, String)>,
        #[command(flatten)]
        export: ExportArgs,
    },
    /// Parse and validate a scenario; print a one-line summary or the located errors.
    Check { file: PathBuf },
    /// Write a lesson's printable handout (HTML or Markdown): the story, the numbers to
    /// redo by hand, what to watch, the questions, the checklist and the charts of a
    /// reference run. In the language of --lang.
    Handout {
        /// A lesson file, or a shipped lesson's id (e.g. circuit-breaker) or number (e.g. 4).
        lesson: String,
        /// Where to write it: FILE.html or FILE.md.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Add an answer key at the end (a lecturer's copy).
        #[arg(long)]
        with_answers: bool,
    },
    /// Run a scenario headless with tracing and print message journeys hop by hop: publish,
    /// attempts, calls and answers, retries, emits (children under their parent), the end.
    Trace {
        file: PathBuf,
        /// Share of root events traced (default: the file's `tracing`, else 0.01).
        #[arg(long)]
        sample: Option<f64>,
        /// Trace this root event only, by id (repeatable).
        #[arg(long = "id", value_name = "ROOT")]
        ids: Vec<u64>,
        /// Journeys to print (default 5).
        #[arg(long, default_value_t = 5)]
        show: usize,
        /// Seed for the random streams (default: the scenario's own).
        #[arg(long)]
        seed: Option<u64>,
        /// Virtual time to run (default: the scenario's duration).
        #[arg(long, value_parser = parse_run_length)]
        duration: Option<SimDuration>,
        /// Print the journeys as JSON (`run --json`'s `traces`).
        #[arg(long)]
        json: bool,
        /// Write the output to this file instead of printing it (with `--json`, the file
        /// the dashboard's "Save JSON…" writes for `--id ROOT`).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Replay a saved session (scenario + seed + live changes) exactly, headless, and
    /// print the same summary as `run`.
    Replay {
        session: PathBuf,
        /// Stop at this virtual time (default: the scenario's duration; later than zero, at
        /// most ten years).
        #[arg(long, value_parser = parse_run_length)]
        until: Option<SimDuration>,
        /// Print one JSON object on stdout instead of the human summary.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        export: ExportArgs,
    },
    /// Compare two scenarios over paired replications (common random numbers): per
    /// metric, each mean and the difference B − A with its 95% confidence interval.
    Compare {
        a: PathBuf,
        b: PathBuf,
        #[command(flatten)]
        experiment: ExperimentArgs,
        /// Print one JSON object on stdout.
        #[arg(long)]
        json: bool,
        /// Also write a self-contained report of the comparison (.html or .md).
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// Fork a run at a moment into A (unchanged) and B (with --set changes) and compare
    /// their futures over paired replications with common random numbers: per metric,
    /// each mean and the difference B − A with its 95% confidence interval.
    Fork {
        /// A scenario, or a saved session (a file ending in `.session.ron`, replayed with
        /// its live changes up to the fork).
        file: PathBuf,
        /// When to fork, e.g. "5m" (at most the end of the run).
        #[arg(long, value_parser = parse_moment)]
        at: SimDuration,
        /// PATH=VALUE applied to B at the fork, as `sweep --set` names a field, with one
        /// value (JSON where it is one, e.g. {"Exponential":"30s"}) (repeatable).
        #[arg(long = "set", value_parser = parse_change)]
        sets: Vec<(String, String)>,
        /// How long A and B run after the fork (default: to the scenario's end).
        #[arg(long, value_parser = parse_run_length)]
        horizon: Option<SimDuration>,
        /// Paired replications; replication 0 keeps the run's random streams, replication r
        /// reseeds both A and B with SEED + r.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        replications: u32,
        /// A dotted path into the `run --json` object (repeatable; default: throughput,
        /// p99 latency, dead letters, lost and each group's service-level availability).
        #[arg(long = "metric")]
        metrics: Vec<String>,
        /// SEED of the reseeded replications (default: the run's seed).
        #[arg(long)]
        seed: Option<u64>,
        /// Statistics of this first part of the horizon are discarded (default "0s": the
        /// effect of the change from its first moment).
        #[arg(long, value_parser = parse_moment)]
        warmup: Option<SimDuration>,
        /// Print one JSON object on stdout.
        #[arg(long)]
        json: bool,
        /// Also write a self-contained report (.html or .md): the table and A and B
        /// overlaid (replication 0).
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
    },
    /// Run a grid of parameter values (--set PATH=V1,V2,...; several --set multiply) with
    /// replications; per point, the mean and 95% confidence interval of each metric.
    Sweep {
        file: PathBuf,
        /// PATH=V1,V2,... where PATH names a scenario field by dots and list entries by
        /// name, e.g. producers.checkout.rate.per_second=400,800 or consumers.payments.concurrency=4,8;
        /// values are JSON, bare words or RON, split at commas outside brackets and strings
        /// (handler.work=Uniform(min: "1ms", max: "3ms"),Exponential("2ms") is two values)
        #[arg(long = "set", required = true, value_parser = parse_assignment)]
        sets: Vec<Assignment>,
        #[command(flatten)]
        experiment: ExperimentArgs,
        /// Print one JSON object on stdout.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print CSV on stdout: one row per point.
        #[arg(long)]
        csv: bool,
    },
}

/// Options shared by the experiment commands.
#[derive(Debug, clap::Args)]
pub struct ExperimentArgs {
    /// Independent replications per variant or point (replication r uses seed SEED + r).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    replications: u32,
    /// A dotted path into the `run --json` object, e.g. latency_ms.p99 (repeatable).
    #[arg(long = "metric")]
    metrics: Vec<String>,
    /// Seed of the first replication (default: the scenario's own; for compare, A's).
    #[arg(long)]
    seed: Option<u64>,
    /// Virtual time per run (default: the scenario's duration).
    #[arg(long, value_parser = parse_run_length)]
    duration: Option<SimDuration>,
    /// Statistics before this virtual time are discarded (default: 10% of the run;
    /// "0s" keeps everything). The ledger always counts from time zero.
    #[arg(long, value_parser = parse_moment)]
    warmup: Option<SimDuration>,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

/// Why an argument's value is refused on its own (clap prints it after "invalid value
/// ... for '--flag <VALUE>':" and exits with the usage code, 2).
#[derive(Debug, thiserror::Error)]
pub enum ArgumentError {
    #[error("`{0}`: expected PATH=VALUE, e.g. consumers.payments.retry.max_attempts=2")]
    NotAChange(String),
    #[error(transparent)]
    Duration(#[from] DurationError),
    #[error(transparent)]
    RunLength(#[from] RunLengthError),
    #[error("`{0}`: expected a question number (from 1) or `solution`")]
    NotATry(String),
}

/// What `run --try` runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TryWhat {
    /// The lesson's question N, from 1.
    Question(usize),
    /// The challenge's reference solution.
    Solution,
}

fn parse_try(text: &str) -> Result<TryWhat, ArgumentError> {
    match text.trim() {
        "solution" => Ok(TryWhat::Solution),
        number => number.parse().map(TryWhat::Question).map_err(|_| ArgumentError::NotATry(text.to_string())),
    }
}

fn parse_assignment(text: &str) -> Result<Assignment, AssignmentError> {
    text.parse()
}

/// `PATH=VALUE` with one value, kept as written (a JSON value may contain commas).
fn parse_change(text: &str) -> Result<(String, String), ArgumentError> {
    match text.split_once('=') {
        Some((path, value)) if !path.trim().is_empty() && !value.trim().is_empty() => {
            Ok((path.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(ArgumentError::NotAChange(text.to_string())),
    }
}

fn parse_speed(text: &str) -> Result<Speed, crate::time::SpeedError> {
    text.parse()
}

/// A length of virtual time to run (`--duration`, `--until`, `--horizon`): the one rule
/// of `experiment::parse_run_length`, shared with the dashboard.
fn parse_run_length(text: &str) -> Result<SimDuration, ArgumentError> {
    Ok(experiment::parse_run_length(text)?)
}

/// A moment of the run or a part of it (`--at`, `--warmup`): zero or more, at most the
/// ten-year limit.
fn parse_moment(text: &str) -> Result<SimDuration, ArgumentError> {
    let moment: SimDuration = text.parse()?;
    if moment > MAX_DURATION { Err(RunLengthError::PastLimit(moment).into()) } else { Ok(moment) }
}

pub const EXIT_INVALID_INPUT: u8 = 1;
/// Some expectation of the scenario failed (or the run ended before it could be decided).
pub const EXIT_EXPECTATIONS_FAILED: u8 = 3;

mod experiments;
mod export;
mod handout;

pub use export::ExportArgs;

/// Runs a parsed headless command.
pub fn execute(command: CliCommand, lang: Option<crate::i18n::Lang>) -> ExitCode {
    crate::i18n::set_lang(lang.unwrap_or_else(crate::i18n::Lang::from_environment));
    match command {
        CliCommand::Check { file } => check(&file),
        CliCommand::Handout { lesson, out, with_answers } => handout::handout(&lesson, &out, with_answers),
        CliCommand::Trace { file, sample, ids, show, seed, duration, json, out } => {
            trace(&file, TraceOptions { sample, ids, show, seed, duration, json, out })
        }
        CliCommand::Run { file, seed, duration, json, quiet, try_question, sets, export } => {
            let sets = sets.into_iter().map(|(path, value)| format!("{path}={value}")).collect();
            run(&file, RunOptions { seed, duration, json, quiet, try_question, sets }, &export)
        }
        CliCommand::Replay { session, until, json, export } => replay(&session, until, json, &export),
        CliCommand::Compare { a, b, experiment, json, report } => {
            experiments::compare(&a, &b, &experiment, json, report.as_deref())
        }
        CliCommand::Fork { file, at, sets, horizon, replications, metrics, seed, warmup, json, report, quiet } => {
            let request = experiments::ForkRequest { at, sets, horizon, replications, metrics, seed, warmup, quiet };
            experiments::fork(&file, &request, json, report.as_deref())
        }
        CliCommand::Sweep { file, sets, experiment, json, csv } => {
            let format = if json {
                experiments::Format::Json
            } else if csv {
                experiments::Format::Csv
            } else {
                experiments::Format::Table
            };
            experiments::sweep(&file, &sets, &experiment, format)
        }
    }
}

/// Loads a scenario with every check, its expectations' included (see `curriculum`).
fn load(file: &Path) -> Result<Scenario, ExitCode> {
    curriculum::load_file(file).map_err(|e| {
        eprintln!("{}", e.render(lang()));
        ExitCode::from(EXIT_INVALID_INPUT)
    })
}

/// Parses and validates, expectations included, and builds nothing: what a run would
/// allocate grows with the scenario's sizes (partitions, instances, breaker windows), not
/// with the file, so `check` stays linear in the file and never simulates.
fn check(file: &Path) -> ExitCode {
    let scenario = match load(file) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let count = |key: &str, n: usize| tr_args(key, &[("count", n.into())]);
    let mut parts = vec![count("cli-topics", scenario.topics.len()), count("cli-producers", scenario.producers.len())];
    if !scenario.clients.is_empty() {
        parts.push(count("cli-clients", scenario.clients.len()));
    }
    parts.push(count("cli-groups", scenario.consumers.len()));
    if !scenario.sagas.is_empty() {
        parts.push(count("cli-sagas", scenario.sagas.len()));
    }
    parts.push(count("cli-services", scenario.services.len()));
    let line = tr_args(
        "cli-check-ok",
        &[
            ("file", file.display().to_string().into()),
            ("name", lessons::text(&scenario.name).into_owned().into()),
            ("parts", parts.join(&tr("cli-list-separator")).into()),
            ("duration", scenario.duration.to_string().into()),
        ],
    ) + &teaching_summary(&scenario)
        + "\n";
    print_stdout(&(line + &distribution_summary(&scenario)))
}

/// One line per distribution whose mean or variability the file does not spell out (all
/// but constants and exponentials): its mean and squared coefficient of variation, the two
/// numbers queueing formulas read (Pollaczek–Khinchine: W_q = ρ·E[S]·(1 + SCV)/(2(1 − ρ))).
fn distribution_summary(scenario: &Scenario) -> String {
    let mut out = String::new();
    for (path, dist) in scenario.distributions() {
        if matches!(dist, crate::scenario::Distribution::Constant(_) | crate::scenario::Distribution::Exponential(_)) {
            continue;
        }
        let mean = approx_duration(dist.mean_s());
        let scv = format!("{:.3}", dist.scv());
        let line = tr_args(
            "cli-distribution",
            &[("path", path.into()), ("dist", dist.to_string().into()), ("mean", mean.into()), ("scv", scv.into())],
        );
        out += &format!("  {line}\n");
    }
    out
}

/// A computed duration to four significant figures in its best unit ("65.28ms").
fn approx_duration(seconds: f64) -> String {
    let (value, unit) = match seconds {
        s if s >= 1.0 => (s, "s"),
        s if s >= 1e-3 => (s * 1e3, "ms"),
        s if s >= 1e-6 => (s * 1e6, "us"),
        s => (s * 1e9, "ns"),
    };
    let decimals = (3 - value.abs().max(1.0).log10().floor() as i32).max(0) as usize;
    format!("{value:.decimals$}{unit}")
}

/// What `faultline run` was asked for, besides the file.
struct RunOptions {
    seed: Option<u64>,
    duration: Option<SimDuration>,
    json: bool,
    quiet: bool,
    try_question: Option<TryWhat>,
    /// `--set` changes, `PATH=VALUE`.
    sets: Vec<String>,
}

fn run(file: &Path, options: RunOptions, export: &ExportArgs) -> ExitCode {
    if let Err(code) = export::check_outputs(&[file], &export.outputs()) {
        return code;
    }
    let scenario = match load(file) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let planned = match options.try_question {
        Some(TryWhat::Solution) => curriculum::plan_solution(&scenario),
        Some(TryWhat::Question(n)) => curriculum::plan(&scenario, Some(n)),
        None if !options.sets.is_empty() => curriculum::plan_attempt(&scenario, &options.sets),
        None => curriculum::plan(&scenario, None),
    };
    let mut plan = match planned {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("{}: {}", file.display(), e.render(lang()));
            return ExitCode::from(EXIT_INVALID_INPUT);
        }
    };
    plan.scenario = experiment::with_run_length(plan.scenario, options.duration);
    let (mut sim, mut lesson) = match curriculum::start(&plan, options.seed) {
        Ok(started) => started,
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            return ExitCode::from(EXIT_INVALID_INPUT);
        }
    };
    let started = Instant::now();
    run_with_progress(&mut sim, &mut lesson, options.quiet || !std::io::stderr().is_terminal());
    let outcome = Outcome { plan: &plan, lesson: &lesson };
    let code = print_report(&sim, started, options.json, export, Some(outcome));
    // An attempt that changes what its challenge does not allow fails like an unmet
    // expectation: it ran, but it does not count.
    let counts = plan.attempt.as_ref().is_none_or(curriculum::Attempt::counts);
    if code == ExitCode::SUCCESS && (!lesson.checklist().all_passed() || !counts) {
        return ExitCode::from(EXIT_EXPECTATIONS_FAILED);
    }
    code
}

/// What `faultline trace` was asked for.
struct TraceOptions {
    sample: Option<f64>,
    ids: Vec<u64>,
    show: usize,
    seed: Option<u64>,
    duration: Option<SimDuration>,
    json: bool,
    /// Where to write the output (stdout without).
    out: Option<PathBuf>,
}

fn trace(file: &Path, options: TraceOptions) -> ExitCode {
    let mut scenario = match load(file) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let sample = options.sample.or(scenario.tracing.as_ref().map(|t| t.sample)).unwrap_or(0.01);
    if !(0.0..=1.0).contains(&sample) {
        eprintln!("error: --sample {sample}: must be a share between 0 and 1");
        return ExitCode::from(EXIT_INVALID_INPUT);
    }
    let max_traces = scenario.tracing.as_ref().map_or(1000, |t| t.max_traces).max(options.show.min(100_000) as u32);
    scenario.tracing = Some(crate::scenario::Tracing { sample, max_traces, roots: options.ids });
    let scenario = experiment::with_run_length(scenario, options.duration);
    let mut sim = match Simulation::with_seed(&scenario, options.seed.unwrap_or(scenario.seed)) {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            return ExitCode::from(EXIT_INVALID_INPUT);
        }
    };
    sim.run_to_end();
    let journeys = sim.journeys();
    if options.json {
        let traces = crate::report::TracesReport { not_kept: sim.journeys_not_kept(), journeys };
        return match serde_json::to_string_pretty(&traces) {
            Ok(text) => write_out(options.out.as_deref(), &(text + "\n")),
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let mut out = format!("{} journeys traced", journeys.len());
    if journeys.len() > options.show {
        out += &format!(", the first {} shown", options.show);
    }
    out += "\n";
    for journey in journeys.iter().take(options.show) {
        out += &render_journey(journey);
    }
    write_out(options.out.as_deref(), &out)
}

/// Writes `text` to `path`, or prints it without one.
fn write_out(path: Option<&Path>, text: &str) -> ExitCode {
    let Some(path) = path else { return print_stdout(text) };
    match std::fs::write(path, text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}

/// A journey as lines: time, step, component, detail; a message's steps indented by its
/// depth (emitted children under their parent).
fn render_journey(journey: &crate::engine::sim::Journey) -> String {
    let mut depth: std::collections::BTreeMap<u64, usize> = std::collections::BTreeMap::new();
    depth.insert(journey.root, 0);
    let mut out = format!("\njourney of message {} ({} steps", journey.root, journey.steps.len());
    if journey.steps_dropped > 0 {
        out += &format!(", {} more not kept", journey.steps_dropped);
    }
    out += ")\n";
    for step in &journey.steps {
        let level = match step.parent {
            Some(parent) => depth.get(&parent).map_or(1, |d| d + 1),
            None => 0,
        };
        depth.entry(step.message).or_insert(level);
        let indent = "  ".repeat(level);
        out += &format!(
            "  {:>12.6}s  {indent}#{:<8} {:<9} {:<20} {}\n",
            step.at_s, step.message, step.step, step.component, step.detail
        );
    }
    out
}

/// A one-line account of a scenario's expectations and lesson for `check` (empty without).
fn teaching_summary(scenario: &Scenario) -> String {
    let mut out = String::new();
    if !scenario.expect.is_empty() {
        out += &tr("cli-list-separator");
        out += &tr_args("count-expectations", &[("count", scenario.expect.len().into())]);
    }
    if let Some(lesson) = &scenario.lesson {
        out += &tr("cli-list-separator");
        out += &tr_args(
            "cli-lesson",
            &[
                ("title", lessons::text(&lesson.title).into_owned().into()),
                ("questions", tr_args("count-questions", &[("count", lesson.questions.len().into())]).into()),
            ],
        );
    }
    out
}

/// The expectations of a run, for the report.
struct Outcome<'a> {
    plan: &'a curriculum::Plan,
    lesson: &'a LessonRun,
}

impl Outcome<'_> {
    /// The checklist for a terminal: one line per expectation, then the tally.
    fn human(&self) -> String {
        let checklist = self.lesson.checklist();
        let items = checklist.items();
        let mut out = String::new();
        if !self.lesson.outcomes().is_empty() {
            out += &tr("cli-lesson-actions");
            out += "\n";
            for action in self.lesson.outcomes() {
                let result = match &action.result {
                    Ok(done) => done.render(lang()),
                    Err(why) => tr_args("lesson-action-refused", &[("why", why.render(lang()).into())]),
                };
                out += &format!("  {}: {}: {result}\n", curriculum::time(action.at), action.action.render(lang()));
            }
        }
        if items.is_empty() && self.plan.question.is_none() && self.plan.attempt.is_none() {
            return out;
        }
        let challenge = self.plan.scenario.lesson.as_ref().and_then(|l| l.challenge.as_ref());
        if let Some(challenge) = challenge {
            out += &tr_args("cli-challenge", &[("goal", lessons::text(&challenge.goal).into_owned().into())]);
            out += "\n";
        }
        if let Some(attempt) = &self.plan.attempt {
            out += &tr(if attempt.solution { "cli-challenge-solution" } else { "cli-challenge-attempt" });
            out += "\n";
            for change in &attempt.changes {
                out += &format!("  {}\n", tr_args("cli-changed", &[("change", change.clone().into())]));
            }
            for refused in &attempt.not_allowed {
                out +=
                    &format!("  {}\n", tr_args("cli-challenge-not-allowed", &[("why", refused.render(lang()).into())]));
            }
        }
        if let (Some(n), Some(lesson)) = (self.plan.question, &self.plan.scenario.lesson)
            && let Some(question) = lesson.questions.get(n - 1)
        {
            out += &tr_args(
                "cli-question",
                &[("number", n.into()), ("ask", lessons::text(&question.ask).into_owned().into())],
            );
            out += "\n";
            for change in &question.change {
                out += &format!("  {}\n", tr_args("cli-changed", &[("change", change.clone().into())]));
            }
        }
        out += &tr("cli-expectations");
        out += "\n";
        // A name the author gave leads its line; a generated title would repeat the sentence.
        for (item, expectation) in items.iter().zip(&self.plan.expectations) {
            let named =
                if expectation.name().is_empty() { String::new() } else { format!("{}: ", lessons::text(&item.title)) };
            out += &format!("  {} {named}{}\n", item.status.mark(), item.sentence.render(lang()));
        }
        let (passed, failed, unreached, _) = checklist.tally();
        out += &tr_args("cli-met", &[("passed", passed.into()), ("count", items.len().into())]);
        if failed > 0 {
            out += &tr_args("cli-failed", &[("count", failed.into())]);
        }
        if unreached > 0 {
            out += &tr_args("cli-unreached", &[("count", unreached.into())]);
        }
        out += "\n";
        if challenge.is_some() {
            let counts = self.plan.attempt.as_ref().is_none_or(curriculum::Attempt::counts);
            out += &tr(match (counts, checklist.all_passed()) {
                (false, _) => "cli-challenge-does-not-count",
                (true, true) => "cli-challenge-passed",
                (true, false) => "cli-challenge-failed",
            });
            out += "\n";
        }
        out
    }
}

fn replay(file: &Path, until: Option<SimDuration>, json: bool, export: &ExportArgs) -> ExitCode {
    let started = Instant::now();
    if let Err(code) = export::check_outputs(&[file], &export.outputs()) {
        return code;
    }
    let session = match Session::load(file) {
        Ok(session) => session,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_INVALID_INPUT);
        }
    };
    let until = until.map_or(SimTime(session.scenario.duration.0), |d| SimTime(d.0));
    // The scenario's expectations are checked as `run` checks them. The lesson's scripted
    // actions are not taken again: the recorded run took them, so they are in its commands.
    let mut unscripted = session.scenario.clone();
    if let Some(lesson) = unscripted.lesson.as_mut() {
        lesson.actions.clear();
    }
    let plan = match curriculum::plan(&unscripted, None) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("{}: {}", file.display(), e.render(lang()));
            return ExitCode::from(EXIT_INVALID_INPUT);
        }
    };
    let mut lesson = match curriculum::start(&plan, Some(session.seed)) {
        Ok((_, lesson)) => lesson,
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            return ExitCode::from(EXIT_INVALID_INPUT);
        }
    };
    let replayed = session.replay_until_observed(until, |sim, limit| lesson.step_before(sim, limit));
    let sim = match replayed {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_INVALID_INPUT);
        }
    };
    let mut sim = sim;
    lesson.observe(&mut sim);
    let outcome = (!plan.expectations.is_empty()).then_some(Outcome { plan: &plan, lesson: &lesson });
    let code = print_report(&sim, started, json, export, outcome);
    if code == ExitCode::SUCCESS && !lesson.checklist().all_passed() {
        return ExitCode::from(EXIT_EXPECTATIONS_FAILED);
    }
    code
}

fn print_report(
    sim: &Simulation,
    started: Instant,
    json: bool,
    export: &ExportArgs,
    outcome: Option<Outcome>,
) -> ExitCode {
    let report = RunReport::new(sim, started.elapsed().as_secs_f64());
    if let Err(code) = export::write_run_exports(sim, &report, export) {
        return code;
    }
    let text = if json {
        let mut value = match serde_json::to_value(&report) {
            Ok(value) => value,
            Err(e) => {
                eprintln!("could not encode the report: {e}");
                return ExitCode::FAILURE;
            }
        };
        if let (Some(outcome), Some(object)) = (&outcome, value.as_object_mut()) {
            let items = serde_json::to_value(outcome.lesson.checklist().items()).unwrap_or_default();
            object.insert("expectations".to_string(), items);
            if let Some(n) = outcome.plan.question {
                object.insert("question".to_string(), n.into());
            }
            if let Some(attempt) = &outcome.plan.attempt {
                let not_allowed: Vec<String> = attempt.not_allowed.iter().map(|n| n.message()).collect();
                object.insert(
                    "attempt".to_string(),
                    serde_json::json!({
                        "changes": attempt.changes,
                        "solution": attempt.solution,
                        "counts": attempt.counts(),
                        "not_allowed": not_allowed,
                    }),
                );
            }
        }
        match serde_json::to_string_pretty(&value) {
            Ok(text) => text + "\n",
            Err(e) => {
                eprintln!("could not encode the report: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        report.human_summary() + &outcome.map(|o| o.human()).unwrap_or_default()
    };
    let code = print_stdout(&text);
    // The report is printed (as of the halt, and saying so); the run itself did not finish.
    if let Some(halt) = sim.halt() {
        eprintln!("{}", halt.render(lang()));
        return ExitCode::from(EXIT_INVALID_INPUT);
    }
    code
}

/// Writes to stdout; a closed pipe (`faultline run ... | head`) is not an error worth a panic.
fn print_stdout(text: &str) -> ExitCode {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("could not write the report: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs to the end in slices, through the lesson run (which stops the run exactly where an
/// action or an expectation needs it); shows a progress bar once the run has taken a second. Slicing
/// does not change results (the engine is slice-invariant).
fn run_with_progress(sim: &mut Simulation, lesson: &mut LessonRun, hidden: bool) {
    const SLICES: u64 = 500;
    let end = sim.end();
    let started = Instant::now();
    let mut bar: Option<indicatif::ProgressBar> = None;
    for k in 1..=SLICES {
        lesson.step_until(sim, SimTime(end.0 / SLICES * k));
        if !hidden && bar.is_none() && started.elapsed().as_secs_f64() > 1.0 {
            let b = indicatif::ProgressBar::new(SLICES);
            b.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {percent:>3}%  {msg}  eta {eta}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar = Some(b);
        }
        if let Some(b) = &bar {
            b.set_position(k);
            b.set_message(format!("virtual {}", sim.now()));
        }
    }
    lesson.step_until(sim, end);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
}
