//! The service graph through the real UI with egui_kittest (no display): every component
//! of a system is a node of the topology, whole and inside the graph's area, and no two
//! nodes overlap — on the marketplace and on a generated system of 40 components, at a
//! desktop's 1600×1000 and a projector's 1280×720. Node bounds are read from the
//! AccessKit tree, the one a screen reader sees: a node is named by its component.

mod ui_common;

use egui::Rect;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use faultline::scenario::Scenario;
use faultline::ui::app::{Dashboard, TOPOLOGY_REGION};
use faultline::ui::runner::{Control, Runner};
use faultline::ui::settings::Settings;
use faultline::ui::snapshot::ScenarioSource;
use std::path::Path;
use ui_common::{bounds, dashboard_sized};

const SIZES: [[f32; 2]; 2] = [[1600.0, 1000.0], [1280.0, 720.0]];

/// Every component's name, in the scenario's order.
fn components(s: &Scenario) -> Vec<String> {
    let names = s.producers.iter().map(|p| &p.name).chain(s.clients.iter().map(|c| &c.name));
    let names = names.chain(s.topics.iter().map(|t| &t.name)).chain(s.consumers.iter().map(|g| &g.name));
    names.chain(s.services.iter().map(|v| &v.name)).cloned().collect()
}

/// The dashboard on `runner` in a window of `size`, a second into the run.
fn shown(runner: Runner, size: [f32; 2]) -> Harness<'static, Dashboard> {
    let mut runner = runner;
    runner.handle(Control::Play);
    let mut h = dashboard_sized(runner, Settings::default(), size);
    h.run_steps(10);
    h
}

/// The graph's zoom as its corner shows it ("zoom 72 %"), as a fraction.
fn zoom(h: &Harness<'_, Dashboard>) -> f32 {
    let label = h.get_by_label_contains("zoom ");
    let node = label.accesskit_node();
    let text = node.label().or(node.value()).unwrap_or_default();
    let text = text.trim_start_matches("zoom ").trim_end_matches(" %").to_string();
    text.parse::<f32>().map(|p| p / 100.0).unwrap_or_else(|_| panic!("the zoom reads {text:?}"))
}

/// Each component is one node, whole, inside the graph; no two nodes share any area.
fn check_graph(h: &Harness<'_, Dashboard>, names: &[String], what: &str) {
    let area = {
        let node = h.get_by_label(TOPOLOGY_REGION);
        bounds(h, &node).unwrap_or_else(|| panic!("{what}: the graph has no bounds"))
    };
    let mut nodes: Vec<(&str, Rect)> = Vec::new();
    for name in names {
        let found: Vec<Rect> = h
            .query_all_by_label(name)
            .filter(|n| matches!(n.accesskit_node().role(), Role::Button | Role::Label))
            .filter_map(|n| bounds(h, &n))
            .filter(|r| area.intersects(*r))
            .collect();
        assert_eq!(found.len(), 1, "{what}: {name} is drawn {} times in the graph {area:?}", found.len());
        let rect = found[0];
        assert!(area.expand(0.5).contains_rect(rect), "{what}: {name} at {rect:?} leaves the graph {area:?}");
        // A node stays big enough to read its title (its height at zoom 1 is at least 46).
        assert!(rect.height() >= 0.35 * 46.0, "{what}: {name} is {rect:?}");
        nodes.push((name, rect));
    }
    for (i, (a, ra)) in nodes.iter().enumerate() {
        for (b, rb) in &nodes[i + 1..] {
            assert!(!ra.intersects(*rb), "{what}: {a} {ra:?} overlaps {b} {rb:?}");
        }
    }
}

#[test]
fn the_marketplace_shows_every_component_without_overlap() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/marketplace.ron");
    let scenario = faultline::scenario::load_file(&path).expect("the shipped scenario loads");
    let names = components(&scenario);
    // 1 client, 5 topics (2 of them dead-letter topics), 5 groups, 7 services.
    assert_eq!(names.len(), 18);
    for size in SIZES {
        let runner = Runner::new(scenario.clone(), ScenarioSource::File(path.clone())).expect("it starts");
        let h = shown(runner, size);
        check_graph(&h, &names, &format!("marketplace at {}×{}", size[0], size[1]));
        // payment-api's own breakers ride on its call edges, as a group's do on its.
        h.get_by_label("breaker payment-api to fraud: closed");
        h.get_by_label("breaker payment-api to bank: closed");
    }
}

/// scenarios/forty-components.ron: ten chains of producer → topic → group → service, each
/// group emitting into the next chain's topic every other chain (a pipeline), each service
/// calling the next chain's service every third chain (a call chain): 40 components, with
/// fan-in at the topics and services.
fn forty_components() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/forty-components.ron");
    faultline::scenario::load_file(&path).expect("the shipped scenario loads")
}

#[test]
fn forty_components_are_laid_out_without_overlap() {
    let scenario = forty_components();
    let names = components(&scenario);
    assert_eq!(names.len(), 40);
    for size in SIZES {
        let runner = Runner::new(scenario.clone(), ScenarioSource::Dropped("forty.ron".into())).expect("it starts");
        let h = shown(runner, size);
        let what = format!("forty components at {}×{}", size[0], size[1]);
        check_graph(&h, &names, &what);
        // The zoom the corner shows is the drawing's: a producer is a title and a line,
        // 24 + 15 + 7 = 46 points tall at 100 %.
        let z = zoom(&h);
        assert!(z >= 0.35, "{what}: zoom {z}");
        let source = h.get_by_role_and_label(Role::Button, "source-0");
        let height = bounds(&h, &source).map_or(0.0, |r| r.height());
        assert!((height - 46.0 * z).abs() < 0.6, "{what}: source-0 is {height} tall at zoom {z}");
    }
}

/// Zooming in enlarges the nodes about the pointer; Fit (or F) shows them whole again.
#[test]
fn zoom_and_fit() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/marketplace.ron");
    let scenario = faultline::scenario::load_file(&path).expect("the shipped scenario loads");
    let runner = Runner::new(scenario, ScenarioSource::File(path)).expect("it starts");
    let mut h = shown(runner, [1600.0, 1000.0]);
    let orders = |h: &Harness<'_, Dashboard>| {
        let node = h.get_by_role_and_label(Role::Button, "orders");
        bounds(h, &node).expect("orders has bounds")
    };
    let fitted = orders(&h);
    h.get_by_role_and_label(Role::Button, "+").click();
    h.run_steps(2);
    let zoomed = orders(&h);
    // One press of + is ×1.25.
    assert!((zoomed.width() / fitted.width() - 1.25).abs() < 0.01, "{fitted:?} → {zoomed:?}");
    h.key_press(egui::Key::F);
    h.run_steps(2);
    assert_eq!(orders(&h), fitted);
}

/// A client is a node like the others (not selectable: it has no detail panel yet), and
/// hovering it shows what it sent and how that ended.
#[test]
fn a_client_shows_its_numbers_on_hover() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/marketplace.ron");
    let scenario = faultline::scenario::load_file(&path).expect("the shipped scenario loads");
    let runner = Runner::new(scenario, ScenarioSource::File(path)).expect("it starts");
    let mut h = shown(runner, [1600.0, 1000.0]);
    assert!(h.query_by_label("Client shoppers").is_none());
    h.get_by_role_and_label(Role::Label, "shoppers").hover();
    // egui shows a tooltip once the pointer has rested half a second.
    h.run_steps(40);
    h.get_by_label("Client shoppers");
    h.get_by_label("waiting for an answer");
    h.get_by_label_contains("A synchronous caller");
}
