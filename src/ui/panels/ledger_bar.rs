//! The ledger, always visible: produced = in system + processed + dead-lettered +
//! expired + dropped + lost, with each term's reasons on hover. On a narrow window the
//! terms still at zero are named together in one short term, so the identity fits a line.

use super::widgets::state_chip;
use crate::engine::Terminal;
use crate::engine::status::LedgerStatus;
use crate::i18n::{tr, tr_args};
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
            ui.label(RichText::new(tr("ledger")).strong()).on_hover_text(tr("ledger-help"));
            term(ui, &palette, l, &Term { name: "ledger-produced", count: l.produced, terminal: None, color: None });
            if l.fan_out_copies > 0 {
                ui.label("+");
                term(
                    ui,
                    &palette,
                    l,
                    &Term { name: "ledger-fan-out-copies", count: l.fan_out_copies, terminal: None, color: None },
                );
            }
            ui.label("=");
            let terms = [
                Term { name: "ledger-in-system", count: l.in_system, terminal: None, color: None },
                Term { name: "ledger-processed", count: l.processed, terminal: None, color: Some(BLUISH_GREEN) },
                Term { name: "ledger-filtered", count: l.filtered, terminal: None, color: None },
                Term {
                    name: "ledger-dead-lettered",
                    count: l.dead_lettered,
                    terminal: Some(Terminal::DeadLettered),
                    color: Some(REDDISH_PURPLE),
                },
                Term {
                    name: "ledger-expired",
                    count: l.expired,
                    terminal: Some(Terminal::Expired),
                    color: Some(ORANGE),
                },
                Term {
                    name: "ledger-dropped",
                    count: l.dropped,
                    terminal: Some(Terminal::Dropped),
                    color: Some(VERMILLION),
                },
                Term { name: "ledger-lost", count: l.lost, terminal: Some(Terminal::Lost), color: Some(VERMILLION) },
            ];
            // Filtering is rare: its term shows once a group has filtered something. Compact,
            // the terminal states still at zero share one term ("0 expired · dropped · lost").
            let zero = |t: &&Term| compact && t.terminal.is_some() && t.count == 0;
            let shown = terms.iter().filter(|t| t.name != "ledger-filtered" || t.count > 0);
            for (i, t) in shown.clone().filter(|t| !zero(t)).enumerate() {
                if i > 0 {
                    ui.label("+");
                }
                term(ui, &palette, l, t);
            }
            let zeros: Vec<&str> = shown.filter(zero).map(|t| t.name).collect();
            if !zeros.is_empty() {
                ui.label("+");
                let zeros: Vec<String> = zeros.into_iter().map(tr).collect();
                ui.label(format!("0 {}", zeros.join(" · "))).on_hover_text(tr("ledger-zeros-help"));
            }
            if l.balances() {
                state_chip(ui, Health::Ok, &tr("ledger-balanced")).on_hover_text(tr("ledger-balanced-help"));
            } else {
                state_chip(
                    ui,
                    Health::Failing,
                    &tr_args("ledger-off-by", &[("count", l.deliveries().abs_diff(l.accounted()).into())]),
                )
                .on_hover_text(tr("ledger-off-by-help"));
            }
        });
        None
    }
}

fn term(ui: &mut Ui, palette: &Palette, ledger: &LedgerStatus, t: &Term) {
    let mut text = RichText::new(format!("{} {}", tr(t.name), format::count(t.count)));
    if let Some(color) = t.color.filter(|_| t.count > 0) {
        text = text.color(palette.text_color(color)).strong();
    }
    ui.label(text).on_hover_ui(|ui| {
        ui.label(tr(&format!("{}-help", t.name)));
        if let Some(terminal) = t.terminal {
            let mut any = false;
            for (reason, n) in ledger.reasons_of(terminal) {
                ui.label(format!("• {}: {}", format::reason(reason), format::count(n)));
                any = true;
            }
            if !any {
                ui.label(tr("ledger-none-yet"));
            }
        }
    });
}
