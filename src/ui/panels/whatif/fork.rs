//! Fork: the run as it stands now becomes two futures — A unchanged, B with the user's
//! changes — run for a horizon with paired replications on a background thread
//! (`experiment::fork_compare`: common random numbers, replication 0 on the run's own
//! streams). The result is A and B overlaid on the same plots and a difference table
//! with the 95 % confidence interval of B − A.

use super::WhatIfError;
use crate::engine::{self, History, Simulation};
use crate::experiment::{self, Comparison, Plan};
use crate::i18n::{tr, tr_args};
use crate::time::{SimDuration, SimTime};
use crate::ui::command::Command;
use crate::ui::dialogs::Dialogs;
use crate::ui::format;
use crate::ui::jobs::{Job, JobState, progress_ui};
use crate::ui::panels::widgets::caption;
use crate::ui::runner::{Control, StateRequest};
use crate::ui::snapshot::Snapshot;
use crate::ui::theme::{BLUE, ORANGE, Palette, VERMILLION};
use egui::{RichText, Ui};
use egui_plot::{Legend, Line, LineStyle, Plot, PlotPoints, VLine};

/// One plot of the comparison: A's and B's series over the same time axis.
pub struct OverlayPlot {
    /// Message keys of the title and the unit.
    pub title: &'static str,
    pub unit: &'static str,
    pub a: Vec<[f64; 2]>,
    pub b: Vec<[f64; 2]>,
}

/// A finished fork comparison.
pub struct ForkOutcome {
    pub at: SimTime,
    pub horizon: SimDuration,
    /// B's changes as typed (`path=value`).
    pub changes: Vec<String>,
    pub plan: Plan,
    /// Metrics in display order.
    pub order: Vec<String>,
    pub comparison: Comparison,
    pub plots: Vec<OverlayPlot>,
    pub scenario: String,
    /// Replication 0's A and B at the horizon (for the report).
    pub a: Simulation,
    pub b: Simulation,
}

impl ForkOutcome {
    pub fn a_name(&self) -> String {
        format!("{} from {}, unchanged", self.scenario, self.at)
    }

    /// B's name in the report (English, as the report is).
    pub fn b_name(&self) -> String {
        if self.changes.is_empty() { "the same (no change)".into() } else { self.changes.join(", ") }
    }

    /// B's name in the window's language (the changes themselves are paths and values).
    pub fn b_label(&self) -> String {
        if self.changes.is_empty() { tr("fork-no-change") } else { self.changes.join(", ") }
    }

    /// The comparison report (HTML or Markdown), A and B overlaid.
    pub fn report(&self, format: crate::export::Format) -> String {
        let overlay = Some((self.a.history(), self.b.history()));
        crate::export::RunDocument::of_comparison(&self.a_name(), &self.b_name(), &self.plan, &self.comparison, overlay)
            .render(format)
    }
}

enum Phase {
    Idle,
    /// Asked the runner for its state; the job starts when it arrives.
    Waiting {
        request: StateRequest,
        changes: Vec<(String, String)>,
        horizon: SimDuration,
        warmup: SimDuration,
    },
    Running(Box<Job<ForkOutcome, WhatIfError>>),
    Failed(WhatIfError),
}

pub struct ForkWindow {
    pub open: bool,
    changes: String,
    horizon: String,
    warmup: String,
    replications: u32,
    pick: String,
    phase: Phase,
    result: Option<ForkOutcome>,
}

impl Default for ForkWindow {
    fn default() -> Self {
        ForkWindow {
            open: false,
            changes: String::new(),
            horizon: "1m".into(),
            warmup: "0s".into(),
            replications: 5,
            pick: String::new(),
            phase: Phase::Idle,
            result: None,
        }
    }
}

/// `path=value` lines into (path, value) pairs.
fn parse_changes(text: &str) -> Result<Vec<(String, String)>, WhatIfError> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let (path, value) = line.split_once('=').ok_or_else(|| WhatIfError::NotAChange(line.to_string()))?;
            Ok((path.trim().to_string(), value.trim().to_string()))
        })
        .collect()
}

impl ForkWindow {
    pub fn result(&self) -> Option<&ForkOutcome> {
        self.result.as_ref()
    }

    pub fn is_busy(&self) -> bool {
        matches!(self.phase, Phase::Waiting { .. } | Phase::Running(_))
    }

    /// Polls the state request and the job (every frame, open or not).
    pub fn poll(&mut self, ctx: &egui::Context) {
        if let Phase::Waiting { request, .. } = &self.phase
            && let Some(state) = request.take()
        {
            let Phase::Waiting { changes, horizon, warmup, .. } = std::mem::replace(&mut self.phase, Phase::Idle)
            else {
                return;
            };
            self.phase = Phase::Running(Box::new(start(ctx, state.sim, changes, horizon, warmup, self.replications)));
        }
        if let Phase::Running(job) = &mut self.phase {
            match job.poll() {
                JobState::Running { .. } => {}
                JobState::Finished(_) | JobState::Failed(_) => {
                    let Phase::Running(job) = std::mem::replace(&mut self.phase, Phase::Idle) else { return };
                    match job.into_result() {
                        Some(Ok(outcome)) => self.result = Some(outcome),
                        Some(Err(why)) => self.phase = Phase::Failed(why),
                        None => {}
                    }
                }
            }
        }
    }

    pub fn ui(&mut self, ctx: &egui::Context, s: &Snapshot, dialogs: &mut Dialogs) -> Option<Command> {
        self.poll(ctx);
        if !self.open {
            return None;
        }
        let mut command = None;
        let mut open = self.open;
        egui::Window::new(tr("fork-title"))
            .id(egui::Id::unique("fork-window"))
            .open(&mut open)
            .default_size([1000.0, 860.0])
            .default_pos([180.0, 90.0])
            .vscroll(true)
            .show(ctx, |ui| {
                command = self.contents(ui, s, dialogs);
            });
        self.open = open;
        command
    }

    fn contents(&mut self, ui: &mut Ui, s: &Snapshot, dialogs: &mut Dialogs) -> Option<Command> {
        let mut command = None;
        let palette = Palette::of(ui.visuals());
        caption(ui, tr_args("fork-intro", &[("now", format::clock(s.now).into())]));
        ui.add_space(4.0);
        let changes_label = ui.label(RichText::new(tr("fork-changes")).strong());
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::multiline(&mut self.changes)
                    .desired_rows(3)
                    .desired_width(560.0)
                    .hint_text("consumers.payments.retry.max_attempts=1")
                    .id_salt("fork-changes"),
            )
            .labelled_by(changes_label.id);
            ui.vertical(|ui| {
                caption(ui, tr("fork-add-parameter"));
                let mut picked = None;
                egui::ComboBox::from_id_salt("fork-pick")
                    .selected_text(if self.pick.is_empty() { tr("fork-choose") } else { self.pick.clone() })
                    .width(300.0)
                    .height(420.0)
                    .show_ui(ui, |ui| {
                        for (path, value) in super::all_fields(s) {
                            if ui.selectable_label(false, format!("{path} = {value}")).clicked() {
                                picked = Some((path, value));
                            }
                        }
                    });
                if let Some((path, value)) = picked {
                    if !self.changes.is_empty() && !self.changes.ends_with('\n') {
                        self.changes.push('\n');
                    }
                    self.changes.push_str(&format!("{path}={value}"));
                    self.pick = path;
                }
            });
        });
        ui.horizontal(|ui| {
            let label = ui.label(tr("fork-horizon"));
            ui.add(egui::TextEdit::singleline(&mut self.horizon).desired_width(60.0).id_salt("fork-horizon"))
                .labelled_by(label.id)
                .on_hover_text(tr("fork-horizon-help"));
            let label = ui.label(tr("fork-replications"));
            ui.add(egui::DragValue::new(&mut self.replications).range(1..=200))
                .labelled_by(label.id)
                .on_hover_text(tr("fork-replications-help"));
            ui.label(tr("fork-warmup"));
            ui.add(egui::TextEdit::singleline(&mut self.warmup).desired_width(50.0).id_salt("fork-warmup"))
                .on_hover_text(tr("fork-warmup-help"));
            let busy = self.is_busy();
            if ui
                .add_enabled(!busy, egui::Button::new(RichText::new(format!("▶ {}", tr("fork-run"))).strong()))
                .clicked()
            {
                match self.request() {
                    Ok(c) => command = Some(c),
                    Err(why) => self.phase = Phase::Failed(why),
                }
            }
        });
        match &mut self.phase {
            Phase::Waiting { .. } => {
                ui.label(tr("fork-taking-state"));
            }
            Phase::Running(job) => {
                if let JobState::Running { done, total } = job.poll()
                    && progress_ui(ui, done, total, &tr("fork-running"))
                {
                    job.cancel();
                }
            }
            Phase::Failed(why) => {
                let why = why.render(crate::i18n::lang());
                ui.label(RichText::new(format!("✖ {}", format::printable(&why))).color(palette.text_color(VERMILLION)));
            }
            Phase::Idle => {}
        }
        if let Some(result) = &self.result {
            ui.separator();
            results(ui, result, &palette);
            ui.horizontal(|ui| {
                for (label, ext, format) in [
                    ("fork-export-html", "html", crate::export::Format::Html),
                    ("fork-export-markdown", "md", crate::export::Format::Markdown),
                ] {
                    if ui.button(tr(label)).on_hover_text(tr("fork-export-help")).clicked() {
                        let text = result.report(format);
                        dialogs.save_with(
                            ui.ctx(),
                            &tr("dialog-save-fork-report"),
                            &[ext],
                            format!("fork-report.{ext}"),
                            move |_| Ok(text.into_bytes()),
                        );
                    }
                }
            });
        }
        command
    }

    /// Checks the form and asks the runner for its state.
    fn request(&mut self) -> Result<Command, WhatIfError> {
        let changes = parse_changes(&self.changes)?;
        let length = |field: &'static str, text: &str| {
            let text = text.trim();
            text.parse::<SimDuration>().map_err(|error| WhatIfError::Duration {
                field,
                written: Some(text.to_string()),
                error,
            })
        };
        let horizon = length("whatif-error-field-horizon", &self.horizon)?;
        let warmup = length("whatif-error-field-warm-up", &self.warmup)?;
        let request = StateRequest::new();
        self.phase = Phase::Waiting { request: request.clone(), changes, horizon, warmup };
        Ok(Control::ShareState(request).into())
    }
}

fn start(
    ctx: &egui::Context,
    state: Simulation,
    changes: Vec<(String, String)>,
    horizon: SimDuration,
    warmup: SimDuration,
    replications: u32,
) -> Job<ForkOutcome, WhatIfError> {
    let wake = {
        let ctx = ctx.clone();
        move || ctx.request_repaint()
    };
    Job::spawn(2 * u64::from(replications.max(1)), wake, move |control| {
        let commands: Vec<engine::Command> = changes
            .iter()
            .map(|(path, value)| engine::Command::Set { path: path.clone(), value: value.clone() })
            .collect();
        let order = experiment::fork::default_metrics(&state);
        let plan = Plan {
            replications: replications.max(1),
            base_seed: state.seed(),
            warmup,
            metrics: order.clone(),
            run_length: None,
        };
        let fork = experiment::fork_compare(&state, &commands, horizon, &plan, control)?;
        let at = state.now();
        let from_s = (at.as_secs_f64() - horizon.as_secs_f64() / 2.0).max(0.0);
        let plots = overlay_plots(fork.a.history(), fork.b.history(), from_s, &parking_topics(state.scenario()));
        Ok(ForkOutcome {
            at,
            horizon,
            changes: changes.iter().map(|(p, v)| format!("{p}={v}")).collect(),
            plan,
            order,
            comparison: fork.comparison,
            plots,
            scenario: state.scenario().name.clone(),
            a: fork.a,
            b: fork.b,
        })
    })
}

/// Throughput, p99 latency, backlog of the work topics (dead-letter and expiry topics
/// left out: they only grow) and dead letters per second, A and B, from `from_s` on.
fn overlay_plots(a: &History, b: &History, from_s: f64, parking: &[String]) -> Vec<OverlayPlot> {
    let series = |h: &History, pick: &dyn Fn(&str) -> bool| -> Vec<[f64; 2]> {
        let columns: Vec<usize> = h.specs().iter().enumerate().filter(|(_, s)| pick(&s.key)).map(|(i, _)| i).collect();
        h.times_s()
            .iter()
            .enumerate()
            .filter(|(_, t)| **t >= from_s)
            .map(|(row, t)| [*t, columns.iter().map(|c| f64::from(h.column(*c)[row])).sum()])
            .collect()
    };
    let work_backlog = |k: &str| {
        k.strip_prefix("topic.")
            .and_then(|rest| rest.strip_suffix(".backlog"))
            .is_some_and(|topic| !parking.iter().any(|p| p == topic))
    };
    let plot =
        |title, unit, pick: &dyn Fn(&str) -> bool| OverlayPlot { title, unit, a: series(a, pick), b: series(b, pick) };
    vec![
        plot("fork-plot-throughput", "unit-msg-per-s", &|k| k == "throughput.processed"),
        plot("fork-plot-p99", "unit-ms", &|k| k == "latency.p99_ms"),
        plot("fork-plot-backlog", "unit-msgs", &work_backlog),
        plot("fork-plot-dead-letters", "unit-msg-per-s", &|k| k == "throughput.dead_lettered"),
    ]
}

/// Topics that only collect: dead-letter targets and expiry targets.
fn parking_topics(scenario: &crate::scenario::Scenario) -> Vec<String> {
    let dead = scenario.consumers.iter().filter_map(|g| match &g.on_exhausted {
        crate::scenario::OnExhausted::DeadLetter(topic) => Some(topic.clone()),
        _ => None,
    });
    dead.chain(scenario.topics.iter().filter_map(|t| t.expired_to.clone())).collect()
}

/// A metric path in words, and whether it is a fraction shown as a percentage.
fn metric_name(path: &str) -> (String, bool) {
    match path {
        "throughput_per_second.mean" => (tr("whatif-metric-throughput"), false),
        "latency_ms.p99" => (tr("whatif-metric-p99-latency"), false),
        "ledger.dead_lettered" => (tr("whatif-metric-dead-letters"), false),
        "ledger.lost" => (tr("whatif-metric-lost"), false),
        other => match other.strip_prefix("groups.").and_then(|r| r.strip_suffix(".service_level.availability")) {
            Some(group) => (tr_args("whatif-metric-availability", &[("group", group.into())]), true),
            None => (other.to_string(), false),
        },
    }
}

fn value(x: f64, percent: bool) -> String {
    if percent { format::percent(x) } else { format::compact(x) }
}

fn results(ui: &mut Ui, r: &ForkOutcome, palette: &Palette) {
    ui.label(
        RichText::new(tr_args(
            "fork-summary",
            &[
                ("b", format::printable(&r.b_label()).into_owned().into()),
                ("at", format::clock(r.at).into()),
                ("replications", r.plan.replications.into()),
                ("horizon", r.horizon.to_string().into()),
            ],
        ))
        .strong(),
    );
    egui::Grid::new("fork-diff").num_columns(5).striped(true).spacing([22.0, 4.0]).show(ui, |ui| {
        for h in ["fork-metric", "fork-a-mean", "fork-b-mean", "fork-diff", "fork-ci"] {
            ui.label(RichText::new(tr(h)).strong());
        }
        ui.end_row();
        for path in &r.order {
            let Some(m) = r.comparison.metrics.get(path) else { continue };
            let (name, percent) = metric_name(path);
            ui.label(name).on_hover_text(path);
            ui.label(value(m.a_mean, percent));
            ui.label(value(m.b_mean, percent));
            let diff = format!("{}{}", if m.diff_mean > 0.0 { "+" } else { "" }, value(m.diff_mean, percent));
            if m.significant() {
                ui.label(RichText::new(format!("{diff} *")).strong().color(palette.text_color(ORANGE)))
                    .on_hover_text(tr("fork-significant-help"));
            } else {
                ui.label(diff);
            }
            // Pairs where A or B had no value (null in the report) are left out: say so.
            let missing = if m.missing > 0 {
                tr_args(
                    "fork-missing",
                    &[("missing", m.missing.into()), ("replications", r.comparison.replications.into())],
                )
            } else {
                String::new()
            };
            match (m.diff_ci95_low, m.diff_ci95_high) {
                (Some(lo), Some(hi)) => ui.label(format!("[{}, {}]{missing}", value(lo, percent), value(hi, percent))),
                _ if m.missing > 0 => ui.label(format!("—{missing}")),
                _ => ui.label(tr("fork-one-replication")),
            };
            ui.end_row();
        }
    });
    caption(ui, tr("fork-legend"));
    let width = ((ui.available_width() - 16.0) / 2.0).max(200.0);
    let at_s = r.at.as_secs_f64();
    for pair in r.plots.chunks(2) {
        ui.horizontal(|ui| {
            for plot in pair {
                ui.vertical(|ui| {
                    ui.set_width(width);
                    ui.label(RichText::new(format!("{} ({})", tr(plot.title), tr(plot.unit))).strong());
                    Plot::new(("fork-plot", plot.title))
                        .height(175.0)
                        .width(width)
                        .link_axis(egui::Id::unique("faultline-fork-time"), [true, false])
                        .legend(Legend::default())
                        .allow_scroll(false)
                        .x_axis_formatter(|mark, _| format::clock_s(mark.value))
                        .show(ui, |p| {
                            p.line(Line::new("A", PlotPoints::from(plot.a.clone())).color(BLUE).width(2.0));
                            p.line(
                                Line::new("B", PlotPoints::from(plot.b.clone()))
                                    .color(ORANGE)
                                    .width(2.0)
                                    .style(LineStyle::dashed_loose()),
                            );
                            p.vline(VLine::new("", at_s).color(palette.text_dim));
                        });
                });
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_parse_one_per_line() {
        let parsed = parse_changes("a.b=1\n\n  c.d = 250ms \n# note").expect("valid");
        assert_eq!(parsed, vec![("a.b".into(), "1".into()), ("c.d".into(), "250ms".into())]);
        assert!(parse_changes("no equals").is_err());
    }
}
