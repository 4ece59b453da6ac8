//! Live changes applied at the current virtual time.

use super::*;
use crate::engine::command::DeadLetterStore;

impl Simulation {
    pub(super) fn apply_inner(&mut self, command: &Command) -> Result<String, CommandError> {
        let unknown = |kind, name: &str| CommandError::UnknownComponent { kind, name: name.to_string() };
        match command {
            Command::SetArrivalRate { producer, per_second } => {
                let p = find(self.producers.iter().map(|p| p.name.clone()), producer)
                    .ok_or_else(|| unknown("producer", producer))?;
                if !per_second.is_finite() || *per_second < 0.0 {
                    return Err(CommandError::InvalidValue(format!(
                        "rate must be a finite number ≥ 0, got {per_second}"
                    )));
                }
                let prod = &mut self.producers[p as usize];
                let spec = match prod.arrivals.spec().clone() {
                    Arrivals::Constant { .. } => Arrivals::Constant { per_second: *per_second },
                    Arrivals::Poisson { .. } => Arrivals::Poisson { per_second: *per_second },
                    Arrivals::Bursty { on, off, .. } => Arrivals::Bursty { per_second: *per_second, on, off },
                    _ => {
                        return Err(CommandError::Unsupported(format!(
                            "producer `{producer}` has a time-varying arrival process; its rate cannot be set to one value"
                        )));
                    }
                };
                prod.arrivals.replace(spec, self.now);
                prod.arrival_generation = prod.arrival_generation.wrapping_add(1);
                if prod.blocked.is_none() {
                    self.schedule_next_arrival(p);
                }
                Ok(format!("rate set to {per_second}/s"))
            }
            Command::SetConcurrency { group, concurrency } => {
                let g = find(self.groups.iter().map(|g| g.name.clone()), group)
                    .ok_or_else(|| unknown("consumer group", group))?;
                if *concurrency == 0 {
                    return Err(CommandError::InvalidValue("concurrency must be at least 1".into()));
                }
                self.groups[g as usize].concurrency = *concurrency;
                for i in 0..self.groups[g as usize].instances.len() as u32 {
                    self.pump(g, i);
                }
                Ok(format!("concurrency set to {concurrency}"))
            }
            Command::SetServiceErrors { service, errors } => {
                let s = find(self.services.iter().map(|s| s.name.clone()), service)
                    .ok_or_else(|| unknown("service", service))?;
                let ps = [errors.transient, errors.business, errors.fatal];
                if ps.iter().any(|p| !(0.0..=1.0).contains(p)) || ps.iter().sum::<f64>() > 1.0 + 1e-12 {
                    return Err(CommandError::InvalidValue(
                        "error probabilities must lie in [0, 1] and sum to at most 1".into(),
                    ));
                }
                self.services[s as usize].errors = *errors;
                Ok(format!(
                    "errors set to transient {} business {} fatal {}",
                    errors.transient, errors.business, errors.fatal
                ))
            }
            Command::SetServiceLatency { service, latency } => {
                let s = find(self.services.iter().map(|s| s.name.clone()), service)
                    .ok_or_else(|| unknown("service", service))?;
                self.services[s as usize].latency = DurationSampler::new(latency);
                Ok(format!("latency set to {latency:?}"))
            }
            Command::InjectFault { target, kind, duration } => self.inject_fault(target, *kind, *duration),
            Command::RecoverNow { target } => self.recover_now(target),
            Command::ScaleGroup { group, instances } => {
                let g = find(self.groups.iter().map(|g| g.name.clone()), group)
                    .ok_or_else(|| unknown("consumer group", group))?;
                if *instances == 0 || *instances > MAX_INSTANCES {
                    return Err(CommandError::InvalidValue(format!(
                        "instances must lie in 1..={MAX_INSTANCES}, got {instances}"
                    )));
                }
                let from = self.groups[g as usize].provisioned_instances();
                self.scale_to(g, *instances, "command");
                Ok(format!("scaled from {from} to {instances} instances"))
            }
            Command::SetBreakerState { group, service, state } => {
                let g = find(self.groups.iter().map(|g| g.name.clone()), group)
                    .ok_or_else(|| unknown("consumer group", group))?;
                let s = find(self.services.iter().map(|s| s.name.clone()), service)
                    .ok_or_else(|| unknown("service", service))?;
                let k = self.groups[g as usize]
                    .guards
                    .iter()
                    .position(|guard| guard.service == s && guard.breaker.is_some());
                let Some(k) = k else {
                    return Err(CommandError::Unsupported(format!(
                        "group `{group}` has no circuit breaker on its calls to `{service}`"
                    )));
                };
                let now = self.now;
                let Some(breaker) = self.groups[g as usize].guards[k].breaker.as_mut() else {
                    return Err(CommandError::Unsupported(format!("group `{group}` has no circuit breaker")));
                };
                let from = breaker.state();
                match breaker.transition_to(now, *state) {
                    Some(t) => self.breaker_transitioned(g, k as u32, t),
                    None => {
                        let name = self.breaker_name(g, k as u32);
                        self.log.push(now, Severity::Info, name, format!("{from} reset"));
                    }
                }
                Ok(format!("circuit breaker to `{service}` set to {state}", state = state.name()))
            }
            Command::Redrive { from, select, loop_guard } => {
                let r = self.redrive(from, *select, *loop_guard)?;
                Ok(format!(
                    "redrive: {} selected, {} republished, {} parked by the loop guard (dead-lettered more than {loop_guard} times), {} left in place (refused)",
                    r.selected, r.redriven, r.guarded, r.refused
                ))
            }
        }
    }
}

/// Most instances a group may be scaled to by command.
pub const MAX_INSTANCES: u32 = 10_000;

pub(super) fn command_target(command: &Command) -> String {
    match command {
        Command::SetArrivalRate { producer, .. } => producer.clone(),
        Command::SetConcurrency { group, .. } => group.clone(),
        Command::SetServiceErrors { service, .. } | Command::SetServiceLatency { service, .. } => service.clone(),
        Command::InjectFault { target, .. } | Command::RecoverNow { target } => target.clone(),
        Command::ScaleGroup { group, .. } => group.clone(),
        Command::SetBreakerState { group, service, .. } => format!("{group}:{service}"),
        Command::Redrive { from: DeadLetterStore::Topic(name) | DeadLetterStore::ParkingLot(name), .. } => name.clone(),
    }
}
