//! Validation of a parsed scenario: every rule that the types alone cannot express.
//!
//! All problems are collected, not just the first, each with the field path it is about
//! (the locator turns paths into line:column). One `validate_*` method per struct of the
//! model: a new field's rules go in its struct's method. Checks run in file order, so the
//! problems come out in a deterministic order.
//!
//! The limits (`super::limits`) exist so that bad input cannot make the engine allocate
//! absurdly or run forever; each is far above what a realistic scenario needs.

use super::error::closest;
// What a fault target or alert component names: `fault_rules` owns the rule.
use super::fault_rules::FaultTarget as Target;
use super::fault_rules::{self, FaultParameterError, TargetKind, TargetNames, Unresolved, with_article};
use super::limits::*;
use super::model::*;
use super::path::{Path, entry_labels};
use super::wiring;
use crate::time::SimDuration;
use std::cell::Cell;
use std::collections::BTreeMap;

mod flow;
mod saga;
mod teaching;

pub use teaching::runnable_part;

/// Most did-you-mean suggestions computed for one scenario.
const MAX_SUGGESTIONS: usize = 200;
/// Lists longer than this get no did-you-mean (each candidate costs an edit distance).
const MAX_SUGGESTION_CANDIDATES: usize = 1_000;

/// One validation problem: the field it is about and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub path: Path,
    pub message: String,
    pub help: Option<String>,
}

/// The problems of a scenario: the first [`MAX_PROBLEMS`] found, and a count of the rest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problems {
    pub list: Vec<Problem>,
    pub unrecorded: usize,
}

impl Problems {
    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.unrecorded == 0
    }
}

/// Every problem of a parsed scenario, in a deterministic order (roughly the file's);
/// empty when it is valid.
pub fn validate(scenario: &Scenario) -> Problems {
    let mut v = Validator::new(scenario);
    v.validate_scenario();
    Problems { list: v.problems, unrecorded: v.unrecorded }
}

/// The component namespaces, in the order they are declared in a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Service,
    Topic,
    Producer,
    Group,
    Client,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Service => "service",
            Kind::Topic => "topic",
            Kind::Producer => "producer",
            Kind::Group => "consumer group",
            Kind::Client => "client",
        }
    }
}

/// Names of one kind of component, in order, and where each first appears.
struct NameTable<'s> {
    names: Vec<&'s str>,
    index: BTreeMap<&'s str, usize>,
}

impl<'s> NameTable<'s> {
    fn new(names: impl Iterator<Item = &'s str>) -> NameTable<'s> {
        let names: Vec<&str> = names.collect();
        let mut index = BTreeMap::new();
        for (i, name) in names.iter().enumerate() {
            index.entry(*name).or_insert(i);
        }
        NameTable { names, index }
    }
}

struct Validator<'s> {
    s: &'s Scenario,
    problems: Vec<Problem>,
    /// Problems found beyond [`MAX_PROBLEMS`].
    unrecorded: usize,
    suggestions_left: Cell<usize>,
    services: NameTable<'s>,
    topics: NameTable<'s>,
    producers: NameTable<'s>,
    groups: NameTable<'s>,
    clients: NameTable<'s>,
    client_labels: Vec<Option<&'s str>>,
    service_labels: Vec<Option<&'s str>>,
    topic_labels: Vec<Option<&'s str>>,
    producer_labels: Vec<Option<&'s str>>,
    group_labels: Vec<Option<&'s str>>,
    alert_labels: Vec<Option<&'s str>>,
}

impl<'s> Validator<'s> {
    fn new(s: &'s Scenario) -> Validator<'s> {
        Validator {
            s,
            problems: Vec::new(),
            unrecorded: 0,
            suggestions_left: Cell::new(MAX_SUGGESTIONS),
            services: NameTable::new(s.services.iter().map(|x| x.name.as_str())),
            topics: NameTable::new(s.topics.iter().map(|x| x.name.as_str())),
            producers: NameTable::new(s.producers.iter().map(|x| x.name.as_str())),
            groups: NameTable::new(s.consumers.iter().map(|x| x.name.as_str())),
            clients: NameTable::new(s.clients.iter().map(|x| x.name.as_str())),
            client_labels: entry_labels(s.clients.iter().map(|x| Some(x.name.as_str()))),
            service_labels: entry_labels(s.services.iter().map(|x| Some(x.name.as_str()))),
            topic_labels: entry_labels(s.topics.iter().map(|x| Some(x.name.as_str()))),
            producer_labels: entry_labels(s.producers.iter().map(|x| Some(x.name.as_str()))),
            group_labels: entry_labels(s.consumers.iter().map(|x| Some(x.name.as_str()))),
            alert_labels: entry_labels(s.alerts.iter().map(|x| Some(x.name.as_str()))),
        }
    }

    // ----- paths ------------------------------------------------------------------------

    fn service_path(&self, i: usize) -> Path {
        Path::root().field("services").entry(i, self.service_labels[i])
    }
    fn topic_path(&self, i: usize) -> Path {
        Path::root().field("topics").entry(i, self.topic_labels[i])
    }
    fn producer_path(&self, i: usize) -> Path {
        Path::root().field("producers").entry(i, self.producer_labels[i])
    }
    fn group_path(&self, i: usize) -> Path {
        Path::root().field("consumers").entry(i, self.group_labels[i])
    }
    fn client_path(&self, i: usize) -> Path {
        Path::root().field("clients").entry(i, self.client_labels[i])
    }
    fn fault_path(&self, i: usize) -> Path {
        Path::root().field("faults").index(i)
    }
    fn alert_path(&self, i: usize) -> Path {
        Path::root().field("alerts").entry(i, self.alert_labels[i])
    }
    fn path_of(&self, kind: Kind, i: usize) -> Path {
        match kind {
            Kind::Service => self.service_path(i),
            Kind::Topic => self.topic_path(i),
            Kind::Producer => self.producer_path(i),
            Kind::Group => self.group_path(i),
            Kind::Client => self.client_path(i),
        }
    }

    // ----- reporting helpers ------------------------------------------------------------

    fn problem(&mut self, path: Path, message: impl Into<String>) {
        self.problem_with_help(path, message, None);
    }

    /// Records a problem; beyond [`MAX_PROBLEMS`] only counts it (memory stays bounded).
    fn problem_with_help(&mut self, path: Path, message: impl Into<String>, help: Option<String>) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem { path, message: message.into(), help });
        } else {
            self.unrecorded += 1;
        }
    }

    /// False (and a problem) for NaN and infinities.
    fn finite(&mut self, path: &Path, value: f64) -> bool {
        if value.is_finite() {
            return true;
        }
        self.problem(path.clone(), format!("must be a finite number, found {value}"));
        false
    }

    fn probability(&mut self, path: Path, value: f64) {
        if self.finite(&path, value) && !(0.0..=1.0).contains(&value) {
            self.problem(path, format!("must be a probability between 0 and 1, found {value}"));
        }
    }

    /// A share in (0, 1]: a threshold where 0 would mean "always".
    fn share(&mut self, path: Path, value: f64) {
        if self.finite(&path, value) && !(value > 0.0 && value <= 1.0) {
            self.problem(path, format!("must be above 0 and at most 1, found {value}"));
        }
    }

    /// A rate per second: above zero (or zero where `zero_ok`) and at most the limit.
    fn rate(&mut self, path: Path, value: f64, zero_ok: bool) {
        if !self.finite(&path, value) {
            return;
        }
        if value < 0.0 || (value == 0.0 && !zero_ok) {
            let bound = if zero_ok { "at least 0" } else { "above 0" };
            self.problem(path, format!("must be {bound} per second, found {value}"));
        } else if value > MAX_RATE_PER_SECOND {
            self.problem(
                path,
                format!("{value} per second is above faultline's limit of {MAX_RATE_PER_SECOND} per second"),
            );
        } else if value > 0.0 && value < MIN_RATE_PER_SECOND {
            self.problem_with_help(
                path,
                format!(
                    "{value:e} per second is below faultline's smallest rate of {MIN_RATE_PER_SECOND:e} per second (one event in 11.6 days)"
                ),
                Some(if zero_ok { "write 0 for no events at all".into() } else { "raise it".into() }),
            );
        }
    }

    /// A period that re-arms itself: at least `floor`, the limit that keeps a run from
    /// scheduling an event every nanosecond (see `limits`). `why` says what repeats.
    fn period(&mut self, path: Path, value: SimDuration, floor: SimDuration, why: &str) {
        if value < floor {
            self.problem(
                path,
                format!("{value} is under faultline's floor of {floor}: {why} would repeat too often to simulate"),
            );
        }
    }

    /// A total across the scenario within its limit; `what` names the sum, `why` the cost.
    fn total(&mut self, path: Path, sum: u64, limit: u64, what: &str, why: &str) {
        if sum > limit {
            self.problem(path, format!("{what} add up to {sum}, above faultline's limit of {limit} in all ({why})"));
        }
    }

    /// A count between `min` and `max` inclusive.
    fn count(&mut self, path: Path, value: u64, min: u64, max: u64) {
        if value < min {
            let message = if min == 1 {
                "must be at least 1".to_string()
            } else {
                format!("must be at least {min}, found {value}")
            };
            self.problem(path, message);
        } else if value > max {
            self.problem(path, format!("{value} is above faultline's limit of {max}"));
        }
    }

    fn nonzero(&mut self, path: Path, value: SimDuration, what: &str) {
        if value == SimDuration::ZERO {
            self.problem(path, format!("must be longer than 0s{what}"));
        }
    }

    fn table(&self, kind: Kind) -> &NameTable<'s> {
        match kind {
            Kind::Service => &self.services,
            Kind::Topic => &self.topics,
            Kind::Producer => &self.producers,
            Kind::Client => &self.clients,
            Kind::Group => &self.groups,
        }
    }

    /// Index of the component `name` of a kind, or a problem with a suggestion.
    fn reference(&mut self, path: Path, kind: Kind, name: &str) -> Option<usize> {
        let table = self.table(kind);
        if let Some(&i) = table.index.get(name) {
            return Some(i);
        }
        let help = self.suggest(name, &table.names).or_else(|| known(kind.noun(), &table.names));
        self.problem_with_help(path, format!("unknown {} `{name}`", kind.noun()), help);
        None
    }

    /// A did-you-mean, within a budget: suggestions cost an edit distance per candidate, so
    /// a file with thousands of bad names or components must not make validation quadratic.
    fn suggest(&self, wanted: &str, candidates: &[&str]) -> Option<String> {
        self.closest(wanted, candidates).map(|c| format!("did you mean `{c}`?"))
    }

    /// The likely intended name, within the suggestion budget.
    fn closest<'c>(&self, wanted: &str, candidates: &[&'c str]) -> Option<&'c str> {
        let left = self.suggestions_left.get();
        if left == 0 || candidates.len() > MAX_SUGGESTION_CANDIDATES {
            return None;
        }
        self.suggestions_left.set(left - 1);
        closest(wanted, candidates.iter().copied())
    }

    // ----- one method per struct ----------------------------------------------------------

    fn validate_scenario(&mut self) {
        let s = self.s;
        let root = Path::root();
        if s.name.trim().is_empty() {
            self.problem(root.field("name"), "must not be empty");
        }
        self.nonzero(root.field("duration"), s.duration, "");
        if s.duration > MAX_DURATION {
            self.problem(
                root.field("duration"),
                format!("{} is longer than faultline's limit of {MAX_DURATION} (ten years)", s.duration),
            );
        }
        if s.sample_every < MIN_SAMPLE_EVERY {
            self.problem(
                root.field("sample_every"),
                format!("must be at least {MIN_SAMPLE_EVERY}, found {}", s.sample_every),
            );
        } else if s.sample_every > s.duration && s.duration > SimDuration::ZERO {
            self.problem(
                root.field("sample_every"),
                format!(
                    "{} is longer than the whole run ({}): no sample would ever be taken",
                    s.sample_every, s.duration
                ),
            );
        }
        self.validate_broker(&s.broker);
        self.validate_names();
        for i in 0..s.services.len() {
            self.validate_service(i);
        }
        for i in 0..s.topics.len() {
            self.validate_topic(i);
        }
        for i in 0..s.producers.len() {
            self.validate_producer(i);
        }
        for i in 0..s.consumers.len() {
            self.validate_group(i);
        }
        self.validate_wiring();
        self.validate_flow();
        self.validate_sagas();
        self.validate_totals();
        for i in 0..s.faults.len() {
            self.validate_fault(i);
        }
        self.validate_fault_overlaps();
        for i in 0..s.alerts.len() {
            self.validate_alert(i);
        }
        self.validate_expectations(&Path::root().field("expect"), &s.expect);
        self.validate_lesson();
    }

    fn validate_broker(&mut self, broker: &Broker) {
        let path = Path::root().field("broker");
        self.count(path.field("nodes"), broker.nodes.into(), 1, MAX_BROKER_NODES.into());
        if let Some(failures) = &broker.failures {
            self.validate_failures(path.field("failures"), failures);
        }
        if broker.replication == 0 {
            self.problem(path.field("replication"), "must be at least 1 (the leader itself)");
        } else if broker.replication > broker.nodes && broker.nodes > 0 {
            self.problem(
                path.field("replication"),
                format!(
                    "{} copies need at least {} broker nodes, but `nodes` is {}",
                    broker.replication, broker.replication, broker.nodes
                ),
            );
        }
        if broker.min_insync == 0 {
            self.problem(path.field("min_insync"), "must be at least 1 (the leader itself)");
        } else if broker.min_insync > broker.replication && broker.replication > 0 {
            // Kafka accepts it and then refuses every acks=all write (NotEnoughReplicas):
            // a mistake worth stopping before the run.
            self.problem_with_help(
                path.field("min_insync"),
                format!(
                    "`min_insync` {} is more than the {} copies of each partition: every acks All publish would be refused",
                    broker.min_insync, broker.replication
                ),
                Some("raise `replication`, or lower `min_insync` (Kafka's usual choice is replication 3, min_insync 2)".into()),
            );
        }
        self.validate_distribution(path.field("replication_lag"), &broker.replication_lag);
        self.count(path.field("io_threads"), broker.io_threads.into(), 1, MAX_IO_THREADS.into());
        self.count(path.field("queued_max_requests"), broker.queued_max_requests.into(), 1, MAX_QUEUED_REQUESTS.into());
        self.validate_distribution(path.field("request_cost"), &broker.request_cost);
        self.validate_distribution(path.field("message_cost"), &broker.message_cost);
    }

    /// Names: present, usable in fault targets, and unique across services, topics,
    /// producers and consumer groups (fault targets and reports name components).
    fn validate_names(&mut self) {
        let s = self.s;
        let components: Vec<(Kind, usize, &str)> = s
            .services
            .iter()
            .enumerate()
            .map(|(i, x)| (Kind::Service, i, x.name.as_str()))
            .chain(s.topics.iter().enumerate().map(|(i, x)| (Kind::Topic, i, x.name.as_str())))
            .chain(s.producers.iter().enumerate().map(|(i, x)| (Kind::Producer, i, x.name.as_str())))
            .chain(s.consumers.iter().enumerate().map(|(i, x)| (Kind::Group, i, x.name.as_str())))
            .chain(s.clients.iter().enumerate().map(|(i, x)| (Kind::Client, i, x.name.as_str())))
            .collect();
        let mut first: BTreeMap<&str, (Kind, usize)> = BTreeMap::new();
        for &(kind, i, name) in &components {
            let path = self.path_of(kind, i).field("name");
            if name.trim().is_empty() {
                self.problem(path, "must not be empty");
                continue;
            }
            if name.contains(char::is_control) {
                self.problem(path.clone(), format!("{name:?} contains control characters"));
            } else if name.contains('/') {
                self.problem(
                    path.clone(),
                    format!("`{name}` contains `/`, which fault targets use for instances (`payments/1`)"),
                );
            } else if name == "broker" {
                self.problem(path.clone(), "`broker` is reserved: fault targets use `broker/N` for broker nodes");
            }
            match first.get(name) {
                Some(&(first_kind, j)) if first_kind == kind => {
                    let other = self.path_of(first_kind, j);
                    self.problem(path, format!("another {} is already named `{name}` ({other})", kind.noun()));
                }
                Some(&(first_kind, j)) => {
                    let other = self.path_of(first_kind, j);
                    self.problem_with_help(
                        path,
                        format!("`{name}` is already the name of {} {other}", with_article(first_kind.noun())),
                        Some(
                            "services, topics, producers, consumer groups and clients share one namespace".to_string(),
                        ),
                    );
                }
                None => {
                    first.insert(name, (kind, i));
                }
            }
        }
        let mut alerts: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, alert) in s.alerts.iter().enumerate() {
            let path = self.alert_path(i).field("name");
            if alert.name.trim().is_empty() {
                self.problem(path, "must not be empty");
            } else if let Some(&j) = alerts.get(alert.name.as_str()) {
                let other = self.alert_path(j);
                self.problem(path, format!("another alert is already named `{}` ({other})", alert.name));
            } else {
                alerts.insert(&alert.name, i);
            }
        }
    }

    fn validate_service(&mut self, i: usize) {
        let service = &self.s.services[i];
        let path = self.service_path(i);
        self.validate_distribution(path.field("latency"), &service.latency);
        self.validate_errors(path.field("errors"), &service.errors);
        if service.capacity == Some(0) {
            self.problem_with_help(
                path.field("capacity"),
                "must be at least 1",
                Some("leave it out for unlimited capacity".into()),
            );
        }
        // Priority only reorders calls that wait, and without a capacity none ever does;
        // sharing an unlimited capacity is serving every call at full speed.
        match (service.queue_discipline, service.capacity) {
            (QueueDiscipline::Priority, None) => self.problem_with_help(
                path.field("queue_discipline"),
                "orders the calls waiting for a slot, but the service has no capacity, so no call ever waits",
                Some("give it a capacity (calls served at once): then the highest priority waiting is served first".into()),
            ),
            (QueueDiscipline::ProcessorSharing, None) => self.problem_with_help(
                path.field("queue_discipline"),
                "shares the capacity among the calls in service, but the service has no capacity, so every call goes at full speed",
                Some("give it a capacity: the calls beyond it then slow every call down instead of waiting".into()),
            ),
            _ => {}
        }
        if let Some(failures) = &service.failures {
            self.validate_failures(path.field("failures"), failures);
        }
        self.count(path.field("replicas"), service.replicas.into(), 1, MAX_REPLICAS.into());
        if let Balance::RingHash { virtual_nodes } = service.balance {
            let max = crate::scenario::MAX_VIRTUAL_NODES;
            self.count(path.field("balance").field("virtual_nodes"), virtual_nodes.into(), 1, max.into());
        }
        if let Some(detection) = &service.outlier_detection {
            self.validate_outlier_detection(path.field("outlier_detection"), detection);
        }
        if let Some(check) = &service.health_check {
            self.validate_service_health_check(path.field("health_check"), check);
        }
        for (c, callee) in service.calls.iter().enumerate() {
            self.reference(path.field("calls").index(c), Kind::Service, callee);
        }
        if service.timeout == Some(SimDuration::ZERO) {
            self.problem_with_help(
                path.field("timeout"),
                "must be longer than 0s",
                Some("leave it out for no timeout".into()),
            );
        }
        self.validate_retry(path.field("retry"), &service.retry);
        let guards = (service.circuit_breaker.as_ref(), service.bulkhead.as_ref());
        self.validate_call_guards(&path, guards, service.calls.is_empty(), "it calls", "calls");
    }

    /// Envoy's outlier detection: at least one error in a row, a real ejection time, and a
    /// share of replicas (`max_ejection_percent` as a fraction).
    fn validate_outlier_detection(&mut self, path: Path, detection: &OutlierDetection) {
        self.count(path.field("consecutive_errors"), detection.consecutive_errors.into(), 1, u32::MAX.into());
        self.nonzero(path.field("eject_for"), detection.eject_for, " (an ejection that ends at once ejects nothing)");
        let max = detection.max_ejected;
        if self.finite(&path.field("max_ejected"), max) && !(0.0..=1.0).contains(&max) {
            self.problem_with_help(
                path.field("max_ejected"),
                format!("must be a share of the replicas between 0 and 1, found {max}"),
                Some("0.34 lets one replica in three be ejected at once; one may always be".into()),
            );
        }
    }

    /// Envoy's active health checking of replicas: a probe grid faultline can simulate,
    /// a timeout that ends before the next probe, and thresholds of at least one probe.
    fn validate_service_health_check(&mut self, path: Path, check: &ServiceHealthCheck) {
        self.period(path.field("interval"), check.interval, MIN_HEALTH_CHECK_INTERVAL, "health probes");
        self.nonzero(path.field("timeout"), check.timeout, "");
        if check.timeout > check.interval {
            let (timeout, interval) = (check.timeout, check.interval);
            self.problem_with_help(
                path.field("timeout"),
                format!("{timeout} is longer than the interval ({interval}): a probe would still wait when the next one goes"),
                Some(format!("a timeout of at most {interval}, or a longer interval")),
            );
        }
        for (field, value) in
            [("unhealthy_threshold", check.unhealthy_threshold), ("healthy_threshold", check.healthy_threshold)]
        {
            self.count(path.field(field), value.into(), 1, MAX_HEALTH_CHECK_THRESHOLD.into());
        }
    }

    /// Stochastic failures of a service, a broker node or a group's instances.
    fn validate_failures(&mut self, path: Path, failures: &Failures) {
        for (field, dist, floor) in [("mtbf", &failures.mtbf, MIN_MTBF), ("mttr", &failures.mttr, MIN_MTTR)] {
            self.validate_distribution(path.field(field), dist);
            let mean = SimDuration::from_secs_f64(dist.mean_s());
            if mean < floor {
                self.problem(
                    path.field(field),
                    format!(
                        "averages {mean}, under faultline's floor of {floor}: failures and repairs would repeat too often to simulate"
                    ),
                );
            }
        }
    }

    /// A stateful group's projection and backups: a snapshot interval, a rebuild rate and a
    /// log to rebuild from; backups only of a state.
    fn validate_state(&mut self, path: &Path, group: &ConsumerGroup) {
        if let Some(GroupState::Projection { snapshot_every, rebuild_per_second }) = &group.state {
            let at = path.field("state");
            self.count(at.field("snapshot_every"), *snapshot_every, 1, MAX_SNAPSHOT_EVERY);
            if !(rebuild_per_second.is_finite() && *rebuild_per_second > 0.0) {
                self.problem(
                    at.field("rebuild_per_second"),
                    format!("must be a positive number of events replayed per second, found {rebuild_per_second}"),
                );
            }
            let topic = self.s.topics.iter().find(|t| t.name == group.topic);
            if let Some(topic) = topic.filter(|t| !t.retains()) {
                self.problem_with_help(
                    at,
                    format!("is rebuilt by replaying the log of topic `{}`, which keeps none", topic.name),
                    Some("give the topic a `retention` (a projection replays its retained log, as Kafka Streams restores a store from its changelog)".into()),
                );
            }
        }
        if let Some(backup) = &group.backup {
            let at = path.field("backup");
            if group.state.is_none() {
                self.problem(at.clone(), "needs the group's `state` (a stateless group has nothing to back up)");
            }
            if backup.every < MIN_BACKUP_EVERY {
                self.problem(at.field("every"), format!("must be at least {MIN_BACKUP_EVERY}, found {}", backup.every));
            }
        }
    }

    /// Standby spares, the repair crew and common-cause shocks: each acts on the
    /// instances' own failures and repairs, on a fixed number of instances.
    fn validate_structure(&mut self, path: &Path, group: &ConsumerGroup) {
        let fields = [
            ("standby", group.standby.is_some()),
            ("repair_crew", group.repair_crew.is_some()),
            ("common_cause", group.common_cause.is_some()),
        ];
        for (field, _) in fields.iter().filter(|(_, set)| *set) {
            if group.failures.is_none() {
                self.problem(
                    path.field(field),
                    "needs the group's `failures` (its instances' own times to failure and to repair)",
                );
            }
            if group.autoscale.is_some() {
                self.problem(
                    path.field(field),
                    "cannot be combined with `autoscale` (spares, crew and shocks act on a fixed number of instances)",
                );
            }
        }
        if let Some(standby) = &group.standby {
            let at = path.field("standby");
            self.count(at.field("spares"), standby.spares.into(), 1, MAX_INSTANCES.into());
            if standby.spares >= group.instances && standby.spares > 0 {
                self.problem(
                    at.field("spares"),
                    format!(
                        "must be fewer than the group's {} instances (at least one must be active), found {}",
                        group.instances, standby.spares
                    ),
                );
            }
            if let StandbyKind::Warm(factor) = standby.kind
                && !(factor > 0.0 && factor <= 1.0)
            {
                self.problem(
                    at.field("kind"),
                    format!(
                        "a warm spare's failure factor must lie in (0, 1] (a share of an active instance's rate), found {factor}"
                    ),
                );
            }
        }
        if group.repair_crew == Some(0) {
            self.problem_with_help(
                path.field("repair_crew"),
                "must be at least 1",
                Some("leave it out for an unlimited crew".into()),
            );
        }
        if let Some(common) = &group.common_cause {
            let at = path.field("common_cause").field("mtbf");
            self.validate_distribution(at.clone(), &common.mtbf);
            let mean = SimDuration::from_secs_f64(common.mtbf.mean_s());
            if mean < MIN_MTBF {
                self.problem(
                    at,
                    format!(
                        "averages {mean}, under faultline's floor of {MIN_MTBF}: failures and repairs would repeat too often to simulate"
                    ),
                );
            }
        }
    }

    fn validate_errors(&mut self, path: Path, errors: &Errors) {
        let classes = [("transient", errors.transient), ("business", errors.business), ("fatal", errors.fatal)];
        for (field, p) in classes {
            self.probability(path.field(field), p);
        }
        let each_valid = classes.iter().all(|(_, p)| (0.0..=1.0).contains(p));
        let total: f64 = classes.iter().map(|(_, p)| p).sum();
        // A little slack for decimal fractions that do not add up exactly in binary.
        if each_valid && total > 1.0 + 1e-9 {
            self.problem(path, format!("error probabilities add up to {total}, more than 1"));
        }
    }

    fn validate_distribution(&mut self, path: Path, dist: &Distribution) {
        match *dist {
            Distribution::Constant(_) => {}
            Distribution::Exponential(mean) => {
                if mean == SimDuration::ZERO {
                    self.problem_with_help(
                        path,
                        "an exponential distribution needs a mean longer than 0s",
                        Some("write Constant(\"0s\") for no time at all".into()),
                    );
                }
            }
            Distribution::Uniform { min, max } => {
                if min > max {
                    self.problem(path.field("max"), format!("max ({max}) is less than min ({min})"));
                }
            }
            Distribution::LogNormal { median, p99 } => {
                if median == SimDuration::ZERO {
                    self.problem(path.field("median"), "must be longer than 0s");
                } else if p99 < median {
                    self.problem(
                        path.field("p99"),
                        format!("p99 ({p99}) is below the median ({median}); a 99th percentile is at least the median"),
                    );
                }
            }
            Distribution::Gamma { shape, mean } | Distribution::Weibull { shape, mean } => {
                self.shape(path.field("shape"), shape);
                self.positive_mean(path.field("mean"), mean);
            }
            Distribution::Erlang { k, mean } => {
                self.count(path.field("k"), k.into(), 1, MAX_ERLANG_PHASES.into());
                self.positive_mean(path.field("mean"), mean);
            }
            Distribution::Pareto { shape, min, max } => {
                self.shape(path.field("shape"), shape);
                if min == SimDuration::ZERO {
                    self.problem(path.field("min"), "must be longer than 0s (a Pareto starts at its minimum)");
                } else if max <= min {
                    self.problem(path.field("max"), format!("max ({max}) must be above min ({min})"));
                }
            }
            Distribution::Hyperexponential { ref branches } => self.hyperexponential(path, branches),
            Distribution::Empirical { ref values, csv: Some(_) } => {
                // Loading a file reads the CSV and clears the name (`samples`): it is left
                // only in text without a file to read it beside, or beside `values`.
                let message = if values.is_empty() {
                    "a CSV of samples is read only when a scenario file is loaded, from beside the file"
                } else {
                    "give the samples as `values` or as a `csv` file, not both"
                };
                self.problem(path.field("csv"), message);
            }
            Distribution::Empirical { ref values, csv: None } => {
                let path = path.field("values");
                if values.is_empty() {
                    self.problem_with_help(
                        path,
                        "needs at least one value",
                        Some("list the observed durations, e.g. values: [\"3ms\", \"5ms\", \"40ms\"]".into()),
                    );
                } else if values.len() > MAX_EMPIRICAL_VALUES {
                    self.problem(
                        path,
                        format!("{} values are above faultline's limit of {MAX_EMPIRICAL_VALUES}", values.len()),
                    );
                }
            }
        }
    }

    /// A hyperexponential: one branch at least, each a probability and a mean above 0s,
    /// the probabilities adding up to 1.
    fn hyperexponential(&mut self, path: Path, branches: &[Branch]) {
        let path = path.field("branches");
        if branches.is_empty() {
            self.problem_with_help(
                path,
                "needs at least one branch",
                Some("e.g. branches: [(p: 0.9, mean: \"1ms\"), (p: 0.1, mean: \"10ms\")]".into()),
            );
            return;
        }
        if branches.len() > MAX_BRANCHES {
            self.problem(path, format!("{} branches are above faultline's limit of {MAX_BRANCHES}", branches.len()));
            return;
        }
        for (i, branch) in branches.iter().enumerate() {
            self.probability(path.index(i).field("p"), branch.p);
            if branch.mean == SimDuration::ZERO {
                self.problem(path.index(i).field("mean"), "must be longer than 0s (an exponential needs a mean)");
            }
        }
        let each_valid = branches.iter().all(|b| (0.0..=1.0).contains(&b.p));
        let total: f64 = branches.iter().map(|b| b.p).sum();
        // The same slack as for error probabilities: 0.1 + 0.2 + 0.7 is not 1 in binary.
        if each_valid && (total - 1.0).abs() > 1e-9 {
            self.problem(path, format!("the branches' probabilities p add up to {total}, not 1"));
        }
    }

    /// The shape of a Gamma, Weibull or Pareto distribution.
    fn shape(&mut self, path: Path, shape: f64) {
        if self.finite(&path, shape) && !SHAPE_RANGE.contains(&shape) {
            self.problem(
                path,
                format!(
                    "must lie in {}..={}, found {shape}; outside it the distribution is all tail or all spike",
                    SHAPE_RANGE.start(),
                    SHAPE_RANGE.end()
                ),
            );
        }
    }

    fn positive_mean(&mut self, path: Path, mean: SimDuration) {
        if mean == SimDuration::ZERO {
            self.problem_with_help(
                path,
                "must be longer than 0s",
                Some("write Constant(\"0s\") for no time at all".into()),
            );
        }
    }

    fn validate_topic(&mut self, i: usize) {
        let topic = &self.s.topics[i];
        let path = self.topic_path(i);
        self.count(path.field("partitions"), topic.partitions.into(), 1, MAX_PARTITIONS.into());
        if topic.capacity == 0 {
            self.problem(path.field("capacity"), "must be at least 1");
        }
        if topic.ttl == Some(SimDuration::ZERO) {
            self.problem_with_help(
                path.field("ttl"),
                "must be longer than 0s",
                Some("leave it out for no expiry".into()),
            );
        }
        if topic.retention == Some(SimDuration::ZERO) {
            self.problem_with_help(
                path.field("retention"),
                "must be longer than 0s",
                Some("leave it out for a queue that keeps nothing after consumption".into()),
            );
        }
        if let Some(records) = topic.retention_messages {
            self.count(path.field("retention_messages"), records, 1, MAX_RETAINED_RECORDS);
        }
        self.validate_shedding(path.field("shedding"), topic);
        if topic.max_priority == Some(0) {
            self.problem_with_help(
                path.field("max_priority"),
                "must be at least 1",
                Some("leave it out for a queue in publication order".into()),
            );
        }
        if let Some(expired_to) = &topic.expired_to {
            if self.reference(path.field("expired_to"), Kind::Topic, expired_to) == Some(i) {
                self.problem(path.field("expired_to"), "a topic cannot send its expired messages to itself");
            }
            if topic.ttl.is_none() {
                self.problem_with_help(
                    path.field("expired_to"),
                    "is set but the topic has no `ttl`, so nothing can expire",
                    Some("add a ttl, e.g. ttl: \"5m\"".into()),
                );
            }
        }
    }

    fn validate_shedding(&mut self, path: Path, topic: &Topic) {
        if topic.shedding.len() > MAX_SHED_RULES {
            let n = topic.shedding.len();
            self.problem(path, format!("{n} rules is above faultline's limit of {MAX_SHED_RULES}"));
            return;
        }
        for (k, rule) in topic.shedding.iter().enumerate() {
            let rule_path = path.index(k);
            if rule.below_priority == 0 {
                self.problem_with_help(
                    rule_path.field("below_priority"),
                    "0 sheds nothing: priorities start at 0",
                    Some("below_priority: 1 sheds priority 0".into()),
                );
            }
            if rule.backlog_above > topic.capacity {
                self.problem(
                    rule_path.field("backlog_above"),
                    format!(
                        "{} is above the topic's capacity ({}): the backlog never gets there",
                        rule.backlog_above, topic.capacity
                    ),
                );
            }
        }
    }

    fn validate_producer(&mut self, i: usize) {
        let producer = &self.s.producers[i];
        let path = self.producer_path(i);
        self.reference(path.field("topic"), Kind::Topic, &producer.topic);
        self.validate_arrivals(path.field("rate"), &producer.rate, &producer.events);
        if matches!(producer.rate, Arrivals::FinitePopulation { .. }) {
            self.problem_with_help(
                path.field("rate"),
                "a producer does not wait for answers, so it has no finite population of callers",
                Some("give the population to a Client, whose callers wait for their answers".into()),
            );
        }
        self.validate_keys(path.field("keys"), &producer.keys);
        self.validate_batch(path.field("batch"), &producer.batch);
        if producer.acks == Acks::None && producer.outbox {
            self.problem_with_help(
                path.field("acks"),
                "acks None cannot go with an outbox: the relay marks an event published only once the broker acknowledges it",
                Some("use acks Leader or All with the outbox".into()),
            );
        }
        if let Some(send) = &producer.send {
            self.count(path.field("send").field("max_messages"), send.max_messages.into(), 1, MAX_SEND_BATCH.into());
        }
        // A served request decides on several messages at once, after the producer went
        // on producing: a producer blocked by its topic cannot un-send the rest.
        let requests = producer.send.is_some() || self.s.broker.has_cost();
        // Looked up only when it matters: a scan per producer is quadratic in a big file.
        let blocks = || self.s.topics.iter().any(|t| t.name == producer.topic && t.overflow == Overflow::BlockProducer);
        if requests && blocks() {
            let field = if producer.send.is_some() { "send" } else { "topic" };
            self.problem_with_help(
                path.field(field),
                "send batching and a broker cost do not go with a BlockProducer topic: a request's messages are decided after the producer has gone on",
                Some("give the topic overflow RejectNew (refusals go to publish_retry) or DropOldest".into()),
            );
        }
        let retry = &producer.publish_retry;
        let retry_path = path.field("publish_retry");
        self.count(retry_path.field("max_attempts"), retry.max_attempts.into(), 1, MAX_ATTEMPTS.into());
        self.validate_backoff(retry_path.field("backoff"), &retry.backoff);
        self.count(retry_path.field("buffer"), retry.buffer.into(), 1, MAX_PUBLISH_BUFFER.into());
        let relay = &producer.relay;
        let relay_path = path.field("relay");
        if relay.poll_every < MIN_RELAY_POLL {
            self.problem(
                relay_path.field("poll_every"),
                format!("must be at least {MIN_RELAY_POLL}, found {}", relay.poll_every),
            );
        }
        self.count(relay_path.field("batch"), relay.batch.into(), 1, MAX_RELAY_BATCH.into());
        self.count(relay_path.field("max_tries"), relay.max_tries.into(), 1, MAX_ATTEMPTS.into());
        self.nonzero(relay_path.field("retry_failed_after"), relay.retry_failed_after, "");
        self.count(relay_path.field("capacity"), relay.capacity, 1, MAX_OUTBOX_CAPACITY);
    }

    /// `events`: the types its source declares, which a replayed trace's rows may name.
    fn validate_arrivals(&mut self, path: Path, arrivals: &Arrivals, events: &[EventType]) {
        match arrivals {
            // Zero is an idle producer: a lab pauses a source by setting its rate to 0 (live,
            // or in a lesson that asks to raise it).
            Arrivals::Constant { per_second } | Arrivals::Poisson { per_second } => {
                self.rate(path.field("per_second"), *per_second, true);
            }
            Arrivals::Bursty { per_second, on, off: _ } => {
                self.rate(path.field("per_second"), *per_second, true);
                self.nonzero(path.field("on"), *on, " (the producer would never publish)");
            }
            Arrivals::Ramp { from_per_second, to_per_second, over } => {
                self.rate(path.field("from_per_second"), *from_per_second, true);
                self.rate(path.field("to_per_second"), *to_per_second, true);
                if *from_per_second == 0.0 && *to_per_second == 0.0 {
                    self.problem(path.clone(), "both rates are 0: the producer would never publish");
                }
                self.nonzero(path.field("over"), *over, " (use Poisson for a constant rate)");
            }
            Arrivals::Steps(steps) => {
                if steps.is_empty() {
                    self.problem(path, "needs at least one step");
                    return;
                }
                if steps.len() > MAX_STEPS {
                    self.problem(path, format!("{} steps is above faultline's limit of {MAX_STEPS}", steps.len()));
                    return;
                }
                for (k, step) in steps.iter().enumerate() {
                    self.rate(path.index(k).field("per_second"), step.per_second, true);
                    if k > 0 && step.at <= steps[k - 1].at {
                        self.problem(
                            path.index(k).field("at"),
                            format!(
                                "steps must be in time order: {} comes after a step at {}",
                                step.at,
                                steps[k - 1].at
                            ),
                        );
                    }
                }
                if steps.iter().all(|step| step.per_second == 0.0) {
                    self.problem(path, "every step has rate 0: the producer would never publish");
                }
            }
            Arrivals::Modulated { states } => self.modulated(path.field("states"), states),
            Arrivals::Sine { mean_per_second, amplitude_per_second, period } => {
                self.rate(path.field("mean_per_second"), *mean_per_second, false);
                let amplitude = *amplitude_per_second;
                if self.finite(&path.field("amplitude_per_second"), amplitude)
                    && mean_per_second.is_finite()
                    && amplitude.abs() > *mean_per_second
                {
                    self.problem(
                        path.field("amplitude_per_second"),
                        format!(
                            "amplitude {amplitude} is larger than the mean {mean_per_second}: the rate would go negative (down to {} per second)",
                            mean_per_second - amplitude.abs()
                        ),
                    );
                }
                self.nonzero(path.field("period"), *period, "");
            }
            Arrivals::Replay { trace, csv, speed, repeat_every } => {
                self.replay(path, trace, csv.is_some(), *speed, *repeat_every, events);
            }
            Arrivals::FinitePopulation { sources, think } => {
                self.count(path.field("sources"), (*sources).into(), 1, MAX_SOURCES.into());
                // A caller refused at once would think for 0s and call again at the same instant.
                self.validate_gap(path.field("think"), think, ("its callers would call again", None));
            }
            Arrivals::Renewal { gap } => self.validate_gap(
                path.field("gap"),
                gap,
                ("the producer would publish", Some("write Poisson(per_second: 0.0) for an idle producer")),
            ),
        }
    }

    /// The states of a Markov-modulated process: at least one, each with a rate (0 is a
    /// silent state) and a mean stay of at least `MIN_MODULATED_STAY`, and some state that
    /// publishes.
    fn modulated(&mut self, path: Path, states: &[ModulatedState]) {
        if states.is_empty() {
            self.problem_with_help(
                path,
                "needs at least one state",
                Some(
                    "e.g. states: [(per_second: 100.0, mean_stay: \"2s\"), (per_second: 0.0, mean_stay: \"8s\")]"
                        .into(),
                ),
            );
            return;
        }
        if states.len() > MAX_MODULATED_STATES {
            self.problem(
                path,
                format!("{} states are above faultline's limit of {MAX_MODULATED_STATES} states", states.len()),
            );
            return;
        }
        for (k, state) in states.iter().enumerate() {
            self.rate(path.index(k).field("per_second"), state.per_second, true);
            self.period(path.index(k).field("mean_stay"), state.mean_stay, MIN_MODULATED_STAY, "its changes of state");
        }
        if states.iter().all(|state| state.per_second == 0.0) {
            self.problem(path, "every state has rate 0: the producer would never publish");
        }
    }

    /// The gap of a renewal process or a caller's think time: a valid distribution whose
    /// mean, as a rate of one event per mean gap, lies within the rate limits. A mean of 0s
    /// would send without end at one instant (`endless` says who, with a hint).
    fn validate_gap(&mut self, path: Path, gap: &Distribution, endless: (&str, Option<&str>)) {
        self.validate_distribution(path.clone(), gap);
        let mean_s = gap.mean_s();
        if mean_s <= 0.0 {
            let (who, help) = endless;
            self.problem_with_help(
                path,
                format!("averages 0s: {who} without end at one instant"),
                help.map(Into::into),
            );
        } else if 1.0 / mean_s > MAX_RATE_PER_SECOND || 1.0 / mean_s < MIN_RATE_PER_SECOND {
            self.problem(
                path,
                format!(
                    "averages {}, a rate of {} per second, outside faultline's limits of {MIN_RATE_PER_SECOND} to {MAX_RATE_PER_SECOND} per second",
                    SimDuration::from_secs_f64(mean_s),
                    1.0 / mean_s
                ),
            );
        }
    }

    /// A replayed trace: rows (inline, or read from its CSV when the file was loaded) in
    /// time order naming the source's event types, a speed in range, and a repeat period
    /// longer than one pass.
    fn replay(
        &mut self,
        path: Path,
        trace: &[TraceRow],
        csv: bool,
        speed: f64,
        repeat_every: Option<SimDuration>,
        events: &[EventType],
    ) {
        if csv {
            // Loading a file reads the CSV and clears the name (`samples`), as for an
            // empirical distribution: it is left only in text without a file behind it.
            let message = if trace.is_empty() {
                "a CSV trace is read only when a scenario file is loaded, from beside the file"
            } else {
                "give the rows as `trace` or as a `csv` file, not both"
            };
            self.problem(path.field("csv"), message);
        } else if trace.is_empty() {
            self.problem_with_help(
                path.field("trace"),
                "needs at least one row",
                Some("e.g. trace: [(at: \"0s\"), (at: \"120ms\", key: 7)], or csv: \"peak.csv\"".into()),
            );
        } else if trace.len() > MAX_TRACE_ROWS {
            self.problem(
                path.field("trace"),
                format!("{} rows are above faultline's limit of {MAX_TRACE_ROWS}", trace.len()),
            );
        } else {
            for (k, pair) in trace.windows(2).enumerate() {
                if pair[1].at < pair[0].at {
                    self.problem(
                        path.field("trace").index(k + 1).field("at"),
                        format!("rows must be in time order: {} comes after a row at {}", pair[1].at, pair[0].at),
                    );
                    break;
                }
            }
            for (k, row) in trace.iter().enumerate() {
                if let Some(name) = &row.event
                    && !events.iter().any(|e| &e.name == name)
                {
                    self.problem(path.field("trace").index(k).field("event"), unknown_trace_event(name, events));
                    break;
                }
            }
        }
        let speed_path = path.field("speed");
        if self.finite(&speed_path, speed) && !REPLAY_SPEED_RANGE.contains(&speed) {
            self.problem(
                speed_path,
                format!("must lie in {}..={}, found {speed}", REPLAY_SPEED_RANGE.start(), REPLAY_SPEED_RANGE.end()),
            );
        }
        if let Some(every) = repeat_every {
            let last = trace.last().map_or(SimDuration::ZERO, |row| row.at);
            if every < MIN_REPLAY_REPEAT {
                self.problem(
                    path.field("repeat_every"),
                    format!("must be at least {MIN_REPLAY_REPEAT}, found {every}"),
                );
            } else if every <= last {
                self.problem_with_help(
                    path.field("repeat_every"),
                    format!("{every} is not longer than one pass of the trace (its last row is at {last}): passes would overlap"),
                    Some(format!("repeat after the last row, e.g. repeat_every: \"{}\"", last + SimDuration::from_millis(1))),
                );
            }
        }
    }

    /// A batch size: 1 to `MAX_BATCH` events, fixed or drawn by positive weights.
    fn validate_batch(&mut self, path: Path, batch: &Batch) {
        match batch {
            Batch::Fixed(k) => self.count(path, (*k).into(), 1, MAX_BATCH.into()),
            Batch::Weighted(sizes) => {
                if sizes.is_empty() || sizes.len() > MAX_BATCH_SIZES {
                    self.problem_with_help(
                        path,
                        format!("needs 1 to {MAX_BATCH_SIZES} sizes, found {}", sizes.len()),
                        Some("e.g. Weighted([(size: 1, weight: 3.0), (size: 4, weight: 1.0)])".into()),
                    );
                    return;
                }
                for (k, size) in sizes.iter().enumerate() {
                    let at = path.index(k);
                    self.count(at.field("size"), size.size.into(), 1, MAX_BATCH.into());
                    let weight = at.field("weight");
                    if self.finite(&weight, size.weight) && size.weight <= 0.0 {
                        self.problem(weight, format!("must be above 0, found {}", size.weight));
                    }
                }
            }
        }
    }

    fn validate_keys(&mut self, path: Path, keys: &Keys) {
        match *keys {
            Keys::Uniform { keys } => self.count(path.field("keys"), keys.into(), 1, MAX_KEYS.into()),
            Keys::Zipf { keys, exponent } => {
                self.count(path.field("keys"), keys.into(), 1, MAX_KEYS.into());
                let path = path.field("exponent");
                if self.finite(&path, exponent) && !(exponent > 0.0 && exponent <= MAX_ZIPF_EXPONENT) {
                    self.problem(path, format!("must be above 0 and at most {MAX_ZIPF_EXPONENT}, found {exponent}"));
                }
            }
        }
    }

    fn validate_group(&mut self, i: usize) {
        let group = &self.s.consumers[i];
        let path = self.group_path(i);
        self.reference(path.field("topic"), Kind::Topic, &group.topic);
        self.count(path.field("instances"), group.instances.into(), 1, MAX_INSTANCES.into());
        self.count(path.field("concurrency"), group.concurrency.into(), 1, MAX_CONCURRENCY.into());
        // A prefetch below the concurrency is allowed: it leaves workers idle, a classic
        // misconfiguration a lab should be able to show.
        if let Some(prefetch) = group.prefetch {
            self.count(path.field("prefetch"), prefetch.into(), 1, MAX_PREFETCH.into());
        }
        self.validate_handler(path.field("handler"), &group.handler);
        self.validate_retry(path.field("retry"), &group.retry);
        self.no_retry_budget(path.field("retry"), &group.retry);
        let guards = (group.circuit_breaker.as_ref(), group.bulkhead.as_ref());
        // A saga's coordinator calls its steps' services.
        let calls_nothing = group.handler.calls.is_empty() && !self.s.sagas.iter().any(|x| x.coordinator == group.name);
        self.validate_call_guards(&path, guards, calls_nothing, "the handler calls", "handler.calls");
        if group.strict_order && group.delivery == Delivery::Competing {
            self.problem_with_help(
                path.field("strict_order"),
                "needs Partitioned delivery: Competing delivery keeps no per-key order to protect",
                Some("set delivery: Partitioned, or leave strict_order out".into()),
            );
        }
        if group.dispatch != DispatchPolicy::RoundRobin && group.delivery == Delivery::Partitioned {
            self.problem_with_help(
                path.field("dispatch"),
                "needs Competing delivery: in Partitioned delivery each partition has one owner, so no message is offered to a choice of instances",
                Some("set delivery: Competing, or leave dispatch out".into()),
            );
        }
        if group.assignor != Assignor::RoundRobin && group.delivery == Delivery::Competing {
            self.problem_with_help(
                path.field("assignor"),
                "needs Partitioned delivery: Competing delivery has no partitions to assign",
                Some("set delivery: Partitioned, or leave assignor out".into()),
            );
        }
        if group.ordering == OrderScope::Partition && group.delivery == Delivery::Competing {
            self.problem_with_help(
                path.field("ordering"),
                "needs Partitioned delivery: Competing delivery hands any message to any instance, in no order",
                Some("set delivery: Partitioned, or leave ordering out".into()),
            );
        }
        if let Some(limit) = &group.rate_limit {
            self.validate_rate_limit(path.field("rate_limit"), limit, &group.on_exhausted);
        }
        if let OnExhausted::DeadLetter(topic) = &group.on_exhausted {
            let on_exhausted = path.field("on_exhausted");
            if self.reference(on_exhausted.clone(), Kind::Topic, topic).is_some() && *topic == group.topic {
                self.problem(on_exhausted, format!("the dead-letter topic `{topic}` is the topic the group consumes"));
            }
        }
        if let Some(supervisor) = &group.supervisor {
            self.validate_supervisor(path.field("supervisor"), supervisor);
        }
        if let Some(autoscale) = &group.autoscale {
            self.validate_autoscale(path.field("autoscale"), autoscale, group.instances);
        }
        if let Some(check) = &group.health_check {
            self.validate_health_check(path.field("health_check"), check, group);
        }
        if let Some(batch) = &group.batch {
            self.validate_consume_batch(path.field("batch"), batch, group);
        }
        self.validate_recovery(&path, group);
    }

    /// A consumer batch: its size, its per-batch cost, and the one poll thread it runs on.
    fn validate_consume_batch(&mut self, path: Path, batch: &ConsumeBatch, group: &ConsumerGroup) {
        self.count(path.field("max_messages"), batch.max_messages.into(), 1, MAX_CONSUME_BATCH.into());
        self.validate_distribution(path.field("per_batch"), &batch.per_batch);
        // A Kafka consumer (and a Spring batch listener on it) polls and handles a batch
        // on one thread; Spring's `concurrency` is the number of consumers, here instances.
        if group.concurrency != 1 {
            self.problem_with_help(
                path,
                "a batch is handled on the instance's one poll thread, so it needs concurrency 1",
                Some("set concurrency: 1 and add instances for parallelism".into()),
            );
        }
    }

    /// Heartbeats, rebalances, offset commits, instance failures, the dedup window and
    /// the service-level objectives.
    fn validate_recovery(&mut self, path: &Path, group: &ConsumerGroup) {
        // 0 commits each message at once; a positive interval re-arms a timer.
        if group.commit_interval > SimDuration::ZERO {
            self.period(path.field("commit_interval"), group.commit_interval, MIN_COMMIT_INTERVAL, "auto-commits");
        }
        if let Some(timeout) = group.session_timeout {
            self.nonzero(path.field("session_timeout"), timeout, " (a silent instance would be evicted at once)");
        }
        if let Some(failures) = &group.failures {
            self.validate_failures(path.field("failures"), failures);
        }
        self.validate_structure(path, group);
        self.validate_state(path, group);
        let window = path.field("dedup_window");
        self.count(window.field("max_ids"), group.dedup_window.max_ids.into(), 1, MAX_DEDUP_IDS.into());
        self.nonzero(window.field("max_age"), group.dedup_window.max_age, "");
        let objectives = path.field("objectives");
        self.nonzero(objectives.field("latency_p95"), group.objectives.latency_p95, "");
        self.probability(objectives.field("success"), group.objectives.success);
        self.probability(objectives.field("target"), group.objectives.target);
    }

    fn validate_handler(&mut self, path: Path, handler: &Handler) {
        self.validate_distribution(path.field("work"), &handler.work);
        for (c, call) in handler.calls.iter().enumerate() {
            self.reference(path.field("calls").index(c), Kind::Service, call);
        }
        if handler.timeout == Some(SimDuration::ZERO) {
            self.problem_with_help(
                path.field("timeout"),
                "must be longer than 0s",
                Some("leave it out for no timeout".into()),
            );
        }
    }

    fn validate_retry(&mut self, path: Path, retry: &Retry) {
        self.count(path.field("max_attempts"), retry.max_attempts.into(), 1, MAX_ATTEMPTS.into());
        self.validate_backoff(path.field("backoff"), &retry.backoff);
        if let Some(budget) = retry.budget {
            let at = path.field("budget");
            self.probability(at.field("ratio"), budget.ratio);
            self.rate(at.field("min_per_second"), budget.min_per_second, true);
            self.nonzero(at.field("ttl"), budget.ttl, " (the budget would count nothing)");
        }
    }

    /// A retry policy that is not a caller's (a group's redeliveries, a saga step's): a
    /// retry budget there would be ignored, so it is refused.
    pub(super) fn no_retry_budget(&mut self, path: Path, retry: &Retry) {
        if retry.budget.is_some() {
            self.problem(
                path.field("budget"),
                "a retry budget applies to a service's or a client's calls only (their `retry`)",
            );
        }
    }

    fn validate_backoff(&mut self, backoff: Path, spec: &Backoff) {
        match *spec {
            Backoff::Constant(_) => {}
            Backoff::Linear { initial, increment: _, max } => {
                if max < initial {
                    self.problem(backoff.field("max"), format!("max ({max}) is less than initial ({initial})"));
                }
            }
            Backoff::Exponential { initial, multiplier, max } => {
                self.nonzero(backoff.field("initial"), initial, " (every delay would be 0s)");
                let m = backoff.field("multiplier");
                if self.finite(&m, multiplier) && multiplier < 1.0 {
                    self.problem(m, format!("must be at least 1 (delays would shrink), found {multiplier}"));
                }
                if max < initial {
                    self.problem(backoff.field("max"), format!("max ({max}) is less than initial ({initial})"));
                }
            }
        }
    }

    /// A caller's circuit breaker and bulkhead (a group's, a service's on its downstream
    /// calls, a client's): valid policies, and something to guard. `calls_what` says who
    /// calls ("the handler calls"), `calls_field` where the calls are listed.
    pub(super) fn validate_call_guards(
        &mut self,
        path: &Path,
        (breaker, bulkhead): (Option<&CircuitBreaker>, Option<&Bulkhead>),
        calls_nothing: bool,
        calls_what: &str,
        calls_field: &str,
    ) {
        if let Some(breaker) = breaker {
            self.validate_circuit_breaker(path.field("circuit_breaker"), breaker);
        }
        if let Some(bulkhead) = bulkhead {
            let max = path.field("bulkhead").field("max_concurrent");
            self.count(max, bulkhead.max_concurrent.into(), 1, MAX_CONCURRENCY.into());
        }
        for (field, set) in [("circuit_breaker", breaker.is_some()), ("bulkhead", bulkhead.is_some())] {
            if set && calls_nothing {
                self.problem_with_help(
                    path.field(field),
                    format!("{calls_what} no service, so the {} has nothing to guard", field.replace('_', " ")),
                    Some(format!("list the services in {calls_field}")),
                );
            }
        }
    }

    fn validate_circuit_breaker(&mut self, path: Path, breaker: &CircuitBreaker) {
        match breaker.window {
            Window::Count(n) => self.count(path.field("window"), n.into(), 1, MAX_WINDOW_CALLS.into()),
            Window::Time(span) => {
                if !(MIN_WINDOW_TIME..=MAX_WINDOW_TIME).contains(&span) {
                    self.problem(
                        path.field("window"),
                        format!("a time window must be between {MIN_WINDOW_TIME} and {MAX_WINDOW_TIME}, found {span}"),
                    );
                } else if !span.0.is_multiple_of(MIN_WINDOW_TIME.0) {
                    self.problem(
                        path.field("window"),
                        format!("a time window is counted in whole seconds (one-second buckets), found {span}"),
                    );
                }
            }
        }
        if let Some(k) = breaker.failure_classes.iter().position(|c| *c == ErrorClass::CircuitOpen) {
            self.problem(
                path.field("failure_classes").index(k),
                "a breaker never records the calls it refuses itself: CircuitOpen cannot be a failure class",
            );
        }
        self.count(path.field("minimum_calls"), breaker.minimum_calls.into(), 1, u32::MAX.into());
        self.share(path.field("failure_rate"), breaker.failure_rate);
        self.share(path.field("slow_call_rate"), breaker.slow_call_rate);
        self.nonzero(path.field("slow_call_duration"), breaker.slow_call_duration, "");
        self.nonzero(path.field("open_for"), breaker.open_for, "");
        self.count(path.field("half_open_calls"), breaker.half_open_calls.into(), 1, u32::MAX.into());
    }

    fn validate_rate_limit(&mut self, path: Path, limit: &RateLimit, on_exhausted: &OnExhausted) {
        self.rate(path.field("per_second"), limit.per_second, false);
        self.count(path.field("burst"), limit.burst.into(), 1, u32::MAX.into());
        if super::wiring::overflow_has_nowhere_to_go(limit, on_exhausted) {
            self.problem_with_help(
                path.field("overflow"),
                "DeadLetter needs somewhere to keep dead letters, but the group drops them",
                Some("set on_exhausted: DeadLetter(\"...\") or Park on the group".into()),
            );
        }
    }

    fn validate_supervisor(&mut self, path: Path, supervisor: &Supervisor) {
        self.period(
            path.field("restart_after"),
            supervisor.restart_after,
            MIN_RESTART_AFTER,
            "a crash loop's restarts",
        );
        if supervisor.max_restart_after < supervisor.restart_after {
            self.problem(
                path.field("max_restart_after"),
                format!(
                    "{} is less than restart_after ({}); the back-off starts at restart_after and grows up to it",
                    supervisor.max_restart_after, supervisor.restart_after
                ),
            );
        }
    }

    fn validate_autoscale(&mut self, path: Path, autoscale: &Autoscale, instances: u32) {
        self.count(path.field("min"), autoscale.min.into(), 1, MAX_INSTANCES.into());
        self.count(path.field("max"), autoscale.max.into(), 1, MAX_INSTANCES.into());
        if autoscale.min > autoscale.max {
            self.problem(path.field("max"), format!("max ({}) is less than min ({})", autoscale.max, autoscale.min));
        } else if !(autoscale.min..=autoscale.max).contains(&instances) {
            self.problem(
                path.clone(),
                format!(
                    "the group starts with {instances} instances, outside autoscale's {}..={}",
                    autoscale.min, autoscale.max
                ),
            );
        }
        if autoscale.target_backlog == 0 {
            self.problem(path.field("target_backlog"), "must be at least 1");
        }
        self.period(path.field("check_every"), autoscale.check_every, MIN_AUTOSCALE_CHECK, "the autoscaler's checks");
        if let ScalePolicy::Step { up_above, up_by, down_below, down_by } = autoscale.policy {
            let at = path.field("policy");
            let (up, down) = (at.field("up_above"), at.field("down_below"));
            if self.finite(&up, up_above) && up_above <= 0.0 {
                self.problem(up, format!("must be above 0, found {up_above}"));
            } else if self.finite(&down, down_below) && down_below < 0.0 {
                self.problem(down, format!("must be at least 0, found {down_below}"));
            } else if up_above.is_finite() && down_below >= up_above {
                self.problem(
                    down,
                    format!(
                        "{down_below} is not below up_above ({up_above}): a utilisation between them must leave the count alone"
                    ),
                );
            }
            self.count(at.field("up_by"), up_by.into(), 1, MAX_INSTANCES.into());
            self.count(at.field("down_by"), down_by.into(), 1, MAX_INSTANCES.into());
        }
    }

    fn validate_health_check(&mut self, path: Path, check: &HealthCheck, group: &ConsumerGroup) {
        self.period(path.field("interval"), check.interval, MIN_HEALTH_CHECK_INTERVAL, "health probes");
        self.count(
            path.field("failure_threshold"),
            check.failure_threshold.into(),
            1,
            MAX_HEALTH_CHECK_THRESHOLD.into(),
        );
        if group.standby.is_some() {
            self.problem(
                path,
                "cannot be combined with `standby` (a failed active instance is replaced by a spare, not restarted or ejected)",
            );
        }
    }

    /// Rules that involve several components: dead-letter topics.
    fn validate_wiring(&mut self) {
        let s = self.s;
        // Dead-letter topics hold dead letters only; replaying them is redrive's job.
        let dead_letter_targets: BTreeMap<&str, Path> = wiring::dead_letter_topics(s)
            .into_iter()
            .map(|(name, source)| {
                let path = match source {
                    wiring::DeadLetterSource::ExpiredFrom(t) => self.topic_path(t).field("expired_to"),
                    wiring::DeadLetterSource::GivenUpBy(g) => self.group_path(g).field("on_exhausted"),
                };
                (name, path)
            })
            .collect();
        for (t, topic) in s.topics.iter().enumerate() {
            if let Some(source) = dead_letter_targets.get(topic.name.as_str())
                && !topic.shedding.is_empty()
            {
                let message = format!(
                    "`{}` is a dead-letter topic ({source}); it takes no publishes, so there is nothing to shed",
                    topic.name
                );
                self.problem(self.topic_path(t).field("shedding"), message);
            }
        }
        for (p, producer) in s.producers.iter().enumerate() {
            if let Some(source) = dead_letter_targets.get(producer.topic.as_str()) {
                let message =
                    format!("`{}` is a dead-letter topic ({source}); producers cannot publish to it", producer.topic);
                self.problem(self.producer_path(p).field("topic"), message);
            }
        }
        for (g, group) in s.consumers.iter().enumerate() {
            if let Some(source) = dead_letter_targets.get(group.topic.as_str()) {
                let message = format!(
                    "`{}` is a dead-letter topic ({source}); groups cannot consume it (dead letters are replayed by redrive)",
                    group.topic
                );
                self.problem(self.group_path(g).field("topic"), message);
            }
        }
    }

    /// The resource model: limits on totals across the scenario, where each field is
    /// within its own limit but together they would not fit (see `limits`). A field over
    /// its own limit is reported there and counted here at that limit, so that one mistake
    /// is reported once.
    fn validate_totals(&mut self) {
        let s = self.s;
        let root = Path::root();
        let components = s.services.len() + s.topics.len() + s.producers.len() + s.consumers.len() + s.clients.len();
        if components > MAX_COMPONENTS {
            let clients = if s.clients.is_empty() { String::new() } else { format!(", {} clients", s.clients.len()) };
            self.problem_with_help(
                root.clone(),
                format!(
                    "{components} components ({} services, {} topics, {} producers, {} consumer groups{clients}) is above faultline's limit of {MAX_COMPONENTS} in all",
                    s.services.len(),
                    s.topics.len(),
                    s.producers.len(),
                    s.consumers.len()
                ),
                Some("each component keeps its own metrics and histograms; model replicas with instances".into()),
            );
        }
        if s.faults.len() > MAX_FAULTS {
            let n = s.faults.len();
            self.problem(root.field("faults"), format!("{n} faults is above faultline's limit of {MAX_FAULTS}"));
        }
        if s.alerts.len() > MAX_ALERTS {
            let n = s.alerts.len();
            self.problem(root.field("alerts"), format!("{n} alerts is above faultline's limit of {MAX_ALERTS}"));
        }
        // Each further subscriber of a topic keeps its own copy of the topic's partitions.
        let mut readers: BTreeMap<&str, u64> = BTreeMap::new();
        for g in &s.consumers {
            *readers.entry(g.topic.as_str()).or_insert(0) += 1;
        }
        let partitions: u64 = s
            .topics
            .iter()
            .map(|t| {
                u64::from(t.partitions.min(MAX_PARTITIONS)) * readers.get(t.name.as_str()).copied().unwrap_or(1).max(1)
            })
            .sum();
        let why = "each partition is a queue in memory, one per subscribing group";
        self.total(root.field("topics"), partitions, MAX_TOTAL_PARTITIONS, "partitions", why);
        // A retained log is kept once per topic, whatever its subscribers.
        let records: u64 = s
            .topics
            .iter()
            .filter(|t| t.retains())
            .map(|t| {
                let per_partition = t.retention_messages.unwrap_or(DEFAULT_RETAINED_RECORDS).min(MAX_RETAINED_RECORDS);
                u64::from(t.partitions.min(MAX_PARTITIONS)).saturating_mul(per_partition)
            })
            .fold(0u64, u64::saturating_add);
        let why = "each partition of a topic with retention keeps up to retention_messages records, 100000 without it";
        self.total(root.field("topics"), records, MAX_TOTAL_RETAINED_RECORDS, "retained records", why);
        // A group with an autoscaler may grow to its `max`: count what it may hold (the
        // rule a ScaleGroup command applies too).
        let instances: u64 =
            s.consumers.iter().map(|g| instances_counted(g.instances, g.autoscale.as_ref().map(|a| a.max))).sum();
        let why = "counting each autoscaled group at its max; each instance has buffers, timers and a heartbeat";
        self.total(root.field("consumers"), instances, MAX_TOTAL_INSTANCES, "consumer instances", why);
        let callers = s.consumers.iter().map(|g| (g.circuit_breaker.as_ref(), g.handler.calls.len()));
        let callers = callers
            .chain(s.services.iter().map(|v| (v.circuit_breaker.as_ref(), v.calls.len())))
            .chain(s.clients.iter().map(|c| (c.circuit_breaker.as_ref(), c.calls.len())));
        let breaker_cells: u64 = callers
            .filter_map(|(breaker, calls)| {
                let cells = match breaker?.window {
                    Window::Count(calls) => u64::from(calls.min(MAX_WINDOW_CALLS)),
                    Window::Time(span) => span.min(MAX_WINDOW_TIME).0.div_ceil(MIN_WINDOW_TIME.0),
                };
                Some(cells.saturating_mul(calls as u64))
            })
            .fold(0u64, u64::saturating_add);
        let why = "a count window keeps a cell per call, a time window one per second, one breaker per called service";
        self.total(
            root.field("consumers"),
            breaker_cells,
            MAX_TOTAL_BREAKER_CELLS,
            "circuit-breaker window cells",
            why,
        );
        let dedup_ids: u64 = s
            .consumers
            .iter()
            .filter(|g| g.idempotent)
            .map(|g| u64::from(g.dedup_window.max_ids.min(MAX_DEDUP_IDS)))
            .sum();
        let why = "every idempotent consumer may remember its dedup_window.max_ids";
        self.total(root.field("consumers"), dedup_ids, MAX_TOTAL_DEDUP_IDS, "dedup ids", why);
        // The most keys a producer draws, per topic: one pass over the producers, not one per
        // group (a hostile file may hold hundreds of thousands of each).
        let mut keys_of: BTreeMap<&str, u64> = BTreeMap::new();
        for producer in &s.producers {
            let keys = match producer.keys {
                Keys::Uniform { keys } | Keys::Zipf { keys, .. } => u64::from(keys.min(MAX_KEYS)),
            };
            let most = keys_of.entry(producer.topic.as_str()).or_insert(0);
            *most = (*most).max(keys);
        }
        let keys: u64 = s.consumers.iter().map(|g| keys_of.get(g.topic.as_str()).copied().unwrap_or(0)).sum();
        let why = "each group remembers the newest message of every key it reads, to count order violations";
        self.total(root.field("consumers"), keys, MAX_TOTAL_KEYS, "keys read by the groups", why);
    }

    /// What a fault target or alert component names (`fault_rules::resolve_target`, the
    /// rule the engine's fault commands use too), or why it names nothing, in words.
    /// `with_help` computes a did-you-mean for an unknown target (it spends the budget).
    fn resolve_target(&self, target: &str, with_help: bool) -> Result<Target, (String, Option<String>)> {
        match fault_rules::resolve_target(self, target) {
            Ok(found) => return Ok(found),
            Err(Unresolved::NoSuchNode { number, nodes }) => {
                return Err((
                    format!("the broker has no node `{number}`"),
                    Some(format!("broker nodes are numbered broker/1 to broker/{nodes}")),
                ));
            }
            Err(Unresolved::NoSuchReplica { service, number, replicas }) => {
                let help = if replicas == 1 {
                    format!("it has one replica, {service}/1; give it `replicas` for more")
                } else {
                    format!("its replicas are numbered {service}/1 to {service}/{replicas}")
                };
                return Err((format!("service `{service}` has no replica `{number}`"), Some(help)));
            }
            Err(Unresolved::NoSuchInstance { group, number, slots }) => {
                return Err((
                    format!("group `{group}` has no instance `{number}`"),
                    Some(format!("its instances are numbered {group}/1 to {group}/{slots}")),
                ));
            }
            Err(Unresolved::Unknown) => {}
        }
        if !with_help {
            return Err((String::new(), None));
        }
        // `payment/1` is more likely a misspelt instance than a misspelt component name.
        let as_instance = target.rsplit_once('/').and_then(|(owner, number)| {
            if self.groups.names.len() >= MAX_SUGGESTION_CANDIDATES || self.suggestions_left.get() == 0 {
                return None;
            }
            let owners: Vec<&str> = self.groups.names.iter().copied().chain(["broker"]).collect();
            self.closest(owner, &owners).map(|g| format!("did you mean `{g}/{number}`?"))
        });
        let tables = [&self.services, &self.topics, &self.producers, &self.groups];
        let total: usize = tables.iter().map(|table| table.names.len()).sum();
        let help = as_instance.or_else(|| {
            if total > MAX_SUGGESTION_CANDIDATES || self.suggestions_left.get() == 0 {
                return None;
            }
            let names: Vec<&str> = tables.iter().flat_map(|table| table.names.iter().copied()).collect();
            self.suggest(target, &names)
        });
        Err((
            format!(
                "unknown target `{target}`: not a service, topic, producer, consumer group, `group/N` instance, `service/N` replica or `broker/N` node"
            ),
            help,
        ))
    }

    fn validate_fault(&mut self, i: usize) {
        let fault = &self.s.faults[i];
        let path = self.fault_path(i);
        self.nonzero(path.field("duration"), fault.duration, "");
        let kind_path = path.field("kind");
        // The rule is `FaultKind::check_parameters` (the engine's fault commands apply it
        // too); here it is worded at the parameter's location.
        match fault.kind.check_parameters() {
            Ok(()) => {}
            Err(FaultParameterError::SlowFactor(factor)) => {
                let factor_path = kind_path.field("factor");
                if self.finite(&factor_path, factor) {
                    self.problem(factor_path, format!("must be above 1 (a slow-down), found {factor}"));
                }
            }
            Err(FaultParameterError::Probability(p)) => {
                let path = match fault.kind {
                    FaultKind::Poison { .. } => kind_path.field("fraction"),
                    _ => kind_path.clone(),
                };
                self.probability(path, p);
            }
        }
        let target = match self.resolve_target(&fault.target, true) {
            Ok(target) => target,
            Err((message, help)) => {
                self.problem_with_help(path.field("target"), message, help);
                return;
            }
        };
        // The one matrix (`fault_rules`), which the engine's fault commands read too.
        if !fault.kind.applies_to(target.kind()) {
            let allowed: Vec<String> =
                TargetKind::ALL.iter().filter(|t| fault.kind.applies_to(**t)).map(|t| t.with_article()).collect();
            let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
            self.problem(
                kind_path,
                format!(
                    "{} cannot target {} (`{}`); it applies to {}",
                    fault.kind.variant_name(),
                    target.kind().with_article(),
                    fault.target,
                    join_or(&allowed)
                ),
            );
        }
    }

    /// Two faults of the same kind on the same target may not overlap in time.
    fn validate_fault_overlaps(&mut self) {
        let mut by_target: BTreeMap<(Target, &'static str), Vec<usize>> = BTreeMap::new();
        for (i, fault) in self.s.faults.iter().enumerate() {
            if let Ok(target) = self.resolve_target(&fault.target, false) {
                by_target.entry((target, fault.kind.variant_name())).or_default().push(i);
            }
        }
        let mut overlaps = Vec::new();
        for faults in by_target.values() {
            let mut sorted = faults.clone();
            sorted.sort_by_key(|&i| (self.s.faults[i].at, i));
            // Sweep in start order, remembering the fault that ends last so far.
            let mut latest: Option<usize> = None;
            for i in sorted {
                let fault = &self.s.faults[i];
                if let Some(j) = latest {
                    let other = &self.s.faults[j];
                    if fault.at < other.at + other.duration {
                        overlaps.push((i.max(j), i.min(j)));
                    }
                }
                if latest.is_none_or(|j| end_of(&self.s.faults[j]) < end_of(fault)) {
                    latest = Some(i);
                }
            }
        }
        overlaps.sort_unstable();
        for (later, earlier) in overlaps {
            let a = &self.s.faults[earlier];
            let message = format!(
                "overlaps faults[{earlier}] ({} at {} for {}) on the same target; faults of one kind on one target must not overlap in time",
                a.kind.variant_name(),
                a.at,
                a.duration
            );
            self.problem(self.fault_path(later).field("at"), message);
        }
    }

    fn validate_alert(&mut self, i: usize) {
        let alert = &self.s.alerts[i];
        let path = self.alert_path(i).field("when");
        match &alert.when {
            AlertCondition::FailureRate { group, above, sustained_for: _ } => {
                self.reference(path.field("group"), Kind::Group, group);
                self.probability(path.field("above"), *above);
            }
            AlertCondition::LatencyP95 { group, .. } | AlertCondition::ConsumerLag { group, .. } => {
                self.reference(path.field("group"), Kind::Group, group);
            }
            AlertCondition::Backlog { topic, .. } => {
                self.reference(path.field("topic"), Kind::Topic, topic);
            }
            AlertCondition::Availability { component, below, sustained_for: _ } => {
                match self.resolve_target(component, true) {
                    Err((message, help)) => self.problem_with_help(path.field("component"), message, help),
                    // Availability is tracked for services, instances and nodes (a group's is
                    // the mean of its instances'); topics and producers have none.
                    Ok(target @ (Target::Topic(_) | Target::Producer(_))) => self.problem(
                        path.field("component"),
                        format!(
                            "{} (`{component}`) has no availability; name a service, a consumer group, a consumer instance or a broker node",
                            target.kind().with_article()
                        ),
                    ),
                    Ok(_) => {}
                }
                self.probability(path.field("below"), *below);
            }
        }
        let alert = &self.s.alerts[i];
        for (field, action) in [("action", &alert.action), ("on_resolve", &alert.on_resolve)] {
            if let Some(action) = action {
                self.validate_alert_action(self.alert_path(i).field(field), action);
            }
        }
    }

    fn validate_alert_action(&mut self, path: Path, action: &AlertAction) {
        match action {
            AlertAction::RestartInstance(target) => match self.resolve_target(target, true) {
                Err((message, help)) => self.problem_with_help(path, message, help),
                Ok(Target::Group(_) | Target::Instance(..)) => {}
                Ok(other) => self.problem(
                    path,
                    format!(
                        "{} (`{target}`) has no instances to restart; name a consumer group or a consumer instance",
                        other.kind().with_article()
                    ),
                ),
            },
            AlertAction::ScaleBy { group, by } => {
                self.reference(path.field("group"), Kind::Group, group);
                if *by == 0 {
                    self.problem(path.field("by"), "must not be 0 (the action would change nothing)");
                }
            }
            AlertAction::ScaleTo { group, instances } => {
                self.reference(path.field("group"), Kind::Group, group);
                self.count(path.field("instances"), (*instances).into(), 1, MAX_INSTANCES.into());
            }
            AlertAction::ForceOpen(breaker) | AlertAction::CloseBreaker(breaker) => {
                self.validate_breaker_name(path, breaker);
            }
            AlertAction::Set { path: dotted, .. } => {
                if dotted.trim().is_empty() {
                    self.problem(path.field("path"), "must not be empty");
                }
            }
        }
    }
}

/// The scenario as declared, its names looked up in the validator's index (a hostile file
/// may hold a thousand components and a hundred thousand faults).
impl TargetNames for Validator<'_> {
    fn find(&self, kind: TargetKind, name: &str) -> Option<usize> {
        let table = match kind {
            TargetKind::Service => &self.services,
            TargetKind::Topic => &self.topics,
            TargetKind::Producer => &self.producers,
            TargetKind::Group => &self.groups,
            TargetKind::Instance | TargetKind::BrokerNode | TargetKind::Replica => return None,
        };
        table.index.get(name).copied()
    }

    fn replicas(&self, service: usize) -> u32 {
        self.s.replicas(service)
    }

    fn instance_slots(&self, group: usize) -> u32 {
        self.s.instance_slots(group)
    }

    fn broker_nodes(&self) -> u32 {
        self.s.broker_nodes()
    }
}

fn end_of(fault: &Fault) -> SimDuration {
    fault.at + fault.duration
}

fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// "the topics are `a`, `b`" for short lists, so a reader sees the choice at once.
fn known(noun: &str, names: &[&str]) -> Option<String> {
    match names.len() {
        0 => Some(format!("no {noun} is defined")),
        1..=8 => {
            let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            Some(format!("{noun}s defined: {}", list.join(", ")))
        }
        _ => None,
    }
}

/// The message for a trace row naming an event type its source does not declare (shared by
/// validation and the CSV reader, so both say the same).
pub(super) fn unknown_trace_event(name: &str, events: &[EventType]) -> String {
    if events.is_empty() {
        return format!(
            "event type `{name}`, but this source declares no `events` (add EventType(name: \"{name}\") to them)"
        );
    }
    let names: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
    format!("event type `{name}` is not one of this source's `events` ({})", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small valid scenario to break one rule at a time.
    fn base() -> Scenario {
        let text = r#"Scenario(
            name: "base",
            services: [Service(name: "db")],
            topics: [Topic(name: "in", ttl: "1m"), Topic(name: "dlq")],
            producers: [Producer(name: "src", topic: "in", rate: Poisson(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "in", instances: 2, handler: Handler(calls: ["db"]),
                                      on_exhausted: DeadLetter("dlq"))],
            faults: [Fault(at: "1s", duration: "1s", target: "db", kind: Crash)],
            alerts: [Alert(name: "lag", when: ConsumerLag(group: "g", above: 10, for: "5s"))],
        )"#;
        match super::super::parse::from_ron(text) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        }
    }

    /// The problems of `base()` after `change`, as "path: message".
    fn problems(change: impl FnOnce(&mut Scenario)) -> Vec<String> {
        let mut s = base();
        change(&mut s);
        validate(&s).list.iter().map(|p| format!("{}: {}", p.path, p.message)).collect()
    }

    fn ms(n: u64) -> SimDuration {
        SimDuration::from_millis(n)
    }

    #[test]
    fn the_base_is_valid() {
        assert_eq!(problems(|_| {}), Vec::<String>::new());
    }

    #[test]
    fn alert_actions_name_what_they_act_on() {
        let with = |action: AlertAction| {
            problems(|s| {
                s.alerts.push(Alert {
                    name: "a".into(),
                    when: AlertCondition::ConsumerLag { group: "g".into(), above: 10, sustained_for: ms(0) },
                    action: Some(action.clone()),
                    on_resolve: Some(action),
                })
            })
        };
        assert_eq!(with(AlertAction::RestartInstance("g/1".into())), Vec::<String>::new());
        assert_eq!(with(AlertAction::ScaleTo { group: "g".into(), instances: 3 }), Vec::<String>::new());
        assert_eq!(
            with(AlertAction::ScaleBy { group: "g".into(), by: 0 }),
            [
                "alerts[a].action.by: must not be 0 (the action would change nothing)",
                "alerts[a].on_resolve.by: must not be 0 (the action would change nothing)"
            ]
        );
        let restart_topic = with(AlertAction::RestartInstance("in".into()));
        assert_eq!(
            restart_topic[0],
            "alerts[a].action: a topic (`in`) has no instances to restart; name a consumer group or a consumer instance"
        );
        assert!(
            with(AlertAction::ForceOpen("g:nowhere".into()))[0]
                .starts_with("alerts[a].action: unknown breaker `g:nowhere`")
        );
    }

    #[test]
    fn names() {
        assert_eq!(problems(|s| s.name = " ".into()), ["name: must not be empty"]);
        assert_eq!(
            problems(|s| s.topics[1].name = "a/b".into())[0],
            "topics[a/b].name: `a/b` contains `/`, which fault targets use for instances (`payments/1`)"
        );
        assert_eq!(
            problems(|s| s.services[0].name = "broker".into())[0],
            "services[broker].name: `broker` is reserved: fault targets use `broker/N` for broker nodes"
        );
        let alert = s_alert("lag");
        assert_eq!(
            problems(|s| s.alerts.push(alert)),
            ["alerts[1].name: another alert is already named `lag` (alerts[0])"]
        );
    }

    fn s_alert(name: &str) -> Alert {
        Alert {
            name: name.into(),
            when: AlertCondition::LatencyP95 { group: "g".into(), above: ms(5), sustained_for: ms(5) },
            action: None,
            on_resolve: None,
        }
    }

    #[test]
    fn distributions() {
        assert_eq!(
            problems(|s| s.services[0].latency = Distribution::Exponential(SimDuration::ZERO)),
            ["services[db].latency: an exponential distribution needs a mean longer than 0s"]
        );
        assert_eq!(
            problems(|s| s.services[0].latency = Distribution::Uniform { min: ms(5), max: ms(2) }),
            ["services[db].latency.max: max (2ms) is less than min (5ms)"]
        );
        assert_eq!(
            problems(|s| s.services[0].latency = Distribution::LogNormal { median: SimDuration::ZERO, p99: ms(2) }),
            ["services[db].latency.median: must be longer than 0s"]
        );
        assert_eq!(
            problems(|s| {
                s.services[0].failures = Some(Failures {
                    mtbf: Distribution::Constant(SimDuration::ZERO),
                    mttr: Distribution::Constant(ms(1)),
                })
            }),
            [
                "services[db].failures.mtbf: averages 0s, under faultline's floor of 100ms: failures and repairs would repeat too often to simulate"
            ]
        );
    }

    #[test]
    fn arrival_processes() {
        let rate = |a: Arrivals| problems(move |s| s.producers[0].rate = a);
        assert_eq!(
            rate(Arrivals::Constant { per_second: -1.0 }),
            ["producers[src].rate.per_second: must be at least 0 per second, found -1"]
        );
        assert!(rate(Arrivals::Poisson { per_second: 0.0 }).is_empty(), "an idle producer is allowed");
        assert_eq!(
            rate(Arrivals::Poisson { per_second: 2e7 }),
            ["producers[src].rate.per_second: 20000000 per second is above faultline's limit of 10000000 per second"]
        );
        assert_eq!(
            rate(Arrivals::Ramp { from_per_second: 0.0, to_per_second: 0.0, over: ms(0) }),
            [
                "producers[src].rate: both rates are 0: the producer would never publish",
                "producers[src].rate.over: must be longer than 0s (use Poisson for a constant rate)"
            ]
        );
        assert_eq!(rate(Arrivals::Steps(vec![])), ["producers[src].rate: needs at least one step"]);
        assert_eq!(
            rate(Arrivals::Steps(vec![Step { at: ms(0), per_second: 0.0 }])),
            ["producers[src].rate: every step has rate 0: the producer would never publish"]
        );
        assert_eq!(
            rate(Arrivals::Steps(vec![Step { at: ms(1), per_second: 1.0 }; MAX_STEPS + 1])),
            ["producers[src].rate: 10001 steps is above faultline's limit of 10000"]
        );
        let state = |per_second, stay_ms| ModulatedState { per_second, mean_stay: ms(stay_ms) };
        assert!(rate(Arrivals::Modulated { states: vec![state(100.0, 2000), state(0.0, 8000)] }).is_empty());
        assert_eq!(
            rate(Arrivals::Modulated { states: vec![] }),
            ["producers[src].rate.states: needs at least one state"]
        );
        assert_eq!(
            rate(Arrivals::Modulated { states: vec![state(-1.0, 1000), state(0.0, 0)] }),
            [
                "producers[src].rate.states[0].per_second: must be at least 0 per second, found -1",
                "producers[src].rate.states[1].mean_stay: 0s is under faultline's floor of 1ms: its changes of state would repeat too often to simulate",
            ]
        );
        assert_eq!(
            rate(Arrivals::Modulated { states: vec![state(0.0, 1000), state(0.0, 1000)] }),
            ["producers[src].rate.states: every state has rate 0: the producer would never publish"]
        );
        assert_eq!(
            rate(Arrivals::Modulated { states: vec![state(1.0, 1000); MAX_MODULATED_STATES + 1] }),
            ["producers[src].rate.states: 17 states are above faultline's limit of 16 states"]
        );
        // A negative amplitude starts the cycle with a trough: allowed while the rate stays ≥ 0.
        assert_eq!(
            rate(Arrivals::Sine { mean_per_second: 5.0, amplitude_per_second: -5.0, period: ms(10) }),
            Vec::<String>::new()
        );
        assert_eq!(
            rate(Arrivals::Sine { mean_per_second: 5.0, amplitude_per_second: f64::NAN, period: ms(0) }),
            [
                "producers[src].rate.amplitude_per_second: must be a finite number, found NaN",
                "producers[src].rate.period: must be longer than 0s"
            ]
        );
        assert_eq!(
            problems(|s| s.producers[0].keys = Keys::Zipf { keys: MAX_KEYS + 1, exponent: 11.0 }),
            [
                "producers[src].keys.keys: 10000001 is above faultline's limit of 10000000",
                "producers[src].keys.exponent: must be above 0 and at most 10, found 11"
            ]
        );
    }

    #[test]
    fn groups_and_their_policies() {
        assert_eq!(
            problems(|s| {
                let g = &mut s.consumers[0];
                g.instances = MAX_INSTANCES + 1;
                g.concurrency = 0;
                g.prefetch = Some(0);
                g.handler.timeout = Some(SimDuration::ZERO);
            }),
            [
                "consumers[g].instances: 10001 is above faultline's limit of 10000",
                "consumers[g].concurrency: must be at least 1",
                "consumers[g].prefetch: must be at least 1",
                "consumers[g].handler.timeout: must be longer than 0s",
            ]
        );
        // Fewer prefetched messages than workers leaves workers idle, but is allowed.
        assert_eq!(
            problems(|s| {
                s.consumers[0].concurrency = 8;
                s.consumers[0].prefetch = Some(2)
            }),
            Vec::<String>::new()
        );
        assert_eq!(
            problems(|s| {
                s.consumers[0].retry = Retry {
                    max_attempts: MAX_ATTEMPTS + 1,
                    backoff: Backoff::Linear { initial: ms(5), increment: ms(1), max: ms(1) },
                    jitter: Jitter::None,
                    retry_fatal: false,
                    budget: Some(crate::scenario::RetryBudget::default()),
                }
            }),
            [
                "consumers[g].retry.max_attempts: 1001 is above faultline's limit of 1000",
                "consumers[g].retry.backoff.max: max (1ms) is less than initial (5ms)",
                "consumers[g].retry.budget: a retry budget applies to a service's or a client's calls only (their `retry`)"
            ]
        );
        assert_eq!(
            problems(|s| {
                s.consumers[0].supervisor =
                    Some(Supervisor { detect_after: ms(1), restart_after: ms(200), max_restart_after: ms(150) })
            }),
            [
                "consumers[g].supervisor.max_restart_after: 150ms is less than restart_after (200ms); the back-off starts at restart_after and grows up to it"
            ]
        );
        assert_eq!(
            problems(|s| {
                s.consumers[0].autoscale = Some(Autoscale {
                    min: 3,
                    max: 5,
                    target_backlog: 0,
                    check_every: ms(0),
                    cooldown: ms(0),
                    policy: ScalePolicy::Proportional,
                    startup: ms(0),
                })
            }),
            [
                "consumers[g].autoscale: the group starts with 2 instances, outside autoscale's 3..=5",
                "consumers[g].autoscale.target_backlog: must be at least 1",
                "consumers[g].autoscale.check_every: 0s is under faultline's floor of 1s: the autoscaler's checks would repeat too often to simulate"
            ]
        );
        let step = |up_above: f64, down_below: f64, by: u32| {
            problems(|s| {
                s.consumers[0].autoscale = Some(Autoscale {
                    min: 2,
                    max: 20,
                    target_backlog: 100,
                    check_every: ms(30_000),
                    cooldown: ms(0),
                    policy: ScalePolicy::Step { up_above, up_by: by, down_below, down_by: by },
                    startup: ms(0),
                })
            })
        };
        assert_eq!(step(0.8, 0.2, 2), Vec::<String>::new());
        assert_eq!(
            step(0.0, 0.2, 0),
            [
                "consumers[g].autoscale.policy.up_above: must be above 0, found 0",
                "consumers[g].autoscale.policy.up_by: must be at least 1",
                "consumers[g].autoscale.policy.down_by: must be at least 1"
            ]
        );
        assert_eq!(step(0.8, -0.1, 1), ["consumers[g].autoscale.policy.down_below: must be at least 0, found -0.1"]);
        assert_eq!(
            step(0.5, 0.5, 1),
            [
                "consumers[g].autoscale.policy.down_below: 0.5 is not below up_above (0.5): a utilisation between them must leave the count alone"
            ]
        );
        assert_eq!(
            problems(|s| {
                s.consumers[0].health_check =
                    Some(HealthCheck { interval: ms(0), failure_threshold: 0, action: HealthAction::Eject });
                s.consumers[0].standby = Some(Standby { spares: 1, kind: StandbyKind::default(), switch_over: ms(0) });
            })
            .into_iter()
            .filter(|p| p.contains("health_check"))
            .collect::<Vec<_>>(),
            [
                "consumers[g].health_check.interval: 0s is under faultline's floor of 100ms: health probes would repeat too often to simulate",
                "consumers[g].health_check.failure_threshold: must be at least 1",
                "consumers[g].health_check: cannot be combined with `standby` (a failed active instance is replaced by a spare, not restarted or ejected)"
            ]
        );
        assert_eq!(
            problems(|s| {
                s.consumers[0].rate_limit =
                    Some(RateLimit { per_second: f64::INFINITY, burst: 0, overflow: RateOverflow::Delay })
            }),
            [
                "consumers[g].rate_limit.per_second: must be a finite number, found inf",
                "consumers[g].rate_limit.burst: must be at least 1"
            ]
        );
    }

    #[test]
    fn recovery_settings_of_groups_and_the_broker() {
        let never = Failures { mtbf: Distribution::Constant(ms(0)), mttr: Distribution::Exponential(ms(5)) };
        assert_eq!(
            problems(|s| {
                s.broker.failures = Some(never);
                let g = &mut s.consumers[0];
                g.session_timeout = Some(ms(0));
                g.failures =
                    Some(Failures { mtbf: Distribution::Exponential(ms(500)), mttr: Distribution::Constant(ms(0)) });
                g.dedup_window = DedupWindow { max_ids: 0, max_age: ms(0) };
                g.objectives = Objectives { latency_p95: ms(0), success: 1.5, target: -1.0 };
            }),
            [
                "broker.failures.mtbf: averages 0s, under faultline's floor of 100ms: failures and repairs would repeat too often to simulate",
                "consumers[g].session_timeout: must be longer than 0s (a silent instance would be evicted at once)",
                "consumers[g].failures.mttr: averages 0s, under faultline's floor of 1ms: failures and repairs would repeat too often to simulate",
                "consumers[g].dedup_window.max_ids: must be at least 1",
                "consumers[g].dedup_window.max_age: must be longer than 0s",
                "consumers[g].objectives.latency_p95: must be longer than 0s",
                "consumers[g].objectives.success: must be a probability between 0 and 1, found 1.5",
                "consumers[g].objectives.target: must be a probability between 0 and 1, found -1",
            ]
        );
        // "0s" commits after every message and a zero pause is an instant rebalance.
        assert_eq!(
            problems(|s| {
                s.consumers[0].commit_interval = ms(0);
                s.consumers[0].rebalance_pause = ms(0);
            }),
            Vec::<String>::new()
        );
    }

    #[test]
    fn state_and_backup() {
        let projection =
            |snapshot_every, rebuild_per_second| GroupState::Projection { snapshot_every, rebuild_per_second };
        assert_eq!(
            problems(|s| {
                let g = &mut s.consumers[0];
                g.state = Some(projection(0, 0.0));
                g.backup = Some(Backup { every: ms(10) });
            }),
            [
                "consumers[g].state.snapshot_every: must be at least 1",
                "consumers[g].state.rebuild_per_second: must be a positive number of events replayed per second, found 0",
                "consumers[g].state: is rebuilt by replaying the log of topic `in`, which keeps none",
                "consumers[g].backup.every: must be at least 1s, found 10ms",
            ]
        );
        assert_eq!(
            problems(|s| {
                s.topics[0].retention = Some(ms(60_000));
                let g = &mut s.consumers[0];
                g.state = Some(projection(MAX_SNAPSHOT_EVERY + 1, f64::NAN));
            }),
            [
                "consumers[g].state.snapshot_every: 1000001 is above faultline's limit of 1000000",
                "consumers[g].state.rebuild_per_second: must be a positive number of events replayed per second, found NaN",
            ]
        );
        assert_eq!(
            problems(|s| s.consumers[0].backup = Some(Backup { every: ms(60_000) })),
            ["consumers[g].backup: needs the group's `state` (a stateless group has nothing to back up)"]
        );
        assert_eq!(
            problems(|s| {
                s.topics[0].retention = Some(ms(60_000));
                s.consumers[0].state = Some(projection(100, 50.0));
                s.consumers[0].backup = Some(Backup { every: ms(60_000) });
            }),
            Vec::<String>::new()
        );
    }

    #[test]
    fn standby_crew_and_common_cause() {
        let exp = |n| Distribution::Exponential(ms(n));
        assert_eq!(
            problems(|s| {
                let g = &mut s.consumers[0];
                g.standby = Some(Standby { spares: 2, kind: StandbyKind::Warm(1.5), switch_over: ms(0) });
                g.repair_crew = Some(0);
                g.common_cause = Some(CommonCause { mtbf: exp(10) });
            }),
            [
                "consumers[g].standby: needs the group's `failures` (its instances' own times to failure and to repair)",
                "consumers[g].repair_crew: needs the group's `failures` (its instances' own times to failure and to repair)",
                "consumers[g].common_cause: needs the group's `failures` (its instances' own times to failure and to repair)",
                "consumers[g].standby.spares: must be fewer than the group's 2 instances (at least one must be active), found 2",
                "consumers[g].standby.kind: a warm spare's failure factor must lie in (0, 1] (a share of an active instance's rate), found 1.5",
                "consumers[g].repair_crew: must be at least 1",
                "consumers[g].common_cause.mtbf: averages 10ms, under faultline's floor of 100ms: failures and repairs would repeat too often to simulate",
            ]
        );
        assert_eq!(
            problems(|s| {
                let g = &mut s.consumers[0];
                g.failures = Some(Failures { mtbf: exp(60_000), mttr: exp(1_000) });
                g.autoscale = Some(Autoscale {
                    min: 1,
                    max: 4,
                    target_backlog: 10,
                    check_every: ms(10_000),
                    cooldown: ms(0),
                    policy: ScalePolicy::Proportional,
                    startup: ms(0),
                });
                g.standby = Some(Standby { spares: 1, kind: StandbyKind::Warm(0.0), switch_over: ms(0) });
            }),
            [
                "consumers[g].standby: cannot be combined with `autoscale` (spares, crew and shocks act on a fixed number of instances)",
                "consumers[g].standby.kind: a warm spare's failure factor must lie in (0, 1] (a share of an active instance's rate), found 0",
            ]
        );
        // `check` summarises the shocks' distribution with the others.
        let mut s = base();
        s.consumers[0].common_cause = Some(CommonCause { mtbf: exp(60_000) });
        assert!(s.distributions().iter().any(|(path, _)| path == "consumers.g.common_cause.mtbf"));
    }

    #[test]
    fn topics_and_broker() {
        assert_eq!(
            problems(|s| {
                s.topics[1].capacity = 0;
                s.topics[1].ttl = Some(SimDuration::ZERO);
                s.broker.nodes = 0;
            }),
            [
                "broker.nodes: must be at least 1",
                "topics[dlq].capacity: must be at least 1",
                "topics[dlq].ttl: must be longer than 0s"
            ]
        );
    }

    #[test]
    fn fault_targets_cover_every_component_kind() {
        let fault =
            |target: &str, kind: FaultKind| Fault { at: ms(5000), duration: ms(1), target: target.into(), kind };
        let ok = [
            fault("db", FaultKind::Slow { factor: 2.0 }),
            fault("g", FaultKind::Partition),
            fault("g/2", FaultKind::Crash),
            fault("broker/1", FaultKind::Crash),
            fault("src", FaultKind::Poison { fraction: 0.5 }),
            fault("in", FaultKind::Poison { fraction: 0.5 }),
        ];
        assert_eq!(problems(|s| s.faults.extend(ok)), Vec::<String>::new());
        let bad = [
            fault("g/3", FaultKind::Crash),
            fault("g/x", FaultKind::Crash),
            fault("broker/0", FaultKind::Crash),
            fault("dbb", FaultKind::Crash),
            fault("in", FaultKind::Crash),
            fault("db", FaultKind::Poison { fraction: 2.0 }),
        ];
        assert_eq!(
            problems(|s| s.faults.extend(bad)),
            [
                "faults[1].target: group `g` has no instance `3`",
                "faults[2].target: group `g` has no instance `x`",
                "faults[3].target: the broker has no node `0`",
                "faults[4].target: unknown target `dbb`: not a service, topic, producer, consumer group, `group/N` instance, `service/N` replica or `broker/N` node",
                "faults[5].kind: Crash cannot target a topic (`in`); it applies to a service, a producer, a consumer group, a consumer instance, a broker node or a service replica",
                "faults[6].kind.fraction: must be a probability between 0 and 1, found 2",
                "faults[6].kind: Poison cannot target a service (`db`); it applies to a topic or a producer",
            ]
        );
    }

    #[test]
    fn overlapping_faults_are_found_in_any_order() {
        let crash = |at: u64, duration: u64| Fault {
            at: ms(at),
            duration: ms(duration),
            target: "db".into(),
            kind: FaultKind::Crash,
        };
        // faults[0] is 1s..2s. A long fault listed later covers a short one listed earlier.
        assert_eq!(
            problems(|s| s.faults.extend([crash(10_000, 1_000), crash(5_000, 20_000), crash(2_000, 1_000)])),
            [
                "faults[2].at: overlaps faults[1] (Crash at 10s for 1s) on the same target; faults of one kind on one target must not overlap in time"
            ]
        );
    }

    #[test]
    fn alerts_reference_what_exists() {
        assert_eq!(
            problems(|s| {
                s.alerts = vec![
                    Alert {
                        name: "a".into(),
                        when: AlertCondition::Availability {
                            component: "g/9".into(),
                            below: 1.5,
                            sustained_for: ms(1),
                        },
                        action: None,
                        on_resolve: None,
                    },
                    Alert {
                        name: "b".into(),
                        when: AlertCondition::FailureRate { group: "h".into(), above: -0.1, sustained_for: ms(1) },
                        action: None,
                        on_resolve: None,
                    },
                ]
            }),
            [
                "alerts[a].when.component: group `g` has no instance `9`",
                "alerts[a].when.below: must be a probability between 0 and 1, found 1.5",
                "alerts[b].when.group: unknown consumer group `h`",
                "alerts[b].when.above: must be a probability between 0 and 1, found -0.1",
            ]
        );
        let availability = |component: &str| Alert {
            name: "up".into(),
            when: AlertCondition::Availability { component: component.into(), below: 0.5, sustained_for: ms(1) },
            action: None,
            on_resolve: None,
        };
        assert_eq!(
            problems(|s| s.alerts = vec![availability("in")]),
            [
                "alerts[up].when.component: a topic (`in`) has no availability; name a service, a consumer group, a consumer instance or a broker node"
            ]
        );
        assert_eq!(
            problems(|s| s.alerts = ["db", "g", "g/2", "broker/1"]
                .into_iter()
                .map(availability)
                .enumerate()
                .map(|(i, mut a)| {
                    a.name = format!("up{i}");
                    a
                })
                .collect()),
            Vec::<String>::new()
        );
    }
}
