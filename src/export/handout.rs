//! A lesson's printable handout: one self-contained document (HTML or Markdown, from the
//! same renderer as the run report) with the lesson's title, its story, the numbers to redo
//! by hand (the scenario file's leading comment), what to watch, the questions, the
//! checklist and the charts of a reference run, and optionally an answer key at the end.
//!
//! The words are in the thread's language: a shipped lesson's texts through its
//! translation (`i18n::lessons::text`), the headings through Fluent. The numbers block is
//! the file's own comment, in the language it was written in.

use super::RunDocument;
use super::table::number;
use crate::curriculum::{self, PlanError, RunError, Status};
use crate::i18n::{lang, lessons, tr, tr_args};
use crate::scenario::Scenario;

/// Why a handout cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum HandoutError {
    /// The scenario has no `lesson: Lesson(...)`: nothing to hand out.
    #[error("`{0}` has no lesson: a handout needs its explanation, what to watch and its questions")]
    NotALesson(String),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Run(#[from] RunError),
}

/// The scenario file's leading comment block (the lesson's hand arithmetic), without the
/// `//` markers: every line from the top up to the first line that is not a comment.
pub fn numbers_block(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map_while(|line| line.trim_start().strip_prefix("//"))
        .map(|rest| rest.strip_prefix(' ').unwrap_or(rest))
        .collect();
    lines.join("\n").trim_end().to_string()
}

/// The handout of `scenario`'s lesson. `numbers` is [`numbers_block`] of its file (empty:
/// the section is left out); `file` is how the questions' "try it" names the file. The charts and the checklist come from a reference run: the
/// lesson itself, at its own seed, to its end — what the class will see at 1×.
pub fn handout(
    scenario: &Scenario,
    file: &str,
    numbers: &str,
    with_answers: bool,
) -> Result<RunDocument, HandoutError> {
    let lesson = scenario.lesson.as_ref().ok_or_else(|| HandoutError::NotALesson(scenario.name.clone()))?;
    let plan = curriculum::plan(scenario, None)?;
    let (sim, run) = curriculum::run(&plan, None)?;
    let mut doc = RunDocument::new(lessons::text(&lesson.title).into_owned());
    doc.set_lang(lang().code());
    doc.paragraph(lessons::text(&lesson.summary).into_owned());

    doc.heading(tr("handout-story"));
    // The description has no translation (a lesson's translation covers its lesson
    // block); in another language the explanation tells the story alone.
    if !scenario.description.is_empty() && lang() == crate::i18n::Lang::En {
        doc.paragraph(scenario.description.clone());
    }
    doc.paragraph(lessons::text(&lesson.explanation).into_owned());

    if !numbers.is_empty() {
        doc.heading(tr("handout-numbers"));
        doc.paragraph(tr("handout-numbers-help"));
        doc.preformatted(numbers);
    }

    if !lesson.watch.is_empty() {
        doc.heading(tr("lesson-watch"));
        doc.list(lesson.watch.iter().map(|w| lessons::text(w).into_owned()).collect());
    }

    if !lesson.captions.is_empty() {
        doc.heading(tr("handout-captions"));
        let rows =
            lesson.captions.iter().map(|c| vec![c.at.to_string(), lessons::text(&c.text).into_owned()]).collect();
        doc.table(&[&tr("handout-time"), &tr("handout-caption")], rows);
    }

    if !lesson.questions.is_empty() {
        doc.heading(tr("lesson-questions"));
        let items = lesson
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let mut text = format!("{}. {}", i + 1, lessons::text(&q.ask));
                if !q.change.is_empty() {
                    let tried = tr_args("handout-try", &[("file", file.into()), ("number", (i + 1).into())]);
                    text += &format!(" ({tried}: {})", q.change.join(", "));
                }
                text
            })
            .collect();
        doc.list(items);
    }

    let checklist = run.checklist();
    doc.heading(tr("checklist"));
    doc.paragraph(tr_args(
        "handout-checklist-help",
        &[("seed", sim.seed().into()), ("seconds", number(sim.now().as_secs_f64()).into())],
    ));
    let rows = checklist
        .items()
        .iter()
        .map(|item| {
            let title = match &item.generated_title {
                Some(generated) => generated.render(lang()),
                None => lessons::text(&item.title).into_owned(),
            };
            let mark = match item.status {
                Status::Passed => "✔",
                Status::Failed => "✖",
                Status::Pending => "…",
                Status::Unreached => "–",
            };
            vec![mark.to_string(), title, item.sentence.render(lang())]
        })
        .collect();
    doc.table(&["", &tr("handout-expectation"), &tr("handout-observed")], rows);

    doc.heading(tr("handout-plots"));
    doc.charts(sim.history(), None);

    if with_answers && lesson.questions.iter().any(|q| !q.answer.is_empty()) {
        doc.heading(tr("handout-answers"));
        let items = lesson
            .questions
            .iter()
            .enumerate()
            .filter(|(_, q)| !q.answer.is_empty())
            .map(|(i, q)| format!("{}. {}", i + 1, lessons::text(&q.answer)))
            .collect();
        doc.list(items);
    }
    Ok(doc)
}
