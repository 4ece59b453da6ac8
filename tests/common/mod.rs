//! Helpers shared by the integration tests.
#![allow(dead_code)]

use faultline::engine::Simulation;
use faultline::scenario::{Scenario, parse_str};
use faultline::time::SimTime;

/// Parses a scenario written inline in a test; a test's own scenario must be valid.
pub fn scenario(source: &str) -> Scenario {
    match parse_str(source, "test.ron") {
        Ok(s) => s,
        Err(e) => panic!("test scenario does not parse: {e}"),
    }
}

/// A 20-second run of one producer and one group: for sessions whose run is lengthened
/// live (`duration` set to 40s at 10s).
pub const SHORT_RUN: &str = r#"Scenario(name: "short", duration: "20s",
    topics: [Topic(name: "t")],
    producers: [Producer(name: "p", topic: "t", rate: Poisson(per_second: 100.0))],
    consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Exponential("5ms")))])"#;

pub fn simulation(source: &str) -> Simulation {
    match Simulation::new(&scenario(source)) {
        Ok(sim) => sim,
        Err(e) => panic!("test scenario does not build: {e}"),
    }
}

pub fn secs(s: f64) -> SimTime {
    SimTime::from_secs_f64(s)
}

/// The event-log entries whose text contains `needle`, as (seconds, "component: text").
pub fn log_lines(sim: &Simulation, needle: &str) -> Vec<(f64, String)> {
    sim.log()
        .entries()
        .iter()
        .filter(|e| e.text.contains(needle))
        .map(|e| (e.at.as_secs_f64(), format!("{}: {}", e.component, e.text)))
        .collect()
}

/// The shipped scenario at `scenarios/NAME`.
pub fn shipped(name: &str) -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match parse_str(&text, name) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

/// Everything about the modelled system, without the records of how it got there (the
/// command list and the event log): the report, the history bit for bit and the live
/// status. Two runs that differ only by a logged no-op or by when a change was recorded
/// compare equal here.
pub fn model(sim: &Simulation) -> String {
    let mut report = faultline::report::RunReport::new(sim, 0.0);
    report.wall_seconds = 0.0;
    report.messages_per_wall_second = 0.0;
    let history = sim.history();
    let columns: Vec<Vec<u32>> =
        (0..history.specs().len()).map(|i| history.column(i).iter().map(|v| v.to_bits()).collect()).collect();
    format!(
        "{}\n{:?}\n{:?}\n{:?}\n{:?}",
        serde_json::to_string(&report).expect("report encodes"),
        history.specs(),
        history.times_s(),
        columns,
        sim.status()
    )
}

/// Everything observable about a run except wall-clock fields: [`model`], the event log,
/// the command log, the clock and the events handled.
pub fn fingerprint(sim: &Simulation) -> String {
    format!(
        "{}\n{:?}\n{:?}\nnow {:?} events {}",
        model(sim),
        sim.log().entries(),
        sim.commands(),
        sim.now(),
        sim.events_handled()
    )
}

/// 1-based `line:column` (columns in characters, as diagnostics count them) of the first
/// occurrence of `needle` in `text`.
pub fn at(text: &str, needle: &str) -> String {
    at_after(text, "", needle)
}

/// 1-based `line:column` of the first occurrence of `needle` after `after` in `text`.
pub fn at_after(text: &str, after: &str, needle: &str) -> String {
    let start = text.find(after).unwrap_or_else(|| panic!("`{after}` not in the text")) + after.len();
    let offset = start + text[start..].find(needle).unwrap_or_else(|| panic!("`{needle}` not in the text"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("{line}:{column}")
}

/// The located problems of a scenario text read as `s.ron`, one line each (none when it
/// is valid).
pub fn diagnostics(text: &str) -> Vec<String> {
    match parse_str(text, "s.ron") {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics.iter().map(ToString::to_string).collect(),
    }
}

/// `base` with its one occurrence of `from` replaced by `to`.
pub fn replaced_once(base: &str, from: &str, to: &str) -> String {
    assert_eq!(base.matches(from).count(), 1, "`{from}` must occur once");
    base.replacen(from, to, 1)
}
