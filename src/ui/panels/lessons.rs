//! The curriculum in the window: the browser of the tour and the lessons (a start
//! screen on the first run, a window from the top bar's Lessons menu afterwards), and the
//! lesson panel beside the topology: the lesson's words, what to watch, its questions with
//! "try it", and the checklist of its expectations ticking as the run goes.

use super::widgets::{caption, state_chip};
use crate::curriculum::{self, Attempt, Item, Status, catalogue::Entry};
use crate::i18n::{lang, lessons, tr, tr_args};
use crate::scenario::challenge::bounded_number;
use crate::scenario::{Allowed, Challenge};
use crate::ui::command::Command;
use crate::ui::format::{self, printable};
use crate::ui::runner::Control;
use crate::ui::snapshot::{LessonView, ScenarioSource, Snapshot};
use crate::ui::theme::{Health, Palette};
use egui::{RichText, Ui};
use std::collections::BTreeSet;

/// The entries the browser lists: the tour, then the lessons in teaching order.
pub fn entries() -> impl Iterator<Item = &'static Entry> {
    std::iter::once(curriculum::catalogue::tour()).chain(curriculum::catalogue())
}

/// "Tour" or "Lesson 4", for an entry.
pub fn number(entry: &Entry) -> String {
    if entry.order == 0 {
        tr("lesson-tour")
    } else if curriculum::catalogue::theme_of(entry.id) == Some(curriculum::catalogue::Theme::Challenges) {
        tr_args("challenge-number", &[("number", entry.order.into())])
    } else {
        tr_args("lesson-number", &[("number", entry.order.into())])
    }
}

/// Whether `entry` is what runs now.
fn is_running(entry: &Entry, s: &Snapshot) -> bool {
    match &s.source {
        ScenarioSource::Lesson(file) => *file == entry.file,
        ScenarioSource::Embedded => entry.order == 0,
        _ => false,
    }
}

/// The lessons browser: a window listing every lesson with its one-line summary.
#[derive(Default)]
pub struct LessonBrowser {
    pub open: bool,
    /// Shown as the start screen (first run): a greeting above the list.
    pub welcome: bool,
}

impl LessonBrowser {
    /// `completed`: the ids of the lessons completed (the settings'), marked ✔.
    pub fn show(&mut self, ctx: &egui::Context, s: &Snapshot, completed: &BTreeSet<String>) -> Option<Command> {
        if !self.open {
            return None;
        }
        let mut command = None;
        let mut open = self.open;
        let screen = ctx.content_rect();
        let title = tr(if self.welcome { "welcome-title" } else { "menu-lessons" });
        egui::Window::new(title)
            .id(egui::Id::unique("lessons-browser"))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_width(660.0)
            .default_height(screen.height() * 0.75)
            .max_height(screen.height() * 0.85)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                if self.welcome {
                    ui.label(tr("welcome-intro"));
                    // The first run may open a file named on the command line, not the tour.
                    let behind = if matches!(s.source, ScenarioSource::Embedded) {
                        "welcome-tour-behind"
                    } else {
                        "welcome-scenario-behind"
                    };
                    ui.label(format!("{} {}", tr(behind), tr("welcome-menu-back")));
                    ui.add_space(4.0);
                }
                let lessons = curriculum::catalogue().len();
                let done = curriculum::catalogue().iter().filter(|e| completed.contains(e.id)).count();
                ui.horizontal_wrapped(|ui| {
                    ui.label(tr_args("lessons-completed", &[("done", done.into()), ("total", lessons.into())]))
                        .on_hover_text(tr("lessons-completed-help"));
                    if done > 0
                        && ui.small_button(tr("lessons-reset")).on_hover_text(tr("lessons-reset-help")).clicked()
                    {
                        command = Some(Command::ResetCompleted);
                    }
                });
                egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                    let tour = curriculum::catalogue::tour();
                    egui::Grid::new("lessons-tour").num_columns(3).spacing([12.0, 8.0]).show(ui, |ui| {
                        command = command.take().or(row(ui, tour, s, completed));
                    });
                    for (theme, entries) in curriculum::catalogue::by_theme() {
                        ui.add_space(8.0);
                        let done = entries.iter().filter(|e| completed.contains(e.id)).count();
                        ui.horizontal(|ui| {
                            ui.heading(tr(theme.key()));
                            if !entries.is_empty() {
                                caption(
                                    ui,
                                    tr_args(
                                        "theme-progress",
                                        &[("done", done.into()), ("total", entries.len().into())],
                                    ),
                                );
                            }
                        });
                        if entries.is_empty() {
                            caption(ui, tr("theme-empty"));
                            continue;
                        }
                        egui::Grid::new(("lessons-grid", theme.key()))
                            .num_columns(3)
                            .striped(true)
                            .spacing([12.0, 8.0])
                            .show(ui, |ui| {
                                for entry in entries {
                                    command = command.take().or(row(ui, entry, s, completed));
                                }
                            });
                    }
                });
            });
        if matches!(command, Some(Command::Runner(_))) {
            open = false;
        }
        self.open = open;
        if !self.open {
            self.welcome = false;
        }
        command
    }
}

/// One lesson's row of the browser: its number (✔ once completed), title and summary, and
/// the button that opens it.
fn row(ui: &mut Ui, entry: &'static Entry, s: &Snapshot, completed: &BTreeSet<String>) -> Option<Command> {
    let mut command = None;
    let done = completed.contains(entry.id);
    let number = if done { format!("✔ {}", number(entry)) } else { number(entry) };
    let label = ui.label(RichText::new(number).strong());
    if done {
        label.on_hover_text(tr("lesson-completed-help"));
    }
    ui.vertical(|ui| {
        ui.set_width(440.0);
        ui.label(RichText::new(printable(&lessons::text(&entry.title))).strong().size(16.0));
        ui.add(egui::Label::new(printable(&lessons::text(&entry.summary))).wrap());
    });
    let running = is_running(entry, s);
    let label = tr(if running { "lesson-start-again" } else { "lesson-open" });
    if ui.button(label).on_hover_text(tr_args("lesson-open-help", &[("file", entry.file.into())])).clicked() {
        command = Some(Control::LoadLesson(entry.id.to_string()).into());
    }
    ui.end_row();
    command
}

/// The lesson panel: the running lesson or question, and its checklist.
#[derive(Default)]
pub struct LessonPanel {
    /// Generation whose checklist was last scrolled into view.
    generation: Option<u64>,
    /// The student's side of a challenge: values edited, hints shown, the solution.
    challenge: ChallengeState,
}

/// What the student has done with the challenge on screen; kept across attempts (each
/// attempt is a new run) and reset when another challenge is loaded.
#[derive(Default)]
struct ChallengeState {
    /// The goal of the challenge this state belongs to.
    goal: String,
    /// Values edited, by path, as a change writes them (`5`, `30s`, `All`).
    edited: std::collections::BTreeMap<String, String>,
    hints_shown: usize,
    confirming_solution: bool,
    solution_shown: bool,
    /// The running scenario in JSON (to read the current values), for one generation.
    tree: Option<(u64, serde_json::Value)>,
}

impl LessonPanel {
    /// Whether the snapshot has anything for the panel.
    pub fn is_needed(s: &Snapshot) -> bool {
        s.lesson.is_some()
    }

    /// `compact` (the projector preset): the checklist's observed values move into
    /// tooltips and the lesson's texts start folded, so the panel can be narrow.
    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot, compact: bool) -> Option<Command> {
        let view = s.lesson.as_ref()?;
        self.generation = Some(s.generation);
        let mut command = None;
        egui::ScrollArea::vertical().id_salt("lesson").auto_shrink([false, false]).show(ui, |ui| {
            ui.horizontal(|ui| {
                caption(ui, tr("lesson-caption"));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button(format!("📚 {}", tr("lesson-all"))).on_hover_text(tr("lesson-all-help")).clicked() {
                        command = Some(Command::OpenLessons);
                    }
                    if view.lesson.is_some()
                        && ui.button(tr("lesson-handout")).on_hover_text(tr("lesson-handout-help")).clicked()
                    {
                        command = handout(s);
                    }
                });
            });
            let title = view.title().unwrap_or(&s.scenario.name);
            ui.label(RichText::new(printable(&lessons::text(title))).heading().strong());
            if let Some(q) = view.question {
                command = command.take().or(trying(ui, view, q));
            }
            if let Some(challenge) = view.lesson.as_deref().and_then(|l| l.challenge.as_ref()) {
                command = command.take().or(self.challenge.ui(ui, view, s, challenge));
            }
            command = command.take().or(checklist(ui, view, compact));
            if let Some(lesson) = view.lesson.as_deref() {
                ui.add_space(6.0);
                // Each header's id is fixed: its text changes with the language, its fold must not.
                egui::CollapsingHeader::new(RichText::new(tr("lesson-idea")).strong())
                    .id_salt("idea")
                    .default_open(!compact)
                    .show(ui, |ui| {
                        ui.add(egui::Label::new(printable(&lessons::text(&lesson.explanation))).wrap());
                    });
                if !lesson.watch.is_empty() {
                    egui::CollapsingHeader::new(RichText::new(tr("lesson-watch")).strong())
                        .id_salt("watch")
                        .default_open(!compact)
                        .show(ui, |ui| {
                            for w in &lesson.watch {
                                ui.add(egui::Label::new(format!("• {}", printable(&lessons::text(w)))).wrap());
                            }
                        });
                }
                if !lesson.questions.is_empty() {
                    let questions = egui::CollapsingHeader::new(RichText::new(tr("lesson-questions")).strong())
                        .id_salt("questions")
                        .default_open(!compact)
                        .show(ui, |ui| questions(ui, view, lesson));
                    command = command.take().or(questions.body_returned.flatten());
                }
            }
            if !view.outcomes.is_empty() {
                ui.add_space(6.0);
                ui.label(RichText::new(tr("lesson-script")).strong()).on_hover_text(tr("lesson-script-help"));
                for o in view.outcomes.iter() {
                    let text = match &o.result {
                        Ok(r) => format!("{} {}: {}", format::clock(o.at), o.action.render(lang()), r.render(lang())),
                        Err(e) => format!(
                            "{} {}: {}",
                            format::clock(o.at),
                            o.action.render(lang()),
                            tr_args("lesson-action-refused", &[("why", e.render(lang()).into())])
                        ),
                    };
                    ui.add(egui::Label::new(format::printable(&text)).wrap());
                }
            }
        });
        command
    }
}

/// The handout request for the running lesson: the lesson as shipped or as its file says
/// (a question being tried does not change its handout), with its file's leading comment.
fn handout(s: &Snapshot) -> Option<Command> {
    let shipped = |entry: &'static Entry| {
        entry.load().ok().map(|scenario| (scenario, entry.text.to_string(), format!("scenarios/{}", entry.file)))
    };
    let (scenario, text, file) = match &s.source {
        ScenarioSource::Lesson(file) => curriculum::catalogue::find_file(file).and_then(shipped)?,
        ScenarioSource::Embedded => shipped(curriculum::catalogue::tour())?,
        ScenarioSource::File(path) => {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let origin = path.display().to_string();
            // The file as it is now; if it no longer parses, the scenario that runs.
            let scenario = curriculum::parse_str(&text, &origin).unwrap_or_else(|_| (*s.scenario).clone());
            (scenario, text, origin)
        }
        ScenarioSource::Dropped(text) => ((*s.scenario).clone(), text.clone(), "FILE".to_string()),
    };
    let stem: String =
        file.rsplit('/').next().unwrap_or("lesson").trim_end_matches(".ron").chars().filter(|c| *c != ' ').collect();
    Some(Command::SaveHandout {
        scenario: Box::new(scenario),
        file,
        numbers: crate::export::numbers_block(&text),
        file_name: format!("{stem}-handout.html"),
    })
}

/// The banner of a question being tried, with the way back.
fn trying(ui: &mut Ui, view: &LessonView, q: usize) -> Option<Command> {
    let mut command = None;
    let ask =
        view.lesson.as_deref().and_then(|l| l.questions.get(q - 1)).map(|q| lessons::text(&q.ask)).unwrap_or_default();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            state_chip(ui, Health::Degraded, &tr_args("lesson-trying", &[("number", q.into())]));
            if ui.button(format!("⟲ {}", tr("lesson-back"))).on_hover_text(tr("lesson-back-help")).clicked() {
                command = Some(Control::TryQuestion(None).into());
            }
        });
        ui.add(egui::Label::new(RichText::new(printable(&ask)).italics()).wrap());
    });
    command
}

/// The checklist: one line per expectation, with its mark and what was observed.
fn checklist(ui: &mut Ui, view: &LessonView, compact: bool) -> Option<Command> {
    if view.items.is_empty() {
        return None;
    }
    let (passed, failed, pending) = view.tally();
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr("checklist")).strong()).on_hover_text(tr("checklist-help"));
        caption(
            ui,
            tr_args(
                "checklist-tally",
                &[("passed", passed.into()), ("failed", failed.into()), ("pending", pending.into())],
            ),
        );
    });
    let palette = Palette::of(ui.visuals());
    for item in view.items.iter() {
        checklist_item(ui, item, &palette, compact);
    }
    None
}

/// The checklist's mark (the CLI's ✓ and ✗ are not in the bundled fonts).
pub fn mark(status: Status) -> &'static str {
    match status {
        Status::Pending => "…",
        Status::Passed => "✔",
        Status::Failed => "✖",
        Status::Unreached => "–",
    }
}

fn checklist_item(ui: &mut Ui, item: &Item, palette: &Palette, compact: bool) {
    let health = match item.status {
        Status::Passed => Health::Ok,
        Status::Failed | Status::Unreached => Health::Failing,
        Status::Pending => Health::Degraded,
    };
    let color = match item.status {
        Status::Pending => palette.text_dim,
        _ => palette.text_color(health.color()),
    };
    ui.horizontal_top(|ui| {
        ui.add_sized([18.0, 18.0], egui::Label::new(RichText::new(mark(item.status)).color(color).strong()))
            .on_hover_text(tr(match item.status {
                Status::Pending => "status-pending-help",
                Status::Passed => "status-passed-help",
                Status::Failed => "status-failed-help",
                Status::Unreached => "status-unreached-help",
            }));
        ui.vertical(|ui| {
            let title = ui.add(
                egui::Label::new(
                    RichText::new(printable(&match &item.generated_title {
                        Some(generated) => generated.render(lang()),
                        None => lessons::text(&item.title).into_owned(),
                    }))
                    .color(if item.status == Status::Pending { palette.text } else { color }),
                )
                .wrap(),
            );
            if compact {
                if !item.sentence.is_empty() {
                    title.on_hover_text(format::printable(&item.sentence.render(lang())));
                }
            } else if !item.sentence.is_empty() {
                ui.add(
                    egui::Label::new(
                        RichText::new(format::printable(&item.sentence.render(lang()))).small().color(palette.text_dim),
                    )
                    .wrap(),
                );
            }
        });
    });
}

/// The lesson's questions, each with "try it" and its answer behind a fold.
fn questions(ui: &mut Ui, view: &LessonView, lesson: &crate::scenario::Lesson) -> Option<Command> {
    let mut command = None;
    for (i, q) in lesson.questions.iter().enumerate() {
        let n = i + 1;
        ui.push_id(n, |ui| {
            ui.add(
                egui::Label::new(RichText::new(format!("{n}. {}", printable(&lessons::text(&q.ask)))).strong()).wrap(),
            );
            ui.horizontal_wrapped(|ui| {
                let active = view.question == Some(n);
                let label = if active {
                    format!("⟲ {}", tr("question-try-again"))
                } else {
                    format!("▶ {}", tr("question-try"))
                };
                let help = if q.change.is_empty() {
                    tr("question-try-help")
                } else {
                    tr_args("question-try-with", &[("changes", printable(&q.change.join(", ")).into_owned().into())])
                };
                if ui.button(label).on_hover_text(help).clicked() {
                    command = Some(Control::TryQuestion(Some(n)).into());
                }
                if !q.change.is_empty() {
                    caption(ui, printable(&q.change.join(", ")));
                }
            });
            if !q.answer.is_empty() {
                egui::CollapsingHeader::new(tr("question-answer")).id_salt("answer").show(ui, |ui| {
                    ui.add(egui::Label::new(printable(&lessons::text(&q.answer))).wrap());
                });
            }
            ui.add_space(4.0);
        });
    }
    command
}

impl ChallengeState {
    /// The challenge: the goal, the attempt graded now, the parameters with their bounds
    /// and values (editable, clamped), "Run attempt", the hints one at a time and the
    /// solution behind a confirmation.
    fn ui(&mut self, ui: &mut Ui, view: &LessonView, s: &Snapshot, challenge: &Challenge) -> Option<Command> {
        if self.goal != challenge.goal {
            *self = ChallengeState { goal: challenge.goal.clone(), ..ChallengeState::default() };
        }
        if self.tree.as_ref().is_none_or(|(g, _)| *g != s.generation) {
            self.tree = Some((s.generation, serde_json::to_value(&*s.scenario).unwrap_or_default()));
        }
        let mut command = None;
        let palette = Palette::of(ui.visuals());
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                state_chip(ui, Health::Degraded, &tr("challenge"));
                ui.label(RichText::new(tr("challenge-goal")).strong());
            });
            ui.add(egui::Label::new(printable(&lessons::text(&challenge.goal))).wrap());
            if let Some(attempt) = &view.attempt {
                attempt_banner(ui, view, attempt, &palette);
            }
            ui.add_space(4.0);
            ui.label(RichText::new(tr("challenge-may-change")).strong()).on_hover_text(tr("challenge-may-change-help"));
            let tree = self.tree.as_ref().map(|(_, t)| t.clone()).unwrap_or_default();
            // One parameter a block (its path, then its value and bounds): paths are long and
            // the panel is narrow.
            for allowed in &challenge.may_change {
                ui.push_id(allowed.path(), |ui| self.parameter(ui, allowed, &tree));
            }
            let changes: Vec<String> = self.edited.iter().map(|(path, value)| format!("{path}={value}")).collect();
            let run =
                ui.button(format!("▶ {}", tr("challenge-run-attempt"))).on_hover_text(tr("challenge-run-attempt-help"));
            if run.clicked() {
                command = Some(Control::TryAttempt { changes, solution: false }.into());
            }
            ui.add_space(4.0);
            let count = challenge.hints.len();
            for (i, hint) in challenge.hints.iter().take(self.hints_shown).enumerate() {
                let text = tr_args(
                    "challenge-hint-of",
                    &[
                        ("number", (i + 1).into()),
                        ("count", count.into()),
                        ("text", lessons::text(hint).into_owned().into()),
                    ],
                );
                ui.add(egui::Label::new(printable(&text)).wrap());
            }
            ui.horizontal_wrapped(|ui| {
                if self.hints_shown < count {
                    let next = tr_args(
                        "challenge-hint-next",
                        &[("number", (self.hints_shown + 1).into()), ("count", count.into())],
                    );
                    if ui.button(format!("💡 {next}")).clicked() {
                        self.hints_shown += 1;
                    }
                }
                if !self.solution_shown
                    && !self.confirming_solution
                    && ui.button(tr("challenge-show-solution")).clicked()
                {
                    self.confirming_solution = true;
                }
            });
            if self.confirming_solution {
                ui.add(egui::Label::new(tr("challenge-confirm-solution")).wrap());
                ui.horizontal(|ui| {
                    if ui.button(tr("challenge-confirm-yes")).clicked() {
                        self.solution_shown = true;
                        self.confirming_solution = false;
                    }
                    if ui.button(tr("challenge-confirm-no")).clicked() {
                        self.confirming_solution = false;
                    }
                });
            }
            if self.solution_shown {
                let changes = challenge.solution.join(", ");
                ui.add(
                    egui::Label::new(printable(&tr_args("challenge-solution", &[("changes", changes.into())]))).wrap(),
                );
                if ui.button(format!("▶ {}", tr("challenge-run-solution"))).clicked() {
                    // The solution's values become the student's: an attempt edited from
                    // here keeps the changes it does not touch.
                    for change in &challenge.solution {
                        if let Some((path, value)) = change.split_once('=') {
                            self.edited.insert(path.trim().to_string(), value.trim().to_string());
                        }
                    }
                    command = Some(Control::TryAttempt { changes: challenge.solution.clone(), solution: true }.into());
                }
            }
        });
        command
    }

    /// One parameter: its path, its bounds or values, and its value, edited in place.
    fn parameter(&mut self, ui: &mut Ui, allowed: &Allowed, tree: &serde_json::Value) {
        let path = allowed.path().to_string();
        let now = crate::scenario::dotted::get(tree, &path).ok();
        // The path names the value's widget for screen readers (and the UI tests).
        let name = ui.add(egui::Label::new(RichText::new(&path).monospace().small()).wrap()).id;
        ui.horizontal_wrapped(|ui| self.value(ui, allowed, path, now, name));
    }

    /// The value of one parameter, edited in place and clamped, with its bounds or values.
    fn value(&mut self, ui: &mut Ui, allowed: &Allowed, path: String, now: Option<&serde_json::Value>, name: egui::Id) {
        match allowed {
            Allowed::Bound { min, max, .. } => {
                caption(
                    ui,
                    tr_args("challenge-bounds", &[("min", format!("{min}").into()), ("max", format!("{max}").into())]),
                );
                // A length of time is edited in seconds and written back with its unit.
                let duration = now.is_some_and(serde_json::Value::is_string);
                let integer = now.is_some_and(|v| v.is_u64() || v.is_i64());
                let current = self
                    .edited
                    .get(&path)
                    .and_then(|v| v.trim_end_matches('s').parse::<f64>().ok())
                    .or_else(|| now.and_then(bounded_number))
                    .unwrap_or(*min);
                let mut value = current.clamp(*min, *max);
                let drag = egui::DragValue::new(&mut value)
                    .range(*min..=*max)
                    .speed(((max - min) / 100.0).max(if integer { 0.05 } else { 0.001 }))
                    .fixed_decimals(if integer { 0 } else { 2 })
                    .suffix(if duration { " s" } else { "" });
                if ui.add(drag).labelled_by(name).changed() {
                    let value = if integer { value.round() } else { value };
                    let text = if duration { format!("{value}s") } else { format!("{value}") };
                    self.edited.insert(path, text);
                }
            }
            Allowed::OneOf { values, .. } => {
                caption(ui, values.join(" · "));
                let shown = self
                    .edited
                    .get(&path)
                    .cloned()
                    .or_else(|| now.map(crate::scenario::dotted::plain))
                    .unwrap_or_default();
                let combo = egui::ComboBox::from_id_salt(&path).selected_text(&shown).show_ui(ui, |ui| {
                    for v in values {
                        if ui.selectable_label(*v == shown, v).clicked() {
                            self.edited.insert(path.clone(), v.clone());
                        }
                    }
                });
                combo.response.labelled_by(name);
            }
        }
    }
}

/// What the run grades: the student's attempt or the solution, and whether it counts.
fn attempt_banner(ui: &mut Ui, view: &LessonView, attempt: &Attempt, palette: &Palette) {
    let changes = printable(&attempt.changes.join(", ")).into_owned();
    let line = if attempt.solution {
        tr_args("challenge-attempt-solution", &[("changes", changes.into())])
    } else if attempt.changes.is_empty() {
        tr("challenge-attempt-unchanged")
    } else {
        tr_args("challenge-attempt", &[("changes", changes.into())])
    };
    ui.add(egui::Label::new(RichText::new(line).italics()).wrap());
    for refused in &attempt.not_allowed {
        let text = tr_args("challenge-does-not-count", &[("why", refused.render(lang()).into())]);
        ui.add(
            egui::Label::new(RichText::new(printable(&text)).color(palette.text_color(Health::Failing.color()))).wrap(),
        );
    }
    let (passed, failed, pending) = view.tally();
    if attempt.counts() && pending == 0 && !view.items.is_empty() {
        let (health, key) = if failed == 0 && passed > 0 {
            (Health::Ok, "challenge-met")
        } else {
            (Health::Failing, "challenge-not-met")
        };
        state_chip(ui, health, &tr(key));
    }
}
