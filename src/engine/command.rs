//! Commands: changes applied to a running simulation at its current virtual time.
//!
//! Serde-serialisable so a session (scenario + seed + timed commands) can be saved and
//! replayed exactly.

use crate::scenario::{Distribution, Errors, FaultKind};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};

/// A live change to the model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// New mean rate for a Constant, Poisson or Bursty producer.
    SetArrivalRate { producer: String, per_second: f64 },
    /// Workers per instance of a consumer group.
    SetConcurrency { group: String, concurrency: u32 },
    /// Error probabilities of a service.
    SetServiceErrors { service: String, errors: Errors },
    /// Latency distribution of a service.
    SetServiceLatency { service: String, latency: Distribution },
    /// A fault on a component now (the GUI's crash, slow ×N, error rate, partition and
    /// poison buttons): `target` as in a scenario's faults; `duration` is how long the
    /// cause persists, `None` until cleared.
    InjectFault { target: String, kind: FaultKind, duration: Option<SimDuration> },
    /// "Recover now": ends every fault in effect on the target (on a group, on its
    /// instances too), repairs a stochastic failure, and starts a crashed consumer
    /// instance at once (an operator's restart; the crash-loop back-off starts over).
    RecoverNow { target: String },
    /// Sets a consumer group's instance count (an autoscaler may change it again).
    ScaleGroup { group: String, instances: u32 },
}

/// A command with the moment it was applied: the virtual time and how many events had
/// been handled. Time alone is not exact — after a single step, other events of the same
/// nanosecond may still be pending — so replay stops at the same event count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimedCommand {
    pub at: SimTime,
    pub after_events: u64,
    pub command: Command,
}

/// Most commands one run records (the log must be kept whole for exact replay); beyond
/// it a command is refused with `CommandError::LogFull`.
pub const MAX_COMMANDS: usize = 100_000;

/// Why a command could not be applied.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CommandError {
    #[error("no {kind} named `{name}`")]
    UnknownComponent { kind: &'static str, name: String },
    #[error("invalid value: {0}")]
    InvalidValue(String),
    #[error("{0}")]
    Unsupported(String),
    #[error("the command log is full ({MAX_COMMANDS} commands); save the session and start a new one")]
    LogFull,
    #[error("cannot replay a command at {at} (after {after_events} events): the run is already past it")]
    ReplayPast { at: SimTime, after_events: u64 },
}
