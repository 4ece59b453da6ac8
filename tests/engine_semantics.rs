//! Component semantics pinned with constant distributions, so every expected value can
//! be worked out by hand (each test says how).

mod common;

use common::{secs, simulation};
use faultline::engine::ids::PartitionId;
use faultline::engine::{Command, Reason, Terminal};

/// Service capacity 1, latency 100 ms, arrivals every 50 ms from t = 50 ms: calls queue
/// inside the service. Message k (1-based) arrives at 50k ms and completes at
/// 50 + 100k ms, so its latency is 50 + 50k ms. By t = 1 s, k = 1..9 are done
/// (done_9 = 950 ms, done_10 = 1050 ms): mean latency 50 + 50·5 = 300 ms, max 500 ms.
#[test]
fn service_capacity_queues_calls_in_order() {
    let mut sim = simulation(
        r#"Scenario(name: "capacity", duration: "1s",
            services: [Service(name: "db", latency: Constant("100ms"), capacity: 1)],
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 20.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 10, delivery: Competing,
                handler: Handler(work: Constant("0ms"), calls: ["db"]))],
        )"#,
    );
    sim.run_to_end();
    let ledger = sim.ledger();
    assert_eq!(ledger.produced, 20);
    assert_eq!(ledger.processed, 9);
    assert_eq!(sim.in_system(), 11);
    let latency = sim.latency().summary();
    assert!((latency.mean - 300.0).abs() < 1e-6, "mean {}", latency.mean);
    assert!((latency.max - 500.0).abs() <= 0.5, "max {}", latency.max);
    // Concurrency 10 caps the handlers: one call is served, 9 wait inside the service,
    // and the 11th unfinished message is still in the topic.
    let status = sim.status();
    assert_eq!((status.services[0].active, status.services[0].waiting), (1, 9));
    assert_eq!(status.topics[0].partition_backlog, [1]);
}

/// Calls take 300 ms but the handler gives up after 100 ms; retries wait 1 s; 3 attempts.
/// Message 1 (t = 1.0): timeouts at 1.1, 2.2, 3.3 → dead-lettered at 3.3.
/// Message 2 (t = 2.0): timeouts at 2.1, 3.2, retry due 4.2. Message 3 (t = 3.0):
/// timeout 3.1, retry due 4.1. At 3.35: 6 timeouts, 5 retries, 1 dead letter, and the
/// service has finished the 4 calls issued at 1.0, 2.0, 2.1 and 3.0 (abandoned calls
/// still use the service).
#[test]
fn timeouts_retry_with_backoff_then_dead_letter() {
    let mut sim = simulation(
        r#"Scenario(name: "timeouts", duration: "3.35s",
            services: [Service(name: "slow", latency: Constant("300ms"))],
            topics: [Topic(name: "t"), Topic(name: "dlq")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 10, delivery: Competing,
                handler: Handler(work: Constant("0ms"), calls: ["slow"], timeout: "100ms"),
                retry: Retry(max_attempts: 3, backoff: Constant("1s")),
                on_exhausted: DeadLetter("dlq"))],
        )"#,
    );
    sim.run_to_end();
    let g = &sim.groups()[0];
    assert_eq!((g.stats().timeouts, g.stats().retries), (6, 5));
    assert_eq!(sim.ledger().dead_lettered, 1);
    assert_eq!(sim.ledger().by_reason()["retries exhausted"], 1);
    assert_eq!(sim.status().services[0].calls, 4);
    let dlq = &sim.topics()[1];
    assert_eq!(dlq.dead_letters().len(), 1);
    let letter = dlq.dead_letters()[0];
    assert_eq!(letter.at, secs(3.3));
    assert_eq!(letter.message.attempts, 3);
    assert_eq!(letter.last_error, Some(faultline::scenario::ErrorClass::Timeout));
    assert_eq!(sim.in_system(), 2);
    assert!(sim.conservation_holds());
}

/// TTL 500 ms, no consumer, one message every 100 ms: at t = 2 s the messages published
/// at or before 1.5 s (15 of them) have expired, and 5 remain.
#[test]
fn ttl_expires_messages_at_exactly_their_deadline() {
    let mut sim = simulation(
        r#"Scenario(name: "ttl", duration: "2s",
            topics: [Topic(name: "t", ttl: "500ms")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
        )"#,
    );
    sim.step_until(secs(1.999_999));
    assert_eq!(sim.ledger().expired, 14, "the message of 1.5 s expires only at 2.0 s");
    sim.run_to_end();
    assert_eq!((sim.ledger().produced, sim.ledger().expired, sim.in_system()), (20, 15, 5));
    assert_eq!(sim.ledger().by_reason()["ttl expired"], 15);
}

/// Expired messages can be routed to a dead-letter topic instead.
#[test]
fn ttl_expiry_to_a_dead_letter_topic() {
    let mut sim = simulation(
        r#"Scenario(name: "ttl-dlq", duration: "2s",
            topics: [Topic(name: "t", ttl: "500ms", expired_to: "expired"), Topic(name: "expired")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
        )"#,
    );
    sim.run_to_end();
    assert_eq!((sim.ledger().expired, sim.ledger().dead_lettered), (0, 15));
    assert_eq!(sim.topics()[1].dead_letters().len(), 15);
}

fn overflow_scenario(policy: &str) -> String {
    format!(
        r#"Scenario(name: "overflow", duration: "1s",
            topics: [Topic(name: "t", capacity: 5, overflow: {policy})],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
        )"#
    )
}

/// Capacity 5, ten arrivals, nobody consuming. The producer does not retry, so each
/// rejected message is lost at once with the broker's reason.
#[test]
fn overflow_reject_new_keeps_the_first_five() {
    let source = overflow_scenario("RejectNew").replace(
        r#"rate: Constant(per_second: 10.0))"#,
        r#"rate: Constant(per_second: 10.0), publish_retry: PublishRetry(max_attempts: 1))"#,
    );
    let mut sim = simulation(&source);
    sim.run_to_end();
    assert_eq!((sim.ledger().produced, sim.ledger().lost, sim.in_system()), (10, 5, 5));
    assert_eq!(sim.ledger().by_reason()["topic full (reject new)"], 5);
    let ids: Vec<u64> = sim.topics()[0].messages(PartitionId::new(0)).map(|m| m.id).collect();
    assert_eq!(ids, [0, 1, 2, 3, 4]);
    assert_eq!(sim.status().producers[0].rejected, 5);
}

#[test]
fn overflow_drop_oldest_keeps_the_last_five() {
    let mut sim = simulation(&overflow_scenario("DropOldest"));
    sim.run_to_end();
    assert_eq!((sim.ledger().produced, sim.ledger().dropped, sim.in_system()), (10, 5, 5));
    assert_eq!(sim.ledger().by_reason()["topic full (dropped oldest)"], 5);
    let ids: Vec<u64> = sim.topics()[0].messages(PartitionId::new(0)).map(|m| m.id).collect();
    assert_eq!(ids, [5, 6, 7, 8, 9]);
}

/// The sixth message waits at the producer, and the producer stops producing.
#[test]
fn overflow_block_producer_applies_back_pressure() {
    let mut sim = simulation(&overflow_scenario("BlockProducer"));
    sim.run_to_end();
    assert_eq!((sim.ledger().produced, sim.ledger().dropped, sim.in_system()), (6, 0, 6));
    assert!(sim.status().producers[0].blocked);
    assert_eq!(sim.status().producers[0].times_blocked, 1);
}

/// A blocked producer resumes when a consumer makes room: capacity 1, one worker taking
/// 1 s per message, so throughput is paced by the consumer, not by the 100/s producer.
#[test]
fn blocked_producer_resumes_when_room_appears() {
    let mut sim = simulation(
        r#"Scenario(name: "pace", duration: "10s",
            topics: [Topic(name: "t", capacity: 1, overflow: BlockProducer)],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 100.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Constant("1s")))],
        )"#,
    );
    sim.run_to_end();
    // First message at 10 ms; then one message handled per second: done at 1.01, 2.01, ..., 9.01.
    assert_eq!(sim.ledger().processed, 9);
    assert_eq!(sim.ledger().dropped, 0);
    // Held: one in the handler, one in the topic, one blocked at the producer.
    assert_eq!(sim.in_system(), 3);
    assert_eq!(sim.ledger().produced, 12);
}

/// One key, one partition, 4 workers, 100 ms of work, a message every 10 ms.
/// Partitioned delivery handles one message of a key at a time: done at 110, 210, ..., 910 ms
/// → 9 by t = 1 s. Competing delivery uses all 4 workers: each finishes 9 → 36.
#[test]
fn per_key_order_serialises_a_hot_key() {
    let source = |delivery: &str| {
        format!(
            r#"Scenario(name: "order", duration: "1s",
                topics: [Topic(name: "t")],
                producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 100.0), keys: Uniform(keys: 1))],
                consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 4, prefetch: 100, delivery: {delivery},
                    handler: Handler(work: Constant("100ms")))],
            )"#
        )
    };
    let mut partitioned = simulation(&source("Partitioned"));
    partitioned.run_to_end();
    assert_eq!(partitioned.ledger().processed, 9);
    let mut competing = simulation(&source("Competing"));
    competing.run_to_end();
    assert_eq!(competing.ledger().processed, 36);
}

/// Kafka's round-robin assignment: 6 partitions over 3 instances.
#[test]
fn partitions_are_assigned_round_robin() {
    let sim = simulation(
        r#"Scenario(name: "assign",
            topics: [Topic(name: "t", partitions: 6)],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 3)],
        )"#,
    );
    let status = sim.status();
    let parts: Vec<Vec<u32>> = status.groups[0].instances.iter().map(|i| i.partitions.clone()).collect();
    assert_eq!(parts, [vec![0, 3], vec![1, 4], vec![2, 5]]);
    assert_eq!(status.groups[0].instances[2].name, "g/3");
}

/// Prefetch bounds what an instance holds: 2 instances × prefetch 3, slow handler, 20 arrivals.
#[test]
fn prefetch_bounds_unacknowledged_messages() {
    let mut sim = simulation(
        r#"Scenario(name: "prefetch", duration: "2s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 2, concurrency: 1, prefetch: 3,
                delivery: Competing, handler: Handler(work: Constant("1h")))],
        )"#,
    );
    sim.run_to_end();
    let status = sim.status();
    for inst in &status.groups[0].instances {
        assert_eq!((inst.unacked, inst.busy, inst.buffered), (3, 1, 2));
    }
    assert_eq!(status.topics[0].partition_backlog, [14]);
}

/// Business errors are never retried; fatal errors go straight to on_exhausted.
#[test]
fn business_and_fatal_errors_are_not_retried() {
    for (class, reason) in [("business", "business error (not retried)"), ("fatal", "fatal error")] {
        let mut sim = simulation(&format!(
            r#"Scenario(name: "errors", duration: "10.05s",
                services: [Service(name: "s", latency: Constant("1ms"), errors: Errors({class}: 1.0))],
                topics: [Topic(name: "t"), Topic(name: "dlq")],
                producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
                consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 4, handler: Handler(calls: ["s"]),
                    retry: Retry(max_attempts: 5), on_exhausted: DeadLetter("dlq"))],
            )"#
        ));
        sim.run_to_end();
        assert_eq!(sim.ledger().dead_lettered, 100, "{class}");
        assert_eq!(sim.ledger().by_reason()[reason], 100);
        assert_eq!(sim.groups()[0].stats().retries, 0);
        assert_eq!(sim.status().services[0].calls, 100);
    }
}

/// On exhaustion, Drop counts the message as dropped with the reason; Park keeps it.
#[test]
fn on_exhausted_drop_and_park() {
    for (policy, dropped, parked) in [("Drop", 10, 0), ("Park", 0, 10)] {
        let mut sim = simulation(&format!(
            r#"Scenario(name: "exhausted", duration: "1.05s",
                services: [Service(name: "s", latency: Constant("1ms"), errors: Errors(fatal: 1.0))],
                topics: [Topic(name: "t")],
                producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
                consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(calls: ["s"]), on_exhausted: {policy})],
            )"#
        ));
        sim.run_to_end();
        assert_eq!(sim.ledger().dropped, dropped, "{policy}");
        assert_eq!(sim.groups()[0].parked().len(), parked, "{policy}");
        assert_eq!(sim.ledger().dead_lettered, parked as u64, "{policy}");
    }
}

/// A dead-letter topic is bounded like any topic: capacity 3 with RejectNew keeps 3
/// dead letters and drops the rest with the reason. (The run ends 50 ms after the
/// tenth arrival, so all ten have been handled: 1 ms work + 1 ms call.)
#[test]
fn a_full_dead_letter_topic_drops_with_a_reason() {
    let mut sim = simulation(
        r#"Scenario(name: "dlq-full", duration: "1.05s",
            services: [Service(name: "s", latency: Constant("1ms"), errors: Errors(fatal: 1.0))],
            topics: [Topic(name: "t"), Topic(name: "dlq", capacity: 3)],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(calls: ["s"]), on_exhausted: DeadLetter("dlq"))],
        )"#,
    );
    sim.run_to_end();
    assert_eq!((sim.ledger().dead_lettered, sim.ledger().dropped), (3, 7));
    assert_eq!(sim.ledger().reasons_of(Terminal::Dropped).collect::<Vec<_>>(), [(Reason::DeadLetterTopicFull, 7)]);
}

/// With transient error probability p and n attempts (no breaker), a message is
/// dead-lettered with probability pⁿ and costs (1 − pⁿ)/(1 − p) calls on average.
/// p = 0.5, n = 3: 12.5 % dead-lettered, 1.75 calls per message. Over 20 000 messages the
/// standard error of the fraction is √(0.125·0.875/20 000) ≈ 0.23 %, so ±1 % is > 4σ.
#[test]
fn retry_arithmetic_matches_geometric_attempts() {
    let mut sim = simulation(
        r#"Scenario(name: "geometric", duration: "200s", seed: 11,
            services: [Service(name: "s", latency: Constant("1ms"), errors: Errors(transient: 0.5))],
            topics: [Topic(name: "t"), Topic(name: "dlq", capacity: 1000000)],
            producers: [Producer(name: "p", topic: "t", rate: Poisson(per_second: 100.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 50, delivery: Competing,
                handler: Handler(work: Constant("0ms"), calls: ["s"]),
                retry: Retry(max_attempts: 3, backoff: Constant("10ms")), on_exhausted: DeadLetter("dlq"))],
        )"#,
    );
    sim.run_to_end();
    let l = sim.ledger();
    let finished = (l.processed + l.dead_lettered) as f64;
    assert!(finished > 19_000.0);
    let dead_fraction = l.dead_lettered as f64 / finished;
    assert!((dead_fraction - 0.125).abs() < 0.01, "dead-lettered fraction {dead_fraction}");
    let calls_per_message = sim.status().services[0].calls as f64 / finished;
    assert!((calls_per_message - 1.75).abs() < 0.03, "calls per message {calls_per_message}");
}

/// A command takes effect at the virtual time it is applied: rate 10/s for 1 s, then 0.
#[test]
fn commands_apply_at_the_current_virtual_time() {
    let mut sim = simulation(
        r#"Scenario(name: "command", duration: "5s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
        )"#,
    );
    sim.step_until(secs(1.0));
    sim.apply(Command::SetArrivalRate { producer: "p".into(), per_second: 0.0 }).expect("valid command");
    sim.run_to_end();
    assert_eq!(sim.ledger().produced, 10);
    assert_eq!(sim.commands().len(), 1);
    assert_eq!(sim.commands()[0].at, secs(1.0));
    assert!(sim.log().entries().iter().any(|e| e.component == "p" && e.text.contains("rate set to 0")));
    let bad = sim.apply(Command::SetConcurrency { group: "nope".into(), concurrency: 2 });
    assert!(bad.is_err());
}

/// Raising concurrency live starts waiting messages at once.
#[test]
fn raising_concurrency_starts_buffered_work() {
    let mut sim = simulation(
        r#"Scenario(name: "concurrency", duration: "10s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 1, prefetch: 10, handler: Handler(work: Constant("1h")))],
        )"#,
    );
    sim.step_until(secs(1.0));
    assert_eq!(sim.status().groups[0].instances[0].busy, 1);
    sim.apply(Command::SetConcurrency { group: "g".into(), concurrency: 5 }).expect("valid command");
    assert_eq!(sim.status().groups[0].instances[0].busy, 5);
}
