//! Retention and offset resets: a topic as Kafka's retained log.
//!
//! A topic with `retention` keeps every message published to it in a log per partition
//! (offsets consecutive from 0), read or not, for the retention time and up to the size
//! bound. Each subscribing group still has its queue of what it has not read yet; its
//! position in a partition is the log end minus what waits there. What a group has not
//! read when the log deletes it is gone for that group ("deleted by retention", an expiry):
//! Kafka's consumer would find its offset out of range and, with
//! `auto.offset.reset=earliest`, go on from the new log start. Kafka deletes whole segments;
//! faultline deletes record by record (segments of one record), so a record goes exactly at
//! publication + retention, or when the size bound needs its room.
//!
//! A reset moves a group's position in every partition (Kafka's `--reset-offsets`): the
//! records at or after the new position that the group had already read go back into its
//! queue, in offset order, as duplicate copies (the message was counted once; see
//! `ledger`), and the messages before the new position that it had not read are skipped
//! ("skipped by offset reset", a drop). Kafka refuses a reset while the group has live
//! members; faultline lets a running group reset, and what is in flight then finishes and
//! is read again.

use super::*;
use crate::engine::command::ComponentKind;
use crate::engine::topic::Record;
use crate::scenario::OffsetReset;
use std::collections::{BTreeMap, BTreeSet};

/// What one offset reset did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResetSummary {
    /// Records put back into the group's queue (duplicate copies).
    pub replayed: u64,
    /// Unread messages skipped.
    pub skipped: u64,
}

/// A record or a waiting message as the log knows it: ids repeat after a redrive, so the
/// publication time goes with the id.
type LogKey = (u64, SimTime);

fn key_of(message: &Message) -> LogKey {
    (message.id, message.published_at)
}

impl Simulation {
    /// Topic `t` accepted `message`, published now with `flags`: its partition's log records
    /// it. A record deleted for it at the size bound is gone for the groups that had not
    /// read it yet.
    // Out of line and cold: inlined into the publish path it made every publish (retained
    // or not) slower, by moving what the compiler inlines there (measured with callgrind).
    #[cold]
    #[inline(never)]
    pub(super) fn retain(&mut self, t: TopicId, message: &Message, flags: u8) {
        let record = Message { flags: flags & !Message::DUPLICATE, published_at: self.now, ..*message };
        if let Some(deleted) = self.topics[t].append_to_log(record, self.now) {
            for q in self.queues_of(t) {
                self.delete_unread(q, &deleted);
            }
        }
    }

    /// Record `deleted` left the log of queue `q`'s topic at the size bound: if the group
    /// has not read it (or anything published before it), it never will. Its queue is in
    /// publication order but for redeliveries put back at the head, so what is older than
    /// the log start is always at the head.
    fn delete_unread(&mut self, q: TopicId, deleted: &Record) {
        let p = deleted.message.partition;
        while let Some(head) = self.topics[q].partitions[p].queue.oldest() {
            let older = head.published_at < deleted.message.published_at;
            if !older && key_of(head) != key_of(&deleted.message) {
                break;
            }
            let Some(message) = self.topics[q].take_oldest(p) else { break };
            self.delete_by_retention(q, message);
        }
        // No producer can be waiting for room here: this publish found room in every queue.
    }

    /// A message of queue `q` its group had not read is deleted by retention.
    #[cold]
    #[inline(never)]
    pub(super) fn delete_by_retention(&mut self, q: TopicId, message: Message) {
        let counted = !message.is_duplicate();
        self.end_in_topic(q, message, Terminal::Expired, Reason::DeletedByRetention);
        if counted {
            self.topics[q].partitions[message.partition].log_counters.deleted_by_retention += 1;
        }
    }

    /// The size bound of topic `t` was lowered live: each partition deletes its oldest
    /// records down to it, and with them the unread messages they were.
    pub(super) fn trim_logs(&mut self, t: TopicId) {
        let partitions: Vec<PartitionId> = self.topics[t].partitions.keys().collect();
        for p in partitions {
            for deleted in self.topics[t].trim_log(p) {
                for q in self.queues_of(t) {
                    self.delete_unread(q, &deleted);
                }
            }
        }
        self.unblock_producers(t);
    }

    /// Moves `group`'s position in every partition of its topic to `to` (see the module
    /// header for what is re-read and what is skipped).
    pub(super) fn reset_offsets(&mut self, group: &str, to: OffsetReset) -> Result<ResetSummary, CommandError> {
        let g = self.groups.position(|x| x.name == group).ok_or_else(|| CommandError::UnknownComponent {
            kind: ComponentKind::ConsumerGroup,
            name: group.to_string(),
        })?;
        let q = self.groups[g].topic;
        let t = self.topics[q].queue_of().unwrap_or(q);
        if self.topics[t].retention().is_none() {
            return Err(CommandError::NoRetention {
                group: group.to_string(),
                topic: self.topics[t].name().to_string(),
            });
        }
        let mut summary = ResetSummary::default();
        let partitions: Vec<PartitionId> = self.topics[t].partitions.keys().collect();
        for p in partitions {
            self.topics[t].delete_past_records(p, self.now);
            let Some((replay, skip)) = self.plan_reset(g, q, t, p, to) else { continue };
            let skipped = self.topics[q].remove_waiting(p, |m| skip.contains(&key_of(m)));
            for message in skipped {
                let counted = !message.is_duplicate();
                self.end_in_topic(q, message, Terminal::Dropped, Reason::SkippedByOffsetReset);
                if counted {
                    self.topics[q].partitions[p].log_counters.skipped_by_reset += 1;
                    summary.skipped += 1;
                }
            }
            // In offset order at the head: before everything the group had not read yet.
            let topic = &mut self.topics[q];
            for message in replay.iter().rev() {
                topic.push_front(*message);
            }
            let n = replay.len() as u64;
            topic.partitions[p].log_counters.replayed += n;
            self.groups[g].stats.redelivered_duplicates += n;
            summary.replayed += n;
            self.arm_expiry(q, p);
            self.offer(g, p);
        }
        if summary.skipped > 0 {
            self.unblock_producers(q);
        }
        Ok(summary)
    }

    /// For partition `p` of group `g` (queue `q`, topic `t`): the records to read again, as
    /// duplicate copies in offset order, and the waiting messages to skip.
    fn plan_reset(
        &self,
        g: GroupId,
        q: TopicId,
        t: TopicId,
        p: PartitionId,
        to: OffsetReset,
    ) -> Option<(Vec<Message>, BTreeSet<LogKey>)> {
        let records = self.topics[t].log(p)?.records();
        let waiting: BTreeSet<LogKey> = self.topics[q].messages(p).map(key_of).collect();
        // Where each waiting message is in the log (one not in it, e.g. redriven to this
        // group alone, has no position and is neither skipped nor counted).
        let mut waiting_at: BTreeMap<LogKey, usize> = BTreeMap::new();
        for (k, record) in records.iter().enumerate() {
            let key = key_of(&record.message);
            if waiting.contains(&key) {
                waiting_at.entry(key).or_insert(k);
            }
        }
        // The group's position: its first unread record, or the log end.
        let current = waiting_at.values().copied().min().unwrap_or(records.len());
        let end = records.len();
        let position = match to {
            OffsetReset::Earliest => 0,
            OffsetReset::Latest => end,
            OffsetReset::Time(since) => records.partition_point(|r| r.message.published_at < SimTime(since.0)),
            OffsetReset::Shift(n) => {
                let shifted = (current as i128 + i128::from(n)).clamp(0, end as i128);
                shifted as usize
            }
        };
        let flow = &self.groups[g].flow;
        // A type the group's filter does not take was acknowledged unread and would be
        // again: it is not put back.
        let replay = records
            .range(position..)
            .filter(|r| !waiting.contains(&key_of(&r.message)) && flow.takes(r.message.event_type))
            .map(|r| Message { flags: r.message.flags | Message::DUPLICATE, ..r.message })
            .collect();
        let skip = waiting_at.into_iter().filter(|&(_, k)| k < position).map(|(key, _)| key).collect();
        Some((replay, skip))
    }
}
