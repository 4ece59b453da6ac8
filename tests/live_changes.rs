//! Live changes of scenario parameters (`Command::Set` and the commands built on it):
//! applied at exact virtual times, refused with a reason when invalid or not changeable
//! live, replayed bit for bit, conserving every message, and saved as a scenario that
//! runs like the change.

mod common;

use common::{fingerprint, model, secs, shipped, simulation};
use faultline::engine::ids::InstanceId;
use faultline::engine::{Command, CommandError, Reason, Simulation};
use faultline::scenario::{parse_str, to_ron_string};
use faultline::session::{Session, Timeline};
use faultline::time::{SimDuration, SimTime};

/// The first (only) consumer instance of a group.
const FIRST: InstanceId = InstanceId::new(0);

fn set(path: &str, value: &str) -> Command {
    Command::Set { path: path.into(), value: value.into() }
}

#[test]
fn a_rate_change_at_10s_changes_the_arrivals_from_then_on() {
    let mut sim = simulation(
        r#"Scenario(name: "rate", duration: "20s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
        )"#,
    );
    sim.step_until(secs(10.0));
    assert_eq!(sim.ledger().produced, 100, "0.1 s, 0.2 s, ..., 10.0 s");
    sim.apply(set("producers.p.rate.per_second", "20")).expect("a valid change");
    sim.run_to_end();
    // Evenly spaced from the change on: 10.05 s, 10.10 s, ..., 20.0 s.
    assert_eq!(sim.ledger().produced, 300);
    let change = &sim.live_changes()[0];
    assert_eq!(change.to_string(), "p: rate.per_second 10 → 20");
    assert_eq!(change.at, secs(10.0));
    assert!(
        sim.log()
            .entries()
            .iter()
            .any(|e| e.at == secs(10.0) && e.component == "p" && e.text == "rate.per_second 10 → 20")
    );
    assert!(
        matches!(sim.scenario().producers[0].rate, faultline::scenario::Arrivals::Constant { per_second } if per_second == 20.0)
    );
    assert!(
        matches!(sim.initial_scenario().producers[0].rate, faultline::scenario::Arrivals::Constant { per_second } if per_second == 10.0),
        "the initial scenario is what sessions replay from"
    );
}

/// A renewal producer's gap changes like any rate: from the change on, one fresh gap after
/// it. SetArrivalRate, which sets a single rate, has none to set and says what to set.
#[test]
fn a_renewal_gap_change_at_10s_spaces_the_arrivals_from_then_on() {
    let mut sim = simulation(
        r#"Scenario(name: "renewal", duration: "20s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Renewal(gap: Constant("100ms")))],
        )"#,
    );
    sim.step_until(secs(10.0));
    assert_eq!(sim.ledger().produced, 100, "0.1 s, 0.2 s, ..., 10.0 s");
    let e = sim.apply(Command::SetArrivalRate { producer: "p".into(), per_second: 20.0 }).expect_err("no rate to set");
    assert!(e.to_string().contains("set `producers.p.rate.gap` to another distribution instead"), "{e}");
    sim.apply(set("producers.p.rate.gap", r#"Constant("50ms")"#)).expect("a valid change");
    sim.run_to_end();
    // 10.05 s, 10.10 s, ..., 20.0 s: 200 more.
    assert_eq!(sim.ledger().produced, 300);
}

/// A live change of a producer's `batch` applies from the next arrival: 10 arrivals of one
/// event by 1 s, then 10 of three by 2 s.
#[test]
fn a_batch_changes_live_from_the_next_arrival() {
    let mut sim = simulation(
        r#"Scenario(name: "batch", duration: "2s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Constant("1ms")))],
        )"#,
    );
    sim.step_until(secs(1.0));
    assert_eq!(sim.ledger().produced, 10);
    sim.apply(set("producers.p.batch", "Fixed(3)")).expect("a valid change");
    sim.run_to_end();
    assert_eq!(sim.ledger().produced, 40);
}

#[test]
fn a_concurrency_change_is_visible_at_once() {
    let mut sim = simulation(
        r#"Scenario(name: "concurrency", duration: "10s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 1, prefetch: 10, handler: Handler(work: Constant("1h")))],
        )"#,
    );
    sim.step_until(secs(1.0));
    assert_eq!((sim.groups()[0].instances()[FIRST].busy, sim.groups()[0].instances()[FIRST].buffer.len()), (1, 9));
    sim.apply(set("consumers.g.concurrency", "4")).expect("valid");
    assert_eq!((sim.groups()[0].instances()[FIRST].busy, sim.groups()[0].instances()[FIRST].buffer.len()), (4, 6));
    // And lowered: the four keep working, no fifth starts.
    sim.apply(set("consumers.g.concurrency", "2")).expect("valid");
    sim.step_until(secs(2.0));
    assert_eq!(sim.groups()[0].instances()[FIRST].busy, 4, "jobs in progress are not cut short");
    assert_eq!(sim.groups()[0].instances()[FIRST].unacked, 10, "prefetch 10 still bounds what it holds");
}

/// A lower failure-rate threshold opens a CLOSED breaker at the moment of the change if
/// the calls already in its window reach it; a higher one leaves it closed.
#[test]
fn a_breaker_threshold_change_re_evaluates_the_window_at_once() {
    let text = r#"Scenario(name: "breaker", duration: "60s", seed: 3,
        services: [Service(name: "s", latency: Constant("10ms"), errors: Errors(transient: 0.3))],
        topics: [Topic(name: "t")],
        producers: [Producer(name: "p", topic: "t", rate: Poisson(per_second: 50.0))],
        consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 4, delivery: Competing,
            handler: Handler(work: Constant("0ms"), calls: ["s"]),
            circuit_breaker: Some(CircuitBreaker(window: Count(100), minimum_calls: 100, failure_rate: 0.5)))],
    )"#;
    let mut sim = simulation(text);
    sim.step_until(secs(20.0));
    let breaker = &sim.status().breakers[0];
    let rate = breaker.failure_rate_pct.expect("the window is full");
    assert_eq!(breaker.state, faultline::engine::BreakerState::Closed);
    assert!((20.0..50.0).contains(&rate), "{rate}");
    let mut higher = sim.clone();
    higher.apply(set("consumers.g.circuit_breaker.failure_rate", "0.6")).expect("valid");
    assert_eq!(higher.status().breakers[0].state, faultline::engine::BreakerState::Closed);
    assert_eq!(higher.status().breakers[0].failure_rate_pct, Some(rate), "the window is kept");

    sim.apply(set("consumers.g.circuit_breaker.failure_rate", "0.2")).expect("valid");
    let breaker = &sim.status().breakers[0];
    assert_eq!(breaker.state, faultline::engine::BreakerState::Open);
    let t = breaker.recent_transitions.last().expect("a transition");
    assert_eq!((t.at, t.from.name(), t.to.name()), (secs(20.0), "CLOSED", "OPEN"));
    let reason = t.cause.to_string();
    assert!(reason.starts_with("failure rate") && reason.contains("≥ 20% over last 100 calls"), "{reason}");
}

/// Retries: a message that has made 2 attempts of 5 when `max_attempts` drops to 2 is
/// given up at its next failure, not after 5.
#[test]
fn a_retry_change_applies_to_the_next_failure() {
    let text = r#"Scenario(name: "retry", duration: "12s",
        services: [Service(name: "s", latency: Constant("10ms"), errors: Errors(transient: 1.0))],
        topics: [Topic(name: "t")],
        producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 0.2))],
        consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Constant("0ms"), calls: ["s"]),
            retry: Retry(max_attempts: 5, backoff: Constant("1s")))],
    )"#;
    // Unchanged: attempts at 5.00, 6.01, 7.02, 8.03, 9.04 s; given up at 9.05 s.
    let mut unchanged = simulation(text);
    unchanged.step_until(secs(9.049));
    assert_eq!(unchanged.ledger().dropped, 0);
    unchanged.step_until(secs(9.05));
    assert_eq!(unchanged.ledger().dropped, 1);

    let mut sim = simulation(text);
    sim.step_until(secs(6.5));
    assert_eq!(sim.groups()[0].stats().attempts, 2);
    sim.apply(set("consumers.g.retry.max_attempts", "2")).expect("valid");
    sim.step_until(secs(7.029));
    assert_eq!(sim.ledger().dropped, 0, "the retry waiting since 6.02 s still happens");
    sim.step_until(secs(7.03));
    assert_eq!(sim.ledger().dropped, 1);
    assert_eq!(sim.ledger().by_reason().get(Reason::RetriesExhausted.as_str()), Some(&1));
    assert_eq!(sim.groups()[0].stats().attempts, 3);
}

#[test]
fn refused_changes_say_why_and_change_nothing() {
    let mut sim = Simulation::new(&shipped("order-pipeline.ron")).expect("builds");
    sim.step_until(secs(30.0));
    let before = fingerprint(&sim);
    let refused = |sim: &mut Simulation, path: &str, value: &str| {
        sim.apply(set(path, value)).expect_err(&format!("{path}={value} must be refused")).to_string()
    };
    let e = refused(&mut sim, "consumers.payments.topic", "orders.dlq");
    assert!(e.starts_with("`consumers.payments.topic` cannot change while the simulation runs: it is wiring"), "{e}");
    let e = refused(&mut sim, "consumers.payments.handler.calls", r#"["payment-gateway","payment-gateway"]"#);
    assert!(e.contains("which services the handler calls is wiring"), "{e}");
    let e = refused(&mut sim, "consumers.payments.delivery", "Competing");
    assert!(e.contains("redeployment"), "{e}");
    let e = refused(&mut sim, "topics.orders.partitions", "12");
    assert!(e.contains("moves keys"), "{e}");
    let e = refused(&mut sim, "broker.nodes", "5");
    assert!(e.contains("reassignment"), "{e}");
    let e = refused(&mut sim, "seed", "7");
    assert!(e.contains("reseed"), "{e}");
    let e = refused(&mut sim, "faults.0.duration", "10s");
    assert!(e.contains("InjectFault"), "{e}");
    let e = refused(&mut sim, "consumers.payments.name", "pay");
    assert!(e.contains("added, removed or renamed"), "{e}");

    let e = refused(&mut sim, "consumers.payments.retry.max_attempts", "0");
    assert_eq!(
        e,
        "consumers.payments.retry.max_attempts: the scenario would not be valid: consumers[payments].retry.max_attempts: must be at least 1"
    );
    let e = refused(&mut sim, "consumers.payments.retry.jitter", "Fulll");
    assert!(e.contains("unknown variant `Fulll`"), "{e}");
    let e = refused(&mut sim, "consumers.paymnts.concurrency", "4");
    assert!(e.contains("did you mean `payments`"), "{e}");
    let e = refused(&mut sim, "consumers.payments.autoscale.max", "1");
    assert!(e.contains("autoscale"), "{e}");
    let e = refused(&mut sim, "duration", "10s");
    assert!(e.contains("ends before now"), "{e}");
    let e = sim.apply(Command::SetArrivalRate { producer: "nobody".into(), per_second: 1.0 }).expect_err("unknown");
    assert!(matches!(e, CommandError::UnknownComponent { .. }));

    assert!(sim.commands().is_empty() && sim.live_changes().is_empty());
    assert_eq!(fingerprint(&sim), before, "a refused change changes nothing");
}

/// A change to the value already set is accepted and logged, and changes nothing.
#[test]
fn a_no_op_change_changes_nothing_but_the_records() {
    let mut a = Simulation::new(&shipped("order-pipeline.ron")).expect("builds");
    a.step_until(secs(30.0));
    let mut b = a.clone();
    b.apply(set("consumers.payments.retry.max_attempts", "4")).expect("valid");
    assert!(b.live_changes().is_empty());
    assert!(b.log().entries().back().is_some_and(|e| e.text.contains("no change")));
    a.step_until(secs(90.0));
    b.step_until(secs(90.0));
    assert_eq!(model(&a), model(&b));
}

/// Many changes at awkward moments (between events of one nanosecond too) replay bit for
/// bit from a saved session, and seeking back reaches the same states.
#[test]
fn a_session_with_live_changes_replays_bit_for_bit() {
    let changes: [(f64, &str, &str); 14] = [
        (10.0, "consumers.payments.retry.max_attempts", "2"),
        (12.5, "consumers.payments.circuit_breaker.failure_rate", "0.3"),
        (15.0, "services.payment-gateway.failures.mtbf", r#"{"Exponential":"30s"}"#),
        (20.0, "producers.checkout.rate.per_second", "1500"),
        (25.0, "topics.orders.capacity", "2000"),
        (30.0, "consumers.payments.rate_limit", "null"),
        (31.0, "consumers.payments.bulkhead", r#"{"max_concurrent": 4, "max_wait": "50ms"}"#),
        (40.0, "consumers.payments.autoscale.target_backlog", "100"),
        (45.0, "topics.orders.ttl", "2s"),
        (50.0, "services.payment-gateway.capacity", "20"),
        (55.0, "consumers.payments.commit_interval", "0s"),
        (60.0, "consumers.payments.circuit_breaker.window", r#"{"Time":"10s"}"#),
        (65.0, "alerts.backlog.when.above", "100"),
        (70.0, "producers.checkout.rate", r#"{"Bursty":{"per_second":2000.0,"on":"2s","off":"3s"}}"#),
    ];
    let mut live = Simulation::new(&shipped("order-pipeline.ron")).expect("builds");
    let mut timeline = Timeline::new(&live, SimDuration::from_secs(10), 40);
    let mut copies = Vec::new();
    for (at, path, value) in changes {
        live.step_until(secs(at));
        // A few single events past the instant, so time alone would not say when it was.
        for _ in 0..3 {
            live.step_one();
        }
        live.apply(set(path, value)).unwrap_or_else(|e| panic!("{path}={value}: {e}"));
        copies.push(live.clone());
        timeline.observe(&live);
    }
    live.step_until(secs(100.0));
    assert_eq!(live.live_changes().len(), 14, "{:?}", live.live_changes());
    assert!(live.conservation_holds());
    let text = Session::of(&live).to_ron_string();
    assert!(text.contains("Set(") && text.contains("max_attempts"), "saved as Set commands");
    let session = Session::parse(&text, "live.session.ron").expect("loads");
    let replayed = session.replay_until(live.now()).expect("replays");
    assert_eq!(fingerprint(&replayed), fingerprint(&live));
    for copy in &copies {
        // A seek reaches the end of an instant (every event at it handled).
        let mut expected = copy.clone();
        expected.step_until(copy.now());
        let sought = timeline.seek(&live, copy.now()).expect("seeks");
        assert_eq!(fingerprint(&sought), fingerprint(&expected), "at {}", copy.now());
    }
}

/// The scenario with the live changes applied, saved as a file and run from time zero,
/// is the same run as the original with the changes applied at time zero.
#[test]
fn the_saved_scenario_runs_like_the_changes_applied_at_zero() {
    let cases: [&[(&str, &str)]; 5] = [
        &[("producers.checkout.rate.per_second", "1200"), ("consumers.payments.retry.max_attempts", "2")],
        &[("services.payment-gateway.failures", r#"{"mtbf":{"Exponential":"1m"},"mttr":{"Constant":"5s"}}"#)],
        &[("consumers.payments.circuit_breaker", "null"), ("consumers.payments.instances", "5")],
        &[("consumers.payments.autoscale", "null"), ("topics.orders.overflow", "DropOldest")],
        &[("alerts.backlog.when.for", "5s"), ("duration", "3m")],
    ];
    for changes in cases {
        let mut changed = Simulation::new(&shipped("order-pipeline.ron")).expect("builds");
        for (path, value) in changes {
            changed.apply(set(path, value)).unwrap_or_else(|e| panic!("{path}={value}: {e}"));
        }
        let saved = to_ron_string(changed.scenario());
        let reread = parse_str(&saved, "saved.ron").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&reread, changed.scenario());
        let mut from_file = Simulation::new(&reread).expect("builds");
        // Two minutes: past the first faults and the gateway's failures, enough to differ.
        changed.step_until(secs(120.0));
        from_file.step_until(secs(120.0));
        assert_eq!(model(&from_file), model(&changed), "{changes:?}");
        // And the session (the original scenario and the changes at zero) replays it.
        let replayed = Session::of(&changed).replay_until(changed.now()).expect("replays");
        assert_eq!(fingerprint(&replayed), fingerprint(&changed), "{changes:?}");
    }
}

/// A reconfiguration never loses or invents a message: conservation holds after every
/// single event through a series of changes that shrink and grow what holds messages.
#[test]
fn reconfigurations_conserve_every_message() {
    let mut sim = Simulation::new(&shipped("order-pipeline.ron")).expect("builds");
    let changes: [(f64, &str, &str); 12] = [
        (5.0, "topics.orders.capacity", "50"),
        (6.0, "producers.checkout.outbox", "false"),
        (8.0, "consumers.payments.prefetch", "2"),
        (9.0, "consumers.payments.instances", "2"),
        (10.0, "topics.orders.overflow", "BlockProducer"),
        (12.0, "consumers.payments.concurrency", "1"),
        (14.0, "topics.orders.overflow", "DropOldest"),
        (15.0, "topics.orders.ttl", "100ms"),
        (16.0, "producers.checkout.publish_retry.buffer", "1"),
        (18.0, "consumers.payments.on_exhausted", "Park"),
        (19.0, "consumers.payments.strict_order", "true"),
        (20.0, "topics.orders.capacity", "100000"),
    ];
    let mut next = 0;
    while sim.now() < secs(30.0) {
        if next < changes.len() && sim.next_event_at().is_some_and(|t| t > secs(changes[next].0)) {
            let (_, path, value) = changes[next];
            sim.step_until(secs(changes[next].0));
            sim.apply(set(path, value)).unwrap_or_else(|e| panic!("{path}={value}: {e}"));
            assert!(sim.conservation_holds(), "after {path}={value}");
            next += 1;
        }
        if !sim.step_one() {
            break;
        }
        assert!(sim.conservation_holds(), "at {} after {} changes", sim.now(), next);
    }
    assert_eq!(next, changes.len());
    let l = sim.ledger();
    assert!(l.processed > 0 && l.dropped > 0, "the changes did something: {l:?}");
}

/// A topic whose capacity drops below its backlog keeps every message and refuses new
/// ones until it is below the new capacity again.
#[test]
fn a_capacity_below_the_backlog_keeps_the_messages_and_refuses_new_ones() {
    let mut sim = simulation(
        r#"Scenario(name: "capacity", duration: "10s",
            topics: [Topic(name: "t", capacity: 1000)],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 100.0),
                publish_retry: PublishRetry(max_attempts: 1))],
        )"#,
    );
    sim.step_until(secs(2.0));
    assert_eq!(sim.topics()[0].backlog(), 200);
    sim.apply(set("topics.t.capacity", "50")).expect("valid");
    assert_eq!(sim.topics()[0].backlog(), 200, "nothing dropped by the change");
    sim.step_until(secs(3.0));
    assert_eq!(sim.topics()[0].backlog(), 200);
    assert_eq!(sim.ledger().lost, 100, "the next second's 100 publishes were refused (one attempt each)");
    assert_eq!(sim.ledger().by_reason().get(Reason::TopicFullRejected.as_str()), Some(&100));
    assert!(sim.conservation_holds());
}

/// Switching a full topic from BlockProducer to RejectNew lets the blocked producer go:
/// its waiting message is refused (and retried by its publish-retry policy), its
/// arrivals resume.
#[test]
fn a_topic_that_stops_blocking_releases_its_producers() {
    let mut sim = simulation(
        r#"Scenario(name: "unblock", duration: "10s",
            topics: [Topic(name: "t", capacity: 10, overflow: BlockProducer)],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0),
                publish_retry: PublishRetry(max_attempts: 1))],
        )"#,
    );
    sim.step_until(secs(5.0));
    assert!(sim.status().producers[0].blocked);
    assert_eq!(sim.ledger().produced, 11, "ten in the topic, the eleventh waits");
    sim.apply(set("topics.t.overflow", "RejectNew")).expect("valid");
    assert!(!sim.status().producers[0].blocked);
    assert_eq!(sim.ledger().lost, 1, "the waiting message was refused");
    sim.step_until(secs(6.0));
    assert_eq!(sim.ledger().produced, 21, "arrivals resumed at 5.1 s");
    assert!(sim.conservation_holds());
}

/// A circuit breaker added live gets its history series (the rows before show it as a
/// closed breaker with no failures) and guards the calls from then on; removed, it is
/// DISABLED and its series go on.
#[test]
fn a_breaker_added_live_guards_from_then_on_and_removed_is_disabled() {
    let text = r#"Scenario(name: "add", duration: "40s",
        services: [Service(name: "s", latency: Constant("10ms"), errors: Errors(transient: 1.0))],
        topics: [Topic(name: "t")],
        producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 20.0))],
        consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Competing,
            handler: Handler(work: Constant("0ms"), calls: ["s"]))],
    )"#;
    let mut sim = simulation(text);
    sim.step_until(secs(10.0));
    let columns = sim.history().specs().len();
    sim.apply(set("consumers.g.circuit_breaker", r#"{"window":{"Count":10},"minimum_calls":10,"open_for":"5s"}"#))
        .expect("valid");
    assert_eq!(sim.history().specs().len(), columns + 2);
    let state = sim.history().column_index("breaker.g:s.state").expect("a state series");
    sim.step_until(secs(20.0));
    let levels = sim.history().column(state);
    assert!(levels[..10].iter().all(|v| *v == 0.0), "no breaker before 10 s: {levels:?}");
    assert!(levels.contains(&2.0), "it opened: {levels:?}");
    let calls_at_20 = sim.status().services[0].calls;
    assert!(calls_at_20 < 200 + 20, "an open breaker kept calls from the service: {calls_at_20}");

    sim.apply(set("consumers.g.circuit_breaker", "null")).expect("valid");
    let status = &sim.status().breakers[0];
    assert_eq!(status.state, faultline::engine::BreakerState::Disabled);
    assert!(status.recent_transitions.last().is_some_and(|t| t.cause.to_string().contains("removed by a live change")));
    sim.step_until(secs(30.0));
    // Messages at 20.05 s, 20.10 s, ..., 29.95 s: 199 calls answered by 30 s.
    assert_eq!(sim.status().services[0].calls, calls_at_20 + 199, "every call goes through again");
    assert_eq!(sim.history().column(state).len(), sim.history().len());
    sim.apply(set("consumers.g.circuit_breaker", r#"{"window":{"Count":10},"minimum_calls":10}"#)).expect("valid");
    assert_eq!(sim.status().breakers[0].state, faultline::engine::BreakerState::Closed);
    assert_eq!(sim.history().specs().len(), columns + 2, "the same breaker, the same series");
    sim.run_to_end();
    assert!(sim.conservation_holds());
}

/// A bulkhead added while calls are in progress counts them as holding its slots, so the
/// limit holds from the moment they end; removed, it lets its waiting calls through.
#[test]
fn a_bulkhead_added_mid_flight_counts_the_calls_in_progress() {
    let text = r#"Scenario(name: "bulkhead", duration: "20s",
        services: [Service(name: "s", latency: Constant("1s"))],
        topics: [Topic(name: "t")],
        producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
        consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 10, delivery: Competing,
            handler: Handler(work: Constant("0ms"), calls: ["s"]))],
    )"#;
    let mut sim = simulation(text);
    sim.step_until(secs(5.05));
    assert_eq!(sim.status().services[0].active, 10);
    sim.apply(set("consumers.g.bulkhead", r#"{"max_concurrent": 3, "max_wait": "10s"}"#)).expect("valid");
    let bulkhead = || -> (u32, u64) {
        let b = &sim.status().groups[0].policy.bulkheads[0];
        (b.active, b.waiting)
    };
    assert_eq!(bulkhead(), (10, 0));
    sim.step_until(secs(8.0));
    assert!(sim.status().services[0].active <= 3, "the limit holds once the calls in progress ended");
    sim.apply(set("consumers.g.bulkhead", "null")).expect("valid");
    assert!(sim.status().groups[0].policy.bulkheads.is_empty());
    assert_eq!(sim.status().services[0].active, 10, "the waiting calls went through");
    sim.run_to_end();
    assert!(sim.conservation_holds());
}

/// Stochastic failures switched on live start from now, from the unit's own stream; the
/// analytic availability follows; switched off, a failed service is repaired at once.
#[test]
fn failures_switched_on_and_off_live() {
    let mut sim = simulation(
        r#"Scenario(name: "failures", duration: "1h",
            services: [Service(name: "s")],
            topics: [Topic(name: "t")],
        )"#,
    );
    sim.step_until(secs(100.0));
    sim.apply(set("services.s.failures", r#"{"mtbf":{"Exponential":"60s"},"mttr":{"Constant":"1h"}}"#)).expect("valid");
    let analytic = sim.units()[0].availability().analytic.expect("analytic availability");
    assert!((analytic - 60.0 / 3660.0).abs() < 1e-9);
    sim.step_until(secs(2000.0));
    assert!(!sim.status().services[0].up, "failed within ~30 MTBFs, repair takes an hour");
    sim.apply(set("services.s.failures", "null")).expect("valid");
    assert!(sim.status().services[0].up, "repaired when failures are switched off");
    assert_eq!(sim.units()[0].availability().analytic, None);
}

/// The wrappers keep their serde names and their meaning; they are recorded as what they
/// are and listed as live changes.
#[test]
fn the_specific_commands_are_live_changes_too() {
    let mut sim = Simulation::new(&shipped("order-pipeline.ron")).expect("builds");
    sim.step_until(secs(5.0));
    sim.apply(Command::SetConcurrency { group: "payments".into(), concurrency: 16 }).expect("valid");
    assert_eq!(sim.groups()[0].config().concurrency, 16);
    assert_eq!(sim.groups()[0].config().prefetch, 16, "the prefetch it had is kept");
    assert_eq!(sim.scenario().consumers[0].concurrency, 16);
    sim.apply(Command::SetServiceErrors {
        service: "payment-gateway".into(),
        errors: faultline::scenario::Errors { transient: 0.5, business: 0.0, fatal: 0.0 },
    })
    .expect("valid");
    let fields: Vec<String> = sim.live_changes().iter().map(|c| c.to_string()).collect();
    assert_eq!(
        fields,
        [
            "payments: concurrency 8 → 16",
            "payment-gateway: errors.business 0.002 → 0",
            "payment-gateway: errors.transient 0.01 → 0.5"
        ]
    );
    let e = sim
        .apply(Command::SetServiceErrors {
            service: "payment-gateway".into(),
            errors: faultline::scenario::Errors { transient: 0.9, business: 0.2, fatal: 0.0 },
        })
        .expect_err("probabilities above 1 in total");
    assert!(e.to_string().contains("errors"), "{e}");
    let session = Session::parse(&Session::of(&sim).to_ron_string(), "s").expect("loads");
    assert!(matches!(session.commands[0].command, Command::SetConcurrency { .. }));
}

/// Time is exact: a change recorded after single events of one nanosecond replays at
/// that event count, not merely at that time.
#[test]
fn a_change_between_events_of_one_instant_replays_there() {
    let text = r#"Scenario(name: "instant", duration: "5s",
        topics: [Topic(name: "t")],
        producers: [Producer(name: "a", topic: "t", rate: Constant(per_second: 10.0)),
                    Producer(name: "b", topic: "t", rate: Constant(per_second: 10.0))],
        consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Constant("50ms")))],
    )"#;
    let mut live = simulation(text);
    live.step_until(SimTime(secs(1.0).0 - 1));
    live.step_one();
    assert_eq!(live.now(), secs(1.0));
    live.apply(set("consumers.g.handler.work", r#"{"Constant":"10ms"}"#)).expect("valid");
    live.run_to_end();
    let replayed = Session::of(&live).replay_until(live.now()).expect("replays");
    assert_eq!(fingerprint(&replayed), fingerprint(&live));
}

/// Strict order switched on while messages wait to retry: from then on no message is
/// overtaken (the waiting ones take their key back at once), and switched off again, keys
/// are released and nothing is left blocked.
#[test]
fn strict_order_switched_live_hands_the_keys_over() {
    let mut sim = simulation(
        r#"Scenario(name: "strict", duration: "60s", seed: 2,
            services: [Service(name: "s", latency: Constant("20ms"), errors: Errors(transient: 0.3))],
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0), keys: Uniform(keys: 1))],
            consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 4, prefetch: 16,
                handler: Handler(work: Constant("0ms"), calls: ["s"]),
                retry: Retry(max_attempts: 3, backoff: Constant("200ms")))],
        )"#,
    );
    let violations = |sim: &Simulation| sim.groups()[0].key_order().as_ref().map_or(0, |k| k.violations);
    sim.step_until(secs(20.0));
    assert!(violations(&sim) > 0, "retries let later messages of the key overtake");
    sim.apply(set("consumers.g.strict_order", "true")).expect("valid");
    // A message overtaken before the switch still counts when it is processed, within
    // two back-offs.
    sim.step_until(secs(21.0));
    let (settled, processed) = (violations(&sim), sim.ledger().processed);
    sim.step_until(secs(40.0));
    assert_eq!(violations(&sim), settled, "no message is overtaken under strict order");
    assert!(sim.ledger().processed > processed + 150, "and the key is not stuck");
    sim.apply(set("consumers.g.strict_order", "false")).expect("valid");
    let processed = sim.ledger().processed;
    sim.run_to_end();
    assert!(sim.ledger().processed > processed + 150);
    assert!(
        sim.groups()[0].instances()[FIRST].active_keys.len() <= 1,
        "{:?}",
        sim.groups()[0].instances()[FIRST].active_keys
    );
    assert!(sim.conservation_holds());
}

/// The lab story of lesson 7 (`07-consumer-crash.ron`): payments/1 crashed at 15 s and
/// nothing restarts it. A supervisor added at 40 s (after the crash's cause ended at 35 s)
/// notices it `detect_after` later and restarts it `restart_after` after that: up at
/// exactly 55 s.
#[test]
fn a_supervisor_added_live_restarts_an_instance_already_down() {
    let mut sim = Simulation::new(&shipped("07-consumer-crash.ron")).expect("builds");
    sim.step_until(secs(40.0));
    assert!(!sim.groups()[0].instances()[FIRST].is_up());
    // The lesson's own question, in its RON form, applied live.
    sim.apply(set("consumers.payments.supervisor", r#"Supervisor(detect_after: "5s", restart_after: "10s")"#))
        .expect("valid");
    sim.step_until(SimTime(secs(55.0).0 - 1));
    assert!(!sim.groups()[0].instances()[FIRST].is_up());
    sim.step_until(secs(55.0));
    assert!(sim.groups()[0].instances()[FIRST].is_up(), "restarted at 55 s");
    assert!(sim.log().entries().iter().any(|e| e.at == secs(45.0) && e.text.contains("supervisor noticed")));
    // The session timeout follows the supervisor's detect_after (the scenario gives none).
    assert_eq!(sim.groups()[0].config().session_timeout, SimDuration::from_secs(5));
}

/// Values as JSON, as bare words, or as RON the way a scenario file (and a lesson's
/// question) writes them; the log writes structured values the file's way too.
#[test]
fn values_may_be_json_bare_words_or_ron() {
    let mut sim = Simulation::new(&shipped("order-pipeline.ron")).expect("builds");
    sim.step_until(secs(5.0));
    for (path, value) in [
        ("topics.orders.shedding", r#"[{"backlog_above":5000,"below_priority":1}]"#),
        ("topics.orders.shedding", "[Shed(backlog_above: 4000, below_priority: 1, action: Reject)]"),
        ("consumers.payments.retry.jitter", "Equal"),
        ("consumers.payments.handler.timeout", "250ms"),
        ("consumers.payments.circuit_breaker.window", "Time(\"10s\")"),
        ("producers.checkout.rate", r#"{"Steps":[{"at":"20s","per_second":100.0}]}"#),
    ] {
        sim.apply(set(path, value)).unwrap_or_else(|e| panic!("{path}={value}: {e}"));
    }
    let shown: Vec<String> = sim.live_changes().iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "orders: shedding [] → [(action: Drop, backlog_above: 5000, below_priority: 1)]",
            "orders: shedding [(action: Drop, backlog_above: 5000, below_priority: 1)] → [(action: Reject, backlog_above: 4000, below_priority: 1)]",
            "payments: retry.jitter Full → Equal",
            "payments: handler.timeout 1s → 250ms",
            "payments: circuit_breaker.window Count(50) → Time(10s)",
            "checkout: rate Poisson(per_second: 800) → Steps([(at: 20s, per_second: 100)])",
        ]
    );
    assert_eq!(sim.topics()[0].shedding()[0].backlog_above, 4000);
}

/// Changes a property test picks from: each shrinks or grows something that holds
/// messages, switches a policy on or off, or changes timing.
const CANDIDATES: [(&str, &str); 30] = [
    ("services.s.capacity", "null"),
    ("services.s.failures", "null"),
    ("services.s.failures.mtbf", r#"{"Exponential":"500ms"}"#),
    ("broker.failures", r#"{"mtbf":{"Exponential":"3s"},"mttr":{"Exponential":"500ms"}}"#),
    ("broker.failures", "null"),
    ("consumers.g.failures", r#"{"mtbf":{"Exponential":"2s"},"mttr":{"Exponential":"1s"}}"#),
    ("topics.t.capacity", "20"),
    ("topics.t.capacity", "100000"),
    ("topics.t.overflow", "DropOldest"),
    ("topics.t.overflow", "BlockProducer"),
    ("topics.t.overflow", "RejectNew"),
    ("topics.t.ttl", "200ms"),
    ("topics.t.ttl", "null"),
    ("producers.p.outbox", "true"),
    ("producers.p.outbox", "false"),
    ("producers.p.rate.per_second", "400"),
    ("producers.p.publish_retry.buffer", "1"),
    ("consumers.g.instances", "1"),
    ("consumers.g.instances", "4"),
    ("consumers.g.concurrency", "1"),
    ("consumers.g.prefetch", "1"),
    ("consumers.g.prefetch", "null"),
    ("consumers.g.retry.max_attempts", "1"),
    ("consumers.g.circuit_breaker", r#"{"window":{"Count":10},"minimum_calls":5,"open_for":"500ms"}"#),
    ("consumers.g.circuit_breaker", "null"),
    ("consumers.g.bulkhead", r#"{"max_concurrent":1,"max_wait":"20ms"}"#),
    ("consumers.g.bulkhead", "null"),
    ("consumers.g.rate_limit", r#"{"per_second":50.0,"burst":2}"#),
    ("consumers.g.strict_order", "true"),
    ("services.s.capacity", "1"),
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

    /// Any sequence of live changes at any moments conserves every message (checked after
    /// every event), and the run with them replays bit for bit.
    #[test]
    fn any_live_changes_conserve_and_replay(
        picks in proptest::collection::vec((0u64..8_000, 0usize..CANDIDATES.len()), 1..12),
    ) {
        let mut sim = simulation(
            r#"Scenario(name: "laws", duration: "10s", seed: 4,
                broker: Broker(nodes: 2, replication: 1, failover_after: "1s"),
                services: [Service(name: "s", latency: Exponential("5ms"), errors: Errors(transient: 0.2), capacity: 4,
                    failures: Some(Failures(mtbf: Exponential("2s"), mttr: Exponential("300ms"))))],
                topics: [Topic(name: "t", partitions: 3, capacity: 200), Topic(name: "dlq")],
                producers: [Producer(name: "p", topic: "t", rate: Poisson(per_second: 200.0), keys: Uniform(keys: 5))],
                consumers: [ConsumerGroup(name: "g", topic: "t", instances: 2, concurrency: 2, prefetch: 4,
                    handler: Handler(work: Exponential("2ms"), calls: ["s"], timeout: "50ms"),
                    retry: Retry(max_attempts: 3, backoff: Constant("20ms"), jitter: Full),
                    on_exhausted: DeadLetter("dlq"), commit_interval: "1s")],
            )"#,
        );
        let mut picks = picks;
        picks.sort_unstable();
        for (at_ms, k) in picks {
            let at = SimTime(at_ms * 1_000_000);
            while sim.next_event_at().is_some_and(|t| t <= at) {
                sim.step_one();
                proptest::prop_assert!(sim.conservation_holds(), "at {}", sim.now());
            }
            sim.step_until(at);
            let (path, value) = CANDIDATES[k];
            // A change that is invalid here is refused and changes nothing.
            let _ = sim.apply(set(path, value));
            proptest::prop_assert!(sim.conservation_holds(), "after {path}={value} at {at}");
        }
        while sim.next_event_at().is_some_and(|t| t <= secs(10.0)) {
            sim.step_one();
            proptest::prop_assert!(sim.conservation_holds(), "at {}", sim.now());
        }
        sim.step_until(secs(10.0));
        let replayed = Session::of(&sim).replay_until(sim.now()).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
        proptest::prop_assert_eq!(fingerprint(&replayed), fingerprint(&sim));
    }
}

/// Timer chains (offset commits, autoscaler checks) follow their feature on and off
/// without ever running twice: re-enabled while the old chain is still pending, the old
/// chain simply carries on.
#[test]
fn timer_chains_are_never_doubled() {
    let text = r#"Scenario(name: "timers", duration: "60s",
        topics: [Topic(name: "t", partitions: 4, capacity: 1000000)],
        producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 200.0))],
        consumers: [ConsumerGroup(name: "g", topic: "t", instances: 1, concurrency: 1,
            handler: Handler(work: Constant("10ms")), commit_interval: "1s",
            autoscale: Some(Autoscale(min: 1, max: 50, target_backlog: 10, check_every: "10s", cooldown: "0s")))],
    )"#;
    let mut a = simulation(text);
    let mut b = simulation(text);
    for (at, path, value) in [
        (2.5, "consumers.g.commit_interval", "0s"),
        (4.2, "consumers.g.commit_interval", "1s"),
        (12.0, "consumers.g.autoscale", "null"),
        (
            13.0,
            "consumers.g.autoscale",
            r#"{"min":1,"max":50,"target_backlog":10,"check_every":"10s","cooldown":"0s"}"#,
        ),
    ] {
        b.step_until(secs(at));
        b.apply(set(path, value)).expect("valid");
    }
    // The commit chain stopped at 3 s and a new one started at 4.2 s: one chain, as in A.
    a.step_until(secs(13.5));
    b.step_until(secs(13.5));
    assert_eq!(a.pending_events(), b.pending_events());
    b.run_to_end();
    let decisions: Vec<f64> = b.groups()[0].scale_decisions().iter().map(|d| d.at.as_secs_f64()).collect();
    assert!(!decisions.is_empty());
    assert!(decisions.iter().all(|t| t % 10.0 == 0.0), "checks only on the original 10 s grid: {decisions:?}");
}

/// A run's report lists its live changes.
#[test]
fn the_run_report_lists_the_live_changes() {
    let mut sim = Simulation::new(&shipped("order-pipeline.ron")).expect("builds");
    sim.step_until(secs(10.0));
    sim.apply(set("consumers.payments.retry.max_attempts", "2")).expect("valid");
    sim.step_until(secs(20.0));
    let report = faultline::report::RunReport::new(&sim, 0.0);
    let text = faultline::export::RunDocument::of_run(&sim, &report).render(faultline::export::Format::Markdown);
    assert!(text.contains("## Live changes"), "a section");
    assert!(text.contains("| 0:00:10.000 | payments | retry.max_attempts | 4 | 2 |"), "a row");
}
