//! The engine room: a deterministic discrete-event simulation of an event bus.
//!
//! Virtual time only (no wall clock), per-component random streams, events ordered by
//! (time, sequence). Nothing here knows about the UI; the UI sends [`Command`]s and
//! reads [`SystemStatus`], [`History`] and the [`EventLog`].

pub mod alerts;
pub mod assignor;
pub mod availability;
pub mod balancer;
pub mod broker;
pub mod broker_load;
pub mod client;
pub mod command;
pub mod consumer;
pub mod dedup;
pub mod event;
pub mod event_types;
pub mod fault;
pub mod flow;
pub mod halt;
pub mod hops;
pub mod ids;
pub mod incident;
pub mod ledger;
pub mod live;
pub mod log;
pub mod message;
pub mod metrics;
pub mod policy;
pub mod producer;
pub mod queue;
pub mod retry;
pub mod rng;
pub mod saga;
pub mod sample;
pub mod service;
pub mod sim;
pub mod standby;
pub mod state;
pub mod status;
pub mod topic;
pub mod trace;
pub mod uptime;

pub use command::{
    ChangeProblem, Command, CommandError, ComponentKind, DeadLetterStore, RedriveSelection, TimedCommand,
};
pub use halt::{Halt, HaltReason, MessagesHeld};
pub use ledger::{Ledger, Reason, Terminal};
pub use live::LiveChange;
pub use log::{EventLog, LogEntry, LogText, ScaleCause, Severity};
pub use metrics::{History, LatencyStats, LatencySummary, SeriesKind, SeriesSpec};
pub use policy::BreakerState;
pub use sim::{BuildError, Journey, JourneyStep, PublishOutcome, SagaStep, Simulation};
pub use status::SystemStatus;
