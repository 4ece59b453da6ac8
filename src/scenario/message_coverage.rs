//! Tests that every located message the scenario code can write has a `scenario-msg-*`
//! template, so a Chinese reader never meets a validator message left in English.
//!
//! Two views of the same promise: a scan of the source (every message literal, filled in
//! with sample values, must be recognised; a new message without a template fails here,
//! naming it) and a corpus of broken scenarios whose real diagnostics must all translate.

use super::error::recognised;

/// The files whose messages reach a [`super::Diagnostic`]. `parse.rs` is left out: ron's
/// syntax errors are worded there and translated with the parse errors.
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
];

/// Literals of those files (filled in with [`SAMPLE`]) that are no message as they stand:
/// names, paths and keys the code builds, and the frames of messages assembled from
/// literal parts elsewhere, whose every assembled form [`ASSEMBLED`] lists or the corpus
/// test meets.
const NOT_MESSAGES: &[&str] = &[
    // Names: `caller:service` breakers, `group/N` instances and replicas, broker nodes.
    "7:7",
    "7/7",
    "broker/7",
    "broker",
    // Report paths of distributions (`check`'s summary, never a diagnostic).
    "7.failures.mtbf",
    "7.failures.mttr",
    "services.7.latency",
    "services.7",
    "consumers.7.handler.work",
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
                    if let Some((_, Token::Ident(name))) = k.checked_sub(1).and_then(|j| tokens.get(j)) {
                        if matches!(token, Token::Punct('(')) {
                            calls.push((name.clone(), depth, 0));
                        }
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
                        found.push((at, fill(text)));
                    } else if let Some((name, direct, arg)) = call {
                        if direct && matches!(name, "problem" | "problem_with_help") {
                            found.push((at.clone(), fill(text)));
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

#[test]
fn the_scan_finds_the_messages_and_refuses_an_unknown_one() {
    let messages: Vec<String> = scanned_messages().into_iter().map(|(_, m)| m).collect();
    eprintln!("{}", messages.len());
    for expected in [
        "must not be empty",
        "must be longer than 0s (every delay would be 0s)",
        "the autoscaler's checks",
        "each partition is a queue in memory, one per subscribing group",
        "averages 0s: its callers would call again without end at one instant",
        "write Poisson(per_second: 0.0) for an idle producer",
        "the handler calls no service, so the bulkhead has nothing to guard",
        "the file is not UTF-8 text: invalid byte 0x7",
        "key `7` is not a whole number from 0 to 7",
        "must be longer than 0s (a Pareto starts at its minimum)",
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
