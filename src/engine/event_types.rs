//! Event types: the scenario's table of type names, and a producer's mix of them.
//!
//! A message carries its type as a one-byte [`EventTypeId`] (position in the table), so
//! filters and routing rules compare numbers, not strings, on the hot path.

use super::message::EventTypeId;
use super::rng::Stream;
use crate::scenario::{EmitWhen, Scenario, wiring};
use rand::RngExt;

/// Every event type a scenario names: those it creates (`wiring::declared_event_types`),
/// then any other a condition or filter names; position 0 is the untyped event.
#[derive(Clone, Debug, Default)]
pub struct EventTypes {
    names: Vec<String>,
}

impl EventTypes {
    /// The types `scenario` names. Validation bounds their number
    /// (`limits::MAX_EVENT_TYPES`); beyond it, further names share the last id.
    pub fn of(scenario: &Scenario) -> EventTypes {
        let mut table = EventTypes { names: vec![String::new()] };
        table.names.extend(wiring::declared_event_types(scenario));
        // Conditions and filters name declared types in a valid scenario; an unvalidated one
        // may name others, which get ids of their own (and match nothing).
        let conditions = scenario.consumers.iter().flat_map(|g| {
            g.handler.emits.iter().filter_map(|e| match &e.when {
                EmitWhen::Type(name) => Some(name.as_str()),
                EmitWhen::Always | EmitWhen::Failed => None,
            })
        });
        let filters = scenario.consumers.iter().flat_map(|g| g.filter.iter().flatten().map(String::as_str));
        for name in conditions.chain(filters) {
            if !table.names.iter().any(|n| n == name) {
                table.names.push(name.to_string());
            }
        }
        table
    }

    /// The id of type `name` (untyped when the scenario does not name it).
    pub fn id(&self, name: &str) -> EventTypeId {
        let position = self.names.iter().position(|n| n == name).unwrap_or(0);
        EventTypeId(u8::try_from(position).unwrap_or(u8::MAX))
    }

    /// The name of type `id` ("" for the untyped event).
    pub fn name(&self, id: EventTypeId) -> &str {
        self.names.get(usize::from(id.0)).map_or("", String::as_str)
    }
}

/// The types a producer draws from, by weight.
#[derive(Clone, Debug, Default)]
pub struct EventMix {
    /// Cumulative weights, normalised so the last is 1.
    cumulative: Vec<f64>,
    types: Vec<EventTypeId>,
    /// Each type's own priority class, where it declares one.
    priorities: Vec<Option<u8>>,
}

impl EventMix {
    /// The mix of `events` (weights validated finite and positive).
    pub fn new(events: &[crate::scenario::EventType], table: &EventTypes) -> EventMix {
        let total: f64 = events.iter().map(|e| e.weight).sum();
        let mut sum = 0.0;
        let mut mix = EventMix::default();
        for event in events {
            sum += event.weight;
            mix.cumulative.push(sum / total);
            mix.types.push(table.id(&event.name));
            mix.priorities.push(event.priority);
        }
        mix
    }

    /// The priority class type `id` declares in this mix, if it does.
    pub fn priority(&self, id: EventTypeId) -> Option<u8> {
        let k = self.types.iter().position(|t| *t == id)?;
        self.priorities[k]
    }

    /// The type of the next event: untyped without a mix (no draw, so a producer's stream
    /// is the same as before types existed), else one draw from `rng`.
    #[inline]
    pub fn draw(&self, rng: &mut Stream) -> EventTypeId {
        match self.types.len() {
            0 => EventTypeId::UNTYPED,
            1 => self.types[0],
            _ => {
                let u = rng.random::<f64>();
                let k = self.cumulative.partition_point(|&c| c <= u).min(self.types.len() - 1);
                self.types[k]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::EventType;

    #[test]
    fn a_mix_draws_each_type_by_its_weight() {
        let table = EventTypes { names: vec![String::new(), "placed".into(), "cancelled".into()] };
        let events = [
            EventType { name: "placed".into(), weight: 0.95, priority: None },
            EventType { name: "cancelled".into(), weight: 0.05, priority: None },
        ];
        let mix = EventMix::new(&events, &table);
        let mut rng = crate::engine::rng::stream(1, "mix");
        let n = 100_000;
        let cancelled = (0..n).filter(|_| mix.draw(&mut rng) == EventTypeId(2)).count() as f64;
        // Binomial(100 000, 0.05): mean 5000, σ = √(n p (1−p)) ≈ 68.9; 5σ ≈ 345.
        assert!((cancelled - 5000.0).abs() < 345.0, "{cancelled}");
    }

    #[test]
    fn names_are_numbered_in_order_of_first_appearance() {
        let scenario = crate::scenario::parse_str(
            r#"Scenario(name: "t", topics: [Topic(name: "a"), Topic(name: "b")],
                producers: [Producer(name: "p", topic: "a", rate: Poisson(per_second: 1.0),
                    events: [EventType(name: "X"), EventType(name: "Y", weight: 2.0)])],
                consumers: [ConsumerGroup(name: "g", topic: "a", filter: Some(["Y"]),
                    handler: Handler(emits: [Emit(topic: "b", type: "Z", when: Type("X"))]))])"#,
            "t.ron",
        )
        .expect("parses");
        let table = EventTypes::of(&scenario);
        assert_eq!(
            (table.id("X"), table.id("Y"), table.id("Z"), table.id("?")),
            (EventTypeId(1), EventTypeId(2), EventTypeId(3), EventTypeId(0))
        );
        assert_eq!(table.name(EventTypeId(3)), "Z");
    }
}
