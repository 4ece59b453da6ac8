//! The error panel: a scenario that could not be loaded, located by file:line:column,
//! while the last good scenario keeps running.

use crate::i18n::{lang, lessons, tr, tr_args};
use crate::ui::command::Command;
use crate::ui::runner::Control;
use crate::ui::snapshot::Snapshot;
use crate::ui::theme::{Palette, VERMILLION};
use egui::{RichText, Ui};

#[derive(Default)]
pub struct ProblemPanel;

impl ProblemPanel {
    /// The panel's frame: tinted and outlined in the failing colour, so it cannot be missed.
    pub fn frame(style: &egui::Style) -> egui::Frame {
        let tint = if style.visuals.dark_mode { 0.18 } else { 0.10 };
        egui::Frame::side_top_panel(style)
            .fill(VERMILLION.gamma_multiply(tint))
            .stroke(egui::Stroke::new(2.0, VERMILLION))
            .inner_margin(egui::Margin::same(8))
    }

    /// Whether there is anything to show.
    pub fn is_needed(s: &Snapshot) -> bool {
        s.load_problem.is_some()
    }

    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        let problem = s.load_problem.as_ref()?;
        let palette = Palette::of(ui.visuals());
        let mut command = None;
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!("✖ {}", tr("problem-title")))
                    .strong()
                    .color(palette.text_color(VERMILLION))
                    .size(17.0),
            );
            ui.label(RichText::new(&problem.what).monospace().strong());
            ui.label(tr_args(
                "problem-still-running",
                &[("name", lessons::text(&s.scenario.name).into_owned().into())],
            ));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(tr("problem-dismiss")).on_hover_text(tr("problem-dismiss-help")).clicked() {
                    command = Some(Control::DismissProblem.into());
                }
                if ui.button(format!("📂 {}", tr("file-open"))).on_hover_text(tr("problem-open-help")).clicked() {
                    command = Some(Command::OpenDialog);
                }
                if std::path::Path::new(&problem.what).is_file()
                    && ui
                        .button(format!("⟳ {}", tr("problem-try-again")))
                        .on_hover_text(tr("problem-try-again-help"))
                        .clicked()
                {
                    command = Some(Command::OpenFile(problem.what.clone().into()));
                }
            });
        });
        egui::ScrollArea::vertical().max_height(140.0).show(ui, |ui| {
            let message = problem.error.as_ref().map_or_else(|| problem.message.clone(), |e| e.render(lang()));
            ui.add(egui::Label::new(RichText::new(message).monospace()).wrap());
        });
        command
    }
}
