//! The transactional outbox relay: a poller publishing PENDING events in order, and a
//! scheduler returning FAILED events to PENDING. Refusals never lose an event.

use super::*;

impl Simulation {
    /// The producer's business transaction writes the event PENDING (or fails at the bound).
    pub(super) fn write_outbox(&mut self, p: ProducerId, message: Message) {
        let Some(outbox) = self.producers[p].outbox.as_mut() else { return };
        if outbox.write(message) {
            self.arm_relay(p);
        } else {
            self.lose(p, Reason::OutboxFull);
        }
    }

    /// Schedules the relay's next poll (on the next multiple of `poll_every`) while there is
    /// something PENDING.
    fn arm_relay(&mut self, p: ProducerId) {
        let producer = &mut self.producers[p];
        let pending = producer.outbox.as_ref().map_or(0, |o| o.pending_len());
        if producer.relay_armed || pending == 0 {
            return;
        }
        producer.relay_armed = true;
        let every = producer.relay.poll_every.0.max(1);
        let at = SimTime((self.now.0 / every).saturating_add(1).saturating_mul(every));
        self.queue.schedule(at, Event::RelayPoll { producer: p });
    }

    /// One poll: publish up to `batch` PENDING events in order, stopping at the first the
    /// broker refuses (later events would only overtake it) or when the topic blocks.
    pub(super) fn on_relay_poll(&mut self, p: ProducerId) {
        let producer = &mut self.producers[p];
        producer.relay_armed = false;
        let (t, batch, max_tries) = (producer.topic, producer.relay.batch.max(1), producer.relay.max_tries);
        for _ in 0..batch {
            let Some(next) = self.producers[p].outbox.as_ref().and_then(|o| o.next_pending()) else {
                break;
            };
            let outcome = self.producer_publish(p, t, next.message);
            let producer = &mut self.producers[p];
            let Some(outbox) = producer.outbox.as_mut() else { break };
            match outcome {
                PublishOutcome::Accepted => outbox.published(),
                PublishOutcome::Blocked => break,
                PublishOutcome::Rejected(_) | PublishOutcome::Unreachable(_) => {
                    producer.stats.rejected += 1;
                    if outbox.refused(self.now, max_tries) {
                        self.arm_outbox_reschedule(p);
                    }
                    break;
                }
            }
        }
        let producer = &mut self.producers[p];
        if !producer.writes_outbox && producer.outbox.as_ref().is_some_and(|o| o.is_empty()) {
            // Switched off by a live change, and now drained: new events go straight out.
            producer.outbox = None;
            return;
        }
        self.arm_relay(p);
    }

    fn arm_outbox_reschedule(&mut self, p: ProducerId) {
        let producer = &mut self.producers[p];
        if producer.reschedule_armed {
            return;
        }
        let wait = producer.relay.retry_failed_after;
        let Some(at) = producer.outbox.as_ref().and_then(|o| o.next_reschedule_at(wait)) else { return };
        producer.reschedule_armed = true;
        self.queue.schedule(at.max(self.now), Event::OutboxReschedule { producer: p });
    }

    /// The scheduler: FAILED events that waited long enough become PENDING again.
    pub(super) fn on_outbox_reschedule(&mut self, p: ProducerId) {
        let producer = &mut self.producers[p];
        producer.reschedule_armed = false;
        let wait = producer.relay.retry_failed_after;
        if let Some(outbox) = producer.outbox.as_mut() {
            outbox.reschedule_due(self.now, wait);
        }
        self.arm_relay(p);
        self.arm_outbox_reschedule(p);
    }
}
