//! Live changes applied at the current virtual time.

use super::*;
use crate::engine::command::{ComponentKind, DeadLetterStore};
use crate::scenario::limits::{MAX_INSTANCES, MAX_TOTAL_INSTANCES, instances_counted};

impl Simulation {
    /// Applies `command` now; returns the component it concerns and what it did, for the
    /// event log. Parameter changes go through `change_parameters` (the `reconfigure` room).
    pub(super) fn apply_inner(&mut self, command: &Command) -> Result<(String, LogText), CommandError> {
        let unknown = |kind, name: &str| CommandError::UnknownComponent { kind, name: name.to_string() };
        let text = match command {
            Command::Set { .. }
            | Command::SetArrivalRate { .. }
            | Command::SetConcurrency { .. }
            | Command::SetServiceErrors { .. }
            | Command::SetServiceLatency { .. } => return self.change_parameters(command),
            Command::Reseed { seed } => {
                self.reseed_streams(*seed);
                LogText::Reseeded { seed: *seed }
            }
            Command::InjectFault { target, kind, duration } => self.inject_fault(target, *kind, *duration)?,
            Command::RecoverNow { target } => self.recover_now(target)?,
            Command::ScaleGroup { group, instances } => {
                let g = self
                    .groups
                    .position(|g| g.name == *group)
                    .ok_or_else(|| unknown(ComponentKind::ConsumerGroup, group))?;
                if *instances == 0 || *instances > MAX_INSTANCES {
                    return Err(CommandError::InstancesOutOfRange { instances: *instances });
                }
                // Validation's rule (`limits::instances_counted`): each group at the most it
                // may hold, its autoscaler's max included, the others at the slots they have.
                let autoscale_max = |group: &Group| group.config.autoscale.as_ref().map(|a| a.max);
                let elsewhere: u64 = self
                    .groups
                    .iter_enumerated()
                    .filter(|&(other, _)| other != g)
                    .map(|(_, group)| instances_counted(group.instances.len() as u32, autoscale_max(group)))
                    .sum();
                let here = instances_counted(*instances, autoscale_max(&self.groups[g]));
                if elsewhere + here > MAX_TOTAL_INSTANCES {
                    return Err(CommandError::TooManyInstances { instances: *instances, counted: here, elsewhere });
                }
                let from = self.groups[g].provisioned_instances();
                self.scale_to(g, *instances, ScaleCause::Command);
                LogText::ScaledByCommand { from: u64::from(from), to: u64::from(*instances) }
            }
            Command::SetBreakerState { group, service, state } => {
                // `group` names the caller: a group, or a service or client calling downstream.
                let caller = self.caller_named(group).ok_or_else(|| unknown(ComponentKind::Caller, group))?;
                let s = self
                    .services
                    .position(|s| s.name == *service)
                    .ok_or_else(|| unknown(ComponentKind::Service, service))?;
                let guards = match caller {
                    CallerName::Group(g) => self.groups[g].policies.guards.breaker_to(s),
                    CallerName::Service(c) => self.services[c].downstream.guards.breaker_to(s),
                    CallerName::Client(c) => self.clients[c].downstream.guards.breaker_to(s),
                };
                let Some(k) = guards else {
                    return Err(CommandError::NoBreakerOnCalls { caller: group.clone(), service: service.clone() });
                };
                let now = self.now;
                let Some(breaker) = self.breaker_mut(caller, k) else {
                    return Err(CommandError::NoBreaker { caller: group.clone() });
                };
                let from = breaker.state();
                match breaker.transition_to(now, *state) {
                    Some(t) => self.breaker_transitioned(caller, k, t),
                    None => {
                        let name = self.breaker_name(caller, k);
                        self.log.push(now, Severity::Info, name, LogText::BreakerReset { state: from });
                    }
                }
                LogText::BreakerSet { service: service.clone(), state: *state }
            }
            Command::Redrive { from, select, loop_guard } => {
                let r = self.redrive(from, *select, *loop_guard)?;
                LogText::Redriven {
                    selected: r.selected,
                    redriven: r.redriven,
                    guarded: r.guarded,
                    loop_guard: u64::from(*loop_guard),
                    refused: r.refused,
                }
            }
            Command::ResetOffsets { group, to } => {
                let r = self.reset_offsets(group, *to)?;
                LogText::OffsetsReset { to: describe_reset(*to), replayed: r.replayed, skipped: r.skipped }
            }
            Command::AddPartitions { topic, partitions } => {
                let (from, keys) = self.add_partitions(topic, *partitions)?;
                LogText::PartitionsAdded {
                    from: u64::from(from),
                    to: u64::from(*partitions),
                    keys: keys.keys,
                    moved: keys.moved,
                    hazards: keys.hazards,
                }
            }
        };
        Ok((command_target(command), text))
    }
}

pub(super) fn command_target(command: &Command) -> String {
    match command {
        Command::Set { path, .. } => path.clone(),
        Command::Reseed { .. } => "scenario".to_string(),
        Command::SetArrivalRate { producer, .. } => producer.clone(),
        Command::SetConcurrency { group, .. } => group.clone(),
        Command::SetServiceErrors { service, .. } | Command::SetServiceLatency { service, .. } => service.clone(),
        Command::InjectFault { target, .. } | Command::RecoverNow { target } => target.clone(),
        Command::ScaleGroup { group, .. } => group.clone(),
        Command::SetBreakerState { group, service, .. } => format!("{group}:{service}"),
        Command::Redrive { from: DeadLetterStore::Topic(name) | DeadLetterStore::ParkingLot(name), .. } => name.clone(),
        Command::ResetOffsets { group, .. } => group.clone(),
        Command::AddPartitions { topic, .. } => topic.clone(),
    }
}

/// Where a reset goes, as a scenario writes it (`Earliest`, `Time("30s")`, `Shift(-5)`).
pub fn describe_reset(to: crate::scenario::OffsetReset) -> String {
    use crate::scenario::OffsetReset;
    match to {
        OffsetReset::Earliest => "Earliest".to_string(),
        OffsetReset::Latest => "Latest".to_string(),
        OffsetReset::Time(at) => format!("Time(\"{at}\")"),
        OffsetReset::Shift(n) => format!("Shift({n})"),
    }
}
