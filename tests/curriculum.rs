//! The shipped curriculum grades itself: every lesson runs headless and meets all its
//! expectations, every question to try shows what its answer says, and every lesson is
//! built to be projected (captions in the first minute, named checks, answers).

use faultline::curriculum::{self, Status, catalogue};
use faultline::scenario::Expectation;
use std::path::Path;
use std::time::Instant;

/// Runs the lesson `id` and each of its questions; panics with every failed sentence.
fn lesson_passes(id: &str) {
    let entry = curriculum::catalogue::find(id).unwrap_or_else(|| panic!("no lesson `{id}`"));
    let scenario = entry.load().unwrap_or_else(|e| panic!("{e}"));
    let questions = scenario.lesson.as_ref().map_or(0, |l| l.questions.len());
    let mut failures = Vec::new();
    for question in std::iter::once(None).chain((1..=questions).map(Some)) {
        let started = Instant::now();
        let plan = curriculum::plan(&scenario, question).unwrap_or_else(|e| panic!("{id} {question:?}: {e}"));
        let (_, lesson) = curriculum::run(&plan, None).unwrap_or_else(|e| panic!("{id} {question:?}: {e}"));
        let checklist = lesson.checklist();
        let run = match question {
            Some(n) => format!("{} --try {n}", entry.file),
            None => entry.file.to_string(),
        };
        for item in checklist.items().iter().filter(|i| i.status != Status::Passed) {
            failures.push(format!("{run}: {} {}: {}", item.status.mark(), item.title, item.sentence));
        }
        eprintln!("{run}: {} expectations in {:.2} s", checklist.items().len(), started.elapsed().as_secs_f64());
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

macro_rules! lessons {
    ($($test:ident => $id:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                lesson_passes($id);
            }
        )*

        /// Every catalogue entry has its test above.
        #[test]
        fn every_lesson_has_a_test() {
            let tested = [$($id),*];
            let listed: Vec<&str> = catalogue().iter().map(|e| e.id).collect();
            assert_eq!(listed, tested);
        }
    };
}

lessons! {
    lesson_01_happy_path => "happy-path",
    lesson_02_overload_and_back_pressure => "overload-and-back-pressure",
    lesson_03_retry_storm => "retry-storm",
    lesson_04_circuit_breaker => "circuit-breaker",
    lesson_05_dead_letters_and_redrive => "dead-letters-and-redrive",
    lesson_06_poison_messages => "poison-messages",
    lesson_07_consumer_crash => "consumer-crash",
    lesson_08_broker_node_loss => "broker-node-loss",
    lesson_09_rate_limiting_and_load_shedding => "rate-limiting-and-load-shedding",
    lesson_10_availability => "availability",
    lesson_11_transactional_outbox => "transactional-outbox",
    lesson_12_autoscaling => "autoscaling",
    lesson_13_sync_chain_vs_event_bus => "sync-chain-vs-event-bus",
    lesson_14_retry_amplification => "retry-amplification",
    lesson_15_fan_out_and_retention => "fan-out-and-retention",
    lesson_16_load_balancing => "load-balancing",
    lesson_17_sagas_and_compensation => "sagas-and-compensation",
    lesson_18_acks_and_in_sync_replicas => "acks-and-in-sync-replicas",
    lesson_19_event_sourcing_and_recovery_time => "event-sourcing-and-recovery-time",
    lesson_20_batching => "batching",
    lesson_21_rebalancing_and_consistent_hashing => "rebalancing-and-consistent-hashing",
    lesson_22_self_healing_time => "self-healing-time",
}

/// The tour the dashboard opens on: its 20 expectations and every question pass like a
/// lesson's.
#[test]
fn the_tour_passes_its_expectations() {
    lesson_passes("order-pipeline-demo");
}

/// The tour tells its story at 1×: something within the first 30 seconds, then one fault at
/// a time, each with a caption when it starts, spaced so each can be watched; and the
/// dashboard's default scenario is exactly this file.
#[test]
fn the_tour_is_built_to_be_projected() {
    let entry = curriculum::catalogue::tour();
    assert_eq!(entry.order, 0, "not a numbered lesson");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    assert_eq!(entry.text, std::fs::read_to_string(dir.join(entry.file)).unwrap_or_default());
    assert_eq!(entry.text, faultline::ui::runner::DEFAULT_SCENARIO, "the dashboard opens on the tour");
    let scenario = entry.load().unwrap_or_else(|e| panic!("{e}"));
    let lesson = scenario.lesson.as_ref().unwrap_or_else(|| panic!("the tour has a lesson"));
    let starts: Vec<f64> = scenario.faults.iter().map(|f| f.at.as_secs_f64()).collect();
    assert!(starts.first().is_some_and(|&t| t <= 30.0), "a fault within 30 s: {starts:?}");
    assert!(starts.windows(2).all(|w| w[1] - w[0] >= 30.0), "faults at least 30 s apart: {starts:?}");
    for at in &starts {
        assert!(lesson.captions.iter().any(|c| c.at.as_secs_f64() == *at), "a caption when the fault at {at} s starts");
    }
    assert!(lesson.captions.first().is_some_and(|c| c.at.0 == 0), "a caption at the start");
    let all = scenario.expect.iter().chain(lesson.questions.iter().flat_map(|q| &q.expect));
    assert!(all.into_iter().all(|e| !e.name().is_empty()), "every expectation is named");
    for (k, q) in lesson.questions.iter().enumerate() {
        assert!(!q.change.is_empty() && !q.expect.is_empty() && !q.answer.is_empty(), "question {}", k + 1);
    }
}

#[test]
fn the_catalogue_is_the_numbered_scenarios_in_order() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut numbered: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ron") && n.as_bytes().first().is_some_and(u8::is_ascii_digit))
        .collect();
    numbered.sort();
    let listed: Vec<&str> = catalogue().iter().map(|e| e.file).collect();
    assert_eq!(listed, numbered);
    let orders: Vec<usize> = catalogue().iter().map(|e| e.order).collect();
    assert!(orders.windows(2).all(|w| w[0] < w[1]) && orders.first() == Some(&1), "{orders:?}");
    for entry in catalogue() {
        assert_eq!(entry.file, format!("{:02}-{}.ron", entry.order, entry.id));
        let on_disk = std::fs::read_to_string(dir.join(entry.file)).unwrap_or_default();
        assert_eq!(entry.text, on_disk, "{} is embedded as shipped", entry.file);
        assert!(!entry.title.is_empty() && !entry.summary.is_empty(), "{}", entry.file);
    }
}

/// A challenge is projected too: a caption at the start says what is at stake, one within
/// 5 s of each fault says what just broke, every check is named, and the first fault comes
/// in the first minute (a game day goes on from there).
#[test]
fn every_challenge_tells_its_story_as_it_runs() {
    for entry in faultline::curriculum::catalogue::challenges() {
        let scenario = entry.load().unwrap_or_else(|e| panic!("{e}"));
        let file = entry.file;
        let lesson = scenario.lesson.as_ref().unwrap_or_else(|| panic!("{file}: no lesson"));
        assert!(lesson.challenge.is_some(), "{file}: a challenge");
        assert!(lesson.captions.first().is_some_and(|c| c.at.as_secs_f64() <= 5.0), "{file}: a caption at the start");
        for fault in &scenario.faults {
            let at = fault.at.as_secs_f64();
            assert!(
                lesson.captions.iter().any(|c| (at..=at + 5.0).contains(&c.at.as_secs_f64())),
                "{file}: a caption when {} fails at {at} s",
                fault.target
            );
        }
        let first = scenario.faults.iter().map(|f| f.at.as_secs_f64()).fold(f64::INFINITY, f64::min);
        assert!(first < 60.0 || scenario.faults.is_empty(), "{file}: the first fault within the first minute");
        assert!(scenario.expect.len() >= 3, "{file}: at least three goals");
        assert!(scenario.expect.iter().all(|e| !e.name().is_empty()), "{file}: every goal is named");
    }
}

/// What makes a scenario usable in a lecture: it tells its story in the first minute at
/// 1× (captions from the start, faults early), every check has a name the class can read,
/// and every question has a change, what to expect and an answer.
#[test]
fn every_lesson_is_built_to_be_projected() {
    for entry in catalogue() {
        let scenario = entry.load().unwrap_or_else(|e| panic!("{e}"));
        let file = entry.file;
        let lesson = scenario.lesson.as_ref().unwrap_or_else(|| panic!("{file}: no lesson"));
        assert!(!lesson.explanation.is_empty() && lesson.watch.len() >= 2, "{file}: explanation and what to watch");
        let early: Vec<_> = lesson.captions.iter().filter(|c| c.at.as_secs_f64() <= 60.0).collect();
        assert!(lesson.captions.first().is_some_and(|c| c.at.as_secs_f64() <= 5.0), "{file}: a caption at the start");
        assert!(early.len() >= 4, "{file}: at least four captions in the first minute");
        assert!(
            scenario.faults.iter().all(|f| f.at.as_secs_f64() < 60.0),
            "{file}: faults start within the first minute"
        );
        assert!(scenario.duration.as_secs_f64() <= 600.0, "{file}: a few minutes of virtual time");
        assert!(scenario.expect.len() >= 3, "{file}: at least three expectations");
        let all: Vec<&Expectation> =
            scenario.expect.iter().chain(lesson.questions.iter().flat_map(|q| &q.expect)).collect();
        assert!(all.iter().all(|e| !e.name().is_empty()), "{file}: every expectation is named");
        assert!(lesson.questions.len() >= 2, "{file}: questions to try");
        for (k, q) in lesson.questions.iter().enumerate() {
            assert!(!q.change.is_empty() && !q.expect.is_empty() && !q.answer.is_empty(), "{file}: question {}", k + 1);
        }
    }
}

/// Every series the engine records can be named in an expectation: the validator's series
/// families and the engine's keys agree (a new family in the engine must be added there).
#[test]
fn every_engine_series_can_be_expected() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/order-pipeline.ron");
    let mut scenario = faultline::scenario::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    let sim = faultline::engine::Simulation::new(&scenario).unwrap_or_else(|e| panic!("{e}"));
    let keys: Vec<String> = sim.history().specs().iter().map(|s| s.key.clone()).collect();
    assert!(keys.iter().any(|k| k.starts_with("breaker.")), "{keys:?}");
    scenario.expect = keys
        .iter()
        .map(|key| Expectation::Series {
            name: String::new(),
            key: key.clone(),
            from: None,
            to: None,
            stat: faultline::scenario::SeriesStat::Max,
            at_least: None,
            at_most: Some(1e12),
        })
        .collect();
    assert_eq!(faultline::scenario::validate(&scenario, "keys"), Ok(()));
    assert!(curriculum::check(&scenario).is_empty());
}

/// The example field validation offers for a metric path that stops at a component
/// (`groups.payments` → "add a field, e.g. `groups.payments.processed`") is a number in
/// the report, for every map of the report keyed by component.
#[test]
fn the_example_field_of_every_report_map_is_in_the_report() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/order-pipeline.ron");
    let mut scenario = faultline::scenario::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    let sim = faultline::engine::Simulation::new(&scenario).unwrap_or_else(|e| panic!("{e}"));
    let report = serde_json::to_value(faultline::report::RunReport::new(&sim, 0.0)).unwrap_or_else(|e| panic!("{e}"));
    let maps = ["topics", "groups", "services", "producers", "breakers", "availability"];
    let mut paths = Vec::new();
    for map in maps {
        let name = report[map].as_object().and_then(|m| m.keys().next()).unwrap_or_else(|| panic!("no {map}"));
        paths.push((map, name.clone()));
    }
    scenario.expect = paths
        .iter()
        .map(|(map, name)| Expectation::Expect {
            name: String::new(),
            metric: format!("{map}.{name}"),
            per: None,
            at: None,
            at_least: None,
            at_most: Some(1.0),
        })
        .collect();
    let diagnostics =
        faultline::scenario::validate(&scenario, "maps").expect_err("paths naming a component").diagnostics;
    assert_eq!(diagnostics.len(), maps.len(), "{diagnostics:?}");
    for ((map, name), diagnostic) in paths.iter().zip(&diagnostics) {
        let help = diagnostic.help.as_deref().unwrap_or_default();
        let prefix = format!("add a field, e.g. `{map}.{name}.");
        let field = help.strip_prefix(&prefix).and_then(|f| f.strip_suffix('`')).unwrap_or_else(|| panic!("{help}"));
        assert!(report[map][name][field].is_number(), "{map}.{name}.{field} is a number of the report");
    }
}
