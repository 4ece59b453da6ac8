//! The traced journeys in words: each step with the names of the components it touched,
//! for `faultline trace`, `run --json`'s `traces` and the dashboard.

use super::*;
use crate::engine::trace::{MAX_STEPS_PER_TRACE, Trace};
use serde::Serialize;

/// One root event's journey, readable.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Journey {
    /// The root's id (the correlation id of every message in it).
    pub root: u64,
    pub steps: Vec<JourneyStep>,
    /// Steps not kept (beyond the bounds of `engine::trace`).
    pub steps_dropped: u64,
}

/// One step of a journey.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JourneyStep {
    pub at_s: f64,
    /// The message it happened to, and the message that emitted it (none for the root).
    pub message: u64,
    pub parent: Option<u64>,
    /// `publish`, `refused`, `filtered`, `attempt`, `call`, `answer`, `retry`, `processed`,
    /// `emit`, `end` or `redrive`.
    pub step: &'static str,
    /// The topic, group or service involved.
    pub component: String,
    /// The other end of a step between two components: the caller of a `call` or an
    /// `answer`, the topic of an `emit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peer: Option<String>,
    pub detail: String,
}

impl Simulation {
    /// Every traced journey, by root id (empty when the scenario does not trace).
    pub fn journeys(&self) -> Vec<Journey> {
        let Some(tracer) = &self.tracer else { return Vec::new() };
        tracer.traces().iter().map(|(&root, trace)| self.journey(root, trace)).collect()
    }

    /// The `limit` newest traced journeys (by root id), newest first: what a dashboard
    /// lists without converting every kept journey on every frame.
    pub fn recent_journeys(&self, limit: usize) -> Vec<Journey> {
        let Some(tracer) = &self.tracer else { return Vec::new() };
        tracer.traces().iter().rev().take(limit).map(|(&root, trace)| self.journey(root, trace)).collect()
    }

    /// Changes whenever a step is recorded (`None` without tracing): views of the
    /// journeys rebuild only then.
    pub fn journeys_change_key(&self) -> Option<(usize, usize)> {
        self.tracer.as_ref().map(|t| (t.traces().len(), t.steps_held()))
    }

    /// Sampled roots whose journey was not kept (`max_traces` were held).
    pub fn journeys_not_kept(&self) -> u64 {
        self.tracer.as_ref().map_or(0, |t| t.not_kept)
    }

    fn journey(&self, root: u64, trace: &Trace) -> Journey {
        let topic = |t: TopicId| self.topics[t].name.clone();
        let group = |g: GroupId| self.groups[g].name.clone();
        let service = |s: ServiceId| self.services[s].name.clone();
        let steps = trace
            .steps
            .iter()
            .map(|step| {
                let answer =
                    |outcome: Option<ErrorClass>, to: &str| format!("{} to {to}", outcome.map_or("ok", |c| c.name()));
                let (name, component, peer, detail) = match step.kind {
                    StepKind::Published { topic: t } => ("publish", topic(t), None, String::new()),
                    StepKind::Refused { topic: t, reason } => ("refused", topic(t), None, reason.to_string()),
                    StepKind::Filtered { group: g } => ("filtered", group(g), None, "not a type it takes".into()),
                    StepKind::Attempt { group: g, instance, number } => {
                        ("attempt", group(g), None, format!("attempt {number} on {}/{}", group(g), instance.get() + 1))
                    }
                    StepKind::Call { group: g, service: s } => {
                        ("call", service(s), Some(group(g)), format!("from {}", group(g)))
                    }
                    StepKind::CallEnded { group: g, service: s, outcome } => {
                        ("answer", service(s), Some(group(g)), answer(outcome, &group(g)))
                    }
                    StepKind::HopCall { caller, service: s } => {
                        ("call", service(s), Some(service(caller)), format!("from {}", service(caller)))
                    }
                    StepKind::HopEnded { caller, service: s, outcome } => {
                        ("answer", service(s), Some(service(caller)), answer(outcome, &service(caller)))
                    }
                    StepKind::Retry { group: g, after } => ("retry", group(g), None, format!("after {after}")),
                    StepKind::Processed { group: g } => ("processed", group(g), None, String::new()),
                    StepKind::Emitted { group: g, child, topic: t } => {
                        ("emit", group(g), Some(topic(t)), format!("message {child} to {}", topic(t)))
                    }
                    StepKind::Ended { terminal, reason, group: g } => (
                        "end",
                        g.map_or_else(String::new, group),
                        None,
                        format!("{}: {reason}", terminal_name(terminal)),
                    ),
                    StepKind::Redriven { topic: t } => ("redrive", topic(t), None, String::new()),
                };
                JourneyStep {
                    at_s: step.at.as_secs_f64(),
                    message: step.message,
                    parent: step.parent,
                    step: name,
                    component,
                    peer,
                    detail,
                }
            })
            .collect();
        debug_assert!(trace.steps.len() <= MAX_STEPS_PER_TRACE);
        Journey { root, steps, steps_dropped: trace.steps_dropped }
    }
}

fn terminal_name(terminal: Terminal) -> &'static str {
    match terminal {
        Terminal::Processed => "processed",
        Terminal::Filtered => "filtered",
        Terminal::DeadLettered => "dead-lettered",
        Terminal::Expired => "expired",
        Terminal::Dropped => "dropped",
        Terminal::Lost => "lost",
    }
}
