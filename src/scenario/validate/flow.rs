//! Validation of the event flow between groups: event types and their weights, filters,
//! emit rules (topic, type, condition, probability) and emit cycles, which need
//! `max_hops` to end.

use super::*;
use crate::scenario::wiring::{self, EmitCycle};

impl<'s> Validator<'s> {
    /// Every rule of the event flow, each breach at its field.
    pub(super) fn validate_flow(&mut self) {
        let s = self.s;
        let known = wiring::declared_event_types(s);
        let dead_letter_topics = wiring::dead_letter_topics(s);
        let mut all_named = known.clone();
        for (i, producer) in s.producers.iter().enumerate() {
            self.event_types(self.producer_path(i).field("events"), &producer.events);
        }
        for (g, group) in s.consumers.iter().enumerate() {
            let path = self.group_path(g);
            if let Some(filter) = &group.filter {
                if filter.is_empty() {
                    self.problem_with_help(
                        path.field("filter"),
                        "an empty filter takes no event at all",
                        Some("leave it out (None) to handle every event".into()),
                    );
                }
                for (f, name) in filter.iter().enumerate() {
                    self.event_type(path.field("filter").index(f), name, &known);
                }
            }
            let emits = path.field("handler").field("emits");
            if group.handler.on_emit_refused == OnEmitRefused::FailAttempt && group.handler.emits.is_empty() {
                self.problem_with_help(
                    path.field("handler").field("on_emit_refused"),
                    "the handler emits nothing, so no emit can be refused",
                    Some("list its events in handler.emits, or leave on_emit_refused out".into()),
                );
            }
            for (e, emit) in group.handler.emits.iter().enumerate() {
                let at = emits.index(e);
                if let Some(t) = self.reference(at.field("topic"), Kind::Topic, &emit.topic)
                    && dead_letter_topics.contains_key(s.topics[t].name.as_str())
                {
                    self.problem_with_help(
                        at.field("topic"),
                        format!("`{}` is a dead-letter topic: it holds dead letters, not events", emit.topic),
                        Some("emit to a topic that a group reads".into()),
                    );
                }
                if let EmitWhen::Type(name) = &emit.when {
                    self.event_type(at.field("when"), name, &known);
                }
                if let Some(name) = &emit.event_type {
                    if name.is_empty() {
                        self.problem(at.field("type"), "must not be empty");
                    }
                    if !all_named.contains(name) {
                        all_named.push(name.clone());
                    }
                }
                self.probability(at.field("probability"), emit.probability);
            }
        }
        if all_named.len() > MAX_EVENT_TYPES {
            self.problem(
                Path::root().field("producers"),
                format!("{} event types are named; at most {MAX_EVENT_TYPES} are supported", all_named.len()),
            );
        }
        for (k, client) in s.clients.iter().enumerate() {
            let path = self.client_path(k);
            self.validate_arrivals(path.field("rate"), &client.rate, &client.events);
            if client.calls.is_empty() {
                self.problem_with_help(
                    path.field("calls"),
                    "a client must call at least one service",
                    Some("list the services its requests call, in order".into()),
                );
            }
            for (c, callee) in client.calls.iter().enumerate() {
                self.reference(path.field("calls").index(c), Kind::Service, callee);
            }
            if client.timeout == Some(SimDuration::ZERO) {
                self.problem_with_help(
                    path.field("timeout"),
                    "must be longer than 0s",
                    Some("leave it out for no timeout".into()),
                );
            }
            self.validate_retry(path.field("retry"), &client.retry);
            let guards = (client.circuit_breaker.as_ref(), client.bulkhead.as_ref());
            self.validate_call_guards(&path, guards, client.calls.is_empty(), "it calls", "calls");
            self.event_types(path.field("events"), &client.events);
        }
        for (i, service) in s.services.iter().enumerate() {
            for (p, topic) in service.publishes.iter().enumerate() {
                let at = self.service_path(i).field("publishes").index(p);
                if let Some(t) = self.reference(at.clone(), Kind::Topic, topic)
                    && dead_letter_topics.contains_key(s.topics[t].name.as_str())
                {
                    self.problem_with_help(
                        at,
                        format!("`{topic}` is a dead-letter topic: it holds dead letters, not events"),
                        Some("publish to a topic that a group reads".into()),
                    );
                }
            }
        }
        if let Some(cycle) = wiring::service_call_cycles(s).first() {
            let first = s.services.iter().position(|x| x.name == cycle[0]).unwrap_or(0);
            let back = s.services[first].calls.iter().position(|c| *c == cycle[1]).unwrap_or(0);
            self.problem_with_help(
                self.service_path(first).field("calls").index(back),
                format!("services call each other in a cycle: {}", cycle.join(" → ")),
                Some("a call chain must end: a service would wait for itself".into()),
            );
        }
        if let Some(tracing) = &s.tracing {
            let path = Path::root().field("tracing");
            self.probability(path.field("sample"), tracing.sample);
            self.count(path.field("max_traces"), tracing.max_traces.into(), 1, MAX_TRACES.into());
        }
        if let Some(max) = s.max_hops {
            self.count(Path::root().field("max_hops"), max.into(), 1, MAX_HOPS.into());
        } else if let Some(cycle) = wiring::emit_cycles(s).first() {
            self.unbounded_cycle(cycle);
        }
    }

    /// A producer's or client's event types: named, weighted above 0, each once.
    fn event_types(&mut self, path: Path, events: &[EventType]) {
        for (e, event) in events.iter().enumerate() {
            let at = path.index(e);
            if event.name.is_empty() {
                self.problem(at.field("name"), "must not be empty");
            }
            if self.finite(&at.field("weight"), event.weight) && event.weight <= 0.0 {
                self.problem(at.field("weight"), format!("must be more than 0, found {}", event.weight));
            }
            if events[..e].iter().any(|earlier| earlier.name == event.name) {
                self.problem(at.field("name"), format!("`{}` is listed twice", event.name));
            }
        }
    }

    /// A type a filter or condition names must be one that producers or emits create.
    pub(super) fn event_type(&mut self, path: Path, name: &str, known: &[String]) {
        if known.iter().any(|k| k == name) {
            return;
        }
        let names: Vec<&str> = known.iter().map(String::as_str).collect();
        let help = self.suggest(name, &names).or_else(|| known_types(&names));
        self.problem_with_help(path, format!("no producer or emit creates events of type `{name}`"), help);
    }

    fn unbounded_cycle(&mut self, cycle: &EmitCycle) {
        let path = self.group_path(cycle.group).field("handler").field("emits").index(cycle.emit);
        self.problem_with_help(
            path.field("topic"),
            format!("emits form a cycle with no end: {}", cycle.path.join(" → ")),
            Some("set `max_hops` on the scenario to bound how far one root's events travel".into()),
        );
    }
}

fn known_types(names: &[&str]) -> Option<String> {
    match names.len() {
        0 => Some("no event type is declared: give a producer `events: [EventType(name: ..)]`".into()),
        1..=8 => {
            let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            Some(format!("event types: {}", list.join(", ")))
        }
        _ => None,
    }
}
