//! Samples and traces read from CSV files a scenario names (`Empirical(csv: "latencies.csv")`,
//! `Replay(csv: "peak.csv")`), relative to the scenario file, when the file is loaded and
//! before it is validated.
//!
//! A read file becomes the distribution's `values` (the replay's `trace`) and the file name
//! is dropped, so the scenario in memory, a saved copy of it and a session carry the samples
//! themselves: a replay does not depend on the CSV still being there or unchanged. A problem
//! in the CSV is located in the CSV (`latencies.csv:7:1`), with the scenario field that
//! named it.

use super::error::Diagnostic;
use super::limits::{MAX_EMPIRICAL_VALUES, MAX_TRACE_ROWS};
use super::model::{Arrivals, Distribution, EventType, Failures, Scenario, TraceRow};
use super::path::{Path, entry_labels};
use super::validate::{Problem, Problems};
use crate::time::SimDuration;
use std::sync::Arc;

/// Bad rows reported one by one; the rest of a bad file is counted.
const MAX_ROW_PROBLEMS: usize = 10;

/// What went wrong reading the samples: problems in the scenario's own text (a field that
/// gives both `values` and `csv`), to be located there, or diagnostics already located in a
/// CSV file.
#[derive(Debug, Default)]
pub struct SampleErrors {
    pub in_scenario: Problems,
    pub in_csv: Vec<Diagnostic>,
}

impl SampleErrors {
    pub fn is_empty(&self) -> bool {
        self.in_scenario.is_empty() && self.in_csv.is_empty()
    }
}

/// Reads every `Empirical(csv: ..)` of `scenario` from `dir` (the scenario file's folder)
/// into its `values`, and every `Replay(csv: ..)` into its `trace`.
pub fn read_csv_samples(scenario: &mut Scenario, dir: &std::path::Path) -> SampleErrors {
    let mut errors = SampleErrors::default();
    for (path, dist) in distributions_mut(scenario) {
        let Distribution::Empirical { values, csv } = dist else { continue };
        let Some(name) = csv.take() else { continue };
        if !values.is_empty() {
            errors.in_scenario.list.push(Problem {
                path: path.field("csv"),
                message: "give the samples as `values` or as a `csv` file, not both".into(),
                help: None,
            });
            continue;
        }
        match read_csv(&dir.join(&name), &path.field("csv")) {
            Ok(read) => *values = read,
            Err(diagnostics) => errors.in_csv.extend(diagnostics),
        }
    }
    for (path, rate, events) in replays_mut(scenario) {
        let Arrivals::Replay { trace, csv, .. } = rate else { continue };
        let Some(name) = csv.take() else { continue };
        if !trace.is_empty() {
            errors.in_scenario.list.push(Problem {
                path: path.field("csv"),
                message: "give the rows as `trace` or as a `csv` file, not both".into(),
                help: None,
            });
            continue;
        }
        match read_trace(&dir.join(&name), &path.field("csv"), events) {
            Ok(read) => *trace = read,
            Err(diagnostics) => errors.in_csv.extend(diagnostics),
        }
    }
    errors
}

/// One duration per row, in the first comma-separated field, with its unit as in a scenario
/// (`3ms`, `1.5s`). Blank lines and lines starting with `#` are skipped; anything else that
/// is not a duration is an error at its line (so a header must be a `#` comment: a header
/// taken for data, or data taken for a header, would change the distribution silently).
fn read_csv(file: &std::path::Path, field: &Path) -> Result<Arc<[SimDuration]>, Vec<Diagnostic>> {
    let kind = Rows { noun: "samples", not_rows: "durations", limit: MAX_EMPIRICAL_VALUES };
    read_rows(file, field, &kind, |row| {
        let cell = row.split(',').next().unwrap_or_default().trim();
        if cell.is_empty() || cell.starts_with('#') {
            return Ok(None);
        }
        duration_cell(cell).map(Some).map_err(|(message, help)| RowError { column: 1, message, help })
    })
    .map(Arc::from)
}

/// A trace to replay: per row the time since the trace's start (a duration with its unit),
/// then optionally a key (a whole number) and an event type (one of `events`, the source's);
/// an empty cell leaves that to the source's own draw, and further columns are ignored.
/// Blank lines and `#` comments are skipped. Rows must be in time order (equal times are
/// events at the same instant); a bad cell is an error at its line and column.
fn read_trace(file: &std::path::Path, field: &Path, events: &[EventType]) -> Result<Arc<[TraceRow]>, Vec<Diagnostic>> {
    let kind = Rows { noun: "rows", not_rows: "trace rows", limit: MAX_TRACE_ROWS };
    let mut previous = SimDuration::ZERO;
    read_rows(file, field, &kind, |row| {
        let trimmed = row.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return Ok(None);
        }
        // Each cell with its 1-based column in the row, for the diagnostic.
        let mut cells = row.split(',').scan(1, |column, cell| {
            let at = *column + (cell.len() - cell.trim_start().len());
            *column += cell.len() + 1;
            Some((at, cell.trim()))
        });
        let (column, cell) = cells.next().unwrap_or((1, ""));
        let at = duration_cell(cell).map_err(|(message, help)| RowError { column, message, help })?;
        if at < previous {
            return Err(RowError {
                column,
                message: format!("rows must be in time order: {at} comes after a row at {previous}"),
                help: None,
            });
        }
        previous = at;
        let key = match cells.next() {
            Some((column, cell)) if !cell.is_empty() => Some(cell.parse::<u32>().map_err(|_| RowError {
                column,
                message: format!("key `{cell}` is not a whole number from 0 to {}", u32::MAX),
                help: Some("leave the cell empty to draw the key from the source's `keys`".into()),
            })?),
            _ => None,
        };
        let event = match cells.next() {
            Some((column, cell)) if !cell.is_empty() => {
                if !events.iter().any(|e| e.name == cell) {
                    return Err(RowError {
                        column,
                        message: super::validate::unknown_trace_event(cell, events),
                        help: None,
                    });
                }
                Some(cell.to_string())
            }
            _ => None,
        };
        Ok(Some(TraceRow { at, key, event }))
    })
    .map(Arc::from)
}

/// A duration cell, or the error and a hint for a bare number.
fn duration_cell(cell: &str) -> Result<SimDuration, (String, Option<String>)> {
    cell.parse::<SimDuration>().map_err(|e| {
        let help = cell.parse::<f64>().is_ok().then(|| "give each value its unit, e.g. 3ms or 1.5s".into());
        (e.to_string(), help)
    })
}

/// What a CSV holds, for its diagnostics.
struct Rows {
    /// What its rows are called ("samples").
    noun: &'static str,
    /// What a bad row is not ("durations").
    not_rows: &'static str,
    limit: usize,
}

/// A bad row: where in it, what is wrong, and a hint.
struct RowError {
    column: usize,
    message: String,
    help: Option<String>,
}

/// Reads `file` (bounded and UTF-8 checked as a scenario file is) row by row through
/// `parse` (`Ok(None)`: a row to skip), collecting at most `MAX_ROW_PROBLEMS` bad rows
/// located at the CSV's line, with `field` as their path; the rest are counted.
fn read_rows<T>(
    file: &std::path::Path,
    field: &Path,
    kind: &Rows,
    mut parse: impl FnMut(&str) -> Result<Option<T>, RowError>,
) -> Result<Vec<T>, Vec<Diagnostic>> {
    let origin = file.display().to_string();
    let at = |line: usize, column: usize, message: String, help: Option<String>| Diagnostic {
        origin: origin.clone(),
        line,
        column,
        path: field.to_string(),
        message,
        help,
    };
    // The same bounded, UTF-8 checked read as a scenario file, its problems at the CSV.
    let text = super::read_text(file, &origin).map_err(|e| {
        e.diagnostics.into_iter().map(|d| Diagnostic { path: field.to_string(), ..d }).collect::<Vec<_>>()
    })?;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut unrecorded = 0;
    for (i, row) in super::parse::normalise(&text).lines().enumerate() {
        match parse(row) {
            Ok(Some(value)) => rows.push(value),
            Ok(None) => {}
            Err(e) => {
                if problems.len() < MAX_ROW_PROBLEMS {
                    problems.push(at(i + 1, e.column, e.message, e.help));
                } else {
                    unrecorded += 1;
                }
            }
        }
        if rows.len() > kind.limit {
            return Err(vec![at(
                i + 1,
                1,
                format!("more than faultline's limit of {} {}", kind.limit, kind.noun),
                None,
            )]);
        }
    }
    if unrecorded > 0 {
        problems.push(at(1, 1, format!("and {unrecorded} more rows that are not {}", kind.not_rows), None));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if rows.is_empty() {
        return Err(vec![at(1, 1, format!("has no {} (only blank lines and # comments)", kind.noun), None)]);
    }
    Ok(rows)
}

/// Every replayed trace a CSV may feed, with its path as validation writes it and the
/// event types its source declares.
fn replays_mut(s: &mut Scenario) -> Vec<(Path, &mut Arrivals, &[EventType])> {
    let producers: Vec<Option<String>> = entry_labels(s.producers.iter().map(|x| Some(x.name.as_str())))
        .into_iter()
        .map(|l| l.map(str::to_string))
        .collect();
    let clients: Vec<Option<String>> = entry_labels(s.clients.iter().map(|x| Some(x.name.as_str())))
        .into_iter()
        .map(|l| l.map(str::to_string))
        .collect();
    let mut found = Vec::new();
    for (i, producer) in s.producers.iter_mut().enumerate() {
        let at = Path::root().field("producers").entry(i, producers[i].as_deref()).field("rate");
        found.push((at, &mut producer.rate, producer.events.as_slice()));
    }
    for (i, client) in s.clients.iter_mut().enumerate() {
        let at = Path::root().field("clients").entry(i, clients[i].as_deref()).field("rate");
        found.push((at, &mut client.rate, client.events.as_slice()));
    }
    found.retain(|(_, rate, _)| matches!(rate, Arrivals::Replay { csv: Some(_), .. }));
    found
}

/// Every distribution a CSV may feed, with its path as validation writes it.
fn distributions_mut(s: &mut Scenario) -> Vec<(Path, &mut Distribution)> {
    fn owned(labels: Vec<Option<&str>>) -> Vec<Option<String>> {
        labels.into_iter().map(|l| l.map(str::to_string)).collect()
    }
    fn failures<'a>(found: &mut Vec<(Path, &'a mut Distribution)>, at: Path, f: &'a mut Option<Failures>) {
        if let Some(f) = f {
            found.push((at.field("failures").field("mtbf"), &mut f.mtbf));
            found.push((at.field("failures").field("mttr"), &mut f.mttr));
        }
    }
    let services = owned(entry_labels(s.services.iter().map(|x| Some(x.name.as_str()))));
    let groups = owned(entry_labels(s.consumers.iter().map(|x| Some(x.name.as_str()))));
    let producers = owned(entry_labels(s.producers.iter().map(|x| Some(x.name.as_str()))));
    let clients = owned(entry_labels(s.clients.iter().map(|x| Some(x.name.as_str()))));
    let mut found = Vec::new();
    for (i, service) in s.services.iter_mut().enumerate() {
        let at = Path::root().field("services").entry(i, services[i].as_deref());
        found.push((at.field("latency"), &mut service.latency));
        failures(&mut found, at, &mut service.failures);
    }
    for (i, group) in s.consumers.iter_mut().enumerate() {
        let at = Path::root().field("consumers").entry(i, groups[i].as_deref());
        found.push((at.field("handler").field("work"), &mut group.handler.work));
        failures(&mut found, at.clone(), &mut group.failures);
        if let Some(common) = &mut group.common_cause {
            found.push((at.field("common_cause").field("mtbf"), &mut common.mtbf));
        }
    }
    failures(&mut found, Path::root().field("broker"), &mut s.broker.failures);
    for (i, producer) in s.producers.iter_mut().enumerate() {
        if let Arrivals::Renewal { gap } = &mut producer.rate {
            let at = Path::root().field("producers").entry(i, producers[i].as_deref());
            found.push((at.field("rate").field("gap"), gap));
        }
    }
    for (i, client) in s.clients.iter_mut().enumerate() {
        let at = Path::root().field("clients").entry(i, clients[i].as_deref()).field("rate");
        match &mut client.rate {
            Arrivals::Renewal { gap } => found.push((at.field("gap"), gap)),
            Arrivals::FinitePopulation { think, .. } => found.push((at.field("think"), think)),
            _ => {}
        }
    }
    found
}
