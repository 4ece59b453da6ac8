//! The time slider: drag (or type a time, or jump to the plots' cursor) to move the run
//! to any moment; the runner rebuilds it there exactly from its checkpoints and plays on.

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
        ui.label("Time").on_hover_text(
            "Move the run to any moment: back, rebuilt exactly from checkpoints; forward, by running. \
             Changes recorded after that moment are replayed as the run passes them again, until you make a new one.",
        );
        let width = (ui.available_width() * 0.32).clamp(160.0, 520.0);
        ui.spacing_mut().slider_width = width;
        let slider = ui.add(
            egui::Slider::new(&mut value, 0.0..=end_s)
                .show_value(false)
                .clamping(egui::SliderClamping::Always)
                .custom_formatter(|v, _| format::clock_s(v)),
        );
        let slider = slider.on_hover_text(format!(
            "{} checkpoints kept (bounded; thinned as the run grows). Drag and release to go there.",
            s.whatif.checkpoints.len()
        ));
        if slider.dragged() {
            self.dragging = Some(value);
        }
        let released = slider.drag_stopped() || (slider.changed() && !slider.dragged());
        if released {
            self.dragging = None;
            command = Some(Control::Seek(SimTime::from_secs_f64(value)).into());
        }
        let go_label = ui.label("go to");
        let edit = ui.add(
            egui::TextEdit::singleline(&mut self.go_text).hint_text("e.g. 1m30s").desired_width(70.0).id_salt("go-to"),
        );
        let edit = edit.labelled_by(go_label.id);
        let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if self.go_error {
            edit.on_hover_text("Type a virtual time as in scenario files: 90s, 1m30s, 2.5s.");
        }
        if ui.button("Go").on_hover_text("Move the run to the time typed.").clicked() || entered {
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
                .button(format!("Go to cursor {}", format::clock(t)))
                .on_hover_text("Move the run to the moment marked on the plots (click a plot to mark one).")
                .clicked()
        {
            command = Some(Control::Seek(t).into());
        }
        command
    }
}
