//! Reliability structures of a consumer group's instances, as reliability textbooks
//! model them (O'Connor, *Practical Reliability Engineering*, §6; Trivedi, *Probability
//! and Statistics with Reliability, Queuing and Computer Science Applications*, §8):
//! standby spares (cold or warm, with a switch-over time), a repair crew shared by the
//! instances (the machine-repairman model) and common-cause shocks (the beta-factor
//! model). The state lives here; what the simulation does with it is `sim::standby`.

use super::ids::InstanceId;
use super::rng::Stream;
use super::sample::DurationSampler;
use crate::scenario::{ConsumerGroup, StandbyKind};
use crate::time::{SimDuration, SimTime};
use std::collections::VecDeque;

/// What an instance of a group with standby spares is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Role {
    /// It holds one of the group's active slots (every instance of a group without spares).
    #[default]
    Active,
    /// An idle spare: running (a warm one), or ready to start (a cold one), taking no traffic.
    Spare,
    /// A spare taking over an empty active slot: it serves when the switch-over is done.
    SwitchingIn,
}

/// Where a failed instance is in the repair crew's hands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RepairPhase {
    #[default]
    None,
    /// Failed, waiting for a free member of the crew.
    Waiting,
    /// Being repaired.
    InRepair,
}

/// A group's standby, crew and common-cause settings and their state.
#[derive(Clone, Debug)]
pub struct Redundancy {
    pub spares: u32,
    pub kind: StandbyKind,
    pub switch_over: SimDuration,
    /// Repairs at once; `None`: unlimited.
    pub crew: Option<u32>,
    pub under_repair: u32,
    /// Failed instances waiting for the crew, first failed first, with when they failed.
    pub waiting: VecDeque<(InstanceId, SimTime)>,
    /// Time between common-cause shocks, and the shocks' own stream.
    pub shocks: Option<(DurationSampler, Stream)>,
    /// How many active slots served, over the run.
    pub serving: ServingWatch,
    pub stats: RedundancyStats,
}

/// Counters of a group's structure.
#[derive(Clone, Copy, Debug, Default)]
pub struct RedundancyStats {
    /// Spares that began to take over an active slot.
    pub switch_overs: u64,
    /// Common-cause shocks, and the instances they took down.
    pub shocks: u64,
    pub shock_failures: u64,
    /// Repairs that had to wait for the crew; of those, the waits that ended with a repair
    /// starting, and their total (a wait ended by a command's repair or a scale-in is not
    /// a wait for the crew).
    pub crew_waits: u64,
    pub crew_waits_served: u64,
    pub crew_wait: SimDuration,
}

impl Redundancy {
    /// The structure of `spec`, when it has one (standby, a crew or common cause).
    pub fn of(spec: &ConsumerGroup) -> Option<Redundancy> {
        if spec.standby.is_none() && spec.repair_crew.is_none() && spec.common_cause.is_none() {
            return None;
        }
        let standby = spec.standby.as_ref();
        Some(Redundancy {
            spares: standby.map_or(0, |s| s.spares),
            kind: standby.map_or(StandbyKind::Cold, |s| s.kind),
            switch_over: standby.map_or(SimDuration::ZERO, |s| s.switch_over),
            crew: spec.repair_crew,
            under_repair: 0,
            waiting: VecDeque::new(),
            shocks: spec.common_cause.as_ref().map(|c| (DurationSampler::new(&c.mtbf), super::rng::unseeded())),
            serving: ServingWatch::new(spec.instances.saturating_sub(standby.map_or(0, |s| s.spares)) as usize),
            stats: RedundancyStats::default(),
        })
    }

    /// Active slots of a group of `provisioned` instances.
    pub fn active_slots(&self, provisioned: u32) -> u32 {
        provisioned.saturating_sub(self.spares)
    }

    /// Whether a member of the crew is free.
    pub fn crew_free(&self) -> bool {
        self.crew.is_none_or(|r| self.under_repair < r)
    }

    /// How an idle spare's failure rate compares with an active instance's: `None` when it
    /// does not fail (cold).
    pub fn idle_rate_factor(&self) -> Option<f64> {
        match self.kind {
            StandbyKind::Cold => None,
            StandbyKind::Warm(factor) => Some(factor),
        }
    }
}

/// Time spent with each number of active slots serving (exact over a run of any length,
/// constant memory, like `availability::StructureWatch`). Not reset by a warm-up: the
/// law it feeds is about the whole run.
#[derive(Clone, Debug, PartialEq)]
pub struct ServingWatch {
    /// Completed time with `s` slots serving, by `s`.
    time_at: Vec<SimDuration>,
    serving: usize,
    since: SimTime,
}

impl ServingWatch {
    /// All `slots` serving from time zero.
    pub fn new(slots: usize) -> ServingWatch {
        ServingWatch { time_at: vec![SimDuration::ZERO; slots + 1], serving: slots, since: SimTime::ZERO }
    }

    /// From `now`, `serving` slots serve.
    pub fn set(&mut self, serving: usize, now: SimTime) {
        if serving == self.serving {
            return;
        }
        self.close(now);
        self.serving = serving;
    }

    fn close(&mut self, now: SimTime) {
        if self.time_at.len() <= self.serving {
            self.time_at.resize(self.serving + 1, SimDuration::ZERO);
        }
        self.time_at[self.serving] = self.time_at[self.serving] + (now - self.since);
        self.since = now;
    }

    pub fn serving(&self) -> usize {
        self.serving
    }

    /// The share of `0..now` spent with exactly `s` slots serving, for each `s`.
    pub fn shares(&self, now: SimTime) -> Vec<f64> {
        let mut watch = self.clone();
        watch.close(now);
        let total = now.0 as f64;
        watch.time_at.iter().map(|t| if total > 0.0 { t.0 as f64 / total } else { 0.0 }).collect()
    }

    /// The share of `0..now` with at least `k` slots serving.
    pub fn at_least(&self, k: usize, now: SimTime) -> f64 {
        self.shares(now).iter().skip(k).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: u64) -> SimTime {
        SimTime(x * 1_000_000_000)
    }

    /// Two slots: both serve 0–10, one 10–12 (a switch-over), none 12–13, both to 20:
    /// shares 1/20, 2/20 and 17/20; at least one serving 19/20.
    #[test]
    fn serving_time_by_hand() {
        let mut w = ServingWatch::new(2);
        w.set(1, s(10));
        w.set(0, s(12));
        w.set(2, s(13));
        let shares = w.shares(s(20));
        assert_eq!(shares, [0.05, 0.1, 0.85]);
        assert!((w.at_least(1, s(20)) - 0.95).abs() < 1e-12);
    }
}
