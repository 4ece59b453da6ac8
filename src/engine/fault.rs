//! Faults: what can be broken, how, and the stochastic failure cycles of components.
//!
//! A fault has a target (a component key as the scenario, the report and the UI name
//! it), a kind, a start and a duration — the time its *cause* persists. What the cause
//! does while it persists, and what happens when it ends, is decided in `sim::faults`
//! (see `docs/faults.md`).

use super::availability::Availability;
use super::ids::{GroupId, InstanceId, NodeId, ProducerId, ReplicaId, ServiceId, TopicId};
use super::rng::{Stream, StreamOf};
use super::sample::DurationSampler;
use crate::i18n::{Lang, say};
use crate::scenario::fault_rules::{FaultParameterError, FaultTarget};
use crate::scenario::{FaultKind, TargetKind};
use crate::time::{SimDuration, SimTime};

/// A component a fault can hit. Indices into the simulation's tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Every replica of the service.
    Service(ServiceId),
    /// One replica of a service, `service/N`.
    Replica {
        service: ServiceId,
        replica: ReplicaId,
    },
    Producer(ProducerId),
    /// Every instance of the group (Crash, Partition) or its handler (Slow, ErrorRate).
    Group(GroupId),
    Instance {
        group: GroupId,
        instance: InstanceId,
    },
    /// Poison only: messages published to the topic meanwhile.
    Topic(TopicId),
    /// A broker node, `broker/N`.
    Node(NodeId),
}

impl Target {
    /// The sort of component, as the scenario's fault rules name it.
    pub fn kind(self) -> TargetKind {
        match self {
            Target::Service(_) => TargetKind::Service,
            Target::Producer(_) => TargetKind::Producer,
            Target::Group(_) => TargetKind::Group,
            Target::Instance { .. } => TargetKind::Instance,
            Target::Topic(_) => TargetKind::Topic,
            Target::Node(_) => TargetKind::BrokerNode,
            Target::Replica { .. } => TargetKind::Replica,
        }
    }

    /// Whether a fault of `kind` means something for this kind of component (the one
    /// matrix, `scenario::fault_rules`, that validation reads too).
    pub fn supports(self, kind: &FaultKind) -> bool {
        kind.applies_to(self.kind())
    }
}

impl From<FaultTarget> for Target {
    /// The engine's table indices of what the scenario's rule resolved (the engine builds
    /// its tables in the scenario's order; instance and node numbers are 1-based there).
    fn from(target: FaultTarget) -> Target {
        match target {
            FaultTarget::Service(s) => Target::Service(ServiceId::from(s)),
            FaultTarget::Topic(t) => Target::Topic(TopicId::from(t)),
            FaultTarget::Producer(p) => Target::Producer(ProducerId::from(p)),
            FaultTarget::Group(g) => Target::Group(GroupId::from(g)),
            FaultTarget::Instance(g, n) => {
                Target::Instance { group: GroupId::from(g), instance: InstanceId::new(n - 1) }
            }
            FaultTarget::BrokerNode(n) => Target::Node(NodeId::new(n - 1)),
            FaultTarget::Replica(s, n) => {
                Target::Replica { service: ServiceId::from(s), replica: ReplicaId::new(n - 1) }
            }
        }
    }
}

/// Why a fault cannot be injected or scheduled ([`FaultError::render`] words it;
/// `Display` is the English).
#[derive(Clone, Debug, PartialEq)]
pub enum FaultError {
    UnknownTarget { name: String, suggestion: Option<String> },
    NotApplicable { name: String, target: TargetKind, kind: FaultKind },
    SlowFactor(f64),
    Probability(f64),
}

impl FaultError {
    /// The reason in `lang`; names and the fault kinds' names stay as the file writes them.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            FaultError::UnknownTarget { name, suggestion: None } => {
                say(lang, "fault-error-unknown-target", &[("name", name.as_str().into())])
            }
            FaultError::UnknownTarget { name, suggestion: Some(suggestion) } => say(
                lang,
                "fault-error-unknown-target-suggested",
                &[("name", name.as_str().into()), ("suggestion", suggestion.as_str().into())],
            ),
            FaultError::NotApplicable { name, target, kind } => say(
                lang,
                "fault-error-not-applicable",
                &[
                    ("name", name.as_str().into()),
                    ("target", say(lang, target.noun_key(), &[]).into()),
                    ("kind", kind.report_name().into()),
                    ("accepted", target.accepted_kinds().join(", ").into()),
                ],
            ),
            FaultError::SlowFactor(factor) => {
                say(lang, "fault-error-slow-factor", &[("factor", factor.to_string().into())])
            }
            FaultError::Probability(p) => say(lang, "fault-error-probability", &[("value", p.to_string().into())]),
        }
    }
}

crate::i18n::english_display!(FaultError);

impl std::error::Error for FaultError {}

impl From<FaultParameterError> for FaultError {
    fn from(error: FaultParameterError) -> FaultError {
        match error {
            FaultParameterError::SlowFactor(factor) => FaultError::SlowFactor(factor),
            FaultParameterError::Probability(p) => FaultError::Probability(p),
        }
    }
}

/// How a change of the faults in effect moved a component's outage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutageChange {
    Began,
    Ended,
    Unchanged,
}

impl OutageChange {
    /// From whether the component was out before the change and is out after it.
    pub fn between(was_out: bool, out: bool) -> OutageChange {
        match (was_out, out) {
            (false, true) => OutageChange::Began,
            (true, false) => OutageChange::Ended,
            _ => OutageChange::Unchanged,
        }
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
    pub(in crate::engine) target: Target,
    pub(in crate::engine) target_name: String,
    pub(in crate::engine) kind: FaultKind,
    pub(in crate::engine) start: SimTime,
    /// How long the cause persists; `None`: until cleared by a command.
    pub(in crate::engine) duration: Option<SimDuration>,
    state: FaultState,
    pub(in crate::engine) origin: FaultOrigin,
    /// The incident it opened (degradations: slow, error rate, poison).
    pub(in crate::engine) incident: Option<u64>,
}

impl Fault {
    /// A fault waiting for its start (scheduled by the scenario, or injected by a command
    /// and started when handled).
    pub fn scheduled(
        target: Target,
        target_name: String,
        kind: FaultKind,
        start: SimTime,
        duration: Option<SimDuration>,
        origin: FaultOrigin,
    ) -> Fault {
        Fault { target, target_name, kind, start, duration, state: FaultState::Scheduled, origin, incident: None }
    }

    pub fn is_active(&self) -> bool {
        self.state == FaultState::Active
    }

    /// A scheduled fault takes effect at `now` (its start moves there: a fault injected by
    /// a command starts when it is handled). Returns false if it was not scheduled.
    pub fn activate(&mut self, now: SimTime) -> bool {
        if self.state != FaultState::Scheduled {
            return false;
        }
        self.state = FaultState::Active;
        self.start = now;
        true
    }

    /// An active fault's cause ends. Returns false if it was not active.
    pub fn end(&mut self) -> bool {
        if self.state != FaultState::Active {
            return false;
        }
        self.state = FaultState::Over;
        true
    }

    /// Whether it bears on `target` (a group fault bears on each of its instances).
    pub fn hits(&self, target: Target) -> bool {
        match (self.target, target) {
            (Target::Group(g), Target::Instance { group, .. }) => g == group,
            (Target::Service(s), Target::Replica { service, .. }) => s == service,
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
            FaultKind::DiskLoss => "crash with disk loss".into(),
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
    /// A service's replica (its only one, for a service without `replicas`).
    Service {
        service: ServiceId,
        replica: ReplicaId,
    },
    Node(NodeId),
    Instance {
        group: GroupId,
        instance: InstanceId,
    },
}

/// Stochastic failures: alternating up (time to failure) and down (time to repair)
/// periods drawn from the component's own stream. The down period is the whole outage,
/// detection and repair included (that is what an MTTR measures), so supervisors and
/// commands do not shorten it.
#[derive(Clone, Debug)]
pub struct FailureCycle {
    time_to_failure: DurationSampler,
    time_to_repair: DurationSampler,
    rng: Stream,
    /// Bumped to forget the pending failure or repair (a repair by command, an instance
    /// scaled in, new distributions).
    generation: u32,
    failed: bool,
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
    fn draw_time_to_failure(&mut self) -> SimDuration {
        SimDuration(self.time_to_failure.sample(&mut self.rng).0.max(1))
    }

    fn draw_time_to_repair(&mut self) -> SimDuration {
        SimDuration(self.time_to_repair.sample(&mut self.rng).0.max(1))
    }

    /// In a failure now (down until repaired).
    pub fn is_failed(&self) -> bool {
        self.failed
    }

    /// When the next failure happens, drawn from `now`, with the generation its event carries.
    pub fn next_failure(&mut self, now: SimTime) -> (SimTime, u32) {
        (now + self.draw_time_to_failure(), self.generation)
    }

    /// The failure of `generation` is due at `now`: the component fails, and the time of
    /// its repair is drawn (its event carries the same generation). `None` when the event
    /// is stale (forgotten, or already failed).
    pub fn fail(&mut self, now: SimTime, generation: u32) -> Option<SimTime> {
        if self.generation != generation || self.failed {
            return None;
        }
        self.failed = true;
        Some(now + self.draw_time_to_repair())
    }

    /// When the next failure happens for a component failing at `rate_factor` × its own
    /// rate (a warm spare): the drawn time divided by the factor, which for an
    /// exponential time to failure is exactly an exponential of mean MTBF/factor (for
    /// others, the accelerated-life model: the same shape, time stretched).
    pub fn next_failure_at_rate(&mut self, now: SimTime, rate_factor: f64) -> (SimTime, u32) {
        let drawn = self.draw_time_to_failure().0 as f64 / rate_factor;
        (now + SimDuration((drawn as u64).max(1)), self.generation)
    }

    /// The failure of `generation` is due at `now`: the component fails, its repair not
    /// drawn yet (it waits for a repair crew: [`FailureCycle::repair_from`]). Whether it
    /// failed (false when the event is stale).
    pub fn fail_awaiting_repair(&mut self, generation: u32) -> bool {
        if self.generation != generation || self.failed {
            return false;
        }
        self.failed = true;
        true
    }

    /// The component fails now from outside its own cycle (a common-cause shock): its
    /// pending failure is forgotten. Whether it failed (false if already failed).
    pub fn fail_now(&mut self) -> bool {
        if self.failed {
            return false;
        }
        self.failed = true;
        self.generation = self.generation.wrapping_add(1);
        true
    }

    /// Its repair starts now: when it ends, with the generation its event carries.
    pub fn repair_from(&mut self, now: SimTime) -> (SimTime, u32) {
        (now + self.draw_time_to_repair(), self.generation)
    }

    /// Whether the repair of `generation` is still due (not forgotten, and still failed).
    pub fn repair_due(&self, generation: u32) -> bool {
        self.generation == generation && self.failed
    }

    /// The failure, if any, ends now (repaired, or the instance scaled in), and the pending
    /// failure or repair event is forgotten.
    pub fn stop(&mut self) {
        self.failed = false;
        self.generation = self.generation.wrapping_add(1);
    }

    /// Forgets the pending failure event (new distributions: the next is drawn again).
    pub fn forget_pending(&mut self) {
        self.generation = self.generation.wrapping_add(1);
    }

    pub fn analytic_availability(&self) -> Option<f64> {
        super::availability::analytic_availability(self.time_to_failure.mean(), self.time_to_repair.mean())
    }
}

/// One availability-tracked component.
#[derive(Clone, Debug)]
pub struct Unit {
    pub(in crate::engine) name: String,
    pub(in crate::engine) kind: UnitKind,
    pub(in crate::engine) availability: Availability,
    pub(in crate::engine) cycle: Option<FailureCycle>,
}

impl Unit {
    /// It fails stochastically and is in a failure (down until repaired) now.
    pub fn has_failed(&self) -> bool {
        self.cycle.as_ref().is_some_and(FailureCycle::is_failed)
    }

    /// The component's name ("payments", "orders/2", "broker/1").
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its up/down timeline and the figures drawn from it.
    pub fn availability(&self) -> &Availability {
        &self.availability
    }

    /// Visits the unit's failure stream (when it fails stochastically) with its name.
    pub fn for_each_stream(&mut self, visit: &mut dyn FnMut(StreamOf<'_>, &mut Stream)) {
        if let Some(cycle) = &mut self.cycle {
            visit(StreamOf::Failures(&self.name), &mut cycle.rng);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_fault_hits_its_instances_and_a_service_fault_its_replicas() {
        let f = Fault {
            target: Target::Group(GroupId::new(1)),
            target_name: "g".into(),
            kind: FaultKind::Crash,
            start: SimTime::ZERO,
            duration: None,
            state: FaultState::Active,
            origin: FaultOrigin::Command,
            incident: None,
        };
        assert!(f.hits(Target::Instance { group: GroupId::new(1), instance: InstanceId::new(3) }));
        assert!(!f.hits(Target::Instance { group: GroupId::new(0), instance: InstanceId::new(3) }));
        let f = Fault { target: Target::Service(ServiceId::new(2)), ..f };
        assert!(f.hits(Target::Replica { service: ServiceId::new(2), replica: ReplicaId::new(1) }));
        assert!(!f.hits(Target::Replica { service: ServiceId::new(1), replica: ReplicaId::new(1) }));
        assert!(!Target::Topic(TopicId::new(0)).supports(&FaultKind::Crash));
        assert!(Target::Node(NodeId::new(0)).supports(&FaultKind::Partition));
    }
}
