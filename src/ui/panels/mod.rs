//! The panels. Each is a small struct whose `ui(&mut self, ui, &Snapshot)` draws it and
//! returns at most one [`Command`](super::command::Command) for the app to route.
//!
//! The bottom area is a tab registry ([`Tab`]): later issues add circuit-breaker
//! timelines, incidents and alerts as new tabs, not as new windows.

pub mod dead_letters;
pub mod detail;
pub mod event_log;
pub mod ledger_bar;
pub mod plots;
pub mod problem;
pub mod top_bar;
pub mod topology;
pub mod whatif;
pub mod widgets;

use super::command::Command;
use super::format;
use super::snapshot::Snapshot;
use egui::Ui;
use serde::{Deserialize, Serialize};

/// The tabs of the bottom area.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tab {
    #[default]
    EventLog,
    DeadLetters,
    Changes,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::EventLog, Tab::DeadLetters, Tab::Changes];

    pub fn title(self, s: &Snapshot) -> String {
        match self {
            Tab::EventLog => "Event log".into(),
            Tab::DeadLetters => format!("Dead letters ({})", format::count(s.dead_letters.held)),
            Tab::Changes => format!("Changes ({})", s.whatif.live_changes.len()),
        }
    }

    pub fn help(self) -> &'static str {
        match self {
            Tab::EventLog => "Everything notable that happened, newest first: live edits, dead letters, warnings.",
            Tab::DeadLetters => "Messages given up on, with the reason, attempts and last error.",
            Tab::Changes => "Every parameter changed live: when, where, from ➡ to; save the changed scenario.",
        }
    }
}

/// The bottom area: a row of tabs and the current tab's panel.
#[derive(Default)]
pub struct BottomTabs {
    pub current: Tab,
    event_log: event_log::EventLogPanel,
    dead_letters: dead_letters::DeadLettersPanel,
    changes: whatif::changes::ChangesPanel,
}

impl BottomTabs {
    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        ui.horizontal(|ui| {
            for tab in Tab::ALL {
                ui.selectable_value(&mut self.current, tab, tab.title(s)).on_hover_text(tab.help());
            }
        });
        ui.separator();
        match self.current {
            Tab::EventLog => self.event_log.ui(ui, s),
            Tab::DeadLetters => self.dead_letters.ui(ui, s),
            Tab::Changes => self.changes.ui(ui, s),
        }
    }
}
