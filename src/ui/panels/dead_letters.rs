//! Dead letters: the newest ones from every dead-letter topic and parking lot, with why
//! they were given up on, filterable by reason and text, and the redrive: republish all
//! of a place's dead letters, those of one reason, or the selected one, to the topic they
//! came from. The loop guard (times dead-lettered) parks a message that keeps coming back
//! instead of redriving it forever, as SQS's `maxReceiveCount` does.

use super::widgets::{caption, help};
use crate::engine::command::DEFAULT_REDRIVE_LOOP_GUARD;
use crate::engine::{self, DeadLetterStore, Reason, RedriveSelection};
use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::runner::Control;
use crate::ui::snapshot::{DeadLetterRow, DeadLetterTable, Snapshot};
use crate::ui::theme::{ORANGE, Palette};
use egui::{RichText, Ui};

pub struct DeadLettersPanel {
    filter: String,
    reason: Option<Reason>,
    /// The place the redrive buttons take from (index into the table's holders).
    store: usize,
    /// The selected row: (message id, when it was dead-lettered, where it is held).
    selected: Option<(u64, crate::time::SimTime, u16)>,
    /// Dead-letterings after which a redrive parks a message instead.
    loop_guard: u8,
}

impl Default for DeadLettersPanel {
    fn default() -> Self {
        DeadLettersPanel {
            filter: String::new(),
            reason: None,
            store: 0,
            selected: None,
            loop_guard: DEFAULT_REDRIVE_LOOP_GUARD,
        }
    }
}

fn redrive(from: &DeadLetterStore, select: RedriveSelection, loop_guard: u8) -> Command {
    Control::Apply(engine::Command::Redrive { from: from.clone(), select, loop_guard }).into()
}

const COLUMNS: [(&str, f32, &str); 8] = [
    ("time", 76.0, "When it was given up on (virtual time); click to move the plots' cursor there."),
    ("message", 80.0, "The message's id, in order of production; click to select it for a redrive."),
    ("dead-lettered", 96.0, "Times this message has been dead-lettered (the redrive's loop guard compares this)."),
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
        command = command.or(self.redrive_row(ui, table));
        let rows: Vec<&DeadLetterRow> = table.rows.iter().filter(|r| self.matches(r, table)).collect();
        if rows.is_empty() {
            ui.weak(if table.rows.is_empty() { "No dead letters yet." } else { "No dead letters match." });
            return None;
        }
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        let palette = Palette::of(ui.visuals());
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
                        let chosen = self.selected.is_some_and(|(id, _, _)| id == r.message_id);
                        let id = ui.add_sized(
                            [COLUMNS[1].1, row_height],
                            egui::Button::selectable(chosen, format!("#{}", r.message_id)),
                        );
                        if id.clicked() {
                            self.selected = if chosen { None } else { Some((r.message_id, r.at, r.holder)) };
                        }
                        let times = if r.dead_letterings > self.loop_guard {
                            RichText::new(format!("{}× (parks)", r.dead_letterings)).color(palette.text_color(ORANGE))
                        } else {
                            RichText::new(format!("{}×", r.dead_letterings))
                        };
                        ui.add_sized([COLUMNS[2].1, row_height], egui::Label::new(times));
                        let cells = [
                            r.key.to_string(),
                            r.reason.as_str().to_string(),
                            r.attempts.to_string(),
                            r.last_error.map_or("–", |e| e.name()).to_string(),
                            format!("{} · {}", table.holder_name(r.holder), table.group_name(r.group)),
                        ];
                        for (text, (_, width, _)) in cells.iter().zip(&COLUMNS[3..]) {
                            ui.add_sized([*width, row_height], egui::Label::new(text.as_str()).truncate());
                        }
                    });
                }
            },
        );
        command
    }

    /// Where to redrive from, the loop guard, and the three redrive buttons.
    fn redrive_row(&mut self, ui: &mut Ui, table: &DeadLetterTable) -> Option<Command> {
        if table.stores.is_empty() {
            return None;
        }
        // A selection that is no longer listed (redriven, or pushed out) is dropped.
        if let Some((id, _, _)) = self.selected
            && !table.rows.iter().any(|r| r.message_id == id)
        {
            self.selected = None;
        }
        self.store = self.store.min(table.stores.len() - 1);
        let mut command = None;
        ui.horizontal_wrapped(|ui| {
            ui.label("Redrive from");
            egui::ComboBox::from_id_salt("redrive-from")
                .selected_text(format!("{} ({})", table.holders[self.store], format::count(table.held_by[self.store])))
                .show_ui(ui, |ui| {
                    for (i, name) in table.holders.iter().enumerate() {
                        ui.selectable_value(&mut self.store, i, format!("{name} ({})", format::count(table.held_by[i])));
                    }
                });
            let from = &table.stores[self.store];
            if ui
                .button("↻ Redrive all")
                .on_hover_text("Republish every dead letter held there to the topic it came from. Watch the held count fall and the ledger's dead-lettered count with it; those that fail again come back.")
                .clicked()
            {
                command = Some(redrive(from, RedriveSelection::All, self.loop_guard));
            }
            let by_reason = ui.add_enabled(
                self.reason.is_some(),
                egui::Button::new(match self.reason {
                    Some(r) => format!("↻ Redrive '{}'", r.as_str()),
                    None => "↻ Redrive by reason".into(),
                }),
            );
            if let Some(reason) = self.reason
                && by_reason
                    .on_hover_text("Republish only those dead-lettered for the reason chosen above (for instance 'circuit open' once the service is healthy again, leaving the poison ones).")
                    .clicked()
            {
                command = Some(redrive(from, RedriveSelection::Reason(reason), self.loop_guard));
            }
            let selected = ui.add_enabled(self.selected.is_some(), egui::Button::new(match self.selected {
                Some((id, _, _)) => format!("↻ Redrive #{id}"),
                None => "↻ Redrive selected".into(),
            }));
            if let Some((_, at, holder)) = self.selected
                && selected
                    .on_hover_text("Republish the selected message (click a message id to select it), with any other given up on at the same instant in the same place.")
                    .clicked()
            {
                let from = &table.stores[usize::from(holder).min(table.stores.len() - 1)];
                command = Some(redrive(from, RedriveSelection::Between { from: at, to: at }, self.loop_guard));
                self.selected = None;
            }
            ui.separator();
            ui.label("loop guard");
            ui.add(egui::DragValue::new(&mut self.loop_guard).range(1..=20).suffix("×"));
            help(
                ui,
                "A message already dead-lettered more than this many times is parked (moved to its group's parking lot) instead of redriven, so a poison message cannot loop forever.",
            );
        });
        if table.holders.len() > 1 {
            caption(ui, "Parked messages (\"GROUP (parked)\") can be redriven too; they keep their count.");
        }
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
