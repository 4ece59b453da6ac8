//! A challenge in the lesson panel, under egui_kittest: the goal and what may change with
//! its bounds and values, a hint unlocked at a time, the solution behind a confirmation,
//! and a run of it graded from time zero to a met challenge.

mod ui_common;

use egui_kittest::kittest::Queryable;
use faultline::curriculum::Status;
use faultline::ui::runner::{Control, Runner};
use faultline::ui::settings::Settings;
use faultline::ui::snapshot::Speed;

fn challenge_at(id: &str, speed: f64) -> egui_kittest::Harness<'static, faultline::ui::app::Dashboard> {
    let mut runner = Runner::open(None);
    runner.handle(Control::LoadLesson(id.to_string()));
    runner.handle(Control::SetSpeed(Speed::Times(speed)));
    runner.handle(Control::Play);
    ui_common::dashboard(runner, Settings::default())
}

#[test]
fn a_challenge_shows_its_goal_hints_and_solution_and_the_solution_passes() {
    let mut h = challenge_at("retry-storm-challenge", 10.0);
    h.run_steps(3);
    h.get_by_label_contains("During bottom's outage (10 s to 30 s) bottom gets at most 4 calls per order");
    h.get_by_label("What you may change");
    for path in [
        "consumers.checkout.retry.max_attempts",
        "services.edge.retry.max_attempts",
        "services.middle.retry.max_attempts",
    ] {
        h.get_by_label(path);
    }
    assert_eq!(h.query_all_by_label("1 to 5").count(), 3, "each bound shown");
    // Hints unlock one at a time.
    assert!(h.query_by_label_contains("Hint 1 of 3").is_none());
    h.get_by_label("💡 Show hint 1 of 3").click_accesskit();
    h.run_steps(2);
    h.get_by_label_contains("Hint 1 of 3: Count the calls");
    assert!(h.query_by_label_contains("Hint 2 of 3").is_none());
    h.get_by_label("💡 Show hint 2 of 3");
    // The solution only after a confirmation; "Not yet" keeps it hidden.
    h.get_by_label("Show solution…").click_accesskit();
    h.run_steps(2);
    h.get_by_label_contains("Show the reference solution?");
    h.get_by_label("Not yet").click_accesskit();
    h.run_steps(2);
    assert!(h.query_by_label_contains("Solution:").is_none());
    h.get_by_label("Show solution…").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Show it").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Solution: services.edge.retry.max_attempts=1, services.middle.retry.max_attempts=1");
    // Running it starts again from time zero with its changes.
    let before = h.state().snapshot().generation;
    h.get_by_label("▶ Run the solution").click_accesskit();
    // The click is routed in one frame and the new run shown in the next: 1 s of it at ×10.
    h.run_steps(2);
    let s = h.state().snapshot();
    assert!(s.generation > before && s.now.as_secs_f64() <= 2.0, "a clean start, not a live edit: {:?}", s.now);
    assert_eq!(s.scenario.services[0].retry.max_attempts, 1);
    let attempt = s.lesson.as_ref().and_then(|l| l.attempt.clone()).expect("an attempt");
    assert!(attempt.solution && attempt.counts());
    h.get_by_label_contains("The reference solution: services.edge.retry.max_attempts=1");
    // The hint shown stays shown across the restart.
    h.get_by_label_contains("Hint 1 of 3");
    // To the end (45 s) at ×10: 1 s of virtual time a frame.
    h.run_steps(50);
    let s = h.state().snapshot();
    let items = s.lesson.as_ref().map(|l| l.items.clone()).expect("a checklist");
    assert!(items.iter().all(|i| i.status == Status::Passed), "{items:?}");
    h.get_by_label("✔ Challenge met");
}

#[test]
fn an_unchanged_attempt_runs_from_zero_and_does_not_meet_the_goal() {
    let mut h = challenge_at("retry-storm-challenge", 100.0);
    h.run_steps(2);
    h.get_by_label("▶ Run attempt").click_accesskit();
    h.run_steps(12);
    let s = h.state().snapshot();
    let attempt = s.lesson.as_ref().and_then(|l| l.attempt.clone()).expect("an attempt");
    assert!(attempt.changes.is_empty() && attempt.counts() && !attempt.solution);
    h.get_by_label("Your attempt: nothing changed");
    h.get_by_label("✖ Not met yet");
}
