//! The dashboard under egui_kittest, shared by the UI tests. The runner is inline: every
//! frame advances virtual time by exactly [`FRAME`] of "wall" time × speed, so what the
//! window shows after N frames is known in advance.
#![allow(dead_code)]

use egui_kittest::Harness;
use faultline::ui::app::Dashboard;
use faultline::ui::dialogs::Dialogs;
use faultline::ui::frame_stats::FrameStats;
use faultline::ui::runner::{Control, Runner, RunnerLink};
use faultline::ui::settings::Settings;
use faultline::ui::snapshot::Speed;
use std::sync::Arc;
use std::time::Duration;

/// A node's bounds in points, if it has any (`Node::rect` panics on the containers egui
/// adds for each `Ui`, which carry no bounds).
pub fn bounds<'t>(h: &Harness<'_, Dashboard>, node: &impl egui_kittest::kittest::NodeT<'t>) -> Option<egui::Rect> {
    let b = node.accesskit_node().bounding_box()?;
    let ppp = h.ctx.pixels_per_point();
    Some(egui::Rect::from_min_max(
        egui::pos2(b.x0 as f32 / ppp, b.y0 as f32 / ppp),
        egui::pos2(b.x1 as f32 / ppp, b.y1 as f32 / ppp),
    ))
}

/// The wall time one harness frame stands for.
pub const FRAME: Duration = Duration::from_millis(100);

/// The dashboard on `runner`, in a 1600 × 1000 window, without file dialogs.
pub fn dashboard(runner: Runner, settings: Settings) -> Harness<'static, Dashboard> {
    dashboard_sized(runner, settings, [1600.0, 1000.0])
}

/// The dashboard on `runner` in a window of `size` points (at zoom 1), without file dialogs.
pub fn dashboard_sized(mut runner: Runner, settings: Settings, size: [f32; 2]) -> Harness<'static, Dashboard> {
    let first = Arc::new(runner.snapshot());
    let app =
        Dashboard::new(RunnerLink::inline(runner, FRAME), first, settings, Dialogs::disabled(), FrameStats::new(false));
    Harness::builder().with_size(size).build_ui_state(|ui, app: &mut Dashboard| app.frame(ui), app)
}

/// A runner on the scenario `text`, opened as a file would be (its origin in messages is
/// the file's path): written to a temporary file named after `name` and the process, read,
/// and removed again.
pub fn open_scenario(name: &str, text: &str) -> Runner {
    let path = std::env::temp_dir().join(format!("faultline-{name}-{}.ron", std::process::id()));
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let runner = Runner::open(Some(path.clone()));
    let _ = std::fs::remove_file(&path);
    runner
}

/// The app as `faultline` starts it (the tour), playing at `speed` × real time.
pub fn tour_at(speed: f64) -> Harness<'static, Dashboard> {
    let mut runner = Runner::open(None);
    runner.handle(Control::SetSpeed(Speed::Times(speed)));
    runner.handle(Control::Play);
    dashboard(runner, Settings::default())
}
