//! `faultline handout`: a lesson's printable handout, HTML and Markdown, from the report
//! renderer; lesson 4 (circuit breaker) is the example throughout.

mod cli_common;

use cli_common::{code, faultline, stderr};
use faultline::curriculum::catalogue;
use std::path::PathBuf;

fn out(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("faultline-handout-{}-{name}", std::process::id()))
}

fn lesson_4() -> faultline::scenario::Scenario {
    catalogue::find("circuit-breaker").and_then(|e| e.load().ok()).unwrap_or_else(|| panic!("lesson 4"))
}

/// Writes lesson 4's handout as `name` with `extra` arguments and returns its text.
fn handout_of_lesson_4(name: &str, extra: &[&str]) -> String {
    let path = out(name);
    let path_text = path.display().to_string();
    let mut args = vec!["handout", "4", "--out", path_text.as_str()];
    args.extend_from_slice(extra);
    let output = faultline(&args);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let _ = std::fs::remove_file(&path);
    text
}

/// The HTML handout has the title, every question (and no answer), the file's numbers to
/// redo by hand, the checklist's expectations and the reference run's charts as inline SVG.
#[test]
fn the_html_handout_of_lesson_4_has_its_parts() {
    let html = handout_of_lesson_4("4.html", &[]);
    let scenario = lesson_4();
    let lesson = scenario.lesson.as_ref().unwrap_or_else(|| panic!("a lesson"));
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"en\">"));
    assert!(html.contains(&format!("<h1>{}</h1>", lesson.title)), "the title");
    // The numbers block of the file's header comment, line for line.
    assert!(html.contains("20 / 0.8 s = 25 attempts/s, 12.5 messages/s at 2 attempts each"), "the numbers");
    assert!(!html.contains("// The numbers"), "without the comment markers");
    let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    for (i, q) in lesson.questions.iter().enumerate() {
        assert!(html.contains(&escape(&q.ask)), "question {}", i + 1);
        assert!(!html.contains(&escape(&q.answer)), "no answer {} without --with-answers", i + 1);
        assert!(html.contains(&format!("faultline run scenarios/04-circuit-breaker.ron --try {}", i + 1)));
    }
    for e in &scenario.expect {
        assert!(html.contains(&escape(e.name())), "checklist item {}", e.name());
    }
    // Every expectation of lesson 4 passes at its own seed: eight ✔ rows.
    assert_eq!(html.matches("<td>✔</td>").count(), scenario.expect.len());
    assert!(html.matches("<svg").count() >= 1, "at least one chart");
    assert!(!html.contains("Answer key"));
}

/// `--with-answers` adds the answer key at the end, after the charts.
#[test]
fn with_answers_the_key_comes_last() {
    let html = handout_of_lesson_4("4-answers.html", &["--with-answers"]);
    let lesson = lesson_4().lesson.unwrap_or_else(|| panic!("a lesson"));
    let key = html.find("<h2>Answer key</h2>").unwrap_or_else(|| panic!("an answer key"));
    assert!(html.rfind("<svg").is_some_and(|chart| chart < key), "after the charts");
    for q in &lesson.questions {
        let first_words: String = q.answer.chars().take(40).collect();
        assert!(html[key..].contains(&first_words), "{first_words}");
    }
}

/// The Markdown handout has the same parts, its charts as SVG data URIs.
#[test]
fn the_markdown_handout_of_lesson_4_has_its_parts() {
    let md = handout_of_lesson_4("4.md", &[]);
    assert!(md.starts_with("# Circuit breaker: fail fast instead of waiting\n"));
    assert!(md.contains("```text\nLesson 4: a circuit breaker"), "the numbers in a fence");
    assert!(md.contains("## Questions") && md.contains("## Checklist"));
    assert!(md.contains("Remove the breaker. What happens to the workers and to the backlog while the gateway hangs?"));
    assert!(md.contains("](data:image/svg+xml;base64,"), "at least one chart");
}

/// With `--lang zh-CN` the lesson's words are its translation and the headings Chinese.
#[test]
fn the_handout_speaks_the_lesson_translation() {
    let md = handout_of_lesson_4("4-zh.md", &["--lang", "zh-CN"]);
    assert!(md.starts_with("# 熔断器：快速失败，而不是苦等\n"), "{}", &md[..80.min(md.len())]);
    assert!(md.contains("## 思考题") && md.contains("## 检查清单"));
    assert!(!md.contains("Remove the breaker."), "the questions translated");
}

/// A lesson that is neither a file nor a shipped id, an output in a missing directory or of
/// another format, and a scenario without a lesson are refused with a clear error (exit 1),
/// before anything runs.
#[test]
fn bad_lessons_and_paths_are_refused() {
    let html = out("x.html").display().to_string();
    let cases: [(&[&str], &str); 4] = [
        (&["handout", "no-such-lesson", "--out", &html], "`no-such-lesson` is neither a file nor a shipped lesson"),
        (
            &["handout", "4", "--out", "/no/such/dir/h.html"],
            "--out /no/such/dir/h.html: the directory /no/such/dir does not exist",
        ),
        (&["handout", "4", "--out", "h.pdf"], "expected a file ending in .html or .md"),
        (&["handout", "scenarios/mmc.ron", "--out", &html], "has no lesson"),
    ];
    for (args, says) in cases {
        let output = faultline(args);
        assert_eq!(code(&output), 1, "{args:?}");
        assert!(stderr(&output).contains(says), "{args:?}: {}", stderr(&output));
    }
    assert!(!out("x.html").exists());
}
