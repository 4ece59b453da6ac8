//! The circuit breaker: Resilience4j's state machine, fed outcomes at virtual times.
//!
//! Follows `CircuitBreakerStateMachine`, `CircuitBreakerMetrics`,
//! `FixedSizeSlidingWindowMetrics` and `SlidingTimeWindowMetrics` (Resilience4j 2.x):
//! - CLOSED records every outcome in a sliding window (the last n calls, or the calls of the
//!   current second and the n − 1 before it, in one-second buckets); once the window holds
//!   `minimum_calls` (capped at n for a count window), the breaker opens when the failure
//!   rate or the slow-call rate is **≥** its threshold. A call is slow when it took
//!   **longer than** `slow_call_duration`, whether it succeeded or failed.
//! - OPEN refuses calls. The first call strictly **after** `open_for` has elapsed moves it
//!   to HALF_OPEN (or, with `automatic_transition`, a timer does at exactly `open_for`).
//! - HALF_OPEN permits exactly `half_open_calls` probes and records them in a fresh count
//!   window of that size; with min(`minimum_calls`, `half_open_calls`) outcomes recorded it
//!   reopens if a rate is ≥ its threshold, else closes (with a fresh window).
//! - DISABLED permits everything and records nothing; FORCED_OPEN refuses everything;
//!   METRICS_ONLY permits everything, records, and reports once when it would have opened.
//! - Like Resilience4j, an outcome is recorded into the window of the state the breaker is
//!   in when the outcome arrives (a late answer to a call permitted while CLOSED counts as
//!   a probe if the breaker is HALF_OPEN by then).
//!
//! Rates are computed in `f32` percent, as Resilience4j does, so a threshold lands on the
//! same side of a boundary as it would in production.

use crate::i18n::{Arg, Lang, say};
use crate::scenario::limits::{MAX_WINDOW_CALLS, MAX_WINDOW_TIME};
use crate::scenario::{CircuitBreaker as BreakerSpec, ErrorClass, Window};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::fmt;

/// Transitions kept per breaker; older ones are evicted (and counted in `transitions_total`).
pub const TRANSITION_HISTORY: usize = 256;
/// Largest time window the engine allocates, in one-second buckets.
const MAX_WINDOW_SECONDS: u32 = (MAX_WINDOW_TIME.0 / NS_PER_S) as u32;

const NS_PER_S: u64 = 1_000_000_000;
const FAILED: u8 = 1;
const SLOW: u8 = 2;

/// The states of Resilience4j's breaker.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum BreakerState {
    #[default]
    Closed,
    Open,
    HalfOpen,
    Disabled,
    ForcedOpen,
    MetricsOnly,
}

impl BreakerState {
    /// Every state, in declaration order.
    pub const ALL: [BreakerState; 6] = [
        BreakerState::Closed,
        BreakerState::Open,
        BreakerState::HalfOpen,
        BreakerState::Disabled,
        BreakerState::ForcedOpen,
        BreakerState::MetricsOnly,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BreakerState::Closed => "CLOSED",
            BreakerState::Open => "OPEN",
            BreakerState::HalfOpen => "HALF_OPEN",
            BreakerState::Disabled => "DISABLED",
            BreakerState::ForcedOpen => "FORCED_OPEN",
            BreakerState::MetricsOnly => "METRICS_ONLY",
        }
    }

    /// States in which calls are refused.
    pub fn refuses_calls(self) -> bool {
        matches!(self, BreakerState::Open | BreakerState::ForcedOpen)
    }

    /// A number for plotting state over time: 0 closed-like, 1 half-open, 2 open-like.
    pub fn level(self) -> f32 {
        match self {
            BreakerState::Closed | BreakerState::Disabled | BreakerState::MetricsOnly => 0.0,
            BreakerState::HalfOpen => 1.0,
            BreakerState::Open | BreakerState::ForcedOpen => 2.0,
        }
    }
}

impl fmt::Display for BreakerState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How the breaker counts one call's outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Success,
    Failure,
    /// Neither (Resilience4j's `ignoreExceptions`): a half-open permit is given back.
    Ignored,
}

/// Call counts of a window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub calls: u32,
    pub failed: u32,
    /// Slow calls, successful or failed.
    pub slow: u32,
}

impl Counts {
    fn add(&mut self, flags: u8) {
        self.calls += 1;
        self.failed += u32::from(flags & FAILED != 0);
        self.slow += u32::from(flags & SLOW != 0);
    }

    fn remove(&mut self, other: Counts) {
        self.calls -= other.calls;
        self.failed -= other.failed;
        self.slow -= other.slow;
    }
}

/// What a window's rates were measured over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Span {
    /// The last `calls` calls (count window).
    LastCalls,
    /// The current second and the ones before it (time window of this many seconds).
    LastSeconds(u32),
    /// The half-open probes.
    Probes,
}

/// Rates and thresholds at the moment of a decision, in percent.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rates {
    pub failure_pct: f32,
    pub failure_threshold_pct: f32,
    pub slow_pct: f32,
    pub slow_threshold_pct: f32,
    pub calls: u32,
    pub span: Span,
}

impl Rates {
    pub fn failure_hit(&self) -> bool {
        self.failure_pct >= self.failure_threshold_pct
    }

    pub fn slow_hit(&self) -> bool {
        self.slow_pct >= self.slow_threshold_pct
    }
}

/// A breaker's sliding window as it stands, oldest cell first, for display (the
/// dashboard's window strip, as the Hystrix dashboard draws its rolling buckets).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WindowCells {
    /// Cells are seconds of a time window (else single calls of a count window).
    pub per_second: bool,
    /// Cells the window holds when full: calls, seconds or half-open probes.
    pub size: u32,
    /// One `Counts` per call (`calls` = 1) or per second, oldest first.
    pub cells: Vec<Counts>,
}

/// What a breaker's current window covers, worded when shown ([`WindowSpan::render`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum WindowSpan {
    /// The half-open probes.
    Probes(u32),
    /// The last n calls (count window).
    LastCalls(u32),
    /// The last n seconds (time window).
    LastSeconds(u32),
    /// DISABLED and FORCED_OPEN record nothing.
    #[default]
    Nothing,
}

impl WindowSpan {
    /// "last 50 calls", "最近 50 次调用".
    pub fn render(&self, lang: Lang) -> String {
        match self {
            WindowSpan::Probes(n) => say(lang, "breaker-window-probes", &[("count", (*n).into())]),
            WindowSpan::LastCalls(n) => say(lang, "breaker-window-last-calls", &[("count", (*n).into())]),
            WindowSpan::LastSeconds(n) => say(lang, "breaker-window-last-seconds", &[("count", (*n).into())]),
            WindowSpan::Nothing => say(lang, "breaker-window-nothing", &[]),
        }
    }
}

crate::i18n::english_display!(WindowSpan);

/// Why a transition happened, with the numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Cause {
    /// A rate reached its threshold (CLOSED → OPEN, HALF_OPEN → OPEN).
    ThresholdsExceeded(Rates),
    /// The probes' rates stayed below both thresholds (HALF_OPEN → CLOSED).
    ProbesBelowThresholds(Rates),
    /// The open wait was over (OPEN → HALF_OPEN).
    OpenElapsed { open_for: SimDuration, probes: u32 },
    /// Set by a command.
    #[default]
    Command,
    /// The scenario's `circuit_breaker` was removed by a live change: the breaker is kept
    /// DISABLED, so its history and counters go on.
    Removed,
    /// A `circuit_breaker` was set again by a live change after being removed.
    Restored,
}

/// One state change of a breaker.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Transition {
    pub at: SimTime,
    pub from: BreakerState,
    pub to: BreakerState,
    pub cause: Cause,
}

/// Something the simulation should log after recording an outcome.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Notice {
    Transition(Transition),
    /// METRICS_ONLY: the rates crossed a threshold; a working breaker would have opened.
    WouldOpen(Rates),
}

/// A percentage as people write it: "62%", "62.5%".
struct Pct(f32);

impl fmt::Display for Pct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (f64::from(self.0) * 10.0).round() / 10.0;
        if tenths.fract() == 0.0 { write!(f, "{tenths:.0}%") } else { write!(f, "{tenths:.1}%") }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Span::LastCalls => f.write_str("last"),
            Span::LastSeconds(s) => write!(f, "the last {s} s"),
            Span::Probes => f.write_str("probe"),
        }
    }
}

impl Rates {
    /// What the rates were measured over: "over last 50 calls".
    fn over(&self, lang: Lang) -> String {
        let calls = ("calls", Arg::from(self.calls));
        match self.span {
            Span::LastCalls => say(lang, "breaker-over-last-calls", &[calls]),
            Span::LastSeconds(s) => say(lang, "breaker-over-last-seconds", &[("seconds", s.into()), calls]),
            Span::Probes => say(lang, "breaker-over-probes", &[calls]),
        }
    }

    /// The rates and thresholds as the messages take them: "62.5%".
    fn args(&self, lang: Lang) -> [(&'static str, Arg<'static>); 5] {
        let pct = |v: f32| Arg::from(Pct(v).to_string());
        [
            ("failure", pct(self.failure_pct)),
            ("failure_threshold", pct(self.failure_threshold_pct)),
            ("slow", pct(self.slow_pct)),
            ("slow_threshold", pct(self.slow_threshold_pct)),
            ("over", Arg::from(self.over(lang))),
        ]
    }
}

impl Cause {
    /// The reason in `lang`, with its numbers. The engine keeps the values; the dashboard
    /// words them in the reader's language, the `--json` report in English (`Display`).
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Cause::ThresholdsExceeded(r) => {
                let key = match (r.failure_hit(), r.slow_hit()) {
                    (true, true) => "breaker-cause-both-exceeded",
                    (false, true) => "breaker-cause-slow-exceeded",
                    _ => "breaker-cause-failure-exceeded",
                };
                say(lang, key, &r.args(lang))
            }
            Cause::ProbesBelowThresholds(r) => say(lang, "breaker-cause-probes-below", &r.args(lang)),
            Cause::OpenElapsed { open_for, probes } => say(
                lang,
                "breaker-cause-open-elapsed",
                &[("open_for", open_for.to_string().into()), ("probes", (*probes).into())],
            ),
            Cause::Command => say(lang, "breaker-cause-command", &[]),
            Cause::Removed => say(lang, "breaker-cause-removed", &[]),
            Cause::Restored => say(lang, "breaker-cause-restored", &[]),
        }
    }
}

crate::i18n::english_display!(Cause);

/// A sliding window of call outcomes with running totals (subtract-on-evict).
#[derive(Clone, Debug)]
enum SlidingWindow {
    /// The last `size` outcomes, as flag bytes in a ring grown up to `size`.
    Count { outcomes: Vec<u8>, oldest: usize, size: u32, totals: Counts },
    /// One bucket per second, `buckets[head]` being the newest second.
    Time { buckets: Vec<(u64, Counts)>, head: usize, totals: Counts },
    /// DISABLED and FORCED_OPEN record nothing.
    None,
}

impl SlidingWindow {
    fn count(size: u32) -> SlidingWindow {
        SlidingWindow::Count { outcomes: Vec::new(), oldest: 0, size: size.max(1), totals: Counts::default() }
    }

    fn time(seconds: u32, now: SimTime) -> SlidingWindow {
        SlidingWindow::Time {
            buckets: vec![(now.0 / NS_PER_S, Counts::default()); seconds.max(1) as usize],
            head: 0,
            totals: Counts::default(),
        }
    }

    /// Records an outcome at `now` and returns the window's totals.
    fn record(&mut self, now: SimTime, flags: u8) -> Counts {
        match self {
            SlidingWindow::Count { outcomes, oldest, size, totals } => {
                if outcomes.len() < *size as usize {
                    outcomes.push(flags);
                } else {
                    let mut evicted = Counts::default();
                    evicted.add(outcomes[*oldest]);
                    totals.remove(evicted);
                    outcomes[*oldest] = flags;
                    *oldest = (*oldest + 1) % outcomes.len();
                }
                totals.add(flags);
                *totals
            }
            SlidingWindow::Time { buckets, head, totals } => {
                Self::move_to(buckets, head, totals, now.0 / NS_PER_S);
                buckets[*head].1.add(flags);
                totals.add(flags);
                *totals
            }
            SlidingWindow::None => Counts::default(),
        }
    }

    /// Resilience4j's `moveWindowToCurrentEpochSecond`: evicts the buckets of seconds that
    /// left the window and starts one for the current second.
    fn move_to(buckets: &mut [(u64, Counts)], head: &mut usize, totals: &mut Counts, second: u64) {
        let behind = second.saturating_sub(buckets[*head].0);
        let steps = behind.min(buckets.len() as u64);
        for k in (0..steps).rev() {
            *head = (*head + 1) % buckets.len();
            totals.remove(buckets[*head].1);
            buckets[*head] = (second - k, Counts::default());
        }
    }

    /// The totals as they would be at `now`, without moving the window.
    fn counts_at(&self, now: SimTime) -> Counts {
        match self {
            SlidingWindow::Count { totals, .. } => *totals,
            SlidingWindow::Time { buckets, .. } => {
                let second = now.0 / NS_PER_S;
                let oldest_kept = (second + 1).saturating_sub(buckets.len() as u64);
                let mut counts = Counts::default();
                for (s, c) in buckets {
                    if *s >= oldest_kept && *s <= second && c.calls > 0 {
                        counts.calls += c.calls;
                        counts.failed += c.failed;
                        counts.slow += c.slow;
                    }
                }
                counts
            }
            SlidingWindow::None => Counts::default(),
        }
    }

    /// The window a live change of its shape leaves: what the new shape would hold, as far
    /// as the old one knows it. A count window keeps its most recent outcomes (up to the
    /// new size); a time window keeps the buckets of the seconds the new span covers. A
    /// count window becoming a time window or back starts empty: the outcomes' times (or
    /// their order within a second) were not kept.
    fn reshaped(&self, to: Window, now: SimTime) -> SlidingWindow {
        match (self, to) {
            (SlidingWindow::Count { outcomes, oldest, .. }, Window::Count(n)) => {
                let size = n.clamp(1, MAX_WINDOW_CALLS);
                let ordered: Vec<u8> = outcomes[*oldest..].iter().chain(&outcomes[..*oldest]).copied().collect();
                let kept = ordered[ordered.len().saturating_sub(size as usize)..].to_vec();
                let mut totals = Counts::default();
                for flags in &kept {
                    totals.add(*flags);
                }
                SlidingWindow::Count { outcomes: kept, oldest: 0, size, totals }
            }
            (SlidingWindow::Time { buckets: old, .. }, Window::Time(d)) => {
                let seconds = window_seconds(d);
                let second = now.0 / NS_PER_S;
                let oldest_known = (second + 1).saturating_sub(old.len() as u64);
                // Oldest first; the newest (the current second) is the head, as `move_to` expects.
                let buckets: Vec<(u64, Counts)> = (0..u64::from(seconds))
                    .map(|j| {
                        let Some(s) = second.checked_sub(u64::from(seconds) - 1 - j) else {
                            return (0, Counts::default());
                        };
                        let mut counts = Counts::default();
                        if s >= oldest_known {
                            for (_, c) in old.iter().filter(|(label, _)| *label == s) {
                                counts.calls += c.calls;
                                counts.failed += c.failed;
                                counts.slow += c.slow;
                            }
                        }
                        (s, counts)
                    })
                    .collect();
                let mut totals = Counts::default();
                for (_, c) in &buckets {
                    totals.calls += c.calls;
                    totals.failed += c.failed;
                    totals.slow += c.slow;
                }
                SlidingWindow::Time { head: buckets.len() - 1, buckets, totals }
            }
            (_, Window::Count(n)) => SlidingWindow::count(n.clamp(1, MAX_WINDOW_CALLS)),
            (_, Window::Time(d)) => SlidingWindow::time(window_seconds(d), now),
        }
    }

    fn span(&self) -> Span {
        match self {
            SlidingWindow::Time { buckets, .. } => Span::LastSeconds(buckets.len() as u32),
            _ => Span::LastCalls,
        }
    }
}

/// Whole seconds of a time window, within the engine's bounds.
fn window_seconds(d: SimDuration) -> u32 {
    d.0.div_ceil(NS_PER_S).clamp(1, u64::from(MAX_WINDOW_SECONDS)) as u32
}

/// The thresholds and sizes a breaker was configured with.
#[derive(Clone, Debug)]
struct Config {
    window: Window,
    minimum_calls: u32,
    failure_threshold_pct: f32,
    slow_threshold_pct: f32,
    slow_call_ns: u64,
    open_for: SimDuration,
    half_open_calls: u32,
    /// Bit `ErrorClass::index()` set: that class counts as a failure.
    failure_classes: u8,
    automatic_transition: bool,
}

impl Config {
    fn new(spec: &BreakerSpec) -> Config {
        Config {
            window: spec.window,
            minimum_calls: spec.minimum_calls.max(1),
            failure_threshold_pct: (spec.failure_rate * 100.0) as f32,
            slow_threshold_pct: (spec.slow_call_rate * 100.0) as f32,
            slow_call_ns: spec.slow_call_duration.0,
            open_for: spec.open_for,
            half_open_calls: spec.half_open_calls.max(1),
            failure_classes: spec.failure_classes.iter().fold(0u8, |mask, c| mask | (1 << c.index())),
            automatic_transition: spec.automatic_transition,
        }
    }
}

/// One circuit breaker (one per consumer group and service it calls).
#[derive(Clone, Debug)]
pub struct Breaker {
    config: Config,
    state: BreakerState,
    entered_at: SimTime,
    /// The current state's metrics (OPEN keeps the window it opened on, as Resilience4j does).
    window: SlidingWindow,
    /// Minimum calls before the current window's rates count.
    minimum_calls: u32,
    half_open_permits: u32,
    open_until: SimTime,
    /// METRICS_ONLY: whether the failure and slow-call thresholds were already reported.
    would_open_reported: [bool; 2],
    calls_not_permitted: u64,
    /// Time spent OPEN or FORCED_OPEN before the current state (since `stats_from`).
    open_ns_before: u64,
    /// Start of the statistics (creation, or the last `reset_statistics`).
    stats_from: SimTime,
    transitions: VecDeque<Transition>,
    transitions_total: u64,
    /// `transitions_total` when the statistics last restarted.
    transitions_before_stats: u64,
    /// Bumped at every transition so a scheduled automatic transition can tell it is stale.
    generation: u32,
}

impl Breaker {
    /// A CLOSED breaker configured from the scenario, created at `now`.
    pub fn new(spec: &BreakerSpec, now: SimTime) -> Breaker {
        let mut breaker = Breaker {
            config: Config::new(spec),
            state: BreakerState::Closed,
            entered_at: now,
            window: SlidingWindow::None,
            minimum_calls: 1,
            half_open_permits: 0,
            open_until: SimTime::ZERO,
            would_open_reported: [false; 2],
            calls_not_permitted: 0,
            open_ns_before: 0,
            stats_from: now,
            transitions: VecDeque::new(),
            transitions_total: 0,
            transitions_before_stats: 0,
            generation: 0,
        };
        breaker.reset_closed_window(now);
        breaker
    }

    fn reset_closed_window(&mut self, now: SimTime) {
        self.window = match self.config.window {
            Window::Count(n) => SlidingWindow::count(n.clamp(1, MAX_WINDOW_CALLS)),
            Window::Time(d) => SlidingWindow::time(window_seconds(d), now),
        };
        self.minimum_calls = self.closed_minimum_calls();
    }

    /// Resilience4j caps the minimum at the window size for count windows.
    fn closed_minimum_calls(&self) -> u32 {
        match self.config.window {
            Window::Count(n) => self.config.minimum_calls.min(n.clamp(1, MAX_WINDOW_CALLS)),
            Window::Time(_) => self.config.minimum_calls,
        }
    }

    /// A live change of the breaker's configuration at `now`.
    ///
    /// Resilience4j has no in-place reconfiguration: its registry replaces the breaker by
    /// a new one, CLOSED with an empty window. A lab user changing a threshold wants to
    /// see it act on the traffic going on, so faultline keeps the state and the recorded
    /// outcomes and applies the new configuration to them:
    /// - CLOSED (and METRICS_ONLY) re-evaluates its window against the new thresholds at
    ///   once, and may open now; a new window shape keeps what the old window knows (see
    ///   `SlidingWindow::reshaped`); a new `slow_call_duration` classifies calls from now
    ///   on (recorded outcomes keep their flags);
    /// - OPEN stays open until `open_for` after it opened, with the new `open_for`;
    /// - HALF_OPEN finishes its round of probes (the new `half_open_calls` is for the next
    ///   round), judged with the new thresholds;
    /// - DISABLED and FORCED_OPEN stay as they were set.
    ///
    /// Counters and the transition history carry on.
    pub fn reconfigure(&mut self, spec: &BreakerSpec, now: SimTime) -> Option<Notice> {
        let old_window = self.config.window;
        self.config = Config::new(spec);
        match self.state {
            BreakerState::Closed | BreakerState::MetricsOnly => {
                if old_window != self.config.window {
                    self.window = self.window.reshaped(self.config.window, now);
                }
                self.minimum_calls = self.closed_minimum_calls();
            }
            BreakerState::HalfOpen => {
                let probes = match &self.window {
                    SlidingWindow::Count { size, .. } => *size,
                    _ => self.config.half_open_calls,
                };
                self.minimum_calls = self.config.minimum_calls.min(probes);
            }
            BreakerState::Open => {
                self.open_until = self.entered_at + self.config.open_for;
                // A pending automatic transition was set for the old time.
                self.generation = self.generation.wrapping_add(1);
            }
            BreakerState::Disabled | BreakerState::ForcedOpen => {}
        }
        let rates = self.rates(self.window.counts_at(now))?;
        let hit = rates.failure_hit() || rates.slow_hit();
        match self.state {
            BreakerState::Closed if hit => {
                Some(Notice::Transition(self.enter(now, BreakerState::Open, Cause::ThresholdsExceeded(rates))))
            }
            BreakerState::MetricsOnly => {
                let news = (rates.failure_hit() && !self.would_open_reported[0])
                    || (rates.slow_hit() && !self.would_open_reported[1]);
                self.would_open_reported[0] |= rates.failure_hit();
                self.would_open_reported[1] |= rates.slow_hit();
                news.then_some(Notice::WouldOpen(rates))
            }
            _ => None,
        }
    }

    pub fn state(&self) -> BreakerState {
        self.state
    }

    /// How an outcome counts: `None` is a success; listed classes are failures; a full
    /// bulkhead or an open circuit (the call never reached the service) is ignored unless
    /// listed; any other class (a business error: the service answered) is a success.
    pub fn classify(&self, outcome: Option<ErrorClass>) -> Verdict {
        match outcome {
            None => Verdict::Success,
            Some(class) if self.config.failure_classes & (1 << class.index()) != 0 => Verdict::Failure,
            Some(ErrorClass::BulkheadFull | ErrorClass::CircuitOpen) => Verdict::Ignored,
            Some(_) => Verdict::Success,
        }
    }

    /// Asks to make a call at `now`. OPEN becomes HALF_OPEN here once `open_for` is over.
    pub fn try_acquire(&mut self, now: SimTime) -> (bool, Option<Transition>) {
        let mut transition = None;
        if self.state == BreakerState::Open && now > self.open_until {
            transition = Some(self.half_open(now));
        }
        let permitted = match self.state {
            BreakerState::Closed | BreakerState::Disabled | BreakerState::MetricsOnly => true,
            BreakerState::HalfOpen if self.half_open_permits > 0 => {
                self.half_open_permits -= 1;
                true
            }
            BreakerState::HalfOpen | BreakerState::Open | BreakerState::ForcedOpen => false,
        };
        if !permitted {
            self.calls_not_permitted += 1;
        }
        (permitted, transition)
    }

    /// A permitted call ended with an ignored outcome: it gives its probe permit back.
    pub fn release(&mut self) {
        if self.state == BreakerState::HalfOpen {
            self.half_open_permits += 1;
        }
    }

    /// Records a permitted call's outcome at `now`; `duration` is how long it took.
    pub fn record(&mut self, now: SimTime, duration: SimDuration, failed: bool) -> Option<Notice> {
        let flags = if failed { FAILED } else { 0 } | if duration.0 > self.config.slow_call_ns { SLOW } else { 0 };
        match self.state {
            BreakerState::Disabled | BreakerState::ForcedOpen => None,
            BreakerState::Open => {
                self.window.record(now, flags);
                None
            }
            BreakerState::Closed => {
                let counts = self.window.record(now, flags);
                let rates = self.rates(counts)?;
                (rates.failure_hit() || rates.slow_hit())
                    .then(|| Notice::Transition(self.enter(now, BreakerState::Open, Cause::ThresholdsExceeded(rates))))
            }
            BreakerState::HalfOpen => {
                let counts = self.window.record(now, flags);
                let rates = self.rates(counts)?;
                let transition = if rates.failure_hit() || rates.slow_hit() {
                    self.enter(now, BreakerState::Open, Cause::ThresholdsExceeded(rates))
                } else {
                    self.enter(now, BreakerState::Closed, Cause::ProbesBelowThresholds(rates))
                };
                Some(Notice::Transition(transition))
            }
            BreakerState::MetricsOnly => {
                let counts = self.window.record(now, flags);
                let rates = self.rates(counts)?;
                let failure_news = rates.failure_hit() && !self.would_open_reported[0];
                let slow_news = rates.slow_hit() && !self.would_open_reported[1];
                self.would_open_reported[0] |= rates.failure_hit();
                self.would_open_reported[1] |= rates.slow_hit();
                (failure_news || slow_news).then_some(Notice::WouldOpen(rates))
            }
        }
    }

    /// Rates of `counts`, or `None` below the minimum number of calls.
    fn rates(&self, counts: Counts) -> Option<Rates> {
        if counts.calls == 0 || counts.calls < self.minimum_calls {
            return None;
        }
        let pct = |n: u32| n as f32 * 100.0 / counts.calls as f32;
        Some(Rates {
            failure_pct: pct(counts.failed),
            failure_threshold_pct: self.config.failure_threshold_pct,
            slow_pct: pct(counts.slow),
            slow_threshold_pct: self.config.slow_threshold_pct,
            calls: counts.calls,
            span: if self.state == BreakerState::HalfOpen { Span::Probes } else { self.window.span() },
        })
    }

    fn half_open(&mut self, now: SimTime) -> Transition {
        let cause = Cause::OpenElapsed { open_for: self.config.open_for, probes: self.config.half_open_calls };
        self.enter(now, BreakerState::HalfOpen, cause)
    }

    /// Moves to `to` and records the transition.
    fn enter(&mut self, now: SimTime, to: BreakerState, cause: Cause) -> Transition {
        let from = self.state;
        self.switch(now, to);
        let transition = Transition { at: now, from, to, cause };
        if self.transitions.len() == TRANSITION_HISTORY {
            self.transitions.pop_front();
        }
        self.transitions.push_back(transition);
        self.transitions_total += 1;
        transition
    }

    /// Enters `to` with that state's fresh metrics, as Resilience4j builds a new state object.
    fn switch(&mut self, now: SimTime, to: BreakerState) {
        if self.state.refuses_calls() {
            self.open_ns_before += (now - self.entered_at.max(self.stats_from)).0;
        }
        self.state = to;
        self.entered_at = now;
        self.generation = self.generation.wrapping_add(1);
        match to {
            BreakerState::Closed | BreakerState::MetricsOnly => {
                self.reset_closed_window(now);
                self.would_open_reported = [false; 2];
            }
            BreakerState::Open => self.open_until = now + self.config.open_for,
            BreakerState::HalfOpen => {
                let probes = self.config.half_open_calls;
                self.window = SlidingWindow::count(probes);
                self.minimum_calls = self.config.minimum_calls.min(probes);
                self.half_open_permits = probes;
            }
            BreakerState::Disabled | BreakerState::ForcedOpen => self.window = SlidingWindow::None,
        }
    }

    /// Forces a state (the GUI's buttons). Entering the current state again resets it, like
    /// Resilience4j's internal transitions, and is not recorded as a transition.
    pub fn transition_to(&mut self, now: SimTime, to: BreakerState) -> Option<Transition> {
        self.transition_with(now, to, Cause::Command)
    }

    /// As [`Breaker::transition_to`], recording `cause`.
    pub fn transition_with(&mut self, now: SimTime, to: BreakerState, cause: Cause) -> Option<Transition> {
        if to == self.state {
            self.switch(now, to);
            return None;
        }
        Some(self.enter(now, to, cause))
    }

    /// With `automatic_transition`: when the OPEN state should become HALF_OPEN on its own.
    pub fn wake_at(&self) -> Option<SimTime> {
        (self.state == BreakerState::Open && self.config.automatic_transition).then_some(self.open_until)
    }

    /// The automatic transition's timer fired.
    pub fn on_wake(&mut self, now: SimTime) -> Option<Transition> {
        (self.wake_at().is_some_and(|at| now >= at)).then(|| self.half_open(now))
    }

    /// Changes at every transition; a timer scheduled under another generation is stale.
    pub fn generation(&self) -> u32 {
        self.generation
    }

    /// The current window's counts at `now` (a time window drops seconds that left it).
    pub fn counts(&self, now: SimTime) -> Counts {
        self.window.counts_at(now)
    }

    /// Failure and slow-call rates (percent) at `now`, `None` below the minimum number of calls.
    pub fn current_rates(&self, now: SimTime) -> Option<Rates> {
        self.rates(self.counts(now))
    }

    pub fn minimum_calls(&self) -> u32 {
        self.minimum_calls
    }

    pub fn failure_threshold_pct(&self) -> f32 {
        self.config.failure_threshold_pct
    }

    pub fn slow_threshold_pct(&self) -> f32 {
        self.config.slow_threshold_pct
    }

    pub fn slow_call_duration(&self) -> SimDuration {
        SimDuration(self.config.slow_call_ns)
    }

    pub fn open_for(&self) -> SimDuration {
        self.config.open_for
    }

    /// What the current window covers: the last 50 calls, the last 10 s, 5 probe calls.
    pub fn window_description(&self) -> WindowSpan {
        match (&self.window, self.state) {
            (SlidingWindow::Count { size, .. }, BreakerState::HalfOpen) => WindowSpan::Probes(*size),
            (SlidingWindow::Count { size, .. }, _) => WindowSpan::LastCalls(*size),
            (SlidingWindow::Time { buckets, .. }, _) => WindowSpan::LastSeconds(buckets.len() as u32),
            (SlidingWindow::None, _) => WindowSpan::Nothing,
        }
    }

    pub fn half_open_permits(&self) -> u32 {
        if self.state == BreakerState::HalfOpen { self.half_open_permits } else { 0 }
    }

    /// When an OPEN breaker starts letting probes through (the first call after it).
    pub fn open_until(&self) -> Option<SimTime> {
        (self.state == BreakerState::Open).then_some(self.open_until)
    }

    pub fn calls_not_permitted(&self) -> u64 {
        self.calls_not_permitted
    }

    /// Total time spent refusing calls (OPEN or FORCED_OPEN) up to `now`.
    pub fn open_time(&self, now: SimTime) -> SimDuration {
        let current = if self.state.refuses_calls() { (now - self.entered_at.max(self.stats_from)).0 } else { 0 };
        SimDuration(self.open_ns_before + current)
    }

    /// Restarts the counters (calls not permitted, open time) at `now`, after a warm-up.
    /// State, window and transition history are kept.
    pub fn reset_statistics(&mut self, now: SimTime) {
        self.calls_not_permitted = 0;
        self.open_ns_before = 0;
        self.stats_from = now;
        self.transitions_before_stats = self.transitions_total;
    }

    /// Transitions since the statistics started (creation or the last reset).
    pub fn transitions_measured(&self) -> u64 {
        self.transitions_total - self.transitions_before_stats
    }

    /// Start of the statistics (creation, or the last `reset_statistics`).
    pub fn statistics_from(&self) -> SimTime {
        self.stats_from
    }

    /// The current window's cells at `now`, oldest first (a time window's seconds that
    /// left it are shown empty). Read-only; allocates one small vector.
    pub fn window_cells(&self, now: SimTime) -> WindowCells {
        match &self.window {
            SlidingWindow::Count { outcomes, oldest, size, .. } => {
                let single = |flags: u8| {
                    let mut c = Counts::default();
                    c.add(flags);
                    c
                };
                // The ring is in arrival order from `oldest` once it is full.
                let (newer, older) = outcomes.split_at(*oldest);
                let cells = older.iter().chain(newer).map(|f| single(*f)).collect();
                WindowCells { per_second: false, size: *size, cells }
            }
            SlidingWindow::Time { buckets, head, .. } => {
                let second = now.0 / NS_PER_S;
                let n = buckets.len();
                let newest = buckets[*head].0;
                // Cell k is the second `second + 1 + k - n`; the ring may not have moved to
                // `now` yet (no call since), so find each second's slot from the newest.
                let cells = (0..n as u64)
                    .map(|k| {
                        let Some(wanted) = (second + 1 + k).checked_sub(n as u64) else { return Counts::default() };
                        if wanted > newest || newest - wanted >= n as u64 {
                            return Counts::default();
                        }
                        let (s, c) = buckets[(*head + n - (newest - wanted) as usize) % n];
                        if s == wanted { c } else { Counts::default() }
                    })
                    .collect();
                WindowCells { per_second: true, size: n as u32, cells }
            }
            SlidingWindow::None => WindowCells::default(),
        }
    }

    /// The most recent transitions, oldest first (at most [`TRANSITION_HISTORY`]).
    pub fn transitions(&self) -> &VecDeque<Transition> {
        &self.transitions
    }

    pub fn transitions_total(&self) -> u64 {
        self.transitions_total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BreakerState::*;

    fn spec() -> BreakerSpec {
        BreakerSpec {
            window: Window::Count(10),
            minimum_calls: 5,
            failure_rate: 0.5,
            slow_call_duration: SimDuration::from_millis(500),
            slow_call_rate: 1.0,
            open_for: SimDuration::from_secs(10),
            half_open_calls: 3,
            ..BreakerSpec::default()
        }
    }

    fn s(x: f64) -> SimTime {
        SimTime::from_secs_f64(x)
    }

    const FAST: SimDuration = SimDuration::from_millis(10);

    /// Feeds (time, failed) outcomes of fast calls, each permitted first; returns transitions.
    fn feed(b: &mut Breaker, outcomes: &[(f64, bool)]) -> Vec<Transition> {
        let mut out = Vec::new();
        for &(t, failed) in outcomes {
            let (permitted, tr) = b.try_acquire(s(t));
            out.extend(tr);
            assert!(permitted, "call at {t} s refused in {}", b.state());
            if let Some(Notice::Transition(tr)) = b.record(s(t), FAST, failed) {
                out.push(tr);
            }
        }
        out
    }

    #[test]
    fn window_cells_list_the_window_oldest_first() {
        let small = BreakerSpec { window: Window::Count(3), minimum_calls: 10, ..spec() };
        let mut b = Breaker::new(&small, SimTime::ZERO);
        feed(&mut b, &[(1.0, true), (2.0, false)]);
        let flags = |w: WindowCells| w.cells.iter().map(|c| (c.calls, c.failed)).collect::<Vec<_>>();
        assert_eq!(flags(b.window_cells(s(2.0))), [(1, 1), (1, 0)]);
        // A fourth call evicts the first: the ring wraps, the order stays oldest first.
        feed(&mut b, &[(3.0, false), (4.0, true)]);
        let w = b.window_cells(s(4.0));
        assert_eq!((w.per_second, w.size), (false, 3));
        assert_eq!(flags(w), [(1, 0), (1, 0), (1, 1)]);

        let timed = BreakerSpec { window: Window::Time(SimDuration::from_secs(4)), minimum_calls: 10, ..spec() };
        let mut b = Breaker::new(&timed, SimTime::ZERO);
        feed(&mut b, &[(5.2, true), (5.5, false), (7.1, false)]);
        let per_second = |w: &WindowCells| w.cells.iter().map(|c| c.calls).collect::<Vec<_>>();
        // At 7.5 s the window is seconds 4..=7; at 9.0 s (no call since) it is 6..=9.
        let w = b.window_cells(s(7.5));
        assert_eq!((w.per_second, w.size), (true, 4));
        assert_eq!(per_second(&w), [0, 2, 0, 1]);
        assert_eq!(per_second(&b.window_cells(s(9.0))), [0, 1, 0, 0]);
        assert_eq!(per_second(&b.window_cells(s(20.0))), [0, 0, 0, 0]);
    }

    #[test]
    fn opens_on_the_call_that_reaches_the_threshold_once_minimum_calls_are_recorded() {
        let mut b = Breaker::new(&spec(), SimTime::ZERO);
        // Four calls: below the minimum of 5, even though half failed.
        assert!(feed(&mut b, &[(1.0, false), (2.0, false), (3.0, true), (4.0, true)]).is_empty());
        assert_eq!(b.current_rates(s(4.0)), None);
        // The fifth: 3 failures of 5 = 60 % ≥ 50 %.
        let t = feed(&mut b, &[(5.0, true)]);
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].at, t[0].from, t[0].to), (s(5.0), Closed, Open));
        assert_eq!(t[0].cause.to_string(), "failure rate 60% ≥ 50% over last 5 calls");
        assert_eq!(b.open_until(), Some(s(15.0)));
    }

    #[test]
    fn exactly_at_the_threshold_opens_just_below_does_not() {
        let mut b = Breaker::new(&BreakerSpec { minimum_calls: 10, ..spec() }, SimTime::ZERO);
        // S F F F F S S S S S: 4 failures of 10 = 40 % < 50 %.
        let pattern: Vec<(f64, bool)> = (0..10).map(|i| (f64::from(i), (1..=4).contains(&i))).collect();
        assert!(feed(&mut b, &pattern).is_empty());
        assert_eq!(b.current_rates(s(9.0)).map(|r| r.failure_pct), Some(40.0));
        // The 11th, a failure, evicts the first (a success): 5 of 10 = 50 % ≥ 50 %.
        let t = feed(&mut b, &[(10.0, true)]);
        assert_eq!(t[0].cause.to_string(), "failure rate 50% ≥ 50% over last 10 calls");
        assert_eq!(t[0].at, s(10.0));
    }

    #[test]
    fn minimum_calls_is_capped_at_the_count_window_size() {
        let mut b =
            Breaker::new(&BreakerSpec { window: Window::Count(4), minimum_calls: 100, ..spec() }, SimTime::ZERO);
        let t = feed(&mut b, &[(1.0, true), (2.0, true), (3.0, false), (4.0, false)]);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].at, s(4.0));
        assert_eq!(b.minimum_calls(), 4);
    }

    #[test]
    fn open_refuses_until_strictly_after_open_for_then_permits_exactly_the_probes() {
        let mut b = Breaker::new(&spec(), SimTime::ZERO);
        feed(&mut b, &[(0.0, true), (0.0, true), (0.0, true), (0.0, true), (0.0, true)]);
        assert_eq!(b.state(), Open);
        assert_eq!(b.try_acquire(s(5.0)), (false, None));
        // Resilience4j: `clock.instant().isAfter(retryAfterWaitDuration)` — not at 10 s exactly.
        assert_eq!(b.try_acquire(s(10.0)), (false, None));
        let (permitted, t) = b.try_acquire(SimTime(s(10.0).0 + 1));
        assert!(permitted);
        let t = t.expect("half-opens");
        assert_eq!((t.from, t.to, t.at), (Open, HalfOpen, SimTime(10_000_000_001)));
        assert_eq!(t.cause.to_string(), "open for 10s elapsed; permitting 3 probe calls");
        assert!(b.try_acquire(s(10.1)).0);
        assert!(b.try_acquire(s(10.2)).0);
        assert_eq!(b.try_acquire(s(10.3)), (false, None), "a fourth probe is refused");
        assert_eq!(b.calls_not_permitted(), 3);
        assert_eq!(b.open_time(s(11.0)), SimDuration(10_000_000_001));
    }

    fn open_then_half_open(b: &mut Breaker) {
        feed(b, &[(0.0, true), (0.0, true), (0.0, true), (0.0, true), (0.0, true)]);
        assert_eq!(b.try_acquire(s(11.0)).1.map(|t| t.to), Some(HalfOpen));
    }

    #[test]
    fn half_open_closes_when_the_probes_are_below_the_thresholds() {
        let mut b = Breaker::new(&spec(), SimTime::ZERO);
        open_then_half_open(&mut b);
        // The first permit was taken by the call that half-opened it; two more probes.
        assert!(b.try_acquire(s(11.0)).0 && b.try_acquire(s(11.0)).0);
        assert_eq!(b.record(s(11.1), FAST, true), None);
        assert_eq!(b.record(s(11.2), FAST, false), None);
        match b.record(s(11.3), FAST, false) {
            Some(Notice::Transition(t)) => {
                assert_eq!((t.at, t.from, t.to), (s(11.3), HalfOpen, Closed));
                assert_eq!(
                    t.cause.to_string(),
                    "failure rate 33.3% < 50% and slow-call rate 0% < 100% over 3 probe calls"
                );
            }
            other => panic!("{other:?}"),
        }
        // Closed again with a fresh window: no rates yet.
        assert_eq!(b.current_rates(s(12.0)), None);
        assert_eq!(b.transitions().iter().map(|t| t.to).collect::<Vec<_>>(), [Open, HalfOpen, Closed]);
    }

    #[test]
    fn half_open_reopens_when_the_probes_fail() {
        let mut b = Breaker::new(&spec(), SimTime::ZERO);
        open_then_half_open(&mut b);
        b.record(s(11.1), FAST, true);
        b.record(s(11.2), FAST, false);
        match b.record(s(11.5), FAST, true) {
            Some(Notice::Transition(t)) => {
                assert_eq!((t.at, t.from, t.to), (s(11.5), HalfOpen, Open));
                assert_eq!(t.cause.to_string(), "failure rate 66.7% ≥ 50% over 3 probe calls");
            }
            other => panic!("{other:?}"),
        }
        // A new open period starts at 11.5 s.
        assert_eq!(b.open_until(), Some(s(21.5)));
        assert_eq!(b.open_time(s(30.0)), SimDuration::from_secs_f64(11.0 + 18.5));
    }

    #[test]
    fn half_open_evaluates_after_min_of_minimum_calls_and_probes() {
        // minimum_calls 2 < half_open_calls 3: Resilience4j decides after two probes.
        let mut b = Breaker::new(&BreakerSpec { minimum_calls: 2, window: Window::Count(2), ..spec() }, SimTime::ZERO);
        feed(&mut b, &[(0.0, true), (0.0, true)]);
        assert_eq!(b.state(), Open);
        assert!(b.try_acquire(s(10.5)).0);
        assert_eq!(b.record(s(10.6), FAST, false), None);
        assert!(matches!(b.record(s(10.7), FAST, false), Some(Notice::Transition(t)) if t.to == Closed));
    }

    #[test]
    fn slow_calls_count_when_longer_than_the_threshold_even_if_successful() {
        let spec = BreakerSpec { slow_call_rate: 0.6, ..spec() };
        let mut b = Breaker::new(&spec, SimTime::ZERO);
        let limit = spec.slow_call_duration;
        for (i, d) in [limit, limit, SimDuration(limit.0 + 1), SimDuration(limit.0 + 1)].iter().enumerate() {
            assert!(b.try_acquire(s(i as f64)).0);
            assert_eq!(b.record(s(i as f64), *d, false), None);
        }
        // 2 of 4 slow (exactly 500 ms is not slow); the fifth, slow, makes 3 of 5 = 60 %.
        assert!(b.try_acquire(s(4.0)).0);
        match b.record(s(4.0), SimDuration::from_secs(1), false) {
            Some(Notice::Transition(t)) => {
                assert_eq!(t.to, Open);
                assert_eq!(t.cause.to_string(), "slow-call rate 60% ≥ 60% over last 5 calls");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn time_window_aggregates_whole_seconds_and_evicts_them() {
        let spec = BreakerSpec { window: Window::Time(SimDuration::from_secs(3)), minimum_calls: 4, ..spec() };
        let mut b = Breaker::new(&spec, SimTime::ZERO);
        // Seconds 0, 1, 2: one failure each, and one success in second 0.
        feed(&mut b, &[(0.2, false), (0.5, true), (1.5, true)]);
        assert_eq!(b.counts(s(1.9)), Counts { calls: 3, failed: 2, slow: 0 });
        // At 3.0 s the window is seconds 1, 2, 3: second 0 (1 success, 1 failure) is gone.
        assert_eq!(b.counts(s(3.0)), Counts { calls: 1, failed: 1, slow: 0 });
        let t = feed(&mut b, &[(3.1, false), (3.2, false)]);
        assert!(t.is_empty(), "3 calls in the window: below the minimum of 4");
        // 4 calls, 1 failure (25 %); 5 calls, 2 failures (40 %); 6 calls, 3 failures (50 %).
        assert!(feed(&mut b, &[(3.3, false), (3.4, true)]).is_empty());
        let t = feed(&mut b, &[(3.5, true)]);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].at, s(3.5));
        assert_eq!(t[0].cause.to_string(), "failure rate 50% ≥ 50% over the last 3 s (6 calls)");
    }

    #[test]
    fn a_long_gap_empties_a_time_window() {
        let spec = BreakerSpec { window: Window::Time(SimDuration::from_secs(2)), minimum_calls: 2, ..spec() };
        let mut b = Breaker::new(&spec, SimTime::ZERO);
        feed(&mut b, &[(0.1, true)]);
        // Long after, the old failure has left the window: 1 call, no failure (had it
        // stayed, 1 failure of 2 = 50 % would open the breaker).
        assert!(feed(&mut b, &[(5000.0, false)]).is_empty());
        assert_eq!(b.counts(s(5000.0)), Counts { calls: 1, failed: 0, slow: 0 });
    }

    #[test]
    fn forced_states_and_metrics_only() {
        let mut b = Breaker::new(&spec(), SimTime::ZERO);
        let t = b.transition_to(s(1.0), ForcedOpen).expect("a transition");
        assert_eq!((t.from, t.to, t.cause), (Closed, ForcedOpen, Cause::Command));
        assert_eq!(b.try_acquire(s(100.0)), (false, None), "forced open never half-opens");
        b.transition_to(s(2.0), Disabled);
        for i in 0..20 {
            assert!(b.try_acquire(s(3.0)).0);
            assert_eq!(b.record(s(3.0), FAST, i % 2 == 0), None);
        }
        assert_eq!(b.counts(s(3.0)).calls, 0, "disabled records nothing");
        b.transition_to(s(4.0), MetricsOnly);
        let mut notices = Vec::new();
        for _ in 0..10 {
            assert!(b.try_acquire(s(5.0)).0);
            notices.extend(b.record(s(5.0), FAST, true));
        }
        assert_eq!(notices.len(), 1, "metrics-only reports once: {notices:?}");
        assert!(matches!(notices[0], Notice::WouldOpen(r) if r.calls == 5));
        assert_eq!(b.state(), MetricsOnly);
        assert_eq!(b.open_time(s(10.0)), SimDuration::from_secs(1));
        assert_eq!(b.calls_not_permitted(), 1);
        // Entering the same state again resets it without a recorded transition.
        let before = b.transitions_total();
        assert_eq!(b.transition_to(s(6.0), MetricsOnly), None);
        assert_eq!((b.transitions_total(), b.counts(s(6.0)).calls), (before, 0));
    }

    #[test]
    fn automatic_transition_fires_at_exactly_open_for() {
        let mut b = Breaker::new(&BreakerSpec { automatic_transition: true, ..spec() }, SimTime::ZERO);
        feed(&mut b, &[(2.0, true), (2.0, true), (2.0, true), (2.0, true), (2.0, true)]);
        assert_eq!(b.wake_at(), Some(s(12.0)));
        let generation = b.generation();
        assert_eq!(b.on_wake(s(11.0)), None);
        let t = b.on_wake(s(12.0)).expect("half-opens");
        assert_eq!((t.at, t.to), (s(12.0), HalfOpen));
        assert_ne!(b.generation(), generation);
        assert_eq!(b.wake_at(), None);
    }

    #[test]
    fn classification_follows_the_failure_classes() {
        let b = Breaker::new(&spec(), SimTime::ZERO);
        assert_eq!(b.classify(None), Verdict::Success);
        assert_eq!(b.classify(Some(ErrorClass::Transient)), Verdict::Failure);
        assert_eq!(b.classify(Some(ErrorClass::Timeout)), Verdict::Failure);
        assert_eq!(b.classify(Some(ErrorClass::Business)), Verdict::Success);
        assert_eq!(b.classify(Some(ErrorClass::BulkheadFull)), Verdict::Ignored);
        let with_bulkhead =
            BreakerSpec { failure_classes: vec![ErrorClass::Transient, ErrorClass::BulkheadFull], ..spec() };
        let b = Breaker::new(&with_bulkhead, SimTime::ZERO);
        assert_eq!(b.classify(Some(ErrorClass::BulkheadFull)), Verdict::Failure);
        assert_eq!(b.classify(Some(ErrorClass::Timeout)), Verdict::Success);
    }

    #[test]
    fn an_ignored_probe_gives_its_permit_back() {
        let mut b = Breaker::new(&spec(), SimTime::ZERO);
        open_then_half_open(&mut b);
        assert!(b.try_acquire(s(11.0)).0 && b.try_acquire(s(11.0)).0);
        assert!(!b.try_acquire(s(11.0)).0);
        b.release();
        assert_eq!(b.half_open_permits(), 1);
        assert!(b.try_acquire(s(11.0)).0);
    }

    #[test]
    fn transition_history_is_bounded() {
        let mut b = Breaker::new(&spec(), SimTime::ZERO);
        for i in 0..(TRANSITION_HISTORY as u64 + 10) {
            b.transition_to(SimTime(i), if i % 2 == 0 { ForcedOpen } else { Closed });
        }
        assert_eq!(b.transitions().len(), TRANSITION_HISTORY);
        assert_eq!(b.transitions_total(), TRANSITION_HISTORY as u64 + 10);
        assert_eq!(b.transitions().back().map(|t| t.at), Some(SimTime(TRANSITION_HISTORY as u64 + 9)));
    }
}
