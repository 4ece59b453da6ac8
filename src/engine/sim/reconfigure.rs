//! Live changes of the scenario's parameters: `Command::Set` and the specific commands
//! built on it (`SetArrivalRate`, `SetConcurrency`, `SetServiceErrors`,
//! `SetServiceLatency`), and `Reseed`.
//!
//! A change is made to the engine's copy of the scenario first: the path is set in its
//! JSON form, the result is read back and validated like a file, and the difference is
//! checked against the fields that may change live (`live::refusal`). Only then does
//! anything in the running system change, so a refused change changes nothing. Each
//! component whose spec differs is then reconfigured in place by its kind's
//! `reconfigure` (in the component's own module), keeping its state — queues, jobs,
//! pending events, random streams, statistics — and this room does what the component
//! cannot do alone: start waiting work, re-arm timers, scale, log.
//!
//! Before the first event (nothing has happened yet) a change rebuilds the simulation
//! from the changed scenario instead, so that a run from the saved scenario is the same
//! run, bit for bit (in place, the first arrivals and failure times would already have
//! been drawn with the old values).

use super::*;
use crate::engine::command::{ChangeProblem, ComponentKind};
use crate::engine::consumer::SupervisorChange;
use crate::engine::fault::FailureCycle;
use crate::engine::live::{self, LiveChange};
use crate::engine::topic::TopicChange;
use crate::scenario::change::{self, Change, ChangeError};
use crate::scenario::dotted;
use crate::scenario::{Failures, Scenario};

impl Simulation {
    /// A parameter change: builds the changed scenario and applies it. Returns the
    /// component concerned and the change in words.
    pub(super) fn change_parameters(&mut self, command: &Command) -> Result<(String, LogText), CommandError> {
        let unknown = |kind, name: &str| CommandError::UnknownComponent { kind, name: name.to_string() };
        let mut new = self.scenario.clone();
        let path = match command {
            Command::Set { path, value } => {
                new = set_path(&self.scenario, path, value)?;
                path.clone()
            }
            Command::SetArrivalRate { producer, per_second } => {
                let p = new
                    .producers
                    .iter_mut()
                    .find(|p| &p.name == producer)
                    .ok_or_else(|| unknown(ComponentKind::Producer, producer))?;
                match &mut p.rate {
                    Arrivals::Constant { per_second: rate }
                    | Arrivals::Poisson { per_second: rate }
                    | Arrivals::Bursty { per_second: rate, .. } => *rate = *per_second,
                    Arrivals::Renewal { .. } => {
                        return Err(CommandError::RateOfRenewal { producer: producer.clone() });
                    }
                    _ => {
                        return Err(CommandError::RateOfTimeVarying { producer: producer.clone() });
                    }
                }
                format!("producers.{producer}.rate.per_second")
            }
            Command::SetConcurrency { group, concurrency } => {
                let g = new
                    .consumers
                    .iter_mut()
                    .find(|g| &g.name == group)
                    .ok_or_else(|| unknown(ComponentKind::ConsumerGroup, group))?;
                // The command has always kept the group's prefetch; a prefetch left to
                // default would follow the concurrency, so it is pinned.
                g.prefetch = Some(g.effective_prefetch());
                g.concurrency = *concurrency;
                format!("consumers.{group}.concurrency")
            }
            Command::SetServiceErrors { service, errors } => {
                let s = new
                    .services
                    .iter_mut()
                    .find(|s| &s.name == service)
                    .ok_or_else(|| unknown(ComponentKind::Service, service))?;
                s.errors = *errors;
                format!("services.{service}.errors")
            }
            Command::SetServiceLatency { service, latency } => {
                let s = new
                    .services
                    .iter_mut()
                    .find(|s| &s.name == service)
                    .ok_or_else(|| unknown(ComponentKind::Service, service))?;
                s.latency = latency.clone();
                format!("services.{service}.latency")
            }
            other => return Err(CommandError::Internal(format!("{other:?} changes no parameter"))),
        };
        let changes = self.change_scenario(new, &path)?;
        // The specific commands keep the log lines they always had (the dashboard and its
        // tests show them); their field changes are in the change list like any other.
        let text = match command {
            Command::SetArrivalRate { per_second, .. } => LogText::RateSet { per_second: per_second.to_string() },
            Command::SetConcurrency { concurrency, .. } => {
                LogText::ConcurrencySet { concurrency: u64::from(*concurrency) }
            }
            Command::SetServiceErrors { errors, .. } => LogText::ErrorsSet {
                transient: errors.transient.to_string(),
                business: errors.business.to_string(),
                fatal: errors.fatal.to_string(),
            },
            Command::SetServiceLatency { latency, .. } => LogText::Plain(format!("latency set to {latency:?}")),
            _ => return Ok(describe(&changes, &path)),
        };
        Ok((super::commands::command_target(command), text))
    }

    /// Makes `new` the running scenario, if every difference may change live and `new`
    /// is valid; otherwise changes nothing. Returns the fields changed.
    fn change_scenario(&mut self, new: Scenario, path: &str) -> Result<Vec<LiveChange>, CommandError> {
        let differences = live::diff(&scenario_tree(&self.scenario)?, &scenario_tree(&new)?);
        for d in &differences {
            if let Some(reason) = live::refusal(&d.path) {
                return Err(CommandError::NotLive { path: d.path.join("."), reason });
            }
        }
        let problems = crate::scenario::validate::validate(&new);
        if !problems.is_empty() {
            // Only the change's own problems: a scenario built in code may have had some
            // before (a file's never has), and those must not block every change.
            let before = crate::scenario::validate::validate(&self.scenario);
            let problems: Vec<ChangeProblem> = problems
                .list
                .iter()
                .filter(|p| !before.list.contains(p))
                .map(|p| ChangeProblem { path: p.path.to_string(), message: p.message.clone(), help: p.help.clone() })
                .collect();
            if !problems.is_empty() {
                return Err(CommandError::InvalidChange { path: path.to_string(), problems });
            }
        }
        if SimTime(new.duration.0) < self.now {
            return Err(CommandError::InvalidChange {
                path: path.to_string(),
                problems: vec![ChangeProblem::whole(format!(
                    "duration {} ends before now ({})",
                    new.duration, self.now
                ))],
            });
        }
        let changes: Vec<LiveChange> = differences
            .iter()
            .map(|d| {
                let (component, field) = live::locate(&d.path);
                LiveChange { at: self.now, component, field, from: live::show(&d.from), to: live::show(&d.to) }
            })
            .collect();
        if changes.is_empty() {
            return Ok(changes);
        }
        let untouched = self.now == SimTime::ZERO
            && self.events_handled == 0
            && self.commands.iter().all(|c| changes_parameters(&c.command));
        if untouched {
            self.rebuild(new, path)?;
        } else {
            let old = std::mem::replace(&mut self.scenario, new);
            self.reconfigure(&old);
        }
        self.changes.extend(changes.iter().cloned());
        Ok(changes)
    }

    /// Before anything happened, a change is the scenario itself: build it afresh, keeping
    /// the records (initial scenario, commands, changes, log) of this run.
    fn rebuild(&mut self, new: Scenario, path: &str) -> Result<(), CommandError> {
        let mut fresh = Simulation::with_seed(&new, self.seed).map_err(|e| CommandError::InvalidChange {
            path: path.to_string(),
            problems: vec![ChangeProblem::whole(e.to_string())],
        })?;
        fresh.initial = self.initial.clone();
        fresh.commands = std::mem::take(&mut self.commands);
        fresh.changes = std::mem::take(&mut self.changes);
        fresh.log = std::mem::take(&mut self.log);
        *self = fresh;
        Ok(())
    }

    /// Reconfigures every component whose spec differs between `old` and the (already
    /// installed) `self.scenario`, in a fixed order: services, topics, producers, groups
    /// (their pumps see the topics and services as changed), alerts.
    fn reconfigure(&mut self, old: &Scenario) {
        let new = self.scenario.clone();
        self.end = SimTime(new.duration.0);
        // `sample_every` is read when the next sample is scheduled (the pending one keeps
        // its time); `description` changes nothing that runs.
        self.broker.failover_after = new.broker.failover_after;
        self.broker.set_replication(&new.broker);
        if old.broker.failures != new.broker.failures {
            for n in self.broker.nodes.keys() {
                let unit = self.broker.nodes[n].unit;
                self.reconfigure_failures(unit, new.broker.failures.as_ref());
            }
        }
        for (s, (before, after)) in old.services.iter().zip(&new.services).enumerate() {
            if before != after {
                self.reconfigure_service(ServiceId::from(s), before, after);
            }
        }
        for (k, (before, after)) in old.clients.iter().zip(&new.clients).enumerate() {
            if before != after {
                let breakers = (before.circuit_breaker.as_ref(), after.circuit_breaker.as_ref());
                let chain = Chain::Client(ClientId::from(k));
                self.reconfigure_chain(chain, after.timeout, &after.retry, breakers, after.bulkhead);
            }
        }
        for (t, (before, after)) in old.topics.iter().zip(&new.topics).enumerate() {
            if before != after {
                self.reconfigure_topic(TopicId::from(t), after);
            }
        }
        for (p, (before, after)) in old.producers.iter().zip(&new.producers).enumerate() {
            if before != after {
                self.reconfigure_producer(ProducerId::from(p), before, after);
            }
        }
        for (g, (before, after)) in old.consumers.iter().zip(&new.consumers).enumerate() {
            if before != after {
                self.reconfigure_group(GroupId::from(g), before, after);
            }
        }
        // A producer may have started batching its sends.
        self.requests = self.broker.load.is_some() || self.producers.iter().any(|p| p.sender.is_some());
        for (k, (before, after)) in old.alerts.iter().zip(&new.alerts).enumerate() {
            if before != after {
                let (threshold, sustained_for) = observe::threshold_of(&after.when);
                self.alerts[k].reconfigure(threshold, sustained_for);
            }
        }
    }

    fn reconfigure_service(&mut self, s: ServiceId, old: &crate::scenario::Service, new: &crate::scenario::Service) {
        if (&old.timeout, &old.retry, &old.circuit_breaker, old.bulkhead)
            != (&new.timeout, &new.retry, &new.circuit_breaker, new.bulkhead)
        {
            let breakers = (old.circuit_breaker.as_ref(), new.circuit_breaker.as_ref());
            self.reconfigure_chain(Chain::Service(s), new.timeout, &new.retry, breakers, new.bulkhead);
        }
        let (raised, rescheduled) = self.services[s].reconfigure(old, new, self.now);
        self.arm_service_probes(s);
        for next in rescheduled {
            self.schedule_share(s, next);
        }
        if raised {
            while let Some(call) = self.services[s].next_startable(self.now) {
                self.start_call(s, call);
            }
        }
        if old.failures != new.failures {
            let units: Vec<UnitId> = self.services[s].replicas().iter().map(|r| r.unit).collect();
            for unit in units {
                self.reconfigure_failures(unit, new.failures.as_ref());
            }
        }
    }

    fn reconfigure_topic(&mut self, t: TopicId, new: &crate::scenario::Topic) {
        let mut change = TopicChange::default();
        let max_records = self.topics[t].retention().map(|r| r.max_records);
        // Every subscriber queue follows its topic's spec.
        for q in self.queues_of(t) {
            change = self.topics[q].reconfigure(new);
            if change.ttl_changed {
                for p in self.topics[q].partitions.keys() {
                    self.arm_expiry(q, p);
                }
            }
        }
        if let (Some(before), Some(now)) = (max_records, self.topics[t].retention().map(|r| r.max_records))
            && now < before
        {
            self.trim_logs(t);
        }
        if change.stopped_blocking {
            self.release_blocked_producers(t);
        }
        if change.capacity_raised {
            self.unblock_producers(t);
        }
    }

    /// The topic no longer blocks producers: each blocked one publishes its waiting
    /// message again, which the new overflow accepts or refuses (then the producer's
    /// publish retries or outbox take it, as for any refusal), and resumes.
    fn release_blocked_producers(&mut self, t: TopicId) {
        let blocked = self.topics[t].release_blocked();
        for p in blocked {
            let Some(message) = self.producers[p].unblock(self.now) else { continue };
            if self.send(p, message, 1, 0) {
                self.schedule_next_arrival(p);
                self.arm_publish_retry(p);
            }
        }
    }

    fn reconfigure_producer(
        &mut self,
        p: ProducerId,
        old: &crate::scenario::Producer,
        new: &crate::scenario::Producer,
    ) {
        let restarted = self.producers[p].reconfigure(old, new, self.now);
        // A blocked producer's arrivals are paused; they restart when it is unblocked.
        if restarted && !self.producers[p].is_blocked() {
            self.schedule_next_arrival(p);
        }
    }

    fn reconfigure_group(
        &mut self,
        g: GroupId,
        old: &crate::scenario::ConsumerGroup,
        new: &crate::scenario::ConsumerGroup,
    ) {
        // From the next message that succeeds on.
        self.groups[g].flow.emits_before_success =
            new.handler.on_emit_refused == crate::scenario::OnEmitRefused::FailAttempt;
        let on_exhausted = match &new.on_exhausted {
            OnExhausted::DeadLetter(name) => match self.topics.position(|t| &t.name == name) {
                Some(t) => {
                    // Validation made sure it is produced to and consumed by nobody.
                    self.topics[t].mark_dead_letter_target();
                    ExhaustTarget::DeadLetter(t)
                }
                None => ExhaustTarget::Drop,
            },
            OnExhausted::Drop => ExhaustTarget::Drop,
            OnExhausted::Park => ExhaustTarget::Park,
        };
        let change = self.groups[g].reconfigure(old, new, on_exhausted, self.now);
        self.apply_guard_change(
            CallerName::Group(g),
            &change.guards.new_breakers,
            &change.guards.notices,
            &change.guards.rearm,
        );
        for w in change.guards.granted.iter().copied() {
            self.bulkhead_granted(g, w);
        }
        if change.commit_now {
            for i in self.groups[g].instances.keys() {
                if self.groups[g].instances[i].is_live_member() {
                    self.commit(g, i);
                }
            }
        }
        if change.arm_commit {
            let group = &mut self.groups[g];
            group.recovery.commit_armed = true;
            self.queue.schedule(self.now + group.config.commit_interval, Event::AutoCommit { group: g });
        }
        if change.arm_autoscale
            && let Some(autoscale) = &self.groups[g].config.autoscale
        {
            let every = SimDuration(autoscale.check_every.0.max(1));
            self.groups[g].recovery.autoscale_armed = true;
            self.queue.schedule(self.now + every, Event::AutoscaleCheck { group: g });
        }
        if change.arm_health_check {
            self.arm_health_probes(g);
        }
        match change.supervisor {
            SupervisorChange::Added => self.supervisor_watches(g),
            SupervisorChange::Removed => {
                for inst in &mut self.groups[g].instances {
                    // Pending notices and restarts become stale.
                    inst.supervisor_generation = inst.supervisor_generation.wrapping_add(1);
                    inst.restart_due = None;
                }
            }
            SupervisorChange::Changed | SupervisorChange::Unchanged => {}
        }
        if old.failures != new.failures {
            for unit in self.groups[g].recovery.slot_units.clone() {
                self.reconfigure_failures(unit, new.failures.as_ref());
            }
        }
        if change.pump {
            self.pump_all(g);
        }
        if old.instances != new.instances {
            // The autoscaler (or a ScaleGroup command) may have moved the count since the
            // start; the change sets it, through the ordinary scale path.
            self.scale_to(g, new.instances, ScaleCause::LiveChange);
        }
    }

    /// A supervisor added live notices the instances already down (crashed, not failed:
    /// a failure's repair brings those back) after its `detect_after`.
    fn supervisor_watches(&mut self, g: GroupId) {
        let Some(detect_after) = self.groups[g].config.supervisor.as_ref().map(|s| s.detect_after) else {
            return;
        };
        for i in self.groups[g].instances.keys() {
            let inst = &mut self.groups[g].instances[i];
            if inst.is_provisioned() && !inst.is_up() && !inst.failed && !inst.starting {
                inst.supervisor_generation = inst.supervisor_generation.wrapping_add(1);
                let generation = inst.supervisor_generation;
                let event = Event::SupervisorNotices { group: g, instance: i, generation };
                self.queue.schedule(self.now + detect_after, event);
            }
        }
    }

    /// What a live change of `caller`'s guards asks of the simulation, waiters aside: new
    /// breakers get their history series, transitions and notices are logged, and breakers
    /// with new timing re-arm their automatic transition.
    fn apply_guard_change(
        &mut self,
        caller: CallerName,
        new_breakers: &[GuardId],
        notices: &[(GuardId, Notice)],
        rearm: &[GuardId],
    ) {
        for &k in new_breakers {
            self.add_breaker_series(caller, k);
        }
        for &(k, notice) in notices {
            self.breaker_notice(caller, k, notice);
        }
        for &k in rearm {
            self.arm_breaker_wake(caller, k);
        }
    }

    /// A breaker created by a live change gets its two history series; earlier rows show
    /// it as a closed breaker with no failures (no breaker permits every call).
    fn add_breaker_series(&mut self, caller: CallerName, k: GuardId) {
        let name = self.breaker_name(caller, k);
        for spec in sampling::breaker_series_specs(&name) {
            self.history.add_series(spec, 0.0);
        }
        self.breaker_series.push((caller, k));
    }

    /// A live change of the client policy of `chain`'s downstream calls (a service's or a
    /// client's): timeout and retries apply to the attempts issued from now on; breakers
    /// and bulkheads change as a group's.
    fn reconfigure_chain(
        &mut self,
        chain: Chain,
        timeout: Option<SimDuration>,
        retry: &crate::scenario::Retry,
        breakers: (Option<&crate::scenario::CircuitBreaker>, Option<&crate::scenario::CircuitBreaker>),
        bulkhead: Option<crate::scenario::Bulkhead>,
    ) {
        let now = self.now;
        let change = self.downstream_of(chain).reconfigure(timeout, retry, breakers, bulkhead, now);
        self.apply_guard_change(chain.into(), &change.new_breakers, &change.notices, &change.rearm);
        for w in change.granted {
            self.dispatch_hop(chain, w);
        }
    }

    /// A live change of a unit's stochastic failures. Up, it draws its next time to
    /// failure from now with the new distribution (for the exponential, exactly the
    /// remaining time, by memorylessness), so the change acts at once; down, its repair
    /// keeps the time drawn. Failures switched on start from now, from the unit's own
    /// stream (named as at build); switched off, a failed unit is repaired now.
    pub(super) fn reconfigure_failures(&mut self, unit: UnitId, failures: Option<&Failures>) {
        let seed = self.seed;
        let u = &mut self.units[unit];
        let observed = u.availability.is_observed();
        match (&mut u.cycle, failures) {
            (Some(cycle), Some(spec)) => {
                cycle.set_distributions(spec);
                u.availability.analytic = cycle.analytic_availability();
                if !cycle.is_failed() && observed {
                    cycle.forget_pending();
                    self.schedule_unit_failure(unit);
                }
            }
            (None, Some(spec)) => {
                let cycle = FailureCycle::new(spec, crate::engine::rng::unseeded());
                u.availability.analytic = cycle.analytic_availability();
                u.cycle = Some(cycle);
                u.for_each_stream(&mut crate::engine::rng::seed_with(seed));
                if observed {
                    self.schedule_unit_failure(unit);
                }
            }
            (Some(cycle), None) => {
                if cycle.is_failed() {
                    self.repair_unit(unit);
                }
                let u = &mut self.units[unit];
                u.cycle = None;
                u.availability.analytic = None;
            }
            (None, None) => {}
        }
    }

    /// `Reseed`: every stream re-derived from (`seed`, its name).
    pub(super) fn reseed_streams(&mut self, seed: u64) {
        self.seed = seed;
        self.for_each_stream(&mut crate::engine::rng::seed_with(seed));
    }
}

/// The commands that change parameters only (they may rebuild a simulation before its
/// first event: replaying them gives the same simulation).
fn changes_parameters(command: &Command) -> bool {
    matches!(
        command,
        Command::Set { .. }
            | Command::SetArrivalRate { .. }
            | Command::SetConcurrency { .. }
            | Command::SetServiceErrors { .. }
            | Command::SetServiceLatency { .. }
    )
}

/// `scenario` with `value` written at `path`. A value that is JSON is read as JSON (so a
/// JSON list or object is what it says); otherwise as the lessons' changes read it: a
/// bare word (`250ms`, `Full`), or RON when it has brackets
/// (`Exponential(initial: "100ms", multiplier: 2.0, max: "5s")`).
fn set_path(scenario: &Scenario, path: &str, value: &str) -> Result<Scenario, CommandError> {
    let invalid = |message: String| CommandError::InvalidChange {
        path: path.to_string(),
        problems: vec![ChangeProblem::whole(message)],
    };
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(value) {
        let mut tree = scenario_tree(scenario)?;
        dotted::set(&mut tree, path, json).map_err(CommandError::UnknownPath)?;
        return serde_json::from_value(tree).map_err(|e| invalid(e.to_string()));
    }
    let asked = Change { path: path.to_string(), value: value.to_string() };
    change::apply(scenario, &[asked]).map_err(|e| match e {
        ChangeError::Path(e) => CommandError::UnknownPath(e),
        ChangeError::Value { message, .. } => invalid(message),
        other => invalid(other.to_string()),
    })
}

/// The scenario in the JSON form paths walk.
fn scenario_tree(scenario: &Scenario) -> Result<serde_json::Value, CommandError> {
    // Cannot fail for the model's types (strings, numbers, lists, options, enums); a
    // non-finite float would be refused by validation before it got here.
    serde_json::to_value(scenario).map_err(|e| CommandError::Internal(format!("the scenario cannot be encoded: {e}")))
}

/// The log entry of a change: the component, and "field old → new" for each field.
fn describe(changes: &[LiveChange], path: &str) -> (String, LogText) {
    let Some(first) = changes.first() else {
        return (path.to_string(), LogText::NoChange { path: path.to_string() });
    };
    let one_component = changes.iter().all(|c| c.component == first.component);
    let fields: Vec<String> = changes
        .iter()
        .map(|c| {
            let field = if c.field.is_empty() { "(whole)".to_string() } else { c.field.clone() };
            if one_component {
                format!("{field} {} → {}", c.from, c.to)
            } else {
                format!("{}: {field} {} → {}", c.component, c.from, c.to)
            }
        })
        .collect();
    let target = if one_component { first.component.clone() } else { "scenario".to_string() };
    (target, LogText::Plain(fields.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scenario with every kind of component and policy, for reconfigurations.
    const BASE: &str = r#"Scenario(name: "base", duration: "60s", seed: 5,
        services: [Service(name: "s", latency: Exponential("20ms"), errors: Errors(transient: 0.2, business: 0.01), capacity: 8)],
        topics: [Topic(name: "t", partitions: 4, capacity: 2000, ttl: "20s", shedding: [Shed(backlog_above: 1500, below_priority: 1)]),
                 Topic(name: "dlq"), Topic(name: "spare")],
        producers: [Producer(name: "p", topic: "t", rate: Poisson(per_second: 150.0), keys: Zipf(keys: 100, exponent: 1.1))],
        consumers: [ConsumerGroup(name: "g", topic: "t", instances: 2, concurrency: 4, prefetch: 8,
            handler: Handler(work: Exponential("5ms"), calls: ["s"], timeout: "200ms"),
            retry: Retry(max_attempts: 3, backoff: Exponential(initial: "50ms", multiplier: 2.0, max: "1s"), jitter: Full),
            circuit_breaker: Some(CircuitBreaker(window: Count(20), minimum_calls: 10, failure_rate: 0.5, open_for: "2s", half_open_calls: 3)),
            bulkhead: Some(Bulkhead(max_concurrent: 6, max_wait: "20ms")),
            rate_limit: Some(RateLimit(per_second: 140.0, burst: 20)),
            on_exhausted: DeadLetter("dlq"), idempotent: true)],
        alerts: [Alert(name: "lag", when: ConsumerLag(group: "g", above: 50, for: "2s"))],
    )"#;

    fn observable(sim: &Simulation) -> String {
        let report = crate::report::RunReport::new(sim, 0.0);
        let history = sim.history();
        let columns: Vec<Vec<u32>> =
            (0..history.specs().len()).map(|i| history.column(i).iter().map(|v| v.to_bits()).collect()).collect();
        format!(
            "{}\n{:?}\n{columns:?}\n{:?}",
            serde_json::to_string(&report).unwrap_or_default(),
            history.specs(),
            sim.status()
        )
    }

    /// Reconfiguring in place at time zero (bypassing the rebuild `apply` does there)
    /// gives exactly the simulation the changed scenario builds, for every parameter whose
    /// old value nothing had used yet (rates, failure times and timers are drawn or
    /// scheduled at build, so those differ by construction; a breaker removed live stays,
    /// DISABLED, with its series, where a scenario without one has none; a dead-letter topic
    /// replaced live stays one, with the letters it holds). This pins each component's
    /// `reconfigure` to its constructor: a field a reconfiguration forgets shows here.
    #[test]
    fn reconfiguring_at_time_zero_builds_what_the_changed_scenario_builds() {
        let base = match crate::scenario::parse_str(BASE, "base") {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        let cases = [
            ("services.s.latency", r#"{"LogNormal":{"median":"10ms","p99":"200ms"}}"#),
            ("services.s.errors.transient", "0.5"),
            ("services.s.capacity", "2"),
            ("services.s.capacity", "null"),
            ("topics.t.capacity", "1600"),
            ("topics.t.overflow", "DropOldest"),
            ("topics.t.ttl", "300ms"),
            ("topics.t.shedding", "[]"),
            ("topics.t.durable", "false"),
            ("producers.p.keys", r#"{"Uniform":{"keys":7}}"#),
            ("producers.p.priority", "3"),
            ("producers.p.outbox", "true"),
            ("producers.p.publish_retry.max_attempts", "1"),
            ("consumers.g.concurrency", "1"),
            ("consumers.g.prefetch", "null"),
            ("consumers.g.handler.work", r#"{"Constant":"8ms"}"#),
            ("consumers.g.handler.timeout", "null"),
            ("consumers.g.retry", r#"{"max_attempts":5,"backoff":{"Constant":"10ms"},"jitter":"Equal"}"#),
            ("consumers.g.circuit_breaker.failure_rate", "0.1"),
            ("consumers.g.circuit_breaker.window", r#"{"Time":"3s"}"#),
            ("consumers.g.bulkhead", "null"),
            ("consumers.g.bulkhead.max_concurrent", "2"),
            ("consumers.g.rate_limit", "null"),
            ("consumers.g.rate_limit.per_second", "40"),
            ("consumers.g.strict_order", "true"),
            // The old dead-letter topic stays one (the status says so): the rest is equal.
            ("consumers.g.on_exhausted", "Park"),
            ("consumers.g.on_exhausted", r#"{"DeadLetter":"spare"}"#),
            ("consumers.g.idempotent", "false"),
            ("consumers.g.dedup_window.max_ids", "3"),
            ("consumers.g.session_timeout", "2s"),
            ("consumers.g.supervisor", r#"{"detect_after":"1s","restart_after":"1s"}"#),
            ("consumers.g.objectives.latency_p95", "10ms"),
            ("alerts.lag.when.above", "5"),
            ("broker.failover_after", "1s"),
            ("broker.replication_lag", r#"{"Exponential":"5ms"}"#),
            ("broker.unclean_election", "true"),
            ("producers.p.acks", "Leader"),
            ("duration", "90s"),
        ];
        for (path, value) in cases {
            let mut in_place = match Simulation::new(&base) {
                Ok(sim) => sim,
                Err(e) => panic!("{e}"),
            };
            let changed = set_path(&base, path, value).unwrap_or_else(|e| panic!("{path}: {e}"));
            let problems = crate::scenario::validate::validate(&changed);
            assert!(problems.is_empty(), "{path}={value}: {problems:?}");
            let old = std::mem::replace(&mut in_place.scenario, changed.clone());
            in_place.reconfigure(&old);
            let mut built = match Simulation::new(&changed) {
                Ok(sim) => sim,
                Err(e) => panic!("{e}"),
            };
            in_place.run_to_end();
            built.run_to_end();
            assert!(built.ledger().processed > 0);
            let (mut a, mut b) = (observable(&in_place), observable(&built));
            if path.ends_with("on_exhausted") {
                a.truncate(a.rfind('\n').unwrap_or(0));
                b.truncate(b.rfind('\n').unwrap_or(0));
            }
            assert_eq!(a, b, "{path}={value}");
        }
    }
}
