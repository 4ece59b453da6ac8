//! Structures of units whose availability the report gives as numbers (see
//! `engine::uptime`): built once with the simulation, told of every change of a unit.

use super::*;
use crate::engine::uptime::{StructureOf, StructureStatus, UpCount};
use crate::scenario::{Expectation, Law};

impl Simulation {
    /// The structures of the scenario: every consumer group with `failures` (its configured
    /// instances), every service with replicas and `failures` (its replicas), and the
    /// structure of every `Serial` and `KOutOfN` law in `expect`. A law naming what is no
    /// unit (validation refuses it) is left out rather than reported wrong.
    pub(super) fn build_structures(&self) -> Vec<UpCount> {
        let mut found: Vec<(StructureOf, Vec<UnitId>)> = Vec::new();
        for (g, spec) in self.groups.iter_enumerated() {
            if spec.config.failures.is_some() {
                let units = self.units_where(|kind| matches!(kind, UnitKind::Instance { group, instance } if *group == g && (instance.get() as usize) < spec.instances.len()));
                found.push((StructureOf::Group(spec.name.clone()), units));
            }
        }
        for (s, spec) in self.scenario.services.iter().enumerate() {
            let s = ServiceId::from(s);
            if spec.failures.is_some() && self.services[s].replicas().len() > 1 {
                let units = self.units_where(|kind| matches!(kind, UnitKind::Service { service, .. } if *service == s));
                found.push((StructureOf::Replicas(spec.name.clone()), units));
            }
        }
        for expectation in &self.scenario.expect {
            let Expectation::Law { law, .. } = expectation else { continue };
            let (of, names) = match law {
                Law::Serial { components } => (StructureOf::Serial(components.clone()), components.clone()),
                Law::KOutOfN { group, k } => {
                    let Some(spec) = self.groups.iter().find(|g| g.name == *group) else { continue };
                    let names = (1..=spec.instances.len()).map(|n| format!("{group}/{n}")).collect();
                    (StructureOf::KOutOfN { group: group.clone(), k: *k as usize }, names)
                }
                _ => continue,
            };
            if found.iter().any(|(known, _)| *known == of) {
                continue;
            }
            if let Some(units) = self.unit_ids(&names) {
                found.push((of, units));
            }
        }
        found
            .into_iter()
            .map(|(of, units)| {
                let up = self.units_up(&units);
                UpCount::new(of, units, self.now, up)
            })
            .collect()
    }

    fn units_where(&self, wanted: impl Fn(&UnitKind) -> bool) -> Vec<UnitId> {
        self.units.iter_enumerated().filter(|(_, u)| wanted(&u.kind)).map(|(id, _)| id).collect()
    }

    /// How many of `units` serve now: observed (provisioned) and not down. An instance
    /// slot scaled in does not serve.
    fn units_up(&self, units: &[UnitId]) -> usize {
        units
            .iter()
            .filter(|&&u| self.units[u].availability.is_observed() && !self.units[u].availability.is_down())
            .count()
    }

    /// `unit` changed state (down, up, scaled in or out) at `now`: the structures holding
    /// it count their units again (a handful each, so counting beats bookkeeping that
    /// could drift).
    pub(super) fn structures_changed(&mut self, unit: UnitId) {
        for k in 0..self.structures.len() {
            if self.structures[k].has(unit) {
                let up = self.units_up(self.structures[k].units());
                let now = self.now;
                self.structures[k].set_up(now, up);
            }
        }
    }

    /// Every structure's figures now.
    pub fn structure_statuses(&self) -> Vec<StructureStatus> {
        self.structures
            .iter()
            .map(|structure| {
                let units = structure.units();
                // An autoscaled group's membership varies: independence formulas over its
                // configured instances would compare with something else.
                let varies = match structure.of() {
                    StructureOf::Group(name) | StructureOf::KOutOfN { group: name, .. } => {
                        self.groups.iter().any(|g| g.name == *name && g.config.autoscale.is_some())
                    }
                    _ => false,
                };
                let each: Option<Vec<f64>> = units.iter().map(|&u| self.units[u].availability.analytic).collect();
                StructureStatus {
                    of: structure.of().clone(),
                    units: units.iter().map(|&u| self.units[u].name.clone()).collect(),
                    at_least_up: structure.at_least_up(self.now),
                    each_analytic: each.filter(|_| !varies),
                }
            })
            .collect()
    }
}
