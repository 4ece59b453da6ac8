//! Incidents: one per failure, with the phases of self-healing the source material
//! defines (self-healing time = detect + diagnose + recover).
//!
//! - **detected**: the first signal that something is wrong with the component — the
//!   broker evicting a silent consumer (heartbeat), a supervisor noticing a dead process,
//!   the controller failing a node's partitions over, a circuit breaker opening on it, or
//!   any alert *related* to it firing (an alert on the group that calls a service, on the
//!   topic a consumer reads, ...).
//! - **diagnosed**: the first signal that *names* the component — an alert whose subject
//!   is the component itself, or a breaker opening on it.
//! - **recovered**: the component serves again (restarted and rejoined, fault over,
//!   partitions failed over to a replica).
//!
//! The three reported spans are consecutive: detect = detected − start, diagnose =
//! diagnosed − detected, recover = recovered − (diagnosed, else detected, else start),
//! so they add up to the self-healing time recovered − start. A signal that comes after
//! recovery is not counted.
//!
//! **Fault-tolerance rate** (the source material's share of work done correctly while a
//! fault is active): over the incident's span [start, recovered) — up to now while it is
//! open — good / arrived, where `arrived` counts the deliveries that entered the system
//! in the span (messages created, plus the extra copies fan-out topics made) and `good`
//! the deliveries processed in the span within their group's latency objective
//! (`objectives.latency_p95`, as one message's bound), whenever they arrived. It is a
//! rate of flows over the same span, not a fate of the span's own messages: a backlog
//! from before that drains within the objective can lift it above 1, which is reported
//! as it is (the raw counts are given too); an incident in which nothing arrived has none.

use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Incidents kept; the oldest are evicted (and counted) beyond this.
pub const INCIDENT_CAPACITY: usize = 1_000;

/// Run-wide counts the fault-tolerance rate is taken from (see the module header).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkCount {
    /// Deliveries that entered the system (messages created plus fan-out copies).
    pub arrived: u64,
    /// Deliveries processed within their group's latency objective.
    pub good: u64,
}

/// An incident's fault-tolerance rate and the counts it comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FaultTolerance {
    pub arrived: u64,
    pub good: u64,
    /// good / arrived; `None` when nothing arrived.
    pub rate: Option<f64>,
}

/// One failure of one component.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub id: u64,
    /// The component's key ("payments/1", "broker/2", "payment-gateway").
    pub component: String,
    /// "crash", "disk_loss", "partition", "failure" (stochastic), "slow", "error_rate", "poison".
    pub kind: &'static str,
    pub at: SimTime,
    pub detected_at: Option<SimTime>,
    pub detected_by: Option<String>,
    pub diagnosed_at: Option<SimTime>,
    pub diagnosed_by: Option<String>,
    pub recovered_at: Option<SimTime>,
    /// A stateful instance's recovery: what it replayed and lost (`None`: stateless).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<StateRecovery>,
    /// The run's counts when it began and when it recovered.
    #[serde(default)]
    pub work_at_start: WorkCount,
    #[serde(default)]
    pub work_at_end: Option<WorkCount>,
    /// Alert rules (indices) whose firing detects this incident.
    related_alerts: Vec<u32>,
    /// Alert rules (indices) whose firing diagnoses it (their subject is the component).
    naming_alerts: Vec<u32>,
}

/// How a stateful instance recovered its state in one incident: the recovery time its
/// rebuild added (part of the RTO, recovered − at) and the data lost (the RPO).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StateRecovery {
    /// Events replayed from the log since the recovery point (snapshot or backup).
    pub replayed_events: u64,
    /// How long the replay took: replayed events / rebuild rate.
    pub rebuild_s: f64,
    /// Events the replay needed that the log had deleted (retention): a gap in the state.
    pub lost_by_retention: u64,
    /// The disk was lost (a `DiskLoss` fault): the state came from the last backup.
    pub disk_lost: bool,
    /// Restored from an off-host backup (false after a disk loss: no backup yet, the
    /// state started empty).
    pub from_backup: bool,
    /// Recovery point objective: events applied since the recovery point and lost.
    pub rpo_events: u64,
    /// ... and the time between the recovery point and the loss.
    pub rpo_s: f64,
}

/// The phases of one incident in seconds (`None` where that phase did not happen).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IncidentTimings {
    pub detect_s: Option<f64>,
    pub diagnose_s: Option<f64>,
    pub recover_s: Option<f64>,
    pub self_healing_s: Option<f64>,
}

impl Incident {
    pub fn is_open(&self) -> bool {
        self.recovered_at.is_none()
    }

    /// Its fault-tolerance rate, with `now` the run's counts at present (used while open).
    pub fn fault_tolerance(&self, now: WorkCount) -> FaultTolerance {
        let end = self.work_at_end.unwrap_or(now);
        let arrived = end.arrived.saturating_sub(self.work_at_start.arrived);
        let good = end.good.saturating_sub(self.work_at_start.good);
        FaultTolerance { arrived, good, rate: (arrived > 0).then(|| good as f64 / arrived as f64) }
    }

    pub fn timings(&self) -> IncidentTimings {
        let span = |from: SimTime, to: SimTime| (to - from).as_secs_f64();
        let detect_s = self.detected_at.map(|d| span(self.at, d));
        let diagnose_s = match (self.detected_at, self.diagnosed_at) {
            (Some(d), Some(g)) => Some(span(d, g)),
            _ => None,
        };
        let last_phase = self.diagnosed_at.or(self.detected_at).unwrap_or(self.at);
        IncidentTimings {
            detect_s,
            diagnose_s,
            recover_s: self.recovered_at.map(|r| span(last_phase, r)),
            self_healing_s: self.recovered_at.map(|r| span(self.at, r)),
        }
    }
}

/// Every incident of a run (bounded), by id.
#[derive(Clone, Debug, Default)]
pub struct Incidents {
    list: VecDeque<Incident>,
    next_id: u64,
    evicted: u64,
    /// The run's counts now, as last set (before an incident opens or recovers).
    work: WorkCount,
}

impl Incidents {
    /// The run's counts now: the next incident to open or recover takes them.
    pub fn set_work(&mut self, work: WorkCount) {
        self.work = work;
    }

    pub fn open(
        &mut self,
        component: String,
        kind: &'static str,
        at: SimTime,
        related_alerts: Vec<u32>,
        naming_alerts: Vec<u32>,
    ) -> u64 {
        if self.list.len() == INCIDENT_CAPACITY {
            self.list.pop_front();
            self.evicted += 1;
        }
        let id = self.next_id;
        self.next_id += 1;
        self.list.push_back(Incident {
            id,
            component,
            kind,
            at,
            detected_at: None,
            detected_by: None,
            diagnosed_at: None,
            diagnosed_by: None,
            recovered_at: None,
            state: None,
            work_at_start: self.work,
            work_at_end: None,
            related_alerts,
            naming_alerts,
        });
        id
    }

    fn get_mut(&mut self, id: u64) -> Option<&mut Incident> {
        let first = self.list.front()?.id;
        let index = usize::try_from(id.checked_sub(first)?).ok()?;
        self.list.get_mut(index)
    }

    /// Incident `id`'s state recovery, created empty on first use (nothing once recovered
    /// or evicted).
    pub fn state_mut(&mut self, id: u64) -> Option<&mut StateRecovery> {
        let i = self.get_mut(id)?;
        if !i.is_open() {
            return None;
        }
        Some(i.state.get_or_insert_with(StateRecovery::default))
    }

    /// The outage incident `id` opened at `at` turns out to be of `kind` (a crash that also
    /// lost the disk is a `disk_loss`); an older incident keeps the kind it began with.
    pub fn reclassify(&mut self, id: u64, at: SimTime, kind: &'static str) {
        if let Some(i) = self.get_mut(id)
            && i.at == at
        {
            i.kind = kind;
        }
    }

    /// First detection wins; ignored once recovered.
    pub fn detected(&mut self, id: u64, at: SimTime, by: &str) {
        if let Some(i) = self.get_mut(id)
            && i.is_open()
            && i.detected_at.is_none()
        {
            i.detected_at = Some(at);
            i.detected_by = Some(by.to_string());
        }
    }

    /// First diagnosis wins; a diagnosis is also a detection.
    pub fn diagnosed(&mut self, id: u64, at: SimTime, by: &str) {
        self.detected(id, at, by);
        if let Some(i) = self.get_mut(id)
            && i.is_open()
            && i.diagnosed_at.is_none()
        {
            i.diagnosed_at = Some(at);
            i.diagnosed_by = Some(by.to_string());
        }
    }

    pub fn recovered(&mut self, id: u64, at: SimTime) {
        let work = self.work;
        if let Some(i) = self.get_mut(id)
            && i.is_open()
        {
            i.recovered_at = Some(at);
            i.work_at_end = Some(work);
        }
    }

    /// Alert rule `alert` fired: it detects every open incident it relates to and
    /// diagnoses those it names.
    pub fn alert_fired(&mut self, alert: u32, name: &str, at: SimTime) {
        let by = format!("alert `{name}`");
        for i in self.list.iter_mut().filter(|i| i.is_open()) {
            if i.naming_alerts.contains(&alert) {
                if i.detected_at.is_none() {
                    i.detected_at = Some(at);
                    i.detected_by = Some(by.clone());
                }
                if i.diagnosed_at.is_none() {
                    i.diagnosed_at = Some(at);
                    i.diagnosed_by = Some(by.clone());
                }
            } else if i.related_alerts.contains(&alert) && i.detected_at.is_none() {
                i.detected_at = Some(at);
                i.detected_by = Some(by.clone());
            }
        }
    }

    /// A circuit breaker opened on `component` (the hook for the resilience policies:
    /// a breaker names the service it protects, so it both detects and diagnoses).
    pub fn breaker_opened(&mut self, component: &str, breaker: &str, at: SimTime) {
        let by = format!("circuit breaker `{breaker}` opened");
        let ids: Vec<u64> =
            self.list.iter().filter(|i| i.is_open() && i.component == component).map(|i| i.id).collect();
        for id in ids {
            self.diagnosed(id, at, &by);
        }
    }

    /// Incidents kept, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Incident> + ExactSizeIterator {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn evicted(&self) -> u64 {
        self.evicted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: u64) -> SimTime {
        SimTime(x * 1_000_000_000)
    }

    /// Crash at 10, heartbeat detection at 13, a related alert at 14 (already detected),
    /// an alert naming it at 15, back at 20, a late alert at 25 (ignored):
    /// detect 3 + diagnose 2 + recover 5 = self-healing 10.
    #[test]
    fn phases_add_up_to_self_healing_time() {
        let mut incidents = Incidents::default();
        let id = incidents.open("g/1".into(), "crash", s(10), vec![0], vec![1]);
        incidents.detected(id, s(13), "heartbeat");
        incidents.alert_fired(0, "lag", s(14));
        incidents.alert_fired(1, "g/1 down", s(15));
        incidents.recovered(id, s(20));
        incidents.alert_fired(1, "g/1 down", s(25));
        let i = incidents.iter().next().expect("one incident");
        assert_eq!(i.detected_by.as_deref(), Some("heartbeat"));
        assert_eq!(i.diagnosed_by.as_deref(), Some("alert `g/1 down`"));
        let t = i.timings();
        assert_eq!(
            (t.detect_s, t.diagnose_s, t.recover_s, t.self_healing_s),
            (Some(3.0), Some(2.0), Some(5.0), Some(10.0))
        );
    }

    /// A related alert detects but does not diagnose.
    #[test]
    fn a_related_alert_detects_only() {
        let mut incidents = Incidents::default();
        incidents.open("svc".into(), "error_rate", s(1), vec![0], vec![]);
        incidents.alert_fired(0, "failure rate", s(5));
        let i = incidents.iter().next().expect("one");
        assert_eq!((i.detected_at, i.diagnosed_at), (Some(s(5)), None));
    }

    #[test]
    fn an_undetected_incident_recovers_from_its_start() {
        let mut incidents = Incidents::default();
        let id = incidents.open("svc".into(), "slow", s(1), vec![], vec![]);
        incidents.recovered(id, s(4));
        let t = incidents.iter().next().expect("one").timings();
        assert_eq!((t.detect_s, t.diagnose_s, t.recover_s), (None, None, Some(3.0)));
    }

    #[test]
    fn bounded_with_stable_ids() {
        let mut incidents = Incidents::default();
        for k in 0..(INCIDENT_CAPACITY as u64 + 5) {
            incidents.open("x".into(), "failure", s(k), vec![], vec![]);
        }
        assert_eq!((incidents.len(), incidents.evicted()), (INCIDENT_CAPACITY, 5));
        incidents.recovered(3, s(9999)); // evicted: ignored
        incidents.recovered(7, s(9999));
        assert_eq!(incidents.iter().find(|i| i.id == 7).and_then(|i| i.recovered_at), Some(s(9999)));
    }
}
