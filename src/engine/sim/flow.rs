//! The event flow between groups: where a delivery's end is counted (globally and in the
//! group that received it), and handlers' emits (pipelines, content-based routing).
//!
//! An emit happens when a message is processed: each rule of the group whose condition
//! matches publishes a new event to its topic, caused by the message handled (its
//! `parent`) and sharing its root (correlation id and the root's creation time), with the
//! same key so that a key's events stay in order through the pipeline. The publish goes
//! through `try_publish` like any other; a refusal loses the new event with the topic's
//! reason (a handler cannot wait for room: a BlockProducer topic refuses it). An event
//! that has travelled `max_hops` emits already is not emitted again (`hop_limited`).

use super::*;
use crate::engine::message::Origin;

impl Simulation {
    /// A delivery of queue `t` reached `terminal`: counted in the ledger and in the
    /// ledger of the group that reads `t`.
    pub(super) fn record_end(&mut self, t: TopicId, terminal: Terminal, reason: Reason) {
        self.ledger.record(terminal, reason);
        if let Some(g) = self.topics[t].consumer {
            let group = &mut self.groups[g];
            group.flow.ledger.record(terminal);
            group.queueing.in_system.depart(self.now);
        }
    }

    /// A delivery of queue `t` leaves one terminal state for another, or (`to = None`)
    /// returns to the group's queue (a redrive).
    pub(super) fn reclassify_end(&mut self, t: TopicId, from: (Terminal, Reason), to: Option<(Terminal, Reason)>) {
        self.ledger.reclassify(from, to);
        if let Some(g) = self.topics[t].consumer {
            let ledger = &mut self.groups[g].flow.ledger;
            ledger.unrecord(from.0);
            match to {
                Some((terminal, _)) => ledger.record(terminal),
                None => ledger.redriven += 1,
            }
        }
    }

    /// Group `g` processed `parent` (or, with `FailAttempt`, is about to): its emit rules
    /// that fire publish their events. Returns false when a topic refused one; with
    /// `FailAttempt` the rules after it are not tried (the handler's send threw).
    #[inline]
    pub(super) fn emit_from(&mut self, g: GroupId, parent: &Message) -> bool {
        // Most groups emit nothing: that costs one check per processed message.
        if self.groups[g].flow.emits.is_empty() {
            return true;
        }
        self.fire_emit_rules(g, parent, false)
    }

    /// Group `g` gave up on `parent`: its `when: Failed` rules publish their events (the
    /// compensating events of a choreographed saga). A refusal loses the event, counted.
    pub(super) fn emit_on_failure(&mut self, g: GroupId, parent: &Message) {
        if !parent.is_duplicate() && self.groups[g].flow.emits.iter().any(|rule| rule.on_failure) {
            self.fire_emit_rules(g, parent, true);
        }
    }

    #[inline(never)]
    fn fire_emit_rules(&mut self, g: GroupId, parent: &Message, failed: bool) -> bool {
        // Hops are counted in a byte: a larger bound (refused by validation) would never
        // be reached, so it is read as the largest the count can hold.
        let max_hops = self.scenario.max_hops.map(|max| max.min(crate::scenario::limits::MAX_HOPS));
        for k in 0..self.groups[g].flow.emits.len() {
            let flow = &mut self.groups[g].flow;
            let rule = flow.emits[k];
            if !flow.fires(&rule, parent.event_type, failed) {
                continue;
            }
            if max_hops.is_some_and(|max| u32::from(parent.hops) >= max) {
                flow.emit_stats.hop_limited += 1;
                continue;
            }
            let id = self.produce_message_id();
            let partition = self.topics[rule.topic].partition_for_key(parent.key);
            let message = parent.child(id, self.now, g, partition, rule.event_type.unwrap_or(parent.event_type));
            // The parent's step first: the child's own steps (its publish, or the refusal)
            // follow it in the journey.
            self.trace(parent, StepKind::Emitted { group: g, child: id, topic: rule.topic });
            let accepted = self.publish_once(rule.topic, message);
            let flow = &mut self.groups[g].flow;
            if accepted {
                flow.emit_stats.emitted += 1;
            } else {
                flow.emit_stats.refused += 1;
                if flow.emits_before_success && !failed {
                    return false;
                }
            }
        }
        true
    }
}

impl Simulation {
    /// Service `s` succeeded at call `c` (its own work and every downstream call): it
    /// publishes an event to each of its `publishes` topics — a new root event of the call's
    /// type and key — and answers. A publish the topic refuses is lost with the topic's
    /// reason, and the call is answered with a transient error (the write failed, a 503).
    pub(super) fn succeed_call(&mut self, s: ServiceId, c: CallId) {
        let mut outcome = None;
        for k in 0..self.services[s].publishes().len() {
            let t = self.services[s].publishes()[k];
            let call = *self.services[s].call(c);
            let id = self.produce_message_id();
            let partition = self.topics[t].partition_for_key(call.key);
            let message = Message::root(id, self.now, call.key, Origin::Service(s), partition, call.event_type);
            if self.publish_once(t, message) {
                self.services[s].stats.published += 1;
            } else {
                outcome = Some(ErrorClass::Transient);
            }
        }
        let finished = self.services[s].answer(c, outcome, self.now);
        self.answered(s, finished);
    }
}
