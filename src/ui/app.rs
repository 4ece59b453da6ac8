//! The dashboard app: lays the panels out, collects their commands and routes them — to
//! the runner, to other panels, or to the settings. It holds no panel's state itself.

use super::command::{Build, Command, Component};
use super::dialogs::{DialogOutcome, Dialogs};
use super::frame_stats::FrameStats;
use super::layout::{self, Plan};
use super::panels::{
    BottomTabs,
    builder::Builder,
    captions::CaptionBar,
    detail::DetailPanel,
    ledger_bar::LedgerBar,
    lessons::{LessonBrowser, LessonPanel},
    plots::PlotsPanel,
    problem::ProblemPanel,
    top_bar::TopBar,
    topology::TopologyView,
};
use super::runner::{Control, RunnerLink};
use super::settings::Settings;
use super::snapshot::{ScenarioSource, Snapshot};
use super::theme::{self, ORANGE, Palette, VERMILLION};
use crate::i18n::{tr, tr_args};
use egui::{Key, Modifiers, Panel, RichText, Sense, Ui, WidgetInfo};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The accessible names of the window's regions: tests (and screen readers) find each
/// region, and its bounds, by its name.
pub const TOP_BAR_REGION: &str = "Top bar";
pub const TIME_BAR_REGION: &str = "Time travel bar";
pub const LEDGER_REGION: &str = "Ledger bar";
pub const PROBLEM_REGION: &str = "Problem panel";
pub const TABS_REGION: &str = "Bottom tabs";
pub const LESSON_REGION: &str = "Lesson panel";
pub const DETAIL_REGION: &str = "Detail panel";
/// The topology builder's side panel (in place of the detail panel while building).
pub const BUILDER_REGION: &str = "Builder panel";
pub const CAPTION_REGION: &str = "Caption";
/// The topology graph with its legend.
pub const TOPOLOGY_REGION: &str = "Topology graph";
/// The plots with their header row.
pub const PLOTS_REGION: &str = "Plots";

/// How long a notice ("saved to …") stays in the status line.
const NOTICE_FOR: Duration = Duration::from_secs(8);

/// A short message for the user, with whether it reports a failure.
struct Notice {
    text: String,
    failure: bool,
    since: Instant,
}

/// The panels, each owning its own state.
#[derive(Default)]
struct Panels {
    top_bar: TopBar,
    ledger: LedgerBar,
    problem: ProblemPanel,
    topology: TopologyView,
    plots: PlotsPanel,
    detail: DetailPanel,
    tabs: BottomTabs,
    lesson: LessonPanel,
    browser: LessonBrowser,
    captions: CaptionBar,
    whatif: super::panels::whatif::WhatIf,
    builder: Builder,
}

pub struct Dashboard {
    link: RunnerLink,
    snapshot: Arc<Snapshot>,
    settings: Settings,
    /// The (theme, zoom) last given to egui, to notice the user's own Ctrl +/- zoom.
    applied: Option<(theme::ThemeChoice, f32)>,
    dialogs: Dialogs,
    frame_stats: FrameStats,
    notice: Option<Notice>,
    panels: Panels,
    /// No window manager maximised us yet: fill the screen once the monitor's size is known.
    fill_screen: bool,
    /// The window title last set (it names the scenario, in the user's language).
    title: String,
    /// The user opened the bottom tabs this session: they open (at their least height)
    /// even where the plan would fold them for want of room.
    tabs_opened: bool,
}

impl Dashboard {
    pub fn new(
        link: RunnerLink,
        first: Arc<Snapshot>,
        settings: Settings,
        dialogs: Dialogs,
        frame_stats: FrameStats,
    ) -> Dashboard {
        let mut settings = settings;
        if let ScenarioSource::File(path) = &first.source {
            settings.remember(path);
        }
        Dashboard {
            link,
            snapshot: first,
            settings,
            applied: None,
            dialogs,
            frame_stats,
            notice: None,
            panels: Panels::default(),
            fill_screen: false,
            title: String::new(),
            tabs_opened: false,
        }
    }

    /// Make the window fill the screen if no window manager maximised it (a dashboard wants
    /// room, a projector most of all).
    pub fn fill_screen_on_first_frame(&mut self) {
        self.fill_screen = true;
    }

    /// Opens the lessons browser as a start screen (the first run).
    pub fn welcome(&mut self) {
        self.panels.browser.open = true;
        self.panels.browser.welcome = true;
    }

    fn fill_screen_if_asked(&mut self, ctx: &egui::Context) {
        if !self.fill_screen {
            return;
        }
        let (monitor, inner) = ctx.input(|i| (i.viewport().monitor_size, i.viewport().inner_rect));
        let (Some(monitor), Some(inner)) = (monitor, inner) else { return };
        self.fill_screen = false;
        if inner.width() < monitor.x * 0.97 || inner.height() < monitor.y * 0.9 {
            ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(egui::Pos2::ZERO));
            ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(monitor));
        }
    }

    /// The snapshot on screen (tests).
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Speak `lang` (tests; the top bar's language menu does the same).
    pub fn set_lang(&mut self, lang: crate::i18n::Lang) {
        self.settings.lang = Some(lang);
        crate::i18n::set_lang(lang);
    }

    /// Whether the lessons browser is open (tests).
    pub fn lessons_open(&self) -> bool {
        self.panels.browser.open
    }

    /// Whether the plots follow the newest data (tests).
    pub fn plots_following(&self) -> bool {
        self.panels.plots.is_following()
    }

    /// The last fork comparison's table: metric → (A mean, B mean, B − A, CI) (tests).
    pub fn fork_comparison(&self) -> Option<&crate::experiment::Comparison> {
        self.panels.whatif.fork.result().map(|r| &r.comparison)
    }

    /// The topology builder's draft, while it is open (tests).
    pub fn builder_draft(&self) -> Option<&super::panels::builder::draft::Draft> {
        self.panels.builder.draft()
    }

    /// The plots' cursor (tests).
    pub fn plot_cursor(&self) -> Option<crate::time::SimTime> {
        self.panels.plots.cursor()
    }

    /// One whole frame. eframe calls the two halves separately; tests call this.
    pub fn frame(&mut self, ui: &mut Ui) {
        self.logic(ui.ctx());
        self.show(ui);
    }

    /// Per-frame work that draws nothing: new snapshots, dialogs, dropped files, keys.
    pub fn logic(&mut self, ctx: &egui::Context) {
        self.frame_stats.begin_frame();
        // Every string of this frame is looked up in the chosen language: a switch shows
        // in full on the next frame, with the run going on underneath.
        crate::i18n::set_lang(self.settings.lang.unwrap_or_default());
        self.fill_screen_if_asked(ctx);
        self.apply_look(ctx);
        if let Some(snapshot) = self.link.latest() {
            self.accept(snapshot);
        }
        let title = format!("faultline — {}", crate::i18n::lessons::text(&self.snapshot.scenario.name));
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        let mut commands = Vec::new();
        for outcome in self.dialogs.poll() {
            match outcome {
                DialogOutcome::Open(path) => commands.push(Command::OpenFile(path)),
                DialogOutcome::Saved(path) => {
                    self.notify(tr_args("notice-saved", &[("path", path.display().to_string().into())]), false)
                }
                DialogOutcome::SaveFailed(why) => {
                    self.notify(tr_args("notice-save-failed", &[("why", why.to_string().into())]), true)
                }
                DialogOutcome::Cancelled => {}
                DialogOutcome::Unavailable => self.notify(tr("notice-no-dialog"), true),
            }
        }
        commands.extend(dropped_files(ctx));
        commands.extend(shortcuts(ctx, &self.snapshot));
        for command in commands {
            self.route(command, ctx);
        }
    }

    /// Takes a new snapshot: remembers successfully opened files, drops a selection
    /// that no longer exists.
    fn accept(&mut self, snapshot: Arc<Snapshot>) {
        if snapshot.generation != self.snapshot.generation
            && let ScenarioSource::File(path) = &snapshot.source
            && (self.snapshot.source != snapshot.source || self.settings.recent.first() != Some(path))
        {
            self.settings.remember(path);
        }
        self.snapshot = snapshot;
        if let Some(id) = super::settings::completed_lesson(&self.snapshot)
            && !self.settings.completed.contains(id)
        {
            self.settings.completed.insert(id.to_string());
        }
        if self.panels.detail.selected().is_some() && !self.panels.detail.is_valid(&self.snapshot) {
            self.select(None);
        }
    }

    /// Theme and zoom from the settings (and the user's Ctrl +/- zoom into the settings).
    fn apply_look(&mut self, ctx: &egui::Context) {
        // The screen's height in points at zoom 1 (what presentation mode fits its zoom to).
        let screen_height = ctx.content_rect().height() * ctx.zoom_factor();
        if let Some((_, zoom)) = self.applied
            && (ctx.zoom_factor() - zoom).abs() > 1e-3
        {
            self.settings.zoom = ctx.zoom_factor() / self.settings.presentation_factor(screen_height);
        }
        let wanted = (self.settings.theme, self.settings.effective_zoom(screen_height));
        if self.applied.is_none_or(|(theme, zoom)| theme != wanted.0 || (zoom - wanted.1).abs() > 1e-3) {
            if self.applied.is_none() {
                theme::install_text_styles(ctx);
                super::fonts::install(ctx);
            }
            ctx.set_theme(wanted.0.theme());
            ctx.set_zoom_factor(wanted.1);
            self.applied = Some(wanted);
        }
    }

    /// Lays out the window and routes what the panels ask for. The share-out follows the
    /// window's size ([`Plan`]): the graph and the plots are served first, the bottom tabs
    /// and the side panels yield.
    pub fn show(&mut self, ui: &mut Ui) {
        let s = self.snapshot.clone();
        let plan = Plan::new(ui.ctx().content_rect().size());
        let mut commands: Vec<Command> = Vec::new();
        let p = &mut self.panels;
        Panel::top("top-bar").show(ui, |ui| {
            region(ui, TOP_BAR_REGION, |ui| {
                commands.extend(p.top_bar.ui(ui, &s, &self.settings, &plan));
            });
        });
        Panel::top("whatif").show(ui, |ui| {
            region(ui, TIME_BAR_REGION, |ui| {
                commands.extend(p.whatif.bar(ui, &s, p.plots.cursor()));
            });
        });
        Panel::top("ledger").show(ui, |ui| {
            region(ui, LEDGER_REGION, |ui| commands.extend(p.ledger.ui(ui, &s, plan.narrow)));
            if let Some(notice) = self.notice.as_ref().filter(|n| n.since.elapsed() < NOTICE_FOR) {
                let palette = Palette::of(ui.visuals());
                let color = if notice.failure { VERMILLION } else { ORANGE };
                ui.label(RichText::new(&notice.text).color(palette.text_color(color)));
            }
            // The status's list, the one the run report prints too.
            if !s.status.not_modelled.is_empty() {
                ui.weak(tr_args("not-modelled", &[("parts", s.status.not_modelled.join(", ").into())]))
                    .on_hover_text(tr("not-modelled-help"));
            }
        });
        if ProblemPanel::is_needed(&s) {
            Panel::top("problem").frame(ProblemPanel::frame(ui.style())).show(ui, |ui| {
                region(ui, PROBLEM_REGION, |ui| commands.extend(p.problem.ui(ui, &s)));
            });
        }
        // The tabs get what the central area can spare beside the caption (as tall as last
        // frame); with too little, only their titles show, until the user opens them.
        // While building, the graph is the draft's: the run's captions and lesson are not about it.
        let building = p.builder.is_open();
        let caption = self.settings.captions && p.captions.has_caption(&s) && !building;
        let caption_height = if caption { p.captions.last_height() } else { 0.0 };
        let left = ui.available_rect_before_wrap().height() - caption_height;
        let room = if self.settings.tabs_folded {
            None
        } else {
            plan.tabs_max(left).or(self.tabs_opened.then_some(layout::TABS_MIN_OPEN))
        };
        match room {
            Some(max) => {
                Panel::bottom("tabs")
                    .resizable(true)
                    .default_size(plan.tabs_default(max))
                    .size_range(layout::TABS_MIN_OPEN..=max)
                    .show(ui, |ui| {
                        region(ui, TABS_REGION, |ui| commands.extend(p.tabs.ui(ui, &s, false, plan.narrow)));
                    });
            }
            None => {
                Panel::bottom("tabs-folded").resizable(false).show(ui, |ui| {
                    region(ui, TABS_REGION, |ui| commands.extend(p.tabs.ui(ui, &s, true, plan.narrow)));
                });
            }
        }
        if LessonPanel::is_needed(&s) && self.settings.lesson_panel && !building {
            let compact = self.settings.projector;
            let (min, default, max) = plan.side_width(compact);
            // Its own id when compact, so the preset's width does not overwrite the usual one.
            Panel::left(if compact { "lesson-compact" } else { "lesson" })
                .resizable(true)
                .default_size(default)
                .size_range(min..=max)
                .show(ui, |ui| {
                    region(ui, LESSON_REGION, |ui| commands.extend(p.lesson.ui(ui, &s, compact)));
                });
        }
        if p.builder.is_open() {
            let (min, default, max) = plan.side_width(false);
            Panel::right("builder").resizable(true).default_size(default.max(min)).size_range(min..=max).show(
                ui,
                |ui| {
                    region(ui, BUILDER_REGION, |ui| commands.extend(p.builder.ui(ui)));
                },
            );
        } else if p.detail.selected().is_some() {
            let (min, default, max) = plan.side_width(false);
            p.detail.set_bounds(p.plots.view_bounds());
            Panel::right("detail").resizable(true).default_size(default).size_range(min..=max).show(ui, |ui| {
                region(ui, DETAIL_REGION, |ui| commands.extend(p.detail.ui(ui, &s)));
            });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if caption {
                region(ui, CAPTION_REGION, |ui| p.captions.ui(ui, &s, plan.narrow));
                ui.add_space(2.0);
            }
            let wanted = if building {
                p.builder.preferred_height(&s, ui.available_width())
            } else {
                TopologyView::preferred_height(&s, ui.available_width())
            };
            let topology_height = plan.topology_height(wanted, ui.available_height());
            region(ui, TOPOLOGY_REGION, |ui| {
                ui.allocate_ui(egui::vec2(ui.available_width(), topology_height), |ui| {
                    // While building, the graph is the draft's: its clicks select in the draft.
                    commands.extend(if building { p.builder.graph(ui, &s) } else { p.topology.ui(ui, &s) });
                });
            });
            ui.separator();
            region(ui, PLOTS_REGION, |ui| {
                commands.extend(p.plots.ui(ui, &s));
            });
        });
        commands.extend(p.browser.show(ui.ctx(), &s, &self.settings.completed));
        commands.extend(p.whatif.windows(ui.ctx(), &s, &mut self.dialogs));
        drop_hint(ui.ctx());
        if self.settings.frame_overlay {
            self.frame_stats.overlay(ui.ctx(), &s);
        }
        for command in commands {
            self.route(command, ui.ctx());
        }
        self.frame_stats.end_frame(&self.snapshot);
    }

    fn select(&mut self, component: Option<Component>) {
        self.panels.detail.set_selected(component.clone());
        self.panels.topology.set_selected(component);
    }

    fn notify(&mut self, text: String, failure: bool) {
        self.notice = Some(Notice { text, failure, since: Instant::now() });
    }

    fn route(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::Runner(control) => self.link.send(control),
            Command::Select(component) => self.select(component),
            Command::SetCursor(t) => {
                self.panels.plots.set_cursor(t);
                self.panels.detail.set_cursor(t);
            }
            Command::OpenDialog => {
                if !self.dialogs.is_available() {
                    self.notify(tr("notice-no-dialogs"), true);
                }
                let dir = self.snapshot.source.path().and_then(|p| p.parent()).map(|p| p.to_path_buf());
                self.dialogs.pick_scenario(ctx, dir);
            }
            Command::SaveDialog => {
                let mut scenario = (*self.snapshot.scenario).clone();
                scenario.seed = self.snapshot.seed;
                let name = match &self.snapshot.source {
                    ScenarioSource::File(p) => {
                        p.file_stem().map_or("scenario".into(), |s| s.to_string_lossy().into_owned()) + "-edited.ron"
                    }
                    _ => "scenario.ron".into(),
                };
                self.dialogs.save_scenario(ctx, crate::scenario::to_ron_string(&scenario), name);
            }
            Command::OpenFile(path) => self.link.send(Control::LoadFile(path)),
            Command::ClearRecent => self.settings.recent.clear(),
            Command::ToggleTheme => self.settings.theme = self.settings.theme.toggled(),
            Command::TogglePresentation => {
                if self.settings.projector {
                    // Presentation off ends the preset (its zoom goes with it).
                    self.settings.set_projector(false);
                } else {
                    self.settings.presentation = !self.settings.presentation;
                }
            }
            Command::ToggleProjector => self.settings.set_projector(!self.settings.projector),
            Command::FoldTabs(folded) => {
                self.settings.tabs_folded = folded;
                self.tabs_opened = !folded;
            }
            Command::ToggleFrameOverlay => self.settings.frame_overlay = !self.settings.frame_overlay,
            Command::OpenLessons => self.panels.browser.open = true,
            Command::ResetCompleted => self.settings.completed.clear(),
            Command::ToggleLessonPanel => self.settings.lesson_panel = !self.settings.lesson_panel,
            Command::ToggleCaptions => self.settings.captions = !self.settings.captions,
            Command::FitGraph => self.panels.topology.fit(),
            Command::SetLang(lang) => {
                self.settings.lang = Some(lang);
                crate::i18n::set_lang(lang);
            }
            Command::Build(build) => self.build(build, ctx),
            Command::ShowJourney(root) => {
                // The runner carries the picked journey in its snapshots even when it is
                // not among the newest; the tabs open on it.
                self.link.send(Control::PinJourney(Some(root)));
                self.panels.tabs.show_journey(root);
                self.settings.tabs_folded = false;
                self.tabs_opened = true;
            }
            Command::SaveJourney { file_name, json } => {
                if !self.dialogs.is_available() {
                    self.notify(tr("notice-no-dialogs"), true);
                }
                self.dialogs
                    .save_with(ctx, &tr("dialog-save-journey"), &["json"], file_name, move |_| Ok(json.into_bytes()));
            }
            Command::SaveHandout { scenario, file, numbers, file_name } => {
                if !self.dialogs.is_available() {
                    self.notify(tr("notice-no-dialogs"), true);
                }
                // The handout is made on the dialog's thread, whose language is its own:
                // it speaks the window's.
                let lang = crate::i18n::lang();
                self.dialogs.save_with(ctx, &tr("dialog-save-handout"), &["html", "md"], file_name, move |path| {
                    crate::i18n::set_lang(lang);
                    let format = crate::export::Format::of(path).unwrap_or(crate::export::Format::Html);
                    let doc = crate::export::handout(&scenario, &file, &numbers, false)?;
                    Ok(doc.render(format).into_bytes())
                });
            }
        }
    }

    /// The builder's requests: it edits a draft while the run waits, paused; Run loads the
    /// draft's text as a dropped file is loaded (parsed, validated and checked the same
    /// way), so what runs is exactly what Save as… writes.
    fn build(&mut self, build: Build, ctx: &egui::Context) {
        match build {
            Build::EditRunning | Build::NewEmpty => {
                if let Some(draft) =
                    super::panels::builder::draft_for(&build, &self.snapshot.scenario, self.snapshot.seed)
                {
                    self.link.send(Control::Pause);
                    self.select(None);
                    self.panels.builder.open(draft);
                }
            }
            Build::Close => self.panels.builder.close(),
            // The builder handles its own graph's lines; none reaches the app.
            Build::Connect { .. } => {}
            Build::Run(scenario) => {
                let name = format!("{}.ron", file_stem(&scenario.name));
                self.link.send(Control::LoadText { name, text: crate::scenario::to_ron_string(&scenario) });
                self.link.send(Control::Play);
                self.panels.builder.close();
            }
            Build::Save(scenario) => {
                if !self.dialogs.is_available() {
                    self.notify(tr("notice-no-dialogs"), true);
                }
                let name = format!("{}.ron", file_stem(&scenario.name));
                self.dialogs.save_scenario(ctx, crate::scenario::to_ron_string(&scenario), name);
            }
        }
    }
}

/// A file name for a scenario called `name`: letters, digits, `-` and `_` kept, the rest `-`.
fn file_stem(name: &str) -> String {
    let stem: String =
        name.trim().chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    if stem.is_empty() { "scenario".into() } else { stem }
}

/// Draws `add_contents`, then names the space it took in the accessibility tree (a
/// hover-only node, so it takes no clicks from what it covers).
fn region<R>(ui: &mut Ui, name: &'static str, add_contents: impl FnOnce(&mut Ui) -> R) -> R {
    let inner = ui.scope(add_contents);
    let id = ui.scope_id().with(("region", name));
    ui.interact(inner.response.rect, id, Sense::hover())
        .widget_info(|| WidgetInfo::labeled(egui::accesskit::Role::Region, true, name));
    inner.inner
}

/// Files dropped on the window become load requests.
fn dropped_files(ctx: &egui::Context) -> Vec<Command> {
    let dropped = ctx.input(|i| i.raw.dropped_files.clone());
    dropped
        .into_iter()
        .map(|file| {
            let path = file.path().to_path_buf();
            if path.is_file() {
                Control::LoadFile(path).into()
            } else {
                let name = path.file_name().map_or("dropped file".into(), |n| n.to_string_lossy().into_owned());
                match file.bytes() {
                    Ok(bytes) => Control::LoadText { name, text: String::from_utf8_lossy(&bytes).into_owned() }.into(),
                    Err(why) => {
                        Control::LoadText { name, text: format!("// could not read the dropped file: {why}") }.into()
                    }
                }
            }
        })
        .collect()
}

/// Keyboard shortcuts, unless the user is typing in a text field.
fn shortcuts(ctx: &egui::Context, s: &Snapshot) -> Vec<Command> {
    let mut out = Vec::new();
    if ctx.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::O)) {
        out.push(Command::OpenDialog);
    }
    if ctx.text_edit_focused() {
        return out;
    }
    ctx.input_mut(|i| {
        if i.count_and_consume_key(Modifiers::NONE, Key::Space) % 2 == 1 {
            out.push(Control::TogglePlay.into());
        }
        if i.consume_key(Modifiers::SHIFT, Key::ArrowRight) {
            out.push(Control::StepInterval.into());
        } else if i.consume_key(Modifiers::NONE, Key::ArrowRight) {
            out.push(Control::StepEvent.into());
        }
        // Several presses can land in one frame (key repeat, a fast typist): count them.
        let faster =
            i.count_and_consume_key(Modifiers::NONE, Key::Plus) + i.count_and_consume_key(Modifiers::NONE, Key::Equals);
        let slower = i.count_and_consume_key(Modifiers::NONE, Key::Minus);
        if faster != slower {
            let mut speed = s.playback.speed;
            for _ in 0..faster.abs_diff(slower) {
                speed = speed.step(faster > slower);
            }
            out.push(Control::SetSpeed(speed).into());
        }
        if i.consume_key(Modifiers::NONE, Key::R) {
            out.push(Control::Reset.into());
        }
        if i.consume_key(Modifiers::NONE, Key::L) {
            out.push(Command::OpenLessons);
        }
        if i.consume_key(Modifiers::NONE, Key::P) {
            out.push(Command::ToggleProjector);
        }
        if i.consume_key(Modifiers::NONE, Key::F) {
            out.push(Command::FitGraph);
        }
        if i.consume_key(Modifiers::NONE, Key::F12) {
            out.push(Command::ToggleFrameOverlay);
        }
    });
    out
}

/// While a file is dragged over the window, say what dropping it does.
fn drop_hint(ctx: &egui::Context) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let screen = ctx.content_rect();
    let painter = ctx.layer_painter(egui::LayerId::new(egui::Order::Foreground, egui::Id::unique("drop-hint")));
    painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(170));
    painter.text(
        screen.center(),
        egui::Align2::CENTER_CENTER,
        tr("drop-hint"),
        egui::FontId::proportional(28.0),
        egui::Color32::WHITE,
    );
}

impl eframe::App for Dashboard {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        Dashboard::logic(self, ctx);
    }

    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        self.frame_stats.note_cpu(frame.info().cpu_usage);
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.save(storage);
    }
}
