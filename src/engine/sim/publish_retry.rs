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
        let producer = &mut self.producers[p];
        let policy = &producer.publish_retry;
        if tries >= policy.max_attempts {
            self.lose(p, reason);
            return;
        }
        if producer.retrying.len() >= policy.buffer as usize {
            self.lose(p, Reason::ProducerBufferFull);
            return;
        }
        let delay =
            retry::delay(&policy.backoff, policy.jitter, tries, SimDuration(backoff_ns), &mut producer.retry_rng);
        producer.queue_retry(self.now + delay, tries, delay.0, message);
        producer.stats.publish_retries += 1;
        self.arm_publish_retry(p);
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
        let producer = &mut self.producers[p];
        let Some(due) = producer.retrying.peek().map(|r| r.0.due) else { return };
        // Retries that fell due while the producer was blocked are taken up now: the clock
        // never goes back (scheduling at their old due time handled them in the past).
        let at = due.max(self.now);
        if producer.blocked.is_some() || producer.retry_armed.is_some_and(|armed| armed <= at) {
            return;
        }
        producer.retry_generation = producer.retry_generation.wrapping_add(1);
        producer.retry_armed = Some(at);
        let generation = producer.retry_generation;
        self.queue.schedule(at, Event::PublishRetryDue { producer: p, generation });
    }

    pub(super) fn on_publish_retry_due(&mut self, p: ProducerId, generation: u32) {
        let producer = &mut self.producers[p];
        if generation != producer.retry_generation {
            return;
        }
        producer.retry_armed = None;
        loop {
            let producer = &mut self.producers[p];
            if producer.blocked.is_some() {
                // Back-pressure: retries wait until the topic has room (re-armed then).
                return;
            }
            let Some(next) = producer.retrying.peek().map(|r| r.0) else { return };
            if next.due > self.now {
                break;
            }
            producer.retrying.pop();
            self.send(p, next.message, next.tries + 1, next.backoff_ns);
        }
        self.arm_publish_retry(p);
    }
}
