//! Produce requests: a producer's send batches and the broker nodes' I/O threads that
//! serve them (see `engine::broker_load` for the model and what it imitates).

use super::*;
use crate::engine::broker_load::{Added, Admitted, BrokerLoad, Pending, Request};

impl Simulation {
    /// Producer `p` sends `pending`: into its partition's open batch, or as a request of
    /// its own without batching.
    #[cold]
    pub(super) fn send_request(&mut self, p: ProducerId, pending: Pending) {
        let partition = pending.message.partition;
        let Some(sender) = &mut self.producers[p].sender else { return self.dispatch(p, vec![pending]) };
        match sender.add(pending) {
            Added::Full => {
                let batch = sender.take(partition);
                self.dispatch(p, batch);
            }
            Added::Started(generation) => {
                let at = self.now + sender.linger;
                self.queue.schedule(at, Event::LingerDue { producer: p, partition, generation });
            }
            Added::Joined => {}
        }
    }

    /// Producer `p`'s batch for `partition` has waited its linger: it goes, unless it
    /// went full before (a stale timer).
    pub(super) fn on_linger_due(&mut self, p: ProducerId, partition: PartitionId, generation: u32) {
        let Some(sender) = &mut self.producers[p].sender else { return };
        if let Some(batch) = sender.take_lingered(partition, generation) {
            self.dispatch(p, batch);
        }
    }

    /// A produce request of `batch` leaves producer `p`. With a broker cost it queues at
    /// its partition's leader; with none (batching only), or with nobody to reach (the
    /// producer cut off, the partition offline), the topic decides at once, and an
    /// unreachable broker is a refusal as before.
    fn dispatch(&mut self, p: ProducerId, batch: Vec<Pending>) {
        let Some(first) = batch.first() else { return };
        let t = self.producers[p].topic;
        let leader =
            self.broker.placement_of(t, first.message.partition).and_then(|i| self.broker.placements[i].leader);
        let reachable = !self.producers[p].is_partitioned();
        let (Some(load), Some(node), true) = (&mut self.broker.load, leader, reachable) else {
            return self.deliver_request(p, batch);
        };
        let request = Request { producer: p, messages: batch, arrived: self.now, fetch: None };
        match load.admit(node, request, self.now) {
            Admitted::Serving { slot, done } => self.queue.schedule(done, Event::BrokerRequestDone { node, slot }),
            Admitted::Queued => {}
            Admitted::Refused(request) => {
                for pending in request.messages {
                    self.publish_refused(p, pending, Reason::BrokerBusy);
                }
            }
        }
    }

    /// The topic decides on each message of a served request, in order.
    fn deliver_request(&mut self, p: ProducerId, batch: Vec<Pending>) {
        for pending in batch {
            if self.producers[p].is_blocked() {
                // A topic switched to BlockProducer live blocked the producer on an
                // earlier message of this request (validation keeps BlockProducer away
                // from requests otherwise): the rest wait in the retry buffer, which
                // waits for room too, so none is lost or held twice.
                self.publish_refused(p, pending, Reason::TopicFullRejected);
                continue;
            }
            self.send_now(p, pending.message, pending.tries, pending.backoff_ns);
        }
    }

    /// I/O thread `slot` of node `node` finished its request: the topic decides on its
    /// messages, and the thread takes the next queued request.
    pub(super) fn on_broker_request_done(&mut self, node: NodeId, slot: u32) {
        let Some(load) = &mut self.broker.load else { return };
        let (done, next) = load.finish(node, slot, self.now);
        if let Some(at) = next {
            self.queue.schedule(at, Event::BrokerRequestDone { node, slot });
        }
        match done {
            Some(Request { fetch: Some(fetch), .. }) => self.on_fetch_done(fetch),
            Some(request) => self.deliver_request(request.producer, request.messages),
            None => {}
        }
    }

    /// Messages inside produce requests at broker nodes.
    pub(super) fn in_broker_requests(&self) -> u64 {
        self.broker.load.as_ref().map_or(0, BrokerLoad::held)
    }
}
