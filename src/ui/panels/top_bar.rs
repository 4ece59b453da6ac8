//! The top bar: scenario and health on the first row; files, playback, speed, seed and
//! the virtual clock on the second.

use super::widgets::{caption, info_chip, state_chip};
use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::health;
use crate::ui::layout::Plan;
use crate::ui::runner::Control;
use crate::ui::settings::Settings;
use crate::ui::snapshot::{Snapshot, Speed};
use crate::ui::theme::{Health, ORANGE, Palette, ThemeChoice, VERMILLION};
use egui::{Align, Layout, RichText, Ui};

/// State of the top bar's own widgets (the seed being typed).
#[derive(Default)]
pub struct TopBar {
    seed_text: String,
    seed_generation: Option<u64>,
}

impl TopBar {
    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot, settings: &Settings, plan: &Plan) -> Option<Command> {
        let mut command = None;
        ui.horizontal(|ui| {
            command = command.take().or(self.title_row(ui, s, settings, plan));
        });
        // Below this width the file buttons drop their icons to make room; on a narrow
        // window (a projector) they go into one File menu.
        let compact = ui.available_width() < 1450.0;
        ui.horizontal_wrapped(|ui| {
            command = command.take().or(if plan.narrow {
                self.file_menu(ui, s, settings)
            } else {
                self.files(ui, s, settings, compact)
            });
            command = command.take().or(lessons_menu(ui, s, settings, compact));
            ui.separator();
            command = command.take().or(self.playback(ui, s, plan));
            ui.separator();
            self.clock(ui, s, plan);
        });
        command
    }

    /// The name and source on the left, cut short to the room the right-hand controls
    /// leave: those are laid out first, so the two can never overlap.
    fn title_row(&mut self, ui: &mut Ui, s: &Snapshot, settings: &Settings, plan: &Plan) -> Option<Command> {
        let mut command = None;
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            if plan.narrow {
                command = command.take().or(view_menu(ui, settings));
            } else {
                let overlay = ui.selectable_label(settings.frame_overlay, "⏱").on_hover_text("Frame-time overlay: UI frames per second measured in the app, and the engine's speed.");
                if overlay.clicked() {
                    command = Some(Command::ToggleFrameOverlay);
                }
                let present = ui
                    .selectable_label(settings.presentation, "Presentation")
                    .on_hover_text("Presentation mode, for a projector: everything up to 1.5× larger, as much as the screen allows (1.25× on a 720-line projector).");
                if present.clicked() {
                    command = Some(Command::TogglePresentation);
                }
            }
            if ui.selectable_label(settings.projector, PROJECTOR).on_hover_text(PROJECTOR_HELP).clicked() {
                command = Some(Command::ToggleProjector);
            }
            if !plan.narrow {
                let theme_label = match settings.theme {
                    ThemeChoice::Dark => "☀ Light theme",
                    ThemeChoice::Light => "🌙 Dark theme",
                };
                if ui.button(theme_label).on_hover_text("Switch between the light and dark theme.").clicked() {
                    command = Some(Command::ToggleTheme);
                }
            }
            ui.separator();
            // A left-to-right island of fixed width inside the right-aligned row.
            let size = egui::vec2(if plan.narrow { 150.0 } else { 175.0 }, ui.spacing().interact_size.y);
            let seed = ui.allocate_ui_with_layout(size, Layout::left_to_right(Align::Center), |ui| self.seed(ui, s, plan));
            command = command.take().or(seed.inner);
            ui.separator();
            let health = health::system(s);
            let chip = state_chip(ui, health.level, health.level.word());
            chip.on_hover_ui(|ui| {
                ui.label(RichText::new("System health").strong());
                if health.reasons.is_empty() {
                    ui.label("Nothing lost, dropped or dead-lettered in the last interval; queues below half full; failure rates below 5 %.");
                }
                for reason in &health.reasons {
                    ui.label(format!("• {reason}"));
                }
            });
            ui.add_space(8.0);
            ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                ui.label(RichText::new("faultline").heading().strong());
                let source = format!("({})", s.source.label());
                // The source keeps up to a third of what is left; the name takes the rest.
                let room = ui.available_width();
                let source_room = (room / 3.0).min(220.0);
                ui.scope(|ui| {
                    ui.set_max_width((room - source_room - ui.spacing().item_spacing.x).max(40.0));
                    ui.add(egui::Label::new(RichText::new(&s.scenario.name).size(18.0).strong()).truncate())
                })
                .inner
                .on_hover_text(if s.scenario.description.is_empty() {
                    "The running scenario."
                } else {
                    &s.scenario.description
                });
                ui.add(egui::Label::new(RichText::new(source).small().weak()).truncate());
            });
        });
        command
    }

    /// Open, reload, save and recent files in one menu (a narrow window).
    fn file_menu(&mut self, ui: &mut Ui, s: &Snapshot, settings: &Settings) -> Option<Command> {
        let mut command = None;
        ui.menu_button("File", |ui| {
            command = self.files(ui, s, settings, false);
            if command.is_some() {
                ui.close();
            }
        })
        .response
        .on_hover_text("Open, reload or save a scenario; recent files.");
        command
    }

    fn files(&mut self, ui: &mut Ui, s: &Snapshot, settings: &Settings, compact: bool) -> Option<Command> {
        let mut command = None;
        let label =
            |icon: &'static str, text: &'static str| if compact { text.to_string() } else { format!("{icon} {text}") };
        if ui
            .button(label("📂", "Open…"))
            .on_hover_text("Open a scenario file (Ctrl+O). You can also drop a .ron file onto the window.")
            .clicked()
        {
            command = Some(Command::OpenDialog);
        }
        let reload_help = match s.source.path() {
            Some(p) => format!("Read {} again and start it from the beginning.", p.display()),
            None => "Start the built-in scenario again from the beginning.".into(),
        };
        if ui.button(label("⟳", "Reload")).on_hover_text(reload_help).clicked() {
            command = Some(Control::Reload.into());
        }
        if ui
            .button(label("💾", "Save…"))
            .on_hover_text("Save the running scenario, including your live edits, as a new .ron file.")
            .clicked()
        {
            command = Some(Command::SaveDialog);
        }
        ui.menu_button("Recent", |ui| {
            if settings.recent.is_empty() {
                caption(ui, "No recent files yet.");
            }
            for path in &settings.recent {
                if ui.button(path.display().to_string()).clicked() {
                    command = Some(Command::OpenFile(path.clone()));
                    ui.close();
                }
            }
            ui.separator();
            if ui.button("Built-in order pipeline").clicked() {
                command = Some(Control::LoadDefault.into());
                ui.close();
            }
            if !settings.recent.is_empty() && ui.button("Clear the list").clicked() {
                command = Some(Command::ClearRecent);
                ui.close();
            }
        })
        .response
        .on_hover_text("Scenarios opened before.");
        command
    }

    fn playback(&mut self, ui: &mut Ui, s: &Snapshot, plan: &Plan) -> Option<Command> {
        let mut command = None;
        let p = &s.playback;
        let (label, help) = if p.playing {
            ("⏸ Pause", "Pause the simulation (Space).")
        } else {
            ("▶ Play", "Run the simulation in virtual time at the chosen speed (Space).")
        };
        if ui.add_enabled(p.playing || !p.finished, egui::Button::new(label)).on_hover_text(help).clicked() {
            command = Some(Control::TogglePlay.into());
        }
        if ui.button("Step").on_hover_text("Pause and handle exactly one event (Right arrow).").clicked() {
            command = Some(Control::StepEvent.into());
        }
        let interval = format!("Step {}", s.sample_every);
        if ui
            .button(interval)
            .on_hover_text("Pause and run to the end of the current sample interval (Shift+Right arrow).")
            .clicked()
        {
            command = Some(Control::StepInterval.into());
        }
        if !plan.narrow {
            ui.label("Speed");
        }
        egui::ComboBox::from_id_salt("speed")
            .selected_text(p.speed.to_string())
            .width(64.0)
            .show_ui(ui, |ui| {
                for speed in Speed::STEPS {
                    if ui.selectable_label(speed == p.speed, speed.to_string()).clicked() {
                        command = Some(Control::SetSpeed(speed).into());
                    }
                }
            })
            .response
            .on_hover_text("Virtual seconds per wall second (+ and − keys). \"max\" runs as fast as the engine can.");
        if ui
            .button("⟲ Reset")
            .on_hover_text("Start the loaded scenario again from time zero; live edits are discarded (R).")
            .clicked()
        {
            command = Some(Control::Reset.into());
        }
        command
    }

    fn seed(&mut self, ui: &mut Ui, s: &Snapshot, plan: &Plan) -> Option<Command> {
        let mut command = None;
        if self.seed_generation != Some(s.generation) {
            self.seed_text = s.seed.to_string();
            self.seed_generation = Some(s.generation);
        }
        ui.label("Seed");
        let edit = ui.add(egui::TextEdit::singleline(&mut self.seed_text).desired_width(if plan.narrow { 52.0 } else { 70.0 })).on_hover_text(
            "Seed of the random streams. Same scenario + same seed = the same run, bit for bit. Press Enter to restart with it.",
        );
        let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if entered {
            match self.seed_text.trim().parse::<u64>() {
                Ok(seed) => command = Some(Control::SetSeed(seed).into()),
                Err(_) => self.seed_text = s.seed.to_string(),
            }
        }
        if ui.button("🎲").on_hover_text("Restart with a new random seed.").clicked() {
            let seed = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64 % 1_000_000)
                .unwrap_or(1);
            command = Some(Control::SetSeed(seed).into());
        }
        command
    }

    fn clock(&mut self, ui: &mut Ui, s: &Snapshot, plan: &Plan) {
        let palette = Palette::of(ui.visuals());
        let clock = format!("{} / {}", format::clock(s.now), format::clock(s.end));
        ui.label(RichText::new(clock).monospace().size(18.0).strong())
            .on_hover_text("Virtual time: the simulation's own clock, and the scenario's duration.");
        ui.add(
            egui::ProgressBar::new(s.progress())
                .desired_width(if plan.narrow { 40.0 } else { 80.0 })
                .desired_height(8.0),
        )
        .on_hover_text(format!("{:.0} % of the run done.", s.progress() * 100.0));
        let p = &s.playback;
        if let Some(halt) = &s.status.halt {
            info_chip(ui, if plan.narrow { "■ at a limit" } else { "■ stopped at a limit" }, VERMILLION)
                .on_hover_text(halt.to_string());
        } else if p.finished {
            info_chip(ui, "■ finished", palette.text_dim)
                .on_hover_text("The run reached the scenario's duration. Reset or load another scenario.");
        } else if !p.playing {
            info_chip(ui, "⏸ paused", palette.text_dim)
                .on_hover_text("Virtual time stands still until you press Play or Step.");
        } else if p.speed == Speed::Max {
            let factor = format::factor(p.achieved_speed);
            let text = if plan.narrow { format!("max: {factor}") } else { format!("max speed: {factor} real time") };
            info_chip(ui, text, palette.text_dim)
                .on_hover_text("Running as fast as the engine can, in slices, so the window stays responsive.");
        } else if p.is_behind() {
            // While the debt is below its cap it says how far the clock trails; once capped
            // the number would be the cap, so say how fast the run really goes instead.
            // A narrow window (a projector) gets the same words, shorter.
            let text = match (p.lag_is_capped(), plan.narrow) {
                (true, false) => format!("behind real time: {} of {}", format::factor(p.achieved_speed), p.speed),
                (true, true) => format!("behind: {} of {}", format::factor(p.achieved_speed), p.speed),
                (false, false) => format!("behind real time by {}", format::span_s(p.lag.as_secs_f64())),
                (false, true) => format!("behind by {}", format::span_s(p.lag.as_secs_f64())),
            };
            state_chip(ui, Health::Degraded, &text).on_hover_text(format!(
                "The engine cannot keep up with {}: it achieves {}. The window stays responsive; the simulation simply runs slower than asked.",
                p.speed,
                format::factor(p.achieved_speed)
            ));
        } else {
            let ahead = p.ahead_of_wall_s;
            let real_time = if plan.narrow { "" } else { " real time" };
            let text = if ahead.abs() < 0.5 {
                format!("in step{}", if plan.narrow { "" } else { " with real time" })
            } else if ahead > 0.0 {
                format!("{} ahead{}", format::span_s(ahead), if plan.narrow { "" } else { " of real time" })
            } else {
                format!("{} behind{real_time}", format::span_s(-ahead))
            };
            info_chip(ui, text, ORANGE.lerp_to_gamma(palette.text_dim, 0.7))
                .on_hover_text("Virtual time elapsed minus wall time spent playing: at ×1 it stays near zero, faster speeds run ahead, steps while paused add to it.");
        }
    }
}

/// The tour and the lessons, the lesson panel and the captions.
fn lessons_menu(ui: &mut Ui, s: &Snapshot, settings: &Settings, compact: bool) -> Option<Command> {
    let mut command = None;
    let label =
        |icon: &'static str, text: &'static str| if compact { text.to_string() } else { format!("{icon} {text}") };
    ui.menu_button(label("📚", "Lessons"), |ui| {
        for entry in super::lessons::entries() {
            let text = format!("{} · {}", super::lessons::number(entry), format::printable(&entry.title));
            if ui.button(text).on_hover_text(format::printable(&entry.summary)).clicked() {
                command = Some(Control::LoadLesson(entry.id.to_string()).into());
                ui.close();
            }
        }
        ui.separator();
        if ui.button("Browse the lessons…").clicked() {
            command = Some(Command::OpenLessons);
            ui.close();
        }
        if s.lesson.is_some() {
            let panel = if settings.lesson_panel { "Hide the lesson panel" } else { "Show the lesson panel" };
            if ui.button(panel).clicked() {
                command = Some(Command::ToggleLessonPanel);
                ui.close();
            }
            let captions = if settings.captions { "Hide the captions" } else { "Show the captions" };
            if ui.button(captions).clicked() {
                command = Some(Command::ToggleCaptions);
                ui.close();
            }
        }
    })
    .response
    .on_hover_text("The tour of failures and the twelve lessons: load one, or browse them with their summaries.");
    command
}

/// The projector preset's button.
const PROJECTOR: &str = "📽 Projector";
const PROJECTOR_HELP: &str = "Projector preset, for a lecture room: everything larger (sized to this screen), presentation mode, the lesson panel compact and the bottom tabs folded to their titles, so the graph and the plots keep the room. Click again for the desktop look.";

/// Theme, presentation mode and the frame-time overlay in one menu (a narrow window).
fn view_menu(ui: &mut Ui, settings: &Settings) -> Option<Command> {
    let mut command = None;
    ui.menu_button("View", |ui| {
        let theme_label = match settings.theme {
            ThemeChoice::Dark => "☀ Light theme",
            ThemeChoice::Light => "🌙 Dark theme",
        };
        if ui.button(theme_label).clicked() {
            command = Some(Command::ToggleTheme);
        }
        if ui
            .selectable_label(settings.presentation, "Presentation")
            .on_hover_text("Everything up to 1.5× larger, as much as the screen allows.")
            .clicked()
        {
            command = Some(Command::TogglePresentation);
        }
        if ui.selectable_label(settings.projector, PROJECTOR).on_hover_text(PROJECTOR_HELP).clicked() {
            command = Some(Command::ToggleProjector);
        }
        let tabs = if settings.tabs_folded { "Open the bottom tabs" } else { "Fold the bottom tabs" };
        if ui.button(tabs).clicked() {
            command = Some(Command::FoldTabs(!settings.tabs_folded));
        }
        if ui.selectable_label(settings.frame_overlay, "⏱ Frame-time overlay").clicked() {
            command = Some(Command::ToggleFrameOverlay);
        }
        if command.is_some() {
            ui.close();
        }
    })
    .response
    .on_hover_text("Theme, presentation mode, the projector preset, the bottom tabs, the frame-time overlay.");
    command
}
