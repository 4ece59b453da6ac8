//! The dashboard driven through its real UI with egui_kittest, without a display.
//!
//! The runner is inline: every frame advances virtual time by exactly 100 ms of "wall"
//! time × speed, so what the window shows after N frames is known in advance.

mod ui_common;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use faultline::engine::Terminal;
use faultline::ui::app::Dashboard;
use faultline::ui::format;
use faultline::ui::runner::{Control, Runner};
use faultline::ui::settings::Settings;
use faultline::ui::snapshot::Speed;
use faultline::ui::theme::ThemeChoice;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use ui_common::dashboard;

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)
}

/// The app as `faultline` starts it: the built-in scenario, playing at ×1.
fn default_dashboard() -> Harness<'static, Dashboard> {
    let mut runner = Runner::open(None);
    runner.handle(Control::Play);
    dashboard(runner, Settings::default())
}

fn clock(h: &Harness<'_, Dashboard>) -> String {
    let s = h.state().snapshot();
    format!("{} / {}", format::clock(s.now), format::clock(s.end))
}

#[test]
fn opens_on_the_built_in_scenario_already_playing() {
    let mut h = default_dashboard();
    let started = h.state().snapshot().now.as_secs_f64();
    h.run_steps(10);
    h.get_by_label("Order pipeline: a tour of failures");
    h.get_by_label("⏸ Pause");
    let now = h.state().snapshot().now.as_secs_f64();
    assert!((now - started - 1.0).abs() < 1e-9, "ten frames of 100 ms at ×1 = 1 s, got {}", now - started);
    h.get_by_label(&clock(&h));
    // The topology shows every component of the scenario.
    for name in ["checkout", "orders", "payments", "payment-gateway", "orders.dlq"] {
        h.get_by_role_and_label(egui::accesskit::Role::Button, name);
    }
}

#[test]
fn pause_play_and_step() {
    let mut h = default_dashboard();
    h.run_steps(12);
    h.get_by_label("⏸ Pause").click();
    h.run_steps(2);
    h.get_by_label("▶ Play");
    h.get_by_label_contains("paused");
    let paused_at = h.state().snapshot().now;
    h.run_steps(5);
    assert_eq!(h.state().snapshot().now, paused_at, "paused: the clock stands still");

    let events = h.state().snapshot().events_handled;
    h.get_by_label("Step").click();
    h.run_steps(2);
    assert_eq!(h.state().snapshot().events_handled, events + 1, "Step handles exactly one event");

    h.get_by_label("Step 1s").click();
    h.run_steps(2);
    let interval_end = (paused_at.as_secs_f64() + 1.0).floor();
    assert_eq!(h.state().snapshot().now.as_secs_f64(), interval_end, "to the end of the sample interval");
    h.get_by_label(&format!("{} / 5:00.0", format::clock_s(interval_end)));

    h.get_by_label("▶ Play").click();
    h.run_steps(11);
    // One frame to take the click, then ten frames of 100 ms.
    h.get_by_label(&format!("{} / 5:00.0", format::clock_s(interval_end + 1.0)));
}

#[test]
fn keyboard_shortcuts_drive_playback() {
    let mut h = default_dashboard();
    h.run_steps(5);
    h.key_press(Key::Space);
    h.run_steps(2);
    assert!(!h.state().snapshot().playback.playing);
    h.get_by_label("▶ Play");
    let events = h.state().snapshot().events_handled;
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    assert_eq!(h.state().snapshot().events_handled, events + 1);
    h.key_press(Key::Plus);
    h.run_steps(2);
    assert_eq!(h.state().snapshot().playback.speed, Speed::Times(2.0));
    h.get_by_value("×2");
    h.key_press(Key::Minus);
    h.key_press(Key::Minus);
    h.run_steps(2);
    assert_eq!(h.state().snapshot().playback.speed, Speed::Times(0.5));
    h.key_press(Key::R);
    h.run_steps(2);
    assert_eq!(h.state().snapshot().now.0, 0, "R resets to time zero");
}

#[test]
fn the_speed_menu_changes_how_fast_virtual_time_runs() {
    let mut h = default_dashboard();
    h.run_steps(2);
    h.get_by_value("×1").click();
    h.run_steps(2);
    h.get_by_label("×10").click();
    h.run_steps(2);
    assert_eq!(h.state().snapshot().playback.speed, Speed::Times(10.0));
    let before = h.state().snapshot().now.as_secs_f64();
    h.run_steps(10);
    let after = h.state().snapshot().now.as_secs_f64();
    assert!((after - before - 10.0).abs() < 1e-9, "ten frames of 100 ms at ×10 = 10 s, got {}", after - before);
    h.get_by_label_contains("ahead of real time");
}

#[test]
fn selecting_a_component_opens_its_details() {
    let mut h = default_dashboard();
    h.run_steps(20);
    h.get_by_label("payments").click();
    h.run_steps(2);
    h.get_by_label("Consumer group");
    h.get_by_label("Apply concurrency");
    h.get_by_label("3 of 3");
    h.get_by_label("8 per instance");
    for instance in ["payments/1", "payments/2", "payments/3"] {
        h.get_by_label(instance);
    }
    // The instances table's headers are worded, not their message keys.
    for header in ["instance", "busy", "buffered", "unacked"] {
        h.get_by_label(header);
    }
    assert!(h.query_by_label("detail-instance").is_none());
    // The numbers are live: processed grows while the panel is open.
    let processed = |h: &Harness<'_, Dashboard>| h.state().snapshot().status.groups[0].processed;
    let shown = format::count(processed(&h));
    h.get_by_label(&shown);
    h.run_steps(10);
    h.get_by_label(&format::count(processed(&h)));

    // Another component replaces it; the close button closes the panel.
    h.get_by_label("payment-gateway").click();
    h.run_steps(2);
    h.get_by_label("Service");
    h.get_by_label("Apply error rates");
    h.get_by_label("✖").click();
    h.run_steps(2);
    assert!(h.query_by_label("Apply error rates").is_none());
}

#[test]
fn a_live_edit_from_the_detail_panel_reaches_the_engine_and_the_log() {
    let mut h = default_dashboard();
    h.run_steps(5);
    h.get_by_label("payments").click();
    h.run_steps(2);
    h.get_by_label("Apply concurrency").click();
    h.get_by_label("Event log").click();
    h.run_steps(2);
    let s = h.state().snapshot();
    assert!(s.command_error.is_none());
    let logged = s.log.iter().any(|e| e.component == "payments" && e.text == "concurrency set to 8");
    assert!(logged, "the edit is in the event log");
    h.get_by_label("concurrency set to 8");
}

#[test]
fn breaking_the_gateway_live_turns_it_failing() {
    use egui::accesskit::Role;
    let mut h = default_dashboard();
    h.run_steps(20);
    assert_eq!(h.query_all_by_label("✖ Failing").count(), 1, "only the legend: the system is not failing yet");
    h.get_by_label("breaker payments to payment-gateway: closed");
    h.get_by_role_and_label(Role::Button, "payment-gateway").click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::Slider, "transient").set_value_accesskit(0.6);
    h.run_steps(2);
    h.get_by_label("Apply error rates").click();
    h.run_steps(2);
    let s = h.state().snapshot();
    assert_eq!(s.scenario.services[0].errors.transient, 0.6, "the live edit is in the scenario that save writes");
    h.get_by_label("Event log").click();
    h.run_steps(2);
    h.get_by_label_contains("errors set to transient 0.6");
    // Soon the gateway fails most calls, the breaker on the call edge opens, and the
    // dashboard says so.
    h.run_steps(25);
    let s = h.state().snapshot();
    let breaker = s.status.breakers.iter().find(|b| b.service == "payment-gateway").map(|b| b.state);
    assert_eq!(breaker, Some(faultline::engine::BreakerState::Open));
    h.get_by_label("breaker payments to payment-gateway: open");
    // Refused calls fail every attempt: the system is failing, and the health chip in the
    // top bar says so next to the legend's own "✖ Failing".
    assert_eq!(faultline::ui::health::system(s).level, faultline::ui::theme::Health::Failing);
    assert_eq!(h.query_all_by_label("✖ Failing").count(), 2);
}

#[test]
fn a_bad_file_opens_the_error_panel_over_the_default_scenario() {
    let path = std::env::temp_dir().join(format!("faultline-bad-{}.ron", std::process::id()));
    std::fs::write(&path, "Scenario(\n  name: \"broken\",\n  topics: [ Topic(name: \"t\", partitons: 2) ],\n)\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut runner = Runner::open(Some(path.clone()));
    runner.handle(Control::Play);
    let mut h = dashboard(runner, Settings::default());
    h.run_steps(5);
    h.get_by_label("✖ Could not load the scenario");
    h.get_by_label_contains("still running");
    h.get_by_label_contains("partitons");
    // The last good scenario (the built-in one) keeps running.
    h.get_by_label("Order pipeline: a tour of failures");
    assert!(h.state().snapshot().now.0 > 0);
    h.get_by_label("Dismiss").click();
    h.run_steps(2);
    assert!(h.query_by_label("✖ Could not load the scenario").is_none());
    let _ = std::fs::remove_file(path);
}

#[test]
fn the_ledger_identity_is_displayed_and_balances() {
    let mut h = default_dashboard();
    h.run_steps(40);
    let l = h.state().snapshot().ledger.clone();
    assert!(l.balances());
    assert!(l.produced > 1000 && l.in_system > 0 && l.processed > 0);
    for (name, n) in [
        ("produced", l.produced),
        ("in system", l.in_system),
        ("processed", l.processed),
        ("dead-lettered", l.dead_lettered),
        ("expired", l.expired),
        ("dropped", l.dropped),
        ("lost", l.lost),
    ] {
        h.get_by_label(&format!("{name} {}", format::count(n)));
    }
    h.get_by_label("✔ balanced");
}

#[test]
fn opening_a_recent_file_loads_it() {
    let mut runner = Runner::open(None);
    runner.handle(Control::Play);
    let settings = Settings { recent: vec![shipped("mmc.ron")], ..Settings::default() };
    let mut h = dashboard(runner, settings);
    h.run_steps(3);
    h.get_by_label("Recent").click();
    h.run_steps(2);
    h.get_by_label(&shipped("mmc.ron").display().to_string()).click();
    h.run_steps(3);
    h.get_by_label("M/M/c reference");
    h.get_by_role_and_label(egui::accesskit::Role::Button, "servers");
    assert_eq!(h.state().snapshot().seed, 7);
    assert!(h.state().snapshot().playback.playing, "a newly opened scenario plays");
}

#[test]
fn a_file_named_on_the_command_line_opens_and_is_remembered() {
    let runner = Runner::open(Some(shipped("mmc.ron")));
    let mut h = dashboard(runner, Settings::default());
    h.run_steps(3);
    h.get_by_label("M/M/c reference");
    h.get_by_label("(mmc.ron)");
    assert!(h.state().snapshot().playback.playing);
    assert!(h.state().settings().recent.iter().any(|p| p.ends_with("mmc.ron")));
}

#[test]
fn dropping_a_scenario_file_opens_it() {
    #[derive(Debug)]
    struct Dropped(PathBuf);
    impl egui::DroppedFile for Dropped {
        fn path(&self) -> &Path {
            &self.0
        }
        fn bytes(&self) -> Result<Vec<u8>, String> {
            std::fs::read(&self.0).map_err(|e| e.to_string())
        }
    }
    let mut h = default_dashboard();
    h.run_steps(2);
    h.input_mut().dropped_files.push(Arc::new(Dropped(shipped("mmc.ron"))));
    h.run_steps(3);
    h.get_by_label("M/M/c reference");
    assert!(h.state().settings().recent.iter().any(|p| p.ends_with("mmc.ron")), "remembered as a recent file");
}

#[test]
fn clicking_an_event_log_time_moves_the_plot_cursor() {
    let mut h = default_dashboard();
    // Ten seconds of the flaky gateway log dead letters; then hold still.
    h.run_steps(100);
    h.get_by_label("⏸ Pause").click();
    h.get_by_label("Event log").click();
    h.run_steps(2);
    assert!(h.state().plots_following());
    let newest = h.state().snapshot().log.iter().next_back().map(|e| e.at);
    let Some(at) = newest else { panic!("the log has entries after ten seconds") };
    let label = format::clock(at);
    let Some(link) = h.query_all_by_label(&label).next() else { panic!("the newest entry's time {label} is shown") };
    link.click();
    h.run_steps(2);
    assert_eq!(h.state().plot_cursor(), Some(at));
    assert!(!h.state().plots_following(), "the plots stop following to show the cursor");
    h.get_by_label(&format!("cursor at {label}"));
    h.get_by_label("⏵ Follow").click();
    h.run_steps(2);
    assert!(h.state().plots_following());
}

#[test]
fn the_dead_letters_tab_lists_them_with_reasons() {
    let mut h = default_dashboard();
    h.run_steps(100);
    // Paused, so the counts cannot move between reading and looking.
    h.get_by_label("⏸ Pause").click();
    h.run_steps(2);
    let s = h.state().snapshot();
    let dead = s.ledger.dead_lettered;
    assert!(dead > 0, "ten seconds of the flaky gateway dead-letters something");
    let reasons: Vec<String> =
        s.ledger.reasons_of(Terminal::DeadLettered).map(|(r, _)| r.as_str().to_string()).collect();
    h.get_by_label(&format!("Dead letters ({})", format::count(dead))).click();
    h.run_steps(2);
    h.get_by_label(&format!("{} held", format::count(dead)));
    assert!(!h.query_all_by_label(&reasons[0]).collect::<Vec<_>>().is_empty(), "rows show the reason {}", reasons[0]);
    assert!(h.query_all_by_label_contains("orders.dlq · payments").count() > 0);
}

#[test]
fn theme_and_presentation_mode_are_settings() {
    let mut h = default_dashboard();
    h.run_steps(2);
    assert_eq!(h.state().settings().theme, ThemeChoice::Dark);
    h.get_by_label("☀ Light theme").click();
    h.run_steps(2);
    assert_eq!(h.state().settings().theme, ThemeChoice::Light);
    h.get_by_label("🌙 Dark theme");
    h.get_by_label("Presentation").click();
    h.run_steps(2);
    assert!(h.state().settings().presentation);
    h.run_steps(2);
    assert!((h.ctx.zoom_factor() - 1.5).abs() < 1e-6, "zoom {}", h.ctx.zoom_factor());
}

/// A group on a retained topic shows its offsets per partition, and its Reset offsets menu
/// replays the retained log: the reset reaches the engine and the event log.
#[test]
fn the_reset_offsets_menu_replays_a_retained_log() {
    let dir = std::env::temp_dir().join(format!("faultline-ui-offsets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join("retained.ron");
    let text = r#"Scenario(name: "Retained log", duration: "60s",
        topics: [Topic(name: "t", partitions: 2, retention: "30s")],
        producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
        consumers: [ConsumerGroup(name: "reader", topic: "t", handler: Handler(work: Constant("1ms")))])"#;
    std::fs::write(&path, text).expect("the scenario is written");
    let mut h = dashboard(Runner::open(Some(path)), Settings::default());
    h.run_steps(20);
    h.get_by_role_and_label(egui::accesskit::Role::Button, "reader").click();
    h.run_steps(2);
    h.get_by_label("Offsets");
    h.get_by_label("deleted by retention");
    // The lag per partition over time, plotted from the frames the group was shown.
    h.get_by_label("Lag per partition over time");
    // Below the lag plot, past the bottom of the panel at this size: pressed through
    // accessibility, as a user would after scrolling.
    h.get_by_label("⏪ Reset offsets").click_accesskit();
    h.run_steps(2);
    h.get_by_label("To earliest").click();
    h.run_steps(2);
    let s = h.state().snapshot();
    assert!(s.command_error.is_none(), "{:?}", s.command_error);
    let reader = s.status.groups.iter().find(|g| g.name == "reader").expect("the group");
    let replayed: u64 = reader.offsets.iter().map(|p| p.replayed).sum();
    assert!(replayed > 0, "the retained records came back");
    let logged = s.log.iter().any(|e| e.component == "reader" && e.text.starts_with("offsets reset to Earliest: "));
    assert!(logged, "the reset is in the event log");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A cooperative group's detail panel names its assignor and what its rebalances cost,
/// and the marker of each finished rebalance reaches the plots' status. g/2 crashes at
/// 2 s and is evicted at 3 s (session timeout 1 s); the cooperative rebalance gives its
/// partitions 1 and 4 of 6 new owners at 4 s: 2 partitions × 1 s paused, nothing stopped
/// (the same arithmetic as `tests/assignors.rs`).
#[test]
fn a_group_shows_its_assignor_and_rebalance_costs() {
    let dir = std::env::temp_dir().join(format!("faultline-ui-assignor-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join("cooperative.ron");
    let text = r#"Scenario(name: "Cooperative", duration: "60s",
        topics: [Topic(name: "t", partitions: 6)],
        producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
        consumers: [ConsumerGroup(name: "reader", topic: "t", instances: 3, assignor: CooperativeSticky,
            handler: Handler(work: Constant("1ms")), session_timeout: "1s", rebalance_pause: "1s")],
        faults: [Fault(at: "2s", duration: "1h", target: "reader/2", kind: Crash)])"#;
    std::fs::write(&path, text).expect("the scenario is written");
    let mut runner = Runner::open(Some(path));
    runner.handle(Control::Play);
    let mut h = dashboard(runner, Settings::default());
    h.run_steps(60);
    h.get_by_role_and_label(egui::accesskit::Role::Button, "reader").click();
    h.run_steps(2);
    h.get_by_label("Assignor");
    h.get_by_label("CooperativeSticky");
    h.get_by_label("1 · 2 partitions moved · 2 partition-s paused · stopped 0.0 s");
    let s = h.state().snapshot();
    let reader = &s.status.groups[0];
    assert_eq!(reader.rebalance_marks.len(), 1);
    assert_eq!(reader.rebalance_marks[0].started_at, faultline::time::SimTime::from_secs_f64(3.0));

    // The topic's button adds a partition live: the group rebalances to take it, and the
    // topic counts the keys that moved: of the producer's 1 000, 1 − 1/7 ≈ 857 for a
    // uniform hash (6 → 7: a key stays iff h mod 42 < 6), ± 44 at 4 binomial σ.
    h.get_by_role_and_label(egui::accesskit::Role::Button, "t").click();
    h.run_steps(2);
    h.get_by_label("➕ Add a partition").click();
    h.run_steps(2);
    let s = h.state().snapshot();
    assert!(s.command_error.is_none(), "{:?}", s.command_error);
    let t = &s.status.topics[0];
    assert_eq!(t.partition_backlog.len(), 7);
    assert!((t.keys_moved as i64 - 857).abs() <= 44, "{}", t.keys_moved);
    h.get_by_label("Keys moved");
    assert_eq!(s.status.groups[0].rebalances, 2);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A group with consumer batches shows in its detail panel how full its batches run and
/// how often they go. One event each 10 ms into batches of 5 (max_wait 1 s): every batch
/// goes full with its fifth message, so the mean is exactly 5.0, one batch each 50 ms
/// (20/s less the part-filled one in progress), each acknowledged once (see
/// `tests/consumer_batch.rs`). The inline runner plays 100 ms of virtual time a frame.
#[test]
fn a_group_shows_its_consumer_batches() {
    let dir = std::env::temp_dir().join(format!("faultline-ui-batches-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join("batches.ron");
    let text = r#"Scenario(name: "Consumer batches", duration: "60s",
        topics: [Topic(name: "t")],
        producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 100.0))],
        consumers: [ConsumerGroup(name: "reader", topic: "t", handler: Handler(work: Constant("1ms")),
            batch: Some(ConsumeBatch(max_messages: 5, max_wait: "1s")))])"#;
    std::fs::write(&path, text).expect("the scenario is written");
    let mut runner = Runner::open(Some(path));
    runner.handle(Control::Play);
    let mut h = dashboard(runner, Settings::default());
    h.run_steps(40);
    h.get_by_role_and_label(egui::accesskit::Role::Button, "reader").click();
    h.run_steps(2);
    let s = h.state().snapshot();
    let b = s.status.groups[0].batch.expect("the group's batches");
    assert_eq!(b.mean_size, 5.0);
    // About 4 s played: 20 batches a second, the first done at 50 ms.
    assert!((19.0..=20.0).contains(&b.per_second), "{b:?}");
    assert!(b.commits + 1 >= b.batches && b.fetch_refusals == 0, "{b:?}");
    h.get_by_label("Batch size, rate");
    h.get_by_label(&format!("5.0 of 5 · {:.1}/s", b.per_second));
    h.get_by_label(&format!("{} · refused fetches: 0", b.commits));
    let _ = std::fs::remove_dir_all(&dir);
}
