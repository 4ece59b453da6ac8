//! `Series(key: ..., from: ..., to: ..., stat: ..., at_least: ..., at_most: ...)`: the
//! metrics-history samples whose interval ends in `(from, to]`, reduced by `stat`.
//!
//! Rows are read as they are pushed (by the history's push counter), so the check sees
//! each sample once at full resolution however long the run goes; a driver that observes
//! less often than every half-history of rows gets consolidated rows for the oldest
//! ones (means of two, or maxima, per the series), which only blurs a very long window.

use super::{Moment, decide, pending, window};
use crate::curriculum::verdict::{Item, Status, bounds, number, time_s, within};
use crate::i18n::Said;
use crate::scenario::SeriesStat;
use crate::time::{SimDuration, SimTime};

pub(in crate::curriculum) struct SeriesCheck {
    pub key: String,
    pub column: usize,
    pub from: SimTime,
    pub to: SimTime,
    pub stat: SeriesStat,
    pub at_least: Option<f64>,
    pub at_most: Option<f64>,
    /// Rows of the history read so far (its push counter when last read).
    pub rows_read: u64,
    pub acc: Accumulator,
}

/// What the samples in the window have shown so far.
#[derive(Clone, Debug, Default)]
pub(in crate::curriculum) struct Accumulator {
    pub samples: u64,
    /// (value, end of its interval in seconds)
    pub min: Option<(f64, f64)>,
    pub max: Option<(f64, f64)>,
    pub weighted_sum: f64,
    pub width_s: f64,
    /// The first sample outside the bounds, for `Each`.
    pub first_outside: Option<(f64, f64)>,
}

impl Accumulator {
    fn add(&mut self, value: f64, end_s: f64, width_s: f64, at_least: Option<f64>, at_most: Option<f64>) {
        self.samples += 1;
        if self.min.is_none_or(|(v, _)| value < v) {
            self.min = Some((value, end_s));
        }
        if self.max.is_none_or(|(v, _)| value > v) {
            self.max = Some((value, end_s));
        }
        self.weighted_sum += value * width_s;
        self.width_s += width_s;
        if self.first_outside.is_none() && !within(value, at_least, at_most) {
            self.first_outside = Some((value, end_s));
        }
    }

    fn mean(&self) -> Option<f64> {
        (self.width_s > 0.0).then(|| self.weighted_sum / self.width_s)
    }
}

pub(super) fn describe(
    key: &str,
    from: Option<SimDuration>,
    to: Option<SimDuration>,
    stat: SeriesStat,
    at_least: Option<f64>,
    at_most: Option<f64>,
    end: SimTime,
) -> Said {
    let span = window(SimTime(from.map_or(0, |d| d.0)), SimTime(to.map_or(end.0, |d| d.0)));
    let key_name = match stat {
        SeriesStat::Each => "check-title-series-each",
        SeriesStat::Max => "check-title-series-max",
        SeriesStat::Min => "check-title-series-min",
        SeriesStat::Mean => "check-title-series-mean",
    };
    Said::new(key_name).with("key", key).with("window", span).with("expected", bounds(at_least, at_most))
}

impl SeriesCheck {
    /// Reads the rows pushed since the last call.
    fn read_new_rows(&mut self, moment: &Moment) {
        let history = moment.sim.history();
        let pushed = history.rows_pushed();
        let new = (pushed - self.rows_read).min(history.len() as u64) as usize;
        self.rows_read = pushed;
        let (from_s, to_s) = (self.from.as_secs_f64(), self.to.as_secs_f64());
        let first = history.len() - new;
        let times = &history.times_s()[first..];
        let widths = &history.widths_s()[first..];
        let values = &history.column(self.column)[first..];
        for ((end_s, width_s), value) in times.iter().zip(widths).zip(values) {
            if *end_s > from_s && *end_s <= to_s {
                self.acc.add(f64::from(*value), *end_s, *width_s, self.at_least, self.at_most);
            }
        }
    }

    /// The value the bounds are checked against, for the stat.
    fn value(&self) -> Option<f64> {
        match self.stat {
            SeriesStat::Each => match (self.acc.first_outside, self.at_least, self.at_most) {
                (Some((v, _)), _, _) => Some(v),
                // Show the extreme that the bound is about.
                (None, None, Some(_)) => self.acc.max.map(|(v, _)| v),
                (None, _, _) => self.acc.min.map(|(v, _)| v),
            },
            SeriesStat::Max => self.acc.max.map(|(v, _)| v),
            SeriesStat::Min => self.acc.min.map(|(v, _)| v),
            SeriesStat::Mean => self.acc.mean(),
        }
    }

    /// The account of the samples; `so_far` while the window is still open (a pending
    /// check, or one the samples so far already settle).
    fn sentence(&self, so_far: bool) -> Said {
        let at = |(v, t): (f64, f64)| Said::new("check-value-at").with("value", number(v)).with("time", time_s(t));
        let sample = |s: Option<(f64, f64)>| s.map_or(Said::nothing(), at);
        let open = |now, then| if so_far { now } else { then };
        let said =
            if self.acc.samples == 0 {
                Said::new("check-series-no-sample")
            } else {
                match self.stat {
                    SeriesStat::Each => match self.acc.first_outside {
                        Some(outside) => Said::new("check-series-outside").with("sample", at(outside)),
                        None => {
                            let range = match (self.acc.min, self.acc.max) {
                                (Some(min), Some(max)) => {
                                    Said::new("check-range").with("min", at(min)).with("max", at(max))
                                }
                                _ => Said::nothing(),
                            };
                            Said::new(open("check-series-each-so-far", "check-series-each"))
                                .with("range", range)
                                .with("samples", self.acc.samples.to_string())
                        }
                    },
                    SeriesStat::Max => Said::new(open("check-series-max-so-far", "check-series-max"))
                        .with("sample", sample(self.acc.max)),
                    SeriesStat::Min => Said::new(open("check-series-min-so-far", "check-series-min"))
                        .with("sample", sample(self.acc.min)),
                    SeriesStat::Mean => Said::new(open("check-series-mean-so-far", "check-series-mean"))
                        .with("value", self.acc.mean().map_or(String::new(), number))
                        .with("samples", self.acc.samples.to_string()),
                }
            };
        said.with("key", self.key.as_str())
            .with("window", window(self.from, self.to))
            .with("expected", bounds(self.at_least, self.at_most))
    }

    /// A decision before the window ends, where the samples so far already settle it.
    fn early(&self) -> Option<(Status, f64)> {
        let (least, most) = (self.at_least, self.at_most);
        match self.stat {
            SeriesStat::Each => self.acc.first_outside.map(|(v, _)| (Status::Failed, v)),
            SeriesStat::Max => {
                let (v, _) = self.acc.max?;
                if most.is_some_and(|m| v > m) {
                    Some((Status::Failed, v))
                } else if most.is_none() && least.is_some_and(|l| v >= l) {
                    Some((Status::Passed, v))
                } else {
                    None
                }
            }
            SeriesStat::Min => {
                let (v, _) = self.acc.min?;
                if least.is_some_and(|l| v < l) {
                    Some((Status::Failed, v))
                } else if least.is_none() && most.is_some_and(|m| v <= m) {
                    Some((Status::Passed, v))
                } else {
                    None
                }
            }
            SeriesStat::Mean => None,
        }
    }

    pub fn observe(&mut self, moment: &Moment, item: &mut Item) {
        self.read_new_rows(moment);
        let now = moment.now();
        let open = now < self.to;
        if let Some((status, v)) = self.early() {
            decide(item, status, Some(v), self.sentence(open), now);
            return;
        }
        if open {
            pending(item, self.value(), self.sentence(true));
            return;
        }
        match self.value() {
            Some(v) => {
                let status = if within(v, self.at_least, self.at_most) { Status::Passed } else { Status::Failed };
                decide(item, status, Some(v), self.sentence(false), now);
            }
            None => decide(item, Status::Failed, None, self.sentence(false), now),
        }
    }
}
