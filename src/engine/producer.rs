//! Producers: arrival process, key choice, and the events they still hold: the message
//! waiting while blocked, publishes waiting to be retried, and the transactional outbox.

use super::event_types::{EventMix, EventTypes};
use super::fault::OutageChange;
use super::ids::TopicId;
use super::ledger::Reason;
use super::message::{EventTypeId, Message};
use super::policy::Outbox;
use super::retry;
use super::rng::{Stream, StreamOf, unseeded};
use super::sample::{ArrivalProcess, BatchSampler, KeySampler};
use crate::scenario::limits::{MAX_ATTEMPTS, MIN_RELAY_POLL};
use crate::scenario::{OutboxRelay, PublishRetry};
use crate::time::{SimDuration, SimTime};
use rand::RngExt;
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
    /// Events created at each arrival instant, and its own stream for a drawn size (so a
    /// batch moves no other draw).
    batch: BatchSampler,
    batch_rng: Stream,
    /// Bumped when the pending arrival must be forgotten (rate change).
    pub(in crate::engine) arrival_generation: u32,
    /// With BlockProducer overflow: the message waiting for room. While it waits, the
    /// producer's arrival process and its publish retries are paused (back-pressure
    /// reaches the source).
    blocked: Option<Message>,
    /// Priority class of its events for topics' load shedding (higher is more important).
    pub(in crate::engine) priority: u8,
    publish_retry: PublishRetry,
    retry_rng: Stream,
    /// Without outbox: refused publishes waiting out their back-off, earliest first.
    retrying: BinaryHeap<Reverse<RetryingPublish>>,
    /// Due time of the scheduled retry timer, and its generation (an earlier retry re-arms).
    retry_armed: Option<SimTime>,
    retry_generation: u32,
    retry_seq: u64,
    /// With outbox: the outbox, the relay's settings, and whether its timers are scheduled.
    /// An outbox switched off live stays until its relay has drained it.
    outbox: Option<Outbox>,
    /// New events are written to the outbox (the scenario's `outbox`).
    writes_outbox: bool,
    relay: OutboxRelay,
    relay_armed: bool,
    /// With a broker cost: the relay's request is at the broker, not yet served (the
    /// relay sends one at a time).
    pub(in crate::engine) relay_in_flight: bool,
    reschedule_armed: bool,
    pub(in crate::engine) stats: ProducerStats,
    /// When the broker acknowledges its publishes (Kafka's `acks`).
    pub(in crate::engine) acks: crate::scenario::Acks,
    /// Any fault in effect (crashed, partitioned or poisoning): one check on the hot path.
    faulted: bool,
    /// Crashed: events due meanwhile are never created (the upstream application is down).
    crashed: bool,
    /// Cut off from the broker: its publishes are Unreachable.
    partitioned: bool,
    /// Probability that a message it produces now is poison (active Poison faults).
    poison: f64,
    /// Draws for Poison faults: its own stream.
    fault_rng: Stream,
    /// The types of event it produces, by weight.
    event_mix: EventMix,
    /// Draws of event types: its own stream, so adding types moves no other draw.
    events_rng: Stream,
    /// The open incident of the current outage.
    pub(in crate::engine) incident: Option<u64>,
    /// Send batching (`None`: each event is its own produce request).
    pub(in crate::engine) sender: Option<super::broker_load::SendBatcher>,
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
    pub fn new(spec: &crate::scenario::Producer, topic: TopicId, types: &EventTypes) -> Producer {
        Producer {
            event_mix: EventMix::new(&spec.events, types),
            events_rng: unseeded(),
            name: spec.name.clone(),
            topic,
            arrivals: ArrivalProcess::new(spec.rate.clone()),
            keys: KeySampler::new(&spec.keys),
            rng: unseeded(),
            batch: BatchSampler::new(&spec.batch),
            batch_rng: unseeded(),
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
            relay_in_flight: false,
            reschedule_armed: false,
            stats: ProducerStats::default(),
            acks: spec.acks,
            faulted: false,
            crashed: false,
            partitioned: false,
            poison: 0.0,
            fault_rng: unseeded(),
            incident: None,
            sender: spec.send.as_ref().map(super::broker_load::SendBatcher::new),
        }
    }

    /// Visits the producer's random streams with their names.
    pub fn for_each_stream(&mut self, visit: &mut dyn FnMut(StreamOf<'_>, &mut Stream)) {
        visit(StreamOf::Producer(&self.name), &mut self.rng);
        visit(StreamOf::ProducerPublishRetry(&self.name), &mut self.retry_rng);
        visit(StreamOf::ProducerFaults(&self.name), &mut self.fault_rng);
        visit(StreamOf::ProducerEvents(&self.name), &mut self.events_rng);
        visit(StreamOf::ProducerBatch(&self.name), &mut self.batch_rng);
        visit(StreamOf::ProducerModulation(&self.name), self.arrivals.chain_stream_mut());
    }

    /// How many events the arrival due now creates (a draw from its own stream only when
    /// the size is `Weighted`).
    #[inline]
    pub fn draw_batch_size(&mut self) -> u32 {
        self.batch.sample(&mut self.batch_rng)
    }

    /// The type of its next event (a draw from its own stream when it has several).
    #[inline]
    pub fn draw_event_type(&mut self) -> EventTypeId {
        self.event_mix.draw(&mut self.events_rng)
    }

    /// The priority class of an event of type `t`: the type's own, else the producer's.
    pub fn priority_of(&self, t: EventTypeId) -> u8 {
        self.event_mix.priority(t).unwrap_or(self.priority)
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
        if old.batch != new.batch {
            self.batch = BatchSampler::new(&new.batch);
        }
        if old.send != new.send {
            // Open batches keep their timers; switched off, each event is its own
            // request from now on (a batch of one, sent at once).
            let off = crate::scenario::SendBatch { max_messages: 1, linger: SimDuration::ZERO };
            let spec = new.send.unwrap_or(off);
            match &mut self.sender {
                Some(sender) => sender.set(&spec),
                None => self.sender = new.send.as_ref().map(super::broker_load::SendBatcher::new),
            }
        }
        self.priority = new.priority;
        self.acks = new.acks;
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

    /// The faults in effect changed: crashed (no events are created), cut off from the
    /// broker (publishes are unreachable), and the share of its events that are poison.
    pub fn set_faults(&mut self, crashed: bool, partitioned: bool, poison: f64) -> OutageChange {
        let was_out = self.crashed || self.partitioned;
        self.crashed = crashed;
        self.partitioned = partitioned;
        self.poison = poison;
        self.faulted = crashed || partitioned || poison > 0.0;
        OutageChange::between(was_out, crashed || partitioned)
    }

    /// A Crash fault: no events are created.
    pub fn is_crashed(&self) -> bool {
        self.crashed
    }

    /// A Partition fault: it cannot reach the broker.
    pub fn is_partitioned(&self) -> bool {
        self.partitioned
    }

    /// What the faults in effect do to an event due now: `None` when the producer is
    /// crashed (the event never exists; counted), else the message's flags (poison, drawn
    /// from the fault stream with the Poison faults' probability).
    #[inline]
    pub fn event_flags(&mut self) -> Option<u8> {
        if !self.faulted {
            return Some(0);
        }
        if self.crashed {
            self.stats.not_produced += 1;
            return None;
        }
        let poisoned = self.poison > 0.0 && self.fault_rng.random::<f64>() < self.poison;
        Some(if poisoned { Message::POISON } else { 0 })
    }

    /// A full BlockProducer topic: `message` waits for room, and arrivals and publish
    /// retries pause meanwhile.
    pub fn block(&mut self, message: Message) {
        self.blocked = Some(message);
        self.stats.times_blocked += 1;
    }

    /// Room appeared (or the topic stopped blocking) at `now`: the waiting message, to be
    /// published again, and arrivals restart from `now`. `None` when it was not blocked.
    pub fn unblock(&mut self, now: SimTime) -> Option<Message> {
        let message = self.blocked.take()?;
        self.arrivals.restart_at(now);
        Some(message)
    }

    /// A full BlockProducer topic holds its next message back.
    pub fn is_blocked(&self) -> bool {
        self.blocked.is_some()
    }

    /// The `tries`-th publish of `message` was refused for `reason` at `now`: it waits out
    /// a back-off for another try, or, attempts exhausted or the retry buffer full, is given
    /// up with the reason returned.
    pub fn retry_later(
        &mut self,
        now: SimTime,
        message: Message,
        tries: u32,
        backoff_ns: u64,
        reason: Reason,
    ) -> Result<(), Reason> {
        let policy = &self.publish_retry;
        if tries >= policy.max_attempts {
            return Err(reason);
        }
        if self.retrying.len() >= policy.buffer as usize {
            return Err(Reason::ProducerBufferFull);
        }
        let delay = retry::delay(&policy.backoff, policy.jitter, tries, SimDuration(backoff_ns), &mut self.retry_rng);
        let seq = self.retry_seq;
        self.retry_seq += 1;
        self.retrying.push(Reverse(RetryingPublish { due: now + delay, seq, tries, backoff_ns: delay.0, message }));
        self.stats.publish_retries += 1;
        Ok(())
    }

    /// When the retry timer should fire, with its generation, if it must be (re)armed at
    /// `now`: there is a waiting retry, the producer is not blocked, and no timer is set
    /// at or before the earliest one. Retries that fell due while the producer was blocked
    /// are taken up now: the clock never goes back.
    pub fn arm_retry(&mut self, now: SimTime) -> Option<(SimTime, u32)> {
        let due = self.retrying.peek()?.0.due;
        let at = due.max(now);
        if self.blocked.is_some() || self.retry_armed.is_some_and(|armed| armed <= at) {
            return None;
        }
        self.retry_generation = self.retry_generation.wrapping_add(1);
        self.retry_armed = Some(at);
        Some((at, self.retry_generation))
    }

    /// The retry timer of `generation` fired: whether it is the one still armed (an
    /// earlier retry re-arms it with a new generation).
    pub fn retry_timer_fired(&mut self, generation: u32) -> bool {
        if generation != self.retry_generation {
            return false;
        }
        self.retry_armed = None;
        true
    }

    /// The earliest waiting retry, if it is due at `now`.
    pub fn take_due_retry(&mut self, now: SimTime) -> Option<RetryingPublish> {
        let next = self.retrying.peek()?.0;
        if next.due > now {
            return None;
        }
        self.retrying.pop();
        Some(next)
    }

    /// Refused publishes waiting for another try.
    pub fn retrying(&self) -> usize {
        self.retrying.len()
    }

    /// New events are written to the outbox (rather than published at once).
    pub fn writes_outbox(&self) -> bool {
        self.writes_outbox
    }

    /// The outbox, while there is one (switched off live, it stays until drained).
    pub fn outbox(&self) -> Option<&Outbox> {
        self.outbox.as_ref()
    }

    /// The outbox, to write to or relay from.
    pub fn outbox_mut(&mut self) -> Option<&mut Outbox> {
        self.outbox.as_mut()
    }

    /// The relay's settings.
    pub fn relay(&self) -> &OutboxRelay {
        &self.relay
    }

    /// When the relay's next poll should be (the next multiple of `poll_every` after
    /// `now`), if it must be armed: something is PENDING and no poll is scheduled.
    pub fn arm_relay(&mut self, now: SimTime) -> Option<SimTime> {
        let pending = self.outbox.as_ref().map_or(0, |o| o.pending_len());
        if self.relay_armed || pending == 0 {
            return None;
        }
        self.relay_armed = true;
        Some(now.next_multiple_of(self.relay.poll_every))
    }

    /// The relay's poll fired.
    pub fn relay_polled(&mut self) {
        self.relay_armed = false;
    }

    /// An outbox switched off live that has drained goes away: new events go straight to
    /// the broker. Returns whether it went.
    pub fn drop_drained_outbox(&mut self) -> bool {
        if !self.writes_outbox && self.outbox.as_ref().is_some_and(Outbox::is_empty) {
            self.outbox = None;
            return true;
        }
        false
    }

    /// When the scheduler should next return FAILED events to PENDING, if it must be armed.
    pub fn arm_reschedule(&mut self) -> Option<SimTime> {
        if self.reschedule_armed {
            return None;
        }
        let at = self.outbox.as_ref()?.next_reschedule_at(self.relay.retry_failed_after)?;
        self.reschedule_armed = true;
        Some(at)
    }

    /// The scheduler fired at `now`: FAILED events that waited long enough become PENDING.
    pub fn reschedule_failed(&mut self, now: SimTime) {
        self.reschedule_armed = false;
        let wait = self.relay.retry_failed_after;
        if let Some(outbox) = self.outbox.as_mut() {
            outbox.reschedule_due(now, wait);
        }
    }

    /// Events the producer still holds: blocked, waiting to retry, or in its outbox.
    pub fn held(&self) -> u64 {
        u64::from(self.blocked.is_some())
            + self.retrying.len() as u64
            + self.outbox.as_ref().map_or(0, Outbox::len)
            + self.sender.as_ref().map_or(0, super::broker_load::SendBatcher::held)
    }
}
