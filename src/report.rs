//! The run summary: what `faultline run --json` prints. It is a reshaping of the run's
//! [`SystemStatus`] (the engine's one projection of its state) into the report's JSON
//! shape: maps by name, seconds as numbers, histories from the start of the statistics.
//! It reads nothing out of the engine itself.
//!
//! Maps are `BTreeMap`s so keys come out in a stable order and two runs of the same
//! scenario and seed print identical JSON (apart from the wall-clock fields).

use crate::engine::Simulation;
use crate::engine::availability::AvailabilityFigures;
use crate::engine::metrics::LatencySummary;
use crate::engine::status::{
    AlertStatus, BreakerStatus, GroupStatus, LedgerStatus, ProducerStatus, ServiceLevelStatus, ServiceStatus,
    SystemStatus, TopicStatus, TransitionStatus,
};
use crate::engine::uptime::{StructureOf, StructureStatus};
use crate::i18n::{Arg, tr, tr_args};
use serde::Serialize;
use std::collections::BTreeMap;

/// Summary of one run.
#[derive(Clone, Debug, Serialize)]
pub struct RunReport {
    pub scenario: String,
    pub seed: u64,
    pub virtual_seconds: f64,
    pub wall_seconds: f64,
    pub messages_per_wall_second: f64,
    pub events: u64,
    pub ledger: LedgerReport,
    pub latency_ms: LatencySummary,
    pub throughput_per_second: Throughput,
    pub topics: BTreeMap<String, TopicReport>,
    pub groups: BTreeMap<String, GroupReport>,
    pub services: BTreeMap<String, ServiceReport>,
    pub producers: BTreeMap<String, ProducerReport>,
    /// Synchronous clients, end to end.
    pub clients: BTreeMap<String, ClientReport>,
    /// Orchestrated sagas by name (absent when the scenario has none).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub sagas: BTreeMap<String, SagaReport>,
    /// Every service, consumer instance ("group/N") and broker node ("broker/N").
    pub availability: BTreeMap<String, AvailabilityFigures>,
    /// The structure of each `Serial` and `KOutOfN` law of the scenario as a whole, keyed
    /// `serial:A+B+C` and `K-of:GROUP` (absent when the scenario has no such law).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub structures: BTreeMap<String, StructureReport>,
    /// One per failure since the statistics started, in order (the most recent 1,000).
    pub incidents: Vec<IncidentReport>,
    /// One per firing of an alert rule since the statistics started, in order of firing.
    pub alerts: Vec<AlertReport>,
    /// Circuit breakers by "CALLER:SERVICE".
    pub breakers: BTreeMap<String, BreakerReport>,
    /// The broker's replication: acks losses, ISR refusals, unclean elections and
    /// under-replicated time (Kafka's producer and broker metrics of the same names).
    pub broker: BrokerReport,
    /// Configured features this engine does not simulate yet.
    pub not_modelled: Vec<String>,
    /// Present only when the run stopped at a resource limit before its end: when, and
    /// why (see `engine::halt`). Every other figure is as of that moment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub halted: Option<HaltReport>,
    /// The traced journeys, when the scenario traces (`tracing`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traces: Option<TracesReport>,
}

/// Where and why a run stopped before its end.
#[derive(Clone, Debug, Serialize)]
pub struct HaltReport {
    pub at_s: f64,
    /// Why: `reason` in English for programs; the human summary words it in the reader's
    /// language.
    #[serde(rename = "reason", serialize_with = "in_english")]
    pub halt: crate::engine::Halt,
}

/// The figures of the structure `wanted` picks out, if the run has it.
fn redundancy(status: &SystemStatus, wanted: impl Fn(&StructureOf) -> bool) -> Option<RedundancyReport> {
    status.structures.iter().find(|s| wanted(&s.of)).map(RedundancyReport::from)
}

/// A value kept for rendering, written as its English text.
fn in_english<S: serde::Serializer>(value: &impl std::fmt::Display, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

/// One incident and its self-healing phases (see `engine::incident`).
#[derive(Clone, Debug, Serialize)]
pub struct IncidentReport {
    pub component: String,
    pub kind: String,
    pub at_s: f64,
    pub detect_s: Option<f64>,
    pub diagnose_s: Option<f64>,
    pub recover_s: Option<f64>,
    /// detect + diagnose + recover; null while not recovered.
    pub self_healing_s: Option<f64>,
    pub detected_by: Option<String>,
    pub diagnosed_by: Option<String>,
    /// Deliveries that arrived while it lasted, those processed within their group's
    /// latency objective in that time, and good / arrived (null when none arrived): the
    /// share of work done correctly while the fault was active (see `engine::incident`).
    pub arrived: u64,
    pub processed_within_objective: u64,
    pub fault_tolerance_rate: Option<f64>,
    /// A stateful instance's recovery: `rto_s` (recovered − at, the recovery time), the
    /// rebuild's events and time, and the data lost (`rpo_events`, `rpo_s`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<IncidentStateReport>,
}

/// The recovery time and recovery point of a stateful instance's incident.
#[derive(Clone, Debug, Serialize)]
pub struct IncidentStateReport {
    /// Recovery time objective as met: recovered − at (null while not recovered).
    pub rto_s: Option<f64>,
    #[serde(flatten)]
    pub recovery: crate::engine::incident::StateRecovery,
}

/// The broker's replication figures since the run started.
#[derive(Clone, Debug, Serialize)]
pub struct BrokerReport {
    /// acks Leader/None messages a crashed leader had not replicated: lost, reason
    /// "acked, not replicated (leader crash)".
    pub acked_lost: u64,
    /// acks All messages a crashed leader had not replicated: never acknowledged, handed
    /// back to the producer's retries or outbox.
    pub unacked_returned: u64,
    /// acks All publish attempts refused because fewer than `min_insync` replicas were in
    /// sync (Kafka's NotEnoughReplicas).
    pub refused_not_enough_replicas: u64,
    /// Offline partitions given to an out-of-sync replica.
    pub unclean_elections: u64,
    /// Σ over time of the partitions with fewer in-sync replicas than copies, in
    /// partition-seconds.
    pub under_replicated_partition_seconds: f64,
    /// Each node's produce-request load, when the broker has a `request_cost` or
    /// `message_cost` (absent otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<BrokerNodeLoadReport>,
}

/// One broker node's request handling (see `engine::broker_load`).
#[derive(Clone, Debug, Serialize)]
pub struct BrokerNodeLoadReport {
    /// "broker/N".
    pub name: String,
    #[serde(flatten)]
    pub load: crate::engine::status::NodeLoadStatus,
}

/// One firing of an alert rule.
#[derive(Clone, Debug, Serialize)]
pub struct AlertReport {
    pub name: String,
    pub fired_at_s: f64,
    /// null while still firing at the end of the run.
    pub resolved_at_s: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LedgerReport {
    pub produced: u64,
    /// Copies for the second and later groups of fan-out topics (see `engine::ledger`).
    pub fan_out_copies: u64,
    /// Deliveries acknowledged unhandled by a group's filter.
    pub filtered: u64,
    pub in_system: u64,
    pub processed: u64,
    pub dead_lettered: u64,
    pub expired: u64,
    pub dropped: u64,
    pub lost: u64,
    pub by_reason: BTreeMap<&'static str, u64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Throughput {
    /// Processed messages per virtual second over the run.
    pub mean: f64,
    /// Highest processed per second of any sample interval.
    pub peak: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TopicReport {
    pub max_backlog: u64,
    pub final_backlog: u64,
    /// Messages shed by priority (dropped or rejected).
    pub shed: u64,
    /// Dead letters republished by redrive.
    pub redriven: u64,
    /// Partitions at the end (more than the scenario's after `AddPartitions`).
    pub partitions: u64,
    /// Keys of its producers that adding partitions sent to another partition, and of
    /// those the ones with older messages still waiting in the old one (order hazards).
    pub keys_moved: u64,
    pub key_order_hazards: u64,
    /// Its retained log at the end (`retention`): records kept, and per partition the
    /// offsets they span. Absent for a topic that keeps no log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<crate::engine::status::TopicLogStatus>,
}

/// A group on a retained topic: what retention and offset resets did, in all and per
/// partition.
#[derive(Clone, Debug, Serialize)]
pub struct GroupOffsetsReport {
    pub deleted_by_retention: u64,
    pub replayed: u64,
    pub skipped_by_reset: u64,
    pub partitions: Vec<crate::engine::status::PartitionOffsets>,
}

/// A within-run 95 % confidence interval of a mean by the method of batch means (Law,
/// *Simulation Modeling and Analysis*, 5th ed., §9.5.3): centred on the run's mean, with
/// half-width t(0.975, k−1) · s / √k from the spread s of the k batch means. It is honest
/// when a batch is much longer than the system's memory (seconds for a queue far from
/// saturation; a run near ρ = 1 or with slow faults needs a longer run); replications
/// (`sweep`, `compare`) remain the surer way.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BatchInterval {
    pub low: f64,
    pub high: f64,
    /// How many batches the interval is from (between 32 and 63 once a run has 64 sample
    /// intervals).
    pub batches: u32,
}

impl BatchInterval {
    /// Fewer batch means than this give no interval: too little to judge their spread.
    pub const MIN_BATCHES: usize = 10;

    pub fn of(mean: f64, batch_means: &[f64]) -> Option<BatchInterval> {
        if batch_means.len() < Self::MIN_BATCHES {
            return None;
        }
        let half = crate::experiment::stats::estimate(batch_means).half_width()?;
        Some(BatchInterval { low: mean - half, high: mean + half, batches: batch_means.len() as u32 })
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupReport {
    pub processed: u64,
    pub attempts: u64,
    pub retries: u64,
    pub timeouts: u64,
    /// Messages processed after a later-produced message of the same key (Partitioned).
    pub ordering_violations: u64,
    /// Handler attempts that found no rate-limit token.
    pub rate_limited: u64,
    /// Calls a full bulkhead turned away (at once or after waiting).
    pub bulkhead_rejected: u64,
    /// Failed attempts by class.
    pub failures: BTreeMap<String, u64>,
    pub latency_ms: LatencySummary,
    /// Root event created → processed here (equal to `latency_ms` for a group that reads
    /// what producers publish; longer down a pipeline).
    pub end_to_end_ms: LatencySummary,
    /// A 95 % confidence interval of `latency_ms.mean` from this one run, by batch means;
    /// null with fewer than `BatchInterval::MIN_BATCHES` batches of sample intervals.
    pub latency_mean_ci95: Option<BatchInterval>,
    /// Deliveries its filter acknowledged without handling.
    pub filtered: u64,
    /// Messages in its queue not yet fetched plus those it holds unacknowledged.
    pub lag: u64,
    /// Where every delivery it received is: `received = in_group + processed + filtered
    /// + dead_lettered + expired + dropped + lost + redriven`.
    pub ledger: GroupLedgerReport,
    /// Events its handler emitted, emits their topic refused (lost), and emits not made
    /// because the event had travelled `max_hops` hops.
    pub emitted: u64,
    pub emits_refused: u64,
    pub hop_limited: u64,
    /// Messages delivered again after a crash, eviction or scale-in (all copies).
    pub redelivered: u64,
    pub rebalances: u64,
    /// Partitions whose owner a rebalance changed (a departed member's included).
    pub partitions_moved: u64,
    /// Partition-seconds without fetching because of rebalances: an eager one stops
    /// every partition, a cooperative one only those that move.
    pub rebalance_paused_partition_s: f64,
    /// Seconds eager rebalances stopped the whole group (0 for a cooperative group).
    pub rebalance_stopped_s: f64,
    /// Instances the deployment has at the end (the autoscaler's count).
    pub instances_final: u32,
    /// Its cost: ∫ provisioned instances dt over the statistics' span, in
    /// instance-seconds (instances still starting count).
    pub instance_seconds: f64,
    /// The autoscaler's changes of the instance count (a group with `autoscale`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autoscaler_decisions: Option<u64>,
    /// What its health check did (a group with `health_check`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check: Option<crate::engine::consumer::HealthStats>,
    /// Redelivered copies of already-processed messages handled again (side effects twice).
    pub duplicates_processed: u64,
    /// Redelivered copies acknowledged unprocessed by the dedup window (idempotent groups).
    pub deduplicated: u64,
    /// Redelivered copies of already-processed messages, in all.
    pub duplicates_redelivered: u64,
    /// Attempts that failed because the message was poison.
    pub poison_failures: u64,
    /// Dead letters of this group republished by redrive.
    pub redriven: u64,
    /// Dead letters a redrive parked instead, because the loop guard stopped them.
    pub redrive_guarded: u64,
    /// Messages in the group's parking lot at the end (`on_exhausted: Park`, loop guard).
    pub parked: u64,
    /// A group with `failures`: its configured instances as a whole (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability: Option<RedundancyReport>,
    /// The group as a queueing station: time-averaged number held (L), in the queue (Lq)
    /// and busy workers, utilisation, and the mean queue wait (Wq) apart from the sojourn.
    pub queueing: crate::engine::status::QueueingStatus,
    /// Each instance's utilisation by its number from 1 (`group/N`): the time average of
    /// its busy workers over the statistics' span (from its start if later) / `concurrency`.
    pub instance_utilisation: Numbered<f64>,
    /// Each instance's finished messages (processed, or given up after their last attempt)
    /// by its number from 1, over the statistics' span: how a Competing group's `dispatch`
    /// shares the work out.
    pub instance_finished: Numbered<u64>,
    /// Share of sample intervals that met the group's objectives, and the error budget.
    pub service_level: ServiceLevelStatus,
    /// Its offsets on a retained topic; absent when its topic keeps no log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offsets: Option<GroupOffsetsReport>,
    /// Standby spares, repair crew and common-cause shocks at work (a group with one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standby: Option<crate::engine::status::StandbyStatus>,
    /// Snapshots, backups and rebuilds of a stateful group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<crate::engine::status::GroupStateStatus>,
    /// Consumer batches: batches polled, messages, mean size, per second, commits, refused
    /// fetches (a group with `batch`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<crate::engine::status::BatchStatus>,
}

/// The journeys of the sampled root events (see `engine::trace`).
#[derive(Clone, Debug, Serialize)]
pub struct TracesReport {
    /// Sampled roots whose journey was not kept: `max_traces` were held.
    pub not_kept: u64,
    pub journeys: Vec<crate::engine::sim::Journey>,
}

/// A synchronous client's requests, end to end.
#[derive(Clone, Debug, Serialize)]
pub struct ClientReport {
    pub requests: u64,
    pub succeeded: u64,
    /// Failed requests by the class of their last failure.
    pub failed: BTreeMap<String, u64>,
    /// Succeeded / answered (1 when none was answered yet).
    pub success_rate: f64,
    pub in_flight: u64,
    pub latency_ms: LatencySummary,
    /// With a bulkhead on its calls: the calls it turned away (at once or after waiting).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bulkhead_rejected: Option<u64>,
    /// With a retry budget: the retries it refused (the failure went back at once).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retries_denied_by_budget: Option<u64>,
}

impl From<&crate::engine::status::ClientStatus> for ClientReport {
    fn from(k: &crate::engine::status::ClientStatus) -> Self {
        let answered = k.succeeded + k.failed.values().sum::<u64>();
        ClientReport {
            requests: k.requests,
            succeeded: k.succeeded,
            failed: k.failed.clone(),
            success_rate: if answered == 0 { 1.0 } else { k.succeeded as f64 / answered as f64 },
            in_flight: k.in_flight,
            latency_ms: k.latency,
            bulkhead_rejected: bulkhead_rejected(&k.bulkheads),
            retries_denied_by_budget: k.retries_denied_by_budget,
        }
    }
}

/// An orchestrated saga's instances by how they ended, and what its steps and
/// compensations cost. `started = completed + compensated + failed + inconsistent +
/// in_progress` (from time zero; after a warm-up, sagas started before it may end in it).
#[derive(Clone, Debug, Serialize)]
pub struct SagaReport {
    /// The consumer group that runs it.
    pub coordinator: String,
    pub started: u64,
    pub completed: u64,
    pub compensated: u64,
    /// A step failed with nothing done to undo (typically the first step).
    pub failed: u64,
    /// A compensation gave up, or a step after the pivot failed: half done.
    pub inconsistent: u64,
    /// Running or compensating at the end (including sagas whose trigger waits for
    /// redelivery after a coordinator crash).
    pub in_progress: u64,
    pub running: u64,
    pub compensating: u64,
    /// Sagas that did not complete, by the step whose failure ended or turned them.
    pub by_failed_step: BTreeMap<String, u64>,
    /// Sagas that did not complete, by reason (`step_business`, `step_transient`,
    /// `step_timeout`, `saga_timeout`, `compensation_failed`, `failed_after_pivot`, ...).
    pub reasons: BTreeMap<String, u64>,
    /// Start → end of the sagas that ended.
    pub duration_ms: LatencySummary,
    pub compensations: SagaCompensations,
    /// Every step's calls (attempts) and failed attempts.
    pub steps: BTreeMap<String, SagaStepReport>,
    /// Steps skipped by their condition (`only_for`).
    pub skipped: u64,
    /// Sagas taken up again from the saga log after their trigger was redelivered.
    pub resumed: u64,
    /// Calls made again after a coordinator crash lost their answer, to steps that are not
    /// idempotent: effects that happened twice.
    pub duplicate_calls: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct SagaCompensations {
    /// Compensation calls, every attempt.
    pub calls: u64,
    /// Of those, the failed ones.
    pub failures: u64,
}

/// A step's attempts (a command step's commands sent), and the failed ones; a command
/// step adds its replies heard in time by kind (`processed`, `dead_lettered`, `declined`,
/// `filtered`, `expired`, `dropped`, `lost`, `refused`), the attempts that heard none
/// within `reply_timeout` (`timeouts`), and the replies that came too late to count
/// (`late_replies`: after the timeout, a coordinator crash or the saga's end).
#[derive(Clone, Debug, Serialize)]
pub struct SagaStepReport {
    pub calls: u64,
    pub failures: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replies: Option<BTreeMap<String, u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeouts: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub late_replies: Option<u64>,
}

impl From<&crate::engine::saga::SagaStatus> for SagaReport {
    fn from(k: &crate::engine::saga::SagaStatus) -> Self {
        SagaReport {
            coordinator: k.coordinator.clone(),
            started: k.started,
            completed: k.completed,
            compensated: k.compensated,
            failed: k.failed,
            inconsistent: k.inconsistent,
            in_progress: k.in_progress,
            running: k.running,
            compensating: k.compensating,
            by_failed_step: k.by_failed_step.clone(),
            reasons: k.reasons.clone(),
            duration_ms: k.duration,
            compensations: SagaCompensations { calls: k.compensation_calls, failures: k.compensation_failures },
            steps: k
                .steps
                .iter()
                .map(|step| {
                    let command = step.command.as_ref();
                    let report = SagaStepReport {
                        calls: step.calls,
                        failures: step.failures,
                        replies: command.map(|c| c.replies.clone()),
                        timeouts: command.map(|c| c.timeouts),
                        late_replies: command.map(|c| c.late_replies),
                    };
                    (step.name.clone(), report)
                })
                .collect(),
            skipped: k.skipped,
            resumed: k.resumed,
            duplicate_calls: k.duplicate_calls,
        }
    }
}

/// A group's own ledger (see [`GroupReport::ledger`]): its counts, and what is still in
/// the group.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct GroupLedgerReport {
    pub in_group: u64,
    #[serde(flatten)]
    pub counts: crate::engine::flow::GroupLedger,
}

impl GroupLedgerReport {
    /// Every delivery received is in one place: the law the tests check per group.
    pub fn balances(&self) -> bool {
        self.counts.received == self.in_group + self.counts.ended()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct BreakerReport {
    /// Final state.
    pub state: &'static str,
    /// The most recent transitions (at most 256) since the statistics started, oldest first.
    pub transitions: Vec<TransitionReport>,
    /// Transitions since the statistics started (a warm-up restarts the count).
    pub transitions_total: u64,
    /// Virtual seconds spent refusing calls (OPEN or FORCED_OPEN).
    pub open_seconds: f64,
    pub calls_not_permitted: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TransitionReport {
    pub at_s: f64,
    pub from: String,
    pub to: String,
    pub reason: String,
}

impl From<&TransitionStatus> for TransitionReport {
    fn from(t: &TransitionStatus) -> Self {
        TransitionReport {
            at_s: t.at.as_secs_f64(),
            from: t.from.name().into(),
            to: t.to.name().into(),
            reason: t.cause.to_string(),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ServiceReport {
    /// Calls that reached the service.
    pub calls: u64,
    /// Calls each caller (a group, a service or a client, by name) sent it, every attempt
    /// counted, answered or refused.
    pub callers: BTreeMap<String, u64>,
    pub errors: BTreeMap<String, u64>,
    /// Calls refused because the service's waiting queue was full.
    pub refused: u64,
    /// Calls that failed fast because the service was down or cut off.
    pub unreachable: u64,
    /// Calls in progress cut short when the service went down.
    pub interrupted: u64,
    /// The service (all its replicas together) as a queueing station: time-averaged calls
    /// in service (`busy_mean`) and waiting (`in_queue_mean`), `utilisation` = busy_mean /
    /// capacity of all replicas (null when unlimited), the mean wait before service, and
    /// with `queue_discipline: Priority` the wait per priority class.
    pub queueing: crate::engine::status::StationStatus,
    /// A service with several replicas: each one by its number from 1, as faults name it
    /// (`replicas.2` is `service/2`); absent for a service with one.
    #[serde(skip_serializing_if = "ReplicaReports::is_empty")]
    pub replicas: ReplicaReports,
    /// With several replicas: ejections refused because `max_ejected` of them were out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ejections_capped: Option<u64>,
    /// The most calls one replica served over the mean per replica (1 is perfectly even,
    /// and always with one replica; N when one of N serves everything); null before any
    /// call was served.
    pub load_imbalance: Option<f64>,
    /// With `balance: HashMod` or `RingHash`: the keys moved by membership changes and the
    /// calls served away from their key's home replica.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_affinity: Option<crate::engine::status::AffinityStatus>,
    /// With a bulkhead on its own downstream calls: the calls it turned away.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bulkhead_rejected: Option<u64>,
    /// With a retry budget on its own calls: the retries it refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retries_denied_by_budget: Option<u64>,
    /// A service that `publishes`: the events its topics accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<u64>,
    /// A service with several replicas and `failures`: its replicas as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability: Option<RedundancyReport>,
}

/// Redundant units (a group's instances, a service's replicas) as a whole: the share of
/// the time at least one was up (the service was reachable at all) and all were up (at
/// full capacity), each beside its closed form for independent units, 1 − Π(1 − Aᵢ) and
/// Π Aᵢ with Aᵢ = MTBF/(MTBF+MTTR). Since the statistics started, exact for a run of any
/// length. The analytic values are null for an autoscaled group.
#[derive(Clone, Debug, Serialize)]
pub struct RedundancyReport {
    /// The instances (replicas) counted: a group's configured `instances`.
    pub units: usize,
    pub any_up: f64,
    pub any_up_analytic: Option<f64>,
    pub all_up: f64,
    pub all_up_analytic: Option<f64>,
}

impl From<&StructureStatus> for RedundancyReport {
    fn from(s: &StructureStatus) -> Self {
        let n = s.units.len();
        RedundancyReport {
            units: n,
            any_up: s.observed_at_least(1),
            any_up_analytic: s.analytic_at_least(1),
            all_up: s.observed_at_least(n),
            all_up_analytic: s.analytic_at_least(n),
        }
    }
}

/// A law's structure as a whole: the share of the time at least `needs_up` of its units
/// were up (all of them for a chain), beside the value for independent units (Π Aᵢ for a
/// chain, P(at least k of n up) for k-out-of-n).
#[derive(Clone, Debug, Serialize)]
pub struct StructureReport {
    pub units: Vec<String>,
    pub needs_up: usize,
    pub observed: f64,
    pub analytic: Option<f64>,
}

impl StructureReport {
    /// The report of a law's structure, with its key, or `None` for a group's or a
    /// service's (filed under them).
    fn of(s: &StructureStatus) -> Option<(String, StructureReport)> {
        let needs_up = match &s.of {
            StructureOf::Serial(_) => s.units.len(),
            StructureOf::KOutOfN { k, .. } => *k,
            StructureOf::Group(_) | StructureOf::Replicas(_) => return None,
        };
        let report = StructureReport {
            units: s.units.clone(),
            needs_up,
            observed: s.observed_at_least(needs_up),
            analytic: s.analytic_at_least(needs_up),
        };
        Some((s.of.key()?, report))
    }
}

/// max/mean of the calls served per replica, once any was served.
pub fn load_imbalance(replicas: &[crate::engine::status::ReplicaStatus]) -> Option<f64> {
    let total: u64 = replicas.iter().map(|r| r.calls).sum();
    let max = replicas.iter().map(|r| r.calls).max()?;
    (total > 0).then(|| max as f64 * replicas.len() as f64 / total as f64)
}

/// The calls a caller's bulkheads turned away, if it has any.
fn bulkhead_rejected(bulkheads: &[crate::engine::status::BulkheadStatus]) -> Option<u64> {
    (!bulkheads.is_empty()).then(|| bulkheads.iter().map(|b| b.rejected).sum())
}

/// Numbered things (a service's replicas, a group's instances), written as an object
/// keyed "1" to "N" in that order (a plain map would sort "10" before "2"), so a metric
/// path names one by its number (`replicas.2`).
#[derive(Clone, Debug, Default)]
pub struct Numbered<T>(pub Vec<T>);

/// A service's replicas.
pub type ReplicaReports = Numbered<ReplicaReport>;

impl<T> Numbered<T> {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Serialize> Serialize for Numbered<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, replica) in self.0.iter().enumerate() {
            map.serialize_entry(&(k + 1).to_string(), replica)?;
        }
        map.end()
    }
}

/// One replica of a service.
#[derive(Clone, Debug, Serialize)]
pub struct ReplicaReport {
    /// Calls it served.
    pub calls: u64,
    /// Served calls answered with an error (any class).
    pub errors: u64,
    /// Calls that found it down ("connection refused").
    pub unreachable: u64,
    /// Calls refused at its full waiting queue.
    pub refused: u64,
    /// Times outlier detection ejected it.
    pub ejections: u64,
    /// Its observed availability: the share of the time it was up.
    pub availability: f64,
    /// It as a queueing station (the service's `queueing` figures for it alone).
    pub queueing: crate::engine::status::StationStatus,
    /// With an active health check: probes it failed and times the check took it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check: Option<ProbeReport>,
}

/// A replica's active health check over the run.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ProbeReport {
    pub failed_probes: u64,
    pub ejections: u64,
    /// Out of balancing at the end.
    pub unhealthy: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProducerReport {
    pub produced: u64,
    /// Publish attempts refused by the broker.
    pub rejected: u64,
    pub times_blocked: u64,
    pub publish_retries: u64,
    /// Events given up on (reasons in `ledger.by_reason`).
    pub lost: u64,
    /// With a transactional outbox: events still PENDING and FAILED at the end.
    pub outbox_pending: Option<u64>,
    pub outbox_failed: Option<u64>,
    /// Publishes that found the broker unreachable (partitioned producer, offline partition).
    pub unreachable: u64,
    /// Events never created because the producer was crashed.
    pub not_produced: u64,
}

/// Every firing of every rule since the statistics started, ordered by firing time (then
/// rule order).
fn alert_reports(alerts: &[AlertStatus], measured_from: crate::time::SimTime) -> Vec<AlertReport> {
    let mut out: Vec<(u64, usize, AlertReport)> = Vec::new();
    for (k, rule) in alerts.iter().enumerate() {
        for e in rule.firings.iter().filter(|e| e.fired_at >= measured_from) {
            let report = AlertReport {
                name: rule.name.clone(),
                fired_at_s: e.fired_at.as_secs_f64(),
                resolved_at_s: e.resolved_at.map(|r| r.as_secs_f64()),
            };
            out.push((e.fired_at.0, k, report));
        }
    }
    out.sort_by_key(|(at, k, _)| (*at, *k));
    out.into_iter().map(|(_, _, r)| r).collect()
}

impl From<&LedgerStatus> for LedgerReport {
    fn from(l: &LedgerStatus) -> Self {
        LedgerReport {
            produced: l.produced,
            fan_out_copies: l.fan_out_copies,
            filtered: l.filtered,
            in_system: l.in_system,
            processed: l.processed,
            dead_lettered: l.dead_lettered,
            expired: l.expired,
            dropped: l.dropped,
            lost: l.lost,
            by_reason: l.by_reason(),
        }
    }
}

impl From<&TopicStatus> for TopicReport {
    fn from(t: &TopicStatus) -> Self {
        TopicReport {
            max_backlog: t.max_backlog,
            final_backlog: t.backlog,
            shed: t.shed,
            redriven: t.redriven,
            partitions: t.partition_backlog.len() as u64,
            keys_moved: t.keys_moved,
            key_order_hazards: t.key_order_hazards,
            log: t.log.clone(),
        }
    }
}

impl From<&GroupStatus> for GroupReport {
    fn from(g: &GroupStatus) -> Self {
        let policy = &g.policy;
        GroupReport {
            processed: g.processed,
            attempts: g.attempts,
            retries: policy.retries,
            timeouts: policy.timeouts,
            ordering_violations: policy.ordering_violations,
            rate_limited: policy.rate_limited,
            bulkhead_rejected: bulkhead_rejected(&policy.bulkheads).unwrap_or(0),
            failures: policy.failures.clone(),
            latency_ms: g.latency,
            latency_mean_ci95: BatchInterval::of(g.latency.mean, &g.latency_batch_means),
            end_to_end_ms: g.end_to_end,
            filtered: g.ledger.filtered,
            lag: g.lag,
            ledger: GroupLedgerReport { in_group: g.lag, counts: g.ledger },
            emitted: g.emits.emitted,
            emits_refused: g.emits.refused,
            hop_limited: g.emits.hop_limited,
            redelivered: g.redelivered,
            rebalances: g.rebalances,
            partitions_moved: g.partitions_moved,
            rebalance_paused_partition_s: g.paused_partition_s,
            rebalance_stopped_s: g.stopped_s,
            instances_final: g.instances_provisioned,
            instance_seconds: g.instance_seconds,
            autoscaler_decisions: g.scaling.as_ref().map(|s| s.decisions_total),
            health_check: g.health_check,
            duplicates_processed: g.duplicates_processed,
            deduplicated: g.deduplicated,
            duplicates_redelivered: g.duplicates_redelivered,
            poison_failures: g.poison_failures,
            redriven: policy.redriven,
            redrive_guarded: policy.redrive_guarded,
            parked: policy.parked,
            queueing: g.queueing.clone(),
            instance_utilisation: Numbered(g.instances.iter().map(|i| i.utilisation).collect()),
            availability: None,
            instance_finished: Numbered(g.instances.iter().map(|i| i.finished).collect()),
            service_level: g.service_level,
            offsets: (!g.offsets.is_empty()).then(|| GroupOffsetsReport {
                deleted_by_retention: g.offsets.iter().map(|p| p.deleted_by_retention).sum(),
                replayed: g.offsets.iter().map(|p| p.replayed).sum(),
                skipped_by_reset: g.offsets.iter().map(|p| p.skipped_by_reset).sum(),
                partitions: g.offsets.clone(),
            }),
            standby: g.standby.clone(),
            state: g.state,
            batch: g.batch,
        }
    }
}

impl From<&ServiceStatus> for ServiceReport {
    fn from(s: &ServiceStatus) -> Self {
        ServiceReport {
            calls: s.calls,
            callers: s.callers.clone(),
            errors: s.errors_by_class.clone(),
            refused: s.refused,
            unreachable: s.unreachable,
            interrupted: s.interrupted,
            queueing: s.queueing.clone(),
            replicas: Numbered(if s.replicas.len() > 1 {
                s.replicas
                    .iter()
                    .map(|r| ReplicaReport {
                        calls: r.calls,
                        errors: r.errors,
                        unreachable: r.unreachable,
                        refused: r.refused,
                        ejections: r.ejections,
                        availability: r.availability,
                        queueing: r.queueing.clone(),
                        health_check: r.probe.map(|p| ProbeReport {
                            failed_probes: p.failed_probes,
                            ejections: p.ejections,
                            unhealthy: p.unhealthy,
                        }),
                    })
                    .collect()
            } else {
                Vec::new()
            }),
            ejections_capped: (s.replicas.len() > 1).then_some(s.ejections_capped),
            load_imbalance: load_imbalance(&s.replicas),
            key_affinity: s.affinity.clone(),
            bulkhead_rejected: bulkhead_rejected(&s.bulkheads),
            retries_denied_by_budget: s.retries_denied_by_budget,
            published: (!s.publishes.is_empty()).then_some(s.published),
            availability: None,
        }
    }
}

impl From<&ProducerStatus> for ProducerReport {
    fn from(p: &ProducerStatus) -> Self {
        let outbox = p.policy.outbox.as_ref();
        ProducerReport {
            produced: p.produced,
            rejected: p.rejected,
            times_blocked: p.times_blocked,
            unreachable: p.unreachable,
            not_produced: p.not_produced,
            publish_retries: p.policy.publish_retries,
            lost: p.policy.lost,
            outbox_pending: outbox.map(|o| o.pending),
            outbox_failed: outbox.map(|o| o.failed),
        }
    }
}

impl From<&BreakerStatus> for BreakerReport {
    fn from(b: &BreakerStatus) -> Self {
        BreakerReport {
            state: b.state.name(),
            transitions: b
                .recent_transitions
                .iter()
                .filter(|t| t.at >= b.statistics_from)
                .map(TransitionReport::from)
                .collect(),
            transitions_total: b.transitions_measured,
            open_seconds: b.open_seconds,
            calls_not_permitted: b.calls_not_permitted,
        }
    }
}

impl RunReport {
    /// Summarises `sim` as it stands; `wall_seconds` is how long the run took.
    pub fn new(sim: &Simulation, wall_seconds: f64) -> RunReport {
        let mut report = RunReport::of(&sim.run_status(), wall_seconds);
        if sim.tracer().is_some() {
            report.traces = Some(TracesReport { not_kept: sim.journeys_not_kept(), journeys: sim.journeys() });
        }
        report
    }

    /// The report's numbers, for reading metrics by path (expectations, lessons, sweeps,
    /// forks): as [`RunReport::new`] with no wall-clock time and `traces` without its
    /// journeys (only `not_kept`). Converting every kept journey at every look was 96 % of
    /// a traced run's time (the marketplace: 21 s instead of 0.7 s).
    pub fn numbers(sim: &Simulation) -> RunReport {
        let mut report = RunReport::of(&sim.run_status(), 0.0);
        if sim.tracer().is_some() {
            report.traces = Some(TracesReport { not_kept: sim.journeys_not_kept(), journeys: Vec::new() });
        }
        report
    }

    /// The report of a run whose state is `status` (a [`Simulation::run_status`]: the
    /// histories as the engine keeps them); `wall_seconds` is how long the run took.
    pub fn of(status: &SystemStatus, wall_seconds: f64) -> RunReport {
        let processed = status.ledger.processed;
        let named = |name: &str| name.to_string();
        RunReport {
            traces: None,
            scenario: status.scenario.clone(),
            seed: status.seed,
            virtual_seconds: status.now.as_secs_f64(),
            wall_seconds,
            messages_per_wall_second: if wall_seconds > 0.0 { processed as f64 / wall_seconds } else { 0.0 },
            events: status.events_handled,
            ledger: LedgerReport::from(&status.ledger),
            latency_ms: status.latency,
            throughput_per_second: Throughput {
                mean: status.throughput.mean_per_s,
                peak: status.throughput.peak_per_s,
            },
            topics: status.topics.iter().map(|t| (named(&t.name), TopicReport::from(t))).collect(),
            groups: status
                .groups
                .iter()
                .map(|g| {
                    let mut report = GroupReport::from(g);
                    report.availability = redundancy(status, |of| matches!(of, StructureOf::Group(n) if *n == g.name));
                    (named(&g.name), report)
                })
                .collect(),
            services: status
                .services
                .iter()
                .map(|s| {
                    let mut report = ServiceReport::from(s);
                    report.availability =
                        redundancy(status, |of| matches!(of, StructureOf::Replicas(n) if *n == s.name));
                    (named(&s.name), report)
                })
                .collect(),
            producers: status.producers.iter().map(|p| (named(&p.name), ProducerReport::from(p))).collect(),
            clients: status.clients.iter().map(|k| (named(&k.name), ClientReport::from(k))).collect(),
            sagas: status.sagas.iter().map(|k| (named(&k.name), SagaReport::from(k))).collect(),
            availability: status.availability.iter().map(|a| (named(&a.component), a.figures)).collect(),
            structures: status.structures.iter().filter_map(StructureReport::of).collect(),
            // Like every statistic, incidents and alerts count from the end of a warm-up.
            incidents: status
                .incidents
                .iter()
                .filter(|i| i.at >= status.measured_from)
                .map(|i| IncidentReport {
                    component: i.component.clone(),
                    kind: i.kind.clone(),
                    at_s: i.at.as_secs_f64(),
                    detect_s: i.timings.detect_s,
                    diagnose_s: i.timings.diagnose_s,
                    recover_s: i.timings.recover_s,
                    self_healing_s: i.timings.self_healing_s,
                    detected_by: i.detected_by.clone(),
                    diagnosed_by: i.diagnosed_by.clone(),
                    state: i.state.map(|recovery| IncidentStateReport { rto_s: i.timings.self_healing_s, recovery }),
                    arrived: i.fault_tolerance.arrived,
                    processed_within_objective: i.fault_tolerance.good,
                    fault_tolerance_rate: i.fault_tolerance.rate,
                })
                .collect(),
            alerts: alert_reports(&status.alerts, status.measured_from),
            breakers: status
                .breakers
                .iter()
                .map(|b| (format!("{}:{}", b.group, b.service), BreakerReport::from(b)))
                .collect(),
            broker: BrokerReport {
                acked_lost: status.replication.acked_lost,
                unacked_returned: status.replication.unacked_returned,
                refused_not_enough_replicas: status.replication.refused_not_enough_replicas,
                unclean_elections: status.replication.unclean_elections,
                under_replicated_partition_seconds: status.replication.under_replicated_partition_s,
                nodes: status
                    .brokers
                    .iter()
                    .filter_map(|b| Some(BrokerNodeLoadReport { name: b.name.clone(), load: b.load.clone()? }))
                    .collect(),
            },
            not_modelled: status.not_modelled.clone(),
            halted: status.halt.as_ref().map(|h| HaltReport { at_s: h.at.as_secs_f64(), halt: h.clone() }),
        }
    }

    /// A few lines for a person reading a terminal, in this thread's language (the JSON
    /// form is the machine's and stays in English).
    pub fn human_summary(&self) -> String {
        let l = &self.ledger;
        let f1 = |v: f64| Arg::from(format!("{v:.1}"));
        let f2 = |v: f64| Arg::from(format!("{v:.2}"));
        let line = |key: &str, args: &[(&str, Arg)]| format!("  {}\n", tr_args(key, args));
        let mut out = tr_args(
            "report-head",
            &[
                ("scenario", self.scenario.clone().into()),
                ("seed", self.seed.to_string().into()),
                ("virtual", f1(self.virtual_seconds)),
                ("wall", f2(self.wall_seconds)),
                ("rate", format!("{:.0}", self.messages_per_wall_second).into()),
            ],
        ) + "\n";
        if let Some(halt) = &self.halted {
            out += &line(
                "report-stopped",
                &[("reason", halt.halt.render(crate::i18n::lang()).into()), ("at", f1(halt.at_s))],
            );
        }
        let n = |v: u64| Arg::from(v.to_string());
        out += &line(
            "report-ledger",
            &[
                ("produced", n(l.produced)),
                ("in_system", n(l.in_system)),
                ("processed", n(l.processed)),
                ("dead_lettered", n(l.dead_lettered)),
                ("expired", n(l.expired)),
                ("dropped", n(l.dropped)),
                ("lost", n(l.lost)),
            ],
        );
        for (reason, n) in &l.by_reason {
            out += &format!("    {n:>10}  {}\n", crate::i18n::reason_words(reason));
        }
        let lat = &self.latency_ms;
        out += &line(
            "report-latency",
            &[
                ("mean", f2(lat.mean)),
                ("p50", f2(lat.p50)),
                ("p95", f2(lat.p95)),
                ("p99", f2(lat.p99)),
                ("max", f2(lat.max)),
            ],
        );
        let t = &self.throughput_per_second;
        out += &line("report-throughput", &[("mean", f1(t.mean)), ("peak", f1(t.peak))]);
        for (name, t) in &self.topics {
            out += &line(
                "report-topic",
                &[("name", name.clone().into()), ("max", n(t.max_backlog)), ("final", n(t.final_backlog))],
            );
        }
        for (name, s) in &self.services {
            let errors: u64 = s.errors.values().sum();
            out +=
                &line("report-service", &[("name", name.clone().into()), ("calls", n(s.calls)), ("errors", n(errors))]);
        }
        for (name, g) in &self.groups {
            out += &line(
                "report-group",
                &[
                    ("name", name.clone().into()),
                    ("instances", g.instances_final.to_string().into()),
                    ("rebalances", g.rebalances.to_string().into()),
                    ("redelivered", n(g.redelivered)),
                    ("duplicates", n(g.duplicates_processed)),
                    ("deduplicated", n(g.deduplicated)),
                    ("met", f1(100.0 * g.service_level.availability)),
                ],
            );
        }
        for (name, a) in self.availability.iter().filter(|(_, a)| a.failures > 0) {
            let analytic =
                a.analytic.map_or(String::new(), |x| tr_args("report-analytic", &[("percent", f2(100.0 * x))]));
            out += &line(
                "report-availability",
                &[
                    ("name", name.clone().into()),
                    ("observed", f2(100.0 * a.observed)),
                    ("analytic", analytic.into()),
                    ("failures", a.failures.to_string().into()),
                    ("down", f1(a.down_seconds)),
                ],
            );
        }
        let analytic =
            |x: Option<f64>| x.map_or(String::new(), |x| tr_args("report-analytic", &[("percent", f2(100.0 * x))]));
        let wholes = self.groups.iter().filter_map(|(name, g)| Some((name, g.availability.as_ref()?)));
        let wholes = wholes.chain(self.services.iter().filter_map(|(name, s)| Some((name, s.availability.as_ref()?))));
        for (name, r) in wholes {
            out += &line(
                "report-availability-whole",
                &[
                    ("name", name.clone().into()),
                    ("units", r.units.into()),
                    ("any", f2(100.0 * r.any_up)),
                    ("any-analytic", analytic(r.any_up_analytic).into()),
                    ("all", f2(100.0 * r.all_up)),
                    ("all-analytic", analytic(r.all_up_analytic).into()),
                ],
            );
        }
        for (key, s) in &self.structures {
            out += &line(
                "report-availability-structure",
                &[
                    ("name", key.clone().into()),
                    ("observed", f2(100.0 * s.observed)),
                    ("analytic", analytic(s.analytic).into()),
                ],
            );
        }
        if !self.incidents.is_empty() {
            let healed: Vec<f64> = self.incidents.iter().filter_map(|i| i.self_healing_s).collect();
            let mean = if healed.is_empty() { 0.0 } else { healed.iter().sum::<f64>() / healed.len() as f64 };
            out += &line(
                "report-incidents",
                &[
                    ("count", self.incidents.len().to_string().into()),
                    ("recovered", healed.len().to_string().into()),
                    ("mean", f1(mean)),
                ],
            );
        }
        for a in &self.alerts {
            let resolved =
                a.resolved_at_s.map_or(tr("report-still-firing"), |r| tr_args("report-resolved", &[("at", f1(r))]));
            out += &line(
                "report-alert",
                &[("name", a.name.clone().into()), ("at", f1(a.fired_at_s)), ("resolved", resolved.into())],
            );
        }
        for (name, b) in &self.breakers {
            out += &line(
                "report-breaker",
                &[
                    ("name", name.clone().into()),
                    ("state", b.state.to_string().into()),
                    ("transitions", b.transitions_total.to_string().into()),
                    ("open", f1(b.open_seconds)),
                    ("refused", b.calls_not_permitted.to_string().into()),
                ],
            );
        }
        if !self.not_modelled.is_empty() {
            out += &line("report-not-modelled", &[("parts", self.not_modelled.join(", ").into())]);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::status::RECENT_BREAKER_TRANSITIONS;

    fn finished(text: &str, name: &str) -> Simulation {
        let scenario = crate::scenario::parse_str(text, name).expect("a shipped scenario parses");
        let mut sim = Simulation::new(&scenario).expect("a shipped scenario builds");
        sim.run_to_end();
        sim
    }

    /// The report lists the run's history as the engine keeps it; the dashboard's live
    /// status carries its tail. The figures are the same in both scopes.
    #[test]
    fn the_report_lists_the_kept_history_and_the_live_status_its_tail() {
        let sim = finished(include_str!("../scenarios/order-pipeline.ron"), "order-pipeline.ron");
        let (live, run) = (sim.status(), sim.run_status());
        let breaker = &live.breakers[0];
        assert_eq!(breaker.transitions_measured, 23);
        assert_eq!(breaker.recent_transitions.len(), RECENT_BREAKER_TRANSITIONS);
        let report = RunReport::new(&sim, 0.0);
        let listed = &report.breakers["payments:payment-gateway"].transitions;
        assert_eq!(listed.len(), 23, "all 23 kept (the engine keeps 256)");
        let tail: Vec<f64> = breaker.recent_transitions.iter().map(|t| t.at.as_secs_f64()).collect();
        let end: Vec<f64> = listed[23 - RECENT_BREAKER_TRANSITIONS..].iter().map(|t| t.at_s).collect();
        assert_eq!(tail, end, "the live tail is the end of the report's list");
        assert_eq!((&live.ledger, &live.groups, &live.services), (&run.ledger, &run.groups, &run.services));
        assert!(live.ledger.balances());
    }

    /// An instance scaled in is no longer observed: the live status leaves it out, the
    /// report keeps its availability over the time it ran.
    #[test]
    fn the_report_keeps_instances_scaled_in() {
        let sim = finished(include_str!("../scenarios/12-autoscaling.ron"), "12-autoscaling.ron");
        let live: Vec<String> = sim.status().availability.into_iter().map(|a| a.component).collect();
        let report = RunReport::new(&sim, 0.0);
        assert!(live.iter().all(|c| report.availability.contains_key(c)));
        let scaled_in: Vec<&String> = report.availability.keys().filter(|c| !live.contains(c)).collect();
        assert!(!scaled_in.is_empty(), "the rush is over: some instances were scaled in ({live:?})");
        assert!(scaled_in.iter().all(|c| c.starts_with("kitchen/")), "{scaled_in:?}");
    }
}
