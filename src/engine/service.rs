//! Services: downstream dependencies with latency, error classes and a concurrency capacity.

use super::ids::{CallId, GroupId, JobId, TiVec, UnitId};
use super::rng::{Stream, StreamOf, unseeded};
use super::sample::DurationSampler;
use crate::scenario::{ErrorClass, Errors};
use crate::time::{SimDuration, SimTime};
use rand::RngExt;
use std::collections::VecDeque;

/// Calls waiting beyond this are refused at once as a transient error ("503"), so a
/// retry storm cannot grow the service queue without bound.
pub const MAX_WAITING_CALLS: usize = 1_000_000;

/// Runtime state of one service.
#[derive(Clone, Debug)]
pub struct Service {
    pub(in crate::engine) name: String,
    latency: DurationSampler,
    errors: Errors,
    /// Calls served at once; `u32::MAX` when unlimited.
    capacity: u32,
    rng: Stream,
    /// Calls being served now.
    active: u32,
    /// Calls queued inside the service, oldest first.
    waiting: VecDeque<CallId>,
    calls: TiVec<CallId, Call>,
    free_calls: Vec<CallId>,
    pub(in crate::engine) stats: ServiceStats,
    /// Unreachable: crashed, cut off by a network partition, or failed (stochastic).
    down: bool,
    /// Latency multiplier of active Slow faults (1 when none).
    slow_factor: f64,
    /// Extra transient-error probability of active ErrorRate faults (0 when none).
    fault_error_rate: f64,
    /// Draws for ErrorRate faults: its own stream, so the service's draws are unchanged.
    fault_rng: Stream,
    /// Index in the simulation's availability units.
    pub(in crate::engine) unit: UnitId,
    /// The open incident of the current outage.
    incident: Option<u64>,
}

/// What became of a call on arrival at the service (see [`Service::dispatch`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dispatch {
    /// Served now: the caller schedules its end with [`Service::start`].
    Start(CallId),
    /// Queued inside the service until a call ends.
    Queued,
    /// Down or cut off: "connection refused", the caller learns at once.
    Unreachable,
    /// The waiting queue is at its bound: refused at the door, as an overloaded server
    /// answers 503.
    Refused,
}

/// A served call that ended (see [`Service::finish`]).
#[derive(Clone, Copy, Debug)]
pub struct Finished {
    pub call: Call,
    /// `None`: success.
    pub outcome: Option<ErrorClass>,
    /// The waiting call that takes the freed place, to be started by the caller.
    pub next: Option<CallId>,
}

/// A call in progress: who asked, so the answer can find its way back.
#[derive(Clone, Copy, Debug, Default)]
pub struct Call {
    pub group: GroupId,
    pub job: JobId,
    pub generation: u32,
    pub issued_at: SimTime,
    /// Bumped whenever the slot is released, so a completion scheduled for an earlier
    /// occupant (a call cut short by a crash) is recognised and ignored.
    pub epoch: u32,
    pub live: bool,
}

/// Counters for reporting. Errors are indexed by [`ErrorClass`] order.
#[derive(Clone, Debug, Default)]
pub struct ServiceStats {
    /// Calls that reached the service (served, whether or not the caller still waited).
    pub calls: u64,
    pub errors: [u64; ErrorClass::ALL.len()],
    /// Calls refused because the waiting queue was at its bound.
    pub refused: u64,
    /// Calls that failed fast because the service was unreachable ("connection refused").
    pub unreachable: u64,
    /// Calls in progress (served or waiting) cut short when the service went down.
    pub interrupted: u64,
    pub interval_calls: u64,
    pub interval_errors: u64,
}

pub fn class_index(class: ErrorClass) -> usize {
    class.index()
}

impl Service {
    /// A service as `spec` describes it; its streams are set by `for_each_stream`.
    pub fn new(spec: &crate::scenario::Service) -> Service {
        Service {
            name: spec.name.clone(),
            latency: DurationSampler::new(&spec.latency),
            errors: spec.errors,
            capacity: spec.capacity.unwrap_or(u32::MAX).max(1),
            rng: unseeded(),
            active: 0,
            waiting: VecDeque::new(),
            calls: TiVec::new(),
            free_calls: Vec::new(),
            stats: ServiceStats::default(),
            down: false,
            slow_factor: 1.0,
            fault_error_rate: 0.0,
            fault_rng: unseeded(),
            unit: UnitId::default(),
            incident: None,
        }
    }

    /// Visits the service's random streams with their names.
    pub fn for_each_stream(&mut self, visit: &mut dyn FnMut(StreamOf<'_>, &mut Stream)) {
        visit(StreamOf::Service(&self.name), &mut self.rng);
        visit(StreamOf::ServiceFaults(&self.name), &mut self.fault_rng);
    }

    /// A live change of the spec: latency and errors apply to calls served from now on
    /// (calls being served keep their drawn latency), capacity at once. A capacity lowered
    /// below the calls being served lets them finish and queues new ones until enough
    /// have. Returns whether queued calls may start now (the capacity was raised).
    pub fn reconfigure(&mut self, old: &crate::scenario::Service, new: &crate::scenario::Service) -> bool {
        if old.latency != new.latency {
            self.latency = DurationSampler::new(&new.latency);
        }
        self.errors = new.errors;
        let capacity = new.capacity.unwrap_or(u32::MAX).max(1);
        let raised = capacity > self.capacity;
        self.capacity = capacity;
        raised
    }

    /// Unreachable now (crashed, cut off or failed).
    pub fn is_down(&self) -> bool {
        self.down
    }

    /// Calls being served now.
    pub fn active(&self) -> u32 {
        self.active
    }

    /// Calls queued inside the service.
    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }

    /// Calls served at once; `None` when unlimited.
    pub fn capacity(&self) -> Option<u32> {
        (self.capacity != u32::MAX).then_some(self.capacity)
    }

    /// Latency multiplier of the Slow faults in effect (1 when none).
    pub fn slow_factor(&self) -> f64 {
        self.slow_factor
    }

    /// Extra transient-error probability of the ErrorRate faults in effect (0 when none).
    pub fn fault_error_rate(&self) -> f64 {
        self.fault_error_rate
    }

    /// The Slow and ErrorRate faults in effect changed: calls started from now on are
    /// `slow_factor` times slower and fail with `error_rate` more.
    pub fn degrade(&mut self, slow_factor: f64, error_rate: f64) {
        self.slow_factor = slow_factor;
        self.fault_error_rate = error_rate;
    }

    /// It becomes unreachable (crash, partition, failure) in outage `incident`: every call
    /// in progress (served or waiting) is released, counted as interrupted and returned
    /// in slot order, for their callers to get an error now.
    pub fn go_down(&mut self, incident: u64) -> Vec<Call> {
        self.down = true;
        self.incident = Some(incident);
        let dropped = self.drop_all_calls();
        self.stats.interrupted += dropped.len() as u64;
        dropped
    }

    /// It is reachable again; returns the incident of the outage that ended.
    pub fn come_up(&mut self) -> Option<u64> {
        self.down = false;
        self.incident.take()
    }

    /// A call arrives: served now, queued inside, or refused (down, or queue at its bound).
    pub fn dispatch(&mut self, call: Call) -> Dispatch {
        if self.down {
            self.stats.unreachable += 1;
            return Dispatch::Unreachable;
        }
        if !self.has_room() && self.waiting.len() >= MAX_WAITING_CALLS {
            self.stats.refused += 1;
            return Dispatch::Refused;
        }
        let id = self.allocate_call(call);
        if self.has_room() {
            Dispatch::Start(id)
        } else {
            self.waiting.push_back(id);
            Dispatch::Queued
        }
    }

    /// Serving of call `id` starts: returns how long it takes (its drawn latency, slowed
    /// by Slow faults) and the epoch its completion must carry.
    pub fn start(&mut self, id: CallId) -> (SimDuration, u32) {
        self.active += 1;
        let mut latency = self.latency.sample(&mut self.rng);
        if self.slow_factor != 1.0 {
            latency = latency.mul_f64(self.slow_factor);
        }
        (latency, self.calls[id].epoch)
    }

    /// Call `id` is served: its outcome is drawn and counted, and the oldest waiting call
    /// takes its place. `None` when the completion is for an earlier occupant of the slot
    /// (a call cut short when the service went down; its caller already knows).
    pub fn finish(&mut self, id: CallId, epoch: u32) -> Option<Finished> {
        if self.calls[id].epoch != epoch {
            return None;
        }
        self.active -= 1;
        let call = self.release_call(id);
        let outcome = self.draw_outcome();
        self.stats.calls += 1;
        self.stats.interval_calls += 1;
        if let Some(class) = outcome {
            self.stats.errors[class_index(class)] += 1;
            self.stats.interval_errors += 1;
        }
        Some(Finished { call, outcome, next: self.waiting.pop_front() })
    }

    /// A waiting call that may start now (after the capacity was raised).
    pub fn next_startable(&mut self) -> Option<CallId> {
        if self.has_room() { self.waiting.pop_front() } else { None }
    }

    /// Calls served or waiting.
    pub fn busy(&self) -> usize {
        self.active as usize + self.waiting.len()
    }

    fn allocate_call(&mut self, call: Call) -> CallId {
        match self.free_calls.pop() {
            Some(id) => {
                let epoch = self.calls[id].epoch;
                self.calls[id] = Call { epoch, live: true, ..call };
                id
            }
            None => self.calls.push_and_get_key(Call { epoch: 0, live: true, ..call }),
        }
    }

    fn release_call(&mut self, id: CallId) -> Call {
        self.free_calls.push(id);
        let call = &mut self.calls[id];
        let released = *call;
        call.epoch = call.epoch.wrapping_add(1);
        call.live = false;
        released
    }

    /// Releases every call in progress (served or waiting), in slot order, and returns
    /// them: the service went down and their callers get an error now.
    fn drop_all_calls(&mut self) -> Vec<Call> {
        let live: Vec<CallId> = self.calls.iter_enumerated().filter(|(_, c)| c.live).map(|(id, _)| id).collect();
        let dropped = live.into_iter().map(|id| self.release_call(id)).collect();
        self.active = 0;
        self.waiting.clear();
        dropped
    }

    fn has_room(&self) -> bool {
        self.active < self.capacity
    }

    /// Draws the outcome of one served call: `None` for success. The service's own draw
    /// always happens (common random numbers); an ErrorRate fault then turns a success
    /// into a transient error with its probability, from the fault stream.
    fn draw_outcome(&mut self) -> Option<ErrorClass> {
        let u: f64 = self.rng.random();
        let e = self.errors;
        let outcome = if u < e.transient {
            Some(ErrorClass::Transient)
        } else if u < e.transient + e.business {
            Some(ErrorClass::Business)
        } else if u < e.transient + e.business + e.fatal {
            Some(ErrorClass::Fatal)
        } else {
            None
        };
        if outcome.is_none() && self.fault_error_rate > 0.0 && self.fault_rng.random::<f64>() < self.fault_error_rate {
            return Some(ErrorClass::Transient);
        }
        outcome
    }
}
