//! Words kept as values: a message key with its arguments, worded in a language only when
//! someone reads them.
//!
//! The engine and the checklist decide in numbers; what they say about it (a checklist
//! sentence such as "breaker … opens: once in 15s..20s, first at 16.2s (expected at least
//! once)") is built as a [`Said`] and rendered by the dashboard and the CLI in the reader's
//! language, and in English (`Display`, `Serialize`) wherever a program reads it — the
//! `--json` report, the tests — so nothing decided depends on the language.

use super::{Arg, Lang, say};

/// A message key and its arguments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Said {
    key: &'static str,
    args: Vec<(&'static str, Word)>,
}

/// One argument of a [`Said`].
#[derive(Clone, Debug, PartialEq)]
pub enum Word {
    /// Written the same in every language: a number already formatted, a time, a name.
    Text(String),
    /// A count the message chooses its plural form by.
    Count(u64),
    /// Words of their own, rendered in the same language.
    Said(Said),
}

impl Said {
    /// The message `key`, without arguments so far.
    pub fn new(key: &'static str) -> Said {
        Said { key, args: Vec::new() }
    }

    /// Nothing to say (an empty sentence).
    pub fn nothing() -> Said {
        Said::default()
    }

    /// With the argument `name` (words, a count, or nested words).
    pub fn with(mut self, name: &'static str, value: impl Into<Word>) -> Said {
        self.args.push((name, value.into()));
        self
    }

    /// The message key (`""` for nothing).
    pub fn key(&self) -> &'static str {
        self.key
    }

    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }

    /// The words in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        if self.key.is_empty() {
            return String::new();
        }
        let args: Vec<(&str, Arg)> = self
            .args
            .iter()
            .map(|(name, word)| {
                let value = match word {
                    Word::Text(text) => Arg::from(text.clone()),
                    Word::Count(n) => Arg::from(*n),
                    Word::Said(said) => Arg::from(said.render(lang)),
                };
                (*name, value)
            })
            .collect();
        say(lang, self.key, &args)
    }

    /// Whether the English words contain `needle` (tests).
    pub fn contains(&self, needle: &str) -> bool {
        self.to_string().contains(needle)
    }

    /// Whether the English words start with `prefix` (tests).
    pub fn starts_with(&self, prefix: &str) -> bool {
        self.to_string().starts_with(prefix)
    }

    /// Whether the English words end with `suffix` (tests).
    pub fn ends_with(&self, suffix: &str) -> bool {
        self.to_string().ends_with(suffix)
    }
}

crate::i18n::english_display!(Said);

impl serde::Serialize for Said {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl PartialEq<&str> for Said {
    fn eq(&self, other: &&str) -> bool {
        self.render(Lang::En).as_str() == *other
    }
}

impl PartialEq<str> for Said {
    fn eq(&self, other: &str) -> bool {
        self.render(Lang::En).as_str() == other
    }
}

impl From<String> for Word {
    fn from(text: String) -> Word {
        Word::Text(text)
    }
}

impl From<&str> for Word {
    fn from(text: &str) -> Word {
        Word::Text(text.to_string())
    }
}

impl From<u64> for Word {
    fn from(n: u64) -> Word {
        Word::Count(n)
    }
}

impl From<Said> for Word {
    fn from(said: Said) -> Word {
        Word::Said(said)
    }
}
