//! Services and consumer instances as queueing stations, against queueing theory: M/M/1
//! and M/M/c at a service, round-robin replicas (E₂/M/1 each), Cobham's priority formula
//! at a service with `queue_discipline: Priority`, and Engset's loss formula for a finite
//! population of callers behind a bulkhead that does not wait. Every figure is read from
//! `run --json`'s report (`services.NAME.queueing`, `replicas.N.queueing`,
//! `groups.NAME.instance_utilisation`), the paths a sweep's `--metric` names.
//!
//! The spreads quoted were measured over seeds 1–8 of the same scenario (`faultline run
//! FILE --seed N --json`); bounds are about 4σ or more.

mod common;

use common::simulation;
use faultline::curriculum::theory::erlang_c;
use faultline::engine::Simulation;
use faultline::experiment::{metric_value, report_json};
use serde_json::Value;

fn run(source: &str) -> (Simulation, Value) {
    let mut sim = simulation(source);
    sim.run_to_end();
    let report = report_json(&sim);
    (sim, report)
}

/// The number at a metric path of the report, as a sweep reads it.
fn metric(report: &Value, path: &str) -> f64 {
    match metric_value(report, path) {
        Ok(Some(v)) => v,
        other => panic!("{path}: {other:?}"),
    }
}

fn within(measured: f64, theory: f64, share: f64) -> bool {
    (measured - theory).abs() / theory.abs() < share
}

fn service(source_calls_per_s: f64, service: &str, seed: u64) -> String {
    format!(
        r#"Scenario(name: "station", seed: {seed}, duration: "400s",
            services: [{service}],
            topics: [Topic(name: "unused")],
            clients: [Client(name: "callers", rate: Poisson(per_second: {source_calls_per_s:.1}), calls: ["db"])],
        )"#
    )
}

/// M/M/1 at a service: Poisson calls of λ = 500/s (a client), exponential 1 ms latency,
/// `capacity: 1`. ρ = λ/μ = 0.5 is the utilisation and the time-average calls in service;
/// Lq = ρ²/(1 − ρ) = 0.25/0.5 = 0.5; Wq = ρ/(μ − λ) = 0.5/500 s = 1 ms. 400 s is 200 000
/// calls; over seeds 1–8 the means were 0.4996 (busy), 0.4978 (Lq), 0.9961 ms (Wq) with
/// sd 0.3 %, 0.85 % and 0.88 %: ±1.5 %, ±4 % and ±4 %. Little ties Lq to Wq on the run
/// itself (λ̂ the calls the service received per second) to within the calls present at
/// the end.
#[test]
fn an_mm1_service_reports_rho_lq_and_wq() {
    let (sim, report) = run(&service(500.0, r#"Service(name: "db", latency: Exponential("1ms"), capacity: 1)"#, 1));
    let (busy, utilisation) =
        (metric(&report, "services.db.queueing.busy_mean"), metric(&report, "services.db.queueing.utilisation"));
    let (lq, wq) =
        (metric(&report, "services.db.queueing.in_queue_mean"), metric(&report, "services.db.queueing.wait_ms_mean"));
    assert_eq!(busy, utilisation, "capacity 1: utilisation is the mean number in service");
    assert!(within(utilisation, 0.5, 0.015), "ρ {utilisation:.4} vs 0.5");
    assert!(within(lq, 0.5, 0.04), "Lq {lq:.4} vs ρ²/(1 − ρ) = 0.5");
    assert!(within(wq, 1.0, 0.04), "Wq {wq:.4} ms vs 1 ms");
    let lambda = metric(&report, "services.db.calls") / sim.now().as_secs_f64();
    assert!(within(lq, lambda * wq / 1000.0, 0.002), "Little: Lq {lq:.4} vs λ̂Wq {:.4}", lambda * wq / 1000.0);
    // One replica: no per-replica breakdown in the report, the service's figures are its.
    assert!(report["services"]["db"].get("replicas").is_none());
}

/// M/M/2 at one replica (`capacity: 2`), λ = 1500/s, μ = 1000/s: a = 1.5, Erlang C =
/// (a²/(2 − a)) / (1 + a + a²/(2 − a)) = 4.5/7 = 0.642857, Wq = C/(cμ − λ) = 1.285714 ms,
/// Lq = λWq = 1.928571, busy = a = 1.5, utilisation a/c = 0.75 — the same numbers a consumer
/// group of concurrency 2 gives (tests/engine_theory.rs). Over seeds 1–8: Wq 1.2696 ms, Lq
/// 1.9039, busy 1.4983 with sd 1.34 %, 1.36 % and 0.2 %: ±6 %, ±6 % and ±1 %.
#[test]
fn an_mmc_replica_matches_erlang_c() {
    let (_, report) = run(&service(1500.0, r#"Service(name: "db", latency: Exponential("1ms"), capacity: 2)"#, 1));
    let c = erlang_c(2, 1.5);
    assert!((c - 9.0 / 14.0).abs() < 1e-12);
    let wq_ms = 1000.0 * c / (2000.0 - 1500.0);
    let q = |name: &str| metric(&report, &format!("services.db.queueing.{name}"));
    assert!(within(q("wait_ms_mean"), wq_ms, 0.06), "Wq {:.4} vs {wq_ms:.4} ms", q("wait_ms_mean"));
    assert!(within(q("in_queue_mean"), 1.5 * wq_ms, 0.06), "Lq {:.4} vs {:.4}", q("in_queue_mean"), 1.5 * wq_ms);
    assert!(within(q("busy_mean"), 1.5, 0.01), "busy {:.4} vs 1.5", q("busy_mean"));
    assert!(within(q("utilisation"), 0.75, 0.01), "ρ {:.4} vs 0.75", q("utilisation"));
}

/// Two replicas of capacity 1 behind round robin, λ = 1000/s, μ = 1000/s each: each
/// replica gets every other call, ρ/2 of the service's offered load a = λ/μ = 1, so each is
/// busy half the time and the service's utilisation is a/2 = 0.5. Every other arrival of a
/// Poisson stream makes Erlang-2 gaps of mean 2 ms: each replica is E₂/M/1, whose wait is
/// Wq = σ/(μ(1 − σ)) with σ the root of σ = (2λᵣ/(2λᵣ + μ(1 − σ)))², λᵣ = 500/s; at
/// ρ = 0.5 that is σ = 1/(2 − σ)², i.e. (σ − 1)(σ² − 3σ + 1) = 0, σ = (3 − √5)/2 = 0.381966,
/// so Wq = 0.381966/0.618034 ms = 0.618034 ms and Lq = λᵣWq = 0.309017 per replica
/// (Kleinrock vol. 1 §6.4) — less than M/M/1's 1 ms: round robin smooths the arrivals.
/// Over seeds 1–8: per replica busy 0.5000/0.4996 (sd 0.3 %), Wq 0.6161/0.6204 ms (sd
/// 1.4 %), Lq 0.3078/0.3100 (sd 1.3 %); the service's Wq 0.6183 ms (sd 0.34 %): ±1.5 %,
/// ±6 %, ±6 % and ±2 %.
#[test]
fn round_robin_replicas_each_carry_half_as_erlang_2_queues() {
    let (_, report) =
        run(&service(1000.0, r#"Service(name: "db", latency: Exponential("1ms"), capacity: 1, replicas: 2)"#, 1));
    let sigma = (3.0 - 5f64.sqrt()) / 2.0;
    assert!((sigma - 1.0 / (2.0 - sigma).powi(2)).abs() < 1e-12);
    let wq_ms = sigma / (1.0 - sigma);
    assert!((wq_ms - 0.618034).abs() < 1e-6);
    for n in ["1", "2"] {
        let q = |name: &str| metric(&report, &format!("services.db.replicas.{n}.queueing.{name}"));
        assert!(within(q("busy_mean"), 0.5, 0.015), "replica {n} busy {:.4} vs 0.5", q("busy_mean"));
        assert_eq!(q("busy_mean"), q("utilisation"));
        assert!(within(q("wait_ms_mean"), wq_ms, 0.06), "replica {n} Wq {:.4} vs {wq_ms:.4} ms", q("wait_ms_mean"));
        assert!(within(q("in_queue_mean"), 0.5 * wq_ms, 0.06), "replica {n} Lq {:.4}", q("in_queue_mean"));
    }
    let q = |name: &str| metric(&report, &format!("services.db.queueing.{name}"));
    // The service adds its replicas' time averages and divides by both capacities.
    let sum = |name: &str| {
        metric(&report, &format!("services.db.replicas.1.queueing.{name}"))
            + metric(&report, &format!("services.db.replicas.2.queueing.{name}"))
    };
    assert!((q("busy_mean") - sum("busy_mean")).abs() < 1e-12);
    assert!((q("in_queue_mean") - sum("in_queue_mean")).abs() < 1e-12);
    assert!((q("utilisation") - q("busy_mean") / 2.0).abs() < 1e-12);
    assert!(within(q("utilisation"), 0.5, 0.015), "service ρ {:.4} vs 0.5", q("utilisation"));
    assert!(within(q("wait_ms_mean"), wq_ms, 0.02), "service Wq {:.4} vs {wq_ms:.4} ms", q("wait_ms_mean"));
}

/// A service of unlimited capacity has no utilisation (null in the report: there is no
/// capacity to divide by), but its mean number in service is M/M/∞'s a = λ/μ: 500/s ×
/// 1 ms = 0.5, and nothing waits.
#[test]
fn an_unlimited_service_has_no_utilisation() {
    let (_, report) = run(&service(500.0, r#"Service(name: "db", latency: Exponential("1ms"))"#, 1));
    assert_eq!(metric_value(&report, "services.db.queueing.utilisation").ok(), Some(None));
    assert!(within(metric(&report, "services.db.queueing.busy_mean"), 0.5, 0.015));
    assert_eq!(metric(&report, "services.db.queueing.in_queue_mean"), 0.0);
    assert_eq!(metric(&report, "services.db.queueing.wait_ms_mean"), 0.0);
}

/// Each consumer instance's utilisation is its busy workers' time average over its
/// concurrency, so over the instances they add up to the group's busy workers exactly
/// (the mean of a sum is the sum of the means): M/M/2 as two instances of one worker,
/// λ = 1500/s, 1 ms, whose busy workers average a = 1.5 (±1 %, as in engine_theory.rs).
#[test]
fn instance_utilisations_add_up_to_the_groups_busy_workers() {
    let (_, report) = run(r#"Scenario(name: "M/M/2", seed: 7, duration: "100s",
            topics: [Topic(name: "jobs", capacity: 1000000)],
            producers: [Producer(name: "arrivals", topic: "jobs", rate: Poisson(per_second: 1500.0))],
            consumers: [ConsumerGroup(name: "servers", topic: "jobs", delivery: Competing, instances: 2,
                handler: Handler(work: Exponential("1ms")))],
        )"#);
    let busy = metric(&report, "groups.servers.queueing.busy_workers_mean");
    let (one, two) = (
        metric(&report, "groups.servers.instance_utilisation.1"),
        metric(&report, "groups.servers.instance_utilisation.2"),
    );
    assert!((one + two - busy).abs() < 1e-9, "{one} + {two} vs {busy}");
    assert!(within(busy, 1.5, 0.01), "busy {busy:.4} vs 1.5");
    assert!((0.0..=1.0).contains(&one) && (0.0..=1.0).contains(&two));
}

/// Non-preemptive priority at a service (Cobham 1954; Kleinrock vol. 2 §3.6): class k
/// waits Wqₖ = W₀ / ((1 − σₖ₋₁)(1 − σₖ)), W₀ = Σ λᵢE[Sᵢ²]/2, σₖ the load of classes 1..k,
/// most important first. Two producers of 400/s each (priorities 1 and 0) into a topic
/// read by a group of 200 workers that call the service at once (no work of their own):
/// the calls reach the service as two Poisson streams carrying their message's priority.
/// One slot, exponential 1 ms: ρ = 0.8, W₀ = 800/s · 2 ms² / 2 = 0.8 ms; class 1 waits
/// 0.8/(1 · 0.6) = 1.333 ms, class 0 0.8/(0.6 · 0.2) = 6.667 ms, and their load-weighted
/// mean is FIFO M/M/1's Wq = ρ/(μ − λ) = 4 ms (Kleinrock's conservation law). Over seeds
/// 1–8: 1.3297 ms (sd 0.77 %), 6.6294 ms (sd 2.1 %), all 3.980 ms (sd 1.8 %): ±4 %, ±10 %,
/// ±8 %. The same traffic with the default FIFO waits 4 ms for all, with no classes.
#[test]
fn a_priority_service_matches_cobham() {
    let scenario = |discipline: &str| {
        format!(
            r#"Scenario(name: "priority service", seed: 1, duration: "400s",
                services: [Service(name: "db", latency: Exponential("1ms"), capacity: 1{discipline})],
                topics: [Topic(name: "jobs", capacity: 1000000)],
                producers: [
                    Producer(name: "orders", topic: "jobs", rate: Poisson(per_second: 400.0), priority: 1),
                    Producer(name: "reports", topic: "jobs", rate: Poisson(per_second: 400.0)),
                ],
                consumers: [ConsumerGroup(name: "callers", topic: "jobs", delivery: Competing, concurrency: 200,
                    handler: Handler(work: Constant("0ms"), calls: ["db"]))],
            )"#
        )
    };
    let (_, report) = run(&scenario(", queue_discipline: Priority"));
    let (high, low) = (
        metric(&report, "services.db.queueing.wait_ms_by_priority.1"),
        metric(&report, "services.db.queueing.wait_ms_by_priority.0"),
    );
    let (w0, sigma1, sigma2) = (0.8_f64, 0.4_f64, 0.8_f64);
    let (cobham_high, cobham_low) = (w0 / (1.0 - sigma1), w0 / ((1.0 - sigma1) * (1.0 - sigma2)));
    assert!((cobham_high - 4.0 / 3.0).abs() < 1e-12 && (cobham_low - 20.0 / 3.0).abs() < 1e-12);
    assert!(within(high, cobham_high, 0.04), "priority 1 waits {high:.4} ms vs {cobham_high:.4}");
    assert!(within(low, cobham_low, 0.10), "priority 0 waits {low:.4} ms vs {cobham_low:.4}");
    let all = metric(&report, "services.db.queueing.wait_ms_mean");
    assert!(within(all, 4.0, 0.08), "all wait {all:.4} ms vs 4 ms");
    assert!(within(0.5 * (high + low), 4.0, 0.08), "conservation: {high:.4} and {low:.4} average to 4 ms");
    let (_, fifo) = run(&scenario(""));
    assert!(fifo["services"]["db"]["queueing"].get("wait_ms_by_priority").is_none());
    let all = metric(&fifo, "services.db.queueing.wait_ms_mean");
    assert!(within(all, 4.0, 0.08), "FIFO waits {all:.4} ms vs 4 ms");
}

/// A client request's priority is its event type's: the same Cobham numbers as above with
/// the two classes drawn as event types of one Poisson client (800/s, each type half:
/// a random split of a Poisson stream is two Poisson streams of 400/s). 200 s halves the
/// run, so the bounds are √2 wider than above (±6 %, ±14 %).
#[test]
fn a_client_requests_priority_is_its_event_types() {
    let (_, report) = run(r#"Scenario(name: "priority requests", seed: 2, duration: "200s",
            services: [Service(name: "db", latency: Exponential("1ms"), capacity: 1, queue_discipline: Priority)],
            topics: [Topic(name: "unused")],
            clients: [Client(name: "callers", rate: Poisson(per_second: 800.0), calls: ["db"],
                events: [EventType(name: "checkout", priority: Some(1)), EventType(name: "browse")])],
        )"#);
    let high = metric(&report, "services.db.queueing.wait_ms_by_priority.1");
    let low = metric(&report, "services.db.queueing.wait_ms_by_priority.0");
    assert!(within(high, 4.0 / 3.0, 0.06), "checkout waits {high:.4} ms vs 1.333");
    assert!(within(low, 20.0 / 3.0, 0.14), "browse waits {low:.4} ms vs 6.667");
}

/// The Engset loss system: N = 6 callers (a client's `FinitePopulation`) each thinking an
/// exponential 40 ms (λ = 25/s per idle caller) and then calling a service of exponential
/// 10 ms (μ = 100/s) through a bulkhead of `max_concurrent: 2` that does not wait
/// (`max_wait: "0s"`): c = 2 lines, a call finding both busy is turned away
/// (`bulkhead_full`) and its caller thinks again. With a = λ/μ = 0.25 per idle source, an
/// arriving call sees the other N − 1 sources' state, so the call congestion is
/// B = C(N−1, c)·aᶜ / Σₖ₌₀ᶜ C(N−1, k)·aᵏ = 10·0.0625 / (1 + 5·0.25 + 10·0.0625) = 0.625/2.875
/// = 0.217391 (Engset 1918; Kleinrock vol. 1 §3.10). The time-average lines busy are
/// Σ k·pₖ with pₖ ∝ C(N, k)·aᵏ = 1, 1.5, 0.9375: (1.5 + 1.875)/3.4375 = 0.981818. 600 s is
/// ~75 000 calls; over seeds 1–8 B averaged 0.2182 (sd 0.9 %) and the lines busy 0.9834
/// (sd 0.34 %): ±4 % and ±1.5 %.
#[test]
fn a_finite_population_behind_a_non_waiting_bulkhead_matches_engset() {
    let (_, report) = run(r#"Scenario(name: "Engset", seed: 1, duration: "600s",
            services: [Service(name: "lines", latency: Exponential("10ms"))],
            topics: [Topic(name: "unused")],
            clients: [Client(name: "sources", rate: FinitePopulation(sources: 6, think: Exponential("40ms")),
                calls: ["lines"], bulkhead: Some(Bulkhead(max_concurrent: 2, max_wait: "0s")))],
        )"#);
    let (n, c, a) = (6u64, 2u64, 0.25_f64);
    let binomial = |n: u64, k: u64| (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64);
    let term = |k: u64| binomial(n - 1, k) * a.powi(k as i32);
    let engset = term(c) / (0..=c).map(term).sum::<f64>();
    assert!((engset - 0.625 / 2.875).abs() < 1e-12, "{engset}");
    let blocked = metric(&report, "clients.sources.failed.bulkhead_full");
    let calls = metric(&report, "clients.sources.requests");
    let congestion = blocked / calls;
    assert!(within(congestion, engset, 0.04), "call congestion {congestion:.4} vs Engset {engset:.4}");
    let busy = metric(&report, "services.lines.queueing.busy_mean");
    assert!(within(busy, 3.375 / 3.4375, 0.015), "lines busy {busy:.4} vs 0.981818");
    // Never more than c in service, so nothing ever waits at the (unlimited) service.
    assert_eq!(metric(&report, "services.lines.queueing.wait_ms_mean"), 0.0);
}

/// Processor sharing (`queue_discipline: ProcessorSharing`): no call waits; n calls share
/// the capacity c, each at min(1, c/n) of full speed. M/G/1-PS's mean sojourn is
/// E[S]/(1 − ρ) whatever the service distribution (Kleinrock vol. 2 §4.4; the PS queue is
/// "symmetric", so its number in system is M/M/1's geometric one): at λ = 500/s, E[S] =
/// 1 ms, ρ = 0.5, W = 2 ms for exponential, constant and hyperexponential (0.8 × Exp(0.5 ms)
/// plus 0.2 × Exp(3 ms), SCV 3) service alike — where FIFO gives 2, 1.5 (M/D/1) and 3 ms
/// (Pollaczek–Khinchine). The station reports the calls within the capacity as busy
/// (ρ = 0.5) and those beyond it under `in_queue_mean`: L − ρ = ρ/(1 − ρ) − ρ = 0.5.
/// M/G/c-PS is insensitive too, so constant 1 ms at c = 2, λ = 1500/s has M/M/2's
/// W = 1 + 1.285714 = 2.285714 ms and L − a = Erlang C's Lq = 1.928571.
/// Over seeds 1–8 of these 400 s runs the client's mean latency (the sojourn) averaged
/// 1.998, 2.001, 2.000 and 2.282 ms with sd 0.76 %, 0.33 %, 1.6 % and 0.43 %; busy had
/// sd ≤ 0.73 %, the calls beyond capacity 1.5 %, 0.78 %, 2.7 % and 0.81 %: the bounds
/// below are 4–5σ.
#[test]
fn processor_sharing_is_insensitive_to_the_service_distribution() {
    let cases = [
        (r#"Exponential("1ms")"#, 1, 500.0, 2.0, 0.5, 0.5, 0.04, 0.07),
        (r#"Constant("1ms")"#, 1, 500.0, 2.0, 0.5, 0.5, 0.02, 0.04),
        (
            r#"Hyperexponential(branches: [(p: 0.8, mean: "0.5ms"), (p: 0.2, mean: "3ms")])"#,
            1,
            500.0,
            2.0,
            0.5,
            0.5,
            0.07,
            0.12,
        ),
        (r#"Constant("1ms")"#, 2, 1500.0, 1.0 + 9.0 / 7.0, 1.5, 1.5 * 9.0 / 7.0, 0.025, 0.04),
    ];
    for (latency, capacity, rate, w_ms, busy, beyond, w_share, beyond_share) in cases {
        let spec = format!(
            r#"Service(name: "db", latency: {latency}, capacity: {capacity}, queue_discipline: ProcessorSharing)"#
        );
        let (_, report) = run(&service(rate, &spec, 1));
        let sojourn = metric(&report, "clients.callers.latency_ms.mean");
        let q = |name: &str| metric(&report, &format!("services.db.queueing.{name}"));
        assert!(within(sojourn, w_ms, w_share), "{latency} c={capacity}: W {sojourn:.4} ms vs {w_ms:.4}");
        assert!(within(q("busy_mean"), busy, 0.03), "{latency} c={capacity}: busy {:.4} vs {busy}", q("busy_mean"));
        assert!(
            within(q("in_queue_mean"), beyond, beyond_share),
            "{latency} c={capacity}: beyond capacity {:.4} vs {beyond:.4}",
            q("in_queue_mean")
        );
        assert_eq!(q("wait_ms_mean"), 0.0, "nothing waits under processor sharing");
    }
    // The same constant service in FIFO order waits: M/D/1's W = 1 + 0.5·1/(2·0.5) = 1.5 ms.
    let (_, fifo) = run(&service(500.0, r#"Service(name: "db", latency: Constant("1ms"), capacity: 1)"#, 1));
    let sojourn = metric(&fifo, "clients.callers.latency_ms.mean");
    assert!(within(sojourn, 1.5, 0.03), "FIFO M/D/1 W {sojourn:.4} ms vs 1.5");
}

/// A processor-sharing replica that goes down drops the calls sharing it (their callers
/// get an error at once, as for any discipline) and serves new ones after it comes back;
/// its time averages stay consistent (debug builds assert the integrals' counts).
#[test]
fn a_sharing_replica_that_crashes_drops_its_calls_and_recovers() {
    let (sim, report) = run(r#"Scenario(name: "PS crash", seed: 1, duration: "20s",
            services: [Service(name: "db", latency: Exponential("1ms"), capacity: 1, queue_discipline: ProcessorSharing)],
            topics: [Topic(name: "unused")],
            clients: [Client(name: "callers", rate: Poisson(per_second: 800.0), calls: ["db"])],
            faults: [Fault(at: "5s", duration: "1s", target: "db", kind: Crash)],
        )"#);
    assert!(metric(&report, "services.db.interrupted") > 0.0, "calls were sharing when it crashed");
    assert!(metric(&report, "services.db.unreachable") > 0.0, "calls found it down");
    // Up 19 of 20 s at ρ = 0.8: busy ≈ 0.8 · 19/20 = 0.76 (a 20 s run: ±5 %).
    let busy = metric(&report, "services.db.queueing.busy_mean");
    assert!(within(busy, 0.76, 0.05), "busy {busy:.4} vs 0.76");
    assert!(sim.conservation_holds());
}

/// The mean over the run's sample intervals of series `key` (one value per interval).
fn series_mean(sim: &Simulation, key: &str) -> f64 {
    let points = sim.history().points(key);
    assert!(!points.is_empty(), "no series {key}");
    points.iter().map(|p| p[1]).sum::<f64>() / points.len() as f64
}

/// A service's latency series: the time its answered calls spent there, queued and
/// served. Without queueing (calls every 20 ms, each 10 ms, `capacity: 1`) every call takes
/// exactly 10 ms, so p50 and p99 are 10 ms in every interval, to the per-interval
/// histogram's 2 significant figures (1 %).
#[test]
fn a_service_latency_series_is_the_time_calls_spend_there() {
    let source = r#"Scenario(name: "station", seed: 1, duration: "20s",
            services: [Service(name: "db", latency: Constant("10ms"), capacity: 1)],
            topics: [Topic(name: "unused")],
            clients: [Client(name: "callers", rate: Constant(per_second: 50.0), calls: ["db"])],
        )"#;
    let (sim, _) = run(source);
    for key in ["service.db.p50_ms", "service.db.p99_ms"] {
        let points = sim.history().points(key);
        assert_eq!(points.len(), 20, "{key}: one value per 1 s interval");
        for [t, ms] in points {
            assert!(within(ms, 10.0, 0.01), "{key} at {t} s: {ms} ms vs 10 ms");
        }
    }
}

/// M/M/1 again (λ = 500/s, μ = 1000/s): the time in the system is exponential with mean
/// 1/(μ − λ) = 2 ms, so its median is 2 ms × ln 2 = 1.386 ms and its 99th percentile
/// 2 ms × ln 100 = 9.21 ms. The series holds one estimate per 1 s interval of ≈ 500 calls,
/// and a p99 of 500 values is their 495th, whose expectation for independent exponentials
/// is 2 ms × (H₅₀₀ − H₅) = 9.02 ms: a per-interval p99 reads low. Means over the 400
/// intervals, seeds 1–8: p50 1.3956 ms (sd 0.6 %; the histogram's 1 % buckets round up),
/// p99 8.866 ms (sd 1 %): ±3 % and ±6 %.
#[test]
fn an_mm1_service_latency_series_matches_the_exponential_sojourn() {
    let (sim, _) = run(&service(500.0, r#"Service(name: "db", latency: Exponential("1ms"), capacity: 1)"#, 1));
    let p50 = series_mean(&sim, "service.db.p50_ms");
    let p99 = series_mean(&sim, "service.db.p99_ms");
    assert!(within(p50, 2.0 * std::f64::consts::LN_2, 0.03), "p50 {p50:.4} ms vs 1.386 ms");
    assert!(within(p99, 2.0 * 100f64.ln(), 0.06), "p99 {p99:.4} ms vs 9.21 ms");
}
