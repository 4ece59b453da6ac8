//! Synchronous clients: request arrivals and answers (the calls in between are a call
//! chain, `calls`).

use super::*;

impl Simulation {
    pub(super) fn schedule_next_request(&mut self, k: ClientId) {
        let client = &mut self.clients[k];
        if let Some(at) = client.arrivals.next_after(self.now, &mut client.rng) {
            let generation = client.arrival_generation;
            self.queue.schedule(at, Event::ClientArrival { client: k, generation });
        }
    }

    pub(super) fn on_client_arrival(&mut self, k: ClientId, generation: u32) {
        if generation != self.clients[k].arrival_generation {
            return;
        }
        // An open loop sends on regardless; a caller of a finite population waits for its
        // answer first (`request_done`).
        if self.clients[k].arrivals.closed_loop_sources().is_none() {
            self.schedule_next_request(k);
        }
        let slot = self.clients[k].send(self.now, &self.event_types);
        self.issue_hop(Chain::Client(k), slot);
    }

    /// Client `k`'s request `slot` has its answer (`None`: success).
    pub(super) fn request_done(&mut self, k: ClientId, slot: CallId, outcome: Option<ErrorClass>) {
        self.clients[k].answer(slot, outcome, self.now);
        // The caller thinks, then calls again (a failed request too: Engset's blocked calls
        // are cleared, and the caller goes back to thinking).
        if self.clients[k].arrivals.closed_loop_sources().is_some() {
            self.schedule_next_request(k);
        }
    }
}
