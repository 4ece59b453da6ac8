//! The pending-event set: a binary heap ordered by (time, sequence).
//!
//! The sequence number breaks ties between events at the same nanosecond in the order
//! they were scheduled, which makes every run reproducible bit for bit. The design keeps
//! this set small (one timer per active thing, not one per future message) because a
//! heap operation costs ~60 ns at 1 k entries but ~900 ns at 1 M.

use super::event::Event;
use crate::time::SimTime;

/// A pending event and its place in the order: the time in the high 64 bits of `key`, the
/// scheduling sequence in the low 64, so one integer comparison orders by (time, sequence)
/// (a branch-free `cmp`/`sbb` pair instead of two comparisons of a tuple).
#[derive(Clone, Copy, Debug)]
struct Entry {
    key: u128,
    event: Event,
}

impl Entry {
    fn new(at: SimTime, seq: u64, event: Event) -> Entry {
        Entry { key: (u128::from(at.0) << 64) | u128::from(seq), event }
    }

    fn at(&self) -> SimTime {
        SimTime((self.key >> 64) as u64)
    }
}

/// Future events in (time, scheduling order).
///
/// A binary min-heap kept by hand rather than `std`'s `BinaryHeap`, for three savings on
/// the hottest path (the heap was ~30 % of the engine's time on the M/M/c benchmark):
/// - most handlers schedule a follow-up event (an arrival the next arrival, a finished
///   step the next step), so the event just taken is not popped at once: it stays at the
///   top, marked taken, and the earliest event scheduled while handling it replaces it in
///   place — one sift instead of a pop and a push;
/// - the others scheduled meanwhile go in from the bottom, where a late event belongs;
/// - one `u128` comparison per step (see `Entry`).
///
/// Keys are unique, so the order, and every result, is exactly that of pop-then-push.
#[derive(Clone, Debug, Default)]
pub struct EventQueue {
    /// `heap[0]` is the earliest; each entry's key is below its children's (`2k+1`, `2k+2`).
    heap: Vec<Entry>,
    next_seq: u64,
    /// The top entry was handed out by `pop_due` and is logically gone.
    top_taken: bool,
    /// While the top is taken: the earliest event scheduled since, held back to take the
    /// top's place at `settle`. An arrival schedules a handler step (often late) and then
    /// the next arrival (early): the early one replaces the top and stays near it, the
    /// late one goes in from the bottom — each a short sift.
    held: Option<Entry>,
}

impl EventQueue {
    pub fn schedule(&mut self, at: SimTime, event: Event) {
        let entry = Entry::new(at, self.next_seq, event);
        self.next_seq += 1;
        if !self.top_taken {
            self.push(entry);
            return;
        }
        match self.held {
            None => self.held = Some(entry),
            Some(held) => {
                let (first, later) = if entry.key < held.key { (entry, held) } else { (held, entry) };
                self.held = Some(first);
                // The taken top's key is below every new one (its time is now, its
                // sequence older), so `later` never rises into its place.
                self.push(later);
            }
        }
    }

    /// Really removes the entry handed out by `pop_due`: the earliest event scheduled
    /// since takes its place, or, when none was, the heap closes up.
    pub fn settle(&mut self) {
        if std::mem::take(&mut self.top_taken) {
            match self.held.take() {
                Some(entry) => self.replace_top(entry),
                None => self.remove_top(),
            }
        }
    }

    /// Time of the earliest pending event.
    pub fn peek_time(&mut self) -> Option<SimTime> {
        self.settle();
        self.heap.first().map(Entry::at)
    }

    /// Takes the earliest event if it is due at or before `limit`.
    pub fn pop_due(&mut self, limit: SimTime) -> Option<(SimTime, Event)> {
        self.settle();
        let top = self.heap.first()?;
        if top.at() > limit {
            return None;
        }
        self.top_taken = true;
        Some((top.at(), top.event))
    }

    pub fn len(&self) -> usize {
        self.heap.len() - usize::from(self.top_taken) + usize::from(self.held.is_some())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn push(&mut self, entry: Entry) {
        let hole = self.heap.len();
        self.heap.push(entry);
        self.rise(hole, entry);
    }

    /// Puts `entry` in place of the top (the heap is not empty), moving it down past the
    /// smaller child while that child goes first.
    fn replace_top(&mut self, entry: Entry) {
        let len = self.heap.len();
        let mut hole = 0;
        let mut child = 1;
        while child < len {
            if child + 1 < len && self.heap[child + 1].key < self.heap[child].key {
                child += 1;
            }
            let below = self.heap[child];
            if entry.key < below.key {
                break;
            }
            self.heap[hole] = below;
            hole = child;
            child = 2 * hole + 1;
        }
        self.heap[hole] = entry;
    }

    /// Removes the top (the heap is not empty) as `BinaryHeap::pop` does (Floyd's): the
    /// last entry takes its place by way of the bottom — the hole at the root walks down
    /// the smaller children to a leaf, one comparison per level, and the last entry, which
    /// belongs near the bottom, rises from there.
    fn remove_top(&mut self) {
        let Some(last) = self.heap.pop() else { return };
        let len = self.heap.len();
        if len == 0 {
            return;
        }
        let mut hole = 0;
        let mut child = 1;
        while child + 1 < len {
            child += usize::from(self.heap[child + 1].key < self.heap[child].key);
            self.heap[hole] = self.heap[child];
            hole = child;
            child = 2 * hole + 1;
        }
        if child < len {
            self.heap[hole] = self.heap[child];
            hole = child;
        }
        self.rise(hole, last);
    }

    /// Writes `entry` at `hole` or above it, moving down the parents it goes before.
    fn rise(&mut self, mut hole: usize, entry: Entry) {
        while hole > 0 {
            let parent = (hole - 1) / 2;
            let above = self.heap[parent];
            if above.key < entry.key {
                break;
            }
            self.heap[hole] = above;
            hole = parent;
        }
        self.heap[hole] = entry;
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

    /// Many events at few distinct times, handled in random-looking batches (0–3
    /// follow-ups each, some at the taken event's own instant): the queue hands them out in
    /// exactly (time, scheduling order), and `len` counts what is pending, against a
    /// sorted list that is the definition of that order.
    #[test]
    fn matches_a_sorted_list_under_mixed_scheduling() {
        let mut q = EventQueue::default();
        let mut pending: Vec<(u64, u64)> = Vec::new();
        let mut seq = 0u64;
        let mut lcg = 12_345u64;
        let mut next = move || {
            lcg = lcg.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            lcg >> 33
        };
        let mut schedule = |q: &mut EventQueue, pending: &mut Vec<(u64, u64)>, at: u64| {
            q.schedule(SimTime(at), Event::Arrival { producer: ProducerId::new(seq as u32), generation: 0 });
            pending.push((at, seq));
            seq += 1;
        };
        for _ in 0..50 {
            let at = next() % 20;
            schedule(&mut q, &mut pending, at);
        }
        let mut handled = 0;
        while let Some((at, Event::Arrival { producer, .. })) = q.pop_due(SimTime::MAX) {
            pending.sort_unstable();
            assert_eq!((at.0, u64::from(producer.get())), pending.remove(0));
            handled += 1;
            if handled < 3_000 {
                for _ in 0..next() % 4 {
                    let later = at.0 + next() % 3 * (next() % 50);
                    schedule(&mut q, &mut pending, later);
                }
            }
            assert_eq!(q.len(), pending.len());
        }
        assert!(pending.is_empty());
        assert!(handled > 3_000, "the mix ran long enough to exercise every path: {handled}");
    }
}
