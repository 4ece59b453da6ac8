//! The runner: owns the `Simulation`, plays it in virtual time and publishes snapshots.
//!
//! [`Runner`] is the synchronous core: it takes [`Control`]s, advances by a slice of
//! wall time and builds [`Snapshot`]s. [`thread`] runs it on a background thread for the
//! app; tests drive it directly (or through [`RunnerLink::inline`]) so that every frame
//! advances virtual time by exactly the same amount and results are deterministic.

mod fork;
pub mod lesson;
mod meter;
pub mod pacing;
mod seek;
mod thread;

pub use fork::{SharedState, StateRequest};

pub use thread::{RunnerLink, RunnerThread};

use super::snapshot::{
    DeadLetterTable, HistoryMirror, LedgerView, LoadProblem, LogMirror, Playback, ScenarioSource, Snapshot, Speed,
    Timelines,
};
use crate::curriculum;
use crate::engine::{self, EventLog, Simulation};
use crate::scenario::{Scenario, ScenarioError};
use crate::time::{SimDuration, SimTime};
use lesson::{LessonDriver, Started};
use meter::PaceMeter;
use pacing::Pacer;
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
    /// Move the run to an earlier (or later) virtual time; see [`seek`].
    Seek(SimTime),
    /// Put a clone of the simulation in the request (fork, export, session save).
    ShareState(StateRequest),
    /// Load a saved session (scenario, seed, command log) and replay it as it plays.
    LoadSession(std::path::PathBuf),
}

/// How long one call to [`Runner::advance`] may compute.
#[derive(Clone, Copy, Debug)]
pub enum Budget {
    /// Until the target time is reached (tests: deterministic).
    Unlimited,
    /// Stop slicing at this wall instant (the thread: stays responsive).
    Until(Instant),
}

impl Budget {
    fn exhausted(self) -> bool {
        match self {
            Budget::Unlimited => false,
            Budget::Until(deadline) => Instant::now() >= deadline,
        }
    }
}

/// The engine slices grow and shrink so that one slice takes about this long: short
/// enough to check the budget often, long enough that slicing costs nothing.
const SLICE_TARGET: Duration = Duration::from_micros(1500);
const MIN_SLICE: SimDuration = SimDuration(1_000);
const MAX_SLICE: SimDuration = SimDuration::from_secs(60);

/// The runner's state: the simulation plus playback, mirrors and the last problems.
pub struct Runner {
    /// The scenario as loaded (what reset returns to).
    loaded: Arc<Scenario>,
    /// The scenario with the live edits applied (what save writes).
    effective: Arc<Scenario>,
    source: ScenarioSource,
    sim: Simulation,
    seed: u64,
    generation: u64,
    playing: bool,
    speed: Speed,
    pacer: Pacer,
    slice: SimDuration,
    meter: PaceMeter,
    played_wall_s: f64,
    history: HistoryMirror,
    log: LogMirror,
    dead_letters: Arc<DeadLetterTable>,
    dead_letters_key: (u64, u64),
    not_modelled: Arc<[&'static str]>,
    problem: Option<Arc<LoadProblem>>,
    problem_serial: u64,
    command_error: Option<Arc<str>>,
    changed: bool,
    /// The checklist and scripted actions, for a scenario that teaches.
    lesson: Option<LessonDriver>,
    timelines: Arc<Timelines>,
    timelines_key: Option<u64>,
    /// Checkpoints for seeking, and recorded commands to replay.
    seeker: seek::Seeker,
    /// The live changes as last handed out, shared until one is added.
    live_changes: Arc<[engine::LiveChange]>,
}

impl Runner {
    /// A runner on `scenario`, paused at time zero.
    pub fn new(scenario: Scenario, source: ScenarioSource) -> Result<Runner, lesson::StartError> {
        let seed = scenario.seed;
        let Started { scenario: loaded, sim, lesson } = lesson::start(&Arc::new(scenario), None, seed)?;
        let seeker = seek::Seeker::new(&sim);
        let mut runner = Runner {
            effective: loaded.clone(),
            loaded,
            source,
            not_modelled: sim.not_yet_modelled().into(),
            sim,
            seed,
            generation: 0,
            playing: false,
            speed: Speed::Times(1.0),
            pacer: Pacer::new(1.0),
            slice: SimDuration::from_millis(1),
            meter: PaceMeter::default(),
            played_wall_s: 0.0,
            history: HistoryMirror::default(),
            log: LogMirror::new(EventLog::DEFAULT_CAPACITY),
            dead_letters: Arc::default(),
            dead_letters_key: (u64::MAX, u64::MAX),
            problem: None,
            problem_serial: 0,
            command_error: None,
            changed: true,
            lesson,
            timelines: Arc::default(),
            timelines_key: None,
            seeker,
            live_changes: Arc::default(),
        };
        runner.refresh_dead_letters();
        Ok(runner)
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
        self.sim.now()
    }

    /// Read-only access for tests and measurements.
    pub fn simulation(&self) -> &Simulation {
        &self.sim
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
                if !self.sim.is_finished() {
                    self.step_one();
                }
            }
            Control::StepInterval => {
                self.set_playing(false);
                let every = self.sim.sample_every().0;
                let next = SimTime((self.sim.now().0 / every + 1).saturating_mul(every));
                self.step_to(next.min(self.sim.end()));
            }
            Control::SetSpeed(speed) => {
                self.speed = speed;
                self.pacer.set_speed(speed_factor(speed));
            }
            Control::Reset => self.restart(self.loaded.clone(), self.seed),
            Control::SetSeed(seed) => self.restart(self.loaded.clone(), seed),
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
                None => self.report_problem(id.clone(), format!("no lesson `{id}` in the curriculum")),
            },
            Control::TryQuestion(question) => {
                let base = self.lesson.as_ref().map_or_else(|| self.loaded.clone(), |l| l.base().clone());
                match lesson::start(&base, question, self.seed) {
                    Ok(started) => {
                        self.install(started);
                        self.set_playing(true);
                    }
                    Err(e) => self.command_error = Some(e.into()),
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
                ScenarioSource::Dropped(_) => self.restart(self.loaded.clone(), self.seed),
            },
            Control::Apply(command) => self.apply(command),
            Control::DismissProblem => self.problem = None,
            Control::Seek(t) => self.seek_to(t),
            Control::ShareState(request) => request.fill(&self.sim, self.seeker.pending_commands()),
            Control::LoadSession(path) => self.load_session(&path),
        }
    }

    /// Handles one event; with a lesson, stops at its next stop instead if that comes
    /// first, so an expectation's `at` or an action is never stepped over.
    fn step_one(&mut self) {
        if self.replay_instead_of_step() {
            return;
        }
        match &mut self.lesson {
            Some(lesson) => {
                let stop = lesson.next_stop(self.sim.now());
                match (stop, self.sim.next_event_at()) {
                    (Some(stop), Some(next)) if stop < next => self.sim.step_until(stop),
                    _ => {
                        self.sim.step_one();
                    }
                }
                lesson.observe(&mut self.sim);
            }
            None => {
                self.sim.step_one();
            }
        }
    }

    /// Advances to `t` in one go (a lesson observed at each of its stops on the way).
    /// Recorded commands to replay on the way are applied at their exact moments.
    fn step_to(&mut self, t: SimTime) {
        loop {
            let cap = self.replay_cap(t);
            match &mut self.lesson {
                Some(lesson) => lesson.step_until(&mut self.sim, cap),
                None => self.sim.step_until(cap),
            }
            self.replay_due();
            self.seeker.observe(&self.sim);
            if cap >= t || self.sim.now() >= t {
                break;
            }
        }
    }

    fn set_playing(&mut self, playing: bool) {
        if playing && self.sim.is_finished() {
            return;
        }
        self.playing = playing;
        self.pacer.forgive();
    }

    fn apply(&mut self, command: engine::Command) {
        match self.sim.apply(command.clone()) {
            Ok(()) => {
                // The engine's own copy of the scenario has every live change applied.
                self.effective = Arc::new(self.sim.scenario().clone());
                self.command_error = None;
                // A change of the user's own rewrites the future: recorded commands
                // after this moment (from a seek back or a session) no longer apply.
                if !matches!(command, engine::Command::Reseed { .. }) {
                    self.seeker.forget_future();
                }
            }
            Err(e) => self.command_error = Some(e.to_string().into()),
        }
    }

    /// Replaces the simulation if `loaded` is a scenario that builds; otherwise keeps the
    /// current one and records the problem.
    fn load(&mut self, loaded: Result<Scenario, ScenarioError>, source: ScenarioSource, what: String) {
        let built = loaded.map_err(|e| e.to_string()).and_then(|s| {
            let seed = s.seed;
            lesson::start(&Arc::new(s), None, seed).map_err(|e| format!("{what}: {e}"))
        });
        match built {
            Ok(started) => {
                self.source = source;
                self.problem = None;
                self.install(started);
                self.set_playing(true);
            }
            Err(message) => self.report_problem(what, message),
        }
    }

    fn report_problem(&mut self, what: String, message: String) {
        self.problem_serial += 1;
        self.problem = Some(Arc::new(LoadProblem { what, message, serial: self.problem_serial }));
    }

    /// A fresh simulation of `scenario` with `seed`, at time zero, same playback state.
    /// A lesson's run starts again with the same question and a fresh checklist.
    fn restart(&mut self, scenario: Arc<Scenario>, seed: u64) {
        let started = match &self.lesson {
            Some(lesson) => lesson::start(lesson.base(), lesson.question(), seed),
            None => lesson::start(&scenario, None, seed),
        };
        match started {
            Ok(started) => self.install(started),
            // The scenario built before with another seed; a seed cannot break it, but
            // say so rather than panic if it ever does.
            Err(e) => self.command_error = Some(e.into()),
        }
    }

    fn install(&mut self, started: Started) {
        let Started { scenario, sim, lesson } = started;
        self.lesson = lesson;
        self.timelines_key = None;
        self.not_modelled = sim.not_yet_modelled().into();
        self.seed = sim.seed();
        self.seeker = seek::Seeker::new(&sim);
        self.sim = sim;
        self.loaded = scenario.clone();
        self.effective = scenario;
        self.generation += 1;
        self.pacer.forgive();
        self.meter = PaceMeter::default();
        self.played_wall_s = 0.0;
        self.history = HistoryMirror::default();
        self.log = LogMirror::new(EventLog::DEFAULT_CAPACITY);
        self.command_error = None;
        self.dead_letters_key = (u64::MAX, u64::MAX);
        self.refresh_dead_letters();
    }

    /// Advances virtual time for `wall` of wall time at the current speed, computing in
    /// slices until `budget` runs out. Does nothing while paused.
    pub fn advance(&mut self, wall: Duration, budget: Budget) {
        if !self.playing {
            return;
        }
        let start = self.sim.now();
        let (produced, events) = (self.sim.ledger().produced, self.sim.events_handled());
        let end = self.sim.end();
        let target = match self.speed {
            Speed::Times(_) => self.pacer.target(start, wall).min(end),
            Speed::Max => end,
        };
        while self.sim.now() < target {
            let mut slice_end = self.replay_cap((self.sim.now() + self.slice).min(target));
            // A lesson's stop ends the slice there, to be observed exactly then.
            let stop = self.lesson.as_ref().and_then(|l| l.next_stop(self.sim.now())).filter(|s| *s <= slice_end);
            if let Some(stop) = stop {
                slice_end = stop;
            }
            let began = Instant::now();
            self.sim.step_until(slice_end);
            if let (Some(_), Some(lesson)) = (stop, self.lesson.as_mut()) {
                lesson.observe(&mut self.sim);
            }
            self.replay_due();
            self.seeker.observe(&self.sim);
            self.adapt_slice(began.elapsed());
            if budget.exhausted() {
                break;
            }
        }
        // Once per tick the checklist shows the values so far (and decides what the end
        // of the run decides).
        if let Some(lesson) = self.lesson.as_mut() {
            lesson.observe(&mut self.sim);
        }
        if matches!(self.speed, Speed::Times(_)) {
            self.pacer.reached(target, self.sim.now());
        }
        self.played_wall_s += wall.as_secs_f64();
        self.meter.record(
            wall,
            self.sim.now().since(start),
            self.sim.ledger().produced - produced,
            self.sim.events_handled() - events,
        );
        if self.sim.is_finished() {
            self.playing = false;
        }
        self.changed = true;
    }

    fn adapt_slice(&mut self, took: Duration) {
        if took < SLICE_TARGET / 2 {
            self.slice = SimDuration(self.slice.0.saturating_mul(2)).min(MAX_SLICE);
        } else if took > SLICE_TARGET * 2 {
            self.slice = SimDuration(self.slice.0 / 2).max(MIN_SLICE);
        }
    }

    /// Builds the snapshot the panels read. Shares the history, log and dead letters
    /// with earlier snapshots where they did not change.
    pub fn snapshot(&mut self) -> Snapshot {
        self.changed = false;
        self.history.sync(self.sim.history());
        self.log.sync(self.sim.log());
        self.refresh_dead_letters();
        self.refresh_timelines();
        let now = self.sim.now();
        if *self.live_changes != *self.sim.live_changes() {
            self.live_changes = self.sim.live_changes().into();
        }
        Snapshot {
            generation: self.generation,
            scenario: self.effective.clone(),
            source: self.source.clone(),
            seed: self.seed,
            now,
            end: self.sim.end(),
            sample_every: self.sim.sample_every(),
            playback: Playback {
                playing: self.playing,
                speed: self.speed,
                finished: self.sim.is_finished(),
                lag: self.pacer.lag(),
                achieved_speed: self.meter.virtual_per_wall_s(),
                ahead_of_wall_s: now.as_secs_f64() - self.played_wall_s,
                messages_per_wall_s: self.meter.messages_per_wall_s(),
                events_per_wall_s: self.meter.events_per_wall_s(),
            },
            status: self.sim.status(),
            ledger: LedgerView::of(&self.sim),
            latency: self.sim.latency().summary(),
            history: self.history.view(),
            log: self.log.view(),
            dead_letters: self.dead_letters.clone(),
            not_modelled: self.not_modelled.clone(),
            events_handled: self.sim.events_handled(),
            load_problem: self.problem.clone(),
            command_error: self.command_error.clone(),
            timelines: self.timelines.clone(),
            breaker_windows: super::snapshot::breaker_windows(&self.sim),
            lesson: self.lesson.as_mut().map(LessonDriver::view),
            whatif: super::snapshot::WhatIfView {
                live_changes: self.live_changes.clone(),
                checkpoints: self.seeker.checkpoint_times().into(),
                replay_pending: self.seeker.pending(),
                commands: self.sim.commands().len(),
            },
        }
    }

    fn refresh_timelines(&mut self) {
        let key = Timelines::change_key(&self.sim);
        if self.timelines_key != Some(key) {
            self.timelines = Arc::new(Timelines::of(&self.sim));
            self.timelines_key = Some(key);
        }
    }

    fn refresh_dead_letters(&mut self) {
        let key = DeadLetterTable::change_key(&self.sim);
        if key != self.dead_letters_key {
            self.dead_letters = Arc::new(DeadLetterTable::of(&self.sim));
            self.dead_letters_key = key;
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
