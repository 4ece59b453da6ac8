//! Lesson 3 (`scenarios/03-retry-storm.ron`) tells the story docs/retry-storm.md tells:
//! the naive configuration collapses after a load spike and never recovers; the fixed one
//! (the lesson's question 4: back-off with jitter and a circuit breaker) bends and
//! recovers. Run with `--nocapture` to see the per-interval numbers the doc quotes.

mod common;

use common::shipped;
use faultline::curriculum;
use faultline::engine::Simulation;

/// The lesson file.
const STORM: &str = "03-retry-storm.ron";
/// Its question with back-off, jitter and a breaker: the fixed configuration.
const FIXED: usize = 4;

/// Per-interval (time, value) of a history series; the test run keeps every row.
fn series(sim: &Simulation, key: &str) -> Vec<[f64; 2]> {
    let points = sim.history().points(key);
    assert!(!points.is_empty(), "no series {key}");
    points
}

/// Mean of a series over [from, to) seconds.
fn mean_between(points: &[[f64; 2]], from: f64, to: f64) -> f64 {
    let values: Vec<f64> = points.iter().filter(|p| p[0] > from && p[0] <= to).map(|p| p[1]).collect();
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

/// The storm, or with `question` its changes applied.
fn run(question: Option<usize>) -> Simulation {
    let plan = curriculum::plan(&shipped(STORM), question).expect("the lesson's questions apply");
    let mut sim = Simulation::new(&plan.scenario).expect("builds");
    sim.run_to_end();
    assert!(sim.conservation_holds());
    sim
}

fn print_timeline(name: &str, sim: &Simulation) {
    let processed = series(sim, "throughput.processed");
    let p95 = series(sim, "latency.p95_ms");
    let backlog = series(sim, "topic.orders.backlog");
    let calls = series(sim, "service.inventory.calls");
    let busy = series(sim, "service.inventory.busy");
    println!("{name}: t(s)  processed/s  p95(ms)  backlog  service calls/s  in service");
    for k in (0..processed.len()).step_by(10) {
        println!(
            "  {:>5.0} {:>10.0} {:>9.0} {:>8.0} {:>10.0} {:>10.0}",
            processed[k][0], processed[k][1], p95[k][1], backlog[k][1], calls[k][1], busy[k][1]
        );
    }
}

#[test]
fn immediate_retries_collapse_the_service_and_it_never_recovers() {
    let sim = run(None);
    print_timeline("storm", &sim);
    let processed = series(&sim, "throughput.processed");
    let backlog = series(&sim, "topic.orders.backlog");
    // Before the spike (20 s to 35 s): the offered 500/s is processed.
    assert!((mean_between(&processed, 5.0, 20.0) - 500.0).abs() < 40.0);
    // Long after the spike (offered load back at 500/s): almost nothing gets through and
    // the backlog keeps growing.
    assert!(mean_between(&processed, 90.0, 120.0) < 50.0);
    assert!(mean_between(&backlog, 110.0, 120.0) > mean_between(&backlog, 70.0, 80.0) + 10_000.0);
    // The service is busy all the while: with abandoned calls and their retries.
    let calls = series(&sim, "service.inventory.calls");
    assert!(mean_between(&calls, 90.0, 120.0) > 800.0);
    // Calls wait inside the service far longer than the handler's 250 ms timeout.
    let in_service = series(&sim, "service.inventory.busy");
    assert!(mean_between(&in_service, 90.0, 120.0) / mean_between(&calls, 90.0, 120.0) > 0.25);
    assert!(sim.ledger().by_reason()["retries exhausted"] > 10_000);
}

#[test]
fn backoff_with_jitter_and_a_breaker_recover_after_the_spike() {
    let sim = run(Some(FIXED));
    print_timeline("fixed", &sim);
    let processed = series(&sim, "throughput.processed");
    let p95 = series(&sim, "latency.p95_ms");
    let backlog = series(&sim, "topic.orders.backlog");
    assert!((mean_between(&processed, 5.0, 20.0) - 500.0).abs() < 40.0);
    // Back to normal in the last 40 s: 500/s processed, short latency, no backlog.
    assert!((mean_between(&processed, 80.0, 120.0) - 500.0).abs() < 30.0);
    assert!(mean_between(&p95, 100.0, 120.0) < 200.0);
    assert!(mean_between(&backlog, 110.0, 120.0) < 50.0);
    // The breaker opened during the incident and is closed at the end.
    let breakers = sim.status().breakers;
    assert_eq!(breakers[0].state, faultline::engine::BreakerState::Closed);
    assert!(breakers[0].transitions_total >= 3);
    // Few messages were given up on.
    assert!(sim.ledger().dead_lettered < 500, "{}", sim.ledger().dead_lettered);
}
