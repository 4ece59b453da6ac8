//! Laws that hold for every scenario: conservation of messages at every instant, and
//! bit-identical results however a run is sliced, cloned or repeated.

mod common;

use common::{fingerprint, shipped};
use faultline::engine::{BreakerState, Command, DeadLetterStore, RedriveSelection, Simulation};
use faultline::scenario::*;
use faultline::time::{SimDuration, SimTime};
use proptest::prelude::*;

/// Each group's queueing station integrates the counts its group keeps: `status()` reads
/// every station's time averages, and reading one asserts (in debug builds, which is what
/// `cargo test` runs) that the arrivals and departures it saw add up to the deliveries its
/// ledger says are in the group and to the workers its instances have busy. A missed
/// arrival or departure would skew L, Lq and the utilisation silently. The deliveries held
/// are also counted where they are — in the topic plus held by the instances (`lag`) —
/// which must be the same number. (A release build has no integral check: there only the
/// counts below are compared.)
fn stations_agree_with_ledgers(sim: &Simulation) -> Result<(), String> {
    for g in sim.status().groups {
        let in_group = g.ledger.received - g.ledger.ended();
        let busy: u64 = g.instances.iter().map(|i| u64::from(i.busy)).sum();
        if (g.queueing.in_system, g.lag, g.queueing.busy_workers) != (in_group, in_group, busy) {
            return Err(format!("group {} at {}: lag {}, station counts {:?}", g.name, sim.now(), g.lag, g.queueing));
        }
    }
    Ok(())
}

#[test]
fn slicing_does_not_change_results() {
    let scenario = shipped("order-pipeline.ron");
    let mut whole = Simulation::new(&scenario).expect("builds");
    whole.run_to_end();

    let mut sliced = Simulation::new(&scenario).expect("builds");
    let end = sliced.end().0;
    for k in 1..=10_000u64 {
        sliced.step_until(SimTime(end / 10_000 * k));
    }
    sliced.run_to_end();
    assert_eq!(fingerprint(&whole), fingerprint(&sliced));

    // Irregular slices, and single events, too.
    let mut irregular = Simulation::new(&scenario).expect("builds");
    for _ in 0..5_000 {
        irregular.step_one();
    }
    let mut t = irregular.now().0;
    let mut step = 1u64;
    while t < end {
        t = (t + step).min(end);
        irregular.step_until(SimTime(t));
        step = step * 7 % 1_000_000_007 + 13_000_000;
    }
    assert_eq!(fingerprint(&whole), fingerprint(&irregular));
}

#[test]
fn a_clone_continues_exactly_like_the_original() {
    let scenario = shipped("order-pipeline.ron");
    let mut original = Simulation::new(&scenario).expect("builds");
    original.step_until(SimTime::from_secs_f64(123.456));
    let mut fork = original.clone();
    original.run_to_end();
    fork.run_to_end();
    assert_eq!(fingerprint(&original), fingerprint(&fork));
}

#[test]
fn same_seed_same_results_other_seed_other_results() {
    let scenario = shipped("mmc.ron");
    let run = |seed| {
        let mut s = scenario.clone();
        s.duration = SimDuration::from_secs(10);
        let mut sim = Simulation::with_seed(&s, seed).expect("builds");
        sim.run_to_end();
        fingerprint(&sim)
    };
    assert_eq!(run(1), run(1));
    assert_ne!(run(1), run(2));
}

/// Common random numbers: changing one service's latency leaves the producer's arrivals
/// (its own stream) exactly as they were.
#[test]
fn changing_one_component_keeps_the_others_draws() {
    let base = shipped("order-pipeline.ron");
    let mut changed = base.clone();
    changed.services[0].latency = Distribution::Constant(SimDuration::from_millis(5));
    let produced = |s: &Scenario| {
        let mut sim = Simulation::new(s).expect("builds");
        sim.step_until(SimTime::from_secs_f64(30.0));
        sim.ledger().produced
    };
    assert_eq!(produced(&base), produced(&changed));
}

/// Conservation checked after every single event of a busy scenario with retries,
/// timeouts, TTL, overflow and dead letters.
#[test]
fn conservation_holds_after_every_event() {
    let mut scenario = shipped("order-pipeline.ron");
    scenario.topics[0].capacity = 300;
    scenario.topics[0].ttl = Some(SimDuration::from_secs(2));
    scenario.services[0].errors = Errors { transient: 0.2, business: 0.05, fatal: 0.02 };
    let mut sim = Simulation::new(&scenario).expect("builds");
    for n in 0..200_000 {
        assert!(sim.step_one());
        assert!(sim.conservation_holds(), "broken at {}", sim.now());
        if n % 1000 == 0 {
            stations_agree_with_ledgers(&sim).unwrap_or_else(|e| panic!("{e}"));
        }
        // A warm-up ending mid-run: the stations start again from what is present.
        if n == 100_000 {
            sim.reset_statistics();
        }
    }
    assert!(sim.ledger().expired > 0 && sim.ledger().dead_lettered > 0);
    // The producer's outbox kept what the full topic refused: nothing lost.
    let status = sim.status();
    let outbox = status.producers[0].policy.outbox.as_ref().expect("the order pipeline has an outbox");
    assert!(outbox.stats.refusals > 0);
    assert_eq!(sim.ledger().lost, 0);
}

/// Conservation after every event under every kind of fault at once: consumer crashes
/// and partitions with a supervisor, stochastic instance, service and node failures,
/// unreplicated broker nodes (so messages are lost with them), offset commits that
/// redeliver duplicates, poison, and an autoscaler.
#[test]
fn conservation_holds_after_every_event_under_faults() {
    let mut scenario = shipped("order-pipeline.ron");
    scenario.topics[0].capacity = 300;
    scenario.topics[0].ttl = Some(SimDuration::from_secs(2));
    scenario.broker.replication = 1;
    scenario.broker.failures = Some(Failures {
        mtbf: Distribution::Exponential(SimDuration::from_secs(20)),
        mttr: Distribution::Exponential(SimDuration::from_secs(2)),
    });
    let group = &mut scenario.consumers[0];
    group.commit_interval = SimDuration::from_secs(1);
    group.failures = Some(Failures {
        mtbf: Distribution::Exponential(SimDuration::from_secs(15)),
        mttr: Distribution::Exponential(SimDuration::from_secs(3)),
    });
    scenario.faults = vec![
        fault(5, 20, "payments/1", FaultKind::Crash),
        fault(8, 10, "payments/2", FaultKind::Partition),
        fault(12, 4, "broker/2", FaultKind::Crash),
        fault(14, 6, "payments", FaultKind::Partition),
        fault(20, 5, "orders", FaultKind::Poison { fraction: 0.3 }),
        fault(22, 5, "checkout", FaultKind::Partition),
        fault(25, 3, "payment-gateway", FaultKind::Crash),
    ];
    let mut sim = Simulation::new(&scenario).expect("builds");
    step_checking_the_ledger(&mut sim, 200_000);
    let g = &sim.groups()[0].stats();
    assert!(sim.ledger().lost > 0 && g.redelivered > 0 && g.redelivered_duplicates > 0 && g.rebalances > 0);
}

/// A fault on `target` from `at` for `duration` seconds.
fn fault(at: u64, duration: u64, target: &str, kind: FaultKind) -> Fault {
    Fault { at: SimDuration::from_secs(at), duration: SimDuration::from_secs(duration), target: target.into(), kind }
}

/// Handles `events` events, checking conservation after each one and the stations against
/// the ledgers every 1000.
fn step_checking_the_ledger(sim: &mut Simulation, events: u32) {
    for n in 0..events {
        assert!(sim.step_one());
        assert!(sim.conservation_holds(), "broken at {}", sim.now());
        if n % 1000 == 0 {
            stations_agree_with_ledgers(sim).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// Conservation after every event in a group with a warm spare, one repairer and
/// common-cause shocks, under crash and partition faults and a supervisor: failed
/// instances' messages are orphaned and redelivered exactly as for any failure, spares
/// switching in join the group and rebalance it.
#[test]
fn conservation_holds_after_every_event_with_standby_crew_and_shocks() {
    let mut scenario = shipped("order-pipeline.ron");
    scenario.topics[0].capacity = 300;
    let group = &mut scenario.consumers[0];
    group.autoscale = None;
    group.instances = 4;
    group.commit_interval = SimDuration::from_secs(1);
    group.failures = Some(Failures {
        mtbf: Distribution::Exponential(SimDuration::from_secs(8)),
        mttr: Distribution::Exponential(SimDuration::from_secs(3)),
    });
    group.standby =
        Some(Standby { spares: 1, kind: StandbyKind::Warm(0.5), switch_over: SimDuration::from_millis(500) });
    group.repair_crew = Some(1);
    group.common_cause = Some(CommonCause { mtbf: Distribution::Exponential(SimDuration::from_secs(20)) });
    scenario.faults =
        vec![fault(5, 20, "payments/1", FaultKind::Crash), fault(8, 10, "payments/4", FaultKind::Partition)];
    let mut sim = Simulation::new(&scenario).expect("builds");
    step_checking_the_ledger(&mut sim, 200_000);
    let status = sim.status();
    let standby = status.groups[0].standby.as_ref().expect("a structure");
    assert!(standby.switch_overs > 0 && standby.shocks > 0 && standby.crew_waits > 0, "{standby:?}");
    assert!(sim.groups()[0].stats().redelivered > 0);
}

/// Conservation after every event with replication lag, acks Leader, min_insync 2 of 3 and
/// unclean election, under overlapping crashes and partitions of the broker nodes and their
/// stochastic failures: messages waiting for their copy are counted in the system until
/// they join the log, are lost with their leader or an unclean election, or go back to the
/// producer.
#[test]
fn conservation_holds_after_every_event_with_replication_lag_and_unclean_elections() {
    let mut scenario = shipped("order-pipeline.ron");
    scenario.broker = Broker {
        nodes: 3,
        replication: 3,
        failover_after: SimDuration::from_millis(700),
        failures: Some(Failures {
            mtbf: Distribution::Exponential(SimDuration::from_secs(6)),
            mttr: Distribution::Exponential(SimDuration::from_secs(2)),
        }),
        min_insync: 2,
        replication_lag: Distribution::Exponential(SimDuration::from_millis(30)),
        unclean_election: true,
        ..Broker::default()
    };
    scenario.producers[0].acks = Acks::Leader;
    scenario.faults = vec![
        fault(3, 6, "broker/1", FaultKind::Crash),
        fault(4, 4, "broker/2", FaultKind::Partition),
        fault(5, 3, "broker/3", FaultKind::Crash),
        fault(12, 5, "broker/2", FaultKind::Crash),
    ];
    let mut sim = Simulation::new(&scenario).expect("builds");
    step_checking_the_ledger(&mut sim, 200_000);
    let stats = sim.replication();
    assert!(stats.acked_lost > 0 && stats.unclean_elections > 0, "{stats:?}");
    assert!(stats.refused_not_enough_replicas > 0 || sim.scenario().producers[0].outbox, "{stats:?}");
}

/// Conservation after every event with broker request costs and send batching, under
/// crashes and partitions of the broker nodes and a producer cut off: messages in open
/// batches and in node queues are in the system until the topic decides on them, and the
/// refusals of a full node queue ("broker busy") go through the producer's retries.
#[test]
fn conservation_holds_after_every_event_with_broker_costs_and_send_batches() {
    let mut scenario = shipped("order-pipeline.ron");
    scenario.broker = Broker {
        nodes: 2,
        replication: 2,
        failover_after: SimDuration::from_millis(700),
        io_threads: 1,
        request_cost: Distribution::Exponential(SimDuration::from_millis(4)),
        message_cost: Distribution::Constant(SimDuration::from_nanos(300_000)),
        queued_max_requests: 5,
        ..Broker::default()
    };
    for topic in &mut scenario.topics {
        topic.overflow = Overflow::RejectNew;
    }
    for producer in &mut scenario.producers {
        // The outbox relay's publishes cost the broker nothing (not modelled): off.
        producer.outbox = false;
        producer.send = Some(SendBatch { max_messages: 4, linger: SimDuration::from_millis(20) });
    }
    let producer = scenario.producers[0].name.clone();
    scenario.faults = vec![
        fault(3, 6, "broker/1", FaultKind::Crash),
        fault(4, 4, "broker/2", FaultKind::Partition),
        fault(12, 3, &producer, FaultKind::Partition),
    ];
    let mut sim = Simulation::new(&scenario).expect("builds");
    step_checking_the_ledger(&mut sim, 200_000);
    let status = sim.status();
    let refused: u64 = status.brokers.iter().filter_map(|b| b.load.as_ref()).map(|l| l.refused).sum();
    let served: u64 = status.brokers.iter().filter_map(|b| b.load.as_ref()).map(|l| l.requests).sum();
    assert!(refused > 0 && served > 0, "{:?}", status.brokers);
}

/// Conservation after every event with consumer batches: batches are polled, fetched at
/// a broker with a cost (some fetches refused by a short request queue), paid for, cut
/// short by instance crashes and network partitions (their uncommitted records come back
/// as duplicates) and by poison messages (the batch stops at the failed record), and the
/// ledger balances throughout.
#[test]
fn conservation_holds_after_every_event_with_consumer_batches() {
    let mut scenario = shipped("order-pipeline.ron");
    scenario.broker = Broker {
        io_threads: 1,
        request_cost: Distribution::Exponential(SimDuration::from_nanos(400_000)),
        message_cost: Distribution::Constant(SimDuration::from_nanos(20_000)),
        queued_max_requests: 3,
        ..Broker::default()
    };
    for topic in &mut scenario.topics {
        topic.overflow = Overflow::RejectNew;
    }
    for producer in &mut scenario.producers {
        producer.outbox = false;
    }
    let group = &mut scenario.consumers[0];
    group.autoscale = None;
    group.instances = 3;
    group.concurrency = 1;
    group.batch = Some(ConsumeBatch {
        max_messages: 8,
        max_wait: SimDuration::from_millis(5),
        per_batch: Distribution::Exponential(SimDuration::from_millis(3)),
    });
    let name = group.name.clone();
    let producer = scenario.producers[0].name.clone();
    scenario.faults = vec![
        fault(1, 2, &format!("{name}/1"), FaultKind::Crash),
        fault(2, 2, &format!("{name}/2"), FaultKind::Partition),
        fault(0, 10, &producer, FaultKind::Poison { fraction: 0.2 }),
    ];
    let mut sim = Simulation::new(&scenario).expect("builds");
    step_checking_the_ledger(&mut sim, 25_000);
    let status = sim.status();
    let batch = status.groups[0].batch.expect("batches");
    assert!(batch.batches > 20 && batch.commits > 20 && batch.fetch_refusals > 0, "{batch:?}");
    assert!(status.groups[0].poison_failures > 0 && status.groups[0].duplicates_redelivered > 0, "{}", sim.now());
}

fn dist() -> impl Strategy<Value = Distribution> {
    prop_oneof![
        (0u64..50).prop_map(|ms| Distribution::Constant(SimDuration::from_millis(ms))),
        (1u64..50).prop_map(|ms| Distribution::Exponential(SimDuration::from_millis(ms))),
        (1u64..20, 1u64..400).prop_map(|(m, extra)| Distribution::LogNormal {
            median: SimDuration::from_millis(m),
            p99: SimDuration::from_millis(m + extra)
        }),
    ]
}

/// The resilience policies of a random scenario (each one possibly absent).
#[derive(Clone, Debug)]
struct Policies {
    breaker: Option<CircuitBreaker>,
    bulkhead: Option<(u32, u64)>,
    rate_limit: Option<(f64, u32, u8)>,
    strict_order: bool,
    outbox: Option<(u64, u32, u32, u64, u64)>,
    publish_attempts: u32,
    shedding: Option<(u64, u8, bool)>,
}

fn breaker() -> impl Strategy<Value = CircuitBreaker> {
    (any::<bool>(), 1u32..30, 1u32..30, 0.05f64..1.0, 1u64..300, 10u64..2000, 1u32..5, any::<bool>()).prop_map(
        |(time, size, min, rate, slow_ms, open_ms, probes, automatic)| CircuitBreaker {
            window: if time {
                Window::Time(SimDuration::from_secs(u64::from(size % 5 + 1)))
            } else {
                Window::Count(size)
            },
            minimum_calls: min,
            failure_rate: rate,
            slow_call_duration: SimDuration::from_millis(slow_ms),
            slow_call_rate: 1.0 - rate / 2.0,
            open_for: SimDuration::from_millis(open_ms),
            half_open_calls: probes,
            automatic_transition: automatic,
            ..CircuitBreaker::default()
        },
    )
}

fn policies() -> impl Strategy<Value = Policies> {
    (
        prop::option::of(breaker()),
        prop::option::of((1u32..8, 0u64..200)),
        prop::option::of((1.0f64..500.0, 1u32..50, 0u8..3)),
        any::<bool>(),
        prop::option::of((10u64..500, 1u32..20, 1u32..4, 100u64..3000, 1u64..200)),
        1u32..4,
        prop::option::of((0u64..100, 1u8..3, any::<bool>())),
    )
        .prop_map(|(breaker, bulkhead, rate_limit, strict_order, outbox, publish_attempts, shedding)| Policies {
            breaker,
            bulkhead,
            rate_limit,
            strict_order,
            outbox,
            publish_attempts,
            shedding,
        })
}

fn apply_policies(s: &mut Scenario, p: &Policies) {
    let g = &mut s.consumers[0];
    g.circuit_breaker = p.breaker.clone();
    g.bulkhead =
        p.bulkhead.map(|(max, wait_ms)| Bulkhead { max_concurrent: max, max_wait: SimDuration::from_millis(wait_ms) });
    g.rate_limit = p.rate_limit.map(|(per_second, burst, overflow)| RateLimit {
        per_second,
        burst,
        overflow: match overflow {
            0 => RateOverflow::Delay,
            1 if g.on_exhausted != OnExhausted::Drop => RateOverflow::DeadLetter,
            1 => RateOverflow::Delay,
            _ => RateOverflow::Drop,
        },
    });
    g.strict_order = p.strict_order;
    s.producers[0].publish_retry.max_attempts = p.publish_attempts;
    s.producers[0].publish_retry.buffer = 20;
    if let Some((poll_ms, batch, tries, failed_ms, capacity)) = p.outbox {
        s.producers[1].outbox = true;
        s.producers[1].relay = OutboxRelay {
            poll_every: SimDuration::from_millis(poll_ms),
            batch,
            max_tries: tries,
            retry_failed_after: SimDuration::from_millis(failed_ms),
            capacity,
        };
    }
    if let Some((backlog, below, reject)) = p.shedding {
        s.topics[0].shedding = vec![Shed {
            backlog_above: backlog,
            below_priority: below,
            action: if reject { ShedAction::Reject } else { ShedAction::Drop },
        }];
    }
}

prop_compose! {
    fn random_scenario()(
        partitions in 1u32..6,
        capacity in 1u64..400,
        overflow in prop_oneof![Just(Overflow::RejectNew), Just(Overflow::DropOldest), Just(Overflow::BlockProducer)],
        ttl_ms in prop::option::of(50u64..3000),
        rate in 1.0f64..800.0,
        poisson in any::<bool>(),
        keys in 1u32..50,
        instances in 1u32..4,
        concurrency in 1u32..8,
        prefetch in 1u32..16,
        competing in any::<bool>(),
        work in dist(),
        latency in dist(),
        service_capacity in prop::option::of(1u32..20),
        (transient, business, fatal) in (0.0f64..0.5, 0.0f64..0.2, 0.0f64..0.2),
        timeout_ms in prop::option::of(5u64..200),
        max_attempts in 1u32..5,
        exhausted in 0u8..3,
        dlq_capacity in 1u64..50,
        seed in any::<u64>(),
        policies in policies(),
        second_rate in 0.0f64..200.0,
    ) -> Scenario {
        let text = format!(r#"Scenario(name: "random", seed: {seed}, duration: "20s", sample_every: "500ms",
            services: [Service(name: "s")],
            topics: [Topic(name: "t"), Topic(name: "dlq")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1.0)),
                        Producer(name: "p2", topic: "t", rate: Poisson(per_second: {second_rate}), priority: 1)],
            consumers: [ConsumerGroup(name: "g", topic: "t")])"#);
        let mut s = match parse_str(&text, "random") { Ok(s) => s, Err(e) => panic!("{e}") };
        s.topics[0].partitions = partitions;
        s.topics[0].capacity = capacity;
        s.topics[0].overflow = overflow;
        s.topics[0].ttl = ttl_ms.map(SimDuration::from_millis);
        s.topics[1].capacity = dlq_capacity;
        s.producers[0].rate = if poisson { Arrivals::Poisson { per_second: rate } } else { Arrivals::Constant { per_second: rate } };
        s.producers[0].keys = Keys::Uniform { keys };
        let g = &mut s.consumers[0];
        g.instances = instances;
        g.concurrency = concurrency;
        g.prefetch = Some(prefetch);
        g.delivery = if competing { Delivery::Competing } else { Delivery::Partitioned };
        g.handler = Handler { work, calls: vec!["s".into()], timeout: timeout_ms.map(SimDuration::from_millis), emits: Vec::new(), ..Handler::default() };
        g.retry = Retry { max_attempts, backoff: Backoff::Exponential { initial: SimDuration::from_millis(10), multiplier: 2.0, max: SimDuration::from_secs(1) }, jitter: Jitter::Full, retry_fatal: max_attempts % 2 == 0, budget: None };
        // Order by partition in half the partitioned cases (keys is random too).
        g.ordering = if !competing && keys % 2 == 0 { OrderScope::Partition } else { OrderScope::Key };
        g.on_exhausted = match exhausted { 0 => OnExhausted::DeadLetter("dlq".into()), 1 => OnExhausted::Drop, _ => OnExhausted::Park };
        s.services[0].latency = latency;
        s.services[0].capacity = service_capacity;
        s.services[0].errors = Errors { transient, business, fatal };
        apply_policies(&mut s, &policies);
        s
    }
}

/// Faults and recovery settings laid over a random scenario.
#[derive(Clone, Debug)]
struct FaultPlan {
    faults: Vec<(u64, u64, u8, u8, f64)>,
    nodes: u32,
    replication: u32,
    durable: bool,
    supervised: bool,
    commit_ms: u64,
    idempotent: bool,
    stochastic: bool,
    autoscale: bool,
    /// Replication lag in ms (0: instant), the producer's acks (0 None, 1 Leader, 2 All),
    /// min_insync, unclean election.
    lag_ms: u64,
    acks: u8,
    min_insync: u32,
    unclean: bool,
    /// A broker request cost and producer send batching.
    requests: bool,
}

prop_compose! {
    fn fault_plan()(
        faults in prop::collection::vec((0u64..20_000, 0u64..8_000, 0u8..8, 0u8..5, 0.0f64..1.0), 0..6),
        nodes in 1u32..4,
        replication in 1u32..4,
        durable in any::<bool>(),
        supervised in any::<bool>(),
        commit_ms in prop_oneof![Just(0u64), Just(300), Just(5000)],
        idempotent in any::<bool>(),
        stochastic in any::<bool>(),
        autoscale in any::<bool>(),
        lag_ms in prop_oneof![Just(0u64), Just(40)],
        acks in 0u8..3,
        min_insync in 1u32..3,
        unclean in any::<bool>(),
        requests in any::<bool>(),
    ) -> FaultPlan {
        FaultPlan {
            faults, nodes, replication, durable, supervised, commit_ms, idempotent, stochastic, autoscale,
            lag_ms, acks, min_insync, unclean, requests,
        }
    }
}

/// Applies a plan: each fault's target is one of the scenario's components and its kind
/// one the target accepts.
fn with_faults(mut s: Scenario, plan: &FaultPlan) -> Scenario {
    let instances = s.consumers[0].instances;
    let replication = plan.replication.min(plan.nodes);
    s.broker = Broker {
        nodes: plan.nodes,
        replication,
        failover_after: SimDuration::from_millis(700),
        failures: None,
        min_insync: plan.min_insync.min(replication),
        replication_lag: Distribution::Exponential(SimDuration::from_millis(plan.lag_ms)),
        unclean_election: plan.unclean,
        ..Broker::default()
    };
    // Request costs and send batching (not with a BlockProducer topic, which validation
    // refuses): messages held in open batches and node queues count as in the system.
    if plan.requests && s.topics[0].overflow != Overflow::BlockProducer {
        s.broker.io_threads = 2;
        s.broker.request_cost = Distribution::Exponential(SimDuration::from_millis(3));
        s.broker.message_cost = Distribution::Constant(SimDuration::from_nanos(200_000));
        s.broker.queued_max_requests = 20;
        s.producers[0].send = Some(SendBatch { max_messages: 5, linger: SimDuration::from_millis(10) });
    }
    if plan.lag_ms == 0 {
        s.broker.replication_lag = Distribution::Constant(SimDuration::ZERO);
    }
    s.producers[0].acks = [Acks::None, Acks::Leader, Acks::All][plan.acks as usize % 3];
    if s.producers[0].acks == Acks::None && s.producers[0].outbox {
        s.producers[0].acks = Acks::Leader;
    }
    s.topics[0].durable = plan.durable;
    let ms = SimDuration::from_millis;
    let g = &mut s.consumers[0];
    g.session_timeout = Some(ms(900));
    g.rebalance_pause = ms(200);
    // Every assignor, eager and cooperative, tied to the plan (no new strategy, so the
    // stored regressions still shrink to the same cases).
    if g.delivery == Delivery::Partitioned {
        g.assignor = [Assignor::RoundRobin, Assignor::Range, Assignor::Sticky, Assignor::CooperativeSticky]
            [(plan.faults.len() + plan.nodes as usize) % 4];
    }
    g.commit_interval = ms(plan.commit_ms);
    g.idempotent = plan.idempotent;
    g.dedup_window = DedupWindow { max_ids: 50, max_age: ms(3000) };
    if plan.supervised {
        g.supervisor = Some(Supervisor { detect_after: ms(500), restart_after: ms(400), max_restart_after: ms(3000) });
    }
    if plan.autoscale {
        // Both policies and a start-up delay, tied to generated values to add no strategy.
        let policy = if plan.commit_ms.is_multiple_of(2) {
            ScalePolicy::Proportional
        } else {
            ScalePolicy::Step { up_above: 0.8, up_by: 2, down_below: 0.2, down_by: 1 }
        };
        let startup = if plan.durable { ms(700) } else { SimDuration::ZERO };
        g.autoscale = Some(Autoscale {
            min: 1,
            max: 5,
            target_backlog: 20,
            check_every: ms(1500),
            cooldown: ms(3000),
            policy,
            startup,
        });
    }
    if plan.idempotent {
        // Health checks too: ejecting where an autoscaler provisions again, restarting otherwise.
        let action = if plan.autoscale { HealthAction::Eject } else { HealthAction::Restart };
        g.health_check = Some(HealthCheck { interval: ms(300), failure_threshold: 2, action });
    }
    if plan.stochastic {
        let failures =
            Some(Failures { mtbf: Distribution::Exponential(ms(4000)), mttr: Distribution::Exponential(ms(800)) });
        g.failures = failures.clone();
        s.services[0].failures = failures.clone();
        s.broker.failures = failures;
    }
    for &(at, duration, target, kind, u) in &plan.faults {
        let (target, kinds): (String, &[u8]) = match target {
            0 => ("s".into(), &[0, 1, 2, 3]),
            1 => ("p".into(), &[0, 3, 4]),
            2 => ("g".into(), &[0, 1, 2, 3]),
            3 => ("g/1".into(), &[0, 1, 2, 3]),
            4 => (format!("g/{instances}"), &[0, 1, 2, 3]),
            5 => ("t".into(), &[4]),
            6 => ("broker/1".into(), &[0, 3]),
            _ => (format!("broker/{}", plan.nodes), &[0, 3]),
        };
        let kind = match kinds[kind as usize % kinds.len()] {
            0 => FaultKind::Crash,
            1 => FaultKind::Slow { factor: 1.001 + 9.0 * u },
            2 => FaultKind::ErrorRate(u),
            3 => FaultKind::Partition,
            _ => FaultKind::Poison { fraction: u },
        };
        s.faults.push(Fault { at: ms(at), duration: ms(duration), target, kind });
    }
    s
}

/// A live change at a random time: a forced breaker state, or a redrive of the dead
/// letters (from the dead-letter topic or the parking lot, whichever the group uses).
fn command(kind: u8, scenario: &Scenario) -> Option<Command> {
    let states = [
        BreakerState::Closed,
        BreakerState::Open,
        BreakerState::HalfOpen,
        BreakerState::Disabled,
        BreakerState::ForcedOpen,
        BreakerState::MetricsOnly,
    ];
    let g = &scenario.consumers[0];
    match kind {
        0..=5 if g.circuit_breaker.is_some() => {
            Some(Command::SetBreakerState { group: "g".into(), service: "s".into(), state: states[kind as usize] })
        }
        0..=5 => None,
        _ => {
            let from = match g.on_exhausted {
                OnExhausted::Park => DeadLetterStore::ParkingLot("g".into()),
                _ => DeadLetterStore::Topic("dlq".into()),
            };
            Some(Command::Redrive { from, select: RedriveSelection::All, loop_guard: kind % 4 })
        }
    }
}

/// Runs `sim` to the end, stopping at each `cuts` time (checking conservation) and applying
/// the commands at their times.
fn run_with(sim: &mut Simulation, cuts: &[u64], commands: &[(u64, Option<Command>)]) -> Result<(), TestCaseError> {
    let mut stops: Vec<(u64, Option<&Command>)> = cuts.iter().map(|c| (*c, None)).collect();
    stops.extend(commands.iter().map(|(t, c)| (*t, c.as_ref())));
    stops.sort_by_key(|(t, c)| (*t, c.is_some()));
    for (t, command) in stops {
        sim.step_until(SimTime(t));
        prop_assert!(sim.conservation_holds(), "at {}: {:?} in_system {}", sim.now(), sim.ledger(), sim.in_system());
        stations_agree_with_ledgers(sim).map_err(TestCaseError::fail)?;
        if let Some(command) = command {
            // A redrive of an empty store or a command the group cannot take is fine.
            let _ = sim.apply(command.clone());
            prop_assert!(
                sim.conservation_holds(),
                "after {command:?}: {:?} in_system {}",
                sim.ledger(),
                sim.in_system()
            );
        }
    }
    sim.run_to_end();
    prop_assert!(sim.conservation_holds());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The same laws with random faults: consumer crashes and partitions, service and
    /// producer faults, poison, broker node crashes and partitions with any replication,
    /// stochastic failures, offset commits, dedup windows and autoscaling. Conservation
    /// (and the duplicate-copy law) after every event of the first part of the run, at
    /// random cuts after that; and slicing still changes nothing.
    #[test]
    fn conservation_and_slicing_hold_under_random_faults(
        scenario in random_scenario(),
        plan in fault_plan(),
        cuts in prop::collection::vec(0u64..20_000_000_000, 1..40),
    ) {
        let scenario = with_faults(scenario, &plan);
        let mut sliced = Simulation::new(&scenario).expect("generated scenarios are valid");
        let end = sliced.end();
        for _ in 0..3_000 {
            if sliced.next_event_at().is_none_or(|t| t > end) || !sliced.step_one() { break; }
            prop_assert!(sliced.conservation_holds(), "at {}: {:?} in_system {}", sliced.now(), sliced.ledger(), sliced.in_system());
        }
        let mut cuts = cuts;
        cuts.sort_unstable();
        for cut in cuts {
            sliced.step_until(SimTime(cut).max(sliced.now()));
            prop_assert!(sliced.conservation_holds(), "at {}: {:?} in_system {}", sliced.now(), sliced.ledger(), sliced.in_system());
            stations_agree_with_ledgers(&sliced).map_err(TestCaseError::fail)?;
        }
        sliced.run_to_end();
        prop_assert!(sliced.conservation_holds());
        stations_agree_with_ledgers(&sliced).map_err(TestCaseError::fail)?;
        let mut whole = Simulation::new(&scenario).expect("valid");
        whole.run_to_end();
        prop_assert_eq!(fingerprint(&whole), fingerprint(&sliced));
    }

    /// produced = in_system + processed + dead_lettered + expired + dropped + lost, at
    /// random slice boundaries of random scenarios with random policies and live commands;
    /// and the sliced run equals the whole run.
    #[test]
    fn conservation_and_slicing_hold_for_random_scenarios(
        scenario in random_scenario(),
        cuts in prop::collection::vec(0u64..20_000_000_000, 1..40),
        commands in prop::collection::vec((0u64..20_000_000_000, 0u8..10), 0..4),
    ) {
        let commands: Vec<(u64, Option<Command>)> = commands.iter().map(|(t, k)| (*t, command(*k, &scenario))).collect();
        let mut sliced = Simulation::new(&scenario).expect("generated scenarios are valid");
        run_with(&mut sliced, &cuts, &commands)?;
        let mut whole = Simulation::new(&scenario).expect("valid");
        run_with(&mut whole, &[], &commands)?;
        prop_assert_eq!(fingerprint(&whole), fingerprint(&sliced));
    }
}
