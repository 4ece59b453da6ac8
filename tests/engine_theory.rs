//! Fidelity against queueing theory: M/M/1 and M/M/c mean sojourn times, and Little's law.
//! Tolerances are derived from the run lengths (see each test).

mod common;

use common::{shipped, simulation};
use faultline::engine::Simulation;

/// Erlang C: probability that an arrival waits in an M/M/c queue with offered load
/// a = λ/μ, via the Erlang B recursion B(k) = a·B(k−1) / (k + a·B(k−1)), which stays
/// numerically stable for large c (Kleinrock vol. 1 §3.5; Harchol-Balter §14).
fn erlang_c(c: u32, a: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (f64::from(k) + a * b);
    }
    let c = f64::from(c);
    c * b / (c - a * (1.0 - b))
}

/// Mean time in system of M/M/c: 1/μ + C(c, λ/μ) / (cμ − λ).
fn mmc_mean_sojourn_s(lambda: f64, mu: f64, c: u32) -> f64 {
    1.0 / mu + erlang_c(c, lambda / mu) / (f64::from(c) * mu - lambda)
}

#[test]
fn erlang_c_matches_published_values() {
    // M/M/1: C = ρ. M/M/2 with a = 1: C = 1/3 (P_wait = (a²/(2−a)) / (1 + a + a²/(2−a))).
    assert!((erlang_c(1, 0.7) - 0.7).abs() < 1e-12);
    assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-12);
}

/// M/M/1 at ρ = 0.5 (λ = 500/s, μ = 1000/s): W = 1/(μ − λ) = 2 ms. 600 s gives
/// ~300 000 customers. Sojourn times of neighbouring customers are correlated; the
/// standard deviation of the run mean measured over seeds 1–20 was 0.44 % of W
/// (`faultline run mm1.ron --seed N`), so ±2 % is about 4.6σ.
#[test]
fn mm1_mean_sojourn_matches_theory() {
    let mut sim = simulation(
        r#"Scenario(name: "M/M/1", seed: 3, duration: "600s",
            topics: [Topic(name: "jobs", capacity: 1000000)],
            producers: [Producer(name: "arrivals", topic: "jobs", rate: Poisson(per_second: 500.0))],
            consumers: [ConsumerGroup(name: "server", topic: "jobs", delivery: Competing,
                handler: Handler(work: Exponential("1ms")))],
        )"#,
    );
    sim.run_to_end();
    let w_ms = sim.latency().mean_ms();
    let theory_ms = 1000.0 * mmc_mean_sojourn_s(500.0, 1000.0, 1);
    assert!((theory_ms - 2.0).abs() < 1e-12);
    assert!((w_ms - theory_ms).abs() / theory_ms < 0.02, "simulated {w_ms:.4} ms vs theory {theory_ms:.4} ms");
}

fn mmc_reference() -> Simulation {
    let mut sim = Simulation::new(&shipped("mmc.ron")).expect("shipped scenario builds");
    sim.run_to_end();
    sim
}

/// The shipped M/M/c reference (λ = 8000/s, μ = 100/s, c = 100, 120 s): about 960 000
/// customers whose sojourn is dominated by the exponential 10 ms service, so the run
/// mean has a standard deviation of ≈ 10 ms/√960 000 ≈ 0.01 ms (0.1 %); ±1 % is 10σ.
#[test]
fn mmc_mean_sojourn_matches_erlang_c() {
    let sim = mmc_reference();
    let w_ms = sim.latency().mean_ms();
    let theory_ms = 1000.0 * mmc_mean_sojourn_s(8000.0, 100.0, 100);
    assert!((w_ms - theory_ms).abs() / theory_ms < 0.01, "simulated {w_ms:.4} ms vs Erlang C {theory_ms:.4} ms");
    assert!(sim.conservation_holds());
}

/// Little's law L = λW on the same run: L is the number in system sampled once a second
/// (the group's lag: topic backlog + messages held), λ the arrival rate, W the mean
/// sojourn. The count in system has variance ≈ its mean (≈ 80) and decorrelates within
/// ~10 ms, so the mean of 120 one-second samples has sd ≈ √80/√120 ≈ 0.8 (1 %); ±4 %.
#[test]
fn littles_law_holds_on_the_backlog() {
    let sim = mmc_reference();
    let lag = sim.history().points("group.servers.lag");
    assert_eq!(lag.len(), 120);
    let l = lag.iter().map(|p| p[1]).sum::<f64>() / lag.len() as f64;
    let lambda = sim.ledger().produced as f64 / sim.now().as_secs_f64();
    let w_s = sim.latency().mean_ms() / 1000.0;
    assert!((l - lambda * w_s).abs() / l < 0.04, "L = {l:.2}, λW = {:.2}", lambda * w_s);
}

/// A group as a queueing station, M/M/2 at ρ = 0.75 (λ = 1500/s, μ = 1000/s, c = 2): the
/// offered load a = λ/μ = 1.5; Erlang C = (a²/(2 − a)) / (1 + a + a²/(2 − a)) = 4.5/7 =
/// 0.642857; Wq = C/(cμ − λ) = 1.285714 ms; Lq = λ·Wq = 1.928571; busy workers = a = 1.5,
/// utilisation a/c = 0.75; L = Lq + a = 3.428571. 400 s is 600 000 customers. Over seeds
/// 1–10 the run means averaged 1.28562 ms (Wq), 1.92944 (Lq), 1.50008 (busy) and 3.42953
/// (L), with standard deviations of 1.5 %, 1.6 %, 0.24 % and 1.0 % of theory
/// (`faultline run FILE --seed N --json`, `groups.servers.queueing`): the bounds below are
/// about 4σ. On the same run, Little's law ties the time averages to the per-customer means
/// almost exactly (only the customers present at the end differ): L = λ̂·W, Lq = λ̂·Wq.
#[test]
fn a_group_as_a_station_reports_mmc_queue_figures() {
    let mut sim = simulation(
        r#"Scenario(name: "M/M/2", seed: 7, duration: "400s",
            topics: [Topic(name: "jobs", capacity: 1000000)],
            producers: [Producer(name: "arrivals", topic: "jobs", rate: Poisson(per_second: 1500.0))],
            consumers: [ConsumerGroup(name: "servers", topic: "jobs", delivery: Competing, concurrency: 2,
                handler: Handler(work: Exponential("1ms")))],
        )"#,
    );
    sim.run_to_end();
    let status = sim.run_status();
    let group = &status.groups[0];
    let q = group.queueing.clone();
    let c = erlang_c(2, 1.5);
    assert!((c - 9.0 / 14.0).abs() < 1e-12);
    let wq_ms = 1000.0 * c / (2000.0 - 1500.0);
    let (lq, busy) = (1.5 * wq_ms, 1.5);
    let within = |measured: f64, theory: f64, share: f64| (measured - theory).abs() / theory < share;
    assert!(within(q.wait_ms_mean, wq_ms, 0.065), "Wq {:.4} ms vs {wq_ms:.4} ms", q.wait_ms_mean);
    assert!(within(q.in_queue_mean, lq, 0.065), "Lq {:.4} vs {lq:.4}", q.in_queue_mean);
    assert!(within(q.busy_workers_mean, busy, 0.01), "busy {:.4} vs 1.5", q.busy_workers_mean);
    assert!(within(q.utilisation, 0.75, 0.01), "ρ {:.4} vs 0.75", q.utilisation);
    assert!(within(q.in_system_mean, lq + busy, 0.04), "L {:.4} vs {:.4}", q.in_system_mean, lq + busy);
    // Little on the run itself: λ̂ is what the group received per second.
    let lambda = group.ledger.received as f64 / sim.now().as_secs_f64();
    let little = |l: f64, w_ms: f64| (l - lambda * w_ms / 1000.0).abs() / l < 0.002;
    assert!(
        little(q.in_system_mean, group.latency.mean),
        "L {:.4}, λW {:.4}",
        q.in_system_mean,
        lambda * group.latency.mean / 1000.0
    );
    assert!(
        little(q.in_queue_mean, q.wait_ms_mean),
        "Lq {:.4}, λWq {:.4}",
        q.in_queue_mean,
        lambda * q.wait_ms_mean / 1000.0
    );
    // The sojourn is the wait plus the exponential 1 ms of service (its run mean over
    // 600 000 customers is within ±0.5 % of 1 ms).
    let service_ms = group.latency.mean - q.wait_ms_mean;
    assert!((service_ms - 1.0).abs() < 0.005, "W {:.4} − Wq {:.4}", group.latency.mean, q.wait_ms_mean);
}

/// Pollaczek–Khinchine: the mean sojourn of M/G/1 is E[S] + λ·E[S]²·(1 + SCV) / (2(1 − ρ)).
fn mg1_mean_sojourn_s(lambda: f64, mean_s: f64, scv: f64) -> f64 {
    let rho = lambda * mean_s;
    mean_s + lambda * mean_s * mean_s * (1.0 + scv) / (2.0 * (1.0 - rho))
}

/// M/G/1 at ρ = 0.5 (λ = 500/s, E[S] = 1 ms) with shaped service times, against
/// Pollaczek–Khinchine: gamma of shape 0.5 (SCV 2: W = 1 + 0.5·3/(2·0.5) = 2.5 ms), Erlang-4
/// (SCV 1/4: W = 1.625 ms), Weibull of shape 2 (SCV 4/π − 1 = 0.2732: W = 1.6366 ms) and a
/// Pareto of shape 2.5 bounded to [0.5 ms, 20 ms]. 600 s is 300 000 customers; the run
/// mean's relative spread grows with the SCV (the M/M/1 test's ±2 % is ~4.6σ at SCV 1):
/// over seeds 1–5 the twenty runs land within 1.3 % of theory (gamma 0.5 spreads most,
/// sd ≈ 0.7 %), so ±3 % is over 4σ.
#[test]
fn mg1_with_shaped_service_matches_pollaczek_khinchine() {
    for (work, scv_by_hand) in [
        (r#"Gamma(shape: 0.5, mean: "1ms")"#, Some(2.0)),
        (r#"Erlang(k: 4, mean: "1ms")"#, Some(0.25)),
        (r#"Weibull(shape: 2.0, mean: "1ms")"#, Some(4.0 / std::f64::consts::PI - 1.0)),
        (r#"Pareto(shape: 2.5, min: "0.5ms", max: "20ms")"#, None),
    ] {
        let source = format!(
            r#"Scenario(name: "M/G/1", seed: 3, duration: "600s",
                topics: [Topic(name: "jobs", capacity: 1000000)],
                producers: [Producer(name: "arrivals", topic: "jobs", rate: Poisson(per_second: 500.0))],
                consumers: [ConsumerGroup(name: "server", topic: "jobs", delivery: Competing,
                    handler: Handler(work: {work}))],
            )"#
        );
        let spec = common::scenario(&source).consumers[0].handler.work.clone();
        if let Some(scv) = scv_by_hand {
            assert!((spec.scv() - scv).abs() < 1e-9, "{work}: SCV {} vs {scv}", spec.scv());
            assert!((spec.mean_s() - 0.001).abs() < 1e-15, "{work}");
        }
        let mut sim = common::simulation(&source);
        sim.run_to_end();
        let w_ms = sim.latency().mean_ms();
        let theory_ms = 1000.0 * mg1_mean_sojourn_s(500.0, spec.mean_s(), spec.scv());
        assert!((w_ms - theory_ms).abs() / theory_ms < 0.03, "{work}: simulated {w_ms:.4} ms vs P-K {theory_ms:.4} ms");
        assert!(sim.conservation_holds());
    }
}

/// M/G/1 at ρ = 0.5 (λ = 500/s, E[S] = 1 ms) with a hyperexponential and an empirical
/// service, against Pollaczek–Khinchine, W = E[S] + λ·E[S²]/(2(1 − ρ)):
/// - 0.8 × Exp(0.5 ms) + 0.2 × Exp(3 ms): E[S] = 0.4 + 0.6 = 1 ms, E[S²] = 2(0.8·0.25 +
///   0.2·9) = 4 ms² (SCV 3), so W = 1 + 500·4·10⁻³/1 = 3 ms. Its run mean spreads most: over
///   seeds 1–8, 600 s runs had sd 1.2 % of W, 2 400 s runs (1.2 million customers) 0.45 %,
///   so it runs 2 400 s and ±3 % is over 6σ.
/// - 0.5, 0.5, 1 and 2 ms, each a quarter of the time: E[S] = 1 ms, E[S²] = (0.25 + 0.25 +
///   1 + 4)/4 = 1.375 ms² (SCV 0.375), so W = 1 + 500·1.375·10⁻³/1 = 1.6875 ms. 600 s runs
///   over seeds 1–8 had sd 0.15 %; ±3 % is 20σ.
#[test]
fn mg1_with_hyperexponential_and_empirical_service_matches_pollaczek_khinchine() {
    for (work, duration, scv_by_hand, w_by_hand_ms) in [
        (r#"Hyperexponential(branches: [(p: 0.8, mean: "0.5ms"), (p: 0.2, mean: "3ms")])"#, "2400s", 3.0, 3.0),
        (r#"Empirical(values: ["0.5ms", "0.5ms", "1ms", "2ms"])"#, "600s", 0.375, 1.6875),
    ] {
        let source = format!(
            r#"Scenario(name: "M/G/1", seed: 3, duration: "{duration}",
                topics: [Topic(name: "jobs", capacity: 1000000)],
                producers: [Producer(name: "arrivals", topic: "jobs", rate: Poisson(per_second: 500.0))],
                consumers: [ConsumerGroup(name: "server", topic: "jobs", delivery: Competing,
                    handler: Handler(work: {work}))],
            )"#
        );
        let spec = common::scenario(&source).consumers[0].handler.work.clone();
        assert!((spec.mean_s() - 0.001).abs() < 1e-15, "{work}: mean {}", spec.mean_s());
        assert!((spec.scv() - scv_by_hand).abs() < 1e-9, "{work}: SCV {} vs {scv_by_hand}", spec.scv());
        let theory_ms = 1000.0 * mg1_mean_sojourn_s(500.0, spec.mean_s(), spec.scv());
        assert!((theory_ms - w_by_hand_ms).abs() < 1e-9, "{work}: P-K {theory_ms} vs {w_by_hand_ms} by hand");
        let mut sim = common::simulation(&source);
        sim.run_to_end();
        let w_ms = sim.latency().mean_ms();
        assert!((w_ms - theory_ms).abs() / theory_ms < 0.03, "{work}: simulated {w_ms:.4} ms vs P-K {theory_ms:.4} ms");
        assert!(sim.conservation_holds());
    }
}

/// GI/M/1's mean sojourn, 1/(μ(1 − σ)), where σ is the root in (0, 1) of σ = A*(μ(1 − σ))
/// and A* the Laplace–Stieltjes transform of the gap between arrivals (Kleinrock vol. 1
/// §6.4; Gross & Harris §6.3). With Erlang-k gaps of mean 1/λ, A*(s) = (kλ/(kλ + s))^k.
/// The iteration σ ← A*(μ(1 − σ)) from 0 climbs monotonically to that root when ρ < 1
/// (the map is increasing and convex, and its other fixed point is σ = 1).
fn gm1_erlang_gaps_mean_sojourn_s(lambda: f64, mu: f64, k: u32) -> f64 {
    let k = f64::from(k);
    let lst = |s: f64| (k * lambda / (k * lambda + s)).powf(k);
    let mut sigma = 0.0;
    for _ in 0..10_000 {
        let next = lst(mu * (1.0 - sigma));
        if (next - sigma).abs() < 1e-15 {
            break;
        }
        sigma = next;
    }
    1.0 / (mu * (1.0 - sigma))
}

/// E₂/M/1 and E₄/M/1 at ρ = 0.5 (a renewal producer with Erlang gaps of mean 2 ms, one
/// server with exponential 1 ms work). For k = 2 the root is in closed form:
/// σ = (1/(2 − σ))², i.e. (σ − 1)(σ² − 3σ + 1) = 0, so σ = (3 − √5)/2 and W = 1/(μ(1 − σ))
/// = 1/((√5 − 1)/2) ms = φ ≈ 1.618 ms, the golden ratio; for k = 4 the iteration gives
/// σ = 0.30193, W = 1.4325 ms (both below M/M/1's 2 ms: steadier arrivals queue less).
/// 600 s is 300 000 customers; over seeds 1–8 the run mean had sd 0.29 % (k = 2) and
/// 0.47 % (k = 4) of W, and the eight means averaged 1.6203 and 1.4325 ms, so ±2.5 % is
/// over 5σ.
#[test]
fn gm1_with_erlang_gaps_matches_theory() {
    let golden_ms = 1000.0 * gm1_erlang_gaps_mean_sojourn_s(500.0, 1000.0, 2);
    assert!((golden_ms - (1.0 + 5f64.sqrt()) / 2.0).abs() < 1e-12, "{golden_ms}");
    for k in [2, 4] {
        let source = format!(
            r#"Scenario(name: "GI/M/1", seed: 3, duration: "600s",
                topics: [Topic(name: "jobs", capacity: 1000000)],
                producers: [Producer(name: "arrivals", topic: "jobs",
                    rate: Renewal(gap: Erlang(k: {k}, mean: "2ms")))],
                consumers: [ConsumerGroup(name: "server", topic: "jobs", delivery: Competing,
                    handler: Handler(work: Exponential("1ms")))],
            )"#
        );
        let mut sim = common::simulation(&source);
        sim.run_to_end();
        let w_ms = sim.latency().mean_ms();
        let theory_ms = 1000.0 * gm1_erlang_gaps_mean_sojourn_s(500.0, 1000.0, k);
        assert!((w_ms - theory_ms).abs() / theory_ms < 0.025, "E{k}/M/1: simulated {w_ms:.4} ms vs {theory_ms:.4} ms");
        // 300 000 arrivals at 500/s; an Erlang-k renewal count has variance n·SCV = n/k, so
        // its sd is at most √150 000 ≈ 387: ±2 000 is over 5σ.
        let produced = sim.ledger().produced;
        assert!(produced.abs_diff(300_000) < 2_000, "E{k}: {produced} produced");
        assert!(sim.conservation_holds());
    }
}

/// Mˣ/M/1 with Poisson batches of X events and exponential service: the mean number in
/// system is L = ρ(E[X] + E[X²]) / (2E[X](1 − ρ)), ρ = λE[X]/μ (Gross & Harris,
/// Fundamentals of Queueing Theory, bulk input M^[X]/M/1); for a fixed size k,
/// L = ρ(k + 1)/(2(1 − ρ)). To redo it by hand: a batch's first event waits as in M/G/1
/// whose "customer" is the whole batch (Pollaczek–Khinchine with S_b the sum of X
/// exponentials, E[S_b²] = (E[X²] + E[X])/μ²), and the j-th event of a batch waits j − 1
/// services more; Little's law turns the mean wait into L. The test compares the mean
/// sojourn W = L/(λE[X]).
///
/// Fixed(4) at λ = 125 batches/s, μ = 1000/s: ρ = 0.5, L = 0.5 · 5/(2 · 0.5) = 2.5,
/// W = 2.5/500 s = 5 ms. Weighted sizes 1 and 3, equally likely: E[X] = 2, E[X²] = 5, and
/// at λ = 250/s ρ = 0.5, L = 0.5 · 7/(2 · 2 · 0.5) = 1.75, W = 1.75/500 s = 3.5 ms.
/// Over seeds 1–16 of these 600 s runs the mean sojourn had a standard deviation of 0.69 %
/// (fixed) and 0.85 % (weighted) of W, so ±3.5 % and ±4.5 % are over 5σ.
#[test]
fn batch_arrivals_match_mx_m_1() {
    for (batch, lambda, mean_x, second_moment_x, by_hand_ms, tolerance) in [
        ("Fixed(4)", 125.0, 4.0, 16.0, 5.0_f64, 0.035),
        ("Weighted([(size: 1, weight: 1.0), (size: 3, weight: 1.0)])", 250.0, 2.0, 5.0, 3.5, 0.045),
    ] {
        let mut sim = simulation(&format!(
            r#"Scenario(name: "MX/M/1", seed: 3, duration: "600s",
                topics: [Topic(name: "jobs", capacity: 1000000)],
                producers: [Producer(name: "arrivals", topic: "jobs", rate: Poisson(per_second: {lambda:?}), batch: {batch})],
                consumers: [ConsumerGroup(name: "server", topic: "jobs", delivery: Competing,
                    handler: Handler(work: Exponential("1ms")))],
            )"#
        ));
        sim.run_to_end();
        let mu = 1000.0;
        let rho = lambda * mean_x / mu;
        let l = rho * (mean_x + second_moment_x) / (2.0 * mean_x * (1.0 - rho));
        let theory_ms = 1000.0 * l / (lambda * mean_x);
        assert!((theory_ms - by_hand_ms).abs() < 1e-9, "{batch}: {theory_ms} ms");
        let w_ms = sim.latency().mean_ms();
        assert!(
            (w_ms - theory_ms).abs() / theory_ms < tolerance,
            "{batch}: simulated {w_ms:.4} ms vs {theory_ms:.4} ms"
        );
    }
}

/// The machine-repairman model M/M/1//N: N callers (a client's `FinitePopulation`), each
/// thinking an exponential time of mean 1/λ and then waiting for one server of rate μ.
/// With r = λ/μ, P(server idle) p₀ = 1 / Σₙ₌₀ᴺ N!/(N − n)! · rⁿ, the throughput is
/// X = μ(1 − p₀) and, by Little's law over the whole loop, the mean response time is
/// R = N/X − 1/λ (Kleinrock vol. 1 §3.8, finite customer population with a single server;
/// the interactive response time law R = N/X − Z of operational analysis).
///
/// N = 5, 1/λ = 40 ms, 1/μ = 10 ms: r = 0.25, Σ = 1 + 1.25 + 1.25 + 0.9375 + 0.46875 +
/// 0.1171875 = 5.0234375, p₀ = 0.19907, X = 80.093/s, R = 62.427 − 40 = 22.427 ms. Over
/// seeds 1–12 of these 600 s runs the throughput had a standard deviation of 0.33 % and
/// the mean response time 1.0 %, so ±1.7 % and ±5 % are over 5σ.
#[test]
fn a_finite_population_matches_the_machine_repairman_model() {
    let mut sim = simulation(
        r#"Scenario(name: "M/M/1//5", seed: 3, duration: "600s",
            services: [Service(name: "repair", latency: Exponential("10ms"), capacity: 1)],
            topics: [Topic(name: "unused")],
            clients: [Client(name: "machines", rate: FinitePopulation(sources: 5, think: Exponential("40ms")),
                calls: ["repair"])],
        )"#,
    );
    sim.run_to_end();
    let (n, lambda, mu) = (5u32, 25.0, 100.0);
    let r: f64 = lambda / mu;
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..=n {
        term *= f64::from(n - k + 1) * r;
        sum += term;
    }
    let x = mu * (1.0 - 1.0 / sum);
    let response_ms = 1000.0 * (f64::from(n) / x - 1.0 / lambda);
    assert!((sum - 5.0234375).abs() < 1e-12 && (x - 80.093).abs() < 1e-3, "{sum} {x}");
    let report = serde_json::to_value(faultline::report::RunReport::new(&sim, 0.0)).expect("the report encodes");
    let client = &report["clients"]["machines"];
    let throughput = client["requests"].as_f64().unwrap_or(f64::NAN) / 600.0;
    let mean_ms = client["latency_ms"]["mean"].as_f64().unwrap_or(f64::NAN);
    assert!((throughput - x).abs() / x < 0.017, "throughput {throughput:.3}/s vs {x:.3}/s");
    assert!((mean_ms - response_ms).abs() / response_ms < 0.05, "response {mean_ms:.3} ms vs {response_ms:.3} ms");
    // Never more requests in flight than callers.
    assert!(client["in_flight"].as_u64().is_some_and(|k| k <= u64::from(n)), "{client}");
}

/// Within-run intervals by batch means cover the true mean at their nominal rate: M/M/1
/// at ρ = 0.5 (λ = 500/s, μ = 1000/s, W = 1/(μ − λ) = 2 ms) in 100 runs of 60 s, seeds
/// 1–100, sampled every 0.5 s: 120 intervals make 60 batches of two (about 500 customers,
/// far longer than the queue's memory of 1/(μ(1 − √ρ)²) ≈ 12 ms). A 95 % interval should
/// cover 2 ms in 95 runs of 100, with a binomial spread of √(100·0.95·0.05) ≈ 2.2 runs:
/// 89 to 99 is within about 2.7σ either way (100 of 100 would mean intervals too wide).
/// These seeds give 92.
#[test]
fn batch_means_intervals_cover_the_mm1_mean_at_their_nominal_rate() {
    let mut covered = 0;
    for seed in 1..=100 {
        let mut sim = simulation(&format!(
            r#"Scenario(name: "M/M/1", seed: {seed}, duration: "60s", sample_every: "0.5s",
                topics: [Topic(name: "jobs", capacity: 1000000)],
                producers: [Producer(name: "arrivals", topic: "jobs", rate: Poisson(per_second: 500.0))],
                consumers: [ConsumerGroup(name: "server", topic: "jobs", delivery: Competing,
                    handler: Handler(work: Exponential("1ms")))],
            )"#
        ));
        sim.run_to_end();
        let report = faultline::report::RunReport::of(&sim.run_status(), 0.0);
        let interval = report.groups["server"].latency_mean_ci95.expect("60 batches give an interval");
        assert_eq!(interval.batches, 60);
        assert!(interval.low < interval.high);
        covered += u32::from(interval.low <= 2.0 && 2.0 <= interval.high);
    }
    assert!((89..=99).contains(&covered), "{covered} of 100 intervals cover W = 2 ms");
}

/// The non-preemptive priority queue M/G/1 (Cobham 1954; Kleinrock vol. 2 §3.6): with
/// classes numbered from the most important, ρₖ = λₖE[Sₖ], σₖ = ρ₁ + … + ρₖ and the mean
/// residual work W₀ = Σ λᵢE[Sᵢ²]/2, class k waits Wqₖ = W₀ / ((1 − σₖ₋₁)(1 − σₖ)).
///
/// Two producers of 400/s each, priorities 1 and 0, into a `max_priority: 1` queue served
/// by one worker (prefetch 1, so nothing is taken ahead of its turn) with exponential 1 ms:
/// ρ = 0.4 + 0.4, E[S²] = 2 ms², W₀ = 800/s · 2 ms² / 2 = 0.8 ms. The important class
/// waits 0.8 / (1 · 0.6) = 1.333 ms, the other 0.8 / (0.6 · 0.2) = 6.667 ms. Kleinrock's
/// conservation law checks both: their average weighted by load is FIFO M/M/1's
/// Wq = ρ/(μ − λ) = 0.8/200 s = 4 ms. Over seeds 1–8 of these 400 s runs the two waits
/// averaged 1.331 and 6.666 ms with standard deviations of 0.8 % and 2.2 % (1.9 % for the
/// wait of all), so ±5 %, ±11 % and ±8 % are 4–6σ.
#[test]
fn a_priority_queue_matches_cobham() {
    let scenario = |max_priority: &str| {
        format!(
            r#"Scenario(name: "M/M/1 priority", seed: 1, duration: "400s",
                topics: [Topic(name: "jobs", capacity: 1000000{max_priority})],
                producers: [
                    Producer(name: "orders", topic: "jobs", rate: Poisson(per_second: 400.0), priority: 1),
                    Producer(name: "reports", topic: "jobs", rate: Poisson(per_second: 400.0)),
                ],
                consumers: [ConsumerGroup(name: "server", topic: "jobs", delivery: Competing, prefetch: 1,
                    handler: Handler(work: Exponential("1ms")))],
            )"#
        )
    };
    let mut sim = simulation(&scenario(", max_priority: Some(1)"));
    sim.run_to_end();
    let q = sim.run_status().groups[0].queueing.clone();
    let wait = |class: u8| q.wait_ms_by_priority.get(&class).copied().flatten().unwrap_or(f64::NAN);
    let (high, low) = (wait(1), wait(0));
    let (w0, sigma1, sigma2) = (0.8_f64, 0.4_f64, 0.8_f64);
    let (cobham_high, cobham_low) = (w0 / (1.0 * (1.0 - sigma1)), w0 / ((1.0 - sigma1) * (1.0 - sigma2)));
    assert!((cobham_high - 4.0 / 3.0).abs() < 1e-12 && (cobham_low - 20.0 / 3.0).abs() < 1e-12);
    assert!((high - cobham_high).abs() / cobham_high < 0.05, "priority 1 waits {high:.4} ms vs {cobham_high:.4}");
    assert!((low - cobham_low).abs() / cobham_low < 0.11, "priority 0 waits {low:.4} ms vs {cobham_low:.4}");
    assert!((0.5 * (high + low) - 4.0).abs() / 4.0 < 0.08, "conservation: {high:.4} and {low:.4} average to 4 ms");
    // The same traffic in publication order: one wait for all, M/M/1's 4 ms, and no classes.
    let mut fifo = simulation(&scenario(""));
    fifo.run_to_end();
    let q = fifo.run_status().groups[0].queueing.clone();
    assert!(q.wait_ms_by_priority.is_empty());
    assert!((q.wait_ms_mean - 4.0).abs() / 4.0 < 0.08, "FIFO waits {:.4} ms vs 4 ms", q.wait_ms_mean);
}

type M2 = [[f64; 2]; 2];

fn m2_mul(a: M2, b: M2) -> M2 {
    let at = |i: usize, j: usize| a[i][0] * b[0][j] + a[i][1] * b[1][j];
    [[at(0, 0), at(0, 1)], [at(1, 0), at(1, 1)]]
}

fn m2_inverse(a: M2) -> M2 {
    let det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
    [[a[1][1] / det, -a[0][1] / det], [-a[1][0] / det, a[0][0] / det]]
}

/// The mean sojourn of an MMPP/M/1 queue whose 2-state modulating chain leaves state i at
/// rate rᵢ and sends at rate λᵢ there, by the matrix-geometric method (Neuts 1981; Latouche
/// & Ramaswami 1999 §6): the number in system and the phase form a quasi-birth-death
/// process with blocks A₀ = Λ (an arrival), A₁ = Q − Λ − μI (no level change), A₂ = μI (a
/// departure), Q the chain's generator; the level probabilities are πₙ = π₀Rⁿ with R the
/// minimal solution of A₀ + RA₁ + R²A₂ = 0 (iterated R ← −(A₀ + R²A₂)A₁⁻¹ from 0), π₀
/// solving π₀(Q − Λ + RA₂) = 0 with π₀(I − R)⁻¹1 = 1. Then L = π₀R(I − R)⁻²1 and
/// W = L/λ̄ (Little). P(empty) = π₀1 must come out 1 − ρ: a check on the numbers.
fn mmpp2_m1_mean_sojourn_s(lambda: [f64; 2], leave: [f64; 2], mu: f64) -> (f64, f64) {
    let [l1, l2] = lambda;
    let [r1, r2] = leave;
    let a0: M2 = [[l1, 0.0], [0.0, l2]];
    let a1: M2 = [[-r1 - l1 - mu, r1], [r2, -r2 - l2 - mu]];
    let a1_inverse = m2_inverse(a1);
    let mut r: M2 = [[0.0; 2]; 2];
    for _ in 0..100_000 {
        let rr = m2_mul(r, r);
        let sum = [
            [a0[0][0] + rr[0][0] * mu, a0[0][1] + rr[0][1] * mu],
            [a0[1][0] + rr[1][0] * mu, a0[1][1] + rr[1][1] * mu],
        ];
        let next = m2_mul(sum, a1_inverse).map(|row| row.map(|x| -x));
        let change = (0..4).map(|k| (next[k / 2][k % 2] - r[k / 2][k % 2]).abs()).fold(0.0, f64::max);
        r = next;
        if change < 1e-16 {
            break;
        }
    }
    // π₀B = 0 for B = Q − Λ + μR: π₀ = (1, −B₀₀/B₁₀), then normalised.
    let b00 = -r1 - l1 + mu * r[0][0];
    let b10 = r2 + mu * r[1][0];
    let mut pi0 = [1.0, -b00 / b10];
    let i_minus_r_inverse = m2_inverse([[1.0 - r[0][0], -r[0][1]], [-r[1][0], 1.0 - r[1][1]]]);
    let norm: f64 = (0..2).map(|i| pi0[i] * (i_minus_r_inverse[i][0] + i_minus_r_inverse[i][1])).sum();
    pi0 = pi0.map(|p| p / norm);
    let m = m2_mul(m2_mul(r, i_minus_r_inverse), i_minus_r_inverse);
    let l: f64 = (0..2).map(|i| pi0[i] * (m[i][0] + m[i][1])).sum();
    let mean_rate = (l1 * r2 + l2 * r1) / (r1 + r2);
    (l / mean_rate, pi0[0] + pi0[1])
}

/// MMPP/M/1 against the matrix-geometric solution, and against M/M/1 on the same seeds.
/// A source alternating between 900/s and 100/s, each for an exponential 100 ms on
/// average (mean rate 500/s), feeds one server of exponential 1 ms work: ρ = 0.5 as in
/// M/M/1 at 500/s, but W = 6.079 ms instead of 2 ms (the bursts at 900/s build queues the
/// quiet spells drain). Over seeds 1–8 of these 600 s runs (`faultline run --seed N`) the
/// mean sojourn averaged 6.087 ms with a standard deviation of 1.8 %, the Poisson runs
/// 2.003 ms with 0.47 %: ±8 % on W and on the ratio 3.04 is over 4σ.
#[test]
fn an_mmpp_queue_waits_longer_than_mm1_as_the_matrix_geometric_solution_says() {
    let (theory_s, p_empty) = mmpp2_m1_mean_sojourn_s([900.0, 100.0], [10.0, 10.0], 1000.0);
    assert!((p_empty - 0.5).abs() < 1e-9, "P(empty) {p_empty}, not 1 − ρ");
    let theory_ms = 1000.0 * theory_s;
    assert!((theory_ms - 6.0787).abs() < 1e-3, "{theory_ms}");
    // Both states at 500/s: the chain changes nothing and the formula is M/M/1's 2 ms.
    let (flat_s, _) = mmpp2_m1_mean_sojourn_s([500.0, 500.0], [10.0, 10.0], 1000.0);
    assert!((flat_s - 0.002).abs() < 1e-12, "{flat_s}");
    let run = |rate: &str| {
        let mut sim = simulation(&format!(
            r#"Scenario(name: "MMPP/M/1", seed: 3, duration: "600s",
                topics: [Topic(name: "jobs", capacity: 1000000)],
                producers: [Producer(name: "arrivals", topic: "jobs", rate: {rate})],
                consumers: [ConsumerGroup(name: "server", topic: "jobs", delivery: Competing,
                    handler: Handler(work: Exponential("1ms")))],
            )"#
        ));
        sim.run_to_end();
        assert!(sim.conservation_holds());
        sim.latency().mean_ms()
    };
    let modulated_ms =
        run(r#"Modulated(states: [(per_second: 900.0, mean_stay: "100ms"), (per_second: 100.0, mean_stay: "100ms")])"#);
    let poisson_ms = run("Poisson(per_second: 500.0)");
    assert!((modulated_ms - theory_ms).abs() / theory_ms < 0.08, "MMPP/M/1 {modulated_ms:.4} ms vs {theory_ms:.4} ms");
    let ratio = modulated_ms / poisson_ms;
    assert!(
        (ratio - theory_ms / 2.0).abs() / (theory_ms / 2.0) < 0.08,
        "{modulated_ms:.4} / {poisson_ms:.4} ms = {ratio:.3}"
    );
}
