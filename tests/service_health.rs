//! Active health checks on a service's replicas (issue 18): Envoy's `health_checks` and
//! Kubernetes' readiness probe, at exact times worked out by hand.
//!
//! The system: one message every 10 ms (at 10 ms, 20 ms, …), no work, one call each to a
//! service of three replicas answering in exactly 1 ms, balanced round robin, no retries.
//! Message k goes to replica ((k − 1) mod 3) + 1 while all three are in balancing.
//! Probes every 100 ms (at 0.1 s, 0.2 s, …) with a 50 ms timeout; out after 3 failed
//! probes in a row, back after 2 passed.

mod common;

use common::{secs, simulation};
use faultline::engine::Simulation;
use faultline::engine::status::{ProbeStatus, ReplicaStatus};

fn probed(faults: &str) -> Simulation {
    simulation(&format!(
        r#"Scenario(name: "probed", seed: 1, duration: "4s",
            services: [Service(name: "svc", latency: Constant("1ms"), replicas: 3, balance: RoundRobin,
                health_check: Some(ServiceHealthCheck(interval: "100ms", timeout: "50ms",
                    unhealthy_threshold: 3, healthy_threshold: 2)))],
            topics: [Topic(name: "jobs")],
            producers: [Producer(name: "p", topic: "jobs", rate: Constant(per_second: 100.0))],
            consumers: [ConsumerGroup(name: "g", topic: "jobs", concurrency: 10,
                handler: Handler(work: Constant("0s"), calls: ["svc"]),
                retry: Retry(max_attempts: 1), on_exhausted: Drop)],
            faults: [{faults}],
        )"#
    ))
}

fn replica(sim: &Simulation, r: usize) -> ReplicaStatus {
    sim.status().services[0].replicas[r].clone()
}

fn probe(sim: &Simulation, r: usize) -> ProbeStatus {
    replica(sim, r).probe.expect("a service with a health check reports its probes")
}

/// svc/2 crashes at 1.05 s for 1 s. Probes at 1.1, 1.2 and 1.3 s find it down (refused at
/// once): out of balancing at 1.3 s, 0.25 s after the crash — within (k − 1)·i = 0.2 s and
/// k·i = 0.3 s. Before that, messages 106 … 129 (at 1.06 … 1.29 s; the one at 1.3 s comes
/// after the probe scheduled before it) were balanced over all three: those with k ≡ 2
/// (mod 3), 107, 110, …, 128, are 8 calls to the dead replica, each failed fast — the
/// rate × detection time / replicas of 100/s × 0.25 s / 3 = 8.3. From 1.3 s none reaches
/// it. It is up at 2.05 s; probes pass at 2.1 and 2.2 s: back at 2.2 s, within
/// (h − 1)·i = 0.1 s and h·i = 0.2 s after.
#[test]
fn a_crash_is_found_within_k_intervals_and_the_replica_is_back_after_h_passes() {
    let crash = r#"Fault(at: "1.05s", duration: "1s", target: "svc/2", kind: Crash)"#;
    let mut sim = probed(crash);
    sim.step_until(secs(1.2999));
    let p = probe(&sim, 1);
    assert_eq!((p.unhealthy, p.failing, p.unhealthy_threshold), (false, 2, 3));
    assert_eq!(replica(&sim, 1).unreachable, 8);
    sim.step_until(secs(1.3));
    let p = probe(&sim, 1);
    assert_eq!((p.unhealthy, p.failing, p.ejections), (true, 3, 1));
    // Out of balancing: no call finds it down any more, however long it stays down.
    sim.step_until(secs(2.1999));
    assert_eq!(replica(&sim, 1).unreachable, 8);
    let p = probe(&sim, 1);
    assert_eq!((p.unhealthy, p.passing, p.failed_probes), (true, 1, 10), "failed at 1.1 … 2.0 s");
    sim.step_until(secs(2.2));
    assert!(!probe(&sim, 1).unhealthy, "back at exactly 2.2 s");
    let served_before = replica(&sim, 1).calls;
    sim.step_until(secs(2.5));
    assert!(replica(&sim, 1).calls > served_before, "it takes calls again");
    // The others never failed a probe; the log says when it went and came back.
    assert!([0, 2].iter().all(|&r| probe(&sim, r).failed_probes == 0));
    let lines = common::log_lines(&sim, "health probes");
    assert_eq!(
        lines,
        [
            (1.3, "svc/2: out of balancing: failed 3 health probes in a row".to_string()),
            (2.2, "svc/2: back in balancing: passed 2 health probes in a row".to_string()),
        ]
    );
    assert!(sim.conservation_holds());
}

/// A hung replica answers, but too late: Slow ×100 makes svc/2's probe take 1 ms × 100 =
/// 100 ms, past the 50 ms timeout. The fault begins at 0.5 s, before the probe due at the
/// same instant (it was scheduled at the start, the probe at 0.4 s), so the probes sent at
/// 0.5, 0.6 and 0.7 s fail when their timeouts end, at 0.55, 0.65 and 0.75 s: out at
/// exactly 0.75 s, while it is still up. Outlier detection would need three failed calls
/// to find it; the probe needs none.
#[test]
fn a_hung_replica_fails_its_probes_at_the_timeout() {
    let slow = r#"Fault(at: "0.5s", duration: "10s", target: "svc/2", kind: Slow(factor: 100.0))"#;
    let mut sim = probed(slow);
    sim.step_until(secs(0.7499));
    assert_eq!((probe(&sim, 1).failing, probe(&sim, 1).unhealthy), (2, false));
    sim.step_until(secs(0.75));
    let p = probe(&sim, 1);
    assert_eq!((p.failing, p.unhealthy), (3, true));
    assert!(replica(&sim, 1).up, "up, but out of balancing");
}

/// Without a health check nothing is probed and the status says so.
#[test]
fn a_service_without_a_health_check_reports_no_probes() {
    let mut sim = simulation(
        r#"Scenario(name: "plain", seed: 1, duration: "1s",
            services: [Service(name: "svc", latency: Constant("1ms"), replicas: 2)],
            topics: [Topic(name: "jobs")],
            producers: [Producer(name: "p", topic: "jobs", rate: Constant(per_second: 100.0))],
            consumers: [ConsumerGroup(name: "g", topic: "jobs", handler: Handler(work: Constant("0s"), calls: ["svc"]))])"#,
    );
    sim.run_to_end();
    assert!(sim.status().services[0].replicas.iter().all(|r| r.probe.is_none()));
}

/// A health check added live at 0.45 s probes from the next multiple of its interval:
/// svc/2, crashed since 0 s, fails the probes of 0.5, 0.6 and 0.7 s and is out at 0.7 s.
/// Removed live at 1 s, every replica is back in balancing at once, and calls find the
/// dead one again (round robin resumes with it).
#[test]
fn a_health_check_added_live_probes_from_the_next_multiple_and_removed_returns_every_replica() {
    use faultline::engine::Command;
    let set = |path: &str, value: &str| Command::Set { path: path.into(), value: value.into() };
    let mut sim = simulation(
        r#"Scenario(name: "live probes", seed: 1, duration: "2s",
            services: [Service(name: "svc", latency: Constant("1ms"), replicas: 3, balance: RoundRobin)],
            topics: [Topic(name: "jobs")],
            producers: [Producer(name: "p", topic: "jobs", rate: Constant(per_second: 100.0))],
            consumers: [ConsumerGroup(name: "g", topic: "jobs", concurrency: 10,
                handler: Handler(work: Constant("0s"), calls: ["svc"]),
                retry: Retry(max_attempts: 1), on_exhausted: Drop)],
            faults: [Fault(at: "0s", duration: "1h", target: "svc/2", kind: Crash)],
        )"#,
    );
    sim.step_until(secs(0.45));
    let check = r#"{"interval":"100ms","timeout":"50ms","unhealthy_threshold":3,"healthy_threshold":2}"#;
    sim.apply(set("services.svc.health_check", check)).expect("a health check can be added live");
    sim.step_until(secs(0.6999));
    assert_eq!((probe(&sim, 1).failing, probe(&sim, 1).unhealthy), (2, false));
    sim.step_until(secs(0.7));
    assert!(probe(&sim, 1).unhealthy);
    let unreachable = replica(&sim, 1).unreachable;
    sim.step_until(secs(1.0));
    assert_eq!(replica(&sim, 1).unreachable, unreachable, "out of balancing: no call finds it");
    sim.apply(set("services.svc.health_check", "null")).expect("and removed");
    assert!(replica(&sim, 1).probe.is_none());
    sim.step_until(secs(1.1));
    assert!(replica(&sim, 1).unreachable > unreachable, "back in balancing, dead as it is");
    assert!(sim.conservation_holds());
}
