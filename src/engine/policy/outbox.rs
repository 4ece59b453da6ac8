//! The transactional outbox of one producer: events written PENDING in the same
//! transaction as the business change, published in order by a relay, marked FAILED after
//! repeated refusals and made PENDING again later by a scheduler. An event leaves the
//! outbox only when the broker has accepted it (PUBLISHED), so nothing in it is ever lost;
//! the one decision is at the bound, where a new write is refused.

use crate::engine::message::Message;
use crate::time::{SimDuration, SimTime};
use std::collections::VecDeque;

/// A PENDING event and how many publishes of it were refused.
#[derive(Clone, Copy, Debug)]
pub struct Pending {
    pub message: Message,
    pub tries: u32,
}

/// Counters for reporting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OutboxStats {
    pub written: u64,
    pub published: u64,
    /// Publishes the broker refused (each try of each event).
    pub refusals: u64,
    /// Events marked FAILED.
    pub marked_failed: u64,
    /// FAILED events made PENDING again by the scheduler.
    pub rescheduled: u64,
    /// Writes refused because the outbox was full.
    pub refused_full: u64,
}

#[derive(Clone, Debug)]
pub struct Outbox {
    pending: VecDeque<Pending>,
    /// FAILED events with the time they failed, oldest first.
    failed: VecDeque<(SimTime, Message)>,
    capacity: u64,
    pub stats: OutboxStats,
}

impl Outbox {
    pub fn new(capacity: u64) -> Outbox {
        Outbox {
            pending: VecDeque::new(),
            failed: VecDeque::new(),
            capacity: capacity.max(1),
            stats: OutboxStats::default(),
        }
    }

    /// A live change of the bound: a lowered one keeps every event held and refuses new
    /// writes until the outbox is below it.
    pub fn set_capacity(&mut self, capacity: u64) {
        self.capacity = capacity.max(1);
    }

    /// Writes an event PENDING; false (and counted) when the outbox is full.
    pub fn write(&mut self, message: Message) -> bool {
        if self.len() >= self.capacity {
            self.stats.refused_full += 1;
            return false;
        }
        self.pending.push_back(Pending { message, tries: 0 });
        self.stats.written += 1;
        true
    }

    /// The next event the relay publishes.
    pub fn next_pending(&self) -> Option<Pending> {
        self.pending.front().copied()
    }

    /// The broker accepted the next event: it is PUBLISHED and leaves the outbox.
    pub fn published(&mut self) {
        if self.pending.pop_front().is_some() {
            self.stats.published += 1;
        }
    }

    /// The broker refused the next event at `now`; after `max_tries` refusals it is FAILED.
    /// Returns whether it was marked FAILED.
    pub fn refused(&mut self, now: SimTime, max_tries: u32) -> bool {
        self.stats.refusals += 1;
        let Some(head) = self.pending.front_mut() else { return false };
        head.tries += 1;
        if head.tries < max_tries.max(1) {
            return false;
        }
        let message = head.message;
        self.pending.pop_front();
        self.failed.push_back((now, message));
        self.stats.marked_failed += 1;
        true
    }

    /// When the oldest FAILED event becomes due for another round, after `wait`.
    pub fn next_reschedule_at(&self, wait: SimDuration) -> Option<SimTime> {
        self.failed.front().map(|(since, _)| *since + wait)
    }

    /// The scheduler: FAILED events that waited `wait` go back to PENDING (at the end).
    pub fn reschedule_due(&mut self, now: SimTime, wait: SimDuration) -> usize {
        let mut moved = 0;
        while let Some(&(since, message)) = self.failed.front() {
            if since + wait > now {
                break;
            }
            self.failed.pop_front();
            self.pending.push_back(Pending { message, tries: 0 });
            moved += 1;
        }
        self.stats.rescheduled += moved as u64;
        moved
    }

    pub fn pending_len(&self) -> u64 {
        self.pending.len() as u64
    }

    pub fn failed_len(&self) -> u64 {
        self.failed.len() as u64
    }

    /// Events held (PENDING + FAILED): all still in the system.
    pub fn len(&self) -> u64 {
        self.pending_len() + self.failed_len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ids::ProducerId;

    fn message(id: u64) -> Message {
        Message {
            id,
            root: id,
            parent: id,
            produced_at: SimTime::ZERO,
            published_at: SimTime::ZERO,
            last_backoff_ns: 0,
            key: 0,
            origin: crate::engine::message::Origin::Producer(ProducerId::default()),
            partition: Default::default(),
            attempts: 0,
            dead_letters: 0,
            flags: 0,
            event_type: Default::default(),
            hops: 0,
            priority: 0,
        }
    }

    #[test]
    fn refused_events_stay_pending_then_fail_then_come_back() {
        let mut o = Outbox::new(3);
        assert!(o.write(message(1)) && o.write(message(2)) && o.write(message(3)));
        assert!(!o.write(message(4)), "the bound refuses the fourth write");
        assert!(!o.refused(SimTime(10), 2));
        assert_eq!(o.next_pending().map(|p| (p.message.id, p.tries)), Some((1, 1)));
        assert!(o.refused(SimTime(20), 2), "second refusal: FAILED");
        assert_eq!((o.pending_len(), o.failed_len(), o.len()), (2, 1, 3));
        o.published();
        assert_eq!(o.next_pending().map(|p| p.message.id), Some(3));
        let wait = SimDuration(100);
        assert_eq!(o.next_reschedule_at(wait), Some(SimTime(120)));
        assert_eq!(o.reschedule_due(SimTime(119), wait), 0);
        assert_eq!(o.reschedule_due(SimTime(120), wait), 1);
        let ids: Vec<u64> = std::iter::from_fn(|| {
            let p = o.next_pending()?;
            o.published();
            Some(p.message.id)
        })
        .collect();
        assert_eq!(ids, [3, 1]);
        assert!(o.is_empty());
        assert_eq!(
            o.stats,
            OutboxStats { written: 3, published: 3, refusals: 2, marked_failed: 1, rescheduled: 1, refused_full: 1 }
        );
    }
}
