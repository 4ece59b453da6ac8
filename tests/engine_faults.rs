//! Faults and recovery pinned at exact virtual times: detection, redelivery, rebalance,
//! supervisor restarts and crash-loop back-off, duplicates and idempotency, service
//! faults, poison messages, broker node loss and failover, the autoscaler, alerts,
//! incidents and service-level availability. Each test says how its numbers follow.

mod common;

use common::{secs, simulation};
use faultline::engine::fault::FaultError;
use faultline::engine::ids::PartitionId;
use faultline::engine::status::InstanceState;
use faultline::engine::{Command, CommandError, Reason, Simulation, Terminal};
use faultline::scenario::{FaultKind, TargetKind};
use faultline::time::SimDuration;

fn log_has(sim: &Simulation, at_s: f64, component: &str, text: &str) -> bool {
    sim.log().entries().iter().any(|e| e.at == secs(at_s) && e.component == component && e.text.contains(text))
}

fn log_times(sim: &Simulation, component: &str, text: &str) -> Vec<f64> {
    sim.log()
        .entries()
        .iter()
        .filter(|e| e.component == component && e.text.contains(text))
        .map(|e| e.at.as_secs_f64())
        .collect()
}

/// One partition, two instances: g/1 owns it, g/2 is idle (more members than
/// partitions). The handler never finishes (1 h of work) and prefetch is 3, so g/1 holds
/// messages 0, 1, 2 (arrivals at 0.1, 0.2, 0.3 s). It crashes at 10 s; the broker evicts
/// it at 10 + session_timeout 3 s = 13 s and redelivers the 3; the rebalance pauses the
/// group for 1 s, then g/2 owns the partition and fetches 0, 1, 2 first. Without a
/// supervisor g/1 stays down after the crash's cause is gone (15 s).
#[test]
fn crashed_consumer_is_detected_after_the_session_timeout_and_its_messages_redelivered() {
    let mut sim = simulation(
        r#"Scenario(name: "crash", duration: "60s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 2, prefetch: 3,
                handler: Handler(work: Constant("1h")), session_timeout: "3s", rebalance_pause: "1s")],
            faults: [Fault(at: "10s", duration: "5s", target: "g/1", kind: Crash)],
        )"#,
    );
    sim.step_until(secs(1.0));
    let g = &sim.status().groups[0];
    assert_eq!(g.instances[0].partitions, [0]);
    assert_eq!(g.instances[1].state, InstanceState::Idle);

    sim.step_until(secs(12.999));
    let inst = &sim.status().groups[0].instances[0];
    assert_eq!((inst.state, inst.member, inst.orphaned), (InstanceState::Down, true, 3));
    assert_eq!(sim.groups()[0].stats().redelivered, 0, "not detected yet");
    assert!(sim.conservation_holds());
    assert_eq!(sim.in_system(), sim.ledger().produced, "nothing lost: orphaned messages are in the system");

    sim.step_until(secs(13.0));
    assert!(log_has(
        &sim,
        13.0,
        "g/1",
        "evicted from the group (heartbeat lost: session timeout); 3 messages redelivered"
    ));
    let g = &sim.groups()[0];
    assert_eq!((g.stats().redelivered, g.stats().rebalances, sim.status().groups[0].rebalancing), (3, 1, true));

    sim.step_until(secs(13.999));
    assert!(sim.status().groups[0].instances[1].partitions.is_empty(), "paused");
    sim.step_until(secs(14.0));
    let instances = &sim.groups()[0].instances().raw;
    assert_eq!(instances[1].partitions, [PartitionId::new(0)]);
    let held: Vec<u64> = instances[1].buffer.iter().map(|m| m.id).collect();
    assert_eq!(held, [1, 2], "message 0 is being handled, 1 and 2 wait: redelivered first, in order");

    sim.run_to_end();
    assert_eq!(sim.status().groups[0].instances[0].state, InstanceState::Down);
    assert!(log_has(&sim, 15.0, "g/1", "nothing restarts the process (no supervisor)"));
    assert!(sim.conservation_holds());

    // An operator restarts it: it rejoins and the group rebalances.
    sim.apply(Command::RecoverNow { target: "g/1".into() }).expect("valid");
    let inst = &sim.status().groups[0].instances[0];
    assert!(inst.up && inst.member);
    assert_eq!(sim.groups()[0].stats().rebalances, 2);
    assert!(sim.conservation_holds());
}

fn supervised(crash_duration: &str) -> Simulation {
    simulation(&format!(
        r#"Scenario(name: "supervisor", duration: "120s",
            topics: [Topic(name: "t", partitions: 2)],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 2, handler: Handler(work: Constant("1ms")),
                supervisor: Some(Supervisor(detect_after: "3s", restart_after: "5s", max_restart_after: "40s")))],
            faults: [Fault(at: "10s", duration: "{crash_duration}", target: "g/1", kind: Crash)],
        )"#
    ))
}

/// The crash's cause is gone (2 s) before the first restart: detected at 10 + 3 = 13 s,
/// restarted at 13 + 5 = 18 s.
#[test]
fn supervisor_restarts_after_detect_after_plus_restart_after() {
    let mut sim = supervised("2s");
    sim.step_until(secs(17.999));
    let inst = &sim.status().groups[0].instances[0];
    assert_eq!((inst.state, inst.restart_at), (InstanceState::Restarting, Some(secs(18.0))));
    sim.step_until(secs(18.0));
    assert_eq!(sim.status().groups[0].instances[0].state, InstanceState::Up);
    assert!(log_has(&sim, 13.0, "g/1", "supervisor noticed it is down; restart in 5s"));
    assert!(log_has(&sim, 18.0, "g/1", "started (supervisor restart)"));
    // The session timeout defaults to the supervisor's detect_after: evicted at 13 s too.
    assert_eq!(log_times(&sim, "g/1", "evicted"), [13.0]);
    let incident = sim.incidents().iter().next().expect("the crash is an incident");
    let t = incident.timings();
    assert_eq!((incident.component.as_str(), incident.kind), ("g/1", "crash"));
    assert_eq!((t.detect_s, t.diagnose_s, t.recover_s, t.self_healing_s), (Some(3.0), None, Some(5.0), Some(8.0)));
    sim.run_to_end();
    assert!(sim.conservation_holds());
    assert_eq!(sim.in_system(), sim.ledger().produced - sim.ledger().processed);
}

/// The cause persists for 60 s (until 70 s): every restart crashes again and the delay
/// doubles from 5 s, capped at 40 s — attempts at 18, 28 (+10), 48 (+20), then 88 (+40):
/// the first after 70 s, which succeeds.
#[test]
fn crash_loop_back_off_doubles_up_to_the_cap() {
    let mut sim = supervised("60s");
    sim.run_to_end();
    assert_eq!(log_times(&sim, "g/1", "restarted and crashed again"), [18.0, 28.0, 48.0]);
    assert!(log_has(&sim, 18.0, "g/1", "CrashLoopBackOff); next restart in 10s"));
    assert!(log_has(&sim, 28.0, "g/1", "next restart in 20s"));
    assert!(log_has(&sim, 48.0, "g/1", "next restart in 40s"));
    assert_eq!(log_times(&sim, "g/1", "started (supervisor restart)"), [88.0]);
    let figures = sim.units().iter().find(|u| u.name() == "g/1").expect("unit").availability().figures(secs(120.0));
    assert_eq!(figures.failures, 1, "one outage, however many restarts failed");
    assert!((figures.down_seconds - 78.0).abs() < 1e-9);
    assert!(sim.conservation_holds());
}

/// After ten minutes up, the back-off starts over: crashes at 10 s and 30 s (1 s causes)
/// restart after 5 s and then 10 s (13 + 5 = 18; 33 + 10 = 43); a crash at 700 s, more
/// than 600 s after the start at 43 s, restarts after 5 s again (703 + 5 = 708).
#[test]
fn crash_loop_back_off_resets_after_ten_minutes_up() {
    let mut sim = simulation(
        r#"Scenario(name: "reset", duration: "720s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Constant("1ms")),
                supervisor: Some(Supervisor(detect_after: "3s", restart_after: "5s")))],
            faults: [
                Fault(at: "10s", duration: "1s", target: "g/1", kind: Crash),
                Fault(at: "30s", duration: "1s", target: "g/1", kind: Crash),
                Fault(at: "700s", duration: "1s", target: "g/1", kind: Crash),
            ],
        )"#,
    );
    sim.run_to_end();
    assert_eq!(log_times(&sim, "g/1", "started (supervisor restart)"), [18.0, 43.0, 708.0]);
}

/// Offset commits decide what a crash redelivers. One partition, messages every 100 ms,
/// handled in 1 ms. Commits happen at 5 s and 10 s; g/1 crashes at 12 s having processed
/// messages 100..=119 (arrived 10.0..11.9 s) since the last commit. They are redelivered
/// as duplicate copies and g/2 (idle until the rebalance at 15 + 1 s) processes them
/// again: 20 duplicates. Committing after every message ("0s") redelivers none; an
/// idempotent consumer acknowledges the 20 copies without processing them.
#[test]
fn uncommitted_offsets_are_redelivered_as_duplicates() {
    let run = |commit: &str, idempotent: bool| {
        let mut sim = simulation(&format!(
            r#"Scenario(name: "commits", duration: "30s",
                topics: [Topic(name: "t")],
                producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
                consumers: [ConsumerGroup(name: "g", topic: "t", instances: 2, handler: Handler(work: Constant("1ms")),
                    session_timeout: "3s", commit_interval: "{commit}", idempotent: {idempotent})],
                faults: [Fault(at: "12s", duration: "1h", target: "g/1", kind: Crash)],
            )"#
        ));
        sim.step_until(secs(12.0));
        assert_eq!(sim.status().groups[0].instances[0].orphaned, if commit == "0s" { 0 } else { 20 });
        sim.run_to_end();
        assert!(sim.conservation_holds());
        // Every message produced by 29.9 s is processed once in the ledger (the one of
        // 30.0 s is still being handled).
        assert_eq!((sim.ledger().produced, sim.ledger().processed), (300, 299));
        let s = &sim.groups()[0].stats();
        (s.redelivered, s.redelivered_duplicates, s.duplicates_processed, s.deduplicated)
    };
    assert_eq!(run("5s", false), (20, 20, 20, 0));
    assert_eq!(run("0s", false), (0, 0, 0, 0));
    assert_eq!(run("5s", true), (20, 20, 0, 20));
}

/// A duplicate the dedup window acknowledges unprocessed frees its prefetch slot at once,
/// so the instance fetches the next one at the same instant: a run of redelivered
/// duplicates drains back to back, not one per later event. A trace of 119 messages at
/// 0.1, 0.2, .., 11.9 s (ids 0..=118), then silence; 1 ms of work, prefetch 1 (the
/// default: concurrency 1). The commit at 10 s covers ids 0..=98 (message 99, arrived at
/// 10.0 s, is processed at 10.001 s); g/1 crashes at 12 s holding 20 processed but
/// uncommitted offsets (ids 99..=118). Evicted at 12 + 3 = 15 s, they are redelivered;
/// after the 1 s rebalance pause g/2 owns the partition at 16 s and skips all 20 then.
/// (Before the fix it skipped one, id 99, and with no publish left to wake it the other
/// 19 stayed in the topic to the end of the run.)
#[test]
fn an_idempotent_consumer_skips_a_run_of_redelivered_duplicates_at_once() {
    let trace: Vec<String> = (1..=119).map(|k| format!(r#"(at: "{}ms")"#, k * 100)).collect();
    let mut sim = simulation(&format!(
        r#"Scenario(name: "dedup-fetch", duration: "30s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Replay(trace: [{}]))],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 2, handler: Handler(work: Constant("1ms")),
                session_timeout: "3s", commit_interval: "5s", idempotent: true)],
            faults: [Fault(at: "12s", duration: "1h", target: "g/1", kind: Crash)],
        )"#,
        trace.join(", ")
    ));
    sim.step_until(secs(12.0));
    assert_eq!(sim.status().groups[0].instances[0].orphaned, 20);
    sim.step_until(secs(15.999));
    assert_eq!(sim.groups()[0].stats().deduplicated, 0, "g/2 reads only after the rebalance pause");
    sim.step_until(secs(16.0));
    let s = sim.groups()[0].stats();
    assert_eq!((s.redelivered_duplicates, s.deduplicated, s.duplicates_processed), (20, 20, 0));
    assert_eq!(sim.status().topics[0].backlog, 0, "no copy left waiting in the topic");
    sim.run_to_end();
    assert_eq!(sim.groups()[0].stats().deduplicated, 20);
    assert_eq!((sim.ledger().produced, sim.ledger().processed), (119, 119));
    assert!(sim.conservation_holds());
}

/// Competing consumers, round-robin: message k arrives at k/10 s and odd k go to g/1,
/// each handled for 1 s. At 10 s g/1 is cut off from the broker holding 91, 93, .., 99;
/// it still finishes them (10.1 .. 10.9 s) but cannot acknowledge them. Healed at 12 s,
/// within the 5 s heartbeat timeout, the acks go through: nothing is redelivered. Cut off
/// for 10 s, it is evicted at 15 s and the 5 processed messages are redelivered to g/2 —
/// 5 duplicates processed (RabbitMQ requeues unacknowledged messages of a lost connection).
#[test]
fn a_partitioned_consumer_causes_duplicates_only_once_evicted() {
    let run = |partition: &str, idempotent: bool| {
        let mut sim = simulation(&format!(
            r#"Scenario(name: "partition", duration: "30s",
                topics: [Topic(name: "t")],
                producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
                consumers: [ConsumerGroup(name: "g", topic: "t", instances: 2, concurrency: 10, prefetch: 10,
                    delivery: Competing, handler: Handler(work: Constant("1s")), session_timeout: "5s",
                    idempotent: {idempotent})],
                faults: [Fault(at: "10s", duration: "{partition}", target: "g/1", kind: Partition)],
            )"#
        ));
        sim.step_until(secs(11.0));
        let inst = &sim.status().groups[0].instances[0];
        assert_eq!((inst.state, inst.busy, inst.unconfirmed), (InstanceState::Partitioned, 0, 5));
        sim.run_to_end();
        assert!(sim.conservation_holds());
        let s = &sim.groups()[0].stats();
        (s.redelivered_duplicates, s.duplicates_processed, s.deduplicated)
    };
    assert_eq!(run("2s", false), (0, 0, 0));
    assert_eq!(run("10s", false), (5, 5, 0));
    assert_eq!(run("10s", true), (5, 0, 5));
}

/// A service down: calls fail fast ("connection refused") and the call in progress fails
/// at once. Latency 100 ms, one message every 100 ms, one attempt. The crash at 5.05 s
/// cuts short the call of the message of 5.0 s; the 10 messages of 5.1 .. 6.0 s are
/// refused; the service is back at 6.05 s. 11 dropped (retries exhausted); 1 s down.
#[test]
fn a_crashed_service_fails_calls_fast() {
    let mut sim = simulation(
        r#"Scenario(name: "svc", duration: "10s",
            services: [Service(name: "s", latency: Constant("100ms"))],
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 4, delivery: Competing,
                handler: Handler(work: Constant("0ms"), calls: ["s"]))],
            faults: [Fault(at: "5.05s", duration: "1s", target: "s", kind: Crash)],
        )"#,
    );
    sim.run_to_end();
    let service = &sim.status().services[0];
    assert_eq!((service.interrupted, service.unreachable), (1, 10));
    assert_eq!(sim.ledger().reasons_of(Terminal::Dropped).collect::<Vec<_>>(), [(Reason::RetriesExhausted, 11)]);
    let figures = sim.units()[0].availability().figures(sim.now());
    assert_eq!((figures.failures, figures.down_seconds), (1, 1.0));
    assert!(sim.conservation_holds());
}

/// Slow ×3 from 2 s to 4 s: calls started then take 300 ms instead of 100 ms. Calls
/// start with each arrival (every 100 ms, no handler work): the worst latency is 300 ms.
/// ErrorRate(1.0) from 6 s to 7 s: the 10 calls completing at 6.0 .. 6.9 s all fail
/// (the fault's start and end come before a completion at the same instant: they were
/// scheduled first), and with one attempt each message is dropped.
#[test]
fn slow_and_error_rate_faults_on_a_service() {
    let mut sim = simulation(
        r#"Scenario(name: "degraded", duration: "9s",
            services: [Service(name: "s", latency: Constant("100ms"))],
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 8, delivery: Competing,
                handler: Handler(work: Constant("0ms"), calls: ["s"]))],
            faults: [
                Fault(at: "2s", duration: "2s", target: "s", kind: Slow(factor: 3.0)),
                Fault(at: "6s", duration: "1s", target: "s", kind: ErrorRate(1.0)),
            ],
        )"#,
    );
    sim.step_until(secs(5.0));
    assert!((sim.latency().summary().max - 300.0).abs() <= 0.5, "{}", sim.latency().summary().max);
    sim.run_to_end();
    // Calls completing in [6.0, 7.0): those issued at 5.9 .. 6.8 s.
    assert_eq!(sim.status().services[0].errors_by_class["transient"], 10);
    assert_eq!(sim.ledger().by_reason()["retries exhausted"], 10);
    let kinds: Vec<&str> = sim.incidents().iter().map(|i| i.kind).collect();
    assert_eq!(kinds, ["slow", "error_rate"]);
    assert!(sim.conservation_holds());
}

/// Poison(1.0) on the topic from 1.95 s for 1 s: the 10 messages published at 2.0 .. 2.9 s
/// fail fatally when handled (no retry). With a dead-letter topic they are kept there;
/// without, they are dropped — with the reason either way, and no other message suffers:
/// of the 49 published by 4.9 s, the other 39 are processed (the one of 5.0 s is in flight).
#[test]
fn poison_messages_with_and_without_a_dead_letter_topic() {
    for (exhausted, dead_lettered, dropped) in [(r#"DeadLetter("dlq")"#, 10, 0), ("Drop", 0, 10)] {
        let mut sim = simulation(&format!(
            r#"Scenario(name: "poison", duration: "5s",
                topics: [Topic(name: "t"), Topic(name: "dlq")],
                producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
                consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Constant("1ms")),
                    retry: Retry(max_attempts: 5), on_exhausted: {exhausted})],
                faults: [Fault(at: "1.95s", duration: "1s", target: "t", kind: Poison(fraction: 1.0))],
            )"#
        ));
        sim.run_to_end();
        let l = sim.ledger();
        assert_eq!((l.dead_lettered, l.dropped, l.processed), (dead_lettered, dropped, 39), "{exhausted}");
        assert_eq!(l.by_reason()["fatal error"], 10);
        assert_eq!(sim.groups()[0].stats().poison_failures, 10);
        assert_eq!(sim.groups()[0].stats().retries, 0);
    }
}

fn broker_scenario(replication: u32, durable: bool) -> Simulation {
    simulation(&format!(
        r#"Scenario(name: "broker", duration: "30s",
            broker: Broker(nodes: 2, replication: {replication}, failover_after: "5s"),
            topics: [Topic(name: "t", partitions: 2, durable: {durable})],
            producers: [Producer(name: "p", topic: "t", rate: Steps([Step(at: "0s", per_second: 100.0), Step(at: "5s", per_second: 0.0)]))],
            faults: [Fault(at: "10s", duration: "10s", target: "broker/1", kind: Crash)],
        )"#
    ))
}

/// Two nodes, partition 0 led by broker/1 and partition 1 by broker/2; ~500 messages
/// published in the first 5 s, nobody consuming. broker/1 crashes at 10 s.
/// Replication 1: partition 0's messages are lost with the node (counted, with the
/// reason); the partition stays offline until the node returns at 20 s.
/// Replication 2, durable: nothing is lost; partition 0 is offline from 10 s until the
/// failover at 10 + 5 = 15 s moves its leadership to broker/2.
/// Replication 2, not durable: the messages lived in memory only — lost again.
#[test]
fn broker_node_loss_with_replication_one_and_two() {
    let mut r1 = broker_scenario(1, true);
    r1.step_until(secs(9.0));
    let on_node_1 = r1.status().topics[0].partition_backlog[0];
    assert!(on_node_1 > 150, "{on_node_1}");
    r1.run_to_end();
    assert_eq!(r1.ledger().lost, on_node_1);
    assert_eq!(r1.ledger().reasons_of(Terminal::Lost).collect::<Vec<_>>(), [(Reason::BrokerNodeLost, on_node_1)]);
    assert_eq!(r1.status().topics[0].partition_leaders, [Some(1), Some(2)], "back with the node at 20 s");
    assert!(r1.conservation_holds());

    let mut r2 = broker_scenario(2, true);
    r2.step_until(secs(10.0));
    assert_eq!(r2.status().topics[0].partition_leaders, [None, Some(2)]);
    r2.step_until(secs(14.999));
    assert_eq!(r2.status().topics[0].partition_leaders, [None, Some(2)]);
    r2.step_until(secs(15.0));
    assert_eq!(r2.status().topics[0].partition_leaders, [Some(2), Some(2)]);
    r2.run_to_end();
    assert_eq!(r2.ledger().lost, 0);
    assert_eq!(r2.in_system(), r2.ledger().produced);
    let incident = r2.incidents().iter().next().expect("node incident");
    assert_eq!((incident.timings().detect_s, incident.timings().self_healing_s), (Some(5.0), Some(5.0)));

    let mut transient = broker_scenario(2, false);
    transient.run_to_end();
    assert_eq!(
        transient.ledger().reasons_of(Terminal::Lost).collect::<Vec<_>>(),
        [(Reason::BrokerNodeLostNonDurable, on_node_1)]
    );
}

/// Publishing to an offline partition is Unreachable, and so is every publish of a
/// partitioned producer. One partition, one node, crashed from 0.95 s to 1.95 s (the 10
/// messages of 1.0 .. 1.9 s); the producer partitioned from 3.95 s to 4.95 s (4.0 .. 4.9 s);
/// the producer crashed from 6.95 s to 7.95 s (10 events never exist). Without publish
/// retries each unreachable publish is lost with the reason; with the default retries
/// (10 attempts, back-off up to 1 s) the producer rides out both one-second outages.
/// Either way the 9 messages published before the node crashed (0.1 .. 0.9 s, nobody
/// consuming) were on its only copy: lost with it.
#[test]
fn unreachable_publishes_are_retried_or_lost_with_a_reason() {
    let run = |publish_retry: &str| {
        let mut sim = simulation(&format!(
            r#"Scenario(name: "unreachable", duration: "10s",
                topics: [Topic(name: "t")],
                producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0){publish_retry})],
                faults: [
                    Fault(at: "0.95s", duration: "1s", target: "broker/1", kind: Crash),
                    Fault(at: "3.95s", duration: "1s", target: "p", kind: Partition),
                    Fault(at: "6.95s", duration: "1s", target: "p", kind: Crash),
                ],
            )"#
        ));
        sim.run_to_end();
        assert!(sim.conservation_holds());
        sim
    };
    let bare = run(", publish_retry: PublishRetry(max_attempts: 1)");
    assert_eq!(bare.ledger().by_reason()["broker unreachable"], 20);
    assert_eq!(bare.ledger().by_reason()["broker node lost (no other replica)"], 9);
    let p = &bare.status().producers[0];
    assert_eq!((p.unreachable, p.not_produced, bare.ledger().produced), (20, 10, 90));

    let retrying = run("");
    let lost: Vec<(&str, u64)> = retrying.ledger().by_reason().into_iter().collect();
    assert_eq!(lost, [("broker node lost (no other replica)", 9)]);
    assert!(retrying.status().producers[0].unreachable > 20, "retries met the outage too");
    assert_eq!(retrying.topics()[0].stats().published, 90, "every event reached the topic in the end");
}

/// Lag grows by exactly 100 per second (nothing completes), target 100 per instance,
/// checks every 10 s, cooldown 30 s, at most 50. At a check at t the lag is 100 t − 1 (the
/// arrival due at t comes after the check): 10 s → ⌈999/100⌉ = 10 instances; 20 s and
/// 30 s are within the cooldown; 40 s → 40; 50 s and 60 s cooldown; 70 s → 70, capped at
/// 50. Four partitions: after a rebalance, members beyond 4 sit idle.
#[test]
fn autoscaler_decides_at_check_instants_and_respects_the_cooldown() {
    let mut sim = simulation(
        r#"Scenario(name: "autoscale", duration: "80s",
            topics: [Topic(name: "t", partitions: 4, capacity: 1000000)],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 100.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 1, handler: Handler(work: Constant("1h")),
                autoscale: Some(Autoscale(min: 1, max: 50, target_backlog: 100, check_every: "10s", cooldown: "30s")))],
        )"#,
    );
    sim.step_until(secs(12.0));
    let g = &sim.status().groups[0];
    assert_eq!(g.instances_provisioned, 10);
    let idle = g.instances.iter().filter(|i| i.state == InstanceState::Idle).count();
    assert_eq!(idle, 6);
    sim.run_to_end();
    let decisions: Vec<(f64, u32, u32, u64)> =
        sim.groups()[0].scale_decisions().iter().map(|d| (d.at.as_secs_f64(), d.from, d.to, d.lag)).collect();
    assert_eq!(decisions, [(10.0, 1, 10, 999), (40.0, 10, 40, 3999), (70.0, 40, 50, 6999)]);
    assert_eq!(sim.status().groups[0].instances.len(), 50);
    assert!(sim.conservation_holds());
}

/// A ScaleGroup command counts instances as validation does (`limits::instances_counted`):
/// every group at the most it may hold, its autoscaler's max included. Nine groups
/// autoscaled to 10 000 and one to 9 000 count 99 000 (though each holds 1 instance), so
/// group `b` may be scaled to 1 000 (100 000 in all, the limit) but not to 1 001 — which
/// counting only the instances that exist (10 + 1 001) would have let through.
#[test]
fn scaling_by_command_counts_autoscaled_groups_at_their_max() {
    let autoscaled: Vec<String> = (0..10)
        .map(|i| {
            let max = if i < 9 { 10_000 } else { 9_000 };
            format!(
                r#"ConsumerGroup(name: "a{i}", topic: "t{i}", instances: 1, handler: Handler(work: Constant("1ms")),
                    autoscale: Some(Autoscale(min: 1, max: {max}, target_backlog: 100, check_every: "10s", cooldown: "30s")))"#
            )
        })
        .collect();
    let topics: Vec<String> = (0..10).map(|i| format!(r#"Topic(name: "t{i}")"#)).collect();
    let mut sim = simulation(&format!(
        r#"Scenario(name: "totals", duration: "1s",
            topics: [{}, Topic(name: "tb")],
            consumers: [{}, ConsumerGroup(name: "b", topic: "tb", handler: Handler(work: Constant("1ms")))],
        )"#,
        topics.join(", "),
        autoscaled.join(", ")
    ));
    let refused = sim.apply(Command::ScaleGroup { group: "b".into(), instances: 1_001 });
    assert_eq!(refused, Err(CommandError::TooManyInstances { instances: 1_001, counted: 1_001, elsewhere: 99_000 }));
    assert_eq!(
        refused.map_err(|e| e.to_string()),
        Err("invalid value: 1001 instances here and 99000 in the other groups is above faultline's limit of 100000 instances in all"
            .to_string())
    );
    sim.apply(Command::ScaleGroup { group: "b".into(), instances: 1_000 }).expect("exactly at the limit");
    assert_eq!(sim.status().groups[10].instances_provisioned, 1_000);
}

/// Scaling in hands unfinished work back: 3 instances holding 2 messages each (prefetch
/// 2, work 1 h) scaled to 1 by command: 4 messages redelivered, nothing lost.
#[test]
fn scaling_in_returns_unfinished_work() {
    let mut sim = simulation(
        r#"Scenario(name: "scale-in", duration: "10s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 3, prefetch: 2, delivery: Competing,
                handler: Handler(work: Constant("1h")))],
        )"#,
    );
    sim.step_until(secs(1.0));
    sim.apply(Command::ScaleGroup { group: "g".into(), instances: 1 }).expect("valid");
    let g = &sim.status().groups[0];
    assert_eq!(g.instances_provisioned, 1);
    assert_eq!(g.instances[2].state, InstanceState::Stopped);
    assert_eq!(g.redelivered, 4);
    assert!(sim.conservation_holds());
}

/// g/1 (the only instance) crashes at 10 s; an operator recovers it at 30 s. Lag grows
/// by 10 per second from 10 s: at the sample at t it is 10 (t − 10) − 1, above 50 first
/// at 16 s; with `for: 5s` the lag alert fires at exactly 21 s. The availability alert on
/// g/1 (below 0.5, for 0 s) fires at the first sample after the crash, 11 s: it names
/// g/1, so it both detects and diagnoses the incident. After the restart at 30 s and the
/// rebalance pause until 31 s the backlog drains, and the lag alert resolves at 32 s.
#[test]
fn alerts_fire_after_exactly_for_and_diagnose_incidents() {
    let mut sim = simulation(
        r#"Scenario(name: "alerts", duration: "40s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Constant("1ms")))],
            faults: [Fault(at: "10s", duration: "1s", target: "g/1", kind: Crash)],
            alerts: [
                Alert(name: "lag", when: ConsumerLag(group: "g", above: 50, for: "5s")),
                Alert(name: "g/1 down", when: Availability(component: "g/1", below: 0.5, for: "0s")),
            ],
        )"#,
    );
    sim.step_until(secs(30.0));
    sim.apply(Command::RecoverNow { target: "g/1".into() }).expect("valid");
    sim.run_to_end();
    let episodes = |k: usize| -> Vec<(f64, Option<f64>)> {
        sim.alerts()[k]
            .history()
            .iter()
            .map(|e| (e.fired_at.as_secs_f64(), e.resolved_at.map(|r| r.as_secs_f64())))
            .collect()
    };
    assert_eq!(episodes(0), [(21.0, Some(32.0))]);
    assert_eq!(episodes(1), [(11.0, Some(31.0))]);
    assert!(log_has(&sim, 21.0, "g", "alert `lag` firing"));
    let incident = sim.incidents().iter().next().expect("crash incident");
    assert_eq!(incident.diagnosed_by.as_deref(), Some("alert `g/1 down`"));
    let t = incident.timings();
    assert_eq!(
        (t.detect_s, t.diagnose_s, t.recover_s, t.self_healing_s),
        (Some(1.0), Some(0.0), Some(19.0), Some(20.0))
    );
    assert!(sim.conservation_holds());
}

/// Service-level availability: the only instance is down from 50 s to 60 s. The 9
/// intervals ending at 52 .. 60 s had messages waiting at both ends and none finished:
/// stalled, bad (the one ending at 51 s started with nothing waiting; the backlog drains
/// at 60 s within the 20 s latency objective). 91 of 100 intervals good: 0.91. With a
/// 95 % objective the budget is 5 intervals: 9/5 = 1.8 consumed.
#[test]
fn service_level_counts_intervals_that_met_the_objectives() {
    let mut sim = simulation(
        r#"Scenario(name: "slo", duration: "100s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Competing, handler: Handler(work: Constant("1ms")),
                objectives: Objectives(latency_p95: "20s", success: 0.99, target: 0.95))],
            faults: [Fault(at: "50s", duration: "1s", target: "g/1", kind: Crash)],
        )"#,
    );
    sim.step_until(secs(60.0));
    sim.apply(Command::RecoverNow { target: "g/1".into() }).expect("valid");
    sim.run_to_end();
    let level = sim.status().groups[0].service_level;
    assert_eq!((level.intervals, level.good_intervals), (100, 91));
    assert!((level.availability - 0.91).abs() < 1e-12);
    assert!((level.error_budget_consumed.expect("budget") - 1.8).abs() < 1e-9);
}

/// Observed availability converges to MTBF / (MTBF + MTTR) = 60 / 66 ≈ 0.9091 for a
/// service, a broker node and a consumer instance with exponential failures and repairs
/// over 20 virtual hours (~1,090 cycles each). For an alternating renewal process the
/// standard deviation of the observed availability is about
/// √(n·(σ²_up·(1−A)² + σ²_down·A²)) / (n·(MTBF+MTTR)) ≈ 0.35 percentage points here, so
/// the required 1 point is ~2.8σ; the seed is fixed, so the test is deterministic.
#[test]
fn observed_availability_converges_to_mtbf_over_mtbf_plus_mttr() {
    let mut sim = simulation(
        r#"Scenario(name: "availability", duration: "20h", sample_every: "1m", seed: 5,
            broker: Broker(nodes: 1, failures: Some(Failures(mtbf: Exponential("60s"), mttr: Exponential("6s")))),
            services: [Service(name: "s", failures: Some(Failures(mtbf: Exponential("60s"), mttr: Exponential("6s"))))],
            topics: [Topic(name: "t")],
            consumers: [ConsumerGroup(name: "g", topic: "t",
                failures: Some(Failures(mtbf: Exponential("60s"), mttr: Exponential("6s"))))],
        )"#,
    );
    sim.run_to_end();
    let analytic = 60.0 / 66.0;
    for name in ["s", "broker/1", "g/1"] {
        let unit = sim.units().iter().find(|u| u.name() == name).expect("unit");
        let f = unit.availability().figures(sim.now());
        assert!(f.failures > 1000, "{name}: {}", f.failures);
        assert!((f.analytic.expect("stochastic") - analytic).abs() < 1e-12);
        assert!((f.observed - analytic).abs() < 0.01, "{name}: observed {} vs {analytic}", f.observed);
        let (mtbf, mttr) = (f.mtbf_s.expect("failures"), f.mttr_s.expect("repairs"));
        assert!((mtbf - 60.0).abs() < 6.0 && (mttr - 6.0).abs() < 0.6, "{name}: {mtbf} {mttr}");
    }
}

/// Stochastic failures come from each component's own stream: adding failures to one
/// service leaves another's failure times exactly as they were.
#[test]
fn failure_streams_are_independent() {
    let source = |extra: &str| {
        format!(
            r#"Scenario(name: "streams", duration: "1h", sample_every: "1m",
                services: [
                    Service(name: "a", failures: Some(Failures(mtbf: Exponential("60s"), mttr: Exponential("6s")))),
                    Service(name: "b"{extra}),
                ],
                topics: [Topic(name: "t")],
            )"#
        )
    };
    let timeline = |src: &str| {
        let mut sim = simulation(src);
        sim.run_to_end();
        sim.units()[0].availability().timeline().iter().copied().collect::<Vec<_>>()
    };
    let with = source(r#", failures: Some(Failures(mtbf: Exponential("10s"), mttr: Exponential("1s")))"#);
    assert_eq!(timeline(&source("")), timeline(&with));
}

/// Commands inject and clear faults at the current virtual time.
#[test]
fn faults_by_command() {
    let mut sim = simulation(
        r#"Scenario(name: "commands", duration: "10s",
            services: [Service(name: "s", latency: Constant("10ms"))],
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 2, handler: Handler(calls: ["s"]))],
        )"#,
    );
    sim.step_until(secs(2.0));
    let slow = Command::InjectFault {
        target: "s".into(),
        kind: FaultKind::Slow { factor: 10.0 },
        duration: Some(SimDuration::from_secs(1)),
    };
    sim.apply(slow).expect("valid");
    assert_eq!(sim.status().services[0].slow_factor, 10.0);
    assert_eq!(sim.status().faults.len(), 1);
    sim.step_until(secs(3.0));
    assert_eq!(sim.status().services[0].slow_factor, 1.0);
    sim.apply(Command::InjectFault { target: "g".into(), kind: FaultKind::Crash, duration: None }).expect("valid");
    assert!(sim.status().groups[0].instances.iter().all(|i| i.state == InstanceState::Down));
    sim.apply(Command::RecoverNow { target: "g".into() }).expect("valid");
    assert!(sim.status().groups[0].instances.iter().all(|i| i.up));
    assert!(sim.status().faults.is_empty());
    // Refusals are typed (the matrix of scenario::fault_rules) and say what is accepted.
    let refusal = |sim: &mut Simulation, target: &str, kind: FaultKind| {
        sim.apply(Command::InjectFault { target: target.into(), kind, duration: None }).expect_err("refused")
    };
    assert_eq!(
        refusal(&mut sim, "t", FaultKind::Crash).to_string(),
        "invalid value: `t` is a topic and cannot have a crash fault (it accepts Poison)"
    );
    assert!(matches!(
        refusal(&mut sim, "t", FaultKind::Crash),
        CommandError::Fault(FaultError::NotApplicable { target: TargetKind::Topic, .. })
    ));
    assert_eq!(
        refusal(&mut sim, "g/7", FaultKind::Crash).to_string(),
        "invalid value: unknown fault target `g/7`; did you mean `g/1`? (targets are services, replicas `service/N`, producers, consumer groups, instances `group/N`, topics and broker nodes `broker/N`)"
    );
    assert_eq!(
        refusal(&mut sim, "s", FaultKind::Slow { factor: 0.5 }),
        CommandError::Fault(FaultError::SlowFactor(0.5))
    );
    assert_eq!(refusal(&mut sim, "s", FaultKind::ErrorRate(1.5)), CommandError::Fault(FaultError::Probability(1.5)));
    sim.run_to_end();
    assert!(sim.conservation_holds());
}

/// A shipped lesson run to its end, as written or with one of its questions (from 1).
fn run_shipped(name: &str, question: Option<usize>) -> Simulation {
    let plan = faultline::curriculum::plan(&common::shipped(name), question).expect("the lesson's questions apply");
    let mut sim = Simulation::new(&plan.scenario).expect("shipped scenarios build");
    sim.run_to_end();
    assert!(sim.conservation_holds(), "{name}");
    sim
}

/// The numbers `docs/faults.md` quotes for lesson 7: without a supervisor the crashed
/// instance stays down and the two survivors fall behind for good; with one (question 1),
/// the crash loop (restart at 30 s fails, the one at 50 s succeeds) ends and the backlog
/// drains.
#[test]
fn shipped_consumer_crash_scenarios() {
    let bare = run_shipped("07-consumer-crash.ron", None);
    let supervised = run_shipped("07-consumer-crash.ron", Some(1));
    let lag = |sim: &Simulation| sim.status().groups[0].lag;
    assert!(lag(&bare) > 10_000, "{}", lag(&bare));
    assert!(lag(&supervised) < 100, "{}", lag(&supervised));
    assert_eq!(log_times(&bare, "payments/1", "evicted"), [60.0], "Kafka's 45 s session timeout");
    assert_eq!(log_times(&supervised, "payments/1", "evicted"), [20.0]);
    assert_eq!(log_times(&supervised, "payments/1", "crashed again"), [30.0]);
    assert_eq!(log_times(&supervised, "payments/1", "started (supervisor restart)"), [50.0]);
    let level = |sim: &Simulation| sim.status().groups[0].service_level.availability;
    assert!(level(&supervised) > level(&bare) + 0.2);
    let t = supervised.incidents().iter().next().expect("incident").timings();
    assert_eq!((t.detect_s, t.diagnose_s, t.recover_s), (Some(5.0), Some(6.0), Some(24.0)));
    for sim in [&bare, &supervised] {
        let s = &sim.groups()[0].stats();
        assert!(s.duplicates_processed > 500, "processed but uncommitted offsets: {}", s.duplicates_processed);
    }
}

/// Lesson 8: replication 1 loses what waited on the node and whatever is published to
/// its partitions until it returns; replication 2 (question 1) loses nothing and heals in
/// failover_after.
#[test]
fn shipped_broker_loss_scenarios() {
    let r1 = run_shipped("08-broker-node-loss.ron", None);
    let r2 = run_shipped("08-broker-node-loss.ron", Some(1));
    let lost: Vec<(Reason, u64)> = r1.ledger().reasons_of(Terminal::Lost).collect();
    assert_eq!(lost.iter().map(|(r, _)| *r).collect::<Vec<_>>(), [Reason::BrokerUnreachable, Reason::BrokerNodeLost]);
    assert!(lost.iter().all(|(_, n)| *n > 500), "{lost:?}");
    assert_eq!(r2.ledger().lost, 0);
    let healing = |sim: &Simulation| sim.incidents().iter().next().and_then(|i| i.timings().self_healing_s);
    assert_eq!((healing(&r1), healing(&r2)), (Some(60.0), Some(5.0)));
}

/// Lesson 6: poison messages end in the dead-letter topic or (question 2) are dropped —
/// the same messages, with the same reason, and nothing else is affected; retried in place
/// by a partition-ordered consumer (question 1) they block their partitions.
#[test]
fn shipped_poison_scenarios() {
    let dlq = run_shipped("06-poison-messages.ron", None);
    let drop = run_shipped("06-poison-messages.ron", Some(2));
    let poisoned = dlq.ledger().dead_lettered;
    assert!(poisoned > 300);
    assert_eq!((drop.ledger().dropped, drop.ledger().dead_lettered), (poisoned, 0));
    assert_eq!(dlq.ledger().processed, drop.ledger().processed);
    assert_eq!(dlq.ledger().by_reason()["fatal error"], poisoned);
    assert_eq!(dlq.topics()[1].dead_letters().len() as u64, poisoned);
    assert_eq!(dlq.groups()[0].stats().retries, 0, "fatal errors are not retried");

    let stuck = run_shipped("06-poison-messages.ron", Some(1));
    let (l, stats) = (stuck.ledger(), &stuck.groups()[0].stats());
    // 9 retries per dead letter, plus those of at most one poison message per partition
    // (4) still being retried: strict order lets only one through per partition.
    assert!((9 * l.dead_lettered..=9 * (l.dead_lettered + 4)).contains(&stats.retries), "{}", stats.retries);
    assert!(l.produced - l.terminal() > 10_000, "the partitions stay blocked long after the poison stops");
    assert!(l.processed < dlq.ledger().processed / 5);
}

/// The scenario validator and the engine agree on which fault kinds each kind of target
/// accepts: a fault the validator lets through builds, and one it refuses the engine
/// refuses too (with its own message), so `faultline check` and a live command agree.
#[test]
fn validator_and_engine_agree_on_fault_targets() {
    let base = r#"Scenario(name: "matrix",
        broker: Broker(nodes: 2),
        services: [Service(name: "svc")],
        topics: [Topic(name: "topic")],
        producers: [Producer(name: "prod", topic: "topic", rate: Constant(per_second: 1.0))],
        consumers: [ConsumerGroup(name: "grp", topic: "topic", instances: 2)],
    )"#;
    let kinds = [
        FaultKind::Crash,
        FaultKind::Slow { factor: 2.0 },
        FaultKind::ErrorRate(0.5),
        FaultKind::Partition,
        FaultKind::Poison { fraction: 0.5 },
    ];
    let mut accepted = 0;
    for target in ["svc", "topic", "prod", "grp", "grp/2", "broker/2"] {
        for kind in kinds {
            let mut scenario = common::scenario(base);
            scenario.faults.push(faultline::scenario::Fault {
                at: SimDuration::from_secs(1),
                duration: SimDuration::from_secs(1),
                target: target.into(),
                kind,
            });
            let valid = faultline::scenario::validate(&scenario, "matrix").is_ok();
            let builds = Simulation::new(&scenario).is_ok();
            assert_eq!(valid, builds, "{target} {kind:?}");
            accepted += usize::from(valid);
        }
    }
    // Services, groups and instances take 4 kinds, producers 3, nodes 2, topics 1.
    assert_eq!(accepted, 4 * 3 + 3 + 2 + 1);
}

/// Redelivery puts older messages back at the head of a TTL'd partition; its expiry check
/// moves earlier instead of being doubled, so a hundred crash/recover cycles leave the
/// pending-event set as small as before (one timer per active thing).
#[test]
fn redelivery_does_not_multiply_expiry_checks() {
    let mut sim = simulation(
        r#"Scenario(name: "ttl-redelivery", duration: "400s",
            topics: [Topic(name: "t", partitions: 4, ttl: "30s")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 50.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 2, prefetch: 20,
                handler: Handler(work: Constant("500ms")), session_timeout: "1s")],
        )"#,
    );
    let baseline = {
        sim.step_until(secs(10.0));
        sim.pending_events()
    };
    for k in 0..100 {
        sim.step_until(secs(10.0 + 3.0 * f64::from(k)));
        let crash = Command::InjectFault { target: "g/1".into(), kind: FaultKind::Crash, duration: None };
        sim.apply(crash).expect("valid");
        sim.step_until(secs(10.5 + 3.0 * f64::from(k)));
        sim.apply(Command::RecoverNow { target: "g/1".into() }).expect("valid");
    }
    sim.run_to_end();
    assert!(sim.groups()[0].stats().redelivered > 1000, "{}", sim.groups()[0].stats().redelivered);
    assert!(sim.pending_events() <= baseline + 5, "{} pending, {baseline} before", sim.pending_events());
    assert!(sim.conservation_holds());
}

/// An availability alert may name an instance the autoscaler has not created yet (the
/// validator allows up to `max`): it reads as up until the instance exists, then tracks it.
#[test]
fn availability_alerts_on_instances_the_autoscaler_creates_later() {
    let mut sim = simulation(
        r#"Scenario(name: "later", duration: "60s",
            topics: [Topic(name: "t", capacity: 1000000)],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 100.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 1, handler: Handler(work: Constant("1h")),
                autoscale: Some(Autoscale(min: 1, max: 3, target_backlog: 100, check_every: "10s", cooldown: "0s")))],
            faults: [Fault(at: "30s", duration: "5s", target: "g/3", kind: Crash)],
            alerts: [Alert(name: "g/3 down", when: Availability(component: "g/3", below: 0.5, for: "0s"))],
        )"#,
    );
    assert!(faultline::scenario::validate(sim.scenario(), "later").is_ok());
    sim.step_until(secs(5.0));
    assert!(!sim.status().availability.iter().any(|a| a.component == "g/3"), "not observed before it exists");
    sim.run_to_end();
    let fired: Vec<f64> = sim.alerts()[0].history().iter().map(|e| e.fired_at.as_secs_f64()).collect();
    assert_eq!(fired, [31.0]);
    let g3 = sim.status().availability.into_iter().find(|a| a.component == "g/3").expect("observed once created");
    assert_eq!(g3.figures.failures, 1);
}

/// The availability of unit `name` at the end of the run.
fn observed(sim: &Simulation, name: &str) -> f64 {
    let unit = sim.units().iter().find(|u| u.name() == name).unwrap_or_else(|| panic!("no unit {name}"));
    unit.availability().figures(sim.now()).observed
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Cold standby with a 2 s switch-over, by hand: two instances, g/2 the spare; every
/// instance runs exactly 10 s active and is repaired in exactly 5 s. g/1 fails at 10 →
/// its slot is empty 10–12 while g/2 switches in; g/2 (a cold spare: its failure clock
/// starts when it takes over) fails at 22, g/1 (repaired at 15, a spare since) switches
/// in 22–24 and fails at 34; g/2 (repaired at 27) switches in 34–36; g/1 is repaired
/// at 39. Over 40 s: no slot serving 3 × 2 s = 6 s (share 0.15, all serving 0.85), g/1 down
/// 10–15 and 34–39 (0.75 up), g/2 down 22–27 (0.875); three switch-overs, three
/// failure incidents. Messages flow throughout and are conserved.
#[test]
fn a_cold_spare_takes_over_after_the_switch_over_time() {
    let mut sim = simulation(
        r#"Scenario(name: "standby", duration: "40s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 2,
                handler: Handler(work: Constant("10ms")),
                failures: Some(Failures(mtbf: Constant("10s"), mttr: Constant("5s"))),
                standby: Some(Standby(spares: 1, kind: Cold, switch_over: "2s")))],
        )"#,
    );
    sim.step_until(secs(5.0));
    let g = &sim.status().groups[0];
    assert_eq!((g.instances[0].state, g.instances[0].partitions.as_slice()), (InstanceState::Up, &[0][..]));
    assert_eq!((g.instances[1].state, g.instances[1].member), (InstanceState::Standby, false));
    assert_eq!(g.instances[1].busy + g.instances[1].buffered, 0, "a spare takes no traffic");
    sim.step_until(secs(11.0));
    assert_eq!(sim.status().groups[0].standby.as_ref().map(|s| s.serving), Some(0), "switching over");
    assert!(log_has(&sim, 10.0, "g/2", "standby spare switching in: takes the empty active slot in 2s"));
    sim.step_until(secs(12.5));
    let g = &sim.status().groups[0];
    assert_eq!((g.instances[1].member, g.standby.as_ref().map(|s| s.serving)), (true, Some(1)));
    sim.step_until(secs(16.0));
    assert_eq!(sim.status().groups[0].instances[0].state, InstanceState::Standby, "repaired: a spare again");
    sim.run_to_end();
    assert_eq!(log_times(&sim, "g/1", "switching in"), [22.0]);
    assert_eq!(log_times(&sim, "g/2", "switching in"), [10.0, 34.0]);
    let standby = sim.status().groups[0].standby.clone().expect("a standby group");
    assert_eq!((standby.active_slots, standby.spares, standby.switch_overs), (1, 1, 3));
    assert!(close(standby.all_serving_share, 0.85) && close(standby.serving_shares[0], 0.15), "{standby:?}");
    assert!(close(observed(&sim, "g/1"), 0.75) && close(observed(&sim, "g/2"), 0.875));
    let failures: Vec<(&str, f64)> = sim
        .incidents()
        .iter()
        .filter(|i| i.kind == "failure")
        .map(|i| (i.component.as_str(), i.at.as_secs_f64()))
        .collect();
    assert_eq!(failures, [("g/1", 10.0), ("g/2", 22.0), ("g/1", 34.0)]);
    assert!(sim.conservation_holds());
    assert!(sim.groups()[0].stats().processed > 300, "the slot served between switch-overs");
}

/// One repairer for two instances that fail together (both run exactly 10 s, repairs take
/// exactly 5 s): at 10 g/1 is repaired first (10–15) while g/2 waits, then g/2 (15–20);
/// g/1 fails again at 25 (repaired 25–30), g/2 at 30 (waits for g/1's repair to end at
/// the same instant, 30–35). Over 40 s: both serving 0–10, 20–25, 35–40 (20 s, 0.5), one
/// 15–20, 25–35 (15 s, 0.375), none 10–15 (5 s, 0.125); g/1 down 10 s (0.75), g/2 down
/// 10–20 and 30–35, waiting included (0.625). Two waits, 5 s and 0 s: mean 2.5 s.
#[test]
fn failed_instances_wait_for_a_limited_repair_crew() {
    let mut sim = simulation(
        r#"Scenario(name: "crew", duration: "40s",
            topics: [Topic(name: "t")],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 2, delivery: Competing,
                failures: Some(Failures(mtbf: Constant("10s"), mttr: Constant("5s"))),
                repair_crew: Some(1))],
        )"#,
    );
    sim.step_until(secs(12.0));
    let standby = sim.status().groups[0].standby.clone().expect("a crew");
    assert_eq!((standby.under_repair, standby.waiting_for_crew), (1, 1));
    assert!(log_has(&sim, 10.0, "g/2", "the repair crew is busy"));
    sim.run_to_end();
    let standby = sim.status().groups[0].standby.clone().expect("a crew");
    let shares = &standby.serving_shares;
    assert!(close(shares[0], 0.125) && close(shares[1], 0.375) && close(shares[2], 0.5), "{shares:?}");
    assert!(close(observed(&sim, "g/1"), 0.75) && close(observed(&sim, "g/2"), 0.625));
    assert_eq!(standby.crew_waits, 2);
    assert!(close(standby.crew_wait_s_mean.unwrap_or_default(), 2.5), "{standby:?}");
}

/// A common-cause shock at 25 s takes down all three instances (two active, the spare),
/// none of which would fail alone within the run; one repairer brings them back in 5 s
/// each, in instance order: g/1 at 30 (active), g/2 at 35 (active), g/3 at 40 (a spare
/// again). Over 45 s: no slot serving 25–30, one 30–35, both otherwise (35 of 45 s);
/// g/3 down 25–40 (30/45 up). Its waits were 5 s and 10 s.
#[test]
fn a_common_cause_shock_takes_every_instance_down_at_once() {
    let mut sim = simulation(
        r#"Scenario(name: "shock", duration: "45s",
            topics: [Topic(name: "t")],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 3, delivery: Competing,
                failures: Some(Failures(mtbf: Constant("1000s"), mttr: Constant("5s"))),
                standby: Some(Standby(spares: 1)), repair_crew: Some(1),
                common_cause: Some(CommonCause(mtbf: Constant("25s"))))],
        )"#,
    );
    sim.run_to_end();
    assert!(log_has(&sim, 25.0, "g", "common-cause shock: 3 instances down at once"));
    let g = &sim.status().groups[0];
    assert_eq!(
        g.instances.iter().map(|i| i.state).collect::<Vec<_>>(),
        [InstanceState::Up, InstanceState::Up, InstanceState::Standby]
    );
    let standby = g.standby.clone().expect("a structure");
    let shares = &standby.serving_shares;
    assert!(
        close(shares[0], 5.0 / 45.0) && close(shares[1], 5.0 / 45.0) && close(shares[2], 35.0 / 45.0),
        "{shares:?}"
    );
    assert_eq!((standby.shocks, standby.shock_failures, standby.crew_waits), (1, 3, 2));
    assert!(close(standby.crew_wait_s_mean.unwrap_or_default(), 7.5));
    assert!(close(observed(&sim, "g/3"), 30.0 / 45.0));
}
