//! The topology builder: an edit mode in which the graph shows a draft scenario instead
//! of the run, and a side panel adds components from a palette, wires them with combo
//! boxes, edits every field with the parameter editor's generated form, removes them, and
//! shows each validation problem at the field it names (and a ⚠ on the node). When the
//! draft validates it runs as an opened file would, or is saved as a `.ron` file that
//! loads back equal. See `docs/dashboard.md`, "Building a topology".

pub mod draft;
pub mod status;

use super::topology::TopologyView;
use super::whatif::params::{self, Field, ParamEditor};
use super::widgets::caption;
use crate::i18n::{lang, tr, tr_args};
use crate::scenario::Scenario;
use crate::ui::command::{Build, Command, Component};
use crate::ui::format::printable;
use crate::ui::snapshot::{Playback, Snapshot};
use crate::ui::theme::{BLUISH_GREEN, Palette, VERMILLION};
use draft::{Draft, Kind, Link, Placed};
use egui::{RichText, Ui};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The generation the draft's graph is shown under: no run has it, so the view's camera
/// and rates never mistake the draft for a run.
const DRAFT_GENERATION: u64 = u64::MAX;

/// The builder's state: the draft, what is selected in it, the form's typing.
#[derive(Default)]
pub struct Builder {
    draft: Option<Draft>,
    selected: Option<Component>,
    form: ParamEditor,
    /// Field path → why the value typed there was refused (it did not fit the field).
    refused: BTreeMap<String, String>,
    /// What the last removal did, for the user to read.
    notice: Option<String>,
    /// The selected component's name as being typed, and why the last one was refused.
    name_text: Option<(Component, String)>,
    name_refused: Option<String>,
    view: TopologyView,
    /// The draft as the graph shows it, rebuilt when the draft changes.
    shown: Option<Arc<Snapshot>>,
}

impl Builder {
    pub fn is_open(&self) -> bool {
        self.draft.is_some()
    }

    /// The draft being built (tests).
    pub fn draft(&self) -> Option<&Draft> {
        self.draft.as_ref()
    }

    /// Opens the builder on `scenario` (the running one, or an empty one).
    pub fn open(&mut self, draft: Draft) {
        *self = Builder { draft: Some(draft), view: std::mem::take(&mut self.view), ..Builder::default() };
        self.view.fit();
    }

    pub fn close(&mut self) {
        self.draft = None;
        self.shown = None;
        self.view.editing = false;
        self.view.marked.clear();
    }

    /// The draft's snapshot for the graph: its components at rest, no history.
    fn shown(&mut self, s: &Snapshot) -> Option<Arc<Snapshot>> {
        let draft = self.draft.as_ref()?;
        if let Some(shown) = &self.shown
            && *shown.scenario == *draft.scenario()
        {
            return Some(shown.clone());
        }
        let scenario = draft.scenario();
        let snapshot = Arc::new(Snapshot {
            generation: DRAFT_GENERATION,
            scenario: Arc::new(scenario.clone()),
            source: s.source.clone(),
            seed: scenario.seed,
            now: crate::time::SimTime::ZERO,
            end: crate::time::SimTime::ZERO + scenario.duration,
            sample_every: scenario.sample_every,
            playback: Playback { playing: false, finished: false, ..s.playback },
            status: status::at_rest(scenario),
            ledger: Default::default(),
            latency: Default::default(),
            history: Default::default(),
            log: Default::default(),
            dead_letters: Default::default(),
            events_handled: 0,
            load_problem: None,
            command_error: None,
            timelines: Default::default(),
            breaker_windows: Vec::new(),
            lesson: None,
            whatif: Default::default(),
            journeys: Arc::from(Vec::new()),
            traced: Arc::from(Vec::new()),
            pinned_journey: None,
        });
        self.shown = Some(snapshot.clone());
        Some(snapshot)
    }

    /// Height the draft's graph wants at `width`.
    pub fn preferred_height(&mut self, s: &Snapshot, width: f32) -> f32 {
        match self.shown(s) {
            Some(shown) => TopologyView::preferred_height(&shown, width),
            None => TopologyView::preferred_height(s, width),
        }
    }

    /// The draft's graph, in the topology's place: a click selects in the draft.
    pub fn graph(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        let shown = self.shown(s)?;
        let draft = self.draft.as_ref()?;
        self.view.editing = true;
        self.view.set_selected(self.selected.clone());
        let mut marked: Vec<(Component, usize)> = Vec::new();
        for p in draft.problems() {
            let Some(c) = &p.component else { continue };
            match marked.iter_mut().find(|(m, _)| m == c) {
                Some((_, n)) => *n += 1,
                None => marked.push((c.clone(), 1)),
            }
        }
        self.view.marked = marked;
        match self.view.ui(ui, &shown) {
            Some(Command::Select(c)) => {
                self.selected = c;
                None
            }
            Some(Command::Build(Build::Connect { from, to })) => {
                let draft = self.draft.as_mut()?;
                match draft.connect(&from, &to) {
                    Some((owner, _)) => {
                        self.selected = Some(owner);
                        self.notice = None;
                    }
                    None => {
                        let kind =
                            |c: &Component| tr(&format!("component-{}", c.kind().to_lowercase().replace(' ', "-")));
                        self.notice = Some(tr_args(
                            "builder-no-connect",
                            &[("from", kind(&from).into()), ("to", kind(&to).into())],
                        ));
                    }
                }
                None
            }
            other => other,
        }
    }

    /// The side panel: palette, run and save, the problems, the selected component's form.
    pub fn ui(&mut self, ui: &mut Ui) -> Option<Command> {
        let mut command = None;
        let draft = self.draft.as_mut()?;
        let palette = Palette::of(ui.visuals());
        ui.horizontal(|ui| {
            ui.heading(RichText::new(tr("builder-title")).strong()).on_hover_text(tr("builder-help"));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(tr("builder-close")).on_hover_text(tr("builder-close-help")).clicked() {
                    command = Some(Command::Build(Build::Close));
                }
            });
        });
        ui.horizontal(|ui| {
            let label = ui.label(tr("builder-name"));
            let mut name = draft.scenario().name.clone();
            if ui.add(egui::TextEdit::singleline(&mut name).desired_width(180.0)).labelled_by(label.id).changed() {
                draft.rename(&name);
            }
        });
        ui.horizontal_wrapped(|ui| {
            for kind in Kind::ALL {
                if ui.button(tr(kind.key())).on_hover_text(tr("builder-add-help")).clicked() {
                    let added = draft.add(kind, self.selected.as_ref());
                    self.selected = Some(added);
                    self.notice = None;
                }
            }
        });
        ui.horizontal(|ui| {
            let valid = draft.is_valid();
            let help = if valid { tr("builder-run-help") } else { tr("builder-run-invalid-help") };
            if ui.add_enabled(valid, egui::Button::new(tr("builder-run"))).on_hover_text(help).clicked() {
                command = Some(Command::Build(Build::Run(Box::new(draft.scenario().clone()))));
            }
            if ui.button(tr("builder-save")).on_hover_text(tr("builder-save-help")).clicked() {
                command = Some(Command::Build(Build::Save(Box::new(draft.scenario().clone()))));
            }
            if ui.button(tr("builder-new")).on_hover_text(tr("builder-new-help")).clicked() {
                command = Some(Command::Build(Build::NewEmpty));
            }
        });
        if draft.is_valid() {
            ui.label(RichText::new(tr("builder-valid")).color(palette.text_color(BLUISH_GREEN)));
        } else {
            let count = draft.problems().len() + draft.unrecorded();
            ui.label(
                RichText::new(tr_args("builder-problems", &[("count", count.into())]))
                    .color(palette.text_color(VERMILLION)),
            );
        }
        // Problems of the scenario as a whole, or of parts the builder has no form for.
        for p in draft.problems().iter().filter(|p| p.component.is_none()) {
            problem_line(ui, &palette, &whole_problem(p));
        }
        if let Some(notice) = &self.notice {
            caption(ui, notice.clone());
        }
        ui.separator();
        if self.selected.as_ref().is_some_and(|c| !draft.contains(c)) {
            self.selected = None;
        }
        let Some(component) = self.selected.clone() else {
            caption(ui, tr("builder-select-hint"));
            return command;
        };
        egui::ScrollArea::vertical().id_salt("builder-form").auto_shrink([false, false]).show(ui, |ui| {
            ui.horizontal(|ui| {
                let kind = caption(ui, tr(&format!("component-{}", component.kind().to_lowercase().replace(' ', "-"))));
                if self.name_text.as_ref().is_none_or(|(c, _)| *c != component) {
                    self.name_text = Some((component.clone(), component.name().to_string()));
                    self.name_refused = None;
                }
                if let Some((_, text)) = self.name_text.as_mut() {
                    let edit = ui
                        .add(egui::TextEdit::singleline(text).desired_width(140.0).font(egui::TextStyle::Heading))
                        .labelled_by(kind.id)
                        .on_hover_text(tr("builder-rename-help"));
                    if edit.lost_focus() && text.trim() != component.name() {
                        match draft.rename_component(&component, text) {
                            Ok(renamed) => {
                                self.name_text = Some((renamed.clone(), renamed.name().to_string()));
                                self.selected = Some(renamed);
                                self.name_refused = None;
                            }
                            Err(draft::Taken(name)) => {
                                self.name_refused = Some(tr_args("builder-name-taken", &[("name", name.into())]));
                            }
                        }
                    }
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button(tr("builder-remove")).on_hover_text(tr("builder-remove-help")).clicked() {
                        let refs = draft.remove(&component);
                        self.notice = Some(removed(&component, &refs));
                        self.selected = None;
                    }
                });
            });
            let Some(component) = self.selected.clone() else { return };
            if let Some(why) = &self.name_refused {
                problem_line(ui, &palette, why);
            }
            let placed: Vec<Placed> = draft.problems_of(&component).cloned().collect();
            let fields: Vec<Field> = params::fields(draft.scenario(), &component)
                .into_iter()
                .filter(|f| !is_wiring(&component, relative(&component, &f.path)))
                .collect();
            // Each problem at the deepest row that holds its field: a link's row, a field's
            // row, or the component's heading.
            let mut at_field: BTreeMap<String, Vec<String>> = BTreeMap::new();
            let mut at_link: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
            for p in &placed {
                let text = message(p);
                if let Some(link) = draft::links(&component)
                    .iter()
                    .map(|&l| draft::link_field(l, &component))
                    .find(|f| within(&p.field, f))
                {
                    at_link.entry(link).or_default().push(text);
                } else if let Some(f) = fields
                    .iter()
                    .filter(|f| within(&p.field, relative(&component, &f.path)))
                    .max_by_key(|f| f.path.len())
                {
                    at_field.entry(f.path.clone()).or_default().push(text);
                } else {
                    problem_line(ui, &palette, &text);
                }
            }
            ui.add_space(4.0);
            ui.label(RichText::new(tr("builder-wiring")).strong()).on_hover_text(tr("builder-wiring-help"));
            egui::Grid::new(("builder-links", component.name())).num_columns(2).spacing([8.0, 4.0]).show(ui, |ui| {
                for &link in draft::links(&component) {
                    link_row(ui, draft, &component, link);
                    ui.end_row();
                    for why in at_link.get(draft::link_field(link, &component)).into_iter().flatten() {
                        ui.label("");
                        problem_line(ui, &palette, why);
                        ui.end_row();
                    }
                }
            });
            if draft::links(&component).is_empty() {
                caption(ui, tr("builder-no-links"));
            }
            ui.add_space(4.0);
            ui.label(RichText::new(tr("builder-fields")).strong()).on_hover_text(tr("builder-fields-help"));
            let refused = &self.refused;
            let error_at = |path: &str| {
                let mut out = at_field.get(path).cloned().unwrap_or_default();
                out.extend(refused.get(path).cloned());
                (!out.is_empty()).then_some(out)
            };
            if let Some((path, value)) = self.form.form(ui, ("builder", component.name()), &fields, &error_at) {
                match draft.set(&path, &value) {
                    Ok(()) => {
                        self.refused.remove(&path);
                    }
                    Err(e) => {
                        self.refused.insert(path, e.render(lang()));
                    }
                }
            }
        });
        command
    }
}

/// A field's path inside its component (`rate.per_second` of `producers.p.rate.per_second`).
fn relative<'a>(component: &Component, path: &'a str) -> &'a str {
    let prefix = format!("{}.{}.", component.section(), component.name());
    path.strip_prefix(prefix.as_str()).unwrap_or(path)
}

/// Whether `field` is `within` or inside it (`handler.calls` is within `handler`).
fn within(field: &str, outer: &str) -> bool {
    field == outer || field.strip_prefix(outer).is_some_and(|rest| rest.starts_with('.'))
}

/// Whether a field is one the wiring rows edit (so the form leaves it out).
fn is_wiring(component: &Component, field: &str) -> bool {
    draft::links(component).iter().any(|&l| within(field, draft::link_field(l, component)))
}

/// A problem in the reader's language, with its hint.
fn message(p: &Placed) -> String {
    let text = crate::scenario::translate_message(lang(), &p.problem.message);
    match &p.problem.help {
        Some(help) => format!("{text} ({})", crate::scenario::translate_message(lang(), help)),
        None => text,
    }
}

/// A problem of the scenario as a whole: with its path, as a file's diagnostic shows it.
fn whole_problem(p: &Placed) -> String {
    let path = p.problem.path.to_string();
    if path.is_empty() { message(p) } else { format!("{path}: {}", message(p)) }
}

fn problem_line(ui: &mut Ui, palette: &Palette, text: &str) {
    ui.add(
        egui::Label::new(RichText::new(format!("✖ {}", printable(text))).color(palette.text_color(VERMILLION))).wrap(),
    );
}

/// What a removal did, in words.
fn removed(component: &Component, refs: &[draft::Reference]) -> String {
    let name = component.name().to_string();
    if refs.is_empty() {
        return tr_args("builder-removed", &[("name", name.into())]);
    }
    let list: Vec<String> = refs.iter().map(|r| format!("{} ({})", r.from.name(), r.field)).collect();
    tr_args("builder-removed-refs", &[("name", name.into()), ("refs", list.join(", ").into())])
}

/// One link of the selected component: its targets (each with ✖ to unwire, for a list)
/// and a combo box of what it may be wired to.
fn link_row(ui: &mut Ui, draft: &mut Draft, component: &Component, link: Link) {
    let label = ui.label(tr(link.key(component)));
    let current = draft.targets(component, link);
    let candidates = if link.to_service() { draft.services() } else { draft.topics() };
    ui.horizontal_wrapped(|ui| {
        if link.is_list() {
            for target in &current {
                let chip = ui.button(format!("{target} ✖")).on_hover_text(tr("builder-unlink-help"));
                if chip.clicked() {
                    draft.unlink(component, link, target);
                }
            }
            let free: Vec<&String> = candidates.iter().filter(|c| !current.contains(c)).collect();
            let combo = egui::ComboBox::from_id_salt(("link", component.name(), link.key(component)))
                .selected_text(tr("builder-add-target"))
                .show_ui(ui, |ui| {
                    if free.is_empty() {
                        caption(ui, tr("builder-nothing-to-add"));
                    }
                    for target in free {
                        if ui.selectable_label(false, format!("➡ {target}")).clicked() {
                            draft.link(component, link, target);
                        }
                    }
                });
            combo.response.labelled_by(label.id);
        } else {
            let shown = current.first().filter(|t| !t.is_empty()).cloned().unwrap_or_else(|| tr("builder-none"));
            let combo = egui::ComboBox::from_id_salt(("link", component.name(), link.key(component)))
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    if link == Link::DeadLetters
                        && ui.selectable_label(current.is_empty(), tr("builder-none")).clicked()
                        && let Some(target) = current.first()
                    {
                        draft.unlink(component, link, target);
                    }
                    for target in &candidates {
                        let on = current.contains(target);
                        if ui.selectable_label(on, format!("➡ {target}")).clicked() && !on {
                            draft.link(component, link, target);
                        }
                    }
                });
            combo.response.labelled_by(label.id);
        }
    });
}

/// The draft a `Build` command opens with.
pub fn draft_for(build: &Build, running: &Scenario, seed: u64) -> Option<Draft> {
    match build {
        Build::EditRunning => {
            let mut scenario = running.clone();
            scenario.seed = seed;
            Some(Draft::of(scenario))
        }
        Build::NewEmpty => Draft::empty().ok(),
        _ => None,
    }
}
