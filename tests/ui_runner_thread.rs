//! The runner on its own thread: snapshots arrive without the caller waiting on the
//! engine, the newest wins, the repaint callback fires, and dropping the handle stops it.
//! (Wall time is involved here by nature; the test only polls, with a generous deadline.)

use faultline::ui::runner::{Control, Runner, RunnerThread};
use faultline::ui::snapshot::{Snapshot, Speed};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn wait_for(thread: &RunnerThread, what: &str, done: impl Fn(&Snapshot) -> bool) -> Arc<Snapshot> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(s) = thread.latest()
            && done(&s)
        {
            return s;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::yield_now();
    }
}

#[test]
fn the_thread_publishes_snapshots_and_runs_to_the_end_at_max_speed() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/mmc.ron");
    let runner = Runner::open(Some(path));
    let repaints = Arc::new(AtomicUsize::new(0));
    let counter = repaints.clone();
    let thread = RunnerThread::spawn(runner, move || {
        counter.fetch_add(1, Ordering::Relaxed);
    })
    .unwrap_or_else(|e| panic!("{e}"));

    // Loading a file starts it playing; slow it right down, then let it race.
    thread.send(Control::Pause);
    let paused = wait_for(&thread, "the pause", |s| !s.playback.playing);
    assert_eq!(paused.scenario.name, "M/M/c reference");
    thread.send(Control::SetSpeed(Speed::Max));
    thread.send(Control::Play);
    let done = wait_for(&thread, "the end of the run", |s| s.playback.finished);
    assert_eq!(done.now, done.end);
    assert!(!done.playback.playing);
    assert!(done.ledger.balances());
    assert!(done.ledger.processed > 900_000, "120 s at 8000/s: {}", done.ledger.processed);
    assert!(repaints.load(Ordering::Relaxed) >= 3, "each snapshot asks for a repaint");
    // Dropping the handle joins the thread (the test would hang otherwise).
    drop(thread);
}
