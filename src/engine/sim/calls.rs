//! Service calls made by handlers: capacity queueing, completion and timeouts.

use super::*;

impl Simulation {
    pub(super) fn issue_call(&mut self, g: u32, j: u32, s: u32) {
        let group = &mut self.groups[g as usize];
        let job = &mut group.jobs[j as usize];
        job.generation = job.generation.wrapping_add(1);
        job.state = JobState::Calling { service: s, since: self.now };
        let generation = job.generation;
        let timeout = group.timeout;
        let service = &mut self.services[s as usize];
        if service.down {
            // Connection refused: the caller learns at once (the breaker of the policies
            // work sees this as a failed call like any other).
            service.stats.unreachable += 1;
            self.attempt_failed(g, j, ErrorClass::Transient);
            return;
        }
        if !service.has_room() && service.waiting.len() >= MAX_WAITING_CALLS {
            // Refused at the door, as an overloaded server answers 503.
            service.stats.refused += 1;
            self.attempt_failed(g, j, ErrorClass::Transient);
            return;
        }
        let call =
            service.allocate_call(Call { group: g, job: j, generation, issued_at: self.now, epoch: 0, live: true });
        if service.has_room() {
            self.start_call(s, call);
        } else {
            service.waiting.push_back(call);
        }
        if let Some(timeout) = timeout {
            self.queue.schedule(self.now + timeout, Event::CallTimeout { group: g, job: j, generation });
        }
    }

    pub(super) fn start_call(&mut self, s: u32, call: u32) {
        let service = &mut self.services[s as usize];
        service.active += 1;
        let mut latency = service.latency.sample(&mut service.rng);
        if service.slow_factor != 1.0 {
            latency = latency.mul_f64(service.slow_factor);
        }
        let epoch = service.call(call).epoch;
        self.queue.schedule(self.now + latency, Event::CallDone { service: s, call, epoch });
    }

    pub(super) fn on_call_done(&mut self, s: u32, call_id: u32, epoch: u32) {
        let service = &mut self.services[s as usize];
        if service.call(call_id).epoch != epoch {
            return; // cut short when the service went down; its caller already knows
        }
        service.active -= 1;
        let call = service.release_call(call_id);
        let outcome = service.draw_outcome();
        service.stats.calls += 1;
        service.stats.interval_calls += 1;
        if let Some(class) = outcome {
            service.stats.errors[class_index(class)] += 1;
            service.stats.interval_errors += 1;
        }
        if let Some(next) = service.waiting.pop_front() {
            self.start_call(s, next);
        }
        // The caller may have given up (timeout); the work was done anyway.
        let job = &mut self.groups[call.group as usize].jobs[call.job as usize];
        if job.generation != call.generation || !matches!(job.state, JobState::Calling { .. }) {
            return;
        }
        job.generation = job.generation.wrapping_add(1);
        match outcome {
            None => {
                job.stage += 1;
                job.state = JobState::Working;
                self.advance(call.group, call.job);
            }
            Some(class) => self.attempt_failed(call.group, call.job, class),
        }
    }

    pub(super) fn on_call_timeout(&mut self, g: u32, j: u32, generation: u32) {
        let group = &mut self.groups[g as usize];
        let job = &mut group.jobs[j as usize];
        if job.generation != generation || !matches!(job.state, JobState::Calling { .. }) {
            return;
        }
        job.generation = job.generation.wrapping_add(1);
        group.stats.timeouts += 1;
        self.attempt_failed(g, j, ErrorClass::Timeout);
    }
}
