//! Services: downstream dependencies with latency, error classes and a concurrency capacity.

use super::rng::Stream;
use super::sample::DurationSampler;
use crate::scenario::{ErrorClass, Errors};
use crate::time::SimTime;
use rand::RngExt;
use std::collections::VecDeque;

/// Calls waiting beyond this are refused at once as a transient error ("503"), so a
/// retry storm cannot grow the service queue without bound.
pub const MAX_WAITING_CALLS: usize = 1_000_000;

/// Runtime state of one service.
#[derive(Clone, Debug)]
pub struct Service {
    pub name: String,
    pub latency: DurationSampler,
    pub errors: Errors,
    /// Calls served at once; `u32::MAX` when unlimited.
    pub capacity: u32,
    pub rng: Stream,
    /// Calls being served now.
    pub active: u32,
    /// Calls queued inside the service, oldest first.
    pub waiting: VecDeque<u32>,
    calls: Vec<Call>,
    free_calls: Vec<u32>,
    pub stats: ServiceStats,
}

/// A call in progress: who asked, so the answer can find its way back.
#[derive(Clone, Copy, Debug, Default)]
pub struct Call {
    pub group: u32,
    pub job: u32,
    pub generation: u32,
    pub issued_at: SimTime,
}

/// Counters for reporting. Errors are indexed by [`ErrorClass`] order.
#[derive(Clone, Debug, Default)]
pub struct ServiceStats {
    /// Calls that reached the service (served, whether or not the caller still waited).
    pub calls: u64,
    pub errors: [u64; ErrorClass::ALL.len()],
    /// Calls refused because the waiting queue was at its bound.
    pub refused: u64,
    pub interval_calls: u64,
    pub interval_errors: u64,
}

pub fn class_index(class: ErrorClass) -> usize {
    class.index()
}

impl Service {
    pub fn new(spec: &crate::scenario::Service, rng: Stream) -> Service {
        Service {
            name: spec.name.clone(),
            latency: DurationSampler::new(&spec.latency),
            errors: spec.errors,
            capacity: spec.capacity.unwrap_or(u32::MAX).max(1),
            rng,
            active: 0,
            waiting: VecDeque::new(),
            calls: Vec::new(),
            free_calls: Vec::new(),
            stats: ServiceStats::default(),
        }
    }

    pub fn allocate_call(&mut self, call: Call) -> u32 {
        match self.free_calls.pop() {
            Some(id) => {
                self.calls[id as usize] = call;
                id
            }
            None => {
                self.calls.push(call);
                (self.calls.len() - 1) as u32
            }
        }
    }

    pub fn release_call(&mut self, id: u32) -> Call {
        self.free_calls.push(id);
        self.calls[id as usize]
    }

    pub fn has_room(&self) -> bool {
        self.active < self.capacity
    }

    /// Draws the outcome of one served call: `None` for success.
    pub fn draw_outcome(&mut self) -> Option<ErrorClass> {
        let u: f64 = self.rng.random();
        let e = self.errors;
        if u < e.transient {
            Some(ErrorClass::Transient)
        } else if u < e.transient + e.business {
            Some(ErrorClass::Business)
        } else if u < e.transient + e.business + e.fatal {
            Some(ErrorClass::Fatal)
        } else {
            None
        }
    }
}
