//! Production side: arrivals, publishing into topics (overflow, back-pressure) and TTL expiry.

use super::*;
use crate::engine::broker::Replicating;
use crate::engine::broker_load::Pending;
use crate::scenario::Acks;

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
        // A batch's events are created one after another at this instant; a topic that
        // blocks the producer mid-batch ends the batch there (the source pauses, and the
        // rest of the batch is not created, as arrivals due while blocked are not).
        for _ in 0..producer.draw_batch_size() {
            if !self.produce_one(p) {
                return;
            }
        }
        self.schedule_next_arrival(p);
    }

    /// Creates and publishes (or writes to the outbox) one event of producer `p` now.
    /// Returns false when the producer cannot go on: blocked by its topic, or the run is
    /// halting at the limit of messages held.
    fn produce_one(&mut self, p: ProducerId) -> bool {
        let producer = &mut self.producers[p];
        // A replayed row's own key and type, where it gives them; otherwise drawn.
        let (row_key, row_type) = match producer.arrivals.replayed() {
            Some(row) => (row.key, row.event.as_deref().map(|name| self.event_types.id(name))),
            None => (None, None),
        };
        let key = match row_key {
            Some(key) => key,
            None => producer.keys.sample(&mut producer.rng),
        };
        let event_type = match row_type {
            Some(event_type) => event_type,
            None => producer.draw_event_type(),
        };
        let Some(flags) = producer.event_flags() else {
            // The upstream application is down: the event never exists. (The key was
            // drawn anyway, so the producer's stream stays aligned with a fault-free run.)
            return true;
        };
        let t = producer.topic;
        if !self.check_messages_held() {
            return false;
        }
        let producer = &mut self.producers[p];
        producer.stats.produced += 1;
        let id = self.produce_message_id();
        let partition = self.topics[t].partition_for_key(key);
        let priority = self.producers[p].priority_of(event_type);
        let message =
            Message { flags, priority, ..Message::root(id, self.now, key, Origin::Producer(p), partition, event_type) };
        if self.producers[p].writes_outbox() {
            self.write_outbox(p, message);
            true
        } else {
            self.send(p, message, 1, 0)
        }
    }

    /// A producer without outbox publishes `message` (its `tries`-th attempt): refused, it
    /// waits to be retried or is lost; blocked, the producer waits for room. Returns false
    /// when the producer is now blocked.
    pub(super) fn send(&mut self, p: ProducerId, message: Message, tries: u32, backoff_ns: u64) -> bool {
        // Batching or a broker cost puts a produce request between the producer and the
        // topic (see `engine::broker_load`); without either, nothing else is consulted.
        if self.requests {
            self.send_request(p, Pending { message, tries, backoff_ns });
            return true;
        }
        self.send_now(p, message, tries, backoff_ns)
    }

    /// The topic decides on `message` now (no request in between, or its request was
    /// served). Always inlined: `send` then compiles to what it was before requests
    /// existed, plus one check (the 72-byte message is not copied into another call).
    #[inline(always)]
    pub(super) fn send_now(&mut self, p: ProducerId, message: Message, tries: u32, backoff_ns: u64) -> bool {
        let t = self.producers[p].topic;
        match self.producer_publish(p, t, &message) {
            PublishOutcome::Accepted => true,
            PublishOutcome::Blocked => {
                self.producers[p].block(message);
                self.topics[t].wait_for_room(p);
                false
            }
            PublishOutcome::Rejected(reason) | PublishOutcome::Unreachable(reason) => {
                self.publish_refused(p, Pending { message, tries, backoff_ns }, reason);
                true
            }
        }
    }

    /// A publish of producer `p` was refused (by the topic, the broker, or unreachable).
    pub(super) fn publish_refused(&mut self, p: ProducerId, pending: Pending, reason: Reason) {
        self.producers[p].stats.rejected += 1;
        if self.producers[p].acks == Acks::None {
            // acks=0: the producer never hears of the refusal, so nothing retries it.
            self.lose(p, reason);
        } else {
            self.publish_failed(p, pending.message, pending.tries, pending.backoff_ns, reason);
        }
    }

    /// The one way into a topic: every publish attempt (producer, outbox relay, emit,
    /// redrive) comes here and gets an outcome. Nothing is recorded in the ledger for a
    /// refusal; the caller decides. Shed or evicted messages are recorded here (the topic
    /// decided).
    ///
    /// A topic read by several groups (fan-out) takes a message only as a whole: it sheds
    /// by its deepest subscriber queue, refuses or blocks while any queue is full, and with
    /// DropOldest each full queue evicts its own oldest. Accepted, every subscriber queue
    /// gets its copy. A slow subscriber therefore back-pressures the producers of a
    /// RejectNew or BlockProducer topic (RabbitMQ's reject-publish with several queues);
    /// with DropOldest it only loses its own oldest copies (Kafka's retention by size),
    /// and the other subscribers are untouched.
    pub(super) fn try_publish(&mut self, t: TopicId, message: &Message) -> PublishOutcome {
        self.publish_into(t, message, true)
    }

    /// A publish into one subscriber queue only (a redrive returns a dead letter to the
    /// group that gave up on it, not to every subscriber again).
    pub(super) fn publish_to_queue(&mut self, t: TopicId, message: &Message) -> PublishOutcome {
        self.publish_into(t, message, false)
    }

    // Messages go by reference down to the queue that stores them: each copy of a
    // 72-byte message costs more than the checks around it.
    #[inline]
    fn publish_into(&mut self, t: TopicId, message: &Message, fan_out: bool) -> PublishOutcome {
        let outcome = self.publish_into_queues(t, message, fan_out);
        // An accepted publish was traced as it entered the topic (before any group took it).
        if self.tracer.is_some()
            && let Some(reason) = outcome.refusal()
        {
            self.trace(message, StepKind::Refused { topic: t, reason });
        }
        outcome
    }

    fn publish_into_queues(&mut self, t: TopicId, message: &Message, fan_out: bool) -> PublishOutcome {
        let priority = message.priority;
        let copies = if fan_out { self.topics[t].fan_out().len() } else { 0 };
        let topic = &self.topics[t];
        if topic.partitions[message.partition].is_offline() {
            // The partition's leader is down and no replica has taken over.
            if let Some(p) = message.producer() {
                self.producers[p].stats.unreachable += 1;
            }
            return PublishOutcome::Unreachable(Reason::BrokerUnreachable);
        }
        // Kafka's NotEnoughReplicas: an acks=all write needs `min_insync` replicas in sync.
        // With the default of 1 the serving leader is enough, so only a higher bound looks.
        if fan_out && self.broker.min_insync > 1 && self.refuses_for_isr(t, message) {
            return PublishOutcome::Rejected(Reason::NotEnoughReplicas);
        }
        let topic = &self.topics[t];
        let backlog = if copies == 0 { topic.len() } else { self.deepest_backlog(t) };
        let topic = &mut self.topics[t];
        if let Some(action) = topic.shed_action_at(priority, backlog) {
            topic.stats.shed += 1;
            return match action {
                ShedAction::Reject => PublishOutcome::Rejected(Reason::LoadShed),
                ShedAction::Drop => {
                    topic.stats.interval_unserved += 1;
                    self.ledger.record(Terminal::Dropped, Reason::LoadShed);
                    self.interval.dropped += 1;
                    if message.is_command() {
                        self.saga_command_ended(message.id, Reply::Dropped);
                    }
                    PublishOutcome::Accepted
                }
            };
        }
        let full = if copies == 0 { topic.is_full() } else { self.any_queue_full(t) };
        if full {
            match self.topics[t].overflow {
                Overflow::RejectNew => return PublishOutcome::Rejected(Reason::TopicFullRejected),
                Overflow::DropOldest => {
                    self.drop_oldest_if_full(t, message.partition);
                    for k in 0..copies {
                        let q = self.topics[t].fan_out()[k];
                        self.drop_oldest_if_full(q, message.partition);
                    }
                }
                Overflow::BlockProducer => return PublishOutcome::Blocked,
            }
        }
        let topic = &mut self.topics[t];
        let flags = message.flags | if topic.draw_poison() { Message::POISON } else { 0 };
        // Read while the topic is at hand: one bounds-checked look-up fewer per publish.
        let retains = fan_out && topic.retention.is_some();
        if self.tracer.is_some() {
            let published = Message { flags, published_at: self.now, ..*message };
            self.trace(&published, StepKind::Published { topic: t });
        }
        if fan_out && self.broker.has_lag() && !message.is_duplicate() && self.awaits_followers(t, message, flags) {
            return PublishOutcome::Accepted;
        }
        if retains {
            self.retain(t, message, flags);
        }
        self.enqueue(t, message, flags);
        if copies > 0 {
            self.ledger.record_fan_out_copies(copies as u64);
            for k in 0..copies {
                let q = self.topics[t].fan_out()[k];
                self.enqueue(q, message, flags);
            }
        }
        PublishOutcome::Accepted
    }

    /// Whether an acks All publish of `message` to topic `t` finds fewer in-sync replicas
    /// than `min_insync` (counted when it does).
    #[cold]
    fn refuses_for_isr(&mut self, t: TopicId, message: &Message) -> bool {
        let Some(p) = message.producer() else { return false };
        if self.producers[p].acks != Acks::All {
            return false;
        }
        let Some(i) = self.broker.placement_of(t, message.partition) else { return false };
        if self.broker.in_sync(i) >= self.broker.min_insync {
            return false;
        }
        self.broker.stats.refused_not_enough_replicas += 1;
        true
    }

    /// With a replication lag: the leader appends `message` and it waits for its followers'
    /// copy before it joins the log consumers read (the high watermark). Returns false when
    /// it need not wait (no follower serving, or topic `t` not placed).
    #[cold]
    fn awaits_followers(&mut self, t: TopicId, message: &Message, flags: u8) -> bool {
        let Some(i) = self.broker.placement_of(t, message.partition) else { return false };
        let Some(due) = self.broker.copy_due(i, self.now) else { return false };
        let acks = message.producer().map_or(Acks::Leader, |p| self.producers[p].acks);
        self.broker.replicating[i].insert((due, message.id), Replicating { message: *message, flags, acks });
        self.queue.schedule(due, Event::Replicated { placement: i as u32 });
        true
    }

    /// The followers of placement `i` copied the messages due now: each joins its topic's
    /// log (every subscriber queue), as an instant-replication publish would have.
    pub(super) fn on_replicated(&mut self, i: u32) {
        let i = i as usize;
        let Some(t) = self.broker.placements.get(i).map(|p| p.topic) else { return };
        for copied in self.broker.copies_due(i, self.now) {
            let (message, flags) = (copied.message, copied.flags);
            if self.topics[t].retention.is_some() {
                self.retain(t, &message, flags);
            }
            self.enqueue(t, &message, flags);
            let copies = self.topics[t].fan_out().len();
            if copies > 0 {
                self.ledger.record_fan_out_copies(copies as u64);
                for k in 0..copies {
                    let q = self.topics[t].fan_out()[k];
                    self.enqueue(q, &message, flags);
                }
            }
        }
    }

    /// A published message joins queue `t`, with `flags` and published now: its expiry
    /// is armed and its group offered it. A group whose filter does not take its type
    /// acknowledges it at once: it never waits in the queue (as a RabbitMQ binding routes
    /// it elsewhere). The message is built straight into the queue: copies of a 72-byte
    /// message are a measurable share of the engine's time.
    #[inline]
    fn enqueue(&mut self, t: TopicId, message: &Message, flags: u8) {
        let partition = message.partition;
        if let Some(g) = self.topics[t].consumer {
            let group = &mut self.groups[g];
            let flow = &mut group.flow;
            if !message.is_duplicate() {
                flow.ledger.received += 1;
                group.queueing.in_system.arrive(self.now);
            }
            if !flow.takes(message.event_type) {
                flow.ledger.filtered += 1;
                group.queueing.in_system.depart(self.now);
                self.ledger.record_filtered();
                self.trace(message, StepKind::Filtered { group: g });
                if message.is_command() && !message.is_duplicate() {
                    self.saga_command_ended(message.id, Reply::Filtered);
                }
                return;
            }
        }
        let topic = &mut self.topics[t];
        topic.push(Message { flags, published_at: self.now, ..*message });
        let consumer = topic.consumer;
        // `arm_expiry`'s test, on the topic already at hand.
        if let Some(expire_after) = topic.expire_after {
            self.arm_expiry_by(t, partition, expire_after);
        }
        if let Some(g) = consumer {
            self.offer(g, partition);
        }
    }

    /// DropOldest at a full queue: its oldest message (of `partition` first) makes room.
    fn drop_oldest_if_full(&mut self, t: TopicId, partition: PartitionId) {
        if self.topics[t].is_full()
            && let Some(oldest) = self.topics[t].pop_oldest(partition)
        {
            self.end_in_topic(t, oldest, Terminal::Dropped, Reason::TopicFullDroppedOldest);
        }
    }

    /// The backlog a topic's bound and shedding judge: with fan-out, its deepest
    /// subscriber queue's.
    pub(super) fn deepest_backlog(&self, t: TopicId) -> u64 {
        let topic = &self.topics[t];
        topic.fan_out().iter().map(|&q| self.topics[q].backlog()).fold(topic.backlog(), u64::max)
    }

    /// Some subscriber queue of topic `t` (itself included) is at the bound.
    fn any_queue_full(&self, t: TopicId) -> bool {
        let topic = &self.topics[t];
        topic.is_full() || topic.fan_out().iter().any(|&q| self.topics[q].is_full())
    }

    /// The id of a new message, counted as produced: every message (a producer's event,
    /// an emit, a service's publish) enters the ledger when it gets its id.
    pub(super) fn produce_message_id(&mut self) -> u64 {
        let id = self.next_message_id;
        self.next_message_id += 1;
        self.ledger.record_produced();
        self.interval.produced += 1;
        id
    }

    /// A message the bus itself created (an emit, a service's publish) is published once:
    /// a refusal loses it, counted with the topic's reason (no producer is there to retry
    /// it). Returns whether the topic took it.
    pub(super) fn publish_once(&mut self, t: TopicId, message: Message) -> bool {
        // With a broker cost the publish is a request at the partition's leader first
        // (see `sim::requests`).
        if self.broker.load.is_some()
            && let Some(taken) = self.bus_request(t, message)
        {
            return taken;
        }
        match self.try_publish(t, &message).refusal() {
            None => true,
            Some(reason) => {
                self.ledger.record(Terminal::Lost, reason);
                self.interval.lost += 1;
                false
            }
        }
    }

    /// Makes sure an expiry check is due by the head's deadline. One check per partition
    /// is pending at a time: a head that expires sooner than the pending check (a
    /// redelivered message put back at the head) supersedes it.
    #[inline(always)]
    pub(super) fn arm_expiry(&mut self, t: TopicId, p: PartitionId) {
        // Most topics have no TTL nor retention: answer that before anything else, in line.
        if let Some(ttl) = self.topics[t].expire_after {
            self.arm_expiry_by(t, p, ttl);
        }
    }

    fn arm_expiry_by(&mut self, t: TopicId, p: PartitionId, ttl: SimDuration) {
        let topic = &mut self.topics[t];
        let partition = &mut topic.partitions[p];
        let Some(head) = partition.queue.oldest() else { return };
        // Never in the past: a TTL shortened live (or a long-held message redelivered to
        // the head) may be overdue, and is then checked now.
        let due = (head.published_at + ttl).max(self.now);
        if partition.expiry_at.is_some_and(|at| at <= due) {
            return;
        }
        partition.expiry_at = Some(due);
        self.queue.schedule(due, Event::Expiry { topic: t, partition: p });
    }

    // Out of line: inlined into the event dispatch, its retention branch grew the dispatch
    // enough to move other calls out of line on every run (measured with callgrind).
    #[inline(never)]
    pub(super) fn on_expiry(&mut self, t: TopicId, p: PartitionId) {
        let topic = &mut self.topics[t];
        if topic.partitions[p].expiry_at != Some(self.now) {
            return; // superseded by an earlier check
        }
        topic.partitions[p].expiry_at = None;
        let Some(expire_after) = topic.expire_after else { return };
        let mut expired = Vec::new();
        let mut deleted = Vec::new();
        while let Some(head) = topic.partitions[p].queue.oldest() {
            if head.published_at + expire_after > self.now {
                break;
            }
            // The TTL goes first when both have passed: it is the message's own limit.
            let by_ttl = topic.ttl.is_some_and(|ttl| head.published_at + ttl <= self.now);
            if let Some(message) = topic.take_oldest(p) {
                if by_ttl { expired.push(message) } else { deleted.push(message) }
            }
        }
        let expired_to = topic.expired_to;
        let freed = !expired.is_empty() || !deleted.is_empty();
        topic.stats.interval_unserved += expired.iter().filter(|m| !m.is_duplicate()).count() as u64;
        for message in deleted {
            self.delete_by_retention(t, message);
        }
        for message in expired {
            if message.is_duplicate() {
                self.discard_duplicate_in_topic(t);
                continue;
            }
            let group = self.topics[t].consumer;
            self.trace(&message, StepKind::Ended { terminal: Terminal::Expired, reason: Reason::TtlExpired, group });
            if message.is_command() {
                self.saga_command_ended(message.id, Reply::Expired);
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
                    self.record_end(t, Terminal::Expired, Reason::TtlExpired);
                    self.interval.expired += 1;
                }
            }
        }
        self.arm_expiry(t, p);
        if freed {
            self.unblock_producers(t);
        }
    }

    /// Room appeared in topic (or subscriber queue) `t`: while every queue of its topic has
    /// room, blocked producers publish their waiting message, in the order they blocked,
    /// and resume their arrival processes and publish retries.
    /// Runs after every fetch: nobody blocked, the common case, costs one check.
    #[inline]
    pub(super) fn unblock_producers(&mut self, t: TopicId) {
        let t = self.topics[t].queue_of().unwrap_or(t);
        if self.topics[t].has_blocked_producers() {
            self.publish_for_blocked_producers(t);
        }
    }

    #[cold]
    fn publish_for_blocked_producers(&mut self, t: TopicId) {
        while !self.any_queue_full(t)
            && let Some(p) = self.topics[t].next_blocked()
        {
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
        let group = self.topics[t].consumer;
        self.trace(&message, StepKind::Ended { terminal, reason, group });
        if message.is_command() {
            let reply = match terminal {
                Terminal::Lost => Reply::Lost,
                Terminal::Expired => Reply::Expired,
                _ => Reply::Dropped,
            };
            self.saga_command_ended(message.id, reply);
        }
        self.record_end(t, terminal, reason);
        self.topics[t].stats.interval_unserved += 1;
        match terminal {
            Terminal::Dropped => self.interval.dropped += 1,
            Terminal::Lost => self.interval.lost += 1,
            Terminal::Expired => self.interval.expired += 1,
            Terminal::Processed | Terminal::Filtered | Terminal::DeadLettered => {}
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
    pub(super) fn producer_publish(&mut self, p: ProducerId, t: TopicId, message: &Message) -> PublishOutcome {
        if self.producers[p].is_partitioned() {
            self.producers[p].stats.unreachable += 1;
            return PublishOutcome::Unreachable(Reason::BrokerUnreachable);
        }
        self.try_publish(t, message)
    }
}
