//! Where it started and how far it spread: the order in which components left Ok in the
//! current incident, read back from what the snapshot keeps — the metrics history (one
//! row per sample interval), each service replica's and consumer instance's up/down
//! timeline, the breakers' transitions and the alerts' firings.
//!
//! **The health over time** replays the dashboard's rules (`ui::health`) on what the
//! history keeps, row by row; a row's level holds from the end of its interval (when the
//! dashboard first shows it) to the end of the next:
//! - a topic: its backlog over its capacity (degraded from 50 %, failing from 90 %);
//! - a consumer group: its failed attempts over finished attempts in the interval
//!   (degraded from 5 %, failing from 50 %) and its lag over its topic's capacity
//!   (degraded from 50 %); and, at the exact instants of its up/down timeline, some of its
//!   instances down (degraded) or all (failing);
//! - a service: its errors over its calls in the interval (the same thresholds); at the
//!   exact instants of its timeline, some replicas down (degraded) or all (failing); and
//!   degraded while a Slow or ErrorRate fault is on it or one of its replicas, from the
//!   scenario's schedule (exact) or, for a fault injected from the window, while the
//!   status lists it.
//!
//! What the live colour adds from the instant's status only (a service's queue, a group
//! rebalancing) is not in the history and not replayed here.
//!
//! **An incident** starts when the first component leaves Ok and ends when every
//! component has been Ok for [`QUIET_S`] seconds (shorter calm spells belong to it); the
//! current incident is the last one started. Its components are listed in the order they
//! first left Ok in it: the first is the origin. Ties (the same instant) go downstream
//! first — services, then topics, then groups — as a failure travels from callee to
//! caller, then in declaration order.
//!
//! **A breaker stopped the spread** when it opened in the incident while its callee was
//! not Ok, and the topics feeding its caller stayed Ok from its first opening in the
//! incident to the incident's end (or now). The topics feeding a caller are a group's
//! topic, and for a service the topics of every group that calls it, directly or through
//! other services. Not the caller itself: a refused call fails the caller's attempt, so
//! the caller (and a service's callers, the error travelling back up the chain) cannot
//! stay Ok — that fast failure is the price the breaker is there to charge. What it
//! prevents is a slow callee tying up the caller's workers until the backlog grows in the
//! topic upstream (lesson 4 without its breaker). A caller fed by no topic (a client, or
//! a service only clients call) is not judged, so not marked.

use super::health::{FULLNESS_DEGRADED, failure_level, fullness_level};
use super::snapshot::Snapshot;
use super::theme::Health;
use crate::engine::BreakerState;
use crate::scenario::FaultKind;
use std::sync::Arc;

/// Seconds every component must stay Ok for an incident to be over.
pub const QUIET_S: f64 = 10.0;

/// What a component is; the order breaks ties downstream first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Service,
    Topic,
    Group,
}

/// A stretch of time a component spent at one level other than Ok.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    pub from_s: f64,
    /// The end, or `None` while it lasts.
    pub to_s: Option<f64>,
    pub level: Health,
}

/// A component the incident reached.
#[derive(Clone, Debug, PartialEq)]
pub struct Affected {
    pub name: String,
    pub kind: Kind,
    /// When it first left Ok in the incident, and to which level.
    pub first_s: f64,
    pub first_level: Health,
    /// Its spans of Degraded and Failing in the incident, in order.
    pub spans: Vec<Span>,
}

/// A breaker opening in the incident.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakerOpen {
    pub caller: String,
    pub service: String,
    pub at_s: f64,
    /// Its callee was not Ok when it opened and the topics feeding its caller stayed Ok
    /// from the breaker's first opening in the incident on.
    pub stopped: bool,
    /// The topics feeding its caller, those judged for `stopped`.
    pub upstream: Vec<String>,
}

/// An alert rule firing in the incident.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertFired {
    pub name: String,
    /// The component it watches.
    pub subject: String,
    pub at_s: f64,
}

/// The current incident.
#[derive(Clone, Debug, PartialEq)]
pub struct Cascade {
    pub from_s: f64,
    /// When every component was Ok again, once they have stayed so for [`QUIET_S`];
    /// `None` while it goes on.
    pub to_s: Option<f64>,
    /// In the order they left Ok: the first is the origin.
    pub affected: Vec<Affected>,
    pub opens: Vec<BreakerOpen>,
    /// Alert firings in the incident, in order.
    pub alerts: Vec<AlertFired>,
}

impl Cascade {
    /// The place (from 1) of the component named `name` in the order, if affected.
    pub fn place(&self, kind: Kind, name: &str) -> Option<usize> {
        self.affected.iter().position(|a| a.kind == kind && a.name == name).map(|i| i + 1)
    }

    /// Whether the breaker of `caller` on `service` stopped the spread.
    pub fn stopped_by(&self, caller: &str, service: &str) -> bool {
        self.first_stop(caller, service).is_some()
    }

    /// The first opening of the breaker of `caller` on `service` that stopped the spread.
    pub fn first_stop(&self, caller: &str, service: &str) -> Option<&BreakerOpen> {
        self.opens.iter().find(|o| o.stopped && o.caller == caller && o.service == service)
    }
}

/// A component's level over time: from each instant on, until the next.
type Steps = Vec<(f64, Health)>;

/// The level of each row, from the columns `keys` of the history, by `level`.
fn row_steps(s: &Snapshot, keys: &[String], level: impl Fn(&[f32]) -> Health) -> Steps {
    let columns: Vec<usize> = keys.iter().filter_map(|k| s.history.column_index(k)).collect();
    if columns.len() != keys.len() {
        return Vec::new();
    }
    let mut iters: Vec<_> = columns.iter().map(|&c| s.history.column_points(c)).collect();
    let mut values = vec![0.0f32; columns.len()];
    let mut out = Vec::new();
    loop {
        let mut time = None;
        for (v, it) in values.iter_mut().zip(iters.iter_mut()) {
            let Some((t, x)) = it.next() else { return out };
            *v = x;
            time = Some(t);
        }
        let Some(t) = time else { return out };
        out.push((t, level(&values)));
    }
}

/// The level from the up/down timelines of `units` (the replicas of a service, the
/// instances of a group): some down, degraded; all, failing.
fn unit_steps(s: &Snapshot, units: &[&str]) -> Steps {
    let mut changes: Vec<(f64, usize, bool)> = Vec::new();
    let mut known = 0;
    for (u, name) in units.iter().enumerate() {
        if let Some(a) = s.status.availability.iter().find(|a| a.component == *name) {
            known += 1;
            changes.extend(a.timeline.iter().map(|t| (t.at.as_secs_f64(), u, t.up)));
        }
    }
    changes.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut down = vec![false; units.len()];
    let mut out = Vec::new();
    let mut i = 0;
    while i < changes.len() {
        let t = changes[i].0;
        while i < changes.len() && changes[i].0 == t {
            down[changes[i].1] = !changes[i].2;
            i += 1;
        }
        let n = down.iter().filter(|d| **d).count();
        let level = if n == 0 {
            Health::Ok
        } else if n >= known {
            Health::Failing
        } else {
            Health::Degraded
        };
        out.push((t, level));
    }
    out
}

/// Degraded while a Slow or ErrorRate fault is on service `name` or one of its
/// `replicas`: the scenario's scheduled faults that have started by now, and the faults
/// the status lists in effect (those injected from the window).
fn fault_steps(s: &Snapshot, name: &str, replicas: &[&str]) -> Steps {
    let now = s.now.as_secs_f64();
    let hits = |target: &str| target == name || replicas.contains(&target);
    let mut changes: Vec<(f64, i32)> = Vec::new();
    for f in &s.scenario.faults {
        let degrading = matches!(f.kind, FaultKind::Slow { .. } | FaultKind::ErrorRate(_));
        let at = f.at.as_secs_f64();
        if degrading && hits(&f.target) && at <= now {
            changes.push((at, 1));
            let end = at + f.duration.as_secs_f64();
            if end <= now {
                changes.push((end, -1));
            }
        }
    }
    for f in s.status.faults.iter().filter(|f| f.from_command && hits(&f.target)) {
        if f.kind.starts_with("slow") || f.kind.starts_with("error rate") {
            changes.push((f.since.as_secs_f64(), 1));
        }
    }
    changes.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut out: Steps = Vec::new();
    let mut on = 0;
    for (t, d) in changes {
        on += d;
        let level = if on > 0 { Health::Degraded } else { Health::Ok };
        match out.last_mut() {
            Some((x, l)) if *x == t => *l = level,
            _ => out.push((t, level)),
        }
    }
    out
}

/// The worse of two step functions at every instant.
fn worse(a: &Steps, b: &Steps) -> Steps {
    let mut times: Vec<f64> = a.iter().chain(b).map(|(t, _)| *t).collect();
    times.sort_by(f64::total_cmp);
    times.dedup();
    let at = |steps: &Steps, t: f64| {
        let i = steps.partition_point(|(x, _)| *x <= t);
        if i == 0 { Health::Ok } else { steps[i - 1].1 }
    };
    let mut out: Steps = Vec::new();
    for t in times {
        let level = at(a, t).max(at(b, t));
        if out.last().is_none_or(|(_, l)| *l != level) {
            out.push((t, level));
        }
    }
    out
}

/// Each component's steps, in declaration order within its kind.
fn components(s: &Snapshot) -> Vec<(Kind, String, Steps)> {
    let st = &s.status;
    let mut out = Vec::new();
    for t in st.topics.iter().filter(|t| !t.is_dead_letter_target) {
        let capacity = t.capacity.max(1) as f64;
        let steps =
            row_steps(s, &[format!("topic.{}.backlog", t.name)], |v| fullness_level(f64::from(v[0]) / capacity));
        out.push((Kind::Topic, t.name.clone(), steps));
    }
    for g in &st.groups {
        let capacity = st.topics.iter().find(|t| t.name == g.topic).map_or(1, |t| t.capacity.max(1)) as f64;
        let keys = [format!("group.{}.failure_rate", g.name), format!("group.{}.lag", g.name)];
        let rows = row_steps(s, &keys, |v| {
            let lag = if f64::from(v[1]) / capacity >= FULLNESS_DEGRADED { Health::Degraded } else { Health::Ok };
            failure_level(v[0]).max(lag)
        });
        let units: Vec<&str> = g.instances.iter().map(|i| i.name.as_str()).collect();
        out.push((Kind::Group, g.name.clone(), worse(&rows, &unit_steps(s, &units))));
    }
    for v in &st.services {
        let keys = [format!("service.{}.calls", v.name), format!("service.{}.errors", v.name)];
        let rows = row_steps(s, &keys, |x| if x[0] > 0.0 { failure_level(x[1] / x[0]) } else { Health::Ok });
        let units: Vec<&str> = v.replicas.iter().map(|r| r.name.as_str()).collect();
        let faults = fault_steps(s, &v.name, &units);
        out.push((Kind::Service, v.name.clone(), worse(&worse(&rows, &unit_steps(s, &units)), &faults)));
    }
    out
}

/// The spans of `steps` other than Ok that overlap [from, to] (open at `to` = None),
/// clipped to it.
fn spans(steps: &Steps, from: f64, to: Option<f64>) -> Vec<Span> {
    let mut out = Vec::new();
    for (i, &(t, level)) in steps.iter().enumerate() {
        if level == Health::Ok {
            continue;
        }
        let end = steps.get(i + 1).map(|(x, _)| *x);
        if end.is_some_and(|e| e <= from) || to.is_some_and(|to| t >= to) {
            continue;
        }
        let clipped_end = match (end, to) {
            (Some(e), Some(to)) => Some(e.min(to)),
            (Some(e), None) => Some(e),
            (None, to) => to,
        };
        out.push(Span { from_s: t.max(from), to_s: clipped_end, level });
    }
    out
}

/// The current incident, if any component has left Ok so far.
pub fn derive(s: &Snapshot) -> Option<Cascade> {
    let all = components(s);
    let now = s.now.as_secs_f64();
    // Instants at which some component enters or leaves Ok, and by how much the count of
    // components not Ok changes then.
    let mut edges: Vec<(f64, i32)> = Vec::new();
    for (_, _, steps) in &all {
        let mut was = Health::Ok;
        for &(t, level) in steps {
            match (was == Health::Ok, level == Health::Ok) {
                (true, false) => edges.push((t, 1)),
                (false, true) => edges.push((t, -1)),
                _ => {}
            }
            was = level;
        }
    }
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let (mut from, mut calm_since): (Option<f64>, Option<f64>) = (None, None);
    let mut last: Option<(f64, Option<f64>)> = None;
    let mut count = 0;
    for (t, d) in edges {
        if let Some(c) = calm_since
            && t - c >= QUIET_S
            && let Some(f) = from
        {
            last = Some((f, Some(c)));
            from = None;
        }
        if count == 0 && d > 0 {
            if from.is_none() {
                from = Some(t);
            }
            calm_since = None;
        }
        count += d;
        if count == 0 {
            calm_since = Some(t);
        }
    }
    if let Some(f) = from {
        let ended = calm_since.filter(|c| now - c >= QUIET_S);
        last = Some((f, ended));
    }
    let (from, to) = last?;
    let mut affected: Vec<(usize, Affected)> = all
        .iter()
        .enumerate()
        .filter_map(|(i, (kind, name, steps))| {
            let spans = spans(steps, from, to);
            let first = *spans.first()?;
            let a =
                Affected { name: name.clone(), kind: *kind, first_s: first.from_s, first_level: first.level, spans };
            Some((i, a))
        })
        .collect();
    affected.sort_by(|(i, a), (j, b)| a.first_s.total_cmp(&b.first_s).then(a.kind.cmp(&b.kind)).then(i.cmp(j)));
    let level_at = |name: &str, t: f64| {
        all.iter().filter(|(_, n, _)| n == name).fold(Health::Ok, |worst, (_, _, steps)| {
            let i = steps.partition_point(|(x, _)| *x <= t);
            worst.max(if i == 0 { Health::Ok } else { steps[i - 1].1 })
        })
    };
    let mut opens = Vec::new();
    for b in &s.timelines.breakers {
        let Some((caller, service)) = b.name.split_once(':') else { continue };
        let at: Vec<f64> = b
            .transitions
            .iter()
            .filter(|t| t.to == BreakerState::Open)
            .map(|t| t.at.as_secs_f64())
            .filter(|&at| at >= from && to.is_none_or(|to| at <= to))
            .collect();
        let Some(&first) = at.first() else { continue };
        let upstream = feeding_topics(s, caller);
        let upstream_steps: Vec<&Steps> =
            all.iter().filter(|(k, n, _)| *k == Kind::Topic && upstream.contains(n)).map(|(_, _, x)| x).collect();
        let upstream_held = upstream_held(&upstream_steps, first, to);
        for at in at {
            let stopped = upstream_held && level_at(service, at) != Health::Ok;
            opens.push(BreakerOpen {
                caller: caller.to_string(),
                service: service.to_string(),
                at_s: at,
                stopped,
                upstream: upstream.clone(),
            });
        }
    }
    opens.sort_by(|a, b| a.at_s.total_cmp(&b.at_s));
    let mut alerts: Vec<AlertFired> = Vec::new();
    for a in &s.timelines.alerts {
        for e in &a.episodes {
            let at = e.fired_at.as_secs_f64();
            if at >= from && to.is_none_or(|to| at <= to) {
                alerts.push(AlertFired { name: a.name.clone(), subject: a.subject.clone(), at_s: at });
            }
        }
    }
    alerts.sort_by(|a, b| a.at_s.total_cmp(&b.at_s));
    let affected = affected.into_iter().map(|(_, a)| a).collect();
    Some(Cascade { from_s: from, to_s: to, affected, opens, alerts })
}

/// Whether the components upstream of a breaker's caller, `upstream` (their steps), all
/// stayed Ok from its first opening `first` to the incident's end `to` (or now). None
/// judged (a caller no topic feeds): no, as nothing shows the spread was stopped.
fn upstream_held(upstream: &[&Steps], first: f64, to: Option<f64>) -> bool {
    !upstream.is_empty() && upstream.iter().all(|steps| spans(steps, first, to).is_empty())
}

/// The topics that feed `caller`: a group's own topic; for a service, the topics of the
/// groups that call it, directly or through other services (declared in the scenario or
/// seen on a call edge). Sorted, without repeats.
fn feeding_topics(s: &Snapshot, caller: &str) -> Vec<String> {
    // Who calls whom: the scenario's declarations and the call edges seen so far.
    let mut calls: Vec<(&str, &str)> = Vec::new();
    for g in &s.scenario.consumers {
        calls.extend(g.handler.calls.iter().map(|c| (g.name.as_str(), c.as_str())));
    }
    for v in &s.scenario.services {
        calls.extend(v.calls.iter().map(|c| (v.name.as_str(), c.as_str())));
    }
    calls.extend(s.status.call_edges.iter().map(|e| (e.caller.as_str(), e.service.as_str())));
    let mut topics: Vec<String> = Vec::new();
    // Walk up the calls from `caller`; `seen` bounds the walk on a cycle.
    let mut seen: Vec<&str> = vec![caller];
    let mut todo: Vec<&str> = vec![caller];
    while let Some(name) = todo.pop() {
        if let Some(g) = s.status.groups.iter().find(|g| g.name == name) {
            topics.push(g.topic.clone());
        }
        for &(who, callee) in &calls {
            if callee == name && !seen.contains(&who) {
                seen.push(who);
                todo.push(who);
            }
        }
    }
    topics.sort();
    topics.dedup();
    topics
}

/// The current incident of `s`, derived once per sample interval and kept in the
/// context's memory (the graph and the cascade tab both read it every frame).
pub fn current(ctx: &egui::Context, s: &Snapshot) -> Arc<Option<Cascade>> {
    let transitions: usize = s.status.availability.iter().map(|a| a.timeline.len()).sum::<usize>()
        + s.timelines.breakers.iter().map(|b| b.transitions.len()).sum::<usize>()
        + s.timelines.alerts.iter().map(|a| a.episodes.len()).sum::<usize>();
    let tick = s.now.0 / s.sample_every.0.max(1);
    let key = (s.generation, s.history.rows(), s.history.last_time_s().map(f64::to_bits), transitions, tick);
    let id = egui::Id::unique("cascade-current");
    if let Some((k, c)) = ctx.data(|d| d.get_temp::<(CacheKey, Arc<Option<Cascade>>)>(id))
        && k == key
    {
        return c;
    }
    let c = Arc::new(derive(s));
    ctx.data_mut(|d| d.insert_temp(id, (key, c.clone())));
    c
}

type CacheKey = (u64, usize, Option<u64>, usize, u64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worse_of_two_levels_at_every_instant() {
        // Rows: failing in the interval ending at 6 s, ok again at 8 s; a replica down
        // from 5.5 s to 7 s (degraded).
        let rows: Steps = vec![(5.0, Health::Ok), (6.0, Health::Failing), (7.0, Health::Failing), (8.0, Health::Ok)];
        let units: Steps = vec![(5.5, Health::Degraded), (7.0, Health::Ok)];
        let both = worse(&rows, &units);
        assert_eq!(both, vec![(5.0, Health::Ok), (5.5, Health::Degraded), (6.0, Health::Failing), (8.0, Health::Ok)]);
        // The spans in an incident from 5.5 s to 10 s; clipped at its start.
        let s = spans(&both, 5.75, Some(10.0));
        assert_eq!(
            s,
            vec![
                Span { from_s: 5.75, to_s: Some(6.0), level: Health::Degraded },
                Span { from_s: 6.0, to_s: Some(8.0), level: Health::Failing },
            ]
        );
        // Still failing now: the span is open.
        let open: Steps = vec![(6.0, Health::Failing)];
        assert_eq!(spans(&open, 0.0, None), vec![Span { from_s: 6.0, to_s: None, level: Health::Failing }]);
    }

    #[test]
    fn a_breaker_stopped_the_spread_only_if_the_topics_upstream_stayed_ok() {
        // Lesson 4 by hand: the breaker first opens at 17 s; the incident ends at 60 s.
        // The topic feeding its caller never left Ok (its backlog stayed under 50 % of
        // its capacity): the spread stopped at the caller.
        let ok: Steps = vec![(0.0, Health::Ok)];
        assert!(upstream_held(&[&ok], 17.0, Some(60.0)));
        assert!(upstream_held(&[&ok], 17.0, None), "going on, Ok so far");
        // A backlog over half the capacity in the interval ending at 12 s, drained by
        // 14 s: before the first opening, so the breaker, once open, still held it.
        let before: Steps = vec![(12.0, Health::Degraded), (14.0, Health::Ok)];
        assert!(upstream_held(&[&ok, &before], 17.0, Some(60.0)));
        // Opened too late: the backlog had grown at 12 s and was still over half at
        // 18 s, the first row after the opening at 17 s (the span 12 s … 19 s overlaps
        // 17 s … 60 s).
        let late: Steps = vec![(12.0, Health::Degraded), (19.0, Health::Ok)];
        assert!(!upstream_held(&[&ok, &late], 17.0, Some(60.0)), "one topic was not Ok after the opening");
        // The backlog grows after it opened (a breaker that opens, yet too few calls
        // are refused to free the workers), and it is still growing now.
        let after: Steps = vec![(30.0, Health::Degraded), (35.0, Health::Failing)];
        assert!(!upstream_held(&[&after], 17.0, None));
        // But one that degrades only after the incident ended is not this incident's.
        assert!(upstream_held(&[&after], 17.0, Some(25.0)));
        // No topic feeds the caller (a client's breaker): nothing shows a stop.
        assert!(!upstream_held(&[], 17.0, Some(60.0)));
    }
}
