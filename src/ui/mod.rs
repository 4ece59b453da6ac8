//! The dashboard room: the egui application.
//!
//! Threads: the UI thread (eframe) draws panels from the newest [`snapshot::Snapshot`];
//! the runner thread ([`runner`]) owns the simulation, advances it in virtual time and
//! publishes snapshots; a small tokio runtime ([`dialogs`]) runs file dialogs. The UI
//! never waits for the engine. The engine and scenario rooms know nothing of this one.

pub mod app;
pub mod cascade;
pub mod command;
pub mod dialogs;
pub mod fonts;
pub mod format;
pub mod frame_stats;
pub mod health;
pub mod jobs;
pub mod layout;
pub mod panels;
pub mod runner;
pub mod settings;
pub mod snapshot;
pub mod theme;

pub use snapshot::Speed;

use crate::i18n::Lang;
use app::Dashboard;
use runner::{Control, Runner, RunnerLink, RunnerThread};
use settings::Settings;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Opens the dashboard window on `file`, or on the built-in default scenario, playing.
/// A file that does not load opens the error panel over the default scenario.
pub fn run(file: Option<PathBuf>, speed: Option<Speed>, lang: Option<Lang>) -> ExitCode {
    let mut runner = Runner::open(file);
    runner.handle(Control::Play);
    if let Some(speed) = speed {
        runner.handle(Control::SetSpeed(speed));
    }
    let first = Arc::new(runner.snapshot());
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("faultline")
            .with_inner_size([1440.0, 900.0])
            .with_maximized(true)
            .with_min_inner_size([900.0, 600.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let mut options = options;
    // The window opens sized to the screen every time (maximised, or filling the monitor
    // where no window manager maximises): a restored smaller window would cramp a projector.
    options.persist_window = false;
    options.glow_options.vsync = std::env::var_os("FAULTLINE_NO_VSYNC").is_none();
    // Dithering hides banding in smooth gradients, which this flat UI does not draw; off,
    // it saves ~10 % of each frame where the GPU is software (llvmpipe: 41-44 → 45-49
    // fps at 1600×1000, measured with FAULTLINE_FRAME_STATS=1).
    options.dithering = false;
    let result = eframe::run_native(
        "faultline",
        options,
        Box::new(move |cc| {
            let ctx = cc.egui_ctx.clone();
            // A zero-delay request makes egui paint twice (to let layouts settle); each
            // snapshot needs one frame, and a tiny delay asks for exactly that.
            let thread =
                RunnerThread::spawn(runner, move || ctx.request_repaint_after(std::time::Duration::from_millis(1)))?;
            let stored = Settings::load(cc.storage);
            let first_run = stored.is_none();
            let mut settings = stored.unwrap_or_default();
            // `--lang` wins and is remembered; then the choice made before; then the system's.
            settings.lang = lang.or(settings.lang).or_else(|| Some(Lang::from_environment()));
            let mut app = Dashboard::new(
                RunnerLink::Thread(thread),
                first,
                settings,
                dialogs::Dialogs::new(),
                frame_stats::FrameStats::from_env(),
            );
            app.fill_screen_on_first_frame();
            if first_run {
                app.welcome();
            }
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("faultline: could not open the window: {e}");
            ExitCode::from(1)
        }
    }
}
