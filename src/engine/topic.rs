//! Topics: partitions of messages in publication order, a bound, and what happens at it.

use super::ids::{GroupId, PartitionId, ProducerId, TiVec, TopicId};
use super::message::{DeadLetter, Message};
use crate::scenario::{Overflow, Shed, ShedAction};
use crate::time::{SimDuration, SimTime};
use rand::RngExt;
use std::collections::VecDeque;

/// Runtime state of one topic.
#[derive(Clone, Debug)]
pub struct Topic {
    pub(in crate::engine) name: String,
    pub(in crate::engine) partitions: TiVec<PartitionId, Partition>,
    pub(in crate::engine) capacity: u64,
    pub(in crate::engine) overflow: Overflow,
    pub(in crate::engine) ttl: Option<SimDuration>,
    /// Topic index that receives expired messages, if any.
    pub(in crate::engine) expired_to: Option<TopicId>,
    pub(in crate::engine) durable: bool,
    /// Messages across all partitions.
    len: u64,
    /// Consumer group reading this topic (or this subscriber queue), if any.
    pub(in crate::engine) consumer: Option<GroupId>,
    /// Fan-out: the queues of the topic's second and later subscriber groups, which get a
    /// copy of every message published to it. The first subscriber reads this topic itself.
    fan_out: Vec<TopicId>,
    /// This is a subscriber queue: the topic whose messages it copies.
    queue_of: Option<TopicId>,
    /// Producers waiting for room (BlockProducer), in the order they blocked.
    blocked_producers: VecDeque<ProducerId>,
    /// Dead letters held when this topic is a dead-letter target.
    dead_letters: VecDeque<DeadLetter>,
    is_dead_letter_target: bool,
    /// Load-shedding rules, by rising backlog.
    shedding: Vec<Shed>,
    pub(in crate::engine) stats: TopicStats,
    /// Duplicate copies among the messages held (redelivered copies of processed
    /// messages): not in the system, see `ledger`.
    duplicate_copies: u64,
    /// Probability that a message published now is poison (active Poison faults).
    poison: f64,
    /// Draws for Poison faults: its own stream.
    fault_rng: super::rng::Stream,
}

/// One partition: an ordered log of messages not yet fetched by a consumer.
#[derive(Clone, Debug, Default)]
pub struct Partition {
    pub queue: PartitionQueue,
    /// When the pending expiry check of this partition is due, if one is.
    pub expiry_at: Option<SimTime>,
    /// Its leader is down and no replica has taken over: no publishing, no fetching.
    offline: bool,
}

impl Partition {
    /// Its leader is down and no replica has taken over: no publishing, no fetching.
    pub fn is_offline(&self) -> bool {
        self.offline
    }

    /// A consumer may fetch from it now: messages wait and a leader serves them.
    #[inline]
    pub fn can_fetch(&self) -> bool {
        !self.queue.is_empty() && !self.offline
    }
}

/// The messages of a partition waiting to be fetched, in the order they are handed out: one
/// FIFO, or for a priority queue one FIFO per priority class, the highest served first
/// (RabbitMQ's priority queues keep a sub-queue per priority the same way). Class 0 is
/// kept apart from the higher ones so that a queue without priorities is a plain FIFO on
/// the hot path.
#[derive(Clone, Debug, Default)]
pub struct PartitionQueue {
    /// Class 0: every message of a queue without priorities.
    base: VecDeque<Message>,
    /// Classes 1, 2, … up to `max_priority`; empty for a queue without priorities.
    higher: Vec<VecDeque<Message>>,
    /// Messages in `higher`.
    higher_len: usize,
}

impl PartitionQueue {
    /// An empty queue of `classes` priority classes (at least one).
    pub fn with_classes(classes: usize) -> PartitionQueue {
        PartitionQueue { higher: vec![VecDeque::new(); classes.saturating_sub(1)], ..PartitionQueue::default() }
    }

    /// An empty queue with the classes of this one.
    pub fn emptied(&self) -> PartitionQueue {
        PartitionQueue::with_classes(self.classes())
    }

    /// Priority classes (1: publication order).
    pub fn classes(&self) -> usize {
        self.higher.len() + 1
    }

    /// The queue of `message`'s class; classes above the highest count as it.
    #[inline]
    fn class_of(&mut self, message: &Message) -> &mut VecDeque<Message> {
        if message.priority == 0 || self.higher.is_empty() {
            return &mut self.base;
        }
        self.higher_len += 1;
        let last = self.higher.len() - 1;
        &mut self.higher[(usize::from(message.priority) - 1).min(last)]
    }

    #[inline]
    pub fn push_back(&mut self, message: Message) {
        self.class_of(&message).push_back(message);
    }

    /// At the head of its class (a redelivery goes before what was published after it).
    pub fn push_front(&mut self, message: Message) {
        self.class_of(&message).push_front(message);
    }

    /// The next message to hand out: the oldest of the highest class waiting.
    #[inline(always)]
    pub fn pop_front(&mut self) -> Option<Message> {
        if self.higher_len == 0 {
            return self.base.pop_front();
        }
        self.higher_len -= 1;
        self.higher.iter_mut().rev().find_map(VecDeque::pop_front)
    }

    /// Every class, 0 first.
    fn each_class(&self) -> impl Iterator<Item = &VecDeque<Message>> {
        std::iter::once(&self.base).chain(&self.higher)
    }

    /// The message published longest ago (the next to expire): the oldest head of any
    /// class, the lowest class on a tie.
    pub fn oldest(&self) -> Option<&Message> {
        self.each_class().filter_map(VecDeque::front).min_by_key(|m| m.published_at)
    }

    /// Removes [`PartitionQueue::oldest`].
    pub fn pop_oldest(&mut self) -> Option<Message> {
        let oldest = self.oldest()?.published_at;
        if self.base.front().is_some_and(|m| m.published_at == oldest) {
            return self.base.pop_front();
        }
        let class = self.higher.iter_mut().find(|q| q.front().is_some_and(|m| m.published_at == oldest))?;
        self.higher_len -= 1;
        class.pop_front()
    }

    /// The message a full queue gives up for a new one (DropOldest): the oldest of the
    /// lowest class waiting, so the least important traffic goes first.
    pub fn pop_evictable(&mut self) -> Option<Message> {
        if let Some(message) = self.base.pop_front() {
            return Some(message);
        }
        let message = self.higher.iter_mut().find_map(VecDeque::pop_front)?;
        self.higher_len -= 1;
        Some(message)
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.base.len() + self.higher_len
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.base.is_empty() && self.higher_len == 0
    }

    /// Every message, in the order they would be handed out.
    pub fn iter(&self) -> impl Iterator<Item = &Message> {
        self.higher.iter().rev().flatten().chain(&self.base)
    }
}

/// Counters for reporting.
#[derive(Clone, Debug, Default)]
pub struct TopicStats {
    pub published: u64,
    pub max_backlog: u64,
    pub dead_letters_received: u64,
    pub interval_dead_letters: u64,
    /// Messages of this topic that ended in the interval other than processed
    /// (rejected, dropped, expired, lost, given up): the service level's failures.
    pub interval_unserved: u64,
    /// Messages shed by priority (dropped or rejected).
    pub shed: u64,
    /// Dead letters republished by redrive.
    pub redriven: u64,
}

/// What a dead-letter topic did with a letter (see [`Topic::store_dead_letter`]).
#[derive(Clone, Copy, Debug)]
pub enum DeadLetterStored {
    Kept,
    /// Kept; the topic was full (DropOldest) and evicted its oldest letter for it.
    KeptEvicting(DeadLetter),
    /// The topic was full and refuses new letters (a consumer cannot be blocked by its
    /// dead-letter topic, so BlockProducer refuses too).
    Refused,
}

/// What a live change of a topic's spec asks of the simulation around it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TopicChange {
    /// The TTL changed: every partition's expiry check must be re-armed.
    pub ttl_changed: bool,
    /// The overflow is no longer BlockProducer: blocked producers must be let go.
    pub stopped_blocking: bool,
    /// The capacity was raised: blocked producers may publish now.
    pub capacity_raised: bool,
}

impl Topic {
    /// An empty topic as `spec` describes it, expiring messages to `expired_to`; its
    /// stream is set by `for_each_stream`.
    pub fn new(spec: &crate::scenario::Topic, expired_to: Option<TopicId>) -> Topic {
        Topic {
            name: spec.name.clone(),
            partitions: vec![
                Partition {
                    queue: PartitionQueue::with_classes(spec.max_priority.map_or(1, |max| usize::from(max) + 1)),
                    ..Partition::default()
                };
                spec.partitions.max(1) as usize
            ]
            .into(),
            capacity: spec.capacity.max(1),
            overflow: spec.overflow,
            ttl: spec.ttl,
            expired_to,
            durable: spec.durable,
            len: 0,
            consumer: None,
            fan_out: Vec::new(),
            queue_of: None,
            blocked_producers: Default::default(),
            dead_letters: Default::default(),
            is_dead_letter_target: false,
            shedding: Topic::sorted_rules(&spec.shedding),
            stats: TopicStats::default(),
            duplicate_copies: 0,
            poison: 0.0,
            fault_rng: super::rng::unseeded(),
        }
    }

    /// The queue of a further subscriber of topic `of`: the same spec, empty, holding a copy
    /// of every message published to `of` from now on (a RabbitMQ fan-out exchange's queue
    /// per subscriber; Kafka's consumer groups each keep their own position in the log).
    pub fn subscriber_queue(of: &Topic, of_id: TopicId) -> Topic {
        let mut queue = of.clone();
        for partition in &mut queue.partitions {
            *partition = Partition { queue: partition.queue.emptied(), offline: partition.offline, expiry_at: None };
        }
        queue.len = 0;
        queue.duplicate_copies = 0;
        queue.consumer = None;
        queue.fan_out = Vec::new();
        queue.queue_of = Some(of_id);
        queue.blocked_producers = VecDeque::new();
        queue.stats = TopicStats::default();
        queue
    }

    /// Its partitions have leaders and replicas on broker nodes: a topic of messages (a
    /// subscriber queue shares its topic's, and dead letters are kept apart).
    pub fn places_partitions(&self) -> bool {
        !self.is_dead_letter_target && self.queue_of.is_none()
    }

    /// Another group subscribes: its queue is `queue`.
    pub fn add_subscriber_queue(&mut self, queue: TopicId) {
        self.fan_out.push(queue);
    }

    /// The queues of the second and later subscribers (empty without fan-out).
    #[inline]
    pub fn fan_out(&self) -> &[TopicId] {
        &self.fan_out
    }

    /// The topic this subscriber queue copies, if it is one.
    #[inline]
    pub fn queue_of(&self) -> Option<TopicId> {
        self.queue_of
    }

    /// Visits the topic's random stream with its name. A subscriber queue draws nothing
    /// (Poison is drawn once per publish, by the topic), so it has no stream to visit.
    pub fn for_each_stream(&mut self, visit: &mut dyn FnMut(super::rng::StreamOf<'_>, &mut super::rng::Stream)) {
        if self.queue_of.is_none() {
            visit(super::rng::StreamOf::TopicFaults(&self.name), &mut self.fault_rng);
        }
    }

    /// Load-shedding rules in the order `shed_action` reads them: by rising backlog.
    pub fn sorted_rules(rules: &[Shed]) -> Vec<Shed> {
        let mut rules = rules.to_vec();
        rules.sort_by_key(|r| (r.backlog_above, r.below_priority));
        rules
    }

    /// A live change of the spec (same name, partitions and `expired_to`). Nothing held is
    /// lost or moved by it: a capacity lowered below the backlog keeps every message and
    /// only refuses (or, with DropOldest, evicts for) new ones while the topic is above it;
    /// a new TTL judges the messages held by their publication time.
    pub fn reconfigure(&mut self, new: &crate::scenario::Topic) -> TopicChange {
        let capacity = new.capacity.max(1);
        let change = TopicChange {
            ttl_changed: self.ttl != new.ttl,
            stopped_blocking: self.overflow == Overflow::BlockProducer && new.overflow != Overflow::BlockProducer,
            capacity_raised: capacity > self.capacity,
        };
        self.capacity = capacity;
        self.overflow = new.overflow;
        self.ttl = new.ttl;
        self.durable = new.durable;
        self.shedding = Topic::sorted_rules(&new.shedding);
        change
    }

    /// Messages (or dead letters) currently held.
    pub fn backlog(&self) -> u64 {
        if self.is_dead_letter_target { self.dead_letters.len() as u64 } else { self.len }
    }

    pub fn is_full(&self) -> bool {
        self.backlog() >= self.capacity
    }

    /// Whether a message of `priority` is shed at the current backlog, and how: the first
    /// rule (by rising backlog) whose backlog is reached and whose priority bar it is under.
    #[inline]
    pub fn shed_action(&self, priority: u8) -> Option<ShedAction> {
        self.shed_action_at(priority, self.len)
    }

    /// [`Topic::shed_action`] at a given backlog (a fan-out topic sheds by its deepest
    /// subscriber queue).
    #[inline]
    pub fn shed_action_at(&self, priority: u8, backlog: u64) -> Option<ShedAction> {
        if self.shedding.is_empty() {
            return None;
        }
        self.shedding
            .iter()
            .take_while(|rule| backlog >= rule.backlog_above)
            .find(|rule| priority < rule.below_priority)
            .map(|rule| rule.action)
    }

    /// The partition a key maps to: a fixed mix of the key, so keys spread evenly and a
    /// key always lands in the same partition (Kafka's default partitioner does the same
    /// with murmur2).
    pub fn partition_for_key(&self, key: u32) -> PartitionId {
        PartitionId::new((super::rng::splitmix64(u64::from(key)) % self.partitions.len() as u64) as u32)
    }

    #[inline]
    pub fn push(&mut self, message: Message) {
        self.partitions[message.partition].queue.push_back(message);
        self.len += 1;
        self.duplicate_copies += u64::from(message.is_duplicate());
        self.stats.published += 1;
        self.stats.max_backlog = self.stats.max_backlog.max(self.len);
    }

    /// Puts a message delivered before back at the head of its partition (redelivery:
    /// in the log it never left, so it goes before everything published after it).
    /// Callers push in descending id order so the partition stays in id order.
    pub fn push_front(&mut self, message: Message) {
        self.partitions[message.partition].queue.push_front(message);
        self.len += 1;
        self.duplicate_copies += u64::from(message.is_duplicate());
        self.stats.max_backlog = self.stats.max_backlog.max(self.len);
    }

    /// Removes the oldest message of `preferred` or, if that partition is empty, of the
    /// fullest partition (the bound is topic-wide).
    pub fn pop_oldest(&mut self, preferred: PartitionId) -> Option<Message> {
        let index = if self.partitions[preferred].queue.is_empty() {
            self.partitions.keys().max_by_key(|&p| (self.partitions[p].queue.len(), std::cmp::Reverse(p)))?
        } else {
            preferred
        };
        let message = self.partitions[index].queue.pop_evictable()?;
        self.len -= 1;
        self.duplicate_copies -= u64::from(message.is_duplicate());
        Some(message)
    }

    /// Removes the message of `partition` published longest ago (an expiry).
    pub fn take_oldest(&mut self, partition: PartitionId) -> Option<Message> {
        let message = self.partitions[partition].queue.pop_oldest()?;
        self.len -= 1;
        self.duplicate_copies -= u64::from(message.is_duplicate());
        Some(message)
    }

    // Always inlined: called once per message from the fetch loop, where the message can
    // be moved straight into place (measured: out of line it costs 3 % of a run).
    #[inline(always)]
    pub fn take_from(&mut self, partition: PartitionId) -> Option<Message> {
        let message = self.partitions[partition].queue.pop_front()?;
        self.len -= 1;
        self.duplicate_copies -= u64::from(message.is_duplicate());
        Some(message)
    }

    /// Priority classes its queues hand out in order (1: publication order).
    pub fn priority_classes(&self) -> usize {
        self.partitions.iter().next().map_or(1, |p| p.queue.classes())
    }

    /// A priority queue (`max_priority`).
    pub fn has_priorities(&self) -> bool {
        self.priority_classes() > 1
    }

    /// The topic's name in the scenario.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Messages waiting across all partitions (dead letters aside).
    #[inline]
    pub fn len(&self) -> u64 {
        self.len
    }

    /// No message waits in any partition (dead letters aside).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Duplicate copies among the messages held.
    pub fn duplicate_copies(&self) -> u64 {
        self.duplicate_copies
    }

    /// Producer `p` waits for room (BlockProducer), after those already waiting.
    pub fn wait_for_room(&mut self, p: ProducerId) {
        self.blocked_producers.push_back(p);
    }

    /// The blocked producer that may publish next: the first to block. The caller knows
    /// whether there is room (in every subscriber queue, with fan-out).
    pub fn next_blocked(&mut self) -> Option<ProducerId> {
        self.blocked_producers.pop_front()
    }

    /// Some producer waits for room.
    #[inline]
    pub fn has_blocked_producers(&self) -> bool {
        !self.blocked_producers.is_empty()
    }

    /// Every blocked producer, in the order they blocked (the topic stopped blocking).
    pub fn release_blocked(&mut self) -> VecDeque<ProducerId> {
        std::mem::take(&mut self.blocked_producers)
    }

    /// Poison faults in effect changed: a message published from now on is poison with
    /// probability `p`.
    pub fn set_poison(&mut self, p: f64) {
        self.poison = p;
    }

    /// Whether a message published now is poison (a draw from the fault stream, only while
    /// a Poison fault is in effect).
    #[inline]
    pub fn draw_poison(&mut self) -> bool {
        self.poison > 0.0 && self.fault_rng.random::<f64>() < self.poison
    }

    /// Consumers give up on messages into it, or messages expire into it: from now on it
    /// holds dead letters.
    pub fn mark_dead_letter_target(&mut self) {
        self.is_dead_letter_target = true;
    }

    /// A dead letter arrives; the topic's bound applies like any topic's.
    pub fn store_dead_letter(&mut self, letter: DeadLetter) -> DeadLetterStored {
        let mut stored = DeadLetterStored::Kept;
        if self.is_full() {
            match self.overflow {
                Overflow::DropOldest => {
                    if let Some(evicted) = self.dead_letters.pop_front() {
                        stored = DeadLetterStored::KeptEvicting(evicted);
                    }
                }
                Overflow::RejectNew | Overflow::BlockProducer => return DeadLetterStored::Refused,
            }
        }
        self.dead_letters.push_back(letter);
        self.stats.dead_letters_received += 1;
        self.stats.interval_dead_letters += 1;
        self.stats.max_backlog = self.stats.max_backlog.max(self.dead_letters.len() as u64);
        stored
    }

    /// Every dead letter held, for a redrive (see [`Topic::return_dead_letters`]).
    pub fn take_dead_letters(&mut self) -> VecDeque<DeadLetter> {
        std::mem::take(&mut self.dead_letters)
    }

    /// The letters a redrive kept go back, before any that arrived meanwhile (they are older).
    pub fn return_dead_letters(&mut self, kept: VecDeque<DeadLetter>) {
        let arrived = std::mem::replace(&mut self.dead_letters, kept);
        self.dead_letters.extend(arrived);
    }

    /// Its counters since the statistics started.
    pub fn stats(&self) -> &TopicStats {
        &self.stats
    }

    /// Whether it holds dead letters (a dead-letter target) rather than messages.
    pub fn is_dead_letter_target(&self) -> bool {
        self.is_dead_letter_target
    }

    /// Dead letters held (a dead-letter target), oldest first.
    pub fn dead_letters(&self) -> &VecDeque<DeadLetter> {
        &self.dead_letters
    }

    /// Partition `p` loses its leader (and no replica has taken over), or gets one again.
    pub fn set_offline(&mut self, p: PartitionId, offline: bool) {
        self.partitions[p].offline = offline;
    }

    /// Messages waiting in `partition`, in the order they are handed out (oldest first
    /// without priorities).
    pub fn messages(&self, partition: PartitionId) -> impl Iterator<Item = &Message> {
        self.partitions[partition].queue.iter()
    }

    /// Load-shedding rules in force, by rising backlog.
    pub fn shedding(&self) -> &[Shed] {
        &self.shedding
    }

    /// Messages held that are in the system (duplicate copies excluded).
    pub fn in_system(&self) -> u64 {
        if self.is_dead_letter_target { 0 } else { self.len - self.duplicate_copies }
    }
}
