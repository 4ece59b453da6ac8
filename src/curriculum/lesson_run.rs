//! A lesson's run: the checklist and the lecturer's scripted actions, stepped together so
//! that each action happens at exactly its virtual time and each expectation is observed
//! exactly where it needs to be.

use super::checklist::Checklist;
use crate::engine::command::DEFAULT_REDRIVE_LOOP_GUARD;
use crate::engine::{Command, CommandError, DeadLetterStore, LogText, RedriveSelection, Simulation};
use crate::i18n::{Lang, say};
use crate::scenario::{Action, Scenario};
use crate::time::SimTime;

/// What became of one scripted action.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionOutcome {
    pub at: SimTime,
    /// The action in words ("redrive orders.dlq"; [`ActionWords::render`]).
    pub action: ActionWords,
    /// What the engine did (its log entry: "redrive: 120 selected, 118 republished, ..."),
    /// or why it refused.
    pub result: Result<LogText, CommandError>,
}

/// A scripted action as a reader sees it, worded when shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionWords {
    Redrive {
        from: String,
    },
    /// `to` as a scenario writes it (`Shift(-5)`).
    ResetOffsets {
        group: String,
        to: String,
    },
    AddPartitions {
        topic: String,
        partitions: u32,
    },
}

impl ActionWords {
    pub fn render(&self, lang: Lang) -> String {
        match self {
            ActionWords::Redrive { from } => say(lang, "lesson-action-redrive", &[("from", from.as_str().into())]),
            ActionWords::ResetOffsets { group, to } => say(
                lang,
                "lesson-action-reset-offsets",
                &[("group", group.as_str().into()), ("to", to.as_str().into())],
            ),
            ActionWords::AddPartitions { topic, partitions } => say(
                lang,
                "lesson-action-add-partitions",
                &[("topic", topic.as_str().into()), ("partitions", (*partitions).into())],
            ),
        }
    }
}

crate::i18n::english_display!(ActionWords);

/// A scenario's run as a lesson: its checklist and its actions.
#[derive(Debug)]
pub struct LessonRun {
    checklist: Checklist,
    /// (when, command, description), in time order.
    script: Vec<(SimTime, Command, ActionWords)>,
    /// Actions before this index are done.
    next: usize,
    outcomes: Vec<ActionOutcome>,
}

impl LessonRun {
    /// The lesson run of `scenario` at `sim`'s current time. Actions before that time are
    /// taken as done: a run resumed from a checkpoint replays them from its command log.
    pub fn new(scenario: &Scenario, checklist: Checklist, sim: &Simulation) -> LessonRun {
        let actions = scenario.lesson.as_ref().map_or(&[][..], |l| l.actions.as_slice());
        let mut script: Vec<(SimTime, Command, ActionWords)> =
            actions.iter().map(|a| (SimTime(a.at().0), command(scenario, a), describe(a))).collect();
        // Validation keeps them in order; a stable sort keeps equal times in file order.
        script.sort_by_key(|(at, _, _)| *at);
        let next = script.partition_point(|(at, _, _)| *at < sim.now());
        LessonRun { checklist, script, next, outcomes: Vec::new() }
    }

    pub fn checklist(&self) -> &Checklist {
        &self.checklist
    }

    /// The actions applied so far, in order.
    pub fn outcomes(&self) -> &[ActionOutcome] {
        &self.outcomes
    }

    /// The next virtual time after `now` at which the run must stop: an action or an
    /// expectation's `at`.
    pub fn next_stop(&self, now: SimTime) -> Option<SimTime> {
        let action = self.script.get(self.next).map(|(at, _, _)| *at).filter(|&at| at > now);
        match (action, self.checklist.next_stop(now)) {
            (Some(a), Some(c)) => Some(a.min(c)),
            (a, c) => a.or(c),
        }
    }

    /// Advances `sim` to `limit`. At each stop on the way it observes the checklist, then
    /// applies the actions due (after every event of that instant, as a click in the
    /// dashboard would): an expectation `at` an action's time sees the run just before the
    /// action.
    pub fn step_until(&mut self, sim: &mut Simulation, limit: SimTime) {
        self.observe(sim);
        while let Some(stop) = self.next_stop(sim.now()).filter(|&s| s <= limit) {
            sim.step_until(stop);
            self.observe(sim);
        }
        sim.step_until(limit);
        self.observe(sim);
    }

    /// Observes now and at every stop strictly before `limit`, leaving `sim` short of it:
    /// for drivers that must act at `limit` themselves first (a replay applying a recorded
    /// command there).
    pub fn step_before(&mut self, sim: &mut Simulation, limit: SimTime) {
        self.observe(sim);
        while let Some(stop) = self.next_stop(sim.now()).filter(|&s| s < limit) {
            sim.step_until(stop);
            self.observe(sim);
        }
    }

    /// Observes the checklist now, then applies the actions due (for drivers that step the
    /// simulation themselves, such as the dashboard's single step; they must still stop
    /// at [`LessonRun::next_stop`]).
    pub fn observe(&mut self, sim: &mut Simulation) {
        self.checklist.watch_structures(sim);
        self.checklist.observe(sim);
        self.apply_due(sim);
    }

    fn apply_due(&mut self, sim: &mut Simulation) {
        while let Some((at, command, action)) = self.script.get(self.next).filter(|(at, _, _)| *at <= sim.now()) {
            let result = match sim.apply(command.clone()) {
                // `apply` logs what it did; that line is the outcome.
                Ok(()) => {
                    Ok(sim.log().entries().back().map_or_else(|| LogText::Plain(String::new()), |e| e.text.clone()))
                }
                Err(e) => Err(e),
            };
            self.outcomes.push(ActionOutcome { at: *at, action: action.clone(), result });
            self.next += 1;
        }
    }
}

/// The engine command an action stands for.
fn command(scenario: &Scenario, action: &Action) -> Command {
    match action {
        Action::Redrive { from, loop_guard, .. } => {
            // Validation made `from` a dead-letter topic or a group that parks.
            let store = if scenario.topics.iter().any(|t| t.name == *from) {
                DeadLetterStore::Topic(from.clone())
            } else {
                DeadLetterStore::ParkingLot(from.clone())
            };
            Command::Redrive {
                from: store,
                select: RedriveSelection::All,
                loop_guard: loop_guard.unwrap_or(DEFAULT_REDRIVE_LOOP_GUARD),
            }
        }
        Action::ResetOffsets { group, to, .. } => Command::ResetOffsets { group: group.clone(), to: *to },
        Action::AddPartitions { topic, partitions, .. } => {
            Command::AddPartitions { topic: topic.clone(), partitions: *partitions }
        }
    }
}

fn describe(action: &Action) -> ActionWords {
    match action {
        Action::Redrive { from, .. } => ActionWords::Redrive { from: from.clone() },
        Action::ResetOffsets { group, to, .. } => {
            ActionWords::ResetOffsets { group: group.clone(), to: crate::engine::sim::describe_reset(*to) }
        }
        Action::AddPartitions { topic, partitions, .. } => {
            ActionWords::AddPartitions { topic: topic.clone(), partitions: *partitions }
        }
    }
}
