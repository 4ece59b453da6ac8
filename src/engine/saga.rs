//! Orchestrated sagas: a saga's plan (its steps resolved to its coordinator's call
//! stages), its saga log, and its counts. The flow itself is `sim/saga.rs`.
//!
//! The coordinator is an ordinary consumer group: each trigger message is a job, and the
//! job's calls are the saga's steps (stage `i` calls step `i`'s service) and then its
//! compensations (stages after the steps), so the group's timeout, breakers and bulkheads
//! guard them like any handler's calls. What a group does not have is the **saga log**:
//! the coordinator's durable record of each saga in progress, keyed by the trigger's id,
//! which outlives the instance that ran it (Temporal's event history, Camunda's runtime
//! tables). A crashed coordinator's trigger is redelivered like any message, and the saga
//! resumes where the log says; the call that was in flight when the instance died is made
//! again, which is a duplicate step call unless the step is idempotent.

use super::dedup::DedupWindow;
use super::flow::TypeSet;
use super::ids::{GroupId, ServiceId};
use super::message::EventTypeId;
use super::metrics::LatencyStats;
use super::rng::{Stream, StreamOf, unseeded};
use crate::scenario::{DedupWindow as DedupSpec, ErrorClass, Retry};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a saga ended, or why it failed: one counter per reason in [`SagaStats::reasons`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SagaReason {
    /// A step failed for good with this class (after its retries, if the class is retried).
    Step(ErrorClass),
    /// The saga's `timeout` passed before its forward steps were done.
    Deadline,
    /// A compensation failed for good: the saga ends Inconsistent.
    CompensationFailed,
    /// A step after the pivot failed for good: nothing may undo the pivot.
    FailedAfterPivot,
    /// The coordinator gave up on the trigger message itself (a poison trigger, a faulty
    /// handler out of retries) with the saga under way.
    CoordinatorGaveUp,
}

impl SagaReason {
    /// The reason as `run --json` names it.
    pub fn name(self) -> &'static str {
        match self {
            SagaReason::Step(ErrorClass::Transient) => "step_transient",
            SagaReason::Step(ErrorClass::Business) => "step_business",
            SagaReason::Step(ErrorClass::Fatal) => "step_fatal",
            SagaReason::Step(ErrorClass::Timeout) => "step_timeout",
            SagaReason::Step(ErrorClass::CircuitOpen) => "step_circuit_open",
            SagaReason::Step(ErrorClass::BulkheadFull) => "step_bulkhead_full",
            SagaReason::Deadline => "saga_timeout",
            SagaReason::CompensationFailed => "compensation_failed",
            SagaReason::FailedAfterPivot => "failed_after_pivot",
            SagaReason::CoordinatorGaveUp => "coordinator_gave_up",
        }
    }
}

/// The end of a saga.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SagaEnd {
    /// Every step succeeded (or was skipped by its condition).
    Completed,
    /// A step failed and every completed step with a compensation was compensated.
    Compensated,
    /// A step failed and nothing done had a compensation to run (typically the first step).
    Failed,
    /// A compensation gave up, or a step after the pivot failed: the saga is half done and
    /// needs repair by hand.
    Inconsistent,
}

impl SagaEnd {
    /// The end as `run --json`'s counts name it.
    pub fn name(self) -> &'static str {
        match self {
            SagaEnd::Completed => "completed",
            SagaEnd::Compensated => "compensated",
            SagaEnd::Failed => "failed",
            SagaEnd::Inconsistent => "inconsistent",
        }
    }
}

/// Where a saga is: the step being run or compensated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Running step `i` (a call, or a back-off before its next attempt).
    Running(usize),
    /// Running the compensation of step `i`.
    Compensating(usize),
}

/// One saga in progress, as the saga log keeps it.
#[derive(Clone, Copy, Debug)]
pub struct SagaRecord {
    pub started_at: SimTime,
    pub phase: Phase,
    /// Steps that succeeded, one bit each (`MAX_SAGA_STEPS` ≤ 64).
    pub done: u64,
    /// Failed attempts of the current step or compensation.
    pub attempts: u32,
    /// The previous back-off of the current step (decorrelated jitter uses it).
    pub last_backoff: SimDuration,
    /// A call of the current step or compensation went out and has no answer yet.
    pub in_flight: bool,
    /// Some compensation succeeded.
    pub compensated: bool,
    /// The step whose failure started the compensation, and why.
    pub failed: Option<(usize, SagaReason)>,
}

impl SagaRecord {
    fn new(now: SimTime) -> SagaRecord {
        SagaRecord {
            started_at: now,
            phase: Phase::Running(0),
            done: 0,
            attempts: 0,
            last_backoff: SimDuration::ZERO,
            in_flight: false,
            compensated: false,
            failed: None,
        }
    }

    /// The highest step below `below` that succeeded and has a compensation in `plan`.
    pub fn next_compensation(&self, plan: &[PlannedStep], below: usize) -> Option<usize> {
        (0..below.min(plan.len())).rev().find(|&i| self.done & (1 << i) != 0 && plan[i].compensate.is_some())
    }

    /// A new call of the current step or compensation: its attempts start from zero.
    pub fn enter(&mut self, phase: Phase) {
        self.phase = phase;
        self.attempts = 0;
        self.last_backoff = SimDuration::ZERO;
    }
}

/// One step as the coordinator runs it.
#[derive(Clone, Debug)]
pub struct PlannedStep {
    pub name: String,
    /// The coordinator's call stage of the step, and of its compensation.
    pub stage: u32,
    pub service: ServiceId,
    pub compensate: Option<(u32, ServiceId)>,
    pub retry: Retry,
    pub compensation_retry: Retry,
    /// Types it runs for; `None`: every trigger.
    pub only_for: Option<TypeSet>,
    pub idempotent: bool,
}

impl PlannedStep {
    /// Whether the step runs for a trigger of type `t` (else it is skipped).
    pub fn runs_for(&self, t: EventTypeId) -> bool {
        self.only_for.is_none_or(|set| set.contains(t))
    }
}

/// Counts of a saga since the statistics started.
#[derive(Clone, Debug)]
pub struct SagaStats {
    pub started: u64,
    pub completed: u64,
    pub compensated: u64,
    pub failed: u64,
    pub inconsistent: u64,
    /// Sagas that did not complete, by the step whose failure ended or turned them.
    pub by_failed_step: Vec<u64>,
    /// Sagas that did not complete, by reason.
    pub reasons: BTreeMap<SagaReason, u64>,
    /// Start → end of every finished saga.
    pub duration: LatencyStats,
    /// Calls of each step (every attempt), and their failures.
    pub step_calls: Vec<u64>,
    pub step_failures: Vec<u64>,
    /// Compensation calls (every attempt), and those that failed.
    pub compensation_calls: u64,
    pub compensation_failures: u64,
    /// Steps skipped by their condition.
    pub skipped: u64,
    /// Sagas taken up again from the log after their trigger was delivered again.
    pub resumed: u64,
    /// Calls made again after a coordinator lost its answer (a crash mid-call) to a step or
    /// compensation that is not idempotent: its effect happened twice.
    pub duplicate_calls: u64,
}

impl SagaStats {
    fn new(steps: usize) -> SagaStats {
        SagaStats {
            started: 0,
            completed: 0,
            compensated: 0,
            failed: 0,
            inconsistent: 0,
            by_failed_step: vec![0; steps],
            reasons: BTreeMap::new(),
            duration: LatencyStats::new(),
            step_calls: vec![0; steps],
            step_failures: vec![0; steps],
            compensation_calls: 0,
            compensation_failures: 0,
            skipped: 0,
            resumed: 0,
            duplicate_calls: 0,
        }
    }
}

/// An orchestrated saga: its plan, its log and its counts.
#[derive(Clone, Debug)]
pub struct Saga {
    pub(in crate::engine) name: String,
    /// The consumer group that coordinates it.
    pub(in crate::engine) group: GroupId,
    pub(in crate::engine) steps: Vec<PlannedStep>,
    pub(in crate::engine) timeout: Option<SimDuration>,
    /// Index of the pivot step.
    pub(in crate::engine) pivot: Option<usize>,
    /// Sagas in progress by trigger id. Bounded by the messages the run holds (one entry
    /// per trigger being handled, waiting to retry or waiting for redelivery), which the
    /// run's `MAX_MESSAGES_HELD` bounds; an entry leaves when its saga ends.
    pub(in crate::engine) log: BTreeMap<u64, SagaRecord>,
    /// Recently finished sagas, by trigger id, within the coordinator's `dedup_window`:
    /// a duplicate copy of a finished trigger is acknowledged from the log, not run again.
    pub(in crate::engine) finished: DedupWindow,
    /// Back-off jitter of the steps' and compensations' retries.
    pub(in crate::engine) rng: Stream,
    pub(in crate::engine) stats: SagaStats,
    /// Sagas ended since the last sample: completed, compensated, failed, inconsistent.
    pub(in crate::engine) interval_ends: [u64; 4],
    /// Sagas started since the last sample.
    pub(in crate::engine) interval_started: u64,
}

impl Saga {
    pub fn new(
        name: &str,
        group: GroupId,
        steps: Vec<PlannedStep>,
        timeout: Option<SimDuration>,
        pivot: Option<usize>,
        window: &DedupSpec,
    ) -> Saga {
        let stats = SagaStats::new(steps.len());
        Saga {
            name: name.to_string(),
            group,
            steps,
            timeout,
            pivot,
            log: BTreeMap::new(),
            finished: DedupWindow::new(window),
            rng: unseeded(),
            stats,
            interval_ends: [0; 4],
            interval_started: 0,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn stats(&self) -> &SagaStats {
        &self.stats
    }

    pub fn for_each_stream(&mut self, visit: &mut dyn FnMut(StreamOf<'_>, &mut Stream)) {
        visit(StreamOf::SagaRetry(&self.name), &mut self.rng);
    }

    /// The saga of trigger `id` starts now (`true`), or was in the log already and
    /// resumes (`false`).
    pub fn begin(&mut self, id: u64, now: SimTime) -> bool {
        if self.log.contains_key(&id) {
            self.stats.resumed += 1;
            return false;
        }
        self.log.insert(id, SagaRecord::new(now));
        self.stats.started += 1;
        self.interval_started += 1;
        true
    }

    /// The saga of trigger `id` ended: out of the log, into the finished window and the
    /// counts. Returns its record (`None` if it was not in the log).
    pub fn end(
        &mut self,
        id: u64,
        end: SagaEnd,
        reason: Option<(usize, SagaReason)>,
        now: SimTime,
    ) -> Option<SagaRecord> {
        let record = self.log.remove(&id)?;
        self.finished.remember(id, now);
        let stats = &mut self.stats;
        stats.duration.record(now - record.started_at);
        let (count, slot) = match end {
            SagaEnd::Completed => (&mut stats.completed, 0),
            SagaEnd::Compensated => (&mut stats.compensated, 1),
            SagaEnd::Failed => (&mut stats.failed, 2),
            SagaEnd::Inconsistent => (&mut stats.inconsistent, 3),
        };
        *count += 1;
        self.interval_ends[slot] += 1;
        if let Some((step, why)) = reason {
            if let Some(n) = stats.by_failed_step.get_mut(step) {
                *n += 1;
            }
            *stats.reasons.entry(why).or_default() += 1;
        }
        Some(record)
    }

    /// Sagas in progress now, as (running, compensating): the log walked once.
    pub fn in_progress(&self) -> (u64, u64) {
        self.log.values().fold((0, 0), |(run, comp), r| match r.phase {
            Phase::Running(_) => (run + 1, comp),
            Phase::Compensating(_) => (run, comp + 1),
        })
    }

    /// Counters restart (a warm-up reset); the log and the window are state, not statistics.
    pub fn reset_statistics(&mut self) {
        self.stats = SagaStats::new(self.steps.len());
    }
}

/// A saga's figures for the status and `run --json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SagaStatus {
    pub name: String,
    pub coordinator: String,
    pub started: u64,
    pub completed: u64,
    pub compensated: u64,
    pub failed: u64,
    pub inconsistent: u64,
    /// Running or compensating now (including sagas whose trigger waits for redelivery).
    pub in_progress: u64,
    pub running: u64,
    pub compensating: u64,
    /// Sagas that did not complete, by the step that failed (every step listed).
    pub by_failed_step: BTreeMap<String, u64>,
    pub reasons: BTreeMap<String, u64>,
    pub duration: super::metrics::LatencySummary,
    /// Every step's calls (attempts) and failed attempts, in step order.
    pub steps: Vec<SagaStepStatus>,
    pub compensation_calls: u64,
    pub compensation_failures: u64,
    pub skipped: u64,
    pub resumed: u64,
    pub duplicate_calls: u64,
}

/// One step's figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SagaStepStatus {
    pub name: String,
    pub calls: u64,
    pub failures: u64,
}

impl Saga {
    /// The status of this saga, its coordinator named `coordinator`.
    pub fn status(&self, coordinator: &str) -> SagaStatus {
        let s = &self.stats;
        let (running, compensating) = self.in_progress();
        SagaStatus {
            name: self.name.clone(),
            coordinator: coordinator.to_string(),
            started: s.started,
            completed: s.completed,
            compensated: s.compensated,
            failed: s.failed,
            inconsistent: s.inconsistent,
            in_progress: running + compensating,
            running,
            compensating,
            by_failed_step: self.steps.iter().zip(&s.by_failed_step).map(|(p, n)| (p.name.clone(), *n)).collect(),
            reasons: s.reasons.iter().map(|(r, n)| (r.name().to_string(), *n)).collect(),
            duration: s.duration.summary(),
            steps: self
                .steps
                .iter()
                .enumerate()
                .map(|(i, p)| SagaStepStatus {
                    name: p.name.clone(),
                    calls: s.step_calls[i],
                    failures: s.step_failures[i],
                })
                .collect(),
            compensation_calls: s.compensation_calls,
            compensation_failures: s.compensation_failures,
            skipped: s.skipped,
            resumed: s.resumed,
            duplicate_calls: s.duplicate_calls,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(name: &str, compensated: bool) -> PlannedStep {
        PlannedStep {
            name: name.to_string(),
            stage: 0,
            service: ServiceId::new(0),
            compensate: compensated.then_some((9, ServiceId::new(1))),
            retry: Retry::none(),
            compensation_retry: Retry::compensation(),
            only_for: None,
            idempotent: false,
        }
    }

    /// Compensations run newest first, over the steps done that have one: with steps
    /// 0 (undoable), 1 (no compensation), 2 (undoable) done and step 3 failed, the order
    /// is 2 then 0; a skipped step (not done) is never compensated.
    #[test]
    fn compensations_go_backwards_over_the_steps_done() {
        let plan = [step("a", true), step("b", false), step("c", true), step("d", true)];
        let mut record = SagaRecord::new(SimTime::ZERO);
        record.done = 0b0111;
        assert_eq!(record.next_compensation(&plan, 3), Some(2));
        assert_eq!(record.next_compensation(&plan, 2), Some(0));
        assert_eq!(record.next_compensation(&plan, 0), None);
        record.done = 0b0010;
        assert_eq!(record.next_compensation(&plan, 3), None, "only b was done, and b has no compensation");
    }

    /// The log counts each end once, keeps the trigger in the finished window, and an
    /// end of a saga not in the log changes nothing.
    #[test]
    fn ending_a_saga_counts_it_once() {
        let window = DedupSpec::default();
        let mut saga = Saga::new("s", GroupId::new(0), vec![step("a", true), step("b", false)], None, None, &window);
        assert!(saga.begin(7, SimTime::ZERO));
        assert!(!saga.begin(7, SimTime::ZERO), "in the log already: resumed");
        assert_eq!((saga.stats.started, saga.stats.resumed), (1, 1));
        let at = SimTime::ZERO + SimDuration::from_millis(30);
        let reason = Some((1, SagaReason::Step(ErrorClass::Business)));
        assert!(saga.end(7, SagaEnd::Compensated, reason, at).is_some());
        assert!(saga.end(7, SagaEnd::Compensated, reason, at).is_none());
        assert_eq!((saga.stats.compensated, saga.stats.by_failed_step.clone()), (1, vec![0, 1]));
        assert_eq!(saga.stats.reasons.get(&SagaReason::Step(ErrorClass::Business)), Some(&1));
        assert_eq!(saga.stats.duration.summary().mean, 30.0);
        assert!(saga.finished.contains(7, at));
        assert_eq!(saga.in_progress(), (0, 0));
    }
}
