//! Availability of structures of units, as numbers of the run's report: a consumer
//! group's instances, a service's replicas, and the structures a scenario's laws name (a
//! chain in series, k out of n). Beside [`super::availability`], which keeps one unit's
//! figures; a structure's figures come from how its units' downs overlap, which the
//! units' bounded timelines cannot tell over a long run.
//!
//! Each structure integrates, as its units change state, the time it spent with exactly
//! j of its n units up, for every j (constant memory, exact for a run of any length and
//! any number of changes). Every share the report gives is a sum of those times: at least
//! one up (parallel redundancy), all up (a chain), at least k up (k-out-of-n). The
//! analytic values beside them are the reliability-block-diagram formulas for independent
//! units (O'Connor, *Practical Reliability Engineering*, §6): 1 − Π(1 − Aᵢ), Π Aᵢ and
//! P(at least k of n up), each Aᵢ = MTBF/(MTBF + MTTR) of unit i's distributions' means.

use super::ids::UnitId;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};

/// What a structure is: the report files its figures under this.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StructureOf {
    /// A consumer group's instances as configured (`instances`), in parallel.
    Group(String),
    /// A service's replicas.
    Replicas(String),
    /// A `Law(Serial(components))` of the scenario: the components in series.
    Serial(Vec<String>),
    /// A `Law(KOutOfN(group, k))`: up while at least `k` of the group's instances are.
    KOutOfN { group: String, k: usize },
}

impl StructureOf {
    /// The key of a law's structure in the report's `structures` map (`None` for a group's
    /// or a service's, which the report files under the group or service): no dot, so a
    /// dotted path reaches it (`structures.serial:api+db.observed`).
    pub fn key(&self) -> Option<String> {
        match self {
            StructureOf::Group(_) | StructureOf::Replicas(_) => None,
            StructureOf::Serial(components) => Some(format!("serial:{}", components.join("+"))),
            StructureOf::KOutOfN { group, k } => Some(format!("{k}-of:{group}")),
        }
    }
}

/// Time with exactly j of a structure's units up, for j = 0..=n, since the statistics
/// started.
#[derive(Clone, Debug, PartialEq)]
pub struct UpCount {
    of: StructureOf,
    units: Vec<UnitId>,
    /// Units up (observed and not down) now.
    up_now: usize,
    /// Where the integration starts: time zero, or the end of a warm-up.
    since: SimTime,
    /// The last change (time before it is in `time_with`).
    last: SimTime,
    /// `time_with[j]`: time spent with exactly j units up, up to `last`.
    time_with: Vec<SimDuration>,
}

impl UpCount {
    /// A structure of `units`, `up_now` of them up at `now`.
    pub(in crate::engine) fn new(of: StructureOf, units: Vec<UnitId>, now: SimTime, up_now: usize) -> UpCount {
        let n = units.len();
        UpCount { of, units, up_now: up_now.min(n), since: now, last: now, time_with: vec![SimDuration::ZERO; n + 1] }
    }

    pub fn of(&self) -> &StructureOf {
        &self.of
    }

    pub fn units(&self) -> &[UnitId] {
        &self.units
    }

    /// Whether `unit` is one of the structure's.
    pub fn has(&self, unit: UnitId) -> bool {
        self.units.contains(&unit)
    }

    /// From `now` on, `up_now` of the units are up. Several changes at one instant add
    /// nothing between them, so their order does not matter.
    pub(in crate::engine) fn set_up(&mut self, now: SimTime, up_now: usize) {
        let span = now - self.last;
        self.time_with[self.up_now] = self.time_with[self.up_now] + span;
        self.last = now;
        self.up_now = up_now.min(self.units.len());
    }

    /// Forgets the time so far and integrates from `now` (the end of a warm-up, as every
    /// unit's figures restart there).
    pub(in crate::engine) fn restart(&mut self, now: SimTime) {
        self.time_with.iter_mut().for_each(|t| *t = SimDuration::ZERO);
        self.since = now;
        self.last = now;
    }

    /// The shares of the time from the start of the statistics to `now` with at least j
    /// units up, for j = 0..=n (the first is 1). At no time elapsed, the state now.
    pub fn at_least_up(&self, now: SimTime) -> Vec<f64> {
        let mut time_with: Vec<u64> = self.time_with.iter().map(|t| t.0).collect();
        time_with[self.up_now] += (now - self.last).0;
        let total: u64 = time_with.iter().sum();
        let mut shares = vec![0.0; time_with.len()];
        let mut from_here = 0u64;
        for j in (0..time_with.len()).rev() {
            from_here += time_with[j];
            shares[j] =
                if total == 0 { if self.up_now >= j { 1.0 } else { 0.0 } } else { from_here as f64 / total as f64 };
        }
        shares
    }
}

/// P(at least `k` of independent units up), unit i up with probability `each[i]`: the
/// distribution of the number up, built one unit at a time (exact for differing Aᵢ; the
/// binomial Σᵢ₌ₖⁿ C(n,i)·Aⁱ(1 − A)ⁿ⁻ⁱ when all are equal).
pub fn at_least_up(each: &[f64], k: usize) -> f64 {
    let mut up = vec![1.0];
    for a in each {
        let mut next = vec![0.0; up.len() + 1];
        for (n, p) in up.iter().enumerate() {
            next[n] += p * (1.0 - a);
            next[n + 1] += p * a;
        }
        up = next;
    }
    up.iter().skip(k).sum()
}

/// A structure's figures at one instant, for the status and the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StructureStatus {
    pub of: StructureOf,
    /// Its units' names.
    pub units: Vec<String>,
    /// The observed share of the time with at least j units up, j = 0..=n.
    pub at_least_up: Vec<f64>,
    /// Each unit's MTBF/(MTBF+MTTR); `None` when a unit has no stochastic failures, or the
    /// structure's membership varies (an autoscaled group), where no closed form applies.
    pub each_analytic: Option<Vec<f64>>,
}

impl StructureStatus {
    /// The observed share with at least `k` up (1 for k = 0; 0 above n).
    pub fn observed_at_least(&self, k: usize) -> f64 {
        self.at_least_up.get(k).copied().unwrap_or(0.0)
    }

    /// The independent-units value of the same share, when every unit has one.
    pub fn analytic_at_least(&self, k: usize) -> Option<f64> {
        self.each_analytic.as_ref().map(|each| at_least_up(each, k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: u64) -> SimTime {
        SimTime(x * 1_000_000_000)
    }

    /// Three units over 10 s: all up 0–2, two up 2–5, one up 5–6, none up 6–7, two up
    /// 7–10. At least one up: 9 s of 10; all up: 2 s; at least two: 2 + 3 + 3 = 8 s.
    #[test]
    fn shares_from_a_hand_count() {
        let units = vec![UnitId::from(0usize), UnitId::from(1usize), UnitId::from(2usize)];
        let mut c = UpCount::new(StructureOf::Group("g".into()), units, s(0), 3);
        c.set_up(s(2), 2);
        c.set_up(s(5), 1);
        c.set_up(s(6), 0);
        c.set_up(s(7), 2);
        let shares = c.at_least_up(s(10));
        assert_eq!(shares, vec![1.0, 0.9, 0.8, 0.2]);
        // A warm-up ending at 10 s: from there, two up throughout.
        c.restart(s(10));
        assert_eq!(c.at_least_up(s(10)), vec![1.0, 1.0, 1.0, 0.0]);
        assert_eq!(c.at_least_up(s(20)), vec![1.0, 1.0, 1.0, 0.0]);
    }

    /// Two units of A = 0.9: P(≥1) = 1 − 0.01 = 0.99, P(2) = 0.81; three of A = 0.9, two
    /// needed: 3·0.81·0.1 + 0.729 = 0.972.
    #[test]
    fn closed_forms() {
        assert!((at_least_up(&[0.9, 0.9], 1) - 0.99).abs() < 1e-12);
        assert!((at_least_up(&[0.9, 0.9], 2) - 0.81).abs() < 1e-12);
        assert!((at_least_up(&[0.9, 0.9, 0.9], 2) - 0.972).abs() < 1e-12);
        assert_eq!(at_least_up(&[0.9], 0), 1.0);
    }
}
