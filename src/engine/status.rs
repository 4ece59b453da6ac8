//! The one projection of the engine's state: a compact, owned picture of every
//! component at one instant. The dashboard reads it every frame and the run report
//! (`faultline run --json`) is built from it, so a figure is read out of the engine in
//! one place only; a figure the report needs is added here first.

use super::alerts::AlertState;
use super::availability::{AvailabilityFigures, Transition};
use super::incident::IncidentTimings;
use super::ledger::{Reason, Terminal};
use super::metrics::LatencySummary;
use super::policy::BreakerState;
use super::policy::breaker::{Cause, WindowSpan};
use crate::scenario::Balance;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Incidents a live status carries (the most recent); the full list is `Simulation::incidents`.
pub const RECENT_INCIDENTS: usize = 20;
/// Transitions of each component's up/down timeline a live status carries.
pub const RECENT_TRANSITIONS: usize = 64;
/// Transitions of each breaker a live status carries.
pub const RECENT_BREAKER_TRANSITIONS: usize = 10;
/// Firings of each alert rule a live status carries.
pub const RECENT_FIRINGS: usize = 10;

/// How much of the run a status covers. The figures are the same in both; they differ in
/// which components are listed and how much of each bounded history comes along.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusScope {
    /// What the dashboard shows every frame: the components observed now, and the recent
    /// tail of each history (`RECENT_*`).
    Live,
    /// What the run's report summarises: every component observed at any time (an
    /// instance scaled in keeps its availability), and the histories the report lists
    /// (incidents, alert firings, breaker transitions) as far as the engine keeps them,
    /// itself bounded. Up/down timelines stay a tail: the figures cover the whole run.
    Run,
}

impl StatusScope {
    /// The last `recent` items of a history of `len` in a live status, all in a run's.
    pub fn keeps(self, len: usize, recent: usize) -> usize {
        match self {
            StatusScope::Live => len.min(recent),
            StatusScope::Run => len,
        }
    }
}

/// The state of the whole system at one instant.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SystemStatus {
    /// The scenario's name and the seed the run was built with.
    pub scenario: String,
    pub seed: u64,
    pub now: SimTime,
    pub events_handled: u64,
    /// Where the statistics start (the end of a warm-up): counts restart there, and the
    /// run's incidents, alert firings and breaker transitions are those from there on.
    pub measured_from: SimTime,
    pub ledger: LedgerStatus,
    /// End-to-end latency of the messages processed since the statistics started.
    pub latency: LatencySummary,
    pub throughput: ThroughputStatus,
    pub producers: Vec<ProducerStatus>,
    /// Synchronous clients.
    #[serde(default)]
    pub clients: Vec<ClientStatus>,
    pub topics: Vec<TopicStatus>,
    pub groups: Vec<GroupStatus>,
    /// Orchestrated sagas.
    #[serde(default)]
    pub sagas: Vec<super::saga::SagaStatus>,
    pub services: Vec<ServiceStatus>,
    pub brokers: Vec<BrokerNodeStatus>,
    /// Acks losses, ISR refusals and under-replication.
    #[serde(default)]
    pub replication: ReplicationStatus,
    /// Faults in effect now.
    pub faults: Vec<FaultStatus>,
    /// Every service, consumer instance and broker node.
    pub availability: Vec<AvailabilityStatus>,
    /// Groups, replicated services and the laws' structures, as wholes (`engine::uptime`).
    #[serde(default)]
    pub structures: Vec<super::uptime::StructureStatus>,
    /// The most recent incidents, oldest first.
    pub incidents: Vec<IncidentStatus>,
    pub alerts: Vec<AlertStatus>,
    /// One per (consumer group, service) pair with a circuit breaker.
    pub breakers: Vec<BreakerStatus>,
    /// One per (caller, service) pair that has called: the edges of the service graph as
    /// each caller saw them, services in order, each's callers in order of first call.
    #[serde(default)]
    pub call_edges: Vec<CallEdgeStatus>,
    /// Set when the run stopped at a resource limit (see `engine::halt`).
    #[serde(default)]
    pub halt: Option<super::halt::Halt>,
    /// Configured features this engine does not simulate yet.
    pub not_modelled: Vec<String>,
}

/// Counts of the conservation law `produced = in_system + Σ terminal`, at one instant.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LedgerStatus {
    pub produced: u64,
    /// Copies made for the second and later subscribers of fan-out topics: each is a
    /// delivery of its own that ends in one state (see `ledger`).
    #[serde(default)]
    pub fan_out_copies: u64,
    /// Deliveries acknowledged unhandled by a group's filter.
    #[serde(default)]
    pub filtered: u64,
    pub in_system: u64,
    pub processed: u64,
    pub dead_lettered: u64,
    pub expired: u64,
    pub dropped: u64,
    pub lost: u64,
    /// Non-zero (terminal, reason, count) triples, in a stable order.
    pub reasons: Vec<(Terminal, Reason, u64)>,
}

impl LedgerStatus {
    /// Sum of the right-hand side of the identity.
    pub fn accounted(&self) -> u64 {
        self.in_system + self.processed + self.filtered + self.dead_lettered + self.expired + self.dropped + self.lost
    }

    /// Deliveries to account for: messages produced and fan-out copies.
    pub fn deliveries(&self) -> u64 {
        self.produced + self.fan_out_copies
    }

    /// The conservation law holds for these counts.
    pub fn balances(&self) -> bool {
        self.deliveries() == self.accounted()
    }

    /// Reasons for one terminal state.
    pub fn reasons_of(&self, terminal: Terminal) -> impl Iterator<Item = (Reason, u64)> + '_ {
        self.reasons.iter().filter(move |(t, _, _)| *t == terminal).map(|(_, r, n)| (*r, *n))
    }

    /// Counts by reason, keyed by the reason's text, the terminal states together.
    pub fn by_reason(&self) -> BTreeMap<&'static str, u64> {
        let mut out = BTreeMap::new();
        for (_, reason, n) in &self.reasons {
            *out.entry(reason.as_str()).or_insert(0) += n;
        }
        out
    }
}

/// Messages processed per virtual second since the statistics started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ThroughputStatus {
    pub mean_per_s: f64,
    /// Highest of any sample interval.
    pub peak_per_s: f64,
}

/// A synchronous client: its requests and how they ended, end to end.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClientStatus {
    pub name: String,
    pub requests: u64,
    pub succeeded: u64,
    /// Failed requests by the class of their last failure ("transient", "timeout", ...).
    pub failed: BTreeMap<String, u64>,
    /// Requests waiting for their answer now.
    pub in_flight: u64,
    /// Request sent → answer, for every request answered.
    pub latency: LatencySummary,
    /// The bulkheads on its calls, one per service it calls.
    #[serde(default)]
    pub bulkheads: Vec<BulkheadStatus>,
    /// With a retry budget: the retries it refused.
    #[serde(default)]
    pub retries_denied_by_budget: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProducerStatus {
    pub name: String,
    pub topic: String,
    pub produced: u64,
    pub rejected: u64,
    pub blocked: bool,
    pub mean_rate_per_second: f64,
    /// A Crash fault: no events are created.
    pub crashed: bool,
    /// A Partition fault: its publishes are unreachable.
    pub partitioned: bool,
    pub unreachable: u64,
    /// Times a full topic blocked it.
    pub times_blocked: u64,
    /// Events never created because it was crashed.
    pub not_produced: u64,
    pub policy: ProducerPolicyStatus,
}

/// A producer's publish retries and outbox.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProducerPolicyStatus {
    pub priority: u8,
    /// Refused publishes waiting for another try (no outbox).
    pub retrying: u64,
    pub publish_retries: u64,
    /// Events given up on, with reasons in the ledger.
    pub lost: u64,
    pub outbox: Option<OutboxStatus>,
}

/// A transactional outbox: PENDING and FAILED events, and what the relay did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OutboxStatus {
    pub pending: u64,
    pub failed: u64,
    pub capacity: u64,
    /// What the relay and the scheduler did (flattened: the same keys as before).
    #[serde(flatten)]
    pub stats: super::policy::outbox::OutboxStats,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TopicStatus {
    pub name: String,
    /// Messages per partition (dead-letter topics: one entry, the dead letters held).
    pub partition_backlog: Vec<u64>,
    pub capacity: u64,
    /// Keys its producers send that adding partitions moved, and those with older
    /// messages left in the old partition.
    #[serde(default)]
    pub keys_moved: u64,
    #[serde(default)]
    pub key_order_hazards: u64,
    pub is_dead_letter_target: bool,
    /// Messages held now, the partitions together (dead-letter topics: the dead letters).
    pub backlog: u64,
    pub max_backlog: u64,
    /// Leader of each partition as a broker node number from 1 (`broker/N`); `None` while
    /// the partition is offline. Empty for dead-letter topics (not placed on nodes).
    pub partition_leaders: Vec<Option<u32>>,
    /// In-sync replicas of each partition now (serving, with the whole log), of
    /// `replication` copies. Empty for dead-letter topics.
    #[serde(default)]
    pub partition_in_sync: Vec<u32>,
    #[serde(default)]
    pub replication: u32,
    /// Messages shed by priority.
    pub shed: u64,
    /// Dead letters republished by redrive.
    pub redriven: u64,
    /// Its retained log (`retention`), if it keeps one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<TopicLogStatus>,
}

/// A topic's retained log now: per partition, the offsets it spans.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TopicLogStatus {
    /// Records kept, the partitions together.
    pub retained: u64,
    pub partitions: Vec<LogRange>,
}

/// One partition's log: records from `start` (the oldest kept) up to `end` (the offset the
/// next record gets); `retained = end − start`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogRange {
    pub start: u64,
    pub end: u64,
    pub retained: u64,
}

/// A group's place in one partition of a retained topic (Kafka's
/// `kafka-consumer-groups --describe`, plus what retention and resets did there).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionOffsets {
    pub log_start: u64,
    pub log_end: u64,
    /// The offset it reads next: the log end minus what waits for it (never below 0).
    pub position: u64,
    /// Messages waiting for it in this partition (the partition's share of `lag`, less
    /// what its instances hold).
    pub lag: u64,
    pub deleted_by_retention: u64,
    pub replayed: u64,
    pub skipped_by_reset: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupStatus {
    pub name: String,
    pub topic: String,
    pub concurrency: u32,
    pub prefetch: u32,
    pub instances: Vec<InstanceStatus>,
    pub processed: u64,
    pub attempts: u64,
    pub retrying: u64,
    /// Messages in the topic not yet fetched plus messages held unacknowledged.
    pub lag: u64,
    /// A rebalance pause is in progress (eager: the whole group; cooperative: the
    /// partitions that move).
    pub rebalancing: bool,
    pub rebalances: u64,
    /// Partitions whose owner a rebalance changed.
    #[serde(default)]
    pub partitions_moved: u64,
    /// Partition-seconds without fetching because of rebalances.
    #[serde(default)]
    pub paused_partition_s: f64,
    /// Seconds an eager rebalance stopped the whole group.
    #[serde(default)]
    pub stopped_s: f64,
    /// Finished rebalances, oldest first (bounded), for the time plots' markers.
    #[serde(default)]
    pub rebalance_marks: Vec<crate::engine::consumer::RebalanceMark>,
    pub redelivered: u64,
    pub duplicates_processed: u64,
    pub deduplicated: u64,
    /// Redelivered copies of already-processed messages, in all.
    pub duplicates_redelivered: u64,
    /// Attempts that failed because the message was poison.
    pub poison_failures: u64,
    /// Latency of the messages it processed since the statistics started (from the
    /// creation of each message: its publication, unless publish retries or an outbox
    /// held it first).
    pub latency: LatencySummary,
    /// Root event created → processed here: the whole journey through the pipeline.
    #[serde(default)]
    pub end_to_end: LatencySummary,
    /// Means of `latency` over consecutive equal batches of sample intervals (ms), for a
    /// within-run confidence interval (see `metrics::BatchMeans`).
    #[serde(default)]
    pub latency_batch_means: Vec<f64>,
    /// Where the deliveries it received are (its own conservation account).
    #[serde(default)]
    pub ledger: crate::engine::flow::GroupLedger,
    /// What its handler emitted.
    #[serde(default)]
    pub emits: crate::engine::flow::EmitStats,
    /// Instances the deployment has now (what the autoscaler controls).
    pub instances_provisioned: u32,
    /// ∫ provisioned instances dt over the statistics' span: the group's cost.
    #[serde(default)]
    pub instance_seconds: f64,
    /// The autoscaler at work (a group with `autoscale`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scaling: Option<ScalingStatus>,
    /// What the health check did (a group with `health_check`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check: Option<crate::engine::consumer::HealthStats>,
    /// The group as a queueing station: time averages and the queue wait.
    #[serde(default)]
    pub queueing: QueueingStatus,
    pub service_level: ServiceLevelStatus,
    pub policy: GroupPolicyStatus,
    /// Per partition, when its topic keeps a log (`retention`); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offsets: Vec<PartitionOffsets>,
    /// Standby spares, repair crew and common-cause shocks, for a group with one of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standby: Option<StandbyStatus>,
    /// Snapshots, backups and rebuilds, for a stateful group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<GroupStateStatus>,
    /// Its consumer batches, for a group with `batch`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<BatchStatus>,
}

/// A group's consumer batches since the statistics started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BatchStatus {
    /// The configured `max_messages`.
    pub max_messages: u32,
    /// Batches polled, and the messages in them.
    pub batches: u64,
    pub messages: u64,
    /// Messages per batch on average (0 before the first).
    pub mean_size: f64,
    /// Batches polled per second of the statistics' span.
    pub per_second: f64,
    /// Batches acknowledged (one ack or offset commit each).
    pub commits: u64,
    /// Fetch requests the broker refused (each sent again after 100 ms).
    pub fetch_refusals: u64,
}

/// A group's autoscaler: its policy, instances still starting, and its latest decisions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScalingStatus {
    /// "proportional" or "step".
    pub policy: String,
    /// Instances provisioned and still starting (`startup`).
    pub starting: u32,
    /// Decisions in all, and the latest (at most `SCALING_DECISIONS_SHOWN`), oldest first.
    pub decisions_total: u64,
    pub decisions: Vec<crate::engine::consumer::ScaleDecision>,
}

/// Autoscaler decisions a status carries (the dashboard lists them).
pub const SCALING_DECISIONS_SHOWN: usize = 12;

/// A group's reliability structure at work: its active slots, how many serve, and the
/// share of the run spent with each number serving (exact, from time zero).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StandbyStatus {
    /// Active slots (instances − spares) and spares.
    pub active_slots: u32,
    pub spares: u32,
    /// Active slots serving now (an active instance up; a slot being switched over, or
    /// left empty for want of a spare, does not serve).
    pub serving: u32,
    /// Share of the run with every active slot serving.
    pub all_serving_share: f64,
    /// Share of the run with exactly `s` active slots serving, by `s` from 0.
    pub serving_shares: Vec<f64>,
    /// Spares that began to take over an active slot.
    pub switch_overs: u64,
    /// Failed instances being repaired now, and waiting for the crew now.
    pub under_repair: u32,
    pub waiting_for_crew: u32,
    /// Repairs that had to wait for the crew, and the mean wait of those whose repair has
    /// started (null before any).
    pub crew_waits: u64,
    pub crew_wait_s_mean: Option<f64>,
    /// Common-cause shocks, and the instances they took down.
    pub shocks: u64,
    pub shock_failures: u64,
}

/// A group seen as a queueing station, as JMT and Ciw report one: time-integrated
/// averages (∫N(t)dt / t, not averages of samples) over the statistics' span — from time
/// zero, or from the end of the warm-up — and the queue wait apart from the sojourn.
/// Every mean is 0 before any time has passed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QueueingStatus {
    /// Deliveries held now: queued, prefetched, being handled or waiting to retry (its
    /// ledger's `in_group`).
    pub in_system: u64,
    /// Time average of `in_system` (L).
    pub in_system_mean: f64,
    /// Workers busy with a job now.
    pub busy_workers: u64,
    /// Time average of the workers busy with a job (the handler's work and its calls;
    /// redelivered duplicates included).
    pub busy_workers_mean: f64,
    /// Time average of the deliveries held but not being handled (Lq = L − busy, never
    /// below 0): in the queue, in a prefetch buffer or waiting out a retry's backoff.
    pub in_queue_mean: f64,
    /// `busy_workers_mean` / (concurrency × instances provisioned now): ρ of M/M/c. With
    /// an autoscaler or live changes of the instance count, `busy_workers_mean` is the
    /// figure to read.
    pub utilisation: f64,
    /// Mean wait from entering the group's queue to the first attempt (Wq), over the
    /// deliveries whose first attempt started in the span.
    pub wait_ms_mean: f64,
    /// For a group reading a priority queue (`max_priority`): `wait_ms_mean` per priority
    /// class (null for a class none of whose deliveries started); absent otherwise.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub wait_ms_by_priority: BTreeMap<u8, Option<f64>>,
}

/// What a group's policies are doing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupPolicyStatus {
    /// Failed attempts by class ("transient", "timeout", "circuit_open", ...).
    pub failures: BTreeMap<String, u64>,
    pub retries: u64,
    pub timeouts: u64,
    /// Jobs waiting for a rate-limit token now, attempts that found none so far, and the
    /// tokens in the bucket (negative: reserved ahead).
    pub throttled: u64,
    pub rate_limited: u64,
    pub tokens: Option<f64>,
    pub bulkheads: Vec<BulkheadStatus>,
    pub strict_order: bool,
    pub ordering_violations: u64,
    pub parked: u64,
    pub redriven: u64,
    pub redrive_guarded: u64,
}

/// A bulkhead of one (caller, service) pair.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkheadStatus {
    pub service: String,
    pub max_concurrent: u32,
    pub max_wait: SimDuration,
    pub active: u32,
    pub waiting: u64,
    pub entered: u64,
    pub waited: u64,
    pub rejected: u64,
}

/// The calls of one caller (a consumer group, a service or a client) to one service, as
/// the caller saw them (see `service::EdgeStats`): counts since the statistics started.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CallEdgeStatus {
    pub caller: String,
    pub service: String,
    /// Attempts finished, whatever the outcome (refusals by its own breaker or bulkhead
    /// included).
    pub calls: u64,
    /// Failed attempts by class ("transient", "timeout", "circuit_open", ...); classes
    /// without a failure are left out.
    pub errors: BTreeMap<String, u64>,
    /// Failed attempts, the classes together.
    pub failed: u64,
    /// Attempts that repeated a failed one.
    pub retries: u64,
    /// Latency of the attempts that went out in the last complete sample interval (ms;
    /// 0 with none).
    pub latency_ms_p50: f64,
    pub latency_ms_p95: f64,
}

/// A circuit breaker of one (caller, service) pair; `group` names the caller (a consumer
/// group, or a service or client calling downstream).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BreakerStatus {
    pub group: String,
    pub service: String,
    pub state: BreakerState,
    /// While OPEN: the instant after which the next call is let through as a probe.
    pub open_until: Option<SimTime>,
    /// Rates over the current window, percent; `None` below the minimum number of calls.
    pub failure_rate_pct: Option<f32>,
    pub slow_call_rate_pct: Option<f32>,
    /// The current window (the last 50 calls, the last 10 s, 5 probe calls) and its contents.
    pub window: WindowSpan,
    pub window_calls: u32,
    pub window_failed: u32,
    pub window_slow: u32,
    pub minimum_calls: u32,
    pub failure_threshold_pct: f32,
    pub slow_call_threshold_pct: f32,
    pub slow_call_duration: SimDuration,
    pub open_for: SimDuration,
    pub half_open_permits: u32,
    pub calls_not_permitted: u64,
    /// Virtual seconds spent refusing calls since the statistics started.
    pub open_seconds: f64,
    /// Transitions since the run started.
    pub transitions_total: u64,
    /// Transitions since the statistics started (a warm-up restarts the count).
    pub transitions_measured: u64,
    /// Where this breaker's statistics start.
    pub statistics_from: SimTime,
    /// The most recent transitions, oldest first (see [`StatusScope`]).
    pub recent_transitions: Vec<TransitionStatus>,
}

/// One breaker transition with the reason in numbers (kept as values: a reader's language
/// words it, [`Cause::render`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TransitionStatus {
    pub at: SimTime,
    pub from: BreakerState,
    pub to: BreakerState,
    pub cause: Cause,
}

impl From<&super::policy::Transition> for TransitionStatus {
    fn from(t: &super::policy::Transition) -> Self {
        TransitionStatus { at: t.at, from: t.from, to: t.to, cause: t.cause }
    }
}

/// What an instance is doing, for the UI's colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum InstanceState {
    /// Working for the group.
    #[default]
    Up,
    /// A live member without partitions: more members than partitions (Kafka).
    Idle,
    /// Running but cut off from the broker.
    Partitioned,
    /// Not running, no restart scheduled.
    Down,
    /// Not running; the supervisor will start it at `restart_at`.
    Restarting,
    /// Scaled in: not part of the deployment.
    Stopped,
    /// A standby spare: ready, taking no traffic until it takes over an active slot.
    Standby,
    /// Running again after a crash, replaying its state from the log: no traffic yet.
    Rebuilding,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InstanceStatus {
    /// "group/N", numbered from 1.
    pub name: String,
    /// The process runs.
    pub up: bool,
    pub state: InstanceState,
    /// The broker counts it as a member (true for a dead instance not yet detected).
    pub member: bool,
    pub busy: u32,
    pub buffered: u32,
    pub unacked: u32,
    pub partitions: Vec<u32>,
    /// Messages lost from its memory, waiting for redelivery.
    pub orphaned: u32,
    /// Processed messages whose ack or offset commit is still pending.
    pub unconfirmed: u32,
    pub restart_at: Option<SimTime>,
    /// Restart attempts in the current crash loop (the back-off exponent).
    pub crash_loop: u32,
    pub availability: f64,
    /// Time average of its busy workers over the statistics' span, divided by the
    /// group's `concurrency`.
    #[serde(default)]
    pub utilisation: f64,
    /// Messages whose handling ended on it (processed, or given up after their last
    /// attempt) over the statistics' span.
    #[serde(default)]
    pub finished: u64,
    /// The state rebuild it runs before it takes traffic (stateful groups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rebuild: Option<RebuildStatus>,
}

/// A stateful instance's rebuild in progress.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RebuildStatus {
    /// Events it replays from the log.
    pub events: u64,
    /// Share replayed so far, in [0, 1].
    pub progress: f64,
    pub until: SimTime,
}

/// A stateful group's snapshots, backups and rebuilds (see `engine::state`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupStateStatus {
    pub snapshot_every: u64,
    pub rebuild_per_second: f64,
    #[serde(flatten)]
    pub counts: crate::engine::state::StateCounts,
    /// How long the last rebuild took, in seconds.
    pub last_rebuild_s: f64,
}

/// A group's service level so far: the share of sample intervals that met its objectives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceLevelStatus {
    pub intervals: u64,
    pub good_intervals: u64,
    /// good / intervals (1 before the first interval).
    pub availability: f64,
    /// The objective: the share of good intervals promised.
    pub target: f64,
    /// Bad intervals over the budget (1 − target) × intervals: above 1 the budget is blown.
    /// `None` when the target leaves no budget (1.0).
    pub error_budget_consumed: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceStatus {
    pub name: String,
    pub active: u32,
    pub waiting: u64,
    /// `None` when unlimited.
    pub capacity: Option<u32>,
    pub calls: u64,
    pub errors: u64,
    /// The errors by class ("transient", "business", "fatal").
    pub errors_by_class: BTreeMap<String, u64>,
    /// Calls refused because its waiting queue was full.
    pub refused: u64,
    /// Calls that failed fast because it was down or cut off.
    pub unreachable: u64,
    /// Calls in progress cut short when it went down.
    pub interrupted: u64,
    /// Reachable (not crashed, partitioned or failed).
    pub up: bool,
    /// Latency multiplier of Slow faults in effect.
    pub slow_factor: f64,
    /// Extra transient-error probability of ErrorRate faults in effect.
    pub fault_error_rate: f64,
    /// Its replicas behind the load balancer, in order (one for a service without
    /// `replicas`).
    pub replicas: Vec<ReplicaStatus>,
    /// How the balancer picks a replica.
    pub balance: Balance,
    /// Ejections outlier detection refused because `max_ejected` of the replicas were out.
    pub ejections_capped: u64,
    /// Calls each caller (group, service or client, by name) sent it: every attempt.
    #[serde(default)]
    pub callers: BTreeMap<String, u64>,
    /// The bulkheads on its own downstream calls, one per service it calls.
    #[serde(default)]
    pub bulkheads: Vec<BulkheadStatus>,
    /// With a retry budget on its own calls: the retries it refused.
    #[serde(default)]
    pub retries_denied_by_budget: Option<u64>,
    /// Events its `publishes` topics accepted from it, all its topics together.
    #[serde(default)]
    pub published: u64,
    /// The topics it publishes to as part of answering (`publishes`).
    #[serde(default)]
    pub publishes: Vec<String>,
    /// All its replicas together as one queueing station.
    #[serde(default)]
    pub queueing: StationStatus,
    /// The order its replicas serve waiting calls in.
    #[serde(default)]
    pub queue_discipline: crate::scenario::QueueDiscipline,
    /// With a key policy (`HashMod`, `RingHash`): what key affinity measured.
    #[serde(default)]
    pub affinity: Option<AffinityStatus>,
}

/// Key affinity under `HashMod` or `RingHash` (see `engine::balancer`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AffinityStatus {
    /// Membership changes are measured over keys 0 to this (exclusive).
    pub key_population: u32,
    /// Changes of the eligible replicas (an ejection or a return) seen by a call.
    pub membership_changes: u64,
    /// Mean over those changes of the share of the key population whose replica changed;
    /// `None` before the first.
    pub keys_moved_share_mean: Option<f64>,
    /// The share that moved at the last change.
    pub keys_moved_share_last: Option<f64>,
    /// Calls served by another replica than their key's home one (its replica with every
    /// replica eligible).
    pub calls_rerouted: u64,
}

/// A service or one of its replicas as a queueing station (what JMT and Ciw report for a
/// station): time averages (∫N(t)dt / t) over the statistics' span — from time zero or the
/// end of the warm-up — and the mean wait before service. A call holds its slot through
/// its downstream calls, so `busy_mean` counts them as service.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StationStatus {
    /// Time average of the calls in service.
    pub busy_mean: f64,
    /// Time average of the calls waiting.
    pub in_queue_mean: f64,
    /// `busy_mean` / capacity; `None` when the capacity is unlimited.
    pub utilisation: Option<f64>,
    /// Mean wait before service of the calls started in the span (0 when none).
    pub wait_ms_mean: f64,
    /// With `queue_discipline: Priority`, the mean wait per priority class seen; absent
    /// otherwise.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub wait_ms_by_priority: BTreeMap<u8, f64>,
}

/// One replica of a service.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReplicaStatus {
    /// `service/N` (from 1), or the service's name for its only replica.
    pub name: String,
    /// Reachable (not crashed, partitioned or failed).
    pub up: bool,
    /// Out of balancing until then (outlier detection).
    pub ejected_until: Option<SimTime>,
    pub active: u32,
    pub waiting: u64,
    /// Calls it served.
    pub calls: u64,
    /// Served calls answered with an error.
    pub errors: u64,
    /// Calls that found it down.
    pub unreachable: u64,
    /// Calls refused at its full queue.
    pub refused: u64,
    /// Times outlier detection ejected it.
    pub ejections: u64,
    /// Its observed availability (share of the time up).
    pub availability: f64,
    pub slow_factor: f64,
    pub fault_error_rate: f64,
    /// It as a queueing station.
    #[serde(default)]
    pub queueing: StationStatus,
    /// Its active health check, when the service has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe: Option<ProbeStatus>,
}

/// A replica's active health check (the service's `health_check`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeStatus {
    /// Out of balancing by the health check.
    pub unhealthy: bool,
    /// Failed probes in a row, of the `unhealthy_threshold` that take it out.
    pub failing: u32,
    pub unhealthy_threshold: u32,
    /// Passed probes in a row, of the `healthy_threshold` that bring it back.
    pub passing: u32,
    pub healthy_threshold: u32,
    /// Probes it failed, and times the check took it out.
    pub failed_probes: u64,
    pub ejections: u64,
}

/// A broker node's state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeState {
    #[default]
    Up,
    /// Crashed or failed: its unreplicated data is gone.
    Down,
    /// Cut off by a network partition, data intact.
    Partitioned,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BrokerNodeStatus {
    /// "broker/N", numbered from 1.
    pub name: String,
    pub state: NodeState,
    /// Partitions it leads now.
    pub leaders: u32,
    pub availability: f64,
    /// Partitions it holds a copy of, and of those the copies in their in-sync set.
    #[serde(default)]
    pub replicas: u32,
    #[serde(default)]
    pub in_sync: u32,
    /// Partitions it leads with fewer in-sync replicas than copies (Kafka's
    /// UnderReplicatedPartitions, as that leader reports it).
    #[serde(default)]
    pub under_replicated: u32,
    /// Its produce requests' load, when requests cost the broker something.
    #[serde(default)]
    pub load: Option<NodeLoadStatus>,
}

/// A broker node's request handling since the statistics started (an M/G/c station: its
/// `io_threads` serve the produce requests led here).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NodeLoadStatus {
    /// Mean busy I/O threads over `io_threads`, in [0, 1].
    pub utilisation: f64,
    /// Time-average of requests waiting for a thread.
    pub queue_mean: f64,
    /// Requests waiting now, and in service now.
    pub queued: u64,
    pub in_service: u32,
    /// Mean wait for a thread of the requests that started service.
    pub wait_ms_mean: f64,
    /// Requests served and the messages they carried.
    pub requests: u64,
    pub messages: u64,
    /// Requests refused at `queued_max_requests`.
    pub refused: u64,
    /// Of the requests served, consumer batches' fetches (their messages are in `messages`).
    #[serde(default)]
    pub fetches: u64,
    /// Of the requests served, followers' fetches (the node's replication load).
    #[serde(default)]
    pub follower_fetches: u64,
}

/// The broker's replication figures since the run started (see `engine::broker`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReplicationStatus {
    /// acks Leader/None messages a crashed leader had not replicated (lost).
    pub acked_lost: u64,
    /// acks All messages a crashed leader had not replicated (back to the producer).
    pub unacked_returned: u64,
    /// acks All publishes refused below `min_insync`.
    pub refused_not_enough_replicas: u64,
    /// Offline partitions given to an out-of-sync replica.
    pub unclean_elections: u64,
    /// Σ over time of the under-replicated partitions, in partition-seconds.
    pub under_replicated_partition_s: f64,
    /// Messages appended and waiting for their followers now (not yet visible).
    pub awaiting_replication: u64,
}

/// A fault in effect.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FaultStatus {
    pub target: String,
    /// "crash", "slow ×10", "error rate 0.9", "network partition", "poison 0.02".
    pub kind: String,
    pub since: SimTime,
    /// `None`: until cleared.
    pub until: Option<SimTime>,
    pub from_command: bool,
}

/// One component's availability and the tail of its up/down timeline.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AvailabilityStatus {
    pub component: String,
    pub up: bool,
    pub figures: AvailabilityFigures,
    /// The most recent transitions (up to `RECENT_TRANSITIONS`), oldest first.
    pub timeline: Vec<Transition>,
}

/// An incident with its phases.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IncidentStatus {
    pub component: String,
    pub kind: String,
    pub at: SimTime,
    pub detected_by: Option<String>,
    pub diagnosed_by: Option<String>,
    pub recovered_at: Option<SimTime>,
    pub timings: IncidentTimings,
    /// A stateful instance's rebuild and data lost (RTO's rebuild part, RPO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<crate::engine::incident::StateRecovery>,
    /// Share of the work done correctly while it lasted (see `engine::incident`).
    #[serde(default)]
    pub fault_tolerance: crate::engine::incident::FaultTolerance,
}

/// An alert rule's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertStatus {
    pub name: String,
    pub subject: String,
    pub state: AlertState,
    /// Times it fired so far.
    pub fired: u64,
    /// The most recent firings, oldest first (see [`StatusScope`]).
    pub firings: Vec<AlertFiring>,
}

/// One firing of an alert rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AlertFiring {
    pub fired_at: SimTime,
    /// `None` while still firing.
    pub resolved_at: Option<SimTime>,
}
