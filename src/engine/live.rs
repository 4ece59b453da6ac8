//! Live changes of scenario parameters: what changed between two versions of a scenario,
//! in words ("retry.max_attempts 4 → 2"), and which fields may change while the
//! simulation runs.
//!
//! Both versions are compared in their JSON form (the form `faultline sweep --set` paths
//! walk), so the diff and the rules speak the same dotted paths the user typed. List
//! entries with a `name` are matched by name; enum variants are stepped through when
//! both sides have the same one, so a path reads `retry.backoff.initial`, as in the file.
//!
//! The rules are a list of what may change, not of what may not: a field added to the
//! format later is refused live until someone decides how the engine applies it.

use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One field changed live: recorded in the simulation's change list and the event log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveChange {
    /// When it was applied.
    pub at: SimTime,
    /// The component's name ("payments", "orders"); "scenario" for top-level fields,
    /// "broker" for the broker, "alert NAME" for an alert.
    pub component: String,
    /// The field inside the component, dotted ("retry.max_attempts").
    pub field: String,
    /// Old and new values as people read them ("4", "2", "250ms", "none").
    pub from: String,
    pub to: String,
}

impl std::fmt::Display for LiveChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} {} → {}", self.component, self.field, self.from, self.to)
    }
}

/// A difference between two JSON trees at `path` (list entries by name or index,
/// variants stepped through when unchanged).
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub path: Vec<String>,
    pub from: Value,
    pub to: Value,
}

/// Every leaf that differs between `old` and `new`, in key order. A list whose entries
/// are added, removed, renamed or reordered differs as a whole; so does an enum whose
/// variant changed.
pub fn diff(old: &Value, new: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    walk(old, new, &mut Vec::new(), &mut out);
    out
}

fn walk(old: &Value, new: &Value, path: &mut Vec<String>, out: &mut Vec<Difference>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            if let (Some((va, ia)), Some((vb, ib))) = (variant(a), variant(b)) {
                // Step into a variant's fields, so the path reads as the file does
                // (`rate.per_second`); a variant with one value (`Count(50)`) is a leaf.
                if va == vb && ia.is_object() && ib.is_object() {
                    walk(ia, ib, path, out);
                } else {
                    out.push(Difference { path: path.clone(), from: old.clone(), to: new.clone() });
                }
                return;
            }
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                path.push(key.clone());
                walk(a.get(key).unwrap_or(&Value::Null), b.get(key).unwrap_or(&Value::Null), path, out);
                path.pop();
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            let names_a: Option<Vec<&str>> = a.iter().map(|v| v.get("name").and_then(Value::as_str)).collect();
            let names_b: Option<Vec<&str>> = b.iter().map(|v| v.get("name").and_then(Value::as_str)).collect();
            match (names_a, names_b) {
                (Some(na), Some(nb)) if na == nb => {
                    for (name, (x, y)) in na.iter().zip(a.iter().zip(b)) {
                        path.push((*name).to_string());
                        walk(x, y, path, out);
                        path.pop();
                    }
                }
                _ => out.push(Difference { path: path.clone(), from: old.clone(), to: new.clone() }),
            }
        }
        _ => out.push(Difference { path: path.clone(), from: old.clone(), to: new.clone() }),
    }
}

/// An externally tagged enum variant with content serialises as `{"Variant": …}`.
fn variant(map: &serde_json::Map<String, Value>) -> Option<(&String, &Value)> {
    if map.len() != 1 {
        return None;
    }
    let (key, inner) = map.iter().next()?;
    key.starts_with(|c: char| c.is_ascii_uppercase()).then_some((key, inner))
}

/// A value as people read it, close to how the scenario file writes it: strings bare
/// ("250ms", "Full"), none for null, variants as `Count(50)` or
/// `Poisson(per_second: 800)`, structures as `(max_concurrent: 4, max_wait: 50ms)`.
pub fn show(value: &Value) -> String {
    match value {
        Value::Null => "none".to_string(),
        Value::String(s) => s.clone(),
        // Rust's shortest round-trip form: 10 rather than JSON's 10.0.
        Value::Number(n) if n.is_f64() => n.as_f64().map_or_else(|| n.to_string(), |x| x.to_string()),
        Value::Number(_) | Value::Bool(_) => value.to_string(),
        Value::Array(items) => format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => match variant(map) {
            Some((name, Value::Object(fields))) => format!("{name}({})", show_fields(fields)),
            Some((name, inner)) => format!("{name}({})", show(inner)),
            None => format!("({})", show_fields(map)),
        },
    }
}

fn show_fields(fields: &serde_json::Map<String, Value>) -> String {
    fields.iter().map(|(k, v)| format!("{k}: {}", show(v))).collect::<Vec<_>>().join(", ")
}

/// The component a difference belongs to and the field inside it.
pub fn locate(path: &[String]) -> (String, String) {
    let rest = |from: usize| path.get(from..).map(|p| p.join(".")).unwrap_or_default();
    match path.first().map(String::as_str) {
        Some("services" | "topics" | "producers" | "consumers" | "clients") if path.len() >= 2 => {
            (path[1].clone(), rest(2))
        }
        Some("alerts") if path.len() >= 2 => (format!("alert {}", path[1]), rest(2)),
        Some("broker") => ("broker".to_string(), rest(1)),
        _ => ("scenario".to_string(), rest(0)),
    }
}

/// Why the field at `path` cannot change while the simulation runs, or `None` if it can.
/// `path` is a [`Difference`]'s: a list-level difference has the list's path.
pub fn refusal(path: &[String]) -> Option<String> {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    const COMPONENTS: &str = "components cannot be added, removed or renamed while the simulation runs (each has random streams, metrics series and wiring set up at the start); edit the scenario and start it again";
    const WIRING: &str = "it is wiring, fixed while the simulation runs; edit the scenario and start it again";
    let reason = match p.as_slice() {
        ["description"] | ["duration"] | ["sample_every"] => return None,
        ["seed"] => {
            "the seed decides every random stream from time zero; fork the run and reseed it for fresh randomness, or start a new run with another seed"
        }
        ["name"] => "the scenario's name identifies it in reports and sessions",
        ["broker", "failover_after" | "failures", ..] => return None,
        ["broker", "nodes" | "replication", ..] => {
            "partition replicas are placed on the nodes when the cluster starts; moving them is a partition reassignment, which faultline does not model"
        }
        ["broker", "io_threads" | "request_cost" | "message_cost" | "queued_max_requests", ..] => {
            "a broker's I/O threads and request costs are set up with the cluster, each node's request queue with them; edit the scenario and start it again"
        }
        ["services" | "topics" | "producers" | "consumers" | "clients" | "alerts"] => COMPONENTS,
        [_, _, "name"] => COMPONENTS,
        ["faults", ..] => {
            "the scheduled faults are fixed while the simulation runs; inject a fault now with the InjectFault command"
        }
        [
            "services",
            _,
            "latency" | "errors" | "capacity" | "failures" | "balance" | "outlier_detection" | "health_check",
            ..,
        ] => {
            return None;
        }
        ["services" | "clients", _, "timeout" | "retry" | "circuit_breaker" | "bulkhead", ..] => return None,
        ["services", _, "queue_discipline"] => {
            "a service's queue discipline is how its replicas hold their calls (a waiting queue, or the remaining work of calls sharing the capacity); switching it with calls in progress is not modelled: edit the scenario and start it again"
        }
        ["services", _, "replicas"] => {
            "a service's replicas are its hosts, each with its own queue, streams and availability unit; adding or removing hosts live is not modelled: edit the scenario and start it again"
        }
        [
            "topics",
            _,
            "capacity" | "overflow" | "ttl" | "durable" | "shedding" | "retention" | "retention_messages",
            ..,
        ] => {
            return None;
        }
        ["topics", _, "max_priority"] => {
            "a queue's priority classes are fixed when it is declared (RabbitMQ's `x-max-priority` is a queue argument that cannot change); edit the scenario and start it again"
        }
        ["topics", _, "partitions"] => {
            "the partition count decides which partition every key goes to; changing it moves keys and breaks their order (Kafka can only add partitions, and warns about exactly this)"
        }
        ["topics", _, "expired_to"] | ["producers", _, "topic"] | ["consumers", _, "topic"] => WIRING,
        ["producers", _, "rate" | "batch" | "keys" | "outbox" | "priority" | "publish_retry" | "relay", ..] => {
            return None;
        }
        [
            "consumers",
            _,
            "instances" | "concurrency" | "prefetch" | "retry" | "circuit_breaker" | "rate_limit" | "bulkhead"
            | "strict_order" | "on_exhausted" | "idempotent" | "dedup_window" | "supervisor" | "autoscale"
            | "session_timeout" | "rebalance_pause" | "commit_interval" | "failures" | "objectives" | "dispatch"
            | "assignor",
            ..,
        ] => return None,
        ["consumers", _, "handler", "work" | "timeout" | "on_emit_refused", ..] => return None,
        ["consumers", _, "handler"] | ["consumers", _, "handler", "calls", ..] => {
            "which services the handler calls is wiring, fixed while the simulation runs (its work, timeout and on_emit_refused can change)"
        }
        ["consumers", _, "handler", "emits", ..]
        | ["consumers", _, "filter", ..]
        | ["producers", _, "events", ..]
        | ["max_hops"] => {
            "the event flow (emits, filters, event types and max_hops) is wiring, fixed while the simulation runs; edit the scenario and start it again"
        }
        ["consumers", _, "ordering"] => {
            "the unit of order (key or partition) decides what every message being handled holds; switching it live would leave those holds of the wrong kind; edit the scenario and start it again"
        }
        ["consumers", _, "batch", ..] => {
            "a group's batches are set up with its instances' poll loops and its commits per batch when it starts; edit the scenario and start it again"
        }
        ["consumers", _, "state" | "backup", ..] => {
            "a group's state, snapshots and backups are set up with its instances' state stores when it starts; edit the scenario and start it again"
        }
        ["consumers", _, "standby" | "repair_crew" | "common_cause", ..] => {
            "a group's spares, repair crew and common-cause shocks are its reliability structure, set up with its instances' roles and repair queue when it starts; edit the scenario and start it again"
        }
        ["consumers", _, "delivery"] => {
            "switching between partitioned (Kafka) and competing (RabbitMQ) delivery is a redeployment against another broker protocol, not a setting; edit the scenario and start it again"
        }
        ["sagas", ..] => {
            "a saga's coordinator and steps are wiring (its sagas in progress are on those steps); edit the scenario and start it again"
        }
        ["alerts", _, "when", "above" | "below" | "for"] => return None,
        ["alerts", _, ..] => {
            "an alert's metric and subject are wiring, fixed while the simulation runs (its threshold and `for` can change)"
        }
        _ => "not a parameter of the running system",
    };
    Some(reason.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Is written in Chinese: holds CJK characters and no run of three English words.
    fn chinese(text: &str) -> bool {
        let cjk = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let english_run = text
            .split(|c: char| !c.is_ascii_alphabetic() && c != ' ')
            .any(|run| run.split(' ').filter(|w| w.len() > 1).count() >= 3);
        cjk && !english_run
    }

    #[test]
    fn every_refusal_is_worded_in_chinese() {
        let paths: [&[&str]; 22] = [
            &["seed"],
            &["consumers", "billing", "batch", "max_messages"],
            &["name"],
            &["broker", "nodes"],
            &["broker", "request_cost"],
            &["services"],
            &["services", "payments", "name"],
            &["faults", "0"],
            &["services", "payments", "replicas"],
            &["services", "payments", "queue_discipline"],
            &["topics", "orders", "partitions"],
            &["topics", "orders", "max_priority"],
            &["producers", "web", "topic"],
            &["consumers", "billing", "handler"],
            &["consumers", "billing", "handler", "emits"],
            &["consumers", "billing", "ordering"],
            &["consumers", "billing", "delivery"],
            &["consumers", "billing", "standby", "spares"],
            &["sagas", "checkout"],
            &["alerts", "lag", "when", "metric"],
            &["version"],
            &["max_hops"],
        ];
        for path in paths {
            let path: Vec<String> = path.iter().map(|p| p.to_string()).collect();
            let reason = refusal(&path).unwrap_or_else(|| panic!("{path:?} can change live"));
            let zh = crate::scenario::translate_message(crate::i18n::Lang::ZhCn, &reason);
            assert!(chinese(&zh), "{path:?}: no scenario-msg-not-live-* template for \"{reason}\" (got \"{zh}\")");
        }
    }

    #[test]
    fn differences_are_leaves_by_name_through_unchanged_variants() {
        let old = json!({"consumers": [{"name": "payments", "retry": {"max_attempts": 4,
            "backoff": {"Exponential": {"initial": "100ms", "multiplier": 2.0}}}}]});
        let new = json!({"consumers": [{"name": "payments", "retry": {"max_attempts": 2,
            "backoff": {"Exponential": {"initial": "50ms", "multiplier": 2.0}}}}]});
        let d = diff(&old, &new);
        let paths: Vec<String> = d.iter().map(|d| d.path.join(".")).collect();
        assert_eq!(paths, ["consumers.payments.retry.backoff.initial", "consumers.payments.retry.max_attempts"]);
        assert_eq!((show(&d[1].from), show(&d[1].to)), ("4".into(), "2".into()));
        assert_eq!(locate(&d[1].path), ("payments".into(), "retry.max_attempts".into()));
        let d = diff(&json!({"window": {"Count": 50}}), &json!({"window": {"Count": 100}}));
        assert_eq!(
            (d[0].path.join("."), show(&d[0].from), show(&d[0].to)),
            ("window".into(), "Count(50)".into(), "Count(100)".into())
        );
        assert_eq!(show(&json!({"Poisson": {"per_second": 800.0}})), "Poisson(per_second: 800)");
        assert_eq!(show(&json!({"max_concurrent": 4, "max_wait": "50ms"})), "(max_concurrent: 4, max_wait: 50ms)");
        assert_eq!(show(&json!([{"Exponential": "30s"}, null])), "[Exponential(30s), none]");
    }

    #[test]
    fn a_changed_variant_or_renamed_entry_differs_as_a_whole() {
        let d = diff(
            &json!({"rate": {"Poisson": {"per_second": 1.0}}}),
            &json!({"rate": {"Constant": {"per_second": 1.0}}}),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, ["rate"]);
        let d = diff(&json!({"topics": [{"name": "a"}]}), &json!({"topics": [{"name": "b"}]}));
        assert_eq!(d[0].path, ["topics"]);
        assert!(refusal(&d[0].path).is_some_and(|r| r.contains("added, removed or renamed")));
    }

    #[test]
    fn parameters_may_change_wiring_may_not() {
        let path = |p: &str| p.split('.').map(str::to_string).collect::<Vec<_>>();
        for ok in [
            "consumers.payments.retry.max_attempts",
            "consumers.payments.handler.timeout",
            "services.gw.failures",
            "topics.orders.capacity",
            "producers.checkout.rate.per_second",
            "alerts.lag.when.above",
            "broker.failover_after",
            "duration",
        ] {
            assert_eq!(refusal(&path(ok)), None, "{ok}");
        }
        for refused in [
            "consumers.payments.topic",
            "consumers.payments.handler.calls",
            "consumers.payments.delivery",
            "topics.orders.partitions",
            "broker.nodes",
            "seed",
            "faults",
            "alerts.lag.when.group",
            "lesson",
        ] {
            assert!(refusal(&path(refused)).is_some(), "{refused}");
        }
    }
}
