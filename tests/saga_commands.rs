//! Saga steps that send a command and wait for the reply: the numbers are hand arithmetic.
//!
//! - A participant with a constant handling time and no faults: the command step takes
//!   exactly that time, every command is processed once, every saga completes.
//! - A participant that dead-letters every command: a business failure, never retried —
//!   every saga compensated after exactly one attempt.
//! - A participant slower than the reply timeout, retries R: exactly R + 1 attempts, each
//!   timing out, then compensation; every command is still processed, late.
//! - A participant that is down, its topic with a TTL: every command expires unread, a
//!   transient failure retried R times, at an exact duration.
//! - A participant that filters some types out: those commands fail for good at once.
//! - A participant whose own (nested) saga fails declines the command: a business failure.
//! - A command that leads back to its coordinator's topic is refused.
//! - A coordinator crash mid-command: the saga resumes and sends again; the first
//!   command's reply comes late and is ignored, and no saga is lost.
//! - Conservation after every event, and slicing changes nothing.

mod common;

use common::{at, fingerprint, simulation};
use faultline::engine::Simulation;
use faultline::report::{RunReport, SagaReport, SagaStepReport};
use faultline::time::SimTime;

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

fn step<'r>(k: &'r SagaReport, name: &str) -> &'r SagaStepReport {
    k.steps.get(name).unwrap_or_else(|| panic!("no step {name}"))
}

/// A command step's replies of kind `kind`.
fn replies(step: &SagaStepReport, kind: &str) -> u64 {
    step.replies.as_ref().expect("a command step lists its replies")[kind]
}

fn calls(report: &RunReport, service: &str) -> u64 {
    report.services.get(service).unwrap_or_else(|| panic!("no service {service}")).calls
}

/// Every saga that started ended one way or another, or is still in progress.
fn balances(k: &SagaReport) {
    assert_eq!(k.started, k.completed + k.compensated + k.failed + k.inconsistent + k.in_progress, "{k:#?}");
}

/// Orders at a constant 10 per second (0.1 s, 0.2 s, … 4.9 s: 49 sagas; the 50th order,
/// at 5 s, is produced as the run ends). The coordinator reserves stock (1 ms), sends `ship` to the shipping group,
/// which handles it in a constant 20 ms, then notifies (1 ms). A command step between
/// two calls also checks that the call stages around it stay in place.
const SHIPPING: &str = r#"Scenario(name: "shipping", duration: "5s",
    services: [
        Service(name: "inventory", latency: Constant("1ms")),
        Service(name: "mailer", latency: Constant("1ms")),
        Service(name: "release", latency: Constant("1ms")),
    ],
    topics: [Topic(name: "orders"), Topic(name: "shipments"), Topic(name: "shipments.dlq")],
    producers: [Producer(name: "shop", topic: "orders", rate: Constant(per_second: 10.0))],
    consumers: [
        ConsumerGroup(name: "coordinator", topic: "orders", concurrency: 8, delivery: Competing),
        ConsumerGroup(name: "shipping", topic: "shipments", concurrency: 8, delivery: Competing,
            handler: Handler(work: Constant("20ms")), on_exhausted: DeadLetter("shipments.dlq")),
    ],
    sagas: [Saga(name: "checkout", coordinator: "coordinator",
        steps: [
            SagaStep(name: "reserve", call: "inventory", compensate: Some("release")),
            SagaStep(name: "ship", command: Command(topic: "shipments", reply_timeout: "1s"),
                retry: Retry(max_attempts: 3, backoff: Constant("10ms"))),
            SagaStep(name: "notify", call: "mailer"),
        ])])"#;

/// 49 sagas, each 1 ms (reserve) + 20 ms (the participant's handling: the command is
/// published and taken at once, nothing queues) + 1 ms (notify) = 22 ms exactly. Each
/// saga sends one command, which is processed once; the ledger holds 50 orders and 49
/// commands, all processed but the last order.
#[test]
fn a_command_step_takes_exactly_the_participants_handling_time() {
    let (_, report) = run(SHIPPING);
    let k = saga(&report, "checkout");
    balances(k);
    assert_eq!((k.started, k.completed, k.in_progress), (49, 49, 0));
    assert_eq!(k.duration_ms.mean, 22.0);
    assert!((k.duration_ms.max - 22.0).abs() <= 22e-3, "HDR precision: 3 digits");
    let ship = step(k, "ship");
    assert_eq!((ship.calls, ship.failures), (49, 0));
    assert_eq!(replies(ship, "processed"), 49);
    let others: u64 = ship.replies.as_ref().map_or(0, |r| r.values().sum::<u64>()) - 49;
    assert_eq!(others, 0, "{ship:#?}");
    assert_eq!((ship.timeouts, ship.late_replies), (Some(0), Some(0)));
    // A step that calls a service has no reply figures.
    assert!(step(k, "reserve").replies.is_none() && step(k, "notify").timeouts.is_none());
    assert_eq!((calls(&report, "inventory"), calls(&report, "mailer"), calls(&report, "release")), (49, 49, 0));
    assert_eq!(report.groups["shipping"].processed, 49);
    assert_eq!((report.ledger.produced, report.ledger.processed), (99, 98));
}

/// A participant whose handler calls a service that always fails with a business error
/// gives up on every command (to its dead-letter topic): the reply is a business failure,
/// which is not retried although the step has 3 attempts. Every saga is compensated after
/// exactly one attempt: 1 ms reserve + 20 ms handling + 1 ms the failing call + 1 ms
/// release = 23 ms.
#[test]
fn a_participant_that_dead_letters_every_command_compensates_every_saga_once() {
    let text = SHIPPING
        .replace(
            r#"Service(name: "release", latency: Constant("1ms")),"#,
            r#"Service(name: "release", latency: Constant("1ms")),
        Service(name: "courier", latency: Constant("1ms"), errors: Errors(business: 1.0)),"#,
        )
        .replace(r#"Handler(work: Constant("20ms"))"#, r#"Handler(work: Constant("20ms"), calls: ["courier"])"#);
    let (_, report) = run(&text);
    let k = saga(&report, "checkout");
    balances(k);
    assert_eq!((k.started, k.compensated, k.completed + k.failed + k.inconsistent), (49, 49, 0));
    assert_eq!(k.reasons.get("step_business"), Some(&49));
    assert_eq!(k.by_failed_step.get("ship"), Some(&49));
    let ship = step(k, "ship");
    assert_eq!((ship.calls, ship.failures), (49, 49), "one attempt each");
    assert_eq!(replies(ship, "dead_lettered"), 49);
    assert_eq!(replies(ship, "processed"), 0);
    assert_eq!(k.compensations.calls, 49);
    assert_eq!((calls(&report, "release"), calls(&report, "courier"), calls(&report, "mailer")), (49, 49, 0));
    assert_eq!(k.duration_ms.mean, 23.0);
    assert!((k.duration_ms.max - 23.0).abs() <= 23e-3, "HDR precision: 3 digits");
    // The ledger: 49 orders processed (a compensated saga was handled), 49 commands
    // dead-lettered, the order of 5 s still in flight.
    assert_eq!((report.ledger.produced, report.ledger.processed, report.ledger.dead_lettered), (99, 49, 49));
}

/// The participant takes 100 ms, the step waits 30 ms with 3 attempts 10 ms apart:
/// attempt 1 is sent at 1 ms (after reserve) and times out at 31 ms, attempt 2 goes at
/// 41 ms and times out at 71 ms, attempt 3 goes at 81 ms and times out at 111 ms; then
/// reserve is released (1 ms): 112 ms per saga, compensated with reason `step_timeout`.
/// The three commands are still processed (the participant is not told), at 101, 141 and
/// 181 ms: three late replies per saga, ignored. Orders 5 per second (0.2 s … 4.8 s, 24
/// sagas), so the last saga ends (4.913 s) and its commands are processed (by 4.981 s)
/// before the run does.
#[test]
fn a_participant_slower_than_the_reply_timeout_gets_r_plus_1_attempts() {
    let text = SHIPPING
        .replace(r#"Constant("20ms")"#, r#"Constant("100ms")"#)
        .replace(r#"reply_timeout: "1s""#, r#"reply_timeout: "30ms""#)
        .replace("per_second: 10.0", "per_second: 5.0");
    let (_, report) = run(&text);
    let k = saga(&report, "checkout");
    balances(k);
    assert_eq!((k.started, k.compensated, k.in_progress), (24, 24, 0));
    assert_eq!(k.reasons.get("step_timeout"), Some(&24));
    assert_eq!(k.duration_ms.mean, 112.0);
    assert!((k.duration_ms.max - 112.0).abs() <= 112e-3, "HDR precision: 3 digits");
    let ship = step(k, "ship");
    assert_eq!((ship.calls, ship.failures, ship.timeouts), (3 * 24, 3 * 24, Some(3 * 24)));
    assert_eq!(ship.late_replies, Some(3 * 24));
    assert_eq!(replies(ship, "processed"), 0, "none in time");
    assert_eq!(report.groups["shipping"].processed, 3 * 24, "the participant did the work three times");
    assert_eq!(k.compensations.calls, 24);
    assert_eq!(calls(&report, "mailer"), 0);
    // 25 orders (the one at 5 s still in flight) and 72 commands.
    assert_eq!((report.ledger.produced, report.ledger.processed), (25 + 72, 24 + 72));
}

/// A reply timeout just above the handling time: every reply is in time. A reply at
/// exactly the timeout is too late (the timeout is armed first, so it comes first at the
/// same instant): 3 attempts, each timing out, and 3 late replies per saga.
#[test]
fn a_reply_just_inside_the_timeout_counts() {
    let text = SHIPPING.replace(r#"reply_timeout: "1s""#, r#"reply_timeout: "20000001ns""#);
    let (_, report) = run(&text);
    let k = saga(&report, "checkout");
    assert_eq!((k.completed, step(k, "ship").timeouts), (49, Some(0)));
    let text = SHIPPING.replace(r#"reply_timeout: "1s""#, r#"reply_timeout: "20ms""#);
    let (_, report) = run(&text);
    let k = saga(&report, "checkout");
    let ship = step(k, "ship");
    assert_eq!((k.compensated, ship.timeouts, ship.late_replies), (49, Some(3 * 49), Some(3 * 49)));
}

/// Orders are `physical` or `digital`; the shipping group takes only `physical`, and the
/// command keeps the order's type. A digital order's command is filtered out at once: a
/// business failure after one attempt, the saga compensated; every physical one completes.
#[test]
fn a_command_the_participant_filters_out_fails_for_good_at_once() {
    let text = SHIPPING
        .replace(
            "rate: Constant(per_second: 10.0))",
            r#"rate: Constant(per_second: 10.0),
            events: [EventType(name: "physical"), EventType(name: "digital")])"#,
        )
        .replace(
            r#"concurrency: 8, delivery: Competing,
            handler"#,
            r#"concurrency: 8, delivery: Competing, filter: Some(["physical"]),
            handler"#,
        );
    let (_, report) = run(&text);
    let k = saga(&report, "checkout");
    balances(k);
    let ship = step(k, "ship");
    assert!(k.completed > 5 && k.compensated > 5, "{k:#?}");
    assert_eq!(k.completed + k.compensated, 49);
    assert_eq!((replies(ship, "processed"), replies(ship, "filtered")), (k.completed, k.compensated));
    assert_eq!(ship.calls, 49, "a filtered command is not sent again");
    assert_eq!(k.reasons.get("step_business"), Some(&k.compensated));
    // A filtered-out saga is compensated at once: reserve, then release (2 ms); a
    // physical one takes 22 ms.
    let total_ms = 2 * k.compensated + 22 * k.completed;
    assert!((k.duration_ms.mean - total_ms as f64 / 49.0).abs() < 1e-9, "{}", k.duration_ms.mean);
    assert_eq!(report.ledger.filtered, k.compensated);
}

/// One command step, the participant taking 200 ms, and a coordinator instance crashing
/// at 5 s (Poisson 50/s for 10 s). Every saga on the crashed instance was waiting for a
/// reply: its trigger is redelivered after the 1 s session timeout, the saga resumes from
/// the log and sends the command again (a duplicate, the step not being idempotent); the
/// first command's reply came meanwhile and is late. So: no saga lost, late replies =
/// duplicates = sagas resumed, and the participant processed orders + duplicates.
#[test]
fn a_coordinator_crash_mid_command_resends_it_and_ignores_the_late_reply() {
    let (_, report) = run(r#"Scenario(name: "crash", duration: "30s",
        topics: [Topic(name: "orders", partitions: 4), Topic(name: "shipments", partitions: 4)],
        producers: [Producer(name: "shop", topic: "orders",
            rate: Steps([Step(at: "0s", per_second: 50.0), Step(at: "10s", per_second: 0.0)]))],
        consumers: [
            ConsumerGroup(name: "coordinator", topic: "orders", instances: 2, concurrency: 64,
                delivery: Competing, session_timeout: "1s",
                supervisor: Some(Supervisor(detect_after: "1s", restart_after: "1s"))),
            ConsumerGroup(name: "shipping", topic: "shipments", concurrency: 64, delivery: Competing,
                handler: Handler(work: Constant("200ms"))),
        ],
        sagas: [Saga(name: "checkout", coordinator: "coordinator",
            steps: [SagaStep(name: "ship", command: Command(topic: "shipments", reply_timeout: "5s"))])],
        faults: [Fault(at: "5s", duration: "1s", target: "coordinator/1", kind: Crash)])"#);
    let k = saga(&report, "checkout");
    balances(k);
    let orders = k.started;
    assert!((400..=600).contains(&orders), "{orders}");
    assert_eq!((k.completed, k.in_progress), (orders, 0), "no saga lost or left behind");
    assert!(k.resumed >= 3, "the crashed instance held sagas mid-command: {}", k.resumed);
    let ship = step(k, "ship");
    assert_eq!(k.duplicate_calls, k.resumed, "each resumed saga had its command out");
    assert_eq!(ship.late_replies, Some(k.resumed));
    assert_eq!(ship.calls, orders + k.resumed);
    assert_eq!(replies(ship, "processed"), orders);
    assert_eq!(report.groups["shipping"].processed, orders + k.resumed);
    assert_eq!(ship.timeouts, Some(0));
}

/// The commands keep conservation after every event (a busy mix: timeouts, retries, late
/// replies, a crash), and a run sliced into pieces is bit-identical to one in a go.
#[test]
fn conservation_and_slicing_hold_with_commands() {
    let text = SHIPPING
        .replace(r#"Constant("20ms")"#, r#"Exponential("25ms")"#)
        .replace(r#"reply_timeout: "1s""#, r#"reply_timeout: "40ms""#)
        .replace("per_second: 10.0", "per_second: 200.0")
        .replace(
            r#"sagas: ["#,
            r#"faults: [Fault(at: "2s", duration: "500ms", target: "shipping/1", kind: Crash)],
    sagas: ["#,
        );
    let mut whole = simulation(&text);
    let end = whole.end();
    while whole.next_event_at().is_some_and(|t| t <= end) && whole.step_one() {
        assert!(whole.conservation_holds(), "broken at {}", whole.now());
    }
    whole.run_to_end();
    let report = RunReport::numbers(&whole);
    let ship = step(saga(&report, "checkout"), "ship");
    assert!(ship.timeouts.unwrap_or(0) > 0 && ship.late_replies.unwrap_or(0) > 0, "{ship:#?}");
    let mut sliced = simulation(&text);
    for k in 1..=1_000u64 {
        sliced.step_until(SimTime(end.0 / 1_000 * k));
    }
    sliced.run_to_end();
    assert_eq!(fingerprint(&whole), fingerprint(&sliced));
}

// ----- validation ------------------------------------------------------------------------

fn errors(text: &str) -> Vec<String> {
    common::diagnostics(text)
}

fn with(from: &str, to: &str) -> String {
    common::replaced_once(SHIPPING, from, to)
}

#[test]
fn the_example_is_valid() {
    assert_eq!(errors(SHIPPING), Vec::<String>::new());
}

#[test]
fn a_command_to_a_missing_topic_is_located() {
    let text = with(r#"topic: "shipments", reply"#, r#"topic: "shipment", reply"#);
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].steps[ship].command.topic: unknown topic `shipment` (did you mean `shipments`?)",
            at(&text, r#""shipment""#)
        )]
    );
}

#[test]
fn a_command_nobody_reads_is_located() {
    let text = with(
        r#"ConsumerGroup(name: "shipping", topic: "shipments""#,
        r#"ConsumerGroup(name: "shipping", topic: "orders""#,
    );
    let errors = errors(&text);
    let expected = format!(
        "s.ron:{}: sagas[checkout].steps[ship].command.topic: no consumer group reads topic `shipments`: nothing would ever reply to the command (add the participant: a consumer group reading this topic)",
        at(&text, r#""shipments", reply"#)
    );
    assert!(errors.contains(&expected), "{errors:#?}");
}

#[test]
fn a_reply_timeout_of_zero_is_located() {
    let text = with(r#"reply_timeout: "1s""#, r#"reply_timeout: "0s""#);
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].steps[ship].command.reply_timeout: must be longer than 0s (every command would time out at once)",
            at(&text, r#""0s""#)
        )]
    );
}

#[test]
fn a_step_with_both_a_call_and_a_command_or_neither_is_located() {
    let text = with(r#"SagaStep(name: "ship", command"#, r#"SagaStep(name: "ship", call: "mailer", command"#);
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].steps[ship].command: a step either calls a service or sends a command, not both (keep `call` for a synchronous call, or `command` to send a command event and wait for its reply)",
            at(&text, "Command(")
        )]
    );
    let text = with(r#"SagaStep(name: "notify", call: "mailer")"#, r#"SagaStep(name: "notify")"#);
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].steps[notify]: a step needs `call` (a service) or `command` (a command event and its reply timeout) (e.g. call: \"payment\", or command: Command(topic: \"payment-commands\", reply_timeout: \"2s\"))",
            at(&text, r#"SagaStep(name: "notify")"#)
        )]
    );
}

#[test]
fn a_command_to_the_coordinators_own_topic_or_a_shared_one_is_located() {
    let text = with(r#"topic: "shipments", reply"#, r#"topic: "orders", reply"#);
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].steps[ship].command.topic: topic `orders` is the coordinator's own: each command would start another saga (send the command to a topic its participant reads)",
            at(&text, r#""orders", reply"#)
        )]
    );
    let text =
        with("    ],\n    sagas", "        ConsumerGroup(name: \"audit\", topic: \"shipments\"),\n    ],\n    sagas");
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].steps[ship].command.topic: topic `shipments` is read by 2 groups (`shipping`, `audit`): a command has one participant (give the command a topic of its own, read by its participant only)",
            at(&text, r#""shipments", reply"#)
        )]
    );
    let text = with(r#"topic: "shipments", reply"#, r#"topic: "shipments.dlq", reply"#);
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].steps[ship].command.topic: `shipments.dlq` is a dead-letter topic: it holds dead letters, not commands (send the command to a topic its participant reads)",
            at(&text, r#""shipments.dlq", reply"#)
        )]
    );
}

#[test]
fn a_command_type_the_participant_filters_out_is_located() {
    let text = with(
        r#"concurrency: 8, delivery: Competing,
            handler"#,
        r#"concurrency: 8, delivery: Competing, filter: Some(["ShipOrder"]),
            handler"#,
    )
    .replacen(r#"topic: "shipments", reply"#, r#"topic: "shipments", type: "CancelOrder", reply"#, 1)
    .replacen(
        r#"rate: Constant(per_second: 10.0))"#,
        r#"rate: Constant(per_second: 10.0), events: [EventType(name: "ShipOrder")])"#,
        1,
    );
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].steps[ship].command.type: consumer group `shipping` filters out `CancelOrder`: the command would never reach its participant (add the type to the group's filter, or send another type)",
            at(&text, r#""CancelOrder""#)
        )]
    );
}

/// The participant emits to the coordinator's topic: every saga would start another, and
/// `max_hops` (which bounds emits) does not stop commands, so the cycle is refused.
#[test]
fn a_command_that_leads_back_to_the_coordinator_is_located() {
    let text = with(
        r#"handler: Handler(work: Constant("20ms")),"#,
        r#"handler: Handler(work: Constant("20ms"), emits: [Emit(topic: "orders")]),"#,
    );
    assert_eq!(
        errors(&text),
        [format!(
            "s.ron:{}: sagas[checkout].steps[ship].command.topic: the command leads back to the coordinator's topic: orders → coordinator → shipments → shipping → orders (each saga would start another: the participant must not publish to the topic that starts the saga)",
            at(&text, r#""shipments", reply"#)
        )]
    );
    let bounded = text.replacen(r#"duration: "5s","#, r#"duration: "5s", max_hops: Some(3),"#, 1);
    assert_eq!(errors(&bounded).len(), 1, "max_hops does not bound a command");
}

/// The participant is down for the whole run (crashed at 0 s, no supervisor) and its
/// topic keeps messages 50 ms: each command expires unread, a transient failure that the
/// step's retry takes. Attempt 1 goes at 1 ms and expires at 51 ms, attempt 2 at 61 ms
/// (10 ms back-off) expires at 111 ms, attempt 3 at 121 ms expires at 171 ms; reserve is
/// released in 1 ms: 172 ms per saga, compensated with reason `step_transient`. Orders 5
/// per second (24 sagas, the last ending at 4.973 s).
#[test]
fn a_command_that_expires_unread_is_retried_as_a_transient_failure() {
    let text = SHIPPING
        .replace(r#"Topic(name: "shipments")"#, r#"Topic(name: "shipments", ttl: "50ms")"#)
        .replace("per_second: 10.0", "per_second: 5.0")
        .replace(
            r#"sagas: ["#,
            r#"faults: [Fault(at: "0s", duration: "5s", target: "shipping", kind: Crash)],
    sagas: ["#,
        );
    let (_, report) = run(&text);
    let k = saga(&report, "checkout");
    balances(k);
    assert_eq!((k.started, k.compensated, k.in_progress), (24, 24, 0));
    assert_eq!(k.reasons.get("step_transient"), Some(&24));
    assert_eq!(k.duration_ms.mean, 172.0);
    let ship = step(k, "ship");
    assert_eq!((ship.calls, ship.failures, replies(ship, "expired")), (3 * 24, 3 * 24, 3 * 24));
    assert_eq!((ship.timeouts, ship.late_replies), (Some(0), Some(0)));
    assert_eq!(report.ledger.expired, 3 * 24);
}

/// Nested sagas: the participant coordinates a saga of its own, whose only step calls a
/// courier that always refuses (business). Each inner saga ends Failed (nothing to undo);
/// its trigger, the outer command, was handled but not done: the outer step hears
/// `declined`, a business failure, and compensates after one attempt. Timing: reserve
/// 1 ms, the participant's 20 ms of work and its 1 ms call, release 1 ms = 23 ms.
#[test]
fn a_participant_whose_own_saga_fails_declines_the_command() {
    let text = SHIPPING
        .replace(
            r#"Service(name: "release", latency: Constant("1ms")),"#,
            r#"Service(name: "release", latency: Constant("1ms")),
        Service(name: "courier", latency: Constant("1ms"), errors: Errors(business: 1.0)),"#,
        )
        .replace(
            r#"SagaStep(name: "notify", call: "mailer"),
        ])])"#,
            r#"SagaStep(name: "notify", call: "mailer"),
        ]),
        Saga(name: "delivery", coordinator: "shipping", steps: [SagaStep(name: "hand over", call: "courier")])])"#,
        );
    let (_, report) = run(&text);
    let inner = saga(&report, "delivery");
    assert_eq!((inner.started, inner.failed), (49, 49));
    let k = saga(&report, "checkout");
    balances(k);
    assert_eq!((k.started, k.compensated), (49, 49));
    assert_eq!(k.reasons.get("step_business"), Some(&49));
    let ship = step(k, "ship");
    assert_eq!((ship.calls, replies(ship, "declined"), replies(ship, "processed")), (49, 49, 0));
    assert_eq!(k.duration_ms.mean, 23.0);
    // Both triggers are processed in the ledger: the sagas were handled.
    assert_eq!((report.ledger.produced, report.ledger.processed), (99, 98));
}
