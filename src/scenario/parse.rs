//! Reading RON into the model, and ron's errors turned into located diagnostics.
//!
//! ron reports the first error it meets with a span. This module moves the span onto the
//! token the user should look at, names the field there (with the [`Locator`]), words the
//! message in plain terms and adds a did-you-mean for misspelt fields and variants.

use super::error::{Diagnostic, did_you_mean};
use super::locate::{Locator, Position, Token, TokenKind};
use super::model::Scenario;
use ron::error::{Error, SpannedError};
use ron::extensions::Extensions;

/// Deepest nesting ron accepts. The format itself needs about eight levels; the limit only
/// turns pathological input (thousands of brackets) into a clean error.
pub const RECURSION_LIMIT: usize = 128;

/// How far past a parse error the locator reads (enough for the token found there).
const LOOK_AHEAD_BYTES: usize = 1024;

/// The ron options every scenario is read with: `Some(x)` may be written as just `x`.
pub fn options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME).with_recursion_limit(RECURSION_LIMIT)
}

/// Parses scenario text into the model (no validation).
pub fn from_ron(text: &str) -> Result<Scenario, SpannedError> {
    options().from_str(text)
}

/// A located, plainly worded diagnostic for one ron error.
pub fn diagnose(error: &SpannedError, text: &str, origin: &str) -> Diagnostic {
    // ron's span runs from where it started reading the offending value to where it stopped;
    // for a missing separator the stop is what matters (the start is the value before it).
    let at = if error.code == Error::ExpectedComma { &error.span.end } else { &error.span.start };
    let at = Position { line: at.line, column: at.col };
    // Only the text up to a little past the error matters (the path there, the token found
    // there), so a huge broken file is not read to its end to explain its first error.
    let prefix = if error.code == Error::Eof { None } else { Locator::new_until(text, at, LOOK_AHEAD_BYTES) };
    let locator = prefix.unwrap_or_else(|| Locator::new(text));
    let raw = locator.offset(at);
    let reading = Reading { locator: &locator, raw };
    let (offset, message, help) = reading.explain(&error.code);
    let position = locator.position(offset);
    // The field is the one at the position, or for a position just after a value (a
    // missing separator) the one that value belongs to.
    let path_offset = match locator.token_before(offset) {
        Some(before)
            if before.end == offset && ends_value(before) && !is_separator(locator.token_containing(offset)) =>
        {
            before.start
        }
        _ => offset,
    };
    Diagnostic {
        origin: origin.to_string(),
        line: position.line,
        column: position.column,
        path: locator.path_at(path_offset).to_string(),
        message,
        help,
    }
}

/// Whether a value can end with this token.
fn ends_value(token: &Token) -> bool {
    matches!(token.kind, TokenKind::Str | TokenKind::Number | TokenKind::Ident | TokenKind::Char | TokenKind::Close(_))
}

/// Whether a token (if any) is one at which the value before it has clearly ended.
fn is_separator(token: Option<&Token>) -> bool {
    token.is_some_and(|t| matches!(t.kind, TokenKind::Comma | TokenKind::Colon | TokenKind::Close(_)))
}

struct Reading<'a, 't> {
    locator: &'a Locator<'t>,
    /// Byte offset of ron's span start.
    raw: usize,
}

impl Reading<'_, '_> {
    /// The token the error is about: the one ron stopped in, or else the next one.
    fn token(&self) -> Option<&Token> {
        self.locator.token_containing(self.raw).or_else(|| self.locator.token_from(self.raw))
    }

    fn anchor(&self) -> usize {
        self.token().map_or(self.end(), |t| t.start)
    }

    fn end(&self) -> usize {
        self.locator.tokens().last().map_or(0, |t| t.end).max(self.raw)
    }

    /// What was found, in words: "the string \"six\"", "`(`", "the end of the file".
    fn found(&self) -> String {
        match self.token() {
            Some(token) => describe(token, self.locator.text_of(token)),
            None => "the end of the file".to_string(),
        }
    }

    /// The identifier just before the error (a variant name waiting for its value).
    fn previous_ident(&self) -> Option<(usize, &str)> {
        let before = self.locator.token_before(self.anchor())?;
        (before.kind == TokenKind::Ident).then(|| (before.start, self.locator.text_of(before)))
    }

    /// The text stops inside the scenario.
    fn ends_early(&self) -> (usize, String, Option<String>) {
        let message = match self.locator.innermost_unclosed() {
            Some((bracket, opened)) => {
                let p = self.locator.position(opened);
                format!("the file ends early: `{bracket}` opened at {}:{} is never closed", p.line, p.column)
            }
            None => "the file ends early".to_string(),
        };
        (self.locator.text_len(), message, None)
    }

    fn explain(&self, code: &Error) -> (usize, String, Option<String>) {
        if self.locator.tokens().is_empty() {
            return (
                0,
                "the file has no scenario in it (it is empty or only comments)".to_string(),
                Some("a scenario starts with `Scenario(`".to_string()),
            );
        }
        if self.token().is_none() && *code != Error::UnclosedBlockComment {
            return self.ends_early();
        }
        let at = self.anchor();
        let found = self.found();
        let plain = |message: String| (at, message, None);
        match code {
            Error::Eof => self.ends_early(),
            Error::ExpectedComma => {
                if let Some(token) = self.locator.token_containing(self.raw).filter(|t| t.start < self.raw) {
                    // ron stopped inside a token: `4.5` read as `4` for a whole-number field.
                    let text = self.locator.text_of(token);
                    if token.kind == TokenKind::Number {
                        return (token.start, format!("expected a whole number, found `{text}`"), None);
                    }
                    return (
                        token.start,
                        format!("unexpected `{}` in `{text}`", &text[self.raw - token.start..]),
                        None,
                    );
                }
                // Point just after the value that wants a separator, as compilers do.
                match self.locator.token_before(at) {
                    Some(before) => (
                        before.end,
                        format!(
                            "expected `,` or a closing bracket after {}, found {found}",
                            describe(before, self.locator.text_of(before))
                        ),
                        None,
                    ),
                    None => plain(format!("expected `,` or a closing bracket, found {found}")),
                }
            }
            Error::ExpectedStructLike if self.previous_ident().is_some() => {
                let (start, name) = self.previous_ident().unwrap_or_default();
                (start, format!("`{name}` needs its value in parentheses: `{name}(...)`, found {found}"), None)
            }
            Error::ExpectedInteger => plain(format!("expected a whole number, found {found}")),
            Error::IntegerOutOfBounds => {
                let text = self.token().map_or("", |t| self.locator.text_of(t));
                if text.starts_with('-') {
                    plain(format!("`{text}` is negative; this field takes a whole number from 0 up"))
                } else {
                    plain(format!("the number `{text}` is too large for this field"))
                }
            }
            Error::ExpectedFloat => plain(format!("expected a number, found {found}")),
            Error::FloatUnderscore | Error::UnderscoreAtBeginning | Error::InvalidIntegerDigit { .. } => {
                plain(format!("malformed number: {}", lower_first(&code.to_string())))
            }
            Error::ExpectedString | Error::ExpectedStringEnd => {
                let help = match self.token().map(|t| (&t.kind, self.locator.text_of(t))) {
                    Some((TokenKind::Number, _)) => {
                        Some("durations are strings with a unit, e.g. \"250ms\"".to_string())
                    }
                    Some((TokenKind::Ident, word)) => Some(format!("strings are written in double quotes: \"{word}\"")),
                    _ => None,
                };
                (at, format!("expected a string in double quotes, found {found}"), help)
            }
            Error::ExpectedBoolean => plain(format!("expected `true` or `false`, found {found}")),
            Error::ExpectedArray => {
                let help = matches!(self.token().map(|t| &t.kind), Some(TokenKind::Str))
                    .then(|| "a list of one is written in brackets: [\"name\"]".to_string());
                (at, format!("expected a list in `[...]`, found {found}"), help)
            }
            Error::ExpectedArrayEnd => plain(format!("expected `,` or `]`, found {found}")),
            Error::ExpectedStructLike => plain(format!("expected `(`, found {found}")),
            Error::ExpectedNamedStructLike("") => plain(format!("expected `(`, found {found}")),
            Error::ExpectedNamedStructLike(name) => plain(format!("expected `{name}(...)`, found {found}")),
            Error::ExpectedStructLikeEnd | Error::ExpectedOptionEnd => plain(format!("expected `)`, found {found}")),
            Error::ExpectedMap => plain(format!("expected `{{`, found {found}")),
            Error::ExpectedMapColon => plain(format!("expected `:`, found {found}")),
            Error::ExpectedMapEnd => plain(format!("expected `}}`, found {found}")),
            Error::ExpectedOption => plain(format!("expected `Some(...)` or `None`, found {found}")),
            Error::ExpectedUnit => plain(format!("expected `()`, found {found}")),
            Error::ExpectedChar => plain(format!("expected a character literal, found {found}")),
            Error::ExpectedIdentifier => plain(format!("expected a field name, found {found}")),
            Error::ExpectedDifferentStructName { expected, found } => {
                (at, format!("expected `{expected}(...)`, found `{found}(...)`"), did_you_mean(found, [*expected]))
            }
            Error::ExpectedStructName(name) => plain(format!("expected `{name}(...)`, found {found}")),
            Error::NoSuchStructField { expected, found, outer } => (
                at,
                format!("unknown field `{found}`{}", in_outer(outer)),
                did_you_mean(found, expected.iter().copied()).or_else(|| one_of("fields", expected)),
            ),
            Error::NoSuchEnumVariant { expected, found, outer } => (
                at,
                match outer {
                    Some(outer) => format!("unknown variant `{found}` of `{outer}`"),
                    None => format!("unknown variant `{found}`"),
                },
                did_you_mean(found, expected.iter().copied()).or_else(|| one_of("variants", expected)),
            ),
            Error::MissingStructField { field, outer } => {
                (self.raw, format!("missing field `{field}`{} (it has no default)", in_outer(outer)), None)
            }
            Error::DuplicateStructField { field, outer } => {
                plain(format!("field `{field}` is given twice{}", in_outer(outer)))
            }
            Error::ExceededRecursionLimit => {
                plain(format!("nested too deeply (more than {RECURSION_LIMIT} levels of brackets)"))
            }
            Error::TrailingCharacters => plain(format!("unexpected {found} after the end of the scenario")),
            Error::UnexpectedChar(_) => plain(format!("unexpected {found}")),
            Error::UnclosedBlockComment => (self.raw, "a `/*` comment is never closed".to_string(), None),
            Error::InvalidValueForType { expected, found } => {
                plain(format!("expected {}, found {found}", plain_type(expected)))
            }
            Error::ExpectedDifferentLength { expected, found } => {
                plain(format!("expected {}, found {found} value(s)", plain_type(expected)))
            }
            // Custom messages (invalid durations) are already worded for users.
            Error::Message(message) => plain(message.clone()),
            other => plain(lower_first(&other.to_string())),
        }
    }
}

fn in_outer(outer: &Option<String>) -> String {
    outer.as_ref().map(|o| format!(" in `{o}`")).unwrap_or_default()
}

fn one_of(what: &str, expected: &[&str]) -> Option<String> {
    if expected.is_empty() {
        return Some(format!("no {what} are allowed here"));
    }
    let names: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
    Some(format!("expected one of {}", names.join(", ")))
}

/// serde's type words in plain language.
fn plain_type(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number".to_string(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_string(),
        "f32" | "f64" => "a number".to_string(),
        other => other.to_string(),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A token in words, for "found ..." messages.
pub fn describe(token: &Token, text: &str) -> String {
    const LONGEST: usize = 40;
    let short = |s: &str| {
        if s.chars().count() > LONGEST {
            format!("{}...", s.chars().take(LONGEST).collect::<String>())
        } else {
            s.to_string()
        }
    };
    match &token.kind {
        TokenKind::Str => format!("the string {:?}", short(&super::locate::string_value(text))),
        TokenKind::Number => format!("the number `{}`", short(text)),
        TokenKind::Char => format!("the character literal `{}`", short(text)),
        TokenKind::Ident => format!("`{}`", short(text)),
        TokenKind::Open(c) | TokenKind::Close(c) | TokenKind::Other(c) if c.is_control() || *c == '\u{FFFD}' => {
            format!("the character U+{:04X}", u32::from(*c))
        }
        TokenKind::Open(c) | TokenKind::Close(c) | TokenKind::Other(c) => format!("`{c}`"),
        TokenKind::Comma => "`,`".to_string(),
        TokenKind::Colon => "`:`".to_string(),
    }
}
