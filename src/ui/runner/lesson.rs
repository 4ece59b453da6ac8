//! The runner's side of a lesson: which scenario and question are running, the
//! curriculum's `LessonRun` (the checklist and the scripted actions) stepped with the
//! simulation, and the view of it the snapshot carries.
//!
//! The runner slices the simulation as it likes (by wall time), so the driver says where a
//! slice must end ([`LessonDriver::next_stop`]: an expectation's `at` or an action's time)
//! and is told when the run stands there ([`LessonDriver::observe`]); that is exactly what
//! `LessonRun::step_until` does headless, so the dashboard's checklist ticks to the same
//! verdicts as `faultline run`.

use crate::curriculum::{self, ActionOutcome, Item, LessonRun};
use crate::engine::Simulation;
use crate::scenario::{Lesson, Scenario};
use crate::time::SimTime;
use crate::ui::snapshot::LessonView;
use crate::ui::snapshot::Refusal;
use std::sync::Arc;

/// A run of a scenario with its lesson or expectations.
pub struct LessonDriver {
    /// The scenario as loaded, before a question's changes (what another question starts from).
    base: Arc<Scenario>,
    trial: Trial,
    /// The attempt at the challenge this run grades, when it is one.
    attempt: Option<Arc<curriculum::Attempt>>,
    run: LessonRun,
    lesson: Option<Arc<Lesson>>,
    /// The last items and outcomes handed out, shared until they change.
    items: Arc<[Item]>,
    outcomes: Arc<[ActionOutcome]>,
    /// The moment last observed (time, events handled, commands applied), so that a
    /// moment is observed once however many stepping paths pass it.
    observed: Option<(SimTime, u64, usize)>,
}

/// A freshly built run: the scenario as it runs, its simulation and, for a scenario that
/// teaches, its driver.
pub struct Started {
    pub scenario: Arc<Scenario>,
    pub sim: Simulation,
    pub lesson: Option<LessonDriver>,
}

/// Why a run (or a lesson resumed after a seek) could not be built.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Build(#[from] crate::engine::BuildError),
    #[error(transparent)]
    Plan(#[from] curriculum::PlanError),
    #[error(transparent)]
    Run(#[from] curriculum::RunError),
    /// The expectations do not fit the run resumed at another moment (how many problems).
    #[error("{0} problems with the lesson's expectations")]
    Expectations(usize),
}

impl From<StartError> for Arc<Refusal> {
    fn from(error: StartError) -> Arc<Refusal> {
        match error {
            // Kept as a value: a question's change and its problems are worded when drawn.
            StartError::Plan(e) => Arc::new(Refusal::Plan(e)),
            other => Arc::new(Refusal::Start(other.to_string())),
        }
    }
}

/// Whether a scenario has anything for the lesson panel.
pub fn teaches(scenario: &Scenario) -> bool {
    scenario.lesson.is_some() || !scenario.expect.is_empty()
}

/// What a lesson's run tries: the lesson itself, one of its questions, or an attempt at
/// its challenge (changes from time zero).
#[derive(Clone, Debug, PartialEq)]
pub enum Trial {
    Lesson,
    /// Question N, from 1.
    Question(usize),
    /// `PATH=VALUE` changes from the start, graded by the scenario's `expect`; `solution`:
    /// the challenge's reference solution (its changes are the challenge's own).
    Attempt {
        changes: Arc<[String]>,
        solution: bool,
    },
}

impl From<Option<usize>> for Trial {
    fn from(question: Option<usize>) -> Trial {
        question.map_or(Trial::Lesson, Trial::Question)
    }
}

impl Trial {
    /// The plan of this trial on `base`.
    fn plan(&self, base: &Scenario) -> Result<curriculum::Plan, curriculum::PlanError> {
        match self {
            Trial::Lesson => curriculum::plan(base, None),
            Trial::Question(n) => curriculum::plan(base, Some(*n)),
            Trial::Attempt { solution: true, .. } => curriculum::plan_solution(base),
            Trial::Attempt { changes, solution: false } => curriculum::plan_attempt(base, changes),
        }
    }
}

/// Builds the run of `base` (or of its question `question`, from 1) with `seed`, at time
/// zero. A scenario without lesson or expectations runs bare.
pub fn start(base: &Arc<Scenario>, question: Option<usize>, seed: u64) -> Result<Started, StartError> {
    start_trial(base, &Trial::from(question), seed)
}

/// [`start`] for any trial (an attempt at the challenge, too).
pub fn start_trial(base: &Arc<Scenario>, trial: &Trial, seed: u64) -> Result<Started, StartError> {
    if !teaches(base) {
        let sim = Simulation::with_seed(base, seed)?;
        return Ok(Started { scenario: base.clone(), sim, lesson: None });
    }
    let plan = trial.plan(base)?;
    let (sim, run) = curriculum::start(&plan, Some(seed))?;
    let attempt = plan.attempt.clone().map(Arc::new);
    let scenario = if *trial == Trial::Lesson { base.clone() } else { Arc::new(plan.scenario) };
    let driver = LessonDriver {
        base: base.clone(),
        trial: trial.clone(),
        attempt,
        items: run.checklist().items().into(),
        outcomes: run.outcomes().into(),
        run,
        lesson: base.lesson.clone().map(Arc::new),
        observed: None,
    };
    Ok(Started { scenario, sim, lesson: Some(driver) })
}

impl LessonDriver {
    pub fn base(&self) -> &Arc<Scenario> {
        &self.base
    }

    pub fn question(&self) -> Option<usize> {
        match self.trial {
            Trial::Question(n) => Some(n),
            _ => None,
        }
    }

    /// What this run tries (a restart tries it again).
    pub fn trial(&self) -> &Trial {
        &self.trial
    }

    /// The next instant after `now` where the run must stop and be observed.
    pub fn next_stop(&self, now: SimTime) -> Option<SimTime> {
        self.run.next_stop(now)
    }

    /// Observes the checklist and applies the actions due, the run standing where it is.
    /// The same moment observed again changes nothing, so it is skipped.
    pub fn observe(&mut self, sim: &mut Simulation) {
        let moment = |sim: &Simulation| (sim.now(), sim.events_handled(), sim.commands().len());
        if self.observed == Some(moment(sim)) {
            return;
        }
        self.run.observe(sim);
        self.observed = Some(moment(sim));
    }

    /// The view for the next snapshot; allocates only when the checklist changed.
    pub fn view(&mut self) -> LessonView {
        if *self.items != *self.run.checklist().items() {
            self.items = self.run.checklist().items().into();
        }
        if self.outcomes.len() != self.run.outcomes().len() {
            self.outcomes = self.run.outcomes().into();
        }
        LessonView {
            lesson: self.lesson.clone(),
            question: self.question(),
            attempt: self.attempt.clone(),
            items: self.items.clone(),
            outcomes: self.outcomes.clone(),
        }
    }
}

impl LessonDriver {
    /// The same lesson resumed on `sim`, another moment of its run (after a seek): a
    /// checklist judged from there, the scripted actions before that moment taken as done
    /// (the run's command log holds them).
    pub fn resumed(&self, sim: &Simulation) -> Result<LessonDriver, StartError> {
        let plan = self.trial.plan(&self.base)?;
        let checklist = curriculum::Checklist::new(&plan.expectations, sim, &plan.expectations_at)
            .map_err(|problems| StartError::Expectations(problems.len()))?;
        let run = LessonRun::new(&plan.scenario, checklist, sim);
        Ok(LessonDriver {
            base: self.base.clone(),
            trial: self.trial.clone(),
            attempt: self.attempt.clone(),
            items: run.checklist().items().into(),
            outcomes: run.outcomes().into(),
            run,
            lesson: self.lesson.clone(),
            observed: None,
        })
    }

    /// Whether `recorded` is one of the lesson's scripted actions (applied by the lesson,
    /// not to be replayed from a log as well).
    pub fn scripts(&self, recorded: &crate::engine::TimedCommand) -> bool {
        let Some(lesson) = &self.lesson else { return false };
        matches!(
            recorded.command,
            crate::engine::Command::Redrive { .. }
                | crate::engine::Command::ResetOffsets { .. }
                | crate::engine::Command::AddPartitions { .. }
        ) && lesson.actions.iter().any(|a| SimTime(a.at().0) == recorded.at)
    }
}
