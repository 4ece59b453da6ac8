//! Arguments are checked before any work: each hostile argument gets its refusal, with the
//! exit code and the exact message, and — where it used to come after a long run — at once.
//! The "at once" tests use a scenario of 3 000 days: anything that simulated before
//! refusing would run for hours, and `faultline_within` fails the test instead.

mod cli_common;

use cli_common::{code, faultline, faultline_within, stderr, stdout};
use std::path::{Path, PathBuf};

fn shipped(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name).display().to_string()
}

/// A directory of this test process's own, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("faultline-cli-args-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        TempDir(dir)
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        path.display().to_string()
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A scenario that runs for 3 000 virtual days at 1 000 messages a second: hours of work.
const LONG: &str = r#"Scenario(name: "long", duration: "3000d", seed: 7,
    topics: [Topic(name: "jobs")],
    producers: [Producer(name: "arrivals", topic: "jobs", rate: Poisson(per_second: 1000.0))],
    consumers: [ConsumerGroup(name: "servers", topic: "jobs", concurrency: 4,
        handler: Handler(work: Exponential("1ms")))])"#;

/// The first line of a clap error (the rest is its "For more information" hint).
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

#[test]
fn lengths_of_time_are_longer_than_zero_and_at_most_ten_years() {
    let mmc = shipped("mmc.ron");
    let output = faultline(&["run", &mmc, "--duration", "0s"]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        first_line(&stderr(&output)),
        "error: invalid value '0s' for '--duration <DURATION>': a run of no time measures nothing; give a length longer than zero"
    );
    let output = faultline(&["run", &mmc, "--duration", "3651d"]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        first_line(&stderr(&output)),
        "error: invalid value '3651d' for '--duration <DURATION>': 3651d is past 3650d, the ten-year limit of a run (scenarios are validated to it too)"
    );
    // The same values are refused wherever a length of time is given.
    for args in [
        &["replay", "any.session.ron", "--until", "0s"][..],
        &["sweep", &mmc, "--set", "seed=1", "--duration", "0s"],
        &["compare", &mmc, &mmc, "--duration", "3651d"],
        &["compare", &mmc, &mmc, "--warmup", "3651d"],
        &["fork", &mmc, "--at", "1m", "--horizon", "0s"],
        &["fork", &mmc, "--at", "3651d"],
    ] {
        let output = faultline(args);
        assert_eq!(code(&output), 2, "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).starts_with("error: invalid value"), "{args:?}: {}", stderr(&output));
    }
}

#[test]
fn fork_at_after_the_end_is_refused_before_simulating() {
    let dir = TempDir::new("fork-at");
    let long = dir.file("long.ron", LONG);
    let output = faultline_within(10, &["fork", &long, "--at", "3001d", "--quiet"]);
    assert_eq!(code(&output), 1);
    assert_eq!(stderr(&output), "error: --at 3001d: after the end of the run (3000d); fork at or before it\n");
    let output = faultline_within(10, &["fork", &long, "--at", "3000d", "--quiet"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "error: --at 3000d is the end of the run: no future is left to compare; fork earlier, or give --horizon\n"
    );
    let output = faultline_within(10, &["fork", &long, "--at", "3000d", "--horizon", "700d", "--quiet"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "error: --at 3000d with a horizon of 700d runs to 3700d, past 3650d, the ten-year limit of a run\n"
    );
    let output = faultline_within(10, &["fork", &long, "--at", "1d", "--horizon", "1h", "--warmup", "2h"]);
    assert_eq!(code(&output), 1);
    assert_eq!(stderr(&output), "error: the warm-up (2h) is not shorter than the run (1h)\n");
}

#[test]
fn seeds_of_the_replications_must_not_wrap() {
    let mmc = shipped("mmc.ron");
    let expected = "error: 10 replications from seed 18446744073709551615 would need seeds past \
                    18446744073709551615 (the largest seed); choose a first seed of at most 18446744073709551606\n";
    for args in [
        &["compare", &mmc, &mmc, "--seed", "18446744073709551615"][..],
        &["sweep", &mmc, "--set", "consumers.servers.concurrency=100", "--seed", "18446744073709551615"],
        &["fork", &mmc, "--at", "1m", "--seed", "18446744073709551615"],
    ] {
        let output = faultline_within(10, args);
        assert_eq!(code(&output), 1, "{args:?}");
        assert_eq!(stderr(&output), expected, "{args:?}");
    }
    // The last seed that fits is accepted: one replication from u64::MAX uses only it.
    let output = faultline(&[
        "compare",
        &mmc,
        &mmc,
        "--seed",
        "18446744073709551615",
        "--replications",
        "1",
        "--duration",
        "1s",
        "--metric",
        "ledger.produced",
        "--json",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let printed: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(printed["seeds"], serde_json::json!([u64::MAX, u64::MAX]));
}

#[test]
fn a_field_set_twice_is_refused_naming_both_arguments() {
    let dir = TempDir::new("repeated-set");
    let long = dir.file("long.ron", LONG);
    let output = faultline_within(
        10,
        &["sweep", &long, "--set", "consumers.servers.concurrency=4,8", "--set", "consumers.servers.concurrency=16"],
    );
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "error: --set consumers.servers.concurrency=4,8 and --set consumers.servers.concurrency=16 both set \
         consumers.servers.concurrency; give each field once (all its values in one --set)\n"
    );
    // Another spelling of the same field (an entry by its index), and a field inside one set whole.
    let output = faultline_within(
        10,
        &["sweep", &long, "--set", "consumers.servers.concurrency=4", "--set", "consumers.0.concurrency=8"],
    );
    assert_eq!(code(&output), 1);
    assert!(stderr(&output).contains("both set consumers.servers.concurrency;"), "{}", stderr(&output));
    let output = faultline_within(
        10,
        &[
            "fork",
            &long,
            "--at",
            "1s",
            "--set",
            "producers.arrivals.rate.per_second=10",
            "--set",
            r#"producers.arrivals.rate={"Poisson":{"per_second":20.0}}"#,
        ],
    );
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "error: --set producers.arrivals.rate.per_second=10 and --set producers.arrivals.rate={\"Poisson\":{\"per_second\":20.0}} \
         both set producers.arrivals.rate.per_second; give each field once (all its values in one --set)\n"
    );
}

#[test]
fn a_refused_value_names_its_argument() {
    let dir = TempDir::new("refused-value");
    let long = dir.file("long.ron", LONG);
    let output = faultline_within(10, &["sweep", &long, "--set", "consumers.servers.concurrency=4,0"]);
    assert_eq!(code(&output), 1);
    assert_eq!(stderr(&output), "error: --set consumers.servers.concurrency=0: must be at least 1\n");
    let output = faultline_within(10, &["fork", &long, "--at", "1d", "--set", "consumers.servers.concurrency=0"]);
    assert_eq!(code(&output), 1);
    assert_eq!(stderr(&output), "error: --set consumers.servers.concurrency=0: must be at least 1\n");
    let output = faultline_within(10, &["sweep", &long, "--set", "consumers.servers.concurrency=many"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "error: --set consumers.servers.concurrency=many: invalid type: string \"many\", expected u32\n"
    );
}

#[test]
fn a_metric_that_names_an_object_lists_the_numbers_under_it() {
    let mmc = shipped("mmc.ron");
    let output = faultline(&["compare", &mmc, &mmc, "--metric", "ledger", "--duration", "1s"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "error: metric `ledger` names an object, not a number; the numbers under it: ledger.dead_lettered, \
         ledger.dropped, ledger.expired, ledger.fan_out_copies, ledger.filtered, ledger.in_system, ledger.lost, \
         ledger.processed, ledger.produced\n"
    );
}

#[test]
fn a_sweep_past_the_run_limit_is_refused_before_its_grid_is_built() {
    let mmc = shipped("mmc.ron");
    let ten = "0,1,2,3,4,5,6,7,8,9";
    let set = |path: &str| format!("{path}={ten}");
    let paths = ["seed", "sample_every", "duration", "consumers.servers.concurrency", "consumers.servers.prefetch"];
    let mut args = vec!["sweep".to_string(), mmc.clone()];
    for path in paths.iter().chain(&paths).chain(&paths).chain(&paths) {
        args.extend(["--set".to_string(), set(path)]);
    }
    // 20 × 10 values: 10²⁰ points, past 2⁶⁴; and 9 × 10 values: 10⁹ points.
    let all: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = faultline_within(10, &all);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "error: the sweep asks for more than 2^64 points × 10 replications = more than 2^64 runs, more than the limit \
         of 100000 (every run is a whole simulation: that is days of computing); split the grid into several sweeps \
         or use fewer values\n"
    );
    let output = faultline_within(10, &all[..2 + 2 * 9]);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output)
            .starts_with("error: the sweep asks for 1000000000 points × 10 replications = 10000000000 runs,"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn outputs_are_checked_before_the_run() {
    let dir = TempDir::new("outputs");
    let long = dir.file("long.ron", LONG);
    let missing = dir.path("no-such-dir/report.html");
    let output = faultline_within(10, &["run", &long, "--quiet", "--report", &missing]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        format!("error: --report {missing}: the directory {} does not exist\n", dir.path("no-such-dir"))
    );
    assert_eq!(stdout(&output), "");

    // The same file twice, spelt differently.
    let summary = dir.path("out.json");
    let same = format!("{}/./out.json", dir.0.display());
    let output = faultline_within(10, &["run", &long, "--quiet", "--series", &summary, "--summary", &same]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        format!("error: --summary {same}: the same file as --series {summary}; give each output its own file\n")
    );
    assert!(!Path::new(&summary).exists(), "the check leaves no file behind");

    // The input itself: a scenario that happens to end in .md would be overwritten.
    let input = dir.file("scenario.md", LONG);
    let output = faultline_within(10, &["run", &input, "--quiet", "--report", &input]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        format!("error: --report {input}: that is the input file {input}; writing it would destroy it\n")
    );
    assert_eq!(std::fs::read_to_string(&input).unwrap_or_default(), LONG, "the input is untouched");

    // A format the option cannot write, and a directory.
    let output = faultline_within(10, &["compare", &long, &long, "--report", &dir.path("r.txt")]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        format!("error: --report {}: expected a file ending in .html or .md\n", dir.path("r.txt"))
    );
    let folder = dir.path("folder.md");
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{folder}: {e}"));
    let output = faultline_within(10, &["fork", &long, "--at", "1s", "--report", &folder]);
    assert_eq!(code(&output), 1);
    assert_eq!(stderr(&output), format!("error: --report {folder}: that is a directory\n"));
}

/// `--duration` means the same in every command: a length `run` accepts, the experiments
/// accept too (issue 19). mmc.ron samples every second; half a second is shorter than one
/// sample interval, which its own `duration` could not be, but `run --duration 0.5s` has
/// always run it (no sample taken). Each replication runs exactly 0.5 virtual seconds.
#[test]
fn the_experiments_accept_every_run_length_run_accepts() {
    let mmc = shipped("mmc.ron");
    let output = faultline(&["run", &mmc, "--duration", "0.5s", "--json", "--quiet"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let run: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(run["virtual_seconds"], 0.5);

    let output = faultline(&[
        "sweep",
        &mmc,
        "--set",
        "consumers.servers.concurrency=4,5",
        "--duration",
        "0.5s",
        "--replications",
        "2",
        "--metric",
        "virtual_seconds",
        "--json",
        "--quiet",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let sweep: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    for point in sweep["points"].as_array().expect("points") {
        assert_eq!(point["metrics"]["virtual_seconds"]["mean"], 0.5, "{point}");
    }
    // The default warm-up is 10 % of the run as given: 50 ms.
    assert_eq!(sweep["warmup_s"], 0.05);

    let output = faultline(&[
        "compare",
        &mmc,
        &mmc,
        "--duration",
        "0.5s",
        "--replications",
        "2",
        "--metric",
        "virtual_seconds",
        "--json",
        "--quiet",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let compare: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(compare["metrics"]["virtual_seconds"]["a_mean"], 0.5);

    // A point that sets the duration itself is a change to the file, validated like one.
    let output = faultline(&["sweep", &mmc, "--set", "duration=0.5s", "--replications", "2", "--quiet"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output).trim_end(),
        "error: --set duration=0.5s: sample_every: 1s is longer than the whole run (500ms): no sample would ever be taken"
    );
}

/// `sweep --set` takes RON values with brackets, as docs/whatif.md says (issue 19): the
/// commas inside `Uniform(min: .., max: ..)` do not split it. With 100 workers at ρ = 0.08
/// nothing waits, so the latency is the work time: never above the uniform's 1.5 ms, where
/// an exponential of the same 1 ms mean goes well beyond it. Unbalanced brackets are a
/// usage error with their column.
#[test]
fn sweep_values_may_be_ron_with_commas() {
    let mmc = shipped("mmc.ron");
    let output = faultline(&[
        "sweep",
        &mmc,
        "--set",
        r#"consumers.servers.handler.work=Uniform(min: "0.5ms", max: "1.5ms"),Exponential("1ms")"#,
        "--replications",
        "2",
        "--duration",
        "5s",
        "--metric",
        "latency_ms.max",
        "--json",
        "--quiet",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let sweep: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let points = sweep["points"].as_array().expect("points");
    assert_eq!(points.len(), 2);
    assert_eq!(points[0]["set"]["consumers.servers.handler.work"], r#"Uniform(min: "0.5ms", max: "1.5ms")"#);
    let max_ms = |p: &serde_json::Value| p["metrics"]["latency_ms.max"]["mean"].as_f64().expect("a number");
    assert!((1.4..=1.501).contains(&max_ms(&points[0])), "{}", max_ms(&points[0]));
    assert!(max_ms(&points[1]) > 3.0, "{}", max_ms(&points[1]));

    let output = faultline(&["sweep", &mmc, "--set", r#"consumers.servers.handler.work=Uniform(min: "0.5ms""#]);
    assert_eq!(code(&output), 2);
    assert!(first_line(&stderr(&output)).ends_with(r#": the `(` at column 39 is never closed"#), "{}", stderr(&output));
}
