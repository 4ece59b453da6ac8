//! The rules on how a scenario's components connect, each written once. Validation words
//! every breach at its field; the engine refuses to build a scenario that breaks one (it
//! may be given one that was never validated, and builds nothing it cannot run).

use super::{OnExhausted, RateLimit, RateOverflow, Scenario};
use std::collections::BTreeMap;

/// A group that reads a topic an earlier group already reads: fan-out of one topic to
/// several groups is not modelled yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SharedTopic {
    /// The group that breaks the rule (index in `consumers`).
    pub group: usize,
    /// The first group of that topic.
    pub first: usize,
}

/// Every group that reads a topic an earlier group already reads, in file order.
pub fn shared_topics(s: &Scenario) -> Vec<SharedTopic> {
    let mut consumer_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut shared = Vec::new();
    for (g, group) in s.consumers.iter().enumerate() {
        match consumer_of.get(group.topic.as_str()) {
            Some(&first) => shared.push(SharedTopic { group: g, first }),
            None => {
                consumer_of.insert(&group.topic, g);
            }
        }
    }
    shared
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
    fn the_second_and_third_reader_of_a_topic_share_it_with_the_first() {
        let s = scenario(
            r#"Scenario(name: "w", topics: [Topic(name: "a"), Topic(name: "b")],
                consumers: [ConsumerGroup(name: "g0", topic: "a"), ConsumerGroup(name: "g1", topic: "b"),
                            ConsumerGroup(name: "g2", topic: "a"), ConsumerGroup(name: "g3", topic: "a")])"#,
        );
        assert_eq!(shared_topics(&s), [SharedTopic { group: 2, first: 0 }, SharedTopic { group: 3, first: 0 }]);
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
