//! The topology view: the system as a graph, live. Producers → topics (a bar per
//! partition) → consumer groups (a box per instance) → services and dead-letter topics.
//! Colour, shape and pattern show each component's state; dots on the edges move with
//! throughput; hover shows live numbers; a click selects (and opens the detail panel).

mod draw;
mod layout;
mod rates;

use crate::engine::status::{ProducerStatus, TopicStatus};
use crate::scenario::OnExhausted;
use crate::ui::command::{Command, Component};
use crate::ui::format;
use crate::ui::health;
use crate::ui::snapshot::Snapshot;
use crate::ui::theme::{Health, Palette, REDDISH_PURPLE, SKY_BLUE};
use egui::{RichText, Sense, Ui, pos2, vec2};
use layout::{Layout, NodeKind};
use rates::Rates;
use std::collections::BTreeMap;

/// Room for the legend row under the graph.
const LEGEND_HEIGHT: f32 = 30.0;

/// Live rates of the components, per virtual second.
#[derive(Default)]
struct LiveRates {
    produced: Vec<f64>,
    processed: Vec<f64>,
    calls: Vec<f64>,
    /// Dead letters arriving, per topic (zero for ordinary topics).
    dead_letters: Vec<f64>,
}

#[derive(Default)]
pub struct TopologyView {
    selected: Option<Component>,
    rates: Rates,
    /// Travel of each edge's dots, in pixels.
    phases: BTreeMap<(NodeKind, NodeKind), f32>,
}

impl TopologyView {
    pub fn set_selected(&mut self, selected: Option<Component>) {
        self.selected = selected;
    }

    /// Height the view needs at `width` to show every node and the legend.
    pub fn preferred_height(s: &Snapshot, width: f32) -> f32 {
        layout::compute(&s.status, pos2(0.0, 0.0), width, 0.0).size.y + LEGEND_HEIGHT
    }

    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        let rates = self.live_rates(s);
        let palette = Palette::of(ui.visuals());
        let mut command = None;
        // The app sizes the view (a short window leaves it little); the graph scrolls inside,
        // and the legend gives its row to the graph unless both fit whole.
        let with_legend = ui.available_height() >= Self::preferred_height(s, ui.available_width()) - 1.0;
        let legend_height = if with_legend { LEGEND_HEIGHT } else { 0.0 };
        let min_height = (ui.available_height() - legend_height).max(40.0);
        egui::ScrollArea::vertical().id_salt("topology").auto_shrink([false, false]).max_height(min_height).show(
            ui,
            |ui| {
                let origin = ui.cursor().min;
                let layout = layout::compute(&s.status, origin, ui.available_width(), min_height);
                let (area, background) = ui.allocate_exact_size(layout.size, Sense::click());
                if background.clicked() {
                    command = Some(Command::Select(None));
                }
                let painter = ui.painter_at(area);
                draw::column_headers(&painter, area.top(), &layout.column_x, &palette);
                self.edges(ui, &painter, &layout, s, &rates, &palette);
                for node in &layout.nodes {
                    let id = ui.scope_id().with(("node", node.component.kind(), node.component.name()));
                    let response = ui.interact(node.rect, id, Sense::click());
                    let label = node.component.name().to_string();
                    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label.clone()));
                    let selected = self.selected.as_ref() == Some(&node.component);
                    self.node(&painter, node, s, &rates, &palette, selected, response.hovered());
                    let response = response.on_hover_ui(|ui| tooltip(ui, node.kind, s, &rates));
                    if response.clicked() {
                        command = Some(Command::Select(if selected { None } else { Some(node.component.clone()) }));
                    }
                }
            },
        );
        if with_legend {
            legend(ui, &palette);
        }
        command
    }

    fn live_rates(&mut self, s: &Snapshot) -> LiveRates {
        self.rates.begin(s.generation);
        let now = s.now;
        let st = &s.status;
        LiveRates {
            produced: st
                .producers
                .iter()
                .map(|p| self.rates.observe(&format!("p:{}", p.name), now, p.produced))
                .collect(),
            processed: st
                .groups
                .iter()
                .map(|g| self.rates.observe(&format!("g:{}", g.name), now, g.processed))
                .collect(),
            calls: st.services.iter().map(|v| self.rates.observe(&format!("s:{}", v.name), now, v.calls)).collect(),
            dead_letters: st
                .topics
                .iter()
                .map(|t| {
                    if t.is_dead_letter_target {
                        self.rates.observe(&format!("d:{}", t.name), now, t.partition_backlog.iter().sum())
                    } else {
                        0.0
                    }
                })
                .collect(),
        }
    }

    fn edges(
        &mut self,
        ui: &Ui,
        painter: &egui::Painter,
        layout: &Layout,
        s: &Snapshot,
        rates: &LiveRates,
        palette: &Palette,
    ) {
        let moving = s.playback.playing && !s.playback.finished;
        let dt = if moving { ui.input(|i| i.stable_dt).min(0.1) } else { 0.0 };
        let st = &s.status;
        let topic_index = |name: &str| st.topics.iter().position(|t| t.name == name);
        let mut edges: Vec<(NodeKind, NodeKind, f64, egui::Color32)> = Vec::new();
        for (i, p) in st.producers.iter().enumerate() {
            if let Some(t) = topic_index(&p.topic) {
                edges.push((NodeKind::Producer(i), NodeKind::Topic(t), rates.produced[i], SKY_BLUE));
            }
        }
        for (g, group) in st.groups.iter().enumerate() {
            if let Some(t) = topic_index(&group.topic) {
                edges.push((NodeKind::Topic(t), NodeKind::Group(g), rates.processed[g], SKY_BLUE));
            }
            let Some(spec) = s.scenario.consumers.iter().find(|c| c.name == group.name) else { continue };
            for call in &spec.handler.calls {
                if let Some(v) = st.services.iter().position(|x| &x.name == call) {
                    let color = health::service_in(s, &st.services[v]).color();
                    let color = if color == Health::Ok.color() { SKY_BLUE } else { color };
                    edges.push((NodeKind::Group(g), NodeKind::Service(v), rates.calls[v], color));
                }
            }
            if let OnExhausted::DeadLetter(name) = &spec.on_exhausted
                && let Some(t) = topic_index(name)
            {
                edges.push((NodeKind::Group(g), NodeKind::DeadLetterTopic(t), rates.dead_letters[t], REDDISH_PURPLE));
            }
        }
        for spec in &s.scenario.topics {
            if let (Some(from), Some(to)) = (topic_index(&spec.name), spec.expired_to.as_deref().and_then(topic_index))
            {
                edges.push((
                    NodeKind::Topic(from),
                    NodeKind::DeadLetterTopic(to),
                    rates.dead_letters[to],
                    REDDISH_PURPLE,
                ));
            }
        }
        let mut badges = Vec::new();
        for (from, to, rate, color) in edges {
            let (Some(a), Some(b)) = (layout.find(from), layout.find(to)) else { continue };
            let path = draw::edge_path(pos2(a.rect.right(), a.rect.center().y), pos2(b.rect.left(), b.rect.center().y));
            let phase = self.phases.entry((from, to)).or_insert(0.0);
            if rate > 0.0 {
                *phase = (*phase + dt * (25.0 + 20.0 * (1.0 + rate).log10() as f32)) % 1_000.0;
            }
            draw::edge(painter, &path, rate, *phase, color, palette);
            if let (NodeKind::Group(g), NodeKind::Service(v)) = (from, to)
                && let Some(breaker) =
                    st.breakers.iter().find(|k| k.group == st.groups[g].name && k.service == st.services[v].name)
            {
                badges.push((path[path.len() / 2], breaker));
            }
        }
        // Breakers sit on the call edges they guard, drawn over every edge.
        for (at, breaker) in badges {
            let rect = draw::breaker_badge(painter, at, breaker.state, palette);
            let id = ui.scope_id().with(("breaker", &breaker.group, &breaker.service));
            let response = ui.interact(rect, id, Sense::hover());
            let label =
                format!("breaker {} to {}: {}", breaker.group, breaker.service, draw::breaker_word(breaker.state));
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, label.clone()));
            response.on_hover_ui(|ui| breaker_tooltip(ui, breaker));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn node(
        &self,
        painter: &egui::Painter,
        node: &layout::Node,
        s: &Snapshot,
        rates: &LiveRates,
        palette: &Palette,
        selected: bool,
        hovered: bool,
    ) {
        let r = node.rect;
        let st = &s.status;
        match node.kind {
            NodeKind::Producer(i) => {
                let p = &st.producers[i];
                draw::node_frame(painter, r, palette, health::producer(p), selected, hovered);
                let mut lines = vec![format!("{} ➡ {}", format::rate(rates.produced[i]), p.topic)];
                lines.push(if p.crashed {
                    "crashed".into()
                } else if p.partitioned {
                    "cut off from the broker".into()
                } else if p.blocked {
                    "blocked: topic full".into()
                } else {
                    format!("produced {}", format::compact(p.produced as f64))
                });
                draw::node_text(painter, r, palette, &p.name, &lines);
            }
            NodeKind::Topic(i) => {
                let t = &st.topics[i];
                draw::node_frame(painter, r, palette, health::topic(t), selected, hovered);
                let held = health::held(t);
                let n = t.partition_backlog.len();
                let lines = [format!(
                    "{n} partition{} · {} / {}",
                    if n == 1 { "" } else { "s" },
                    format::compact(held as f64),
                    format::compact(t.capacity as f64)
                )];
                draw::node_text(painter, r, palette, &t.name, &lines);
                let bars = egui::Rect::from_min_max(
                    pos2(r.left() + 8.0, r.top() + 46.0),
                    pos2(r.right() - 8.0, r.bottom() - 8.0),
                );
                let per_partition = t.capacity as f64 / t.partition_backlog.len().max(1) as f64;
                draw::partition_bars(painter, bars, &t.partition_backlog, per_partition, palette);
            }
            NodeKind::DeadLetterTopic(i) => {
                let t = &st.topics[i];
                draw::node_frame(painter, r, palette, health::topic(t), selected, hovered);
                let held = health::held(t);
                let lines =
                    [format!("{} dead letters · +{}", format::count(held), format::rate(rates.dead_letters[i]))];
                draw::node_text(painter, r, palette, &t.name, &lines);
            }
            NodeKind::Group(g) => {
                let group = &st.groups[g];
                let rate = health::group_failure_rate(s, &group.name);
                draw::node_frame(painter, r, palette, health::group_in(s, group), selected, hovered);
                let busy: u32 = group.instances.iter().map(|i| i.busy).sum();
                let (working, deployed) = health::instances_working(group);
                let lines = [
                    format!(
                        "lag {} · busy {busy} · {}",
                        format::compact(group.lag as f64),
                        format::rate(rates.processed[g])
                    ),
                    format!("{working}/{deployed} working · fails {}", format::percent(f64::from(rate))),
                ];
                draw::node_text(painter, r, palette, &group.name, &lines);
                let boxes = egui::Rect::from_min_max(pos2(r.left() + 8.0, r.top() + 62.0), r.max);
                draw::instance_boxes(
                    painter,
                    boxes,
                    &group.instances,
                    group.concurrency,
                    layout::instances_per_row(r.width()),
                    palette,
                );
            }
            NodeKind::Service(v) => {
                let sv = &st.services[v];
                draw::node_frame(painter, r, palette, health::service_in(s, sv), selected, hovered);
                let capacity = sv.capacity.map_or("∞".to_string(), |c| c.to_string());
                let lines = [
                    format!(
                        "calls {} · errors {}",
                        format::rate(rates.calls[v]),
                        format::percent(f64::from(health::service_error_fraction(s, &sv.name)))
                    ),
                    format!("active {}/{capacity} · queued {}", sv.active, format::compact(sv.waiting as f64)),
                    service_condition(sv),
                ];
                draw::node_text(painter, r, palette, &sv.name, &lines);
            }
        }
    }
}

fn breaker_tooltip(ui: &mut Ui, b: &crate::engine::status::BreakerStatus) {
    ui.label(RichText::new(format!("Circuit breaker on {} calling {}", b.group, b.service)).strong());
    ui.label("Counts the calls in its window; past the failure (or slow-call) threshold it opens and refuses calls at once, then lets a few probes through (half-open) before closing.");
    let pct = |v: Option<f32>| v.map_or("– (too few calls)".to_string(), |p| format!("{p:.1} %"));
    egui::Grid::new("breaker-tip").show(ui, |ui| {
        let mut row = |k: &str, v: String| {
            ui.label(k);
            ui.label(RichText::new(v).strong());
            ui.end_row();
        };
        row("state", draw::breaker_word(b.state));
        row("failure rate", format!("{} (opens at {:.0} %)", pct(b.failure_rate_pct), b.failure_threshold_pct));
        row("slow calls", format!("{} (opens at {:.0} %)", pct(b.slow_call_rate_pct), b.slow_call_threshold_pct));
        row(
            "window",
            format!("{}: {} calls, {} failed, {} slow", b.window, b.window_calls, b.window_failed, b.window_slow),
        );
        row("minimum calls", b.minimum_calls.to_string());
        row("calls refused", format::count(b.calls_not_permitted));
        if let Some(until) = b.open_until {
            row("open until", format::clock(until));
        }
        if let Some(t) = b.recent_transitions.last() {
            let change = format!("{} {} ➡ {}: {}", format::clock(t.at), t.from, t.to, t.reason);
            row("last change", format::printable(&change).into_owned());
        }
    });
}

/// A service's fault in effect, or its total calls when it has none; with several
/// replicas, how many are down or ejected first.
fn service_condition(sv: &crate::engine::status::ServiceStatus) -> String {
    let replicas = sv.replicas.len();
    let down = sv.replicas.iter().filter(|r| !r.up).count();
    let ejected = sv.replicas.iter().filter(|r| r.ejected_until.is_some()).count();
    if !sv.up {
        if replicas > 1 { format!("DOWN: all {replicas} replicas (fault)") } else { "DOWN (fault)".into() }
    } else if replicas > 1 && down + ejected > 0 {
        format!("{replicas} replicas: {down} down · {ejected} ejected")
    } else if sv.slow_factor > 1.0 {
        format!("slowed ×{} (fault)", format::compact(sv.slow_factor))
    } else if sv.fault_error_rate > 0.0 {
        format!("+{} errors (fault)", format::percent(sv.fault_error_rate))
    } else if replicas > 1 {
        format!("{replicas} replicas ({}) · {} calls", balance_word(sv.balance), format::compact(sv.calls as f64))
    } else {
        format!("total {} calls", format::compact(sv.calls as f64))
    }
}

pub(crate) fn balance_word(balance: crate::scenario::Balance) -> &'static str {
    match balance {
        crate::scenario::Balance::RoundRobin => "round robin",
        crate::scenario::Balance::Random => "random",
        crate::scenario::Balance::LeastRequest => "least request",
        crate::scenario::Balance::PowerOfTwoChoices => "two choices",
    }
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
            let state = match (r.up, r.ejected_until) {
                (false, _) => "DOWN".to_string(),
                (true, Some(until)) => format!("ejected until {}", format::clock(until)),
                (true, None) => "up".to_string(),
            };
            let text = format!(
                "{state} · active {}/{each} · queued {} · {} calls, {} errors, {} ejections",
                r.active,
                format::count(r.waiting),
                format::count(r.calls),
                format::count(r.errors),
                r.ejections
            );
            (r.name.clone(), text)
        })
        .collect();
    if sv.replicas.len() > REPLICAS_LISTED {
        lines.push(("…".into(), format!("and {} more replicas", sv.replicas.len() - REPLICAS_LISTED)));
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
        ui.label(k);
        ui.label(RichText::new(v).strong());
        ui.end_row();
    };
    match kind {
        NodeKind::Producer(i) => {
            let p: &ProducerStatus = &st.producers[i];
            ui.label(RichText::new(format!("Producer {}", p.name)).strong());
            egui::Grid::new("tip").show(ui, |ui| {
                row(ui, "publishes to", p.topic.clone());
                row(ui, "configured rate", format::rate(p.mean_rate_per_second));
                row(ui, "measured rate", format::rate(rates.produced[i]));
                row(ui, "produced", format::count(p.produced));
                row(ui, "rejected (topic full)", format::count(p.rejected));
                row(ui, "state", if p.blocked { "blocked: waiting for room".into() } else { "publishing".into() });
            });
        }
        NodeKind::Topic(i) | NodeKind::DeadLetterTopic(i) => {
            let t: &TopicStatus = &st.topics[i];
            ui.label(
                RichText::new(format!(
                    "{} {}",
                    if t.is_dead_letter_target { "Dead-letter topic" } else { "Topic" },
                    t.name
                ))
                .strong(),
            );
            egui::Grid::new("tip").show(ui, |ui| {
                row(ui, "held", health::held_of_capacity(t));
                row(ui, "highest so far", format::count(t.max_backlog));
                if !t.is_dead_letter_target {
                    let shown: Vec<String> =
                        t.partition_backlog.iter().take(12).map(|n| format::compact(*n as f64)).collect();
                    let more = if t.partition_backlog.len() > 12 { " …" } else { "" };
                    row(ui, "per partition", format!("{}{more}", shown.join(" · ")));
                }
            });
            ui.label("Bars: one per partition, filled by its share of the capacity (hatched when nearly full).");
        }
        NodeKind::Group(g) => {
            let group = &st.groups[g];
            ui.label(RichText::new(format!("Consumer group {}", group.name)).strong());
            egui::Grid::new("tip").show(ui, |ui| {
                row(ui, "reads", group.topic.clone());
                row(
                    ui,
                    "processed",
                    format!("{} ({})", format::count(group.processed), format::rate(rates.processed[g])),
                );
                row(ui, "lag", format::count(group.lag));
                row(ui, "attempts", format::count(group.attempts));
                row(ui, "waiting to retry", format::count(group.retrying));
                row(ui, "failed attempts", format::percent(f64::from(health::group_failure_rate(s, &group.name))));
                row(ui, "workers", format!("{} instances × {}", group.instances.len(), group.concurrency));
            });
            ui.label("Boxes: one per instance, filled by busy workers; a crossed, hatched box is down.");
        }
        NodeKind::Service(v) => {
            let sv = &st.services[v];
            ui.label(RichText::new(format!("Service {}", sv.name)).strong());
            egui::Grid::new("tip").show(ui, |ui| {
                row(ui, "calls", format!("{} ({})", format::count(sv.calls), format::rate(rates.calls[v])));
                row(
                    ui,
                    "errors",
                    format!(
                        "{} ({} now)",
                        format::count(sv.errors),
                        format::percent(f64::from(health::service_error_fraction(s, &sv.name)))
                    ),
                );
                row(
                    ui,
                    "active",
                    format!("{} of {}", sv.active, sv.capacity.map_or("unlimited".into(), |c| c.to_string())),
                );
                row(ui, "queued inside", format::count(sv.waiting));
                if sv.replicas.len() > 1 {
                    row(ui, "balancing", balance_word(sv.balance).to_string());
                    replica_rows(ui, sv);
                }
            });
        }
    }
    ui.label(RichText::new("Click for details and live edits.").italics());
}

fn legend(ui: &mut Ui, palette: &Palette) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 10.0;
        for health in [Health::Ok, Health::Degraded, Health::Failing] {
            let text = RichText::new(format!("{} {}", health.symbol(), health.word())).color(palette.text_color(health.color()));
            ui.label(text).on_hover_text(match health {
                Health::Ok => "Working normally.",
                Health::Degraded => "Working but strained: failures above 5 %, a queue half full, an instance down.",
                Health::Failing => "Failing (thick border, hatched top): failures above 50 %, a queue nearly full, everything down.",
            });
        }
        ui.separator();
        let sample = |ui: &mut Ui, paint: &dyn Fn(&egui::Painter, egui::Rect), label: &str, help: &str| {
            let (rect, response) = ui.allocate_exact_size(vec2(16.0, 16.0), Sense::hover());
            paint(ui.painter(), rect);
            response.on_hover_text(help);
            ui.label(label).on_hover_text(help);
        };
        sample(
            ui,
            &|p, r| draw::partition_bars(p, r.shrink2(vec2(4.0, 0.0)), &[6], 10.0, palette),
            "partition",
            "Topic bars: one per partition, filled by its share of the topic's capacity (orange from half full, hatched red when nearly full).",
        );
        let up = [crate::engine::status::InstanceStatus { up: true, busy: 1, ..Default::default() }];
        // (InstanceStatus defaults to the Up state.)
        sample(ui, &|p, r| draw::instance_boxes(p, r, &up, 2, 1, palette), "instance up", "A consumer instance: filled from the bottom by its busy workers.");
        use crate::engine::status::{InstanceState, InstanceStatus};
        let down = InstanceStatus { state: InstanceState::Down, ..Default::default() };
        sample(
            ui,
            &|p, r| draw::instance_box(p, r.expand(1.0), &down, 1, palette),
            "down",
            "A crashed instance: red, dashed, crossed and hatched.",
        );
        let restarting = InstanceStatus { state: InstanceState::Restarting, ..Default::default() };
        sample(
            ui,
            &|p, r| draw::instance_box(p, r.expand(1.0), &restarting, 1, palette),
            "restarting",
            "An instance the supervisor will restart: orange, dashed, with a ⟳. Orange dashed with a gap: cut off from the broker; dotted: idle (no partitions); faint: scaled in.",
        );
        sample(
            ui,
            &|p, r| draw::edge(p, &[r.left_center(), r.right_center()], 100.0, 4.0, SKY_BLUE, palette),
            "flow",
            "Moving dots: messages or calls flowing; the line grows thicker and the dots faster with the rate. A dashed line is idle.",
        );
    });
}
