//! The what-if panels: the parameter editor (in the detail panel), the change list (a
//! bottom tab), and a bar under the top bar with the time slider, Fork, Sweep, the
//! Session menu and the Export menu; fork and sweep open as windows and run on
//! background threads. See `docs/whatif.md`, "In the dashboard".

pub mod changes;
pub mod export;
pub mod fork;
pub mod params;
pub mod seek;
pub mod sweep;

use super::widgets::caption;
use crate::experiment::{AssignmentError, ExperimentError};
use crate::i18n::{Lang, say, tr, tr_args};
use crate::time::{DurationError, SimTime};
use crate::ui::command::{Command, Component};
use crate::ui::dialogs::Dialogs;
use crate::ui::jobs::JobError;
use crate::ui::snapshot::Snapshot;
use egui::{RichText, Ui};

/// Why a fork or a sweep could not start or finish, as its window shows it.
#[derive(Debug)]
pub enum WhatIfError {
    Assignment(AssignmentError),
    /// A line of the fork's changes without `=`.
    NotAChange(String),
    /// A length typed in a field: `field` is the message key of the field's name
    /// (`whatif-error-field-*`), `written` the text where the message quotes it.
    Duration {
        field: &'static str,
        written: Option<String>,
        error: DurationError,
    },
    RunLength(crate::experiment::RunLengthError),
    NoMetric,
    Experiment(ExperimentError),
    Job(JobError),
}

impl WhatIfError {
    /// The refusal in `lang` (the fork and sweep windows show it in the window's language);
    /// what the user typed stays as written.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            WhatIfError::Assignment(e) => e.render(lang),
            WhatIfError::NotAChange(line) => say(lang, "whatif-error-not-a-change", &[("line", line.as_str().into())]),
            WhatIfError::Duration { field, written, error } => {
                let field = say(lang, field, &[]);
                let error = error.to_string();
                let error = if lang == Lang::En { error } else { crate::scenario::translate_message(lang, &error) };
                match written {
                    Some(text) => say(
                        lang,
                        "whatif-error-length-written",
                        &[("field", field.into()), ("text", text.as_str().into()), ("error", error.into())],
                    ),
                    None => say(lang, "whatif-error-length", &[("field", field.into()), ("error", error.into())]),
                }
            }
            WhatIfError::RunLength(e) => say(lang, "whatif-error-run-length", &[("error", e.render(lang).into())]),
            WhatIfError::NoMetric => say(lang, "whatif-error-no-metric", &[]),
            WhatIfError::Experiment(e) => e.render(lang),
            WhatIfError::Job(e) => e.render(lang),
        }
    }
}

crate::i18n::english_display!(WhatIfError);

impl std::error::Error for WhatIfError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WhatIfError::Assignment(e) => Some(e),
            WhatIfError::Duration { error, .. } => Some(error),
            WhatIfError::RunLength(e) => Some(e),
            WhatIfError::Experiment(e) => Some(e),
            WhatIfError::Job(e) => Some(e),
            WhatIfError::NotAChange(_) | WhatIfError::NoMetric => None,
        }
    }
}

impl From<AssignmentError> for WhatIfError {
    fn from(e: AssignmentError) -> WhatIfError {
        WhatIfError::Assignment(e)
    }
}

impl From<ExperimentError> for WhatIfError {
    fn from(e: ExperimentError) -> WhatIfError {
        WhatIfError::Experiment(e)
    }
}

impl From<JobError> for WhatIfError {
    fn from(e: JobError) -> WhatIfError {
        WhatIfError::Job(e)
    }
}

/// Every editable field of every component, `(path, current value)`: the fork window's
/// parameter picker.
pub fn all_fields(s: &Snapshot) -> Vec<(String, String)> {
    let sc = &s.scenario;
    let components = sc
        .producers
        .iter()
        .map(|p| Component::Producer(p.name.clone()))
        .chain(sc.topics.iter().map(|t| Component::Topic(t.name.clone())))
        .chain(sc.consumers.iter().map(|g| Component::Group(g.name.clone())))
        .chain(sc.services.iter().map(|v| Component::Service(v.name.clone())));
    components
        .flat_map(|c| params::fields(sc, &c))
        .filter_map(|f| match f.value {
            params::Leaf::Section => None,
            params::Leaf::Bool(b) => Some((f.path, b.to_string())),
            params::Leaf::Text(t) => Some((f.path, if t == "none" { "null".into() } else { t })),
            params::Leaf::Choice { current, .. } => Some((f.path, current)),
            params::Leaf::Variant { variant, inner } => {
                Some((f.path, serde_json::json!({ variant: crate::scenario::dotted::parse_value(&inner) }).to_string()))
            }
        })
        .collect()
}

/// The what-if bar and windows.
#[derive(Default)]
pub struct WhatIf {
    seek: seek::SeekBar,
    pub fork: fork::ForkWindow,
    pub sweep: sweep::SweepWindow,
    export: export::Exporter,
}

impl WhatIf {
    /// The bar: time slider, Fork…, Sweep…, Session and Export menus.
    pub fn bar(&mut self, ui: &mut Ui, s: &Snapshot, cursor: Option<SimTime>) -> Option<Command> {
        let mut command = None;
        ui.horizontal(|ui| {
            command = command.take().or(self.seek.ui(ui, s, cursor));
            ui.separator();
            let fork = ui
                .selectable_label(self.fork.open, RichText::new(format!("🔀 {}", tr("whatif-fork"))).strong())
                .on_hover_text(tr("whatif-fork-help"));
            if fork.clicked() {
                self.fork.open = !self.fork.open;
            }
            let sweep = ui
                .selectable_label(self.sweep.open, RichText::new(format!("📈 {}", tr("whatif-sweep"))).strong())
                .on_hover_text(tr("whatif-sweep-help"));
            if sweep.clicked() {
                self.sweep.open = !self.sweep.open;
            }
            ui.separator();
            ui.menu_button(tr("whatif-session"), |ui| {
                if ui
                    .button(export::Export::Session.label_text())
                    .on_hover_text(tr("whatif-session-save-help"))
                    .clicked()
                {
                    command = Some(self.export.save_session());
                    ui.close();
                }
                if ui.button(tr("whatif-session-open")).on_hover_text(tr("whatif-session-open-help")).clicked() {
                    command = Some(Command::OpenDialog);
                    ui.close();
                }
            });
            ui.menu_button(tr("whatif-export"), |ui| {
                command = command.take().or(self.export.menu(ui, s));
                if let Some(result) = self.fork.result() {
                    ui.separator();
                    caption(ui, tr_args("whatif-fork-comparison", &[("name", result.b_label().into())]));
                    caption(ui, tr("whatif-fork-reports"));
                }
            });
            let n = s.whatif.live_changes.len();
            if n > 0 {
                caption(ui, tr_args("whatif-live-changes", &[("count", n.into())]));
            }
            if s.whatif.replay_pending > 0 {
                caption(ui, tr_args("whatif-replaying", &[("count", s.whatif.replay_pending.into())]))
                    .on_hover_text(tr("whatif-replaying-help"));
            }
        });
        command
    }

    /// The windows and the background work (every frame).
    pub fn windows(&mut self, ctx: &egui::Context, s: &Snapshot, dialogs: &mut Dialogs) -> Option<Command> {
        self.export.poll(ctx, s, dialogs);
        self.sweep.ui(ctx, s, dialogs);
        self.fork.ui(ctx, s, dialogs)
    }
}
