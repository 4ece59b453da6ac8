//! Metrics: latency histograms and the bounded per-interval history. Which columns the
//! history has, and how each is read, is the metric table's ([`crate::metric`]).
//!
//! The history is a round-robin store in the spirit of RRDtool: the most recent
//! `capacity / 2` samples keep full resolution; when the store fills, the older half is
//! consolidated pairwise (time-weighted mean for rates and gauges, max for peaks), so
//! memory stays fixed however long a run goes and old data degrades gracefully.

use crate::time::{SimDuration, SimTime};
use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

// What each column is (key, label, kind, consolidation) is declared in the metric table;
// this module stores the values.
pub use crate::metric::{Consolidation, SeriesKind, SeriesSpec};

/// Fixed-memory time series of per-interval samples.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct History {
    specs: Vec<SeriesSpec>,
    /// End of each row's interval, seconds of virtual time.
    end_s: Vec<f64>,
    /// Width of each row's interval, seconds (grows as rows are consolidated).
    width_s: Vec<f64>,
    columns: Vec<Vec<f32>>,
    capacity_rows: usize,
    /// Incremented at every consolidation, so readers know old rows changed.
    consolidations: u64,
    /// Rows ever pushed (survives consolidation), so readers can fetch only new rows.
    pushed: u64,
}

impl History {
    pub const DEFAULT_CAPACITY_ROWS: usize = 8192;

    pub fn new(specs: Vec<SeriesSpec>, capacity_rows: usize) -> History {
        let columns = vec![Vec::new(); specs.len()];
        History {
            specs,
            end_s: Vec::new(),
            width_s: Vec::new(),
            columns,
            capacity_rows: capacity_rows.max(4),
            consolidations: 0,
            pushed: 0,
        }
    }

    pub fn specs(&self) -> &[SeriesSpec] {
        &self.specs
    }

    pub fn column_index(&self, key: &str) -> Option<usize> {
        self.specs.iter().position(|s| s.key == key)
    }

    pub fn len(&self) -> usize {
        self.end_s.len()
    }

    pub fn is_empty(&self) -> bool {
        self.end_s.is_empty()
    }

    pub fn consolidations(&self) -> u64 {
        self.consolidations
    }

    pub fn rows_pushed(&self) -> u64 {
        self.pushed
    }

    /// End times of the rows, seconds.
    pub fn times_s(&self) -> &[f64] {
        &self.end_s
    }

    /// How long each row was measured over, seconds (older rows cover more after
    /// consolidation).
    pub fn widths_s(&self) -> &[f64] {
        &self.width_s
    }

    pub fn column(&self, index: usize) -> &[f32] {
        &self.columns[index]
    }

    /// (time_s, value) points of the series with `key`.
    pub fn points(&self, key: &str) -> Vec<[f64; 2]> {
        match self.column_index(key) {
            Some(i) => self.end_s.iter().zip(&self.columns[i]).map(|(t, v)| [*t, f64::from(*v)]).collect(),
            None => Vec::new(),
        }
    }

    /// Adds a series after the others (a breaker created by a live change); the rows
    /// already kept get `fill`.
    pub fn add_series(&mut self, spec: SeriesSpec, fill: f32) {
        self.specs.push(spec);
        self.columns.push(vec![fill; self.end_s.len()]);
    }

    /// Appends one row; `values` are in `specs` order.
    pub fn push(&mut self, end: SimTime, width: SimDuration, values: &[f32]) {
        debug_assert_eq!(values.len(), self.columns.len());
        if self.end_s.len() >= self.capacity_rows {
            self.consolidate_older_half();
        }
        self.end_s.push(end.as_secs_f64());
        self.width_s.push(width.as_secs_f64());
        for (column, v) in self.columns.iter_mut().zip(values) {
            column.push(*v);
        }
        self.pushed += 1;
    }

    fn consolidate_older_half(&mut self) {
        let half = (self.end_s.len() / 2) & !1;
        let merged_rows = half / 2;
        for pair in 0..merged_rows {
            let (a, b) = (2 * pair, 2 * pair + 1);
            let (wa, wb) = (self.width_s[a], self.width_s[b]);
            let total = (wa + wb).max(f64::MIN_POSITIVE);
            for (spec, column) in self.specs.iter().zip(self.columns.iter_mut()) {
                column[pair] = match spec.consolidation {
                    Consolidation::Mean => ((f64::from(column[a]) * wa + f64::from(column[b]) * wb) / total) as f32,
                    Consolidation::Max => column[a].max(column[b]),
                };
            }
            self.end_s[pair] = self.end_s[b];
            self.width_s[pair] = wa + wb;
        }
        let drop = half - merged_rows;
        self.end_s.drain(merged_rows..half);
        self.width_s.drain(merged_rows..half);
        for column in &mut self.columns {
            column.drain(merged_rows..half);
        }
        debug_assert_eq!(self.end_s.len() + drop, self.capacity_rows);
        self.consolidations += 1;
    }
}

/// The time integral of a count that rises and falls at instants (messages a group holds,
/// busy workers): the exact ∫N(t)dt over the time observed, so that divided by that time
/// it is JMT's and Ciw's "mean number in system", not an average of samples.
///
/// Kept as sums of instants rather than a running area, so an update is one addition and
/// no multiplication: each unit contributes (its departure − its arrival), and one still
/// present contributes (now − its arrival), so the area up to `now` is `Σ departures −
/// Σ arrivals + present × now`. The count itself is its owner's (the group's ledger, its
/// instances' workers), passed in when the mean is read; a unit present when observation
/// starts counts as arriving then. Debug builds keep the count as seen here too, and
/// `mean` asserts that the owner's agrees: a missed arrival or departure would skew every
/// mean silently, and the tests run in debug.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TimeIntegral {
    /// Σ of the arrival instants since `since` (ns), and of the departure instants.
    arrivals_ns: u128,
    departures_ns: u128,
    since: SimTime,
    #[cfg(debug_assertions)]
    seen: u64,
}

impl TimeIntegral {
    #[inline]
    pub fn arrive(&mut self, now: SimTime) {
        self.arrivals_ns += u128::from(now.0);
        #[cfg(debug_assertions)]
        {
            self.seen += 1;
        }
    }

    #[inline]
    pub fn depart(&mut self, now: SimTime) {
        self.departures_ns += u128::from(now.0);
        #[cfg(debug_assertions)]
        {
            self.seen -= 1;
        }
    }

    /// `n` leave at once (a crashed instance's workers).
    pub fn depart_many(&mut self, now: SimTime, n: u64) {
        self.departures_ns += u128::from(n) * u128::from(now.0);
        #[cfg(debug_assertions)]
        {
            self.seen -= n;
        }
    }

    /// Observation starting at `now` with nothing present.
    pub fn starting(now: SimTime) -> TimeIntegral {
        TimeIntegral { since: now, ..TimeIntegral::default() }
    }

    /// Observation starts again at `now` (a warm-up ends) with `present` units.
    pub fn restart(&mut self, now: SimTime, present: u64) {
        *self = TimeIntegral {
            arrivals_ns: u128::from(present) * u128::from(now.0),
            departures_ns: 0,
            since: now,
            #[cfg(debug_assertions)]
            seen: present,
        };
    }

    /// ∫N(t)dt / (now − since) with `present` units now; `None` before any time has passed.
    pub fn mean(&self, now: SimTime, present: u64) -> Option<f64> {
        #[cfg(debug_assertions)]
        assert_eq!(self.seen, present, "a time integral missed an arrival or a departure");
        let span = now.0.checked_sub(self.since.0).filter(|&s| s > 0)?;
        let area = (self.departures_ns + u128::from(present) * u128::from(now.0)).saturating_sub(self.arrivals_ns);
        Some(area as f64 / span as f64)
    }
}

/// Batch means of a per-message figure (a group's sojourn) for a within-run confidence
/// interval of its mean from one long run (Law, *Simulation Modeling and Analysis*, 5th
/// ed., §9.5.3; JMT's and Ciw's users get the same from long runs): consecutive batches of
/// sample intervals, whose means are nearly independent when a batch is much longer than
/// the system's memory, so their spread gives a Student-t interval for the run mean.
///
/// Bounded: at most `MAX_BATCHES` batches are kept; when that many are full, neighbours
/// merge in pairs and each batch from then on covers twice as many sample intervals, so
/// the batches stay equal in width and their number between `MAX_BATCHES / 2` and
/// `MAX_BATCHES`.
#[derive(Clone, Debug)]
pub struct BatchMeans {
    /// Closed batches: Σ of the values (ns) and how many.
    batches: Vec<(f64, u64)>,
    /// The batch being filled, and how many sample intervals it holds.
    open: (f64, u64),
    open_intervals: u32,
    /// Sample intervals per batch.
    width: u32,
}

impl Default for BatchMeans {
    fn default() -> Self {
        BatchMeans { batches: Vec::new(), open: (0.0, 0), open_intervals: 0, width: 1 }
    }
}

impl BatchMeans {
    pub const MAX_BATCHES: usize = 64;

    /// One sample interval's Σ and count ends.
    pub fn push_interval(&mut self, sum: f64, count: u64) {
        self.open.0 += sum;
        self.open.1 += count;
        self.open_intervals += 1;
        if self.open_intervals < self.width {
            return;
        }
        self.batches.push(std::mem::take(&mut self.open));
        self.open_intervals = 0;
        if self.batches.len() == Self::MAX_BATCHES {
            let merged = self.batches.chunks(2).map(|pair| (pair[0].0 + pair[1].0, pair[0].1 + pair[1].1)).collect();
            self.batches = merged;
            self.width *= 2;
        }
    }

    /// The means of the closed batches that hold any value (ms).
    pub fn means_ms(&self) -> Vec<f64> {
        self.batches.iter().filter(|(_, n)| *n > 0).map(|(sum, n)| sum / *n as f64 / 1e6).collect()
    }
}

/// End-to-end latency statistics: an HDR histogram (µs, 3 significant figures) plus an
/// exact sum for the mean.
#[derive(Clone, Debug)]
pub struct LatencyStats {
    hist: Histogram<u64>,
    sum_ns: f64,
    count: u64,
}

/// Summary of a latency distribution in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LatencySummary {
    pub mean: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

impl LatencyStats {
    /// Run-wide statistics: 3 significant figures (0.1 %).
    pub fn new() -> LatencyStats {
        LatencyStats::with_figures(3)
    }

    /// Statistics of one sample interval, read only as plotted percentiles: 2 significant
    /// figures (1 %) keep the histogram at ~26 KB instead of ~180 KB, and it is cleared
    /// at every sample (clearing the precise one was 3 % of the engine's time).
    pub fn for_interval() -> LatencyStats {
        LatencyStats::with_figures(2)
    }

    fn with_figures(figures: u8) -> LatencyStats {
        // 1 µs .. 30 days; values beyond saturate (and the max still shows it).
        let hist = Histogram::new_with_bounds(1, 30 * 86_400 * 1_000_000, figures).expect("static bounds are valid");
        LatencyStats { hist, sum_ns: 0.0, count: 0 }
    }

    #[inline]
    pub fn record(&mut self, latency: SimDuration) {
        self.hist.saturating_record(latency.0 / 1_000);
        self.sum_ns += latency.0 as f64;
        self.count += 1;
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// Σ of the values recorded (ns).
    pub fn sum_ns(&self) -> f64 {
        self.sum_ns
    }

    pub fn reset(&mut self) {
        // Clearing touches every bucket; an interval with nothing recorded is clear already.
        if self.count > 0 {
            self.hist.reset();
        }
        self.sum_ns = 0.0;
        self.count = 0;
    }

    /// Latency at quantile q (0..=1), milliseconds; 0 when empty.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        if self.count == 0 { 0.0 } else { self.hist.value_at_quantile(q) as f64 / 1_000.0 }
    }

    pub fn mean_ms(&self) -> f64 {
        if self.count == 0 { 0.0 } else { self.sum_ns / self.count as f64 / 1e6 }
    }

    pub fn summary(&self) -> LatencySummary {
        LatencySummary {
            mean: self.mean_ms(),
            p50: self.quantile_ms(0.50),
            p95: self.quantile_ms(0.95),
            p99: self.quantile_ms(0.99),
            max: if self.count == 0 { 0.0 } else { self.hist.max() as f64 / 1_000.0 },
        }
    }
}

impl Default for LatencyStats {
    fn default() -> Self {
        LatencyStats::new()
    }
}

/// Latency statistics of one sample interval ([`LatencyStats::for_interval`] precision);
/// a type of its own so a `Default`-built stats struct gets the coarse histogram.
#[derive(Clone, Debug)]
pub struct IntervalLatency(LatencyStats);

impl Default for IntervalLatency {
    fn default() -> Self {
        IntervalLatency(LatencyStats::for_interval())
    }
}

impl std::ops::Deref for IntervalLatency {
    type Target = LatencyStats;
    fn deref(&self) -> &LatencyStats {
        &self.0
    }
}

impl std::ops::DerefMut for IntervalLatency {
    fn deref_mut(&mut self) -> &mut LatencyStats {
        &mut self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_means_merge_in_pairs_and_stay_equal_in_width() {
        let mut b = BatchMeans::default();
        // Interval k holds one value of k ms.
        for k in 1..=64u64 {
            b.push_interval(k as f64 * 1e6, 1);
        }
        // 64 batches of one interval merged into 32 of two: (1+2)/2, (3+4)/2, …
        let means = b.means_ms();
        assert_eq!(means.len(), 32);
        assert_eq!((means[0], means[31]), (1.5, 63.5));
        // Two more intervals close one batch of width two; one more stays open.
        for k in 65..=67u64 {
            b.push_interval(k as f64 * 1e6, 1);
        }
        assert_eq!(b.means_ms().len(), 33);
        assert_eq!(b.means_ms()[32], 65.5);
        // An interval with nothing processed adds nothing; a batch of only such is left out.
        let mut empty = BatchMeans::default();
        empty.push_interval(0.0, 0);
        empty.push_interval(4e6, 2);
        assert_eq!(empty.means_ms(), vec![2.0]);
    }

    fn spec(key: &str, consolidation: Consolidation) -> SeriesSpec {
        SeriesSpec { key: key.into(), label: key.into(), kind: SeriesKind::Throughput, consolidation }
    }

    #[test]
    fn history_stays_bounded_and_keeps_recent_rows_exact() {
        let mut h = History::new(vec![spec("rate", Consolidation::Mean), spec("peak", Consolidation::Max)], 8);
        for i in 0..1000u64 {
            h.push(SimTime::from_secs_f64((i + 1) as f64), SimDuration::from_secs(1), &[i as f32, (i % 10) as f32]);
            assert!(h.len() <= 8);
        }
        // The newest row is untouched and the time axis stays increasing.
        assert_eq!(*h.times_s().last().unwrap(), 1000.0);
        assert_eq!(*h.column(0).last().unwrap(), 999.0);
        assert!(h.times_s().windows(2).all(|w| w[0] < w[1]));
        assert_eq!(h.rows_pushed(), 1000);
    }

    #[test]
    fn consolidation_preserves_time_weighted_mean_and_max() {
        let mut h = History::new(vec![spec("rate", Consolidation::Mean), spec("peak", Consolidation::Max)], 4);
        for (i, v) in [2.0f32, 4.0, 6.0, 8.0, 10.0].iter().enumerate() {
            h.push(SimTime::from_secs_f64((i + 1) as f64), SimDuration::from_secs(1), &[*v, *v]);
        }
        // Capacity 4 reached at the 5th push: rows 1–2 merged into one of width 2.
        assert_eq!(h.column(0), &[3.0, 6.0, 8.0, 10.0]);
        assert_eq!(h.column(1), &[4.0, 6.0, 8.0, 10.0]);
        assert_eq!(h.times_s(), &[2.0, 3.0, 4.0, 5.0]);
        assert_eq!(h.consolidations(), 1);
    }

    #[test]
    fn latency_quantiles_are_within_hdr_precision() {
        let mut s = LatencyStats::new();
        for ms in 1..=1000u64 {
            s.record(SimDuration::from_millis(ms));
        }
        let sum = s.summary();
        assert!((sum.mean - 500.5).abs() < 1e-9);
        assert!((sum.p50 - 500.0).abs() <= 0.5, "{}", sum.p50);
        assert!((sum.p99 - 990.0).abs() <= 1.0, "{}", sum.p99);
        assert!((sum.max - 1000.0).abs() <= 1.0);
    }
}
