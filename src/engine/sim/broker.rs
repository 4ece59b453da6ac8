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
use crate::engine::broker::Candidate;
use crate::scenario::Acks;

impl Simulation {
    /// Crash and Partition faults and stochastic failures in effect on node `n`.
    pub(super) fn refresh_node(&mut self, n: NodeId, cause: &'static str) {
        let levels = self.fault_levels(Target::Node(n));
        let failed = self.units[self.broker.nodes[n].unit].has_failed();
        let change = self.broker.nodes[n].set_faults(levels.crashed || failed, levels.partitioned);
        if change.crashed {
            self.unreplicated_lost_with(n);
            self.node_crashed(n);
        }
        match change.serving {
            OutageChange::Began => self.node_stops_serving(n, cause),
            OutageChange::Ended => self.node_serves_again(n),
            OutageChange::Unchanged => {}
        }
        if change.crashed {
            self.broker.lost_disk(n);
        }
        self.broker.recount_under_replicated(self.now);
    }

    /// Node `n` crashed while leading partitions whose followers had not yet copied some
    /// messages: the new leader never has them (Kafka truncates the old leader's log to the
    /// new leader's on its return). With acks Leader they were acknowledged, and with acks
    /// None sent and forgotten: lost. With acks All they were never acknowledged, so the
    /// producer's delivery times out and it sends them again (its retries or outbox).
    fn unreplicated_lost_with(&mut self, n: NodeId) {
        let led: Vec<usize> = self.broker.led_by(n).filter(|&i| !self.broker.replicating[i].is_empty()).collect();
        for i in led {
            self.unreplicated_lost(i, n, Reason::NotReplicatedLeaderCrash);
        }
    }

    /// The messages of placement `i` waiting for their copy will never have one (their
    /// leader `n` crashed, or lost the leadership to an unclean election): acks All ones go
    /// back to their producer, the others are lost with `reason`.
    fn unreplicated_lost(&mut self, i: usize, n: NodeId, reason: Reason) {
        let t = self.broker.placements[i].topic;
        let waiting = std::mem::take(&mut self.broker.replicating[i]);
        let mut lost = 0u64;
        for copy in waiting.into_values() {
            match (copy.acks, copy.message.producer()) {
                (Acks::All, Some(p)) => {
                    self.broker.stats.unacked_returned += 1;
                    self.return_unacknowledged(p, copy.message);
                }
                _ => {
                    self.broker.stats.acked_lost += 1;
                    lost += 1;
                    self.lose_unreplicated(t, copy.message, reason);
                }
            }
        }
        self.log_partition_lost(i, n, lost, reason);
    }

    fn log_partition_lost(&mut self, i: usize, n: NodeId, lost: u64, reason: Reason) {
        if lost > 0 {
            let placement = self.broker.placements[i];
            let partition = u64::from(placement.partition.get());
            let topic = self.topics[placement.topic].name.clone();
            let node = self.broker.nodes[n].name.clone();
            self.log.push(self.now, Severity::Error, topic, LogText::PartitionLost { partition, lost, node, reason });
        }
    }

    /// A message appended to topic `t`'s leader and never replicated is lost (it never
    /// reached a group's queue, so only the run's ledger records it).
    fn lose_unreplicated(&mut self, t: TopicId, message: Message, reason: Reason) {
        self.trace(&message, StepKind::Ended { terminal: Terminal::Lost, reason, group: None });
        if message.is_command() {
            self.saga_command_ended(message.id, Reply::Lost);
        }
        self.ledger.record(Terminal::Lost, reason);
        self.topics[t].stats.interval_unserved += 1;
        self.interval.lost += 1;
    }

    /// Node `node` leads offline placement `i` as `candidate`: an unclean leader first loses
    /// what it lacks (Kafka truncates every log to the new leader's): the messages waiting
    /// for their copy, and those of the log after its copy ends (all of them if its disk
    /// went with a crash). Then the in-sync set is the serving replicas.
    fn take_leadership(&mut self, i: usize, candidate: Candidate) -> (TopicId, PartitionId) {
        let node = match candidate {
            Candidate::Clean(node) => node,
            Candidate::Unclean { node, synced_to } => {
                self.unreplicated_lost(i, node, Reason::UncleanElection);
                let placement = self.broker.placements[i];
                let mut lost = 0u64;
                for q in self.queues_of(placement.topic) {
                    let mut kept = Vec::new();
                    while let Some(message) = self.topics[q].take_from(placement.partition) {
                        if synced_to.is_some_and(|to| message.published_at <= to) {
                            kept.push(message);
                        } else {
                            lost += u64::from(!message.is_duplicate() && q == placement.topic);
                            self.end_in_topic(q, message, Terminal::Lost, Reason::UncleanElection);
                        }
                    }
                    for message in kept.into_iter().rev() {
                        self.topics[q].push_front(message);
                    }
                }
                self.broker.stats.unclean_elections += 1;
                self.log_partition_lost(i, node, lost, Reason::UncleanElection);
                node
            }
        };
        let elected = self.broker.elect(i, node);
        self.broker.shrink_and_catch_up(i);
        elected
    }

    /// An acks All event whose publish was never acknowledged goes back to its producer:
    /// to the outbox (still PENDING as far as the relay knows) or to its publish retries.
    fn return_unacknowledged(&mut self, p: ProducerId, message: Message) {
        if self.producers[p].outbox().is_some() {
            self.write_outbox(p, message);
        } else {
            self.publish_failed(p, message, 1, 0, Reason::NotAcknowledgedLeaderCrash);
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
        self.broker.stops_serving(n, self.now);
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
            match self.broker.candidate(i, None) {
                Some(candidate) => {
                    let (t, p) = self.take_leadership(i, candidate);
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
        self.broker.recount_under_replicated(self.now);
    }

    /// The node serves again: it leads every offline partition it holds a copy of.
    fn node_serves_again(&mut self, n: NodeId) {
        let unit = self.broker.nodes[n].unit;
        self.unit_up(unit);
        self.broker.nodes[n].renew_failover();
        let mut topics_touched = Vec::new();
        for i in 0..self.broker.placements.len() {
            if !self.broker.holds(i, n) {
                continue;
            }
            if self.broker.placements[i].leader.is_some() {
                self.broker.catch_up(i, n);
            } else if let Some(candidate) = self.broker.candidate(i, Some(n)) {
                // An offline partition: it leads if in sync (or by unclean election);
                // otherwise the partition waits for an in-sync replica.
                let (t, p) = self.take_leadership(i, candidate);
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
