//! Bad scenario input: every kind of mistake gets a located, plainly worded diagnostic,
//! and nothing a file can contain makes loading panic or hang.
//!
//! Expected positions are the ones a user sees in `scenarios/order-pipeline.ron` after the
//! edit each test makes (1-based line and character column).

use faultline::scenario::{Diagnostic, MAX_DIAGNOSTICS, load_file, parse_str};
use proptest::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn reference() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/order-pipeline.ron");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The reference scenario with one edit; the edited text must occur exactly once.
fn edited(from: &str, to: &str) -> String {
    let text = reference();
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once in the reference");
    text.replacen(from, to, 1)
}

/// Every diagnostic as the user sees it.
fn errors(text: &str) -> Vec<String> {
    match parse_str(text, "s.ron") {
        Ok(_) => Vec::new(),
        Err(e) => {
            assert!(!e.diagnostics.is_empty(), "an error has at least one diagnostic");
            e.diagnostics.iter().map(Diagnostic::to_string).collect()
        }
    }
}

fn error(text: &str) -> String {
    let all = errors(text);
    assert_eq!(all.len(), 1, "expected exactly one diagnostic, got {all:#?}");
    all[0].clone()
}

/// A file under the system temp directory, unique to the test.
fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("faultline-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

// ----- the whole file --------------------------------------------------------------------

#[test]
fn the_reference_scenario_is_valid() {
    assert_eq!(errors(&reference()), Vec::<String>::new());
}

#[test]
fn empty_and_comment_only_files() {
    let expected =
        "s.ron:1:1: the file has no scenario in it (it is empty or only comments) (a scenario starts with `Scenario(`)";
    for text in ["", "   \n\t\r\n", "// just a comment\n/* and a /* nested */ block */\n"] {
        assert_eq!(error(text), expected, "{text:?}");
    }
}

#[test]
fn binary_garbage_is_an_error_not_a_crash() {
    assert_eq!(error("\u{1}\u{2}\u{3}\u{7f}"), "s.ron:1:1: expected `Scenario(...)`, found the character U+0001");
    assert_eq!(error("Scenario(\0)"), "s.ron:1:10: expected a field name, found the character U+0000");
    assert_eq!(error("\u{FFFD}\u{FFFD}PNG"), "s.ron:1:1: expected `Scenario(...)`, found the character U+FFFD");
}

#[test]
fn nul_bytes_inside_the_scenario_are_located() {
    assert_eq!(
        error(&edited("    seed: 42,", "    seed: 42,\0")),
        "s.ron:15:14: expected a field name, found the character U+0000"
    );
    // The renamed producer no longer matches the fault that targets it by name.
    assert_eq!(
        errors(&edited("name: \"checkout\"", "name: \"check\0out\"")),
        vec![
            "s.ron:43:19: producers[0].name: \"check\\0out\" contains control characters",
            "s.ron:87:50: faults[4].target: unknown target `checkout`: not a service, topic, producer, consumer group, `group/N` instance, `service/N` replica or `broker/N` node",
        ]
    );
}

#[test]
fn invalid_utf8_is_reported_at_the_first_bad_byte() {
    let mut bytes = reference().into_bytes();
    let at = reference().find("\"checkout\"").unwrap_or_default() + 1;
    bytes[at] = 0xFF;
    let path = temp_file("invalid-utf8.ron", &bytes);
    let e = load_file(&path).expect_err("not UTF-8");
    let _ = std::fs::remove_file(&path);
    let origin = path.display().to_string();
    assert_eq!(
        e.to_string(),
        format!(
            "{origin}:43:20: producers[0].name: the file is not UTF-8 text: invalid byte 0xFF (save the scenario as UTF-8)"
        )
    );
}

#[test]
fn random_bytes_never_panic() {
    // A fixed xorshift stream: reproducible garbage, including invalid UTF-8.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for round in 0..200 {
        let bytes: Vec<u8> = (0..(round * 13) % 700)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        if !text.trim().is_empty() {
            assert!(parse_str(&text, "random").is_err());
        }
    }
}

#[test]
fn unreadable_files_are_diagnostics() {
    let missing = std::env::temp_dir().join("faultline-no-such-dir/none.ron");
    let e = load_file(&missing).expect_err("missing");
    assert_eq!(e.to_string(), format!("{}:1:1: cannot open the file: no such file", missing.display()));
    let dir = std::env::temp_dir();
    let e = load_file(&dir).expect_err("a directory");
    assert_eq!(e.diagnostics.len(), 1);
    assert!(e.to_string().starts_with(&format!("{}:1:1: cannot ", dir.display())), "{e}");
}

#[test]
fn every_prefix_of_the_reference_gives_a_scenario_or_an_error() {
    let text = reference();
    let started = Instant::now();
    for (cut, _) in text.char_indices() {
        match parse_str(&text[..cut], "cut.ron") {
            // Only the prefixes that lack nothing but trailing whitespace are whole scenarios.
            Ok(_) => assert!(text[cut..].trim().is_empty(), "prefix of {cut} bytes parsed"),
            Err(e) => assert!(e.diagnostics.iter().all(|d| d.line >= 1 && d.column >= 1)),
        }
    }
    assert!(started.elapsed() < Duration::from_secs(60), "{:?}", started.elapsed());
    // A cut in the middle of the topics list says which bracket is left open.
    let cut = text.find("Topic(name: \"orders.dlq\"").unwrap_or_default() + 12;
    assert_eq!(
        error(&text[..cut]),
        "s.ron:38:21: topics[1]: the file ends early after `:`: `Topic(` opened at 38:9 is never closed"
    );
}

#[test]
fn trailing_text_after_the_scenario() {
    assert_eq!(
        error(&format!("{}\nScenario()", reference())),
        "s.ron:98:1: unexpected `Scenario` after the end of the scenario"
    );
}

// ----- unclosed strings and comments, files cut short -----------------------------------

/// The reference cut just before `marker`'s first occurrence plus `keep` bytes of it.
fn cut_at(marker: &str, keep: usize) -> String {
    let text = reference();
    let at = text.find(marker).unwrap_or_else(|| panic!("`{marker}` is in the reference")) + keep;
    text[..at].to_string()
}

#[test]
fn a_string_never_closed_is_reported_where_it_opens() {
    let never_closed = "this string is never closed: the file ends inside it";
    assert_eq!(error("Scenario(name: \"ba"), format!("s.ron:1:16: name: {never_closed} (close it with `\"`)"));
    // Cut in the middle of a name: the quote that opens it is on line 43, column 19.
    assert_eq!(
        error(&cut_at("name: \"checkout\"", 10)),
        format!("s.ron:43:19: producers[che].name: {never_closed} (close it with `\"`)")
    );
    // An escape cut off, a raw string and a byte string are strings too.
    assert_eq!(error("Scenario(name: \"ab\\"), format!("s.ron:1:16: name: {never_closed} (close it with `\"`)"));
    assert_eq!(error("Scenario(name: r#\"ba\""), format!("s.ron:1:16: name: {never_closed} (close it with `\"#`)"));
    assert_eq!(
        error(&format!("Scenario(name: r{}\"ba", "#".repeat(100_000))),
        format!("s.ron:1:16: name: {never_closed} (close it with `\"` and 100000 `#`)")
    );
    // Whatever ron expected there (a whole number), the open string is what to fix.
    assert_eq!(
        error(&format!("{}\"4", cut_at("seed: 42", 6))),
        format!("s.ron:15:11: seed: {never_closed} (close it with `\"`)")
    );
    // A string closed far past the error (further than the parser reads ahead to explain
    // it) is not mistaken for one never closed.
    let long = "x".repeat(5000);
    assert_eq!(
        error(&edited("seed: 42", &format!("seed: \"{long}\""))),
        format!("s.ron:15:11: seed: expected a whole number, found the string \"{}...\"", &long[..40])
    );
}

#[test]
fn a_string_closed_by_the_next_quote_points_back_at_its_opening() {
    // The closing quote after `checkout` is missing: the quote that opens `orders` closes
    // it instead, and `orders` is left bare on line 44.
    assert_eq!(
        error(&edited("name: \"checkout\"", "name: \"checkout")),
        "s.ron:44:21: producers[0].name: expected `,` or a closing bracket after the string \"checkout,\\n            topic: \", found `orders` (the string opened at 43:19 runs onto the next line: is its closing `\"` missing?)"
    );
    assert_eq!(
        error(&edited("seed: 42", "seed: \"42")),
        "s.ron:15:11: seed: expected a whole number, found the string \"42,\\n    duration: \" (the string opened at 15:11 runs onto the next line: is its closing `\"` missing?)"
    );
    // A string that spans lines as a description may, with no field swallowed, gets no hint.
    assert_eq!(
        error("Scenario(name: \"a\", description: \"two\nlines\" seed: 1)"),
        "s.ron:2:7: description: expected `,` or a closing bracket after the string \"two\\nlines\", found `seed`"
    );
}

#[test]
fn a_comment_never_closed_is_reported_where_it_opens() {
    assert_eq!(
        error(&edited("// Downstream", "/* Downstream")),
        "s.ron:25:5: this `/*` comment is never closed (close it with `*/`)"
    );
    // Nested openings: the first one is the comment left open.
    assert_eq!(
        error(&edited("// Downstream", &"/*".repeat(100_000))),
        "s.ron:25:5: this `/*` comment is never closed (close it with `*/`)"
    );
}

#[test]
fn a_file_cut_short_says_so_with_one_path() {
    // Cut in the middle of the field name `rate`: not "unknown field `ra`", and the path
    // is the producer's (it was `producers[checkout][0]`, the cut name read as an entry).
    assert_eq!(
        error(&cut_at("rate: Poisson", 2)),
        "s.ron:45:15: producers[checkout]: the file ends early after `ra`: `Producer(` opened at 42:9 is never closed"
    );
    // Trailing whitespace does not change the answer; the end is on the next line.
    assert_eq!(
        error(&format!("{}\n", cut_at("rate: Poisson", 2))),
        "s.ron:46:1: producers[checkout]: the file ends early after `ra`: `Producer(` opened at 42:9 is never closed"
    );
    assert_eq!(
        error(&cut_at("RejectNew", 4)),
        "s.ron:37:77: topics[orders].overflow: the file ends early after `Reje`: `Topic(` opened at 37:9 is never closed"
    );
    assert_eq!(
        error(&cut_at("Producer(", 4)),
        "s.ron:42:13: producers[0]: the file ends early after `Prod`: `[` opened at 41:16 is never closed"
    );
    assert_eq!(
        error(&cut_at("seed: 42", 5)),
        "s.ron:15:10: the file ends early after `:`: `Scenario(` opened at 12:1 is never closed"
    );
    assert_eq!(
        error(&cut_at("detection + leader", 4)),
        "s.ron:22:42: broker: the file ends early after `,`: `Broker(` opened at 19:13 is never closed"
    );
    assert_eq!(
        error("Scenario(name"),
        "s.ron:1:14: the file ends early after `name`: `Scenario(` opened at 1:1 is never closed"
    );
    // A name where no name belongs is wrong whatever would follow: that is what is said.
    assert_eq!(
        error("Scenario(name: x"),
        "s.ron:1:16: name: expected a string in double quotes, found `x` (strings are written in double quotes: \"x\")"
    );
    // With no bracket open there is nothing to end early: a stray word is just that.
    assert_eq!(error("Scen"), "s.ron:1:1: expected `Scenario(...)`, found `Scen`");
}

// ----- line endings and other hostile syntax ----------------------------------------------

#[test]
fn every_kind_of_line_break_counts() {
    let mistake = |text: String| text.replacen("seed: 42", "seed: x", 1);
    let expected = "s.ron:15:11: seed: expected a whole number, found `x`";
    // Old Mac (CR only), Windows (CR LF) and Unix (LF) files give the same position; a
    // CR-only file used to be one line to ron, its first `//` comment hiding the rest.
    assert_eq!(error(&mistake(reference().replace('\n', "\r"))), expected);
    assert_eq!(error(&mistake(reference().replace('\n', "\r\n"))), expected);
    assert_eq!(error(&mistake(reference())), expected);
    assert_eq!(errors(&reference().replace('\n', "\r")), Vec::<String>::new());
    // Validation's locations count them too.
    assert_eq!(
        error(&edited("partitions: 6", "partitions: 0").replace('\n', "\r")),
        "s.ron:37:43: topics[orders].partitions: must be at least 1"
    );
    // Mixed in one file: CR LF, CR, CR make lines 2, 3 and 4; the column after a lone CR
    // starts again at 1.
    assert_eq!(
        error("Scenario(\r\n\r\rname: x"),
        "s.ron:4:7: name: expected a string in double quotes, found `x` (strings are written in double quotes: \"x\")"
    );
    assert_eq!(error("Scenario(\rname: \"a\",\r\r  seed: x)"), "s.ron:4:9: seed: expected a whole number, found `x`");
}

#[test]
fn invalid_utf8_in_a_cr_only_file_is_located_by_its_lines() {
    let text = reference().replace('\n', "\r");
    let mut bytes = text.clone().into_bytes();
    bytes[text.find("name: \"checkout\"").unwrap_or_default() + 7] = 0xFF;
    let path = temp_file("cr-invalid-utf8.ron", &bytes);
    let e = load_file(&path).expect_err("not UTF-8");
    let _ = std::fs::remove_file(&path);
    assert_eq!(
        e.to_string(),
        format!(
            "{}:43:20: producers[0].name: the file is not UTF-8 text: invalid byte 0xFF (save the scenario as UTF-8)",
            path.display()
        )
    );
}

#[test]
fn a_byte_order_mark_keeps_positions() {
    let text = format!("\u{FEFF}{}", edited("seed: 42", "seed: x"));
    assert_eq!(error(&text), "s.ron:15:11: seed: expected a whole number, found `x`");
    // Editors do not show the mark, so it is no column of its own.
    assert_eq!(error("\u{FEFF}Scenario(seed: x)"), "s.ron:1:16: seed: expected a whole number, found `x`");
}

#[test]
fn bad_escapes_point_at_the_escape() {
    assert_eq!(
        error(&edited("name: \"checkout\"", "name: \"check\\qout\"")),
        "s.ron:43:25: producers[checkqout].name: invalid escape `\\q` in a string: unknown escape character (escapes are \\n, \\t, \\\", \\\\ and \\u{...}; a backslash itself is written \\\\)"
    );
    assert_eq!(
        error(&edited("name: \"checkout\"", "name: \"\\u{D800}\"")),
        "s.ron:43:20: producers[0].name: invalid escape `\\u{D800}` in a string: not a valid Unicode-escaped character (a Unicode escape is 1 to 6 hex digits in braces naming a character, e.g. \\u{e9})"
    );
}

#[test]
fn a_struct_closed_too_early_is_hinted_at() {
    // `capacity: 200),` closes the service before its `failures` field.
    assert_eq!(
        error(&edited("capacity: 200,", "capacity: 200),")),
        "s.ron:32:13: services[1]: expected `Service(...)`, found `failures` (`failures` is a field, outside any struct here: does the `)` at 31:26 close the entry opened at 27:9 too early?)"
    );
}

#[test]
fn a_byte_string_is_not_text() {
    assert_eq!(
        error(&edited("name: \"checkout\"", "name: b\"checkout\"")),
        "s.ron:43:19: producers[checkout].name: expected a string in double quotes, found the byte string b\"checkout\" (text is written without the `b` of a byte string)"
    );
}

#[test]
fn megabyte_words_give_one_line_messages_quickly() {
    let started = Instant::now();
    let long = "s".repeat(15 << 20);
    let e = error(&edited("    seed: 42,", &format!("    {long}: 42,")));
    assert!(
        e.starts_with(&format!("s.ron:15:5: unknown field `{}...` in `Scenario` (expected one of `name`", &long[..40])),
        "{}",
        &e[..e.len().min(300)]
    );
    assert!(e.len() < 400, "{} bytes", e.len());
    assert_eq!(
        error(&edited("RejectNew", &"R".repeat(100_000))),
        format!(
            "s.ron:37:73: topics[orders].overflow: unknown variant `{}...` of `Overflow` (expected one of `RejectNew`, `DropOldest`, `BlockProducer`)",
            "R".repeat(40)
        )
    );
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
}

// ----- nesting and numbers ---------------------------------------------------------------

#[test]
fn deeply_nested_brackets_fail_fast_and_cleanly() {
    let started = Instant::now();
    assert_eq!(error(&"[".repeat(50_000)), "s.ron:1:1: expected `Scenario(...)`, found `[`");
    assert_eq!(error(&"(".repeat(50_000)), "s.ron:1:2: expected a field name, found `(`");
    assert_eq!(
        error(&format!("Scenario(name: \"deep\", topics: {}", "[".repeat(50_000))),
        "s.ron:1:33: topics[0]: expected `Topic(...)`, found `[`"
    );
    assert_eq!(
        error(&format!("Scenario(name: \"deep\", topics: [Topic(name: {}", "(".repeat(50_000))),
        "s.ron:1:45: topics[0].name: expected a string in double quotes, found `(`"
    );
    // 100 000 of each kind where a value goes: ron stops at its recursion limit (or at the
    // first bracket of the wrong kind), the locator needs no recursion at all.
    for (open, found) in [("[", "`[`"), ("(", "`(`"), ("{", "`{`"), ("Some(", "`Some`")] {
        let text = edited("seed: 42", &format!("seed: {}", open.repeat(100_000)));
        let e = error(&text);
        assert!(e.starts_with("s.ron:15:11: seed: expected a whole number, found "), "{e}");
        assert!(e.ends_with(found), "{e}");
    }
    // A file of 16 million brackets is explained from its first few, not read whole.
    let huge = "[".repeat(16 << 20);
    assert_eq!(error(&huge), "s.ron:1:1: expected `Scenario(...)`, found `[`");
    let closed = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    assert_eq!(error(&closed), "s.ron:1:1: expected `Scenario(...)`, found `[`");
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
}

#[test]
fn huge_numbers() {
    assert_eq!(
        error(&edited("seed: 42", "seed: 18446744073709551616")),
        "s.ron:15:11: seed: the number `18446744073709551616` is too large for this field"
    );
    assert_eq!(
        error(&edited("partitions: 6", "partitions: 4294967296")),
        "s.ron:37:43: topics[orders].partitions: the number `4294967296` is too large for this field"
    );
    assert_eq!(
        error(&edited("per_second: 800.0", "per_second: 1e999")),
        "s.ron:45:39: producers[checkout].rate.per_second: must be a finite number, found inf"
    );
    assert_eq!(
        error(&edited("seed: 42", &format!("seed: {}", "9".repeat(100_000)))),
        format!("s.ron:15:11: seed: the number `{}...` is too large for this field", "9".repeat(40))
    );
    assert_eq!(
        error(&edited("seed: 42", &format!("seed: 0x{}", "f".repeat(100_000)))),
        format!("s.ron:15:11: seed: the number `0x{}...` is too large for this field", "f".repeat(38))
    );
    assert_eq!(
        error(&edited("seed: 42", "seed: -3")),
        "s.ron:15:11: seed: `-3` is negative; this field takes a whole number from 0 up"
    );
    assert_eq!(
        error(&edited("exponent: 1.1", "exponent: NaN")),
        "s.ron:46:47: producers[checkout].keys.exponent: must be a finite number, found NaN"
    );
}

// ----- fields, variants, types -------------------------------------------------------------

#[test]
fn unknown_field_with_suggestion() {
    assert_eq!(
        error(&edited("partitions: 6", "partitons: 6")),
        "s.ron:37:31: topics[orders].partitons: unknown field `partitons` in `Topic` (did you mean `partitions`?)"
    );
    assert_eq!(
        error(&edited("    seed: 42,", "    colour: 42,")),
        "s.ron:15:5: colour: unknown field `colour` in `Scenario` (expected one of `name`, `description`, `seed`, `duration`, `sample_every`, `broker`, `services`, `topics`, `producers`, `clients`, `consumers`, `sagas`, `max_hops`, `tracing`, `faults`, `alerts`, `expect`, `lesson`)"
    );
}

#[test]
fn unknown_variant_with_suggestion() {
    assert_eq!(
        error(&edited("overflow: RejectNew", "overflow: RejectNw")),
        "s.ron:37:73: topics[orders].overflow: unknown variant `RejectNw` of `Overflow` (did you mean `RejectNew`?)"
    );
    assert_eq!(
        error(&edited("delivery: Partitioned", "delivery: competing")),
        "s.ron:58:23: consumers[payments].delivery: unknown variant `competing` of `Delivery` (did you mean `Competing`?)"
    );
    assert_eq!(
        error(&edited("LogNormal(median", "LogNormel(median")),
        "s.ron:29:22: services[payment-gateway].latency: unknown variant `LogNormel` of `Distribution` (did you mean `LogNormal`?)"
    );
}

#[test]
fn wrong_types_say_what_was_expected() {
    let cases = [
        (
            "partitions: 6",
            "partitions: \"six\"",
            "s.ron:37:43: topics[orders].partitions: expected a whole number, found the string \"six\"",
        ),
        ("seed: 42", "seed: 4.5", "s.ron:15:11: seed: expected a whole number, found `4.5`"),
        (
            "duration: \"10m\"",
            "duration: 10",
            "s.ron:16:15: duration: expected a string in double quotes, found the number `10` (durations are strings with a unit, e.g. \"250ms\")",
        ),
        (
            "topic: \"orders\",\n            rate",
            "topic: orders,\n            rate",
            "s.ron:44:20: producers[checkout].topic: expected a string in double quotes, found `orders` (strings are written in double quotes: \"orders\")",
        ),
        (
            "outbox: true",
            "outbox: 1",
            "s.ron:47:21: producers[checkout].outbox: expected `true` or `false`, found the number `1`",
        ),
        (
            "calls: [\"payment-gateway\"]",
            "calls: \"payment-gateway\"",
            "s.ron:59:63: consumers[payments].handler.calls: expected a list in `[...]`, found the string \"payment-gateway\" (a list of one is written in brackets: [\"name\"])",
        ),
        (
            "duration: \"10m\"",
            "duration: \"10 minutes\"",
            "s.ron:16:15: duration: invalid duration `10 minutes`: expected a number followed by a unit (ns, us, ms, s, m, h, d), e.g. \"250ms\"",
        ),
        (
            "Topic(name: \"orders\"",
            "Topik(name: \"orders\"",
            "s.ron:37:9: topics[orders]: expected `Topic(...)`, found `Topik(...)` (did you mean `Topic`?)",
        ),
        (
            "kind: ErrorRate(0.9)",
            "kind: ErrorRate",
            "s.ron:83:75: faults[0].kind: `ErrorRate` needs its value in parentheses: `ErrorRate(...)`, found `)`",
        ),
        (
            "seed: 42,",
            "seed: 42",
            "s.ron:15:13: seed: expected `,` or a closing bracket after the number `42`, found `duration`",
        ),
        ("    seed: 42,", "    seed: 42, seed: 7,", "s.ron:15:15: seed: field `seed` is given twice in `Scenario`"),
    ];
    for (from, to, expected) in cases {
        assert_eq!(error(&edited(from, to)), expected, "{to}");
    }
}

#[test]
fn missing_required_field() {
    assert_eq!(
        error(&edited("topic: \"orders\",\n            rate", "rate")),
        "s.ron:47:9: producers[checkout]: missing field `topic` in `Producer` (it has no default)"
    );
    assert_eq!(error("Scenario(name: \"x\")"), "s.ron:1:19: missing field `topics` in `Scenario` (it has no default)");
}

#[test]
fn options_may_be_written_with_or_without_some() {
    let reference = parse_str(&reference(), "a");
    assert!(reference.as_ref().is_ok_and(|s| s.topics[0].ttl.is_some() && s.services[0].failures.is_some()));
    for (from, to) in [
        ("ttl: Some(\"5m\")", "ttl: \"5m\""),
        ("capacity: 200,", "capacity: Some(200),"),
        (
            "failures: Some(Failures(mtbf: Exponential(\"5m\"), mttr: Exponential(\"30s\"))),",
            "failures: Failures(mtbf: Exponential(\"5m\"), mttr: Exponential(\"30s\")),",
        ),
        (
            "rate_limit: Some(RateLimit(per_second: 1500.0, burst: 200, overflow: Delay)),",
            "rate_limit: RateLimit(per_second: 1500.0, burst: 200, overflow: Delay),",
        ),
    ] {
        assert_eq!(parse_str(&edited(from, to), "b"), reference, "{to}");
    }
    let none = parse_str(&edited("ttl: Some(\"5m\"), ", "ttl: None, "), "c");
    assert!(none.is_ok_and(|s| s.topics[0].ttl.is_none()));
}

// ----- validation ----------------------------------------------------------------------------

#[test]
fn unknown_references_are_located_with_suggestions() {
    let cases = [
        (
            "topic: \"orders\",\n            rate",
            "topic: \"order\",\n            rate",
            "s.ron:44:20: producers[checkout].topic: unknown topic `order` (did you mean `orders`?)",
        ),
        (
            "name: \"payments\",\n            topic: \"orders\"",
            "name: \"payments\",\n            topic: \"ordrs\"",
            "s.ron:54:20: consumers[payments].topic: unknown topic `ordrs` (did you mean `orders`?)",
        ),
        (
            "calls: [\"payment-gateway\"]",
            "calls: [\"payment-gateway\", \"fraud\"]",
            "s.ron:59:83: consumers[payments].handler.calls[1]: unknown service `fraud` (services defined: `payment-gateway`)",
        ),
        (
            "DeadLetter(\"orders.dlq\")",
            "DeadLetter(\"orders.dql\")",
            "s.ron:75:27: consumers[payments].on_exhausted: unknown topic `orders.dql` (did you mean `orders.dlq`?)",
        ),
        (
            "FailureRate(group: \"payments\"",
            "FailureRate(group: \"payment\"",
            "s.ron:92:71: alerts[failure rate above 5%].when.group: unknown consumer group `payment` (did you mean `payments`?)",
        ),
        (
            "Backlog(topic: \"orders\"",
            "Backlog(topic: \"Orders\"",
            "s.ron:94:53: alerts[backlog].when.topic: unknown topic `Orders` (did you mean `orders`?)",
        ),
        (
            "durable: true),\n        Topic(name: \"orders.dlq\"",
            "durable: true, expired_to: \"order.dlq\"),\n        Topic(name: \"orders.dlq\"",
            "s.ron:37:128: topics[orders].expired_to: unknown topic `order.dlq` (did you mean `orders.dlq`?)",
        ),
    ];
    for (from, to, expected) in cases {
        assert_eq!(errors(&edited(from, to)), vec![expected.to_string()], "{to}");
    }
}

#[test]
fn fault_targets_and_kinds() {
    let cases = [
        (
            "target: \"payments/1\"",
            "target: \"payment/1\"",
            "s.ron:84:50: faults[1].target: unknown target `payment/1`: not a service, topic, producer, consumer group, `group/N` instance, `service/N` replica or `broker/N` node (did you mean `payments/1`?)",
        ),
        (
            "target: \"payments/1\"",
            "target: \"payments/13\"",
            "s.ron:84:50: faults[1].target: group `payments` has no instance `13` (its instances are numbered payments/1 to payments/12)",
        ),
        (
            "target: \"broker/2\"",
            "target: \"broker/4\"",
            "s.ron:85:50: faults[2].target: the broker has no node `4` (broker nodes are numbered broker/1 to broker/3)",
        ),
        (
            "target: \"checkout\", kind: Partition",
            "target: \"orders\", kind: Partition",
            "s.ron:87:66: faults[4].kind: Partition cannot target a topic (`orders`); it applies to a service, a producer, a consumer group, a consumer instance, a broker node or a service replica",
        ),
        (
            "target: \"orders\", kind: Poison",
            "target: \"payments\", kind: Poison",
            "s.ron:88:68: faults[5].kind: Poison cannot target a consumer group (`payments`); it applies to a topic or a producer",
        ),
        (
            "kind: Slow(factor: 10.0)",
            "kind: Slow(factor: 0.5)",
            "s.ron:86:88: faults[3].kind.factor: must be above 1 (a slow-down), found 0.5",
        ),
        (
            "at: \"7m\", duration: \"20s\", target: \"payment-gateway\", kind: Slow(factor: 10.0)",
            "at: \"2m\", duration: \"20s\", target: \"payment-gateway\", kind: ErrorRate(0.5)",
            "s.ron:86:19: faults[3].at: overlaps faults[0] (ErrorRate at 2m for 45s) on the same target; faults of one kind on one target must not overlap in time",
        ),
    ];
    for (from, to, expected) in cases {
        assert_eq!(errors(&edited(from, to)), vec![expected.to_string()], "{to}");
    }
    // Back to back is not an overlap: the first ends at 2m45s.
    assert!(
        parse_str(
            &edited(
                "at: \"7m\", duration: \"20s\", target: \"payment-gateway\", kind: Slow(factor: 10.0)",
                "at: \"165s\", duration: \"20s\", target: \"payment-gateway\", kind: ErrorRate(0.5)"
            ),
            "s"
        )
        .is_ok()
    );
}

#[test]
fn names_must_be_unique_across_components() {
    let text = edited("name: \"checkout\"", "name: \"orders\"");
    assert_eq!(
        errors(&text),
        vec![
            "s.ron:43:19: producers[orders].name: `orders` is already the name of a topic topics[orders] (services, topics, producers, consumer groups and clients share one namespace)",
            "s.ron:87:50: faults[4].target: unknown target `checkout`: not a service, topic, producer, consumer group, `group/N` instance, `service/N` replica or `broker/N` node",
        ]
    );
    let text = edited("Topic(name: \"orders.dlq\"", "Topic(name: \"orders\"");
    let all = errors(&text);
    assert_eq!(all[0], "s.ron:38:21: topics[1].name: another topic is already named `orders` (topics[0])");
}

#[test]
fn ranges_probabilities_and_limits() {
    let cases = [
        ("partitions: 6", "partitions: 0", "s.ron:37:43: topics[orders].partitions: must be at least 1"),
        (
            "partitions: 6",
            "partitions: 1000000",
            "s.ron:37:43: topics[orders].partitions: 1000000 is above faultline's limit of 100000",
        ),
        (
            "instances: 3",
            "instances: 20",
            "s.ron:78:24: consumers[payments].autoscale: the group starts with 20 instances, outside autoscale's 2..=12",
        ),
        (
            "business: 0.002",
            "business: 1.5",
            "s.ron:30:55: services[payment-gateway].errors.business: must be a probability between 0 and 1, found 1.5",
        ),
        (
            "transient: 0.01",
            "transient: 0.999",
            "s.ron:30:21: services[payment-gateway].errors: error probabilities add up to 1.001, more than 1",
        ),
        (
            "median: \"40ms\", p99: \"400ms\"",
            "median: \"40ms\", p99: \"4ms\"",
            "s.ron:29:53: services[payment-gateway].latency.p99: p99 (4ms) is below the median (40ms); a 99th percentile is at least the median",
        ),
        (
            "multiplier: 2.0",
            "multiplier: 0.5",
            "s.ron:62:68: consumers[payments].retry.backoff.multiplier: must be at least 1 (delays would shrink), found 0.5",
        ),
        ("duration: \"10m\"", "duration: \"0s\"", "s.ron:16:15: duration: must be longer than 0s"),
        (
            "duration: \"10m\"",
            "duration: \"3651d\"",
            "s.ron:16:15: duration: 3651d is longer than faultline's limit of 3650d (ten years)",
        ),
        ("sample_every: \"1s\"", "sample_every: \"0s\"", "s.ron:17:19: sample_every: must be at least 1ms, found 0s"),
        (
            "replication: 2",
            "replication: 4",
            "s.ron:21:22: broker.replication: 4 copies need at least 4 broker nodes, but `nodes` is 3",
        ),
        (
            "Zipf(keys: 10000, exponent: 1.1)",
            "Zipf(keys: 0, exponent: 1.1)",
            "s.ron:46:30: producers[checkout].keys.keys: must be at least 1",
        ),
        (
            "Poisson(per_second: 800.0)",
            "Sine(mean_per_second: 100.0, amplitude_per_second: 150.0)",
            "s.ron:45:70: producers[checkout].rate.amplitude_per_second: amplitude 150 is larger than the mean 100: the rate would go negative (down to -50 per second)",
        ),
        (
            "Poisson(per_second: 800.0)",
            "Steps([Step(at: \"2m\", per_second: 5.0), Step(at: \"1m\", per_second: 9.0)])",
            "s.ron:45:68: producers[checkout].rate[1].at: steps must be in time order: 1m comes after a step at 2m",
        ),
        (
            "Poisson(per_second: 800.0)",
            "Bursty(per_second: 10.0, on: \"0s\", off: \"1s\")",
            "s.ron:45:48: producers[checkout].rate.on: must be longer than 0s (the producer would never publish)",
        ),
        (
            "capacity: 200",
            "capacity: 0",
            "s.ron:31:23: services[payment-gateway].capacity: must be at least 1 (leave it out for unlimited capacity)",
        ),
        (
            "min: 2, max: 12",
            "min: 12, max: 2",
            "s.ron:78:53: consumers[payments].autoscale.max: max (2) is less than min (12)",
        ),
        (
            "failure_rate: 0.5",
            "failure_rate: 0.0",
            "s.ron:68:31: consumers[payments].circuit_breaker.failure_rate: must be above 0 and at most 1, found 0",
        ),
        (
            "window: Count(50)",
            "window: Time(\"0s\")",
            "s.ron:66:25: consumers[payments].circuit_breaker.window: a time window must be between 1s and 1d, found 0s",
        ),
        (
            "max_attempts: 4",
            "max_attempts: 0",
            "s.ron:61:31: consumers[payments].retry.max_attempts: must be at least 1",
        ),
        (
            "ErrorRate(0.9)",
            "ErrorRate(1.9)",
            "s.ron:83:75: faults[0].kind: must be a probability between 0 and 1, found 1.9",
        ),
        (
            "overflow: Delay",
            "overflow: DeadLetter",
            "s.ron:74:82: consumers[payments].rate_limit.overflow: DeadLetter needs somewhere to keep dead letters, but the group drops them (set on_exhausted: DeadLetter(\"...\") or Park on the group)",
        ),
    ];
    for (from, to, expected) in cases {
        let text = edited(from, to);
        let text = if to.contains("DeadLetter") && !to.contains("Steps") && from.contains("overflow") {
            text.replacen("on_exhausted: DeadLetter(\"orders.dlq\")", "on_exhausted: Drop", 1)
        } else {
            text
        };
        assert_eq!(errors(&text), vec![expected.to_string()], "{to}");
    }
}

#[test]
fn impossible_wiring() {
    let fan_out = edited(
        "    ],\n\n    faults",
        "        ConsumerGroup(name: \"audit\", topic: \"orders\"),\n    ],\n\n    faults",
    );
    // A second group on a topic is fan-out: each gets its own copy, nothing to refuse.
    assert_eq!(errors(&fan_out), Vec::<String>::new());
    let dlq_consumed = edited(
        "    ],\n\n    faults",
        "        ConsumerGroup(name: \"redrive\", topic: \"orders.dlq\"),\n    ],\n\n    faults",
    );
    assert_eq!(
        errors(&dlq_consumed),
        vec![
            "s.ron:80:47: consumers[redrive].topic: `orders.dlq` is a dead-letter topic (consumers[payments].on_exhausted); groups cannot consume it (dead letters are replayed by redrive)"
        ]
    );
    let own_dlq = edited("DeadLetter(\"orders.dlq\")", "DeadLetter(\"orders\")");
    assert_eq!(
        errors(&own_dlq),
        vec![
            "s.ron:75:27: consumers[payments].on_exhausted: the dead-letter topic `orders` is the topic the group consumes"
        ]
    );
    let self_expiry = edited("ttl: Some(\"5m\"),", "ttl: Some(\"5m\"), expired_to: \"orders\",");
    assert_eq!(
        errors(&self_expiry)[0],
        "s.ron:37:113: topics[orders].expired_to: a topic cannot send its expired messages to itself"
    );
    let no_ttl = edited("capacity: 100000, durable: true", "capacity: 100000, durable: true, expired_to: \"orders\"");
    assert_eq!(
        errors(&no_ttl),
        vec![
            "s.ron:38:95: topics[orders.dlq].expired_to: is set but the topic has no `ttl`, so nothing can expire (add a ttl, e.g. ttl: \"5m\")",
            "s.ron:44:20: producers[checkout].topic: `orders` is a dead-letter topic (topics[orders.dlq].expired_to); producers cannot publish to it",
            "s.ron:54:20: consumers[payments].topic: `orders` is a dead-letter topic (topics[orders.dlq].expired_to); groups cannot consume it (dead letters are replayed by redrive)"
        ]
    );
}

#[test]
fn all_problems_are_reported_in_file_order() {
    let text = reference()
        .replacen("partitions: 6", "partitions: 0", 1)
        .replacen("business: 0.002", "business: 1.5", 1)
        .replacen("calls: [\"payment-gateway\"]", "calls: [\"payment-gateway\", \"paymnt-gateway\"]", 1)
        .replacen("target: \"broker/2\"", "target: \"brokr/2\"", 1);
    assert_eq!(
        errors(&text),
        vec![
            "s.ron:30:55: services[payment-gateway].errors.business: must be a probability between 0 and 1, found 1.5",
            "s.ron:37:43: topics[orders].partitions: must be at least 1",
            "s.ron:59:83: consumers[payments].handler.calls[1]: unknown service `paymnt-gateway` (did you mean `payment-gateway`?)",
            "s.ron:85:50: faults[2].target: unknown target `brokr/2`: not a service, topic, producer, consumer group, `group/N` instance, `service/N` replica or `broker/N` node (did you mean `broker/2`?)",
        ]
    );
}

#[test]
fn the_number_of_diagnostics_is_bounded() {
    let faults: String = (0..300)
        .map(|i| format!("Fault(at: \"{i}s\", duration: \"1s\", target: \"nowhere{i}\", kind: Crash),\n"))
        .collect();
    let text = format!("Scenario(name: \"many\", topics: [], faults: [\n{faults}])");
    let e = parse_str(&text, "s.ron").expect_err("300 bad targets");
    assert_eq!(e.diagnostics.len(), MAX_DIAGNOSTICS);
    assert_eq!(
        e.diagnostics[MAX_DIAGNOSTICS - 1].to_string(),
        "s.ron:101:42: and 201 more problems, from here on (fix these first)"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Deleting, inserting or replacing random bytes of the reference never panics and
    /// never takes long.
    #[test]
    fn mutated_reference_text_never_panics_or_hangs(
        edits in prop::collection::vec((0u8..3, any::<prop::sample::Index>(), any::<u8>(), 1usize..8), 1..6)
    ) {
        let mut bytes = reference().into_bytes();
        for (op, at, byte, len) in edits {
            let i = at.index(bytes.len().max(1));
            match op {
                0 => { bytes.drain(i..(i + len).min(bytes.len())); }
                1 => { for _ in 0..len { bytes.insert(i.min(bytes.len()), byte); } }
                _ => { for b in bytes.iter_mut().skip(i).take(len) { *b = byte; } }
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        let started = Instant::now();
        let result = parse_str(&text, "mutated.ron");
        prop_assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
        if let Err(e) = result {
            prop_assert!(!e.diagnostics.is_empty());
            for d in &e.diagnostics {
                prop_assert!(d.line >= 1 && d.column >= 1);
                prop_assert!(d.to_string().starts_with("mutated.ron:"));
            }
        }
    }
}

/// Validation stays near-linear however many components and mistakes a file has: lookups
/// are by name, suggestions have a budget, and only the diagnostics shown are located.
#[test]
fn thousands_of_components_and_mistakes_stay_fast() {
    const N: usize = 50_000;
    let topics: String = (0..N).map(|i| format!("Topic(name: \"topic{i}\"),")).collect();
    let producers: String = (0..N)
        .map(|i| format!("Producer(name: \"p{i}\", topic: \"topc{i}\", rate: Poisson(per_second: 1.0)),"))
        .collect();
    let faults: String = (0..N)
        .map(|i| format!("Fault(at: \"1s\", duration: \"1s\", target: \"topc{i}\", kind: Poison(fraction: 0.1)),"))
        .collect();
    let text = format!("Scenario(name: \"big\", topics: [{topics}], producers: [{producers}], faults: [{faults}])");
    let started = Instant::now();
    let e = parse_str(&text, "big.ron").expect_err("every reference is wrong");
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
    assert_eq!(e.diagnostics.len(), MAX_DIAGNOSTICS);
    assert_eq!(e.diagnostics[0].path, "producers[p0].topic");
    assert_eq!(e.diagnostics[0].message, "unknown topic `topc0`");
    assert_eq!(
        e.diagnostics[MAX_DIAGNOSTICS - 1].message,
        // N unknown topics, N unknown fault targets and 2N components (over the limit of
        // 1,000), less the 99 shown.
        format!("and {} more problems, from here on (fix these first)", 2 * N + 1 - 99)
    );
}

#[test]
fn shaped_distributions_are_checked_at_their_fields() {
    let latency = r#"latency: LogNormal(median: "40ms", p99: "400ms")"#;
    let cases = [
        (
            r#"latency: Gamma(shape: 0.0, mean: "10ms")"#,
            "s.ron:29:35: services[payment-gateway].latency.shape: must lie in 0.1..=100, found 0; outside it the distribution is all tail or all spike",
        ),
        (
            r#"latency: Weibull(shape: 2.0, mean: "0s")"#,
            r#"s.ron:29:48: services[payment-gateway].latency.mean: must be longer than 0s (write Constant("0s") for no time at all)"#,
        ),
        (
            r#"latency: Erlang(k: 0, mean: "10ms")"#,
            "s.ron:29:32: services[payment-gateway].latency.k: must be at least 1",
        ),
        (
            r#"latency: Pareto(shape: 2.5, min: "5ms", max: "5ms")"#,
            "s.ron:29:58: services[payment-gateway].latency.max: max (5ms) must be above min (5ms)",
        ),
        (
            r#"latency: Pareto(shape: 2.5, min: "0s", max: "5ms")"#,
            "s.ron:29:46: services[payment-gateway].latency.min: must be longer than 0s (a Pareto starts at its minimum)",
        ),
        (r#"latency: Gamma(shape: 2.0, mean: "10ms")"#, ""),
        (
            r#"latency: Hyperexponential(branches: [(p: 0.9, mean: "1ms"), (p: 0.2, mean: "10ms")])"#,
            "s.ron:29:49: services[payment-gateway].latency.branches: the branches' probabilities p add up to 1.1, not 1",
        ),
        (
            r#"latency: Hyperexponential(branches: [(p: 0.9, mean: "1ms"), (p: -0.1, mean: "10ms")])"#,
            "s.ron:29:77: services[payment-gateway].latency.branches[1].p: must be a probability between 0 and 1, found -0.1",
        ),
        (
            r#"latency: Hyperexponential(branches: [(p: 0.9, mean: "1ms"), (p: 0.1, mean: "0s")])"#,
            "s.ron:29:88: services[payment-gateway].latency.branches[1].mean: must be longer than 0s (an exponential needs a mean)",
        ),
        (
            r#"latency: Hyperexponential(branches: [])"#,
            r#"s.ron:29:49: services[payment-gateway].latency.branches: needs at least one branch (e.g. branches: [(p: 0.9, mean: "1ms"), (p: 0.1, mean: "10ms")])"#,
        ),
        (
            r#"latency: Hyperexponential(branches: [(p: 0.1, mean: "1ms"), (p: 0.2, mean: "1ms"), (p: 0.7, mean: "9ms")])"#,
            "",
        ),
        (
            r#"latency: Empirical(values: [])"#,
            r#"s.ron:29:40: services[payment-gateway].latency.values: needs at least one value (list the observed durations, e.g. values: ["3ms", "5ms", "40ms"])"#,
        ),
        (
            r#"latency: Empirical(values: ["3ms", "-4ms"])"#,
            "s.ron:29:48: services[payment-gateway].latency.values[1]: invalid duration `-4ms`: durations cannot be negative",
        ),
        (r#"latency: Empirical(values: ["3ms", "4ms", "4ms"])"#, ""),
    ];
    for (to, expected) in cases {
        let found = errors(&edited(latency, to));
        let expected: Vec<&str> = if expected.is_empty() { vec![] } else { vec![expected] };
        assert_eq!(found, expected, "{to}");
    }
}

/// A folder of its own under the system temp directory, holding `files`; returns the
/// scenario's path in it.
fn scenario_beside(test: &str, scenario: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("faultline-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let path = dir.join("s.ron");
    std::fs::write(&path, scenario).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

/// `Empirical(csv: ..)` reads its samples from beside the scenario file when it is loaded;
/// the file name is then dropped, so the scenario carries the samples.
#[test]
fn an_empirical_csv_is_read_from_beside_the_scenario() {
    let scenario =
        edited(r#"latency: LogNormal(median: "40ms", p99: "400ms")"#, r#"latency: Empirical(csv: "lat.csv")"#);
    let csv = "# latency of the gateway, one per line\n1ms\n2ms, ignored column\n\n3ms\r\n6ms\n";
    let path = scenario_beside("csv-ok", &scenario, &[("lat.csv", csv)]);
    let loaded = load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    let latency = &loaded.services[0].latency;
    let ms = faultline::time::SimDuration::from_millis;
    assert_eq!(
        *latency,
        faultline::scenario::Distribution::Empirical { values: [1, 2, 3, 6].map(ms).into(), csv: None }
    );
    // 1, 2, 3, 6 ms: mean 3 ms, variance 14/4 ms², SCV 7/18.
    assert!((latency.scv() - 7.0 / 18.0).abs() < 1e-12);
    assert!(faultline::scenario::to_ron_string(&loaded).contains(r#"Empirical(values: ["1ms", "2ms", "3ms", "6ms"])"#));
}

#[test]
fn a_bad_csv_of_samples_is_located_at_its_rows() {
    let scenario =
        edited(r#"latency: LogNormal(median: "40ms", p99: "400ms")"#, r#"latency: Empirical(csv: "lat.csv")"#);
    let field = "services[payment-gateway].latency.csv";
    let cases: [(&str, Option<&str>, Vec<String>); 3] = [
        (
            "bad-rows",
            Some("latency\n1ms\n-2ms\n3.5\n"),
            vec![
                format!(
                    "lat.csv:1:1: {field}: invalid duration `latency`: expected a number followed by a unit (ns, us, ms, s, m, h, d), e.g. \"250ms\""
                ),
                format!("lat.csv:3:1: {field}: invalid duration `-2ms`: durations cannot be negative"),
                format!(
                    "lat.csv:4:1: {field}: invalid duration `3.5`: expected a number followed by a unit (ns, us, ms, s, m, h, d), e.g. \"250ms\" (give each value its unit, e.g. 3ms or 1.5s)"
                ),
            ],
        ),
        (
            "empty",
            Some("# nothing yet\n\n"),
            vec![format!("lat.csv:1:1: {field}: has no samples (only blank lines and # comments)")],
        ),
        ("missing", None, vec![format!("lat.csv:1:1: {field}: cannot open the file: no such file")]),
    ];
    for (test, csv, expected) in cases {
        let files: Vec<(&str, &str)> = csv.map(|c| ("lat.csv", c)).into_iter().collect();
        let path = scenario_beside(test, &scenario, &files);
        let dir = path.parent().map(|d| d.display().to_string()).unwrap_or_default();
        let found: Vec<String> = match load_file(&path) {
            Ok(_) => vec![],
            // Origins are the CSV's path; shown here relative to its folder.
            Err(e) => e.diagnostics.iter().map(|d| d.to_string().replacen(&format!("{dir}/"), "", 1)).collect(),
        };
        assert_eq!(found, expected, "{test}");
    }
}

/// A field with both `values` and `csv`, and a `csv` in text with no file beside it, are
/// refused at the field in the scenario.
#[test]
fn an_empirical_csv_needs_a_file_and_no_values() {
    let both = edited(
        r#"latency: LogNormal(median: "40ms", p99: "400ms")"#,
        r#"latency: Empirical(values: ["1ms"], csv: "lat.csv")"#,
    );
    let path = scenario_beside("csv-both", &both, &[("lat.csv", "2ms\n")]);
    let e = load_file(&path).expect_err("both");
    let origin = path.display();
    assert_eq!(
        e.to_string(),
        format!(
            "{origin}:29:54: services[payment-gateway].latency.csv: give the samples as `values` or as a `csv` file, not both"
        )
    );
    let without_file =
        edited(r#"latency: LogNormal(median: "40ms", p99: "400ms")"#, r#"latency: Empirical(csv: "lat.csv")"#);
    assert_eq!(
        error(&without_file),
        "s.ron:29:37: services[payment-gateway].latency.csv: a CSV of samples is read only when a scenario file is loaded, from beside the file"
    );
}

#[test]
fn renewal_arrivals_are_checked_at_their_gap() {
    let rate = "rate: Poisson(per_second: 800.0)";
    let cases = [
        (
            r#"rate: Renewal(gap: Constant("0s"))"#,
            "s.ron:45:32: producers[checkout].rate.gap: averages 0s: the producer would publish without end at one instant (write Poisson(per_second: 0.0) for an idle producer)",
        ),
        (
            r#"rate: Renewal(gap: Erlang(k: 0, mean: "2ms"))"#,
            "s.ron:45:42: producers[checkout].rate.gap.k: must be at least 1",
        ),
        (
            r#"rate: Renewal(gap: Constant("50ns"))"#,
            "s.ron:45:32: producers[checkout].rate.gap: averages 50ns, a rate of 20000000 per second, outside faultline's limits of 0.000001 to 10000000 per second",
        ),
        (
            r#"rate: Renewal(gap: Hyperexponential(branches: [(p: 0.5, mean: "1ms")]))"#,
            "s.ron:45:59: producers[checkout].rate.gap.branches: the branches' probabilities p add up to 0.5, not 1",
        ),
        (r#"rate: Renewal(gap: Erlang(k: 3, mean: "20ms"))"#, ""),
    ];
    for (to, expected) in cases {
        let found = errors(&edited(rate, to));
        let expected: Vec<&str> = if expected.is_empty() { vec![] } else { vec![expected] };
        assert_eq!(found, expected, "{to}");
    }
}

#[test]
fn event_flow_mistakes_are_located_at_their_fields() {
    let handler = "calls: [\"payment-gateway\"], timeout: \"1s\"),";
    let with_emits =
        |emits: &str| edited(handler, &format!("calls: [\"payment-gateway\"], timeout: \"1s\", emits: [{emits}]),"));
    let cycle = "s.ron:59:119: consumers[payments].handler.emits[0].topic: emits form a cycle with no end: orders → payments → orders (set `max_hops` on the scenario to bound how far one root's events travel)";
    let no_types = "(no event type is declared: give a producer `events: [EventType(name: ..)]`)";
    let cases: [(String, Vec<String>); 7] = [
        (
            edited(handler, "calls: [\"payment-gateway\"], timeout: \"1s\", on_emit_refused: FailAttempt),"),
            vec!["s.ron:59:116: consumers[payments].handler.on_emit_refused: the handler emits nothing, so no emit can be refused (list its events in handler.emits, or leave on_emit_refused out)".into()],
        ),
        (
            with_emits("Emit(topic: \"shiping\")"),
            vec!["s.ron:59:119: consumers[payments].handler.emits[0].topic: unknown topic `shiping` (topics defined: `orders`, `orders.dlq`)".into()],
        ),
        (with_emits("Emit(topic: \"orders\")"), vec![cycle.into()]),
        (
            with_emits("Emit(topic: \"orders.dlq\")"),
            vec!["s.ron:59:119: consumers[payments].handler.emits[0].topic: `orders.dlq` is a dead-letter topic: it holds dead letters, not events (emit to a topic that a group reads)".into()],
        ),
        (
            with_emits("Emit(topic: \"orders\", when: Type(\"OrderPlaced\"), probability: 1.5)"),
            vec![
                cycle.into(),
                format!("s.ron:59:135: consumers[payments].handler.emits[0].when: no producer or emit creates events of type `OrderPlaced` {no_types}"),
                "s.ron:59:169: consumers[payments].handler.emits[0].probability: must be a probability between 0 and 1, found 1.5".into(),
            ],
        ),
        (
            edited("            instances: 3,\n            concurrency: 8,", "            instances: 3, filter: Some([\"OrderPlaced\"]),\n            concurrency: 8,"),
            vec![format!("s.ron:55:41: consumers[payments].filter[0]: no producer or emit creates events of type `OrderPlaced` {no_types}")],
        ),
        (edited("    faults: [", "    max_hops: Some(0),\n    faults: ["), vec!["s.ron:82:15: max_hops: must be at least 1".into()]),
    ];
    for (text, expected) in cases {
        assert_eq!(errors(&text), expected);
    }
    // A bound makes the same cycle valid.
    let bounded =
        with_emits("Emit(topic: \"orders\")").replacen("    faults: [", "    max_hops: Some(3),\n    faults: [", 1);
    assert_eq!(errors(&bounded), Vec::<String>::new());
}

#[test]
fn call_chain_mistakes_are_located_at_their_fields() {
    let capacity = "            capacity: 200,";
    let unknown = edited(capacity, "            capacity: 200, calls: [\"fraud\"], timeout: \"0s\",");
    let own = edited(capacity, "            capacity: 200, calls: [\"payment-gateway\"],");
    assert_eq!(
        errors(&unknown),
        [
            "s.ron:31:36: services[payment-gateway].calls[0]: unknown service `fraud` (services defined: `payment-gateway`)",
            "s.ron:31:55: services[payment-gateway].timeout: must be longer than 0s (leave it out for no timeout)",
        ]
    );
    assert_eq!(
        errors(&own),
        [
            "s.ron:31:36: services[payment-gateway].calls[0]: services call each other in a cycle: payment-gateway → payment-gateway (a call chain must end: a service would wait for itself)"
        ]
    );
}

/// A trace to replay read from beside the scenario: every bad cell located at its CSV line
/// and column (time, key, event type, time order), all in one report.
#[test]
fn a_bad_trace_csv_is_located_at_its_rows_and_columns() {
    let scenario = edited("rate: Poisson(per_second: 800.0)", r#"rate: Replay(csv: "peak.csv")"#);
    let csv = "# at, key, event\n0.5s,3,\n1s\n0.9s\n1.5,x,Paid\n2s, 70000000000\n2s,,Paid\n";
    let path = scenario_beside("trace-bad", &scenario, &[("peak.csv", csv)]);
    let dir = path.parent().map(|d| d.display().to_string()).unwrap_or_default();
    let field = "producers[checkout].rate.csv";
    let found: Vec<String> = match load_file(&path) {
        Ok(_) => vec![],
        Err(e) => e.diagnostics.iter().map(|d| d.to_string().replacen(&format!("{dir}/"), "", 1)).collect(),
    };
    assert_eq!(
        found,
        [
            format!("peak.csv:4:1: {field}: rows must be in time order: 900ms comes after a row at 1s"),
            format!(
                "peak.csv:5:1: {field}: invalid duration `1.5`: expected a number followed by a unit (ns, us, ms, s, m, h, d), e.g. \"250ms\" (give each value its unit, e.g. 3ms or 1.5s)"
            ),
            format!(
                "peak.csv:6:5: {field}: key `70000000000` is not a whole number from 0 to 4294967295 (leave the cell empty to draw the key from the source's `keys`)"
            ),
            format!(
                "peak.csv:7:5: {field}: event type `Paid`, but this source declares no `events` (add EventType(name: \"Paid\") to them)"
            ),
        ]
    );
}

/// A replay's own fields, inline or beside a CSV, are checked where they are written.
#[test]
fn replay_mistakes_are_located_at_their_fields() {
    let rate = "rate: Poisson(per_second: 800.0)";
    let cases = [
        (
            r#"rate: Replay(trace: [])"#,
            r#"s.ron:45:33: producers[checkout].rate.trace: needs at least one row (e.g. trace: [(at: "0s"), (at: "120ms", key: 7)], or csv: "peak.csv")"#,
        ),
        (
            r#"rate: Replay(trace: [(at: "2s"), (at: "1s")])"#,
            "s.ron:45:51: producers[checkout].rate.trace[1].at: rows must be in time order: 1s comes after a row at 2s",
        ),
        (
            r#"rate: Replay(trace: [(at: "1s", event: "Paid")])"#,
            r#"s.ron:45:52: producers[checkout].rate.trace[0].event: event type `Paid`, but this source declares no `events` (add EventType(name: "Paid") to them)"#,
        ),
        (
            r#"rate: Replay(trace: [(at: "1s"), (at: "2s")], speed: 0.0)"#,
            "s.ron:45:66: producers[checkout].rate.speed: must lie in 0.001..=1000, found 0",
        ),
        (
            r#"rate: Replay(trace: [(at: "1s"), (at: "2s")], repeat_every: "2s")"#,
            r#"s.ron:45:73: producers[checkout].rate.repeat_every: 2s is not longer than one pass of the trace (its last row is at 2s): passes would overlap (repeat after the last row, e.g. repeat_every: "2001ms")"#,
        ),
        (
            r#"rate: Replay(trace: [(at: "0s")], repeat_every: "10us")"#,
            "s.ron:45:61: producers[checkout].rate.repeat_every: must be at least 1ms, found 10us",
        ),
        (
            r#"rate: Replay(csv: "peak.csv")"#,
            "s.ron:45:31: producers[checkout].rate.csv: a CSV trace is read only when a scenario file is loaded, from beside the file",
        ),
        (r#"rate: Replay(trace: [(at: "0s"), (at: "0s", key: 7)], speed: 4.0, repeat_every: "1ms")"#, ""),
    ];
    for (to, expected) in cases {
        let found = errors(&edited(rate, to));
        let expected: Vec<&str> = if expected.is_empty() { vec![] } else { vec![expected] };
        assert_eq!(found, expected, "{to}");
    }
    let both = edited(rate, r#"rate: Replay(trace: [(at: "0s")], csv: "peak.csv")"#);
    let path = scenario_beside("trace-both", &both, &[("peak.csv", "1s\n")]);
    let e = load_file(&path).expect_err("both");
    assert_eq!(
        e.to_string(),
        format!(
            "{}:45:52: producers[checkout].rate.csv: give the rows as `trace` or as a `csv` file, not both",
            path.display()
        )
    );
}

/// A producer's batch: 1 to 1000 events, fixed or drawn by positive weights.
#[test]
fn batch_mistakes_are_located_at_their_fields() {
    let rate = "rate: Poisson(per_second: 800.0)";
    let cases = [
        ("batch: Fixed(0)", "s.ron:45:54: producers[checkout].batch: must be at least 1"),
        ("batch: Fixed(1001)", "s.ron:45:54: producers[checkout].batch: 1001 is above faultline's limit of 1000"),
        (
            "batch: Weighted([])",
            "s.ron:45:54: producers[checkout].batch: needs 1 to 100 sizes, found 0 (e.g. Weighted([(size: 1, weight: 3.0), (size: 4, weight: 1.0)]))",
        ),
        (
            "batch: Weighted([(size: 2, weight: 0.0)])",
            "s.ron:45:82: producers[checkout].batch[0].weight: must be above 0, found 0",
        ),
        (
            "batch: Weighted([(size: 2), (size: 0, weight: 2.0)])",
            "s.ron:45:82: producers[checkout].batch[1].size: must be at least 1",
        ),
        ("batch: Weighted([(size: 2), (size: 8, weight: 0.5)])", ""),
    ];
    for (batch, expected) in cases {
        let found = errors(&edited(rate, &format!("{rate}, {batch}")));
        let expected: Vec<&str> = if expected.is_empty() { vec![] } else { vec![expected] };
        assert_eq!(found, expected, "{batch}");
    }
}

/// `queue_discipline: Priority` reorders the calls waiting for a capacity slot, and
/// `ProcessorSharing` shares the capacity: on a service without a capacity neither means
/// anything, which is located at the field.
#[test]
fn a_priority_discipline_without_capacity_is_located() {
    let text = |capacity: &str| {
        format!(
            r#"Scenario(name: "priority", duration: "10s",
    services: [Service(name: "db"{capacity}, queue_discipline: Priority)],
    topics: [Topic(name: "unused")],
    clients: [Client(name: "callers", rate: Poisson(per_second: 10.0), calls: ["db"])],
)"#
        )
    };
    assert_eq!(
        errors(&text("")),
        vec![
            "s.ron:2:54: services[db].queue_discipline: orders the calls waiting for a slot, but the service has no capacity, so no call ever waits (give it a capacity (calls served at once): then the highest priority waiting is served first)"
        ]
    );
    assert!(errors(&text(", capacity: 4")).is_empty());
    let sharing = text("").replace("Priority", "ProcessorSharing");
    assert_eq!(
        errors(&sharing),
        vec![
            "s.ron:2:54: services[db].queue_discipline: shares the capacity among the calls in service, but the service has no capacity, so every call goes at full speed (give it a capacity: the calls beyond it then slow every call down instead of waiting)"
        ]
    );
    assert!(errors(&sharing.replace(r#""db","#, r#""db", capacity: 2,"#)).is_empty());
}

/// A finite population of callers: a client's, with callers and a think time within
/// limits; a producer, which waits for no answer, is refused one.
#[test]
fn finite_population_mistakes_are_located_at_their_fields() {
    let client = |sources: &str, think: &str| {
        format!(
            r#"Scenario(name: "closed loop", duration: "10s",
    services: [Service(name: "repair", capacity: 1)],
    topics: [Topic(name: "unused")],
    clients: [Client(name: "machines", rate: FinitePopulation(sources: {sources}, think: {think}), calls: ["repair"])],
)"#
        )
    };
    let cases = [
        (client("0", r#"Exponential("40ms")"#), "s.ron:4:72: clients[machines].rate.sources: must be at least 1"),
        (
            client("100001", r#"Exponential("40ms")"#),
            "s.ron:4:72: clients[machines].rate.sources: 100001 is above faultline's limit of 100000",
        ),
        (
            client("5", r#"Constant("0s")"#),
            "s.ron:4:82: clients[machines].rate.think: averages 0s: its callers would call again without end at one instant",
        ),
        (
            edited(
                "rate: Poisson(per_second: 800.0)",
                r#"rate: FinitePopulation(sources: 5, think: Exponential("1s"))"#,
            ),
            "s.ron:45:19: producers[checkout].rate: a producer does not wait for answers, so it has no finite population of callers (give the population to a Client, whose callers wait for their answers)",
        ),
        (client("5", r#"Erlang(k: 2, mean: "40ms")"#), ""),
    ];
    for (text, expected) in cases {
        let expected: Vec<&str> = if expected.is_empty() { vec![] } else { vec![expected] };
        assert_eq!(errors(&text), expected, "{text}");
    }
}
