//! What the dashboard was asked to do and could not, kept as a value: the runner's thread
//! has no language of its own, so the panel that shows it words it in the window's.

use crate::curriculum::PlanError;
use crate::engine::CommandError;
use crate::i18n::{Lang, say};
use crate::session::SessionError;
use crate::time::SimTime;

#[derive(Debug)]
pub enum Refusal {
    /// The engine refused a live change or a command.
    Command(CommandError),
    /// A seek back to `to` found no state to start from.
    SeekBack { to: SimTime, reason: String },
    /// A recorded command could not be replayed after a seek; the replay stopped there.
    ReplayStopped(SessionError),
    /// A lesson's question could not be planned (its change, or the changed scenario).
    Plan(PlanError),
    /// A run or a lesson could not be (re)started (`text`: the builder's English).
    Start(String),
}

impl Refusal {
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Refusal::Command(e) => e.render(lang),
            Refusal::SeekBack { to, reason } => {
                say(lang, "refusal-seek-back", &[("at", to.to_string().into()), ("reason", reason.as_str().into())])
            }
            Refusal::ReplayStopped(SessionError::Replay { index, at, source }) => {
                let reason = say(
                    lang,
                    "refusal-replay-command",
                    &[
                        ("index", (*index).into()),
                        ("at", at.to_string().into()),
                        ("reason", source.render(lang).into()),
                    ],
                );
                say(lang, "refusal-replay-stopped", &[("reason", reason.into())])
            }
            Refusal::ReplayStopped(other) => {
                say(lang, "refusal-replay-stopped", &[("reason", other.to_string().into())])
            }
            Refusal::Plan(e) => e.render(lang),
            Refusal::Start(text) => text.clone(),
        }
    }
}

impl From<CommandError> for Refusal {
    fn from(e: CommandError) -> Refusal {
        Refusal::Command(e)
    }
}
