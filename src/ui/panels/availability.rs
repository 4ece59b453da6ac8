//! Availability and incidents: every service, consumer instance and broker node with its
//! up/down timeline and observed MTBF, MTTR and availability next to the analytic
//! MTBF/(MTBF+MTTR); the broker's nodes and partition leaders; each incident as a small
//! Gantt of its detect, diagnose and recover phases; and each group's service level
//! against its objective (the error budget).

use super::fault_controls::FaultControls;
use super::strip::{self, Look, Pattern, Segment};
use super::widgets::{caption, state_chip};
use crate::engine::availability::Transition;
use crate::engine::status::{AvailabilityStatus, IncidentStatus, NodeState};
use crate::i18n::{tr, tr_args};
use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::snapshot::Snapshot;
use crate::ui::theme::{BLUISH_GREEN, Health, ORANGE, Palette, SKY_BLUE, VERMILLION};
use egui::{RichText, Ui};

const UP: Look = Look { color: BLUISH_GREEN, pattern: Pattern::Plain, word: "strip-up" };
const DOWN: Look = Look { color: VERMILLION, pattern: Pattern::Hatch, word: "strip-down" };
/// Incident phases: waiting to be noticed, noticed but not named, named and being fixed.
const DETECT: Look = Look { color: VERMILLION, pattern: Pattern::Hatch, word: "avail-phase-detect" };
const DIAGNOSE: Look = Look { color: ORANGE, pattern: Pattern::Dots, word: "avail-phase-diagnose" };
const RECOVER: Look = Look { color: SKY_BLUE, pattern: Pattern::Plain, word: "avail-phase-recover" };

#[derive(Default)]
pub struct AvailabilityPanel {
    /// Node faults use the same duration choice as the detail panel's buttons do.
    faults: FaultControls,
}

impl AvailabilityPanel {
    /// The tab's title: open incidents, if any.
    pub fn title(s: &Snapshot) -> String {
        let open = s.status.incidents.iter().filter(|i| i.recovered_at.is_none()).count();
        match open {
            0 => crate::i18n::tr("tab-availability"),
            n => crate::i18n::tr_args("tab-availability-incidents", &[("count", n.into())]),
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        let mut command = None;
        egui::ScrollArea::vertical().id_salt("availability").auto_shrink([false, false]).show(ui, |ui| {
            let wide = ui.available_width() > 1100.0;
            if wide {
                ui.columns(2, |cols| {
                    components(&mut cols[0], s);
                    command = incidents(&mut cols[1], s);
                    cols[1].add_space(6.0);
                    service_levels(&mut cols[1], s);
                    cols[1].add_space(6.0);
                    command = command.take().or(self.broker(&mut cols[1], s));
                });
            } else {
                components(ui, s);
                ui.add_space(6.0);
                command = incidents(ui, s);
                ui.add_space(6.0);
                service_levels(ui, s);
                ui.add_space(6.0);
                command = command.take().or(self.broker(ui, s));
            }
        });
        command
    }

    /// The broker's nodes with their state and partitions led, and each topic's leaders.
    fn broker(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        if s.status.brokers.is_empty() {
            return None;
        }
        let mut command = None;
        ui.horizontal(|ui| {
            ui.label(RichText::new(tr("avail-brokers")).strong()).on_hover_text(tr("avail-brokers-help"));
            self.faults.duration_picker(ui);
        });
        egui::Grid::new("broker-nodes").num_columns(5).striped(true).show(ui, |ui| {
            for node in &s.status.brokers {
                ui.label(RichText::new(&node.name).strong());
                let (health, word) = match node.state {
                    NodeState::Up => (Health::Ok, "avail-up"),
                    NodeState::Down => (Health::Failing, "avail-down"),
                    NodeState::Partitioned => (Health::Degraded, "avail-cut-off"),
                };
                state_chip(ui, health, &tr(word));
                ui.label(tr_args("avail-leads", &[("count", node.leaders.into())]));
                in_sync_chip(ui, node);
                ui.horizontal(|ui| command = command.take().or(self.faults.node_buttons(ui, &node.name)));
                ui.end_row();
            }
        });
        // Request load on lines of their own: the node rows are already as wide as the
        // half-width panel allows.
        for node in &s.status.brokers {
            if let Some(load) = &node.load {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&node.name).strong());
                    load_chip(ui, load);
                });
            }
        }
        for t in s.status.topics.iter().filter(|t| !t.partition_leaders.is_empty()) {
            let leaders: Vec<String> = t
                .partition_leaders
                .iter()
                .enumerate()
                .map(|(p, l)| {
                    let leader = match l {
                        Some(n) => n.to_string(),
                        None => tr("avail-offline"),
                    };
                    // The in-sync count only where a partition has copies to lose.
                    match t.partition_in_sync.get(p) {
                        Some(isr) if t.replication > 1 => format!("p{p}: {leader} ({isr}/{})", t.replication),
                        _ => format!("p{p}: {leader}"),
                    }
                })
                .collect();
            ui.label(tr_args(
                "avail-leaders",
                &[("topic", t.name.clone().into()), ("leaders", leaders.join(" · ").into())],
            ))
            .on_hover_text(tr("avail-leaders-help"));
        }
        command
    }
}

/// A node's copies in sync, in the health colours: all in sync is healthy; a copy out of
/// sync, or a partition it leads with fewer in-sync replicas than copies (Kafka's
/// UnderReplicatedPartitions), is degraded; a node down has none in sync.
fn in_sync_chip(ui: &mut Ui, node: &crate::engine::status::BrokerNodeStatus) {
    let health = if node.state != NodeState::Up {
        Health::Failing
    } else if node.under_replicated > 0 || node.in_sync < node.replicas {
        Health::Degraded
    } else {
        Health::Ok
    };
    let args =
        [("in_sync", node.in_sync.into()), ("replicas", node.replicas.into()), ("under", node.under_replicated.into())];
    let key = if node.under_replicated > 0 { "avail-in-sync-under" } else { "avail-in-sync" };
    state_chip(ui, health, &tr_args(key, &args)).on_hover_text(tr("avail-in-sync-help"));
}

/// A node's produce-request load (with a broker cost): its I/O threads' utilisation,
/// requests waiting on average and their mean wait, in the health colours: refusals at
/// `queued_max_requests` are failing, a utilisation of 0.8 or more (waits grow as
/// 1/(1 − ρ)) degraded.
fn load_chip(ui: &mut Ui, load: &crate::engine::status::NodeLoadStatus) {
    let health = if load.refused > 0 {
        Health::Failing
    } else if load.utilisation >= 0.8 {
        Health::Degraded
    } else {
        Health::Ok
    };
    let args = [
        ("utilisation", format::percent(load.utilisation).into()),
        ("queue", format!("{:.1}", load.queue_mean).into()),
        ("wait", format::millis(load.wait_ms_mean).into()),
    ];
    let text = if load.refused > 0 {
        let mut args = args.to_vec();
        args.push(("refused", load.refused.into()));
        tr_args("avail-node-load-refused", &args)
    } else {
        tr_args("avail-node-load", &args)
    };
    state_chip(ui, health, &text).on_hover_text(tr("avail-node-load-help"));
}

/// Every component's up/down strip and figures.
fn components(ui: &mut Ui, s: &Snapshot) {
    ui.label(RichText::new(tr("avail-components")).strong()).on_hover_text(tr("avail-components-help"));
    let now = s.now.as_secs_f64();
    let end = now.max(s.sample_every.as_secs_f64() * 10.0);
    let pct = |x: f64| format!("{:.2} %", x * 100.0);
    egui::Grid::new("availability-grid").num_columns(3).striped(true).spacing([10.0, 4.0]).show(ui, |ui| {
        for h in ["changes-component", "avail-up-down", "avail-figures"] {
            ui.label(RichText::new(tr(h)).strong());
        }
        ui.end_row();
        for a in &s.status.availability {
            let (health, word) = if a.up { (Health::Ok, "✔") } else { (Health::Failing, "✖") };
            let color = Palette::of(ui.visuals()).text_color(health.color());
            ui.label(RichText::new(format!("{word} {}", a.component)).color(color).strong())
                .on_hover_text(tr(if a.up { "avail-up-now" } else { "avail-down-now" }));
            ui.allocate_ui(egui::vec2(200.0, 18.0), |ui| {
                ui.set_width(200.0);
                strip::strip(ui, 16.0, 0.0, end, &up_down(a, now));
            });
            let f = &a.figures;
            // Short enough to stay in its column: what is unknown is left out, not dashed.
            let mut text = pct(f.observed);
            if let Some(analytic) = f.analytic {
                text += &tr_args("avail-analytic", &[("percent", pct(analytic).into())]);
            }
            text += &tr_args("avail-failures", &[("count", f.failures.into())]);
            if let Some(mtbf) = f.mtbf_s {
                text += &format!(" · MTBF {}", format::span_s(mtbf));
            }
            if let Some(mttr) = f.mttr_s {
                text += &format!(" · MTTR {}", format::span_s(mttr));
            }
            ui.label(text).on_hover_text(tr(if f.analytic.is_some() {
                "avail-analytic-help"
            } else {
                "avail-no-model-help"
            }));
            ui.end_row();
        }
    });
}

/// A component's timeline as segments: the state before the oldest kept transition is
/// its opposite (known from the start when nothing was evicted).
fn up_down(a: &AvailabilityStatus, now: f64) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut state = a.timeline.first().map_or(a.up, |t: &Transition| !t.up);
    let mut from = 0.0;
    for t in &a.timeline {
        let at = t.at.as_secs_f64();
        if at > from {
            out.push(up_down_segment(from, at, state));
        }
        from = at;
        state = t.up;
    }
    out.push(up_down_segment(from, now, state));
    out
}

fn up_down_segment(from_s: f64, to_s: f64, up: bool) -> Segment {
    Segment {
        from_s,
        to_s,
        look: if up { UP } else { DOWN },
        detail: format!(
            "{} {} ({} – {})",
            tr(if up { "avail-up" } else { "avail-down" }),
            format::span_s(to_s - from_s),
            format::clock_s(from_s),
            format::clock_s(to_s)
        ),
    }
}

/// Each incident as a row: what, when, and a Gantt of its phases with their lengths.
fn incidents(ui: &mut Ui, s: &Snapshot) -> Option<Command> {
    let mut command = None;
    ui.label(RichText::new(tr("avail-incidents")).strong()).on_hover_text(tr("avail-incidents-help"));
    if s.status.incidents.is_empty() {
        caption(ui, tr("ledger-none-yet"));
        return None;
    }
    ui.horizontal(|ui| {
        for look in [DETECT, DIAGNOSE, RECOVER] {
            legend_swatch(ui, look);
        }
    });
    // A common scale: the longest incident fills the width, so lengths compare at a glance.
    let now = s.now.as_secs_f64();
    let longest = s.status.incidents.iter().map(|i| length_s(i, now)).fold(1.0, f64::max);
    egui::Grid::new("incident-grid").num_columns(3).striped(true).spacing([10.0, 4.0]).show(ui, |ui| {
        for i in s.status.incidents.iter().rev() {
            if ui
                .link(RichText::new(format::clock(i.at)).monospace())
                .on_hover_text(tr("avail-incident-cursor-help"))
                .clicked()
            {
                command = Some(Command::SetCursor(Some(i.at)));
            }
            ui.label(RichText::new(format!("{} {}", i.component, i.kind.replace('_', " "))).strong());
            ui.vertical(|ui| {
                ui.allocate_ui(egui::vec2(280.0, 16.0), |ui| {
                    ui.set_width(280.0);
                    strip::strip(ui, 14.0, 0.0, longest, &phases(i, now));
                });
                caption(ui, phase_sentence(i, now));
                if i.state.is_some() {
                    state_recovery(ui, s, i);
                }
                let ft = &i.fault_tolerance;
                caption(
                    ui,
                    match ft.rate {
                        Some(rate) => tr_args(
                            "avail-fault-tolerance",
                            &[
                                ("percent", format!("{:.1}", rate * 100.0).into()),
                                ("good", ft.good.into()),
                                ("arrived", ft.arrived.into()),
                            ],
                        ),
                        None => tr("avail-fault-tolerance-none"),
                    },
                )
                .on_hover_text(tr("avail-fault-tolerance-help"));
            });
            ui.end_row();
        }
    });
    command
}

/// A stateful instance's incident: the rebuild in progress as a bar, then its recovery
/// time (RTO) with the rebuild's part, and the data lost (RPO).
fn state_recovery(ui: &mut Ui, s: &Snapshot, i: &IncidentStatus) {
    let Some(state) = i.state else { return };
    let rebuilding = (s.status.groups.iter().flat_map(|g| &g.instances))
        .find(|inst| inst.name == i.component)
        .and_then(|inst| inst.rebuild)
        .filter(|_| i.recovered_at.is_none());
    if let Some(rebuild) = rebuilding {
        let done = (rebuild.progress * rebuild.events as f64).floor() as u64;
        let text = tr_args("avail-rebuilding", &[("done", done.into()), ("events", rebuild.events.into())]);
        ui.add(egui::ProgressBar::new(rebuild.progress as f32).desired_width(280.0).text(text));
    }
    let rto = i.timings.self_healing_s.map_or("–".to_string(), format::span_s);
    let rebuild = format::span_s(state.rebuild_s);
    let args = [("rto", rto.into()), ("events", state.replayed_events.into()), ("rebuild", rebuild.into())];
    caption(ui, tr_args("avail-state-rto", &args));
    let rpo = if !state.disk_lost {
        tr("avail-state-no-rpo")
    } else {
        let key = if state.from_backup { "avail-state-rpo-backup" } else { "avail-state-rpo-empty" };
        tr_args(key, &[("events", state.rpo_events.into()), ("span", format::span_s(state.rpo_s).into())])
    };
    caption(ui, rpo);
    if state.lost_by_retention > 0 {
        caption(ui, tr_args("avail-state-gap", &[("events", state.lost_by_retention.into())]));
    }
}

fn length_s(i: &IncidentStatus, now: f64) -> f64 {
    i.recovered_at.map_or(now, |t| t.as_secs_f64()) - i.at.as_secs_f64()
}

/// The phases as segments from the incident's start (0).
fn phases(i: &IncidentStatus, now: f64) -> Vec<Segment> {
    let t = &i.timings;
    let total = length_s(i, now);
    let detect = t.detect_s.unwrap_or(total);
    let diagnose = t.diagnose_s.unwrap_or(0.0);
    let mut out = vec![Segment {
        from_s: 0.0,
        to_s: detect.min(total),
        look: DETECT,
        detail: match &i.detected_by {
            Some(by) => {
                tr_args("avail-detected", &[("span", format::span_s(detect).into()), ("by", by.clone().into())])
            }
            None => tr("avail-not-detected"),
        },
    }];
    if t.detect_s.is_some() {
        if t.diagnose_s.is_some() {
            out.push(Segment {
                from_s: detect,
                to_s: detect + diagnose,
                look: DIAGNOSE,
                detail: tr_args(
                    "avail-diagnosed",
                    &[
                        ("span", format::span_s(diagnose).into()),
                        ("by", i.diagnosed_by.as_deref().unwrap_or("?").to_string().into()),
                    ],
                ),
            });
        }
        let start = detect + diagnose;
        out.push(Segment {
            from_s: start,
            to_s: total.max(start),
            look: RECOVER,
            detail: match i.recovered_at {
                Some(at) => tr_args("avail-recovered", &[("at", format::clock(at).into())]),
                None => tr("avail-recovering"),
            },
        });
    }
    out
}

fn phase_sentence(i: &IncidentStatus, now: f64) -> String {
    let t = &i.timings;
    let s = |x: Option<f64>| x.map_or("–".to_string(), format::span_s);
    match t.self_healing_s {
        Some(total) => tr_args(
            "avail-phases",
            &[
                ("detect", s(t.detect_s).into()),
                ("diagnose", s(t.diagnose_s).into()),
                ("recover", s(t.recover_s).into()),
                ("total", format::span_s(total).into()),
            ],
        ),
        None => tr_args(
            "avail-open-for",
            &[("span", format::span_s(length_s(i, now)).into()), ("detect", s(t.detect_s).into())],
        ),
    }
}

fn legend_swatch(ui: &mut Ui, look: Look) {
    let palette = Palette::of(ui.visuals());
    let (rect, _) = ui.allocate_exact_size(egui::vec2(22.0, 12.0), egui::Sense::hover());
    strip::paint_look(ui.painter(), rect, look, &palette);
    ui.label(RichText::new(tr(look.word)).color(palette.text_dim));
}

/// Each group's service level: the share of intervals that met its objectives, against
/// its target, and how much of the error budget is spent.
fn service_levels(ui: &mut Ui, s: &Snapshot) {
    ui.label(RichText::new(tr("avail-service-level")).strong()).on_hover_text(tr("avail-service-level-help"));
    let palette = Palette::of(ui.visuals());
    for g in &s.status.groups {
        let sl = &g.service_level;
        let objectives = s.scenario.consumers.iter().find(|c| c.name == g.name).map(|c| c.objectives);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&g.name).strong());
            let met = sl.availability >= sl.target;
            let color = if met { palette.text } else { palette.text_color(VERMILLION) };
            ui.label(
                RichText::new(tr_args(
                    "avail-intervals-good",
                    &[
                        ("percent", format!("{:.1}", sl.availability * 100.0).into()),
                        ("intervals", sl.intervals.to_string().into()),
                        ("target", format!("{:.1}", sl.target * 100.0).into()),
                    ],
                ))
                .color(color),
            );
            if let Some(o) = objectives {
                caption(
                    ui,
                    tr_args(
                        "avail-objectives",
                        &[
                            ("p95", o.latency_p95.to_string().into()),
                            ("success", format!("{:.0}", o.success * 100.0).into()),
                        ],
                    ),
                );
            }
        });
        if let Some(used) = sl.error_budget_consumed {
            let blown = used > 1.0;
            let text = if blown {
                tr_args("avail-budget-blown", &[("times", format!("{used:.1}").into())])
            } else {
                tr_args("avail-budget-spent", &[("percent", format!("{:.0}", used * 100.0).into())])
            };
            let bar = egui::ProgressBar::new(used.min(1.0) as f32).text(text).desired_height(16.0);
            let bar = if blown { bar.fill(VERMILLION.gamma_multiply(0.8)) } else { bar };
            ui.add(bar).on_hover_text(tr("avail-budget-help"));
        }
    }
}
