//! Services calling services: call chains with a client policy (timeout, retry) at every
//! hop. The numbers are hand arithmetic: retries multiply across layers (3 × 3 × 3 = 27
//! calls at the bottom), a synchronous chain's latency is the sum of its hops, and a call
//! holds the caller's capacity slot while it waits downstream.

mod common;

use common::simulation;
use faultline::engine::Simulation;
use faultline::engine::status::SystemStatus;

fn calls(status: &SystemStatus, service: &str) -> u64 {
    status.services.iter().find(|s| s.name == service).unwrap_or_else(|| panic!("no service {service}")).calls
}

fn run(text: &str) -> Simulation {
    let mut sim = simulation(text);
    sim.run_to_end();
    assert!(sim.conservation_holds());
    sim
}

/// A group retries 3 times a call to `edge`, which retries 3 times its call to `middle`,
/// which retries 3 times its call to `bottom`, which always fails (transient). Every
/// message therefore makes 3 calls to edge, 3 × 3 = 9 to middle and 3 × 3 × 3 = 27 to the
/// bottom, and is given up (retries exhausted). Ten messages, one a second; each
/// cascade takes well under a second (27 × 1 ms of calls and 10 ms back-offs).
#[test]
fn retries_multiply_across_layers_3_9_27() {
    let sim = run(r#"Scenario(name: "amplification", duration: "10500ms",
        services: [
            Service(name: "edge", latency: Constant("1ms"), calls: ["middle"],
                retry: Retry(max_attempts: 3, backoff: Constant("10ms"))),
            Service(name: "middle", latency: Constant("1ms"), calls: ["bottom"],
                retry: Retry(max_attempts: 3, backoff: Constant("10ms"))),
            Service(name: "bottom", latency: Constant("1ms"), errors: Errors(transient: 1.0)),
        ],
        topics: [Topic(name: "orders")],
        producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 1.0))],
        consumers: [ConsumerGroup(name: "checkout", topic: "orders",
            handler: Handler(calls: ["edge"]), retry: Retry(max_attempts: 3, backoff: Constant("10ms")))])"#);
    let status = sim.run_status();
    let messages = status.ledger.produced;
    assert_eq!(messages, 10);
    assert_eq!(calls(&status, "edge"), 3 * messages);
    assert_eq!(calls(&status, "middle"), 9 * messages);
    assert_eq!(calls(&status, "bottom"), 27 * messages);
    assert_eq!(status.ledger.dropped, messages, "every message given up, retries exhausted");
    // Who called whom: each service's callers, every attempt counted.
    let callers =
        |name: &str| status.services.iter().find(|s| s.name == name).map(|s| s.callers.clone()).unwrap_or_default();
    assert_eq!(callers("edge").get("checkout"), Some(&(3 * messages)));
    assert_eq!(callers("middle").get("edge"), Some(&(9 * messages)));
    assert_eq!(callers("bottom").get("middle"), Some(&(27 * messages)));
    // Each layer answered every call with an error: the failure propagated up.
    let errors = |name: &str| status.services.iter().find(|s| s.name == name).map_or(0, |s| s.errors);
    assert_eq!((errors("edge"), errors("middle"), errors("bottom")), (3 * messages, 9 * messages, 27 * messages));
}

/// Retry at one layer only (the edge), the others fail fast: 3 calls at each layer.
#[test]
fn retrying_at_one_layer_only_keeps_the_bottom_at_three_calls() {
    let sim = run(r#"Scenario(name: "one layer", duration: "10500ms",
        services: [
            Service(name: "edge", latency: Constant("1ms"), calls: ["middle"],
                retry: Retry(max_attempts: 3, backoff: Constant("10ms"))),
            Service(name: "middle", latency: Constant("1ms"), calls: ["bottom"]),
            Service(name: "bottom", latency: Constant("1ms"), errors: Errors(transient: 1.0)),
        ],
        topics: [Topic(name: "orders")],
        producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 1.0))],
        consumers: [ConsumerGroup(name: "checkout", topic: "orders", handler: Handler(calls: ["edge"]))])"#);
    let status = sim.run_status();
    let messages = status.ledger.produced;
    assert_eq!(
        (calls(&status, "edge"), calls(&status, "middle"), calls(&status, "bottom")),
        (messages, 3 * messages, 3 * messages)
    );
}

/// A synchronous chain with no contention: the handler's 1 ms of work, then edge (2 ms)
/// → middle (3 ms) → bottom (4 ms). Each message's latency is exactly 1 + 2 + 3 + 4 =
/// 10 ms: the slowest path sets everyone's latency.
#[test]
fn a_chains_latency_is_the_sum_of_its_hops() {
    let sim = run(r#"Scenario(name: "chain", duration: "10500ms",
        services: [
            Service(name: "edge", latency: Constant("2ms"), calls: ["middle"]),
            Service(name: "middle", latency: Constant("3ms"), calls: ["bottom"]),
            Service(name: "bottom", latency: Constant("4ms")),
        ],
        topics: [Topic(name: "orders")],
        producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 1.0))],
        consumers: [ConsumerGroup(name: "checkout", topic: "orders", handler: Handler(work: Constant("1ms"), calls: ["edge"]))])"#);
    let status = sim.run_status();
    let latency = &status.groups[0].latency;
    assert_eq!(status.groups[0].processed, 10);
    assert!((latency.mean - 10.0).abs() < 0.01 && (latency.max - 10.0).abs() < 0.02, "{latency:?}");
}

/// `middle` serves one call at a time (capacity 1) and waits 100 ms for `bottom` on each:
/// it holds its slot while it waits. Two messages arrive together (two producers at the
/// same instants) and a group handles both at once; the second call to middle queues
/// behind the first's whole chain: latencies 101 ms and 202 ms (1 ms of middle's work
/// plus 100 ms downstream, twice), mean 151.5 ms.
#[test]
fn a_call_holds_its_callers_slot_while_it_waits_downstream() {
    let sim = run(r#"Scenario(name: "slot", duration: "1500ms",
        services: [
            Service(name: "middle", latency: Constant("1ms"), capacity: 1, calls: ["bottom"]),
            Service(name: "bottom", latency: Constant("100ms")),
        ],
        topics: [Topic(name: "orders")],
        producers: [Producer(name: "a", topic: "orders", rate: Constant(per_second: 1.0)),
                    Producer(name: "b", topic: "orders", rate: Constant(per_second: 1.0))],
        consumers: [ConsumerGroup(name: "checkout", topic: "orders", concurrency: 2,
            handler: Handler(work: Constant("0ms"), calls: ["middle"]))])"#);
    let status = sim.run_status();
    let g = &status.groups[0];
    assert_eq!(g.processed, 2);
    assert!((g.latency.mean - 151.5).abs() < 0.2, "{:?}", g.latency);
    assert!((g.latency.max - 202.0).abs() < 0.3, "{:?}", g.latency);
}

/// A hop's timeout: middle waits at most 30 ms for bottom (which takes 100 ms) and tries
/// twice with 10 ms between; it answers each call with a transient error after
/// 1 + 30 + 10 + 30 = 71 ms, and bottom was called twice per message.
#[test]
fn a_hop_timeout_fails_the_call_upstream_after_its_retries() {
    let sim = run(r#"Scenario(name: "timeout", duration: "5500ms",
        services: [
            Service(name: "middle", latency: Constant("1ms"), calls: ["bottom"], timeout: "30ms",
                retry: Retry(max_attempts: 2, backoff: Constant("10ms"))),
            Service(name: "bottom", latency: Constant("100ms")),
        ],
        topics: [Topic(name: "orders")],
        producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 1.0))],
        consumers: [ConsumerGroup(name: "checkout", topic: "orders", handler: Handler(work: Constant("0ms"), calls: ["middle"]))])"#);
    let status = sim.run_status();
    let messages = status.ledger.produced;
    assert_eq!(messages, 5);
    assert_eq!(calls(&status, "bottom"), 2 * messages);
    assert_eq!(status.ledger.dropped, messages);
    let failures = &status.groups[0].policy.failures;
    assert_eq!(failures.get("transient"), Some(&messages), "{failures:?}");
}

fn client<'a>(status: &'a SystemStatus, name: &str) -> &'a faultline::engine::status::ClientStatus {
    status.clients.iter().find(|k| k.name == name).unwrap_or_else(|| panic!("no client {name}"))
}

/// A synchronous client calling a chain with no contention: each request takes exactly
/// 2 + 3 = 5 ms (storefront's own work, then the bank's), and every one succeeds.
#[test]
fn a_clients_latency_is_measured_end_to_end() {
    let sim = run(r#"Scenario(name: "client", duration: "10500ms",
        services: [
            Service(name: "storefront", latency: Constant("2ms"), calls: ["bank"]),
            Service(name: "bank", latency: Constant("3ms")),
        ],
        topics: [],
        clients: [Client(name: "shoppers", rate: Constant(per_second: 1.0), calls: ["storefront"])])"#);
    let status = sim.run_status();
    let shoppers = client(&status, "shoppers");
    assert_eq!((shoppers.requests, shoppers.succeeded, shoppers.in_flight), (10, 10, 0));
    assert!((shoppers.latency.mean - 5.0).abs() < 0.01, "{:?}", shoppers.latency);
}

/// A client that tries twice a service failing half its calls (transient) succeeds with
/// probability 1 − 0.5² = 0.75. 20 000 requests: σ = √(n·0.75·0.25) ≈ 61; bounds 5σ.
#[test]
fn a_clients_retries_raise_its_success_rate_as_theory_says() {
    let sim = run(r#"Scenario(name: "retries", seed: 3, duration: "200s",
        services: [Service(name: "flaky", latency: Constant("1ms"), errors: Errors(transient: 0.5))],
        topics: [],
        clients: [Client(name: "c", rate: Constant(per_second: 100.0), calls: ["flaky"],
            retry: Retry(max_attempts: 2, backoff: Constant("1ms")))])"#);
    let status = sim.run_status();
    let c = client(&status, "c");
    let answered = c.succeeded + c.failed.values().sum::<u64>();
    assert!(answered > 19_990, "{answered}");
    assert!((c.succeeded as f64 - 0.75 * answered as f64).abs() < 5.0 * 61.0, "{} of {answered}", c.succeeded);
    // Each request makes 1 + Bernoulli(0.5) calls: 1.5 on average, σ = √(n/4) ≈ 71.
    let expected_calls = 1.5 * answered as f64;
    assert!((calls(&status, "flaky") as f64 - expected_calls).abs() < 5.0 * 71.0, "{}", calls(&status, "flaky"));
}

/// The storefront publishes each order to a topic before answering. The topic holds 5
/// messages and nobody reads it (RejectNew): of 10 requests, one every 100 ms, the first 5
/// are published and succeed; the other 5 find the topic full, the write fails, and the
/// client gets an error (5 events lost, reason "topic full (reject new)"). The storefront
/// counts 5 published.
#[test]
fn a_service_that_cannot_publish_fails_its_callers_request() {
    let sim = run(r#"Scenario(name: "publish", duration: "1050ms",
        services: [Service(name: "storefront", latency: Constant("1ms"), publishes: ["orders"])],
        topics: [Topic(name: "orders", capacity: 5)],
        clients: [Client(name: "shoppers", rate: Constant(per_second: 10.0), calls: ["storefront"])])"#);
    let status = sim.run_status();
    let shoppers = client(&status, "shoppers");
    assert_eq!(shoppers.requests, 10);
    assert_eq!(shoppers.succeeded, 5);
    assert_eq!(shoppers.failed.get("transient"), Some(&5));
    assert_eq!((status.ledger.produced, status.ledger.lost, status.ledger.in_system), (10, 5, 5));
    // The storefront counts the events its topic accepted, not the ones it refused.
    assert_eq!(status.services.iter().find(|v| v.name == "storefront").map(|v| v.published), Some(5));
    let report = faultline::report::RunReport::new(&sim, 0.0);
    assert_eq!(report.services["storefront"].published, Some(5), "run --json: services.storefront.published");
}

/// The case for a queue: the same bank outage seen by a synchronous chain and by an event
/// bus. Through the chain (storefront → bank) every request during the 2 s outage fails;
/// with the storefront publishing to a topic that a group reads and retries from, every
/// request succeeds and the outage becomes backlog that drains afterwards.
#[test]
fn a_queue_absorbs_an_outage_that_a_synchronous_chain_passes_to_its_callers() {
    let chain = run(r#"Scenario(name: "sync", duration: "10s",
        services: [Service(name: "storefront", latency: Constant("1ms"), calls: ["bank"]),
                   Service(name: "bank", latency: Constant("5ms"))],
        topics: [],
        clients: [Client(name: "shoppers", rate: Constant(per_second: 10.0), calls: ["storefront"])],
        faults: [Fault(at: "2s", duration: "2s", target: "bank", kind: Crash)])"#);
    let bus = run(r#"Scenario(name: "bus", duration: "10s",
        services: [Service(name: "storefront", latency: Constant("1ms"), publishes: ["orders"]),
                   Service(name: "bank", latency: Constant("5ms"))],
        topics: [Topic(name: "orders")],
        clients: [Client(name: "shoppers", rate: Constant(per_second: 10.0), calls: ["storefront"])],
        consumers: [ConsumerGroup(name: "payments", topic: "orders", handler: Handler(work: Constant("0ms"), calls: ["bank"]),
            retry: Retry(max_attempts: 100, backoff: Constant("500ms")))],
        faults: [Fault(at: "2s", duration: "2s", target: "bank", kind: Crash)])"#);
    let (sync, queued) = (chain.run_status(), bus.run_status());
    let (a, b) = (client(&sync, "shoppers"), client(&queued, "shoppers"));
    // Requests at 0.1 s, 0.2 s, …: those sent in [2 s, 4 s) meet the crashed bank: 20.
    assert_eq!(a.failed.values().sum::<u64>(), 20, "{:?}", a.failed);
    assert_eq!(b.failed.values().sum::<u64>(), 0);
    assert_eq!(b.succeeded, b.requests - b.in_flight);
    // Every order reached the bank in the end: nothing was lost, only delayed.
    assert_eq!(queued.ledger.lost + queued.ledger.dropped, 0);
    assert!(queued.groups[0].latency.max > 1000.0, "orders waited out the outage: {:?}", queued.groups[0].latency);
}

fn breaker<'a>(status: &'a SystemStatus, name: &str) -> &'a faultline::engine::status::BreakerStatus {
    let found = status.breakers.iter().find(|b| format!("{}:{}", b.group, b.service) == name);
    found.unwrap_or_else(|| panic!("no breaker {name}"))
}

/// The three-layer amplification, with a breaker on middle's calls to the failing bottom
/// (a count window of 10, opening at 50 % failures once it has 10 calls). Messages 1–3
/// make 3 bottom calls each (9); message 4's first is the 10th failure in the window, and
/// the breaker "middle:bottom" opens. From then on middle fails fast: message 4's two
/// retries and the 3 attempts of each of messages 5–10 are refused (2 + 6 × 3 = 20), and
/// the bottom sees 10 calls in all instead of 30.
const GUARDED_CHAIN: &str = r#"Scenario(name: "breaker in the chain", duration: "10500ms",
    services: [
        Service(name: "edge", latency: Constant("1ms"), calls: ["middle"]),
        Service(name: "middle", latency: Constant("1ms"), calls: ["bottom"],
            retry: Retry(max_attempts: 3, backoff: Constant("10ms")),
            circuit_breaker: Some(CircuitBreaker(window: Count(10), minimum_calls: 10, open_for: "1h"))),
        Service(name: "bottom", latency: Constant("1ms"), errors: Errors(transient: 1.0)),
    ],
    topics: [Topic(name: "orders")],
    producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 1.0))],
    consumers: [ConsumerGroup(name: "checkout", topic: "orders", handler: Handler(calls: ["edge"]))])"#;

#[test]
fn a_breaker_on_a_services_own_calls_stops_the_amplification_below_it() {
    let sim = run(GUARDED_CHAIN);
    let status = sim.run_status();
    assert_eq!(status.ledger.produced, 10);
    assert_eq!((calls(&status, "edge"), calls(&status, "middle"), calls(&status, "bottom")), (10, 10, 10));
    let b = breaker(&status, "middle:bottom");
    assert_eq!((b.state.name(), b.transitions_total, b.calls_not_permitted), ("OPEN", 1, 20));
    // Every message still fails: middle answers a refused call with an error (a 503).
    let errors = |name: &str| status.services.iter().find(|s| s.name == name).map_or(0, |s| s.errors);
    assert_eq!((errors("edge"), errors("middle")), (10, 10));
    let report = faultline::report::RunReport::new(&sim, 0.0);
    assert!(report.breakers.contains_key("middle:bottom"), "{:?}", report.breakers.keys());
    assert!(
        sim.log().entries().iter().any(|e| e.component == "middle:bottom" && e.text.starts_with("CLOSED → OPEN")),
        "the transition is logged under the breaker's name"
    );
}

/// The same breaker added live at 3.5 s, once messages 1–3 have made their 9 bottom calls
/// unguarded: it counts from then on, so messages 4–6 make 9 more and message 7's first
/// call is its 10th failure. 19 bottom calls in all; refused: 2 + 3 × 3 = 11.
#[test]
fn a_breaker_added_live_to_a_services_calls_counts_from_then_on() {
    let unguarded = GUARDED_CHAIN.replace(
        r#",
            circuit_breaker: Some(CircuitBreaker(window: Count(10), minimum_calls: 10, open_for: "1h"))"#,
        "",
    );
    let mut sim = simulation(&unguarded);
    sim.step_until(faultline::time::SimTime::from_secs_f64(3.5));
    assert_eq!(calls(&sim.run_status(), "bottom"), 9);
    let set = faultline::engine::Command::Set {
        path: "services.middle.circuit_breaker".into(),
        value: r#"Some(CircuitBreaker(window: Count(10), minimum_calls: 10, open_for: "1h"))"#.into(),
    };
    sim.apply(set).unwrap_or_else(|e| panic!("{e}"));
    sim.run_to_end();
    assert!(sim.conservation_holds());
    let status = sim.run_status();
    assert_eq!(calls(&status, "bottom"), 19);
    let b = breaker(&status, "middle:bottom");
    assert_eq!((b.state.name(), b.calls_not_permitted), ("OPEN", 11));
}

/// A client's own breaker: 20 requests (10 a second for 2 s) to a service that fails
/// every call; the breaker opens after 5 failures (window 5, minimum 5), so 5 requests
/// reach the service and 15 fail fast as CircuitOpen.
#[test]
fn a_clients_breaker_fails_its_requests_fast_once_open() {
    let sim = run(r#"Scenario(name: "client breaker", duration: "2050ms",
        services: [Service(name: "api", latency: Constant("1ms"), errors: Errors(transient: 1.0))],
        topics: [],
        clients: [Client(name: "shoppers", rate: Constant(per_second: 10.0), calls: ["api"],
            circuit_breaker: Some(CircuitBreaker(window: Count(5), minimum_calls: 5, open_for: "1h")))])"#);
    let status = sim.run_status();
    let shoppers = client(&status, "shoppers");
    assert_eq!(shoppers.requests, 20);
    assert_eq!(calls(&status, "api"), 5);
    assert_eq!((shoppers.failed.get("transient"), shoppers.failed.get("circuit_open")), (Some(&5), Some(&15)));
    assert_eq!(breaker(&status, "shoppers:api").calls_not_permitted, 15);
}

/// A bulkhead of 2 on front's calls to slow (90 ms each), no waiting. Orders come every
/// 20 ms from 20 ms; front works 1 ms, then calls slow. Call k goes out at 20k + 1 ms and
/// holds its slot until 20k + 91 ms, so of every five orders the first two get a slot
/// and the next three find both taken (the slot of the first frees 10 ms before the
/// sixth asks): of 60 orders (20 ms … 1200 ms), 24 reach slow and 36 are rejected, each
/// answered by front with an error.
#[test]
fn a_bulkhead_on_a_services_calls_admits_two_in_five_by_hand() {
    let sim = run(r#"Scenario(name: "bulkhead in the chain", duration: "1210ms",
        services: [
            Service(name: "front", latency: Constant("1ms"), calls: ["slow"],
                bulkhead: Some(Bulkhead(max_concurrent: 2))),
            Service(name: "slow", latency: Constant("90ms")),
        ],
        topics: [Topic(name: "orders")],
        producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 50.0))],
        consumers: [ConsumerGroup(name: "checkout", topic: "orders", concurrency: 10,
            handler: Handler(calls: ["front"]))])"#);
    let status = sim.run_status();
    assert_eq!(status.ledger.produced, 60);
    let front = status.services.iter().find(|s| s.name == "front").expect("front");
    let bulkhead = &front.bulkheads[0];
    assert_eq!((bulkhead.service.as_str(), bulkhead.entered, bulkhead.rejected), ("slow", 24, 36));
    let slow = status.services.iter().find(|s| s.name == "slow").expect("slow");
    assert_eq!(slow.callers.get("front"), Some(&24));
    assert_eq!(front.errors_by_class.get("transient"), Some(&36));
    let report = faultline::report::RunReport::new(&sim, 0.0);
    assert_eq!(report.services["front"].bulkhead_rejected, Some(36));
}

/// The same bulkhead (3 at once, waiting up to 20 ms) guarding the calls to `slow` of a
/// consumer group, or of a pass-through service (no work of its own) the group calls:
/// with Poisson arrivals and exponential latencies (no ties), the calls reach the
/// bulkhead at the same instants, so it admits, queues and rejects exactly the same
/// calls. One rule for both callers.
#[test]
fn a_services_bulkhead_behaves_exactly_like_a_groups() {
    let scenario = |front_bulkhead: &str, group_bulkhead: &str| {
        format!(
            r#"Scenario(name: "bulkheads", seed: 5, duration: "60s",
            services: [
                Service(name: "front", latency: Constant("0s"), calls: ["slow"]{front_bulkhead}),
                Service(name: "slow", latency: Exponential("50ms")),
            ],
            topics: [Topic(name: "orders")],
            producers: [Producer(name: "shop", topic: "orders", rate: Poisson(per_second: 50.0))],
            consumers: [ConsumerGroup(name: "checkout", topic: "orders", concurrency: 50,
                handler: Handler(calls: ["{called}"]){group_bulkhead})])"#,
            called = if front_bulkhead.is_empty() { "slow" } else { "front" },
        )
    };
    let spec = r#"bulkhead: Some(Bulkhead(max_concurrent: 3, max_wait: "20ms"))"#;
    let by_group = run(&scenario("", &format!(", {spec}"))).run_status();
    let by_service = run(&scenario(&format!(", {spec}"), "")).run_status();
    let group_bulkhead = &by_group.groups[0].policy.bulkheads[0];
    let service_bulkhead = &by_service.services[0].bulkheads[0];
    let counts = |b: &faultline::engine::status::BulkheadStatus| (b.entered, b.waited, b.rejected);
    assert_eq!(counts(group_bulkhead), counts(service_bulkhead));
    assert!(group_bulkhead.waited > 100 && group_bulkhead.rejected > 10, "{group_bulkhead:?}: the test must bite");
    assert_eq!(calls(&by_group, "slow"), calls(&by_service, "slow"));
}

/// A call cut short frees its bulkhead slot for the oldest waiter. front has two replicas
/// (round robin) and a bulkhead of 1 on its calls to slow (100 ms), waiting up to 1 s.
/// Requests come at 50 ms and 100 ms: the first (front/1) calls slow at 51 ms and holds
/// the slot; the second (front/2) waits for it from 101 ms. front/1 crashes at 120 ms:
/// the first request fails, its slot goes to the second, which calls slow at once.
#[test]
fn a_call_cut_short_hands_its_bulkhead_slot_to_the_waiter() {
    let sim = run(r#"Scenario(name: "cut short", duration: "125ms", sample_every: "25ms",
        services: [
            Service(name: "front", latency: Constant("1ms"), replicas: 2, calls: ["slow"],
                bulkhead: Some(Bulkhead(max_concurrent: 1, max_wait: "1s"))),
            Service(name: "slow", latency: Constant("100ms")),
        ],
        topics: [],
        clients: [Client(name: "c", rate: Constant(per_second: 20.0), calls: ["front"])],
        faults: [Fault(at: "120ms", duration: "1s", target: "front/1", kind: Crash)])"#);
    let status = sim.run_status();
    let front = status.services.iter().find(|s| s.name == "front").expect("front");
    let b = &front.bulkheads[0];
    assert_eq!((b.entered, b.waited, b.rejected, b.active, b.waiting), (2, 1, 0, 1, 0), "{b:?}");
    let slow = status.services.iter().find(|s| s.name == "slow").expect("slow");
    assert_eq!(slow.callers.get("front"), Some(&2), "the waiter's call went out when the slot was freed");
    let c = client(&status, "c");
    assert_eq!((c.requests, c.failed.get("transient"), c.in_flight), (2, Some(&1), 1));
}

/// A traced message's journey follows its calls down the chain and the answers back up:
/// checkout calls edge, edge calls middle, middle calls the failing bottom, and the error
/// comes back hop by hop (each layer answers with a transient error). The message is
/// published at 1 s; the handler's own work (1 ms by default) and each service's 1 ms set
/// the times.
#[test]
fn a_journey_shows_every_hop_of_a_call_chain() {
    let sim = run(r#"Scenario(name: "traced chain", duration: "1500ms",
        tracing: Some(Tracing(sample: 1.0, max_traces: 1)),
        services: [
            Service(name: "edge", latency: Constant("1ms"), calls: ["middle"]),
            Service(name: "middle", latency: Constant("1ms"), calls: ["bottom"]),
            Service(name: "bottom", latency: Constant("1ms"), errors: Errors(transient: 1.0)),
        ],
        topics: [Topic(name: "orders")],
        producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 1.0))],
        consumers: [ConsumerGroup(name: "checkout", topic: "orders", handler: Handler(calls: ["edge"]))])"#);
    let journeys = sim.journeys();
    let calls: Vec<(&str, &str, &str, f64)> = journeys[0]
        .steps
        .iter()
        .filter(|s| s.step == "call" || s.step == "answer")
        .map(|s| (s.step, s.component.as_str(), s.detail.as_str(), (s.at_s * 1000.0).round()))
        .collect();
    assert_eq!(
        calls,
        [
            ("call", "edge", "from checkout", 1001.0),
            ("call", "middle", "from edge", 1002.0),
            ("call", "bottom", "from middle", 1003.0),
            ("answer", "bottom", "transient to middle", 1004.0),
            ("answer", "middle", "transient to edge", 1004.0),
            ("answer", "edge", "transient to checkout", 1004.0),
        ]
    );
}
