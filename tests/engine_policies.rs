//! Resilience policies end to end, with constant distributions so every expected value can
//! be worked out by hand (each test says how). Constant arrivals at r/s come at 1/r, 2/r, ...

mod common;

use common::{secs, simulation};
use faultline::engine::{BreakerState, Command, DeadLetterStore, RedriveSelection, Terminal};
use faultline::report::RunReport;
use faultline::scenario::{ErrorClass, Errors};

/// A breaker on calls that take 10 ms and all fail. Count window of 4, opens at 50 %,
/// open for 1 s, 2 probes. One message every 100 ms, one attempt each.
/// - Calls end at 0.11, 0.21, 0.31, 0.41: the fourth fills the window (4 of 4 failed) and
///   opens the breaker at 0.41 s.
/// - Messages at 0.5 … 1.4 (10 of them) are refused without calling the service; 1.4 is
///   not strictly after 0.41 + 1 s, so it is refused too.
/// - The service heals at 1.45 (command). The message at 1.5 half-opens the breaker and is
///   the first probe (ends 1.51), the one at 1.6 the second (ends 1.61): 0 of 2 failed →
///   CLOSED at 1.61 s.
#[test]
fn breaker_transitions_at_exact_virtual_times() {
    let mut sim = simulation(
        r#"Scenario(name: "breaker", duration: "1.95s",
            services: [Service(name: "s", latency: Constant("10ms"), errors: Errors(transient: 1.0))],
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Competing,
                handler: Handler(work: Constant("0ms"), calls: ["s"]),
                circuit_breaker: Some(CircuitBreaker(window: Count(4), minimum_calls: 4, failure_rate: 0.5,
                    open_for: "1s", half_open_calls: 2)))],
        )"#,
    );
    sim.step_until(secs(1.45));
    assert_eq!(sim.status().breakers[0].state, faultline::engine::BreakerState::Open);
    assert_eq!(sim.status().breakers[0].open_until, Some(secs(1.41)));
    sim.apply(Command::SetServiceErrors { service: "s".into(), errors: Errors::default() }).expect("valid");
    sim.run_to_end();

    let status = sim.status();
    let breaker = &status.breakers[0];
    let reasons: Vec<String> = breaker.recent_transitions.iter().map(|t| t.cause.to_string()).collect();
    let transitions: Vec<(f64, &str, &str, &str)> = breaker
        .recent_transitions
        .iter()
        .zip(&reasons)
        .map(|(t, reason)| (t.at.as_secs_f64(), t.from.name(), t.to.name(), reason.as_str()))
        .collect();
    assert_eq!(
        transitions,
        [
            (0.41, "CLOSED", "OPEN", "failure rate 100% ≥ 50% over last 4 calls"),
            (1.5, "OPEN", "HALF_OPEN", "open for 1s elapsed; permitting 2 probe calls"),
            (1.61, "HALF_OPEN", "CLOSED", "failure rate 0% < 50% and slow-call rate 0% < 100% over 2 probe calls"),
        ]
    );
    assert_eq!(breaker.state, faultline::engine::BreakerState::Closed);
    assert_eq!(breaker.calls_not_permitted, 10);
    assert!((breaker.open_seconds - 1.09).abs() < 1e-9);

    // Refused calls never reached the service: 4 failed + 5 successful calls (1.5 … 1.9).
    assert_eq!(sim.status().services[0].calls, 9);
    let l = sim.ledger();
    assert_eq!(l.by_reason()["retries exhausted"], 4);
    assert_eq!(l.by_reason()["circuit open (retries exhausted)"], 10);
    assert_eq!(l.processed, 5);
    assert_eq!(sim.groups()[0].stats().failures[ErrorClass::CircuitOpen.index()], 10);

    // The event log names the breaker and says why.
    assert!(sim.log().entries().iter().any(|e| e.component == "g:s"
        && e.at == secs(0.41)
        && e.text == "CLOSED → OPEN: failure rate 100% ≥ 50% over last 4 calls"));

    // The JSON report.
    let report = serde_json::to_value(RunReport::new(&sim, 0.0)).expect("encodes");
    let b = &report["breakers"]["g:s"];
    assert_eq!(b["state"], "CLOSED");
    assert_eq!(b["calls_not_permitted"], 10);
    assert_eq!(b["transitions"][0]["at_s"], 0.41);
    assert_eq!(b["transitions"][0]["reason"], "failure rate 100% ≥ 50% over last 4 calls");
    assert_eq!(report["services"]["s"]["calls"], 9);
    assert_eq!(report["groups"]["g"]["failures"]["circuit_open"], 10);

    // A warm-up reset restarts the breaker's counters but keeps its state and history.
    sim.reset_statistics();
    let breaker = &sim.status().breakers[0];
    assert_eq!((breaker.calls_not_permitted, breaker.open_seconds, breaker.transitions_total), (0, 0.0, 3));
}

/// With `automatic_transition` the breaker half-opens at exactly 0.41 + 1 s, with no call.
#[test]
fn automatic_transition_half_opens_on_its_own() {
    let mut sim = simulation(
        r#"Scenario(name: "auto", duration: "3s",
            services: [Service(name: "s", latency: Constant("10ms"), errors: Errors(transient: 1.0))],
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Competing,
                handler: Handler(work: Constant("0ms"), calls: ["s"]),
                circuit_breaker: Some(CircuitBreaker(window: Count(4), minimum_calls: 4, failure_rate: 0.5,
                    open_for: "1s", half_open_calls: 2, automatic_transition: true)))],
        )"#,
    );
    sim.step_until(secs(0.45));
    sim.apply(Command::SetArrivalRate { producer: "p".into(), per_second: 0.0 }).expect("valid");
    sim.run_to_end();
    let t = &sim.status().breakers[0].recent_transitions;
    assert_eq!(t.len(), 2);
    assert_eq!((t[1].at, t[1].to.name()), (secs(1.41), "HALF_OPEN"));
}

/// A FORCED_OPEN breaker refuses every call: each message makes its 3 attempts (retries
/// after 100 ms) without one service call, and is dead-lettered with the last error.
#[test]
fn a_forced_open_breaker_fails_fast_through_the_retry_path() {
    let mut sim = simulation(
        r#"Scenario(name: "forced", duration: "1.05s",
            services: [Service(name: "s", latency: Constant("10ms"))],
            topics: [Topic(name: "t"), Topic(name: "dlq")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 2.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Competing,
                handler: Handler(work: Constant("0ms"), calls: ["s"]),
                retry: Retry(max_attempts: 3, backoff: Constant("100ms")),
                circuit_breaker: Some(CircuitBreaker()),
                on_exhausted: DeadLetter("dlq"))],
        )"#,
    );
    sim.apply(Command::SetBreakerState { group: "g".into(), service: "s".into(), state: BreakerState::ForcedOpen })
        .expect("valid");
    sim.run_to_end();
    // Messages at 0.5 and 1.0: the first is dead-lettered at 0.7, the second at 1.2 (after the end).
    assert_eq!(sim.status().services[0].calls, 0);
    assert_eq!(sim.ledger().dead_lettered, 1);
    let letter = sim.topics()[1].dead_letters()[0];
    assert_eq!((letter.at, letter.message.attempts), (secs(0.7), 3));
    assert_eq!(letter.last_error, Some(ErrorClass::CircuitOpen));
    assert_eq!(sim.ledger().by_reason()["circuit open (retries exhausted)"], 1);
    assert_eq!(sim.groups()[0].stats().retries, 2 + 1);
    assert_eq!(sim.status().breakers[0].calls_not_permitted, 4);
    assert!(
        sim.apply(Command::SetBreakerState { group: "g".into(), service: "nope".into(), state: BreakerState::Closed })
            .is_err()
    );
}

/// Transient error probability p = 0.3 and 4 attempts with jittered exponential back-off:
/// a message is dead-lettered with probability p⁴ = 0.0081 and costs
/// (1 − p⁴)/(1 − p) = 1.417 calls. Over ~40 000 messages the standard error of the
/// fraction is √(0.0081 · 0.9919 / 40 000) = 0.00045 and that of calls per message is
/// 0.729/√40 000 = 0.0036 (the number of calls has variance 0.531); the tolerances are
/// over 4 standard errors. Back-off and jitter change when retries happen, not how many.
#[test]
fn retries_follow_geometric_arithmetic_with_jittered_backoff() {
    let mut sim = simulation(
        r#"Scenario(name: "geometric", duration: "400s", seed: 5,
            services: [Service(name: "s", latency: Constant("1ms"), errors: Errors(transient: 0.3))],
            topics: [Topic(name: "t"), Topic(name: "dlq", capacity: 1000000)],
            producers: [Producer(name: "p", topic: "t", rate: Poisson(per_second: 100.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 50, prefetch: 200, delivery: Competing,
                handler: Handler(work: Constant("0ms"), calls: ["s"]),
                retry: Retry(max_attempts: 4, backoff: Exponential(initial: "10ms", multiplier: 2.0, max: "1s"), jitter: Full),
                on_exhausted: DeadLetter("dlq"))],
        )"#,
    );
    sim.run_to_end();
    let l = sim.ledger();
    let finished = (l.processed + l.dead_lettered) as f64;
    assert!(finished > 39_000.0, "{finished}");
    let p4 = 0.3f64.powi(4);
    let dead_fraction = l.dead_lettered as f64 / finished;
    assert!((dead_fraction - p4).abs() < 0.002, "dead-lettered fraction {dead_fraction} vs {p4}");
    let calls_per_message = sim.status().services[0].calls as f64 / finished;
    let expected = (1.0 - p4) / 0.7;
    assert!((calls_per_message - expected).abs() < 0.015, "calls per message {calls_per_message} vs {expected}");
}

/// Rate 100/s (a token every 10 ms), burst 20, overflow Drop; 1000 messages at 1, 2, …,
/// 1000 ms, handled instantly. The bucket is full at 1 ms and refills one token per 10 ms,
/// so the admitted count is the burst plus the tokens refilled between the first and the
/// last arrival: 20 + ⌊999 / 10⌋ = 119. The other 881 are dropped as rate limited.
#[test]
fn token_bucket_admits_burst_plus_refill() {
    let mut sim = simulation(
        r#"Scenario(name: "bucket", duration: "1.0005s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1000.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 10, delivery: Competing,
                handler: Handler(work: Constant("0ms")),
                rate_limit: Some(RateLimit(per_second: 100.0, burst: 20, overflow: Drop)))],
        )"#,
    );
    sim.run_to_end();
    let l = sim.ledger();
    assert_eq!((l.produced, l.processed, l.dropped), (1000, 119, 881));
    assert_eq!(l.by_reason()["rate limited"], 881);
    assert_eq!(sim.groups()[0].stats().rate_limited, 881);
}

/// Overflow Delay: rate 100/s, burst 1; ten messages at 1 … 10 ms. The first passes at
/// 1 ms; the others reserve the tokens of 11, 21, …, 91 ms and wait for them holding their
/// worker. Message k (k ≥ 2) waits 10k − 9 − k = 9k − 9 ms: mean latency 9 · 4.5 = 40.5 ms.
#[test]
fn token_bucket_delay_waits_for_reserved_tokens() {
    let mut sim = simulation(
        r#"Scenario(name: "delay", duration: "10ms", sample_every: "5ms",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1000.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 10, delivery: Competing,
                handler: Handler(work: Constant("0ms")),
                rate_limit: Some(RateLimit(per_second: 100.0, burst: 1, overflow: Delay)))],
        )"#,
    );
    sim.run_to_end();
    sim.apply(Command::SetArrivalRate { producer: "p".into(), per_second: 0.0 }).expect("valid");
    sim.step_until(secs(0.050));
    // Done by 50 ms: the tokens of 1, 11, 21, 31, 41 ms; five still wait, counted in the system.
    let status = sim.status();
    assert_eq!((sim.ledger().processed, status.groups[0].policy.throttled, sim.in_system()), (5, 5, 5));
    assert!(sim.conservation_holds());
    sim.step_until(secs(1.0));
    assert_eq!(sim.ledger().processed, 10);
    assert!((sim.latency().summary().mean - 40.5).abs() < 1e-9, "{}", sim.latency().summary().mean);
    assert_eq!(sim.groups()[0].stats().rate_limited, 9);
}

/// Bulkhead of 1 with 150 ms of wait; calls take 100 ms; messages at 20, 40, 60, 80 ms.
/// 20 enters (done 120). 40, 60, 80 wait. At 120 the slot goes to 40 (done 220). 60's
/// wait runs out at 210: rejected. At 220 the slot goes to 80 (done 320).
/// Processed 3 with latencies 100, 180, 240 ms; one dropped as bulkhead full.
#[test]
fn bulkhead_waiters_take_freed_slots_in_order_or_time_out() {
    let mut sim = simulation(
        r#"Scenario(name: "bulkhead", duration: "85ms", sample_every: "5ms",
            services: [Service(name: "s", latency: Constant("100ms"))],
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 50.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 5, delivery: Competing,
                handler: Handler(work: Constant("0ms"), calls: ["s"]),
                bulkhead: Some(Bulkhead(max_concurrent: 1, max_wait: "150ms")))],
        )"#,
    );
    sim.run_to_end();
    sim.apply(Command::SetArrivalRate { producer: "p".into(), per_second: 0.0 }).expect("valid");
    let bulkhead = &sim.status().groups[0].policy.bulkheads[0];
    assert_eq!((bulkhead.active, bulkhead.waiting), (1, 3));
    sim.step_until(secs(1.0));
    let l = sim.ledger();
    assert_eq!((l.processed, l.dropped), (3, 1));
    assert_eq!(l.by_reason()["bulkhead full (retries exhausted)"], 1);
    let latency = sim.latency().summary();
    assert!((latency.mean - (100.0 + 180.0 + 240.0) / 3.0).abs() < 1e-6, "{}", latency.mean);
    let b = &sim.status().groups[0].policy.bulkheads[0];
    assert_eq!((b.entered, b.waited, b.rejected), (3, 3, 1));
}

/// Bulkhead of 2, no wait: calls take 100 ms, messages every 20 ms from 20 ms to 1000 ms
/// (50). Two enter per 100 ms (at 20 and 40, 120 and 140, …, 920 and 940): 20 enter and
/// 30 are rejected at once; by 1.01 s the 18 that entered up to 840 ms are done.
#[test]
fn bulkhead_without_wait_rejects_at_once() {
    let mut sim = simulation(
        r#"Scenario(name: "bulkhead0", duration: "1.01s",
            services: [Service(name: "s", latency: Constant("100ms"))],
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 50.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 10, delivery: Competing,
                handler: Handler(work: Constant("0ms"), calls: ["s"]),
                bulkhead: Some(Bulkhead(max_concurrent: 2)))],
        )"#,
    );
    sim.run_to_end();
    let l = sim.ledger();
    assert_eq!((l.produced, l.processed, l.dropped, sim.in_system()), (50, 18, 30, 2));
    let b = &sim.status().groups[0].policy.bulkheads[0];
    assert_eq!((b.entered, b.rejected, b.max_concurrent), (20, 30, 2));
    assert_eq!(sim.status().services[0].calls, 18);
}

fn publish_scenario(outbox: &str) -> String {
    format!(
        r#"Scenario(name: "outbox", duration: "60s", seed: 3,
            topics: [Topic(name: "t", capacity: 5, overflow: RejectNew)],
            producers: [
                Producer(name: "with-outbox", topic: "t", rate: Poisson(per_second: 10.0), outbox: {outbox},
                    relay: OutboxRelay(poll_every: "100ms", batch: 10, max_tries: 3, retry_failed_after: "2s")),
                Producer(name: "without", topic: "t", rate: Poisson(per_second: 10.0),
                    publish_retry: PublishRetry(max_attempts: 3, backoff: Constant("100ms"))),
            ],
            consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Competing, handler: Handler(work: Constant("80ms")))],
        )"#
    )
}

/// A topic of 5 served at 12.5/s, offered 20/s by two producers for 60 s. The producer
/// without outbox retries a refused publish twice, then loses the event with the broker's
/// reason; the outbox producer keeps every refused event (PENDING, then FAILED and
/// rescheduled) and, once the load stops, all of them get through: nothing of it is lost.
#[test]
fn the_outbox_never_loses_under_rejection_while_a_plain_producer_does() {
    let mut sim = simulation(&publish_scenario("true"));
    while sim.now() < sim.end() {
        sim.step_one();
        assert!(sim.conservation_holds(), "at {}", sim.now());
    }
    let status = sim.status();
    let lost = status.producers[1].policy.lost;
    assert!(lost > 50, "{lost}");
    assert_eq!(sim.ledger().lost, lost, "only the plain producer loses");
    assert_eq!(
        sim.ledger().reasons_of(Terminal::Lost).collect::<Vec<_>>(),
        [(faultline::engine::Reason::TopicFullRejected, lost)]
    );
    let outbox = status.producers[0].policy.outbox.as_ref().expect("outbox");
    assert!(outbox.stats.refusals > 100 && outbox.stats.marked_failed > 0 && outbox.stats.rescheduled > 0);
    assert!(outbox.pending + outbox.failed > 0, "the outbox holds a backlog at 60 s");

    // Stop producing; the outbox drains through the relay and the scheduler.
    for p in ["with-outbox", "without"] {
        sim.apply(Command::SetArrivalRate { producer: p.into(), per_second: 0.0 }).expect("valid");
    }
    sim.step_until(secs(400.0));
    let status = sim.status();
    let outbox = status.producers[0].policy.outbox.as_ref().expect("outbox");
    assert_eq!((outbox.pending, outbox.failed), (0, 0));
    let l = sim.ledger();
    assert_eq!(sim.in_system(), 0);
    assert_eq!(l.processed + l.lost, l.produced, "everything not lost by the plain producer was processed");
    assert_eq!(outbox.stats.published, status.producers[0].produced);
}

/// Same load without the outbox: both producers lose events.
#[test]
fn without_the_outbox_both_producers_lose() {
    let mut sim = simulation(&publish_scenario("false"));
    sim.run_to_end();
    assert!(sim.status().producers.iter().all(|p| p.policy.lost > 0));
    assert!(sim.conservation_holds());
}

/// Every message fails fatally and is dead-lettered. Each redrive republishes the 5 dead
/// letters; they fail again and come back (a second, third, fourth dead-lettering). The
/// fourth redrive finds them dead-lettered 4 > 3 times: the loop guard parks them in the
/// group's parking lot instead. They stay dead-lettered in the ledger throughout.
#[test]
fn redrive_republishes_until_the_loop_guard_parks() {
    let mut sim = simulation(
        r#"Scenario(name: "redrive", duration: "0.55s", sample_every: "50ms",
            services: [Service(name: "s", latency: Constant("1ms"), errors: Errors(fatal: 1.0))],
            topics: [Topic(name: "t"), Topic(name: "dlq")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Competing,
                handler: Handler(work: Constant("0ms"), calls: ["s"]), on_exhausted: DeadLetter("dlq"))],
        )"#,
    );
    sim.run_to_end();
    sim.apply(Command::SetArrivalRate { producer: "p".into(), per_second: 0.0 }).expect("valid");
    assert_eq!(sim.ledger().dead_lettered, 5);
    let redrive =
        Command::Redrive { from: DeadLetterStore::Topic("dlq".into()), select: RedriveSelection::All, loop_guard: 3 };
    for round in 1..=3u64 {
        sim.apply(redrive.clone()).expect("valid");
        // Back in the system: the ledger moved them out of dead-lettered.
        assert_eq!((sim.ledger().dead_lettered, sim.in_system()), (0, 5), "round {round}");
        assert!(sim.conservation_holds());
        sim.step_until(secs(1.0 + round as f64));
        assert_eq!(sim.ledger().dead_lettered, 5);
        assert!(sim.topics()[1].dead_letters().iter().all(|d| u64::from(d.message.dead_letters) == round + 1));
    }
    sim.apply(redrive).expect("valid");
    assert_eq!(sim.topics()[1].dead_letters().len(), 0);
    assert_eq!(sim.groups()[0].parked().len(), 5);
    assert_eq!(sim.ledger().dead_lettered, 5);
    assert_eq!(sim.groups()[0].stats().redrive_guarded, 5);
    assert_eq!(sim.status().topics[0].redriven, 15);
    assert!(sim.log().entries().iter().any(|e| e.text.contains("5 parked by the loop guard")));
    assert_eq!(sim.status().services[0].calls, 20);
}

/// Redrive selection: by time range, and from the parking lot once the service is healed.
#[test]
fn redrive_selects_by_time_and_by_reason() {
    let mut sim = simulation(
        r#"Scenario(name: "select", duration: "1.05s",
            services: [Service(name: "s", latency: Constant("1ms"), errors: Errors(fatal: 1.0))],
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Competing,
                handler: Handler(work: Constant("0ms"), calls: ["s"]), on_exhausted: Park)],
        )"#,
    );
    sim.run_to_end();
    sim.apply(Command::SetArrivalRate { producer: "p".into(), per_second: 0.0 }).expect("valid");
    sim.apply(Command::SetServiceErrors { service: "s".into(), errors: Errors::default() }).expect("valid");
    assert_eq!(sim.groups()[0].parked().len(), 10);
    // Parked at 0.101 … 1.001 s: the range [0.3, 0.6] holds those of 0.301, 0.401, 0.501.
    let range = RedriveSelection::Between { from: secs(0.3), to: secs(0.6) };
    sim.apply(Command::Redrive { from: DeadLetterStore::ParkingLot("g".into()), select: range, loop_guard: 3 })
        .expect("valid");
    sim.step_until(secs(2.0));
    assert_eq!((sim.ledger().processed, sim.groups()[0].parked().len()), (3, 7));
    let by_reason = RedriveSelection::Reason(faultline::engine::Reason::BusinessError);
    sim.apply(Command::Redrive { from: DeadLetterStore::ParkingLot("g".into()), select: by_reason, loop_guard: 3 })
        .expect("valid");
    assert_eq!(sim.groups()[0].parked().len(), 7, "none was a business error");
    let fatal = RedriveSelection::Reason(faultline::engine::Reason::FatalError);
    sim.apply(Command::Redrive { from: DeadLetterStore::ParkingLot("g".into()), select: fatal, loop_guard: 3 })
        .expect("valid");
    sim.step_until(secs(3.0));
    assert_eq!((sim.ledger().processed, sim.ledger().dead_lettered, sim.in_system()), (10, 0, 0));
    assert!(
        sim.apply(Command::Redrive {
            from: DeadLetterStore::Topic("t".into()),
            select: RedriveSelection::All,
            loop_guard: 3
        })
        .is_err()
    );
}

fn ordering_scenario(strict: bool) -> String {
    format!(
        r#"Scenario(name: "order", duration: "1.5s",
            services: [Service(name: "s", latency: Constant("10ms"), errors: Errors(transient: 1.0))],
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0), keys: Uniform(keys: 1))],
            consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 4, prefetch: 100, strict_order: {strict},
                handler: Handler(work: Constant("0ms"), calls: ["s"]),
                retry: Retry(max_attempts: 3, backoff: Constant("1s")))],
        )"#
    )
}

/// One key. Message 1 (0.1 s) fails and waits 1 s to retry; the service heals at 0.15 s.
/// Without strict order, messages 2 … 14 overtake it (10 ms each) and message 1 is
/// processed at 1.12 s after them: one ordering violation; mean latency
/// (1020 + 13 · 10) / 14 = 82.14 ms. With strict order the key stays blocked: message k
/// (2 ≤ k ≤ 11) is done at 1.12 + 0.01(k − 1) s, then 12, 13, 14 take 30, 10, 10 ms; no
/// violation, mean latency (1020 + Σ(1110 − 90k) + 50) / 14 = 6320 / 14 = 451.43 ms.
#[test]
fn retries_break_per_key_order_unless_strict() {
    for (strict, violations, mean_ms) in [(false, 1, 1150.0 / 14.0), (true, 0, 6320.0 / 14.0)] {
        let mut sim = simulation(&ordering_scenario(strict));
        sim.step_until(secs(0.15));
        sim.apply(Command::SetServiceErrors { service: "s".into(), errors: Errors::default() }).expect("valid");
        sim.run_to_end();
        let report = serde_json::to_value(RunReport::new(&sim, 0.0)).expect("encodes");
        assert_eq!(report["groups"]["g"]["ordering_violations"], violations, "strict {strict}");
        assert_eq!(sim.ledger().processed, 14, "strict {strict}");
        let latency = sim.latency().summary();
        assert!((latency.mean - mean_ms).abs() < 1e-6, "strict {strict}: mean {}", latency.mean);
        assert!((latency.max - 1020.0).abs() <= 1.0, "strict {strict}: max {}", latency.max);
    }
}

/// Two producers into a topic that sheds priority < 1 from 10 messages up; nobody consumes.
/// Low (priority 0) publishes every 100 ms, high (priority 1) every 200 ms. The topic
/// reaches 10 with low's message of 0.7 s (7 low + 3 high); from 0.8 s every low message is
/// shed: 13 of 20 by 2 s, while high's 10 all get in.
#[test]
fn load_shedding_drops_or_rejects_the_lower_priority_first() {
    for action in ["Drop", "Reject"] {
        let mut sim = simulation(&format!(
            r#"Scenario(name: "shed", duration: "2s",
                topics: [Topic(name: "t", capacity: 100, shedding: [Shed(backlog_above: 10, below_priority: 1, action: {action})])],
                producers: [
                    Producer(name: "low", topic: "t", rate: Constant(per_second: 10.0), publish_retry: PublishRetry(max_attempts: 1)),
                    Producer(name: "high", topic: "t", rate: Constant(per_second: 5.0), priority: 1),
                ],
            )"#
        ));
        sim.run_to_end();
        let l = sim.ledger();
        assert_eq!((l.produced, sim.topics()[0].backlog(), sim.status().topics[0].shed), (30, 17, 13), "{action}");
        let (terminal, count) =
            if action == "Drop" { (Terminal::Dropped, l.dropped) } else { (Terminal::Lost, l.lost) };
        assert_eq!(count, 13);
        assert_eq!(l.reasons_of(terminal).collect::<Vec<_>>(), [(faultline::engine::Reason::LoadShed, 13)]);
    }
}

/// Back-pressure reaches the outbox, not the business: a BlockProducer topic of 5 served
/// at 10/s, offered 20/s through an outbox. The relay stops at the full topic and tries
/// again at its next poll (a block is not a refusal: nothing is marked FAILED); the
/// producer never blocks and the outbox absorbs the difference, 10/s: 300 events after
/// 30 s, give or take the few in the topic and the consumer. Once the load stops it drains.
#[test]
fn a_blocking_topic_holds_the_outbox_relay_back_without_losing_anything() {
    let mut sim = simulation(
        r#"Scenario(name: "outbox-block", duration: "30s",
            topics: [Topic(name: "t", capacity: 5, overflow: BlockProducer)],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 20.0), outbox: true)],
            consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Competing, handler: Handler(work: Constant("100ms")))],
        )"#,
    );
    sim.run_to_end();
    let status = sim.status();
    let producer = &status.producers[0];
    let outbox = producer.policy.outbox.as_ref().expect("outbox");
    assert_eq!((producer.times_blocked, producer.policy.lost, outbox.stats.refusals), (0, 0, 0));
    assert!((290..=300).contains(&outbox.pending), "{}", outbox.pending);
    assert_eq!(outbox.failed, 0);
    sim.apply(Command::SetArrivalRate { producer: "p".into(), per_second: 0.0 }).expect("valid");
    sim.step_until(secs(70.0));
    let l = sim.ledger();
    assert_eq!((l.produced, l.processed, sim.in_system()), (600, 600, 0));
}

/// `ordering: Partition` handles a partition's messages one at a time, whatever the
/// concurrency; `Key` (the default) only one key at a time. One partition, 200 messages/s
/// (at 5 ms, 10 ms, …), 10 ms of work each, 4 workers:
/// - by partition: message k starts when k−1 ends, at 5 + 10(k−1) ms, and ends 10 ms later;
///   ends at 15, 25, …, 995 ms: exactly 99 processed at 1 s, the rest queue behind.
/// - by key (1 000 keys): messages start as they arrive, at most 2 in progress, so all but
///   the last two (arriving at 995 and 1000 ms) are done: 198.
#[test]
fn ordering_by_partition_handles_one_message_per_partition_at_a_time() {
    let run = |ordering: &str| {
        let mut sim = simulation(&format!(
            r#"Scenario(name: "order", duration: "1s",
                topics: [Topic(name: "t", partitions: 1)],
                producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 200.0), keys: Uniform(keys: 1000))],
                consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 4, ordering: {ordering},
                    handler: Handler(work: Constant("10ms")))],
            )"#
        ));
        sim.run_to_end();
        sim.ledger().processed
    };
    assert_eq!(run("Partition"), 99);
    assert_eq!(run("Key"), 198);
}

/// A poison message retried in place blocks its partition: lesson 6's outage, by hand.
/// One partition, a message every second (1 s, 2 s, …), every call fails fatally after
/// 10 ms, the handler retries everything (`retry_fatal`) 3 attempts with 1 s back-off,
/// strict order.
/// - by partition: message 1 fails at 1.01, 2.02 and 3.03 s (dead-lettered); message 2
///   waits behind it and starts at 3.03: dead-lettered at 5.06; then 7.09 and 9.12 s. At
///   10 s: 4 dead letters, 6 messages stuck behind.
/// - by key (each message its own key here): nothing waits; message k is dead-lettered at
///   k + 2.03 s, so 7 of them by 10 s.
/// - not retrying fatal errors: each is dead-lettered after its one attempt, at k + 0.01 s:
///   9 by 10 s.
#[test]
fn a_poison_message_retried_in_place_blocks_its_partition() {
    let run = |ordering: &str, retry_fatal: bool| {
        let mut sim = simulation(&format!(
            r#"Scenario(name: "poison", duration: "10s",
                services: [Service(name: "db", latency: Constant("10ms"), errors: Errors(fatal: 1.0))],
                topics: [Topic(name: "t", partitions: 1), Topic(name: "dlq")],
                producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1.0), keys: Uniform(keys: 1000000))],
                consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 2, prefetch: Some(100),
                    ordering: {ordering}, strict_order: true,
                    handler: Handler(work: Constant("0ms"), calls: ["db"]),
                    retry: Retry(max_attempts: 3, backoff: Constant("1s"), retry_fatal: {retry_fatal}),
                    on_exhausted: DeadLetter("dlq"))],
            )"#
        ));
        sim.run_to_end();
        let dlq = sim.topics().iter().find(|t| t.name() == "dlq").expect("dlq");
        let times: Vec<f64> = dlq.dead_letters().iter().map(|d| d.at.as_secs_f64()).collect();
        (times, sim.ledger().produced - sim.ledger().terminal())
    };
    let (times, in_system) = run("Partition", true);
    assert_eq!(times, [3.03, 5.06, 7.09, 9.12]);
    assert_eq!(in_system, 6, "messages 5 to 10 wait behind the one being retried");
    let (times, _) = run("Key", true);
    assert_eq!(times, [3.03, 4.03, 5.03, 6.03, 7.03, 8.03, 9.03]);
    let (times, _) = run("Partition", false);
    assert_eq!(times, [1.01, 2.01, 3.01, 4.01, 5.01, 6.01, 7.01, 8.01, 9.01]);
}

/// `ordering: Partition` needs partitioned delivery.
#[test]
fn ordering_by_partition_needs_partitioned_delivery() {
    let text = r#"Scenario(name: "x", duration: "1s", topics: [Topic(name: "t")],
        producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1.0))],
        consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Competing, ordering: Partition)])"#;
    let err = faultline::scenario::parse_str(text, "x.ron").expect_err("refused").to_string();
    assert!(err.starts_with("x.ron:3:") && err.contains("consumers[g].ordering: needs Partitioned delivery"), "{err}");
}
