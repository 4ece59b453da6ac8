//! Availability of structures as numbers of `run --json` (`groups.G.availability`,
//! `services.S.availability`, `structures`), against hand arithmetic on a deterministic
//! run and against the reliability-block-diagram closed forms on long random runs; and
//! increasing-hazard (Weibull) failures against the alternating renewal theorem.

mod common;

use common::simulation;
use faultline::curriculum::{self, Status};
use faultline::engine::Simulation;
use faultline::report::RunReport;
use serde_json::Value;

fn report(sim: &Simulation) -> Value {
    serde_json::to_value(RunReport::new(sim, 0.0)).expect("the report encodes")
}

fn number(report: &Value, path: &str) -> f64 {
    faultline::scenario::dotted::get_number(report, path).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

/// Constant failures, so every overlap is known: `a` is up 3 s then down 1 s (down
/// 3–4, 7–8, …: A = 3/4), `b` up 1 s then down 1 s (down 1–2, 3–4, …: A = 1/2); the
/// three instances of `g` and the two replicas of `r` all fail like `a`, in step. Over
/// 40 s (ten 4 s periods):
/// - the chain a → b is up only while both are: down 1–2 and 3–4 of every 4 s, so 1/2;
///   the closed form for independent units says 3/4 · 1/2 = 3/8;
/// - `g` in step: at least one up 3/4 of the time, all three up 3/4 too; independent
///   instances would give 1 − (1/4)³ = 0.984375 and (3/4)³ = 0.421875, and 2-of-3
///   3·(3/4)²·(1/4) + (3/4)³ = 0.84375;
/// - `r`: 3/4 both ways, against 1 − (1/4)² = 0.9375 and (3/4)² = 0.5625.
///
/// The gaps are the lesson: the closed forms assume independent failures, and units
/// that fail together (one rack, one bad release) get none of redundancy's benefit.
const HAND: &str = r#"Scenario(name: "hand", duration: "40s", sample_every: "1s",
    services: [
        Service(name: "a", failures: Failures(mtbf: Constant("3s"), mttr: Constant("1s"))),
        Service(name: "b", failures: Failures(mtbf: Constant("1s"), mttr: Constant("1s"))),
        Service(name: "r", replicas: 2, failures: Failures(mtbf: Constant("3s"), mttr: Constant("1s"))),
        Service(name: "steady"),
    ],
    topics: [Topic(name: "t")],
    consumers: [
        ConsumerGroup(name: "g", topic: "t", instances: 3, failures: Failures(mtbf: Constant("3s"), mttr: Constant("1s"))),
        ConsumerGroup(name: "plain", topic: "t"),
    ],
    expect: [
        Law(law: Serial(components: ["a", "b"]), tolerance: 1.0),
        Law(law: KOutOfN(group: "g", k: 2), tolerance: 1.0),
    ],
)"#;

#[test]
fn structures_of_constant_failures_match_hand_arithmetic() {
    let mut sim = simulation(HAND);
    sim.run_to_end();
    let r = report(&sim);
    let exact = [
        ("structures.serial:a+b.observed", 0.5),
        ("structures.serial:a+b.analytic", 0.375),
        ("structures.serial:a+b.needs_up", 2.0),
        ("structures.2-of:g.observed", 0.75),
        ("structures.2-of:g.analytic", 0.84375),
        ("groups.g.availability.units", 3.0),
        ("groups.g.availability.any_up", 0.75),
        ("groups.g.availability.any_up_analytic", 0.984375),
        ("groups.g.availability.all_up", 0.75),
        ("groups.g.availability.all_up_analytic", 0.421875),
        ("services.r.availability.units", 2.0),
        ("services.r.availability.any_up", 0.75),
        ("services.r.availability.any_up_analytic", 0.9375),
        ("services.r.availability.all_up", 0.75),
        ("services.r.availability.all_up_analytic", 0.5625),
    ];
    for (path, expected) in exact {
        assert!((number(&r, path) - expected).abs() < 1e-9, "{path}: {} vs {expected}", number(&r, path));
    }
    // Only what has failures and more than one unit is a structure; a one-replica
    // service's figures are its `availability` entry.
    for absent in ["/groups/plain/availability", "/services/steady/availability", "/services/a/availability"] {
        assert!(r.pointer(absent).is_none(), "{absent} is present");
    }
    assert_eq!(r["structures"].as_object().map(|m| m.len()), Some(2));
}

/// The lesson's `Serial` and `KOutOfN` checks (from their own watch or the units'
/// timelines) and the report's numbers are one measurement: equal on the hand run.
#[test]
fn the_laws_and_the_report_agree() {
    let scenario = common::scenario(HAND);
    let plan = curriculum::plan(&scenario, None).expect("a plan");
    let (sim, lesson) = curriculum::run(&plan, None).expect("it runs");
    let r = report(&sim);
    let items = lesson.checklist().items();
    assert_eq!(items.len(), 2);
    for (item, path) in items.iter().zip(["structures.serial:a+b.observed", "structures.2-of:g.observed"]) {
        assert_eq!(item.status, Status::Passed, "{}", item.title);
        let observed = item.observed.expect("a value");
        assert!((observed - number(&r, path)).abs() < 1e-12, "{}: {observed} vs {path}", item.title);
    }
}

/// A warm-up restarts the figures as it restarts every unit's. From 10 s to 40 s, `g/1`
/// (down 3–4, 7–8, …) is down 11–12, 15–16, …, 39–40: 8 s of 30, up 22/30, and `g`, in
/// step, the same. The chain a → b is down 11–12 in the period 8–12, then 2 s in each of
/// the seven periods 12–16 … 36–40: 15 s of 30, up 1/2.
#[test]
fn a_warm_up_restarts_the_figures() {
    let mut sim = simulation(HAND);
    sim.step_until(common::secs(10.0));
    sim.reset_statistics();
    sim.run_to_end();
    let r = report(&sim);
    let own = number(&r, "availability.g/1.observed");
    assert!((own - 22.0 / 30.0).abs() < 1e-9, "{own}");
    assert!((number(&r, "groups.g.availability.any_up") - own).abs() < 1e-9);
    assert!((number(&r, "structures.serial:a+b.observed") - 0.5).abs() < 1e-9);
}

/// Three kinds of structure over 20 000 s of exponential failures (thousands of cycles
/// each), against the closed forms for independent units:
/// - `g`, 3 instances, A = 2/3: any up 1 − (1/3)³ = 26/27, all up 8/27, 2-of-3 20/27;
/// - `r`, 2 replicas, A = 3/4: 15/16 and 9/16;
/// - the chain a → b, A = 8/9 and 4/5: 32/45.
///
/// Over seeds 1–10 the ratio observed/analytic had standard deviations of 0.15 % (g any),
/// 1.4 % (g all), 0.19 % (r any), 1.0 % (r all), 0.51 % (chain) and 0.64 % (2-of-3), and
/// means within 0.17 % of 1; the tolerances are about 4σ. No timeline could say this:
/// each unit changes state thousands of times, far beyond the 512 a timeline keeps.
#[test]
fn structures_of_random_failures_match_the_closed_forms() {
    let mut sim = simulation(
        r#"Scenario(name: "long", duration: "20000s", sample_every: "10s", seed: 1,
            services: [
                Service(name: "a", failures: Failures(mtbf: Exponential("8s"), mttr: Constant("1s"))),
                Service(name: "b", failures: Failures(mtbf: Exponential("4s"), mttr: Exponential("1s"))),
                Service(name: "r", replicas: 2, failures: Failures(mtbf: Exponential("3s"), mttr: Exponential("1s"))),
            ],
            topics: [Topic(name: "t")],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 3,
                failures: Failures(mtbf: Exponential("2s"), mttr: Exponential("1s")))],
            expect: [
                Law(law: Serial(components: ["a", "b"]), tolerance: 0.02),
                Law(law: KOutOfN(group: "g", k: 2), tolerance: 0.03),
            ],
        )"#,
    );
    sim.run_to_end();
    let r = report(&sim);
    assert!(number(&r, "availability.g/1.failures") > 5000.0);
    for (observed, analytic, closed_form, tolerance) in [
        ("groups.g.availability.any_up", "groups.g.availability.any_up_analytic", 26.0 / 27.0, 0.007),
        ("groups.g.availability.all_up", "groups.g.availability.all_up_analytic", 8.0 / 27.0, 0.06),
        ("services.r.availability.any_up", "services.r.availability.any_up_analytic", 15.0 / 16.0, 0.008),
        ("services.r.availability.all_up", "services.r.availability.all_up_analytic", 9.0 / 16.0, 0.045),
        ("structures.serial:a+b.observed", "structures.serial:a+b.analytic", 32.0 / 45.0, 0.022),
        ("structures.2-of:g.observed", "structures.2-of:g.analytic", 20.0 / 27.0, 0.028),
    ] {
        let predicted = number(&r, analytic);
        assert!((predicted - closed_form).abs() < 1e-12, "{analytic}: {predicted} vs {closed_form}");
        let seen = number(&r, observed);
        assert!((seen / predicted - 1.0).abs() < tolerance, "{observed}: {seen} vs {predicted}");
    }
}

/// Increasing-hazard failures: time to failure Weibull of shape 2 and mean 8 s (scale
/// 8/Γ(1.5) = 9.027 s, so E[TTF] = scale·Γ(1 + 1/shape) = 8 s), repaired in a log-normal
/// time of median 1 s and p99 3 s (σ = ln 3/z₀.₉₉ = 0.47226, E[TTR] = e^(σ²/2) = 1.11797 s)
/// or a constant 1 s. By the alternating renewal theorem the long-run share up is
/// E[TTF]/(E[TTF] + E[TTR]) whatever the distributions' shapes (Ross, *Stochastic
/// Processes*, §3.4): 8/9.11797 = 0.87739 and 8/9. The law's prediction and the report's
/// `analytic` both use those means. Over seeds 1–10 of 20 000 s (about 2 200 cycles) the
/// observed share had a standard deviation of 0.12 % (log-normal repair) and 0.09 %
/// (constant) of the prediction, the observed MTBF 1.1 % and 0.8 % of 8 s: ±0.5 % and ±5 %
/// are over 4σ.
#[test]
fn weibull_failures_follow_the_alternating_renewal_theorem() {
    let scenario = common::scenario(
        r#"Scenario(name: "weibull", duration: "20000s", sample_every: "10s", seed: 1,
            services: [
                Service(name: "w", failures: Failures(mtbf: Weibull(shape: 2.0, mean: "8s"), mttr: LogNormal(median: "1s", p99: "3s"))),
                Service(name: "v", failures: Failures(mtbf: Weibull(shape: 2.0, mean: "8s"), mttr: Constant("1s"))),
            ],
            topics: [Topic(name: "t")],
        )"#,
    );
    let sigma = 3f64.ln() / 2.326_347_874_040_841;
    let mean_ttr = (sigma * sigma / 2.0).exp();
    assert!((mean_ttr - 1.11797).abs() < 1e-5, "{mean_ttr}");
    let scale = 8.0 / statrs::function::gamma::gamma(1.5);
    assert!((scale - 9.0270).abs() < 1e-4, "{scale}");
    for (name, ttr) in [("w", mean_ttr), ("v", 1.0)] {
        let failures =
            scenario.services.iter().find(|s| s.name == name).and_then(|s| s.failures.as_ref()).expect("failures");
        // The law's prediction: the distributions' means.
        let (up, down, a) = curriculum::theory::availability(&failures.mtbf, &failures.mttr);
        assert!((up - 8.0).abs() < 1e-9 && (down - ttr).abs() < 1e-9, "{name}: {up} {down}");
        assert!((a - 8.0 / (8.0 + ttr)).abs() < 1e-9, "{name}: {a}");
    }
    let mut sim = Simulation::new(&scenario).expect("builds");
    sim.run_to_end();
    let r = report(&sim);
    for (name, ttr) in [("w", mean_ttr), ("v", 1.0)] {
        let predicted = 8.0 / (8.0 + ttr);
        let analytic = number(&r, &format!("availability.{name}.analytic"));
        // The engine's means are whole nanoseconds.
        assert!((analytic - predicted).abs() < 1e-8, "{name}: analytic {analytic} vs {predicted}");
        let observed = number(&r, &format!("availability.{name}.observed"));
        assert!((observed / predicted - 1.0).abs() < 0.005, "{name}: observed {observed} vs {predicted}");
        let mtbf = number(&r, &format!("availability.{name}.mtbf_s"));
        assert!((mtbf / (scale * statrs::function::gamma::gamma(1.5)) - 1.0).abs() < 0.05, "{name}: MTBF {mtbf}");
        assert!(number(&r, &format!("availability.{name}.failures")) > 2000.0);
    }
}

/// The figures are sweepable: a sweep over the instances of `g` on the hand run measures
/// `groups.g.availability.*` and the chain's `structures.*` (a sweep drops expectations,
/// but keeps the `Serial` and `KOutOfN` laws that declare structures). Constant failures
/// give every replication the same numbers: g in step is up 3/4 with 2 or 3 instances,
/// while the closed form climbs from 1 − (1/4)² = 0.9375 to 0.984375; the chain stays 1/2.
#[test]
fn sweeps_measure_the_structures() {
    use faultline::experiment::{self, Assignment, Control, Plan};
    let set: Assignment = "consumers.g.instances=2,3".parse().expect("valid");
    let metrics = [
        "groups.g.availability.any_up",
        "groups.g.availability.any_up_analytic",
        "structures.serial:a+b.observed",
        "structures.2-of:g.analytic",
    ];
    let plan = Plan {
        replications: 2,
        base_seed: 1,
        warmup: faultline::time::SimDuration::ZERO,
        metrics: metrics.iter().map(|m| m.to_string()).collect(),
        run_length: None,
    };
    let base = common::scenario(HAND);
    experiment::check_metrics(&base, &plan).expect("the paths exist");
    let points = experiment::sweep(&base, &[set], &plan, &Control::default()).expect("the sweep runs");
    // 2-of-2 is both up: (3/4)²; 2-of-3 0.84375 as above.
    for (point, expected) in points.iter().zip([[0.75, 0.9375, 0.5, 0.5625], [0.75, 0.984375, 0.5, 0.84375]]) {
        for (metric, value) in metrics.iter().zip(expected) {
            let estimate = point.metrics[*metric];
            assert_eq!(estimate.missing, 0, "{metric}");
            assert!((estimate.mean - value).abs() < 1e-9, "{metric}: {} vs {value}", estimate.mean);
        }
    }
}
