//! Timed captions: a lesson's notes, each shown in large type above the topology from its
//! virtual time until the next one's, as subtitles a lecturer can talk over. A caption can
//! be hidden; the next one shows again.

use crate::i18n::{lessons, tr, tr_args};
use crate::scenario::Caption;
use crate::time::SimTime;
use crate::ui::format;
use crate::ui::snapshot::Snapshot;
use crate::ui::theme::{ORANGE, Palette};
use egui::{Frame, Margin, RichText, Stroke};

/// The caption in effect at `now`: the last one whose time has come (captions are kept
/// in the file's order, which the scenario checks is by time; a stray one is still found).
pub fn current(captions: &[Caption], now: SimTime) -> Option<(usize, &Caption)> {
    captions.iter().enumerate().filter(|(_, c)| c.at.0 <= now.0).max_by_key(|(i, c)| (c.at, *i))
}

#[derive(Default)]
pub struct CaptionBar {
    /// (generation, index) of the caption the user hid.
    hidden: Option<(u64, usize)>,
    /// Height the caption took last frame (points), for the app to plan the room around it.
    height: f32,
}

impl CaptionBar {
    /// Whether a caption is due now (the app leaves room for it above the topology).
    pub fn has_caption(&self, s: &Snapshot) -> bool {
        self.due(s).is_some()
    }

    /// The height the caption took when last drawn, 0 if none was.
    pub fn last_height(&self) -> f32 {
        self.height
    }

    fn due<'s>(&self, s: &'s Snapshot) -> Option<(usize, &'s Caption)> {
        let lesson = s.lesson.as_ref().and_then(|l| l.lesson.as_deref())?;
        current(&lesson.captions, s.now).filter(|(i, _)| self.hidden != Some((s.generation, *i)))
    }

    /// The caption in effect, full width in large type, above the topology: it covers
    /// nothing a lecturer may want to click. `compact` (a narrow window): a size smaller,
    /// so it takes two lines rather than three from the graph.
    pub fn ui(&mut self, ui: &mut egui::Ui, s: &Snapshot, compact: bool) {
        let Some((index, caption)) = self.due(s) else {
            self.height = 0.0;
            return;
        };
        let size = if compact { 16.0 } else { 20.0 };
        let palette = Palette::of(ui.visuals());
        let mut hide = false;
        let shown = Frame::new()
            .fill(ORANGE.gamma_multiply(if palette.dark { 0.12 } else { 0.10 }))
            .stroke(Stroke::new(2.0, ORANGE))
            .corner_radius(8)
            .inner_margin(Margin::symmetric(14, 8))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    let when = RichText::new(format::clock(SimTime(caption.at.0)))
                        .color(palette.text_color(ORANGE))
                        .monospace()
                        .strong();
                    let help = match caption.focus.as_deref() {
                        Some(f) => {
                            tr_args("caption-help-watch", &[("focus", format::printable(f).into_owned().into())])
                        }
                        None => tr("caption-help"),
                    };
                    ui.label(when).on_hover_text(help);
                    ui.add(
                        egui::Label::new(
                            RichText::new(format::printable(&lessons::text(&caption.text)))
                                .size(size)
                                .color(palette.text),
                        )
                        .wrap(),
                    );
                    if ui.small_button(tr("caption-hide")).on_hover_text(tr("caption-hide-help")).clicked() {
                        hide = true;
                    }
                });
            });
        self.height = shown.response.rect.height();
        if hide {
            self.hidden = Some((s.generation, index));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SimDuration;

    fn caption(at_s: u64, text: &str) -> Caption {
        Caption { at: SimDuration::from_secs(at_s), text: text.into(), focus: None }
    }

    #[test]
    fn a_caption_shows_from_its_time_until_the_next() {
        let captions = [caption(0, "a"), caption(10, "b"), caption(20, "c")];
        let at = |s: u64| current(&captions, SimTime::ZERO + SimDuration::from_secs(s)).map(|(_, c)| c.text.clone());
        assert_eq!(at(0).as_deref(), Some("a"));
        assert_eq!(at(9).as_deref(), Some("a"));
        assert_eq!(at(10).as_deref(), Some("b"));
        assert_eq!(at(300).as_deref(), Some("c"));
        assert_eq!(current(&[caption(5, "late")], SimTime::ZERO), None);
    }
}
