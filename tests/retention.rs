//! The retained log (issue 17): retention deleting what a group has not read, offsets per
//! group and partition, and replay by ResetOffsets — every count checked by hand.
//!
//! The runs publish at a constant 10 messages/s: a Constant producer's first event comes
//! one gap after the start, so message k (k = 1, 2, …) is published at k × 0.1 s exactly.
//! Retention 5 s deletes message k at k × 0.1 s + 5 s: by time T (deletions at T
//! included), ⌊10 (T − 5)⌋ messages are deleted and the log keeps the 50 published in
//! (T − 5, T].

mod common;

use common::{diagnostics, fingerprint, replaced_once, scenario, secs};
use faultline::engine::{Command, CommandError, ComponentKind, Simulation};
use faultline::scenario::OffsetReset;
use faultline::time::{SimDuration, SimTime};

/// A topic of `partitions` partitions with `retention`, written into by one producer at
/// 10/s; group `reader` handles everything at once (1 ms each), group `stopped` is crashed
/// for the whole run and reads nothing. `extra` goes into the reader's fields.
fn source(partitions: u32, retention: &str, extra: &str) -> String {
    format!(
        r#"Scenario(name: "retained", seed: 1, duration: "60s",
    topics: [Topic(name: "t", partitions: {partitions}, {retention})],
    producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
    consumers: [
        ConsumerGroup(name: "reader", topic: "t", handler: Handler(work: Constant("1ms")){extra}),
        ConsumerGroup(name: "stopped", topic: "t", handler: Handler(work: Constant("1ms"))),
    ],
    faults: [Fault(at: "0s", duration: "1h", target: "stopped", kind: Crash)])"#
    )
}

fn run(source: &str) -> Simulation {
    Simulation::new(&scenario(source)).expect("builds")
}

fn group<'a>(status: &'a faultline::engine::SystemStatus, name: &str) -> &'a faultline::engine::status::GroupStatus {
    status.groups.iter().find(|g| g.name == name).expect("the group exists")
}

fn deleted(sim: &Simulation, name: &str) -> u64 {
    group(&sim.status(), name).offsets.iter().map(|p| p.deleted_by_retention).sum()
}

fn replayed(sim: &Simulation, name: &str) -> u64 {
    group(&sim.status(), name).offsets.iter().map(|p| p.replayed).sum()
}

fn reset(sim: &mut Simulation, name: &str, to: OffsetReset) {
    sim.apply(Command::ResetOffsets { group: name.into(), to }).expect("the reset applies");
}

/// Just before 5.1 s nothing is deleted; at 5.1 s message 1 goes; by T = 20 s,
/// ⌊10 × 15⌋ = 150 have gone from the stopped group, none from the reader (it read them),
/// and the log keeps the 50 published in (15 s, 20 s]: offsets 150..200 over the partitions.
#[test]
fn retention_deletes_unread_messages_exactly_at_publication_plus_retention() {
    let mut sim = run(&source(2, r#"retention: "5s""#, ""));
    sim.step_until(SimTime(secs(5.1).0 - 1));
    assert_eq!(deleted(&sim, "stopped"), 0);
    sim.step_until(secs(5.1));
    assert_eq!(deleted(&sim, "stopped"), 1);
    for (t, expected) in [(7.25, 22), (12.0, 70), (20.0, 150)] {
        sim.step_until(secs(t));
        assert_eq!(deleted(&sim, "stopped"), expected, "at {t} s");
        assert!(sim.conservation_holds());
    }
    let status = sim.status();
    assert_eq!(deleted(&sim, "reader"), 0);
    let log = status.topics[0].log.as_ref().expect("the topic keeps a log");
    assert_eq!(log.retained, 50);
    assert_eq!(log.partitions.iter().map(|r| r.end).sum::<u64>(), 200);
    assert_eq!(log.partitions.iter().map(|r| r.start).sum::<u64>(), 150);
    // The stopped group's position is its log start; its lag is the retained log.
    let stopped = group(&status, "stopped");
    for (offsets, range) in stopped.offsets.iter().zip(&log.partitions) {
        assert_eq!((offsets.position, offsets.lag), (range.start, range.retained));
    }
    assert_eq!(stopped.lag, 50);
    // In the ledger: expired, with their own reason.
    assert_eq!(sim.ledger().by_reason()["deleted by retention"], 150);
    assert_eq!(stopped.ledger.expired, 150);
}

/// Size only: 20 records a partition. The stopped group keeps the newest 20 of each
/// partition and loses the rest; with one partition at T = 20 s that is 200 − 20 = 180.
#[test]
fn the_size_bound_deletes_the_oldest_record_for_each_new_one() {
    let mut sim = run(&source(1, "retention_messages: 20", ""));
    sim.step_until(secs(20.0));
    assert_eq!(deleted(&sim, "stopped"), 180);
    let log = sim.status().topics[0].log.clone().expect("a log");
    assert_eq!((log.partitions[0].start, log.partitions[0].end, log.retained), (180, 200, 20));
    assert!(sim.conservation_holds());
}

/// A replay of the whole retained log re-processes exactly the retained messages:
/// min(rate × retention, cap) = min(10 × 5, cap). The reader had processed all 200 by
/// 20 s; Earliest puts back the 50 kept (or the 20 of the cap), each processed again as a
/// duplicate, none a new message.
#[test]
fn replaying_the_whole_log_reprocesses_exactly_the_retained_messages() {
    for (retention, expected) in [(r#"retention: "5s""#, 50), (r#"retention: "5s", retention_messages: 20"#, 20)] {
        let mut sim = run(&source(1, retention, ""));
        sim.step_until(secs(20.0));
        reset(&mut sim, "reader", OffsetReset::Earliest);
        assert_eq!(replayed(&sim, "reader"), expected);
        // 1 ms each, well before the next publish at 20.1 s.
        sim.step_until(secs(20.09));
        let reader = group(&sim.status(), "reader").clone();
        assert_eq!(reader.duplicates_processed, expected, "{retention}");
        // `processed` counts messages: the duplicates are apart.
        assert_eq!(reader.processed, 200);
        assert_eq!(sim.ledger().processed, 200, "a duplicate is not a second message");
        assert!(sim.conservation_holds());
    }
}

/// An idempotent reader's dedup window remembers the 200 ids it processed: the replay
/// of 50 is acknowledged unprocessed, every one.
#[test]
fn an_idempotent_consumer_skips_the_replayed_messages_it_remembers() {
    let idempotent = r#", idempotent: true, dedup_window: DedupWindow(max_ids: 1000, max_age: "1h")"#;
    let mut sim = run(&source(1, r#"retention: "5s""#, idempotent));
    sim.step_until(secs(20.0));
    reset(&mut sim, "reader", OffsetReset::Earliest);
    sim.step_until(secs(20.09));
    let reader = group(&sim.status(), "reader").clone();
    assert_eq!((reader.deduplicated, reader.duplicates_processed), (50, 0));
    assert!(sim.conservation_holds());
}

/// Time(17 s) at T = 20 s: the records published at or after 17 s are messages 170..=200,
/// 31 of them.
#[test]
fn a_reset_to_a_time_replays_what_was_published_from_then() {
    let mut sim = run(&source(2, r#"retention: "5s""#, ""));
    sim.step_until(secs(20.0));
    reset(&mut sim, "reader", OffsetReset::Time(SimDuration::from_secs(17)));
    assert_eq!(replayed(&sim, "reader"), 31);
    // A time before the log start is the log start: the 50 kept.
    reset(&mut sim, "reader", OffsetReset::Time(SimDuration::from_secs(1)));
    // The 31 replayed just now are waiting (unread), so only the 19 older ones come back.
    assert_eq!(replayed(&sim, "reader"), 31 + 19);
}

/// Shift(−3) on two partitions re-reads 3 records in each: 6. Shift(+4) on the stopped
/// group skips the 4 oldest unread of each partition: 8, counted as dropped.
#[test]
fn a_shift_moves_the_position_by_n_in_every_partition() {
    let mut sim = run(&source(2, r#"retention: "5s""#, ""));
    sim.step_until(secs(20.0));
    reset(&mut sim, "reader", OffsetReset::Shift(-3));
    assert_eq!(replayed(&sim, "reader"), 6);
    let before: Vec<u64> = group(&sim.status(), "stopped").offsets.iter().map(|p| p.position).collect();
    reset(&mut sim, "stopped", OffsetReset::Shift(4));
    let status = sim.status();
    let stopped = group(&status, "stopped");
    let after: Vec<u64> = stopped.offsets.iter().map(|p| p.position).collect();
    assert_eq!(after, before.iter().map(|p| p + 4).collect::<Vec<_>>());
    assert_eq!(stopped.offsets.iter().map(|p| p.skipped_by_reset).sum::<u64>(), 8);
    assert_eq!(sim.ledger().by_reason()["skipped by offset reset"], 8);
    assert_eq!(stopped.ledger.dropped, 8);
    assert!(sim.conservation_holds());
}

/// Latest skips everything unread: the 50 the stopped group still had. Its lag is 0 and
/// its position the log end; the messages it skips are dropped, not lost silently.
#[test]
fn a_reset_to_latest_skips_everything_unread() {
    let mut sim = run(&source(2, r#"retention: "5s""#, ""));
    sim.step_until(secs(20.0));
    reset(&mut sim, "stopped", OffsetReset::Latest);
    let status = sim.status();
    let stopped = group(&status, "stopped");
    assert_eq!(stopped.lag, 0);
    assert_eq!(stopped.offsets.iter().map(|p| p.skipped_by_reset).sum::<u64>(), 50);
    assert!(stopped.offsets.iter().all(|p| p.position == p.log_end));
    assert!(sim.conservation_holds());
}

/// A topic without retention is today's queue: no log in the status, and a reset is
/// refused with a clear error, as is a reset of a group that does not exist.
#[test]
fn a_reset_needs_a_retained_topic_and_a_known_group() {
    let mut sim = run(&source(1, "capacity: 10000", ""));
    sim.step_until(secs(2.0));
    let status = sim.status();
    assert!(status.topics[0].log.is_none() && status.groups.iter().all(|g| g.offsets.is_empty()));
    let refused = sim.apply(Command::ResetOffsets { group: "reader".into(), to: OffsetReset::Earliest });
    assert_eq!(refused, Err(CommandError::NoRetention { group: "reader".into(), topic: "t".into() }));
    let unknown = sim.apply(Command::ResetOffsets { group: "nobody".into(), to: OffsetReset::Latest });
    assert_eq!(
        unknown,
        Err(CommandError::UnknownComponent { kind: ComponentKind::ConsumerGroup, name: "nobody".into() })
    );
}

/// Conservation after every event of a run with retention deletes (stopped group, size
/// bound), replays and skips (resets at awkward moments), crashes of the reader with
/// uncommitted offsets, and fan-out to both groups.
#[test]
fn conservation_holds_after_every_event_with_retention_and_replays() {
    let crashes = r#", instances: 2, commit_interval: "2s", failures: Failures(mtbf: Exponential("3s"), mttr: Exponential("500ms"))"#;
    let mut sim = run(&source(3, r#"retention: "4s", retention_messages: 25"#, crashes));
    let resets = [
        (3.0, "reader", OffsetReset::Earliest),
        (5.55, "stopped", OffsetReset::Shift(-10)),
        (7.0, "reader", OffsetReset::Shift(-5)),
        (9.0, "stopped", OffsetReset::Latest),
        (11.0, "reader", OffsetReset::Time(SimDuration::from_secs(8))),
        (13.0, "stopped", OffsetReset::Shift(3)),
    ];
    let mut next = 0;
    while sim.now() < secs(15.0) {
        assert!(sim.step_one());
        assert!(sim.conservation_holds(), "broken at {}", sim.now());
        if let Some((at, name, to)) = resets.get(next)
            && sim.now() >= secs(*at)
        {
            reset(&mut sim, name, *to);
            assert!(sim.conservation_holds(), "broken by the reset at {}", sim.now());
            next += 1;
        }
    }
    assert_eq!(next, resets.len());
    let status = sim.status();
    assert!(deleted(&sim, "stopped") > 0 && replayed(&sim, "reader") > 0);
    assert!(group(&status, "reader").duplicates_processed > 0);
}

/// The same run with resets scripted as lesson actions gives bit-identical results
/// however it is sliced, and a saved session of live resets replays bit for bit.
#[test]
fn runs_with_resets_are_deterministic_and_replay_from_a_session() {
    let lesson = r#"
    lesson: Lesson(title: "replay", summary: "s", actions: [
        ResetOffsets(at: "12s", group: "reader", to: Earliest),
        ResetOffsets(at: "20s", group: "stopped", to: Shift(-7)),
        ResetOffsets(at: "25s", group: "reader", to: Time("21s")),
    ]),
    faults:"#;
    let text = replaced_once(&source(2, r#"retention: "5s""#, ""), "\n    faults:", lesson);
    let whole_scenario = scenario(&text);
    let plan = faultline::curriculum::plan(&whole_scenario, None).expect("plans");
    let drive = |slices: u64| {
        let (mut sim, mut lesson) = faultline::curriculum::start(&plan, None).expect("starts");
        let end = secs(30.0).0;
        for k in 1..=slices {
            lesson.step_until(&mut sim, SimTime(end / slices * k));
        }
        assert_eq!(lesson.outcomes().len(), 3);
        assert!(lesson.outcomes().iter().all(|o| o.result.is_ok()), "{:?}", lesson.outcomes());
        fingerprint(&sim)
    };
    assert_eq!(drive(30), drive(3000));

    let mut live = run(&source(2, r#"retention: "5s""#, ""));
    live.step_until(secs(12.0));
    reset(&mut live, "reader", OffsetReset::Earliest);
    for _ in 0..17 {
        live.step_one();
    }
    reset(&mut live, "stopped", OffsetReset::Shift(-7));
    live.step_until(secs(25.0));
    let text = faultline::session::Session::of(&live).to_ron_string();
    let session = faultline::session::Session::parse(&text, "s.session.ron").expect("loads");
    let replayed = session.replay_until(live.now()).expect("replays");
    assert_eq!(fingerprint(&replayed), fingerprint(&live));
}

/// Each mistake gets a located error naming the field.
#[test]
fn mistakes_get_located_errors() {
    let base = source(1, r#"retention: "5s""#, "");
    let zero = replaced_once(&base, r#"retention: "5s""#, r#"retention: "0s""#);
    assert_eq!(
        diagnostics(&zero),
        [
            "s.ron:2:57: topics[t].retention: must be longer than 0s (leave it out for a queue that keeps nothing after consumption)"
        ]
    );
    let none = replaced_once(&base, r#"retention: "5s""#, "retention_messages: 0");
    assert_eq!(diagnostics(&none), ["s.ron:2:66: topics[t].retention_messages: must be at least 1"]);
    let huge =
        replaced_once(&source(100, r#"retention: "5s""#, ""), r#"retention: "5s""#, "retention_messages: 100000");
    assert_eq!(
        diagnostics(&huge),
        [
            "s.ron:2:13: topics: retained records add up to 10000000, above faultline's limit of 5000000 in all (each partition of a topic with retention keeps up to retention_messages records, 100000 without it)"
        ]
    );
    let action = |group: &str, retention: &str| {
        let lesson = format!(
            "\n    lesson: Lesson(title: \"t\", summary: \"s\", actions: [ResetOffsets(at: \"1s\", group: \"{group}\", to: Latest)]),\n    faults:"
        );
        replaced_once(&source(1, retention, ""), "\n    faults:", &lesson)
    };
    assert_eq!(diagnostics(&action("reader", r#"retention: "5s""#)), Vec::<String>::new());
    let unknown = diagnostics(&action("raeder", r#"retention: "5s""#));
    assert_eq!(unknown.len(), 1);
    assert!(unknown[0].contains("lesson.actions[0].group") && unknown[0].contains("`reader`"), "{}", unknown[0]);
    let queue = diagnostics(&action("reader", "capacity: 100"));
    assert_eq!(
        queue,
        [
            "s.ron:8:86: lesson.actions[0].group: `reader` reads `t`, which keeps nothing after consumption: there is no log to reset its offsets in (give `t` a retention, e.g. retention: \"10m\")"
        ]
    );
}
