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
        return Estimate { mean, ci95_low: None, ci95_high: None };
    }
    let variance = values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let half = t_975(n - 1) * (variance / n as f64).sqrt();
    Estimate { mean, ci95_low: Some(mean - half), ci95_high: Some(mean + half) }
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
    fn one_value_has_no_interval() {
        let e = estimate(&[7.0]);
        assert_eq!((e.mean, e.ci95_low, e.ci95_high), (7.0, None, None));
    }
}
