//! Painting the topology: node frames with state shapes and patterns, partition bars,
//! instance boxes, and edges whose moving dots show throughput. Sizes are the graph's own
//! units times the view's zoom (`z`), so the drawing scales as a whole.

use super::graph::{LINE_HEIGHT, PADDING, TITLE_HEIGHT};
use crate::engine::BreakerState;
use crate::engine::status::{InstanceState, InstanceStatus, ReplicaStatus};
use crate::ui::panels::breakers;
use crate::ui::theme::{BLUE, Health, ORANGE, Palette, SKY_BLUE, VERMILLION};
use egui::epaint::text::{LayoutJob, TextWrapping};
use egui::{Align2, Color32, CornerRadius, FontId, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, pos2, vec2};

pub const TITLE_FONT: f32 = 15.0;
pub const LINE_FONT: f32 = 13.0;
/// Below this zoom a node's lines of text would be smaller than 8 points, too small to
/// read from a lecture room's back row: only its title, bars and boxes are drawn (the
/// tooltip still has every number).
pub const LINES_FROM_ZOOM: f32 = 0.62;
/// The smallest a title is drawn, in points: below it the title is cut short instead.
const TITLE_MIN_FONT: f32 = 9.0;

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
pub fn node_frame(
    painter: &Painter,
    rect: Rect,
    z: f32,
    palette: &Palette,
    health: Health,
    selected: bool,
    hovered: bool,
) {
    let radius = CornerRadius::same((6.0 * z).round() as u8);
    painter.rect_filled(rect, radius, palette.node_fill);
    if health == Health::Failing {
        let strip = Rect::from_min_max(rect.min, pos2(rect.right(), rect.top() + 6.0 * z));
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
    state_shape(painter, pos2(rect.right() - 12.0 * z, rect.top() + 12.0 * z), 16.0 * z, health);
}

/// A node's title, and its lines of text when the zoom leaves them readable.
pub fn node_text(painter: &Painter, rect: Rect, z: f32, palette: &Palette, title: &str, lines: &[String]) {
    let title_font = (TITLE_FONT * z).max(TITLE_MIN_FONT);
    let at = rect.min + vec2(PADDING * z, (TITLE_HEIGHT * z - title_font) / 2.0);
    text_fit(painter, at, title, title_font, palette.text, rect.width() - 30.0 * z);
    if z < LINES_FROM_ZOOM {
        return;
    }
    for (i, line) in lines.iter().enumerate() {
        text_fit(
            painter,
            rect.min + vec2(PADDING * z, (TITLE_HEIGHT + LINE_HEIGHT * i as f32) * z),
            line,
            LINE_FONT * z,
            palette.text_dim,
            rect.width() - 2.0 * PADDING * z,
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
    let width = ((area.width() - gap * (n - 1.0)) / n).clamp(1.0, 18.0);
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

/// Where the `i`th of a row-by-row grid of boxes of `side` goes, `per_row` to a row.
pub fn grid_box(area: Rect, i: usize, per_row: usize, side: f32, gap: f32) -> Rect {
    let (row, col) = (i / per_row.max(1), i % per_row.max(1));
    let min = area.min + vec2(col as f32 * (side + gap), row as f32 * (side + gap));
    Rect::from_min_size(min, vec2(side, side))
}

/// One box per instance: up boxes fill from the bottom with busy workers; down boxes
/// are dashed, crossed and hatched.
#[allow(clippy::too_many_arguments)]
pub fn instance_boxes(
    painter: &Painter,
    area: Rect,
    side: f32,
    gap: f32,
    instances: &[InstanceStatus],
    concurrency: u32,
    per_row: usize,
    palette: &Palette,
) {
    for (i, inst) in instances.iter().enumerate() {
        instance_box(painter, grid_box(area, i, per_row, side, gap), inst, concurrency, palette);
    }
}

/// One box per replica of a service, drawn as an instance is: up (filled by its active
/// calls out of `capacity_each`), ejected by outlier detection (cut off: orange, dashed,
/// with a gap) or down (red, crossed, hatched).
#[allow(clippy::too_many_arguments)]
pub fn replica_boxes(
    painter: &Painter,
    area: Rect,
    side: f32,
    gap: f32,
    replicas: &[ReplicaStatus],
    capacity_each: Option<u32>,
    per_row: usize,
    palette: &Palette,
) {
    for (i, r) in replicas.iter().enumerate() {
        // Out of balancing, by outlier detection or the health check: drawn as cut off.
        let out = r.ejected_until.is_some() || r.probe.is_some_and(|p| p.unhealthy);
        let state = match (r.up, out) {
            (false, _) => InstanceState::Down,
            (true, true) => InstanceState::Partitioned,
            (true, false) => InstanceState::Up,
        };
        // Unlimited capacity: filled whenever it is busy at all.
        let (busy, of) = match capacity_each {
            Some(c) => (r.active, c),
            None => (u32::from(r.active > 0), 1),
        };
        let look = InstanceStatus { up: r.up, state, busy, ..InstanceStatus::default() };
        instance_box(painter, grid_box(area, i, per_row, side, gap), &look, of, palette);
    }
}

/// "+N" in a box's place: the boxes a node has no room for.
pub fn more_boxes(painter: &Painter, place: Rect, n: usize, palette: &Palette) {
    let font = FontId::proportional(place.height() * 0.7);
    painter.text(place.left_center(), Align2::LEFT_CENTER, format!("+{n}"), font, palette.text_dim);
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
            painter.text(r.center(), Align2::CENTER_CENTER, "⟳", FontId::proportional(r.height() * 0.75), ORANGE);
        }
        InstanceState::Down => {
            hatch(painter, r, VERMILLION.gamma_multiply(0.7), 4.0);
            dashed(VERMILLION, 3.0, 2.0);
            let s = Stroke::new(2.0, VERMILLION);
            painter.line_segment([r.left_top() + vec2(3.0, 3.0), r.right_bottom() - vec2(3.0, 3.0)], s);
            painter.line_segment([r.right_top() + vec2(-3.0, 3.0), r.left_bottom() + vec2(3.0, -3.0)], s);
        }
        InstanceState::Stopped => dashed(palette.idle, 2.0, 4.0),
        // A spare: ready but taking no traffic, a finer dotting than an idle member's.
        InstanceState::Standby => dashed(palette.node_stroke, 1.0, 3.5),
        // Replaying its state before it takes traffic: a progress bar filling from the
        // left (snapshot restored, log replayed so far), in an orange dashed outline.
        InstanceState::Rebuilding => {
            let done = inst.rebuild.map_or(0.0, |r| r.progress as f32);
            if done > 0.0 {
                let w = (done * r.width()).max(2.0);
                painter.rect_filled(Rect::from_min_max(r.min, pos2(r.left() + w, r.bottom())), 2.0, ORANGE);
            }
            dashed(ORANGE, 3.0, 1.5);
        }
    }
}

/// A breaker state's word as the topology writes it: the breakers tab's word, in lower case.
pub fn breaker_word(state: BreakerState) -> String {
    breakers::state_word(state).to_lowercase()
}

/// A small chip on a call edge naming its breaker's state ("✔ closed", "✖ open"),
/// outlined in the state's colour (the breakers tab's health of the state): short, to fit
/// between two layers, and only the symbol when zoomed out. Returns its rectangle (for
/// hovering).
pub fn breaker_badge(painter: &Painter, at: Pos2, z: f32, state: BreakerState, palette: &Palette) -> Rect {
    let health = breakers::health(state);
    let color = health.color();
    // Zoomed out, the gap between two layers holds the symbol only (the hover says the rest).
    let text = if z < LINES_FROM_ZOOM {
        health.symbol().to_string()
    } else {
        format!("{} {}", health.symbol(), breaker_word(state))
    };
    let font = (11.0 * z).max(TITLE_MIN_FONT);
    let galley = painter.layout_no_wrap(text, FontId::proportional(font), palette.text_color(color));
    let rect = Rect::from_center_size(at, galley.size() + vec2(8.0, 2.0));
    painter.rect(rect, rect.height() / 2.0, palette.node_fill, Stroke::new(1.5, color), StrokeKind::Inside);
    painter.galley(rect.min + vec2(4.0, 1.0), galley, color);
    rect
}

/// Points along a cubic Bézier from `a` to `b`, leaving along `out` and arriving along `into`.
fn bezier(a: Pos2, out: egui::Vec2, into: egui::Vec2, b: Pos2) -> Vec<Pos2> {
    let (c1, c2) = (a + out, b - into);
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

/// The path of an edge from node `a` to node `b`: out of `a`'s right side into `b`'s left
/// side; an edge going back (the one that closes a cycle) loops under both nodes, so it
/// never runs through them.
pub fn edge_path(a: Rect, b: Rect) -> Vec<Pos2> {
    let (start, end) = (a.right_center(), b.left_center());
    if end.x > start.x {
        let dx = ((end.x - start.x) * 0.5).max(20.0);
        return bezier(start, vec2(dx, 0.0), vec2(dx, 0.0), end);
    }
    let below = a.bottom().max(b.bottom()) + 0.3 * a.height().min(b.height());
    let turn = pos2((start.x + end.x) / 2.0, below);
    let reach = 0.25 * a.height().min(b.height()) + 20.0;
    let mut path = bezier(start, vec2(reach, 0.0), vec2(-(start.x - end.x).abs() / 2.0, 0.0), turn);
    path.extend(bezier(turn, vec2(-(start.x - end.x).abs() / 2.0, 0.0), vec2(reach, 0.0), end).into_iter().skip(1));
    path
}

/// How an edge's kind shows: its dots' colour, and for the edges beside the main flow
/// (emits, dead letters) a dashed line of their own colour, seen even when idle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EdgeLook {
    pub dots: Color32,
    pub dashed: Option<Color32>,
    /// A call's line in the colour of its own error share when that is not healthy
    /// (`None`: the neutral edge colour).
    pub line: Option<Color32>,
}

/// An edge: idle edges are thin and dashed; busy ones are thicker (log of the rate) with
/// dots that travel along them, offset by `phase` pixels.
pub fn edge(painter: &Painter, path: &[Pos2], rate_per_s: f64, phase: f32, look: EdgeLook, palette: &Palette) {
    if rate_per_s <= 0.0 {
        let color = look.dashed.map_or(palette.idle, |c| c.gamma_multiply(0.6));
        painter.extend(Shape::dashed_line(path, Stroke::new(1.2, color), 5.0, 5.0));
        return;
    }
    let width = (1.2 + 1.1 * (1.0 + rate_per_s).log10() as f32).min(6.0);
    match look.dashed {
        Some(color) => {
            painter.extend(Shape::dashed_line(path, Stroke::new(width.min(3.0), color.gamma_multiply(0.8)), 10.0, 6.0));
        }
        None => {
            let color = look.line.map_or(palette.edge.gamma_multiply(0.55), |c| c.gamma_multiply(0.8));
            painter.add(Shape::line(path.to_vec(), Stroke::new(width, color)));
        }
    }
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
            painter.circle_filled(p, radius, look.dots);
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
