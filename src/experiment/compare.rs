//! Two variants, paired by seed: the difference B − A of each metric with its 95 %
//! confidence interval.
//!
//! Replication r of A and of B share a seed, so every component's random stream is the
//! same in both except where the variants differ (common random numbers, Law §11.2).
//! The paired differences d_r = B_r − A_r are independent across r, and their Student-t
//! interval is far narrower than the difference of two independent intervals when the
//! variants are positively correlated — which is the point.

use super::{Control, ExperimentError, Plan, estimate, measure};
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
    let pairs: Vec<(Vec<f64>, Vec<f64>)> = (0..plan.replications)
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
/// of A and of B, in `metrics` order.
pub(super) fn summarise(names: &[String], pairs: &[(Vec<f64>, Vec<f64>)]) -> Comparison {
    let mut metrics = BTreeMap::new();
    for (m, name) in names.iter().enumerate() {
        let a_values: Vec<f64> = pairs.iter().map(|(a, _)| a[m]).collect();
        let b_values: Vec<f64> = pairs.iter().map(|(_, b)| b[m]).collect();
        let diffs: Vec<f64> = pairs.iter().map(|(a, b)| b[m] - a[m]).collect();
        let diff = estimate(&diffs);
        metrics.insert(
            name.clone(),
            MetricComparison {
                a_mean: estimate(&a_values).mean,
                b_mean: estimate(&b_values).mean,
                diff_mean: diff.mean,
                diff_ci95_low: diff.ci95_low,
                diff_ci95_high: diff.ci95_high,
            },
        );
    }
    Comparison { replications: pairs.len() as u32, metrics }
}
