//! The per-interval sample: one row of the metrics history, the service-level judgement
//! of each group, alert evaluation, and interval resets.

use super::observe::GroupSample;
use super::*;

impl Simulation {
    pub(super) fn on_sample(&mut self) {
        let width = self.now - self.last_sample_at;
        let seconds = width.as_secs_f64().max(1e-12);
        let per_s = |n: u64| (n as f64 / seconds) as f32;
        let c = std::mem::take(&mut self.interval);
        self.peak_processed_per_s = self.peak_processed_per_s.max(c.processed as f64 / seconds);
        let mut row = std::mem::take(&mut self.row);
        row.clear();
        row.extend([
            per_s(c.produced),
            per_s(c.processed),
            per_s(c.dead_lettered),
            per_s(c.failed),
            per_s(c.expired),
            per_s(c.dropped),
            per_s(c.lost),
            self.interval_latency().quantile_ms(0.50) as f32,
            self.interval_latency().quantile_ms(0.95) as f32,
            self.interval_latency().quantile_ms(0.99) as f32,
        ]);
        self.interval_latency.reset();
        for topic in &mut self.topics {
            row.push(topic.backlog() as f32);
            if topic.stats.interval_dead_letters > 0 {
                self.log.push(
                    self.now,
                    Severity::Warning,
                    topic.name.clone(),
                    format!("{} dead letters in the last {}", topic.stats.interval_dead_letters, width),
                );
                topic.stats.interval_dead_letters = 0;
            }
        }
        let mut samples = std::mem::take(&mut self.group_samples);
        samples.clear();
        for group in &mut self.groups {
            let topic = &mut self.topics[group.topic];
            let lag = topic.in_system() + group.held();
            let attempts_failed = group.stats.interval_failures as f64;
            let finished = (group.stats.interval_processed + group.stats.interval_failures) as f64;
            let failure_rate = if finished > 0.0 { attempts_failed / finished } else { 0.0 };
            let p95_ms = group.stats.interval_latency.quantile_ms(0.95);
            let met = objectives_met(group, topic.stats.interval_unserved, lag, p95_ms);
            group.stats.intervals += 1;
            group.stats.good_intervals += u64::from(met);
            group.lag_at_last_sample = lag;
            row.extend([
                lag as f32,
                group.jobs.live() as f32,
                group.live_instances() as f32,
                p95_ms as f32,
                failure_rate as f32,
                if met { 1.0 } else { 0.0 },
            ]);
            samples.push(GroupSample { failure_rate, p95_ms, lag });
            group.stats.interval_latency.reset();
            group.stats.interval_processed = 0;
            group.stats.interval_failures = 0;
        }
        for topic in &mut self.topics {
            topic.stats.interval_unserved = 0;
        }
        for service in &mut self.services {
            row.extend([
                per_s(service.stats.interval_calls),
                per_s(service.stats.interval_errors),
                (service.active as usize + service.waiting.len()) as f32,
            ]);
            service.stats.interval_calls = 0;
            service.stats.interval_errors = 0;
        }
        for &(g, k) in &self.breaker_series {
            if let Some(breaker) = &self.groups[g].policies.guards[k].breaker {
                let failure_pct = breaker.current_rates(self.now).map_or(0.0, |r| r.failure_pct);
                row.extend([breaker.state().level(), failure_pct]);
            }
        }
        self.history.push(self.now, width, &row);
        self.row = row;
        let mut fractions = std::mem::take(&mut self.unit_fractions);
        fractions.clear();
        fractions.extend(self.units.iter_mut().map(|u| u.availability.take_interval_up_fraction(self.now)));
        if !self.alerts.is_empty() {
            self.evaluate_alerts(&samples, &fractions);
        }
        self.group_samples = samples;
        self.unit_fractions = fractions;
        self.last_sample_at = self.now;
        self.queue.schedule(self.now + self.sample_every(), Event::Sample);
    }
}

/// Whether a group met its objectives in the interval just ended: p95 latency at most
/// the objective, and at least `success` of the messages of its topic that finished were
/// processed. An interval in which nothing finished is bad if the group was stalled:
/// work waited at its start and at its end.
fn objectives_met(group: &Group, unserved: u64, lag: u64, p95_ms: f64) -> bool {
    let processed = group.stats.interval_processed;
    let finished = processed + unserved;
    let success_ok = if finished == 0 {
        group.lag_at_last_sample == 0 || lag == 0
    } else {
        processed as f64 >= group.config.objectives.success * finished as f64
    };
    let latency_ok = processed == 0 || p95_ms <= group.config.objectives.latency_p95.as_millis_f64();
    success_ok && latency_ok
}

/// The history's columns, in the order `on_sample` writes them.
pub(super) fn series_specs(
    topics: &TiSlice<TopicId, Topic>,
    groups: &TiSlice<GroupId, Group>,
    services: &TiSlice<ServiceId, Service>,
) -> Vec<SeriesSpec> {
    let spec = |key: String, label: String, kind, consolidation| SeriesSpec { key, label, kind, consolidation };
    let mut specs = Vec::new();
    for (key, label) in [
        ("produced", "produced/s"),
        ("processed", "processed/s"),
        ("dead_lettered", "dead-lettered/s"),
        ("failed", "failed attempts/s"),
        ("expired", "expired/s"),
        ("dropped", "dropped/s"),
        ("lost", "lost/s"),
    ] {
        specs.push(spec(format!("throughput.{key}"), label.into(), SeriesKind::Throughput, Consolidation::Mean));
    }
    for q in ["p50", "p95", "p99"] {
        specs.push(spec(
            format!("latency.{q}_ms"),
            format!("{q} latency (ms)"),
            SeriesKind::Latency,
            Consolidation::Max,
        ));
    }
    for t in topics {
        specs.push(spec(
            format!("topic.{}.backlog", t.name),
            format!("{} backlog", t.name),
            SeriesKind::Backlog,
            Consolidation::Mean,
        ));
    }
    for g in groups {
        let n = &g.name;
        specs.push(spec(format!("group.{n}.lag"), format!("{n} lag"), SeriesKind::Lag, Consolidation::Mean));
        specs.push(spec(
            format!("group.{n}.in_flight"),
            format!("{n} in flight"),
            SeriesKind::InFlight,
            Consolidation::Mean,
        ));
        specs.push(spec(
            format!("group.{n}.instances"),
            format!("{n} instances"),
            SeriesKind::Instances,
            Consolidation::Mean,
        ));
        specs.push(spec(format!("group.{n}.p95_ms"), format!("{n} p95 (ms)"), SeriesKind::Latency, Consolidation::Max));
        specs.push(spec(
            format!("group.{n}.failure_rate"),
            format!("{n} failure rate"),
            SeriesKind::ServiceErrors,
            Consolidation::Max,
        ));
        // 1 when the interval met the objectives; consolidated as a mean, it is the
        // service-level availability of the merged span.
        specs.push(spec(
            format!("group.{n}.objectives_met"),
            format!("{n} objectives met"),
            SeriesKind::ServiceLevel,
            Consolidation::Mean,
        ));
    }
    for s in services {
        let n = &s.name;
        specs.push(spec(
            format!("service.{n}.calls"),
            format!("{n} calls/s"),
            SeriesKind::ServiceCalls,
            Consolidation::Mean,
        ));
        specs.push(spec(
            format!("service.{n}.errors"),
            format!("{n} errors/s"),
            SeriesKind::ServiceErrors,
            Consolidation::Mean,
        ));
        specs.push(spec(
            format!("service.{n}.busy"),
            format!("{n} busy + queued"),
            SeriesKind::ServiceCalls,
            Consolidation::Mean,
        ));
    }
    for g in groups {
        for guard in g.policies.guards.iter().filter(|k| k.breaker.is_some()) {
            specs.extend(breaker_series_specs(&format!("{}:{}", g.name, services[guard.service].name)));
        }
    }
    specs
}

/// The two history series of the breaker "GROUP:SERVICE": its state level and failure rate.
pub(super) fn breaker_series_specs(name: &str) -> [SeriesSpec; 2] {
    [
        SeriesSpec {
            key: format!("breaker.{name}.state"),
            label: format!("{name} breaker (0 closed, 1 half-open, 2 open)"),
            kind: SeriesKind::Breaker,
            consolidation: Consolidation::Max,
        },
        SeriesSpec {
            key: format!("breaker.{name}.failure_rate"),
            label: format!("{name} breaker failure rate (%)"),
            kind: SeriesKind::Breaker,
            consolidation: Consolidation::Max,
        },
    ]
}
