//! The dashboard in Simplified Chinese: every character of every string the window shows
//! has a glyph in the fonts it loads (egui's own have no CJK: without the bundled subset
//! every Chinese character is an empty box), switching language changes the words at once
//! without restarting the run, and a scenario named in Chinese shows its names.

mod ui_common;

use egui_kittest::kittest::{NodeT, Queryable};
use faultline::i18n::Lang;
use faultline::ui::runner::{Control, Runner};
use faultline::ui::settings::Settings;
use std::path::PathBuf;

/// Every label and value in the window's accessibility tree.
fn shown_texts(h: &egui_kittest::Harness<'_, faultline::ui::app::Dashboard>) -> Vec<String> {
    h.root()
        .children_recursive()
        .flat_map(|n| {
            let a = n.accesskit_node();
            [a.label().map(|s| s.to_string()), a.value().map(|s| s.to_string())]
        })
        .flatten()
        .filter(|t| !t.is_empty())
        .collect()
}

/// The characters of `texts` the loaded proportional and monospace fonts have no glyph for.
fn missing_glyphs(h: &egui_kittest::Harness<'_, faultline::ui::app::Dashboard>, texts: &[String]) -> Vec<String> {
    let mut missing = std::collections::BTreeSet::new();
    for text in texts {
        for c in text.chars().filter(|c| !c.is_whitespace() && !c.is_control()) {
            let has = h.ctx.fonts_mut(|f| {
                f.has_glyph(&egui::FontId::proportional(14.0), c) && f.has_glyph(&egui::FontId::monospace(14.0), c)
            });
            if !has {
                missing.insert(format!("{c} (U+{:04X}) in \"{text}\"", c as u32));
            }
        }
    }
    missing.into_iter().collect()
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn lesson(id: &str, lang: Lang) -> egui_kittest::Harness<'static, faultline::ui::app::Dashboard> {
    faultline::i18n::set_lang(lang);
    let mut runner = Runner::open(None);
    runner.handle(Control::LoadLesson(id.into()));
    runner.handle(Control::Play);
    ui_common::dashboard(runner, Settings { lang: Some(lang), ..Settings::default() })
}

#[test]
fn every_glyph_of_the_chinese_ui_is_in_the_loaded_fonts() {
    let mut h = lesson("circuit-breaker", Lang::ZhCn);
    // 20 s of the lesson at ×1 (200 frames of 100 ms): the gateway hangs at 15 s and the
    // breaker opens; the 18 s caption is up.
    h.run_steps(200);
    let texts = shown_texts(&h);
    let chinese: Vec<&String> = texts.iter().filter(|t| has_cjk(t)).collect();
    assert!(chinese.len() > 30, "the window speaks Chinese: {chinese:?}");
    for expected in ["熔断器：快速失败，而不是苦等", "检查清单", "核心概念", "账本"] {
        assert!(texts.iter().any(|t| t.contains(expected)), "{expected} is shown: {chinese:?}");
    }
    assert!(
        texts.iter().any(|t| t.contains("OPEN（打开）：最近 50 次调用中有一半失败或过慢")),
        "the 18 s caption, in Chinese: {chinese:?}"
    );
    let missing = missing_glyphs(&h, &texts);
    assert!(missing.is_empty(), "no glyph for:\n{}", missing.join("\n"));
}

#[test]
fn every_message_and_lesson_text_has_glyphs() {
    // What the window may show at some other moment: every message and every lesson text.
    let h = lesson("happy-path", Lang::ZhCn);
    let mut texts: Vec<String> = Vec::new();
    for lang in Lang::ALL {
        for key in faultline::i18n::keys(lang) {
            // As the window draws it: `format::printable` swaps the few signs no bundled
            // font has (ᵢ in the availability laws' checklist sentences becomes `_i`).
            let text = faultline::i18n::lookup(lang, &key, None).text;
            texts.push(faultline::ui::format::printable(&text).into_owned());
        }
        for (_, text) in faultline::i18n::lessons::shipped(lang) {
            texts.push((*text).to_string());
        }
    }
    let missing = missing_glyphs(&h, &texts);
    assert!(missing.is_empty(), "no glyph for (run scripts/subset-cjk-font.py):\n{}", missing.join("\n"));
}

#[test]
fn switching_language_changes_the_words_and_keeps_the_run() {
    let mut h = lesson("circuit-breaker", Lang::En);
    h.run_steps(50);
    let before = h.state().snapshot().now;
    assert!(h.query_by_label("Checklist").is_some());
    assert!(h.query_by_label("Circuit breaker: fail fast instead of waiting").is_some());
    h.state_mut().set_lang(Lang::ZhCn);
    h.run_steps(2);
    assert!(h.query_by_label("检查清单").is_some(), "the checklist's heading in Chinese");
    assert!(h.query_by_label("熔断器：快速失败，而不是苦等").is_some(), "the lesson's title in Chinese");
    assert!(h.query_by_label("Checklist").is_none(), "no English heading left");
    let after = h.state().snapshot().now;
    assert!(after >= before, "the run goes on: {before:?} → {after:?}");
    assert_eq!(h.state().settings().lang, Some(Lang::ZhCn), "the choice is kept in the settings (remembered)");
    h.state_mut().set_lang(Lang::En);
    h.run_steps(2);
    assert!(h.query_by_label("Checklist").is_some());
}

/// The words the engine keeps as values — a breaker transition's reason, the checklist's
/// sentences, event-log entries — change with the language on the next frame, like the
/// rest of the window.
#[test]
fn switching_language_rewords_breaker_reasons_and_checklist_sentences() {
    let mut h = lesson("circuit-breaker", Lang::En);
    // 20 s: the gateway hangs at 15 s and the breaker opens at 16.6 s on its slow calls.
    h.run_steps(200);
    let contains = |texts: &[String], part: &str| texts.iter().any(|t| t.contains(part));
    let english = shown_texts(&h);
    assert!(contains(&english, "slow-call rate 50% >= 50% over last 50 calls"), "{english:?}");
    assert!(contains(&english, "breaker payments:payment-gateway opens: once in 15s..20s, first at"), "{english:?}");
    h.state_mut().set_lang(Lang::ZhCn);
    h.run_steps(2);
    let chinese = shown_texts(&h);
    assert!(contains(&chinese, "最近 50 次调用中慢调用率 50% >= 50%"), "the reason in Chinese: {chinese:?}");
    assert!(
        contains(&chinese, "熔断器 payments:payment-gateway 打开：15s..20s 内 1 次，首次在"),
        "the checklist sentence in Chinese: {chinese:?}"
    );
    assert!(!contains(&chinese, "over last 50 calls"), "no English reason left: {chinese:?}");
    let missing = missing_glyphs(&h, &chinese);
    assert!(missing.is_empty(), "no glyph for:\n{}", missing.join("\n"));
}

#[test]
fn a_scenario_named_in_chinese_shows_its_names() {
    faultline::i18n::set_lang(Lang::ZhCn);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/chinese-names.ron");
    let mut runner = Runner::open(Some(path));
    runner.handle(Control::Play);
    let mut h = ui_common::dashboard(runner, Settings { lang: Some(Lang::ZhCn), ..Settings::default() });
    h.run_steps(150);
    let texts = shown_texts(&h);
    for name in ["中文示例：订单流水线与熔断器", "支付网关", "订单.死信", "网关挂起后熔断器在几秒内打开"]
    {
        assert!(texts.iter().any(|t| t.contains(name)), "{name} is shown: {texts:?}");
    }
    let missing = missing_glyphs(&h, &texts);
    assert!(missing.is_empty(), "no glyph for:\n{}", missing.join("\n"));
}

/// What the CJK font costs at start-up: installing the fonts and laying out a first frame
/// of Chinese text (which parses the face and rasterises its glyphs), against egui's own
/// fonts and Latin text. By hand: `cargo test --test ui_cjk -- --ignored --nocapture`
/// (egui and its font code are built optimised in the dev profile, see Cargo.toml).
#[test]
#[ignore]
fn measure_the_font_cost() {
    use std::time::Instant;
    let measure = |cjk: bool, text: &str| {
        let ctx = egui::Context::default();
        let started = Instant::now();
        if cjk {
            faultline::ui::fonts::install(&ctx);
        }
        let mut output = ctx.run_ui(Default::default(), |ui| {
            ui.label(text);
        });
        let elapsed = started.elapsed();
        output.textures_delta.clear();
        elapsed
    };
    for _ in 0..3 {
        let plain = measure(false, "Circuit breaker: fail fast instead of waiting. Checklist. The idea. Ledger.");
        let cjk = measure(true, "熔断器：快速失败，而不是苦等。检查清单。核心概念。观察要点。思考题。账本。");
        eprintln!("first frame: egui's fonts and Latin text {plain:?}; with the CJK subset and Chinese text {cjk:?}");
    }
}
