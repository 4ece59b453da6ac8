//! The runner driven synchronously: pacing, stepping, loading and snapshot building.

use super::*;
use crate::engine::Terminal;

const SMALL: &str = r#"Scenario(
    name: "small",
    seed: 3,
    duration: "20s",
    sample_every: "1s",
    services: [ Service(name: "db", latency: Exponential("5ms"), errors: Errors(transient: 0.3)) ],
    topics: [
        Topic(name: "in", partitions: 2, capacity: 1000),
        Topic(name: "in.dlq", capacity: 10000),
    ],
    producers: [ Producer(name: "src", topic: "in", rate: Poisson(per_second: 200.0)) ],
    consumers: [ ConsumerGroup(
        name: "work", topic: "in", instances: 2, concurrency: 4,
        handler: Handler(work: Exponential("1ms"), calls: ["db"]),
        retry: Retry(max_attempts: 2, backoff: Constant("10ms")),
        on_exhausted: DeadLetter("in.dlq"),
    ) ],
)"#;

fn small() -> Runner {
    let scenario =
        crate::scenario::parse_str(SMALL, "small.ron").map_err(|e| e.to_string()).unwrap_or_else(|e| panic!("{e}"));
    Runner::new(scenario, ScenarioSource::Dropped("small.ron".into())).unwrap_or_else(|e| panic!("{e}"))
}

fn frames(runner: &mut Runner, n: usize, frame: Duration) {
    for _ in 0..n {
        runner.advance(frame, Budget::Unlimited);
    }
}

#[test]
fn the_embedded_scenario_loads_and_builds() {
    let runner = Runner::with_default_scenario();
    assert_eq!(runner.simulation().scenario().name, "Order pipeline: a tour of failures");
    assert!(!runner.is_playing(), "a new runner waits for Play");
}

#[test]
fn playing_advances_virtual_time_by_wall_time_times_speed() {
    let mut r = small();
    frames(&mut r, 10, Duration::from_millis(100));
    assert_eq!(r.now(), SimTime::ZERO, "paused: nothing moves");
    r.handle(Control::Play);
    frames(&mut r, 10, Duration::from_millis(100));
    assert_eq!(r.now(), SimTime::from_secs_f64(1.0));
    r.handle(Control::SetSpeed(Speed::Times(5.0)));
    frames(&mut r, 2, Duration::from_millis(100));
    assert_eq!(r.now(), SimTime::from_secs_f64(2.0));
    r.handle(Control::Pause);
    frames(&mut r, 5, Duration::from_millis(100));
    assert_eq!(r.now(), SimTime::from_secs_f64(2.0));
}

#[test]
fn max_speed_runs_to_the_end_and_stops() {
    let mut r = small();
    r.handle(Control::SetSpeed(Speed::Max));
    r.handle(Control::Play);
    r.advance(Duration::from_millis(16), Budget::Unlimited);
    assert_eq!(r.now(), SimTime::from_secs_f64(20.0));
    assert!(!r.is_playing());
    let s = r.snapshot();
    assert!(s.playback.finished);
    r.handle(Control::Play);
    assert!(!r.is_playing(), "a finished run does not play again until reset");
}

#[test]
fn step_handles_one_event_and_step_interval_reaches_the_next_sample() {
    let mut r = small();
    r.handle(Control::Play);
    r.advance(Duration::from_millis(1234), Budget::Unlimited);
    let events = r.simulation().events_handled();
    r.handle(Control::StepEvent);
    assert!(!r.is_playing(), "stepping pauses");
    assert_eq!(r.simulation().events_handled(), events + 1);
    r.handle(Control::StepInterval);
    assert_eq!(r.now(), SimTime::from_secs_f64(2.0));
    r.handle(Control::StepInterval);
    assert_eq!(r.now(), SimTime::from_secs_f64(3.0));
}

#[test]
fn results_do_not_depend_on_frame_size() {
    let mut a = small();
    let mut b = small();
    a.handle(Control::Play);
    b.handle(Control::Play);
    frames(&mut a, 1000, Duration::from_millis(8));
    frames(&mut b, 50, Duration::from_millis(160));
    assert_eq!(a.now(), b.now());
    let (sa, sb) = (a.snapshot(), b.snapshot());
    assert_eq!(sa.ledger, sb.ledger);
    assert_eq!(sa.status, sb.status);
}

#[test]
fn snapshots_balance_the_ledger_and_mirror_the_history() {
    let mut r = small();
    r.handle(Control::Play);
    frames(&mut r, 100, Duration::from_millis(100));
    let s = r.snapshot();
    assert!(s.ledger.balances(), "{:?}", s.ledger);
    assert!(s.ledger.processed > 1000);
    // 30 % transient errors and two attempts: about 9 % dead-lettered, each with a reason.
    assert!(s.ledger.dead_lettered > 0);
    let reasons: u64 = s.ledger.reasons_of(Terminal::DeadLettered).map(|(_, n)| n).sum();
    assert_eq!(reasons, s.ledger.dead_lettered);
    let engine = r.simulation().history();
    assert_eq!(s.history.rows(), engine.len());
    assert_eq!(s.history.rows(), 10);
    let col = s.history.column_index("throughput.processed").unwrap_or(usize::MAX);
    assert_eq!(s.history.last(col), engine.column(col).last().copied());
    // The dead-letter table is newest first and agrees with the topic.
    assert_eq!(s.dead_letters.held, s.ledger.dead_lettered);
    assert!(s.dead_letters.rows.windows(2).all(|w| w[0].at >= w[1].at));
    assert!(s.dead_letters.rows.iter().all(|d| d.attempts == 2));
    assert_eq!(s.dead_letters.holder_name(s.dead_letters.rows[0].holder), "in.dlq");
    assert_eq!(s.dead_letters.group_name(s.dead_letters.rows[0].group), "work");
}

#[test]
fn unchanged_parts_are_shared_between_snapshots() {
    let mut r = small();
    r.handle(Control::Play);
    frames(&mut r, 30, Duration::from_millis(100));
    let a = r.snapshot();
    let b = r.snapshot();
    assert!(Arc::ptr_eq(&a.dead_letters, &b.dead_letters));
    assert!(Arc::ptr_eq(&a.scenario, &b.scenario));
    assert!(!r.has_changes(), "nothing changed since the last snapshot");
}

#[test]
fn a_bad_file_keeps_the_running_scenario_and_reports_where() {
    let mut r = small();
    r.handle(Control::Play);
    frames(&mut r, 5, Duration::from_millis(100));
    let before = r.snapshot();
    r.handle(Control::LoadText {
        name: "broken.ron".into(),
        text: "Scenario(name: \"x\", topics: [Topic(nme: \"a\")])".into(),
    });
    let after = r.snapshot();
    assert_eq!(after.generation, before.generation, "still the same simulation");
    assert_eq!(after.scenario.name, "small");
    let problem = after.load_problem.as_ref().map(|p| (p.what.clone(), p.message.clone()));
    let (what, message) = problem.unwrap_or_default();
    assert_eq!(what, "broken.ron");
    assert!(message.contains("nme"), "{message}");
    r.handle(Control::DismissProblem);
    assert!(r.snapshot().load_problem.is_none());
    // A missing file too.
    r.handle(Control::LoadFile("/nonexistent/nothing.ron".into()));
    assert!(r.snapshot().load_problem.is_some_and(|p| p.what.contains("nothing.ron")));
}

#[test]
fn loading_a_good_scenario_starts_it_playing_from_zero() {
    let mut r = small();
    r.handle(Control::LoadText { name: "bad".into(), text: "nonsense".into() });
    r.handle(Control::LoadDefault);
    let s = r.snapshot();
    assert_eq!(s.generation, 1);
    assert_eq!(s.now, SimTime::ZERO);
    assert!(s.playback.playing);
    assert!(s.load_problem.is_none(), "a successful load clears the problem");
    assert_eq!(s.source, ScenarioSource::Embedded);
    assert_eq!(s.seed, 42);
}

#[test]
fn live_edits_reach_the_engine_the_log_and_the_saved_scenario() {
    let mut r = small();
    r.handle(Control::Play);
    frames(&mut r, 10, Duration::from_millis(100));
    r.handle(Control::Apply(engine::Command::SetArrivalRate { producer: "src".into(), per_second: 50.0 }));
    r.handle(Control::Apply(engine::Command::SetConcurrency { group: "work".into(), concurrency: 9 }));
    let s = r.snapshot();
    assert!(s.command_error.is_none());
    assert_eq!(s.scenario.producers[0].rate, crate::scenario::Arrivals::Poisson { per_second: 50.0 });
    assert_eq!(s.scenario.consumers[0].concurrency, 9);
    assert_eq!(s.scenario.consumers[0].prefetch, Some(4), "the prefetch the engine kept is pinned");
    assert_eq!(s.status.groups[0].concurrency, 9);
    let logged: Vec<String> = s.log.iter().map(|e| e.text.to_string()).collect();
    assert!(logged.iter().any(|t| t == "rate set to 50/s"), "{logged:?}");
    // What "save" writes reads back as the edited scenario.
    let saved = crate::scenario::to_ron_string(&s.scenario);
    let back = crate::scenario::parse_str(&saved, "saved.ron").map_err(|e| e.to_string());
    assert_eq!(back.as_ref(), Ok(&*s.scenario), "{saved}");
    // A refused edit says why and changes nothing.
    r.handle(Control::Apply(engine::Command::SetConcurrency { group: "nope".into(), concurrency: 2 }));
    let s = r.snapshot();
    let refusal = s.command_error.as_ref().map(|e| e.render(crate::i18n::Lang::En));
    assert_eq!(refusal.as_deref(), Some("no consumer group named `nope`"));
    // Reset returns to the loaded scenario.
    r.handle(Control::Reset);
    let s = r.snapshot();
    assert_eq!(s.now, SimTime::ZERO);
    assert_eq!(s.scenario.consumers[0].concurrency, 4);
}

#[test]
fn a_new_seed_restarts_with_different_draws() {
    let mut a = small();
    let mut b = small();
    b.handle(Control::SetSeed(99));
    for r in [&mut a, &mut b] {
        r.handle(Control::Play);
        frames(r, 20, Duration::from_millis(100));
    }
    let (sa, sb) = (a.snapshot(), b.snapshot());
    assert_eq!(sb.seed, 99);
    assert_ne!(sa.ledger.produced, sb.ledger.produced);
}

#[test]
fn pace_figures_are_reported() {
    let mut r = small();
    r.handle(Control::SetSpeed(Speed::Times(2.0)));
    r.handle(Control::Play);
    frames(&mut r, 50, Duration::from_millis(20));
    let p = r.snapshot().playback;
    assert!((p.achieved_speed - 2.0).abs() < 1e-6, "{}", p.achieved_speed);
    assert!(p.messages_per_wall_s > 0.0);
    assert!((p.ahead_of_wall_s - 1.0).abs() < 1e-6, "2 s virtual in 1 s wall: {}", p.ahead_of_wall_s);
    assert!(!p.is_behind());
}

/// SMALL with an expectation at 1.5 s: a lesson stop between two samples.
fn taught() -> Runner {
    let text = SMALL.replacen(
        "name: \"small\",",
        "name: \"small\", expect: [Expect(name: \"half way\", metric: \"ledger.produced\", at: \"1.5s\", at_least: 1.0)],",
        1,
    );
    let scenario =
        crate::scenario::parse_str(&text, "taught.ron").map_err(|e| e.to_string()).unwrap_or_else(|e| panic!("{e}"));
    Runner::new(scenario, ScenarioSource::Dropped("taught.ron".into())).unwrap_or_else(|e| panic!("{e}"))
}

/// Every stepping path goes through the one loop, so single steps, a seek and playing in
/// one frame all stop at the lesson's stop, see the same run there and decide the same.
#[test]
fn stepping_by_events_seeking_and_playing_agree_at_a_lesson_stop() {
    let stop = SimTime::from_secs_f64(1.5);
    let mut stepped = taught();
    let mut steps = 0;
    while stepped.now() < stop {
        stepped.handle(Control::StepEvent);
        steps += 1;
    }
    assert_eq!(stepped.now(), stop, "a single step stops at the stop instead of stepping over it");
    assert_eq!(steps, stepped.simulation().events_handled() + 1, "one event per step, and one step to the stop");
    let mut sought = taught();
    sought.handle(Control::Seek(stop));
    let mut played = taught();
    played.handle(Control::Play);
    played.advance(Duration::from_millis(1500), Budget::Unlimited);
    let report = crate::experiment::report_json;
    let checklist = |r: &mut Runner| r.snapshot().lesson.map(|l| l.items.to_vec()).unwrap_or_default();
    let decided = checklist(&mut stepped);
    assert_eq!(decided.len(), 1);
    assert_eq!(decided[0].decided_at, Some(stop), "{:?}", decided[0]);
    for other in [&mut sought, &mut played] {
        assert_eq!(other.now(), stop);
        assert_eq!(other.simulation().events_handled(), stepped.simulation().events_handled());
        assert_eq!(report(other.simulation()), report(stepped.simulation()), "the whole report, bit for bit");
        assert_eq!(checklist(other), decided);
    }
}
