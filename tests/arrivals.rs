//! Arrival processes beyond Poisson that are checked by counting rather than by theory:
//! trace replay (`Arrivals::Replay`) of the shipped `scenarios/traces/peak.csv`, and
//! producers' batches (their Mˣ/M/1 theory is in `engine_theory.rs`).

mod common;

use common::{model, simulation};
use faultline::engine::Simulation;
use faultline::scenario::{Arrivals, Scenario, load_file, parse_str, to_ron_string};
use faultline::time::{SimDuration, SimTime};
use std::path::PathBuf;

/// The orders per second of one pass of `peak.csv`, as its header states (and as a reader
/// can count in the file: the rows of second s all start with `s.`).
const PEAK_PER_SECOND: [u64; 10] = [3, 5, 8, 12, 20, 20, 12, 8, 5, 3];

fn replay_peak() -> Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/traces/replay-peak.ron");
    load_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// Events produced in each bucket of `width` up to `end`, stepping the run bucket by
/// bucket (no row of the trace lies on a bucket's edge, so edges decide nothing).
fn produced_per_bucket(sim: &mut Simulation, width: SimDuration, end: SimTime) -> Vec<u64> {
    let mut counts = Vec::new();
    let mut before = 0;
    let mut t = SimTime::ZERO;
    while t < end {
        t += width;
        sim.step_until(t);
        counts.push(sim.ledger().produced - before);
        before = sim.ledger().produced;
    }
    counts
}

fn processed(sim: &Simulation, group: &str) -> u64 {
    let report = serde_json::to_value(faultline::report::RunReport::new(sim, 0.0)).expect("the report encodes");
    report["groups"][group]["processed"].as_u64().unwrap_or_else(|| panic!("no groups.{group}.processed"))
}

/// Replaying the shipped peak three times (`repeat_every: "10s"`) reproduces its counts
/// exactly, second by second, and its event types: 16 of each pass's 96 orders are
/// cancelled (rows 5, 10, 15 and 20 of a second), so 48 reach `refunds` and 240
/// `fulfilment`.
#[test]
fn a_replayed_trace_reproduces_its_arrivals_second_by_second() {
    let mut sim = Simulation::new(&replay_peak()).expect("the shipped scenario builds");
    let counts = produced_per_bucket(&mut sim, SimDuration::from_secs(1), SimTime::from_secs_f64(30.0));
    let expected: Vec<u64> = PEAK_PER_SECOND.repeat(3);
    assert_eq!(counts, expected);
    assert_eq!(sim.ledger().produced, 288);
    assert_eq!(processed(&sim, "refunds"), 48);
    assert_eq!(processed(&sim, "fulfilment"), 240);
}

/// At `speed: 2.0` a second of the trace takes half a second, and played once the source
/// is silent after its last row (9.833 s / 2 = 4.92 s).
#[test]
fn a_trace_at_double_speed_played_once_is_halved_in_time_then_silent() {
    let mut scenario = replay_peak();
    let Arrivals::Replay { speed, repeat_every, .. } = &mut scenario.producers[0].rate else {
        panic!("the shipped scenario replays a trace")
    };
    *speed = 2.0;
    *repeat_every = None;
    let mut sim = Simulation::new(&scenario).expect("builds");
    let counts = produced_per_bucket(&mut sim, SimDuration::from_millis(500), SimTime::from_secs_f64(30.0));
    let mut expected = PEAK_PER_SECOND.to_vec();
    expected.resize(60, 0);
    assert_eq!(counts, expected);
}

/// Once loaded, the trace is in the scenario: a saved copy names no CSV, carries the rows,
/// and runs bit for bit as the file that read the CSV.
#[test]
fn a_saved_replay_carries_its_trace_and_runs_the_same() {
    let loaded = replay_peak();
    let text = to_ron_string(&loaded);
    assert!(!text.contains("peak.csv"), "the file name is dropped once read");
    assert!(text.contains(r#"TraceRow(at: "167ms", key: Some(0), event: Some("OrderPlaced"))"#), "{text}");
    let saved = parse_str(&text, "saved.ron").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved, loaded);
    let mut from_file = Simulation::new(&loaded).expect("builds");
    let mut from_saved = Simulation::new(&saved).expect("builds");
    from_file.run_to_end();
    from_saved.run_to_end();
    assert_eq!(model(&from_file), model(&from_saved));
}

/// A batch of 3 at each of the evenly spaced arrivals at 1 s, 2 s, ...: all three events of
/// a batch at the arrival's instant, none between, 15 in 5 s. A weighted batch's sizes
/// come from the producer's own stream `producer:NAME:batch`: 1 000 arrivals of size 1 or
/// 5, equally likely, make 3 000 events on average, with a standard deviation of
/// √1000 · 2 ≈ 63 (each size is 3 ± 2), so ±320 is over 5σ; its keys and arrival times
/// are drawn as without a batch.
#[test]
fn a_batch_creates_its_events_at_one_instant() {
    let source = |batch: &str| {
        format!(
            r#"Scenario(name: "batches", duration: "{{}}",
                topics: [Topic(name: "t")],
                producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1.0), batch: {batch})],
                consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Constant("1ms")))])"#
        )
    };
    let mut sim = simulation(&source("Fixed(3)").replace("{}", "5s"));
    let mut seen = Vec::new();
    for at_ms in [999, 1000, 1999, 2000, 5000] {
        sim.step_until(SimTime::from_secs_f64(f64::from(at_ms) / 1000.0));
        seen.push(sim.ledger().produced);
    }
    assert_eq!(seen, [0, 3, 3, 6, 15]);

    let weighted = source("Weighted([(size: 1), (size: 5)])").replace("{}", "1000s");
    let mut sim = simulation(&weighted);
    sim.run_to_end();
    let produced = sim.ledger().produced;
    assert!(produced.abs_diff(3_000) < 320, "{produced}");
    let mut single = simulation(&weighted.replace("batch: Weighted([(size: 1), (size: 5)])", "batch: Fixed(1)"));
    single.run_to_end();
    assert_eq!(single.ledger().produced, 1_000);
}

/// A client replays a trace too: its requests come at the rows' times, with the rows' event
/// types, which the storefront gives the events it publishes. Two rows at 100 ms (Placed
/// and Cancelled) and one at 250 ms (Placed): no request before 100 ms, two at it, three
/// by 250 ms; `placed` processes 2 events and `cancelled` 1.
#[test]
fn a_client_replays_a_trace_with_its_rows_event_types() {
    let mut sim = simulation(
        r#"Scenario(name: "client replay", duration: "1s", sample_every: "100ms",
            services: [Service(name: "storefront", latency: Constant("1ms"), publishes: ["orders"])],
            topics: [Topic(name: "orders")],
            clients: [Client(name: "shoppers", calls: ["storefront"],
                events: [EventType(name: "Placed"), EventType(name: "Cancelled")],
                rate: Replay(trace: [(at: "100ms", key: 7, event: "Placed"), (at: "100ms", event: "Cancelled"),
                                     (at: "250ms", event: "Placed")]))],
            consumers: [
                ConsumerGroup(name: "placed", topic: "orders", filter: Some(["Placed"])),
                ConsumerGroup(name: "cancelled", topic: "orders", filter: Some(["Cancelled"])),
            ])"#,
    );
    let requests = |sim: &Simulation| sim.run_status().clients[0].requests;
    sim.step_until(SimTime::from_secs_f64(0.099));
    assert_eq!(requests(&sim), 0);
    sim.step_until(SimTime::from_secs_f64(0.1));
    assert_eq!(requests(&sim), 2, "two rows at the same instant");
    sim.run_to_end();
    assert_eq!(requests(&sim), 3);
    assert_eq!((processed(&sim, "placed"), processed(&sim, "cancelled")), (2, 1));
    assert!(sim.conservation_holds());
}

/// Random on/off (`Modulated`: 100/s for an exponential 1 s, silent for 1 s) drives a
/// producer and a client alike. The long-run rate is Σ πᵢλᵢ = ½·100 = 50/s, the mean rate
/// the status shows; over 2000 s each source sends about 100 000, with a standard
/// deviation of √Var N(2000 s) ≈ √(100 000 + 2500·1999.5) ≈ 2 260 (the count variance of
/// a 2-state MMPP, see `engine::sample`), so ±10 % is over 4σ. Each source's chain has
/// its own stream (`producer:NAME:modulation`, `client:NAME:modulation`), so the two
/// counts differ though the specs are the same; a second run is identical.
#[test]
fn random_on_off_arrivals_drive_a_producer_and_a_client() {
    let source = r#"Scenario(name: "on/off", duration: "2000s", sample_every: "10s", seed: 7,
        services: [Service(name: "api", latency: Constant("1ms"))],
        topics: [Topic(name: "t", capacity: 1000000)],
        producers: [Producer(name: "p", topic: "t",
            rate: Modulated(states: [(per_second: 100.0, mean_stay: "1s"), (per_second: 0.0, mean_stay: "1s")]))],
        clients: [Client(name: "c", calls: ["api"],
            rate: Modulated(states: [(per_second: 100.0, mean_stay: "1s"), (per_second: 0.0, mean_stay: "1s")]))],
    )"#;
    let counts = || {
        let mut sim = simulation(source);
        assert_eq!(sim.status().producers[0].mean_rate_per_second, 50.0);
        sim.run_to_end();
        assert!(sim.conservation_holds());
        (sim.ledger().produced, sim.run_status().clients[0].requests)
    };
    let (produced, requests) = counts();
    for (who, n) in [("producer", produced), ("client", requests)] {
        assert!((n as f64 - 100_000.0).abs() < 10_000.0, "{who}: {n}");
    }
    assert_ne!(produced, requests, "each chain draws from its own stream");
    assert_eq!(counts(), (produced, requests));
}
