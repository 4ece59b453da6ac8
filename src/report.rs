//! The run summary: what `faultline run --json` prints, built from a finished simulation.
//!
//! Maps are `BTreeMap`s so keys come out in a stable order and two runs of the same
//! scenario and seed print identical JSON (apart from the wall-clock fields).

use crate::engine::Simulation;
use crate::engine::availability::AvailabilityFigures;
use crate::engine::metrics::LatencySummary;
use crate::engine::service::class_index;
use crate::engine::sim::service_level;
use crate::engine::status::ServiceLevelStatus;
use crate::engine::status::TransitionStatus;
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
    /// Every service, consumer instance ("group/N") and broker node ("broker/N").
    pub availability: BTreeMap<String, AvailabilityFigures>,
    /// One per failure since the statistics started, in order (the most recent 1,000).
    pub incidents: Vec<IncidentReport>,
    /// One per firing of an alert rule since the statistics started, in order of firing.
    pub alerts: Vec<AlertReport>,
    /// Circuit breakers by "GROUP:SERVICE".
    pub breakers: BTreeMap<String, BreakerReport>,
    /// Configured features this engine does not simulate yet.
    pub not_modelled: Vec<&'static str>,
    /// Present only when the run stopped at a resource limit before its end: when, and
    /// why (see `engine::halt`). Every other figure is as of that moment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub halted: Option<HaltReport>,
}

/// Where and why a run stopped before its end.
#[derive(Clone, Debug, Serialize)]
pub struct HaltReport {
    pub at_s: f64,
    pub reason: String,
}

/// One incident and its self-healing phases (see `engine::incident`).
#[derive(Clone, Debug, Serialize)]
pub struct IncidentReport {
    pub component: String,
    pub kind: &'static str,
    pub at_s: f64,
    pub detect_s: Option<f64>,
    pub diagnose_s: Option<f64>,
    pub recover_s: Option<f64>,
    /// detect + diagnose + recover; null while not recovered.
    pub self_healing_s: Option<f64>,
    pub detected_by: Option<String>,
    pub diagnosed_by: Option<String>,
}

/// One firing of an alert rule.
#[derive(Clone, Debug, Serialize)]
pub struct AlertReport {
    pub name: String,
    pub fired_at_s: f64,
    /// null while still firing at the end of the run.
    pub resolved_at_s: Option<f64>,
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
    /// Messages shed by priority (dropped or rejected).
    pub shed: u64,
    /// Dead letters republished by redrive.
    pub redriven: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupReport {
    pub processed: u64,
    pub attempts: u64,
    pub retries: u64,
    pub timeouts: u64,
    /// Messages processed after a later-produced message of the same key (Partitioned).
    pub ordering_violations: u64,
    /// Handler attempts that found no rate-limit token.
    pub rate_limited: u64,
    /// Calls a full bulkhead turned away (at once or after waiting).
    pub bulkhead_rejected: u64,
    /// Failed attempts by class.
    pub failures: BTreeMap<&'static str, u64>,
    pub latency_ms: LatencySummary,
    /// Messages delivered again after a crash, eviction or scale-in (all copies).
    pub redelivered: u64,
    pub rebalances: u64,
    /// Instances the deployment has at the end (the autoscaler's count).
    pub instances_final: u32,
    /// Redelivered copies of already-processed messages handled again (side effects twice).
    pub duplicates_processed: u64,
    /// Redelivered copies acknowledged unprocessed by the dedup window (idempotent groups).
    pub deduplicated: u64,
    /// Redelivered copies of already-processed messages, in all.
    pub duplicates_redelivered: u64,
    /// Attempts that failed because the message was poison.
    pub poison_failures: u64,
    /// Dead letters of this group republished by redrive.
    pub redriven: u64,
    /// Dead letters a redrive parked instead, because the loop guard stopped them.
    pub redrive_guarded: u64,
    /// Messages in the group's parking lot at the end (`on_exhausted: Park`, loop guard).
    pub parked: u64,
    /// Share of sample intervals that met the group's objectives, and the error budget.
    pub service_level: ServiceLevelStatus,
}

#[derive(Clone, Debug, Serialize)]
pub struct BreakerReport {
    /// Final state.
    pub state: &'static str,
    /// The most recent transitions (at most 256) since the statistics started, oldest first.
    pub transitions: Vec<TransitionReport>,
    /// Transitions since the statistics started (a warm-up restarts the count).
    pub transitions_total: u64,
    /// Virtual seconds spent refusing calls (OPEN or FORCED_OPEN).
    pub open_seconds: f64,
    pub calls_not_permitted: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TransitionReport {
    pub at_s: f64,
    pub from: String,
    pub to: String,
    pub reason: String,
}

impl From<TransitionStatus> for TransitionReport {
    fn from(t: TransitionStatus) -> Self {
        TransitionReport { at_s: t.at.as_secs_f64(), from: t.from, to: t.to, reason: t.reason }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ServiceReport {
    /// Calls that reached the service.
    pub calls: u64,
    pub errors: BTreeMap<&'static str, u64>,
    /// Calls refused because the service's waiting queue was full.
    pub refused: u64,
    /// Calls that failed fast because the service was down or cut off.
    pub unreachable: u64,
    /// Calls in progress cut short when the service went down.
    pub interrupted: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProducerReport {
    pub produced: u64,
    /// Publish attempts refused by the broker.
    pub rejected: u64,
    pub times_blocked: u64,
    pub publish_retries: u64,
    /// Events given up on (reasons in `ledger.by_reason`).
    pub lost: u64,
    /// With a transactional outbox: events still PENDING and FAILED at the end.
    pub outbox_pending: Option<u64>,
    pub outbox_failed: Option<u64>,
    /// Publishes that found the broker unreachable (partitioned producer, offline partition).
    pub unreachable: u64,
    /// Events never created because the producer was crashed.
    pub not_produced: u64,
}

/// Every firing of every rule since the statistics started, ordered by firing time (then
/// rule order).
fn alert_reports(sim: &Simulation) -> Vec<AlertReport> {
    let mut out: Vec<(u64, usize, AlertReport)> = Vec::new();
    for (k, rule) in sim.alerts().iter().enumerate() {
        for e in rule.history().iter().filter(|e| e.fired_at >= sim.measured_from()) {
            let report = AlertReport {
                name: rule.name.clone(),
                fired_at_s: e.fired_at.as_secs_f64(),
                resolved_at_s: e.resolved_at.map(|r| r.as_secs_f64()),
            };
            out.push((e.fired_at.0, k, report));
        }
    }
    out.sort_by_key(|(at, k, _)| (*at, *k));
    out.into_iter().map(|(_, _, r)| r).collect()
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
                .map(|t| {
                    let report = TopicReport {
                        max_backlog: t.stats.max_backlog,
                        final_backlog: t.backlog(),
                        shed: t.stats.shed,
                        redriven: t.stats.redriven,
                    };
                    (t.name.clone(), report)
                })
                .collect(),
            groups: sim
                .groups()
                .iter()
                .map(|g| {
                    let report = GroupReport {
                        processed: g.stats().processed,
                        attempts: g.stats().attempts,
                        retries: g.stats().retries,
                        timeouts: g.stats().timeouts,
                        ordering_violations: g.key_order().as_ref().map_or(0, |k| k.violations),
                        rate_limited: g.stats().rate_limited,
                        bulkhead_rejected: g
                            .guards()
                            .iter()
                            .filter_map(|k| k.bulkhead.as_ref())
                            .map(|b| b.stats.rejected)
                            .sum(),
                        failures: ErrorClass::ALL.iter().map(|c| (c.name(), g.stats().failures[c.index()])).collect(),
                        latency_ms: g.stats().latency.summary(),
                        redelivered: g.stats().redelivered,
                        rebalances: g.stats().rebalances,
                        instances_final: g.provisioned_instances(),
                        duplicates_processed: g.stats().duplicates_processed,
                        deduplicated: g.stats().deduplicated,
                        duplicates_redelivered: g.stats().redelivered_duplicates,
                        poison_failures: g.stats().poison_failures,
                        redriven: g.stats().redriven,
                        redrive_guarded: g.stats().redrive_guarded,
                        parked: g.parked().len() as u64,
                        service_level: service_level(g),
                    };
                    (g.name().to_string(), report)
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
                    let report = ServiceReport {
                        calls: s.stats.calls,
                        errors,
                        refused: s.stats.refused,
                        unreachable: s.stats.unreachable,
                        interrupted: s.stats.interrupted,
                    };
                    (s.name.clone(), report)
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
                        unreachable: p.stats.unreachable,
                        not_produced: p.stats.not_produced,
                        publish_retries: p.stats.publish_retries,
                        lost: p.stats.lost,
                        outbox_pending: p.outbox.as_ref().map(|o| o.pending_len()),
                        outbox_failed: p.outbox.as_ref().map(|o| o.failed_len()),
                    };
                    (p.name.clone(), report)
                })
                .collect(),
            availability: sim.units().iter().map(|u| (u.name.clone(), u.availability.figures(sim.now()))).collect(),
            // Like every statistic, incidents and alerts count from the end of a warm-up.
            incidents: sim
                .incidents()
                .iter()
                .filter(|i| i.at >= sim.measured_from())
                .map(|i| {
                    let t = i.timings();
                    IncidentReport {
                        component: i.component.clone(),
                        kind: i.kind,
                        at_s: i.at.as_secs_f64(),
                        detect_s: t.detect_s,
                        diagnose_s: t.diagnose_s,
                        recover_s: t.recover_s,
                        self_healing_s: t.self_healing_s,
                        detected_by: i.detected_by.clone(),
                        diagnosed_by: i.diagnosed_by.clone(),
                    }
                })
                .collect(),
            alerts: alert_reports(sim),
            breakers: sim
                .breakers()
                .map(|(name, b)| {
                    let report = BreakerReport {
                        state: b.state().name(),
                        transitions: b
                            .transitions()
                            .iter()
                            .filter(|t| t.at >= b.statistics_from())
                            .map(|t| TransitionStatus::from(t).into())
                            .collect(),
                        transitions_total: b.transitions_measured(),
                        open_seconds: b.open_time(sim.now()).as_secs_f64(),
                        calls_not_permitted: b.calls_not_permitted(),
                    };
                    (name, report)
                })
                .collect(),
            not_modelled: sim.not_yet_modelled(),
            halted: sim.halt().map(|h| HaltReport { at_s: h.at.as_secs_f64(), reason: h.to_string() }),
        }
    }

    /// A few lines for a person reading a terminal.
    pub fn human_summary(&self) -> String {
        let l = &self.ledger;
        let mut out = format!(
            "{} (seed {}): {:.1} s virtual in {:.2} s wall ({:.0} msg/s)\n",
            self.scenario, self.seed, self.virtual_seconds, self.wall_seconds, self.messages_per_wall_second
        );
        if let Some(halt) = &self.halted {
            out += &format!("  STOPPED EARLY: {} (the figures below are as of {:.1} s)\n", halt.reason, halt.at_s);
        }
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
        for (name, g) in &self.groups {
            let level = &g.service_level;
            out += &format!(
                "  group {name}: {} instances at the end, {} rebalances, {} redelivered, {} duplicates processed, {} deduplicated; objectives met in {:.1}% of intervals\n",
                g.instances_final,
                g.rebalances,
                g.redelivered,
                g.duplicates_processed,
                g.deduplicated,
                100.0 * level.availability
            );
        }
        for (name, a) in self.availability.iter().filter(|(_, a)| a.failures > 0) {
            let analytic = a.analytic.map_or(String::new(), |x| format!(" (analytic {:.2}%)", 100.0 * x));
            out += &format!(
                "  availability {name}: {:.2}%{analytic}, {} failures, {:.1} s down\n",
                100.0 * a.observed,
                a.failures,
                a.down_seconds
            );
        }
        if !self.incidents.is_empty() {
            let healed: Vec<f64> = self.incidents.iter().filter_map(|i| i.self_healing_s).collect();
            let mean = if healed.is_empty() { 0.0 } else { healed.iter().sum::<f64>() / healed.len() as f64 };
            out += &format!(
                "  incidents: {} ({} recovered, mean self-healing time {mean:.1} s)\n",
                self.incidents.len(),
                healed.len()
            );
        }
        for a in &self.alerts {
            let resolved = a.resolved_at_s.map_or("still firing".to_string(), |r| format!("resolved at {r:.1} s"));
            out += &format!("  alert `{}` fired at {:.1} s, {resolved}\n", a.name, a.fired_at_s);
        }
        for (name, b) in &self.breakers {
            out += &format!(
                "  breaker {name}: {} now, {} transitions, open {:.1} s, {} calls not permitted\n",
                b.state, b.transitions_total, b.open_seconds, b.calls_not_permitted
            );
        }
        if !self.not_modelled.is_empty() {
            out += &format!("  note: configured but not simulated yet: {}\n", self.not_modelled.join(", "));
        }
        out
    }
}
