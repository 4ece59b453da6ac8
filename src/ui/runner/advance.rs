//! The one stepping loop. Play, the single step, the step to the next sample, a seek
//! forward and the replay of a loaded session all move the run with
//! [`Runner::advance_to`], so the three things that must stop a run exactly are handled
//! here once:
//!
//! - a lesson's stop (an expectation's `at`, a scripted action): the run stops there and
//!   the checklist is observed, as `LessonRun::step_until` does headless, so the
//!   dashboard ticks to the same verdicts as `faultline run`;
//! - a recorded command to replay (after a seek back, or from a session): the run stops
//!   just before its moment and the command is applied after exactly its recorded number
//!   of events;
//! - the seeker's checkpoints, taken as the run passes them.

use super::{Budget, Runner};
use crate::time::{SimDuration, SimTime};
use std::time::{Duration, Instant};

/// The engine slices grow and shrink so that one slice takes about this long: short
/// enough to check the budget often, long enough that slicing costs nothing.
const SLICE_TARGET: Duration = Duration::from_micros(1500);
const MIN_SLICE: SimDuration = SimDuration(1_000);
const MAX_SLICE: SimDuration = SimDuration::from_secs(60);

impl Runner {
    /// Advances the run toward `limit` (never past the scenario's end) within `budget`,
    /// in legs: each ends at the nearest of `limit`, the slice's end, the lesson's next
    /// stop and just before the next recorded command. With [`Budget::OneEvent`] it
    /// makes one move: the recorded command due, or the lesson's stop if it comes before
    /// the next event, or that event. Slicing never changes the simulation.
    pub(super) fn advance_to(&mut self, limit: SimTime, budget: Budget) {
        let limit = limit.min(self.run.sim.end());
        // A seek can land on a stop: the run is observed where it stands first (a moment
        // observed already is not observed again).
        self.run.observe_lesson();
        if let Budget::OneEvent = budget {
            self.step_event();
        } else {
            self.run.replay_due();
            while self.run.sim.now() < limit {
                let now = self.run.sim.now();
                let leg_end = self.run.replay_cap((now + self.slice).min(limit));
                let stop = self.run.lesson.as_ref().and_then(|l| l.next_stop(now)).filter(|&s| s <= leg_end);
                let began = Instant::now();
                self.run.sim.step_until(stop.unwrap_or(leg_end));
                if stop.is_some() {
                    self.run.observe_lesson();
                }
                self.run.replay_due();
                self.run.seeker.observe(&self.run.sim);
                self.adapt_slice(began.elapsed());
                if budget.exhausted() {
                    break;
                }
            }
        }
        // The checklist shows the values so far (and decides what the end of the run
        // decides).
        self.run.observe_lesson();
    }

    /// One move of the single step. A recorded command whose events have all been
    /// handled is the move (it waits for nothing else); otherwise one event, unless the
    /// lesson's next stop comes first, so an expectation's `at` or an action is never
    /// stepped over.
    fn step_event(&mut self) {
        let run = &mut self.run;
        if !run.replay_if_counted() {
            let stop = run.lesson.as_ref().and_then(|l| l.next_stop(run.sim.now()));
            match (stop, run.sim.next_event_at()) {
                (Some(stop), Some(next)) if stop < next => run.sim.step_until(stop),
                _ => {
                    run.sim.step_one();
                }
            }
        }
        run.seeker.observe(&run.sim);
    }

    fn adapt_slice(&mut self, took: Duration) {
        if took < SLICE_TARGET / 2 {
            self.slice = SimDuration(self.slice.0.saturating_mul(2)).min(MAX_SLICE);
        } else if took > SLICE_TARGET * 2 {
            self.slice = SimDuration(self.slice.0 / 2).max(MIN_SLICE);
        }
    }
}
