//! Alerts, as Prometheus' and Grafana's alert lists show them: firing first, then pending,
//! then the quiet ones, each with its condition, since when it is in its state and for how
//! long, and its past firings. The plots mark each firing and resolution.

use super::widgets::{caption, state_chip};
use crate::engine::alerts::AlertState;
use crate::i18n::{tr, tr_args};
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
    let cond = |key: &str, subject: &str, limit: String, sustained: &dyn std::fmt::Display| {
        tr_args(
            key,
            &[("subject", subject.to_string().into()), ("limit", limit.into()), ("for", sustained.to_string().into())],
        )
    };
    match &alert.when {
        AlertCondition::FailureRate { group, above, sustained_for } => {
            cond("alert-failure-rate", group, format::percent(*above), sustained_for)
        }
        AlertCondition::LatencyP95 { group, above, sustained_for } => {
            cond("alert-p95", group, above.to_string(), sustained_for)
        }
        AlertCondition::Backlog { topic, above, sustained_for } => {
            cond("alert-backlog", topic, format::count(*above), sustained_for)
        }
        AlertCondition::ConsumerLag { group, above, sustained_for } => {
            cond("alert-lag", group, format::count(*above), sustained_for)
        }
        AlertCondition::Availability { component, below, sustained_for } => {
            cond("alert-availability", component, format::percent(*below), sustained_for)
        }
    }
}

impl AlertsPanel {
    /// The tab's title: how many fire now.
    pub fn title(s: &Snapshot) -> String {
        let firing = s.status.alerts.iter().filter(|a| matches!(a.state, AlertState::Firing { .. })).count();
        if firing == 0 {
            crate::i18n::tr("tab-alerts")
        } else {
            crate::i18n::tr_args("tab-alerts-firing", &[("count", firing.into())])
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        if s.status.alerts.is_empty() {
            caption(ui, tr("alerts-none"));
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
                for h in ["alerts-state", "alerts-alert", "alerts-since", "alerts-for", "alerts-fired"] {
                    ui.label(RichText::new(tr(h)).strong()).on_hover_text(tr(&format!("{h}-help")));
                }
                ui.end_row();
                for &i in &order {
                    let a = &s.status.alerts[i];
                    let episodes = s.timelines.alert(&a.name).map_or(&[][..], |t| t.episodes.as_slice());
                    let last = episodes.last();
                    let (chip, since, lasted) = match a.state {
                        AlertState::Firing { since } => {
                            (state_chip(ui, Health::Failing, &tr("alerts-firing")), Some(since), span(since, now))
                        }
                        AlertState::Pending { since } => {
                            (state_chip(ui, Health::Degraded, &tr("alerts-pending")), Some(since), span(since, now))
                        }
                        AlertState::Inactive => {
                            let word = tr(if last.is_some() { "alerts-resolved" } else { "alerts-quiet" });
                            let resolved = last.and_then(|e| e.resolved_at);
                            let lasted = last.and_then(|e| {
                                e.resolved_at.map(|r| {
                                    tr_args(
                                        "alerts-fired-for",
                                        &[("span", format::span_s((r - e.fired_at).as_secs_f64()).into())],
                                    )
                                })
                            });
                            (state_chip(ui, Health::Ok, &word), resolved, lasted.unwrap_or_default())
                        }
                    };
                    chip.on_hover_text(tr("alerts-state-chip-help"));
                    ui.vertical(|ui| {
                        ui.label(RichText::new(&a.name).strong());
                        caption(
                            ui,
                            tr_args(
                                "alerts-on",
                                &[
                                    ("condition", condition(s, &a.name).into()),
                                    ("subject", a.subject.to_string().into()),
                                ],
                            ),
                        );
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
                            None => tr_args("alerts-until-now", &[("from", format::clock(e.fired_at).into())]),
                        })
                        .collect();
                    ui.label(format!("{}×", a.fired)).on_hover_text(if history.is_empty() {
                        tr("alerts-never-fired")
                    } else {
                        format!("{}\n{}", tr("alerts-newest-first"), history.join("\n"))
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
