//! The metric table: every series of the metrics history declared once — its key, label,
//! unit, kind, consolidation, one sentence on how to read it, and the function that reads
//! its value.
//!
//! A neutral room between the engine and the scenario format (like [`crate::time`]): the
//! engine builds its history's columns and each sampled row from these tables, the
//! scenario room validates `Series` keys and caption focuses against them, the dashboard
//! explains series with them. It imports neither: the engine fills the plain `*Reading`
//! structs below once per interval, and each metric reads its value out of its family's
//! reading, so a value cannot be written under another metric's column.
//!
//! **Adding a metric** is one entry in its family's table below. If its value is not in the
//! family's reading yet, add a field there too; the compiler then points at the one place
//! in `engine/sim/sampling.rs` that fills the reading. The history, the CSV and JSON
//! exports, the dashboard's legends and help, and the validation of `Series` keys follow;
//! `docs/scenario-format.md` lists the keys (a test keeps the list equal to the table).
//! A new *family* also goes into [`families`] and into `series_specs` and `on_sample`.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// How two adjacent samples of a series merge when history is consolidated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Consolidation {
    /// Time-weighted mean: rates, gauges.
    Mean,
    /// Maximum: percentiles and peaks, so spikes survive consolidation.
    Max,
}

/// What a series measures, for grouping plots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SeriesKind {
    Throughput,
    Latency,
    Backlog,
    Lag,
    InFlight,
    Instances,
    ServiceCalls,
    ServiceErrors,
    /// Circuit-breaker state level (0 closed, 1 half-open, 2 open) and rates.
    Breaker,
    /// 1 when a group met its objectives in the interval, else 0.
    ServiceLevel,
}

/// Describes one column of the history: one metric of the system or of one component.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesSpec {
    /// Stable key: "throughput.processed", "topic.orders.backlog", "group.payments.lag".
    pub key: String,
    /// Human label: "processed/s", "orders backlog".
    pub label: String,
    pub kind: SeriesKind,
    pub consolidation: Consolidation,
}

/// The kind of component a family has one set of series for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Topic,
    ConsumerGroup,
    Service,
    /// A circuit breaker, named `CALLER:SERVICE`.
    Breaker,
    /// An orchestrated saga.
    Saga,
}

impl Owner {
    /// The word for one of them in messages: "consumer group".
    pub fn noun(self) -> &'static str {
        match self {
            Owner::Topic => "topic",
            Owner::ConsumerGroup => "consumer group",
            Owner::Service => "service",
            Owner::Breaker => "breaker",
            Owner::Saga => "saga",
        }
    }
}

/// Whether a family's metrics are measured once for the whole system or once per component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Keys `FAMILY.STAT`, labels as written.
    System,
    /// Keys `FAMILY.NAME.STAT`, labels with the component's name in front ("orders backlog").
    Each(Owner),
}

/// What a metric is and how to read it (everything but where its value comes from).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct About {
    /// The last part of the key, unique in its family: `lag` in `group.payments.lag`.
    pub stat: &'static str,
    /// The label; a component's name is put in front of it ("payments lag").
    pub label: &'static str,
    pub unit: &'static str,
    pub kind: SeriesKind,
    pub consolidation: Consolidation,
    /// One sentence on how to read it; `{name}` stands for the component's name.
    pub help: &'static str,
}

/// A metric: what it is, and how its value is read from its family's reading `R`.
pub struct Metric<R: 'static> {
    pub about: About,
    pub read: fn(&R) -> f32,
}

/// A family of metrics: the first part of their keys, whose they are, and the metrics in
/// the order of their history columns.
pub struct Family<R: 'static> {
    pub name: &'static str,
    pub scope: Scope,
    pub metrics: &'static [Metric<R>],
}

impl<R> Family<R> {
    /// The history columns of the system (`component` None) or of one component, in table order.
    pub fn specs<'a>(&'a self, component: Option<&'a str>) -> impl Iterator<Item = SeriesSpec> + 'a {
        debug_assert_eq!(
            component.is_some(),
            self.scope != Scope::System,
            "{}: component and scope disagree",
            self.name
        );
        self.metrics.iter().map(move |m| SeriesSpec {
            key: key(self.name, component, m.about.stat),
            label: match component {
                Some(name) => format!("{name} {}", m.about.label),
                None => m.about.label.to_string(),
            },
            kind: m.about.kind,
            consolidation: m.about.consolidation,
        })
    }

    /// The values of one reading, in the order of [`Family::specs`].
    pub fn read<'a>(&'a self, reading: &'a R) -> impl Iterator<Item = f32> + 'a {
        self.metrics.iter().map(move |m| (m.read)(reading))
    }

    /// The family without its readers, as validation and the dashboard see it.
    pub fn view(&self) -> FamilyView {
        FamilyView { name: self.name, scope: self.scope, metrics: self.metrics.iter().map(|m| &m.about).collect() }
    }
}

/// A family of metrics without the readers: names, scopes and what each metric is.
#[derive(Clone, Debug, PartialEq)]
pub struct FamilyView {
    pub name: &'static str,
    pub scope: Scope,
    pub metrics: Vec<&'static About>,
}

impl FamilyView {
    /// The metric whose key ends in `stat`.
    pub fn metric(&self, stat: &str) -> Option<&'static About> {
        self.metrics.iter().copied().find(|m| m.stat == stat)
    }

    /// The last parts of the keys, in table order.
    pub fn stats(&self) -> Vec<&'static str> {
        self.metrics.iter().map(|m| m.stat).collect()
    }
}

/// A history key: `FAMILY.STAT` or `FAMILY.NAME.STAT`.
pub fn key(family: &str, component: Option<&str>, stat: &str) -> String {
    match component {
        Some(name) => format!("{family}.{name}.{stat}"),
        None => format!("{family}.{stat}"),
    }
}

/// Every family, in the order their columns appear in the history (all throughput
/// columns, then latency, then each topic's, each group's, each service's, each saga's,
/// each breaker's; a service's replicas, `SERVICE/N`, have the service family's series
/// after the sagas').
pub fn families() -> &'static [FamilyView; 7] {
    // Built once: the dashboard looks series up every frame.
    static FAMILIES: LazyLock<[FamilyView; 7]> = LazyLock::new(|| {
        [THROUGHPUT.view(), LATENCY.view(), TOPIC.view(), GROUP.view(), SERVICE.view(), SAGA.view(), BREAKER.view()]
    });
    &FAMILIES
}

/// What a well-formed history key names: its family, its component and its metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Found<'k> {
    pub family: &'static FamilyView,
    pub component: Option<&'k str>,
    pub about: &'static About,
}

impl Found<'_> {
    /// The metric's sentence, with the component's name in it.
    pub fn help(&self) -> String {
        self.about.help.replace("{name}", self.component.unwrap_or_default())
    }
}

/// The metric a history key names, if the table declares it. Component names may contain
/// dots; the metric's part never does, so it is the part after the last dot.
pub fn find(key: &str) -> Option<Found<'_>> {
    let (family_name, rest) = key.split_once('.')?;
    let family = families().iter().find(|f| f.name == family_name)?;
    let (component, stat) = match family.scope {
        Scope::System => (None, rest),
        Scope::Each(_) => {
            let (component, stat) = rest.rsplit_once('.').filter(|(c, _)| !c.is_empty())?;
            (Some(component), stat)
        }
    };
    let about = family.metric(stat)?;
    Some(Found { family, component, about })
}

/// Messages per second of virtual time over an interval (how every rate metric is read).
fn per_s(count: u64, seconds: f64) -> f32 {
    (count as f64 / seconds) as f32
}

// ----- readings: what the engine measures each interval --------------------------------

/// The whole system over one sample interval: the `throughput` and `latency` families.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SystemReading {
    /// Length of the interval, seconds (never zero).
    pub seconds: f64,
    pub produced: u64,
    pub processed: u64,
    pub dead_lettered: u64,
    pub failed: u64,
    pub expired: u64,
    pub dropped: u64,
    pub lost: u64,
    /// End-to-end latency percentiles of the messages processed in the interval, ms.
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
}

/// One topic at the end of an interval.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TopicReading {
    pub backlog: u64,
}

/// One consumer group over an interval.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GroupReading {
    pub lag: u64,
    pub in_flight: usize,
    pub instances: usize,
    pub p95_ms: f64,
    /// Failed attempts over finished attempts, 0 when none finished.
    pub failure_rate: f64,
    pub objectives_met: bool,
    /// Length of the interval, seconds (never zero).
    pub seconds: f64,
    /// Messages the group processed in the interval.
    pub processed: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// One downstream service over an interval.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ServiceReading {
    /// Length of the interval, seconds (never zero).
    pub seconds: f64,
    pub calls: u64,
    pub errors: u64,
    /// Calls being served plus calls queued, at the end of the interval.
    pub busy: usize,
    /// Percentiles of arrival → answer of the calls answered in the interval (ms; 0 with
    /// none): the time a call spent at the service, queued and served.
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// One orchestrated saga: its instances in progress at the end of an interval, and those
/// that ended in it, by how.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SagaReading {
    /// Length of the interval, seconds (never zero).
    pub seconds: f64,
    pub running: u64,
    pub compensating: u64,
    pub started: u64,
    pub completed: u64,
    pub compensated: u64,
    pub failed: u64,
    pub inconsistent: u64,
}

/// One circuit breaker at the end of an interval.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BreakerReading {
    /// 0 closed, 1 half-open, 2 open.
    pub level: f32,
    /// The failure rate over its window, percent (0 before it has one).
    pub failure_pct: f32,
}

// ----- the table -------------------------------------------------------------------------

use Consolidation::{Max, Mean};

/// Messages per second through the whole system.
pub const THROUGHPUT: Family<SystemReading> = Family {
    name: "throughput",
    scope: Scope::System,
    metrics: &[
        Metric {
            about: About {
                stat: "produced",
                label: "produced/s",
                unit: "messages/s",
                kind: SeriesKind::Throughput,
                consolidation: Mean,
                help: "Messages created by producers per second.",
            },
            read: |r| per_s(r.produced, r.seconds),
        },
        Metric {
            about: About {
                stat: "processed",
                label: "processed/s",
                unit: "messages/s",
                kind: SeriesKind::Throughput,
                consolidation: Mean,
                help: "Messages handled successfully per second.",
            },
            read: |r| per_s(r.processed, r.seconds),
        },
        Metric {
            about: About {
                stat: "dead_lettered",
                label: "dead-lettered/s",
                unit: "messages/s",
                kind: SeriesKind::Throughput,
                consolidation: Mean,
                help: "Messages given up on per second and kept as dead letters (or parked).",
            },
            read: |r| per_s(r.dead_lettered, r.seconds),
        },
        Metric {
            about: About {
                stat: "failed",
                label: "failed attempts/s",
                unit: "attempts/s",
                kind: SeriesKind::Throughput,
                consolidation: Mean,
                help: "Handling attempts that failed per second; each may still be retried.",
            },
            read: |r| per_s(r.failed, r.seconds),
        },
        Metric {
            about: About {
                stat: "expired",
                label: "expired/s",
                unit: "messages/s",
                kind: SeriesKind::Throughput,
                consolidation: Mean,
                help: "Messages that outlived their topic's TTL per second.",
            },
            read: |r| per_s(r.expired, r.seconds),
        },
        Metric {
            about: About {
                stat: "dropped",
                label: "dropped/s",
                unit: "messages/s",
                kind: SeriesKind::Throughput,
                consolidation: Mean,
                help: "Messages refused or discarded on purpose per second (full topic, drop policy).",
            },
            read: |r| per_s(r.dropped, r.seconds),
        },
        Metric {
            about: About {
                stat: "lost",
                label: "lost/s",
                unit: "messages/s",
                kind: SeriesKind::Throughput,
                consolidation: Mean,
                help: "Messages lost to a crash per second.",
            },
            read: |r| per_s(r.lost, r.seconds),
        },
    ],
};

/// End-to-end latency (produce to processed) of the messages processed in each interval.
/// Percentiles consolidate as a max so a spike survives.
pub const LATENCY: Family<SystemReading> = Family {
    name: "latency",
    scope: Scope::System,
    metrics: &[
        Metric {
            about: About {
                stat: "p50_ms",
                label: "p50 latency (ms)",
                unit: "ms",
                kind: SeriesKind::Latency,
                consolidation: Max,
                help: "Half the messages processed in the interval took less than this from produce to processed.",
            },
            read: |r| r.p50_ms as f32,
        },
        Metric {
            about: About {
                stat: "p95_ms",
                label: "p95 latency (ms)",
                unit: "ms",
                kind: SeriesKind::Latency,
                consolidation: Max,
                help: "95 % of the messages processed in the interval took less than this from produce to processed.",
            },
            read: |r| r.p95_ms as f32,
        },
        Metric {
            about: About {
                stat: "p99_ms",
                label: "p99 latency (ms)",
                unit: "ms",
                kind: SeriesKind::Latency,
                consolidation: Max,
                help: "99 % of the messages processed in the interval took less than this from produce to processed.",
            },
            read: |r| r.p99_ms as f32,
        },
    ],
};

/// Each topic's backlog.
pub const TOPIC: Family<TopicReading> = Family {
    name: "topic",
    scope: Scope::Each(Owner::Topic),
    metrics: &[Metric {
        about: About {
            stat: "backlog",
            label: "backlog",
            unit: "messages",
            kind: SeriesKind::Backlog,
            consolidation: Mean,
            help: "Messages waiting in topic {name}.",
        },
        read: |r| r.backlog as f32,
    }],
};

/// Each consumer group's work and service level.
pub const GROUP: Family<GroupReading> = Family {
    name: "group",
    scope: Scope::Each(Owner::ConsumerGroup),
    metrics: &[
        Metric {
            about: About {
                stat: "lag",
                label: "lag",
                unit: "messages",
                kind: SeriesKind::Lag,
                consolidation: Mean,
                help: "Messages {name} has not finished: waiting in its topic plus held by its instances.",
            },
            read: |r| r.lag as f32,
        },
        Metric {
            about: About {
                stat: "in_flight",
                label: "in flight",
                unit: "messages",
                kind: SeriesKind::InFlight,
                consolidation: Mean,
                help: "Messages {name} is handling or waiting to retry.",
            },
            read: |r| r.in_flight as f32,
        },
        Metric {
            about: About {
                stat: "instances",
                label: "instances",
                unit: "instances",
                kind: SeriesKind::Instances,
                consolidation: Mean,
                help: "Live instances of {name}.",
            },
            read: |r| r.instances as f32,
        },
        Metric {
            about: About {
                stat: "p95_ms",
                label: "p95 (ms)",
                unit: "ms",
                kind: SeriesKind::Latency,
                consolidation: Max,
                help: "95 % of the messages {name} processed took less than this.",
            },
            read: |r| r.p95_ms as f32,
        },
        Metric {
            about: About {
                stat: "failure_rate",
                label: "failure rate",
                unit: "fraction",
                kind: SeriesKind::ServiceErrors,
                consolidation: Max,
                help: "Share of {name}'s handling attempts that failed in the interval.",
            },
            read: |r| r.failure_rate as f32,
        },
        // 1 when the interval met the objectives; consolidated as a mean, it is the
        // service-level availability of the merged span.
        Metric {
            about: About {
                stat: "objectives_met",
                label: "objectives met",
                unit: "0 or 1",
                kind: SeriesKind::ServiceLevel,
                consolidation: Mean,
                help: "Whether {name} met its objectives in the interval.",
            },
            read: |r| if r.objectives_met { 1.0 } else { 0.0 },
        },
        // The group's own throughput and latency percentiles, for its per-component plots
        // (after the older columns, so those keep their places in the CSV export).
        Metric {
            about: About {
                stat: "processed",
                label: "processed/s",
                unit: "messages/s",
                kind: SeriesKind::Throughput,
                consolidation: Mean,
                help: "Messages {name} processed per second.",
            },
            read: |r| per_s(r.processed, r.seconds),
        },
        Metric {
            about: About {
                stat: "p50_ms",
                label: "p50 (ms)",
                unit: "ms",
                kind: SeriesKind::Latency,
                consolidation: Max,
                help: "Half the messages {name} processed took less than this.",
            },
            read: |r| r.p50_ms as f32,
        },
        Metric {
            about: About {
                stat: "p99_ms",
                label: "p99 (ms)",
                unit: "ms",
                kind: SeriesKind::Latency,
                consolidation: Max,
                help: "99 % of the messages {name} processed took less than this.",
            },
            read: |r| r.p99_ms as f32,
        },
    ],
};

/// Each downstream service's traffic; also each replica's of a service with several (the
/// component `SERVICE/N`, as the engine names its replicas), so its replicas can be drawn
/// one line each.
pub const SERVICE: Family<ServiceReading> = Family {
    name: "service",
    scope: Scope::Each(Owner::Service),
    metrics: &[
        Metric {
            about: About {
                stat: "calls",
                label: "calls/s",
                unit: "calls/s",
                kind: SeriesKind::ServiceCalls,
                consolidation: Mean,
                help: "Calls per second that reached {name}.",
            },
            read: |r| per_s(r.calls, r.seconds),
        },
        Metric {
            about: About {
                stat: "errors",
                label: "errors/s",
                unit: "calls/s",
                kind: SeriesKind::ServiceErrors,
                consolidation: Mean,
                help: "Calls to {name} per second that failed.",
            },
            read: |r| per_s(r.errors, r.seconds),
        },
        Metric {
            about: About {
                stat: "busy",
                label: "busy + queued",
                unit: "calls",
                kind: SeriesKind::ServiceCalls,
                consolidation: Mean,
                help: "Calls {name} is serving or has queued.",
            },
            read: |r| r.busy as f32,
        },
        // Its latency, for its per-component plots (after the older columns, so those
        // keep their places in the CSV export).
        Metric {
            about: About {
                stat: "p50_ms",
                label: "p50 (ms)",
                unit: "ms",
                kind: SeriesKind::Latency,
                consolidation: Max,
                help: "Half the calls {name} answered spent less than this there, queued and served.",
            },
            read: |r| r.p50_ms as f32,
        },
        Metric {
            about: About {
                stat: "p99_ms",
                label: "p99 (ms)",
                unit: "ms",
                kind: SeriesKind::Latency,
                consolidation: Max,
                help: "99 % of the calls {name} answered spent less than this there, queued and served.",
            },
            read: |r| r.p99_ms as f32,
        },
    ],
};

/// Each orchestrated saga: its instances by state over time.
pub const SAGA: Family<SagaReading> = Family {
    name: "saga",
    scope: Scope::Each(Owner::Saga),
    metrics: &[
        Metric {
            about: About {
                stat: "running",
                label: "running",
                unit: "sagas",
                kind: SeriesKind::InFlight,
                consolidation: Mean,
                help: "Sagas of {name} running their steps (or waiting for their trigger's redelivery).",
            },
            read: |r| r.running as f32,
        },
        Metric {
            about: About {
                stat: "compensating",
                label: "compensating",
                unit: "sagas",
                kind: SeriesKind::InFlight,
                consolidation: Mean,
                help: "Sagas of {name} undoing their completed steps.",
            },
            read: |r| r.compensating as f32,
        },
        Metric {
            about: About {
                stat: "started",
                label: "started/s",
                unit: "sagas/s",
                kind: SeriesKind::Throughput,
                consolidation: Mean,
                help: "Sagas of {name} per second that started (a trigger taken for the first time).",
            },
            read: |r| per_s(r.started, r.seconds),
        },
        Metric {
            about: About {
                stat: "completed",
                label: "completed/s",
                unit: "sagas/s",
                kind: SeriesKind::Throughput,
                consolidation: Mean,
                help: "Sagas of {name} per second that ran every step.",
            },
            read: |r| per_s(r.completed, r.seconds),
        },
        Metric {
            about: About {
                stat: "compensated",
                label: "compensated/s",
                unit: "sagas/s",
                kind: SeriesKind::Throughput,
                consolidation: Mean,
                help: "Sagas of {name} per second that failed and undid every completed step.",
            },
            read: |r| per_s(r.compensated, r.seconds),
        },
        Metric {
            about: About {
                stat: "failed",
                label: "failed/s",
                unit: "sagas/s",
                kind: SeriesKind::Throughput,
                consolidation: Mean,
                help: "Sagas of {name} per second that failed with nothing to undo.",
            },
            read: |r| per_s(r.failed, r.seconds),
        },
        Metric {
            about: About {
                stat: "inconsistent",
                label: "inconsistent/s",
                unit: "sagas/s",
                kind: SeriesKind::Throughput,
                consolidation: Mean,
                help: "Sagas of {name} per second left half done (a compensation gave up, or a step after the pivot failed).",
            },
            read: |r| per_s(r.inconsistent, r.seconds),
        },
    ],
};

/// Each circuit breaker (`CALLER:SERVICE`). Both consolidate as a max: the worst state and
/// rate of a merged span.
pub const BREAKER: Family<BreakerReading> = Family {
    name: "breaker",
    scope: Scope::Each(Owner::Breaker),
    metrics: &[
        Metric {
            about: About {
                stat: "state",
                label: "breaker (0 closed, 1 half-open, 2 open)",
                unit: "state",
                kind: SeriesKind::Breaker,
                consolidation: Max,
                help: "The state of the breaker {name} guards: closed, half-open or open.",
            },
            read: |r| r.level,
        },
        Metric {
            about: About {
                stat: "failure_rate",
                label: "breaker failure rate (%)",
                unit: "%",
                kind: SeriesKind::Breaker,
                consolidation: Max,
                help: "The failure rate the {name} breaker computes over its window.",
            },
            read: |r| r.failure_pct,
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_are_unique_in_their_family_and_free_of_dots() {
        for family in families() {
            let stats = family.stats();
            for (i, stat) in stats.iter().enumerate() {
                assert!(!stat.is_empty() && !stat.contains('.'), "{}.{stat}", family.name);
                assert!(!stats[..i].contains(stat), "{}.{stat} is declared twice", family.name);
            }
            for m in &family.metrics {
                assert!(m.help.ends_with('.'), "{}.{} has a sentence", family.name, m.stat);
            }
        }
    }

    #[test]
    fn keys_and_labels_of_one_component() {
        let keys: Vec<(String, String)> = GROUP.specs(Some("pay.ments")).map(|s| (s.key, s.label)).collect();
        assert_eq!(keys[0], ("group.pay.ments.lag".to_string(), "pay.ments lag".to_string()));
        let found = find("group.pay.ments.p95_ms").expect("a declared key");
        assert_eq!((found.family.name, found.component, found.about.stat), ("group", Some("pay.ments"), "p95_ms"));
        assert_eq!(found.help(), "95 % of the messages pay.ments processed took less than this.");
        assert_eq!(find("latency.p99_ms").map(|f| f.about.label), Some("p99 latency (ms)"));
        assert_eq!(find("group.g.lagg"), None);
        assert_eq!(find("group.lag"), None, "a group key names its group");
        assert_eq!(find("throughput.g.processed"), None);
    }

    #[test]
    fn each_metric_reads_its_own_field() {
        let r = SystemReading {
            seconds: 2.0,
            produced: 2,
            processed: 4,
            dead_lettered: 6,
            failed: 8,
            expired: 10,
            dropped: 12,
            lost: 14,
            p50_ms: 50.0,
            p95_ms: 95.0,
            p99_ms: 99.0,
        };
        assert_eq!(THROUGHPUT.read(&r).collect::<Vec<_>>(), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]);
        assert_eq!(LATENCY.read(&r).collect::<Vec<_>>(), [50.0, 95.0, 99.0]);
        let g = GroupReading {
            lag: 7,
            in_flight: 3,
            instances: 2,
            p95_ms: 12.5,
            failure_rate: 0.25,
            objectives_met: true,
            seconds: 0.5,
            processed: 6,
            p50_ms: 4.5,
            p99_ms: 30.0,
        };
        // 6 processed in half a second: 12/s.
        assert_eq!(GROUP.read(&g).collect::<Vec<_>>(), [7.0, 3.0, 2.0, 12.5, 0.25, 1.0, 12.0, 4.5, 30.0]);
        let s = ServiceReading { seconds: 0.5, calls: 3, errors: 1, busy: 4, p50_ms: 12.5, p99_ms: 40.0 };
        assert_eq!(SERVICE.read(&s).collect::<Vec<_>>(), [6.0, 2.0, 4.0, 12.5, 40.0]);
        let k = SagaReading {
            seconds: 0.5,
            running: 3,
            compensating: 2,
            started: 6,
            completed: 5,
            compensated: 4,
            failed: 1,
            inconsistent: 2,
        };
        assert_eq!(SAGA.read(&k).collect::<Vec<_>>(), [3.0, 2.0, 12.0, 10.0, 8.0, 2.0, 4.0]);
        let b = BreakerReading { level: 2.0, failure_pct: 60.0 };
        assert_eq!(BREAKER.read(&b).collect::<Vec<_>>(), [2.0, 60.0]);
        assert_eq!(TOPIC.read(&TopicReading { backlog: 9 }).collect::<Vec<_>>(), [9.0]);
    }
}
