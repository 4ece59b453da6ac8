//! Where an incident started and how far it spread, and each call edge's own numbers,
//! through the real UI with egui_kittest and no display.
//!
//! The scenario: 20 orders a second (the k-th at k × 50 ms) handled by `payments`, which
//! calls `bank` (10 ms) and tries a message twice, 100 ms apart; `bank` crashes from 5 s
//! to 15 s. So:
//! - `bank` is down from exactly 5 s: its up/down timeline makes it failing then, the
//!   origin;
//! - `payments` finds it unreachable from the first call after 5 s (5.001 s): every
//!   attempt of the interval 5 s … 6 s fails, a failure share of 100 % ≥ 50 %, so it is
//!   failing from the end of that interval, 6 s (the row of 4 s … 5 s had no failure: the
//!   calls there were at x.x01 s, all before the crash);
//! - the topic never fills (capacity 100 000): it stays out of the cascade.

mod ui_common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use faultline::engine::Simulation;
use faultline::ui::app::Dashboard;
use faultline::ui::runner::{Control, Runner};
use faultline::ui::settings::Settings;
use faultline::ui::snapshot::{ScenarioSource, Speed};
use ui_common::dashboard;

const CRASH: &str = r#"Scenario(name: "cascade", duration: "30s", seed: 1, sample_every: "1s",
    services: [Service(name: "bank", latency: Constant("10ms"))],
    topics: [Topic(name: "orders", capacity: 100000)],
    producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 20.0))],
    consumers: [ConsumerGroup(name: "payments", topic: "orders", instances: 1, concurrency: 10,
        handler: Handler(work: Constant("1ms"), calls: ["bank"]),
        retry: Retry(max_attempts: 2, backoff: Constant("100ms")))],
    faults: [Fault(at: "5s", duration: "10s", target: "bank", kind: Crash)],
)"#;

fn scenario() -> faultline::scenario::Scenario {
    faultline::scenario::parse_str(CRASH, "cascade.ron").expect("valid")
}

/// The dashboard on the scenario at `speed` × real time, playing: each frame is 100 ms of
/// wall time, so `speed / 10` virtual seconds.
fn playing(speed: f64) -> Harness<'static, Dashboard> {
    let mut runner = Runner::new(scenario(), ScenarioSource::Dropped("cascade.ron".into())).expect("it starts");
    runner.handle(Control::SetSpeed(Speed::Times(speed)));
    runner.handle(Control::Play);
    dashboard(runner, Settings::default())
}

#[test]
fn the_cascade_lists_the_origin_then_its_caller_at_the_exact_instants() {
    // 10 s in: the crash is on.
    let mut h = playing(10.0);
    h.run_steps(10);
    h.get_by_label("Cascade (2)").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Incident since 0:05.0, going on");
    // The tab's rows are buttons (a click selects the component).
    let origin = h.get_by_role_and_label(Role::Button, "1 bank · 0:05.0 · Failing · origin");
    let caller = h.get_by_role_and_label(Role::Button, "2 payments · 0:06.0 · Failing");
    let (o, c) = (ui_common::bounds(&h, &origin), ui_common::bounds(&h, &caller));
    assert!(o.zip(c).is_some_and(|(o, c)| o.top() < c.top()), "the origin is listed first: {o:?} {c:?}");
    // The same order on the graph, as numbered badges.
    h.get_by_role_and_label(Role::Label, "1 bank · 0:05.0 · Failing · origin");
    h.get_by_role_and_label(Role::Label, "2 payments · 0:06.0 · Failing");
    assert!(h.query_by_label_contains("orders ·").is_none(), "the topic was not reached");
}

fn edge_numbers(h: &Harness<'_, Dashboard>) -> String {
    h.query_all_by_label_contains(" calls · ")
        .map(|n| n.accesskit_node().label().or(n.accesskit_node().value()).unwrap_or_default().to_string())
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn a_call_edge_shows_its_own_numbers_and_is_coloured_by_its_error_share() {
    let mut h = playing(10.0);
    h.run_steps(10);
    // During the crash every attempt fails: the edge is failing (red).
    let label = |h: &Harness<'_, Dashboard>| {
        let n = h.get_by_label_contains("calls payments to bank:");
        let node = n.accesskit_node();
        node.label().or(node.value()).unwrap_or_default().to_string()
    };
    assert!(label(&h).ends_with("100.0 % failing, Failing"), "{}", label(&h));
    // To the end: the last seconds had no failure, the edge is healthy again.
    h.run_steps(25);
    assert!(label(&h).ends_with(" 0.0 % failing, Healthy"), "{}", label(&h));
    h.get_by_label_contains("calls payments to bank:").hover();
    h.run_steps(40);
    // Its totals equal the engine's for the pair after the same run.
    let mut sim = Simulation::new(&scenario()).expect("builds");
    sim.run_to_end();
    let status = sim.status();
    let edge = status.call_edges.iter().find(|e| e.caller == "payments" && e.service == "bank").expect("the edge");
    let f = faultline::ui::format::count;
    let want = format!("{} calls · {} failed · {} retries", f(edge.calls), f(edge.failed), f(edge.retries));
    assert!(h.query_by_label(&want).is_some(), "{want} not in {}", edge_numbers(&h));
    assert!(edge.failed > 0 && edge.retries > 0, "{edge:?}");
}

/// The dashboard on `scenario`, playing at 10 × real time: one virtual second a frame.
fn playing_scenario(scenario: faultline::scenario::Scenario, name: &str) -> Harness<'static, Dashboard> {
    let mut runner = Runner::new(scenario, ScenarioSource::Dropped(name.into())).expect("it starts");
    runner.handle(Control::SetSpeed(Speed::Times(10.0)));
    runner.handle(Control::Play);
    dashboard(runner, Settings::default())
}

fn labels_with(h: &Harness<'_, Dashboard>, part: &str) -> String {
    h.query_all_by_label_contains(part)
        .map(|n| n.accesskit_node().label().or(n.accesskit_node().value()).unwrap_or_default().to_string())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Lesson 4: the gateway is slowed ×50 from 15 s to 45 s (degraded by its scheduled
/// fault, exactly); the breaker first opens at 16.6 s (seed 4, measured with `faultline
/// run --json`: within the lesson's own expectation 15 s … 20 s). From then on each
/// refused message fails twice in ~200 ms, so 80 prefetched slots turn over far faster
/// than 150 messages/s arrive: `orders` (capacity 100 000) never holds more than a few
/// hundred (the lesson expects at most 500, 0.5 % of it, far under the 50 % of
/// Degraded). `payments` itself fails (every attempt refused) — the price — but the
/// topic feeding it stays Ok: the breaker stopped the spread, and the graph says so.
#[test]
fn lesson_4s_breaker_is_marked_as_having_stopped_the_spread() {
    let text = include_str!("../scenarios/04-circuit-breaker.ron");
    let scenario = faultline::scenario::parse_str(text, "04-circuit-breaker.ron").expect("the lesson parses");
    let mut h = playing_scenario(scenario, "04-circuit-breaker.ron");
    // 30 s in (38 s after the hover): open or probing since 16.6 s, the gateway hanging.
    h.run_steps(30);
    let stopped = "breaker payments to payment-gateway stopped the spread";
    assert!(h.query_by_label(stopped).is_some(), "no mark: {}", labels_with(&h, "breaker"));
    assert!(h.query_by_label_contains("orders ·").is_none(), "the topic stayed out of the cascade");
    // Its badge's tooltip says why: from the first opening, with the topic it judged.
    // (egui waits half a second of hover before a tooltip: 8 frames of 100 ms.)
    h.get_by_label_contains("breaker payments to payment-gateway: ").hover();
    h.run_steps(8);
    let why = "It opened at 0:16.6 while payment-gateway was not healthy, and orders stayed healthy from then on";
    assert!(
        h.query_by_label_contains(why).is_some(),
        "{} / {}",
        labels_with(&h, "It opened"),
        labels_with(&h, "payment-gateway")
    );
    h.get_by_label_contains("Cascade (").click_accesskit();
    h.run_steps(2);
    h.get_by_label("breaker payments → payment-gateway: stopped the spread");
}

/// The counter-example: lesson 4 with a breaker that waits for 500 calls before judging
/// and a topic of 2 000. Until it opens, every attempt holds a worker for the 800 ms
/// timeout: 20 workers finish 25 attempts/s, 12.5 messages/s at two attempts each,
/// against 150/s, so the backlog grows ~137/s from 15 s and passes half the capacity
/// (1 000, Degraded) in the interval ending at 23 s (1 057 measured, seed 4). 500 calls
/// at ~25-50 a second take ~10 s: it opens at 25.4 s (measured), and the backlog is still
/// 1 351 at 26 s and 1 080 at 27 s before the fast failures drain it (821 at 28 s). The
/// topic upstream was not Ok after the opening: the failure spread past the breaker, so
/// no mark, though the breaker did open while the gateway was degraded.
#[test]
fn a_breaker_that_opens_after_the_backlog_grew_is_not_marked() {
    let text = include_str!("../scenarios/04-circuit-breaker.ron");
    let mut scenario = faultline::scenario::parse_str(text, "04-circuit-breaker.ron").expect("the lesson parses");
    scenario.lesson = None;
    scenario.expect.clear();
    let orders = scenario.topics.iter_mut().find(|t| t.name == "orders").expect("the lesson's topic");
    orders.capacity = 2000;
    let breaker = scenario.consumers[0].circuit_breaker.as_mut().expect("the lesson's breaker");
    breaker.window = faultline::scenario::Window::Count(500);
    breaker.minimum_calls = 500;
    let mut h = playing_scenario(scenario, "late-breaker.ron");
    h.run_steps(35);
    assert!(h.query_by_label_contains("stopped the spread").is_none(), "{}", labels_with(&h, "stopped"));
    // The breaker is there, it opened in the incident, and the topic is in the cascade
    // from 23 s, degraded.
    h.get_by_label_contains("breaker payments to payment-gateway: ");
    assert!(h.query_by_label_contains("orders · 0:23.0 · Degraded").is_some(), "{}", labels_with(&h, " · "));
    h.get_by_label_contains("Cascade (").click_accesskit();
    h.run_steps(2);
    h.get_by_label("breaker payments → payment-gateway");
}

/// The breaker on a *service's* calls: lesson 4 with a `checkout-api` service between the
/// group and the gateway, holding the timeout (800 ms) and the breaker on its own calls
/// to the gateway ("checkout-api:payment-gateway"). Nothing feeds the service directly;
/// the topic judged is the one feeding the groups that call it: `payments` reads
/// `orders`, so `orders` (found by walking the calls up from the service). The api adds
/// 1 ms of its own work and has no capacity limit, so the arithmetic of lesson 4 holds: the
/// breaker opens within seconds of the hang, the api answers refused calls with an error at
/// once, and the backlog of `orders` stays far under half its capacity: marked.
#[test]
fn a_breaker_on_a_services_calls_is_judged_by_the_topics_feeding_its_callers() {
    let text = include_str!("../scenarios/04-circuit-breaker.ron");
    let mut scenario = faultline::scenario::parse_str(text, "04-circuit-breaker.ron").expect("the lesson parses");
    scenario.lesson = None;
    scenario.expect.clear();
    let payments = &mut scenario.consumers[0];
    let breaker = payments.circuit_breaker.take().expect("lesson 4 has a breaker");
    payments.handler.calls = vec!["checkout-api".into()];
    let timeout = payments.handler.timeout.take();
    let api = r#"Service(name: "checkout-api", latency: Constant("1ms"), calls: ["payment-gateway"])"#;
    let mut api: faultline::scenario::Service = ron::from_str(api).expect("the service parses");
    api.timeout = timeout;
    api.circuit_breaker = Some(breaker);
    scenario.services.push(api);
    let mut h = playing_scenario(scenario, "04-service-breaker.ron");
    h.run_steps(30);
    let stopped = "breaker checkout-api to payment-gateway stopped the spread";
    assert!(h.query_by_label(stopped).is_some(), "no mark: {}", labels_with(&h, "breaker"));
    assert!(h.query_by_label_contains("orders ·").is_none(), "the topic stayed out of the cascade");
    h.get_by_label_contains("breaker checkout-api to payment-gateway: ").hover();
    h.run_steps(8);
    let why = "and orders stayed healthy from then on";
    assert!(h.query_by_label_contains(why).is_some(), "{}", labels_with(&h, "It opened"));
}
