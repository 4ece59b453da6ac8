//! The ledger as shown: every terminal state with its reasons, and what is still in flight.

use crate::engine::{Reason, Simulation, Terminal};

/// Counts of the conservation law `produced = in_system + Σ terminal`, at one instant.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LedgerView {
    pub produced: u64,
    pub in_system: u64,
    pub processed: u64,
    pub dead_lettered: u64,
    pub expired: u64,
    pub dropped: u64,
    pub lost: u64,
    /// Non-zero (terminal, reason, count) triples, in a stable order.
    pub reasons: Vec<(Terminal, Reason, u64)>,
}

impl LedgerView {
    pub fn of(sim: &Simulation) -> LedgerView {
        let ledger = sim.ledger();
        let mut reasons = Vec::new();
        for terminal in [Terminal::DeadLettered, Terminal::Expired, Terminal::Dropped, Terminal::Lost] {
            reasons.extend(ledger.reasons_of(terminal).map(|(reason, n)| (terminal, reason, n)));
        }
        LedgerView {
            produced: ledger.produced,
            in_system: sim.in_system(),
            processed: ledger.processed,
            dead_lettered: ledger.dead_lettered,
            expired: ledger.expired,
            dropped: ledger.dropped,
            lost: ledger.lost,
            reasons,
        }
    }

    /// Sum of the right-hand side of the identity.
    pub fn accounted(&self) -> u64 {
        self.in_system + self.processed + self.dead_lettered + self.expired + self.dropped + self.lost
    }

    /// The conservation law holds for these counts.
    pub fn balances(&self) -> bool {
        self.produced == self.accounted()
    }

    /// Reasons for one terminal state.
    pub fn reasons_of(&self, terminal: Terminal) -> impl Iterator<Item = (Reason, u64)> + '_ {
        self.reasons.iter().filter(move |(t, _, _)| *t == terminal).map(|(_, r, n)| (*r, *n))
    }
}
