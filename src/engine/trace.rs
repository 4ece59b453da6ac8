//! Tracing: a sampled share of root events followed hop by hop — publish, each attempt and
//! call with its outcome, retries, emits (with the child's id), filters, the end and its
//! reason — with every event of the same root (its descendants through emits and fan-out
//! copies) in one journey, as Jaeger shows a trace.
//!
//! Sampling reads the root's id through a fixed mix, not a random stream, so turning
//! tracing on moves no number of the run. Memory is bounded: at most `max_traces` journeys
//! (later sampled roots are counted, not kept) of at most [`MAX_STEPS_PER_TRACE`] steps
//! (later steps counted).

use super::ids::{GroupId, InstanceId, SagaId, ServiceId, TopicId};
use super::ledger::{Reason, Terminal};
use super::message::Message;
use super::saga::{SagaEnd, SagaReason};
use crate::scenario::ErrorClass;
use crate::time::{SimDuration, SimTime};
use std::collections::BTreeMap;

/// Steps kept per journey; further ones are counted in `steps_dropped`.
pub const MAX_STEPS_PER_TRACE: usize = 1000;
/// Steps kept across all journeys (~64 bytes each: ~64 MB); further ones are counted in
/// their journey's `steps_dropped`.
pub const MAX_STEPS_IN_ALL: usize = 1_000_000;

/// What happened to a traced message.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StepKind {
    /// Accepted by a topic (every subscriber's queue got its copy).
    Published { topic: TopicId },
    /// A publish the topic refused.
    Refused { topic: TopicId, reason: Reason },
    /// A group's filter acknowledged its copy unhandled.
    Filtered { group: GroupId },
    /// A group's instance started an attempt (`number` from 1).
    Attempt { group: GroupId, instance: InstanceId, number: u16 },
    /// The handler called a service.
    Call { group: GroupId, service: ServiceId },
    /// The call ended (`None`: success).
    CallEnded { group: GroupId, service: ServiceId, outcome: Option<ErrorClass> },
    /// A service, serving a call about the message, called `service` (a call chain).
    HopCall { caller: ServiceId, service: ServiceId },
    /// That downstream call ended (`None`: success).
    HopEnded { caller: ServiceId, service: ServiceId, outcome: Option<ErrorClass> },
    /// The attempt failed and will be retried after `after`.
    Retry { group: GroupId, after: SimDuration },
    /// Processed by a group.
    Processed { group: GroupId },
    /// The handler emitted `child` to `topic`.
    Emitted { group: GroupId, child: u64, topic: TopicId },
    /// It reached a terminal state other than processed (in a group's queue or handler, or
    /// in a topic).
    Ended { terminal: Terminal, reason: Reason, group: Option<GroupId> },
    /// A redrive put it back into a group's queue.
    Redriven { topic: TopicId },
    /// The saga this message triggered moved on (recorded by its coordinator).
    Saga { saga: SagaId, mark: SagaMark },
}

/// A step of a saga's timeline, as its coordinator records it for a traced trigger: which
/// step (or compensation) it calls, with what outcome, and how the saga ends. Steps are
/// numbered in the saga's plan (at most `MAX_SAGA_STEPS`, so a `u16` holds one).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SagaMark {
    /// Attempt `attempt` (from 1) of step `step`, or of its compensation, goes out.
    Call { step: u16, compensation: bool, attempt: u32 },
    /// That call ended (`None`: success).
    Answer { step: u16, compensation: bool, outcome: Option<ErrorClass> },
    /// The step's condition skipped it for this trigger.
    Skipped { step: u16 },
    /// The trigger came back (a redelivery after a crash, a message retry) and the saga
    /// goes on from where its log says.
    Resumed,
    /// The saga ended; the step that failed and why, for any end but Completed.
    Ended { end: SagaEnd, failed: Option<(u16, SagaReason)> },
}

/// One step of a journey.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub at: SimTime,
    /// The message it happened to (the root or a descendant).
    pub message: u64,
    /// Its causation id (`None` for the root).
    pub parent: Option<u64>,
    pub kind: StepKind,
}

/// The journey of one root event.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    pub steps: Vec<Step>,
    /// Steps beyond [`MAX_STEPS_PER_TRACE`].
    pub steps_dropped: u64,
}

/// The message a service call is about, when its journey is traced: a call carries it
/// down a call chain so that each hop can record its steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Traced {
    pub root: u64,
    pub message: u64,
    pub parent: Option<u64>,
}

impl Traced {
    pub fn of(message: &Message) -> Traced {
        Traced { root: message.root, message: message.id, parent: message.causation() }
    }
}

/// The sampled journeys of a run.
#[derive(Clone, Debug)]
pub struct Tracer {
    /// A root is traced when its mixed id is below this.
    threshold: u64,
    /// Only these roots, when given (sorted).
    roots: Vec<u64>,
    max_traces: usize,
    traces: BTreeMap<u64, Trace>,
    /// Steps held across all journeys.
    steps: usize,
    /// Sampled roots, accepted by a topic, not kept because `max_traces` journeys were
    /// held.
    pub not_kept: u64,
}

impl Tracer {
    pub fn new(spec: &crate::scenario::Tracing) -> Tracer {
        let share = spec.sample.clamp(0.0, 1.0);
        let threshold = if share >= 1.0 { u64::MAX } else { (share * u64::MAX as f64) as u64 };
        let mut roots = spec.roots.clone();
        roots.sort_unstable();
        let max_traces = spec.max_traces as usize;
        Tracer { threshold, roots, max_traces, traces: BTreeMap::new(), steps: 0, not_kept: 0 }
    }

    /// Whether the journey of root `root` is sampled.
    #[inline]
    pub fn samples(&self, root: u64) -> bool {
        if !self.roots.is_empty() {
            return self.roots.binary_search(&root).is_ok();
        }
        self.threshold == u64::MAX || super::rng::splitmix64(root) < self.threshold
    }

    /// Records `kind` for `message` at `at`, if its root is sampled and kept.
    pub fn record(&mut self, at: SimTime, message: &Message, kind: StepKind) {
        self.record_traced(at, Traced::of(message), kind);
    }

    /// Records `kind` for the message `traced` names at `at`, if its root is sampled and
    /// kept.
    pub fn record_traced(&mut self, at: SimTime, traced: Traced, kind: StepKind) {
        if !self.samples(traced.root) {
            return;
        }
        let full = self.traces.len() >= self.max_traces;
        let trace = match self.traces.get_mut(&traced.root) {
            Some(trace) => trace,
            None if full => {
                // Count each root once: when a topic accepts it (once per root; a redrive
                // is a step of its own kind).
                if traced.message == traced.root && matches!(kind, StepKind::Published { .. }) {
                    self.not_kept += 1;
                }
                return;
            }
            None => self.traces.entry(traced.root).or_default(),
        };
        if trace.steps.len() >= MAX_STEPS_PER_TRACE || self.steps >= MAX_STEPS_IN_ALL {
            trace.steps_dropped += 1;
            return;
        }
        self.steps += 1;
        trace.steps.push(Step { at, message: traced.message, parent: traced.parent, kind });
    }

    /// The journeys, by root id.
    pub fn traces(&self) -> &BTreeMap<u64, Trace> {
        &self.traces
    }

    /// Steps held across all journeys.
    pub fn steps_held(&self) -> usize {
        self.steps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_the_sampled_share_of_roots_is_traced() {
        let tracer = Tracer::new(&crate::scenario::Tracing { sample: 0.01, max_traces: 10, roots: Vec::new() });
        let n = 1_000_000u64;
        let sampled = (0..n).filter(|&root| tracer.samples(root)).count() as f64;
        // A fixed mix of consecutive ids behaves as Bernoulli(0.01): σ = √(n·0.01·0.99) ≈ 99.5.
        assert!((sampled - 10_000.0).abs() < 5.0 * 99.5, "{sampled}");
        let all = Tracer::new(&crate::scenario::Tracing { sample: 1.0, max_traces: 10, roots: Vec::new() });
        assert!((0..1000).all(|root| all.samples(root)));
        let one = Tracer::new(&crate::scenario::Tracing { sample: 1.0, max_traces: 10, roots: vec![42, 7] });
        assert_eq!((0..1000).filter(|&root| one.samples(root)).collect::<Vec<_>>(), [7, 42]);
    }
}
