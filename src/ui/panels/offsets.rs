//! A group's offsets on a retained topic (the detail panel's section): per partition the
//! log's span, the group's position and lag, and what retention and resets did there; and
//! the Reset offsets menu (Kafka's `kafka-consumer-groups --reset-offsets`).

use super::widgets::caption;
use crate::engine;
use crate::engine::status::GroupStatus;
use crate::i18n::{tr, tr_args};
use crate::scenario::OffsetReset;
use crate::time::SimDuration;
use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::runner::Control;
use egui::{RichText, Ui};

/// The menu's settings, kept while other components are shown.
pub struct OffsetsSection {
    /// Records per partition a shift moves by.
    shift: u32,
    /// The virtual time (seconds since the start) a reset to a time goes to.
    time_s: f64,
}

impl Default for OffsetsSection {
    fn default() -> Self {
        OffsetsSection { shift: 10, time_s: 0.0 }
    }
}

fn reset(group: &str, to: OffsetReset) -> Command {
    Control::Apply(engine::Command::ResetOffsets { group: group.to_string(), to }).into()
}

impl OffsetsSection {
    /// The section for group `g`; nothing when its topic keeps no log.
    pub fn ui(&mut self, ui: &mut Ui, g: &GroupStatus) -> Option<Command> {
        if g.offsets.is_empty() {
            return None;
        }
        ui.separator();
        ui.label(RichText::new(tr("offsets-title")).strong()).on_hover_text(tr("offsets-help"));
        egui::Grid::new("offsets").striped(true).num_columns(8).show(ui, |ui| {
            for key in [
                "offsets-partition",
                "offsets-log-start",
                "offsets-position",
                "offsets-log-end",
                "offsets-lag",
                "offsets-deleted",
                "offsets-replayed",
                "offsets-skipped",
            ] {
                ui.label(RichText::new(tr(key)).strong());
            }
            ui.end_row();
            for (p, o) in g.offsets.iter().enumerate().take(64) {
                ui.label(p.to_string());
                for n in
                    [o.log_start, o.position, o.log_end, o.lag, o.deleted_by_retention, o.replayed, o.skipped_by_reset]
                {
                    ui.label(format::count(n));
                }
                ui.end_row();
            }
        });
        if g.offsets.len() > 64 {
            caption(ui, tr_args("offsets-more", &[("count", (g.offsets.len() - 64).into())]));
        }
        let mut command = None;
        ui.horizontal(|ui| {
            ui.add(egui::DragValue::new(&mut self.shift).range(1..=1_000_000).prefix("N = "))
                .on_hover_text(tr("offsets-shift-help"));
            ui.add(egui::DragValue::new(&mut self.time_s).range(0.0..=f64::MAX).speed(1.0).suffix(" s"))
                .on_hover_text(tr("offsets-time-help"));
            ui.menu_button(format!("⏪ {}", tr("offsets-reset")), |ui| {
                let n = i64::from(self.shift);
                let time = SimDuration::from_secs_f64(self.time_s);
                let items = [
                    (tr("offsets-earliest"), tr("offsets-earliest-help"), OffsetReset::Earliest),
                    (tr("offsets-latest"), tr("offsets-latest-help"), OffsetReset::Latest),
                    (tr_args("offsets-back", &[("n", n.into())]), tr("offsets-back-help"), OffsetReset::Shift(-n)),
                    (tr_args("offsets-forward", &[("n", n.into())]), tr("offsets-forward-help"), OffsetReset::Shift(n)),
                    (
                        tr_args("offsets-from-time", &[("time", time.to_string().into())]),
                        tr("offsets-from-time-help"),
                        OffsetReset::Time(time),
                    ),
                ];
                for (label, help, to) in items {
                    if ui.button(label).on_hover_text(help).clicked() {
                        command = Some(reset(&g.name, to));
                        ui.close();
                    }
                }
            })
            .response
            .on_hover_text(tr("offsets-reset-help"));
        });
        command
    }
}
