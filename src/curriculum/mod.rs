//! The curriculum room: scenarios that teach, and grade themselves.
//!
//! - [`Checklist`]: a scenario's expectations (`expect: [...]`) evaluated as its run goes,
//!   each pending, passed, failed or unreached, with the observed value and a sentence.
//! - [`plan`] / [`run`]: what to run (a scenario, or one of its lesson's questions with its
//!   changes) and a headless run of it; [`load_file`] loads a scenario with the checks only
//!   a running engine can make.
//! - [`catalogue()`]: the shipped curriculum (id, file, title, summary, order), embedded.
//! - [`theory`]: the formulas laws are checked against.
//!
//! No UI here: the GUI builds a [`Checklist`] next to its `Simulation` and shows its
//! [`Item`]s; the CLI prints them.

pub mod catalogue;
mod checklist;
mod checks;
mod lesson_run;
mod run;
#[cfg(test)]
mod tests;
pub mod theory;
mod verdict;

pub use catalogue::{Entry, catalogue};
pub use checklist::Checklist;
pub use checks::report_value;
pub use lesson_run::{ActionOutcome, ActionWords, LessonRun};
pub use run::{
    Attempt, Plan, PlanError, QuestionError, RunError, check, load_file, parse_str, plan, plan_attempt, plan_solution,
    run, start,
};
pub use verdict::{Item, Status, time};

use crate::scenario::{Caption, Lesson};
use crate::time::SimTime;

/// The caption a lesson shows at virtual time `now`: the last one whose time has come
/// (each is shown until the next one's time).
pub fn caption_at(lesson: &Lesson, now: SimTime) -> Option<&Caption> {
    lesson.captions.iter().take_while(|c| c.at.0 <= now.0).last()
}
