//! Consumer batches: a group with `batch` polls up to `max_messages` at once (Kafka's
//! `max.poll.records`), waits up to `max_wait` for a full batch (`fetch.max.wait.ms`),
//! fetches it with one request at the broker (with a broker cost), pays the handler's
//! per-batch cost, handles its messages one after the other on the instance's one poll
//! thread, and acknowledges the batch once when it is done (Spring Kafka's
//! `AckMode.BATCH`; RabbitMQ's `basic.ack` with `multiple`).
//!
//! A failed attempt ends the batch where it stands, as Spring Kafka's `DefaultErrorHandler`
//! does for a batch listener that throws `BatchListenerFailedException` naming the record:
//! the records before it are committed, the failed record is retried by the group's
//! `retry` (its back-off blocks the instance, as the consumer thread sleeps in it) or
//! given up (dead-lettered), and the records after it are delivered again in the next
//! batch, which starts with the failed record's retry. Every message is still handled by
//! its own job, so the ledger counts each one exactly as without batches.
//!
//! A group without `batch` never comes here: `pump` checks once and goes on as before.

use super::*;
use crate::engine::broker_load::{Admitted, FETCH_RETRY_BACKOFF, Fetch, Request};
use crate::engine::consumer::BatchPhase;

impl Simulation {
    /// `pump` for a group with batches: fetch into the buffer (Kafka's fetcher prefetches
    /// while the listener works), then go on with the batch in progress or poll the next.
    #[cold]
    #[inline(never)]
    pub(super) fn pump_batched(&mut self, g: GroupId, i: InstanceId) {
        if !self.groups[g].instances[i].is_up() {
            return;
        }
        let mut fetched = false;
        while let Some(message) = self.fetch_one(g, i) {
            self.groups[g].instances[i].buffer.push_back(message);
            fetched = true;
        }
        if fetched {
            self.unblock_producers(self.groups[g].topic);
        }
        match self.groups[g].instances[i].batch {
            BatchPhase::Running { .. } => self.run_batch(g, i),
            BatchPhase::Idle => self.poll_batch(g, i),
            BatchPhase::Filling => {
                let full = self.batch_config(g).0;
                if self.groups[g].instances[i].buffer.len() as u32 >= full {
                    self.take_batch(g, i);
                }
            }
            BatchPhase::Fetching | BatchPhase::Preparing => {}
        }
    }

    /// (max_messages, max_wait) of group `g`'s batches.
    fn batch_config(&self, g: GroupId) -> (u32, SimDuration) {
        self.groups[g].config.batch.as_ref().map_or((1, SimDuration::ZERO), |b| (b.max_messages, b.max_wait))
    }

    /// An idle instance polls: a batch as soon as `max_messages` are there, or once the
    /// first has waited `max_wait`.
    fn poll_batch(&mut self, g: GroupId, i: InstanceId) {
        let (full, max_wait) = self.batch_config(g);
        let inst = &mut self.groups[g].instances[i];
        let waiting = inst.buffer.len() as u32;
        if waiting == 0 || !inst.is_up() {
            return;
        }
        if waiting < full && max_wait > SimDuration::ZERO {
            inst.batch = BatchPhase::Filling;
            let generation = self.bump_batch_generation(g, i);
            self.queue.schedule(self.now + max_wait, Event::BatchDue { group: g, instance: i, generation });
            return;
        }
        self.take_batch(g, i);
    }

    fn bump_batch_generation(&mut self, g: GroupId, i: InstanceId) -> u32 {
        let inst = &mut self.groups[g].instances[i];
        inst.batch_generation = inst.batch_generation.wrapping_add(1);
        inst.batch_generation
    }

    /// The poll takes up to `max_messages` of what waits, and fetches them.
    fn take_batch(&mut self, g: GroupId, i: InstanceId) {
        let full = self.batch_config(g).0;
        let group = &mut self.groups[g];
        let inst = &mut group.instances[i];
        let size = (inst.buffer.len() as u32).min(full);
        if size == 0 {
            // A rebalance took back what was waiting.
            inst.batch = BatchPhase::Idle;
            return;
        }
        inst.batch_size = size;
        group.stats.batches += 1;
        group.stats.batch_messages += u64::from(size);
        self.bump_batch_generation(g, i);
        self.send_fetch(g, i);
    }

    /// The batch's fetch request goes to the leader of its first message's partition. With
    /// no broker cost, no leader (offline) or the instance cut off, there is no request to
    /// charge and the batch goes on at once.
    fn send_fetch(&mut self, g: GroupId, i: InstanceId) {
        let group = &self.groups[g];
        let inst = &group.instances[i];
        let topic = self.topics[group.topic].queue_of().unwrap_or(group.topic);
        let partition = inst.buffer.front().map(|m| m.partition);
        let leader =
            partition.and_then(|p| self.broker.placement_of(topic, p)).and_then(|k| self.broker.placements[k].leader);
        let fetch = Fetch { group: g, instance: i, generation: inst.batch_generation, messages: inst.batch_size };
        let (Some(load), Some(node), true) = (&mut self.broker.load, leader, inst.is_connected()) else {
            return self.begin_batch(g, i);
        };
        self.groups[g].instances[i].batch = BatchPhase::Fetching;
        match load.admit(node, Request::fetch(fetch, self.now), self.now) {
            Admitted::Serving { slot, done } => self.queue.schedule(done, Event::BrokerRequestDone { node, slot }),
            Admitted::Queued => {}
            Admitted::Refused(_) => {
                // Nothing is lost: the messages wait at the instance and the consumer
                // fetches again after its back-off.
                self.groups[g].stats.fetch_refusals += 1;
                let generation = self.groups[g].instances[i].batch_generation;
                self.queue
                    .schedule(self.now + FETCH_RETRY_BACKOFF, Event::BatchDue { group: g, instance: i, generation });
            }
        }
    }

    /// A batch's fetch was served: the batch goes on, unless the instance's cycle was cut
    /// short meanwhile (a crash).
    pub(super) fn on_fetch_done(&mut self, fetch: Fetch) {
        let inst = &self.groups[fetch.group].instances[fetch.instance];
        if inst.batch_generation == fetch.generation && inst.batch == BatchPhase::Fetching {
            self.begin_batch(fetch.group, fetch.instance);
        }
    }

    /// The handler pays the per-batch cost on the instance's worker, then handles the
    /// messages (at once when the cost is zero).
    fn begin_batch(&mut self, g: GroupId, i: InstanceId) {
        let group = &mut self.groups[g];
        let cost = match &group.config.batch {
            Some(batch) => batch.per_batch.sample(&mut group.streams.batch),
            None => SimDuration::ZERO,
        };
        let inst = &mut group.instances[i];
        if cost == SimDuration::ZERO {
            inst.batch = BatchPhase::Running { to_start: inst.batch_size };
            return self.run_batch(g, i);
        }
        inst.batch = BatchPhase::Preparing;
        inst.busy += 1;
        inst.busy_time.arrive(self.now);
        group.queueing.busy.arrive(self.now);
        let generation = self.bump_batch_generation(g, i);
        self.queue.schedule(self.now + cost, Event::BatchDue { group: g, instance: i, generation });
    }

    /// A batch timer: the wait for a full batch is over, a refused fetch is due again, or
    /// the per-batch cost is paid.
    pub(super) fn on_batch_due(&mut self, g: GroupId, i: InstanceId, generation: u32) {
        let inst = &mut self.groups[g].instances[i];
        if inst.batch_generation != generation {
            return;
        }
        match inst.batch {
            BatchPhase::Filling => self.take_batch(g, i),
            BatchPhase::Fetching => self.send_fetch(g, i),
            BatchPhase::Preparing => {
                inst.busy -= 1;
                inst.busy_time.depart(self.now);
                inst.batch = BatchPhase::Running { to_start: inst.batch_size };
                self.groups[g].queueing.busy.depart(self.now);
                self.run_batch(g, i);
            }
            BatchPhase::Idle | BatchPhase::Running { .. } => {}
        }
    }

    /// Starts the batch's messages one after the other (the instance's one worker), and
    /// acknowledges the batch once nothing of it is left.
    fn run_batch(&mut self, g: GroupId, i: InstanceId) {
        loop {
            let group = &mut self.groups[g];
            let order = group.config.order;
            let inst = &mut group.instances[i];
            let BatchPhase::Running { to_start } = inst.batch else { return };
            if inst.busy > 0 {
                return; // the worker is on a message of the batch
            }
            if to_start > 0 {
                let Some(message) = inst.next_startable(order) else {
                    // Taken back by a rebalance, or held behind a key in retry: the rest
                    // come in the next batch.
                    inst.batch = BatchPhase::Running { to_start: 0 };
                    continue;
                };
                inst.batch = BatchPhase::Running { to_start: to_start - 1 };
                if message.is_duplicate() && self.deduplicate(g, i, &message) {
                    continue;
                }
                // Turned away by the rate limiter, the message ends without a job: go on.
                self.start_job(g, i, message);
                continue;
            }
            // A message of the batch waiting out a retry back-off keeps the batch open (the
            // consumer thread is in the back-off).
            if group.jobs.iter().any(|j| j.state != JobState::Free && j.instance == i) {
                return;
            }
            return self.batch_done(g, i);
        }
    }

    /// The batch is over: one acknowledgement (or offset commit) for all its messages,
    /// then the next poll.
    fn batch_done(&mut self, g: GroupId, i: InstanceId) {
        let group = &mut self.groups[g];
        group.stats.batch_commits += 1;
        let inst = &mut group.instances[i];
        inst.batch = BatchPhase::Idle;
        if inst.is_connected() {
            self.confirm_all(g, i);
        }
        self.poll_batch(g, i);
    }

    /// An attempt of a batch's message failed: the batch stops there. The records before
    /// it are committed now, the rest wait for the next batch (see the module header).
    pub(super) fn batch_attempt_failed(&mut self, g: GroupId, i: InstanceId) {
        let inst = &mut self.groups[g].instances[i];
        if let BatchPhase::Running { .. } = inst.batch {
            inst.batch = BatchPhase::Running { to_start: 0 };
            if inst.is_connected() {
                self.confirm_all(g, i);
            }
        }
    }

    /// The instance's batch cycle ends where it stands (it crashed, was fenced or left):
    /// its timers and fetch in flight go stale. Called from `orphan_work`, which has
    /// counted its workers down, a per-batch cost being paid included.
    pub(super) fn batch_cut_short(&mut self, g: GroupId, i: InstanceId) {
        let inst = &mut self.groups[g].instances[i];
        inst.batch = BatchPhase::Idle;
        inst.batch_generation = inst.batch_generation.wrapping_add(1);
    }
}
