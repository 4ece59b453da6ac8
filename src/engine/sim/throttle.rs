//! The group's rate limit: every handler attempt takes a token from the group's bucket.
//! Without one, overflow Delay makes the worker wait for a reserved token (the message
//! stays held: unacknowledged, its worker busy); DeadLetter and Drop give up at once.

use super::*;

/// What the rate limiter says to a handler attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Admission {
    Now,
    /// A token is reserved for this time.
    At(SimTime),
    Refused,
}

impl Simulation {
    pub(super) fn take_token(&mut self, g: GroupId) -> Admission {
        let group = &mut self.groups[g];
        let Some(limit) = &mut group.policies.rate_limit else { return Admission::Now };
        if limit.bucket.try_take(self.now) {
            return Admission::Now;
        }
        group.stats.rate_limited += 1;
        match limit.overflow {
            RateOverflow::Delay => Admission::At(limit.bucket.reserve(self.now)),
            RateOverflow::DeadLetter | RateOverflow::Drop => Admission::Refused,
        }
    }

    /// A message found no token and the overflow gives up on it. It had not started, so it
    /// only gives back its prefetch slot (its key was never taken).
    pub(super) fn refuse_rate_limited(&mut self, g: GroupId, i: InstanceId, message: Message) {
        let group = &mut self.groups[g];
        group.instances[i].unacked -= 1;
        let overflow = group.policies.rate_limit.as_ref().map(|r| r.overflow);
        let topic = group.topic;
        if message.is_duplicate() {
            // Already in the ledger as processed (see `ledger`): only the copy ends here.
            group.duplicate_copies_held -= 1;
            group.stats.duplicates_discarded += 1;
            return;
        }
        if let Some(k) = self.groups[g].saga {
            // A saga resumed after a redelivery may find no token: it ends where it stands.
            self.saga_trigger_given_up(k, &message);
        }
        self.topics[topic].stats.interval_unserved += 1;
        if overflow == Some(RateOverflow::Drop) {
            if message.is_command() {
                self.saga_command_ended(message.id, Reply::Dropped);
            }
            self.record_end(topic, Terminal::Dropped, Reason::RateLimited);
            self.interval.dropped += 1;
            return;
        }
        let letter =
            DeadLetter { message, at: self.now, reason: Reason::RateLimited, last_error: None, group: Some(g), topic };
        self.exhaust(g, letter);
    }

    pub(super) fn on_token_due(&mut self, g: GroupId, j: JobId, generation: u32) {
        let job = &mut self.groups[g].jobs[j];
        if job.generation != generation || job.state != JobState::Throttled {
            return;
        }
        job.state = JobState::Working;
        self.begin_work(g, j);
    }
}
