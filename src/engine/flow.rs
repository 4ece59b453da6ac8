//! A consumer group's place in the event flow: which event types it takes (`filter`),
//! what its handler emits on success (pipelines, content-based routing), and its own
//! ledger of the deliveries it received.

use super::event_types::EventTypes;
use super::ids::TopicId;
use super::ledger::Terminal;
use super::message::EventTypeId;
use super::metrics::LatencyStats;
use super::rng::{Stream, unseeded};
use crate::scenario::EmitWhen;
use crate::time::SimDuration;
use rand::RngExt;
use serde::{Deserialize, Serialize};

/// A set of event types: one bit per type id (ids are a byte).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TypeSet([u64; 4]);

impl TypeSet {
    pub fn insert(&mut self, t: EventTypeId) {
        self.0[usize::from(t.0 >> 6)] |= 1 << (t.0 & 63);
    }

    #[inline]
    pub fn contains(&self, t: EventTypeId) -> bool {
        self.0[usize::from(t.0 >> 6)] & (1 << (t.0 & 63)) != 0
    }
}

/// One emit rule, resolved: publish an event of `event_type` (the handled message's own
/// type when `None`) to `topic` when the handled message is of type `when` (any type when
/// `None`), with `probability`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EmitRule {
    pub topic: TopicId,
    pub event_type: Option<EventTypeId>,
    pub when: Option<EventTypeId>,
    /// Fires when the group gives up on a message (`EmitWhen::Failed`), never on success.
    pub on_failure: bool,
    pub probability: f64,
}

impl EmitRule {
    /// The rule as `spec` writes it, its topic resolved to `topic`.
    pub fn new(spec: &crate::scenario::Emit, topic: TopicId, types: &EventTypes) -> EmitRule {
        EmitRule {
            topic,
            event_type: spec.event_type.as_deref().map(|n| types.id(n)),
            when: match &spec.when {
                EmitWhen::Always | EmitWhen::Failed => None,
                EmitWhen::Type(name) => Some(types.id(name)),
            },
            on_failure: spec.when == EmitWhen::Failed,
            probability: spec.probability,
        }
    }
}

/// Where the deliveries a group received are now: a conservation account of its own
/// (`received = in_group + processed + filtered + dead_lettered + expired + dropped + lost
/// + redriven`, see `ledger`). Like the global ledger it counts from time zero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupLedger {
    /// Copies that entered the group's queue (a redriven dead letter enters again).
    pub received: u64,
    pub processed: u64,
    /// Acknowledged unhandled: not a type its `filter` takes.
    pub filtered: u64,
    pub dead_lettered: u64,
    pub expired: u64,
    pub dropped: u64,
    pub lost: u64,
    /// Dead letters taken back into the queue by a redrive (they were received again).
    pub redriven: u64,
}

impl GroupLedger {
    /// Deliveries that reached a state of their own (everything but `in_group`).
    pub fn ended(&self) -> u64 {
        self.processed + self.filtered + self.dead_lettered + self.expired + self.dropped + self.lost + self.redriven
    }

    /// A delivery reached `terminal`.
    pub fn record(&mut self, terminal: Terminal) {
        *self.counter(terminal) += 1;
    }

    /// A delivery leaves `terminal` (a dead letter evicted, or redriven).
    pub fn unrecord(&mut self, terminal: Terminal) {
        let count = self.counter(terminal);
        *count = count.saturating_sub(1);
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
}

/// Counters of a group's emits, since the statistics started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmitStats {
    /// Events its handler published (accepted by their topic).
    pub emitted: u64,
    /// Emits their topic refused (full, shed, unreachable): lost, with the topic's reason.
    pub refused: u64,
    /// Emits not published because the event had travelled `max_hops` hops already.
    pub hop_limited: u64,
}

/// A group's filter, emit rules and flow accounts.
#[derive(Clone, Debug)]
pub struct GroupFlow {
    /// The types it handles; `None`: every message.
    pub filter: Option<TypeSet>,
    pub emits: Vec<EmitRule>,
    /// Emits are sent before the message counts as processed, and a refused one fails the
    /// attempt (`OnEmitRefused::FailAttempt`).
    pub emits_before_success: bool,
    /// Draws for emits with a probability below 1: its own stream.
    pub rng: Stream,
    pub ledger: GroupLedger,
    pub emit_stats: EmitStats,
    /// Root event created → processed here, for the messages it processed — kept only
    /// once it processed a message that is not its own root (an emitted event, or one held
    /// up between creation and publication is still its own root): until then it equals
    /// the group's latency histogram, and recording a second copy of every sample was a
    /// measurable share of the engine's time. See [`GroupFlow::record_end_to_end`].
    end_to_end: Option<Box<LatencyStats>>,
}

impl Default for GroupFlow {
    fn default() -> Self {
        GroupFlow {
            filter: None,
            emits: Vec::new(),
            emits_before_success: false,
            rng: unseeded(),
            ledger: GroupLedger::default(),
            emit_stats: EmitStats::default(),
            end_to_end: None,
        }
    }
}

impl GroupFlow {
    /// The flow of a group whose filter names `filter` and whose emits are `emits`.
    pub fn new(filter: Option<&[String]>, emits: Vec<EmitRule>, types: &EventTypes) -> GroupFlow {
        let filter = filter.map(|names| {
            let mut set = TypeSet::default();
            for name in names {
                set.insert(types.id(name));
            }
            set
        });
        GroupFlow { filter, emits, ..GroupFlow::default() }
    }

    /// A message created `own` ago, whose root was created `end_to_end` ago, was
    /// processed; `latency` is the group's own histogram, which already holds `own`.
    #[inline]
    pub fn record_end_to_end(&mut self, own: SimDuration, end_to_end: SimDuration, latency: &LatencyStats) {
        match &mut self.end_to_end {
            Some(stats) => stats.record(end_to_end),
            None if own == end_to_end => {}
            None => {
                // The first descendant: until now every sample was the group's latency.
                let mut stats = Box::new(latency.clone());
                stats.record(end_to_end);
                self.end_to_end = Some(stats);
            }
        }
    }

    /// Root created → processed here (`latency`: the group's own histogram).
    pub fn end_to_end_summary(&self, latency: &LatencyStats) -> super::metrics::LatencySummary {
        self.end_to_end.as_deref().unwrap_or(latency).summary()
    }

    /// The statistics restart (warm-up reset): end to end equals latency again.
    pub fn reset_statistics(&mut self) {
        self.end_to_end = None;
        self.emit_stats = EmitStats::default();
    }

    /// Whether the group handles messages of type `t`.
    #[inline]
    pub fn takes(&self, t: EventTypeId) -> bool {
        self.filter.is_none_or(|set| set.contains(t))
    }

    /// Whether emit rule `rule` fires for a message of type `t` that was processed
    /// (`failed` false) or given up on (`failed` true) (a draw from the flow's stream only
    /// when its probability is below 1).
    pub fn fires(&mut self, rule: &EmitRule, t: EventTypeId, failed: bool) -> bool {
        rule.on_failure == failed
            && rule.when.is_none_or(|w| w == t)
            && (rule.probability >= 1.0 || self.rng.random::<f64>() < rule.probability)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_set_holds_ids_across_its_words() {
        let mut set = TypeSet::default();
        for t in [0u8, 63, 64, 200, 255] {
            set.insert(EventTypeId(t));
        }
        let held: Vec<u8> = (0..=255u8).filter(|&t| set.contains(EventTypeId(t))).collect();
        assert_eq!(held, [0, 63, 64, 200, 255]);
    }
}
