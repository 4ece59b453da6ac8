//! The export room: a run's series and summary as CSV or JSON, and self-contained HTML or
//! Markdown reports of a run or a comparison (coursework, design reviews).
//!
//! Everything here works on the engine's public results (`History`, `RunReport`), so the
//! CLI and the GUI export the same files.

pub mod chart;
pub mod handout;
pub mod report;
pub mod table;

use crate::engine::History;
use serde_json::{Value, json};
use std::path::Path;

pub use handout::{HandoutError, handout, numbers_block};
pub use report::RunDocument;

/// What a file name's extension asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    Html,
    Markdown,
}

impl Format {
    /// The format of `path` by its extension (case-insensitive), if it is one we write.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "html" | "htm" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// Every series of the history as CSV: `time_s,width_s,<key>...`, one row per sample
/// (older rows are consolidated; `width_s` says over how long each row was measured).
pub fn series_csv(history: &History) -> String {
    let mut out = String::from("time_s,width_s");
    for spec in history.specs() {
        out.push(',');
        out.push_str(&table::csv_field(&spec.key));
    }
    out.push('\n');
    for (row, (t, w)) in history.times_s().iter().zip(history.widths_s()).enumerate() {
        out.push_str(&format!("{t},{w}"));
        for column in 0..history.specs().len() {
            out.push_str(&format!(",{}", history.column(column)[row]));
        }
        out.push('\n');
    }
    out
}

/// Every series as JSON: `{"time_s": [...], "width_s": [...], "series": {key: {"label", "values"}}}`.
pub fn series_json(history: &History) -> Value {
    let series: serde_json::Map<String, Value> = history
        .specs()
        .iter()
        .enumerate()
        .map(|(i, spec)| (spec.key.clone(), json!({"label": spec.label, "values": history.column(i)})))
        .collect();
    json!({"time_s": history.times_s(), "width_s": history.widths_s(), "series": series})
}

/// A JSON object flattened to `path,value` CSV rows (dotted paths, as `--metric` takes).
pub fn flat_csv(value: &Value) -> String {
    let mut out = String::from("path,value\n");
    for (path, v) in table::flatten(value) {
        out.push_str(&format!("{},{}\n", table::csv_field(&path), table::csv_field(&v)));
    }
    out
}
