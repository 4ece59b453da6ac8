//! The service graph's edges as each caller saw them: counts a reader can redo by hand
//! from a timeline with no randomness in it.

use super::*;

/// Ten orders a second (the k-th at k × 100 ms) handled by `payments`, which calls `api`
/// (5 ms of its own work, then a call to `bank`, 10 ms). `bank` crashes from 2.09 s to
/// 3.09 s: a call finds it unreachable and fails at once. `api` tries `bank` 3 times 10 ms
/// apart; `payments` tries a message twice, 20 ms apart.
///
/// A message published at t: handler work 1 ms, so `api` is called at t + 1 ms and calls
/// `bank` at t + 6 ms. In the crash its `bank` attempts are at t + 6, 16 and 26 ms, `api`
/// answers a 503 at t + 26 ms, `payments` tries again at t + 46 ms (+1 ms of work), and
/// `bank` is tried at t + 52, 62 and 72 ms. So a message's calls to `bank` lie within
/// [t + 6 ms, t + 72 ms]: the crash contains those of the messages at 2.1 … 3.0 s (3.0 +
/// 0.072 < 3.09; 3.1 + 0.006 > 3.09; 2.0 + 0.072 < 2.09), ten of them, and no other
/// message meets it. The run ends at 4.95 s: messages 1 … 49.
const CRASH: &str = r#"Scenario(name: "edges", duration: "4950ms", seed: 1,
    services: [
        Service(name: "api", latency: Constant("5ms"), calls: ["bank"],
            retry: Retry(max_attempts: 3, backoff: Constant("10ms"))),
        Service(name: "bank", latency: Constant("10ms")),
    ],
    topics: [Topic(name: "orders", capacity: 1000)],
    producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 10.0))],
    consumers: [ConsumerGroup(name: "payments", topic: "orders", instances: 1, concurrency: 10,
        handler: Handler(work: Constant("1ms"), calls: ["api"]),
        retry: Retry(max_attempts: 2, backoff: Constant("20ms")))],
    faults: [Fault(at: "2090ms", duration: "1s", target: "bank", kind: Crash)],
)"#;

fn edge<'a>(status: &'a SystemStatus, caller: &str, service: &str) -> &'a crate::engine::status::CallEdgeStatus {
    status
        .call_edges
        .iter()
        .find(|e| e.caller == caller && e.service == service)
        .unwrap_or_else(|| panic!("an edge {caller} → {service}"))
}

#[test]
fn each_caller_counts_its_own_attempts_outcomes_and_retries() {
    let scenario = crate::scenario::parse_str(CRASH, "edges.ron").expect("valid");
    let mut sim = Simulation::new(&scenario).expect("builds");
    sim.run_to_end();
    let status = sim.status();
    assert_eq!(status.ledger.produced, 49);
    // 39 messages answered at the first try: one call each way. The 10 of the crash: two
    // handler attempts, each a failed `api` call (the second a retry) made of three failed
    // `bank` attempts (the 2nd and 3rd retries).
    let payments = edge(&status, "payments", "api");
    assert_eq!(payments.calls, 39 + 2 * 10);
    assert_eq!(payments.failed, 2 * 10);
    assert_eq!(payments.errors, [("transient".to_string(), 20)].into());
    assert_eq!(payments.retries, 10);
    let api = edge(&status, "api", "bank");
    assert_eq!(api.calls, 39 + 6 * 10);
    assert_eq!(api.failed, 6 * 10);
    assert_eq!(api.errors, [("transient".to_string(), 60)].into());
    assert_eq!(api.retries, 4 * 10);
    assert_eq!(status.call_edges.len(), 2, "nobody else called");
    // They agree with the callee's own count of the calls each caller sent it.
    let bank = status.services.iter().find(|s| s.name == "bank").expect("bank");
    assert_eq!(bank.callers.get("api"), Some(&api.calls));
    assert_eq!(bank.unreachable, api.failed);
    // The last complete sample interval (3 s … 4 s, the default 1 s samples) ended
    // the calls of messages 3.0 … 3.9 s: 3.0 s failed twice, each payments → api call
    // 5 ms + 2 × 10 ms = 25 ms (three instant failures 10 ms apart), and the 9 others
    // took 5 + 10 = 15 ms. Of 11 calls, the median is 15 ms and the 95th percentile (the
    // 11th, ⌈0.95 × 11⌉) 25 ms; api → bank: 9 of 10 ms and 6 instant failures, p50 10 ms.
    // The histogram keeps two significant figures: within 1 %.
    let near = |got: f64, want: f64| (got - want).abs() <= want * 0.01;
    assert!(near(payments.latency_ms_p50, 15.0) && near(payments.latency_ms_p95, 25.0), "{payments:?}");
    assert!(near(api.latency_ms_p50, 10.0) && near(api.latency_ms_p95, 10.0), "{api:?}");
}

#[test]
fn a_breaker_refusal_is_a_call_that_failed_without_going_out() {
    // With a breaker on payments' calls to api (the last 4 calls, all 4 needed, opens at
    // half of them failed, open 10 s): the first crash message (2.1 s) fails api at
    // 2.126 s (3 of the 4 last calls good) and again at 2.172 s (2 of 4 failed: 50 %), and
    // the breaker opens. From then on every call is refused without going out: the 9
    // other crash messages and the 19 after them (3.1 … 4.9 s), two attempts each (a
    // refusal fails the attempt as a transient failure does, and is retried). It stays
    // open past the run's end (2.172 + 10 s).
    let with_breaker = CRASH.replace(
        r#"retry: Retry(max_attempts: 2, backoff: Constant("20ms")))"#,
        r#"retry: Retry(max_attempts: 2, backoff: Constant("20ms")),
        circuit_breaker: CircuitBreaker(window: Count(4), minimum_calls: 4, failure_rate: 0.5, open_for: "10s"))"#,
    );
    let scenario = crate::scenario::parse_str(&with_breaker, "edges.ron").expect("valid");
    let mut sim = Simulation::new(&scenario).expect("builds");
    sim.run_to_end();
    let status = sim.status();
    let payments = edge(&status, "payments", "api");
    // Before the crash, 20 messages (0.1 … 2.0 s) called once each and succeeded.
    let refused = 2 * (9 + 19);
    assert_eq!(payments.calls, 20 + 2 + refused);
    assert_eq!(payments.errors.get("transient"), Some(&2));
    assert_eq!(payments.errors.get("circuit_open"), Some(&refused));
    assert_eq!(payments.failed, 2 + refused);
    // Every failed message's second attempt is a retry.
    assert_eq!(payments.retries, 1 + refused / 2);
    let api = status.services.iter().find(|s| s.name == "api").expect("api");
    assert_eq!(api.callers.get("payments"), Some(&(20 + 2)), "refused calls never reach api");
    // Nothing went out in the last interval: no latency to show.
    assert_eq!((payments.latency_ms_p50, payments.latency_ms_p95), (0.0, 0.0));
}
