//! The scenario room: the file format ([`model`]), reading it with located errors,
//! validating it, and writing it back.
//!
//! - [`load_file`] and [`parse_str`] parse AND validate; every problem comes back as a
//!   [`Diagnostic`] with file, line, column and field path inside one [`ScenarioError`].
//! - [`to_ron_string`] writes a scenario in the same format (the GUI's save).
//! - [`validate()`] checks a scenario built in code, locating problems in its written form.
//!
//! The format is documented for users in `docs/scenario-format.md`.

pub mod challenge;
pub mod change;
pub mod distribution;
pub mod dotted;
mod error;
pub mod fault_rules;
pub mod limits;
pub mod locate;
#[cfg(test)]
mod message_coverage;
pub mod model;
mod parse;
mod samples;
pub(crate) use parse::{diagnose, normalise};
pub mod path;
pub mod teaching;
pub mod validate;
pub mod wiring;
mod write;

pub use error::{Diagnostic, ScenarioError, closest, did_you_mean};
/// A message of the validator's (or a live change's refusal) in `lang`, where a `scenario-msg-*` template recognises its English.
pub(crate) use error::{translate as translate_message, with_help as message_with_help};
pub use fault_rules::TargetKind;
pub use model::*;
pub use teaching::*;
pub use write::to_ron_string;

use locate::Locator;
use std::io::Read;

pub use limits::{MAX_DIAGNOSTICS, MAX_FILE_BYTES};

/// Reads, parses and validates a scenario file. A file that cannot be read (missing, a
/// directory, too large, not UTF-8) is a diagnostic like any other.
pub fn load_file(path: &std::path::Path) -> Result<Scenario, ScenarioError> {
    load_file_with_text(path).map(|(scenario, _)| scenario)
}

/// [`load_file`], also returning the text read (to locate problems found later, e.g. by
/// `crate::curriculum` against a running engine).
pub fn load_file_with_text(path: &std::path::Path) -> Result<(Scenario, String), ScenarioError> {
    let origin = path.display().to_string();
    let text = read_text(path, &origin)?;
    let dir = path.parent().unwrap_or(std::path::Path::new(""));
    parse_text(&text, &origin, Some(dir)).map(|scenario| (scenario, text))
}

/// Parses and validates scenario text; `origin` names it in diagnostics (a file path, or
/// something like `"<editor>"`). Text without a file has nothing beside it to read a CSV of
/// samples from: an `Empirical(csv: ..)` in it is refused (see [`load_file`]).
pub fn parse_str(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
    parse_text(text, origin, None)
}

/// [`parse_str`], reading CSVs of samples from `dir` when there is one.
fn parse_text(text: &str, origin: &str, dir: Option<&std::path::Path>) -> Result<Scenario, ScenarioError> {
    // A byte-order mark and old Mac line endings, made readable to ron (see `normalise`).
    let normalised = parse::normalise(text);
    let text = normalised.as_ref();
    let mut scenario =
        parse::from_ron(text).map_err(|e| ScenarioError { diagnostics: vec![parse::diagnose(&e, text, origin)] })?;
    if let Some(dir) = dir {
        let errors = samples::read_csv_samples(&mut scenario, dir);
        if !errors.is_empty() {
            let mut located = located(&errors.in_scenario, text, origin).diagnostics;
            located.extend(errors.in_csv);
            located.truncate(MAX_DIAGNOSTICS);
            return Err(ScenarioError { diagnostics: located });
        }
    }
    let problems = validate::validate(&scenario);
    if problems.is_empty() { Ok(scenario) } else { Err(located(&problems, text, origin)) }
}

/// Validates a scenario built or changed in code. Problems are located in the text
/// [`to_ron_string`] writes for it, which is what a saved copy would contain.
pub fn validate(scenario: &Scenario, origin: &str) -> Result<(), ScenarioError> {
    let problems = validate::validate(scenario);
    if problems.is_empty() {
        return Ok(());
    }
    Err(located(&problems, &to_ron_string(scenario), origin))
}

/// Problems found outside validation (e.g. by `crate::curriculum` against a running
/// engine), located in `text` like validation's own.
pub fn locate_problems(problems: &validate::Problems, text: &str, origin: &str) -> ScenarioError {
    // The same text `parse_str` located its own problems in, so both agree on positions.
    located(problems, &parse::normalise(text), origin)
}

fn located(problems: &validate::Problems, text: &str, origin: &str) -> ScenarioError {
    let locator = Locator::new(text);
    // File order, as compilers report; ties keep the validator's order (stable sort). Sorting
    // by byte offset first keeps the line:column work to the diagnostics actually shown.
    let mut by_offset: Vec<(usize, &validate::Problem)> =
        problems.list.iter().map(|p| (locator.locate_offset(&p.path), p)).collect();
    by_offset.sort_by_key(|(offset, _)| *offset);
    let more = (by_offset.len() + problems.unrecorded).saturating_sub(MAX_DIAGNOSTICS - 1);
    let shown = if more > 1 { MAX_DIAGNOSTICS - 1 } else { by_offset.len() };
    let kept = (if more > 1 { shown + 1 } else { shown }).min(by_offset.len());
    let offsets: Vec<usize> = by_offset[..kept].iter().map(|(offset, _)| *offset).collect();
    let positions = locator.positions_sorted(&offsets);
    let diagnostics = by_offset[..kept]
        .iter()
        .zip(positions)
        .enumerate()
        .map(|(i, ((_, p), position))| {
            let (path, message, help) = if i < shown {
                (p.path.to_string(), p.message.clone(), p.help.clone())
            } else {
                (String::new(), format!("and {more} more problems, from here on (fix these first)"), None)
            };
            Diagnostic { origin: origin.to_string(), line: position.line, column: position.column, path, message, help }
        })
        .collect();
    ScenarioError { diagnostics }
}

fn read_text(path: &std::path::Path, origin: &str) -> Result<String, ScenarioError> {
    let whole_file = |message: String| ScenarioError {
        diagnostics: vec![Diagnostic {
            origin: origin.to_string(),
            line: 1,
            column: 1,
            path: String::new(),
            message,
            help: None,
        }],
    };
    let file = std::fs::File::open(path).map_err(|e| whole_file(format!("cannot open the file: {}", io_reason(&e))))?;
    let mut bytes = Vec::new();
    // `take` bounds the read even for endless files such as /dev/zero.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| whole_file(format!("cannot read the file: {}", io_reason(&e))))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(whole_file(format!(
            "the file is larger than {} MiB; scenarios are small text files",
            MAX_FILE_BYTES >> 20
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        // Positions as `parse_str` gives them (line breaks of every kind, no byte-order mark).
        let prefix = parse::normalise(prefix);
        let locator = Locator::new(&prefix);
        let position = locator.position(prefix.len());
        ScenarioError {
            diagnostics: vec![Diagnostic {
                origin: origin.to_string(),
                line: position.line,
                column: position.column,
                // Just before the bad byte: inside the string it interrupts, if it does.
                path: locator.path_at(prefix.len().saturating_sub(1)).to_string(),
                message: format!("the file is not UTF-8 text: invalid byte 0x{:02X}", bytes[valid]),
                help: Some("save the scenario as UTF-8".to_string()),
            }],
        }
    })
}

/// An I/O error in words without the OS error number.
fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "it is a directory".to_string(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(cut) => text[..cut].to_lowercase(),
                None => text.to_lowercase(),
            }
        }
    }
}
