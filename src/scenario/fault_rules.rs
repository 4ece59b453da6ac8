//! The rules of fault targets, each written once and read by validation and by the
//! engine's fault commands alike: which fault kinds apply to which sorts of component
//! ([`FaultKind::applies_to`]), which parameters a fault may have
//! ([`FaultKind::check_parameters`]), and what a target name names ([`resolve_target`]).
//! Each caller words the refusal for its reader (a located validation problem, a command's
//! error); the decision is made here.

use super::model::{FaultKind, Scenario};

/// The sorts of component a fault can name, in the order a scenario declares them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TargetKind {
    Service,
    Topic,
    Producer,
    /// A consumer group: every instance (Crash, Partition) or its handler (Slow, ErrorRate).
    Group,
    /// One consumer instance, `group/N`.
    Instance,
    /// A broker node, `broker/N`.
    BrokerNode,
    /// One replica of a service, `service/N`.
    Replica,
}

impl TargetKind {
    pub const ALL: [TargetKind; 7] = [
        TargetKind::Service,
        TargetKind::Topic,
        TargetKind::Producer,
        TargetKind::Group,
        TargetKind::Instance,
        TargetKind::BrokerNode,
        TargetKind::Replica,
    ];

    /// The sort of component in words and the message key that translates them, side by
    /// side so they cannot drift apart.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            TargetKind::Service => ("service", "noun-service"),
            TargetKind::Topic => ("topic", "noun-topic"),
            TargetKind::Producer => ("producer", "noun-producer"),
            TargetKind::Group => ("consumer group", "noun-consumer-group"),
            TargetKind::Instance => ("consumer instance", "noun-consumer-instance"),
            TargetKind::BrokerNode => ("broker node", "noun-broker-node"),
            TargetKind::Replica => ("service replica", "noun-service-replica"),
        }
    }

    /// The sort of component in words: "service", "consumer instance", ...
    pub fn noun(self) -> &'static str {
        self.words().0
    }

    /// The message key of the noun (its English is [`TargetKind::noun`]).
    pub fn noun_key(self) -> &'static str {
        self.words().1
    }

    /// The noun with its article: "a service", "a consumer instance".
    pub fn with_article(self) -> String {
        with_article(self.noun())
    }

    /// The kinds of fault this sort accepts, as written in a scenario, in [`FaultKind::EACH`] order.
    pub fn accepted_kinds(self) -> Vec<&'static str> {
        FaultKind::EACH.iter().filter(|kind| kind.applies_to(self)).map(FaultKind::variant_name).collect()
    }
}

/// A noun with its indefinite article: "a topic", "an outbox".
pub fn with_article(noun: &str) -> String {
    let vowel = noun.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

impl FaultKind {
    /// One fault of each kind (parameters aside), to list what a target accepts.
    pub const EACH: [FaultKind; 6] = [
        FaultKind::Crash,
        FaultKind::DiskLoss,
        FaultKind::Slow { factor: 2.0 },
        FaultKind::ErrorRate(1.0),
        FaultKind::Partition,
        FaultKind::Poison { fraction: 1.0 },
    ];

    /// Whether a fault of this kind means something for a component of that sort: a
    /// process can crash or be cut off (services, producers, instances, broker nodes); only
    /// code that handles or serves requests can slow down or fail them (services and a
    /// group's handler); poison is in messages, so it is injected where they enter (a
    /// producer or a topic).
    pub fn applies_to(&self, target: TargetKind) -> bool {
        use TargetKind::*;
        match self {
            FaultKind::Crash | FaultKind::Partition => {
                matches!(target, Service | Producer | Group | Instance | BrokerNode | Replica)
            }
            // Only a consumer instance keeps state on a disk of its own (see `GroupState`).
            FaultKind::DiskLoss => matches!(target, Group | Instance),
            FaultKind::Slow { .. } | FaultKind::ErrorRate(_) => matches!(target, Service | Group | Instance | Replica),
            FaultKind::Poison { .. } => matches!(target, Topic | Producer),
        }
    }

    /// The kind as a scenario writes it: "Crash", "ErrorRate", ...
    pub fn variant_name(&self) -> &'static str {
        match self {
            FaultKind::Crash => "Crash",
            FaultKind::DiskLoss => "DiskLoss",
            FaultKind::Slow { .. } => "Slow",
            FaultKind::ErrorRate(_) => "ErrorRate",
            FaultKind::Partition => "Partition",
            FaultKind::Poison { .. } => "Poison",
        }
    }

    /// The kind as reports and the event log name it: "crash", "error_rate", ...
    pub fn report_name(&self) -> &'static str {
        match self {
            FaultKind::Crash => "crash",
            FaultKind::DiskLoss => "disk_loss",
            FaultKind::Slow { .. } => "slow",
            FaultKind::ErrorRate(_) => "error_rate",
            FaultKind::Partition => "partition",
            FaultKind::Poison { .. } => "poison",
        }
    }
}

/// Why a fault's parameters are refused; the text is the engine's (a command's error),
/// validation words the same reasons with the field's location.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
pub enum FaultParameterError {
    /// A `Slow` factor that is not a finite number above 1 (it would not slow anything).
    #[error("Slow factor must be above 1 (a slow-down), got {0}")]
    SlowFactor(f64),
    /// An `ErrorRate` or a `Poison` fraction that is not a probability.
    #[error("probability must lie in [0, 1], got {0}")]
    Probability(f64),
}

impl FaultKind {
    /// Whether the fault's parameters mean something: a Slow factor is finite and above 1,
    /// an ErrorRate or a Poison fraction lies in [0, 1] (NaN does not).
    pub fn check_parameters(&self) -> Result<(), FaultParameterError> {
        match *self {
            FaultKind::Slow { factor } if !(factor.is_finite() && factor > 1.0) => {
                Err(FaultParameterError::SlowFactor(factor))
            }
            FaultKind::ErrorRate(p) | FaultKind::Poison { fraction: p } if !(0.0..=1.0).contains(&p) => {
                Err(FaultParameterError::Probability(p))
            }
            _ => Ok(()),
        }
    }
}

/// What a fault target (or an alert's component) names. Indices are the scenario's, in
/// declaration order (the engine builds its tables in the same order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FaultTarget {
    Service(usize),
    Topic(usize),
    Producer(usize),
    Group(usize),
    /// Instance `n` (1-based) of a group.
    Instance(usize, u32),
    /// Broker node `n` (1-based).
    BrokerNode(u32),
    /// Replica `n` (1-based, as instances are) of a service.
    Replica(usize, u32),
}

impl FaultTarget {
    /// The sort of component it is.
    pub fn kind(self) -> TargetKind {
        match self {
            FaultTarget::Service(_) => TargetKind::Service,
            FaultTarget::Topic(_) => TargetKind::Topic,
            FaultTarget::Producer(_) => TargetKind::Producer,
            FaultTarget::Group(_) => TargetKind::Group,
            FaultTarget::Instance(..) => TargetKind::Instance,
            FaultTarget::BrokerNode(_) => TargetKind::BrokerNode,
            FaultTarget::Replica(..) => TargetKind::Replica,
        }
    }
}

/// The system a target name is resolved in: the scenario as declared (validation) or as it
/// runs (the engine, whose groups may have grown by command beyond their declared size).
pub trait TargetNames {
    /// The index of the service, topic, producer or consumer group named `name`
    /// (`kind` is one of those four).
    fn find(&self, kind: TargetKind, name: &str) -> Option<usize>;
    /// How many instance numbers group `group` offers (`group/1` to `group/N`): those that
    /// exist, or that its autoscaler may create.
    fn instance_slots(&self, group: usize) -> u32;
    /// The number of broker nodes (`broker/1` to `broker/N`).
    fn broker_nodes(&self) -> u32;
    /// The number of replicas of service `service` (`service/1` to `service/N`).
    fn replicas(&self, service: usize) -> u32;
}

/// The scenario as declared: an autoscaled group offers the instance numbers up to its
/// autoscaler's `max` (validation looks names up in its own index, with these sizes).
impl TargetNames for Scenario {
    fn find(&self, kind: TargetKind, name: &str) -> Option<usize> {
        match kind {
            TargetKind::Service => self.services.iter().position(|x| x.name == name),
            TargetKind::Topic => self.topics.iter().position(|x| x.name == name),
            TargetKind::Producer => self.producers.iter().position(|x| x.name == name),
            TargetKind::Group => self.consumers.iter().position(|x| x.name == name),
            TargetKind::Instance | TargetKind::BrokerNode | TargetKind::Replica => None,
        }
    }

    fn instance_slots(&self, group: usize) -> u32 {
        let group = &self.consumers[group];
        group.autoscale.as_ref().map_or(group.instances, |a| a.max.max(group.instances))
    }

    fn broker_nodes(&self) -> u32 {
        self.broker.nodes
    }

    fn replicas(&self, service: usize) -> u32 {
        // 0 is refused by validation; meanwhile the engine would build one.
        self.services[service].replicas.max(1)
    }
}

/// Why a target name names nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unresolved {
    /// `broker/X` where X is not a node's number (1 to `nodes`).
    NoSuchNode { number: String, nodes: u32 },
    /// `group/X` of a known group where X is not an instance's number (1 to `slots`).
    NoSuchInstance { group: String, number: String, slots: u32 },
    /// `service/X` of a known service where X is not a replica's number (1 to `replicas`).
    NoSuchReplica { service: String, number: String, replicas: u32 },
    /// Neither a component's name nor `group/N`, `service/N` nor `broker/N`.
    Unknown,
}

/// What `name` names, the one rule for scenario faults, alerts and fault commands.
///
/// Precedence: a component's own name first, tried as a service, a topic, a producer and a
/// consumer group (the order a scenario declares them); then `owner/N`, where an owner of
/// `broker` names broker node N, a group's name its instance N and a service's name its
/// replica N (all 1-based, decimal digits only; `service/1` of a service without replicas
/// is the service's one replica). In a valid scenario at most one of these can match — names are unique across the
/// four sorts, may not contain `/` and may not be `broker` — so the order only settles what
/// an unvalidated scenario means, and never depends on the fault's kind: a target that does
/// not accept the kind is refused, not passed over for another.
pub fn resolve_target(system: &impl TargetNames, name: &str) -> Result<FaultTarget, Unresolved> {
    let named = [
        (TargetKind::Service, FaultTarget::Service as fn(usize) -> FaultTarget),
        (TargetKind::Topic, FaultTarget::Topic),
        (TargetKind::Producer, FaultTarget::Producer),
        (TargetKind::Group, FaultTarget::Group),
    ];
    for (kind, target) in named {
        if let Some(i) = system.find(kind, name) {
            return Ok(target(i));
        }
    }
    let Some((owner, number)) = name.rsplit_once('/') else {
        return Err(Unresolved::Unknown);
    };
    let n: Option<u32> = number.parse().ok().filter(|_| number.bytes().all(|b| b.is_ascii_digit()));
    if owner == "broker" {
        let nodes = system.broker_nodes();
        return match n {
            Some(n) if (1..=nodes).contains(&n) => Ok(FaultTarget::BrokerNode(n)),
            _ => Err(Unresolved::NoSuchNode { number: number.to_string(), nodes }),
        };
    }
    if let Some(s) = system.find(TargetKind::Service, owner) {
        let replicas = system.replicas(s);
        return match n {
            Some(n) if (1..=replicas).contains(&n) => Ok(FaultTarget::Replica(s, n)),
            _ => Err(Unresolved::NoSuchReplica { service: owner.to_string(), number: number.to_string(), replicas }),
        };
    }
    let Some(g) = system.find(TargetKind::Group, owner) else {
        return Err(Unresolved::Unknown);
    };
    let slots = system.instance_slots(g);
    match n {
        Some(n) if (1..=slots).contains(&n) => Ok(FaultTarget::Instance(g, n)),
        _ => Err(Unresolved::NoSuchInstance { group: owner.to_string(), number: number.to_string(), slots }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each sort's message key translates, in English, to its noun.
    #[test]
    fn each_noun_key_reads_as_its_noun_in_english() {
        let english = include_str!("../../i18n/en/faultline.ftl");
        for kind in TargetKind::ALL {
            let line = format!("{} = {}", kind.noun_key(), kind.noun());
            assert!(english.lines().any(|l| l == line), "i18n/en/faultline.ftl lacks `{line}`");
        }
    }

    #[test]
    fn the_matrix_as_the_docs_state_it() {
        let accepted: Vec<(TargetKind, Vec<&str>)> = TargetKind::ALL.iter().map(|t| (*t, t.accepted_kinds())).collect();
        assert_eq!(
            accepted,
            [
                (TargetKind::Service, vec!["Crash", "Slow", "ErrorRate", "Partition"]),
                (TargetKind::Topic, vec!["Poison"]),
                (TargetKind::Producer, vec!["Crash", "Partition", "Poison"]),
                (TargetKind::Group, vec!["Crash", "DiskLoss", "Slow", "ErrorRate", "Partition"]),
                (TargetKind::Instance, vec!["Crash", "DiskLoss", "Slow", "ErrorRate", "Partition"]),
                (TargetKind::BrokerNode, vec!["Crash", "Partition"]),
                (TargetKind::Replica, vec!["Crash", "Slow", "ErrorRate", "Partition"]),
            ]
        );
        assert_eq!(TargetKind::Instance.with_article(), "a consumer instance");
    }

    /// Two services of 3 replicas, a topic, a group `g` of 2 instances autoscaled to 5, and 3
    /// broker nodes; `dup` is both a service and a topic, as only an unvalidated scenario can be.
    struct System;

    impl TargetNames for System {
        fn find(&self, kind: TargetKind, name: &str) -> Option<usize> {
            let names: &[&str] = match kind {
                TargetKind::Service => &["payments", "dup"],
                TargetKind::Topic => &["orders", "dup"],
                TargetKind::Group => &["g"],
                _ => &[],
            };
            names.iter().position(|n| *n == name)
        }
        fn instance_slots(&self, _group: usize) -> u32 {
            5
        }
        fn broker_nodes(&self) -> u32 {
            3
        }
        fn replicas(&self, _service: usize) -> u32 {
            3
        }
    }

    #[test]
    fn one_name_one_target_whatever_the_fault() {
        let resolve = |name| resolve_target(&System, name);
        assert_eq!(resolve("payments"), Ok(FaultTarget::Service(0)));
        assert_eq!(resolve("orders"), Ok(FaultTarget::Topic(0)));
        assert_eq!(resolve("g"), Ok(FaultTarget::Group(0)));
        // Services before topics: the declaration order, not the fault's kind.
        assert_eq!(resolve("dup"), Ok(FaultTarget::Service(1)));
        // Instances up to the autoscaler's max; numbers are decimal digits only.
        assert_eq!(resolve("g/5"), Ok(FaultTarget::Instance(0, 5)));
        let no_instance = |n: &str| Unresolved::NoSuchInstance { group: "g".into(), number: n.into(), slots: 5 };
        assert_eq!(resolve("g/6"), Err(no_instance("6")));
        assert_eq!(resolve("g/0"), Err(no_instance("0")));
        assert_eq!(resolve("g/+1"), Err(no_instance("+1")));
        assert_eq!(resolve("broker/3"), Ok(FaultTarget::BrokerNode(3)));
        assert_eq!(resolve("broker/4"), Err(Unresolved::NoSuchNode { number: "4".into(), nodes: 3 }));
        assert_eq!(resolve("h/1"), Err(Unresolved::Unknown));
        // A service's replicas, 1-based like instances.
        assert_eq!(resolve("payments/1"), Ok(FaultTarget::Replica(0, 1)));
        assert_eq!(resolve("payments/3"), Ok(FaultTarget::Replica(0, 3)));
        let no_replica =
            |n: &str| Unresolved::NoSuchReplica { service: "payments".into(), number: n.into(), replicas: 3 };
        assert_eq!(resolve("payments/4"), Err(no_replica("4")));
        assert_eq!(resolve("payments/0"), Err(no_replica("0")));
        assert_eq!(resolve("nothing"), Err(Unresolved::Unknown));
    }

    #[test]
    fn fault_parameters_as_validation_and_commands_refuse_them() {
        assert_eq!(FaultKind::Slow { factor: 1.5 }.check_parameters(), Ok(()));
        assert_eq!(FaultKind::Slow { factor: 1.0 }.check_parameters(), Err(FaultParameterError::SlowFactor(1.0)));
        assert!(FaultKind::Slow { factor: f64::INFINITY }.check_parameters().is_err());
        assert_eq!(FaultKind::ErrorRate(1.0).check_parameters(), Ok(()));
        assert_eq!(FaultKind::ErrorRate(1.5).check_parameters(), Err(FaultParameterError::Probability(1.5)));
        assert!(FaultKind::Poison { fraction: f64::NAN }.check_parameters().is_err());
        assert_eq!(FaultKind::Crash.check_parameters(), Ok(()));
    }
}
