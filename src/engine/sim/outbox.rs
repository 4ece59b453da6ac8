//! The transactional outbox relay: a poller publishing PENDING events in order, and a
//! scheduler returning FAILED events to PENDING. Refusals never lose an event.

use super::*;

impl Simulation {
    /// The producer's business transaction writes the event PENDING (or fails at the bound).
    pub(super) fn write_outbox(&mut self, p: ProducerId, message: Message) {
        let Some(outbox) = self.producers[p].outbox_mut() else { return };
        if outbox.write(message) {
            self.arm_relay(p);
        } else {
            self.lose(p, Reason::OutboxFull);
        }
    }

    /// Schedules the relay's next poll (on the next multiple of `poll_every`) while there is
    /// something PENDING.
    fn arm_relay(&mut self, p: ProducerId) {
        if let Some(at) = self.producers[p].arm_relay(self.now) {
            self.queue.schedule(at, Event::RelayPoll { producer: p });
        }
    }

    /// One poll: publish up to `batch` PENDING events in order, stopping at the first the
    /// broker refuses (later events would only overtake it) or when the topic blocks.
    pub(super) fn on_relay_poll(&mut self, p: ProducerId) {
        let producer = &mut self.producers[p];
        producer.relay_polled();
        // With a broker cost the poll's publishes are a request at the broker first (see
        // `sim::requests`).
        if self.broker.load.is_some() && self.relay_request(p) {
            return self.arm_relay(p);
        }
        let batch = self.producers[p].relay().batch.max(1);
        self.relay_publish(p, batch);
        self.relay_polled_on(p);
    }

    /// The relay publishes up to `batch` PENDING events now, in order, stopping at the
    /// first the broker refuses (later events would only overtake it) or when the topic
    /// blocks.
    pub(super) fn relay_publish(&mut self, p: ProducerId, batch: u32) {
        let t = self.producers[p].topic;
        for _ in 0..batch {
            let Some(next) = self.producers[p].outbox().and_then(|o| o.next_pending()) else {
                break;
            };
            let outcome = self.producer_publish(p, t, &next.message);
            let producer = &mut self.producers[p];
            match outcome {
                PublishOutcome::Accepted => {
                    let Some(outbox) = producer.outbox_mut() else { break };
                    outbox.published();
                }
                PublishOutcome::Blocked => break,
                PublishOutcome::Rejected(_) | PublishOutcome::Unreachable(_) => {
                    self.relay_refused(p);
                    break;
                }
            }
        }
    }

    /// The broker refused the relay's next event: its tries count towards FAILED.
    pub(super) fn relay_refused(&mut self, p: ProducerId) {
        let max_tries = self.producers[p].relay().max_tries;
        let producer = &mut self.producers[p];
        let Some(outbox) = producer.outbox_mut() else { return };
        let failed = outbox.refused(self.now, max_tries);
        producer.stats.rejected += 1;
        if failed {
            self.arm_outbox_reschedule(p);
        }
    }

    /// After a poll's publishes: an outbox switched off and drained goes, else the next
    /// poll is armed.
    pub(super) fn relay_polled_on(&mut self, p: ProducerId) {
        if self.producers[p].drop_drained_outbox() {
            // Switched off by a live change, and now drained: new events go straight out.
            return;
        }
        self.arm_relay(p);
    }

    fn arm_outbox_reschedule(&mut self, p: ProducerId) {
        if let Some(at) = self.producers[p].arm_reschedule() {
            self.queue.schedule(at.max(self.now), Event::OutboxReschedule { producer: p });
        }
    }

    /// The scheduler: FAILED events that waited long enough become PENDING again.
    pub(super) fn on_outbox_reschedule(&mut self, p: ProducerId) {
        self.producers[p].reschedule_failed(self.now);
        self.arm_relay(p);
        self.arm_outbox_reschedule(p);
    }
}
