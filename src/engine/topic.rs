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
    /// How long and how much a retained log keeps; `None`: a queue (see [`Retention`]).
    pub(in crate::engine) retention: Option<Retention>,
    /// When a message waiting in a queue is removed by time: the sooner of the TTL and the
    /// retention time. The expiry checks read this one field, so a topic with neither pays
    /// one test per publish, as before.
    pub(in crate::engine) expire_after: Option<SimDuration>,
    /// The retained log, one per partition: only in the topic itself (not in the queues of
    /// its further subscribers, which read the same log) and only with `retention`.
    logs: Vec<PartitionLog>,
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

/// What a retained log keeps (Kafka's `retention.ms` and `retention.bytes`, the latter
/// counted in messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// Records are deleted once this long after their publication (None: kept by size only).
    pub time: Option<SimDuration>,
    /// Records a partition keeps at most: `retention_messages`, or
    /// `limits::DEFAULT_RETAINED_RECORDS` when only a time is given.
    pub max_records: u64,
}

impl Retention {
    /// The retention `spec` asks for, if any.
    pub fn of(spec: &crate::scenario::Topic) -> Option<Retention> {
        spec.retains().then(|| Retention {
            time: spec.retention,
            max_records: spec.retention_messages.unwrap_or(crate::scenario::limits::DEFAULT_RETAINED_RECORDS).max(1),
        })
    }

    /// Whether a record published at `published_at` is past its time at `now` (Kafka deletes
    /// a segment once its newest record is older than `retention.ms`; faultline's segments
    /// hold one record, so each record goes exactly at publication + retention).
    #[inline]
    pub fn is_past(&self, published_at: SimTime, now: SimTime) -> bool {
        self.time.is_some_and(|time| published_at + time <= now)
    }
}

/// One record of a retained log: its offset and the message as it was published.
#[derive(Clone, Copy, Debug)]
pub struct Record {
    pub offset: u64,
    pub message: Message,
}

/// A partition's retained log: records in offset order, from the log start to the log end.
/// Offsets are consecutive from 0 in publication order; deleting old records moves the
/// start, never renumbers.
#[derive(Clone, Debug, Default)]
pub struct PartitionLog {
    records: VecDeque<Record>,
    /// The offset the next record gets (Kafka's log end offset).
    next_offset: u64,
}

impl PartitionLog {
    /// The offset of the oldest record kept (the log end when it keeps none).
    pub fn start_offset(&self) -> u64 {
        self.records.front().map_or(self.next_offset, |r| r.offset)
    }

    /// The offset the next record will get.
    pub fn end_offset(&self) -> u64 {
        self.next_offset
    }

    /// The records kept, oldest first.
    pub fn records(&self) -> &VecDeque<Record> {
        &self.records
    }

    /// The offsets it spans at `now` (records past their time count as deleted, whether or
    /// not the next publish has removed them yet).
    pub fn range_at(&self, retention: &Retention, now: SimTime) -> super::status::LogRange {
        let past = self.records.partition_point(|r| retention.is_past(r.message.published_at, now));
        let start = self.records.get(past).map_or(self.next_offset, |r| r.offset);
        super::status::LogRange { start, end: self.next_offset, retained: self.next_offset - start }
    }

    /// Deletes the records past their time at `now`.
    fn delete_past(&mut self, retention: &Retention, now: SimTime) {
        while self.records.front().is_some_and(|r| retention.is_past(r.message.published_at, now)) {
            self.records.pop_front();
        }
    }

    /// Appends `message` at the next offset; returns the record deleted for it at the size
    /// bound, if one was.
    fn append(&mut self, message: Message, retention: &Retention) -> Option<Record> {
        let deleted = if self.records.len() as u64 >= retention.max_records { self.records.pop_front() } else { None };
        self.records.push_back(Record { offset: self.next_offset, message });
        self.next_offset += 1;
        deleted
    }

    /// Deletes the oldest records above `max_records` (the bound was lowered); returns them.
    fn trim_to(&mut self, max_records: u64) -> Vec<Record> {
        let excess = (self.records.len() as u64).saturating_sub(max_records) as usize;
        self.records.drain(..excess).collect()
    }
}

/// Per partition of a group's queue: what retention and offset resets did to it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogCounters {
    /// Unread messages deleted by retention before the group read them.
    pub deleted_by_retention: u64,
    /// Records put back by an offset reset (each a duplicate copy).
    pub replayed: u64,
    /// Unread messages an offset reset skipped.
    pub skipped_by_reset: u64,
}

/// One partition: an ordered log of messages not yet fetched by a consumer.
#[derive(Clone, Debug, Default)]
pub struct Partition {
    pub queue: PartitionQueue,
    /// When the pending expiry check of this partition is due, if one is.
    pub expiry_at: Option<SimTime>,
    /// Its leader is down and no replica has taken over: no publishing, no fetching.
    offline: bool,
    /// What retention and offset resets did to this partition of the group's queue.
    pub log_counters: LogCounters,
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
    /// Classes 1, 2, … up to the highest class that has had a message: made when one of
    /// its class first arrives, since a topic of 100 000 partitions and 255 classes would
    /// otherwise start with 25 million empty queues.
    higher: Vec<VecDeque<Message>>,
    /// The highest class (`max_priority`); 0 for a queue without priorities.
    top: u8,
    /// Messages in `higher`.
    higher_len: usize,
}

impl PartitionQueue {
    /// An empty queue of `classes` priority classes (at least one).
    pub fn with_classes(classes: usize) -> PartitionQueue {
        let top = u8::try_from(classes.saturating_sub(1)).unwrap_or(u8::MAX);
        PartitionQueue { top, ..PartitionQueue::default() }
    }

    /// An empty queue with the classes of this one.
    pub fn emptied(&self) -> PartitionQueue {
        PartitionQueue::with_classes(self.classes())
    }

    /// Priority classes (1: publication order).
    pub fn classes(&self) -> usize {
        usize::from(self.top) + 1
    }

    /// The queue of `message`'s class; classes above the highest count as it.
    #[inline]
    fn class_of(&mut self, message: &Message) -> &mut VecDeque<Message> {
        if message.priority == 0 || self.top == 0 {
            return &mut self.base;
        }
        self.higher_len += 1;
        let class = usize::from(message.priority.min(self.top));
        if self.higher.len() < class {
            self.higher.resize_with(class, VecDeque::new);
        }
        &mut self.higher[class - 1]
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

    /// Removes the messages `remove` picks, keeping the others in order; returns those
    /// removed, class 0 first.
    pub fn remove_where(&mut self, mut remove: impl FnMut(&Message) -> bool) -> Vec<Message> {
        let mut removed = Vec::new();
        for (k, class) in std::iter::once(&mut self.base).chain(&mut self.higher).enumerate() {
            let before = removed.len();
            class.retain(|m| {
                let gone = remove(m);
                if gone {
                    removed.push(*m);
                }
                !gone
            });
            if k > 0 {
                self.higher_len -= removed.len() - before;
            }
        }
        removed
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
    /// Keys of its producers that adding partitions sent to another partition, and of
    /// those the ones with older messages still waiting in the old partition.
    pub keys_moved: u64,
    pub key_order_hazards: u64,
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
            retention: Retention::of(spec),
            expire_after: Topic::expire_after(spec.ttl, Retention::of(spec)),
            logs: if spec.retains() {
                vec![PartitionLog::default(); spec.partitions.max(1) as usize]
            } else {
                Vec::new()
            },
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
            *partition = Partition {
                queue: partition.queue.emptied(),
                offline: partition.offline,
                expiry_at: None,
                log_counters: LogCounters::default(),
            };
        }
        // It reads its topic's log; it keeps none of its own.
        queue.logs = Vec::new();
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
        let retention = Retention::of(new);
        let expire_after = Topic::expire_after(new.ttl, retention);
        let change = TopicChange {
            ttl_changed: self.expire_after != expire_after,
            stopped_blocking: self.overflow == Overflow::BlockProducer && new.overflow != Overflow::BlockProducer,
            capacity_raised: capacity > self.capacity,
        };
        self.capacity = capacity;
        self.overflow = new.overflow;
        self.ttl = new.ttl;
        self.expire_after = expire_after;
        // A log starts (empty, offsets from 0) when retention is turned on, and is dropped
        // when it is turned off; Kafka's `retention.ms` changes live the same way.
        if retention.is_none() {
            self.logs = Vec::new();
        } else if self.retention.is_none() && self.queue_of.is_none() {
            self.logs = vec![PartitionLog::default(); self.partitions.len()];
        }
        self.retention = retention;
        self.durable = new.durable;
        self.shedding = Topic::sorted_rules(&new.shedding);
        change
    }

    /// The sooner of a TTL and a retention time: when a waiting message is removed by time.
    fn expire_after(ttl: Option<SimDuration>, retention: Option<Retention>) -> Option<SimDuration> {
        match (ttl, retention.and_then(|r| r.time)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// What its retained log keeps; `None` for a queue.
    pub fn retention(&self) -> Option<Retention> {
        self.retention
    }

    /// Partition `p`'s retained log (the topic's own: a subscriber queue reads its
    /// topic's), if it keeps one.
    pub fn log(&self, p: PartitionId) -> Option<&PartitionLog> {
        self.logs.get(usize::from(p))
    }

    /// Records `message` (as published now) in its partition's log, after deleting the
    /// records past their time; returns the record deleted for it at the size bound. A
    /// topic without a log does nothing.
    pub fn append_to_log(&mut self, message: Message, now: SimTime) -> Option<Record> {
        let retention = self.retention?;
        let log = self.logs.get_mut(usize::from(message.partition))?;
        log.delete_past(&retention, now);
        log.append(message, &retention)
    }

    /// Deletes the records of partition `p` past their time at `now` (before a log is read).
    pub fn delete_past_records(&mut self, p: PartitionId, now: SimTime) {
        if let (Some(retention), Some(log)) = (self.retention, self.logs.get_mut(usize::from(p))) {
            log.delete_past(&retention, now);
        }
    }

    /// Deletes the records above the size bound in partition `p` (lowered live); returns them.
    pub fn trim_log(&mut self, p: PartitionId) -> Vec<Record> {
        match (self.retention, self.logs.get_mut(usize::from(p))) {
            (Some(retention), Some(log)) => log.trim_to(retention.max_records),
            _ => Vec::new(),
        }
    }

    /// Removes from partition `p` the waiting messages `remove` picks, keeping the others in
    /// order; returns those removed.
    pub fn remove_waiting(&mut self, p: PartitionId, remove: impl FnMut(&Message) -> bool) -> Vec<Message> {
        let removed = self.partitions[p].queue.remove_where(remove);
        self.len -= removed.len() as u64;
        self.duplicate_copies -= removed.iter().filter(|m| m.is_duplicate()).count() as u64;
        removed
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

    /// Grows to `partitions` empty partitions (with a log each if it keeps one); never
    /// shrinks (Kafka cannot remove partitions).
    pub fn grow_to(&mut self, partitions: u32) {
        let n = (partitions as usize).max(self.partitions.len());
        let fresh = Partition { queue: self.partitions[PartitionId::new(0)].queue.emptied(), ..Partition::default() };
        self.partitions.resize(n, fresh);
        if !self.logs.is_empty() {
            self.logs.resize(n, PartitionLog::default());
        }
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
