//! Which fault kinds apply to which sorts of component: the one matrix that validation,
//! the engine's fault commands and their messages all read.

use super::model::FaultKind;

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
}

impl TargetKind {
    pub const ALL: [TargetKind; 6] = [
        TargetKind::Service,
        TargetKind::Topic,
        TargetKind::Producer,
        TargetKind::Group,
        TargetKind::Instance,
        TargetKind::BrokerNode,
    ];

    /// The sort of component in words: "service", "consumer instance", ...
    pub fn noun(self) -> &'static str {
        match self {
            TargetKind::Service => "service",
            TargetKind::Topic => "topic",
            TargetKind::Producer => "producer",
            TargetKind::Group => "consumer group",
            TargetKind::Instance => "consumer instance",
            TargetKind::BrokerNode => "broker node",
        }
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
    pub const EACH: [FaultKind; 5] = [
        FaultKind::Crash,
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
                matches!(target, Service | Producer | Group | Instance | BrokerNode)
            }
            FaultKind::Slow { .. } | FaultKind::ErrorRate(_) => matches!(target, Service | Group | Instance),
            FaultKind::Poison { .. } => matches!(target, Topic | Producer),
        }
    }

    /// The kind as a scenario writes it: "Crash", "ErrorRate", ...
    pub fn variant_name(&self) -> &'static str {
        match self {
            FaultKind::Crash => "Crash",
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
            FaultKind::Slow { .. } => "slow",
            FaultKind::ErrorRate(_) => "error_rate",
            FaultKind::Partition => "partition",
            FaultKind::Poison { .. } => "poison",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matrix_as_the_docs_state_it() {
        let accepted: Vec<(TargetKind, Vec<&str>)> = TargetKind::ALL.iter().map(|t| (*t, t.accepted_kinds())).collect();
        assert_eq!(
            accepted,
            [
                (TargetKind::Service, vec!["Crash", "Slow", "ErrorRate", "Partition"]),
                (TargetKind::Topic, vec!["Poison"]),
                (TargetKind::Producer, vec!["Crash", "Partition", "Poison"]),
                (TargetKind::Group, vec!["Crash", "Slow", "ErrorRate", "Partition"]),
                (TargetKind::Instance, vec!["Crash", "Slow", "ErrorRate", "Partition"]),
                (TargetKind::BrokerNode, vec!["Crash", "Partition"]),
            ]
        );
        assert_eq!(TargetKind::Instance.with_article(), "a consumer instance");
    }
}
