//! Where each node of the topology goes: a layered drawing, left to right along the flow
//! (Sugiyama, Tagawa and Toda's method, simplified: no dummy nodes for long edges).
//!
//! Pure geometry over node sizes and edges given as indices, so it is tested without a
//! window. Every step is deterministic and breaks ties by declaration order (the node's
//! index), so the same system is always drawn the same way and a component added at the
//! end of the file leaves the others where they were, relative to each other.

use egui::{Rect, Vec2, pos2, vec2};

/// Room between two layers, for the edges (and the breaker badges riding on them).
pub const LAYER_GAP: f32 = 72.0;
/// Room between two nodes of one layer.
pub const ROW_GAP: f32 = 14.0;
/// Room between the columns of a layer too tall for the room, wrapped.
pub const WRAP_GAP: f32 = 24.0;
/// A drawing is never enlarged past its natural size to fit its room: a small system keeps
/// the size of its text.
pub const MAX_FIT_ZOOM: f32 = 1.0;
/// Wrapping must enlarge the fitted drawing by a fifth, or it is not worth what it costs:
/// a column is no longer one step of the flow, and edges pass behind the wrapped nodes.
const WRAP_GAIN: f32 = 1.2;
/// Down-and-up barycenter sweeps when ordering the layers: a handful is what Sugiyama et
/// al. found enough; more rarely removes another crossing in graphs of this size.
const SWEEPS: usize = 4;
/// Above this many edges the layers keep their declaration order: counting crossings costs
/// the square of the edges each sweep, and a graph this large is read by zooming into it,
/// not whole.
const MAX_ORDERED_EDGES: usize = 500;

/// Where the nodes went: one rectangle per node (in the order given), in the graph's own
/// coordinates from (0, 0), the layer of each, and the size of the whole drawing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Placement {
    pub rects: Vec<Rect>,
    pub layers: Vec<usize>,
    pub size: Vec2,
}

/// Lays out nodes of `sizes` joined by `edges` (from, to), indices into `sizes`, to be
/// shown fitted into `room` (infinite: drawn at its natural size).
///
/// 1. Cycles are broken by ignoring the back edges a depth-first search finds (sources
///    first, each in declaration order): an emit cycle is drawn as a flow with one edge
///    going back.
/// 2. Each node's layer is the longest path to it from a source, so every forward edge
///    points right.
/// 3. The nodes of each layer are ordered by the barycenter of their neighbours, sweeping
///    down and up the layers, keeping the order with the fewest crossings.
/// 4. Layers become columns as wide as their widest node; each column is stacked and
///    centred vertically. When the room is wide and the tallest layers make the drawing
///    too tall for it, those layers wrap into several columns (in their order, top to
///    bottom then left to right), as many as make the fitted drawing largest: forty
///    components in four layers of ten fit a projector's short graph that way.
pub fn layered(sizes: &[Vec2], edges: &[(usize, usize)], room: Vec2) -> Placement {
    let n = sizes.len();
    let edges: Vec<(usize, usize)> = edges.iter().copied().filter(|&(a, b)| a < n && b < n && a != b).collect();
    let forward = forward_edges(n, &edges);
    let layers = longest_path_layers(n, &forward);
    let order = order_layers(&layers, &forward);
    let tallest = order.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let mut best = place(sizes, &layers, &order, tallest);
    let mut best_zoom = fit_zoom(room, best.size);
    for rows in (1..tallest).rev() {
        let wrapped = place(sizes, &layers, &order, rows);
        let zoom = fit_zoom(room, wrapped.size);
        if zoom > best_zoom * WRAP_GAIN {
            (best, best_zoom) = (wrapped, zoom);
        }
    }
    best
}

/// The zoom that fits a drawing of `size` into `room`.
pub fn fit_zoom(room: Vec2, size: Vec2) -> f32 {
    if size.x <= 0.0 || size.y <= 0.0 {
        return MAX_FIT_ZOOM;
    }
    (room.x / size.x).min(room.y / size.y).min(MAX_FIT_ZOOM)
}

/// The edges left once the back edges of a depth-first search are dropped: a DAG.
fn forward_edges(n: usize, edges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut has_in = vec![false; n];
    for &(a, b) in edges {
        out[a].push(b);
        has_in[b] = true;
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnStack,
        Done,
    }
    let mut mark = vec![Mark::New; n];
    let mut back: Vec<(usize, usize)> = Vec::new();
    // Sources first, so that a cycle fed from outside is cut where the flow closes it,
    // not where it enters; then whatever only a cycle reaches.
    let starts = (0..n).filter(|&v| !has_in[v]).chain((0..n).filter(|&v| has_in[v]));
    for start in starts {
        if mark[start] != Mark::New {
            continue;
        }
        // (node, next outgoing edge to follow): the recursion, made explicit.
        let mut stack = vec![(start, 0)];
        mark[start] = Mark::OnStack;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&w) = out[v].get(*next) {
                *next += 1;
                match mark[w] {
                    Mark::New => {
                        mark[w] = Mark::OnStack;
                        stack.push((w, 0));
                    }
                    Mark::OnStack => back.push((v, w)),
                    Mark::Done => {}
                }
            } else {
                mark[v] = Mark::Done;
                stack.pop();
            }
        }
    }
    edges.iter().copied().filter(|e| !back.contains(e)).collect()
}

/// Each node's layer: 0 for a source, else one more than the deepest predecessor.
fn longest_path_layers(n: usize, dag: &[(usize, usize)]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    for &(_, b) in dag {
        indegree[b] += 1;
    }
    let mut layer = vec![0usize; n];
    let mut ready: std::collections::BTreeSet<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    while let Some(v) = ready.pop_first() {
        for &(a, b) in dag.iter().filter(|(a, _)| *a == v) {
            layer[b] = layer[b].max(layer[a] + 1);
            indegree[b] -= 1;
            if indegree[b] == 0 {
                ready.insert(b);
            }
        }
    }
    layer
}

/// The nodes of each layer, top to bottom.
fn order_layers(layers: &[usize], dag: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let depth = layers.iter().max().map_or(0, |l| l + 1);
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for (v, &l) in layers.iter().enumerate() {
        order[l].push(v);
    }
    if dag.len() > MAX_ORDERED_EDGES {
        return order;
    }
    let mut best = order.clone();
    let mut fewest = crossings(&order, layers, dag);
    for sweep in 0..2 * SWEEPS {
        let down = sweep % 2 == 0;
        let position = positions(&order, layers.len());
        let range: Vec<usize> = if down { (1..depth).collect() } else { (0..depth.saturating_sub(1)).rev().collect() };
        for l in range {
            // Neighbours on the side the sweep comes from: predecessors going down,
            // successors going up (a long edge counts at its other end, wherever it is).
            let neighbours = |v: usize| -> Vec<usize> {
                dag.iter()
                    .filter_map(|&(a, b)| match down {
                        true if b == v && layers[a] < l => Some(a),
                        false if a == v && layers[b] > l => Some(b),
                        _ => None,
                    })
                    .collect()
            };
            let mut keyed: Vec<(f32, usize)> = order[l]
                .iter()
                .map(|&v| {
                    let near = neighbours(v);
                    // A node with no neighbour on that side keeps its place.
                    let key = if near.is_empty() {
                        position[v]
                    } else {
                        near.iter().map(|&u| position[u]).sum::<f32>() / near.len() as f32
                    };
                    (key, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            order[l] = keyed.into_iter().map(|(_, v)| v).collect();
        }
        let now = crossings(&order, layers, dag);
        if now < fewest {
            fewest = now;
            best = order.clone();
        }
    }
    best
}

/// Each node's place in its layer, centred on 0 so that layers of different sizes line
/// up as they are drawn (each column is centred vertically).
fn positions(order: &[Vec<usize>], n: usize) -> Vec<f32> {
    let mut position = vec![0.0; n];
    for layer in order {
        let middle = (layer.len() as f32 - 1.0) / 2.0;
        for (i, &v) in layer.iter().enumerate() {
            position[v] = i as f32 - middle;
        }
    }
    position
}

/// Pairs of edges that cross, counting the edges between the same two layers (the ones a
/// barycenter sweep moves).
fn crossings(order: &[Vec<usize>], layers: &[usize], dag: &[(usize, usize)]) -> usize {
    let position = positions(order, layers.len());
    let mut count = 0;
    for (i, &(a, b)) in dag.iter().enumerate() {
        for &(c, d) in &dag[i + 1..] {
            let same_span = layers[a] == layers[c] && layers[b] == layers[d];
            if same_span && (position[a] - position[c]) * (position[b] - position[d]) < 0.0 {
                count += 1;
            }
        }
    }
    count
}

/// Places the layers side by side, a layer of more than `rows` nodes wrapped into as few
/// columns of as even a length as hold it.
fn place(sizes: &[Vec2], layers: &[usize], order: &[Vec<usize>], rows: usize) -> Placement {
    let columns: Vec<Vec<&[usize]>> = order
        .iter()
        .map(|layer| {
            let count = layer.len().div_ceil(rows).max(1);
            layer.chunks(layer.len().div_ceil(count).max(1)).collect()
        })
        .collect();
    let column_height =
        |c: &[usize]| c.iter().map(|&v| sizes[v].y).sum::<f32>() + ROW_GAP * c.len().saturating_sub(1) as f32;
    let widths: Vec<f32> = order.iter().map(|l| l.iter().map(|&v| sizes[v].x).fold(0.0, f32::max)).collect();
    let height = columns.iter().flatten().map(|c| column_height(c)).fold(0.0, f32::max);
    let mut rects = vec![Rect::NOTHING; sizes.len()];
    let mut x = 0.0;
    for (l, layer) in columns.iter().enumerate() {
        for (k, column) in layer.iter().enumerate() {
            if k > 0 {
                x += WRAP_GAP;
            }
            let mut y = (height - column_height(column)) / 2.0;
            for &v in *column {
                // Centred in its column, so edges of narrower nodes keep the same gap.
                let left = x + (widths[l] - sizes[v].x) / 2.0;
                rects[v] = Rect::from_min_size(pos2(left, y), sizes[v]);
                y += sizes[v].y + ROW_GAP;
            }
            x += widths[l];
        }
        x += LAYER_GAP;
    }
    let width = (x - LAYER_GAP).max(0.0);
    Placement { rects, layers: layers.to_vec(), size: vec2(width, height) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A graph by names: nodes in declaration order, edges between names.
    struct Named {
        names: Vec<&'static str>,
        edges: Vec<(usize, usize)>,
    }

    impl Named {
        fn new(names: &[&'static str], edges: &[(&str, &str)]) -> Named {
            let index = |name: &str| names.iter().position(|n| *n == name).unwrap();
            Named { names: names.to_vec(), edges: edges.iter().map(|(a, b)| (index(a), index(b))).collect() }
        }

        fn layout(&self) -> Placement {
            layered(&vec![vec2(160.0, 60.0); self.names.len()], &self.edges, Vec2::INFINITY)
        }

        fn layer(&self, p: &Placement, name: &str) -> usize {
            p.layers[self.names.iter().position(|n| *n == name).unwrap()]
        }

        /// The names of each layer, top to bottom.
        fn columns(&self, p: &Placement) -> Vec<Vec<&'static str>> {
            let mut columns: Vec<Vec<(f32, &'static str)>> = Vec::new();
            for (v, l) in p.layers.iter().enumerate() {
                columns.resize_with(columns.len().max(l + 1), Vec::new);
                columns[*l].push((p.rects[v].top(), self.names[v]));
            }
            columns
                .into_iter()
                .map(|mut c| {
                    c.sort_by(|a, b| a.0.total_cmp(&b.0));
                    c.into_iter().map(|(_, n)| n).collect()
                })
                .collect()
        }
    }

    /// The marketplace's flow: a client calling a storefront that publishes orders, four
    /// groups fanning out, a call chain, an emit into a pipeline, two dead-letter topics.
    fn marketplace() -> Named {
        Named::new(
            &[
                "shoppers",
                "orders",
                "payments.captured",
                "refunds",
                "payments",
                "analytics",
                "email",
                "router",
                "shipping",
                "storefront",
                "payment-api",
                "fraud",
                "bank",
                "warehouse",
                "email-gw",
                "courier-api",
                "orders.dlq",
                "payments.dlq",
            ],
            &[
                ("shoppers", "storefront"),
                ("storefront", "orders"),
                ("orders", "payments"),
                ("orders", "analytics"),
                ("orders", "email"),
                ("orders", "router"),
                ("payments", "payment-api"),
                ("payments", "payments.captured"),
                ("payments", "orders.dlq"),
                ("payment-api", "fraud"),
                ("payment-api", "bank"),
                ("analytics", "warehouse"),
                ("email", "email-gw"),
                ("router", "refunds"),
                ("payments.captured", "shipping"),
                ("shipping", "courier-api"),
                ("shipping", "payments.dlq"),
            ],
        )
    }

    fn assert_no_overlap(p: &Placement) {
        for (i, a) in p.rects.iter().enumerate() {
            for (j, b) in p.rects.iter().enumerate().skip(i + 1) {
                assert!(!a.intersects(*b), "node {i} {a:?} overlaps node {j} {b:?}");
            }
        }
    }

    #[test]
    fn layers_follow_the_longest_path_from_the_sources() {
        let g = marketplace();
        let p = g.layout();
        let layer = |name| g.layer(&p, name);
        assert_eq!(layer("shoppers"), 0);
        assert_eq!(layer("storefront"), 1);
        assert_eq!(layer("orders"), 2);
        for group in ["payments", "analytics", "email", "router"] {
            assert_eq!(layer(group), 3, "{group}");
        }
        for next in ["payment-api", "payments.captured", "orders.dlq", "warehouse", "email-gw", "refunds"] {
            assert_eq!(layer(next), 4, "{next}");
        }
        assert_eq!(layer("fraud"), 5);
        assert_eq!(layer("bank"), 5);
        assert_eq!(layer("shipping"), 5);
        assert_eq!(layer("courier-api"), 6);
        assert_eq!(layer("payments.dlq"), 6);
        // Seven columns of 160 with six gaps between them.
        assert_eq!(p.size.x, 7.0 * 160.0 + 6.0 * LAYER_GAP);
        // The tallest column is layer 4: six nodes of 60 and five gaps.
        assert_eq!(p.size.y, 6.0 * 60.0 + 5.0 * ROW_GAP);
        assert_no_overlap(&p);
        for &(a, b) in &g.edges {
            assert!(p.rects[a].right() < p.rects[b].left(), "{} to {} points right", g.names[a], g.names[b]);
        }
    }

    #[test]
    fn fan_out_is_ordered_by_what_each_group_feeds() {
        let g = marketplace();
        let p = g.layout();
        let columns = g.columns(&p);
        // The groups keep their declaration order (nothing to gain by moving them), and
        // the layer after them follows: what payments feeds on top, the router's at the foot.
        assert_eq!(columns[3], ["payments", "analytics", "email", "router"]);
        assert_eq!(columns[4], ["payments.captured", "payment-api", "orders.dlq", "warehouse", "email-gw", "refunds"]);
        // No two edges between the same layers cross.
        assert_eq!(crossings(&columns_as_indices(&g, &columns), &p.layers, &g.edges), 0);
    }

    fn columns_as_indices(g: &Named, columns: &[Vec<&str>]) -> Vec<Vec<usize>> {
        columns.iter().map(|c| c.iter().map(|n| g.names.iter().position(|m| m == n).unwrap()).collect()).collect()
    }

    #[test]
    fn crossings_are_undone_by_the_sweeps() {
        // Declared crosswise: a feeds y, b feeds x.
        let g = Named::new(&["a", "b", "x", "y"], &[("a", "y"), ("b", "x")]);
        let p = g.layout();
        assert_eq!(g.columns(&p), [vec!["a", "b"], vec!["y", "x"]]);
    }

    #[test]
    fn an_emit_cycle_is_cut_where_the_flow_closes_it() {
        // checkout → orders → audit, which emits back to orders: the emit back is the
        // edge left out, so orders stays before audit.
        let g = Named::new(
            &["checkout", "orders", "audit", "retries"],
            &[("checkout", "orders"), ("orders", "audit"), ("audit", "retries"), ("retries", "orders")],
        );
        let p = g.layout();
        assert_eq!([0, 1, 2, 3].map(|v| p.layers[v]), [0, 1, 2, 3]);
        assert_no_overlap(&p);
        // A cycle nobody feeds is cut at its first declared node.
        let g = Named::new(&["x", "y"], &[("y", "x"), ("x", "y")]);
        assert_eq!(g.layout().layers, [0, 1]);
    }

    #[test]
    fn a_component_added_keeps_the_others_in_their_order() {
        let before = marketplace();
        let mut names = before.names.clone();
        names.extend(["loyalty", "points-api"]);
        let mut edges: Vec<(&str, &str)> =
            before.edges.iter().map(|&(a, b)| (before.names[a], before.names[b])).collect();
        edges.extend([("orders", "loyalty"), ("loyalty", "points-api")]);
        let after = Named::new(&names, &edges);
        let old = before.columns(&before.layout());
        let new = after.columns(&after.layout());
        for (l, column) in old.iter().enumerate() {
            let kept: Vec<&str> = new[l].iter().copied().filter(|n| column.contains(n)).collect();
            assert_eq!(&kept, column, "layer {l}");
        }
        assert_eq!(new[3].last(), Some(&"loyalty"));
        assert_eq!(new[4].last(), Some(&"points-api"));
    }

    #[test]
    fn forty_components_of_mixed_sizes_do_not_overlap() {
        // Ten chains of four (producer → topic → group → service), the groups of every
        // other chain also calling the next chain's service, sizes varying per node.
        let mut sizes = Vec::new();
        let mut edges = Vec::new();
        for c in 0..10 {
            for k in 0..4 {
                sizes.push(vec2(150.0 + 10.0 * k as f32, 48.0 + 7.0 * ((c + k) % 5) as f32));
            }
            let base = 4 * c;
            edges.extend([(base, base + 1), (base + 1, base + 2), (base + 2, base + 3)]);
            if c % 2 == 0 {
                edges.push((base + 2, (base + 7) % 40));
            }
        }
        let p = layered(&sizes, &edges, Vec2::INFINITY);
        assert_eq!(p.rects.len(), 40);
        assert_no_overlap(&p);
        assert_eq!(*p.layers.iter().max().unwrap(), 3);
        for (v, r) in p.rects.iter().enumerate() {
            assert_eq!(r.size(), sizes[v]);
            assert!(r.min.x >= 0.0 && r.min.y >= 0.0 && r.max.x <= p.size.x && r.max.y <= p.size.y);
        }
    }

    #[test]
    fn tall_layers_wrap_to_fit_a_wide_short_room() {
        // Three layers of ten 100 × 40 nodes: 10 × 40 + 9 gaps = 526 tall, 3 × 100 + 2
        // layer gaps = 444 wide. In a room of 1000 × 300 that fits at 300 / 526 = 0.57.
        let sizes = vec![vec2(100.0, 40.0); 30];
        let edges: Vec<(usize, usize)> = (0..20).map(|v| (v, v + 10)).collect();
        let tall = layered(&sizes, &edges, Vec2::INFINITY);
        assert_eq!(tall.size, vec2(3.0 * 100.0 + 2.0 * LAYER_GAP, 10.0 * 40.0 + 9.0 * ROW_GAP));
        let room = vec2(1000.0, 300.0);
        let wide = layered(&sizes, &edges, room);
        // Two columns of five per layer: 6 × 100 + 3 wrap gaps + 2 layer gaps = 816 wide
        // and 5 × 40 + 4 gaps = 256 tall: it fits whole, at zoom 1 (three columns would
        // be 1092 wide, no larger).
        assert_eq!(wide.size, vec2(6.0 * 100.0 + 3.0 * WRAP_GAP + 2.0 * LAYER_GAP, 5.0 * 40.0 + 4.0 * ROW_GAP));
        assert_eq!(fit_zoom(room, wide.size), 1.0);
        assert_eq!(wide.layers, tall.layers);
        assert_no_overlap(&wide);
        // The wrapped layer reads top to bottom, then left to right, in its order.
        let lefts: Vec<f32> = (0..10).map(|v| wide.rects[v].left()).collect();
        assert_eq!(lefts, [[0.0; 5], [100.0 + WRAP_GAP; 5]].concat());
        assert_eq!(wide.rects[1].top(), wide.rects[0].bottom() + ROW_GAP);
    }

    #[test]
    fn nothing_to_lay_out() {
        let p = layered(&[], &[], Vec2::INFINITY);
        assert_eq!(p.size, Vec2::ZERO);
        assert!(p.rects.is_empty());
    }
}
