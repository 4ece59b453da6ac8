//! Sessions: a run is reproducible from (scenario, seed, command log), so it can be saved,
//! replayed exactly (a teacher's prepared demonstration), and sought back in time.
//!
//! Seeking keeps periodic checkpoints — whole `Simulation` clones — and rebuilds any
//! earlier moment from the nearest checkpoint before it plus the recorded commands. The
//! checkpoint store is bounded: when full, every other checkpoint is dropped and the
//! spacing doubles, so a long run keeps a fixed number of checkpoints spread over all of it.

use crate::engine::{BuildError, Command, CommandError, Simulation, TimedCommand};
use crate::scenario::limits::MAX_COMMANDS;
use crate::scenario::locate::Locator;
use crate::scenario::path::Path as FieldPath;
use crate::scenario::{self, Diagnostic, Scenario, ScenarioError, validate};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;

/// Everything needed to replay a run exactly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub scenario: Scenario,
    pub seed: u64,
    /// Live changes in the order they were applied, each with its exact moment.
    #[serde(default)]
    pub commands: Vec<TimedCommand>,
}

/// Why a session could not be loaded or replayed.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    /// Not a session in RON: located and worded as a scenario file's syntax errors are.
    #[error("{0}")]
    Parse(Diagnostic),
    /// The scenario inside the session is not valid: its problems, located in the session
    /// file (paths start with `scenario.`).
    #[error("{0}")]
    InvalidScenario(ScenarioError),
    /// A recorded command that no run could have recorded (see [`Session::check_commands`]),
    /// located in the session file.
    #[error("{origin}:{line}:{column}: commands[{index}]: {message}")]
    Inconsistent { origin: String, line: usize, column: usize, index: usize, message: String },
    #[error("{0}")]
    Build(#[from] BuildError),
    #[error("command {index} ({at}): {source}")]
    Replay { index: usize, at: SimTime, source: CommandError },
    /// A command whose moment the replayed run contradicts (see [`replay_exactly`]).
    #[error("command {index} ({at}, after {after_events} events): {message}")]
    Diverged { index: usize, at: SimTime, after_events: u64, message: String },
}

/// A command the session's own text contradicts: which one, which of its fields, and what
/// is wrong (located in the text by [`Session::parse`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandProblem {
    pub index: usize,
    /// `"at"` or `"after_events"`, or `None` for the list as a whole.
    pub field: Option<&'static str>,
    pub message: String,
}

impl Session {
    /// The session of a live simulation: the scenario it was built from (live changes are
    /// commands, replayed at their moments), its seed and every command so far.
    pub fn of(sim: &Simulation) -> Session {
        let scenario = sim.initial_scenario().clone();
        Session { seed: scenario.seed, scenario, commands: sim.commands().to_vec() }
    }

    /// The session as RON text (the scenario written in full, so the file stands alone).
    pub fn to_ron_string(&self) -> String {
        let config = ron::ser::PrettyConfig::new().struct_names(true);
        ron::ser::to_string_pretty(self, config).expect("a session is plain data and always encodes")
    }

    /// Reads a session: the scenario inside is validated like a scenario file and the
    /// commands checked against each other and the scenario ([`Session::check_commands`]);
    /// every problem is located in `text`.
    pub fn parse(text: &str, origin: &str) -> Result<Session, SessionError> {
        // As for a scenario file: a byte-order mark dropped, old Mac line endings counted
        // as the lines an editor shows, and syntax errors worded the same way.
        let normalised = scenario::normalise(text);
        let text = normalised.as_ref();
        let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let session: Session =
            options.from_str(text).map_err(|e| SessionError::Parse(scenario::diagnose(&e, text, origin)))?;
        let problems = validate::validate(&session.scenario);
        if !problems.is_empty() {
            return Err(SessionError::InvalidScenario(locate_scenario_problems(&problems, text, origin)));
        }
        if let Err(problem) = session.check_commands() {
            let locator = Locator::new(text);
            let command = FieldPath::root().field("commands");
            let path = match problem.field {
                Some(field) => command.index(problem.index).field(field),
                None if session.commands.is_empty() => command,
                None => command.index(problem.index),
            };
            let at = locator.locate(&path);
            return Err(SessionError::Inconsistent {
                origin: origin.to_string(),
                line: at.line,
                column: at.column,
                index: problem.index,
                message: problem.message,
            });
        }
        Ok(session)
    }

    /// Reads a session file of at most [`scenario::MAX_FILE_BYTES`] (a session is a
    /// scenario and its commands; a bigger file is refused before it is read whole).
    pub fn load(path: &Path) -> Result<Session, SessionError> {
        let text = read_bounded(path)?;
        Session::parse(&text, &path.display().to_string())
    }

    /// The one rule a session's commands obey on their own, checked by every load
    /// ([`Session::parse`]: the CLI's replay and fork, the dashboard's open); the rest of
    /// the rule needs the run and is checked as it replays ([`replay_exactly`]):
    ///
    /// - at most [`MAX_COMMANDS`], as a run records;
    /// - in the order they were applied: neither `at` nor `after_events` goes back;
    /// - none after the end of the run (the scenario's duration, or the one a recorded
    ///   `Set` of `duration` gave it);
    /// - `after_events` no fewer than the events the run surely handled before `at`: the
    ///   sampler alone is one event every `sample_every`, from `sample_every` on, so a
    ///   command at 10 s of a run sampling every second comes after at least 9 events (a
    ///   command saying 0 would replay before them, a different history). The bound holds
    ///   until a command changes `sample_every` (the next sample then moves).
    pub fn check_commands(&self) -> Result<(), CommandProblem> {
        let problem =
            |index: usize, field: Option<&'static str>, message: String| CommandProblem { index, field, message };
        if self.commands.len() > MAX_COMMANDS {
            return Err(problem(
                MAX_COMMANDS,
                None,
                format!("{} commands, more than a run records ({MAX_COMMANDS})", self.commands.len()),
            ));
        }
        let mut end = SimTime(self.scenario.duration.0);
        // `sample_every` as the engine reads it (never zero), while no command changed it.
        let mut sample_every = Some(self.scenario.sample_every.0.max(1));
        let mut previous: Option<&TimedCommand> = None;
        for (index, recorded) in self.commands.iter().enumerate() {
            if let Some(before) = previous {
                if recorded.at < before.at {
                    return Err(problem(
                        index,
                        Some("at"),
                        format!(
                            "at {} comes before the previous command's {}: commands are listed in the order they were applied",
                            moment(recorded.at),
                            moment(before.at)
                        ),
                    ));
                }
                if recorded.after_events < before.after_events {
                    return Err(problem(
                        index,
                        Some("after_events"),
                        format!(
                            "after_events {} is fewer than the previous command's {}: commands are listed in the order they were applied",
                            recorded.after_events, before.after_events
                        ),
                    ));
                }
            }
            if recorded.at > end {
                return Err(problem(
                    index,
                    Some("at"),
                    format!(
                        "at {} is after the end of the run ({}); a run records nothing later",
                        moment(recorded.at),
                        moment(end)
                    ),
                ));
            }
            if let Some(every) = sample_every {
                let samples = recorded.at.0.saturating_sub(1) / every;
                if recorded.after_events < samples {
                    return Err(problem(
                        index,
                        Some("after_events"),
                        format!(
                            "after_events {} cannot be: by {} the run has taken {samples} samples (one every {}), each an event, so `at` and `after_events` disagree",
                            recorded.after_events,
                            moment(recorded.at),
                            SimDuration(every)
                        ),
                    ));
                }
            }
            end = end_after(end, &recorded.command);
            if matches!(&recorded.command, Command::Set { path, .. } if path == "sample_every") {
                sample_every = None;
            }
            previous = Some(recorded);
        }
        Ok(())
    }

    /// The end of the run at `t`: the scenario's duration, or the last one a recorded `Set`
    /// of `duration` at or before `t` gave it (what `faultline fork --at` is checked against).
    pub fn end_at(&self, t: SimTime) -> SimTime {
        self.commands
            .iter()
            .take_while(|c| c.at <= t)
            .fold(SimTime(self.scenario.duration.0), |end, recorded| end_after(end, &recorded.command))
    }

    /// A fresh simulation of the session, before any command.
    pub fn start(&self) -> Result<Simulation, SessionError> {
        Ok(Simulation::with_seed(&self.scenario, self.seed)?)
    }

    /// Replays the session up to `until` (commands at or before it are applied at their
    /// exact moments).
    pub fn replay_until(&self, until: SimTime) -> Result<Simulation, SessionError> {
        self.replay_until_observed(until, |_, _| {})
    }

    /// [`Session::replay_until`] for an observer that must see the run at moments of its
    /// own (a checklist's stops): before each recorded command, and before the end,
    /// `advance(sim, limit)` may step the simulation to any time strictly before `limit`.
    pub fn replay_until_observed(
        &self,
        until: SimTime,
        mut advance: impl FnMut(&mut Simulation, SimTime),
    ) -> Result<Simulation, SessionError> {
        let mut sim = self.start()?;
        replay_commands(&mut sim, &self.commands, until, &mut advance)?;
        advance(&mut sim, until);
        sim.step_until(until);
        Ok(sim)
    }
}

/// A moment as the scenario format writes a time (`20s`, `1h`), not as a clock.
fn moment(t: SimTime) -> SimDuration {
    SimDuration(t.0)
}

/// The end of the run after `command`, which ended at `end`: a `Set` of `duration` moves
/// it (its value as the command line or the dashboard spells it: `90s`, or `"90s"` as
/// JSON); nothing else does.
fn end_after(end: SimTime, command: &Command) -> SimTime {
    let Command::Set { path, value } = command else { return end };
    if path != "duration" {
        return end;
    }
    match crate::scenario::dotted::parse_value(value) {
        serde_json::Value::String(text) => text.parse::<SimDuration>().map_or(end, |d| SimTime(d.0)),
        _ => end,
    }
}

/// Reads at most [`scenario::MAX_FILE_BYTES`] of a session file, as a scenario file is
/// read (`take` bounds the read even for endless files such as /dev/zero).
fn read_bounded(path: &Path) -> Result<String, SessionError> {
    let refused = |message: String| SessionError::Read { path: path.display().to_string(), message };
    let file = std::fs::File::open(path).map_err(|e| refused(format!("cannot open the file: {e}")))?;
    let mut bytes = Vec::new();
    file.take(scenario::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| refused(format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > scenario::MAX_FILE_BYTES {
        return Err(refused(format!(
            "the file is larger than {} MiB, the limit for scenario and session files",
            scenario::MAX_FILE_BYTES >> 20
        )));
    }
    String::from_utf8(bytes).map_err(|e| refused(format!("the file is not UTF-8 text: {e}")))
}

/// Validation's problems of the scenario inside a session, located in the session's
/// text: the scenario is the value of the session's `scenario` field, so each problem is
/// located in that span and moved by where the span starts.
fn locate_scenario_problems(problems: &validate::Problems, text: &str, origin: &str) -> ScenarioError {
    let locator = Locator::new(text);
    let Some((start, end)) = locator.span(&FieldPath::root().field("scenario")) else {
        // The text parsed, so it spells the field; a locator that cannot find it still
        // reports every problem, at the top of the file.
        let mut error = scenario::locate_problems(problems, "", origin);
        for d in &mut error.diagnostics {
            d.path = prefixed(&d.path);
        }
        return error;
    };
    let begins = locator.position(start);
    let mut error = scenario::locate_problems(problems, &text[start..end], origin);
    for d in &mut error.diagnostics {
        if d.line == 1 {
            d.column += begins.column - 1;
        }
        d.line += begins.line - 1;
        d.path = prefixed(&d.path);
    }
    error
}

/// A scenario's field path as a path in the session (`scenario.topics[orders]`).
fn prefixed(path: &str) -> String {
    if path.is_empty() {
        "scenario".to_string()
    } else if path.starts_with('[') {
        format!("scenario{path}")
    } else {
        format!("scenario.{path}")
    }
}

/// Replays one recorded command on `sim` at its exact moment: the run handles events
/// until `after_events` have been handled (none later than `at`), and the command is
/// applied at `at`. The exact rule a recorded moment obeys, checked here for every
/// replay (the CLI's, a fork from a session, a seek, the dashboard's): the command is
/// not after the run's end, the events can be reached by `at`, and once they are no
/// event before `at` is left — in the recorded run every such event had been handled
/// before the clock reached `at`, so one left over means `after_events` is too small and
/// replaying would skip it (a different history without a word).
pub fn replay_exactly(sim: &mut Simulation, index: usize, recorded: &TimedCommand) -> Result<(), SessionError> {
    let diverged = |message: String| SessionError::Diverged {
        index,
        at: recorded.at,
        after_events: recorded.after_events,
        message,
    };
    if recorded.at > sim.end() {
        return Err(diverged(format!("after the end of the run ({})", moment(sim.end()))));
    }
    // A run stopped at a resource limit handles nothing more (`engine::halt`): its later
    // commands are moot, and its report says where and why it stopped.
    if sim.halt().is_some() {
        return Ok(());
    }
    sim.replay(recorded).map_err(|source| SessionError::Replay { index, at: recorded.at, source })?;
    match sim.next_event_at() {
        Some(pending) if pending < recorded.at => Err(diverged(format!(
            "the run still has an event due at {} after {} events, before the command's moment: `at` and `after_events` disagree",
            moment(pending),
            recorded.after_events
        ))),
        _ => Ok(()),
    }
}

/// Applies the `recorded` commands due at or before `until` that `sim` has not seen yet,
/// calling `advance(sim, at)` before each (see [`Session::replay_until_observed`]).
fn replay_commands(
    sim: &mut Simulation,
    recorded: &[TimedCommand],
    until: SimTime,
    advance: &mut impl FnMut(&mut Simulation, SimTime),
) -> Result<(), SessionError> {
    let seen = sim.commands().len();
    for (index, command) in recorded.iter().enumerate().skip(seen) {
        if command.at > until {
            break;
        }
        advance(sim, command.at);
        replay_exactly(sim, index, command)?;
    }
    Ok(())
}

/// Periodic checkpoints of one run, for seeking back in time.
#[derive(Clone, Debug)]
pub struct Timeline {
    /// Sorted by time; the first is the initial state and is never dropped.
    checkpoints: Vec<Simulation>,
    every: SimDuration,
    capacity: usize,
}

impl Timeline {
    /// Checkpoints kept at most; at ~1–3 MB each (history and log included) the store
    /// stays near 100 MB however long the run.
    pub const DEFAULT_CAPACITY: usize = 40;

    /// A timeline starting at `initial`, checkpointing every `every` of virtual time
    /// (the spacing doubles whenever the store fills).
    pub fn new(initial: &Simulation, every: SimDuration, capacity: usize) -> Timeline {
        Timeline { checkpoints: vec![initial.clone()], every: SimDuration(every.0.max(1)), capacity: capacity.max(2) }
    }

    /// Keeps a checkpoint of `live` when `every` has passed since the last one.
    pub fn observe(&mut self, live: &Simulation) {
        let last = self.checkpoints.last().map_or(SimTime::ZERO, Simulation::now);
        if live.now() < last + self.every {
            return;
        }
        if self.checkpoints.len() >= self.capacity {
            self.thin();
        }
        self.checkpoints.push(live.clone());
    }

    /// Drops every other checkpoint after the first and doubles the spacing.
    fn thin(&mut self) {
        let mut index = 0;
        self.checkpoints.retain(|_| {
            index += 1;
            index == 1 || index % 2 == 0
        });
        self.every = SimDuration(self.every.0.saturating_mul(2));
    }

    pub fn len(&self) -> usize {
        self.checkpoints.len()
    }

    pub fn is_empty(&self) -> bool {
        self.checkpoints.is_empty()
    }

    /// Times of the checkpoints kept.
    pub fn times(&self) -> Vec<SimTime> {
        self.checkpoints.iter().map(Simulation::now).collect()
    }

    /// The state of the run at `t` (after any command applied at `t`): the latest
    /// checkpoint at or before `t`, moved forward with the commands `live` recorded.
    /// Identical, bit for bit, to what the run was at `t`.
    pub fn seek(&self, live: &Simulation, t: SimTime) -> Result<Simulation, SessionError> {
        let t = t.min(live.now());
        let base = self.checkpoints.iter().rev().find(|c| c.now() <= t).unwrap_or(&self.checkpoints[0]);
        let mut sim = base.clone();
        replay_commands(&mut sim, live.commands(), t, &mut |_, _| {})?;
        sim.step_until(t);
        Ok(sim)
    }

    /// Forgets checkpoints later than `t` (after a seek, when the future is rewritten).
    pub fn truncate_after(&mut self, t: SimTime) {
        self.checkpoints.truncate(self.checkpoints.iter().rposition(|c| c.now() <= t).map_or(1, |i| i + 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim() -> Simulation {
        let text = r#"Scenario(name: "t", duration: "100s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Poisson(per_second: 50.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Exponential("10ms")))])"#;
        Simulation::new(&scenario::parse_str(text, "t").expect("valid")).expect("builds")
    }

    fn session_with(commands: &[(u64, u64)]) -> Session {
        let commands = commands
            .iter()
            .map(|&(at_ns, after_events)| TimedCommand {
                at: SimTime(at_ns),
                after_events,
                command: Command::Reseed { seed: 1 },
            })
            .collect();
        Session { scenario: sim().initial_scenario().clone(), seed: 1, commands }
    }

    /// The sampler's bound by hand: samples at 1 s, 2 s, ... (every 1 s), so before 10 s
    /// exactly there are nine, before 10 s + 1 ns ten, and before 1 s none.
    #[test]
    fn the_sampler_bounds_the_events_before_a_command() {
        const S: u64 = 1_000_000_000;
        assert_eq!(session_with(&[(0, 0), (S, 0), (10 * S, 9), (10 * S + 1, 10)]).check_commands(), Ok(()));
        let err = session_with(&[(10 * S, 8)]).check_commands().expect_err("nine samples came first");
        assert_eq!((err.index, err.field), (0, Some("after_events")));
        assert!(err.message.contains("by 10s the run has taken 9 samples (one every 1s)"), "{}", err.message);
        let err = session_with(&[(10 * S + 1, 9)]).check_commands().expect_err("ten samples came first");
        assert!(err.message.contains("taken 10 samples"), "{}", err.message);
    }

    #[test]
    fn a_byte_order_mark_is_read_past() {
        let text = session_with(&[(0, 0)]).to_ron_string();
        assert_eq!(Session::parse(&format!("\u{FEFF}{text}"), "s").map(|s| s.commands.len()).ok(), Some(1));
    }

    #[test]
    fn commands_go_forward_and_end_with_the_run() {
        const S: u64 = 1_000_000_000;
        let err = session_with(&[(20 * S, 100), (20 * S, 99)]).check_commands().expect_err("fewer events");
        assert_eq!((err.index, err.field), (1, Some("after_events")));
        let end = session_with(&[(100 * S, 1_000), (100 * S + 1, 1_000)]);
        let err = end.check_commands().expect_err("the run ends at 100 s");
        assert_eq!(
            err,
            CommandProblem {
                index: 1,
                field: Some("at"),
                message: "at 100.000000001s is after the end of the run (100s); a run records nothing later".into()
            }
        );
    }

    #[test]
    fn the_store_stays_bounded_and_spread_out() {
        let mut live = sim();
        let mut timeline = Timeline::new(&live, SimDuration::from_secs(1), 5);
        for s in 1..=100u64 {
            live.step_until(SimTime(s * 1_000_000_000));
            timeline.observe(&live);
            assert!(timeline.len() <= 5);
        }
        let times: Vec<u64> = timeline.times().iter().map(|t| t.0 / 1_000_000_000).collect();
        assert_eq!(times[0], 0, "the initial state is always kept");
        assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
        assert!(*times.last().unwrap_or(&0) >= 64, "checkpoints reach late in the run: {times:?}");
    }

    #[test]
    fn truncation_keeps_the_past() {
        let mut live = sim();
        let mut timeline = Timeline::new(&live, SimDuration::from_secs(10), 40);
        for s in 1..=60u64 {
            live.step_until(SimTime(s * 1_000_000_000));
            timeline.observe(&live);
        }
        timeline.truncate_after(SimTime(25_000_000_000));
        let times: Vec<u64> = timeline.times().iter().map(|t| t.0 / 1_000_000_000).collect();
        assert_eq!(times, [0, 10, 20]);
    }
}
