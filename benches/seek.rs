//! Seeking back in a one-hour run, as the dashboard's time slider does: the state at an
//! earlier moment rebuilt from the nearest checkpoint plus the events since. The
//! dashboard keeps 40 checkpoints spaced a twentieth of the run apart (3 minutes for an
//! hour), so the worst seek replays just under one spacing. Measured on the tour (the
//! default scenario, ~240 orders/s, with its faults) and on the M/M/c reference
//! (8,000 messages/s, the heaviest shipped load), each run for one virtual hour.
//!
//!   cargo bench --bench seek

use criterion::{Criterion, criterion_group, criterion_main};
use faultline::engine::Simulation;
use faultline::scenario::parse_str;
use faultline::session::Timeline;
use faultline::time::{SimDuration, SimTime};
use std::hint::black_box;

const HOUR: SimDuration = SimDuration(3_600_000_000_000);

/// A one-hour run of `text` with the dashboard's checkpoint policy, at its end.
fn hour_with_checkpoints(text: &str, origin: &str) -> (Simulation, Timeline) {
    let mut scenario = match parse_str(text, origin) {
        Ok(s) => s,
        Err(e) => panic!("the shipped scenario must parse: {e}"),
    };
    scenario.duration = HOUR;
    scenario.expect.clear();
    scenario.lesson = None;
    let mut sim = Simulation::new(&scenario).expect("builds");
    let every = SimDuration(HOUR.0 / 20);
    let mut timeline = Timeline::new(&sim, every, Timeline::DEFAULT_CAPACITY);
    // Observe once a second of virtual time, as the runner does once per tick.
    for s in 1..=3_600u64 {
        sim.step_until(SimTime(s * 1_000_000_000));
        timeline.observe(&sim);
    }
    (sim, timeline)
}

fn seek(c: &mut Criterion) {
    let mut group = c.benchmark_group("seek_1h");
    group.sample_size(10);
    for (name, text, origin) in [
        ("tour", include_str!("../scenarios/order-pipeline-demo.ron"), "order-pipeline-demo.ron"),
        ("mmc", include_str!("../scenarios/mmc.ron"), "mmc.ron"),
    ] {
        let (live, timeline) = hour_with_checkpoints(text, origin);
        // Just before a checkpoint: the longest replay (almost a whole spacing).
        let worst = SimTime(HOUR.0 / 2 - 1_000_000);
        group.bench_function(format!("{name}_worst_case"), |b| {
            b.iter(|| black_box(timeline.seek(&live, worst).expect("seeks").now()))
        });
    }
    group.finish();
}

criterion_group!(benches, seek);
criterion_main!(benches);
