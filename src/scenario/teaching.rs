//! The teaching part of a scenario: `expect`, assertions the run must satisfy, and
//! `lesson`, what a lecturer shows with it (explanation, questions to try, captions).
//!
//! Both are optional and change nothing in the simulation itself: a scenario with a
//! lesson runs exactly like the same scenario without one. The rooms that give them
//! meaning are `crate::curriculum` (evaluation, the shipped catalogue) and the GUI.

use crate::time::SimDuration;
use serde::{Deserialize, Serialize};

/// An assertion over a run's results. Every kind has an optional `name`, the line the
/// checklist shows instead of the generated description.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Expectation {
    /// A number of the `run --json` report (a dotted path, e.g. `latency_ms.p99`), or the
    /// ratio `metric / per`, at the end of the run or as the report stood at `at`.
    Expect {
        #[serde(default)]
        name: String,
        metric: String,
        #[serde(default)]
        per: Option<String>,
        #[serde(default)]
        at: Option<SimDuration>,
        #[serde(default)]
        at_least: Option<f64>,
        #[serde(default)]
        at_most: Option<f64>,
    },
    /// A metrics-history series (e.g. `latency.p99_ms`, `group.payments.lag`) over the
    /// sample intervals that end in `(from, to]`, reduced by `stat`.
    Series {
        #[serde(default)]
        name: String,
        key: String,
        #[serde(default)]
        from: Option<SimDuration>,
        #[serde(default)]
        to: Option<SimDuration>,
        #[serde(default)]
        stat: SeriesStat,
        #[serde(default)]
        at_least: Option<f64>,
        #[serde(default)]
        at_most: Option<f64>,
    },
    /// How many times something happens in `[from, to]`; with neither bound given, at
    /// least once.
    Event {
        #[serde(default)]
        name: String,
        what: EventKind,
        #[serde(default)]
        from: Option<SimDuration>,
        #[serde(default)]
        to: Option<SimDuration>,
        #[serde(default)]
        at_least: Option<u64>,
        #[serde(default)]
        at_most: Option<u64>,
    },
    /// A law of queueing or reliability theory the run must agree with: the observed
    /// value within `tolerance` (relative: 0.05 is ±5 %) of what the law predicts.
    Law {
        #[serde(default)]
        name: String,
        law: Law,
        tolerance: f64,
    },
}

impl Expectation {
    /// The author's name for it ("" when none was given).
    pub fn name(&self) -> &str {
        match self {
            Expectation::Expect { name, .. }
            | Expectation::Series { name, .. }
            | Expectation::Event { name, .. }
            | Expectation::Law { name, .. } => name,
        }
    }

    /// The variant's name as written in a file.
    pub fn kind(&self) -> &'static str {
        match self {
            Expectation::Expect { .. } => "Expect",
            Expectation::Series { .. } => "Series",
            Expectation::Event { .. } => "Event",
            Expectation::Law { .. } => "Law",
        }
    }
}

/// How a series' samples in a window are reduced to the value that is checked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeriesStat {
    /// Every sample must lie within the bounds ("p99 stays below 500 ms throughout").
    #[default]
    Each,
    /// The largest sample ("the backlog rises above 1000 at some point").
    Max,
    /// The smallest sample.
    Min,
    /// The time-weighted mean of the samples.
    Mean,
}

/// Things that happen at a moment, counted by `Expectation::Event`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum EventKind {
    /// The breaker `"CALLER:SERVICE"` moved to OPEN.
    BreakerOpened(String),
    /// The breaker moved to HALF_OPEN.
    BreakerHalfOpen(String),
    /// The breaker moved to CLOSED.
    BreakerClosed(String),
    /// The alert with this name fired.
    AlertFired(String),
    /// The alert with this name resolved.
    AlertResolved(String),
    /// An event-log entry about `component` (any component when empty) whose text
    /// contains `contains`.
    Logged {
        #[serde(default)]
        component: String,
        contains: String,
    },
}

/// Laws the run can be checked against; each prediction is computed from the scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Law {
    /// Little's law for a group: the time-average number of its messages in the system
    /// (lag) equals its throughput times its mean end-to-end latency, L = λW.
    LittlesLaw { group: String },
    /// The mean end-to-end latency of an M/M/c group (Poisson arrivals, exponential work,
    /// competing consumers, c = instances × concurrency) equals Erlang C's mean sojourn.
    ErlangC { group: String },
    /// A component's observed availability equals MTBF/(MTBF+MTTR) of its `failures`.
    Availability { component: String },
    /// Redundancy: a group is up while at least one of its instances is. The observed
    /// share of time at least one was up equals 1 − Π(1 − Aᵢ), each Aᵢ = MTBF/(MTBF+MTTR)
    /// of the group's instance `failures`.
    Parallel { group: String },
    /// k-out-of-n redundancy: a group is up while at least `k` of its n instances are (a
    /// quorum, a pool sized for its load). The observed share of that time equals
    /// P(at least k up) for independent instances, Σᵢ₌ₖⁿ C(n,i)·Aⁱ(1 − A)ⁿ⁻ⁱ when all have
    /// the same A (computed exactly for differing ones).
    KOutOfN { group: String, k: u32 },
    /// A chain: a call path is up only while all of its components are. The observed share
    /// of time all were up equals Π Aᵢ.
    Serial { components: Vec<String> },
    /// A group with standby spares, a repair crew or common-cause shocks: the share of the
    /// run with at least `k` of its active slots serving (default: all of them) equals the
    /// stationary probability of the group's continuous-time Markov chain on the number of
    /// instances failed (exponential failures, repairs and shocks; instant switch-over).
    Standby {
        group: String,
        #[serde(default)]
        k: Option<u32>,
    },
}

/// What a lecturer shows with the scenario: the GUI's lesson panel and the curriculum
/// browser read it; `faultline run --try N` runs question N.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    pub title: String,
    /// One line for the curriculum browser.
    pub summary: String,
    /// The idea, in a paragraph or two.
    #[serde(default)]
    pub explanation: String,
    /// What to look at while it runs.
    #[serde(default)]
    pub watch: Vec<String>,
    /// Questions to try, each a change to the scenario.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Notes shown at virtual times while the scenario plays.
    #[serde(default)]
    pub captions: Vec<Caption>,
    /// What the lecturer does during the demonstration, applied at its time in every run
    /// (headless and in the dashboard), so the story is the same each time.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// A goal with no answer given: the student changes the parameters it allows, within
    /// their bounds, and the scenario's `expect` grades the attempt (`--try solution`
    /// runs the reference solution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<Challenge>,
}

/// A lesson with a goal and no answer: what the student must reach, what they may change,
/// hints that unlock one by one and a reference solution shown only on request. The
/// scenario's `expect` list is the checklist that grades an attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Challenge {
    /// The goal in a sentence or two ("keep p95 under 800 ms, lose nothing").
    pub goal: String,
    /// The parameters the student may change, each with its bounds or allowed values;
    /// a change to anything else makes the attempt not count.
    #[serde(default)]
    pub may_change: Vec<Allowed>,
    /// Hints, shown one at a time on request.
    #[serde(default)]
    pub hints: Vec<String>,
    /// The reference solution: `PATH=VALUE` changes like a question's `change`, each
    /// within `may_change`.
    #[serde(default)]
    pub solution: Vec<String>,
}

/// A parameter a challenge lets the student change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Allowed {
    /// A number (or a length of time, in seconds) from `min` to `max`, both included.
    Bound { path: String, min: f64, max: f64 },
    /// One of these values, written as a change's value (`"All"`, `"Full"`, `3`).
    OneOf { path: String, values: Vec<String> },
}

impl Allowed {
    /// The dotted path of the parameter (`consumers.payments.instances`).
    pub fn path(&self) -> &str {
        match self {
            Allowed::Bound { path, .. } | Allowed::OneOf { path, .. } => path,
        }
    }
}

/// An operator's action at a moment of the demonstration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Action {
    /// Republish the dead letters held by a dead-letter topic, or by a group's parking
    /// lot (`from` names the group), to the topic they came from. A message dead-lettered
    /// more than `loop_guard` times (default 3) is parked instead, so a poison message
    /// cannot loop forever.
    Redrive {
        at: SimDuration,
        from: String,
        #[serde(default)]
        loop_guard: Option<u8>,
    },
    /// Move a consumer group's offsets on the topic it reads (Kafka's
    /// `kafka-consumer-groups --reset-offsets`): the group re-reads what it had read
    /// (counted as duplicates) or skips what it had not. Its topic needs `retention`.
    ResetOffsets { at: SimDuration, group: String, to: OffsetReset },
    /// Grow a topic to `partitions` partitions (Kafka's `kafka-topics --alter
    /// --partitions`; only growth): keys move to other partitions, and the groups reading
    /// it rebalance.
    AddPartitions { at: SimDuration, topic: String, partitions: u32 },
}

/// Where a group's offsets go, in each partition of its topic (Kafka's `--to-earliest`,
/// `--to-latest`, `--to-datetime` and `--shift-by`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OffsetReset {
    /// The oldest record retained: the whole retained log is read again.
    Earliest,
    /// The log end: everything not yet read is skipped.
    Latest,
    /// The first record published at or after this virtual time (since the start).
    Time(SimDuration),
    /// This many records from the group's position: back (negative) to re-read them,
    /// forward (positive) to skip them; clamped to the log's start and end.
    Shift(i64),
}

impl Action {
    /// When it is applied.
    pub fn at(&self) -> SimDuration {
        match self {
            Action::Redrive { at, .. } | Action::ResetOffsets { at, .. } | Action::AddPartitions { at, .. } => *at,
        }
    }
}

/// A question to try: a change to make (live in the GUI, from the start with
/// `faultline run --try N`) and what should be seen then.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub ask: String,
    /// `PATH=VALUE` changes in the syntax of `faultline sweep --set` (one value each),
    /// e.g. `"consumers.payments.retry.jitter=Full"`; a value written with brackets is
    /// read as RON, as in the file (`"consumers.payments.retry.backoff=Constant(\"1s\")"`).
    #[serde(default)]
    pub change: Vec<String>,
    /// What the changed run must show; checked by `--try N` and the tests.
    #[serde(default)]
    pub expect: Vec<Expectation>,
    /// The answer, for after the students have tried.
    #[serde(default)]
    pub answer: String,
}

/// A note shown from `at` until the next caption's `at`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Caption {
    pub at: SimDuration,
    pub text: String,
    /// What to look at: a component (`payments`, `payments/2`, `broker/1`, a breaker
    /// `CALLER:SERVICE`) or a series key (`group.payments.lag`); the GUI may highlight it.
    #[serde(default)]
    pub focus: Option<String>,
}
