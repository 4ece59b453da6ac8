//! Where each node of the topology goes: four columns (producers → topics → consumer
//! groups → services and dead-letter topics), each stacked and centred vertically.

use crate::engine::SystemStatus;
use crate::ui::command::Component;
use egui::{Pos2, Rect, Vec2, pos2, vec2};

pub const HEADER_HEIGHT: f32 = 22.0;
const MARGIN: f32 = 8.0;
const ROW_GAP: f32 = 12.0;
const MIN_NODE_WIDTH: f32 = 140.0;
const MAX_NODE_WIDTH: f32 = 250.0;
pub const INSTANCE_BOX: f32 = 18.0;
pub const INSTANCE_GAP: f32 = 4.0;

/// What a node shows, by index into the status lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NodeKind {
    Producer(usize),
    Topic(usize),
    DeadLetterTopic(usize),
    Group(usize),
    Service(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub component: Component,
    pub rect: Rect,
}

/// Column titles, in order.
pub const COLUMNS: [&str; 4] = ["PRODUCERS", "TOPICS", "CONSUMER GROUPS", "SERVICES · DEAD LETTERS"];

/// The computed layout: nodes and the total size needed.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    pub nodes: Vec<Node>,
    pub column_x: [f32; 4],
    pub size: Vec2,
}

impl Layout {
    pub fn find(&self, kind: NodeKind) -> Option<&Node> {
        self.nodes.iter().find(|n| n.kind == kind)
    }
}

/// Instance boxes that fit on one row of a group node.
pub fn instances_per_row(node_width: f32) -> usize {
    (((node_width - 16.0 + INSTANCE_GAP) / (INSTANCE_BOX + INSTANCE_GAP)) as usize).max(1)
}

fn node_height(kind: NodeKind, status: &SystemStatus, width: f32) -> f32 {
    match kind {
        NodeKind::Producer(_) => 58.0,
        NodeKind::Topic(_) => 86.0,
        NodeKind::DeadLetterTopic(_) => 58.0,
        NodeKind::Group(g) => {
            let n = status.groups.get(g).map_or(1, |g| g.instances.len().max(1));
            let rows = n.div_ceil(instances_per_row(width));
            64.0 + rows as f32 * (INSTANCE_BOX + INSTANCE_GAP)
        }
        NodeKind::Service(_) => 76.0,
    }
}

/// Lays the system out in `width`; the height grows with the tallest column.
pub fn compute(status: &SystemStatus, origin: Pos2, width: f32, min_height: f32) -> Layout {
    let column_width = (width - 2.0 * MARGIN) / 4.0;
    // Three quarters of the column, so edges keep room to show their flow.
    let node_width = (column_width * 0.76).clamp(MIN_NODE_WIDTH.min(column_width - 8.0), MAX_NODE_WIDTH);
    let mut columns: [Vec<(NodeKind, Component)>; 4] = Default::default();
    for (i, p) in status.producers.iter().enumerate() {
        columns[0].push((NodeKind::Producer(i), Component::Producer(p.name.clone())));
    }
    for (i, t) in status.topics.iter().enumerate() {
        if t.is_dead_letter_target {
            continue;
        }
        columns[1].push((NodeKind::Topic(i), Component::Topic(t.name.clone())));
    }
    for (i, g) in status.groups.iter().enumerate() {
        columns[2].push((NodeKind::Group(i), Component::Group(g.name.clone())));
    }
    for (i, s) in status.services.iter().enumerate() {
        columns[3].push((NodeKind::Service(i), Component::Service(s.name.clone())));
    }
    for (i, t) in status.topics.iter().enumerate() {
        if t.is_dead_letter_target {
            columns[3].push((NodeKind::DeadLetterTopic(i), Component::Topic(t.name.clone())));
        }
    }
    let heights: Vec<Vec<f32>> =
        columns.iter().map(|c| c.iter().map(|(k, _)| node_height(*k, status, node_width)).collect()).collect();
    let tallest =
        heights.iter().map(|h| h.iter().sum::<f32>() + ROW_GAP * h.len().saturating_sub(1) as f32).fold(0.0, f32::max);
    let height = (HEADER_HEIGHT + 2.0 * MARGIN + tallest).max(min_height);
    let mut layout = Layout { size: vec2(width, height), ..Layout::default() };
    for (c, column) in columns.into_iter().enumerate() {
        let x = origin.x + MARGIN + column_width * c as f32 + (column_width - node_width) / 2.0;
        layout.column_x[c] = origin.x + MARGIN + column_width * (c as f32 + 0.5);
        let total = heights[c].iter().sum::<f32>() + ROW_GAP * heights[c].len().saturating_sub(1) as f32;
        let body_top = origin.y + HEADER_HEIGHT + MARGIN;
        let mut y = body_top + ((height - HEADER_HEIGHT - 2.0 * MARGIN - total) / 2.0).max(0.0);
        for ((kind, component), h) in column.into_iter().zip(&heights[c]) {
            layout.nodes.push(Node { kind, component, rect: Rect::from_min_size(pos2(x, y), vec2(node_width, *h)) });
            y += h + ROW_GAP;
        }
    }
    layout
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::status::{GroupStatus, InstanceStatus, ProducerStatus, ServiceStatus, TopicStatus};

    fn status() -> SystemStatus {
        SystemStatus {
            producers: vec![ProducerStatus { name: "checkout".into(), topic: "orders".into(), ..Default::default() }],
            topics: vec![
                TopicStatus {
                    name: "orders".into(),
                    partition_backlog: vec![0; 6],
                    capacity: 100,
                    ..Default::default()
                },
                TopicStatus {
                    name: "orders.dlq".into(),
                    partition_backlog: vec![0],
                    capacity: 100,
                    is_dead_letter_target: true,
                    ..Default::default()
                },
            ],
            groups: vec![GroupStatus {
                name: "payments".into(),
                instances: vec![InstanceStatus { up: true, ..Default::default() }; 3],
                ..Default::default()
            }],
            services: vec![ServiceStatus { name: "gateway".into(), ..Default::default() }],
            ..Default::default()
        }
    }

    #[test]
    fn columns_flow_left_to_right_without_overlap() {
        let layout = compute(&status(), Pos2::ZERO, 1200.0, 200.0);
        let x = |kind| layout.find(kind).map(|n| n.rect.center().x).unwrap_or(f32::NAN);
        assert!(x(NodeKind::Producer(0)) < x(NodeKind::Topic(0)));
        assert!(x(NodeKind::Topic(0)) < x(NodeKind::Group(0)));
        assert!(x(NodeKind::Group(0)) < x(NodeKind::Service(0)));
        // The dead-letter topic shares the last column with the service, below it.
        let dlq = layout.find(NodeKind::DeadLetterTopic(1)).map(|n| n.rect);
        let svc = layout.find(NodeKind::Service(0)).map(|n| n.rect);
        let (Some(dlq), Some(svc)) = (dlq, svc) else { panic!("both nodes are laid out") };
        assert!(dlq.top() > svc.bottom());
        for (i, a) in layout.nodes.iter().enumerate() {
            for b in &layout.nodes[i + 1..] {
                assert!(!a.rect.intersects(b.rect), "{:?} overlaps {:?}", a.kind, b.kind);
            }
        }
    }

    #[test]
    fn many_instances_wrap_onto_more_rows() {
        let mut s = status();
        let one_row = compute(&s, Pos2::ZERO, 1200.0, 200.0);
        s.groups[0].instances = vec![InstanceStatus::default(); 40];
        let many = compute(&s, Pos2::ZERO, 1200.0, 200.0);
        let h = |l: &Layout| l.find(NodeKind::Group(0)).map(|n| n.rect.height()).unwrap_or(0.0);
        assert!(h(&many) > h(&one_row));
        assert!(many.size.y >= h(&many));
    }
}
