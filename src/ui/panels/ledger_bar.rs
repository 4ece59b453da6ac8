//! The ledger, always visible: produced = in system + processed + dead-lettered +
//! expired + dropped + lost, with each term's reasons on hover. On a narrow window the
//! terms still at zero are named together in one short term, so the identity fits a line.

use super::widgets::state_chip;
use crate::engine::Terminal;
use crate::engine::status::LedgerStatus;
use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::snapshot::Snapshot;
use crate::ui::theme::{BLUISH_GREEN, Health, ORANGE, Palette, REDDISH_PURPLE, VERMILLION};
use egui::{Color32, RichText, Ui};

#[derive(Default)]
pub struct LedgerBar;

struct Term {
    name: &'static str,
    count: u64,
    help: &'static str,
    terminal: Option<Terminal>,
    /// Colour when non-zero (terms that mean trouble stand out).
    color: Option<Color32>,
}

impl LedgerBar {
    /// `compact`: a narrow window (see [`crate::ui::layout::Plan::narrow`]).
    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot, compact: bool) -> Option<Command> {
        let l = &s.ledger;
        let palette = Palette::of(ui.visuals());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Ledger").strong()).on_hover_text(
                "Where every message produced so far is now. Nothing is lost silently: the two sides must always be equal.",
            );
            term(ui, &palette, l, &Term { name: "produced", count: l.produced, help: "Messages created by producers (accepted or not).", terminal: None, color: None });
            if l.fan_out_copies > 0 {
                ui.label("+");
                term(ui, &palette, l, &Term { name: "fan-out copies", count: l.fan_out_copies, help: "Copies for the second and later groups that read a topic: each group gets its own copy, which ends in a state of its own.", terminal: None, color: None });
            }
            ui.label("=");
            let terms = [
                Term { name: "in system", count: l.in_system, help: "Still on their way: blocked at a producer, in a topic, buffered or being handled by a consumer, or waiting to retry.", terminal: None, color: None },
                Term { name: "processed", count: l.processed, help: "Handled successfully and acknowledged.", terminal: None, color: Some(BLUISH_GREEN) },
                Term { name: "filtered", count: l.filtered, help: "Acknowledged without handling: a group's filter does not take the event's type.", terminal: None, color: None },
                Term { name: "dead-lettered", count: l.dead_lettered, help: "Given up on and kept in a dead-letter topic or parking lot, with the reason, for inspection or redrive.", terminal: Some(Terminal::DeadLettered), color: Some(REDDISH_PURPLE) },
                Term { name: "expired", count: l.expired, help: "Waited in a topic longer than its TTL and were discarded.", terminal: Some(Terminal::Expired), color: Some(ORANGE) },
                Term { name: "dropped", count: l.dropped, help: "Refused or discarded on purpose: a full topic, or a policy that drops what it cannot handle.", terminal: Some(Terminal::Dropped), color: Some(VERMILLION) },
                Term { name: "lost", count: l.lost, help: "Gone without anyone deciding so: a crash took them (non-durable topics, unreplicated partitions).", terminal: Some(Terminal::Lost), color: Some(VERMILLION) },
            ];
            // Filtering is rare: its term shows once a group has filtered something. Compact,
            // the terminal states still at zero share one term ("0 expired · dropped · lost").
            let zero = |t: &&Term| compact && t.terminal.is_some() && t.count == 0;
            let shown = terms.iter().filter(|t| t.name != "filtered" || t.count > 0);
            for (i, t) in shown.clone().filter(|t| !zero(t)).enumerate() {
                if i > 0 {
                    ui.label("+");
                }
                term(ui, &palette, l, t);
            }
            let zeros: Vec<&str> = shown.filter(zero).map(|t| t.name).collect();
            if !zeros.is_empty() {
                ui.label("+");
                ui.label(format!("0 {}", zeros.join(" · "))).on_hover_text(
                    "Terminal states no message has reached yet; each gets its own term, with its reasons, once one does.",
                );
            }
            if l.balances() {
                state_chip(ui, Health::Ok, "balanced").on_hover_text("produced equals the sum of the right-hand side: every message is accounted for.");
            } else {
                state_chip(ui, Health::Failing, &format!("off by {}", l.deliveries().abs_diff(l.accounted())))
                    .on_hover_text("The two sides differ: the engine's bookkeeping is wrong. Please report this scenario.");
            }
        });
        None
    }
}

fn term(ui: &mut Ui, palette: &Palette, ledger: &LedgerStatus, t: &Term) {
    let mut text = RichText::new(format!("{} {}", t.name, format::count(t.count)));
    if let Some(color) = t.color.filter(|_| t.count > 0) {
        text = text.color(palette.text_color(color)).strong();
    }
    ui.label(text).on_hover_ui(|ui| {
        ui.label(t.help);
        if let Some(terminal) = t.terminal {
            let mut any = false;
            for (reason, n) in ledger.reasons_of(terminal) {
                ui.label(format!("• {reason}: {}", format::count(n)));
                any = true;
            }
            if !any {
                ui.label("None so far.");
            }
        }
    });
}
