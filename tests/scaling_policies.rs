//! Autoscaling policies on a fixed backlog: a burst published at 0 s to a handler that
//! takes an hour, so nothing finishes and the lag (queued + held) stays exactly the burst.
//! Every count, time and cost below is hand arithmetic on that constant lag.

mod common;

use common::{secs, simulation};
use faultline::engine::Simulation;

/// `burst` messages at 0 s, one Competing group starting with `instances` and `autoscale`.
fn fixed_backlog(burst: u32, instances: u32, autoscale: &str, duration: &str) -> Simulation {
    simulation(&format!(
        r#"Scenario(name: "fixed backlog", duration: "{duration}",
            topics: [Topic(name: "t", capacity: 1000000)],
            producers: [Producer(name: "p", topic: "t", rate: Replay(trace: [(at: "0s")]), batch: Fixed({burst}))],
            consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Competing, instances: {instances},
                handler: Handler(work: Constant("1h")), autoscale: Some({autoscale}))],
        )"#
    ))
}

/// (check time s, from, to, lag) of every decision.
fn decisions(sim: &Simulation) -> Vec<(f64, u32, u32, u64)> {
    sim.groups()[0].scale_decisions().iter().map(|d| (d.at.as_secs_f64(), d.from, d.to, d.lag)).collect()
}

const STEP: &str = "policy: Step(up_above: 0.8, up_by: 2, down_below: 0.2, down_by: 1)";

/// The source articles' step autoscaler: target 100 per instance, +2 above 0.8, −1 below
/// 0.2, 2..=20 instances, a check every 30 s. Lag 1000, utilisation 1000 / (100 n):
/// n = 2 → 5.0, 4 → 2.5, 6 → 1.67, 8 → 1.25, 10 → 1.0, 12 → 0.83 (each > 0.8: +2), and
/// 14 → 0.71 (between the thresholds: it stays at 14 from 180 s on).
#[test]
fn the_step_autoscaler_climbs_by_two_until_the_utilisation_is_below_the_threshold() {
    let autoscale =
        format!(r#"Autoscale(min: 2, max: 20, target_backlog: 100, check_every: "30s", cooldown: "0s", {STEP})"#);
    let mut sim = fixed_backlog(1000, 2, &autoscale, "300s");
    let mut counts = Vec::new();
    for check in 1..=10 {
        sim.step_until(secs(30.0 * f64::from(check)));
        counts.push(sim.status().groups[0].instances_provisioned);
    }
    assert_eq!(counts, [4, 6, 8, 10, 12, 14, 14, 14, 14, 14]);
    assert_eq!(
        decisions(&sim),
        [
            (30.0, 2, 4, 1000),
            (60.0, 4, 6, 1000),
            (90.0, 6, 8, 1000),
            (120.0, 8, 10, 1000),
            (150.0, 10, 12, 1000),
            (180.0, 12, 14, 1000)
        ]
    );
    let rules: Vec<_> =
        sim.status().groups[0].scaling.as_ref().expect("autoscaled").decisions.iter().map(|d| d.rule).collect();
    assert!(rules.iter().all(|r| *r == faultline::engine::consumer::ScaleRule::StepUp), "{rules:?}");
    // Cost, from 0 to 300 s: 30 s at each of 2, 4, …, 12, then 120 s at 14:
    // 30 × (2 + 4 + 6 + 8 + 10 + 12) + 14 × 120 = 1260 + 1680 = 2940 instance-seconds.
    sim.run_to_end();
    let g = &sim.status().groups[0];
    assert!((g.instance_seconds - 2940.0).abs() < 1e-9, "{}", g.instance_seconds);
    assert!(sim.conservation_holds());
}

/// The same policy on a lag of 10 from 6 instances: utilisation 10 / 600 … 10 / 300 are
/// all below 0.2, so −1 at each check down to min 2 (6 → 5 → 4 → 3 → 2), then it stays.
/// Cost over 200 s: 30 × (6 + 5 + 4 + 3) + 2 × 80 = 540 + 160 = 700 instance-seconds.
#[test]
fn the_step_autoscaler_steps_down_by_one_to_its_minimum() {
    let autoscale =
        format!(r#"Autoscale(min: 2, max: 20, target_backlog: 100, check_every: "30s", cooldown: "0s", {STEP})"#);
    let mut sim = fixed_backlog(10, 6, &autoscale, "200s");
    sim.run_to_end();
    assert_eq!(decisions(&sim), [(30.0, 6, 5, 10), (60.0, 5, 4, 10), (90.0, 4, 3, 10), (120.0, 3, 2, 10)]);
    let g = &sim.status().groups[0];
    assert_eq!(g.instances_provisioned, 2);
    assert!((g.instance_seconds - 700.0).abs() < 1e-9, "{}", g.instance_seconds);
    assert!(sim.conservation_holds());
}

/// A cooldown holds the step policy too: with a 60 s cooldown the checks at 60 s, 120 s,
/// … fall within 60 s of the last change only when strictly less than 60 s have passed,
/// so changes come at 30, 90, 150 s (2 → 4 → 6 → 8), the checks between them skipped.
#[test]
fn the_step_autoscaler_waits_out_its_cooldown() {
    let autoscale =
        format!(r#"Autoscale(min: 2, max: 20, target_backlog: 100, check_every: "30s", cooldown: "60s", {STEP})"#);
    let mut sim = fixed_backlog(1000, 2, &autoscale, "170s");
    sim.run_to_end();
    assert_eq!(decisions(&sim), [(30.0, 2, 4, 1000), (90.0, 4, 6, 1000), (150.0, 6, 8, 1000)]);
}

/// Start-up delay 25 s, proportional policy, lag 1000, target 100, 1..=10 instances,
/// checks every 10 s: at 10 s the autoscaler provisions 9 more (⌈1000 / 100⌉ = 10),
/// which cost from 10 s but take no traffic until 35 s. Only g/1 holds a message before
/// (prefetch 1); from 35 s all ten do. The check at 20 s and 30 s counts the starting
/// ones (desired 10 = current: no change). Cost over 60 s: 1 × 10 + 10 × 50 = 510.
#[test]
fn a_new_instance_costs_from_its_provisioning_but_serves_only_once_started() {
    let autoscale =
        r#"Autoscale(min: 1, max: 10, target_backlog: 100, check_every: "10s", cooldown: "0s", startup: "25s")"#;
    let mut sim = fixed_backlog(1000, 1, autoscale, "60s");
    let serving = |sim: &Simulation| sim.status().groups[0].instances.iter().filter(|i| i.busy > 0).count();
    sim.step_until(secs(34.999));
    let g = &sim.status().groups[0];
    assert_eq!((g.instances_provisioned, serving(&sim)), (10, 1));
    assert_eq!(g.scaling.as_ref().map(|s| s.starting), Some(9));
    sim.step_until(secs(35.0));
    assert_eq!(serving(&sim), 10);
    assert_eq!(sim.status().groups[0].scaling.as_ref().map(|s| s.starting), Some(0));
    sim.run_to_end();
    assert_eq!(decisions(&sim), [(10.0, 1, 10, 1000)]);
    let g = &sim.status().groups[0];
    assert!((g.instance_seconds - 510.0).abs() < 1e-9, "{}", g.instance_seconds);
    assert!(sim.conservation_holds());
}

/// The default policy is the proportional one, and writing it out changes nothing.
#[test]
fn omitting_the_policy_is_the_proportional_formula() {
    let base = r#"Autoscale(min: 1, max: 10, target_backlog: 100, check_every: "10s", cooldown: "0s""#;
    let run = |extra: &str| {
        let mut sim = fixed_backlog(450, 1, &format!("{base}{extra})"), "30s");
        sim.run_to_end();
        decisions(&sim)
    };
    // ⌈450 / 100⌉ = 5 at 10 s; then 450 / 500 = 0.9, within the 10 % tolerance of 1.
    assert_eq!(run(""), [(10.0, 1, 5, 450)]);
    assert_eq!(run(", policy: Proportional"), run(""));
}
