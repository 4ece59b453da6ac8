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
        let found = faultline::scenario::dotted::get(&report, path).expect("path exists");
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

/// A scenario whose name and description are HTML: no report may carry it as markup.
fn hostile_run() -> Simulation {
    let mut scenario = shipped("order-pipeline.ron");
    scenario.name = "<script>alert(1)</script>".into();
    scenario.description = "<img src=x onerror=alert(1)>".into();
    let mut sim = Simulation::new(&scenario).expect("builds");
    sim.step_until(SimTime::from_secs_f64(5.0));
    sim
}

#[test]
fn reports_show_names_and_descriptions_as_text_never_as_html() {
    let sim = hostile_run();
    let doc = RunDocument::of_run(&sim, &RunReport::new(&sim, 0.0));
    for format in [Format::Html, Format::Markdown] {
        let text = doc.render(format);
        assert!(!text.contains("<script"), "{format:?} carries a raw <script");
        assert!(!text.contains("<img"), "{format:?} carries a raw <img");
    }
    let md = doc.render(Format::Markdown);
    assert!(
        md.starts_with(
            "# faultline run: &lt;script&gt;alert(1)&lt;/script&gt;\n\n&lt;img src=x onerror=alert(1)&gt;\n\n"
        ),
        "{}",
        &md[..200]
    );
    // The scenario listing stays RON that reads back to the same name.
    assert!(md.contains("    name: \"\\u{3c}script>alert(1)\\u{3c}/script>\",\n"));
    let html = doc.render(Format::Html);
    assert!(html.contains("<h1>faultline run: &lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
    assert!(html.contains("<p>&lt;img src=x onerror=alert(1)&gt;</p>"));
}

#[test]
fn the_markdown_scenario_listing_reads_back_as_the_same_scenario() {
    let sim = hostile_run();
    let md = RunDocument::of_run(&sim, &RunReport::new(&sim, 0.0)).render(Format::Markdown);
    let start = md.find("```ron\n").expect("a RON block") + "```ron\n".len();
    let end = start + md[start..].find("\n```").expect("the block closes");
    let listed = faultline::scenario::parse_str(&md[start..end], "listing.ron").expect("the listing parses");
    assert_eq!(&listed, sim.scenario());
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_quoted_numbers_are_not() {
    let value = serde_json::json!({"name": "=HYPERLINK(\"http://evil\",\"click\")", "delta": -1.5, "note": "-x"});
    assert_eq!(
        export::flat_csv(&value),
        "path,value\ndelta,-1.5\nname,\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\"\nnote,\"'-x\"\n"
    );
    assert_eq!(export::table::csv_field("=HYPERLINK(...)"), "\"'=HYPERLINK(...)\"");
    assert_eq!(export::table::csv_field("-1.5"), "-1.5");
}
