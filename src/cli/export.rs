//! Files a run can be exported to alongside its summary: a report (.html/.md), its series
//! (.csv/.json) and its summary (.csv/.json).

use super::EXIT_INVALID_INPUT;
use crate::engine::Simulation;
use crate::export::{self, Format, RunDocument};
use crate::report::RunReport;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Export options of `run` and `replay`.
#[derive(Debug, Default, clap::Args)]
pub struct ExportArgs {
    /// Write a self-contained report of the run: FILE.html or FILE.md.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Write every plotted series: FILE.csv or FILE.json.
    #[arg(long, value_name = "FILE")]
    series: Option<PathBuf>,
    /// Write the run summary (the `--json` object): FILE.json, or FILE.csv as path,value rows.
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,
}

pub fn write_run_exports(sim: &Simulation, report: &RunReport, args: &ExportArgs) -> Result<(), ExitCode> {
    if let Some(path) = &args.report {
        let format = expect_format(path, &[Format::Html, Format::Markdown])?;
        write(path, &RunDocument::of_run(sim, report).render(format))?;
    }
    if let Some(path) = &args.series {
        let text = match expect_format(path, &[Format::Csv, Format::Json])? {
            Format::Csv => export::series_csv(sim.history()),
            _ => pretty(&export::series_json(sim.history())),
        };
        write(path, &text)?;
    }
    if let Some(path) = &args.summary {
        let value = serde_json::to_value(report).expect("a run report is plain data and always encodes");
        let text = match expect_format(path, &[Format::Csv, Format::Json])? {
            Format::Csv => export::flat_csv(&value),
            _ => pretty(&value),
        };
        write(path, &text)?;
    }
    Ok(())
}

/// The format `path` asks for, if it is one of `allowed`.
pub fn expect_format(path: &Path, allowed: &[Format]) -> Result<Format, ExitCode> {
    match Format::of(path) {
        Some(f) if allowed.contains(&f) => Ok(f),
        _ => {
            let names: Vec<&str> = allowed
                .iter()
                .map(|f| match f {
                    Format::Csv => ".csv",
                    Format::Json => ".json",
                    Format::Html => ".html",
                    Format::Markdown => ".md",
                })
                .collect();
            eprintln!("{}: expected a file ending in {}", path.display(), names.join(" or "));
            Err(ExitCode::from(EXIT_INVALID_INPUT))
        }
    }
}

pub fn write(path: &Path, text: &str) -> Result<(), ExitCode> {
    std::fs::write(path, text).map_err(|e| {
        eprintln!("{}: could not write: {e}", path.display());
        ExitCode::FAILURE
    })
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).expect("JSON values always encode") + "\n"
}
