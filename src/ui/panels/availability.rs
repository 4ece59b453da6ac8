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
use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::snapshot::Snapshot;
use crate::ui::theme::{BLUISH_GREEN, Health, ORANGE, Palette, SKY_BLUE, VERMILLION};
use egui::{RichText, Ui};

const UP: Look = Look { color: BLUISH_GREEN, pattern: Pattern::Plain, word: "up" };
const DOWN: Look = Look { color: VERMILLION, pattern: Pattern::Hatch, word: "down" };
/// Incident phases: waiting to be noticed, noticed but not named, named and being fixed.
const DETECT: Look = Look { color: VERMILLION, pattern: Pattern::Hatch, word: "detect" };
const DIAGNOSE: Look = Look { color: ORANGE, pattern: Pattern::Dots, word: "diagnose" };
const RECOVER: Look = Look { color: SKY_BLUE, pattern: Pattern::Plain, word: "recover" };

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
            0 => "Availability".into(),
            1 => "Availability (1 open incident)".into(),
            n => format!("Availability ({n} open incidents)"),
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
            ui.label(RichText::new("Broker nodes").strong()).on_hover_text(
                "Each partition has a leader node; when it stops serving, the partition is offline until a replica takes over (failover) or it returns.",
            );
            self.faults.duration_picker(ui);
        });
        egui::Grid::new("broker-nodes").num_columns(4).striped(true).show(ui, |ui| {
            for node in &s.status.brokers {
                ui.label(RichText::new(&node.name).strong());
                let (health, word) = match node.state {
                    NodeState::Up => (Health::Ok, "up"),
                    NodeState::Down => (Health::Failing, "DOWN"),
                    NodeState::Partitioned => (Health::Degraded, "cut off"),
                };
                state_chip(ui, health, word);
                ui.label(format!("leads {} partitions", node.leaders));
                ui.horizontal(|ui| command = command.take().or(self.faults.node_buttons(ui, &node.name)));
                ui.end_row();
            }
        });
        for t in s.status.topics.iter().filter(|t| !t.partition_leaders.is_empty()) {
            let leaders: Vec<String> = t
                .partition_leaders
                .iter()
                .enumerate()
                .map(|(p, l)| match l {
                    Some(n) => format!("p{p}: {n}"),
                    None => format!("p{p}: OFFLINE"),
                })
                .collect();
            ui.label(format!("{} leaders — {}", t.name, leaders.join(" · ")))
                .on_hover_text("The broker node leading each partition (numbered from 1); OFFLINE while none can.");
        }
        command
    }
}

/// Every component's up/down strip and figures.
fn components(ui: &mut Ui, s: &Snapshot) {
    ui.label(RichText::new("Components").strong()).on_hover_text(
        "Observed availability = up time / time observed; MTBF = up time / failures; MTTR = mean time down per repair. The analytic value MTBF/(MTBF+MTTR) comes from the scenario's failure model, when it has one.",
    );
    let now = s.now.as_secs_f64();
    let end = now.max(s.sample_every.as_secs_f64() * 10.0);
    let pct = |x: f64| format!("{:.2} %", x * 100.0);
    egui::Grid::new("availability-grid").num_columns(3).striped(true).spacing([10.0, 4.0]).show(ui, |ui| {
        for h in ["component", "up / down over the run", "figures"] {
            ui.label(RichText::new(h).strong());
        }
        ui.end_row();
        for a in &s.status.availability {
            let (health, word) = if a.up { (Health::Ok, "✔") } else { (Health::Failing, "✖") };
            let color = Palette::of(ui.visuals()).text_color(health.color());
            ui.label(RichText::new(format!("{word} {}", a.component)).color(color).strong())
                .on_hover_text(if a.up { "Up now." } else { "Down now." });
            ui.allocate_ui(egui::vec2(200.0, 18.0), |ui| {
                ui.set_width(200.0);
                strip::strip(ui, 16.0, 0.0, end, &up_down(a, now));
            });
            let f = &a.figures;
            // Short enough to stay in its column: what is unknown is left out, not dashed.
            let mut text = pct(f.observed);
            if let Some(analytic) = f.analytic {
                text += &format!(" (analytic {})", pct(analytic));
            }
            match f.failures {
                0 => text += " · no failures",
                1 => text += " · 1 failure",
                n => text += &format!(" · {n} failures"),
            }
            if let Some(mtbf) = f.mtbf_s {
                text += &format!(" · MTBF {}", format::span_s(mtbf));
            }
            if let Some(mttr) = f.mttr_s {
                text += &format!(" · MTTR {}", format::span_s(mttr));
            }
            ui.label(text)
            .on_hover_text(if f.analytic.is_some() {
                "The analytic value is MTBF/(MTBF+MTTR) of the failure model's means; over many failures the observed value converges to it."
            } else {
                "No failure model (`failures:`) for this component, so no analytic value: its failures come from scheduled or injected faults."
            });
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
            "{} for {} ({} – {})",
            if up { "up" } else { "DOWN" },
            format::span_s(to_s - from_s),
            format::clock_s(from_s),
            format::clock_s(to_s)
        ),
    }
}

/// Each incident as a row: what, when, and a Gantt of its phases with their lengths.
fn incidents(ui: &mut Ui, s: &Snapshot) -> Option<Command> {
    let mut command = None;
    ui.label(RichText::new("Incidents").strong()).on_hover_text(
        "Self-healing time = detect + diagnose + recover. Detected: the first sign something is wrong (heartbeat, failover, an alert). Diagnosed: the first sign naming the component (its own alert, a breaker opening on it). Recovered: it serves again.",
    );
    if s.status.incidents.is_empty() {
        caption(ui, "None yet.");
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
                .on_hover_text("Move the plots' cursor to the start of the incident.")
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
            });
            ui.end_row();
        }
    });
    command
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
            Some(by) => format!("detected after {} by {by}", format::span_s(detect)),
            None => "not detected (yet)".into(),
        },
    }];
    if t.detect_s.is_some() {
        if t.diagnose_s.is_some() {
            out.push(Segment {
                from_s: detect,
                to_s: detect + diagnose,
                look: DIAGNOSE,
                detail: format!(
                    "diagnosed {} later by {}",
                    format::span_s(diagnose),
                    i.diagnosed_by.as_deref().unwrap_or("?")
                ),
            });
        }
        let start = detect + diagnose;
        out.push(Segment {
            from_s: start,
            to_s: total.max(start),
            look: RECOVER,
            detail: match i.recovered_at {
                Some(at) => format!("recovered at {}", format::clock(at)),
                None => "recovering…".into(),
            },
        });
    }
    out
}

fn phase_sentence(i: &IncidentStatus, now: f64) -> String {
    let t = &i.timings;
    let s = |x: Option<f64>| x.map_or("–".to_string(), format::span_s);
    match t.self_healing_s {
        Some(total) => format!(
            "detect {} + diagnose {} + recover {} = {}",
            s(t.detect_s),
            s(t.diagnose_s),
            s(t.recover_s),
            format::span_s(total)
        ),
        None => format!("open for {} · detect {}", format::span_s(length_s(i, now)), s(t.detect_s)),
    }
}

fn legend_swatch(ui: &mut Ui, look: Look) {
    let palette = Palette::of(ui.visuals());
    let (rect, _) = ui.allocate_exact_size(egui::vec2(22.0, 12.0), egui::Sense::hover());
    strip::paint_look(ui.painter(), rect, look, &palette);
    ui.label(RichText::new(look.word).color(palette.text_dim));
}

/// Each group's service level: the share of intervals that met its objectives, against
/// its target, and how much of the error budget is spent.
fn service_levels(ui: &mut Ui, s: &Snapshot) {
    ui.label(RichText::new("Service level").strong()).on_hover_text(
        "Each sample interval a group meets its objectives (p95 latency and success share) or not; the error budget is the share of bad intervals the target allows.",
    );
    let palette = Palette::of(ui.visuals());
    for g in &s.status.groups {
        let sl = &g.service_level;
        let objectives = s.scenario.consumers.iter().find(|c| c.name == g.name).map(|c| c.objectives);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&g.name).strong());
            let met = sl.availability >= sl.target;
            let color = if met { palette.text } else { palette.text_color(VERMILLION) };
            ui.label(
                RichText::new(format!(
                    "{:.1} % of {} intervals good (target {:.1} %)",
                    sl.availability * 100.0,
                    sl.intervals,
                    sl.target * 100.0
                ))
                .color(color),
            );
            if let Some(o) = objectives {
                caption(
                    ui,
                    format!("objectives: p95 <= {} and >= {:.0} % processed", o.latency_p95, o.success * 100.0),
                );
            }
        });
        if let Some(used) = sl.error_budget_consumed {
            let blown = used > 1.0;
            let text = if blown {
                format!("error budget blown: {:.1}× spent", used)
            } else {
                format!("error budget {:.0} % spent", used * 100.0)
            };
            let bar = egui::ProgressBar::new(used.min(1.0) as f32).text(text).desired_height(16.0);
            let bar = if blown { bar.fill(VERMILLION.gamma_multiply(0.8)) } else { bar };
            ui.add(bar).on_hover_text(
                "Bad intervals over the budget (1 − target) × intervals: above 100 % the promise is broken.",
            );
        }
    }
}
