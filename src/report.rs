//! The run summary: what `faultline run --json` prints, built from a finished simulation.
//!
//! Maps are `BTreeMap`s so keys come out in a stable order and two runs of the same
//! scenario and seed print identical JSON (apart from the wall-clock fields).

use crate::engine::Simulation;
use crate::engine::metrics::LatencySummary;
use crate::engine::service::class_index;
use crate::scenario::ErrorClass;
use serde::Serialize;
use std::collections::BTreeMap;

/// Summary of one run.
#[derive(Clone, Debug, Serialize)]
pub struct RunReport {
    pub scenario: String,
    pub seed: u64,
    pub virtual_seconds: f64,
    pub wall_seconds: f64,
    pub messages_per_wall_second: f64,
    pub events: u64,
    pub ledger: LedgerReport,
    pub latency_ms: LatencySummary,
    pub throughput_per_second: Throughput,
    pub topics: BTreeMap<String, TopicReport>,
    pub groups: BTreeMap<String, GroupReport>,
    pub services: BTreeMap<String, ServiceReport>,
    pub producers: BTreeMap<String, ProducerReport>,
    /// Configured features this engine does not simulate yet.
    pub not_modelled: Vec<&'static str>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LedgerReport {
    pub produced: u64,
    pub in_system: u64,
    pub processed: u64,
    pub dead_lettered: u64,
    pub expired: u64,
    pub dropped: u64,
    pub lost: u64,
    pub by_reason: BTreeMap<&'static str, u64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Throughput {
    /// Processed messages per virtual second over the run.
    pub mean: f64,
    /// Highest processed per second of any sample interval.
    pub peak: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TopicReport {
    pub max_backlog: u64,
    pub final_backlog: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupReport {
    pub processed: u64,
    pub attempts: u64,
    pub retries: u64,
    pub timeouts: u64,
    pub latency_ms: LatencySummary,
}

#[derive(Clone, Debug, Serialize)]
pub struct ServiceReport {
    /// Calls that reached the service.
    pub calls: u64,
    pub errors: BTreeMap<&'static str, u64>,
    /// Calls refused because the service's waiting queue was full.
    pub refused: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProducerReport {
    pub produced: u64,
    pub rejected: u64,
    pub times_blocked: u64,
}

impl RunReport {
    /// Summarises `sim` as it stands; `wall_seconds` is how long the run took.
    pub fn new(sim: &Simulation, wall_seconds: f64) -> RunReport {
        let ledger = sim.ledger();
        let virtual_seconds = sim.now().as_secs_f64();
        RunReport {
            scenario: sim.scenario().name.clone(),
            seed: sim.seed(),
            virtual_seconds,
            wall_seconds,
            messages_per_wall_second: if wall_seconds > 0.0 { ledger.processed as f64 / wall_seconds } else { 0.0 },
            events: sim.events_handled(),
            ledger: LedgerReport {
                produced: ledger.produced,
                in_system: sim.in_system(),
                processed: ledger.processed,
                dead_lettered: ledger.dead_lettered,
                expired: ledger.expired,
                dropped: ledger.dropped,
                lost: ledger.lost,
                by_reason: ledger.by_reason(),
            },
            latency_ms: sim.latency().summary(),
            throughput_per_second: Throughput {
                mean: if sim.measured_seconds() > 0.0 {
                    sim.processed_measured() as f64 / sim.measured_seconds()
                } else {
                    0.0
                },
                peak: sim.peak_processed_per_s(),
            },
            topics: sim
                .topics()
                .iter()
                .map(|t| (t.name.clone(), TopicReport { max_backlog: t.stats.max_backlog, final_backlog: t.backlog() }))
                .collect(),
            groups: sim
                .groups()
                .iter()
                .map(|g| {
                    let report = GroupReport {
                        processed: g.stats.processed,
                        attempts: g.stats.attempts,
                        retries: g.stats.retries,
                        timeouts: g.stats.timeouts,
                        latency_ms: g.stats.latency.summary(),
                    };
                    (g.name.clone(), report)
                })
                .collect(),
            services: sim
                .services()
                .iter()
                .map(|s| {
                    let errors = [ErrorClass::Transient, ErrorClass::Business, ErrorClass::Fatal]
                        .into_iter()
                        .map(|c| (c.name(), s.stats.errors[class_index(c)]))
                        .collect();
                    (s.name.clone(), ServiceReport { calls: s.stats.calls, errors, refused: s.stats.refused })
                })
                .collect(),
            producers: sim
                .producers()
                .iter()
                .map(|p| {
                    let report = ProducerReport {
                        produced: p.stats.produced,
                        rejected: p.stats.rejected,
                        times_blocked: p.stats.times_blocked,
                    };
                    (p.name.clone(), report)
                })
                .collect(),
            not_modelled: sim.not_yet_modelled(),
        }
    }

    /// A few lines for a person reading a terminal.
    pub fn human_summary(&self) -> String {
        let l = &self.ledger;
        let mut out = format!(
            "{} (seed {}): {:.1} s virtual in {:.2} s wall ({:.0} msg/s)\n",
            self.scenario, self.seed, self.virtual_seconds, self.wall_seconds, self.messages_per_wall_second
        );
        out += &format!(
            "  produced {} = in system {} + processed {} + dead-lettered {} + expired {} + dropped {} + lost {}\n",
            l.produced, l.in_system, l.processed, l.dead_lettered, l.expired, l.dropped, l.lost
        );
        for (reason, n) in &l.by_reason {
            out += &format!("    {n:>10}  {reason}\n");
        }
        let lat = &self.latency_ms;
        out += &format!(
            "  latency ms: mean {:.2}  p50 {:.2}  p95 {:.2}  p99 {:.2}  max {:.2}\n",
            lat.mean, lat.p50, lat.p95, lat.p99, lat.max
        );
        out += &format!(
            "  throughput /s: mean {:.1}  peak {:.1}\n",
            self.throughput_per_second.mean, self.throughput_per_second.peak
        );
        for (name, t) in &self.topics {
            out += &format!("  topic {name}: max backlog {}  final {}\n", t.max_backlog, t.final_backlog);
        }
        for (name, s) in &self.services {
            let errors: u64 = s.errors.values().sum();
            out += &format!("  service {name}: {} calls, {errors} errors\n", s.calls);
        }
        if !self.not_modelled.is_empty() {
            out += &format!("  note: configured but not simulated yet: {}\n", self.not_modelled.join(", "));
        }
        out
    }
}
