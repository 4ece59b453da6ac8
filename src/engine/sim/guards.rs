//! Call guards around every caller's service calls — a consumer group's handler, a service
//! calling downstream (a call chain), a synchronous client — in Resilience4j's decorator
//! order `Retry(CircuitBreaker(TimeLimiter(Bulkhead(call))))`: the breaker decides first (a
//! refusal fails fast with `CircuitOpen`, never reaching the service); the caller's
//! timeout covers the wait for a bulkhead slot and the call; a full bulkhead fails with
//! `BulkheadFull`. The breaker sees the outcome and the duration of every permitted call;
//! a bulkhead slot is freed when the caller stops waiting (answer or timeout). Breakers are
//! keyed by caller:callee ("payments:payment-api", "payment-api:bank").

use super::*;
use crate::engine::hops::Held;
use crate::engine::policy::guards::CallEnd;
use crate::engine::policy::{Breaker, BreakerState, Transition};
use crate::engine::service::CallerName;

/// What a chain's attempt found at its guards.
pub(super) enum HopEntry {
    /// Permitted, with a bulkhead slot: the call goes out.
    Call,
    /// Permitted, waiting for a bulkhead slot (its `max_wait` timer is armed).
    Wait,
    /// Refused by the breaker or the bulkhead: the attempt has failed with this.
    Refused(ErrorClass),
}

impl Simulation {
    /// Asks the breaker guarding job `j`'s next call; on refusal the attempt fails.
    pub(super) fn breaker_permits(&mut self, g: GroupId, j: JobId) -> bool {
        let group = &mut self.groups[g];
        let Some(k) = group.guard_of_stage(group.jobs[j].stage) else { return true };
        let Some(breaker) = &mut group.policies.guards[k].breaker else { return true };
        let (permitted, transition) = breaker.try_acquire(self.now);
        if let Some(t) = transition {
            self.breaker_transitioned(CallerName::Group(g), k, t);
        }
        if !permitted {
            // A saga's step fails (and may be retried or compensated); a handler's attempt
            // fails whole.
            match self.groups[g].saga {
                Some(k) => self.saga_call_ended(k, g, j, Some(ErrorClass::CircuitOpen)),
                None => self.attempt_failed(g, j, ErrorClass::CircuitOpen),
            }
        }
        permitted
    }

    /// Asks the bulkhead for a slot. A waiting call gets its `max_wait` timer; a rejected
    /// one has failed by the time this returns.
    pub(super) fn enter_bulkhead(&mut self, g: GroupId, j: JobId, s: ServiceId) -> BulkheadEntry {
        let group = &mut self.groups[g];
        let job = &mut group.jobs[j];
        let Some(k) = group.policies.guards.of_stage(job.stage) else { return BulkheadEntry::Entered };
        let Some(bulkhead) = &mut group.policies.guards[k].bulkhead else { return BulkheadEntry::Entered };
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
        let end = CallEnd::Answered { outcome, since, now: self.now };
        let (notice, next_waiter) = group.policies.guards[k].call_ended(j, holds_slot, end);
        if let Some(notice) = notice {
            self.breaker_notice(CallerName::Group(g), k, notice);
        }
        if let Some(w) = next_waiter {
            self.bulkhead_granted(g, w);
        }
    }

    /// Job `w`, waiting for a bulkhead slot, got one: its call goes out.
    pub(super) fn bulkhead_granted(&mut self, g: GroupId, w: JobId) {
        let waiter = &mut self.groups[g].jobs[w];
        if let JobState::WaitingBulkhead { service, since } = waiter.state {
            waiter.state = JobState::Calling { service, since };
            self.dispatch_call(g, w, service);
        }
    }

    /// Job `j` is cancelled mid-call because its instance crashed or was fenced: no
    /// outcome reaches the breaker (its permit is handed back, as for an ignored call —
    /// a call waiting for a bulkhead slot holds one too) and the bulkhead frees the slot or
    /// forgets the waiter.
    pub(super) fn abandon_guards(&mut self, g: GroupId, j: JobId) {
        let group = &mut self.groups[g];
        let job = group.jobs[j];
        let holds_slot = match job.state {
            JobState::Calling { .. } => true,
            JobState::WaitingBulkhead { .. } => false,
            _ => return,
        };
        let Some(k) = group.guard_of_stage(job.stage) else { return };
        let (_, next_waiter) = group.policies.guards[k].call_ended(j, holds_slot, CallEnd::Abandoned);
        if let Some(w) = next_waiter {
            self.bulkhead_granted(g, w);
        }
    }

    /// Chain `chain`'s slot `c` asks the guards of its current stage's service for attempt
    /// `generation`.
    pub(super) fn enter_hop_guards(&mut self, chain: Chain, c: CallId, generation: u32) -> HopEntry {
        let now = self.now;
        let downstream = self.downstream_of(chain);
        let stage = u32::from(downstream.hop(c).stage);
        let Some(k) = downstream.guards.of_stage(stage) else { return HopEntry::Call };
        let guard = &mut downstream.guards[k];
        let (permitted, transition) = guard.breaker.as_mut().map_or((true, None), |b| b.try_acquire(now));
        let mut wait_until = None;
        let entry = if permitted {
            let entry = guard.bulkhead.as_mut().map_or(BulkheadEntry::Entered, |b| b.try_enter(c));
            let max_wait = guard.bulkhead.as_ref().map_or(SimDuration::ZERO, |b| b.max_wait);
            downstream.hop(c).held = if entry == BulkheadEntry::Entered { Held::Entered } else { Held::Queued };
            match entry {
                BulkheadEntry::Entered => HopEntry::Call,
                BulkheadEntry::Waiting => {
                    wait_until = Some(now + max_wait);
                    HopEntry::Wait
                }
                BulkheadEntry::Rejected => HopEntry::Refused(ErrorClass::BulkheadFull),
            }
        } else {
            HopEntry::Refused(ErrorClass::CircuitOpen)
        };
        if let Some(t) = transition {
            self.breaker_transitioned(chain.into(), k, t);
        }
        if let Some(at) = wait_until {
            let event = match chain {
                Chain::Service(service) => Event::HopBulkheadTimeout { service, call: c, generation },
                Chain::Client(client) => Event::RequestBulkheadTimeout { client, request: c, generation },
            };
            self.queue.schedule(at, event);
        }
        entry
    }

    /// Chain `chain`'s attempt for slot `c` ended with `outcome`: its breaker records it,
    /// its bulkhead frees the slot (the oldest waiter's call goes out) or forgets it.
    pub(super) fn release_hop_guards(&mut self, chain: Chain, c: CallId, outcome: Option<ErrorClass>) {
        let now = self.now;
        let downstream = self.downstream_of(chain);
        let hop = downstream.hop(c);
        let (held, since, stage) = (std::mem::take(&mut hop.held), hop.since, hop.stage);
        if held == Held::Nothing {
            return;
        }
        let Some(k) = downstream.guards.of_stage(u32::from(stage)) else { return };
        let end = CallEnd::Answered { outcome, since, now };
        let (notice, next_waiter) = downstream.guards[k].call_ended(c, held == Held::Entered, end);
        if let Some(notice) = notice {
            self.breaker_notice(chain.into(), k, notice);
        }
        if let Some(w) = next_waiter {
            self.downstream_of(chain).hop(w).held = Held::Entered;
            self.dispatch_hop(chain, w);
        }
    }

    /// Slot `c`'s attempt `generation` waited `max_wait` for a bulkhead slot in vain.
    pub(super) fn on_hop_bulkhead_timeout(&mut self, chain: Chain, c: CallId, generation: u32) {
        let downstream = self.downstream_of(chain);
        if downstream.awaits(c, generation) && downstream.hop(c).held == Held::Queued {
            self.hop_ended(chain, c, Some(ErrorClass::BulkheadFull));
        }
    }

    /// The calls that got a bulkhead slot when calls of `chain` were cut short go out.
    pub(super) fn resume_granted_hops(&mut self, chain: Chain) {
        for w in self.downstream_of(chain).take_granted() {
            self.dispatch_hop(chain, w);
        }
    }

    /// The breaker of `caller`'s guard `k`, if it has one.
    pub(super) fn breaker_mut(&mut self, caller: CallerName, k: GuardId) -> Option<&mut Breaker> {
        match caller {
            CallerName::Group(g) => self.groups[g].policies.guards[k].breaker.as_mut(),
            CallerName::Service(s) => self.services[s].downstream.guards[k].breaker.as_mut(),
            CallerName::Client(c) => self.clients[c].downstream.guards[k].breaker.as_mut(),
        }
    }

    pub(super) fn breaker_of(&self, caller: CallerName, k: GuardId) -> Option<&Breaker> {
        match caller {
            CallerName::Group(g) => self.groups[g].policies.guards[k].breaker.as_ref(),
            CallerName::Service(s) => self.services[s].downstream.guards[k].breaker.as_ref(),
            CallerName::Client(c) => self.clients[c].downstream.guards[k].breaker.as_ref(),
        }
    }

    /// The service `caller`'s guard `k` guards calls to.
    pub(super) fn guarded_service(&self, caller: CallerName, k: GuardId) -> ServiceId {
        match caller {
            CallerName::Group(g) => self.groups[g].policies.guards[k].service,
            CallerName::Service(s) => self.services[s].downstream.guards[k].service,
            CallerName::Client(c) => self.clients[c].downstream.guards[k].service,
        }
    }

    pub(super) fn caller_name(&self, caller: CallerName) -> &str {
        match caller {
            CallerName::Group(g) => &self.groups[g].name,
            CallerName::Service(s) => &self.services[s].name,
            CallerName::Client(c) => self.clients[c].name(),
        }
    }

    /// The caller named `name` (groups, services and clients share one namespace).
    pub(super) fn caller_named(&self, name: &str) -> Option<CallerName> {
        let group = self.groups.position(|g| g.name == name).map(CallerName::Group);
        let service = || self.services.position(|s| s.name == name).map(CallerName::Service);
        let client = || self.clients.position(|c| c.name() == name).map(CallerName::Client);
        group.or_else(service).or_else(client)
    }

    /// "CALLER:SERVICE", the breaker's name in the log, the status and the report.
    pub(super) fn breaker_name(&self, caller: CallerName, k: GuardId) -> String {
        let service = self.guarded_service(caller, k);
        format!("{}:{}", self.caller_name(caller), self.services[service].name)
    }

    /// Every breaker: the groups' first, then the services' and the clients', each caller's
    /// in call order (the order of the status, the report and the history's series).
    pub(super) fn breaker_keys(&self) -> Vec<(CallerName, GuardId)> {
        let groups = self.groups.iter_enumerated().map(|(g, group)| (CallerName::Group(g), &group.policies.guards));
        let mut keys: Vec<(CallerName, GuardId)> = groups
            .flat_map(|(caller, guards)| {
                guards.iter_enumerated().filter(|(_, guard)| guard.breaker.is_some()).map(move |(k, _)| (caller, k))
            })
            .collect();
        let chains = self
            .services
            .iter_enumerated()
            .map(|(s, service)| (CallerName::Service(s), &service.downstream.guards))
            .chain(
                self.clients.iter_enumerated().map(|(c, client)| (CallerName::Client(c), &client.downstream.guards)),
            );
        for (caller, guards) in chains {
            keys.extend(guards.iter_enumerated().filter(|(_, g)| g.breaker.is_some()).map(|(k, _)| (caller, k)));
        }
        keys
    }

    /// Logs what a breaker's recorded outcome or live change led to.
    pub(super) fn breaker_notice(&mut self, caller: CallerName, k: GuardId, notice: Notice) {
        match notice {
            Notice::Transition(t) => self.breaker_transitioned(caller, k, t),
            Notice::WouldOpen(rates) => {
                let name = self.breaker_name(caller, k);
                self.log.push(self.now, Severity::Warning, name, LogText::BreakerWouldOpen(rates));
            }
        }
    }

    /// Logs a breaker transition and, for an automatic OPEN → HALF_OPEN, sets its timer.
    pub(super) fn breaker_transitioned(&mut self, caller: CallerName, k: GuardId, t: Transition) {
        let severity = if t.to.refuses_calls() { Severity::Warning } else { Severity::Info };
        let name = self.breaker_name(caller, k);
        if t.to == BreakerState::Open {
            // A breaker opening names the service it protects: it detects and diagnoses
            // the service's open incidents (see `incident`).
            let service = self.services[self.guarded_service(caller, k)].name.clone();
            self.incidents.breaker_opened(&service, &name, self.now);
        }
        self.log.push(self.now, severity, name, LogText::BreakerTransition { from: t.from, to: t.to, cause: t.cause });
        self.arm_breaker_wake(caller, k);
    }

    /// (Re)schedules an OPEN breaker's automatic transition (after a transition, or after
    /// its timing changed live).
    pub(super) fn arm_breaker_wake(&mut self, caller: CallerName, k: GuardId) {
        let Some(breaker) = self.breaker_of(caller, k) else { return };
        let Some(at) = breaker.wake_at() else { return };
        let generation = breaker.generation();
        let event = match caller {
            CallerName::Group(group) => Event::BreakerWake { group, guard: k, generation },
            CallerName::Service(service) => Event::HopBreakerWake { service, guard: k, generation },
            CallerName::Client(client) => Event::RequestBreakerWake { client, guard: k, generation },
        };
        // Never in the past: `open_for` shortened live may already be over.
        self.queue.schedule(at.max(self.now), event);
    }

    pub(super) fn on_breaker_wake(&mut self, caller: CallerName, k: GuardId, generation: u32) {
        let now = self.now;
        let Some(breaker) = self.breaker_mut(caller, k) else { return };
        if breaker.generation() != generation {
            return;
        }
        if let Some(t) = breaker.on_wake(now) {
            self.breaker_transitioned(caller, k, t);
        }
    }
}
