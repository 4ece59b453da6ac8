//! The event log: newest first, filterable by text and severity; clicking an entry's
//! time moves the plots' cursor there.

use crate::engine::Severity;
use crate::i18n::{Lang, lang, tr, tr_args};
use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::snapshot::{LogView, Snapshot};
use crate::ui::theme::{ORANGE, Palette, VERMILLION};
use egui::{RichText, Ui};

const SEVERITIES: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

/// The filtered rows, kept until the log or the filter changes.
struct Filtered {
    key: (u64, u64, String, [bool; 3], Lang),
    view: LogView,
    /// Indices into `view`, newest first.
    rows: Vec<usize>,
}

pub struct EventLogPanel {
    filter: String,
    /// A line's time whose nearby traced journeys are listed above the log.
    near: Option<crate::time::SimTime>,
    shown: [bool; 3],
    filtered: Option<Filtered>,
}

impl Default for EventLogPanel {
    fn default() -> Self {
        EventLogPanel { filter: String::new(), near: None, shown: [true; 3], filtered: None }
    }
}

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

fn severity_label(s: Severity) -> String {
    match s {
        Severity::Info => format!("ℹ {}", tr("log-info")),
        Severity::Warning => format!("⚠ {}", tr("log-warning")),
        Severity::Error => format!("✖ {}", tr("log-error")),
    }
}

impl EventLogPanel {
    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        let mut command = None;
        ui.horizontal(|ui| {
            ui.label(tr("log-filter"));
            ui.add(egui::TextEdit::singleline(&mut self.filter).hint_text(tr("log-filter-hint")).desired_width(200.0))
                .on_hover_text(tr("log-filter-help"));
            for severity in SEVERITIES {
                let i = severity_index(severity);
                ui.toggle_value(&mut self.shown[i], severity_label(severity)).on_hover_text(tr("log-severity-help"));
            }
            ui.weak(tr_args("log-total", &[("count", format::count(s.log.total()).into())]));
        });
        if let Some(at) = self.near {
            let (picked, close) = super::journeys::near_row(ui, s, at);
            command = command.or(picked);
            if close {
                self.near = None;
            }
        }
        let tracing = s.scenario.tracing.is_some();
        let mut near = None;
        let rows = self.rows(s);
        let palette = Palette::of(ui.visuals());
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        let Some(filtered) = &self.filtered else { return command };
        if rows == 0 {
            ui.weak(tr("log-no-match"));
            return command;
        }
        egui::ScrollArea::vertical().id_salt("event-log").auto_shrink([false, false]).show_rows(
            ui,
            row_height,
            rows,
            |ui, range| {
                for &index in &filtered.rows[range] {
                    let Some(entry) = filtered.view.get(index) else { continue };
                    ui.horizontal(|ui| {
                        let time = ui.add_sized(
                            [76.0, row_height],
                            egui::Link::new(RichText::new(format::clock(entry.at)).monospace()),
                        );
                        if time.on_hover_text(tr("log-cursor-help")).clicked() {
                            command = Some(Command::SetCursor(Some(entry.at)));
                        }
                        // The traced messages around this line (no line names a message
                        // itself: a log line is about a component).
                        if tracing && ui.link("🔍").on_hover_text(tr("log-journeys-help")).clicked() {
                            near = Some(entry.at);
                        }
                        let color = match entry.severity {
                            Severity::Info => palette.text_dim,
                            Severity::Warning => palette.text_color(ORANGE),
                            Severity::Error => palette.text_color(VERMILLION),
                        };
                        ui.add_sized(
                            [92.0, row_height],
                            egui::Label::new(RichText::new(severity_label(entry.severity)).color(color)),
                        );
                        ui.add_sized(
                            [150.0, row_height],
                            egui::Label::new(RichText::new(format::printable(&entry.component)).strong()).truncate(),
                        );
                        ui.add(egui::Label::new(format::printable(&entry.text.render(lang()))).truncate());
                    });
                }
            },
        );
        if near.is_some() {
            self.near = near;
        }
        command
    }

    /// Refreshes the filtered rows if the log or the filter changed; returns their count.
    fn rows(&mut self, s: &Snapshot) -> usize {
        // The entries are worded in the reader's language: a switch filters them again.
        let key = (s.generation, s.log.total(), self.filter.clone(), self.shown, lang());
        if self.filtered.as_ref().is_none_or(|f| f.key != key) {
            let needle = self.filter.to_lowercase();
            let view = s.log.clone();
            let rows = (0..view.len())
                .rev()
                .filter(|i| {
                    view.get(*i).is_some_and(|e| {
                        self.shown[severity_index(e.severity)]
                            && (needle.is_empty()
                                || e.component.to_lowercase().contains(&needle)
                                || e.text.render(lang()).to_lowercase().contains(&needle))
                    })
                })
                .collect();
            self.filtered = Some(Filtered { key, view, rows });
        }
        self.filtered.as_ref().map_or(0, |f| f.rows.len())
    }
}
