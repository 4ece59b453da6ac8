//! The detail panel: the selected component's live numbers, and live edits of what the
//! engine's commands support (producer rate, group concurrency, service error
//! probabilities and latency). Edits are applied at the current virtual time and the
//! engine records them in the event log.

use super::widgets::{caption, help};
use crate::engine;
use crate::i18n::{tr, tr_args};
use crate::scenario::{Arrivals, Distribution, Errors, Scenario};
use crate::time::SimDuration;
use crate::ui::command::{Command, Component};
use crate::ui::format;
use crate::ui::health;
use crate::ui::runner::Control;
use crate::ui::snapshot::Snapshot;
use crate::ui::theme::{Palette, VERMILLION};
use egui::{RichText, Ui};

/// Values being edited, before "Apply".
#[derive(Clone, Debug, Default, PartialEq)]
struct Drafts {
    rate_per_s: f64,
    concurrency: u32,
    errors: Errors,
    latency: LatencyDraft,
}

/// A latency distribution being edited: its kind and its parameters as typed.
#[derive(Clone, Debug, Default, PartialEq)]
struct LatencyDraft {
    kind: LatencyKind,
    first: String,
    second: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum LatencyKind {
    Constant,
    #[default]
    Exponential,
    Uniform,
    LogNormal,
}

impl LatencyKind {
    const ALL: [LatencyKind; 4] =
        [LatencyKind::Constant, LatencyKind::Exponential, LatencyKind::Uniform, LatencyKind::LogNormal];

    fn name(self) -> &'static str {
        match self {
            LatencyKind::Constant => "Constant",
            LatencyKind::Exponential => "Exponential",
            LatencyKind::Uniform => "Uniform",
            LatencyKind::LogNormal => "Log-normal",
        }
    }

    /// Labels of the parameters (`None`: only one).
    fn params(self) -> (&'static str, Option<&'static str>) {
        match self {
            LatencyKind::Constant => ("value", None),
            LatencyKind::Exponential => ("mean", None),
            LatencyKind::Uniform => ("min", Some("max")),
            LatencyKind::LogNormal => ("median", Some("p99")),
        }
    }
}

/// Why a typed latency is not a distribution (shown under the fields).
#[derive(Debug, PartialEq, thiserror::Error)]
enum LatencyDraftError {
    /// A field that is not a duration, with the field's label.
    #[error("{label}: {error}")]
    Duration { label: &'static str, error: crate::time::DurationError },
    #[error("max must not be below min")]
    MaxBelowMin,
    #[error("p99 must not be below the median")]
    P99BelowMedian,
}

impl LatencyDraft {
    fn of(d: &Distribution) -> LatencyDraft {
        let (kind, first, second) = match *d {
            Distribution::Constant(v) => (LatencyKind::Constant, v, SimDuration::ZERO),
            Distribution::Exponential(m) => (LatencyKind::Exponential, m, SimDuration::ZERO),
            Distribution::Uniform { min, max } => (LatencyKind::Uniform, min, max),
            Distribution::LogNormal { median, p99 } => (LatencyKind::LogNormal, median, p99),
            // The quick editor offers the four kinds above; a shaped distribution (shown in
            // full on the latency row) starts it at an exponential of the same mean.
            Distribution::Gamma { .. }
            | Distribution::Erlang { .. }
            | Distribution::Weibull { .. }
            | Distribution::Pareto { .. }
            | Distribution::Hyperexponential { .. }
            | Distribution::Empirical { .. } => {
                (LatencyKind::Exponential, SimDuration::from_secs_f64(d.mean_s()), SimDuration::ZERO)
            }
        };
        LatencyDraft { kind, first: first.to_string(), second: second.to_string() }
    }

    /// The distribution typed, or why it is not one.
    fn parse(&self) -> Result<Distribution, LatencyDraftError> {
        let parse = |label: &'static str, text: &str| {
            text.trim().parse::<SimDuration>().map_err(|error| LatencyDraftError::Duration { label, error })
        };
        let (a_label, b_label) = self.kind.params();
        let a = parse(a_label, &self.first)?;
        let b = match b_label {
            Some(label) => parse(label, &self.second)?,
            None => SimDuration::ZERO,
        };
        Ok(match self.kind {
            LatencyKind::Constant => Distribution::Constant(a),
            LatencyKind::Exponential => Distribution::Exponential(a),
            LatencyKind::Uniform if b < a => return Err(LatencyDraftError::MaxBelowMin),
            LatencyKind::Uniform => Distribution::Uniform { min: a, max: b },
            LatencyKind::LogNormal if b < a => return Err(LatencyDraftError::P99BelowMedian),
            LatencyKind::LogNormal => Distribution::LogNormal { median: a, p99: b },
        })
    }
}

#[derive(Default)]
pub struct DetailPanel {
    selected: Option<Component>,
    drafts: Drafts,
    /// (generation, component) the drafts were taken from.
    drafts_of: Option<(u64, Component)>,
    /// The fault buttons and their settings (duration, factor, rate).
    faults: super::fault_controls::FaultControls,
    /// Every parameter of the component, generated from the running scenario.
    params: super::whatif::params::ParamEditor,
    /// A group's offsets on a retained topic, and its Reset offsets menu.
    offsets: super::offsets::OffsetsSection,
    /// Showing the component's own plots rather than its numbers and edits.
    plots: bool,
    /// The global plots' cursor and time range, which the component's own plots share.
    cursor: Option<crate::time::SimTime>,
    bounds: Option<(f64, f64)>,
}

impl DetailPanel {
    pub fn set_selected(&mut self, selected: Option<Component>) {
        self.selected = selected;
    }

    /// The plots' cursor (moved by any panel).
    pub fn set_cursor(&mut self, cursor: Option<crate::time::SimTime>) {
        self.cursor = cursor;
    }

    /// The time range the global plots show, for the component's own plots.
    pub fn set_bounds(&mut self, bounds: Option<(f64, f64)>) {
        self.bounds = bounds;
    }

    pub fn selected(&self) -> Option<&Component> {
        self.selected.as_ref()
    }

    /// Whether the selected component exists in this snapshot.
    pub fn is_valid(&self, s: &Snapshot) -> bool {
        let st = &s.status;
        match &self.selected {
            None => false,
            Some(Component::Producer(n)) => st.producers.iter().any(|p| &p.name == n),
            Some(Component::Client(n)) => st.clients.iter().any(|c| &c.name == n),
            Some(Component::Topic(n)) => st.topics.iter().any(|t| &t.name == n),
            Some(Component::Group(n)) => st.groups.iter().any(|g| &g.name == n),
            Some(Component::Service(n)) => st.services.iter().any(|v| &v.name == n),
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        let component = self.selected.clone()?;
        if self.drafts_of.as_ref() != Some(&(s.generation, component.clone())) {
            self.drafts = drafts_from(&s.scenario, &component);
            self.drafts_of = Some((s.generation, component.clone()));
        }
        let mut command = None;
        ui.horizontal(|ui| {
            caption(ui, tr(&format!("component-{}", component.kind().to_lowercase().replace(' ', "-"))));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("✖").on_hover_text(tr("detail-close-help")).clicked() {
                    command = Some(Command::Select(None));
                }
            });
        });
        ui.heading(RichText::new(component.name()).strong());
        if let Some(error) = &s.command_error {
            let palette = Palette::of(ui.visuals());
            ui.label(
                RichText::new(format!(
                    "✖ {}",
                    tr_args("detail-refused", &[("error", error.render(crate::i18n::lang()).into())])
                ))
                .color(palette.text_color(VERMILLION)),
            );
        }
        // Two views of a component with series of its own: its numbers and edits, or its
        // plots (the whole panel's height for them).
        if super::component_plots::plots_of(&component).is_some() {
            ui.horizontal(|ui| {
                ui.selectable_value(&mut self.plots, false, tr("detail-view-details"))
                    .on_hover_text(tr("detail-view-details-help"));
                ui.selectable_value(&mut self.plots, true, tr("detail-view-plots"))
                    .on_hover_text(tr("detail-view-plots-help"));
            });
        }
        ui.separator();
        // Both ways: a narrow panel (a projector) scrolls what does not fit rather than cut it.
        egui::ScrollArea::both().id_salt("detail").auto_shrink([false, false]).show(ui, |ui| {
            if self.plots && super::component_plots::plots_of(&component).is_some() {
                let plots = super::component_plots::show(ui, s, &component, self.bounds, self.cursor);
                command = command.take().or(plots);
                return;
            }
            let edit = match &component {
                Component::Producer(name) => self.producer(ui, s, name),
                Component::Topic(name) => topic(ui, s, name),
                Component::Group(name) => self.group(ui, s, name),
                Component::Service(name) => self.service(ui, s, name),
                // A client has no live controls of its own (only the builder selects one).
                Component::Client(_) => None,
            };
            command = command.take().or(edit);
            let fault = self.faults.ui(ui, s, &component);
            command = command.take().or(fault);
            ui.separator();
            let all = egui::CollapsingHeader::new(RichText::new(tr("detail-all-parameters")).strong())
                .id_salt("all-parameters")
                .default_open(true)
                .show(ui, |ui| self.params.ui(ui, s, &component));
            command = command.take().or(all.body_returned.flatten());
        });
        command
    }

    fn producer(&mut self, ui: &mut Ui, s: &Snapshot, name: &str) -> Option<Command> {
        let p = s.status.producers.iter().find(|p| p.name == name)?;
        let spec = s.scenario.producers.iter().find(|p| p.name == name)?;
        numbers(
            ui,
            "producer-numbers",
            &[
                ("tip-publishes-to", p.topic.clone()),
                ("detail-arrivals", describe_arrivals(&spec.rate)),
                ("detail-mean-rate-now", format::rate(p.mean_rate_per_second)),
                ("tip-produced", format::count(p.produced)),
                ("tip-rejected-topic-full", format::count(p.rejected)),
                ("tip-state", tr(if p.blocked { "tip-blocked" } else { "tip-publishing" })),
            ],
        );
        ui.separator();
        ui.label(RichText::new(tr("detail-live-edit")).strong());
        let settable =
            matches!(spec.rate, Arrivals::Constant { .. } | Arrivals::Poisson { .. } | Arrivals::Bursty { .. });
        if !settable {
            caption(ui, tr("detail-rate-varies"));
            return None;
        }
        let top = (p.mean_rate_per_second * 10.0).max(10_000.0);
        ui.add(
            egui::Slider::new(&mut self.drafts.rate_per_s, 0.0..=top)
                .logarithmic(true)
                .text(tr("detail-messages-per-s")),
        )
        .on_hover_text(tr("detail-rate-help"));
        let mut command = None;
        if ui.button(tr("detail-apply-rate")).on_hover_text(tr("detail-apply-help")).clicked() {
            command = Some(
                Control::Apply(engine::Command::SetArrivalRate {
                    producer: name.into(),
                    per_second: self.drafts.rate_per_s,
                })
                .into(),
            );
        }
        command
    }

    fn group(&mut self, ui: &mut Ui, s: &Snapshot, name: &str) -> Option<Command> {
        let g = s.status.groups.iter().find(|g| g.name == name)?;
        let rate = health::group_failure_rate(s, name);
        let up = g.instances.iter().filter(|i| i.up).count();
        numbers(
            ui,
            "group-numbers",
            &[
                ("tip-state", health::group_in(s, g).word()),
                ("tip-reads", g.topic.clone()),
                ("tip-processed", format::count(g.processed)),
                ("tip-attempts", format::count(g.attempts)),
                ("detail-failed-now", format::percent(f64::from(rate))),
                ("tip-waiting-to-retry", format::count(g.retrying)),
                ("tip-lag", format::count(g.lag)),
                (
                    "detail-instances-up",
                    tr_args("detail-of", &[("part", up.into()), ("whole", g.instances.len().into())]),
                ),
                ("detail-concurrency", tr_args("detail-per-instance", &[("count", g.concurrency.into())])),
                ("detail-prefetch", tr_args("detail-per-instance", &[("count", g.prefetch.into())])),
                ("detail-instance-seconds", format!("{:.1}", g.instance_seconds)),
            ],
        );
        if let Some(b) = g.batch {
            // How full the consumer batches run and how often they go (throughput against
            // the wait for a batch, see `tests/consumer_batch.rs`): beside the prefetch,
            // where they are seen without scrolling.
            let size = tr_args(
                "detail-batches-value",
                &[
                    ("size", format!("{:.1}", b.mean_size).into()),
                    ("max", b.max_messages.into()),
                    ("rate", format!("{:.1}", b.per_second).into()),
                ],
            );
            let commits = tr_args(
                "detail-batch-commits-value",
                &[("commits", b.commits.into()), ("refused", b.fetch_refusals.into())],
            );
            numbers(ui, "group-batches", &[("detail-batches", size), ("detail-batch-commits", commits)]);
        }
        // The live edit first: on a projector the numbers below may need scrolling.
        let mut command = None;
        ui.separator();
        ui.label(RichText::new(tr("detail-live-edit")).strong());
        ui.horizontal(|ui| {
            ui.label(tr("detail-concurrency-label"));
            ui.add(egui::DragValue::new(&mut self.drafts.concurrency).range(1..=4096))
                .on_hover_text(tr("detail-concurrency-help"));
            if ui.button(tr("detail-apply-concurrency")).on_hover_text(tr("detail-apply-help")).clicked() {
                command = Some(
                    Control::Apply(engine::Command::SetConcurrency {
                        group: name.into(),
                        concurrency: self.drafts.concurrency,
                    })
                    .into(),
                );
            }
        });
        ui.separator();
        let spec = s.scenario.consumers.iter().find(|c| c.name == name);
        if let Some(spec) = spec.filter(|c| c.delivery == crate::scenario::Delivery::Partitioned) {
            // The assignor's Kafka name, and what its rebalances cost (see `tests/assignors.rs`).
            let rebalances = tr_args(
                "detail-rebalances-value",
                &[
                    ("count", g.rebalances.into()),
                    ("moved", g.partitions_moved.into()),
                    ("paused", format::compact(g.paused_partition_s).into()),
                    ("stopped", format::span_s(g.stopped_s).into()),
                ],
            );
            let rows = [("detail-assignor", format!("{:?}", spec.assignor)), ("detail-rebalances", rebalances)];
            numbers(ui, "group-rebalances", &rows);
        }
        scaling_and_health(ui, s, g);
        ui.separator();
        ui.label(RichText::new(tr("detail-instances")).strong());
        egui::Grid::new("instances").striped(true).num_columns(6).show(ui, |ui| {
            for h in [
                "detail-instance",
                "tip-state",
                "detail-busy",
                "detail-buffered",
                "detail-unacked",
                "detail-partitions",
            ] {
                ui.label(RichText::new(tr(h)).strong());
            }
            ui.end_row();
            for inst in &g.instances {
                ui.label(&inst.name);
                if let Some(rebuild) = inst.rebuild {
                    // Running, but replaying its state before it takes traffic.
                    let text = tr_args("detail-rebuilding", &[("percent", format::percent(rebuild.progress).into())]);
                    ui.add(egui::ProgressBar::new(rebuild.progress as f32).desired_width(120.0).text(text));
                } else {
                    ui.label(if inst.up {
                        format!("✔ {}", tr("replica-up"))
                    } else {
                        format!("✖ {}", tr("legend-down"))
                    });
                }
                ui.label(format!("{}/{}", inst.busy, g.concurrency));
                ui.label(inst.buffered.to_string());
                ui.label(inst.unacked.to_string());
                let parts: Vec<String> = inst.partitions.iter().map(u32::to_string).collect();
                ui.label(if parts.is_empty() { "–".into() } else { parts.join(",") });
                ui.end_row();
            }
        });
        if let Some(reset) = self.offsets.ui(ui, g, s.now) {
            command = Some(reset);
        }
        command
    }

    fn service(&mut self, ui: &mut Ui, s: &Snapshot, name: &str) -> Option<Command> {
        let v = s.status.services.iter().find(|v| v.name == name)?;
        let spec = s.scenario.services.iter().find(|v| v.name == name)?;
        let calls = s.history.last_of(&format!("service.{name}.calls")).unwrap_or(0.0);
        let errors = s.history.last_of(&format!("service.{name}.errors")).unwrap_or(0.0);
        let mut rows = vec![
            ("tip-calls", now_value(format::count(v.calls), format::rate(f64::from(calls)))),
            ("tip-errors", now_value(format::count(v.errors), format::rate(f64::from(errors)))),
            (
                "tip-active",
                tr_args(
                    "tip-active-value",
                    &[
                        ("active", v.active.into()),
                        ("capacity", v.capacity.map_or(tr("tip-unlimited"), |c| c.to_string()).into()),
                    ],
                ),
            ),
            ("tip-queued-inside", format::count(v.waiting)),
            ("detail-latency", spec.latency.to_string()),
            ("detail-error-probabilities", describe_errors(&spec.errors)),
        ];
        if let Some(denied) = v.retries_denied_by_budget {
            rows.push(("detail-retries-denied-by-budget", format::count(denied)));
        }
        let replicas = if v.replicas.len() > 1 { super::topology::replica_lines(v) } else { Vec::new() };
        if !replicas.is_empty() {
            let balancing = super::topology::balance_word(v.balance).to_string();
            rows.push(("tip-balancing", balancing));
            // The busiest replica's calls over the mean (1 is even): what a balancer is for.
            if let Some(imbalance) = crate::report::load_imbalance(&v.replicas) {
                rows.push(("detail-load-imbalance", format!("{imbalance:.2}")));
            }
            // A key policy's price: the keys a membership change moved, the calls served away
            // from their key's home replica.
            if let Some(a) = &v.affinity {
                let moved = a.keys_moved_share_last.map_or_else(|| "—".to_string(), format::percent);
                rows.push(("detail-keys-moved-last", moved));
                rows.push(("detail-calls-rerouted", format::count(a.calls_rerouted)));
            }
            rows.extend(replicas.iter().map(|(name, text)| (name.as_str(), text.clone())));
        }
        if let Some(check) = &spec.health_check {
            let text = tr_args(
                "detail-health-check-probes",
                &[
                    ("interval", check.interval.to_string().into()),
                    ("timeout", check.timeout.to_string().into()),
                    ("unhealthy", check.unhealthy_threshold.into()),
                    ("healthy", check.healthy_threshold.into()),
                ],
            );
            rows.push(("detail-health-check", text));
        }
        numbers(ui, "service-numbers", &rows);
        ui.separator();
        ui.label(RichText::new(tr("detail-live-edit-errors")).strong());
        let mut command = None;
        let e = &mut self.drafts.errors;
        for (label, value, tip) in [
            ("error-transient", &mut e.transient, "error-transient-help"),
            ("error-business", &mut e.business, "error-business-help"),
            ("error-fatal", &mut e.fatal, "error-fatal-help"),
        ] {
            let (label, tip) = (tr(label), tr(tip));
            ui.add(
                egui::Slider::new(value, 0.0..=1.0)
                    // Logarithmic: the interesting values are 0.1 % to 10 %, not 50 % to 100 %.
                    .logarithmic(true)
                    .smallest_positive(0.0001)
                    .text(label)
                    .custom_formatter(|v, _| format::percent(v))
                    .custom_parser(parse_percent),
            )
            .on_hover_text(tip);
        }
        let sum = e.transient + e.business + e.fatal;
        let valid = sum <= 1.0 + 1e-9;
        if !valid {
            let palette = Palette::of(ui.visuals());
            ui.label(RichText::new(tr("detail-probabilities-over")).color(palette.text_color(VERMILLION)));
        }
        if ui
            .add_enabled(valid, egui::Button::new(tr("detail-apply-errors")))
            .on_hover_text(tr("detail-apply-help"))
            .clicked()
        {
            command = Some(
                Control::Apply(engine::Command::SetServiceErrors { service: name.into(), errors: self.drafts.errors })
                    .into(),
            );
        }
        ui.separator();
        ui.label(RichText::new(tr("detail-live-edit-latency")).strong());
        let draft = &mut self.drafts.latency;
        egui::ComboBox::from_id_salt("latency-kind").selected_text(draft.kind.name()).show_ui(ui, |ui| {
            for kind in LatencyKind::ALL {
                ui.selectable_value(&mut draft.kind, kind, kind.name());
            }
        });
        let (first, second) = draft.kind.params();
        ui.horizontal(|ui| {
            ui.label(first);
            ui.add(egui::TextEdit::singleline(&mut draft.first).desired_width(70.0));
            if let Some(second) = second {
                ui.label(second);
                ui.add(egui::TextEdit::singleline(&mut draft.second).desired_width(70.0));
            }
            help(ui, &tr("detail-durations-help"));
        });
        match draft.parse() {
            Ok(latency) => {
                if ui.button(tr("detail-apply-latency")).on_hover_text(tr("detail-apply-help")).clicked() {
                    command = Some(
                        Control::Apply(engine::Command::SetServiceLatency { service: name.into(), latency }).into(),
                    );
                }
            }
            Err(why) => {
                let palette = Palette::of(ui.visuals());
                ui.label(RichText::new(why.to_string()).color(palette.text_color(VERMILLION)));
            }
        }
        command
    }
}

fn topic(ui: &mut Ui, s: &Snapshot, name: &str) -> Option<Command> {
    let t = s.status.topics.iter().find(|t| t.name == name)?;
    let spec = s.scenario.topics.iter().find(|t| t.name == name)?;
    numbers(
        ui,
        "topic-numbers",
        &[
            ("tip-state", health::topic(t).word()),
            ("tip-held", health::held_of_capacity(t)),
            ("tip-highest-so-far", format::count(t.max_backlog)),
            ("detail-when-full", format!("{:?}", spec.overflow)),
            ("detail-ttl", spec.ttl.map_or(tr("tip-none"), |d| d.to_string())),
            ("detail-durable", tr(if spec.durable { "detail-yes" } else { "detail-no" })),
        ],
    );
    if t.is_dead_letter_target {
        caption(ui, tr("detail-dead-letter-topic"));
        return None;
    }
    ui.separator();
    ui.label(RichText::new(tr("detail-partitions-title")).strong());
    let per_partition = t.capacity as f64 / t.partition_backlog.len().max(1) as f64;
    for (i, n) in t.partition_backlog.iter().enumerate().take(64) {
        let fraction = (*n as f64 / per_partition.max(1.0)).clamp(0.0, 1.0) as f32;
        ui.add(
            egui::ProgressBar::new(fraction)
                .text(tr_args("detail-partition", &[("number", i.into()), ("count", format::count(*n).into())]))
                .desired_height(16.0),
        );
    }
    if t.keys_moved > 0 {
        let moved = tr_args(
            "detail-keys-moved-value",
            &[("moved", t.keys_moved.into()), ("hazards", t.key_order_hazards.into())],
        );
        numbers(ui, "topic-keys-moved", &[("detail-keys-moved", moved)]);
    }
    // Kafka's `kafka-topics --alter --partitions N`: one more partition per click.
    let count = t.partition_backlog.len() as u32;
    let grow = ui.button(format!("➕ {}", tr("detail-add-partition"))).on_hover_text(tr("detail-add-partition-help"));
    if grow.clicked() {
        let command =
            crate::engine::Command::AddPartitions { topic: name.to_string(), partitions: count.saturating_add(1) };
        return Some(crate::ui::runner::Control::Apply(command).into());
    }
    None
}

/// "1.5 %" or "1.5%" → 0.015; a bare number is a fraction ("0.015").
fn parse_percent(text: &str) -> Option<f64> {
    let trimmed = text.trim();
    match trimmed.strip_suffix('%') {
        Some(number) => number.trim().parse::<f64>().ok().map(|p| p / 100.0),
        None => trimmed.parse::<f64>().ok(),
    }
}

/// A two-column grid of labelled values.
/// A group's autoscaler (policy, instances starting, its latest decisions with the rule
/// and numbers behind each) and what its health check did.
fn scaling_and_health(ui: &mut Ui, s: &Snapshot, g: &engine::status::GroupStatus) {
    use crate::engine::consumer::ScaleRule;
    use crate::scenario::ScalePolicy;
    let spec = s.scenario.consumers.iter().find(|c| c.name == g.name);
    if let (Some(scaling), Some(autoscale)) = (&g.scaling, spec.and_then(|c| c.autoscale.as_ref())) {
        ui.separator();
        let policy = match autoscale.policy {
            ScalePolicy::Proportional => tr("detail-policy-proportional"),
            ScalePolicy::Step { up_above, up_by, down_below, down_by } => tr_args(
                "detail-policy-step",
                &[
                    ("up_above", up_above.to_string().into()),
                    ("up_by", up_by.into()),
                    ("down_below", down_below.to_string().into()),
                    ("down_by", down_by.into()),
                ],
            ),
        };
        ui.label(RichText::new(tr("detail-autoscaler")).strong()).on_hover_text(tr("detail-autoscaler-help"));
        caption(
            ui,
            tr_args(
                "detail-autoscaler-summary",
                &[
                    ("policy", policy.into()),
                    ("decisions", scaling.decisions_total.into()),
                    ("starting", scaling.starting.into()),
                ],
            ),
        );
        egui::Grid::new("scale-decisions").striped(true).num_columns(3).show(ui, |ui| {
            for d in scaling.decisions.iter().rev() {
                ui.label(RichText::new(format::clock(d.at)).monospace());
                ui.label(tr_args("detail-scaled-from-to", &[("from", d.from.into()), ("to", d.to.into())]));
                let utilisation = d.lag as f64 / (f64::from(d.from.max(1)) * d.target.max(1) as f64);
                let args = [
                    ("lag", format::count(d.lag).into()),
                    ("target", format::count(d.target).into()),
                    ("utilisation", format!("{utilisation:.2}").into()),
                ];
                let reason = match (d.rule, autoscale.policy) {
                    (ScaleRule::StepUp, ScalePolicy::Step { up_above, .. }) => {
                        let mut args = args.to_vec();
                        args.push(("threshold", up_above.to_string().into()));
                        tr_args("detail-reason-step-up", &args)
                    }
                    (ScaleRule::StepDown, ScalePolicy::Step { down_below, .. }) => {
                        let mut args = args.to_vec();
                        args.push(("threshold", down_below.to_string().into()));
                        tr_args("detail-reason-step-down", &args)
                    }
                    _ => tr_args("detail-reason-proportional", &args),
                };
                ui.label(reason);
                ui.end_row();
            }
        });
    }
    if let (Some(health), Some(check)) = (g.health_check, spec.and_then(|c| c.health_check.as_ref())) {
        ui.separator();
        ui.label(RichText::new(tr("detail-health-check")).strong()).on_hover_text(tr("detail-health-check-help"));
        let action = match check.action {
            crate::scenario::HealthAction::Restart => tr("detail-health-restart"),
            crate::scenario::HealthAction::Eject => tr("detail-health-eject"),
        };
        caption(
            ui,
            tr_args(
                "detail-health-summary",
                &[
                    ("interval", check.interval.to_string().into()),
                    ("threshold", check.failure_threshold.into()),
                    ("action", action.into()),
                    ("failed", health.failed_probes.into()),
                    ("restarts", health.restarts.into()),
                    ("ejections", health.ejections.into()),
                    ("refused", health.restarts_refused.into()),
                ],
            ),
        );
    }
}

fn numbers(ui: &mut Ui, id: &str, rows: &[(&str, String)]) {
    egui::Grid::new(id).num_columns(2).spacing([16.0, 4.0]).show(ui, |ui| {
        for (label, value) in rows {
            caption(ui, tr(label));
            ui.label(RichText::new(value).strong());
            ui.end_row();
        }
    });
}

fn drafts_from(scenario: &Scenario, component: &Component) -> Drafts {
    let mut drafts = Drafts::default();
    match component {
        Component::Producer(name) => {
            if let Some(p) = scenario.producers.iter().find(|p| &p.name == name) {
                drafts.rate_per_s = match p.rate {
                    Arrivals::Constant { per_second }
                    | Arrivals::Poisson { per_second }
                    | Arrivals::Bursty { per_second, .. } => per_second,
                    _ => 0.0,
                };
            }
        }
        Component::Group(name) => {
            drafts.concurrency = scenario.consumers.iter().find(|g| &g.name == name).map_or(1, |g| g.concurrency);
        }
        Component::Service(name) => {
            if let Some(v) = scenario.services.iter().find(|v| &v.name == name) {
                drafts.errors = v.errors;
                drafts.latency = LatencyDraft::of(&v.latency);
            }
        }
        Component::Topic(_) | Component::Client(_) => {}
    }
    drafts
}

fn describe_arrivals(a: &Arrivals) -> String {
    match a {
        Arrivals::Constant { per_second } => format!("constant {}", format::rate(*per_second)),
        Arrivals::Poisson { per_second } => format!("Poisson {}", format::rate(*per_second)),
        Arrivals::Bursty { per_second, on, off } => {
            format!("bursts of {} for {on}, quiet {off}", format::rate(*per_second))
        }
        Arrivals::Ramp { from_per_second, to_per_second, over } => {
            format!("ramp {} to {} over {over}", format::rate(*from_per_second), format::rate(*to_per_second))
        }
        Arrivals::Steps(steps) => format!("{} steps", steps.len()),
        Arrivals::Renewal { gap } => format!("renewal, gaps {gap}"),
        Arrivals::FinitePopulation { sources, think } => format!("{sources} callers, thinking {think}"),
        Arrivals::Replay { trace, speed, repeat_every, .. } => {
            let pace = if *speed == 1.0 { String::new() } else { format!(" at {speed}×") };
            let repeat = repeat_every.map_or(String::new(), |every| format!(", every {every}"));
            format!("replay of {} rows{pace}{repeat}", trace.len())
        }
        Arrivals::Modulated { states } => {
            let rates: Vec<String> = states.iter().map(|s| format::rate(s.per_second)).collect();
            tr_args(
                "detail-arrivals-modulated",
                &[("states", states.len().into()), ("rates", rates.join(" / ").into())],
            )
        }
        Arrivals::Sine { mean_per_second, amplitude_per_second, period } => {
            format!("sine {} ± {} every {period}", format::rate(*mean_per_second), format::rate(*amplitude_per_second))
        }
    }
}

fn describe_errors(e: &Errors) -> String {
    tr_args(
        "detail-errors-value",
        &[
            ("transient", format::percent(e.transient).into()),
            ("business", format::percent(e.business).into()),
            ("fatal", format::percent(e.fatal).into()),
        ],
    )
}

/// "12 (3.4/s now)": a total and its current rate.
fn now_value(total: String, rate: String) -> String {
    tr_args("detail-now", &[("total", total.into()), ("rate", rate.into())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_parse_with_or_without_the_sign() {
        assert_eq!(parse_percent("1.5 %"), Some(0.015));
        assert_eq!(parse_percent("20%"), Some(0.2));
        assert_eq!(parse_percent("0.3"), Some(0.3));
        assert_eq!(parse_percent("lots"), None);
    }

    #[test]
    fn latency_drafts_parse_scenario_durations() {
        let d = LatencyDraft { kind: LatencyKind::LogNormal, first: "40ms".into(), second: "400ms".into() };
        assert_eq!(
            d.parse(),
            Ok(Distribution::LogNormal { median: SimDuration::from_millis(40), p99: SimDuration::from_millis(400) })
        );
        let bad = LatencyDraft { kind: LatencyKind::Uniform, first: "2s".into(), second: "1s".into() };
        assert!(bad.parse().is_err());
        let junk = LatencyDraft { kind: LatencyKind::Exponential, first: "fast".into(), second: String::new() };
        assert!(junk.parse().is_err_and(|e| e.to_string().starts_with("mean")));
        let round = LatencyDraft::of(&Distribution::Exponential(SimDuration::from_millis(10)));
        assert_eq!(round.parse(), Ok(Distribution::Exponential(SimDuration::from_millis(10))));
    }
}
