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

/// Formats of a report: a page, or Markdown.
pub const REPORT_FORMATS: &[Format] = &[Format::Html, Format::Markdown];
/// Formats of data: a table, or JSON.
const DATA_FORMATS: &[Format] = &[Format::Csv, Format::Json];

/// One file a command will write: the option that names it, its path, the formats it may
/// have.
pub struct Output<'a> {
    pub option: &'static str,
    pub path: &'a Path,
    pub formats: &'static [Format],
}

impl ExportArgs {
    /// The files asked for.
    pub fn outputs(&self) -> Vec<Output<'_>> {
        [
            ("--report", &self.report, REPORT_FORMATS),
            ("--series", &self.series, DATA_FORMATS),
            ("--summary", &self.summary, DATA_FORMATS),
        ]
        .into_iter()
        .filter_map(|(option, path, formats)| path.as_deref().map(|path| Output { option, path, formats }))
        .collect()
    }
}

/// Checks every file a command will write before anything runs, so that a long run never
/// ends in "could not write": each has a format it may have, is not one of the `inputs`
/// (a report written over the scenario it reports on would destroy it), is not another
/// output's file, and can be written — its directory exists and the file can be created
/// there or opened for writing. Files are compared as the file system resolves them
/// where they exist (symbolic links, `./`, `..`, hard links), and by their directory's
/// resolved path and their name where they do not yet.
pub fn check_outputs(inputs: &[&Path], outputs: &[Output]) -> Result<(), ExitCode> {
    let refuse = |output: &Output, why: OutputError| {
        eprintln!("error: {} {}: {why}", output.option, output.path.display());
        ExitCode::from(EXIT_INVALID_INPUT)
    };
    for (i, output) in outputs.iter().enumerate() {
        if !matches!(Format::of(output.path), Some(f) if output.formats.contains(&f)) {
            return Err(refuse(output, OutputError::Format(extensions(output.formats))));
        }
        if let Some(input) = inputs.iter().find(|input| same_file(input, output.path)) {
            return Err(refuse(output, OutputError::IsInput(input.to_path_buf())));
        }
        if let Some(earlier) = outputs[..i].iter().find(|earlier| same_file(earlier.path, output.path)) {
            return Err(refuse(
                output,
                OutputError::SameAs { option: earlier.option, path: earlier.path.to_path_buf() },
            ));
        }
        writable(output.path).map_err(|why| refuse(output, why))?;
    }
    Ok(())
}

/// Why an output file is refused before the run (printed after the option and the path).
#[derive(Debug, thiserror::Error)]
enum OutputError {
    /// The extensions it may have, "`.csv` or `.json`".
    #[error("expected a file ending in {0}")]
    Format(String),
    #[error("that is the input file {}; writing it would destroy it", .0.display())]
    IsInput(PathBuf),
    #[error("the same file as {option} {}; give each output its own file", .path.display())]
    SameAs { option: &'static str, path: PathBuf },
    #[error("that is a directory")]
    Directory,
    #[error("the directory {} does not exist", .0.display())]
    NoDirectory(PathBuf),
    /// The I/O error in words (see `io_reason`).
    #[error("cannot write there: {0}")]
    NotWritable(String),
}

fn extensions(formats: &[Format]) -> String {
    let names: Vec<&str> = formats
        .iter()
        .map(|f| match f {
            Format::Csv => ".csv",
            Format::Json => ".json",
            Format::Html => ".html",
            Format::Markdown => ".md",
        })
        .collect();
    names.join(" or ")
}

/// Whether two paths name one file: the same file on disk where both exist, otherwise
/// the same resolved path (see [`check_outputs`]).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return (a.dev(), a.ino()) == (b.dev(), b.ino());
        }
    }
    resolved(a) == resolved(b)
}

/// The path the file system resolves `path` to; for a file not yet there, its directory
/// resolved and its name; failing that, the path made absolute.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    if let Some(name) = path.file_name()
        && let Ok(dir) = directory(path).canonicalize()
    {
        return dir.join(name);
    }
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The directory a file is (to be) written in; `.` for a bare file name.
fn directory(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Whether `path` can be written, without changing it: an existing file is opened for
/// writing (not truncated); a new one is created and removed again, which tries exactly
/// what the write will do (permissions, a read-only file system, a full directory).
fn writable(path: &Path) -> Result<(), OutputError> {
    if path.is_dir() {
        return Err(OutputError::Directory);
    }
    let dir = directory(path);
    if !dir.is_dir() {
        return Err(OutputError::NoDirectory(dir.to_path_buf()));
    }
    let reason = |e: std::io::Error| OutputError::NotWritable(io_reason(&e));
    if path.exists() {
        std::fs::OpenOptions::new().write(true).open(path).map(drop).map_err(reason)
    } else {
        std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(reason)?;
        std::fs::remove_file(path).map_err(reason)
    }
}

/// An I/O error in words, without the OS error number.
fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".to_string(),
        _ => {
            let text = error.to_string();
            text.find(" (os error").map_or(text.clone(), |cut| text[..cut].to_string()).to_lowercase()
        }
    }
}

/// Writes the files asked for (checked before the run by [`check_outputs`]).
pub fn write_run_exports(sim: &Simulation, report: &RunReport, args: &ExportArgs) -> Result<(), ExitCode> {
    if let Some(path) = &args.report {
        let format = expect_format(path, REPORT_FORMATS)?;
        write(path, &RunDocument::of_run(sim, report).render(format))?;
    }
    if let Some(path) = &args.series {
        let text = match expect_format(path, DATA_FORMATS)? {
            Format::Csv => export::series_csv(sim.history()),
            _ => pretty(&export::series_json(sim.history())),
        };
        write(path, &text)?;
    }
    if let Some(path) = &args.summary {
        let value = serde_json::to_value(report).expect("a run report is plain data and always encodes");
        let text = match expect_format(path, DATA_FORMATS)? {
            Format::Csv => export::flat_csv(&value),
            _ => pretty(&value),
        };
        write(path, &text)?;
    }
    Ok(())
}

/// The format `path` asks for, if it is one of `allowed` ([`check_outputs`] has said so
/// before the run; this is the same answer).
pub fn expect_format(path: &Path, allowed: &[Format]) -> Result<Format, ExitCode> {
    match Format::of(path) {
        Some(f) if allowed.contains(&f) => Ok(f),
        _ => {
            eprintln!("error: {}: expected a file ending in {}", path.display(), extensions(allowed));
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
