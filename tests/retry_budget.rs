//! Retry budgets (Finagle's `RetryBudget`, Envoy's `retry_budget`): a caller's retries may
//! add at most `ratio` of its requests over the last `ttl`, plus `min_per_second`, whatever
//! `max_attempts` allows. Every figure is read from `run --json`'s report.

mod common;
mod ui_common;

use common::simulation;
use faultline::experiment::{metric_value, report_json};
use faultline::scenario::{Diagnostic, parse_str};
use serde_json::Value;

fn report(source: &str) -> Value {
    let mut sim = simulation(source);
    sim.run_to_end();
    assert!(sim.conservation_holds());
    report_json(&sim)
}

/// The located problems of a scenario text (none when it is valid).
fn errors(text: &str) -> Vec<String> {
    match parse_str(text, "budget.ron") {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics.iter().map(Diagnostic::to_string).collect(),
    }
}

fn metric(report: &Value, path: &str) -> f64 {
    match metric_value(report, path) {
        Ok(Some(v)) => v,
        other => panic!("{path}: {other:?}"),
    }
}

/// A client sends 100 requests a second (one every 10 ms) for 60 s to `db`, which fails
/// every call; the client tries 3 times (10 ms apart).
fn client(budget: &str) -> String {
    format!(
        r#"Scenario(name: "budget", seed: 1, duration: "60s",
            services: [Service(name: "db", latency: Constant("1ms"), errors: Errors(transient: 1.0))],
            topics: [Topic(name: "unused")],
            clients: [Client(name: "web", rate: Constant(per_second: 100.0), calls: ["db"],
                retry: Retry(max_attempts: 3, backoff: Constant("10ms"){budget}))],
        )"#
    )
}

/// Without a budget every request makes its 3 attempts: 6 000 requests, 18 000 calls.
/// With `ratio: 0.1` and no minimum, each request pays 0.1 of a token and a retry costs
/// one, counted over the last 10 s: every 10th request's failure may be retried once, so
/// 0.1 × 6 000 = 600 retries in all (a window's tokens leave it with its retries), 6 600
/// calls. A refused retry ends the request (its failure goes back at once), so each
/// request meets one refusal: after its first failure, or after its retry's: ≈ 6 000 (the
/// last ones still in flight at the end). Measured: 597 retries (a
/// fraction of a token is lost when a slice leaves the window, and the last requests'
/// tenths make no whole retry before the end): ±5.
#[test]
fn a_budget_of_a_tenth_lets_a_tenth_of_the_requests_retry() {
    let unbudgeted = report(&client(""));
    assert_eq!(metric(&unbudgeted, "clients.web.requests"), 6000.0);
    // The last requests' retries (10 and 20 ms after them) fall after the end.
    let calls = metric(&unbudgeted, "services.db.calls");
    assert!((17990.0..=18000.0).contains(&calls), "{calls} calls vs 3 × 6 000");
    assert!(unbudgeted["clients"]["web"].get("retries_denied_by_budget").is_none());

    let budgeted = report(&client(", budget: Some(RetryBudget(ratio: 0.1, min_per_second: 0.0))"));
    let requests = metric(&budgeted, "clients.web.requests");
    let calls = metric(&budgeted, "services.db.calls");
    let denied = metric(&budgeted, "clients.web.retries_denied_by_budget");
    assert_eq!(requests, 6000.0);
    assert!((calls - 6600.0).abs() <= 5.0, "{calls} calls vs 6 000 requests + 600 retries");
    assert!((5990.0..=6000.0).contains(&denied), "{denied} refused vs one per request");
}

/// With no ratio and `min_per_second: 5` over a 10 s ttl, 50 retries are allowed per
/// window: the first 50 failures are retried at once (the first 0.25 s: two retries per
/// request), then 50 more each time a slice of retries leaves the window. Over 60 s that
/// is 6 windows' worth: 300 retries.
#[test]
fn a_minimum_allows_retries_per_second_whatever_the_requests() {
    let budgeted = report(&client(", budget: Some(RetryBudget(ratio: 0.0, min_per_second: 5.0, ttl: \"10s\"))"));
    let retries = metric(&budgeted, "services.db.calls") - metric(&budgeted, "clients.web.requests");
    assert!((retries - 300.0).abs() <= 5.0, "{retries} retries vs 5/s × 60 s");
}

/// A client sends 100 requests a second to `middle`, which calls `bottom` (failing every
/// call) with 3 attempts and a budget of a tenth of its requests.
const CHAIN: &str = r#"Scenario(name: "chain", seed: 1, duration: "60s",
    services: [
        Service(name: "middle", latency: Constant("1ms"), calls: ["bottom"],
            retry: Retry(max_attempts: 3, backoff: Constant("10ms"), budget: Some(RetryBudget(ratio: 0.1, min_per_second: 0.0)))),
        Service(name: "bottom", latency: Constant("1ms"), errors: Errors(transient: 1.0)),
    ],
    topics: [Topic(name: "unused")],
    clients: [Client(name: "web", rate: Constant(per_second: 100.0), calls: ["middle"])],
)"#;

/// A service's own calls have a budget too: the middle of a chain retries at most a tenth
/// of what it is asked, so a failing bottom sees 1.1 × middle's calls instead of 3 ×.
#[test]
fn a_service_budget_caps_its_calls_downstream() {
    let r = report(CHAIN);
    let (middle, bottom) = (metric(&r, "services.middle.calls"), metric(&r, "services.bottom.calls"));
    assert!((5995.0..=6000.0).contains(&middle), "middle {middle} vs 6 000");
    assert!((bottom - 6600.0).abs() <= 5.0, "bottom {bottom} vs 1.1 × 6 000");
    let denied = metric(&r, "services.middle.retries_denied_by_budget");
    assert!((5990.0..=6000.0).contains(&denied), "{denied} refused vs one per call");
}

/// Located errors: the budget's fields, and a budget where it would be ignored.
#[test]
fn bad_budgets_are_located() {
    let source = client(", budget: Some(RetryBudget(ratio: 1.5, min_per_second: -1.0, ttl: \"0s\"))");
    let text = errors(&source).join("\n");
    assert!(
        text.contains("clients[web].retry.budget.ratio: must be a probability between 0 and 1, found 1.5"),
        "{text}"
    );
    assert!(
        text.contains("clients[web].retry.budget.min_per_second: must be at least 0 per second, found -1"),
        "{text}"
    );
    assert!(
        text.contains("clients[web].retry.budget.ttl: must be longer than 0s (the budget would count nothing)"),
        "{text}"
    );
    let group = r#"Scenario(name: "g", topics: [Topic(name: "t")],
        consumers: [ConsumerGroup(name: "g", topic: "t", retry: Retry(budget: Some(RetryBudget())))])"#;
    let text = errors(group).join("\n");
    assert!(
        text.contains("consumers[g].retry.budget: a retry budget applies to a service's or a client's calls only"),
        "{text}"
    );
}

/// The service's detail panel shows what its budget refused, beside its other numbers.
#[test]
fn the_detail_panel_shows_the_retries_a_budget_refused() {
    use egui_kittest::kittest::Queryable;
    use faultline::ui::runner::Control;
    use faultline::ui::settings::Settings;
    use faultline::ui::snapshot::Speed;
    let mut runner = ui_common::open_scenario("retry-budget", CHAIN);
    runner.handle(Control::SetSpeed(Speed::Max));
    runner.handle(Control::Play);
    let mut h = ui_common::dashboard(runner, Settings::default());
    // To the end of the run, so the numbers stand still.
    for _ in 0..400 {
        if h.state().snapshot().now.as_secs_f64() >= 60.0 {
            break;
        }
        h.run_steps(5);
    }
    assert!(h.state().snapshot().now.as_secs_f64() >= 60.0, "the run did not end");
    let denied = h
        .state()
        .snapshot()
        .status
        .services
        .iter()
        .find(|v| v.name == "middle")
        .and_then(|v| v.retries_denied_by_budget);
    let denied = denied.expect("middle has a budget");
    assert!(denied > 0, "nothing refused yet");
    h.get_by_label("middle").click();
    h.run_steps(2);
    h.get_by_label("retries refused by its budget");
    h.get_by_label(&faultline::ui::format::count(denied));
}
