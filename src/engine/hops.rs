//! A service's own calls to the services it depends on (a call chain): while it serves a
//! call, after its own work, it calls each of its `calls` in order, each with its client
//! policy — a timeout per attempt and a retry policy — holding its capacity slot all the
//! while. A downstream failure that outlives the retries answers the call upstream with an
//! error (business and fatal errors keep their class; timeouts, refusals and transient
//! errors become transient, a 503 from this service's point of view). So retries multiply
//! across layers: three layers of three attempts send 27 calls to the bottom.

use super::ids::{CallId, ServiceId, TiVec};
use super::rng::{Stream, StreamOf, unseeded};
use crate::scenario::{ErrorClass, Retry};
use crate::time::SimDuration;

/// The downstream calls of one service and the state of each of its calls' chains.
#[derive(Clone, Debug)]
pub struct Downstream {
    /// The services called, in order (empty: the service answers after its own work).
    pub services: Vec<ServiceId>,
    pub timeout: Option<SimDuration>,
    pub retry: Retry,
    /// Jitter draws of its retries: its own stream.
    pub rng: Stream,
    /// By call slot of the service.
    hops: TiVec<CallId, Hop>,
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
}

impl Default for Downstream {
    fn default() -> Self {
        Downstream { services: Vec::new(), timeout: None, retry: Retry::none(), rng: unseeded(), hops: TiVec::new() }
    }
}

impl Downstream {
    /// Calls to `services` in order, `timeout` per attempt, retried by `retry`; its stream
    /// is set by `for_each_stream`.
    pub fn new(services: Vec<ServiceId>, timeout: Option<SimDuration>, retry: &Retry) -> Downstream {
        Downstream { services, timeout, retry: super::retry::engine_retry(retry), ..Downstream::default() }
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

    /// Call slot `c` starts a new chain (a new call occupies it): stage 0, no attempts.
    /// The generation goes on from the slot's last.
    pub fn restart(&mut self, c: CallId) {
        let hop = self.hop(c);
        *hop = Hop { generation: hop.generation, ..Hop::default() };
    }

    /// A new attempt of `c`'s current stage: the service to call and the attempt's
    /// generation.
    pub fn begin_attempt(&mut self, c: CallId) -> (ServiceId, u32) {
        let stage = usize::from(self.hop(c).stage);
        let service = self.services[stage];
        let hop = self.hop(c);
        hop.generation = hop.generation.wrapping_add(1);
        hop.calling = true;
        (service, hop.generation)
    }

    /// Call slot `c` is released (answered or cut short): whatever its chain had pending
    /// is stale from now on.
    pub fn release(&mut self, c: CallId) {
        if usize::from(c) < self.hops.len() {
            let hop = &mut self.hops[c];
            hop.generation = hop.generation.wrapping_add(1);
            hop.calling = false;
        }
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
