//! Measures how fast the run actually goes, over the last second of wall time played.

use crate::time::SimDuration;
use std::collections::VecDeque;
use std::time::Duration;

/// The window the rates are averaged over.
const WINDOW_S: f64 = 1.0;

/// Recent ticks: (wall seconds, virtual seconds, messages produced, events handled).
#[derive(Clone, Debug, Default)]
pub struct PaceMeter {
    ticks: VecDeque<(f64, f64, u64, u64)>,
    totals: (f64, f64, u64, u64),
}

impl PaceMeter {
    pub fn record(&mut self, wall: Duration, advanced: SimDuration, messages: u64, events: u64) {
        let tick = (wall.as_secs_f64(), advanced.as_secs_f64(), messages, events);
        self.ticks.push_back(tick);
        self.totals = (self.totals.0 + tick.0, self.totals.1 + tick.1, self.totals.2 + tick.2, self.totals.3 + tick.3);
        // Keep just over a window's worth: drop the oldest while the rest still covers it.
        while let Some(&old) = self.ticks.front() {
            if self.totals.0 - old.0 < WINDOW_S {
                break;
            }
            self.ticks.pop_front();
            self.totals = (self.totals.0 - old.0, self.totals.1 - old.1, self.totals.2 - old.2, self.totals.3 - old.3);
        }
    }

    fn per_wall_s(&self, amount: f64) -> f64 {
        if self.totals.0 > 0.0 { amount / self.totals.0 } else { 0.0 }
    }

    pub fn virtual_per_wall_s(&self) -> f64 {
        self.per_wall_s(self.totals.1)
    }

    pub fn messages_per_wall_s(&self) -> f64 {
        self.per_wall_s(self.totals.2 as f64)
    }

    pub fn events_per_wall_s(&self) -> f64 {
        self.per_wall_s(self.totals.3 as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_cover_the_last_second() {
        let mut meter = PaceMeter::default();
        // Two seconds at 10 ms ticks: first at ×1 with 100 msgs per tick, then ×2 with 300.
        for _ in 0..100 {
            meter.record(Duration::from_millis(10), SimDuration::from_millis(10), 100, 150);
        }
        assert!((meter.virtual_per_wall_s() - 1.0).abs() < 1e-9);
        for _ in 0..100 {
            meter.record(Duration::from_millis(10), SimDuration::from_millis(20), 300, 450);
        }
        assert!((meter.virtual_per_wall_s() - 2.0).abs() < 0.03, "{}", meter.virtual_per_wall_s());
        assert!((meter.messages_per_wall_s() - 30_000.0).abs() < 500.0, "{}", meter.messages_per_wall_s());
    }
}
