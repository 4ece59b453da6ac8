//! Dotted paths into JSON-shaped values: `producers.checkout.rate.per_second` names a
//! scenario field, `latency_ms.p99` a field of the `run --json` report.
//!
//! Segments are object keys; in a list, a segment picks the entry whose `name` matches
//! (or, failing that, the entry at that index); an enum variant is stepped through
//! transparently, so a path reads like the RON file (`rate.per_second`, not
//! `rate.Poisson.per_second`), though naming the variant works too.

use crate::i18n::{Lang, say};
use serde_json::Value;

/// A path that does not lead anywhere, with what was there instead.
#[derive(Clone, Debug, PartialEq)]
pub struct PathError {
    pub path: String,
    pub segment: String,
    pub available: Vec<String>,
    pub suggestion: Option<String>,
}

impl PathError {
    /// The error without the path it is about, for a message that names the path (or the
    /// argument holding it) already.
    pub fn reason(&self) -> String {
        self.reason_in(Lang::En)
    }

    /// [`PathError::reason`] in `lang`.
    pub fn reason_in(&self, lang: Lang) -> String {
        let mut text = say(lang, "path-no-segment", &[("segment", self.segment.as_str().into())]);
        if let Some(suggestion) = &self.suggestion {
            text = say(lang, "path-did-you-mean", &[("text", text.into()), ("name", suggestion.as_str().into())]);
        }
        if !self.available.is_empty() {
            text = say(lang, "path-there-is", &[("text", text.into()), ("list", self.available.join(", ").into())]);
        }
        text
    }

    /// The error in `lang`: the path, then why.
    pub fn render(&self, lang: Lang) -> String {
        say(lang, "path-error", &[("path", self.path.as_str().into()), ("reason", self.reason_in(lang).into())])
    }
}

crate::i18n::english_display!(PathError);

impl std::error::Error for PathError {}

/// Why a path does not lead to a number.
#[derive(Clone, Debug, PartialEq)]
pub enum NumberError {
    Missing(PathError),
    /// The path leads somewhere, but to a group of values (or to text), not to one number.
    NotANumber {
        path: String,
        /// What is there instead.
        found: Found,
        /// The first few full paths of numbers under it, for the message.
        numbers: Vec<String>,
        /// How many more numbers there are beyond those listed.
        more: usize,
    },
}

/// What a path to a number found instead.
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    Object,
    List,
    /// A string, as the report holds it.
    Text(String),
    Null,
    /// A number JSON holds but an `f64` cannot.
    OutOfRange,
}

impl Found {
    fn render(&self, lang: Lang) -> String {
        match self {
            Found::Object => say(lang, "number-found-object", &[]),
            Found::List => say(lang, "number-found-list", &[]),
            Found::Text(text) => say(lang, "number-found-string", &[("text", format!("{text:?}").into())]),
            Found::Null => say(lang, "number-found-null", &[]),
            Found::OutOfRange => say(lang, "number-found-out-of-range", &[]),
        }
    }
}

impl NumberError {
    /// The error in `lang`; paths stay as written.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            NumberError::Missing(e) => e.render(lang),
            NumberError::NotANumber { path, found, numbers, more } => {
                let text = say(
                    lang,
                    "number-error-not-a-number",
                    &[("path", path.as_str().into()), ("found", found.render(lang).into())],
                );
                let list = numbers.join(", ");
                match (numbers.is_empty(), more) {
                    (true, _) => text,
                    (false, 0) => {
                        say(lang, "number-error-numbers-under", &[("text", text.into()), ("list", list.into())])
                    }
                    (false, more) => say(
                        lang,
                        "number-error-numbers-under-more",
                        &[("text", text.into()), ("list", list.into()), ("more", more.to_string().into())],
                    ),
                }
            }
        }
    }
}

crate::i18n::english_display!(NumberError);

impl std::error::Error for NumberError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            NumberError::Missing(e) => Some(e),
            NumberError::NotANumber { .. } => None,
        }
    }
}

impl From<PathError> for NumberError {
    fn from(e: PathError) -> NumberError {
        NumberError::Missing(e)
    }
}

/// Numbers listed under a path in [`NumberError::NotANumber`]; a report's `groups` holds
/// hundreds, and a line of a dozen says what the path should look like.
const NUMBERS_LISTED: usize = 12;

/// The value at `path`.
pub fn get<'a>(root: &'a Value, path: &str) -> Result<&'a Value, PathError> {
    let segments: Vec<&str> = path.split('.').collect();
    let route = route(root, &segments).map_err(|failed| {
        let (here, segment) = failed;
        not_found(here, path, segment)
    })?;
    let mut here = root;
    for key in &route {
        here = step(here, key).expect("the route was just found");
    }
    Ok(here)
}

/// The keys `path` goes through from `root`, one per step (a name containing dots is one
/// key; variants stepped through transparently have no key), for callers that map a path
/// onto another form of the same data (the scenario's RON text).
pub fn route_keys(root: &Value, path: &str) -> Result<Vec<String>, PathError> {
    let segments: Vec<&str> = path.split('.').collect();
    route(root, &segments).map_err(|(here, segment)| not_found(here, path, segment))
}

/// The keys leading to the end of `segments` from `here`. Names may contain dots
/// (`orders.dlq`), so at each level the longest run of segments that is a key wins, with
/// backtracking when it leads nowhere. On failure: where it got stuck and on what.
fn route<'a, 'p>(here: &'a Value, segments: &[&'p str]) -> Result<Vec<String>, (&'a Value, &'p str)> {
    let Some(first) = segments.first() else { return Ok(Vec::new()) };
    let mut deepest_failure = None;
    for take in (1..=segments.len()).rev() {
        let key = segments[..take].join(".");
        if let Some(next) = step(here, &key) {
            match route(next, &segments[take..]) {
                Ok(mut rest) => {
                    rest.insert(0, key);
                    return Ok(rest);
                }
                Err(failure) => deepest_failure = deepest_failure.or(Some(failure)),
            }
        }
    }
    Err(deepest_failure.unwrap_or((here, first)))
}

/// The number at `path` (booleans count as 0/1, so a flag can be averaged). A path that
/// stops at an object or a list is told so, with the numbers under it
/// (`ledger` → `ledger.processed`, ...).
pub fn get_number(root: &Value, path: &str) -> Result<f64, NumberError> {
    let value = get(root, path)?;
    let found = match value {
        Value::Number(n) => return n.as_f64().ok_or_else(|| not_number(path, Found::OutOfRange, value)),
        Value::Bool(b) => return Ok(f64::from(u8::from(*b))),
        Value::Object(_) => Found::Object,
        Value::Array(_) => Found::List,
        Value::String(s) => Found::Text(s.clone()),
        Value::Null => Found::Null,
    };
    Err(not_number(path, found, value))
}

/// Replaces the value at `path`.
pub fn set(root: &mut Value, path: &str, new: Value) -> Result<(), PathError> {
    let segments: Vec<&str> = path.split('.').collect();
    // Find the route with shared borrows, then walk it mutably.
    let route = route(root, &segments).map_err(|(here, segment)| not_found(here, path, segment))?;
    let mut here = root;
    for key in &route {
        here = step_mut(here, key).expect("the route was just found");
    }
    *here = new;
    Ok(())
}

/// A value as a person types it on a command line: strings without JSON quotes.
pub fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Reads `text` as a JSON value where it is one (numbers, booleans, quoted strings),
/// otherwise as a bare string ("250ms", "Competing").
pub fn parse_value(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

fn step<'a>(here: &'a Value, segment: &str) -> Option<&'a Value> {
    match here {
        Value::Object(map) => map.get(segment).or_else(|| match only_variant(map) {
            Some(inner) => step(inner, segment),
            None => None,
        }),
        Value::Array(items) => items
            .iter()
            .find(|item| item.get("name").and_then(Value::as_str) == Some(segment))
            .or_else(|| segment.parse::<usize>().ok().and_then(|i| items.get(i))),
        _ => None,
    }
}

fn step_mut<'a>(here: &'a mut Value, segment: &str) -> Option<&'a mut Value> {
    match here {
        Value::Object(map) => {
            if map.contains_key(segment) {
                map.get_mut(segment)
            } else {
                match map.values_mut().next() {
                    Some(inner) if is_variant_content(inner) => step_mut(inner, segment),
                    _ => None,
                }
            }
        }
        Value::Array(items) => {
            let index = items
                .iter()
                .position(|item| item.get("name").and_then(Value::as_str) == Some(segment))
                .or_else(|| segment.parse::<usize>().ok().filter(|i| *i < items.len()))?;
            items.get_mut(index)
        }
        _ => None,
    }
}

/// An externally tagged enum variant serialises as a one-key object `{"Variant": …}`.
fn only_variant(map: &serde_json::Map<String, Value>) -> Option<&Value> {
    if map.len() != 1 {
        return None;
    }
    let (key, inner) = map.iter().next()?;
    (key.starts_with(|c: char| c.is_ascii_uppercase()) && is_variant_content(inner)).then_some(inner)
}

fn is_variant_content(value: &Value) -> bool {
    matches!(value, Value::Object(_) | Value::Array(_))
}

fn children(here: &Value) -> Vec<String> {
    match here {
        Value::Object(map) => {
            let mut keys: Vec<String> = map.keys().cloned().collect();
            if let Some(inner) = only_variant(map) {
                keys.extend(children(inner));
            }
            keys
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| item.get("name").and_then(Value::as_str).map_or_else(|| i.to_string(), str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn not_found(here: &Value, path: &str, segment: &str) -> PathError {
    let available = children(here);
    let suggestion = available
        .iter()
        .map(|name| (strsim::jaro_winkler(segment, name), name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name.clone());
    PathError { path: path.to_string(), segment: segment.to_string(), available, suggestion }
}

fn not_number(path: &str, found: Found, value: &Value) -> NumberError {
    let mut numbers = Vec::new();
    let more = numbers_under(value, path, &mut numbers);
    NumberError::NotANumber { path: path.to_string(), found, numbers, more }
}

/// Collects the paths of the numbers (and flags) under `value` into `out`, in the order
/// the report prints them, up to [`NUMBERS_LISTED`]; returns how many more there are.
/// Iterative, so a deep value cannot overflow the stack.
fn numbers_under(value: &Value, prefix: &str, out: &mut Vec<String>) -> usize {
    let mut more = 0;
    // Last in, first out: children are pushed in reverse to be visited in order.
    let mut stack: Vec<(String, &Value)> = vec![(prefix.to_string(), value)];
    while let Some((path, here)) = stack.pop() {
        let children: Vec<(String, &Value)> = match here {
            Value::Number(_) | Value::Bool(_) if path != prefix => {
                if out.len() < NUMBERS_LISTED {
                    out.push(path);
                } else {
                    more += 1;
                }
                continue;
            }
            Value::Object(map) => map.iter().map(|(k, v)| (format!("{path}.{k}"), v)).collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let key = item.get("name").and_then(Value::as_str).map_or_else(|| i.to_string(), str::to_string);
                    (format!("{path}.{key}"), item)
                })
                .collect(),
            _ => continue,
        };
        stack.extend(children.into_iter().rev());
    }
    more
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Value {
        json!({
            "producers": [{"name": "checkout", "rate": {"Poisson": {"per_second": 800.0}}}],
            "consumers": [{"name": "payments", "concurrency": 8, "delivery": "Partitioned"}],
            "latency_ms": {"p99": 41.5},
        })
    }

    #[test]
    fn reads_through_names_and_variants() {
        let v = sample();
        assert_eq!(get_number(&v, "producers.checkout.rate.per_second"), Ok(800.0));
        assert_eq!(get_number(&v, "producers.checkout.rate.Poisson.per_second"), Ok(800.0));
        assert_eq!(get_number(&v, "consumers.0.concurrency"), Ok(8.0));
        assert_eq!(get_number(&v, "latency_ms.p99"), Ok(41.5));
    }

    #[test]
    fn writes_through_names_and_variants() {
        let mut v = sample();
        set(&mut v, "producers.checkout.rate.per_second", parse_value("1200")).expect("path exists");
        set(&mut v, "consumers.payments.delivery", parse_value("Competing")).expect("path exists");
        assert_eq!(v["producers"][0]["rate"]["Poisson"]["per_second"], json!(1200));
        assert_eq!(v["consumers"][0]["delivery"], json!("Competing"));
    }

    #[test]
    fn a_wrong_segment_is_named_with_a_suggestion() {
        let err = get(&sample(), "latency_ms.p999").expect_err("no such field");
        assert_eq!(err.segment, "p999");
        assert_eq!(err.suggestion.as_deref(), Some("p99"));
        let err = set(&mut sample(), "consumers.paymnts.concurrency", json!(4)).expect_err("no such group");
        assert_eq!(err.suggestion.as_deref(), Some("payments"));
        assert!(err.to_string().contains("did you mean `payments`"), "{err}");
    }

    #[test]
    fn names_may_contain_dots() {
        let v = json!({"topics": {"orders": {"backlog": 1}, "orders.dlq": {"backlog": 2}}});
        assert_eq!(get_number(&v, "topics.orders.backlog"), Ok(1.0));
        assert_eq!(get_number(&v, "topics.orders.dlq.backlog"), Ok(2.0));
        let err = get(&v, "topics.orders.dlq.backlg").expect_err("misspelt");
        assert_eq!(err.suggestion.as_deref(), Some("backlog"));
    }

    #[test]
    fn a_path_to_an_object_lists_the_numbers_under_it() {
        let v = json!({"ledger": {"produced": 10, "lost": 0, "by_reason": {"timeout": 2}}, "scenario": "s"});
        let err = get_number(&v, "ledger").expect_err("an object");
        assert_eq!(
            err.to_string(),
            "`ledger` names an object, not a number; the numbers under it: ledger.by_reason.timeout, ledger.lost, ledger.produced"
        );
        let err = get_number(&v, "scenario").expect_err("a string");
        assert_eq!(err.to_string(), "`scenario` names a string (\"s\"), not a number");
    }

    #[test]
    fn a_long_list_of_numbers_is_cut_with_a_count() {
        let many: serde_json::Map<String, Value> = (0..20).map(|i| (format!("n{i:02}"), json!(i))).collect();
        let v = json!({ "groups": many });
        let err = get_number(&v, "groups").expect_err("an object");
        let text = err.to_string();
        assert!(text.contains("groups.n00, groups.n01,"), "{text}");
        assert!(text.ends_with("groups.n11, and 8 more"), "{text}");
    }

    #[test]
    fn values_are_json_where_they_can_be() {
        assert_eq!(parse_value("4"), json!(4));
        assert_eq!(parse_value("0.5"), json!(0.5));
        assert_eq!(parse_value("true"), json!(true));
        assert_eq!(parse_value("250ms"), json!("250ms"));
    }
}
