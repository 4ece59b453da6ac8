//! Histories the live status keeps only the tail of: every breaker's transitions (with
//! their reasons) and every alert's firing episodes, as the engine keeps them (bounded
//! there: 256 transitions per breaker, 1,000 episodes per rule). The breakers panel draws
//! state bands from them and the plots draw markers; rebuilt only when something changed.
//! Also each breaker's sliding window as it stands (small, rebuilt with every snapshot).

use crate::engine::Simulation;
use crate::engine::policy::{BreakerState, WindowCells};
use crate::engine::status::{AlertFiring, TransitionStatus};

/// One breaker transition, with its reason in numbers: the status's own type.
pub type BreakerMark = TransitionStatus;
/// One firing of an alert rule: the status's own type.
pub type AlertEpisodeMark = AlertFiring;

/// A breaker's transitions, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakerTimeline {
    /// "CALLER:SERVICE".
    pub name: String,
    pub transitions: Vec<BreakerMark>,
    /// Older transitions the engine no longer keeps.
    pub evicted: u64,
}

impl BreakerTimeline {
    /// The state at the start of the kept history (before its first transition).
    pub fn initial_state(&self) -> BreakerState {
        self.transitions.first().map_or(BreakerState::Closed, |t| t.from)
    }
}

/// An alert rule's firing episodes, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertTimeline {
    pub name: String,
    /// The component the rule watches.
    pub subject: String,
    pub episodes: Vec<AlertEpisodeMark>,
    pub evicted: u64,
}

/// Every breaker's and alert's history.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timelines {
    pub breakers: Vec<BreakerTimeline>,
    pub alerts: Vec<AlertTimeline>,
}

impl Timelines {
    /// A number that changes whenever a transition or an episode is added or resolved
    /// (cheap: no allocation), so the runner rebuilds only then.
    pub fn change_key(sim: &Simulation) -> u64 {
        let transitions: u64 = sim.breakers().map(|(_, b)| b.transitions_total()).sum();
        let episodes: u64 = sim
            .alerts()
            .iter()
            .map(|a| {
                let resolved = a.history().back().is_some_and(|e| e.resolved_at.is_some());
                2 * (a.history().len() as u64 + a.evicted()) + u64::from(resolved)
            })
            .sum();
        transitions.wrapping_mul(1_000_003).wrapping_add(episodes)
    }

    pub fn of(sim: &Simulation) -> Timelines {
        let breakers = sim
            .breakers()
            .map(|(name, b)| BreakerTimeline {
                name,
                transitions: b.transitions().iter().map(TransitionStatus::from).collect(),
                evicted: b.transitions_total().saturating_sub(b.transitions().len() as u64),
            })
            .collect();
        let alerts = sim
            .alerts()
            .iter()
            .map(|a| AlertTimeline {
                name: a.name.clone(),
                subject: a.subject.clone(),
                episodes: a
                    .history()
                    .iter()
                    .map(|e| AlertEpisodeMark { fired_at: e.fired_at, resolved_at: e.resolved_at })
                    .collect(),
                evicted: a.evicted(),
            })
            .collect();
        Timelines { breakers, alerts }
    }

    pub fn breaker(&self, name: &str) -> Option<&BreakerTimeline> {
        self.breakers.iter().find(|b| b.name == name)
    }

    pub fn alert(&self, name: &str) -> Option<&AlertTimeline> {
        self.alerts.iter().find(|a| a.name == name)
    }
}

/// A breaker's sliding window now.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakerWindow {
    /// "CALLER:SERVICE".
    pub name: String,
    pub cells: WindowCells,
}

/// Every breaker's window at `sim`'s current time.
pub fn breaker_windows(sim: &Simulation) -> Vec<BreakerWindow> {
    let now = sim.now();
    sim.breakers().map(|(name, b)| BreakerWindow { name, cells: b.window_cells(now) }).collect()
}
