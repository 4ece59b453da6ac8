//! The resource model (`scenario::limits`): floors on every period that re-arms itself,
//! limits on totals across a scenario, and the arrival processes that used to search
//! forever. Each refusal is located and names the limit; each accepted extreme runs.

use faultline::engine::Simulation;
use faultline::scenario::{Diagnostic, parse_str};
use std::time::{Duration, Instant};

/// Every diagnostic of a scenario as the user sees it.
fn errors(text: &str) -> Vec<String> {
    match parse_str(text, "s.ron") {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics.iter().map(Diagnostic::to_string).collect(),
    }
}

/// A scenario of one topic `t` read by group `g`, with `group` appended to the group's
/// fields and `extra` to the scenario's. Line 4 is the group's line.
fn scenario(group: &str, extra: &str) -> String {
    format!(
        "Scenario(name: \"limits\", duration: \"10s\",\n\
         topics: [Topic(name: \"t\")],\n\
         producers: [Producer(name: \"p\", topic: \"t\", rate: Poisson(per_second: 10.0))],\n\
         consumers: [ConsumerGroup(name: \"g\", topic: \"t\"{group})],\n\
         {extra})"
    )
}

// ----- floors ------------------------------------------------------------------------------

#[test]
fn a_supervisor_restarting_at_once_is_refused() {
    // With restart_after 0 s a crash fault still in effect made the supervisor restart and
    // crash again at one instant forever.
    let text = scenario(r#", supervisor: Some(Supervisor(detect_after: "0s", restart_after: "0s"))"#, "");
    assert_eq!(
        errors(&text),
        [
            "s.ron:4:113: consumers[g].supervisor.restart_after: 0s is under faultline's floor of 100ms: a crash loop's restarts would repeat too often to simulate"
        ]
    );
    assert!(
        errors(&scenario(r#", supervisor: Some(Supervisor(detect_after: "1s", restart_after: "100ms"))"#, ""))
            .is_empty()
    );
}

#[test]
fn timers_that_re_arm_have_floors() {
    let cases = [
        (
            r#", autoscale: Some(Autoscale(min: 1, max: 2, target_backlog: 10, check_every: "1ns", cooldown: "0s"))"#,
            "consumers[g].autoscale.check_every: 1ns is under faultline's floor of 1s: the autoscaler's checks would repeat too often to simulate",
        ),
        (
            r#", commit_interval: "1ns""#,
            "consumers[g].commit_interval: 1ns is under faultline's floor of 1ms: auto-commits would repeat too often to simulate",
        ),
        (
            r#", failures: Some(Failures(mtbf: Exponential("1ns"), mttr: Exponential("1ms")))"#,
            "consumers[g].failures.mtbf: averages 1ns, under faultline's floor of 100ms: failures and repairs would repeat too often to simulate",
        ),
        (
            r#", failures: Some(Failures(mtbf: Uniform(min: "0s", max: "100ms"), mttr: Constant("1ns")))"#,
            "consumers[g].failures.mtbf: averages 50ms, under faultline's floor of 100ms: failures and repairs would repeat too often to simulate",
        ),
    ];
    for (group, message) in cases {
        let all = errors(&scenario(group, ""));
        assert!(all.iter().any(|e| e.ends_with(message)), "{group}: {all:#?}");
    }
    // 0 s of commit interval means "commit each message": no timer, no floor.
    assert!(errors(&scenario(r#", commit_interval: "0s""#, "")).is_empty());
    // A log-normal's mean is above its median: median 80 ms with p99 1 s averages
    // 80 ms × e^(σ²/2), σ = ln(12.5)/2.326 = 1.086, so about 144 ms: above the floor.
    let lognormal = r#", failures: Some(Failures(mtbf: LogNormal(median: "80ms", p99: "1s"), mttr: Constant("1s")))"#;
    assert!(errors(&scenario(lognormal, "")).is_empty());
}

#[test]
fn broker_and_service_failures_have_the_same_floors() {
    let text = scenario(
        "",
        r#"broker: Broker(failures: Some(Failures(mtbf: Exponential("1ns"), mttr: Exponential("1ns")))),
        services: [Service(name: "s", failures: Some(Failures(mtbf: Constant("1s"), mttr: Constant("0s"))))],"#,
    );
    let all = errors(&text);
    let fields: Vec<&str> = all.iter().map(|e| e.split(": ").nth(1).unwrap_or_default()).collect();
    assert_eq!(fields, ["broker.failures.mtbf", "broker.failures.mttr", "services[s].failures.mttr"], "{all:#?}");
}

#[test]
fn a_rate_above_zero_but_below_the_smallest_is_refused() {
    for rate in ["1e-310", "1e-7"] {
        let text = format!(
            "Scenario(name: \"r\", duration: \"10s\", topics: [Topic(name: \"t\")],\n\
             producers: [Producer(name: \"p\", topic: \"t\", rate: Sine(mean_per_second: {rate}, amplitude_per_second: 0.0, period: \"1ns\"))])"
        );
        let all = errors(&text);
        assert_eq!(all.len(), 1, "{all:#?}");
        assert!(
            all[0]
                == format!(
                    "s.ron:2:73: producers[p].rate.mean_per_second: {rate} per second is below faultline's smallest rate of 1e-6 per second (one event in 11.6 days) (raise it)"
                ),
            "{all:#?}"
        );
    }
    // Zero is an idle producer, and the smallest rate itself is accepted.
    for rate in ["0.0", "0.000001"] {
        let text = format!(
            "Scenario(name: \"r\", duration: \"10s\", topics: [Topic(name: \"t\")], producers: [Producer(name: \"p\", topic: \"t\", rate: Poisson(per_second: {rate}))])"
        );
        assert!(errors(&text).is_empty(), "{rate}");
    }
}

// ----- totals ------------------------------------------------------------------------------

#[test]
fn partitions_are_limited_in_total_not_only_per_topic() {
    // 11 topics of 100,000 partitions: each within the per-topic limit, 1,100,000 in all.
    let topics: Vec<String> = (0..11).map(|i| format!("Topic(name: \"t{i}\", partitions: 100000)")).collect();
    let text = format!("Scenario(name: \"p\", duration: \"10s\",\ntopics: [{}])", topics.join(", "));
    assert_eq!(
        errors(&text),
        [
            "s.ron:2:9: topics: partitions add up to 1100000, above faultline's limit of 1000000 in all (each partition is a queue in memory, one per subscribing group)"
        ]
    );
}

#[test]
fn instances_are_limited_in_total_counting_autoscalers_at_their_max() {
    // 9 groups of 10,000 instances is 90,000; a tenth that may autoscale to 10,001... is
    // refused per group, so: a tenth starting at 1 that may grow to 10,000 makes 100,000
    // (at the limit), and an eleventh of 1 instance goes over it.
    let mut groups: Vec<String> =
        (0..9).map(|i| format!("ConsumerGroup(name: \"g{i}\", topic: \"t{i}\", instances: 10000)")).collect();
    groups.push(
        "ConsumerGroup(name: \"g9\", topic: \"t9\", autoscale: Some(Autoscale(min: 1, max: 10000, target_backlog: 10, check_every: \"5s\", cooldown: \"0s\")))".into(),
    );
    let topics: Vec<String> = (0..11).map(|i| format!("Topic(name: \"t{i}\")")).collect();
    let text = |groups: &[String]| {
        format!(
            "Scenario(name: \"i\", duration: \"10s\", topics: [{}],\nconsumers: [{}])",
            topics.join(", "),
            groups.join(", ")
        )
    };
    assert!(errors(&text(&groups)).is_empty(), "100,000 in all is at the limit");
    groups.push("ConsumerGroup(name: \"g10\", topic: \"t10\")".into());
    assert_eq!(
        errors(&text(&groups)),
        [
            "s.ron:2:12: consumers: consumer instances add up to 100001, above faultline's limit of 100000 in all (counting each autoscaled group at its max; each instance has buffers, timers and a heartbeat)"
        ]
    );
}

#[test]
fn breaker_windows_and_dedup_windows_are_limited_in_total() {
    // 116 breakers with a day's time window: 116 × 86,400 = 10,022,400 cells.
    let n = 116;
    let topics: Vec<String> = (0..n).map(|i| format!("Topic(name: \"t{i}\")")).collect();
    let groups: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "ConsumerGroup(name: \"g{i}\", topic: \"t{i}\", handler: Handler(calls: [\"s\"]), circuit_breaker: Some(CircuitBreaker(window: Time(\"1d\"))), idempotent: true, dedup_window: DedupWindow(max_ids: 100000, max_age: \"1h\"))"
            )
        })
        .collect();
    let text = format!(
        "Scenario(name: \"b\", duration: \"10s\", services: [Service(name: \"s\")], topics: [{}],\nconsumers: [{}])",
        topics.join(", "),
        groups.join(", ")
    );
    assert_eq!(
        errors(&text),
        [
            "s.ron:2:12: consumers: circuit-breaker window cells add up to 10022400, above faultline's limit of 10000000 in all (a count window keeps a cell per call, a time window one per second, one breaker per called service)",
            "s.ron:2:12: consumers: dedup ids add up to 11600000, above faultline's limit of 10000000 in all (every idempotent consumer may remember its dedup_window.max_ids)",
        ]
    );
}

#[test]
fn keys_read_by_groups_are_limited_in_total() {
    // Each group tracks the newest message of every key it reads (8 bytes a key): two
    // groups of topics whose producers draw from 6,000,000 keys (the larger of a topic's
    // producers counts) track 12,000,000.
    let text = "Scenario(name: \"k\", duration: \"10s\", topics: [Topic(name: \"a\"), Topic(name: \"b\")],\n\
        producers: [Producer(name: \"p\", topic: \"a\", rate: Poisson(per_second: 1.0), keys: Uniform(keys: 6000000)), Producer(name: \"q\", topic: \"a\", rate: Poisson(per_second: 1.0), keys: Uniform(keys: 10)),\n\
                    Producer(name: \"r\", topic: \"b\", rate: Poisson(per_second: 1.0), keys: Zipf(keys: 6000000, exponent: 1.0))],\n\
        consumers: [ConsumerGroup(name: \"g\", topic: \"a\"), ConsumerGroup(name: \"h\", topic: \"b\")])";
    assert_eq!(
        errors(text),
        [
            "s.ron:4:12: consumers: keys read by the groups add up to 12000000, above faultline's limit of 10000000 in all (each group remembers the newest message of every key it reads, to count order violations)"
        ]
    );
    assert!(errors(&text.replace("6000000", "5000000")).is_empty(), "10,000,000 in all is at the limit");
}

#[test]
fn components_are_limited_in_number() {
    let topics: Vec<String> = (0..1001).map(|i| format!("Topic(name: \"t{i}\")")).collect();
    let text = format!("Scenario(name: \"c\", duration: \"10s\", topics: [{}])", topics.join(", "));
    let all = errors(&text);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(
        all[0].starts_with(
            "s.ron:1:1: 1001 components (0 services, 1001 topics, 0 producers, 0 consumer groups) is above faultline's limit of 1000 in all"
        ),
        "{all:#?}"
    );
}

// ----- arrival processes that used to search forever ----------------------------------------

/// Runs `seconds` of one Bursty producer (`rate`, `on`, `off`) into a topic nobody reads,
/// within a wall-clock budget, and returns the events produced.
fn bursty_events(rate: &str, on: &str, off: &str, seconds: u32) -> u64 {
    let text = format!(
        r#"Scenario(name: "b", duration: "{seconds}s", topics: [Topic(name: "t", capacity: 1000000)],
        producers: [Producer(name: "p", topic: "t", rate: Bursty(per_second: {rate}, on: "{on}", off: "{off}"))])"#
    );
    let started = Instant::now();
    let scenario = parse_str(&text, "s.ron").unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Simulation::new(&scenario).unwrap_or_else(|e| panic!("{e}"));
    sim.run_to_end();
    assert!(started.elapsed() < Duration::from_secs(30), "took {:?}", started.elapsed());
    assert!(sim.conservation_holds());
    sim.ledger().produced
}

#[test]
fn bursty_arrivals_keep_their_rate_however_short_or_rare_the_bursts() {
    // on 1 ns, off 0 s is always on: Poisson at 1,000/s, so 100 s give 100,000 ± 316 (1σ).
    // Searching phase by phase, `check` never returned on this file.
    let n = bursty_events("1000.0", "1ns", "0s", 100);
    assert!((100_000 - 1_264..=100_000 + 1_264).contains(&n), "{n} is not within 4σ of 100,000");
    // 1,000/s during 1 ms of every 4 ms: 250/s on average, so 200 s give 50,000 ± 224 (1σ).
    let n = bursty_events("1000.0", "1ms", "3ms", 200);
    assert!((50_000 - 896..=50_000 + 896).contains(&n), "{n} is not within 4σ of 50,000");
    // One event a day on average while on, on 1 µs of every 2 µs: the next event is days
    // of virtual time and about 10¹¹ phases away; the old search took one draw per phase.
    assert_eq!(bursty_events("0.00001", "1us", "1us", 10), 0);
}

#[test]
fn totals_are_counted_in_one_pass_however_many_producers_and_groups() {
    // 30,000 producers and 30,000 groups on one topic: refused (one topic, many groups),
    // and counting the keys each group reads stays linear (one pass per list, not one per
    // pair: 9 × 10⁸ comparisons before).
    let producers: Vec<String> = (0..30_000)
        .map(|i| format!("Producer(name: \"p{i}\", topic: \"t\", rate: Poisson(per_second: 1.0))"))
        .collect();
    let groups: Vec<String> = (0..30_000).map(|i| format!("ConsumerGroup(name: \"g{i}\", topic: \"t\")")).collect();
    let text = format!(
        "Scenario(name: \"many\", topics: [Topic(name: \"t\")], producers: [{}], consumers: [{}])",
        producers.join(", "),
        groups.join(", ")
    );
    let started = Instant::now();
    let all = errors(&text);
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    // 30 000 groups on one topic is fan-out, valid in itself: the total is what is refused.
    assert!(all[0].contains("60001 components (0 services, 1 topics, 30000 producers, 30000 consumer groups) is above faultline's limit of 1000"), "{}", all[0]);
}
