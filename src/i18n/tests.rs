use super::*;
use std::collections::BTreeSet;
use std::path::Path;

fn key_set(lang: Lang) -> BTreeSet<String> {
    keys(lang).into_iter().collect()
}

#[test]
fn both_message_files_parse() {
    for lang in Lang::ALL {
        assert_eq!(syntax_errors(lang), Vec::<String>::new(), "{lang}");
    }
}

#[test]
fn every_key_is_in_both_languages_and_declared_once() {
    for lang in Lang::ALL {
        let all = keys(lang);
        let unique = key_set(lang);
        assert_eq!(all.len(), unique.len(), "{lang}: a key is declared twice");
    }
    let (en, zh) = (key_set(Lang::En), key_set(Lang::ZhCn));
    let only_en: Vec<_> = en.difference(&zh).collect();
    let only_zh: Vec<_> = zh.difference(&en).collect();
    assert!(only_en.is_empty(), "missing in zh-CN: {only_en:?}");
    assert!(only_zh.is_empty(), "missing in en: {only_zh:?}");
    assert!(en.len() > 100, "the dashboard's words are in the file ({} keys)", en.len());
}

/// The variables a message uses (`{ $name }`), so a translation cannot drop a number.
fn variables(lang: Lang, key: &str) -> BTreeSet<String> {
    let source = lang.source();
    // The entry's text runs from its `key =` line to the next entry (a line starting in
    // column 0 with a letter or a comment).
    let start =
        source.lines().position(|l| l.split('=').next().is_some_and(|k| k.trim() == key) && !l.starts_with(' '));
    let mut out = BTreeSet::new();
    if let Some(start) = start {
        for (i, line) in source.lines().skip(start).enumerate() {
            if i > 0 && (line.starts_with(|c: char| c.is_ascii_alphabetic()) || line.starts_with('#')) {
                break;
            }
            let mut rest = line;
            while let Some(at) = rest.find('$') {
                rest = &rest[at + 1..];
                let name: String =
                    rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn translations_use_the_same_variables() {
    for key in keys(Lang::En) {
        assert_eq!(variables(Lang::En, &key), variables(Lang::ZhCn, &key), "{key}");
    }
}

#[test]
fn every_message_formats_without_falling_back() {
    for lang in Lang::ALL {
        for key in keys(lang) {
            let t = lookup(lang, &key, None);
            assert!(!t.fell_back, "{lang}: {key}");
            assert!(!t.text.contains('\u{2068}'), "{lang}: {key}: no isolation marks");
        }
    }
}

#[test]
fn a_missing_key_falls_back_visibly() {
    let t = lookup(Lang::ZhCn, "no-such-key", None);
    assert_eq!(t, Translation { text: "no-such-key".into(), fell_back: true });
    // A key missing in one language only: the English text, flagged.
    let en = bundle(Lang::En);
    let mut zh = FluentBundle::new_concurrent(vec!["zh-CN".parse().unwrap_or_default()]);
    zh.set_use_isolating(false);
    let _ = zh.add_resource(FluentResource::try_new("other = 其他\n".to_string()).unwrap_or_else(|(r, _)| r));
    let pair = [en, zh];
    let t = lookup_in(&pair, Lang::ZhCn, "menu-lessons", None);
    assert_eq!(t, Translation { text: "Lessons".into(), fell_back: true });
}

#[test]
fn plurals_and_numbers_follow_each_language() {
    let args = |n: i64| [("count", Arg::from(n))];
    set_lang(Lang::En);
    assert_eq!(tr_args("count-questions", &args(1)), "1 question");
    assert_eq!(tr_args("count-questions", &args(3)), "3 questions");
    set_lang(Lang::ZhCn);
    assert_eq!(tr_args("count-questions", &args(1)), "1 个问题");
    assert_eq!(tr_args("count-questions", &args(3)), "3 个问题");
    set_lang(Lang::En);
}

#[test]
fn languages_come_from_tags_and_locales() {
    assert_eq!(Lang::from_tag("zh_CN.UTF-8"), Some(Lang::ZhCn));
    assert_eq!(Lang::from_tag("zh-Hans"), Some(Lang::ZhCn));
    assert_eq!(Lang::from_tag("zh"), Some(Lang::ZhCn));
    assert_eq!(Lang::from_tag("zh-TW"), None);
    assert_eq!(Lang::from_tag("en_GB.UTF-8"), Some(Lang::En));
    assert_eq!(Lang::from_tag("de_DE"), None);
    assert_eq!("zh-CN".parse::<Lang>(), Ok(Lang::ZhCn));
    assert!("fr".parse::<Lang>().is_err());
}

/// Every call of `tr` or `tr_args` with a literal key names a key of the English file: a typo
/// would show the key itself to the user.
#[test]
fn every_key_the_code_asks_for_exists() {
    let en = key_set(Lang::En);
    let mut missing = Vec::new();
    let mut used = 0;
    scan(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut |path, text| {
        for pattern in ["tr(\"", "tr_args(\""] {
            let mut rest = text;
            while let Some(at) = rest.find(pattern) {
                // `parse_str("…")` is not a lookup: the call must be `tr` itself.
                let called = rest[..at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
                rest = &rest[at + pattern.len()..];
                if !called {
                    continue;
                }
                let key: String = rest.chars().take_while(|c| *c != '"').collect();
                used += 1;
                if !en.contains(&key) && key != "no-such-key" && key != "menu-lessons" {
                    missing.push(format!("{key} ({})", path.display()));
                }
            }
        }
    });
    assert!(used > 50, "the scan finds the calls ({used})");
    assert!(missing.is_empty(), "keys not in i18n/en/faultline.ftl: {missing:?}");
}

fn scan(dir: &Path, f: &mut dyn FnMut(&Path, &str)) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            scan(&path, f);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            f(&path, &text);
        }
    }
}
