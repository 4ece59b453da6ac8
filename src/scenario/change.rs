//! Changes to a scenario written `PATH=VALUE`: a lesson's questions to try, applied live
//! by the GUI or from the start by `faultline run --try N`.
//!
//! PATH is the dotted path of `faultline sweep --set` (list entries by name, names may
//! contain dots, enum variants stepped through). VALUE is read like sweep's values — JSON
//! where it is one (`4`, `0.5`, `true`, `null` for none), a bare word otherwise (`250ms`,
//! `Full`) — except that a value written with brackets is RON, exactly as in a scenario
//! file (`Exponential(initial: "100ms", multiplier: 2.0, max: "5s")`), which a JSON value
//! could only spell as a nested object.

use super::dotted;
use super::locate::Locator;
use super::model::Scenario;
use super::path::{Path, Segment};
use super::{parse, to_ron_string};
use crate::i18n::{Arg, Lang, say};
use serde_json::Value;

/// One `PATH=VALUE` change.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub path: String,
    /// The value as written.
    pub value: String,
}

/// Why a change cannot be applied.
#[derive(Clone, Debug, PartialEq)]
pub enum ChangeError {
    /// Not `PATH=VALUE` (the change as written).
    Syntax(String),
    /// Several values, as a sweep takes them.
    SeveralValues(String),
    /// A change to the expectations or the lesson's text.
    Teaching(String),
    Path(dotted::PathError),
    /// The value does not fit the field: `message` is English, serde's or ron's words or
    /// this module's, translated where a `scenario-msg-*` template recognises it.
    Value {
        change: String,
        message: String,
    },
}

impl ChangeError {
    /// The error in `lang`; the change, paths and values it quotes stay as written.
    pub fn render(&self, lang: Lang) -> String {
        let change = |text: &str| Arg::from(text.to_string());
        match self {
            ChangeError::Syntax(text) => say(lang, "change-error-syntax", &[("change", change(text))]),
            ChangeError::SeveralValues(text) => say(lang, "change-error-several-values", &[("change", change(text))]),
            ChangeError::Teaching(text) => say(lang, "change-error-teaching", &[("change", change(text))]),
            ChangeError::Path(e) => e.render(lang),
            ChangeError::Value { change: text, message } => {
                // English is the message as written, not a template's rendering of it.
                let message = if lang == Lang::En { message.clone() } else { super::translate_message(lang, message) };
                say(lang, "change-error-value", &[("change", change(text)), ("message", message.into())])
            }
        }
    }
}

crate::i18n::english_display!(ChangeError);

impl std::error::Error for ChangeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ChangeError::Path(e) => Some(e),
            _ => None,
        }
    }
}

impl From<dotted::PathError> for ChangeError {
    fn from(e: dotted::PathError) -> ChangeError {
        ChangeError::Path(e)
    }
}

impl std::str::FromStr for Change {
    type Err = ChangeError;

    fn from_str(text: &str) -> Result<Change, ChangeError> {
        let (path, value) = text.split_once('=').ok_or_else(|| ChangeError::Syntax(text.to_string()))?;
        let (path, value) = (path.trim(), value.trim());
        if path.is_empty() || value.is_empty() || path.split('.').any(str::is_empty) {
            return Err(ChangeError::Syntax(text.to_string()));
        }
        if !is_ron(value) && value.contains(',') && !value.starts_with('"') {
            return Err(ChangeError::SeveralValues(text.to_string()));
        }
        // The lesson's actions are part of what runs (a redrive at another time, with another
        // loop guard); the rest of the teaching part is not.
        let first = path.split('.').next().unwrap_or_default();
        if (first == "expect" || first == "lesson") && !path.starts_with("lesson.actions.") {
            return Err(ChangeError::Teaching(text.to_string()));
        }
        Ok(Change { path: path.to_string(), value: value.to_string() })
    }
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}", self.path, self.value)
    }
}

/// A value written with brackets is RON (a struct, a variant with fields, a list).
fn is_ron(value: &str) -> bool {
    value.contains(['(', '['])
}

/// `base` with the changes applied in order. The result is not validated: callers
/// validate it (with [`super::validate()`]) the way they validate any edited scenario.
pub fn apply(base: &Scenario, changes: &[Change]) -> Result<Scenario, ChangeError> {
    let mut scenario = base.clone();
    for change in changes {
        scenario = if is_ron(&change.value) { apply_ron(&scenario, change)? } else { apply_json(&scenario, change)? };
    }
    Ok(scenario)
}

fn apply_json(base: &Scenario, change: &Change) -> Result<Scenario, ChangeError> {
    let mut tree = serde_json::to_value(base).expect("a scenario is plain data and always encodes");
    dotted::set(&mut tree, &change.path, dotted::parse_value(&change.value))?;
    serde_json::from_value(tree).map_err(|e| ChangeError::Value { change: change.to_string(), message: e.to_string() })
}

/// Writes the scenario as RON (every field spelt out, defaults included), replaces the
/// text of the value at the path with the change's value, and reads it back.
fn apply_ron(base: &Scenario, change: &Change) -> Result<Scenario, ChangeError> {
    let tree = serde_json::to_value(base).expect("a scenario is plain data and always encodes");
    let keys = dotted::route_keys(&tree, &change.path)?;
    let path = text_path(&tree, &keys);
    let text = to_ron_string(base);
    let invalid = |message: String| ChangeError::Value { change: change.to_string(), message };
    let (start, end) = Locator::new(&text)
        .span(&path)
        .ok_or_else(|| invalid(format!("`{}` is not written out in the scenario's text", change.path)))?;
    let edited = format!("{}{}{}", &text[..start], change.value, &text[end..]);
    parse::from_ron(&edited).map_err(|e| invalid(format!("{} (in the value `{}`)", e.code, change.value)))
}

/// The locator path of a route through the scenario's JSON form: object keys are
/// fields, list entries their index; enum variants are not fields in RON's text
/// (`Poisson(per_second: 8.0)`), so they are skipped. It is also the path validation
/// reports problems at, so a change's problems can be told from others'.
pub fn text_path(tree: &Value, keys: &[String]) -> Path {
    let mut path = Path::root();
    let mut here = tree;
    for key in keys {
        loop {
            match here {
                Value::Object(map) if map.contains_key(key) => {
                    let next = &map[key];
                    if !is_variant(map, key) {
                        path.push(Segment::Written(key.clone()));
                    }
                    here = next;
                    break;
                }
                // A variant stepped through without being named: go inside it.
                Value::Object(map) if map.len() == 1 => match map.values().next() {
                    Some(inner) => here = inner,
                    None => return path,
                },
                Value::Array(items) => {
                    let index = items
                        .iter()
                        .position(|item| item.get("name").and_then(Value::as_str) == Some(key.as_str()))
                        .or_else(|| key.parse::<usize>().ok())
                        .unwrap_or(0);
                    path.push(Segment::Entry { index, label: None });
                    match items.get(index) {
                        Some(item) => here = item,
                        None => return path,
                    }
                    break;
                }
                _ => return path,
            }
        }
    }
    path
}

/// An externally tagged variant: a one-key object whose key is a capitalised name.
fn is_variant(map: &serde_json::Map<String, Value>, key: &str) -> bool {
    map.len() == 1 && key.starts_with(|c: char| c.is_ascii_uppercase())
}

/// Parses every `PATH=VALUE` of a list.
pub fn parse_all(texts: &[String]) -> Result<Vec<Change>, ChangeError> {
    texts.iter().map(|t| t.parse()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Backoff, Delivery, Jitter, parse_str};
    use crate::time::SimDuration;

    fn base() -> Scenario {
        let text = r#"Scenario(
            name: "base",
            services: [Service(name: "db")],
            topics: [Topic(name: "in"), Topic(name: "in.dlq")],
            producers: [Producer(name: "src", topic: "in", rate: Poisson(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "in", handler: Handler(calls: ["db"]),
                                      retry: Retry(max_attempts: 3, backoff: Constant("0s")),
                                      on_exhausted: DeadLetter("in.dlq"))],
        )"#;
        parse_str(text, "base").unwrap_or_else(|e| panic!("{e}"))
    }

    fn changed(changes: &[&str]) -> Result<Scenario, ChangeError> {
        let changes: Vec<Change> = changes.iter().map(|c| c.parse()).collect::<Result<_, _>>()?;
        apply(&base(), &changes)
    }

    #[test]
    fn scalar_values_are_set_like_sweep_values() {
        let s =
            changed(&["consumers.g.retry.jitter=Full", "consumers.g.concurrency=4", "consumers.g.delivery=Competing"])
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.consumers[0].retry.jitter, Jitter::Full);
        assert_eq!(s.consumers[0].concurrency, 4);
        assert_eq!(s.consumers[0].delivery, Delivery::Competing);
        let s = changed(&["producers.src.rate.per_second=25", "topics.in.dlq.capacity=7"])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.topics[1].capacity, 7);
        assert!(matches!(s.producers[0].rate, crate::scenario::Arrivals::Poisson { per_second } if per_second == 25.0));
    }

    #[test]
    fn bracketed_values_are_ron_as_in_the_file() {
        let s = changed(&[r#"consumers.g.retry.backoff=Exponential(initial: "100ms", multiplier: 2.0, max: "5s")"#])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            s.consumers[0].retry.backoff,
            Backoff::Exponential {
                initial: SimDuration::from_millis(100),
                multiplier: 2.0,
                max: SimDuration::from_secs(5)
            }
        );
        // An absent option is written `None` by the writer, so it can be set too.
        let s = changed(&["consumers.g.circuit_breaker=CircuitBreaker(minimum_calls: 5)"])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.consumers[0].circuit_breaker.as_ref().map(|b| b.minimum_calls), Some(5));
        let s = changed(&["consumers.g.circuit_breaker=null"]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.consumers[0].circuit_breaker, None);
        let s = changed(&[r#"consumers.g.handler.calls=["db", "db"]"#]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.consumers[0].handler.calls.len(), 2);
    }

    #[test]
    fn bad_changes_say_what_is_wrong() {
        assert_eq!("nothing".parse::<Change>(), Err(ChangeError::Syntax("nothing".into())));
        assert_eq!("a..b=1".parse::<Change>(), Err(ChangeError::Syntax("a..b=1".into())));
        assert_eq!("a.b=1,2".parse::<Change>(), Err(ChangeError::SeveralValues("a.b=1,2".into())));
        assert_eq!("lesson.title=x".parse::<Change>(), Err(ChangeError::Teaching("lesson.title=x".into())));
        assert!("lesson.actions.0.at=5s".parse::<Change>().is_ok());
        match changed(&["consumers.gg.concurrency=4"]) {
            Err(ChangeError::Path(e)) => assert_eq!(e.suggestion.as_deref(), Some("g")),
            other => panic!("{other:?}"),
        }
        match changed(&["consumers.g.retry.jitter=Fulll"]) {
            Err(ChangeError::Value { message, .. }) => assert!(message.contains("Fulll"), "{message}"),
            other => panic!("{other:?}"),
        }
        match changed(&["consumers.g.retry.backoff=Exponential(initial: 5)"]) {
            Err(ChangeError::Value { message, .. }) => assert!(message.contains("in the value"), "{message}"),
            other => panic!("{other:?}"),
        }
    }

    /// Each kind of error in English as it always read, and in Chinese with the change,
    /// names and values kept: this module's words, serde's (a JSON-like value) and ron's
    /// (a value in brackets).
    #[test]
    fn change_errors_read_in_both_languages() {
        let error = |change: &str| match change.parse::<Change>() {
            Ok(c) => apply(&base(), &[c]).err().unwrap_or_else(|| panic!("{change} applies")),
            Err(e) => e,
        };
        let cases = [
            (
                "nothing",
                "`nothing`: expected PATH=VALUE, e.g. consumers.payments.retry.jitter=Full",
                "`nothing`：应写成 PATH=VALUE，例如 consumers.payments.retry.jitter=Full",
            ),
            (
                "a.b=1,2",
                "`a.b=1,2`: a change sets one value (sweep's V1,V2,... lists belong to `faultline sweep`)",
                "`a.b=1,2`：一次更改只设一个值（V1,V2,... 这样的取值列表属于 `faultline sweep`）",
            ),
            (
                "lesson.title=x",
                "`lesson.title=x`: a change is to the simulated system (and the lesson's actions); `expect` and the rest of `lesson` are not changed this way",
                "`lesson.title=x`：更改针对的是被模拟的系统（以及课程的动作）；`expect` 和 `lesson` 的其余部分不能这样修改",
            ),
            (
                "consumers.gg.concurrency=4",
                "`consumers.gg.concurrency`: no `gg` here; did you mean `g`? (there is: g)",
                "`consumers.gg.concurrency`：这里没有 `gg`；是不是想写 `g`？（这里有：g）",
            ),
            (
                "consumers.g.retry.jitter=Fulll",
                "`consumers.g.retry.jitter=Fulll`: unknown variant `Fulll`, expected one of `None`, `Full`, `Equal`, `Decorrelated`",
                "`consumers.g.retry.jitter=Fulll`：未知的变体 `Fulll`，应为以下之一：`None`, `Full`, `Equal`, `Decorrelated`",
            ),
            (
                "consumers.g.delivery=Both",
                "`consumers.g.delivery=Both`: unknown variant `Both`, expected `Partitioned` or `Competing`",
                "`consumers.g.delivery=Both`：未知的变体 `Both`，应为`Partitioned`或`Competing`",
            ),
            (
                "consumers.g.concurrency=abc",
                "`consumers.g.concurrency=abc`: invalid type: string \"abc\", expected u32",
                "`consumers.g.concurrency=abc`：类型不对：字符串 \"abc\"，应为非负整数（u32）",
            ),
            (
                "topics.in.ttl=5",
                "`topics.in.ttl=5`: invalid type: integer `5`, expected a string",
                "`topics.in.ttl=5`：类型不对：整数 `5`，应为字符串",
            ),
            (
                "topics.in.ttl=banana",
                "`topics.in.ttl=banana`: invalid duration `banana`: expected a number followed by a unit (ns, us, ms, s, m, h, d), e.g. \"250ms\"",
                "`topics.in.ttl=banana`：无效的时长 `banana`：应为数字后跟单位（ns、us、ms、s、m、h、d），例如 \"250ms\"",
            ),
            (
                "consumers.g.retry.backoff=Exponential(initial: \"5ms\")",
                "`consumers.g.retry.backoff=Exponential(initial: \"5ms\")`: Unexpected missing field named `multiplier` in `Exponential` (in the value `Exponential(initial: \"5ms\")`)",
                "`consumers.g.retry.backoff=Exponential(initial: \"5ms\")`：`Exponential` 缺少字段 `multiplier`（在值 `Exponential(initial: \"5ms\")` 中）",
            ),
            (
                "consumers.g.retry.backoff=Exponentia(initial: \"5ms\")",
                "`consumers.g.retry.backoff=Exponentia(initial: \"5ms\")`: Unexpected variant named `Exponentia` in enum `Backoff`, expected one of `Constant`, `Linear`, or `Exponential` instead (in the value `Exponentia(initial: \"5ms\")`)",
                "`consumers.g.retry.backoff=Exponentia(initial: \"5ms\")`：枚举 `Backoff` 中意外的变体 `Exponentia`，应为以下之一：`Constant`, `Linear` 或 `Exponential`（在值 `Exponentia(initial: \"5ms\")` 中）",
            ),
            (
                "consumers.g.handler.calls=[\"db\" \"x\"]",
                "`consumers.g.handler.calls=[\"db\" \"x\"]`: Expected comma (in the value `[\"db\" \"x\"]`)",
                "`consumers.g.handler.calls=[\"db\" \"x\"]`：应为逗号（在值 `[\"db\" \"x\"]` 中）",
            ),
        ];
        for (change, english, chinese) in cases {
            let e = error(change);
            assert_eq!(e.to_string(), english);
            assert_eq!(e.render(Lang::En), english);
            assert_eq!(e.render(Lang::ZhCn), chinese);
        }
    }
}
