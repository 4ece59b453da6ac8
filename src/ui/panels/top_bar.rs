//! The top bar: scenario and health on the first row; files, playback, speed, seed and
//! the virtual clock on the second.

use super::widgets::{caption, info_chip, state_chip};
use crate::i18n::{self, Lang, lessons, tr, tr_args};
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
                let overlay = ui.selectable_label(settings.frame_overlay, "⏱").on_hover_text(tr("topbar-overlay-help"));
                if overlay.clicked() {
                    command = Some(Command::ToggleFrameOverlay);
                }
                let present = ui
                    .selectable_label(settings.presentation, tr("topbar-presentation"))
                    .on_hover_text(tr("topbar-presentation-help"));
                if present.clicked() {
                    command = Some(Command::TogglePresentation);
                }
            }
            if ui
                .selectable_label(settings.projector, tr("topbar-projector"))
                .on_hover_text(tr("topbar-projector-help"))
                .clicked()
            {
                command = Some(Command::ToggleProjector);
            }
            if !plan.narrow {
                let theme_label = match settings.theme {
                    ThemeChoice::Dark => tr("topbar-theme-light"),
                    ThemeChoice::Light => tr("topbar-theme-dark"),
                };
                if ui.button(theme_label).on_hover_text(tr("topbar-theme-help")).clicked() {
                    command = Some(Command::ToggleTheme);
                }
            }
            command = command.take().or(language_menu(ui));
            ui.separator();
            // A left-to-right island of fixed width inside the right-aligned row.
            let size = egui::vec2(if plan.narrow { 150.0 } else { 175.0 }, ui.spacing().interact_size.y);
            let seed =
                ui.allocate_ui_with_layout(size, Layout::left_to_right(Align::Center), |ui| self.seed(ui, s, plan));
            command = command.take().or(seed.inner);
            ui.separator();
            let health = health::system(s);
            let chip = state_chip(ui, health.level, &health.level.word());
            chip.on_hover_ui(|ui| {
                ui.label(RichText::new(tr("health-title")).strong());
                if health.reasons.is_empty() {
                    ui.label(tr("health-all-well"));
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
                    ui.add(
                        egui::Label::new(RichText::new(lessons::text(&s.scenario.name)).size(18.0).strong()).truncate(),
                    )
                })
                .inner
                .on_hover_text(if s.scenario.description.is_empty() {
                    tr("topbar-scenario-help")
                } else {
                    lessons::text(&s.scenario.description).into_owned()
                });
                ui.add(egui::Label::new(RichText::new(source).small().weak()).truncate());
            });
        });
        command
    }

    /// Open, reload, save and recent files in one menu (a narrow window).
    fn file_menu(&mut self, ui: &mut Ui, s: &Snapshot, settings: &Settings) -> Option<Command> {
        let mut command = None;
        ui.menu_button(tr("menu-file"), |ui| {
            command = self.files(ui, s, settings, false);
            if command.is_some() {
                ui.close();
            }
        })
        .response
        .on_hover_text(tr("menu-file-help"));
        command
    }

    fn files(&mut self, ui: &mut Ui, s: &Snapshot, settings: &Settings, compact: bool) -> Option<Command> {
        let mut command = None;
        let label = |icon: &'static str, key: &str| if compact { tr(key) } else { format!("{icon} {}", tr(key)) };
        if ui.button(label("📂", "file-open")).on_hover_text(tr("file-open-help")).clicked() {
            command = Some(Command::OpenDialog);
        }
        let reload_help = match s.source.path() {
            Some(p) => tr_args("file-reload-help", &[("path", p.display().to_string().into())]),
            None => tr("file-reload-builtin-help"),
        };
        if ui.button(label("⟳", "file-reload")).on_hover_text(reload_help).clicked() {
            command = Some(Control::Reload.into());
        }
        if ui.button(label("💾", "file-save")).on_hover_text(tr("file-save-help")).clicked() {
            command = Some(Command::SaveDialog);
        }
        ui.menu_button(tr("file-recent"), |ui| {
            if settings.recent.is_empty() {
                caption(ui, tr("file-recent-none"));
            }
            for path in &settings.recent {
                if ui.button(path.display().to_string()).clicked() {
                    command = Some(Command::OpenFile(path.clone()));
                    ui.close();
                }
            }
            ui.separator();
            if ui.button(tr("file-builtin")).clicked() {
                command = Some(Control::LoadDefault.into());
                ui.close();
            }
            if ui.button(tr("builder-new")).on_hover_text(tr("builder-new-help")).clicked() {
                command = Some(Command::Build(crate::ui::command::Build::NewEmpty));
                ui.close();
            }
            if !settings.recent.is_empty() && ui.button(tr("file-recent-clear")).clicked() {
                command = Some(Command::ClearRecent);
                ui.close();
            }
        })
        .response
        .on_hover_text(tr("file-recent-help"));
        command
    }

    fn playback(&mut self, ui: &mut Ui, s: &Snapshot, plan: &Plan) -> Option<Command> {
        let mut command = None;
        let p = &s.playback;
        let (label, help) = if p.playing {
            (format!("⏸ {}", tr("play-pause")), tr("play-pause-help"))
        } else {
            (format!("▶ {}", tr("play-play")), tr("play-play-help"))
        };
        if ui.add_enabled(p.playing || !p.finished, egui::Button::new(label)).on_hover_text(help).clicked() {
            command = Some(Control::TogglePlay.into());
        }
        if ui.button(tr("play-step")).on_hover_text(tr("play-step-help")).clicked() {
            command = Some(Control::StepEvent.into());
        }
        let interval = tr_args("play-step-interval", &[("interval", s.sample_every.to_string().into())]);
        if ui.button(interval).on_hover_text(tr("play-step-interval-help")).clicked() {
            command = Some(Control::StepInterval.into());
        }
        if !plan.narrow {
            ui.label(tr("play-speed"));
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
            .on_hover_text(tr("play-speed-help"));
        if ui.button(format!("⟲ {}", tr("play-reset"))).on_hover_text(tr("play-reset-help")).clicked() {
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
        ui.label(tr("seed"));
        let edit = ui
            .add(egui::TextEdit::singleline(&mut self.seed_text).desired_width(if plan.narrow { 52.0 } else { 70.0 }))
            .on_hover_text(tr("seed-help"));
        let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if entered {
            match self.seed_text.trim().parse::<u64>() {
                Ok(seed) => command = Some(Control::SetSeed(seed).into()),
                Err(_) => self.seed_text = s.seed.to_string(),
            }
        }
        if ui.button("🎲").on_hover_text(tr("seed-random-help")).clicked() {
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
        ui.label(RichText::new(clock).monospace().size(18.0).strong()).on_hover_text(tr("clock-help"));
        ui.add(
            egui::ProgressBar::new(s.progress())
                .desired_width(if plan.narrow { 40.0 } else { 80.0 })
                .desired_height(8.0),
        )
        .on_hover_text(tr_args("clock-progress", &[("percent", format!("{:.0}", s.progress() * 100.0).into())]));
        let p = &s.playback;
        if let Some(halt) = &s.status.halt {
            info_chip(
                ui,
                format!("■ {}", tr(if plan.narrow { "clock-limit-short" } else { "clock-limit" })),
                VERMILLION,
            )
            .on_hover_text(halt.render(crate::i18n::lang()));
        } else if p.finished {
            info_chip(ui, format!("■ {}", tr("clock-finished")), palette.text_dim)
                .on_hover_text(tr("clock-finished-help"));
        } else if !p.playing {
            info_chip(ui, format!("⏸ {}", tr("clock-paused")), palette.text_dim).on_hover_text(tr("clock-paused-help"));
        } else if p.speed == Speed::Max {
            let factor = format::factor(p.achieved_speed);
            let key = if plan.narrow { "clock-max-short" } else { "clock-max" };
            let text = tr_args(key, &[("factor", factor.into())]);
            info_chip(ui, text, palette.text_dim).on_hover_text(tr("clock-max-help"));
        } else if p.is_behind() {
            // While the debt is below its cap it says how far the clock trails; once capped
            // the number would be the cap, so say how fast the run really goes instead.
            // A narrow window (a projector) gets the same words, shorter.
            let achieved = format::factor(p.achieved_speed);
            let lag = format::span_s(p.lag.as_secs_f64());
            let text = match (p.lag_is_capped(), plan.narrow) {
                (true, false) => tr_args(
                    "clock-behind-speed",
                    &[("achieved", achieved.clone().into()), ("speed", p.speed.to_string().into())],
                ),
                (true, true) => tr_args(
                    "clock-behind-speed-short",
                    &[("achieved", achieved.clone().into()), ("speed", p.speed.to_string().into())],
                ),
                (false, false) => tr_args("clock-behind-by", &[("lag", lag.into())]),
                (false, true) => tr_args("clock-behind-by-short", &[("lag", lag.into())]),
            };
            state_chip(ui, Health::Degraded, &text).on_hover_text(tr_args(
                "clock-behind-help",
                &[("speed", p.speed.to_string().into()), ("achieved", achieved.into())],
            ));
        } else {
            let ahead = p.ahead_of_wall_s;
            let short = if plan.narrow { "-short" } else { "" };
            let text = if ahead.abs() < 0.5 {
                tr(&format!("clock-in-step{short}"))
            } else if ahead > 0.0 {
                tr_args(&format!("clock-ahead{short}"), &[("span", format::span_s(ahead).into())])
            } else {
                tr_args(&format!("clock-trailing{short}"), &[("span", format::span_s(-ahead).into())])
            };
            info_chip(ui, text, ORANGE.lerp_to_gamma(palette.text_dim, 0.7)).on_hover_text(tr("clock-drift-help"));
        }
    }
}

/// The tour and the lessons, the lesson panel and the captions.
fn lessons_menu(ui: &mut Ui, s: &Snapshot, settings: &Settings, compact: bool) -> Option<Command> {
    let mut command = None;
    let label = |icon: &'static str, key: &str| if compact { tr(key) } else { format!("{icon} {}", tr(key)) };
    ui.menu_button(label("📚", "menu-lessons"), |ui| {
        for entry in super::lessons::entries() {
            let text =
                format!("{} · {}", super::lessons::number(entry), format::printable(&lessons::text(&entry.title)));
            if ui.button(text).on_hover_text(format::printable(&lessons::text(&entry.summary)).into_owned()).clicked() {
                command = Some(Control::LoadLesson(entry.id.to_string()).into());
                ui.close();
            }
        }
        ui.separator();
        if ui.button(tr("lessons-browse")).clicked() {
            command = Some(Command::OpenLessons);
            ui.close();
        }
        if s.lesson.is_some() {
            let panel = tr(if settings.lesson_panel { "lessons-hide-panel" } else { "lessons-show-panel" });
            if ui.button(panel).clicked() {
                command = Some(Command::ToggleLessonPanel);
                ui.close();
            }
            let captions = tr(if settings.captions { "lessons-hide-captions" } else { "lessons-show-captions" });
            if ui.button(captions).clicked() {
                command = Some(Command::ToggleCaptions);
                ui.close();
            }
        }
    })
    .response
    .on_hover_text(tr("menu-lessons-help"));
    command
}

/// Theme, presentation mode and the frame-time overlay in one menu (a narrow window).
fn view_menu(ui: &mut Ui, settings: &Settings) -> Option<Command> {
    let mut command = None;
    ui.menu_button(tr("menu-view"), |ui| {
        let theme_label = match settings.theme {
            ThemeChoice::Dark => tr("topbar-theme-light"),
            ThemeChoice::Light => tr("topbar-theme-dark"),
        };
        if ui.button(theme_label).clicked() {
            command = Some(Command::ToggleTheme);
        }
        if ui
            .selectable_label(settings.presentation, tr("topbar-presentation"))
            .on_hover_text(tr("topbar-presentation-help"))
            .clicked()
        {
            command = Some(Command::TogglePresentation);
        }
        if ui
            .selectable_label(settings.projector, tr("topbar-projector"))
            .on_hover_text(tr("topbar-projector-help"))
            .clicked()
        {
            command = Some(Command::ToggleProjector);
        }
        let tabs = tr(if settings.tabs_folded { "view-tabs-open" } else { "view-tabs-fold" });
        if ui.button(tabs).clicked() {
            command = Some(Command::FoldTabs(!settings.tabs_folded));
        }
        if ui.selectable_label(settings.frame_overlay, format!("⏱ {}", tr("view-overlay"))).clicked() {
            command = Some(Command::ToggleFrameOverlay);
        }
        if command.is_some() {
            ui.close();
        }
    })
    .response
    .on_hover_text(tr("menu-view-help"));
    command
}

/// The language menu: each language named in itself, so a reader lost in the other one
/// still finds theirs.
fn language_menu(ui: &mut Ui) -> Option<Command> {
    let mut command = None;
    let current = i18n::lang();
    egui::ComboBox::from_id_salt("language")
        .selected_text(format!("🌐 {}", current.native_name()))
        .width(96.0)
        .show_ui(ui, |ui| {
            for lang in Lang::ALL {
                if ui.selectable_label(lang == current, lang.native_name()).clicked() {
                    command = Some(Command::SetLang(lang));
                }
            }
        })
        .response
        .on_hover_text(tr("topbar-language-help"));
    command
}
