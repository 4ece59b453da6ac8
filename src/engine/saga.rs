//! Orchestrated sagas: a saga's plan (its steps resolved to its coordinator's call
//! stages), its saga log, and its counts. The flow itself is `sim/saga.rs`.
//!
//! The coordinator is an ordinary consumer group: each trigger message is a job, and the
//! job's calls are the saga's calling steps (their services in step order) and then its
//! compensations (stages after the steps), so the group's timeout, breakers and bulkheads
//! guard them like any handler's calls. What a group does not have is the **saga log**:
//! the coordinator's durable record of each saga in progress, keyed by the trigger's id,
//! which outlives the instance that ran it (Temporal's event history, Camunda's runtime
//! tables). A crashed coordinator's trigger is redelivered like any message, and the saga
//! resumes where the log says; the call that was in flight when the instance died is made
//! again, which is a duplicate step call unless the step is idempotent.
//!
//! A step may instead send a **command**: a message the coordinator publishes to a topic
//! read by the step's participant group (Eventuate Tram's command/reply over messaging,
//! Axon's command gateway, a Temporal activity with a start-to-close timeout). The reply
//! is the command's end in the participant, heard at that instant (the reply channel is
//! not modelled as a topic of its own): processed is a success, dead-lettered, declined
//! (the participant's own saga did not complete) or filtered a business failure (not
//! retried), expired, dropped, lost or refused a transient one,
//! and no end within the step's `reply_timeout` a timeout; the step's retry policy judges
//! the failure like a call's. A reply to a command the saga no longer waits for (timed
//! out, or sent before a coordinator crash) is counted late and ignored, as Camunda drops
//! a message that no longer correlates.

use super::dedup::DedupWindow;
use super::flow::TypeSet;
use super::ids::{GroupId, JobId, ServiceId, TopicId};
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

/// How a step's command ended in its participant group: the reply the step hears. The
/// participant's answer is its handling of the command (Eventuate Tram's participant
/// replies with success or failure once its handler ran; Axon's command gateway returns
/// the handler's result or exception), and a command the bus lost on the way is heard as
/// a failure too, as a real saga would learn it from the broker's or its own timeout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reply {
    /// The participant processed it: the step succeeded.
    Processed,
    /// The participant gave up on it (to its dead-letter topic or parking lot).
    DeadLettered,
    /// The participant coordinates a saga of its own, and the saga the command started
    /// ended compensated or failed: handled, but not done (a nested saga said no).
    Declined,
    /// The participant's filter does not take its type.
    Filtered,
    /// Its TTL passed in the participant's topic.
    Expired,
    /// Dropped: shed, evicted from a full topic, refused by the participant's rate limit,
    /// or given up by a participant whose `on_exhausted` drops.
    Dropped,
    /// Lost with a broker node.
    Lost,
    /// The topic refused the publish (full, shedding, its partition unreachable).
    Refused,
}

impl Reply {
    /// Every kind, in the order `run --json` lists them.
    pub const ALL: [Reply; 8] = [
        Reply::Processed,
        Reply::DeadLettered,
        Reply::Declined,
        Reply::Filtered,
        Reply::Expired,
        Reply::Dropped,
        Reply::Lost,
        Reply::Refused,
    ];

    /// The reply as `run --json` names it.
    pub fn name(self) -> &'static str {
        match self {
            Reply::Processed => "processed",
            Reply::DeadLettered => "dead_lettered",
            Reply::Declined => "declined",
            Reply::Filtered => "filtered",
            Reply::Expired => "expired",
            Reply::Dropped => "dropped",
            Reply::Lost => "lost",
            Reply::Refused => "refused",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The failure the step's retry policy judges (`None`: success). A participant that
    /// gave up on the command, declined it, or filters its type out, has answered for good, like a
    /// business error, and is not retried; a command that never reached its handler
    /// (expired, dropped, lost, refused) may get through when sent again: transient.
    pub fn failure(self) -> Option<ErrorClass> {
        match self {
            Reply::Processed => None,
            Reply::DeadLettered | Reply::Declined | Reply::Filtered => Some(ErrorClass::Business),
            Reply::Expired | Reply::Dropped | Reply::Lost | Reply::Refused => Some(ErrorClass::Transient),
        }
    }
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
    /// The reply to the command the current step waits for, once it came, until the
    /// coordinator's job takes it.
    pub reply: Option<Reply>,
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
            reply: None,
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

/// What a step does: call a service (as the coordinator's call stage `stage`), or send a
/// command and wait for its reply.
#[derive(Clone, Copy, Debug)]
pub enum StepAction {
    Call { stage: u32, service: ServiceId },
    Command(PlannedCommand),
}

/// A step's command: published to `topic` (read by its participant group), of type
/// `event_type` (`None`: the trigger's), waited for `reply_timeout`.
#[derive(Clone, Copy, Debug)]
pub struct PlannedCommand {
    pub topic: TopicId,
    pub event_type: Option<EventTypeId>,
    pub reply_timeout: SimDuration,
}

/// A command on its way: which saga's trigger and step sent it, from which coordinator
/// job and attempt (the job's generation when it went out; a job slot keeps counting its
/// generation when it is reused, so a later job in the slot never matches). A reply finds
/// its saga through it; one whose job has moved on (a timeout, a crash) is late.
#[derive(Clone, Copy, Debug)]
pub struct PendingCommand {
    pub saga: super::ids::SagaId,
    pub step: usize,
    pub trigger: u64,
    pub group: GroupId,
    pub job: JobId,
    pub generation: u32,
}

/// One step as the coordinator runs it.
#[derive(Clone, Debug)]
pub struct PlannedStep {
    pub name: String,
    /// The step's call (its service and call stage) or command.
    pub action: StepAction,
    /// The coordinator's call stage of its compensation, and the service.
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
    /// Each step's replies, reply timeouts and late replies (all zero for a call step).
    pub commands: Vec<CommandStats>,
}

/// A command step's counts. Its commands sent are its calls (`step_calls`): every attempt
/// is a new message.
#[derive(Clone, Debug, Default)]
pub struct CommandStats {
    /// Replies heard while the step waited, by kind (indexed as [`Reply::ALL`]).
    pub replies: [u64; Reply::ALL.len()],
    /// Attempts that heard no reply within the step's `reply_timeout`.
    pub timeouts: u64,
    /// Replies to commands no step waited for any more (timed out, sent before a
    /// coordinator crash, or the saga ended meanwhile): ignored.
    pub late_replies: u64,
}

impl CommandStats {
    /// A reply heard in time.
    pub fn heard(&mut self, reply: Reply) {
        self.replies[reply.index()] += 1;
    }
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
            commands: vec![CommandStats::default(); steps],
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
    /// A command step's replies and timeouts (`None` for a step that calls a service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<CommandStepStatus>,
}

/// A command step's figures: its replies heard in time by kind (every kind listed), the
/// attempts that heard none within `reply_timeout`, and the replies that came too late.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CommandStepStatus {
    pub replies: BTreeMap<String, u64>,
    pub timeouts: u64,
    pub late_replies: u64,
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
                    command: matches!(p.action, StepAction::Command(_)).then(|| {
                        let c = &s.commands[i];
                        CommandStepStatus {
                            replies: Reply::ALL.iter().map(|r| (r.name().to_string(), c.replies[r.index()])).collect(),
                            timeouts: c.timeouts,
                            late_replies: c.late_replies,
                        }
                    }),
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
            action: StepAction::Call { stage: 0, service: ServiceId::new(0) },
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
    /// Each reply kind counts in its own slot, in the order `run --json` lists them, and
    /// only the processed one is a success.
    #[test]
    fn reply_kinds_are_indexed_in_their_listed_order() {
        for (i, reply) in Reply::ALL.iter().enumerate() {
            assert_eq!(reply.index(), i, "{reply:?}");
        }
        let classes: Vec<Option<ErrorClass>> = Reply::ALL.iter().map(|r| r.failure()).collect();
        use ErrorClass::{Business, Transient};
        let expected = [None, Some(Business), Some(Business), Some(Business)];
        assert_eq!(classes[..4], expected);
        assert!(classes[4..].iter().all(|c| *c == Some(Transient)));
    }

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
