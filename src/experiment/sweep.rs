//! A grid of scenario variants (`--set PATH=V1,V2,...`, several `--set`s multiply), each
//! run with independent replications and summarised as mean ± 95 % confidence interval.

use super::path::{self, PathError};
use super::{Control, Estimate, ExperimentError, Measured, Plan, PointRefusal, estimate_present, measure};
use crate::engine::command::ChangeProblem;
use crate::i18n::{Arg, Lang, say};
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
    pub values: Vec<SetValue>,
}

/// One value of a `--set`, read as a live change reads its value (`Command::Set`): JSON
/// where the whole value is JSON (`4`, `0.5`, `true`, `null`, `{"Exponential":"30s"}`),
/// a bare word otherwise (`250ms`, `Full`: a JSON string), and RON, exactly as in a
/// scenario file, when a value that is not JSON has brackets
/// (`Uniform(min: "0.5ms", max: "1.5ms")`).
#[derive(Clone, Debug, PartialEq)]
pub enum SetValue {
    Json(Value),
    /// RON text as written; read against the scenario when a point is built
    /// (`scenario::change`), since only the field's type says what its variants are.
    Ron(String),
}

impl SetValue {
    /// Reads one value as written (trimmed).
    pub fn read(text: &str) -> SetValue {
        match serde_json::from_str::<Value>(text) {
            Ok(json) => SetValue::Json(json),
            Err(_) if text.contains(['(', '[', '{']) => SetValue::Ron(text.to_string()),
            Err(_) => SetValue::Json(Value::String(text.to_string())),
        }
    }

    /// The value as a person types it (strings without JSON quotes, RON as written).
    pub fn written(&self) -> String {
        match self {
            SetValue::Json(v) => path::plain(v),
            SetValue::Ron(text) => text.clone(),
        }
    }

    /// The value in a point's results (`SweepPoint::set`): JSON as is, RON as its text.
    pub fn shown(&self) -> Value {
        match self {
            SetValue::Json(v) => v.clone(),
            SetValue::Ron(text) => Value::String(text.clone()),
        }
    }
}

/// Why a `PATH=V1,V2,...` is refused (the text as written is kept to quote it; columns
/// count characters of it from 1).
#[derive(Clone, Debug, PartialEq)]
pub enum AssignmentError {
    NoEquals(String),
    BadPath(String),
    NoValues(String),
    Unclosed { text: String, open: char, column: usize },
    Unopened { text: String, close: char, column: usize },
    Mismatched { text: String, open: char, open_column: usize, close: char, column: usize },
    UnclosedString { text: String, column: usize },
}

impl AssignmentError {
    /// The refusal in `lang`; the text as written and its brackets stay.
    pub fn render(&self, lang: Lang) -> String {
        let text = |v: &str| Arg::from(v.to_string());
        let mark = |c: &char| Arg::from(c.to_string());
        let column = |n: &usize| Arg::from(n.to_string());
        match self {
            AssignmentError::NoEquals(t) => say(lang, "experiment-assignment-no-equals", &[("text", text(t))]),
            AssignmentError::BadPath(t) => say(lang, "experiment-assignment-bad-path", &[("text", text(t))]),
            AssignmentError::NoValues(t) => say(lang, "experiment-assignment-no-values", &[("text", text(t))]),
            AssignmentError::Unclosed { text: t, open, column: c } => say(
                lang,
                "experiment-assignment-unclosed",
                &[("text", text(t)), ("open", mark(open)), ("column", column(c))],
            ),
            AssignmentError::Unopened { text: t, close, column: c } => say(
                lang,
                "experiment-assignment-unopened",
                &[("text", text(t)), ("close", mark(close)), ("column", column(c))],
            ),
            AssignmentError::Mismatched { text: t, open, open_column, close, column: c } => say(
                lang,
                "experiment-assignment-mismatched",
                &[
                    ("text", text(t)),
                    ("open", mark(open)),
                    ("open-column", column(open_column)),
                    ("close", mark(close)),
                    ("column", column(c)),
                ],
            ),
            AssignmentError::UnclosedString { text: t, column: c } => {
                say(lang, "experiment-assignment-unclosed-string", &[("text", text(t)), ("column", column(c))])
            }
        }
    }
}

crate::i18n::english_display!(AssignmentError);

impl std::error::Error for AssignmentError {}

impl std::str::FromStr for Assignment {
    type Err = AssignmentError;

    /// Parses `PATH=V1,V2,...` (see [`SetValue`] for how each value is read). Values are
    /// separated by the commas outside brackets and strings, so a JSON or RON value keeps
    /// its own commas: a separator that cannot clash with them, since no single JSON or
    /// RON value has a comma at its top level.
    fn from_str(text: &str) -> Result<Assignment, AssignmentError> {
        let (path, values) = text.split_once('=').ok_or_else(|| AssignmentError::NoEquals(text.to_string()))?;
        let path = path.trim();
        if path.is_empty() || path.split('.').any(str::is_empty) {
            return Err(AssignmentError::BadPath(text.to_string()));
        }
        // Columns are counted in the whole argument: the values start after PATH=.
        let first_column = text[..text.len() - values.len()].chars().count() + 1;
        let values: Vec<SetValue> = split_values(text, values, first_column)?
            .into_iter()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(SetValue::read)
            .collect();
        if values.is_empty() {
            return Err(AssignmentError::NoValues(text.to_string()));
        }
        Ok(Assignment { path: path.to_string(), values })
    }
}

/// `values` cut at its top-level commas: not inside `()`, `[]`, `{}` or a `"…"` string
/// (with `\"` escapes). Unbalanced brackets and unclosed strings are refused with their
/// column (`first_column` is the column of `values`'s first character in `whole`).
fn split_values<'a>(whole: &str, values: &'a str, first_column: usize) -> Result<Vec<&'a str>, AssignmentError> {
    let mut parts = Vec::new();
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut string_from: Option<usize> = None;
    let mut escaped = false;
    let mut start = 0;
    for (column, (at, c)) in (first_column..).zip(values.char_indices()) {
        if string_from.is_some() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => string_from = None,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => string_from = Some(column),
            '(' | '[' | '{' => open.push((c, column)),
            ')' | ']' | '}' => {
                let wanted = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                match open.pop() {
                    Some((o, _)) if o == wanted => {}
                    Some((o, open_column)) => {
                        return Err(AssignmentError::Mismatched {
                            text: whole.to_string(),
                            open: o,
                            open_column,
                            close: c,
                            column,
                        });
                    }
                    None => return Err(AssignmentError::Unopened { text: whole.to_string(), close: c, column }),
                }
            }
            ',' if open.is_empty() => {
                parts.push(&values[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    if let Some(column) = string_from {
        return Err(AssignmentError::UnclosedString { text: whole.to_string(), column });
    }
    if let Some((o, column)) = open.pop() {
        return Err(AssignmentError::Unclosed { text: whole.to_string(), open: o, column });
    }
    parts.push(&values[start..]);
    Ok(parts)
}

/// One grid point's result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepPoint {
    /// The values set, as [`SetValue::shown`].
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
pub fn grid(assignments: &[Assignment]) -> Result<Vec<Vec<(String, SetValue)>>, ExperimentError> {
    runs(assignments, 1)?;
    let mut points: Vec<Vec<(String, SetValue)>> = vec![Vec::new()];
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
        format!("{}={}", self.path, self.values.iter().map(SetValue::written).collect::<Vec<_>>().join(","))
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
    let mut by_change: Vec<Vec<ChangeProblem>> = vec![Vec::new(); changes.len()];
    let mut elsewhere = Vec::new();
    for problem in &problems.list {
        let quoted =
            |path: String| ChangeProblem { path, message: problem.message.clone(), help: problem.help.clone() };
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
                let at = if inside.is_empty() { String::new() } else { inside.to_string() };
                by_change[i].push(quoted(at));
            }
            None => elsewhere.push(quoted(problem.path.to_string())),
        }
    }
    let (assignment, mut problems) = match by_change.iter().position(|m| !m.is_empty()) {
        Some(i) => (changes[i].0.clone(), std::mem::take(&mut by_change[i])),
        None => (changes.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>().join(" --set "), elsewhere),
    };
    let more = problems.len().saturating_sub(PROBLEMS_QUOTED);
    problems.truncate(PROBLEMS_QUOTED);
    ExperimentError::InvalidPoint { assignment, reason: Box::new(PointRefusal::Problems { problems, more }) }
}

/// `base` with the point's values written in, re-validated like a file from disk; a
/// refusal names the `PATH=VALUE` responsible. The point is the system only: a sweep
/// measures, so a lesson and its expectations have no say in it, and their times need
/// not fit a shortened run. The `Serial` and `KOutOfN` laws stay (never checked): they
/// declare the structures whose availability the report gives as `structures.*`
/// numbers, which a sweep may measure.
pub fn apply(base: &Scenario, point: &[(String, SetValue)]) -> Result<Scenario, ExperimentError> {
    let structures = base
        .expect
        .iter()
        .filter(|e| {
            matches!(
                e,
                crate::scenario::Expectation::Law {
                    law: crate::scenario::Law::Serial { .. } | crate::scenario::Law::KOutOfN { .. },
                    ..
                }
            )
        })
        .cloned()
        .collect();
    let mut system = Scenario { lesson: None, expect: structures, ..base.clone() };
    let tree = serde_json::to_value(&system).expect("a scenario is plain data and always encodes");
    let mut changes = Vec::with_capacity(point.len());
    for (p, v) in point {
        changes.push((format!("{p}={}", v.written()), field_path(&tree, p).map_err(ExperimentError::Set)?));
    }
    // RON values are read in the scenario's text, where the field's type is known; the
    // fields are distinct (`check_distinct`), so the order of the changes does not matter.
    let mut json = Vec::with_capacity(point.len());
    for (p, v) in point {
        match v {
            SetValue::Ron(text) => system = apply_ron(&system, p, text)?,
            SetValue::Json(value) => json.push((p.clone(), value.clone())),
        }
    }
    let mut tree = serde_json::to_value(&system).expect("a scenario is plain data and always encodes");
    for (p, v) in &json {
        path::set(&mut tree, p, v.clone()).map_err(ExperimentError::Set)?;
    }
    let changed: Scenario = match serde_json::from_value(tree) {
        Ok(changed) => changed,
        Err(e) => return Err(wrong_type(&system, &json, e)),
    };
    let problems = validate::validate(&changed);
    if problems.is_empty() { Ok(changed) } else { Err(invalid_change(&changes, &problems)) }
}

/// `scenario` with the RON `text` written at `path`, as a lesson's change or a live
/// change with brackets is.
fn apply_ron(scenario: &Scenario, path: &str, text: &str) -> Result<Scenario, ExperimentError> {
    let asked = change::Change { path: path.to_string(), value: text.to_string() };
    change::apply(scenario, &[asked]).map_err(|e| match e {
        change::ChangeError::Path(e) => ExperimentError::Set(e),
        other => ExperimentError::InvalidPoint {
            assignment: format!("{path}={text}"),
            reason: Box::new(PointRefusal::Change(other)),
        },
    })
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
    ExperimentError::InvalidPoint { assignment, reason: Box::new(PointRefusal::Message(error.to_string())) }
}

/// The scenario one point runs: [`apply`]'s, validated, then run for the plan's run length
/// ([`super::with_run_length`], as `run --duration` does) unless the point sets `duration`
/// itself, which it may.
pub fn point_run(base: &Scenario, point: &[(String, SetValue)], plan: &Plan) -> Result<Scenario, ExperimentError> {
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
            let set = point.into_iter().map(|(p, v)| (p, v.shown())).collect();
            SweepPoint { set, replications: plan.replications, metrics }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn j(v: Value) -> SetValue {
        SetValue::Json(v)
    }

    #[test]
    fn assignments_parse_values_as_json_or_text() {
        let a: Assignment = "consumers.g.concurrency=4, 8".parse().expect("valid");
        assert_eq!(a.values, vec![j(json!(4)), j(json!(8))]);
        let a: Assignment = "consumers.g.handler.timeout=250ms,1s".parse().expect("valid");
        assert_eq!(a.values, vec![j(json!("250ms")), j(json!("1s"))]);
        // Empty values between commas are skipped, as they always were.
        let a: Assignment = "x=1,,2,".parse().expect("valid");
        assert_eq!(a.values, vec![j(json!(1)), j(json!(2))]);
        assert!("no-equals".parse::<Assignment>().is_err());
        assert!("a..b=1".parse::<Assignment>().is_err());
        assert!("a.b=".parse::<Assignment>().is_err());
    }

    /// Commas inside brackets and strings belong to the value (issue 19): RON with fields,
    /// JSON objects and lists, and quoted strings are one value each.
    #[test]
    fn commas_inside_brackets_and_strings_do_not_split() {
        let a: Assignment = r#"consumers.g.handler.work=Uniform(min: "0.5ms", max: "1.5ms"), Exponential("1ms")"#
            .parse()
            .expect("valid");
        assert_eq!(
            a.values,
            vec![
                SetValue::Ron(r#"Uniform(min: "0.5ms", max: "1.5ms")"#.into()),
                SetValue::Ron(r#"Exponential("1ms")"#.into())
            ]
        );
        let a: Assignment = r#"x={"a":1,"b":[2,3]},[4,5],"six, seven",8"#.parse().expect("valid");
        assert_eq!(
            a.values,
            vec![j(json!({"a": 1, "b": [2, 3]})), j(json!([4, 5])), j(json!("six, seven")), j(json!(8))]
        );
        // A quote escaped inside a string does not end it.
        let a: Assignment = r#"x="a\",b",c"#.parse().expect("valid");
        assert_eq!(a.values, vec![j(json!("a\",b")), j(json!("c"))]);
        assert_eq!(a.written(), r#"x=a",b,c"#);
    }

    #[test]
    fn unbalanced_brackets_are_refused_with_their_column() {
        let err = |text: &str| text.parse::<Assignment>().expect_err("unbalanced").to_string();
        // Columns count from 1 in the whole argument: `x=` is columns 1 and 2.
        assert_eq!(err("x=Uniform(min: 1, max: 2"), "`x=Uniform(min: 1, max: 2`: the `(` at column 10 is never closed");
        assert_eq!(err("x=1,2)"), "`x=1,2)`: the `)` at column 6 closes nothing");
        assert_eq!(err("x=[1,2)"), "`x=[1,2)`: the `)` at column 7 does not close the `[` at column 3");
        assert_eq!(
            err(r#"x=Exponential("1ms)"#),
            "`x=Exponential(\"1ms)`: the string opened at column 15 is never closed (a `\"` is missing)"
        );
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
        let point = |pairs: &[(&str, Value)]| -> Vec<(String, SetValue)> {
            pairs.iter().map(|(p, v)| (p.to_string(), SetValue::Json(v.clone()))).collect()
        };
        let err = apply(&base(), &point(&[("duration", json!("5s")), ("consumers.g.concurrency", json!(0))]))
            .expect_err("no workers");
        assert_eq!(err.to_string(), "--set consumers.g.concurrency=0: must be at least 1");
        let err = apply(&base(), &point(&[("consumers.g.concurrency", json!("many")), ("duration", json!("5s"))]))
            .expect_err("not a number");
        assert_eq!(err.to_string(), "--set consumers.g.concurrency=many: invalid type: string \"many\", expected u32");
    }

    /// A RON value is read in the scenario's text, where the field's type says what
    /// `Uniform` is; a bad one is named by its argument.
    #[test]
    fn ron_values_are_read_as_in_the_file() {
        let a: Assignment = r#"consumers.g.handler.work=Uniform(min: "0.5ms", max: "1.5ms"),Exponential("2ms")"#
            .parse()
            .expect("valid");
        let points = grid(&[a]).expect("two points");
        let first = apply(&base(), &points[0]).expect("a valid point");
        assert_eq!(
            first.consumers[0].handler.work,
            crate::scenario::Distribution::Uniform {
                min: crate::time::SimDuration(500_000),
                max: crate::time::SimDuration(1_500_000)
            }
        );
        let second = apply(&base(), &points[1]).expect("a valid point");
        assert_eq!(
            second.consumers[0].handler.work,
            crate::scenario::Distribution::Exponential(crate::time::SimDuration::from_millis(2))
        );
        let bad: Assignment = r#"consumers.g.handler.work=Uniform(min: "0.5ms")"#.parse().expect("syntax ok");
        let err = apply(&base(), &grid(&[bad]).expect("one point")[0]).expect_err("max is missing");
        assert!(err.to_string().starts_with(r#"--set consumers.g.handler.work=Uniform(min: "0.5ms"): "#), "{err}");
    }

    #[test]
    fn the_grid_is_the_cartesian_product_first_slowest() {
        let a: Assignment = "x=1,2".parse().expect("valid");
        let b: Assignment = "y=a,b,c".parse().expect("valid");
        let g = grid(&[a, b]).expect("six points");
        assert_eq!(g.len(), 6);
        assert_eq!(g[0], vec![("x".into(), j(json!(1))), ("y".into(), j(json!("a")))]);
        assert_eq!(g[3], vec![("x".into(), j(json!(2))), ("y".into(), j(json!("a")))]);
    }
}
