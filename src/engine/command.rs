//! Commands: changes applied to a running simulation at its current virtual time.
//!
//! Serde-serialisable so a session (scenario + seed + timed commands) can be saved and
//! replayed exactly.

use super::ledger::Reason;
use super::message::DeadLetter;
use super::policy::BreakerState;
use crate::scenario::{Distribution, Errors, FaultKind};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};

/// A live change to the model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Changes one parameter of the running scenario, as `faultline sweep --set` names it:
    /// `path` is dotted (`consumers.payments.retry.max_attempts`, list entries by name,
    /// enum variants stepped through), `value` is JSON where it is one (`2`, `0.3`, `true`,
    /// `null` for none, `{"Exponential":"30s"}`), a bare word otherwise (`250ms`, `Full`),
    /// or RON with brackets as in a scenario file (`Exponential("30s")`), as the lessons'
    /// questions write changes. The changed scenario is validated like a file; names and
    /// wiring cannot change (see `docs/whatif.md`).
    Set { path: String, value: String },
    /// New mean rate for a Constant, Poisson or Bursty producer (a `Set` of
    /// `producers.P.rate.per_second`).
    SetArrivalRate { producer: String, per_second: f64 },
    /// Workers per instance of a consumer group (a `Set` of `consumers.G.concurrency` that
    /// keeps the prefetch the group had).
    SetConcurrency { group: String, concurrency: u32 },
    /// Error probabilities of a service (a `Set` of `services.S.errors`).
    SetServiceErrors { service: String, errors: Errors },
    /// Latency distribution of a service (a `Set` of `services.S.latency`).
    SetServiceLatency { service: String, latency: Distribution },
    /// Re-derives every component's random stream from (`seed`, its name): the future
    /// draws anew, the state (queues, pending events, statistics) stays. Forked
    /// replications use it for independent futures from one state.
    Reseed { seed: u64 },
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
    /// Forces the state of the breaker guarding `group`'s calls to `service`
    /// (Resilience4j's `transitionTo…State`): DISABLED, FORCED_OPEN, METRICS_ONLY, or back
    /// to CLOSED, OPEN, HALF_OPEN.
    SetBreakerState { group: String, service: String, state: BreakerState },
    /// Republishes selected dead letters to the topic they came from. A message already
    /// dead-lettered more than `loop_guard` times is parked instead (moved to its group's
    /// parking lot, or left where it is if it has no group), so a poison message cannot
    /// loop forever.
    Redrive {
        from: DeadLetterStore,
        #[serde(default)]
        select: RedriveSelection,
        #[serde(default = "default_loop_guard")]
        loop_guard: u8,
    },
}

/// Where dead letters are kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeadLetterStore {
    /// A dead-letter topic, by name.
    Topic(String),
    /// A consumer group's parking lot (`on_exhausted: Park`), by group name.
    ParkingLot(String),
}

/// Which dead letters a redrive takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RedriveSelection {
    #[default]
    All,
    /// Those dead-lettered for this reason.
    Reason(Reason),
    /// Those dead-lettered between these virtual times, both included.
    Between { from: SimTime, to: SimTime },
}

impl RedriveSelection {
    pub fn matches(&self, letter: &DeadLetter) -> bool {
        match *self {
            RedriveSelection::All => true,
            RedriveSelection::Reason(reason) => letter.reason == reason,
            RedriveSelection::Between { from, to } => (from..=to).contains(&letter.at),
        }
    }
}

/// Dead-letterings after which a redrive parks a message instead (Amazon SQS's
/// `maxReceiveCount` plays the same role for its redrive policy).
pub const DEFAULT_REDRIVE_LOOP_GUARD: u8 = 3;

fn default_loop_guard() -> u8 {
    DEFAULT_REDRIVE_LOOP_GUARD
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

pub use crate::scenario::limits::MAX_COMMANDS;

/// Why a command could not be applied.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CommandError {
    #[error("no {kind} named `{name}`")]
    UnknownComponent { kind: &'static str, name: String },
    #[error("invalid value: {0}")]
    InvalidValue(String),
    /// A fault that names no component, or one it cannot apply to, or bad parameters.
    #[error("invalid value: {0}")]
    Fault(#[from] super::fault::FaultError),
    #[error("{0}")]
    Unsupported(String),
    /// A `Set` path that names no field of the scenario (with what is there instead).
    #[error("{0}")]
    UnknownPath(crate::scenario::dotted::PathError),
    /// The change would make the scenario invalid; nothing changed.
    #[error("{path}: the scenario would not be valid: {message}")]
    InvalidChange { path: String, message: String },
    /// The field cannot change while the simulation runs.
    #[error("`{path}` cannot change while the simulation runs: {reason}")]
    NotLive { path: String, reason: String },
    #[error("the command log is full ({MAX_COMMANDS} commands); save the session and start a new one")]
    LogFull,
    #[error("cannot replay a command at {at} (after {after_events} events): the run is already past it")]
    ReplayPast { at: SimTime, after_events: u64 },
}
