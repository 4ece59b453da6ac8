//! Event-flow graphs: fan-out, pipelines (emits), event types and filters, hop limits.
//! Each test asserts what theory or hand arithmetic says: Jackson/Burke for a tandem of
//! M/M/1 stages, exact counts for deterministic arrivals, bit-identical numbers for an
//! existing subscriber when another one is added, and the two conservation laws.

mod common;

use common::simulation;
use faultline::engine::Simulation;
use faultline::engine::status::GroupStatus;
use faultline::report::RunReport;
use proptest::prelude::*;

fn group<'a>(status: &'a faultline::engine::status::SystemStatus, name: &str) -> &'a GroupStatus {
    status.groups.iter().find(|g| g.name == name).unwrap_or_else(|| panic!("no group {name}"))
}

/// Every group's own ledger and the global ledger balance.
fn assert_balanced(sim: &Simulation) {
    assert!(sim.conservation_holds(), "global ledger: {:?}", sim.status().ledger);
    let report = RunReport::of(&sim.run_status(), 0.0);
    for (name, g) in &report.groups {
        assert!(g.ledger.balances(), "group {name}: {:?}", g.ledger);
    }
}

/// Two M/M/1 stages chained by an emit (λ = 500/s; μ₁ = 1000/s, μ₂ = 800/s). By Burke's
/// theorem the departures of stage 1 are Poisson at λ, so stage 2 is M/M/1 too (Jackson):
/// W₁ = 1/(μ₁ − λ) = 2 ms, W₂ = 1/(μ₂ − λ) = 3.333 ms, end to end W₁ + W₂ = 5.333 ms.
/// 400 s is 200 000 customers per stage; the M/M/1 test's spread (0.44 % at ρ 0.5 over
/// 600 s) grows with ρ and shorter runs to about 1 % here, so ±3 % is about 3σ.
#[test]
fn a_tandem_of_mm1_stages_matches_jackson() {
    let mut sim = simulation(
        r#"Scenario(name: "tandem", seed: 5, duration: "400s",
            topics: [Topic(name: "orders", capacity: 1000000), Topic(name: "payments", capacity: 1000000)],
            producers: [Producer(name: "shop", topic: "orders", rate: Poisson(per_second: 500.0))],
            consumers: [
                ConsumerGroup(name: "stage1", topic: "orders", delivery: Competing,
                    handler: Handler(work: Exponential("1ms"), emits: [Emit(topic: "payments")])),
                ConsumerGroup(name: "stage2", topic: "payments", delivery: Competing,
                    handler: Handler(work: Exponential("1.25ms"))),
            ])"#,
    );
    sim.run_to_end();
    let status = sim.run_status();
    let (one, two) = (group(&status, "stage1"), group(&status, "stage2"));
    let within = |measured: f64, theory: f64| (measured - theory).abs() / theory < 0.03;
    assert!(within(one.latency.mean, 2.0), "stage 1: {:.4} ms vs 2 ms", one.latency.mean);
    assert!(within(two.latency.mean, 10.0 / 3.0), "stage 2: {:.4} ms vs 3.333 ms", two.latency.mean);
    assert!(within(two.end_to_end.mean, 16.0 / 3.0), "end to end: {:.4} ms vs 5.333 ms", two.end_to_end.mean);
    // A group that reads what producers publish: end to end is its own latency.
    assert_eq!(one.end_to_end.mean, one.latency.mean);
    // Every message processed by stage 1 emitted one event, accepted by `payments`.
    assert_eq!(one.emits.emitted, one.processed);
    assert_balanced(&sim);
}

const PAYMENTS_ONLY: &str = r#"Scenario(name: "fan-out", seed: 9, duration: "60s",
    services: [Service(name: "gateway", latency: Exponential("20ms"), capacity: 8, errors: Errors(transient: 0.05))],
    topics: [Topic(name: "orders", partitions: 4, capacity: 2000, overflow: DropOldest), Topic(name: "dlq")],
    producers: [Producer(name: "shop", topic: "orders", rate: Poisson(per_second: 200.0))],
    consumers: [
        ConsumerGroup(name: "payments", topic: "orders", instances: 2, concurrency: 4,
            handler: Handler(work: Exponential("2ms"), calls: ["gateway"], timeout: "200ms"),
            retry: Retry(max_attempts: 3, backoff: Exponential(initial: "50ms", multiplier: 2.0, max: "1s"), jitter: Full),
            on_exhausted: DeadLetter("dlq")),
        ANALYTICS
    ])"#;

/// Adding a subscriber changes nothing for the existing one: each group reads its own
/// copy, and every random stream belongs to one component. Here the new subscriber is
/// far too slow (2 instances × 1 worker at 50 ms = 40/s against 200/s), fills its queue
/// and loses its oldest copies (DropOldest) — and payments' numbers stay bit-identical.
#[test]
fn a_slow_subscriber_leaves_the_others_bit_identical() {
    let alone = PAYMENTS_ONLY.replace("ANALYTICS", "");
    let shared = PAYMENTS_ONLY.replace(
        "ANALYTICS",
        r#"ConsumerGroup(name: "analytics", topic: "orders", instances: 2, handler: Handler(work: Constant("50ms"))),"#,
    );
    let run = |text: &str| {
        let mut sim = simulation(text);
        sim.run_to_end();
        sim
    };
    let (alone, shared) = (run(&alone), run(&shared));
    let json = |sim: &Simulation, name: &str| {
        let status = sim.run_status();
        serde_json::to_string(group(&status, name)).expect("status serialises")
    };
    assert_eq!(json(&alone, "payments"), json(&shared, "payments"));
    let service = |sim: &Simulation| serde_json::to_string(&sim.run_status().services).expect("serialises");
    assert_eq!(service(&alone), service(&shared));

    // The slow subscriber did fall behind: it lost copies to the bound, payments did not.
    let status = shared.run_status();
    let analytics = group(&status, "analytics");
    assert!(analytics.ledger.dropped > 1000, "{:?}", analytics.ledger);
    assert_eq!(group(&status, "payments").ledger.dropped, 0);
    // Each group received every message the topic accepted.
    assert_eq!(analytics.ledger.received, group(&status, "payments").ledger.received);
    assert_eq!(status.ledger.fan_out_copies, analytics.ledger.received);
    assert_balanced(&shared);
}

/// With RejectNew, a full subscriber queue refuses the publish for everyone: the slow
/// subscriber back-pressures the producer (RabbitMQ's reject-publish with several queues),
/// which the documentation says and this measures.
#[test]
fn a_full_subscriber_queue_refuses_publishes_with_reject_new() {
    let text = PAYMENTS_ONLY.replace("overflow: DropOldest", "overflow: RejectNew").replace(
        "ANALYTICS",
        r#"ConsumerGroup(name: "analytics", topic: "orders", instances: 2, handler: Handler(work: Constant("50ms"))),"#,
    );
    let mut sim = simulation(&text);
    sim.run_to_end();
    let status = sim.run_status();
    assert!(status.producers[0].rejected > 1000, "rejected {}", status.producers[0].rejected);
    assert_eq!(group(&status, "analytics").ledger.dropped, 0);
    assert_balanced(&sim);
}

/// Two producers at exactly 10/s for 10 s, one of type A and one of type B, into one
/// topic; a group takes A only. Arrivals at 0.1 s, 0.2 s, … 10 s (the one at 10 s is the
/// end): 100 of each by the end, handled in 1 ms. So: received 200, filtered 100 (every
/// B), processed 100 (every A but one still in the group at the end or not).
#[test]
fn a_filter_acknowledges_the_other_types_and_counts_them() {
    let mut sim = simulation(
        r#"Scenario(name: "filter", duration: "10s",
            topics: [Topic(name: "orders")],
            producers: [
                Producer(name: "a", topic: "orders", rate: Constant(per_second: 10.0), events: [EventType(name: "A")]),
                Producer(name: "b", topic: "orders", rate: Constant(per_second: 10.0), events: [EventType(name: "B")]),
            ],
            consumers: [ConsumerGroup(name: "only-a", topic: "orders", filter: Some(["A"]))])"#,
    );
    sim.run_to_end();
    let status = sim.run_status();
    let g = group(&status, "only-a");
    let produced = status.ledger.produced;
    assert_eq!(produced % 2, 0, "both producers made the same number");
    assert_eq!(g.ledger.received, produced);
    assert_eq!(g.ledger.filtered, produced / 2);
    assert_eq!(g.ledger.processed + g.lag, produced / 2);
    assert_eq!(status.ledger.filtered, produced / 2);
    assert_balanced(&sim);
}

/// A group that emits back into the topic it reads is a cycle; `max_hops: 3` ends it.
/// Each root is processed, then its emits at hops 1, 2 and 3 are processed too, and the
/// one at hop 3 may not emit again: per root 4 processed, 3 emitted, 1 hop-limited.
/// Constant arrivals at 1/s for 20 s and 1 ms of work leave nothing in flight at the end
/// but the last root's chain (a root at t emits at t + 1 ms, + 2 ms, + 3 ms).
#[test]
fn a_hop_limit_ends_an_emit_cycle_after_exactly_max_hops() {
    let mut sim = simulation(
        r#"Scenario(name: "cycle", duration: "20500ms", max_hops: Some(3),
            topics: [Topic(name: "loop")],
            producers: [Producer(name: "p", topic: "loop", rate: Constant(per_second: 1.0))],
            consumers: [ConsumerGroup(name: "g", topic: "loop",
                handler: Handler(work: Constant("1ms"), emits: [Emit(topic: "loop")]))])"#,
    );
    sim.run_to_end();
    let status = sim.run_status();
    let roots = status.producers[0].produced;
    assert_eq!(roots, 20);
    let g = group(&status, "g");
    assert_eq!(g.processed, 4 * roots);
    assert_eq!(g.emits.emitted, 3 * roots);
    assert_eq!(g.emits.hop_limited, roots);
    assert_eq!(status.ledger.produced, 4 * roots, "emitted events are produced messages too");
    assert_balanced(&sim);
}

/// Content-based routing: a router emits only the cancelled orders (5 %), and an emit
/// with probability 0.5 fires for half of what it sees. 100 000 orders: cancelled ~
/// Binomial(n, 0.05) (σ ≈ 69), and half of them ~ Binomial(cancelled, 0.5) (σ ≈ 35);
/// the bounds are 5σ.
#[test]
fn routing_rules_emit_by_type_and_probability() {
    let mut sim = simulation(
        r#"Scenario(name: "routing", seed: 2, duration: "100s",
            topics: [Topic(name: "orders", capacity: 1000000), Topic(name: "refunds", capacity: 1000000),
                     Topic(name: "audit", capacity: 1000000)],
            producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 1000.0),
                events: [EventType(name: "OrderPlaced", weight: 0.95), EventType(name: "OrderCancelled", weight: 0.05)])],
            consumers: [
                ConsumerGroup(name: "router", topic: "orders", concurrency: 8, handler: Handler(work: Constant("1ms"),
                    emits: [Emit(topic: "refunds", when: Type("OrderCancelled")),
                            Emit(topic: "audit", type: "Sampled", when: Type("OrderCancelled"), probability: 0.5)])),
                ConsumerGroup(name: "refunder", topic: "refunds", filter: Some(["OrderCancelled"])),
                ConsumerGroup(name: "auditor", topic: "audit", filter: Some(["Sampled"])),
            ])"#,
    );
    sim.run_to_end();
    let status = sim.run_status();
    let router = group(&status, "router");
    let refunds = group(&status, "refunder");
    let audit = group(&status, "auditor");
    let cancelled = refunds.ledger.received as f64;
    assert!((cancelled - 0.05 * router.processed as f64).abs() < 5.0 * 69.0, "{cancelled} of {}", router.processed);
    assert_eq!(refunds.ledger.filtered, 0, "the router sends only cancelled orders");
    assert_eq!(audit.ledger.filtered, 0, "audit events are of type Sampled");
    let sampled = audit.ledger.received as f64;
    assert!((sampled - cancelled / 2.0).abs() < 5.0 * 35.0, "{sampled} of {cancelled}");
    assert_eq!(router.emits.emitted, refunds.ledger.received + audit.ledger.received);
    assert_balanced(&sim);
}

/// One group of a random graph: the topic it reads (index), whether it filters (type A
/// only), and its emits (target topic index, whether the emitted type is B).
type GroupShape = (usize, bool, Vec<(usize, bool)>);

/// A random graph of topics and groups: subscribers, filters, emits (bounded by
/// max_hops 2, so that a root makes at most a few dozen deliveries), retries, dead
/// letters, TTLs and small bounds. Both ledgers balance at every
/// step of the run, and every group's ledger at the end.
fn random_graph(topics: usize, groups: &[GroupShape], capacity: u32, ttl_ms: Option<u32>) -> String {
    let topic_list: Vec<String> = (0..topics)
        .map(|t| {
            let ttl = ttl_ms.map_or(String::new(), |ms| format!(r#", ttl: Some("{ms}ms"), expired_to: Some("late")"#));
            format!(r#"Topic(name: "t{t}", partitions: 2, capacity: {capacity}, overflow: DropOldest{ttl})"#)
        })
        .collect();
    let group_list: Vec<String> = groups
        .iter()
        .enumerate()
        .map(|(g, (topic, filtered, emits))| {
            let filter = if *filtered { r#"filter: Some(["A"]),"# } else { "" };
            let emits: Vec<String> = emits
                .iter()
                .map(|(to, as_b)| {
                    let ty = if *as_b { r#", type: "B""# } else { "" };
                    format!(r#"Emit(topic: "t{}"{ty})"#, to % topics)
                })
                .collect();
            format!(
                r#"ConsumerGroup(name: "g{g}", topic: "t{}", concurrency: 2, {filter}
                    handler: Handler(work: Exponential("20ms"), calls: ["s"], emits: [{}]),
                    retry: Retry(max_attempts: 2, backoff: Constant("30ms")), on_exhausted: DeadLetter("dlq"))"#,
                topic % topics,
                emits.join(", ")
            )
        })
        .collect();
    format!(
        r#"Scenario(name: "graph", seed: 4, duration: "2s", max_hops: Some(2),
            services: [Service(name: "s", latency: Exponential("5ms"), errors: Errors(transient: 0.2))],
            topics: [{}, Topic(name: "dlq", capacity: 50), Topic(name: "late", capacity: 50)],
            producers: [Producer(name: "p", topic: "t0", rate: Poisson(per_second: 100.0),
                events: [EventType(name: "A"), EventType(name: "B")])],
            consumers: [{}])"#,
        topic_list.join(", "),
        group_list.join(", ")
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    #[test]
    fn conservation_holds_per_group_and_globally_on_random_graphs(
        topics in 1usize..4,
        groups in prop::collection::vec(
            (0usize..4, any::<bool>(), prop::collection::vec((0usize..4, any::<bool>()), 0..3)),
            1..6,
        ),
        capacity in 20u32..400,
        ttl_ms in prop::option::of(50u32..500),
    ) {
        let text = random_graph(topics, &groups, capacity, ttl_ms);
        let mut sim = simulation(&text);
        // In 40 slices of 50 ms: the laws hold wherever the run is cut.
        for slice in 1..=40 {
            sim.step_until(common::secs(0.05 * f64::from(slice)));
            prop_assert!(sim.conservation_holds(), "at {}: {:?}", sim.now(), sim.status().ledger);
        }
        assert_balanced(&sim);
    }
}

/// One journey, step by step at exact times: an order published at 1 s (Constant 1/s),
/// 1 ms of work, a call to a service that always fails after 2 ms, a retry after 10 ms,
/// the same again, then given up (dropped, retries exhausted).
#[test]
fn a_traced_journey_lists_every_step_at_its_time() {
    let mut sim = simulation(
        r#"Scenario(name: "journey", duration: "1500ms", tracing: Some(Tracing(sample: 1.0, max_traces: 1)),
            services: [Service(name: "bank", latency: Constant("2ms"), errors: Errors(transient: 1.0))],
            topics: [Topic(name: "orders")],
            producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 1.0))],
            consumers: [ConsumerGroup(name: "payments", topic: "orders",
                handler: Handler(work: Constant("1ms"), calls: ["bank"]),
                retry: Retry(max_attempts: 2, backoff: Constant("10ms")))])"#,
    );
    sim.run_to_end();
    let journeys = sim.journeys();
    assert_eq!(journeys.len(), 1);
    let steps: Vec<(f64, &str, &str, &str)> = journeys[0]
        .steps
        .iter()
        .map(|s| ((s.at_s * 1e6).round() / 1e3, s.step, s.component.as_str(), s.detail.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            (1000.0, "publish", "orders", ""),
            (1000.0, "attempt", "payments", "attempt 1 on payments/1"),
            (1001.0, "call", "bank", "from payments"),
            (1003.0, "answer", "bank", "transient to payments"),
            (1003.0, "retry", "payments", "after 10ms"),
            (1013.0, "attempt", "payments", "attempt 2 on payments/1"),
            (1014.0, "call", "bank", "from payments"),
            (1016.0, "answer", "bank", "transient to payments"),
            (1016.0, "end", "payments", "dropped: retries exhausted"),
        ]
    );
    assert_eq!(sim.journeys_not_kept(), 0);
}

/// Tracing reads no random stream: a run traced at 100 % has exactly the numbers of the
/// same run untraced. Journeys are bounded: with `max_traces: 3` three are kept and every
/// other root is counted as not kept.
#[test]
fn tracing_changes_no_number_and_keeps_what_it_may() {
    let mut untraced = common::shipped("marketplace.ron");
    untraced.duration = faultline::time::SimDuration::from_secs(20);
    let mut traced = untraced.clone();
    traced.tracing = Some(faultline::scenario::Tracing { sample: 1.0, max_traces: 3, roots: Vec::new() });
    let run = |s: &faultline::scenario::Scenario| {
        let mut sim = Simulation::new(s).expect("builds");
        sim.run_to_end();
        sim
    };
    let (a, b) = (run(&untraced), run(&traced));
    let json = |sim: &Simulation| serde_json::to_string(&RunReport::of(&sim.run_status(), 0.0)).expect("encodes");
    assert_eq!(json(&a), json(&b));
    assert_eq!(b.journeys().len(), 3);
    // The roots are the orders the storefront published: every message produced but the
    // emitted ones (none was refused: nothing lost). Three are kept.
    let status = b.run_status();
    let emitted: u64 = status.groups.iter().map(|g| g.emits.emitted + g.emits.refused).sum();
    assert_eq!(status.ledger.lost, 0);
    assert_eq!(b.journeys_not_kept() + 3, status.ledger.produced - emitted);
}

/// A stage emitting into a full topic (`out` holds 5, RejectNew, nobody reads it), ten
/// orders one a second, three attempts 10 ms apart. With `on_emit_refused: Continue`
/// every order counts as processed and the last five emits are lost. With `FailAttempt`
/// the first five orders are processed as before; each of the last five fails all three
/// attempts (its emit refused each time: 3 × 5 = 15 lost events) and is dropped, retries
/// exhausted. Ledger: 10 roots + 5 accepted + 15 refused events produced = 5 processed +
/// 5 dropped + 15 lost + 5 still in `out`.
#[test]
fn a_refused_emit_can_fail_the_attempt_so_the_message_is_retried() {
    let scenario = |policy: &str| {
        format!(
            r#"Scenario(name: "refused emit", duration: "10500ms",
            topics: [Topic(name: "orders"), Topic(name: "out", capacity: 5, overflow: RejectNew)],
            producers: [Producer(name: "p", topic: "orders", rate: Constant(per_second: 1.0))],
            consumers: [ConsumerGroup(name: "stage", topic: "orders",
                handler: Handler(work: Constant("1ms"), emits: [Emit(topic: "out")], on_emit_refused: {policy}),
                retry: Retry(max_attempts: 3, backoff: Constant("10ms")))])"#
        )
    };
    let mut lenient = simulation(&scenario("Continue"));
    lenient.run_to_end();
    let status = lenient.run_status();
    let stage = group(&status, "stage");
    assert_eq!((stage.processed, stage.emits.emitted, stage.emits.refused), (10, 5, 5));
    assert_eq!((status.ledger.lost, status.ledger.dropped), (5, 0));
    assert_balanced(&lenient);

    let mut strict = simulation(&scenario("FailAttempt"));
    strict.run_to_end();
    let status = strict.run_status();
    let stage = group(&status, "stage");
    assert_eq!((stage.processed, stage.emits.emitted, stage.emits.refused), (5, 5, 15));
    assert_eq!(stage.policy.failures.get("transient"), Some(&15));
    assert_eq!(status.ledger.produced, 30);
    assert_eq!((status.ledger.lost, status.ledger.dropped, status.ledger.in_system), (15, 5, 5));
    assert_balanced(&strict);
}

/// `on_emit_refused` changes live: the same stage run with `Continue` up to 5.5 s (orders
/// 1–5 fill `out`), then switched to `FailAttempt`, fails orders 6–10 exactly as if it had
/// been set from the start (15 refused emits, 5 dropped).
#[test]
fn on_emit_refused_changes_live() {
    let mut sim = simulation(
        r#"Scenario(name: "refused emit", duration: "10500ms",
            topics: [Topic(name: "orders"), Topic(name: "out", capacity: 5, overflow: RejectNew)],
            producers: [Producer(name: "p", topic: "orders", rate: Constant(per_second: 1.0))],
            consumers: [ConsumerGroup(name: "stage", topic: "orders",
                handler: Handler(work: Constant("1ms"), emits: [Emit(topic: "out")]),
                retry: Retry(max_attempts: 3, backoff: Constant("10ms")))])"#,
    );
    sim.step_until(faultline::time::SimTime::from_secs_f64(5.5));
    let set = faultline::engine::Command::Set {
        path: "consumers.stage.handler.on_emit_refused".into(),
        value: "FailAttempt".into(),
    };
    sim.apply(set).unwrap_or_else(|e| panic!("{e}"));
    sim.run_to_end();
    let status = sim.run_status();
    let stage = group(&status, "stage");
    assert_eq!((stage.processed, stage.emits.refused, status.ledger.dropped), (5, 15, 5));
    assert_balanced(&sim);
}
