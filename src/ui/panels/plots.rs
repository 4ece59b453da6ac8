//! Live plots over a shared (linked) time axis, with a "follow" mode that keeps the
//! newest data in view and a cursor other panels can move. Every series is decimated to
//! at most two points per pixel column before drawing.
//!
//! The plot list is a registry ([`PLOTS`]): later issues add breaker and availability
//! plots by adding entries.

use crate::decimate;
use crate::engine::{SeriesKind, SeriesSpec};
use crate::i18n::{tr, tr_args};
use crate::metric;
use crate::time::SimTime;
use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::snapshot::{Snapshot, Timelines};
use crate::ui::theme::{BLUE, BLUISH_GREEN, ORANGE, Palette, REDDISH_PURPLE, SKY_BLUE, VERMILLION};
use egui::{Color32, Id, RichText, Ui};
use egui_plot::{Line, LineStyle, Plot, PlotPoints, VLine};

/// One plot: which series it draws and how to read them.
pub struct PlotSpec {
    pub title: &'static str,
    /// One sentence, shown on hover.
    pub help: &'static str,
    pub unit: &'static str,
    /// Multiplies the stored values (fractions shown as percentages).
    pub scale: f64,
    pub select: fn(&SeriesSpec) -> bool,
}

fn is_throughput(s: &SeriesSpec) -> bool {
    s.kind == SeriesKind::Throughput
}
fn is_latency(s: &SeriesSpec) -> bool {
    s.kind == SeriesKind::Latency
}
fn is_queue(s: &SeriesSpec) -> bool {
    matches!(s.kind, SeriesKind::Backlog | SeriesKind::Lag)
}
fn is_occupancy(s: &SeriesSpec) -> bool {
    matches!(s.kind, SeriesKind::InFlight | SeriesKind::Instances) || s.key.ends_with(".busy")
}
fn is_service_traffic(s: &SeriesSpec) -> bool {
    s.key.starts_with("service.") && (s.key.ends_with(".calls") || s.key.ends_with(".errors"))
}
fn is_failure_rate(s: &SeriesSpec) -> bool {
    s.key.starts_with("group.") && s.key.ends_with(".failure_rate")
}
fn is_breaker_state(s: &SeriesSpec) -> bool {
    s.key.starts_with("breaker.") && s.key.ends_with(".state")
}
fn is_breaker_failure_rate(s: &SeriesSpec) -> bool {
    s.key.starts_with("breaker.") && s.key.ends_with(".failure_rate")
}
fn is_service_level(s: &SeriesSpec) -> bool {
    s.kind == SeriesKind::ServiceLevel
}

/// The series of each family drawn only in a component's own plots (see
/// `component_plots`): a group's own throughput and percentiles, a service's latency (the
/// global latency plot is end to end; a group's p95 stays there as the one line per group).
const COMPONENT_ONLY: &[(&str, &[&str])] =
    &[("group", &["processed", "p50_ms", "p99_ms"]), ("service", &["p50_ms", "p99_ms"])];

/// Series drawn only in a component's own plots (see `component_plots`).
pub fn component_only(key: &str) -> bool {
    // A replica is a service named `SERVICE/N` (service names have no '/').
    if key.starts_with("service.") && key.contains('/') {
        return true;
    }
    COMPONENT_ONLY.iter().any(|(family, stats)| {
        key.strip_prefix(family).is_some_and(|rest| rest.starts_with('.'))
            && stats.iter().any(|stat| key.strip_suffix(stat).is_some_and(|head| head.ends_with('.')))
    })
}

/// The unit of circuit-breaker state series: 0 closed, 1 half-open, 2 open.
const STATE: &str = "state";

/// A breaker state level as a word.
fn state_name(level: f64) -> String {
    if (level - level.round()).abs() > 0.01 {
        return String::new();
    }
    let key = match level.round() as i64 {
        0 => "breaker-closed",
        1 => "breaker-half-open",
        2 => "breaker-open",
        _ => return String::new(),
    };
    tr(key).to_lowercase()
}

/// A value with its plot's unit, as the axis and the legend show it.
pub(super) fn with_unit(value: f64, unit: &str) -> String {
    match unit {
        STATE => state_name(value),
        "%" => format!("{}%", format::compact(value)),
        _ => format::compact(value),
    }
}

/// The plots, top to bottom.
pub const PLOTS: &[PlotSpec] = &[
    PlotSpec { title: "plot-throughput", help: "plot-throughput-help", unit: "/s", scale: 1.0, select: is_throughput },
    PlotSpec {
        title: "plot-latency-produce-to-processed",
        help: "plot-latency-produce-to-processed-help",
        unit: "ms",
        scale: 1.0,
        select: is_latency,
    },
    PlotSpec {
        title: "plot-backlog-and-consumer-lag",
        help: "plot-backlog-and-consumer-lag-help",
        unit: "msgs",
        scale: 1.0,
        select: is_queue,
    },
    PlotSpec {
        title: "plot-in-flight-and-instances",
        help: "plot-in-flight-and-instances-help",
        unit: "",
        scale: 1.0,
        select: is_occupancy,
    },
    PlotSpec {
        title: "plot-service-calls-and-errors",
        help: "plot-service-calls-and-errors-help",
        unit: "/s",
        scale: 1.0,
        select: is_service_traffic,
    },
    PlotSpec {
        title: "plot-failed-attempts-per-group",
        help: "plot-failed-attempts-per-group-help",
        unit: "%",
        scale: 100.0,
        select: is_failure_rate,
    },
    PlotSpec {
        title: "plot-circuit-breakers",
        help: "plot-circuit-breakers-help",
        unit: STATE,
        scale: 1.0,
        select: is_breaker_state,
    },
    PlotSpec {
        title: "plot-breaker-failure-rates",
        help: "plot-breaker-failure-rates-help",
        unit: "%",
        scale: 1.0,
        select: is_breaker_failure_rate,
    },
    PlotSpec {
        title: "plot-service-level-objectives-met",
        help: "plot-service-level-objectives-met-help",
        unit: "%",
        scale: 100.0,
        select: is_service_level,
    },
];

/// Throughput series that are drawn only when they are non-zero somewhere in view.
const ONLY_WHEN_NONZERO: [&str; 3] = ["throughput.expired", "throughput.dropped", "throughput.lost"];

fn only_when_nonzero(key: &str) -> bool {
    ONLY_WHEN_NONZERO.contains(&key)
}

/// Time windows offered in follow mode, seconds (`None` = the whole run).
const WINDOWS: [(&str, Option<f64>); 4] =
    [("1 m", Some(60.0)), ("5 m", Some(300.0)), ("15 m", Some(900.0)), ("all", None)];

pub struct PlotsPanel {
    follow: bool,
    window_s: Option<f64>,
    cursor: Option<SimTime>,
    /// A one-shot request to centre the view on a time (after a cursor move).
    center_on: Option<f64>,
    /// Width of the view when not following, seconds (for centring on the cursor).
    view_width_s: f64,
    /// The linked x range shown last frame (used when not following).
    last_bounds: Option<(f64, f64)>,
    /// The time whose traced journeys are listed under the header (a shift-click on a
    /// plot, or the cursor's "journeys near" button).
    near: Option<SimTime>,
}

impl Default for PlotsPanel {
    fn default() -> Self {
        PlotsPanel {
            follow: true,
            window_s: Some(120.0),
            cursor: None,
            center_on: None,
            view_width_s: 120.0,
            last_bounds: None,
            near: None,
        }
    }
}

impl PlotsPanel {
    /// Moves the cursor; the plots stop following and centre on it.
    pub fn set_cursor(&mut self, cursor: Option<SimTime>) {
        self.cursor = cursor;
        if let Some(t) = cursor {
            self.follow = false;
            self.center_on = Some(t.as_secs_f64());
        }
    }

    pub fn cursor(&self) -> Option<SimTime> {
        self.cursor
    }

    /// The time range the plots showed last frame (the per-component plots draw the same).
    pub fn view_bounds(&self) -> Option<(f64, f64)> {
        self.last_bounds
    }

    pub fn is_following(&self) -> bool {
        self.follow
    }

    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        let mut command = self.header(ui, s);
        let palette = Palette::of(ui.visuals());
        let columns = if ui.available_width() > 1000.0 { 2 } else { 1 };
        // Plots with nothing to draw for this scenario (no services, say) are left out.
        let shown: Vec<&PlotSpec> =
            PLOTS.iter().filter(|p| s.history.specs().iter().any(|sp| (p.select)(sp))).collect();
        let rows = shown.len().div_ceil(columns).max(1);
        // Up to three rows in view; on a short window one plot fills what is left (and
        // the rest scroll), rather than each plot keeping 130 points only half in view.
        let left = ui.available_height() - 8.0;
        let height = (left / rows.min(3) as f32 - 30.0).max(130.0_f32.min(left - 30.0)).max(60.0);
        let range = self.x_range(s);
        let mut interaction = Interaction::default();
        egui::ScrollArea::vertical().id_salt("plots").auto_shrink([false, false]).show(ui, |ui| {
            ui.columns(columns, |cols| {
                for (i, spec) in shown.into_iter().enumerate() {
                    let ui = &mut cols[i % columns];
                    self.plot(ui, spec, s, range, height, &palette, &mut interaction);
                    ui.add_space(6.0);
                }
            });
        });
        if interaction.panned {
            self.follow = false;
        }
        if interaction.reset {
            self.follow = true;
        }
        if let Some(w) = interaction.width_s {
            if self.follow && self.window_s.is_some() {
                self.window_s = Some(w);
            }
            self.view_width_s = w;
        }
        self.center_on = None;
        self.last_bounds = interaction.bounds.or(self.last_bounds);
        if let Some(t) = interaction.clicked_at {
            let at = SimTime::from_secs_f64(t.max(0.0));
            command = Some(Command::SetCursor(Some(at)));
            // Shift-click (or Ctrl/⌘-click): the journeys published in that interval too.
            if ui.input(|i| i.modifiers.shift || i.modifiers.command) {
                self.near = Some(at);
            }
        }
        command
    }

    fn header(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        let mut command = None;
        ui.horizontal(|ui| {
            ui.toggle_value(&mut self.follow, format!("⏵ {}", tr("plots-follow")))
                .on_hover_text(tr("plots-follow-help"));
            for (label, window) in WINDOWS {
                let on = self.follow && self.window_s == window;
                let label = if window.is_none() { tr("plots-window-all") } else { label.to_string() };
                if ui.selectable_label(on, label).on_hover_text(tr("plots-window-help")).clicked() {
                    self.window_s = window;
                    self.follow = true;
                }
            }
            ui.separator();
            match self.cursor {
                Some(t) => {
                    ui.label(tr_args("plots-cursor", &[("time", format::clock(t).into())]));
                    if ui.small_button("✖").on_hover_text(tr("plots-cursor-remove-help")).clicked() {
                        command = Some(Command::SetCursor(None));
                    }
                    if s.scenario.tracing.is_some()
                        && ui
                            .small_button(tr("plots-journeys-near"))
                            .on_hover_text(tr("plots-journeys-near-help"))
                            .clicked()
                    {
                        self.near = Some(t);
                    }
                }
                None => {
                    // Cut short on a narrow window rather than pushing the row wider.
                    let hint = RichText::new(tr("plots-cursor-hint")).weak();
                    ui.add(egui::Label::new(hint).truncate());
                }
            }
        });
        if let Some(at) = self.near {
            let (picked, close) = super::journeys::near_row(ui, s, at);
            command = command.or(picked);
            if close {
                self.near = None;
            }
        }
        command
    }

    /// The x range to draw this frame, or `None` to keep the plots' own (panned) bounds.
    fn x_range(&self, s: &Snapshot) -> Option<(f64, f64)> {
        let now = s.now.as_secs_f64();
        if let Some(t) = self.center_on {
            let half = self.view_width_s.max(1.0) / 2.0;
            return Some((t - half, t + half));
        }
        if !self.follow {
            return None;
        }
        Some(match self.window_s {
            // Until a window's worth has run, keep zero at the left edge so the data
            // grows from the left instead of sitting at the right of empty negative time.
            Some(w) if now < w => (0.0, w),
            Some(w) => (now - w, now),
            None => (0.0, now.max(s.sample_every.as_secs_f64() * 2.0)),
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn plot(
        &self,
        ui: &mut Ui,
        spec: &PlotSpec,
        s: &Snapshot,
        range: Option<(f64, f64)>,
        height: f32,
        palette: &Palette,
        interaction: &mut Interaction,
    ) {
        let history = &s.history;
        let groups = s.status.groups.len();
        let series: Vec<(usize, &SeriesSpec)> = history
            .specs()
            .iter()
            .enumerate()
            .filter(|(_, sp)| (spec.select)(sp))
            // With one group, its p95 repeats the overall p95.
            .filter(|(_, sp)| !(groups <= 1 && sp.key.starts_with("group.") && sp.kind == SeriesKind::Latency))
            // A group's own throughput and p50/p99 belong to its per-component plots (the
            // detail panel), not to the global ones.
            .filter(|(_, sp)| !component_only(&sp.key))
            .collect();
        let unit = spec.unit;
        let cursor = self.cursor;
        let (x0, x1) = range.or(self.last_bounds).unwrap_or((0.0, 120.0));
        // Half a view either side, so panning shows no gap before the next frame; so the
        // decimator gets two buckets per visible pixel (each keeps at most two points).
        let margin = (x1 - x0) * 0.5;
        let buckets = 2 * ui.available_width().max(50.0) as usize;
        let mut lines = Vec::new();
        for (n, (column, sp)) in series.iter().enumerate() {
            let raw = history.points_between(*column, x0 - margin, x1 + margin);
            if only_when_nonzero(&sp.key) && raw.iter().all(|(_, v)| *v == 0.0) {
                continue;
            }
            let mut points = decimate::min_max(&raw, x0 - margin, x1 + margin, buckets);
            if spec.scale != 1.0 {
                points.iter_mut().for_each(|p| p[1] *= spec.scale);
            }
            if spec.unit == STATE {
                points = steps(&points);
            }
            let (color, style) = series_style(&sp.key, n, palette);
            let latest = history.last(*column).map(|v| f64::from(v) * spec.scale);
            let label = format::series_label(&sp.key, &sp.label);
            lines.push(SeriesLine { key: sp.key.clone(), label, color, style, points, latest });
        }
        let folded = keep_the_largest_components(&mut lines);
        legend(ui, spec, &lines, &folded, palette);
        let marks = breaker_marks(&s.timelines, x0 - margin, x1 + margin);
        let rebalances = rebalance_marks(&s.status, x0 - margin, x1 + margin);
        // A marker is a line without points, so the hover finds it by its time: within
        // 1 % of the view's width of the pointer (a few pixels).
        let hover_marks: Vec<(f64, String)> = rebalances.iter().map(|m| (m.0, m.1.clone())).collect();
        let near = (x1 - x0) / 100.0;
        let response = time_plot(spec.title, height, unit)
            .y_axis_min_width(48.0)
            .label_formatter(move |pos| {
                let (name, p) = match pos {
                    egui_plot::HoverPosition::NearDataPoint { plot_name, position, .. } => (*plot_name, position),
                    egui_plot::HoverPosition::Elsewhere { position } => ("", position),
                };
                let value = if name.is_empty() {
                    String::new()
                } else {
                    let value = match unit {
                        STATE | "%" => with_unit(p.y, unit),
                        _ => format!("{} {unit}", format::compact(p.y)),
                    };
                    format!("\n{name}: {value}")
                };
                let mut marks = String::new();
                for (at, text) in hover_marks.iter().filter(|(at, _)| (at - p.x).abs() <= near) {
                    marks += &format!("\n{} {text}", format::clock_s(*at));
                }
                Some(format!("t = {}{value}{marks}", format::clock_s(p.x)))
            })
            .show(ui, |plot_ui| {
                if let Some((a, b)) = range {
                    plot_ui.set_plot_bounds_x(a..=b);
                }
                plot_ui.set_auto_bounds([false, true]);
                for line in lines {
                    plot_ui.line(
                        Line::new(line.label, PlotPoints::new(line.points))
                            .color(line.color)
                            .style(line.style)
                            .width(2.0),
                    );
                }
                for (at, name, color) in marks {
                    plot_ui.vline(VLine::new(name, at).color(color.gamma_multiply(0.7)).width(1.5));
                }
                for (at, name, color) in rebalances {
                    let line = VLine::new(name, at).color(color).width(1.5).style(LineStyle::dashed_dense());
                    plot_ui.vline(line);
                }
                if let Some(t) = cursor {
                    plot_ui.vline(cursor_line(t, palette));
                }
                let clicked = plot_ui.response().clicked().then(|| plot_ui.pointer_coordinate()).flatten();
                clicked.map(|p| p.x)
            });
        let r = &response.response;
        if r.dragged() || (r.hovered() && ui.input(|i| i.smooth_scroll_delta.x != 0.0)) {
            interaction.panned = true;
        }
        if r.double_clicked() {
            interaction.reset = true;
        }
        if let Some(t) = response.inner {
            interaction.clicked_at = Some(t);
        }
        let bounds = response.transform.bounds();
        interaction.width_s = Some(bounds.width());
        interaction.bounds = Some((bounds.min()[0], bounds.max()[0]));
    }
}

/// A plot over virtual time as every time plot of the dashboard draws it: its time axis
/// and cursor linked with the others, zoomed and panned along time only, values from 0,
/// round grid steps in `unit`.
pub(super) fn time_plot<'a>(id: impl std::hash::Hash + std::fmt::Debug, height: f32, unit: &'static str) -> Plot<'a> {
    Plot::new(id)
        .height(height)
        .link_axis(Id::unique("faultline-time"), [true, false])
        .link_cursor(Id::unique("faultline-time"), [true, false])
        .allow_zoom([true, false])
        .allow_drag([true, false])
        .allow_scroll([true, false])
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .include_y(0.0)
        .show_background(false)
        .x_axis_formatter(|mark, _| format::axis_clock_s(mark.value, mark.step_size))
        .x_grid_spacer(egui_plot::uniform_grid_spacer(time_steps))
        .y_grid_spacer(egui_plot::uniform_grid_spacer(value_steps))
        // Grid lines at least 20 px apart: a calmer picture, and far fewer lines to draw.
        .grid_spacing(20.0..=300.0)
        .y_axis_formatter(move |mark, _| with_unit(mark.value, unit))
}

/// The cursor placed at `t`, as every time plot draws it.
pub(super) fn cursor_line(t: SimTime, palette: &Palette) -> VLine {
    VLine::new("cursor", t.as_secs_f64()).color(palette.selection).width(2.0).style(LineStyle::dashed_loose())
}

/// Every breaker transition between `from_s` and `to_s` as a marker on the time axis:
/// opening in vermillion, probing in orange, closing in green (the breakers tab's colours),
/// so a change in the lines can be read against what the breaker did.
fn breaker_marks(timelines: &Timelines, from_s: f64, to_s: f64) -> Vec<(f64, String, Color32)> {
    let mut marks = Vec::new();
    for b in &timelines.breakers {
        for t in &b.transitions {
            let at = t.at.as_secs_f64();
            if at < from_s || at > to_s {
                continue;
            }
            // The breakers tab's colours, so a marker and the band it starts agree.
            let color = super::breakers::look(t.to).color;
            marks.push((at, format!("breaker {} {}", b.name, t.to.name()), color));
        }
    }
    marks
}

/// Every finished rebalance of a Partitioned group that started between `from_s` and
/// `to_s` as a marker on the time axis, with its group, the partitions it moved and its
/// protocol: eager (the whole group stopped) in vermillion, cooperative (only the moved
/// partitions) in sky blue; a rebalance in progress shows once it is done.
fn rebalance_marks(status: &crate::engine::SystemStatus, from_s: f64, to_s: f64) -> Vec<(f64, String, Color32)> {
    let mut marks = Vec::new();
    for g in &status.groups {
        for m in &g.rebalance_marks {
            let at = m.started_at.as_secs_f64();
            if at < from_s || at > to_s {
                continue;
            }
            let (protocol, color) = if m.cooperative {
                ("plot-rebalance-cooperative", SKY_BLUE)
            } else {
                ("plot-rebalance-eager", VERMILLION)
            };
            let text = tr_args(
                "plot-rebalance-mark",
                &[
                    ("group", g.name.clone().into()),
                    ("moved", m.moved.into()),
                    ("protocol", tr(protocol).into()),
                    ("took", format::span_s((m.done_at - m.started_at).as_secs_f64()).into()),
                ],
            );
            marks.push((at, text, color));
        }
    }
    marks
}

/// What the user did to any plot this frame.
#[derive(Default)]
struct Interaction {
    panned: bool,
    reset: bool,
    clicked_at: Option<f64>,
    width_s: Option<f64>,
    bounds: Option<(f64, f64)>,
}

/// A series ready to draw.
struct SeriesLine {
    key: String,
    label: String,
    color: Color32,
    style: LineStyle,
    points: Vec<[f64; 2]>,
    /// The newest value (scaled), for the legend.
    latest: Option<f64>,
}

/// Most per-component lines a global plot draws (a group's p95, a topic's backlog, …).
/// With 40 components a plot would otherwise draw 20 lines whose legend, wrapping, leaves
/// the plot itself a few pixels tall; like a Grafana legend sorted by value and cut at
/// the top N, the plot keeps the components whose newest values are largest (the ones to
/// look at: the worst latency, the deepest backlog) and names the others in one entry.
/// Each component's own plots (the detail panel) show all of its series.
pub const MAX_COMPONENT_LINES: usize = 6;

/// Whether series `key` belongs to one component (`group.NAME.…`), not to the whole run,
/// as the metric table reads the key.
fn is_per_component(key: &str) -> bool {
    metric::find(key).is_some_and(|found| found.component.is_some())
}

/// Keeps every whole-run line and the `MAX_COMPONENT_LINES` per-component lines with the
/// largest newest values (ties and missing values in declaration order); returns the
/// labels (with their newest values) of those left out, in the same order.
fn keep_the_largest_components(lines: &mut Vec<SeriesLine>) -> Vec<(String, Option<f64>)> {
    let mut components: Vec<usize> = (0..lines.len()).filter(|&i| is_per_component(&lines[i].key)).collect();
    if components.len() <= MAX_COMPONENT_LINES {
        return Vec::new();
    }
    // Stable: equal values keep the scenario's order.
    components.sort_by(|&a, &b| {
        let value = |i: usize| lines[i].latest.unwrap_or(f64::NEG_INFINITY);
        value(b).total_cmp(&value(a))
    });
    let mut left_out: Vec<usize> = components.split_off(MAX_COMPONENT_LINES);
    left_out.sort_unstable();
    let folded = left_out.iter().map(|&i| (lines[i].label.clone(), lines[i].latest)).collect();
    let mut i = 0;
    lines.retain(|_| {
        i += 1;
        left_out.binary_search(&(i - 1)).is_err()
    });
    folded
}

/// The plot's title and, for each series, a sample of its line, its name and its newest
/// value (a legend outside the plot, so it never hides data); then how many components'
/// lines were left out, which its hover names with their values.
fn legend(ui: &mut Ui, spec: &PlotSpec, lines: &[SeriesLine], folded: &[(String, Option<f64>)], palette: &Palette) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr(spec.title)).strong()).on_hover_text(tr(spec.help));
        ui.add_space(6.0);
        for line in lines {
            let value = line.latest.map_or(String::new(), |v| format!(" {}", with_unit(v, spec.unit)));
            legend_entry(ui, line.color, line.style, &format!("{}{value}", line.label), palette)
                .on_hover_text(series_help(&line.key));
        }
        if !folded.is_empty() {
            let names: Vec<String> = folded
                .iter()
                .map(|(label, latest)| latest.map_or(label.clone(), |v| format!("{label} {}", with_unit(v, spec.unit))))
                .collect();
            let text = tr_args("plots-more-components", &[("count", folded.len().into())]);
            ui.label(RichText::new(text).weak()).on_hover_text(format!(
                "{}\n{}",
                tr("plots-more-components-help"),
                names.join("\n")
            ));
        }
    });
}

/// A sample of a series' line (its colour and dashes) and its label, as one widget so that
/// wrapping never separates them (the sagas tab's plots use it too).
pub fn legend_entry(ui: &mut Ui, color: Color32, style: LineStyle, text: &str, palette: &Palette) -> egui::Response {
    const SWATCH: f32 = 22.0;
    let font = egui::TextStyle::Body.resolve(ui.style());
    let galley = ui.painter().layout_no_wrap(text.to_string(), font, palette.text_dim);
    let size = egui::vec2(SWATCH + 5.0 + galley.size().x, galley.size().y.max(12.0));
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let painter = ui.painter();
    let y = rect.center().y;
    let (a, b) = (egui::pos2(rect.left(), y), egui::pos2(rect.left() + SWATCH, y));
    let stroke = egui::Stroke::new(2.5, color);
    match style {
        LineStyle::Solid => {
            painter.line_segment([a, b], stroke);
        }
        LineStyle::Dashed { .. } => {
            painter.extend(egui::Shape::dashed_line(&[a, b], stroke, 6.0, 3.0));
        }
        LineStyle::Dotted { .. } => {
            for i in 0..5 {
                painter.circle_filled(a + egui::vec2(2.0 + 4.5 * i as f32, 0.0), 1.5, color);
            }
        }
    }
    let text_pos = egui::pos2(rect.left() + SWATCH + 5.0, rect.center().y - galley.size().y / 2.0);
    painter.galley(text_pos, galley, palette.text_dim);
    response
}

/// A state holds for its whole interval: draw it as steps, not ramps between samples.
fn steps(points: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut out = Vec::with_capacity(points.len() * 2);
    for pair in points.windows(2) {
        out.push(pair[0]);
        out.push([pair[0][0], pair[1][1]]);
    }
    out.extend(points.last());
    out
}

/// Grid steps on the time axis that read as clock times (10 s, 1 min, 5 min…) rather
/// than powers of ten (100 s).
pub(super) fn time_steps(input: egui_plot::GridInput) -> [f64; 3] {
    const LADDER: [f64; 19] = [
        0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 1800.0, 3600.0, 7200.0,
        21600.0, 86400.0,
    ];
    // The first ladder step of at least `x` that is a whole multiple of `of`, so labels
    // of two levels never collide.
    let step = |x: f64, of: f64| {
        LADDER
            .iter()
            .copied()
            .find(|s| *s >= x && ((s / of) - (s / of).round()).abs() < 1e-9)
            .unwrap_or(of * (x / of).ceil())
    };
    let fine = step(input.base_step_size.max(1e-3), 0.1);
    let medium = step(fine * 2.5, fine);
    [fine, medium, step(medium * 2.5, medium)]
}

/// Grid steps on a value axis in a 1-2-5 progression, so a short plot still gets a
/// labelled line between zero and its top (powers of ten alone often leave only "0").
/// Each level is a multiple of the one below, so labels of two levels never collide.
pub(super) fn value_steps(input: egui_plot::GridInput) -> [f64; 3] {
    let x = input.base_step_size.abs().max(1e-9);
    let decade = 10f64.powf(x.log10().floor());
    let fine = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * decade).find(|s| *s >= x).unwrap_or(10.0 * decade);
    // ×5 from a 1 or 2 (1→5, 2→10), ×2 from a 5 (5→10): always a whole multiple.
    let up = |s: f64| {
        let mantissa = s / 10f64.powf(s.log10().floor());
        if (mantissa - 5.0).abs() < 1e-6 { s * 2.0 } else { s * 5.0 }
    };
    let medium = up(fine);
    [fine, medium, up(medium)]
}

/// Colour and dash pattern of a series: fixed for the system-wide ones, otherwise cycled so
/// neighbouring lines differ in both colour and pattern.
fn series_style(key: &str, n: usize, palette: &Palette) -> (Color32, LineStyle) {
    fixed_style(key, palette).unwrap_or_else(|| {
        const COLORS: [Color32; 6] = [BLUE, ORANGE, BLUISH_GREEN, VERMILLION, REDDISH_PURPLE, SKY_BLUE];
        let styles = [LineStyle::Solid, LineStyle::dashed_dense(), LineStyle::dotted_dense()];
        (COLORS[n % COLORS.len()], styles[(n / 2) % styles.len()])
    })
}

/// The style of each system-wide series (a test checks there is one per such metric).
fn fixed_style(key: &str, palette: &Palette) -> Option<(Color32, LineStyle)> {
    match key {
        "throughput.produced" => Some((BLUE, LineStyle::Solid)),
        "throughput.processed" => Some((BLUISH_GREEN, LineStyle::Solid)),
        "throughput.dead_lettered" => Some((REDDISH_PURPLE, LineStyle::dashed_dense())),
        "throughput.failed" => Some((VERMILLION, LineStyle::dotted_dense())),
        "throughput.expired" => Some((ORANGE, LineStyle::dashed_loose())),
        "throughput.dropped" => Some((VERMILLION, LineStyle::dashed_loose())),
        "throughput.lost" => Some((palette.text, LineStyle::Solid)),
        "latency.p50_ms" => Some((SKY_BLUE, LineStyle::Solid)),
        "latency.p95_ms" => Some((ORANGE, LineStyle::dashed_dense())),
        "latency.p99_ms" => Some((VERMILLION, LineStyle::dotted_dense())),
        _ => None,
    }
}

/// One sentence on what a series measures: its metric's, from the metric table.
fn series_help(key: &str) -> String {
    metric::find(key).map_or_else(|| key.to_string(), |found| found.help())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_global_plots_leave_out_what_belongs_to_one_component() {
        for key in ["group.payments.p99_ms", "group.payments.processed", "service.api.p50_ms", "service.api/2.calls"] {
            assert!(component_only(key), "{key}");
        }
        for key in ["group.payments.p95_ms", "service.api.calls", "latency.p99_ms", "topic.orders.backlog"] {
            assert!(!component_only(key), "{key}");
        }
    }

    #[test]
    fn breaker_states_draw_as_steps_and_read_as_words() {
        let pts = [[1.0, 0.0], [2.0, 2.0], [3.0, 1.0]];
        assert_eq!(steps(&pts), vec![[1.0, 0.0], [1.0, 2.0], [2.0, 2.0], [2.0, 1.0], [3.0, 1.0]]);
        assert_eq!(with_unit(2.0, STATE), "open");
        assert_eq!(with_unit(1.0, STATE), "half-open");
        assert_eq!(with_unit(0.5, STATE), "", "grid lines between states have no name");
        assert_eq!(with_unit(12.5, "%"), "12.5%");
    }

    #[test]
    fn breaker_transitions_in_view_become_markers_coloured_by_the_new_state() {
        use crate::engine::BreakerState::{Closed, HalfOpen, Open};
        use crate::ui::snapshot::{BreakerMark, BreakerTimeline};
        let mark =
            |s: u64, from, to| BreakerMark { at: SimTime(s * 1_000_000_000), from, to, cause: Default::default() };
        let timelines = Timelines {
            breakers: vec![BreakerTimeline {
                name: "payments:gateway".into(),
                transitions: vec![mark(20, Closed, Open), mark(30, Open, HalfOpen), mark(40, HalfOpen, Closed)],
                evicted: 0,
            }],
            alerts: Vec::new(),
        };
        let marks = breaker_marks(&timelines, 25.0, 100.0);
        let seen: Vec<(f64, &str)> = marks.iter().map(|(at, name, _)| (*at, name.as_str())).collect();
        assert_eq!(seen, [(30.0, "breaker payments:gateway HALF_OPEN"), (40.0, "breaker payments:gateway CLOSED")]);
        assert_eq!(marks[0].2, crate::ui::theme::ORANGE);
        assert_eq!(marks[1].2, crate::ui::theme::BLUISH_GREEN);
    }

    #[test]
    fn finished_rebalances_in_view_become_markers_with_the_partitions_they_moved() {
        use crate::engine::consumer::RebalanceMark;
        use crate::engine::status::{GroupStatus, SystemStatus};
        let at = |s: u64| SimTime(s * 1_000_000_000);
        let marks = vec![
            RebalanceMark { started_at: at(5), done_at: at(6), moved: 4, cooperative: false },
            RebalanceMark { started_at: at(20), done_at: at(22), moved: 1, cooperative: true },
        ];
        let status = SystemStatus {
            groups: vec![GroupStatus { name: "g".into(), rebalance_marks: marks, ..Default::default() }],
            ..Default::default()
        };
        let shown = rebalance_marks(&status, 10.0, 100.0);
        assert_eq!(shown.len(), 1, "the one at 5 s is out of view");
        assert_eq!(shown[0].0, 20.0);
        assert_eq!(shown[0].1, "rebalance of g: 1 partition moved, cooperative (only moved partitions paused), 2.0 s");
        assert_eq!(shown[0].2, SKY_BLUE);
        let all = rebalance_marks(&status, 0.0, 100.0);
        assert_eq!(all[0].1, "rebalance of g: 4 partitions moved, eager (whole group stopped), 1.0 s");
        assert_eq!(all[0].2, VERMILLION);
    }

    #[test]
    fn a_marker_has_the_colour_the_breakers_tab_gives_its_state() {
        use crate::engine::BreakerState;
        use crate::ui::snapshot::{BreakerMark, BreakerTimeline};
        let transitions: Vec<BreakerMark> = (0u64..)
            .zip(BreakerState::ALL)
            .map(|(s, to)| BreakerMark {
                at: SimTime(s * 1_000_000_000),
                from: BreakerState::Closed,
                to,
                cause: Default::default(),
            })
            .collect();
        let timelines = Timelines {
            breakers: vec![BreakerTimeline { name: "g:s".into(), transitions, evicted: 0 }],
            alerts: Vec::new(),
        };
        let colours: Vec<Color32> = breaker_marks(&timelines, 0.0, 100.0).into_iter().map(|(_, _, c)| c).collect();
        let tab: Vec<Color32> = BreakerState::ALL.into_iter().map(|s| super::super::breakers::look(s).color).collect();
        assert_eq!(colours, tab);
        // METRICS_ONLY is the breakers tab's sky blue, not the grey the plots once used.
        assert_eq!(colours[5], crate::ui::theme::SKY_BLUE);
    }

    #[test]
    fn a_plot_keeps_the_six_largest_components_and_folds_the_rest() {
        let line = |key: &str, latest: Option<f64>| SeriesLine {
            key: key.into(),
            label: key.into(),
            color: Color32::WHITE,
            style: LineStyle::Solid,
            points: Vec::new(),
            latest,
        };
        // The whole run's p95, then eight groups' p95 of 1 … 8 ms (group 3 not sampled
        // yet): the six largest are 8, 7, 6, 5, 4 and 2 ms (groups 8 … 4 and 2); groups 1
        // and 3 are folded, in declaration order.
        let mut lines = vec![line("latency.p95_ms", Some(3.0))];
        for g in 1..=8 {
            let latest = (g != 3).then_some(f64::from(g));
            lines.push(line(&format!("group.g{g}.p95_ms"), latest));
        }
        let folded = keep_the_largest_components(&mut lines);
        let kept: Vec<&str> = lines.iter().map(|l| l.key.as_str()).collect();
        assert_eq!(
            kept,
            [
                "latency.p95_ms",
                "group.g2.p95_ms",
                "group.g4.p95_ms",
                "group.g5.p95_ms",
                "group.g6.p95_ms",
                "group.g7.p95_ms",
                "group.g8.p95_ms"
            ]
        );
        assert_eq!(folded, vec![("group.g1.p95_ms".to_string(), Some(1.0)), ("group.g3.p95_ms".to_string(), None)]);
        // Six or fewer: nothing is folded.
        let mut few: Vec<SeriesLine> = (1..=6).map(|g| line(&format!("topic.t{g}.backlog"), Some(0.0))).collect();
        assert!(keep_the_largest_components(&mut few).is_empty());
        assert_eq!(few.len(), 6);
    }

    #[test]
    fn grid_steps_are_round_numbers() {
        let input = |base| egui_plot::GridInput { bounds: (0.0, 1000.0), base_step_size: base };
        assert_eq!(value_steps(input(155.0)), [200.0, 1000.0, 5000.0]);
        assert_eq!(value_steps(input(0.03)), [0.05, 0.1, 0.5]);
        assert_eq!(time_steps(input(2.0)), [2.0, 10.0, 30.0]);
        assert_eq!(time_steps(input(70.0)), [120.0, 600.0, 1800.0]);
        for base in [0.05, 0.7, 3.0, 11.0, 45.0, 500.0, 5000.0] {
            let [a, b, c] = time_steps(input(base));
            assert!(a >= base && (b / a).fract() == 0.0 && (c / b).fract() == 0.0, "{base}: {a} {b} {c}");
        }
    }

    #[test]
    fn keys_named_here_are_metrics_of_the_table() {
        let palette = Palette::of(&egui::Visuals::dark());
        let system = metric::THROUGHPUT.specs(None).chain(metric::LATENCY.specs(None));
        for spec in system {
            assert!(fixed_style(&spec.key, &palette).is_some(), "{} has a fixed style", spec.key);
        }
        for key in ONLY_WHEN_NONZERO {
            assert!(metric::find(key).is_some(), "{key} is a metric");
        }
    }

    #[test]
    fn every_series_of_the_default_scenario_is_explained_and_plotted_once() {
        let text = crate::ui::runner::DEFAULT_SCENARIO;
        let scenario = crate::scenario::parse_str(text, "order-pipeline.ron").map_err(|e| e.to_string());
        let sim = scenario.and_then(|s| crate::engine::Simulation::new(&s).map_err(|e| e.to_string()));
        let sim = sim.unwrap_or_else(|e| panic!("{e}"));
        for spec in sim.history().specs() {
            let plots = PLOTS.iter().filter(|p| (p.select)(spec)).count();
            assert_eq!(plots, 1, "{} is drawn in exactly one plot", spec.key);
            let help = series_help(&spec.key);
            assert!(help.ends_with('.') && help != spec.key, "{} has a sentence: {help}", spec.key);
        }
    }
}
