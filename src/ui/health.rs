//! Health: turns live numbers into ok / degraded / failing, with the reasons in words.
//!
//! Thresholds follow the defaults people know: a failure rate above 5 % is the
//! reference scenario's alert, 50 % is where a Resilience4j breaker opens; p95 above
//! 2 s is the reference latency alert; a topic more than half full is filling up.

use super::format;
use super::snapshot::Snapshot;
use super::theme::Health;
use crate::engine::status::{GroupStatus, InstanceState, NodeState, ProducerStatus, ServiceStatus, TopicStatus};
use crate::i18n::{Arg, tr_args};

pub const FAILURE_RATE_DEGRADED: f32 = 0.05;
pub const FAILURE_RATE_FAILING: f32 = 0.5;
pub const FULLNESS_DEGRADED: f64 = 0.5;
pub const FULLNESS_FAILING: f64 = 0.9;
pub const P95_DEGRADED_MS: f32 = 2000.0;

/// A level and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    pub level: Health,
    pub reasons: Vec<String>,
}

impl Assessment {
    fn ok() -> Assessment {
        Assessment { level: Health::Ok, reasons: Vec::new() }
    }

    fn note(&mut self, level: Health, reason: String) {
        self.level = self.level.max(level);
        self.reasons.push(reason);
    }
}

/// The whole system, from the newest sample interval and the live status.
pub fn system(s: &Snapshot) -> Assessment {
    let mut a = Assessment::ok();
    let last = |key: &str| s.history.last_of(key).unwrap_or(0.0);
    for (key, message) in [
        ("throughput.lost", "health-lost"),
        ("throughput.dropped", "health-dropped"),
        ("throughput.expired", "health-expired"),
    ] {
        let rate = last(key);
        if rate > 0.0 {
            a.note(Health::Failing, tr_args(message, &[("rate", format::rate(f64::from(rate)).into())]));
        }
    }
    let dead = last("throughput.dead_lettered");
    if dead > 0.0 {
        a.note(Health::Degraded, tr_args("health-dead-lettering", &[("rate", format::rate(f64::from(dead)).into())]));
    }
    for t in s.status.topics.iter().filter(|t| !t.is_dead_letter_target) {
        let level = topic(t);
        if level > Health::Ok {
            a.note(
                level,
                tr_args(
                    "health-topic-full",
                    &[("topic", t.name.clone().into()), ("percent", format::percent(fullness(t)).into())],
                ),
            );
        }
    }
    for g in &s.status.groups {
        let rate = group_failure_rate(s, &g.name);
        let level = group_in(s, g);
        if level > Health::Ok {
            let (working, deployed) = instances_working(g);
            let name = || ("group", Arg::from(g.name.clone()));
            let why = if working < deployed {
                tr_args(
                    "health-group-down",
                    &[name(), ("down", ((deployed - working) as u64).into()), ("deployed", (deployed as u64).into())],
                )
            } else if g.rebalancing {
                tr_args("health-group-rebalancing", &[name()])
            } else if rate >= FAILURE_RATE_DEGRADED {
                tr_args("health-group-failing", &[name(), ("percent", format::percent(f64::from(rate)).into())])
            } else {
                tr_args("health-group-behind", &[name(), ("lag", format::count(g.lag).into())])
            };
            a.note(level, why);
        }
    }
    for v in &s.status.services {
        let level = service_in(s, v);
        if level > Health::Ok {
            let errors = format::percent(f64::from(service_error_fraction(s, &v.name)));
            a.note(
                level,
                tr_args(
                    "health-service-failing",
                    &[
                        ("service", v.name.clone().into()),
                        ("percent", errors.into()),
                        ("queued", format::count(v.waiting).into()),
                    ],
                ),
            );
        }
    }
    let p95 = last("latency.p95_ms");
    if p95 > P95_DEGRADED_MS {
        a.note(Health::Degraded, tr_args("health-p95", &[("latency", format::millis(f64::from(p95)).into())]));
    }
    for p in &s.status.producers {
        let why = if p.crashed {
            "health-producer-crashed"
        } else if p.partitioned {
            "health-producer-cut-off"
        } else if p.blocked {
            "health-producer-blocked"
        } else {
            continue;
        };
        a.note(producer(p), tr_args(why, &[("producer", p.name.clone().into())]));
    }
    for node in &s.status.brokers {
        match node.state {
            NodeState::Up => {}
            NodeState::Down => {
                a.note(Health::Failing, tr_args("health-node-down", &[("node", node.name.clone().into())]))
            }
            NodeState::Partitioned => {
                a.note(Health::Degraded, tr_args("health-node-partitioned", &[("node", node.name.clone().into())]))
            }
        }
    }
    for alert in &s.status.alerts {
        if matches!(alert.state, crate::engine::alerts::AlertState::Firing { .. }) {
            a.note(
                Health::Degraded,
                tr_args(
                    "health-alert",
                    &[("alert", alert.name.clone().into()), ("subject", alert.subject.to_string().into())],
                ),
            );
        }
    }
    for fault in &s.status.faults {
        a.note(
            Health::Degraded,
            tr_args(
                "health-fault",
                &[("fault", fault.kind.to_string().into()), ("target", fault.target.to_string().into())],
            ),
        );
    }
    a
}

/// Messages a topic holds now, over all its partitions.
pub fn held(t: &TopicStatus) -> u64 {
    t.partition_backlog.iter().sum()
}

/// How full a topic is, 0..=1.
pub fn fullness(t: &TopicStatus) -> f64 {
    held(t) as f64 / t.capacity.max(1) as f64
}

/// "1,200 of 10,000 (12 %)": what a topic holds against its capacity.
pub fn held_of_capacity(t: &TopicStatus) -> String {
    tr_args(
        "held-of-capacity",
        &[
            ("held", format::count(held(t)).into()),
            ("capacity", format::count(t.capacity).into()),
            ("percent", format::percent(fullness(t)).into()),
        ],
    )
}

pub fn topic(t: &TopicStatus) -> Health {
    if t.is_dead_letter_target {
        // Holding dead letters is its job; only a full one loses them.
        return if fullness(t) >= 1.0 { Health::Failing } else { Health::Ok };
    }
    fullness_level(fullness(t))
}

/// The level of a topic's fullness (what it holds over its capacity; a group's lag over
/// its topic's capacity is judged against the same thresholds).
pub fn fullness_level(fullness: f64) -> Health {
    if fullness >= FULLNESS_FAILING {
        Health::Failing
    } else if fullness >= FULLNESS_DEGRADED {
        Health::Degraded
    } else {
        Health::Ok
    }
}

/// The level of a share of failing attempts, requests or calls by itself, by the
/// thresholds a group's failure rate has. Compared as the thresholds are kept (f32): 1
/// failure in 20 is 5 %, degraded.
pub fn failure_level(share: f32) -> Health {
    if share >= FAILURE_RATE_FAILING {
        Health::Failing
    } else if share >= FAILURE_RATE_DEGRADED {
        Health::Degraded
    } else {
        Health::Ok
    }
}

/// `failure_rate`: failed attempts over finished attempts in the newest interval;
/// `lag_fraction`: the group's lag over its topic's capacity (falling behind).
pub fn group(g: &GroupStatus, failure_rate: f32, lag_fraction: f64) -> Health {
    let (working, deployed) = instances_working(g);
    if working == 0 || failure_rate >= FAILURE_RATE_FAILING {
        Health::Failing
    } else if working < deployed
        || g.rebalancing
        || failure_rate >= FAILURE_RATE_DEGRADED
        || lag_fraction >= FULLNESS_DEGRADED
    {
        Health::Degraded
    } else {
        Health::Ok
    }
}

/// (instances working, instances deployed): scaled-in slots count as neither.
pub fn instances_working(g: &GroupStatus) -> (usize, usize) {
    let deployed = g.instances.iter().filter(|i| i.state != InstanceState::Stopped).count();
    let working = g
        .instances
        .iter()
        .filter(|i| matches!(i.state, InstanceState::Up | InstanceState::Idle | InstanceState::Standby))
        .count();
    (working, deployed)
}

/// Failed attempts over finished attempts of group `name` in the newest interval.
pub fn group_failure_rate(s: &Snapshot, name: &str) -> f32 {
    s.history.last_of(&format!("group.{name}.failure_rate")).unwrap_or(0.0)
}

/// The group's lag over the capacity of the topic it reads.
pub fn group_lag_fraction(s: &Snapshot, g: &GroupStatus) -> f64 {
    let capacity = s.status.topics.iter().find(|t| t.name == g.topic).map_or(1, |t| t.capacity.max(1));
    g.lag as f64 / capacity as f64
}

/// A group's health from the snapshot's numbers.
pub fn group_in(s: &Snapshot, g: &GroupStatus) -> Health {
    group(g, group_failure_rate(s, &g.name), group_lag_fraction(s, g))
}

/// Errors over calls of service `name` in the newest interval.
pub fn service_error_fraction(s: &Snapshot, name: &str) -> f32 {
    let calls = s.history.last_of(&format!("service.{name}.calls")).unwrap_or(0.0);
    let errors = s.history.last_of(&format!("service.{name}.errors")).unwrap_or(0.0);
    if calls > 0.0 { errors / calls } else { 0.0 }
}

/// A service's health from the snapshot's numbers.
pub fn service_in(s: &Snapshot, v: &ServiceStatus) -> Health {
    service(v, service_error_fraction(s, &v.name))
}

/// `error_fraction`: errors over calls in the newest interval.
pub fn service(s: &ServiceStatus, error_fraction: f32) -> Health {
    if !s.up || error_fraction >= FAILURE_RATE_FAILING {
        Health::Failing
    } else if error_fraction >= FAILURE_RATE_DEGRADED
        || s.waiting > 0
        || s.slow_factor > 1.0
        || s.fault_error_rate > 0.0
        || s.replicas.iter().any(|r| !r.up || r.ejected_until.is_some() || r.probe.is_some_and(|p| p.unhealthy))
    {
        Health::Degraded
    } else {
        Health::Ok
    }
}

pub fn producer(p: &ProducerStatus) -> Health {
    if p.crashed {
        Health::Failing
    } else if p.blocked || p.partitioned {
        Health::Degraded
    } else {
        Health::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::status::InstanceStatus;

    fn group_with(up: &[bool]) -> GroupStatus {
        let state = |u: bool| if u { InstanceState::Up } else { InstanceState::Down };
        GroupStatus {
            name: "g".into(),
            instances: up
                .iter()
                .map(|u| InstanceStatus { up: *u, state: state(*u), ..InstanceStatus::default() })
                .collect(),
            ..GroupStatus::default()
        }
    }

    #[test]
    fn groups_degrade_with_failures_and_fail_when_all_down() {
        assert_eq!(group(&group_with(&[true, true]), 0.01, 0.1), Health::Ok);
        assert_eq!(group(&group_with(&[true, true]), 0.06, 0.1), Health::Degraded);
        assert_eq!(group(&group_with(&[true, true]), 0.0, 0.6), Health::Degraded, "falling behind");
        assert_eq!(group(&group_with(&[true, false]), 0.0, 0.0), Health::Degraded);
        assert_eq!(group(&group_with(&[false, false]), 0.0, 0.0), Health::Failing);
        assert_eq!(group(&group_with(&[true]), 0.7, 0.0), Health::Failing);
        // Scaled-in slots are not missing instances.
        let mut scaled = group_with(&[true, true, false]);
        scaled.instances[2].state = InstanceState::Stopped;
        assert_eq!(group(&scaled, 0.0, 0.0), Health::Ok);
    }

    #[test]
    fn topics_by_fullness() {
        let t = |held: u64, dlq: bool| TopicStatus {
            partition_backlog: vec![held / 2, held - held / 2],
            capacity: 100,
            is_dead_letter_target: dlq,
            ..TopicStatus::default()
        };
        assert_eq!(topic(&t(10, false)), Health::Ok);
        assert_eq!(topic(&t(60, false)), Health::Degraded);
        assert_eq!(topic(&t(95, false)), Health::Failing);
        assert_eq!(topic(&t(95, true)), Health::Ok);
        assert_eq!(topic(&t(100, true)), Health::Failing);
    }
}
