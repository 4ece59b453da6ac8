//! Reading RON into the model, and ron's errors turned into located diagnostics.
//!
//! ron reports the first error it meets with a span. This module moves the span onto the
//! token the user should look at, names the field there (with the [`Locator`]), words the
//! message in plain terms and adds a did-you-mean for misspelt fields and variants.

use super::error::{Diagnostic, did_you_mean};
use super::locate::{Locator, Position, Token, TokenKind, string_is_closed};
use super::model::Scenario;
use ron::error::{Error, SpannedError};
use ron::extensions::Extensions;
use std::borrow::Cow;

/// Deepest nesting ron accepts. The format itself needs about eight levels; the limit only
/// turns pathological input (thousands of brackets) into a clean error.
pub const RECURSION_LIMIT: usize = 128;

/// How far past a parse error the locator reads (enough for the token found there).
const LOOK_AHEAD_BYTES: usize = 1024;

/// The ron options every scenario is read with: `Some(x)` may be written as just `x`.
pub fn options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME).with_recursion_limit(RECURSION_LIMIT)
}

/// The text as ron and the locator read it, with every line and column where the user's
/// editor shows it:
///
/// - A byte-order mark (some editors start files with one) is dropped: editors do not show
///   it, so it must not count as a column.
/// - A lone `\r` (old Mac line endings) becomes `\n`, one byte for one. ron counts only `\n`
///   as a line break, so a CR-only file would otherwise be one long line to it: every error
///   on line 1 at a column in the thousands, and the first `//` comment swallowing the rest
///   of the file. `\r\n` is left alone (ron and the locator both count it once). A lone `\r`
///   inside a string literal becomes `\n` too; in such a file that is the line break its
///   author typed.
///
/// Every diagnostic is computed on this text, so offsets into it are all that is needed.
pub fn normalise(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let bytes = text.as_bytes();
    let lone_cr = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone_cr) {
        return Cow::Borrowed(text);
    }
    let lf: Vec<u8> = (0..bytes.len()).map(|i| if lone_cr(i) { b'\n' } else { bytes[i] }).collect();
    Cow::Owned(String::from_utf8(lf).expect("replacing one ASCII byte with another keeps UTF-8 valid"))
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
    // An unclosed comment is found where it opens, which may be anywhere before.
    let whole_text_needed = matches!(error.code, Error::Eof | Error::UnclosedBlockComment);
    let prefix = if whole_text_needed { None } else { Locator::new_until(text, at, LOOK_AHEAD_BYTES) };
    // A string still open where the prefix is cut may close further on: only the whole
    // text can tell whether it is never closed.
    let prefix =
        prefix.filter(|l| l.text_len() == text.len() || !l.tokens().last().is_some_and(|t| is_open_string(l, t)));
    let locator = prefix.unwrap_or_else(|| Locator::new(text));
    let raw = locator.offset(at);
    let stop = locator.offset(Position { line: error.span.end.line, column: error.span.end.col });
    let reading = Reading { locator: &locator, raw, stop, whole: locator.text_len() == text.len() };
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

/// Whether a string literal has, after a line break, a line that starts like a field
/// (`name:`), as one whose closing quote is missing does.
fn swallows_a_field(literal: &str) -> bool {
    literal.lines().skip(1).any(|line| {
        let line = line.trim_start();
        let name = line.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(line.len());
        name > 0 && line[name..].trim_start().starts_with(':')
    })
}

/// Whether a token is a string literal without its closing quote.
fn is_open_string(locator: &Locator<'_>, token: &Token) -> bool {
    token.kind == TokenKind::Str && !string_is_closed(locator.text_of(token))
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
    /// Byte offset of ron's span end (where it stopped reading).
    stop: usize,
    /// Whether the locator read the whole text (not only a prefix up to the error).
    whole: bool,
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

    /// The text stops inside the scenario: say after what, and which group is left open
    /// (by its name, `Producer(`, where it has one).
    fn ends_early(&self) -> (usize, String, Option<String>) {
        let after = match self.locator.tokens().last() {
            Some(last) => format!(" after {}", describe(last, self.locator.text_of(last))),
            None => String::new(),
        };
        let message = match self.locator.innermost_unclosed() {
            Some((bracket, opened)) => {
                let (start, name) = match self.locator.token_before(opened) {
                    Some(t) if t.kind == TokenKind::Ident && t.end == opened => (t.start, self.locator.text_of(t)),
                    _ => (opened, ""),
                };
                let p = self.locator.position(start);
                format!(
                    "the file ends early{after}: `{}{bracket}` opened at {}:{} is never closed",
                    short(name),
                    p.line,
                    p.column
                )
            }
            None => format!("the file ends early{after}"),
        };
        (self.locator.text_len(), message, None)
    }

    /// Whether the error is only the end of the file cutting the scenario short: ron stopped
    /// at the last token, inside a bracket still open, and more text could have made it
    /// right: after `:` or `,`, or at a name that may itself be cut (`ra` for `rate`, where
    /// "unknown field `ra`" would send the user after the wrong problem). A name where no
    /// name belongs (`name: x`) is an error whatever follows, and is reported as one.
    fn is_cut_short(&self, code: &Error) -> bool {
        let Some(token) = self.token() else { return false };
        let last = self.locator.tokens().last().is_some_and(|last| last == token);
        let resolvable = match token.kind {
            TokenKind::Colon | TokenKind::Comma => true,
            TokenKind::Ident => matches!(
                code,
                Error::NoSuchStructField { .. }
                    | Error::NoSuchEnumVariant { .. }
                    | Error::ExpectedDifferentStructName { .. }
                    | Error::ExpectedNamedStructLike(_)
                    | Error::ExpectedStructLike
                    | Error::ExpectedMapColon
                    | Error::ExpectedComma
                    | Error::Eof
            ),
            _ => false,
        };
        self.whole && last && resolvable && self.locator.innermost_unclosed().is_some()
    }

    /// A help for a string just where ron stumbled that holds what looks like the next
    /// field (`,` then a line starting `topic:`): more likely its closing quote is missing
    /// and a later quote closed it than that a description spans lines that way.
    fn multiline_string_help(&self, offset: usize) -> Option<String> {
        let candidates = [self.token(), self.locator.token_before(offset)];
        let string = candidates
            .into_iter()
            .flatten()
            .find(|t| t.kind == TokenKind::Str && swallows_a_field(self.locator.text_of(t)))?;
        let p = self.locator.position(string.start);
        Some(format!(
            "the string opened at {}:{} runs onto the next line: is its closing `\"` missing?",
            p.line, p.column
        ))
    }

    /// A help for a field found among a list's entries, right after a `)`: that `)` most
    /// likely closed the entry before its last fields.
    fn closed_early_help(&self) -> Option<String> {
        let token = self.token()?;
        let tokens = self.locator.tokens();
        let i = tokens.partition_point(|t| t.start < token.start);
        let is_field = token.kind == TokenKind::Ident && tokens.get(i + 1).is_some_and(|t| t.kind == TokenKind::Colon);
        let comma = tokens.get(i.checked_sub(1)?)?;
        let close = tokens.get(i.checked_sub(2)?)?;
        if !is_field || comma.kind != TokenKind::Comma || close.kind != TokenKind::Close(')') {
            return None;
        }
        let closed = self.locator.position(close.start);
        let opened = self.locator.opening_of(close.end).map(|o| self.locator.position(o))?;
        Some(format!(
            "`{}` is a field, outside any struct here: does the `)` at {}:{} close the entry opened at {}:{} too early?",
            short(self.locator.text_of(token)),
            closed.line,
            closed.column,
            opened.line,
            opened.column
        ))
    }

    /// The escape ron gave up on: the last backslash before where it stopped, inside the
    /// string token it was reading; its offset and its text up to that stop.
    fn bad_escape(&self) -> Option<(usize, &str)> {
        let token = self.token().filter(|t| t.kind == TokenKind::Str)?;
        let stop = self.stop.clamp(token.start, token.end);
        let backslash = token.start + self.locator.text_of(token)[..stop - token.start].rfind('\\')?;
        let text = &self.locator.text_of(token)[backslash - token.start..];
        let len = text.char_indices().nth(2).map_or(text.len(), |(i, _)| i).max(stop - backslash);
        Some((backslash, &text[..len]))
    }

    fn explain(&self, code: &Error) -> (usize, String, Option<String>) {
        let (offset, message, help) = self.explain_code(code);
        let help = help.or_else(|| self.multiline_string_help(offset));
        (offset, message, help)
    }

    fn explain_code(&self, code: &Error) -> (usize, String, Option<String>) {
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
        // A string left open runs to the end of the file, so whatever ron says about it
        // ("expected a number", "found the string ...") is beside the point: where it opens
        // is where the fix goes.
        if let Some(token) = self.token().filter(|t| is_open_string(self.locator, t)) {
            let literal = self.locator.text_of(token);
            let hashes = literal.trim_start_matches(['b', 'r']).chars().take_while(|c| *c == '#').count();
            let closing = match hashes {
                0..=8 => format!("`\"{}`", "#".repeat(hashes)),
                _ => format!("`\"` and {hashes} `#`"),
            };
            return (
                token.start,
                "this string is never closed: the file ends inside it".to_string(),
                Some(format!("close it with {closing}")),
            );
        }
        if self.is_cut_short(code) {
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
                        return (token.start, format!("expected a whole number, found `{}`", short(text)), None);
                    }
                    return (
                        token.start,
                        format!("unexpected `{}` in `{}`", short(&text[self.raw - token.start..]), short(text)),
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
                let name = short(name);
                (start, format!("`{name}` needs its value in parentheses: `{name}(...)`, found {found}"), None)
            }
            Error::ExpectedInteger => plain(format!("expected a whole number, found {found}")),
            Error::IntegerOutOfBounds => {
                let text = short(self.token().map_or("", |t| self.locator.text_of(t)));
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
                    Some((TokenKind::Str, literal)) if literal.starts_with('b') => {
                        Some("text is written without the `b` of a byte string".to_string())
                    }
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
            Error::ExpectedStructLike => (at, format!("expected `(`, found {found}"), self.closed_early_help()),
            Error::ExpectedNamedStructLike("") => plain(format!("expected `(`, found {found}")),
            Error::ExpectedNamedStructLike(name) => {
                (at, format!("expected `{name}(...)`, found {found}"), self.closed_early_help())
            }
            Error::ExpectedStructLikeEnd | Error::ExpectedOptionEnd => plain(format!("expected `)`, found {found}")),
            Error::ExpectedMap => plain(format!("expected `{{`, found {found}")),
            Error::ExpectedMapColon => plain(format!("expected `:`, found {found}")),
            Error::ExpectedMapEnd => plain(format!("expected `}}`, found {found}")),
            Error::ExpectedOption => plain(format!("expected `Some(...)` or `None`, found {found}")),
            Error::ExpectedUnit => plain(format!("expected `()`, found {found}")),
            Error::ExpectedChar => plain(format!("expected a character literal, found {found}")),
            Error::ExpectedIdentifier => plain(format!("expected a field name, found {found}")),
            Error::ExpectedDifferentStructName { expected, found: name } => {
                // ron names what it read; whether brackets follow is the text's to say.
                let opens = self
                    .token()
                    .and_then(|t| self.locator.token_from(t.end))
                    .is_some_and(|t| t.kind == TokenKind::Open('('));
                let found = if opens { format!("`{}(...)`", short(name)) } else { found };
                let help = self.closed_early_help().or_else(|| did_you_mean(name, [*expected]));
                (at, format!("expected `{expected}(...)`, found {found}"), help)
            }
            Error::ExpectedStructName(name) => plain(format!("expected `{name}(...)`, found {found}")),
            Error::NoSuchStructField { expected, found, outer } => (
                at,
                format!("unknown field `{}`{}", short(found), in_outer(outer)),
                did_you_mean(found, expected.iter().copied()).or_else(|| one_of("fields", expected)),
            ),
            Error::NoSuchEnumVariant { expected, found, outer } => (
                at,
                match outer {
                    Some(outer) => format!("unknown variant `{}` of `{outer}`", short(found)),
                    None => format!("unknown variant `{}`", short(found)),
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
            Error::UnclosedBlockComment => (
                self.locator.unclosed_comment().unwrap_or(self.raw),
                "this `/*` comment is never closed".to_string(),
                Some("close it with `*/`".to_string()),
            ),
            Error::InvalidEscape(why) if self.bad_escape().is_some() => {
                let (offset, escape) = self.bad_escape().unwrap_or_default();
                let help = if escape.starts_with("\\u") {
                    "a Unicode escape is 1 to 6 hex digits in braces naming a character, e.g. \\u{e9}"
                } else if escape.starts_with("\\x") {
                    "\\x takes two hex digits, 00 to 7F"
                } else {
                    "escapes are \\n, \\t, \\\", \\\\ and \\u{...}; a backslash itself is written \\\\"
                };
                (
                    offset,
                    format!("invalid escape `{}` in a string: {}", short(escape), lower_first(why)),
                    Some(help.to_string()),
                )
            }
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

/// Text from the file, cut to a length a message can carry: an identifier or a number may
/// be megabytes long, and a message must stay one readable line.
fn short(text: &str) -> String {
    const LONGEST: usize = 40;
    match text.char_indices().nth(LONGEST) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_string(),
    }
}

/// A token in words, for "found ..." messages.
pub fn describe(token: &Token, text: &str) -> String {
    match &token.kind {
        TokenKind::Str if text.starts_with('b') => {
            format!("the byte string b{:?}", short(&super::locate::string_value(text)))
        }
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
