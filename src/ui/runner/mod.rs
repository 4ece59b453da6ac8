//! The runner: owns the `Simulation`, plays it in virtual time and publishes snapshots.
//!
//! [`Runner`] is the synchronous core: it takes [`Control`]s, advances by a slice of
//! wall time and builds [`Snapshot`]s. [`thread`] runs it on a background thread for the
//! app; tests drive it directly (or through [`RunnerLink::inline`]) so that every frame
//! advances virtual time by exactly the same amount and results are deterministic.

mod edits;
mod meter;
pub mod pacing;
mod thread;

pub use thread::{RunnerLink, RunnerThread};

use super::snapshot::{
    DeadLetterTable, HistoryMirror, LedgerView, LoadProblem, LogMirror, Playback, ScenarioSource, Snapshot, Speed,
};
use crate::engine::{self, EventLog, Simulation};
use crate::scenario::{self, Scenario};
use crate::time::{SimDuration, SimTime};
use meter::PaceMeter;
use pacing::Pacer;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The order pipeline, compiled in: what `faultline` opens without arguments.
pub const DEFAULT_SCENARIO: &str = include_str!("../../../scenarios/order-pipeline.ron");

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
}

impl Runner {
    /// A runner on `scenario`, paused at time zero.
    pub fn new(scenario: Scenario, source: ScenarioSource) -> Result<Runner, String> {
        let seed = scenario.seed;
        let sim = Simulation::with_seed(&scenario, seed).map_err(|e| e.to_string())?;
        let loaded = Arc::new(scenario);
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
        };
        runner.refresh_dead_letters();
        Ok(runner)
    }

    /// A runner on the built-in order pipeline.
    pub fn with_default_scenario() -> Runner {
        let scenario = scenario::parse_str(DEFAULT_SCENARIO, "order-pipeline.ron")
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
                    self.sim.step_one();
                }
            }
            Control::StepInterval => {
                self.set_playing(false);
                let every = self.sim.sample_every().0;
                let next = SimTime((self.sim.now().0 / every + 1).saturating_mul(every));
                self.sim.step_until(next.min(self.sim.end()));
            }
            Control::SetSpeed(speed) => {
                self.speed = speed;
                self.pacer.set_speed(speed_factor(speed));
            }
            Control::Reset => self.restart(self.loaded.clone(), self.seed),
            Control::SetSeed(seed) => self.restart(self.loaded.clone(), seed),
            Control::LoadFile(path) => {
                let what = path.display().to_string();
                let loaded = scenario::load_file(&path).map_err(|e| e.to_string());
                self.load(loaded, ScenarioSource::File(path), what);
            }
            Control::LoadText { name, text } => {
                let loaded = scenario::parse_str(&text, &name).map_err(|e| e.to_string());
                self.load(loaded, ScenarioSource::Dropped(name.clone()), name);
            }
            Control::LoadDefault => {
                let loaded = scenario::parse_str(DEFAULT_SCENARIO, "order-pipeline.ron").map_err(|e| e.to_string());
                self.load(loaded, ScenarioSource::Embedded, "built-in scenario".into());
            }
            Control::Reload => match self.source.clone() {
                ScenarioSource::File(path) => self.handle(Control::LoadFile(path)),
                ScenarioSource::Embedded => self.handle(Control::LoadDefault),
                // Dropped text has no file to re-read: start it again.
                ScenarioSource::Dropped(_) => self.restart(self.loaded.clone(), self.seed),
            },
            Control::Apply(command) => self.apply(command),
            Control::DismissProblem => self.problem = None,
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
                edits::apply_to_scenario(Arc::make_mut(&mut self.effective), &command);
                self.command_error = None;
            }
            Err(e) => self.command_error = Some(e.to_string().into()),
        }
    }

    /// Replaces the simulation if `loaded` is a scenario that builds; otherwise keeps the
    /// current one and records the problem.
    fn load(&mut self, loaded: Result<Scenario, String>, source: ScenarioSource, what: String) {
        let built = loaded.and_then(|s| match Simulation::with_seed(&s, s.seed) {
            Ok(sim) => Ok((s, sim)),
            Err(e) => Err(format!("{what}: {e}")),
        });
        match built {
            Ok((scenario, sim)) => {
                self.source = source;
                self.problem = None;
                self.install(Arc::new(scenario), sim);
                self.set_playing(true);
            }
            Err(message) => {
                self.problem_serial += 1;
                self.problem = Some(Arc::new(LoadProblem { what, message, serial: self.problem_serial }));
            }
        }
    }

    /// A fresh simulation of `scenario` with `seed`, at time zero, same playback state.
    fn restart(&mut self, scenario: Arc<Scenario>, seed: u64) {
        match Simulation::with_seed(&scenario, seed) {
            Ok(sim) => self.install(scenario, sim),
            // The scenario built before with another seed; a seed cannot break it, but
            // say so rather than panic if it ever does.
            Err(e) => self.command_error = Some(e.to_string().into()),
        }
    }

    fn install(&mut self, scenario: Arc<Scenario>, sim: Simulation) {
        self.not_modelled = sim.not_yet_modelled().into();
        self.seed = sim.seed();
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
            let slice_end = (self.sim.now() + self.slice).min(target);
            let began = Instant::now();
            self.sim.step_until(slice_end);
            self.adapt_slice(began.elapsed());
            if budget.exhausted() {
                break;
            }
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
        let now = self.sim.now();
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
