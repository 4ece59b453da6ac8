//! The change list: every parameter changed live (time, component, field, from → to), as
//! the engine records them, and "Save as new scenario…" to write the scenario with them.

use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::panels::widgets::caption;
use crate::ui::snapshot::Snapshot;
use egui::{RichText, Ui};

#[derive(Default)]
pub struct ChangesPanel;

impl ChangesPanel {
    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        let mut command = None;
        let changes = &s.whatif.live_changes;
        ui.horizontal(|ui| {
            let n = changes.len();
            ui.label(RichText::new(match n {
                0 => "No live changes yet".to_string(),
                1 => "1 live change".to_string(),
                n => format!("{n} live changes"),
            }).strong());
            if s.whatif.replay_pending > 0 {
                caption(ui, format!("· {} recorded commands to replay as the run goes on", s.whatif.replay_pending));
            }
            if ui
                .button("💾 Save as new scenario…")
                .on_hover_text("Write the scenario with every change applied (as if made at time zero) to a new .ron file. Save the session to keep their moments.")
                .clicked()
            {
                command = Some(Command::SaveDialog);
            }
        });
        if changes.is_empty() {
            caption(
                ui,
                "Select a component and change any of its parameters in the details panel; each change is listed here.",
            );
            return command;
        }
        egui::ScrollArea::vertical().id_salt("changes").auto_shrink([false, false]).stick_to_bottom(true).show(
            ui,
            |ui| {
                egui::Grid::new("change-list").num_columns(4).striped(true).spacing([18.0, 3.0]).show(ui, |ui| {
                    for h in ["time", "component", "field", "from ➡ to"] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for c in changes.iter() {
                        ui.label(RichText::new(format::clock(c.at)).monospace());
                        ui.label(&c.component);
                        ui.label(&c.field);
                        ui.label(format!("{} ➡ {}", format::printable(&c.from), format::printable(&c.to)));
                        ui.end_row();
                    }
                });
            },
        );
        command
    }
}
