//! Production side: arrivals, publishing into topics (overflow, back-pressure) and TTL expiry.

use super::*;

impl Simulation {
    pub(super) fn schedule_next_arrival(&mut self, p: u32) {
        let producer = &mut self.producers[p as usize];
        if let Some(at) = producer.arrivals.next_after(self.now, &mut producer.rng) {
            let generation = producer.arrival_generation;
            self.queue.schedule(at, Event::Arrival { producer: p, generation });
        }
    }

    pub(super) fn on_arrival(&mut self, p: u32, generation: u32) {
        let producer = &mut self.producers[p as usize];
        if generation != producer.arrival_generation || producer.blocked.is_some() {
            return;
        }
        let key = producer.keys.sample(&mut producer.rng);
        let t = producer.topic;
        producer.stats.produced += 1;
        let message = Message {
            id: self.next_message_id,
            produced_at: self.now,
            published_at: self.now,
            last_backoff_ns: 0,
            key,
            producer: p,
            partition: self.topics[t as usize].partition_for_key(key),
            attempts: 0,
            dead_letters: 0,
        };
        self.next_message_id += 1;
        self.ledger.record_produced();
        self.interval.produced += 1;
        if self.producers[p as usize].outbox.is_some() {
            self.write_outbox(p, message);
            self.schedule_next_arrival(p);
        } else if self.send(p, message, 1, 0) {
            self.schedule_next_arrival(p);
        }
    }

    /// A producer without outbox publishes `message` (its `tries`-th attempt): refused, it
    /// waits to be retried or is lost; blocked, the producer waits for room. Returns false
    /// when the producer is now blocked.
    pub(super) fn send(&mut self, p: u32, message: Message, tries: u32, backoff_ns: u64) -> bool {
        let t = self.producers[p as usize].topic;
        match self.try_publish(t, message) {
            PublishOutcome::Accepted => true,
            PublishOutcome::Blocked => {
                let producer = &mut self.producers[p as usize];
                producer.blocked = Some(message);
                producer.stats.times_blocked += 1;
                self.topics[t as usize].blocked_producers.push_back(p);
                false
            }
            PublishOutcome::Rejected(reason) | PublishOutcome::Unreachable(reason) => {
                self.producers[p as usize].stats.rejected += 1;
                self.publish_failed(p, message, tries, backoff_ns, reason);
                true
            }
        }
    }

    /// The one way into a topic: every publish attempt (producer, outbox relay, redrive)
    /// comes here and gets an outcome. Nothing is recorded in the ledger for a refusal;
    /// the caller decides. Shed or evicted messages are recorded here (the topic decided).
    pub(super) fn try_publish(&mut self, t: u32, mut message: Message) -> PublishOutcome {
        // Faults add here: a publisher cut off from the broker, or the partition's leader
        // down, returns `PublishOutcome::Unreachable(reason)`.
        let priority = self.producers[message.producer as usize].priority;
        let topic = &mut self.topics[t as usize];
        if !topic.shedding.is_empty()
            && let Some(action) = topic.shed_action(priority)
        {
            topic.stats.shed += 1;
            return match action {
                ShedAction::Reject => PublishOutcome::Rejected(Reason::LoadShed),
                ShedAction::Drop => {
                    self.ledger.record(Terminal::Dropped, Reason::LoadShed);
                    self.interval.dropped += 1;
                    PublishOutcome::Accepted
                }
            };
        }
        if topic.is_full() {
            match topic.overflow {
                Overflow::RejectNew => return PublishOutcome::Rejected(Reason::TopicFullRejected),
                Overflow::DropOldest => {
                    if topic.pop_oldest(message.partition).is_some() {
                        self.ledger.record(Terminal::Dropped, Reason::TopicFullDroppedOldest);
                        self.interval.dropped += 1;
                    }
                }
                Overflow::BlockProducer => return PublishOutcome::Blocked,
            }
        }
        message.published_at = self.now;
        let partition = message.partition;
        topic.push(message);
        let consumer = topic.consumer;
        self.arm_expiry(t, partition);
        if let Some(g) = consumer {
            self.offer(g, partition);
        }
        PublishOutcome::Accepted
    }

    pub(super) fn arm_expiry(&mut self, t: u32, p: u32) {
        let topic = &mut self.topics[t as usize];
        let Some(ttl) = topic.ttl else { return };
        let partition = &mut topic.partitions[p as usize];
        if partition.expiry_armed {
            return;
        }
        if let Some(head) = partition.queue.front() {
            partition.expiry_armed = true;
            self.queue.schedule(head.published_at + ttl, Event::Expiry { topic: t, partition: p });
        }
    }

    pub(super) fn on_expiry(&mut self, t: u32, p: u32) {
        let topic = &mut self.topics[t as usize];
        topic.partitions[p as usize].expiry_armed = false;
        let Some(ttl) = topic.ttl else { return };
        let mut expired = Vec::new();
        while let Some(head) = topic.partitions[p as usize].queue.front() {
            if head.published_at + ttl > self.now {
                break;
            }
            if let Some(message) = topic.take_from(p) {
                expired.push(message);
            }
        }
        let expired_to = topic.expired_to;
        let freed = !expired.is_empty();
        for message in expired {
            match expired_to {
                Some(dlq) => self.dead_letter(
                    dlq,
                    DeadLetter {
                        message,
                        at: self.now,
                        reason: Reason::TtlExpired,
                        last_error: None,
                        group: None,
                        topic: t,
                    },
                ),
                None => {
                    self.ledger.record(Terminal::Expired, Reason::TtlExpired);
                    self.interval.expired += 1;
                }
            }
        }
        self.arm_expiry(t, p);
        if freed {
            self.unblock_producers(t);
        }
    }

    /// Room appeared in topic `t`: blocked producers publish their waiting message, in
    /// the order they blocked, and resume their arrival processes and publish retries.
    pub(super) fn unblock_producers(&mut self, t: u32) {
        while !self.topics[t as usize].is_full() {
            let Some(p) = self.topics[t as usize].blocked_producers.pop_front() else { break };
            let Some(message) = self.producers[p as usize].blocked.take() else { continue };
            self.producers[p as usize].arrivals.restart_at(self.now);
            if self.send(p, message, 1, 0) {
                self.schedule_next_arrival(p);
                self.arm_publish_retry(p);
            }
        }
    }
}
