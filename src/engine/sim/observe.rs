//! Observing failures: alert rules evaluated at every sample, and which alerts detect
//! or diagnose which component's incidents.

use super::*;
use crate::scenario::fault_rules::resolve_target;

/// What one sample interval looked like for a group (computed by `on_sample`).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct GroupSample {
    pub failure_rate: f64,
    pub p95_ms: f64,
    pub lag: u64,
}

/// The threshold an alert condition compares against (latencies in milliseconds, as the
/// metric is measured) and how long it must hold.
pub(super) fn threshold_of(condition: &AlertCondition) -> (f64, SimDuration) {
    match condition {
        AlertCondition::FailureRate { above, sustained_for, .. } => (*above, *sustained_for),
        AlertCondition::LatencyP95 { above, sustained_for, .. } => (above.as_millis_f64(), *sustained_for),
        AlertCondition::ConsumerLag { above, sustained_for, .. }
        | AlertCondition::Backlog { above, sustained_for, .. } => (*above as f64, *sustained_for),
        AlertCondition::Availability { below, sustained_for, .. } => (*below, *sustained_for),
    }
}

impl Simulation {
    fn group_named(&self, name: &str, field: String) -> Result<GroupId, BuildError> {
        self.groups.position(|g| g.name == *name).ok_or(BuildError::UnknownReference {
            field,
            kind: "consumer group",
            name: name.to_string(),
        })
    }

    /// The scenario's alerts with their subjects resolved.
    pub(super) fn build_alerts(&self) -> Result<Vec<AlertRule>, BuildError> {
        let mut rules = Vec::with_capacity(self.scenario.alerts.len());
        for (k, alert) in self.scenario.alerts.iter().enumerate() {
            let field = |what: &str| format!("alerts[{k}].when.{what}");
            let (subject, metric, threshold, below, sustained_for) = match &alert.when {
                AlertCondition::FailureRate { group, above, sustained_for } => {
                    let g = self.group_named(group, field("group"))?;
                    (group.clone(), AlertMetric::FailureRate { group: g }, *above, false, *sustained_for)
                }
                AlertCondition::LatencyP95 { group, above, sustained_for } => {
                    let g = self.group_named(group, field("group"))?;
                    (group.clone(), AlertMetric::LatencyP95 { group: g }, above.as_millis_f64(), false, *sustained_for)
                }
                AlertCondition::ConsumerLag { group, above, sustained_for } => {
                    let g = self.group_named(group, field("group"))?;
                    (group.clone(), AlertMetric::ConsumerLag { group: g }, *above as f64, false, *sustained_for)
                }
                AlertCondition::Backlog { topic, above, sustained_for } => {
                    let t = self.topics.position(|t| t.name == *topic).ok_or(BuildError::UnknownReference {
                        field: field("topic"),
                        kind: "topic",
                        name: topic.clone(),
                    })?;
                    (topic.clone(), AlertMetric::Backlog { topic: t }, *above as f64, false, *sustained_for)
                }
                AlertCondition::Availability { component, below, sustained_for } => {
                    // Named by the fault targets' rule (validation resolves it the same way).
                    let unit = |unit: Option<&UnitId>| unit.map(|&unit| AlertMetric::UnitAvailability { unit });
                    let metric = match resolve_target(self, component).map(Target::from) {
                        Ok(Target::Service(s)) => match &self.services[s].replicas().raw[..] {
                            [only] => unit(Some(&only.unit)),
                            _ => Some(AlertMetric::ServiceAvailability { service: s }),
                        },
                        Ok(Target::Replica { service, replica }) => {
                            unit(self.services[service].replicas().get(replica).map(|r| &r.unit))
                        }
                        Ok(Target::Node(n)) => unit(self.broker.nodes.get(n).map(|node| &node.unit)),
                        Ok(Target::Instance { group, instance }) => {
                            unit(self.groups[group].recovery.slot_units.get(usize::from(instance)))
                        }
                        Ok(Target::Group(g)) => Some(AlertMetric::GroupAvailability { group: g }),
                        Ok(Target::Topic(_) | Target::Producer(_)) | Err(_) => None,
                    };
                    let metric = metric.ok_or(BuildError::UnknownReference {
                        field: field("component"),
                        kind: "component (service, consumer group, instance `group/N` or `broker/N`)",
                        name: component.clone(),
                    })?;
                    (component.clone(), metric, *below, true, *sustained_for)
                }
            };
            let mut rule = AlertRule::new(alert.name.clone(), subject, metric, threshold, below, sustained_for);
            rule.on_fire = alert.action.clone();
            rule.on_resolve = alert.on_resolve.clone();
            rules.push(rule);
        }
        Ok(rules)
    }

    /// Evaluates every alert rule at the end of a sample interval. `fractions` are the
    /// units' up shares of the interval.
    pub(super) fn evaluate_alerts(
        &mut self,
        samples: &TiSlice<GroupId, GroupSample>,
        fractions: &TiSlice<UnitId, f64>,
    ) {
        for k in 0..self.alerts.len() {
            let value = match self.alerts[k].metric {
                AlertMetric::FailureRate { group } => samples[group].failure_rate,
                AlertMetric::LatencyP95 { group } => samples[group].p95_ms,
                AlertMetric::ConsumerLag { group } => samples[group].lag as f64,
                AlertMetric::Backlog { topic } => self.deepest_backlog(topic) as f64,
                AlertMetric::UnitAvailability { unit } => fractions[unit],
                AlertMetric::GroupAvailability { group } => {
                    let units: Vec<f64> = self.groups[group]
                        .instances
                        .iter()
                        .filter(|i| i.is_provisioned())
                        .map(|i| fractions[i.unit])
                        .collect();
                    if units.is_empty() { 0.0 } else { units.iter().sum::<f64>() / units.len() as f64 }
                }
                AlertMetric::ServiceAvailability { service } => {
                    let replicas = self.services[service].replicas();
                    replicas.iter().map(|r| fractions[r.unit]).sum::<f64>() / replicas.len().max(1) as f64
                }
            };
            let Some(change) = self.alerts[k].evaluate(self.now, value) else { continue };
            let rule = &self.alerts[k];
            let (name, subject) = (rule.name.clone(), rule.subject.clone());
            match change {
                AlertChange::Fired => {
                    let text = rule.firing(value);
                    let action = rule.on_fire.clone();
                    self.log.push(self.now, Severity::Warning, subject, text);
                    self.incidents.alert_fired(k as u32, &name, self.now);
                    if let Some(action) = action {
                        self.run_alert_action(k, &name, &action);
                    }
                }
                AlertChange::Resolved => {
                    let action = rule.on_resolve.clone();
                    self.log.push(self.now, Severity::Info, subject, LogText::AlertResolved { name: name.clone() });
                    if let Some(action) = action {
                        self.run_alert_action(k, &name, &action);
                    }
                }
            }
        }
    }

    /// Runs an alert's action as the command of the same effect, now, logged with the
    /// alert's name as its cause. Not recorded among the session's commands: the alert
    /// fires again at the same instant when the run is replayed, so recording it too would
    /// apply it twice. A command that fails (a breaker not there any more, a change that
    /// would make the scenario invalid) is logged and counted; the run goes on.
    fn run_alert_action(&mut self, k: usize, alert: &str, action: &crate::scenario::AlertAction) {
        use crate::engine::policy::BreakerState;
        use crate::scenario::AlertAction;
        let breaker = |name: &str, state: BreakerState| {
            let (caller, service) = name.split_once(':').unwrap_or((name, ""));
            Command::SetBreakerState { group: caller.to_string(), service: service.to_string(), state }
        };
        let command = match action {
            AlertAction::RestartInstance(target) => Command::RecoverNow { target: target.clone() },
            AlertAction::ScaleBy { group, by } => {
                let current = self.groups.iter().find(|g| g.name == *group).map_or(1, |g| g.provisioned_instances());
                let to = (i64::from(current) + i64::from(*by)).clamp(1, i64::from(u32::MAX)) as u32;
                Command::ScaleGroup { group: group.clone(), instances: to }
            }
            AlertAction::ScaleTo { group, instances } => {
                Command::ScaleGroup { group: group.clone(), instances: *instances }
            }
            AlertAction::ForceOpen(name) => breaker(name, BreakerState::ForcedOpen),
            AlertAction::CloseBreaker(name) => breaker(name, BreakerState::Closed),
            AlertAction::Set { path, value } => Command::Set { path: path.clone(), value: value.clone() },
        };
        let alert = alert.to_string();
        match self.apply_inner(&command) {
            Ok((target, did)) => {
                self.alerts[k].actions_run += 1;
                self.log.push(self.now, Severity::Warning, target, LogText::AlertActed { alert, did: Box::new(did) });
            }
            Err(error) => {
                self.alerts[k].actions_failed += 1;
                let error = error.to_string();
                self.log.push(self.now, Severity::Error, alert.clone(), LogText::AlertActionFailed { alert, error });
            }
        }
    }

    /// The group a group-level alert metric concerns.
    fn metric_group(metric: AlertMetric) -> Option<GroupId> {
        match metric {
            AlertMetric::FailureRate { group }
            | AlertMetric::LatencyP95 { group }
            | AlertMetric::ConsumerLag { group }
            | AlertMetric::GroupAvailability { group } => Some(group),
            AlertMetric::Backlog { .. }
            | AlertMetric::UnitAvailability { .. }
            | AlertMetric::ServiceAvailability { .. } => None,
        }
    }

    /// Alerts that relate to `component` (their firing detects its incidents) and those
    /// that name it (their firing also diagnoses them). See `incident` for the rule.
    pub(super) fn alert_links(&self, component: Target) -> (Vec<u32>, Vec<u32>) {
        // Groups and topics whose symptoms a failure of `component` shows up in.
        let mut groups: Vec<GroupId> = Vec::new();
        let mut topics: Vec<TopicId> = Vec::new();
        let consumer_of = |t: TopicId| self.queues_of(t).into_iter().filter_map(|q| self.topics[q].consumer);
        let named_unit = match component {
            Target::Service(s) => {
                groups
                    .extend(self.groups.iter_enumerated().filter(|(_, g)| g.config.calls.contains(&s)).map(|(g, _)| g));
                match &self.services[s].replicas().raw[..] {
                    [only] => Some(only.unit),
                    _ => None,
                }
            }
            Target::Replica { service, replica } => {
                groups.extend(
                    self.groups.iter_enumerated().filter(|(_, g)| g.config.calls.contains(&service)).map(|(g, _)| g),
                );
                Some(self.services[service].replicas()[replica].unit)
            }
            Target::Instance { group, instance } => {
                groups.push(group);
                self.groups[group].instances.get(instance).map(|i| i.unit)
            }
            Target::Group(g) => {
                topics.push(self.groups[g].topic);
                None
            }
            Target::Topic(t) => {
                groups.extend(consumer_of(t));
                None
            }
            Target::Producer(p) => {
                let t = self.producers[p].topic;
                topics.push(t);
                groups.extend(consumer_of(t));
                None
            }
            Target::Node(n) => {
                for i in (0..self.broker.placements.len()).filter(|&i| self.broker.holds(i, n)) {
                    let t = self.broker.placements[i].topic;
                    if topics.last() != Some(&t) {
                        topics.push(t);
                        groups.extend(consumer_of(t));
                    }
                }
                Some(self.broker.nodes[n].unit)
            }
        };
        topics.extend(groups.iter().map(|&g| self.groups[g].topic));
        let (mut related, mut naming) = (Vec::new(), Vec::new());
        for (k, rule) in self.alerts.iter().enumerate() {
            let names = match (component, rule.metric) {
                (_, AlertMetric::UnitAvailability { unit }) => Some(unit) == named_unit,
                (
                    Target::Service(s) | Target::Replica { service: s, .. },
                    AlertMetric::ServiceAvailability { service },
                ) => s == service,
                (Target::Group(g), metric) => Self::metric_group(metric) == Some(g),
                (Target::Topic(t), AlertMetric::Backlog { topic }) => topic == t,
                _ => false,
            };
            let relates = match rule.metric {
                AlertMetric::Backlog { topic } => topics.contains(&topic),
                metric => Self::metric_group(metric).is_some_and(|g| groups.contains(&g)),
            };
            if names {
                naming.push(k as u32);
            } else if relates {
                related.push(k as u32);
            }
        }
        (related, naming)
    }
}
