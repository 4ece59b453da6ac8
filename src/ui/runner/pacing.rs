//! Pacing: how far virtual time should move for a given slice of wall time.
//!
//! Virtual time advanced = wall time × speed. When the engine cannot keep up, the
//! shortfall is carried to the next tick (so a brief stall is caught up) but capped, so
//! that a long stall (a slow machine, a suspended laptop) does not make the simulation
//! sprint for minutes afterwards. The capped lag is what "behind real time" shows.

use crate::time::{SimDuration, SimTime};
use std::time::Duration;

/// Most wall time worth of shortfall carried forward. Beyond it, the debt is forgiven.
pub const MAX_LAG_WALL: Duration = Duration::from_secs(2);

/// Pacing state: the speed and the shortfall carried from previous ticks.
#[derive(Clone, Debug, PartialEq)]
pub struct Pacer {
    speed_per_wall_s: f64,
    lag: SimDuration,
}

impl Pacer {
    pub fn new(speed_per_wall_s: f64) -> Pacer {
        Pacer { speed_per_wall_s: speed_per_wall_s.max(0.0), lag: SimDuration::ZERO }
    }

    /// Changing speed forgives the lag: it was owed at the old speed.
    pub fn set_speed(&mut self, speed_per_wall_s: f64) {
        self.speed_per_wall_s = speed_per_wall_s.max(0.0);
        self.lag = SimDuration::ZERO;
    }

    /// Forget any shortfall (after a pause, a step or a reset).
    pub fn forgive(&mut self) {
        self.lag = SimDuration::ZERO;
    }

    pub fn lag(&self) -> SimDuration {
        self.lag
    }

    /// The virtual time to reach after `wall` has passed at `now`: now + wall × speed +
    /// carried lag, with the total owed capped at [`MAX_LAG_WALL`] × speed.
    pub fn target(&self, now: SimTime, wall: Duration) -> SimTime {
        let owed = wall.as_secs_f64() * self.speed_per_wall_s + self.lag.as_secs_f64();
        let cap = MAX_LAG_WALL.as_secs_f64() * self.speed_per_wall_s;
        now + SimDuration::from_secs_f64(owed.min(cap))
    }

    /// Records where the engine got to; the rest of the way is carried as lag.
    pub fn reached(&mut self, target: SimTime, now: SimTime) {
        self.lag = target.since(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: f64) -> SimTime {
        SimTime::from_secs_f64(s)
    }

    #[test]
    fn virtual_time_advanced_is_wall_times_speed() {
        let pacer = Pacer::new(10.0);
        assert_eq!(pacer.target(secs(5.0), Duration::from_millis(16)), secs(5.16));
        let slow = Pacer::new(0.1);
        assert_eq!(slow.target(SimTime::ZERO, Duration::from_secs(1)), secs(0.1));
    }

    #[test]
    fn a_shortfall_is_carried_to_the_next_tick() {
        let mut pacer = Pacer::new(100.0);
        let target = pacer.target(SimTime::ZERO, Duration::from_millis(100)); // 10 s
        pacer.reached(target, secs(4.0));
        assert_eq!(pacer.lag(), SimDuration::from_secs(6));
        // Next tick owes its own 10 s plus the 6 s not done.
        assert_eq!(pacer.target(secs(4.0), Duration::from_millis(100)), secs(20.0));
        pacer.reached(secs(20.0), secs(20.0));
        assert_eq!(pacer.lag(), SimDuration::ZERO);
    }

    #[test]
    fn the_debt_is_capped_at_two_wall_seconds_of_speed() {
        let mut pacer = Pacer::new(1000.0);
        // A 30 s stall would owe 30,000 virtual seconds; only 2,000 are asked for.
        assert_eq!(pacer.target(SimTime::ZERO, Duration::from_secs(30)), secs(2000.0));
        pacer.reached(secs(2000.0), secs(500.0));
        assert_eq!(pacer.target(secs(500.0), Duration::from_secs(1)), secs(2500.0));
    }

    #[test]
    fn changing_speed_forgives_the_lag() {
        let mut pacer = Pacer::new(100.0);
        pacer.reached(secs(10.0), secs(1.0));
        pacer.set_speed(1.0);
        assert_eq!(pacer.lag(), SimDuration::ZERO);
        assert_eq!(pacer.target(secs(1.0), Duration::from_millis(500)), secs(1.5));
    }
}
