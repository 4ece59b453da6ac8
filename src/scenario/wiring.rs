//! The rules on how a scenario's components connect, each written once. Validation words
//! every breach at its field; the engine refuses to build a scenario that breaks one (it
//! may be given one that was never validated, and builds nothing it cannot run).

use super::{OnExhausted, RateLimit, RateOverflow, Scenario};
use std::collections::BTreeMap;

/// The event types a scenario's producers and emits create, in order of first appearance.
pub fn declared_event_types(s: &Scenario) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let produced = s
        .producers
        .iter()
        .flat_map(|p| p.events.iter().map(|e| &e.name))
        .chain(s.clients.iter().flat_map(|c| c.events.iter().map(|e| &e.name)));
    let emitted = s.consumers.iter().flat_map(|g| g.handler.emits.iter().filter_map(|e| e.event_type.as_ref()));
    // Saga commands last, so a scenario without them numbers its types as before.
    let commanded =
        s.sagas.iter().flat_map(|k| k.steps.iter().filter_map(|step| step.command.as_ref()?.event_type.as_ref()));
    for name in produced.chain(emitted).chain(commanded) {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

/// A cycle of emits: topic → group reading it → emitted topic → … back to the start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmitCycle {
    /// The group and emit rule that close the cycle (indices in `consumers` and `emits`).
    pub group: usize,
    pub emit: usize,
    /// Topic and group names along it, starting and ending at the same topic.
    pub path: Vec<String>,
}

/// The emit cycles of a scenario (one per topic that starts one, found by depth-first
/// search in file order). Each would let one root's events travel forever unless
/// `max_hops` bounds them.
pub fn emit_cycles(s: &Scenario) -> Vec<EmitCycle> {
    // Edges: topic → (group, emit index, target topic), by name.
    let mut cycles = Vec::new();
    for start in &s.topics {
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.name.clone(), vec![start.name.clone()])];
        let mut seen: Vec<String> = Vec::new();
        while let Some((topic, path)) = stack.pop() {
            for (g, group) in s.consumers.iter().enumerate().filter(|(_, g)| g.topic == topic) {
                for (e, emit) in group.handler.emits.iter().enumerate() {
                    let mut next = path.clone();
                    next.push(group.name.clone());
                    next.push(emit.topic.clone());
                    if emit.topic == start.name {
                        cycles.push(EmitCycle { group: g, emit: e, path: next });
                        return cycles;
                    }
                    if !seen.contains(&emit.topic) {
                        seen.push(emit.topic.clone());
                        stack.push((emit.topic.clone(), next));
                    }
                }
            }
        }
    }
    cycles
}

/// A saga's command that leads back to its own coordinator's topic: the command's
/// participant (or a group downstream of it, through emits and other sagas' commands)
/// publishes to the topic whose every message starts a saga, so each saga starts another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandCycle {
    /// The saga and step whose command closes the cycle (indices in `sagas` and `steps`).
    pub saga: usize,
    pub step: usize,
    /// Topic and group names along it, from the coordinator's topic back to it.
    pub path: Vec<String>,
}

/// The first cycle through a saga's command, if any (sagas and steps in file order; the
/// search follows emits and commands). `max_hops` bounds emits, not commands, and a
/// command's participant answering by starting another saga is a wiring mistake, so such
/// a cycle is refused outright rather than bounded.
pub fn command_cycle(s: &Scenario) -> Option<CommandCycle> {
    // Edges out of a topic: each group reading it → its emits' topics and, for a saga's
    // coordinator, its commands' topics.
    let next = |topic: &str| -> Vec<(String, String)> {
        let mut out = Vec::new();
        for group in s.consumers.iter().filter(|g| g.topic == topic) {
            out.extend(group.handler.emits.iter().map(|e| (group.name.clone(), e.topic.clone())));
            for saga in s.sagas.iter().filter(|k| k.coordinator == group.name) {
                let commands = saga.steps.iter().filter_map(|step| step.command.as_ref());
                out.extend(commands.map(|c| (group.name.clone(), c.topic.clone())));
            }
        }
        out
    };
    for (k, saga) in s.sagas.iter().enumerate() {
        let Some(coordinator) = s.consumers.iter().find(|g| g.name == saga.coordinator) else { continue };
        let home = coordinator.topic.as_str();
        for (i, step) in saga.steps.iter().enumerate() {
            // A command to the coordinator's own topic is a mistake of its own (its topic
            // has the coordinator for a reader), not a cycle to report again.
            let Some(command) = step.command.as_ref().filter(|c| c.topic != home) else { continue };
            let start = vec![home.to_string(), coordinator.name.clone(), command.topic.clone()];
            let mut stack: Vec<(String, Vec<String>)> = vec![(command.topic.clone(), start)];
            let mut seen: Vec<String> = vec![command.topic.clone()];
            while let Some((topic, path)) = stack.pop() {
                if topic == home {
                    return Some(CommandCycle { saga: k, step: i, path });
                }
                for (group, to) in next(&topic) {
                    if !seen.contains(&to) {
                        seen.push(to.clone());
                        let mut longer = path.clone();
                        longer.push(group);
                        longer.push(to.clone());
                        stack.push((to, longer));
                    }
                }
            }
        }
    }
    None
}

/// Cycles of services calling services (`services[..].calls`), each as the names along
/// it, first and last the same. A call chain must end: a service that calls itself,
/// directly or through others, would wait for itself.
pub fn service_call_cycles(s: &Scenario) -> Vec<Vec<String>> {
    let mut cycles = Vec::new();
    for start in &s.services {
        let mut stack: Vec<(&str, Vec<String>)> = vec![(start.name.as_str(), vec![start.name.clone()])];
        let mut seen: Vec<&str> = Vec::new();
        while let Some((name, path)) = stack.pop() {
            let Some(service) = s.services.iter().find(|x| x.name == name) else { continue };
            for callee in &service.calls {
                let mut next = path.clone();
                next.push(callee.clone());
                if *callee == start.name {
                    cycles.push(next);
                    return cycles;
                }
                if !seen.contains(&callee.as_str()) {
                    seen.push(callee);
                    stack.push((callee, next));
                }
            }
        }
    }
    cycles
}

/// What makes a topic a dead-letter topic: the first field that sends letters to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadLetterSource {
    /// `topics[i].expired_to` names it.
    ExpiredFrom(usize),
    /// `consumers[i].on_exhausted` is `DeadLetter` to it.
    GivenUpBy(usize),
}

/// The dead-letter topics by name, each with the first field that makes it one. A group
/// dead-lettering into the topic it reads is its own mistake (validation reports it at
/// the group) and does not count here.
pub fn dead_letter_topics(s: &Scenario) -> BTreeMap<&str, DeadLetterSource> {
    let mut targets = BTreeMap::new();
    for (t, topic) in s.topics.iter().enumerate() {
        if let Some(to) = &topic.expired_to {
            targets.entry(to.as_str()).or_insert(DeadLetterSource::ExpiredFrom(t));
        }
    }
    for (g, group) in s.consumers.iter().enumerate() {
        match &group.on_exhausted {
            OnExhausted::DeadLetter(to) if *to != group.topic => {
                targets.entry(to.as_str()).or_insert(DeadLetterSource::GivenUpBy(g));
            }
            _ => {}
        }
    }
    targets
}

/// A rate limiter that dead-letters what finds no token needs the group to keep dead
/// letters somewhere (a dead-letter topic or the parking lot), not to drop them.
pub fn overflow_has_nowhere_to_go(limit: &RateLimit, on_exhausted: &OnExhausted) -> bool {
    limit.overflow == RateOverflow::DeadLetter && *on_exhausted == OnExhausted::Drop
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parsed, not validated: these scenarios break the rules on purpose.
    fn scenario(text: &str) -> Scenario {
        match super::super::parse::from_ron(text) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn a_dead_letter_topic_is_named_by_its_first_source() {
        let s = scenario(
            r#"Scenario(name: "w",
                topics: [Topic(name: "in", ttl: "1s", expired_to: "late"), Topic(name: "late"), Topic(name: "dlq")],
                consumers: [ConsumerGroup(name: "g", topic: "in", on_exhausted: DeadLetter("dlq")),
                            ConsumerGroup(name: "h", topic: "late", on_exhausted: DeadLetter("late"))])"#,
        );
        let targets = dead_letter_topics(&s);
        assert_eq!(targets.get("late"), Some(&DeadLetterSource::ExpiredFrom(0)));
        assert_eq!(targets.get("dlq"), Some(&DeadLetterSource::GivenUpBy(0)));
        assert_eq!(targets.len(), 2, "h dead-lettering into its own topic is h's mistake, not a source");
    }
}
