//! `faultline handout LESSON --out FILE`: a lesson's printable handout.

use super::export::{Output, check_outputs, expect_format, write};
use super::{EXIT_INVALID_INPUT, load};
use crate::curriculum::catalogue;
use crate::export::{self, Format};
use std::path::Path;
use std::process::ExitCode;

const HANDOUT_FORMATS: &[Format] = &[Format::Html, Format::Markdown];

/// The scenario and its file's text, from a path or a shipped lesson's id or number.
fn resolve(lesson: &str) -> Result<(crate::scenario::Scenario, String, String), ExitCode> {
    let path = Path::new(lesson);
    if path.exists() {
        let scenario = load(path)?;
        // `load` read it a moment ago; a file that vanished since only loses its numbers.
        let text = std::fs::read_to_string(path).unwrap_or_default();
        return Ok((scenario, text, lesson.to_string()));
    }
    let by_number = lesson.parse::<usize>().ok().and_then(|n| catalogue::catalogue().iter().find(|e| e.order == n));
    let entry = by_number.or_else(|| catalogue::find(lesson)).or_else(|| catalogue::find_file(lesson));
    let Some(entry) = entry else {
        let ids: Vec<&str> = catalogue::catalogue().iter().map(|e| e.id).collect();
        eprintln!(
            "error: `{lesson}` is neither a file nor a shipped lesson; the lessons are {} (or their numbers)",
            ids.join(", ")
        );
        return Err(ExitCode::from(EXIT_INVALID_INPUT));
    };
    match entry.load() {
        Ok(scenario) => Ok((scenario, entry.text.to_string(), format!("scenarios/{}", entry.file))),
        Err(e) => {
            eprintln!("{}", e.render(crate::i18n::lang()));
            Err(ExitCode::from(EXIT_INVALID_INPUT))
        }
    }
}

pub fn handout(lesson: &str, out: &Path, with_answers: bool) -> ExitCode {
    let inputs: Vec<&Path> = if Path::new(lesson).exists() { vec![Path::new(lesson)] } else { Vec::new() };
    if let Err(code) = check_outputs(&inputs, &[Output { option: "--out", path: out, formats: HANDOUT_FORMATS }]) {
        return code;
    }
    let format = match expect_format(out, HANDOUT_FORMATS) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let (scenario, text, file) = match resolve(lesson) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let doc = match export::handout(&scenario, &file, &export::numbers_block(&text), with_answers) {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("error: {lesson}: {e}");
            return ExitCode::from(EXIT_INVALID_INPUT);
        }
    };
    match write(out, &doc.render(format)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}
