//! Producers: arrival process, key choice, and the message held while blocked.

use super::message::Message;
use super::rng::Stream;
use super::sample::{ArrivalProcess, KeySampler};

/// Runtime state of one producer.
#[derive(Clone, Debug)]
pub struct Producer {
    pub name: String,
    pub topic: u32,
    pub arrivals: ArrivalProcess,
    pub keys: KeySampler,
    pub rng: Stream,
    /// Bumped when the pending arrival must be forgotten (rate change).
    pub arrival_generation: u32,
    /// With BlockProducer overflow: the message waiting for room. While it waits, the
    /// producer's arrival process is paused (back-pressure reaches the source).
    pub blocked: Option<Message>,
    pub stats: ProducerStats,
    /// Any fault in effect (crashed, partitioned or poisoning): one check on the hot path.
    pub faulted: bool,
    /// Crashed: events due meanwhile are never created (the upstream application is down).
    pub crashed: bool,
    /// Cut off from the broker: its publishes are Unreachable.
    pub partitioned: bool,
    /// Probability that a message it produces now is poison (active Poison faults).
    pub poison: f64,
    /// Draws for Poison faults: its own stream.
    pub fault_rng: Stream,
    /// The open incident of the current outage.
    pub incident: Option<u64>,
}

/// Counters for reporting.
#[derive(Clone, Debug, Default)]
pub struct ProducerStats {
    pub produced: u64,
    pub rejected: u64,
    pub times_blocked: u64,
    /// Publishes that found the broker unreachable (producer partitioned, partition offline).
    pub unreachable: u64,
    /// Events not created because the producer was crashed.
    pub not_produced: u64,
}
