//! Failed attempts: retry back-off, giving up, dead letters and the parking lot.
//!
//! Retry per error class: business errors are never retried; fatal errors go straight to
//! `on_exhausted`; transient errors, timeouts and calls refused by an open breaker or a
//! full bulkhead are retried after a back-off while attempts remain.

use super::*;

impl Simulation {
    /// An attempt failed with `class`: retry after a back-off, or give up.
    pub(super) fn attempt_failed(&mut self, g: GroupId, j: JobId, class: ErrorClass) {
        if self.groups[g].config.batch.is_some() {
            let i = self.groups[g].jobs[j].instance;
            self.batch_attempt_failed(g, i);
        }
        let group = &mut self.groups[g];
        group.stats.failures[class_index(class)] += 1;
        group.stats.interval_failures += 1;
        self.interval.failed += 1;
        let job = &mut group.jobs[j];
        job.last_error = Some(class);
        let attempts = u32::from(job.message.attempts);
        if retry::retryable(class, &group.config.retry) && attempts < group.config.retry.max_attempts {
            return self.schedule_retry(g, j, attempts);
        }
        let reason = match class {
            ErrorClass::Business => Reason::BusinessError,
            // Not retried, or retried (`retry_fatal`) and out of attempts: a fatal error.
            ErrorClass::Fatal => Reason::FatalError,
            ErrorClass::CircuitOpen => Reason::CircuitOpen,
            ErrorClass::BulkheadFull => Reason::BulkheadFull,
            ErrorClass::Transient | ErrorClass::Timeout => Reason::RetriesExhausted,
        };
        self.give_up(g, j, reason);
    }

    /// The message waits out its back-off without holding a worker (it stays
    /// unacknowledged at the instance, so it still counts against prefetch).
    pub(super) fn schedule_retry(&mut self, g: GroupId, j: JobId, retry_number: u32) {
        let group = &mut self.groups[g];
        let job = &mut group.jobs[j];
        job.state = JobState::Retrying;
        job.generation = job.generation.wrapping_add(1);
        let generation = job.generation;
        let previous = SimDuration(job.message.last_backoff_ns);
        let delay = retry::delay(
            &group.config.retry.backoff,
            group.config.retry.jitter,
            retry_number,
            previous,
            &mut group.streams.retry,
        );
        job.message.last_backoff_ns = delay.0;
        let message = job.message;
        self.trace(&message, StepKind::Retry { group: g, after: delay });
        let group = &mut self.groups[g];
        let job = &mut group.jobs[j];
        let (i, key) = (job.instance, job.message.order_token(group.config.order));
        group.stats.retries += 1;
        group.queueing.busy.depart(self.now);
        let inst = &mut group.instances[i];
        inst.busy -= 1;
        inst.busy_time.depart(self.now);
        if !group.config.strict_order {
            // Later messages of the key may now overtake this one (an ordering violation
            // if they are processed first); strict order keeps the key blocked instead.
            inst.release_key(key);
        }
        self.queue.schedule(self.now + delay, Event::RetryDue { group: g, job: j, generation });
        self.pump(g, i);
    }

    pub(super) fn on_retry_due(&mut self, g: GroupId, j: JobId, generation: u32) {
        let group = &mut self.groups[g];
        let job = group.jobs[j];
        if job.generation != generation || job.state != JobState::Retrying {
            return;
        }
        group.jobs.free(j);
        let inst = &mut group.instances[job.instance];
        if group.config.strict_order {
            // It takes its key again when it starts, first in line.
            inst.release_key(job.message.order_token(group.config.order));
        }
        // Back to the front of the buffer: a retry goes before newer messages.
        inst.buffer.push_front(job.message);
        self.pump(g, job.instance);
    }

    pub(super) fn give_up(&mut self, g: GroupId, j: JobId, reason: Reason) {
        let job = self.finish_job(g, j);
        // Finished, like a processed message: its offset or ack may still be pending.
        self.hold_until_confirmed(g, job.instance, &job.message);
        if job.message.is_duplicate() {
            // The message's fate is already in the ledger (see `ledger`).
            self.groups[g].stats.duplicates_discarded += 1;
            return self.pump(g, job.instance);
        }
        if let Some(k) = self.groups[g].saga {
            self.saga_trigger_given_up(k, &job.message);
        }
        self.emit_on_failure(g, &job.message);
        let t = self.groups[g].topic;
        self.topics[t].stats.interval_unserved += 1;
        let letter = DeadLetter {
            message: job.message,
            at: self.now,
            reason,
            last_error: job.last_error,
            group: Some(g),
            topic: t,
        };
        self.exhaust(g, letter);
        self.pump(g, job.instance);
    }

    /// Sends a message the group gave up on where `on_exhausted` says.
    pub(super) fn exhaust(&mut self, g: GroupId, mut letter: DeadLetter) {
        let terminal = match self.groups[g].config.on_exhausted {
            ExhaustTarget::Drop => Terminal::Dropped,
            ExhaustTarget::DeadLetter(_) | ExhaustTarget::Park => Terminal::DeadLettered,
        };
        if letter.message.is_command() {
            let reply = if terminal == Terminal::Dropped { Reply::Dropped } else { Reply::DeadLettered };
            self.saga_command_ended(letter.message.id, reply);
        }
        self.trace(&letter.message, StepKind::Ended { terminal, reason: letter.reason, group: Some(g) });
        match self.groups[g].config.on_exhausted {
            ExhaustTarget::DeadLetter(t) => self.dead_letter(t, letter),
            ExhaustTarget::Drop => {
                self.record_end(letter.topic, Terminal::Dropped, letter.reason);
                self.interval.dropped += 1;
            }
            ExhaustTarget::Park => {
                letter.message.dead_letters = letter.message.dead_letters.saturating_add(1);
                self.record_end(letter.topic, Terminal::DeadLettered, letter.reason);
                self.interval.dead_lettered += 1;
                self.park(g, letter);
            }
        }
    }

    /// Keeps a dead letter in the group's parking lot (already counted dead-lettered);
    /// at the bound the oldest is evicted and becomes dropped.
    pub(super) fn park(&mut self, g: GroupId, letter: DeadLetter) {
        let parked = &mut self.groups[g].recovery.parked;
        if parked.len() >= PARKING_LOT_CAPACITY
            && let Some(evicted) = parked.pop_front()
        {
            self.reclassify_end(
                evicted.topic,
                (Terminal::DeadLettered, evicted.reason),
                Some((Terminal::Dropped, Reason::ParkingLotFull)),
            );
        }
        self.groups[g].recovery.parked.push_back(letter);
    }

    /// Publishes a dead letter to a dead-letter topic, which has a bound like any topic.
    pub(super) fn dead_letter(&mut self, t: TopicId, mut letter: DeadLetter) {
        letter.message.dead_letters = letter.message.dead_letters.saturating_add(1);
        match self.topics[t].store_dead_letter(letter) {
            DeadLetterStored::Kept => {}
            DeadLetterStored::KeptEvicting(evicted) => self.reclassify_end(
                evicted.topic,
                (Terminal::DeadLettered, evicted.reason),
                Some((Terminal::Dropped, Reason::DeadLetterTopicFull)),
            ),
            DeadLetterStored::Refused => {
                self.record_end(letter.topic, Terminal::Dropped, Reason::DeadLetterTopicFull);
                self.interval.dropped += 1;
                return;
            }
        }
        self.record_end(letter.topic, Terminal::DeadLettered, letter.reason);
        self.interval.dead_lettered += 1;
    }
}
