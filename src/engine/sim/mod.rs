//! The simulation: owns every component and advances virtual time event by event.
//!
//! Message flow: producer → (publish) topic partition → (fetch, up to prefetch) instance
//! buffer → (worker) handler job: own work, then service calls in sequence → processed,
//! or on failure retry back-off → back to the buffer, or give up → dead letter / drop /
//! park. Every transition updates the ledger in the same step, so the conservation law
//! holds between any two events.

use super::alerts::{AlertChange, AlertMetric, AlertRule};
use super::availability::{Availability, Combine, StructureWatch};
use super::broker::Broker;
use super::client::Client;
use super::command::{Command, CommandError, MAX_COMMANDS, TimedCommand};
use super::consumer::{ExhaustTarget, Group, Instance, Job, JobState, PARKING_LOT_CAPACITY};
use super::event::Event;
use super::event_types::EventTypes;
use super::fault::{Fault, FaultOrigin, OutageChange, Target, Unit, UnitKind};
use super::halt::{Halt, HaltReason, MessagesHeld};
use super::ids::{
    CallId, ClientId, FaultId, GroupId, GuardId, InstanceId, JobId, NodeId, PartitionId, ProducerId, ReplicaId, SagaId,
    ServiceId, TiSlice, TiVec, TopicId, UnitId,
};
use super::incident::Incidents;
use super::ledger::{Ledger, Reason, Terminal};
use super::live::LiveChange;
use super::log::{EventLog, HealthOutcome, LogText, ScaleCause, Severity};
use super::message::{DeadLetter, Message, Origin};
use super::metrics::{History, IntervalLatency, LatencyStats, SeriesSpec};
use super::policy::breaker::Notice;
use super::policy::bulkhead::Entry as BulkheadEntry;
use super::producer::{Producer, ProducerStats};
use super::queue::EventQueue;
use super::retry;
use super::rng::{Stream, StreamOf};
use super::saga::{Reply, Saga};
use super::service::{
    Call, Caller, CallerName, Chain, Dispatch, Finished, Reschedule, Service, Started, WorkDone, class_index,
};
use super::status::{GroupStatus, InstanceStatus, ProducerStatus, ServiceStatus, SystemStatus, TopicStatus};
use super::topic::{DeadLetterStored, Topic, TopicStats};
use super::trace::{StepKind, Tracer};
use crate::scenario::limits::MAX_MESSAGES_HELD;
use crate::scenario::{
    AlertCondition, Arrivals, Delivery, ErrorClass, FaultKind, OnExhausted, Overflow, RateOverflow, Scenario,
    ShedAction,
};
use crate::time::{SimDuration, SimTime};
use rand::RngExt;

mod batches;
mod broker;
mod build;
mod calls;
mod clients;
mod commands;
mod consume;
mod failure;
mod faults;
mod flow;
mod grow;
mod guards;
mod health;
mod journeys;
mod observe;
mod outbox;
mod produce;
mod publish_retry;
mod reconfigure;
mod recovery;
mod redrive;
mod requests;
mod retention;
mod saga;
mod sampling;
mod scaling;
mod service_health;
mod standby;
mod state;
mod status;
mod structures;
mod throttle;

#[cfg(test)]
mod edge_tests;
#[cfg(test)]
mod halt_tests;

use build::make_unit;
pub use commands::describe_reset;
pub use journeys::{Journey, JourneyStep, SagaStep};
pub use retention::ResetSummary;
pub use status::service_level;
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

impl PublishOutcome {
    /// Why the topic did not take the message, if it did not (a blocked publish counts as
    /// refused for a publisher that cannot wait: the topic was full).
    pub fn refusal(self) -> Option<Reason> {
        match self {
            PublishOutcome::Accepted => None,
            PublishOutcome::Blocked => Some(Reason::TopicFullRejected),
            PublishOutcome::Rejected(reason) | PublishOutcome::Unreachable(reason) => Some(reason),
        }
    }
}

/// The whole simulated system. `Clone` copies the complete state (what-if forks and
/// replay checkpoints rely on it).
#[derive(Clone, Debug)]
pub struct Simulation {
    /// The scenario with every live change applied (what a saved copy should contain).
    scenario: Scenario,
    /// The scenario as built, with the run's seed: what sessions replay from.
    initial: Scenario,
    /// The seed the random streams derive from now (the build seed until a `Reseed`).
    seed: u64,
    /// Every field changed live, in order.
    changes: Vec<LiveChange>,
    /// (group, guard) of each breaker, in the order of their history series (breakers
    /// added by live changes come last).
    breaker_series: Vec<(CallerName, GuardId)>,
    now: SimTime,
    end: SimTime,
    queue: EventQueue,
    producers: TiVec<ProducerId, Producer>,
    topics: TiVec<TopicId, Topic>,
    groups: TiVec<GroupId, Group>,
    services: TiVec<ServiceId, Service>,
    /// Synchronous callers: requests that wait for an answer, no broker between.
    clients: TiVec<ClientId, Client>,
    /// Orchestrated sagas, each run by one of the groups (its `saga`).
    sagas: TiVec<SagaId, Saga>,
    /// Saga commands on their way, by message id: a command's end (processed,
    /// dead-lettered, ...) finds the saga step that waits for it here. Bounded by the
    /// messages the run holds: an entry leaves when its command ends.
    saga_commands: std::collections::BTreeMap<u64, crate::engine::saga::PendingCommand>,
    /// The scenario's event types, by id.
    event_types: EventTypes,
    /// Sampled journeys, when the scenario traces.
    tracer: Option<Tracer>,
    ledger: Ledger,
    /// Deliveries processed within their group's latency objective, from time zero (the
    /// fault-tolerance rate's numerator, see `incident`).
    processed_within_objective: u64,
    latency: LatencyStats,
    interval_latency: IntervalLatency,
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
    broker: Broker,
    /// Whether any publish goes through a produce request (a producer batches its sends,
    /// or the broker has a cost): one flag for `send` to read, so a run without either
    /// pays one load per publish.
    requests: bool,
    /// Every service, broker node and consumer instance, for availability.
    units: TiVec<UnitId, Unit>,
    /// Structures of units whose up time is accumulated as they change (see
    /// `watch_structure`); a handful at most, asked for by a lesson's laws.
    watches: Vec<StructureWatch>,
    /// Groups, replicated services and the laws' structures, whose availability the report
    /// gives as numbers (`structures`).
    structures: Vec<crate::engine::uptime::UpCount>,
    /// Scheduled and injected faults, in order of creation; `active_faults` indexes the
    /// ones in effect.
    faults: TiVec<FaultId, Fault>,
    active_faults: Vec<FaultId>,
    incidents: Incidents,
    alerts: Vec<AlertRule>,
    /// Reused buffer for redelivery, so it allocates nothing per message.
    scratch: Vec<Message>,
    /// Reused per-sample buffers: each group's interval figures, each unit's up share.
    group_samples: TiVec<GroupId, observe::GroupSample>,
    unit_fractions: TiVec<UnitId, f64>,
    /// Set when the run reached a limit on what it may hold; from then on no event is
    /// handled (see `halt`).
    halt: Option<Halt>,
    /// The most messages the run may hold: [`MAX_MESSAGES_HELD`] (a field so that tests
    /// can reach the limit in a few thousand messages).
    held_limit: u64,
}

/// Productions between two counts of the messages held (see `check_messages_held`).
const HELD_CHECK_EVERY: u64 = 1024;

impl Simulation {
    /// Builds the initial state from a validated scenario, using the scenario's seed.
    pub fn new(scenario: &Scenario) -> Result<Simulation, BuildError> {
        Simulation::with_seed(scenario, scenario.seed)
    }

    // ----- the small public API -------------------------------------------------------

    /// Processes every event due at or before `limit`, then sets the clock to `limit`.
    /// Running in one call or in many slices gives bit-identical results.
    /// After a halt nothing more is handled, and the clock still moves to `limit`.
    pub fn step_until(&mut self, limit: SimTime) {
        while self.halt.is_none()
            && let Some((at, event)) = self.queue.pop_due(limit)
        {
            debug_assert!(at >= self.now, "an event was scheduled in the past ({at} < {})", self.now);
            self.now = at;
            self.events_handled += 1;
            self.handle(event);
        }
        self.now = self.now.max(limit);
    }

    /// Processes exactly one event (the UI's single step). Returns false if none is pending
    /// (or the run halted).
    pub fn step_one(&mut self) -> bool {
        if self.halt.is_some() {
            return false;
        }
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

    /// At the end, or stopped early at a resource limit (see [`Simulation::halt`]).
    pub fn is_finished(&self) -> bool {
        self.now >= self.end || self.halt.is_some()
    }

    /// The scenario with every live change applied so far: saved with
    /// `scenario::to_ron_string`, it is a new scenario file with the changes in it.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario as the simulation was built (with the run's seed), before any live
    /// change: a session replays from it and the command log.
    pub fn initial_scenario(&self) -> &Scenario {
        &self.initial
    }

    /// The seed the random streams derive from: the run's seed, or the last `Reseed`'s.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Every field changed live so far, in order (also in the event log).
    pub fn live_changes(&self) -> &[LiveChange] {
        &self.changes
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
        match self.groups.raw.as_slice() {
            [only] => &only.stats.latency,
            _ => &self.latency,
        }
    }

    /// End-to-end latency of the current sample interval, all groups.
    fn interval_latency(&self) -> &LatencyStats {
        match self.groups.raw.as_slice() {
            [only] => &only.stats.interval_latency,
            _ => &self.interval_latency,
        }
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
            // Duplicate copies still around stay accounted for: the duplicate-copy law
            // starts again from them (created = held).
            let held = group.duplicate_copies_held + self.topics[group.topic].duplicate_copies();
            group.stats = Default::default();
            group.queueing.restart(self.now, group.held_deliveries(), group.busy_workers());
            group.recovery.cost =
                crate::engine::consumer::InstanceCost::starting(self.now, group.provisioned_instances());
            for inst in &mut group.instances {
                inst.busy_time.restart(self.now, u64::from(inst.busy));
                inst.finished = 0;
            }
            group.flow.reset_statistics();
            group.stats.redelivered_duplicates = held;
            group.stats.intervals = 0;
            group.stats.good_intervals = 0;
            // A rebalance pause in progress is counted from the reset on.
            let now = self.now;
            for since in group.assignment.paused_since.iter_mut().flatten() {
                *since = now;
            }
            if let Some(since) = &mut group.assignment.stopped_since {
                *since = now;
            }
        }
        for service in &mut self.services {
            service.reset_statistics(self.now);
        }
        for client in &mut self.clients {
            client.reset_statistics();
        }
        for saga in &mut self.sagas {
            saga.reset_statistics();
        }
        for producer in &mut self.producers {
            producer.stats = ProducerStats::default();
        }
        self.broker.reset_statistics(self.now);
        for unit in &mut self.units {
            unit.availability.restart_observation(self.now);
        }
        let now = self.now;
        self.structures.iter_mut().for_each(|s| s.restart(now));
        self.reset_policy_statistics();
    }

    /// When the statistics started: time zero, or the last `reset_statistics`.
    pub fn measured_from(&self) -> SimTime {
        self.measured_from
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

    /// When the next pending event is due (what `step_one` would process).
    pub fn next_event_at(&mut self) -> Option<SimTime> {
        self.queue.peek_time()
    }

    pub fn producers(&self) -> &[Producer] {
        &self.producers.raw
    }

    pub fn topics(&self) -> &[Topic] {
        &self.topics.raw
    }

    pub fn groups(&self) -> &[Group] {
        &self.groups.raw
    }

    pub fn services(&self) -> &[Service] {
        &self.services.raw
    }

    pub fn broker(&self) -> &Broker {
        &self.broker
    }

    /// The replication counters now (acks losses, ISR refusals, under-replicated time).
    pub fn replication(&self) -> crate::engine::broker::ReplicationStats {
        self.broker.stats_at(self.now)
    }

    /// Every service, broker node and consumer instance with its availability.
    pub fn units(&self) -> &[Unit] {
        &self.units.raw
    }

    /// Starts accumulating, from now, the down time of the structure the units `names`
    /// form (a redundant group, a chain), exactly however often they change state (the
    /// units' timelines keep only their last changes). Watching a structure already
    /// watched keeps the first watch. False if a name is no unit. An observer only: it
    /// changes nothing the simulation does or reports.
    pub fn watch_structure(&mut self, names: &[String], combine: Combine) -> bool {
        let Some(units) = self.unit_ids(names) else { return false };
        if !self.watches.iter().any(|w| w.units() == units.as_slice() && w.combine() == combine) {
            let down_now = units.iter().filter(|&&u| self.units[u].availability.is_down()).count();
            self.watches.push(StructureWatch::new(units, combine, self.now, down_now));
        }
        true
    }

    /// The share of the run so far with at least `k` of group `name`'s active slots
    /// serving, for a group with standby spares, a repair crew or common-cause shocks.
    pub fn serving_at_least(&self, name: &str, k: usize) -> Option<f64> {
        let group = self.groups.iter().find(|g| g.name == name)?;
        Some(group.redundancy.as_ref()?.serving.at_least(k, self.now))
    }

    /// The watch of the structure the units `names` form, if [`Simulation::watch_structure`]
    /// started one.
    pub fn structure_watch(&self, names: &[String], combine: Combine) -> Option<&StructureWatch> {
        let units = self.unit_ids(names)?;
        self.watches.iter().find(|w| w.units() == units.as_slice() && w.combine() == combine)
    }

    fn unit_ids(&self, names: &[String]) -> Option<Vec<UnitId>> {
        names.iter().map(|name| self.units.iter_enumerated().find(|(_, u)| u.name == *name).map(|(id, _)| id)).collect()
    }

    /// The unit stopped serving: its availability and the structures watched learn it.
    fn unit_down(&mut self, unit: UnitId) {
        if self.units[unit].availability.went_down(self.now) {
            let now = self.now;
            self.watches.iter_mut().for_each(|w| w.unit_changed(unit, true, now));
            self.structures_changed(unit);
        }
    }

    /// The unit serves again.
    fn unit_up(&mut self, unit: UnitId) {
        if self.units[unit].availability.came_up(self.now) {
            let now = self.now;
            self.watches.iter_mut().for_each(|w| w.unit_changed(unit, false, now));
            self.structures_changed(unit);
        }
    }

    /// The unit is no longer observed (an instance scaled in): a down period ends, as on
    /// its timeline, without counting as a repair.
    fn unit_suspended(&mut self, unit: UnitId) {
        let was_down = self.units[unit].availability.is_down();
        self.units[unit].availability.suspend(self.now);
        if was_down && !self.units[unit].availability.is_down() {
            let now = self.now;
            self.watches.iter_mut().for_each(|w| w.unit_changed(unit, false, now));
        }
        self.structures_changed(unit);
    }

    /// Scheduled and injected faults, in order of creation.
    pub fn faults(&self) -> &[Fault] {
        &self.faults.raw
    }

    pub fn incidents(&self) -> &Incidents {
        &self.incidents
    }

    /// The sampled journeys, when the scenario traces.
    pub fn tracer(&self) -> Option<&Tracer> {
        self.tracer.as_ref()
    }

    /// Records a step of `message`'s journey, when its root is traced.
    #[inline]
    fn trace(&mut self, message: &Message, kind: StepKind) {
        if let Some(tracer) = &mut self.tracer {
            tracer.record(self.now, message, kind);
        }
    }

    /// The scenario's event types (names by id).
    pub fn event_types(&self) -> &EventTypes {
        &self.event_types
    }

    pub fn alerts(&self) -> &[AlertRule] {
        &self.alerts
    }

    /// Messages still in the system, counted where they are: blocked at a producer, in a
    /// topic, buffered or being handled by a consumer, waiting out a retry back-off, or
    /// orphaned by a crash and waiting for redelivery. Duplicate copies are not counted
    /// (see `ledger`).
    pub fn in_system(&self) -> u64 {
        let at_producers: u64 = self.producers.iter().map(Producer::held).sum();
        let in_topics: u64 = self.topics.iter().map(Topic::in_system).sum();
        let in_groups: u64 = self.groups.iter().map(Group::held).sum();
        at_producers + in_topics + in_groups + self.broker.replicating_count() + self.in_broker_requests()
    }

    /// Messages kept in memory: those in the system, and the finished ones still stored
    /// (dead letters kept for redrive, processed copies awaiting an offset commit).
    pub fn messages_held(&self) -> MessagesHeld {
        let dead_letters: u64 = self.topics.iter().map(|t| t.dead_letters().len() as u64).sum::<u64>()
            + self.groups.iter().map(|g| g.recovery.parked.len() as u64).sum::<u64>();
        let awaiting_commit: u64 =
            self.groups.iter().flat_map(|g| &g.instances).map(|i| i.unconfirmed.len() as u64).sum();
        MessagesHeld { in_system: self.in_system(), dead_letters, awaiting_commit }
    }

    /// Why the run stopped before its end, if it did (see [`Halt`]).
    pub fn halt(&self) -> Option<&Halt> {
        self.halt.as_ref()
    }

    /// Stops the run when it holds `held_limit` messages. Called as messages are
    /// created (the only way the count grows), every [`HELD_CHECK_EVERY`] productions: the
    /// count walks every component, and a run may overshoot the limit by at most that many.
    fn check_messages_held(&mut self) -> bool {
        if !self.ledger.produced.is_multiple_of(HELD_CHECK_EVERY) {
            return true;
        }
        let held = self.messages_held();
        if held.total() < self.held_limit {
            return true;
        }
        let halt = Halt { at: self.now, reason: HaltReason::MessagesHeld { held, limit: self.held_limit } };
        self.log.push(self.now, Severity::Error, "scenario", LogText::Halted(halt.clone()));
        self.halt = Some(halt);
        false
    }

    /// `produced + fan_out_copies == in_system + Σ terminal`, counted independently on both sides; and for
    /// duplicate copies, created = processed + deduplicated + discarded + still held
    /// (where they are held is counted by walking the components too).
    /// The run's counts for incidents' fault-tolerance rates.
    pub(super) fn work_done(&self) -> crate::engine::incident::WorkCount {
        crate::engine::incident::WorkCount {
            arrived: self.ledger.produced + self.ledger.fan_out_copies,
            good: self.processed_within_objective,
        }
    }

    pub fn conservation_holds(&self) -> bool {
        self.ledger.deliveries() == self.in_system() + self.ledger.terminal() && self.duplicate_copies_conserved()
    }

    fn duplicate_copies_conserved(&self) -> bool {
        let (mut created, mut ended) = (0u64, 0u64);
        for g in &self.groups {
            let s = &g.stats;
            created += s.redelivered_duplicates;
            ended += s.duplicates_processed + s.deduplicated + s.duplicates_discarded;
        }
        let counted: u64 = self.groups.iter().map(|g| g.duplicate_copies_held).sum::<u64>()
            + self.topics.iter().map(|t| t.duplicate_copies()).sum::<u64>();
        if created == 0 {
            return counted == 0;
        }
        // Walk every copy (only once duplicates exist, so the common case stays cheap).
        let mut walked = 0u64;
        for g in &self.groups {
            let in_jobs = g.jobs.iter().filter(|j| j.state != JobState::Free && j.message.is_duplicate()).count();
            let in_instances: usize = g
                .instances
                .iter()
                .map(|i| i.buffer.iter().chain(i.orphaned.iter()).filter(|m| m.is_duplicate()).count())
                .sum();
            let held = (in_jobs + in_instances) as u64;
            if held != g.duplicate_copies_held {
                return false;
            }
            walked += held;
        }
        for t in &self.topics {
            let held = t.partitions.iter().flat_map(|p| p.queue.iter()).filter(|m| m.is_duplicate()).count() as u64;
            if held != t.duplicate_copies() {
                return false;
            }
            walked += held;
        }
        created == ended + walked && walked == counted
    }

    /// Scenario features that parse and validate but that this engine does not simulate
    /// yet; reported to the user rather than silently ignored. Every field of the format
    /// is simulated now, so the list is empty; the seam stays for fields to come.
    pub fn not_yet_modelled(&self) -> Vec<&'static str> {
        Vec::new()
    }

    /// Applies a live change at the current virtual time and records it. A refused
    /// command changes nothing.
    pub fn apply(&mut self, command: Command) -> Result<(), CommandError> {
        if self.commands.len() >= MAX_COMMANDS {
            return Err(CommandError::LogFull);
        }
        let (target, description) = self.apply_inner(&command)?;
        self.log.push(self.now, Severity::Info, target, description);
        self.commands.push(TimedCommand { at: self.now, after_events: self.events_handled, command });
        Ok(())
    }

    /// Re-derives every component's random stream from (`seed`, its name), as a recorded
    /// command (so a reseeded run replays exactly): the future draws anew, the state
    /// (queues, pending events, statistics) stays. Two clones reseeded alike go on
    /// identically; forked replications use it for independent futures from one state.
    pub fn reseed(&mut self, seed: u64) -> Result<(), CommandError> {
        self.apply(Command::Reseed { seed })
    }

    /// Replays a recorded command at exactly the moment it was first applied: handles
    /// events until the same count, moves the clock to the same time, then applies it.
    pub fn replay(&mut self, recorded: &TimedCommand) -> Result<(), CommandError> {
        let past = || CommandError::ReplayPast { at: recorded.at, after_events: recorded.after_events };
        if self.events_handled > recorded.after_events || self.now > recorded.at {
            return Err(past());
        }
        while self.events_handled < recorded.after_events {
            if self.halt.is_some() {
                // Stopped at a resource limit on the way: nothing more is handled, and the
                // command is moot (the recorded run stopped there too).
                self.now = recorded.at;
                return Ok(());
            }
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

    // ----- event handling ---------------------------------------------------------------

    fn handle(&mut self, event: Event) {
        match event {
            Event::Arrival { producer, generation } => self.on_arrival(producer, generation),
            Event::HandlerStep { group, job, generation } => self.on_handler_step(group, job, generation),
            Event::CallDone { service, call, epoch } => self.on_call_done(service, call, epoch),
            Event::ShareDone { service, replica, generation } => self.on_share_done(service, replica, generation),
            Event::CallTimeout { group, job, generation } => self.on_call_timeout(group, job, generation),
            Event::HopTimeout { service, call, generation } => {
                self.on_hop_timeout(Chain::Service(service), call, generation)
            }
            Event::HopRetry { service, call, generation } => {
                self.on_hop_retry(Chain::Service(service), call, generation)
            }
            Event::RequestTimeout { client, request, generation } => {
                self.on_hop_timeout(Chain::Client(client), request, generation)
            }
            Event::RequestRetry { client, request, generation } => {
                self.on_hop_retry(Chain::Client(client), request, generation)
            }
            Event::ClientArrival { client, generation } => self.on_client_arrival(client, generation),
            Event::RetryDue { group, job, generation } => self.on_retry_due(group, job, generation),
            Event::BatchDue { group, instance, generation } => self.on_batch_due(group, instance, generation),
            Event::SagaStepDue { group, job, generation } => self.on_saga_step_due(group, job, generation),
            Event::SagaReplyDue { group, job, generation } => self.on_saga_reply_due(group, job, generation),
            Event::Expiry { topic, partition } => self.on_expiry(topic, partition),
            Event::Sample => self.on_sample(),
            Event::FaultStart { fault } => self.start_fault(fault),
            Event::FaultEnd { fault } => self.end_fault(fault),
            Event::UnitFails { unit, generation } => self.on_unit_fails(unit, generation),
            Event::UnitRepaired { unit, generation } => self.on_unit_repaired(unit, generation),
            Event::SwitchOverDone { group, instance, generation } => {
                self.on_switch_over_done(group, instance, generation)
            }
            Event::CommonCauseShock { group } => self.on_common_cause_shock(group),
            Event::SessionExpired { group, instance, generation } => {
                self.on_session_expired(group, instance, generation)
            }
            Event::SupervisorNotices { group, instance, generation } => {
                self.on_supervisor_notices(group, instance, generation)
            }
            Event::RestartDue { group, instance, generation } => self.on_restart_due(group, instance, generation),
            Event::RebalanceDone { group, generation } => self.on_rebalance_done(group, generation),
            Event::AutoCommit { group } => self.on_auto_commit(group),
            Event::AutoscaleCheck { group } => self.on_autoscale_check(group),
            Event::RebuildDone { group, instance, generation } => self.on_rebuild_done(group, instance, generation),
            Event::BackupDue { group } => self.on_backup_due(group),
            Event::InstanceStarted { group, instance, generation } => {
                self.on_instance_started(group, instance, generation)
            }
            Event::HealthProbe { group } => self.on_health_probe(group),
            Event::Failover { node, generation } => self.on_failover(node, generation),
            Event::Replicated { placement } => self.on_replicated(placement),
            Event::LingerDue { producer, partition, generation } => self.on_linger_due(producer, partition, generation),
            Event::BrokerRequestDone { node, slot } => self.on_broker_request_done(node, slot),
            Event::ServiceProbe { service } => self.on_service_probe(service),
            Event::ServiceProbeTimedOut { service, replica } => self.on_service_probe_timed_out(service, replica),
            Event::TokenDue { group, job, generation } => self.on_token_due(group, job, generation),
            Event::BulkheadTimeout { group, job, generation } => self.on_bulkhead_timeout(group, job, generation),
            Event::BreakerWake { group, guard, generation } => {
                self.on_breaker_wake(CallerName::Group(group), guard, generation)
            }
            Event::HopBreakerWake { service, guard, generation } => {
                self.on_breaker_wake(CallerName::Service(service), guard, generation)
            }
            Event::RequestBreakerWake { client, guard, generation } => {
                self.on_breaker_wake(CallerName::Client(client), guard, generation)
            }
            Event::HopBulkheadTimeout { service, call, generation } => {
                self.on_hop_bulkhead_timeout(Chain::Service(service), call, generation)
            }
            Event::RequestBulkheadTimeout { client, request, generation } => {
                self.on_hop_bulkhead_timeout(Chain::Client(client), request, generation)
            }
            Event::PublishRetryDue { producer, generation } => self.on_publish_retry_due(producer, generation),
            Event::RelayPoll { producer } => self.on_relay_poll(producer),
            Event::OutboxReschedule { producer } => self.on_outbox_reschedule(producer),
        }
    }
}
