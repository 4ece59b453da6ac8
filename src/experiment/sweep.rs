//! A grid of scenario variants (`--set PATH=V1,V2,...`, several `--set`s multiply), each
//! run with independent replications and summarised as mean ± 95 % confidence interval.

use super::path;
use super::{Control, Estimate, ExperimentError, Plan, estimate, measure};
use crate::scenario::{self, Scenario};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One `--set PATH=V1,V2,...`.
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    pub path: String,
    pub values: Vec<Value>,
}

impl std::str::FromStr for Assignment {
    type Err = String;

    /// Parses `PATH=V1,V2,...`; values are JSON where they can be ("4", "0.5", "true"),
    /// strings otherwise ("250ms", "Competing").
    fn from_str(text: &str) -> Result<Assignment, String> {
        let (path, values) = text
            .split_once('=')
            .ok_or_else(|| format!("`{text}`: expected PATH=V1,V2,... (e.g. consumers.payments.concurrency=4,8)"))?;
        let path = path.trim();
        if path.is_empty() || path.split('.').any(str::is_empty) {
            return Err(format!("`{text}`: the path must be dotted names, e.g. producers.checkout.rate.per_second"));
        }
        let values: Vec<Value> =
            values.split(',').map(str::trim).filter(|v| !v.is_empty()).map(path::parse_value).collect();
        if values.is_empty() {
            return Err(format!("`{text}`: no values after `=`"));
        }
        Ok(Assignment { path: path.to_string(), values })
    }
}

/// One grid point's result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepPoint {
    pub set: BTreeMap<String, Value>,
    pub replications: u32,
    pub metrics: BTreeMap<String, Estimate>,
}

/// Every combination of the assignments' values, the first assignment varying slowest.
pub fn grid(assignments: &[Assignment]) -> Vec<Vec<(String, Value)>> {
    let mut points: Vec<Vec<(String, Value)>> = vec![Vec::new()];
    for a in assignments {
        points = points
            .into_iter()
            .flat_map(|prefix| {
                a.values.iter().map(move |v| {
                    let mut point = prefix.clone();
                    point.push((a.path.clone(), v.clone()));
                    point
                })
            })
            .collect();
    }
    points
}

/// `base` with the point's values written in, re-validated like a file from disk. The
/// point is the system only: a sweep measures, so a lesson and its expectations have no
/// say in it, and their times need not fit a shortened run.
pub fn apply(base: &Scenario, point: &[(String, Value)]) -> Result<Scenario, ExperimentError> {
    let system = Scenario { lesson: None, expect: Vec::new(), ..base.clone() };
    let mut tree = serde_json::to_value(&system).expect("a scenario is plain data and always encodes");
    for (p, v) in point {
        path::set(&mut tree, p, v.clone()).map_err(ExperimentError::Set)?;
    }
    let describe = || point.iter().map(|(p, v)| format!("{p}={v}")).collect::<Vec<_>>().join(" ");
    let invalid = |message: String| ExperimentError::InvalidPoint { assignment: describe(), message };
    let changed: Scenario = serde_json::from_value(tree).map_err(|e| invalid(e.to_string()))?;
    scenario::validate(&changed, &describe()).map_err(|e| invalid(e.to_string()))?;
    Ok(changed)
}

/// Runs the grid. Points are built (and validated) first, so a bad value fails at once.
pub fn sweep(
    base: &Scenario,
    assignments: &[Assignment],
    plan: &Plan,
    control: &Control,
) -> Result<Vec<SweepPoint>, ExperimentError> {
    let points = grid(assignments);
    let scenarios: Vec<Scenario> = points.iter().map(|p| apply(base, p)).collect::<Result<_, _>>()?;
    let jobs: Vec<(usize, u32)> =
        (0..scenarios.len()).flat_map(|i| (0..plan.replications).map(move |r| (i, r))).collect();
    let results: Vec<Vec<f64>> = jobs
        .par_iter()
        .map(|&(i, r)| {
            control.checkpoint()?;
            let values = measure(&scenarios[i], plan.seed(r), plan)?;
            control.finished_one();
            Ok(values)
        })
        .collect::<Result<_, ExperimentError>>()?;

    let per_point = plan.replications as usize;
    Ok(points
        .into_iter()
        .enumerate()
        .map(|(i, point)| {
            let runs = &results[i * per_point..(i + 1) * per_point];
            let metrics = plan
                .metrics
                .iter()
                .enumerate()
                .map(|(m, name)| (name.clone(), estimate(&runs.iter().map(|v| v[m]).collect::<Vec<_>>())))
                .collect();
            SweepPoint { set: point.into_iter().collect(), replications: plan.replications, metrics }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn assignments_parse_values_as_json_or_text() {
        let a: Assignment = "consumers.g.concurrency=4, 8".parse().expect("valid");
        assert_eq!(a.values, vec![json!(4), json!(8)]);
        let a: Assignment = "consumers.g.handler.timeout=250ms,1s".parse().expect("valid");
        assert_eq!(a.values, vec![json!("250ms"), json!("1s")]);
        assert!("no-equals".parse::<Assignment>().is_err());
        assert!("a..b=1".parse::<Assignment>().is_err());
        assert!("a.b=".parse::<Assignment>().is_err());
    }

    #[test]
    fn the_grid_is_the_cartesian_product_first_slowest() {
        let a: Assignment = "x=1,2".parse().expect("valid");
        let b: Assignment = "y=a,b,c".parse().expect("valid");
        let g = grid(&[a, b]);
        assert_eq!(g.len(), 6);
        assert_eq!(g[0], vec![("x".into(), json!(1)), ("y".into(), json!("a"))]);
        assert_eq!(g[3], vec![("x".into(), json!(2)), ("y".into(), json!("a"))]);
    }
}
