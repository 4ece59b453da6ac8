//! The system as a graph to draw: one node per producer, client, topic, consumer group,
//! service (its replicas inside) and dead-letter topic, and one edge per way work flows
//! between them, from the live status (the nodes) and the scenario (the wiring).

use super::layout::{self, Placement};
use crate::engine::SystemStatus;
use crate::scenario::{OnExhausted, Scenario};
use crate::ui::command::Component;
use egui::{Rect, Vec2, vec2};

/// Every node's width, in the graph's own units (points at zoom 1).
pub const NODE_WIDTH: f32 = 176.0;
/// Height of the title and of each line of text in a node.
pub const TITLE_HEIGHT: f32 = 24.0;
pub const LINE_HEIGHT: f32 = 15.0;
/// Inside margin of a node.
pub const PADDING: f32 = 7.0;
/// A topic's row of partition bars.
pub const BARS_HEIGHT: f32 = 14.0;
/// A consumer instance's box (and a replica's, smaller) and the gap between two.
pub const INSTANCE_BOX: f32 = 14.0;
pub const REPLICA_BOX: f32 = 11.0;
pub const BOX_GAP: f32 = 3.0;

/// What a node shows, by index into the status lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    Producer(usize),
    Client(usize),
    Topic(usize),
    DeadLetterTopic(usize),
    Group(usize),
    Service(usize),
}

impl NodeKind {
    /// Lines of text under the title.
    pub fn lines(self) -> usize {
        match self {
            NodeKind::Group(_) | NodeKind::Service(_) => 2,
            _ => 1,
        }
    }
}

/// How work travels along an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EdgeKind {
    /// A producer's messages, or a service's events, into a topic.
    Publish,
    /// A client's requests to a service.
    Request,
    /// A topic's messages to a group reading it.
    Delivery,
    /// A group's handler, or a service, calling a service.
    Call,
    /// A group's handler emitting a new event to a topic (a pipeline, a router).
    Emit,
    /// Messages given up on (retries exhausted, or expired) into a dead-letter topic.
    DeadLetter,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: NodeKind,
    pub to: NodeKind,
    pub kind: EdgeKind,
}

/// The nodes (in declaration order: producers, clients, topics, groups, services, then
/// dead-letter topics) and the edges between them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    pub nodes: Vec<NodeKind>,
    pub edges: Vec<Edge>,
}

impl Graph {
    /// The graph of `status`'s components, wired as `scenario` says. A name the scenario
    /// gives that the status does not list has no node, and its edges are left out.
    pub fn of(status: &SystemStatus, scenario: &Scenario) -> Graph {
        let topic = |name: &str| {
            let i = status.topics.iter().position(|t| t.name == name)?;
            Some(if status.topics[i].is_dead_letter_target { NodeKind::DeadLetterTopic(i) } else { NodeKind::Topic(i) })
        };
        let service = |name: &str| status.services.iter().position(|v| v.name == name).map(NodeKind::Service);
        let mut nodes: Vec<NodeKind> = Vec::new();
        nodes.extend((0..status.producers.len()).map(NodeKind::Producer));
        nodes.extend((0..status.clients.len()).map(NodeKind::Client));
        nodes.extend(
            status.topics.iter().enumerate().filter(|(_, t)| !t.is_dead_letter_target).map(|(i, _)| NodeKind::Topic(i)),
        );
        nodes.extend((0..status.groups.len()).map(NodeKind::Group));
        nodes.extend((0..status.services.len()).map(NodeKind::Service));
        nodes.extend(
            status
                .topics
                .iter()
                .enumerate()
                .filter(|(_, t)| t.is_dead_letter_target)
                .map(|(i, _)| NodeKind::DeadLetterTopic(i)),
        );

        let mut edges: Vec<Edge> = Vec::new();
        let mut add = |from: NodeKind, to: Option<NodeKind>, kind: EdgeKind| {
            if let Some(to) = to {
                let edge = Edge { from, to, kind };
                if !edges.contains(&edge) {
                    edges.push(edge);
                }
            }
        };
        for (i, p) in status.producers.iter().enumerate() {
            add(NodeKind::Producer(i), topic(&p.topic), EdgeKind::Publish);
        }
        for (i, c) in status.clients.iter().enumerate() {
            for callee in scenario.clients.iter().filter(|k| k.name == c.name).flat_map(|k| &k.calls) {
                add(NodeKind::Client(i), service(callee), EdgeKind::Request);
            }
        }
        for (g, group) in status.groups.iter().enumerate() {
            let from = NodeKind::Group(g);
            if let Some(t) = topic(&group.topic) {
                add(t, Some(from), EdgeKind::Delivery);
            }
            for spec in scenario.consumers.iter().filter(|c| c.name == group.name) {
                for callee in &spec.handler.calls {
                    add(from, service(callee), EdgeKind::Call);
                }
                for emit in &spec.handler.emits {
                    add(from, topic(&emit.topic), EdgeKind::Emit);
                }
                if let OnExhausted::DeadLetter(name) = &spec.on_exhausted {
                    add(from, topic(name), EdgeKind::DeadLetter);
                }
            }
            // A saga's coordinator calls its steps' services and their compensations'.
            for saga in scenario.sagas.iter().filter(|k| k.coordinator == group.name) {
                for step in &saga.steps {
                    for callee in step.call.iter().chain(&step.compensate) {
                        add(from, service(callee), EdgeKind::Call);
                    }
                    // A command step publishes to its participant's topic, as an emit does.
                    if let Some(command) = &step.command {
                        add(from, topic(&command.topic), EdgeKind::Emit);
                    }
                }
            }
        }
        for (v, sv) in status.services.iter().enumerate() {
            for spec in scenario.services.iter().filter(|x| x.name == sv.name) {
                for callee in &spec.calls {
                    add(NodeKind::Service(v), service(callee), EdgeKind::Call);
                }
                for name in &spec.publishes {
                    add(NodeKind::Service(v), topic(name), EdgeKind::Publish);
                }
            }
        }
        for spec in &scenario.topics {
            if let (Some(from), Some(to)) = (topic(&spec.name), spec.expired_to.as_deref().and_then(topic)) {
                add(from, Some(to), EdgeKind::DeadLetter);
            }
        }
        Graph { nodes, edges }
    }

    /// The node's place in [`Graph::nodes`].
    pub fn index(&self, kind: NodeKind) -> Option<usize> {
        self.nodes.iter().position(|n| *n == kind)
    }

    /// Where each node goes, in the graph's own units, to be fitted into `room` (points).
    pub fn placement(&self, status: &SystemStatus, room: Vec2) -> Placement {
        let sizes: Vec<Vec2> = self.nodes.iter().map(|&kind| vec2(NODE_WIDTH, node_height(kind, status))).collect();
        let edges: Vec<(usize, usize)> =
            self.edges.iter().filter_map(|e| Some((self.index(e.from)?, self.index(e.to)?))).collect();
        layout::layered(&sizes, &edges, room)
    }
}

/// The component a node stands for, for selection (a client has no detail panel yet).
pub fn component(kind: NodeKind, status: &SystemStatus) -> Option<Component> {
    match kind {
        NodeKind::Producer(i) => status.producers.get(i).map(|p| Component::Producer(p.name.clone())),
        NodeKind::Client(_) => None,
        NodeKind::Topic(i) | NodeKind::DeadLetterTopic(i) => {
            status.topics.get(i).map(|t| Component::Topic(t.name.clone()))
        }
        NodeKind::Group(i) => status.groups.get(i).map(|g| Component::Group(g.name.clone())),
        NodeKind::Service(i) => status.services.get(i).map(|v| Component::Service(v.name.clone())),
    }
}

/// The node's name as the status gives it (its label, for people and screen readers).
pub fn name(kind: NodeKind, status: &SystemStatus) -> &str {
    let found = match kind {
        NodeKind::Producer(i) => status.producers.get(i).map(|p| p.name.as_str()),
        NodeKind::Client(i) => status.clients.get(i).map(|c| c.name.as_str()),
        NodeKind::Topic(i) | NodeKind::DeadLetterTopic(i) => status.topics.get(i).map(|t| t.name.as_str()),
        NodeKind::Group(i) => status.groups.get(i).map(|g| g.name.as_str()),
        NodeKind::Service(i) => status.services.get(i).map(|v| v.name.as_str()),
    };
    found.unwrap_or_default()
}

/// Instance (or replica) boxes of size `side` that fit on one row of a node.
pub fn boxes_per_row(side: f32) -> usize {
    (((NODE_WIDTH - 2.0 * PADDING + BOX_GAP) / (side + BOX_GAP)) as usize).max(1)
}

/// Rows of boxes a node shows at most: a group of thousands of instances stays one node
/// of the graph, the boxes beyond these summed up as "+N" in the last place.
pub const MAX_BOX_ROWS: usize = 4;

/// Rows of `count` boxes of size `side`.
pub fn box_rows(count: usize, side: f32) -> usize {
    count.max(1).div_ceil(boxes_per_row(side)).min(MAX_BOX_ROWS)
}

/// How many of `count` boxes of size `side` a node draws: all that fit in its rows, or
/// one place fewer, left for the "+N" of the others.
pub fn boxes_shown(count: usize, side: f32) -> usize {
    let room = boxes_per_row(side) * MAX_BOX_ROWS;
    if count <= room { count } else { room - 1 }
}

fn node_height(kind: NodeKind, status: &SystemStatus) -> f32 {
    let text = TITLE_HEIGHT + LINE_HEIGHT * kind.lines() as f32 + PADDING;
    match kind {
        NodeKind::Topic(_) => text + BARS_HEIGHT + PADDING,
        NodeKind::Group(g) => {
            let n = status.groups.get(g).map_or(1, |g| g.instances.len());
            text + box_rows(n, INSTANCE_BOX) as f32 * (INSTANCE_BOX + BOX_GAP) + PADDING - BOX_GAP
        }
        NodeKind::Service(v) => {
            let n = status.services.get(v).map_or(1, |v| v.replicas.len());
            // One replica is the service itself: no strip.
            if n > 1 {
                text + box_rows(n, REPLICA_BOX) as f32 * (REPLICA_BOX + BOX_GAP) + PADDING - BOX_GAP
            } else {
                text
            }
        }
        NodeKind::Producer(_) | NodeKind::Client(_) | NodeKind::DeadLetterTopic(_) => text,
    }
}

/// A rectangle of the graph's own units on the screen, `zoom` times larger, its origin at `origin`.
pub fn to_screen(rect: Rect, origin: egui::Pos2, zoom: f32) -> Rect {
    Rect::from_min_max(origin + rect.min.to_vec2() * zoom, origin + rect.max.to_vec2() * zoom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Simulation;
    use crate::engine::status::{GroupStatus, InstanceStatus};

    #[test]
    fn ten_thousand_instances_stay_a_node_of_four_rows() {
        // 9 boxes of 14 with gaps of 3 take 9 × 17 − 3 = 150 of the 176 − 2 × 7 = 162
        // inside a node; a 10th would need 167.
        assert_eq!(boxes_per_row(INSTANCE_BOX), 9);
        let status = SystemStatus {
            groups: vec![GroupStatus { instances: vec![InstanceStatus::default(); 10_000], ..Default::default() }],
            ..Default::default()
        };
        let text = TITLE_HEIGHT + 2.0 * LINE_HEIGHT + PADDING;
        let rows = 4.0 * (INSTANCE_BOX + BOX_GAP) - BOX_GAP + PADDING;
        assert_eq!(node_height(NodeKind::Group(0), &status), text + rows);
        // 36 places: 35 boxes and "+9965".
        assert_eq!(boxes_shown(10_000, INSTANCE_BOX), 35);
        assert_eq!(boxes_shown(36, INSTANCE_BOX), 36);
        assert_eq!(boxes_shown(3, INSTANCE_BOX), 3);
    }

    fn marketplace() -> (SystemStatus, Scenario) {
        let text = include_str!("../../../../scenarios/marketplace.ron");
        let scenario = crate::scenario::parse_str(text, "marketplace.ron").expect("the shipped scenario is valid");
        let status = Simulation::new(&scenario).expect("the shipped scenario builds").status();
        (status, scenario)
    }

    #[test]
    fn the_marketplace_has_every_component_and_every_kind_of_edge() {
        let (status, scenario) = marketplace();
        let g = Graph::of(&status, &scenario);
        let names: Vec<&str> = g.nodes.iter().map(|&k| name(k, &status)).collect();
        // 1 client, 3 topics, 5 groups, 7 services, 2 dead-letter topics.
        assert_eq!(names.len(), 18);
        assert_eq!(names[0], "shoppers");
        assert_eq!(&names[16..], ["orders.dlq", "payments.dlq"]);
        let count = |kind: EdgeKind| g.edges.iter().filter(|e| e.kind == kind).count();
        // storefront → orders; shoppers → storefront; orders → 4 groups and
        // payments.captured → shipping; payments, analytics, email and shipping call one
        // service each and payment-api two; payments and the router emit; payments and
        // shipping dead-letter.
        assert_eq!(count(EdgeKind::Publish), 1);
        assert_eq!(count(EdgeKind::Request), 1);
        assert_eq!(count(EdgeKind::Delivery), 5);
        assert_eq!(count(EdgeKind::Call), 6);
        assert_eq!(count(EdgeKind::Emit), 2);
        assert_eq!(count(EdgeKind::DeadLetter), 2);
    }

    #[test]
    fn the_marketplace_flows_in_seven_layers_without_overlap() {
        let (status, scenario) = marketplace();
        let g = Graph::of(&status, &scenario);
        let p = g.placement(&status, Vec2::INFINITY);
        let layer = |name: &str| {
            let i = g.nodes.iter().position(|&k| super::name(k, &status) == name).expect("a node of the marketplace");
            p.layers[i]
        };
        let expected = [
            ("shoppers", 0),
            ("storefront", 1),
            ("orders", 2),
            ("payments", 3),
            ("router", 3),
            ("payment-api", 4),
            ("payments.captured", 4),
            ("orders.dlq", 4),
            ("refunds", 4),
            ("bank", 5),
            ("shipping", 5),
            ("courier-api", 6),
            ("payments.dlq", 6),
        ];
        for (name, l) in expected {
            assert_eq!(layer(name), l, "{name}");
        }
        for (i, a) in p.rects.iter().enumerate() {
            for b in &p.rects[i + 1..] {
                assert!(!a.intersects(*b), "{a:?} overlaps {b:?}");
            }
        }
        // courier-api's three replicas get a strip under its two lines of text.
        let courier = g.index(NodeKind::Service(6)).map(|i| p.rects[i].height());
        assert_eq!(courier, Some(TITLE_HEIGHT + 2.0 * LINE_HEIGHT + PADDING + REPLICA_BOX + PADDING));
    }

    /// The columns of a layout (names by layer, top to bottom) of a builder's draft.
    fn columns(draft: &crate::ui::panels::builder::draft::Draft) -> Vec<Vec<String>> {
        let status = crate::ui::panels::builder::status::at_rest(draft.scenario());
        let g = Graph::of(&status, draft.scenario());
        let p = g.placement(&status, Vec2::INFINITY);
        let mut columns: Vec<Vec<(f32, String)>> = vec![Vec::new(); p.layers.iter().max().map_or(0, |m| m + 1)];
        for (i, &kind) in g.nodes.iter().enumerate() {
            columns[p.layers[i]].push((p.rects[i].top(), name(kind, &status).to_string()));
        }
        columns
            .into_iter()
            .map(|mut c| {
                c.sort_by(|a, b| a.0.total_cmp(&b.0));
                c.into_iter().map(|(_, n)| n).collect()
            })
            .collect()
    }

    #[test]
    fn what_the_builder_adds_leaves_the_others_in_their_layers_and_order() {
        use crate::ui::panels::builder::draft::{Draft, Kind, Link};
        // producer-1 → topic-1 → group-1 → service-1, then one of each kind more, wired
        // into it as the palette wires (a topic, a group and a service selected).
        let mut d = Draft::empty().expect("an empty scenario");
        let topic = d.add(Kind::Topic, None);
        d.add(Kind::Producer, Some(&topic));
        let group = d.add(Kind::Group, Some(&topic));
        let service = d.add(Kind::Service, Some(&group));
        let mut before = columns(&d);
        assert_eq!(before, [vec!["producer-1"], vec!["topic-1"], vec!["group-1"], vec!["service-1"]]);
        let added = [
            d.add(Kind::Producer, Some(&topic)),
            d.add(Kind::Client, Some(&service)),
            d.add(Kind::Group, Some(&topic)),
            d.add(Kind::Service, Some(&group)),
            d.add(Kind::Topic, None),
        ];
        d.link(&group, Link::DeadLetters, added[4].name());
        // The client and the new producer join layer 0, the group layer 2, the service and
        // the dead-letter topic layer 3, each after those there before; the client's
        // second service then joins layer 1.
        for step in 0..2 {
            let after = columns(&d);
            for (l, column) in before.iter().enumerate() {
                let kept: Vec<&String> = after[l].iter().filter(|n| column.contains(n)).collect();
                assert_eq!(kept.iter().map(|n| n.as_str()).collect::<Vec<_>>(), *column, "layer {l} (step {step})");
            }
            before = after;
            // Once more after one more service called by the client.
            let more = d.add(Kind::Service, Some(&added[1]));
            assert_eq!(d.targets(&added[1], Link::Calls).last().map(String::as_str), Some(more.name()));
        }
    }
}
