//! Production side: arrivals, publishing into topics (overflow, back-pressure) and TTL expiry.

use super::*;

impl Simulation {
    pub(super) fn schedule_next_arrival(&mut self, p: ProducerId) {
        let producer = &mut self.producers[p];
        if let Some(at) = producer.arrivals.next_after(self.now, &mut producer.rng) {
            let generation = producer.arrival_generation;
            self.queue.schedule(at, Event::Arrival { producer: p, generation });
        }
    }

    pub(super) fn on_arrival(&mut self, p: ProducerId, generation: u32) {
        let producer = &mut self.producers[p];
        if generation != producer.arrival_generation || producer.is_blocked() {
            return;
        }
        let key = producer.keys.sample(&mut producer.rng);
        let Some(flags) = producer.event_flags() else {
            // The upstream application is down: the event never exists. (The key was
            // drawn anyway, so the producer's stream stays aligned with a fault-free run.)
            return self.schedule_next_arrival(p);
        };
        let t = producer.topic;
        if !self.check_messages_held() {
            return;
        }
        let producer = &mut self.producers[p];
        producer.stats.produced += 1;
        let message = Message {
            id: self.next_message_id,
            produced_at: self.now,
            published_at: self.now,
            last_backoff_ns: 0,
            key,
            producer: p,
            partition: self.topics[t].partition_for_key(key),
            attempts: 0,
            dead_letters: 0,
            flags,
        };
        self.next_message_id += 1;
        self.ledger.record_produced();
        self.interval.produced += 1;
        if self.producers[p].writes_outbox() {
            self.write_outbox(p, message);
            self.schedule_next_arrival(p);
        } else if self.send(p, message, 1, 0) {
            self.schedule_next_arrival(p);
        }
    }

    /// A producer without outbox publishes `message` (its `tries`-th attempt): refused, it
    /// waits to be retried or is lost; blocked, the producer waits for room. Returns false
    /// when the producer is now blocked.
    pub(super) fn send(&mut self, p: ProducerId, message: Message, tries: u32, backoff_ns: u64) -> bool {
        let t = self.producers[p].topic;
        match self.producer_publish(p, t, message) {
            PublishOutcome::Accepted => true,
            PublishOutcome::Blocked => {
                self.producers[p].block(message);
                self.topics[t].wait_for_room(p);
                false
            }
            PublishOutcome::Rejected(reason) | PublishOutcome::Unreachable(reason) => {
                self.producers[p].stats.rejected += 1;
                self.publish_failed(p, message, tries, backoff_ns, reason);
                true
            }
        }
    }

    /// The one way into a topic: every publish attempt (producer, outbox relay, redrive)
    /// comes here and gets an outcome. Nothing is recorded in the ledger for a refusal;
    /// the caller decides. Shed or evicted messages are recorded here (the topic decided).
    pub(super) fn try_publish(&mut self, t: TopicId, mut message: Message) -> PublishOutcome {
        let priority = self.producers[message.producer].priority;
        let topic = &mut self.topics[t];
        if topic.partitions[message.partition].is_offline() {
            // The partition's leader is down and no replica has taken over.
            self.producers[message.producer].stats.unreachable += 1;
            return PublishOutcome::Unreachable(Reason::BrokerUnreachable);
        }
        if let Some(action) = topic.shed_action(priority) {
            topic.stats.shed += 1;
            return match action {
                ShedAction::Reject => PublishOutcome::Rejected(Reason::LoadShed),
                ShedAction::Drop => {
                    topic.stats.interval_unserved += 1;
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
                    if let Some(oldest) = topic.pop_oldest(message.partition) {
                        self.end_in_topic(t, oldest, Terminal::Dropped, Reason::TopicFullDroppedOldest);
                    }
                }
                Overflow::BlockProducer => return PublishOutcome::Blocked,
            }
        }
        let topic = &mut self.topics[t];
        if topic.draw_poison() {
            message.flags |= Message::POISON;
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

    /// Makes sure an expiry check is due by the head's deadline. One check per partition
    /// is pending at a time: a head that expires sooner than the pending check (a
    /// redelivered message put back at the head) supersedes it.
    pub(super) fn arm_expiry(&mut self, t: TopicId, p: PartitionId) {
        let topic = &mut self.topics[t];
        let Some(ttl) = topic.ttl else { return };
        let partition = &mut topic.partitions[p];
        let Some(head) = partition.queue.front() else { return };
        // Never in the past: a TTL shortened live (or a long-held message redelivered to
        // the head) may be overdue, and is then checked now.
        let due = (head.published_at + ttl).max(self.now);
        if partition.expiry_at.is_some_and(|at| at <= due) {
            return;
        }
        partition.expiry_at = Some(due);
        self.queue.schedule(due, Event::Expiry { topic: t, partition: p });
    }

    pub(super) fn on_expiry(&mut self, t: TopicId, p: PartitionId) {
        let topic = &mut self.topics[t];
        if topic.partitions[p].expiry_at != Some(self.now) {
            return; // superseded by an earlier check
        }
        topic.partitions[p].expiry_at = None;
        let Some(ttl) = topic.ttl else { return };
        let mut expired = Vec::new();
        while let Some(head) = topic.partitions[p].queue.front() {
            if head.published_at + ttl > self.now {
                break;
            }
            if let Some(message) = topic.take_from(p) {
                expired.push(message);
            }
        }
        let expired_to = topic.expired_to;
        let freed = !expired.is_empty();
        topic.stats.interval_unserved += expired.iter().filter(|m| !m.is_duplicate()).count() as u64;
        for message in expired {
            if message.is_duplicate() {
                self.discard_duplicate_in_topic(t);
                continue;
            }
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
    pub(super) fn unblock_producers(&mut self, t: TopicId) {
        while let Some(p) = self.topics[t].next_to_unblock() {
            let Some(message) = self.producers[p].unblock(self.now) else { continue };
            if self.send(p, message, 1, 0) {
                self.schedule_next_arrival(p);
                self.arm_publish_retry(p);
            }
        }
    }

    /// A message leaves a topic without being consumed (dropped oldest, lost with its
    /// node): recorded in the ledger, or counted apart if it is a duplicate copy.
    pub(super) fn end_in_topic(&mut self, t: TopicId, message: Message, terminal: Terminal, reason: Reason) {
        if message.is_duplicate() {
            return self.discard_duplicate_in_topic(t);
        }
        self.ledger.record(terminal, reason);
        self.topics[t].stats.interval_unserved += 1;
        match terminal {
            Terminal::Dropped => self.interval.dropped += 1,
            Terminal::Lost => self.interval.lost += 1,
            Terminal::Expired => self.interval.expired += 1,
            Terminal::Processed | Terminal::DeadLettered => {}
        }
    }

    /// A duplicate copy ended in a topic (expired, dropped, lost): counted by the group
    /// that reads the topic (see `ledger`).
    pub(super) fn discard_duplicate_in_topic(&mut self, t: TopicId) {
        if let Some(g) = self.topics[t].consumer {
            self.groups[g].stats.duplicates_discarded += 1;
        }
    }

    /// A producer's own publish (first try, retry or outbox relay): a producer cut off
    /// from the broker by a Partition fault cannot reach it at all; otherwise the topic
    /// decides. (Redrive, a broker-side tool, goes to `try_publish` directly.)
    #[inline]
    pub(super) fn producer_publish(&mut self, p: ProducerId, t: TopicId, message: Message) -> PublishOutcome {
        if self.producers[p].is_partitioned() {
            self.producers[p].stats.unreachable += 1;
            return PublishOutcome::Unreachable(Reason::BrokerUnreachable);
        }
        self.try_publish(t, message)
    }
}
