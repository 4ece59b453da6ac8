//! A run stopped at a resource limit: when, and which limit.
//!
//! Validation bounds everything that can be known before a run (`scenario::limits`). What a
//! run holds depends on what it does — a topic without a bound filling faster than
//! anything drains it — so that limit is checked as the run goes. At the limit the model
//! freezes: no further event is handled, the clock still runs on to whatever time a
//! caller asks for (so every driver's loop ends as usual), and every output says the run
//! stopped, where and why. Nothing is lost: the messages held stay counted as in the system.

use crate::time::SimTime;
use serde::{Deserialize, Serialize};

/// Why and when a run stopped before its end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Halt {
    /// The virtual time of the last event handled.
    pub at: SimTime,
    pub reason: HaltReason,
}

/// The limit a run reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HaltReason {
    /// The system held `limit` ([`MAX_MESSAGES_HELD`](crate::scenario::limits::MAX_MESSAGES_HELD)) messages or more (in flight,
    /// queued, buffered, waiting to retry or kept as dead letters).
    MessagesHeld { held: u64, limit: u64 },
}

impl std::fmt::Display for Halt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.reason {
            HaltReason::MessagesHeld { held, limit } => write!(
                f,
                "the run stopped at {}: the system holds {held} messages, faultline's limit is {limit} (a topic with a large capacity filling faster than it drains? lower its capacity, add an overflow policy, or consume faster)",
                crate::time::SimDuration(self.at.0)
            ),
        }
    }
}
