//! Saving scenarios: `to_ron_string` writes text that reads back to an equal scenario, for
//! the shipped scenarios and for random valid ones.

use faultline::engine::Simulation;
use faultline::scenario::*;
use faultline::time::SimDuration;
use proptest::prelude::*;
use std::path::PathBuf;

fn shipped_files() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("scenarios"))
        .map(|dir| dir.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "ron")).collect())
        .unwrap_or_default();
    files.push(root.join("benches/soak-24h.ron"));
    files.sort();
    files
}

#[test]
fn shipped_scenarios_round_trip() {
    let files = shipped_files();
    assert!(files.len() >= 3, "{files:?}");
    for file in files {
        let scenario = load_file(&file).unwrap_or_else(|e| panic!("{e}"));
        let text = to_ron_string(&scenario);
        assert_eq!(parse_str(&text, "saved.ron"), Ok(scenario), "{}:\n{text}", file.display());
    }
}

#[test]
fn saved_text_reads_like_the_hand_written_format() {
    let scenario = load_file(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/mmc.ron"))
        .unwrap_or_else(|e| panic!("{e}"));
    let text = to_ron_string(&scenario);
    for expected in [
        "Scenario(\n",
        "    name: \"M/M/c reference\",\n",
        "    duration: \"2m\",\n",
        "            rate: Poisson(per_second: 8000.0),\n",
        "            handler: Handler(work: Exponential(\"10ms\"), calls: [], timeout: None, emits: [], on_emit_refused: Continue),\n",
        "            delivery: Competing,\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn validate_locates_problems_in_the_written_form() {
    let mut scenario = load_file(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/mmc.ron"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(validate(&scenario, "<edited>"), Ok(()));
    scenario.consumers[0].topic = "job".into();
    let e = validate(&scenario, "<edited>").expect_err("unknown topic");
    let text = to_ron_string(&scenario);
    let line = text.lines().position(|l| l.contains("topic: \"job\"")).unwrap_or_default() + 1;
    assert_eq!(
        e.to_string(),
        format!("<edited>:{line}:20: consumers[servers].topic: unknown topic `job` (did you mean `jobs`?)")
    );
}

// ----- random valid scenarios ------------------------------------------------------------

/// Whole milliseconds up to ten years, or any nanosecond count up to a day (the range where
/// a duration's text form is exact).
fn duration() -> impl Strategy<Value = SimDuration> {
    prop_oneof![
        (0u64..=315_360_000_000).prop_map(SimDuration::from_millis),
        (0u64..=86_400_000_000_000).prop_map(SimDuration::from_nanos),
    ]
}

fn positive_duration() -> impl Strategy<Value = SimDuration> {
    duration().prop_map(|d| if d == SimDuration::ZERO { SimDuration::from_millis(1) } else { d })
}

/// A duration at or above a floor of `scenario::limits` (a period that re-arms itself).
fn at_least(floor: SimDuration) -> impl Strategy<Value = SimDuration> {
    duration().prop_map(move |d| d.max(floor))
}

fn distribution() -> impl Strategy<Value = Distribution> {
    prop_oneof![
        duration().prop_map(Distribution::Constant),
        positive_duration().prop_map(Distribution::Exponential),
        (duration(), duration()).prop_map(|(a, b)| Distribution::Uniform { min: a.min(b), max: a.max(b) }),
        (positive_duration(), positive_duration())
            .prop_map(|(a, b)| Distribution::LogNormal { median: a.min(b), p99: a.max(b) }),
        (0.0f64..=1.0, positive_duration(), positive_duration()).prop_map(|(p, a, b)| {
            Distribution::Hyperexponential { branches: vec![Branch { p, mean: a }, Branch { p: 1.0 - p, mean: b }] }
        }),
        proptest::collection::vec(duration(), 1..5)
            .prop_map(|v| Distribution::Empirical { values: v.into(), csv: None }),
    ]
}

fn probability() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(1.0), 0.0f64..=1.0]
}

fn rate() -> impl Strategy<Value = f64> {
    prop_oneof![Just(1.0), 1e-3f64..1e6]
}

fn arrivals() -> impl Strategy<Value = Arrivals> {
    prop_oneof![
        rate().prop_map(|per_second| Arrivals::Constant { per_second }),
        rate().prop_map(|per_second| Arrivals::Poisson { per_second }),
        (rate(), positive_duration(), duration()).prop_map(|(per_second, on, off)| Arrivals::Bursty {
            per_second,
            on,
            off
        }),
        (rate(), 0.0f64..1e4, positive_duration()).prop_map(|(from_per_second, to_per_second, over)| Arrivals::Ramp {
            from_per_second,
            to_per_second,
            over
        }),
        prop::collection::btree_set(0u64..1_000_000, 1..5).prop_map(|ats| Arrivals::Steps(
            ats.into_iter()
                .map(|ms| Step { at: SimDuration::from_millis(ms), per_second: 1.0 + ms as f64 / 7.0 })
                .collect()
        )),
        (rate(), 0.0f64..=1.0, positive_duration()).prop_map(|(mean, share, period)| Arrivals::Sine {
            mean_per_second: mean,
            amplitude_per_second: mean * share,
            period
        }),
        prop::collection::vec((prop_oneof![Just(0.0), rate()], 1u64..100_000), 1..4).prop_map(|states| {
            let mut states: Vec<ModulatedState> = states
                .into_iter()
                .map(|(per_second, stay_ms)| ModulatedState {
                    per_second,
                    mean_stay: SimDuration::from_millis(stay_ms),
                })
                .collect();
            // Some state publishes (validation asks for one).
            states[0].per_second = states[0].per_second.max(1.0);
            Arrivals::Modulated { states }
        }),
        // Rows without event types: the generated producer may declare none.
        (prop::collection::btree_set(0u64..1_000_000, 1..5), prop_oneof![Just(1.0), 0.01f64..100.0], any::<bool>())
            .prop_map(|(ats, speed, repeats)| {
                let last = ats.iter().max().copied().unwrap_or(0);
                Arrivals::Replay {
                    trace: ats
                        .into_iter()
                        .map(|ms| TraceRow {
                            at: SimDuration::from_millis(ms),
                            key: (ms % 2 == 0).then_some(ms as u32),
                            event: None,
                        })
                        .collect(),
                    csv: None,
                    speed,
                    repeat_every: repeats.then(|| SimDuration::from_millis(last + 1)),
                }
            }),
    ]
}

fn keys() -> impl Strategy<Value = Keys> {
    prop_oneof![
        (1u32..=10_000_000).prop_map(|keys| Keys::Uniform { keys }),
        (1u32..=10_000_000, 1e-3f64..=10.0).prop_map(|(keys, exponent)| Keys::Zipf { keys, exponent }),
    ]
}

fn retry() -> impl Strategy<Value = Retry> {
    let backoff =
        prop_oneof![
            duration().prop_map(Backoff::Constant),
            (duration(), duration(), duration()).prop_map(|(a, increment, b)| Backoff::Linear {
                initial: a.min(b),
                increment,
                max: a.max(b)
            }),
            (positive_duration(), 1.0f64..10.0, positive_duration())
                .prop_map(|(a, multiplier, b)| Backoff::Exponential { initial: a.min(b), multiplier, max: a.max(b) }),
        ];
    let jitter = prop_oneof![Just(Jitter::None), Just(Jitter::Full), Just(Jitter::Equal), Just(Jitter::Decorrelated)];
    (1u32..=1000, backoff, jitter, any::<bool>()).prop_map(|(max_attempts, backoff, jitter, retry_fatal)| Retry {
        max_attempts,
        backoff,
        jitter,
        retry_fatal,
        // A consumer group's retry (where this is used) may have no budget.
        budget: None,
    })
}

fn circuit_breaker() -> impl Strategy<Value = CircuitBreaker> {
    let window = prop_oneof![
        (1u32..=1_000_000).prop_map(Window::Count),
        (1u64..=86_400).prop_map(|s| Window::Time(SimDuration::from_secs(s))),
    ];
    let classes = prop::collection::vec(
        prop_oneof![
            Just(ErrorClass::Transient),
            Just(ErrorClass::Business),
            Just(ErrorClass::Fatal),
            Just(ErrorClass::Timeout)
        ],
        0..4,
    );
    (
        window,
        1u32..500,
        1e-3f64..=1.0,
        positive_duration(),
        1e-3f64..=1.0,
        positive_duration(),
        1u32..50,
        classes,
        any::<bool>(),
    )
        .prop_map(
            |(
                window,
                minimum_calls,
                failure_rate,
                slow,
                slow_rate,
                open_for,
                half_open_calls,
                failure_classes,
                automatic_transition,
            )| {
                CircuitBreaker {
                    window,
                    minimum_calls,
                    failure_rate,
                    slow_call_duration: slow,
                    slow_call_rate: slow_rate,
                    open_for,
                    half_open_calls,
                    failure_classes,
                    automatic_transition,
                }
            },
        )
}

/// The producer's publish retries and outbox relay, and its priority.
fn producer_policies() -> impl Strategy<Value = (u8, PublishRetry, OutboxRelay)> {
    (
        any::<u8>(),
        (1u32..=1000, retry(), 1u32..=10_000),
        (1u64..10_000, 1u32..=1000, 1u32..=1000, positive_duration(), 1u64..=limits::MAX_OUTBOX_CAPACITY),
    )
        .prop_map(
            |(priority, (max_attempts, r, buffer), (poll_ms, batch, max_tries, retry_failed_after, capacity))| {
                let publish_retry = PublishRetry { max_attempts, backoff: r.backoff, jitter: r.jitter, buffer };
                let relay = OutboxRelay {
                    poll_every: SimDuration::from_millis(poll_ms),
                    batch,
                    max_tries,
                    retry_failed_after,
                    capacity,
                };
                (priority, publish_retry, relay)
            },
        )
}

/// Names with characters that need escaping in RON strings (quotes, backslashes, Unicode).
fn name_suffix() -> impl Strategy<Value = String> {
    "[a-z0-9 .\"\\\\é_-]{0,6}"
}

prop_compose! {
    fn random_valid_scenario()(
        name in "[A-Za-z][A-Za-z \"\\\\é]{0,19}",
        description in any::<String>(),
        seed in any::<u64>(),
        duration in positive_duration(),
        suffixes in prop::collection::vec(name_suffix(), 4),
        nodes in 1u32..=1000,
        latency in distribution(),
        work in distribution(),
        (transient, business) in (probability(), probability()),
        capacity in prop::option::of(1u32..1000),
        failures in prop::option::of((at_least(limits::MIN_MTBF), at_least(limits::MIN_MTTR))),
        partitions in 1u32..=100_000,
        topic_capacity in 1u64..u64::MAX,
        overflow in prop_oneof![Just(Overflow::RejectNew), Just(Overflow::DropOldest), Just(Overflow::BlockProducer)],
        ttl in prop::option::of(positive_duration()),
        durable in any::<bool>(),
        rate in arrivals(),
        keys in keys(),
        outbox in any::<bool>(),
        instances in 1u32..=100,
        concurrency in 1u32..=100_000,
        prefetch in prop::option::of(1u32..=1_000_000),
        competing in any::<bool>(),
        timeout in prop::option::of(positive_duration()),
        retry in retry(),
        breaker in prop::option::of(circuit_breaker()),
        bulkhead in prop::option::of((1u32..=100_000, duration())),
        strict_order in any::<bool>(),
        (priority, publish_retry, relay) in producer_policies(),
        shed in prop::option::of((0.0f64..=1.0, 1u8..=255, any::<bool>())),
        limit in prop::option::of((rate(), 1u32..1000, prop_oneof![Just(RateOverflow::Delay), Just(RateOverflow::DeadLetter), Just(RateOverflow::Drop)])),
        exhausted in 0u8..3,
        idempotent in any::<bool>(),
        supervisor in prop::option::of((duration(), at_least(limits::MIN_RESTART_AFTER), at_least(limits::MIN_RESTART_AFTER))),
        autoscale in prop::option::of((1u32..=100, 0u32..100, 1u64..10_000, at_least(limits::MIN_AUTOSCALE_CHECK), duration())),
        fault_gap in positive_duration(),
        error_rate in probability(),
        fraction in probability(),
        factor in 1.001f64..100.0,
        alert_threshold in probability(),
    ) -> Scenario {
        let service = format!("svc{}", suffixes[0]);
        let topic = format!("in{}", suffixes[1]);
        let dlq = format!("dlq{}", suffixes[2]);
        let group = format!("grp{}", suffixes[3]);
        let on_exhausted = match exhausted {
            0 => OnExhausted::DeadLetter(dlq.clone()),
            1 => OnExhausted::Drop,
            _ => OnExhausted::Park,
        };
        let rate_limit = limit.map(|(per_second, burst, overflow)| {
            let overflow = if overflow == RateOverflow::DeadLetter && exhausted == 1 { RateOverflow::Drop } else { overflow };
            RateLimit { per_second, burst, overflow }
        });
        let autoscale = autoscale.map(|(min, extra, target_backlog, check_every, cooldown)| Autoscale {
            min: min.min(instances),
            max: instances + extra,
            target_backlog,
            check_every,
            cooldown,
            // Both policies and a start-up delay, tied to the seed to add no strategy.
            policy: if seed % 2 == 0 {
                ScalePolicy::Proportional
            } else {
                ScalePolicy::Step { up_above: 0.8, up_by: 2, down_below: 0.2, down_by: 1 }
            },
            startup: if seed % 3 == 0 { SimDuration::ZERO } else { cooldown },
        });
        // Standby, a crew and common cause act on a fixed number of failing instances.
        let structured = autoscale.is_none() && failures.is_some();
        let at2 = fault_gap + SimDuration::from_secs(1);
        let duration = duration.max(SimDuration::from_millis(1));
        // Every third scenario types its events, filters them and emits back into its own
        // topic: a cycle that max_hops bounds.
        let typed = seed % 3 == 0;
        Scenario {
            name,
            description: description.clone(),
            seed,
            max_hops: typed.then_some(2),
            sagas: Vec::new(),
            tracing: typed.then(|| Tracing { sample: 0.5, max_traces: 10, roots: Vec::new() }),
            duration,
            sample_every: SimDuration::from_millis((duration.0 / 7 / 1_000_000).max(1)),
            broker: Broker {
                nodes,
                replication: 1 + nodes / 2,
                failover_after: fault_gap,
                failures: failures.map(|(mtbf, mttr)| Failures { mtbf: Distribution::Constant(mtbf), mttr: Distribution::Exponential(mttr) }),
                min_insync: 1 + nodes / 4,
                replication_lag: Distribution::Exponential(fault_gap),
                unclean_election: nodes % 2 == 0,
                // Request costs and batching, tied to generated flags to add no strategy
                // (neither goes with a BlockProducer topic).
                io_threads: 1 + nodes % 8,
                request_cost: if overflow != Overflow::BlockProducer && nodes % 2 == 1 { Distribution::Exponential(fault_gap) } else { Distribution::Constant(SimDuration::ZERO) },
                message_cost: Distribution::Constant(if overflow != Overflow::BlockProducer && nodes % 3 == 0 { SimDuration::from_millis(1) } else { SimDuration::ZERO }),
                queued_max_requests: 1 + (seed % 1000) as u32,
            },
            services: vec![Service {
                name: service.clone(),
                latency,
                errors: Errors { transient: transient / 2.0, business: business / 2.0, fatal: 0.0 },
                capacity,
                failures: failures.map(|(mtbf, mttr)| Failures { mtbf: Distribution::Exponential(mtbf), mttr: Distribution::Constant(mttr) }),
                replicas: 1,
                balance: match seed % 4 {
                    1 => Balance::HashMod,
                    2 => Balance::RingHash { virtual_nodes: 1 + (seed % 300) as u32 },
                    _ => Balance::RoundRobin,
                },
                outlier_detection: None,
                health_check: None,
                calls: Vec::new(),
                timeout: typed.then_some(fault_gap),
                retry: Retry::none(),
                circuit_breaker: None,
                bulkhead: None,
                publishes: if typed { vec![topic.clone()] } else { Vec::new() },
                // Priority and sharing need a capacity.
                queue_discipline: match capacity {
                    Some(c) if typed && c % 2 == 0 => QueueDiscipline::Priority,
                    Some(_) if typed => QueueDiscipline::ProcessorSharing,
                    _ => QueueDiscipline::Fifo,
                },
            }],
            clients: if typed {
                vec![Client {
                    name: format!("client{}", suffixes[0]),
                    rate: Arrivals::Poisson { per_second: 5.0 },
                    calls: vec![service.clone()],
                    timeout: Some(fault_gap),
                    retry: Retry { max_attempts: 2, ..Retry::none() },
                    circuit_breaker: typed.then(CircuitBreaker::default),
                    bulkhead: None,
                    events: vec![EventType { name: "placed".into(), weight: 1.0, priority: None }],
                }]
            } else {
                Vec::new()
            },
            topics: vec![
                Topic {
                    name: topic.clone(), partitions, capacity: topic_capacity, overflow, ttl, expired_to: ttl.map(|_| dlq.clone()), durable,
                    shedding: shed.map(|(share, below_priority, reject)| Shed {
                        backlog_above: (topic_capacity as f64 * share) as u64,
                        below_priority,
                        action: if reject { ShedAction::Reject } else { ShedAction::Drop },
                    }).into_iter().collect(),
                    max_priority: (priority > 0).then_some(priority),
                    // Tied to generated flags, to add no strategy: both retention forms appear.
                    // (Few partitions: the retained records of all stay under their limit.)
                    retention: (durable && (2..=10).contains(&partitions)).then_some(SimDuration::from_secs(90)),
                    retention_messages: (!durable && partitions <= 100).then_some(5_000),
                },
                Topic { name: dlq.clone(), partitions: 1, capacity: 10, overflow: Overflow::DropOldest, ttl: None, expired_to: None, durable: true, shedding: Vec::new(), max_priority: None, retention: None, retention_messages: None },
            ],
            producers: vec![Producer { name: format!("src{}", suffixes[0]), topic: topic.clone(), rate, keys, outbox, priority, publish_retry, relay, send: (overflow != Overflow::BlockProducer && typed).then_some(SendBatch { max_messages: 1 + (seed % 50) as u32, linger: fault_gap }), acks: if outbox { Acks::Leader } else { [Acks::None, Acks::Leader, Acks::All][(nodes % 3) as usize] },
                // Both forms of a batch, tied to another generated flag to add no strategy.
                batch: if outbox { Batch::Weighted(vec![BatchSize { size: 1, weight: 1.0 }, BatchSize { size: 3, weight: 0.5 }]) } else { Batch::Fixed(2) },
                events: if typed { vec![EventType { name: "placed".into(), weight: 0.9, priority: None }, EventType { name: "cancelled".into(), weight: 0.1, priority: None }] } else { Vec::new() } }],
            consumers: vec![ConsumerGroup {
                name: group.clone(),
                topic: topic.clone(),
                instances,
                concurrency,
                prefetch,
                delivery: if competing { Delivery::Competing } else { Delivery::Partitioned },
                dispatch: if competing && seed % 3 == 0 { DispatchPolicy::LeastOutstanding } else { DispatchPolicy::RoundRobin },
                // Every assignor by the seed, in Partitioned delivery only (Competing refuses one).
                assignor: if competing { Assignor::RoundRobin } else { [Assignor::Range, Assignor::RoundRobin, Assignor::Sticky, Assignor::CooperativeSticky][(seed % 4) as usize] },
                // Varied by the seed, like the dedup window below.
                ordering: if !competing && seed % 2 == 1 { OrderScope::Partition } else { OrderScope::Key },
                handler: Handler {
                    work,
                    calls: vec![service.clone(), service.clone()],
                    timeout,
                    emits: if typed {
                        vec![Emit { topic: topic.clone(), event_type: Some("cancelled".into()), when: EmitWhen::Type("placed".into()), probability: 0.5 }]
                    } else {
                        Vec::new()
                    },
                    on_emit_refused: if typed && seed % 2 == 0 { OnEmitRefused::FailAttempt } else { OnEmitRefused::Continue },
                },
                filter: typed.then(|| vec!["placed".to_string(), "cancelled".to_string()]),
                retry,
                circuit_breaker: breaker,
                rate_limit,
                bulkhead: bulkhead.map(|(max_concurrent, max_wait)| Bulkhead { max_concurrent, max_wait }),
                strict_order: strict_order && !competing,
                on_exhausted,
                idempotent,
                supervisor: supervisor.map(|(detect_after, a, b)| Supervisor { detect_after, restart_after: a.min(b), max_restart_after: a.max(b) }),
                autoscale,
                // A health check where no standby is (the two do not combine), tied to
                // generated values to add no strategy.
                health_check: (seed % 4 == 1 && !(structured && instances > 1 && seed % 3 == 0)).then(|| HealthCheck {
                    interval: fault_gap.max(limits::MIN_HEALTH_CHECK_INTERVAL),
                    failure_threshold: 1 + (seed % 5) as u32,
                    action: if competing { HealthAction::Eject } else { HealthAction::Restart },
                }),
                dedup_window: DedupWindow { max_ids: 1 + (seed % 1000) as u32, max_age: fault_gap },
                session_timeout: timeout,
                rebalance_pause: fault_gap,
                commit_interval: if competing { SimDuration::ZERO } else { fault_gap.max(limits::MIN_COMMIT_INTERVAL) },
                failures: failures.map(|(mtbf, mttr)| Failures { mtbf: Distribution::Exponential(mtbf), mttr: Distribution::Exponential(mttr) }),
                objectives: Objectives { latency_p95: fault_gap, success: alert_threshold, target: error_rate },
                // Reliability structures, tied to generated values to add no strategy.
                standby: (structured && instances > 1 && seed % 3 == 0).then(|| Standby {
                    spares: 1,
                    kind: if seed % 2 == 0 { StandbyKind::Cold } else { StandbyKind::Warm(error_rate.clamp(0.01, 1.0)) },
                    switch_over: fault_gap,
                }),
                repair_crew: (structured && seed % 5 == 0).then_some(1 + (seed % 3) as u32),
                common_cause: (structured && seed % 7 == 0)
                    .then(|| CommonCause { mtbf: Distribution::Exponential(SimDuration::from_secs(60)) }),
                // A projection needs a retained topic (either retention form above); tied to
                // generated values to add no strategy, like the structures.
                state: (seed % 4 == 1 && ((durable && (2..=10).contains(&partitions)) || (!durable && partitions <= 100)))
                    .then(|| GroupState::Projection { snapshot_every: 1 + seed % 1000, rebuild_per_second: 10.0 + factor }),
                backup: (seed % 8 == 1 && ((durable && (2..=10).contains(&partitions)) || (!durable && partitions <= 100)))
                    .then(|| Backup { every: fault_gap.max(SimDuration::from_secs(1)) }),
                // Consumer batches need concurrency 1; tied to generated values to add no
                // strategy.
                batch: (concurrency == 1 && seed % 3 == 2).then(|| ConsumeBatch {
                    max_messages: 1 + (seed % 20) as u32,
                    max_wait: fault_gap,
                    per_batch: Distribution::Constant(fault_gap),
                }),
            }],
            faults: vec![
                Fault { at: SimDuration::ZERO, duration: fault_gap, target: service.clone(), kind: FaultKind::ErrorRate(error_rate) },
                Fault { at: at2, duration: fault_gap, target: service.clone(), kind: FaultKind::ErrorRate(error_rate) },
                Fault { at: at2, duration: fault_gap, target: service.clone(), kind: FaultKind::Slow { factor } },
                Fault { at: SimDuration::ZERO, duration: fault_gap, target: format!("{group}/{instances}"), kind: FaultKind::Crash },
                Fault { at: SimDuration::ZERO, duration: fault_gap, target: format!("broker/{nodes}"), kind: FaultKind::Crash },
                Fault { at: SimDuration::ZERO, duration: fault_gap, target: topic.clone(), kind: FaultKind::Poison { fraction } },
            ],
            alerts: vec![
                Alert { name: "failures".into(), when: AlertCondition::FailureRate { group: group.clone(), above: alert_threshold, sustained_for: fault_gap }, action: None, on_resolve: None },
                Alert { name: "slow".into(), when: AlertCondition::LatencyP95 { group: group.clone(), above: fault_gap, sustained_for: fault_gap }, action: None, on_resolve: None },
                Alert { name: "backlog".into(), when: AlertCondition::Backlog { topic: topic.clone(), above: topic_capacity / 2, sustained_for: fault_gap }, action: None, on_resolve: None },
                Alert { name: "lag".into(), when: AlertCondition::ConsumerLag { group: group.clone(), above: 7, sustained_for: SimDuration::ZERO }, action: Some(AlertAction::ScaleBy { group: group.clone(), by: 1 }), on_resolve: Some(AlertAction::ScaleTo { group: group.clone(), instances }) },
                Alert { name: "up".into(), when: AlertCondition::Availability { component: format!("{group}/1"), below: alert_threshold, sustained_for: fault_gap }, action: Some(AlertAction::RestartInstance(format!("{group}/1"))), on_resolve: None },
            ],
            expect: vec![
                Expectation::Expect { name: String::new(), metric: "ledger.lost".into(), per: Some("ledger.produced".into()), at: Some(duration), at_least: None, at_most: Some(alert_threshold) },
                Expectation::Series { name: "lag".into(), key: format!("group.{group}.lag"), from: None, to: None, stat: SeriesStat::Max, at_least: Some(0.0), at_most: None },
                Expectation::Event { name: String::new(), what: EventKind::AlertFired("lag".into()), from: None, to: Some(duration), at_least: None, at_most: Some(3) },
            ],
            lesson: Some(Lesson {
                title: "t".into(),
                summary: "s".into(),
                explanation: description,
                watch: vec![],
                questions: vec![Question { ask: "?".into(), change: vec!["consumers.0.concurrency=2".into()], expect: vec![], answer: String::new() }],
                captions: vec![Caption { at: SimDuration::ZERO, text: "start".into(), focus: Some(group.clone()) }],
                challenge: None,
                actions: match exhausted {
                    0 => vec![Action::Redrive { at: duration, from: dlq.clone(), loop_guard: Some(2) }],
                    2 => vec![Action::Redrive { at: SimDuration::ZERO, from: group.clone(), loop_guard: None }],
                    _ => vec![],
                },
            }),
        }
    }
}

/// parse(write(s)) == s for random valid scenarios, and each of them builds a simulation. The strategy is a wide tuple whose
/// generation needs more stack than a test thread has in a debug build, so the runner gets
/// a thread of its own.
#[test]
fn random_valid_scenarios_round_trip() {
    let run = || {
        let mut runner =
            proptest::test_runner::TestRunner::new(ProptestConfig { cases: 256, ..ProptestConfig::default() });
        runner
            .run(&random_valid_scenario(), |scenario| {
                prop_assert_eq!(validate(&scenario, "generated"), Ok(()), "the generator makes valid scenarios");
                // The engine's own checks (BuildError) never fire for a validated scenario.
                prop_assert!(Simulation::new(&scenario).is_ok());
                let text = to_ron_string(&scenario);
                prop_assert_eq!(parse_str(&text, "saved.ron"), Ok(scenario), "{}", text);
                Ok(())
            })
            .map_err(|failure| failure.to_string())
    };
    let worker = std::thread::Builder::new().stack_size(64 << 20).spawn(run).expect("thread starts");
    match worker.join() {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!("{e}"),
        Err(_) => panic!("the property panicked"),
    }
}
