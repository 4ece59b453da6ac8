//! `faultline run` with expectations, over the real binary: ✓/✗ lines with the observed
//! values, exit 0 when all pass and 3 when one fails, `--json`'s `expectations`, `--try`.

mod cli_common;

use cli_common::{code, faultline, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::Output;

/// A small scenario: 10 events/s, 10 ms of work, 20 s; `expect` as given.
fn scenario_file(name: &str, expect: &str) -> PathBuf {
    let text = format!(
        r#"Scenario(
    name: "cli expectations",
    duration: "20s",
    topics: [Topic(name: "in")],
    producers: [Producer(name: "src", topic: "in", rate: Constant(per_second: 10.0))],
    consumers: [ConsumerGroup(name: "g", topic: "in", handler: Handler(work: Constant("10ms")))],
    expect: [{expect}],
    lesson: Lesson(
        title: "t", summary: "s",
        questions: [Question(ask: "twice the load?", change: ["producers.src.rate.per_second=20"],
                             expect: [Expect(name: "twice as many", metric: "ledger.produced", at_least: 400.0, at_most: 400.0)])],
    ),
)
"#
    );
    let path = std::env::temp_dir().join(format!("faultline-expect-{}-{name}.ron", std::process::id()));
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

fn run(file: &Path, extra: &[&str]) -> Output {
    let file = file.display().to_string();
    let mut args = vec!["run", file.as_str(), "--quiet"];
    args.extend_from_slice(extra);
    faultline(&args)
}

#[test]
fn all_met_prints_ticks_and_exits_0() {
    let file = scenario_file(
        "pass",
        r#"Expect(name: "nothing lost", metric: "ledger.lost", at_most: 0.0),
           Expect(metric: "ledger.produced", at: "10s", at_least: 100.0, at_most: 100.0)"#,
    );
    let output = run(&file, &[]);
    let _ = std::fs::remove_file(&file);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.ends_with(
            "expectations:\n  ✓ nothing lost: ledger.lost = 0 (expected at most 0)\n  \
             ✓ ledger.produced = 100 at 10s (expected between 100 and 100)\n2 of 2 expectations met\n"
        ),
        "{out}"
    );
}

#[test]
fn a_failed_expectation_prints_a_cross_and_exits_3() {
    let file = scenario_file(
        "fail",
        r#"Expect(name: "nothing lost", metric: "ledger.lost", at_most: 0.0),
           Series(name: "p99 below 5 ms", key: "latency.p99_ms", from: "5s", to: "15s", at_most: 5.0)"#,
    );
    let output = run(&file, &[]);
    assert_eq!(code(&output), 3, "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.contains("  ✓ nothing lost: ledger.lost = 0 (expected at most 0)\n"), "{out}");
    // 10 ms of work, within the interval histogram's precision.
    let line = out.lines().find(|l| l.starts_with("  ✗ p99 below 5 ms: latency.p99_ms was 10.")).unwrap_or_default();
    assert!(line.ends_with(" at 6s (expected every sample in 5s..15s at most 5)"), "{out}");
    assert!(out.ends_with("1 of 2 expectations met, 1 failed\n"), "{out}");

    // --json: the report with an `expectations` array.
    let output = run(&file, &["--json"]);
    let _ = std::fs::remove_file(&file);
    assert_eq!(code(&output), 3);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap_or_else(|e| panic!("{e}"));
    let items = report["expectations"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["status"], "passed");
    assert_eq!(items[0]["title"], "nothing lost");
    assert_eq!(items[1]["status"], "failed");
    // 10 ms of work, within the histogram's precision.
    assert!(items[1]["observed"].as_f64().is_some_and(|v| (v - 10.0).abs() < 0.1), "{}", items[1]);
    assert_eq!(items[1]["decided_at"], 6.0);
    assert_eq!(items[1]["decidable_at"], 15.0);
    assert_eq!(items[1]["kind"], "Series");
}

#[test]
fn a_shortened_run_cannot_meet_later_expectations() {
    let file = scenario_file("short", r#"Expect(metric: "ledger.produced", at: "15s", at_least: 1.0)"#);
    let output = run(&file, &["--duration", "5s"]);
    let _ = std::fs::remove_file(&file);
    assert_eq!(code(&output), 3);
    assert!(stdout(&output).contains("  – not reached: the run ended at 5s, before 15s"), "{}", stdout(&output));
}

#[test]
fn try_runs_a_question_with_its_own_expectations() {
    let file = scenario_file("try", r#"Expect(metric: "ledger.produced", at_most: 200.0)"#);
    let output = run(&file, &["--try", "1"]);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains(
            "question 1: twice the load?\n  changed: producers.src.rate.per_second=20\nexpectations:\n  \
             ✓ twice as many: ledger.produced = 400 (expected between 400 and 400)\n"
        ),
        "{out}"
    );
    let json = run(&file, &["--try", "1", "--json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report["question"], 1);
    let output = run(&file, &["--try", "2"]);
    let _ = std::fs::remove_file(&file);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).ends_with("there is no question 2: the lesson has 1 (numbered from 1)\n"),
        "{}",
        stderr(&output)
    );
}

/// `faultline check` of a scenario with `expect` fails (exit 1) with one located line:
/// the file's path, then `located`.
fn check_fails_with(name: &str, expect: &str, located: &str) {
    let file = scenario_file(name, expect);
    let output = faultline(&["check", &file.display().to_string()]);
    let _ = std::fs::remove_file(&file);
    assert_eq!(code(&output), 1);
    assert_eq!(stderr(&output), format!("{}:{located}\n", file.display()));
}

#[test]
fn check_reports_expectations_the_engine_cannot_evaluate_with_their_location() {
    // A field of the report is the engine's to know (series keys are checked against the
    // metric table when the file is validated).
    check_fails_with(
        "check",
        r#"Expect(metric: "groups.g.retriez", at_most: 1.0)"#,
        "7:29: expect[0].metric: the `run --json` report has no `groups.g.retriez` (no `retriez` there) (did you mean `retries`?)",
    );
}

#[test]
fn check_locates_an_unknown_series_key_from_the_metric_table() {
    check_fails_with(
        "series",
        r#"Series(key: "group.g.lagg", at_most: 1.0)"#,
        "7:26: expect[0].key: unknown series `lagg` in `group.g.lagg` (did you mean `lag`?)",
    );
}

#[test]
fn check_summarises_the_lesson() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/01-happy-path.ron");
    let output = faultline(&["check", &file.display().to_string()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stdout(&output).trim_end().ends_with(
            ", runs 5m, 6 expectations, lesson \"Happy path: throughput, latency and Little's law\" with 3 questions"
        ),
        "{}",
        stdout(&output)
    );
}

/// The shipped marketplace (fan-out, a call chain, a pipeline, routing, replicas and a
/// synchronous client) runs and meets every expectation it states.
#[test]
fn the_marketplace_meets_its_expectations() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/marketplace.ron");
    let output = run(&file, &[]);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).contains("7 of 7 expectations met"), "{}", stdout(&output));
}
