//! The dashboard's panels for faults and lessons, driven through the real UI with
//! egui_kittest and no display: circuit breakers, fault buttons, availability, redrive,
//! the lessons browser, the checklist and the captions.
//!
//! The runner is inline: every frame advances virtual time by exactly 100 ms × speed, so
//! what the window shows after N frames is known in advance.

mod ui_common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use faultline::engine::{BreakerState, Terminal};
use faultline::ui::app::Dashboard;
use faultline::ui::format;
use ui_common::tour_at;

fn breaker_state(h: &Harness<'_, Dashboard>) -> Option<BreakerState> {
    let s = h.state().snapshot();
    s.status.breakers.iter().find(|b| b.service == "payment-gateway").map(|b| b.state)
}

#[test]
fn the_breakers_tab_shows_the_tour_breaker_opening_with_its_reason() {
    // The tour's gateway fails 90 % of calls from 0:20; at ×10, 22 s are 22 frames.
    let mut h = tour_at(10.0);
    h.run_steps(5);
    h.get_by_role_and_label(Role::Button, "Circuit breakers");
    h.get_by_label("✔ CLOSED");
    h.get_by_label("None yet: the breaker has been closed since the start.");
    h.run_steps(17);
    assert_eq!(breaker_state(&h), Some(BreakerState::Open), "open at {}", format::clock(h.state().snapshot().now));
    h.get_by_role_and_label(Role::Button, "Circuit breakers (1 open)");
    h.get_by_label("✖ OPEN");
    // The transition, with its reason in numbers, as the engine gave it.
    h.get_by_label("closed ➡ OPEN");
    let reason = h.query_all_by_label_contains("over last 50 calls").count();
    assert!(reason >= 1, "the transition's reason is listed");
    h.get_by_label_contains("probes from");
    h.get_by_label("Transitions (1)");
    // The rate against its threshold, marked as over.
    h.get_by_label_contains("% (at or above the threshold 50 %)");
}

#[test]
fn force_open_from_the_breakers_tab_reaches_the_engine() {
    let mut h = tour_at(1.0);
    h.run_steps(5);
    h.get_by_label("Force open").click_accesskit();
    h.run_steps(2);
    assert_eq!(breaker_state(&h), Some(BreakerState::ForcedOpen));
    h.get_by_label("✖ FORCED OPEN");
    h.get_by_label("Back to normal").click_accesskit();
    h.run_steps(2);
    assert_eq!(breaker_state(&h), Some(BreakerState::Closed));
    h.get_by_label("✔ CLOSED");
}

#[test]
fn a_fault_button_crashes_the_gateway_and_the_dashboard_shows_it() {
    let mut h = tour_at(1.0);
    h.run_steps(10);
    h.get_by_role_and_label(Role::Button, "payment-gateway").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Inject a fault");
    h.get_by_label("💥 Crash").click_accesskit();
    h.run_steps(2);
    let s = h.state().snapshot();
    let down: Vec<bool> =
        s.status.availability.iter().filter(|a| a.component == "payment-gateway").map(|a| a.up).collect();
    assert_eq!(down, [false], "the gateway is down");
    h.get_by_label_contains("payment-gateway: crash since");
    // Calls now fail at once: the breaker opens within a few frames, with its reason.
    h.run_steps(10);
    assert_eq!(breaker_state(&h), Some(BreakerState::Open));
    assert!(h.query_all_by_label_contains("over last 50 calls").count() >= 1);
    // The availability tab shows it down, and the incident.
    h.get_by_role_and_label(Role::Button, "Availability (1 open incident)").click_accesskit();
    h.run_steps(2);
    h.get_by_label("✖ payment-gateway");
    h.get_by_label("Incidents");
    // The event log has the injection.
    h.get_by_label("Event log").click_accesskit();
    h.run_steps(2);
    h.get_by_label_contains("inject crash");
    // Recover now ends it.
    h.get_by_label("♻ Recover now").click_accesskit();
    h.run_steps(2);
    let up = h.state().snapshot().status.availability.iter().any(|a| a.component == "payment-gateway" && a.up);
    assert!(up, "recovered");
}

#[test]
fn redriving_dead_letters_empties_the_dead_letter_topic() {
    // At 0:45 the breaker has been open for ~20 s: thousands of 'circuit open' dead letters.
    let mut h = tour_at(10.0);
    h.run_steps(45);
    h.get_by_label("⏸ Pause").click_accesskit();
    h.run_steps(2);
    let held = h.state().snapshot().dead_letters.held;
    assert!(held > 1000, "{held} dead letters");
    h.get_by_label(&format!("Dead letters ({})", format::count(held))).click_accesskit();
    h.run_steps(2);
    // The loop guard's count: each was dead-lettered once.
    h.get_by_label("dead-lettered");
    assert!(h.query_all_by_label("1×").count() > 0);
    h.get_by_label("↻ Redrive all").click_accesskit();
    h.run_steps(2);
    let s = h.state().snapshot();
    assert_eq!(s.dead_letters.held, 0, "paused: every one republished, none back yet");
    h.get_by_label("Dead letters (0)");
    assert!(s.log.iter().any(|e| e.text.contains(&format!("redrive: {held} selected, {held} republished"))));
    // Played on, the redriven orders (the gateway is healthy again) are processed.
    h.get_by_label("▶ Play").click_accesskit();
    h.run_steps(5);
    assert!(h.state().snapshot().dead_letters.held < held / 10);
}

#[test]
fn redrive_by_reason_takes_only_that_reason() {
    let mut h = tour_at(10.0);
    h.run_steps(45);
    h.get_by_label("⏸ Pause").click_accesskit();
    h.run_steps(2);
    let s = h.state().snapshot();
    let table = s.dead_letters.clone();
    let reason = table.rows[0].reason;
    // The table lists only the newest rows; the ledger counts them all (none redriven yet).
    let of_reason = s.ledger.reasons_of(Terminal::DeadLettered).find(|(r, _)| *r == reason).map_or(0, |(_, n)| n);
    assert!(of_reason > 0 && of_reason < table.held);
    h.get_by_label(&format!("Dead letters ({})", format::count(table.held))).click_accesskit();
    h.run_steps(2);
    assert!(
        h.query_by_label("↻ Redrive by reason").is_some_and(|b| format!("{b:?}").contains("disabled: true")),
        "no reason chosen yet"
    );
    h.get_by_value("all").click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::Button, reason.as_str()).click_accesskit();
    h.run_steps(2);
    h.get_by_label(&format!("↻ Redrive '{}'", reason.as_str())).click_accesskit();
    h.run_steps(2);
    assert_eq!(h.state().snapshot().dead_letters.held, table.held - of_reason);
}

#[test]
fn the_tour_opens_with_its_lesson_checklist_and_caption() {
    let mut h = tour_at(1.0);
    h.run_steps(3);
    h.get_by_label("A tour of failures: the order pipeline");
    h.get_by_label("Checklist");
    h.get_by_label("Healthy at first: ≈ 240 orders/s processed");
    h.get_by_label_contains("Checkout sends 240 orders/s to 6 partitions");
    h.get_by_label("Questions");
}

#[test]
fn the_lessons_browser_loads_a_lesson_whose_checklist_ticks_and_captions_follow() {
    let mut h = tour_at(10.0);
    h.run_steps(2);
    h.get_by_label("📚 Lessons").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Browse the lessons…").click_accesskit();
    // A window's first frame only measures it.
    h.run_steps(3);
    assert!(h.state().lessons_open());
    // The tour and every lesson of the catalogue, each with its summary.
    let lessons = faultline::curriculum::catalogue();
    for entry in lessons {
        h.get_by_label(&format!("Lesson {}", entry.order));
    }
    h.get_by_label("Tour");
    let opens: Vec<_> = h.query_all_by_label("Open").collect();
    // The challenges follow the lessons under their own heading, each with its button too.
    let challenges = faultline::curriculum::catalogue::challenges();
    for entry in challenges {
        h.get_by_label(&format!("Challenge {}", entry.order));
    }
    assert_eq!(
        opens.len(),
        lessons.len() + challenges.len(),
        "one button per lesson and challenge; the tour that runs says Start again"
    );
    opens[3].click_accesskit();
    h.run_steps(2);
    let s = h.state().snapshot();
    assert_eq!(s.scenario.name, "04 Circuit breaker: fail fast instead of waiting");
    assert!(h.query_by_label("Lesson 4").is_none(), "the browser closes");
    h.get_by_label("Circuit breaker: fail fast instead of waiting");
    h.get_by_label_contains("through a circuit breaker. It is CLOSED: calls go through.");
    let opens_item = "The breaker opens within seconds of the hang";
    h.get_by_label(opens_item);
    let status = |h: &Harness<'_, Dashboard>| {
        let s = h.state().snapshot();
        s.lesson.as_ref().and_then(|l| l.items.iter().find(|i| i.title == opens_item)).map(|i| i.status)
    };
    assert_eq!(status(&h), Some(faultline::curriculum::Status::Pending));
    // The gateway hangs at 0:15; at ×10 the breaker has opened by 0:20.
    h.run_steps(20);
    assert_eq!(status(&h), Some(faultline::curriculum::Status::Passed));
    h.get_by_label_contains("passed ·");
    // A later caption has replaced the first.
    assert!(h.query_by_label_contains("through a circuit breaker. It is CLOSED: calls go through.").is_none());
}

#[test]
fn try_it_runs_a_question_and_back_returns_to_the_lesson() {
    let mut h = tour_at(1.0);
    h.run_steps(2);
    h.get_by_label("📚 Lessons").click_accesskit();
    h.run_steps(2);
    let lesson4 = faultline::curriculum::catalogue()[3].title.clone();
    h.get_by_label(&format!("Lesson 4 · {lesson4}")).click_accesskit();
    h.run_steps(2);
    let tries: Vec<_> = h.query_all_by_label("▶ Try it").collect();
    assert_eq!(tries.len(), 3);
    tries[0].click_accesskit();
    h.run_steps(2);
    let s = h.state().snapshot();
    assert_eq!(s.lesson.as_ref().and_then(|l| l.question), Some(1));
    assert!(s.scenario.consumers[0].circuit_breaker.is_none(), "question 1 removes the breaker");
    h.get_by_label("⚠ Trying question 1");
    h.get_by_label("Workers wait out every timeout: the backlog grows by ≈ 137/s");
    h.get_by_label("⟲ Back to the lesson").click_accesskit();
    h.run_steps(2);
    let s = h.state().snapshot();
    assert_eq!(s.lesson.as_ref().and_then(|l| l.question), None);
    assert!(s.scenario.consumers[0].circuit_breaker.is_some());
}

#[test]
fn a_service_with_replicas_shows_each_replica_and_the_ejected_one() {
    use faultline::ui::runner::Control;
    use faultline::ui::settings::Settings;
    use faultline::ui::snapshot::Speed;
    let scenario = r#"Scenario(name: "replicas", duration: "2m",
        services: [Service(name: "courier-api", latency: Constant("5ms"), capacity: 4, replicas: 3,
            outlier_detection: Some(OutlierDetection(consecutive_errors: 3, eject_for: "1m", max_ejected: 0.34)))],
        topics: [Topic(name: "t")],
        producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 50.0))],
        consumers: [ConsumerGroup(name: "shipping", topic: "t", concurrency: 4,
            handler: Handler(calls: ["courier-api"]), retry: Retry(max_attempts: 1), on_exhausted: Drop)],
        faults: [Fault(at: "0s", duration: "1h", target: "courier-api/2", kind: ErrorRate(1.0))],
    )"#;
    let mut runner = ui_common::open_scenario("replicas", scenario);
    runner.handle(Control::SetSpeed(Speed::Times(10.0)));
    runner.handle(Control::Play);
    let mut h = ui_common::dashboard(runner, Settings::default());
    h.run_steps(5);
    h.get_by_role_and_label(Role::Button, "courier-api").click_accesskit();
    h.run_steps(2);
    for name in ["courier-api/1", "courier-api/2", "courier-api/3"] {
        h.get_by_label(name);
    }
    h.get_by_label("round robin");
    // Faults can aim at one replica or at all of them: the fault section has a target chooser.
    h.get_by_label("Inject a fault");
    h.get_by_label("target");
    // Round robin sent it calls 2, 5 and 8 at 40, 100 and 160 ms: ejected until 1:00.165.
    assert_eq!(h.query_all_by_label_contains("ejected until").count(), 1);
    h.get_by_label_contains("ejected until 1:00");
    h.get_by_label_contains("3 errors, 1 ejections");
    assert_eq!(h.query_all_by_label_contains("0 errors, 0 ejections").count(), 2);
}

/// Active health checks in a service's panel: probes every 100 ms, out after 3 failed.
/// courier-api/2 crashed at 0 s (down, and out of balancing since the probe at 0.3 s);
/// courier-api/3 is slowed ×100, so its probe takes 5 ms × 100 = 500 ms, past the 50 ms
/// timeout: out of balancing while up, passed 0 of the 2 that bring it back. Stepped to
/// 2 s by sample intervals, so nothing depends on the wall clock.
#[test]
fn a_service_panel_shows_each_replicas_health_check_state() {
    use faultline::ui::runner::Control;
    use faultline::ui::settings::Settings;
    let scenario = r#"Scenario(name: "probes", duration: "2m", sample_every: "1s",
        services: [Service(name: "courier-api", latency: Constant("5ms"), capacity: 4, replicas: 3,
            health_check: Some(ServiceHealthCheck(interval: "100ms", timeout: "50ms", unhealthy_threshold: 3, healthy_threshold: 2)))],
        topics: [Topic(name: "t")],
        producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 50.0))],
        consumers: [ConsumerGroup(name: "shipping", topic: "t", concurrency: 4,
            handler: Handler(calls: ["courier-api"]), retry: Retry(max_attempts: 1), on_exhausted: Drop)],
        faults: [Fault(at: "0s", duration: "1h", target: "courier-api/2", kind: Crash),
            Fault(at: "0s", duration: "1h", target: "courier-api/3", kind: Slow(factor: 100.0))],
    )"#;
    let mut runner = ui_common::open_scenario("probes", scenario);
    runner.handle(Control::StepInterval);
    runner.handle(Control::StepInterval);
    let mut h = ui_common::dashboard(runner, Settings::default());
    h.run_steps(3);
    h.get_by_role_and_label(Role::Button, "courier-api").click_accesskit();
    h.run_steps(2);
    h.get_by_label("every 100ms, timeout 50ms: out after 3 failed, back after 2 passed");
    h.get_by_label_contains("DOWN, out of balancing (health check)");
    h.get_by_label_contains("out of balancing (health check; passed 0 of 2)");
    assert_eq!(h.query_all_by_label_contains("out of balancing").count(), 2);
}

/// A producer's panel describes Markov-modulated arrivals (their states' rates) and shows
/// the long-run mean rate Σ πᵢλᵢ: 100/s half the time, 50/s. Its rate is no single number,
/// so there is no rate slider.
#[test]
fn a_modulated_producer_is_described_with_its_states_and_mean_rate() {
    use faultline::ui::settings::Settings;
    let scenario = r#"Scenario(name: "modulated", duration: "2m",
        topics: [Topic(name: "t")],
        producers: [Producer(name: "bursts", topic: "t",
            rate: Modulated(states: [(per_second: 100.0, mean_stay: "2s"), (per_second: 0.0, mean_stay: "2s")]))],
    )"#;
    let mut h = ui_common::dashboard(ui_common::open_scenario("modulated", scenario), Settings::default());
    h.run_steps(3);
    h.get_by_role_and_label(Role::Button, "bursts").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Markov-modulated, 2 states: 100/s / 0/s (random stays)");
    h.get_by_label("50/s");
}

/// A stateful instance crashed at 10.005 s restarts at 12.005 s and replays the 100 events
/// applied since its last snapshot (at 900 of 1000) at 10 per second: 10 s, so it takes
/// traffic again at 22.005 s (RTO 1 s + 1 s + 10 s = 12 s). The group's panel and the
/// Availability tab show the replay's progress bar while it lasts, then the tab shows the
/// RTO with its rebuild and the RPO.
#[test]
fn the_availability_tab_shows_a_rebuild_in_progress_then_rto_and_rpo() {
    use faultline::ui::runner::Control;
    use faultline::ui::settings::Settings;
    use faultline::ui::snapshot::Speed;
    let scenario = r#"Scenario(name: "stateful", duration: "1m",
        topics: [Topic(name: "events", partitions: 1, retention: Some("1h"))],
        producers: [Producer(name: "p", topic: "events", rate: Constant(per_second: 100.0))],
        consumers: [ConsumerGroup(name: "projection", topic: "events", handler: Handler(work: Constant("1ms")),
            supervisor: Some(Supervisor(detect_after: "1s", restart_after: "1s")),
            state: Some(Projection(snapshot_every: 300, rebuild_per_second: 10.0)))],
        faults: [Fault(at: "10.005s", duration: "1ms", target: "projection/1", kind: Crash)],
    )"#;
    let mut runner = ui_common::open_scenario("state", scenario);
    runner.handle(Control::SetSpeed(Speed::Times(10.0)));
    runner.handle(Control::Play);
    let mut h = ui_common::dashboard(runner, Settings::default());
    // One virtual second a frame: run into the rebuild (12.005 s to 22.005 s).
    while h.state().snapshot().now < faultline::time::SimTime::from_secs_f64(14.0) {
        h.run_steps(1);
    }
    let rebuild = h.state().snapshot().status.groups[0].instances[0].rebuild.expect("rebuilding");
    assert_eq!(rebuild.events, 100);
    // The bars show what the last frame drew: read the figures after a frame, while paused.
    h.get_by_role_and_label(Role::Button, "projection").click_accesskit();
    h.get_by_role_and_label(Role::Button, "Availability (1 open incident)").click_accesskit();
    h.get_by_label("⏸ Pause").click_accesskit();
    h.run_steps(2);
    let rebuild = h.state().snapshot().status.groups[0].instances[0].rebuild.expect("still rebuilding");
    let done = (rebuild.progress * 100.0).floor() as u64;
    assert!(done > 0 && done < 100, "mid-rebuild: {done}");
    h.get_by_label_contains(&format!("rebuilding its state: {done} of 100 events replayed"));
    h.get_by_label_contains(&format!("⟳ rebuilding {}", format::percent(rebuild.progress)));
    h.get_by_label("▶ Play").click_accesskit();
    while h.state().snapshot().now < faultline::time::SimTime::from_secs_f64(23.0) {
        h.run_steps(1);
    }
    assert_eq!(h.query_all_by_label_contains("rebuilding").count(), 0, "the rebuild is over");
    h.get_by_label_contains("(its rebuild: 100 events replayed in");
    h.get_by_label_contains("RPO 0: its disk kept the snapshot");
    let s = h.state().snapshot();
    let incident = &s.status.incidents[0];
    assert_eq!(incident.timings.self_healing_s, Some(12.0));
}

/// The Availability tab's broker nodes show their copies in sync in the health colours.
/// Three nodes, three partitions, three copies each (every node holds all three). Before
/// the crash every node has 3/3 in sync; from 2 s broker/2 is down (0/3, failing) and
/// broker/1 and broker/3 each lead one partition with 2 of its 3 copies in sync: one
/// under-replicated partition each (degraded). broker/2's own partition is offline until
/// the failover at 7 s; its two other copies are in sync: "p1: OFFLINE (2/3)".
#[test]
fn the_availability_tab_shows_in_sync_copies_and_under_replicated_partitions() {
    use faultline::ui::runner::Control;
    use faultline::ui::settings::Settings;
    let text = r#"Scenario(name: "isr", duration: "60s",
    broker: Broker(nodes: 3, replication: 3, min_insync: 2, failover_after: "5s", replication_lag: Constant("5ms")),
    topics: [Topic(name: "t", partitions: 3)],
    producers: [Producer(name: "p", topic: "t", rate: Poisson(per_second: 50.0))],
    consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Constant("1ms")))],
    faults: [Fault(at: "2s", duration: "1h", target: "broker/2", kind: Crash)])"#;
    let mut runner = ui_common::open_scenario("isr", text);
    runner.handle(Control::Play);
    let mut h = ui_common::dashboard(runner, Settings::default());
    h.run_steps(2);
    h.get_by_role_and_label(Role::Button, "Availability").click_accesskit();
    h.run_steps(8);
    assert_eq!(h.query_all_by_label("✔ 3/3 copies in sync").count(), 3);
    // 1 s later than the crash at 2 s (a frame is 100 ms at ×1).
    h.run_steps(20);
    let now = h.state().snapshot().now.as_secs_f64();
    assert!((2.0..7.0).contains(&now), "{now}");
    h.get_by_label("✖ 0/3 copies in sync");
    assert_eq!(h.query_all_by_label("⚠ 3/3 copies in sync · 1 under-replicated").count(), 2);
    h.get_by_label_contains("p0: 1 (2/3) · p1: OFFLINE (2/3) · p2: 3 (2/3)");
}

/// A group's panel shows its autoscaler (policy, each decision with its rule and the
/// utilisation it saw), its health check's ejections and its cost. Two instances on a
/// fixed lag of 1000 (an hour-long handler); g/1 crashes at 5 s, the 1 s probes fail at
/// 6 s and 7 s and eject it (1 left); the step check at 30 s sees utilisation
/// 1000 / (1 × 100) = 10 > 0.8 and goes from 1 to 3.
#[test]
fn a_group_shows_its_autoscaler_decisions_with_their_reason_and_its_health_check() {
    use faultline::ui::runner::Control;
    use faultline::ui::settings::Settings;
    use faultline::ui::snapshot::Speed;
    let scenario = r#"Scenario(name: "scaling", duration: "2m",
        topics: [Topic(name: "t", capacity: 1000000)],
        producers: [Producer(name: "p", topic: "t", rate: Replay(trace: [(at: "0s")]), batch: Fixed(1000))],
        consumers: [ConsumerGroup(name: "workers", topic: "t", delivery: Competing, instances: 2,
            handler: Handler(work: Constant("1h")),
            autoscale: Some(Autoscale(min: 2, max: 20, target_backlog: 100, check_every: "30s", cooldown: "0s",
                policy: Step(up_above: 0.8, up_by: 2, down_below: 0.2, down_by: 1))),
            health_check: Some(HealthCheck(interval: "1s", failure_threshold: 2, action: Eject)))],
        faults: [Fault(at: "5s", duration: "1h", target: "workers/1", kind: Crash)],
    )"#;
    let mut runner = ui_common::open_scenario("scaling", scenario);
    runner.handle(Control::SetSpeed(Speed::Times(10.0)));
    runner.handle(Control::Play);
    let mut h = ui_common::dashboard(runner, Settings::default());
    h.run_steps(32);
    h.get_by_role_and_label(Role::Button, "workers").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Autoscaler");
    h.get_by_label_contains("step (+2 above 0.8, −1 below 0.2)");
    h.get_by_label("1 to 3");
    h.get_by_label_contains("utilisation 10.00 > 0.8");
    h.get_by_label("Health check");
    h.get_by_label_contains("2 failed probes · 0 restarts · 1 ejected");
    h.get_by_label("cost (instance-seconds)");
    // The incident of workers/1 (5 s to its ejection at 7 s) with its fault-tolerance
    // rate: nothing arrived in it (the burst came at 0 s), so it has none.
    h.get_by_role_and_label(Role::Button, "Availability").click_accesskit();
    h.run_steps(2);
    h.get_by_label("fault tolerance – (nothing arrived)");
}

/// The Availability tab's broker nodes show their produce-request load when the broker has
/// a cost. broker/1 leads topic a's partition: 500 requests/s, one each 2 ms, served in
/// 1 ms by its one I/O thread: load 50 %, nothing ever waits. broker/2 leads topic b's:
/// 2 000 requests/s against a capacity of 1 000/s, so its queue fills to its bound of 10
/// and it refuses the rest (failing, "refused").
#[test]
fn the_availability_tab_shows_each_broker_nodes_request_load() {
    use faultline::ui::runner::Control;
    use faultline::ui::settings::Settings;
    let text = r#"Scenario(name: "load", duration: "60s",
    broker: Broker(nodes: 2, io_threads: 1, request_cost: Constant("1ms"), queued_max_requests: 10),
    topics: [Topic(name: "a"), Topic(name: "b")],
    producers: [Producer(name: "pa", topic: "a", rate: Constant(per_second: 500.0)),
        Producer(name: "pb", topic: "b", rate: Constant(per_second: 2000.0), acks: None)],
    consumers: [ConsumerGroup(name: "ga", topic: "a", handler: Handler(work: Constant("0s"))),
        ConsumerGroup(name: "gb", topic: "b", handler: Handler(work: Constant("0s")))])"#;
    let mut runner = ui_common::open_scenario("load", text);
    runner.handle(Control::Play);
    let mut h = ui_common::dashboard(runner, Settings::default());
    h.run_steps(2);
    h.get_by_role_and_label(Role::Button, "Availability").click_accesskit();
    h.run_steps(20);
    let s = h.state().snapshot();
    let loads: Vec<_> = s.status.brokers.iter().map(|n| n.load.clone().expect("a load")).collect();
    assert!((loads[0].utilisation - 0.5).abs() < 0.01, "{loads:?}");
    assert!(loads[1].refused > 0 && loads[1].utilisation > 0.99, "{loads:?}");
    h.get_by_label("✔ load 50.0 % · queue 0.0 · wait 0.00 ms");
    h.get_by_label_contains(&format!("· {} refused", loads[1].refused));
    assert_eq!(h.query_all_by_label_contains("✖ load 100.0 %").count(), 1);
}
