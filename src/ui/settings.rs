//! What the dashboard remembers between runs (through eframe's storage): theme, zoom,
//! presentation mode, recent files, the frame-time overlay. Panel sizes and window
//! geometry are kept by egui and eframe themselves.

use super::theme::ThemeChoice;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const STORAGE_KEY: &str = "faultline.settings";
/// Recent files offered in the menu.
pub const MAX_RECENT: usize = 8;
/// Zoom factor added by presentation mode, for projectors.
pub const PRESENTATION_ZOOM: f32 = 1.5;

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

    /// The zoom factor to apply to the UI.
    pub fn effective_zoom(&self) -> f32 {
        let zoom = if self.zoom.is_finite() { self.zoom.clamp(0.5, 3.0) } else { 1.0 };
        if self.presentation { zoom * PRESENTATION_ZOOM } else { zoom }
    }
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
}
