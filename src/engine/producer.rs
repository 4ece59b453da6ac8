//! Producers: arrival process, key choice, and the events they still hold: the message
//! waiting while blocked, publishes waiting to be retried, and the transactional outbox.

use super::ids::TopicId;
use super::message::Message;
use super::policy::Outbox;
use super::rng::{Stream, StreamOf, unseeded};
use super::sample::{ArrivalProcess, KeySampler};
use crate::scenario::limits::{MAX_ATTEMPTS, MIN_RELAY_POLL};
use crate::scenario::{OutboxRelay, PublishRetry};
use crate::time::SimTime;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// Runtime state of one producer.
#[derive(Clone, Debug)]
pub struct Producer {
    pub(in crate::engine) name: String,
    pub(in crate::engine) topic: TopicId,
    pub(in crate::engine) arrivals: ArrivalProcess,
    pub(in crate::engine) keys: KeySampler,
    pub(in crate::engine) rng: Stream,
    /// Bumped when the pending arrival must be forgotten (rate change).
    pub(in crate::engine) arrival_generation: u32,
    /// With BlockProducer overflow: the message waiting for room. While it waits, the
    /// producer's arrival process and its publish retries are paused (back-pressure
    /// reaches the source).
    pub(in crate::engine) blocked: Option<Message>,
    /// Priority class of its events for topics' load shedding (higher is more important).
    pub(in crate::engine) priority: u8,
    pub(in crate::engine) publish_retry: PublishRetry,
    pub(in crate::engine) retry_rng: Stream,
    /// Without outbox: refused publishes waiting out their back-off, earliest first.
    pub(in crate::engine) retrying: BinaryHeap<Reverse<RetryingPublish>>,
    /// Due time of the scheduled retry timer, and its generation (an earlier retry re-arms).
    pub(in crate::engine) retry_armed: Option<SimTime>,
    pub(in crate::engine) retry_generation: u32,
    retry_seq: u64,
    /// With outbox: the outbox, the relay's settings, and whether its timers are scheduled.
    /// An outbox switched off live stays until its relay has drained it.
    pub(in crate::engine) outbox: Option<Outbox>,
    /// New events are written to the outbox (the scenario's `outbox`).
    pub(in crate::engine) writes_outbox: bool,
    pub(in crate::engine) relay: OutboxRelay,
    pub(in crate::engine) relay_armed: bool,
    pub(in crate::engine) reschedule_armed: bool,
    pub(in crate::engine) stats: ProducerStats,
    /// Any fault in effect (crashed, partitioned or poisoning): one check on the hot path.
    pub(in crate::engine) faulted: bool,
    /// Crashed: events due meanwhile are never created (the upstream application is down).
    pub(in crate::engine) crashed: bool,
    /// Cut off from the broker: its publishes are Unreachable.
    pub(in crate::engine) partitioned: bool,
    /// Probability that a message it produces now is poison (active Poison faults).
    pub(in crate::engine) poison: f64,
    /// Draws for Poison faults: its own stream.
    pub(in crate::engine) fault_rng: Stream,
    /// The open incident of the current outage.
    pub(in crate::engine) incident: Option<u64>,
}

/// The publish-retry policy as the engine runs it: attempts bounded (so a permanently
/// refusing broker with no back-off cannot keep the simulation at one instant).
fn engine_publish_retry(spec: &PublishRetry) -> PublishRetry {
    PublishRetry { max_attempts: spec.max_attempts.clamp(1, MAX_ATTEMPTS), ..spec.clone() }
}

/// The relay as the engine runs it (polls no more often than `MIN_RELAY_POLL`).
fn engine_relay(spec: &OutboxRelay) -> OutboxRelay {
    OutboxRelay { poll_every: spec.poll_every.max(MIN_RELAY_POLL), ..spec.clone() }
}

/// A refused publish waiting for its next try.
#[derive(Clone, Copy, Debug)]
pub struct RetryingPublish {
    pub due: SimTime,
    /// Tie-break in scheduling order, so equal due times retry first-come first-served.
    pub seq: u64,
    /// Publish attempts made so far.
    pub tries: u32,
    /// The back-off before this try (decorrelated jitter grows from it).
    pub backoff_ns: u64,
    pub message: Message,
}

impl PartialEq for RetryingPublish {
    fn eq(&self, other: &Self) -> bool {
        (self.due, self.seq) == (other.due, other.seq)
    }
}
impl Eq for RetryingPublish {}
impl PartialOrd for RetryingPublish {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for RetryingPublish {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.due, self.seq).cmp(&(other.due, other.seq))
    }
}

/// Counters for reporting.
#[derive(Clone, Debug, Default)]
pub struct ProducerStats {
    pub produced: u64,
    /// Publish attempts the broker refused (or could not be reached for).
    pub rejected: u64,
    pub times_blocked: u64,
    /// Publishes of its events that found the broker unreachable (producer partitioned,
    /// partition offline; a redrive of one of its events to an offline partition too).
    pub unreachable: u64,
    /// Events not created because the producer was crashed.
    pub not_produced: u64,
    /// Refused publishes scheduled for another try.
    pub publish_retries: u64,
    /// Events given up on (retries exhausted, buffer or outbox full).
    pub lost: u64,
}

impl Producer {
    /// A producer of `topic` as `spec` describes it; its streams are set by
    /// `for_each_stream`.
    pub fn new(spec: &crate::scenario::Producer, topic: TopicId) -> Producer {
        Producer {
            name: spec.name.clone(),
            topic,
            arrivals: ArrivalProcess::new(spec.rate.clone()),
            keys: KeySampler::new(&spec.keys),
            rng: unseeded(),
            arrival_generation: 0,
            blocked: None,
            priority: spec.priority,
            publish_retry: engine_publish_retry(&spec.publish_retry),
            retry_rng: unseeded(),
            retrying: BinaryHeap::new(),
            retry_armed: None,
            retry_generation: 0,
            retry_seq: 0,
            outbox: spec.outbox.then(|| Outbox::new(spec.relay.capacity)),
            writes_outbox: spec.outbox,
            relay: engine_relay(&spec.relay),
            relay_armed: false,
            reschedule_armed: false,
            stats: ProducerStats::default(),
            faulted: false,
            crashed: false,
            partitioned: false,
            poison: 0.0,
            fault_rng: unseeded(),
            incident: None,
        }
    }

    /// Visits the producer's random streams with their names.
    pub fn for_each_stream(&mut self, visit: &mut dyn FnMut(StreamOf<'_>, &mut Stream)) {
        visit(StreamOf::Producer(&self.name), &mut self.rng);
        visit(StreamOf::ProducerPublishRetry(&self.name), &mut self.retry_rng);
        visit(StreamOf::ProducerFaults(&self.name), &mut self.fault_rng);
    }

    /// A live change of the spec (same name and topic) at `now`. A new arrival process
    /// starts from `now` (the pending arrival is forgotten: returns true, and the caller
    /// draws the next one); the other settings apply to the next event, publish or poll.
    /// Switching the outbox on creates it; switching it off sends new events straight to
    /// the broker while the relay drains what the outbox holds, so nothing in it is lost.
    pub fn reconfigure(
        &mut self,
        old: &crate::scenario::Producer,
        new: &crate::scenario::Producer,
        now: SimTime,
    ) -> bool {
        let restarted = old.rate != new.rate;
        if restarted {
            self.arrivals.replace(new.rate.clone(), now);
            self.arrival_generation = self.arrival_generation.wrapping_add(1);
        }
        if old.keys != new.keys {
            self.keys = KeySampler::new(&new.keys);
        }
        self.priority = new.priority;
        self.publish_retry = engine_publish_retry(&new.publish_retry);
        self.relay = engine_relay(&new.relay);
        self.writes_outbox = new.outbox;
        match &mut self.outbox {
            Some(outbox) => {
                outbox.set_capacity(new.relay.capacity);
                if !new.outbox && outbox.is_empty() {
                    self.outbox = None;
                }
            }
            None if new.outbox => self.outbox = Some(Outbox::new(new.relay.capacity)),
            None => {}
        }
        restarted
    }

    /// Queues a refused publish for another try at `due`.
    pub fn queue_retry(&mut self, due: SimTime, tries: u32, backoff_ns: u64, message: Message) {
        let seq = self.retry_seq;
        self.retry_seq += 1;
        self.retrying.push(Reverse(RetryingPublish { due, seq, tries, backoff_ns, message }));
    }

    /// Events the producer still holds: blocked, waiting to retry, or in its outbox.
    pub fn held(&self) -> u64 {
        u64::from(self.blocked.is_some()) + self.retrying.len() as u64 + self.outbox.as_ref().map_or(0, Outbox::len)
    }
}
