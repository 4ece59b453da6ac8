//! Snapshots: immutable pictures of the running system that the runner publishes and
//! the panels read. Nothing here refers to egui.
//!
//! A snapshot is built at most once per runner tick and shared behind an `Arc`; the big
//! parts (history, log, dead letters, scenario) are themselves shared so that building
//! one costs little more than the live status. Later issues add their own sections here
//! (breaker timelines, availability, alerts) as new fields.

mod dead_letters;
mod history;
mod lesson;
mod log;
mod refusal;
mod timelines;
mod whatif;

pub use dead_letters::{DeadLetterRow, DeadLetterTable};
pub use history::{HistoryMirror, HistoryView, RowChunk};
pub use lesson::LessonView;
pub use log::{LogMirror, LogView};
pub use refusal::Refusal;
pub use timelines::{
    AlertEpisodeMark, AlertTimeline, BreakerMark, BreakerTimeline, BreakerWindow, Timelines, breaker_windows,
};
pub use whatif::WhatIfView;

use crate::engine::LatencySummary;
use crate::engine::status::{LedgerStatus, SystemStatus};
use crate::scenario::Scenario;
pub use crate::time::Speed;
use crate::time::{SimDuration, SimTime};
use std::path::PathBuf;
use std::sync::Arc;

/// Where the loaded scenario came from.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioSource {
    /// The tour of failures compiled into the binary.
    Embedded,
    /// A file on disk (reload re-reads it).
    File(PathBuf),
    /// Text dropped onto the window without a path.
    Dropped(String),
    /// A lesson of the embedded curriculum, by its file name (`04-circuit-breaker.ron`).
    Lesson(&'static str),
}

impl ScenarioSource {
    /// Short name for the title and menus.
    pub fn label(&self) -> String {
        match self {
            ScenarioSource::Embedded => "built in".into(),
            ScenarioSource::File(path) => {
                path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
            }
            ScenarioSource::Dropped(name) => name.clone(),
            ScenarioSource::Lesson(file) => format!("lesson {file}"),
        }
    }

    pub fn path(&self) -> Option<&PathBuf> {
        match self {
            ScenarioSource::File(path) => Some(path),
            _ => None,
        }
    }
}

/// A scenario that could not be loaded; the previous one keeps running.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadProblem {
    /// What was being loaded ("orders.ron").
    pub what: String,
    /// The error's text: `FILE:LINE:COL: FIELD: message` lines from the scenario module
    /// (English).
    pub message: String,
    /// The located problems, when the scenario module found them: shown in the reader's
    /// language ([`ScenarioError::render`](crate::scenario::ScenarioError::render)).
    pub error: Option<crate::scenario::ScenarioError>,
    /// Increases with every new problem, so the UI can tell a repeat from the old one.
    pub serial: u64,
}

/// Playback state and how well the engine keeps pace.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Playback {
    pub playing: bool,
    pub speed: Speed,
    /// The run reached the scenario's end.
    pub finished: bool,
    /// How far the virtual clock trails the time the requested speed asks for.
    pub lag: SimDuration,
    /// Virtual seconds per wall second actually achieved over the last second of play.
    pub achieved_speed: f64,
    /// Virtual time minus wall time spent playing: positive = ahead of real time.
    pub ahead_of_wall_s: f64,
    /// Simulated messages produced per wall second over the last second.
    pub messages_per_wall_s: f64,
    /// Engine events per wall second over the last second.
    pub events_per_wall_s: f64,
}

impl Playback {
    /// The lag reached the pacer's cap: the run is slower than asked, not just briefly late.
    pub fn lag_is_capped(&self) -> bool {
        match self.speed {
            Speed::Times(x) => {
                let cap = crate::ui::runner::pacing::MAX_LAG_WALL.as_secs_f64() * x;
                self.lag.as_secs_f64() >= 0.9 * cap
            }
            Speed::Max => false,
        }
    }

    /// The lag is worth telling the user about (more than a few frames' worth).
    pub fn is_behind(&self) -> bool {
        match self.speed {
            Speed::Times(x) => self.playing && self.lag.as_secs_f64() > 0.25 * x.max(0.1),
            Speed::Max => false,
        }
    }
}

/// Everything a panel may show, at one virtual instant.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// Changes whenever a new simulation starts (load, reload, reset, seed): views reset.
    pub generation: u64,
    /// The scenario as loaded, with the live edits applied so far.
    pub scenario: Arc<Scenario>,
    pub source: ScenarioSource,
    pub seed: u64,
    pub now: SimTime,
    pub end: SimTime,
    pub sample_every: SimDuration,
    pub playback: Playback,
    pub status: SystemStatus,
    /// The status's ledger (the bar that is always visible reads it here).
    pub ledger: LedgerStatus,
    /// The status's end-to-end latency over the run.
    pub latency: LatencySummary,
    pub history: HistoryView,
    pub log: LogView,
    pub dead_letters: Arc<DeadLetterTable>,
    pub events_handled: u64,
    pub load_problem: Option<Arc<LoadProblem>>,
    /// The last live edit the engine refused (or seek or replay that failed), with why.
    pub command_error: Option<Arc<Refusal>>,
    /// Every breaker's transitions and every alert's episodes (shared until one changes).
    pub timelines: Arc<Timelines>,
    /// Every breaker's sliding window now.
    pub breaker_windows: Vec<BreakerWindow>,
    /// The lesson and its checklist, for a scenario with a lesson or expectations.
    pub lesson: Option<LessonView>,
    /// Live changes, seek checkpoints and replay (the what-if panels).
    pub whatif: WhatIfView,
    /// The newest traced message journeys, newest first (empty without `tracing`).
    pub journeys: Arc<[crate::engine::Journey]>,
    /// Every kept journey's root and the time it was published (seconds), by root id: what
    /// a dead letter, a log line or a plot can pick from.
    pub traced: Arc<[(u64, f64)]>,
    /// The journey picked by id when it is not among `journeys` (see `Control::PinJourney`).
    pub pinned_journey: Option<Arc<crate::engine::Journey>>,
}

impl Snapshot {
    /// Whether the tracer keeps the journey of root `root`.
    pub fn is_traced(&self, root: u64) -> bool {
        self.traced.binary_search_by_key(&root, |(r, _)| *r).is_ok()
    }

    /// The journey of root `root`, if this snapshot carries it.
    pub fn journey(&self, root: u64) -> Option<&crate::engine::Journey> {
        self.journeys.iter().find(|j| j.root == root).or(self.pinned_journey.as_deref().filter(|j| j.root == root))
    }

    /// The kept journeys whose root was published in the sample interval that holds `at`
    /// (`(k−1)·sample_every, k·sample_every]`, as a history row covers it), by root id.
    pub fn traced_near(&self, at: SimTime) -> Vec<(u64, f64)> {
        let every = self.sample_every.as_secs_f64().max(1e-9);
        let t = at.as_secs_f64();
        let end = (t / every).ceil().max(1.0) * every;
        let start = end - every;
        self.traced.iter().copied().filter(|(_, published)| *published > start && *published <= end).collect()
    }
}

impl Snapshot {
    /// Fraction of the run done, 0..=1.
    pub fn progress(&self) -> f32 {
        if self.end.0 == 0 { 1.0 } else { (self.now.0 as f64 / self.end.0 as f64).clamp(0.0, 1.0) as f32 }
    }
}
