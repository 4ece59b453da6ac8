//! The scenario file format: serde types that mirror `scenarios/*.ron`.
//!
//! Every struct rejects unknown fields (a misspelt field is an error, not a silent
//! default) and every field other than names and wiring has a default, so that
//! small scenarios stay small. Defaults follow the production system being
//! imitated and say so where it matters.

use super::teaching::{Expectation, Lesson};
use crate::time::SimDuration;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A whole scenario: the system under test, its load, its faults and what to watch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub seed: u64,
    #[serde(default = "default_duration")]
    pub duration: SimDuration,
    #[serde(default = "default_sample_every")]
    pub sample_every: SimDuration,
    #[serde(default)]
    pub broker: Broker,
    #[serde(default)]
    pub services: Vec<Service>,
    pub topics: Vec<Topic>,
    #[serde(default)]
    pub producers: Vec<Producer>,
    /// Synchronous callers: requests that wait for an answer, with no broker in between.
    #[serde(default)]
    pub clients: Vec<Client>,
    #[serde(default)]
    pub consumers: Vec<ConsumerGroup>,
    /// Orchestrated sagas, each run by one of the consumer groups as its coordinator.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sagas: Vec<Saga>,
    /// Most hops an event may travel from its root through handlers' emits (the root's
    /// own publication is hop 0). Needed when emits form a cycle; an emit beyond it is not
    /// published and is counted (`hop_limited`). `None`: no limit, and no cycle allowed.
    #[serde(default)]
    pub max_hops: Option<u32>,
    /// Follow a sampled share of root events hop by hop (`faultline trace`, `run --json`'s
    /// `traces`). `None`: no tracing.
    #[serde(default)]
    pub tracing: Option<Tracing>,
    #[serde(default)]
    pub faults: Vec<Fault>,
    #[serde(default)]
    pub alerts: Vec<Alert>,
    /// Assertions the run must satisfy (`faultline run` exits 3 when one fails).
    #[serde(default)]
    pub expect: Vec<Expectation>,
    /// What a lecturer shows with this scenario.
    #[serde(default)]
    pub lesson: Option<Lesson>,
}

fn default_duration() -> SimDuration {
    SimDuration::from_secs(600)
}
fn default_sample_every() -> SimDuration {
    SimDuration::from_secs(1)
}

/// The broker cluster that hosts partition leaders and their replicas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Broker {
    pub nodes: u32,
    /// Copies of each partition (leader included); Kafka's default is 1 for a dev broker.
    pub replication: u32,
    /// Detection plus leader election before a replica takes over a crashed node's leaders.
    pub failover_after: SimDuration,
    /// Stochastic up/down cycles of every node, each from its own random stream.
    pub failures: Option<Failures>,
    /// Kafka's `min.insync.replicas`: an `acks: All` publish is refused ("not enough
    /// in-sync replicas") while fewer replicas of its partition serve. 1 by default.
    pub min_insync: u32,
    /// How long a follower takes to copy an appended message (one draw per message, its own
    /// random stream `broker:replication`). A message is visible to consumers only once the
    /// in-sync followers have it (Kafka's high watermark). `Constant("0s")` by default:
    /// instant replication.
    pub replication_lag: Distribution,
    /// Kafka's `unclean.leader.election.enable`: when no in-sync replica of an offline
    /// partition serves, an out-of-sync one may lead (available again, losing what it
    /// lacked). `false` by default: the partition waits for an in-sync replica.
    pub unclean_election: bool,
    /// Kafka's `num.io.threads`: requests a node handles at once. 8 by default (Kafka's).
    /// Matters only with a `request_cost` or `message_cost`.
    pub io_threads: u32,
    /// Time an I/O thread spends on each produce request, whatever its size (its own random
    /// stream `broker:cost`). `Constant("0s")` by default: with `message_cost` also zero the
    /// broker costs nothing and accepts every publish at once, as before broker costs existed.
    pub request_cost: Distribution,
    /// Time an I/O thread spends per message of a request, added to `request_cost` (one draw
    /// per request, times its messages). `Constant("0s")` by default.
    pub message_cost: Distribution,
    /// Kafka's `queued.max.requests`: requests waiting for an I/O thread at one node; a
    /// request beyond it is refused ("broker busy") and its messages go to the producer's
    /// `publish_retry`. 500 by default (Kafka's).
    pub queued_max_requests: u32,
}

impl Broker {
    /// Whether requests cost the broker anything (a cost other than `Constant("0s")`).
    pub fn has_cost(&self) -> bool {
        let zero = Distribution::Constant(SimDuration::ZERO);
        self.request_cost != zero || self.message_cost != zero
    }
}

impl Default for Broker {
    fn default() -> Self {
        Broker {
            nodes: 1,
            replication: 1,
            failover_after: SimDuration::from_secs(5),
            failures: None,
            min_insync: 1,
            replication_lag: Distribution::Constant(SimDuration::ZERO),
            unclean_election: false,
            io_threads: 8,
            request_cost: Distribution::Constant(SimDuration::ZERO),
            message_cost: Distribution::Constant(SimDuration::ZERO),
            queued_max_requests: 500,
        }
    }
}

/// When the broker acknowledges a producer's publish (Kafka's producer `acks`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Acks {
    /// `acks=0`: fire and forget. A refused or unreachable publish is lost at once (the
    /// producer never hears of it), and so is what a crashed leader had not replicated.
    None,
    /// `acks=1`: acknowledged on the leader's append. A leader crash loses what the
    /// followers had not copied yet ("acked, not replicated (leader crash)").
    Leader,
    /// `acks=all` (Kafka's default since 3.0): acknowledged once the in-sync replicas have
    /// it; refused while fewer than `min_insync` replicas serve. A leader crash before the
    /// acknowledgement hands the event back to the producer's retries or outbox.
    #[default]
    All,
}

/// A downstream dependency that handlers call (payment gateway, database, ...).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub name: String,
    #[serde(default = "default_service_latency")]
    pub latency: Distribution,
    #[serde(default)]
    pub errors: Errors,
    /// Concurrent calls served at once; further calls wait in a FIFO inside the service.
    /// `None` means unlimited.
    #[serde(default)]
    pub capacity: Option<u32>,
    /// Stochastic up/down cycles (of each replica, independently).
    #[serde(default)]
    pub failures: Option<Failures>,
    /// Copies of the service behind its load balancer (Envoy's hosts of a cluster), each
    /// with its own `capacity`, waiting queue, draws, faults (`name/N`, 1-based) and
    /// availability. 1 is the plain service.
    #[serde(default = "one_replica")]
    pub replicas: u32,
    /// How the load balancer picks a replica for each call (each attempt).
    #[serde(default)]
    pub balance: Balance,
    /// Ejection of replicas that fail call after call (Envoy's outlier detection).
    #[serde(default)]
    pub outlier_detection: Option<OutlierDetection>,
    /// Active health checks of each replica (Envoy's `health_checks`, Kubernetes'
    /// readiness probe): a replica that fails `unhealthy_threshold` probes in a row leaves
    /// balancing until it passes `healthy_threshold` in a row.
    #[serde(default)]
    pub health_check: Option<ServiceHealthCheck>,
    /// Services it calls itself while serving a call, in order after its own work (a call
    /// chain), holding its capacity slot meanwhile. A downstream failure that outlives
    /// `retry` answers the call with an error.
    #[serde(default)]
    pub calls: Vec<String>,
    /// Its client timeout per downstream attempt; `None`: waits as long as it takes.
    #[serde(default)]
    pub timeout: Option<SimDuration>,
    /// Its retries of a failed downstream call (per stage). Omitted: one attempt.
    #[serde(default = "Retry::none")]
    pub retry: Retry,
    /// A circuit breaker on its downstream calls, one per service called ("SELF:CALLEE").
    #[serde(default)]
    pub circuit_breaker: Option<CircuitBreaker>,
    /// Most of its downstream calls in progress at once to each service it calls.
    #[serde(default)]
    pub bulkhead: Option<Bulkhead>,
    /// Topics it publishes an event to as part of answering a call with success (after
    /// its own work and its calls): the synchronous front of an event-driven system.
    #[serde(default)]
    pub publishes: Vec<String>,
    /// The order each replica serves its waiting calls in: `Fifo` (arrival order) or
    /// `Priority` (the highest priority class of the message or request behind the call
    /// first, arrival order within a class; never preempting a call in service).
    #[serde(default, skip_serializing_if = "QueueDiscipline::is_fifo")]
    pub queue_discipline: QueueDiscipline,
}

/// The order a service's replicas serve their waiting calls in (JMT's and Ciw's
/// scheduling of a station).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueDiscipline {
    /// First come, first served.
    #[default]
    Fifo,
    /// Non-preemptive priority by the call's class (a message's `priority`, a client
    /// request's event type's): the highest waiting class first, FIFO within a class —
    /// RabbitMQ's priority queue, JMT's "priority" scheduling strategy.
    Priority,
    /// Processor sharing: no call waits; the calls doing their own work share the
    /// capacity equally (each at min(1, capacity/n) of full speed), as threads share a
    /// CPU-bound server's cores — Kleinrock's PS, JMT's and Ciw's "PS".
    ProcessorSharing,
}

impl QueueDiscipline {
    pub fn is_fifo(&self) -> bool {
        *self == QueueDiscipline::Fifo
    }
}

fn one_replica() -> u32 {
    1
}

/// A load balancer's choice of replica, as Envoy's `lb_policy` makes it. Ejected replicas
/// are passed over; when every replica is ejected, all are used (Envoy's panic mode).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Balance {
    /// Each replica in turn from the first (Envoy's ROUND_ROBIN, unweighted).
    #[default]
    RoundRobin,
    /// A replica drawn uniformly at random (Envoy's RANDOM).
    Random,
    /// The replica with the fewest calls served or waiting, lowest number on a tie
    /// (Envoy's LEAST_REQUEST with a full scan of the hosts).
    LeastRequest,
    /// Two distinct replicas drawn at random, the less busy one taken, the first drawn on a
    /// tie (Envoy's LEAST_REQUEST with its default `choice_count` of 2).
    PowerOfTwoChoices,
    /// Key affinity by hash-mod: the call's key, hashed, modulo the number of eligible
    /// replicas picks the k-th eligible one — the naive sharding that consistent hashing
    /// replaces: when one of n replicas leaves or returns, about 1 − 1/n of the keys move.
    HashMod,
    /// Key affinity by a consistent-hash ring (Karger et al. 1997; Envoy's RING_HASH,
    /// libketama): each replica owns `virtual_nodes` points on a 64-bit ring; a call's
    /// hashed key goes to the first point clockwise whose replica is eligible, so when one
    /// of n replicas leaves or returns only its own ≈ 1/n of the keys move.
    RingHash {
        /// Points per replica (ketama's 160, the source; 1 to
        /// [`MAX_VIRTUAL_NODES`]). More points even out the replicas' shares of the keys.
        #[serde(default = "default_virtual_nodes")]
        virtual_nodes: u32,
    },
}

/// libketama's 160 points per server (40 MD5 digests × 4 points), which the issue's
/// source uses; Envoy instead sizes the whole ring (`minimum_ring_size` 1024 entries).
pub const DEFAULT_VIRTUAL_NODES: u32 = 160;

/// Most ring points per replica: with `MAX_REPLICAS` replicas the ring stays at most
/// 1 000 000 entries, under Envoy's `maximum_ring_size` of 8 388 608.
pub const MAX_VIRTUAL_NODES: u32 = 10_000;

fn default_virtual_nodes() -> u32 {
    DEFAULT_VIRTUAL_NODES
}

impl Balance {
    /// Routes by the call's key (HashMod, RingHash).
    pub fn by_key(&self) -> bool {
        matches!(self, Balance::HashMod | Balance::RingHash { .. })
    }
}

/// Envoy's outlier detection on consecutive errors (`consecutive_5xx`): a replica that
/// answers `consecutive_errors` calls in a row with an error is ejected from balancing.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutlierDetection {
    /// Failed calls in a row that eject a replica: transient or fatal errors, a refused
    /// connection (down), a full queue and a caller's timeout count; a success or a
    /// business error resets.
    #[serde(default = "default_consecutive_errors")]
    pub consecutive_errors: u32,
    /// Ejection time of a first ejection; the k-th ejection of the same replica lasts k
    /// times as long (Envoy's `base_ejection_time`), at most 300 s or `eject_for`.
    #[serde(default = "default_eject_for")]
    pub eject_for: SimDuration,
    /// The largest share of replicas ejected at once, 0 to 1 (Envoy's
    /// `max_ejection_percent`); one replica may always be ejected when none is.
    #[serde(default = "default_max_ejected")]
    pub max_ejected: f64,
}

fn default_consecutive_errors() -> u32 {
    5
}

fn default_eject_for() -> SimDuration {
    SimDuration::from_secs(30)
}

fn default_max_ejected() -> f64 {
    0.1
}

impl Default for OutlierDetection {
    fn default() -> Self {
        OutlierDetection {
            consecutive_errors: default_consecutive_errors(),
            eject_for: default_eject_for(),
            max_ejected: default_max_ejected(),
        }
    }
}

/// Active health checking of a service's replicas (Envoy's `health_checks` with its
/// `interval`, `timeout`, `unhealthy_threshold`, `healthy_threshold`; Kubernetes'
/// readiness probe with `periodSeconds`, `timeoutSeconds`, `failureThreshold`,
/// `successThreshold`): probes at every multiple of `interval` from time zero.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceHealthCheck {
    pub interval: SimDuration,
    /// A probe not answered within it fails (Kubernetes' `timeoutSeconds`, default 1 s);
    /// at most `interval`, so one probe of a replica is out at a time.
    #[serde(default = "default_probe_timeout")]
    pub timeout: SimDuration,
    /// Failed probes in a row that take a replica out of balancing (Kubernetes'
    /// `failureThreshold`, default 3).
    #[serde(default = "three")]
    pub unhealthy_threshold: u32,
    /// Passed probes in a row that bring it back (Kubernetes' `successThreshold`,
    /// default 1).
    #[serde(default = "one_probe")]
    pub healthy_threshold: u32,
}

fn default_probe_timeout() -> SimDuration {
    SimDuration::from_secs(1)
}

fn one_probe() -> u32 {
    1
}

fn default_service_latency() -> Distribution {
    Distribution::Exponential(SimDuration::from_millis(10))
}

/// Probability that one call fails with each error class; at most 1 in total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Errors {
    /// Worth retrying: the same call may succeed later (timeouts, 503s).
    pub transient: f64,
    /// The request itself is wrong (declined card): retrying cannot help.
    pub business: f64,
    /// The handler cannot go on with this message at all.
    pub fatal: f64,
}

/// A random duration. Each is sampled exactly (inverse CDF or an exact sampler).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Distribution {
    /// Always the same value.
    Constant(SimDuration),
    /// Exponential with the given mean (memoryless; the M in M/M/c).
    Exponential(SimDuration),
    /// Uniform between `min` and `max`.
    Uniform { min: SimDuration, max: SimDuration },
    /// Log-normal fitted to a median and a 99th percentile: the usual shape of service latency.
    LogNormal { median: SimDuration, p99: SimDuration },
    /// Gamma with the given shape k and mean (scale mean/k): squared coefficient of variation
    /// 1/k, so k < 1 is burstier than exponential and k > 1 steadier.
    Gamma { shape: f64, mean: SimDuration },
    /// Erlang-k: k exponential phases in a row with the given total mean (SCV 1/k); JMT's and
    /// Ciw's `Erlang`.
    Erlang { k: u32, mean: SimDuration },
    /// Weibull with the given shape and mean (scale mean/Γ(1 + 1/shape)): shape < 1 has a
    /// heavy tail, shape > 1 wears out (an increasing hazard, for MTBF).
    Weibull { shape: f64, mean: SimDuration },
    /// Pareto with tail index `shape`, bounded to [min, max] (the bound keeps every moment
    /// finite): the heavy tail of real latencies and job sizes.
    Pareto { shape: f64, min: SimDuration, max: SimDuration },
    /// Hyperexponential: with probability `p` of one branch, an exponential of that
    /// branch's mean (JMT's and Ciw's `HyperExponential`): an SCV above 1 with the mean and
    /// the tail of a mixture of fast and slow work.
    Hyperexponential { branches: Vec<Branch> },
    /// One of the listed values, each with equal probability (resampling the observations,
    /// as Ciw's `Empirical`): no interpolation, so only values in the list ever occur.
    Empirical {
        /// Shared, not copied, by every component and unit drawing from it.
        #[serde(default, with = "shared_list")]
        values: Arc<[SimDuration]>,
        /// A CSV file of samples, relative to the scenario file, instead of `values`: read
        /// into `values` when the file is loaded (`samples`), so never set afterwards.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        csv: Option<String>,
    },
}

/// Serde for a shared list: written and read as an ordinary list.
mod shared_list {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::sync::Arc;

    pub fn serialize<T: Serialize, S: Serializer>(list: &Arc<[T]>, serializer: S) -> Result<S::Ok, S::Error> {
        list.as_ref().serialize(serializer)
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<Arc<[T]>, D::Error> {
        Vec::<T>::deserialize(deserializer).map(Arc::from)
    }
}

/// One branch of a hyperexponential: taken with probability `p`, then an exponential of
/// this mean.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    pub p: f64,
    pub mean: SimDuration,
}

/// Stochastic failures: time to failure and time to repair, each drawn from a distribution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Failures {
    pub mtbf: Distribution,
    pub mttr: Distribution,
}

/// A topic: partitions holding messages in order, with a bound and a policy at the bound.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub name: String,
    #[serde(default = "one")]
    pub partitions: u32,
    /// Most messages the topic holds across all its partitions.
    #[serde(default = "default_topic_capacity")]
    pub capacity: u64,
    #[serde(default)]
    pub overflow: Overflow,
    /// Messages older than this (since publication) expire.
    #[serde(default)]
    pub ttl: Option<SimDuration>,
    /// Where expired messages go, if anywhere (RabbitMQ's dead-letter exchange on expiry).
    #[serde(default)]
    pub expired_to: Option<String>,
    /// A durable topic keeps its messages on disk and on replicas; a non-durable one loses
    /// them when the node hosting them goes down.
    #[serde(default = "yes")]
    pub durable: bool,
    /// Load shedding by priority: above each rule's backlog, messages of producers with a
    /// lower priority are dropped or rejected, so the most important traffic goes first.
    #[serde(default)]
    pub shedding: Vec<Shed>,
    /// A priority queue (RabbitMQ's `x-max-priority`): consumers take the highest priority
    /// class waiting first, oldest first within a class; classes above `max_priority`
    /// count as it. None: publication order (a Kafka log, a classic queue).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_priority: Option<u8>,
    /// A retained log (Kafka's `retention.ms`): every message published is kept this long
    /// after its publication, read or not, so a group can reset its offsets and replay it;
    /// a group's unread messages older than this are deleted ("deleted by retention").
    /// None (with no `retention_messages`): a queue, nothing kept after consumption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<SimDuration>,
    /// A retained log bounded by size (Kafka's `retention.bytes`, counted in messages):
    /// each partition keeps at most this many records, deleting its oldest for a new one.
    /// With `retention` alone, faultline keeps at most
    /// `limits::DEFAULT_RETAINED_RECORDS` per partition so memory stays bounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_messages: Option<u64>,
}

impl Topic {
    /// It keeps a log of what was published (`retention` or `retention_messages` set).
    pub fn retains(&self) -> bool {
        self.retention.is_some() || self.retention_messages.is_some()
    }
}

/// One load-shedding rule of a topic: while the topic holds at least `backlog_above`
/// messages, messages with a priority below `below_priority` are shed. Several rules with
/// rising backlogs and rising priorities shed the lowest classes first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shed {
    pub backlog_above: u64,
    pub below_priority: u8,
    #[serde(default)]
    pub action: ShedAction,
}

/// What a topic does with a message it sheds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShedAction {
    /// Accept and discard it (counted as dropped, reason "load shed"): fire-and-forget
    /// producers never learn of it.
    #[default]
    Drop,
    /// Refuse the publish: the producer sees a rejection and retries, keeps it in its
    /// outbox, or loses it, like any other rejection.
    Reject,
}

fn one() -> u32 {
    1
}
fn yes() -> bool {
    true
}
fn default_topic_capacity() -> u64 {
    100_000
}

/// What a full topic does with one more message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Overflow {
    /// Refuse the new message (RabbitMQ `reject-publish`).
    #[default]
    RejectNew,
    /// Drop the oldest message of the partition to make room (RabbitMQ `drop-head`).
    DropOldest,
    /// Make the producer wait until there is room (back-pressure).
    BlockProducer,
}

/// A source of events publishing to one topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Producer {
    pub name: String,
    pub topic: String,
    pub rate: Arrivals,
    /// Events produced at each arrival instant (the X of Mˣ/M/1): one by default. Always
    /// written out, so `--set producers.P.batch=..` finds it.
    #[serde(default)]
    pub batch: Batch,
    #[serde(default)]
    pub keys: Keys,
    /// Transactional outbox: events wait in the producer's outbox until the broker takes them.
    #[serde(default)]
    pub outbox: bool,
    /// Priority class of this producer's events (higher is more important); topics with
    /// `shedding` rules shed lower classes first.
    #[serde(default)]
    pub priority: u8,
    /// Without an outbox: how a rejected publish is retried before the event is lost.
    #[serde(default)]
    pub publish_retry: PublishRetry,
    /// With an outbox: how the relay moves events from the outbox to the broker.
    #[serde(default)]
    pub relay: OutboxRelay,
    /// The types of event it produces, drawn by weight for each event (its own random
    /// stream). Empty: untyped events, which only `Emit(when: Always)` rules and groups
    /// without a `filter` take.
    #[serde(default)]
    pub events: Vec<EventType>,
    /// When the broker acknowledges its publishes (Kafka's `acks`); `All` by default.
    #[serde(default)]
    pub acks: Acks,
    /// Send batching (Kafka's `batch.size` and `linger.ms`, counted in messages): events
    /// wait per partition until `max_messages` are there or `linger` has passed since the
    /// first, then go in one produce request. `None` by default: one request per event.
    /// (Not `batch`, which is the events created at each arrival instant.)
    #[serde(default)]
    pub send: Option<SendBatch>,
}

/// A producer's send batching: one produce request per partition carries up to
/// `max_messages`, sent when full or `linger` after its first message.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendBatch {
    pub max_messages: u32,
    /// `"0s"` by default (Kafka's `linger.ms=0`): a batch goes as soon as it is started
    /// unless it fills in the same instant.
    #[serde(default)]
    pub linger: SimDuration,
}

/// Which root events are traced, and how many journeys are kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tracing {
    /// Share of root events traced, in [0, 1] (chosen by a fixed mix of the root's id, so
    /// tracing changes no other number).
    #[serde(default = "default_trace_sample")]
    pub sample: f64,
    /// Journeys kept; later sampled roots are counted, not kept. 1 to `MAX_TRACES`.
    #[serde(default = "default_max_traces")]
    pub max_traces: u32,
    /// Trace exactly these root events, by id (`faultline trace --id`); `sample` is then
    /// ignored. Empty: sample.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roots: Vec<u64>,
}

fn default_trace_sample() -> f64 {
    0.01
}
fn default_max_traces() -> u32 {
    1000
}

/// A synchronous caller: requests arrive at `rate`, each calls `calls` in order with the
/// client's `timeout` per attempt and `retry`, and waits for the answer (an HTTP client in
/// front of a service chain).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    pub name: String,
    pub rate: Arrivals,
    pub calls: Vec<String>,
    #[serde(default)]
    pub timeout: Option<SimDuration>,
    /// Omitted: one attempt.
    #[serde(default = "Retry::none")]
    pub retry: Retry,
    /// A circuit breaker on its calls, one per service called ("CLIENT:SERVICE").
    #[serde(default)]
    pub circuit_breaker: Option<CircuitBreaker>,
    /// Most of its calls in progress at once to each service it calls.
    #[serde(default)]
    pub bulkhead: Option<Bulkhead>,
    /// The types of its requests, drawn by weight (its own stream); a service that
    /// `publishes` gives the event it publishes the request's type.
    #[serde(default)]
    pub events: Vec<EventType>,
}

/// A type of event and how often it is drawn, relative to the producer's other types.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventType {
    pub name: String,
    #[serde(default = "one_f64")]
    pub weight: f64,
    /// This type's priority class, in place of its producer's `priority` (an `OrderPlaced`
    /// above a `PageViewed` from the same producer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<u8>,
}

fn one_f64() -> f64 {
    1.0
}

/// Producer-side retries of a publish the broker refused (no outbox). Defaults follow the
/// Kafka producer's backoff (`retry.backoff.ms` 100 ms doubling up to `retry.backoff.max.ms`
/// 1 s) but bound the attempts, where Kafka bounds the time (`delivery.timeout.ms`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PublishRetry {
    /// Publish attempts in total, the first included; 1 means no retry.
    pub max_attempts: u32,
    pub backoff: Backoff,
    pub jitter: Jitter,
    /// Most events waiting to be retried (Kafka's `buffer.memory`); beyond it an event is
    /// lost at once with the reason "producer buffer full".
    pub buffer: u32,
}

impl Default for PublishRetry {
    fn default() -> Self {
        PublishRetry {
            max_attempts: 10,
            backoff: Backoff::Exponential {
                initial: SimDuration::from_millis(100),
                multiplier: 2.0,
                max: SimDuration::from_secs(1),
            },
            jitter: Jitter::Full,
            buffer: 10_000,
        }
    }
}

/// The outbox relay: a poller that publishes PENDING events in order, marks an event FAILED
/// after `max_tries` refused publishes, and a scheduler that puts FAILED events back to
/// PENDING after `retry_failed_after`. Nothing in an outbox is ever lost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutboxRelay {
    /// The relay polls the outbox this often (on multiples of it).
    pub poll_every: SimDuration,
    /// Most events one poll publishes.
    pub batch: u32,
    /// Refused publishes before an event is marked FAILED.
    pub max_tries: u32,
    /// How long a FAILED event waits before the scheduler makes it PENDING again.
    pub retry_failed_after: SimDuration,
    /// Most events the outbox holds (PENDING + FAILED); an event written to a full outbox
    /// is refused: its business transaction fails and it counts as lost ("outbox full").
    pub capacity: u64,
}

impl Default for OutboxRelay {
    fn default() -> Self {
        OutboxRelay {
            poll_every: SimDuration::from_millis(100),
            batch: 100,
            max_tries: 5,
            retry_failed_after: SimDuration::from_secs(10),
            capacity: 100_000,
        }
    }
}

/// When events are produced. Rates are per second.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Arrivals {
    /// Evenly spaced.
    Constant { per_second: f64 },
    /// Independent arrivals (exponential gaps): the M in M/M/c.
    Poisson { per_second: f64 },
    /// Poisson at `per_second` for `on`, then silent for `off`, repeating.
    Bursty { per_second: f64, on: SimDuration, off: SimDuration },
    /// Poisson whose rate goes linearly from one value to another over `over`, then stays.
    Ramp { from_per_second: f64, to_per_second: f64, over: SimDuration },
    /// Poisson whose rate changes at given times (piecewise constant; zero before the first step).
    Steps(Vec<Step>),
    /// A renewal process: independent gaps between events, each drawn from `gap` (the GI of
    /// GI/M/1). `Erlang` gaps are steadier than Poisson, `Hyperexponential` ones burstier;
    /// `Exponential` gaps are a Poisson process.
    Renewal { gap: Distribution },
    /// A finite population of callers (a client only): each of `sources` sends a request,
    /// waits for its answer, thinks for a `think` time, and sends again (the closed loop of
    /// the machine-repairman model, M/M/c//N, and of Engset's).
    FinitePopulation { sources: u32, think: Distribution },
    /// A recorded trace played back: one event at each row's time (÷ `speed`), with the
    /// row's key and event type where it gives them, once or every `repeat_every`.
    Replay {
        /// The rows, in time order. Shared, not copied, by every copy of the scenario.
        #[serde(default, with = "shared_list", skip_serializing_if = "is_empty_trace")]
        trace: Arc<[TraceRow]>,
        /// A CSV file of rows, relative to the scenario file, instead of `trace`: read into
        /// `trace` when the file is loaded (`samples`), so never set afterwards.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        csv: Option<String>,
        /// How much faster than recorded the trace plays: a row at `at` comes at `at / speed`.
        #[serde(default = "one_f64")]
        speed: f64,
        /// Play the trace again every this long (in the trace's time, before `speed`);
        /// `None`: once, then the source is silent.
        #[serde(default)]
        repeat_every: Option<SimDuration>,
    },
    /// A Markov-modulated Poisson process (MMPP): Poisson at the rate of the state it is
    /// in; it stays in each state an exponential time of mean `mean_stay`, then moves to
    /// the next state of the list (after the last, back to the first). Two states, one of
    /// them silent, are bursts of random length (an interrupted Poisson process); unlike
    /// `Bursty`, no period can be seen. The process starts in a state drawn from its
    /// long-run shares, so its counts are stationary from time zero.
    Modulated { states: Vec<ModulatedState> },
    /// Poisson with a sinusoidal rate: a daily cycle by default.
    Sine {
        mean_per_second: f64,
        amplitude_per_second: f64,
        #[serde(default = "one_day")]
        period: SimDuration,
    },
}

fn one_day() -> SimDuration {
    SimDuration::from_secs(86_400)
}

/// One state of a `Modulated` arrival process: its Poisson rate and its mean stay (the
/// stay is exponential, so the state sequence is a continuous-time Markov chain).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModulatedState {
    pub per_second: f64,
    pub mean_stay: SimDuration,
}

/// How many events a producer creates at each arrival instant: a batch (a basket of
/// orders, a file of records), each event with its own key and type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Batch {
    /// Always this many.
    Fixed(u32),
    /// A size drawn by weight at each arrival (the producer's stream `producer:NAME:batch`).
    Weighted(Vec<BatchSize>),
}

impl Default for Batch {
    fn default() -> Self {
        Batch::Fixed(1)
    }
}

/// One size of a `Weighted` batch and its weight relative to the others.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchSize {
    pub size: u32,
    #[serde(default = "one_f64")]
    pub weight: f64,
}

/// One event of a replayed trace: when, and optionally its key and event type (drawn from
/// the source's `keys` and `events` when not given).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceRow {
    /// Since the start of the trace (of each pass, when it repeats).
    pub at: SimDuration,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<u32>,
    /// One of the source's `events`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
}

fn is_empty_trace(trace: &Arc<[TraceRow]>) -> bool {
    trace.is_empty()
}

/// One step of a `Steps` arrival process.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub at: SimDuration,
    pub per_second: f64,
}

/// How message keys are chosen; keys decide partitions and per-key order.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Keys {
    /// Each of `keys` keys equally likely.
    Uniform { keys: u32 },
    /// Hot keys: key k has weight 1/k^exponent.
    Zipf { keys: u32, exponent: f64 },
}

impl Default for Keys {
    fn default() -> Self {
        Keys::Uniform { keys: 1000 }
    }
}

/// How a Competing group offers a message that lands in its topic to one of its instances
/// with room in its prefetch (an instance also fetches by itself whenever it frees a slot).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DispatchPolicy {
    /// Each instance with room in turn: RabbitMQ's round-robin dispatch to competing
    /// consumers, blind to how busy each is.
    #[default]
    RoundRobin,
    /// The instance with the fewest messages outstanding (prefetched plus in work),
    /// the lowest number on a tie: least-loaded selection.
    LeastOutstanding,
}

impl DispatchPolicy {
    pub fn is_round_robin(&self) -> bool {
        *self == DispatchPolicy::RoundRobin
    }
}

/// How a Partitioned group shares its topic's partitions among its live members at a
/// rebalance: Kafka's `partition.assignment.strategy`. The first three rebalance eagerly
/// (every member gives up every partition and the whole group stops for
/// `rebalance_pause`); `CooperativeSticky` rebalances incrementally (KIP-429).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Assignor {
    /// Contiguous ranges, the first `partitions mod members` members one longer (Kafka's
    /// RangeAssignor, per topic).
    Range,
    /// Partition p to the (p mod n)-th live member (Kafka's RoundRobinAssignor for one
    /// topic); faultline's assignment before assignors were selectable.
    #[default]
    RoundRobin,
    /// Balanced, keeping as many partitions with their current owner as balance allows
    /// (Kafka's StickyAssignor), still with an eager stop of the whole group.
    Sticky,
    /// Sticky's assignment by the incremental cooperative protocol (Kafka's
    /// CooperativeStickyAssignor, KIP-429): only the partitions that change owner stop.
    CooperativeSticky,
}

impl Assignor {
    pub fn is_round_robin(&self) -> bool {
        *self == Assignor::RoundRobin
    }

    /// Rebalances incrementally: members keep fetching the partitions they keep.
    pub fn is_cooperative(&self) -> bool {
        *self == Assignor::CooperativeSticky
    }
}

/// A consumer group: instances × concurrency workers running a handler.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsumerGroup {
    pub name: String,
    pub topic: String,
    #[serde(default = "one")]
    pub instances: u32,
    /// Messages one instance handles at once.
    #[serde(default = "one")]
    pub concurrency: u32,
    /// Most unacknowledged messages an instance holds (being handled or waiting);
    /// defaults to `concurrency`.
    #[serde(default)]
    pub prefetch: Option<u32>,
    #[serde(default)]
    pub delivery: Delivery,
    /// Competing delivery: which instance with room is offered a message that lands in
    /// the topic (RabbitMQ's round robin, or the least outstanding).
    /// Always written out, so `--set consumers.G.dispatch=..` finds it.
    #[serde(default)]
    pub dispatch: DispatchPolicy,
    /// Partitioned delivery: how partitions are shared among the live members at a
    /// rebalance, and whether the rebalance stops the whole group (eager) or only the
    /// partitions that move (cooperative). Omitted: RoundRobin. Always written out, so
    /// `--set consumers.G.assignor=..` finds it.
    #[serde(default)]
    pub assignor: Assignor,
    /// Partitioned delivery: which messages are handled one at a time, in order.
    #[serde(default)]
    pub ordering: OrderScope,
    #[serde(default)]
    pub handler: Handler,
    /// Only these event types are handled; the others are acknowledged at once and
    /// counted as `filtered` (a RabbitMQ binding, a Kafka consumer that skips). `None`:
    /// every message.
    #[serde(default)]
    pub filter: Option<Vec<String>>,
    /// Omitted: no retries (one attempt).
    #[serde(default = "Retry::none")]
    pub retry: Retry,
    #[serde(default)]
    pub circuit_breaker: Option<CircuitBreaker>,
    #[serde(default)]
    pub rate_limit: Option<RateLimit>,
    /// Most concurrent calls from this group to each service it calls.
    #[serde(default)]
    pub bulkhead: Option<Bulkhead>,
    /// Partitioned delivery only: a failing message keeps its key blocked while it waits to
    /// retry, until it is processed, dead-lettered or dropped, so later messages of the
    /// same key never overtake it (no ordering violations, at the cost of throughput).
    #[serde(default)]
    pub strict_order: bool,
    #[serde(default)]
    pub on_exhausted: OnExhausted,
    /// Deduplicate by message id so redelivered and retried messages are processed once.
    #[serde(default)]
    pub idempotent: bool,
    /// Idempotent consumers remember processed message ids within this window.
    #[serde(default)]
    pub dedup_window: DedupWindow,
    #[serde(default)]
    pub supervisor: Option<Supervisor>,
    #[serde(default)]
    pub autoscale: Option<Autoscale>,
    /// Active health checks of the instances (a Kubernetes liveness probe): probed every
    /// `interval`, after `failure_threshold` failed probes in a row the action runs.
    /// `None`: no probes (the supervisor's heartbeat, if any, is the only watcher).
    #[serde(default)]
    pub health_check: Option<HealthCheck>,
    /// How long the broker waits for a silent instance's heartbeat before evicting it and
    /// rebalancing. Omitted: the supervisor's `detect_after` when there is a supervisor,
    /// else the broker's own default (Kafka's `session.timeout.ms`, 45 s, for
    /// Partitioned; RabbitMQ's heartbeat timeout, 60 s, for Competing).
    #[serde(default)]
    pub session_timeout: Option<SimDuration>,
    /// Partitioned delivery: how long one rebalance round takes: an eager one stops the
    /// whole group this long; a cooperative one stops only the partitions that move.
    #[serde(default = "default_rebalance_pause")]
    pub rebalance_pause: SimDuration,
    /// Partitioned delivery: offsets of processed messages are committed this often
    /// (Kafka's `auto.commit.interval.ms`, 5 s). "0s" commits after every message.
    /// After a crash, processed but uncommitted messages are delivered again.
    #[serde(default = "default_commit_interval")]
    pub commit_interval: SimDuration,
    /// Stochastic up/down cycles of every instance, each from its own random stream.
    #[serde(default)]
    pub failures: Option<Failures>,
    /// Service-level objectives: what a good sample interval is, and the target share.
    #[serde(default)]
    pub objectives: Objectives,
    /// `spares` of the instances are standby spares that take over a failed active one
    /// (cold or warm standby, with a switch-over time). `None`: every instance is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standby: Option<Standby>,
    /// At most this many failed instances are repaired at once; the others wait, first
    /// failed first repaired (the machine-repairman model). `None`: unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repair_crew: Option<u32>,
    /// Shocks that take down every up instance of the group at once (a shared power
    /// supply, a bad deploy: the beta-factor model of common-cause failures).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub common_cause: Option<CommonCause>,
    /// State each instance builds from the events it processes (an event-sourced
    /// projection, a Kafka Streams state store): snapshots, and a rebuild from the log
    /// after a crash before it takes traffic again. `None`: stateless.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<GroupState>,
    /// Off-host backups of each instance's state; a `DiskLoss` fault restores the last one
    /// and loses what was applied since (the RPO). Needs `state`. `None`: no backups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup: Option<Backup>,
    /// Consumer batches (Kafka's `max.poll.records` with a Spring Kafka batch listener,
    /// RabbitMQ's prefetch with a multiple ack): each instance polls up to `max_messages`
    /// at once, handles them one after the other after a per-batch cost, and acknowledges
    /// (commits) the batch once. `None` by default: each message on its own, acknowledged
    /// by itself. Always written out, so `--set consumers.G.batch=Some(..)` finds it.
    #[serde(default)]
    pub batch: Option<ConsumeBatch>,
}

/// A consumer group's batches: what one poll takes, how long it waits to fill, and what a
/// batch costs the handler beyond its messages' own work.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsumeBatch {
    /// Most messages in one batch (Kafka's `max.poll.records`, 500 by default there).
    pub max_messages: u32,
    /// How long a poll waits for the batch to fill once a first message is there (Kafka's
    /// `fetch.max.wait.ms` with a `fetch.min.bytes` of a full batch). `"0s"` by default: a
    /// poll takes what is there, as Kafka's default `fetch.min.bytes=1` does.
    #[serde(default)]
    pub max_wait: SimDuration,
    /// The handler's cost per batch (a bulk insert's round trip, a transaction's commit),
    /// before its messages' own `handler.work`. `Constant("0s")` by default.
    #[serde(default = "Distribution::zero")]
    pub per_batch: Distribution,
}

/// How a group's state is built and recovered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum GroupState {
    /// A projection of the events (event sourcing): a snapshot every `snapshot_every`
    /// applied events, kept on the instance's disk; after a crash the instance restores
    /// the last snapshot and replays the events applied since from the topic's retained
    /// log at `rebuild_per_second`, and only then rejoins the group.
    Projection { snapshot_every: u64, rebuild_per_second: f64 },
}

/// Periodic off-host backups of a stateful group's state (database backups: the recovery
/// point a disk loss goes back to).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    pub every: SimDuration,
}

/// Standby redundancy of a group's instances: the last `spares` instances start as
/// spares, which take no traffic until an active instance fails and one of them takes its
/// place `switch_over` later.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standby {
    pub spares: u32,
    #[serde(default)]
    pub kind: StandbyKind,
    /// How long a slot stays empty while a spare takes over (detection and promotion).
    #[serde(default)]
    pub switch_over: SimDuration,
}

/// Whether an idle spare can fail.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum StandbyKind {
    /// An idle spare does not fail (it is switched off).
    #[default]
    Cold,
    /// An idle spare fails at this factor (in (0, 1]) times an active one's rate.
    Warm(f64),
}

/// Common-cause shocks: the time between two shocks is drawn from `mtbf`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommonCause {
    pub mtbf: Distribution,
}

fn default_rebalance_pause() -> SimDuration {
    SimDuration::from_secs(1)
}
fn default_commit_interval() -> SimDuration {
    SimDuration::from_secs(5)
}

impl ConsumerGroup {
    pub fn effective_prefetch(&self) -> u32 {
        self.prefetch.unwrap_or(self.concurrency)
    }

    /// The broker's failure-detection delay for this group's instances (see `session_timeout`).
    pub fn effective_session_timeout(&self) -> SimDuration {
        match (self.session_timeout, &self.supervisor, self.delivery) {
            (Some(timeout), _, _) => timeout,
            (None, Some(supervisor), _) => supervisor.detect_after,
            (None, None, Delivery::Partitioned) => SimDuration::from_secs(45),
            (None, None, Delivery::Competing) => SimDuration::from_secs(60),
        }
    }
}

/// The idempotent consumer's memory of processed message ids: the most recent `max_ids`
/// ids, none older than `max_age`. A redelivered copy found here is acknowledged without
/// being processed again.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DedupWindow {
    pub max_ids: u32,
    pub max_age: SimDuration,
}

impl Default for DedupWindow {
    fn default() -> Self {
        DedupWindow { max_ids: 100_000, max_age: SimDuration::from_secs(3600) }
    }
}

/// Service-level objectives of a group, judged per sample interval: an interval is good
/// when the p95 end-to-end latency is at most `latency_p95` and at least `success` of the
/// messages that finished were processed (an interval in which nothing finished while
/// work waited at its start and its end is bad: the group was stalled). `target` is the
/// share of good intervals promised (the SLO); its
/// complement is the error budget. Defaults follow the source material's alert
/// thresholds (p95 > 2 s, failure rate > 5 %).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Objectives {
    pub latency_p95: SimDuration,
    pub success: f64,
    pub target: f64,
}

impl Default for Objectives {
    fn default() -> Self {
        Objectives { latency_p95: SimDuration::from_secs(2), success: 0.95, target: 0.99 }
    }
}

/// How a group shares a topic's messages among its instances.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    /// Kafka-style: each partition belongs to one instance; messages of one key are
    /// handled one at a time, in order.
    #[default]
    Partitioned,
    /// RabbitMQ-style work queue: any instance takes any message; no order.
    Competing,
}

/// In partitioned delivery, the unit of order: messages sharing it are handled one at a
/// time, oldest first, and (with `strict_order`) a message waiting to retry holds it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderScope {
    /// Messages of one key (Confluent's parallel consumer with KEY ordering): other keys
    /// of the partition go on past a slow or retrying message.
    #[default]
    Key,
    /// Messages of one partition (a plain Kafka consumer handling each partition in
    /// sequence): a slow or retrying message holds up its whole partition.
    Partition,
}

/// What handling one message costs: own work, then calls to services in sequence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Handler {
    pub work: Distribution,
    pub calls: Vec<String>,
    /// A service call not answered by then is abandoned and counts as a timeout failure.
    pub timeout: Option<SimDuration>,
    /// Events published when a message is processed, in order (a pipeline's next stage,
    /// content-based routing). Each is caused by the message handled and shares its root.
    pub emits: Vec<Emit>,
    /// What a refused emit does to the handling of the message that emitted it.
    pub on_emit_refused: OnEmitRefused,
}

/// What a handler does when a topic refuses one of its emits (full, shed, unreachable).
/// Either way the refused event is lost, counted with the topic's reason.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OnEmitRefused {
    /// The message counts as processed anyway (fire and forget: a handler that logs the
    /// failed send and acknowledges).
    #[default]
    Continue,
    /// The emits are sent first, in order, and the first refusal fails the handling
    /// attempt with a transient error, so the group's retry policy retries the message
    /// (and `on_exhausted` takes it in the end) — the at-least-once consume-transform-
    /// produce loop of a Kafka client that does not commit until its sends succeed. Emits
    /// sent before the refusal are not undone: a retry sends them again (duplicates, as
    /// without Kafka transactions).
    FailAttempt,
}

impl Default for Handler {
    fn default() -> Self {
        Handler {
            work: Distribution::Constant(SimDuration::from_millis(1)),
            calls: Vec::new(),
            timeout: None,
            emits: Vec::new(),
            on_emit_refused: OnEmitRefused::Continue,
        }
    }
}

/// One event a handler publishes on success: a routing rule (source = the group,
/// condition = `when`, target = `topic`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Emit {
    pub topic: String,
    /// The new event's type; `None` keeps the type of the message handled.
    #[serde(default, rename = "type")]
    pub event_type: Option<String>,
    #[serde(default)]
    pub when: EmitWhen,
    /// Share of the processed messages (that match `when`) that emit it, drawn from the
    /// group's own emit stream.
    #[serde(default = "one_f64")]
    pub probability: f64,
}

/// When an emit rule fires.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmitWhen {
    /// For every message processed.
    #[default]
    Always,
    /// Only for messages of this type.
    Type(String),
    /// For every message the group gives up on (retries exhausted, a business or fatal
    /// error, ...), just before `on_exhausted` takes it: the compensating event of a
    /// choreographed saga (`PaymentFailed` → release the stock). Never fires on success.
    Failed,
}

/// Retry policy for failed attempts. Field defaults are Resilience4j's (3 attempts, 500 ms).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Retry {
    /// Attempts in total, the first included.
    pub max_attempts: u32,
    pub backoff: Backoff,
    pub jitter: Jitter,
    /// Retry fatal errors too, like a handler that catches every exception and retries
    /// it: the naive policy that lets a poison message eat all its attempts (and, with
    /// `strict_order`, hold up its key or partition meanwhile).
    pub retry_fatal: bool,
    /// A retry budget on a service's or a client's calls: retries may add at most a share
    /// of its requests, whatever `max_attempts` allows. None: every failed attempt with
    /// attempts left is retried.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<RetryBudget>,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            max_attempts: 3,
            backoff: Backoff::Constant(SimDuration::from_millis(500)),
            jitter: Jitter::None,
            retry_fatal: false,
            budget: None,
        }
    }
}

/// A retry budget, as Finagle's `RetryBudget` (and Envoy's `retry_budget`, gRPC's retry
/// throttling) keep one: every request (a call chain's first attempt at a stage) deposits
/// `ratio` of a token, every retry withdraws a whole one, and `min_per_second` retries are
/// always allowed; deposits and withdrawals count over the last `ttl` only. A retry is made
/// when the balance `ratio × requests + min_per_second × ttl − retries` is at least 1;
/// otherwise the failure goes upstream at once, as if the attempts were spent. So a
/// failing dependency sees at most (1 + ratio) × the requests plus the minimum, instead of
/// max_attempts × them. Defaults are Finagle's.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetryBudget {
    pub ratio: f64,
    pub min_per_second: f64,
    pub ttl: SimDuration,
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget { ratio: 0.2, min_per_second: 10.0, ttl: SimDuration::from_secs(10) }
    }
}

impl Retry {
    /// The policy of a group that configures no retry: one attempt only.
    pub fn none() -> Retry {
        Retry { max_attempts: 1, ..Retry::default() }
    }
}

/// Delay before retry number n (n = 1 for the first retry).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Backoff {
    Constant(SimDuration),
    /// initial + (n-1) × increment, capped at max.
    Linear {
        initial: SimDuration,
        increment: SimDuration,
        max: SimDuration,
    },
    /// initial × multiplier^(n-1), capped at max.
    Exponential {
        initial: SimDuration,
        multiplier: f64,
        max: SimDuration,
    },
}

/// Randomisation of backoff delays, as defined in the AWS Architecture Blog
/// ("Exponential Backoff And Jitter", 2015).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Jitter {
    #[default]
    None,
    /// uniform(0, delay)
    Full,
    /// delay/2 + uniform(0, delay/2)
    Equal,
    /// min(max, uniform(initial, previous × 3))
    Decorrelated,
}

/// Circuit breaker with Resilience4j semantics; defaults are Resilience4j's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CircuitBreaker {
    pub window: Window,
    pub minimum_calls: u32,
    pub failure_rate: f64,
    pub slow_call_duration: SimDuration,
    pub slow_call_rate: f64,
    pub open_for: SimDuration,
    pub half_open_calls: u32,
    /// Error classes recorded as failures. Other outcomes count as successes (business
    /// errors: the service answered), except `BulkheadFull`, which is ignored unless listed
    /// (the call never reached the service).
    pub failure_classes: Vec<ErrorClass>,
    /// Move from OPEN to HALF_OPEN as soon as `open_for` has passed, rather than at the
    /// first call after it (Resilience4j's `automaticTransitionFromOpenToHalfOpenEnabled`).
    pub automatic_transition: bool,
}

impl Default for CircuitBreaker {
    fn default() -> Self {
        CircuitBreaker {
            window: Window::Count(100),
            minimum_calls: 100,
            failure_rate: 0.5,
            slow_call_duration: SimDuration::from_secs(60),
            slow_call_rate: 1.0,
            open_for: SimDuration::from_secs(60),
            half_open_calls: 10,
            failure_classes: vec![ErrorClass::Transient, ErrorClass::Fatal, ErrorClass::Timeout],
            automatic_transition: false,
        }
    }
}

/// The sliding window a breaker computes its rates over.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Window {
    /// The last n calls.
    Count(u32),
    /// The calls of the last span of time (whole seconds), aggregated in one-second buckets.
    Time(SimDuration),
}

/// Resilience4j's semaphore bulkhead, per (group, service): calls beyond `max_concurrent`
/// wait in FIFO order up to `max_wait`, then fail with `BulkheadFull`. Defaults are
/// Resilience4j's (25 calls, no wait).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Bulkhead {
    pub max_concurrent: u32,
    pub max_wait: SimDuration,
}

impl Default for Bulkhead {
    fn default() -> Self {
        Bulkhead { max_concurrent: 25, max_wait: SimDuration::ZERO }
    }
}

/// Kinds of failed call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ErrorClass {
    /// Worth retrying (a 503, a dropped connection).
    Transient,
    /// The request itself is wrong: never retried.
    Business,
    /// The handler cannot go on with this message: straight to `on_exhausted`.
    Fatal,
    /// The handler stopped waiting (`Handler.timeout`).
    Timeout,
    /// Refused by an open circuit breaker without calling the service.
    CircuitOpen,
    /// Refused by a full bulkhead without calling the service.
    BulkheadFull,
}

impl ErrorClass {
    /// Every class, in index order.
    pub const ALL: [ErrorClass; 6] = [
        ErrorClass::Transient,
        ErrorClass::Business,
        ErrorClass::Fatal,
        ErrorClass::Timeout,
        ErrorClass::CircuitOpen,
        ErrorClass::BulkheadFull,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ErrorClass::Transient => "transient",
            ErrorClass::Business => "business",
            ErrorClass::Fatal => "fatal",
            ErrorClass::Timeout => "timeout",
            ErrorClass::CircuitOpen => "circuit_open",
            ErrorClass::BulkheadFull => "bulkhead_full",
        }
    }

    /// Position in per-class counter arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Token bucket in front of a group's handler, shared by its instances: every handler
/// attempt (first or retry) takes one token. The bucket holds at most `burst` tokens,
/// starts full and refills at `per_second`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    pub per_second: f64,
    #[serde(default = "one")]
    pub burst: u32,
    #[serde(default)]
    pub overflow: RateOverflow,
}

/// What a rate limiter does with a message that finds no token.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RateOverflow {
    /// Wait for the next token, holding the worker and the prefetch slot (Guava's
    /// `acquire()` blocks the consumer thread the same way).
    #[default]
    Delay,
    /// Give up on the message at once: dead-lettered via `on_exhausted` (reason "rate limited").
    DeadLetter,
    /// Give up on the message at once: dropped (reason "rate limited").
    Drop,
}

/// Where a message goes when it cannot be handled (retries exhausted, fatal or business error).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OnExhausted {
    /// Publish a dead letter (reason, attempts, last error) to this topic.
    DeadLetter(String),
    /// Discard it, counted as dropped with the reason.
    #[default]
    Drop,
    /// Keep it aside for manual redrive.
    Park,
}

/// Self-healing: heartbeat detection and restart of crashed instances.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supervisor {
    pub detect_after: SimDuration,
    pub restart_after: SimDuration,
    /// Longest restart delay after repeated crashes (crash-loop back-off doubles up to it).
    #[serde(default = "five_minutes")]
    pub max_restart_after: SimDuration,
}

fn five_minutes() -> SimDuration {
    SimDuration::from_secs(300)
}

/// Scale instances to keep the backlog per instance near a target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Autoscale {
    pub min: u32,
    pub max: u32,
    pub target_backlog: u64,
    pub check_every: SimDuration,
    pub cooldown: SimDuration,
    /// How the desired count follows from the lag. Omitted: `Proportional`. Always
    /// written out, so `--set consumers.G.autoscale.policy=..` finds it.
    #[serde(default)]
    pub policy: ScalePolicy,
    /// A new instance counts (as cost, and for the autoscaler) at once but takes no
    /// traffic until it has started this long after (a pod's image pull and start-up, a
    /// Kubernetes startup probe). Omitted: 0, it serves at once.
    /// Always written out, for `--set` as `policy`.
    #[serde(default)]
    pub startup: SimDuration,
}

/// An autoscaler's rule from the lag to the desired instance count. The utilisation of
/// the target is lag / (instances × target_backlog).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum ScalePolicy {
    /// The Kubernetes HPA's formula on the lag (KEDA's Kafka scaler with `lagThreshold` =
    /// `target_backlog`): desired = ⌈lag / target_backlog⌉, no change within 10 % of 1.
    #[default]
    Proportional,
    /// Step scaling (AWS Auto Scaling's step/simple policies): `up_by` more instances
    /// when the utilisation is above `up_above`, `down_by` fewer when below `down_below`.
    Step { up_above: f64, up_by: u32, down_below: f64, down_by: u32 },
}

/// An active health check of a group's instances (a Kubernetes liveness probe, Envoy's
/// active health checking): probes at every multiple of `interval` from time zero.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthCheck {
    pub interval: SimDuration,
    /// Failed probes in a row that make the instance unhealthy (Kubernetes'
    /// `failureThreshold`, default 3).
    #[serde(default = "three")]
    pub failure_threshold: u32,
    #[serde(default)]
    pub action: HealthAction,
}

fn three() -> u32 {
    3
}

/// What happens to an instance that fails its health check.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum HealthAction {
    /// Start the process again at once (the kubelet kills and restarts the container).
    #[default]
    Restart,
    /// Remove it from the deployment (Envoy ejects the host; an autoscaler may then
    /// provision a fresh one).
    Eject,
}

/// A scheduled fault.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    pub at: SimDuration,
    pub duration: SimDuration,
    /// A service, producer, group, `group/N` instance, topic or `broker/N` node.
    pub target: String,
    pub kind: FaultKind,
}

/// What a fault does to its target.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum FaultKind {
    Crash,
    /// A crash that also loses the instance's local disk (a node replaced, a volume
    /// gone): a stateful group's snapshots go with it (see `Backup`).
    DiskLoss,
    Slow {
        factor: f64,
    },
    ErrorRate(f64),
    Partition,
    Poison {
        fraction: f64,
    },
}

/// An alert rule: a condition that must hold for a while before it fires.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alert {
    pub name: String,
    pub when: AlertCondition,
    /// What runs when the alert fires (Alertmanager → a runbook's automation). `None`:
    /// it only fires and resolves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<AlertAction>,
    /// What runs when it resolves (the reverse of `action`, if wanted). `None`: nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_resolve: Option<AlertAction>,
}

/// An action an alert runs, as the engine's command of the same effect (logged with the
/// alert's name as its cause).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AlertAction {
    /// Restart a consumer instance (`group/N`), or every crashed instance of a group,
    /// ending the faults on it (the `RecoverNow` command: an operator's restart).
    RestartInstance(String),
    /// Change a group's instance count by `by` (at least 1 instance remains).
    ScaleBy { group: String, by: i32 },
    /// Set a group's instance count.
    ScaleTo { group: String, instances: u32 },
    /// Force a breaker (`CALLER:SERVICE`) open (Resilience4j's FORCED_OPEN).
    ForceOpen(String),
    /// Send a breaker back to CLOSED (the usual reverse of `ForceOpen`).
    CloseBreaker(String),
    /// Change one parameter, as a `Set` command or `--set` names it (e.g. shed a
    /// producer's low priority class: `topics.orders.shedding...`).
    Set { path: String, value: String },
}

/// Conditions an alert watches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AlertCondition {
    FailureRate {
        group: String,
        above: f64,
        #[serde(rename = "for")]
        sustained_for: SimDuration,
    },
    LatencyP95 {
        group: String,
        above: SimDuration,
        #[serde(rename = "for")]
        sustained_for: SimDuration,
    },
    Backlog {
        topic: String,
        above: u64,
        #[serde(rename = "for")]
        sustained_for: SimDuration,
    },
    ConsumerLag {
        group: String,
        above: u64,
        #[serde(rename = "for")]
        sustained_for: SimDuration,
    },
    Availability {
        component: String,
        below: f64,
        #[serde(rename = "for")]
        sustained_for: SimDuration,
    },
}

/// An orchestrated saga (Garcia-Molina & Salem 1987; Temporal, Camunda, Axon, Eventuate):
/// for each event its coordinator takes, the steps run in order, each a call to a service;
/// when a step fails for good, the compensations of the steps already done run in reverse
/// order. The coordinator is one of the scenario's consumer groups, so it has instances,
/// concurrency, crashes, redelivery, a supervisor and faults like any other; the saga's
/// trigger is that group's topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Saga {
    pub name: String,
    /// The consumer group that runs the saga (its `handler.calls` must be empty: the
    /// steps are its calls; its `handler.timeout` bounds each step's call, its breaker and
    /// bulkhead guard the steps' services, its `on_exhausted` takes the trigger of a saga
    /// that ends Inconsistent, for repair by hand).
    pub coordinator: String,
    /// Longest time from a saga's start to its last forward step (Temporal's workflow
    /// execution timeout): checked before each step's attempt, and a saga past it
    /// compensates. Compensations are never cut short. `None`: no deadline.
    #[serde(default)]
    pub timeout: Option<SimDuration>,
    pub steps: Vec<SagaStep>,
}

/// One step of a saga: a call (or a command sent over the bus) with its retry policy,
/// and what undoes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SagaStep {
    pub name: String,
    /// The service the step calls synchronously. Exactly one of `call` and `command`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<String>,
    /// The command event the step sends, and how long it waits for the reply (Eventuate's
    /// and Axon's command/reply over messaging). Exactly one of `call` and `command`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<SagaCommand>,
    /// The service that undoes the step (a refund for a charge). `None`: nothing to undo
    /// (a read, or a step at or after the pivot).
    #[serde(default)]
    pub compensate: Option<String>,
    /// Retries of the step's call or command (a retried command is a new message).
    /// Omitted: one attempt.
    #[serde(default = "Retry::none")]
    pub retry: Retry,
    /// Retries of its compensation: compensations must eventually succeed, so the default
    /// is generous (10 attempts, exponential back-off 100 ms doubling up to 5 s); one that
    /// still fails leaves the saga Inconsistent.
    #[serde(default = "Retry::compensation")]
    pub compensation_retry: Retry,
    /// The point of no return (Richardson's pivot transaction): once it succeeds the saga
    /// can only go forward, so neither it nor the steps after it have compensations, and a
    /// step after it that fails for good leaves the saga Inconsistent.
    #[serde(default)]
    pub pivot: bool,
    /// The step runs only for triggers of these event types, and is skipped for the others
    /// (a condition on the flow, as in Camunda). `None`: always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_for: Option<Vec<String>>,
    /// The service deduplicates the step's calls by saga id (an idempotency key), so a call
    /// repeated after a coordinator crash has no second effect; otherwise it is counted as
    /// a duplicate step call.
    #[serde(default)]
    pub idempotent: bool,
}

/// A saga step's command: a message the coordinator publishes to `topic`, whose
/// participant is the one consumer group that reads it. The reply is the command's end:
/// processed by the participant is a success; dead-lettered or filtered out a business
/// failure (not retried); expired, dropped, lost or refused by the topic a transient one;
/// no end within `reply_timeout` a timeout. The step's `retry` judges them as a call's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Command", deny_unknown_fields)]
pub struct SagaCommand {
    pub topic: String,
    /// The command's event type; `None` keeps the trigger's type (as an `Emit` does).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
    /// How long the step waits for the reply before the attempt counts as timed out
    /// (and the step's `retry` applies: a retried command is a new message).
    pub reply_timeout: SimDuration,
}

impl Retry {
    /// The default retry of a saga step's compensation (see `SagaStep::compensation_retry`).
    pub fn compensation() -> Retry {
        Retry {
            max_attempts: 10,
            backoff: Backoff::Exponential {
                initial: SimDuration::from_millis(100),
                multiplier: 2.0,
                max: SimDuration::from_secs(5),
            },
            jitter: Jitter::None,
            retry_fatal: false,
            budget: None,
        }
    }
}
