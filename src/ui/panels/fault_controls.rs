//! Fault injection from the detail panel (and the availability panel's broker nodes):
//! the buttons a lecturer presses to break something live — crash, slow ×N, error rate,
//! network partition, poison — plus "recover now" and scaling a group. Each tooltip says
//! in one sentence what the button does and what to watch.
//!
//! Only the kinds the engine accepts for the component are offered (docs/faults.md's
//! table); the engine still validates, and a refusal shows in the detail panel.

use super::widgets::caption;
use crate::engine;
use crate::i18n::{tr, tr_args};
use crate::scenario::FaultKind;
use crate::time::SimDuration;
use crate::ui::command::{Command, Component};
use crate::ui::format;
use crate::ui::runner::Control;
use crate::ui::snapshot::Snapshot;
use egui::{RichText, Ui};

/// How long an injected fault's cause lasts: a few fixed choices, or until "recover now".
/// (label, seconds); the last one's label is a message key.
const DURATIONS: [(&str, Option<u64>); 5] = [
    ("10 s", Some(10)),
    ("30 s", Some(30)),
    ("1 min", Some(60)),
    ("5 min", Some(300)),
    ("fault-until-recovered", None),
];

/// A duration's label as shown.
fn duration_label(label: &str) -> String {
    if label.starts_with("fault-") { tr(label) } else { label.to_string() }
}

/// What is being aimed at in a consumer group: the whole group or one instance.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
enum GroupTarget {
    #[default]
    Group,
    Instance(String),
}

/// The settings of the fault buttons (kept while the panel shows other components).
pub struct FaultControls {
    duration_s: Option<u64>,
    slow_factor: f64,
    error_rate: f64,
    poison: f64,
    instances: u32,
    /// The group the instance count was last taken from (a new selection starts from its
    /// current count).
    instances_of: Option<String>,
    group_target: GroupTarget,
    /// A service with replicas: the replica aimed at (`service/N`), or `None` for all of
    /// them; with the service it was chosen for (a new selection aims at all again).
    replica_target: Option<String>,
    replica_target_of: Option<String>,
}

impl Default for FaultControls {
    fn default() -> Self {
        FaultControls {
            duration_s: Some(30),
            slow_factor: 10.0,
            error_rate: 0.5,
            poison: 0.05,
            instances: 1,
            instances_of: None,
            group_target: GroupTarget::Group,
            replica_target: None,
            replica_target_of: None,
        }
    }
}

fn inject(target: &str, kind: FaultKind, duration_s: Option<u64>) -> Command {
    Control::Apply(engine::Command::InjectFault {
        target: target.to_string(),
        kind,
        duration: duration_s.map(SimDuration::from_secs),
    })
    .into()
}

fn recover(target: &str) -> Command {
    Control::Apply(engine::Command::RecoverNow { target: target.to_string() }).into()
}

impl FaultControls {
    /// The section for `component`: a heading, how long, and the buttons its kind supports.
    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot, component: &Component) -> Option<Command> {
        if let Component::Topic(name) = component
            && s.status.topics.iter().any(|t| &t.name == name && t.is_dead_letter_target)
        {
            return None;
        }
        ui.separator();
        ui.label(RichText::new(tr("fault-inject")).strong()).on_hover_text(tr("fault-inject-help"));
        self.duration(ui);
        let command = match component {
            Component::Service(name) => self.service(ui, s, name),
            Component::Producer(name) => self.producer(ui, name),
            Component::Topic(name) => self.topic(ui, name),
            Component::Group(name) => self.group(ui, s, name),
            Component::Client(_) => None,
        };
        let faults: Vec<String> = s
            .status
            .faults
            .iter()
            .filter(|f| f.target == component.name() || f.target.starts_with(&format!("{}/", component.name())))
            .map(|f| {
                let until = f.until.map_or_else(
                    || tr("fault-until-recovered"),
                    |u| tr_args("fault-until", &[("time", format::clock(u).into())]),
                );
                tr_args(
                    "fault-in-effect",
                    &[
                        ("target", f.target.to_string().into()),
                        ("kind", f.kind.to_string().into()),
                        ("since", format::clock(f.since).into()),
                        ("until", until.into()),
                    ],
                )
            })
            .collect();
        if faults.is_empty() {
            caption(ui, tr("fault-none"));
        }
        for f in faults {
            ui.label(RichText::new(format!("⚡ {}", format::printable(&f))).strong());
        }
        command
    }

    fn duration(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.label(tr("fault-for"));
            let current = DURATIONS.iter().find(|d| d.1 == self.duration_s).map_or("30 s", |d| d.0);
            egui::ComboBox::from_id_salt("fault-duration").selected_text(duration_label(current)).show_ui(ui, |ui| {
                for (label, d) in DURATIONS {
                    ui.selectable_value(&mut self.duration_s, d, duration_label(label));
                }
            });
            super::widgets::help(ui, &tr("fault-for-help"));
        });
    }

    fn service(&mut self, ui: &mut Ui, s: &Snapshot, name: &str) -> Option<Command> {
        let mut command = None;
        let d = self.duration_s;
        if self.replica_target_of.as_deref() != Some(name) {
            self.replica_target = None;
            self.replica_target_of = Some(name.to_string());
        }
        let replicas = s.status.services.iter().find(|v| v.name == name).map_or(&[][..], |v| &v.replicas[..]);
        if replicas.len() > 1 {
            ui.horizontal(|ui| {
                ui.label(tr("fault-target"));
                let every = tr_args("fault-every-replica", &[("name", name.to_string().into())]);
                let label = self.replica_target.clone().unwrap_or_else(|| every.clone());
                egui::ComboBox::from_id_salt("fault-replica").selected_text(label).show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.replica_target, None, every);
                    for r in replicas {
                        ui.selectable_value(&mut self.replica_target, Some(r.name.clone()), &r.name);
                    }
                });
            });
        }
        let target = self.replica_target.clone().unwrap_or_else(|| name.to_string());
        let name = target.as_str();
        ui.horizontal_wrapped(|ui| {
            if ui.button(format!("💥 {}", tr("fault-crash"))).on_hover_text(tr("fault-crash-help-1")).clicked() {
                command = Some(inject(name, FaultKind::Crash, d));
            }
            if ui.button(format!("✂ {}", tr("fault-partition"))).on_hover_text(tr("fault-partition-help-1")).clicked()
            {
                command = Some(inject(name, FaultKind::Partition, d));
            }
        });
        ui.horizontal(|ui| {
            let slow = ui.button(format!("🐢 {} ×{}", tr("fault-slow"), format::compact(self.slow_factor)));
            ui.add(egui::DragValue::new(&mut self.slow_factor).range(1.5..=100.0).speed(0.5).prefix("×"));
            if slow.on_hover_text(tr("fault-slow-help-1")).clicked() {
                command = Some(inject(name, FaultKind::Slow { factor: self.slow_factor }, d));
            }
        });
        ui.horizontal(|ui| {
            let errors = ui.button(format!("⚠ {} {}", tr("fault-error-rate"), format::percent(self.error_rate)));
            ui.add(egui::Slider::new(&mut self.error_rate, 0.01..=1.0).show_value(false));
            if errors.on_hover_text(tr("fault-errors-help-1")).clicked() {
                command = Some(inject(name, FaultKind::ErrorRate(self.error_rate), d));
            }
        });
        command.or_else(|| recover_button(ui, name, &tr("fault-recover-help-2")))
    }

    fn producer(&mut self, ui: &mut Ui, name: &str) -> Option<Command> {
        let mut command = None;
        let d = self.duration_s;
        ui.horizontal_wrapped(|ui| {
            if ui.button(format!("💥 {}", tr("fault-crash"))).on_hover_text(tr("fault-crash-help-2")).clicked() {
                command = Some(inject(name, FaultKind::Crash, d));
            }
            if ui.button(format!("✂ {}", tr("fault-partition"))).on_hover_text(tr("fault-partition-help-2")).clicked()
            {
                command = Some(inject(name, FaultKind::Partition, d));
            }
        });
        ui.horizontal(|ui| {
            let poison = ui.button(format!("☠ {} {}", tr("fault-poison"), format::percent(self.poison)));
            ui.add(egui::Slider::new(&mut self.poison, 0.001..=1.0).logarithmic(true).show_value(false));
            if poison.on_hover_text(tr("fault-poison-help-1")).clicked() {
                command = Some(inject(name, FaultKind::Poison { fraction: self.poison }, d));
            }
        });
        command.or_else(|| recover_button(ui, name, &tr("fault-recover-help-3")))
    }

    fn topic(&mut self, ui: &mut Ui, name: &str) -> Option<Command> {
        let mut command = None;
        ui.horizontal(|ui| {
            let poison = ui.button(format!("☠ {} {}", tr("fault-poison"), format::percent(self.poison)));
            ui.add(egui::Slider::new(&mut self.poison, 0.001..=1.0).logarithmic(true).show_value(false));
            if poison.on_hover_text(tr("fault-poison-help-2")).clicked() {
                command = Some(inject(name, FaultKind::Poison { fraction: self.poison }, self.duration_s));
            }
        });
        command.or_else(|| recover_button(ui, name, &tr("fault-recover-help-4")))
    }

    fn group(&mut self, ui: &mut Ui, s: &Snapshot, name: &str) -> Option<Command> {
        let g = s.status.groups.iter().find(|g| g.name == name)?;
        if self.instances_of.as_deref() != Some(name) {
            self.instances = g.instances_provisioned.max(1);
            self.instances_of = Some(name.to_string());
            self.group_target = GroupTarget::Group;
        }
        let mut command = None;
        let d = self.duration_s;
        ui.horizontal(|ui| {
            ui.label(tr("fault-target"));
            let every = tr_args("fault-every-instance", &[("name", name.to_string().into())]);
            let label = match &self.group_target {
                GroupTarget::Group => every.clone(),
                GroupTarget::Instance(i) => i.clone(),
            };
            egui::ComboBox::from_id_salt("fault-instance").selected_text(label).show_ui(ui, |ui| {
                ui.selectable_value(&mut self.group_target, GroupTarget::Group, every);
                for inst in &g.instances {
                    ui.selectable_value(&mut self.group_target, GroupTarget::Instance(inst.name.clone()), &inst.name);
                }
            });
        });
        let target = match &self.group_target {
            GroupTarget::Group => name.to_string(),
            GroupTarget::Instance(i) => i.clone(),
        };
        ui.horizontal_wrapped(|ui| {
            if ui.button(format!("💥 {}", tr("fault-crash"))).on_hover_text(tr("fault-crash-help-3")).clicked() {
                command = Some(inject(&target, FaultKind::Crash, d));
            }
            if ui.button(format!("✂ {}", tr("fault-partition"))).on_hover_text(tr("fault-partition-help-3")).clicked()
            {
                command = Some(inject(&target, FaultKind::Partition, d));
            }
        });
        if self.group_target == GroupTarget::Group {
            ui.horizontal(|ui| {
                let slow = ui.button(format!("🐢 {} ×{}", tr("fault-slow"), format::compact(self.slow_factor)));
                ui.add(egui::DragValue::new(&mut self.slow_factor).range(1.5..=100.0).speed(0.5).prefix("×"));
                if slow.on_hover_text(tr("fault-slow-help-2")).clicked() {
                    command = Some(inject(name, FaultKind::Slow { factor: self.slow_factor }, d));
                }
            });
            ui.horizontal(|ui| {
                let errors = ui.button(format!("⚠ {} {}", tr("fault-error-rate"), format::percent(self.error_rate)));
                ui.add(egui::Slider::new(&mut self.error_rate, 0.01..=1.0).show_value(false));
                if errors.on_hover_text(tr("fault-errors-help-2")).clicked() {
                    command = Some(inject(name, FaultKind::ErrorRate(self.error_rate), d));
                }
            });
        }
        command = command.or_else(|| recover_button(ui, &target, &tr("fault-recover-instance-help")));
        ui.horizontal(|ui| {
            ui.label(tr("fault-instances"));
            ui.add(egui::DragValue::new(&mut self.instances).range(1..=64));
            let help = if s.scenario.consumers.iter().any(|c| c.name == name && c.autoscale.is_some()) {
                tr("fault-scale-autoscaled-help")
            } else {
                tr("fault-scale-help")
            };
            if ui.button(tr("fault-scale")).on_hover_text(help).clicked() {
                command = Some(
                    Control::Apply(engine::Command::ScaleGroup { group: name.into(), instances: self.instances })
                        .into(),
                );
            }
        });
        command
    }

    /// Crash / partition / recover buttons for a broker node `broker/N`.
    pub fn node_buttons(&mut self, ui: &mut Ui, node: &str) -> Option<Command> {
        let mut command = None;
        let d = self.duration_s;
        if ui
            .small_button(format!("💥 {}", tr("fault-node-crash")))
            .on_hover_text(tr("fault-node-crash-help"))
            .clicked()
        {
            command = Some(inject(node, FaultKind::Crash, d));
        }
        if ui
            .small_button(format!("✂ {}", tr("fault-node-partition")))
            .on_hover_text(tr("fault-node-partition-help"))
            .clicked()
        {
            command = Some(inject(node, FaultKind::Partition, d));
        }
        if ui
            .small_button(format!("♻ {}", tr("fault-node-recover")))
            .on_hover_text(tr("fault-node-recover-help"))
            .clicked()
        {
            command = Some(recover(node));
        }
        command
    }

    /// The duration picker on its own (the availability panel's broker section).
    pub fn duration_picker(&mut self, ui: &mut Ui) {
        self.duration(ui);
    }
}

fn recover_button(ui: &mut Ui, target: &str, help: &str) -> Option<Command> {
    ui.button(format!("♻ {}", tr("fault-recover-now"))).on_hover_text(help).clicked().then(|| recover(target))
}
