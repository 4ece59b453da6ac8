//! Replicas behind a load balancer: balancing against queueing theory and hand
//! arithmetic, outlier detection at exact times, and determinism.
//!
//! The systems under test: a producer, a group that does no work of its own and calls one
//! service whose replicas each serve one call at a time (capacity 1), so every replica is
//! a single-server queue and the end-to-end latency of a message is its call's sojourn
//! (waiting + service) at the replica the balancer chose.

mod common;

use common::{secs, simulation};
use faultline::engine::Simulation;

/// A service of `replicas` single-server replicas with exponential service of mean 1 ms
/// (μ = 1000/s), balanced by `balance`, fed Poisson arrivals at `lambda` per second for
/// `duration`. The group takes up to 1 000 messages at once, far above what is ever in the
/// system at these loads, so it never holds a message back.
fn balanced(balance: &str, replicas: u32, lambda: f64, duration: &str) -> Simulation {
    simulation(&format!(
        r#"Scenario(name: "balanced", seed: 5, duration: "{duration}",
            services: [Service(name: "svc", latency: Exponential("1ms"), capacity: 1,
                replicas: {replicas}, balance: {balance})],
            topics: [Topic(name: "jobs", capacity: 1000000)],
            producers: [Producer(name: "arrivals", topic: "jobs", rate: Poisson(per_second: {lambda}))],
            consumers: [ConsumerGroup(name: "callers", topic: "jobs", delivery: Competing,
                concurrency: 1000, prefetch: 1000,
                handler: Handler(work: Constant("0s"), calls: ["svc"]))],
        )"#
    ))
}

/// Mean sojourn of M/M/1: 1/(μ − λ).
fn mm1_mean_sojourn_ms(lambda: f64, mu: f64) -> f64 {
    1000.0 / (mu - lambda)
}

/// Mean sojourn of M/M/c, by Erlang C (as in `engine_theory.rs`): a lower bound for any
/// balancer that must commit a call to one replica on arrival (the pooled queue never
/// leaves a server idle while a call waits).
fn mmc_mean_sojourn_ms(lambda: f64, mu: f64, c: u32) -> f64 {
    let a = lambda / mu;
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (f64::from(k) + a * b);
    }
    let erlang_c = f64::from(c) * b / (f64::from(c) - a * (1.0 - b));
    1000.0 * (1.0 / mu + erlang_c / (f64::from(c) * mu - lambda))
}

/// Random balancing splits a Poisson stream into independent Poisson streams (thinning),
/// so each of N = 3 replicas is an M/M/1 queue at λ/N: at λ = 1 500/s and μ = 1 000/s each
/// is at ρ = 0.5 and W = 1/(1000 − 500) s = 2 ms. 200 s is ~300 000 calls; over seeds 1–10
/// the run mean was 1.995–2.024 ms (sd 0.45 %), so ±2 % is over 4σ.
#[test]
fn random_balancing_over_three_replicas_is_three_mm1_queues_at_a_third_of_the_load() {
    let mut sim = balanced("Random", 3, 1500.0, "200s");
    sim.run_to_end();
    let theory_ms = mm1_mean_sojourn_ms(1500.0 / 3.0, 1000.0);
    assert!((theory_ms - 2.0).abs() < 1e-12);
    let w_ms = sim.latency().mean_ms();
    println!("Random, 3 × M/M/1 at ρ = 0.5: simulated {w_ms:.4} ms, theory {theory_ms:.4} ms");
    assert!((w_ms - theory_ms).abs() / theory_ms < 0.02, "simulated {w_ms:.4} ms vs M/M/1 {theory_ms:.4} ms");
    // Each replica took about a third of the calls (binomial sd ≈ 0.1 % of the total).
    let status = sim.status();
    let calls: Vec<u64> = status.services[0].replicas.iter().map(|r| r.calls).collect();
    let total: u64 = calls.iter().sum();
    assert!(calls.iter().all(|&c| (c as f64 / total as f64 - 1.0 / 3.0).abs() < 0.005), "{calls:?}");
    assert!(sim.conservation_holds());
}

/// At ρ = 0.8 per replica (λ = 2 400/s over three replicas of μ = 1 000/s) random
/// balancing is M/M/1 at 800/s: W = 5 ms. A balancer that looks at the load does much
/// better: no policy that commits each call to one replica on arrival beats the pooled
/// M/M/3 queue (2.082 ms), and join-the-shortest-queue (LeastRequest) comes close to it;
/// two random choices (Mitzenmacher's power of two) get most of the gain with a sample of
/// two. Over seeds 1–10 at 100 s the run means were: Random 4.88–5.18 ms (sd 1.7 %: at
/// ρ = 0.8 neighbouring sojourns stay correlated for long), LeastRequest 2.23–2.33 ms,
/// PowerOfTwoChoices 2.49–2.56 ms. The margins asserted — Random within 8 % of 5 ms (4.7σ),
/// LeastRequest under 60 % of Random and two choices under 75 % — are each over 10σ from
/// what was measured.
#[test]
fn balancing_on_load_beats_random_at_high_load() {
    let lambda = 2400.0;
    let mean_ms = |balance: &str| {
        let mut sim = balanced(balance, 3, lambda, "100s");
        sim.run_to_end();
        assert!(sim.conservation_holds());
        sim.latency().mean_ms()
    };
    let random = mean_ms("Random");
    let least_request = mean_ms("LeastRequest");
    let two_choices = mean_ms("PowerOfTwoChoices");
    let pooled = mmc_mean_sojourn_ms(lambda, 1000.0, 3);
    println!(
        "ρ = 0.8 over 3 replicas: Random {random:.4} ms (M/M/1 theory {:.4}), LeastRequest {least_request:.4} ms, \
         PowerOfTwoChoices {two_choices:.4} ms, pooled M/M/3 bound {pooled:.4} ms",
        mm1_mean_sojourn_ms(lambda / 3.0, 1000.0)
    );
    assert!((random - 5.0).abs() / 5.0 < 0.08, "Random {random:.4} ms vs M/M/1 5 ms");
    assert!(least_request >= pooled * 0.98, "LeastRequest {least_request:.4} ms under the M/M/3 bound {pooled:.4}");
    assert!(least_request < 0.60 * random, "LeastRequest {least_request:.4} ms vs Random {random:.4} ms");
    assert!(two_choices < 0.75 * random, "PowerOfTwoChoices {two_choices:.4} ms vs Random {random:.4} ms");
    assert!(least_request < two_choices, "a full scan sees more than a sample of two");
}

/// A deterministic system for hand arithmetic: one message every 10 ms (at 10 ms, 20 ms,
/// ...), no work, one call each to a service of three replicas answering in exactly 1 ms,
/// no retries. `extra` goes into the service.
fn clockwork(extra: &str, faults: &str, duration: &str) -> Simulation {
    simulation(&format!(
        r#"Scenario(name: "clockwork", seed: 1, duration: "{duration}",
            services: [Service(name: "svc", latency: Constant("1ms"), replicas: 3, {extra})],
            topics: [Topic(name: "jobs")],
            producers: [Producer(name: "p", topic: "jobs", rate: Constant(per_second: 100.0))],
            consumers: [ConsumerGroup(name: "g", topic: "jobs", concurrency: 10,
                handler: Handler(work: Constant("0s"), calls: ["svc"]),
                retry: Retry(max_attempts: 1), on_exhausted: Drop)],
            faults: [{faults}],
        )"#
    ))
}

/// Round robin deals the calls out in turn: over 10 s, 1 000 messages (at 10 ms, 20 ms,
/// …, 10 s), so replicas 1, 2 and 3 get calls 1, 4, 7, … (334), 2, 5, … (333) and 3, 6,
/// … (333); at 10.5 s every call has been answered.
#[test]
fn round_robin_sends_each_of_three_replicas_exactly_a_third() {
    let mut sim = clockwork("balance: RoundRobin", "", "10s");
    sim.run_to_end();
    let status = sim.status();
    let service = &status.services[0];
    let calls: Vec<u64> = service.replicas.iter().map(|r| r.calls + u64::from(r.active) + r.waiting).collect();
    assert_eq!(sim.ledger().produced, 1000);
    assert_eq!(calls, [334, 333, 333]);
    assert_eq!(service.calls + u64::from(service.active) + service.waiting, 1000);
    let names: Vec<&str> = service.replicas.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["svc/1", "svc/2", "svc/3"]);
}

/// Outlier detection with `consecutive_errors: 3`, `eject_for: 10s`, replica 2 failing
/// every call (ErrorRate 1.0 from the start). Round robin sends it calls 2, 5 and 8, sent at
/// 20, 50 and 80 ms; the third answer, at 81 ms, ejects it until 10.081 s. Meanwhile calls
/// alternate between replicas 1 and 3 (odd messages to 3, even to 1), so message 1 009 (at
/// 10.09 s) is the first it gets back, then 1 012 and 1 015: the third error in a row, at
/// 10.151 s, ejects it again for twice as long (until 30.151 s).
#[test]
fn a_failing_replica_is_ejected_after_exactly_consecutive_errors_and_comes_back_after_eject_for() {
    let detection = "balance: RoundRobin, outlier_detection: Some(OutlierDetection(consecutive_errors: 3, eject_for: \"10s\", max_ejected: 0.34))";
    let fault = r#"Fault(at: "0s", duration: "1h", target: "svc/2", kind: ErrorRate(1.0))"#;
    let mut sim = clockwork(detection, fault, "40s");
    let replica = |sim: &Simulation| sim.status().services[0].replicas[1].clone();

    sim.step_until(secs(0.0809));
    assert_eq!((replica(&sim).calls, replica(&sim).ejections), (2, 0));
    sim.step_until(secs(0.081));
    let r = replica(&sim);
    assert_eq!((r.calls, r.errors, r.ejections), (3, 3, 1));
    assert_eq!(r.ejected_until, Some(secs(10.081)));

    // Ejected: no call reaches it for 10 s.
    sim.step_until(secs(10.0809));
    let r = replica(&sim);
    assert_eq!((r.calls, r.ejections), (3, 1));
    assert_eq!(r.ejected_until, Some(secs(10.081)));
    sim.step_until(secs(10.081));
    assert_eq!(replica(&sim).ejected_until, None, "back at exactly 10.081 s");
    sim.step_until(secs(10.0909));
    assert_eq!(replica(&sim).active, 1, "message 1 009 goes to it");

    sim.step_until(secs(10.1509));
    assert_eq!((replica(&sim).calls, replica(&sim).ejections), (5, 1));
    sim.step_until(secs(10.151));
    let r = replica(&sim);
    assert_eq!((r.calls, r.ejections), (6, 2));
    assert_eq!(r.ejected_until, Some(secs(30.151)), "the second ejection lasts 2 × 10 s");

    // The others were never ejected, and the log says when and for how long.
    let status = sim.status();
    assert!(status.services[0].replicas.iter().filter(|r| r.name != "svc/2").all(|r| r.ejections == 0));
    let ejections = common::log_lines(&sim, "ejected");
    assert_eq!(
        ejections,
        [
            (0.081, "svc/2: ejected from balancing for 10s after 3 errors in a row (ejection 1)".to_string()),
            (10.151, "svc/2: ejected from balancing for 20s after 3 errors in a row (ejection 2)".to_string()),
        ]
    );
}

/// A slow replica is ejected by its callers' timeouts, as Envoy counts the 504 its router
/// returns: replica 2 answers in 100 ms (1 ms slowed ×100), the callers wait 50 ms. Round
/// robin sends it calls 2, 5 and 8 at 20, 50 and 80 ms; they time out at 70, 100 and 130
/// ms, and the third timeout ejects it at 130 ms — the late answers (successes, at 120 ms
/// and after) do not count, or the one at 120 ms would have reset the count.
#[test]
fn a_slow_replica_is_ejected_by_its_callers_timeouts() {
    let mut sim = simulation(
        r#"Scenario(name: "slow replica", seed: 1, duration: "1s",
            services: [Service(name: "svc", latency: Constant("1ms"), replicas: 3,
                outlier_detection: Some(OutlierDetection(consecutive_errors: 3, eject_for: "10s", max_ejected: 0.34)))],
            topics: [Topic(name: "jobs")],
            producers: [Producer(name: "p", topic: "jobs", rate: Constant(per_second: 100.0))],
            consumers: [ConsumerGroup(name: "g", topic: "jobs", concurrency: 10,
                handler: Handler(work: Constant("0s"), calls: ["svc"], timeout: "50ms"),
                retry: Retry(max_attempts: 1), on_exhausted: Drop)],
            faults: [Fault(at: "0s", duration: "1h", target: "svc/2", kind: Slow(factor: 100.0))],
        )"#,
    );
    sim.step_until(secs(0.1299));
    assert_eq!(sim.status().services[0].replicas[1].ejections, 0);
    sim.step_until(secs(0.13));
    let r = sim.status().services[0].replicas[1].clone();
    assert_eq!((r.ejections, r.ejected_until), (1, Some(secs(10.13))));
    assert_eq!(r.calls, 1, "only call 2 has answered by now (at 120 ms), too late");
    sim.run_to_end();
    // Calls 2, 5, 8 and 11 (sent at 110 ms, before the ejection; its timeout at 160 ms
    // does not count while ejected); everything after went to replicas 1 and 3.
    assert_eq!(sim.status().groups[0].policy.timeouts, 4);
    assert_eq!(sim.status().services[0].replicas[1].ejections, 1);
}

/// Two replicas failing at once with `max_ejected: 0.34` of three: the first to reach its
/// third error is ejected, the other is refused (2 of 3 would be out) and counted.
#[test]
fn max_ejected_keeps_the_rest_in_service() {
    let detection = "balance: RoundRobin, outlier_detection: Some(OutlierDetection(consecutive_errors: 3, eject_for: \"10s\", max_ejected: 0.34))";
    let faults = r#"Fault(at: "0s", duration: "1h", target: "svc/2", kind: ErrorRate(1.0)),
        Fault(at: "0s", duration: "1h", target: "svc/3", kind: ErrorRate(1.0))"#;
    let mut sim = clockwork(detection, faults, "5s");
    sim.run_to_end();
    let status = sim.status();
    let service = &status.services[0];
    let ejections: Vec<u64> = service.replicas.iter().map(|r| r.ejections).collect();
    // Replica 2 answers its third error at 81 ms, replica 3 at 91 ms: refused.
    assert_eq!(ejections, [0, 1, 0]);
    assert!(service.ejections_capped > 0);
}

/// A fault on the service hits every replica; a fault on `svc/3` only that one.
#[test]
fn a_service_fault_hits_every_replica_and_a_replica_fault_one() {
    let faults = r#"Fault(at: "1s", duration: "1s", target: "svc", kind: Crash),
        Fault(at: "3s", duration: "1s", target: "svc/3", kind: Crash)"#;
    let mut sim = clockwork("balance: RoundRobin", faults, "5s");
    sim.step_until(secs(1.5));
    assert!(sim.status().services[0].replicas.iter().all(|r| !r.up));
    assert!(!sim.status().services[0].up);
    sim.step_until(secs(3.5));
    let ups: Vec<bool> = sim.status().services[0].replicas.iter().map(|r| r.up).collect();
    assert_eq!(ups, [true, true, false]);
    assert!(sim.status().services[0].up, "a service is up while any replica is");
    sim.run_to_end();
    let status = sim.status();
    let down: Vec<(String, f64)> = status
        .availability
        .iter()
        .filter(|a| a.component.starts_with("svc"))
        .map(|a| (a.component.clone(), a.figures.down_seconds))
        .collect();
    assert_eq!(down, [("svc/1".to_string(), 1.0), ("svc/2".to_string(), 1.0), ("svc/3".to_string(), 2.0)]);
}

/// The same seed gives the same run, bit for bit, with every policy that draws.
#[test]
fn replicas_are_deterministic() {
    for balance in ["Random", "PowerOfTwoChoices", "LeastRequest"] {
        let run = || {
            let mut sim = balanced(balance, 3, 2400.0, "5s");
            sim.run_to_end();
            common::model(&sim)
        };
        assert_eq!(run(), run(), "{balance}");
    }
}

/// `run --json` names replicas by number from 1, as faults do, so an expectation such as
/// `services.svc.replicas.2.ejections` reads `svc/2`'s; a service with one replica has no
/// `replicas` key, and availability is kept per replica.
#[test]
fn the_report_names_replicas_as_faults_do() {
    let detection = "balance: RoundRobin, outlier_detection: Some(OutlierDetection(consecutive_errors: 3, eject_for: \"10s\", max_ejected: 0.34))";
    let fault = r#"Fault(at: "0s", duration: "1h", target: "svc/2", kind: ErrorRate(1.0))"#;
    let mut sim = clockwork(detection, fault, "20s");
    sim.run_to_end();
    let report = serde_json::to_value(faultline::report::RunReport::new(&sim, 0.0)).expect("the report encodes");
    let number = |path: &str| faultline::scenario::dotted::get_number(&report, path).expect(path);
    assert_eq!(number("services.svc.replicas.2.ejections"), 2.0);
    assert_eq!(number("services.svc.replicas.2.errors"), 6.0);
    assert_eq!(number("services.svc.replicas.1.ejections"), 0.0);
    assert_eq!(number("services.svc.replicas.3.availability"), 1.0);
    assert_eq!(number("services.svc.ejections_capped"), 0.0);
    assert_eq!(number("availability.svc/2.observed"), 1.0);
    assert!(faultline::scenario::dotted::get(&report, "services.svc.replicas.0").is_err(), "numbered from 1");
    assert!(faultline::scenario::dotted::get(&report, "availability.svc").is_err());

    let mut single = balanced("RoundRobin", 1, 100.0, "1s");
    single.run_to_end();
    let report = serde_json::to_value(faultline::report::RunReport::new(&single, 0.0)).expect("the report encodes");
    assert!(faultline::scenario::dotted::get(&report, "services.svc.calls").is_ok());
    assert!(faultline::scenario::dotted::get(&report, "services.svc.replicas").is_err());
    assert!(faultline::scenario::dotted::get(&report, "availability.svc.observed").is_ok());
}

/// The balancing policy and outlier detection change live (from the next call); the number
/// of replicas does not.
#[test]
fn balance_and_outlier_detection_change_live_but_replicas_do_not() {
    use faultline::engine::Command;
    let set = |path: &str, value: &str| Command::Set { path: path.into(), value: value.into() };
    let mut sim = clockwork("balance: RoundRobin", "", "10s");
    sim.step_until(secs(1.0));
    // 100 calls so far, dealt in turn: 34, 33, 33.
    let sent = |sim: &Simulation| -> Vec<u64> {
        sim.status().services[0].replicas.iter().map(|r| r.calls + u64::from(r.active) + r.waiting).collect()
    };
    assert_eq!(sent(&sim), [34, 33, 33]);
    sim.apply(set("services.svc.balance", "LeastRequest")).expect("a valid change");
    sim.step_until(secs(2.0));
    // Every replica is idle when a call arrives (1 ms of work every 10 ms): least request
    // takes the lowest number every time.
    assert_eq!(sent(&sim), [134, 33, 33]);
    sim.apply(set(
        "services.svc.outlier_detection",
        "Some(OutlierDetection(consecutive_errors: 2, eject_for: \"1s\", max_ejected: 0.5))",
    ))
    .expect("a valid change");
    assert_eq!(sim.status().services[0].replicas.len(), 3);
    assert!(sim.apply(set("services.svc.replicas", "4")).is_err(), "replicas are wiring");
}

/// An availability alert on a service with replicas watches the mean of its replicas (as
/// one on a group watches its instances); one on `svc/2` watches that replica alone.
#[test]
fn availability_alerts_on_a_service_and_on_a_replica() {
    let mut sim = simulation(
        r#"Scenario(name: "alerts", seed: 1, duration: "10s",
            services: [Service(name: "svc", latency: Constant("1ms"), replicas: 3)],
            topics: [Topic(name: "jobs")],
            producers: [Producer(name: "p", topic: "jobs", rate: Constant(per_second: 100.0))],
            consumers: [ConsumerGroup(name: "g", topic: "jobs", concurrency: 10,
                handler: Handler(work: Constant("0s"), calls: ["svc"]), on_exhausted: Drop)],
            faults: [Fault(at: "2s", duration: "5s", target: "svc/1", kind: Crash)],
            alerts: [
                Alert(name: "service", when: Availability(component: "svc", below: 0.9, for: "1s")),
                Alert(name: "replica 2", when: Availability(component: "svc/2", below: 0.9, for: "1s")),
                Alert(name: "replica 1", when: Availability(component: "svc/1", below: 0.9, for: "1s")),
            ],
        )"#,
    );
    sim.run_to_end();
    let fired: Vec<(String, u64)> = sim.status().alerts.iter().map(|a| (a.name.clone(), a.fired)).collect();
    // With one replica of three down the service's mean is 2/3, under 0.9.
    assert_eq!(fired, [("service".to_string(), 1), ("replica 2".to_string(), 0), ("replica 1".to_string(), 1)]);
}
