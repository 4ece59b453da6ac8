//! The top bar: scenario and health on the first row; files, playback, speed, seed and
//! the virtual clock on the second.

use super::widgets::{caption, info_chip, state_chip};
use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::health;
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
    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot, settings: &Settings) -> Option<Command> {
        let mut command = None;
        ui.horizontal(|ui| {
            command = command.take().or(self.title_row(ui, s, settings));
        });
        // Below this width the file buttons drop their icons to make room.
        let compact = ui.available_width() < 1450.0;
        ui.horizontal_wrapped(|ui| {
            command = command.take().or(self.files(ui, s, settings, compact));
            ui.separator();
            command = command.take().or(self.playback(ui, s));
            ui.separator();
            self.clock(ui, s);
        });
        command
    }

    fn title_row(&mut self, ui: &mut Ui, s: &Snapshot, settings: &Settings) -> Option<Command> {
        let mut command = None;
        ui.label(RichText::new("faultline").heading().strong());
        // A long name is cut short rather than run under the controls on the right.
        let room = (ui.available_width() - 740.0).max(120.0);
        ui.scope(|ui| {
            ui.set_max_width(room);
            ui.add(egui::Label::new(RichText::new(&s.scenario.name).size(18.0).strong()).truncate())
        })
        .inner
        .on_hover_text(if s.scenario.description.is_empty() {
            "The running scenario."
        } else {
            &s.scenario.description
        });
        caption(ui, format!("({})", s.source.label()));
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            let overlay = ui.selectable_label(settings.frame_overlay, "⏱").on_hover_text("Frame-time overlay: UI frames per second measured in the app, and the engine's speed.");
            if overlay.clicked() {
                command = Some(Command::ToggleFrameOverlay);
            }
            let present = ui
                .selectable_label(settings.presentation, "Presentation")
                .on_hover_text("Presentation mode: everything 1.5× larger, for a projector.");
            if present.clicked() {
                command = Some(Command::TogglePresentation);
            }
            let theme_label = match settings.theme {
                ThemeChoice::Dark => "☀ Light theme",
                ThemeChoice::Light => "🌙 Dark theme",
            };
            if ui.button(theme_label).on_hover_text("Switch between the light and dark theme.").clicked() {
                command = Some(Command::ToggleTheme);
            }
            ui.separator();
            // A left-to-right island of fixed width inside the right-aligned row.
            let size = egui::vec2(175.0, ui.spacing().interact_size.y);
            let seed = ui.allocate_ui_with_layout(size, Layout::left_to_right(Align::Center), |ui| self.seed(ui, s));
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
        });
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

    fn playback(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
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
        ui.label("Speed");
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

    fn seed(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        let mut command = None;
        if self.seed_generation != Some(s.generation) {
            self.seed_text = s.seed.to_string();
            self.seed_generation = Some(s.generation);
        }
        ui.label("Seed");
        let edit = ui.add(egui::TextEdit::singleline(&mut self.seed_text).desired_width(70.0)).on_hover_text(
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

    fn clock(&mut self, ui: &mut Ui, s: &Snapshot) {
        let palette = Palette::of(ui.visuals());
        let clock = format!("{} / {}", format::clock(s.now), format::clock(s.end));
        ui.label(RichText::new(clock).monospace().size(18.0).strong())
            .on_hover_text("Virtual time: the simulation's own clock, and the scenario's duration.");
        ui.add(egui::ProgressBar::new(s.progress()).desired_width(80.0).desired_height(8.0))
            .on_hover_text(format!("{:.0} % of the run done.", s.progress() * 100.0));
        let p = &s.playback;
        if let Some(halt) = &s.status.halt {
            info_chip(ui, "■ stopped at a limit", VERMILLION).on_hover_text(halt.to_string());
        } else if p.finished {
            info_chip(ui, "■ finished", palette.text_dim)
                .on_hover_text("The run reached the scenario's duration. Reset or load another scenario.");
        } else if !p.playing {
            info_chip(ui, "⏸ paused", palette.text_dim)
                .on_hover_text("Virtual time stands still until you press Play or Step.");
        } else if p.speed == Speed::Max {
            info_chip(ui, format!("max speed: {} real time", format::factor(p.achieved_speed)), palette.text_dim)
                .on_hover_text("Running as fast as the engine can, in slices, so the window stays responsive.");
        } else if p.is_behind() {
            // While the debt is below its cap it says how far the clock trails; once capped
            // the number would be the cap, so say how fast the run really goes instead.
            let text = if p.lag_is_capped() {
                format!("behind real time: {} of {}", format::factor(p.achieved_speed), p.speed)
            } else {
                format!("behind real time by {}", format::span_s(p.lag.as_secs_f64()))
            };
            state_chip(ui, Health::Degraded, &text).on_hover_text(format!(
                "The engine cannot keep up with {}: it achieves {}. The window stays responsive; the simulation simply runs slower than asked.",
                p.speed,
                format::factor(p.achieved_speed)
            ));
        } else {
            let ahead = p.ahead_of_wall_s;
            let text = if ahead.abs() < 0.5 {
                "in step with real time".to_string()
            } else if ahead > 0.0 {
                format!("{} ahead of real time", format::span_s(ahead))
            } else {
                format!("{} behind real time", format::span_s(-ahead))
            };
            info_chip(ui, text, ORANGE.lerp_to_gamma(palette.text_dim, 0.7))
                .on_hover_text("Virtual time elapsed minus wall time spent playing: at ×1 it stays near zero, faster speeds run ahead, steps while paused add to it.");
        }
    }
}
