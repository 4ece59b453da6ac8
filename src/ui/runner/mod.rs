//! The runner: owns the `Simulation`, plays it in virtual time and publishes snapshots.
//!
//! [`Runner`] is the synchronous core: it takes [`Control`]s, advances by a slice of
//! wall time and builds [`Snapshot`]s. [`thread`] runs it on a background thread for the
//! app; tests drive it directly (or through [`RunnerLink::inline`]) so that every frame
//! advances virtual time by exactly the same amount and results are deterministic.

mod advance;
mod fork;
pub mod lesson;
mod meter;
pub mod pacing;
mod run;
mod seek;
mod thread;

pub use fork::{SharedState, StateRequest};

pub use thread::{RunnerLink, RunnerThread};

use super::snapshot::{LoadProblem, Playback, ScenarioSource, Snapshot, Speed};
use crate::curriculum;
use crate::engine::{self, Simulation};
use crate::scenario::{Scenario, ScenarioError};
use crate::time::{SimDuration, SimTime};
use lesson::{LessonDriver, Started};
use pacing::Pacer;
use run::Run;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The order pipeline's tour of failures, compiled in: what `faultline` opens without
/// arguments (healthy load, then one fault at a time, with captions).
pub const DEFAULT_SCENARIO: &str = include_str!("../../../scenarios/order-pipeline-demo.ron");
/// The file name the built-in scenario's messages name.
const DEFAULT_ORIGIN: &str = "order-pipeline-demo.ron";

/// A request from the UI to the runner.
#[derive(Clone, Debug, PartialEq)]
pub enum Control {
    Play,
    Pause,
    TogglePlay,
    /// Pause and handle exactly one event.
    StepEvent,
    /// Pause and run to the end of the current sample interval.
    StepInterval,
    SetSpeed(Speed),
    /// Start the loaded scenario again from time zero (live edits are discarded).
    Reset,
    /// Start again from time zero with another seed.
    SetSeed(u64),
    /// Load a scenario file; on error the current one keeps running.
    LoadFile(std::path::PathBuf),
    /// Load scenario text that has no file (dropped bytes); `name` labels errors.
    LoadText {
        name: String,
        text: String,
    },
    /// The built-in scenario.
    LoadDefault,
    /// Re-read the current scenario's file.
    Reload,
    /// A live change to the model, applied at the current virtual time.
    Apply(engine::Command),
    /// The user has read the load problem.
    DismissProblem,
    /// Load a lesson of the embedded curriculum (or the tour) by its id.
    LoadLesson(String),
    /// Run the loaded lesson's question N (from 1) from time zero, with its changes and
    /// its expectations; `None` goes back to the lesson itself.
    TryQuestion(Option<usize>),
    /// Run an attempt at the loaded lesson's challenge from time zero: these `PATH=VALUE`
    /// changes (graded from a clean start, never from a live edit in the middle), or the
    /// reference solution.
    TryAttempt {
        changes: Vec<String>,
        solution: bool,
    },
    /// Move the run to an earlier (or later) virtual time; see [`seek`].
    Seek(SimTime),
    /// Put a clone of the simulation in the request (fork, export, session save).
    ShareState(StateRequest),
    /// Load a saved session (scenario, seed, command log) and replay it as it plays.
    LoadSession(std::path::PathBuf),
    /// Carry this traced journey (by root) in every snapshot, besides the newest.
    PinJourney(Option<u64>),
}

/// How much one call to [`Runner::advance`] (and the runner's stepping loop) may do.
#[derive(Clone, Copy, Debug)]
pub enum Budget {
    /// Until the target time is reached (tests, steps and seeks: deterministic).
    Unlimited,
    /// Stop slicing at this wall instant (the thread: stays responsive).
    Until(Instant),
    /// One move at most (the single step): the next event, or less when a lesson's stop
    /// or a recorded command comes first.
    OneEvent,
}

impl Budget {
    fn exhausted(self) -> bool {
        match self {
            Budget::Unlimited | Budget::OneEvent => false,
            Budget::Until(deadline) => Instant::now() >= deadline,
        }
    }
}

/// The runner: what outlives a run (where the scenario came from, playback, the speed,
/// the last load problem) and the [`Run`] itself, replaced whole by every install.
pub struct Runner {
    source: ScenarioSource,
    /// Counts the runs installed (load, reload, reset, seed): the views reset when it changes.
    generation: u64,
    playing: bool,
    speed: Speed,
    pacer: Pacer,
    /// Virtual time per leg of the stepping loop, adapted to the machine.
    slice: SimDuration,
    problem: Option<Arc<LoadProblem>>,
    problem_serial: u64,
    /// Anything visible changed since the last snapshot.
    changed: bool,
    run: Run,
}

impl Runner {
    /// A runner on `scenario`, paused at time zero.
    pub fn new(scenario: Scenario, source: ScenarioSource) -> Result<Runner, lesson::StartError> {
        let seed = scenario.seed;
        let started = lesson::start(&Arc::new(scenario), None, seed)?;
        Ok(Runner {
            source,
            generation: 0,
            playing: false,
            speed: Speed::Times(1.0),
            pacer: Pacer::new(1.0),
            slice: SimDuration::from_millis(1),
            problem: None,
            problem_serial: 0,
            changed: true,
            run: Run::new(started),
        })
    }

    /// A runner on the built-in tour of failures.
    pub fn with_default_scenario() -> Runner {
        let scenario = curriculum::parse_str(DEFAULT_SCENARIO, DEFAULT_ORIGIN)
            .expect("the embedded scenario parses (tested by runner::tests)");
        Runner::new(scenario, ScenarioSource::Embedded).expect("the embedded scenario builds (tested by runner::tests)")
    }

    /// A runner on `path` if it loads, else on the built-in scenario with the problem shown.
    pub fn open(path: Option<std::path::PathBuf>) -> Runner {
        let mut runner = Runner::with_default_scenario();
        if let Some(path) = path {
            runner.handle(Control::LoadFile(path));
        }
        runner
    }

    pub fn is_playing(&self) -> bool {
        self.playing
    }

    pub fn speed(&self) -> Speed {
        self.speed
    }

    pub fn now(&self) -> SimTime {
        self.run.sim.now()
    }

    /// Read-only access for tests and measurements.
    pub fn simulation(&self) -> &Simulation {
        &self.run.sim
    }

    /// Whether anything visible changed since the last [`Runner::snapshot`].
    pub fn has_changes(&self) -> bool {
        self.changed
    }

    pub fn handle(&mut self, control: Control) {
        self.changed = true;
        match control {
            Control::Play => self.set_playing(true),
            Control::Pause => self.set_playing(false),
            Control::TogglePlay => self.set_playing(!self.playing),
            Control::StepEvent => {
                self.set_playing(false);
                if !self.run.sim.is_finished() {
                    self.advance_to(self.run.sim.end(), Budget::OneEvent);
                }
            }
            Control::StepInterval => {
                self.set_playing(false);
                let every = self.run.sim.sample_every().0;
                let next = SimTime((self.run.sim.now().0 / every + 1).saturating_mul(every));
                self.advance_to(next, Budget::Unlimited);
            }
            Control::SetSpeed(speed) => {
                self.speed = speed;
                self.pacer.set_speed(speed_factor(speed));
            }
            Control::Reset => self.restart(self.run.seed),
            Control::SetSeed(seed) => self.restart(seed),
            // The curriculum's loaders also check expectations against the engine, so a
            // misspelt metric is reported with its location instead of failing later.
            Control::LoadFile(path) if path.to_string_lossy().ends_with(".session.ron") => self.load_session(&path),
            Control::LoadFile(path) => {
                let what = path.display().to_string();
                let loaded = curriculum::load_file(&path);
                self.load(loaded, ScenarioSource::File(path), what);
            }
            Control::LoadText { name, text } => {
                let loaded = curriculum::parse_str(&text, &name);
                self.load(loaded, ScenarioSource::Dropped(name.clone()), name);
            }
            Control::LoadDefault => {
                let loaded = curriculum::parse_str(DEFAULT_SCENARIO, DEFAULT_ORIGIN);
                self.load(loaded, ScenarioSource::Embedded, "built-in scenario".into());
            }
            Control::LoadLesson(id) => match curriculum::catalogue::find(&id) {
                Some(entry) => self.load(entry.load(), ScenarioSource::Lesson(entry.file), id),
                None => self.report_problem(id.clone(), format!("no lesson `{id}` in the curriculum"), None),
            },
            Control::TryQuestion(question) => {
                let base = self.run.lesson.as_ref().map_or_else(|| self.run.loaded.clone(), |l| l.base().clone());
                match lesson::start(&base, question, self.run.seed) {
                    Ok(started) => {
                        self.install(started);
                        self.set_playing(true);
                    }
                    Err(e) => self.run.command_error = Some(e.into()),
                }
            }
            Control::TryAttempt { changes, solution } => {
                let base = self.run.lesson.as_ref().map_or_else(|| self.run.loaded.clone(), |l| l.base().clone());
                let trial = lesson::Trial::Attempt { changes: changes.into(), solution };
                match lesson::start_trial(&base, &trial, self.run.seed) {
                    Ok(started) => {
                        self.install(started);
                        self.set_playing(true);
                    }
                    Err(e) => self.run.command_error = Some(e.into()),
                }
            }
            Control::Reload => match self.source.clone() {
                ScenarioSource::File(path) => self.handle(Control::LoadFile(path)),
                ScenarioSource::Embedded => self.handle(Control::LoadDefault),
                ScenarioSource::Lesson(file) => {
                    let id = curriculum::catalogue::find_file(file).map(|e| e.id.to_string()).unwrap_or_default();
                    self.handle(Control::LoadLesson(id));
                }
                // Dropped text has no file to re-read: start it again.
                ScenarioSource::Dropped(_) => self.restart(self.run.seed),
            },
            Control::Apply(command) => self.apply(command),
            Control::DismissProblem => self.problem = None,
            Control::PinJourney(root) => self.run.views.pinned = root,
            Control::Seek(t) => self.seek_to(t),
            Control::ShareState(request) => request.fill(&self.run.sim, self.run.seeker.pending_commands()),
            Control::LoadSession(path) => self.load_session(&path),
        }
    }

    fn set_playing(&mut self, playing: bool) {
        if playing && self.run.sim.is_finished() {
            return;
        }
        self.playing = playing;
        self.pacer.forgive();
    }

    fn apply(&mut self, command: engine::Command) {
        let run = &mut self.run;
        match run.sim.apply(command.clone()) {
            Ok(()) => {
                // The engine's own copy of the scenario has every live change applied.
                run.effective = Arc::new(run.sim.scenario().clone());
                run.command_error = None;
                // A change of the user's own rewrites the future: recorded commands
                // after this moment (from a seek back or a session) no longer apply.
                if !matches!(command, engine::Command::Reseed { .. }) {
                    run.seeker.forget_future();
                }
            }
            Err(e) => run.command_error = Some(Arc::new(e.into())),
        }
    }

    /// Replaces the simulation if `loaded` is a scenario that builds; otherwise keeps the
    /// current one and records the problem.
    fn load(&mut self, loaded: Result<Scenario, ScenarioError>, source: ScenarioSource, what: String) {
        let built = loaded.map_err(|e| (e.to_string(), Some(e))).and_then(|s| {
            let seed = s.seed;
            lesson::start(&Arc::new(s), None, seed).map_err(|e| (format!("{what}: {e}"), None))
        });
        match built {
            Ok(started) => {
                self.source = source;
                self.problem = None;
                self.install(started);
                self.set_playing(true);
            }
            Err((message, error)) => self.report_problem(what, message, error),
        }
    }

    fn report_problem(&mut self, what: String, message: String, error: Option<ScenarioError>) {
        self.problem_serial += 1;
        self.problem = Some(Arc::new(LoadProblem { what, message, error, serial: self.problem_serial }));
    }

    /// A fresh simulation of the loaded scenario with `seed`, at time zero, same playback
    /// state. A lesson's run starts again with the same question and a fresh checklist.
    fn restart(&mut self, seed: u64) {
        let started = match &self.run.lesson {
            Some(lesson) => lesson::start_trial(lesson.base(), lesson.trial(), seed),
            None => lesson::start(&self.run.loaded, None, seed),
        };
        match started {
            Ok(started) => self.install(started),
            // The scenario built before with another seed; a seed cannot break it, but
            // say so rather than panic if it ever does.
            Err(e) => self.run.command_error = Some(e.into()),
        }
    }

    /// Replaces the run whole with a freshly started one (a new generation).
    fn install(&mut self, started: Started) {
        self.run = Run::new(started);
        self.generation += 1;
        self.pacer.forgive();
    }

    /// Advances virtual time for `wall` of wall time at the current speed, computing in
    /// slices until `budget` runs out. Does nothing while paused.
    pub fn advance(&mut self, wall: Duration, budget: Budget) {
        if !self.playing {
            return;
        }
        let sim = &self.run.sim;
        let start = sim.now();
        let (produced, events) = (sim.ledger().produced, sim.events_handled());
        let target = match self.speed {
            Speed::Times(_) => self.pacer.target(start, wall).min(sim.end()),
            Speed::Max => sim.end(),
        };
        self.advance_to(target, budget);
        let run = &mut self.run;
        if matches!(self.speed, Speed::Times(_)) {
            self.pacer.reached(target, run.sim.now());
        }
        run.played_wall_s += wall.as_secs_f64();
        run.meter.record(
            wall,
            run.sim.now().since(start),
            run.sim.ledger().produced - produced,
            run.sim.events_handled() - events,
        );
        if run.sim.is_finished() {
            self.playing = false;
        }
        self.changed = true;
    }

    /// Builds the snapshot the panels read. Shares the history, log and dead letters
    /// with earlier snapshots where they did not change.
    pub fn snapshot(&mut self) -> Snapshot {
        self.changed = false;
        let run = &mut self.run;
        run.views.sync(&run.sim);
        let sim = &run.sim;
        let now = sim.now();
        let status = sim.status();
        Snapshot {
            generation: self.generation,
            scenario: run.effective.clone(),
            source: self.source.clone(),
            seed: run.seed,
            now,
            end: sim.end(),
            sample_every: sim.sample_every(),
            playback: Playback {
                playing: self.playing,
                speed: self.speed,
                finished: sim.is_finished(),
                lag: self.pacer.lag(),
                achieved_speed: run.meter.virtual_per_wall_s(),
                ahead_of_wall_s: now.as_secs_f64() - run.played_wall_s,
                messages_per_wall_s: run.meter.messages_per_wall_s(),
                events_per_wall_s: run.meter.events_per_wall_s(),
            },
            ledger: status.ledger.clone(),
            latency: status.latency,
            status,
            history: run.views.history.view(),
            log: run.views.log.view(),
            dead_letters: run.views.dead_letters.clone(),
            events_handled: sim.events_handled(),
            load_problem: self.problem.clone(),
            command_error: run.command_error.clone(),
            timelines: run.views.timelines.clone(),
            breaker_windows: super::snapshot::breaker_windows(sim),
            lesson: run.lesson.as_mut().map(LessonDriver::view),
            whatif: super::snapshot::WhatIfView {
                live_changes: run.views.live_changes.clone(),
                checkpoints: run.seeker.checkpoint_times().into(),
                replay_pending: run.seeker.pending(),
                commands: sim.commands().len(),
            },
            journeys: run.views.journeys.clone(),
            traced: run.views.traced.clone(),
            pinned_journey: run.views.pinned_journey.clone(),
        }
    }
}

/// Virtual seconds per wall second (for pacing; "max" is not paced).
fn speed_factor(speed: Speed) -> f64 {
    match speed {
        Speed::Times(x) => x,
        Speed::Max => 0.0,
    }
}

#[cfg(test)]
mod tests;
