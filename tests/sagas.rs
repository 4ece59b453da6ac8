//! Orchestrated sagas and choreographed compensation: the numbers are hand arithmetic.
//!
//! - Independent step failures p₁, p₂, p₃ that are not retried, compensations that always
//!   succeed: completed (1−p₁)(1−p₂)(1−p₃), failed at step 1 p₁, compensated after step
//!   k Π_{i<k}(1−pᵢ)·p_k — within a binomial tolerance — and the calls each outcome makes,
//!   exactly.
//! - A compensation that always fails with R attempts: every saga that needs it ends
//!   Inconsistent after exactly R compensation calls, at an exact duration.
//! - A coordinator crash mid-saga loses no saga; the calls repeated are counted exactly.

mod common;

use common::{at, at_after, simulation};
use faultline::engine::Simulation;
use faultline::report::{RunReport, SagaReport};

fn run(text: &str) -> (Simulation, RunReport) {
    let mut sim = simulation(text);
    sim.run_to_end();
    assert!(sim.conservation_holds(), "the ledger balances");
    let report = RunReport::numbers(&sim);
    (sim, report)
}

fn saga<'r>(report: &'r RunReport, name: &str) -> &'r SagaReport {
    report.sagas.get(name).unwrap_or_else(|| panic!("no saga {name}"))
}

fn calls(report: &RunReport, service: &str) -> u64 {
    report.services.get(service).unwrap_or_else(|| panic!("no service {service}")).calls
}

/// Every saga that started ended one way or another, or is still in progress.
fn balances(k: &SagaReport) {
    assert_eq!(k.started, k.completed + k.compensated + k.failed + k.inconsistent + k.in_progress, "{k:#?}");
}

/// |observed share − p| within 4.5 binomial standard deviations of n trials: for the
/// four shares tested together, a false alarm has a chance below 3 × 10⁻⁵ (the run is
/// deterministic, so this is the chance that the fixed seed was an unlucky one, not a
/// flake).
fn near(observed: u64, n: u64, p: f64, what: &str) {
    let share = observed as f64 / n as f64;
    let sigma = (p * (1.0 - p) / n as f64).sqrt();
    assert!((share - p).abs() <= 4.5 * sigma, "{what}: {share:.4} against {p:.4} ± {:.4}", 4.5 * sigma);
}

const THREE_STEPS: &str = r#"Scenario(name: "checkout", duration: "20s",
    services: [
        Service(name: "inventory", latency: Constant("1ms"), errors: Errors(business: 0.1)),
        Service(name: "payment", latency: Constant("1ms"), errors: Errors(business: 0.2)),
        Service(name: "courier", latency: Constant("1ms"), errors: Errors(business: 0.3)),
        Service(name: "release", latency: Constant("1ms")),
        Service(name: "refund", latency: Constant("1ms")),
    ],
    topics: [Topic(name: "orders", partitions: 4)],
    producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 1000.0))],
    consumers: [ConsumerGroup(name: "coordinator", topic: "orders", instances: 2, concurrency: 64,
        delivery: Competing)],
    sagas: [Saga(name: "checkout", coordinator: "coordinator",
        steps: [
            SagaStep(name: "reserve", call: "inventory", compensate: Some("release")),
            SagaStep(name: "charge", call: "payment", compensate: Some("refund")),
            SagaStep(name: "ship", call: "courier", pivot: true),
        ])])"#;

/// p = (0.1, 0.2, 0.3), business errors (never retried), 20 000 sagas:
/// completed 0.9 × 0.8 × 0.7 = 0.504, failed at reserve 0.1, compensated after charge
/// 0.9 × 0.2 = 0.18, compensated after ship 0.9 × 0.8 × 0.3 = 0.216 (they add up to 1).
#[test]
fn shares_of_each_outcome_are_the_products_of_the_step_probabilities() {
    let (_, report) = run(THREE_STEPS);
    let k = saga(&report, "checkout");
    balances(k);
    // The last trigger arrives at 20 s − 1 ms and a saga takes at most 1 ms of work and
    // five calls of 1 ms: those started in the last 6 ms may still run at the end.
    assert!(k.in_progress <= 6, "{}", k.in_progress);
    let ended = k.completed + k.compensated + k.failed + k.inconsistent;
    assert!(ended >= 19_990, "{ended}");
    assert_eq!(k.inconsistent, 0, "compensations always succeed");
    let by = |step: &str| k.by_failed_step.get(step).copied().unwrap_or(0);
    near(k.completed, ended, 0.9 * 0.8 * 0.7, "completed");
    near(k.failed, ended, 0.1, "failed at step 1");
    near(by("charge"), ended, 0.9 * 0.2, "compensated after step 2");
    near(by("ship"), ended, 0.9 * 0.8 * 0.3, "compensated after step 3");
    // Exact: failing at reserve leaves nothing to undo; failing later compensates.
    assert_eq!(k.failed, by("reserve"));
    assert_eq!(k.compensated, by("charge") + by("ship"));
    assert_eq!(k.reasons.get("step_business"), Some(&(ended - k.completed)));
    // Exact calls: each saga calls reserve; those past it call charge; those past charge
    // call ship. Compensating after charge undoes reserve (1 call); after ship, charge and
    // reserve (2 calls).
    let in_flight_calls = k.steps["reserve"].calls - ended; // sagas still running
    assert!(in_flight_calls <= k.in_progress);
    assert_eq!(calls(&report, "release"), by("charge") + by("ship"));
    assert_eq!(calls(&report, "refund"), by("ship"));
    assert_eq!(k.compensations.calls, by("charge") + 2 * by("ship"));
    assert_eq!(k.compensations.failures, 0);
    assert_eq!(k.steps["reserve"].failures, k.failed);
    assert_eq!(k.steps["charge"].failures, by("charge"));
    assert_eq!(k.steps["ship"].failures, by("ship"));
    // The ledger: every trigger handled is processed (the outcome is the saga's business).
    assert_eq!(report.ledger.processed, ended);
    assert_eq!(report.ledger.dead_lettered + report.ledger.dropped, 0);
}

/// The same three services, each retried: a transient failure with probability p and 3
/// attempts fails for good with probability p³. With p = 0.5 on charge: 0.125 of the
/// sagas that reach it compensate, and each makes 1 + 0.5 + 0.25 = 1.75 calls on average.
#[test]
fn a_retried_step_fails_for_good_with_the_cube_of_its_failure_probability() {
    let text = THREE_STEPS
        .replace("errors: Errors(business: 0.1)", "")
        .replace("errors: Errors(business: 0.2)", "errors: Errors(transient: 0.5)")
        .replace("errors: Errors(business: 0.3)", "")
        .replace(
            r#"compensate: Some("refund"))"#,
            r#"compensate: Some("refund"), retry: Retry(max_attempts: 3, backoff: Constant("2ms")))"#,
        );
    let (_, report) = run(&text);
    let k = saga(&report, "checkout");
    balances(k);
    let ended = k.completed + k.compensated;
    assert_eq!(k.failed + k.inconsistent, 0);
    near(k.compensated, ended, 0.125, "compensated after charge");
    assert_eq!(k.by_failed_step["charge"], k.compensated);
    assert_eq!(k.reasons.get("step_transient"), Some(&k.compensated));
    // Calls of charge: 3 per compensated saga, and 1, 2 or 3 per completed one; in all
    // 1.75 per saga on average, within the binomial spread of the number of retries.
    let per_saga = k.steps["charge"].calls as f64 / ended as f64;
    assert!((per_saga - 1.75).abs() < 0.02, "{per_saga}");
    assert_eq!(calls(&report, "release"), k.compensated, "compensating charge undoes reserve");
}

/// A compensation that always fails (transient), retried with R = 4 attempts 10 ms
/// apart: every saga whose second step fails needs it and ends Inconsistent after exactly
/// 4 compensation calls, 1 + 1 + 4 × 1 + 3 × 10 = 36 ms after it started (two steps, four
/// compensation calls, three back-offs; a saga starts once the coordinator's own 1 ms of
/// work is done). Its trigger goes to the dead-letter topic for repair.
#[test]
fn a_compensation_that_always_fails_leaves_every_saga_inconsistent_after_r_calls() {
    let (_, report) = run(r#"Scenario(name: "stuck", duration: "10s",
        services: [
            Service(name: "inventory", latency: Constant("1ms")),
            Service(name: "payment", latency: Constant("1ms"), errors: Errors(business: 1.0)),
            Service(name: "release", latency: Constant("1ms"), errors: Errors(transient: 1.0)),
        ],
        topics: [Topic(name: "orders"), Topic(name: "repairs")],
        producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 10.0))],
        consumers: [ConsumerGroup(name: "coordinator", topic: "orders", concurrency: 8, delivery: Competing,
            on_exhausted: DeadLetter("repairs"))],
        sagas: [Saga(name: "checkout", coordinator: "coordinator",
            steps: [
                SagaStep(name: "reserve", call: "inventory", compensate: Some("release"),
                    compensation_retry: Retry(max_attempts: 4, backoff: Constant("10ms"))),
                SagaStep(name: "charge", call: "payment"),
            ])])"#);
    let k = saga(&report, "checkout");
    balances(k);
    // Orders at 0.1 s, 0.2 s, ... 9.9 s (a constant rate's first arrival is one gap in).
    assert_eq!(k.in_progress, 0, "the last saga starts at 9.9 s and takes 37 ms");
    assert_eq!(k.started, 99);
    assert_eq!(k.inconsistent, 99);
    assert_eq!(k.completed + k.compensated + k.failed, 0);
    assert_eq!(k.compensations.calls, 4 * 99);
    assert_eq!(k.compensations.failures, 4 * 99);
    assert_eq!(calls(&report, "release"), 4 * 99);
    assert_eq!(k.reasons.get("compensation_failed"), Some(&99));
    assert_eq!(k.by_failed_step.get("charge"), Some(&99));
    assert_eq!(k.duration_ms.mean, 36.0);
    assert!((k.duration_ms.p99 - 36.0).abs() <= 0.036, "HDR precision: 3 digits");
    assert_eq!(report.ledger.dead_lettered, 99);
    assert_eq!(report.ledger.by_reason.get("saga inconsistent (needs repair)"), Some(&99));
    assert_eq!(report.ledger.processed, 0);
}

/// After the pivot there is no way back: a step after it that fails ends the saga
/// Inconsistent at once, without calling any compensation (the pivot's and the earlier
/// steps' effects stand).
#[test]
fn a_failure_after_the_pivot_is_inconsistent_without_compensating() {
    let (_, report) = run(r#"Scenario(name: "pivot", duration: "5s",
        services: [
            Service(name: "inventory", latency: Constant("1ms")),
            Service(name: "courier", latency: Constant("1ms")),
            Service(name: "mailer", latency: Constant("1ms"), errors: Errors(fatal: 1.0)),
            Service(name: "release", latency: Constant("1ms")),
        ],
        topics: [Topic(name: "orders")],
        producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 10.0))],
        consumers: [ConsumerGroup(name: "coordinator", topic: "orders", delivery: Competing)],
        sagas: [Saga(name: "fulfil", coordinator: "coordinator",
            steps: [
                SagaStep(name: "reserve", call: "inventory", compensate: Some("release")),
                SagaStep(name: "ship", call: "courier", pivot: true),
                SagaStep(name: "notify", call: "mailer"),
            ])])"#);
    let k = saga(&report, "fulfil");
    balances(k);
    // Orders at 0.1 s ... 4.9 s.
    assert_eq!((k.started, k.inconsistent), (49, 49));
    assert_eq!(k.reasons.get("failed_after_pivot"), Some(&49));
    assert_eq!(k.compensations.calls, 0);
    assert_eq!(calls(&report, "release"), 0);
    // on_exhausted is Drop by default: the trigger is dropped with the saga's reason.
    assert_eq!(report.ledger.by_reason.get("saga inconsistent (needs repair)"), Some(&49));
}

/// A step with a condition runs only for the types it names: half the orders are
/// digital (no shipping), so ship is called for the physical half only.
#[test]
fn a_step_with_a_condition_is_skipped_for_other_types() {
    let (_, report) = run(r#"Scenario(name: "types", duration: "10s",
        services: [Service(name: "payment", latency: Constant("1ms")), Service(name: "courier", latency: Constant("1ms"))],
        topics: [Topic(name: "orders")],
        producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 100.0),
            events: [EventType(name: "physical"), EventType(name: "digital")])],
        consumers: [ConsumerGroup(name: "coordinator", topic: "orders", delivery: Competing)],
        sagas: [Saga(name: "checkout", coordinator: "coordinator",
            steps: [
                SagaStep(name: "charge", call: "payment"),
                SagaStep(name: "ship", call: "courier", only_for: Some(["physical"])),
            ])])"#);
    let k = saga(&report, "checkout");
    balances(k);
    // Orders every 10 ms from 10 ms to 9.99 s.
    assert_eq!(k.completed, 999);
    assert_eq!(calls(&report, "payment"), 999);
    assert_eq!(calls(&report, "courier") + k.skipped, 999, "every saga either ships or skips");
    near(k.skipped, 999, 0.5, "digital orders");
}

/// The saga's deadline: a step slower than the saga's timeout leaves no time for the
/// next one. Reserve (1 ms) and charge (50 ms) take 51 ms, past the 40 ms timeout: ship
/// is not attempted, charge and reserve are compensated (1 ms each): 53 ms in all.
#[test]
fn a_saga_past_its_timeout_compensates_before_its_next_step() {
    let (_, report) = run(r#"Scenario(name: "deadline", duration: "5s",
        services: [
            Service(name: "inventory", latency: Constant("1ms")),
            Service(name: "payment", latency: Constant("50ms")),
            Service(name: "courier", latency: Constant("1ms")),
            Service(name: "release", latency: Constant("1ms")),
            Service(name: "refund", latency: Constant("1ms")),
        ],
        topics: [Topic(name: "orders")],
        producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 10.0))],
        consumers: [ConsumerGroup(name: "coordinator", topic: "orders", concurrency: 4, delivery: Competing)],
        sagas: [Saga(name: "checkout", coordinator: "coordinator", timeout: "40ms",
            steps: [
                SagaStep(name: "reserve", call: "inventory", compensate: Some("release")),
                SagaStep(name: "charge", call: "payment", compensate: Some("refund")),
                SagaStep(name: "ship", call: "courier"),
            ])])"#);
    let k = saga(&report, "checkout");
    balances(k);
    assert_eq!((k.started, k.compensated), (49, 49));
    assert_eq!(k.reasons.get("saga_timeout"), Some(&49));
    assert_eq!(k.by_failed_step.get("ship"), Some(&49));
    assert_eq!(calls(&report, "courier"), 0);
    assert_eq!((calls(&report, "refund"), calls(&report, "release")), (49, 49));
    assert_eq!(k.duration_ms.mean, 53.0);
}

const CRASHING: &str = r#"Scenario(name: "crash", duration: "30s",
    services: [
        Service(name: "inventory", latency: Constant("200ms")),
        Service(name: "payment", latency: Constant("200ms")),
        Service(name: "courier", latency: Constant("200ms")),
        Service(name: "release", latency: Constant("1ms")),
        Service(name: "refund", latency: Constant("1ms")),
    ],
    topics: [Topic(name: "orders", partitions: 4)],
    producers: [Producer(name: "shop", topic: "orders",
        rate: Steps([Step(at: "0s", per_second: 50.0), Step(at: "10s", per_second: 0.0)]))],
    consumers: [ConsumerGroup(name: "coordinator", topic: "orders", instances: 2, concurrency: 64,
        delivery: Competing, session_timeout: "1s",
        supervisor: Some(Supervisor(detect_after: "1s", restart_after: "1s")))],
    sagas: [Saga(name: "checkout", coordinator: "coordinator",
        steps: [
            SagaStep(name: "reserve", call: "inventory", compensate: Some("release")),
            SagaStep(name: "charge", call: "payment", compensate: Some("refund")),
            SagaStep(name: "ship", call: "courier"),
        ])],
    faults: [Fault(at: "5s", duration: "1s", target: "coordinator/1", kind: Crash)])"#;

/// A coordinator instance crashes at 5 s holding ~15 sagas mid-call (Poisson 50/s for
/// 10 s, 600 ms each, half on each instance). Their triggers are redelivered after the 1 s
/// session timeout and every saga resumes from the saga log: none is lost, every one of
/// the ~500 orders completes. Each call in flight at the crash is made again — a
/// duplicate step call — so the steps' services are called exactly 3 × sagas +
/// duplicate_calls times.
#[test]
fn a_coordinator_crash_loses_no_saga_and_counts_the_repeated_calls() {
    let (_, report) = run(CRASHING);
    let k = saga(&report, "checkout");
    balances(k);
    let orders = report.ledger.produced;
    assert!((400..=600).contains(&orders), "{orders}");
    assert_eq!((k.started, k.completed, k.in_progress), (orders, orders, 0), "no saga lost or left behind");
    assert!(k.resumed >= 5, "the crashed instance held sagas mid-way: {}", k.resumed);
    assert!(k.duplicate_calls >= 5 && k.duplicate_calls <= k.resumed, "{k:#?}");
    let step_calls = calls(&report, "inventory") + calls(&report, "payment") + calls(&report, "courier");
    assert_eq!(step_calls, 3 * orders + k.duplicate_calls);
    assert!(report.groups["coordinator"].redelivered >= k.resumed);
    assert_eq!(report.ledger.processed, orders);
}

/// The same crash with idempotent steps: the calls are made again, but the services
/// deduplicate them by saga id, so no effect happens twice.
#[test]
fn idempotent_steps_make_a_resumed_call_harmless() {
    let text = CRASHING.replace(r#"call: "inventory","#, r#"call: "inventory", idempotent: true,"#).replace(
        r#"SagaStep(name: "charge", call: "payment","#,
        r#"SagaStep(name: "charge", call: "payment", idempotent: true,"#,
    );
    let text = text.replace(r#"call: "courier")"#, r#"call: "courier", idempotent: true)"#);
    let (_, report) = run(&text);
    let k = saga(&report, "checkout");
    assert_eq!((k.completed, k.in_progress, k.duplicate_calls), (report.ledger.produced, 0, 0));
    assert!(k.resumed >= 5);
}

/// Choreography: the same flow without a coordinator. A payment group that gives up on
/// an order (a business error, share 0.2) emits `PaymentFailed`, and a stock group
/// releases what was reserved: every order the payment group dropped is released once.
#[test]
fn a_group_emits_its_compensating_event_when_it_gives_up() {
    let (_, report) = run(r#"Scenario(name: "choreography", duration: "10s",
        services: [
            Service(name: "inventory", latency: Constant("1ms")),
            Service(name: "payment", latency: Constant("1ms"), errors: Errors(business: 0.2)),
            Service(name: "release", latency: Constant("1ms")),
        ],
        topics: [Topic(name: "orders"), Topic(name: "reserved"), Topic(name: "payment-failed"), Topic(name: "paid")],
        producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 100.0))],
        consumers: [
            ConsumerGroup(name: "stock", topic: "orders", delivery: Competing,
                handler: Handler(calls: ["inventory"], emits: [Emit(topic: "reserved", type: "StockReserved")])),
            ConsumerGroup(name: "charge", topic: "reserved", delivery: Competing,
                handler: Handler(calls: ["payment"], emits: [
                    Emit(topic: "paid", type: "PaymentCaptured"),
                    Emit(topic: "payment-failed", type: "PaymentFailed", when: Failed),
                ])),
            ConsumerGroup(name: "unreserve", topic: "payment-failed", delivery: Competing,
                handler: Handler(calls: ["release"])),
            ConsumerGroup(name: "done", topic: "paid", delivery: Competing),
        ])"#);
    let charge = &report.groups["charge"];
    let failed = charge.failures.get("business").copied().unwrap_or(0);
    assert_eq!(report.groups["unreserve"].processed, failed, "one release per failed payment");
    assert_eq!(report.groups["done"].processed, charge.processed);
    assert_eq!(charge.processed + failed, 999, "orders every 10 ms from 10 ms to 9.99 s");
    near(failed, 999, 0.2, "payments failed");
    assert_eq!(calls(&report, "release"), failed);
}

// ----- validation ------------------------------------------------------------------------

fn errors(text: &str) -> Vec<String> {
    common::diagnostics(text)
}

fn with(from: &str, to: &str) -> String {
    common::replaced_once(THREE_STEPS, from, to)
}

#[test]
fn the_example_is_valid() {
    assert_eq!(errors(THREE_STEPS), Vec::<String>::new());
}

#[test]
fn a_step_calling_a_missing_service_is_located() {
    let text = with(r#"call: "payment""#, r#"call: "paymnt""#);
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].steps[charge].call: unknown service `paymnt` (did you mean `payment`?)",
            at(&text, r#""paymnt""#)
        )]
    );
    let text = with(r#"compensate: Some("refund")"#, r#"compensate: Some("refunds")"#);
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].steps[charge].compensate: unknown service `refunds` (did you mean `refund`?)",
            at(&text, r#"Some("refunds")"#)
        )]
    );
}

#[test]
fn a_compensation_at_or_after_the_pivot_is_located() {
    let text = with(r#"call: "courier", pivot: true"#, r#"call: "courier", pivot: true, compensate: Some("refund")"#);
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].steps[ship].compensate: the pivot is the point of no return: it cannot be compensated (remove the compensation, or make an earlier step the pivot)",
            at_after(&text, "pivot: true, ", r#"Some("refund")"#)
        )]
    );
    let text = with(r#"call: "payment", compensate: Some("refund")"#, r#"call: "payment", pivot: true"#)
        .replace(r#"call: "courier", pivot: true"#, r#"call: "courier", compensate: Some("release")"#);
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].steps[ship].compensate: a step after the pivot (`charge`) cannot be compensated: once the pivot succeeds the saga only goes forward (remove the compensation (give the step retries instead), or move the pivot)",
            at_after(&text, r#"call: "courier", "#, r#"Some("release")"#)
        )]
    );
}

#[test]
fn a_saga_whose_trigger_topic_is_missing_is_located() {
    // The trigger is the coordinator's topic: a missing one is the coordinator's error.
    let text = with(r#"topic: "orders", instances: 2"#, r#"topic: "order", instances: 2"#);
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: consumers[coordinator].topic: unknown topic `order` (did you mean `orders`?)",
            at(&text, r#""order""#)
        )]
    );
    let text = with(r#"coordinator: "coordinator""#, r#"coordinator: "coordinater""#);
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].coordinator: unknown consumer group `coordinater` (did you mean `coordinator`?)",
            at(&text, r#""coordinater""#)
        )]
    );
}

#[test]
fn an_unreachable_step_is_located() {
    let text = with(
        r#"rate: Constant(per_second: 1000.0))"#,
        r#"rate: Constant(per_second: 1000.0), events: [EventType(name: "digital"), EventType(name: "physical")])"#,
    )
    .replace(
        r#"consumers: [ConsumerGroup(name: "coordinator", topic: "orders","#,
        r#"consumers: [ConsumerGroup(name: "coordinator", topic: "orders", filter: Some(["digital"]),"#,
    )
    .replace(r#"pivot: true)"#, r#"pivot: true, only_for: Some(["physical"]))"#);
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].steps[ship].only_for: unreachable step: no trigger the coordinator handles is of these types (it handles `digital`) (name a type the coordinator's topic carries and its filter takes)",
            at(&text, r#"Some(["physical"])"#)
        )]
    );
}

#[test]
fn other_saga_mistakes_are_located() {
    // A coordinator that calls services of its own.
    let text = with(r#"delivery: Competing)"#, r#"delivery: Competing, handler: Handler(calls: ["payment"]))"#);
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].coordinator: consumer group `coordinator` calls services of its own (handler.calls) (a coordinator's calls are its saga's steps: leave its handler.calls empty)",
            at_after(&text, "sagas: [", r#""coordinator""#)
        )]
    );
    // Two pivots, a duplicate step name, no steps.
    let text = with(r#"compensate: Some("release"))"#, r#"pivot: true)"#);
    assert_eq!(
        errors(&text),
        [
            format!(
                "s.ron:{}: sagas[checkout].steps[charge].compensate: a step after the pivot (`reserve`) cannot be compensated: once the pivot succeeds the saga only goes forward (remove the compensation (give the step retries instead), or move the pivot)",
                at(&text, r#"Some("refund")"#)
            ),
            format!(
                "s.ron:{}: sagas[checkout].steps[ship].pivot: a saga has at most one pivot (the first one is its point of no return)",
                at(
                    &text,
                    r#"true),
        ])"#
                )
            )
        ]
    );
    let text = with(r#"name: "ship""#, r#"name: "charge""#);
    assert_eq!(errors(&text).len(), 1, "{:?}", errors(&text));
    assert!(errors(&text)[0].contains("another step of this saga is already named `charge`"), "{:?}", errors(&text));
    // No steps at all.
    let (head, _) = THREE_STEPS.split_once("steps: [").unwrap_or_default();
    let text = format!("{head}steps: [])])");
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].steps: a saga needs at least one step (list its steps in order)",
            at_after(&text, "coordinator: \"coordinator\",", "[]")
        )]
    );
}

/// The shipped checkout saga, both styles: every expectation it states is met (hand
/// arithmetic in its header), with the saga's own numbers read back.
#[test]
fn the_shipped_checkout_saga_meets_its_expectations() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/checkout-saga.ron");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["run", &path.display().to_string(), "--json", "--quiet"])
        .output()
        .unwrap_or_else(|e| panic!("faultline: {e}"));
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{text}\n{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let k = &json["sagas"]["checkout"];
    let n = |v: &serde_json::Value| v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"));
    let ended = n(&k["completed"]) + n(&k["compensated"]) + n(&k["failed"]) + n(&k["inconsistent"]);
    assert_eq!(n(&k["started"]), ended + n(&k["in_progress"]));
    // Compensated after charge undo 1 step, after ship 2.
    let by = &k["by_failed_step"];
    assert_eq!(
        n(&k["compensations"]["calls"]) - n(&k["compensations"]["failures"]),
        n(&by["charge"]) + 2 * n(&by["ship"])
    );
    let expectations = json["expectations"].as_array().map_or(0, Vec::len);
    assert_eq!(expectations, 8);
}

/// A traced trigger's journey carries its saga's timeline: every step's call and answer in
/// order, the compensations newest first, and the end with the step that failed. Calls of
/// 1 ms after 1 ms of handler work, so each call goes out 1 ms after the one before.
#[test]
fn a_traced_saga_lists_its_steps_and_its_compensations_in_reverse_order() {
    let text = r#"Scenario(name: "traced saga", duration: "2s",
        tracing: Some(Tracing(sample: 1.0, max_traces: 10)),
        services: [
            Service(name: "inventory", latency: Constant("1ms")),
            Service(name: "payment", latency: Constant("1ms")),
            Service(name: "courier", latency: Constant("1ms"), errors: Errors(business: 1.0)),
            Service(name: "release", latency: Constant("1ms")),
            Service(name: "refund", latency: Constant("1ms")),
        ],
        topics: [Topic(name: "orders")],
        producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 1.0))],
        consumers: [ConsumerGroup(name: "coordinator", topic: "orders")],
        sagas: [Saga(name: "checkout", coordinator: "coordinator",
            steps: [
                SagaStep(name: "reserve", call: "inventory", compensate: Some("release")),
                SagaStep(name: "charge", call: "payment", compensate: Some("refund")),
                SagaStep(name: "ship", call: "courier"),
            ])])"#;
    let (sim, report) = run(text);
    assert_eq!(saga(&report, "checkout").compensated, 1, "one order (at 1 s), compensated after ship");
    let journeys = sim.journeys();
    let first = journeys.first().unwrap_or_else(|| panic!("a journey"));
    let timeline: Vec<(String, String)> = first
        .steps
        .iter()
        .filter(|s| s.step == "saga")
        .map(|s| (format!("{:.3}", s.at_s - first.steps[0].at_s), s.detail.clone()))
        .collect();
    let expected = [
        ("0.001", "checkout: reserve attempt 1 calls inventory"),
        ("0.002", "checkout: reserve: ok"),
        ("0.002", "checkout: charge attempt 1 calls payment"),
        ("0.003", "checkout: charge: ok"),
        ("0.003", "checkout: ship attempt 1 calls courier"),
        ("0.004", "checkout: ship: business"),
        ("0.004", "checkout: undo charge attempt 1 calls refund"),
        ("0.005", "checkout: undo charge: ok"),
        ("0.005", "checkout: undo reserve attempt 1 calls release"),
        ("0.006", "checkout: undo reserve: ok"),
        ("0.006", "checkout ended compensated (ship failed: step_business)"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(t, d)| (t.to_string(), d.to_string())).collect();
    assert_eq!(timeline, expected);
    let end = first.steps.iter().filter_map(|s| s.saga.as_ref()).next_back().unwrap_or_else(|| panic!("an end"));
    assert_eq!((end.end, end.step, end.reason), (Some("compensated"), Some(2), Some("step_business")));
}
