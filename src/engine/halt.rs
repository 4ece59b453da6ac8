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
    /// The run held `limit` ([`MAX_MESSAGES_HELD`](crate::scenario::limits::MAX_MESSAGES_HELD))
    /// messages or more.
    MessagesHeld { held: MessagesHeld, limit: u64 },
}

/// The messages a run keeps in memory, by why it keeps them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessagesHeld {
    /// Not finished: at producers, in topics, buffered or handled by consumers, waiting out
    /// a retry, orphaned by a crash (the ledger's `in_system`).
    pub in_system: u64,
    /// Finished as dead letters, kept in dead-letter topics and parking lots for redrive.
    pub dead_letters: u64,
    /// Processed, and kept by their instance until the offset commit that confirms them
    /// (a crash before it redelivers them as duplicates).
    pub awaiting_commit: u64,
}

impl MessagesHeld {
    pub fn total(&self) -> u64 {
        self.in_system + self.dead_letters + self.awaiting_commit
    }
}

impl std::fmt::Display for Halt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.reason {
            HaltReason::MessagesHeld { held, limit } => write!(
                f,
                "the run stopped at {}: it holds {} messages ({} in the system, {} dead letters kept for redrive, {} processed awaiting an offset commit), faultline's limit is {limit} (a topic with a large capacity filling faster than it drains, or a long commit_interval at a high rate? lower the capacity, add an overflow policy, consume faster or commit more often)",
                crate::time::SimDuration(self.at.0),
                held.total(),
                held.in_system,
                held.dead_letters,
                held.awaiting_commit
            ),
        }
    }
}
