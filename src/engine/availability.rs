//! Availability of one component (service, consumer instance, broker node): an up/down
//! timeline and the reliability figures derived from it.
//!
//! Definitions (as in reliability engineering, e.g. O'Connor, *Practical Reliability
//! Engineering*, §2): observed availability = up time / observed time; MTBF = up time /
//! failures (mean time between failures, counted from repair to next failure); MTTR =
//! time down in completed repairs / repairs. The analytic value MTBF/(MTBF+MTTR) uses the
//! means of the scenario's time-to-failure and time-to-repair distributions.

use super::ids::UnitId;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Transitions kept per component; older ones are evicted (and counted) so a long run
/// with frequent failures stays bounded. The figures above are exact regardless.
pub const TIMELINE_CAPACITY: usize = 512;

/// One change of state on the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub at: SimTime,
    pub up: bool,
}

/// Up/down bookkeeping of one component.
#[derive(Clone, Debug)]
pub struct Availability {
    /// Observation runs from here (a component created by the autoscaler starts later);
    /// `None` while not observed (an instance scaled in).
    observing_since: Option<SimTime>,
    /// Observed time before `observing_since` (earlier provisioned spells).
    observed_before: SimDuration,
    down_since: Option<SimTime>,
    /// Down time of completed down periods.
    down_completed: SimDuration,
    failures: u64,
    repairs: u64,
    /// Down time of completed repairs only (MTTR's numerator).
    repair_time: SimDuration,
    /// Start of the current sample interval and the down time inside it so far.
    interval_start: SimTime,
    interval_down: SimDuration,
    timeline: VecDeque<Transition>,
    timeline_evicted: u64,
    /// MTBF/(MTBF+MTTR) from the scenario's distributions, when it gives them.
    pub analytic: Option<f64>,
}

/// The figures a report or the UI shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AvailabilityFigures {
    pub observed: f64,
    pub analytic: Option<f64>,
    pub failures: u64,
    pub mtbf_s: Option<f64>,
    pub mttr_s: Option<f64>,
    pub down_seconds: f64,
}

impl Availability {
    /// A component observed from `now`, up.
    pub fn new(now: SimTime, analytic: Option<f64>) -> Availability {
        Availability {
            observing_since: Some(now),
            observed_before: SimDuration::ZERO,
            down_since: None,
            down_completed: SimDuration::ZERO,
            failures: 0,
            repairs: 0,
            repair_time: SimDuration::ZERO,
            interval_start: now,
            interval_down: SimDuration::ZERO,
            timeline: VecDeque::new(),
            timeline_evicted: 0,
            analytic,
        }
    }

    pub fn is_down(&self) -> bool {
        self.down_since.is_some()
    }

    pub fn is_observed(&self) -> bool {
        self.observing_since.is_some()
    }

    /// The component stopped serving. Returns false if it already was down (or unobserved).
    pub fn went_down(&mut self, now: SimTime) -> bool {
        if self.down_since.is_some() || self.observing_since.is_none() {
            return false;
        }
        self.down_since = Some(now);
        self.failures += 1;
        self.record(now, false);
        true
    }

    /// The component serves again. Returns false if it was not down.
    pub fn came_up(&mut self, now: SimTime) -> bool {
        let Some(since) = self.down_since.take() else { return false };
        let down = now - since;
        self.down_completed = self.down_completed + down;
        self.repairs += 1;
        self.repair_time = self.repair_time + down;
        self.interval_down = self.interval_down + (now - since.max(self.interval_start));
        self.record(now, true);
        true
    }

    /// Stops observing (an instance scaled in). An open down period is closed without
    /// counting as a repair.
    pub fn suspend(&mut self, now: SimTime) {
        let Some(start) = self.observing_since.take() else { return };
        if let Some(since) = self.down_since.take() {
            self.down_completed = self.down_completed + (now - since);
            self.interval_down = self.interval_down + (now - since.max(self.interval_start));
            self.record(now, true);
        }
        self.observed_before = self.observed_before + (now - start);
    }

    /// Observes again from `now`, up (an instance scaled out into an old slot).
    pub fn resume(&mut self, now: SimTime) {
        if self.observing_since.is_none() {
            self.observing_since = Some(now);
        }
    }

    /// Forgets the figures so far and observes from `now` (after a warm-up); a component
    /// down now counts as one failure starting now. The timeline is kept.
    pub fn restart_observation(&mut self, now: SimTime) {
        let observed = self.observing_since.is_some();
        let down = self.down_since.is_some();
        self.observing_since = observed.then_some(now);
        self.observed_before = SimDuration::ZERO;
        self.down_since = down.then_some(now);
        self.down_completed = SimDuration::ZERO;
        self.failures = u64::from(down);
        self.repairs = 0;
        self.repair_time = SimDuration::ZERO;
        self.interval_start = now;
        self.interval_down = SimDuration::ZERO;
    }

    fn record(&mut self, at: SimTime, up: bool) {
        if self.timeline.len() == TIMELINE_CAPACITY {
            self.timeline.pop_front();
            self.timeline_evicted += 1;
        }
        self.timeline.push_back(Transition { at, up });
    }

    /// The most recent transitions, oldest first (bounded by [`TIMELINE_CAPACITY`]).
    pub fn timeline(&self) -> &VecDeque<Transition> {
        &self.timeline
    }

    pub fn timeline_evicted(&self) -> u64 {
        self.timeline_evicted
    }

    fn observed(&self, now: SimTime) -> SimDuration {
        self.observed_before + self.observing_since.map_or(SimDuration::ZERO, |since| now - since)
    }

    fn down(&self, now: SimTime) -> SimDuration {
        self.down_completed + self.down_since.map_or(SimDuration::ZERO, |since| now - since)
    }

    /// The share of the current sample interval the component was up, then starts the
    /// next interval. An unobserved component counts as up (it is not failing).
    pub fn take_interval_up_fraction(&mut self, now: SimTime) -> f64 {
        let ongoing = self.down_since.map_or(SimDuration::ZERO, |since| now - since.max(self.interval_start));
        let down = self.interval_down + ongoing;
        let width = now - self.interval_start;
        self.interval_start = now;
        self.interval_down = SimDuration::ZERO;
        if width.0 == 0 { if self.is_down() { 0.0 } else { 1.0 } } else { 1.0 - down.0 as f64 / width.0 as f64 }
    }

    pub fn figures(&self, now: SimTime) -> AvailabilityFigures {
        let observed = self.observed(now);
        let down = self.down(now);
        let up = SimDuration(observed.0.saturating_sub(down.0));
        AvailabilityFigures {
            observed: if observed.0 == 0 { 1.0 } else { up.0 as f64 / observed.0 as f64 },
            analytic: self.analytic,
            failures: self.failures,
            mtbf_s: (self.failures > 0).then(|| up.as_secs_f64() / self.failures as f64),
            mttr_s: (self.repairs > 0).then(|| self.repair_time.as_secs_f64() / self.repairs as f64),
            down_seconds: down.as_secs_f64(),
        }
    }
}

/// How the states of several components combine into the state of the structure they
/// form (reliability block diagrams, O'Connor §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combine {
    /// Up while at least one is up: redundant components, in parallel.
    AnyUp,
    /// Up while every one is up: a chain, in series.
    AllUp,
    /// Up while at least this many are up: k-out-of-n redundancy.
    AtLeastUp(usize),
}

impl Combine {
    /// Whether `down` of `n` units down take the structure down.
    pub fn is_down(self, down: usize, n: usize) -> bool {
        match self {
            Combine::AnyUp => down == n,
            Combine::AllUp => down > 0,
            Combine::AtLeastUp(k) => n - down.min(n) < k,
        }
    }
}

/// The down time of a structure of units, accumulated as its units change state (the
/// simulation tells it every change, see `Simulation::watch_structure`). The units'
/// timelines keep their last [`TIMELINE_CAPACITY`] changes only, which cannot say how
/// their downs overlapped over a long run; these figures are exact for a run of any
/// length and take constant memory. Not reset by a warm-up: a structure law is about the
/// whole run, as the timelines were.
#[derive(Clone, Debug, PartialEq)]
pub struct StructureWatch {
    units: Vec<UnitId>,
    combine: Combine,
    /// When watching began (the structure's up share is over `since..now`).
    since: SimTime,
    /// How many of the units are down now.
    units_down: usize,
    /// Since when the structure is down, if it is.
    down_since: Option<SimTime>,
    /// Down time of completed down periods.
    down_completed: SimDuration,
}

impl StructureWatch {
    /// A watch from `now` of `units` (`down_now` of them down now).
    pub(in crate::engine) fn new(units: Vec<UnitId>, combine: Combine, now: SimTime, down_now: usize) -> Self {
        let mut watch = StructureWatch {
            units,
            combine,
            since: now,
            units_down: down_now,
            down_since: None,
            down_completed: SimDuration::ZERO,
        };
        if watch.structure_down() {
            watch.down_since = Some(now);
        }
        watch
    }

    pub fn units(&self) -> &[UnitId] {
        &self.units
    }

    pub fn combine(&self) -> Combine {
        self.combine
    }

    /// When watching began.
    pub fn since(&self) -> SimTime {
        self.since
    }

    fn structure_down(&self) -> bool {
        self.combine.is_down(self.units_down, self.units.len())
    }

    /// One of its units went down (`down`) or came back at `now`. Several changes at one
    /// instant may open and close a down period of zero length: it adds nothing, so the
    /// order of simultaneous events does not matter.
    pub(in crate::engine) fn unit_changed(&mut self, unit: UnitId, down: bool, now: SimTime) {
        let times = self.units.iter().filter(|&&u| u == unit).count();
        if times == 0 {
            return;
        }
        let was_down = self.structure_down();
        self.units_down = if down { self.units_down + times } else { self.units_down.saturating_sub(times) };
        match (was_down, self.structure_down()) {
            (false, true) => self.down_since = Some(now),
            (true, false) => {
                if let Some(since) = self.down_since.take() {
                    self.down_completed = self.down_completed + (now - since);
                }
            }
            _ => {}
        }
    }

    /// Time the structure was down from [`StructureWatch::since`] to `now`.
    pub fn down(&self, now: SimTime) -> SimDuration {
        self.down_completed + self.down_since.map_or(SimDuration::ZERO, |since| now - since)
    }
}

/// MTBF/(MTBF+MTTR) from the means of the two distributions.
pub fn analytic_availability(mean_time_to_failure: SimDuration, mean_time_to_repair: SimDuration) -> Option<f64> {
    let total = mean_time_to_failure.as_secs_f64() + mean_time_to_repair.as_secs_f64();
    (total > 0.0).then(|| mean_time_to_failure.as_secs_f64() / total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: u64) -> SimTime {
        SimTime(x * 1_000_000_000)
    }

    /// Up 0–10, down 10–12, up 12–30, down 30–34, up to 40: 6 s down of 40, two failures,
    /// MTBF = 34 s up / 2 = 17 s, MTTR = (2 + 4) / 2 = 3 s.
    #[test]
    fn figures_from_a_hand_timeline() {
        let mut a = Availability::new(s(0), Some(0.9));
        assert!(a.went_down(s(10)));
        assert!(!a.went_down(s(11)), "already down");
        assert!(a.came_up(s(12)));
        assert!(a.went_down(s(30)));
        assert!(a.came_up(s(34)));
        let f = a.figures(s(40));
        assert_eq!(f.failures, 2);
        assert!((f.observed - 34.0 / 40.0).abs() < 1e-12);
        assert_eq!(f.mtbf_s, Some(17.0));
        assert_eq!(f.mttr_s, Some(3.0));
        assert_eq!(f.down_seconds, 6.0);
        assert_eq!(f.analytic, Some(0.9));
        assert_eq!(a.timeline().len(), 4);
    }

    #[test]
    fn interval_fractions_split_a_down_period() {
        let mut a = Availability::new(s(0), None);
        a.went_down(s(5));
        assert_eq!(a.take_interval_up_fraction(s(10)), 0.5);
        a.came_up(s(12));
        assert_eq!(a.take_interval_up_fraction(s(20)), 0.8);
        assert_eq!(a.take_interval_up_fraction(s(30)), 1.0);
    }

    #[test]
    fn suspended_time_is_not_observed() {
        let mut a = Availability::new(s(0), None);
        a.went_down(s(8));
        a.suspend(s(10));
        a.resume(s(100));
        let f = a.figures(s(110));
        // Observed 0–10 and 100–110: 2 s down of 20.
        assert!((f.observed - 0.9).abs() < 1e-12);
        assert_eq!((f.failures, f.mttr_s), (1, None));
    }

    /// Two units in parallel and in series: A down 2–6 and 8–10, B down 4–8 (at 8 s B is
    /// repaired as A fails). Parallel (both down): 4–6 = 2 s; series (any down): 2–10 = 8 s,
    /// in whichever order the two changes at 8 s come.
    #[test]
    fn structures_accumulate_their_down_time() {
        let (a, b) = (UnitId::from(0usize), UnitId::from(1usize));
        for at_eight in [[(b, false), (a, true)], [(a, true), (b, false)]] {
            let mut parallel = StructureWatch::new(vec![a, b], Combine::AnyUp, s(0), 0);
            let mut series = StructureWatch::new(vec![a, b], Combine::AllUp, s(0), 0);
            let mut change = |unit, down, at| {
                parallel.unit_changed(unit, down, s(at));
                series.unit_changed(unit, down, s(at));
            };
            change(a, true, 2);
            change(b, true, 4);
            change(a, false, 6);
            for (unit, down) in at_eight {
                change(unit, down, 8);
            }
            change(a, false, 10);
            assert_eq!(parallel.down(s(12)), SimDuration::from_secs(2));
            assert_eq!(series.down(s(12)), SimDuration::from_secs(8));
        }
    }

    #[test]
    fn timeline_is_bounded() {
        let mut a = Availability::new(s(0), None);
        for k in 0..1000 {
            a.went_down(s(2 * k + 1));
            a.came_up(s(2 * k + 2));
        }
        assert_eq!(a.timeline().len(), TIMELINE_CAPACITY);
        assert_eq!(a.timeline_evicted(), 2000 - TIMELINE_CAPACITY as u64);
        assert_eq!(a.figures(s(2000)).failures, 1000);
    }
}
