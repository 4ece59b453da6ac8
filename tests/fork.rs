//! Forking a running simulation into A (unchanged) and B (changed) with common random
//! numbers, reseeding for independent replications, and the comparison between them.

mod common;

use common::{fingerprint, secs, shipped};
use faultline::engine::{Command, Simulation};
use faultline::experiment::{Control, ExperimentError, Plan, fork, fork_compare};
use faultline::session::Session;
use faultline::time::SimDuration;

fn set(path: &str, value: &str) -> Command {
    Command::Set { path: path.into(), value: value.into() }
}

fn plan(replications: u32, metrics: &[&str]) -> Plan {
    Plan {
        replications,
        base_seed: 1000,
        warmup: SimDuration::ZERO,
        metrics: metrics.iter().map(|m| m.to_string()).collect(),
        run_length: None,
    }
}

/// The reference scenario one minute in: backlog, retries, an open incident's aftermath.
fn state() -> Simulation {
    let mut sim = Simulation::new(&shipped("order-pipeline.ron")).expect("builds");
    sim.step_until(secs(60.0));
    sim
}

/// Everything about the modelled system, without the command list and the event log.
fn model(sim: &Simulation) -> String {
    let history = sim.history();
    let columns: Vec<Vec<u32>> =
        (0..history.specs().len()).map(|i| history.column(i).iter().map(|v| v.to_bits()).collect()).collect();
    format!("{}\n{:?}\n{columns:?}\n{:?}", faultline::experiment::report_json(sim), history.times_s(), sim.status())
}

/// With a change that changes nothing, B is A bit for bit, and A (replication 0, the
/// original streams) is exactly the future the unforked run has.
#[test]
fn a_no_op_fork_gives_b_equal_to_a_and_a_equal_to_the_unforked_run() {
    let state = state();
    let no_op = [set("consumers.payments.retry.max_attempts", "4")];
    let horizon = SimDuration::from_secs(60);
    let fork = fork_compare(&state, &no_op, horizon, &plan(3, &[]), &Control::default()).expect("runs");

    let mut unforked = state.clone();
    unforked.reset_statistics();
    unforked.step_until(secs(120.0));
    assert_eq!(fingerprint(&fork.a), fingerprint(&unforked), "A is the unforked future");
    assert_eq!(model(&fork.b), model(&fork.a), "B is A");
    assert_eq!(fork.b.commands().len(), 1, "B records its change");

    assert_eq!(fork.comparison.replications, 3);
    for (metric, c) in &fork.comparison.metrics {
        assert_eq!((c.diff_mean, c.diff_ci95_low, c.diff_ci95_high), (0.0, Some(0.0), Some(0.0)), "{metric}");
    }
    let names: Vec<&String> = fork.comparison.metrics.keys().collect();
    assert_eq!(
        names,
        [
            "groups.payments.service_level.availability",
            "latency_ms.p99",
            "ledger.dead_lettered",
            "ledger.lost",
            "throughput_per_second.mean"
        ]
    );
}

/// Common random numbers: B's change to the gateway changes what the gateway and the
/// consumers draw, and nothing else — the producer's arrivals are the same, draw for draw.
#[test]
fn only_the_changed_components_draws_differ() {
    let (mut a, mut b) =
        fork(&state(), &[set("services.payment-gateway.latency", r#"{"Constant":"5ms"}"#)]).expect("a valid change");
    a.step_until(secs(120.0));
    b.step_until(secs(120.0));
    let produced = |sim: &Simulation| {
        let i = sim.history().column_index("throughput.produced").expect("a produced series");
        sim.history().column(i).iter().map(|v| v.to_bits()).collect::<Vec<_>>()
    };
    assert_eq!(produced(&a), produced(&b), "the same arrivals, second by second");
    assert_eq!(a.status().producers[0].produced, b.status().producers[0].produced);
    assert_ne!(a.ledger().processed, b.ledger().processed, "but a faster gateway processes more");
    let history_before = |sim: &Simulation| sim.history().times_s().iter().take_while(|t| **t <= 60.0).count();
    assert_eq!(history_before(&a), 60, "A and B share the first minute of history");
}

/// Reseeding re-derives every stream: two clones reseeded alike go on identically, a
/// clone reseeded differently draws a different future (in every component), and the
/// reseed is a recorded command that a session replays.
#[test]
fn reseeded_clones_differ_from_the_original_but_not_from_each_other() {
    let state = state();
    let mut original = state.clone();
    let mut one = state.clone();
    let mut same = state.clone();
    let mut other = state.clone();
    one.reseed(7).expect("reseeds");
    same.reseed(7).expect("reseeds");
    other.reseed(8).expect("reseeds");
    assert_eq!((one.seed(), other.seed(), original.seed()), (7, 8, 42));
    for sim in [&mut original, &mut one, &mut same, &mut other] {
        sim.step_until(secs(180.0));
    }
    assert_eq!(fingerprint(&one), fingerprint(&same));
    assert_ne!(model(&one), model(&other));
    for (name, sim) in [("one", &one), ("other", &other)] {
        // Arrivals and keys, the gateway's latencies and errors, work and retry jitter.
        assert_ne!(sim.status().producers[0].produced, original.status().producers[0].produced, "{name}");
        assert_ne!(sim.status().services[0].errors_by_class, original.status().services[0].errors_by_class, "{name}");
        assert_ne!(sim.groups()[0].stats().latency.summary(), original.groups()[0].stats().latency.summary(), "{name}");
    }
    let replayed = Session::of(&one).replay_until(one.now()).expect("a reseeded run replays");
    assert_eq!(fingerprint(&replayed), fingerprint(&one));
}

/// Replications are independent futures of one state: a real change (no retries instead
/// of four attempts) shows a difference whose interval excludes zero, and replication 0's
/// pair is the one returned.
#[test]
fn a_real_change_shows_a_paired_difference_with_its_interval() {
    let state = state();
    let metrics = ["ledger.dead_lettered", "groups.payments.retries"];
    let control = Control::default();
    let fork = fork_compare(
        &state,
        &[set("consumers.payments.retry.max_attempts", "1")],
        SimDuration::from_secs(60),
        &plan(6, &metrics),
        &control,
    )
    .expect("runs");
    assert_eq!(control.done(), 12, "two runs per replication");
    let retries = &fork.comparison.metrics["groups.payments.retries"];
    assert_eq!(retries.b_mean, 0.0, "no retries without retry attempts");
    assert!(retries.a_mean > 0.0);
    assert!(retries.significant());
    let dead = &fork.comparison.metrics["ledger.dead_lettered"];
    assert!(dead.significant() && dead.diff_mean > 0.0, "{dead:?}");
    assert_eq!(fork.b.groups()[0].stats().retries, 0);
    assert_eq!(fork.a.now(), secs(120.0));

    // One replication is replication 0 alone: the same A as the first of six.
    let single = fork_compare(
        &state,
        &[set("consumers.payments.retry.max_attempts", "1")],
        SimDuration::from_secs(60),
        &plan(1, &metrics),
        &Control::default(),
    )
    .expect("runs");
    assert_eq!(fingerprint(&single.a), fingerprint(&fork.a));
    assert_eq!(single.comparison.metrics["groups.payments.retries"].diff_ci95_low, None);
    assert_ne!(
        single.comparison.metrics["groups.payments.retries"].a_mean, retries.a_mean,
        "the other replications drew other futures"
    );
}

#[test]
fn a_refused_change_or_an_unknown_metric_fails_before_anything_runs() {
    let state = state();
    let control = Control::default();
    let horizon = SimDuration::from_secs(10);
    let e = fork_compare(&state, &[set("consumers.payments.topic", "x")], horizon, &plan(4, &[]), &control)
        .expect_err("refused");
    assert!(matches!(e, ExperimentError::Change(_)), "{e}");
    let e = fork_compare(&state, &[], horizon, &plan(4, &["latency_ms.p999"]), &control).expect_err("no such metric");
    assert!(e.to_string().contains("did you mean `p99`"), "{e}");
    let e = fork_compare(&state, &[], SimDuration::ZERO, &plan(4, &[]), &control).expect_err("no horizon");
    assert!(matches!(e, ExperimentError::NoHorizon));
    assert_eq!(control.done(), 0);
}

/// Every kind of stream draws anew after a reseed: arrivals, publish-retry jitter,
/// service latencies and errors, handler work and retry jitter, the failure cycle, and
/// the fault streams (ErrorRate on a service and on a group, Poison on a topic and on a
/// producer). Each counter below depends on one of them.
#[test]
fn reseeding_reaches_every_kind_of_stream() {
    let text = r#"Scenario(name: "streams", duration: "10m", seed: 1,
        services: [Service(name: "s", latency: Exponential("10ms"), errors: Errors(transient: 0.2),
            failures: Some(Failures(mtbf: Exponential("5s"), mttr: Exponential("1s"))))],
        topics: [Topic(name: "t", capacity: 20)],
        producers: [Producer(name: "p", topic: "t", rate: Poisson(per_second: 200.0),
            publish_retry: PublishRetry(max_attempts: 3, backoff: Constant("50ms"), jitter: Full))],
        consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 2, delivery: Competing,
            handler: Handler(work: Exponential("5ms"), calls: ["s"]),
            retry: Retry(max_attempts: 3, backoff: Constant("20ms"), jitter: Full))],
        faults: [
            Fault(at: "0s", duration: "1h", target: "s", kind: ErrorRate(0.3)),
            Fault(at: "0s", duration: "1h", target: "g", kind: ErrorRate(0.1)),
            Fault(at: "0s", duration: "1h", target: "t", kind: Poison(fraction: 0.05)),
            Fault(at: "0s", duration: "1h", target: "p", kind: Poison(fraction: 0.05)),
        ],
    )"#;
    let mut original = common::simulation(text);
    original.step_until(secs(30.0));
    let mut reseeded = original.clone();
    reseeded.reseed(99).expect("reseeds");
    original.step_until(secs(120.0));
    reseeded.step_until(secs(120.0));
    let counters = |sim: &Simulation| {
        let status = sim.status();
        let (p, s, g) = (&status.producers[0], &status.services[0], &sim.groups()[0].stats());
        let failures = sim.units()[0].availability().figures(sim.now());
        vec![
            ("produced", p.produced as f64),
            ("publish retries", p.policy.publish_retries as f64),
            ("service calls", s.calls as f64),
            ("service errors", s.errors as f64),
            ("group latency mean", g.latency.summary().mean),
            ("retries", g.retries as f64),
            ("poison failures", g.poison_failures as f64),
            ("gateway failures", failures.failures as f64),
            ("gateway down seconds", failures.down_seconds),
        ]
    };
    for ((name, a), (_, b)) in counters(&original).into_iter().zip(counters(&reseeded)) {
        assert_ne!(a, b, "{name}");
    }
}

/// `faultline fork` prints the comparison the library computes, and a session file forks
/// after its own live changes.
#[test]
fn the_cli_forks_a_scenario_or_a_session() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_faultline")).args(args).output().expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("JSON")
    };
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/order-pipeline.ron");
    let file = file.to_str().expect("utf-8 path");
    let printed = run(&[
        "fork",
        file,
        "--at",
        "1m",
        "--horizon",
        "30s",
        "--replications",
        "3",
        "--json",
        "--quiet",
        "--set",
        "consumers.payments.retry.max_attempts=1",
    ]);
    let changes = [set("consumers.payments.retry.max_attempts", "1")];
    let plan = Plan { base_seed: 42, ..plan(3, &[]) };
    let fork = fork_compare(&state(), &changes, SimDuration::from_secs(30), &plan, &Control::default()).expect("runs");
    assert_eq!(printed["metrics"], serde_json::to_value(&fork.comparison.metrics).expect("encodes"));
    assert_eq!(printed["changes"], serde_json::json!(["payments: retry.max_attempts 4 → 1"]));
    assert_eq!(printed["seeds"], serde_json::json!([43, 44]));

    // A session whose own change (no retries) happened at 30 s: forking it at 1 m with the
    // same change again changes nothing.
    let mut live = Simulation::new(&shipped("order-pipeline.ron")).expect("builds");
    live.step_until(secs(30.0));
    live.apply(set("consumers.payments.retry.max_attempts", "1")).expect("valid");
    live.step_until(secs(60.0));
    let path = std::env::temp_dir().join(format!("faultline-fork-{}.session.ron", std::process::id()));
    std::fs::write(&path, Session::of(&live).to_ron_string()).expect("writes");
    let printed = run(&[
        "fork",
        path.to_str().expect("utf-8 path"),
        "--at",
        "1m",
        "--horizon",
        "10s",
        "--replications",
        "2",
        "--json",
        "--quiet",
        "--set",
        "consumers.payments.retry.max_attempts=1",
    ]);
    assert_eq!(printed["changes"], serde_json::json!([]));
    assert_eq!(printed["metrics"]["ledger.dead_lettered"]["diff_mean"], 0.0);
    let _ = std::fs::remove_file(path);

    // The report: the table and A and B overlaid.
    let report = std::env::temp_dir().join(format!("faultline-fork-{}.md", std::process::id()));
    run(&[
        "fork",
        file,
        "--at",
        "1m",
        "--horizon",
        "10s",
        "--replications",
        "2",
        "--json",
        "--quiet",
        "--set",
        "consumers.payments.retry.max_attempts=1",
        "--report",
        report.to_str().expect("utf-8 path"),
    ]);
    let text = std::fs::read_to_string(&report).expect("written");
    assert!(
        text.contains("| ledger.dead_lettered |") && text.contains("## A and B over time"),
        "{}",
        &text[..text.len().min(500)]
    );
    let _ = std::fs::remove_file(report);
}

/// `fork --at` is checked against the end of the run a session had at that moment: past
/// the scenario's duration is refused, unless a recorded change lengthened the run.
#[test]
fn the_cli_forks_a_session_within_the_end_its_changes_gave_it() {
    let mut live = common::simulation(common::SHORT_RUN);
    live.step_until(secs(10.0));
    let unchanged = Session::of(&live).to_ron_string();
    live.apply(set("duration", "40s")).expect("valid");
    live.step_until(secs(12.0));
    let lengthened = Session::of(&live).to_ron_string();
    let dir = std::env::temp_dir().join(format!("faultline-fork-end-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let fork_at_30s = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("writes");
        let path = path.to_str().expect("utf-8 path").to_string();
        let args = ["fork", &path, "--at", "30s", "--horizon", "1s", "--replications", "2", "--json", "--quiet"];
        std::process::Command::new(env!("CARGO_BIN_EXE_faultline")).args(args).output().expect("runs")
    };
    let refused = fork_at_30s("unchanged.session.ron", &unchanged);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        "error: --at 30s: after the end of the run (20s); fork at or before it\n"
    );
    let forked = fork_at_30s("lengthened.session.ron", &lengthened);
    assert!(forked.status.success(), "{}", String::from_utf8_lossy(&forked.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&forked.stdout).expect("JSON");
    assert_eq!((printed["at_s"].as_f64(), printed["horizon_s"].as_f64()), (Some(30.0), Some(1.0)));
    let _ = std::fs::remove_dir_all(dir);
}
