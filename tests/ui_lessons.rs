//! The lesson browser groups the curriculum by theme and marks the lessons completed; the
//! marks are kept in the settings across restarts, and can be reset.

mod ui_common;

use egui_kittest::kittest::Queryable;
use faultline::curriculum::catalogue::{self, Theme};
use faultline::time::Speed;
use faultline::ui::runner::{Control, Runner};
use faultline::ui::settings::Settings;
use faultline::ui::snapshot::ScenarioSource;

/// Lesson 17 (60 s of virtual time) at 100× real time: 10 s per 100 ms frame, so its end
/// is reached within a dozen frames.
fn lesson_17(settings: Settings) -> egui_kittest::Harness<'static, faultline::ui::app::Dashboard> {
    let mut runner = Runner::open(None);
    runner.handle(Control::LoadLesson("sagas-and-compensation".into()));
    runner.handle(Control::SetSpeed(Speed::Times(100.0)));
    runner.handle(Control::Play);
    ui_common::dashboard(runner, settings)
}

#[test]
fn every_lesson_is_under_exactly_one_theme_and_the_challenges_under_theirs() {
    for entry in catalogue::catalogue() {
        let themes = catalogue::THEMES.iter().filter(|(_, ids)| ids.contains(&entry.id)).count();
        assert_eq!(themes, 1, "{} is under {themes} themes", entry.id);
    }
    let grouped = catalogue::by_theme();
    assert_eq!(grouped.iter().map(|(t, _)| *t).collect::<Vec<_>>(), Theme::ALL);
    let lessons = grouped.iter().filter(|(t, _)| *t != Theme::Challenges).map(|(_, e)| e.len()).sum::<usize>();
    assert_eq!(lessons, catalogue::catalogue().len());
    let challenges = grouped.iter().find(|(t, _)| *t == Theme::Challenges).map(|(_, e)| e.len());
    assert_eq!(challenges, Some(catalogue::challenges().len()));
    assert!(grouped.iter().all(|(_, e)| !e.is_empty()));
    assert_eq!(catalogue::theme_of("game-day"), Some(Theme::Challenges));
    assert_eq!(catalogue::theme_of("sagas-and-compensation"), Some(Theme::Systems));
    assert_eq!(catalogue::theme_of("order-pipeline-demo"), None, "the tour is listed before the themes");
}

#[test]
fn the_browser_shows_the_themes_and_marks_a_completed_lesson() {
    let mut h = lesson_17(Settings::default());
    h.state_mut().welcome();
    h.run_steps(2);
    for heading in ["One hop", "Systems", "Recovery", "Scaling", "Challenges"] {
        h.get_by_label(heading);
    }
    h.get_by_label("Challenge 1");
    h.get_by_label("Completed: 0 of 22 lessons");
    // Systems (5 lessons) and the challenges (5).
    assert_eq!(h.query_all_by_label("0 of 5 completed").count(), 2);
    assert!(h.query_by_label("✔ Lesson 17").is_none());

    // Play to the end: every expectation of lesson 17 passes at its own seed.
    for _ in 0..40 {
        h.run_steps(1);
        if h.state().snapshot().playback.finished {
            break;
        }
    }
    h.run_steps(1);
    let s = h.state().snapshot();
    assert!(s.playback.finished && matches!(s.source, ScenarioSource::Lesson(_)));
    assert!(h.state().settings().completed.contains("sagas-and-compensation"));
    h.state_mut().welcome();
    h.run_steps(2);
    h.get_by_label("✔ Lesson 17");
    h.get_by_label("Completed: 1 of 22 lessons");
    h.get_by_label("1 of 5 completed");

    // The settings as eframe stores them (RON through serde), read back by the next start.
    let stored = ron::to_string(h.state().settings()).unwrap_or_else(|e| panic!("{e}"));
    let restored: Settings = ron::from_str(&stored).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(restored.completed, h.state().settings().completed);
    let mut h = ui_common::dashboard(Runner::open(None), restored);
    h.state_mut().welcome();
    h.run_steps(2);
    h.get_by_label("✔ Lesson 17");

    // Reset forgets it.
    h.get_by_label("Reset").click_accesskit();
    h.run_steps(2);
    assert!(h.state().settings().completed.is_empty());
    assert!(h.query_by_label("✔ Lesson 17").is_none());
    h.get_by_label("Completed: 0 of 22 lessons");
}

/// A question tried to its end does not complete the lesson, though all its expectations
/// pass: it is not the lesson's own run.
#[test]
fn a_question_does_not_complete_its_lesson() {
    let mut runner = Runner::open(None);
    runner.handle(Control::LoadLesson("sagas-and-compensation".into()));
    runner.handle(Control::TryQuestion(Some(1)));
    runner.handle(Control::SetSpeed(Speed::Times(100.0)));
    runner.handle(Control::Play);
    let mut h = ui_common::dashboard(runner, Settings::default());
    for _ in 0..40 {
        h.run_steps(1);
        if h.state().snapshot().playback.finished {
            break;
        }
    }
    let s = h.state().snapshot();
    let view = s.lesson.as_ref().unwrap_or_else(|| panic!("a lesson"));
    assert_eq!(view.question, Some(1));
    assert!(s.playback.finished);
    assert!(view.items.iter().all(|i| i.status == faultline::curriculum::Status::Passed));
    assert!(h.state().settings().completed.is_empty());
}
