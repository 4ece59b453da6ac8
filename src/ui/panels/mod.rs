//! The panels. Each is a small struct whose `ui(&mut self, ui, &Snapshot)` draws it and
//! returns at most one [`Command`](super::command::Command) for the app to route.
//!
//! The bottom area is a tab registry ([`Tab`]): circuit breakers, availability and
//! incidents, the cascade of the current incident, alerts, the event log, the dead letters, the sagas (for a scenario with
//! sagas), the journeys and the live changes, each a panel of its own.

pub mod alerts;
pub mod availability;
pub mod breakers;
pub mod builder;
pub mod captions;
pub mod cascade;
pub mod component_plots;
pub mod dead_letters;
pub mod detail;
pub mod event_log;
pub mod fault_controls;
pub mod journeys;
pub mod ledger_bar;
pub mod lessons;
pub mod offsets;
pub mod plots;
pub mod problem;
pub mod sagas;
pub mod strip;
pub mod top_bar;
pub mod topology;
pub mod whatif;
pub mod widgets;

use super::command::Command;
use super::format;
use super::snapshot::Snapshot;
use crate::i18n::{tr, tr_args};
use egui::Ui;
use serde::{Deserialize, Serialize};

/// The tabs of the bottom area.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tab {
    /// The tour's first story is a breaker opening: start there.
    #[default]
    Breakers,
    Availability,
    /// Where the current incident started and how far it spread.
    Cascade,
    Alerts,
    EventLog,
    DeadLetters,
    /// Only for a scenario with orchestrated sagas.
    Sagas,
    Journeys,
    Changes,
}

impl Tab {
    pub const ALL: [Tab; 9] = [
        Tab::Breakers,
        Tab::Availability,
        Tab::Cascade,
        Tab::Alerts,
        Tab::EventLog,
        Tab::DeadLetters,
        Tab::Sagas,
        Tab::Journeys,
        Tab::Changes,
    ];

    /// Whether the tab is offered for this snapshot's scenario.
    pub fn shown(self, s: &Snapshot) -> bool {
        match self {
            Tab::Sagas => sagas::SagasPanel::shown(s),
            _ => true,
        }
    }

    pub fn title(self, ctx: &egui::Context, s: &Snapshot) -> String {
        match self {
            Tab::Cascade => cascade::CascadePanel::title(ctx, s),
            Tab::Breakers => breakers::BreakersPanel::title(s),
            Tab::Availability => availability::AvailabilityPanel::title(s),
            Tab::Alerts => alerts::AlertsPanel::title(s),
            Tab::EventLog => tr("tab-event-log"),
            Tab::DeadLetters => tr_args("tab-dead-letters", &[("count", format::count(s.dead_letters.held).into())]),
            Tab::Sagas => sagas::SagasPanel::title(s),
            Tab::Journeys => journeys::JourneysPanel::title(s),
            Tab::Changes => tr_args("tab-changes", &[("count", s.whatif.live_changes.len().into())]),
        }
    }

    /// Room for the title with its usual counts.
    fn min_width(self) -> f32 {
        match self {
            Tab::Breakers => 230.0,
            Tab::Availability => 250.0,
            Tab::Cascade => 100.0,
            Tab::Alerts => 140.0,
            Tab::EventLog => 90.0,
            Tab::DeadLetters => 170.0,
            Tab::Sagas => 80.0,
            Tab::Journeys => 120.0,
            Tab::Changes => 110.0,
        }
    }

    pub fn help(self) -> String {
        tr(match self {
            Tab::Breakers => "tab-breakers-help",
            Tab::Availability => "tab-availability-help",
            Tab::Cascade => "tab-cascade-help",
            Tab::Alerts => "tab-alerts-help",
            Tab::EventLog => "tab-event-log-help",
            Tab::DeadLetters => "tab-dead-letters-help",
            Tab::Sagas => "tab-sagas-help",
            Tab::Journeys => "tab-journeys-help",
            Tab::Changes => "tab-changes-help",
        })
    }
}

/// The bottom area: a row of tabs and the current tab's panel.
#[derive(Default)]
pub struct BottomTabs {
    pub current: Tab,
    breakers: breakers::BreakersPanel,
    availability: availability::AvailabilityPanel,
    cascade: cascade::CascadePanel,
    alerts: alerts::AlertsPanel,
    event_log: event_log::EventLogPanel,
    dead_letters: dead_letters::DeadLettersPanel,
    sagas: sagas::SagasPanel,
    journeys: journeys::JourneysPanel,
    changes: whatif::changes::ChangesPanel,
}

impl BottomTabs {
    /// Opens the Journeys tab on the journey of `root`.
    pub fn show_journey(&mut self, root: u64) {
        self.current = Tab::Journeys;
        self.journeys.show(root);
    }

    /// `folded`: only the row of titles (a click on one opens it); `narrow`: titles take
    /// their own width, so the row fits a projector's width.
    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot, folded: bool, narrow: bool) -> Option<Command> {
        let mut command = None;
        // A tab the scenario does not offer (sagas, after loading one without) gives way
        // to the first.
        if !self.current.shown(s) {
            self.current = Tab::default();
        }
        // The minimum widths only where the whole row fits with them (the fold button
        // after): else the titles take their own width, as on a narrow window, rather
        // than wrap onto a second row that the graph would pay for.
        let shown: Vec<Tab> = Tab::ALL.into_iter().filter(|tab| tab.shown(s)).collect();
        let spacing = ui.spacing().item_spacing.x + 2.0 * ui.spacing().button_padding.x;
        let wanted: f32 = shown.iter().map(|t| t.min_width() + spacing).sum::<f32>() + 40.0;
        let narrow = narrow || wanted > ui.available_width();
        ui.horizontal_wrapped(|ui| {
            for tab in shown {
                // Titles carry live counts; a minimum width keeps the tabs from shifting
                // under the pointer as they change.
                let min_width = if narrow { 0.0 } else { tab.min_width() };
                let tab_button = egui::Button::selectable(self.current == tab && !folded, tab.title(ui.ctx(), s))
                    .min_size(egui::vec2(min_width, 0.0));
                if ui.add(tab_button).on_hover_text(tab.help()).clicked() {
                    self.current = tab;
                    if folded {
                        command = Some(Command::FoldTabs(false));
                    }
                }
            }
            let (label, help) = if folded { ("⏶", tr("tabs-open-help")) } else { ("⏷", tr("tabs-fold-help")) };
            if ui.small_button(label).on_hover_text(help).clicked() {
                command = Some(Command::FoldTabs(!folded));
            }
        });
        if folded {
            return command;
        }
        ui.separator();
        let shown = match self.current {
            Tab::Breakers => self.breakers.ui(ui, s),
            Tab::Availability => self.availability.ui(ui, s),
            Tab::Cascade => self.cascade.ui(ui, s),
            Tab::Alerts => self.alerts.ui(ui, s),
            Tab::EventLog => self.event_log.ui(ui, s),
            Tab::DeadLetters => self.dead_letters.ui(ui, s),
            Tab::Sagas => self.sagas.ui(ui, s),
            Tab::Journeys => self.journeys.ui(ui, s),
            Tab::Changes => self.changes.ui(ui, s),
        };
        command.or(shown)
    }
}
