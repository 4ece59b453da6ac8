//! Broker nodes going down and coming back: offline partitions, failover to replicas,
//! and the messages lost with a node.
//!
//! A node **crash** models losing the machine (process and local disk, as a cloud
//! instance on ephemeral storage): a partition's messages survive only on another replica
//! whose node is not crashed, and a non-durable topic's messages (kept in memory only)
//! are lost with the node that leads the partition. A node **partition** (network) cuts
//! it off with its data intact. Either way, the partitions it leads are offline —
//! producers cannot publish to them (`Unreachable`), consumers cannot fetch from them —
//! until failover after `failover_after` moves leadership to a serving replica, or until
//! the node serves again.

use super::*;

impl Simulation {
    /// Crash and Partition faults and stochastic failures in effect on node `n`.
    pub(super) fn refresh_node(&mut self, n: NodeId, cause: &'static str) {
        let levels = self.fault_levels(Target::Node(n));
        let failed = self.units[self.broker.nodes[n].unit].has_failed();
        let change = self.broker.nodes[n].set_faults(levels.crashed || failed, levels.partitioned);
        if change.crashed {
            self.node_crashed(n);
        }
        match change.serving {
            OutageChange::Began => self.node_stops_serving(n, cause),
            OutageChange::Ended => self.node_serves_again(n),
            OutageChange::Unchanged => {}
        }
    }

    /// The node's copies are gone: partitions left without a copy on a node that is not
    /// crashed lose their messages, and so do non-durable partitions it led.
    fn node_crashed(&mut self, n: NodeId) {
        for i in 0..self.broker.placements.len() {
            if !self.broker.holds(i, n) {
                continue;
            }
            let placement = self.broker.placements[i];
            let (t, p) = (placement.topic, placement.partition);
            let led_here = placement.leader == Some(n) || placement.leader.is_none();
            let copy_survives = self.broker.replicas(i).any(|r| r != n && !self.broker.nodes[r].is_crashed());
            let reason = if !self.topics[t].durable && placement.leader == Some(n) {
                Reason::BrokerNodeLostNonDurable
            } else if led_here && !copy_survives {
                Reason::BrokerNodeLost
            } else {
                continue;
            };
            let mut lost = 0u64;
            for q in self.queues_of(t) {
                while let Some(message) = self.topics[q].take_from(p) {
                    lost += u64::from(!message.is_duplicate());
                    self.end_in_topic(q, message, Terminal::Lost, reason);
                }
            }
            if lost > 0 {
                let topic = self.topics[t].name.clone();
                self.log.push(
                    self.now,
                    Severity::Error,
                    topic,
                    LogText::PartitionLost {
                        partition: u64::from(p.get()),
                        lost,
                        node: self.broker.nodes[n].name.clone(),
                        reason,
                    },
                );
            }
            self.unblock_producers(t);
        }
    }

    fn node_stops_serving(&mut self, n: NodeId, cause: &'static str) {
        let unit = self.broker.nodes[n].unit;
        self.unit_down(unit);
        let led = self.broker.leaders_lost(n);
        for &(t, p) in &led {
            self.set_partition_offline(t, p, true);
        }
        let generation = self.broker.nodes[n].renew_failover();
        let failover_after = self.broker.failover_after;
        self.queue.schedule(self.now + failover_after, Event::Failover { node: n, generation });
        let (related, naming) = self.alert_links(Target::Node(n));
        let name = self.broker.nodes[n].name.clone();
        self.incidents.set_work(self.work_done());
        let id = self.incidents.open(name.clone(), cause, self.now, related, naming);
        self.broker.nodes[n].incident = Some(id);
        let text =
            LogText::NodeDown { cause: cause.to_string(), leaders: led.len() as u64, failover_in: failover_after };
        self.log.push(self.now, Severity::Error, name, text);
    }

    /// The controller elects a new leader among the serving replicas of each partition
    /// the node led. Partitions with no serving replica stay offline.
    pub(super) fn on_failover(&mut self, n: NodeId, generation: u32) {
        if !self.broker.nodes[n].failover_due(generation) {
            return;
        }
        let (mut moved, mut stuck) = (0, 0);
        let mut topics_touched = Vec::new();
        for i in 0..self.broker.placements.len() {
            if self.broker.placements[i].leader.is_some() || !self.broker.holds(i, n) {
                continue;
            }
            match self.broker.serving_replica(i, None) {
                Some(r) => {
                    let (t, p) = self.broker.elect(i, r);
                    self.set_partition_offline(t, p, false);
                    topics_touched.push(t);
                    moved += 1;
                }
                None => stuck += 1,
            }
        }
        let name = self.broker.nodes[n].name.clone();
        if let Some(id) = self.broker.nodes[n].incident {
            self.incidents.detected(id, self.now, "controller failover");
            if stuck == 0 {
                self.incidents.set_work(self.work_done());
                self.incidents.recovered(id, self.now);
                self.broker.nodes[n].incident = None;
            }
        }
        let text = LogText::Failover { moved, stuck };
        self.log.push(self.now, Severity::Warning, name, text);
        self.partitions_back_online(topics_touched);
    }

    /// The node serves again: it leads every offline partition it holds a copy of.
    fn node_serves_again(&mut self, n: NodeId) {
        let unit = self.broker.nodes[n].unit;
        self.unit_up(unit);
        self.broker.nodes[n].renew_failover();
        let mut topics_touched = Vec::new();
        for i in 0..self.broker.placements.len() {
            if self.broker.placements[i].leader.is_none() && self.broker.holds(i, n) {
                let (t, p) = self.broker.elect(i, n);
                self.set_partition_offline(t, p, false);
                topics_touched.push(t);
            }
        }
        if let Some(id) = self.broker.nodes[n].incident.take() {
            self.incidents.set_work(self.work_done());
            self.incidents.recovered(id, self.now);
        }
        let name = self.broker.nodes[n].name.clone();
        let text = LogText::ServingAgain { partitions: topics_touched.len() as u64 };
        self.log.push(self.now, Severity::Info, name, text);
        self.partitions_back_online(topics_touched);
    }

    /// Consumers of topics whose partitions came back fetch again.
    fn partitions_back_online(&mut self, mut topics: Vec<TopicId>) {
        topics.sort_unstable();
        topics.dedup();
        for t in topics {
            for q in self.queues_of(t) {
                if let Some(g) = self.topics[q].consumer {
                    self.pump_all(g);
                }
            }
        }
    }

    /// A partition's leader is lost or back: the topic's partition and the same partition
    /// of every subscriber queue (they are one log on the broker).
    fn set_partition_offline(&mut self, t: TopicId, p: PartitionId, offline: bool) {
        for q in self.queues_of(t) {
            self.topics[q].set_offline(p, offline);
        }
    }

    /// Topic `t` and its subscriber queues, first subscriber first.
    pub(super) fn queues_of(&self, t: TopicId) -> Vec<TopicId> {
        std::iter::once(t).chain(self.topics[t].fan_out().iter().copied()).collect()
    }
}
