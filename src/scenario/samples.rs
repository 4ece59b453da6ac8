//! Samples read from CSV files a scenario names (`Empirical(csv: "latencies.csv")`), relative
//! to the scenario file, when the file is loaded and before it is validated.
//!
//! A read file becomes the distribution's `values` and the file name is dropped, so the
//! scenario in memory, a saved copy of it and a session carry the samples themselves: a
//! replay does not depend on the CSV still being there or unchanged. A problem in the CSV is
//! located in the CSV (`latencies.csv:7:1`), with the scenario field that named it.

use super::error::Diagnostic;
use super::limits::MAX_EMPIRICAL_VALUES;
use super::model::{Arrivals, Distribution, Failures, Scenario};
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
/// into its `values`.
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
    errors
}

/// One duration per row, in the first comma-separated field, with its unit as in a scenario
/// (`3ms`, `1.5s`). Blank lines and lines starting with `#` are skipped; anything else that
/// is not a duration is an error at its line (so a header must be a `#` comment: a header
/// taken for data, or data taken for a header, would change the distribution silently).
fn read_csv(file: &std::path::Path, field: &Path) -> Result<Arc<[SimDuration]>, Vec<Diagnostic>> {
    let origin = file.display().to_string();
    let at = |line: usize, message: String, help: Option<String>| Diagnostic {
        origin: origin.clone(),
        line,
        column: 1,
        path: field.to_string(),
        message,
        help,
    };
    // The same bounded, UTF-8 checked read as a scenario file, its problems at the CSV.
    let text = super::read_text(file, &origin).map_err(|e| {
        e.diagnostics.into_iter().map(|d| Diagnostic { path: field.to_string(), ..d }).collect::<Vec<_>>()
    })?;
    let mut values = Vec::new();
    let mut problems = Vec::new();
    let mut unrecorded = 0;
    for (i, row) in super::parse::normalise(&text).lines().enumerate() {
        let cell = row.split(',').next().unwrap_or_default().trim();
        if cell.is_empty() || cell.starts_with('#') {
            continue;
        }
        match cell.parse::<SimDuration>() {
            Ok(value) => values.push(value),
            Err(e) => {
                if problems.len() < MAX_ROW_PROBLEMS {
                    let help = cell.parse::<f64>().is_ok().then(|| "give each value its unit, e.g. 3ms or 1.5s".into());
                    problems.push(at(i + 1, e.to_string(), help));
                } else {
                    unrecorded += 1;
                }
            }
        }
        if values.len() > MAX_EMPIRICAL_VALUES {
            return Err(vec![at(
                i + 1,
                format!("more than faultline's limit of {MAX_EMPIRICAL_VALUES} samples"),
                None,
            )]);
        }
    }
    if unrecorded > 0 {
        problems.push(at(1, format!("and {unrecorded} more rows that are not durations"), None));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if values.is_empty() {
        return Err(vec![at(1, "has no samples (only blank lines and # comments)".into(), None)]);
    }
    Ok(values.into())
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
        failures(&mut found, at, &mut group.failures);
    }
    failures(&mut found, Path::root().field("broker"), &mut s.broker.failures);
    for (i, producer) in s.producers.iter_mut().enumerate() {
        if let Arrivals::Renewal { gap } = &mut producer.rate {
            let at = Path::root().field("producers").entry(i, producers[i].as_deref());
            found.push((at.field("rate").field("gap"), gap));
        }
    }
    for (i, client) in s.clients.iter_mut().enumerate() {
        if let Arrivals::Renewal { gap } = &mut client.rate {
            let at = Path::root().field("clients").entry(i, clients[i].as_deref());
            found.push((at.field("rate").field("gap"), gap));
        }
    }
    found
}
