//! Producer-side publish retries (no outbox): a refused publish waits out a back-off in the
//! producer's buffer and is tried again, up to `publish_retry.max_attempts`, then lost with
//! the broker's reason. The buffer is bounded; at the bound the event is lost at once.
//! While the producer is blocked by a full BlockProducer topic its retries wait too.

use super::*;

impl Simulation {
    /// The `tries`-th publish of `message` was refused for `reason`.
    pub(super) fn publish_failed(
        &mut self,
        p: ProducerId,
        message: Message,
        tries: u32,
        backoff_ns: u64,
        reason: Reason,
    ) {
        match self.producers[p].retry_later(self.now, message, tries, backoff_ns, reason) {
            Ok(()) => self.arm_publish_retry(p),
            Err(reason) => self.lose(p, reason),
        }
    }

    /// A producer gave up on an event.
    pub(super) fn lose(&mut self, p: ProducerId, reason: Reason) {
        self.producers[p].stats.lost += 1;
        let t = self.producers[p].topic;
        self.topics[t].stats.interval_unserved += 1;
        self.ledger.record(Terminal::Lost, reason);
        self.interval.lost += 1;
    }

    /// Makes sure a timer is set for the earliest waiting retry (one timer per producer).
    pub(super) fn arm_publish_retry(&mut self, p: ProducerId) {
        if let Some((at, generation)) = self.producers[p].arm_retry(self.now) {
            self.queue.schedule(at, Event::PublishRetryDue { producer: p, generation });
        }
    }

    pub(super) fn on_publish_retry_due(&mut self, p: ProducerId, generation: u32) {
        if !self.producers[p].retry_timer_fired(generation) {
            return;
        }
        loop {
            let producer = &mut self.producers[p];
            if producer.is_blocked() {
                // Back-pressure: retries wait until the topic has room (re-armed then).
                return;
            }
            let Some(next) = producer.take_due_retry(self.now) else { break };
            self.send(p, next.message, next.tries + 1, next.backoff_ns);
        }
        self.arm_publish_retry(p);
    }
}
