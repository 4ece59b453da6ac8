//! The journeys tab: a traced message's path through a call chain, driven through the real
//! UI with egui_kittest and no display. One order a second goes to `checkout`, which calls
//! `edge`, which calls `bottom`; every root is traced, so after 1.5 s the first order's
//! journey is complete and its steps are listed in order.

mod ui_common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use faultline::ui::app::Dashboard;
use faultline::ui::runner::{Control, Runner};
use faultline::ui::settings::Settings;
use faultline::ui::snapshot::Speed;
use ui_common::dashboard;

const CHAIN: &str = r#"Scenario(name: "traced chain", duration: "10s",
    tracing: Some(Tracing(sample: 1.0, max_traces: 100)),
    services: [
        Service(name: "edge", latency: Constant("1ms"), calls: ["bottom"]),
        Service(name: "bottom", latency: Constant("2ms")),
    ],
    topics: [Topic(name: "orders")],
    producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 1.0))],
    consumers: [ConsumerGroup(name: "checkout", topic: "orders", handler: Handler(calls: ["edge"]))])"#;

fn top(h: &Harness<'_, Dashboard>, label: &str) -> f32 {
    let node = h.get_by_label(label);
    ui_common::bounds(h, &node).unwrap_or_else(|| panic!("{label} has no bounds")).top()
}

#[test]
fn the_journeys_tab_lists_a_traced_message_hop_by_hop() {
    let file = std::env::temp_dir().join(format!("faultline-journeys-{}.ron", std::process::id()));
    std::fs::write(&file, CHAIN).expect("a temporary scenario file");
    let mut runner = Runner::open(Some(file.clone()));
    runner.handle(Control::SetSpeed(Speed::Times(1.0)));
    runner.handle(Control::Play);
    let mut h = dashboard(runner, Settings::default());
    h.run_steps(15);
    let _ = std::fs::remove_file(&file);
    h.get_by_label_contains("Journeys (").click_accesskit();
    h.run_steps(2);
    // The first order (message 0, published at 1 s), picked from the list.
    h.get_by_label("#0 at 0:01.0 · 7 steps · 1 processed").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Journey of message #0");
    // Its steps, in order: the attempt, the call down the chain and the answers back up.
    let rows = ["attempt 1 on checkout/1", "from checkout", "from edge", "ok to edge", "ok to checkout"];
    let tops: Vec<f32> = rows.iter().map(|label| top(&h, label)).collect();
    assert!(tops.windows(2).all(|w| w[0] < w[1]), "{rows:?} at {tops:?}");
    // Times from the publish: 1 ms of handler work, edge's 1 ms, bottom's 2 ms.
    for time in ["+1.00 ms", "+2.00 ms", "+4.00 ms"] {
        assert!(h.query_all_by_label(time).count() >= 1, "{time}");
    }
}
