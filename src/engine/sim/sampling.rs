//! The per-interval sample: one row of the metrics history, the service-level judgement
//! of each group, alert evaluation, and interval resets.

use super::observe::GroupSample;
use super::*;
use crate::metric::{self, BreakerReading, GroupReading, SagaReading, SystemReading, TopicReading};

impl Simulation {
    pub(super) fn on_sample(&mut self) {
        let width = self.now - self.last_sample_at;
        let seconds = width.as_secs_f64().max(1e-12);
        let c = std::mem::take(&mut self.interval);
        self.peak_processed_per_s = self.peak_processed_per_s.max(c.processed as f64 / seconds);
        let mut row = std::mem::take(&mut self.row);
        row.clear();
        let latency = self.interval_latency();
        let system = SystemReading {
            seconds,
            produced: c.produced,
            processed: c.processed,
            dead_lettered: c.dead_lettered,
            failed: c.failed,
            expired: c.expired,
            dropped: c.dropped,
            lost: c.lost,
            p50_ms: latency.quantile_ms(0.50),
            p95_ms: latency.quantile_ms(0.95),
            p99_ms: latency.quantile_ms(0.99),
        };
        row.extend(metric::THROUGHPUT.read(&system));
        row.extend(metric::LATENCY.read(&system));
        self.interval_latency.reset();
        for t in self.topics.keys() {
            if self.topics[t].queue_of().is_some() {
                continue; // a subscriber queue: its topic's row covers it, its group's lag shows it
            }
            row.extend(metric::TOPIC.read(&TopicReading { backlog: self.deepest_backlog(t) }));
            let topic = &mut self.topics[t];
            if topic.stats.interval_dead_letters > 0 {
                self.log.push(
                    self.now,
                    Severity::Warning,
                    topic.name.clone(),
                    LogText::DeadLetters { count: topic.stats.interval_dead_letters, interval: width },
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
            let reading = GroupReading {
                lag,
                in_flight: group.jobs.live(),
                instances: group.live_instances(),
                p95_ms,
                failure_rate,
                objectives_met: met,
                seconds,
                processed: group.stats.interval_processed,
                p50_ms: group.stats.interval_latency.quantile_ms(0.50),
                p99_ms: group.stats.interval_latency.quantile_ms(0.99),
            };
            row.extend(metric::GROUP.read(&reading));
            samples.push(GroupSample { failure_rate, p95_ms, lag });
            let interval = &group.stats.interval_latency;
            group.stats.latency_batches.push_interval(interval.sum_ns(), interval.count());
            group.stats.interval_latency.reset();
            group.stats.interval_processed = 0;
            group.stats.interval_failures = 0;
        }
        for topic in &mut self.topics {
            topic.stats.interval_unserved = 0;
        }
        for service in &mut self.services {
            row.extend(metric::SERVICE.read(&service.take_interval(seconds)));
            for (_, edge) in &mut service.stats.edges {
                edge.end_interval();
            }
        }
        for saga in &mut self.sagas {
            let (running, compensating) = saga.in_progress();
            let [completed, compensated, failed, inconsistent] = std::mem::take(&mut saga.interval_ends);
            let started = std::mem::take(&mut saga.interval_started);
            let reading =
                SagaReading { seconds, running, compensating, started, completed, compensated, failed, inconsistent };
            row.extend(metric::SAGA.read(&reading));
        }
        // Each replica of a service with several (one replica is the service itself), as
        // a service of its own name `SERVICE/N`.
        for service in self.services.iter_mut().filter(|s| s.replicas().len() > 1) {
            for replica in service.replicas_mut().iter_mut() {
                row.extend(metric::SERVICE.read(&replica.take_interval(seconds)));
            }
        }
        for &(caller, k) in &self.breaker_series {
            if let Some(breaker) = self.breaker_of(caller, k) {
                let failure_pct = breaker.current_rates(self.now).map_or(0.0, |r| r.failure_pct);
                row.extend(metric::BREAKER.read(&BreakerReading { level: breaker.state().level(), failure_pct }));
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

impl Simulation {
    /// The history's columns: the metric table's families in the order `on_sample` reads
    /// them (the system's, then each topic's, group's, service's, saga's and breaker's, in the
    /// order of the simulation's vectors and of `breaker_series`), each family's metrics in
    /// table order.
    pub(super) fn series_specs(&self) -> Vec<SeriesSpec> {
        let mut specs: Vec<SeriesSpec> = metric::THROUGHPUT.specs(None).chain(metric::LATENCY.specs(None)).collect();
        for t in self.topics.iter().filter(|t| t.queue_of().is_none()) {
            specs.extend(metric::TOPIC.specs(Some(&t.name)));
        }
        for g in &self.groups {
            specs.extend(metric::GROUP.specs(Some(&g.name)));
        }
        for s in &self.services {
            specs.extend(metric::SERVICE.specs(Some(&s.name)));
        }
        for k in &self.sagas {
            specs.extend(metric::SAGA.specs(Some(k.name())));
        }
        for s in self.services.iter().filter(|s| s.replicas().len() > 1) {
            for replica in s.replicas().iter() {
                specs.extend(metric::SERVICE.specs(Some(replica.name())));
            }
        }
        for &(caller, k) in &self.breaker_series {
            specs.extend(breaker_series_specs(&self.breaker_name(caller, k)));
        }
        specs
    }
}

/// The history series of the breaker "CALLER:SERVICE" (its state level and failure rate).
pub(super) fn breaker_series_specs(name: &str) -> Vec<SeriesSpec> {
    metric::BREAKER.specs(Some(name)).collect()
}

#[cfg(test)]
mod tests {
    use crate::engine::Simulation;
    use crate::scenario::parse_str;
    use crate::time::SimTime;

    /// Three topics (names with dots), two groups (one with a breaker), one service.
    const SCENARIO: &str = r#"Scenario(
        name: "columns", duration: "10s",
        services: [Service(name: "db")],
        topics: [Topic(name: "in"), Topic(name: "in.dlq"), Topic(name: "audit.log")],
        producers: [Producer(name: "src", topic: "in", rate: Poisson(per_second: 10.0))],
        consumers: [
            ConsumerGroup(name: "g", topic: "in", instances: 2, handler: Handler(calls: ["db"]),
                          circuit_breaker: CircuitBreaker(), on_exhausted: DeadLetter("in.dlq")),
            ConsumerGroup(name: "h", topic: "audit.log", instances: 3),
        ],
    )"#;

    fn simulation() -> Simulation {
        let scenario = parse_str(SCENARIO, "columns").unwrap_or_else(|e| panic!("{e}"));
        Simulation::new(&scenario).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The history's columns as they were before the metric table: keys, labels, kinds
    /// and consolidations, in order (the CSV export, the plots and `Series` keys read them);
    /// each group's own throughput and p50/p99 and each service's p50/p99 (for their
    /// per-component plots) follow their older columns.
    #[test]
    fn the_history_columns_are_the_ones_recorded_before_the_metric_table() {
        let sim = simulation();
        let columns: Vec<String> = sim
            .history()
            .specs()
            .iter()
            .map(|s| format!("{} | {} | {:?} | {:?}", s.key, s.label, s.kind, s.consolidation))
            .collect();
        assert_eq!(
            columns,
            [
                "throughput.produced | produced/s | Throughput | Mean",
                "throughput.processed | processed/s | Throughput | Mean",
                "throughput.dead_lettered | dead-lettered/s | Throughput | Mean",
                "throughput.failed | failed attempts/s | Throughput | Mean",
                "throughput.expired | expired/s | Throughput | Mean",
                "throughput.dropped | dropped/s | Throughput | Mean",
                "throughput.lost | lost/s | Throughput | Mean",
                "latency.p50_ms | p50 latency (ms) | Latency | Max",
                "latency.p95_ms | p95 latency (ms) | Latency | Max",
                "latency.p99_ms | p99 latency (ms) | Latency | Max",
                "topic.in.backlog | in backlog | Backlog | Mean",
                "topic.in.dlq.backlog | in.dlq backlog | Backlog | Mean",
                "topic.audit.log.backlog | audit.log backlog | Backlog | Mean",
                "group.g.lag | g lag | Lag | Mean",
                "group.g.in_flight | g in flight | InFlight | Mean",
                "group.g.instances | g instances | Instances | Mean",
                "group.g.p95_ms | g p95 (ms) | Latency | Max",
                "group.g.failure_rate | g failure rate | ServiceErrors | Max",
                "group.g.objectives_met | g objectives met | ServiceLevel | Mean",
                "group.g.processed | g processed/s | Throughput | Mean",
                "group.g.p50_ms | g p50 (ms) | Latency | Max",
                "group.g.p99_ms | g p99 (ms) | Latency | Max",
                "group.h.lag | h lag | Lag | Mean",
                "group.h.in_flight | h in flight | InFlight | Mean",
                "group.h.instances | h instances | Instances | Mean",
                "group.h.p95_ms | h p95 (ms) | Latency | Max",
                "group.h.failure_rate | h failure rate | ServiceErrors | Max",
                "group.h.objectives_met | h objectives met | ServiceLevel | Mean",
                "group.h.processed | h processed/s | Throughput | Mean",
                "group.h.p50_ms | h p50 (ms) | Latency | Max",
                "group.h.p99_ms | h p99 (ms) | Latency | Max",
                "service.db.calls | db calls/s | ServiceCalls | Mean",
                "service.db.errors | db errors/s | ServiceErrors | Mean",
                "service.db.busy | db busy + queued | ServiceCalls | Mean",
                "service.db.p50_ms | db p50 (ms) | Latency | Max",
                "service.db.p99_ms | db p99 (ms) | Latency | Max",
                "breaker.g:db.state | g:db breaker (0 closed, 1 half-open, 2 open) | Breaker | Max",
                "breaker.g:db.failure_rate | g:db breaker failure rate (%) | Breaker | Max",
            ]
        );
    }

    /// Each value lands under its own column: the groups' instance counts differ (2 and 3),
    /// nothing is published to `audit.log`, and the breaker stays closed.
    #[test]
    fn each_value_is_written_under_its_own_column() {
        let mut sim = simulation();
        sim.step_until(SimTime::from_secs_f64(5.0));
        let history = sim.history();
        let last = |key: &str| {
            let column = history.column_index(key).unwrap_or_else(|| panic!("no column {key}"));
            history.column(column).last().copied().unwrap_or_else(|| panic!("no row"))
        };
        assert_eq!(history.len(), 5, "one row per second");
        assert_eq!(last("group.g.instances"), 2.0);
        assert_eq!(last("group.h.instances"), 3.0);
        assert_eq!(last("topic.audit.log.backlog"), 0.0);
        assert_eq!(last("group.h.lag"), 0.0);
        assert_eq!(last("breaker.g:db.state"), 0.0);
        assert_eq!(last("throughput.lost"), 0.0);
        let produced: f32 = history.column(0).iter().sum();
        assert!(produced > 0.0, "the first column is the producers' rate");
    }
}
