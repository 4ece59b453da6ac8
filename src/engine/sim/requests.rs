//! Requests at the broker: a producer's send batches, and the broker nodes' I/O threads
//! that serve every publish — producers', the outbox relay's, the bus's own (emits,
//! service publishes, saga commands) — and the followers' fetches that replicate them
//! (see `engine::broker_load` for the model and what it imitates).
//!
//! What a refusal at a full node (`queued_max_requests`, "broker busy") does, by sender:
//! - a producer's request: each message is a refused publish for its `publish_retry`
//!   (lost at once with acks None), as before;
//! - the outbox relay's: a refusal of its next PENDING event, as a topic's refusal is
//!   (its tries count towards FAILED; nothing leaves the outbox, nothing is lost);
//! - an emit, a service's publish, a saga command: refused now, as a topic's refusal of
//!   it is — lost with reason `BrokerBusy` (counted in the ledger), the emit's group
//!   counts it refused (with `FailAttempt` the handler's attempt fails and takes the
//!   group's retry path), the service answers the call with a transient error, the saga
//!   step hears `Refused`;
//! - a follower's fetch: counted as refused at its node; the next fetch copies on.
//!
//! A bus publish the node took is decided by the topic once served; a topic's refusal
//! then loses it with the topic's reason, counted in the ledger, as `publish_once` would
//! have at once (the handler, service or saga step has moved on: only a refusal at the
//! door is heard at once, as an asynchronous send's failure is heard late).

use super::*;
use crate::engine::broker_load::{Added, Admitted, BrokerLoad, Pending, Request, Sender};
use crate::engine::message::Origin;

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
        let placement = self.broker.placement_of(t, first.message.partition);
        let leader = placement.and_then(|i| self.broker.placements[i].leader);
        let placement = placement.map(|i| i as u32);
        let reachable = !self.producers[p].is_partitioned();
        let (Some(load), Some(node), true) = (&mut self.broker.load, leader, reachable) else {
            return self.deliver_request(p, batch);
        };
        let request = Request { sender: Sender::Producer(p), messages: batch, arrived: self.now, placement };
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
    /// messages, the partition's followers fetch them, and the thread takes the next
    /// queued request.
    pub(super) fn on_broker_request_done(&mut self, node: NodeId, slot: u32) {
        let Some(load) = &mut self.broker.load else { return };
        let (done, next) = load.finish(node, slot, self.now);
        if let Some(at) = next {
            self.queue.schedule(at, Event::BrokerRequestDone { node, slot });
        }
        let Some(request) = done else { return };
        let size = request.size() as u32;
        match request.sender {
            Sender::Producer(p) => self.deliver_request(p, request.messages),
            Sender::Relay(p, n) => self.relay_served(p, n),
            Sender::Bus(t) => {
                for pending in request.messages {
                    self.deliver_bus(t, pending.message);
                }
            }
            Sender::Follower(_) => return,
            Sender::Fetch(fetch) => return self.on_fetch_done(fetch),
        }
        if let Some(i) = request.placement {
            self.follower_fetches(i as usize, node, size);
        }
    }

    /// Node `leader` served a request of `n` messages of placement `i`: each other serving
    /// replica fetches them with one request at its own node (Kafka's follower fetch).
    fn follower_fetches(&mut self, i: usize, leader: NodeId, n: u32) {
        if i >= self.broker.placements.len() {
            return;
        }
        let followers: Vec<NodeId> =
            self.broker.replicas(i).filter(|&r| r != leader && self.broker.nodes[r].serving()).collect();
        for follower in followers {
            let Some(load) = &mut self.broker.load else { return };
            let request =
                Request { sender: Sender::Follower(n), messages: Vec::new(), arrived: self.now, placement: None };
            // Refused at a full node: counted there; the follower's next fetch copies on.
            if let Admitted::Serving { slot, done } = load.admit(follower, request, self.now) {
                self.queue.schedule(done, Event::BrokerRequestDone { node: follower, slot });
            }
        }
    }

    /// An event the bus created (emit, service publish, saga command) goes to topic `t`'s
    /// partition leader as a request of its own. Returns `None` when no request applies
    /// (no leader to queue at: the topic decides at once, as without a cost), else
    /// whether the node took it; refused, it is lost with `BrokerBusy` (see the header).
    #[cold]
    pub(super) fn bus_request(&mut self, t: TopicId, message: Message) -> Option<bool> {
        let i = self.broker.placement_of(t, message.partition)?;
        let node = self.broker.placements[i].leader?;
        let load = self.broker.load.as_mut()?;
        let pending = Pending { message, tries: 1, backoff_ns: 0 };
        let request =
            Request { sender: Sender::Bus(t), messages: vec![pending], arrived: self.now, placement: Some(i as u32) };
        match load.admit(node, request, self.now) {
            Admitted::Serving { slot, done } => self.queue.schedule(done, Event::BrokerRequestDone { node, slot }),
            Admitted::Queued => {}
            Admitted::Refused(_) => {
                self.trace(&message, StepKind::Refused { topic: t, reason: Reason::BrokerBusy });
                self.ledger.record(Terminal::Lost, Reason::BrokerBusy);
                self.interval.lost += 1;
                return Some(false);
            }
        }
        Some(true)
    }

    /// A bus event's request was served: the topic decides. A refusal now loses it with
    /// the topic's reason, and what counted it as sent hears so: the emitting group counts
    /// it refused instead of emitted, the service published one fewer, the saga step
    /// hears `Refused`.
    fn deliver_bus(&mut self, t: TopicId, message: Message) {
        let Some(reason) = self.try_publish(t, &message).refusal() else { return };
        self.ledger.record(Terminal::Lost, reason);
        self.interval.lost += 1;
        if message.is_command() {
            self.saga_command_ended(message.id, Reply::Refused);
            return;
        }
        match message.origin {
            Origin::Emit(g) => {
                let stats = &mut self.groups[g].flow.emit_stats;
                stats.emitted = stats.emitted.saturating_sub(1);
                stats.refused += 1;
            }
            Origin::Service(s) => {
                let stats = &mut self.services[s].stats;
                stats.published = stats.published.saturating_sub(1);
            }
            Origin::Producer(_) => {}
        }
    }

    /// The outbox relay of producer `p` polls with a broker cost: its next events (up to
    /// its batch) go as one request to the leader of the first one's partition, and stay
    /// PENDING until it is served. Returns false when no request applies (nothing
    /// pending, the producer cut off or the partition offline: the relay publishes at
    /// once and meets the broker's unreachability as before).
    #[cold]
    pub(super) fn relay_request(&mut self, p: ProducerId) -> bool {
        let producer = &self.producers[p];
        if producer.relay_in_flight {
            // One request at a time: the relay waits for its broker's answer.
            return true;
        }
        let Some(outbox) = producer.outbox() else { return false };
        let Some(head) = outbox.next_pending() else { return false };
        let n = outbox.pending_len().min(u64::from(producer.relay().batch.max(1))) as u32;
        let t = producer.topic;
        let Some(i) = self.broker.placement_of(t, head.message.partition) else { return false };
        let (Some(node), false) = (self.broker.placements[i].leader, producer.is_partitioned()) else { return false };
        let Some(load) = &mut self.broker.load else { return false };
        let request =
            Request { sender: Sender::Relay(p, n), messages: Vec::new(), arrived: self.now, placement: Some(i as u32) };
        match load.admit(node, request, self.now) {
            Admitted::Serving { slot, done } => self.queue.schedule(done, Event::BrokerRequestDone { node, slot }),
            Admitted::Queued => {}
            Admitted::Refused(_) => {
                self.relay_refused(p);
                return true;
            }
        }
        self.producers[p].relay_in_flight = true;
        true
    }

    /// The relay's request was served: it publishes its events in order, as a poll
    /// without a cost does, then polls on.
    fn relay_served(&mut self, p: ProducerId, n: u32) {
        self.producers[p].relay_in_flight = false;
        self.relay_publish(p, n);
        self.relay_polled_on(p);
    }

    /// Messages inside produce requests at broker nodes.
    pub(super) fn in_broker_requests(&self) -> u64 {
        self.broker.load.as_ref().map_or(0, BrokerLoad::held)
    }
}
