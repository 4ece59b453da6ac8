//! A service's own calls to the services it depends on (a call chain): while it serves a
//! call, after its own work, it calls each of its `calls` in order, each with its client
//! policy — a timeout per attempt and a retry policy — holding its capacity slot all the
//! while. A downstream failure that outlives the retries answers the call upstream with an
//! error (business and fatal errors keep their class; timeouts, refusals and transient
//! errors become transient, a 503 from this service's point of view). So retries multiply
//! across layers: three layers of three attempts send 27 calls to the bottom.
//!
//! The caller's breaker and bulkhead guard each attempt as they guard a consumer group's
//! calls (`policy::guards`), keyed by caller:callee: `payment-api:bank` opens on bank's
//! failures as `payment-api` sees them, whoever else calls bank.

use super::ids::{CallId, ServiceId, TiVec};
use super::policy::guards::{CallEnd, CallGuards, GuardChange};
use super::retry::BudgetWindow;
use super::rng::{Stream, StreamOf, unseeded};
use crate::scenario::{Bulkhead, CircuitBreaker, ErrorClass, Retry};
use crate::time::{SimDuration, SimTime};

/// The downstream calls of one service and the state of each of its calls' chains.
#[derive(Clone, Debug)]
pub struct Downstream {
    /// The services called, in order (empty: the service answers after its own work).
    pub services: Vec<ServiceId>,
    pub timeout: Option<SimDuration>,
    pub retry: Retry,
    /// Jitter draws of its retries: its own stream.
    pub rng: Stream,
    /// Its breakers and bulkheads, one of each per service called (waiters by slot).
    pub guards: CallGuards<CallId>,
    /// Slots handed a bulkhead slot by a call released without the simulation (its
    /// service went down): the simulation dispatches them (`take_granted`).
    granted: Vec<CallId>,
    /// By call slot of the service.
    hops: TiVec<CallId, Hop>,
    /// Its retry budget, when its retry policy has one.
    pub budget: Option<BudgetWindow>,
}

/// Where one call's chain is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hop {
    /// Index in `services` of the call in progress or next.
    pub stage: u16,
    /// Attempts of the current stage so far.
    pub attempts: u32,
    /// Bumped at every attempt and never reset (not even when the slot is reused), so a
    /// late answer, timeout or retry event of an earlier attempt is recognised.
    pub generation: u32,
    /// An attempt is in flight (not waiting out a back-off).
    pub calling: bool,
    /// The previous back-off, for decorrelated jitter.
    pub last_backoff_ns: u64,
    /// What the attempt in flight holds of its guards, and since when.
    pub held: Held,
    pub since: SimTime,
}

/// What an attempt holds of the guards of the service it calls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Held {
    /// Nothing: unguarded, refused by the breaker, or over.
    #[default]
    Nothing,
    /// A breaker permit (if there is a breaker); it waits for a bulkhead slot.
    Queued,
    /// A breaker permit and a bulkhead slot (each if configured): the call is out.
    Entered,
}

impl Default for Downstream {
    fn default() -> Self {
        Downstream {
            services: Vec::new(),
            timeout: None,
            retry: Retry::none(),
            rng: unseeded(),
            guards: CallGuards::default(),
            granted: Vec::new(),
            hops: TiVec::new(),
            budget: None,
        }
    }
}

impl Downstream {
    /// Calls to `services` in order, `timeout` per attempt, retried by `retry`, guarded by
    /// `breaker` and `bulkhead` (one of each per service called); its stream is set by
    /// `for_each_stream`.
    pub fn new(
        services: Vec<ServiceId>,
        timeout: Option<SimDuration>,
        retry: &Retry,
        breaker: Option<&CircuitBreaker>,
        bulkhead: Option<Bulkhead>,
    ) -> Downstream {
        let guards = CallGuards::new(&services, breaker, bulkhead);
        let budget = retry.budget.map(BudgetWindow::new);
        Downstream {
            services,
            timeout,
            retry: super::retry::engine_retry(retry),
            guards,
            budget,
            ..Downstream::default()
        }
    }

    /// Visits its random stream with its name.
    pub fn for_each_stream(&mut self, service: &str, visit: &mut dyn FnMut(StreamOf<'_>, &mut Stream)) {
        visit(StreamOf::ServiceRetry(service), &mut self.rng);
    }

    /// The chain of call slot `c`, created on first use.
    pub fn hop(&mut self, c: CallId) -> &mut Hop {
        if usize::from(c) >= self.hops.len() {
            self.hops.resize(usize::from(c) + 1, Hop::default());
        }
        &mut self.hops[c]
    }

    /// Whether a failed attempt with attempts left may be retried at `now`: always without
    /// a budget; with one, if its balance allows (the retry is then counted).
    pub fn budget_allows_retry(&mut self, now: SimTime) -> bool {
        self.budget.as_mut().is_none_or(|budget| budget.try_withdraw(now))
    }

    /// Call slot `c` starts a new chain (a new call occupies it): stage 0, no attempts.
    /// The generation goes on from the slot's last.
    pub fn restart(&mut self, c: CallId) {
        let hop = self.hop(c);
        *hop = Hop { generation: hop.generation, ..Hop::default() };
    }

    /// A new attempt of `c`'s current stage at `now`: its generation.
    pub fn begin_attempt(&mut self, c: CallId, now: SimTime) -> u32 {
        let hop = self.hop(c);
        hop.generation = hop.generation.wrapping_add(1);
        hop.calling = true;
        hop.since = now;
        let (generation, first) = (hop.generation, hop.attempts == 0);
        // A stage's first attempt is a request: it pays into the retry budget.
        if first && let Some(budget) = &mut self.budget {
            budget.deposit(now);
        }
        generation
    }

    /// Call slot `c` is released (answered or cut short): whatever its chain had pending
    /// is stale from now on. An attempt cut short reports no outcome to its breaker (the
    /// permit is handed back) and leaves its bulkhead, whose slot goes to the oldest
    /// waiter (see `take_granted`).
    pub fn release(&mut self, c: CallId) {
        if usize::from(c) >= self.hops.len() {
            return;
        }
        let hop = &mut self.hops[c];
        hop.generation = hop.generation.wrapping_add(1);
        hop.calling = false;
        let (held, stage) = (std::mem::take(&mut hop.held), hop.stage);
        if held == Held::Nothing {
            return;
        }
        let Some(k) = self.guards.of_stage(u32::from(stage)) else { return };
        let (_, next) = self.guards[k].call_ended(c, held == Held::Entered, CallEnd::Abandoned);
        if let Some(next) = next {
            self.hop(next).held = Held::Entered;
            self.granted.push(next);
        }
    }

    /// A live change of the client policy: `timeout` and `retry` apply to attempts issued
    /// from now on; the guards change as a group's (see `CallGuards::reconfigure`).
    /// Attempts in flight when guards appear hold a permit and a slot from now on (so
    /// their end is recorded and frees the slot); when the guards go, nothing is held.
    /// Returns what the simulation must do (waiters granted a slot go out).
    pub fn reconfigure(
        &mut self,
        timeout: Option<SimDuration>,
        retry: &Retry,
        breakers: (Option<&CircuitBreaker>, Option<&CircuitBreaker>),
        bulkhead: Option<Bulkhead>,
        now: SimTime,
    ) -> GuardChange<CallId> {
        self.timeout = timeout;
        self.retry = super::retry::engine_retry(retry);
        self.budget = match (self.budget.take(), retry.budget) {
            (Some(mut window), Some(spec)) => {
                window.set_spec(spec);
                Some(window)
            }
            (_, spec) => spec.map(BudgetWindow::new),
        };
        let was_guarded = !self.guards.is_empty();
        let (services, hops) = (&self.services, &self.hops);
        let in_progress = |service: ServiceId| {
            hops.iter().filter(|h| h.calling && services[usize::from(h.stage)] == service).count() as u32
        };
        let change = self.guards.reconfigure(&self.services, breakers, bulkhead, in_progress, now);
        let guarded = !self.guards.is_empty();
        if guarded != was_guarded {
            let held = if guarded { Held::Entered } else { Held::Nothing };
            for hop in self.hops.iter_mut().filter(|h| h.calling) {
                hop.held = held;
            }
        }
        for &w in &change.granted {
            self.hops[w].held = if guarded { Held::Entered } else { Held::Nothing };
        }
        change
    }

    /// Slots handed a bulkhead slot by `release` since the last call, still waiting for it.
    pub fn take_granted(&mut self) -> Vec<CallId> {
        let mut granted = std::mem::take(&mut self.granted);
        granted.retain(|&c| self.hops[c].calling && self.hops[c].held == Held::Entered);
        granted
    }

    /// Whether `c`'s attempt `generation` is the one in flight.
    pub fn awaits(&mut self, c: CallId, generation: u32) -> bool {
        let hop = self.hop(c);
        hop.calling && hop.generation == generation
    }

    /// Whether `c` waits out the back-off that ends with `generation`.
    pub fn retry_due(&mut self, c: CallId, generation: u32) -> bool {
        let hop = self.hop(c);
        !hop.calling && hop.generation == generation
    }
}

/// What a downstream failure that exhausted the retries answers upstream.
pub fn propagated(class: ErrorClass) -> ErrorClass {
    match class {
        ErrorClass::Business | ErrorClass::Fatal => class,
        ErrorClass::Transient | ErrorClass::Timeout | ErrorClass::CircuitOpen | ErrorClass::BulkheadFull => {
            ErrorClass::Transient
        }
    }
}
