//! A broker that costs something per request, and producer send batching (issue 18).
//! Every number is hand arithmetic or the Pollaczek–Khinchine formula, written beside its
//! assertion.

mod common;

use common::{diagnostics, scenario, secs};
use faultline::engine::Simulation;
use faultline::engine::status::NodeLoadStatus;

/// One topic of one partition on one broker node; one producer at `rate` with `send` and
/// `acks`; one group whose handler takes `work`. `broker` goes in as written.
fn source(broker: &str, rate: &str, send: &str, acks: &str, work: &str) -> String {
    format!(
        r#"Scenario(name: "cost", seed: 1, duration: "60s",
    broker: Broker({broker}),
    topics: [Topic(name: "t", capacity: 1000000)],
    producers: [Producer(name: "p", topic: "t", rate: {rate}, send: {send}, acks: {acks})],
    consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: {work}))])"#
    )
}

fn run(source: &str, seed: u64) -> Simulation {
    let mut s = scenario(source);
    s.seed = seed;
    Simulation::new(&s).expect("builds")
}

fn node_load(sim: &Simulation) -> NodeLoadStatus {
    let status = sim.status();
    status.brokers[0].load.clone().expect("a broker with a cost reports its load")
}

fn lost_by(sim: &Simulation, reason: &str) -> u64 {
    sim.ledger().by_reason().get(reason).copied().unwrap_or(0)
}

/// One I/O thread, 0.1 ms per request: 10 000 requests/s.
const TEN_THOUSAND_PER_S: &str = r#"io_threads: 1, request_cost: Constant("100us")"#;
const OFFERED: &str = "Constant(per_second: 100000.0)";
const FAST: &str = r#"Constant("0s")"#;

/// 100 000 msg/s in batches of 20 are 5 000 requests/s, one every 0.2 ms, each served in
/// 0.1 ms before the next arrives: utilisation 5 000 × 0.1 ms = 0.5 exactly, no wait, no
/// refusal, and every message reaches the topic: by 0.5 s, 50 000 produced, of which the
/// batch being filled (at most 19) is still at the producer.
#[test]
fn batches_of_twenty_carry_one_hundred_thousand_messages_per_second_at_half_load() {
    let send = r#"Some(SendBatch(max_messages: 20, linger: "1s"))"#;
    let mut sim = run(&source(TEN_THOUSAND_PER_S, OFFERED, send, "All", FAST), 1);
    sim.step_until(secs(0.5));
    let load = node_load(&sim);
    assert!((load.utilisation - 0.5).abs() < 0.001, "{load:?}");
    assert_eq!((load.refused, load.wait_ms_mean), (0, 0.0));
    assert!((2_499..=2_500).contains(&load.requests), "{load:?}");
    assert_eq!(load.messages, 20 * load.requests);
    assert_eq!(sim.ledger().lost, 0);
    assert!(sim.ledger().processed >= 50_000 - 40, "{}", sim.ledger().processed);
    assert!(sim.conservation_holds());
}

/// Without batching the same 100 000 msg/s are 100 000 requests/s at a node that serves
/// 10 000/s: it carries exactly its capacity (one request each 0.1 ms, so 5 000 by 0.5 s),
/// its queue fills to `queued_max_requests` (500) and every request beyond is refused.
/// With acks None a refusal is lost at once: of the 50 000 offered by 0.5 s, 5 000 were
/// served, 500 wait, 1 is in service, so 44 499 (± the one arriving at 0.5 s) were lost
/// as "broker busy".
#[test]
fn without_batching_the_node_carries_only_ten_thousand_per_second_and_refuses_the_rest() {
    let mut sim = run(&source(TEN_THOUSAND_PER_S, OFFERED, "None", "None", FAST), 1);
    sim.step_until(secs(0.5));
    let load = node_load(&sim);
    assert!((4_999..=5_000).contains(&load.requests), "{load:?}");
    assert!(load.utilisation > 0.999, "{load:?}");
    assert_eq!(load.queued, 500);
    let busy = lost_by(&sim, "broker busy");
    assert!((44_498..=44_501).contains(&busy), "{busy}");
    assert_eq!(load.refused, busy);
    assert!(sim.ledger().processed <= 5_000);
    assert!(sim.conservation_holds());

    // acks All: refusals wait in the producer's retry buffer (10 000 by default) and come
    // back; the node still carries 10 000/s, so the buffer fills and events are lost
    // "producer buffer full" instead. Throughput is the node's capacity either way.
    let mut all = run(&source(TEN_THOUSAND_PER_S, OFFERED, "None", "All", FAST), 1);
    all.step_until(secs(0.5));
    let load = node_load(&all);
    assert!((4_999..=5_000).contains(&load.requests), "{load:?}");
    assert!(all.ledger().processed <= 5_000);
    assert!(lost_by(&all, "producer buffer full") > 30_000, "{:?}", all.ledger().by_reason());
    assert!(all.conservation_holds());
}

/// With a queue bound beyond anything reached, the same overload is delay instead of
/// refusal: the backlog grows by 90 000 requests/s, so by 0.5 s 45 000 wait. Request k
/// (k = 0, 1, …) arrives at 0.01 k ms and starts at 0.1 k ms: it waited 0.09 k ms. The
/// 5 000 started by 0.5 s (k ≤ 4 999) waited 0.09 × 4 999 / 2 = 224.955 ms on average,
/// and the time-average queue is half the final 45 000.
#[test]
fn without_a_queue_bound_the_overload_is_delay_growing() {
    let broker = format!("{TEN_THOUSAND_PER_S}, queued_max_requests: 1000000");
    let mut sim = run(&source(&broker, OFFERED, "None", "All", FAST), 1);
    sim.step_until(secs(0.5));
    let load = node_load(&sim);
    assert_eq!(load.refused, 0);
    assert!((44_990..=45_001).contains(&load.queued), "{load:?}");
    assert!((load.wait_ms_mean - 224.955).abs() < 0.001, "{load:?}");
    assert!((load.queue_mean - 22_500.0).abs() < 5.0, "{load:?}");
    assert!(sim.conservation_holds());
}

/// Poisson requests (5 000/s, no batching) at one thread of Constant 0.1 ms: M/D/1 with
/// ρ = 0.5. Pollaczek–Khinchine: W_q = ρ S / (2 (1 − ρ)) = 0.5 × 0.1 ms / 1 = 0.05 ms, and
/// the utilisation is ρ. 40 s are 200 000 requests; seeds 1–3 measured 0.05005, 0.05021
/// and 0.05048 ms (utilisation 0.4998, 0.5004, 0.5013). The tolerance is 5 %: successive
/// waits are correlated, so the standard error is several times the naive σ/√n (≈ 0.4 %
/// here), and 5 % still fails a model that forgot the queue (W_q 0) or served at
/// exponential times (M/M/1: W_q = 0.1 ms).
#[test]
fn poisson_requests_wait_as_pollaczek_khinchine_says() {
    let src = source(TEN_THOUSAND_PER_S, "Poisson(per_second: 5000.0)", "None", "All", FAST);
    for seed in [1, 2, 3] {
        let mut sim = run(&src, seed);
        sim.step_until(secs(40.0));
        let load = node_load(&sim);
        assert!((load.wait_ms_mean - 0.05).abs() < 0.05 * 0.05, "seed {seed}: {load:?}");
        assert!((load.utilisation - 0.5).abs() < 0.01, "seed {seed}: {load:?}");
        assert!(sim.conservation_holds());
    }
}

/// 10 events/s, one each 100 ms, in batches of up to 20 with a 5 ms linger: no batch ever
/// fills, so each event waits exactly its linger before its request goes. The handler
/// takes 1 ms, so every latency is 1 ms without batching, 6 ms with it, and 6.1 ms when
/// the broker also spends 0.1 ms on each request.
#[test]
fn linger_adds_exactly_the_linger_to_a_lone_message() {
    let rate = "Constant(per_second: 10.0)";
    let work = r#"Constant("1ms")"#;
    let send = r#"Some(SendBatch(max_messages: 20, linger: "5ms"))"#;
    for (broker, send, latency_ms) in [("", "None", 1.0), ("", send, 6.0), (TEN_THOUSAND_PER_S, send, 6.1)] {
        let mut sim = run(&source(broker, rate, send, "All", work), 1);
        // The 100th event is created at 10 s and processed 6.1 ms later at most.
        sim.step_until(secs(10.01));
        let g = &sim.status().groups[0];
        assert_eq!(g.processed, 100, "{broker} {send}");
        assert!((g.latency.mean - latency_ms).abs() < 1e-6, "{broker} {send}: {:?}", g.latency);
        assert!((g.latency.max - latency_ms).abs() < 0.01, "{broker} {send}: {:?}", g.latency);
        assert!(sim.conservation_holds());
    }
}

/// A full batch goes at once: 1 000 events/s in batches of 10 (linger 1 s, never reached).
/// Event i of a batch (i = 0..9) waits 9 − i ms for the rest of its batch, 0.1 ms at the
/// broker, then i ms behind its batch-mates at the one-at-a-time handler, then 1 ms: every
/// latency is 9 + 0.1 + 1 = 10.1 ms (batching trades latency for requests). The node sees
/// 100 requests/s.
#[test]
fn a_full_batch_goes_without_waiting_for_its_linger() {
    let send = r#"Some(SendBatch(max_messages: 10, linger: "1s"))"#;
    let mut sim =
        run(&source(TEN_THOUSAND_PER_S, "Constant(per_second: 1000.0)", send, "All", r#"Constant("1ms")"#), 1);
    sim.step_until(secs(10.0));
    let g = &sim.status().groups[0];
    assert!((g.latency.mean - 10.1).abs() < 1e-6, "{:?}", g.latency);
    assert!((g.latency.max - 10.1).abs() < 0.01, "{:?}", g.latency);
    let load = node_load(&sim);
    assert!((999..=1_000).contains(&load.requests), "{load:?}");
    assert!(sim.conservation_holds());
}

/// Located mistakes: no I/O thread, an empty batch, an empty request queue, and batching
/// with a BlockProducer topic.
#[test]
fn broker_cost_and_batching_mistakes_are_located() {
    let send = r#"Some(SendBatch(max_messages: 20, linger: "5ms"))"#;
    let base = source(TEN_THOUSAND_PER_S, "Constant(per_second: 10.0)", send, "All", FAST);
    assert_eq!(diagnostics(&base), Vec::<String>::new());
    let threads = base.replace("io_threads: 1", "io_threads: 0");
    assert_eq!(
        diagnostics(&threads),
        [format!("s.ron:{}: broker.io_threads: must be at least 1", common::at_after(&threads, "io_threads: ", "0"))]
    );
    let empty = base.replace("max_messages: 20", "max_messages: 0");
    assert_eq!(
        diagnostics(&empty),
        [format!(
            "s.ron:{}: producers[p].send.max_messages: must be at least 1",
            common::at_after(&empty, "max_messages: ", "0")
        )]
    );
    let queue = base.replace("io_threads: 1", "io_threads: 1, queued_max_requests: 0");
    assert_eq!(
        diagnostics(&queue),
        [format!(
            "s.ron:{}: broker.queued_max_requests: must be at least 1",
            common::at_after(&queue, "queued_max_requests: ", "0")
        )]
    );
    let blocking = base.replace("capacity: 1000000", "capacity: 1000, overflow: BlockProducer");
    let found = diagnostics(&blocking);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(&format!(
            "s.ron:{}: producers[p].send: send batching and a broker cost do not go with a BlockProducer topic",
            common::at_after(&blocking, "send: ", "Some")
        )),
        "{found:?}"
    );
}
