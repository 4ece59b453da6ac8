//! Dead letters: the newest ones from every dead-letter topic and parking lot, with why
//! they were given up on, filterable by reason and text, and the redrive: republish all
//! of a place's dead letters, those of one reason, or the selected one, to the topic they
//! came from. The loop guard (times dead-lettered) parks a message that keeps coming back
//! instead of redriving it forever, as SQS's `maxReceiveCount` does.

use super::widgets::{caption, help};
use crate::engine::command::DEFAULT_REDRIVE_LOOP_GUARD;
use crate::engine::{self, DeadLetterStore, Reason, RedriveSelection};
use crate::i18n::{tr, tr_args};
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

/// (title key, width; the help is the key with `-help`)
const COLUMNS: [(&str, f32); 9] = [
    ("dlq-time", 76.0),
    ("dlq-message", 80.0),
    ("dlq-dead-lettered", 96.0),
    ("dlq-key", 64.0),
    ("dlq-reason", 200.0),
    ("dlq-attempts", 70.0),
    ("dlq-last-error", 90.0),
    ("dlq-held-in", 150.0),
    ("dlq-journey", 80.0),
];

impl DeadLettersPanel {
    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        let table = &s.dead_letters;
        let mut command = None;
        ui.horizontal(|ui| {
            ui.label(tr("dlq-reason-filter"));
            egui::ComboBox::from_id_salt("dead-letter-reason")
                .selected_text(self.reason.map_or_else(|| tr("dlq-all"), format::reason))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.reason, None, tr("dlq-all"));
                    let mut reasons: Vec<Reason> = table.rows.iter().map(|r| r.reason).collect();
                    reasons.sort();
                    reasons.dedup();
                    for reason in reasons {
                        ui.selectable_value(&mut self.reason, Some(reason), format::reason(reason));
                    }
                });
            ui.label(tr("log-filter"));
            ui.add(egui::TextEdit::singleline(&mut self.filter).hint_text(tr("dlq-filter-hint")).desired_width(160.0))
                .on_hover_text(tr("dlq-filter-help"));
            let held = format::count(table.held);
            ui.weak(if table.rows.len() as u64 == table.held {
                tr_args("dlq-held", &[("held", held.into())])
            } else {
                let listed = format::count(table.rows.len() as u64);
                tr_args("dlq-held-listed", &[("held", held.into()), ("listed", listed.into())])
            });
        });
        command = command.or(self.redrive_row(ui, table));
        let rows: Vec<&DeadLetterRow> = table.rows.iter().filter(|r| self.matches(r, table)).collect();
        if rows.is_empty() {
            ui.weak(tr(if table.rows.is_empty() { "dlq-none-yet" } else { "dlq-no-match" }));
            return None;
        }
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        let palette = Palette::of(ui.visuals());
        ui.horizontal(|ui| {
            for (title, width) in COLUMNS {
                ui.add_sized([width, row_height], egui::Label::new(RichText::new(tr(title)).strong()))
                    .on_hover_text(tr(&format!("{title}-help")));
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
                            RichText::new(tr_args("dlq-parks", &[("times", r.dead_letterings.into())]))
                                .color(palette.text_color(ORANGE))
                        } else {
                            RichText::new(format!("{}×", r.dead_letterings))
                        };
                        ui.add_sized([COLUMNS[2].1, row_height], egui::Label::new(times));
                        let cells = [
                            r.key.to_string(),
                            format::reason(r.reason),
                            r.attempts.to_string(),
                            r.last_error.map_or("–", |e| e.name()).to_string(),
                            format!("{} · {}", table.holder_name(r.holder), table.group_name(r.group)),
                        ];
                        for (text, (_, width)) in cells.iter().zip(&COLUMNS[3..]) {
                            ui.add_sized([*width, row_height], egui::Label::new(text.as_str()).truncate());
                        }
                        // Its journey, when the tracer keeps its root's (the journey of a
                        // root holds its emitted descendants too).
                        let traced = s.is_traced(r.root);
                        let link = ui.add_enabled_ui(traced, |ui| {
                            ui.add_sized([COLUMNS[8].1, row_height], egui::Link::new(tr("dlq-journey-open")))
                        });
                        let link = if traced {
                            link.inner
                                .on_hover_text(tr_args("dlq-journey-open-help", &[("root", r.root.to_string().into())]))
                        } else {
                            link.inner.on_disabled_hover_text(tr("dlq-journey-untraced"))
                        };
                        if link.clicked() {
                            command = Some(Command::ShowJourney(r.root));
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
            ui.label(tr("dlq-redrive-from"));
            egui::ComboBox::from_id_salt("redrive-from")
                .selected_text(format!("{} ({})", table.holders[self.store], format::count(table.held_by[self.store])))
                .show_ui(ui, |ui| {
                    for (i, name) in table.holders.iter().enumerate() {
                        ui.selectable_value(
                            &mut self.store,
                            i,
                            format!("{name} ({})", format::count(table.held_by[i])),
                        );
                    }
                });
            let from = &table.stores[self.store];
            if ui.button(format!("↻ {}", tr("dlq-redrive-all"))).on_hover_text(tr("dlq-redrive-all-help")).clicked() {
                command = Some(redrive(from, RedriveSelection::All, self.loop_guard));
            }
            let by_reason = ui.add_enabled(
                self.reason.is_some(),
                egui::Button::new(match self.reason {
                    Some(r) => format!("↻ {}", tr_args("dlq-redrive-reason", &[("reason", format::reason(r).into())])),
                    None => format!("↻ {}", tr("dlq-redrive-by-reason")),
                }),
            );
            if let Some(reason) = self.reason
                && by_reason.on_hover_text(tr("dlq-redrive-by-reason-help")).clicked()
            {
                command = Some(redrive(from, RedriveSelection::Reason(reason), self.loop_guard));
            }
            let selected = ui.add_enabled(
                self.selected.is_some(),
                egui::Button::new(match self.selected {
                    Some((id, _, _)) => format!("↻ {}", tr_args("dlq-redrive-one", &[("id", id.to_string().into())])),
                    None => format!("↻ {}", tr("dlq-redrive-selected")),
                }),
            );
            if let Some((_, at, holder)) = self.selected
                && selected.on_hover_text(tr("dlq-redrive-selected-help")).clicked()
            {
                let from = &table.stores[usize::from(holder).min(table.stores.len() - 1)];
                command = Some(redrive(from, RedriveSelection::Between { from: at, to: at }, self.loop_guard));
                self.selected = None;
            }
            ui.separator();
            ui.label(tr("dlq-loop-guard"));
            ui.add(egui::DragValue::new(&mut self.loop_guard).range(1..=20).suffix("×"));
            help(ui, &tr("dlq-loop-guard-help"));
        });
        if table.holders.len() > 1 {
            caption(ui, tr("dlq-parked-help"));
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
