//! The state of one run: the simulation and everything that belongs to it alone.
//!
//! [`Run`] is built whole from a freshly started simulation ([`Run::new`]) and replaced
//! whole when another one is installed (load, reload, reset, a new seed, a question), so
//! no per-run field can be left over from the previous run: a new field is added here,
//! in one constructor, or it does not compile. What outlives runs (the source, playback,
//! the speed and the load problem) stays on the [`super::Runner`].

use super::lesson::{LessonDriver, Started};
use super::meter::PaceMeter;
use super::seek::Seeker;
use crate::engine::{self, EventLog, Simulation};
use crate::scenario::Scenario;
use crate::ui::snapshot::Refusal;
use crate::ui::snapshot::{DeadLetterTable, HistoryMirror, LogMirror, Timelines};
use std::sync::Arc;

/// One run of a scenario with one seed, from time zero.
pub(super) struct Run {
    /// The scenario as loaded (what reset returns to).
    pub loaded: Arc<Scenario>,
    /// The scenario with the live edits applied (what save writes).
    pub effective: Arc<Scenario>,
    pub sim: Simulation,
    /// The seed the run was built with (a live reseed does not change what reset uses).
    pub seed: u64,
    /// The checklist and scripted actions, for a scenario that teaches.
    pub lesson: Option<LessonDriver>,
    /// Checkpoints for seeking, and recorded commands to replay.
    pub seeker: Seeker,
    /// The last live edit (or replay, or seek) that failed, with why.
    pub command_error: Option<Arc<Refusal>>,
    /// How fast the run actually goes.
    pub meter: PaceMeter,
    /// Wall time spent playing, in seconds (a jump counts as played: "ahead of wall").
    pub played_wall_s: f64,
    /// The shared parts of the snapshots.
    pub views: Views,
}

impl Run {
    /// The run of a freshly started simulation, at its start.
    pub fn new(started: Started) -> Run {
        let Started { scenario, sim, lesson } = started;
        Run {
            effective: scenario.clone(),
            loaded: scenario,
            seed: sim.seed(),
            lesson,
            seeker: Seeker::new(&sim),
            command_error: None,
            meter: PaceMeter::default(),
            played_wall_s: 0.0,
            views: Views::new(&sim),
            sim,
        }
    }

    /// The simulation was replaced by another moment of the same run (a seek back):
    /// fresh views and pace figures, the clock "in step" with the wall time played.
    pub fn jumped(&mut self) {
        self.effective = Arc::new(self.sim.scenario().clone());
        self.views = Views::new(&self.sim);
        self.meter = PaceMeter::default();
        self.played_wall_s = self.sim.now().as_secs_f64();
    }

    /// Observes the lesson's checklist and applies its actions due, where the run stands.
    pub fn observe_lesson(&mut self) {
        if let Some(lesson) = self.lesson.as_mut() {
            lesson.observe(&mut self.sim);
        }
    }
}

/// The big parts of a snapshot, shared with earlier snapshots while they do not change:
/// mirrors that copy only what is new, and tables rebuilt only when their key changes.
pub(super) struct Views {
    pub history: HistoryMirror,
    pub log: LogMirror,
    pub dead_letters: Arc<DeadLetterTable>,
    dead_letters_key: (u64, u64),
    pub timelines: Arc<Timelines>,
    timelines_key: Option<u64>,
    /// The live changes as last handed out, shared until one is added.
    pub live_changes: Arc<[engine::LiveChange]>,
    /// The newest traced journeys, rebuilt when a step is recorded.
    pub journeys: Arc<[engine::Journey]>,
    journeys_key: Option<(usize, usize)>,
    /// Every kept journey's root and publish time (rebuilt when a root is added).
    pub traced: Arc<[(u64, f64)]>,
    /// The journey the user picked (by root), kept up to date like the newest.
    pub pinned: Option<u64>,
    pub pinned_journey: Option<Arc<engine::Journey>>,
    pinned_key: Option<PinnedKey>,
}

/// What the pinned journey was built from: the root asked for and the journeys' change key.
type PinnedKey = (Option<u64>, Option<(usize, usize)>);

/// Journeys a snapshot carries (the newest): a list to pick from, not the whole trace.
pub const JOURNEYS_SHOWN: usize = 100;

impl Views {
    pub fn new(sim: &Simulation) -> Views {
        Views {
            history: HistoryMirror::default(),
            log: LogMirror::new(EventLog::DEFAULT_CAPACITY),
            dead_letters: Arc::new(DeadLetterTable::of(sim)),
            dead_letters_key: DeadLetterTable::change_key(sim),
            timelines: Arc::default(),
            timelines_key: None,
            live_changes: Arc::default(),
            journeys: Arc::default(),
            journeys_key: None,
            traced: Arc::default(),
            pinned: None,
            pinned_journey: None,
            pinned_key: None,
        }
    }

    /// Brings every view up to `sim`, rebuilding only what changed.
    pub fn sync(&mut self, sim: &Simulation) {
        self.history.sync(sim.history());
        self.log.sync(sim.log());
        let key = DeadLetterTable::change_key(sim);
        if key != self.dead_letters_key {
            self.dead_letters = Arc::new(DeadLetterTable::of(sim));
            self.dead_letters_key = key;
        }
        let key = Timelines::change_key(sim);
        if self.timelines_key != Some(key) {
            self.timelines = Arc::new(Timelines::of(sim));
            self.timelines_key = Some(key);
        }
        if *self.live_changes != *sim.live_changes() {
            self.live_changes = sim.live_changes().into();
        }
        let key = sim.journeys_change_key();
        if key != self.journeys_key {
            self.journeys = sim.recent_journeys(JOURNEYS_SHOWN).into();
            if sim.traced_count() != self.traced.len() {
                self.traced = sim.traced_roots().into();
            }
            self.journeys_key = key;
        }
        // The picked journey, unless the newest already carry it.
        let pinned_key = Some((self.pinned, key));
        if self.pinned_key != pinned_key {
            self.pinned_journey = self
                .pinned
                .filter(|root| !self.journeys.iter().any(|j| j.root == *root))
                .and_then(|root| sim.journey_of(root))
                .map(Arc::new);
            self.pinned_key = pinned_key;
        }
    }
}
