//! The topology builder driven through its real UI with egui_kittest, without a display:
//! from an empty scenario add a producer, a topic, a group and a service, wire them, see
//! a problem at the field it is about (and on the node), fix it, save → load the draft
//! and get the same scenario, remove a component, then run it and see messages
//! processed. The runner is inline: every frame is 100 ms of "wall" time × the speed.

mod ui_common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use faultline::scenario::{self, Scenario};
use faultline::ui::app::{BUILDER_REGION, Dashboard};
use faultline::ui::runner::{Control, Runner};
use faultline::ui::settings::Settings;
use faultline::ui::snapshot::{ScenarioSource, Speed};
use ui_common::dashboard;

/// Replaces the text of the input labelled `label` and presses Enter.
fn enter_text(h: &mut Harness<'_, Dashboard>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, label).type_text(text);
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
}

fn click(h: &mut Harness<'_, Dashboard>, label: &str) {
    h.get_by_label(label).click();
    h.run_steps(2);
}

/// Selects a component by clicking its node in the graph.
fn select(h: &mut Harness<'_, Dashboard>, name: &str) {
    h.get_by_role_and_label(Role::Button, name).click();
    h.run_steps(2);
}

/// Opens the combo box showing `value` and picks `choice` in it.
fn pick(h: &mut Harness<'_, Dashboard>, value: &str, choice: &str) {
    let combo = || |n: &egui_kittest::Node<'_>| n.accesskit_node().role() == Role::ComboBox;
    h.get_all_by_value(value).find(combo()).expect("the combo box").click_accesskit();
    h.run_steps(2);
    h.get_by_label(choice).click();
    h.run_steps(2);
}

fn draft(h: &Harness<'_, Dashboard>) -> Scenario {
    h.state().builder_draft().expect("the builder is open").scenario().clone()
}

/// The texts of the builder panel's problem lines.
fn problems_shown(h: &Harness<'_, Dashboard>) -> Vec<String> {
    h.query_all_by(|n| n.role() == Role::Label && n.value().is_some_and(|l| l.starts_with("✖ ")))
        .filter_map(|n| n.accesskit_node().value().map(|l| l.to_string()))
        .collect()
}

/// A paused dashboard on the tour, running at 10× once something plays.
fn paused() -> Harness<'static, Dashboard> {
    let mut runner = Runner::open(None);
    runner.handle(Control::SetSpeed(Speed::Times(10.0)));
    dashboard(runner, Settings::default())
}

/// Builds producer-1 → topic-1 → group-1 → service-1 from an empty scenario, through
/// the palette, the graph and the wiring combo boxes.
fn build_pipeline(h: &mut Harness<'_, Dashboard>) {
    h.run_steps(2);
    click(h, "✏ Build");
    h.get_by_label(BUILDER_REGION);
    click(h, "✏ New empty topology");
    assert_eq!(draft(h).name, "new system");
    assert!(draft(h).topics.is_empty() && draft(h).producers.is_empty());

    // A producer before any topic: it publishes to nothing, and says so at that row and
    // on its node.
    click(h, "+ Producer");
    let shown = problems_shown(h);
    assert!(shown.iter().any(|p| p.contains("topic")), "{shown:?}");
    h.get_by_label("⚠ producer-1: 1 problem");
    assert!(h.query_by_label("▶ Run").is_some_and(|n| n.accesskit_node().is_disabled()), "invalid: Run is off");

    // A topic, then the producer wired to it with its combo box.
    click(h, "+ Topic");
    select(h, "producer-1");
    pick(h, "— none —", "➡ topic-1");
    assert_eq!(draft(h).producers[0].topic, "topic-1");
    assert!(h.query_by_label("⚠ producer-1: 1 problem").is_none(), "wired: no problem left on the node");

    // A group added with the topic selected reads it; a service added with the group
    // selected is called by it.
    select(h, "topic-1");
    click(h, "+ Consumer group");
    click(h, "+ Service");
    let d = draft(h);
    assert_eq!(d.consumers[0].topic, "topic-1");
    assert_eq!(d.consumers[0].handler.calls, ["service-1"]);
    h.get_by_label("✔ valid: ready to run");
}

#[test]
fn a_topology_built_from_nothing_validates_at_the_field_saves_and_loads_back() {
    let mut h = paused();
    build_pipeline(&mut h);

    // A wrong value is taken into the draft and refused by the validator at its field.
    select(&mut h, "producer-1");
    enter_text(&mut h, "per_second", "-5");
    let d = h.state().builder_draft().expect("open");
    let placed: Vec<&str> = d.problems().iter().map(|p| p.field.as_str()).collect();
    assert_eq!(placed, ["rate.per_second"]);
    let shown = problems_shown(&h);
    assert!(shown.iter().any(|p| p.contains("per_second") || p.contains("positive") || p.contains("-5")), "{shown:?}");
    h.get_by_label("⚠ producer-1: 1 problem");
    // A value of the wrong type is refused before it reaches the draft.
    enter_text(&mut h, "per_second", "fast");
    assert_eq!(draft(&h).producers[0].rate, scenario::Arrivals::Poisson { per_second: -5.0 });
    // Fixed, it validates again.
    enter_text(&mut h, "per_second", "20");
    assert_eq!(draft(&h).producers[0].rate, scenario::Arrivals::Poisson { per_second: 20.0 });
    h.get_by_label("✔ valid: ready to run");

    // A rename carries the wiring along; a name in use is refused at the name.
    select(&mut h, "topic-1");
    enter_text(&mut h, "Topic", "orders");
    let d = draft(&h);
    assert_eq!((d.topics[0].name.as_str(), d.producers[0].topic.as_str()), ("orders", "orders"));
    assert_eq!(d.consumers[0].topic, "orders");
    enter_text(&mut h, "Topic", "group-1");
    h.get_by_label("✖ another component is called group-1");
    assert_eq!(draft(&h).topics[0].name, "orders");

    // Save → load gives the same scenario, and saving that writes the same text.
    let built = draft(&h);
    let text = scenario::to_ron_string(&built);
    let loaded = scenario::parse_str(&text, "built.ron").expect("the saved text loads");
    assert_eq!(loaded, built);
    assert_eq!(scenario::to_ron_string(&loaded), text);

    // Removing a component says what named it and unwires it.
    select(&mut h, "group-1");
    click(&mut h, "+ Service");
    assert_eq!(draft(&h).consumers[0].handler.calls, ["service-1", "service-2"]);
    click(&mut h, "🗑 Remove");
    h.get_by_label("Removed service-2; unwired: group-1 (handler.calls).");
    assert_eq!(draft(&h), built, "adding and removing service-2 leaves what was built");
}

/// The centre of the graph's node `name`.
fn node_centre(h: &Harness<'_, Dashboard>, name: &str) -> egui::Pos2 {
    ui_common::bounds(h, &h.get_by_role_and_label(Role::Button, name)).expect("a node has bounds").center()
}

/// Drags a line from one node to another, over a few frames as a hand would.
fn drag_line(h: &mut Harness<'_, Dashboard>, from: &str, to: &str) {
    let (a, b) = (node_centre(h, from), node_centre(h, to));
    h.hover_at(a);
    h.run_steps(1);
    h.drag_at(a);
    h.run_steps(1);
    for k in 1..=4 {
        h.hover_at(a + (b - a) * (k as f32 / 4.0));
        h.run_steps(1);
    }
    h.drop_at(b);
    h.run_steps(2);
}

#[test]
fn a_line_dragged_between_nodes_wires_them_along_the_flow() {
    let mut h = paused();
    h.run_steps(2);
    click(&mut h, "✏ Build");
    click(&mut h, "✏ New empty topology");
    for add in ["+ Service", "+ Consumer group", "+ Topic"] {
        click(&mut h, add);
    }
    // Added with a service selected, the group was not wired to it; with the group
    // selected, the topic was not either: both are lines to draw.
    let d = draft(&h);
    assert!(d.consumers[0].handler.calls.is_empty() && d.consumers[0].topic.is_empty());
    drag_line(&mut h, "topic-1", "group-1");
    drag_line(&mut h, "group-1", "service-1");
    let d = draft(&h);
    assert_eq!(d.consumers[0].topic, "topic-1");
    assert_eq!(d.consumers[0].handler.calls, ["service-1"]);
    // Against the flow: nothing is wired, and the panel says how lines go.
    drag_line(&mut h, "service-1", "group-1");
    assert_eq!(draft(&h), d);
    h.get_by_label_contains("A Service is not wired to a Consumer group");
}

#[test]
fn a_built_topology_runs_as_an_opened_file_does() {
    let mut h = paused();
    build_pipeline(&mut h);
    let built = draft(&h);
    click(&mut h, "▶ Run");
    assert!(h.query_by_label(BUILDER_REGION).is_none(), "the builder closes on Run");
    // 30 frames of 100 ms at 10× after the click's own two: 31 s of virtual time (the
    // load's frame plays none).
    h.run_steps(30);
    let s = h.state().snapshot();
    assert_eq!(*s.scenario, built, "the run is of the scenario built");
    assert_eq!(s.source, ScenarioSource::Dropped("new-system.ron".into()));
    assert!(s.playback.playing);
    // Poisson arrivals at 10/s for 31 s: 310 events expected, σ = √310 ≈ 17.6, so 240 to
    // 380 is ± 4σ (seed 0 gives 302). The group (1 instance, 1 ms of work, then a call of
    // 10 ms mean: ρ = 10 × 0.011 = 0.11) keeps up: all but the few in flight are processed
    // (seed 0: all 302).
    let t = s.now.as_secs_f64();
    assert!((30.0..=32.0).contains(&t), "{t} s");
    let produced = s.status.producers[0].produced;
    let processed = s.status.groups[0].processed;
    assert!((240..=380).contains(&produced), "{produced} produced in {t} s (310 ± 4σ)");
    assert!(processed <= produced && produced - processed <= 3, "{processed} of {produced} processed");
}
