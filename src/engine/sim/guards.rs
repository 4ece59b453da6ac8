//! Call guards around a group's service calls, in Resilience4j's decorator order
//! `Retry(CircuitBreaker(TimeLimiter(Bulkhead(call))))`: the breaker decides first (a
//! refusal fails fast with `CircuitOpen`, never reaching the service); the handler's
//! timeout covers the wait for a bulkhead slot and the call; a full bulkhead fails with
//! `BulkheadFull`. The breaker sees the outcome and the duration of every permitted call;
//! a bulkhead slot is freed when the caller stops waiting (answer or timeout).

use super::*;
use crate::engine::policy::breaker::{Cause, Verdict};
use crate::engine::policy::{BreakerState, Transition};

impl Simulation {
    /// Asks the breaker guarding job `j`'s next call; on refusal the attempt fails.
    pub(super) fn breaker_permits(&mut self, g: GroupId, j: JobId) -> bool {
        let group = &mut self.groups[g];
        let Some(k) = group.guard_of_stage(group.jobs[j].stage) else { return true };
        let Some(breaker) = &mut group.policies.guards[k].breaker else { return true };
        let (permitted, transition) = breaker.try_acquire(self.now);
        if let Some(t) = transition {
            self.breaker_transitioned(g, k, t);
        }
        if !permitted {
            self.attempt_failed(g, j, ErrorClass::CircuitOpen);
        }
        permitted
    }

    /// Asks the bulkhead for a slot. A waiting call gets its `max_wait` timer; a rejected
    /// one has failed by the time this returns.
    pub(super) fn enter_bulkhead(&mut self, g: GroupId, j: JobId, s: ServiceId) -> BulkheadEntry {
        let group = &mut self.groups[g];
        let job = &mut group.jobs[j];
        let Some(k) = group.policies.stage_guard.get(job.stage as usize) else { return BulkheadEntry::Entered };
        let Some(bulkhead) = &mut group.policies.guards[*k].bulkhead else { return BulkheadEntry::Entered };
        let entry = bulkhead.try_enter(j);
        if entry == BulkheadEntry::Entered {
            return entry;
        }
        job.state = JobState::WaitingBulkhead { service: s, since: self.now };
        if entry == BulkheadEntry::Waiting {
            let (at, generation) = (self.now + bulkhead.max_wait, job.generation);
            self.queue.schedule(at, Event::BulkheadTimeout { group: g, job: j, generation });
        } else {
            self.call_ended(g, j, Some(ErrorClass::BulkheadFull));
        }
        entry
    }

    pub(super) fn on_bulkhead_timeout(&mut self, g: GroupId, j: JobId, generation: u32) {
        let job = &self.groups[g].jobs[j];
        if job.generation == generation && matches!(job.state, JobState::WaitingBulkhead { .. }) {
            self.call_ended(g, j, Some(ErrorClass::BulkheadFull));
        }
    }

    /// Job `j`'s call ended with `outcome`: the breaker records it, the bulkhead frees the
    /// slot (handing it to the oldest waiter) or forgets the waiter.
    pub(super) fn release_guards(&mut self, g: GroupId, j: JobId, outcome: Option<ErrorClass>) {
        let group = &mut self.groups[g];
        let job = group.jobs[j];
        let (since, holds_slot) = match job.state {
            JobState::Calling { since, .. } => (since, true),
            JobState::WaitingBulkhead { since, .. } => (since, false),
            _ => return,
        };
        let Some(k) = group.guard_of_stage(job.stage) else { return };
        let guard = &mut group.policies.guards[k];
        let mut notice = None;
        if let Some(breaker) = &mut guard.breaker {
            match breaker.classify(outcome) {
                Verdict::Ignored => breaker.release(),
                verdict => notice = breaker.record(self.now, self.now - since, verdict == Verdict::Failure),
            }
        }
        let mut next_waiter = None;
        if let Some(bulkhead) = &mut guard.bulkhead {
            if holds_slot {
                next_waiter = bulkhead.leave();
            } else {
                bulkhead.give_up_waiting(j, outcome == Some(ErrorClass::BulkheadFull));
            }
        }
        match notice {
            Some(Notice::Transition(t)) => self.breaker_transitioned(g, k, t),
            Some(Notice::WouldOpen(rates)) => {
                let text = format!("METRICS_ONLY: would open: {}", Cause::ThresholdsExceeded(rates));
                let name = self.breaker_name(g, k);
                self.log.push(self.now, Severity::Warning, name, text);
            }
            None => {}
        }
        if let Some(w) = next_waiter {
            let waiter = &mut self.groups[g].jobs[w];
            if let JobState::WaitingBulkhead { service, since } = waiter.state {
                waiter.state = JobState::Calling { service, since };
                self.dispatch_call(g, w, service);
            }
        }
    }

    /// Job `j` is cancelled mid-call because its instance crashed or was fenced: no
    /// outcome reaches the breaker (its permit is handed back, as for an ignored call) and
    /// the bulkhead frees the slot or forgets the waiter.
    pub(super) fn abandon_guards(&mut self, g: GroupId, j: JobId) {
        let group = &mut self.groups[g];
        let job = group.jobs[j];
        let holds_slot = match job.state {
            JobState::Calling { .. } => true,
            JobState::WaitingBulkhead { .. } => false,
            _ => return,
        };
        let Some(k) = group.guard_of_stage(job.stage) else { return };
        let guard = &mut group.policies.guards[k];
        if holds_slot && let Some(breaker) = &mut guard.breaker {
            breaker.release();
        }
        let mut next_waiter = None;
        if let Some(bulkhead) = &mut guard.bulkhead {
            if holds_slot {
                next_waiter = bulkhead.leave();
            } else {
                bulkhead.give_up_waiting(j, false);
            }
        }
        if let Some(w) = next_waiter {
            let waiter = &mut self.groups[g].jobs[w];
            if let JobState::WaitingBulkhead { service, since } = waiter.state {
                waiter.state = JobState::Calling { service, since };
                self.dispatch_call(g, w, service);
            }
        }
    }

    /// "GROUP:SERVICE", the breaker's name in the log, the status and the report.
    pub(super) fn breaker_name(&self, g: GroupId, k: GuardId) -> String {
        let group = &self.groups[g];
        let service = group.policies.guards[k].service;
        format!("{}:{}", group.name, self.services[service].name)
    }

    /// Logs a breaker transition and, for an automatic OPEN → HALF_OPEN, sets its timer.
    pub(super) fn breaker_transitioned(&mut self, g: GroupId, k: GuardId, t: Transition) {
        let severity = if t.to.refuses_calls() { Severity::Warning } else { Severity::Info };
        let name = self.breaker_name(g, k);
        if t.to == BreakerState::Open {
            // A breaker opening names the service it protects: it detects and diagnoses
            // the service's open incidents (see `incident`).
            let service = self.groups[g].policies.guards[k].service;
            let service = self.services[service].name.clone();
            self.incidents.breaker_opened(&service, &name, self.now);
        }
        self.log.push(self.now, severity, name, format!("{} → {}: {}", t.from, t.to, t.cause));
        if let Some(breaker) = &self.groups[g].policies.guards[k].breaker
            && let Some(at) = breaker.wake_at()
        {
            let generation = breaker.generation();
            // Never in the past: `open_for` shortened live may already be over.
            self.queue.schedule(at.max(self.now), Event::BreakerWake { group: g, guard: k, generation });
        }
    }

    pub(super) fn on_breaker_wake(&mut self, g: GroupId, k: GuardId, generation: u32) {
        let Some(breaker) = &mut self.groups[g].policies.guards[k].breaker else { return };
        if breaker.generation() != generation {
            return;
        }
        if let Some(t) = breaker.on_wake(self.now) {
            self.breaker_transitioned(g, k, t);
        }
    }
}
