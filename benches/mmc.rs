//! Engine throughput on the M/M/c reference model (λ = 8,000/s, μ = 100/s, c = 100,
//! 120 s of virtual time, full metrics on), beside a bare binary-heap M/M/c loop of the
//! same model: the floor an event-driven simulation of it cannot beat by much.
//!
//!   cargo bench --bench mmc            (or scripts/bench.sh for the whole comparison)
//!
//! Both report "elements" = messages processed, so criterion prints messages per second.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use faultline::engine::Simulation;
use faultline::scenario::{Scenario, parse_str};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp1};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::hint::black_box;

const LAMBDA: f64 = 8_000.0;
const MU: f64 = 100.0;
const SERVERS: u32 = 100;
const HORIZON_S: f64 = 120.0;

fn reference() -> Scenario {
    let text = include_str!("../scenarios/mmc.ron");
    match parse_str(text, "scenarios/mmc.ron") {
        Ok(s) => s,
        Err(e) => panic!("the shipped scenario must parse: {e}"),
    }
}

fn engine_processed(scenario: &Scenario) -> u64 {
    let mut sim = Simulation::new(scenario).expect("the shipped scenario builds");
    sim.run_to_end();
    sim.ledger().processed
}

/// The smallest faithful event loop of the same model: integer-nanosecond clock, a
/// binary heap ordered by (time, sequence), ChaCha8 draws, FIFO waiting line.
/// Returns (messages processed, mean sojourn in seconds).
pub fn bare_mmc(lambda: f64, mu: f64, servers: u32, horizon_s: f64, seed: u64) -> (u64, f64) {
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Kind {
        Arrival,
        Departure { arrived_ns: u64 },
    }
    let ns = |s: f64| (s * 1e9).round() as u64;
    let horizon = ns(horizon_s);
    let mut arrivals_rng = ChaCha8Rng::seed_from_u64(seed);
    let mut service_rng = ChaCha8Rng::seed_from_u64(seed ^ 0x9e37_79b9_7f4a_7c15);
    let mut heap: BinaryHeap<Reverse<(u64, u64, Kind)>> = BinaryHeap::new();
    let mut seq = 0u64;
    let mut waiting: VecDeque<u64> = VecDeque::new();
    let (mut busy, mut processed, mut sojourn_ns) = (0u32, 0u64, 0u128);
    let gap = |rng: &mut ChaCha8Rng, rate: f64| ns(exp1(rng) / rate).max(1);
    heap.push(Reverse((gap(&mut arrivals_rng, lambda), seq, Kind::Arrival)));
    while let Some(Reverse((now, _, kind))) = heap.pop() {
        if now > horizon {
            break;
        }
        seq += 1;
        match kind {
            Kind::Arrival => {
                heap.push(Reverse((now + gap(&mut arrivals_rng, lambda), seq, Kind::Arrival)));
                if busy < servers {
                    busy += 1;
                    seq += 1;
                    let done = now + ns(exp1(&mut service_rng) / mu);
                    heap.push(Reverse((done, seq, Kind::Departure { arrived_ns: now })));
                } else {
                    waiting.push_back(now);
                }
            }
            Kind::Departure { arrived_ns } => {
                processed += 1;
                sojourn_ns += u128::from(now - arrived_ns);
                match waiting.pop_front() {
                    Some(arrived) => {
                        let done = now + ns(exp1(&mut service_rng) / mu);
                        heap.push(Reverse((done, seq, Kind::Departure { arrived_ns: arrived })));
                    }
                    None => busy -= 1,
                }
            }
        }
    }
    (processed, sojourn_ns as f64 / 1e9 / processed.max(1) as f64)
}

fn exp1(rng: &mut ChaCha8Rng) -> f64 {
    Distribution::<f64>::sample(&Exp1, rng)
}

fn benches(c: &mut Criterion) {
    let scenario = reference();
    let engine_messages = engine_processed(&scenario);
    let (bare_messages, _) = bare_mmc(LAMBDA, MU, SERVERS, HORIZON_S, 7);

    let mut group = c.benchmark_group("mmc_120s");
    group.sample_size(20);
    group.throughput(Throughput::Elements(engine_messages));
    group.bench_function("faultline_engine", |b| b.iter(|| black_box(engine_processed(black_box(&scenario)))));
    group.throughput(Throughput::Elements(bare_messages));
    group.bench_function("bare_heap_loop", |b| b.iter(|| black_box(bare_mmc(LAMBDA, MU, SERVERS, HORIZON_S, 7))));
    group.finish();
}

criterion_group!(mmc, benches);
criterion_main!(mmc);
