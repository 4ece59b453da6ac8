//! Synchronous clients: callers that send requests and wait for the answer, with no broker
//! in between — the baseline a queue is compared with. A request calls the client's
//! services in order with its timeout per attempt and its retries (a call chain, see
//! `engine::hops`); it succeeds when every call did, and its latency is measured end to end.

use super::event_types::{EventMix, EventTypes};
use super::hops::Downstream;
use super::ids::{CallId, ServiceId, TiVec};
use super::message::EventTypeId;
use super::metrics::LatencyStats;
use super::rng::{Stream, StreamOf, unseeded};
use super::sample::ArrivalProcess;
use crate::scenario::ErrorClass;
use crate::time::SimTime;

/// Runtime state of one client.
#[derive(Clone, Debug)]
pub struct Client {
    pub(in crate::engine) name: String,
    pub(in crate::engine) arrivals: ArrivalProcess,
    /// Draws of arrival times.
    pub(in crate::engine) rng: Stream,
    pub(in crate::engine) arrival_generation: u32,
    event_mix: EventMix,
    events_rng: Stream,
    /// Its calls, client policy and each request's chain.
    pub(in crate::engine) downstream: Downstream,
    requests: TiVec<CallId, Request>,
    free: Vec<CallId>,
    pub(in crate::engine) stats: ClientStats,
}

/// A request in progress.
#[derive(Clone, Copy, Debug, Default)]
struct Request {
    started: SimTime,
    event_type: EventTypeId,
    key: u32,
    /// Bumped when the slot is freed, so an answer for an earlier request is ignored.
    epoch: u32,
    live: bool,
}

/// A client's counters since the statistics started.
#[derive(Clone, Debug)]
pub struct ClientStats {
    pub requests: u64,
    pub succeeded: u64,
    /// Failed requests by the class their last call failed with (after the client's
    /// retries), in `ErrorClass::ALL` order.
    pub failed: [u64; ErrorClass::ALL.len()],
    /// Request sent → answer, for every request answered (success or failure).
    pub latency: LatencyStats,
}

impl Default for ClientStats {
    fn default() -> Self {
        ClientStats { requests: 0, succeeded: 0, failed: [0; ErrorClass::ALL.len()], latency: LatencyStats::new() }
    }
}

impl Client {
    /// A client as `spec` describes it, calling `services`; its streams are set by
    /// `for_each_stream`.
    pub fn new(spec: &crate::scenario::Client, services: Vec<ServiceId>, types: &EventTypes) -> Client {
        let downstream =
            Downstream::new(services, spec.timeout, &spec.retry, spec.circuit_breaker.as_ref(), spec.bulkhead);
        Client {
            name: spec.name.clone(),
            arrivals: ArrivalProcess::new(spec.rate.clone()),
            rng: unseeded(),
            arrival_generation: 0,
            event_mix: EventMix::new(&spec.events, types),
            events_rng: unseeded(),
            downstream,
            requests: TiVec::new(),
            free: Vec::new(),
            stats: ClientStats::default(),
        }
    }

    /// Visits its random streams with their names.
    pub fn for_each_stream(&mut self, visit: &mut dyn FnMut(StreamOf<'_>, &mut Stream)) {
        visit(StreamOf::Client(&self.name), &mut self.rng);
        visit(StreamOf::ClientEvents(&self.name), &mut self.events_rng);
        visit(StreamOf::ClientRetry(&self.name), &mut self.downstream.rng);
        visit(StreamOf::ClientModulation(&self.name), self.arrivals.chain_stream_mut());
    }

    /// Its name in the scenario.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A new request at `now`: its slot, with a fresh chain. Its type is drawn and its key
    /// is its sequence number, unless the trace row it replays gives them (names in `types`).
    pub fn send(&mut self, now: SimTime, types: &EventTypes) -> CallId {
        let row = self.arrivals.replayed();
        let row_type = row.and_then(|row| row.event.as_deref()).map(|name| types.id(name));
        let key = row.and_then(|row| row.key).unwrap_or(self.stats.requests as u32);
        let event_type = match row_type {
            Some(event_type) => event_type,
            None => self.event_mix.draw(&mut self.events_rng),
        };
        let request = Request { started: now, event_type, key, epoch: 0, live: true };
        let slot = match self.free.pop() {
            Some(slot) => {
                let epoch = self.requests[slot].epoch;
                self.requests[slot] = Request { epoch, ..request };
                slot
            }
            None => self.requests.push_and_get_key(request),
        };
        self.stats.requests += 1;
        self.downstream.restart(slot);
        slot
    }

    /// Request `slot` has its answer at `now`: counted, its slot freed.
    pub fn answer(&mut self, slot: CallId, outcome: Option<ErrorClass>, now: SimTime) {
        let request = &mut self.requests[slot];
        self.stats.latency.record(now - request.started);
        match outcome {
            None => self.stats.succeeded += 1,
            Some(class) => self.stats.failed[class.index()] += 1,
        }
        request.live = false;
        request.epoch = request.epoch.wrapping_add(1);
        self.downstream.release(slot);
        self.free.push(slot);
    }

    /// The epoch of request slot `slot`.
    pub fn epoch_of(&self, slot: CallId) -> u32 {
        self.requests[slot].epoch
    }

    /// Whether request slot `slot` is still held by the request of `epoch`.
    pub fn request_live(&self, slot: CallId, epoch: u32) -> bool {
        self.requests.get(slot).is_some_and(|r| r.live && r.epoch == epoch)
    }

    /// The event type of request `slot` and its key (its sequence number: requests spread
    /// evenly over partitions when a service publishes them).
    pub fn subject(&self, slot: CallId) -> (EventTypeId, u32) {
        let request = &self.requests[slot];
        (request.event_type, request.key)
    }

    /// The priority class of a request of type `t`: the type's own (`events[].priority`),
    /// else 0, the lowest — a client has no priority of its own.
    pub fn priority_of(&self, t: EventTypeId) -> u8 {
        self.event_mix.priority(t).unwrap_or(0)
    }

    /// Requests waiting for their answer now.
    pub fn in_flight(&self) -> u64 {
        (self.requests.len() - self.free.len()) as u64
    }

    /// Statistics restart (a warm-up reset); requests in flight go on.
    pub fn reset_statistics(&mut self) {
        self.stats = ClientStats::default();
    }
}
