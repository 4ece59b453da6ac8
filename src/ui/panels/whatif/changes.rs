//! The change list: every parameter changed live (time, component, field, from → to), as
//! the engine records them, and "Save as new scenario…" to write the scenario with them.

use crate::i18n::{tr, tr_args};
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
            ui.label(
                RichText::new(match n {
                    0 => tr("changes-none"),
                    n => tr_args("whatif-live-changes", &[("count", n.into())]),
                })
                .strong(),
            );
            if s.whatif.replay_pending > 0 {
                caption(ui, tr_args("changes-replay", &[("count", s.whatif.replay_pending.into())]));
            }
            if ui.button(format!("💾 {}", tr("changes-save"))).on_hover_text(tr("changes-save-help")).clicked() {
                command = Some(Command::SaveDialog);
            }
        });
        if changes.is_empty() {
            caption(ui, tr("changes-empty-help"));
            return command;
        }
        egui::ScrollArea::vertical().id_salt("changes").auto_shrink([false, false]).stick_to_bottom(true).show(
            ui,
            |ui| {
                egui::Grid::new("change-list").num_columns(4).striped(true).spacing([18.0, 3.0]).show(ui, |ui| {
                    for h in ["changes-time", "changes-component", "changes-field", "changes-from-to"] {
                        ui.label(RichText::new(tr(h)).strong());
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
