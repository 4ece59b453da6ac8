//! How the window is shared out between the panels, from its size in points (after zoom).
//!
//! A lecturer's projector (1280×720, at presentation mode's 1.25× there: 1024×576 points)
//! has less than half the room of a desktop monitor. The topology and the plots
//! are what the class looks at, so they are served first: the bottom tabs and the side
//! panels get what is left, narrow windows put rarely used top-bar buttons in menus and
//! abbreviate the ledger. Pure arithmetic, so it is tested without a window.

use egui::Vec2;

/// Below this width (points) the top bar and the ledger go compact.
pub const NARROW_WIDTH: f32 = 1150.0;
/// Share of the window's height kept for the central area (captions, topology, plots),
/// whatever the bottom tabs ask for.
pub const CENTRAL_SHARE: f32 = 0.5;
/// The bottom tabs' tab row alone (folded), and the least height worth opening them to.
pub const TABS_FOLDED_HEIGHT: f32 = 34.0;
pub const TABS_MIN_OPEN: f32 = 120.0;
const TABS_DEFAULT: f32 = 260.0;
/// The open tabs' default share of the window's height (a user's own size is kept).
const TABS_DEFAULT_SHARE: f32 = 0.24;
/// Room under the topology for the plots' header row and the separator.
const PLOTS_HEADER: f32 = 40.0;

/// The share-out for one frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plan {
    /// The window's size in points.
    pub window: Vec2,
    /// File commands and view switches go into menus; the ledger abbreviates.
    pub narrow: bool,
}

impl Plan {
    pub fn new(window: Vec2) -> Plan {
        Plan { window, narrow: window.x < NARROW_WIDTH }
    }

    /// The height the central area keeps, at least (captions, topology and plots).
    pub fn central_min(&self) -> f32 {
        (self.window.y * CENTRAL_SHARE).round()
    }

    /// The most the bottom tabs may take, given the height left under the top bars; `None`
    /// when there is no room to open them (only their row of titles shows).
    pub fn tabs_max(&self, left: f32) -> Option<f32> {
        let max = left - self.central_min();
        (max >= TABS_MIN_OPEN).then_some(max)
    }

    /// The default height of the open bottom tabs (see [`Plan::tabs_max`]).
    pub fn tabs_default(&self, max: f32) -> f32 {
        TABS_DEFAULT.min(max).min((self.window.y * TABS_DEFAULT_SHARE).max(TABS_MIN_OPEN))
    }

    /// (min, default, max) width of a side panel (the lesson, the detail): together the
    /// two leave the topology and the plots at least 40 % of the width.
    pub fn side_width(&self, compact: bool) -> (f32, f32, f32) {
        let max = (self.window.x * 0.3).max(200.0);
        let wanted: f32 = if compact { 250.0 } else { 360.0 };
        let default = wanted.min(self.window.x * if compact { 0.22 } else { 0.26 }).max(200.0).min(max);
        (200.0_f32.min(max), default, max)
    }

    /// The topology's height in a central area with `available` points left (under the
    /// captions), when it would like `wanted`: the plots keep at least 42 % and the
    /// topology at least a sixth of the window; a graph taller than its share scrolls.
    pub fn topology_height(&self, wanted: f32, available: f32) -> f32 {
        let room = (available - PLOTS_HEADER).max(0.0);
        let floor = (self.window.y / 6.0).min(room * 0.5);
        let ceiling = (room * 0.58).max(floor);
        wanted.clamp(floor, ceiling)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::vec2;

    #[test]
    fn a_projector_in_presentation_mode_is_narrow_and_keeps_half_for_the_centre() {
        // 1280×720 at presentation mode's 1.25×.
        let plan = Plan::new(vec2(1024.0, 576.0));
        assert!(plan.narrow);
        assert_eq!(plan.central_min(), 288.0);
        // Under the top bars and a caption (about 190 points) there are 386 left: the
        // tabs could have only 98, so they fold; with no caption they could open.
        assert_eq!(plan.tabs_max(386.0), None);
        assert_eq!(plan.tabs_max(450.0), Some(162.0));
        // Opened, they start at 24 % of the window's height.
        assert_eq!(plan.tabs_default(162.0), 0.24 * 576.0);
        // 250 points under a caption: less 40 for the plots' header, the topology gets
        // 58 % of the 210 left, the plots the rest.
        assert_eq!(plan.topology_height(400.0, 250.0), 0.58 * 210.0);
        // A small graph takes only what it needs; a sixth of the window at least.
        assert_eq!(plan.topology_height(60.0, 250.0), 96.0);
    }

    #[test]
    fn a_desktop_keeps_the_usual_sizes() {
        let plan = Plan::new(vec2(1600.0, 1000.0));
        assert!(!plan.narrow);
        assert_eq!(plan.tabs_default(1000.0 - 120.0 - 500.0), 240.0);
        // A side panel: 360 wide at first, up to 30 % of the width.
        let (min, default, max) = plan.side_width(false);
        assert_eq!((min, default), (200.0, 360.0));
        assert!((max - 480.0).abs() < 1e-3, "{max}");
        assert_eq!(plan.topology_height(240.0, 600.0), 240.0);
    }
}
