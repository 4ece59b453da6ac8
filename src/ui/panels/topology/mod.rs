//! The topology view: the system as a graph, live, laid out in layers along the flow —
//! producers and clients, topics, consumer groups, the services they call and the
//! services those call, dead-letter topics — however many there are (see `layout`).
//! Colour, shape and pattern show each component's state; dots on the edges move with
//! the rate; hover shows live numbers; a click selects (and opens the detail panel).
//! The graph zooms (scroll, pinch, − / +) and pans (drag), and fits its area until the
//! user moves it, again on Fit, F or a double click.

mod draw;
mod graph;
mod layout;
mod rates;

use crate::engine::SystemStatus;
use crate::engine::status::{ClientStatus, ProducerStatus, TopicStatus};
use crate::i18n::{Arg, tr, tr_args};
use crate::ui::command::{Build, Command, Component};
use crate::ui::format;
use crate::ui::health;
use crate::ui::snapshot::Snapshot;
use crate::ui::theme::{BLUISH_GREEN, Health, Palette, REDDISH_PURPLE, SKY_BLUE, VERMILLION};
use draw::EdgeLook;
use egui::{Pos2, Rect, RichText, Sense, Ui, Vec2, pos2, vec2};
use graph::{Edge, EdgeKind, Graph, NodeKind};
use rates::Rates;
use std::collections::BTreeMap;

/// Room for the legend row under the graph.
const LEGEND_HEIGHT: f32 = 30.0;
/// The graph's margin inside its area when fitted.
const MARGIN: f32 = 10.0;
/// The zoom controls sit at the end of the legend's row; with no legend (a short area)
/// they lie over the graph's top-right corner, and a fitted graph starts under them, so
/// that no node hides behind the buttons.
const CONTROLS_HEIGHT: f32 = 26.0;
/// The zoom's bounds: below the least a title is cut to a few letters; above the most a
/// node fills a projector.
const MIN_ZOOM: f32 = 0.35;
const MAX_ZOOM: f32 = 2.5;
/// One press of − or +, and one notch of a mouse wheel (50 points of scroll).
const ZOOM_STEP: f32 = 1.25;
const SCROLL_PER_STEP: f32 = 50.0;
/// How near an edge (points) the pointer must be for the edge's tooltip.
const EDGE_HOVER: f32 = 6.0;

/// Live rates of the components, per virtual second.
#[derive(Default)]
struct LiveRates {
    produced: Vec<f64>,
    requests: Vec<f64>,
    /// Requests of each client that failed, end to end.
    requests_failed: Vec<f64>,
    processed: Vec<f64>,
    calls: Vec<f64>,
    /// Dead letters arriving, per topic (zero for ordinary topics).
    dead_letters: Vec<f64>,
    /// Along each edge of the graph, in its order.
    edges: Vec<f64>,
    /// Of a call or request edge's attempts, those that failed and those that were
    /// retries, per virtual second (0 on other edges).
    edges_failed: Vec<f64>,
    edges_retries: Vec<f64>,
}

impl LiveRates {
    /// Failed attempts over attempts along edge `e`, over the rates' last window.
    fn error_share(&self, e: usize) -> f64 {
        let calls = self.edges[e];
        if calls > 0.0 { (self.edges_failed[e] / calls).min(1.0) } else { 0.0 }
    }
}

/// How the graph sits in its area: its zoom, and where its origin is from the area's
/// corner. It follows the fit to the area until the user zooms or pans.
struct Camera {
    zoom: f32,
    offset: Vec2,
    fitted: bool,
    generation: u64,
}

impl Default for Camera {
    fn default() -> Self {
        Camera { zoom: 1.0, offset: Vec2::ZERO, fitted: true, generation: 0 }
    }
}

/// The room a graph is fitted into in an area of `size`: inside the margin, under what
/// lies over its top (`top` points).
fn room(size: Vec2, top: f32) -> Vec2 {
    (size - Vec2::splat(2.0 * MARGIN) - vec2(0.0, top)).max(Vec2::splat(1.0))
}

impl Camera {
    /// The zoom and offset that show a graph of `size` whole in `area` under its `top`
    /// points (at `MIN_ZOOM`, as much as fits from its top-left corner), centred.
    fn fit(area: Vec2, top: f32, size: Vec2) -> (f32, Vec2) {
        let zoom = layout::fit_zoom(room(area, top), size).max(MIN_ZOOM);
        let top = vec2(0.0, top);
        let offset = ((area - top - size * zoom) / 2.0).max(Vec2::splat(MARGIN)) + top;
        (zoom, offset)
    }

    /// Zooms by `factor` keeping the graph's point under `anchor` (from the area's corner) still.
    fn zoom_by(&mut self, factor: f32, anchor: Vec2) {
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        self.offset = anchor - (anchor - self.offset) * (zoom / self.zoom);
        self.zoom = zoom;
        self.fitted = false;
    }
}

#[derive(Default)]
pub struct TopologyView {
    selected: Option<Component>,
    rates: Rates,
    /// Travel of each edge's dots, in pixels.
    phases: BTreeMap<(NodeKind, NodeKind), f32>,
    camera: Camera,
    /// The view shows the builder's draft: clients are selectable too, and the Build
    /// button closes the builder.
    pub editing: bool,
    /// Components with validation problems (the builder's draft) and how many: ringed in
    /// the problems' colour, with a ⚠ that says so.
    pub marked: Vec<(Component, usize)>,
}

impl TopologyView {
    pub fn set_selected(&mut self, selected: Option<Component>) {
        self.selected = selected;
    }

    /// Fits the whole graph into its area again (and keeps it fitted as the area changes).
    pub fn fit(&mut self) {
        self.camera.fitted = true;
    }

    /// Height the view needs at `width` to show the whole graph, no larger than its
    /// natural size, and the legend.
    pub fn preferred_height(s: &Snapshot, width: f32) -> f32 {
        // As tall as the graph needs unwrapped: a graph given less height wraps its tallest layers.
        let size = Graph::of(&s.status, &s.scenario).placement(&s.status, Vec2::INFINITY).size;
        let zoom = layout::fit_zoom(vec2(width - 2.0 * MARGIN, f32::INFINITY), size).max(MIN_ZOOM);
        size.y * zoom + 2.0 * MARGIN + LEGEND_HEIGHT
    }

    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        let graph = Graph::of(&s.status, &s.scenario);
        let rates = self.live_rates(s, &graph);
        let palette = Palette::of(ui.visuals());
        let mut command = None;
        // The app sizes the view (a short window leaves it little); the legend gives its
        // row to the graph when the graph would be left too short to read.
        let with_legend = ui.available_height() >= LEGEND_HEIGHT + 120.0;
        let height = (ui.available_height() - if with_legend { LEGEND_HEIGHT } else { 0.0 }).max(40.0);
        let (area, background) = ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::click_and_drag());
        let top = if with_legend { 0.0 } else { CONTROLS_HEIGHT };
        let placement = graph.placement(&s.status, room(area.size(), top));
        self.steer(ui, area, top, &background, placement.size, s.generation);
        if background.clicked() {
            command = Some(Command::Select(None));
        }
        let origin = area.min + self.camera.offset;
        let z = self.camera.zoom;
        let rects: Vec<Rect> = placement.rects.iter().map(|r| graph::to_screen(*r, origin, z)).collect();
        let painter = ui.painter_at(area);
        let paths = self.edges(ui, &painter, &graph, &rects, s, &rates, &palette);
        // A line being dragged from a node (building): where it starts, and the node it
        // left once released; and where each selectable node is, to find the one under it.
        let mut wire_from: Option<(Pos2, Option<Component>)> = None;
        let mut targets: Vec<(Rect, Component)> = Vec::new();
        for (i, &kind) in graph.nodes.iter().enumerate() {
            let rect = rects[i];
            let visible = rect.intersect(area);
            if !visible.is_positive() {
                continue;
            }
            let name = graph::name(kind, &s.status).to_string();
            let component = match kind {
                NodeKind::Client(i) if self.editing => {
                    s.status.clients.get(i).map(|c| Component::Client(c.name.clone()))
                }
                _ => graph::component(kind, &s.status),
            };
            let id = ui.scope_id().with(("node", kind));
            // While building, a line dragged from one node to another wires them.
            let sense = match (&component, self.editing) {
                (Some(_), true) => Sense::click_and_drag(),
                (Some(_), false) => Sense::click(),
                (None, _) => Sense::hover(),
            };
            let response = ui.interact(visible, id, sense);
            let role = if component.is_some() { egui::Role::Button } else { egui::Role::Label };
            response.widget_info(|| egui::WidgetInfo::labeled(role, true, name.clone()));
            let selected = component.is_some() && self.selected == component;
            self.node(&painter, kind, rect, z, s, &rates, &palette, selected, response.hovered());
            let response = response.on_hover_ui(|ui| tooltip(ui, kind, s, &rates));
            if response.clicked() {
                command = Some(Command::Select(if selected { None } else { component.clone() }));
            }
            if let Some(&(_, count)) = self.marked.iter().find(|(c, _)| Some(c) == component.as_ref()) {
                self.problem_mark(ui, &painter, rect, &name, count, &palette);
            }
            if let Some(c) = component.as_ref() {
                if response.dragged() {
                    wire_from = Some((rect.center(), None));
                }
                if response.drag_stopped() {
                    wire_from = Some((rect.center(), Some(c.clone())));
                }
                targets.push((visible, c.clone()));
            }
        }
        if let Some((start, released)) = wire_from {
            let pointer = ui.ctx().pointer_latest_pos();
            match released {
                None => {
                    if let Some(end) = pointer {
                        painter.arrow(start, end - start, egui::Stroke::new(2.0, palette.text_color(SKY_BLUE)));
                    }
                }
                Some(from) => {
                    let to = pointer.and_then(|p| targets.iter().find(|(r, _)| r.contains(p)).map(|(_, c)| c.clone()));
                    if let Some(to) = to.filter(|to| *to != from) {
                        command = Some(Command::Build(Build::Connect { from, to }));
                    }
                }
            }
        }
        self.cascade_badges(ui, &painter, &graph, &rects, s, &palette);
        if background.hovered()
            && let Some(pointer) = background.hover_pos()
            && let Some(e) = nearest_edge(&paths, pointer)
        {
            let edge = graph.edges[e];
            background.clone().on_hover_ui_at_pointer(|ui| edge_tooltip(ui, edge, s, &rates, e));
        }
        let centre = area.size() / 2.0;
        let right_to_left = egui::Layout::right_to_left(egui::Align::Center);
        if with_legend {
            ui.with_layout(right_to_left, |ui| {
                command = command.take().or(self.controls(ui, centre));
                ui.separator();
                legend(ui, &palette);
            });
        } else {
            let corner = Rect::from_min_max(
                pos2(area.right() - 240.0, area.top() + 2.0),
                pos2(area.right() - 6.0, area.top() + CONTROLS_HEIGHT),
            );
            let bar = &mut ui.new_child(egui::UiBuilder::new().max_rect(corner).layout(right_to_left));
            command = command.take().or(self.controls(bar, centre));
        }
        command
    }

    /// The current incident's order on the graph: a numbered disc on the top-left corner
    /// of each component it reached (the origin ringed), coloured by the level it first
    /// fell to; hover says when.
    fn cascade_badges(
        &self,
        ui: &Ui,
        painter: &egui::Painter,
        graph: &Graph,
        rects: &[Rect],
        s: &Snapshot,
        palette: &Palette,
    ) {
        let current = crate::ui::cascade::current(ui.ctx(), s);
        let Some(c) = current.as_ref() else { return };
        let radius = (9.0 * self.camera.zoom).max(7.0);
        for (i, &kind) in graph.nodes.iter().enumerate() {
            let k = match kind {
                NodeKind::Service(_) => crate::ui::cascade::Kind::Service,
                NodeKind::Topic(_) => crate::ui::cascade::Kind::Topic,
                NodeKind::Group(_) => crate::ui::cascade::Kind::Group,
                _ => continue,
            };
            let Some(place) = c.place(k, graph::name(kind, &s.status)) else { continue };
            let a = &c.affected[place - 1];
            // On the left border at the title's height, mostly outside the node: the title
            // stays readable and the disc stays inside the graph's area.
            let centre = pos2(rects[i].left() - radius * 0.5, rects[i].top() + radius + 1.0);
            let color = a.first_level.color();
            painter.circle(centre, radius, palette.node_fill, egui::Stroke::new(2.0, color));
            if place == 1 {
                painter.circle_stroke(centre, radius + 3.0, egui::Stroke::new(2.0, color));
            }
            let font = egui::FontId::proportional(radius * 1.2);
            painter.text(centre, egui::Align2::CENTER_CENTER, place.to_string(), font, palette.text_color(color));
            let rect = Rect::from_center_size(centre, Vec2::splat(2.0 * radius)).intersect(painter.clip_rect());
            if rect.is_positive() {
                let label = super::cascade::row_label(c, place - 1);
                let response = ui.interact(rect, ui.scope_id().with(("cascade", kind)), Sense::hover());
                response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, label.clone()));
                response.on_hover_text(label);
            }
        }
    }

    /// Zoom (wheel, pinch), pan (drag) and fit (double click, or following the area)
    /// for this frame.
    fn steer(&mut self, ui: &Ui, area: Rect, top: f32, background: &egui::Response, size: Vec2, generation: u64) {
        if self.camera.generation != generation {
            // The old system's edges are gone.
            self.phases.clear();
        }
        let camera = &mut self.camera;
        if camera.generation != generation {
            // Another system: shown whole again.
            camera.generation = generation;
            camera.fitted = true;
        }
        if background.double_clicked() {
            camera.fitted = true;
        } else if background.dragged() {
            camera.offset += background.drag_delta();
            camera.fitted = false;
        }
        if let Some(pointer) = ui.ctx().pointer_hover_pos().filter(|p| area.contains(*p)) {
            let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            let factor = pinch * ZOOM_STEP.powf(scroll / SCROLL_PER_STEP);
            if factor != 1.0 {
                camera.zoom_by(factor, pointer - area.min);
            }
        }
        if camera.fitted {
            (camera.zoom, camera.offset) = Camera::fit(area.size(), top, size);
        }
    }

    /// Fit, + and − (from the right), with the zoom in per cent; + and − zoom about
    /// `centre`, the middle of the graph's area.
    fn controls(&mut self, bar: &mut Ui, centre: Vec2) -> Option<Command> {
        let mut command = None;
        let build = bar.selectable_label(self.editing, tr("builder-open")).on_hover_text(tr("builder-open-help"));
        if build.clicked() {
            command = Some(Command::Build(if self.editing { Build::Close } else { Build::EditRunning }));
        }
        if bar.button(tr("graph-fit")).on_hover_text(tr("graph-fit-help")).clicked() {
            self.fit();
        }
        if bar.button("+").on_hover_text(tr("graph-zoom-in-help")).clicked() {
            self.camera.zoom_by(ZOOM_STEP, centre);
        }
        if bar.button("−").on_hover_text(tr("graph-zoom-out-help")).clicked() {
            self.camera.zoom_by(1.0 / ZOOM_STEP, centre);
        }
        bar.label(
            RichText::new(tr_args("graph-zoom", &[("percent", format!("{:.0}", self.camera.zoom * 100.0).into())]))
                .small(),
        )
        .on_hover_text(tr("graph-drag-help"));
        command
    }

    /// A node with validation problems: ringed in the problems' colour, a ⚠ on its top
    /// edge that names them (for a screen reader and a test too).
    fn problem_mark(&self, ui: &Ui, painter: &egui::Painter, rect: Rect, name: &str, count: usize, palette: &Palette) {
        let z = self.camera.zoom;
        let color = palette.text_color(VERMILLION);
        painter.rect_stroke(rect.expand(3.0 * z), 6.0 * z, egui::Stroke::new(2.5, color), egui::StrokeKind::Outside);
        let at = pos2(rect.center().x, rect.top());
        let font = egui::FontId::proportional((13.0 * z).max(9.0));
        let label = tr_args("builder-node-problems", &[("name", name.to_string().into()), ("count", count.into())]);
        let galley = painter.layout_no_wrap(format!("⚠ {count}"), font, color);
        let chip = Rect::from_center_size(at, galley.size() + vec2(8.0, 2.0));
        painter.rect_filled(chip, 4.0, palette.node_fill);
        painter.rect_stroke(chip, 4.0, egui::Stroke::new(1.5, color), egui::StrokeKind::Inside);
        painter.galley(chip.center() - galley.size() / 2.0, galley, color);
        let visible = chip.intersect(painter.clip_rect());
        if visible.is_positive() {
            let response = ui.interact(visible, ui.scope_id().with(("problems", name)), Sense::hover());
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, label.clone()));
            response.on_hover_text(label);
        }
    }

    fn live_rates(&mut self, s: &Snapshot, graph: &Graph) -> LiveRates {
        self.rates.begin(s.generation);
        let now = s.now;
        let st = &s.status;
        let mut observe = |key: String, counter: u64| self.rates.observe(&key, now, counter);
        LiveRates {
            produced: st.producers.iter().map(|p| observe(format!("p:{}", p.name), p.produced)).collect(),
            requests: st.clients.iter().map(|c| observe(format!("c:{}", c.name), c.requests)).collect(),
            requests_failed: st
                .clients
                .iter()
                .map(|c| observe(format!("cf:{}", c.name), c.failed.values().sum()))
                .collect(),
            processed: st.groups.iter().map(|g| observe(format!("g:{}", g.name), g.processed)).collect(),
            calls: st.services.iter().map(|v| observe(format!("s:{}", v.name), v.calls)).collect(),
            dead_letters: st
                .topics
                .iter()
                .map(|t| if t.is_dead_letter_target { observe(format!("d:{}", t.name), t.backlog) } else { 0.0 })
                .collect(),
            edges: graph
                .edges
                .iter()
                .map(|e| observe(format!("e:{:?}>{:?}", e.from, e.to), edge_counter(e, st)))
                .collect(),
            edges_failed: graph
                .edges
                .iter()
                .map(|e| call_edge(e, st).map_or(0.0, |c| observe(format!("ef:{:?}>{:?}", e.from, e.to), c.failed)))
                .collect(),
            edges_retries: graph
                .edges
                .iter()
                .map(|e| call_edge(e, st).map_or(0.0, |c| observe(format!("er:{:?}>{:?}", e.from, e.to), c.retries)))
                .collect(),
        }
    }

    /// Draws every edge (the breakers over them) and returns each one's path, for hovering.
    #[allow(clippy::too_many_arguments)]
    fn edges(
        &mut self,
        ui: &Ui,
        painter: &egui::Painter,
        graph: &Graph,
        rects: &[Rect],
        s: &Snapshot,
        rates: &LiveRates,
        palette: &Palette,
    ) -> Vec<Vec<Pos2>> {
        let moving = s.playback.playing && !s.playback.finished;
        let dt = if moving { ui.input(|i| i.stable_dt).min(0.1) } else { 0.0 };
        let st = &s.status;
        let mut badges = Vec::new();
        let mut paths = Vec::with_capacity(graph.edges.len());
        for (e, edge) in graph.edges.iter().enumerate() {
            let (Some(a), Some(b)) = (graph.index(edge.from), graph.index(edge.to)) else {
                paths.push(Vec::new());
                continue;
            };
            let path = draw::edge_path(rects[a], rects[b]);
            let rate = rates.edges[e];
            let phase = self.phases.entry((edge.from, edge.to)).or_insert(0.0);
            if rate > 0.0 {
                *phase = (*phase + dt * (25.0 + 20.0 * (1.0 + rate).log10() as f32)) % 1_000.0;
            }
            let share = rates.error_share(e);
            draw::edge(painter, &path, rate, *phase, look(*edge, share), palette);
            // A breaker guards a caller's calls to one service: a group's, a service's own
            // or a client's (the status names the caller `group`).
            if matches!(edge.kind, EdgeKind::Call | EdgeKind::Request) {
                let (caller, callee) = (graph::name(edge.from, st), graph::name(edge.to, st));
                if let Some(breaker) = st.breakers.iter().find(|k| k.group == caller && k.service == callee) {
                    badges.push((path[path.len() / 2], breaker));
                }
                // A node a screen reader (and a test) finds the edge by, a third of the way
                // along (the middle is the breaker's): its numbers in words, its tooltip on
                // hover, as the pointer near the line gets.
                let at = path[path.len() / 3];
                let rect = Rect::from_center_size(at, Vec2::splat(10.0)).intersect(painter.clip_rect());
                if rect.is_positive() {
                    let id = ui.scope_id().with(("edge", edge.from, edge.to));
                    let response = ui.interact(rect, id, Sense::hover());
                    let label = edge_label(*edge, st, rate, share);
                    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, label.clone()));
                    response.on_hover_ui(|ui| edge_tooltip(ui, *edge, s, rates, e));
                }
            }
            paths.push(path);
        }
        // Breakers sit on the call edges they guard, drawn over every edge.
        let current = crate::ui::cascade::current(ui.ctx(), s);
        for (at, breaker) in badges {
            // One that stopped the spread of the current incident: a bar across its edge,
            // in the colour of health kept, under its badge. Why it is there goes in the
            // badge's tooltip: the badge sits on the frame and takes the hover.
            let mut why = None;
            if let Some(stop) = current.as_ref().as_ref().and_then(|c| c.first_stop(&breaker.group, &breaker.service)) {
                let bar = egui::Rect::from_center_size(at, vec2(28.0, 28.0) * self.camera.zoom.max(0.6));
                painter.rect_stroke(bar, 4.0, egui::Stroke::new(3.0, BLUISH_GREEN), egui::StrokeKind::Outside);
                let label = tr_args(
                    "graph-breaker-stopped",
                    &[("group", breaker.group.clone().into()), ("service", breaker.service.clone().into())],
                );
                let id = ui.scope_id().with(("stopped", &breaker.group, &breaker.service));
                let response = ui.interact(bar.intersect(painter.clip_rect()), id, Sense::hover());
                response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, label.clone()));
                why = Some(super::cascade::stopped_why(stop));
            }
            let rect = draw::breaker_badge(painter, at, self.camera.zoom, breaker.state, palette);
            let id = ui.scope_id().with(("breaker", &breaker.group, &breaker.service));
            let response = ui.interact(rect.intersect(painter.clip_rect()), id, Sense::hover());
            let label = tr_args(
                "graph-breaker-label",
                &[
                    ("group", breaker.group.clone().into()),
                    ("service", breaker.service.clone().into()),
                    ("state", draw::breaker_word(breaker.state).into()),
                ],
            );
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, label.clone()));
            response.on_hover_ui(|ui| {
                breaker_tooltip(ui, breaker);
                if let Some(why) = &why {
                    ui.separator();
                    ui.label(egui::RichText::new(why).color(BLUISH_GREEN));
                }
            });
        }
        paths
    }

    #[allow(clippy::too_many_arguments)]
    fn node(
        &self,
        painter: &egui::Painter,
        kind: NodeKind,
        r: Rect,
        z: f32,
        s: &Snapshot,
        rates: &LiveRates,
        palette: &Palette,
        selected: bool,
        hovered: bool,
    ) {
        use graph::{BARS_HEIGHT, BOX_GAP, INSTANCE_BOX, LINE_HEIGHT, PADDING, REPLICA_BOX, TITLE_HEIGHT};
        let st = &s.status;
        // Under the title and `lines` lines of text: where bars or boxes go.
        let below_text = |lines: usize| {
            Rect::from_min_max(
                pos2(r.left() + PADDING * z, r.top() + (TITLE_HEIGHT + LINE_HEIGHT * lines as f32 + PADDING) * z),
                pos2(r.right() - PADDING * z, r.bottom() - PADDING * z),
            )
        };
        match kind {
            NodeKind::Producer(i) => {
                let Some(p) = st.producers.get(i) else { return };
                draw::node_frame(painter, r, z, palette, health::producer(p), selected, hovered);
                let line = if p.crashed {
                    tr("node-crashed")
                } else if p.partitioned {
                    tr("node-cut-off")
                } else if p.blocked {
                    tr("node-blocked")
                } else {
                    tr_args(
                        "node-producer",
                        &[
                            ("rate", format::rate(rates.produced[i]).into()),
                            ("produced", format::compact(p.produced as f64).into()),
                        ],
                    )
                };
                draw::node_text(painter, r, z, palette, &p.name, &[line]);
            }
            NodeKind::Client(i) => {
                let Some(c) = st.clients.get(i) else { return };
                let failing = client_failure_share(rates, i);
                draw::node_frame(painter, r, z, palette, client_health(failing), selected, hovered);
                let line = tr_args(
                    "node-client",
                    &[("rate", format::rate(rates.requests[i]).into()), ("percent", format::percent(failing).into())],
                );
                draw::node_text(painter, r, z, palette, &c.name, &[line]);
            }
            NodeKind::Topic(i) => {
                let Some(t) = st.topics.get(i) else { return };
                draw::node_frame(painter, r, z, palette, health::topic(t), selected, hovered);
                let n = t.partition_backlog.len();
                let line = tr_args(
                    "node-topic",
                    &[
                        ("partitions", n.into()),
                        ("held", format::compact(health::held(t) as f64).into()),
                        ("capacity", format::compact(t.capacity as f64).into()),
                    ],
                );
                draw::node_text(painter, r, z, palette, &t.name, &[line]);
                let mut bars = below_text(1);
                bars.set_height(BARS_HEIGHT * z);
                let per_partition = t.capacity as f64 / n.max(1) as f64;
                draw::partition_bars(painter, bars, &t.partition_backlog, per_partition, palette);
            }
            NodeKind::DeadLetterTopic(i) => {
                let Some(t) = st.topics.get(i) else { return };
                draw::node_frame(painter, r, z, palette, health::topic(t), selected, hovered);
                let line = tr_args(
                    "node-dead-letters",
                    &[
                        ("count", format::count(health::held(t)).into()),
                        ("rate", format::rate(rates.dead_letters[i]).into()),
                    ],
                );
                draw::node_text(painter, r, z, palette, &t.name, &[line]);
            }
            NodeKind::Group(g) => {
                let Some(group) = st.groups.get(g) else { return };
                let rate = health::group_failure_rate(s, &group.name);
                draw::node_frame(painter, r, z, palette, health::group_in(s, group), selected, hovered);
                let busy: u32 = group.instances.iter().map(|i| i.busy).sum();
                let (working, deployed) = health::instances_working(group);
                let lines = [
                    tr_args(
                        "node-group",
                        &[
                            ("rate", format::rate(rates.processed[g]).into()),
                            ("lag", format::compact(group.lag as f64).into()),
                            ("busy", busy.into()),
                        ],
                    ),
                    tr_args(
                        "node-group-working",
                        &[
                            ("working", working.into()),
                            ("deployed", deployed.into()),
                            ("percent", format::percent(f64::from(rate)).into()),
                        ],
                    ),
                ];
                draw::node_text(painter, r, z, palette, &group.name, &lines);
                let shown = graph::boxes_shown(group.instances.len(), INSTANCE_BOX);
                let per_row = graph::boxes_per_row(INSTANCE_BOX);
                let (side, gap) = (INSTANCE_BOX * z, BOX_GAP * z);
                let area = below_text(2);
                let instances = &group.instances[..shown];
                draw::instance_boxes(painter, area, side, gap, instances, group.concurrency, per_row, palette);
                if shown < group.instances.len() {
                    let place = draw::grid_box(area, shown, per_row, side, gap);
                    draw::more_boxes(painter, place, group.instances.len() - shown, palette);
                }
            }
            NodeKind::Service(v) => {
                let Some(sv) = st.services.get(v) else { return };
                draw::node_frame(painter, r, z, palette, health::service_in(s, sv), selected, hovered);
                let lines = [
                    tr_args(
                        "node-service",
                        &[
                            ("rate", format::rate(rates.calls[v]).into()),
                            ("percent", format::percent(f64::from(health::service_error_fraction(s, &sv.name))).into()),
                        ],
                    ),
                    service_condition(sv),
                ];
                draw::node_text(painter, r, z, palette, &sv.name, &lines);
                if sv.replicas.len() > 1 {
                    // The status gives the capacity of all replicas together.
                    let each = sv.capacity.map(|c| c / sv.replicas.len() as u32);
                    let shown = graph::boxes_shown(sv.replicas.len(), REPLICA_BOX);
                    let per_row = graph::boxes_per_row(REPLICA_BOX);
                    let (side, gap) = (REPLICA_BOX * z, BOX_GAP * z);
                    let area = below_text(2);
                    draw::replica_boxes(painter, area, side, gap, &sv.replicas[..shown], each, per_row, palette);
                    if shown < sv.replicas.len() {
                        let place = draw::grid_box(area, shown, per_row, side, gap);
                        draw::more_boxes(painter, place, sv.replicas.len() - shown, palette);
                    }
                }
            }
        }
    }
}

/// The counter whose rate an edge shows: what travelled along it, counted where it
/// arrived or where it left, whichever the status keeps per edge. An emit or a service's
/// publish counts its source's events to all its topics together (the status does not
/// split them by topic); a dead-letter edge from a topic (expiry) counts the dead letters
/// the target holds.
fn edge_counter(edge: &Edge, st: &SystemStatus) -> u64 {
    let name = |kind: NodeKind| graph::name(kind, st).to_string();
    let called = |to: NodeKind, by: NodeKind| match to {
        NodeKind::Service(v) => st.services.get(v).and_then(|sv| sv.callers.get(&name(by)).copied()).unwrap_or(0),
        _ => 0,
    };
    match (edge.kind, edge.from, edge.to) {
        (EdgeKind::Publish, NodeKind::Producer(i), _) => st.producers.get(i).map_or(0, |p| p.produced),
        (EdgeKind::Publish, NodeKind::Service(v), _) => st.services.get(v).map_or(0, |sv| sv.published),
        // What the caller finished (its refusals included), as Kiali counts the source's
        // requests; before its first call ends, what reached the service.
        (EdgeKind::Request | EdgeKind::Call, from, to) => match call_edge(edge, st) {
            Some(c) => c.calls,
            None => called(to, from),
        },
        (EdgeKind::Delivery, _, NodeKind::Group(g)) => st.groups.get(g).map_or(0, |g| g.ledger.received),
        (EdgeKind::Emit, NodeKind::Group(g), _) => st.groups.get(g).map_or(0, |g| g.emits.emitted),
        (EdgeKind::DeadLetter, NodeKind::Group(g), _) => st.groups.get(g).map_or(0, |g| g.ledger.dead_lettered),
        (EdgeKind::DeadLetter, _, NodeKind::DeadLetterTopic(t)) => st.topics.get(t).map_or(0, |t| t.backlog),
        _ => 0,
    }
}

/// An edge's colours: the flow in sky blue, a call or request in the colour of its own
/// error share (`share`, failed attempts over attempts) when that is not healthy — by the
/// thresholds a group's failure rate has — emits in bluish green and dead letters in
/// reddish purple, both dashed.
fn look(edge: Edge, share: f64) -> EdgeLook {
    let flow = EdgeLook { dots: SKY_BLUE, dashed: None, line: None };
    match edge.kind {
        EdgeKind::Call | EdgeKind::Request => match client_health(share) {
            Health::Ok => flow,
            h => EdgeLook { dots: h.color(), dashed: None, line: Some(h.color()) },
        },
        EdgeKind::Emit => EdgeLook { dots: BLUISH_GREEN, dashed: Some(BLUISH_GREEN), line: None },
        EdgeKind::DeadLetter => EdgeLook { dots: REDDISH_PURPLE, dashed: Some(REDDISH_PURPLE), line: None },
        _ => flow,
    }
}

/// The statistics of a call or request edge, as its caller saw them.
fn call_edge<'a>(edge: &Edge, st: &'a SystemStatus) -> Option<&'a crate::engine::status::CallEdgeStatus> {
    if !matches!(edge.kind, EdgeKind::Call | EdgeKind::Request) {
        return None;
    }
    let (caller, callee) = (graph::name(edge.from, st), graph::name(edge.to, st));
    st.call_edges.iter().find(|c| c.caller == caller && c.service == callee)
}

/// A call edge in words, for a screen reader: its ends, rate, error share and the health
/// that share gives it (its colour).
fn edge_label(edge: Edge, st: &SystemStatus, rate: f64, share: f64) -> String {
    tr_args(
        "edge-call-label",
        &[
            ("from", graph::name(edge.from, st).to_string().into()),
            ("to", graph::name(edge.to, st).to_string().into()),
            ("rate", format::rate(rate).into()),
            ("percent", format::percent(share).into()),
            ("health", client_health(share).word().into()),
        ],
    )
}

/// The edge whose path passes nearest `pointer`, within [`EDGE_HOVER`].
fn nearest_edge(paths: &[Vec<Pos2>], pointer: Pos2) -> Option<usize> {
    let distance = |path: &Vec<Pos2>| {
        path.windows(2)
            .map(|w| {
                let (a, b) = (w[0], w[1]);
                let t = ((pointer - a).dot(b - a) / (b - a).length_sq().max(f32::EPSILON)).clamp(0.0, 1.0);
                pointer.distance(a + (b - a) * t)
            })
            .fold(f32::INFINITY, f32::min)
    };
    paths
        .iter()
        .enumerate()
        .map(|(i, p)| (distance(p), i))
        .filter(|(d, _)| *d <= EDGE_HOVER)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, i)| i)
}

fn edge_tooltip(ui: &mut Ui, edge: Edge, s: &Snapshot, rates: &LiveRates, e: usize) {
    let st = &s.status;
    let (from, to) = (graph::name(edge.from, st), graph::name(edge.to, st));
    let kind = match edge.kind {
        EdgeKind::Publish => "publish",
        EdgeKind::Request => "request",
        EdgeKind::Delivery => "delivery",
        EdgeKind::Call => "call",
        EdgeKind::Emit => "emit",
        EdgeKind::DeadLetter => "dead-letter",
    };
    let (what, unit) = (tr(&format!("edge-{kind}")), tr(&format!("edge-{kind}-unit")));
    let ends = [("from", Arg::from(from.to_string())), ("to", Arg::from(to.to_string())), ("what", Arg::from(what))];
    ui.label(RichText::new(tr_args("edge-title", &ends)).strong());
    let row = |ui: &mut Ui, k: &str, v: String| {
        ui.label(tr(k));
        ui.label(RichText::new(v).strong());
        ui.end_row();
    };
    egui::Grid::new("edge-tip").show(ui, |ui| {
        row(ui, "edge-rate", format!("{} ({unit})", format::rate(rates.edges[e])));
        let Some(c) = call_edge(&edge, st) else { return };
        let share = rates.error_share(e);
        row(ui, "edge-error-share", format!("{} · {}", format::percent(share), client_health(share).word()));
        row(
            ui,
            "edge-latency-p50-p95",
            format!("{} · {}", format::millis(c.latency_ms_p50), format::millis(c.latency_ms_p95)),
        );
        row(ui, "edge-retries-rate", format::rate(rates.edges_retries[e]));
        let failed: Vec<String> = c.errors.iter().map(|(class, n)| format!("{} {class}", format::count(*n))).collect();
        row(
            ui,
            "edge-totals",
            tr_args(
                "edge-totals-value",
                &[
                    ("calls", format::count(c.calls).into()),
                    ("failed", format::count(c.failed).into()),
                    ("retries", format::count(c.retries).into()),
                ],
            ),
        );
        if !failed.is_empty() {
            row(ui, "edge-failed-by-class", failed.join(" · "));
        }
        if let NodeKind::Service(v) = edge.to
            && let Some(sv) = st.services.get(v)
        {
            row(ui, "edge-callee-errors", format::percent(f64::from(health::service_error_fraction(s, &sv.name))));
        }
    });
    if call_edge(&edge, st).is_some() {
        ui.label(RichText::new(tr("edge-call-help")).italics());
    }
}

/// Failed requests over requests sent, over the rates' last window.
fn client_failure_share(rates: &LiveRates, i: usize) -> f64 {
    let sent = rates.requests[i];
    if sent > 0.0 { (rates.requests_failed[i] / sent).min(1.0) } else { 0.0 }
}

/// A client's health from the share of its requests failing, by the thresholds a group's
/// failure rate has.
fn client_health(failure_share: f64) -> Health {
    health::failure_level(failure_share as f32)
}

fn breaker_tooltip(ui: &mut Ui, b: &crate::engine::status::BreakerStatus) {
    let names = [("group", Arg::from(b.group.clone())), ("service", Arg::from(b.service.clone()))];
    ui.label(RichText::new(tr_args("breaker-tip-title", &names)).strong());
    ui.label(tr("breaker-tip-help"));
    let pct = |v: Option<f32>| v.map_or(tr("breaker-too-few-calls"), |p| format!("{p:.1} %"));
    egui::Grid::new("breaker-tip").show(ui, |ui| {
        let mut row = |k: &str, v: String| {
            ui.label(tr(k));
            ui.label(RichText::new(v).strong());
            ui.end_row();
        };
        let opens_at = |rate: String, threshold: f32| {
            tr_args("breaker-opens-at", &[("rate", rate.into()), ("threshold", format!("{threshold:.0}").into())])
        };
        row("breaker-state", draw::breaker_word(b.state));
        row("breaker-failure-rate", opens_at(pct(b.failure_rate_pct), b.failure_threshold_pct));
        row("breaker-slow-calls", opens_at(pct(b.slow_call_rate_pct), b.slow_call_threshold_pct));
        row(
            "breaker-window",
            tr_args(
                "breaker-window-value",
                &[
                    ("window", b.window.render(crate::i18n::lang()).into()),
                    ("calls", b.window_calls.into()),
                    ("failed", b.window_failed.into()),
                    ("slow", b.window_slow.into()),
                ],
            ),
        );
        row("breaker-minimum-calls", b.minimum_calls.to_string());
        row("breaker-calls-refused", format::count(b.calls_not_permitted));
        if let Some(until) = b.open_until {
            row("breaker-open-until", format::clock(until));
        }
        if let Some(t) = b.recent_transitions.last() {
            let change = format!(
                "{} {} ➡ {}: {}",
                format::clock(t.at),
                super::breakers::state_word(t.from),
                super::breakers::state_word(t.to),
                t.cause.render(crate::i18n::lang())
            );
            row("breaker-last-change", format::printable(&change).into_owned());
        }
    });
}

/// A service's fault in effect, or its total calls when it has none; with several
/// replicas, how many are down or ejected first.
fn service_condition(sv: &crate::engine::status::ServiceStatus) -> String {
    let replicas = sv.replicas.len();
    let down = sv.replicas.iter().filter(|r| !r.up).count();
    let ejected = sv
        .replicas
        .iter()
        .filter(|r| r.up && (r.ejected_until.is_some() || r.probe.is_some_and(|p| p.unhealthy)))
        .count();
    if !sv.up {
        if replicas > 1 { tr_args("svc-down-all", &[("replicas", replicas.into())]) } else { tr("svc-down") }
    } else if replicas > 1 && down + ejected > 0 {
        tr_args(
            "svc-replicas-down",
            &[("replicas", replicas.into()), ("down", down.into()), ("ejected", ejected.into())],
        )
    } else if sv.slow_factor > 1.0 {
        tr_args("svc-slowed", &[("factor", format::compact(sv.slow_factor).into())])
    } else if sv.fault_error_rate > 0.0 {
        tr_args("svc-errors", &[("percent", format::percent(sv.fault_error_rate).into())])
    } else if replicas > 1 {
        tr_args(
            "svc-replicas",
            &[
                ("replicas", replicas.into()),
                ("balance", balance_word(sv.balance).into()),
                ("calls", format::compact(sv.calls as f64).into()),
            ],
        )
    } else {
        tr_args("svc-total-calls", &[("calls", format::compact(sv.calls as f64).into())])
    }
}

pub(crate) fn balance_word(balance: crate::scenario::Balance) -> String {
    use crate::scenario::Balance;
    tr(match balance {
        Balance::RoundRobin => "balance-round-robin",
        Balance::Random => "balance-random",
        Balance::LeastRequest => "balance-least-request",
        Balance::PowerOfTwoChoices => "balance-two-choices",
        Balance::HashMod => "balance-hash-mod",
        Balance::RingHash { virtual_nodes } => {
            return tr_args("balance-ring-hash", &[("points", virtual_nodes.to_string().into())]);
        }
    })
}

/// Replicas listed one per row in a service's tooltip; the rest are summed up.
const REPLICAS_LISTED: usize = 12;

/// Each replica of a service with several, as one line (up to [`REPLICAS_LISTED`], then
/// how many more): up or down, ejected, its load, calls, errors and ejections.
pub(crate) fn replica_lines(sv: &crate::engine::status::ServiceStatus) -> Vec<(String, String)> {
    // The status gives the capacity of all replicas together.
    let each = sv.capacity.map_or("∞".to_string(), |c| (c / sv.replicas.len().max(1) as u32).to_string());
    let mut lines: Vec<(String, String)> = sv
        .replicas
        .iter()
        .take(REPLICAS_LISTED)
        .map(|r| {
            let state = match (r.up, r.ejected_until, r.probe) {
                (false, _, Some(p)) if p.unhealthy => tr("replica-down-hc-ejected"),
                (false, _, _) => tr("replica-down"),
                (true, _, Some(p)) if p.unhealthy => tr_args(
                    "replica-hc-ejected",
                    &[("passing", p.passing.into()), ("threshold", p.healthy_threshold.into())],
                ),
                (true, Some(until), _) => tr_args("replica-ejected", &[("until", format::clock(until).into())]),
                (true, None, _) => tr("replica-up"),
            };
            // Failing probes below the threshold: the check has noticed, not yet acted.
            let state = match r.probe {
                Some(p) if !p.unhealthy && p.failing > 0 => format!(
                    "{state}, {}",
                    tr_args(
                        "replica-hc-failing",
                        &[("failing", p.failing.into()), ("threshold", p.unhealthy_threshold.into())]
                    )
                ),
                _ => state,
            };
            let text = tr_args(
                "replica-line",
                &[
                    ("state", state.into()),
                    ("active", r.active.into()),
                    ("each", each.clone().into()),
                    ("queued", format::count(r.waiting).into()),
                    ("calls", format::count(r.calls).into()),
                    ("errors", format::count(r.errors).into()),
                    ("ejections", r.ejections.into()),
                ],
            );
            (r.name.clone(), text)
        })
        .collect();
    if sv.replicas.len() > REPLICAS_LISTED {
        lines.push(("…".into(), tr_args("replica-more", &[("count", (sv.replicas.len() - REPLICAS_LISTED).into())])));
    }
    lines
}

fn replica_rows(ui: &mut Ui, sv: &crate::engine::status::ServiceStatus) {
    for (name, text) in replica_lines(sv) {
        ui.label(name);
        ui.label(RichText::new(text).strong());
        ui.end_row();
    }
}

fn tooltip(ui: &mut Ui, kind: NodeKind, s: &Snapshot, rates: &LiveRates) {
    let st = &s.status;
    let row = |ui: &mut Ui, k: &str, v: String| {
        ui.label(tr(k));
        ui.label(RichText::new(v).strong());
        ui.end_row();
    };
    match kind {
        NodeKind::Producer(i) => {
            let p: &ProducerStatus = &st.producers[i];
            ui.label(RichText::new(tr_args("tip-producer", &[("name", p.name.clone().into())])).strong());
            egui::Grid::new("tip").show(ui, |ui| {
                row(ui, "tip-publishes-to", p.topic.clone());
                row(ui, "tip-configured-rate", format::rate(p.mean_rate_per_second));
                row(ui, "tip-measured-rate", format::rate(rates.produced[i]));
                row(ui, "tip-produced", format::count(p.produced));
                row(ui, "tip-rejected-topic-full", format::count(p.rejected));
                row(ui, "tip-state", tr(if p.blocked { "tip-blocked" } else { "tip-publishing" }));
            });
        }
        NodeKind::Client(i) => {
            let c: &ClientStatus = &st.clients[i];
            ui.label(RichText::new(tr_args("tip-client", &[("name", c.name.clone().into())])).strong());
            egui::Grid::new("tip").show(ui, |ui| {
                row(ui, "tip-requests", format!("{} ({})", format::count(c.requests), format::rate(rates.requests[i])));
                row(ui, "tip-succeeded", format::count(c.succeeded));
                let failed: Vec<String> =
                    c.failed.iter().map(|(class, n)| format!("{} {class}", format::count(*n))).collect();
                row(ui, "tip-failed", if failed.is_empty() { tr("tip-none") } else { failed.join(" · ") });
                row(ui, "tip-failing-now", format::percent(client_failure_share(rates, i)));
                row(ui, "tip-waiting-for-an-answer", format::count(c.in_flight));
                row(
                    ui,
                    "tip-latency-p50-p99",
                    format!("{} · {}", format::millis(c.latency.p50), format::millis(c.latency.p99)),
                );
            });
            ui.label(tr("tip-client-help"));
            return;
        }
        NodeKind::Topic(i) | NodeKind::DeadLetterTopic(i) => {
            let t: &TopicStatus = &st.topics[i];
            ui.label(
                RichText::new(format!(
                    "{} {}",
                    tr(if t.is_dead_letter_target { "tip-dead-letter-topic" } else { "tip-topic" }),
                    t.name
                ))
                .strong(),
            );
            egui::Grid::new("tip").show(ui, |ui| {
                row(ui, "tip-held", health::held_of_capacity(t));
                row(ui, "tip-highest-so-far", format::count(t.max_backlog));
                if !t.is_dead_letter_target {
                    let shown: Vec<String> =
                        t.partition_backlog.iter().take(12).map(|n| format::compact(*n as f64)).collect();
                    let more = if t.partition_backlog.len() > 12 { " …" } else { "" };
                    row(ui, "tip-per-partition", format!("{}{more}", shown.join(" · ")));
                }
            });
            ui.label(tr("tip-topic-help"));
        }
        NodeKind::Group(g) => {
            let group = &st.groups[g];
            ui.label(RichText::new(tr_args("tip-group", &[("name", group.name.clone().into())])).strong());
            egui::Grid::new("tip").show(ui, |ui| {
                row(ui, "tip-reads", group.topic.clone());
                row(
                    ui,
                    "tip-processed",
                    format!("{} ({})", format::count(group.processed), format::rate(rates.processed[g])),
                );
                row(ui, "tip-lag", format::count(group.lag));
                row(ui, "tip-attempts", format::count(group.attempts));
                row(ui, "tip-waiting-to-retry", format::count(group.retrying));
                row(ui, "tip-failed-attempts", format::percent(f64::from(health::group_failure_rate(s, &group.name))));
                row(
                    ui,
                    "tip-workers",
                    tr_args(
                        "tip-workers-value",
                        &[("instances", group.instances.len().into()), ("concurrency", group.concurrency.into())],
                    ),
                );
            });
            ui.label(tr("tip-group-help"));
        }
        NodeKind::Service(v) => {
            let sv = &st.services[v];
            ui.label(RichText::new(tr_args("tip-service", &[("name", sv.name.clone().into())])).strong());
            egui::Grid::new("tip").show(ui, |ui| {
                row(ui, "tip-calls", format!("{} ({})", format::count(sv.calls), format::rate(rates.calls[v])));
                row(
                    ui,
                    "tip-errors",
                    tr_args(
                        "tip-errors-value",
                        &[
                            ("errors", format::count(sv.errors).into()),
                            ("percent", format::percent(f64::from(health::service_error_fraction(s, &sv.name))).into()),
                        ],
                    ),
                );
                row(
                    ui,
                    "tip-active",
                    tr_args(
                        "tip-active-value",
                        &[
                            ("active", sv.active.into()),
                            ("capacity", sv.capacity.map_or(tr("tip-unlimited"), |c| c.to_string()).into()),
                        ],
                    ),
                );
                row(ui, "tip-queued-inside", format::count(sv.waiting));
                if sv.replicas.len() > 1 {
                    row(ui, "tip-balancing", balance_word(sv.balance));
                    replica_rows(ui, sv);
                }
            });
        }
    }
    ui.label(RichText::new(tr("graph-click-help")).italics());
}

/// One row (scrolling sideways on a narrow window rather than taking a second row from
/// the graph).
fn legend(ui: &mut Ui, palette: &Palette) {
    let row = egui::Layout::left_to_right(egui::Align::Center);
    egui::ScrollArea::horizontal().id_salt("topology-legend").auto_shrink([false, true]).show(ui, |ui| {
        ui.with_layout(row, |ui| {
            ui.spacing_mut().item_spacing.x = 10.0;
            for health in [Health::Ok, Health::Degraded, Health::Failing] {
                let text = RichText::new(format!("{} {}", health.symbol(), health.word()))
                    .color(palette.text_color(health.color()));
                ui.label(text).on_hover_text(tr(match health {
                    Health::Ok => "legend-ok-help",
                    Health::Degraded => "legend-degraded-help",
                    Health::Failing => "legend-failing-help",
                }));
            }
            ui.separator();
            let sample = |ui: &mut Ui, paint: &dyn Fn(&egui::Painter, egui::Rect), label: &str, help: &str| {
                let (rect, response) = ui.allocate_exact_size(vec2(16.0, 16.0), Sense::hover());
                paint(ui.painter(), rect);
                let (label, help) = (tr(label), tr(help));
                response.on_hover_text(&help);
                ui.label(label).on_hover_text(help);
            };
            sample(
                ui,
                &|p, r| draw::partition_bars(p, r.shrink2(vec2(4.0, 0.0)), &[6], 10.0, palette),
                "legend-partition",
                "legend-partition-help",
            );
            let up = [crate::engine::status::InstanceStatus { up: true, busy: 1, ..Default::default() }];
            // (InstanceStatus defaults to the Up state.)
            sample(
                ui,
                &|p, r| draw::instance_boxes(p, r, r.height(), 0.0, &up, 2, 1, palette),
                "legend-instance-up",
                "legend-instance-up-help",
            );
            use crate::engine::status::{InstanceState, InstanceStatus};
            let down = InstanceStatus { state: InstanceState::Down, ..Default::default() };
            sample(
                ui,
                &|p, r| draw::instance_box(p, r.expand(1.0), &down, 1, palette),
                "legend-down",
                "legend-down-help",
            );
            let restarting = InstanceStatus { state: InstanceState::Restarting, ..Default::default() };
            sample(
                ui,
                &|p, r| draw::instance_box(p, r.expand(1.0), &restarting, 1, palette),
                "legend-restarting",
                "legend-restarting-help",
            );
            ui.separator();
            let line = |r: egui::Rect| [r.left_center(), r.right_center()];
            let flows = [
                (EdgeLook { dots: SKY_BLUE, dashed: None, line: None }, "legend-flow", "legend-flow-help"),
                (
                    EdgeLook { dots: BLUISH_GREEN, dashed: Some(BLUISH_GREEN), line: None },
                    "legend-emit",
                    "legend-emit-help",
                ),
                (
                    EdgeLook { dots: REDDISH_PURPLE, dashed: Some(REDDISH_PURPLE), line: None },
                    "legend-dead-letters",
                    "legend-dead-letters-help",
                ),
            ];
            for (look, label, help) in flows {
                sample(
                    ui,
                    &|p, r| draw::edge(p, &line(r.expand2(vec2(6.0, 0.0))), 100.0, 4.0, look, palette),
                    label,
                    help,
                );
            }
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::theme::{ORANGE, VERMILLION};

    #[test]
    fn a_call_edge_takes_the_colour_of_its_own_error_share() {
        let call = Edge { from: NodeKind::Group(0), to: NodeKind::Service(0), kind: EdgeKind::Call };
        let request = Edge { kind: EdgeKind::Request, ..call };
        // The group thresholds: degraded from 5 %, failing from 50 %.
        assert_eq!(look(call, 0.049), EdgeLook { dots: SKY_BLUE, dashed: None, line: None });
        assert_eq!(look(call, 0.05), EdgeLook { dots: ORANGE, dashed: None, line: Some(ORANGE) });
        assert_eq!(look(request, 0.5), EdgeLook { dots: VERMILLION, dashed: None, line: Some(VERMILLION) });
        // Emits and dead letters keep their own look whatever the share.
        let emit = Edge { kind: EdgeKind::Emit, ..call };
        assert_eq!(look(emit, 0.9).dashed, Some(BLUISH_GREEN));
        let dead = Edge { kind: EdgeKind::DeadLetter, ..call };
        assert_eq!(look(dead, 0.9).dashed, Some(REDDISH_PURPLE));
    }
}
