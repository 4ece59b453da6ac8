//! Snapshots of the live state for the UI and reports.

use super::*;
use crate::engine::fault::FaultOrigin;
use crate::engine::status::{
    AlertStatus, AvailabilityStatus, BrokerNodeStatus, FaultStatus, IncidentStatus, InstanceState, NodeState,
    RECENT_INCIDENTS, RECENT_TRANSITIONS, ServiceLevelStatus,
};

impl Simulation {
    /// Live state of every component.
    pub fn status(&self) -> SystemStatus {
        SystemStatus {
            now: self.now,
            producers: self
                .producers
                .iter()
                .map(|p| ProducerStatus {
                    name: p.name.clone(),
                    topic: self.topics[p.topic as usize].name.clone(),
                    produced: p.stats.produced,
                    rejected: p.stats.rejected,
                    blocked: p.blocked.is_some(),
                    mean_rate_per_second: p.arrivals.mean_rate_per_second(),
                    crashed: p.crashed,
                    partitioned: p.partitioned,
                    unreachable: p.stats.unreachable,
                })
                .collect(),
            topics: self.topics.iter().enumerate().map(|(t, topic)| self.topic_status(t as u32, topic)).collect(),
            groups: self.groups.iter().map(|g| self.group_status(g)).collect(),
            services: self
                .services
                .iter()
                .map(|s| ServiceStatus {
                    name: s.name.clone(),
                    active: s.active,
                    waiting: s.waiting.len() as u64,
                    capacity: (s.capacity != u32::MAX).then_some(s.capacity),
                    calls: s.stats.calls,
                    errors: s.stats.errors.iter().sum(),
                    up: !s.down,
                    slow_factor: s.slow_factor,
                    fault_error_rate: s.fault_error_rate,
                })
                .collect(),
            brokers: self.broker_status(),
            faults: self
                .active_faults
                .iter()
                .map(|&f| {
                    let fault = &self.faults[f as usize];
                    FaultStatus {
                        target: fault.target_name.clone(),
                        kind: fault.describe(),
                        since: fault.start,
                        until: fault.ends_at(),
                        from_command: fault.origin == FaultOrigin::Command,
                    }
                })
                .collect(),
            availability: self
                .units
                .iter()
                .filter(|u| u.availability.is_observed())
                .map(|u| {
                    let timeline = u.availability.timeline();
                    AvailabilityStatus {
                        component: u.name.clone(),
                        up: !u.availability.is_down(),
                        figures: u.availability.figures(self.now),
                        timeline: timeline
                            .iter()
                            .skip(timeline.len().saturating_sub(RECENT_TRANSITIONS))
                            .copied()
                            .collect(),
                    }
                })
                .collect(),
            incidents: self
                .incidents
                .iter()
                .rev()
                .take(RECENT_INCIDENTS)
                .rev()
                .map(|i| IncidentStatus {
                    component: i.component.clone(),
                    kind: i.kind.to_string(),
                    at: i.at,
                    detected_by: i.detected_by.clone(),
                    diagnosed_by: i.diagnosed_by.clone(),
                    recovered_at: i.recovered_at,
                    timings: i.timings(),
                })
                .collect(),
            alerts: self
                .alerts
                .iter()
                .map(|a| AlertStatus {
                    name: a.name.clone(),
                    subject: a.subject.clone(),
                    state: a.state,
                    fired: a.history().len() as u64 + a.evicted(),
                })
                .collect(),
        }
    }

    fn topic_status(&self, t: u32, topic: &Topic) -> TopicStatus {
        let mut leaders = Vec::new();
        if !topic.is_dead_letter_target {
            leaders = vec![None; topic.partitions.len()];
            for placement in self.broker.placements.iter().filter(|p| p.topic == t) {
                leaders[placement.partition as usize] = placement.leader.map(|n| n + 1);
            }
        }
        TopicStatus {
            name: topic.name.clone(),
            partition_backlog: if topic.is_dead_letter_target {
                vec![topic.dead_letters.len() as u64]
            } else {
                topic.partitions.iter().map(|p| p.queue.len() as u64).collect()
            },
            capacity: topic.capacity,
            is_dead_letter_target: topic.is_dead_letter_target,
            max_backlog: topic.stats.max_backlog,
            partition_leaders: leaders,
        }
    }

    fn broker_status(&self) -> Vec<BrokerNodeStatus> {
        let leaders = self.broker.leader_counts();
        self.broker
            .nodes
            .iter()
            .enumerate()
            .map(|(n, node)| BrokerNodeStatus {
                name: node.name.clone(),
                state: if node.crashed {
                    NodeState::Down
                } else if node.partitioned {
                    NodeState::Partitioned
                } else {
                    NodeState::Up
                },
                leaders: leaders[n],
                availability: self.units[node.unit as usize].availability.figures(self.now).observed,
            })
            .collect()
    }

    fn group_status(&self, g: &Group) -> GroupStatus {
        GroupStatus {
            name: g.name.clone(),
            topic: self.topics[g.topic as usize].name.clone(),
            concurrency: g.concurrency,
            prefetch: g.prefetch,
            instances: g
                .instances
                .iter()
                .enumerate()
                .map(|(i, inst)| InstanceStatus {
                    name: format!("{}/{}", g.name, i + 1),
                    up: inst.up,
                    state: instance_state(g, inst),
                    member: inst.member,
                    busy: inst.busy,
                    buffered: inst.buffer.len() as u32,
                    unacked: inst.unacked,
                    partitions: inst.partitions.clone(),
                    orphaned: inst.orphaned.len() as u32,
                    unconfirmed: inst.unconfirmed.len() as u32,
                    restart_at: inst.restart_due,
                    crash_loop: inst.crash_loop,
                    availability: self.units[inst.unit as usize].availability.figures(self.now).observed,
                })
                .collect(),
            processed: g.stats.processed,
            attempts: g.stats.attempts,
            retrying: g.retrying_jobs() as u64,
            lag: self.topics[g.topic as usize].in_system() + g.held(),
            rebalancing: g.rebalancing,
            rebalances: g.stats.rebalances,
            redelivered: g.stats.redelivered,
            duplicates_processed: g.stats.duplicates_processed,
            deduplicated: g.stats.deduplicated,
            instances_provisioned: g.provisioned_instances(),
            service_level: service_level(g),
        }
    }
}

fn instance_state(g: &Group, inst: &Instance) -> InstanceState {
    if !inst.provisioned {
        InstanceState::Stopped
    } else if !inst.up && inst.restart_due.is_some() {
        InstanceState::Restarting
    } else if !inst.up {
        InstanceState::Down
    } else if !inst.connected {
        InstanceState::Partitioned
    } else if g.delivery == Delivery::Partitioned && !g.rebalancing && inst.member && inst.partitions.is_empty() {
        InstanceState::Idle
    } else {
        InstanceState::Up
    }
}

/// A group's service level and error budget so far (SRE error budget: the share of
/// intervals allowed to miss the objectives is 1 − target).
pub fn service_level(g: &Group) -> ServiceLevelStatus {
    let (intervals, good) = (g.intervals, g.good_intervals);
    let target = g.objectives.target;
    let budget = (1.0 - target) * intervals as f64;
    let bad = (intervals - good) as f64;
    ServiceLevelStatus {
        intervals,
        good_intervals: good,
        availability: if intervals == 0 { 1.0 } else { good as f64 / intervals as f64 },
        target,
        error_budget_consumed: if budget > 0.0 {
            Some(bad / budget)
        } else if bad == 0.0 {
            Some(0.0)
        } else {
            None
        },
    }
}
