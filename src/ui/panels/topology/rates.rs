//! Per-component rates for the topology's edges, from counter deltas between snapshots
//! over at least one second of virtual time (so they do not flicker at high speed).

use crate::time::{SimDuration, SimTime};
use std::collections::BTreeMap;

const WINDOW: SimDuration = SimDuration::from_secs(1);

#[derive(Default)]
pub struct Rates {
    generation: u64,
    /// key → (time of the previous reading, counter then, rate per virtual second).
    entries: BTreeMap<String, (SimTime, u64, f64)>,
}

impl Rates {
    /// Starts again when the simulation was replaced.
    pub fn begin(&mut self, generation: u64) {
        if generation != self.generation {
            self.generation = generation;
            self.entries.clear();
        }
    }

    /// Feeds a counter reading; returns its current rate per virtual second.
    pub fn observe(&mut self, key: &str, now: SimTime, counter: u64) -> f64 {
        match self.entries.get_mut(key) {
            None => {
                self.entries.insert(key.to_string(), (now, counter, 0.0));
                0.0
            }
            Some((then, before, rate)) => {
                if now < *then || counter < *before {
                    *then = now;
                    *before = counter;
                    *rate = 0.0;
                } else if now.since(*then) >= WINDOW {
                    *rate = (counter - *before) as f64 / now.since(*then).as_secs_f64();
                    *then = now;
                    *before = counter;
                }
                *rate
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_over_at_least_a_second() {
        let mut r = Rates::default();
        let t = SimTime::from_secs_f64;
        assert_eq!(r.observe("x", t(0.0), 0), 0.0);
        assert_eq!(r.observe("x", t(0.5), 400), 0.0, "not a full window yet");
        assert_eq!(r.observe("x", t(2.0), 1600), 800.0);
        assert_eq!(r.observe("x", t(2.5), 2000), 800.0, "held until the next window");
        r.begin(7);
        assert_eq!(r.observe("x", t(0.0), 0), 0.0, "a new run starts afresh");
    }
}
