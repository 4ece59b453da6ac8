//! Reliability structures of a group's instances (state in `engine::standby`): standby
//! spares taking over failed active instances, a limited repair crew, common-cause
//! shocks. Only groups that configure one of them come here; the others fail and are
//! repaired as before (`faults`), drawing exactly the same numbers.
//!
//! - A stochastic failure of an instance crashes it as any failure does (its in-flight
//!   messages are orphaned and redelivered by the same path), then asks the crew for a
//!   repair: with a member free the repair time is drawn and runs now, else the instance
//!   waits, first failed first repaired, down all the while.
//! - An active slot left empty by a failure is taken by the lowest-numbered spare that is
//!   up: `switch_over` later it joins the group (a rebalance for Partitioned delivery, as
//!   a Kafka consumer joining), and from then on fails at the active rate. A cold spare
//!   does not fail while idle; a warm one fails at `factor` × the active rate.
//! - A repaired instance takes an empty active slot if there is one, else it becomes a
//!   spare. Crash and Partition faults act on instances as before and start no
//!   switch-over: standby answers the stochastic failures the reliability models are about.
//! - A common-cause shock fails every up instance of the group at once; each is then
//!   repaired with its own repair draw, subject to the crew.

use super::recovery::CrashCause;
use super::*;
use crate::engine::standby::{RepairPhase, Role};

impl Simulation {
    /// How fast the unit fails now, against its own rate: 1 for an active instance (and
    /// every other component), the warm factor for an idle spare; `None` for a cold spare,
    /// which does not fail while idle.
    pub(super) fn failure_rate_factor(&self, unit: UnitId) -> Option<f64> {
        let UnitKind::Instance { group, instance } = self.units[unit].kind else { return Some(1.0) };
        let g = &self.groups[group];
        let (Some(redundancy), Some(inst)) = (&g.redundancy, g.instances.get(instance)) else { return Some(1.0) };
        match inst.role {
            Role::Active => Some(1.0),
            Role::Spare | Role::SwitchingIn => redundancy.idle_rate_factor(),
        }
    }

    /// An instance's own failure (the event of its cycle) in a group with a structure.
    pub(super) fn structured_failure(&mut self, unit: UnitId, g: GroupId, i: InstanceId, generation: u32) {
        let Some(cycle) = &mut self.units[unit].cycle else { return };
        if !cycle.fail_awaiting_repair(generation) {
            return;
        }
        self.instance_fails(g, i);
        self.fill_active_slots(g);
    }

    /// Instance `i` has failed (its cycle knows): it crashes, gives up its slot or its
    /// place as a spare, and asks the crew for a repair.
    fn instance_fails(&mut self, g: GroupId, i: InstanceId) {
        let inst = &mut self.groups[g].instances[i];
        inst.failed = true;
        if inst.role != Role::Active {
            // A spare, or one switching in: it takes no slot now (a pending switch-over is
            // void); when repaired it is given a role again.
            inst.role = Role::Spare;
            inst.role_generation = inst.role_generation.wrapping_add(1);
        }
        self.crash_instance(g, i, CrashCause::Failure);
        self.request_repair(g, i);
    }

    /// A free crew member starts on `i`, or `i` waits for one.
    fn request_repair(&mut self, g: GroupId, i: InstanceId) {
        let now = self.now;
        let group = &mut self.groups[g];
        let Some(redundancy) = &mut group.redundancy else { return };
        if redundancy.crew_free() {
            return self.start_repair(g, i);
        }
        redundancy.waiting.push_back((i, now));
        redundancy.stats.crew_waits += 1;
        group.instances[i].repair = RepairPhase::Waiting;
        let waiting = redundancy.waiting.len() as u64;
        let text = LogText::WaitingForCrew { waiting };
        self.log.push(now, Severity::Warning, self.instance_name(g, i), text);
    }

    fn start_repair(&mut self, g: GroupId, i: InstanceId) {
        let group = &mut self.groups[g];
        let Some(redundancy) = &mut group.redundancy else { return };
        redundancy.under_repair += 1;
        let inst = &mut group.instances[i];
        inst.repair = RepairPhase::InRepair;
        let unit = inst.unit;
        let Some(cycle) = &mut self.units[unit].cycle else { return };
        let (at, generation) = cycle.repair_from(self.now);
        self.queue.schedule(at, Event::UnitRepaired { unit, generation });
    }

    /// `i` leaves the crew's hands (repaired, by its crew or by command, or scaled in);
    /// a freed crew member starts on the next instance waiting.
    pub(super) fn forget_repair(&mut self, g: GroupId, i: InstanceId) {
        let group = &mut self.groups[g];
        let Some(redundancy) = &mut group.redundancy else { return };
        match std::mem::take(&mut group.instances[i].repair) {
            RepairPhase::None => return,
            RepairPhase::Waiting => redundancy.waiting.retain(|(w, _)| *w != i),
            RepairPhase::InRepair => redundancy.under_repair = redundancy.under_repair.saturating_sub(1),
        }
        self.start_waiting_repairs(g);
    }

    /// Starts the repairs a free crew can take on, first waiting first.
    fn start_waiting_repairs(&mut self, g: GroupId) {
        loop {
            let now = self.now;
            let Some(redundancy) = &mut self.groups[g].redundancy else { return };
            if !redundancy.crew_free() {
                return;
            }
            let Some((next, since)) = redundancy.waiting.pop_front() else { return };
            redundancy.stats.crew_wait = redundancy.stats.crew_wait + (now - since);
            redundancy.stats.crew_waits_served += 1;
            self.start_repair(g, next);
        }
    }

    /// The repair of an instance of a group with a structure is done (or done by command).
    pub(super) fn structured_repair(&mut self, unit: UnitId, g: GroupId, i: InstanceId) {
        let Some(cycle) = &mut self.units[unit].cycle else { return };
        cycle.stop();
        self.forget_repair(g, i);
        let inst = &mut self.groups[g].instances[i];
        inst.failed = false;
        if inst.is_provisioned() && !inst.is_up() {
            // An empty active slot takes it; otherwise it is a spare (counted as one while
            // the slots held are counted, so that its own old slot is not).
            inst.role = Role::Spare;
            let role = if self.active_slots_held(g) < self.active_slots(g) { Role::Active } else { Role::Spare };
            let inst = &mut self.groups[g].instances[i];
            inst.role = role;
            inst.role_generation = inst.role_generation.wrapping_add(1);
            if self.crash_cause_persists(g, i) {
                let name = self.units[unit].name.clone();
                self.log.push(self.now, Severity::Warning, name, LogText::RepairedButCrashed);
            } else {
                let by = if role == Role::Active { "repaired" } else { "repaired, on standby" };
                self.restart_instance(g, i, by);
            }
        }
        self.schedule_unit_failure(unit);
        self.fill_active_slots(g);
    }

    /// Active slots of the group now.
    fn active_slots(&self, g: GroupId) -> u32 {
        let group = &self.groups[g];
        group.redundancy.as_ref().map_or(0, |r| r.active_slots(group.provisioned_instances()))
    }

    /// Active slots held: by an active instance not failed, or a spare switching in.
    fn active_slots_held(&self, g: GroupId) -> u32 {
        let held = |inst: &Instance| inst.is_provisioned() && !inst.failed && inst.role != Role::Spare;
        self.groups[g].instances.iter().filter(|inst| held(inst)).count() as u32
    }

    /// Spares that are up take over the active slots left empty, lowest number first.
    pub(super) fn fill_active_slots(&mut self, g: GroupId) {
        if self.groups[g].redundancy.is_none() {
            return;
        }
        let slots = self.active_slots(g);
        let mut held = self.active_slots_held(g);
        while held < slots {
            let ready = |inst: &Instance| {
                inst.is_provisioned() && !inst.failed && inst.role == Role::Spare && inst.is_available()
            };
            let Some(i) = self.groups[g].instances.position(ready) else { break };
            self.begin_switch_over(g, i);
            held += 1;
        }
        self.refresh_serving(g);
    }

    fn begin_switch_over(&mut self, g: GroupId, i: InstanceId) {
        let group = &mut self.groups[g];
        let Some(redundancy) = &mut group.redundancy else { return };
        redundancy.stats.switch_overs += 1;
        let after = redundancy.switch_over;
        let inst = &mut group.instances[i];
        inst.role = Role::SwitchingIn;
        inst.role_generation = inst.role_generation.wrapping_add(1);
        let generation = inst.role_generation;
        self.log.push(self.now, Severity::Info, self.instance_name(g, i), LogText::SwitchingIn { after });
        if after == SimDuration::ZERO {
            self.on_switch_over_done(g, i, generation);
        } else {
            self.queue.schedule(self.now + after, Event::SwitchOverDone { group: g, instance: i, generation });
        }
    }

    /// The spare takes its slot: it joins the group and from now on fails as an active
    /// instance does.
    pub(super) fn on_switch_over_done(&mut self, g: GroupId, i: InstanceId, generation: u32) {
        let inst = &mut self.groups[g].instances[i];
        if inst.role_generation != generation || inst.role != Role::SwitchingIn || inst.failed {
            return;
        }
        inst.role = Role::Active;
        inst.role_generation = inst.role_generation.wrapping_add(1);
        let unit = inst.unit;
        if let Some(cycle) = &mut self.units[unit].cycle {
            // Its idle failure time (none for a cold spare) is replaced by an active one:
            // exact for exponential times, which have no memory.
            cycle.forget_pending();
        }
        self.schedule_unit_failure(unit);
        self.try_join(g, i, "spare switched in");
        self.refresh_serving(g);
    }

    /// Draws the time to the group's next common-cause shock, if it has them.
    pub(super) fn schedule_common_cause_shock(&mut self, g: GroupId) {
        let Some((sampler, rng)) = self.groups[g].redundancy.as_mut().and_then(|r| r.shocks.as_mut()) else {
            return;
        };
        let gap = SimDuration(sampler.sample(rng).0.max(1));
        self.queue.schedule(self.now + gap, Event::CommonCauseShock { group: g });
    }

    /// A shock fails every up instance at once (spares too); each then waits for its own
    /// repair.
    pub(super) fn on_common_cause_shock(&mut self, g: GroupId) {
        let hit: Vec<InstanceId> = self.groups[g]
            .instances
            .iter_enumerated()
            .filter(|(_, inst)| inst.is_provisioned() && inst.is_up() && !inst.failed)
            .map(|(i, _)| i)
            .collect();
        // Every victim fails before any is handled, so no spare is switched in between.
        let mut failed = Vec::with_capacity(hit.len());
        for &i in &hit {
            let unit = self.groups[g].instances[i].unit;
            if self.units[unit].cycle.as_mut().is_some_and(|c| c.fail_now()) {
                self.groups[g].instances[i].failed = true;
                failed.push(i);
            }
        }
        if let Some(redundancy) = &mut self.groups[g].redundancy {
            redundancy.stats.shocks += 1;
            redundancy.stats.shock_failures += failed.len() as u64;
        }
        let name = self.groups[g].name.clone();
        self.log.push(self.now, Severity::Error, name, LogText::CommonCauseShock { down: failed.len() as u64 });
        for i in failed {
            self.instance_fails(g, i);
        }
        self.fill_active_slots(g);
        self.schedule_common_cause_shock(g);
    }

    /// The serving watch learns how many active slots serve now.
    pub(super) fn refresh_serving(&mut self, g: GroupId) {
        let now = self.now;
        let group = &mut self.groups[g];
        let Some(redundancy) = &mut group.redundancy else { return };
        let serving = group
            .instances
            .iter()
            .filter(|inst| inst.is_provisioned() && inst.role == Role::Active && !inst.failed && inst.is_available())
            .count();
        redundancy.serving.set(serving, now);
    }
}
