//! Validation of the resilience-policy fields: each rule gives one located diagnostic on
//! an edit of the reference scenario (positions as a user sees them in
//! `scenarios/order-pipeline.ron` after the edit).

use faultline::scenario::{Diagnostic, parse_str};
use std::path::PathBuf;

fn reference() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/order-pipeline.ron");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The reference with `from` (which must occur once) replaced by `to`.
fn edited(from: &str, to: &str) -> String {
    let text = reference();
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once in the reference");
    text.replacen(from, to, 1)
}

fn errors(text: &str) -> Vec<String> {
    match parse_str(text, "s.ron") {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics.iter().map(Diagnostic::to_string).collect(),
    }
}

#[test]
fn policy_fields_are_validated_with_locations() {
    let cases = [
        (
            "half_open_calls: 5,",
            "half_open_calls: 5, failure_classes: [Transient, CircuitOpen],",
            "s.ron:72:66: consumers[payments].circuit_breaker.failure_classes[1]: a breaker never records the calls it refuses itself: CircuitOpen cannot be a failure class",
        ),
        (
            "window: Count(50)",
            "window: Time(\"1.5s\")",
            "s.ron:66:25: consumers[payments].circuit_breaker.window: a time window is counted in whole seconds (one-second buckets), found 1500ms",
        ),
        (
            "idempotent: true,",
            "idempotent: true, bulkhead: Some(Bulkhead(max_concurrent: 0)),",
            "s.ron:76:71: consumers[payments].bulkhead.max_concurrent: must be at least 1",
        ),
        (
            "delivery: Partitioned,",
            "delivery: Competing, strict_order: true,",
            "s.ron:58:48: consumers[payments].strict_order: needs Partitioned delivery: Competing delivery keeps no per-key order to protect (set delivery: Partitioned, or leave strict_order out)",
        ),
        (
            "calls: [\"payment-gateway\"], ",
            "",
            "s.ron:65:30: consumers[payments].circuit_breaker: the handler calls no service, so the circuit breaker has nothing to guard (list the services in handler.calls)",
        ),
        (
            "outbox: true,",
            "outbox: true, relay: OutboxRelay(poll_every: \"10us\", batch: 0),",
            "s.ron:47:58: producers[checkout].relay.poll_every: must be at least 1ms, found 10us",
        ),
        (
            "outbox: true,",
            "outbox: true, publish_retry: PublishRetry(max_attempts: 5000),",
            "s.ron:47:69: producers[checkout].publish_retry.max_attempts: 5000 is above faultline's limit of 1000",
        ),
        (
            "outbox: true,",
            "outbox: true, publish_retry: PublishRetry(backoff: Exponential(initial: \"0s\", multiplier: 0.5, max: \"1s\")),",
            "s.ron:47:85: producers[checkout].publish_retry.backoff.initial: must be longer than 0s (every delay would be 0s)",
        ),
        (
            "durable: true),\n        Topic(name: \"orders.dlq\"",
            "durable: true, shedding: [Shed(backlog_above: 20000, below_priority: 0)]),\n        Topic(name: \"orders.dlq\"",
            "s.ron:37:147: topics[orders].shedding[0].backlog_above: 20000 is above the topic's capacity (10000): the backlog never gets there",
        ),
        (
            "capacity: 100000, durable: true),",
            "capacity: 100000, durable: true, shedding: [Shed(backlog_above: 10, below_priority: 1)]),",
            "s.ron:38:93: topics[orders.dlq].shedding: `orders.dlq` is a dead-letter topic (consumers[payments].on_exhausted); it takes no publishes, so there is nothing to shed",
        ),
    ];
    for (from, to, expected) in cases {
        let text = edited(from, to);
        let all = errors(&text);
        assert!(all.iter().any(|e| e == expected), "{from} → {to}: expected\n{expected}\ngot\n{all:#?}");
    }
}

#[test]
fn rate_limit_dead_letter_needs_somewhere_to_keep_letters() {
    let drop = edited("on_exhausted: DeadLetter(\"orders.dlq\"),", "on_exhausted: Drop,")
        .replace("overflow: Delay", "overflow: DeadLetter");
    assert_eq!(
        errors(&drop),
        [
            "s.ron:74:82: consumers[payments].rate_limit.overflow: DeadLetter needs somewhere to keep dead letters, but the group drops them (set on_exhausted: DeadLetter(\"...\") or Park on the group)"
        ]
    );
    let park = edited("on_exhausted: DeadLetter(\"orders.dlq\"),", "on_exhausted: Park,")
        .replace("overflow: Delay", "overflow: DeadLetter");
    assert_eq!(errors(&park), Vec::<String>::new(), "a parking lot keeps dead letters too");
}

#[test]
fn the_shipped_policy_scenarios_are_valid() {
    // The retry storm is lesson 3; its fixed configuration is the lesson's question 4,
    // which the lesson's own validation applies and checks.
    let name = "03-retry-storm.ron";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(errors(&text), Vec::<String>::new(), "{name}");
}

/// A service's and a client's own breaker and bulkhead are validated as a group's, and
/// need calls to guard.
#[test]
fn call_guards_of_services_and_clients_are_validated_with_locations() {
    let cases = [
        (
            "capacity: 200,",
            "capacity: 200, circuit_breaker: Some(CircuitBreaker()),",
            "s.ron:31:45: services[payment-gateway].circuit_breaker: it calls no service, so the circuit breaker has nothing to guard (list the services in calls)",
        ),
        (
            "capacity: 200,",
            "capacity: 200, bulkhead: Some(Bulkhead(max_concurrent: 0)),",
            "s.ron:31:68: services[payment-gateway].bulkhead.max_concurrent: must be at least 1",
        ),
    ];
    for (from, to, expected) in cases {
        let all = errors(&edited(from, to));
        assert!(all.iter().any(|e| e == expected), "{from} → {to}: expected\n{expected}\ngot\n{all:#?}");
    }
}

/// Replicas and outlier detection: each rule one located diagnostic, and a fault target
/// `service/N` beyond the replicas.
#[test]
fn replica_fields_are_validated_with_locations() {
    let od = |fields: &str| format!("capacity: 200, replicas: 3, outlier_detection: Some(OutlierDetection({fields})),");
    let hc = |fields: &str| format!("capacity: 200, replicas: 3, health_check: Some(ServiceHealthCheck({fields})),");
    let cases = [
        (
            "capacity: 200,".to_string(),
            "capacity: 200, replicas: 0,".to_string(),
            "s.ron:31:38: services[payment-gateway].replicas: must be at least 1",
        ),
        (
            "capacity: 200,".to_string(),
            "capacity: 200, replicas: 101,".to_string(),
            "s.ron:31:38: services[payment-gateway].replicas: 101 is above faultline's limit of 100",
        ),
        (
            "capacity: 200,".to_string(),
            od("consecutive_errors: 0"),
            "s.ron:31:102: services[payment-gateway].outlier_detection.consecutive_errors: must be at least 1",
        ),
        (
            "capacity: 200,".to_string(),
            od("eject_for: \"0s\""),
            "s.ron:31:93: services[payment-gateway].outlier_detection.eject_for: must be longer than 0s (an ejection that ends at once ejects nothing)",
        ),
        (
            "capacity: 200,".to_string(),
            od("max_ejected: 1.5"),
            "s.ron:31:95: services[payment-gateway].outlier_detection.max_ejected: must be a share of the replicas between 0 and 1, found 1.5 (0.34 lets one replica in three be ejected at once; one may always be)",
        ),
        (
            "capacity: 200,".to_string(),
            od("max_ejected: -0.1"),
            "s.ron:31:95: services[payment-gateway].outlier_detection.max_ejected: must be a share of the replicas between 0 and 1, found -0.1 (0.34 lets one replica in three be ejected at once; one may always be)",
        ),
        (
            "capacity: 200,".to_string(),
            hc("interval: \"1s\", timeout: \"2s\""),
            "s.ron:31:104: services[payment-gateway].health_check.timeout: 2s is longer than the interval (1s): a probe would still wait when the next one goes (a timeout of at most 1s, or a longer interval)",
        ),
        (
            "capacity: 200,".to_string(),
            hc("interval: \"1s\", unhealthy_threshold: 0"),
            "s.ron:31:116: services[payment-gateway].health_check.unhealthy_threshold: must be at least 1",
        ),
        (
            "capacity: 200,".to_string(),
            hc("interval: \"10ms\", timeout: \"5ms\""),
            "s.ron:31:89: services[payment-gateway].health_check.interval: 10ms is under faultline's floor of 100ms: health probes would repeat too often to simulate",
        ),
        (
            "target: \"payment-gateway\", kind: ErrorRate(0.9)".to_string(),
            "target: \"payment-gateway/2\", kind: ErrorRate(0.9)".to_string(),
            "s.ron:83:50: faults[0].target: service `payment-gateway` has no replica `2` (it has one replica, payment-gateway/1; give it `replicas` for more)",
        ),
    ];
    for (from, to, expected) in cases {
        assert_eq!(errors(&edited(&from, &to)), [expected], "{to}");
    }
    // In range, a replica is a target like any other.
    let text = edited("capacity: 200,", "capacity: 200, replicas: 2,").replacen(
        "target: \"payment-gateway\", kind: ErrorRate(0.9)",
        "target: \"payment-gateway/2\", kind: ErrorRate(0.9)",
        1,
    );
    assert_eq!(errors(&text), Vec::<String>::new());
}
