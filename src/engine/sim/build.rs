//! Building a simulation from a validated scenario, in the order a reader would explain
//! it: the components, the wiring between them (names resolved to typed ids), the
//! availability units, the random streams (every one set from its name, by the one list
//! in `for_each_stream`), and the first events.

use super::*;
use crate::engine::event_types::EventTypes;
use crate::engine::flow::{EmitRule, GroupFlow, TypeSet};
use crate::engine::rng::{seed_with, unseeded};
use crate::engine::saga::{PlannedCommand, PlannedStep, StepAction};
use crate::scenario::wiring;

/// The components of a scenario with their references resolved, before they are put
/// together into a simulation.
struct Components {
    topics: TiVec<TopicId, Topic>,
    services: TiVec<ServiceId, Service>,
    groups: TiVec<GroupId, Group>,
    producers: TiVec<ProducerId, Producer>,
    clients: TiVec<ClientId, Client>,
    sagas: TiVec<SagaId, Saga>,
    broker: Broker,
    event_types: EventTypes,
}

impl Simulation {
    /// Builds the initial state with another seed (replications, `--seed`).
    pub fn with_seed(scenario: &Scenario, seed: u64) -> Result<Simulation, BuildError> {
        let mut components = Components::build(scenario)?;
        let units = components.availability_units(scenario);
        let mut sim = Simulation::assemble(scenario, seed, components, units);
        sim.for_each_stream(&mut seed_with(seed));
        sim.start()?;
        Ok(sim)
    }

    /// The simulation at time zero, nothing scheduled yet.
    fn assemble(scenario: &Scenario, seed: u64, components: Components, units: TiVec<UnitId, Unit>) -> Simulation {
        let Components { topics, services, groups, producers, clients, sagas, broker, event_types } = components;
        let requests = broker.load.is_some() || producers.iter().any(|p| p.sender.is_some());
        let tracing = scenario.tracing.clone();
        let mut scenario = scenario.clone();
        scenario.seed = seed;
        let mut sim = Simulation {
            end: SimTime(scenario.duration.0),
            initial: scenario.clone(),
            scenario,
            seed,
            changes: Vec::new(),
            breaker_series: Vec::new(),
            now: SimTime::ZERO,
            queue: EventQueue::default(),
            producers,
            topics,
            groups,
            services,
            clients,
            sagas,
            saga_commands: std::collections::BTreeMap::new(),
            event_types,
            tracer: tracing.as_ref().map(Tracer::new),
            ledger: Ledger::default(),
            processed_within_objective: 0,
            latency: LatencyStats::new(),
            interval_latency: IntervalLatency::default(),
            interval: IntervalCounters::default(),
            last_sample_at: SimTime::ZERO,
            peak_processed_per_s: 0.0,
            measured_from: SimTime::ZERO,
            processed_before_measurement: 0,
            row: Vec::new(),
            history: History::new(Vec::new(), History::DEFAULT_CAPACITY_ROWS),
            log: EventLog::default(),
            commands: Vec::new(),
            next_message_id: 0,
            events_handled: 0,
            requests,
            broker,
            units,
            watches: Vec::new(),
            structures: Vec::new(),
            faults: TiVec::new(),
            active_faults: Vec::new(),
            incidents: Incidents::default(),
            alerts: Vec::new(),
            scratch: Vec::new(),
            group_samples: TiVec::new(),
            unit_fractions: TiVec::new(),
            halt: None,
            held_limit: MAX_MESSAGES_HELD,
        };
        sim.breaker_series = sim.breaker_keys();
        sim.history = History::new(sim.series_specs(), History::DEFAULT_CAPACITY_ROWS);
        sim.structures = sim.build_structures();
        sim
    }

    /// The first events: each producer's first arrival, the first sample, the scenario's
    /// faults and alerts, the stochastic failures and the groups' timers.
    fn start(&mut self) -> Result<(), BuildError> {
        for p in self.producers.keys() {
            self.schedule_next_arrival(p);
        }
        for k in self.clients.keys() {
            // Each caller of a finite population starts thinking at time zero.
            let callers = self.clients[k].arrivals.closed_loop_sources().unwrap_or(1);
            for _ in 0..callers {
                self.schedule_next_request(k);
            }
        }
        self.queue.schedule(SimTime::ZERO + self.sample_every(), Event::Sample);
        self.alerts = self.build_alerts()?;
        self.schedule_scenario_faults()?;
        for unit in self.units.keys() {
            if self.units[unit].availability.is_observed() {
                self.schedule_unit_failure(unit);
            }
        }
        for s in self.services.keys() {
            self.arm_service_probes(s);
        }
        for g in self.groups.keys() {
            self.schedule_group_timers(g);
            self.schedule_common_cause_shock(g);
            self.schedule_backup(g);
        }
        let pending = self.not_yet_modelled();
        if !pending.is_empty() {
            let fields = pending.into_iter().map(String::from).collect();
            self.log.push(SimTime::ZERO, Severity::Warning, "scenario", LogText::NotSimulated { fields });
        }
        Ok(())
    }

    /// Visits every random stream the simulation owns, with its name: each component lists
    /// its own. Building sets them all from here, and `Reseed` re-derives them from here,
    /// so a stream cannot be set at build and forgotten by a fork's replications.
    pub(super) fn for_each_stream(&mut self, visit: &mut dyn FnMut(StreamOf<'_>, &mut Stream)) {
        for s in &mut self.services {
            s.for_each_stream(visit);
        }
        for t in &mut self.topics {
            t.for_each_stream(visit);
        }
        for g in &mut self.groups {
            g.for_each_stream(visit);
        }
        for p in &mut self.producers {
            p.for_each_stream(visit);
        }
        for k in &mut self.clients {
            k.for_each_stream(visit);
        }
        for saga in &mut self.sagas {
            saga.for_each_stream(visit);
        }
        for u in &mut self.units {
            u.for_each_stream(visit);
        }
        self.broker.for_each_stream(visit);
    }
}

impl Components {
    /// The components, with every reference between them resolved to an id.
    fn build(scenario: &Scenario) -> Result<Components, BuildError> {
        let event_types = EventTypes::of(scenario);
        let mut topics = build_topics(scenario)?;
        let services = build_services(scenario)?;
        let mut groups = build_groups(scenario, &mut topics, &event_types)?;
        let sagas = build_sagas(scenario, &mut groups, &event_types)?;
        let producers = build_producers(scenario, &event_types)?;
        for (t, topic) in topics.iter_enumerated() {
            let used = topic.consumer.is_some() || producers.iter().any(|p| p.topic == t);
            if topic.is_dead_letter_target() && used {
                return Err(BuildError::Unsupported(format!(
                    "topic `{}` is a dead-letter target and is also produced to or consumed; dead-letter topics hold dead letters (use redrive to replay them)",
                    topic.name
                )));
            }
        }
        let placed: Vec<Option<u32>> =
            topics.iter().map(|t| t.places_partitions().then_some(t.partitions.len() as u32)).collect();
        let broker = Broker::new(&scenario.broker, &placed);
        let clients = build_clients(scenario, &event_types)?;
        Ok(Components { topics, services, groups, producers, clients, sagas, broker, event_types })
    }

    /// Availability units: services (each replica, named like it), then broker nodes, then
    /// consumer instance slots, each component told its unit.
    fn availability_units(&mut self, scenario: &Scenario) -> TiVec<UnitId, Unit> {
        let mut units: TiVec<UnitId, Unit> = TiVec::new();
        for (s, spec) in scenario.services.iter().enumerate() {
            let s = ServiceId::from(s);
            for r in self.services[s].replicas().keys() {
                self.services[s].assign_unit(r, units.next_key());
                let name = self.services[s].replicas()[r].name().to_string();
                let kind = UnitKind::Service { service: s, replica: r };
                units.push(make_unit(name, kind, spec.failures.as_ref(), SimTime::ZERO));
            }
        }
        let broker = &mut self.broker;
        for n in broker.nodes.keys() {
            broker.nodes[n].unit = units.next_key();
            let name = broker.nodes[n].name.clone();
            units.push(make_unit(name, UnitKind::Node(n), scenario.broker.failures.as_ref(), SimTime::ZERO));
        }
        // Every instance slot the group may ever have gets its unit now (the autoscaler's
        // future instances too, unobserved until provisioned), so alerts can name them.
        for (g, group) in self.groups.iter_mut_enumerated() {
            let slots = group.instances.len().max(group.config.autoscale.as_ref().map_or(0, |a| a.max as usize));
            for i in (0..slots).map(InstanceId::from) {
                let kind = UnitKind::Instance { group: g, instance: i };
                let name = format!("{}/{}", group.name, i.get() + 1);
                let mut unit = make_unit(name, kind, group.config.failures.as_ref(), SimTime::ZERO);
                match group.instances.get_mut(i) {
                    Some(instance) => instance.unit = units.next_key(),
                    None => unit.availability.suspend(SimTime::ZERO),
                }
                group.recovery.slot_units.push(units.next_key());
                units.push(unit);
            }
        }
        units
    }
}

/// The id of the topic named `name`, or where the unknown name was written.
fn topic_named(scenario: &Scenario, field: String, name: &str) -> Result<TopicId, BuildError> {
    scenario.topics.iter().position(|t| t.name == name).map(TopicId::from).ok_or(BuildError::UnknownReference {
        field,
        kind: "topic",
        name: name.to_string(),
    })
}

/// The ids of the services `names` (the list at `field`), or where an unknown one was
/// written.
fn services_named(scenario: &Scenario, field: &str, names: &[String]) -> Result<Vec<ServiceId>, BuildError> {
    names
        .iter()
        .enumerate()
        .map(|(c, name)| {
            scenario.services.iter().position(|s| s.name == *name).map(ServiceId::from).ok_or_else(|| {
                BuildError::UnknownReference { field: format!("{field}[{c}]"), kind: "service", name: name.clone() }
            })
        })
        .collect()
}

fn build_topics(scenario: &Scenario) -> Result<TiVec<TopicId, Topic>, BuildError> {
    let mut topics: TiVec<TopicId, Topic> = TiVec::with_capacity(scenario.topics.len());
    for (i, spec) in scenario.topics.iter().enumerate() {
        let expired_to = match &spec.expired_to {
            Some(name) => Some(topic_named(scenario, format!("topics[{i}].expired_to"), name)?),
            None => None,
        };
        topics.push(Topic::new(spec, expired_to));
    }
    for t in topics.keys() {
        if let Some(target) = topics[t].expired_to {
            topics[target].mark_dead_letter_target();
        }
    }
    Ok(topics)
}

/// The groups, each told its topic, the services it calls and where it gives up; their
/// topics learn their consumer, and dead-letter topics that they are one.
fn build_groups(
    scenario: &Scenario,
    topics: &mut TiVec<TopicId, Topic>,
    types: &EventTypes,
) -> Result<TiVec<GroupId, Group>, BuildError> {
    if scenario.max_hops.is_none()
        && let Some(cycle) = wiring::emit_cycles(scenario).first()
    {
        return Err(BuildError::Unsupported(format!(
            "consumers[{}].handler.emits[{}]: emits form a cycle with no end ({}); set max_hops",
            cycle.group,
            cycle.emit,
            cycle.path.join(" → ")
        )));
    }
    let mut groups: TiVec<GroupId, Group> = TiVec::with_capacity(scenario.consumers.len());
    for (g, spec) in scenario.consumers.iter().enumerate() {
        let named = topic_named(scenario, format!("consumers[{g}].topic"), &spec.topic)?;
        // The first group reads the topic itself; each further one gets its own queue of
        // it (fan-out), appended after the scenario's topics so their ids do not move.
        let topic = if topics[named].consumer.is_none() {
            named
        } else {
            let queue = topics.push_and_get_key(Topic::subscriber_queue(&topics[named], named));
            topics[named].add_subscriber_queue(queue);
            queue
        };
        topics[topic].consumer = Some(GroupId::from(g));
        let calls = match scenario.sagas.iter().position(|saga| saga.coordinator == spec.name) {
            Some(k) => saga_stages(scenario, k)?,
            None => services_named(scenario, &format!("consumers[{g}].handler.calls"), &spec.handler.calls)?,
        };
        let on_exhausted = match &spec.on_exhausted {
            OnExhausted::DeadLetter(name) => {
                let t = topic_named(scenario, format!("consumers[{g}].on_exhausted"), name)?;
                topics[t].mark_dead_letter_target();
                ExhaustTarget::DeadLetter(t)
            }
            OnExhausted::Drop => ExhaustTarget::Drop,
            OnExhausted::Park => ExhaustTarget::Park,
        };
        if let Some(limit) = &spec.rate_limit {
            if !(limit.per_second.is_finite() && limit.per_second > 0.0) {
                return Err(BuildError::Unsupported(format!(
                    "consumers[{g}].rate_limit.per_second: must be a finite number > 0, got {}",
                    limit.per_second
                )));
            }
            if wiring::overflow_has_nowhere_to_go(limit, &spec.on_exhausted) {
                return Err(BuildError::Unsupported(format!(
                    "consumers[{g}].rate_limit.overflow: DeadLetter needs on_exhausted: DeadLetter(topic) or Park"
                )));
            }
        }
        let mut emits = Vec::with_capacity(spec.handler.emits.len());
        for (e, emit) in spec.handler.emits.iter().enumerate() {
            let to = topic_named(scenario, format!("consumers[{g}].handler.emits[{e}].topic"), &emit.topic)?;
            emits.push(EmitRule::new(emit, to, types));
        }
        let partitions = topics[topic].partitions.len() as u32;
        let mut group = Group::new(spec, topic, partitions, calls, on_exhausted);
        if topics[topic].has_priorities() {
            group.queueing.waits_by_class = vec![(0, 0); topics[topic].priority_classes()];
        }
        group.flow = GroupFlow::new(spec.filter.as_deref(), emits, types);
        group.flow.emits_before_success = spec.handler.on_emit_refused == crate::scenario::OnEmitRefused::FailAttempt;
        groups.push(group);
    }
    Ok(groups)
}

/// The call stages of saga `k`'s coordinator: each calling step's service in step order
/// (a command step has no call stage), then the compensations of the steps that have one,
/// in step order (see `engine::saga`).
fn saga_stages(scenario: &Scenario, k: usize) -> Result<Vec<ServiceId>, BuildError> {
    let saga = &scenario.sagas[k];
    if saga.steps.len() > crate::scenario::limits::MAX_SAGA_STEPS {
        return Err(BuildError::Unsupported(format!(
            "sagas[{k}].steps: more than {} steps",
            crate::scenario::limits::MAX_SAGA_STEPS
        )));
    }
    let calls: Vec<String> = saga.steps.iter().filter_map(|step| step.call.clone()).collect();
    let compensations: Vec<String> = saga.steps.iter().filter_map(|step| step.compensate.clone()).collect();
    let mut stages = services_named(scenario, &format!("sagas[{k}].steps.call"), &calls)?;
    stages.extend(services_named(scenario, &format!("sagas[{k}].steps.compensate"), &compensations)?);
    Ok(stages)
}

/// The sagas, each with its coordinator group told that it coordinates it.
fn build_sagas(
    scenario: &Scenario,
    groups: &mut TiVec<GroupId, Group>,
    types: &EventTypes,
) -> Result<TiVec<SagaId, Saga>, BuildError> {
    if let Some(cycle) = wiring::command_cycle(scenario) {
        return Err(BuildError::Unsupported(format!(
            "sagas[{}].steps[{}].command.topic: the command leads back to the coordinator's topic ({})",
            cycle.saga,
            cycle.step,
            cycle.path.join(" → ")
        )));
    }
    let mut sagas: TiVec<SagaId, Saga> = TiVec::with_capacity(scenario.sagas.len());
    for (k, spec) in scenario.sagas.iter().enumerate() {
        let g =
            scenario.consumers.iter().position(|c| c.name == spec.coordinator).map(GroupId::from).ok_or_else(|| {
                BuildError::UnknownReference {
                    field: format!("sagas[{k}].coordinator"),
                    kind: "consumer group",
                    name: spec.coordinator.clone(),
                }
            })?;
        if groups[g].saga.is_some() {
            return Err(BuildError::Unsupported(format!(
                "sagas[{k}].coordinator: `{}` coordinates another saga already",
                spec.coordinator
            )));
        }
        // The stages as `saga_stages` laid them out in the coordinator's calls.
        let stages = saga_stages(scenario, k)?;
        let mut next_call = 0;
        let mut next_compensation = spec.steps.iter().filter(|step| step.call.is_some()).count();
        let n = spec.steps.len();
        let mut steps = Vec::with_capacity(n);
        for (i, step) in spec.steps.iter().enumerate() {
            let compensate = step.compensate.as_ref().map(|_| {
                let stage = next_compensation;
                next_compensation += 1;
                (stage as u32, stages[stage])
            });
            let only_for = step.only_for.as_ref().map(|names| {
                let mut set = TypeSet::default();
                for name in names {
                    set.insert(types.id(name));
                }
                set
            });
            let action = match (&step.call, &step.command) {
                (Some(_), None) => {
                    let stage = next_call;
                    next_call += 1;
                    StepAction::Call { stage: stage as u32, service: stages[stage] }
                }
                (None, Some(command)) => StepAction::Command(PlannedCommand {
                    topic: command_topic(scenario, k, i, &command.topic)?,
                    event_type: command.event_type.as_deref().map(|name| types.id(name)),
                    reply_timeout: command.reply_timeout,
                }),
                (None, None) | (Some(_), Some(_)) => {
                    return Err(BuildError::Unsupported(format!(
                        "sagas[{k}].steps[{i}]: a step needs a call or a command, exactly one"
                    )));
                }
            };
            steps.push(PlannedStep {
                name: step.name.clone(),
                action,
                compensate,
                retry: crate::engine::retry::engine_retry(&step.retry),
                compensation_retry: crate::engine::retry::engine_retry(&step.compensation_retry),
                only_for,
                idempotent: step.idempotent,
            });
        }
        let pivot = spec.steps.iter().position(|step| step.pivot);
        let window = &scenario.consumers[usize::from(g)].dedup_window;
        let k = sagas.push_and_get_key(Saga::new(&spec.name, g, steps, spec.timeout, pivot, window));
        groups[g].saga = Some(k);
    }
    Ok(sagas)
}

/// The topic of step `i`'s command in saga `k`: one that exactly one group reads (its
/// participant), and not the coordinator (each command would start another saga).
fn command_topic(scenario: &Scenario, k: usize, i: usize, name: &str) -> Result<TopicId, BuildError> {
    let t = topic_named(scenario, format!("sagas[{k}].steps[{i}].command.topic"), name)?;
    let readers: Vec<&str> = scenario.consumers.iter().filter(|c| c.topic == name).map(|c| c.name.as_str()).collect();
    match readers.as_slice() {
        [reader] if *reader != scenario.sagas[k].coordinator => Ok(t),
        _ => Err(BuildError::Unsupported(format!(
            "sagas[{k}].steps[{i}].command.topic: `{name}` must be read by exactly one group, not the coordinator"
        ))),
    }
}

/// The services, each told the services it calls itself (its call chain).
fn build_services(scenario: &Scenario) -> Result<TiVec<ServiceId, Service>, BuildError> {
    let mut services: TiVec<ServiceId, Service> = scenario.services.iter().map(Service::new).collect();
    if let Some(cycle) = wiring::service_call_cycles(scenario).first() {
        return Err(BuildError::Unsupported(format!("services call each other in a cycle: {}", cycle.join(" → "))));
    }
    for (s, spec) in scenario.services.iter().enumerate() {
        let called = services_named(scenario, &format!("services[{s}].calls"), &spec.calls)?;
        services[ServiceId::from(s)].call_downstream(called, spec);
        let mut publishes = Vec::with_capacity(spec.publishes.len());
        for (p, name) in spec.publishes.iter().enumerate() {
            publishes.push(topic_named(scenario, format!("services[{s}].publishes[{p}]"), name)?);
        }
        services[ServiceId::from(s)].publish_to(publishes);
        services[ServiceId::from(s)].set_key_population(key_population(scenario));
    }
    Ok(services)
}

/// The keys the calls of a scenario can carry, for the key policies' measure of the keys a
/// membership change moves: 0 to the largest `keys` of its producers (events keep their
/// key through emits, publishes and calls). A client's request is keyed by its sequence
/// number, an unbounded population: with clients, the first `MAX_AFFINITY_KEYS` stand for
/// it. Capped at `MAX_AFFINITY_KEYS` (the work of one change).
fn key_population(scenario: &Scenario) -> u32 {
    use crate::engine::balancer::MAX_AFFINITY_KEYS;
    use crate::scenario::Keys;
    let producers = scenario.producers.iter().map(|p| match p.keys {
        Keys::Uniform { keys } | Keys::Zipf { keys, .. } => keys,
    });
    let clients = (!scenario.clients.is_empty()).then_some(MAX_AFFINITY_KEYS);
    producers.chain(clients).max().unwrap_or(1000).min(MAX_AFFINITY_KEYS)
}

fn build_clients(scenario: &Scenario, types: &EventTypes) -> Result<TiVec<ClientId, Client>, BuildError> {
    let mut clients: TiVec<ClientId, Client> = TiVec::with_capacity(scenario.clients.len());
    for (k, spec) in scenario.clients.iter().enumerate() {
        let called = services_named(scenario, &format!("clients[{k}].calls"), &spec.calls)?;
        if called.is_empty() {
            return Err(BuildError::Unsupported(format!("clients[{k}].calls: a client must call a service")));
        }
        clients.push(Client::new(spec, called, types));
    }
    Ok(clients)
}

fn build_producers(scenario: &Scenario, types: &EventTypes) -> Result<TiVec<ProducerId, Producer>, BuildError> {
    let mut producers: TiVec<ProducerId, Producer> = TiVec::with_capacity(scenario.producers.len());
    for (p, spec) in scenario.producers.iter().enumerate() {
        let topic = topic_named(scenario, format!("producers[{p}].topic"), &spec.topic)?;
        producers.push(Producer::new(spec, topic, types));
    }
    Ok(producers)
}

/// An availability unit; its failure stream is set with the others (`for_each_stream`).
pub(super) fn make_unit(
    name: String,
    kind: UnitKind,
    failures: Option<&crate::scenario::Failures>,
    now: SimTime,
) -> Unit {
    let cycle = failures.map(|f| crate::engine::fault::FailureCycle::new(f, unseeded()));
    let analytic = cycle.as_ref().and_then(|c| c.analytic_availability());
    Unit { name, kind, availability: Availability::new(now, analytic), cycle }
}
