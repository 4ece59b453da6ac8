//! Faults: scheduling, injecting and clearing them; what each does to its target while
//! its cause persists; and the stochastic failure cycles of components.
//!
//! Effects are *levels* recomputed from the faults in effect (`refresh_*`), so
//! overlapping faults combine and the end of one leaves the others in force: a target is
//! down while any Crash or Partition hits it, latencies multiply by every Slow factor,
//! and ErrorRate and Poison probabilities combine as independent causes (1 − Π(1 − p)).
//! A Crash of a consumer instance is the exception: the crash is an event (the process
//! dies at the fault's start) and the persisting cause only matters to restarts (see
//! `recovery`).

use super::recovery::CrashCause;
use super::*;
use crate::engine::fault::FaultError;
use crate::scenario::TargetKind;
use crate::scenario::closest;
use crate::scenario::fault_rules::{TargetNames, resolve_target};
use crate::scenario::limits::MAX_FAULTS;

/// The combined effect of the faults in effect on one target.
#[derive(Clone, Copy, Debug)]
pub(super) struct FaultLevels {
    pub crashed: bool,
    pub partitioned: bool,
    pub slow_factor: f64,
    pub error_rate: f64,
    pub poison: f64,
}

/// Why a fault's parameters are refused (the scenario's rule, which validation applies too).
fn check_kind(kind: &FaultKind) -> Result<(), FaultError> {
    Ok(kind.check_parameters()?)
}

impl Simulation {
    /// The component `name` names, for a fault of `kind` (`None`: any kind, to clear),
    /// by the scenario's rule (`fault_rules::resolve_target`, validation's too).
    pub(super) fn resolve_target(&self, name: &str, kind: Option<&FaultKind>) -> Result<Target, FaultError> {
        let Ok(found) = resolve_target(self, name) else {
            let names = self.component_names();
            let suggestion = closest(name, names.iter().map(String::as_str)).map(str::to_string);
            return Err(FaultError::UnknownTarget { name: name.to_string(), suggestion });
        };
        let target = Target::from(found);
        match kind {
            Some(kind) if !target.supports(kind) => {
                Err(FaultError::NotApplicable { name: name.to_string(), target: target.kind(), kind: *kind })
            }
            _ => Ok(target),
        }
    }

    fn component_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.services.iter().map(|s| s.name.clone()).collect();
        names.extend(self.producers.iter().map(|p| p.name.clone()));
        names.extend(self.groups.iter().map(|g| g.name.clone()));
        names.extend(self.topics.iter().map(|t| t.name.clone()));
        names.extend(self.units.iter().map(|u| u.name.clone()));
        names
    }

    /// The scenario's faults, each scheduled to start at its `at`.
    pub(super) fn schedule_scenario_faults(&mut self) -> Result<(), BuildError> {
        let specs = std::mem::take(&mut self.scenario.faults);
        let mut result = Ok(());
        for (k, spec) in specs.iter().enumerate() {
            let target = match self.resolve_target(&spec.target, Some(&spec.kind)) {
                Ok(target) => target,
                Err(e) => {
                    result = Err(BuildError::Unsupported(format!("faults[{k}].target: {e}")));
                    break;
                }
            };
            if let Err(e) = check_kind(&spec.kind) {
                result = Err(BuildError::Unsupported(format!("faults[{k}].kind: {e}")));
                break;
            }
            let at = SimTime(spec.at.0);
            let fault = self.faults.push_and_get_key(Fault::scheduled(
                target,
                spec.target.clone(),
                spec.kind,
                at,
                Some(spec.duration),
                FaultOrigin::Scenario,
            ));
            self.queue.schedule(at, Event::FaultStart { fault });
        }
        self.scenario.faults = specs;
        result
    }

    /// Command: a fault now, for `duration` or until cleared.
    pub(super) fn inject_fault(
        &mut self,
        name: &str,
        kind: FaultKind,
        duration: Option<SimDuration>,
    ) -> Result<LogText, CommandError> {
        let target = self.resolve_target(name, Some(&kind))?;
        check_kind(&kind)?;
        if self.faults.len() >= MAX_FAULTS {
            return Err(CommandError::TooManyFaults);
        }
        let f = self.faults.push_and_get_key(Fault::scheduled(
            target,
            name.to_string(),
            kind,
            self.now,
            duration,
            FaultOrigin::Command,
        ));
        let text = LogText::Injected { fault: self.faults[f].kind, duration };
        self.start_fault(f);
        Ok(text)
    }

    /// Command "recover now": ends every fault in effect on the target (on a group, also
    /// those on its instances) and brings it back at once — an operator restarting a
    /// crashed consumer instance, repairing a failed component.
    pub(super) fn recover_now(&mut self, name: &str) -> Result<LogText, CommandError> {
        let target = self.resolve_target(name, None)?;
        let ending: Vec<FaultId> = self
            .active_faults
            .iter()
            .copied()
            .filter(|&f| {
                let fault_target = self.faults[f].target;
                fault_target == target
                    || matches!((target, fault_target), (Target::Group(g), Target::Instance { group, .. }) if g == group)
                    || matches!((target, fault_target), (Target::Service(s), Target::Replica { service, .. }) if s == service)
            })
            .collect();
        for &f in &ending {
            self.end_fault(f);
        }
        let mut repaired = 0u64;
        let units: Vec<UnitId> = match target {
            Target::Service(s) => self.services[s].replicas().iter().map(|r| r.unit).collect(),
            Target::Replica { service, replica } => vec![self.services[service].replicas()[replica].unit],
            Target::Node(n) => vec![self.broker.nodes[n].unit],
            Target::Group(g) => self.groups[g].instances.iter().map(|i| i.unit).collect(),
            Target::Instance { group, instance } => {
                self.groups[group].instances.get(instance).map(|i| i.unit).into_iter().collect()
            }
            Target::Producer(_) | Target::Topic(_) => Vec::new(),
        };
        for unit in units {
            if self.units[unit].has_failed() {
                self.repair_unit(unit);
                repaired += 1;
            }
        }
        let mut restarted = 0u64;
        let instances: Vec<(GroupId, InstanceId)> = match target {
            Target::Group(g) => self.groups[g].instances.keys().map(|i| (g, i)).collect(),
            Target::Instance { group, instance } => vec![(group, instance)],
            _ => Vec::new(),
        };
        for (g, i) in instances {
            let Some(inst) = self.groups[g].instances.get(i) else { continue };
            if inst.is_provisioned() && !inst.is_up() && !inst.failed {
                self.groups[g].instances[i].crash_loop = 0;
                self.restart_instance(g, i, "restarted by hand");
                restarted += 1;
            }
        }
        Ok(LogText::Recovered { cleared: ending.len() as u64, repaired, restarted })
    }

    pub(super) fn start_fault(&mut self, f: FaultId) {
        let fault = &mut self.faults[f];
        if !fault.activate(self.now) {
            return;
        }
        if let Some(end) = fault.ends_at() {
            self.queue.schedule(end, Event::FaultEnd { fault: f });
        }
        self.active_faults.push(f);
        let fault = &self.faults[f];
        let text = LogText::FaultStarted { fault: fault.kind, duration: fault.duration };
        self.log.push(self.now, Severity::Warning, fault.target_name.clone(), text);
        self.apply_fault_change(f, true);
    }

    pub(super) fn end_fault(&mut self, f: FaultId) {
        if !self.faults[f].end() {
            return;
        }
        self.active_faults.retain(|&a| a != f);
        let fault = &self.faults[f];
        self.log.push(self.now, Severity::Info, fault.target_name.clone(), LogText::FaultOver { fault: fault.kind });
        self.apply_fault_change(f, false);
    }

    fn apply_fault_change(&mut self, f: FaultId, started: bool) {
        let Fault { target, kind, .. } = self.faults[f].clone();
        let cause = kind.report_name();
        match target {
            Target::Service(s) => self.refresh_service(s, cause),
            Target::Replica { service, replica } => self.refresh_replica(service, replica, cause),
            Target::Producer(p) => self.refresh_producer(p, cause),
            Target::Topic(t) => self.refresh_topic(t),
            Target::Node(n) => self.refresh_node(n, cause),
            Target::Group(g) | Target::Instance { group: g, .. } => {
                let hit = self.instances_hit(target);
                match kind {
                    FaultKind::Crash if started => {
                        for i in hit {
                            self.crash_instance(g, i, CrashCause::Fault);
                        }
                    }
                    FaultKind::DiskLoss if started => {
                        for i in hit {
                            self.crash_instance(g, i, CrashCause::Fault);
                            // Down already or just crashed: either way its disk is gone.
                            self.lose_disk(g, i);
                        }
                    }
                    FaultKind::Crash | FaultKind::DiskLoss => {
                        for i in hit {
                            self.crash_cause_cleared(g, i);
                        }
                    }
                    FaultKind::Partition => {
                        for i in hit {
                            self.refresh_connection(g, i);
                        }
                    }
                    FaultKind::Slow { .. } | FaultKind::ErrorRate(_) => self.refresh_handler(g),
                    FaultKind::Poison { .. } => {}
                }
            }
        }
        // A degradation is an incident of its own; outages open theirs where the
        // component goes down (one per outage, however many faults overlap).
        if matches!(kind, FaultKind::Slow { .. } | FaultKind::ErrorRate(_) | FaultKind::Poison { .. }) {
            if started {
                let (related, naming) = self.alert_links(target);
                let component = self.faults[f].target_name.clone();
                self.incidents.set_work(self.work_done());
                let id = self.incidents.open(component, cause, self.now, related, naming);
                self.faults[f].incident = Some(id);
            } else if let Some(id) = self.faults[f].incident {
                self.incidents.set_work(self.work_done());
                self.incidents.recovered(id, self.now);
            }
        }
    }

    /// Provisioned instances a Crash or Partition on `target` reaches now.
    fn instances_hit(&self, target: Target) -> Vec<InstanceId> {
        match target {
            Target::Group(g) => {
                self.groups[g].instances.iter_enumerated().filter(|(_, i)| i.is_provisioned()).map(|(i, _)| i).collect()
            }
            Target::Instance { group, instance } => self.groups[group]
                .instances
                .get(instance)
                .filter(|i| i.is_provisioned())
                .map(|_| instance)
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The combined effect of the faults in effect on `target`.
    pub(super) fn fault_levels(&self, target: Target) -> FaultLevels {
        let mut levels =
            FaultLevels { crashed: false, partitioned: false, slow_factor: 1.0, error_rate: 0.0, poison: 0.0 };
        let (mut ok, mut clean) = (1.0, 1.0);
        for &f in &self.active_faults {
            let fault = &self.faults[f];
            if !fault.hits(target) {
                continue;
            }
            match fault.kind {
                FaultKind::Crash | FaultKind::DiskLoss => levels.crashed = true,
                FaultKind::Partition => levels.partitioned = true,
                FaultKind::Slow { factor } => levels.slow_factor *= factor,
                FaultKind::ErrorRate(p) => ok *= 1.0 - p,
                FaultKind::Poison { fraction } => clean *= 1.0 - fraction,
            }
        }
        levels.error_rate = 1.0 - ok;
        levels.poison = 1.0 - clean;
        levels
    }

    fn unit_failed(&self, unit: UnitId) -> bool {
        self.units[unit].has_failed()
    }

    /// Every replica of a service, after a fault on the whole service began or ended.
    pub(super) fn refresh_service(&mut self, s: ServiceId, cause: &'static str) {
        for r in self.services[s].replicas().keys() {
            self.refresh_replica(s, r, cause);
        }
    }

    /// A replica is down while a Crash or Partition hits it (or its service) or it has
    /// failed; Slow and ErrorRate faults on it and on its service combine.
    pub(super) fn refresh_replica(&mut self, s: ServiceId, r: ReplicaId, cause: &'static str) {
        let levels = self.fault_levels(Target::Replica { service: s, replica: r });
        let failed = self.unit_failed(self.services[s].replicas()[r].unit);
        let service = &mut self.services[s];
        service.degrade(r, levels.slow_factor, levels.error_rate);
        let down = levels.crashed || levels.partitioned || failed;
        let was_down = service.replicas()[r].is_down();
        if down && !was_down {
            self.replica_down(s, r, cause);
        } else if !down && was_down {
            self.replica_up(s, r);
        }
    }

    /// Calls the balancer sends it fail fast from now on, and the calls in progress fail
    /// now (each a reset connection, which outlier detection counts as an error).
    fn replica_down(&mut self, s: ServiceId, r: ReplicaId, cause: &'static str) {
        let (related, naming) = self.alert_links(Target::Replica { service: s, replica: r });
        let replica = &self.services[s].replicas()[r];
        let (name, unit) = (replica.name().to_string(), replica.unit);
        self.incidents.set_work(self.work_done());
        let id = self.incidents.open(name.clone(), cause, self.now, related, naming);
        let dropped = self.services[s].go_down(r, id, self.now);
        self.unit_down(unit);
        self.log.push(
            self.now,
            Severity::Error,
            name,
            LogText::ReplicaDown { cause: cause.to_string(), cut_short: dropped.len() as u64 },
        );
        for call in dropped {
            self.replica_answered(s, r, true);
            self.deliver(call, Some(ErrorClass::Transient));
        }
        // Calls cut short left their bulkheads: the calls waiting there go out.
        self.resume_granted_hops(Chain::Service(s));
    }

    fn replica_up(&mut self, s: ServiceId, r: ReplicaId) {
        if let Some(id) = self.services[s].come_up(r) {
            self.incidents.set_work(self.work_done());
            self.incidents.recovered(id, self.now);
        }
        let replica = &self.services[s].replicas()[r];
        let (name, unit) = (replica.name().to_string(), replica.unit);
        self.unit_up(unit);
        self.log.push(self.now, Severity::Info, name, LogText::ReplicaUp);
    }

    pub(super) fn refresh_producer(&mut self, p: ProducerId, cause: &'static str) {
        let levels = self.fault_levels(Target::Producer(p));
        match self.producers[p].set_faults(levels.crashed, levels.partitioned, levels.poison) {
            OutageChange::Began => {
                let (related, naming) = self.alert_links(Target::Producer(p));
                let name = self.producers[p].name.clone();
                self.incidents.set_work(self.work_done());
                let id = self.incidents.open(name, cause, self.now, related, naming);
                self.producers[p].incident = Some(id);
            }
            OutageChange::Ended => {
                if let Some(id) = self.producers[p].incident.take() {
                    self.incidents.set_work(self.work_done());
                    self.incidents.recovered(id, self.now);
                }
            }
            OutageChange::Unchanged => {}
        }
    }

    pub(super) fn refresh_topic(&mut self, t: TopicId) {
        let poison = self.fault_levels(Target::Topic(t)).poison;
        self.topics[t].set_poison(poison);
    }

    /// Slow and ErrorRate faults on a group's handler, per instance.
    pub(super) fn refresh_handler(&mut self, g: GroupId) {
        let mut faulted = false;
        for i in self.groups[g].instances.keys() {
            let levels = self.fault_levels(Target::Instance { group: g, instance: i });
            let inst = &mut self.groups[g].instances[i];
            inst.slow_factor = levels.slow_factor;
            inst.error_rate = levels.error_rate;
            faulted |= levels.slow_factor != 1.0 || levels.error_rate > 0.0;
        }
        self.groups[g].handler_faulted = faulted;
    }

    // ----- stochastic failures ------------------------------------------------------------

    /// Draws the next time to failure of `unit`, if it has stochastic failures.
    pub(super) fn schedule_unit_failure(&mut self, unit: UnitId) {
        // A cold spare does not fail while idle; a warm one fails at its own rate.
        let Some(rate) = self.failure_rate_factor(unit) else { return };
        let Some(cycle) = &mut self.units[unit].cycle else { return };
        let (at, generation) =
            if rate == 1.0 { cycle.next_failure(self.now) } else { cycle.next_failure_at_rate(self.now, rate) };
        self.queue.schedule(at, Event::UnitFails { unit, generation });
    }

    pub(super) fn on_unit_fails(&mut self, unit: UnitId, generation: u32) {
        if let UnitKind::Instance { group, instance } = self.units[unit].kind
            && self.groups[group].redundancy.is_some()
        {
            return self.structured_failure(unit, group, instance, generation);
        }
        let Some(cycle) = &mut self.units[unit].cycle else { return };
        let Some(at) = cycle.fail(self.now, generation) else { return };
        self.queue.schedule(at, Event::UnitRepaired { unit, generation });
        match self.units[unit].kind {
            UnitKind::Service { service, replica } => self.refresh_replica(service, replica, "failure"),
            UnitKind::Node(n) => self.refresh_node(n, "failure"),
            UnitKind::Instance { group, instance } => {
                self.groups[group].instances[instance].failed = true;
                self.crash_instance(group, instance, CrashCause::Failure);
            }
        }
    }

    pub(super) fn on_unit_repaired(&mut self, unit: UnitId, generation: u32) {
        if self.units[unit].cycle.as_ref().is_some_and(|c| c.repair_due(generation)) {
            self.repair_unit(unit);
        }
    }

    /// Ends a stochastic failure now and draws the next one.
    pub(super) fn repair_unit(&mut self, unit: UnitId) {
        if let UnitKind::Instance { group, instance } = self.units[unit].kind
            && self.groups[group].redundancy.is_some()
        {
            return self.structured_repair(unit, group, instance);
        }
        let Some(cycle) = &mut self.units[unit].cycle else { return };
        // A repair by command forgets the pending repair event.
        cycle.stop();
        match self.units[unit].kind {
            UnitKind::Service { service, replica } => self.refresh_replica(service, replica, "failure"),
            UnitKind::Node(n) => self.refresh_node(n, "failure"),
            UnitKind::Instance { group, instance } => {
                let inst = &mut self.groups[group].instances[instance];
                inst.failed = false;
                if inst.is_provisioned() && !inst.is_up() {
                    if self.crash_cause_persists(group, instance) {
                        let name = self.units[unit].name.clone();
                        self.log.push(self.now, Severity::Warning, name, LogText::RepairedButCrashed);
                    } else {
                        self.restart_instance(group, instance, "repaired");
                    }
                }
            }
        }
        self.schedule_unit_failure(unit);
    }

    /// Stops the failure cycle of a unit (an instance scaled in).
    pub(super) fn pause_unit_failures(&mut self, unit: UnitId) {
        if let Some(cycle) = &mut self.units[unit].cycle {
            cycle.stop();
        }
    }

    /// A new availability unit for an instance slot beyond those planned at build (a
    /// scale command past the autoscaler's max).
    pub(super) fn new_instance_unit(&mut self, g: GroupId, i: InstanceId) -> UnitId {
        let name = format!("{}/{}", self.groups[g].name, i.get() + 1);
        let failures = self.groups[g].config.failures.clone();
        let kind = UnitKind::Instance { group: g, instance: i };
        let mut unit = make_unit(name, kind, failures.as_ref(), self.now);
        unit.for_each_stream(&mut crate::engine::rng::seed_with(self.seed));
        let unit = self.units.push_and_get_key(unit);
        self.groups[g].recovery.slot_units.push(unit);
        unit
    }
}

/// The system as it runs: a group offers the instance numbers it has had (a command may
/// have scaled it past its declared size) or that its autoscaler may create.
impl TargetNames for Simulation {
    fn find(&self, kind: TargetKind, name: &str) -> Option<usize> {
        match kind {
            TargetKind::Service => self.services.position(|x| x.name == name).map(usize::from),
            TargetKind::Topic => self.topics.position(|x| x.name == name).map(usize::from),
            TargetKind::Producer => self.producers.position(|x| x.name == name).map(usize::from),
            TargetKind::Group => self.groups.position(|x| x.name == name).map(usize::from),
            TargetKind::Instance | TargetKind::BrokerNode | TargetKind::Replica => None,
        }
    }

    fn replicas(&self, service: usize) -> u32 {
        self.services[ServiceId::from(service)].replicas().len() as u32
    }

    fn instance_slots(&self, group: usize) -> u32 {
        let group = &self.groups[GroupId::from(group)];
        let most = group.config.autoscale.as_ref().map_or(0, |a| a.max);
        (group.instances.len() as u32).max(most)
    }

    fn broker_nodes(&self) -> u32 {
        self.broker.nodes.len() as u32
    }
}
