//! Consumption side: offering messages to instances, prefetch, starting handler jobs, acks.

use super::*;

impl Simulation {
    /// A message just landed in `partition`: let an instance that can take it fetch it.
    // Always inlined into the publish path (measured: once an offset reset became a second
    // caller, the compiler kept it out of line and the mmc run took 1 % more instructions).
    #[inline(always)]
    pub(super) fn offer(&mut self, g: GroupId, partition: PartitionId) {
        let group = &mut self.groups[g];
        match group.config.delivery {
            Delivery::Partitioned => {
                let owner = group.assignment.partition_owner[partition];
                if group.can_fetch(owner) {
                    self.pump(g, owner);
                }
            }
            Delivery::Competing if group.config.dispatch == crate::scenario::DispatchPolicy::LeastOutstanding => {
                self.offer_least_outstanding(g);
            }
            Delivery::Competing => {
                // Round-robin over instances with room, as RabbitMQ dispatches to consumers.
                let n = group.instances.len() as u32;
                for k in 0..n {
                    let i = InstanceId::new((group.assignment.next_instance.get() + k) % n);
                    if group.can_fetch(i) && group.instances[i].unacked < group.config.prefetch {
                        group.assignment.next_instance = InstanceId::new((i.get() + 1) % n);
                        self.pump(g, i);
                        return;
                    }
                }
            }
        }
    }

    /// Competing delivery with `dispatch: LeastOutstanding`: the instance with room holding
    /// the fewest messages (prefetched plus in work) fetches; the lowest number on a tie
    /// (min_by_key keeps the first). Out of line, so round robin's hot path stays as it was.
    #[inline(never)]
    fn offer_least_outstanding(&mut self, g: GroupId) {
        let group = &self.groups[g];
        let prefetch = group.config.prefetch;
        let least = (group.instances.iter_enumerated())
            .filter(|&(i, inst)| group.can_fetch(i) && inst.unacked < prefetch)
            .min_by_key(|(_, inst)| inst.unacked)
            .map(|(i, _)| i);
        if let Some(i) = least {
            self.pump(g, i);
        }
    }

    /// Fills instance `i`'s prefetch buffer from its partitions and starts idle workers.
    /// An instance cut off from the broker (or paused by a rebalance) cannot fetch, but a
    /// running one still works through what it holds.
    ///
    /// Kept out of line (with `fetch_and_start` inlined into it), as the compiler laid it
    /// out while `offer` was its only hot caller: inlined into two offers instead, the
    /// M/M/c benchmark ran 1 % more instructions under callgrind.
    #[inline(never)]
    pub(super) fn pump(&mut self, g: GroupId, i: InstanceId) {
        // One predictable check per pump (not per message fetched): a group without
        // batches goes on exactly as before.
        if self.groups[g].config.batch.is_some() {
            return self.pump_batched(g, i);
        }
        // A message given up without a job (see `fetch_and_start`) frees its prefetch slot
        // at once: fetch again, as a consumer polls its next batch, rather than waiting for
        // the next event (a run of such messages would otherwise drain one per publish).
        while self.fetch_and_start(g, i) {}
    }

    /// One round of `pump`; returns whether a fetched message ended without a job, freeing
    /// its prefetch slot (so another round may fetch). That is one rule for every message
    /// acknowledged unprocessed: one the rate limiter turns away, and a duplicate copy the
    /// dedup window finds, whether a crash redelivered it or an offset reset replayed it.
    fn fetch_and_start(&mut self, g: GroupId, i: InstanceId) -> bool {
        if !self.groups[g].instances[i].is_up() {
            return false;
        }
        // A fetched message goes straight to a free worker, skipping the prefetch buffer,
        // when the start loop below would have picked it next anyway: the buffer is empty,
        // nothing reorders (no key order), nothing can turn it away (no rate limiter) and
        // it needs no dedup look-up. Fetching schedules nothing and reads nothing a start
        // changes, so the events and random draws come in the same order as fetching all
        // first; it saves two copies of the message on the hottest path.
        let group = &self.groups[g];
        let direct = group.config.order.is_none() && group.policies.rate_limit.is_none();
        let mut fetched = false;
        while let Some(message) = self.fetch_one(g, i) {
            fetched = true;
            let group = &mut self.groups[g];
            let inst = &mut group.instances[i];
            if direct && inst.buffer.is_empty() && inst.busy < group.config.concurrency && !message.is_duplicate() {
                self.start_job(g, i, message);
            } else {
                inst.buffer.push_back(message);
            }
        }
        let mut freed = false;
        loop {
            let group = &mut self.groups[g];
            let order = group.config.order;
            let inst = &mut group.instances[i];
            if inst.busy >= group.config.concurrency {
                break;
            }
            let Some(message) = inst.next_startable(order) else { break };
            if message.is_duplicate() && self.deduplicate(g, i, &message) {
                freed = true;
                continue;
            }
            freed |= !self.start_job(g, i, message);
        }
        if fetched {
            self.unblock_producers(self.groups[g].topic);
        }
        freed
    }

    /// Takes the next message instance `i` may fetch (round-robin over the partitions it
    /// reads), counting it unacknowledged; `None` when it may not fetch, its prefetch is
    /// full or nothing waits.
    // Always inlined into the fetch loop (measured: out of line, with a second caller, the
    // mmc run took 6 % more instructions).
    #[inline(always)]
    pub(super) fn fetch_one(&mut self, g: GroupId, i: InstanceId) -> Option<Message> {
        let group = &mut self.groups[g];
        let topic = &mut self.topics[group.topic];
        // The topic first: a fetch after each start usually finds it empty. The instance is
        // looked up once (each typed index is a bounds check on the hottest path).
        if topic.is_empty() || group.assignment.rebalancing {
            return None;
        }
        let inst = &mut group.instances[i];
        if !inst.is_live_member() || inst.unacked >= group.config.prefetch {
            return None;
        }
        let message = match group.config.delivery {
            Delivery::Partitioned => {
                let owned = &inst.partitions;
                let k = round_robin(inst.next_partition, owned.len(), |k| topic.partitions[owned[k]].can_fetch())?;
                inst.next_partition = next_index(k, owned.len());
                topic.take_from(owned[k])
            }
            Delivery::Competing => {
                let n = topic.partitions.len();
                let p = round_robin(usize::from(group.assignment.next_partition), n, |p| {
                    topic.partitions[PartitionId::from(p)].can_fetch()
                })?;
                group.assignment.next_partition = PartitionId::from(next_index(p, n));
                topic.take_from(PartitionId::from(p))
            }
        }?;
        group.duplicate_copies_held += u64::from(message.is_duplicate());
        inst.unacked += 1;
        Some(message)
    }

    /// Starts handling `message` on a worker of instance `i`; returns false if the rate
    /// limiter turned it away instead.
    pub(super) fn start_job(&mut self, g: GroupId, i: InstanceId, mut message: Message) -> bool {
        let admission = if self.groups[g].policies.rate_limit.is_some() { self.take_token(g) } else { Admission::Now };
        if admission == Admission::Refused {
            self.refuse_rate_limited(g, i, message);
            return false;
        }
        message.attempts = message.attempts.saturating_add(1);
        self.trace(&message, StepKind::Attempt { group: g, instance: i, number: message.attempts });
        let group = &mut self.groups[g];
        group.stats.attempts += 1;
        // The queue wait (Wq) ends at a delivery's first attempt; a redelivered duplicate
        // of a processed message is not a new customer.
        if message.attempts == 1 && !message.is_duplicate() {
            group.queueing.waited(message.priority, (self.now - message.published_at).0);
        }
        group.queueing.busy.arrive(self.now);
        let inst = &mut group.instances[i];
        inst.busy += 1;
        inst.busy_time.arrive(self.now);
        if group.config.order.is_some() {
            inst.active_keys.hold(message.order_token(group.config.order));
        }
        let job = group.jobs.allocate(Job {
            message,
            instance: i,
            stage: 0,
            generation: 0,
            state: JobState::Working,
            last_error: None,
        });
        let generation = group.jobs[job].generation;
        match admission {
            Admission::At(at) => {
                group.jobs[job].state = JobState::Throttled;
                self.queue.schedule(at, Event::TokenDue { group: g, job, generation });
            }
            _ => self.begin_work(g, job),
        }
        true
    }

    /// The handler starts its own work.
    pub(super) fn begin_work(&mut self, g: GroupId, job: JobId) {
        let group = &mut self.groups[g];
        let generation = group.jobs[job].generation;
        let mut work = group.config.work.sample(&mut group.streams.work);
        if group.handler_faulted {
            work = work.mul_f64(group.instances[group.jobs[job].instance].slow_factor);
        }
        self.queue.schedule(self.now + work, Event::HandlerStep { group: g, job, generation });
    }

    /// The handler's own work is done. A poison message fails here, fatally, as a
    /// handler that cannot parse or validate it would; an ErrorRate fault on the group
    /// or instance fails the attempt with a transient error. Then the service calls.
    #[inline]
    pub(super) fn on_handler_step(&mut self, g: GroupId, j: JobId, generation: u32) {
        let group = &mut self.groups[g];
        let job = &group.jobs[j];
        if job.generation != generation || job.state != JobState::Working {
            return;
        }
        if job.stage == 0 && (job.message.is_poison() || group.handler_faulted) {
            if job.message.is_poison() {
                group.stats.poison_failures += 1;
                return self.attempt_failed(g, j, ErrorClass::Fatal);
            }
            let error_rate = group.instances[job.instance].error_rate;
            if error_rate > 0.0 && group.streams.faults.random::<f64>() < error_rate {
                return self.attempt_failed(g, j, ErrorClass::Transient);
            }
        }
        self.advance(g, j);
    }

    /// The job finished a step: issue its next service call, or finish.
    pub(super) fn advance(&mut self, g: GroupId, j: JobId) {
        let group = &self.groups[g];
        // A saga's coordinator runs its steps instead (they are its calls, chosen by the
        // saga log rather than in sequence).
        if let Some(k) = group.saga {
            return self.saga_advance(k, g, j);
        }
        let stage = group.jobs[j].stage as usize;
        match group.config.calls.get(stage) {
            Some(&service) => self.issue_call(g, j, service),
            None => self.succeed(g, j),
        }
    }

    /// Releases the worker and the message's place at the instance (the ack).
    pub(super) fn finish_job(&mut self, g: GroupId, j: JobId) -> Job {
        let group = &mut self.groups[g];
        let job = group.jobs[j];
        group.queueing.busy.depart(self.now);
        let inst = &mut group.instances[job.instance];
        inst.busy -= 1;
        inst.busy_time.depart(self.now);
        inst.unacked -= 1;
        inst.finished += 1;
        inst.release_key(job.message.order_token(group.config.order));
        group.jobs.free(j);
        group.duplicate_copies_held -= u64::from(job.message.is_duplicate());
        job
    }

    /// A duplicate copy was processed a second time: the side effects happened twice. The
    /// ledger counted this message already (see `ledger`).
    #[cold]
    fn duplicate_processed(&mut self, g: GroupId, i: InstanceId) {
        self.groups[g].stats.duplicates_processed += 1;
        self.pump(g, i);
    }

    fn remember_processed(&mut self, g: GroupId, id: u64) {
        if let Some(dedup) = &mut self.groups[g].policies.dedup {
            dedup.remember(id, self.now);
        }
    }

    // Always in line: once the state and fault-tolerance counts made it longer, the
    // compiler kept it out of `advance`, the path of every processed message, and the
    // M/M/c benchmark paid 21 M instructions (2.0604 → 2.0325 G in line).
    #[inline(always)]
    pub(super) fn succeed(&mut self, g: GroupId, j: JobId) {
        self.succeed_emitting(g, j, true);
    }

    /// The message is processed without firing the group's emits: a saga that ended
    /// compensated or failed was handled, but its completion events must not go out.
    pub(super) fn succeed_quietly(&mut self, g: GroupId, j: JobId) {
        self.succeed_emitting(g, j, false);
    }

    #[inline(always)]
    fn succeed_emitting(&mut self, g: GroupId, j: JobId, emits: bool) {
        // With `FailAttempt`, the handler's sends come before its acknowledgement: a
        // refused one fails the attempt. (A duplicate copy emits nothing either way.)
        let emits_first = emits && self.groups[g].flow.emits_before_success;
        if emits_first {
            let message = self.groups[g].jobs[j].message;
            if !message.is_duplicate() && !self.emit_from(g, &message) {
                return self.attempt_failed(g, j, ErrorClass::Transient);
            }
        }
        let job = self.finish_job(g, j);
        self.hold_until_confirmed(g, job.instance, &job.message);
        if job.message.is_duplicate() {
            return self.duplicate_processed(g, job.instance);
        }
        if self.groups[g].policies.dedup.is_some() {
            self.remember_processed(g, job.message.id);
        }
        let latency = self.now - job.message.created_at();
        let group = &mut self.groups[g];
        if let Some(order) = &mut group.policies.key_order {
            order.processed(job.message.key, job.message.id);
        }
        if let Some(state) = &mut group.state {
            // A stateful group's instance applies the event (see `engine::state`).
            state.apply(usize::from(job.instance), job.message.partition, job.message.published_at);
        }
        group.stats.processed += 1;
        group.stats.interval_processed += 1;
        self.processed_within_objective += u64::from(latency <= group.config.objectives.latency_p95);
        group.flow.ledger.processed += 1;
        group.queueing.in_system.depart(self.now);
        // Before the latency histogram takes this sample (the end-to-end one may start as
        // its copy).
        group.flow.record_end_to_end(latency, self.now - job.message.produced_at, &group.stats.latency);
        group.stats.latency.record(latency);
        group.stats.interval_latency.record(latency);
        // With one group the run-wide histograms would hold exactly the group's data;
        // recording twice was 3 % of the engine's time (see `run_latency`).
        if self.groups.len() > 1 {
            self.latency.record(latency);
            self.interval_latency.record(latency);
        }
        self.trace(&job.message, StepKind::Processed { group: g });
        self.ledger.record_processed();
        self.interval.processed += 1;
        if emits && !emits_first {
            self.emit_from(g, &job.message);
        }
        // A saga's command handled: its reply (one check for every other message). Handled
        // without its emits is a participant's own saga that did not complete.
        if job.message.is_command() {
            self.saga_command_ended(job.message.id, if emits { Reply::Processed } else { Reply::Declined });
        }
        self.pump(g, job.instance);
    }
}

/// The first index in `start, start+1, …` (wrapping at `len`) that satisfies `wanted`.
/// Wraps by comparison rather than `%`: this runs for every fetch, and a division costs
/// more than the rest of the loop.
fn round_robin(start: usize, len: usize, mut wanted: impl FnMut(usize) -> bool) -> Option<usize> {
    let mut k = if start < len { start } else { 0 };
    for _ in 0..len {
        if wanted(k) {
            return Some(k);
        }
        k = next_index(k, len);
    }
    None
}

fn next_index(k: usize, len: usize) -> usize {
    if k + 1 >= len { 0 } else { k + 1 }
}
