//! Consumption side: offering messages to instances, prefetch, starting handler jobs, acks.

use super::*;

impl Simulation {
    /// A message just landed in `partition`: let an instance that can take it fetch it.
    pub(super) fn offer(&mut self, g: u32, partition: u32) {
        let group = &mut self.groups[g as usize];
        match group.delivery {
            Delivery::Partitioned => {
                let owner = group.partition_owner[partition as usize];
                if group.instances[owner as usize].up {
                    self.pump(g, owner);
                }
            }
            Delivery::Competing => {
                // Round-robin over instances with room, as RabbitMQ dispatches to consumers.
                let n = group.instances.len() as u32;
                for k in 0..n {
                    let i = (group.next_instance + k) % n;
                    let inst = &group.instances[i as usize];
                    if inst.up && inst.unacked < group.prefetch {
                        group.next_instance = (i + 1) % n;
                        self.pump(g, i);
                        return;
                    }
                }
            }
        }
    }

    /// Fills instance `i`'s prefetch buffer from its partitions and starts idle workers.
    pub(super) fn pump(&mut self, g: u32, i: u32) {
        // A message the rate limiter turns away frees its prefetch slot at once: fetch again.
        while self.fetch_and_start(g, i) {}
    }

    /// One round of `pump`; returns whether a message was refused (so another round may fetch).
    fn fetch_and_start(&mut self, g: u32, i: u32) -> bool {
        let group = &mut self.groups[g as usize];
        let t = group.topic;
        let topic = &mut self.topics[t as usize];
        let mut fetched = false;
        let inst = &mut group.instances[i as usize];
        if !inst.up {
            return false;
        }
        while inst.unacked < group.prefetch && topic.len > 0 {
            let message = match group.delivery {
                Delivery::Partitioned => {
                    let owned = inst.partitions.len();
                    let found = (0..owned)
                        .map(|k| (inst.next_partition + k) % owned)
                        .find(|&k| !topic.partitions[inst.partitions[k] as usize].queue.is_empty());
                    match found {
                        Some(k) => {
                            inst.next_partition = (k + 1) % owned;
                            topic.take_from(inst.partitions[k])
                        }
                        None => None,
                    }
                }
                Delivery::Competing => {
                    let n = topic.partitions.len() as u32;
                    let found = (0..n)
                        .map(|k| (group.next_partition + k) % n)
                        .find(|&p| !topic.partitions[p as usize].queue.is_empty());
                    match found {
                        Some(p) => {
                            group.next_partition = (p + 1) % n;
                            topic.take_from(p)
                        }
                        None => None,
                    }
                }
            };
            let Some(message) = message else { break };
            inst.buffer.push_back(message);
            inst.unacked += 1;
            fetched = true;
        }
        let mut refused = false;
        loop {
            let group = &mut self.groups[g as usize];
            let per_key_order = group.delivery == Delivery::Partitioned;
            let inst = &mut group.instances[i as usize];
            if inst.busy >= group.concurrency {
                break;
            }
            let Some(message) = inst.next_startable(per_key_order) else { break };
            refused |= !self.start_job(g, i, message);
        }
        if fetched {
            self.unblock_producers(t);
        }
        refused
    }

    /// Starts handling `message` on a worker of instance `i`; returns false if the rate
    /// limiter turned it away instead.
    pub(super) fn start_job(&mut self, g: u32, i: u32, mut message: Message) -> bool {
        let admission = if self.groups[g as usize].rate_limit.is_some() { self.take_token(g) } else { Admission::Now };
        if admission == Admission::Refused {
            self.refuse_rate_limited(g, i, message);
            return false;
        }
        let group = &mut self.groups[g as usize];
        message.attempts = message.attempts.saturating_add(1);
        group.stats.attempts += 1;
        let inst = &mut group.instances[i as usize];
        inst.busy += 1;
        if group.delivery == Delivery::Partitioned {
            inst.active_keys.push(message.key);
        }
        let job = group.allocate_job(Job {
            message,
            instance: i,
            stage: 0,
            generation: 0,
            state: JobState::Working,
            last_error: None,
        });
        let generation = group.jobs[job as usize].generation;
        match admission {
            Admission::At(at) => {
                group.jobs[job as usize].state = JobState::Throttled;
                self.queue.schedule(at, Event::TokenDue { group: g, job, generation });
            }
            _ => self.begin_work(g, job),
        }
        true
    }

    /// The handler starts its own work.
    pub(super) fn begin_work(&mut self, g: u32, job: u32) {
        let group = &mut self.groups[g as usize];
        let generation = group.jobs[job as usize].generation;
        let work = group.work.sample(&mut group.work_rng);
        self.queue.schedule(self.now + work, Event::HandlerStep { group: g, job, generation });
    }

    /// The job finished a step: issue its next service call, or finish.
    pub(super) fn advance(&mut self, g: u32, j: u32) {
        let group = &self.groups[g as usize];
        let stage = group.jobs[j as usize].stage as usize;
        match group.calls.get(stage) {
            Some(&service) => self.issue_call(g, j, service),
            None => self.succeed(g, j),
        }
    }

    /// Releases the worker and the message's place at the instance (the ack).
    pub(super) fn finish_job(&mut self, g: u32, j: u32) -> Job {
        let group = &mut self.groups[g as usize];
        let job = group.jobs[j as usize];
        let inst = &mut group.instances[job.instance as usize];
        inst.busy -= 1;
        inst.unacked -= 1;
        inst.release_key(job.message.key);
        group.free_job(j);
        job
    }

    pub(super) fn succeed(&mut self, g: u32, j: u32) {
        let job = self.finish_job(g, j);
        let latency = self.now - job.message.produced_at;
        let group = &mut self.groups[g as usize];
        if let Some(order) = &mut group.key_order {
            order.processed(job.message.key, job.message.id);
        }
        group.stats.processed += 1;
        group.stats.interval_processed += 1;
        group.stats.latency.record(latency);
        group.stats.interval_latency.record(latency);
        self.latency.record(latency);
        self.interval_latency.record(latency);
        self.ledger.record_processed();
        self.interval.processed += 1;
        self.pump(g, job.instance);
    }
}
