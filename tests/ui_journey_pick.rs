//! Picking a traced message's journey from elsewhere in the dashboard — a dead letter, an
//! event log line, the plots' cursor — driven through the real UI with egui_kittest and no
//! display; and the runner carrying a picked journey that is older than the newest listed.
//!
//! The scenario: `shop` publishes 2 orders a second (at 0.5 s, 1.0 s, 1.5 s, …: a constant
//! rate places them at k/2 s), every one poisoned, so `payments` dead-letters each on its
//! first attempt, 10 ms later. Every root is traced.

mod ui_common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use faultline::time::SimTime;
use faultline::ui::app::Dashboard;
use faultline::ui::runner::{Budget, Control, Runner};
use faultline::ui::settings::Settings;
use faultline::ui::snapshot::Speed;
use std::time::Duration;
use ui_common::dashboard;

const POISONED: &str = r#"Scenario(name: "traced dead letters", duration: "60s", sample_every: "1s",
    tracing: Some(Tracing(sample: 1.0, max_traces: 1000)),
    topics: [Topic(name: "orders"), Topic(name: "orders.dlq")],
    producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: RATE))],
    consumers: [ConsumerGroup(name: "payments", topic: "orders", handler: Handler(work: Constant("10ms")),
        on_exhausted: DeadLetter("orders.dlq"))],
    faults: [Fault(at: "0s", duration: "60s", target: "orders", kind: Poison(fraction: 1.0))],
)"#;

/// A runner on the poisoned scenario at `rate` orders a second, playing at 1×.
fn runner(rate: f64, name: &str) -> Runner {
    let file = std::env::temp_dir().join(format!("faultline-pick-{name}-{}.ron", std::process::id()));
    std::fs::write(&file, POISONED.replace("RATE", &format!("{rate:.1}"))).expect("a temporary scenario file");
    let mut runner = Runner::open(Some(file.clone()));
    let _ = std::fs::remove_file(&file);
    runner.handle(Control::SetSpeed(Speed::Times(1.0)));
    runner.handle(Control::Play);
    runner
}

/// 3.5 s played (35 frames of 100 ms), then paused so nothing moves while we look.
fn paused_at_3_5_s() -> Harness<'static, Dashboard> {
    let mut h = dashboard(runner(2.0, "ui"), Settings::default());
    h.run_steps(35);
    h.get_by_label("⏸ Pause").click_accesskit();
    h.run_steps(2);
    h
}

fn top(h: &Harness<'_, Dashboard>, label: &str) -> f32 {
    let node = h.get_by_label(label);
    ui_common::bounds(h, &node).unwrap_or_else(|| panic!("{label} has no bounds")).top()
}

/// The journey shown is the one picked, its steps in order on the right components: the
/// publish on `orders`, the attempt and the dead-lettering on `payments`, 10 ms apart.
fn assert_journey_shown(h: &Harness<'_, Dashboard>, root: u64) {
    h.get_by_label(&format!("Journey of message #{root}"));
    let s = h.state().snapshot();
    let journey = s.journey(root).unwrap_or_else(|| panic!("the snapshot carries journey #{root}"));
    let steps: Vec<(&str, &str)> = journey.steps.iter().map(|st| (st.step, st.component.as_str())).collect();
    assert_eq!(steps, [("publish", "orders"), ("attempt", "payments"), ("end", "payments")]);
    let rows = ["attempt 1 on payments/1", "dead-lettered: fatal error"];
    let tops: Vec<f32> = rows.iter().map(|label| top(h, label)).collect();
    assert!(tops[0] < tops[1], "{rows:?} at {tops:?}");
    // The handler's 10 ms of work between the attempt and the end (float seconds).
    assert!((journey.steps[2].at_s - journey.steps[1].at_s - 0.010).abs() < 1e-9);
}

#[test]
fn a_dead_letter_opens_its_journey() {
    let mut h = paused_at_3_5_s();
    let s = h.state().snapshot().clone();
    // Orders at 0.5, 1.0, 1.5 s, …, each dead-lettered 10 ms after it is published: those
    // published by now − 10 ms are held (7 at 3.6 s to 3.9 s, where the pause lands).
    let now = s.now.as_secs_f64();
    let held = (1..).take_while(|k| f64::from(*k) * 0.5 + 0.01 <= now + 1e-9).count() as u64;
    assert!((3.5..4.0).contains(&now), "{now}");
    assert_eq!(s.dead_letters.held, held);
    let newest = s.dead_letters.rows[0];
    assert_eq!(newest.root, newest.message_id, "a root event: its own journey");
    assert!(s.is_traced(newest.root));
    h.get_by_label(&format!("Dead letters ({held})")).click_accesskit();
    h.run_steps(2);
    // The rows are newest first: the first link is the newest dead letter's.
    let Some(link) = h.query_all_by_label("🔍 journey").next() else { panic!("a journey link per dead letter") };
    link.click_accesskit();
    h.run_steps(3);
    assert_journey_shown(&h, newest.root);
}

#[test]
fn an_event_log_line_lists_the_journeys_of_its_interval() {
    let mut h = paused_at_3_5_s();
    let s = h.state().snapshot().clone();
    h.get_by_label("Event log").click_accesskit();
    h.run_steps(2);
    // The newest line is the dead letters of the interval (2 s, 3 s], logged at 3 s: the
    // orders published at 2.5 s and 3.0 s (2 a second × 1 s) are the ones near it.
    let newest = s.log.iter().next_back().expect("log lines after 3.5 s");
    assert_eq!(newest.at, SimTime::from_secs_f64(3.0));
    let near = s.traced_near(newest.at);
    assert_eq!(near.iter().map(|(_, at)| *at).collect::<Vec<_>>(), [2.5, 3.0]);
    let Some(link) = h.query_all_by_label("🔍").next() else { panic!("a journeys link per log line") };
    link.click_accesskit();
    h.run_steps(2);
    h.get_by_label("Traced messages published near 0:03.0 (2):");
    let root = near[1].0;
    h.get_by_label(&format!("#{root}")).click_accesskit();
    h.run_steps(3);
    assert_journey_shown(&h, root);
}

#[test]
fn the_plots_cursor_lists_the_journeys_near_it() {
    let mut h = paused_at_3_5_s();
    // Place the cursor at a log line's time (as a click on a plot does), then ask.
    h.get_by_label("Event log").click_accesskit();
    h.run_steps(2);
    h.get_by_label("0:02.0").click_accesskit();
    h.run_steps(2);
    assert_eq!(h.state().plot_cursor(), Some(SimTime::from_secs_f64(2.0)));
    h.get_by_label("🔍 journeys near").click_accesskit();
    h.run_steps(2);
    // The interval (1 s, 2 s]: the orders published at 1.5 s and 2.0 s.
    h.get_by_label("Traced messages published near 0:02.0 (2):");
    let near = h.state().snapshot().traced_near(SimTime::from_secs_f64(2.0));
    assert_eq!(near.iter().map(|(_, at)| *at).collect::<Vec<_>>(), [1.5, 2.0]);
    let root = near[0].0;
    h.get_by_label(&format!("#{root}")).click_accesskit();
    h.run_steps(3);
    assert_journey_shown(&h, root);
}

/// A snapshot lists the 100 newest journeys; one picked by id that is older comes with
/// the snapshots once pinned, and a root the tracer does not keep gets nothing.
#[test]
fn a_picked_journey_older_than_the_newest_is_carried() {
    // 50 orders a second for 3 s: 150 roots (ids 0..149) published and traced.
    let mut r = runner(50.0, "pin");
    // In 100 ms steps, as frames would (the pacer lets the clock trail by at most a little).
    for _ in 0..30 {
        r.advance(Duration::from_millis(100), Budget::Unlimited);
    }
    assert_eq!(r.now(), SimTime::from_secs_f64(3.0));
    let s = r.snapshot();
    assert_eq!(s.traced.len(), 150);
    assert_eq!(s.journeys.len(), 100, "the newest 100 (JOURNEYS_SHOWN)");
    assert!(s.journey(0).is_none() && s.pinned_journey.is_none());
    r.handle(Control::PinJourney(Some(0)));
    let s = r.snapshot();
    let pinned = s.journey(0).expect("journey #0, pinned");
    assert_eq!(pinned.steps.len(), 3);
    assert_eq!(pinned.steps[0].at_s, 0.02, "the first of 50 a second, at 1/50 s");
    // Not traced: beyond every published id.
    r.handle(Control::PinJourney(Some(10_000)));
    let s = r.snapshot();
    assert!(!s.is_traced(10_000) && s.journey(10_000).is_none());
}

/// Save JSON… writes what `faultline trace --id ROOT --json --out FILE` writes: the same
/// bytes for the same journey (tracing moves no number of the run, so the dashboard's run
/// and the CLI's one-root run agree step for step).
#[test]
fn a_saved_journey_is_the_cli_s_file() {
    let mut r = runner(2.0, "save");
    for _ in 0..30 {
        r.advance(Duration::from_millis(100), Budget::Unlimited);
    }
    let s = r.snapshot();
    // Order #1, published at 1.0 s and dead-lettered at 1.01 s.
    let journey = s.journey(1).expect("journey #1 among the newest");
    let saved = faultline::ui::panels::journeys::journey_json(journey).expect("JSON");
    let dir = std::env::temp_dir().join(format!("faultline-pick-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let (scenario, out) = (dir.join("poisoned.ron"), dir.join("journey-1.json"));
    std::fs::write(&scenario, POISONED.replace("RATE", "2.0")).expect("the scenario file");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["trace", "--duration", "3s", "--id", "1", "--json", "--out"])
        .arg(&out)
        .arg(&scenario)
        .status()
        .expect("faultline runs");
    assert!(status.success());
    let written = std::fs::read_to_string(&out).expect("the CLI wrote the file");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(saved, written);
    assert!(written.starts_with("{\n  \"not_kept\": 0,\n  \"journeys\": [\n    {\n      \"root\": 1,"), "{written}");
}
