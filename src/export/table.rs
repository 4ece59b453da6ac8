//! Small text helpers shared by the exporters: CSV quoting, HTML escaping, flattening
//! JSON into dotted paths, and numbers a person can read.

use serde_json::Value;

/// Quotes a CSV field when it needs it (RFC 4180).
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

/// Escapes text for HTML element content and attribute values.
pub fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Escapes the characters that would break a Markdown table cell.
pub fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Leaves of a JSON value as (dotted path, text), keys in the value's order (sorted, as
/// serde_json keeps them).
pub fn flatten(value: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    // An explicit stack, not recursion: the input is our own report, but nothing here
    // should overflow on a deep value.
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), value)];
    while let Some((path, v)) = stack.pop() {
        let join = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
        match v {
            Value::Object(map) => stack.extend(map.iter().rev().map(|(k, child)| (join(k), child))),
            Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
                out.push((path.clone(), items.iter().map(scalar).collect::<Vec<_>>().join(" ")));
            }
            Value::Array(items) => {
                stack.extend(items.iter().enumerate().rev().map(|(i, child)| (join(&i.to_string()), child)))
            }
            other => out.push((path.clone(), scalar(other))),
        }
    }
    out
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Four significant figures, plainly written for ordinary magnitudes.
pub fn number(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{x:.0}");
    }
    let digits = (3 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
    format!("{x:.digits$}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flattens_to_metric_paths() {
        let v = json!({"ledger": {"produced": 10, "by_reason": {"ttl expired": 2}}, "alerts": [{"name": "a"}], "t": [1, 2]});
        let flat = flatten(&v);
        assert_eq!(
            flat,
            vec![
                ("alerts.0.name".to_string(), "a".to_string()),
                ("ledger.by_reason.ttl expired".to_string(), "2".to_string()),
                ("ledger.produced".to_string(), "10".to_string()),
                ("t".to_string(), "1 2".to_string()),
            ]
        );
    }

    #[test]
    fn quoting_and_numbers() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(html("<a & b>"), "&lt;a &amp; b&gt;");
        assert_eq!(number(1234.5678), "1235");
        assert_eq!(number(0.012345), "0.01235");
        assert_eq!(number(42.0), "42");
    }
}
