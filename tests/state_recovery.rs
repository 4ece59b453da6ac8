//! Stateful consumers (issue 17): snapshots and the rebuild a crashed instance replays
//! before it takes traffic (the recovery time, RTO), and backups and the data a disk loss
//! takes with it (the recovery point, RPO) — every number worked out by hand.
//!
//! The runs publish at a constant 100 messages/s to one partition: a Constant producer's
//! first event comes one gap after the start, so message k (k = 1, 2, …) is published at
//! k × 10 ms exactly, and one instance (one worker, 1 ms each) has applied it at
//! k × 10 ms + 1 ms. At the crash, 10.005 s, it has applied k = 1..1000: 1000 events.
//! With `snapshot_every: 300` the snapshots were written at 300, 600 and 900 events, so
//! 100 events were applied since the last one. The supervisor notices 1 s after the crash
//! and restarts it 1 s later, at 12.005 s.

mod common;

use common::{scenario, secs};
use faultline::engine::Simulation;
use faultline::engine::status::{GroupStatus, InstanceState, SystemStatus};
use faultline::time::SimTime;

/// One producer at 100/s into a one-partition topic with `retention`; one stateful group
/// (`extra` goes into its fields) crashed at 10.005 s by a fault of `kind`.
fn source(retention: &str, extra: &str, kind: &str) -> String {
    format!(
        r#"Scenario(name: "stateful", seed: 1, duration: "30s",
    topics: [Topic(name: "events", partitions: 1, retention: Some("{retention}"))],
    producers: [Producer(name: "p", topic: "events", rate: Constant(per_second: 100.0))],
    consumers: [
        ConsumerGroup(name: "projection", topic: "events", handler: Handler(work: Constant("1ms")),
            supervisor: Some(Supervisor(detect_after: "1s", restart_after: "1s")),
            state: Some(Projection(snapshot_every: 300, rebuild_per_second: 200.0)){extra}),
    ],
    faults: [Fault(at: "10.005s", duration: "1ms", target: "projection/1", kind: {kind})])"#
    )
}

fn run_to(source: &str, t: f64) -> Simulation {
    let mut sim = Simulation::new(&scenario(source)).expect("builds");
    sim.step_until(secs(t));
    sim
}

fn group(status: &SystemStatus) -> &GroupStatus {
    &status.groups[0]
}

/// Published by `t` (at k × 10 ms, k ≥ 1).
fn published_by(t: f64) -> u64 {
    (t * 100.0 + 1e-9).floor() as u64
}

/// Replayed = 100 events since the snapshot at 900; recovery time = 100 / 200 per s =
/// 0.5 s exactly, so the instance rejoins at 12.505 s and the incident's RTO is
/// 1 s + 1 s + 0.5 s = 2.5 s. While it rebuilds it takes nothing, and what is published
/// waits in the topic, still in the system.
#[test]
fn a_crash_replays_the_events_since_the_last_snapshot_at_the_rebuild_rate() {
    let src = source("1h", "", "Crash");
    let mut sim = run_to(&src, 12.3);
    let status = sim.status();
    let inst = &group(&status).instances[0];
    assert_eq!(inst.state, InstanceState::Rebuilding);
    let rebuild = inst.rebuild.expect("it rebuilds");
    assert_eq!(rebuild.events, 100);
    assert_eq!(rebuild.until, secs(12.505));
    // (12.3 − 12.005) / 0.5 = 0.59 of the replay done.
    assert!((rebuild.progress - 0.59).abs() < 1e-9, "progress {}", rebuild.progress);
    // Nothing processed since the crash; the 230 published since wait in the system.
    assert_eq!(group(&status).processed, 1000);
    assert_eq!(sim.in_system(), published_by(12.3) - 1000);
    assert!(sim.conservation_holds());

    sim.step_until(SimTime(secs(12.505).0 - 1));
    assert_eq!(sim.status().groups[0].instances[0].state, InstanceState::Rebuilding);
    sim.step_until(secs(12.505));
    let status = sim.status();
    assert_ne!(group(&status).instances[0].state, InstanceState::Rebuilding);
    let state = group(&status).state.expect("a stateful group");
    assert_eq!((state.counts.snapshots, state.counts.rebuilds, state.counts.replayed), (3, 1, 100));
    assert_eq!(state.counts.last_rebuild_events, 100);
    assert_eq!(state.last_rebuild_s, 0.5);
    assert_eq!((state.counts.lost_by_retention, state.counts.lost_with_disk), (0, 0));
    let incident = status.incidents.iter().find(|i| i.component == "projection/1").expect("an incident");
    assert_eq!(incident.at, secs(10.005));
    assert_eq!(incident.recovered_at, Some(secs(12.505)));
    let recovery = incident.state.expect("a stateful incident");
    assert_eq!((recovery.replayed_events, recovery.rebuild_s), (100, 0.5));
    assert_eq!((recovery.rpo_events, recovery.disk_lost), (0, false));

    // Every message is counted once: 3000 published by 30 s, the backlog of the outage
    // drained. Offsets are committed every 5 s (the default), last at 10 s, so message
    // 1000 (applied at 10.001 s) was processed but not committed: it is delivered again
    // and processed a second time as a duplicate copy (at least once), counted as a
    // duplicate and not as a second message.
    sim.run_to_end();
    assert!(sim.conservation_holds());
    let ledger = sim.ledger();
    assert_eq!(ledger.processed + sim.in_system(), published_by(30.0));
    assert!(sim.in_system() <= 1, "the backlog drained, {} left", sim.in_system());
    assert_eq!(sim.status().groups[0].duplicates_processed, 1);
}

/// Retention 2.5 s: at the restart, 12.005 s, the log keeps what was published after
/// 9.505 s, i.e. k = 951..1000 of the 100 events since the snapshot (901..1000): 50 are
/// replayed in 50 / 200 = 0.25 s, and 50 cannot be: state lost, counted and in the
/// incident. The instance goes on from what the log holds and rejoins at 12.255 s.
#[test]
fn events_deleted_by_retention_cannot_be_replayed_and_are_counted_as_state_lost() {
    let sim = run_to(&source("2.5s", "", "Crash"), 13.0);
    let status = sim.status();
    let state = group(&status).state.expect("a stateful group");
    assert_eq!((state.counts.replayed, state.counts.lost_by_retention), (50, 50));
    assert_eq!(state.last_rebuild_s, 0.25);
    let incident = &status.incidents[0];
    assert_eq!(incident.recovered_at, Some(secs(12.255)));
    let recovery = incident.state.expect("a stateful incident");
    assert_eq!((recovery.replayed_events, recovery.lost_by_retention), (50, 50));
    assert!(sim.conservation_holds());
}

/// Backups every 3 s: the last before the loss is at 9 s, when the instance had applied
/// k = 1..899 (message 900 is applied at 9.001 s). A DiskLoss at 10.005 s loses the
/// snapshots with the disk and goes back to that backup: RPO = 1000 − 899 = 101 events
/// and 10.005 − 9 = 1.005 s. Nothing is replayed (the offsets are past those events), so
/// the RTO is the supervisor's 2 s.
#[test]
fn a_disk_loss_goes_back_to_the_last_backup_and_loses_what_was_applied_since() {
    let src = source("1h", r#", backup: Some(Backup(every: "3s"))"#, "DiskLoss");
    let mut sim = run_to(&src, 13.0);
    let status = sim.status();
    let incident = &status.incidents[0];
    assert_eq!(incident.kind, "disk_loss");
    assert_eq!(incident.recovered_at, Some(secs(12.005)));
    let recovery = incident.state.expect("a stateful incident");
    assert!(recovery.disk_lost && recovery.from_backup);
    assert_eq!(recovery.rpo_events, 101);
    assert!((recovery.rpo_s - 1.005).abs() < 1e-12, "rpo {} s", recovery.rpo_s);
    assert_eq!(recovery.replayed_events, 0);
    let state = group(&status).state.expect("a stateful group");
    // Backups at 3, 6 and 9 s (the one at 12 s found it down).
    assert_eq!((state.counts.backups, state.counts.lost_with_disk), (3, 101));
    assert!(sim.conservation_holds());
    sim.run_to_end();
    assert!(sim.conservation_holds());
}

/// Without a backup, a disk loss loses every event applied: RPO = 1000 events, 10.005 s.
#[test]
fn a_disk_loss_without_backup_loses_the_whole_state() {
    let sim = run_to(&source("1h", "", "DiskLoss"), 13.0);
    let recovery = sim.status().incidents[0].state.expect("a stateful incident");
    assert!(recovery.disk_lost && !recovery.from_backup);
    assert_eq!(recovery.rpo_events, 1000);
    assert!((recovery.rpo_s - 10.005).abs() < 1e-12);
}

/// A plain Crash keeps the disk: no RPO, whatever the backups.
#[test]
fn a_process_crash_keeps_the_disk_and_loses_no_data() {
    let src = source("1h", r#", backup: Some(Backup(every: "3s"))"#, "Crash");
    let sim = run_to(&src, 13.0);
    let recovery = sim.status().incidents[0].state.expect("a stateful incident");
    assert_eq!((recovery.rpo_events, recovery.disk_lost, recovery.replayed_events), (0, false, 100));
}

/// Each mistake is located at its value (file:line:column: line 7 holds the group's
/// `state` and `backup`; columns 52, 75 and 110 are where `0`, `-1.0` and `"10ms"` begin)
/// and worded.
#[test]
fn mistakes_in_state_and_backup_are_located() {
    let src = source("1h", r#", backup: Some(Backup(every: "10ms"))"#, "Crash")
        .replace("snapshot_every: 300", "snapshot_every: 0")
        .replace("rebuild_per_second: 200.0", "rebuild_per_second: -1.0");
    let found = common::diagnostics(&src);
    let expected = [
        ("s.ron:7:52:", "consumers[projection].state.snapshot_every: must be at least 1"),
        (
            "s.ron:7:75:",
            "consumers[projection].state.rebuild_per_second: must be a positive number of events replayed per second, found -1",
        ),
        ("s.ron:7:110:", "consumers[projection].backup.every: must be at least 1s, found 10ms"),
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for ((at, text), got) in expected.iter().zip(&found) {
        assert!(got.starts_with(at) && got.contains(text), "{got}\nexpected {at} {text}");
    }
    // A projection over a topic that keeps no log, and a backup of a stateless group.
    let no_log = source("1h", "", "Crash").replace(r#", retention: Some("1h")"#, "");
    let found = common::diagnostics(&no_log);
    assert!(
        found.iter().any(|d| d.contains(
            "consumers[projection].state: is rebuilt by replaying the log of topic `events`, which keeps none"
        )),
        "{found:#?}"
    );
    let stateless = source("1h", r#", backup: Some(Backup(every: "1m"))"#, "Crash")
        .replace("state: Some(Projection(snapshot_every: 300, rebuild_per_second: 200.0))", "idempotent: false");
    let found = common::diagnostics(&stateless);
    assert!(found.iter().any(|d| d.contains("consumers[projection].backup: needs the group's `state`")), "{found:#?}");
}

/// `run --json` carries the group's state figures and each incident's RTO and RPO (the
/// disk-loss case above: RTO = the supervisor's 1 s + 1 s, RPO 101 events, 1.005 s).
#[test]
fn run_json_reports_state_figures_and_rto_rpo() {
    let path = std::env::temp_dir().join(format!("faultline-state-json-{}.ron", std::process::id()));
    let src = source("1h", r#", backup: Some(Backup(every: "3s"))"#, "DiskLoss");
    std::fs::write(&path, src).unwrap_or_else(|e| panic!("{e}"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["run", "--json", "--quiet"])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_file(&path);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let state = &report["groups"]["projection"]["state"];
    assert_eq!(state["snapshot_every"], 300);
    assert_eq!(state["lost_with_disk"], 101);
    assert_eq!(state["rebuilds"], 1);
    let incident = &report["incidents"][0];
    assert_eq!(incident["kind"], "disk_loss");
    assert_eq!(incident["state"]["rto_s"], 2.0);
    assert_eq!(incident["state"]["rpo_events"], 101);
    assert!((incident["state"]["rpo_s"].as_f64().unwrap_or(0.0) - 1.005).abs() < 1e-12);
    assert_eq!(incident["state"]["disk_lost"], true);
}

/// Deterministic: the run with a rebuild, a retention gap and a disk loss is the same in
/// one call and in 3000 slices of 10 ms.
#[test]
fn stateful_runs_are_the_same_in_one_go_and_in_slices() {
    for (retention, extra, kind) in
        [("2.5s", "", "Crash"), ("1h", r#", backup: Some(Backup(every: "3s"))"#, "DiskLoss")]
    {
        let src = source(retention, extra, kind);
        let whole = run_to(&src, 30.0);
        let mut sliced = Simulation::new(&scenario(&src)).expect("builds");
        for k in 1..=3000u64 {
            sliced.step_until(SimTime(k * 10_000_000));
        }
        assert_eq!(common::fingerprint(&whole), common::fingerprint(&sliced));
        assert_eq!(format!("{:?}", whole.status().incidents), format!("{:?}", sliced.status().incidents));
    }
}
