//! Tests that every located message the scenario code can write has a `scenario-msg-*`
//! template, so a Chinese reader never meets a validator message left in English.
//!
//! Two views of the same promise: a scan of the source (every message literal, filled in
//! with sample values, must be recognised; a new message without a template fails here,
//! naming it) and a corpus of broken scenarios whose real diagnostics must all translate.

use super::error::recognised;
use crate::i18n::Lang;
use std::collections::BTreeSet;

/// The files whose messages reach a [`super::Diagnostic`] (or a change's refusal): the
/// validator's, the file reading's, `parse.rs`'s wording of ron's syntax and type errors
/// and `change.rs`'s.
const SOURCES: &[(&str, &str)] = &[
    ("mod.rs", include_str!("mod.rs")),
    ("validate.rs", include_str!("validate.rs")),
    ("validate/flow.rs", include_str!("validate/flow.rs")),
    ("validate/saga.rs", include_str!("validate/saga.rs")),
    ("validate/teaching.rs", include_str!("validate/teaching.rs")),
    ("samples.rs", include_str!("samples.rs")),
    ("fault_rules.rs", include_str!("fault_rules.rs")),
    ("wiring.rs", include_str!("wiring.rs")),
    ("distribution.rs", include_str!("distribution.rs")),
    ("limits.rs", include_str!("limits.rs")),
    ("teaching.rs", include_str!("teaching.rs")),
    ("parse.rs", include_str!("parse.rs")),
    // A change's value that does not fit (a live change's, a question's).
    ("change.rs", include_str!("change.rs")),
    // An attempt's or a reference solution's change outside a challenge's rules.
    ("challenge.rs", include_str!("challenge.rs")),
];

/// Literals of those files (filled in with [`SAMPLE`]) that are no message as they stand:
/// names, paths and keys the code builds, and the frames of messages assembled from
/// literal parts elsewhere, whose every assembled form [`ASSEMBLED`] lists or the corpus
/// test meets.
const NOT_MESSAGES: &[&str] = &[
    // Names: `caller:service` breakers, `group/N` instances and replicas, broker nodes.
    "7:7",
    // A challenge's listed value as a change (`PATH=VALUE`), applied to compare it.
    "7=7",
    "7/7",
    "broker/7",
    "broker",
    // Report paths of distributions (`check`'s summary, never a diagnostic).
    "7.failures.mtbf",
    "7.failures.mttr",
    "services.7.latency",
    "services.7",
    "consumers.7.handler.work",
    "consumers.7.common_cause.mtbf",
    "consumers.7",
    "producers.7.rate.gap",
    "clients.7.rate.gap",
    "clients.7.rate.think",
    // `with_article`: "a service", "an outbox"; each noun with its article is a phrase.
    "7 7",
    // Frames [`ASSEMBLED`] fills in with each literal phrase passed to them.
    "7 no service, so the 7 has nothing to guard",
    "averages 0s: 7 without end at one instant",
    // The component count with and without clients: two templates, both in the corpus.
    ", 7 clients",
    "7 components (7 services, 7 topics, 7 producers, 7 consumer groups7) is above faultline's limit of 7 in all",
    // A CSV's rows named by its kind (samples or trace rows): two templates each.
    "more than faultline's limit of 7 7",
    "and 7 more rows that are not 7",
    "has no 7 (only blank lines and # comments)",
];

/// Helpers that put a literal phrase argument into a message frame: the function, the
/// argument's index, and the messages it becomes (`{}` is the phrase).
const ASSEMBLED: &[(&str, usize, &[&str])] = &[
    ("nonzero", 2, &["must be longer than 0s{}"]),
    ("validate_gap", 2, &["averages 0s: {} without end at one instant"]),
    (
        "validate_call_guards",
        3,
        &[
            "{} no service, so the circuit breaker has nothing to guard",
            "{} no service, so the bulkhead has nothing to guard",
        ],
    ),
    ("validate_call_guards", 4, &["list the services in {}"]),
    // Phrases worded inside their message (`text…` variables).
    ("period", 3, &["{}"]),
    ("total", 3, &["{}"]),
    ("total", 4, &["{}"]),
];

/// Parts of `parse.rs`'s and `change.rs`'s messages formatted on their own (an optional " after ..." or
/// " in `...`", a closing delimiter, a Debug-quoted string), filled in with [`SAMPLE`],
/// and the messages and phrases they become: those are checked instead.
const FRAGMENTS: &[(&str, &[&str])] = &[
    (" after 7", &["the file ends early after 7"]),
    (
        "the file ends early7: `77` opened at 7:7 is never closed",
        &[
            "the file ends early: `7(` opened at 7:7 is never closed",
            "the file ends early after 7: `7(` opened at 7:7 is never closed",
        ],
    ),
    ("the file ends early7", &["the file ends early", "the file ends early after 7"]),
    ("`\"` and 7 `#`", &["close it with `\"` and 7 `#`"]),
    ("close it with 7", &["close it with `\"`", "close it with `\"##`"]),
    ("unknown field `7`7", &["unknown field `7`", "unknown field `7` in `7`"]),
    (
        "missing field `7`7 (it has no default)",
        &["missing field `7` (it has no default)", "missing field `7` in `7` (it has no default)"],
    ),
    ("field `7` is given twice7", &["field `7` is given twice", "field `7` is given twice in `7`"]),
    // The three above with their `outer`.
    (" in `7`", &[]),
    ("no 7 are allowed here", &["no fields are allowed here", "no variants are allowed here"]),
    // `short`: a name cut to a readable length, inside a message.
    ("7...", &[]),
    // `change.rs`: the scenario's text with a change's value in place of the old one.
    ("777", &[]),
    ("the byte string b7", &["the byte string b\"7\""]),
    ("the string 7", &["the string \"7\""]),
];

/// What a `{...}` placeholder becomes in a scanned literal: one word, as a number, a
/// duration or a name would be.
const SAMPLE: &str = "7";

#[derive(Debug, PartialEq)]
enum Token {
    Str(String),
    Ident(String),
    Punct(char),
}

/// The tokens of Rust source, coarsely: string literals (decoded), identifiers and single
/// punctuation characters. Comments, chars, lifetimes and raw strings are skipped.
fn tokens(source: &str) -> Vec<(usize, Token)> {
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\n' {
            line += 1;
            i += 1;
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else if source[i..].starts_with("//") {
            i += source[i..].find('\n').unwrap_or(source.len() - i);
        } else if c == b'"' {
            let start_line = line;
            let mut text = String::new();
            i += 1;
            let mut chars = source[i..].char_indices();
            while let Some((k, ch)) = chars.next() {
                match ch {
                    '"' => {
                        i += k + 1;
                        break;
                    }
                    '\\' => match chars.next() {
                        Some((_, 'n')) => text.push('\n'),
                        Some((_, '\n')) => {
                            line += 1;
                            // A continuation: the next line's leading whitespace is skipped.
                            let rest = chars.as_str();
                            let skip = rest.len() - rest.trim_start().len();
                            for _ in rest[..skip].chars() {
                                chars.next();
                            }
                        }
                        Some((_, other)) => text.push(other),
                        None => {}
                    },
                    '\n' => {
                        line += 1;
                        text.push('\n');
                    }
                    other => text.push(other),
                }
            }
            out.push((start_line, Token::Str(text)));
        } else if c == b'\'' {
            // A char literal ('x', '\n') or a lifetime ('a): skip either.
            if bytes.get(i + 2) == Some(&b'\'') {
                i += 3;
            } else if bytes.get(i + 1) == Some(&b'\\') {
                i += source[i + 2..].find('\'').map_or(2, |k| k + 3);
            } else {
                i += 1;
            }
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let end = source[i..].find(|ch: char| !(ch.is_alphanumeric() || ch == '_')).map_or(source.len(), |k| i + k);
            out.push((line, Token::Ident(source[i..end].to_string())));
            i = end;
        } else {
            let ch = source[i..].chars().next().unwrap_or(' ');
            out.push((line, Token::Punct(ch)));
            i += ch.len_utf8();
        }
    }
    out
}

/// A format string with each `{...}` placeholder replaced by [`SAMPLE`] (`{{`/`}}` kept
/// as braces).
fn fill(format: &str) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                out.push_str(SAMPLE);
            }
            c => out.push(c),
        }
    }
    out
}

/// The non-test part of a file.
fn code(source: &str) -> &str {
    source.find("\n#[cfg(test)]\nmod tests").map_or(source, |end| &source[..end])
}

/// `text` filled in with samples, or the messages it is a fragment of ([`FRAGMENTS`]).
fn push_filled(found: &mut Vec<(String, String)>, at: String, text: &str) {
    let filled = fill(text);
    match FRAGMENTS.iter().find(|(fragment, _)| *fragment == filled) {
        Some((_, forms)) => found.extend(forms.iter().map(|form| (at.clone(), form.to_string()))),
        None => found.push((at, filled)),
    }
}

/// The messages (and helps, and phrases) the scanned code can write, each with where it
/// is: format strings filled in with samples, literals turned into `String`s, literals
/// passed straight to a problem, and the phrases the helpers assemble.
fn scanned_messages() -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (file, source) in SOURCES {
        let tokens = tokens(code(source));
        let ident = |k: usize, name: &str| matches!(tokens.get(k), Some((_, Token::Ident(x))) if x == name);
        let punct = |k: usize, p: char| matches!(tokens.get(k), Some((_, Token::Punct(x))) if *x == p);
        // The open calls whose direct string arguments are messages or phrases, by depth.
        let mut calls: Vec<(String, usize, usize)> = Vec::new();
        let mut depth = 0usize;
        for (k, (line, token)) in tokens.iter().enumerate() {
            match token {
                Token::Punct('(') | Token::Punct('[') | Token::Punct('{') => {
                    depth += 1;
                    if let Some((_, Token::Ident(name))) = k.checked_sub(1).and_then(|j| tokens.get(j))
                        && matches!(token, Token::Punct('('))
                    {
                        calls.push((name.clone(), depth, 0));
                    }
                }
                Token::Punct(')') | Token::Punct(']') | Token::Punct('}') => {
                    if calls.last().is_some_and(|(_, d, _)| *d == depth) {
                        calls.pop();
                    }
                    depth = depth.saturating_sub(1);
                }
                Token::Punct(',') => {
                    if let Some(call) = calls.last_mut().filter(|(_, d, _)| *d == depth) {
                        call.2 += 1;
                    }
                }
                Token::Str(text) => {
                    let at = format!("{file}:{line}");
                    let after = |j: usize, a: &str, b: char| k >= j && ident(k - j, a) && punct(k - j + 1, b);
                    let in_format = k >= 3 && after(3, "format", '!') && punct(k - 1, '(');
                    let converted = punct(k + 1, '.')
                        && (ident(k + 2, "into") || ident(k + 2, "to_string") || ident(k + 2, "to_owned"));
                    // `let why = "..."`: a phrase `total` words inside its message.
                    let why = k >= 3 && ident(k - 3, "let") && ident(k - 2, "why") && punct(k - 1, '=');
                    let help = after(2, "Some", '(');
                    let call = calls.last().map(|(name, d, arg)| (name.as_str(), *d == depth, *arg));
                    if in_format || converted || help || why {
                        push_filled(&mut found, at, text);
                    } else if let Some((name, direct, arg)) = call {
                        if direct && matches!(name, "problem" | "problem_with_help") {
                            push_filled(&mut found, at.clone(), text);
                        }
                        for (_, _, frames) in ASSEMBLED.iter().filter(|(f, i, _)| *f == name && *i == arg) {
                            found.extend(frames.iter().map(|frame| (at.clone(), frame.replace("{}", text))));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    found
}

#[test]
fn every_message_in_the_source_has_a_template() {
    let missing: Vec<String> = scanned_messages()
        .into_iter()
        .filter(|(_, message)| !NOT_MESSAGES.contains(&message.as_str()) && !recognised(message, true, Some(SAMPLE)))
        .map(|(at, message)| format!("  {at}: {message}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} scenario messages have no `scenario-msg-*` template (add one after `scenario-msg-starts-with` in \
         i18n/en/faultline.ftl, worded exactly as the English, and its translation in i18n/zh-CN/faultline.ftl; \
         `{{ $text-… }}` variables are phrases translated by templates of their own, `{{ $list-… }}` ones kept as \
         they are; or, if it is no message, list it in NOT_MESSAGES):\n{}",
        missing.len(),
        missing.join("\n")
    );
}

/// A scenario with `body` after its name and duration.
fn scenario(body: &str) -> String {
    format!("Scenario(name: \"corpus\", duration: \"1m\", sample_every: \"1s\", {body})")
}

/// Names of `n` things: `prefix0`, `prefix1`, ...
fn many(n: usize, each: impl Fn(usize) -> String) -> String {
    (0..n).map(each).collect::<Vec<_>>().join(", ")
}

/// Broken scenarios, each breaking many rules at once: between them, every rule of the
/// validator whose message the scan reads (the frames it assembles included).
fn corpus() -> Vec<String> {
    let service = r#"Service(name: "db")"#;
    let topics = r#"topics: [Topic(name: "t", ttl: "1m"), Topic(name: "dlq")]"#;
    let group =
        r#"ConsumerGroup(name: "g", topic: "t", handler: Handler(calls: ["db"]), on_exhausted: DeadLetter("dlq"))"#;
    vec![
        // The top level, the broker and names.
        scenario(&format!(
            r#"duration: "3653d", sample_every: "3654d", broker: Broker(nodes: 3, replication: 5),
            services: [Service(name: "a/b"), Service(name: "broker"), {service}, Service(name: "db"), Service(name: "tab\there")],
            topics: [Topic(name: "t"), Topic(name: "db")]"#
        ))
        .replacen(r#"duration: "1m", sample_every: "1s", "#, "", 1),
        scenario(r#"broker: Broker(replication: 0), topics: [Topic(name: "t")]"#),
        // Services: distributions, errors, policies, calls.
        scenario(&format!(
            r#"{topics}, services: [
                Service(name: "s1", latency: Exponential("0s"), errors: Errors(transient: 0.6, business: 0.6), capacity: 0,
                    timeout: "0s", failures: Some(Failures(mtbf: Exponential("1ns"), mttr: Exponential("1ns")))),
                Service(name: "s2", latency: Uniform(min: "5ms", max: "2ms"), outlier_detection: Some(OutlierDetection(eject_for: "0s", max_ejected: 2.0)),
                    health_check: Some(ServiceHealthCheck(interval: "1s", timeout: "2s", healthy_threshold: 0))),
                Service(name: "s3", latency: LogNormal(median: "10ms", p99: "1ms"), circuit_breaker: Some(CircuitBreaker()), bulkhead: Some(Bulkhead())),
                Service(name: "s4", latency: Pareto(shape: 1.5, min: "0s", max: "1s")),
                Service(name: "s5", latency: Pareto(shape: 1.5, min: "2s", max: "1s")),
                Service(name: "s6", latency: Hyperexponential(branches: [])),
                Service(name: "s7", latency: Hyperexponential(branches: [(p: 0.5, mean: "0s")])),
                Service(name: "s8", latency: Empirical(values: [])),
                Service(name: "s9", latency: Gamma(shape: 1000.0, mean: "1ms")),
                Service(name: "s10", latency: Gamma(shape: 2.0, mean: "0s")),
                Service(name: "c1", calls: ["c2"], circuit_breaker: Some(CircuitBreaker(window: Time("0s"), failure_classes: [CircuitOpen]))),
                Service(name: "c2", calls: ["c1"], circuit_breaker: Some(CircuitBreaker(window: Time("1500ms")))),
                Service(name: "p", publishes: ["dlq"]),
            ], consumers: [{group}]"#
        )),
        // Topics.
        scenario(&format!(
            r#"topics: [
                Topic(name: "t0", capacity: 0, ttl: "0s"),
                Topic(name: "t1", expired_to: "t1"),
                Topic(name: "t2", capacity: 10, shedding: [Shed(backlog_above: 99, below_priority: 0)]),
                Topic(name: "t", ttl: "1m"), Topic(name: "dlq", shedding: [Shed(backlog_above: 1, below_priority: 1)]),
            ], services: [{service}], consumers: [{group}]"#
        )),
        // Producers and their arrivals.
        scenario(&format!(
            r#"{topics}, services: [{service}], consumers: [{group}], producers: [
                Producer(name: "p1", topic: "t", rate: Poisson(per_second: -1.0)),
                Producer(name: "p2", topic: "t", rate: Constant(per_second: 1e12)),
                Producer(name: "p3", topic: "t", rate: Poisson(per_second: 1e-9)),
                Producer(name: "p4", topic: "t", rate: Bursty(per_second: 1.0, on: "0s", off: "1s")),
                Producer(name: "p5", topic: "t", rate: Ramp(from_per_second: 0.0, to_per_second: 0.0, over: "0s")),
                Producer(name: "p6", topic: "t", rate: Steps([])),
                Producer(name: "p7", topic: "t", rate: Steps([Step(at: "10s", per_second: 1.0), Step(at: "5s", per_second: 1.0)])),
                Producer(name: "p8", topic: "t", rate: Steps([Step(at: "1s", per_second: 0.0)])),
                Producer(name: "p9", topic: "t", rate: Sine(mean_per_second: 1.0, amplitude_per_second: 2.0, period: "1h")),
                Producer(name: "p10", topic: "t", rate: Sine(mean_per_second: 0.0, amplitude_per_second: 0.0, period: "1h")),
                Producer(name: "p11", topic: "t", rate: Renewal(gap: Constant("0s"))),
                Producer(name: "p12", topic: "t", rate: Renewal(gap: Constant("1000d"))),
                Producer(name: "p13", topic: "t", rate: Replay(trace: [])),
                Producer(name: "p14", topic: "t", rate: Replay(trace: [(at: "2s"), (at: "1s")])),
                Producer(name: "p15", topic: "t", rate: Replay(trace: [(at: "0s", event: "X")])),
                Producer(name: "p16", topic: "t", events: [EventType(name: "A")], rate: Replay(trace: [(at: "0s", event: "X")])),
                Producer(name: "p17", topic: "t", rate: Replay(trace: [(at: "1s")], speed: 0.0, repeat_every: "1s")),
                Producer(name: "p18", topic: "t", rate: Replay(trace: [(at: "1s")], repeat_every: "1ns")),
                Producer(name: "p19", topic: "t", rate: Poisson(per_second: 1.0), batch: Weighted([])),
                Producer(name: "p20", topic: "t", rate: Poisson(per_second: 1.0), batch: Weighted([(size: 1, weight: 0.0)])),
                Producer(name: "p21", topic: "t", rate: Poisson(per_second: 1.0), keys: Zipf(keys: 10, exponent: 0.0)),
                Producer(name: "p22", topic: "t", rate: Poisson(per_second: 1.0), events: [EventType(name: "", weight: 0.0), EventType(name: "A"), EventType(name: "A")]),
                Producer(name: "p23", topic: "t", rate: Poisson(per_second: 1.0), outbox: true, relay: OutboxRelay(poll_every: "1us")),
                Producer(name: "p24", topic: "dlq", rate: Poisson(per_second: 1.0)),
                Producer(name: "p25", topic: "t", rate: FinitePopulation(sources: 1, think: Constant("1s"))),
                Producer(name: "p26", topic: "t", rate: Renewal(gap: Exponential("0s"))),
                Producer(name: "p27", topic: "t", rate: Modulated(states: [])),
                Producer(name: "p28", topic: "t", rate: Modulated(states: [(per_second: 0.0, mean_stay: "0s"), (per_second: -1.0, mean_stay: "1s")])),
            ]"#
        )),
        // Consumer groups.
        scenario(&format!(
            r#"{topics}, services: [{service}], producers: [Producer(name: "src", topic: "t", rate: Poisson(per_second: 1.0))], consumers: [
                ConsumerGroup(name: "g1", topic: "t", delivery: Competing, strict_order: true, ordering: Partition, on_exhausted: DeadLetter("t"),
                    handler: Handler(timeout: "0s"), retry: Retry(backoff: Exponential(initial: "0s", multiplier: 0.5, max: "1s")),
                    commit_interval: "1ns", session_timeout: "0s", circuit_breaker: Some(CircuitBreaker()), bulkhead: Some(Bulkhead())),
                ConsumerGroup(name: "g2", topic: "t", retry: Retry(backoff: Linear(initial: "2s", increment: "1s", max: "1s")),
                    supervisor: Some(Supervisor(detect_after: "1s", restart_after: "1ns", max_restart_after: "0s")),
                    autoscale: Some(Autoscale(min: 5, max: 2, target_backlog: 1, check_every: "15s", cooldown: "1s"))),
                ConsumerGroup(name: "g3", topic: "t", instances: 1,
                    autoscale: Some(Autoscale(min: 2, max: 4, target_backlog: 0, check_every: "1ms", cooldown: "1s")),
                    rate_limit: Some(RateLimit(per_second: 1.0, overflow: DeadLetter)), filter: Some([]),
                    handler: Handler(on_emit_refused: FailAttempt)),
                ConsumerGroup(name: "g4", topic: "t", handler: Handler(emits: [Emit(topic: "dlq"), Emit(topic: "t")]), filter: Some(["Nope"])),
                ConsumerGroup(name: "g5", topic: "dlq"),
                ConsumerGroup(name: "g6", topic: "t", retry: Retry(backoff: Exponential(initial: "2s", multiplier: 2.0, max: "1s"))),
                {group},
            ]"#
        )),
        scenario(&format!(
            r#"{topics}, services: [{service}], consumers: [{group}, ConsumerGroup(name: "g2", topic: "t", filter: Some(["Nope"]))],
            producers: [Producer(name: "src", topic: "t", rate: Poisson(per_second: 1.0), events: [EventType(name: "A")])]"#
        )),
        // Clients.
        scenario(&format!(
            r#"{topics}, services: [{service}], consumers: [{group}], clients: [
                Client(name: "c1", rate: Poisson(per_second: 1.0), calls: [], timeout: "0s"),
                Client(name: "c2", rate: FinitePopulation(sources: 1, think: Constant("0s")), calls: ["db"]),
            ]"#
        )),
        // Sagas.
        scenario(&format!(
            r#"{topics}, services: [{service}, Service(name: "undo")], consumers: [{group},
                ConsumerGroup(name: "co", topic: "t"), ConsumerGroup(name: "co2", topic: "t")],
            producers: [Producer(name: "src", topic: "t", rate: Poisson(per_second: 1.0), events: [EventType(name: "A"), EventType(name: "B")])],
            sagas: [
                Saga(name: "s", coordinator: "g", steps: []),
                Saga(name: "s", coordinator: "g", timeout: "0s", steps: [SagaStep(name: "a", call: "db")]),
                Saga(name: "", coordinator: "co", steps: [
                    SagaStep(name: "", call: "db"),
                    SagaStep(name: "x", call: "db", pivot: true, compensate: Some("undo")),
                    SagaStep(name: "x", call: "db", compensate: Some("undo"), pivot: true),
                    SagaStep(name: "y", call: "db", only_for: Some([])),
                ]),
                Saga(name: "r", coordinator: "co2", steps: [SagaStep(name: "z", call: "db", only_for: Some(["Z"]))]),
            ]"#
        )),
        // Faults and alerts.
        scenario(&format!(
            r#"{topics}, services: [{service}, Service(name: "two", replicas: 2), Service(name: "one")], consumers: [{group}],
            producers: [Producer(name: "src", topic: "t", rate: Poisson(per_second: 1.0))],
            faults: [
                Fault(at: "1s", duration: "0s", target: "nope", kind: Crash),
                Fault(at: "1s", duration: "1s", target: "dbb", kind: Crash),
                Fault(at: "1s", duration: "1s", target: "gg/1", kind: Crash),
                Fault(at: "1s", duration: "1s", target: "broker/9", kind: Crash),
                Fault(at: "1s", duration: "1s", target: "two/3", kind: Crash),
                Fault(at: "1s", duration: "1s", target: "one/2", kind: Crash),
                Fault(at: "1s", duration: "1s", target: "g/9", kind: Crash),
                Fault(at: "1s", duration: "1s", target: "db", kind: Slow(factor: 0.5)),
                Fault(at: "1s", duration: "1s", target: "db", kind: Poison(fraction: 0.1)),
                Fault(at: "1s", duration: "10s", target: "t", kind: Crash),
                Fault(at: "5s", duration: "10s", target: "g", kind: Crash),
                Fault(at: "6s", duration: "10s", target: "g", kind: Crash),
            ],
            alerts: [
                Alert(name: "a", when: Availability(component: "t", below: 0.5, for: "1s")),
                Alert(name: "a", when: Availability(component: "zzz", below: 0.5, for: "1s")),
            ]"#
        )),
        // Totals.
        scenario(&format!(r#"topics: [{}]"#, many(1001, |i| format!(r#"Topic(name: "t{i}")"#)))),
        scenario(&format!(
            r#"topics: [{}], services: [Service(name: "s")], clients: [Client(name: "c", rate: Poisson(per_second: 1.0), calls: ["s"])]"#,
            many(1000, |i| format!(r#"Topic(name: "t{i}")"#))
        )),
        scenario(&format!(
            r#"topics: [Topic(name: "t")], alerts: [{}]"#,
            many(1001, |i| format!(r#"Alert(name: "a{i}", when: Backlog(topic: "t", above: 1, for: "1s"))"#))
        )),
        scenario(&format!(
            r#"topics: [{}], consumers: [{}], producers: [{}]"#,
            many(11, |i| format!(r#"Topic(name: "t{i}", partitions: 100000)"#)),
            many(11, |i| format!(
                r#"ConsumerGroup(name: "g{i}", topic: "t{i}", instances: 10000, idempotent: true, dedup_window: DedupWindow(max_ids: 10000000, max_age: "1h"),
                    handler: Handler(calls: ["s"]), circuit_breaker: Some(CircuitBreaker(window: Count(1000000))))"#
            )),
            many(11, |i| format!(
                r#"Producer(name: "p{i}", topic: "t{i}", rate: Poisson(per_second: 1.0), keys: Uniform(keys: 10000000))"#
            )),
        )
        .replacen("topics:", r#"services: [Service(name: "s")], topics:"#, 1)),
        scenario(&format!("topics: [Topic(name: \"t\")], services: [{}]", many(150, |_| r#"Service(name: "")"#.into()))),
        // Expectations and the lesson.
        scenario(&format!(
            r#"{topics}, services: [{service}, Service(name: "r2", replicas: 2)], consumers: [{group}],
            producers: [Producer(name: "src", topic: "t", rate: Poisson(per_second: 1.0))],
            alerts: [Alert(name: "lag", when: Backlog(topic: "t", above: 1, for: "1s"))],
            expect: [
                Expect(name: "a\tb", metric: "ledger..lost", at_least: 5.0, at_most: 1.0, at: "2h"),
                Expect(metric: "ledger.lost"),
                Expect(metric: "groups.g", at_most: 1.0),
                Expect(metric: "groups.gg.processed", at_most: 1.0),
                Expect(metric: "topics.nope.max_backlog", at_most: 1.0),
                Expect(metric: "ledger.lost", at_least: 5.0, at_most: 1.0),
                Series(key: "nonsense", at_most: 1.0),
                Series(key: "lat.p99_ms", at_most: 1.0),
                Series(key: "xyz.p99", at_most: 1.0),
                Series(key: "group.g", at_most: 1.0),
                Series(key: "group.g.nope", at_most: 1.0),
                Series(key: "latency.nope", at_most: 1.0),
                Series(key: "group.zz.lag", at_most: 1.0),
                Series(key: "latency.p99_ms", from: "30s", to: "10s", at_most: 1.0),
                Series(key: "latency.p99_ms", from: "50500ms", to: "50900ms", at_most: 1.0),
                Event(what: BreakerOpened("x:y")),
                Event(what: AlertFired("nope")),
                Event(what: AlertFired("lga")),
                Event(what: Logged(component: "nope", contains: "")),
                Event(what: Logged(component: "g/7", contains: "x")),
                Law(law: ErlangC(group: "g"), tolerance: 2.0),
                Law(law: Availability(component: "t"), tolerance: 0.1),
                Law(law: Availability(component: "db"), tolerance: 0.1),
                Law(law: Availability(component: "broker/1"), tolerance: 0.1),
                Law(law: Availability(component: "g/1"), tolerance: 0.1),
                Law(law: Availability(component: "r2"), tolerance: 0.1),
                Law(law: Parallel(group: "g"), tolerance: 0.1),
                Law(law: Serial(components: ["db"]), tolerance: 0.1),
                Law(law: Serial(components: ["db", "db"]), tolerance: 0.1),
            ],
            lesson: Lesson(title: "", summary: "a\nb", watch: [""],
                questions: [Question(ask: "", change: ["consumers.g.instances=0"]), Question(ask: "q", expect: [Expect(metric: "ledger.lost")])],
                captions: [Caption(at: "2h", text: "", focus: "nope"), Caption(at: "1s", text: "x", focus: "group.zz.lag"), Caption(at: "0s", text: "y")],
                actions: [Redrive(at: "2h", from: "nope", loop_guard: Some(0)), Redrive(at: "1s", from: "dlq")])"#
        )),
        scenario(
            r#"topics: [Topic(name: "t")], services: [Service(name: "db", failures: Some(Failures(mtbf: Exponential("1h"), mttr: Exponential("1m"))))],
            consumers: [ConsumerGroup(name: "g", topic: "t", handler: Handler(calls: ["db"]), delivery: Partitioned,
                failures: Some(Failures(mtbf: Exponential("1h"), mttr: Exponential("1m"))),
                autoscale: Some(Autoscale(min: 1, max: 2, target_backlog: 1, check_every: "15s", cooldown: "1s")))],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1.0))],
            faults: [Fault(at: "1s", duration: "1s", target: "g", kind: Crash)],
            expect: [Law(law: ErlangC(group: "g"), tolerance: 0.1), Law(law: Parallel(group: "g"), tolerance: 0.1),
                Event(what: BreakerOpened("g:dbx")), Event(what: Logged(component: "db/2", contains: "x"))],
            lesson: Lesson(title: "t", summary: "s", actions: [Redrive(at: "1s", from: "x")])"#,
        ),
    ]
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[test]
fn every_diagnostic_of_a_corpus_of_broken_scenarios_reads_in_chinese() {
    let mut seen = BTreeSet::new();
    let mut untranslated = Vec::new();
    for (i, text) in corpus().iter().enumerate() {
        // Every case reads as a scenario: its problems are the validator's, not the syntax's.
        let parsed = super::parse::from_ron(text);
        assert!(parsed.is_ok(), "corpus case {i} does not parse: {:?}", parsed.err().map(|e| e.to_string()));
        let Err(error) = super::parse_str(text, "corpus.ron") else { panic!("corpus case {i} is valid") };
        for d in &error.diagnostics {
            assert_eq!(d.render(Lang::En), d.to_string());
            for part in std::iter::once(&d.message).chain(&d.help) {
                seen.insert(part.clone());
                if !recognised(part, false, None) {
                    untranslated.push(format!("  case {i}: {d}\n    part: {part}"));
                }
            }
            let zh = d.render(Lang::ZhCn);
            assert!(zh.chars().any(is_cjk) && zh != d.to_string(), "{zh}");
        }
    }
    assert!(untranslated.is_empty(), "{} untranslated:\n{}", untranslated.len(), untranslated.join("\n"));
    eprintln!("{} distinct messages and helps", seen.len());
    if std::env::var_os("CORPUS_DUMP").is_some() {
        for d in corpus().iter().filter_map(|t| super::parse_str(t, "c.ron").err()).flat_map(|e| e.diagnostics) {
            eprintln!("EN {d}\nZH {}", d.render(Lang::ZhCn));
        }
    }
}

/// The problems of reading files: the scenario itself, and the CSV samples and traces it
/// names (bad cells, rows out of order, too many bad rows, no rows).
#[test]
fn file_and_csv_diagnostics_read_in_chinese() {
    let dir = std::env::temp_dir().join(format!("faultline-message-coverage-{}", std::process::id()));
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        path
    };
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let bad_durations: String = (0..12).map(|k| format!("{k}\n")).collect();
    write("lat.csv", format!("-1ms\n99999999999d\nabc\n{bad_durations}").as_bytes());
    write("few.csv", b"5\n1ms\n");
    write("empty.csv", b"# nothing\n\n");
    let bad_rows: String = (0..12).map(|k| format!("{k}s,x\n")).collect();
    write("trace.csv", format!("2s,1,A\n1s,x,B\n{bad_rows}").as_bytes());
    write("order.csv", b"2s\n1s\n");
    write("none.csv", b"\n");
    let scenarios = [
        r#"Scenario(name: "a", topics: [Topic(name: "t")], services: [Service(name: "a", latency: Empirical(csv: "lat.csv"))])"#,
        r#"Scenario(name: "a", topics: [Topic(name: "t")], services: [Service(name: "a", latency: Empirical(csv: "few.csv"))])"#,
        r#"Scenario(name: "a", topics: [Topic(name: "t")], services: [Service(name: "a", latency: Empirical(csv: "empty.csv"))])"#,
        r#"Scenario(name: "a", topics: [Topic(name: "t")], services: [Service(name: "a", latency: Empirical(csv: "missing.csv"))])"#,
        r#"Scenario(name: "a", topics: [Topic(name: "t")], services: [Service(name: "a", latency: Empirical(values: ["1ms"], csv: "few.csv"))])"#,
        r#"Scenario(name: "a", topics: [Topic(name: "t")], producers: [Producer(name: "p", topic: "t", events: [EventType(name: "A")], rate: Replay(csv: "trace.csv"))])"#,
        r#"Scenario(name: "a", topics: [Topic(name: "t")], producers: [Producer(name: "p", topic: "t", rate: Replay(csv: "order.csv"))])"#,
        r#"Scenario(name: "a", topics: [Topic(name: "t")], producers: [Producer(name: "p", topic: "t", rate: Replay(csv: "none.csv"))])"#,
        r#"Scenario(name: "a", topics: [Topic(name: "t")], producers: [Producer(name: "p", topic: "t", rate: Replay(trace: [(at: "0s")], csv: "order.csv"))])"#,
    ];
    let mut files: Vec<std::path::PathBuf> =
        scenarios.iter().enumerate().map(|(i, text)| write(&format!("s{i}.ron"), text.as_bytes())).collect();
    files.push(write("latin1.ron", b"Scenario(name: \"caf\xe9\")"));
    files.push(dir.join("no-such-file.ron"));
    files.push(dir.clone());
    let mut seen = BTreeSet::new();
    let mut untranslated = Vec::new();
    for file in &files {
        let Err(error) = super::load_file(file) else { panic!("{} loads", file.display()) };
        for d in &error.diagnostics {
            for part in std::iter::once(&d.message).chain(&d.help) {
                seen.insert(part.clone());
                if !recognised(part, false, None) {
                    untranslated.push(format!("  {d}\n    part: {part}"));
                }
            }
            if std::env::var_os("CORPUS_DUMP").is_some() {
                eprintln!("EN {d}\nZH {}", d.render(Lang::ZhCn));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(untranslated.is_empty(), "{} untranslated:\n{}", untranslated.len(), untranslated.join("\n"));
    assert!(seen.len() >= 15, "{seen:#?}");
}

#[test]
fn the_scan_finds_the_messages_and_refuses_an_unknown_one() {
    let messages: Vec<String> = scanned_messages().into_iter().map(|(_, m)| m).collect();
    eprintln!("{}", messages.len());
    for expected in [
        "must not be empty",
        "must be longer than 0s (every delay would be 0s)",
        "the autoscaler's checks",
        "health probes",
        "each partition is a queue in memory, one per subscribing group",
        "averages 0s: its callers would call again without end at one instant",
        "write Poisson(per_second: 0.0) for an idle producer",
        "the handler calls no service, so the bulkhead has nothing to guard",
        "the file is not UTF-8 text: invalid byte 0x7",
        "key `7` is not a whole number from 0 to 7",
        "must be longer than 0s (a Pareto starts at its minimum)",
        "this string is never closed: the file ends inside it",
        "durations are strings with a unit, e.g. \"250ms\"",
        "expected `,` or a closing bracket after 7, found 7",
        "the file ends early after 7: `7(` opened at 7:7 is never closed",
        "the character U+7",
        "the string \"7\"",
        "`7` is not written out in the scenario's text",
        "7 (in the value `7`)",
    ] {
        assert!(messages.iter().any(|m| m == expected), "the scan misses {expected:?}");
    }
    // A message with no template, and one with an explanation no template has appended.
    assert!(!recognised("the moon is made of cheese", true, Some(SAMPLE)));
    assert!(!recognised("must be at least 1 (because I say so)", true, Some(SAMPLE)));
    // A phrase template words a phrase, never a whole message.
    assert!(recognised("a service or a topic", true, None));
    assert!(!recognised("a service or a topic", false, None));
}

/// Files that do not read as a scenario, one (or more) per way `parse::explain_code`
/// words a syntax or type error: the label says which.
fn syntax_corpus() -> Vec<(&'static str, String)> {
    let topic = |fields: &str| scenario(&format!("topics: [Topic(name: \"t\", {fields})]"));
    let group = |fields: &str| {
        scenario(&format!(
            "topics: [Topic(name: \"t\")], consumers: [ConsumerGroup(name: \"g\", topic: \"t\", {fields})]"
        ))
    };
    let producer = |fields: &str| {
        scenario(&format!("topics: [Topic(name: \"t\")], producers: [Producer(name: \"p\", topic: \"t\", {fields})]"))
    };
    vec![
        ("an empty file", String::new()),
        ("only comments", "// nothing yet\n/* still nothing */\n".to_string()),
        ("the end after a comma", "Scenario(name: \"x\", topics: [Topic(name: \"t\"),".to_string()),
        ("the end after a bare name", "Scenario".to_string()),
        ("the end after a string", "Scenario(name: \"x\"".to_string()),
        ("the end in a field name", "Scenario(name: \"x\", ra".to_string()),
        ("an unclosed string", "Scenario(name: \"x, topics: [])".to_string()),
        ("an unclosed raw string", "Scenario(name: r##\"x)".to_string()),
        ("an unclosed raw string with many hashes", "Scenario(name: r##########\"x)".to_string()),
        ("a missing comma", "Scenario(name: \"x\"\n    topics: [])".to_string()),
        ("a missing comma after a number", topic("partitions: 4 capacity: 5")),
        ("a fraction for a whole number", topic("partitions: 4.5")),
        ("a variant without its value", producer("rate: Poisson")),
        ("a string for a whole number", topic("partitions: \"a\"")),
        ("a negative whole number", topic("partitions: -1")),
        ("a whole number too large", topic("partitions: 99999999999999999999999")),
        ("a string for a number", producer("rate: Poisson(per_second: \"a\")")),
        ("a number for a duration", topic("ttl: 5")),
        ("a bare word for a string", "Scenario(name: corpus)".to_string()),
        ("a byte string for a string", "Scenario(name: b\"corpus\")".to_string()),
        ("a number for a boolean", topic("durable: 1")),
        ("a string for a list", group("handler: Handler(calls: \"db\")")),
        ("a struct for a list", scenario("topics: Topic(name: \"t\")")),
        ("a number for a struct", scenario("broker: 5")),
        ("a field after a closed entry", scenario("topics: [Topic(name: \"t\"), partitions: 5]")),
        ("a misspelt struct name", "Scenari(name: \"x\")".to_string()),
        ("an unknown field", "Scenario(nme: \"x\")".to_string()),
        ("an unknown field, nothing close", "Scenario(name: \"x\", zzzzzzzzzzzz: 1)".to_string()),
        ("an unknown variant", group("retry: Retry(jitter: Fulll)")),
        ("an unknown variant, nothing close", group("retry: Retry(jitter: Zzzzzzzzzz)")),
        ("a missing field", "Scenario()".to_string()),
        ("a field given twice", "Scenario(name: \"a\", name: \"b\")".to_string()),
        ("a list for a struct", scenario("topics: [[Topic(name: \"t\")]]")),
        ("trailing characters", format!("{} extra", scenario("topics: [Topic(name: \"t\")]"))),
        ("a stray character", "Scenario(name: \"x\", §)".to_string()),
        ("a stray control character", "Scenario(name: \"x\", \u{1})".to_string()),
        ("a stray backtick", "Scenario(name: \"x\", `)".to_string()),
        ("an unclosed block comment", format!("{} /* unfinished", scenario("topics: [Topic(name: \"t\")]"))),
        ("an unknown escape", "Scenario(name: \"a\\qb\")".to_string()),
        ("a bad Unicode escape", "Scenario(name: \"a\\u{zz}b\")".to_string()),
        ("a bad hex escape", "Scenario(name: \"a\\x9\")".to_string()),
        ("a string running onto the next field", "Scenario(name: \"x,\n    topics: [\"t\"])".to_string()),
        ("a duration without a unit", topic("ttl: \"5\"")),
        ("a character literal for a string", "Scenario(name: 'x')".to_string()),
        ("a float for a seed", scenario("seed: 1.5")),
        ("a digit outside the base", topic("partitions: 0b102")),
        ("a hex number with a bad digit", topic("partitions: 0x1G")),
        ("an underscore after the base", topic("partitions: 0x_1")),
        ("a float starting with an underscore", producer("rate: Poisson(per_second: _1.5)")),
        ("an underscore in a float", producer("rate: Poisson(per_second: 1._5)")),
        ("a separator missing in a list", group("handler: Handler(calls: [\"a\" \"b\"])")),
    ]
}

/// Every syntax and type error a file can have reads in Chinese: its message and its help
/// recognised (ron's own text for its rarest errors is the only English left).
#[test]
fn every_syntax_error_of_a_corpus_of_broken_files_reads_in_chinese() {
    let mut untranslated = Vec::new();
    let mut seen = BTreeSet::new();
    for (label, text) in syntax_corpus() {
        assert!(super::parse::from_ron(&text).is_err(), "{label}: the text parses");
        let Err(error) = super::parse_str(&text, "broken.ron") else { panic!("{label}: the text loads") };
        let d = &error.diagnostics[0];
        assert_eq!(d.render(Lang::En), d.to_string());
        for part in std::iter::once(&d.message).chain(&d.help) {
            seen.insert(part.clone());
            if !recognised(part, false, None) {
                untranslated.push(format!("  {label}: {d}\n    part: {part}"));
            }
        }
        let zh = d.render(Lang::ZhCn);
        if std::env::var_os("CORPUS_DUMP").is_some() {
            eprintln!("{label}\n  EN {d}\n  ZH {zh}");
        }
        assert!(zh.chars().any(is_cjk) && zh != d.to_string(), "{label}: {zh}");
    }
    assert!(untranslated.is_empty(), "{} untranslated:\n{}", untranslated.len(), untranslated.join("\n"));
    assert!(seen.len() >= 40, "{seen:#?}");
}
