//! Exports parse back to what the run measured: series CSV/JSON value for value, the
//! summary CSV path for path, and reports carry the figures and charts they promise.

mod common;

use common::shipped;
use faultline::engine::Simulation;
use faultline::export::{self, Format, RunDocument};
use faultline::report::RunReport;
use faultline::time::SimTime;

fn finished_run() -> Simulation {
    let mut sim = Simulation::new(&shipped("order-pipeline.ron")).expect("builds");
    sim.step_until(SimTime::from_secs_f64(90.0));
    sim
}

#[test]
fn series_csv_parses_back_value_for_value() {
    let sim = finished_run();
    let h = sim.history();
    let csv = export::series_csv(h);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    assert_eq!(header.len(), h.specs().len() + 2);
    assert_eq!(&header[..2], ["time_s", "width_s"]);
    assert_eq!(header[2], h.specs()[0].key);
    let rows: Vec<Vec<f64>> =
        lines.map(|l| l.split(',').map(|v| v.parse::<f64>().expect("a number")).collect()).collect();
    assert_eq!(rows.len(), h.len());
    for (r, row) in rows.iter().enumerate() {
        assert_eq!(row[0], h.times_s()[r]);
        for c in 0..h.specs().len() {
            assert_eq!(row[c + 2] as f32, h.column(c)[r], "row {r} column {}", h.specs()[c].key);
        }
    }
}

#[test]
fn series_json_parses_back() {
    let sim = finished_run();
    let h = sim.history();
    let text = serde_json::to_string(&export::series_json(h)).expect("encodes");
    let v: serde_json::Value = serde_json::from_str(&text).expect("parses");
    assert_eq!(v["time_s"].as_array().expect("array").len(), h.len());
    let key = &h.specs()[1].key;
    let values: Vec<f32> = v["series"][key]["values"]
        .as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number") as f32)
        .collect();
    assert_eq!(values, h.column(1));
}

#[test]
fn summary_csv_holds_every_metric_path() {
    let sim = finished_run();
    let report = serde_json::to_value(RunReport::new(&sim, 0.0)).expect("encodes");
    let csv = export::flat_csv(&report);
    let produced = csv.lines().find(|l| l.starts_with("ledger.produced,")).expect("row present");
    assert_eq!(produced, format!("ledger.produced,{}", sim.ledger().produced));
    // Every row's path leads back to the same value in the JSON.
    for line in csv.lines().skip(1).filter(|l| !l.contains('"')) {
        let (path, value) = line.split_once(',').expect("two fields");
        let found = faultline::experiment::path::get(&report, path).expect("path exists");
        let scalar = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        };
        let text = match found {
            serde_json::Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(" "),
            other => scalar(other),
        };
        assert_eq!(text, value, "{path}");
    }
}

#[test]
fn reports_carry_figures_and_charts() {
    let sim = finished_run();
    let report = RunReport::new(&sim, 0.0);
    let doc = RunDocument::of_run(&sim, &report);
    let ledger_line = format!("produced {} = in system {}", report.ledger.produced, report.ledger.in_system);
    let html = doc.render(Format::Html);
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(html.contains(&ledger_line));
    assert!(html.matches("<svg").count() >= 4, "one chart per kind of series");
    assert!(!html.contains("<script"), "self-contained and inert");
    let md = doc.render(Format::Markdown);
    assert!(md.starts_with("# faultline run: Order pipeline"));
    assert!(md.contains(&ledger_line));
    assert!(md.contains("![Throughput](data:image/svg+xml;base64,"));
    assert!(md.contains("| metric (for --metric) | value |"));
}
