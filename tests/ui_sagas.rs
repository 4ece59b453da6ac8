//! The dashboard's sagas, driven through the real UI with egui_kittest and no display: the
//! Sagas tab (offered only with sagas, its numbers those of `run --json`), a saga's
//! timeline in the journeys tab, and the fault buttons on a saga step's service.
//!
//! The runner is inline: every frame advances virtual time by exactly 100 ms × speed.

mod ui_common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use faultline::ui::app::Dashboard;
use faultline::ui::format;
use faultline::ui::runner::{Control, Runner};
use faultline::ui::settings::Settings;
use faultline::ui::snapshot::Speed;
use std::path::{Path, PathBuf};
use ui_common::{dashboard, tour_at};

/// The dashboard on the scenario file `path`, playing at `speed` × real time.
fn open_at(path: &Path, speed: f64) -> Harness<'static, Dashboard> {
    let mut runner = Runner::open(Some(path.to_path_buf()));
    runner.handle(Control::SetSpeed(Speed::Times(speed)));
    runner.handle(Control::Play);
    dashboard(runner, Settings::default())
}

/// `text` written to a temporary scenario file named after `name`.
fn scenario_file(name: &str, text: &str) -> PathBuf {
    let file = std::env::temp_dir().join(format!("faultline-{name}-{}.ron", std::process::id()));
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    file
}

fn checkout_saga() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/checkout-saga.ron")
}

fn top(h: &Harness<'_, Dashboard>, label: &str) -> f32 {
    let node = h.get_by_label(label);
    ui_common::bounds(h, &node).unwrap_or_else(|| panic!("{label} has no bounds")).top()
}

#[test]
fn the_sagas_tab_is_offered_only_for_a_scenario_with_sagas() {
    let mut tour = tour_at(1.0);
    tour.run_steps(3);
    tour.get_by_role_and_label(Role::Button, "Journeys");
    assert_eq!(tour.query_all_by_label("Sagas").count(), 0, "the tour has no saga");
    let mut h = open_at(&checkout_saga(), 1.0);
    h.run_steps(3);
    // Placed like the other tabs: after the dead letters, before the journeys.
    let left = |node| ui_common::bounds(&h, &node).unwrap_or_else(|| panic!("a tab has no bounds")).left();
    let tabs = [
        left(h.get_by_label_contains("Dead letters (")),
        left(h.get_by_role_and_label(Role::Button, "Sagas")),
        left(h.get_by_label_contains("Journeys (")),
    ];
    assert!(tabs.windows(2).all(|w| w[0] < w[1]), "{tabs:?}");
}

/// After some virtual seconds of `scenarios/checkout-saga.ron` (frames at ×10, then
/// paused) the tab shows the numbers `faultline run --duration` prints for as many
/// seconds with `--json`.
#[test]
fn after_a_run_the_sagas_tab_shows_the_counts_of_run_json() {
    let mut h = open_at(&checkout_saga(), 10.0);
    h.run_steps(10);
    h.get_by_label("⏸ Pause").click_accesskit();
    h.run_steps(1);
    let now = h.state().snapshot().now;
    let seconds = now.as_secs_f64();
    assert!(seconds.fract() == 0.0 && (10.0..=20.0).contains(&seconds), "whole frames of a virtual second: {seconds}");
    h.get_by_role_and_label(Role::Button, "Sagas").click_accesskit();
    h.run_steps(2);

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["run", "--duration", &format!("{seconds}s"), "--json", "--quiet"])
        .arg(checkout_saga())
        .output()
        .unwrap_or_else(|e| panic!("faultline run: {e}"));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("the report: {e}"));
    let k = &json["sagas"]["checkout"];
    let n = |field: &str| k[field].as_u64().unwrap_or_else(|| panic!("sagas.checkout.{field}"));
    let started = n("started");
    assert!(started > 1500, "about 200 orders a second: {started}");
    let share = |count: u64| format::percent(count as f64 / started as f64);
    h.get_by_label(&format!("started {}", format::count(started)));
    for state in ["completed", "compensated", "failed", "inconsistent"] {
        let count = n(state);
        h.get_by_label(&format!("{state} {} ({})", format::count(count), share(count)));
    }
    h.get_by_label(&format!(
        "in progress {} ({} running, {} compensating)",
        format::count(n("in_progress")),
        format::count(n("running")),
        format::count(n("compensating"))
    ));
    let (calls, failures) = (k["compensations"]["calls"].as_u64(), k["compensations"]["failures"].as_u64());
    let (calls, failures) = (calls.unwrap_or_default(), failures.unwrap_or_default());
    assert!(calls > 0, "some sagas were compensated");
    h.get_by_label(&format!(
        "Compensations: {} calls, {} failed, {} succeeded",
        format::count(calls),
        format::count(failures),
        format::percent((calls - failures) as f64 / calls as f64)
    ));
    // The steps table: each step's calls, failed calls and sagas failed there.
    for (i, step) in ["reserve", "charge", "ship"].iter().enumerate() {
        h.get_by_label(&format!("{}. {step}", i + 1));
        let figures = [
            k["steps"][step]["calls"].as_u64(),
            k["steps"][step]["failures"].as_u64(),
            k["by_failed_step"][step].as_u64(),
        ];
        for figure in figures {
            let text = format::count(figure.unwrap_or_else(|| panic!("{step}'s figures")));
            assert!(h.query_all_by_label(&text).count() >= 1, "{step}: {text}");
        }
    }
    let mean = k["duration_ms"]["mean"].as_f64().unwrap_or_default();
    h.get_by_label_contains(&format!("mean {} ·", format::millis(mean)));
}

/// One order at 1 s; the courier always refuses, so the saga compensates charge, then
/// reserve, and ends compensated. Calls take 1 ms after 1 ms of handler work.
const COMPENSATED: &str = r#"Scenario(name: "one compensated saga", duration: "10s",
    tracing: Some(Tracing(sample: 1.0, max_traces: 10)),
    services: [
        Service(name: "inventory", latency: Constant("1ms")),
        Service(name: "payment", latency: Constant("1ms")),
        Service(name: "courier", latency: Constant("1ms"), errors: Errors(business: 1.0)),
        Service(name: "release", latency: Constant("1ms")),
        Service(name: "refund", latency: Constant("1ms")),
    ],
    topics: [Topic(name: "orders")],
    producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 1.0))],
    consumers: [ConsumerGroup(name: "coordinator", topic: "orders")],
    sagas: [Saga(name: "checkout", coordinator: "coordinator",
        steps: [
            SagaStep(name: "reserve", call: "inventory", compensate: Some("release")),
            SagaStep(name: "charge", call: "payment", compensate: Some("refund")),
            SagaStep(name: "ship", call: "courier"),
        ])])"#;

#[test]
fn the_timeline_of_a_compensated_saga_lists_the_compensations_newest_first() {
    let file = scenario_file("compensated-saga", COMPENSATED);
    let mut h = open_at(&file, 1.0);
    h.run_steps(15);
    let _ = std::fs::remove_file(&file);
    h.get_by_label_contains("Journeys (").click_accesskit();
    h.run_steps(2);
    h.get_by_label_contains("#0 at 0:01.0").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Saga checkout of message #0");
    h.get_by_label("⚠ COMPENSATED");
    // A row per call, in the order the coordinator made them: the steps, then the undos
    // of the steps done, newest first, then the end with the step that failed.
    let rows = ["reserve", "charge", "ship", "↩ undo charge", "↩ undo reserve", "COMPENSATED"];
    let tops: Vec<f32> = rows.iter().map(|label| top(&h, label)).collect();
    assert!(tops.windows(2).all(|w| w[0] < w[1]), "{rows:?} at {tops:?}");
    h.get_by_label("ship failed: step_business");
    // Each call with its service and virtual time from the publish: 1 ms of handler
    // work, then one call of 1 ms after another.
    for service in ["inventory", "payment", "courier", "refund", "release"] {
        assert!(h.query_all_by_label(service).count() >= 1, "{service}");
    }
    for (time, outcome) in [("+1.00 ms", None), ("+3.00 ms", Some("✖ business after 1.00 ms")), ("+5.00 ms", None)] {
        assert!(h.query_all_by_label(time).count() >= 1, "{time}");
        if let Some(outcome) = outcome {
            h.get_by_label(outcome);
        }
    }
    assert_eq!(h.query_all_by_label("✔ ok after 1.00 ms").count(), 4, "reserve, charge and both undos");
}

/// Only the coordinator calls the courier (the ship step) and the refund (a compensation):
/// both are in the graph, and a crash from the courier's fault buttons turns every saga
/// that reaches ship into a compensated one, as on any service.
const ORCHESTRATED: &str = r#"Scenario(name: "orchestrated only", duration: "60s",
    services: [
        Service(name: "inventory", latency: Constant("1ms")),
        Service(name: "payment", latency: Constant("1ms")),
        Service(name: "courier", latency: Constant("1ms")),
        Service(name: "release", latency: Constant("1ms")),
        Service(name: "refund", latency: Constant("1ms")),
    ],
    topics: [Topic(name: "orders")],
    producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 50.0))],
    consumers: [ConsumerGroup(name: "coordinator", topic: "orders", concurrency: 16)],
    sagas: [Saga(name: "checkout", coordinator: "coordinator",
        steps: [
            SagaStep(name: "reserve", call: "inventory", compensate: Some("release")),
            SagaStep(name: "charge", call: "payment", compensate: Some("refund")),
            SagaStep(name: "ship", call: "courier"),
        ])])"#;

#[test]
fn a_fault_button_on_a_saga_steps_service_makes_the_sagas_compensate() {
    let file = scenario_file("orchestrated-saga", ORCHESTRATED);
    let mut h = open_at(&file, 1.0);
    h.run_steps(10);
    let _ = std::fs::remove_file(&file);
    let saga = |h: &Harness<'_, Dashboard>| h.state().snapshot().status.sagas[0].clone();
    assert_eq!(saga(&h).compensated, 0, "nothing fails before the fault");
    // Every service the saga calls, compensations included, is a node of the graph.
    for service in ["inventory", "payment", "courier", "release", "refund"] {
        h.get_by_role_and_label(Role::Button, service);
    }
    h.get_by_role_and_label(Role::Button, "courier").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Inject a fault");
    h.get_by_label("💥 Crash").click_accesskit();
    h.run_steps(2);
    let s = h.state().snapshot();
    let courier: Vec<bool> = s.status.availability.iter().filter(|a| a.component == "courier").map(|a| a.up).collect();
    assert_eq!(courier, [false], "the courier is down");
    let before = saga(&h);
    h.run_steps(20);
    let after = saga(&h);
    // Two seconds of 50 orders: each one that reaches ship fails there and is undone.
    let compensated = after.compensated - before.compensated;
    assert!(compensated >= 90, "{compensated} sagas compensated in two seconds");
    assert_eq!(after.completed, before.completed, "none completes while the courier is down");
    assert_eq!(after.inconsistent, 0);
    h.get_by_role_and_label(Role::Button, "Sagas").click_accesskit();
    h.run_steps(2);
    let ship_failed = h.state().snapshot().status.sagas[0].by_failed_step.get("ship").copied().unwrap_or(0);
    assert!(ship_failed >= 90, "{ship_failed}");
    h.get_by_label("3. ship");
    assert!(h.query_all_by_label(&format::count(ship_failed)).count() >= 1, "ship's sagas failed here");
}

/// In Chinese the tab, its chips and the steps table speak Chinese; the numbers stay.
#[test]
fn the_sagas_tab_speaks_chinese() {
    let mut h = open_at(&checkout_saga(), 10.0);
    h.run_steps(5);
    h.state_mut().set_lang(faultline::i18n::Lang::ZhCn);
    h.run_steps(1);
    h.get_by_role_and_label(Role::Button, "Saga").click_accesskit();
    h.run_steps(2);
    let k = h.state().snapshot().status.sagas[0].clone();
    h.get_by_label(&format!("开始 {}", format::count(k.started)));
    h.get_by_label("✔ 一致");
    for header in ["步骤", "服务", "调用", "失败的调用", "在此失败的 Saga", "撤销方式"] {
        assert!(h.query_all_by_label(header).count() >= 1, "{header}");
    }
    h.get_by_label("转折点：之后不再撤销");
    h.state_mut().set_lang(faultline::i18n::Lang::En);
}

/// One order a second; the ship step sends a command to `shipments`, which the shipping
/// group handles in a constant 20 ms. The Sagas tab names the step's topic where a call
/// step names its service, and the saga's timeline shows the command with its reply.
const COMMANDED: &str = r#"Scenario(name: "one commanded saga", duration: "10s",
    tracing: Some(Tracing(sample: 1.0, max_traces: 10)),
    services: [Service(name: "inventory", latency: Constant("1ms")), Service(name: "release", latency: Constant("1ms"))],
    topics: [Topic(name: "orders"), Topic(name: "shipments")],
    producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 1.0))],
    consumers: [
        ConsumerGroup(name: "coordinator", topic: "orders"),
        ConsumerGroup(name: "shipping", topic: "shipments", handler: Handler(work: Constant("20ms"))),
    ],
    sagas: [Saga(name: "checkout", coordinator: "coordinator",
        steps: [
            SagaStep(name: "reserve", call: "inventory", compensate: Some("release")),
            SagaStep(name: "ship", command: Command(topic: "shipments", reply_timeout: "1s")),
        ])])"#;

#[test]
fn a_command_step_shows_its_topic_in_the_sagas_tab_and_the_timeline() {
    let file = scenario_file("commanded-saga", COMMANDED);
    let mut h = open_at(&file, 1.0);
    h.run_steps(15);
    let _ = std::fs::remove_file(&file);
    h.get_by_role_and_label(Role::Button, "Sagas").click_accesskit();
    h.run_steps(2);
    h.get_by_label("2. ship");
    h.get_by_label("command → shipments");
    assert!(h.query_all_by_label("inventory").count() >= 1, "the call step names its service");
    h.get_by_label_contains("Journeys (").click_accesskit();
    h.run_steps(2);
    h.get_by_label_contains("#0 at 0:01.0").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Saga checkout of message #0");
    h.get_by_label("command → shipments");
    // Reserve is answered after 1 ms; the command's reply comes 20 ms after it is sent.
    h.get_by_label(&format!("✔ ok after {}", format::millis(1.0)));
    h.get_by_label(&format!("✔ ok after {}", format::millis(20.0)));
}
