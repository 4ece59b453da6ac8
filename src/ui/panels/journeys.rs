//! Message journeys: a traced root event's path through the system, hop by hop, as a
//! sequence chart (a lane per component in the order the journey reaches them, time left
//! to right, the steps of one message joined) and as the list of its steps — publish,
//! attempts, calls and answers down a call chain, retries, emits (children indented under
//! their parent), the end. Pick one of the newest traced journeys on the left; copy it as
//! JSON to keep it (the same form as `faultline trace --json`). A message that triggered
//! an orchestrated saga also shows the saga's timeline: each step's attempts with their
//! outcomes, the compensations (newest step first), and how the saga ended.

use super::widgets::state_chip;
use crate::engine::{Journey, JourneyStep, SagaStep};
use crate::i18n::{tr, tr_args};
use crate::time::SimTime;
use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::snapshot::Snapshot;
use crate::ui::theme::{BLUISH_GREEN, Health, Palette, SKY_BLUE, VERMILLION};
use egui::{Align2, FontId, RichText, Sense, Stroke, Ui, pos2, vec2};

/// Room for the lane names left of the chart.
const LANE_LABEL_WIDTH: f32 = 130.0;
const LANE_HEIGHT: f32 = 22.0;
const LIST_WIDTH: f32 = 250.0;

#[derive(Default)]
pub struct JourneysPanel {
    /// The root of the journey shown; `None` until one is shown (then the newest).
    selected: Option<u64>,
    /// A journey picked by id elsewhere (a dead letter, a log line, a plot): shown while
    /// the snapshot carries it, else why it cannot be.
    wanted: Option<u64>,
}

impl JourneysPanel {
    pub fn title(s: &Snapshot) -> String {
        if s.journeys.is_empty() {
            crate::i18n::tr("tab-journeys")
        } else {
            crate::i18n::tr_args("tab-journeys-count", &[("count", s.journeys.len().into())])
        }
    }

    /// Shows the journey of `root` (picked from another panel).
    pub fn show(&mut self, root: u64) {
        self.wanted = Some(root);
        self.selected = Some(root);
    }

    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        if s.scenario.tracing.is_none() {
            ui.label(tr("journeys-none"));
            return None;
        }
        // A journey picked by id: the runner adds it to the snapshots (it may be older than
        // the newest listed); until it arrives, or if the tracer does not keep it, say so.
        let wanted = self.wanted.filter(|root| s.journey(*root).is_none());
        if let Some(root) = wanted {
            let key = if s.is_traced(root) { "journeys-loading" } else { "journeys-not-kept" };
            ui.label(RichText::new(tr_args(key, &[("root", root.to_string().into())])).strong());
        }
        let Some(newest) = s.journeys.first() else {
            if wanted.is_none() {
                ui.label(tr("journeys-none-yet"));
            }
            return None;
        };
        // The journey shown stays put while newer ones arrive (it is pinned the first time
        // it is shown); one that left the list gives way to the newest.
        let target = self.wanted.filter(|root| s.journey(*root).is_some()).or(self.selected);
        let shown = target.and_then(|root| s.journey(root)).unwrap_or(newest);
        self.selected = Some(shown.root);
        let mut command = None;
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(LIST_WIDTH);
                ui.label(RichText::new(tr("journeys-newest")).strong());
                egui::ScrollArea::vertical().id_salt("journey list").auto_shrink([false, false]).show(ui, |ui| {
                    if let Some(pinned) = s.pinned_journey.as_deref() {
                        let picked = pinned.root == shown.root;
                        if ui.selectable_label(picked, format!("📌 {}", summary(pinned))).clicked() {
                            self.selected = Some(pinned.root);
                        }
                    }
                    for journey in s.journeys.iter() {
                        let picked = journey.root == shown.root;
                        if ui.selectable_label(picked, summary(journey)).clicked() {
                            self.selected = Some(journey.root);
                            self.wanted = None;
                        }
                    }
                });
            });
            ui.separator();
            ui.vertical(|ui| command = detail(ui, shown));
        });
        command
    }
}

/// Links listed in a "journeys near this time" row; the rest are counted.
const NEAR_SHOWN: usize = 24;

/// The kept journeys whose root was published in the sample interval that holds `at` (a
/// plot's row, or a log line's time), as links: a click opens one. Returns the command and
/// whether the row was closed.
pub fn near_row(ui: &mut Ui, s: &Snapshot, at: SimTime) -> (Option<Command>, bool) {
    let near = s.traced_near(at);
    let (mut command, mut close) = (None, false);
    ui.horizontal_wrapped(|ui| {
        let title = tr_args("journeys-near", &[("time", format::clock(at).into()), ("count", near.len().into())]);
        ui.label(RichText::new(title).strong()).on_hover_text(tr("journeys-near-help"));
        if s.scenario.tracing.is_none() {
            ui.weak(tr("journeys-none"));
        } else if near.is_empty() {
            ui.weak(tr("journeys-near-none"));
        }
        for (root, published) in near.iter().take(NEAR_SHOWN) {
            let at = tr_args("journeys-near-at", &[("time", format::clock_s(*published).into())]);
            if ui.link(format!("#{root}")).on_hover_text(at).clicked() {
                command = Some(Command::ShowJourney(*root));
            }
        }
        if near.len() > NEAR_SHOWN {
            ui.weak(tr_args("journeys-near-more", &[("count", (near.len() - NEAR_SHOWN).into())]));
        }
        if ui.small_button("✖").on_hover_text(tr("journeys-near-close")).clicked() {
            close = true;
        }
    });
    (command, close)
}

/// A journey as `faultline trace --json` writes it for `--id ROOT`: the journeys list with
/// this one (none of a one-root selection is left unkept).
pub fn journey_json(journey: &Journey) -> Option<String> {
    let report = crate::report::TracesReport { not_kept: 0, journeys: vec![journey.clone()] };
    serde_json::to_string_pretty(&report).ok().map(|text| text + "\n")
}

/// "#1035 at 0:01.6 · 24 steps · 4 processed".
fn summary(journey: &Journey) -> String {
    let start = journey.steps.first().map_or(0.0, |step| step.at_s);
    let processed = journey.steps.iter().filter(|step| step.step == "processed").count();
    let ended = journey.steps.iter().filter(|step| step.step == "end").count();
    let mut text = tr_args(
        "journeys-summary",
        &[
            ("root", journey.root.to_string().into()),
            ("at", format::clock_s(start).into()),
            ("steps", journey.steps.len().into()),
        ],
    );
    if processed > 0 {
        text += &tr_args("journeys-processed", &[("count", processed.into())]);
    }
    if ended > 0 {
        text += &tr_args("journeys-ended", &[("count", ended.into())]);
    }
    for end in journey.steps.iter().filter_map(|step| step.saga.as_ref()).filter_map(|k| k.end) {
        text += &tr_args("journeys-saga-end", &[("end", end_word(end).into())]);
    }
    text
}

fn detail(ui: &mut Ui, journey: &Journey) -> Option<Command> {
    let mut command = None;
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(tr_args("journeys-title", &[("root", journey.root.to_string().into())])).heading().strong(),
        );
        if ui.button(tr("journeys-copy")).on_hover_text(tr("journeys-copy-help")).clicked()
            && let Ok(json) = serde_json::to_string_pretty(journey)
        {
            ui.ctx().copy_text(json);
        }
        if ui.button(tr("journeys-save")).on_hover_text(tr("journeys-save-help")).clicked()
            && let Some(json) = journey_json(journey)
        {
            command = Some(Command::SaveJourney { file_name: format!("journey-{}.json", journey.root), json });
        }
    });
    if journey.steps_dropped > 0 {
        ui.label(tr_args("journeys-dropped", &[("count", format::count(journey.steps_dropped).into())]));
    }
    egui::ScrollArea::vertical().id_salt("journey detail").auto_shrink([false, false]).show(ui, |ui| {
        // A saga's timeline first: for a trigger it is the story in a few rows.
        saga_timelines(ui, journey);
        chart(ui, journey);
        ui.add_space(6.0);
        steps_table(ui, journey);
    });
    command
}

/// The sequence chart: a lane per component, each step a dot at its time; a call, an
/// answer and an emit are arrows between the two components' lanes (caller → callee,
/// callee → caller, group → topic). The root's steps in blue, its descendants' in green,
/// failures in red.
fn chart(ui: &mut Ui, journey: &Journey) {
    let lanes = lanes(&journey.steps);
    let Some(first) = journey.steps.first() else { return };
    let start = first.at_s;
    let span = journey.steps.iter().map(|step| step.at_s - start).fold(0.0, f64::max).max(1e-3);
    let palette = Palette::of(ui.visuals());
    let size = vec2(ui.available_width().max(LANE_LABEL_WIDTH + 100.0), lanes.len() as f32 * LANE_HEIGHT + 24.0);
    let (area, _) = ui.allocate_exact_size(size, Sense::hover());
    let painter = ui.painter_at(area);
    let plot_left = area.left() + LANE_LABEL_WIDTH;
    let plot_width = (area.right() - plot_left - 12.0).max(10.0);
    let x = |at_s: f64| plot_left + ((at_s - start) / span) as f32 * plot_width;
    let y = |lane: usize| area.top() + 8.0 + (lane as f32 + 0.5) * LANE_HEIGHT;
    let font = FontId::proportional(13.0);
    for (k, name) in lanes.iter().enumerate() {
        painter.text(pos2(area.left(), y(k)), Align2::LEFT_CENTER, name, font.clone(), palette.text);
        painter.hline(plot_left..=plot_left + plot_width, y(k), Stroke::new(1.0, palette.idle));
    }
    painter.text(
        pos2(plot_left + plot_width, area.bottom() - 4.0),
        Align2::RIGHT_BOTTOM,
        format!("+{}", format::millis(span * 1000.0)),
        font,
        palette.text_dim,
    );
    let lane_of = |component: &str| lanes.iter().position(|l| l == component).unwrap_or(0);
    for step in &journey.steps {
        let colour = if failed(step) {
            VERMILLION
        } else if step.parent.is_some() {
            BLUISH_GREEN
        } else {
            SKY_BLUE
        };
        let at = pos2(x(step.at_s), y(lane_of(&step.component)));
        if let Some(peer) = &step.peer {
            let other = pos2(at.x, y(lane_of(peer)));
            // A call goes from the caller to the service; an answer and an emit leave the
            // step's own component.
            let (from, to) = if step.step == "call" { (other, at) } else { (at, other) };
            painter.arrow(from, to - from, Stroke::new(1.5, colour));
        }
        painter.circle_filled(at, 4.0, colour);
    }
}

/// The components in the order the journey reaches them.
fn lanes(steps: &[JourneyStep]) -> Vec<String> {
    let mut lanes: Vec<String> = Vec::new();
    for step in steps {
        for name in std::iter::once(&step.component).chain(step.peer.as_ref()) {
            if !name.is_empty() && !lanes.contains(name) {
                lanes.push(name.clone());
            }
        }
    }
    lanes
}

/// A step that reports a failure: an error answer, a refusal, an end other than processed.
fn failed(step: &JourneyStep) -> bool {
    match step.step {
        "answer" => !step.detail.starts_with("ok"),
        "refused" | "end" | "retry" => true,
        "saga" => step
            .saga
            .as_ref()
            .is_some_and(|k| k.outcome.is_some_and(|o| o != "ok") || k.end.is_some_and(|e| e != "completed")),
        _ => false,
    }
}

/// The word for a saga's end, in the user's language.
fn end_word(end: &str) -> String {
    tr(match end {
        "completed" => "saga-end-completed",
        "compensated" => "saga-end-compensated",
        "failed" => "saga-end-failed",
        _ => "saga-end-inconsistent",
    })
}

/// How a saga's end looks: completed is healthy, compensated or failed (undone, or nothing
/// to undo) consistent but not what was asked, inconsistent needs a person.
fn end_health(end: &str) -> Health {
    match end {
        "completed" => Health::Ok,
        "compensated" | "failed" => Health::Degraded,
        _ => Health::Failing,
    }
}

/// The timeline of every saga the journey's messages triggered (usually one, the root's),
/// each as one row per call attempt, in the order the coordinator made them.
fn saga_timelines(ui: &mut Ui, journey: &Journey) {
    let marks: Vec<(&JourneyStep, &SagaStep)> =
        journey.steps.iter().filter_map(|step| step.saga.as_ref().map(|k| (step, k))).collect();
    let mut sagas: Vec<(u64, &str)> = Vec::new();
    for (step, k) in &marks {
        if !sagas.contains(&(step.message, k.saga.as_str())) {
            sagas.push((step.message, k.saga.as_str()));
        }
    }
    let start = journey.steps.first().map_or(0.0, |step| step.at_s);
    for (message, saga) in sagas {
        let rows: Vec<(&JourneyStep, &SagaStep)> =
            marks.iter().copied().filter(|(step, k)| step.message == message && k.saga == saga).collect();
        ui.push_id(("saga timeline", message, saga), |ui| saga_timeline(ui, start, message, saga, &rows));
        ui.add_space(6.0);
    }
}

/// One saga's timeline: a row per attempt (when it was called, the step or the undo of
/// one, the attempt, the service, its outcome and how long it took), a skip, a
/// resumption, then its end.
fn saga_timeline(ui: &mut Ui, start: f64, message: u64, saga: &str, rows: &[(&JourneyStep, &SagaStep)]) {
    let palette = Palette::of(ui.visuals());
    let end = rows.iter().find_map(|(_, k)| k.end.map(|end| (end, *k)));
    ui.horizontal_wrapped(|ui| {
        let title = tr_args("journeys-saga-title", &[("saga", saga.into()), ("message", message.to_string().into())]);
        ui.label(RichText::new(title).strong()).on_hover_text(tr("journeys-saga-help"));
        match end {
            Some((end, _)) => {
                state_chip(ui, end_health(end), &end_word(end).to_uppercase());
            }
            None => {
                state_chip(ui, Health::Degraded, &tr("journeys-saga-running"));
            }
        }
    });
    egui::Grid::new("saga timeline").striped(true).num_columns(5).show(ui, |ui| {
        for header in ["journeys-time", "journeys-saga-step", "journeys-saga-attempt", "journeys-saga-service"] {
            ui.label(RichText::new(tr(header)).strong());
        }
        ui.label(RichText::new(tr("journeys-saga-outcome")).strong());
        ui.end_row();
        let time = |at_s: f64| format!("+{}", format::millis((at_s - start) * 1000.0));
        for (i, (step, k)) in rows.iter().enumerate() {
            let name = k.step_name.clone().unwrap_or_default();
            match k.event {
                "call" => {
                    ui.label(time(step.at_s));
                    let what =
                        if k.compensation { tr_args("journeys-saga-undo", &[("step", name.into())]) } else { name };
                    ui.label(RichText::new(what).strong());
                    ui.label(k.attempt.unwrap_or(1).to_string());
                    match (&k.service, &k.topic) {
                        (None, Some(topic)) => ui.label(tr_args("saga-command-to", &[("topic", topic.clone().into())])),
                        (service, _) => ui.label(service.clone().unwrap_or_default()),
                    };
                    // Its answer: the next answer of the same step (or undo) after it.
                    let answer = rows[i + 1..]
                        .iter()
                        .find(|(_, a)| a.event == "answer" && a.step == k.step && a.compensation == k.compensation);
                    match answer {
                        Some((at, a)) => {
                            let took = format::millis((at.at_s - step.at_s) * 1000.0);
                            let outcome = a.outcome.unwrap_or("ok");
                            let (text, color) = if outcome == "ok" {
                                (
                                    tr_args("journeys-saga-ok", &[("took", took.into())]),
                                    palette.text_color(BLUISH_GREEN),
                                )
                            } else {
                                let args = [("class", outcome.into()), ("took", took.into())];
                                (tr_args("journeys-saga-error", &args), palette.text_color(VERMILLION))
                            };
                            ui.label(RichText::new(text).color(color));
                        }
                        None => {
                            ui.label(tr("journeys-saga-no-answer"));
                        }
                    }
                    ui.end_row();
                }
                "skipped" => {
                    ui.label(time(step.at_s));
                    ui.label(name);
                    ui.label("");
                    ui.label("");
                    ui.label(tr("journeys-saga-skipped"));
                    ui.end_row();
                }
                "resumed" => {
                    ui.label(time(step.at_s));
                    ui.label("");
                    ui.label("");
                    ui.label("");
                    ui.label(tr("journeys-saga-resumed"));
                    ui.end_row();
                }
                "end" => {
                    ui.label(time(step.at_s));
                    let end = k.end.unwrap_or("inconsistent");
                    let color = match end_health(end) {
                        Health::Ok => palette.text_color(BLUISH_GREEN),
                        h => palette.text_color(h.color()),
                    };
                    ui.label(RichText::new(end_word(end).to_uppercase()).color(color).strong());
                    ui.label("");
                    ui.label("");
                    let why = match (&k.step_name, k.reason) {
                        (Some(failed), Some(reason)) => {
                            tr_args("journeys-saga-why", &[("step", failed.clone().into()), ("reason", reason.into())])
                        }
                        _ => String::new(),
                    };
                    ui.label(why);
                    ui.end_row();
                }
                _ => {}
            }
        }
    });
}

/// The steps in order: time from the journey's start, the message (children indented
/// under their parent), the step, the component and what happened.
fn steps_table(ui: &mut Ui, journey: &Journey) {
    let start = journey.steps.first().map_or(0.0, |step| step.at_s);
    egui::Grid::new("journey steps").striped(true).num_columns(5).show(ui, |ui| {
        for header in ["journeys-time", "journeys-message", "journeys-step", "journeys-component", "journeys-what"] {
            ui.label(RichText::new(tr(header)).strong());
        }
        ui.end_row();
        for step in &journey.steps {
            ui.label(format!("+{}", format::millis((step.at_s - start) * 1000.0)));
            let message = match step.parent {
                None => format!("#{}", step.message),
                Some(parent) => format!(
                    "    {}",
                    tr_args(
                        "journeys-emitted-by",
                        &[("message", step.message.to_string().into()), ("parent", parent.to_string().into())],
                    )
                ),
            };
            ui.label(message);
            ui.label(step.step);
            ui.label(&step.component);
            ui.label(&step.detail);
            ui.end_row();
        }
    });
}
