//! Consumer batches and the broker's fetch requests (issue 18). Every number is hand
//! arithmetic written beside its assertion; the arrivals and costs are constants, so the
//! runs are exact and the seed does not matter (seed 1 throughout).

mod common;

use common::{diagnostics, scenario, secs};
use faultline::engine::Simulation;
use faultline::engine::status::{BatchStatus, GroupStatus};

fn run(src: &str) -> Simulation {
    Simulation::new(&scenario(src)).expect("builds")
}

/// One topic, one producer at `rate` (Constant: its first event one gap after time 0), one group of one
/// instance whose handler takes `work`, with `batch`; `extra` goes into the group.
fn source(rate: &str, work: &str, batch: &str, extra: &str) -> String {
    format!(
        r#"Scenario(name: "b", seed: 1, duration: "60s",
    topics: [Topic(name: "t", capacity: 1000000), Topic(name: "dlq")],
    producers: [Producer(name: "p", topic: "t", rate: {rate})],
    consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: {work}),
        batch: {batch}{extra})])"#
    )
}

fn group(sim: &Simulation) -> GroupStatus {
    sim.status().groups[0].clone()
}

fn batches(sim: &Simulation) -> BatchStatus {
    group(sim).batch.expect("a group with batches reports them")
}

/// B = 10 ms per batch, S = 1 ms per message, N = 10, offered 1 000 msg/s (more than it
/// can take, so a backlog keeps every batch full): one instance handles N / (B + N·S) =
/// 10 / 20 ms = 500 msg/s. Exactly: the first batch (at 1 ms) finds the first event alone
/// and ends at 12 ms; batch j ≥ 2 ends at 12 + 20 (j − 1) ms, so by 10.001 s 499 full
/// batches followed it: 1 + 4 990 = 4 991 processed, in 500 acknowledged batches, and the
/// 501st polled at 9.992 s, its batch cost running until 10.002 s (501 / 10.001 batches
/// per second). Without batching (N = 1, the
/// batch cost paid per message) it is 1 / (10 + 1) ms = 90.9 msg/s: message k (from 0)
/// ends at 1 + 11 (k + 1) ms, so 909 by 10.001 s.
#[test]
fn a_full_batch_of_n_handles_n_over_b_plus_n_s_messages_per_second() {
    let batch = r#"Some(ConsumeBatch(max_messages: 10, per_batch: Constant("10ms")))"#;
    let src = source("Constant(per_second: 1000.0)", r#"Constant("1ms")"#, batch, "");
    let mut sim = run(&src);
    sim.step_until(secs(10.001));
    assert_eq!(group(&sim).processed, 4_991);
    let b = batches(&sim);
    assert_eq!((b.batches, b.messages, b.commits), (501, 5_001, 500), "{b:?}");
    assert!((b.per_second - 501.0 / 10.001).abs() < 1e-9, "{b:?}");

    let mut one = run(&src.replace("max_messages: 10", "max_messages: 1"));
    one.step_until(secs(10.001));
    assert_eq!(group(&one).processed, 909);
    assert_eq!(batches(&one).commits, 909);
    assert!(sim.conservation_holds() && one.conservation_holds());
}

/// Latency counts the wait for the batch. One event each 100 ms never fills a batch of
/// 10: it waits `max_wait` (50 ms), then the batch cost (10 ms) and its own work (1 ms):
/// every latency is 61 ms, each batch holds one message and is acknowledged once; by
/// 10.1 s the 100 events of 0.1..10 s are done (the 101st, at 10.1 s, is waiting).
/// One event each 10 ms into batches of 5 (max_wait 1 s, no batch cost): the batch goes
/// with its fifth message, 40 ms after the first; message k (0..4) ends at 40 + (k + 1) ms
/// after the first arrived and waited 10 k ms less: 41, 32, 23, 14, 5 ms, mean 23 ms (the
/// next batch's first message arrives 5 ms after this one ended). By 1.0055 s the 100
/// events of 0.01..1 s are done, in 20 batches.
#[test]
fn latency_includes_the_wait_for_the_batch() {
    let batch = r#"Some(ConsumeBatch(max_messages: 10, max_wait: "50ms", per_batch: Constant("10ms")))"#;
    let mut sim = run(&source("Constant(per_second: 10.0)", r#"Constant("1ms")"#, batch, ""));
    sim.step_until(secs(10.1));
    let g = group(&sim);
    assert_eq!(g.processed, 100);
    assert!((g.latency.mean - 61.0).abs() < 0.05 && (g.latency.max - 61.0).abs() < 0.05, "{:?}", g.latency);
    let b = batches(&sim);
    assert_eq!((b.batches, b.commits, b.mean_size), (100, 100, 1.0), "{b:?}");

    let batch = r#"Some(ConsumeBatch(max_messages: 5, max_wait: "1s"))"#;
    let mut sim = run(&source("Constant(per_second: 100.0)", r#"Constant("1ms")"#, batch, ""));
    sim.step_until(secs(1.0055));
    let g = group(&sim);
    assert_eq!(g.processed, 100);
    assert!((g.latency.mean - 23.0).abs() < 0.05, "{:?}", g.latency);
    let b = batches(&sim);
    assert_eq!((b.batches, b.commits, b.mean_size), (20, 20, 5.0), "{b:?}");
}

/// A poison message third in its batch, as Spring Kafka's DefaultErrorHandler treats a
/// batch listener's BatchListenerFailedException: the two records before it are committed,
/// it is retried (max_attempts 3, 100 ms apart) as the head of the next batch, then
/// dead-lettered, and only then are the records after it handled.
/// Events every 10 ms from 10 ms; the Poison window [25 ms, 35 ms) poisons the one at
/// 30 ms. Batch 1 (taken at 50 ms, events 10..50 ms): 10 and 20 processed at 51 and 52 ms,
/// the poison fails at 53 ms. Prefetch is the batch size (5): the poison, 40, 50, 60, 70
/// wait. Batch 2 at 153 ms (the back-off over): the poison fails again at 154 ms. Batch 3
/// at 254 ms: its third failure at 255 ms dead-letters it. Batch 4 (40..80 ms) at 255 ms:
/// processed at 256..260 ms, when batch 5 is polled from the backlog. So at 210 ms: 2
/// processed, 2 failures, 2 retries, 2 batches and 1 commit; at 255.5 ms: 3 failures, 1
/// dead letter, 4 batches, 3 commits, still 2 processed; at 260.5 ms: 7 processed, 5
/// batches, 4 commits; attempts 2 + 3 + 5 + the first of batch 5.
#[test]
fn a_poison_record_commits_those_before_it_and_holds_back_those_after_it() {
    let src = r#"Scenario(name: "b", seed: 1, duration: "60s",
    topics: [Topic(name: "t", capacity: 1000000), Topic(name: "dlq")],
    producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 100.0))],
    consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Constant("1ms")),
        batch: Some(ConsumeBatch(max_messages: 5, max_wait: "1s")),
        retry: Retry(max_attempts: 3, backoff: Constant("100ms"), retry_fatal: true),
        on_exhausted: DeadLetter("dlq"))],
    faults: [Fault(at: "25ms", duration: "10ms", target: "p", kind: Poison(fraction: 1.0))])"#;
    let mut sim = run(src);
    let at = |sim: &mut Simulation, ms: f64| {
        sim.step_until(secs(ms / 1000.0));
        let g = group(sim);
        let b = g.batch.expect("batches");
        (g.processed, g.poison_failures, sim.ledger().dead_lettered, b.batches, b.commits)
    };
    assert_eq!(at(&mut sim, 210.0), (2, 2, 0, 2, 1));
    assert_eq!(group(&sim).policy.retries, 2);
    assert_eq!(at(&mut sim, 255.5), (2, 3, 1, 4, 3));
    assert_eq!(at(&mut sim, 260.5), (7, 3, 1, 5, 4));
    assert_eq!(group(&sim).attempts, 2 + 3 + 5 + 1);
    assert!(sim.conservation_holds());
}

/// The broker charges each batch's fetch. One node, one I/O thread, 1 ms per request and
/// 0.1 ms per message. At 10 s the producer sends 1 000 events in one produce request
/// (1 + 1 000 × 0.1 = 101 ms): they land at 10.101 s. Batches of 10 (max_wait 1 ms, so
/// the landing fills them) then cycle: a fetch of 1 + 10 × 0.1 = 2 ms, then 10 × 1 ms of
/// work, 12 ms per batch, 833 msg/s where the handler alone would do 1 000. By 10.701 s:
/// 50 batches done, 500 processed, 50 fetches served (the 51st is in service), the node
/// busy 101 + 50 × 2 = 201 ms and its requests carried 1 000 + 500 messages.
/// Batches of 1 cost the node 1.1 ms per message instead of 0.2: message j ends at
/// 101 + 2.1 (j + 1) ms after 10 s, so 285 are processed by 10.701 s; fetch j is served at
/// 101 + 2.1 j + 1.1 ms, so 286 were, and the node was busy 101 + 286 × 1.1 = 415.6 ms.
#[test]
fn each_batch_is_one_fetch_request_at_the_partition_leader() {
    let src = |max_messages: u32| {
        format!(
            r#"Scenario(name: "f", seed: 1, duration: "60s",
    broker: Broker(io_threads: 1, request_cost: Constant("1ms"), message_cost: Constant("100us"),
        queued_max_requests: 1000000),
    topics: [Topic(name: "t", capacity: 1000000)],
    producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 0.1), batch: Fixed(1000),
        send: Some(SendBatch(max_messages: 1000)))],
    consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Constant("1ms")),
        batch: Some(ConsumeBatch(max_messages: {max_messages}, max_wait: "1ms")))])"#
        )
    };
    let node = |sim: &Simulation| sim.status().brokers[0].load.clone().expect("a broker with a cost");
    let mut sim = run(&src(10));
    sim.step_until(secs(10.701));
    assert_eq!(group(&sim).processed, 500);
    let load = node(&sim);
    assert_eq!((load.requests, load.fetches, load.messages, load.refused), (51, 50, 1_500, 0), "{load:?}");
    assert!((load.utilisation * 10.701 - 0.201).abs() < 1e-9, "{load:?}");

    let mut one = run(&src(1));
    one.step_until(secs(10.701));
    assert_eq!(group(&one).processed, 285);
    let load = node(&one);
    assert_eq!((load.fetches, load.messages), (286, 1_000 + 286), "{load:?}");
    assert!((load.utilisation * 10.701 - 0.4156).abs() < 1e-9, "{load:?}");
    assert!(sim.conservation_holds() && one.conservation_holds());
}

/// A fetch refused by a full request queue loses nothing: the consumer sends it again
/// 100 ms later (Kafka's `retry.backoff.ms`) and its messages wait at the instance. One
/// I/O thread at 1 ms per request with room for one waiting request; producer `b` offers
/// 2 000 requests/s (acks None) to a node that serves 1 000, so the queue is full most of
/// the time and about half of `b`'s requests are refused and lost as "broker busy".
/// Every refusal at the node is then either one of `b`'s lost messages or a refused fetch,
/// and the ledger balances.
#[test]
fn a_refused_fetch_is_sent_again_after_the_back_off_and_loses_nothing() {
    let src = r#"Scenario(name: "f", seed: 1, duration: "60s",
    broker: Broker(io_threads: 1, request_cost: Constant("1ms"), queued_max_requests: 1),
    topics: [Topic(name: "t", capacity: 1000000)],
    producers: [Producer(name: "b", topic: "t", rate: Constant(per_second: 2000.0), acks: None)],
    consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Constant("100us")),
        batch: Some(ConsumeBatch(max_messages: 10, max_wait: "1ms")))])"#;
    let mut sim = run(src);
    sim.step_until(secs(2.0));
    let b = batches(&sim);
    let load = sim.status().brokers[0].load.clone().expect("a broker with a cost");
    let busy = sim.ledger().by_reason().get("broker busy").copied().unwrap_or(0);
    assert!(b.fetch_refusals > 0, "{b:?}");
    assert_eq!(load.refused, busy + b.fetch_refusals, "{load:?} {b:?}");
    assert!(sim.conservation_holds());
}

/// Located mistakes: an empty batch, and a batch with more than one worker.
#[test]
fn batch_mistakes_are_located() {
    let batch = r#"Some(ConsumeBatch(max_messages: 10))"#;
    let base = source("Constant(per_second: 10.0)", r#"Constant("1ms")"#, batch, "");
    assert_eq!(diagnostics(&base), Vec::<String>::new());
    let empty = base.replace("max_messages: 10", "max_messages: 0");
    assert_eq!(
        diagnostics(&empty),
        [format!(
            "s.ron:{}: consumers[g].batch.max_messages: must be at least 1",
            common::at_after(&empty, "max_messages: ", "0")
        )]
    );
    let parallel = base.replace("batch: Some", "concurrency: 4, batch: Some");
    assert_eq!(
        diagnostics(&parallel),
        [format!(
            "s.ron:{}: consumers[g].batch: a batch is handled on the instance's one poll thread, so it needs concurrency 1 (set concurrency: 1 and add instances for parallelism)",
            common::at_after(&parallel, "batch: ", "Some")
        )]
    );
}

/// Live changes: the batch itself is fixed while running (refused, with the reason), and
/// a commit interval changed live on a batched Partitioned group starts no auto-commit
/// timer (at "0s" such a timer would never let time move on): the group goes on
/// committing once per batch. 100 msg/s in batches of 5 from 0.05 s: 20 batches a second,
/// so at 2 s 39 batches are committed and the 40th is polled at 2 s exactly.
#[test]
fn the_batch_is_fixed_while_running_and_commits_stay_per_batch() {
    use faultline::engine::Command;
    let set = |path: &str, value: &str| Command::Set { path: path.into(), value: value.into() };
    let batch = r#"Some(ConsumeBatch(max_messages: 5, max_wait: "1s"))"#;
    let mut sim = run(&source("Constant(per_second: 100.0)", r#"Constant("1ms")"#, batch, ""));
    sim.step_until(secs(1.0));
    let refused = sim.apply(set("consumers.g.batch.max_messages", "10")).expect_err("refused");
    assert!(refused.to_string().contains("poll loops"), "{refused}");
    sim.apply(set("consumers.g.commit_interval", r#""0s""#)).expect("a valid change");
    sim.step_until(secs(2.0));
    let b = batches(&sim);
    assert_eq!((b.batches, b.commits), (40, 39), "{b:?}");
    assert!(sim.conservation_holds());
}
