//! Replication statistics: the mean of independent runs and its 95 % confidence interval.
//!
//! Replications of a terminating simulation are independent and identically distributed,
//! so the classic Student-t interval applies (Law, *Simulation Modeling and Analysis*,
//! 5th ed., §9.4.1): mean ± t(0.975, n−1) · s / √n.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Mean and 95 % confidence interval of one metric over replications.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Estimate {
    pub mean: f64,
    /// `None` with fewer than two replications (no spread to estimate).
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    /// Replications without a value of the metric (null in their report, e.g.
    /// `availability.X.mtbf_s` in a run where X never failed): left out of the mean and
    /// the interval, which are those of the others (the mean is NaN, null in JSON, when
    /// none has a value).
    pub missing: u32,
}

impl Estimate {
    /// The interval's half-width, if there is one.
    pub fn half_width(&self) -> Option<f64> {
        Some((self.ci95_high? - self.ci95_low?) / 2.0)
    }
}

/// The estimate from `values` (one per replication). Empty input gives a NaN mean.
pub fn estimate(values: &[f64]) -> Estimate {
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return Estimate { mean, ci95_low: None, ci95_high: None, missing: 0 };
    }
    let variance = values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let half = t_975(n - 1) * (variance / n as f64).sqrt();
    Estimate { mean, ci95_low: Some(mean - half), ci95_high: Some(mean + half), missing: 0 }
}

/// The estimate from the replications that have a value (`None`: none in that
/// replication), with the others counted as missing. Leaving them out rather than counting
/// them as 0 is the honest choice for a figure that is undefined in some runs (an MTBF with
/// no failure); the estimate then describes the runs where it is defined.
pub fn estimate_present(values: &[Option<f64>]) -> Estimate {
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    let missing = u32::try_from(values.len() - present.len()).unwrap_or(u32::MAX);
    Estimate { missing, ..estimate(&present) }
}

/// The 0.975 quantile of Student's t with `df` degrees of freedom (df ≥ 1).
pub fn t_975(df: usize) -> f64 {
    match StudentsT::new(0.0, 1.0, df as f64) {
        Ok(t) => t.inverse_cdf(0.975),
        // Only reachable with df = 0, which `estimate` never asks for; the normal value
        // is the honest limit.
        Err(_) => 1.959_963_984_540_054,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_the_tables() {
        // Published two-sided 95 % critical values.
        for (df, t) in [(1, 12.706), (4, 2.776), (9, 2.262), (29, 2.045), (1000, 1.962)] {
            assert!((t_975(df) - t).abs() < 1e-3, "df {df}: {}", t_975(df));
        }
    }

    #[test]
    fn interval_by_hand() {
        // 1..=5: mean 3, s² = 2.5, s/√5 = 0.7071, t(0.975, 4) = 2.7764 → ±1.9632.
        let e = estimate(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(e.mean, 3.0);
        let half = e.half_width().expect("five values give an interval");
        assert!((half - 1.963_2).abs() < 1e-3, "{half}");
    }

    #[test]
    fn missing_values_are_left_out_and_counted() {
        // 1, 3 and 5 with two replications missing: the estimate of 1, 3, 5 (mean 3,
        // s = 2, t(0.975, 2) = 4.3027, half-width 4.3027 · 2/√3 = 4.968), two missing.
        let e = estimate_present(&[Some(1.0), None, Some(3.0), None, Some(5.0)]);
        assert_eq!((e.mean, e.missing), (3.0, 2));
        let half = e.half_width().expect("three values give an interval");
        assert!((half - 4.968).abs() < 1e-3, "{half}");
        // None with a value: no mean at all, not 0.
        let e = estimate_present(&[None, None]);
        assert!(e.mean.is_nan());
        assert_eq!((e.ci95_low, e.missing), (None, 2));
    }

    #[test]
    fn one_value_has_no_interval() {
        let e = estimate(&[7.0]);
        assert_eq!((e.mean, e.ci95_low, e.ci95_high), (7.0, None, None));
    }
}
