//! The simulation: owns every component and advances virtual time event by event.
//!
//! Message flow: producer → (publish) topic partition → (fetch, up to prefetch) instance
//! buffer → (worker) handler job: own work, then service calls in sequence → processed,
//! or on failure retry back-off → back to the buffer, or give up → dead letter / drop /
//! park. Every transition updates the ledger in the same step, so the conservation law
//! holds between any two events.

use super::command::{Command, CommandError, MAX_COMMANDS, TimedCommand};
use super::consumer::{ExhaustTarget, Group, Job, JobState, PARKING_LOT_CAPACITY};
use super::event::Event;
use super::ledger::{Ledger, Reason, Terminal};
use super::log::{EventLog, Severity};
use super::message::{DeadLetter, Message};
use super::metrics::{Consolidation, History, LatencyStats, SeriesKind, SeriesSpec};
use super::policy::breaker::Notice;
use super::policy::bulkhead::Entry as BulkheadEntry;
use super::producer::{Producer, ProducerStats};
use super::queue::EventQueue;
use super::retry;
use super::rng::stream;
use super::sample::DurationSampler;
use super::service::{Call, MAX_WAITING_CALLS, Service, class_index};
use super::status::{GroupStatus, InstanceStatus, ProducerStatus, ServiceStatus, SystemStatus, TopicStatus};
use super::topic::{Partition, Topic, TopicStats};
use crate::scenario::{Arrivals, Delivery, ErrorClass, OnExhausted, Overflow, RateOverflow, Scenario, ShedAction};
use crate::time::{SimDuration, SimTime};

mod calls;
mod commands;
mod consume;
mod failure;
mod guards;
mod outbox;
mod produce;
mod publish_retry;
mod redrive;
mod sampling;
mod status;
mod throttle;

use commands::command_target;
use sampling::series_specs;
use throttle::Admission;

/// Why a scenario could not be turned into a simulation (validation normally catches
/// these first; the engine still refuses rather than panics).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum BuildError {
    #[error("{field}: unknown {kind} `{name}`")]
    UnknownReference { field: String, kind: &'static str, name: String },
    #[error("{0}")]
    Unsupported(String),
}

/// Per-interval counters, reset at every sample.
#[derive(Clone, Debug, Default)]
struct IntervalCounters {
    produced: u64,
    processed: u64,
    dead_lettered: u64,
    failed: u64,
    expired: u64,
    dropped: u64,
    lost: u64,
}

/// Outcome of one publish attempt (see [`Simulation::try_publish`]). Every publish of a
/// producer, an outbox relay or a redrive goes through that one function, and each caller
/// decides what a refusal means for it (retry, keep PENDING, keep the dead letter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublishOutcome {
    /// In the topic (or, when load shedding drops it, accepted and discarded).
    Accepted,
    /// The broker refused it (topic full with RejectNew, load shedding with Reject).
    Rejected(Reason),
    /// BlockProducer: the topic is full; the publisher must wait for room.
    Blocked,
    /// The broker could not be reached (made to happen by faults: a producer cut off
    /// from the broker, a partition leader down).
    Unreachable(Reason),
}

/// The whole simulated system. `Clone` copies the complete state (what-if forks and
/// replay checkpoints rely on it).
#[derive(Clone, Debug)]
pub struct Simulation {
    scenario: Scenario,
    now: SimTime,
    end: SimTime,
    queue: EventQueue,
    producers: Vec<Producer>,
    topics: Vec<Topic>,
    groups: Vec<Group>,
    services: Vec<Service>,
    ledger: Ledger,
    latency: LatencyStats,
    interval_latency: LatencyStats,
    interval: IntervalCounters,
    last_sample_at: SimTime,
    peak_processed_per_s: f64,
    /// Start of the measurement window (after a warm-up, see `reset_statistics`).
    measured_from: SimTime,
    /// Messages processed before the measurement window opened.
    processed_before_measurement: u64,
    history: History,
    row: Vec<f32>,
    log: EventLog,
    commands: Vec<TimedCommand>,
    next_message_id: u64,
    events_handled: u64,
}

fn find(names: impl Iterator<Item = String>, wanted: &str) -> Option<u32> {
    names.enumerate().find(|(_, n)| n == wanted).map(|(i, _)| i as u32)
}

impl Simulation {
    /// Builds the initial state from a validated scenario, using the scenario's seed.
    pub fn new(scenario: &Scenario) -> Result<Simulation, BuildError> {
        Simulation::with_seed(scenario, scenario.seed)
    }

    /// Builds the initial state with another seed (replications, `--seed`).
    pub fn with_seed(scenario: &Scenario, seed: u64) -> Result<Simulation, BuildError> {
        let topic_index = |field: String, name: &str| {
            find(scenario.topics.iter().map(|t| t.name.clone()), name).ok_or(BuildError::UnknownReference {
                field,
                kind: "topic",
                name: name.to_string(),
            })
        };

        let mut topics = Vec::with_capacity(scenario.topics.len());
        for (i, spec) in scenario.topics.iter().enumerate() {
            let expired_to = match &spec.expired_to {
                Some(name) => Some(topic_index(format!("topics[{i}].expired_to"), name)?),
                None => None,
            };
            topics.push(Topic {
                name: spec.name.clone(),
                partitions: vec![Partition::default(); spec.partitions.max(1) as usize],
                capacity: spec.capacity.max(1),
                overflow: spec.overflow,
                ttl: spec.ttl,
                expired_to,
                durable: spec.durable,
                len: 0,
                consumer: None,
                blocked_producers: Default::default(),
                dead_letters: Default::default(),
                is_dead_letter_target: false,
                shedding: {
                    let mut rules = spec.shedding.clone();
                    rules.sort_by_key(|r| (r.backlog_above, r.below_priority));
                    rules
                },
                stats: TopicStats::default(),
            });
        }
        for i in 0..topics.len() {
            if let Some(target) = topics[i].expired_to {
                topics[target as usize].is_dead_letter_target = true;
            }
        }

        let services: Vec<Service> =
            scenario.services.iter().map(|s| Service::new(s, stream(seed, &format!("service:{}", s.name)))).collect();

        let mut groups = Vec::with_capacity(scenario.consumers.len());
        for (g, spec) in scenario.consumers.iter().enumerate() {
            let topic = topic_index(format!("consumers[{g}].topic"), &spec.topic)?;
            if let Some(other) = topics[topic as usize].consumer {
                return Err(BuildError::Unsupported(format!(
                    "consumers[{g}]: topic `{}` is already consumed by group `{}`; fan-out of one topic to several groups is not modelled yet, give each group its own topic",
                    spec.topic, scenario.consumers[other as usize].name
                )));
            }
            topics[topic as usize].consumer = Some(g as u32);
            let mut calls = Vec::with_capacity(spec.handler.calls.len());
            for (c, name) in spec.handler.calls.iter().enumerate() {
                let index =
                    find(services.iter().map(|s| s.name.clone()), name).ok_or(BuildError::UnknownReference {
                        field: format!("consumers[{g}].handler.calls[{c}]"),
                        kind: "service",
                        name: name.clone(),
                    })?;
                calls.push(index);
            }
            let on_exhausted = match &spec.on_exhausted {
                OnExhausted::DeadLetter(name) => {
                    let t = topic_index(format!("consumers[{g}].on_exhausted"), name)?;
                    topics[t as usize].is_dead_letter_target = true;
                    ExhaustTarget::DeadLetter(t)
                }
                OnExhausted::Drop => ExhaustTarget::Drop,
                OnExhausted::Park => ExhaustTarget::Park,
            };
            if let Some(limit) = &spec.rate_limit {
                if !(limit.per_second.is_finite() && limit.per_second > 0.0) {
                    return Err(BuildError::Unsupported(format!(
                        "consumers[{g}].rate_limit.per_second: must be a finite number > 0, got {}",
                        limit.per_second
                    )));
                }
                if limit.overflow == RateOverflow::DeadLetter && matches!(spec.on_exhausted, OnExhausted::Drop) {
                    return Err(BuildError::Unsupported(format!(
                        "consumers[{g}].rate_limit.overflow: DeadLetter needs on_exhausted: DeadLetter(topic) or Park"
                    )));
                }
            }
            let partitions = topics[topic as usize].partitions.len() as u32;
            groups.push(Group::new(
                spec,
                topic,
                partitions,
                calls,
                on_exhausted,
                stream(seed, &format!("group:{}:work", spec.name)),
                stream(seed, &format!("group:{}:retry", spec.name)),
            ));
        }

        let mut producers = Vec::with_capacity(scenario.producers.len());
        for (p, spec) in scenario.producers.iter().enumerate() {
            let topic = topic_index(format!("producers[{p}].topic"), &spec.topic)?;
            producers.push(Producer::new(
                spec,
                topic,
                stream(seed, &format!("producer:{}", spec.name)),
                stream(seed, &format!("producer:{}:publish-retry", spec.name)),
            ));
        }
        for (t, topic) in topics.iter().enumerate() {
            let used = topic.consumer.is_some() || producers.iter().any(|p| p.topic == t as u32);
            if topic.is_dead_letter_target && used {
                return Err(BuildError::Unsupported(format!(
                    "topic `{}` is a dead-letter target and is also produced to or consumed; dead-letter topics hold dead letters (use redrive to replay them)",
                    topic.name
                )));
            }
        }

        let history = History::new(series_specs(&topics, &groups, &services), History::DEFAULT_CAPACITY_ROWS);
        let mut scenario = scenario.clone();
        scenario.seed = seed;
        let mut sim = Simulation {
            end: SimTime(scenario.duration.0),
            scenario,
            now: SimTime::ZERO,
            queue: EventQueue::default(),
            producers,
            topics,
            groups,
            services,
            ledger: Ledger::default(),
            latency: LatencyStats::new(),
            interval_latency: LatencyStats::new(),
            interval: IntervalCounters::default(),
            last_sample_at: SimTime::ZERO,
            peak_processed_per_s: 0.0,
            measured_from: SimTime::ZERO,
            processed_before_measurement: 0,
            row: Vec::new(),
            history,
            log: EventLog::default(),
            commands: Vec::new(),
            next_message_id: 0,
            events_handled: 0,
        };
        for p in 0..sim.producers.len() as u32 {
            sim.schedule_next_arrival(p);
        }
        sim.queue.schedule(SimTime::ZERO + sim.sample_every(), Event::Sample);
        let pending = sim.not_yet_modelled();
        if !pending.is_empty() {
            sim.log.push(
                SimTime::ZERO,
                Severity::Warning,
                "scenario",
                format!("configured but not simulated yet (parsed and validated only): {}", pending.join(", ")),
            );
        }
        Ok(sim)
    }

    // ----- the small public API -------------------------------------------------------

    /// Processes every event due at or before `limit`, then sets the clock to `limit`.
    /// Running in one call or in many slices gives bit-identical results.
    pub fn step_until(&mut self, limit: SimTime) {
        while let Some((at, event)) = self.queue.pop_due(limit) {
            self.now = at;
            self.events_handled += 1;
            self.handle(event);
        }
        self.now = self.now.max(limit);
    }

    /// Processes exactly one event (the UI's single step). Returns false if none is pending.
    pub fn step_one(&mut self) -> bool {
        match self.queue.pop_due(SimTime::MAX) {
            Some((at, event)) => {
                self.now = at;
                self.events_handled += 1;
                self.handle(event);
                self.queue.settle();
                true
            }
            None => false,
        }
    }

    /// Runs to the scenario's end.
    pub fn run_to_end(&mut self) {
        self.step_until(self.end);
    }

    pub fn now(&self) -> SimTime {
        self.now
    }

    pub fn end(&self) -> SimTime {
        self.end
    }

    pub fn is_finished(&self) -> bool {
        self.now >= self.end
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn seed(&self) -> u64 {
        self.scenario.seed
    }

    pub fn sample_every(&self) -> SimDuration {
        SimDuration(self.scenario.sample_every.0.max(1))
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn log(&self) -> &EventLog {
        &self.log
    }

    /// Every command applied so far, with its virtual time (replays the run exactly).
    pub fn commands(&self) -> &[TimedCommand] {
        &self.commands
    }

    /// End-to-end latency (produce → processed) over the whole run, all groups.
    pub fn latency(&self) -> &LatencyStats {
        &self.latency
    }

    /// Highest processed-per-second of any sample interval.
    pub fn peak_processed_per_s(&self) -> f64 {
        self.peak_processed_per_s
    }

    /// Ends a warm-up: clears the statistics gathered so far (latency histograms,
    /// per-component counters, peaks) so that reports describe the system from now on,
    /// not its start from empty (Law, *Simulation Modeling and Analysis*, §9.5.1). The
    /// ledger keeps counting from time zero: it is the conservation account, not a
    /// statistic. State (queues, jobs, random streams) is untouched, so results after
    /// the warm-up are exactly those of a run without the reset.
    pub fn reset_statistics(&mut self) {
        self.latency.reset();
        self.peak_processed_per_s = 0.0;
        self.measured_from = self.now;
        self.processed_before_measurement = self.ledger.processed;
        for topic in &mut self.topics {
            topic.stats = TopicStats { max_backlog: topic.backlog(), ..TopicStats::default() };
        }
        for group in &mut self.groups {
            group.stats = Default::default();
        }
        for service in &mut self.services {
            service.stats = Default::default();
        }
        for producer in &mut self.producers {
            producer.stats = ProducerStats::default();
        }
        self.reset_policy_statistics();
    }

    /// Virtual time covered by the statistics (since the start or the last reset).
    pub fn measured_seconds(&self) -> f64 {
        (self.now - self.measured_from).as_secs_f64()
    }

    /// Messages processed since the statistics were last reset.
    pub fn processed_measured(&self) -> u64 {
        self.ledger.processed - self.processed_before_measurement
    }

    pub fn events_handled(&self) -> u64 {
        self.events_handled
    }

    pub fn pending_events(&self) -> usize {
        self.queue.len()
    }

    pub fn producers(&self) -> &[Producer] {
        &self.producers
    }

    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// Messages still in the system, counted where they are: at a producer (blocked,
    /// waiting to retry a publish, in its outbox), in a topic, buffered or being handled by
    /// a consumer (working, calling, waiting for a token or a bulkhead slot), or waiting
    /// out a retry back-off.
    pub fn in_system(&self) -> u64 {
        let at_producers: u64 = self.producers.iter().map(Producer::held).sum();
        let in_topics: u64 = self.topics.iter().filter(|t| !t.is_dead_letter_target).map(|t| t.len).sum();
        let in_groups: u64 = self.groups.iter().map(Group::held).sum();
        at_producers + in_topics + in_groups
    }

    /// `produced == in_system + Σ terminal`, counted independently on both sides.
    pub fn conservation_holds(&self) -> bool {
        self.ledger.produced == self.in_system() + self.ledger.terminal()
    }

    /// Scenario features that parse and validate but that this engine does not simulate
    /// yet; reported to the user rather than silently ignored.
    pub fn not_yet_modelled(&self) -> Vec<&'static str> {
        let s = &self.scenario;
        let mut out = Vec::new();
        let any = |f: &dyn Fn(&crate::scenario::ConsumerGroup) -> bool| s.consumers.iter().any(f);
        if any(&|g| g.idempotent) {
            out.push("idempotent");
        }
        if any(&|g| g.supervisor.is_some()) {
            out.push("supervisor");
        }
        if any(&|g| g.autoscale.is_some()) {
            out.push("autoscale");
        }
        if s.services.iter().any(|x| x.failures.is_some()) {
            out.push("failures");
        }
        if !s.faults.is_empty() {
            out.push("faults");
        }
        if !s.alerts.is_empty() {
            out.push("alerts");
        }
        out
    }

    /// Applies a live change at the current virtual time and records it.
    pub fn apply(&mut self, command: Command) -> Result<(), CommandError> {
        if self.commands.len() >= MAX_COMMANDS {
            return Err(CommandError::LogFull);
        }
        let description = self.apply_inner(&command)?;
        self.log.push(self.now, Severity::Info, command_target(&command), description);
        self.commands.push(TimedCommand { at: self.now, after_events: self.events_handled, command });
        Ok(())
    }

    /// Replays a recorded command at exactly the moment it was first applied: handles
    /// events until the same count, moves the clock to the same time, then applies it.
    pub fn replay(&mut self, recorded: &TimedCommand) -> Result<(), CommandError> {
        let past = || CommandError::ReplayPast { at: recorded.at, after_events: recorded.after_events };
        if self.events_handled > recorded.after_events || self.now > recorded.at {
            return Err(past());
        }
        while self.events_handled < recorded.after_events {
            match self.queue.pop_due(recorded.at) {
                Some((at, event)) => {
                    self.now = at;
                    self.events_handled += 1;
                    self.handle(event);
                }
                // The recording came from another scenario or seed: it cannot be met.
                None => return Err(past()),
            }
        }
        self.queue.settle();
        // Every event before `at` has been handled (the original run was at `at` with this
        // many events behind it), so only the clock moves.
        self.now = recorded.at;
        self.apply(recorded.command.clone())
    }

    /// Live state of every component.
    pub fn status(&self) -> SystemStatus {
        SystemStatus {
            now: self.now,
            producers: self
                .producers
                .iter()
                .map(|p| ProducerStatus {
                    name: p.name.clone(),
                    topic: self.topics[p.topic as usize].name.clone(),
                    produced: p.stats.produced,
                    rejected: p.stats.rejected,
                    blocked: p.blocked.is_some(),
                    mean_rate_per_second: p.arrivals.mean_rate_per_second(),
                    policy: status::producer_policy(p),
                })
                .collect(),
            topics: self
                .topics
                .iter()
                .map(|t| TopicStatus {
                    name: t.name.clone(),
                    partition_backlog: if t.is_dead_letter_target {
                        vec![t.dead_letters.len() as u64]
                    } else {
                        t.partitions.iter().map(|p| p.queue.len() as u64).collect()
                    },
                    capacity: t.capacity,
                    is_dead_letter_target: t.is_dead_letter_target,
                    max_backlog: t.stats.max_backlog,
                    shed: t.stats.shed,
                    redriven: t.stats.redriven,
                })
                .collect(),
            groups: self.groups.iter().map(|g| self.group_status(g)).collect(),
            services: self
                .services
                .iter()
                .map(|s| ServiceStatus {
                    name: s.name.clone(),
                    active: s.active,
                    waiting: s.waiting.len() as u64,
                    capacity: (s.capacity != u32::MAX).then_some(s.capacity),
                    calls: s.stats.calls,
                    errors: s.stats.errors.iter().sum(),
                })
                .collect(),
            breakers: self.breaker_statuses(),
        }
    }

    fn group_status(&self, g: &Group) -> GroupStatus {
        GroupStatus {
            name: g.name.clone(),
            topic: self.topics[g.topic as usize].name.clone(),
            concurrency: g.concurrency,
            prefetch: g.prefetch,
            instances: g
                .instances
                .iter()
                .enumerate()
                .map(|(i, inst)| InstanceStatus {
                    name: format!("{}/{}", g.name, i + 1),
                    up: inst.up,
                    busy: inst.busy,
                    buffered: inst.buffer.len() as u32,
                    unacked: inst.unacked,
                    partitions: inst.partitions.clone(),
                })
                .collect(),
            processed: g.stats.processed,
            attempts: g.stats.attempts,
            retrying: g.retrying_jobs() as u64,
            lag: self.topics[g.topic as usize].len + g.held(),
            policy: self.group_policy_status(g),
        }
    }

    // ----- event handling ---------------------------------------------------------------

    fn handle(&mut self, event: Event) {
        match event {
            Event::Arrival { producer, generation } => self.on_arrival(producer, generation),
            Event::HandlerStep { group, job, generation } => {
                let j = &self.groups[group as usize].jobs[job as usize];
                if j.generation == generation && j.state == JobState::Working {
                    self.advance(group, job);
                }
            }
            Event::CallDone { service, call } => self.on_call_done(service, call),
            Event::CallTimeout { group, job, generation } => self.on_call_timeout(group, job, generation),
            Event::RetryDue { group, job, generation } => self.on_retry_due(group, job, generation),
            Event::Expiry { topic, partition } => self.on_expiry(topic, partition),
            Event::Sample => self.on_sample(),
            Event::TokenDue { group, job, generation } => self.on_token_due(group, job, generation),
            Event::BulkheadTimeout { group, job, generation } => self.on_bulkhead_timeout(group, job, generation),
            Event::BreakerWake { group, guard, generation } => self.on_breaker_wake(group, guard, generation),
            Event::PublishRetryDue { producer, generation } => self.on_publish_retry_due(producer, generation),
            Event::RelayPoll { producer } => self.on_relay_poll(producer),
            Event::OutboxReschedule { producer } => self.on_outbox_reschedule(producer),
        }
    }
}
