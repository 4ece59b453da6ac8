//! Consumer groups: instances with prefetch buffers and workers, handler jobs, and
//! partition assignment.

use super::message::{DeadLetter, Message};
use super::metrics::LatencyStats;
use super::policy::{Breaker, Bulkhead, KeyOrder, TokenBucket};
use super::rng::Stream;
use super::sample::DurationSampler;
use crate::scenario::{Delivery, ErrorClass, RateOverflow, Retry};
use crate::time::{SimDuration, SimTime};
use std::collections::VecDeque;

/// Where a message goes when its handling gives up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExhaustTarget {
    DeadLetter(u32),
    Drop,
    Park,
}

/// Most handler attempts per message (the message counts them in a u16).
pub const MAX_ATTEMPTS: u32 = u16::MAX as u32;

/// Parked messages kept for manual redrive; beyond this the oldest is dropped (counted).
pub const PARKING_LOT_CAPACITY: usize = 100_000;

/// Runtime state of one consumer group.
#[derive(Clone, Debug)]
pub struct Group {
    pub name: String,
    pub topic: u32,
    pub delivery: Delivery,
    pub concurrency: u32,
    pub prefetch: u32,
    pub instances: Vec<Instance>,
    pub jobs: Vec<Job>,
    free_jobs: Vec<u32>,
    pub work: DurationSampler,
    pub calls: Vec<u32>,
    pub timeout: Option<SimDuration>,
    pub retry: Retry,
    pub on_exhausted: ExhaustTarget,
    pub work_rng: Stream,
    pub retry_rng: Stream,
    /// Partitioned delivery: which instance owns each partition.
    pub partition_owner: Vec<u32>,
    /// Competing delivery: next instance offered a message, and next partition read.
    pub next_instance: u32,
    pub next_partition: u32,
    pub parked: VecDeque<DeadLetter>,
    /// Call guards (breaker, bulkhead), one per distinct service the handler calls; empty
    /// when the group configures neither, so unguarded calls pay one length check.
    pub guards: Vec<CallGuard>,
    /// Handler stage → index into `guards`.
    pub stage_guard: Vec<u32>,
    pub rate_limit: Option<RateLimiter>,
    /// Partitioned delivery: a message waiting to retry keeps its key blocked.
    pub strict_order: bool,
    /// Partitioned delivery: newest processed message per key, for ordering violations.
    pub key_order: Option<KeyOrder>,
    pub stats: GroupStats,
}

/// The policies guarding calls from one group to one service.
#[derive(Clone, Debug)]
pub struct CallGuard {
    pub service: u32,
    pub breaker: Option<Breaker>,
    pub bulkhead: Option<Bulkhead>,
}

/// A group's token bucket and what it does with a message that finds no token.
#[derive(Clone, Debug)]
pub struct RateLimiter {
    pub bucket: TokenBucket,
    pub overflow: RateOverflow,
}

/// One consumer process.
#[derive(Clone, Debug, Default)]
pub struct Instance {
    pub up: bool,
    /// Fetched, not yet started (prefetched, unacknowledged).
    pub buffer: VecDeque<Message>,
    /// Workers busy handling a message.
    pub busy: u32,
    /// Messages held: buffered + being handled + waiting to retry. Bounded by prefetch.
    pub unacked: u32,
    /// Partitioned delivery: the partitions assigned to this instance, and a read cursor.
    pub partitions: Vec<u32>,
    pub next_partition: usize,
    /// Partitioned delivery: keys being handled now (per-key order: one at a time).
    pub active_keys: Vec<u32>,
}

/// What a job is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobState {
    Free,
    /// Own work, or between steps.
    Working,
    /// Waiting for service `service` (call issued at `since`).
    Calling {
        service: u32,
        since: SimTime,
    },
    /// Waiting out a retry back-off; holds no worker.
    Retrying,
    /// Waiting for a rate-limit token (overflow Delay); holds its worker, like a consumer
    /// thread blocked in a rate limiter's `acquire()`.
    Throttled,
    /// Waiting for a bulkhead slot to call `service` (asked at `since`); holds its worker.
    WaitingBulkhead {
        service: u32,
        since: SimTime,
    },
}

/// A message being handled by one worker (or waiting to retry).
#[derive(Clone, Copy, Debug)]
pub struct Job {
    pub message: Message,
    pub instance: u32,
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
    pub interval_latency: LatencyStats,
    pub interval_processed: u64,
    pub interval_failures: u64,
}

impl Group {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        spec: &crate::scenario::ConsumerGroup,
        topic: u32,
        partitions: u32,
        calls: Vec<u32>,
        on_exhausted: ExhaustTarget,
        work_rng: Stream,
        retry_rng: Stream,
    ) -> Group {
        let (guards, stage_guard) = call_guards(spec, &calls);
        let partitioned = spec.delivery == Delivery::Partitioned;
        let mut group = Group {
            name: spec.name.clone(),
            topic,
            delivery: spec.delivery,
            concurrency: spec.concurrency.max(1),
            prefetch: spec.effective_prefetch().max(1),
            instances: (0..spec.instances.max(1)).map(|_| Instance { up: true, ..Instance::default() }).collect(),
            jobs: Vec::new(),
            free_jobs: Vec::new(),
            work: DurationSampler::new(&spec.handler.work),
            calls,
            timeout: spec.handler.timeout,
            // Attempts are counted in a u16 on the message: more could never be reached.
            retry: Retry { max_attempts: spec.retry.max_attempts.clamp(1, MAX_ATTEMPTS), ..spec.retry.clone() },
            on_exhausted,
            work_rng,
            retry_rng,
            partition_owner: vec![0; partitions as usize],
            next_instance: 0,
            next_partition: 0,
            parked: VecDeque::new(),
            guards,
            stage_guard,
            rate_limit: spec
                .rate_limit
                .as_ref()
                .map(|r| RateLimiter { bucket: TokenBucket::new(r.per_second, r.burst), overflow: r.overflow }),
            strict_order: spec.strict_order && partitioned,
            key_order: partitioned.then(KeyOrder::default),
            stats: GroupStats::default(),
        };
        group.assign_partitions();
        group
    }

    /// The guard of the handler's call at `stage`, if the group guards its calls.
    pub fn guard_of_stage(&self, stage: u32) -> Option<u32> {
        self.stage_guard.get(stage as usize).copied()
    }

    /// Jobs waiting for a rate-limit token.
    pub fn throttled_jobs(&self) -> usize {
        self.jobs.iter().filter(|j| j.state == JobState::Throttled).count()
    }

    /// Round-robin assignment of partitions to live instances (Kafka's RoundRobinAssignor).
    pub fn assign_partitions(&mut self) {
        let live: Vec<u32> = (0..self.instances.len() as u32).filter(|i| self.instances[*i as usize].up).collect();
        for instance in &mut self.instances {
            instance.partitions.clear();
            instance.next_partition = 0;
        }
        if live.is_empty() {
            return;
        }
        for p in 0..self.partition_owner.len() {
            let owner = live[p % live.len()];
            self.partition_owner[p] = owner;
            self.instances[owner as usize].partitions.push(p as u32);
        }
    }

    pub fn allocate_job(&mut self, job: Job) -> u32 {
        match self.free_jobs.pop() {
            Some(id) => {
                // Keep the slot's generation (bumped when it was freed) so that timers of
                // the slot's previous job stay stale.
                let generation = self.jobs[id as usize].generation;
                self.jobs[id as usize] = Job { generation, ..job };
                id
            }
            None => {
                self.jobs.push(job);
                (self.jobs.len() - 1) as u32
            }
        }
    }

    pub fn free_job(&mut self, id: u32) {
        let job = &mut self.jobs[id as usize];
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

    /// Messages held by the group: buffered plus live jobs.
    pub fn held(&self) -> u64 {
        self.instances.iter().map(|i| i.buffer.len() as u64).sum::<u64>() + self.live_jobs() as u64
    }

    pub fn live_instances(&self) -> usize {
        self.instances.iter().filter(|i| i.up).count()
    }
}

/// One guard per distinct service called, when a breaker or a bulkhead is configured.
fn call_guards(spec: &crate::scenario::ConsumerGroup, calls: &[u32]) -> (Vec<CallGuard>, Vec<u32>) {
    if spec.circuit_breaker.is_none() && spec.bulkhead.is_none() {
        return (Vec::new(), Vec::new());
    }
    let mut guards: Vec<CallGuard> = Vec::new();
    let mut stage_guard = Vec::with_capacity(calls.len());
    for &service in calls {
        let index = match guards.iter().position(|g| g.service == service) {
            Some(i) => i,
            None => {
                guards.push(CallGuard {
                    service,
                    breaker: spec.circuit_breaker.as_ref().map(|b| Breaker::new(b, SimTime::ZERO)),
                    bulkhead: spec.bulkhead.map(|b| Bulkhead::new(b.max_concurrent, b.max_wait)),
                });
                guards.len() - 1
            }
        };
        stage_guard.push(index as u32);
    }
    (guards, stage_guard)
}

impl Instance {
    /// Takes the next buffered message a worker may start: in partitioned delivery the
    /// first whose key is not already being handled (per-key order), else the first.
    pub fn next_startable(&mut self, per_key_order: bool) -> Option<Message> {
        if !per_key_order {
            return self.buffer.pop_front();
        }
        let position = self.buffer.iter().position(|m| !self.active_keys.contains(&m.key))?;
        self.buffer.remove(position)
    }

    pub fn release_key(&mut self, key: u32) {
        if let Some(i) = self.active_keys.iter().position(|k| *k == key) {
            self.active_keys.swap_remove(i);
        }
    }
}
