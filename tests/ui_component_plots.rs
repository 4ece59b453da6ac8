//! Per-component plots: selecting a consumer group or a service shows its own throughput,
//! latency, errors and backlog in the detail panel, from the series the engine sampled for
//! it; a service's replicas are drawn one line each. Driven through the real UI with
//! egui_kittest and no display.
//!
//! The scenario: `shop` publishes 4 orders a second at 0.25 s, 0.5 s, … (a constant rate
//! places them at k/4 s); `payments` handles each in 10 ms of work plus one call to `api`
//! (5 ms, spent at the service: calls never queue), whose 2 replicas take calls in turn
//! (round robin). So each order is processed
//! 15 ms after it is published: the sample interval (k−1 s, k s] processes the order
//! published at k−1 s and those at k−0.75, k−0.5 and k−0.25 s — 4, i.e. 4/s from the second
//! interval on (the first has only 3: 0.25, 0.5, 0.75 s), and each replica serves 2 of the
//! interval's 4 calls.

mod ui_common;

use egui_kittest::kittest::Queryable;
use faultline::ui::format;
use faultline::ui::runner::{Control, Runner};
use faultline::ui::settings::Settings;
use faultline::ui::snapshot::Speed;
use ui_common::dashboard;

const SCENARIO: &str = r#"Scenario(name: "component plots", duration: "60s", sample_every: "1s",
    services: [Service(name: "api", latency: Constant("5ms"), replicas: 2)],
    topics: [Topic(name: "orders")],
    producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 4.0))],
    consumers: [ConsumerGroup(name: "payments", topic: "orders",
        handler: Handler(work: Constant("10ms"), calls: ["api"]))],
)"#;

#[test]
fn a_group_and_a_service_show_their_own_plots() {
    let mut runner = ui_common::open_scenario("component-plots", SCENARIO);
    runner.handle(Control::SetSpeed(Speed::Times(1.0)));
    runner.handle(Control::Play);
    let mut h = dashboard(runner, Settings::default());
    h.run_steps(55);
    h.get_by_label("⏸ Pause").click_accesskit();
    h.run_steps(2);
    let s = h.state().snapshot().clone();
    // What the engine sampled for the group: 3 in the first second, then 4 a second.
    let column = s.history.column_index("group.payments.processed").expect("the group's throughput series");
    let sampled: Vec<f32> = s.history.column_points(column).map(|(_, v)| v).collect();
    assert!(sampled.len() >= 5, "{sampled:?}");
    assert_eq!(sampled[0], 3.0);
    assert!(sampled[1..].iter().all(|v| *v == 4.0), "{sampled:?}");
    // The group's plots show that series, its newest value in the legend.
    h.get_by_label("payments").click();
    h.run_steps(2);
    // The detail panel opens on its numbers; its plots are the other view.
    assert!(h.query_by_label("Processed").is_none());
    h.get_by_label("Plots over time").click();
    h.run_steps(2);
    h.get_by_label("Processed");
    h.get_by_label("Latency (end to end)");
    h.get_by_label("processed/s 4");
    // p50 = p95 = p99: every order takes 15 ms end to end (the histogram's precision).
    for stat in ["p50", "p95", "p99"] {
        let key = format!("group.payments.{stat}_ms");
        let latest = s.history.last_of(&key).unwrap_or_else(|| panic!("{key}"));
        assert!((latest - 15.0).abs() < 0.1, "{key} = {latest}");
        h.get_by_label(&format!("{stat} (ms) {}", format::compact(f64::from(latest))));
    }
    // The service: its calls, and each replica's half of them, one line each.
    h.get_by_label("api").click();
    h.run_steps(2);
    h.get_by_label("calls/s 4");
    // Its latency: every call spends its 5 ms there (no queueing: calls are 250 ms apart).
    h.get_by_label("Latency (at the service)");
    for stat in ["p50", "p99"] {
        let key = format!("service.api.{stat}_ms");
        let latest = s.history.last_of(&key).unwrap_or_else(|| panic!("{key}"));
        assert!((latest - 5.0).abs() < 0.05, "{key} = {latest}");
        h.get_by_label(&format!("{stat} (ms) {}", format::compact(f64::from(latest))));
    }
    for replica in ["api/1", "api/2"] {
        assert_eq!(s.history.last_of(&format!("service.{replica}.calls")), Some(2.0), "{replica}");
        // Its calls/s, p99, errors/s and busy lines: 2 a second, 5 ms each, none failed,
        // none at the sample.
        h.get_by_label(&format!("{replica} 2"));
        let p99 = s.history.last_of(&format!("service.{replica}.p99_ms")).expect("a replica's p99");
        assert!((p99 - 5.0).abs() < 0.05, "{replica} p99 = {p99}");
        h.get_by_label(&format!("{replica} {}", format::compact(f64::from(p99))));
        assert_eq!(h.query_all_by_label(&format!("{replica} 0")).count(), 2, "{replica}: errors and busy");
    }
    // The global plots leave the per-component series out.
    assert!(h.query_all_by_label_contains("payments processed/s").next().is_none());
    assert!(h.query_all_by_label_contains("api/1 busy").next().is_none());
    assert!(h.query_all_by_label_contains("api p50").next().is_none());
    // Back to its numbers and edits.
    h.get_by_label("Details").click();
    h.run_steps(2);
    h.get_by_label("Apply error rates");
}

/// A service behind a key policy shows what balancing costs and how even it is: lesson 21's
/// profile-cache (5 replicas, hash-mod), run to the end: profile-cache/5 was ejected and came
/// back, and the join moved ≈ 1 − 1/5 of the keys.
#[test]
fn a_keyed_service_shows_its_imbalance_and_the_keys_its_last_change_moved() {
    let file = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios/21-rebalancing-and-consistent-hashing.ron");
    let mut runner = Runner::open(Some(file));
    runner.handle(Control::SetSpeed(Speed::Max));
    runner.handle(Control::Play);
    let mut h = dashboard(runner, Settings::default());
    let end = h.state().snapshot().scenario.duration.as_secs_f64();
    for _ in 0..2000 {
        if h.state().snapshot().now.as_secs_f64() >= end {
            break;
        }
        h.run_steps(5);
    }
    let s = h.state().snapshot().clone();
    assert!(s.now.as_secs_f64() >= end, "the run did not end");
    let cache = s.status.services.iter().find(|v| v.name == "profile-cache").expect("the cache");
    let affinity = cache.affinity.as_ref().expect("hash-mod reports key affinity");
    let moved = affinity.keys_moved_share_last.expect("a membership change");
    assert!((moved - 0.8).abs() < 0.02, "hash-mod moved {moved} of the keys, ≈ 1 − 1/5");
    let imbalance = faultline::report::load_imbalance(&cache.replicas).expect("calls were served");
    h.get_by_label("profile-cache").click();
    h.run_steps(2);
    h.get_by_label("load imbalance (busiest replica ÷ mean)");
    assert!(h.query_all_by_label(&format!("{imbalance:.2}")).next().is_some(), "imbalance {imbalance:.2} shown");
    h.get_by_label("keys moved by the last membership change");
    h.get_by_label(&format::percent(moved));
    h.get_by_label("calls away from their key's home replica");
    h.get_by_label(&format::count(affinity.calls_rerouted));
}
