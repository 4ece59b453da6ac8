//! The parameter editor: every field of the selected component, generated from its part
//! of the running scenario (`Simulation::scenario()`, as the snapshot carries it), so a
//! field added to the scenario format appears here without code. Each field is edited as
//! text (numbers, durations such as `250ms`, JSON for lists and whole structures) or with
//! a checkbox or a list of choices, and sent as `engine::Command::Set { path, value }`;
//! the engine validates it like a scenario file and says why when it refuses, and the
//! refusal is shown under the field that was changed.

use crate::engine;
use crate::i18n::{tr, tr_args};
use crate::scenario::Scenario;
use crate::ui::command::{Command, Component};
use crate::ui::runner::Control;
use crate::ui::snapshot::Snapshot;
use crate::ui::theme::{Palette, VERMILLION};
use egui::{RichText, Ui};
use serde_json::Value;
use std::collections::BTreeMap;

/// One editable field of a component.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The full dotted path, as `Command::Set` takes it (`consumers.payments.retry.max_attempts`).
    pub path: String,
    /// The path inside the component (`retry.max_attempts`), what the editor shows.
    pub label: String,
    /// Nesting depth inside the component (0 = a field of the component itself).
    pub depth: usize,
    pub value: Leaf,
}

/// What a field holds, and so how it is edited.
#[derive(Clone, Debug, PartialEq)]
pub enum Leaf {
    /// A heading for a structure whose fields follow (`retry`, `circuit_breaker`).
    Section,
    Bool(bool),
    /// A number, a duration, a word or none, edited as the text a scenario file uses.
    Text(String),
    /// One of a fixed set of unit variants.
    Choice {
        current: String,
        choices: &'static [&'static str],
    },
    /// A newtype variant (`Exponential("30s")`, `Count(50)`): the variant's value is
    /// edited, the variant kept; the whole value is sent (`{"Exponential":"30s"}`).
    Variant {
        variant: String,
        inner: String,
    },
}

/// Unit variants offered as choices, by the field's path inside its component.
fn choices(label: &str) -> Option<&'static [&'static str]> {
    let last = label.rsplit('.').next().unwrap_or(label);
    match (label, last) {
        (_, "jitter") => Some(&["None", "Full", "Equal", "Decorrelated"]),
        ("rate_limit.overflow", _) => Some(&["Delay", "DeadLetter", "Drop"]),
        ("overflow", _) => Some(&["RejectNew", "DropOldest", "BlockProducer"]),
        ("delivery", _) => Some(&["Partitioned", "Competing"]),
        _ => None,
    }
}

/// Every field of `component` in `scenario`, alphabetically at each level (as the JSON
/// form orders them).
pub fn fields(scenario: &Scenario, component: &Component) -> Vec<Field> {
    let Ok(tree) = serde_json::to_value(scenario) else { return Vec::new() };
    let list = component.section();
    let Some(spec) = tree
        .get(list)
        .and_then(Value::as_array)
        .and_then(|items| items.iter().find(|i| i.get("name").and_then(Value::as_str) == Some(component.name())))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let prefix = format!("{list}.{}", component.name());
    if let Value::Object(map) = spec {
        for (key, value) in map {
            if key == "name" {
                continue;
            }
            walk(&mut out, &format!("{prefix}.{key}"), key, 0, value);
        }
    }
    out
}

fn walk(out: &mut Vec<Field>, path: &str, label: &str, depth: usize, value: &Value) {
    let field = |value: Leaf| Field { path: path.to_string(), label: label.to_string(), depth, value };
    match value {
        Value::Bool(b) => out.push(field(Leaf::Bool(*b))),
        Value::Number(n) => out.push(field(Leaf::Text(n.to_string()))),
        Value::Null => out.push(field(Leaf::Text("none".into()))),
        Value::String(text) => match choices(label) {
            Some(choices) if choices.contains(&text.as_str()) => {
                out.push(field(Leaf::Choice { current: text.clone(), choices }));
            }
            _ => out.push(field(Leaf::Text(text.clone()))),
        },
        Value::Array(_) => out.push(field(Leaf::Text(value.to_string()))),
        Value::Object(map) => {
            // An externally tagged enum variant: {"Poisson": {"per_second": 50}} or
            // {"Exponential": "30s"}.
            if map.len() == 1
                && let Some((variant, inner)) = map.iter().next()
                && variant.starts_with(|c: char| c.is_ascii_uppercase())
            {
                match inner {
                    Value::Object(fields) => {
                        out.push(Field {
                            path: path.to_string(),
                            label: format!("{label}: {variant}"),
                            depth,
                            value: Leaf::Section,
                        });
                        for (key, v) in fields {
                            // Paths step through the variant (`rate.per_second`).
                            walk(out, &format!("{path}.{key}"), &format!("{label}.{key}"), depth + 1, v);
                        }
                    }
                    Value::Array(_) => out.push(field(Leaf::Text(value.to_string()))),
                    scalar => out.push(field(Leaf::Variant { variant: variant.clone(), inner: plain(scalar) })),
                }
                return;
            }
            out.push(field(Leaf::Section));
            for (key, v) in map {
                walk(out, &format!("{path}.{key}"), &format!("{label}.{key}"), depth + 1, v);
            }
        }
    }
}

/// A scalar as typed: strings without quotes.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "none".into(),
        other => other.to_string(),
    }
}

/// A field's name, indented by its depth.
fn name(ui: &mut Ui, indent: f32, text: RichText) -> egui::Response {
    ui.horizontal(|ui| {
        ui.add_space(indent);
        ui.label(text)
    })
    .inner
}

/// A value as typed into the editor, as `Command::Set` reads it (`none` → JSON null).
fn as_set_value(text: &str) -> String {
    let t = text.trim();
    if t.eq_ignore_ascii_case("none") { "null".into() } else { t.to_string() }
}

/// The editor's own state: drafts being typed and the last field sent.
#[derive(Default)]
pub struct ParamEditor {
    /// Path → (the value when editing began, the text typed).
    drafts: BTreeMap<String, (String, String)>,
    /// The path last sent, to show a refusal under it.
    last_sent: Option<String>,
    /// The free "any path" row.
    any_path: String,
    any_value: String,
}

impl ParamEditor {
    /// Draws the fields of `component`; returns the `Set` to send, if one was asked for.
    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot, component: &Component) -> Option<Command> {
        let fields = fields(&s.scenario, component);
        let palette = Palette::of(ui.visuals());
        let refusal = s.command_error.as_ref().map(|r| r.render(crate::i18n::lang()));
        let refused = |why: &str| {
            tr_args("lesson-action-refused", &[("why", crate::ui::format::printable(why).into_owned().into())])
        };
        let last_sent = self.last_sent.clone();
        let error_at =
            |path: &str| refusal.as_ref().filter(|_| last_sent.as_deref() == Some(path)).map(|why| vec![refused(why)]);
        let mut command = self
            .form(ui, ("params", component.name()), &fields, &error_at)
            .map(|(path, value)| self.send(&path, value));
        ui.add_space(6.0);
        ui.label(RichText::new(tr("params-any-path")).strong()).on_hover_text(tr("params-any-path-help"));
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut self.any_path).hint_text(tr("params-path")).desired_width(170.0));
            ui.label("=");
            ui.add(egui::TextEdit::singleline(&mut self.any_value).hint_text(tr("params-value")).desired_width(90.0));
            if ui.add_enabled(!self.any_path.trim().is_empty(), egui::Button::new(tr("params-set"))).clicked() {
                let path = self.any_path.trim().to_string();
                let value = as_set_value(&self.any_value);
                command = Some(self.send(&path, value));
            }
        });
        if self.last_sent.as_deref() == Some(self.any_path.trim())
            && !fields.iter().any(|f| Some(f.path.as_str()) == self.last_sent.as_deref())
            && let Some(why) = &refusal
        {
            ui.label(RichText::new(format!("✖ {}", refused(why))).color(palette.text_color(VERMILLION)));
        }
        command
    }

    /// The grid of `fields`, each edited by its kind, with the problems `error_at` gives
    /// for a field's path shown under it (a refusal of the engine's, or the builder's
    /// validation of a draft). Returns `(path, value)` when one was set: the value as
    /// `Command::Set` reads it. Shared by the live parameter editor and the builder.
    pub fn form(
        &mut self,
        ui: &mut Ui,
        id_salt: impl std::hash::Hash + std::fmt::Debug,
        fields: &[Field],
        error_at: &dyn Fn(&str) -> Option<Vec<String>>,
    ) -> Option<(String, String)> {
        let mut set = None;
        let palette = Palette::of(ui.visuals());
        egui::Grid::new(id_salt).num_columns(3).spacing([8.0, 3.0]).striped(true).show(ui, |ui| {
            for f in fields {
                let indent = 14.0 * f.depth as f32;
                let short = f.label.rsplit('.').next().unwrap_or(&f.label);
                match &f.value {
                    Leaf::Section => {
                        name(ui, indent, RichText::new(short).strong())
                            .on_hover_text(tr_args("params-section-help", &[("path", f.path.as_str().into())]));
                        ui.label("");
                        ui.label("");
                    }
                    Leaf::Bool(b) => {
                        name(ui, indent, RichText::new(short)).on_hover_text(&f.path);
                        let mut v = *b;
                        let text = if v { "yes" } else { "no" };
                        if ui.checkbox(&mut v, text).changed() {
                            set = Some((f.path.clone(), v.to_string()));
                        }
                        ui.label("");
                    }
                    Leaf::Choice { current, choices } => {
                        name(ui, indent, RichText::new(short)).on_hover_text(&f.path);
                        egui::ComboBox::from_id_salt(("choice", &f.path)).selected_text(current).show_ui(ui, |ui| {
                            for c in *choices {
                                if ui.selectable_label(c == current, *c).clicked() && c != current {
                                    set = Some((f.path.clone(), (*c).to_string()));
                                }
                            }
                        });
                        ui.label("");
                    }
                    Leaf::Text(current) => {
                        let label = name(ui, indent, RichText::new(short)).on_hover_text(&f.path);
                        if let Some(text) = self.text_row(ui, &f.path, current, label.id) {
                            set = Some((f.path.clone(), as_set_value(&text)));
                        }
                    }
                    Leaf::Variant { variant, inner } => {
                        let label =
                            name(ui, indent, RichText::new(format!("{short} ({variant})"))).on_hover_text(&f.path);
                        if let Some(text) = self.text_row(ui, &f.path, inner, label.id) {
                            let value = serde_json::json!({ variant.as_str(): crate::scenario::dotted::parse_value(text.trim()) });
                            set = Some((f.path.clone(), value.to_string()));
                        }
                    }
                }
                ui.end_row();
                for why in error_at(&f.path).unwrap_or_default() {
                    ui.label("");
                    ui.add(
                        egui::Label::new(RichText::new(format!("✖ {why}")).color(palette.text_color(VERMILLION)))
                            .wrap(),
                    );
                    ui.label("");
                    ui.end_row();
                }
            }
        });
        set
    }

    /// A text field with a Set button; returns the text to send when asked.
    fn text_row(&mut self, ui: &mut Ui, path: &str, current: &str, label: egui::Id) -> Option<String> {
        let entry = self.drafts.entry(path.to_string()).or_insert_with(|| (current.to_string(), current.to_string()));
        if entry.0 != current {
            // The value changed underneath (accepted, another edit, a reset): follow it.
            *entry = (current.to_string(), current.to_string());
        }
        let edit = ui
            .add(egui::TextEdit::singleline(&mut entry.1).desired_width(110.0).id_salt(("param", path)))
            .labelled_by(label);
        let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let dirty = entry.1.trim() != current;
        let clicked = ui
            .add_enabled(dirty, egui::Button::new(tr("params-set")))
            .on_hover_text(tr_args("params-set-help", &[("path", path.to_string().into())]))
            .clicked();
        ((entered && dirty) || clicked).then(|| entry.1.clone())
    }

    fn send(&mut self, path: &str, value: String) -> Command {
        self.last_sent = Some(path.to_string());
        Control::Apply(engine::Command::Set { path: path.to_string(), value }).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        crate::curriculum::parse_str(crate::ui::runner::DEFAULT_SCENARIO, "demo").expect("the demo parses")
    }

    #[test]
    fn a_groups_fields_include_nested_policies_with_full_paths() {
        let fields = fields(&scenario(), &Component::Group("payments".into()));
        let paths: Vec<&str> = fields.iter().map(|f| f.path.as_str()).collect();
        for wanted in [
            "consumers.payments.concurrency",
            "consumers.payments.retry.max_attempts",
            "consumers.payments.circuit_breaker.failure_rate",
        ] {
            assert!(paths.contains(&wanted), "{wanted} missing from {paths:?}");
        }
        assert!(!paths.contains(&"consumers.payments.name"));
    }

    #[test]
    fn variants_are_stepped_through_or_edited_whole() {
        let s = scenario();
        let producer = fields(&s, &Component::Producer("checkout".into()));
        assert!(producer.iter().any(|f| f.path == "producers.checkout.rate.per_second"), "{producer:?}");
        let service = fields(&s, &Component::Service("payment-gateway".into()));
        let latency = service.iter().find(|f| f.path == "services.payment-gateway.latency").expect("latency");
        assert!(matches!(latency.value, Leaf::Variant { .. } | Leaf::Section), "{latency:?}");
    }
}
