//! Laws that hold for every scenario: conservation of messages at every instant, and
//! bit-identical results however a run is sliced, cloned or repeated.

mod common;

use common::shipped;
use faultline::engine::Simulation;
use faultline::report::RunReport;
use faultline::scenario::*;
use faultline::time::{SimDuration, SimTime};
use proptest::prelude::*;

/// Everything observable about a run except wall-clock fields.
fn fingerprint(sim: &Simulation) -> String {
    let mut report = RunReport::new(sim, 0.0);
    report.wall_seconds = 0.0;
    report.messages_per_wall_second = 0.0;
    let history = sim.history();
    let columns: Vec<Vec<u32>> =
        (0..history.specs().len()).map(|i| history.column(i).iter().map(|v| v.to_bits()).collect()).collect();
    format!(
        "{}\n{:?}\n{:?}\n{:?}\n{:?}",
        serde_json::to_string(&report).expect("report encodes"),
        history.times_s(),
        columns,
        sim.log().entries(),
        sim.status()
    )
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
    for _ in 0..200_000 {
        assert!(sim.step_one());
        assert!(sim.conservation_holds(), "broken at {}", sim.now());
    }
    assert!(sim.ledger().expired > 0 && sim.ledger().dead_lettered > 0);
    // The producer's outbox kept what the full topic refused: nothing lost.
    let outbox = sim.producers()[0].outbox.as_ref().expect("the order pipeline has an outbox");
    assert!(outbox.stats.refusals > 0);
    assert_eq!(sim.ledger().lost, 0);
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
    ) -> Scenario {
        let text = format!(r#"Scenario(name: "random", seed: {seed}, duration: "20s", sample_every: "500ms",
            services: [Service(name: "s")],
            topics: [Topic(name: "t"), Topic(name: "dlq")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1.0))],
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
        g.handler = Handler { work, calls: vec!["s".into()], timeout: timeout_ms.map(SimDuration::from_millis) };
        g.retry = Retry { max_attempts, backoff: Backoff::Exponential { initial: SimDuration::from_millis(10), multiplier: 2.0, max: SimDuration::from_secs(1) }, jitter: Jitter::Full };
        g.on_exhausted = match exhausted { 0 => OnExhausted::DeadLetter("dlq".into()), 1 => OnExhausted::Drop, _ => OnExhausted::Park };
        s.services[0].latency = latency;
        s.services[0].capacity = service_capacity;
        s.services[0].errors = Errors { transient, business, fatal };
        s
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// produced = in_system + processed + dead_lettered + expired + dropped + lost, at
    /// random slice boundaries of random scenarios; and the sliced run equals the whole run.
    #[test]
    fn conservation_and_slicing_hold_for_random_scenarios(
        scenario in random_scenario(),
        cuts in prop::collection::vec(0u64..20_000_000_000, 1..40),
    ) {
        let mut sliced = Simulation::new(&scenario).expect("generated scenarios are valid");
        let mut cuts = cuts;
        cuts.sort_unstable();
        for cut in cuts {
            sliced.step_until(SimTime(cut));
            prop_assert!(sliced.conservation_holds(), "at {}: {:?} in_system {}", sliced.now(), sliced.ledger(), sliced.in_system());
        }
        sliced.run_to_end();
        prop_assert!(sliced.conservation_holds());
        let mut whole = Simulation::new(&scenario).expect("valid");
        whole.run_to_end();
        prop_assert_eq!(fingerprint(&whole), fingerprint(&sliced));
    }
}
