//! Every publish the broker serves is charged, not only producers' (issue 18): the outbox
//! relay's polls, groups' emits, and each follower's fetch that replicates a partition.
//! Every number is hand arithmetic, written beside its assertion.

mod common;

use common::{scenario, secs};
use faultline::engine::Simulation;
use faultline::engine::status::NodeLoadStatus;

fn run(source: &str) -> Simulation {
    Simulation::new(&scenario(source)).expect("builds")
}

fn loads(sim: &Simulation) -> Vec<NodeLoadStatus> {
    sim.status().brokers.iter().map(|b| b.load.clone().expect("a broker with a cost reports its load")).collect()
}

/// Three nodes, replication 2, 0.1 ms per request on one I/O thread. Topic `t`'s only
/// partition is placed first (leader broker/1, follower broker/2), `t2`'s next (leader
/// broker/2, follower broker/3). One producer sends 1 000 events/s to `t` unbatched;
/// group `g` emits one event to `t2` per event, read by `g2`. Per second:
/// - broker/1: 1 000 produce requests → utilisation 1 000 × 0.1 ms = 0.1;
/// - broker/2: 1 000 fetches of `t` + 1 000 emit requests to `t2` → 0.2;
/// - broker/3: 1 000 fetches of `t2` → 0.1.
///
/// Over 10 s: events at 1 ms, 2 ms, …, 10 s, the last one's requests still in service at
/// 10 s, so 9 999 or 10 000 of each kind are served; the utilisations are within 0.0001.
/// (No consumer batches here: the groups fetch for free.)
#[test]
fn emits_and_follower_fetches_are_charged_where_they_are_served() {
    let mut sim = run(r#"Scenario(name: "charges", seed: 1, duration: "10s",
        broker: Broker(nodes: 3, replication: 2, io_threads: 1, request_cost: Constant("100us")),
        topics: [Topic(name: "t", capacity: 100000), Topic(name: "t2", capacity: 100000)],
        producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1000.0), acks: All)],
        consumers: [
            ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Constant("0s"), emits: [Emit(topic: "t2")])),
            ConsumerGroup(name: "g2", topic: "t2", handler: Handler(work: Constant("0s"))),
        ])"#);
    sim.step_until(secs(10.0));
    let l = loads(&sim);
    let near = |x: f64, want: f64| (x - want).abs() < 1e-4;
    assert!(near(l[0].utilisation, 0.1) && near(l[1].utilisation, 0.2) && near(l[2].utilisation, 0.1), "{l:?}");
    let within = |n: u64, want: u64| (want - 1..=want).contains(&n);
    assert!(within(l[0].requests, 10_000) && l[0].follower_fetches == 0, "{:?}", l[0]);
    assert!((19_998..=20_000).contains(&l[1].requests) && within(l[1].follower_fetches, 10_000), "{:?}", l[1]);
    assert!(within(l[2].requests, 10_000) && l[2].follower_fetches == l[2].requests, "{:?}", l[2]);
    // broker/1 and broker/3 get one request at a time: no wait. At broker/2 an event's
    // fetch of `t` and its emit to `t2` arrive at the same instant (the leader's answer is
    // the group's delivery), so one of each pair waits the other's 0.1 ms: a mean wait of
    // exactly 0.05 ms. Nothing is refused.
    assert!(l[0].wait_ms_mean == 0.0 && l[2].wait_ms_mean == 0.0, "{l:?}");
    assert!((l[1].wait_ms_mean - 0.05).abs() < 1e-9, "{:?}", l[1]);
    assert!(l.iter().all(|n| n.refused == 0), "{l:?}");
    assert!(sim.conservation_holds());
}

/// Two nodes, no replication, 2 ms per request on one I/O thread and room for 10 waiting:
/// broker/2 (leader of `t2`) serves 500 requests/s. The producer sends 1 000 events/s in
/// batches of 100 (one request at broker/1 each 100 ms, served in 2 ms), so the group
/// processes 100 events at once (no work) and emits 100 events to `t2` at the same
/// instant: broker/2 serves 1, queues 10 and refuses the other 89 ("broker busy"), then
/// has served all 11 within 22 ms, long before the next burst. Batches are full at 0.1 s,
/// 0.2 s, …, 0.9 s and reach the topic 2 ms later: by 1 s, 9 bursts, 9 × 11 = 99 emitted
/// and 9 × 89 = 801 refused, each lost and counted in the ledger as "broker busy".
#[test]
fn an_emit_refused_by_a_full_node_is_lost_and_counted() {
    let mut sim = run(r#"Scenario(name: "busy emits", seed: 1, duration: "10s",
        broker: Broker(nodes: 2, io_threads: 1, request_cost: Constant("2ms"), queued_max_requests: 10),
        topics: [Topic(name: "t", capacity: 100000), Topic(name: "t2", capacity: 100000)],
        producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1000.0),
            send: Some(SendBatch(max_messages: 100, linger: "1s")))],
        consumers: [
            ConsumerGroup(name: "g", topic: "t", concurrency: 100, prefetch: 100,
                handler: Handler(work: Constant("0s"), emits: [Emit(topic: "t2")])),
            ConsumerGroup(name: "g2", topic: "t2", handler: Handler(work: Constant("0s"))),
        ])"#);
    sim.step_until(secs(1.0));
    let status = sim.status();
    let g = &status.groups[0];
    assert_eq!((g.processed, g.emits.emitted, g.emits.refused), (900, 99, 801));
    assert_eq!(sim.ledger().by_reason().get("broker busy").copied(), Some(801));
    let l = loads(&sim);
    assert_eq!((l[0].requests, l[0].refused), (9, 0));
    assert_eq!((l[1].requests, l[1].refused), (99, 801));
    assert!(sim.conservation_holds());
}

/// The outbox relay's poll is one request of the events it publishes: events at 1 ms,
/// 2 ms, …; polls every 10 ms take the ~10 written since the last. At 0.1 ms per request
/// and 0.01 ms per message, 10 s are ~1 000 requests of ~10 000 events in all: busy
/// 1 000 × 0.1 ms + 10 000 × 0.01 ms = 0.2 s, utilisation 0.02 (±1 request of ±10
/// events at the edges). Nothing is lost, and the relay publishes what the producer made.
#[test]
fn the_outbox_relays_polls_are_requests_of_their_events() {
    let mut sim = run(r#"Scenario(name: "relay", seed: 1, duration: "10s",
        broker: Broker(io_threads: 1, request_cost: Constant("100us"), message_cost: Constant("10us")),
        topics: [Topic(name: "t", capacity: 100000)],
        producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1000.0), outbox: true,
            relay: OutboxRelay(poll_every: "10ms", batch: 1000))],
        consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Constant("0s")))])"#);
    sim.step_until(secs(10.0));
    let l = loads(&sim);
    assert!((998..=1_000).contains(&l[0].requests), "{:?}", l[0]);
    assert!((9_980..=10_000).contains(&l[0].messages), "{:?}", l[0]);
    assert!((l[0].utilisation - 0.02).abs() < 0.0002, "{:?}", l[0]);
    assert_eq!(sim.ledger().lost, 0);
    assert!(sim.ledger().processed >= 9_980, "{}", sim.ledger().processed);
    assert!(sim.conservation_holds());
}

/// A service's publish pays too: the setup of the emit test above, with the group calling
/// service `api` (answering at once) that publishes each call's event to `t2`. Each burst
/// of 100 calls publishes 100 events to broker/2 at one instant: 11 taken, 89 refused and
/// lost as "broker busy", and those 89 calls answered with a transient error (a failed
/// write answers 503), which the group, with one attempt, drops. By 1 s: 9 bursts, 99
/// published, 801 lost and 801 messages of `t` dropped.
#[test]
fn a_service_publish_refused_by_a_full_node_fails_its_call() {
    let mut sim = run(r#"Scenario(name: "busy publishes", seed: 1, duration: "10s",
        broker: Broker(nodes: 2, io_threads: 1, request_cost: Constant("2ms"), queued_max_requests: 10),
        services: [Service(name: "api", latency: Constant("0s"), publishes: ["t2"])],
        topics: [Topic(name: "t", capacity: 100000), Topic(name: "t2", capacity: 100000)],
        producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1000.0),
            send: Some(SendBatch(max_messages: 100, linger: "1s")))],
        consumers: [
            ConsumerGroup(name: "g", topic: "t", concurrency: 100, prefetch: 100,
                handler: Handler(work: Constant("0s"), calls: ["api"]),
                retry: Retry(max_attempts: 1), on_exhausted: Drop),
            ConsumerGroup(name: "g2", topic: "t2", handler: Handler(work: Constant("0s"))),
        ])"#);
    sim.step_until(secs(1.0));
    let status = sim.status();
    assert_eq!(status.services[0].published, 99);
    assert_eq!(status.services[0].errors_by_class.get("transient").copied(), Some(801));
    assert_eq!(sim.ledger().by_reason().get("broker busy").copied(), Some(801));
    assert_eq!(sim.ledger().dropped, 801);
    assert_eq!(loads(&sim)[1].refused, 801);
    assert!(sim.conservation_holds());
}
