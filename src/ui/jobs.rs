//! Background jobs of the what-if panels (fork comparisons, sweeps): each runs on its own
//! thread (the experiment room spreads replications over rayon's pool), reports progress
//! through the experiment `Control` (runs finished, cancel), and hands back its result
//! over a channel. The UI polls once a frame and never waits.

use crate::experiment::Control;
use crate::i18n::{Lang, say};
use crossbeam_channel::{Receiver, TryRecvError};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// A job's state as the UI sees it.
pub enum JobState<'a, T, E> {
    Running { done: u64, total: u64 },
    Finished(&'a T),
    Failed(&'a E),
}

/// Why a job ended without its work's own answer.
#[derive(Debug)]
pub enum JobError {
    /// The operating system's words for it stay as it gives them.
    Spawn(std::io::Error),
    /// The thread ended without sending a result (its work panicked).
    Vanished,
}

impl JobError {
    /// The failure in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            JobError::Spawn(e) => say(lang, "whatif-error-job-spawn", &[("error", e.to_string().into())]),
            JobError::Vanished => say(lang, "whatif-error-job-vanished", &[]),
        }
    }
}

crate::i18n::english_display!(JobError);

impl std::error::Error for JobError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            JobError::Spawn(e) => Some(e),
            JobError::Vanished => None,
        }
    }
}

/// One background job producing a `T`, or failing with an `E` (its work's error, which
/// can also say why the job itself failed).
pub struct Job<T, E> {
    control: Arc<Control>,
    total: u64,
    started: Instant,
    rx: Receiver<Result<T, E>>,
    outcome: Option<Result<T, E>>,
    took: Option<Duration>,
}

impl<T: Send + 'static, E: From<JobError> + Send + 'static> Job<T, E> {
    /// Starts `work` on a new thread; `total` is the number of runs it will report done.
    /// `wake` is called when it finishes (the app passes egui's repaint request).
    pub fn spawn(
        total: u64,
        wake: impl Fn() + Send + 'static,
        work: impl FnOnce(&Control) -> Result<T, E> + Send + 'static,
    ) -> Job<T, E> {
        let control = Arc::new(Control::default());
        let (tx, rx) = crossbeam_channel::bounded(1);
        let shared = control.clone();
        let spawned = std::thread::Builder::new().name("faultline-job".into()).spawn(move || {
            let result = work(&shared);
            let _ = tx.send(result);
            wake();
        });
        let outcome = spawned.err().map(|e| Err(JobError::Spawn(e).into()));
        Job { control, total, started: Instant::now(), rx, outcome, took: None }
    }
}

impl<T, E: From<JobError>> Job<T, E> {
    /// Collects the result if it has arrived.
    pub fn poll(&mut self) -> JobState<'_, T, E> {
        if self.outcome.is_none() {
            match self.rx.try_recv() {
                Ok(result) => {
                    self.outcome = Some(result);
                    self.took = Some(self.started.elapsed());
                }
                Err(TryRecvError::Disconnected) => {
                    self.outcome = Some(Err(JobError::Vanished.into()));
                }
                Err(TryRecvError::Empty) => {}
            }
        }
        match &self.outcome {
            None => JobState::Running { done: self.control.done().min(self.total), total: self.total },
            Some(Ok(value)) => JobState::Finished(value),
            Some(Err(why)) => JobState::Failed(why),
        }
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.poll(), JobState::Running { .. })
    }

    /// Asks the job to stop at its next run boundary (it then fails with "cancelled").
    pub fn cancel(&self) {
        self.control.cancel.store(true, Ordering::Relaxed);
    }

    /// Wall time from start to result.
    pub fn took(&self) -> Option<Duration> {
        self.took
    }

    /// Takes the result out (the job is spent).
    pub fn into_result(mut self) -> Option<Result<T, E>> {
        let _ = self.poll();
        self.outcome
    }
}

/// Draws a job's progress bar with a Cancel button; true when Cancel was clicked.
pub fn progress_ui(ui: &mut egui::Ui, done: u64, total: u64, what: &str) -> bool {
    let fraction = if total == 0 { 0.0 } else { done as f32 / total as f32 };
    ui.ctx().request_repaint_after(Duration::from_millis(100));
    let mut cancel = false;
    ui.horizontal(|ui| {
        ui.add(
            egui::ProgressBar::new(fraction)
                .text(crate::i18n::tr_args(
                    "jobs-progress",
                    &[("what", what.to_string().into()), ("done", done.into()), ("total", total.into())],
                ))
                .desired_width(ui.available_width() - 90.0),
        );
        cancel = ui.button(crate::i18n::tr("jobs-cancel")).on_hover_text(crate::i18n::tr("jobs-cancel-help")).clicked();
    });
    cancel
}
