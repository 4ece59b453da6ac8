//! Adding partitions to a live topic (Kafka's `kafka-topics --alter --partitions N`):
//! only growth, as in Kafka. The new partitions start empty and are placed on the broker
//! nodes after the existing ones; every queue of the topic (its subscribers' copies) grows
//! with it, and every group reading it rebalances to take them. Keys hash over the new
//! count from the next publish on, so most keys move to another partition, and a moved
//! key's newer messages can be handled before its older ones still waiting in the old
//! partition: the per-key ordering hazard Kafka's documentation warns about.

use super::*;
use crate::engine::broker::{Candidate, Placement};
use crate::engine::command::ComponentKind;
use crate::scenario::limits::MAX_PARTITIONS;

/// What growing a topic did to its keys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeysRemapped {
    /// Keys its producers may send (0 … keys − 1, over its producers).
    pub keys: u64,
    /// Of those, keys whose partition changed.
    pub moved: u64,
    /// Moved keys with messages still waiting in their old partition (in any queue of the
    /// topic) at the change: their newer messages may overtake those.
    pub hazards: u64,
}

impl Simulation {
    /// Grows topic `name` to `partitions` partitions.
    pub(super) fn add_partitions(&mut self, name: &str, partitions: u32) -> Result<(u32, KeysRemapped), CommandError> {
        let t = self
            .topics
            .position(|t| t.name == name && t.places_partitions())
            .ok_or_else(|| CommandError::UnknownComponent { kind: ComponentKind::Topic, name: name.to_string() })?;
        let from = self.topics[t].partitions.len() as u32;
        if partitions <= from || partitions > MAX_PARTITIONS {
            return Err(CommandError::PartitionCount { topic: name.to_string(), from, to: partitions });
        }
        let remapped = self.keys_remapped(t, from, partitions);
        let queues = self.queues_of(t);
        for &q in &queues {
            self.topics[q].grow_to(partitions);
        }
        self.place_new_partitions(t, from, partitions);
        self.topics[t].stats.keys_moved += remapped.moved;
        self.topics[t].stats.key_order_hazards += remapped.hazards;
        for g in self.groups.keys() {
            if !queues.contains(&self.groups[g].topic) {
                continue;
            }
            let group = &mut self.groups[g];
            let owner = group.assignment.partition_owner.iter().next().copied().unwrap_or_default();
            group.assignment.partition_owner.resize(partitions as usize, owner);
            group.assignment.commit_scratch.resize(partitions as usize, u64::MAX);
            group.assignment.paused_since.resize(partitions as usize, None);
            group.assignment.new_partitions.extend((from..partitions).map(PartitionId::new));
            if group.config.delivery == Delivery::Partitioned {
                // The members' metadata refresh finds the new partitions: a rebalance.
                self.start_rebalance(g, "partitions added");
            } else {
                self.pump_all(g);
            }
        }
        Ok((from, remapped))
    }

    /// Keys of the topic's producers whose partition changes from `from` to `to`
    /// partitions, and those of them with messages waiting in their old partition.
    fn keys_remapped(&self, t: TopicId, from: u32, to: u32) -> KeysRemapped {
        let name = &self.topics[t].name;
        let keys = (self.scenario.producers.iter().filter(|p| &p.topic == name))
            .map(|p| match p.keys {
                crate::scenario::Keys::Uniform { keys } | crate::scenario::Keys::Zipf { keys, .. } => keys.max(1),
            })
            .max()
            .unwrap_or(0);
        let partition = |key: u32, n: u32| crate::engine::rng::splitmix64(u64::from(key)) % u64::from(n);
        let moved = |key: u32| partition(key, from) != partition(key, to);
        let mut waiting: std::collections::BTreeSet<u32> = std::collections::BTreeSet::new();
        for q in self.queues_of(t) {
            for p in self.topics[q].partitions.keys() {
                for m in self.topics[q].partitions[p].queue.iter() {
                    if m.key < keys && moved(m.key) {
                        waiting.insert(m.key);
                    }
                }
            }
        }
        KeysRemapped {
            keys: u64::from(keys),
            moved: (0..keys).filter(|&k| moved(k)).count() as u64,
            hazards: waiting.len() as u64,
        }
    }

    /// Places partitions `from..to` of topic `t` round the nodes after the cluster's last
    /// placement; each is led by its first serving replica (offline if none serves).
    fn place_new_partitions(&mut self, t: TopicId, from: u32, to: u32) {
        let n = self.broker.nodes.len() as u32;
        for p in from..to {
            let k = self.broker.placements.len() as u32;
            let first_replica = NodeId::new(k % n.max(1));
            let placement = Placement { topic: t, partition: PartitionId::new(p), first_replica, leader: None };
            let i = self.broker.add_placement(placement);
            // A new partition is empty, so every serving replica is in sync: the first one leads.
            let leader = self.broker.candidate(i, None).map(|c| match c {
                Candidate::Clean(node) | Candidate::Unclean { node, .. } => node,
            });
            self.broker.placements[i].leader = leader;
            if leader.is_none() {
                for q in self.queues_of(t) {
                    self.topics[q].set_offline(PartitionId::new(p), true);
                }
            }
        }
    }
}
