//! Circuit breakers, as the Hystrix dashboard and Resilience4j's Grafana dashboards show
//! them: per breaker its state now and over the run (a band of closed / open / half-open
//! stretches, each with its reason), the failure and slow-call rates against their
//! thresholds, the sliding window's contents, the recent transitions, and the operator's
//! controls (Resilience4j's `transitionTo…State`).

use super::strip::{self, Look, Pattern, Segment};
use super::widgets::{caption, state_chip};
use crate::engine::BreakerState;
use crate::engine::policy::{Counts, WindowCells};
use crate::engine::status::BreakerStatus;
use crate::i18n::{lang, tr, tr_args};
use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::runner::Control;
use crate::ui::snapshot::{BreakerTimeline, Snapshot};
use crate::ui::theme::{BLUISH_GREEN, Health, ORANGE, Palette, SKY_BLUE, VERMILLION};
use egui::{Color32, CornerRadius, Rect, RichText, Sense, Stroke, StrokeKind, Ui, pos2, vec2};

/// How a breaker state looks everywhere in the dashboard (this tab's bands and cells, the
/// topology's badges, the plots' transition markers): colour, pattern and word.
pub fn look(state: BreakerState) -> Look {
    match state {
        BreakerState::Closed => Look { color: BLUISH_GREEN, pattern: Pattern::Plain, word: "breaker-closed" },
        BreakerState::HalfOpen => Look { color: ORANGE, pattern: Pattern::Dots, word: "breaker-half-open" },
        BreakerState::Open => Look { color: VERMILLION, pattern: Pattern::Hatch, word: "breaker-open" },
        BreakerState::ForcedOpen => Look { color: VERMILLION, pattern: Pattern::Cross, word: "breaker-forced-open" },
        BreakerState::Disabled => Look { color: Color32::GRAY, pattern: Pattern::Plain, word: "breaker-disabled" },
        BreakerState::MetricsOnly => Look { color: SKY_BLUE, pattern: Pattern::Plain, word: "breaker-metrics-only" },
    }
}

/// A state's word in the user's language ("closed", "OPEN"; the Look's word is English).
pub fn state_word(state: BreakerState) -> String {
    tr(match state {
        BreakerState::Closed => "breaker-closed",
        BreakerState::HalfOpen => "breaker-half-open",
        BreakerState::Open => "breaker-open",
        BreakerState::ForcedOpen => "breaker-forced-open",
        BreakerState::Disabled => "breaker-disabled",
        BreakerState::MetricsOnly => "breaker-metrics-only",
    })
}

/// The state's health for chips and badges: refusing calls is failing, probing or
/// overridden by an operator (no protection, or refusing by hand) is degraded.
pub fn health(state: BreakerState) -> Health {
    match state {
        BreakerState::Closed => Health::Ok,
        BreakerState::Open | BreakerState::ForcedOpen => Health::Failing,
        _ => Health::Degraded,
    }
}

/// What each control does, for its tooltip: one sentence and what to watch.
/// (label key, state; its help is the key with `-help`)
const CONTROLS: [(&str, BreakerState); 4] = [
    ("breaker-force-open", BreakerState::ForcedOpen),
    ("breaker-disable", BreakerState::Disabled),
    ("breaker-metrics-only-control", BreakerState::MetricsOnly),
    ("breaker-close-now", BreakerState::Closed),
];

#[derive(Default)]
pub struct BreakersPanel;

impl BreakersPanel {
    /// The tab's title: how many breakers refuse calls.
    pub fn title(s: &Snapshot) -> String {
        let open = s
            .status
            .breakers
            .iter()
            .filter(|b| matches!(b.state, BreakerState::Open | BreakerState::ForcedOpen))
            .count();
        let probing = s.status.breakers.iter().filter(|b| b.state == BreakerState::HalfOpen).count();
        match (open, probing) {
            (0, 0) => crate::i18n::tr("tab-breakers"),
            (0, p) => crate::i18n::tr_args("tab-breakers-half-open", &[("count", p.into())]),
            (o, _) => crate::i18n::tr_args("tab-breakers-open", &[("count", o.into())]),
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        if s.status.breakers.is_empty() {
            caption(ui, tr("breaker-none"));
            return None;
        }
        let mut command = None;
        egui::ScrollArea::vertical().id_salt("breakers").auto_shrink([false, false]).show(ui, |ui| {
            for (k, b) in s.status.breakers.iter().enumerate() {
                if k > 0 {
                    ui.separator();
                }
                ui.push_id(k, |ui| {
                    command = command.take().or(breaker(ui, s, b));
                });
            }
        });
        command
    }
}

fn breaker(ui: &mut Ui, s: &Snapshot, b: &BreakerStatus) -> Option<Command> {
    let mut command = None;
    let name = format!("{}:{}", b.group, b.service);
    let state = b.state;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{} ➡ {}", b.group, b.service)).heading().strong()).on_hover_text(tr_args(
            "breaker-guarding",
            &[("group", b.group.clone().into()), ("service", b.service.clone().into())],
        ));
        state_chip(ui, health(state), &state_word(state).to_uppercase()).on_hover_text(tr("breaker-states-help"));
        match state {
            BreakerState::Open => {
                if let Some(until) = b.open_until {
                    let left = until.as_secs_f64() - s.now.as_secs_f64();
                    ui.label(tr_args(
                        "breaker-probes-from",
                        &[("time", format::clock(until).into()), ("left", format::span_s(left).into())],
                    ));
                }
            }
            BreakerState::HalfOpen => {
                let probes = probes_configured(s, b);
                ui.label(tr_args(
                    "breaker-probing",
                    &[("permits", b.half_open_permits.into()), ("probes", probes.into())],
                ));
            }
            _ => {}
        }
        ui.separator();
        command = controls(ui, b, state);
    });
    let timeline = s.timelines.breaker(&name);
    band(ui, s, b, timeline);
    // Two columns need room for a gauge row each (label, gauge and its reading: ~580).
    let wide = ui.available_width() > 1150.0;
    let left = |ui: &mut Ui| {
        rates(ui, b);
        ui.add_space(4.0);
        let cells = s.breaker_windows.iter().find(|w| w.name == name).map(|w| &w.cells);
        window(ui, b, cells);
        ui.add_space(2.0);
        caption(
            ui,
            tr_args(
                "breaker-config",
                &[
                    ("failure", format!("{:.0}", b.failure_threshold_pct).into()),
                    ("slow", format!("{:.0}", b.slow_call_threshold_pct).into()),
                    ("duration", b.slow_call_duration.to_string().into()),
                    ("minimum", b.minimum_calls.into()),
                    ("open_for", b.open_for.to_string().into()),
                    ("probes", probes_configured(s, b).into()),
                    ("refused", format::count(b.calls_not_permitted).into()),
                    ("open", format::span_s(b.open_seconds).into()),
                ],
            ),
        );
    };
    if wide {
        ui.columns(2, |cols| {
            left(&mut cols[0]);
            command = command.take().or(transitions(&mut cols[1], b, timeline));
        });
    } else {
        left(ui);
        command = command.take().or(transitions(ui, b, timeline));
    }
    command
}

/// The configured number of half-open probes (the status gives the permits left, 0
/// outside HALF_OPEN).
fn probes_configured(s: &Snapshot, b: &BreakerStatus) -> u32 {
    // The caller is a group, or a service or client with a breaker on its own calls.
    let scenario = &s.scenario;
    let group = scenario.consumers.iter().find(|g| g.name == b.group).map(|g| &g.circuit_breaker);
    let service = || scenario.services.iter().find(|v| v.name == b.group).map(|v| &v.circuit_breaker);
    let client = || scenario.clients.iter().find(|c| c.name == b.group).map(|c| &c.circuit_breaker);
    group.or_else(service).or_else(client).and_then(Option::as_ref).map_or(0, |c| c.half_open_calls)
}

fn controls(ui: &mut Ui, b: &BreakerStatus, state: BreakerState) -> Option<Command> {
    let mut command = None;
    let set = |to: BreakerState| {
        Command::Runner(Control::Apply(crate::engine::Command::SetBreakerState {
            group: b.group.clone(),
            service: b.service.clone(),
            state: to,
        }))
    };
    for (label, to) in CONTROLS {
        // "Close now" on a breaker an operator overrode reads as giving it back.
        let overridden = matches!(state, BreakerState::ForcedOpen | BreakerState::Disabled | BreakerState::MetricsOnly);
        let key = if to == BreakerState::Closed && overridden { "breaker-back-to-normal" } else { label };
        let (label, help) = (tr(key), tr(&format!("{key}-help")));
        let active = state == to && to != BreakerState::Closed;
        if ui.add(egui::Button::new(label).selected(active)).on_hover_text(help).clicked() {
            command = Some(set(to));
        }
    }
    command
}

/// The state band over the run so far, with a tick at every transition.
fn band(ui: &mut Ui, s: &Snapshot, b: &BreakerStatus, timeline: Option<&BreakerTimeline>) {
    let now = s.now.as_secs_f64();
    let end = now.max(s.sample_every.as_secs_f64() * 10.0);
    let mut segments = Vec::new();
    let current = b.state;
    match timeline.filter(|t| !t.transitions.is_empty()) {
        Some(t) => {
            // Before the oldest kept transition the state is known only if none was evicted.
            let mut from = if t.evicted == 0 { 0.0 } else { t.transitions[0].at.as_secs_f64() };
            let mut state = t.initial_state();
            let mut why = tr("breaker-since-start");
            for change in &t.transitions {
                let at = change.at.as_secs_f64();
                segments.push(segment(from, at, state, &why));
                from = at;
                state = change.to;
                why =
                    format!("{} ➡ {}: {}", state_word(change.from), state_word(change.to), change.cause.render(lang()));
            }
            segments.push(segment(from, now, state, &why));
        }
        None => segments.push(segment(0.0, now, current, &tr("breaker-since-start"))),
    }
    let response = strip::strip(ui, 26.0, 0.0, end, &segments);
    response.on_hover_cursor(egui::CursorIcon::Crosshair);
    strip::time_axis(ui, 0.0, end);
}

fn segment(from_s: f64, to_s: f64, state: BreakerState, why: &str) -> Segment {
    Segment {
        from_s,
        to_s,
        look: look(state),
        detail: format::printable(&format!(
            "{} {} ({} – {})\n{}",
            state_word(state),
            format::span_s(to_s - from_s),
            format::clock_s(from_s),
            format::clock_s(to_s),
            why
        ))
        .into_owned(),
    }
}

/// The two rates against their thresholds, as gauges with the threshold marked.
fn rates(ui: &mut Ui, b: &BreakerStatus) {
    let below_minimum =
        tr_args("breaker-below-minimum", &[("calls", b.window_calls.into()), ("minimum", b.minimum_calls.into())]);
    gauge(
        ui,
        &tr("breaker-failure-rate"),
        b.failure_rate_pct,
        b.failure_threshold_pct,
        &below_minimum,
        &tr("breaker-failure-rate-help"),
    );
    gauge(
        ui,
        &tr("breaker-slow-calls"),
        b.slow_call_rate_pct,
        b.slow_call_threshold_pct,
        &below_minimum,
        &tr("breaker-slow-calls-help"),
    );
}

fn gauge(ui: &mut Ui, label: &str, value: Option<f32>, threshold: f32, none: &str, help: &str) {
    let palette = Palette::of(ui.visuals());
    ui.horizontal(|ui| {
        ui.add_sized([90.0, 18.0], egui::Label::new(label)).on_hover_text(help);
        let (rect, response) = ui.allocate_exact_size(vec2(220.0, 16.0), Sense::hover());
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, CornerRadius::same(3), palette.idle.gamma_multiply(0.35));
        let x = |pct: f32| rect.left() + (pct / 100.0).clamp(0.0, 1.0) * rect.width();
        let over = value.is_some_and(|v| v >= threshold);
        if let Some(v) = value {
            let fill = Rect::from_min_max(rect.min, pos2(x(v), rect.bottom()));
            let look =
                if over { Look { color: VERMILLION, pattern: Pattern::Hatch, word: "" } } else { strip_ok_look() };
            strip::paint_look(&painter, fill, look, &palette);
        }
        let tx = x(threshold);
        painter
            .line_segment([pos2(tx, rect.top() - 2.0), pos2(tx, rect.bottom() + 2.0)], Stroke::new(2.5, palette.text));
        painter.rect_stroke(rect, CornerRadius::same(3), Stroke::new(1.0, palette.node_stroke), StrokeKind::Inside);
        response.on_hover_text(help);
        let text = match value {
            Some(v) => tr_args(
                if v >= threshold { "breaker-gauge-over" } else { "breaker-gauge-under" },
                &[("value", format!("{v:.1}").into()), ("threshold", format!("{threshold:.0}").into())],
            ),
            None => {
                tr_args("breaker-gauge-none", &[("none", none.into()), ("threshold", format!("{threshold:.0}").into())])
            }
        };
        let color = if over { palette.text_color(VERMILLION) } else { palette.text };
        ui.label(RichText::new(format!("{}{text}", if over { "✖ " } else { "" })).color(color));
    });
}

fn strip_ok_look() -> Look {
    Look { color: BLUISH_GREEN, pattern: Pattern::Plain, word: "" }
}

/// The sliding window's cells, oldest on the left: one per call (count window) or one bar
/// per second (time window).
fn window(ui: &mut Ui, b: &BreakerStatus, cells: Option<&WindowCells>) {
    let palette = Palette::of(ui.visuals());
    let summary = tr_args(
        "breaker-window-summary",
        &[
            ("window", b.window.render(lang()).into()),
            ("calls", b.window_calls.into()),
            ("failed", b.window_failed.into()),
            ("slow", b.window_slow.into()),
        ],
    );
    let Some(cells) = cells.filter(|c| c.size > 0) else {
        ui.horizontal(|ui| {
            ui.add_sized([90.0, 18.0], egui::Label::new(tr("breaker-window")));
            caption(ui, tr("breaker-window-empty"));
        });
        return;
    };
    ui.horizontal(|ui| {
        ui.add_sized([90.0, 18.0], egui::Label::new(tr("breaker-window"))).on_hover_text(tr("breaker-window-help"));
        let shown = (cells.size as usize).min(200);
        let gap = 1.5;
        let width = (ui.available_width() - 8.0).min(shown as f32 * 16.0);
        let cell_w = (width / shown as f32 - gap).max(2.0);
        let height = if cells.per_second { 30.0 } else { 16.0 };
        let (rect, response) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
        let painter = ui.painter_at(rect);
        // A count window fills from the left until full; show the newest `shown` cells.
        let skip = cells.cells.len().saturating_sub(shown);
        let peak = cells.cells.iter().map(|c| c.calls).max().unwrap_or(0).max(1);
        for i in 0..shown {
            let x = rect.left() + i as f32 * (cell_w + gap);
            let cell = Rect::from_min_size(pos2(x, rect.top()), vec2(cell_w, height));
            match cells.cells.get(skip + i) {
                None => {
                    painter.rect_stroke(
                        cell,
                        CornerRadius::same(1),
                        Stroke::new(1.0, palette.idle),
                        StrokeKind::Inside,
                    );
                }
                Some(c) if cells.per_second => second_bar(&painter, cell, c, peak, &palette),
                Some(c) => call_cell(&painter, cell, c, &palette),
            }
        }
        response.on_hover_text(summary.clone());
    });
    caption(ui, format::printable(&summary));
}

fn call_cell(painter: &egui::Painter, cell: Rect, c: &Counts, palette: &Palette) {
    let look = if c.failed > 0 {
        Look { color: VERMILLION, pattern: Pattern::Cross, word: "" }
    } else if c.slow > 0 {
        Look { color: ORANGE, pattern: Pattern::Dots, word: "" }
    } else {
        strip_ok_look()
    };
    strip::paint_look(painter, cell, look, palette);
    if c.failed > 0 && c.slow > 0 {
        painter.circle_filled(cell.center_top() + vec2(0.0, 3.0), 2.0, ORANGE);
    }
}

/// One second of a time window: a bar as tall as its calls, failed and slow parts marked.
fn second_bar(painter: &egui::Painter, cell: Rect, c: &Counts, peak: u32, palette: &Palette) {
    painter.rect_stroke(cell, CornerRadius::same(1), Stroke::new(1.0, palette.idle), StrokeKind::Inside);
    if c.calls == 0 {
        return;
    }
    let h = cell.height() * c.calls as f32 / peak as f32;
    let bar = Rect::from_min_max(pos2(cell.left(), cell.bottom() - h), cell.max);
    strip::paint_look(painter, bar, strip_ok_look(), palette);
    let failed_h = h * c.failed as f32 / c.calls as f32;
    let failed = Rect::from_min_max(pos2(bar.left(), bar.bottom() - failed_h), bar.max);
    strip::paint_look(painter, failed, Look { color: VERMILLION, pattern: Pattern::Cross, word: "" }, palette);
    if c.slow > 0 {
        let slow_h = h * c.slow as f32 / c.calls as f32;
        let slow = Rect::from_min_max(bar.min, pos2(bar.right(), bar.top() + slow_h));
        strip::paint_look(painter, slow, Look { color: ORANGE, pattern: Pattern::Dots, word: "" }, palette);
    }
}

/// The newest transitions first, each with its reason; a time moves the plots' cursor.
fn transitions(ui: &mut Ui, b: &BreakerStatus, timeline: Option<&BreakerTimeline>) -> Option<Command> {
    let mut command = None;
    let total = b.transitions_total;
    ui.label(RichText::new(tr_args("breaker-transitions", &[("count", total.into())])).strong())
        .on_hover_text(tr("breaker-transitions-help"));
    let Some(t) = timeline.filter(|t| !t.transitions.is_empty()) else {
        caption(ui, tr("breaker-no-transitions"));
        return None;
    };
    let palette = Palette::of(ui.visuals());
    egui::ScrollArea::vertical().id_salt("transitions").max_height(150.0).auto_shrink([false, true]).show(ui, |ui| {
        egui::Grid::new("transitions-grid").num_columns(3).striped(true).show(ui, |ui| {
            for change in t.transitions.iter().rev().take(50) {
                if ui
                    .link(RichText::new(format::clock(change.at)).monospace())
                    .on_hover_text(tr("breaker-cursor-help"))
                    .clicked()
                {
                    command = Some(Command::SetCursor(Some(change.at)));
                }
                let color = match health(change.to) {
                    Health::Ok => palette.text,
                    h => palette.text_color(h.color()),
                };
                let states = format!("{} ➡ {}", state_word(change.from), state_word(change.to));
                ui.label(RichText::new(states).color(color).strong());
                ui.add(egui::Label::new(format::printable(&change.cause.render(lang()))).wrap());
                ui.end_row();
            }
        });
        if t.evicted > 0 {
            caption(ui, tr_args("breaker-evicted", &[("count", format::count(t.evicted).into())]));
        }
    });
    command
}
