//! The dashboard room: the egui application.

pub mod decimate;
pub mod format;
pub mod runner;
pub mod scenario_text;
pub mod snapshot;

use std::path::PathBuf;
use std::process::ExitCode;

/// Opens the dashboard window on `file`, or on the built-in default scenario.
pub fn run(_file: Option<PathBuf>) -> ExitCode {
    eprintln!("the dashboard is not built yet; use `faultline run FILE` or `faultline check FILE`");
    ExitCode::from(2)
}
