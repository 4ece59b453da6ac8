//! The event log as the UI sees it: shared chunks, so a snapshot copies only new entries.

use crate::engine::{EventLog, LogEntry};
use std::sync::Arc;

const CHUNK_ENTRIES: usize = 256;

/// An immutable picture of the newest log entries, cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct LogView {
    chunks: Vec<Arc<Vec<LogEntry>>>,
    /// Entries ever logged by the engine (the newest entry's number + 1).
    total: u64,
    kept: usize,
}

impl LogView {
    /// Entries ever logged (kept or not); changes whenever a new entry arrives.
    pub fn total(&self) -> u64 {
        self.total
    }

    pub fn len(&self) -> usize {
        self.kept
    }

    pub fn is_empty(&self) -> bool {
        self.kept == 0
    }

    /// The kept entry at `index` (0 = oldest kept).
    pub fn get(&self, index: usize) -> Option<&LogEntry> {
        // Every chunk but the last is full, because whole chunks are dropped from the front.
        self.chunks.get(index / CHUNK_ENTRIES).and_then(|c| c.get(index % CHUNK_ENTRIES))
    }

    /// Kept entries, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &LogEntry> {
        self.chunks.iter().flat_map(|c| c.iter())
    }
}

/// The runner's side: follows the engine's log, keeping at most `capacity` entries
/// (plus part of one chunk).
#[derive(Debug)]
pub struct LogMirror {
    view: LogView,
    capacity: usize,
}

impl LogMirror {
    pub fn new(capacity: usize) -> LogMirror {
        LogMirror { view: LogView::default(), capacity: capacity.max(1) }
    }

    /// Brings the mirror up to date; returns whether anything changed.
    pub fn sync(&mut self, log: &EventLog) -> bool {
        if log.total() < self.view.total {
            // A different engine (reset or new scenario): start again.
            self.view = LogView::default();
        }
        let new = (log.total() - self.view.total) as usize;
        if new == 0 {
            return false;
        }
        let entries = log.entries();
        // Entries evicted by the engine before we saw them are simply missed (counted in total).
        let start = entries.len().saturating_sub(new);
        for entry in entries.range(start..) {
            if self.view.chunks.last().is_none_or(|c| c.len() >= CHUNK_ENTRIES) {
                self.view.chunks.push(Arc::new(Vec::with_capacity(CHUNK_ENTRIES)));
            }
            Arc::make_mut(self.view.chunks.last_mut().expect("a chunk was just ensured")).push(entry.clone());
            self.view.kept += 1;
        }
        while self.view.chunks.len() > 1 && self.view.kept - self.view.chunks[0].len() >= self.capacity {
            let dropped = self.view.chunks.remove(0);
            self.view.kept -= dropped.len();
        }
        self.view.total = log.total();
        true
    }

    pub fn view(&self) -> LogView {
        self.view.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Severity;
    use crate::time::SimTime;

    #[test]
    fn follows_the_engine_log_and_stays_bounded() {
        let mut log = EventLog::with_capacity(2000);
        let mut mirror = LogMirror::new(1000);
        for i in 0..5000u64 {
            log.push(SimTime(i), Severity::Info, "c", format!("e{i}"));
            if i % 13 == 0 {
                mirror.sync(&log);
            }
        }
        mirror.sync(&log);
        let view = mirror.view();
        assert_eq!(view.total(), 5000);
        assert!(view.len() >= 1000 && view.len() < 1000 + CHUNK_ENTRIES, "{}", view.len());
        let newest: Vec<_> = view.iter().rev().take(3).map(|e| e.text.to_string()).collect();
        assert_eq!(newest, ["e4999", "e4998", "e4997"]);
        assert_eq!(view.get(view.len() - 1).map(|e| e.text.to_string()).as_deref(), Some("e4999"));
        assert_eq!(view.get(0).map(|e| e.at), view.iter().next().map(|e| e.at));
        assert!(view.get(view.len()).is_none());
        // Oldest first, no gaps.
        let ats: Vec<u64> = view.iter().map(|e| e.at.0).collect();
        assert!(ats.windows(2).all(|w| w[1] == w[0] + 1));
    }
}
