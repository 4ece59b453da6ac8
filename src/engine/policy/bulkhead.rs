//! The bulkhead: Resilience4j's `SemaphoreBulkhead` for one (caller, service) pair.
//!
//! At most `max_concurrent` calls are in progress. A call beyond that waits for a slot in
//! FIFO order (Resilience4j builds a fair semaphore by default) for at most `max_wait`;
//! with `max_wait` zero it is rejected at once. A freed slot goes straight to the oldest
//! waiter, so a newcomer never overtakes the queue. Waiters are identified by the caller's
//! own index (a group's job, a service's call slot, a client's request slot); the
//! simulation owns their deadlines.

use crate::engine::ids::JobId;
use crate::time::SimDuration;
use std::collections::VecDeque;

/// What happened to a call that asked for a slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Entered,
    /// Queued; it enters when [`Bulkhead::leave`] hands it a slot, or gives up at its deadline.
    Waiting,
    Rejected,
}

/// Counters for reporting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BulkheadStats {
    /// Calls that got a slot (at once or after waiting).
    pub entered: u64,
    /// Calls that had to wait.
    pub waited: u64,
    /// Calls refused: at once (no wait allowed) or after waiting `max_wait`.
    pub rejected: u64,
    pub max_active: u32,
}

/// A semaphore bulkhead whose waiters are identified by `W`.
#[derive(Clone, Debug)]
pub struct Bulkhead<W = JobId> {
    pub max_concurrent: u32,
    pub max_wait: SimDuration,
    active: u32,
    waiters: VecDeque<W>,
    pub stats: BulkheadStats,
}

impl<W: Copy + PartialEq> Bulkhead<W> {
    pub fn new(max_concurrent: u32, max_wait: SimDuration) -> Bulkhead<W> {
        Bulkhead {
            max_concurrent: max_concurrent.max(1),
            max_wait,
            active: 0,
            waiters: VecDeque::new(),
            stats: BulkheadStats::default(),
        }
    }

    /// A bulkhead created while `active` calls are already in progress (a live change adds
    /// it): they hold slots, so that their release later is counted exactly.
    pub fn with_active(max_concurrent: u32, max_wait: SimDuration, active: u32) -> Bulkhead<W> {
        Bulkhead { active, ..Bulkhead::new(max_concurrent, max_wait) }
    }

    /// A live change of the limits. Calls in progress keep their slots (above a lowered
    /// limit, new calls wait until enough have ended); waiters keep their `max_wait`
    /// timers. Returns the waiters that get a slot now, oldest first.
    pub fn reconfigure(&mut self, max_concurrent: u32, max_wait: SimDuration) -> Vec<W> {
        self.max_concurrent = max_concurrent.max(1);
        self.max_wait = max_wait;
        let mut granted = Vec::new();
        while self.active < self.max_concurrent {
            let Some(job) = self.waiters.pop_front() else { break };
            self.take_slot();
            granted.push(job);
        }
        granted
    }

    /// Every waiter, oldest first, leaving none (the bulkhead is being removed).
    pub fn drain_waiters(&mut self) -> Vec<W> {
        self.waiters.drain(..).collect()
    }

    /// Asks for a slot for `job`.
    pub fn try_enter(&mut self, job: W) -> Entry {
        if self.active < self.max_concurrent {
            self.take_slot();
            Entry::Entered
        } else if self.max_wait.0 > 0 {
            self.waiters.push_back(job);
            self.stats.waited += 1;
            Entry::Waiting
        } else {
            self.stats.rejected += 1;
            Entry::Rejected
        }
    }

    fn take_slot(&mut self) {
        self.active += 1;
        self.stats.entered += 1;
        self.stats.max_active = self.stats.max_active.max(self.active);
    }

    /// A call holding a slot ended. Returns the waiter that takes the slot over, if any.
    pub fn leave(&mut self) -> Option<W> {
        self.active = self.active.saturating_sub(1);
        if self.active >= self.max_concurrent {
            // Still at or above a limit lowered by a live change: no slot to hand over.
            return None;
        }
        let next = self.waiters.pop_front()?;
        self.take_slot();
        Some(next)
    }

    /// `job` stops waiting (its `max_wait` or its handler timeout passed). Returns whether
    /// it was waiting; `rejected` counts it when the bulkhead turned it away.
    pub fn give_up_waiting(&mut self, job: W, rejected: bool) -> bool {
        let Some(position) = self.waiters.iter().position(|w| *w == job) else { return false };
        self.waiters.remove(position);
        if rejected {
            self.stats.rejected += 1;
        }
        true
    }

    /// Calls holding a slot.
    pub fn active(&self) -> u32 {
        self.active
    }

    /// Calls waiting for a slot.
    pub fn waiting(&self) -> usize {
        self.waiters.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_wait_calls_beyond_the_limit_are_rejected() {
        let mut b: Bulkhead = Bulkhead::new(2, SimDuration::ZERO);
        assert_eq!(
            [b.try_enter(JobId::new(1)), b.try_enter(JobId::new(2)), b.try_enter(JobId::new(3))],
            [Entry::Entered, Entry::Entered, Entry::Rejected]
        );
        assert_eq!(b.leave(), None);
        assert_eq!(b.try_enter(JobId::new(4)), Entry::Entered);
        assert_eq!(b.stats, BulkheadStats { entered: 3, waited: 0, rejected: 1, max_active: 2 });
    }

    #[test]
    fn a_raised_limit_hands_slots_to_waiters_and_a_lowered_one_keeps_calls_in_progress() {
        let mut b: Bulkhead = Bulkhead::new(1, SimDuration::from_millis(50));
        assert_eq!(
            [b.try_enter(JobId::new(1)), b.try_enter(JobId::new(2)), b.try_enter(JobId::new(3))],
            [Entry::Entered, Entry::Waiting, Entry::Waiting]
        );
        assert_eq!(b.reconfigure(2, SimDuration::from_millis(50)), [JobId::new(2)]);
        assert_eq!((b.active(), b.waiting()), (2, 1));
        assert_eq!(b.reconfigure(1, SimDuration::ZERO), Vec::<JobId>::new(), "two calls stay in progress");
        assert_eq!(b.leave(), None, "one call still holds the only slot");
        assert_eq!(b.active(), 1);
        assert_eq!(b.leave(), Some(JobId::new(3)), "now it is");
        let mut added: Bulkhead = Bulkhead::with_active(2, SimDuration::ZERO, 3);
        assert_eq!(added.try_enter(JobId::new(9)), Entry::Rejected, "three calls already hold its slots");
        added.leave();
        added.leave();
        assert_eq!(added.try_enter(JobId::new(9)), Entry::Entered);
    }

    #[test]
    fn waiters_get_freed_slots_in_arrival_order() {
        let mut b: Bulkhead = Bulkhead::new(1, SimDuration::from_millis(50));
        assert_eq!(b.try_enter(JobId::new(10)), Entry::Entered);
        assert_eq!(
            [b.try_enter(JobId::new(11)), b.try_enter(JobId::new(12)), b.try_enter(JobId::new(13))],
            [Entry::Waiting; 3]
        );
        // 12 times out; the slot goes to 11, then 13.
        assert!(b.give_up_waiting(JobId::new(12), true));
        assert!(!b.give_up_waiting(JobId::new(12), true), "already gone");
        assert_eq!(b.leave(), Some(JobId::new(11)));
        assert_eq!(b.active(), 1);
        assert_eq!(b.leave(), Some(JobId::new(13)));
        assert_eq!(b.leave(), None);
        assert_eq!((b.active(), b.waiting()), (0, 0));
        assert_eq!(b.stats, BulkheadStats { entered: 3, waited: 3, rejected: 1, max_active: 1 });
    }
}
