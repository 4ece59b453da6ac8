//! Messages and dead letters, stored by value (no per-message heap allocation).

use super::ids::{GroupId, PartitionId, ProducerId, TopicId};
use crate::scenario::{ErrorClass, OrderScope};
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

use super::ledger::Reason;

/// One event travelling through the bus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Unique, in order of production. The copies fan-out makes share it (like a Kafka
    /// offset read by several groups).
    pub id: u64,
    /// Correlation id: the root event this one descends from (its own id for a root).
    pub root: u64,
    /// Causation id: the message whose handling emitted this one (its own id for a root).
    pub parent: u64,
    /// When its root was produced (for a root, itself): end-to-end latency counts from
    /// here. An emitted event's own creation is its first `published_at` (emits publish at
    /// once); keeping one time for both keeps a message at 72 bytes.
    pub produced_at: SimTime,
    /// When the broker accepted it (TTL counts from here).
    pub published_at: SimTime,
    /// The previous back-off delay, for decorrelated jitter.
    pub last_backoff_ns: u64,
    pub key: u32,
    /// Who published it: a producer, or a group's handler emitting it.
    pub origin: Origin,
    pub partition: PartitionId,
    /// Handling attempts started so far.
    pub attempts: u16,
    /// Times this message was dead-lettered or parked (the redrive loop guard reads it).
    pub dead_letters: u8,
    /// [`Message::POISON`], [`Message::DUPLICATE`], [`Message::COMMAND`].
    pub flags: u8,
    /// Its event type (see [`EventTypeId`]).
    pub event_type: EventTypeId,
    /// Emits between its root and it: 0 for a root.
    pub hops: u8,
    /// Its priority class (higher is more important): its producer's, or its event type's
    /// where the type declares one; emitted and service-published events have 0. Topics
    /// shed lower classes first, and a topic with `max_priority` hands out higher first.
    pub priority: u8,
}

/// Who published a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    Producer(ProducerId),
    /// Emitted by this group's handler on success.
    Emit(GroupId),
    /// Published by this service as part of answering a call (`publishes`).
    Service(super::ids::ServiceId),
}

/// An event type of the scenario, by position in the simulation's table of type names;
/// 0 is the untyped event. Bounded by `scenario::limits::MAX_EVENT_TYPES`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventTypeId(pub u8);

impl EventTypeId {
    /// Events of producers that declare no types.
    pub const UNTYPED: EventTypeId = EventTypeId(0);
}

impl Message {
    /// A root event `id` created at `now`: its own correlation and causation id, no hop.
    pub fn root(
        id: u64,
        now: SimTime,
        key: u32,
        origin: Origin,
        partition: PartitionId,
        event_type: EventTypeId,
    ) -> Message {
        Message {
            id,
            root: id,
            parent: id,
            produced_at: now,
            published_at: now,
            last_backoff_ns: 0,
            key,
            origin,
            partition,
            attempts: 0,
            dead_letters: 0,
            flags: 0,
            event_type,
            hops: 0,
            priority: 0,
        }
    }

    /// Event `id`, emitted at `now` by `group` while handling this message: same root
    /// and key, this message as its cause, one hop further.
    pub fn child(
        &self,
        id: u64,
        now: SimTime,
        group: GroupId,
        partition: PartitionId,
        event_type: EventTypeId,
    ) -> Message {
        Message {
            parent: self.id,
            root: self.root,
            produced_at: self.produced_at,
            hops: self.hops.saturating_add(1),
            ..Message::root(id, now, self.key, Origin::Emit(group), partition, event_type)
        }
    }

    /// When this message itself was created: a root's production, an emitted event's
    /// publication (its latest, after a redrive). A group's latency counts from here.
    #[inline]
    pub fn created_at(&self) -> SimTime {
        if self.hops == 0 { self.produced_at } else { self.published_at }
    }

    /// The causation id: the message that emitted this one, `None` for a root.
    #[inline]
    pub fn causation(&self) -> Option<u64> {
        (self.parent != self.id).then_some(self.parent)
    }

    /// The producer that published it; `None` for an emitted event.
    #[inline]
    pub fn producer(&self) -> Option<ProducerId> {
        match self.origin {
            Origin::Producer(p) => Some(p),
            Origin::Emit(_) | Origin::Service(_) => None,
        }
    }

    /// What this message holds while it is handled in partitioned delivery: its key, or
    /// its partition when the group orders by partition. A group uses one kind only, so
    /// keys and partitions never share an instance's list.
    #[inline]
    pub fn order_token(&self, order: Option<OrderScope>) -> u32 {
        match order {
            Some(OrderScope::Partition) => self.partition.get(),
            _ => self.key,
        }
    }

    /// Always fails with a fatal error when handled (published during a Poison fault).
    pub const POISON: u8 = 1;
    /// A redelivered copy of a message that was already processed: the ledger counted
    /// the message once, so this copy is tracked apart (see `ledger` for the rule).
    pub const DUPLICATE: u8 = 2;

    /// A saga step's command: its end (processed, dead-lettered, expired, ...) is the
    /// reply its saga waits for (see `engine::saga`).
    pub const COMMAND: u8 = 4;

    #[inline]
    pub fn is_command(&self) -> bool {
        self.flags & Message::COMMAND != 0
    }

    #[inline]
    pub fn is_poison(&self) -> bool {
        self.flags & Message::POISON != 0
    }

    #[inline]
    pub fn is_duplicate(&self) -> bool {
        self.flags & Message::DUPLICATE != 0
    }
}

/// A message that could not be handled, with why.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeadLetter {
    pub message: Message,
    pub at: SimTime,
    pub reason: Reason,
    pub last_error: Option<ErrorClass>,
    /// The consumer group that gave up on it, if any (expired messages have none).
    pub group: Option<GroupId>,
    /// The topic it was consumed or expired from: where a redrive republishes it.
    pub topic: TopicId,
}

#[cfg(test)]
mod tests {
    #[test]
    fn messages_stay_compact() {
        // 48 bytes before lineage (root, parent, type, hops, origin) was added.
        assert_eq!(std::mem::size_of::<super::Message>(), 72);
    }
}
