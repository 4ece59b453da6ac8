//! What produce requests cost the broker, and how producers batch their sends.
//!
//! A producer with send batching (Kafka's `batch.size`, counted in messages, and
//! `linger.ms`) keeps one open batch per partition: it goes out as one produce request when
//! it holds `max_messages` or `linger` after its first message. Without batching each event
//! is its own request.
//!
//! With a broker cost, each produce request queues at its partition leader's node, FIFO,
//! and is served by one of the node's `io_threads` (Kafka's `num.io.threads`) for
//! `request_cost + n × message_cost` (n its messages; one draw of each cost per request,
//! from the stream `broker:cost`): an M/G/c station per node. Only then does the topic
//! decide on each message, as an instant publish would have. A node whose queue holds
//! `queued_max_requests` (Kafka's `queued.max.requests`) refuses the next request: every
//! message in it is a rejected publish ("broker busy") for the producer's `publish_retry`,
//! or lost at once with acks None. (Kafka's network threads stop reading sockets instead,
//! which back-pressures the producer until its `delivery.timeout.ms`; a refusal that goes
//! to the retries is the same pressure made visible and bounded.)
//!
//! Every publish the broker serves is charged the same way, not only producers': the
//! outbox relay's poll is one request of the events it publishes, and an event the bus
//! creates (a group's emit, a service's publish, a saga command) is one request of one
//! message (see `sim::requests` for what each does with a refusal). Replication is charged
//! too: once a leader has served a request, each follower of its partition fetches the
//! same messages with one request at its own node (Kafka's follower fetch), so a node's
//! utilisation counts the partitions it follows as well as those it leads. A follower's
//! fetch only loads its node: when a copy joins the log stays the `replication_lag`
//! model's, and a refused fetch is counted and retried by the next one.
//!
//! A consumer group with batches (`ConsumerGroup(batch: ..)`) sends one fetch request per
//! batch to the leader of its first message's partition: it queues with the produce
//! requests and costs `request_cost + n × message_cost` too (its draws from the stream
//! `broker:fetch-cost`), and the batch is handled once it is served. A refused fetch is
//! sent again after `FETCH_RETRY_BACKOFF`; its messages wait at the instance meanwhile.
//!
//! Without a cost and without batching nothing here is built or consulted: a scenario
//! without them runs exactly as before.

use super::ids::{GroupId, InstanceId, NodeId, PartitionId, ProducerId, TiVec, TopicId};
use super::message::Message;
use super::rng::{Stream, StreamOf, unseeded};
use super::sample::DurationSampler;
use crate::scenario::SendBatch;
use crate::time::{SimDuration, SimTime};
use std::collections::{BTreeMap, VecDeque};

/// One event on its way to the broker, with its publish attempts so far.
#[derive(Clone, Copy, Debug)]
pub struct Pending {
    pub message: Message,
    /// Publish attempts including this one.
    pub tries: u32,
    /// The back-off before this try (the retries' decorrelated jitter grows from it).
    pub backoff_ns: u64,
}

/// A batch being filled for one partition.
#[derive(Clone, Debug)]
struct OpenBatch {
    messages: Vec<Pending>,
    /// Which linger timer sends it (a batch sent full leaves its timer stale).
    generation: u32,
}

/// What adding an event to its partition's batch did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Added {
    /// It started a batch: a linger timer of this generation is due.
    Started(u32),
    /// It joined an open batch.
    Joined,
    /// The batch is full: send it now.
    Full,
}

/// A producer's send batching.
#[derive(Clone, Debug)]
pub struct SendBatcher {
    max_messages: u32,
    pub(in crate::engine) linger: SimDuration,
    open: BTreeMap<PartitionId, OpenBatch>,
    generation: u32,
}

impl SendBatcher {
    pub fn new(spec: &SendBatch) -> SendBatcher {
        SendBatcher {
            max_messages: spec.max_messages.max(1),
            linger: spec.linger,
            open: BTreeMap::new(),
            generation: 0,
        }
    }

    /// New limits from a live change; open batches keep their messages and timers.
    pub fn set(&mut self, spec: &SendBatch) {
        self.max_messages = spec.max_messages.max(1);
        self.linger = spec.linger;
    }

    /// Adds `pending` to the open batch of its partition.
    pub fn add(&mut self, pending: Pending) -> Added {
        let batch = self
            .open
            .entry(pending.message.partition)
            .or_insert_with(|| OpenBatch { messages: Vec::new(), generation: 0 });
        batch.messages.push(pending);
        if batch.messages.len() as u32 >= self.max_messages {
            return Added::Full;
        }
        if batch.messages.len() == 1 {
            self.generation = self.generation.wrapping_add(1);
            batch.generation = self.generation;
            return Added::Started(self.generation);
        }
        Added::Joined
    }

    /// The open batch of `partition`, taken to be sent.
    pub fn take(&mut self, partition: PartitionId) -> Vec<Pending> {
        self.open.remove(&partition).map(|b| b.messages).unwrap_or_default()
    }

    /// The open batch of `partition` if linger timer `generation` is still its own.
    pub fn take_lingered(&mut self, partition: PartitionId, generation: u32) -> Option<Vec<Pending>> {
        if self.open.get(&partition)?.generation != generation {
            return None;
        }
        Some(self.take(partition))
    }

    /// Events waiting in open batches.
    pub fn held(&self) -> u64 {
        self.open.values().map(|b| b.messages.len() as u64).sum()
    }
}

/// Who sent a request, and what serving it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sender {
    /// A producer's produce request: the request's messages.
    Producer(ProducerId),
    /// A producer's outbox relay publishing its next `n` PENDING events (they stay in the
    /// outbox, counted there, until the request is served and the topic takes them).
    Relay(ProducerId, u32),
    /// An event the bus created (emit, service publish, saga command) for topic `t`.
    Bus(TopicId),
    /// A follower fetching `n` messages its leader appended (load only).
    Follower(u32),
    /// A consumer batch's fetch (its messages wait at the instance, not in the request).
    Fetch(Fetch),
}

/// How long a consumer waits before sending a refused fetch again (Kafka's
/// `retry.backoff.ms`, 100 ms by default).
pub const FETCH_RETRY_BACKOFF: SimDuration = SimDuration::from_millis(100);

/// One request at a broker node.
#[derive(Clone, Debug)]
pub struct Request {
    pub sender: Sender,
    pub messages: Vec<Pending>,
    /// When it reached the node (its wait starts here).
    pub arrived: SimTime,
    /// The partition placement whose leader serves it (its followers fetch after it).
    pub placement: Option<u32>,
}

/// A consumer batch's fetch request: who sent it and how many messages it fetches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fetch {
    pub group: GroupId,
    pub instance: InstanceId,
    /// The instance's batch generation when it was sent (a crash makes it stale).
    pub generation: u32,
    pub messages: u32,
}

impl Request {
    /// A consumer's fetch request reaching its node at `now` (no follower fetches after
    /// it: a read is not replicated).
    pub fn fetch(fetch: Fetch, now: SimTime) -> Request {
        Request { sender: Sender::Fetch(fetch), messages: Vec::new(), arrived: now, placement: None }
    }

    /// Messages the request's `message_cost` is charged for.
    pub fn size(&self) -> usize {
        match self.sender {
            Sender::Relay(_, n) | Sender::Follower(n) => n as usize,
            Sender::Fetch(fetch) => fetch.messages as usize,
            Sender::Producer(_) | Sender::Bus(_) => self.messages.len(),
        }
    }
}

/// A node's counters since the statistics started.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NodeLoadStats {
    /// Requests an I/O thread finished.
    pub requests: u64,
    /// Messages in those requests.
    pub messages: u64,
    /// Requests refused at `queued_max_requests`.
    pub refused: u64,
    /// Of the finished requests, consumers' fetches.
    pub fetches: u64,
    /// Requests that started service, and their waits summed (nanoseconds).
    pub started: u64,
    pub wait_ns: u128,
    /// Σ over time of busy I/O threads and of queued requests (thread·ns, request·ns).
    pub busy_ns: u128,
    pub queued_ns: u128,
    /// Of the requests finished, followers' fetches (replication's share of the load).
    pub follower_fetches: u64,
}

/// One node's I/O threads and request queue.
#[derive(Clone, Debug, Default)]
pub struct NodeLoad {
    queue: VecDeque<Request>,
    /// Requests in service, by I/O thread (the slot a completion event names).
    threads: Vec<Option<Request>>,
    busy: u32,
    since: SimTime,
    pub(in crate::engine) stats: NodeLoadStats,
}

impl NodeLoad {
    /// Brings the time integrals up to `now`.
    fn advance(&mut self, now: SimTime) {
        self.stats = self.stats_at(now);
        self.since = now;
    }

    /// Requests waiting and in service now.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    pub fn busy(&self) -> u32 {
        self.busy
    }

    /// Messages in its queue and threads (still in the system).
    fn held(&self) -> u64 {
        let queued: usize = self.queue.iter().map(|r| r.messages.len()).sum();
        let served: usize = self.threads.iter().flatten().map(|r| r.messages.len()).sum();
        (queued + served) as u64
    }

    /// The counters with the integrals brought up to `now` (without copying the queue).
    pub fn stats_at(&self, now: SimTime) -> NodeLoadStats {
        let dt = u128::from(now.since(self.since).0);
        let mut stats = self.stats;
        stats.busy_ns += u128::from(self.busy) * dt;
        stats.queued_ns += self.queue.len() as u128 * dt;
        stats
    }
}

/// What became of a request handed to a node.
#[derive(Debug)]
pub enum Admitted {
    /// Thread `slot` serves it until the time given.
    Serving { slot: u32, done: SimTime },
    /// It waits in the node's queue.
    Queued,
    /// The queue was full: refused, handed back.
    Refused(Request),
}

/// The broker's request handling, one station per node.
#[derive(Clone, Debug)]
pub struct BrokerLoad {
    pub(in crate::engine) nodes: TiVec<NodeId, NodeLoad>,
    io_threads: u32,
    queued_max: usize,
    request_cost: DurationSampler,
    message_cost: DurationSampler,
    /// Producers' requests draw from `rng` (`broker:cost`); the other publishers' and the
    /// followers' from streams of their own, so charging them moves no producer's draw.
    rng: Stream,
    publish_rng: Stream,
    follower_rng: Stream,
    /// Consumers' fetch requests: a stream of their own too.
    fetch_rng: Stream,
    /// When the statistics (re)started.
    pub(in crate::engine) measured_from: SimTime,
}

impl BrokerLoad {
    pub fn new(spec: &crate::scenario::Broker, nodes: usize) -> BrokerLoad {
        let io_threads = spec.io_threads.max(1);
        let node = NodeLoad { threads: vec![None; io_threads as usize], ..NodeLoad::default() };
        BrokerLoad {
            nodes: (0..nodes).map(|_| node.clone()).collect(),
            io_threads,
            queued_max: spec.queued_max_requests as usize,
            request_cost: DurationSampler::new(&spec.request_cost),
            message_cost: DurationSampler::new(&spec.message_cost),
            rng: unseeded(),
            publish_rng: unseeded(),
            follower_rng: unseeded(),
            fetch_rng: unseeded(),
            measured_from: SimTime::ZERO,
        }
    }

    pub fn for_each_stream(&mut self, visit: &mut dyn FnMut(StreamOf<'_>, &mut Stream)) {
        visit(StreamOf::BrokerCost, &mut self.rng);
        visit(StreamOf::BrokerPublishCost, &mut self.publish_rng);
        visit(StreamOf::BrokerFollowerCost, &mut self.follower_rng);
        visit(StreamOf::BrokerFetchCost, &mut self.fetch_rng);
    }

    pub fn io_threads(&self) -> u32 {
        self.io_threads
    }

    /// The service time of `request`: one draw of each cost, from its sender's stream.
    fn cost(&mut self, request: &Request) -> SimDuration {
        let rng = match request.sender {
            Sender::Producer(_) => &mut self.rng,
            Sender::Relay(..) | Sender::Bus(_) => &mut self.publish_rng,
            Sender::Follower(_) => &mut self.follower_rng,
            Sender::Fetch(_) => &mut self.fetch_rng,
        };
        let cost = self.request_cost.sample(rng);
        let per_message = self.message_cost.sample(rng);
        cost + SimDuration(per_message.0.saturating_mul(request.size() as u64))
    }

    /// `request` reaches node `n` at `now`.
    pub fn admit(&mut self, n: NodeId, request: Request, now: SimTime) -> Admitted {
        self.nodes[n].advance(now);
        // A free thread (there is one exactly while fewer than `io_threads` are busy).
        if let Some(slot) = self.nodes[n].threads.iter().position(Option::is_none) {
            let done = now + self.cost(&request);
            let node = &mut self.nodes[n];
            node.threads[slot] = Some(request);
            node.busy += 1;
            node.stats.started += 1;
            return Admitted::Serving { slot: slot as u32, done };
        }
        let node = &mut self.nodes[n];
        if node.queue.len() >= self.queued_max {
            node.stats.refused += 1;
            return Admitted::Refused(request);
        }
        node.queue.push_back(request);
        Admitted::Queued
    }

    /// Thread `slot` of node `n` finished its request at `now`: returns it, and the next
    /// queued request's completion if one starts on the freed thread.
    pub fn finish(&mut self, n: NodeId, slot: u32, now: SimTime) -> (Option<Request>, Option<SimTime>) {
        let node = &mut self.nodes[n];
        node.advance(now);
        let Some(done) = node.threads.get_mut(slot as usize).and_then(Option::take) else { return (None, None) };
        node.busy -= 1;
        node.stats.requests += 1;
        node.stats.messages += done.size() as u64;
        node.stats.fetches += u64::from(matches!(done.sender, Sender::Fetch(_)));
        node.stats.follower_fetches += u64::from(matches!(done.sender, Sender::Follower(_)));
        let Some(next) = node.queue.pop_front() else { return (Some(done), None) };
        node.stats.started += 1;
        node.stats.wait_ns += u128::from(now.since(next.arrived).0);
        let due = now + self.cost(&next);
        let node = &mut self.nodes[n];
        node.threads[slot as usize] = Some(next);
        node.busy += 1;
        (Some(done), Some(due))
    }

    /// Messages in requests at the nodes (for the ledger's in-system count).
    pub fn held(&self) -> u64 {
        self.nodes.iter().map(NodeLoad::held).sum()
    }

    /// The counters start again from `now` (the end of a warm-up).
    pub fn reset_statistics(&mut self, now: SimTime) {
        for node in self.nodes.iter_mut() {
            node.advance(now);
            node.stats = NodeLoadStats::default();
        }
        self.measured_from = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::message::Origin;
    use crate::scenario::Distribution;

    fn pending(partition: u32) -> Pending {
        let message = Message::root(
            1,
            SimTime::ZERO,
            0,
            Origin::Producer(ProducerId::new(0)),
            PartitionId::new(partition),
            Default::default(),
        );
        Pending { message, tries: 1, backoff_ns: 0 }
    }

    #[test]
    fn a_batch_is_full_at_max_messages_and_lingers_per_partition() {
        let mut b = SendBatcher::new(&SendBatch { max_messages: 3, linger: SimDuration::from_millis(5) });
        assert_eq!(b.add(pending(0)), Added::Started(1));
        assert_eq!(b.add(pending(1)), Added::Started(2));
        assert_eq!(b.add(pending(0)), Added::Joined);
        assert_eq!(b.held(), 3);
        assert_eq!(b.add(pending(0)), Added::Full);
        assert_eq!(b.take(PartitionId::new(0)).len(), 3);
        // Partition 0's timer (generation 1) is stale now; partition 1's is not.
        assert!(b.take_lingered(PartitionId::new(0), 1).is_none());
        assert_eq!(b.take_lingered(PartitionId::new(1), 2).map(|v| v.len()), Some(1));
        assert_eq!(b.held(), 0);
    }

    #[test]
    fn a_node_serves_io_threads_requests_at_once_and_refuses_beyond_its_queue() {
        let spec = crate::scenario::Broker {
            io_threads: 1,
            queued_max_requests: 1,
            request_cost: Distribution::Constant(SimDuration::from_millis(1)),
            ..Default::default()
        };
        let mut load = BrokerLoad::new(&spec, 1);
        let n = NodeId::new(0);
        let request = |at| Request {
            sender: Sender::Producer(ProducerId::new(0)),
            messages: vec![pending(0)],
            arrived: at,
            placement: None,
        };
        let t0 = SimTime::ZERO;
        assert!(matches!(load.admit(n, request(t0), t0), Admitted::Serving { slot: 0, .. }));
        assert!(matches!(load.admit(n, request(t0), t0), Admitted::Queued));
        assert!(matches!(load.admit(n, request(t0), t0), Admitted::Refused(_)));
        assert_eq!(load.held(), 2);
        let t1 = t0 + SimDuration::from_millis(1);
        let (done, next) = load.finish(n, 0, t1);
        assert!(done.is_some());
        assert_eq!(next, Some(t1 + SimDuration::from_millis(1)));
        let stats = load.nodes[n].stats_at(t1);
        // 1 ms busy, 1 ms queued, one wait of 1 ms, one refusal.
        assert_eq!(
            (stats.busy_ns, stats.queued_ns, stats.wait_ns, stats.refused),
            (1_000_000, 1_000_000, 1_000_000, 1)
        );
    }
}
