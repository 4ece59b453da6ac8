//! Loading a scenario with everything checked that its expectations need, choosing what to
//! run (the scenario, or one of its lesson's questions), and running it headless.

use super::checklist::Checklist;
use super::lesson_run::LessonRun;
use crate::engine::{BuildError, Simulation};
use crate::i18n::{Lang, say};
use crate::scenario::challenge::NotAllowed;
use crate::scenario::change::{self, Change, ChangeError};
use crate::scenario::path::Path;
use crate::scenario::validate::{Problem, Problems};
use crate::scenario::{self, Expectation, Scenario, ScenarioError};

/// A scenario ready to run, with the expectations that apply to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The scenario as it will run (with a question's changes applied).
    pub scenario: Scenario,
    /// The question's own expectations when it has some, else the scenario's.
    pub expectations: Vec<Expectation>,
    /// Where those expectations are written (`expect`, `lesson.questions[1].expect`).
    pub expectations_at: Path,
    /// The question tried, numbered from 1 as `--try` numbers them.
    pub question: Option<usize>,
    /// The changes tried from the start (`run --set`, `--try solution`, the dashboard's
    /// "Run attempt"), with what a challenge says of them.
    pub attempt: Option<Attempt>,
}

/// Changes tried on a scenario from time zero, as an attempt at its challenge (when it
/// has one): graded by the scenario's own `expect`.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    /// `PATH=VALUE`, as given.
    pub changes: Vec<String>,
    /// The changes a challenge does not allow: the run happens, but the attempt does not
    /// count (empty without a challenge).
    pub not_allowed: Vec<NotAllowed>,
    /// The challenge's reference solution (`--try solution`, "Show solution").
    pub solution: bool,
}

impl Attempt {
    /// Whether the attempt keeps to the challenge's rules (always, without a challenge).
    pub fn counts(&self) -> bool {
        self.not_allowed.is_empty()
    }
}

/// Why a plan could not be made.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanError {
    NoLesson,
    NoQuestion {
        asked: usize,
        count: usize,
    },
    Invalid {
        question: usize,
        reason: QuestionError,
    },
    /// `--try solution` on a scenario without a challenge.
    NoChallenge,
    /// The changes of an attempt (or of a challenge's solution) cannot be run.
    InvalidAttempt(QuestionError),
}

impl PlanError {
    /// The error in `lang` (a question's change and the changed scenario's problems too).
    pub fn render(&self, lang: Lang) -> String {
        match self {
            PlanError::NoLesson => say(lang, "plan-error-no-lesson", &[]),
            PlanError::NoQuestion { asked, count } => {
                say(lang, "plan-error-no-question", &[("asked", (*asked).into()), ("count", (*count).into())])
            }
            PlanError::Invalid { question, reason } => say(
                lang,
                "plan-error-invalid",
                &[("question", (*question).into()), ("reason", reason.render(lang).into())],
            ),
            PlanError::NoChallenge => say(lang, "plan-error-no-challenge", &[]),
            PlanError::InvalidAttempt(reason) => {
                say(lang, "plan-error-attempt", &[("reason", reason.render(lang).into())])
            }
        }
    }
}

crate::i18n::english_display!(PlanError);

impl std::error::Error for PlanError {}

/// Why a question's changes do not make a runnable scenario.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum QuestionError {
    #[error(transparent)]
    Change(#[from] ChangeError),
    /// The changed scenario's located problems.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
}

impl QuestionError {
    /// The error in `lang` (English: exactly `Display`).
    pub fn render(&self, lang: Lang) -> String {
        match self {
            QuestionError::Change(e) => e.render(lang),
            QuestionError::Scenario(e) => e.render(lang),
        }
    }
}

/// What to run for `scenario`: itself, or with question `question`'s changes (from 1).
pub fn plan(scenario: &Scenario, question: Option<usize>) -> Result<Plan, PlanError> {
    let Some(n) = question else {
        return Ok(Plan {
            scenario: scenario.clone(),
            expectations: scenario.expect.clone(),
            expectations_at: Path::root().field("expect"),
            question: None,
            attempt: None,
        });
    };
    let lesson = scenario.lesson.as_ref().ok_or(PlanError::NoLesson)?;
    let count = lesson.questions.len();
    let asked =
        n.checked_sub(1).and_then(|i| lesson.questions.get(i)).ok_or(PlanError::NoQuestion { asked: n, count })?;
    let changed = changed(scenario, &asked.change, &format!("question {n}"))
        .map_err(|reason| PlanError::Invalid { question: n, reason })?;
    let own = !asked.expect.is_empty();
    Ok(Plan {
        expectations: if own { asked.expect.clone() } else { scenario.expect.clone() },
        expectations_at: if own {
            Path::root().field("lesson").field("questions").index(n - 1).field("expect")
        } else {
            Path::root().field("expect")
        },
        scenario: changed,
        question: Some(n),
        attempt: None,
    })
}

/// `scenario` with `changes` applied and validated (`origin` names it in problems): what
/// a question, an attempt or a solution runs. The teaching part stays the base
/// scenario's, but for the actions a change may reach.
fn changed(scenario: &Scenario, changes: &[String], origin: &str) -> Result<Scenario, QuestionError> {
    let changes: Vec<Change> = change::parse_all(changes)?;
    let mut changed = change::apply(scenario, &changes)?;
    let actions = changed.lesson.as_ref().map(|l| l.actions.clone()).unwrap_or_default();
    changed.lesson = scenario.lesson.clone().map(|lesson| crate::scenario::Lesson { actions, ..lesson });
    changed.expect = scenario.expect.clone();
    let mut system = changed.clone();
    system.expect.clear();
    system.lesson = changed.lesson.as_ref().map(crate::scenario::validate::runnable_part);
    scenario::validate(&system, origin)?;
    Ok(changed)
}

/// An attempt: `changes` from time zero, graded by the scenario's `expect`; with a
/// challenge, the changes it does not allow are noted (the run still happens).
pub fn plan_attempt(scenario: &Scenario, changes: &[String]) -> Result<Plan, PlanError> {
    let invalid = PlanError::InvalidAttempt;
    let parsed = change::parse_all(changes).map_err(|e| invalid(e.into()))?;
    let not_allowed = match scenario.lesson.as_ref().and_then(|l| l.challenge.as_ref()) {
        Some(challenge) => {
            crate::scenario::challenge::judge(scenario, challenge, &parsed).map_err(|e| invalid(e.into()))?
        }
        None => Vec::new(),
    };
    let run = changed(scenario, changes, "the attempt").map_err(invalid)?;
    Ok(Plan {
        scenario: run,
        expectations: scenario.expect.clone(),
        expectations_at: Path::root().field("expect"),
        question: None,
        attempt: Some(Attempt { changes: changes.to_vec(), not_allowed, solution: false }),
    })
}

/// The challenge's reference solution as an attempt (`run --try solution`).
pub fn plan_solution(scenario: &Scenario) -> Result<Plan, PlanError> {
    let challenge = scenario.lesson.as_ref().and_then(|l| l.challenge.as_ref()).ok_or(PlanError::NoChallenge)?;
    let mut plan = plan_attempt(scenario, &challenge.solution)?;
    if let Some(attempt) = plan.attempt.as_mut() {
        attempt.solution = true;
    }
    Ok(plan)
}

/// The problems only a running engine can find in the scenario's expectations and in every
/// question's (a report field or a series statistic that does not exist).
pub fn check(scenario: &Scenario) -> Problems {
    let questions = scenario.lesson.as_ref().map_or(0, |l| l.questions.len());
    let mut problems = Problems::default();
    for question in std::iter::once(None).chain((1..=questions).map(Some)) {
        let Ok(plan) = plan(scenario, question) else { continue };
        // A question without expectations of its own checks the scenario's: once is enough.
        // Without expectations there is nothing to check, and no engine is built (what it
        // allocates grows with the scenario's sizes, and `check` must stay cheap).
        if plan.expectations.is_empty() || (question.is_some() && plan.expectations_at == Path::root().field("expect"))
        {
            continue;
        }
        match Simulation::new(&plan.scenario) {
            Ok(sim) => {
                if let Err(mut found) = Checklist::new(&plan.expectations, &sim, &plan.expectations_at) {
                    problems.list.append(&mut found);
                }
            }
            Err(e) => problems.list.push(Problem { path: plan.expectations_at, message: e.to_string(), help: None }),
        }
    }
    problems
}

/// Reads, parses and validates a scenario file, and checks its expectations against the
/// engine; every problem is located in the file.
pub fn load_file(path: &std::path::Path) -> Result<Scenario, ScenarioError> {
    let (scenario, text) = scenario::load_file_with_text(path)?;
    located(scenario, &text, &path.display().to_string())
}

/// [`load_file`] for text (the embedded curriculum, an editor's buffer).
pub fn parse_str(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
    let scenario = scenario::parse_str(text, origin)?;
    located(scenario, text, origin)
}

fn located(scenario: Scenario, text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
    let problems = check(&scenario);
    if problems.is_empty() { Ok(scenario) } else { Err(scenario::locate_problems(&problems, text, origin)) }
}

/// Why a plan could not be run.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Build(#[from] BuildError),
    #[error("{}", describe_problems(.0))]
    Expectations(Vec<Problem>),
}

fn describe_problems(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("{}: {}", p.path, p.message)).collect::<Vec<_>>().join("\n")
}

/// Builds the run of a plan and its lesson run (checklist and actions), at time zero
/// (seed: the scenario's unless given).
pub fn start(plan: &Plan, seed: Option<u64>) -> Result<(Simulation, LessonRun), RunError> {
    let mut sim = Simulation::with_seed(&plan.scenario, seed.unwrap_or(plan.scenario.seed))?;
    let checklist = Checklist::new(&plan.expectations, &sim, &plan.expectations_at).map_err(RunError::Expectations)?;
    // Whoever steps the run next, its laws' structures are watched from time zero.
    checklist.watch_structures(&mut sim);
    let lesson = LessonRun::new(&plan.scenario, checklist, &sim);
    Ok((sim, lesson))
}

/// Runs a plan headless to its end: the finished run and its lesson run, every
/// expectation decided.
pub fn run(plan: &Plan, seed: Option<u64>) -> Result<(Simulation, LessonRun), RunError> {
    let (mut sim, mut lesson) = start(plan, seed)?;
    let end = sim.end();
    lesson.step_until(&mut sim, end);
    Ok((sim, lesson))
}
