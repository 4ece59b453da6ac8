//! The idempotent consumer's dedup window: ids of recently processed messages, bounded
//! by count and by age (the "processed messages" table of the idempotent-consumer
//! pattern, pruned as such tables are in practice).
//!
//! A set for lookups plus a FIFO of (id, processed at) for pruning. The set's hasher is a
//! fixed mix (not `RandomState`), so even its performance is reproducible; the set is
//! never iterated, so its order cannot leak into results.

use super::rng::splitmix64;
use crate::scenario::DedupWindow as DedupSpec;
use crate::time::{SimDuration, SimTime};
use std::collections::{HashSet, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};

/// Hashes a message id (already unique) with one fixed mixing step.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        splitmix64(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, id: u64) {
        self.0 = id;
    }
}

/// Recently processed ids.
#[derive(Clone, Debug)]
pub struct DedupWindow {
    max_ids: usize,
    max_age: SimDuration,
    ids: HashSet<u64, BuildHasherDefault<IdHasher>>,
    order: VecDeque<(u64, SimTime)>,
}

impl DedupWindow {
    pub fn new(spec: &DedupSpec) -> DedupWindow {
        let max_ids = spec.max_ids.max(1) as usize;
        DedupWindow { max_ids, max_age: spec.max_age, ids: HashSet::default(), order: VecDeque::new() }
    }

    /// A live change of the bounds; ids beyond them are forgotten at the next prune.
    pub fn reconfigure(&mut self, spec: &DedupSpec) {
        self.max_ids = spec.max_ids.max(1) as usize;
        self.max_age = spec.max_age;
    }

    fn prune(&mut self, now: SimTime) {
        while let Some(&(id, at)) = self.order.front() {
            if self.order.len() > self.max_ids || now - at > self.max_age {
                self.order.pop_front();
                self.ids.remove(&id);
            } else {
                break;
            }
        }
    }

    /// Remembers that `id` was processed at `now`.
    pub fn remember(&mut self, id: u64, now: SimTime) {
        if self.ids.insert(id) {
            self.order.push_back((id, now));
        }
        self.prune(now);
    }

    /// Whether `id` was processed within the window.
    pub fn contains(&mut self, id: u64, now: SimTime) -> bool {
        self.prune(now);
        self.ids.contains(&id)
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: u64) -> SimTime {
        SimTime(x * 1_000_000_000)
    }

    #[test]
    fn bounded_by_count_and_by_age() {
        let mut w = DedupWindow::new(&DedupSpec { max_ids: 3, max_age: SimDuration::from_secs(10) });
        for id in 1..=4 {
            w.remember(id, s(id));
        }
        assert!(!w.contains(1, s(5)), "evicted by count");
        assert!(w.contains(2, s(5)) && w.contains(4, s(5)));
        assert!(w.contains(2, s(12)), "exactly 10 s old is still in");
        assert!(!w.contains(2, s(13)), "older than 10 s");
        assert_eq!(w.len(), 2);
    }
}
