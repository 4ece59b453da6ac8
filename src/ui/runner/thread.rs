//! The runner on its own thread, and the link the app talks to it through.
//!
//! Controls go in over an unbounded channel (they are few and must not be lost).
//! Snapshots come out through a channel of capacity one where the newest wins: the
//! runner takes back a snapshot the UI has not collected before sending a newer one, so
//! the UI never reads stale state and never waits.

use super::{Budget, Control, Runner};
use crate::ui::snapshot::Snapshot;
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// One tick of the runner: about a display frame.
const TICK: Duration = Duration::from_millis(16);
/// Compute allowed per tick, at most: the rest is left for building the snapshot and for
/// controls, so a "max" run never delays a pause by more than a tick.
const MAX_COMPUTE_PER_TICK: Duration = Duration::from_millis(13);
/// Compute allowed per tick when the UI cannot keep up.
const MIN_COMPUTE_PER_TICK: Duration = Duration::from_millis(4);

/// The engine's share of each tick, adapted to the UI: a snapshot still uncollected when
/// the next one is published means the UI fell behind (on a machine with few cores the
/// engine competes with it for CPU). When more than one publish in eight went
/// uncollected over the last 32, the engine backs off multiplicatively; while the UI
/// keeps up, it creeps back (AIMD, as TCP does). A display slightly slower than the tick
/// rate misses one in twenty-five or so, which does not count as falling behind.
struct ComputeBudget {
    per_tick: Duration,
    /// The last 32 publishes, newest in bit 0: 1 = the previous snapshot was uncollected.
    missed: u32,
    seen: u32,
}

impl ComputeBudget {
    fn new() -> ComputeBudget {
        ComputeBudget { per_tick: MAX_COMPUTE_PER_TICK, missed: 0, seen: 0 }
    }

    fn adapt(&mut self, ui_kept_up: bool) {
        self.missed = (self.missed << 1) | u32::from(!ui_kept_up);
        self.seen = (self.seen + 1).min(32);
        if self.seen < 32 {
            return;
        }
        let misses = self.missed.count_ones();
        if misses > 4 {
            self.per_tick = self.per_tick.mul_f64(0.8).max(MIN_COMPUTE_PER_TICK);
            // Judge the new share on fresh evidence.
            self.missed = 0;
            self.seen = 0;
        } else if misses <= 1 {
            self.per_tick = (self.per_tick + Duration::from_micros(250)).min(MAX_COMPUTE_PER_TICK);
        }
    }
}

/// Handle to a runner thread; dropping it stops the thread.
pub struct RunnerThread {
    controls: Option<Sender<Control>>,
    snapshots: Receiver<Arc<Snapshot>>,
    handle: Option<JoinHandle<()>>,
}

impl RunnerThread {
    /// Starts `runner` on a thread; `on_publish` is called after each new snapshot
    /// (the app passes egui's `request_repaint`).
    pub fn spawn(runner: Runner, on_publish: impl Fn() + Send + 'static) -> std::io::Result<RunnerThread> {
        let (control_tx, control_rx) = crossbeam_channel::unbounded();
        let (snapshot_tx, snapshot_rx) = crossbeam_channel::bounded(1);
        let take_back = snapshot_rx.clone();
        let handle = std::thread::Builder::new().name("faultline-runner".into()).spawn(move || {
            run(runner, &control_rx, &Publisher { tx: snapshot_tx, take_back, notify: Box::new(on_publish) })
        })?;
        Ok(RunnerThread { controls: Some(control_tx), snapshots: snapshot_rx, handle: Some(handle) })
    }

    pub fn send(&self, control: Control) {
        if let Some(tx) = &self.controls {
            // Only fails if the thread has gone, and then there is nobody to tell.
            let _ = tx.send(control);
        }
    }

    /// The newest snapshot published since the last call, if any. Never blocks.
    pub fn latest(&self) -> Option<Arc<Snapshot>> {
        self.snapshots.try_iter().last()
    }
}

impl Drop for RunnerThread {
    fn drop(&mut self) {
        // Closing the control channel tells the thread to finish its tick and stop.
        self.controls = None;
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

struct Publisher {
    tx: Sender<Arc<Snapshot>>,
    take_back: Receiver<Arc<Snapshot>>,
    notify: Box<dyn Fn() + Send>,
}

impl Publisher {
    /// Publishes a new snapshot; returns whether the UI had collected the previous one.
    fn publish(&self, runner: &mut Runner) -> bool {
        let snapshot = Arc::new(runner.snapshot());
        // Newest wins: withdraw an uncollected snapshot so the send cannot block.
        let collected = self.take_back.try_recv().is_err();
        let _ = self.tx.try_send(snapshot);
        (self.notify)();
        collected
    }
}

fn run(mut runner: Runner, controls: &Receiver<Control>, publisher: &Publisher) {
    publisher.publish(&mut runner);
    let mut budget = ComputeBudget::new();
    let mut last_tick = Instant::now();
    let mut next_tick = last_tick;
    loop {
        let was_playing = runner.is_playing();
        // Paused: sleep until a control arrives. Playing: until the next tick.
        let first = if was_playing {
            match controls.recv_deadline(next_tick) {
                Ok(c) => Some(c),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        } else {
            match controls.recv() {
                Ok(c) => Some(c),
                Err(_) => return,
            }
        };
        if let Some(control) = first {
            runner.handle(control);
            loop {
                match controls.try_recv() {
                    Ok(c) => runner.handle(c),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => return,
                }
            }
        }
        let now = Instant::now();
        if runner.is_playing() && !was_playing {
            // Time spent paused is not owed to the simulation.
            last_tick = now;
            next_tick = now;
        }
        if runner.is_playing() && now >= next_tick {
            runner.advance(now - last_tick, Budget::Until(now + budget.per_tick));
            last_tick = now;
            next_tick = now + TICK;
        }
        if runner.has_changes() {
            let ui_kept_up = publisher.publish(&mut runner);
            budget.adapt(ui_kept_up);
        }
    }
}

/// How the app reaches its runner: a thread in the real app, inline in tests.
pub enum RunnerLink {
    Thread(RunnerThread),
    /// The runner advanced synchronously by a fixed wall time per UI frame, so that a
    /// test sees the same virtual times on every run.
    Inline {
        runner: Box<Runner>,
        frame: Duration,
    },
}

impl RunnerLink {
    pub fn inline(runner: Runner, frame: Duration) -> RunnerLink {
        RunnerLink::Inline { runner: Box::new(runner), frame }
    }

    pub fn send(&mut self, control: Control) {
        match self {
            RunnerLink::Thread(thread) => thread.send(control),
            RunnerLink::Inline { runner, .. } => runner.handle(control),
        }
    }

    /// The newest snapshot, if there is a new one. Inline: advances one frame first.
    pub fn latest(&mut self) -> Option<Arc<Snapshot>> {
        match self {
            RunnerLink::Thread(thread) => thread.latest(),
            RunnerLink::Inline { runner, frame } => {
                runner.advance(*frame, Budget::Unlimited);
                runner.has_changes().then(|| Arc::new(runner.snapshot()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engine_backs_off_when_the_ui_falls_behind_and_recovers() {
        let mut budget = ComputeBudget::new();
        // A UI at half the tick rate misses every other snapshot.
        for i in 0..2000 {
            budget.adapt(i % 2 == 0);
        }
        assert_eq!(budget.per_tick, MIN_COMPUTE_PER_TICK);
        // A display a little slower than the tick rate (one miss in 25) is keeping up.
        for i in 0..2000 {
            budget.adapt(i % 25 != 0);
        }
        assert_eq!(budget.per_tick, MAX_COMPUTE_PER_TICK);
    }
}
