//! A status for a draft that has no engine: every component of the draft at rest, so
//! the topology view lays out and draws the draft the way it draws a run (valid or not:
//! a producer wired to nothing is still a node). Counters are zero; components are up.

use crate::engine::SystemStatus;
use crate::engine::status::TopicStatus;
use crate::engine::status::{ClientStatus, GroupStatus, InstanceStatus, ProducerStatus, ReplicaStatus, ServiceStatus};
use crate::scenario::{OnExhausted, Scenario};

/// Most boxes drawn for a draft's instances or replicas: a typo of 100000 instances must
/// not build that many boxes (the node shows "+N" past its rows anyway).
const MAX_BOXES: u32 = 64;

/// The status of `scenario` before it runs.
pub fn at_rest(scenario: &Scenario) -> SystemStatus {
    let dead_letter_target = |name: &str| {
        scenario.consumers.iter().any(|g| matches!(&g.on_exhausted, OnExhausted::DeadLetter(t) if t == name))
            || scenario.topics.iter().any(|t| t.expired_to.as_deref() == Some(name))
    };
    SystemStatus {
        scenario: scenario.name.clone(),
        seed: scenario.seed,
        producers: scenario
            .producers
            .iter()
            .map(|p| ProducerStatus { name: p.name.clone(), topic: p.topic.clone(), ..Default::default() })
            .collect(),
        clients: scenario.clients.iter().map(|c| ClientStatus { name: c.name.clone(), ..Default::default() }).collect(),
        topics: scenario
            .topics
            .iter()
            .map(|t| TopicStatus {
                name: t.name.clone(),
                partition_backlog: vec![0; t.partitions.clamp(1, MAX_BOXES) as usize],
                capacity: t.capacity,
                is_dead_letter_target: dead_letter_target(&t.name),
                ..Default::default()
            })
            .collect(),
        groups: scenario
            .consumers
            .iter()
            .map(|g| GroupStatus {
                name: g.name.clone(),
                topic: g.topic.clone(),
                concurrency: g.concurrency,
                prefetch: g.prefetch.unwrap_or(g.concurrency),
                instances: (1..=g.instances.clamp(1, MAX_BOXES))
                    .map(|i| InstanceStatus {
                        name: format!("{}/{i}", g.name),
                        up: true,
                        member: true,
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            })
            .collect(),
        services: scenario
            .services
            .iter()
            .map(|v| ServiceStatus {
                name: v.name.clone(),
                capacity: v.capacity,
                up: true,
                slow_factor: 1.0,
                replicas: (1..=v.replicas.clamp(1, MAX_BOXES))
                    .map(|i| ReplicaStatus {
                        name: if v.replicas > 1 { format!("{}/{i}", v.name) } else { v.name.clone() },
                        up: true,
                        ..Default::default()
                    })
                    .collect(),
                balance: v.balance,
                publishes: v.publishes.clone(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}
