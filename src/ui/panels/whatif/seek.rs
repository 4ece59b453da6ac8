//! The time slider: drag (or type a time, or jump to the plots' cursor) to move the run
//! to any moment; the runner rebuilds it there exactly from its checkpoints and plays on.

use crate::i18n::{tr, tr_args};
use crate::time::{SimDuration, SimTime};
use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::runner::Control;
use crate::ui::snapshot::Snapshot;
use egui::Ui;

#[derive(Default)]
pub struct SeekBar {
    /// Where the slider is being dragged to (seconds), while dragging.
    dragging: Option<f64>,
    /// The "go to" field.
    go_text: String,
    go_error: bool,
}

impl SeekBar {
    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot, cursor: Option<SimTime>) -> Option<Command> {
        let mut command = None;
        let end_s = s.end.as_secs_f64().max(1e-9);
        let mut value = self.dragging.unwrap_or(s.now.as_secs_f64());
        ui.label(tr("seek-time")).on_hover_text(tr("seek-time-help"));
        let width = (ui.available_width() * 0.32).clamp(160.0, 520.0);
        ui.spacing_mut().slider_width = width;
        let slider = ui.add(
            egui::Slider::new(&mut value, 0.0..=end_s)
                .show_value(false)
                .clamping(egui::SliderClamping::Always)
                .custom_formatter(|v, _| format::clock_s(v)),
        );
        let slider = slider.on_hover_text(tr_args("seek-checkpoints", &[("count", s.whatif.checkpoints.len().into())]));
        if slider.dragged() {
            self.dragging = Some(value);
        }
        let released = slider.drag_stopped() || (slider.changed() && !slider.dragged());
        if released {
            self.dragging = None;
            command = Some(Control::Seek(SimTime::from_secs_f64(value)).into());
        }
        let go_label = ui.label(tr("seek-go-to"));
        let edit = ui.add(
            egui::TextEdit::singleline(&mut self.go_text)
                .hint_text(tr("seek-hint"))
                .desired_width(70.0)
                .id_salt("go-to"),
        );
        let edit = edit.labelled_by(go_label.id);
        let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if self.go_error {
            edit.on_hover_text(tr("seek-error-help"));
        }
        if ui.button(tr("seek-go")).on_hover_text(tr("seek-go-help")).clicked() || entered {
            match self.go_text.trim().parse::<SimDuration>() {
                Ok(d) => {
                    self.go_error = false;
                    command = Some(Control::Seek(SimTime(d.0)).into());
                }
                Err(_) => self.go_error = true,
            }
        }
        if let Some(t) = cursor
            && ui
                .button(tr_args("seek-go-cursor", &[("time", format::clock(t).into())]))
                .on_hover_text(tr("seek-go-cursor-help"))
                .clicked()
        {
            command = Some(Control::Seek(t).into());
        }
        command
    }
}
