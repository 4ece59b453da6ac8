//! Alerts, as Prometheus' and Grafana's alert lists show them: firing first, then pending,
//! then the quiet ones, each with its condition, since when it is in its state and for how
//! long, and its past firings. The plots mark each firing and resolution.

use super::widgets::{caption, state_chip};
use crate::engine::alerts::AlertState;
use crate::scenario::AlertCondition;
use crate::time::SimTime;
use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::snapshot::Snapshot;
use crate::ui::theme::Health;
use egui::{RichText, Ui};

#[derive(Default)]
pub struct AlertsPanel;

/// The condition of the rule named `name`, in words: "failure rate of payments > 5 % for 5s".
pub fn condition(s: &Snapshot, name: &str) -> String {
    let Some(alert) = s.scenario.alerts.iter().find(|a| a.name == name) else { return String::new() };
    match &alert.when {
        AlertCondition::FailureRate { group, above, sustained_for } => {
            format!("failure rate of {group} > {} for {sustained_for}", format::percent(*above))
        }
        AlertCondition::LatencyP95 { group, above, sustained_for } => {
            format!("p95 latency of {group} > {above} for {sustained_for}")
        }
        AlertCondition::Backlog { topic, above, sustained_for } => {
            format!("backlog of {topic} > {} for {sustained_for}", format::count(*above))
        }
        AlertCondition::ConsumerLag { group, above, sustained_for } => {
            format!("lag of {group} > {} for {sustained_for}", format::count(*above))
        }
        AlertCondition::Availability { component, below, sustained_for } => {
            format!("availability of {component} < {} for {sustained_for}", format::percent(*below))
        }
    }
}

impl AlertsPanel {
    /// The tab's title: how many fire now.
    pub fn title(s: &Snapshot) -> String {
        let firing = s.status.alerts.iter().filter(|a| matches!(a.state, AlertState::Firing { .. })).count();
        if firing == 0 { "Alerts".into() } else { format!("Alerts ({firing} firing)") }
    }

    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        if s.status.alerts.is_empty() {
            caption(ui, "This scenario has no alert rules (`alerts: [Alert(name, when: ...)]`).");
            return None;
        }
        let mut command = None;
        let now = s.now;
        // Firing first, then pending, then inactive; within each, the scenario's order.
        let rank = |state: &AlertState| match state {
            AlertState::Firing { .. } => 0,
            AlertState::Pending { .. } => 1,
            AlertState::Inactive => 2,
        };
        let mut order: Vec<usize> = (0..s.status.alerts.len()).collect();
        order.sort_by_key(|&i| rank(&s.status.alerts[i].state));
        egui::ScrollArea::vertical().id_salt("alerts").auto_shrink([false, false]).show(ui, |ui| {
            egui::Grid::new("alerts-grid").num_columns(5).striped(true).spacing([12.0, 4.0]).show(ui, |ui| {
                for (h, help) in [
                    ("state", "FIRING: the condition has held for its `for` duration. PENDING: it holds, not yet for long enough. Quiet: it does not hold."),
                    ("alert", "The rule's name and condition (evaluated at every sample, as Prometheus does)."),
                    ("since", "When it entered its state (or last resolved); click to move the plots' cursor there."),
                    ("for", "How long it has been in its state, or how long its last firing lasted."),
                    ("fired", "Times it fired in this run, and its past firings."),
                ] {
                    ui.label(RichText::new(h).strong()).on_hover_text(help);
                }
                ui.end_row();
                for &i in &order {
                    let a = &s.status.alerts[i];
                    let episodes = s.timelines.alert(&a.name).map_or(&[][..], |t| t.episodes.as_slice());
                    let last = episodes.last();
                    let (chip, since, lasted) = match a.state {
                        AlertState::Firing { since } => (state_chip(ui, Health::Failing, "FIRING"), Some(since), span(since, now)),
                        AlertState::Pending { since } => (state_chip(ui, Health::Degraded, "pending"), Some(since), span(since, now)),
                        AlertState::Inactive => {
                            let word = if last.is_some() { "resolved" } else { "quiet" };
                            let resolved = last.and_then(|e| e.resolved_at);
                            let lasted = last.and_then(|e| e.resolved_at.map(|r| format!("fired for {}", format::span_s((r - e.fired_at).as_secs_f64()))));
                            (state_chip(ui, Health::Ok, word), resolved, lasted.unwrap_or_default())
                        }
                    };
                    chip.on_hover_text("Alert state (Prometheus semantics: pending until the condition has held for `for`).");
                    ui.vertical(|ui| {
                        ui.label(RichText::new(&a.name).strong());
                        caption(ui, format!("{} · on {}", condition(s, &a.name), a.subject));
                    });
                    match since {
                        Some(t) => {
                            if ui.link(RichText::new(format::clock(t)).monospace()).clicked() {
                                command = Some(Command::SetCursor(Some(t)));
                            }
                        }
                        None => {
                            ui.label("–");
                        }
                    }
                    ui.label(lasted);
                    let history: Vec<String> = episodes
                        .iter()
                        .rev()
                        .take(6)
                        .map(|e| match e.resolved_at {
                            Some(r) => format!("{}–{}", format::clock(e.fired_at), format::clock(r)),
                            None => format!("{}–now", format::clock(e.fired_at)),
                        })
                        .collect();
                    ui.label(format!("{}×", a.fired)).on_hover_text(if history.is_empty() {
                        "Never fired.".to_string()
                    } else {
                        format!("Newest first:\n{}", history.join("\n"))
                    });
                    ui.end_row();
                }
            });
        });
        command
    }
}

fn span(since: SimTime, now: SimTime) -> String {
    format::span_s(now.as_secs_f64() - since.as_secs_f64())
}
