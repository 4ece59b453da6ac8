//! Per-component plots: the selected consumer group's or service's own throughput, latency
//! percentiles, errors and backlog, drawn in the detail panel from the same metrics history
//! as the global plots (the engine samples each component's series every `sample_every`,
//! in the bounded, consolidated history), on the same linked time axis with the same
//! cursor. The global plots stay as they are.

use super::plots::{cursor_line, time_plot, with_unit};
use crate::decimate;
use crate::i18n::tr;
use crate::metric;
use crate::time::SimTime;
use crate::ui::command::{Command, Component};
use crate::ui::snapshot::Snapshot;
use crate::ui::theme::{BLUE, BLUISH_GREEN, ORANGE, Palette, REDDISH_PURPLE, SKY_BLUE, VERMILLION, YELLOW};
use egui::{Color32, RichText, Ui};
use egui_plot::{Line, LineStyle, PlotPoints};

/// Colours of a service's replicas' lines, in turn.
const REPLICA_COLOURS: [Color32; 5] = [SKY_BLUE, ORANGE, YELLOW, BLUE, BLUISH_GREEN];

/// Height of one per-component plot: four fit a side panel on a 720-pixel projector.
const PLOT_HEIGHT: f32 = 90.0;

/// One of a component's plots: its title key, unit, scale, and the series (stat, colour).
pub struct ComponentPlot {
    pub title: &'static str,
    pub unit: &'static str,
    pub scale: f64,
    pub stats: &'static [(&'static str, Color32)],
}

/// A consumer group's plots: what it processed, how long its messages took (end to end, at
/// p50/p95/p99), the share of its attempts that failed, and what it has not finished.
pub const GROUP_PLOTS: [ComponentPlot; 4] = [
    ComponentPlot { title: "cplot-throughput", unit: "/s", scale: 1.0, stats: &[("processed", BLUISH_GREEN)] },
    ComponentPlot {
        title: "cplot-latency",
        unit: "ms",
        scale: 1.0,
        stats: &[("p50_ms", SKY_BLUE), ("p95_ms", ORANGE), ("p99_ms", VERMILLION)],
    },
    ComponentPlot { title: "cplot-errors", unit: "%", scale: 100.0, stats: &[("failure_rate", VERMILLION)] },
    ComponentPlot {
        title: "cplot-backlog",
        unit: "msgs",
        scale: 1.0,
        stats: &[("lag", BLUE), ("in_flight", REDDISH_PURPLE)],
    },
];

/// A service's plots: calls that reached it, how long they spent there, those that failed,
/// and what it is serving or has queued; with several replicas, each replica's line of the
/// plot's last series (the p99 of the latency plot) over the service's.
pub const SERVICE_PLOTS: [ComponentPlot; 4] = [
    ComponentPlot { title: "cplot-calls", unit: "/s", scale: 1.0, stats: &[("calls", BLUISH_GREEN)] },
    ComponentPlot {
        title: "cplot-service-latency",
        unit: "ms",
        scale: 1.0,
        stats: &[("p50_ms", SKY_BLUE), ("p99_ms", VERMILLION)],
    },
    ComponentPlot { title: "cplot-errors", unit: "/s", scale: 1.0, stats: &[("errors", VERMILLION)] },
    ComponentPlot { title: "cplot-busy", unit: "calls", scale: 1.0, stats: &[("busy", REDDISH_PURPLE)] },
];

/// A topic's plot: its backlog.
pub const TOPIC_PLOTS: [ComponentPlot; 1] =
    [ComponentPlot { title: "cplot-backlog", unit: "msgs", scale: 1.0, stats: &[("backlog", BLUE)] }];

/// The history family and plots of a component (`None`: it has no series of its own).
pub fn plots_of(component: &Component) -> Option<(&'static str, &'static [ComponentPlot])> {
    match component {
        Component::Group(_) => Some((metric::GROUP.name, &GROUP_PLOTS)),
        Component::Service(_) => Some((metric::SERVICE.name, &SERVICE_PLOTS)),
        Component::Topic(_) => Some((metric::TOPIC.name, &TOPIC_PLOTS)),
        Component::Producer(_) | Component::Client(_) => None,
    }
}

/// The history key of a component's series: `group.payments.p99_ms`.
pub fn series_key(family: &str, component: &str, stat: &str) -> String {
    metric::key(family, Some(component), stat)
}

/// Draws the component's plots over `bounds` (the global plots' time range, `None` before
/// they have drawn) with the plots' cursor; a click moves the cursor, as on the global plots.
pub fn show(
    ui: &mut Ui,
    s: &Snapshot,
    component: &Component,
    bounds: Option<(f64, f64)>,
    cursor: Option<SimTime>,
) -> Option<Command> {
    let (family, plots) = plots_of(component)?;
    let history = &s.history;
    let palette = Palette::of(ui.visuals());
    let (x0, x1) = bounds.unwrap_or((0.0, s.now.as_secs_f64().max(s.sample_every.as_secs_f64() * 2.0)));
    let margin = (x1 - x0) * 0.5;
    let buckets = 2 * ui.available_width().max(50.0) as usize;
    let mut command = None;
    for plot in plots {
        let mut lines = Vec::new();
        for (at, (stat, color)) in plot.stats.iter().enumerate() {
            let key = series_key(family, component.name(), stat);
            let Some(column) = history.column_index(&key) else { continue };
            let raw = history.points_between(column, x0 - margin, x1 + margin);
            let mut points = decimate::min_max(&raw, x0 - margin, x1 + margin, buckets);
            points.iter_mut().for_each(|p| p[1] *= plot.scale);
            let latest = history.last(column).map(|v| f64::from(v) * plot.scale);
            // The metric's words without the component's name (it is the one selected).
            let message = format!("metric-{family}-{}", stat.replace('_', "-"));
            let words = tr(&message);
            let label = if words == message { stat.to_string() } else { words };
            lines.push((label, *color, LineStyle::Solid, points, latest));
            // A service's replicas (when it has several), one dashed line each, for the
            // plot's last series only: two percentiles × replicas would hide the service's.
            if let Component::Service(name) = component
                && at + 1 == plot.stats.len()
            {
                for n in 1.. {
                    let replica = format!("{name}/{n}");
                    let key = series_key(metric::SERVICE.name, &replica, stat);
                    let Some(column) = history.column_index(&key) else { break };
                    let raw = history.points_between(column, x0 - margin, x1 + margin);
                    let mut points = decimate::min_max(&raw, x0 - margin, x1 + margin, buckets);
                    points.iter_mut().for_each(|p| p[1] *= plot.scale);
                    let latest = history.last(column).map(|v| f64::from(v) * plot.scale);
                    let color = REPLICA_COLOURS[(n - 1) % REPLICA_COLOURS.len()];
                    lines.push((replica, color, LineStyle::dashed_dense(), points, latest));
                }
            }
        }
        if lines.is_empty() {
            continue;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(tr(plot.title)).strong());
            for (label, color, style, _, latest) in &lines {
                let value = latest.map_or(String::new(), |v| format!(" {}", with_unit(v, plot.unit)));
                let text = format!("{label}{value}");
                let entry = super::plots::legend_entry(ui, *color, *style, &text, &palette);
                // Readable by a screen reader (and a test): the series and its newest value.
                entry.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Label, true, &text));
            }
        });
        let unit = plot.unit;
        let response = time_plot(("component plot", plot.title, component.name()), PLOT_HEIGHT, unit)
            // Counts and rates are never negative: with every value 0 the axis shows 0 to 1
            // rather than −50 to 50.
            .include_y(1.0)
            .y_axis_min_width(40.0)
            .show(ui, |plot_ui| {
                if let Some((a, b)) = bounds {
                    plot_ui.set_plot_bounds_x(a..=b);
                }
                plot_ui.set_auto_bounds([false, true]);
                for (label, color, style, points, _) in lines {
                    plot_ui.line(Line::new(label, PlotPoints::new(points)).color(color).style(style).width(2.0));
                }
                if let Some(t) = cursor {
                    plot_ui.vline(cursor_line(t, &palette));
                }
                plot_ui.response().clicked().then(|| plot_ui.pointer_coordinate()).flatten().map(|p| p.x)
            });
        if let Some(t) = response.inner {
            command = Some(Command::SetCursor(Some(SimTime::from_secs_f64(t.max(0.0)))));
        }
    }
    command
}
