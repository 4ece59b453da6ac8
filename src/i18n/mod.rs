//! The language room: every sentence a person reads in the dashboard or the CLI's human
//! output comes from a message file, `i18n/<lang>/faultline.ftl`, embedded in the binary.
//!
//! Project Fluent (`fluent-bundle`, Mozilla's reference implementation, used by Firefox)
//! rather than gettext or a home-made table: its messages carry their own plural and
//! selector logic (`{ $n -> [one] … *[other] … }`), so English "1 failure / 2 failures"
//! and Chinese (no plural forms) are each written naturally in their own file, and the
//! code passes numbers, never pre-chosen words. `fluent-bundle` directly, not
//! `fluent-templates`: two embedded files need no loader macro, and the bundle's
//! `concurrent` flavour can live in a `static`.
//!
//! The language is per thread (the UI thread, the CLI's main thread, each test's thread),
//! defaulting to English, so tests in one binary can each pick theirs. A key missing in a
//! language falls back to English; a key missing in English shows as the key itself.
//! `tests::every_key_is_in_both_languages` keeps both from happening.

pub mod lessons;
mod said;

pub use said::{Said, Word};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::sync::OnceLock;

pub use fluent_bundle::FluentValue as Arg;

/// `Display` for types kept as values and worded when read: each has
/// `fn render(&self, lang: Lang) -> String`, and its `Display` is the English rendering,
/// what the tests, the `--json` report and programs read (the en file reproduces the text
/// the type wrote before it was localised).
macro_rules! english_display {
    ($($kind:ty),+ $(,)?) => {$(
        impl std::fmt::Display for $kind {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.render($crate::i18n::Lang::En))
            }
        }
    )+};
}
pub(crate) use english_display;

/// A language the dashboard and the CLI speak.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Lang {
    /// Every language, English (the source and the fallback) first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The BCP 47 tag: `en`, `zh-CN`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The language's name in itself, as a language menu lists it (a reader who does not
    /// understand the current language still finds theirs).
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
        }
    }

    /// A tag or a POSIX locale (`zh-CN`, `zh_CN.UTF-8`, `zh-Hans`, `en_GB`): the language
    /// it asks for, `None` for one faultline does not speak. Chinese without a script or
    /// region is taken as Simplified; Traditional (`zh-TW`, `zh-Hant`) is not offered as
    /// Simplified, since a reader of one may not want the other.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.split(['.', '@']).next().unwrap_or_default().replace('_', "-").to_ascii_lowercase();
        let mut parts = tag.split('-');
        match parts.next()? {
            "en" => Some(Lang::En),
            "zh" => match parts.next() {
                None | Some("cn" | "sg" | "hans") => Some(Lang::ZhCn),
                _ => None,
            },
            _ => None,
        }
    }

    /// The language the environment asks for: `FAULTLINE_LANG`, then the POSIX variables
    /// in their order of precedence (`LC_ALL`, `LC_MESSAGES`, `LANG`), then the operating
    /// system's locale; English when none names a language faultline speaks.
    pub fn from_environment() -> Lang {
        let variables = ["FAULTLINE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"];
        let set = variables.iter().filter_map(|v| std::env::var(v).ok()).find(|v| !v.is_empty() && v != "C");
        match set {
            Some(value) => Lang::from_tag(&value).unwrap_or_default(),
            None => sys_locale::get_locale().and_then(|l| Lang::from_tag(&l)).unwrap_or_default(),
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../../i18n/en/faultline.ftl"),
            Lang::ZhCn => include_str!("../../i18n/zh-CN/faultline.ftl"),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A language tag that names no language faultline speaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language `{0}`: faultline speaks en and zh-CN")]
pub struct UnknownLang(pub String);

impl std::str::FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        Lang::from_tag(s).ok_or_else(|| UnknownLang(s.to_string()))
    }
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The language this thread speaks.
pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

/// Makes this thread speak `lang` from now on.
pub fn set_lang(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
}

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static [Bundle; 2] {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| Lang::ALL.map(bundle))
}

fn bundle(lang: Lang) -> Bundle {
    let id = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Fluent wraps each placeable in Unicode isolation marks (U+2068/U+2069) for
    // right-to-left scripts; neither language here needs them and egui draws them as boxes.
    bundle.set_use_isolating(false);
    // A syntax error drops only the entry it is in (the test of the files finds it);
    // the rest of the file is still used.
    let resource = FluentResource::try_new(lang.source().to_string()).unwrap_or_else(|(partial, _)| partial);
    // Keys are declared once per file (the test checks), so adding cannot collide.
    let _ = bundle.add_resource(resource);
    bundle
}

/// A message in one language, and whether it had to come from English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translation {
    pub text: String,
    /// The key is missing in the language asked for: this is the English text (or, missing
    /// in English too, the key itself).
    pub fell_back: bool,
}

/// The message `key` in `lang`, formatted with `args`.
pub fn lookup(lang: Lang, key: &str, args: Option<&FluentArgs>) -> Translation {
    lookup_in(bundles(), lang, key, args)
}

fn lookup_in(bundles: &[Bundle; 2], lang: Lang, key: &str, args: Option<&FluentArgs>) -> Translation {
    let format = |lang: Lang| {
        let bundle = &bundles[lang.index()];
        let pattern = bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        Some(bundle.format_pattern(pattern, args, &mut errors).into_owned())
    };
    match format(lang) {
        Some(text) => Translation { text, fell_back: false },
        None => Translation { text: format(Lang::En).unwrap_or_else(|| key.to_string()), fell_back: true },
    }
}

/// The message `key` in this thread's language.
pub fn tr(key: &str) -> String {
    lookup(lang(), key, None).text
}

/// The message `key` in this thread's language, with its variables: numbers as numbers
/// (Fluent picks the plural form), words as strings.
pub fn tr_args(key: &str, args: &[(&str, Arg)]) -> String {
    say(lang(), key, args)
}

/// The message `key` in `lang`, with its variables: for words the engine keeps as values
/// (a breaker's reason, a log entry, a checklist sentence), rendered in the reader's
/// language at display time and in English for the `--json` report and the tests.
pub fn say(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    let mut fluent = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent.set(*name, value.clone());
    }
    lookup(lang, key, Some(&fluent)).text
}

/// A ledger reason (`Reason::as_str`, the English the `--json` report's `by_reason` keys
/// use) in this thread's language: its `reason-WORDS` message.
pub fn reason_words(english: &str) -> String {
    reason_words_in(lang(), english)
}

/// [`reason_words`] in `lang`.
pub fn reason_words_in(lang: Lang, english: &str) -> String {
    let slug: String =
        english.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-");
    let found = lookup(lang, &format!("reason-{slug}"), None);
    // Every reason has a message (a test checks); a new one still reads, in English.
    if found.fell_back { english.to_string() } else { found.text }
}

/// Every message key of a language's file, in file order (tests, the key-completeness check).
pub fn keys(lang: Lang) -> Vec<String> {
    let resource = match FluentResource::try_new(lang.source().to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// The syntax errors of a language's file (tests).
pub fn syntax_errors(lang: Lang) -> Vec<String> {
    match FluentResource::try_new(lang.source().to_string()) {
        Ok(_) => Vec::new(),
        Err((_, errors)) => errors.iter().map(|e| format!("{e:?}")).collect(),
    }
}

#[cfg(test)]
mod tests;
