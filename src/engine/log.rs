//! The event log: notable happenings with their virtual time, bounded in size.

use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

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
    pub text: String,
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

    pub fn push(&mut self, at: SimTime, severity: Severity, component: impl Into<String>, text: impl Into<String>) {
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
        let texts: Vec<_> = log.entries().iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["e2", "e3", "e4"]);
        assert_eq!((log.evicted(), log.total()), (2, 5));
    }
}
