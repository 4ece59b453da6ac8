//! Painting the topology: node frames with state shapes and patterns, partition bars,
//! instance boxes, and edges whose moving dots show throughput.

use crate::engine::BreakerState;
use crate::engine::status::{InstanceState, InstanceStatus};
use crate::ui::panels::breakers;
use crate::ui::theme::{BLUE, Health, ORANGE, Palette, SKY_BLUE, VERMILLION};
use egui::epaint::text::{LayoutJob, TextWrapping};
use egui::{Align2, Color32, CornerRadius, FontId, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, pos2, vec2};

pub const TITLE_FONT: f32 = 15.0;
pub const LINE_FONT: f32 = 13.0;

/// Text on one line, elided with "…" if wider than `max_width`.
pub fn text_fit(painter: &Painter, pos: Pos2, text: &str, size: f32, color: Color32, max_width: f32) {
    let mut job = LayoutJob::simple_singleline(text.to_string(), FontId::proportional(size), color);
    job.wrap = TextWrapping { max_width, max_rows: 1, break_anywhere: true, ..TextWrapping::default() };
    let galley = painter.layout_job(job);
    painter.galley(pos, galley, color);
}

/// The state symbol (the same ✔ ⚠ ✖ as everywhere else), in the state's colour.
pub fn state_shape(painter: &Painter, center: Pos2, size: f32, health: Health) {
    painter.text(center, Align2::CENTER_CENTER, health.symbol(), FontId::proportional(size), health.color());
}

/// Diagonal hatching inside `rect`: the "failing" pattern, visible without colour.
pub fn hatch(painter: &Painter, rect: Rect, color: Color32, spacing: f32) {
    let painter = painter.with_clip_rect(rect.intersect(painter.clip_rect()));
    let stroke = Stroke::new(1.5, color);
    let mut x = rect.left() - rect.height();
    while x < rect.right() {
        painter.line_segment([pos2(x, rect.bottom()), pos2(x + rect.height(), rect.top())], stroke);
        x += spacing;
    }
}

/// The frame every node has: background, a border in its state colour (thicker when
/// failing, a highlight ring when selected), and the state shape in the top-right corner.
pub fn node_frame(painter: &Painter, rect: Rect, palette: &Palette, health: Health, selected: bool, hovered: bool) {
    let radius = CornerRadius::same(6);
    painter.rect_filled(rect, radius, palette.node_fill);
    if health == Health::Failing {
        let strip = Rect::from_min_max(rect.min, pos2(rect.right(), rect.top() + 6.0));
        hatch(painter, strip, VERMILLION.gamma_multiply(0.9), 6.0);
    }
    let border = match health {
        Health::Ok => Stroke::new(if hovered { 2.0 } else { 1.2 }, palette.node_stroke),
        Health::Degraded => Stroke::new(2.0, health.color()),
        Health::Failing => Stroke::new(3.0, health.color()),
    };
    painter.rect_stroke(rect, radius, border, StrokeKind::Inside);
    if selected {
        painter.rect_stroke(
            rect.expand(4.0),
            CornerRadius::same(9),
            Stroke::new(2.5, palette.selection),
            StrokeKind::Outside,
        );
    }
    state_shape(painter, pos2(rect.right() - 13.0, rect.top() + 13.0), 16.0, health);
}

/// Title and up to three lines of text inside a node.
pub fn node_text(painter: &Painter, rect: Rect, palette: &Palette, title: &str, lines: &[String]) {
    let width = rect.width() - 30.0;
    text_fit(painter, rect.min + vec2(8.0, 5.0), title, TITLE_FONT, palette.text, width);
    for (i, line) in lines.iter().enumerate() {
        text_fit(
            painter,
            rect.min + vec2(8.0, 25.0 + 16.0 * i as f32),
            line,
            LINE_FONT,
            palette.text_dim,
            rect.width() - 14.0,
        );
    }
}

/// Colour of a fill fraction: sky blue below half, orange from half, vermillion near full.
pub fn fill_color(fraction: f64) -> Color32 {
    if fraction >= 0.9 {
        VERMILLION
    } else if fraction >= 0.5 {
        ORANGE
    } else {
        SKY_BLUE
    }
}

/// One vertical bar per partition, filled by its share of the topic's capacity.
pub fn partition_bars(painter: &Painter, area: Rect, backlog: &[u64], per_partition_capacity: f64, palette: &Palette) {
    let n = backlog.len().max(1) as f32;
    let gap = if n > 24.0 { 1.0 } else { 3.0 };
    let width = ((area.width() - gap * (n - 1.0)) / n).clamp(2.0, 18.0);
    for (i, held) in backlog.iter().enumerate() {
        let x = area.left() + i as f32 * (width + gap);
        let track = Rect::from_min_size(pos2(x, area.top()), vec2(width, area.height()));
        let fraction = (*held as f64 / per_partition_capacity.max(1.0)).clamp(0.0, 1.0);
        painter.rect_stroke(track, 1.0, Stroke::new(1.0, palette.idle), StrokeKind::Inside);
        if *held > 0 {
            // At least a sliver, so a non-empty partition never looks empty.
            let h = (fraction as f32 * track.height()).max(2.0);
            let fill = Rect::from_min_max(pos2(track.left(), track.bottom() - h), track.max);
            painter.rect_filled(fill, 1.0, fill_color(fraction));
            if fraction >= 0.9 {
                hatch(painter, fill, palette.node_fill, 4.0);
            }
        }
    }
}

/// One box per instance: up boxes fill from the bottom with busy workers; down boxes
/// are dashed, crossed and hatched.
pub fn instance_boxes(
    painter: &Painter,
    area: Rect,
    instances: &[InstanceStatus],
    concurrency: u32,
    per_row: usize,
    palette: &Palette,
) {
    let step = super::layout::INSTANCE_BOX + super::layout::INSTANCE_GAP;
    for (i, inst) in instances.iter().enumerate() {
        let (row, col) = (i / per_row.max(1), i % per_row.max(1));
        let min = area.min + vec2(col as f32 * step, row as f32 * step);
        let r = Rect::from_min_size(min, vec2(super::layout::INSTANCE_BOX, super::layout::INSTANCE_BOX));
        instance_box(painter, r, inst, concurrency, palette);
    }
}

/// One instance, drawn by its state so that each differs in pattern, not only colour:
/// up (outline, filled by busy workers), idle (dotted outline), cut off (orange dashed
/// with a gap), restarting (orange dashed with ⟳), down (red dashed, crossed, hatched),
/// scaled in (faint dashes).
pub fn instance_box(painter: &Painter, r: Rect, inst: &InstanceStatus, concurrency: u32, palette: &Palette) {
    let corners = [r.left_top(), r.right_top(), r.right_bottom(), r.left_bottom(), r.left_top()];
    let dashed = |color: Color32, dash: f32, gap: f32| {
        painter.extend(Shape::dashed_line(&corners, Stroke::new(1.5, color), dash, gap));
    };
    match inst.state {
        InstanceState::Up => {
            let busy = (inst.busy as f32 / concurrency.max(1) as f32).clamp(0.0, 1.0);
            if busy > 0.0 {
                let h = (busy * r.height()).max(2.0);
                painter.rect_filled(Rect::from_min_max(pos2(r.left(), r.bottom() - h), r.max), 2.0, BLUE);
            }
            painter.rect_stroke(r, 2.0, Stroke::new(1.5, palette.node_stroke), StrokeKind::Inside);
        }
        InstanceState::Idle => dashed(palette.node_stroke, 1.5, 2.5),
        InstanceState::Partitioned => {
            dashed(ORANGE, 4.0, 2.0);
            let y = r.center().y;
            painter.line_segment([pos2(r.left() + 2.0, y), pos2(r.center().x - 2.0, y)], Stroke::new(2.0, ORANGE));
            painter.line_segment([pos2(r.center().x + 2.0, y), pos2(r.right() - 2.0, y)], Stroke::new(2.0, ORANGE));
        }
        InstanceState::Restarting => {
            dashed(ORANGE, 4.0, 2.0);
            painter.text(r.center(), Align2::CENTER_CENTER, "⟳", FontId::proportional(13.0), ORANGE);
        }
        InstanceState::Down => {
            hatch(painter, r, VERMILLION.gamma_multiply(0.7), 4.0);
            dashed(VERMILLION, 3.0, 2.0);
            let s = Stroke::new(2.0, VERMILLION);
            painter.line_segment([r.left_top() + vec2(3.0, 3.0), r.right_bottom() - vec2(3.0, 3.0)], s);
            painter.line_segment([r.right_top() + vec2(-3.0, 3.0), r.left_bottom() + vec2(3.0, -3.0)], s);
        }
        InstanceState::Stopped => dashed(palette.idle, 2.0, 4.0),
    }
}

/// A breaker state's word as the topology writes it: the breakers tab's word, in lower case.
pub fn breaker_word(state: BreakerState) -> String {
    breakers::look(state).word.to_lowercase()
}

/// A small chip on a call edge naming its breaker's state ("✔ closed", "✖ open"),
/// outlined in the state's colour (the breakers tab's health of the state). Returns its
/// rectangle (for hovering).
pub fn breaker_badge(painter: &Painter, at: Pos2, state: BreakerState, palette: &Palette) -> Rect {
    let health = breakers::health(state);
    let color = health.color();
    let text = format!("{} breaker {}", health.symbol(), breaker_word(state));
    let galley = painter.layout_no_wrap(text, FontId::proportional(12.0), palette.text_color(color));
    let rect = Rect::from_center_size(at, galley.size() + vec2(10.0, 4.0));
    painter.rect(rect, 8.0, palette.node_fill, Stroke::new(1.5, color), StrokeKind::Inside);
    painter.galley(rect.min + vec2(5.0, 2.0), galley, color);
    rect
}

/// Points along a cubic Bézier from `a` (leaving rightwards) to `b` (arriving from the left).
pub fn edge_path(a: Pos2, b: Pos2) -> Vec<Pos2> {
    let dx = ((b.x - a.x) * 0.5).max(30.0);
    let (c1, c2) = (a + vec2(dx, 0.0), b - vec2(dx, 0.0));
    (0..=24)
        .map(|i| {
            let t = i as f32 / 24.0;
            let u = 1.0 - t;
            let p = a.to_vec2() * (u * u * u)
                + c1.to_vec2() * (3.0 * u * u * t)
                + c2.to_vec2() * (3.0 * u * t * t)
                + b.to_vec2() * (t * t * t);
            p.to_pos2()
        })
        .collect()
}

/// An edge: idle edges are thin and dashed; busy ones are thicker (log of the rate) with
/// dots that travel along them, offset by `phase` pixels.
pub fn edge(painter: &Painter, path: &[Pos2], rate_per_s: f64, phase: f32, dot_color: Color32, palette: &Palette) {
    if rate_per_s <= 0.0 {
        painter.extend(Shape::dashed_line(path, Stroke::new(1.2, palette.idle), 5.0, 5.0));
        return;
    }
    let width = (1.2 + 1.1 * (1.0 + rate_per_s).log10() as f32).min(6.0);
    painter.add(Shape::line(path.to_vec(), Stroke::new(width, palette.edge.gamma_multiply(0.55))));
    // Arrow head at the target.
    if let [.., before, tip] = path {
        let dir = (*tip - *before).normalized();
        let side = vec2(-dir.y, dir.x) * 5.0;
        let back = *tip - dir * 9.0;
        painter.add(Shape::convex_polygon(vec![*tip, back + side, back - side], palette.edge, Stroke::NONE));
    }
    let spacing = 22.0;
    let lengths: Vec<f32> = path.windows(2).map(|w| w[0].distance(w[1])).collect();
    let total: f32 = lengths.iter().sum();
    let mut d = phase.rem_euclid(spacing);
    let radius = (width * 0.7).clamp(2.0, 4.0);
    while d < total - 10.0 {
        if let Some(p) = point_at(path, &lengths, d) {
            painter.circle_filled(p, radius, dot_color);
        }
        d += spacing;
    }
}

fn point_at(path: &[Pos2], lengths: &[f32], mut d: f32) -> Option<Pos2> {
    for (i, len) in lengths.iter().enumerate() {
        if d <= *len {
            let t = if *len > 0.0 { d / len } else { 0.0 };
            return Some(path[i].lerp(path[i + 1], t));
        }
        d -= len;
    }
    None
}

/// The column titles.
pub fn column_headers(painter: &Painter, top: f32, xs: &[f32; 4], palette: &Palette) {
    for (title, x) in super::layout::COLUMNS.iter().zip(xs) {
        painter.text(pos2(*x, top + 4.0), Align2::CENTER_TOP, *title, FontId::proportional(12.0), palette.text_dim);
    }
}
