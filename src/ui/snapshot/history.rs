//! The metrics history as the UI sees it: shared, immutable chunks of rows.
//!
//! The engine's history can hold ~1 MB. Copying it into every snapshot (60 a second)
//! would waste a core, so the runner keeps a mirror made of `Arc`-shared chunks: a
//! snapshot clones only the list of chunk pointers, and a new row copies at most the
//! tail chunk (only if the UI still holds it). When the engine consolidates its older
//! rows (every few thousand samples) the mirror is rebuilt once.

use crate::engine::{History, SeriesSpec};
use std::sync::Arc;

/// Rows per chunk: small enough that copying the tail is cheap, large enough that the
/// chunk list stays short (8192 rows → 32 chunks).
const CHUNK_ROWS: usize = 256;

/// A run of consecutive history rows.
#[derive(Clone, Debug, Default)]
pub struct RowChunk {
    /// End of each row's interval, seconds of virtual time (increasing).
    pub times_s: Vec<f64>,
    /// One vector per series, in `specs` order.
    pub columns: Vec<Vec<f32>>,
}

/// An immutable picture of the history, cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct HistoryView {
    specs: Arc<[SeriesSpec]>,
    chunks: Vec<Arc<RowChunk>>,
    rows: usize,
}

impl HistoryView {
    pub fn specs(&self) -> &[SeriesSpec] {
        &self.specs
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn column_index(&self, key: &str) -> Option<usize> {
        self.specs.iter().position(|s| s.key == key)
    }

    /// The newest value of series `column`, if any row exists.
    pub fn last(&self, column: usize) -> Option<f32> {
        self.chunks.last().and_then(|c| c.columns.get(column)).and_then(|v| v.last().copied())
    }

    /// The newest value of the series with `key`.
    pub fn last_of(&self, key: &str) -> Option<f32> {
        self.column_index(key).and_then(|i| self.last(i))
    }

    /// (time_s, value) of every row of series `column`, oldest first.
    pub fn column_points(&self, column: usize) -> impl Iterator<Item = (f64, f32)> + '_ {
        self.chunks.iter().flat_map(move |c| {
            let values = c.columns.get(column).map_or(&[][..], Vec::as_slice);
            c.times_s.iter().copied().zip(values.iter().copied())
        })
    }

    /// Time of the newest row, seconds.
    pub fn last_time_s(&self) -> Option<f64> {
        self.chunks.last().and_then(|c| c.times_s.last().copied())
    }

    /// (time_s, value) of series `column` for rows whose time lies in `[from_s, to_s]`,
    /// plus one row either side so a line reaches the edges of the view.
    pub fn points_between(&self, column: usize, from_s: f64, to_s: f64) -> Vec<(f64, f32)> {
        let mut out = Vec::new();
        let mut before: Option<(f64, f32)> = None;
        for chunk in &self.chunks {
            let (Some(&first), Some(&last)) = (chunk.times_s.first(), chunk.times_s.last()) else { continue };
            let Some(values) = chunk.columns.get(column) else { return out };
            if last < from_s {
                before = Some((last, values[values.len() - 1]));
                continue;
            }
            if first > to_s {
                if let Some(b) = before.take() {
                    out.push(b);
                }
                if let Some(v) = values.first() {
                    out.push((first, *v));
                }
                break;
            }
            let start = chunk.times_s.partition_point(|t| *t < from_s);
            if start > 0 {
                before = Some((chunk.times_s[start - 1], values[start - 1]));
            }
            if let Some(b) = before.take() {
                out.push(b);
            }
            for (t, v) in chunk.times_s[start..].iter().zip(&values[start..]) {
                out.push((*t, *v));
                if *t > to_s {
                    return out;
                }
            }
        }
        if out.is_empty()
            && let Some(b) = before
        {
            out.push(b);
        }
        out
    }
}

/// The runner's side: follows the engine's history and hands out [`HistoryView`]s.
#[derive(Debug, Default)]
pub struct HistoryMirror {
    view: HistoryView,
    consolidations: u64,
    pushed: u64,
}

impl HistoryMirror {
    /// Brings the mirror up to date; returns whether anything changed.
    pub fn sync(&mut self, history: &History) -> bool {
        let stale_specs = self.view.specs.len() != history.specs().len();
        if stale_specs || history.consolidations() != self.consolidations || history.rows_pushed() < self.pushed {
            self.rebuild(history);
            return true;
        }
        let new_rows = (history.rows_pushed() - self.pushed) as usize;
        if new_rows == 0 {
            return false;
        }
        // Without a consolidation since the last sync, the new rows are the last ones.
        let len = history.len();
        self.append_rows(history, len.saturating_sub(new_rows)..len);
        self.pushed = history.rows_pushed();
        true
    }

    pub fn view(&self) -> HistoryView {
        self.view.clone()
    }

    fn rebuild(&mut self, history: &History) {
        self.view = HistoryView { specs: history.specs().to_vec().into(), chunks: Vec::new(), rows: 0 };
        self.append_rows(history, 0..history.len());
        self.consolidations = history.consolidations();
        self.pushed = history.rows_pushed();
    }

    fn append_rows(&mut self, history: &History, rows: std::ops::Range<usize>) {
        let series = history.specs().len();
        let times = history.times_s();
        let mut row = rows.start;
        while row < rows.end {
            let full = self.view.chunks.last().is_none_or(|c| c.times_s.len() >= CHUNK_ROWS);
            if full {
                self.view.chunks.push(Arc::new(RowChunk { times_s: Vec::new(), columns: vec![Vec::new(); series] }));
            }
            let chunk = Arc::make_mut(self.view.chunks.last_mut().expect("a chunk was just ensured"));
            let take = (CHUNK_ROWS - chunk.times_s.len()).min(rows.end - row);
            chunk.times_s.extend_from_slice(&times[row..row + take]);
            for (i, column) in chunk.columns.iter_mut().enumerate() {
                column.extend_from_slice(&history.column(i)[row..row + take]);
            }
            row += take;
            self.view.rows += take;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SeriesKind;
    use crate::engine::metrics::Consolidation;
    use crate::time::{SimDuration, SimTime};

    fn history(capacity: usize) -> History {
        let spec = SeriesSpec {
            key: "x".into(),
            label: "x".into(),
            kind: SeriesKind::Throughput,
            consolidation: Consolidation::Mean,
        };
        History::new(vec![spec], capacity)
    }

    fn push(h: &mut History, i: u64) {
        h.push(SimTime::from_secs_f64(i as f64), SimDuration::from_secs(1), &[i as f32]);
    }

    fn all(view: &HistoryView) -> Vec<(f64, f32)> {
        view.points_between(0, f64::MIN, f64::MAX)
    }

    fn engine_points(h: &History) -> Vec<(f64, f32)> {
        h.times_s().iter().copied().zip(h.column(0).iter().copied()).collect()
    }

    #[test]
    fn mirror_matches_the_engine_through_appends_and_consolidations() {
        let mut h = history(1000);
        let mut mirror = HistoryMirror::default();
        for i in 1..=3000u64 {
            push(&mut h, i);
            if i % 7 == 0 {
                mirror.sync(&h);
                assert_eq!(all(&mirror.view()), engine_points(&h), "after row {i}");
            }
        }
        mirror.sync(&h);
        assert_eq!(all(&mirror.view()), engine_points(&h));
        assert_eq!(mirror.view().rows(), h.len());
    }

    #[test]
    fn a_held_view_is_not_changed_by_later_rows() {
        let mut h = history(1000);
        let mut mirror = HistoryMirror::default();
        push(&mut h, 1);
        mirror.sync(&h);
        let held = mirror.view();
        push(&mut h, 2);
        assert!(mirror.sync(&h));
        assert!(!mirror.sync(&h), "no new rows, no change");
        assert_eq!(all(&held), vec![(1.0, 1.0)]);
        assert_eq!(mirror.view().last(0), Some(2.0));
    }

    #[test]
    fn points_between_keeps_one_row_either_side() {
        let mut h = history(4096);
        let mut mirror = HistoryMirror::default();
        for i in 1..=1000u64 {
            push(&mut h, i);
        }
        mirror.sync(&h);
        let pts = mirror.view().points_between(0, 300.5, 302.5);
        let times: Vec<f64> = pts.iter().map(|p| p.0).collect();
        assert_eq!(times, [300.0, 301.0, 302.0, 303.0]);
        // Across a chunk boundary (256 rows per chunk).
        let pts = mirror.view().points_between(0, 256.5, 257.5);
        assert_eq!(pts.iter().map(|p| p.0).collect::<Vec<_>>(), [256.0, 257.0, 258.0]);
        // Entirely after the data: the last row, so the line ends where the data ends.
        assert_eq!(mirror.view().points_between(0, 2000.0, 3000.0), vec![(1000.0, 1000.0)]);
    }
}
