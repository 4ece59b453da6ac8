//! Live edits mirrored into the scenario, so that "save" writes what is running now.

use crate::engine::Command;
use crate::scenario::{Arrivals, Scenario};

/// Applies an engine command that the engine accepted to the scenario it came from.
pub fn apply_to_scenario(scenario: &mut Scenario, command: &Command) {
    // Commands that later issues add (faults, breaker overrides) change no scenario
    // field, hence the catch-all arm.
    #[allow(unreachable_patterns)]
    match command {
        Command::SetArrivalRate { producer, per_second } => {
            if let Some(p) = scenario.producers.iter_mut().find(|p| &p.name == producer) {
                match &mut p.rate {
                    Arrivals::Constant { per_second: rate }
                    | Arrivals::Poisson { per_second: rate }
                    | Arrivals::Bursty { per_second: rate, .. } => *rate = *per_second,
                    // The engine refuses these, so they never get here.
                    Arrivals::Ramp { .. } | Arrivals::Steps(_) | Arrivals::Sine { .. } => {}
                }
            }
        }
        Command::SetConcurrency { group, concurrency } => {
            if let Some(g) = scenario.consumers.iter_mut().find(|g| &g.name == group) {
                // The engine keeps the prefetch it started with; pin it in the file so a
                // reload does not silently change it with the concurrency.
                g.prefetch = Some(g.effective_prefetch());
                g.concurrency = *concurrency;
            }
        }
        Command::SetServiceErrors { service, errors } => {
            if let Some(s) = scenario.services.iter_mut().find(|s| &s.name == service) {
                s.errors = *errors;
            }
        }
        Command::SetServiceLatency { service, latency } => {
            if let Some(s) = scenario.services.iter_mut().find(|s| &s.name == service) {
                s.latency = *latency;
            }
        }
        _ => {}
    }
}
