//! The experiment room against queueing theory: sweep confidence intervals cover the
//! analytic M/M/1 sojourn, and paired comparisons find a difference a reader can compute.

mod common;

use common::scenario;
use faultline::experiment::{self, Assignment, Control, Plan};
use faultline::time::SimDuration;

fn mm1(service_ms: f64) -> faultline::scenario::Scenario {
    scenario(&mm1_text(service_ms))
}

fn mm1_text(service_ms: f64) -> String {
    format!(
        r#"Scenario(name: "M/M/1", seed: 11, duration: "100s",
            topics: [Topic(name: "jobs", capacity: 1000000)],
            producers: [Producer(name: "arrivals", topic: "jobs", rate: Poisson(per_second: 500.0))],
            consumers: [ConsumerGroup(name: "server", topic: "jobs", delivery: Competing,
                handler: Handler(work: Exponential("{service_ms}ms")))],
        )"#
    )
}

fn plan(replications: u32, metrics: &[&str]) -> Plan {
    Plan {
        replications,
        base_seed: 11,
        warmup: SimDuration::from_secs(10),
        metrics: metrics.iter().map(|m| m.to_string()).collect(),
        run_length: None,
    }
}

/// λ from 100/s to 900/s against μ = 1000/s: W = 1/(μ − λ). Each point's interval is a
/// 95 % interval, so about one point in twenty misses by chance; with nine points,
/// P(two or more miss) ≈ 7 %, and the seeds are fixed, so "at most one miss" is a
/// reproducible check rather than a flaky one. (It also found none missing when written.)
#[test]
fn sweep_intervals_cover_the_mm1_sojourn() {
    let lambdas: Vec<f64> = (1..=9).map(|k| 100.0 * f64::from(k)).collect();
    let set: Assignment = format!(
        "producers.arrivals.rate.per_second={}",
        lambdas.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(",")
    )
    .parse()
    .expect("valid assignment");
    let points = experiment::sweep(&mm1(1.0), &[set], &plan(10, &["latency_ms.mean"]), &Control::default())
        .expect("the sweep runs");
    assert_eq!(points.len(), 9);
    let mut misses = Vec::new();
    for (point, lambda) in points.iter().zip(&lambdas) {
        let theory_ms = 1000.0 / (1000.0 - lambda);
        let e = point.metrics["latency_ms.mean"];
        let (low, high) = (e.ci95_low.expect("10 replications"), e.ci95_high.expect("10 replications"));
        assert!(high - low < 0.2 * theory_ms, "λ = {lambda}: interval [{low}, {high}] too wide to mean anything");
        if !(low..=high).contains(&theory_ms) {
            misses.push((lambda, theory_ms, low, high));
        }
    }
    assert!(misses.len() <= 1, "analytic W outside the interval at: {misses:?}");
}

/// A faster server (mean 0.9 ms instead of 1 ms) at λ = 500/s: W goes from
/// 1/(1000 − 500) = 2 ms to 1/(1111.1 − 500) = 1.636 ms, a difference of −0.364 ms.
/// Common random numbers pair the runs (same arrivals in both), so 8 replications pin
/// the difference to a narrow interval around it; the arrival count is identical.
#[test]
fn paired_comparison_finds_the_analytic_difference() {
    let plan = plan(8, &["latency_ms.mean", "ledger.produced"]);
    let c = experiment::compare(&mm1(1.0), &mm1(0.9), &plan, &Control::default()).expect("runs");
    let w = c.metrics["latency_ms.mean"];
    let (low, high) = (w.diff_ci95_low.expect("8 pairs"), w.diff_ci95_high.expect("8 pairs"));
    let theory = 1000.0 / (1000.0 / 0.9 - 500.0) - 2.0;
    assert!((low..=high).contains(&theory), "B − A = {} in [{low}, {high}], theory {theory}", w.diff_mean);
    assert!(w.significant() && high - low < 0.1, "[{low}, {high}]");
    let produced = c.metrics["ledger.produced"];
    assert_eq!((produced.diff_mean, produced.diff_ci95_low, produced.diff_ci95_high), (0.0, Some(0.0), Some(0.0)));
}

#[test]
fn a_misspelt_metric_or_path_fails_before_running() {
    let base = mm1(1.0);
    let err = experiment::check_metrics(&base, &plan(2, &["latency_ms.p999"])).expect_err("no such metric");
    assert!(err.to_string().contains("did you mean `p99`"), "{err}");
    let set: Assignment = "consumers.servr.concurrency=2".parse().expect("syntax ok");
    let err = experiment::sweep(&base, &[set], &plan(2, &["latency_ms.mean"]), &Control::default())
        .expect_err("no such group");
    assert!(err.to_string().contains("did you mean `server`"), "{err}");
    let set: Assignment = "consumers.server.concurrency=0".parse().expect("syntax ok");
    let err = experiment::sweep(&base, &[set], &plan(2, &["latency_ms.mean"]), &Control::default())
        .expect_err("zero workers is not a scenario");
    assert!(err.to_string().contains("concurrency"), "{err}");
}

/// The CLI's JSON has the documented shape and parses back.
#[test]
fn cli_json_shapes() {
    let dir = std::env::temp_dir().join(format!("faultline-experiments-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("mm1.ron");
    std::fs::write(&file, mm1_text(1.0)).expect("write");
    let bin = env!("CARGO_BIN_EXE_faultline");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin).args(args).output().expect("runs");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("valid JSON")
    };
    let f = file.to_str().expect("utf-8 temp path");
    let sweep = run(&[
        "sweep",
        f,
        "--set",
        "producers.arrivals.rate.per_second=200,400",
        "--replications",
        "3",
        "--duration",
        "5s",
        "--json",
    ]);
    let point = &sweep["points"][1];
    assert_eq!(point["set"]["producers.arrivals.rate.per_second"], 400);
    assert_eq!(point["replications"], 3);
    for key in ["mean", "ci95_low", "ci95_high"] {
        assert!(point["metrics"]["latency_ms.mean"][key].is_number(), "{key}");
    }
    let compare =
        run(&["compare", f, f, "--replications", "2", "--duration", "5s", "--metric", "latency_ms.mean", "--json"]);
    let m = &compare["metrics"]["latency_ms.mean"];
    for key in ["a_mean", "b_mean", "diff_mean", "diff_ci95_low", "diff_ci95_high"] {
        assert!(m[key].is_number(), "{key}");
    }
    assert_eq!(m["diff_mean"], 0.0);
}

/// A warm-up reset restarts every statistic of the report, including those the policies
/// and faults added (breaker transitions and refusals, incidents, alerts, availability),
/// and keeps the state: right after the reset, every number in `run --json` is zero
/// except the fields that describe the state or the whole run, listed here.
#[test]
fn a_warm_up_reset_restarts_every_statistic_of_the_report() {
    let mut sim = common::simulation(
        r#"Scenario(name: "warm-up", duration: "60s", seed: 3,
            services: [Service(name: "s", latency: Constant("10ms"))],
            topics: [Topic(name: "t", capacity: 50)],
            producers: [Producer(name: "p", topic: "t", rate: Poisson(per_second: 100.0), outbox: true)],
            consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 2, delivery: Competing, idempotent: true,
                handler: Handler(work: Constant("1ms"), calls: ["s"]),
                retry: Retry(max_attempts: 2, backoff: Constant("50ms")),
                circuit_breaker: Some(CircuitBreaker(window: Count(10), minimum_calls: 5, open_for: "1s", half_open_calls: 2)),
                bulkhead: Some(Bulkhead(max_concurrent: 1)),
                rate_limit: Some(RateLimit(per_second: 150.0, burst: 5)),
                supervisor: Some(Supervisor(detect_after: "1s", restart_after: "1s")))],
            faults: [
                Fault(at: "2s", duration: "3s", target: "s", kind: ErrorRate(0.9)),
                Fault(at: "6s", duration: "2s", target: "s", kind: Crash),
                Fault(at: "9s", duration: "1s", target: "g", kind: Crash),
            ],
            alerts: [Alert(name: "failing", when: FailureRate(group: "g", above: 0.2, for: "0s"))],
        )"#,
    );
    sim.step_until(common::secs(20.0));
    let before = experiment::report_json(&sim);
    assert!(before["breakers"]["g:s"]["transitions_total"].as_u64() > Some(0));
    assert!(!before["incidents"].as_array().is_some_and(Vec::is_empty));
    assert!(!before["alerts"].as_array().is_some_and(Vec::is_empty));
    assert!(before["availability"]["s"]["failures"].as_u64() > Some(0));

    sim.reset_statistics();
    let after = experiment::report_json(&sim);
    let state = [
        "seed",
        "virtual_seconds",
        "events",
        "ledger.",
        "topics.t.max_backlog",
        "topics.t.final_backlog",
        // The partition count is the topic's shape, not a statistic.
        "topics.t.partitions",
        "groups.g.instances_final",
        // The group's own ledger is a conservation account like the global one, and its
        // lag is state.
        "groups.g.ledger.",
        "groups.g.lag",
        "groups.g.service_level.target",
        // A share of no interval yet: counted as met, as before the first sample of a run.
        "groups.g.service_level.availability",
        "producers.p.outbox_pending",
        "producers.p.outbox_failed",
        "availability.",
    ];
    // What a queueing station holds now is state; its time averages are statistics.
    let state_exactly = ["groups.g.queueing.in_system", "groups.g.queueing.busy_workers"];
    let mut left = Vec::new();
    walk(&after, String::new(), &mut |path, value| {
        if value != 0.0 && !state.iter().any(|s| path.starts_with(s)) && !state_exactly.contains(&path) {
            left.push(format!("{path} = {value}"));
        }
    });
    assert!(left.is_empty(), "statistics not restarted: {left:?}");
    for unit in ["s", "g/1", "broker/1"] {
        let a = &after["availability"][unit];
        assert_eq!((a["failures"].as_u64(), a["down_seconds"].as_f64()), (Some(0), Some(0.0)), "{unit}");
    }
    assert_eq!(after["breakers"]["g:s"]["transitions"], serde_json::json!([]));
    assert_eq!(after["incidents"], serde_json::json!([]));
    assert_eq!(after["alerts"], serde_json::json!([]));
    assert_eq!(after["topics"]["t"]["max_backlog"], after["topics"]["t"]["final_backlog"]);
    assert!(sim.conservation_holds());
}

/// Calls `visit` with the dotted path and value of every number (and boolean) in `value`.
fn walk(value: &serde_json::Value, path: String, visit: &mut dyn FnMut(&str, f64)) {
    let join = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    match value {
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| walk(v, join(k), visit)),
        serde_json::Value::Array(items) => {
            items.iter().enumerate().for_each(|(i, v)| walk(v, join(&i.to_string()), visit))
        }
        serde_json::Value::Number(n) => visit(&path, n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::Bool(b) => visit(&path, f64::from(u8::from(*b))),
        _ => {}
    }
}

/// A sweep runs the system only: a lesson shortened with `--duration` sweeps even though
/// its expectations and captions lie beyond the shorter run. And a sweep split into one
/// task per point (as on a cluster) gives exactly the points of the whole sweep, which is
/// what the README's recipe for sweeps bigger than one machine relies on.
#[test]
fn a_sweep_split_by_point_equals_the_whole_sweep() {
    let sweep = |values: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_faultline"))
            .args(["sweep", "scenarios/01-happy-path.ron", "--set"])
            .arg(format!("producers.checkout.rate.per_second={values}"))
            .args(["--replications", "2", "--duration", "5s", "--metric", "latency_ms.mean", "--json", "--quiet"])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        value["points"].as_array().expect("points").clone()
    };
    let whole = sweep("100,150");
    let split: Vec<serde_json::Value> = sweep("100").into_iter().chain(sweep("150")).collect();
    assert_eq!(whole.len(), 2);
    assert_eq!(whole, split);
}

/// A figure `run --json` prints as null until it exists (`availability.X.mtbf_s` before
/// X's first failure) can be measured (issue 19); a replication without it counts as
/// missing, never as 0. With a constant 3 s to failure and 1 s to repair, the gateway
/// fails at 3 s and 7 s of a 10 s run: up 3 + 3 + 2 = 8 s over 2 failures, MTBF 4 s in
/// every replication. With 20 s to failure it never fails in 10 s: no MTBF at all.
#[test]
fn a_metric_that_is_null_in_a_replication_is_missing_there() {
    let base = scenario(
        r#"Scenario(name: "flaky", seed: 3, duration: "10s",
            services: [Service(name: "gateway", failures: Failures(mtbf: Constant("3s"), mttr: Constant("1s")))],
            topics: [Topic(name: "jobs")],
            producers: [Producer(name: "arrivals", topic: "jobs", rate: Poisson(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "server", topic: "jobs",
                handler: Handler(work: Exponential("1ms"), calls: ["gateway"]))],
        )"#,
    );
    let set: Assignment = "services.gateway.failures.mtbf.Constant=3s,20s".parse().expect("valid");
    let mut plan = plan(3, &["availability.gateway.mtbf_s", "availability.gateway.failures"]);
    plan.warmup = SimDuration::ZERO;
    experiment::check_metrics(&base, &plan).expect("null before the first failure is not a refusal");
    let points = experiment::sweep(&base, &[set], &plan, &Control::default()).expect("the sweep runs");
    let mtbf = points[0].metrics["availability.gateway.mtbf_s"];
    assert_eq!((mtbf.mean, mtbf.ci95_low, mtbf.ci95_high, mtbf.missing), (4.0, Some(4.0), Some(4.0), 0));
    let mtbf = points[1].metrics["availability.gateway.mtbf_s"];
    assert!(mtbf.mean.is_nan(), "no replication has an MTBF: {mtbf:?}");
    assert_eq!((mtbf.ci95_low, mtbf.missing), (None, 3));
    // The failures themselves are a number in every replication: 2 and 0.
    assert_eq!(points[0].metrics["availability.gateway.failures"].mean, 2.0);
    assert_eq!(points[1].metrics["availability.gateway.failures"].missing, 0);
    assert_eq!(points[1].metrics["availability.gateway.failures"].mean, 0.0);

    // The command line says so: JSON null with the count, and "3 of 3 missing" in the table.
    let dir = std::env::temp_dir().join(format!("faultline-missing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("flaky.ron");
    std::fs::write(&file, faultline::scenario::to_ron_string(&base)).expect("write");
    let f = file.to_str().expect("utf-8 temp path");
    let sweep = |format: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_faultline"))
            .args(["sweep", f, "--set", "services.gateway.failures.mtbf.Constant=3s,20s", "--replications", "3"])
            .args(["--warmup", "0s", "--metric", "availability.gateway.mtbf_s", "--quiet", format])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let json: serde_json::Value = serde_json::from_str(&sweep("--json")).expect("JSON");
    let never = &json["points"][1]["metrics"]["availability.gateway.mtbf_s"];
    assert_eq!((&never["mean"], &never["missing"]), (&serde_json::Value::Null, &serde_json::json!(3)));
    assert_eq!(json["points"][0]["metrics"]["availability.gateway.mtbf_s"]["mean"], 4.0);
    let csv = sweep("--csv");
    assert_eq!(
        csv,
        "services.gateway.failures.mtbf.Constant,availability.gateway.mtbf_s.mean,availability.gateway.mtbf_s.ci95_low,\
         availability.gateway.mtbf_s.ci95_high,availability.gateway.mtbf_s.missing\n3s,4,4,4,0\n20s,,,,3\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
