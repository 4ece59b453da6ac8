//! The cascade tab: the current incident as a timeline strip — one row per component it
//! reached, in the order they left Ok (the first is the origin), coloured spans of
//! Degraded and Failing over the incident, and a row per breaker that opened in it with
//! its openings marked (those that stopped the spread in green), and a row per alert rule
//! that fired in it. What an incident is and
//! how the levels are replayed is `ui::cascade`'s.

use super::strip::{self, Look, Pattern, Segment};
use crate::i18n::{tr, tr_args};
use crate::ui::cascade::{self, BreakerOpen, Cascade, Kind};
use crate::ui::command::{Command, Component};
use crate::ui::format;
use crate::ui::snapshot::Snapshot;
use crate::ui::theme::{BLUISH_GREEN, Health, ORANGE, VERMILLION};
use egui::{RichText, Ui};

const DEGRADED: Look = Look { color: ORANGE, pattern: Pattern::Dots, word: "health-degraded" };
const FAILING: Look = Look { color: VERMILLION, pattern: Pattern::Hatch, word: "health-failing" };
const OPENED: Look = Look { color: VERMILLION, pattern: Pattern::Cross, word: "" };
const STOPPED: Look = Look { color: BLUISH_GREEN, pattern: Pattern::Plain, word: "" };
const FIRED: Look = Look { color: ORANGE, pattern: Pattern::Plain, word: "" };

#[derive(Default)]
pub struct CascadePanel;

impl CascadePanel {
    /// The tab's title: how many components the current incident reached.
    pub fn title(ctx: &egui::Context, s: &Snapshot) -> String {
        match cascade::current(ctx, s).as_ref() {
            Some(c) if c.to_s.is_none() => tr_args("tab-cascade-count", &[("count", c.affected.len().into())]),
            _ => tr("tab-cascade"),
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        let current = cascade::current(ui.ctx(), s);
        let Some(c) = current.as_ref() else {
            ui.label(tr("cascade-none"));
            ui.label(RichText::new(tr("cascade-help")).small().weak());
            return None;
        };
        let now = s.now.as_secs_f64();
        let end = c.to_s.unwrap_or(now).max(c.from_s + 1.0);
        let heading = match c.to_s {
            Some(to) => tr_args(
                "cascade-ended",
                &[("from", format::clock_s(c.from_s).into()), ("to", format::clock_s(to).into())],
            ),
            None => tr_args("cascade-ongoing", &[("from", format::clock_s(c.from_s).into())]),
        };
        ui.horizontal(|ui| {
            ui.label(RichText::new(heading).strong());
            ui.label(RichText::new(tr("cascade-help")).small().weak());
        });
        let mut command = None;
        egui::ScrollArea::vertical().id_salt("cascade-rows").auto_shrink([false, true]).show(ui, |ui| {
            egui::Grid::new("cascade-grid").num_columns(2).striped(true).show(ui, |ui| {
                ui.label("");
                strip::time_axis(ui, c.from_s, end);
                ui.end_row();
                for (i, a) in c.affected.iter().enumerate() {
                    let label = row_label(c, i);
                    let response = ui.selectable_label(false, RichText::new(&label).strong());
                    if response.clicked() {
                        command = Some(Command::Select(Some(component(a.kind, &a.name))));
                    }
                    let segments: Vec<Segment> = a
                        .spans
                        .iter()
                        .map(|span| Segment {
                            from_s: span.from_s,
                            to_s: span.to_s.unwrap_or(end),
                            look: if span.level == Health::Failing { FAILING } else { DEGRADED },
                            detail: format!("{} {}", a.name, span.level.word()),
                        })
                        .collect();
                    strip::strip(ui, 16.0, c.from_s, end, &segments);
                    ui.end_row();
                }
                // Each breaker once, in the order of its first opening.
                let mut breakers: Vec<(&str, &str)> = Vec::new();
                for o in &c.opens {
                    let pair = (o.caller.as_str(), o.service.as_str());
                    if !breakers.contains(&pair) {
                        breakers.push(pair);
                    }
                }
                for (caller, service) in breakers {
                    let stopped = c.stopped_by(caller, service);
                    let key = if stopped { "cascade-breaker-stopped" } else { "cascade-breaker" };
                    let label = tr_args(key, &[("caller", caller.into()), ("service", service.into())]);
                    let response = ui.label(RichText::new(label).color(if stopped {
                        BLUISH_GREEN
                    } else {
                        ui.visuals().text_color()
                    }));
                    if let Some(o) = c.first_stop(caller, service) {
                        response.on_hover_text(stopped_why(o));
                    }
                    let marks: Vec<Segment> = c
                        .opens
                        .iter()
                        .filter(|o| o.caller == caller && o.service == service)
                        .map(|o| Segment {
                            from_s: o.at_s,
                            to_s: o.at_s,
                            look: if o.stopped { STOPPED } else { OPENED },
                            detail: tr_args("cascade-opened-at", &[("at", format::clock_s(o.at_s).into())]),
                        })
                        .collect();
                    strip::strip(ui, 10.0, c.from_s, end, &marks);
                    ui.end_row();
                }
                // Each alert rule that fired in the incident, its firings marked.
                let mut rules: Vec<(&str, &str)> = Vec::new();
                for a in &c.alerts {
                    if !rules.contains(&(a.name.as_str(), a.subject.as_str())) {
                        rules.push((a.name.as_str(), a.subject.as_str()));
                    }
                }
                for (name, subject) in rules {
                    ui.label(tr_args("cascade-alert", &[("alert", name.into()), ("subject", subject.into())]));
                    let marks: Vec<Segment> = c
                        .alerts
                        .iter()
                        .filter(|a| a.name == name)
                        .map(|a| Segment {
                            from_s: a.at_s,
                            to_s: a.at_s,
                            look: FIRED,
                            detail: tr_args("cascade-fired-at", &[("at", format::clock_s(a.at_s).into())]),
                        })
                        .collect();
                    strip::strip(ui, 10.0, c.from_s, end, &marks);
                    ui.end_row();
                }
            });
        });
        command
    }
}

/// Why a breaker is said to have stopped the spread, from its first such opening `o`.
pub fn stopped_why(o: &BreakerOpen) -> String {
    tr_args(
        "cascade-stopped-why",
        &[
            ("at", format::clock_s(o.at_s).into()),
            ("service", o.service.clone().into()),
            ("caller", o.caller.clone().into()),
            ("topics", o.upstream.join(", ").into()),
        ],
    )
}

/// "1 bank · 5 s · failing · origin": a component's place, when it left Ok and to what.
pub fn row_label(c: &Cascade, i: usize) -> String {
    let a = &c.affected[i];
    let key = if i == 0 { "cascade-row-origin" } else { "cascade-row" };
    tr_args(
        key,
        &[
            ("place", (i + 1).into()),
            ("name", a.name.clone().into()),
            ("at", format::clock_s(a.first_s).into()),
            ("level", a.first_level.word().into()),
        ],
    )
}

fn component(kind: Kind, name: &str) -> Component {
    match kind {
        Kind::Service => Component::Service(name.to_string()),
        Kind::Topic => Component::Topic(name.to_string()),
        Kind::Group => Component::Group(name.to_string()),
    }
}
