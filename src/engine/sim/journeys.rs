//! The traced journeys in words: each step with the names of the components it touched,
//! for `faultline trace`, `run --json`'s `traces` and the dashboard.

use super::*;
use crate::engine::ids::SagaId;
use crate::engine::saga::StepAction;
use crate::engine::trace::{MAX_STEPS_PER_TRACE, SagaMark, Trace};
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
    /// `emit`, `end`, `redrive` or `saga`.
    pub step: &'static str,
    /// The topic, group or service involved.
    pub component: String,
    /// The other end of a step between two components: the caller of a `call` or an
    /// `answer`, the topic of an `emit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peer: Option<String>,
    pub detail: String,
    /// A `saga` step: what the saga this message triggered did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saga: Option<SagaStep>,
}

/// One step of a saga's timeline, named: the coordinator's call of a step or of its
/// compensation, its outcome, a skip, a resumption from the saga log, or the end.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SagaStep {
    pub saga: String,
    /// `call`, `answer`, `skipped`, `resumed` or `end`.
    pub event: &'static str,
    /// The step (or the step a compensation undoes), in plan order from 0, and its name;
    /// for `end`, the step that failed (none when the saga completed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_name: Option<String>,
    /// A compensation's call or answer.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub compensation: bool,
    /// The service called (the step's, or its compensation's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The topic a command step sends its command to (it has no service).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// A call's attempt, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempt: Option<u32>,
    /// An answer's outcome: `ok` or the error class.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<&'static str>,
    /// How the saga ended (`completed`, `compensated`, `failed`, `inconsistent`) and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
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

    /// The journey of root `root`, if the tracer keeps it (a dashboard picks one by id:
    /// from a dead letter, a log line, a time on a plot).
    pub fn journey_of(&self, root: u64) -> Option<Journey> {
        let tracer = self.tracer.as_ref()?;
        tracer.traces().get(&root).map(|trace| self.journey(root, trace))
    }

    /// Every kept journey's root and the time of its first step (its publish), seconds, by
    /// root id. The tracer keeps at most `max_traces` and never drops one it keeps, so the
    /// list only grows during a run.
    pub fn traced_roots(&self) -> Vec<(u64, f64)> {
        let Some(tracer) = &self.tracer else { return Vec::new() };
        tracer
            .traces()
            .iter()
            .map(|(&root, trace)| (root, trace.steps.first().map_or(0.0, |step| step.at.as_secs_f64())))
            .collect()
    }

    /// Journeys the tracer keeps (changes only when a new root is kept).
    pub fn traced_count(&self) -> usize {
        self.tracer.as_ref().map_or(0, |t| t.traces().len())
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
                    StepKind::Saga { saga, mark } => {
                        return self.saga_journey_step(step.at, step.message, step.parent, saga, mark);
                    }
                };
                JourneyStep {
                    at_s: step.at.as_secs_f64(),
                    message: step.message,
                    parent: step.parent,
                    step: name,
                    component,
                    peer,
                    detail,
                    saga: None,
                }
            })
            .collect();
        debug_assert!(trace.steps.len() <= MAX_STEPS_PER_TRACE);
        Journey { root, steps, steps_dropped: trace.steps_dropped }
    }
}

impl Simulation {
    /// A saga step of a journey: on the coordinator's lane, in words and as data.
    fn saga_journey_step(
        &self,
        at: SimTime,
        message: u64,
        parent: Option<u64>,
        k: SagaId,
        mark: SagaMark,
    ) -> JourneyStep {
        let saga = &self.sagas[k];
        let coordinator = self.groups[saga.group].name.clone();
        let plan = |step: u16| saga.steps.get(usize::from(step));
        let name_of = |step: u16| plan(step).map(|p| p.name.clone());
        let service_of = |step: u16, compensation: bool| {
            let planned = plan(step)?;
            let service = match (compensation, planned.action) {
                (true, _) => planned.compensate.map(|(_, s)| s)?,
                (false, StepAction::Call { service, .. }) => service,
                (false, StepAction::Command(_)) => return None,
            };
            Some(self.services[service].name.clone())
        };
        let topic_of = |step: u16, compensation: bool| match plan(step)?.action {
            StepAction::Command(command) if !compensation => Some(self.topics[command.topic].name.clone()),
            _ => None,
        };
        let mut named = SagaStep {
            saga: saga.name.clone(),
            event: "",
            step: None,
            step_name: None,
            compensation: false,
            service: None,
            topic: None,
            attempt: None,
            outcome: None,
            end: None,
            reason: None,
        };
        match mark {
            SagaMark::Call { step, compensation, attempt } => {
                named = SagaStep {
                    event: "call",
                    step: Some(usize::from(step)),
                    step_name: name_of(step),
                    compensation,
                    service: service_of(step, compensation),
                    topic: topic_of(step, compensation),
                    attempt: Some(attempt),
                    ..named
                };
            }
            SagaMark::Answer { step, compensation, outcome } => {
                named = SagaStep {
                    event: "answer",
                    step: Some(usize::from(step)),
                    step_name: name_of(step),
                    compensation,
                    service: service_of(step, compensation),
                    topic: topic_of(step, compensation),
                    outcome: Some(outcome.map_or("ok", |c| c.name())),
                    ..named
                };
            }
            SagaMark::Skipped { step } => {
                named = SagaStep { event: "skipped", step: Some(usize::from(step)), step_name: name_of(step), ..named };
            }
            SagaMark::Resumed => named.event = "resumed",
            SagaMark::Ended { end, failed } => {
                named = SagaStep {
                    event: "end",
                    step: failed.map(|(step, _)| usize::from(step)),
                    step_name: failed.and_then(|(step, _)| name_of(step)),
                    end: Some(end.name()),
                    reason: failed.map(|(_, why)| why.name()),
                    ..named
                };
            }
        }
        JourneyStep {
            at_s: at.as_secs_f64(),
            message,
            parent,
            step: "saga",
            component: coordinator,
            peer: None,
            detail: saga_detail(&named),
            saga: Some(named),
        }
    }
}

/// A saga step in words, for `faultline trace` and the journey's list: "checkout: charge
/// attempt 2 calls payment", "checkout: undo reserve: ok", "checkout ended compensated
/// (charge failed: step_business)".
fn saga_detail(step: &SagaStep) -> String {
    let name = step.step_name.as_deref().unwrap_or("?");
    let what = if step.compensation { format!("undo {name}") } else { name.to_string() };
    match step.event {
        "call" if step.topic.is_some() => format!(
            "{}: {what} attempt {} sends a command to {}",
            step.saga,
            step.attempt.unwrap_or(1),
            step.topic.as_deref().unwrap_or("?")
        ),
        "call" => format!(
            "{}: {what} attempt {} calls {}",
            step.saga,
            step.attempt.unwrap_or(1),
            step.service.as_deref().unwrap_or("?")
        ),
        "answer" => format!("{}: {what}: {}", step.saga, step.outcome.unwrap_or("ok")),
        "skipped" => format!("{}: {name} skipped (its condition)", step.saga),
        "resumed" => format!("{}: resumed from the saga log", step.saga),
        _ => match (step.step_name.as_deref(), step.reason) {
            (Some(failed), Some(why)) => {
                format!("{} ended {} ({failed} failed: {why})", step.saga, step.end.unwrap_or("?"))
            }
            _ => format!("{} ended {}", step.saga, step.end.unwrap_or("?")),
        },
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
