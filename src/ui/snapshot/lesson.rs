//! The teaching part of the run, as the lesson panel shows it: the lesson's words, which
//! question is being tried, the checklist as it stands and the scripted actions done.

use crate::curriculum::{ActionOutcome, Attempt, Item, Status};
use crate::scenario::Lesson;
use std::sync::Arc;

/// A scenario's lesson and checklist at one instant (cheap to clone: all shared).
#[derive(Clone, Debug, PartialEq)]
pub struct LessonView {
    /// The lesson of the scenario as loaded (a question's run keeps its lesson's words);
    /// `None` for a scenario with expectations but no lesson.
    pub lesson: Option<Arc<Lesson>>,
    /// The question being tried, numbered from 1, or `None` for the scenario itself.
    pub question: Option<usize>,
    /// The attempt at the lesson's challenge being graded (the student's changes, or the
    /// reference solution), with the changes the challenge does not allow.
    pub attempt: Option<Arc<Attempt>>,
    /// One line per expectation being checked (the question's own when it has some).
    pub items: Arc<[Item]>,
    /// The lesson's scripted actions done so far.
    pub outcomes: Arc<[ActionOutcome]>,
}

impl LessonView {
    /// Counts of (passed, failed or unreached, pending).
    pub fn tally(&self) -> (usize, usize, usize) {
        let count = |f: &dyn Fn(Status) -> bool| self.items.iter().filter(|i| f(i.status)).count();
        (
            count(&|s| s == Status::Passed),
            count(&|s| matches!(s, Status::Failed | Status::Unreached)),
            count(&|s| s == Status::Pending),
        )
    }

    pub fn title(&self) -> Option<&str> {
        self.lesson.as_deref().map(|l| l.title.as_str())
    }
}
