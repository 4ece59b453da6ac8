//! A grid of scenario variants (`--set PATH=V1,V2,...`, several `--set`s multiply), each
//! run with independent replications and summarised as mean ± 95 % confidence interval.

use super::path::{self, PathError};
use super::{Control, Estimate, ExperimentError, Measured, Plan, estimate_present, measure};
use crate::scenario::path::{Path, Segment};
use crate::scenario::{Scenario, change, validate};
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

/// Why a `PATH=V1,V2,...` is refused (the text as written is kept to quote it).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AssignmentError {
    #[error("`{0}`: expected PATH=V1,V2,... (e.g. consumers.payments.concurrency=4,8)")]
    NoEquals(String),
    #[error("`{0}`: the path must be dotted names, e.g. producers.checkout.rate.per_second")]
    BadPath(String),
    #[error("`{0}`: no values after `=`")]
    NoValues(String),
}

impl std::str::FromStr for Assignment {
    type Err = AssignmentError;

    /// Parses `PATH=V1,V2,...`; values are JSON where they can be ("4", "0.5", "true"),
    /// strings otherwise ("250ms", "Competing").
    fn from_str(text: &str) -> Result<Assignment, AssignmentError> {
        let (path, values) = text.split_once('=').ok_or_else(|| AssignmentError::NoEquals(text.to_string()))?;
        let path = path.trim();
        if path.is_empty() || path.split('.').any(str::is_empty) {
            return Err(AssignmentError::BadPath(text.to_string()));
        }
        let values: Vec<Value> =
            values.split(',').map(str::trim).filter(|v| !v.is_empty()).map(path::parse_value).collect();
        if values.is_empty() {
            return Err(AssignmentError::NoValues(text.to_string()));
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

pub use crate::scenario::limits::MAX_SWEEP_RUNS;

/// Grid points × `replications`, refused beyond [`MAX_SWEEP_RUNS`]; computed from the
/// value counts with checked arithmetic, so even a product past 2⁶⁴ is refused, not wrapped.
pub fn runs(assignments: &[Assignment], replications: u32) -> Result<u64, ExperimentError> {
    let points = assignments.iter().try_fold(1u64, |product, a| product.checked_mul(a.values.len() as u64));
    match points.and_then(|p| p.checked_mul(u64::from(replications.max(1)))) {
        Some(total) if total <= MAX_SWEEP_RUNS => Ok(total),
        _ => Err(ExperimentError::TooManyRuns { points, replications: replications.max(1) }),
    }
}

/// Every combination of the assignments' values, the first assignment varying slowest.
/// A grid of more than [`MAX_SWEEP_RUNS`] points is refused before it is built.
pub fn grid(assignments: &[Assignment]) -> Result<Vec<Vec<(String, Value)>>, ExperimentError> {
    runs(assignments, 1)?;
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
    Ok(points)
}

impl Assignment {
    /// The assignment as it would be written on the command line: `PATH=V1,V2,...`.
    pub fn written(&self) -> String {
        format!("{}={}", self.path, self.values.iter().map(path::plain).collect::<Vec<_>>().join(","))
    }
}

/// The field a dotted `--set` path leads to in the scenario's JSON form `tree`, as
/// validation and the locator write paths (list entries by index, variants skipped):
/// two spellings of one field (`consumers.payments` and `consumers.0`,
/// `rate.per_second` and `rate.Poisson.per_second`) give one path.
pub fn field_path(tree: &Value, dotted: &str) -> Result<Path, PathError> {
    Ok(change::text_path(tree, &path::route_keys(tree, dotted)?))
}

/// Refuses two assignments to one field, or to a field and a part of it: in a grid the
/// later would override (part of) the earlier's values without a word. `sets` are
/// (the argument as written, its dotted path), in command-line order.
pub fn check_distinct(base: &Scenario, sets: &[(String, String)]) -> Result<(), ExperimentError> {
    let tree = serde_json::to_value(base).expect("a scenario is plain data and always encodes");
    let mut seen: Vec<(&str, &str, Path)> = Vec::with_capacity(sets.len());
    for (written, dotted) in sets {
        let field = field_path(&tree, dotted).map_err(ExperimentError::Set)?;
        for (earlier, earlier_dotted, earlier_field) in &seen {
            // Named by the inner of the two (the earlier's spelling when they are equal).
            let inner = if starts_with(&field, earlier_field) && field.len() > earlier_field.len() {
                Some(dotted.as_str())
            } else if starts_with(earlier_field, &field) {
                Some(*earlier_dotted)
            } else {
                None
            };
            if let Some(inner) = inner {
                return Err(ExperimentError::RepeatedSet {
                    first: earlier.to_string(),
                    second: written.clone(),
                    field: inner.to_string(),
                });
            }
        }
        seen.push((written, dotted, field));
    }
    Ok(())
}

/// Whether `path` is `prefix` or lies inside it (segments compared by field name and
/// entry index; labels are only for showing).
fn starts_with(path: &Path, prefix: &Path) -> bool {
    let same = |a: &Segment, b: &Segment| match (a, b) {
        (Segment::Entry { index: i, .. }, Segment::Entry { index: j, .. }) => i == j,
        (Segment::Entry { .. }, _) | (_, Segment::Entry { .. }) => false,
        _ => field_name(a) == field_name(b),
    };
    path.len() >= prefix.len() && path.segments().iter().zip(prefix.segments()).all(|(a, b)| same(a, b))
}

fn field_name(segment: &Segment) -> &str {
    match segment {
        Segment::Field(name) => name,
        Segment::Written(name) => name,
        Segment::Entry { .. } => "",
    }
}

/// Most validation problems quoted for one refused point or change; a value can break a
/// dozen fields at once, and the first few say what to fix.
const PROBLEMS_QUOTED: usize = 3;

/// The problems validation found after `changes` (each: the argument as written, and the
/// field it set), attributed to the argument whose field they are in: `--set
/// consumers.payments.concurrency=0: must be at least 1`, no position in a rewritten copy
/// of the scenario. A problem in no changed field (a value that breaks another field) is
/// given with its path, against all the arguments.
pub fn invalid_change(changes: &[(String, Path)], problems: &validate::Problems) -> ExperimentError {
    let mut by_change: Vec<Vec<String>> = vec![Vec::new(); changes.len()];
    let mut elsewhere = Vec::new();
    for problem in &problems.list {
        let help = problem.help.as_ref().map(|h| format!(" ({h})")).unwrap_or_default();
        // The most specific change that contains the problem.
        let owner = changes
            .iter()
            .enumerate()
            .filter(|(_, (_, field))| starts_with(&problem.path, field))
            .max_by_key(|(_, (_, field))| field.len());
        match owner {
            Some((i, (_, field))) => {
                let mut inside = Path::root();
                for segment in &problem.path.segments()[field.len()..] {
                    inside.push(segment.clone());
                }
                let at = if inside.is_empty() { String::new() } else { format!("{inside}: ") };
                by_change[i].push(format!("{at}{}{help}", problem.message));
            }
            None => elsewhere.push(format!("{}: {}{help}", problem.path, problem.message)),
        }
    }
    let (assignment, messages) = match by_change.iter().position(|m| !m.is_empty()) {
        Some(i) => (changes[i].0.clone(), std::mem::take(&mut by_change[i])),
        None => (changes.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>().join(" --set "), elsewhere),
    };
    let more = messages.len().saturating_sub(PROBLEMS_QUOTED);
    let mut message = messages.into_iter().take(PROBLEMS_QUOTED).collect::<Vec<_>>().join("; ");
    if more > 0 {
        message += &format!("; and {more} more problems");
    }
    ExperimentError::InvalidPoint { assignment, message }
}

/// `base` with the point's values written in, re-validated like a file from disk; a
/// refusal names the `PATH=VALUE` responsible. The point is the system only: a sweep
/// measures, so a lesson and its expectations have no say in it, and their times need
/// not fit a shortened run.
pub fn apply(base: &Scenario, point: &[(String, Value)]) -> Result<Scenario, ExperimentError> {
    let system = Scenario { lesson: None, expect: Vec::new(), ..base.clone() };
    let mut tree = serde_json::to_value(&system).expect("a scenario is plain data and always encodes");
    let mut changes = Vec::with_capacity(point.len());
    for (p, v) in point {
        changes.push((format!("{p}={}", path::plain(v)), field_path(&tree, p).map_err(ExperimentError::Set)?));
        path::set(&mut tree, p, v.clone()).map_err(ExperimentError::Set)?;
    }
    let changed: Scenario = match serde_json::from_value(tree) {
        Ok(changed) => changed,
        Err(e) => return Err(wrong_type(&system, point, e)),
    };
    let problems = validate::validate(&changed);
    if problems.is_empty() { Ok(changed) } else { Err(invalid_change(&changes, &problems)) }
}

/// A point whose values do not fit the scenario's types: the first value that makes the
/// scenario unreadable on its own is blamed (serde's message names no field).
fn wrong_type(system: &Scenario, point: &[(String, Value)], error: serde_json::Error) -> ExperimentError {
    let culprit = point.iter().find(|(p, v)| {
        let mut tree = serde_json::to_value(system).expect("a scenario is plain data and always encodes");
        path::set(&mut tree, p, v.clone()).is_ok() && serde_json::from_value::<Scenario>(tree).is_err()
    });
    let assignment = match culprit {
        Some((p, v)) => format!("{p}={}", path::plain(v)),
        None => point.iter().map(|(p, v)| format!("{p}={}", path::plain(v))).collect::<Vec<_>>().join(" --set "),
    };
    ExperimentError::InvalidPoint { assignment, message: error.to_string() }
}

/// The scenario one point runs: [`apply`]'s, validated, then run for the plan's run length
/// ([`super::with_run_length`], as `run --duration` does) unless the point sets `duration`
/// itself, which it may.
pub fn point_run(base: &Scenario, point: &[(String, Value)], plan: &Plan) -> Result<Scenario, ExperimentError> {
    let scenario = apply(base, point)?;
    let sets_duration = point.iter().any(|(p, _)| p.trim() == "duration");
    Ok(if sets_duration { scenario } else { super::with_run_length(scenario, plan.run_length) })
}

/// Checks a sweep before anything runs: the plan (seeds, warm-up against the base run),
/// the number of runs, one `--set` per field, and every point (built and validated, then
/// dropped), so a bad value fails at once rather than after the first runs.
pub fn check(base: &Scenario, assignments: &[Assignment], plan: &Plan) -> Result<(), ExperimentError> {
    plan.check(plan.run_length.unwrap_or(base.duration))?;
    runs(assignments, plan.replications)?;
    let sets: Vec<(String, String)> = assignments.iter().map(|a| (a.written(), a.path.clone())).collect();
    check_distinct(base, &sets)?;
    for point in grid(assignments)? {
        let scenario = point_run(base, &point, plan)?;
        plan.check(scenario.duration)?;
    }
    Ok(())
}

/// Runs the grid after [`check`]ing it. Each job builds its point's scenario afresh: a
/// scenario can be megabytes, and a hundred thousand of them kept for the whole sweep
/// would not be bounded by anything but the grid.
pub fn sweep(
    base: &Scenario,
    assignments: &[Assignment],
    plan: &Plan,
    control: &Control,
) -> Result<Vec<SweepPoint>, ExperimentError> {
    check(base, assignments, plan)?;
    let points = grid(assignments)?;
    let jobs: Vec<(usize, u32)> = (0..points.len()).flat_map(|i| (0..plan.replications).map(move |r| (i, r))).collect();
    let results: Vec<Measured> = jobs
        .par_iter()
        .map(|&(i, r)| {
            control.checkpoint()?;
            let scenario = point_run(base, &points[i], plan)?;
            let values = measure(&scenario, plan.seed(r), plan)?;
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
                .map(|(m, name)| (name.clone(), estimate_present(&runs.iter().map(|v| v[m]).collect::<Vec<_>>())))
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

    fn base() -> Scenario {
        let text = r#"Scenario(name: "b", duration: "10s",
            topics: [Topic(name: "t")],
            producers: [Producer(name: "p", topic: "t", rate: Poisson(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Exponential("5ms")))])"#;
        crate::scenario::parse_str(text, "b").expect("valid")
    }

    #[test]
    fn the_number_of_runs_is_bounded_before_the_grid_is_built() {
        let ten: Assignment = "x=0,1,2,3,4,5,6,7,8,9".parse().expect("valid");
        assert_eq!(runs(&vec![ten.clone(); 4], 10).ok(), Some(100_000));
        match runs(&vec![ten.clone(); 4], 11) {
            Err(ExperimentError::TooManyRuns { points: Some(10_000), replications: 11 }) => {}
            other => panic!("{other:?}"),
        }
        // 10²⁰ points do not fit in 64 bits: refused, not wrapped.
        match grid(&vec![ten; 20]) {
            Err(ExperimentError::TooManyRuns { points: None, replications: 1 }) => {}
            other => panic!("{:?}", other.map(|g| g.len())),
        }
    }

    #[test]
    fn two_spellings_of_one_field_are_one_field() {
        let sets = |paths: &[&str]| -> Vec<(String, String)> {
            paths.iter().map(|p| (format!("{p}=1"), p.to_string())).collect()
        };
        assert!(check_distinct(&base(), &sets(&["consumers.g.concurrency", "consumers.g.prefetch"])).is_ok());
        for pair in [
            ["consumers.g.concurrency", "consumers.0.concurrency"],
            ["producers.p.rate.per_second", "producers.p.rate.Poisson.per_second"],
            ["consumers.g.handler", "consumers.g.handler.work"],
        ] {
            match check_distinct(&base(), &sets(&pair)) {
                Err(ExperimentError::RepeatedSet { first, second, .. }) => {
                    assert_eq!((first, second), (format!("{}=1", pair[0]), format!("{}=1", pair[1])));
                }
                other => panic!("{pair:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_refused_point_names_the_value_responsible() {
        let point = |pairs: &[(&str, Value)]| -> Vec<(String, Value)> {
            pairs.iter().map(|(p, v)| (p.to_string(), v.clone())).collect()
        };
        let err = apply(&base(), &point(&[("duration", json!("5s")), ("consumers.g.concurrency", json!(0))]))
            .expect_err("no workers");
        assert_eq!(err.to_string(), "--set consumers.g.concurrency=0: must be at least 1");
        let err = apply(&base(), &point(&[("consumers.g.concurrency", json!("many")), ("duration", json!("5s"))]))
            .expect_err("not a number");
        assert_eq!(err.to_string(), "--set consumers.g.concurrency=many: invalid type: string \"many\", expected u32");
    }

    #[test]
    fn the_grid_is_the_cartesian_product_first_slowest() {
        let a: Assignment = "x=1,2".parse().expect("valid");
        let b: Assignment = "y=a,b,c".parse().expect("valid");
        let g = grid(&[a, b]).expect("six points");
        assert_eq!(g.len(), 6);
        assert_eq!(g[0], vec![("x".into(), json!(1)), ("y".into(), json!("a"))]);
        assert_eq!(g[3], vec![("x".into(), json!(2)), ("y".into(), json!("a"))]);
    }
}
