//! File dialogs and file writes, off the UI thread on a small tokio runtime.
//!
//! A native dialog can take seconds (or forever, while the user thinks); the window
//! must keep painting meanwhile, so each dialog runs as a task and reports back over a
//! channel, then wakes the UI.

use crate::i18n::tr;
use crossbeam_channel::{Receiver, Sender};
use std::path::PathBuf;

/// What a finished dialog job reports.
#[derive(Clone, Debug, PartialEq)]
pub enum DialogOutcome {
    /// The user picked a scenario to open.
    Open(PathBuf),
    /// The scenario was written to this file.
    Saved(PathBuf),
    /// Writing failed; the message says why.
    SaveFailed(String),
    /// The user closed the dialog.
    Cancelled,
    /// No dialog appeared: it came back empty at once (no desktop portal, no zenity).
    Unavailable,
}

/// A dialog answered faster than this was never shown to a person.
const TOO_FAST_FOR_A_PERSON: std::time::Duration = std::time::Duration::from_millis(400);

/// `Cancelled`, or `Unavailable` if the dialog came back too fast to have been seen.
fn nothing_chosen(opened: std::time::Instant) -> DialogOutcome {
    if opened.elapsed() < TOO_FAST_FOR_A_PERSON { DialogOutcome::Unavailable } else { DialogOutcome::Cancelled }
}

/// Runs dialogs; at most one at a time (a second click while one is open is ignored).
pub struct Dialogs {
    runtime: Option<tokio::runtime::Runtime>,
    tx: Sender<DialogOutcome>,
    rx: Receiver<DialogOutcome>,
    open: bool,
}

impl Dialogs {
    /// With a runtime for real dialogs. If the runtime cannot start, dialogs are
    /// unavailable (drag and drop and recent files still work).
    pub fn new() -> Dialogs {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("faultline-jobs")
            .enable_all()
            .build()
            .ok();
        Dialogs::with_runtime(runtime)
    }

    /// Without dialogs (tests: nothing may pop up).
    pub fn disabled() -> Dialogs {
        Dialogs::with_runtime(None)
    }

    fn with_runtime(runtime: Option<tokio::runtime::Runtime>) -> Dialogs {
        let (tx, rx) = crossbeam_channel::unbounded();
        Dialogs { runtime, tx, rx, open: false }
    }

    pub fn is_available(&self) -> bool {
        self.runtime.is_some()
    }

    /// Asks for a scenario file to open.
    pub fn pick_scenario(&mut self, ctx: &egui::Context, start_dir: Option<PathBuf>) {
        let Some(runtime) = self.runtime.as_ref().filter(|_| !self.open) else { return };
        self.open = true;
        let (tx, ctx) = (self.tx.clone(), ctx.clone());
        // Worded here: the dialog's thread has no language of its own.
        let (title, filter) = (tr("dialog-open-scenario"), tr("dialog-scenario-files"));
        runtime.spawn(async move {
            let opened = std::time::Instant::now();
            let mut dialog = rfd::AsyncFileDialog::new().set_title(title).add_filter(filter, &["ron"]);
            if let Some(dir) = start_dir {
                dialog = dialog.set_directory(dir);
            }
            let outcome = match dialog.pick_file().await {
                Some(file) => DialogOutcome::Open(file.path().to_path_buf()),
                None => nothing_chosen(opened),
            };
            let _ = tx.send(outcome);
            ctx.request_repaint();
        });
    }

    /// Asks where to save `text`, then writes it there.
    pub fn save_scenario(&mut self, ctx: &egui::Context, text: String, file_name: String) {
        let Some(runtime) = self.runtime.as_ref().filter(|_| !self.open) else { return };
        self.open = true;
        let (tx, ctx) = (self.tx.clone(), ctx.clone());
        let (title, filter) = (tr("dialog-save-scenario"), tr("dialog-scenario-files"));
        runtime.spawn(async move {
            let opened = std::time::Instant::now();
            let dialog =
                rfd::AsyncFileDialog::new().set_title(title).add_filter(filter, &["ron"]).set_file_name(file_name);
            let outcome = match dialog.save_file().await {
                Some(file) => {
                    let path = file.path().to_path_buf();
                    match std::fs::write(&path, text) {
                        Ok(()) => DialogOutcome::Saved(path),
                        Err(e) => DialogOutcome::SaveFailed(format!("{}: {e}", path.display())),
                    }
                }
                None => nothing_chosen(opened),
            };
            let _ = tx.send(outcome);
            ctx.request_repaint();
        });
    }

    /// Asks where to save a file (`extensions` offered, the first the default), then
    /// writes what `make` produces for the chosen path — made on the dialog's thread, so
    /// a large export never holds up a frame.
    pub fn save_with(
        &mut self,
        ctx: &egui::Context,
        title: &str,
        extensions: &[&str],
        file_name: String,
        make: impl FnOnce(&std::path::Path) -> Result<Vec<u8>, SaveError> + Send + 'static,
    ) {
        let Some(runtime) = self.runtime.as_ref().filter(|_| !self.open) else { return };
        self.open = true;
        let (tx, ctx) = (self.tx.clone(), ctx.clone());
        let title = title.to_string();
        let extensions: Vec<String> = extensions.iter().map(|e| e.to_string()).collect();
        runtime.spawn(async move {
            let opened = std::time::Instant::now();
            let mut dialog = rfd::AsyncFileDialog::new().set_title(&title).set_file_name(file_name);
            for ext in &extensions {
                dialog = dialog.add_filter(ext.to_uppercase(), &[ext.as_str()]);
            }
            let outcome = match dialog.save_file().await {
                Some(file) => {
                    let path = file.path().to_path_buf();
                    let written = tokio::task::spawn_blocking({
                        let path = path.clone();
                        move || make(&path).and_then(|bytes| Ok(std::fs::write(&path, bytes)?))
                    })
                    .await
                    .unwrap_or_else(|e| Err(SaveError::Stopped(e)));
                    match written {
                        Ok(()) => DialogOutcome::Saved(path),
                        Err(e) => DialogOutcome::SaveFailed(format!("{}: {e}", path.display())),
                    }
                }
                None => nothing_chosen(opened),
            };
            let _ = tx.send(outcome);
            ctx.request_repaint();
        });
    }

    /// Outcomes of finished dialogs.
    pub fn poll(&mut self) -> Vec<DialogOutcome> {
        let outcomes: Vec<_> = self.rx.try_iter().collect();
        if !outcomes.is_empty() {
            self.open = false;
        }
        outcomes
    }
}

/// Why a file chosen in a save dialog was not written (shown after its path).
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Encode(#[from] png::EncodingError),
    #[error(transparent)]
    Write(#[from] std::io::Error),
    #[error(transparent)]
    Handout(#[from] crate::export::HandoutError),
    /// The thread making and writing the file ended without an answer (it panicked).
    #[error("{0}")]
    Stopped(tokio::task::JoinError),
}

impl Default for Dialogs {
    fn default() -> Self {
        Dialogs::new()
    }
}
