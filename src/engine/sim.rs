//! The simulation: owns every component and advances virtual time event by event.
//!
//! Message flow: producer → (publish) topic partition → (fetch, up to prefetch) instance
//! buffer → (worker) handler job: own work, then service calls in sequence → processed,
//! or on failure retry back-off → back to the buffer, or give up → dead letter / drop /
//! park. Every transition updates the ledger in the same step, so the conservation law
//! holds between any two events.

use super::command::{Command, CommandError, TimedCommand};
use super::consumer::{ExhaustTarget, Group, Job, JobState, PARKING_LOT_CAPACITY};
use super::event::Event;
use super::ledger::{Ledger, Reason, Terminal};
use super::log::{EventLog, Severity};
use super::message::{DeadLetter, Message};
use super::metrics::{Consolidation, History, LatencyStats, SeriesKind, SeriesSpec};
use super::producer::{Producer, ProducerStats};
use super::queue::EventQueue;
use super::retry;
use super::rng::stream;
use super::sample::{ArrivalProcess, DurationSampler, KeySampler};
use super::service::{Call, MAX_WAITING_CALLS, Service, class_index};
use super::status::{GroupStatus, InstanceStatus, ProducerStatus, ServiceStatus, SystemStatus, TopicStatus};
use super::topic::{Partition, Topic, TopicStats};
use crate::scenario::{Arrivals, Delivery, ErrorClass, OnExhausted, Overflow, Scenario};
use crate::time::{SimDuration, SimTime};

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

/// Outcome of offering a message to a topic.
enum Publish {
    Accepted,
    Rejected,
    Blocked,
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
                let index = find(services.iter().map(|s| s.name.clone()), name).ok_or(BuildError::UnknownReference {
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
            producers.push(Producer {
                name: spec.name.clone(),
                topic,
                arrivals: ArrivalProcess::new(spec.rate.clone()),
                keys: KeySampler::new(&spec.keys),
                rng: stream(seed, &format!("producer:{}", spec.name)),
                arrival_generation: 0,
                blocked: None,
                stats: ProducerStats::default(),
            });
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

    /// Messages still in the system, counted where they are: blocked at a producer, in a
    /// topic, buffered or being handled by a consumer, or waiting out a retry back-off.
    pub fn in_system(&self) -> u64 {
        let blocked = self.producers.iter().filter(|p| p.blocked.is_some()).count() as u64;
        let in_topics: u64 = self.topics.iter().filter(|t| !t.is_dead_letter_target).map(|t| t.len).sum();
        let in_groups: u64 = self.groups.iter().map(Group::held).sum();
        blocked + in_topics + in_groups
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
        if any(&|g| g.circuit_breaker.is_some()) {
            out.push("circuit_breaker");
        }
        if any(&|g| g.rate_limit.is_some()) {
            out.push("rate_limit");
        }
        if any(&|g| g.idempotent) {
            out.push("idempotent");
        }
        if any(&|g| g.supervisor.is_some()) {
            out.push("supervisor");
        }
        if any(&|g| g.autoscale.is_some()) {
            out.push("autoscale");
        }
        if s.producers.iter().any(|p| p.outbox) {
            out.push("outbox");
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
        let description = self.apply_inner(&command)?;
        self.log.push(self.now, Severity::Info, command_target(&command), description);
        self.commands.push(TimedCommand { at: self.now, command });
        Ok(())
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
        }
    }

    fn schedule_next_arrival(&mut self, p: u32) {
        let producer = &mut self.producers[p as usize];
        if let Some(at) = producer.arrivals.next_after(self.now, &mut producer.rng) {
            let generation = producer.arrival_generation;
            self.queue.schedule(at, Event::Arrival { producer: p, generation });
        }
    }

    fn on_arrival(&mut self, p: u32, generation: u32) {
        let producer = &mut self.producers[p as usize];
        if generation != producer.arrival_generation || producer.blocked.is_some() {
            return;
        }
        let key = producer.keys.sample(&mut producer.rng);
        let t = producer.topic;
        producer.stats.produced += 1;
        let message = Message {
            id: self.next_message_id,
            produced_at: self.now,
            published_at: self.now,
            last_backoff_ns: 0,
            key,
            producer: p,
            partition: self.topics[t as usize].partition_for_key(key),
            attempts: 0,
        };
        self.next_message_id += 1;
        self.ledger.record_produced();
        self.interval.produced += 1;
        match self.publish(t, message) {
            Publish::Accepted | Publish::Rejected => self.schedule_next_arrival(p),
            Publish::Blocked => {
                let producer = &mut self.producers[p as usize];
                producer.blocked = Some(message);
                producer.stats.times_blocked += 1;
                self.topics[t as usize].blocked_producers.push_back(p);
            }
        }
    }

    fn publish(&mut self, t: u32, mut message: Message) -> Publish {
        let topic = &mut self.topics[t as usize];
        if topic.is_full() {
            match topic.overflow {
                Overflow::RejectNew => {
                    self.producers[message.producer as usize].stats.rejected += 1;
                    self.ledger.record(Terminal::Dropped, Reason::TopicFullRejected);
                    self.interval.dropped += 1;
                    return Publish::Rejected;
                }
                Overflow::DropOldest => {
                    if topic.pop_oldest(message.partition).is_some() {
                        self.ledger.record(Terminal::Dropped, Reason::TopicFullDroppedOldest);
                        self.interval.dropped += 1;
                    }
                }
                Overflow::BlockProducer => return Publish::Blocked,
            }
        }
        message.published_at = self.now;
        let partition = message.partition;
        topic.push(message);
        let consumer = topic.consumer;
        self.arm_expiry(t, partition);
        if let Some(g) = consumer {
            self.offer(g, partition);
        }
        Publish::Accepted
    }

    fn arm_expiry(&mut self, t: u32, p: u32) {
        let topic = &mut self.topics[t as usize];
        let Some(ttl) = topic.ttl else { return };
        let partition = &mut topic.partitions[p as usize];
        if partition.expiry_armed {
            return;
        }
        if let Some(head) = partition.queue.front() {
            partition.expiry_armed = true;
            self.queue.schedule(head.published_at + ttl, Event::Expiry { topic: t, partition: p });
        }
    }

    fn on_expiry(&mut self, t: u32, p: u32) {
        let topic = &mut self.topics[t as usize];
        topic.partitions[p as usize].expiry_armed = false;
        let Some(ttl) = topic.ttl else { return };
        let mut expired = Vec::new();
        while let Some(head) = topic.partitions[p as usize].queue.front() {
            if head.published_at + ttl > self.now {
                break;
            }
            if let Some(message) = topic.take_from(p) {
                expired.push(message);
            }
        }
        let expired_to = topic.expired_to;
        let freed = !expired.is_empty();
        for message in expired {
            match expired_to {
                Some(dlq) => self.dead_letter(
                    dlq,
                    DeadLetter { message, at: self.now, reason: Reason::TtlExpired, last_error: None, group: None },
                ),
                None => {
                    self.ledger.record(Terminal::Expired, Reason::TtlExpired);
                    self.interval.expired += 1;
                }
            }
        }
        self.arm_expiry(t, p);
        if freed {
            self.unblock_producers(t);
        }
    }

    /// A message just landed in `partition`: let an instance that can take it fetch it.
    fn offer(&mut self, g: u32, partition: u32) {
        let group = &mut self.groups[g as usize];
        match group.delivery {
            Delivery::Partitioned => {
                let owner = group.partition_owner[partition as usize];
                if group.instances[owner as usize].up {
                    self.pump(g, owner);
                }
            }
            Delivery::Competing => {
                // Round-robin over instances with room, as RabbitMQ dispatches to consumers.
                let n = group.instances.len() as u32;
                for k in 0..n {
                    let i = (group.next_instance + k) % n;
                    let inst = &group.instances[i as usize];
                    if inst.up && inst.unacked < group.prefetch {
                        group.next_instance = (i + 1) % n;
                        self.pump(g, i);
                        return;
                    }
                }
            }
        }
    }

    /// Fills instance `i`'s prefetch buffer from its partitions and starts idle workers.
    fn pump(&mut self, g: u32, i: u32) {
        let group = &mut self.groups[g as usize];
        let t = group.topic;
        let topic = &mut self.topics[t as usize];
        let mut fetched = false;
        let inst = &mut group.instances[i as usize];
        if !inst.up {
            return;
        }
        while inst.unacked < group.prefetch && topic.len > 0 {
            let message = match group.delivery {
                Delivery::Partitioned => {
                    let owned = inst.partitions.len();
                    let found = (0..owned).map(|k| (inst.next_partition + k) % owned).find(|&k| {
                        !topic.partitions[inst.partitions[k] as usize].queue.is_empty()
                    });
                    match found {
                        Some(k) => {
                            inst.next_partition = (k + 1) % owned;
                            topic.take_from(inst.partitions[k])
                        }
                        None => None,
                    }
                }
                Delivery::Competing => {
                    let n = topic.partitions.len() as u32;
                    let found = (0..n).map(|k| (group.next_partition + k) % n).find(|&p| !topic.partitions[p as usize].queue.is_empty());
                    match found {
                        Some(p) => {
                            group.next_partition = (p + 1) % n;
                            topic.take_from(p)
                        }
                        None => None,
                    }
                }
            };
            let Some(message) = message else { break };
            inst.buffer.push_back(message);
            inst.unacked += 1;
            fetched = true;
        }
        loop {
            let group = &mut self.groups[g as usize];
            let per_key_order = group.delivery == Delivery::Partitioned;
            let inst = &mut group.instances[i as usize];
            if inst.busy >= group.concurrency {
                break;
            }
            let Some(message) = inst.next_startable(per_key_order) else { break };
            self.start_job(g, i, message);
        }
        if fetched {
            self.unblock_producers(t);
        }
    }

    fn start_job(&mut self, g: u32, i: u32, mut message: Message) {
        let group = &mut self.groups[g as usize];
        message.attempts = message.attempts.saturating_add(1);
        group.stats.attempts += 1;
        let inst = &mut group.instances[i as usize];
        inst.busy += 1;
        if group.delivery == Delivery::Partitioned {
            inst.active_keys.push(message.key);
        }
        let job = group.allocate_job(Job { message, instance: i, stage: 0, generation: 0, state: JobState::Working, last_error: None });
        let generation = group.jobs[job as usize].generation;
        let work = group.work.sample(&mut group.work_rng);
        self.queue.schedule(self.now + work, Event::HandlerStep { group: g, job, generation });
    }

    /// The job finished a step: issue its next service call, or finish.
    fn advance(&mut self, g: u32, j: u32) {
        let group = &self.groups[g as usize];
        let stage = group.jobs[j as usize].stage as usize;
        match group.calls.get(stage) {
            Some(&service) => self.issue_call(g, j, service),
            None => self.succeed(g, j),
        }
    }

    fn issue_call(&mut self, g: u32, j: u32, s: u32) {
        let group = &mut self.groups[g as usize];
        let job = &mut group.jobs[j as usize];
        job.generation = job.generation.wrapping_add(1);
        job.state = JobState::Calling { service: s, since: self.now };
        let generation = job.generation;
        let timeout = group.timeout;
        let service = &mut self.services[s as usize];
        if !service.has_room() && service.waiting.len() >= MAX_WAITING_CALLS {
            // Refused at the door, as an overloaded server answers 503.
            service.stats.refused += 1;
            self.attempt_failed(g, j, ErrorClass::Transient);
            return;
        }
        let call = service.allocate_call(Call { group: g, job: j, generation, issued_at: self.now });
        if service.has_room() {
            self.start_call(s, call);
        } else {
            service.waiting.push_back(call);
        }
        if let Some(timeout) = timeout {
            self.queue.schedule(self.now + timeout, Event::CallTimeout { group: g, job: j, generation });
        }
    }

    fn start_call(&mut self, s: u32, call: u32) {
        let service = &mut self.services[s as usize];
        service.active += 1;
        let latency = service.latency.sample(&mut service.rng);
        self.queue.schedule(self.now + latency, Event::CallDone { service: s, call });
    }

    fn on_call_done(&mut self, s: u32, call_id: u32) {
        let service = &mut self.services[s as usize];
        service.active -= 1;
        let call = service.release_call(call_id);
        let outcome = service.draw_outcome();
        service.stats.calls += 1;
        service.stats.interval_calls += 1;
        if let Some(class) = outcome {
            service.stats.errors[class_index(class)] += 1;
            service.stats.interval_errors += 1;
        }
        if let Some(next) = service.waiting.pop_front() {
            self.start_call(s, next);
        }
        // The caller may have given up (timeout); the work was done anyway.
        let job = &mut self.groups[call.group as usize].jobs[call.job as usize];
        if job.generation != call.generation || !matches!(job.state, JobState::Calling { .. }) {
            return;
        }
        job.generation = job.generation.wrapping_add(1);
        match outcome {
            None => {
                job.stage += 1;
                job.state = JobState::Working;
                self.advance(call.group, call.job);
            }
            Some(class) => self.attempt_failed(call.group, call.job, class),
        }
    }

    fn on_call_timeout(&mut self, g: u32, j: u32, generation: u32) {
        let group = &mut self.groups[g as usize];
        let job = &mut group.jobs[j as usize];
        if job.generation != generation || !matches!(job.state, JobState::Calling { .. }) {
            return;
        }
        job.generation = job.generation.wrapping_add(1);
        group.stats.timeouts += 1;
        self.attempt_failed(g, j, ErrorClass::Timeout);
    }

    /// An attempt failed with `class`: retry after a back-off, or give up.
    fn attempt_failed(&mut self, g: u32, j: u32, class: ErrorClass) {
        let group = &mut self.groups[g as usize];
        group.stats.failures[class_index(class)] += 1;
        group.stats.interval_failures += 1;
        self.interval.failed += 1;
        let job = &mut group.jobs[j as usize];
        job.last_error = Some(class);
        let attempts = u32::from(job.message.attempts);
        match class {
            ErrorClass::Business => self.give_up(g, j, Reason::BusinessError),
            ErrorClass::Fatal => self.give_up(g, j, Reason::FatalError),
            ErrorClass::Transient | ErrorClass::Timeout if attempts < group.retry.max_attempts => {
                self.schedule_retry(g, j, attempts)
            }
            ErrorClass::Transient | ErrorClass::Timeout => self.give_up(g, j, Reason::RetriesExhausted),
        }
    }

    /// The message waits out its back-off without holding a worker (it stays
    /// unacknowledged at the instance, so it still counts against prefetch).
    fn schedule_retry(&mut self, g: u32, j: u32, retry_number: u32) {
        let group = &mut self.groups[g as usize];
        let job = &mut group.jobs[j as usize];
        job.state = JobState::Retrying;
        job.generation = job.generation.wrapping_add(1);
        let generation = job.generation;
        let previous = SimDuration(job.message.last_backoff_ns);
        let delay = retry::delay(&group.retry.backoff, group.retry.jitter, retry_number, previous, &mut group.retry_rng);
        job.message.last_backoff_ns = delay.0;
        let (i, key) = (job.instance, job.message.key);
        group.stats.retries += 1;
        let inst = &mut group.instances[i as usize];
        inst.busy -= 1;
        inst.release_key(key);
        self.queue.schedule(self.now + delay, Event::RetryDue { group: g, job: j, generation });
        self.pump(g, i);
    }

    fn on_retry_due(&mut self, g: u32, j: u32, generation: u32) {
        let group = &mut self.groups[g as usize];
        let job = group.jobs[j as usize];
        if job.generation != generation || job.state != JobState::Retrying {
            return;
        }
        group.free_job(j);
        // Back to the front of the buffer: a retry goes before newer messages.
        group.instances[job.instance as usize].buffer.push_front(job.message);
        self.pump(g, job.instance);
    }

    /// Releases the worker and the message's place at the instance (the ack).
    fn finish_job(&mut self, g: u32, j: u32) -> Job {
        let group = &mut self.groups[g as usize];
        let job = group.jobs[j as usize];
        let inst = &mut group.instances[job.instance as usize];
        inst.busy -= 1;
        inst.unacked -= 1;
        inst.release_key(job.message.key);
        group.free_job(j);
        job
    }

    fn succeed(&mut self, g: u32, j: u32) {
        let job = self.finish_job(g, j);
        let latency = self.now - job.message.produced_at;
        let group = &mut self.groups[g as usize];
        group.stats.processed += 1;
        group.stats.interval_processed += 1;
        group.stats.latency.record(latency);
        group.stats.interval_latency.record(latency);
        self.latency.record(latency);
        self.interval_latency.record(latency);
        self.ledger.record_processed();
        self.interval.processed += 1;
        self.pump(g, job.instance);
    }

    fn give_up(&mut self, g: u32, j: u32, reason: Reason) {
        let job = self.finish_job(g, j);
        let letter = DeadLetter { message: job.message, at: self.now, reason, last_error: job.last_error, group: Some(g) };
        match self.groups[g as usize].on_exhausted {
            ExhaustTarget::DeadLetter(t) => self.dead_letter(t, letter),
            ExhaustTarget::Drop => {
                self.ledger.record(Terminal::Dropped, reason);
                self.interval.dropped += 1;
            }
            ExhaustTarget::Park => {
                let parked = &mut self.groups[g as usize].parked;
                if parked.len() >= PARKING_LOT_CAPACITY
                    && let Some(evicted) = parked.pop_front()
                {
                    self.ledger.reclassify(
                        (Terminal::DeadLettered, evicted.reason),
                        Some((Terminal::Dropped, Reason::ParkingLotFull)),
                    );
                }
                parked.push_back(letter);
                self.ledger.record(Terminal::DeadLettered, reason);
                self.interval.dead_lettered += 1;
            }
        }
        self.pump(g, job.instance);
    }

    /// Publishes a dead letter to a dead-letter topic, which has a bound like any topic.
    fn dead_letter(&mut self, t: u32, letter: DeadLetter) {
        let topic = &mut self.topics[t as usize];
        if topic.is_full() {
            match topic.overflow {
                Overflow::DropOldest => {
                    if let Some(evicted) = topic.dead_letters.pop_front() {
                        self.ledger.reclassify(
                            (Terminal::DeadLettered, evicted.reason),
                            Some((Terminal::Dropped, Reason::DeadLetterTopicFull)),
                        );
                    }
                }
                // A consumer cannot be blocked by its dead-letter topic: refuse the letter.
                Overflow::RejectNew | Overflow::BlockProducer => {
                    self.ledger.record(Terminal::Dropped, Reason::DeadLetterTopicFull);
                    self.interval.dropped += 1;
                    return;
                }
            }
        }
        topic.dead_letters.push_back(letter);
        topic.stats.dead_letters_received += 1;
        topic.stats.interval_dead_letters += 1;
        topic.stats.max_backlog = topic.stats.max_backlog.max(topic.dead_letters.len() as u64);
        self.ledger.record(Terminal::DeadLettered, letter.reason);
        self.interval.dead_lettered += 1;
    }

    /// Room appeared in topic `t`: blocked producers publish their waiting message, in
    /// the order they blocked, and resume their arrival processes.
    fn unblock_producers(&mut self, t: u32) {
        while !self.topics[t as usize].is_full() {
            let Some(p) = self.topics[t as usize].blocked_producers.pop_front() else { break };
            let Some(message) = self.producers[p as usize].blocked.take() else { continue };
            self.producers[p as usize].arrivals.restart_at(self.now);
            self.publish(t, message);
            self.schedule_next_arrival(p);
        }
    }

    fn on_sample(&mut self) {
        let width = self.now - self.last_sample_at;
        let seconds = width.as_secs_f64().max(1e-12);
        let per_s = |n: u64| (n as f64 / seconds) as f32;
        let c = std::mem::take(&mut self.interval);
        self.peak_processed_per_s = self.peak_processed_per_s.max(c.processed as f64 / seconds);
        let mut row = std::mem::take(&mut self.row);
        row.clear();
        row.extend([
            per_s(c.produced),
            per_s(c.processed),
            per_s(c.dead_lettered),
            per_s(c.failed),
            per_s(c.expired),
            per_s(c.dropped),
            per_s(c.lost),
            self.interval_latency.quantile_ms(0.50) as f32,
            self.interval_latency.quantile_ms(0.95) as f32,
            self.interval_latency.quantile_ms(0.99) as f32,
        ]);
        self.interval_latency.reset();
        for topic in &mut self.topics {
            row.push(topic.backlog() as f32);
            if topic.stats.interval_dead_letters > 0 {
                self.log.push(
                    self.now,
                    Severity::Warning,
                    topic.name.clone(),
                    format!("{} dead letters in the last {}", topic.stats.interval_dead_letters, width),
                );
                topic.stats.interval_dead_letters = 0;
            }
        }
        for group in &mut self.groups {
            let lag = self.topics[group.topic as usize].len + group.held();
            let attempts_failed = group.stats.interval_failures as f64;
            let finished = (group.stats.interval_processed + group.stats.interval_failures) as f64;
            row.extend([
                lag as f32,
                group.live_jobs() as f32,
                group.live_instances() as f32,
                group.stats.interval_latency.quantile_ms(0.95) as f32,
                if finished > 0.0 { (attempts_failed / finished) as f32 } else { 0.0 },
            ]);
            group.stats.interval_latency.reset();
            group.stats.interval_processed = 0;
            group.stats.interval_failures = 0;
        }
        for service in &mut self.services {
            row.extend([
                per_s(service.stats.interval_calls),
                per_s(service.stats.interval_errors),
                (service.active as usize + service.waiting.len()) as f32,
            ]);
            service.stats.interval_calls = 0;
            service.stats.interval_errors = 0;
        }
        self.history.push(self.now, width, &row);
        self.row = row;
        self.last_sample_at = self.now;
        self.queue.schedule(self.now + self.sample_every(), Event::Sample);
    }

    // ----- commands -------------------------------------------------------------------

    fn apply_inner(&mut self, command: &Command) -> Result<String, CommandError> {
        let unknown = |kind, name: &str| CommandError::UnknownComponent { kind, name: name.to_string() };
        match command {
            Command::SetArrivalRate { producer, per_second } => {
                let p = find(self.producers.iter().map(|p| p.name.clone()), producer).ok_or_else(|| unknown("producer", producer))?;
                if !per_second.is_finite() || *per_second < 0.0 {
                    return Err(CommandError::InvalidValue(format!("rate must be a finite number ≥ 0, got {per_second}")));
                }
                let prod = &mut self.producers[p as usize];
                let spec = match prod.arrivals.spec().clone() {
                    Arrivals::Constant { .. } => Arrivals::Constant { per_second: *per_second },
                    Arrivals::Poisson { .. } => Arrivals::Poisson { per_second: *per_second },
                    Arrivals::Bursty { on, off, .. } => Arrivals::Bursty { per_second: *per_second, on, off },
                    _ => {
                        return Err(CommandError::Unsupported(format!(
                            "producer `{producer}` has a time-varying arrival process; its rate cannot be set to one value"
                        )));
                    }
                };
                prod.arrivals.replace(spec, self.now);
                prod.arrival_generation = prod.arrival_generation.wrapping_add(1);
                if prod.blocked.is_none() {
                    self.schedule_next_arrival(p);
                }
                Ok(format!("rate set to {per_second}/s"))
            }
            Command::SetConcurrency { group, concurrency } => {
                let g = find(self.groups.iter().map(|g| g.name.clone()), group).ok_or_else(|| unknown("consumer group", group))?;
                if *concurrency == 0 {
                    return Err(CommandError::InvalidValue("concurrency must be at least 1".into()));
                }
                self.groups[g as usize].concurrency = *concurrency;
                for i in 0..self.groups[g as usize].instances.len() as u32 {
                    self.pump(g, i);
                }
                Ok(format!("concurrency set to {concurrency}"))
            }
            Command::SetServiceErrors { service, errors } => {
                let s = find(self.services.iter().map(|s| s.name.clone()), service).ok_or_else(|| unknown("service", service))?;
                let ps = [errors.transient, errors.business, errors.fatal];
                if ps.iter().any(|p| !(0.0..=1.0).contains(p)) || ps.iter().sum::<f64>() > 1.0 + 1e-12 {
                    return Err(CommandError::InvalidValue("error probabilities must lie in [0, 1] and sum to at most 1".into()));
                }
                self.services[s as usize].errors = *errors;
                Ok(format!(
                    "errors set to transient {} business {} fatal {}",
                    errors.transient, errors.business, errors.fatal
                ))
            }
            Command::SetServiceLatency { service, latency } => {
                let s = find(self.services.iter().map(|s| s.name.clone()), service).ok_or_else(|| unknown("service", service))?;
                self.services[s as usize].latency = DurationSampler::new(latency);
                Ok(format!("latency set to {latency:?}"))
            }
        }
    }
}

fn command_target(command: &Command) -> String {
    match command {
        Command::SetArrivalRate { producer, .. } => producer.clone(),
        Command::SetConcurrency { group, .. } => group.clone(),
        Command::SetServiceErrors { service, .. } | Command::SetServiceLatency { service, .. } => service.clone(),
    }
}

/// The history's columns, in the order `on_sample` writes them.
fn series_specs(topics: &[Topic], groups: &[Group], services: &[Service]) -> Vec<SeriesSpec> {
    let spec = |key: String, label: String, kind, consolidation| SeriesSpec { key, label, kind, consolidation };
    let mut specs = Vec::new();
    for (key, label) in [
        ("produced", "produced/s"),
        ("processed", "processed/s"),
        ("dead_lettered", "dead-lettered/s"),
        ("failed", "failed attempts/s"),
        ("expired", "expired/s"),
        ("dropped", "dropped/s"),
        ("lost", "lost/s"),
    ] {
        specs.push(spec(format!("throughput.{key}"), label.into(), SeriesKind::Throughput, Consolidation::Mean));
    }
    for q in ["p50", "p95", "p99"] {
        specs.push(spec(format!("latency.{q}_ms"), format!("{q} latency (ms)"), SeriesKind::Latency, Consolidation::Max));
    }
    for t in topics {
        specs.push(spec(format!("topic.{}.backlog", t.name), format!("{} backlog", t.name), SeriesKind::Backlog, Consolidation::Mean));
    }
    for g in groups {
        let n = &g.name;
        specs.push(spec(format!("group.{n}.lag"), format!("{n} lag"), SeriesKind::Lag, Consolidation::Mean));
        specs.push(spec(format!("group.{n}.in_flight"), format!("{n} in flight"), SeriesKind::InFlight, Consolidation::Mean));
        specs.push(spec(format!("group.{n}.instances"), format!("{n} instances"), SeriesKind::Instances, Consolidation::Mean));
        specs.push(spec(format!("group.{n}.p95_ms"), format!("{n} p95 (ms)"), SeriesKind::Latency, Consolidation::Max));
        specs.push(spec(format!("group.{n}.failure_rate"), format!("{n} failure rate"), SeriesKind::ServiceErrors, Consolidation::Max));
    }
    for s in services {
        let n = &s.name;
        specs.push(spec(format!("service.{n}.calls"), format!("{n} calls/s"), SeriesKind::ServiceCalls, Consolidation::Mean));
        specs.push(spec(format!("service.{n}.errors"), format!("{n} errors/s"), SeriesKind::ServiceErrors, Consolidation::Mean));
        specs.push(spec(format!("service.{n}.busy"), format!("{n} busy + queued"), SeriesKind::ServiceCalls, Consolidation::Mean));
    }
    specs
}
