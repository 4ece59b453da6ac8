//! `faultline check` (and `run`) over the real binary: exit codes, where the located errors
//! go, and that no input makes the program panic.

mod cli_common;

use cli_common::{code, faultline, stderr, stdout};
use std::path::{Path, PathBuf};

fn shipped(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name).display().to_string()
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("faultline-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

#[test]
fn check_accepts_a_valid_file_with_a_one_line_summary() {
    let file = shipped("mmc.ron");
    let output = faultline(&["check", &file]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!("{file}: ok: \"M/M/c reference\", 1 topic, 1 producer, 1 consumer group, 0 services, runs 2m\n")
    );
    // A distribution the file does not give the mean of gets a line with its mean and
    // SCV: log-normal median 40 ms, p99 400 ms has σ = ln 10 / 2.3263 = 0.98979, mean
    // 40·e^(σ²/2) = 65.28 ms and SCV e^(σ²) − 1 = 1.664.
    let output = faultline(&["check", &shipped("order-pipeline.ron")]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let out = stdout(&output);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.ends_with(
            "\n  services.payment-gateway.latency: log-normal, median 40ms, p99 400ms: mean 65.28ms, SCV 1.664\n"
        ),
        "{out}"
    );
}

/// A hyperexponential and an empirical distribution get their line too. 0.9 × Exp(1 ms) +
/// 0.1 × Exp(10 ms): mean 1.9 ms, E[X²] = 2(0.9 + 10) = 21.8 ms², SCV 21.8/3.61 − 1 = 5.039.
/// 1, 2, 3, 6 ms: mean 3 ms, variance (4 + 1 + 0 + 9)/4 = 3.5 ms², SCV 3.5/9 = 0.389.
#[test]
fn check_prints_the_mean_and_scv_of_mixtures_and_empirical_distributions() {
    let text = std::fs::read_to_string(shipped("order-pipeline.ron"))
        .unwrap_or_default()
        .replacen(
            r#"latency: LogNormal(median: "40ms", p99: "400ms")"#,
            r#"latency: Hyperexponential(branches: [(p: 0.9, mean: "1ms"), (p: 0.1, mean: "10ms")])"#,
            1,
        )
        .replacen(r#"work: Exponential("2ms")"#, r#"work: Empirical(values: ["1ms", "2ms", "3ms", "6ms"])"#, 1);
    let file = temp_file("mixtures.ron", text.as_bytes());
    let output = faultline(&["check", &file.display().to_string()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let lines: Vec<String> = stdout(&output).lines().skip(1).map(str::to_string).collect();
    assert_eq!(
        lines,
        [
            "  services.payment-gateway.latency: hyperexponential, 0.9 × exponential 1ms + 0.1 × exponential 10ms: mean 1.900ms, SCV 5.039",
            "  consumers.payments.handler.work: empirical, 4 values in 1ms – 6ms: mean 3.000ms, SCV 0.389",
        ]
    );
}

#[test]
fn check_prints_every_located_problem_and_exits_1() {
    let text = std::fs::read_to_string(shipped("order-pipeline.ron"))
        .unwrap_or_default()
        .replacen("partitions: 6", "partitions: 0", 1)
        .replacen("topic: \"orders\",\n            rate", "topic: \"order\",\n            rate", 1);
    let file = temp_file("two-problems.ron", text.as_bytes());
    let output = faultline(&["check", &file.display().to_string()]);
    let _ = std::fs::remove_file(&file);
    assert_eq!(code(&output), 1);
    assert_eq!(stdout(&output), "");
    let name = file.display();
    assert_eq!(
        stderr(&output),
        format!(
            "{name}:37:43: topics[orders].partitions: must be at least 1\n\
             {name}:44:20: producers[checkout].topic: unknown topic `order` (did you mean `orders`?)\n"
        )
    );
}

#[test]
fn a_syntax_error_is_located_too() {
    let file =
        temp_file("syntax.ron", b"Scenario(\n    name: \"x\",\n    topics: [Topic(name: \"t\" partitions: 2)],\n)\n");
    let output = faultline(&["check", &file.display().to_string()]);
    let _ = std::fs::remove_file(&file);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        format!(
            "{}:3:29: topics[t].name: expected `,` or a closing bracket after the string \"t\", found `partitions`\n",
            file.display()
        )
    );
}

#[test]
fn a_missing_file_exits_1_with_a_located_message() {
    let missing = std::env::temp_dir().join("faultline-cli-missing/none.ron");
    let output = faultline(&["check", &missing.display().to_string()]);
    assert_eq!(code(&output), 1);
    assert_eq!(stderr(&output), format!("{}:1:1: cannot open the file: no such file\n", missing.display()));
    let output = faultline(&["run", &missing.display().to_string(), "--quiet"]);
    assert_eq!(code(&output), 1);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(code(&faultline(&["check"])), 2);
    assert_eq!(code(&faultline(&["check", "--no-such-flag", "x.ron"])), 2);
    assert_eq!(code(&faultline(&["run", &shipped("mmc.ron"), "--duration", "soon"])), 2);
}

#[test]
fn no_input_makes_check_panic() {
    let deep = "[".repeat(50_000);
    let deep_parens = format!("Scenario(name: \"x\", topics: [Topic(name: {}", "(".repeat(50_000));
    let mut garbage: Vec<u8> = (0u8..=255).cycle().take(4096).collect();
    garbage.extend_from_slice(b"\0\0\xff\xfe");
    let inputs: Vec<(&str, Vec<u8>)> = vec![
        ("empty.ron", Vec::new()),
        ("comments.ron", b"// nothing\n/* here */".to_vec()),
        ("deep.ron", deep.into_bytes()),
        ("deep-parens.ron", deep_parens.into_bytes()),
        ("garbage.ron", garbage),
        ("nul.ron", b"Scenario(\0name: \"x\")".to_vec()),
        ("huge.ron", b"Scenario(name: \"x\", seed: 99999999999999999999999999, topics: [])".to_vec()),
    ];
    for (name, bytes) in inputs {
        let file = temp_file(name, &bytes);
        let path = file.display().to_string();
        let output = faultline(&["check", &path]);
        let _ = std::fs::remove_file(&file);
        assert_eq!(code(&output), 1, "{name}: {}", stderr(&output));
        let first = stderr(&output).lines().next().unwrap_or_default().to_string();
        let located = first.strip_prefix(&format!("{path}:")).unwrap_or_default();
        let mut parts = located.splitn(3, ':');
        let line = parts.next().and_then(|l| l.parse::<usize>().ok());
        let column = parts.next().and_then(|c| c.parse::<usize>().ok());
        assert!(line.is_some() && column.is_some(), "{name}: not FILE:LINE:COL: {first}");
    }
    // A directory is not a scenario either.
    let output = faultline(&["check", &std::env::temp_dir().display().to_string()]);
    assert_eq!(code(&output), 1);
}

/// `check` builds nothing: a small file that asks for every total at its limit (a million
/// partitions, a hundred thousand instances, ten million breaker cells and dedup ids) is
/// checked as fast as any other, where building it allocates hundreds of megabytes.
#[test]
fn check_is_as_cheap_for_a_file_asking_for_every_limit() {
    let topics: Vec<String> = (0..10).map(|i| format!("Topic(name: \"t{i}\", partitions: 100000)")).collect();
    let groups: Vec<String> = (0..10)
        .map(|i| {
            format!(
                "ConsumerGroup(name: \"g{i}\", topic: \"t{i}\", instances: 10000, handler: Handler(calls: [\"s\"]), circuit_breaker: Some(CircuitBreaker(window: Count(1000000))), idempotent: true, dedup_window: DedupWindow(max_ids: 1000000, max_age: \"1h\"))"
            )
        })
        .collect();
    let text = format!(
        "Scenario(name: \"every limit\", services: [Service(name: \"s\")], topics: [{}], consumers: [{}])",
        topics.join(", "),
        groups.join(", ")
    );
    let file = temp_file("every-limit.ron", text.as_bytes());
    let started = std::time::Instant::now();
    let output = faultline(&["check", &file.display().to_string()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "took {:?}", started.elapsed());
    let _ = std::fs::remove_file(file);
}

/// `faultline trace` prints journeys with their steps, children indented under their
/// parent; `--json` prints the `traces` object.
#[test]
fn trace_prints_journeys() {
    let output = faultline(&["trace", &shipped("marketplace.ron"), "--duration", "3s", "--show", "1"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("journeys traced, the first 1 shown"), "{text}");
    assert!(text.contains("publish   orders"), "{text}");
    assert!(text.contains("emit      payments             message"), "{text}");
    // The happy path declares no tracing: 400 events/s for 5 s is ~2000 roots, more than
    // the 1000 kept by default.
    let output = faultline(&["trace", &shipped("01-happy-path.ron"), "--duration", "5s", "--json", "--sample", "1"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert!(json["journeys"].as_array().is_some_and(|j| j.len() == 1000), "max_traces defaults to 1000");
    assert!(json["not_kept"].as_u64() > Some(0));
}
