//! The ledger: where every message ended up, with a reason.
//!
//! Terminal counters are kept here; what is still in the system is counted separately,
//! by walking the components (outboxes, topics, consumer buffers, handlers, retry
//! delays, work orphaned by a crash). The conservation law
//! `produced + fan_out_copies = in_system + Σ terminal` is therefore a real check of the engine's
//! bookkeeping, not an identity.
//!
//! **Under fan-out the ledger counts deliveries.** A topic read by several groups gives
//! each group its own copy of every message (its own offsets, retries and fate): the
//! copies beyond the first are counted in `fan_out_copies` when the topic accepts the
//! message, and each copy then ends in one terminal state of its own (processed by one
//! group, dead-lettered by another). Without fan-out a message is one delivery and the
//! law is the one above with no copies.
//!
//! **The ledger counts unique messages.** At-least-once delivery can hand a consumer a
//! message it already processed: a crash or eviction redelivers processed messages whose
//! ack or offset commit had not reached the broker. Such a redelivered copy is a
//! *duplicate copy*: it carries `Message::DUPLICATE`, it is not counted in `in_system`
//! (the message itself is already terminal: processed), and it never enters the ledger.
//! Its fate is counted beside the ledger, per group: processed again
//! (`duplicates_processed`, the side effects happened twice), acknowledged unprocessed by
//! an idempotent consumer's dedup window (`deduplicated`), or ended any other way
//! (`duplicates_discarded`: failed, expired, dropped, lost). For every group,
//! `redelivered_duplicates = duplicates_processed + deduplicated + duplicates_discarded
//! + duplicate copies still held` — a second conservation law the tests check.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The terminal states a message can end in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Terminal {
    Processed,
    /// Acknowledged unhandled by a group whose `filter` does not take its type.
    Filtered,
    DeadLettered,
    Expired,
    Dropped,
    Lost,
}

/// Why a message reached a terminal state other than processed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Reason {
    /// The topic was full and refused the message (lost once the producer gives up).
    TopicFullRejected,
    /// The topic was full and dropped its oldest message to make room.
    TopicFullDroppedOldest,
    /// The message outlived the topic's TTL.
    TtlExpired,
    /// Every allowed attempt failed with a retryable error.
    RetriesExhausted,
    /// A business error: retrying cannot help.
    BusinessError,
    /// A fatal error: the handler cannot go on with this message.
    FatalError,
    /// The dead-letter topic was full.
    DeadLetterTopicFull,
    /// Parked for manual redrive, then evicted because the parking lot was full.
    ParkingLotFull,
    /// The last attempt was refused by an open circuit breaker and no retry was left.
    CircuitOpen,
    /// The last attempt was refused by a full bulkhead and no retry was left.
    BulkheadFull,
    /// The group's rate limiter had no token (overflow DeadLetter or Drop).
    RateLimited,
    /// Shed by a topic under backlog because of its producer's low priority.
    LoadShed,
    /// The producer's buffer of publishes waiting to be retried was full.
    ProducerBufferFull,
    /// The producer's transactional outbox was full: the write was refused.
    OutboxFull,
    /// The producer could not reach the broker and gave up.
    BrokerUnreachable,
    /// The broker node holding the only copy went down (replication 1, or every other
    /// replica down at the time).
    BrokerNodeLost,
    /// The broker node leading a non-durable topic's partition went down: its messages
    /// lived in memory only.
    BrokerNodeLostNonDurable,
    /// The trigger of a saga that ended Inconsistent (a compensation gave up, or a step
    /// after the pivot failed): kept for repair by hand, like Camunda's incidents.
    SagaInconsistent,
    /// A group had not read it when its topic's retention deleted it (by age or by the
    /// size bound): Kafka's consumer then finds its offset out of range and, with
    /// `auto.offset.reset=earliest`, goes on from the log start. Counted as expired.
    DeletedByRetention,
    /// A group's offsets were moved past it before it read it (ResetOffsets to Latest, a
    /// later Time or a forward Shift). Counted as dropped.
    SkippedByOffsetReset,
    /// Appended by a partition leader that crashed before its followers copied it, with
    /// acks Leader (acknowledged) or None: the new leader never had it.
    NotReplicatedLeaderCrash,
    /// An acks All publish refused because fewer than `min_insync` replicas of its
    /// partition were in sync (Kafka's NotEnoughReplicas), lost once the producer gave up.
    NotEnoughReplicas,
    /// An acks All publish whose leader crashed before the followers had it: never
    /// acknowledged, and lost once the producer gave up retrying it.
    NotAcknowledgedLeaderCrash,
    /// Not on the out-of-sync replica an unclean election made leader: every log is cut
    /// back to the new leader's (Kafka's `unclean.leader.election.enable=true`).
    UncleanElection,
    /// The partition leader's node had `queued_max_requests` requests waiting (Kafka's
    /// `queued.max.requests`) and refused the request: a producer's message is lost once
    /// the producer gave up retrying it; an emit, a service's publish or a saga command
    /// at once (nothing retries it but the handler's own retry path).
    BrokerBusy,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::TopicFullRejected => "topic full (reject new)",
            Reason::TopicFullDroppedOldest => "topic full (dropped oldest)",
            Reason::TtlExpired => "ttl expired",
            Reason::RetriesExhausted => "retries exhausted",
            Reason::BusinessError => "business error (not retried)",
            Reason::FatalError => "fatal error",
            Reason::DeadLetterTopicFull => "dead-letter topic full",
            Reason::ParkingLotFull => "parking lot full",
            Reason::CircuitOpen => "circuit open (retries exhausted)",
            Reason::BulkheadFull => "bulkhead full (retries exhausted)",
            Reason::RateLimited => "rate limited",
            Reason::LoadShed => "load shed (low priority)",
            Reason::ProducerBufferFull => "producer buffer full",
            Reason::OutboxFull => "outbox full",
            Reason::BrokerUnreachable => "broker unreachable",
            Reason::BrokerNodeLost => "broker node lost (no other replica)",
            Reason::BrokerNodeLostNonDurable => "broker node lost (non-durable topic)",
            Reason::SagaInconsistent => "saga inconsistent (needs repair)",
            Reason::DeletedByRetention => "deleted by retention",
            Reason::SkippedByOffsetReset => "skipped by offset reset",
            Reason::NotReplicatedLeaderCrash => "acked, not replicated (leader crash)",
            Reason::NotEnoughReplicas => "not enough in-sync replicas",
            Reason::NotAcknowledgedLeaderCrash => "not acknowledged (leader crash)",
            Reason::UncleanElection => "unclean leader election",
            Reason::BrokerBusy => "broker busy",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Counts of produced messages and of each terminal state, by reason.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Ledger {
    pub produced: u64,
    pub processed: u64,
    pub dead_lettered: u64,
    pub expired: u64,
    pub dropped: u64,
    pub lost: u64,
    /// Copies made for the second and later subscribers of fan-out topics.
    #[serde(default)]
    pub fan_out_copies: u64,
    /// Deliveries a group's filter acknowledged without handling them.
    #[serde(default)]
    pub filtered: u64,
    by_reason: BTreeMap<(Terminal, Reason), u64>,
}

impl Ledger {
    pub fn record_produced(&mut self) {
        self.produced += 1;
    }

    /// A fan-out topic accepted a message: `n` copies beyond the first.
    pub fn record_fan_out_copies(&mut self, n: u64) {
        self.fan_out_copies += n;
    }

    /// Deliveries to account for: every message produced, and every fan-out copy.
    pub fn deliveries(&self) -> u64 {
        self.produced + self.fan_out_copies
    }

    /// A group's filter acknowledged a delivery without handling it.
    pub fn record_filtered(&mut self) {
        self.filtered += 1;
    }

    pub fn record_processed(&mut self) {
        self.processed += 1;
    }

    /// A message reached a terminal state other than processed.
    pub fn record(&mut self, terminal: Terminal, reason: Reason) {
        *self.counter(terminal) += 1;
        *self.by_reason.entry((terminal, reason)).or_insert(0) += 1;
    }

    /// A message leaves one terminal state for another (a dead letter evicted from a
    /// full dead-letter topic becomes dropped) or, with `to = None`, returns to the system
    /// (redrive).
    pub fn reclassify(&mut self, from: (Terminal, Reason), to: Option<(Terminal, Reason)>) {
        let count = self.counter(from.0);
        *count = count.saturating_sub(1);
        if let Some(n) = self.by_reason.get_mut(&from) {
            *n = n.saturating_sub(1);
        }
        if let Some((terminal, reason)) = to {
            self.record(terminal, reason);
        }
    }

    fn counter(&mut self, terminal: Terminal) -> &mut u64 {
        match terminal {
            Terminal::Processed => &mut self.processed,
            Terminal::Filtered => &mut self.filtered,
            Terminal::DeadLettered => &mut self.dead_lettered,
            Terminal::Expired => &mut self.expired,
            Terminal::Dropped => &mut self.dropped,
            Terminal::Lost => &mut self.lost,
        }
    }

    /// Sum of all terminal states.
    pub fn terminal(&self) -> u64 {
        self.processed + self.filtered + self.dead_lettered + self.expired + self.dropped + self.lost
    }

    /// Counts by reason, keyed by the reason's text (processed has no reason).
    pub fn by_reason(&self) -> BTreeMap<&'static str, u64> {
        let mut out = BTreeMap::new();
        for ((_, reason), n) in &self.by_reason {
            if *n > 0 {
                *out.entry(reason.as_str()).or_insert(0) += n;
            }
        }
        out
    }

    /// Counts of one terminal state by reason.
    pub fn reasons_of(&self, terminal: Terminal) -> impl Iterator<Item = (Reason, u64)> + '_ {
        self.by_reason.iter().filter(move |((t, _), n)| *t == terminal && **n > 0).map(|((_, r), n)| (*r, *n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_reasons_add_up() {
        let mut l = Ledger::default();
        for _ in 0..5 {
            l.record_produced();
        }
        l.record_processed();
        l.record(Terminal::DeadLettered, Reason::RetriesExhausted);
        l.record(Terminal::Dropped, Reason::TopicFullRejected);
        l.record(Terminal::Dropped, Reason::TopicFullRejected);
        assert_eq!(l.terminal(), 4);
        assert_eq!(l.by_reason()["topic full (reject new)"], 2);
        l.reclassify(
            (Terminal::DeadLettered, Reason::RetriesExhausted),
            Some((Terminal::Dropped, Reason::DeadLetterTopicFull)),
        );
        assert_eq!((l.dead_lettered, l.dropped), (0, 3));
        assert!(!l.by_reason().contains_key("retries exhausted"));
    }
}
