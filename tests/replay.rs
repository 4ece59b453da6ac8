//! Seek and replay: a run is reproducible from (scenario, seed, command log), whether
//! replayed from the start, from a saved session file, or from a checkpoint.

mod common;

use common::{fingerprint, secs, shipped};
use faultline::engine::{Command, Simulation};
use faultline::scenario::{Distribution, Errors};
use faultline::session::{Session, Timeline};
use faultline::time::{SimDuration, SimTime};

/// A live run of the reference scenario with changes applied at awkward moments: at a
/// slice boundary, after single events (other events of the same nanosecond pending),
/// and twice at one instant. Returns the run at its end and copies taken along the way.
fn live_run_with_commands() -> (Simulation, Vec<Simulation>) {
    let mut sim = Simulation::new(&shipped("order-pipeline.ron")).expect("builds");
    let mut copies = Vec::new();
    sim.step_until(secs(20.0));
    sim.apply(Command::SetConcurrency { group: "payments".into(), concurrency: 16 }).expect("valid");
    copies.push(sim.clone());
    for _ in 0..777 {
        sim.step_one();
    }
    sim.apply(Command::SetServiceErrors {
        service: "payment-gateway".into(),
        errors: Errors { transient: 0.3, business: 0.01, fatal: 0.0 },
    })
    .expect("valid");
    sim.apply(Command::SetArrivalRate { producer: "checkout".into(), per_second: 300.0 }).expect("valid");
    copies.push(sim.clone());
    sim.step_until(secs(95.5));
    sim.apply(Command::SetServiceLatency {
        service: "payment-gateway".into(),
        latency: Distribution::Constant(SimDuration::from_millis(5)),
    })
    .expect("valid");
    // The state "at" an instant includes the commands applied at that instant.
    copies.push(sim.clone());
    sim.step_until(secs(150.0));
    (sim, copies)
}

#[test]
fn a_saved_session_replays_bit_for_bit() {
    let (live, _) = live_run_with_commands();
    assert_eq!(live.commands().len(), 4);
    let text = Session::of(&live).to_ron_string();
    let session = Session::parse(&text, "saved.session.ron").expect("a saved session loads");
    let replayed = session.replay_until(live.now()).expect("replays");
    assert_eq!(fingerprint(&replayed), fingerprint(&live));
}

/// Seeking back to any moment gives exactly the state the run had then — including the
/// moment just after single steps, where time alone would not say which events ran.
#[test]
fn seeking_back_reaches_the_state_the_run_had() {
    let mut live = Simulation::new(&shipped("order-pipeline.ron")).expect("builds");
    let mut timeline = Timeline::new(&live, SimDuration::from_secs(10), 8);
    let mut at_40 = None;
    for s in 1..=150u64 {
        live.step_until(SimTime::from_secs_f64(s as f64));
        if s == 40 {
            live.apply(Command::SetConcurrency { group: "payments".into(), concurrency: 4 }).expect("valid");
            at_40 = Some(live.clone());
        }
        timeline.observe(&live);
    }
    assert!(timeline.len() <= 8);
    let at_40 = at_40.expect("taken at 40 s");
    let sought = timeline.seek(&live, secs(40.0)).expect("seeks");
    assert_eq!(fingerprint(&sought), fingerprint(&at_40));

    // And from the sought state, playing on replays the recorded future exactly.
    let session = Session::of(&live);
    let mut resumed = sought;
    for command in &session.commands[resumed.commands().len()..] {
        resumed.replay(command).expect("the recorded future replays");
    }
    resumed.step_until(live.now());
    assert_eq!(fingerprint(&resumed), fingerprint(&live));
}

/// The cost of a seek is bounded by the checkpoint spacing, not the run length: from the
/// nearest checkpoint, at most one spacing of events is replayed.
#[test]
fn a_seek_replays_at_most_one_checkpoint_interval() {
    let (live, copies) = live_run_with_commands();
    let mut fresh = Simulation::new(&shipped("order-pipeline.ron")).expect("builds");
    let mut timeline = Timeline::new(&fresh, SimDuration::from_secs(5), 64);
    let session = Session::of(&live);
    for s in 1..=150u64 {
        let t = SimTime::from_secs_f64(s as f64);
        for command in session.commands.iter().skip(fresh.commands().len()).filter(|c| c.at <= t) {
            fresh.replay(command).expect("replays");
        }
        fresh.step_until(t);
        timeline.observe(&fresh);
    }
    assert_eq!(fingerprint(&fresh), fingerprint(&live));
    for copy in &copies {
        let sought = timeline.seek(&fresh, copy.now()).expect("seeks");
        assert_eq!(fingerprint(&sought), fingerprint(copy), "at {}", copy.now());
    }
    let times = timeline.times();
    let widest = times.windows(2).map(|w| w[1] - w[0]).max().expect("several checkpoints");
    assert!(widest <= SimDuration::from_secs(10), "spacing {widest}");
}

#[test]
fn a_session_from_another_scenario_is_refused_not_forced() {
    let (live, _) = live_run_with_commands();
    let mut session = Session::of(&live);
    session.scenario.producers[0].rate = faultline::scenario::Arrivals::Poisson { per_second: 1.0 };
    // Far fewer events happen, so the second command's moment can never be met.
    let err = session.replay_until(live.now()).expect_err("cannot be met");
    assert!(err.to_string().contains("command"), "{err}");
}

/// `faultline replay` on a saved session prints the report the live run had.
#[test]
fn the_cli_replays_a_session_file() {
    let (live, _) = live_run_with_commands();
    let dir = std::env::temp_dir().join(format!("faultline-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("demo.session.ron");
    std::fs::write(&file, Session::of(&live).to_ron_string()).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["replay", file.to_str().expect("utf-8 path"), "--until", "150s", "--json"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut replayed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut expected = serde_json::to_value(faultline::report::RunReport::new(&live, 0.0)).expect("encodes");
    for v in [&mut replayed, &mut expected] {
        v["wall_seconds"] = 0.into();
        v["messages_per_wall_second"] = 0.into();
    }
    assert_eq!(replayed, expected);
}

/// `faultline replay` checks the scenario's expectations as `run` does: a session of
/// lesson 6 as shipped passes them all (exit 0); one in which the user switched dead
/// letters off at 5 s, before the poison arrives, fails the dead-letter ones (exit 3).
#[test]
fn the_cli_replay_checks_the_expectations() {
    let dir = std::env::temp_dir().join(format!("faultline-replay-expect-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let replay = |changed: bool| {
        let mut sim = Simulation::new(&shipped("06-poison-messages.ron")).expect("builds");
        sim.step_until(secs(5.0));
        if changed {
            let set = Command::Set { path: "consumers.ledger.on_exhausted".into(), value: "Drop".into() };
            sim.apply(set).expect("valid");
        }
        sim.run_to_end();
        let file = dir.join(format!("poison-{changed}.session.ron"));
        std::fs::write(&file, Session::of(&sim).to_ron_string()).expect("write");
        std::process::Command::new(env!("CARGO_BIN_EXE_faultline"))
            .args(["replay", file.to_str().expect("utf-8 path")])
            .output()
            .expect("runs")
    };
    let shipped_run = replay(false);
    let text = String::from_utf8_lossy(&shipped_run.stdout);
    assert_eq!(shipped_run.status.code(), Some(0), "{text}");
    assert!(text.contains("✓ Each poison message is dead-lettered, once"), "{text}");
    let changed = replay(true);
    let text = String::from_utf8_lossy(&changed.stdout);
    assert_eq!(changed.status.code(), Some(3), "{text}");
    assert!(text.contains("✗ Each poison message is dead-lettered, once"), "{text}");
    assert!(text.contains("✓ Poison is never retried"), "{text}");
}

/// Line and column (1-based, columns in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

/// Where the value of the first `field:` of the text starts.
fn value_of(text: &str, field: &str) -> (usize, usize) {
    let key = format!("{field}: ");
    let at = text.find(&key).unwrap_or_else(|| panic!("no `{key}`"));
    line_column(text, at + key.len())
}

/// The live run's session as text, with its commands edited by `edit`.
fn edited_session(edit: impl FnOnce(&mut Session)) -> String {
    let (live, _) = live_run_with_commands();
    let mut session = Session::of(&live);
    edit(&mut session);
    session.to_ron_string()
}

/// Where the commands start in a session's text: offsets after it are in `commands`.
fn commands_start(text: &str) -> usize {
    text.find("commands:").expect("a session lists its commands")
}

#[test]
fn a_command_whose_moment_disagrees_with_its_event_count_is_refused_where_it_is_written() {
    // The first command was applied at 20 s after thousands of events; the sampler alone
    // (every 1 s, from 1 s) handled 19 events before 20 s, so 0 cannot be.
    let text = edited_session(|s| s.commands[0].after_events = 0);
    let err = Session::parse(&text, "s.session.ron").expect_err("inconsistent");
    let from = commands_start(&text);
    let (line, column) = value_of(&text[from..], "after_events");
    let (line, column) = (line + text[..from].matches('\n').count(), column);
    let expected = |origin: &str| {
        format!(
            "{origin}:{line}:{column}: commands[0]: after_events 0 cannot be: by 20s the run has taken 19 samples \
             (one every 1s), each an event, so `at` and `after_events` disagree"
        )
    };
    assert_eq!(err.to_string(), expected("s.session.ron"));
    // `faultline replay` refuses it the same way, before replaying anything.
    let file = std::env::temp_dir().join(format!("faultline-inconsistent-{}.session.ron", std::process::id()));
    std::fs::write(&file, &text).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["replay", file.to_str().expect("utf-8 path")])
        .output()
        .expect("runs");
    let _ = std::fs::remove_file(&file);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr), format!("{}\n", expected(&file.display().to_string())));
}

#[test]
fn commands_out_of_order_or_after_the_end_are_refused() {
    let text = edited_session(|s| s.commands[1].at = secs(10.0));
    let err = Session::parse(&text, "s").expect_err("out of order");
    assert!(
        err.to_string().ends_with(
            "commands[1]: at 10s comes before the previous command's 20s: commands are listed in the order they were applied"
        ),
        "{err}"
    );
    let text = edited_session(|s| {
        let last = s.commands[3].clone();
        s.commands.push(faultline::engine::TimedCommand { at: secs(601.0), ..last });
    });
    let err = Session::parse(&text, "s").expect_err("after the end");
    assert!(
        err.to_string()
            .ends_with("commands[4]: at 601s is after the end of the run (10m); a run records nothing later"),
        "{err}"
    );
}

/// A run whose duration was lengthened live records commands past the first end; its
/// session is consistent and replays.
#[test]
fn a_command_after_a_lengthened_end_is_consistent() {
    let mut live = common::simulation(common::SHORT_RUN);
    live.step_until(secs(10.0));
    live.apply(Command::Set { path: "duration".into(), value: "40s".into() }).expect("valid");
    live.step_until(secs(30.0));
    live.apply(Command::SetConcurrency { group: "g".into(), concurrency: 2 }).expect("valid");
    live.step_until(secs(35.0));
    let session = Session::parse(&Session::of(&live).to_ron_string(), "s").expect("consistent");
    assert_eq!(session.end_at(secs(9.0)), secs(20.0));
    assert_eq!(session.end_at(secs(30.0)), secs(40.0));
    let replayed = session.replay_until(live.now()).expect("replays");
    assert_eq!(fingerprint(&replayed), fingerprint(&live));
}

/// An event count the sampler cannot rule out, but the run can: replay finds events
/// before the command's moment still pending, and refuses rather than skip them.
#[test]
fn a_replay_that_would_skip_events_is_refused() {
    let (live, _) = live_run_with_commands();
    let mut session = Session::of(&live);
    session.commands[0].after_events = 19;
    let session = Session::parse(&session.to_ron_string(), "s").expect("passes the checks that need no run");
    let err = session.replay_until(live.now()).expect_err("diverges");
    let text = err.to_string();
    assert!(text.starts_with("command 0 (0:00:20.000, after 19 events): the run still has an event due at "), "{text}");
    assert!(text.ends_with("after 19 events, before the command's moment: `at` and `after_events` disagree"), "{text}");
}

#[test]
fn an_invalid_scenario_in_a_session_is_located_in_the_session_file() {
    let text = edited_session(|_| {}).replacen("partitions: 6", "partitions: 0", 1);
    let err = Session::parse(&text, "s.session.ron").expect_err("invalid");
    let (line, column) = line_column(&text, text.find("partitions: 0").expect("edited") + "partitions: ".len());
    assert_eq!(
        err.to_string(),
        format!("s.session.ron:{line}:{column}: scenario.topics[orders].partitions: must be at least 1")
    );
    assert!(line < text.lines().count(), "line {line} is in the file");
}

#[test]
fn a_session_larger_than_a_scenario_may_be_is_refused_unread() {
    let dir = std::env::temp_dir().join(format!("faultline-big-session-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("big.session.ron");
    let mut text = edited_session(|_| {});
    // Valid RON all the way: a comment pads it past 16 MiB.
    text += &format!("// {}\n", "x".repeat(16 << 20));
    std::fs::write(&file, &text).expect("write");
    let expected =
        format!("{}: the file is larger than 16 MiB, the limit for scenario and session files", file.display());
    let err = Session::load(&file).expect_err("too large");
    assert_eq!(err.to_string(), expected);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["replay", file.to_str().expect("utf-8 path")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr), format!("{expected}\n"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_session_with_old_mac_line_endings_is_located_by_the_lines_an_editor_shows() {
    // Every line break a lone CR: ron alone would see one long line.
    let text = edited_session(|_| {}).replacen("partitions: 6", "partitions: 0", 1);
    let (line, column) = line_column(&text, text.find("partitions: 0").expect("edited") + "partitions: ".len());
    let cr_only = text.replace('\n', "\r");
    let err = Session::parse(&cr_only, "s.session.ron").expect_err("invalid");
    assert_eq!(
        err.to_string(),
        format!("s.session.ron:{line}:{column}: scenario.topics[orders].partitions: must be at least 1")
    );
    // A syntax error is worded and located as in a scenario file.
    let broken = cr_only.replacen("seed:", "seed: )", 1);
    let (line, column) = line_column(&text, text.find("seed:").expect("a seed") + "seed: ".len());
    let err = Session::parse(&broken, "s.session.ron").expect_err("not RON");
    assert!(err.to_string().starts_with(&format!("s.session.ron:{line}:{column}: ")), "{err}");
}

/// The session of `live_run_with_commands`, computed once for the property below.
fn recorded_session() -> Session {
    static SESSION: std::sync::OnceLock<Session> = std::sync::OnceLock::new();
    SESSION.get_or_init(|| Session::of(&live_run_with_commands().0)).clone()
}

proptest::proptest! {
    // A fixed seed, as in tests/hostile_inputs.rs: the same 16 cases every run.
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 16,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_202),
        ..Default::default()
    })]

    /// Hostile sessions: recorded commands with any moment, event count, path and value.
    /// Each is refused with a located error or replays within a few seconds, never a panic,
    /// and a replay that is accepted conserves every message.
    #[test]
    fn hostile_sessions_get_a_bounded_answer(
        commands in proptest::collection::vec(
            (
                proptest::sample::select(vec![0u64, 1, 999_999_999, 5_000_000_000, 599_999_999_999, 600_000_000_001, u64::MAX]),
                proptest::sample::select(vec![0u64, 1, 1000, 10_000_000, u64::MAX]),
                proptest::sample::select(vec![
                    ("producers.checkout.rate.per_second", "0"),
                    ("producers.checkout.rate.per_second", "1e-310"),
                    ("producers.checkout.rate.per_second", "1e308"),
                    ("consumers.payments.instances", "10001"),
                    ("consumers.payments.instances", "1"),
                    ("topics.orders.capacity", "18446744073709551615"),
                    ("consumers.payments.supervisor.restart_after", "\"0s\""),
                    ("duration", "\"1ns\""),
                    ("nowhere.at.all", "1"),
                ]),
            ),
            0..4,
        ),
    ) {
        let mut session = recorded_session();
        session.commands = commands
            .into_iter()
            .map(|(at, after_events, (path, value))| faultline::engine::TimedCommand {
                at: SimTime(at),
                after_events,
                command: Command::Set { path: path.into(), value: value.into() },
            })
            .collect();
        let text = session.to_ron_string();
        let started = std::time::Instant::now();
        match Session::parse(&text, "hostile.session.ron") {
            Err(e) => proptest::prop_assert!(e.to_string().starts_with("hostile.session.ron:"), "{e}"),
            Ok(session) => {
                if let Ok(sim) = session.replay_until(SimTime(session.scenario.duration.0)) {
                    proptest::prop_assert!(sim.conservation_holds());
                }
            }
        }
        proptest::prop_assert!(started.elapsed() < std::time::Duration::from_secs(20), "took {:?}", started.elapsed());
    }
}
