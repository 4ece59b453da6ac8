//! Consumer groups: instances with prefetch buffers and workers, handler jobs, and
//! partition assignment.

use super::dedup::{DedupWindow, IdHasher};
use super::flow::GroupFlow;
use super::ids::{GuardId, InstanceId, JobId, PartitionId, ServiceId, TiSlice, TiVec, TopicId, UnitId};
use super::message::{DeadLetter, Message};
use super::metrics::{BatchMeans, IntervalLatency, LatencyStats, TimeIntegral};
use super::policy::guards::{CallGuards, GuardChange};
use super::policy::{KeyOrder, TokenBucket};
use super::rng::{Stream, StreamOf, unseeded};
use super::sample::DurationSampler;
use super::standby::{Redundancy, RepairPhase, Role};
use crate::scenario::limits::MAX_ATTEMPTS;
use crate::scenario::{
    Autoscale, Delivery, ErrorClass, Failures, HealthCheck, Objectives, OrderScope, RateOverflow, Retry, Supervisor,
};
use crate::time::{SimDuration, SimTime};
use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasherDefault;

/// Where a message goes when its handling gives up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExhaustTarget {
    DeadLetter(TopicId),
    Drop,
    Park,
}

// The message counts its attempts in a u16.
const _: () = assert!(MAX_ATTEMPTS <= u16::MAX as u32);

/// Parked messages kept for manual redrive; beyond this the oldest is dropped (counted).
pub const PARKING_LOT_CAPACITY: usize = 100_000;

/// Processed messages an instance keeps while their acknowledgement or offset commit is
/// pending. At the bound a connected instance commits at once; a disconnected one
/// forgets the oldest (it will then not be redelivered: counted in `unconfirmed_forgotten`).
pub const UNCONFIRMED_CAPACITY: usize = 1 << 20;

/// Autoscaler decisions kept per group (oldest evicted).
pub const SCALE_DECISIONS_CAPACITY: usize = 1_000;

/// Finished rebalances kept per group for the dashboard's markers (oldest evicted).
pub const REBALANCE_MARKS_CAPACITY: usize = 1_000;

/// Runtime state of one consumer group, in parts that each own one concern. Fields are
/// visible inside the engine only: the UI, the report and tests read a group through
/// `Simulation::status` and the accessors below.
#[derive(Clone, Debug)]
pub struct Group {
    pub(in crate::engine) name: String,
    pub(in crate::engine) topic: TopicId,
    /// The spec as the engine runs it (clamped and derived settings).
    pub(in crate::engine) config: GroupConfig,
    /// The consumer processes, by slot (deprovisioned slots stay, for their names).
    pub(in crate::engine) instances: TiVec<InstanceId, Instance>,
    /// Messages being handled or waiting to retry.
    pub(in crate::engine) jobs: JobTable,
    /// Who reads which partition, and the rebalance in progress.
    pub(in crate::engine) assignment: Assignment,
    /// Call guards, rate limit, deduplication and order checks.
    pub(in crate::engine) policies: GroupPolicies,
    /// Parking lot, availability slots, autoscaler history and timer chains.
    pub(in crate::engine) recovery: GroupRecovery,
    pub(in crate::engine) stats: GroupStats,
    pub(in crate::engine) queueing: GroupQueueing,
    pub(in crate::engine) streams: GroupStreams,
    /// Filter, emits and the group's own ledger.
    pub(in crate::engine) flow: GroupFlow,
    /// The saga this group coordinates: its jobs run the saga's steps as their calls.
    pub(in crate::engine) saga: Option<super::ids::SagaId>,
    /// Standby spares, a limited repair crew, common-cause shocks (`None`: independent
    /// instances, all active, each repaired at once).
    pub(in crate::engine) redundancy: Option<Redundancy>,
    /// The state its instances build from the events (`None`: stateless), with snapshots,
    /// backups and rebuilds (see `engine::state`).
    pub(in crate::engine) state: Option<super::state::GroupStateRuntime>,
    /// Some instance's handler is under a Slow or ErrorRate fault (checked before the
    /// per-instance factors, so a fault-free group pays one load per message).
    pub(in crate::engine) handler_faulted: bool,
    /// Duplicate copies among the messages the group holds (buffers, jobs, orphaned):
    /// they are not in the system (see `ledger`).
    pub(in crate::engine) duplicate_copies_held: u64,
    /// Lag at the previous sample (a stalled interval had work waiting at both ends).
    pub(in crate::engine) lag_at_last_sample: u64,
    /// Every instance reaches the broker, so finished messages are confirmed at once.
    /// Derived from the instances; kept by [`Group::set_connected`] and
    /// [`Group::retire_instance`], the only places that change an instance's connection.
    all_connected: bool,
}

/// A group's spec as the engine runs it: what a live change replaces.
#[derive(Clone, Debug)]
pub struct GroupConfig {
    pub delivery: Delivery,
    /// Competing delivery: which instance with room is offered a landing message.
    pub dispatch: crate::scenario::DispatchPolicy,
    /// Partitioned delivery: who gets which partition at a rebalance, eager or cooperative.
    pub assignor: crate::scenario::Assignor,
    /// Partitioned delivery: the unit of order (messages sharing a key or a partition are
    /// handled one at a time); `None` in competing delivery.
    pub order: Option<OrderScope>,
    pub concurrency: u32,
    pub prefetch: u32,
    pub work: DurationSampler,
    /// The services the handler calls, in order (a call per stage).
    pub calls: Vec<ServiceId>,
    pub timeout: Option<SimDuration>,
    pub retry: Retry,
    pub on_exhausted: ExhaustTarget,
    /// Partitioned delivery: a message waiting to retry keeps its key (or partition,
    /// by `order`) blocked.
    pub strict_order: bool,
    /// Recovery and delivery-guarantee settings (see the scenario's `ConsumerGroup`).
    pub session_timeout: SimDuration,
    pub rebalance_pause: SimDuration,
    pub commit_interval: SimDuration,
    /// The broker records a finished message at once (Competing acks, or Partitioned
    /// with a commit after every message): nothing is held while connected.
    pub confirms_at_once: bool,
    pub supervisor: Option<Supervisor>,
    pub autoscale: Option<Autoscale>,
    pub health_check: Option<HealthCheck>,
    pub failures: Option<Failures>,
    pub objectives: Objectives,
    /// Consumer batches (`None`: each message on its own; see `sim::batches`).
    pub batch: Option<BatchConfig>,
}

/// A group's consumer batches as the engine runs them.
#[derive(Clone, Debug)]
pub struct BatchConfig {
    pub max_messages: u32,
    pub max_wait: SimDuration,
    /// The handler's cost per batch (its own stream, `group:NAME:batch`).
    pub per_batch: DurationSampler,
}

impl BatchConfig {
    fn new(spec: &crate::scenario::ConsumeBatch) -> BatchConfig {
        BatchConfig {
            max_messages: spec.max_messages.max(1),
            max_wait: spec.max_wait,
            per_batch: DurationSampler::new(&spec.per_batch),
        }
    }
}

/// Where an instance is in its batch cycle (consumer batches only): poll, fetch, pay the
/// per-batch cost, handle the messages one after the other, commit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BatchPhase {
    /// No batch: the next poll takes one as soon as a message is there.
    #[default]
    Idle,
    /// A first message is there: the poll waits up to `max_wait` for a full batch.
    Filling,
    /// The batch's fetch request is at the broker (or waits to be sent again after the
    /// broker refused it).
    Fetching,
    /// The handler pays the per-batch cost (the worker is busy).
    Preparing,
    /// Its messages are being handled; `to_start` of them not started yet.
    Running { to_start: u32 },
}

/// Who reads which partition (Kafka's assignment) or who is offered the next message
/// (RabbitMQ's round robin), and the rebalance in progress.
#[derive(Clone, Debug)]
pub struct Assignment {
    /// Partitioned delivery: which instance owns each partition.
    pub partition_owner: TiVec<PartitionId, InstanceId>,
    /// Competing delivery: next instance offered a message, and next partition read.
    pub next_instance: InstanceId,
    pub next_partition: PartitionId,
    /// An eager rebalance is in progress: nobody fetches until it is done.
    pub rebalancing: bool,
    /// A cooperative rebalance is in progress, in this round; the members keep fetching
    /// the partitions they hold.
    pub cooperative: Option<CooperativeRound>,
    pub rebalance_generation: u32,
    /// Cooperative: partitions revoked in the first round, assigned at the end of the
    /// second (KIP-429's revoke-then-assign).
    pub revoked: Vec<PartitionId>,
    /// Since when each partition has had no owner fetching it because of a rebalance.
    pub paused_since: TiVec<PartitionId, Option<SimTime>>,
    /// Since when an eager rebalance has stopped the whole group.
    pub stopped_since: Option<SimTime>,
    /// The rebalance in progress: when it started and the partitions it moved so far.
    pub rebalance_started_at: SimTime,
    pub moved_this_rebalance: u64,
    /// Partitions added to the topic and not yet assigned: their first owner is no move.
    pub new_partitions: Vec<PartitionId>,
    /// Scratch for offset commits: lowest unfinished message id per partition.
    pub commit_scratch: TiVec<PartitionId, u64>,
}

/// The round a cooperative rebalance is in (Kafka's incremental protocol, KIP-429).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CooperativeRound {
    /// The partitions that change owner have been revoked; the partitions nobody held
    /// are assigned at the end of this round.
    Revoke,
    /// The revoked partitions are assigned at the end of this round.
    Assign,
}

/// One finished rebalance, for the dashboard's markers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RebalanceMark {
    pub started_at: SimTime,
    pub done_at: SimTime,
    /// Partitions whose owner changed.
    pub moved: u64,
    /// Cooperative (only the moved partitions stopped) or eager (the whole group).
    pub cooperative: bool,
}

/// The policies on a group's handling.
#[derive(Clone, Debug)]
pub struct GroupPolicies {
    /// Call guards (breaker, bulkhead), one per distinct service the handler calls; empty
    /// when the group configures neither.
    pub guards: CallGuards,
    pub rate_limit: Option<RateLimiter>,
    /// Partitioned delivery: newest processed message per key, for ordering violations.
    pub key_order: Option<KeyOrder>,
    /// `Some` when the group is idempotent.
    pub dedup: Option<DedupWindow>,
}

/// What the group keeps for recovery and scaling.
#[derive(Clone, Debug)]
pub struct GroupRecovery {
    /// Messages given up on with `on_exhausted: Park`, for manual redrive.
    pub parked: VecDeque<DeadLetter>,
    /// Availability unit of each instance slot, including slots not provisioned yet.
    pub slot_units: Vec<UnitId>,
    pub last_scale_at: Option<SimTime>,
    pub scale_decisions: VecDeque<ScaleDecision>,
    /// Finished rebalances, oldest first (the most recent `REBALANCE_MARKS_CAPACITY`).
    pub rebalance_marks: VecDeque<RebalanceMark>,
    /// Every decision the autoscaler made, including those evicted from the list.
    pub decisions_total: u64,
    /// An `AutoCommit` / `AutoscaleCheck` timer chain is running (a live change starts a
    /// chain only when none runs, and a chain whose feature was switched off ends).
    pub commit_armed: bool,
    pub autoscale_armed: bool,
    pub health_armed: bool,
    /// Provisioned instances over time: the group's cost.
    pub cost: InstanceCost,
    /// What the health check did.
    pub health: HealthStats,
}

/// The time integral of a group's provisioned instances (starting ones included): its
/// cost in instance-seconds, as a cloud bill counts a VM or pod from launch to stop.
/// Restarted with the statistics at the end of a warm-up.
#[derive(Clone, Copy, Debug, Default)]
pub struct InstanceCost {
    /// ∫ provisioned dt up to `last`, in instance-nanoseconds.
    area_ns: u128,
    last: SimTime,
    count: u32,
}

impl InstanceCost {
    /// `count` instances from `now` on.
    pub fn starting(now: SimTime, count: u32) -> InstanceCost {
        InstanceCost { area_ns: 0, last: now, count }
    }

    /// The provisioned count becomes `count` at `now`.
    pub fn change(&mut self, now: SimTime, count: u32) {
        self.area_ns += u128::from(self.count) * u128::from(now.0.saturating_sub(self.last.0));
        self.last = now;
        self.count = count;
    }

    /// Instance-seconds from the start of the statistics to `now`.
    pub fn instance_seconds(&self, now: SimTime) -> f64 {
        let area = self.area_ns + u128::from(self.count) * u128::from(now.0.saturating_sub(self.last.0));
        area as f64 / 1e9
    }
}

/// Counts of a group's health-check actions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HealthStats {
    /// Probes that found an instance down.
    pub failed_probes: u64,
    /// Instances the health check restarted, and those it ejected.
    pub restarts: u64,
    pub ejections: u64,
    /// Restarts refused because the crash's cause was still there (it stays down and is
    /// probed again).
    pub restarts_refused: u64,
}

/// Handler job slots: a slot is reused once its job is over, and keeps its generation so
/// that timers of its previous job stay stale.
#[derive(Clone, Debug, Default)]
pub struct JobTable {
    slots: TiVec<JobId, Job>,
    free: Vec<JobId>,
}

impl JobTable {
    /// Puts `job` in a free slot (or a new one) and returns its id.
    pub fn allocate(&mut self, job: Job) -> JobId {
        match self.free.pop() {
            Some(id) => {
                let generation = self.slots[id].generation;
                self.slots[id] = Job { generation, ..job };
                id
            }
            None => self.slots.push_and_get_key(job),
        }
    }

    /// The job in slot `id` is over: the slot is free, and its pending timers are stale.
    pub fn free(&mut self, id: JobId) {
        let job = &mut self.slots[id];
        job.state = JobState::Free;
        job.generation = job.generation.wrapping_add(1);
        self.free.push(id);
    }

    /// Jobs not free (working, calling or retrying).
    pub fn live(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// Every slot, free ones included (their state is `Free`).
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Job> + ExactSizeIterator {
        self.slots.iter()
    }

    /// Every slot id, free ones included.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = JobId> + ExactSizeIterator + use<> {
        self.slots.keys()
    }
}

impl std::ops::Index<JobId> for JobTable {
    type Output = Job;
    fn index(&self, id: JobId) -> &Job {
        &self.slots[id]
    }
}

impl std::ops::IndexMut<JobId> for JobTable {
    fn index_mut(&mut self, id: JobId) -> &mut Job {
        &mut self.slots[id]
    }
}

/// One autoscaler action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScaleDecision {
    pub at: SimTime,
    pub from: u32,
    pub to: u32,
    pub lag: u64,
    /// The target backlog per instance then: lag / (from × target) is the utilisation.
    pub target: u64,
    pub rule: ScaleRule,
}

/// Why the autoscaler changed the count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ScaleRule {
    /// Proportional policy: ⌈lag / target⌉ (clamped to min..=max).
    Proportional,
    /// Step policy: utilisation above `up_above`, or below `down_below`.
    StepUp,
    StepDown,
}

/// A group's token bucket and what it does with a message that finds no token.
#[derive(Clone, Debug)]
pub struct RateLimiter {
    pub bucket: TokenBucket,
    pub overflow: RateOverflow,
}

impl RateLimiter {
    pub fn new(spec: &crate::scenario::RateLimit) -> RateLimiter {
        RateLimiter { bucket: TokenBucket::new(spec.per_second, spec.burst), overflow: spec.overflow }
    }
}

/// What a live change of a group's spec asks of the simulation around it, beyond the
/// group's own state (which [`Group::reconfigure`] has already changed).
#[derive(Clone, Debug, Default)]
pub struct GroupChange {
    /// Workers or prefetch changed: instances may fetch and start more now.
    pub pump: bool,
    /// Offsets are now committed after every message: commit what waits for a commit.
    pub commit_now: bool,
    /// Periodic commits are due and no `AutoCommit` chain runs: start one.
    pub arm_commit: bool,
    /// An autoscaler was added and no `AutoscaleCheck` chain runs: start one.
    pub arm_autoscale: bool,
    /// A health check was added and no `HealthProbe` chain runs: start one.
    pub arm_health_check: bool,
    pub supervisor: SupervisorChange,
    pub guards: GuardChange,
}

/// How the group's supervisor changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SupervisorChange {
    #[default]
    Unchanged,
    /// A supervisor now watches the group: it notices the instances already down.
    Added,
    /// No supervisor any more: pending restarts are called off.
    Removed,
    /// New delays, used from the supervisor's next decision on.
    Changed,
}

/// One consumer process.
#[derive(Clone, Debug)]
pub struct Instance {
    /// The process runs (not crashed).
    up: bool,
    /// It can reach the broker (no network partition).
    connected: bool,
    /// The broker counts it as a member of the group (it may be dead but not yet detected).
    member: bool,
    /// It exists in the deployment (the autoscaler provisions and removes instances).
    provisioned: bool,
    /// member && up && connected && provisioned, cached because fetching checks it for
    /// every message. Only the transitions below change the four, and each refreshes it.
    live_member: bool,
    /// Fetched, not yet started (prefetched, unacknowledged).
    pub buffer: VecDeque<Message>,
    /// Workers busy handling a message.
    pub busy: u32,
    /// The time integral of `busy`, from its start (or the warm-up's end): its utilisation.
    pub busy_time: TimeIntegral,
    /// Messages whose handling ended on it (acknowledged: processed, or given up after
    /// their last attempt) since the statistics started: its share of the group's work.
    pub finished: u64,
    /// Messages held: buffered + being handled + waiting to retry. Bounded by prefetch.
    pub unacked: u32,
    /// Partitioned delivery: the partitions assigned to this instance, and a read cursor.
    pub partitions: Vec<PartitionId>,
    pub next_partition: usize,
    /// Partitioned delivery: keys being handled now (per-key order: one at a time).
    pub active_keys: HeldTokens,
    /// Messages whose handling was lost from memory (crash, fencing), waiting for the
    /// broker to notice and deliver them again. Counted in the system.
    pub orphaned: Vec<Message>,
    /// Processed messages whose ack (Competing) or offset commit (Partitioned) the broker
    /// has not recorded yet: a crash or eviction now delivers them again as duplicates.
    pub unconfirmed: VecDeque<Message>,
    /// When the broker last heard a heartbeat, while it hears none.
    pub heartbeat_lost_at: Option<SimTime>,
    pub session_generation: u32,
    pub supervisor_generation: u32,
    /// When the supervisor will next try to start it.
    pub restart_due: Option<SimTime>,
    /// Restart attempts since it last ran for `CRASH_LOOP_RESET_AFTER` (back-off exponent).
    pub crash_loop: u32,
    pub started_at: SimTime,
    /// Held down by a stochastic failure (its repair brings it back).
    pub failed: bool,
    /// Index in the simulation's availability units.
    pub unit: UnitId,
    /// The open incident of the current outage.
    pub incident: Option<u64>,
    /// Handler faults in effect (group's and its own combined).
    pub slow_factor: f64,
    pub error_rate: f64,
    /// Active or standby (a group with `standby` spares; always active otherwise).
    pub role: Role,
    /// Bumped when the role changes, so a pending switch-over of an old role is stale.
    pub role_generation: u32,
    /// Where a failed instance is with a limited repair crew.
    pub repair: RepairPhase,
    /// Provisioned by the autoscaler and still starting (`startup`): not up, not a
    /// member, not probed; it serves once started.
    pub starting: bool,
    /// Bumped at every provisioning, so a start-up of an earlier incarnation is stale.
    pub start_generation: u32,
    /// When the process last went down (a health probe at that same instant still got
    /// its answer).
    pub down_since: SimTime,
    /// Health probes failed in a row.
    pub probe_failures: u32,
    /// Consumer batches: where its batch cycle is, the current batch's size, and the
    /// generation its timers and fetch request carry (bumped when the cycle is cut short).
    pub batch: BatchPhase,
    pub batch_size: u32,
    pub batch_generation: u32,
}

/// What a job is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobState {
    Free,
    /// Own work, or between steps.
    Working,
    /// Waiting for service `service` (call issued at `since`).
    Calling {
        service: ServiceId,
        since: SimTime,
    },
    /// Waiting out a retry back-off; holds no worker.
    Retrying,
    /// Waiting for a rate-limit token (overflow Delay); holds its worker, like a consumer
    /// thread blocked in a rate limiter's `acquire()`.
    Throttled,
    /// Waiting for a bulkhead slot to call `service` (asked at `since`); holds its worker.
    WaitingBulkhead {
        service: ServiceId,
        since: SimTime,
    },
}

/// A message being handled by one worker (or waiting to retry).
#[derive(Clone, Copy, Debug)]
pub struct Job {
    pub message: Message,
    pub instance: InstanceId,
    /// Index of the next service call in the handler's sequence.
    pub stage: u32,
    /// Bumped on every state change so stale timers are ignored.
    pub generation: u32,
    pub state: JobState,
    pub last_error: Option<crate::scenario::ErrorClass>,
}

/// Counters for reporting. Failures are indexed by [`ErrorClass::index`].
#[derive(Clone, Debug, Default)]
pub struct GroupStats {
    /// Messages delivered again after a crash, eviction or graceful leave (all copies).
    pub redelivered: u64,
    /// Of those, copies of messages already processed (duplicate copies created).
    pub redelivered_duplicates: u64,
    /// Duplicate copies handled to success again: the side effects happened twice.
    pub duplicates_processed: u64,
    /// Duplicate copies acknowledged without processing (found in the dedup window).
    pub deduplicated: u64,
    /// Duplicate copies that ended otherwise (failed, expired, dropped, lost).
    pub duplicates_discarded: u64,
    pub rebalances: u64,
    /// Partitions whose owner a rebalance changed (a departed member's included).
    pub partitions_moved: u64,
    /// Σ over partitions of the time they went unfetched because of a rebalance: from its
    /// start (or their revocation) until they have an owner again.
    pub paused_partition_ns: u128,
    /// Time an eager rebalance stopped the whole group.
    pub stopped_ns: u64,
    /// Attempts that failed because the message was poison.
    pub poison_failures: u64,
    /// Processed messages forgotten at the unconfirmed bound (see `UNCONFIRMED_CAPACITY`).
    pub unconfirmed_forgotten: u64,
    pub processed: u64,
    pub attempts: u64,
    pub failures: [u64; ErrorClass::ALL.len()],
    pub retries: u64,
    pub timeouts: u64,
    /// Handler attempts that found no rate-limit token (delayed, dead-lettered or dropped).
    pub rate_limited: u64,
    /// Dead letters republished by redrive, and those the loop guard parked instead.
    pub redriven: u64,
    pub redrive_guarded: u64,
    pub latency: LatencyStats,
    pub interval_latency: IntervalLatency,
    pub interval_processed: u64,
    pub interval_failures: u64,
    /// Sample intervals judged against the objectives, and the good ones.
    pub intervals: u64,
    pub good_intervals: u64,
    /// Batch means of the sojourn (`latency`), for its within-run confidence interval.
    pub latency_batches: BatchMeans,
    /// Consumer batches polled, the messages in them, and the batches acknowledged (one
    /// ack or offset commit each).
    pub batches: u64,
    pub batch_messages: u64,
    pub batch_commits: u64,
    /// Batch fetch requests the broker refused (its request queue full): each is sent
    /// again after `FETCH_RETRY_BACKOFF`.
    pub fetch_refusals: u64,
}

/// A group seen as a queueing station (what JMT and Ciw report for one): the time
/// integrals of the deliveries it holds and of its busy workers, and the wait before a
/// delivery's first attempt. Not in `GroupStats`, which a warm-up clears: these restart
/// with what is present then. The counts are the group's own (`held_deliveries`,
/// `busy_workers`).
#[derive(Clone, Debug, Default)]
pub struct GroupQueueing {
    /// Deliveries the group holds (its ledger's `in_group`): queued, prefetched, being
    /// handled or waiting to retry.
    pub in_system: TimeIntegral,
    /// Workers busy with a job (the handler's work and its calls).
    pub busy: TimeIntegral,
    /// Σ of the waits from entering the group's queue to the first attempt, and their count.
    pub wait_ns: u128,
    pub waits: u64,
    /// The same per priority class, when the group reads a priority queue (one entry per
    /// class, 0 first; empty otherwise).
    pub waits_by_class: Vec<(u128, u64)>,
}

impl GroupQueueing {
    /// Observation starts again at `now` with the deliveries held and workers busy then.
    pub fn restart(&mut self, now: SimTime, held: u64, busy: u64) {
        self.in_system.restart(now, held);
        self.busy.restart(now, busy);
        self.wait_ns = 0;
        self.waits = 0;
        self.waits_by_class.fill((0, 0));
    }

    /// A delivery of priority `class` waited `wait_ns` for its first attempt.
    #[inline]
    pub fn waited(&mut self, class: u8, wait_ns: u64) {
        self.wait_ns += u128::from(wait_ns);
        self.waits += 1;
        if let Some(last) = self.waits_by_class.len().checked_sub(1) {
            let (sum, count) = &mut self.waits_by_class[usize::from(class).min(last)];
            *sum += u128::from(wait_ns);
            *count += 1;
        }
    }
}

/// Random streams of a group, each named after it.
#[derive(Clone, Debug)]
pub struct GroupStreams {
    pub work: Stream,
    pub retry: Stream,
    pub faults: Stream,
    /// Per-batch costs (a new stream, so that batching draws no number of another).
    pub batch: Stream,
}

/// The prefetch the engine runs with: a batch needs room for all its messages (Kafka's
/// consumer fetches up to `max.poll.records` whatever else is set).
fn engine_prefetch(spec: &crate::scenario::ConsumerGroup) -> u32 {
    let batch = spec.batch.as_ref().map_or(1, |b| b.max_messages);
    spec.effective_prefetch().max(batch).max(1)
}

/// Whether a finished message is acknowledged at once: in Competing delivery, or with a
/// commit after every message, unless the group batches (then the batch is acknowledged
/// once, when it is done: Spring Kafka's `AckMode.BATCH`, RabbitMQ's `basic.ack` with
/// `multiple`).
fn confirms_at_once(spec: &crate::scenario::ConsumerGroup) -> bool {
    spec.batch.is_none() && (spec.delivery == Delivery::Competing || spec.commit_interval.0 == 0)
}

impl Group {
    pub fn new(
        spec: &crate::scenario::ConsumerGroup,
        topic: TopicId,
        partitions: u32,
        calls: Vec<ServiceId>,
        on_exhausted: ExhaustTarget,
    ) -> Group {
        let initial = match &spec.autoscale {
            Some(a) => spec.instances.clamp(a.min.max(1), a.max.max(a.min).max(1)),
            None => spec.instances.max(1),
        };
        let guards = CallGuards::new(&calls, spec.circuit_breaker.as_ref(), spec.bulkhead);
        let partitioned = spec.delivery == Delivery::Partitioned;
        let mut group = Group {
            name: spec.name.clone(),
            topic,
            config: GroupConfig {
                delivery: spec.delivery,
                dispatch: spec.dispatch,
                assignor: spec.assignor,
                order: partitioned.then_some(spec.ordering),
                concurrency: spec.concurrency.max(1),
                prefetch: engine_prefetch(spec),
                work: DurationSampler::new(&spec.handler.work),
                calls,
                timeout: spec.handler.timeout,
                retry: super::retry::engine_retry(&spec.retry),
                on_exhausted,
                strict_order: spec.strict_order && partitioned,
                session_timeout: spec.effective_session_timeout(),
                rebalance_pause: spec.rebalance_pause,
                commit_interval: spec.commit_interval,
                confirms_at_once: confirms_at_once(spec),
                supervisor: spec.supervisor.clone(),
                autoscale: spec.autoscale.clone(),
                health_check: spec.health_check.clone(),
                failures: spec.failures.clone(),
                objectives: spec.objectives,
                batch: spec.batch.as_ref().map(BatchConfig::new),
            },
            instances: (0..initial).map(|_| Instance::new(SimTime::ZERO)).collect(),
            jobs: JobTable::default(),
            assignment: Assignment {
                partition_owner: vec![InstanceId::default(); partitions as usize].into(),
                next_instance: InstanceId::default(),
                next_partition: PartitionId::default(),
                rebalancing: false,
                cooperative: None,
                rebalance_generation: 0,
                revoked: Vec::new(),
                paused_since: vec![None; partitions as usize].into(),
                stopped_since: None,
                rebalance_started_at: SimTime::ZERO,
                moved_this_rebalance: 0,
                new_partitions: Vec::new(),
                commit_scratch: vec![u64::MAX; partitions as usize].into(),
            },
            policies: GroupPolicies {
                guards,
                rate_limit: spec.rate_limit.as_ref().map(RateLimiter::new),
                key_order: partitioned.then(KeyOrder::default),
                dedup: spec.idempotent.then(|| DedupWindow::new(&spec.dedup_window)),
            },
            recovery: GroupRecovery {
                parked: VecDeque::new(),
                slot_units: Vec::new(),
                last_scale_at: None,
                scale_decisions: VecDeque::new(),
                rebalance_marks: VecDeque::new(),
                decisions_total: 0,
                commit_armed: false,
                autoscale_armed: false,
                health_armed: false,
                cost: InstanceCost::starting(SimTime::ZERO, initial),
                health: HealthStats::default(),
            },
            stats: GroupStats::default(),
            queueing: GroupQueueing::default(),
            streams: GroupStreams { work: unseeded(), retry: unseeded(), faults: unseeded(), batch: unseeded() },
            flow: GroupFlow::default(),
            saga: None,
            redundancy: Redundancy::of(spec),
            state: spec.state.as_ref().map(|s| super::state::GroupStateRuntime::new(s, spec.backup.as_ref())),
            handler_faulted: false,
            duplicate_copies_held: 0,
            lag_at_last_sample: 0,
            all_connected: true,
        };
        if let Some(spares) = group.redundancy.as_ref().map(|r| r.spares as usize) {
            // The last instances are the spares: `group/1..m` serve from the start.
            let n = group.instances.len();
            for inst in group.instances.iter_mut().skip(n.saturating_sub(spares)) {
                inst.stand_by();
            }
        }
        group.assign_partitions();
        group
    }

    /// Applies a changed spec (same name, topic, calls and delivery: the live-change rules
    /// refuse the rest) to the group's own state, at `now`. Work in progress keeps what it
    /// drew or was scheduled with (a job's work time, a retry's due time, a call's
    /// timeout); the new values apply from the next draw or decision. Returns what the
    /// simulation must do around the group.
    pub fn reconfigure(
        &mut self,
        old: &crate::scenario::ConsumerGroup,
        new: &crate::scenario::ConsumerGroup,
        on_exhausted: ExhaustTarget,
        now: SimTime,
    ) -> GroupChange {
        let mut change = GroupChange::default();
        let (concurrency, prefetch) = (new.concurrency.max(1), engine_prefetch(new));
        change.pump = concurrency != self.config.concurrency || prefetch != self.config.prefetch;
        (self.config.concurrency, self.config.prefetch) = (concurrency, prefetch);
        if old.handler.work != new.handler.work {
            self.config.work = DurationSampler::new(&new.handler.work);
        }
        self.config.timeout = new.handler.timeout;
        // From the next message that lands; a round robin goes on from where it was.
        self.config.dispatch = new.dispatch;
        // From the next rebalance (one in progress ends by the protocol it started with).
        self.config.assignor = new.assignor;
        self.config.retry = super::retry::engine_retry(&new.retry);
        self.config.on_exhausted = on_exhausted;
        let strict_order = new.strict_order && self.per_key_order();
        if strict_order != self.config.strict_order {
            self.hand_over_retry_keys(strict_order);
            self.config.strict_order = strict_order;
        }
        match (&mut self.policies.rate_limit, &new.rate_limit) {
            (Some(limiter), Some(spec)) => {
                limiter.bucket.reconfigure(spec.per_second, spec.burst, now);
                limiter.overflow = spec.overflow;
            }
            (limiter, spec) => *limiter = spec.as_ref().map(RateLimiter::new),
        }
        match (&mut self.policies.dedup, new.idempotent) {
            (Some(window), true) => window.reconfigure(&new.dedup_window),
            // A window created now remembers the messages processed from now on.
            (window, idempotent) => *window = idempotent.then(|| DedupWindow::new(&new.dedup_window)),
        }
        change.supervisor = match (&old.supervisor, &new.supervisor) {
            (None, Some(_)) => SupervisorChange::Added,
            (Some(_), None) => SupervisorChange::Removed,
            (a, b) if a != b => SupervisorChange::Changed,
            _ => SupervisorChange::Unchanged,
        };
        self.config.supervisor = new.supervisor.clone();
        self.config.session_timeout = new.effective_session_timeout();
        self.config.rebalance_pause = new.rebalance_pause;
        let confirmed_at_once = self.config.confirms_at_once;
        self.config.commit_interval = new.commit_interval;
        self.config.confirms_at_once = confirms_at_once(new);
        change.commit_now = self.config.confirms_at_once && !confirmed_at_once;
        // A group with batches commits once per batch, never on a timer (at interval 0 the
        // chain would never let time move on).
        change.arm_commit = !self.config.confirms_at_once && !self.recovery.commit_armed && self.config.batch.is_none();
        self.config.autoscale = new.autoscale.clone();
        change.arm_autoscale = self.config.autoscale.is_some() && !self.recovery.autoscale_armed;
        self.config.health_check = new.health_check.clone();
        change.arm_health_check = self.config.health_check.is_some() && !self.recovery.health_armed;
        self.config.failures = new.failures.clone();
        self.config.objectives = new.objectives;
        change.guards = self.reconfigure_guards(old, new, now);
        change
    }

    /// `strict_order` is switching: messages waiting out a retry back-off hold their key
    /// under strict order and do not without it, and their retry releases the key (or
    /// not) by the group's setting when it comes. So they take or give back their key now,
    /// as if they had begun their back-off under the new setting. `active_keys` counts
    /// holders (a key held twice is released twice), so a message of the same key being
    /// handled meanwhile keeps its own hold.
    fn hand_over_retry_keys(&mut self, strict_order: bool) {
        for job in self.jobs.iter().filter(|j| j.state == JobState::Retrying) {
            let inst = &mut self.instances[job.instance];
            let token = job.message.order_token(self.config.order);
            if strict_order {
                inst.active_keys.hold(token);
            } else {
                inst.release_key(token);
            }
        }
    }

    /// Breakers and bulkheads after a live change (see `CallGuards::reconfigure`).
    fn reconfigure_guards(
        &mut self,
        old: &crate::scenario::ConsumerGroup,
        new: &crate::scenario::ConsumerGroup,
        now: SimTime,
    ) -> GuardChange {
        let jobs = &self.jobs;
        let in_progress = |service: ServiceId| {
            jobs.iter().filter(|j| matches!(j.state, JobState::Calling { service: s, .. } if s == service)).count()
                as u32
        };
        let breakers = (old.circuit_breaker.as_ref(), new.circuit_breaker.as_ref());
        self.policies.guards.reconfigure(&self.config.calls, breakers, new.bulkhead, in_progress, now)
    }

    /// The guard of the handler's call at `stage`, if the group guards its calls.
    pub fn guard_of_stage(&self, stage: u32) -> Option<GuardId> {
        self.policies.guards.of_stage(stage)
    }

    /// Jobs waiting for a rate-limit token.
    pub fn throttled_jobs(&self) -> usize {
        self.jobs.iter().filter(|j| j.state == JobState::Throttled).count()
    }

    /// The live members, in slot order (the order the assignors give partitions in).
    fn live_member_ids(&self) -> Vec<InstanceId> {
        self.instances.iter_enumerated().filter(|(_, i)| i.is_live_member()).map(|(id, _)| id).collect()
    }

    /// Who holds each partition now among the live members (`None`: nobody live does —
    /// its owner left, or it was revoked).
    fn held_partitions(&self) -> Vec<Option<InstanceId>> {
        let mut held = vec![None; self.assignment.partition_owner.len()];
        for (i, inst) in self.instances.iter_enumerated().filter(|(_, inst)| inst.is_live_member()) {
            for &p in &inst.partitions {
                held[usize::from(p)] = Some(i);
            }
        }
        held
    }

    /// Eager assignment: the assignor's assignment among the live members replaces the
    /// whole previous one. Members beyond the partition count get none and sit idle, as
    /// in Kafka. Returns the partitions whose owner changed.
    pub fn assign_partitions(&mut self) -> u64 {
        let live = self.live_member_ids();
        let held = self.held_partitions();
        for instance in &mut self.instances {
            instance.partitions.clear();
            instance.next_partition = 0;
        }
        if live.is_empty() {
            return 0;
        }
        let target = super::assignor::assign(self.config.assignor, &live, &held);
        let mut moved = 0;
        for (p, owner) in self.assignment.partition_owner.keys().zip(target) {
            let Some(owner) = owner else { continue };
            moved +=
                u64::from(self.assignment.partition_owner[p] != owner && !self.assignment.new_partitions.contains(&p));
            self.assignment.partition_owner[p] = owner;
            self.instances[owner].partitions.push(p);
        }
        self.assignment.new_partitions.clear();
        moved
    }

    /// Cooperative first round: the partitions whose sticky owner is not their live
    /// holder are taken from it (it stops fetching them now); the others stay where they
    /// are. Members not live lose their claims. Returns the revoked partitions with the
    /// member that gave each up.
    pub fn revoke_moving(&mut self) -> Vec<(PartitionId, InstanceId)> {
        for inst in self.instances.iter_mut().filter(|inst| !inst.is_live_member()) {
            inst.partitions.clear();
            inst.next_partition = 0;
        }
        let live = self.live_member_ids();
        let held = self.held_partitions();
        let target = super::assignor::assign(crate::scenario::Assignor::CooperativeSticky, &live, &held);
        let mut revoked = Vec::new();
        for (p, (holder, owner)) in self.assignment.partition_owner.keys().zip(held.into_iter().zip(target)) {
            if let Some(holder) = holder
                && owner != Some(holder)
            {
                let inst = &mut self.instances[holder];
                inst.partitions.retain(|&q| q != p);
                inst.next_partition = 0;
                revoked.push((p, holder));
            }
        }
        revoked
    }

    /// Cooperative assignment: the partitions nobody holds, except `withheld`, go to
    /// their sticky owners. Returns them, and how many changed owner.
    pub fn assign_free(&mut self, withheld: &[PartitionId]) -> (Vec<PartitionId>, u64) {
        let live = self.live_member_ids();
        let held = self.held_partitions();
        let target = super::assignor::assign(crate::scenario::Assignor::CooperativeSticky, &live, &held);
        let (mut assigned, mut moved) = (Vec::new(), 0);
        for (p, (holder, owner)) in self.assignment.partition_owner.keys().zip(held.into_iter().zip(target)) {
            let Some(owner) = owner else { continue };
            if holder.is_some() || withheld.contains(&p) {
                continue;
            }
            let fresh = self.assignment.new_partitions.contains(&p);
            moved += u64::from(self.assignment.partition_owner[p] != owner && !fresh);
            self.assignment.new_partitions.retain(|&q| q != p);
            self.assignment.partition_owner[p] = owner;
            let inst = &mut self.instances[owner];
            inst.partitions.push(p);
            inst.partitions.sort_unstable();
            inst.next_partition = 0;
            assigned.push(p);
        }
        (assigned, moved)
    }

    /// Partition `p` stops being fetched because of a rebalance (if it was not already).
    pub fn pause_partition(&mut self, p: PartitionId, now: SimTime) {
        self.assignment.paused_since[p].get_or_insert(now);
    }

    /// Partition `p` has an owner again: its pause is counted.
    pub fn resume_partition(&mut self, p: PartitionId, now: SimTime) {
        if let Some(since) = self.assignment.paused_since[p].take() {
            self.stats.paused_partition_ns += u128::from((now - since).0);
        }
    }

    /// The rebalance in progress is over: it is counted and marked.
    pub fn rebalance_finished(&mut self, now: SimTime, cooperative: bool) {
        let moved = std::mem::take(&mut self.assignment.moved_this_rebalance);
        if self.recovery.rebalance_marks.len() >= REBALANCE_MARKS_CAPACITY {
            self.recovery.rebalance_marks.pop_front();
        }
        let started_at = self.assignment.rebalance_started_at;
        self.recovery.rebalance_marks.push_back(RebalanceMark { started_at, done_at: now, moved, cooperative });
    }

    /// Partition-nanoseconds without fetching because of rebalances, up to `now` (pauses
    /// in progress included).
    pub fn paused_partition_ns(&self, now: SimTime) -> u128 {
        let ongoing: u128 =
            self.assignment.paused_since.iter().flatten().map(|&since| u128::from((now - since).0)).sum();
        self.stats.paused_partition_ns + ongoing
    }

    /// Nanoseconds eager rebalances stopped the whole group, up to `now`.
    pub fn stopped_ns(&self, now: SimTime) -> u64 {
        self.stats.stopped_ns + self.assignment.stopped_since.map_or(0, |since| (now - since).0)
    }

    /// Whether a rebalance (eager or cooperative) is in progress.
    pub fn rebalance_in_progress(&self) -> bool {
        self.assignment.rebalancing || self.assignment.cooperative.is_some()
    }

    /// Finished rebalances, oldest first (the most recent `REBALANCE_MARKS_CAPACITY`).
    pub fn rebalance_marks(&self) -> &VecDeque<RebalanceMark> {
        &self.recovery.rebalance_marks
    }

    pub fn retrying_jobs(&self) -> usize {
        self.jobs.iter().filter(|j| j.state == JobState::Retrying).count()
    }

    /// Messages held by the group and still in the system: buffered, in live jobs and
    /// orphaned, minus duplicate copies.
    pub fn held(&self) -> u64 {
        let copies: u64 = self.instances.iter().map(|i| (i.buffer.len() + i.orphaned.len()) as u64).sum::<u64>()
            + self.jobs.live() as u64;
        copies - self.duplicate_copies_held
    }

    /// Instances working for the group now (member, running, connected).
    pub fn live_instances(&self) -> usize {
        self.instances.iter().filter(|i| i.is_live_member()).count()
    }

    /// Deliveries the group holds now: its ledger's `in_group`.
    pub fn held_deliveries(&self) -> u64 {
        self.flow.ledger.received - self.flow.ledger.ended()
    }

    /// Workers busy with a job now, over all instances.
    pub fn busy_workers(&self) -> u64 {
        self.instances.iter().map(|i| u64::from(i.busy)).sum()
    }

    /// Instances the deployment has (the autoscaler's replica count).
    pub fn provisioned_instances(&self) -> u32 {
        self.instances.iter().filter(|i| i.provisioned).count() as u32
    }

    pub fn per_key_order(&self) -> bool {
        self.config.delivery == Delivery::Partitioned
    }

    /// Visits the group's random streams with their names.
    pub fn for_each_stream(&mut self, visit: &mut dyn FnMut(StreamOf<'_>, &mut Stream)) {
        visit(StreamOf::GroupWork(&self.name), &mut self.streams.work);
        visit(StreamOf::GroupRetry(&self.name), &mut self.streams.retry);
        visit(StreamOf::GroupFaults(&self.name), &mut self.streams.faults);
        visit(StreamOf::GroupEmits(&self.name), &mut self.flow.rng);
        visit(StreamOf::GroupBatch(&self.name), &mut self.streams.batch);
        if let Some((_, rng)) = self.redundancy.as_mut().and_then(|r| r.shocks.as_mut()) {
            visit(StreamOf::CommonCause(&self.name), rng);
        }
    }

    /// Every instance reaches the broker: finished messages are confirmed at once.
    pub fn all_connected(&self) -> bool {
        self.all_connected
    }

    /// Instance `i` is cut off from the broker (a network partition) or reaches it again.
    /// Cut off, it is no longer a member as far as fetching goes.
    pub fn set_connected(&mut self, i: InstanceId, connected: bool) {
        let inst = &mut self.instances[i];
        inst.connected = connected;
        inst.refresh_live();
        self.refresh_connectivity();
    }

    /// A new instance starts cut off by a partition already in effect: not connected, not
    /// a member.
    pub fn start_cut_off(&mut self, i: InstanceId) {
        let inst = &mut self.instances[i];
        inst.connected = false;
        inst.member = false;
        inst.refresh_live();
        self.refresh_connectivity();
    }

    /// Instance `i` leaves the deployment (scaled in): stopped, not a member, and nothing
    /// pending for it; its slot stays for its name and availability unit.
    pub fn retire_instance(&mut self, i: InstanceId) {
        let inst = &mut self.instances[i];
        inst.provisioned = false;
        inst.starting = false;
        inst.member = false;
        inst.up = false;
        inst.connected = true;
        inst.refresh_live();
        inst.failed = false;
        inst.heartbeat_lost_at = None;
        inst.restart_due = None;
        inst.incident = None;
        inst.session_generation = inst.session_generation.wrapping_add(1);
        inst.supervisor_generation = inst.supervisor_generation.wrapping_add(1);
        self.refresh_connectivity();
    }

    fn refresh_connectivity(&mut self) {
        self.all_connected = self.instances.iter().all(|i| i.connected);
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn config(&self) -> &GroupConfig {
        &self.config
    }

    pub fn instances(&self) -> &TiSlice<InstanceId, Instance> {
        &self.instances
    }

    pub fn stats(&self) -> &GroupStats {
        &self.stats
    }

    /// Messages in the parking lot, oldest first.
    pub fn parked(&self) -> &VecDeque<DeadLetter> {
        &self.recovery.parked
    }

    /// The autoscaler's decisions, oldest first (the most recent `SCALE_DECISIONS_CAPACITY`).
    pub fn scale_decisions(&self) -> &VecDeque<ScaleDecision> {
        &self.recovery.scale_decisions
    }

    /// Its state store's figures, when the group is stateful.
    pub fn state(&self) -> Option<&super::state::GroupStateRuntime> {
        self.state.as_ref()
    }

    pub fn key_order(&self) -> Option<&KeyOrder> {
        self.policies.key_order.as_ref()
    }

    /// Whether instance `i` may fetch from the broker now.
    #[inline]
    pub fn can_fetch(&self, i: InstanceId) -> bool {
        !self.assignment.rebalancing && self.instances[i].is_live_member()
    }
}

/// After running this long without crashing, an instance's crash-loop back-off starts
/// again from `restart_after` (Kubernetes resets its restart back-off after 10 minutes).
pub const CRASH_LOOP_RESET_AFTER: SimDuration = SimDuration::from_secs(600);

impl Instance {
    /// A fresh, running instance that has joined the group.
    pub fn new(now: SimTime) -> Instance {
        Instance {
            up: true,
            connected: true,
            member: true,
            provisioned: true,
            live_member: true,
            buffer: VecDeque::new(),
            busy: 0,
            busy_time: TimeIntegral::starting(now),
            finished: 0,
            unacked: 0,
            partitions: Vec::new(),
            next_partition: 0,
            active_keys: HeldTokens::default(),
            orphaned: Vec::new(),
            unconfirmed: VecDeque::new(),
            heartbeat_lost_at: None,
            session_generation: 0,
            supervisor_generation: 0,
            restart_due: None,
            crash_loop: 0,
            started_at: now,
            failed: false,
            unit: UnitId::default(),
            incident: None,
            slow_factor: 1.0,
            error_rate: 0.0,
            role: Role::Active,
            role_generation: 0,
            repair: RepairPhase::None,
            starting: false,
            start_generation: 0,
            down_since: SimTime::ZERO,
            probe_failures: 0,
            batch: BatchPhase::Idle,
            batch_size: 0,
            batch_generation: 0,
        }
    }

    /// A freshly provisioned instance that starts at `now` and serves once started: it
    /// exists (and costs) but neither runs nor belongs to the group yet.
    pub fn starting(now: SimTime) -> Instance {
        let mut inst = Instance::new(now);
        inst.up = false;
        inst.member = false;
        inst.starting = true;
        inst.refresh_live();
        inst
    }

    /// It becomes an idle spare: running, but not a member of the group (it takes no
    /// traffic until it switches in).
    pub fn stand_by(&mut self) {
        self.role = Role::Spare;
        self.role_generation = self.role_generation.wrapping_add(1);
        self.member = false;
        self.refresh_live();
        self.heartbeat_lost_at = None;
        self.session_generation = self.session_generation.wrapping_add(1);
    }

    /// A member that works: running, reachable and provisioned.
    #[inline]
    pub fn is_live_member(&self) -> bool {
        debug_assert_eq!(self.live_member, self.member && self.up && self.connected && self.provisioned);
        self.live_member
    }

    fn refresh_live(&mut self) {
        self.live_member = self.member && self.up && self.connected && self.provisioned;
    }

    /// The process runs (not crashed).
    pub fn is_up(&self) -> bool {
        self.up
    }

    /// It can reach the broker (no network partition).
    pub fn is_connected(&self) -> bool {
        self.connected
    }

    /// The broker counts it as a member (it may be dead but not yet detected).
    pub fn is_member(&self) -> bool {
        self.member
    }

    /// It exists in the deployment.
    pub fn is_provisioned(&self) -> bool {
        self.provisioned
    }

    /// The process dies (its work is lost from memory: the caller orphans it).
    pub fn crash(&mut self) {
        self.up = false;
        self.refresh_live();
    }

    /// The process starts (again) at `now`: a pending restart is done.
    pub fn start(&mut self, now: SimTime) {
        self.up = true;
        self.starting = false;
        self.probe_failures = 0;
        self.refresh_live();
        self.started_at = now;
        self.restart_due = None;
        self.supervisor_generation = self.supervisor_generation.wrapping_add(1);
    }

    /// The broker drops it from the group; its session timers are forgotten.
    pub fn leave_group(&mut self) {
        self.member = false;
        self.refresh_live();
        self.heartbeat_lost_at = None;
        self.session_generation = self.session_generation.wrapping_add(1);
    }

    /// It joins the group with a fresh session; returns whether it was not a member.
    pub fn join_group(&mut self) -> bool {
        let joined = !self.member;
        self.member = true;
        self.refresh_live();
        self.heartbeat_lost_at = None;
        self.session_generation = self.session_generation.wrapping_add(1);
        joined
    }

    /// Serving as far as availability goes: running and reachable.
    pub fn is_available(&self) -> bool {
        self.up && self.connected
    }

    /// Takes the next buffered message a worker may start: in partitioned delivery the
    /// first whose key (or partition, by `order`) is not already being handled, else the
    /// first.
    pub fn next_startable(&mut self, order: Option<OrderScope>) -> Option<Message> {
        if order.is_none() {
            return self.buffer.pop_front();
        }
        let position = self.buffer.iter().position(|m| !self.active_keys.contains(m.order_token(order)))?;
        self.buffer.remove(position)
    }

    /// Gives back one hold on an order token (a key or a partition, see
    /// [`Message::order_token`]).
    pub fn release_key(&mut self, key: u32) {
        self.active_keys.release(key);
    }
}

/// The order tokens (keys, or partitions) an instance's jobs hold, each with its number of
/// holds (a key held twice is released twice). Looked up once for every buffered message
/// a free worker passes over, so a hash map rather than a list: with thousands of workers
/// and a deep buffer, scanning a list of held keys for each buffered message made each
/// start cost buffer × workers. Its hasher is a fixed mix and it is never iterated, so
/// its order cannot reach the results. (Measured on 10 000 workers over 1 000 keys, one
/// virtual second: list 8.1 s, `BTreeMap` 14.2 s, this map 1.4 s.)
#[derive(Clone, Debug, Default)]
pub struct HeldTokens {
    holds: HashMap<u32, u32, BuildHasherDefault<IdHasher>>,
    total: usize,
}

impl HeldTokens {
    /// One more hold on `token`.
    pub fn hold(&mut self, token: u32) {
        *self.holds.entry(token).or_insert(0) += 1;
        self.total += 1;
    }

    /// Gives back one hold on `token` (nothing if it has none).
    pub fn release(&mut self, token: u32) {
        if let Some(n) = self.holds.get_mut(&token) {
            *n -= 1;
            self.total -= 1;
            if *n == 0 {
                self.holds.remove(&token);
            }
        }
    }

    pub fn contains(&self, token: u32) -> bool {
        self.holds.contains_key(&token)
    }

    pub fn clear(&mut self) {
        self.holds.clear();
        self.total = 0;
    }

    /// Holds in all, counting a token held twice twice.
    pub fn len(&self) -> usize {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

#[cfg(test)]
mod tests {
    use super::HeldTokens;

    #[test]
    fn a_token_held_twice_is_released_twice() {
        let mut held = HeldTokens::default();
        held.hold(7);
        held.hold(7);
        held.hold(9);
        assert_eq!(held.len(), 3);
        held.release(7);
        assert!(held.contains(7), "one hold on 7 is left");
        held.release(7);
        assert!(!held.contains(7));
        held.release(7);
        assert_eq!(held.len(), 1, "releasing a token with no hold changes nothing");
        assert!(held.contains(9));
        held.clear();
        assert!(held.is_empty() && !held.contains(9));
    }
}
