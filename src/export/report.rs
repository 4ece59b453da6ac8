//! Self-contained reports: one HTML file (inline CSS and SVG charts) or one Markdown file
//! (charts as embedded SVG data URIs), of a run or of a comparison.

use super::Format;
use super::chart::{Line, line_chart};
use super::table::{flatten, html, markdown, markdown_fence, number};
use crate::engine::{History, SeriesKind, Severity, Simulation};
use crate::experiment::{Comparison, Plan};
use crate::report::RunReport;
use base64::Engine as _;
use serde_json::Value;

/// A document: a title, sections of text, tables and charts, rendered as HTML or Markdown.
#[derive(Clone, Debug, Default)]
pub struct RunDocument {
    title: String,
    blocks: Vec<Block>,
    /// The document's language tag (`<html lang>`), so a browser picks fonts and
    /// hyphenation for it; empty means English.
    lang: &'static str,
}

#[derive(Clone, Debug)]
enum Block {
    Heading(String),
    Paragraph(String),
    Code(String),
    /// Preformatted plain text (a scenario's hand arithmetic), kept line for line.
    Pre(String),
    /// A bulleted list.
    List(Vec<String>),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    Chart {
        svg: String,
        alt: String,
    },
}

const CHART_SIZE: (u32, u32) = (880, 300);

impl RunDocument {
    pub fn new(title: impl Into<String>) -> RunDocument {
        RunDocument { title: title.into(), blocks: Vec::new(), lang: "" }
    }

    /// Marks the document as written in `lang` (a BCP 47 tag such as `zh-CN`).
    pub fn set_lang(&mut self, lang: &'static str) {
        self.lang = lang;
    }

    pub(super) fn preformatted(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Pre(text.into()));
    }

    pub(super) fn list(&mut self, items: Vec<String>) {
        self.blocks.push(Block::List(items));
    }

    pub(super) fn heading(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Heading(text.into()));
    }

    pub(super) fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(text.into()));
    }

    pub(super) fn table(&mut self, header: &[&str], rows: Vec<Vec<String>>) {
        self.blocks.push(Block::Table { header: header.iter().map(|h| h.to_string()).collect(), rows });
    }

    /// The report of one run: scenario, key figures, charts of every series, notable
    /// events, and every figure of `run --json` as a path/value table.
    pub fn of_run(sim: &Simulation, report: &RunReport) -> RunDocument {
        let scenario = sim.scenario();
        let mut doc = RunDocument::new(format!("faultline run: {}", scenario.name));
        if !scenario.description.is_empty() {
            doc.paragraph(scenario.description.clone());
        }
        doc.paragraph(format!(
            "Seed {}, {} s of virtual time ({} events). Reproduce with `faultline run FILE --seed {}`.",
            report.seed,
            number(report.virtual_seconds),
            report.events,
            report.seed
        ));
        if !sim.live_changes().is_empty() {
            doc.heading("Live changes");
            doc.paragraph(
                "Parameters changed while the run went on; its session (scenario, seed and commands) replays them exactly.",
            );
            let rows = sim
                .live_changes()
                .iter()
                .map(|c| vec![c.at.to_string(), c.component.clone(), c.field.clone(), c.from.clone(), c.to.clone()])
                .collect();
            doc.table(&["time", "component", "field", "from", "to"], rows);
        }
        let l = &report.ledger;
        doc.heading("Where every message went");
        let filtered = if l.filtered > 0 { format!(" + filtered {}", l.filtered) } else { String::new() };
        let copies =
            if l.fan_out_copies > 0 { format!(" + fan-out copies {}", l.fan_out_copies) } else { String::new() };
        doc.paragraph(format!(
            "produced {}{copies} = in system {} + processed {}{filtered} + dead-lettered {} + expired {} + dropped {} + lost {}",
            l.produced, l.in_system, l.processed, l.dead_lettered, l.expired, l.dropped, l.lost
        ));
        if !l.by_reason.is_empty() {
            doc.table(
                &["reason", "messages"],
                l.by_reason.iter().map(|(r, n)| vec![r.to_string(), n.to_string()]).collect(),
            );
        }
        doc.heading("Key figures");
        let lat = &report.latency_ms;
        doc.table(
            &["figure", "value"],
            vec![
                vec!["end-to-end latency mean (ms)".into(), number(lat.mean)],
                vec![
                    "latency p50 / p95 / p99 (ms)".into(),
                    format!("{} / {} / {}", number(lat.p50), number(lat.p95), number(lat.p99)),
                ],
                vec!["latency max (ms)".into(), number(lat.max)],
                vec![
                    "throughput mean / peak (msg/s)".into(),
                    format!(
                        "{} / {}",
                        number(report.throughput_per_second.mean),
                        number(report.throughput_per_second.peak)
                    ),
                ],
            ],
        );
        doc.heading("Over time");
        doc.charts(sim.history(), None);
        let notable: Vec<Vec<String>> = sim
            .log()
            .entries()
            .iter()
            .filter(|e| e.severity >= Severity::Warning || e.component != "scenario")
            .rev()
            .take(40)
            .map(|e| {
                vec![
                    e.at.to_string(),
                    format!("{:?}", e.severity),
                    e.component.clone(),
                    e.text.render(crate::i18n::lang()),
                ]
            })
            .collect();
        if !notable.is_empty() {
            doc.heading("Latest notable events");
            doc.table(&["time", "severity", "component", "event"], notable);
        }
        doc.heading("All figures");
        let value = serde_json::to_value(report).unwrap_or(Value::Null);
        doc.table(&["metric (for --metric)", "value"], flatten(&value).into_iter().map(|(p, v)| vec![p, v]).collect());
        doc.heading("Scenario");
        doc.blocks.push(Block::Code(crate::scenario::to_ron_string(scenario)));
        doc
    }

    /// The report of a comparison: the paired-difference table and, for a fork, the two
    /// futures overlaid (A solid, B lighter).
    pub fn of_comparison(
        a_name: &str,
        b_name: &str,
        plan: &Plan,
        comparison: &Comparison,
        overlay: Option<(&History, &History)>,
    ) -> RunDocument {
        let mut doc = RunDocument::new(format!("faultline comparison: {a_name} vs {b_name}"));
        doc.paragraph(format!(
            "A: {a_name}. B: {b_name}. {} paired replications with common random numbers (seeds {}..={}), warm-up {}. \
             A difference is marked * when its 95% confidence interval excludes zero.",
            plan.replications,
            plan.seed(0),
            plan.seed(plan.replications.saturating_sub(1)),
            plan.warmup
        ));
        let rows = comparison
            .metrics
            .iter()
            .map(|(name, m)| {
                let mut ci = match (m.diff_ci95_low, m.diff_ci95_high) {
                    (Some(lo), Some(hi)) => format!("[{}, {}]", number(lo), number(hi)),
                    _ => "—".into(),
                };
                // Pairs where A or B had no value (null in the report) are left out: say so.
                if m.missing > 0 {
                    ci += &format!(" ({} of {} missing)", m.missing, comparison.replications);
                }
                let mark = if m.significant() { " *" } else { "" };
                vec![name.clone(), number(m.a_mean), number(m.b_mean), format!("{}{mark}", number(m.diff_mean)), ci]
            })
            .collect();
        doc.table(&["metric", "A mean", "B mean", "B − A", "95% CI of B − A"], rows);
        if let Some((a, b)) = overlay {
            doc.heading("A and B over time");
            doc.charts(a, Some(b));
        }
        doc
    }

    /// One chart per kind of series; with `other`, its series overlaid as variant B.
    pub(super) fn charts(&mut self, history: &History, other: Option<&History>) {
        let kinds = [
            (SeriesKind::Throughput, "Throughput", "messages/s"),
            (SeriesKind::Latency, "Latency", "ms"),
            (SeriesKind::Backlog, "Backlog", "messages"),
            (SeriesKind::Lag, "Consumer lag", "messages"),
            (SeriesKind::InFlight, "In flight", "messages"),
            (SeriesKind::Instances, "Instances", "instances"),
            (SeriesKind::ServiceCalls, "Service calls", "calls/s"),
            (SeriesKind::ServiceErrors, "Service errors", "errors/s, rate"),
        ];
        for (kind, title, unit) in kinds {
            let mut lines = Vec::new();
            for (variant, h) in [("", Some(history)), ("B: ", other)] {
                let Some(h) = h else { continue };
                for (i, spec) in h.specs().iter().enumerate().filter(|(_, s)| s.kind == kind) {
                    // Rates of nothing are noise on a chart; skip all-zero series.
                    if h.column(i).iter().all(|v| *v == 0.0) {
                        continue;
                    }
                    let prefix = if other.is_some() && variant.is_empty() { "A: " } else { variant };
                    lines.push(Line {
                        label: format!("{prefix}{}", spec.label),
                        x: h.times_s(),
                        y: h.column(i),
                        secondary: !variant.is_empty(),
                    });
                }
            }
            if !lines.is_empty() {
                self.blocks
                    .push(Block::Chart { svg: line_chart(title, unit, &lines, CHART_SIZE), alt: title.to_string() });
            }
        }
    }

    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Markdown => self.markdown(),
            _ => self.html(),
        }
    }

    pub fn html(&self) -> String {
        let mut out = format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{t}</title>\n<style>{STYLE}</style></head>\n<body><h1>{t}</h1>\n",
            t = html(&self.title),
            lang = if self.lang.is_empty() { "en" } else { self.lang }
        );
        for block in &self.blocks {
            match block {
                Block::Heading(t) => out += &format!("<h2>{}</h2>\n", html(t)),
                Block::Paragraph(t) => out += &format!("<p>{}</p>\n", html(t)),
                Block::Code(t) | Block::Pre(t) => out += &format!("<pre>{}</pre>\n", html(t)),
                Block::List(items) => {
                    out += "<ul>\n";
                    for item in items {
                        out += &format!("<li>{}</li>\n", html(item));
                    }
                    out += "</ul>\n";
                }
                Block::Chart { svg, alt } => out += &format!("<figure aria-label=\"{}\">{svg}</figure>\n", html(alt)),
                Block::Table { header, rows } => {
                    out += "<table><thead><tr>";
                    for h in header {
                        out += &format!("<th>{}</th>", html(h));
                    }
                    out += "</tr></thead><tbody>\n";
                    for row in rows {
                        out += "<tr>";
                        for cell in row {
                            out += &format!("<td>{}</td>", html(cell));
                        }
                        out += "</tr>\n";
                    }
                    out += "</tbody></table>\n";
                }
            }
        }
        out += "<footer>Made with faultline.</footer></body></html>\n";
        out
    }

    /// The document as Markdown. Every text is escaped with [`markdown`]: names,
    /// descriptions, paths and log lines come from the user's scenario, and must show as
    /// written rather than run as HTML or turn into markup.
    pub fn markdown(&self) -> String {
        let row =
            |cells: &[String]| format!("| {} |\n", cells.iter().map(|c| markdown(c)).collect::<Vec<_>>().join(" | "));
        let mut out = format!("# {}\n\n", markdown(&self.title));
        for block in &self.blocks {
            match block {
                Block::Heading(t) => out += &format!("## {}\n\n", markdown(t)),
                Block::Paragraph(t) => out += &format!("{}\n\n", markdown(t)),
                Block::Code(t) => {
                    // A fenced block shows `<` as it is, so nothing in it would run; but
                    // spelling it `\u{3c}` (the same character to ron: every `<` the writer
                    // emits is inside an escaped string) leaves no raw tag anywhere in the file
                    // for a lax renderer or a later conversion to pick up.
                    let code = t.replace('<', "\\u{3c}");
                    let fence = markdown_fence(&code);
                    out += &format!("{fence}ron\n{code}\n{fence}\n\n");
                }
                Block::Pre(t) => {
                    // Plain text in a fence: nothing in it is read as markup. A `<` becomes
                    // the full-width `＜` (it reads the same) so that, as in `Code`, no raw
                    // tag is left in the file for a lax renderer to pick up.
                    let text = t.replace('<', "＜");
                    let fence = markdown_fence(&text);
                    out += &format!("{fence}text\n{text}\n{fence}\n\n");
                }
                Block::List(items) => {
                    for item in items {
                        out += &format!("- {}\n", markdown(item));
                    }
                    out += "\n";
                }
                Block::Chart { svg, alt } => {
                    let data = base64::engine::general_purpose::STANDARD.encode(svg);
                    out += &format!("![{}](data:image/svg+xml;base64,{data})\n\n", markdown(alt));
                }
                Block::Table { header, rows } => {
                    out += &row(header);
                    out += &format!("|{}\n", "---|".repeat(header.len()));
                    for cells in rows {
                        out += &row(cells);
                    }
                    out += "\n";
                }
            }
        }
        out
    }
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\
h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}\
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;font-variant-numeric:tabular-nums}\
th{background:#f2f2f2}pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:.85em}figure{margin:1em 0}footer{margin-top:3em;color:#888;font-size:.85em}";
