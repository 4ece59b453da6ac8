//! Services: downstream dependencies with latency, error classes and a concurrency capacity,
//! served by one or more replicas behind a load balancer (`balancer`) that may eject
//! outliers (`policy::outlier`).

use super::balancer::Balancer;
use super::hops::Downstream;
use super::ids::{CallId, GroupId, JobId, ReplicaId, ServiceId, TiSlice, TiVec, UnitId};
use super::metrics::{IntervalLatency, TimeIntegral};
use super::policy::{ActiveHealth, Ejection, OutlierDetector};
use super::rng::{Stream, StreamOf, unseeded};
use super::sample::DurationSampler;
use super::status::StationStatus;
use crate::metric::ServiceReading;
use crate::scenario::{ErrorClass, Errors, QueueDiscipline};
use crate::time::{SimDuration, SimTime};
use rand::RngExt;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, VecDeque};

/// Calls waiting beyond this are refused at once as a transient error ("503"), so a
/// retry storm cannot grow the service queue without bound. A service's replicas share it
/// (each may hold its share).
pub const MAX_WAITING_CALLS: usize = 1_000_000;

/// Runtime state of one service: its replicas behind a load balancer. A service without
/// `replicas` has one, named like the service, with the service's own streams and unit, so
/// it draws and behaves exactly as a plain service.
#[derive(Clone, Debug)]
pub struct Service {
    pub(in crate::engine) name: String,
    latency: DurationSampler,
    errors: Errors,
    /// Call slots of every replica (a call records its replica), so a call's id alone
    /// finds it and a completion event stays 16 bytes.
    calls: TiVec<CallId, Call>,
    free_calls: Vec<CallId>,
    replicas: TiVec<ReplicaId, Replica>,
    balancer: Balancer,
    outliers: Option<OutlierDetector>,
    /// Active health checks of the replicas (`health_check`); `None` costs a call nothing.
    pub(in crate::engine) health: Option<ActiveHealth>,
    /// A chain of probe events runs (kept apart from `health`, so a check removed and
    /// added again between two probes does not start a second chain).
    pub(in crate::engine) probes_armed: bool,
    /// With outlier detection, the calls in progress by caller (group, job, generation), so
    /// a caller's timeout can be charged to the replica that kept it waiting.
    in_flight: BTreeMap<(Caller, u32), CallId>,
    /// The services it calls itself, with its client policy, and each call's chain.
    pub(in crate::engine) downstream: Downstream,
    /// Topics it publishes an event to before answering a call with success.
    publishes: Vec<super::ids::TopicId>,
    /// Waiting calls one replica may hold: [`MAX_WAITING_CALLS`] shared among them, so a
    /// service holds no more however many replicas it has.
    waiting_bound: usize,
    /// The order its replicas serve waiting calls in.
    discipline: QueueDiscipline,
    pub(in crate::engine) stats: ServiceStats,
}

/// One replica: a server with its own capacity, waiting queue, draws, faults and
/// availability.
#[derive(Clone, Debug)]
pub struct Replica {
    /// `service/N` (1-based) when the service has several, else the service's name.
    name: String,
    /// Calls served at once; `u32::MAX` when unlimited.
    capacity: u32,
    rng: Stream,
    /// Calls being served now.
    active: u32,
    /// Calls queued inside the replica, in the order they will be served (always empty
    /// under processor sharing, which queues nothing).
    waiting: Waiting,
    /// Under `ProcessorSharing`: the calls sharing its capacity.
    sharing: Option<Sharing>,
    /// Unreachable: crashed, cut off by a network partition, or failed (stochastic).
    down: bool,
    /// Latency multiplier of active Slow faults (1 when none).
    slow_factor: f64,
    /// Extra transient-error probability of active ErrorRate faults (0 when none).
    fault_error_rate: f64,
    /// Draws for ErrorRate faults: its own stream, so the replica's draws are unchanged.
    fault_rng: Stream,
    /// Index in the simulation's availability units.
    pub(in crate::engine) unit: UnitId,
    /// The open incident of the current outage.
    incident: Option<u64>,
    stats: ReplicaStats,
    /// Its sample interval under way (its per-replica series; kept only when the
    /// service has several replicas).
    interval: ServiceInterval,
    /// The replica as a queueing station (not in `stats`: a warm-up restarts it with what
    /// is present then).
    queueing: ReplicaQueueing,
}

/// A replica's waiting calls. FIFO keeps one queue; `Priority` one per priority class
/// present, the highest served first and FIFO within a class (non-preemptive: a call in
/// service is never interrupted), as RabbitMQ's priority queues and JMT's priority
/// scheduling hand out work.
#[derive(Clone, Debug)]
enum Waiting {
    Fifo(VecDeque<CallId>),
    Priority { classes: BTreeMap<u8, VecDeque<CallId>>, len: usize },
}

impl Waiting {
    fn new(discipline: QueueDiscipline) -> Waiting {
        match discipline {
            QueueDiscipline::Fifo | QueueDiscipline::ProcessorSharing => Waiting::Fifo(VecDeque::new()),
            QueueDiscipline::Priority => Waiting::Priority { classes: BTreeMap::new(), len: 0 },
        }
    }

    fn len(&self) -> usize {
        match self {
            Waiting::Fifo(queue) => queue.len(),
            Waiting::Priority { len, .. } => *len,
        }
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[inline]
    fn push(&mut self, id: CallId, priority: u8) {
        match self {
            Waiting::Fifo(queue) => queue.push_back(id),
            Waiting::Priority { classes, len } => {
                classes.entry(priority).or_default().push_back(id);
                *len += 1;
            }
        }
    }

    /// The call to serve next: the oldest (of the highest class).
    #[inline]
    fn pop(&mut self) -> Option<CallId> {
        match self {
            Waiting::Fifo(queue) => queue.pop_front(),
            Waiting::Priority { classes, len } => {
                let mut highest = classes.last_entry()?;
                let id = highest.get_mut().pop_front();
                if highest.get().is_empty() {
                    highest.remove();
                }
                *len -= usize::from(id.is_some());
                id
            }
        }
    }

    fn clear(&mut self) {
        match self {
            Waiting::Fifo(queue) => queue.clear(),
            Waiting::Priority { classes, len } => {
                classes.clear();
                *len = 0;
            }
        }
    }
}

/// Processor sharing (Kleinrock's PS; JMT's and Ciw's "PS" scheduling): every call doing
/// its own work at a replica is served at once, and they share its capacity equally — with
/// n calls and capacity c each progresses at min(1, c/n) of full speed, as threads of a
/// CPU-bound server share its cores. No call waits; a call's drawn latency is the work it
/// needs at full speed.
///
/// Kept in "virtual work" rather than per-call remainders, so an arrival or a departure
/// costs O(log n) instead of touching every call: all sharing calls progress at the same
/// rate, so `done` (full-speed work each call has received since the replica began)
/// grows for all at once, and a call finishes when `done` reaches its start's `done` plus
/// its work — the order of finishes never changes, and only the earliest is scheduled (a
/// later change of n reschedules it under a new `generation`).
#[derive(Clone, Debug, Default)]
struct Sharing {
    /// Full-speed work (ns) each sharing call has received, as of `updated`.
    done: f64,
    updated: SimTime,
    /// The sharing calls by the `done` at which each finishes (an f64's bits: finishes are
    /// never negative, so the bits order as the numbers do), then slot.
    finishes: BinaryHeap<Reverse<(u64, CallId)>>,
    /// The scheduled finish's: a `ShareDone` of another generation is stale.
    generation: u32,
}

/// The next finish of a replica under processor sharing: the caller schedules
/// `Event::ShareDone` at `at` with `generation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reschedule {
    pub replica: ReplicaId,
    pub at: SimTime,
    pub generation: u32,
}

/// What starting a call's service gives its caller to schedule (see [`Service::start`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Started {
    /// Its own work ends after `after`: a `CallDone` with `epoch`.
    Alone { after: SimDuration, epoch: u32 },
    /// It shares its replica's capacity: the replica's next finish moved.
    Shared(Reschedule),
}

impl Sharing {
    /// Each call's share of full speed with `n` sharing and capacity `capacity`.
    fn rate(n: usize, capacity: u32) -> f64 {
        if n <= capacity as usize { 1.0 } else { f64::from(capacity) / n as f64 }
    }

    /// `done` brought to `now` at the rate of the calls sharing until now.
    fn advance(&mut self, now: SimTime, capacity: u32) {
        let elapsed = now.0.saturating_sub(self.updated.0) as f64;
        self.done += elapsed * Sharing::rate(self.finishes.len(), capacity);
        self.updated = now;
    }

    /// A new schedule for the earliest finish, if any call shares (the old one goes stale).
    fn reschedule(&mut self, replica: ReplicaId, now: SimTime, capacity: u32) -> Option<Reschedule> {
        let earliest = *self.finishes.peek()?;
        Some(self.schedule(earliest, replica, now, capacity))
    }

    /// Joins the call `id` that finishes when `done` reaches `finish`, and schedules the
    /// earliest finish (the old schedule goes stale).
    fn join(&mut self, finish: f64, id: CallId, replica: ReplicaId, now: SimTime, capacity: u32) -> Reschedule {
        let joined = Reverse((finish.to_bits(), id));
        // The heap's greatest `Reverse` is its earliest finish.
        let earliest = self.finishes.peek().map_or(joined, |&head| head.max(joined));
        self.finishes.push(joined);
        self.schedule(earliest, replica, now, capacity)
    }

    /// A schedule for `earliest`, the first finish, at the rate of the calls sharing now.
    fn schedule(
        &mut self,
        earliest: Reverse<(u64, CallId)>,
        replica: ReplicaId,
        now: SimTime,
        capacity: u32,
    ) -> Reschedule {
        self.generation = self.generation.wrapping_add(1);
        let Reverse((finish, _)) = earliest;
        let left = (f64::from_bits(finish) - self.done).max(0.0) / Sharing::rate(self.finishes.len(), capacity);
        // Rounded up to whole nanoseconds, so `done` has reached the finish when it fires.
        Reschedule { replica, at: SimTime(now.0.saturating_add(left.ceil() as u64)), generation: self.generation }
    }

    /// Calls sharing now: those within the capacity count as busy, the rest as in the queue.
    fn split(&self, capacity: u32) -> (u64, u64) {
        let n = self.finishes.len() as u64;
        let busy = n.min(u64::from(capacity));
        (busy, n - busy)
    }
}

/// A replica seen as a queueing station: the time integrals of its calls in service and
/// of its waiting calls, and the waits of the calls it started.
#[derive(Clone, Debug, Default)]
struct ReplicaQueueing {
    /// Calls holding a capacity slot (its own work and its downstream calls).
    busy: TimeIntegral,
    /// Calls in its waiting queue.
    queued: TimeIntegral,
    /// Σ of the waits from arrival at the replica to the start of service, and their count.
    wait_ns: u128,
    waits: u64,
    /// The same per priority class, indexed by class (grown as classes are seen).
    waits_by_class: Vec<(u128, u64)>,
}

/// One replica's counters for reporting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReplicaStats {
    /// Calls it served (whether or not the caller still waited).
    pub calls: u64,
    /// Served calls answered with an error (any class).
    pub errors: u64,
    /// Calls that found it down ("connection refused").
    pub unreachable: u64,
    /// Calls refused at its full waiting queue.
    pub refused: u64,
    /// Times outlier detection ejected it.
    pub ejections: u64,
}

/// A service's or one replica's sample interval under way: the calls it answered, those
/// that failed, and how long they spent there (arrival → answer, whoever the caller and
/// whether or not it still waited), read and reset at each sample as its series.
#[derive(Clone, Debug, Default)]
pub struct ServiceInterval {
    calls: u64,
    errors: u64,
    latency: IntervalLatency,
}

impl ServiceInterval {
    /// A call answered after `took`, failed or not.
    #[inline]
    fn answered(&mut self, took: SimDuration, failed: bool) {
        self.calls += 1;
        self.errors += u64::from(failed);
        self.latency.record(took);
    }

    /// The reading of the interval that ends (`seconds` long, `busy` calls present now);
    /// the counts start again for the next.
    fn take(&mut self, seconds: f64, busy: usize) -> ServiceReading {
        let reading = ServiceReading {
            seconds,
            calls: self.calls,
            errors: self.errors,
            busy,
            p50_ms: self.latency.quantile_ms(0.50),
            p99_ms: self.latency.quantile_ms(0.99),
        };
        self.calls = 0;
        self.errors = 0;
        self.latency.reset();
        reading
    }
}

/// What became of a call on arrival at the service (see [`Service::dispatch`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dispatch {
    /// Served now: the caller schedules its end with [`Service::start`].
    Start(CallId),
    /// Queued inside the service until a call ends.
    Queued,
    /// The replica chosen is down or cut off: "connection refused", the caller learns at once.
    Unreachable(ReplicaId),
    /// The chosen replica's waiting queue is at its bound: refused at the door, as an
    /// overloaded server answers 503.
    Refused(ReplicaId),
}

/// What the end of a service's own work on a call leads to (see [`Service::work_done`]).
#[derive(Clone, Copy, Debug)]
pub enum WorkDone {
    /// The call is answered.
    Answer(Finished),
    /// The service goes on to call its downstream services, keeping the slot.
    CallsDownstream,
    /// Its own work succeeded and nothing is left to call: the caller answers (after the
    /// service's publishes), with [`Service::answer`].
    Succeeded,
}

/// A served call that ended (see [`Service::answer`]).
#[derive(Clone, Copy, Debug)]
pub struct Finished {
    pub call: Call,
    /// `None`: success.
    pub outcome: Option<ErrorClass>,
    /// The waiting call that takes the freed place, to be started by the caller.
    pub next: Option<CallId>,
}

/// Who made a call, so that the answer finds its way back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Caller {
    /// A consumer group's handler job.
    Job { group: GroupId, job: JobId },
    /// A call chain's stage: a service serving its call (or a client making its request)
    /// `slot`, of slot epoch `epoch`, calling downstream.
    Chain { chain: Chain, slot: CallId, epoch: u32 },
}

/// Who runs a call chain (see `engine::hops`): a service while it serves its calls, or a
/// synchronous client for its requests. Slots are the service's call slots or the
/// client's request slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Chain {
    Service(ServiceId),
    Client(super::ids::ClientId),
}

impl Caller {
    /// Who is calling, whatever the attempt: the group, service or client.
    pub fn who(self) -> CallerName {
        match self {
            Caller::Job { group, .. } => CallerName::Group(group),
            Caller::Chain { chain: Chain::Service(s), .. } => CallerName::Service(s),
            Caller::Chain { chain: Chain::Client(k), .. } => CallerName::Client(k),
        }
    }
}

/// A component that calls services.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CallerName {
    Group(GroupId),
    Service(ServiceId),
    Client(super::ids::ClientId),
}

impl From<Chain> for CallerName {
    fn from(chain: Chain) -> CallerName {
        match chain {
            Chain::Service(s) => CallerName::Service(s),
            Chain::Client(k) => CallerName::Client(k),
        }
    }
}

impl Default for Caller {
    fn default() -> Self {
        Caller::Job { group: GroupId::default(), job: JobId::default() }
    }
}

/// A call in progress: who asked, so the answer can find its way back.
#[derive(Clone, Copy, Debug, Default)]
pub struct Call {
    /// The replica serving it.
    pub replica: ReplicaId,
    pub caller: Caller,
    /// The caller's attempt: its answer counts only while the caller still waits for it.
    pub generation: u32,
    /// What the call is about: the type and key of the message or request behind it (a
    /// service that `publishes` gives them to the event it publishes).
    pub event_type: super::message::EventTypeId,
    pub key: u32,
    /// The priority class of the message or request behind it: a service with
    /// `queue_discipline: Priority` serves the highest waiting first.
    pub priority: u8,
    pub issued_at: SimTime,
    /// Bumped whenever the slot is released, so a completion scheduled for an earlier
    /// occupant (a call cut short by a crash) is recognised and ignored.
    pub epoch: u32,
    pub live: bool,
    /// Its caller timed out: outlier detection counted the timeout, not the late answer.
    pub abandoned: bool,
    /// The traced message it is about (`None` when its journey is not traced, or it is a
    /// client's request): the calls it makes downstream carry it on.
    pub traced: Option<super::trace::Traced>,
}

impl Call {
    /// A call `caller` sends at `now` (attempt `generation`), about a message or request of
    /// `event_type` and `key`; the balancer sets its replica when it is dispatched.
    pub fn new(
        caller: Caller,
        generation: u32,
        event_type: super::message::EventTypeId,
        key: u32,
        now: SimTime,
    ) -> Call {
        Call {
            replica: ReplicaId::default(),
            caller,
            generation,
            event_type,
            key,
            priority: 0,
            issued_at: now,
            epoch: 0,
            live: true,
            abandoned: false,
            traced: None,
        }
    }
}

/// Counters for reporting. Errors are indexed by [`ErrorClass`] order.
#[derive(Clone, Debug, Default)]
pub struct ServiceStats {
    /// Calls that reached the service (served, whether or not the caller still waited).
    pub calls: u64,
    pub errors: [u64; ErrorClass::ALL.len()],
    /// Calls refused because the waiting queue was at its bound.
    pub refused: u64,
    /// Calls that failed fast because the service was unreachable ("connection refused").
    pub unreachable: u64,
    /// Calls in progress (served or waiting) cut short when the service went down.
    pub interrupted: u64,
    /// The sample interval under way, all replicas together.
    pub interval: ServiceInterval,
    /// Calls each caller sent it (every attempt, answered or refused), in order of first
    /// call: a handful of callers, so a list.
    pub callers: Vec<(CallerName, u64)>,
    /// What each caller saw of its calls here, in order of first call (see [`EdgeStats`]).
    pub edges: Vec<(CallerName, EdgeStats)>,
    /// Events its `publishes` topics accepted from it, all its topics together.
    pub published: u64,
}

impl ServiceStats {
    /// The counters of `who`'s calls to this service, created at its first call (a
    /// handful of callers: a list searched in order, as `callers`).
    pub fn edge(&mut self, who: CallerName) -> &mut EdgeStats {
        let at = match self.edges.iter().position(|(c, _)| *c == who) {
            Some(at) => at,
            None => {
                self.edges.push((who, EdgeStats::default()));
                self.edges.len() - 1
            }
        };
        &mut self.edges[at].1
    }
}

/// One edge of the service graph as its caller saw it (Kiali's edge shows the source's
/// traffic, not the callee's total): every attempt the caller finished — answered, timed
/// out, refused at the service's door, or refused by the caller's own breaker or bulkhead
/// (Envoy counts its local 503s as requests too) — by outcome, the attempts that were
/// retries, and the latency of the last sample interval.
#[derive(Clone, Debug, Default)]
pub struct EdgeStats {
    /// Attempts finished, whatever the outcome.
    pub calls: u64,
    /// Failed attempts by [`ErrorClass::index`].
    pub errors: [u64; ErrorClass::ALL.len()],
    /// Attempts that repeated a failed one: a chain's later attempts at a stage, or a
    /// group's calls made by a handler attempt after the first (a redelivery included).
    pub retries: u64,
    /// Issued → outcome of the attempts that went out (not those its own breaker or
    /// bulkhead refused, which took no time) in the sample interval under way.
    pub interval_latency: IntervalLatency,
    /// p50 and p95 of the last complete sample interval (ms; 0 with no call in it).
    pub last_p50_ms: f64,
    pub last_p95_ms: f64,
}

impl EdgeStats {
    /// An attempt ended with `outcome` (`None`: success) after `took`; `retry`: it repeated
    /// a failed attempt.
    #[inline]
    pub fn record(&mut self, outcome: Option<ErrorClass>, took: SimDuration, retry: bool) {
        self.calls += 1;
        self.retries += u64::from(retry);
        match outcome {
            Some(class @ (ErrorClass::CircuitOpen | ErrorClass::BulkheadFull)) => {
                // Refused on the caller's side: nothing went out.
                self.errors[class.index()] += 1;
                return;
            }
            Some(class) => self.errors[class.index()] += 1,
            None => {}
        }
        self.interval_latency.record(took);
    }

    /// A sample interval ends: its percentiles are kept and the next one starts empty.
    pub fn end_interval(&mut self) {
        self.last_p50_ms = self.interval_latency.quantile_ms(0.50);
        self.last_p95_ms = self.interval_latency.quantile_ms(0.95);
        self.interval_latency.reset();
    }

    /// Failed attempts, the classes together.
    pub fn failed(&self) -> u64 {
        self.errors.iter().sum()
    }
}

pub fn class_index(class: ErrorClass) -> usize {
    class.index()
}

impl Service {
    /// A service as `spec` describes it; its streams are set by `for_each_stream`.
    pub fn new(spec: &crate::scenario::Service) -> Service {
        let count = spec.replicas.max(1);
        let capacity = spec.capacity.unwrap_or(u32::MAX).max(1);
        let replicas = (1..=count)
            .map(|n| {
                let name = if count == 1 { spec.name.clone() } else { format!("{}/{n}", spec.name) };
                Replica::new(name, capacity, spec.queue_discipline)
            })
            .collect();
        Service {
            name: spec.name.clone(),
            latency: DurationSampler::new(&spec.latency),
            errors: spec.errors,
            calls: TiVec::new(),
            free_calls: Vec::new(),
            replicas,
            balancer: Balancer::new(spec.balance),
            outliers: spec.outlier_detection.map(|d| OutlierDetector::new(d, count as usize)),
            health: spec.health_check.map(|c| ActiveHealth::new(c, count as usize)),
            probes_armed: false,
            in_flight: BTreeMap::new(),
            downstream: Downstream::default(),
            publishes: Vec::new(),
            waiting_bound: MAX_WAITING_CALLS / count as usize,
            discipline: spec.queue_discipline,
            stats: ServiceStats::default(),
        }
    }

    /// Visits the service's random streams with their names: each replica's (named after
    /// the replica, so a service's lone replica has the service's streams) and the
    /// balancer's.
    pub fn for_each_stream(&mut self, visit: &mut dyn FnMut(StreamOf<'_>, &mut Stream)) {
        for replica in &mut self.replicas {
            visit(StreamOf::Service(&replica.name), &mut replica.rng);
            visit(StreamOf::ServiceFaults(&replica.name), &mut replica.fault_rng);
        }
        self.balancer.for_each_stream(&self.name, visit);
        self.downstream.for_each_stream(&self.name, visit);
    }

    /// A live change of the spec: latency and errors apply to calls served from now on
    /// (calls being served keep their drawn latency), capacity at once, on every replica;
    /// the balancing policy and outlier detection from the next call (a detector kept
    /// keeps its counts and ejections). A capacity lowered below the calls being served
    /// lets them finish and queues new ones until enough have. Returns whether queued
    /// calls may start now (the capacity was raised). The number of replicas is wiring
    /// (`live` refuses a change of it).
    ///
    /// Under processor sharing a new capacity changes every sharing call's speed from
    /// `now`: the replicas' next finishes are returned, to be scheduled again.
    pub fn reconfigure(
        &mut self,
        old: &crate::scenario::Service,
        new: &crate::scenario::Service,
        now: SimTime,
    ) -> (bool, Vec<Reschedule>) {
        if old.latency != new.latency {
            self.latency = DurationSampler::new(&new.latency);
        }
        self.errors = new.errors;
        let capacity = new.capacity.unwrap_or(u32::MAX).max(1);
        let mut raised = false;
        let mut rescheduled = Vec::new();
        for (r, replica) in self.replicas.iter_mut_enumerated() {
            raised |= capacity > replica.capacity;
            if let Some(sharing) = &mut replica.sharing
                && capacity != replica.capacity
            {
                sharing.advance(now, replica.capacity);
                let (busy, queued) = sharing.split(replica.capacity);
                let (new_busy, new_queued) = sharing.split(capacity);
                let q = &mut replica.queueing;
                q.busy.depart_many(now, busy);
                q.queued.depart_many(now, queued);
                for _ in 0..new_busy {
                    q.busy.arrive(now);
                }
                for _ in 0..new_queued {
                    q.queued.arrive(now);
                }
                rescheduled.extend(sharing.reschedule(r, now, capacity));
            }
            replica.capacity = capacity;
        }
        self.balancer.reconfigure(new.balance);
        match (&mut self.outliers, new.outlier_detection) {
            (Some(detector), Some(spec)) => detector.reconfigure(spec),
            (slot, spec) => *slot = spec.map(|d| OutlierDetector::new(d, self.replicas.len())),
        }
        // A check kept keeps its runs and states; one added starts with every replica
        // healthy; one removed returns every replica to balancing at once.
        match (&mut self.health, new.health_check) {
            (Some(health), Some(spec)) => health.reconfigure(spec),
            (slot, spec) => *slot = spec.map(|c| ActiveHealth::new(c, self.replicas.len())),
        }
        (raised, rescheduled)
    }

    /// Its replicas (one for a service without `replicas`).
    pub fn replicas(&self) -> &TiSlice<ReplicaId, Replica> {
        &self.replicas
    }

    /// Its replicas, to sample their per-interval counters.
    pub(in crate::engine) fn replicas_mut(&mut self) -> &mut TiSlice<ReplicaId, Replica> {
        &mut self.replicas
    }

    /// Tells `replica` its availability unit (building).
    pub(in crate::engine) fn assign_unit(&mut self, replica: ReplicaId, unit: UnitId) {
        self.replicas[replica].unit = unit;
    }

    /// Every replica unreachable now (crashed, cut off or failed).
    pub fn is_down(&self) -> bool {
        self.replicas.iter().all(|r| r.down)
    }

    /// Calls being served now, by all replicas.
    pub fn active(&self) -> u32 {
        self.replicas.iter().map(|r| r.active).sum()
    }

    /// Calls queued inside the replicas.
    pub fn waiting(&self) -> usize {
        self.replicas.iter().map(|r| r.waiting.len()).sum()
    }

    /// Calls served at once by all replicas together; `None` when unlimited.
    pub fn capacity(&self) -> Option<u32> {
        let each = self.replicas.first().map_or(u32::MAX, |r| r.capacity);
        (each != u32::MAX).then(|| each.saturating_mul(self.replicas.len() as u32))
    }

    /// Latency multiplier of the Slow faults in effect (1 when none; with several replicas,
    /// the most slowed one's).
    pub fn slow_factor(&self) -> f64 {
        self.replicas.iter().map(|r| r.slow_factor).fold(1.0, f64::max)
    }

    /// Extra transient-error probability of the ErrorRate faults in effect (0 when none;
    /// with several replicas, the worst one's).
    pub fn fault_error_rate(&self) -> f64 {
        self.replicas.iter().map(|r| r.fault_error_rate).fold(0.0, f64::max)
    }

    /// How its balancer picks a replica.
    pub fn balancer_policy(&self) -> crate::scenario::Balance {
        self.balancer.policy()
    }

    /// What its balancer measured of key affinity (HashMod, RingHash).
    pub fn affinity(&self) -> super::balancer::Affinity {
        self.balancer.affinity()
    }

    /// The keys a membership change of its replicas is measured over: 0 to `keys`.
    pub fn set_key_population(&mut self, keys: u32) {
        self.balancer.set_key_population(keys);
    }

    /// The key population its balancer measures membership changes over.
    pub fn key_population(&self) -> u32 {
        self.balancer.key_population()
    }

    /// The settings of its outlier detection, if it has one.
    pub fn outlier_detection(&self) -> Option<&crate::scenario::OutlierDetection> {
        self.outliers.as_ref().map(OutlierDetector::spec)
    }

    /// When the ejection of `replica` ends, if outlier detection keeps it out at `now`.
    pub fn ejected_until(&self, replica: ReplicaId, now: SimTime) -> Option<SimTime> {
        self.outliers.as_ref().and_then(|d| d.ejected_until(replica, now))
    }

    /// Its active health check, if it has one.
    pub fn health(&self) -> Option<&ActiveHealth> {
        self.health.as_ref()
    }

    /// How long a probe of `replica` takes to be answered, `None` when nothing answers (it
    /// is down: the connection is refused at once). A health endpoint does the service's
    /// typical work, so it answers in the mean of the service's latency, times the Slow
    /// factor in effect on the replica; it does not queue behind the calls (an endpoint
    /// served apart, as Spring Boot's actuator on its management port).
    pub fn probe_answer(&self, replica: ReplicaId) -> Option<SimDuration> {
        let r = self.replicas.get(replica)?;
        if r.down {
            return None;
        }
        // A float to integer `as` saturates: a replica slowed without bound never answers.
        Some(SimDuration((self.latency.mean().0 as f64 * r.slow_factor).round() as u64))
    }

    /// Ejections refused because `max_ejected` of the replicas were out already.
    pub fn ejections_capped(&self) -> u64 {
        self.outliers.as_ref().map_or(0, OutlierDetector::capped)
    }

    /// Forgets the counters (a warm-up's end at `now`); ejections in progress go on, and
    /// the time averages start again from the calls present now.
    pub fn reset_statistics(&mut self, now: SimTime) {
        self.stats = ServiceStats::default();
        for replica in &mut self.replicas {
            replica.stats = ReplicaStats::default();
            let (busy, queued) = replica.present();
            let q = &mut replica.queueing;
            q.busy.restart(now, busy);
            q.queued.restart(now, queued);
            q.wait_ns = 0;
            q.waits = 0;
            q.waits_by_class.clear();
        }
        if let Some(detector) = &mut self.outliers {
            detector.reset_statistics();
        }
        if let Some(health) = &mut self.health {
            health.reset_statistics();
        }
        self.balancer.reset_statistics();
    }

    /// The Slow and ErrorRate faults in effect on `replica` changed: calls it starts from
    /// now on are `slow_factor` times slower and fail with `error_rate` more.
    pub fn degrade(&mut self, replica: ReplicaId, slow_factor: f64, error_rate: f64) {
        let replica = &mut self.replicas[replica];
        replica.slow_factor = slow_factor;
        replica.fault_error_rate = error_rate;
    }

    /// `replica` becomes unreachable (crash, partition, failure) in outage `incident`:
    /// every call it had (served or waiting) is released, counted as interrupted and
    /// returned in slot order, for their callers to get an error now.
    pub fn go_down(&mut self, replica: ReplicaId, incident: u64, now: SimTime) -> Vec<Call> {
        self.replicas[replica].down = true;
        self.replicas[replica].incident = Some(incident);
        let dropped = self.drop_calls_of(replica, now);
        self.stats.interrupted += dropped.len() as u64;
        dropped
    }

    /// `replica` is reachable again; returns the incident of the outage that ended.
    pub fn come_up(&mut self, replica: ReplicaId) -> Option<u64> {
        let replica = &mut self.replicas[replica];
        replica.down = false;
        replica.incident.take()
    }

    /// A call arrives: the balancer picks a replica, which serves it now, queues it, or
    /// refuses it (down, or its queue at its bound).
    pub fn dispatch(&mut self, call: Call, now: SimTime) -> Dispatch {
        let who = call.caller.who();
        match self.stats.callers.iter_mut().find(|(c, _)| *c == who) {
            Some((_, n)) => *n += 1,
            None => self.stats.callers.push((who, 1)),
        }
        let r = self.pick(call.key, now);
        let bound = self.waiting_bound;
        let replica = &mut self.replicas[r];
        if replica.down {
            self.stats.unreachable += 1;
            replica.stats.unreachable += 1;
            return Dispatch::Unreachable(r);
        }
        // Processor sharing queues nothing: it takes calls while it holds fewer than the
        // bound, however slowly each then goes.
        let full = match replica.sharing {
            Some(_) => replica.active as usize >= bound,
            None => !replica.has_room() && replica.waiting.len() >= bound,
        };
        if full {
            self.stats.refused += 1;
            replica.stats.refused += 1;
            return Dispatch::Refused(r);
        }
        let id = self.allocate_call(Call { replica: r, ..call });
        let replica = &mut self.replicas[r];
        if replica.has_room() || replica.sharing.is_some() {
            Dispatch::Start(id)
        } else {
            replica.waiting.push(id, call.priority);
            replica.queueing.queued.arrive(now);
            Dispatch::Queued
        }
    }

    /// The replica for the next call, about `key`: the balancer's choice among those
    /// neither ejected by outlier detection nor failing their health check.
    fn pick(&mut self, key: u32, now: SimTime) -> ReplicaId {
        let replicas = &self.replicas;
        let (outliers, health) = (&self.outliers, &self.health);
        let ejected = |r: usize| {
            let r = ReplicaId::from(r);
            outliers.as_ref().is_some_and(|d| d.is_ejected(r, now))
                || health.as_ref().is_some_and(|h| h.is_unhealthy(r))
        };
        let busy = |r: usize| replicas[ReplicaId::from(r)].busy();
        ReplicaId::from(self.balancer.pick(replicas.len(), key, ejected, busy))
    }

    /// Serving of call `id` starts at `now`: returns how long it takes (its replica's draw,
    /// slowed by Slow faults) and the epoch its completion must carry. Its wait since it
    /// reached the replica is counted.
    ///
    /// Under processor sharing the draw is the work the call needs at full speed, and it
    /// joins the calls sharing the replica: what is returned is the replica's next finish.
    pub fn start(&mut self, id: CallId, now: SimTime) -> Started {
        let call = &self.calls[id];
        let r = call.replica;
        let replica = &mut self.replicas[r];
        replica.active += 1;
        replica.queueing.waited(call.priority, (now - call.issued_at).0, self.discipline);
        let mut latency = self.latency.sample(&mut replica.rng);
        if replica.slow_factor != 1.0 {
            latency = latency.mul_f64(replica.slow_factor);
        }
        let capacity = replica.capacity;
        let Some(sharing) = &mut replica.sharing else {
            replica.queueing.busy.arrive(now);
            return Started::Alone { after: latency, epoch: call.epoch };
        };
        sharing.advance(now, capacity);
        let q = &mut replica.queueing;
        if sharing.finishes.len() < capacity as usize {
            q.busy.arrive(now)
        } else {
            q.queued.arrive(now)
        }
        let finish = sharing.done + latency.0 as f64;
        Started::Shared(sharing.join(finish, id, r, now, capacity))
    }

    /// Under processor sharing, `replica`'s scheduled finish of `generation` is due at
    /// `now`: the call that finishes (its slot and epoch, for its `work_done`), if the
    /// schedule still holds, and the replica's next finish.
    pub fn share_done(
        &mut self,
        r: ReplicaId,
        generation: u32,
        now: SimTime,
    ) -> (Option<(CallId, u32)>, Option<Reschedule>) {
        let replica = &mut self.replicas[r];
        let capacity = replica.capacity;
        let Some(sharing) = replica.sharing.as_mut().filter(|s| s.generation == generation) else {
            return (None, None);
        };
        sharing.advance(now, capacity);
        let Some(Reverse((_, id))) = sharing.finishes.pop() else { return (None, None) };
        let q = &mut replica.queueing;
        if sharing.finishes.len() < capacity as usize {
            q.busy.depart(now)
        } else {
            q.queued.depart(now)
        }
        let next = sharing.reschedule(r, now, capacity);
        (Some((id, self.calls[id].epoch)), next)
    }

    /// The service's own work on call `id` is done: its outcome is drawn. A failure, or a
    /// success of a service that calls nothing, answers the call now ([`WorkDone::Answer`]);
    /// a success of a service with downstream calls keeps the slot and goes on to them
    /// ([`WorkDone::CallsDownstream`]). `None` when the completion is for an earlier
    /// occupant of the slot (a call cut short when its replica went down; its caller
    /// already knows).
    pub fn work_done(&mut self, id: CallId, epoch: u32, now: SimTime) -> Option<WorkDone> {
        if self.calls[id].epoch != epoch {
            return None;
        }
        let errors = self.errors;
        let outcome = self.replicas[self.calls[id].replica].draw_outcome(&errors);
        Some(match outcome {
            Some(class) => WorkDone::Answer(self.answer(id, Some(class), now)),
            None if !self.downstream.services.is_empty() => {
                self.downstream.restart(id);
                WorkDone::CallsDownstream
            }
            None => WorkDone::Succeeded,
        })
    }

    /// The call in slot `id` (its caller, type and key).
    pub fn call(&self, id: CallId) -> &Call {
        &self.calls[id]
    }

    /// The topics it publishes to before answering a call with success.
    pub fn publishes(&self) -> &[super::ids::TopicId] {
        &self.publishes
    }

    /// It publishes to `topics` before answering a call with success.
    pub fn publish_to(&mut self, topics: Vec<super::ids::TopicId>) {
        self.publishes = topics;
    }

    /// Call `id` is answered at `now` with `outcome` (`None`: success): counted, its slot
    /// freed, and the next call waiting at the same replica (the oldest, or the oldest of
    /// the highest priority) takes its place.
    pub fn answer(&mut self, id: CallId, outcome: Option<ErrorClass>, now: SimTime) -> Finished {
        let r = self.calls[id].replica;
        self.replicas[r].active -= 1;
        // Under processor sharing the call stopped sharing when its own work ended.
        if self.replicas[r].sharing.is_none() {
            self.replicas[r].queueing.busy.depart(now);
        }
        let call = self.release_call(id);
        let took = now - call.issued_at;
        self.stats.interval.answered(took, outcome.is_some());
        if self.replicas.len() > 1 {
            self.replicas[r].interval.answered(took, outcome.is_some());
        }
        let replica = &mut self.replicas[r];
        self.stats.calls += 1;
        replica.stats.calls += 1;
        if let Some(class) = outcome {
            self.stats.errors[class_index(class)] += 1;
            replica.stats.errors += 1;
        }
        let next = replica.waiting.pop();
        if next.is_some() {
            replica.queueing.queued.depart(now);
        }
        Finished { call, outcome, next }
    }

    /// It calls `services` itself after its own work, with the client policy of `spec`
    /// (timeout per attempt, retries clamped as a group's, breaker and bulkhead).
    pub fn call_downstream(&mut self, services: Vec<ServiceId>, spec: &crate::scenario::Service) {
        self.downstream =
            Downstream::new(services, spec.timeout, &spec.retry, spec.circuit_breaker.as_ref(), spec.bulkhead);
    }

    /// Call slot `id`'s current occupant, if it is the one of `epoch` and still live.
    pub fn call_of_epoch(&self, id: CallId, epoch: u32) -> Option<&Call> {
        self.calls.get(id).filter(|c| c.live && c.epoch == epoch)
    }

    /// The epoch of call slot `id` (its completion and its downstream calls carry it).
    pub fn epoch_of(&self, id: CallId) -> u32 {
        self.calls[id].epoch
    }

    /// What `replica` answered a call (a served call's outcome, or a refusal): outlier
    /// detection counts it. Returns the ejection it caused, if any.
    pub fn answered(&mut self, replica: ReplicaId, failed: bool, now: SimTime) -> Option<Ejection> {
        let ejection = self.outliers.as_mut()?.record(replica, failed, now)?;
        self.replicas[replica].stats.ejections += 1;
        Some(ejection)
    }

    /// The caller of a call in progress (`group`, `job`, `generation`) stopped waiting for
    /// it (its timeout): with outlier detection, the replica serving or queueing it is
    /// charged an error now — Envoy counts the 504 its router returns on a timeout — and
    /// the call's own answer will not count when it comes. Returns the replica and the
    /// ejection the timeout caused, if any.
    pub fn caller_timed_out(
        &mut self,
        caller: Caller,
        generation: u32,
        now: SimTime,
    ) -> Option<(ReplicaId, Option<Ejection>)> {
        let id = self.in_flight.remove(&(caller, generation))?;
        let call = &mut self.calls[id];
        call.abandoned = true;
        let replica = call.replica;
        Some((replica, self.answered(replica, true, now)))
    }

    /// A waiting call that may start now (after the capacity was raised), from the first
    /// replica with room and a queue.
    pub fn next_startable(&mut self, now: SimTime) -> Option<CallId> {
        let replica = self.replicas.iter_mut().find(|r| r.has_room() && !r.waiting.is_empty())?;
        replica.queueing.queued.depart(now);
        replica.waiting.pop()
    }

    /// Calls served or waiting.
    pub fn busy(&self) -> usize {
        self.replicas.iter().map(Replica::busy).sum()
    }

    /// Its reading of the sample interval that ends (`seconds` long), all replicas
    /// together, its per-interval counts reset for the next.
    pub(in crate::engine) fn take_interval(&mut self, seconds: f64) -> ServiceReading {
        let busy = self.busy();
        self.stats.interval.take(seconds, busy)
    }

    fn allocate_call(&mut self, call: Call) -> CallId {
        let id = match self.free_calls.pop() {
            Some(id) => {
                let epoch = self.calls[id].epoch;
                self.calls[id] = Call { epoch, live: true, abandoned: false, ..call };
                id
            }
            None => self.calls.push_and_get_key(Call { epoch: 0, live: true, abandoned: false, ..call }),
        };
        if self.outliers.is_some() {
            self.in_flight.insert((call.caller, call.generation), id);
        }
        id
    }

    fn release_call(&mut self, id: CallId) -> Call {
        self.free_calls.push(id);
        self.downstream.release(id);
        let call = &mut self.calls[id];
        let released = *call;
        call.epoch = call.epoch.wrapping_add(1);
        call.live = false;
        if !released.abandoned && !self.in_flight.is_empty() {
            self.in_flight.remove(&(released.caller, released.generation));
        }
        released
    }

    /// Releases every call `replica` has (served or waiting), in slot order, and returns
    /// them: it went down and their callers get an error now.
    fn drop_calls_of(&mut self, replica: ReplicaId, now: SimTime) -> Vec<Call> {
        let live: Vec<CallId> =
            self.calls.iter_enumerated().filter(|(_, c)| c.live && c.replica == replica).map(|(id, _)| id).collect();
        let dropped = live.into_iter().map(|id| self.release_call(id)).collect();
        let replica = &mut self.replicas[replica];
        let (busy, queued) = replica.present();
        replica.queueing.busy.depart_many(now, busy);
        replica.queueing.queued.depart_many(now, queued);
        if let Some(sharing) = &mut replica.sharing {
            // The scheduled finish goes stale with the calls.
            sharing.finishes.clear();
            sharing.generation = sharing.generation.wrapping_add(1);
        }
        replica.active = 0;
        replica.waiting.clear();
        dropped
    }
}

impl Replica {
    fn new(name: String, capacity: u32, discipline: QueueDiscipline) -> Replica {
        Replica {
            name,
            capacity,
            rng: unseeded(),
            active: 0,
            waiting: Waiting::new(discipline),
            sharing: (discipline == QueueDiscipline::ProcessorSharing).then(Sharing::default),
            down: false,
            slow_factor: 1.0,
            fault_error_rate: 0.0,
            fault_rng: unseeded(),
            unit: UnitId::default(),
            incident: None,
            stats: ReplicaStats::default(),
            interval: ServiceInterval::default(),
            queueing: ReplicaQueueing::default(),
        }
    }

    /// `service/N`, or the service's name when it is the only one.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Unreachable now (crashed, cut off or failed).
    pub fn is_down(&self) -> bool {
        self.down
    }

    /// The open incident of its current outage, if it is down.
    pub fn incident(&self) -> Option<u64> {
        self.incident
    }

    /// Calls being served now.
    pub fn active(&self) -> u32 {
        self.active
    }

    /// Calls queued inside it.
    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }

    /// Calls served or waiting: what LeastRequest compares.
    pub fn busy(&self) -> usize {
        self.active as usize + self.waiting.len()
    }

    /// Latency multiplier of the Slow faults in effect on it (1 when none).
    pub fn slow_factor(&self) -> f64 {
        self.slow_factor
    }

    /// Extra transient-error probability of the ErrorRate faults in effect on it.
    pub fn fault_error_rate(&self) -> f64 {
        self.fault_error_rate
    }

    pub fn stats(&self) -> &ReplicaStats {
        &self.stats
    }

    /// Its reading of the sample interval that ends (`seconds` long), its per-interval
    /// counts reset for the next.
    pub(in crate::engine) fn take_interval(&mut self, seconds: f64) -> ServiceReading {
        let busy = self.busy();
        self.interval.take(seconds, busy)
    }

    /// Its queueing figures at `now` (see [`Service::queueing`]).
    pub fn queueing(&self, now: SimTime) -> StationStatus {
        let q = &self.queueing;
        let (busy, queued) = self.present();
        let figures = q.figures(now, busy, queued, q.wait_ns, q.waits);
        StationStatus {
            utilisation: (self.capacity != u32::MAX).then(|| figures.busy_mean / f64::from(self.capacity)),
            wait_ms_by_priority: by_class(&q.waits_by_class),
            ..figures
        }
    }

    /// What its time integrals count now: the calls holding a slot and those waiting; under
    /// processor sharing, the sharing calls within the capacity and those beyond it.
    fn present(&self) -> (u64, u64) {
        match &self.sharing {
            Some(sharing) => sharing.split(self.capacity),
            None => (u64::from(self.active), self.waiting.len() as u64),
        }
    }

    fn has_room(&self) -> bool {
        self.active < self.capacity
    }

    /// Draws the outcome of one served call: `None` for success. The replica's own draw
    /// always happens (common random numbers); an ErrorRate fault then turns a success
    /// into a transient error with its probability, from the fault stream.
    fn draw_outcome(&mut self, e: &Errors) -> Option<ErrorClass> {
        let u: f64 = self.rng.random();
        let outcome = if u < e.transient {
            Some(ErrorClass::Transient)
        } else if u < e.transient + e.business {
            Some(ErrorClass::Business)
        } else if u < e.transient + e.business + e.fatal {
            Some(ErrorClass::Fatal)
        } else {
            None
        };
        if outcome.is_none() && self.fault_error_rate > 0.0 && self.fault_rng.random::<f64>() < self.fault_error_rate {
            return Some(ErrorClass::Transient);
        }
        outcome
    }
}

impl ReplicaQueueing {
    /// A call of priority `class` waited `wait_ns` before its service started; the waits
    /// are kept by class only under `Priority`.
    #[inline]
    fn waited(&mut self, class: u8, wait_ns: u64, discipline: QueueDiscipline) {
        self.wait_ns += u128::from(wait_ns);
        self.waits += 1;
        if discipline == QueueDiscipline::Priority {
            let class = usize::from(class);
            if self.waits_by_class.len() <= class {
                self.waits_by_class.resize(class + 1, (0, 0));
            }
            self.waits_by_class[class].0 += u128::from(wait_ns);
            self.waits_by_class[class].1 += 1;
        }
    }

    /// The time averages with `active` calls in service and `queued` waiting now, and the
    /// mean of `wait_ns` over `waits` (capacity and classes are the caller's).
    fn figures(&self, now: SimTime, active: u64, queued: u64, wait_ns: u128, waits: u64) -> StationStatus {
        StationStatus {
            busy_mean: self.busy.mean(now, active).unwrap_or(0.0),
            in_queue_mean: self.queued.mean(now, queued).unwrap_or(0.0),
            utilisation: None,
            wait_ms_mean: if waits == 0 { 0.0 } else { wait_ns as f64 / waits as f64 / 1e6 },
            wait_ms_by_priority: BTreeMap::new(),
        }
    }
}

/// Mean waits (ms) of the classes that have any.
fn by_class(waits: &[(u128, u64)]) -> BTreeMap<u8, f64> {
    (waits.iter().enumerate())
        .filter(|(_, (_, n))| *n > 0)
        .map(|(class, &(sum, n))| (u8::try_from(class).unwrap_or(u8::MAX), sum as f64 / n as f64 / 1e6))
        .collect()
}

impl Service {
    /// The service as one queueing station at `now`: its replicas' time averages added
    /// (the mean of a sum is the sum of the means), utilisation against the capacity of
    /// all replicas together, and the mean wait over every call any of them started.
    pub fn queueing(&self, now: SimTime) -> StationStatus {
        let mut all = StationStatus::default();
        let (mut wait_ns, mut waits) = (0u128, 0u64);
        let mut classes: Vec<(u128, u64)> = Vec::new();
        for replica in &self.replicas {
            let figures = replica.queueing(now);
            all.busy_mean += figures.busy_mean;
            all.in_queue_mean += figures.in_queue_mean;
            wait_ns += replica.queueing.wait_ns;
            waits += replica.queueing.waits;
            for (class, &(sum, n)) in replica.queueing.waits_by_class.iter().enumerate() {
                if classes.len() <= class {
                    classes.resize(class + 1, (0, 0));
                }
                classes[class].0 += sum;
                classes[class].1 += n;
            }
        }
        all.utilisation = self.capacity().map(|c| all.busy_mean / f64::from(c));
        all.wait_ms_mean = if waits == 0 { 0.0 } else { wait_ns as f64 / waits as f64 / 1e6 };
        all.wait_ms_by_priority = by_class(&classes);
        all
    }

    /// The order its replicas serve waiting calls in.
    pub fn queue_discipline(&self) -> QueueDiscipline {
        self.discipline
    }
}
