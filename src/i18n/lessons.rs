//! The curriculum's words in other languages. The English `lesson: Lesson(...)` and
//! `expect: [...]` blocks of `scenarios/NN-*.ron` stay the source; a translation,
//! `scenarios/zh-CN/NN-*.ron`, gives the same texts in the same order (watch items,
//! questions with their expectation names, captions with their times) and the digest of
//! the English it was made from. A test fails when a lesson changes in one language and
//! not in the other: a count or a caption time that differs, or an English text edited
//! since its translation (the digest).
//!
//! At run time a shipped English text is replaced by its translation wherever it is shown
//! ([`text`]), at the moment it is drawn: switching language changes a running lesson's
//! words at once, and a scenario whose lesson was edited still shows the texts that did
//! not change translated and the rest in English.

use super::{Lang, lang};
use crate::curriculum::catalogue;
use crate::scenario::{Lesson, Scenario};
use crate::time::SimDuration;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One lesson's texts in another language, in the English file's order.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonTranslation {
    /// The lesson's file under `scenarios/`.
    pub source: String,
    /// [`english_digest`] of the English this translates.
    pub en_digest: String,
    /// The scenario's name (the top bar and the window's title show it).
    pub name: String,
    pub title: String,
    pub summary: String,
    pub explanation: String,
    pub watch: Vec<String>,
    /// The names of the scenario's own expectations (`""` where the English has none).
    pub expect: Vec<String>,
    pub questions: Vec<QuestionTranslation>,
    pub captions: Vec<CaptionTranslation>,
    /// A challenge's goal and hints (absent for a lesson without a challenge).
    #[serde(default)]
    pub challenge: Option<ChallengeTranslation>,
}

/// A challenge's texts: its goal and its hints, in order.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChallengeTranslation {
    pub goal: String,
    pub hints: Vec<String>,
}

/// A question's texts.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionTranslation {
    pub ask: String,
    /// The names of the question's expectations.
    pub expect: Vec<String>,
    pub answer: String,
}

/// A caption: its time (the English one's, checked) and its text.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaptionTranslation {
    pub at: SimDuration,
    pub text: String,
}

/// The shipped Chinese translations: (lesson file, translation file's text).
const ZH_CN: &[(&str, &str)] = &[
    ("order-pipeline-demo.ron", include_str!("../../scenarios/zh-CN/order-pipeline-demo.ron")),
    ("01-happy-path.ron", include_str!("../../scenarios/zh-CN/01-happy-path.ron")),
    ("02-overload-and-back-pressure.ron", include_str!("../../scenarios/zh-CN/02-overload-and-back-pressure.ron")),
    ("03-retry-storm.ron", include_str!("../../scenarios/zh-CN/03-retry-storm.ron")),
    ("04-circuit-breaker.ron", include_str!("../../scenarios/zh-CN/04-circuit-breaker.ron")),
    ("05-dead-letters-and-redrive.ron", include_str!("../../scenarios/zh-CN/05-dead-letters-and-redrive.ron")),
    ("06-poison-messages.ron", include_str!("../../scenarios/zh-CN/06-poison-messages.ron")),
    ("07-consumer-crash.ron", include_str!("../../scenarios/zh-CN/07-consumer-crash.ron")),
    ("08-broker-node-loss.ron", include_str!("../../scenarios/zh-CN/08-broker-node-loss.ron")),
    (
        "09-rate-limiting-and-load-shedding.ron",
        include_str!("../../scenarios/zh-CN/09-rate-limiting-and-load-shedding.ron"),
    ),
    ("10-availability.ron", include_str!("../../scenarios/zh-CN/10-availability.ron")),
    ("11-transactional-outbox.ron", include_str!("../../scenarios/zh-CN/11-transactional-outbox.ron")),
    ("12-autoscaling.ron", include_str!("../../scenarios/zh-CN/12-autoscaling.ron")),
    ("13-sync-chain-vs-event-bus.ron", include_str!("../../scenarios/zh-CN/13-sync-chain-vs-event-bus.ron")),
    ("14-retry-amplification.ron", include_str!("../../scenarios/zh-CN/14-retry-amplification.ron")),
    ("15-fan-out-and-retention.ron", include_str!("../../scenarios/zh-CN/15-fan-out-and-retention.ron")),
    ("16-load-balancing.ron", include_str!("../../scenarios/zh-CN/16-load-balancing.ron")),
    ("17-sagas-and-compensation.ron", include_str!("../../scenarios/zh-CN/17-sagas-and-compensation.ron")),
    ("18-acks-and-in-sync-replicas.ron", include_str!("../../scenarios/zh-CN/18-acks-and-in-sync-replicas.ron")),
    (
        "19-event-sourcing-and-recovery-time.ron",
        include_str!("../../scenarios/zh-CN/19-event-sourcing-and-recovery-time.ron"),
    ),
    ("20-batching.ron", include_str!("../../scenarios/zh-CN/20-batching.ron")),
    (
        "21-rebalancing-and-consistent-hashing.ron",
        include_str!("../../scenarios/zh-CN/21-rebalancing-and-consistent-hashing.ron"),
    ),
    ("22-self-healing-time.ron", include_str!("../../scenarios/zh-CN/22-self-healing-time.ron")),
    ("c1-retry-storm.ron", include_str!("../../scenarios/zh-CN/c1-retry-storm.ron")),
    ("c2-breaker-tuning.ron", include_str!("../../scenarios/zh-CN/c2-breaker-tuning.ron")),
    ("c3-acks.ron", include_str!("../../scenarios/zh-CN/c3-acks.ron")),
    ("c4-autoscaling-budget.ron", include_str!("../../scenarios/zh-CN/c4-autoscaling-budget.ron")),
    ("c5-game-day.ron", include_str!("../../scenarios/zh-CN/c5-game-day.ron")),
];

/// The translation files shipped for `lang`: (lesson file, text).
pub fn shipped(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::En => &[],
        Lang::ZhCn => ZH_CN,
    }
}

/// A translation file read, or why it cannot be.
pub fn parse(text: &str) -> Result<LessonTranslation, ron::error::SpannedError> {
    ron::from_str(text)
}

/// A short fingerprint (FNV-1a, 64 bits, in hex) of every English text a translation
/// covers, in order: a translation records the one it was made from, so an English edit
/// that is not carried over fails a test instead of showing stale Chinese.
pub fn english_digest(scenario: &Scenario) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |text: &str| {
        for byte in text.bytes().chain(std::iter::once(0xff)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for text in english_texts(scenario) {
        feed(text);
    }
    format!("{hash:016x}")
}

/// The English texts a translation covers, in the order [`paired`] pairs them.
fn english_texts(scenario: &Scenario) -> Vec<&str> {
    let mut out: Vec<&str> = vec![scenario.name.as_str()];
    out.extend(scenario.expect.iter().map(|e| e.name()));
    if let Some(l) = &scenario.lesson {
        out.extend([l.title.as_str(), l.summary.as_str(), l.explanation.as_str()]);
        out.extend(l.watch.iter().map(String::as_str));
        for q in &l.questions {
            out.push(&q.ask);
            out.extend(q.expect.iter().map(|e| e.name()));
            out.push(&q.answer);
        }
        for c in &l.captions {
            out.push(&c.text);
        }
        if let Some(challenge) = &l.challenge {
            out.push(&challenge.goal);
            out.extend(challenge.hints.iter().map(String::as_str));
        }
    }
    out
}

/// Where an English lesson and its translation differ in shape.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Mismatch {
    #[error("the scenario has no lesson")]
    NoLesson,
    #[error("{what}: {english} in English, {translated} translated")]
    Count { what: String, english: usize, translated: usize },
    #[error("caption {n}: at {english} in English, at {translated} translated")]
    CaptionTime { n: usize, english: SimDuration, translated: SimDuration },
    #[error("{what}: named in one language and not in the other")]
    Naming { what: String },
    #[error(
        "the English changed since this translation (digest {recorded}, now {now}): update the translation, then its en_digest"
    )]
    Digest { recorded: String, now: String },
}

/// The (English, translated) pairs of a lesson, after checking that the translation
/// matches the English in shape and digest.
pub fn paired<'a>(scenario: &'a Scenario, t: &'a LessonTranslation) -> Result<Vec<(&'a str, &'a str)>, Mismatch> {
    let lesson: &Lesson = scenario.lesson.as_ref().ok_or(Mismatch::NoLesson)?;
    let count = |what: &str, english: usize, translated: usize| {
        if english == translated {
            Ok(())
        } else {
            Err(Mismatch::Count { what: what.to_string(), english, translated })
        }
    };
    count("expectations", scenario.expect.len(), t.expect.len())?;
    count("watch items", lesson.watch.len(), t.watch.len())?;
    count("questions", lesson.questions.len(), t.questions.len())?;
    count("captions", lesson.captions.len(), t.captions.len())?;
    let (challenge, translated_challenge) = (lesson.challenge.as_ref(), t.challenge.as_ref());
    count("challenges", usize::from(challenge.is_some()), usize::from(translated_challenge.is_some()))?;
    if let (Some(c), Some(tc)) = (challenge, translated_challenge) {
        count("hints", c.hints.len(), tc.hints.len())?;
    }
    for (n, (q, tq)) in lesson.questions.iter().zip(&t.questions).enumerate() {
        count(&format!("question {}'s expectations", n + 1), q.expect.len(), tq.expect.len())?;
    }
    for (n, (c, tc)) in lesson.captions.iter().zip(&t.captions).enumerate() {
        if c.at != tc.at {
            return Err(Mismatch::CaptionTime { n: n + 1, english: c.at, translated: tc.at });
        }
    }
    let now = english_digest(scenario);
    if now != t.en_digest {
        return Err(Mismatch::Digest { recorded: t.en_digest.clone(), now });
    }
    let mut translated: Vec<&str> = vec![t.name.as_str()];
    translated.extend(t.expect.iter().map(String::as_str));
    translated.extend([t.title.as_str(), t.summary.as_str(), t.explanation.as_str()]);
    translated.extend(t.watch.iter().map(String::as_str));
    for q in &t.questions {
        translated.push(&q.ask);
        translated.extend(q.expect.iter().map(String::as_str));
        translated.push(&q.answer);
    }
    translated.extend(t.captions.iter().map(|c| c.text.as_str()));
    if let Some(tc) = translated_challenge {
        translated.push(&tc.goal);
        translated.extend(tc.hints.iter().map(String::as_str));
    }
    let pairs: Vec<(&str, &str)> = english_texts(scenario).into_iter().zip(translated).collect();
    if let Some((english, _)) = pairs.iter().find(|(e, t)| e.is_empty() != t.is_empty()) {
        return Err(Mismatch::Naming { what: format!("\"{english}\"") });
    }
    Ok(pairs)
}

/// English text → translation, for every shipped lesson whose translation matches.
fn table(lang: Lang) -> &'static BTreeMap<String, String> {
    static TABLES: OnceLock<[BTreeMap<String, String>; 2]> = OnceLock::new();
    &TABLES.get_or_init(|| Lang::ALL.map(build_table))[lang.index()]
}

fn build_table(lang: Lang) -> BTreeMap<String, String> {
    let mut table = BTreeMap::new();
    for (file, text) in shipped(lang) {
        let (Some(entry), Ok(translation)) = (catalogue::find_file(file), parse(text)) else { continue };
        let Ok(scenario) = entry.load() else { continue };
        // A translation out of step is not used at all (the tests say why): half a lesson
        // translated with the wrong sentences would mislead more than English.
        let Ok(pairs) = paired(&scenario, &translation) else { continue };
        for (english, translated) in pairs {
            if !english.is_empty() {
                table.insert(english.to_string(), translated.to_string());
            }
        }
    }
    table
}

/// A lesson's text (title, caption, expectation name, …) in this thread's language: its
/// translation when it is a shipped lesson's text, the text itself otherwise.
pub fn text(english: &str) -> Cow<'_, str> {
    match table(lang()).get(english) {
        Some(t) => Cow::Borrowed(t.as_str()),
        None => Cow::Borrowed(english),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curriculum::catalogue::{catalogue, tour};

    /// Whether a text has Chinese in it: a translation that is still English is caught.
    fn has_cjk(text: &str) -> bool {
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_shipped_lesson_has_a_chinese_translation_in_step_with_the_english() {
        let mut problems = Vec::new();
        for entry in std::iter::once(tour()).chain(catalogue()).chain(catalogue::challenges()) {
            let Some((_, text)) = shipped(Lang::ZhCn).iter().find(|(file, _)| *file == entry.file) else {
                problems.push(format!("{}: no zh-CN translation", entry.file));
                continue;
            };
            let translation = match parse(text) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(format!("scenarios/zh-CN/{}:{e}", entry.file));
                    continue;
                }
            };
            assert_eq!(translation.source, entry.file);
            let scenario = entry.load().unwrap_or_else(|e| panic!("{}: {e}", entry.file));
            match paired(&scenario, &translation) {
                Ok(pairs) => {
                    for (english, translated) in pairs {
                        if !english.is_empty() && !has_cjk(translated) {
                            problems.push(format!("{}: not translated: {translated}", entry.file));
                        }
                    }
                }
                Err(e) => problems.push(format!("scenarios/zh-CN/{}: {e}", entry.file)),
            }
        }
        assert_eq!(
            shipped(Lang::ZhCn).len(),
            catalogue().len() + catalogue::challenges().len() + 1,
            "one translation per lesson, challenge and the tour"
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn a_changed_lesson_is_caught() {
        let entry = catalogue().iter().find(|e| e.file == "04-circuit-breaker.ron").expect("lesson 4 ships");
        let (_, text) = shipped(Lang::ZhCn).iter().find(|(f, _)| *f == entry.file).expect("translated");
        let translation = parse(text).expect("the translation parses");
        let mut scenario = entry.load().expect("lesson 4 loads");
        assert!(paired(&scenario, &translation).is_ok());
        let lesson = scenario.lesson.as_mut().expect("lesson 4 teaches");
        // A caption moved in English only.
        lesson.captions[1].at = SimDuration::from_secs(16);
        assert!(matches!(paired(&scenario, &translation), Err(Mismatch::CaptionTime { n: 2, .. })));
        // A watch item added in English only.
        let mut scenario = entry.load().expect("lesson 4 loads");
        scenario.lesson.as_mut().expect("teaches").watch.push("One more thing to watch.".into());
        assert!(matches!(paired(&scenario, &translation), Err(Mismatch::Count { .. })));
        // A sentence reworded in English only.
        let mut scenario = entry.load().expect("lesson 4 loads");
        scenario.lesson.as_mut().expect("teaches").summary.push('!');
        assert!(matches!(paired(&scenario, &translation), Err(Mismatch::Digest { .. })));
    }

    #[test]
    fn shown_texts_follow_the_language_of_the_thread() {
        let title = "Circuit breaker: fail fast instead of waiting";
        crate::i18n::set_lang(Lang::ZhCn);
        assert_eq!(text(title), "熔断器：快速失败，而不是苦等");
        assert_eq!(text("A sentence no lesson has"), "A sentence no lesson has");
        crate::i18n::set_lang(Lang::En);
        assert_eq!(text(title), title);
    }
}
