//! Sweep: one or two parameters over lists of values, each grid point run from time zero
//! with N independent replications (in parallel, `experiment::sweep`), summarised as mean
//! and 95 % confidence interval per metric: a plot of a metric against the parameter with
//! its CI band, a table, and CSV/JSON export.

use super::WhatIfError;
use crate::experiment::{self, Assignment, Plan, SetValue, SweepPoint};
use crate::i18n::{tr, tr_args};
use crate::scenario::Scenario;
use crate::time::SimDuration;
use crate::ui::dialogs::Dialogs;
use crate::ui::format;
use crate::ui::jobs::{Job, JobState, progress_ui};
use crate::ui::panels::widgets::caption;
use crate::ui::snapshot::Snapshot;
use crate::ui::theme::{BLUE, BLUISH_GREEN, ORANGE, Palette, REDDISH_PURPLE, SKY_BLUE, VERMILLION};
use egui::{Color32, RichText, Ui};
use egui_plot::{Legend, Line, Plot, PlotPoints, Points, Polygon};
use serde_json::Value;

/// Metrics offered, with the keys of their names in words.
const METRICS: [(&str, &str); 6] = [
    ("throughput_per_second.mean", "whatif-metric-throughput"),
    ("latency_ms.mean", "whatif-metric-mean-latency"),
    ("latency_ms.p99", "whatif-metric-p99-latency"),
    ("ledger.dead_lettered", "whatif-metric-dead-letters"),
    ("ledger.lost", "whatif-metric-lost"),
    ("ledger.processed", "whatif-metric-processed"),
];

/// A finished sweep.
pub struct SweepOutcome {
    pub assignments: Vec<Assignment>,
    pub plan: Plan,
    pub points: Vec<SweepPoint>,
}

impl SweepOutcome {
    /// One row per grid point: the values set, then mean, low and high per metric.
    pub fn csv(&self) -> String {
        let mut out: Vec<String> = self.assignments.iter().map(|a| crate::export::table::csv_field(&a.path)).collect();
        for m in &self.plan.metrics {
            out.extend(
                [format!("{m}.mean"), format!("{m}.ci95_low"), format!("{m}.ci95_high")]
                    .map(|h| crate::export::table::csv_field(&h)),
            );
        }
        out.push("replications".into());
        let mut text = out.join(",") + "\n";
        for p in &self.points {
            let mut row: Vec<String> = self
                .assignments
                .iter()
                .map(|a| crate::export::table::csv_field(&p.set.get(&a.path).map(plain).unwrap_or_default()))
                .collect();
            for m in &self.plan.metrics {
                let e = p.metrics.get(m);
                let num = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
                row.extend([num(e.map(|e| e.mean)), num(e.and_then(|e| e.ci95_low)), num(e.and_then(|e| e.ci95_high))]);
            }
            row.push(p.replications.to_string());
            text += &(row.join(",") + "\n");
        }
        text
    }

    pub fn json(&self) -> String {
        let value = serde_json::json!({
            "set": self.assignments.iter().map(|a| serde_json::json!({"path": a.path, "values": a.values.iter().map(SetValue::shown).collect::<Vec<_>>()})).collect::<Vec<_>>(),
            "replications": self.plan.replications,
            "base_seed": self.plan.base_seed,
            "warmup_s": self.plan.warmup.as_secs_f64(),
            "points": self.points,
        });
        serde_json::to_string_pretty(&value).unwrap_or_default()
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A metric's name in words in the window's language; a path not offered as it is.
fn metric_label(path: &str) -> String {
    METRICS.iter().find(|(p, _)| *p == path).map_or_else(|| path.to_string(), |(_, key)| tr(key))
}

enum Phase {
    Idle,
    Running(Job<SweepOutcome, WhatIfError>),
    Failed(WhatIfError),
}

pub struct SweepWindow {
    pub open: bool,
    first: String,
    second: String,
    replications: u32,
    warmup: String,
    run_length: String,
    chosen: [bool; METRICS.len()],
    shown_metric: usize,
    phase: Phase,
    result: Option<SweepOutcome>,
    /// The scenario the defaults were filled in from.
    filled_for: Option<u64>,
}

impl Default for SweepWindow {
    fn default() -> Self {
        SweepWindow {
            open: false,
            first: String::new(),
            second: String::new(),
            replications: 3,
            warmup: String::new(),
            run_length: String::new(),
            chosen: [true, false, true, true, false, false],
            shown_metric: 0,
            phase: Phase::Idle,
            result: None,
            filled_for: None,
        }
    }
}

/// A first assignment that makes sense for `scenario`: a group's retry attempts, or its
/// concurrency.
fn default_assignment(scenario: &Scenario) -> String {
    match scenario.consumers.first() {
        Some(g) if g.retry.max_attempts > 1 => format!("consumers.{}.retry.max_attempts=1,2,4", g.name),
        Some(g) => format!("consumers.{}.concurrency=1,2,4", g.name),
        None => String::new(),
    }
}

impl SweepWindow {
    pub fn result(&self) -> Option<&SweepOutcome> {
        self.result.as_ref()
    }

    pub fn poll(&mut self) {
        if let Phase::Running(job) = &mut self.phase
            && !job.is_running()
        {
            let Phase::Running(job) = std::mem::replace(&mut self.phase, Phase::Idle) else { return };
            match job.into_result() {
                Some(Ok(outcome)) => {
                    self.shown_metric = 0;
                    self.result = Some(outcome);
                }
                Some(Err(why)) => self.phase = Phase::Failed(why),
                None => {}
            }
        }
    }

    pub fn ui(&mut self, ctx: &egui::Context, s: &Snapshot, dialogs: &mut Dialogs) {
        self.poll();
        if !self.open {
            return;
        }
        if self.filled_for != Some(s.generation) {
            self.filled_for = Some(s.generation);
            if self.first.is_empty() {
                self.first = default_assignment(&s.scenario);
            }
        }
        let mut open = self.open;
        egui::Window::new(tr("sweep-title"))
            .id(egui::Id::unique("sweep-window"))
            .open(&mut open)
            .default_size([1000.0, 860.0])
            .default_pos([220.0, 110.0])
            .vscroll(true)
            .show(ctx, |ui| self.contents(ui, s, dialogs));
        self.open = open;
    }

    fn contents(&mut self, ui: &mut Ui, s: &Snapshot, dialogs: &mut Dialogs) {
        let palette = Palette::of(ui.visuals());
        caption(
            ui,
            "Each combination of values runs the scenario (with your live changes) from time zero, N times with \
             independent seeds, in parallel. Values: numbers, durations (250ms), words (DropOldest) or JSON.",
        );
        egui::Grid::new("sweep-form").num_columns(2).spacing([10.0, 4.0]).show(ui, |ui| {
            let label = ui.label(tr("sweep-parameter-1"));
            ui.add(
                egui::TextEdit::singleline(&mut self.first)
                    .hint_text("consumers.payments.concurrency=1,2,4")
                    .desired_width(520.0)
                    .id_salt("sweep-first"),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(tr("sweep-parameter-2"));
            ui.add(
                egui::TextEdit::singleline(&mut self.second)
                    .hint_text(tr("sweep-parameter-2-hint"))
                    .desired_width(520.0)
                    .id_salt("sweep-second"),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(tr("fork-replications"));
            ui.horizontal(|ui| {
                ui.add(egui::DragValue::new(&mut self.replications).range(1..=500)).labelled_by(label.id);
                let label = ui.label(tr("sweep-run-length"));
                ui.add(
                    egui::TextEdit::singleline(&mut self.run_length)
                        .hint_text(s.scenario.duration.to_string())
                        .desired_width(60.0)
                        .id_salt("sweep-length"),
                )
                .labelled_by(label.id)
                .on_hover_text(tr("sweep-run-length-help"));
                let label = ui.label(tr("fork-warmup"));
                ui.add(
                    egui::TextEdit::singleline(&mut self.warmup)
                        .hint_text("10 %")
                        .desired_width(60.0)
                        .id_salt("sweep-warmup"),
                )
                .labelled_by(label.id)
                .on_hover_text(tr("sweep-warmup-help"));
            });
            ui.end_row();
            ui.label(tr("sweep-metrics"));
            ui.horizontal_wrapped(|ui| {
                for (i, (path, label)) in METRICS.iter().enumerate() {
                    ui.checkbox(&mut self.chosen[i], *label).on_hover_text(*path);
                }
            });
            ui.end_row();
        });
        let running = matches!(self.phase, Phase::Running(_));
        ui.horizontal(|ui| {
            if ui
                .add_enabled(!running, egui::Button::new(RichText::new(format!("▶ {}", tr("sweep-run"))).strong()))
                .clicked()
            {
                match self.start(ui.ctx(), s) {
                    Ok(job) => self.phase = Phase::Running(job),
                    Err(why) => self.phase = Phase::Failed(why),
                }
            }
        });
        match &mut self.phase {
            Phase::Running(job) => {
                if let JobState::Running { done, total } = job.poll()
                    && progress_ui(ui, done, total, &tr("sweep-running"))
                {
                    job.cancel();
                }
            }
            Phase::Failed(why) => {
                ui.label(
                    RichText::new(format!("✖ {}", format::printable(&first_lines(&why.render(crate::i18n::lang())))))
                        .color(palette.text_color(VERMILLION)),
                );
            }
            Phase::Idle => {}
        }
        if let Some(result) = &self.result {
            ui.separator();
            result_ui(ui, result, &mut self.shown_metric, &palette);
            ui.horizontal(|ui| {
                for (label, ext) in [("sweep-export-csv", "csv"), ("sweep-export-json", "json")] {
                    if ui.button(tr(label)).clicked() {
                        let text = if ext == "csv" { result.csv() } else { result.json() };
                        dialogs.save_with(
                            ui.ctx(),
                            &tr("dialog-save-sweep"),
                            &[ext],
                            format!("sweep.{ext}"),
                            move |_| Ok(text.into_bytes()),
                        );
                    }
                }
            });
        }
    }

    fn start(&self, ctx: &egui::Context, s: &Snapshot) -> Result<Job<SweepOutcome, WhatIfError>, WhatIfError> {
        let mut assignments = vec![self.first.parse::<Assignment>()?];
        if !self.second.trim().is_empty() {
            assignments.push(self.second.parse::<Assignment>()?);
        }
        let mut base = (*s.scenario).clone();
        base.seed = s.seed;
        // The rule of `faultline run --duration`, applied after each point is validated.
        let run_length = if self.run_length.trim().is_empty() {
            None
        } else {
            Some(experiment::parse_run_length(self.run_length.trim()).map_err(WhatIfError::RunLength)?)
        };
        let warmup = if self.warmup.trim().is_empty() {
            SimDuration(run_length.unwrap_or(base.duration).0 / 10)
        } else {
            self.warmup.trim().parse().map_err(|error| WhatIfError::Duration {
                field: "whatif-error-field-warm-up",
                written: None,
                error,
            })?
        };
        let metrics: Vec<String> =
            METRICS.iter().zip(self.chosen).filter(|(_, on)| *on).map(|((p, _), _)| p.to_string()).collect();
        if metrics.is_empty() {
            return Err(WhatIfError::NoMetric);
        }
        let plan = Plan { replications: self.replications.max(1), base_seed: s.seed, warmup, metrics, run_length };
        // Bad paths and values fail here, at once, not after the first runs.
        experiment::check_metrics(&base, &plan)?;
        experiment::sweep::check(&base, &assignments, &plan)?;
        let total = experiment::sweep::runs(&assignments, plan.replications)?;
        let wake = {
            let ctx = ctx.clone();
            move || ctx.request_repaint()
        };
        Ok(Job::spawn(total, wake, move |control| {
            let points = experiment::sweep(&base, &assignments, &plan, control)?;
            Ok(SweepOutcome { assignments, plan, points })
        }))
    }
}

/// The first lines of a long error (a grid point's validation can list dozens).
fn first_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= 4 {
        text.to_string()
    } else {
        let more = tr_args("whatif-error-more-lines", &[("count", (lines.len() - 4).into())]);
        format!("{}\n{more}", lines[..4].join("\n"))
    }
}

const SERIES: [Color32; 5] = [BLUE, ORANGE, BLUISH_GREEN, REDDISH_PURPLE, SKY_BLUE];

fn result_ui(ui: &mut Ui, r: &SweepOutcome, shown: &mut usize, palette: &Palette) {
    let Some(first) = r.assignments.first() else { return };
    *shown = (*shown).min(r.plan.metrics.len().saturating_sub(1));
    let metric = r.plan.metrics[*shown].clone();
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr("sweep-plot")).strong());
        egui::ComboBox::from_id_salt("sweep-metric").selected_text(metric_label(&metric)).show_ui(ui, |ui| {
            for (i, m) in r.plan.metrics.iter().enumerate() {
                ui.selectable_value(shown, i, metric_label(m));
            }
        });
        caption(
            ui,
            tr_args(
                "sweep-against",
                &[("path", first.path.clone().into()), ("replications", r.plan.replications.into())],
            ),
        );
    });
    // x: the value when every value of the first parameter is a number, else its position.
    let first_values: Vec<Value> = first.values.iter().map(SetValue::shown).collect();
    let numeric = first_values.iter().all(Value::is_number);
    let x_of = |v: &Value| -> f64 {
        if numeric { v.as_f64().unwrap_or(0.0) } else { first_values.iter().position(|w| w == v).unwrap_or(0) as f64 }
    };
    let groups: Vec<Option<Value>> = match r.assignments.get(1) {
        Some(second) => second.values.iter().map(|v| Some(v.shown())).collect(),
        None => vec![None],
    };
    let labels: Vec<String> = first_values.iter().map(plain).collect();
    Plot::new("sweep-plot")
        .height(280.0)
        .legend(Legend::default().position(egui_plot::Corner::RightBottom))
        .allow_scroll(false)
        .x_axis_label(first.path.clone())
        .y_axis_label(metric_label(&metric).to_string())
        .x_axis_formatter(move |mark, _| {
            if numeric {
                format::compact(mark.value)
            } else {
                let i = mark.value.round();
                if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                    labels.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            }
        })
        .show(ui, |p| {
            for (g, group) in groups.iter().enumerate() {
                let color = SERIES[g % SERIES.len()];
                let name = match (group, r.assignments.get(1)) {
                    (Some(v), Some(second)) => {
                        format!("{} = {}", second.path.rsplit('.').next().unwrap_or(""), plain(v))
                    }
                    _ => metric_label(&metric).to_string(),
                };
                let mut mean = Vec::new();
                let mut low = Vec::new();
                let mut high = Vec::new();
                for point in &r.points {
                    if let (Some(v), Some(second)) = (group, r.assignments.get(1))
                        && point.set.get(&second.path) != Some(v)
                    {
                        continue;
                    }
                    let Some(x) = point.set.get(&first.path).map(x_of) else { continue };
                    let Some(e) = point.metrics.get(&metric) else { continue };
                    mean.push([x, e.mean]);
                    low.push([x, e.ci95_low.unwrap_or(e.mean)]);
                    high.push([x, e.ci95_high.unwrap_or(e.mean)]);
                }
                mean.sort_by(|a, b| a[0].total_cmp(&b[0]));
                low.sort_by(|a, b| a[0].total_cmp(&b[0]));
                high.sort_by(|a, b| a[0].total_cmp(&b[0]));
                // The band as one trapezoid per segment: each is convex, which egui's
                // polygon fill needs (the whole band usually is not).
                for i in 1..low.len() {
                    let quad = vec![low[i - 1], low[i], high[i], high[i - 1]];
                    p.polygon(
                        Polygon::new("", PlotPoints::from(quad))
                            .fill_color(color.gamma_multiply(0.16))
                            .stroke(egui::Stroke::NONE),
                    );
                }
                for pair in [&low, &high] {
                    p.line(Line::new("", PlotPoints::from(pair.clone())).color(color.gamma_multiply(0.45)).width(1.0));
                }
                p.line(Line::new(name.clone(), PlotPoints::from(mean.clone())).color(color).width(2.0));
                p.points(Points::new(name, PlotPoints::from(mean)).color(color).radius(3.5));
            }
        });
    egui::ScrollArea::horizontal().id_salt("sweep-table").show(ui, |ui| {
        let columns = r.assignments.len() + r.plan.metrics.len();
        egui::Grid::new("sweep-results").num_columns(columns).striped(true).spacing([18.0, 3.0]).show(ui, |ui| {
            for a in &r.assignments {
                ui.label(
                    RichText::new(
                        a.path.rsplit('.').take(2).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("."),
                    )
                    .strong(),
                )
                .on_hover_text(&a.path);
            }
            for m in &r.plan.metrics {
                ui.label(RichText::new(tr_args("sweep-metric-ci", &[("metric", metric_label(m).into())])).strong())
                    .on_hover_text(m);
            }
            ui.end_row();
            for point in &r.points {
                for a in &r.assignments {
                    ui.label(point.set.get(&a.path).map(plain).unwrap_or_default());
                }
                for m in &r.plan.metrics {
                    match point.metrics.get(m) {
                        Some(e) => match (e.ci95_low, e.ci95_high) {
                            (Some(lo), Some(hi)) => ui.label(format!(
                                "{} [{}, {}]",
                                format::compact(e.mean),
                                format::compact(lo),
                                format::compact(hi)
                            )),
                            _ => ui.label(format::compact(e.mean)),
                        },
                        None => ui.label("—"),
                    };
                }
                ui.end_row();
            }
        });
    });
    let _ = palette;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::Estimate;
    use std::collections::BTreeMap;

    #[test]
    fn the_csv_has_one_row_per_point_with_the_interval() {
        let a: Assignment = "x.y=1,2".parse().expect("valid");
        let point = |v: i64, mean: f64| SweepPoint {
            set: BTreeMap::from([("x.y".to_string(), serde_json::json!(v))]),
            replications: 2,
            metrics: BTreeMap::from([(
                "ledger.lost".to_string(),
                Estimate { mean, ci95_low: Some(mean - 1.0), ci95_high: Some(mean + 1.0), missing: 0 },
            )]),
        };
        let r = SweepOutcome {
            assignments: vec![a],
            plan: Plan {
                replications: 2,
                base_seed: 1,
                warmup: SimDuration::ZERO,
                metrics: vec!["ledger.lost".into()],
                run_length: None,
            },
            points: vec![point(1, 5.0), point(2, 7.0)],
        };
        assert_eq!(
            r.csv(),
            "x.y,ledger.lost.mean,ledger.lost.ci95_low,ledger.lost.ci95_high,replications\n1,5,4,6,2\n2,7,6,8,2\n"
        );
    }
}
