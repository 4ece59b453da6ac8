//! The what-if side of the dashboard driven through its real UI with egui_kittest, without
//! a display: live parameter edits and the change list, a live fault, seeking back,
//! forking and sweeping. The runner is inline (every frame advances 100 ms of "wall" time
//! × speed), so virtual times are known in advance; fork and sweep jobs run on their own
//! threads, and the tests keep drawing frames until their results are on screen.

mod ui_common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use faultline::engine::{self, Simulation};
use faultline::experiment::{AssignmentError, ExperimentError, RunLengthError};
use faultline::i18n::Lang;
use faultline::time::{DurationError, SimTime};
use faultline::ui::app::Dashboard;
use faultline::ui::format;
use faultline::ui::jobs::JobError;
use faultline::ui::panels::whatif::WhatIfError;
use faultline::ui::runner::{Control, Runner};
use std::time::{Duration, Instant};
use ui_common::tour_at;

fn dashboard() -> Harness<'static, Dashboard> {
    tour_at(1.0)
}

/// Replaces the text of the input labelled `label` and presses Enter.
fn enter_text(h: &mut Harness<'_, Dashboard>, label: &str, text: &str) {
    let input = h.get_by_role_and_label(Role::TextInput, label);
    input.focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, label).type_text(text);
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
}

/// Replaces the text of a text area (no Enter: it would add a line).
fn replace_text(h: &mut Harness<'_, Dashboard>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::MultilineTextInput, label).focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::MultilineTextInput, label).type_text(text);
    h.run_steps(2);
}

/// Draws frames until `done` holds, failing after `limit` of wall time.
fn until(h: &mut Harness<'_, Dashboard>, limit: Duration, what: &str, done: impl Fn(&Harness<'_, Dashboard>) -> bool) {
    let start = Instant::now();
    while !done(h) {
        if start.elapsed() > limit {
            let shown: Vec<String> = h
                .get_all_by_role(Role::Label)
                .chain(h.get_all_by_role(Role::ProgressIndicator))
                .chain(h.get_all_by_role(Role::TextInput))
                .chain(h.get_all_by_role(Role::SpinButton))
                .map(|n| format!("{:?}={:?}", n.accesskit_node().label(), n.accesskit_node().value()))
                .filter(|l| {
                    l.contains('✖') || l.contains("runs") || l.contains('=') || l.contains("Run") || l.contains("Rep")
                })
                .collect();
            panic!("{what}: not done after {limit:?}; problems shown: {shown:?}");
        }
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn pause(h: &mut Harness<'_, Dashboard>) {
    if h.query_by_label("⏸ Pause").is_some() {
        h.get_by_label("⏸ Pause").click();
        h.run_steps(2);
    }
}

#[test]
fn editing_a_parameter_reaches_the_engine_and_the_change_list() {
    let mut h = dashboard();
    h.run_steps(10);
    h.get_by_role_and_label(Role::Button, "payments").click();
    h.run_steps(2);
    h.get_by_label("All parameters");
    enter_text(&mut h, "max_attempts", "2");
    let s = h.state().snapshot();
    assert!(s.command_error.is_none(), "{:?}", s.command_error);
    let group = s.scenario.consumers.iter().find(|g| g.name == "payments").expect("payments");
    assert_eq!(group.retry.max_attempts, 2, "the engine's scenario has the change");
    let change = s.whatif.live_changes.last().expect("a live change").clone();
    assert_eq!((change.component.as_str(), change.field.as_str()), ("payments", "retry.max_attempts"));
    assert_eq!((change.from.as_str(), change.to.as_str()), ("4", "2"));

    // The change list shows it: time, component, field, from → to.
    h.get_by_label("Changes (1)").click();
    h.run_steps(2);
    assert_eq!(h.query_all_by_label("1 live change").count(), 2, "in the bar and in the tab");
    h.get_by_label("retry.max_attempts");
    h.get_by_label("4 ➡ 2");
    h.get_by_label(&format::clock(change.at));
    h.get_by_label("💾 Save as new scenario…");

    // An invalid value is refused with the engine's reason, shown under the field.
    enter_text(&mut h, "max_attempts", "0");
    let s = h.state().snapshot();
    assert!(s.command_error.is_some(), "0 attempts is not a valid retry policy");
    h.get_by_label_contains("✖ refused:");
    assert_eq!(s.whatif.live_changes.len(), 1, "a refused change changes nothing");
}

#[test]
fn a_choice_field_offers_the_variants_of_a_policy() {
    let mut h = dashboard();
    h.run_steps(5);
    h.get_by_role_and_label(Role::Button, "orders").click();
    h.run_steps(2);
    // The topic's overflow policy is a list of choices.
    let choice = || |n: &egui_kittest::Node<'_>| n.accesskit_node().role() == Role::ComboBox;
    h.get_all_by_value("RejectNew").find(choice()).expect("the choice").scroll_to_me();
    h.run_steps(2);
    h.get_all_by_value("RejectNew").find(choice()).expect("the choice").click_accesskit();
    h.run_steps(2);
    h.get_by_label("DropOldest").click();
    h.run_steps(2);
    let s = h.state().snapshot();
    let topic = s.scenario.topics.iter().find(|t| t.name == "orders").expect("orders");
    assert_eq!(format!("{:?}", topic.overflow), "DropOldest");
    h.get_by_label("Changes (1)");
}

#[test]
fn a_fault_from_the_detail_panel_is_recorded_and_replayed_after_a_seek() {
    let mut h = dashboard();
    h.run_steps(3);
    pause(&mut h);
    enter_text(&mut h, "go to", "4s");
    h.get_by_role_and_label(Role::Button, "payment-gateway").click();
    h.run_steps(2);
    h.get_by_label("💥 Crash").click_accesskit();
    h.run_steps(2);
    let s = h.state().snapshot();
    assert!(s.command_error.is_none(), "{:?}", s.command_error);
    assert_eq!(s.whatif.commands, 1, "the fault is a recorded command");
    assert!(s.whatif.live_changes.is_empty(), "a fault is not a parameter change");
    // Back before it, the fault waits to replay; running past its moment applies it again.
    enter_text(&mut h, "go to", "2s");
    let s = h.state().snapshot();
    assert_eq!((s.whatif.commands, s.whatif.replay_pending), (0, 1));
    h.get_by_label_contains("replaying 1 recorded");
    enter_text(&mut h, "go to", "6s");
    let s = h.state().snapshot();
    assert_eq!((s.whatif.commands, s.whatif.replay_pending), (1, 0));
    let injected: Vec<String> = s
        .log
        .iter()
        .filter(|e| e.component == "payment-gateway" && e.text.starts_with("inject crash"))
        .map(|e| format::clock(e.at))
        .collect();
    assert_eq!(injected, [format::clock(SimTime::from_secs_f64(4.0))], "replayed once, at its moment");
}

#[test]
fn seeking_back_shows_the_earlier_time_and_the_state_of_a_fresh_run() {
    let mut h = dashboard();
    h.run_steps(3);
    pause(&mut h);
    enter_text(&mut h, "go to", "30s");
    let s = h.state().snapshot();
    assert_eq!(s.now, SimTime::from_secs_f64(30.0), "going forward runs to the time");
    assert!(s.whatif.checkpoints.len() >= 2, "checkpoints were kept: {:?}", s.whatif.checkpoints);

    enter_text(&mut h, "go to", "12.5s");
    let s = h.state().snapshot();
    assert_eq!(s.now, SimTime::from_secs_f64(12.5));
    h.get_by_label(&format!("{} / {}", format::clock(s.now), format::clock(s.end)));

    // The state there is the state a fresh run has at 12.5 s, bit for bit.
    let mut fresh = Runner::open(None);
    fresh.handle(Control::Seek(SimTime::from_secs_f64(12.5)));
    let sim: &Simulation = fresh.simulation();
    assert_eq!(s.events_handled, sim.events_handled());
    assert_eq!(s.ledger.produced, sim.ledger().produced);
    assert_eq!(s.ledger, fresh.snapshot().ledger);
    let rows = |s: &faultline::ui::snapshot::Snapshot| s.history.rows();
    assert_eq!(rows(s), rows(&fresh.snapshot()), "the plots start again from the same history");

    // And it plays on from there.
    h.get_by_label("▶ Play").click();
    h.run_steps(10);
    let later = h.state().snapshot().now;
    assert!(later > SimTime::from_secs_f64(12.5), "playing continues after the seek: {later}");
}

#[test]
fn seeking_back_replays_the_changes_recorded_later() {
    let mut h = dashboard();
    h.run_steps(3);
    pause(&mut h);
    enter_text(&mut h, "go to", "5s");
    h.get_by_role_and_label(Role::Button, "payments").click();
    h.run_steps(2);
    enter_text(&mut h, "max_attempts", "2");
    enter_text(&mut h, "go to", "8s");
    enter_text(&mut h, "go to", "2s");
    let s = h.state().snapshot();
    assert_eq!(s.whatif.live_changes.len(), 0, "at 2 s the change (made at 5 s) has not happened yet");
    assert_eq!(s.whatif.replay_pending, 1);
    enter_text(&mut h, "go to", "6s");
    let s = h.state().snapshot();
    assert_eq!(s.whatif.live_changes.len(), 1, "replayed at its moment");
    assert_eq!(s.whatif.live_changes[0].at, SimTime::from_secs_f64(5.0));
}

#[test]
fn a_fork_shows_a_and_b_and_their_difference() {
    let mut h = dashboard();
    h.run_steps(3);
    pause(&mut h);
    // The tour's gateway fails 9 calls in 10 from 20 s: retries matter then.
    enter_text(&mut h, "go to", "24s");
    h.get_by_label("🔀 Fork…").click();
    h.run_steps(2);
    replace_text(&mut h, "B's changes (one PATH=VALUE per line)", "consumers.payments.retry.max_attempts=1");
    enter_text(&mut h, "Horizon", "10s");
    h.get_by_label("▶ Run fork").click();
    h.run_steps(2);
    until(&mut h, Duration::from_secs(300), "the fork", |h| h.query_by_label("95% CI of B − A").is_some());
    h.run_steps(2);
    for header in ["A mean", "B mean", "B − A"] {
        h.get_by_label(header);
    }
    for metric in ["throughput (msg/s)", "p99 latency (ms)", "dead letters", "lost", "availability (payments)"] {
        assert!(h.query_all_by_label(metric).count() >= 1, "row {metric}");
    }
    let comparison = h.state().fork_comparison().expect("a comparison").clone();
    assert_eq!(comparison.replications, 5);
    let dead = comparison.metrics["ledger.dead_lettered"];
    assert!(dead.b_mean > dead.a_mean, "one attempt dead-letters more than four: {dead:?}");
    assert!(dead.significant(), "and clearly so: {dead:?}");
    let (lo, hi) = (dead.diff_ci95_low.expect("an interval"), dead.diff_ci95_high.expect("an interval"));
    h.get_by_label(&format!("[{}, {}]", format::compact(lo), format::compact(hi)));
    h.get_by_label(&format!("+{} *", format::compact(dead.diff_mean)));
    for plot in
        ["Throughput (processed) (msg/s)", "p99 latency (ms)", "Backlog (work topics) (msgs)", "Dead letters (msg/s)"]
    {
        assert!(h.query_all_by_label(plot).count() >= 1, "plot {plot}");
    }
    // The run on screen did not move while the fork ran.
    assert_eq!(h.state().snapshot().now, SimTime::from_secs_f64(24.0));
}

#[test]
fn a_tiny_sweep_finishes_and_shows_intervals() {
    let mut h = dashboard();
    h.run_steps(2);
    pause(&mut h);
    h.get_by_label("📈 Sweep…").click();
    h.run_steps(2);
    enter_text(&mut h, "Parameter 1", "consumers.payments.concurrency=2,8");
    h.get_by_role_and_label(Role::SpinButton, "Replications").set_value_accesskit(2.0);
    h.run_steps(2);
    enter_text(&mut h, "Run length", "10s");
    enter_text(&mut h, "Warm-up", "1s");
    h.get_by_label("▶ Run sweep").click();
    h.run_steps(2);
    until(&mut h, Duration::from_secs(60), "the sweep", |h| h.query_by_label("throughput (msg/s) (95% CI)").is_some());
    h.run_steps(2);
    h.get_by_label("Export CSV…");
    // One row per point, each with a mean and its interval.
    let cells: Vec<String> = h
        .get_all_by_role(Role::Label)
        .filter_map(|n| n.accesskit_node().value())
        .filter(|l| l.contains('[') && l.contains(", ") && l.ends_with(']'))
        .collect();
    assert!(cells.len() >= 2 * 2, "two points × at least two metrics with intervals: {cells:?}");
    h.get_by_label("2");
    h.get_by_label("8");
}

/// The run's state as the export menu and the session save get it.
fn shared(runner: &mut Runner) -> faultline::ui::runner::SharedState {
    let request = faultline::ui::runner::StateRequest::new();
    runner.handle(Control::ShareState(request.clone()));
    request.take().expect("the runner answers at once")
}

#[test]
fn a_saved_session_loads_and_replays_the_run_exactly() {
    let mut original = Runner::open(None);
    original.handle(Control::Seek(SimTime::from_secs_f64(5.0)));
    let set = |path: &str, value: &str| Control::Apply(engine::Command::Set { path: path.into(), value: value.into() });
    original.handle(set("consumers.payments.retry.max_attempts", "2"));
    original.handle(Control::Seek(SimTime::from_secs_f64(7.5)));
    original.handle(set("producers.checkout.rate.per_second", "300"));
    original.handle(Control::Seek(SimTime::from_secs_f64(12.0)));
    let text = shared(&mut original).session().to_ron_string();
    let dir = std::env::temp_dir().join(format!("faultline-ui-whatif-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let path = dir.join("run.session.ron");
    std::fs::write(&path, text).expect("written");

    // Opening it (as Open… or a drop does) starts at zero with both changes waiting.
    let mut loaded = Runner::open(None);
    loaded.handle(Control::LoadFile(path.clone()));
    let s = loaded.snapshot();
    assert!(s.load_problem.is_none(), "{:?}", s.load_problem);
    assert_eq!(s.now, SimTime::ZERO);
    assert_eq!(s.whatif.replay_pending, 2);
    loaded.handle(Control::Seek(SimTime::from_secs_f64(12.0)));
    assert_eq!(loaded.simulation().live_changes(), original.simulation().live_changes());
    assert_eq!(loaded.simulation().events_handled(), original.simulation().events_handled());
    let report = faultline::experiment::report_json;
    assert_eq!(report(loaded.simulation()), report(original.simulation()), "the whole report, bit for bit");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_checkpoints_stay_bounded_over_a_whole_run() {
    let mut runner = Runner::open(None);
    let end = runner.simulation().end();
    runner.handle(Control::Seek(end));
    let s = runner.snapshot();
    assert_eq!(s.now, end);
    let kept = s.whatif.checkpoints.len();
    assert!((2..=faultline::session::Timeline::DEFAULT_CAPACITY).contains(&kept), "{kept} checkpoints");
    // Any moment is reachable from them, exactly.
    runner.handle(Control::Seek(SimTime::from_secs_f64(123.4)));
    let mut fresh = Runner::open(None);
    fresh.handle(Control::Seek(SimTime::from_secs_f64(123.4)));
    assert_eq!(runner.simulation().events_handled(), fresh.simulation().events_handled());
    let report = faultline::experiment::report_json;
    assert_eq!(report(runner.simulation()), report(fresh.simulation()), "the whole report, bit for bit");
}

#[test]
fn every_export_renders_the_run() {
    use faultline::ui::panels::whatif::export::Export;
    let mut runner = Runner::open(None);
    runner.handle(Control::Seek(SimTime::from_secs_f64(10.0)));
    let state = shared(&mut runner);
    let text = |e: Export| String::from_utf8(e.render(&state)).expect("text");
    assert!(text(Export::SeriesCsv).starts_with("time_s,width_s,throughput.produced"));
    let json: serde_json::Value = serde_json::from_str(&text(Export::SeriesJson)).expect("JSON");
    assert_eq!(json["time_s"].as_array().map(Vec::len), Some(10), "one row per second of the 10 s run");
    assert!(text(Export::SummaryCsv).starts_with("path,value\n"));
    assert!(text(Export::ReportHtml).contains("<svg"), "the HTML report has its charts");
    assert!(text(Export::ReportMarkdown).starts_with("# "));
    let session = faultline::session::Session::parse(&text(Export::Session), "run.session.ron").expect("parses");
    assert_eq!(session.seed, state.sim.seed());
}

/// What the fork and sweep windows show when they refuse, in English exactly as before
/// and in Chinese, with what was typed kept as written.
#[test]
fn whatif_errors_read_in_both_languages() {
    let cases: Vec<(WhatIfError, &str, &str)> = vec![
        (
            WhatIfError::NotAChange("consumers.payments.concurrency 4".into()),
            "`consumers.payments.concurrency 4`: write PATH=VALUE, e.g. consumers.payments.retry.max_attempts=1",
            "`consumers.payments.concurrency 4`：请写成 PATH=VALUE，例如 consumers.payments.retry.max_attempts=1",
        ),
        (
            WhatIfError::Duration {
                field: "whatif-error-field-horizon",
                written: Some("30".into()),
                error: DurationError::Malformed("30".into()),
            },
            "horizon `30`: invalid duration `30`: expected a number followed by a unit (ns, us, ms, s, m, h, d), e.g. \"250ms\"",
            "时长 `30`：无效的时长 `30`：应为数字后跟单位（ns、us、ms、s、m、h、d），例如 \"250ms\"",
        ),
        (
            WhatIfError::Duration {
                field: "whatif-error-field-warm-up",
                written: None,
                error: DurationError::Negative("-1s".into()),
            },
            "warm-up: invalid duration `-1s`: durations cannot be negative",
            "预热：无效的时长 `-1s`：时长不能为负",
        ),
        (
            WhatIfError::RunLength(RunLengthError::NoTime),
            "run length: a run of no time measures nothing; give a length longer than zero",
            "运行时长：零时长的运行什么也测不到；请给出大于零的时长",
        ),
        (WhatIfError::NoMetric, "choose at least one metric", "请至少选择一个指标"),
        (
            WhatIfError::Assignment(AssignmentError::NoValues("a.b=".into())),
            "`a.b=`: no values after `=`",
            "`a.b=`：`=` 之后没有取值",
        ),
        (WhatIfError::Experiment(ExperimentError::Cancelled), "cancelled", "已取消"),
        (WhatIfError::Job(JobError::Vanished), "the job stopped without a result", "任务没有给出结果就停止了"),
    ];
    for (error, english, chinese) in cases {
        assert_eq!(error.to_string(), english);
        assert_eq!(error.render(Lang::ZhCn), chinese);
    }
}
