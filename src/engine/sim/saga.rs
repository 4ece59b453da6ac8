//! Orchestrated sagas in the flow: a coordinator's job runs the saga of its trigger
//! message, step after step, and on a step's final failure the compensations of the
//! completed steps in reverse order (see `engine::saga` for the plan and the log).
//!
//! A saga's life in the coordinator's job: the handler's own work (`on_handler_step`) →
//! `saga_advance` (start, or resume from the saga log) → `saga_next` issues the current
//! step's call through the group's `issue_call` (so its timeout, breaker and bulkhead
//! apply) → `call_ended` hands the outcome to `saga_call_ended`: the next step, a retry
//! after a back-off (`SagaStepDue`, the worker stays with the saga, as a Temporal workflow
//! task waits for its activity's retries), or compensation → `saga_end`.
//!
//! A command step goes `saga_send_command` (the command published, the reply timeout
//! armed as `SagaReplyDue`) → the command's end in its participant, wherever the flow
//! ends it, calls `saga_command_ended`, which wakes the waiting job with a `SagaReplyDue`
//! at that instant → `on_saga_reply_due` hands the reply (or the timeout) to the same
//! `saga_step_ended` a call's answer goes to.
//!
//! The trigger message's ledger state: a saga that completed, was compensated or failed
//! with nothing to undo was *handled* — its trigger is processed (the business outcome is
//! in the saga's counts; only a completed saga fires the coordinator's emits). An
//! Inconsistent saga's trigger is given up with `Reason::SagaInconsistent`, so the
//! coordinator's `on_exhausted` keeps it (dead-letter topic or parking lot) for repair.

use super::*;
use crate::engine::ids::SagaId;
use crate::engine::saga::{PendingCommand, Phase, PlannedCommand, Reply, SagaEnd, SagaReason, StepAction};
use crate::engine::trace::SagaMark;

/// Records `mark` in the journey of a traced trigger. A free function over the tracer
/// alone, so the flow can record while it holds its saga's log entry.
fn mark(tracer: &mut Option<Tracer>, now: SimTime, trigger: &Message, saga: SagaId, mark: SagaMark) {
    if let Some(tracer) = tracer {
        tracer.record(now, trigger, StepKind::Saga { saga, mark });
    }
}

/// A step's index as a timeline records it (plans have at most `MAX_SAGA_STEPS`).
fn step_no(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

impl Simulation {
    /// The coordinator's handler finished its own work on job `j`: the trigger's saga
    /// starts, or resumes from the saga log after a redelivery or a message retry. A
    /// duplicate copy of a trigger whose saga has finished is acknowledged from the log.
    pub(super) fn saga_advance(&mut self, k: SagaId, g: GroupId, j: JobId) {
        let message = self.groups[g].jobs[j].message;
        let saga = &mut self.sagas[k];
        if message.is_duplicate() && !saga.log.contains_key(&message.id) && saga.finished.contains(message.id, self.now)
        {
            return self.saga_duplicate_acknowledged(g, j);
        }
        if !saga.begin(message.id, self.now) {
            mark(&mut self.tracer, self.now, &message, k, SagaMark::Resumed);
            // Resumed: a call that went out before the coordinator lost the job has no
            // answer it will ever hear, and is made again.
            if let Some(record) = saga.log.get_mut(&message.id)
                && std::mem::take(&mut record.in_flight)
            {
                let step = match record.phase {
                    Phase::Running(i) | Phase::Compensating(i) => i,
                };
                if !saga.steps[step].idempotent {
                    saga.stats.duplicate_calls += 1;
                }
            }
        }
        self.saga_next(k, g, j);
    }

    /// Job `j` goes on with its saga from where the log says: the current step's next
    /// attempt, the next compensation, or the end.
    pub(super) fn saga_next(&mut self, k: SagaId, g: GroupId, j: JobId) {
        let message = self.groups[g].jobs[j].message;
        let now = self.now;
        let saga = &mut self.sagas[k];
        let Some(record) = saga.log.get_mut(&message.id) else {
            // Not in the log: the saga ended already (cannot happen to a live job, whose
            // saga ends only through this job). Acknowledge rather than run it twice.
            return self.succeed_quietly(g, j);
        };
        loop {
            match record.phase {
                Phase::Running(i) if i >= saga.steps.len() => {
                    return self.saga_end(k, g, j, SagaEnd::Completed, None);
                }
                Phase::Running(i) if !saga.steps[i].runs_for(message.event_type) => {
                    saga.stats.skipped += 1;
                    mark(&mut self.tracer, now, &message, k, SagaMark::Skipped { step: step_no(i) });
                    record.enter(Phase::Running(i + 1));
                }
                Phase::Running(i) if saga.timeout.is_some_and(|t| now - record.started_at >= t) => {
                    record.failed = Some((i, SagaReason::Deadline));
                    match record.next_compensation(&saga.steps, i) {
                        Some(c) => record.enter(Phase::Compensating(c)),
                        None => return self.saga_failed_without_undo(k, g, j),
                    }
                }
                Phase::Running(i) => {
                    let action = saga.steps[i].action;
                    saga.stats.step_calls[i] += 1;
                    record.in_flight = true;
                    let call = SagaMark::Call { step: step_no(i), compensation: false, attempt: record.attempts + 1 };
                    mark(&mut self.tracer, now, &message, k, call);
                    return match action {
                        StepAction::Call { stage, service } => self.saga_call(g, j, stage, service),
                        StepAction::Command(command) => self.saga_send_command(k, g, j, i, command),
                    };
                }
                Phase::Compensating(c) => {
                    let Some((stage, service)) = saga.steps[c].compensate else {
                        // The plan gives every step entered here a compensation.
                        let failed = record.failed;
                        return self.saga_end(k, g, j, SagaEnd::Inconsistent, failed);
                    };
                    saga.stats.compensation_calls += 1;
                    record.in_flight = true;
                    let call = SagaMark::Call { step: step_no(c), compensation: true, attempt: record.attempts + 1 };
                    mark(&mut self.tracer, now, &message, k, call);
                    return self.saga_call(g, j, stage, service);
                }
            }
        }
    }

    /// The coordinator's job calls `service` as its call stage `stage`.
    fn saga_call(&mut self, g: GroupId, j: JobId, stage: u32, service: ServiceId) {
        let job = &mut self.groups[g].jobs[j];
        job.stage = stage;
        job.state = JobState::Working;
        self.issue_call(g, j, service);
    }

    /// Job `j`'s saga step `i` sends its command: a new message, child of the trigger
    /// (its key, its correlation, the trigger as its cause), published to the
    /// participant's topic like any message and counted in the ledger like one. The worker
    /// waits for the reply or the reply timeout, as it waits for a call's answer.
    fn saga_send_command(&mut self, k: SagaId, g: GroupId, j: JobId, i: usize, command: PlannedCommand) {
        let trigger = self.groups[g].jobs[j].message;
        let id = self.produce_message_id();
        let partition = self.topics[command.topic].partition_for_key(trigger.key);
        let event_type = command.event_type.unwrap_or(trigger.event_type);
        let message = Message { flags: Message::COMMAND, ..trigger.child(id, self.now, g, partition, event_type) };
        let job = &mut self.groups[g].jobs[j];
        job.state = JobState::Working;
        job.generation = job.generation.wrapping_add(1);
        let generation = job.generation;
        if let Some(record) = self.sagas[k].log.get_mut(&trigger.id) {
            record.reply = None;
        }
        // Registered before the publish: a topic that sheds it, or a participant that
        // filters it out, ends it inside the publish, and that end is its reply.
        let pending = PendingCommand { saga: k, step: i, trigger: trigger.id, group: g, job: j, generation };
        self.saga_commands.insert(id, pending);
        // The timeout is armed before the publish, so it precedes every event the command
        // causes: an end at exactly `reply_timeout` is too late, however the participant
        // scheduled it.
        let due = self.now + command.reply_timeout;
        self.queue.schedule(due, Event::SagaReplyDue { group: g, job: j, generation });
        if !self.publish_once(command.topic, message) {
            // Refused (lost, with the topic's reason, as an emit's refusal is): nobody will
            // ever see it, and the attempt hears so at once; its timeout goes stale.
            self.saga_commands.remove(&id);
            self.sagas[k].stats.commands[i].heard(Reply::Refused);
            let job = &mut self.groups[g].jobs[j];
            job.generation = job.generation.wrapping_add(1);
            self.saga_step_ended(k, g, j, Reply::Refused.failure());
        }
    }

    /// Saga command `command` ended in its participant (or on its way there): that is its
    /// reply. The step waiting for it hears it as an event at this instant (a reply heard
    /// inside the participant's own bookkeeping would run the saga in the middle of it); a
    /// command no step waits for any more is a late reply, counted and ignored. Any later
    /// end of the same command (a duplicate copy, a redriven dead letter) finds nothing.
    #[cold]
    #[inline(never)]
    pub(super) fn saga_command_ended(&mut self, command: u64, reply: Reply) {
        let Some(pending) = self.saga_commands.remove(&command) else { return };
        let job = &self.groups[pending.group].jobs[pending.job];
        let waiting =
            job.generation == pending.generation && job.state == JobState::Working && job.message.id == pending.trigger;
        let saga = &mut self.sagas[pending.saga];
        let stats = &mut saga.stats.commands[pending.step];
        match saga.log.get_mut(&pending.trigger) {
            Some(record) if waiting => {
                record.reply = Some(reply);
                stats.heard(reply);
                let (group, job, generation) = (pending.group, pending.job, pending.generation);
                self.queue.schedule(self.now, Event::SagaReplyDue { group, job, generation });
            }
            _ => stats.late_replies += 1,
        }
    }

    /// Job `j`'s command step hears its reply, or (no reply yet) its reply timeout passed:
    /// the command is abandoned (its end will be a late reply) and the attempt times out.
    pub(super) fn on_saga_reply_due(&mut self, g: GroupId, j: JobId, generation: u32) {
        let group = &mut self.groups[g];
        let Some(k) = group.saga else { return };
        let job = &mut group.jobs[j];
        if job.generation != generation || job.state != JobState::Working {
            return;
        }
        // Whichever of the reply and the timeout comes second finds the job moved on.
        job.generation = job.generation.wrapping_add(1);
        let id = job.message.id;
        let saga = &mut self.sagas[k];
        let Some(record) = saga.log.get_mut(&id) else { return self.succeed_quietly(g, j) };
        let outcome = match record.reply.take() {
            Some(reply) => reply.failure(),
            None => {
                if let Phase::Running(i) = record.phase {
                    saga.stats.commands[i].timeouts += 1;
                }
                Some(ErrorClass::Timeout)
            }
        };
        self.saga_step_ended(k, g, j, outcome);
    }

    /// The coordinator's call for job `j` ended with `outcome` (its guards already know):
    /// the saga moves on, retries, compensates or ends.
    pub(super) fn saga_call_ended(&mut self, k: SagaId, g: GroupId, j: JobId, outcome: Option<ErrorClass>) {
        self.saga_step_ended(k, g, j, outcome);
    }

    /// The current attempt of job `j`'s saga (a step's call or command, or a
    /// compensation's call) ended with `outcome` (`None`: success): the saga moves on,
    /// retries, compensates or ends. A failed command is judged by its class like a call.
    fn saga_step_ended(&mut self, k: SagaId, g: GroupId, j: JobId, outcome: Option<ErrorClass>) {
        let message = self.groups[g].jobs[j].message;
        let id = message.id;
        let saga = &mut self.sagas[k];
        let Some(record) = saga.log.get_mut(&id) else {
            return self.succeed_quietly(g, j);
        };
        record.in_flight = false;
        let answer = match record.phase {
            Phase::Running(i) => SagaMark::Answer { step: step_no(i), compensation: false, outcome },
            Phase::Compensating(c) => SagaMark::Answer { step: step_no(c), compensation: true, outcome },
        };
        mark(&mut self.tracer, self.now, &message, k, answer);
        match (record.phase, outcome) {
            (Phase::Running(i), None) => {
                record.done |= 1 << i;
                record.enter(Phase::Running(i + 1));
                self.saga_next(k, g, j);
            }
            (Phase::Running(i), Some(class)) => {
                saga.stats.step_failures[i] += 1;
                self.groups[g].jobs[j].last_error = Some(class);
                let retry = &saga.steps[i].retry;
                record.attempts += 1;
                if retry::retryable(class, retry) && record.attempts < retry.max_attempts {
                    return self.saga_retry(k, g, j, false);
                }
                record.failed = Some((i, SagaReason::Step(class)));
                if saga.pivot.is_some_and(|p| i > p) {
                    let reason = Some((i, SagaReason::FailedAfterPivot));
                    return self.saga_end(k, g, j, SagaEnd::Inconsistent, reason);
                }
                match record.next_compensation(&saga.steps, i) {
                    Some(c) => {
                        record.enter(Phase::Compensating(c));
                        self.saga_next(k, g, j);
                    }
                    None => self.saga_failed_without_undo(k, g, j),
                }
            }
            (Phase::Compensating(c), None) => {
                record.compensated = true;
                match record.next_compensation(&saga.steps, c) {
                    Some(next) => {
                        record.enter(Phase::Compensating(next));
                        self.saga_next(k, g, j);
                    }
                    None => {
                        let reason = record.failed;
                        self.saga_end(k, g, j, SagaEnd::Compensated, reason);
                    }
                }
            }
            (Phase::Compensating(c), Some(class)) => {
                saga.stats.compensation_failures += 1;
                let retry = &saga.steps[c].compensation_retry;
                record.attempts += 1;
                if retry::retryable(class, retry) && record.attempts < retry.max_attempts {
                    return self.saga_retry(k, g, j, true);
                }
                // The step that failed is still the one counted; the reason is the
                // compensation that could not undo `c`.
                let step = record.failed.map_or(c, |(step, _)| step);
                self.saga_end(k, g, j, SagaEnd::Inconsistent, Some((step, SagaReason::CompensationFailed)));
            }
        }
    }

    /// The current step (or compensation) of job `j`'s saga is tried again after its
    /// back-off; the worker stays with the saga meanwhile.
    fn saga_retry(&mut self, k: SagaId, g: GroupId, j: JobId, compensation: bool) {
        let id = self.groups[g].jobs[j].message.id;
        let saga = &mut self.sagas[k];
        let Some(record) = saga.log.get_mut(&id) else { return };
        let step = match record.phase {
            Phase::Running(i) | Phase::Compensating(i) => &saga.steps[i],
        };
        let retry = if compensation { &step.compensation_retry } else { &step.retry };
        let delay = retry::delay(&retry.backoff, retry.jitter, record.attempts, record.last_backoff, &mut saga.rng);
        record.last_backoff = delay;
        let job = &mut self.groups[g].jobs[j];
        job.state = JobState::Working;
        job.generation = job.generation.wrapping_add(1);
        let generation = job.generation;
        self.queue.schedule(self.now + delay, Event::SagaStepDue { group: g, job: j, generation });
    }

    pub(super) fn on_saga_step_due(&mut self, g: GroupId, j: JobId, generation: u32) {
        let job = &self.groups[g].jobs[j];
        if job.generation != generation || job.state != JobState::Working {
            return;
        }
        if let Some(k) = self.groups[g].saga {
            self.saga_next(k, g, j);
        }
    }

    /// A step failed for good with nothing done to undo (no completed step has a
    /// compensation): the saga ends Failed.
    fn saga_failed_without_undo(&mut self, k: SagaId, g: GroupId, j: JobId) {
        let id = self.groups[g].jobs[j].message.id;
        let reason = self.sagas[k].log.get(&id).and_then(|r| r.failed);
        self.saga_end(k, g, j, SagaEnd::Failed, reason);
    }

    /// Job `j`'s saga ended: counted and out of the log; the trigger is processed, or
    /// (Inconsistent) given up for repair.
    fn saga_end(&mut self, k: SagaId, g: GroupId, j: JobId, end: SagaEnd, reason: Option<(usize, SagaReason)>) {
        let message = self.groups[g].jobs[j].message;
        if self.sagas[k].end(message.id, end, reason, self.now).is_some() {
            let failed = reason.map(|(step, why)| (step_no(step), why));
            mark(&mut self.tracer, self.now, &message, k, SagaMark::Ended { end, failed });
        }
        match end {
            SagaEnd::Completed => self.succeed(g, j),
            SagaEnd::Compensated | SagaEnd::Failed => self.succeed_quietly(g, j),
            SagaEnd::Inconsistent => self.give_up(g, j, Reason::SagaInconsistent),
        }
    }

    /// A duplicate copy of a trigger whose saga finished: the saga log says so, and the
    /// copy is acknowledged without running anything again (counted as deduplicated).
    fn saga_duplicate_acknowledged(&mut self, g: GroupId, j: JobId) {
        let job = self.finish_job(g, j);
        self.hold_until_confirmed(g, job.instance, &job.message);
        self.groups[g].stats.deduplicated += 1;
        self.pump(g, job.instance);
    }

    /// The coordinator gave up on trigger `message` (a poison trigger, a handler fault out
    /// of retries) while its saga was under way: the saga ends where it stands,
    /// Inconsistent if a step was done (nothing will undo it), else Failed.
    pub(super) fn saga_trigger_given_up(&mut self, k: SagaId, message: &Message) {
        let saga = &mut self.sagas[k];
        let Some(record) = saga.log.get(&message.id) else { return };
        let step = match record.phase {
            Phase::Running(i) | Phase::Compensating(i) => i,
        };
        let end = if record.done != 0 { SagaEnd::Inconsistent } else { SagaEnd::Failed };
        saga.end(message.id, end, Some((step, SagaReason::CoordinatorGaveUp)), self.now);
        let failed = Some((step_no(step), SagaReason::CoordinatorGaveUp));
        mark(&mut self.tracer, self.now, message, k, SagaMark::Ended { end, failed });
    }
}
