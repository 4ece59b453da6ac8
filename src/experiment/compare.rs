//! Two variants, paired by seed: the difference B − A of each metric with its 95 %
//! confidence interval.
//!
//! Replication r of A and of B share a seed, so every component's random stream is the
//! same in both except where the variants differ (common random numbers, Law §11.2).
//! The paired differences d_r = B_r − A_r are independent across r, and their Student-t
//! interval is far narrower than the difference of two independent intervals when the
//! variants are positively correlated — which is the point.

use super::{Control, ExperimentError, Measured, Plan, estimate, measure};
use crate::scenario::Scenario;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// One metric of a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MetricComparison {
    pub a_mean: f64,
    pub b_mean: f64,
    pub diff_mean: f64,
    /// `None` with a single replication.
    pub diff_ci95_low: Option<f64>,
    pub diff_ci95_high: Option<f64>,
    /// Replications in which A or B had no value of the metric (null in the report): the
    /// pair is left out, and the means and the difference are those of the complete pairs.
    pub missing: u32,
}

impl MetricComparison {
    /// True when the interval excludes zero: B really differs from A at the 95 % level.
    pub fn significant(&self) -> bool {
        match (self.diff_ci95_low, self.diff_ci95_high) {
            (Some(low), Some(high)) => low > 0.0 || high < 0.0,
            _ => false,
        }
    }
}

/// The result of `compare`, keyed by metric path.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub replications: u32,
    pub metrics: BTreeMap<String, MetricComparison>,
}

/// Runs `plan.replications` paired replications of `a` and `b`, after [`Plan::check`]ing
/// the plan against the shorter of the two runs.
pub fn compare(a: &Scenario, b: &Scenario, plan: &Plan, control: &Control) -> Result<Comparison, ExperimentError> {
    plan.check(a.duration.min(b.duration))?;
    // Each replication is one job: A then B with the same seed.
    let pairs: Vec<(Measured, Measured)> = (0..plan.replications)
        .into_par_iter()
        .map(|r| {
            control.checkpoint()?;
            let seed = plan.seed(r);
            let a_values = measure(a, seed, plan)?;
            control.finished_one();
            let b_values = measure(b, seed, plan)?;
            control.finished_one();
            Ok((a_values, b_values))
        })
        .collect::<Result<_, ExperimentError>>()?;

    Ok(summarise(&plan.metrics, &pairs))
}

/// The comparison table of paired replications: `pairs[r]` holds replication r's values
/// of A and of B, in `metrics` order (`None`: no value in that run). A pair is compared
/// only when both have a value; the others are counted as missing.
pub(super) fn summarise(names: &[String], pairs: &[(Measured, Measured)]) -> Comparison {
    let mut metrics = BTreeMap::new();
    for (m, name) in names.iter().enumerate() {
        let complete: Vec<(f64, f64)> = pairs.iter().filter_map(|(a, b)| Some((a[m]?, b[m]?))).collect();
        let a_values: Vec<f64> = complete.iter().map(|(a, _)| *a).collect();
        let b_values: Vec<f64> = complete.iter().map(|(_, b)| *b).collect();
        let diffs: Vec<f64> = complete.iter().map(|(a, b)| b - a).collect();
        let diff = estimate(&diffs);
        metrics.insert(
            name.clone(),
            MetricComparison {
                a_mean: estimate(&a_values).mean,
                b_mean: estimate(&b_values).mean,
                diff_mean: diff.mean,
                diff_ci95_low: diff.ci95_low,
                diff_ci95_high: diff.ci95_high,
                missing: u32::try_from(pairs.len() - complete.len()).unwrap_or(u32::MAX),
            },
        );
    }
    Comparison { replications: pairs.len() as u32, metrics }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pair is compared only when A and B both have a value: replication 1 (B null)
    /// and 3 (A null) are missing; pairs 0 and 2 give A = 1, 3 and B = 2, 6, so A's mean
    /// 2, B's 4, and B − A = 1, 3 with mean 2.
    #[test]
    fn a_pair_with_a_missing_value_is_left_out_and_counted() {
        let pairs = vec![
            (vec![Some(1.0)], vec![Some(2.0)]),
            (vec![Some(100.0)], vec![None]),
            (vec![Some(3.0)], vec![Some(6.0)]),
            (vec![None], vec![Some(100.0)]),
        ];
        let c = summarise(&["m".to_string()], &pairs);
        let m = c.metrics["m"];
        assert_eq!((m.a_mean, m.b_mean, m.diff_mean, m.missing), (2.0, 4.0, 2.0, 2));
        assert_eq!(c.replications, 4);
    }
}
