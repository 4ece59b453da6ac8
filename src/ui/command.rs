//! What panels ask for. Panels return commands; the app routes them (to the runner, to
//! other panels, or to its own settings), so no panel reaches into another.

use super::runner::Control;
use crate::time::SimTime;
use std::path::PathBuf;

/// A component of the system the user can select.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Component {
    Producer(String),
    /// A synchronous client (selectable while building a topology).
    Client(String),
    Topic(String),
    Group(String),
    Service(String),
}

impl Component {
    pub fn name(&self) -> &str {
        match self {
            Component::Producer(n)
            | Component::Client(n)
            | Component::Topic(n)
            | Component::Group(n)
            | Component::Service(n) => n,
        }
    }

    /// The scenario list it lives in: the first segment of its dotted paths
    /// (`consumers.payments.retry`).
    pub fn section(&self) -> &'static str {
        match self {
            Component::Producer(_) => "producers",
            Component::Client(_) => "clients",
            Component::Topic(_) => "topics",
            Component::Group(_) => "consumers",
            Component::Service(_) => "services",
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Component::Producer(_) => "Producer",
            Component::Client(_) => "Client",
            Component::Topic(_) => "Topic",
            Component::Group(_) => "Consumer group",
            Component::Service(_) => "Service",
        }
    }
}

/// A request from a panel.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Something for the simulation (playback, loading, live edits).
    Runner(Control),
    Select(Option<Component>),
    /// Move the plots' cursor to a virtual time (or remove it).
    SetCursor(Option<SimTime>),
    /// Ask for a file with the system dialog, then load it.
    OpenDialog,
    /// Ask where to save the running scenario (with live edits), then write it.
    SaveDialog,
    OpenFile(PathBuf),
    ClearRecent,
    ToggleTheme,
    TogglePresentation,
    ToggleFrameOverlay,
    /// The projector preset on or off (see `Settings::set_projector`).
    ToggleProjector,
    /// Fold the bottom tabs to their row of titles, or open them.
    FoldTabs(bool),
    /// Show the lessons browser.
    OpenLessons,
    /// Forget which lessons were completed (the browser's reset).
    ResetCompleted,
    /// Show or hide the lesson panel beside the topology.
    ToggleLessonPanel,
    /// Show or hide the timed captions over the topology.
    ToggleCaptions,
    /// Show the whole topology graph in its area again.
    FitGraph,
    /// Speak this language from the next frame on (remembered).
    SetLang(crate::i18n::Lang),
    /// Open, close, run or save the topology builder's draft.
    Build(Build),
    /// Open the Journeys tab on the journey of this root event (picked from a dead letter,
    /// a log line or a time on a plot).
    ShowJourney(u64),
    /// Ask where to save a journey's JSON (`faultline trace --json` form), then write it.
    SaveJourney {
        file_name: String,
        json: String,
    },
    /// Ask where to save a lesson's printable handout (HTML or Markdown), then make it
    /// (a reference run of the lesson) and write it.
    SaveHandout {
        /// The lesson as shipped or as its file says (without a question's changes).
        scenario: Box<crate::scenario::Scenario>,
        /// How the handout's "try it" names the file.
        file: String,
        /// The file's leading comment: the numbers to redo by hand.
        numbers: String,
        file_name: String,
    },
}

/// What the topology builder asks of the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Build {
    /// Open the builder on the running scenario (the run pauses).
    EditRunning,
    /// Open the builder on an empty scenario (the run pauses).
    NewEmpty,
    Close,
    /// A line dragged from one node to another: wire them as the flow goes.
    Connect {
        from: Component,
        to: Component,
    },
    /// Start a run of this scenario from time zero, as opening its file would.
    Run(Box<crate::scenario::Scenario>),
    /// Ask where to save this scenario, then write it.
    Save(Box<crate::scenario::Scenario>),
}

impl From<Control> for Command {
    fn from(control: Control) -> Command {
        Command::Runner(control)
    }
}
