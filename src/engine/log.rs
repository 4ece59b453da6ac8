//! The event log: notable happenings with their virtual time, bounded in size.
//!
//! An entry keeps what happened as values ([`LogText`]), not as a sentence: the dashboard
//! words it in the reader's language when it draws it, and English (`Display`) is what
//! the tests, the exported report and `Event(what: Logged(...))` expectations read, so
//! nothing the engine decides depends on the language.

use crate::engine::halt::Halt;
use crate::engine::ledger::Reason;
use crate::engine::policy::breaker::{BreakerState, Cause, Rates};
use crate::i18n::{Arg, Lang, say};
use crate::scenario::FaultKind;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::fmt;

/// How much a log entry matters (for filtering and colour).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// One notable event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    pub at: SimTime,
    pub severity: Severity,
    /// The component it concerns ("payments/2", "orders", "payment-gateway").
    pub component: String,
    pub text: LogText,
}

/// What a log entry says, as values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LogText {
    /// A breaker changed state, and why (with the numbers).
    BreakerTransition { from: BreakerState, to: BreakerState, cause: Cause },
    /// A METRICS_ONLY breaker's rates crossed a threshold: a working one would have opened.
    BreakerWouldOpen(Rates),
    /// A command set a breaker to the state it was in: its window starts afresh.
    BreakerReset { state: BreakerState },
    /// An alert's condition no longer holds.
    AlertResolved { name: String },
    /// A service replica serves again.
    ReplicaUp,
    /// Outlier detection took a replica out of balancing.
    Ejected { duration: SimDuration, errors: u64, ejections: u64 },
    /// A service's active health check took a replica out of balancing.
    ProbeEjected { failures: u64 },
    /// A service's active health check brought a replica back into balancing.
    ProbeReturned { passes: u64 },
    /// A consumer instance crashed (`failure`: its own failure rather than a fault).
    Crashed { failure: bool, lost: u64 },
    /// A consumer instance lost its connection to the broker.
    CutOff { held: u64 },
    /// A consumer instance's connection came back.
    Reconnected,
    /// A supervisor saw an instance down.
    SupervisorNoticed { restart_in: SimDuration },
    /// A restart found the crash's cause still there.
    CrashLoop { restart_in: SimDuration },
    /// A crash fault ended, with no supervisor to restart the process.
    CrashCauseGone,
    /// A stateful instance's disk was lost: `lost` events applied in the `since` before,
    /// back to the last backup (or to the empty state without one).
    DiskLost { lost: u64, since: SimDuration, from_backup: bool },
    /// A restarted stateful instance replays `events` from the log for `duration` before it
    /// rejoins; `deleted` more were needed but the log no longer holds them.
    RebuildStarted { events: u64, duration: SimDuration, deleted: u64 },
    /// A stateful instance's state is rebuilt: it rejoins.
    RebuildDone,
    /// A repair fault ended while a crash fault still holds the instance down.
    RepairedButCrashed,
    /// A spare begins to take over an empty active slot; it serves `after` from now.
    SwitchingIn { after: SimDuration },
    /// A failed instance waits for the repair crew (`waiting` in line, itself included).
    WaitingForCrew { waiting: u64 },
    /// A common-cause shock took `down` instances of the group down at once.
    CommonCauseShock { down: u64 },
    /// A group's partitions were assigned again; `idle` members got none.
    RebalanceDone { partitions: u64, members: u64, idle: Vec<String> },
    /// A broker node's partitions moved to replicas.
    Failover { moved: u64, stuck: u64 },
    /// A broker node serves again.
    ServingAgain { partitions: u64 },
    /// Dead letters of a topic in the last sampling interval.
    DeadLetters { count: u64, interval: SimDuration },
    /// A fault began, for `duration` or until cleared.
    FaultStarted { fault: FaultKind, duration: Option<SimDuration> },
    /// A fault ended.
    FaultOver { fault: FaultKind },
    /// A service replica went down (`cause`: a fault kind's report name or `failure`).
    ReplicaDown { cause: String, cut_short: u64 },
    /// A broker node stopped serving.
    NodeDown { cause: String, leaders: u64, failover_in: SimDuration },
    /// A consumer instance started (`by`: what started it).
    Started { by: String },
    /// An alert's action ran: what its command did.
    AlertActed { alert: String, did: Box<LogText> },
    /// An alert's action could not run (the command's error, in English).
    AlertActionFailed { alert: String, error: String },
    /// An instance failed `failures` health probes in a row, and what came of it.
    HealthCheckFailed { failures: u64, outcome: HealthOutcome },
    /// The broker removed a member from its group.
    Evicted { by: String, redelivered: u64 },
    /// A group's partitions are being reassigned.
    Rebalance { why: String, pause: SimDuration },
    /// A group's instance count changed.
    Scaled { from: u64, to: u64, why: ScaleCause },
    /// A command reseeded every random stream.
    Reseeded { seed: u64 },
    /// A command set a group's instance count.
    ScaledByCommand { from: u64, to: u64 },
    /// A command set a breaker's state.
    BreakerSet { service: String, state: BreakerState },
    /// A command redrove dead letters.
    Redriven { selected: u64, redriven: u64, guarded: u64, loop_guard: u64, refused: u64 },
    /// A command reset a group's offsets (`to` as a scenario writes it: `Shift(-5)`).
    OffsetsReset { to: String, replayed: u64, skipped: u64 },
    /// A command grew a topic: of its producers' `keys`, `moved` now hash to another
    /// partition, `hazards` of them with messages still waiting in the old one.
    PartitionsAdded { from: u64, to: u64, keys: u64, moved: u64, hazards: u64 },
    /// A command injected a fault.
    Injected { fault: FaultKind, duration: Option<SimDuration> },
    /// The "recover now" command.
    Recovered { cleared: u64, repaired: u64, restarted: u64 },
    /// A producer's rate changed live (`per_second` as the file writes it).
    RateSet { per_second: String },
    /// A group's concurrency changed live.
    ConcurrencySet { concurrency: u64 },
    /// A service's error probabilities changed live.
    ErrorsSet { transient: String, business: String, fatal: String },
    /// A live change that changed nothing.
    NoChange { path: String },
    /// A broker node took a partition's only copies with it.
    PartitionLost { partition: u64, lost: u64, node: String, reason: Reason },
    /// An alert's condition held for its `for`: `what` of `subject` (English words the
    /// alert rule uses), the value against the threshold.
    AlertFiring {
        name: String,
        what: String,
        subject: String,
        value: String,
        below: bool,
        threshold: String,
        sustained: SimDuration,
    },
    /// The run stopped at a resource limit.
    Halted(Halt),
    /// Sections of the scenario that are parsed and validated but not simulated yet.
    NotSimulated { fields: Vec<String> },
    /// Words not kept as values: the same in every language (a live change's own syntax).
    Plain(String),
}

/// What a failed health check did to an instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HealthOutcome {
    Restarted,
    Ejected,
    /// The restart was refused: the crash's cause persists.
    StillDown,
}

/// Why a group was scaled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScaleCause {
    Command,
    LiveChange,
    /// The autoscaler: the group's lag against its target backlog per instance.
    Autoscaler {
        lag: u64,
        target: u64,
    },
    /// A health check ejected an instance.
    HealthCheck,
}

/// One of the engine's short phrases in a log entry (a cause, what started or evicted an
/// instance, why a group rebalances) in `lang`: its `log-phrase-WORDS` message, else as
/// it is.
fn phrase(lang: Lang, english: &str) -> String {
    let slug: String =
        english.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-");
    let key = format!("log-phrase-{slug}");
    let found = crate::i18n::lookup(lang, &key, None);
    if found.fell_back { english.to_string() } else { found.text }
}

/// A fault's kind and size in `lang` ("slow ×50").
fn fault_words(lang: Lang, fault: &FaultKind) -> String {
    match fault {
        FaultKind::Crash => say(lang, "log-fault-crash", &[]),
        FaultKind::DiskLoss => say(lang, "log-fault-disk-loss", &[]),
        FaultKind::Slow { factor } => say(lang, "log-fault-slow", &[("factor", factor.to_string().into())]),
        FaultKind::ErrorRate(p) => say(lang, "log-fault-error-rate", &[("rate", p.to_string().into())]),
        FaultKind::Partition => say(lang, "log-fault-partition", &[]),
        FaultKind::Poison { fraction } => say(lang, "log-fault-poison", &[("fraction", fraction.to_string().into())]),
    }
}

/// The phrases `phrase` words: every cause, starter, evictor and rebalance reason the
/// engine logs (the test checks each has both languages' words).
pub const LOG_PHRASES: [&str; 28] = [
    "crash",
    "slow",
    "error_rate",
    "partition",
    "poison",
    "failure",
    "restarted by hand",
    "repaired",
    "supervisor restart",
    "health check",
    "health check restart",
    "start-up done",
    "instance ejected",
    "repaired, on standby",
    "spare switched in",
    "heartbeat lost: session timeout",
    "left out of the rebalance",
    "replaced by its restart",
    "member evicted",
    "member joined",
    "member rejoined",
    "scaled",
    "command",
    "failure rate",
    "p95 latency (ms)",
    "backlog",
    "consumer lag",
    "availability",
];

impl LogText {
    /// The entry in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let n = |v: u64| Arg::from(v);
        let d = |v: &SimDuration| Arg::from(v.to_string());
        match self {
            LogText::BreakerTransition { from, to, cause } => say(
                lang,
                "log-breaker-transition",
                &[("from", from.name().into()), ("to", to.name().into()), ("reason", cause.render(lang).into())],
            ),
            LogText::BreakerWouldOpen(rates) => say(
                lang,
                "log-breaker-would-open",
                &[("reason", Cause::ThresholdsExceeded(*rates).render(lang).into())],
            ),
            LogText::BreakerReset { state } => say(lang, "log-breaker-reset", &[("state", state.name().into())]),
            LogText::AlertResolved { name } => say(lang, "log-alert-resolved", &[("name", name.as_str().into())]),
            LogText::ReplicaUp => say(lang, "log-replica-up", &[]),
            LogText::Ejected { duration, errors, ejections } => say(
                lang,
                "log-ejected",
                &[("duration", d(duration)), ("errors", n(*errors)), ("ejection", n(*ejections))],
            ),
            LogText::ProbeEjected { failures } => say(lang, "log-probe-ejected", &[("failures", n(*failures))]),
            LogText::ProbeReturned { passes } => say(lang, "log-probe-returned", &[("passes", n(*passes))]),
            LogText::Crashed { failure: true, lost } => say(lang, "log-crashed-failure", &[("lost", n(*lost))]),
            LogText::Crashed { failure: false, lost } => say(lang, "log-crashed", &[("lost", n(*lost))]),
            LogText::CutOff { held } => say(lang, "log-cut-off", &[("held", n(*held))]),
            LogText::Reconnected => say(lang, "log-reconnected", &[]),
            LogText::SupervisorNoticed { restart_in } => {
                say(lang, "log-supervisor-noticed", &[("delay", d(restart_in))])
            }
            LogText::CrashLoop { restart_in } => say(lang, "log-crash-loop", &[("delay", d(restart_in))]),
            LogText::CrashCauseGone => say(lang, "log-crash-cause-gone", &[]),
            LogText::DiskLost { lost, since, from_backup: true } => {
                say(lang, "log-disk-lost-backup", &[("lost", n(*lost)), ("since", d(since))])
            }
            LogText::DiskLost { lost, from_backup: false, .. } => {
                say(lang, "log-disk-lost-no-backup", &[("lost", n(*lost))])
            }
            LogText::RebuildStarted { events, duration, deleted: 0 } => {
                say(lang, "log-rebuild-started", &[("events", n(*events)), ("duration", d(duration))])
            }
            LogText::RebuildStarted { events, duration, deleted } => say(
                lang,
                "log-rebuild-started-gap",
                &[("events", n(*events)), ("duration", d(duration)), ("deleted", n(*deleted))],
            ),
            LogText::RebuildDone => say(lang, "log-rebuild-done", &[]),
            LogText::RepairedButCrashed => say(lang, "log-repaired-but-crashed", &[]),
            LogText::SwitchingIn { after } => say(lang, "log-switching-in", &[("delay", d(after))]),
            LogText::WaitingForCrew { waiting } => say(lang, "log-waiting-for-crew", &[("waiting", n(*waiting))]),
            LogText::CommonCauseShock { down } => say(lang, "log-common-cause-shock", &[("down", n(*down))]),
            LogText::RebalanceDone { partitions, members, idle } => {
                let done = say(lang, "log-rebalance-done", &[("partitions", n(*partitions)), ("members", n(*members))]);
                if idle.is_empty() {
                    done
                } else {
                    let idle = idle.join(", ");
                    say(lang, "log-rebalance-done-idle", &[("done", done.into()), ("idle", idle.into())])
                }
            }
            LogText::Failover { moved, stuck } => {
                say(lang, "log-failover", &[("moved", n(*moved)), ("stuck", n(*stuck))])
            }
            LogText::ServingAgain { partitions } => say(lang, "log-serving-again", &[("partitions", n(*partitions))]),
            LogText::DeadLetters { count, interval } => {
                say(lang, "log-dead-letters", &[("count", n(*count)), ("interval", d(interval))])
            }
            LogText::FaultStarted { fault, duration: Some(d) } => say(
                lang,
                "log-fault-started",
                &[("fault", fault_words(lang, fault).into()), ("duration", Arg::from(d.to_string()))],
            ),
            LogText::FaultStarted { fault, duration: None } => {
                say(lang, "log-fault-started-until-cleared", &[("fault", fault_words(lang, fault).into())])
            }
            LogText::FaultOver { fault } => say(lang, "log-fault-over", &[("fault", fault_words(lang, fault).into())]),
            LogText::ReplicaDown { cause, cut_short } => {
                say(lang, "log-replica-down", &[("cause", phrase(lang, cause).into()), ("cut_short", n(*cut_short))])
            }
            LogText::NodeDown { cause, leaders, failover_in } => say(
                lang,
                "log-node-down",
                &[("cause", phrase(lang, cause).into()), ("leaders", n(*leaders)), ("failover_in", d(failover_in))],
            ),
            LogText::Started { by } => say(lang, "log-started", &[("by", phrase(lang, by).into())]),
            LogText::AlertActed { alert, did } => {
                say(lang, "log-alert-acted", &[("alert", alert.as_str().into()), ("did", did.render(lang).into())])
            }
            LogText::AlertActionFailed { alert, error } => say(
                lang,
                "log-alert-action-failed",
                &[("alert", alert.as_str().into()), ("error", error.as_str().into())],
            ),
            LogText::HealthCheckFailed { failures, outcome } => {
                let key = match outcome {
                    HealthOutcome::Restarted => "log-health-restarted",
                    HealthOutcome::Ejected => "log-health-ejected",
                    HealthOutcome::StillDown => "log-health-still-down",
                };
                say(lang, key, &[("failures", n(*failures))])
            }
            LogText::Evicted { by, redelivered } => {
                say(lang, "log-evicted", &[("by", phrase(lang, by).into()), ("redelivered", n(*redelivered))])
            }
            LogText::Rebalance { why, pause } => {
                say(lang, "log-rebalance", &[("why", phrase(lang, why).into()), ("pause", d(pause))])
            }
            LogText::Scaled { from, to, why } => {
                let why = match why {
                    ScaleCause::Command => phrase(lang, "command"),
                    ScaleCause::LiveChange => say(lang, "log-phrase-live-change", &[]),
                    ScaleCause::HealthCheck => say(lang, "log-phrase-health-check", &[]),
                    ScaleCause::Autoscaler { lag, target } => {
                        say(lang, "log-autoscaler", &[("lag", n(*lag)), ("target", n(*target))])
                    }
                };
                say(lang, "log-scaled", &[("from", n(*from)), ("to", n(*to)), ("why", why.into())])
            }
            LogText::PartitionLost { partition, lost, node, reason } => say(
                lang,
                "log-partition-lost",
                &[
                    ("partition", n(*partition)),
                    ("lost", n(*lost)),
                    ("node", node.as_str().into()),
                    ("reason", crate::i18n::reason_words_in(lang, reason.as_str()).into()),
                ],
            ),
            LogText::AlertFiring { name, what, subject, value, below, threshold, sustained } => say(
                lang,
                "log-alert-firing",
                &[
                    ("name", name.as_str().into()),
                    ("what", phrase(lang, what).into()),
                    ("subject", subject.as_str().into()),
                    ("value", value.as_str().into()),
                    ("op", if *below { "<" } else { ">" }.into()),
                    ("threshold", threshold.as_str().into()),
                    ("sustained", d(sustained)),
                ],
            ),
            LogText::Reseeded { seed } => say(lang, "log-reseeded", &[("seed", seed.to_string().into())]),
            LogText::ScaledByCommand { from, to } => {
                say(lang, "log-scaled-by-command", &[("from", n(*from)), ("to", n(*to))])
            }
            LogText::BreakerSet { service, state } => {
                say(lang, "log-breaker-set", &[("service", service.as_str().into()), ("state", state.name().into())])
            }
            LogText::Redriven { selected, redriven, guarded, loop_guard, refused } => say(
                lang,
                "log-redriven",
                &[
                    ("selected", n(*selected)),
                    ("redriven", n(*redriven)),
                    ("guarded", n(*guarded)),
                    ("loop_guard", n(*loop_guard)),
                    ("refused", n(*refused)),
                ],
            ),
            LogText::OffsetsReset { to, replayed, skipped } => say(
                lang,
                "log-offsets-reset",
                &[("to", to.as_str().into()), ("replayed", n(*replayed)), ("skipped", n(*skipped))],
            ),
            LogText::PartitionsAdded { from, to, keys, moved, hazards } => say(
                lang,
                "log-partitions-added",
                &[
                    ("from", n(*from)),
                    ("to", n(*to)),
                    ("keys", n(*keys)),
                    ("moved", n(*moved)),
                    ("hazards", n(*hazards)),
                ],
            ),
            LogText::Injected { fault, duration: Some(d) } => say(
                lang,
                "log-injected",
                &[("fault", fault_words(lang, fault).into()), ("duration", Arg::from(d.to_string()))],
            ),
            LogText::Injected { fault, duration: None } => {
                say(lang, "log-injected-until-cleared", &[("fault", fault_words(lang, fault).into())])
            }
            LogText::Recovered { cleared, repaired, restarted } => say(
                lang,
                "log-recovered",
                &[("cleared", n(*cleared)), ("repaired", n(*repaired)), ("restarted", n(*restarted))],
            ),
            LogText::RateSet { per_second } => say(lang, "log-rate-set", &[("rate", per_second.as_str().into())]),
            LogText::ConcurrencySet { concurrency } => {
                say(lang, "log-concurrency-set", &[("concurrency", n(*concurrency))])
            }
            LogText::ErrorsSet { transient, business, fatal } => say(
                lang,
                "log-errors-set",
                &[
                    ("transient", transient.as_str().into()),
                    ("business", business.as_str().into()),
                    ("fatal", fatal.as_str().into()),
                ],
            ),
            LogText::NoChange { path } => say(lang, "log-no-change", &[("path", path.as_str().into())]),
            LogText::Halted(halt) => halt.render(lang),
            LogText::NotSimulated { fields } => say(lang, "log-not-simulated", &[("fields", fields.join(", ").into())]),
            LogText::Plain(text) => text.clone(),
        }
    }
}

impl LogText {
    /// Whether the English text contains `needle` (tests, log filters that read English).
    pub fn contains(&self, needle: &str) -> bool {
        self.to_string().contains(needle)
    }

    /// Whether the English text starts with `prefix`.
    pub fn starts_with(&self, prefix: &str) -> bool {
        self.to_string().starts_with(prefix)
    }
}

impl fmt::Display for LogText {
    /// English: what the tests, the exported report and log expectations read.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogText::Plain(text) => f.write_str(text),
            other => f.write_str(&other.render(Lang::En)),
        }
    }
}

impl PartialEq<&str> for LogText {
    /// Compares the English text (tests).
    fn eq(&self, other: &&str) -> bool {
        match self {
            LogText::Plain(text) => text == other,
            typed => typed.render(Lang::En).as_str() == *other,
        }
    }
}

impl From<String> for LogText {
    fn from(text: String) -> LogText {
        LogText::Plain(text)
    }
}

impl From<&str> for LogText {
    fn from(text: &str) -> LogText {
        LogText::Plain(text.to_string())
    }
}

/// The most recent `capacity` entries; older ones are evicted and counted.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EventLog {
    entries: VecDeque<LogEntry>,
    capacity: usize,
    evicted: u64,
}

impl EventLog {
    pub const DEFAULT_CAPACITY: usize = 10_000;

    pub fn with_capacity(capacity: usize) -> EventLog {
        EventLog { entries: VecDeque::new(), capacity: capacity.max(1), evicted: 0 }
    }

    pub fn push(&mut self, at: SimTime, severity: Severity, component: impl Into<String>, text: impl Into<LogText>) {
        if self.entries.len() == self.capacity {
            self.entries.pop_front();
            self.evicted += 1;
        }
        self.entries.push_back(LogEntry { at, severity, component: component.into(), text: text.into() });
    }

    /// Entries oldest first.
    pub fn entries(&self) -> &VecDeque<LogEntry> {
        &self.entries
    }

    /// How many entries were evicted to respect the bound.
    pub fn evicted(&self) -> u64 {
        self.evicted
    }

    /// Total entries ever logged (kept + evicted): lets a reader fetch only new ones.
    pub fn total(&self) -> u64 {
        self.evicted + self.entries.len() as u64
    }
}

impl Default for EventLog {
    fn default() -> Self {
        EventLog::with_capacity(EventLog::DEFAULT_CAPACITY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_oldest_at_the_bound_and_counts_it() {
        let mut log = EventLog::with_capacity(3);
        for i in 0..5 {
            log.push(SimTime(i), Severity::Info, "x", format!("e{i}"));
        }
        let texts: Vec<_> = log.entries().iter().map(|e| e.text.to_string()).collect();
        assert_eq!(texts, ["e2", "e3", "e4"]);
        assert_eq!((log.evicted(), log.total()), (2, 5));
    }
}
