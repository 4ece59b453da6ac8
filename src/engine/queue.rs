//! The pending-event set: a binary heap ordered by (time, sequence).
//!
//! The sequence number breaks ties between events at the same nanosecond in the order
//! they were scheduled, which makes every run reproducible bit for bit. The design keeps
//! this set small (one timer per active thing, not one per future message) because a
//! heap operation costs ~60 ns at 1 k entries but ~900 ns at 1 M.

use super::event::Event;
use crate::time::SimTime;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

#[derive(Clone, Debug)]
struct Entry {
    at: SimTime,
    seq: u64,
    event: Event,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

/// Future events in (time, scheduling order).
///
/// Most handlers schedule a follow-up event (an arrival schedules the next arrival, a
/// finished step the next step), so the event just taken is not popped at once: it stays
/// at the top, marked taken, and the first event scheduled while handling it replaces it
/// in place — one sift instead of a pop and a push (the heap was ~30 % of the engine's
/// time on the M/M/c benchmark). Order and results are exactly those of pop-then-push.
#[derive(Clone, Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Reverse<Entry>>,
    next_seq: u64,
    /// The top entry was handed out by `pop_due` and is logically gone.
    top_taken: bool,
}

impl EventQueue {
    pub fn schedule(&mut self, at: SimTime, event: Event) {
        let seq = self.next_seq;
        self.next_seq += 1;
        let entry = Reverse(Entry { at, seq, event });
        if std::mem::take(&mut self.top_taken)
            && let Some(mut top) = self.heap.peek_mut()
        {
            // Dropping the PeekMut sifts the new entry down to its place.
            *top = entry;
            return;
        }
        self.heap.push(entry);
    }

    /// Really removes an entry handed out by `pop_due` that nothing replaced.
    pub fn settle(&mut self) {
        if std::mem::take(&mut self.top_taken) {
            self.heap.pop();
        }
    }

    /// Time of the earliest pending event.
    pub fn peek_time(&mut self) -> Option<SimTime> {
        self.settle();
        self.heap.peek().map(|Reverse(e)| e.at)
    }

    /// Takes the earliest event if it is due at or before `limit`.
    pub fn pop_due(&mut self, limit: SimTime) -> Option<(SimTime, Event)> {
        self.settle();
        let Reverse(top) = self.heap.peek()?;
        if top.at > limit {
            return None;
        }
        self.top_taken = true;
        Some((top.at, top.event))
    }

    pub fn len(&self) -> usize {
        self.heap.len() - usize::from(self.top_taken)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ids::ProducerId;

    #[test]
    fn ties_break_in_scheduling_order() {
        let mut q = EventQueue::default();
        q.schedule(SimTime(5), Event::Arrival { producer: ProducerId::new(2), generation: 0 });
        q.schedule(SimTime(3), Event::Arrival { producer: ProducerId::new(9), generation: 0 });
        q.schedule(SimTime(5), Event::Arrival { producer: ProducerId::new(1), generation: 0 });
        q.schedule(SimTime(5), Event::Arrival { producer: ProducerId::new(3), generation: 0 });
        let order: Vec<_> = std::iter::from_fn(|| q.pop_due(SimTime::MAX)).collect();
        let producers: Vec<u32> = order
            .iter()
            .map(|(_, e)| match e {
                Event::Arrival { producer, .. } => producer.get(),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(producers, vec![9, 2, 1, 3]);
        assert_eq!(order[0].0, SimTime(3));
    }

    #[test]
    fn pop_due_respects_the_limit() {
        let mut q = EventQueue::default();
        q.schedule(SimTime(10), Event::Sample);
        assert!(q.pop_due(SimTime(9)).is_none());
        assert_eq!(q.peek_time(), Some(SimTime(10)));
        assert!(q.pop_due(SimTime(10)).is_some());
        assert!(q.is_empty());
    }

    /// Scheduling while handling a taken event (the in-place replacement path) gives the
    /// same order as popping first: a mix of both paths against a plain sorted list.
    #[test]
    fn replacing_the_taken_top_keeps_time_then_sequence_order() {
        let mut q = EventQueue::default();
        let mut expected = Vec::new();
        let mut seq = 0u64;
        let mut push = |q: &mut EventQueue, at: u64, expected: &mut Vec<(u64, u64)>| {
            q.schedule(SimTime(at), Event::Arrival { producer: ProducerId::new(seq as u32), generation: 0 });
            expected.push((at, seq));
            seq += 1;
        };
        for at in [50, 10, 30, 10, 70] {
            push(&mut q, at, &mut expected);
        }
        let mut seen = Vec::new();
        let mut step = 0u64;
        while let Some((at, Event::Arrival { producer, .. })) = q.pop_due(SimTime::MAX) {
            seen.push((at.0, u64::from(producer.get())));
            step += 1;
            // Every other event schedules follow-ups, some at the same instant (ties).
            if step < 40 && step.is_multiple_of(2) {
                push(&mut q, at.0, &mut expected);
                push(&mut q, at.0 + step * 3 % 17, &mut expected);
            }
        }
        expected.sort_unstable();
        assert_eq!(seen, expected);
        assert!(q.is_empty());
    }
}
