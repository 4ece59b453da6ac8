//! Sessions: a run is reproducible from (scenario, seed, command log), so it can be saved,
//! replayed exactly (a teacher's prepared demonstration), and sought back in time.
//!
//! Seeking keeps periodic checkpoints — whole `Simulation` clones — and rebuilds any
//! earlier moment from the nearest checkpoint before it plus the recorded commands. The
//! checkpoint store is bounded: when full, every other checkpoint is dropped and the
//! spacing doubles, so a long run keeps a fixed number of checkpoints spread over all of it.

use crate::engine::{BuildError, CommandError, Simulation, TimedCommand};
use crate::scenario::{self, Scenario};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
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
    #[error("{origin}:{line}:{column}: {message}")]
    Parse { origin: String, line: usize, column: usize, message: String },
    #[error("{origin}: the session's scenario is not valid: {message}")]
    InvalidScenario { origin: String, message: String },
    #[error("{0}")]
    Build(#[from] BuildError),
    #[error("command {index} ({at}): {source}")]
    Replay { index: usize, at: SimTime, source: CommandError },
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

    /// Reads a session; the scenario inside is validated like a scenario file.
    pub fn parse(text: &str, origin: &str) -> Result<Session, SessionError> {
        let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let session: Session = options.from_str(text).map_err(|e| SessionError::Parse {
            origin: origin.to_string(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })?;
        scenario::validate(&session.scenario, origin)
            .map_err(|e| SessionError::InvalidScenario { origin: origin.to_string(), message: e.to_string() })?;
        Ok(session)
    }

    pub fn load(path: &Path) -> Result<Session, SessionError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SessionError::Read { path: path.display().to_string(), message: e.to_string() })?;
        Session::parse(&text, &path.display().to_string())
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
        sim.replay(command).map_err(|source| SessionError::Replay { index, at: command.at, source })?;
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
