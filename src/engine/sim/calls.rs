//! Service calls made by handlers: capacity queueing, completion and timeouts.
//!
//! A call's life: `issue_call` (the breaker may refuse it; the timeout starts; the bulkhead
//! may make it wait) → `dispatch_call` (the service serves it or queues it) → `call_ended`
//! with the outcome, the one exit where guards learn the outcome and the job goes on.
//!
//! A service that calls services itself (a call chain, see `engine::hops`) keeps the
//! call's slot after its own work and calls downstream with its client policy (`issue_hop`
//! → `hop_ended`, retried after a back-off or answered upstream); the answer of any call
//! finds its caller through [`Caller`], a job or an upstream service's call.

use super::*;
use crate::engine::policy::Ejection;
use crate::engine::trace::Traced;
use guards::HopEntry;

impl Simulation {
    pub(super) fn issue_call(&mut self, g: GroupId, j: JobId, s: ServiceId) {
        let group = &mut self.groups[g];
        let guarded = !group.policies.guards.is_empty();
        let job = &mut group.jobs[j];
        job.generation = job.generation.wrapping_add(1);
        // Read before a refusal ends the attempt (and may free the job).
        let retry = self.groups[g].jobs[j].message.attempts > 1;
        if guarded && !self.breaker_permits(g, j) {
            let edge = self.services[s].stats.edge(CallerName::Group(g));
            edge.record(Some(ErrorClass::CircuitOpen), SimDuration::ZERO, retry);
            return;
        }
        let message = self.groups[g].jobs[j].message;
        self.trace(&message, StepKind::Call { group: g, service: s });
        let job = &mut self.groups[g].jobs[j];
        job.state = JobState::Calling { service: s, since: self.now };
        let generation = job.generation;
        let entry = if guarded { self.enter_bulkhead(g, j, s) } else { BulkheadEntry::Entered };
        let still_calling = match entry {
            BulkheadEntry::Entered => self.dispatch_call(g, j, s),
            BulkheadEntry::Waiting => true,
            BulkheadEntry::Rejected => false,
        };
        // The timeout is scheduled after the call (the same order as without guards, so a
        // call answering exactly at its deadline still wins the tie).
        if still_calling && let Some(timeout) = self.groups[g].config.timeout {
            self.queue.schedule(self.now + timeout, Event::CallTimeout { group: g, job: j, generation });
        }
    }

    /// The call reaches the service: served now, queued inside it, or refused at the door
    /// (then it has already failed, and this returns false).
    pub(super) fn dispatch_call(&mut self, g: GroupId, j: JobId, s: ServiceId) -> bool {
        let generation = self.groups[g].jobs[j].generation;
        let caller = Caller::Job { group: g, job: j };
        let message = &self.groups[g].jobs[j].message;
        let (event_type, key, priority) = (message.event_type, message.key, message.priority);
        let traced = self.tracer.as_ref().and_then(|t| t.samples(message.root).then(|| Traced::of(message)));
        let call = Call { traced, priority, ..Call::new(caller, generation, event_type, key, self.now) };
        match self.services[s].dispatch(call, self.now) {
            Dispatch::Start(call) => self.start_call(s, call),
            Dispatch::Queued => {}
            Dispatch::Unreachable(r) | Dispatch::Refused(r) => {
                // Connection refused or 503: the caller learns at once, and a breaker
                // counts it as a failed call like any other; so does outlier detection.
                self.replica_answered(s, r, true);
                self.call_ended(g, j, Some(ErrorClass::Transient));
                return false;
            }
        }
        true
    }

    pub(super) fn start_call(&mut self, s: ServiceId, call: CallId) {
        match self.services[s].start(call, self.now) {
            Started::Alone { after, epoch } => {
                self.queue.schedule(self.now + after, Event::CallDone { service: s, call, epoch });
            }
            Started::Shared(next) => self.schedule_share(s, next),
        }
    }

    /// A processor-sharing replica's next finish, scheduled.
    pub(super) fn schedule_share(&mut self, s: ServiceId, next: Reschedule) {
        let event = Event::ShareDone { service: s, replica: next.replica, generation: next.generation };
        self.queue.schedule(next.at, event);
    }

    /// A processor-sharing replica's earliest finish is due: its next one is scheduled, and
    /// the call whose own work ended goes on as any call's does.
    pub(super) fn on_share_done(&mut self, s: ServiceId, r: ReplicaId, generation: u32) {
        let (finished, next) = self.services[s].share_done(r, generation, self.now);
        if let Some(next) = next {
            self.schedule_share(s, next);
        }
        if let Some((call, epoch)) = finished {
            self.on_call_done(s, call, epoch);
        }
    }

    pub(super) fn on_call_done(&mut self, s: ServiceId, call_id: CallId, epoch: u32) {
        match self.services[s].work_done(call_id, epoch, self.now) {
            // Cut short when the service went down; its caller already knows.
            None => {}
            Some(WorkDone::CallsDownstream) => self.issue_hop(Chain::Service(s), call_id),
            Some(WorkDone::Succeeded) => self.succeed_call(s, call_id),
            Some(WorkDone::Answer(finished)) => self.answered(s, finished),
        }
    }

    /// Service `s` answered a call: the freed place goes to the next waiting call, outlier
    /// detection learns the answer, and the caller gets it.
    pub(super) fn answered(&mut self, s: ServiceId, Finished { call, outcome, next }: Finished) {
        if let Some(next) = next {
            self.start_call(s, next);
        }
        // What Envoy counts as a 5xx: a business error is the caller's fault (a 4xx). The
        // answer to a caller that timed out was counted as the timeout.
        if !call.abandoned {
            let failed = matches!(outcome, Some(ErrorClass::Transient | ErrorClass::Fatal));
            self.replica_answered(s, call.replica, failed);
        }
        self.deliver(call, outcome);
    }

    /// The caller of `call` gets its outcome, if it still waits for it (it may have given
    /// up on a timeout, or been cut short; the work was done anyway).
    pub(super) fn deliver(&mut self, call: Call, outcome: Option<ErrorClass>) {
        match call.caller {
            Caller::Job { group, job } => {
                let state = &self.groups[group].jobs[job];
                if state.generation == call.generation && matches!(state.state, JobState::Calling { .. }) {
                    self.call_ended(group, job, outcome);
                }
            }
            Caller::Chain { chain, slot, epoch } => {
                if self.slot_live(chain, slot, epoch) && self.downstream_of(chain).awaits(slot, call.generation) {
                    self.hop_ended(chain, slot, outcome);
                }
            }
        }
    }

    /// Chain `chain`'s slot `c` calls the service of its current stage (a new attempt):
    /// refused at once (by its guards or at the service's door), or in flight (or waiting
    /// for a bulkhead slot) with its timeout armed.
    pub(super) fn issue_hop(&mut self, chain: Chain, c: CallId) {
        let now = self.now;
        let downstream = self.downstream_of(chain);
        let generation = downstream.begin_attempt(c, now);
        let guarded = !downstream.guards.is_empty();
        let entry = if guarded { self.enter_hop_guards(chain, c, generation) } else { HopEntry::Call };
        let in_flight = match entry {
            HopEntry::Call => self.dispatch_hop(chain, c),
            HopEntry::Wait => true,
            HopEntry::Refused(class) => {
                self.hop_ended(chain, c, Some(class));
                false
            }
        };
        if in_flight && let Some(timeout) = self.downstream_of(chain).timeout {
            let event = match chain {
                Chain::Service(service) => Event::HopTimeout { service, call: c, generation },
                Chain::Client(client) => Event::RequestTimeout { client, request: c, generation },
            };
            self.queue.schedule(self.now + timeout, event);
        }
    }

    /// Slot `c`'s current attempt reaches the service of its stage: served, queued there,
    /// or refused at the door (then it has already failed, and this returns false).
    pub(super) fn dispatch_hop(&mut self, chain: Chain, c: CallId) -> bool {
        let epoch = self.slot_epoch(chain, c);
        // A downstream call carries on the priority of the call it serves; a client's
        // request has its event type's.
        let (event_type, key, traced, priority) = match chain {
            Chain::Service(s) => {
                let call = self.services[s].call(c);
                (call.event_type, call.key, call.traced, call.priority)
            }
            Chain::Client(k) => {
                let (event_type, key) = self.clients[k].subject(c);
                (event_type, key, None, self.clients[k].priority_of(event_type))
            }
        };
        let downstream = self.downstream_of(chain);
        let hop = *downstream.hop(c);
        let d = downstream.services[usize::from(hop.stage)];
        let caller = Caller::Chain { chain, slot: c, epoch };
        let call = Call { traced, priority, ..Call::new(caller, hop.generation, event_type, key, self.now) };
        if let (Some(traced), Chain::Service(s)) = (traced, chain) {
            self.trace_hop(traced, StepKind::HopCall { caller: s, service: d });
        }
        match self.services[d].dispatch(call, self.now) {
            Dispatch::Start(id) => self.start_call(d, id),
            Dispatch::Queued => {}
            Dispatch::Unreachable(r) | Dispatch::Refused(r) => {
                self.replica_answered(d, r, true);
                self.hop_ended(chain, c, Some(ErrorClass::Transient));
                return false;
            }
        }
        true
    }

    /// Chain `chain`'s downstream attempt for slot `c` ended: on success the chain goes on
    /// (or, every stage done, the slot is answered); a failure is retried after a back-off
    /// while the retry policy allows, else the slot is answered with the error.
    pub(super) fn hop_ended(&mut self, chain: Chain, c: CallId, outcome: Option<ErrorClass>) {
        let now = self.now;
        let downstream = self.downstream_of(chain);
        let hop = *downstream.hop(c);
        let callee = downstream.services[usize::from(hop.stage)];
        let edge = self.services[callee].stats.edge(CallerName::from(chain));
        edge.record(outcome, now - hop.since, hop.attempts > 0);
        // A call its guards refused never reached the service: nothing answered.
        let reached = !matches!(outcome, Some(ErrorClass::CircuitOpen | ErrorClass::BulkheadFull));
        if let Chain::Service(s) = chain
            && reached
            && let Some(traced) = self.services[s].call(c).traced
        {
            let stage = usize::from(self.downstream_of(chain).hop(c).stage);
            let service = self.services[s].downstream.services[stage];
            self.trace_hop(traced, StepKind::HopEnded { caller: s, service, outcome });
        }
        if !self.downstream_of(chain).guards.is_empty() {
            self.release_hop_guards(chain, c, outcome);
        }
        let now = self.now;
        let downstream = self.downstream_of(chain);
        let stages = downstream.services.len();
        let retry = downstream.retry.clone();
        let hop = downstream.hop(c);
        hop.calling = false;
        match outcome {
            None => {
                hop.stage += 1;
                hop.attempts = 0;
                if usize::from(hop.stage) < stages {
                    self.issue_hop(chain, c);
                } else {
                    self.chain_done(chain, c, None);
                }
            }
            Some(class) => {
                hop.attempts += 1;
                let attempts_left = retry::retryable(class, &retry) && hop.attempts < retry.max_attempts;
                if attempts_left && downstream.budget_allows_retry(now) {
                    let hop = downstream.hop(c);
                    hop.generation = hop.generation.wrapping_add(1);
                    let (generation, attempts, previous) = (hop.generation, hop.attempts, hop.last_backoff_ns);
                    let delay = retry::delay(
                        &retry.backoff,
                        retry.jitter,
                        attempts,
                        SimDuration(previous),
                        &mut downstream.rng,
                    );
                    downstream.hop(c).last_backoff_ns = delay.0;
                    let event = match chain {
                        Chain::Service(service) => Event::HopRetry { service, call: c, generation },
                        Chain::Client(client) => Event::RequestRetry { client, request: c, generation },
                    };
                    self.queue.schedule(self.now + delay, event);
                } else {
                    // A service answers its caller with what the failure means upstream (a
                    // 503 for a timeout); a client's request ends with the failure it saw.
                    let answer = match chain {
                        Chain::Service(_) => crate::engine::hops::propagated(class),
                        Chain::Client(_) => class,
                    };
                    self.chain_done(chain, c, Some(answer));
                }
            }
        }
    }

    /// A chain's slot has its answer: a service answers its call upstream; a client's
    /// request completes.
    fn chain_done(&mut self, chain: Chain, c: CallId, outcome: Option<ErrorClass>) {
        match chain {
            Chain::Service(s) if outcome.is_none() => self.succeed_call(s, c),
            Chain::Service(s) => {
                let finished = self.services[s].answer(c, outcome, self.now);
                self.answered(s, finished);
            }
            Chain::Client(k) => self.request_done(k, c, outcome),
        }
    }

    /// The chain stops waiting for its downstream attempt `generation` of slot `c`.
    pub(super) fn on_hop_timeout(&mut self, chain: Chain, c: CallId, generation: u32) {
        let downstream = self.downstream_of(chain);
        if !downstream.awaits(c, generation) {
            return;
        }
        let stage = usize::from(downstream.hop(c).stage);
        let d = downstream.services[stage];
        let caller = Caller::Chain { chain, slot: c, epoch: self.slot_epoch(chain, c) };
        self.caller_timed_out(d, caller, generation);
        self.hop_ended(chain, c, Some(ErrorClass::Timeout));
    }

    /// The chain's back-off before retrying slot `c`'s current stage is over.
    pub(super) fn on_hop_retry(&mut self, chain: Chain, c: CallId, generation: u32) {
        if self.downstream_of(chain).retry_due(c, generation) {
            self.issue_hop(chain, c);
        }
    }

    fn trace_hop(&mut self, traced: Traced, kind: StepKind) {
        if let Some(tracer) = &mut self.tracer {
            tracer.record_traced(self.now, traced, kind);
        }
    }

    /// The downstream calls and chain states of `chain`.
    pub(super) fn downstream_of(&mut self, chain: Chain) -> &mut crate::engine::hops::Downstream {
        match chain {
            Chain::Service(s) => &mut self.services[s].downstream,
            Chain::Client(k) => &mut self.clients[k].downstream,
        }
    }

    /// The current epoch of `chain`'s slot `c`.
    fn slot_epoch(&self, chain: Chain, c: CallId) -> u32 {
        match chain {
            Chain::Service(s) => self.services[s].epoch_of(c),
            Chain::Client(k) => self.clients[k].epoch_of(c),
        }
    }

    /// Whether `chain`'s slot `c` is still held by the occupant of `epoch`.
    fn slot_live(&self, chain: Chain, c: CallId, epoch: u32) -> bool {
        match chain {
            Chain::Service(s) => self.services[s].call_of_epoch(c, epoch).is_some(),
            Chain::Client(k) => self.clients[k].request_live(c, epoch),
        }
    }

    /// Outlier detection learns what replica `r` of service `s` answered; an ejection is
    /// logged.
    pub(super) fn replica_answered(&mut self, s: ServiceId, r: ReplicaId, failed: bool) {
        if let Some(ejection) = self.services[s].answered(r, failed, self.now) {
            self.log_ejection(s, r, ejection);
        }
    }

    /// A caller gave up on its call to service `s`: outlier detection charges the replica.
    fn caller_timed_out(&mut self, s: ServiceId, caller: Caller, generation: u32) {
        if let Some((r, Some(ejection))) = self.services[s].caller_timed_out(caller, generation, self.now) {
            self.log_ejection(s, r, ejection);
        }
    }

    fn log_ejection(&mut self, s: ServiceId, r: ReplicaId, ejection: Ejection) {
        let service = &self.services[s];
        let errors = service.outlier_detection().map_or(0, |d| d.consecutive_errors);
        let text = LogText::Ejected {
            duration: ejection.duration,
            errors: u64::from(errors),
            ejections: u64::from(ejection.ejections),
        };
        self.log.push(self.now, Severity::Warning, service.replicas()[r].name().to_string(), text);
    }

    pub(super) fn on_call_timeout(&mut self, g: GroupId, j: JobId, generation: u32) {
        let group = &mut self.groups[g];
        let job = &group.jobs[j];
        if job.generation != generation
            || !matches!(job.state, JobState::Calling { .. } | JobState::WaitingBulkhead { .. })
        {
            return;
        }
        group.stats.timeouts += 1;
        if let JobState::Calling { service, .. } = job.state {
            self.caller_timed_out(service, Caller::Job { group: g, job: j }, generation);
        }
        self.call_ended(g, j, Some(ErrorClass::Timeout));
    }

    /// The caller has the call's outcome (`None`: success): guards record it and free
    /// their slot, then the handler goes on to its next step or the attempt fails.
    pub(super) fn call_ended(&mut self, g: GroupId, j: JobId, outcome: Option<ErrorClass>) {
        let job = &self.groups[g].jobs[j];
        if let JobState::Calling { service, since } | JobState::WaitingBulkhead { service, since } = job.state {
            let retry = job.message.attempts > 1;
            self.services[service].stats.edge(CallerName::Group(g)).record(outcome, self.now - since, retry);
        }
        if self.tracer.is_some() {
            let job = &self.groups[g].jobs[j];
            let service = match job.state {
                JobState::Calling { service, .. } => Some(service),
                _ => self.groups[g].config.calls.get(job.stage as usize).copied(),
            };
            if let Some(service) = service {
                let message = job.message;
                self.trace(&message, StepKind::CallEnded { group: g, service, outcome });
            }
        }
        if !self.groups[g].policies.guards.is_empty() {
            self.release_guards(g, j, outcome);
        }
        let job = &mut self.groups[g].jobs[j];
        job.generation = job.generation.wrapping_add(1);
        if let Some(k) = self.groups[g].saga {
            return self.saga_call_ended(k, g, j, outcome);
        }
        let job = &mut self.groups[g].jobs[j];
        match outcome {
            None => {
                job.stage += 1;
                job.state = JobState::Working;
                self.advance(g, j);
            }
            Some(class) => self.attempt_failed(g, j, class),
        }
    }
}
