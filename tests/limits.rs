//! The resource model (`scenario::limits`): floors on every period that re-arms itself,
//! limits on totals across a scenario, and the arrival processes that used to search
//! forever. Each refusal is located and names the limit; each accepted extreme runs.

use faultline::engine::Simulation;
use faultline::scenario::parse_str;
use std::time::{Duration, Instant};

// ----- arrival processes that used to search forever ----------------------------------------

/// Builds and runs a scenario, returning the events produced; panics past `budget`.
fn produced(text: &str, budget: Duration) -> u64 {
    let started = Instant::now();
    let scenario = parse_str(text, "s.ron").unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Simulation::new(&scenario).unwrap_or_else(|e| panic!("{e}"));
    sim.run_to_end();
    assert!(started.elapsed() < budget, "took {:?}", started.elapsed());
    assert!(sim.conservation_holds());
    sim.ledger().produced
}

#[test]
fn bursts_of_one_nanosecond_are_a_poisson_process() {
    // on 1 ns, off 0 s is always on: Poisson at 1,000/s, so 100 s give 100,000 ± 316 (1σ).
    // Searching phase by phase, `check` never returned on this file.
    let text = r#"Scenario(name: "b", duration: "100s", topics: [Topic(name: "t", capacity: 1000000)],
        producers: [Producer(name: "p", topic: "t", rate: Bursty(per_second: 1000.0, on: "1ns", off: "0s"))])"#;
    let n = produced(text, Duration::from_secs(30));
    assert!((100_000 - 1_264..=100_000 + 1_264).contains(&n), "{n} is not within 4σ of 100,000");
}

#[test]
fn bursts_keep_their_share_of_the_time() {
    // 1,000/s during 1 ms of every 4 ms: 250/s on average, so 200 s give 50,000 ± 224 (1σ).
    let text = r#"Scenario(name: "b", duration: "200s", topics: [Topic(name: "t", capacity: 1000000)],
        producers: [Producer(name: "p", topic: "t", rate: Bursty(per_second: 1000.0, on: "1ms", off: "3ms"))])"#;
    let n = produced(text, Duration::from_secs(30));
    assert!((50_000 - 896..=50_000 + 896).contains(&n), "{n} is not within 4σ of 50,000");
}

#[test]
fn a_rare_burst_is_found_without_searching_every_phase() {
    // 1 event a day on average while on, on 1 µs of every 2 µs: the next event is days of
    // virtual time and about 10¹¹ phases away; the old search took one draw per phase.
    let text = r#"Scenario(name: "b", duration: "10s", topics: [Topic(name: "t")],
        producers: [Producer(name: "p", topic: "t", rate: Bursty(per_second: 0.00001, on: "1us", off: "1us"))])"#;
    assert_eq!(produced(text, Duration::from_secs(5)), 0);
}
