//! The call guards of one caller: a circuit breaker and a bulkhead per distinct service
//! it calls, as Resilience4j keys its instances by name (one `CircuitBreaker` and one
//! `Bulkhead` per backend, shared by every call site that calls it). A consumer group's
//! handler, a service calling downstream and a synchronous client each own one
//! `CallGuards`; waiters are identified by the caller's own index `W` (a job, a call slot,
//! a request slot).
//!
//! The guards of a caller that configures neither policy are empty, so its unguarded calls
//! pay one length check.

use super::breaker::{Cause, Notice, Verdict};
use super::{Breaker, BreakerState, Bulkhead};
use crate::engine::ids::{GuardId, JobId, ServiceId, TiVec};
use crate::scenario::{Bulkhead as BulkheadSpec, CircuitBreaker, ErrorClass};
use crate::time::SimTime;

/// The policies guarding a caller's calls to one service.
#[derive(Clone, Debug)]
pub struct CallGuard<W = JobId> {
    pub service: ServiceId,
    pub breaker: Option<Breaker>,
    pub bulkhead: Option<Bulkhead<W>>,
}

/// How a guarded call ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CallEnd {
    /// Its caller has `outcome` (`None`: success) at `now`; the call began at `since`.
    Answered { outcome: Option<ErrorClass>, since: SimTime, now: SimTime },
    /// Cut short (its caller's instance or its replica went away): nothing is recorded.
    Abandoned,
}

impl<W: Copy + PartialEq> CallGuard<W> {
    /// The call of `waiter` ended; `entered`: it held a bulkhead slot (else it was waiting
    /// for one). The breaker records an answer (or, for an ignored outcome or an abandoned
    /// call, takes its permit back — a waiting call holds one too); the bulkhead frees the
    /// slot, returning the waiter that takes it over, or forgets the waiter (counting a
    /// `BulkheadFull` answer as its rejection). Returns what the breaker has to say and
    /// the waiter whose call goes out now.
    pub fn call_ended(&mut self, waiter: W, entered: bool, end: CallEnd) -> (Option<Notice>, Option<W>) {
        let notice = match (&mut self.breaker, end) {
            (Some(breaker), CallEnd::Answered { outcome, since, now }) => match breaker.classify(outcome) {
                Verdict::Ignored => {
                    breaker.release();
                    None
                }
                verdict => breaker.record(now, now - since, verdict == Verdict::Failure),
            },
            (Some(breaker), CallEnd::Abandoned) => {
                breaker.release();
                None
            }
            (None, _) => None,
        };
        let next = match &mut self.bulkhead {
            Some(bulkhead) if entered => bulkhead.leave(),
            Some(bulkhead) => {
                let rejected = matches!(end, CallEnd::Answered { outcome: Some(ErrorClass::BulkheadFull), .. });
                bulkhead.give_up_waiting(waiter, rejected);
                None
            }
            None => None,
        };
        (notice, next)
    }
}

/// A caller's guards, one per distinct service it calls, and which guard each of its
/// call stages goes through.
#[derive(Clone, Debug)]
pub struct CallGuards<W = JobId> {
    guards: TiVec<GuardId, CallGuard<W>>,
    stage_guard: Vec<GuardId>,
}

impl<W> Default for CallGuards<W> {
    fn default() -> Self {
        CallGuards { guards: TiVec::new(), stage_guard: Vec::new() }
    }
}

/// What a live change of the guards left for the simulation to do.
#[derive(Clone, Debug)]
pub struct GuardChange<W = JobId> {
    /// Breaker transitions and METRICS_ONLY notices to log, by guard.
    pub notices: Vec<(GuardId, Notice)>,
    /// Guards whose breaker is new: they need history series.
    pub new_breakers: Vec<GuardId>,
    /// Guards whose breaker may have a new automatic-transition time.
    pub rearm: Vec<GuardId>,
    /// Callers that were waiting for a bulkhead slot and may call now (slots added, or the
    /// bulkhead removed).
    pub granted: Vec<W>,
}

impl<W> Default for GuardChange<W> {
    fn default() -> Self {
        GuardChange { notices: Vec::new(), new_breakers: Vec::new(), rearm: Vec::new(), granted: Vec::new() }
    }
}

impl<W: Copy + PartialEq> CallGuards<W> {
    /// The guards of calls to `calls` (in stage order) under `breaker` and `bulkhead`:
    /// empty when neither is configured.
    pub fn new(calls: &[ServiceId], breaker: Option<&CircuitBreaker>, bulkhead: Option<BulkheadSpec>) -> Self {
        if breaker.is_none() && bulkhead.is_none() {
            return CallGuards::default();
        }
        let mut guards = CallGuards::unarmed(calls);
        for guard in &mut guards.guards {
            guard.breaker = breaker.map(|b| Breaker::new(b, SimTime::ZERO));
            guard.bulkhead = bulkhead.map(|b| Bulkhead::new(b.max_concurrent, b.max_wait));
        }
        guards
    }

    /// Guards without policies, one per distinct service in `calls`.
    fn unarmed(calls: &[ServiceId]) -> Self {
        let mut guards: TiVec<GuardId, CallGuard<W>> = TiVec::new();
        let mut stage_guard = Vec::with_capacity(calls.len());
        for &service in calls {
            let index = match guards.iter_enumerated().find(|(_, g)| g.service == service) {
                Some((k, _)) => k,
                None => guards.push_and_get_key(CallGuard { service, breaker: None, bulkhead: None }),
            };
            stage_guard.push(index);
        }
        CallGuards { guards, stage_guard }
    }

    /// No call is guarded.
    pub fn is_empty(&self) -> bool {
        self.guards.is_empty()
    }

    /// The guard of the call at `stage`, if the caller guards its calls.
    pub fn of_stage(&self, stage: u32) -> Option<GuardId> {
        self.stage_guard.get(stage as usize).copied()
    }

    /// The guard of calls to `service` that has a breaker.
    pub fn breaker_to(&self, service: ServiceId) -> Option<GuardId> {
        self.guards.position(|guard| guard.service == service && guard.breaker.is_some())
    }

    /// Counters restart (a warm-up reset); breakers keep their state and window.
    pub fn reset_statistics(&mut self, now: SimTime) {
        for guard in &mut self.guards {
            if let Some(b) = &mut guard.breaker {
                b.reset_statistics(now);
            }
            if let Some(b) = &mut guard.bulkhead {
                b.stats = Default::default();
            }
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &CallGuard<W>> {
        self.guards.iter()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut CallGuard<W>> {
        self.guards.iter_mut()
    }

    pub fn iter_enumerated(&self) -> impl Iterator<Item = (GuardId, &CallGuard<W>)> {
        self.guards.iter_enumerated()
    }

    /// Breakers and bulkheads after a live change from `old` to `new` policies, for calls
    /// to `calls`; `in_progress(service)` counts the caller's calls to `service` in
    /// progress now. A breaker keeps its state and what its window holds (see
    /// `Breaker::reconfigure`); a breaker removed from the spec is kept DISABLED (it
    /// permits everything and records nothing, and its history series go on), and one set
    /// again is CLOSED with a fresh window. A bulkhead added now counts the calls already
    /// in progress as holding its slots, so every later release is exact; one removed lets
    /// its waiting calls through.
    pub fn reconfigure(
        &mut self,
        calls: &[ServiceId],
        (old_breaker, new_breaker): (Option<&CircuitBreaker>, Option<&CircuitBreaker>),
        new_bulkhead: Option<BulkheadSpec>,
        in_progress: impl Fn(ServiceId) -> u32,
        now: SimTime,
    ) -> GuardChange<W> {
        let mut change = GuardChange::default();
        if self.is_empty() {
            if new_breaker.is_none() && new_bulkhead.is_none() {
                return change;
            }
            *self = CallGuards::unarmed(calls);
        }
        for k in self.guards.keys() {
            let guard = &mut self.guards[k];
            match (&mut guard.breaker, new_breaker) {
                (None, Some(spec)) => {
                    guard.breaker = Some(Breaker::new(spec, now));
                    change.new_breakers.push(k);
                }
                (Some(breaker), Some(spec)) if old_breaker != Some(spec) => {
                    change.notices.extend(breaker.reconfigure(spec, now).map(|n| (k, n)));
                    if old_breaker.is_none() {
                        let restored = breaker.transition_with(now, BreakerState::Closed, Cause::Restored);
                        change.notices.extend(restored.map(|t| (k, Notice::Transition(t))));
                    }
                    change.rearm.push(k);
                }
                (Some(breaker), None) if old_breaker.is_some() => {
                    let removed = breaker.transition_with(now, BreakerState::Disabled, Cause::Removed);
                    change.notices.extend(removed.map(|t| (k, Notice::Transition(t))));
                }
                _ => {}
            }
            match (&mut guard.bulkhead, new_bulkhead) {
                (None, Some(spec)) => {
                    let active = in_progress(guard.service);
                    guard.bulkhead = Some(Bulkhead::with_active(spec.max_concurrent, spec.max_wait, active));
                }
                (Some(bulkhead), Some(spec)) => {
                    change.granted.extend(bulkhead.reconfigure(spec.max_concurrent, spec.max_wait));
                }
                (Some(bulkhead), None) => {
                    change.granted.extend(bulkhead.drain_waiters());
                    guard.bulkhead = None;
                }
                (None, None) => {}
            }
        }
        if self.guards.iter().all(|g| g.breaker.is_none() && g.bulkhead.is_none()) {
            // Nothing guards the calls any more: unguarded calls pay one length check.
            *self = CallGuards::default();
        }
        change
    }
}

impl<W> std::ops::Index<GuardId> for CallGuards<W> {
    type Output = CallGuard<W>;
    fn index(&self, k: GuardId) -> &CallGuard<W> {
        &self.guards[k]
    }
}

impl<W> std::ops::IndexMut<GuardId> for CallGuards<W> {
    fn index_mut(&mut self, k: GuardId) -> &mut CallGuard<W> {
        &mut self.guards[k]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SimDuration;

    #[test]
    fn one_guard_per_distinct_service_shared_by_the_stages_that_call_it() {
        let (a, b) = (ServiceId::new(0), ServiceId::new(1));
        let spec = BulkheadSpec { max_concurrent: 2, max_wait: SimDuration::ZERO };
        let guards: CallGuards = CallGuards::new(&[a, b, a], None, Some(spec));
        assert_eq!(guards.iter().count(), 2);
        assert_eq!(
            [guards.of_stage(0), guards.of_stage(1), guards.of_stage(2)],
            [Some(GuardId::new(0)), Some(GuardId::new(1)), Some(GuardId::new(0))]
        );
        assert!(CallGuards::<JobId>::new(&[a, b], None, None).is_empty(), "no policy, no guards");
    }

    #[test]
    fn removing_every_policy_live_empties_the_guards_and_frees_the_waiters() {
        let a = ServiceId::new(0);
        let spec = BulkheadSpec { max_concurrent: 1, max_wait: SimDuration::from_millis(10) };
        let mut guards: CallGuards<u32> = CallGuards::new(&[a], None, Some(spec));
        let k = GuardId::new(0);
        let Some(bulkhead) = guards[k].bulkhead.as_mut() else { panic!("a bulkhead") };
        bulkhead.try_enter(7);
        bulkhead.try_enter(8);
        let change = guards.reconfigure(&[a], (None, None), None, |_| 0, SimTime::ZERO);
        assert_eq!(change.granted, [8], "the waiter goes on unguarded");
        assert!(guards.is_empty());
        // Added again while three calls are in progress: they hold its slots.
        let change = guards.reconfigure(&[a], (None, None), Some(spec), |_| 3, SimTime::ZERO);
        assert!(change.granted.is_empty());
        assert_eq!(guards[k].bulkhead.as_ref().map(|b| b.active()), Some(3));
    }
}
