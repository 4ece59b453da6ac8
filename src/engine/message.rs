//! Messages and dead letters, stored by value (no per-message heap allocation).

use super::ids::{GroupId, PartitionId, ProducerId, TopicId};
use crate::scenario::{ErrorClass, OrderScope};
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

use super::ledger::Reason;

/// One event travelling through the bus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Unique, in order of production.
    pub id: u64,
    pub produced_at: SimTime,
    /// When the broker accepted it (TTL counts from here).
    pub published_at: SimTime,
    /// The previous back-off delay, for decorrelated jitter.
    pub last_backoff_ns: u64,
    pub key: u32,
    pub producer: ProducerId,
    pub partition: PartitionId,
    /// Handling attempts started so far.
    pub attempts: u16,
    /// Times this message was dead-lettered or parked (the redrive loop guard reads it).
    /// Fits in what was padding: the message stays 48 bytes.
    pub dead_letters: u8,
    /// [`Message::POISON`], [`Message::DUPLICATE`]. One byte that fits in what was
    /// padding, so a message stays 48 bytes.
    pub flags: u8,
}

impl Message {
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
        assert_eq!(std::mem::size_of::<super::Message>(), 48);
    }
}
