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
}

/// Counters for reporting.
#[derive(Clone, Debug, Default)]
pub struct ProducerStats {
    pub produced: u64,
    pub rejected: u64,
    pub times_blocked: u64,
}
