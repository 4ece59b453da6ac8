//! Faults: what can be broken, how, and the stochastic failure cycles of components.
//!
//! A fault has a target (a component key as the scenario, the report and the UI name
//! it), a kind, a start and a duration — the time its *cause* persists. What the cause
//! does while it persists, and what happens when it ends, is decided in `sim::faults`
//! (see `docs/faults.md`).

use super::availability::Availability;
use super::rng::Stream;
use super::sample::DurationSampler;
use crate::scenario::FaultKind;
use crate::time::{SimDuration, SimTime};

/// A component a fault can hit. Indices into the simulation's tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Service(u32),
    Producer(u32),
    /// Every instance of the group (Crash, Partition) or its handler (Slow, ErrorRate).
    Group(u32),
    Instance {
        group: u32,
        instance: u32,
    },
    /// Poison only: messages published to the topic meanwhile.
    Topic(u32),
    /// A broker node, `broker/N`.
    Node(u32),
}

impl Target {
    /// The kind of component, for messages ("service", "consumer instance", ...).
    pub fn noun(self) -> &'static str {
        match self {
            Target::Service(_) => "service",
            Target::Producer(_) => "producer",
            Target::Group(_) => "consumer group",
            Target::Instance { .. } => "consumer instance",
            Target::Topic(_) => "topic",
            Target::Node(_) => "broker node",
        }
    }

    /// Whether a fault of `kind` means something for this kind of component.
    pub fn supports(self, kind: &FaultKind) -> bool {
        use FaultKind::*;
        match self {
            Target::Service(_) | Target::Group(_) | Target::Instance { .. } => {
                matches!(kind, Crash | Slow { .. } | ErrorRate(_) | Partition)
            }
            Target::Producer(_) => matches!(kind, Crash | Partition | Poison { .. }),
            Target::Topic(_) => matches!(kind, Poison { .. }),
            Target::Node(_) => matches!(kind, Crash | Partition),
        }
    }
}

/// The kinds a target of this sort accepts, for error messages.
pub fn supported_kinds(target: Target) -> &'static str {
    match target {
        Target::Service(_) | Target::Group(_) | Target::Instance { .. } => "Crash, Slow, ErrorRate, Partition",
        Target::Producer(_) => "Crash, Partition, Poison",
        Target::Topic(_) => "Poison",
        Target::Node(_) => "Crash, Partition",
    }
}

/// The fault kind's name in reports and the log.
pub fn kind_name(kind: &FaultKind) -> &'static str {
    match kind {
        FaultKind::Crash => "crash",
        FaultKind::Slow { .. } => "slow",
        FaultKind::ErrorRate(_) => "error_rate",
        FaultKind::Partition => "partition",
        FaultKind::Poison { .. } => "poison",
    }
}

/// Where a fault came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultOrigin {
    Scenario,
    Command,
}

/// Life cycle of a fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultState {
    Scheduled,
    Active,
    Over,
}

/// One scheduled or injected fault.
#[derive(Clone, Debug)]
pub struct Fault {
    pub target: Target,
    pub target_name: String,
    pub kind: FaultKind,
    pub start: SimTime,
    /// How long the cause persists; `None`: until cleared by a command.
    pub duration: Option<SimDuration>,
    pub state: FaultState,
    pub origin: FaultOrigin,
    /// The incident it opened (degradations: slow, error rate, poison).
    pub incident: Option<u64>,
}

impl Fault {
    pub fn is_active(&self) -> bool {
        self.state == FaultState::Active
    }

    /// Whether it bears on `target` (a group fault bears on each of its instances).
    pub fn hits(&self, target: Target) -> bool {
        match (self.target, target) {
            (Target::Group(g), Target::Instance { group, .. }) => g == group,
            (a, b) => a == b,
        }
    }

    pub fn ends_at(&self) -> Option<SimTime> {
        self.duration.map(|d| self.start + d)
    }

    /// "slow ×10", "error rate 0.9", for the log and the UI.
    pub fn describe(&self) -> String {
        match self.kind {
            FaultKind::Crash => "crash".into(),
            FaultKind::Slow { factor } => format!("slow ×{factor}"),
            FaultKind::ErrorRate(p) => format!("error rate {p}"),
            FaultKind::Partition => "network partition".into(),
            FaultKind::Poison { fraction } => format!("poison {fraction}"),
        }
    }
}

/// A component whose availability is tracked: every service, consumer instance and
/// broker node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    Service(u32),
    Node(u32),
    Instance { group: u32, instance: u32 },
}

/// Stochastic failures: alternating up (time to failure) and down (time to repair)
/// periods drawn from the component's own stream. The down period is the whole outage,
/// detection and repair included (that is what an MTTR measures), so supervisors and
/// commands do not shorten it.
#[derive(Clone, Debug)]
pub struct FailureCycle {
    pub time_to_failure: DurationSampler,
    pub time_to_repair: DurationSampler,
    pub rng: Stream,
    /// Bumped to forget the pending failure or repair (instance scaled in).
    pub generation: u32,
    pub failed: bool,
}

impl FailureCycle {
    pub fn new(spec: &crate::scenario::Failures, rng: Stream) -> FailureCycle {
        FailureCycle {
            time_to_failure: DurationSampler::new(&spec.mtbf),
            time_to_repair: DurationSampler::new(&spec.mttr),
            rng,
            generation: 0,
            failed: false,
        }
    }

    /// A live change of the distributions (the stream and the cycle's phase stay).
    pub fn set_distributions(&mut self, spec: &crate::scenario::Failures) {
        self.time_to_failure = DurationSampler::new(&spec.mtbf);
        self.time_to_repair = DurationSampler::new(&spec.mttr);
    }

    /// Time to the next failure; at least 1 ns so time always moves on.
    pub fn draw_time_to_failure(&mut self) -> SimDuration {
        SimDuration(self.time_to_failure.sample(&mut self.rng).0.max(1))
    }

    pub fn draw_time_to_repair(&mut self) -> SimDuration {
        SimDuration(self.time_to_repair.sample(&mut self.rng).0.max(1))
    }

    pub fn analytic_availability(&self) -> Option<f64> {
        super::availability::analytic_availability(self.time_to_failure.mean(), self.time_to_repair.mean())
    }
}

/// One availability-tracked component.
#[derive(Clone, Debug)]
pub struct Unit {
    pub name: String,
    pub kind: UnitKind,
    pub availability: Availability,
    pub cycle: Option<FailureCycle>,
}

/// The candidate closest to `wanted` by edit distance, if reasonably close
/// ("did you mean `orders`?").
pub fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(2);
    candidates
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb)).min(row[j] + 1).min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_name() {
        let names = ["payments", "orders", "broker/1"];
        assert_eq!(closest("payment", names.iter().copied()), Some("payments"));
        assert_eq!(closest("brokr/1", names.iter().copied()), Some("broker/1"));
        assert_eq!(closest("zzz", names.iter().copied()), None);
    }

    #[test]
    fn a_group_fault_hits_its_instances() {
        let f = Fault {
            target: Target::Group(1),
            target_name: "g".into(),
            kind: FaultKind::Crash,
            start: SimTime::ZERO,
            duration: None,
            state: FaultState::Active,
            origin: FaultOrigin::Command,
            incident: None,
        };
        assert!(f.hits(Target::Instance { group: 1, instance: 3 }));
        assert!(!f.hits(Target::Instance { group: 0, instance: 3 }));
        assert!(!Target::Topic(0).supports(&FaultKind::Crash));
        assert!(Target::Node(0).supports(&FaultKind::Partition));
    }
}
