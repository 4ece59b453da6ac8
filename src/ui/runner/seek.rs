//! Seeking back (and forward) in time, and sessions.
//!
//! The runner keeps [`session::Timeline`] checkpoints of its run (bounded: when the store
//! fills, every other checkpoint goes and the spacing doubles). Seeking to an earlier
//! moment rebuilds the state there exactly from the nearest checkpoint and the recorded
//! commands, then playback goes on from there. The commands recorded after that moment
//! are not forgotten: they wait in a replay queue and are applied again at exactly their
//! moments (after the same number of events) as the run passes them, as a video plays
//! back — until the user makes a change of their own, which rewrites the future and
//! drops the rest of the queue. A loaded session starts at time zero with all its
//! commands in the queue, so playing it replays the recorded run bit for bit.

use super::run::Run;
use super::{Budget, Runner, lesson};
use crate::engine::{Command, Simulation, TimedCommand};
use crate::session::{self, Session, Timeline};
use crate::time::{SimDuration, SimTime};
use crate::ui::snapshot::Refusal;
use crate::ui::snapshot::ScenarioSource;
use std::collections::VecDeque;
use std::path::Path;
use std::sync::Arc;

/// Checkpoints kept at most (about 1–3 MB each).
const CHECKPOINTS: usize = Timeline::DEFAULT_CAPACITY;

/// The runner's checkpoints and the recorded commands still to replay.
pub(super) struct Seeker {
    timeline: Timeline,
    pending: VecDeque<TimedCommand>,
}

impl Seeker {
    /// Checkpoints of `sim` from now, spaced so that a run of the scenario's length fills
    /// about half the store before the first thinning.
    pub(super) fn new(sim: &Simulation) -> Seeker {
        let every = SimDuration((sim.end().0 / (CHECKPOINTS as u64 / 2)).max(SimDuration::from_secs(1).0));
        Seeker { timeline: Timeline::new(sim, every, CHECKPOINTS), pending: VecDeque::new() }
    }

    pub(super) fn observe(&mut self, sim: &Simulation) {
        self.timeline.observe(sim);
    }

    pub(super) fn checkpoint_times(&self) -> Vec<SimTime> {
        self.timeline.times()
    }

    pub(super) fn pending(&self) -> usize {
        self.pending.len()
    }

    pub(super) fn pending_commands(&self) -> Vec<TimedCommand> {
        self.pending.iter().cloned().collect()
    }

    /// The user changed something: the recorded future no longer applies.
    pub(super) fn forget_future(&mut self) {
        self.pending.clear();
    }
}

impl Runner {
    /// Moves the run to `t`: back from a checkpoint, or forward by running.
    pub(super) fn seek_to(&mut self, t: SimTime) {
        let run = &mut self.run;
        let t = t.min(run.sim.end());
        if t >= run.sim.now() {
            // A jump, not playback: the clock stays "in step" with the wall time played.
            run.played_wall_s += t.since(run.sim.now()).as_secs_f64();
            self.advance_to(t, Budget::Unlimited);
            return;
        }
        let state = match run.seeker.timeline.seek(&run.sim, t) {
            Ok(state) => state,
            Err(e) => {
                run.command_error = Some(Arc::new(Refusal::SeekBack { to: t, reason: e.to_string() }));
                return;
            }
        };
        // What was recorded after `t` is played back again as the run passes it.
        let seen = state.commands().len();
        let mut future: VecDeque<TimedCommand> = run.sim.commands()[seen..].iter().cloned().collect();
        future.extend(run.seeker.pending.drain(..));
        run.seeker.timeline.truncate_after(t);
        run.lesson = match run.lesson.take() {
            Some(driver) => match driver.resumed(&state) {
                Ok(resumed) => {
                    // The lesson applies its own scripted actions again; do not replay them twice.
                    future.retain(|c| !resumed.scripts(c));
                    Some(resumed)
                }
                Err(e) => {
                    run.command_error = Some(e.into());
                    None
                }
            },
            None => None,
        };
        run.seeker.pending = future;
        run.sim = state;
        // The same run at another moment: the generation stays, so the views keep their
        // settings.
        run.jumped();
        self.pacer.forgive();
        if self.run.sim.is_finished() {
            self.playing = false;
        }
        self.changed = true;
    }

    /// Loads a saved session: its scenario and seed at time zero, its commands queued to
    /// replay at their moments as the run plays.
    pub(super) fn load_session(&mut self, path: &Path) {
        let what = path.display().to_string();
        let loaded = Session::load(path).map_err(|e| e.to_string()).and_then(|session| {
            let started = lesson::start(&Arc::new(session.scenario.clone()), None, session.seed)
                .map_err(|e| format!("{what}: {e}"))?;
            Ok((session, started))
        });
        match loaded {
            Ok((session, started)) => {
                // A lesson re-applies its own scripted actions; the queue holds the rest.
                let scripted = |c: &TimedCommand| started.lesson.as_ref().is_some_and(|d| d.scripts(c));
                let pending: VecDeque<TimedCommand> =
                    session.commands.iter().filter(|c| !scripted(c)).cloned().collect();
                self.source = ScenarioSource::File(path.to_path_buf());
                self.problem = None;
                self.install(started);
                self.run.seeker.pending = pending;
                // Commands recorded at the very start are due already.
                self.advance_to(self.run.sim.now(), Budget::Unlimited);
                self.set_playing(true);
            }
            Err(message) => self.report_problem(what, message, None),
        }
    }
}

impl Run {
    /// Where a leg that wants to end at `t` must end instead: just before the next
    /// command to replay (which then waits for its exact event count).
    pub(super) fn replay_cap(&self, t: SimTime) -> SimTime {
        match self.seeker.pending.front() {
            Some(next) if next.at <= t => SimTime(next.at.0.saturating_sub(1)).max(self.sim.now()),
            _ => t,
        }
    }

    /// Replays the recorded commands that are due now (the run stands just before them).
    pub(super) fn replay_due(&mut self) {
        while self.seeker.pending.front().is_some_and(|next| next.at.0.saturating_sub(1) <= self.sim.now().0) {
            if !self.replay_next() {
                break;
            }
        }
    }

    /// The single step's replay: the next recorded command if every event before it has
    /// been handled (it comes before the next event). Returns whether one was replayed.
    pub(super) fn replay_if_counted(&mut self) -> bool {
        match self.seeker.pending.front() {
            Some(next) if self.sim.events_handled() >= next.after_events => {
                self.replay_next();
                true
            }
            _ => false,
        }
    }

    /// Replays the next recorded command at its exact moment. A command that cannot be
    /// replayed stops the replay (the rest of the queue goes) and says why; returns
    /// whether the replay goes on.
    fn replay_next(&mut self) -> bool {
        let Some(next) = self.seeker.pending.pop_front() else { return false };
        let index = self.sim.commands().len();
        if let Err(e) = session::replay_exactly(&mut self.sim, index, &next) {
            self.command_error = Some(Arc::new(Refusal::ReplayStopped(e)));
            self.seeker.pending.clear();
            return false;
        }
        if changes_the_scenario(&next.command) {
            self.effective = Arc::new(self.sim.scenario().clone());
        }
        true
    }
}

/// Whether a command changes the scenario that save writes (a parameter change).
fn changes_the_scenario(command: &Command) -> bool {
    matches!(command, Command::Set { .. }) || is_parameter(command)
}

/// The older specific commands that are parameter changes too.
fn is_parameter(command: &Command) -> bool {
    matches!(
        command,
        Command::SetArrivalRate { .. }
            | Command::SetConcurrency { .. }
            | Command::SetServiceErrors { .. }
            | Command::SetServiceLatency { .. }
    )
}
