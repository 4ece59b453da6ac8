//! Orchestrated sagas, as Temporal's and Camunda's consoles show workflow instances: per
//! saga its instances by state now (started, completed, compensated, failed, inconsistent,
//! in progress) and over the run, the step where sagas fail, whether the compensations
//! hold, and how long a saga takes. The numbers are the status's (the same as `run
//! --json`'s `sagas`); the plots read the saga's series of the metrics history, which is
//! bounded and decimated to the plot's width.

use super::widgets::{caption, info_chip, state_chip};
use crate::decimate;
use crate::engine::saga::SagaStatus;
use crate::i18n::{tr, tr_args};
use crate::metric;
use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::snapshot::Snapshot;
use crate::ui::theme::{BLUE, BLUISH_GREEN, Health, ORANGE, Palette, REDDISH_PURPLE, SKY_BLUE, VERMILLION};
use egui::{Color32, RichText, Ui};
use egui_plot::{Line, LineStyle, Plot, PlotPoints};

/// How each saga series is drawn (its stat in the `saga` family of the metric table):
/// its state chip's colour, dashed where two neighbours' colours are close.
const ENDS: [(&str, Color32, bool); 5] = [
    ("started", BLUE, false),
    ("completed", BLUISH_GREEN, false),
    ("compensated", ORANGE, true),
    ("failed", VERMILLION, false),
    ("inconsistent", REDDISH_PURPLE, true),
];
const IN_PROGRESS: [(&str, Color32, bool); 2] = [("running", SKY_BLUE, false), ("compensating", ORANGE, true)];

/// Height of each of a saga's two plots.
const PLOT_HEIGHT: f32 = 120.0;

#[derive(Default)]
pub struct SagasPanel;

impl SagasPanel {
    /// Shown only for a scenario with orchestrated sagas.
    pub fn shown(s: &Snapshot) -> bool {
        !s.status.sagas.is_empty()
    }

    /// The tab's title: how many sagas were left half done.
    pub fn title(s: &Snapshot) -> String {
        let inconsistent: u64 = s.status.sagas.iter().map(|k| k.inconsistent).sum();
        if inconsistent == 0 {
            tr("tab-sagas")
        } else {
            tr_args("tab-sagas-inconsistent", &[("count", format::count(inconsistent).into())])
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        if s.status.sagas.is_empty() {
            caption(ui, tr("sagas-none"));
            return None;
        }
        egui::ScrollArea::vertical().id_salt("sagas").auto_shrink([false, false]).show(ui, |ui| {
            for (k, saga) in s.status.sagas.iter().enumerate() {
                if k > 0 {
                    ui.separator();
                }
                ui.push_id(k, |ui| saga_section(ui, s, saga));
            }
        });
        None
    }
}

fn saga_section(ui: &mut Ui, s: &Snapshot, k: &SagaStatus) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&k.name).heading().strong());
        caption(ui, tr_args("saga-coordinator", &[("group", k.coordinator.clone().into())]));
        if k.inconsistent == 0 {
            state_chip(ui, Health::Ok, &tr("saga-consistent")).on_hover_text(tr("saga-consistent-help"));
        } else {
            let text = tr_args("saga-inconsistent-chip", &[("count", format::count(k.inconsistent).into())]);
            state_chip(ui, Health::Failing, &text).on_hover_text(tr("saga-inconsistent-help"));
        }
    });
    counts(ui, k);
    caption(
        ui,
        tr_args(
            "saga-duration",
            &[
                ("mean", format::millis(k.duration.mean).into()),
                ("p95", format::millis(k.duration.p95).into()),
                ("p99", format::millis(k.duration.p99).into()),
            ],
        ),
    );
    // Two columns need room for the steps table and a readable plot (~560 each).
    if ui.available_width() > 1150.0 {
        ui.columns(2, |cols| {
            steps(&mut cols[0], s, k);
            plots(&mut cols[1], s, k);
        });
    } else {
        steps(ui, s, k);
        plots(ui, s, k);
    }
}

/// The instances by state now, one chip each in its plot line's colour; shares are of
/// the sagas started.
fn counts(ui: &mut Ui, k: &SagaStatus) {
    let share = |n: u64| format::percent(if k.started == 0 { 0.0 } else { n as f64 / k.started as f64 });
    let ended = |key: &str, n: u64| tr_args(key, &[("count", format::count(n).into()), ("share", share(n).into())]);
    ui.horizontal_wrapped(|ui| {
        let chips = [
            (tr_args("saga-started", &[("count", format::count(k.started).into())]), BLUE, "saga-started-help"),
            (ended("saga-completed", k.completed), BLUISH_GREEN, "saga-completed-help"),
            (ended("saga-compensated", k.compensated), ORANGE, "saga-compensated-help"),
            (ended("saga-failed", k.failed), VERMILLION, "saga-failed-help"),
            (ended("saga-inconsistent", k.inconsistent), REDDISH_PURPLE, "saga-inconsistent-count-help"),
            (
                tr_args(
                    "saga-in-progress",
                    &[
                        ("count", format::count(k.in_progress).into()),
                        ("running", format::count(k.running).into()),
                        ("compensating", format::count(k.compensating).into()),
                    ],
                ),
                SKY_BLUE,
                "saga-in-progress-help",
            ),
        ];
        for (text, color, help) in chips {
            info_chip(ui, text, color).on_hover_text(tr(help));
        }
    });
    caption(
        ui,
        tr_args(
            "saga-recovery",
            &[
                ("resumed", format::count(k.resumed).into()),
                ("duplicates", format::count(k.duplicate_calls).into()),
                ("skipped", format::count(k.skipped).into()),
            ],
        ),
    )
    .on_hover_text(tr("saga-recovery-help"));
}

/// The steps in order: each one's service, calls, failed calls, the sagas that failed
/// there, and what undoes it; then the compensations' success and the reasons.
fn steps(ui: &mut Ui, s: &Snapshot, k: &SagaStatus) {
    let plan = s.scenario.sagas.iter().find(|p| p.name == k.name);
    ui.label(RichText::new(tr("saga-steps")).strong()).on_hover_text(tr("saga-steps-help"));
    egui::Grid::new("saga steps").striped(true).num_columns(6).show(ui, |ui| {
        for header in
            ["saga-step", "saga-service", "saga-calls", "saga-failed-calls", "saga-failed-here", "saga-undone-by"]
        {
            ui.label(RichText::new(tr(header)).strong()).on_hover_text(tr(&format!("{header}-help")));
        }
        ui.end_row();
        for (i, step) in k.steps.iter().enumerate() {
            let spec = plan.and_then(|p| p.steps.get(i));
            let failed_here = k.by_failed_step.get(&step.name).copied().unwrap_or(0);
            ui.label(format!("{}. {}", i + 1, step.name));
            match spec.map(|p| (&p.call, &p.command)) {
                Some((Some(call), _)) => ui.label(call.as_str()),
                Some((None, Some(command))) => {
                    let topic = || command.topic.clone().into();
                    let figures = step.command.as_ref();
                    let help = tr_args(
                        "saga-command-help",
                        &[
                            ("topic", topic()),
                            ("timeouts", format::count(figures.map_or(0, |c| c.timeouts)).into()),
                            ("late", format::count(figures.map_or(0, |c| c.late_replies)).into()),
                        ],
                    );
                    ui.label(tr_args("saga-command-to", &[("topic", topic())])).on_hover_text(help)
                }
                _ => ui.label(""),
            };
            ui.label(format::count(step.calls));
            ui.label(format::count(step.failures));
            let palette = Palette::of(ui.visuals());
            let color = if failed_here > 0 { palette.text_color(VERMILLION) } else { palette.text };
            ui.label(RichText::new(format::count(failed_here)).color(color).strong());
            match spec {
                Some(p) if p.pivot => ui.label(tr("saga-pivot")),
                Some(p) => ui.label(p.compensate.as_deref().map_or_else(|| tr("saga-no-undo"), |c| format!("↩ {c}"))),
                None => ui.label(""),
            };
            ui.end_row();
        }
    });
    ui.add_space(4.0);
    let palette = Palette::of(ui.visuals());
    if k.compensation_calls == 0 {
        caption(ui, tr("saga-compensations-none"));
    } else {
        let succeeded = (k.compensation_calls - k.compensation_failures.min(k.compensation_calls)) as f64;
        let text = tr_args(
            "saga-compensations",
            &[
                ("calls", format::count(k.compensation_calls).into()),
                ("failures", format::count(k.compensation_failures).into()),
                ("share", format::percent(succeeded / k.compensation_calls as f64).into()),
            ],
        );
        let color = if k.inconsistent > 0 { palette.text_color(VERMILLION) } else { palette.text };
        ui.label(RichText::new(text).color(color)).on_hover_text(tr("saga-compensations-help"));
    }
    let reasons: Vec<String> =
        k.reasons.iter().filter(|(_, n)| **n > 0).map(|(why, n)| format!("{why} {}", format::count(*n))).collect();
    if !reasons.is_empty() {
        caption(ui, tr_args("saga-reasons", &[("reasons", reasons.join(" · ").into())]))
            .on_hover_text(tr("saga-reasons-help"));
    }
}

/// The saga's series over the run so far: sagas started and ended per second, and sagas
/// in progress, each line in its state's colour.
fn plots(ui: &mut Ui, s: &Snapshot, k: &SagaStatus) {
    let now_s = s.now.as_secs_f64().max(s.sample_every.as_secs_f64() * 10.0);
    plot(ui, s, &k.name, "saga-plot-ends", &ENDS, now_s);
    plot(ui, s, &k.name, "saga-plot-in-progress", &IN_PROGRESS, now_s);
}

/// One plot of `series`, titled by the message `title` (its help is `title-help`).
fn plot(ui: &mut Ui, s: &Snapshot, saga: &str, title: &str, series: &[(&str, Color32, bool)], to_s: f64) {
    let palette = Palette::of(ui.visuals());
    let buckets = 2 * ui.available_width().max(50.0) as usize;
    let mut lines = Vec::new();
    // The legend above the plot, as the main plots have it: each line's look, its words
    // and its newest value.
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr(title)).strong()).on_hover_text(tr(&format!("{title}-help")));
        ui.add_space(6.0);
        for &(stat, color, dashed) in series {
            let key = metric::key("saga", Some(saga), stat);
            let Some(column) = s.history.column_index(&key) else { continue };
            let words = tr(&format!("metric-saga-{stat}"));
            let latest = s.history.last(column).map_or_else(String::new, |v| format::compact(f64::from(v)));
            let style = if dashed { LineStyle::dashed_dense() } else { LineStyle::Solid };
            super::plots::legend_entry(ui, color, style, &format!("{words} {latest}"), &palette)
                .on_hover_text(metric::find(&key).map_or(key.clone(), |f| f.help()));
            let raw = s.history.points_between(column, 0.0, to_s);
            lines.push((words, color, style, decimate::min_max(&raw, 0.0, to_s, buckets)));
        }
    });
    Plot::new(("saga plot", saga, title))
        .height(PLOT_HEIGHT)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .include_x(0.0)
        .include_x(to_s)
        .show_background(false)
        .y_axis_min_width(40.0)
        .x_axis_formatter(|mark, _| format::axis_clock_s(mark.value, mark.step_size))
        .label_formatter(|pos| {
            let (name, p) = match pos {
                egui_plot::HoverPosition::NearDataPoint { plot_name, position, .. } => (*plot_name, position),
                egui_plot::HoverPosition::Elsewhere { position } => ("", position),
            };
            let value = if name.is_empty() { String::new() } else { format!("\n{name}: {}", format::compact(p.y)) };
            Some(format!("t = {}{value}", format::clock_s(p.x)))
        })
        .show(ui, |plot_ui| {
            for (label, color, style, points) in lines {
                plot_ui.line(Line::new(label, PlotPoints::new(points)).color(color).style(style).width(2.0));
            }
        });
}
