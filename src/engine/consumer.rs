//! Consumer groups: instances with prefetch buffers and workers, handler jobs, and
//! partition assignment.

use super::dedup::{DedupWindow, IdHasher};
use super::ids::{GuardId, InstanceId, JobId, PartitionId, ServiceId, TiVec, TopicId, UnitId};
use super::message::{DeadLetter, Message};
use super::metrics::{IntervalLatency, LatencyStats};
use super::policy::breaker::{Cause, Notice};
use super::policy::{Breaker, BreakerState, Bulkhead, KeyOrder, TokenBucket};
use super::rng::Stream;
use super::sample::DurationSampler;
use crate::scenario::limits::MAX_ATTEMPTS;
use crate::scenario::{
    Autoscale, Delivery, ErrorClass, Failures, Objectives, OrderScope, RateOverflow, Retry, Supervisor,
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

/// Runtime state of one consumer group.
#[derive(Clone, Debug)]
pub struct Group {
    pub name: String,
    pub topic: TopicId,
    pub delivery: Delivery,
    /// Partitioned delivery: the unit of order (messages sharing a key or a partition are
    /// handled one at a time); `None` in competing delivery.
    pub order: Option<OrderScope>,
    pub concurrency: u32,
    pub prefetch: u32,
    pub instances: TiVec<InstanceId, Instance>,
    pub jobs: TiVec<JobId, Job>,
    free_jobs: Vec<JobId>,
    pub work: DurationSampler,
    pub calls: Vec<ServiceId>,
    pub timeout: Option<SimDuration>,
    pub retry: Retry,
    pub on_exhausted: ExhaustTarget,
    pub work_rng: Stream,
    pub retry_rng: Stream,
    /// Partitioned delivery: which instance owns each partition.
    pub partition_owner: TiVec<PartitionId, InstanceId>,
    /// Competing delivery: next instance offered a message, and next partition read.
    pub next_instance: InstanceId,
    pub next_partition: PartitionId,
    pub parked: VecDeque<DeadLetter>,
    /// Call guards (breaker, bulkhead), one per distinct service the handler calls; empty
    /// when the group configures neither, so unguarded calls pay one length check.
    pub guards: TiVec<GuardId, CallGuard>,
    /// Handler stage → index into `guards`.
    pub stage_guard: Vec<GuardId>,
    pub rate_limit: Option<RateLimiter>,
    /// Partitioned delivery: a message waiting to retry keeps its key (or partition,
    /// by `order`) blocked.
    pub strict_order: bool,
    /// Partitioned delivery: newest processed message per key, for ordering violations.
    pub key_order: Option<KeyOrder>,
    pub stats: GroupStats,
    /// Recovery and delivery-guarantee settings (see the scenario's `ConsumerGroup`).
    pub session_timeout: SimDuration,
    pub rebalance_pause: SimDuration,
    pub commit_interval: SimDuration,
    /// The broker records a finished message at once (Competing acks, or Partitioned
    /// with a commit after every message): nothing is held while connected.
    pub confirms_at_once: bool,
    pub supervisor: Option<Supervisor>,
    pub autoscale: Option<Autoscale>,
    pub failures: Option<Failures>,
    pub objectives: Objectives,
    /// `Some` when the group is idempotent.
    pub dedup: Option<DedupWindow>,
    /// A rebalance is in progress: nobody fetches until it is done.
    pub rebalancing: bool,
    pub rebalance_generation: u32,
    /// Draws for ErrorRate faults on the handler (its own stream: other draws unchanged).
    pub fault_rng: Stream,
    /// Some instance's handler is under a Slow or ErrorRate fault (checked before the
    /// per-instance factors, so a fault-free group pays one load per message).
    pub handler_faulted: bool,
    /// Every instance reaches the broker: finished messages are confirmed at once.
    pub all_connected: bool,
    /// Duplicate copies among the messages the group holds (buffers, jobs, orphaned):
    /// they are not in the system (see `ledger`).
    pub duplicate_copies_held: u64,
    pub last_scale_at: Option<SimTime>,
    pub scale_decisions: VecDeque<ScaleDecision>,
    /// Sample intervals judged against the objectives, and the good ones.
    pub intervals: u64,
    pub good_intervals: u64,
    /// Lag at the previous sample (a stalled interval had work waiting at both ends).
    pub lag_at_last_sample: u64,
    /// Scratch for offset commits: lowest unfinished message id per partition.
    pub commit_scratch: TiVec<PartitionId, u64>,
    /// Availability unit of each instance slot, including slots not provisioned yet.
    pub slot_units: Vec<UnitId>,
    /// An `AutoCommit` / `AutoscaleCheck` timer chain is running (a live change starts a
    /// chain only when none runs, and a chain whose feature was switched off ends).
    pub commit_armed: bool,
    pub autoscale_armed: bool,
}

/// One autoscaler action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScaleDecision {
    pub at: SimTime,
    pub from: u32,
    pub to: u32,
    pub lag: u64,
}

/// The policies guarding calls from one group to one service.
#[derive(Clone, Debug)]
pub struct CallGuard {
    pub service: ServiceId,
    pub breaker: Option<Breaker>,
    pub bulkhead: Option<Bulkhead>,
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

/// The retry policy as the engine runs it: attempts are counted in a u16 on the message,
/// so more could never be reached.
fn engine_retry(spec: &Retry) -> Retry {
    Retry { max_attempts: spec.max_attempts.clamp(1, MAX_ATTEMPTS), ..spec.clone() }
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

/// What the call guards' live change left for the simulation to do.
#[derive(Clone, Debug, Default)]
pub struct GuardChange {
    /// Breaker transitions and METRICS_ONLY notices to log, by guard.
    pub notices: Vec<(GuardId, Notice)>,
    /// Guards whose breaker is new: they need history series.
    pub new_breakers: Vec<GuardId>,
    /// Guards whose breaker may have a new automatic-transition time.
    pub rearm: Vec<GuardId>,
    /// Jobs that were waiting for a bulkhead slot and may call now (slots added, or the
    /// bulkhead removed).
    pub granted: Vec<JobId>,
}

/// One consumer process.
#[derive(Clone, Debug)]
pub struct Instance {
    /// The process runs (not crashed).
    pub up: bool,
    /// It can reach the broker (no network partition).
    pub connected: bool,
    /// The broker counts it as a member of the group (it may be dead but not yet detected).
    pub member: bool,
    /// It exists in the deployment (the autoscaler provisions and removes instances).
    pub provisioned: bool,
    /// member && up && connected && provisioned, cached because fetching checks it for
    /// every message; `refresh_live` after changing any of the four.
    live_member: bool,
    /// Fetched, not yet started (prefetched, unacknowledged).
    pub buffer: VecDeque<Message>,
    /// Workers busy handling a message.
    pub busy: u32,
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
}

/// Random streams of a group, each named after it.
pub struct GroupStreams {
    pub work: Stream,
    pub retry: Stream,
    pub faults: Stream,
}

impl Group {
    pub fn new(
        spec: &crate::scenario::ConsumerGroup,
        topic: TopicId,
        partitions: u32,
        calls: Vec<ServiceId>,
        on_exhausted: ExhaustTarget,
        streams: GroupStreams,
    ) -> Group {
        let initial = match &spec.autoscale {
            Some(a) => spec.instances.clamp(a.min.max(1), a.max.max(a.min).max(1)),
            None => spec.instances.max(1),
        };
        let (guards, stage_guard) = call_guards(spec, &calls);
        let partitioned = spec.delivery == Delivery::Partitioned;
        let mut group = Group {
            name: spec.name.clone(),
            topic,
            delivery: spec.delivery,
            order: partitioned.then_some(spec.ordering),
            concurrency: spec.concurrency.max(1),
            prefetch: spec.effective_prefetch().max(1),
            instances: (0..initial).map(|_| Instance::new(SimTime::ZERO)).collect(),
            jobs: TiVec::new(),
            free_jobs: Vec::new(),
            work: DurationSampler::new(&spec.handler.work),
            calls,
            timeout: spec.handler.timeout,
            retry: engine_retry(&spec.retry),
            on_exhausted,
            work_rng: streams.work,
            retry_rng: streams.retry,
            partition_owner: vec![InstanceId::default(); partitions as usize].into(),
            next_instance: InstanceId::default(),
            next_partition: PartitionId::default(),
            parked: VecDeque::new(),
            guards,
            stage_guard,
            rate_limit: spec.rate_limit.as_ref().map(RateLimiter::new),
            strict_order: spec.strict_order && partitioned,
            key_order: partitioned.then(KeyOrder::default),
            stats: GroupStats::default(),
            session_timeout: spec.effective_session_timeout(),
            rebalance_pause: spec.rebalance_pause,
            commit_interval: spec.commit_interval,
            confirms_at_once: spec.delivery == Delivery::Competing || spec.commit_interval.0 == 0,
            supervisor: spec.supervisor.clone(),
            autoscale: spec.autoscale.clone(),
            failures: spec.failures,
            objectives: spec.objectives,
            dedup: spec.idempotent.then(|| DedupWindow::new(&spec.dedup_window)),
            rebalancing: false,
            rebalance_generation: 0,
            fault_rng: streams.faults,
            handler_faulted: false,
            all_connected: true,
            duplicate_copies_held: 0,
            last_scale_at: None,
            scale_decisions: VecDeque::new(),
            intervals: 0,
            good_intervals: 0,
            lag_at_last_sample: 0,
            commit_scratch: vec![u64::MAX; partitions as usize].into(),
            slot_units: Vec::new(),
            commit_armed: false,
            autoscale_armed: false,
        };
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
        let (concurrency, prefetch) = (new.concurrency.max(1), new.effective_prefetch().max(1));
        change.pump = concurrency != self.concurrency || prefetch != self.prefetch;
        (self.concurrency, self.prefetch) = (concurrency, prefetch);
        if old.handler.work != new.handler.work {
            self.work = DurationSampler::new(&new.handler.work);
        }
        self.timeout = new.handler.timeout;
        self.retry = engine_retry(&new.retry);
        self.on_exhausted = on_exhausted;
        let strict_order = new.strict_order && self.per_key_order();
        if strict_order != self.strict_order {
            self.hand_over_retry_keys(strict_order);
            self.strict_order = strict_order;
        }
        match (&mut self.rate_limit, &new.rate_limit) {
            (Some(limiter), Some(spec)) => {
                limiter.bucket.reconfigure(spec.per_second, spec.burst, now);
                limiter.overflow = spec.overflow;
            }
            (limiter, spec) => *limiter = spec.as_ref().map(RateLimiter::new),
        }
        match (&mut self.dedup, new.idempotent) {
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
        self.supervisor = new.supervisor.clone();
        self.session_timeout = new.effective_session_timeout();
        self.rebalance_pause = new.rebalance_pause;
        let confirmed_at_once = self.confirms_at_once;
        self.commit_interval = new.commit_interval;
        self.confirms_at_once = self.delivery == Delivery::Competing || new.commit_interval.0 == 0;
        change.commit_now = self.confirms_at_once && !confirmed_at_once;
        change.arm_commit = !self.confirms_at_once && !self.commit_armed;
        self.autoscale = new.autoscale.clone();
        change.arm_autoscale = self.autoscale.is_some() && !self.autoscale_armed;
        self.failures = new.failures;
        self.objectives = new.objectives;
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
            let token = job.message.order_token(self.order);
            if strict_order {
                inst.active_keys.hold(token);
            } else {
                inst.release_key(token);
            }
        }
    }

    /// Breakers and bulkheads after a live change. A breaker keeps its state and what its
    /// window holds (see `Breaker::reconfigure`); a breaker removed from the spec is kept
    /// DISABLED (it permits everything and records nothing, and its history series go
    /// on), and one set again is CLOSED with a fresh window. A bulkhead added now counts
    /// the calls already in progress as holding its slots, so every later release is
    /// exact; one removed lets its waiting calls through.
    fn reconfigure_guards(
        &mut self,
        old: &crate::scenario::ConsumerGroup,
        new: &crate::scenario::ConsumerGroup,
        now: SimTime,
    ) -> GuardChange {
        let mut change = GuardChange::default();
        let wanted = new.circuit_breaker.is_some() || new.bulkhead.is_some();
        if self.guards.is_empty() {
            if !wanted {
                return change;
            }
            let (guards, stage_guard) = guards_for(&self.calls);
            (self.guards, self.stage_guard) = (guards, stage_guard);
        }
        for k in self.guards.keys() {
            let service = self.guards[k].service;
            let in_progress = self
                .jobs
                .iter()
                .filter(|j| matches!(j.state, JobState::Calling { service: s, .. } if s == service))
                .count() as u32;
            let guard = &mut self.guards[k];
            match (&mut guard.breaker, &new.circuit_breaker) {
                (None, Some(spec)) => {
                    guard.breaker = Some(Breaker::new(spec, now));
                    change.new_breakers.push(k);
                }
                (Some(breaker), Some(spec)) if old.circuit_breaker.as_ref() != Some(spec) => {
                    change.notices.extend(breaker.reconfigure(spec, now).map(|n| (k, n)));
                    if old.circuit_breaker.is_none() {
                        let restored = breaker.transition_with(now, BreakerState::Closed, Cause::Restored);
                        change.notices.extend(restored.map(|t| (k, Notice::Transition(t))));
                    }
                    change.rearm.push(k);
                }
                (Some(breaker), None) if old.circuit_breaker.is_some() => {
                    let removed = breaker.transition_with(now, BreakerState::Disabled, Cause::Removed);
                    change.notices.extend(removed.map(|t| (k, Notice::Transition(t))));
                }
                _ => {}
            }
            match (&mut guard.bulkhead, &new.bulkhead) {
                (None, Some(spec)) => {
                    guard.bulkhead = Some(Bulkhead::with_active(spec.max_concurrent, spec.max_wait, in_progress));
                }
                (Some(bulkhead), Some(spec)) => {
                    change.granted.extend(bulkhead.reconfigure(spec.max_concurrent, spec.max_wait));
                }
                (Some(bulkhead), None) => {
                    change.granted.extend(bulkhead.drain_waiters());
                    guard.bulkhead = None;
                }
                (None, None) => {}
            }
        }
        if self.guards.iter().all(|g| g.breaker.is_none() && g.bulkhead.is_none()) {
            // Nothing guards the calls any more: unguarded calls pay one length check.
            self.guards.clear();
            self.stage_guard.clear();
        }
        change
    }

    /// The guard of the handler's call at `stage`, if the group guards its calls.
    pub fn guard_of_stage(&self, stage: u32) -> Option<GuardId> {
        self.stage_guard.get(stage as usize).copied()
    }

    /// Jobs waiting for a rate-limit token.
    pub fn throttled_jobs(&self) -> usize {
        self.jobs.iter().filter(|j| j.state == JobState::Throttled).count()
    }

    /// Round-robin assignment of partitions to live members (Kafka's RoundRobinAssignor).
    /// Members beyond the partition count get none and sit idle, as in Kafka.
    pub fn assign_partitions(&mut self) {
        let live: Vec<InstanceId> =
            self.instances.iter_enumerated().filter(|(_, i)| i.is_live_member()).map(|(id, _)| id).collect();
        for instance in &mut self.instances {
            instance.partitions.clear();
            instance.next_partition = 0;
        }
        if live.is_empty() {
            return;
        }
        for p in self.partition_owner.keys() {
            let owner = live[usize::from(p) % live.len()];
            self.partition_owner[p] = owner;
            self.instances[owner].partitions.push(p);
        }
    }

    pub fn allocate_job(&mut self, job: Job) -> JobId {
        match self.free_jobs.pop() {
            Some(id) => {
                // Keep the slot's generation (bumped when it was freed) so that timers of
                // the slot's previous job stay stale.
                let generation = self.jobs[id].generation;
                self.jobs[id] = Job { generation, ..job };
                id
            }
            None => self.jobs.push_and_get_key(job),
        }
    }

    pub fn free_job(&mut self, id: JobId) {
        let job = &mut self.jobs[id];
        job.state = JobState::Free;
        job.generation = job.generation.wrapping_add(1);
        self.free_jobs.push(id);
    }

    /// Jobs not free (working, calling or retrying).
    pub fn live_jobs(&self) -> usize {
        self.jobs.len() - self.free_jobs.len()
    }

    pub fn retrying_jobs(&self) -> usize {
        self.jobs.iter().filter(|j| j.state == JobState::Retrying).count()
    }

    /// Messages held by the group and still in the system: buffered, in live jobs and
    /// orphaned, minus duplicate copies.
    pub fn held(&self) -> u64 {
        let copies: u64 = self.instances.iter().map(|i| (i.buffer.len() + i.orphaned.len()) as u64).sum::<u64>()
            + self.live_jobs() as u64;
        copies - self.duplicate_copies_held
    }

    /// Instances working for the group now (member, running, connected).
    pub fn live_instances(&self) -> usize {
        self.instances.iter().filter(|i| i.is_live_member()).count()
    }

    /// Instances the deployment has (the autoscaler's replica count).
    pub fn provisioned_instances(&self) -> u32 {
        self.instances.iter().filter(|i| i.provisioned).count() as u32
    }

    pub fn per_key_order(&self) -> bool {
        self.delivery == Delivery::Partitioned
    }

    /// Recomputes `all_connected` after an instance's `connected` changed.
    pub fn refresh_connectivity(&mut self) {
        self.all_connected = self.instances.iter().all(|i| i.connected);
    }

    /// Whether instance `i` may fetch from the broker now.
    #[inline]
    pub fn can_fetch(&self, i: InstanceId) -> bool {
        !self.rebalancing && self.instances[i].is_live_member()
    }
}

/// After running this long without crashing, an instance's crash-loop back-off starts
/// again from `restart_after` (Kubernetes resets its restart back-off after 10 minutes).
pub const CRASH_LOOP_RESET_AFTER: SimDuration = SimDuration::from_secs(600);

/// One guard per distinct service called, when a breaker or a bulkhead is configured.
fn call_guards(
    spec: &crate::scenario::ConsumerGroup,
    calls: &[ServiceId],
) -> (TiVec<GuardId, CallGuard>, Vec<GuardId>) {
    if spec.circuit_breaker.is_none() && spec.bulkhead.is_none() {
        return (TiVec::new(), Vec::new());
    }
    let (mut guards, stage_guard) = guards_for(calls);
    for guard in &mut guards {
        guard.breaker = spec.circuit_breaker.as_ref().map(|b| Breaker::new(b, SimTime::ZERO));
        guard.bulkhead = spec.bulkhead.map(|b| Bulkhead::new(b.max_concurrent, b.max_wait));
    }
    (guards, stage_guard)
}

/// Guards without policies, one per distinct service in `calls`, and each stage's guard.
fn guards_for(calls: &[ServiceId]) -> (TiVec<GuardId, CallGuard>, Vec<GuardId>) {
    let mut guards: TiVec<GuardId, CallGuard> = TiVec::new();
    let mut stage_guard = Vec::with_capacity(calls.len());
    for &service in calls {
        let index = match guards.iter_enumerated().find(|(_, g)| g.service == service) {
            Some((k, _)) => k,
            None => guards.push_and_get_key(CallGuard { service, breaker: None, bulkhead: None }),
        };
        stage_guard.push(index);
    }
    (guards, stage_guard)
}

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
        }
    }

    /// A member that works: running, reachable and provisioned.
    #[inline]
    pub fn is_live_member(&self) -> bool {
        debug_assert_eq!(self.live_member, self.member && self.up && self.connected && self.provisioned);
        self.live_member
    }

    /// Recomputes the cached liveness after `member`, `up`, `connected` or `provisioned`
    /// changed.
    pub fn refresh_live(&mut self) {
        self.live_member = self.member && self.up && self.connected && self.provisioned;
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
