//! A horizontal state strip over time: coloured segments that also differ by pattern and
//! carry a word when wide enough (never colour alone), with a tooltip per segment. The
//! breakers panel draws state bands with it, the availability panel up/down timelines and
//! incident phases.

use crate::ui::format;
use crate::ui::theme::Palette;
use egui::{Align2, Color32, CornerRadius, FontId, Painter, Rect, Response, Sense, Stroke, StrokeKind, Ui, pos2, vec2};

/// How a segment is filled besides its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// A flat tint: the normal state.
    Plain,
    /// Diagonal lines: failing, refusing.
    Hatch,
    /// Crossed diagonals: forced by an operator.
    Cross,
    /// Dots: in between (half-open, detecting).
    Dots,
}

/// How a state looks wherever a strip shows it.
#[derive(Clone, Copy, Debug)]
pub struct Look {
    pub color: Color32,
    pub pattern: Pattern,
    /// The message key of the word written in the segment when it fits (`""`: none).
    pub word: &'static str,
}

/// One stretch of time in one state.
#[derive(Clone, Debug)]
pub struct Segment {
    pub from_s: f64,
    pub to_s: f64,
    pub look: Look,
    /// Shown on hover.
    pub detail: String,
}

/// Fills `rect` with the look's tint and pattern.
pub fn paint_look(painter: &Painter, rect: Rect, look: Look, palette: &Palette) {
    let tint = look.color.gamma_multiply(if palette.dark { 0.45 } else { 0.35 });
    painter.rect_filled(rect, CornerRadius::ZERO, tint);
    let ink = look.color.gamma_multiply(if palette.dark { 0.95 } else { 0.8 });
    let clip = painter.with_clip_rect(rect.intersect(painter.clip_rect()));
    match look.pattern {
        Pattern::Plain => {}
        Pattern::Hatch | Pattern::Cross => {
            let stroke = Stroke::new(1.5, ink);
            let h = rect.height();
            let mut x = rect.left() - h;
            while x < rect.right() {
                clip.line_segment([pos2(x, rect.bottom()), pos2(x + h, rect.top())], stroke);
                if look.pattern == Pattern::Cross {
                    clip.line_segment([pos2(x, rect.top()), pos2(x + h, rect.bottom())], stroke);
                }
                x += 7.0;
            }
        }
        Pattern::Dots => {
            let mut y = rect.top() + 3.0;
            let mut row = 0;
            while y < rect.bottom() {
                let mut x = rect.left() + if row % 2 == 0 { 3.0 } else { 6.5 };
                while x < rect.right() {
                    clip.circle_filled(pos2(x, y), 1.3, ink);
                    x += 7.0;
                }
                y += 4.5;
                row += 1;
            }
        }
    }
}

/// A strip of `height` over `[from_s, to_s]` of virtual time, full width. Segments may
/// leave gaps (unknown). Returns the response (hovered: the segment's tooltip is shown).
pub fn strip(ui: &mut Ui, height: f32, from_s: f64, to_s: f64, segments: &[Segment]) -> Response {
    let width = ui.available_width().max(60.0);
    let (rect, response) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
    let palette = Palette::of(ui.visuals());
    let painter = ui.painter_at(rect);
    let span = (to_s - from_s).max(1e-9);
    let x_of = |t: f64| rect.left() + ((t - from_s) / span).clamp(0.0, 1.0) as f32 * rect.width();
    painter.rect_filled(rect, CornerRadius::same(3), palette.idle.gamma_multiply(0.25));
    let font = FontId::proportional((height * 0.55).clamp(10.0, 14.0));
    for seg in segments {
        let (a, b) = (x_of(seg.from_s), x_of(seg.to_s.max(seg.from_s)));
        // Even an instant state (a 20 ms half-open) gets a visible sliver.
        let r = Rect::from_min_max(pos2(a, rect.top()), pos2(b.max(a + 2.0), rect.bottom()));
        paint_look(&painter, r, seg.look, &palette);
        let word = if seg.look.word.is_empty() { String::new() } else { crate::i18n::tr(seg.look.word) };
        let galley = painter.layout_no_wrap(word.clone(), font.clone(), palette.text);
        if galley.size().x + 8.0 < r.width() {
            painter.text(r.center(), Align2::CENTER_CENTER, word, font.clone(), palette.text);
        }
        if a > rect.left() + 0.5 {
            painter.line_segment([pos2(a, rect.top()), pos2(a, rect.bottom())], Stroke::new(1.0, palette.text_dim));
        }
    }
    painter.rect_stroke(rect, CornerRadius::same(3), Stroke::new(1.0, palette.node_stroke), StrokeKind::Inside);
    if let Some(pointer) = response.hover_pos() {
        let t = from_s + f64::from((pointer.x - rect.left()) / rect.width()) * span;
        // Prefer the narrowest segment under the pointer: a sliver over a long one.
        let hit = segments
            .iter()
            .filter(|s| {
                let (a, b) = (x_of(s.from_s), x_of(s.to_s).max(x_of(s.from_s) + 2.0));
                pointer.x >= a - 1.0 && pointer.x <= b + 1.0
            })
            .min_by(|x, y| (x.to_s - x.from_s).total_cmp(&(y.to_s - y.from_s)));
        let text = match hit {
            Some(seg) => format!("{}\n{}", format::clock_s(t), seg.detail),
            None => format::clock_s(t),
        };
        response.clone().on_hover_text_at_pointer(text);
    }
    response
}

/// Time labels under a strip: the ends and a few round clock times between.
pub fn time_axis(ui: &mut Ui, from_s: f64, to_s: f64) {
    let width = ui.available_width().max(60.0);
    let (rect, _) = ui.allocate_exact_size(vec2(width, 14.0), Sense::hover());
    let palette = Palette::of(ui.visuals());
    let painter = ui.painter_at(rect);
    let span = (to_s - from_s).max(1e-9);
    const STEPS: [f64; 12] = [1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0];
    // About one label per 90 px.
    let wanted = span / f64::from((rect.width() / 90.0).max(1.0));
    let step = STEPS.iter().copied().find(|s| *s >= wanted).unwrap_or(wanted.ceil().max(1.0));
    let font = FontId::proportional(11.0);
    let mut t = (from_s / step).ceil() * step;
    while t <= to_s + 1e-9 {
        let x = rect.left() + ((t - from_s) / span) as f32 * rect.width();
        let align = if x < rect.left() + 20.0 {
            Align2::LEFT_TOP
        } else if x > rect.right() - 20.0 {
            Align2::RIGHT_TOP
        } else {
            Align2::CENTER_TOP
        };
        painter.text(pos2(x, rect.top()), align, format::axis_clock_s(t, step), font.clone(), palette.text_dim);
        t += step;
    }
}
