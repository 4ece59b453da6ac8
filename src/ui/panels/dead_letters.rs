//! Dead letters: the newest ones from every dead-letter topic and parking lot, with why
//! they were given up on, filterable by reason and text. (Redrive arrives with the
//! resilience issue; until the engine can redrive, there is no button for it.)

use crate::engine::Reason;
use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::snapshot::{DeadLetterRow, DeadLetterTable, Snapshot};
use egui::{RichText, Ui};

#[derive(Default)]
pub struct DeadLettersPanel {
    filter: String,
    reason: Option<Reason>,
}

const COLUMNS: [(&str, f32, &str); 7] = [
    ("time", 76.0, "When it was given up on (virtual time); click to move the plots' cursor there."),
    ("message", 80.0, "The message's id, in order of production."),
    ("key", 64.0, "The message key (decides the partition and per-key order)."),
    ("reason", 200.0, "Why it was given up on."),
    ("attempts", 70.0, "Handling attempts made, the first included."),
    ("last error", 90.0, "The class of the last failed attempt."),
    ("held in", 150.0, "The dead-letter topic or parking lot holding it, and the group that gave up."),
];

impl DeadLettersPanel {
    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        let table = &s.dead_letters;
        let mut command = None;
        ui.horizontal(|ui| {
            ui.label("Reason");
            egui::ComboBox::from_id_salt("dead-letter-reason")
                .selected_text(self.reason.map_or("all", Reason::as_str))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.reason, None, "all");
                    let mut reasons: Vec<Reason> = table.rows.iter().map(|r| r.reason).collect();
                    reasons.sort();
                    reasons.dedup();
                    for reason in reasons {
                        ui.selectable_value(&mut self.reason, Some(reason), reason.as_str());
                    }
                });
            ui.label("Filter");
            ui.add(egui::TextEdit::singleline(&mut self.filter).hint_text("key, group, error").desired_width(160.0))
                .on_hover_text("Show only dead letters whose key, message id, place, group or error contains this.");
            let listed = if table.rows.len() as u64 == table.held {
                String::new()
            } else {
                format!(" (the newest {} listed)", format::count(table.rows.len() as u64))
            };
            ui.weak(format!("{} held{listed}", format::count(table.held)));
        });
        let rows: Vec<&DeadLetterRow> = table.rows.iter().filter(|r| self.matches(r, table)).collect();
        if rows.is_empty() {
            ui.weak(if table.rows.is_empty() { "No dead letters yet." } else { "No dead letters match." });
            return None;
        }
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        ui.horizontal(|ui| {
            for (title, width, help) in COLUMNS {
                ui.add_sized([width, row_height], egui::Label::new(RichText::new(title).strong())).on_hover_text(help);
            }
        });
        egui::ScrollArea::vertical().id_salt("dead-letters").auto_shrink([false, false]).show_rows(
            ui,
            row_height,
            rows.len(),
            |ui, range| {
                for r in &rows[range] {
                    ui.horizontal(|ui| {
                        let time = ui.add_sized(
                            [COLUMNS[0].1, row_height],
                            egui::Link::new(RichText::new(format::clock(r.at)).monospace()),
                        );
                        if time.clicked() {
                            command = Some(Command::SetCursor(Some(r.at)));
                        }
                        let cells = [
                            format!("#{}", r.message_id),
                            r.key.to_string(),
                            r.reason.as_str().to_string(),
                            r.attempts.to_string(),
                            r.last_error.map_or("–", |e| e.name()).to_string(),
                            format!("{} · {}", table.holder_name(r.holder), table.group_name(r.group)),
                        ];
                        for (text, (_, width, _)) in cells.iter().zip(&COLUMNS[1..]) {
                            ui.add_sized([*width, row_height], egui::Label::new(text.as_str()).truncate());
                        }
                    });
                }
            },
        );
        command
    }

    fn matches(&self, r: &DeadLetterRow, table: &DeadLetterTable) -> bool {
        if self.reason.is_some_and(|reason| reason != r.reason) {
            return false;
        }
        let needle = self.filter.trim().to_lowercase();
        needle.is_empty()
            || r.key.to_string().contains(&needle)
            || r.message_id.to_string().contains(&needle)
            || table.holder_name(r.holder).to_lowercase().contains(&needle)
            || table.group_name(r.group).to_lowercase().contains(&needle)
            || r.last_error.is_some_and(|e| e.name().contains(&needle))
    }
}
