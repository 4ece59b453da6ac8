//! Active health checks of a consumer group (`health_check`): probes on a fixed grid
//! (every multiple of `interval` from time zero), `failure_threshold` failed probes in a
//! row before the action. A crash at t is acted on at the k-th probe strictly after t,
//! so k·i ≥ detection delay > (k − 1)·i. Every time below is exact: Constant arrivals,
//! scheduled faults, no random draw.

mod common;

use common::{secs, simulation};
use faultline::engine::Simulation;

/// One Competing group of `instances`, one producer at 1 message/s, a 10 ms handler, and
/// the given health check, supervisor and faults. Competing groups detect a silent member
/// after RabbitMQ's 60 s heartbeat timeout, later than every probe-based detection here.
fn group(instances: u32, health: &str, extra: &str, faults: &str, duration: &str) -> Simulation {
    simulation(&format!(
        r#"Scenario(name: "health", duration: "{duration}",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Competing, instances: {instances},
                handler: Handler(work: Constant("10ms")),
                health_check: Some({health}){extra})],
            faults: [{faults}],
        )"#
    ))
}

fn crash_at(at: &str, duration: &str) -> String {
    format!(r#"Fault(at: "{at}", duration: "{duration}", target: "g/1", kind: Crash)"#)
}

/// When the first incident was detected, by what, and when it recovered (seconds).
fn first_incident(sim: &Simulation) -> (f64, String, f64) {
    let incident = sim.incidents().iter().next().expect("the crash opened an incident");
    (
        incident.detected_at.map_or(f64::NAN, |t| t.as_secs_f64()),
        incident.detected_by.clone().unwrap_or_default(),
        incident.recovered_at.map_or(f64::NAN, |t| t.as_secs_f64()),
    )
}

/// Interval 10 s, threshold 3, Restart; a 1 s crash (its cause is gone before any
/// restart). Probes at 10, 20, 30, …:
/// - crash at 25 s: failed probes at 30, 40, 50 → restarted at 50 (delay 25 s);
/// - at 29.999 s: 30, 40, 50 → 50 (delay 20.001 s, just above (k − 1)·i = 20 s);
/// - at exactly 30 s: the probe at 30 s was answered before the crash, so 40, 50, 60 →
///   60 (delay 30 s = k·i, the upper bound, reached);
/// - at 30.001 s: 40, 50, 60 → 60 (delay 29.999 s).
#[test]
fn a_crash_is_detected_between_k_minus_one_and_k_intervals_after_it() {
    let check = "HealthCheck(interval: \"10s\", failure_threshold: 3, action: Restart)";
    for (at, detected) in [("25s", 50.0), ("29.999s", 50.0), ("30s", 60.0), ("30.001s", 60.0)] {
        let mut sim = group(1, check, "", &crash_at(at, "1s"), "100s");
        sim.run_to_end();
        let (detected_at, by, recovered_at) = first_incident(&sim);
        assert_eq!((detected_at, by.as_str(), recovered_at), (detected, "health check", detected), "crash at {at}");
        let delay = detected - at.trim_end_matches('s').parse::<f64>().expect("a number of seconds");
        assert!(delay > 20.0 && delay <= 30.0, "crash at {at}: delay {delay}");
        let health = sim.status().groups[0].health_check.expect("the group has a health check");
        assert_eq!((health.failed_probes, health.restarts, health.restarts_refused), (3, 1, 0), "crash at {at}");
        assert!(sim.conservation_holds());
    }
}

/// Without a health check (or supervisor) nothing restarts the instance: the same crash
/// at 25 s stays open to the end (the control for the test above).
#[test]
fn without_a_health_check_the_crashed_instance_stays_down() {
    let mut sim = simulation(
        r#"Scenario(name: "bare", duration: "100s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Competing, handler: Handler(work: Constant("10ms")))],
            faults: [Fault(at: "25s", duration: "1s", target: "g/1", kind: Crash)],
        )"#,
    );
    sim.run_to_end();
    let incident = sim.incidents().iter().next().expect("the crash opened an incident");
    assert_eq!(incident.recovered_at, None);
}

/// A crash fault from 25 s to 125 s, interval 10 s, threshold 3: the restarts at 50, 80
/// and 110 s are refused (the cause persists), each starting the count over; the fourth
/// round of failed probes (120, 130, 140 s) restarts it at 140 s.
#[test]
fn a_restart_is_refused_while_the_crash_persists_and_probing_goes_on() {
    let check = "HealthCheck(interval: \"10s\", failure_threshold: 3, action: Restart)";
    let mut sim = group(1, check, "", &crash_at("25s", "100s"), "200s");
    sim.run_to_end();
    let (detected_at, _, recovered_at) = first_incident(&sim);
    assert_eq!((detected_at, recovered_at), (50.0, 140.0));
    let health = sim.status().groups[0].health_check.expect("the group has a health check");
    assert_eq!((health.failed_probes, health.restarts, health.restarts_refused), (12, 1, 3));
    assert!(sim.conservation_holds());
}

/// The supervisor (heartbeat, `detect_after` 5 s, restart 1 s later) and a health check
/// (10 s × 3) watch the same instance: a crash at 25 s is restarted by the supervisor at
/// 31 s; the probe at 30 s is the only failed one (the one at 40 s succeeds and resets
/// the count), so the health check never acts. (The broker's session timeout is the
/// supervisor's `detect_after` too, and its eviction at 30 s records the detection.)
#[test]
fn the_supervisor_and_the_health_check_first_to_act_wins() {
    let check = "HealthCheck(interval: \"10s\", failure_threshold: 3, action: Restart)";
    let supervisor = r#", supervisor: Some(Supervisor(detect_after: "5s", restart_after: "1s"))"#;
    let mut sim = group(1, check, supervisor, &crash_at("25s", "1s"), "100s");
    sim.run_to_end();
    let (detected_at, by, recovered_at) = first_incident(&sim);
    assert_eq!((detected_at, by.as_str(), recovered_at), (30.0, "heartbeat lost: session timeout", 31.0));
    let health = sim.status().groups[0].health_check.expect("the group has a health check");
    assert_eq!((health.failed_probes, health.restarts, health.ejections), (1, 0, 0));
}

/// Eject: 3 instances, g/1 crashes at 5 s (for good), probes every 1 s, threshold 2:
/// failed probes at 6 s and 7 s → ejected at 7 s, and the group runs on 2 instances.
/// Cost by hand over 10 s: 3 × 7 + 2 × 3 = 27 instance-seconds.
#[test]
fn an_ejected_instance_leaves_the_group_and_its_cost() {
    let check = "HealthCheck(interval: \"1s\", failure_threshold: 2, action: Eject)";
    let mut sim = group(3, check, "", &crash_at("5s", "1h"), "10s");
    sim.step_until(secs(6.999));
    assert_eq!(sim.status().groups[0].instances_provisioned, 3);
    sim.run_to_end();
    let g = &sim.status().groups[0];
    assert_eq!(g.instances_provisioned, 2);
    assert!((g.instance_seconds - 27.0).abs() < 1e-9, "{}", g.instance_seconds);
    let health = g.health_check.expect("the group has a health check");
    assert_eq!((health.failed_probes, health.ejections, health.restarts), (2, 1, 0));
    let (detected_at, by, recovered_at) = first_incident(&sim);
    // Ejecting ends the outage of that slot: it is no longer part of the deployment.
    assert_eq!((detected_at, by.as_str(), recovered_at), (7.0, "health check", 7.0));
    assert!(sim.conservation_holds());
}

/// An alert that acts: availability of g/1 below 0.99 (evaluated at the end of each 1 s
/// sample interval, `for` 0 s) runs `RestartInstance("g/1")`; on resolving, `ScaleBy(+1)`.
/// g/1 crashes at 2.5 s (cause for 10 s): the interval 2..3 s has it up half the time →
/// fires at exactly 3 s, and the restart (RecoverNow ends the fault) has it up at 3 s;
/// the interval 3..4 s is all up → resolves at 4 s and the group goes from 1 to 2.
#[test]
fn an_alert_action_runs_at_the_exact_firing_time_with_the_alert_as_its_cause() {
    let mut sim = simulation(
        r#"Scenario(name: "runbook", duration: "6s", sample_every: "1s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Competing, handler: Handler(work: Constant("10ms")))],
            faults: [Fault(at: "2.5s", duration: "10s", target: "g/1", kind: Crash)],
            alerts: [Alert(name: "g1 down", when: Availability(component: "g/1", below: 0.99, for: "0s"),
                action: Some(RestartInstance("g/1")), on_resolve: Some(ScaleBy(group: "g", by: 1)))],
        )"#,
    );
    sim.step_until(secs(2.999));
    assert!(!sim.status().groups[0].instances[0].up);
    sim.step_until(secs(3.0));
    assert!(sim.status().groups[0].instances[0].up, "restarted by the alert at 3 s");
    sim.step_until(secs(3.999));
    assert_eq!(sim.status().groups[0].instances_provisioned, 1);
    sim.step_until(secs(4.0));
    assert_eq!(sim.status().groups[0].instances_provisioned, 2, "scaled by the alert's on_resolve at 4 s");
    let acted: Vec<(f64, String)> = sim
        .log()
        .entries()
        .iter()
        .filter(|e| matches!(e.text, faultline::engine::LogText::AlertActed { .. }))
        .map(|e| (e.at.as_secs_f64(), e.text.render(faultline::i18n::Lang::En)))
        .collect();
    assert_eq!(acted.len(), 2, "{acted:?}");
    assert_eq!(acted[0].0, 3.0);
    assert!(acted[0].1.starts_with("alert g1 down acted: "), "{}", acted[0].1);
    assert_eq!(acted[1].0, 4.0);
    assert!(sim.commands().is_empty(), "an alert's action is not a recorded command (replay re-fires it)");
    sim.run_to_end();
    assert!(sim.conservation_holds());
}

/// Fault-tolerance rate per incident (see `engine::incident`): 10 messages/s (at every
/// multiple of 100 ms), a 10 ms handler, g/1 crashes at 10.05 s, and a supervisor
/// (noticing after 2 s, restarting 1 s later) has it back at 13.05 s. Arrived during the
/// incident: 10.1 s … 13.0 s = 30 messages.
/// - One instance: nothing is processed until 13.05 s → good 0, rate 0.
/// - Two instances: the other takes every message within 10 ms, far inside the 2 s
///   objective → good 30, rate 1.
#[test]
fn the_fault_tolerance_rate_is_the_work_done_within_objectives_while_the_fault_lasts() {
    let run = |instances: u32| {
        let mut sim = simulation(&format!(
            r#"Scenario(name: "ftr", duration: "20s",
                topics: [Topic(name: "t")],
                producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
                consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Competing, instances: {instances},
                    handler: Handler(work: Constant("10ms")),
                    supervisor: Some(Supervisor(detect_after: "2s", restart_after: "1s")))],
                faults: [Fault(at: "10.05s", duration: "1s", target: "g/1", kind: Crash)],
            )"#
        ));
        sim.run_to_end();
        let status = sim.status();
        let incident = &status.incidents[0];
        assert_eq!(incident.recovered_at, Some(secs(13.05)));
        let ft = incident.fault_tolerance;
        (ft.arrived, ft.good, ft.rate)
    };
    assert_eq!(run(1), (30, 0, Some(0.0)));
    assert_eq!(run(2), (30, 30, Some(1.0)));
}

/// Eject never empties a group: its only instance crashes at 5 s (for 1.5 s), fails the
/// probes at 6 s and 7 s, and is restarted at 7 s instead of ejected.
#[test]
fn the_last_instance_is_restarted_rather_than_ejected() {
    let check = "HealthCheck(interval: \"1s\", failure_threshold: 2, action: Eject)";
    let mut sim = group(1, check, "", &crash_at("5s", "1.5s"), "30s");
    sim.run_to_end();
    let g = &sim.status().groups[0];
    assert_eq!(g.instances_provisioned, 1);
    let health = g.health_check.expect("the group has a health check");
    assert_eq!((health.failed_probes, health.ejections, health.restarts), (2, 0, 1));
    let (detected_at, _, recovered_at) = first_incident(&sim);
    assert_eq!((detected_at, recovered_at), (7.0, 7.0));
    assert!(sim.conservation_holds());
}
