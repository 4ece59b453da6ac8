//! The broker cluster: nodes, and where each partition's leader and replicas live.
//!
//! Placement follows Kafka's default assignment in spirit: partitions, numbered across
//! all topics, get their replicas on consecutive nodes round the ring, the first being
//! the preferred leader, so leaders spread evenly. Dead-letter topics are not placed:
//! they are modelled as always available (their letters are already terminal).
//!
//! A node that stops serving (crash or network partition) takes its partitions'
//! leadership with it; after `failover_after` (the controller's detection plus leader
//! election) leadership moves to the first in-sync replica still serving. Without unclean
//! election (Kafka's default `unclean.leader.election.enable=false`) a partition with no
//! serving in-sync replica stays offline until one returns; with it, a serving
//! out-of-sync replica leads and the log is cut back to its copy.
//!
//! Replication: with a `replication_lag` other than zero, a message appended by a leader
//! that has a serving follower waits in [`Broker::replicating`] for one lag drawn per
//! message (the followers fetch together; each message's copy is independent, an M/G/∞
//! stage) before it joins the partition's log, visible to consumers: Kafka's high
//! watermark, which advances only once every in-sync replica has a record. The in-sync set
//! is the partition's serving replicas (a follower leaves it the moment its node stops
//! serving and rejoins the moment it serves again, i.e. `replica.lag.time.max.ms` is taken
//! as zero and catching up as instant).

use super::fault::OutageChange;
use super::ids::{NodeId, PartitionId, TiVec, TopicId, UnitId};
use super::message::Message;
use super::rng::{Stream, StreamOf, unseeded};
use super::sample::DurationSampler;
use super::status::NodeState;
use crate::scenario::{Acks, Distribution};
use crate::time::{SimDuration, SimTime};
use std::collections::BTreeMap;

/// One broker node, "broker/N" numbered from 1.
#[derive(Clone, Debug)]
pub struct Node {
    pub(in crate::engine) name: String,
    /// Down: a Crash fault or a stochastic failure.
    crashed: bool,
    /// Cut off from clients and the controller by a Partition fault; its data is intact.
    partitioned: bool,
    /// Index in the simulation's availability units.
    pub(in crate::engine) unit: UnitId,
    /// Bumped when the node serves again, so a pending failover is forgotten.
    failover_generation: u32,
    /// The open incident of the current outage.
    pub(in crate::engine) incident: Option<u64>,
    /// When it last stopped serving: its copies hold the log up to then.
    stopped_at: SimTime,
}

/// How a change of the faults in effect on a node moved it (see [`Node::set_faults`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeChange {
    /// It crashed just now: its copies of partitions are gone.
    pub crashed: bool,
    /// It stopped serving (crash or partition), or serves again.
    pub serving: OutageChange,
}

impl Node {
    pub fn serving(&self) -> bool {
        !self.crashed && !self.partitioned
    }

    /// Down by a Crash fault or a stochastic failure (its copies of partitions are gone).
    pub fn is_crashed(&self) -> bool {
        self.crashed
    }

    /// Up, down (crashed or failed) or cut off, as the status shows it.
    pub fn state(&self) -> NodeState {
        if self.crashed {
            NodeState::Down
        } else if self.partitioned {
            NodeState::Partitioned
        } else {
            NodeState::Up
        }
    }

    /// The Crash and Partition faults (and stochastic failure) in effect changed.
    pub fn set_faults(&mut self, crashed: bool, partitioned: bool) -> NodeChange {
        let (was_serving, was_crashed) = (self.serving(), self.crashed);
        self.crashed = crashed;
        self.partitioned = partitioned;
        NodeChange { crashed: crashed && !was_crashed, serving: OutageChange::between(!was_serving, !self.serving()) }
    }

    /// Forgets any pending failover (the node stopped serving again, or serves again);
    /// returns the generation a failover scheduled now carries.
    pub fn renew_failover(&mut self) -> u32 {
        self.failover_generation = self.failover_generation.wrapping_add(1);
        self.failover_generation
    }

    /// Whether the failover of `generation` is still due: the latest one scheduled, and
    /// the node still not serving.
    pub fn failover_due(&self, generation: u32) -> bool {
        self.failover_generation == generation && !self.serving()
    }
}

/// Where one partition lives: `replication` consecutive nodes round the ring from
/// `first_replica` (the preferred leader). Kept to four numbers, so a cluster of many
/// nodes and partitions costs no per-partition allocation.
#[derive(Clone, Copy, Debug)]
pub struct Placement {
    pub topic: TopicId,
    pub partition: PartitionId,
    pub first_replica: NodeId,
    /// The node leading the partition now; `None` while it is offline.
    pub leader: Option<NodeId>,
}

/// A message appended by its partition's leader, not yet copied by the followers.
#[derive(Clone, Debug)]
pub struct Replicating {
    pub message: Message,
    /// The flags it was appended with (a Poison fault's mark included).
    pub flags: u8,
    /// How its publisher asked to be acknowledged (`Leader` for the bus's own publishes:
    /// emits and services publish once, with no retry to hand an unacknowledged one to).
    pub acks: Acks,
}

/// Replication counters since the run started, for the report and the status.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ReplicationStats {
    /// Acknowledged (acks Leader) or fire-and-forget (acks None) messages a crashed leader
    /// had not replicated: lost.
    pub acked_lost: u64,
    /// acks All messages a crashed leader had not replicated: never acknowledged, handed
    /// back to the producer's retries or outbox.
    pub unacked_returned: u64,
    /// acks All publishes refused because fewer than `min_insync` replicas served.
    pub refused_not_enough_replicas: u64,
    /// Offline partitions given to an out-of-sync replica (unclean election).
    pub unclean_elections: u64,
    /// Σ over time of the partitions with a leader and fewer in-sync replicas than
    /// copies (Kafka's UnderReplicatedPartitions), in partition·nanoseconds.
    pub under_replicated_partition_ns: u128,
}

/// The cluster.
#[derive(Clone, Debug)]
pub struct Broker {
    pub(in crate::engine) nodes: TiVec<NodeId, Node>,
    pub(in crate::engine) replication: u32,
    pub(in crate::engine) failover_after: SimDuration,
    pub(in crate::engine) placements: Vec<Placement>,
    /// Kafka's `min.insync.replicas`.
    pub(in crate::engine) min_insync: u32,
    /// The replication lag; `None` when it is zero (instant replication, no draw).
    lag: Option<DurationSampler>,
    /// The lag's own stream, so that scenarios without a lag draw what they always drew.
    lag_rng: Stream,
    /// Each placed topic's placements, by partition (`None`: not placed). A topic's
    /// first partitions are placed consecutively, but partitions added live
    /// (`AddPartitions`) are placed after every other topic's, hence a table.
    placement_index: Vec<Option<Vec<u32>>>,
    /// Per placement: appended messages waiting for their copy, by (due, message id).
    /// Bounded by the messages the run holds (`MAX_MESSAGES_HELD` counts them).
    pub(in crate::engine) replicating: Vec<BTreeMap<(SimTime, u64), Replicating>>,
    pub(in crate::engine) stats: ReplicationStats,
    /// Under-replicated partitions now, and since when that count holds.
    under_replicated: u32,
    under_replicated_since: SimTime,
    /// Replicas out of their partition's in-sync set, by (placement, node), with how far
    /// their copy of the log goes (`None`: nowhere, their disk went with a crash). Sparse:
    /// a replica is in sync unless listed.
    out_of_sync: BTreeMap<(u32, NodeId), Option<SimTime>>,
    /// Kafka's `unclean.leader.election.enable`.
    pub(in crate::engine) unclean_election: bool,
    /// Request handling at the nodes; `None` when requests cost nothing (the default).
    pub(in crate::engine) load: Option<super::broker_load::BrokerLoad>,
}

/// Who the controller may make leader of an offline partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Candidate {
    /// A serving in-sync replica: it has everything committed.
    Clean(NodeId),
    /// A serving out-of-sync replica (unclean election on): its copy ends at `synced_to`
    /// (`None`: it has nothing).
    Unclean { node: NodeId, synced_to: Option<SimTime> },
}

impl Broker {
    /// Places `partitions[t]` partitions of each placed topic (`None`: not placed).
    pub fn new(spec: &crate::scenario::Broker, partitions: &[Option<u32>]) -> Broker {
        let n = spec.nodes.max(1);
        let replication = spec.replication.clamp(1, n);
        let nodes = (0..n)
            .map(|i| Node {
                name: format!("broker/{}", i + 1),
                crashed: false,
                partitioned: false,
                unit: UnitId::default(),
                failover_generation: 0,
                incident: None,
                stopped_at: SimTime::ZERO,
            })
            .collect();
        let mut placements = Vec::new();
        let mut k = 0u32;
        for (t, count) in partitions.iter().enumerate() {
            let Some(count) = count else { continue };
            for p in 0..*count {
                let first_replica = NodeId::new(k % n);
                placements.push(Placement {
                    topic: TopicId::from(t),
                    partition: PartitionId::new(p),
                    first_replica,
                    leader: Some(first_replica),
                });
                k = k.wrapping_add(1);
            }
        }
        let mut placement_index = Vec::with_capacity(partitions.len());
        let mut next = 0u32;
        for count in partitions {
            placement_index.push(count.map(|count| (next..next + count).collect()));
            next += count.unwrap_or(0);
        }
        let replicating = vec![BTreeMap::new(); placements.len()];
        Broker {
            nodes,
            replication,
            failover_after: spec.failover_after,
            placements,
            min_insync: spec.min_insync,
            lag: lag_sampler(&spec.replication_lag),
            lag_rng: unseeded(),
            placement_index,
            replicating,
            stats: ReplicationStats::default(),
            under_replicated: 0,
            under_replicated_since: SimTime::ZERO,
            out_of_sync: BTreeMap::new(),
            unclean_election: spec.unclean_election,
            load: spec.has_cost().then(|| super::broker_load::BrokerLoad::new(spec, n as usize)),
        }
    }

    /// Sets `min_insync` and the lag from a changed scenario (a live change). Messages
    /// already waiting keep the lag they drew.
    pub fn set_replication(&mut self, spec: &crate::scenario::Broker) {
        self.min_insync = spec.min_insync;
        self.lag = lag_sampler(&spec.replication_lag);
        self.unclean_election = spec.unclean_election;
    }

    /// The lag's random stream, for building and `Reseed`.
    pub fn for_each_stream(&mut self, visit: &mut dyn FnMut(StreamOf<'_>, &mut Stream)) {
        visit(StreamOf::Replication, &mut self.lag_rng);
        if let Some(load) = &mut self.load {
            load.for_each_stream(visit);
        }
    }

    /// The placement of partition `p` of topic `t`, if the topic is placed.
    #[inline]
    pub fn placement_of(&self, t: TopicId, p: PartitionId) -> Option<usize> {
        let placed = self.placement_index.get(usize::from(t))?.as_ref()?;
        placed.get(usize::from(p)).map(|&i| i as usize)
    }

    /// The placements of topic `t`'s partitions, in partition order (none if not placed).
    pub fn placements_of(&self, t: TopicId) -> impl Iterator<Item = usize> + '_ {
        self.placement_index.get(usize::from(t)).into_iter().flatten().flatten().map(|&i| i as usize)
    }

    /// Places a partition added live to a placed topic after every existing placement;
    /// returns its index. Its leader is left to the caller (the first serving replica).
    pub fn add_placement(&mut self, placement: Placement) -> usize {
        let i = self.placements.len();
        if let Some(Some(placed)) = self.placement_index.get_mut(usize::from(placement.topic)) {
            placed.push(i as u32);
        }
        self.placements.push(placement);
        self.replicating.push(BTreeMap::new());
        i
    }

    /// Whether appended messages wait for their followers (a replication lag is set).
    #[inline]
    pub fn has_lag(&self) -> bool {
        self.lag.is_some()
    }

    /// Whether node `r`'s replica of placement `i` is in the in-sync set (serving or not).
    pub fn is_in_sync(&self, i: usize, r: NodeId) -> bool {
        !self.out_of_sync.contains_key(&(i as u32, r))
    }

    /// Replicas of placement `i` serving and in sync now: what `min_insync` counts.
    pub fn in_sync(&self, i: usize) -> u32 {
        self.replicas(i).filter(|r| self.nodes[*r].serving() && self.is_in_sync(i, *r)).count() as u32
    }

    /// Node `n` stops serving at `now`. Its follower replicas leave their in-sync sets (the
    /// leader drops a follower that stops fetching); a replica it leads stays in until the
    /// controller elects another leader (see [`Broker::shrink_and_catch_up`]).
    pub fn stops_serving(&mut self, n: NodeId, now: SimTime) {
        self.nodes[n].stopped_at = now;
        for i in 0..self.placements.len() {
            if self.holds(i, n) && self.placements[i].leader != Some(n) && self.placements[i].leader.is_some() {
                self.out_of_sync.entry((i as u32, n)).or_insert(Some(now));
            }
        }
    }

    /// Node `n` crashed: the copies of its out-of-sync replicas are gone.
    pub fn lost_disk(&mut self, n: NodeId) {
        for ((_, node), synced_to) in self.out_of_sync.iter_mut() {
            if *node == n {
                *synced_to = None;
            }
        }
    }

    /// Placement `i` has a leader again: replicas not serving leave the in-sync set (with
    /// their copy as of when they stopped, or nothing if crashed), serving ones catch up
    /// from the leader at once and are in sync.
    pub fn shrink_and_catch_up(&mut self, i: usize) {
        for r in self.replicas(i).collect::<Vec<_>>() {
            let node = &self.nodes[r];
            if node.serving() {
                self.out_of_sync.remove(&(i as u32, r));
            } else {
                let synced_to = (!node.is_crashed()).then_some(node.stopped_at);
                self.out_of_sync.entry((i as u32, r)).or_insert(synced_to);
            }
        }
    }

    /// Node `r`, serving again, catches up with placement `i`'s leader: in sync.
    pub fn catch_up(&mut self, i: usize, r: NodeId) {
        self.out_of_sync.remove(&(i as u32, r));
    }

    /// Who may lead offline placement `i` now: `prefer` (a node serving again) or else the
    /// first serving replica, if in sync; failing that, with unclean election, `prefer` or
    /// the first serving replica; otherwise nobody.
    pub fn candidate(&self, i: usize, prefer: Option<NodeId>) -> Option<Candidate> {
        let serving = || prefer.into_iter().chain(self.replicas(i)).filter(|r| self.nodes[*r].serving());
        if let Some(r) = serving().find(|r| self.is_in_sync(i, *r)) {
            return Some(Candidate::Clean(r));
        }
        if !self.unclean_election {
            return None;
        }
        let node = serving().next()?;
        Some(Candidate::Unclean { node, synced_to: self.out_of_sync.get(&(i as u32, node)).copied().flatten() })
    }

    /// When a message appended now to placement `i` will be on its followers, if it must
    /// wait for them: only with a lag, and a serving follower to wait for (a leader alone
    /// in its in-sync set commits at once).
    #[inline]
    pub fn copy_due(&mut self, i: usize, now: SimTime) -> Option<SimTime> {
        let lag = self.lag.as_ref()?;
        let leader = self.placements[i].leader?;
        if !self.replicas(i).any(|r| r != leader && self.nodes[r].serving() && self.is_in_sync(i, r)) {
            return None;
        }
        Some(now + lag.sample(&mut self.lag_rng))
    }

    /// Messages of placement `i` whose copy is due by `now`, in order of due time.
    pub fn copies_due(&mut self, i: usize, now: SimTime) -> Vec<Replicating> {
        let waiting = &mut self.replicating[i];
        let mut due = Vec::new();
        while let Some(entry) = waiting.first_entry() {
            if entry.key().0 > now {
                break;
            }
            due.push(entry.remove());
        }
        due
    }

    /// Messages waiting for their copy, duplicates aside (for the ledger's in-system count).
    pub fn replicating_count(&self) -> u64 {
        self.replicating.iter().map(|w| w.len() as u64).sum()
    }

    /// Brings the under-replicated partition time up to `now` and recounts (after any
    /// change of which nodes serve or lead).
    pub fn recount_under_replicated(&mut self, now: SimTime) {
        let elapsed = now.since(self.under_replicated_since);
        self.stats.under_replicated_partition_ns += u128::from(self.under_replicated) * u128::from(elapsed.0);
        self.under_replicated_since = now;
        self.under_replicated = (0..self.placements.len())
            .filter(|&i| self.placements[i].leader.is_some() && self.in_sync(i) < self.replication)
            .count() as u32;
    }

    /// The counters start again from `now` (the end of a warm-up); what is under-replicated
    /// now stays so.
    pub fn reset_statistics(&mut self, now: SimTime) {
        self.stats = ReplicationStats::default();
        self.under_replicated_since = now;
        if let Some(load) = &mut self.load {
            load.reset_statistics(now);
        }
    }

    /// The counters, with the under-replicated time brought up to `now`.
    pub fn stats_at(&self, now: SimTime) -> ReplicationStats {
        let elapsed = now.since(self.under_replicated_since);
        let mut stats = self.stats;
        stats.under_replicated_partition_ns += u128::from(self.under_replicated) * u128::from(elapsed.0);
        stats
    }

    /// Nodes holding a copy of placement `i`, preferred leader first.
    pub fn replicas(&self, i: usize) -> impl Iterator<Item = NodeId> + '_ {
        let n = self.nodes.len() as u32;
        let first = self.placements[i].first_replica.get();
        (0..self.replication).map(move |j| NodeId::new((first + j) % n))
    }

    /// Whether node `node` holds a copy of placement `i`.
    pub fn holds(&self, i: usize, node: NodeId) -> bool {
        let n = self.nodes.len() as u32;
        (node.get() + n - self.placements[i].first_replica.get()) % n < self.replication
    }

    /// Placements led by node `n` now.
    pub fn led_by(&self, n: NodeId) -> impl Iterator<Item = usize> + '_ {
        self.placements.iter().enumerate().filter(move |(_, p)| p.leader == Some(n)).map(|(i, _)| i)
    }

    /// Node `n` stops serving: the partitions it leads go offline (no leader) and are
    /// returned.
    pub fn leaders_lost(&mut self, n: NodeId) -> Vec<(TopicId, PartitionId)> {
        let mut offline = Vec::new();
        for placement in self.placements.iter_mut().filter(|p| p.leader == Some(n)) {
            placement.leader = None;
            offline.push((placement.topic, placement.partition));
        }
        offline
    }

    /// Node `leader` leads placement `i` from now on; returns the partition, back online.
    pub fn elect(&mut self, i: usize, leader: NodeId) -> (TopicId, PartitionId) {
        let placement = &mut self.placements[i];
        placement.leader = Some(leader);
        (placement.topic, placement.partition)
    }

    /// Partitions each node leads now (node order).
    pub fn leader_counts(&self) -> Vec<u32> {
        let mut counts = vec![0; self.nodes.len()];
        for p in &self.placements {
            if let Some(l) = p.leader {
                counts[usize::from(l)] += 1;
            }
        }
        counts
    }
}

/// No sampler for a zero lag: instant replication draws nothing, as before lags existed.
fn lag_sampler(lag: &Distribution) -> Option<DurationSampler> {
    match lag {
        Distribution::Constant(d) if *d == SimDuration::ZERO => None,
        other => Some(DurationSampler::new(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaders_and_replicas_spread_round_the_ring() {
        let spec = crate::scenario::Broker { nodes: 3, replication: 2, ..Default::default() };
        let b = Broker::new(&spec, &[Some(4), None, Some(2)]);
        let layout: Vec<(u32, u32, Vec<u32>)> = (0..b.placements.len())
            .map(|i| {
                (b.placements[i].topic.get(), b.placements[i].partition.get(), b.replicas(i).map(NodeId::get).collect())
            })
            .collect();
        assert_eq!(
            layout,
            [
                (0, 0, vec![0, 1]),
                (0, 1, vec![1, 2]),
                (0, 2, vec![2, 0]),
                (0, 3, vec![0, 1]),
                (2, 0, vec![1, 2]),
                (2, 1, vec![2, 0]),
            ]
        );
        assert_eq!(b.leader_counts(), [2, 2, 2]);
        assert_eq!(b.nodes[NodeId::new(1)].name, "broker/2");
        for i in 0..b.placements.len() {
            for node in (0..3).map(NodeId::new) {
                assert_eq!(b.holds(i, node), b.replicas(i).any(|r| r == node), "placement {i}, node {node}");
            }
        }
    }

    #[test]
    fn replication_is_capped_by_the_node_count() {
        let spec = crate::scenario::Broker { nodes: 2, replication: 5, ..Default::default() };
        assert_eq!(Broker::new(&spec, &[Some(1)]).replication, 2);
    }
}
