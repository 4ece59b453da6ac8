//! The per-interval sample: one row of the metrics history and interval resets.

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
            self.interval_latency.quantile_ms(0.50) as f32,
            self.interval_latency.quantile_ms(0.95) as f32,
            self.interval_latency.quantile_ms(0.99) as f32,
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
        for group in &mut self.groups {
            let lag = self.topics[group.topic as usize].len + group.held();
            let attempts_failed = group.stats.interval_failures as f64;
            let finished = (group.stats.interval_processed + group.stats.interval_failures) as f64;
            row.extend([
                lag as f32,
                group.live_jobs() as f32,
                group.live_instances() as f32,
                group.stats.interval_latency.quantile_ms(0.95) as f32,
                if finished > 0.0 { (attempts_failed / finished) as f32 } else { 0.0 },
            ]);
            group.stats.interval_latency.reset();
            group.stats.interval_processed = 0;
            group.stats.interval_failures = 0;
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
        for group in &self.groups {
            for breaker in group.guards.iter().filter_map(|k| k.breaker.as_ref()) {
                let failure_pct = breaker.current_rates(self.now).map_or(0.0, |r| r.failure_pct);
                row.extend([breaker.state().level(), failure_pct]);
            }
        }
        self.history.push(self.now, width, &row);
        self.row = row;
        self.last_sample_at = self.now;
        self.queue.schedule(self.now + self.sample_every(), Event::Sample);
    }
}

/// The history's columns, in the order `on_sample` writes them.
pub(super) fn series_specs(topics: &[Topic], groups: &[Group], services: &[Service]) -> Vec<SeriesSpec> {
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
        for guard in g.guards.iter().filter(|k| k.breaker.is_some()) {
            let name = format!("{}:{}", g.name, services[guard.service as usize].name);
            specs.push(spec(
                format!("breaker.{name}.state"),
                format!("{name} breaker (0 closed, 1 half-open, 2 open)"),
                SeriesKind::Breaker,
                Consolidation::Max,
            ));
            specs.push(spec(
                format!("breaker.{name}.failure_rate"),
                format!("{name} breaker failure rate (%)"),
                SeriesKind::Breaker,
                Consolidation::Max,
            ));
        }
    }
    specs
}
