//! A challenge's rules: which changes an attempt may make (`lesson.challenge.may_change`)
//! and whether a list of `PATH=VALUE` changes keeps to them. The validator checks the
//! reference solution with it; `faultline run --set` and the dashboard's "Run attempt"
//! check the student's changes with it, so the three never disagree.
//!
//! Paths are compared by where they lead, not by how they are written: `consumers.0.instances`
//! and `consumers.payments.instances` are the same parameter when `payments` is the first
//! group, and a variant stepped through (`rate.per_second`) is the same as one named.

use super::change::{self, Change, ChangeError};
use super::dotted;
use super::model::Scenario;
use super::teaching::{Allowed, Challenge};
use crate::i18n::Lang;
use crate::time::SimDuration;
use serde_json::Value;

/// Why one change of an attempt does not keep to the challenge's rules.
#[derive(Clone, Debug, PartialEq)]
pub enum NotAllowed {
    /// The change's parameter is not in `may_change` (the paths that are, as written).
    NotListed { path: String, allowed: Vec<String> },
    /// A bounded parameter ends outside its bounds.
    OutOfBounds { path: String, value: f64, min: f64, max: f64 },
    /// A parameter with listed values ends at another one (the value as a change writes it).
    NotOneOf { path: String, value: String, values: Vec<String> },
}

impl NotAllowed {
    /// In English, as the validator reports it for a reference solution.
    pub fn message(&self) -> String {
        match self {
            NotAllowed::NotListed { path, allowed } => {
                format!("`{path}` is not among the parameters the challenge lets you change ({})", allowed.join(", "))
            }
            // `{}` of an f64 writes 6 as "6" and 0.25 as "0.25": what the file says.
            NotAllowed::OutOfBounds { path, value, min, max } => {
                format!("`{path}` is {value}, outside the challenge's bounds {min} to {max}")
            }
            NotAllowed::NotOneOf { path, value, values } => {
                format!("`{path}` is `{value}`, not one of the values the challenge allows: {}", values.join(", "))
            }
        }
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let english = self.message();
        if lang == Lang::En { english } else { super::translate_message(lang, &english) }
    }
}

/// The number a bound applies to: a number as it is, a length of time in seconds.
pub fn bounded_number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(text) => text.parse::<SimDuration>().ok().map(|d| d.as_secs_f64()),
        _ => None,
    }
}

/// Where a path leads in `tree` (list entries by position, however they were named): its
/// identity for comparing paths.
fn identity(tree: &Value, path: &str) -> Option<super::path::Path> {
    dotted::route_keys(tree, path).ok().map(|keys| change::text_path(tree, &keys))
}

/// The value at `path` after `base` is changed to `path=value` (how a listed value of a
/// `OneOf` is compared with what an attempt left there, whatever way each is written).
pub fn value_after(base: &Scenario, path: &str, value: &str) -> Result<Value, ChangeError> {
    let change: Change = format!("{path}={value}").parse()?;
    let changed = change::apply(base, &[change])?;
    Ok(dotted::get(&to_tree(&changed), path)?.clone())
}

fn to_tree(scenario: &Scenario) -> Value {
    serde_json::to_value(scenario).unwrap_or(Value::Null)
}

/// Whether `changes` keep to `challenge`'s rules on `base`: one entry per change outside
/// `may_change`, then one per listed parameter left outside its bounds or values. Errors
/// are changes that cannot be applied at all (a path that leads nowhere, a value that
/// does not fit).
pub fn judge(base: &Scenario, challenge: &Challenge, changes: &[Change]) -> Result<Vec<NotAllowed>, ChangeError> {
    let tree = to_tree(base);
    let listed: Vec<(Option<super::path::Path>, &Allowed)> =
        challenge.may_change.iter().map(|a| (identity(&tree, a.path()), a)).collect();
    let mut refused = Vec::new();
    let mut touched: Vec<&Allowed> = Vec::new();
    for change in changes {
        let keys = dotted::route_keys(&tree, &change.path)?;
        let id = change::text_path(&tree, &keys);
        match listed.iter().find(|(listed, _)| listed.as_ref() == Some(&id)) {
            Some((_, allowed)) => {
                if !touched.iter().any(|t| std::ptr::eq(*t, *allowed)) {
                    touched.push(allowed);
                }
            }
            None => refused.push(NotAllowed::NotListed {
                path: change.path.clone(),
                allowed: challenge.may_change.iter().map(|a| a.path().to_string()).collect(),
            }),
        }
    }
    let changed = to_tree(&change::apply(base, changes)?);
    for allowed in touched {
        let Ok(now) = dotted::get(&changed, allowed.path()) else { continue };
        match allowed {
            Allowed::Bound { path, min, max } => {
                if let Some(value) = bounded_number(now)
                    && !(*min..=*max).contains(&value)
                {
                    refused.push(NotAllowed::OutOfBounds { path: path.clone(), value, min: *min, max: *max });
                }
            }
            Allowed::OneOf { path, values } => {
                let fits = values.iter().any(|v| value_after(base, path, v).is_ok_and(|allowed| allowed == *now));
                if !fits {
                    refused.push(NotAllowed::NotOneOf {
                        path: path.clone(),
                        value: dotted::plain(now),
                        values: values.clone(),
                    });
                }
            }
        }
    }
    Ok(refused)
}
