//! Alert rules evaluated once per sample interval, with Prometheus semantics.
//!
//! A rule whose condition holds at an evaluation becomes *pending* (active since that
//! evaluation); it *fires* at the first evaluation at which it has been active for at
//! least its `for` duration (at once when `for` is zero); it *resolves* at the first
//! evaluation at which the condition no longer holds, and a pending rule whose condition
//! stops holding goes back to inactive without firing (Prometheus alerting rules, the
//! `for` clause; `keep_firing_for` is not modelled).

use super::ids::{GroupId, ServiceId, TopicId, UnitId};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Firing episodes kept per rule; older ones are evicted (and counted).
pub const ALERT_HISTORY_CAPACITY: usize = 1_000;

/// What a rule measures, once per sample interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertMetric {
    /// A group's failed attempts / (processed + failed attempts) in the interval.
    FailureRate { group: GroupId },
    /// A group's p95 end-to-end latency in the interval, milliseconds.
    LatencyP95 { group: GroupId },
    /// A topic's backlog at the end of the interval.
    Backlog { topic: TopicId },
    /// A group's lag (unfetched plus unacknowledged) at the end of the interval.
    ConsumerLag { group: GroupId },
    /// The share of the interval a component (service, instance, node) was up.
    UnitAvailability { unit: UnitId },
    /// The mean share of the interval a group's instances were up.
    GroupAvailability { group: GroupId },
    /// The mean share of the interval a service's replicas were up (a service with several).
    ServiceAvailability { service: ServiceId },
}

/// Where a rule is in its life cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AlertState {
    Inactive,
    Pending { since: SimTime },
    Firing { since: SimTime },
}

/// One firing of a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertEpisode {
    pub fired_at: SimTime,
    pub resolved_at: Option<SimTime>,
}

/// A state change worth logging.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertChange {
    Fired,
    Resolved,
}

/// One configured alert and its state.
#[derive(Clone, Debug)]
pub struct AlertRule {
    pub name: String,
    /// The component the rule names (a group, topic, service, instance or node).
    pub subject: String,
    pub metric: AlertMetric,
    pub threshold: f64,
    /// Availability rules fire below their threshold; all others above it.
    pub fires_below: bool,
    pub sustained_for: SimDuration,
    pub state: AlertState,
    history: VecDeque<AlertEpisode>,
    evicted: u64,
    /// What runs when it fires, and when it resolves.
    pub on_fire: Option<crate::scenario::AlertAction>,
    pub on_resolve: Option<crate::scenario::AlertAction>,
    /// Actions that ran, and those whose command failed.
    pub actions_run: u64,
    pub actions_failed: u64,
}

impl AlertRule {
    pub fn new(
        name: String,
        subject: String,
        metric: AlertMetric,
        threshold: f64,
        fires_below: bool,
        sustained_for: SimDuration,
    ) -> AlertRule {
        AlertRule {
            name,
            subject,
            metric,
            threshold,
            fires_below,
            sustained_for,
            state: AlertState::Inactive,
            history: VecDeque::new(),
            evicted: 0,
            on_fire: None,
            on_resolve: None,
            actions_run: 0,
            actions_failed: 0,
        }
    }

    /// A live change of the threshold or `for`: a pending rule fires when it has held for
    /// the new `for`, judged at the next evaluation.
    pub fn reconfigure(&mut self, threshold: f64, sustained_for: SimDuration) {
        self.threshold = threshold;
        self.sustained_for = sustained_for;
    }

    fn condition_holds(&self, value: f64) -> bool {
        if self.fires_below { value < self.threshold } else { value > self.threshold }
    }

    /// One evaluation at `now` with the interval's `value`.
    pub fn evaluate(&mut self, now: SimTime, value: f64) -> Option<AlertChange> {
        let holds = self.condition_holds(value);
        match (self.state, holds) {
            (AlertState::Inactive, true) => {
                self.state = AlertState::Pending { since: now };
                self.fire_if_due(now)
            }
            (AlertState::Pending { .. }, true) => self.fire_if_due(now),
            (AlertState::Pending { .. }, false) => {
                self.state = AlertState::Inactive;
                None
            }
            (AlertState::Firing { .. }, false) => {
                self.state = AlertState::Inactive;
                if let Some(episode) = self.history.back_mut() {
                    episode.resolved_at = Some(now);
                }
                Some(AlertChange::Resolved)
            }
            (AlertState::Firing { .. }, true) | (AlertState::Inactive, false) => None,
        }
    }

    fn fire_if_due(&mut self, now: SimTime) -> Option<AlertChange> {
        let AlertState::Pending { since } = self.state else { return None };
        if now - since < self.sustained_for {
            return None;
        }
        self.state = AlertState::Firing { since: now };
        if self.history.len() == ALERT_HISTORY_CAPACITY {
            self.history.pop_front();
            self.evicted += 1;
        }
        self.history.push_back(AlertEpisode { fired_at: now, resolved_at: None });
        Some(AlertChange::Fired)
    }

    pub fn is_firing(&self) -> bool {
        matches!(self.state, AlertState::Firing { .. })
    }

    /// Firing episodes, oldest first (bounded by [`ALERT_HISTORY_CAPACITY`]).
    pub fn history(&self) -> &VecDeque<AlertEpisode> {
        &self.history
    }

    pub fn evicted(&self) -> u64 {
        self.evicted
    }

    /// The log entry of this alert firing at `value`.
    pub fn firing(&self, value: f64) -> super::LogText {
        super::LogText::AlertFiring {
            name: self.name.clone(),
            what: self.what().to_string(),
            subject: self.subject.clone(),
            value: format!("{value:.4}"),
            below: self.fires_below,
            threshold: self.threshold.to_string(),
            sustained: self.sustained_for,
        }
    }

    /// What the rule watches, in the English of its log entry ("consumer lag").
    fn what(&self) -> &'static str {
        match self.metric {
            AlertMetric::FailureRate { .. } => "failure rate",
            AlertMetric::LatencyP95 { .. } => "p95 latency (ms)",
            AlertMetric::Backlog { .. } => "backlog",
            AlertMetric::ConsumerLag { .. } => "consumer lag",
            AlertMetric::UnitAvailability { .. }
            | AlertMetric::GroupAvailability { .. }
            | AlertMetric::ServiceAvailability { .. } => "availability",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: u64) -> SimTime {
        SimTime(x * 1_000_000_000)
    }

    fn rule(for_s: u64) -> AlertRule {
        AlertRule::new(
            "lag".into(),
            "g".into(),
            AlertMetric::ConsumerLag { group: GroupId::new(0) },
            100.0,
            false,
            SimDuration::from_secs(for_s),
        )
    }

    /// Evaluations every second; the condition holds from t = 3 to t = 9.
    /// With `for` = 4 s: pending at 3, firing at 7 (7 − 3 = 4), resolved at 10.
    #[test]
    fn fires_after_exactly_for_and_resolves_when_the_condition_stops() {
        let mut r = rule(4);
        let mut changes = Vec::new();
        for t in 1..=12 {
            let value = if (3..=9).contains(&t) { 500.0 } else { 0.0 };
            if let Some(c) = r.evaluate(s(t), value) {
                changes.push((t, c));
            }
            if t == 5 {
                assert_eq!(r.state, AlertState::Pending { since: s(3) });
            }
        }
        assert_eq!(changes, [(7, AlertChange::Fired), (10, AlertChange::Resolved)]);
        assert_eq!(r.history()[0], AlertEpisode { fired_at: s(7), resolved_at: Some(s(10)) });
    }

    #[test]
    fn a_pending_alert_that_clears_never_fires() {
        let mut r = rule(4);
        for t in 1..=3 {
            assert_eq!(r.evaluate(s(t), 500.0), None);
        }
        assert_eq!(r.evaluate(s(4), 0.0), None);
        assert_eq!(r.state, AlertState::Inactive);
        assert!(r.history().is_empty());
    }

    #[test]
    fn zero_for_fires_on_the_first_evaluation() {
        let mut r = rule(0);
        assert_eq!(r.evaluate(s(1), 500.0), Some(AlertChange::Fired));
    }

    #[test]
    fn availability_rules_fire_below() {
        let mut r = AlertRule::new(
            "down".into(),
            "svc".into(),
            AlertMetric::UnitAvailability { unit: UnitId::new(0) },
            0.99,
            true,
            SimDuration::ZERO,
        );
        assert_eq!(r.evaluate(s(1), 1.0), None);
        assert_eq!(r.evaluate(s(2), 0.5), Some(AlertChange::Fired));
    }
}
