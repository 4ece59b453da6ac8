//! What the dashboard remembers between runs (through eframe's storage): theme, zoom,
//! presentation mode and the projector preset, recent files, the frame-time overlay.
//! Panel sizes are kept by egui; the window opens sized to the screen every time.

use super::theme::ThemeChoice;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const STORAGE_KEY: &str = "faultline.settings";
/// Recent files offered in the menu.
pub const MAX_RECENT: usize = 8;
/// Zoom factor added by presentation mode, for projectors, where the screen allows.
pub const PRESENTATION_ZOOM: f32 = 1.5;
/// The height in points presentation mode's zoom leaves at least (1280×720 at 1.25×:
/// 1024×576, room for the top bars, a caption, the graph and a plot).
pub const PROJECTOR_HEIGHT: f32 = 576.0;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: ThemeChoice,
    /// The user's own zoom (Ctrl +/-), without presentation mode.
    pub zoom: f32,
    pub presentation: bool,
    /// Most recent first, at most [`MAX_RECENT`].
    pub recent: Vec<PathBuf>,
    pub frame_overlay: bool,
    /// The lesson panel beside the topology (when the scenario teaches).
    pub lesson_panel: bool,
    /// The lesson's timed captions over the topology.
    pub captions: bool,
    /// The projector preset (see [`Settings::set_projector`]).
    pub projector: bool,
    /// The bottom tabs show only their row of titles.
    pub tabs_folded: bool,
    /// The language chosen in the top bar or with `--lang`; `None` until one is chosen
    /// (the window then follows the system's locale, tests speak English).
    pub lang: Option<Lang>,
    /// Lessons completed, by id: a run of the lesson itself (not one of its questions)
    /// reached its end with every expectation passed (see [`completed_lesson`]).
    pub completed: BTreeSet<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: ThemeChoice::Dark,
            zoom: 1.0,
            presentation: false,
            recent: Vec::new(),
            frame_overlay: false,
            lesson_panel: true,
            captions: true,
            projector: false,
            tabs_folded: false,
            lang: None,
            completed: BTreeSet::new(),
        }
    }
}

impl Settings {
    /// The stored settings; `None` on the first run (nothing stored yet).
    pub fn load(storage: Option<&dyn eframe::Storage>) -> Option<Settings> {
        storage.and_then(|s| eframe::get_value(s, STORAGE_KEY))
    }

    pub fn save(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, self);
    }

    /// Puts `path` first in the recent list.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    /// The projector preset, one click for a lecturer: presentation mode (its zoom fitted
    /// to the screen), the lesson panel compact beside the graph, the bottom tabs folded
    /// to their titles, captions on. Off: back to the desktop look.
    pub fn set_projector(&mut self, on: bool) {
        self.projector = on;
        self.presentation = on;
        self.tabs_folded = on;
        self.zoom = 1.0;
        if on {
            self.lesson_panel = true;
            self.captions = true;
        }
    }

    /// Presentation mode's factor on a screen `screen_height` points tall at zoom 1:
    /// [`PRESENTATION_ZOOM`], less where that would leave under [`PROJECTOR_HEIGHT`]
    /// points (a 720-line projector gets 1.25×); 1 outside presentation mode.
    pub fn presentation_factor(&self, screen_height: f32) -> f32 {
        if !self.presentation {
            return 1.0;
        }
        let fit = if screen_height.is_finite() && screen_height > 0.0 {
            screen_height / PROJECTOR_HEIGHT
        } else {
            PRESENTATION_ZOOM
        };
        fit.clamp(1.0, PRESENTATION_ZOOM)
    }

    /// The zoom factor to apply to the UI on a screen `screen_height` points tall at zoom 1.
    pub fn effective_zoom(&self, screen_height: f32) -> f32 {
        let zoom = if self.zoom.is_finite() { self.zoom.clamp(0.5, 3.0) } else { 1.0 };
        zoom * self.presentation_factor(screen_height)
    }
}

/// The lesson `s` completes, if it does: a shipped lesson (or the tour) loaded from the
/// curriculum, running as itself (not one of its questions), at the end of its run, with
/// every expectation of its checklist passed. Live changes made on the way count: a
/// challenge is completed by changing it until it passes.
pub fn completed_lesson(s: &super::snapshot::Snapshot) -> Option<&'static str> {
    use super::snapshot::ScenarioSource;
    use crate::curriculum::{Status, catalogue};
    let entry = match &s.source {
        ScenarioSource::Lesson(file) => catalogue::find_file(file)?,
        ScenarioSource::Embedded => catalogue::tour(),
        _ => return None,
    };
    let view = s.lesson.as_ref()?;
    let passed = !view.items.is_empty() && view.items.iter().all(|i| i.status == Status::Passed);
    (s.playback.finished && view.question.is_none() && passed).then_some(entry.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_newest_first_and_bounded() {
        let mut s = Settings::default();
        for i in 0..12 {
            s.remember(Path::new(&format!("/nonexistent/{i}.ron")));
        }
        s.remember(Path::new("/nonexistent/5.ron"));
        assert_eq!(s.recent.len(), MAX_RECENT);
        assert_eq!(s.recent[0], PathBuf::from("/nonexistent/5.ron"));
        assert_eq!(s.recent.iter().filter(|p| p.ends_with("5.ron")).count(), 1);
    }

    #[test]
    fn presentation_zooms_as_much_as_the_screen_allows_and_the_projector_preset_undoes_itself() {
        let mut s = Settings { lesson_panel: false, zoom: 1.2, ..Settings::default() };
        assert_eq!(s.effective_zoom(720.0), 1.2);
        s.set_projector(true);
        assert!(s.projector && s.presentation && s.tabs_folded && s.lesson_panel);
        // 720 / 576 = 1.25: a 1280×720 projector keeps 1024×576 points.
        assert_eq!(s.effective_zoom(720.0), 1.25);
        assert_eq!(s.effective_zoom(1080.0), PRESENTATION_ZOOM);
        assert_eq!(s.effective_zoom(500.0), 1.0);
        s.set_projector(false);
        assert!(!s.projector && !s.presentation && !s.tabs_folded);
        assert_eq!(s.effective_zoom(720.0), 1.0);
    }
}
