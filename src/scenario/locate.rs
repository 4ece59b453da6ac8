//! The locator: maps field paths to line:column in a scenario's text, and back.
//!
//! Validation works on the typed [`Scenario`](super::Scenario), which carries no spans, so
//! this module reads the RON text once more, on its own: a tokenizer that knows strings
//! (with escapes), raw strings, chars, `//` and nested `/* */` comments, identifiers and
//! brackets, and a tree of values built with an explicit stack. Both passes are iterative
//! and linear in the text, so tens of thousands of nested brackets cannot overflow the
//! stack. It never fails: on broken text it locates what it can (the parser's error
//! messages need a path for text that does not parse).

use super::path::{Path, Segment, entry_labels};

/// A 1-based line and column (columns in characters, as ron and rustc count them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind {
    Open(char),
    Close(char),
    Comma,
    Colon,
    Ident,
    /// A string literal (its text: [`string_value`]).
    Str,
    Number,
    Char,
    /// Any other single character (`#`, `!`, stray punctuation, control characters).
    Other(char),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    /// Byte offsets of the token in the text, `start..end`.
    pub start: usize,
    pub end: usize,
}

type NodeId = usize;

/// Longest path [`Locator::path_at`] reports; the format itself nests about eight deep.
pub const MAX_PATH_SEGMENTS: usize = 32;

#[derive(Debug)]
struct Field {
    /// The key is `text[key_start..key_end]`, less a raw identifier's `r#`.
    key_start: usize,
    key_end: usize,
    value: NodeId,
}

/// A value in the text: a bracketed group (`Name(...)`, `(...)`, `[...]`, `{...}`) or a leaf.
#[derive(Debug)]
struct Node {
    start: usize,
    /// One past the last byte; for a group left open, one past the end of the text.
    end: usize,
    /// The opening bracket of a group, `None` for a leaf.
    bracket: Option<char>,
    fields: Vec<Field>,
    items: Vec<NodeId>,
    /// A string leaf (entry names are read from it).
    is_string: bool,
}

impl Node {
    fn is_wrapper(&self) -> bool {
        // `Some(x)`, `Exponential("5m")`, `Steps([...])`: one positional value, no fields;
        // paths look through it, the way serde does.
        self.bracket == Some('(') && self.fields.is_empty() && self.items.len() == 1
    }
}

/// Line starts, to turn byte offsets into line:column and back.
#[derive(Debug)]
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(line_starts(text));
        LineIndex { starts }
    }
}

/// Byte offsets where a line starts after a line break, lazily, in order. `\r\n`, `\n` and
/// a lone `\r` (old Mac files) each end a line, as editors count them; ron itself counts
/// only `\n`, which is why [`super::parse`] turns a lone `\r` into `\n` before parsing.
pub fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().filter_map(move |(i, b)| match b {
        b'\n' => Some(i + 1),
        b'\r' if bytes.get(i + 1) != Some(&b'\n') => Some(i + 1),
        _ => None,
    })
}

/// Whether the text holds a line break of any kind.
fn has_line_break(text: &str) -> bool {
    text.contains(['\n', '\r'])
}

/// The located structure of one scenario text.
#[derive(Debug)]
pub struct Locator<'t> {
    text: &'t str,
    lines: LineIndex,
    tokens: Vec<Token>,
    nodes: Vec<Node>,
    root: Option<NodeId>,
    /// Where a `/*` comment that is never closed opens (it runs to the end of the text).
    open_comment: Option<usize>,
}

impl<'t> Locator<'t> {
    /// Tokenizes and builds the value tree; linear in the text, no recursion.
    pub fn new(text: &'t str) -> Locator<'t> {
        let (tokens, open_comment) = tokenize(text);
        let (nodes, root) = build_tree(&tokens, text.len());
        Locator { text, lines: LineIndex::new(text), tokens, nodes, root, open_comment }
    }

    /// A locator of the text up to `look_ahead` bytes past `position`, or `None` when that
    /// prefix holds no token at or after the position (then the whole text is needed).
    pub fn new_until(text: &'t str, position: Position, look_ahead: usize) -> Option<Locator<'t>> {
        let line_start = match position.line.checked_sub(2) {
            Some(breaks) => line_starts(text).nth(breaks).unwrap_or(text.len()),
            None => 0,
        };
        let rest = &text[line_start..];
        let column = rest.char_indices().nth(position.column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i);
        let at = line_start + column;
        let mut cut = at.saturating_add(look_ahead).min(text.len());
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        let locator = Locator::new(&text[..cut]);
        (cut == text.len() || locator.token_from(at).is_some()).then_some(locator)
    }

    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// Line:column of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.lines.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.lines.starts[line - 1];
        Position { line, column: self.text[start..offset].chars().count() + 1 }
    }

    /// Line:column of many byte offsets given in increasing order, in one pass over the
    /// text however long its lines (a whole scenario on one line is legal RON).
    pub fn positions_sorted(&self, offsets: &[usize]) -> Vec<Position> {
        let mut out = Vec::with_capacity(offsets.len());
        let mut last: Option<(usize, Position)> = None;
        for &offset in offsets {
            let offset = offset.min(self.text.len());
            let position = match last {
                Some((previous, at)) if previous <= offset && !has_line_break(&self.text[previous..offset]) => {
                    let text = self.text.get(previous..offset).unwrap_or("");
                    Position { line: at.line, column: at.column + text.chars().count() }
                }
                _ => self.position(offset),
            };
            last = self.text.is_char_boundary(offset).then_some((offset, position));
            out.push(position);
        }
        out
    }

    /// Byte offset of a line:column (as ron reports them), clamped to the text.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.lines.starts.get(position.line.saturating_sub(1)) else {
            return self.text.len();
        };
        let end = self.lines.starts.get(position.line).copied().unwrap_or(self.text.len());
        let line = &self.text[start..end];
        let within = line.char_indices().nth(position.column.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
        start + within
    }

    /// Where the value at `path` starts; where the path leads to a value the text does not
    /// spell out (a defaulted field), the nearest ancestor that it does.
    pub fn locate(&self, path: &Path) -> Position {
        self.position(self.locate_offset(path))
    }

    /// [`Locator::locate`] as a byte offset (cheap; line:column costs a scan of the line).
    pub fn locate_offset(&self, path: &Path) -> usize {
        self.resolve(path).map_or(0, |node| self.nodes[node].start)
    }

    /// Byte range `start..end` of the value at `path`, only where the text spells out the
    /// whole path (no fallback to an ancestor); the value includes a wrapper such as
    /// `Some(...)`, so replacing the range replaces the field's whole value.
    pub fn span(&self, path: &Path) -> Option<(usize, usize)> {
        let mut node = self.root?;
        for segment in path.segments() {
            let current = self.unwrap(node);
            node = match segment {
                Segment::Field(name) => self.field(current, name),
                Segment::Written(name) => self.field(current, name),
                Segment::Entry { index, .. } => self.nodes[current].items.get(*index).copied(),
            }?;
        }
        let node = &self.nodes[node];
        (node.end <= self.text.len()).then_some((node.start, node.end))
    }

    /// The deepest node the path reaches.
    fn resolve(&self, path: &Path) -> Option<NodeId> {
        let mut node = self.root?;
        for segment in path.segments() {
            let current = self.unwrap(node);
            let next = match segment {
                Segment::Field(name) => self.field(current, name),
                Segment::Written(name) => self.field(current, name),
                Segment::Entry { index, .. } => self.nodes[current].items.get(*index).copied(),
            };
            match next {
                Some(next) => node = next,
                None => break,
            }
        }
        Some(node)
    }

    fn field(&self, node: NodeId, name: &str) -> Option<NodeId> {
        self.nodes[node].fields.iter().find(|f| self.key(f) == name).map(|f| f.value)
    }

    fn key(&self, field: &Field) -> &'t str {
        self.text[field.key_start..field.key_end].trim_start_matches("r#")
    }

    fn unwrap(&self, mut node: NodeId) -> NodeId {
        while self.nodes[node].is_wrapper() {
            node = self.nodes[node].items[0];
        }
        node
    }

    /// The path of the value (or field name) at a byte offset, as far as the text shows it
    /// (and at most [`MAX_PATH_SEGMENTS`] deep: deeper text is not a scenario anyway).
    pub fn path_at(&self, offset: usize) -> Path {
        let mut path = Path::root();
        let Some(mut node) = self.root else { return path };
        if !self.contains(node, offset) {
            return path;
        }
        while path.len() < MAX_PATH_SEGMENTS {
            node = self.unwrap(node);
            let current = &self.nodes[node];
            if let Some(field) = current.fields.iter().find(|f| f.key_start <= offset && offset < f.key_end) {
                path.push(Segment::Written(self.key(field).to_string()));
                break;
            }
            if let Some(field) =
                current.fields.iter().find(|f| f.key_start <= offset && offset < self.nodes[f.value].end)
            {
                path.push(Segment::Written(self.key(field).to_string()));
                node = field.value;
                continue;
            }
            // A bare value among a struct's fields (a field name cut off, or left without its
            // `:`) is no entry of anything: the path ends at the struct.
            let is_struct = current.bracket == Some('(') && !current.fields.is_empty();
            if is_struct {
                break;
            }
            if let Some(index) = current.items.iter().position(|&item| self.contains(item, offset)) {
                let labels = self.item_labels(node);
                path.push(Segment::Entry { index, label: labels[index].clone() });
                node = current.items[index];
                continue;
            }
            break;
        }
        path
    }

    fn contains(&self, node: NodeId, offset: usize) -> bool {
        self.nodes[node].start <= offset && offset < self.nodes[node].end
    }

    /// Labels of a list's entries, by the string value of their `name` field.
    fn item_labels(&self, node: NodeId) -> Vec<Option<String>> {
        let names: Vec<Option<String>> = self.nodes[node]
            .items
            .iter()
            .map(|&item| {
                let value = self.field(self.unwrap(item), "name")?;
                let value = &self.nodes[value];
                value.is_string.then(|| string_value(&self.text[value.start..value.end]))
            })
            .collect();
        entry_labels(names.iter().map(Option::as_deref)).into_iter().map(|l| l.map(str::to_string)).collect()
    }

    /// The token containing `offset`, if any.
    pub fn token_containing(&self, offset: usize) -> Option<&Token> {
        let i = self.tokens.partition_point(|t| t.end <= offset);
        self.tokens.get(i).filter(|t| t.start <= offset)
    }

    /// The first token starting at or after `offset`.
    pub fn token_from(&self, offset: usize) -> Option<&Token> {
        let i = self.tokens.partition_point(|t| t.start < offset);
        self.tokens.get(i)
    }

    /// The last token ending at or before `offset`.
    pub fn token_before(&self, offset: usize) -> Option<&Token> {
        let i = self.tokens.partition_point(|t| t.end <= offset);
        i.checked_sub(1).and_then(|i| self.tokens.get(i))
    }

    /// The innermost bracket still open at the end of the text: its character and offset.
    pub fn innermost_unclosed(&self) -> Option<(char, usize)> {
        let mut node = self.root?;
        if self.nodes[node].end <= self.text.len() {
            return None;
        }
        loop {
            let current = &self.nodes[node];
            let open_child = current
                .fields
                .iter()
                .map(|f| f.value)
                .chain(current.items.iter().copied())
                .find(|&c| self.nodes[c].end > self.text.len());
            match open_child {
                Some(child) => node = child,
                None => break,
            }
        }
        let current = &self.nodes[node];
        let bracket = current.bracket?;
        let at = self
            .tokens
            .iter()
            .skip(self.tokens.partition_point(|t| t.start < current.start))
            .find_map(|t| (t.kind == TokenKind::Open(bracket)).then_some(t.start))?;
        Some((bracket, at))
    }

    /// Where a `/*` comment opens that is never closed, if one is.
    pub fn unclosed_comment(&self) -> Option<usize> {
        self.open_comment
    }

    /// Where the group that the closing bracket token ending at `close_end` closes starts
    /// (at its name for `Name(...)`), if that bracket closed one.
    pub fn opening_of(&self, close_end: usize) -> Option<usize> {
        self.nodes.iter().find(|n| n.bracket.is_some() && n.end == close_end).map(|n| n.start)
    }

    /// Length of the text in bytes.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// The text of a token.
    pub fn text_of(&self, token: &Token) -> &'t str {
        &self.text[token.start..token.end]
    }
}

/// The tokens of the text, and where a block comment that is never closed opens.
fn tokenize(text: &str) -> (Vec<Token>, Option<usize>) {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut open_comment = None;
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else { break };
        let start = i;
        let rest = &text[i..];
        let kind = if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        } else if rest.starts_with("//") {
            i += rest.find(['\n', '\r']).unwrap_or(rest.len());
            continue;
        } else if rest.starts_with("/*") {
            let (len, closed) = block_comment_len(rest);
            if !closed {
                open_comment = Some(i);
            }
            i += len;
            continue;
        } else if c == '"' || rest.starts_with("b\"") {
            let open = if c == '"' { 1 } else { 2 };
            i += open + quoted(&rest[open..]).0;
            TokenKind::Str
        } else if let Some(len) = raw_string_len(rest) {
            i += len;
            TokenKind::Str
        } else if c == '\'' || rest.starts_with("b'") {
            let open = if c == '\'' { 1 } else { 2 };
            match char_literal_len(&rest[open..]) {
                Some(len) => {
                    i += open + len;
                    TokenKind::Char
                }
                None => {
                    i += 1;
                    TokenKind::Other('\'')
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let raw_prefix = if rest.starts_with("r#") { 2 } else { 0 };
            let len = rest[raw_prefix..]
                .char_indices()
                .find(|(_, ch)| !(ch.is_alphanumeric() || *ch == '_'))
                .map_or(rest.len() - raw_prefix, |(n, _)| n);
            i += raw_prefix + len;
            TokenKind::Ident
        } else if c.is_ascii_digit()
            || (matches!(c, '+' | '-' | '.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            i += number_len(rest);
            TokenKind::Number
        } else {
            i += c.len_utf8();
            match c {
                '(' | '[' | '{' => TokenKind::Open(c),
                ')' | ']' | '}' => TokenKind::Close(c),
                ',' => TokenKind::Comma,
                ':' => TokenKind::Colon,
                _ => TokenKind::Other(c),
            }
        };
        tokens.push(Token { kind, start, end: i });
    }
    (tokens, open_comment)
}

/// Length of a (possibly nested, possibly unclosed) block comment starting at `/*`, and
/// whether it is closed.
fn block_comment_len(rest: &str) -> (usize, bool) {
    let bytes = rest.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"/*") {
            depth += 1;
            i += 2;
        } else if bytes[i..].starts_with(b"*/") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return (i, true);
            }
        } else {
            i += 1;
        }
    }
    (bytes.len(), false)
}

/// The text of a string literal token (`"..."`, `b"..."`, `r#"..."#`), unescaped.
pub fn string_value(literal: &str) -> String {
    let unprefixed = literal.strip_prefix('b').unwrap_or(literal);
    if let Some(body) = unprefixed.strip_prefix('"') {
        return quoted(body).1;
    }
    let raw = unprefixed.strip_prefix('r').unwrap_or(unprefixed);
    let hashes = raw.bytes().take_while(|b| *b == b'#').count();
    let body = raw[hashes..].strip_prefix('"').unwrap_or(&raw[hashes..]);
    let closing = format!("\"{}", "#".repeat(hashes));
    body.strip_suffix(closing.as_str()).unwrap_or(body).to_string()
}

/// Whether a string literal token (`"..."`, `b"..."`, `r#"..."#`) has its closing quote;
/// one left open runs to the end of the text.
pub fn string_is_closed(literal: &str) -> bool {
    let unprefixed = literal.strip_prefix('b').unwrap_or(literal);
    if let Some(body) = unprefixed.strip_prefix('"') {
        return quoted(body).2;
    }
    let raw = unprefixed.strip_prefix('r').unwrap_or(unprefixed);
    let hashes = raw.bytes().take_while(|b| *b == b'#').count();
    let body = raw[hashes..].strip_prefix('"').unwrap_or(&raw[hashes..]);
    body.ends_with(&format!("\"{}", "#".repeat(hashes)))
}

/// Length of a quoted body after its opening quote (closing quote included, or to the end
/// of the text if unclosed), its unescaped text, and whether it is closed.
fn quoted(body: &str) -> (usize, String, bool) {
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '"' {
            return (i + 1, out, true);
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'r')) => out.push('\r'),
            Some((_, '0')) => out.push('\0'),
            Some((j, 'u')) if body[j + 1..].starts_with('{') => {
                let hex_end = body[j + 1..].find('}').map_or(body.len(), |n| j + 1 + n);
                let hex = body.get(j + 2..hex_end).unwrap_or("");
                if let Some(ch) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                    out.push(ch);
                }
                while chars.clone().next().is_some_and(|(k, _)| k <= hex_end) {
                    chars.next();
                }
            }
            Some((_, other)) => out.push(other),
            None => break,
        }
    }
    (body.len(), out, false)
}

/// Length of a raw string (`r"..."`, `r#"..."#`, `br"..."`) at the start of `rest`.
fn raw_string_len(rest: &str) -> Option<usize> {
    let after_prefix = rest.strip_prefix("br").or_else(|| rest.strip_prefix('r'))?;
    let hashes = after_prefix.bytes().take_while(|b| *b == b'#').count();
    let body = after_prefix[hashes..].strip_prefix('"')?;
    let closing = format!("\"{}", "#".repeat(hashes));
    let prefix_len = rest.len() - body.len();
    Some(body.find(&closing).map_or(rest.len(), |n| prefix_len + n + closing.len()))
}

/// Length of a char literal's body after its opening quote, closing quote included.
fn char_literal_len(body: &str) -> Option<usize> {
    let mut chars = body.char_indices();
    let (_, first) = chars.next()?;
    if first == '\\' {
        // An escape: up to the next quote, within a short distance (`'\u{10FFFF}'`).
        return body.char_indices().skip(2).take(10).find(|(_, c)| *c == '\'').map(|(i, _)| i + 1);
    }
    let (i, second) = chars.next()?;
    (second == '\'').then_some(i + 1)
}

/// Length of a number token: digits, letters (hex, exponents, suffixes), `_`, `.`, and a
/// sign only at the start or right after an exponent's `e`.
fn number_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let hex = rest.trim_start_matches(['+', '-']).starts_with("0x");
    let mut i = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    while i < bytes.len() {
        let b = bytes[i];
        let sign_after_exponent = matches!(b, b'+' | b'-') && !hex && matches!(bytes[i - 1], b'e' | b'E');
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || sign_after_exponent {
            i += 1;
        } else {
            break;
        }
    }
    i
}

struct Frame {
    node: NodeId,
    /// Byte range of a key just read, waiting for its value.
    pending_key: Option<(usize, usize)>,
}

/// Builds the value tree with an explicit stack; lenient: stray closers are skipped,
/// mismatched ones close the groups opened since, unclosed groups end after the text.
fn build_tree(tokens: &[Token], text_len: usize) -> (Vec<Node>, Option<NodeId>) {
    let mut nodes: Vec<Node> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    // Open groups per bracket kind, so a stray closer is skipped in O(1).
    let mut open = [0usize; 3];
    let mut root = None;
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        let next = tokens.get(i + 1).map(|t| &t.kind);
        // `#![enable(...)]` and `#[...]` attributes are not values.
        if token.kind == TokenKind::Other('#') {
            let mut j = i + 1;
            if tokens.get(j).is_some_and(|t| t.kind == TokenKind::Other('!')) {
                j += 1;
            }
            if tokens.get(j).is_some_and(|t| t.kind == TokenKind::Open('[')) {
                i = skip_balanced(tokens, j);
                continue;
            }
        }
        // Stray characters are not values (a NUL would otherwise read as a list entry).
        if matches!(token.kind, TokenKind::Other(_)) {
            i += 1;
            continue;
        }
        // A list has no fields: `name:` inside `[...]` (a struct closed too early) is read as
        // an entry, so its path says which entry it sits among.
        let in_list = stack.last().is_some_and(|f| nodes[f.node].bracket == Some('['));
        let is_key =
            matches!(token.kind, TokenKind::Ident | TokenKind::Str) && next == Some(&TokenKind::Colon) && !in_list;
        if is_key {
            if let Some(frame) = stack.last_mut() {
                frame.pending_key = Some((token.start, token.end));
            }
            i += 2;
            continue;
        }
        let (opens, start, skip) = match (&token.kind, next) {
            (TokenKind::Ident, Some(TokenKind::Open(b))) => (Some(*b), token.start, 2),
            (TokenKind::Open(b), _) => (Some(*b), token.start, 1),
            _ => (None, token.start, 1),
        };
        match &token.kind {
            TokenKind::Close(b) => {
                let wanted = matching_open(*b);
                if open[bracket_kind(wanted)] > 0 {
                    // Pops at most what was pushed: linear over the whole text.
                    while let Some(frame) = stack.pop() {
                        nodes[frame.node].end = token.end;
                        let bracket = nodes[frame.node].bracket.unwrap_or(wanted);
                        open[bracket_kind(bracket)] -= 1;
                        if bracket == wanted {
                            break;
                        }
                    }
                }
                i += 1;
                continue;
            }
            TokenKind::Comma => {
                if let Some(frame) = stack.last_mut() {
                    frame.pending_key = None;
                }
                i += 1;
                continue;
            }
            TokenKind::Colon => {
                i += 1;
                continue;
            }
            _ => {}
        }
        let is_string = token.kind == TokenKind::Str && opens.is_none();
        let id = nodes.len();
        let end = if opens.is_some() { text_len + 1 } else { token.end };
        nodes.push(Node { start, end, bracket: opens, fields: Vec::new(), items: Vec::new(), is_string });
        match stack.last_mut() {
            Some(frame) => match frame.pending_key.take() {
                Some((key_start, key_end)) => nodes[frame.node].fields.push(Field { key_start, key_end, value: id }),
                None => nodes[frame.node].items.push(id),
            },
            None => {
                if root.is_none() {
                    root = Some(id);
                } else if opens.is_some() {
                    // Trailing top-level groups are not part of the scenario; skip them whole.
                    i = skip_balanced(tokens, i + skip - 1);
                    continue;
                }
            }
        }
        if let Some(bracket) = opens {
            open[bracket_kind(bracket)] += 1;
            stack.push(Frame { node: id, pending_key: None });
        }
        i += skip;
    }
    (nodes, root)
}

fn bracket_kind(open: char) -> usize {
    match open {
        '(' => 0,
        '[' => 1,
        _ => 2,
    }
}

fn matching_open(close: char) -> char {
    match close {
        ')' => '(',
        ']' => '[',
        _ => '{',
    }
}

/// Index just past the bracket group that opens at `tokens[open]`.
fn skip_balanced(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0usize;
    for (j, t) in tokens.iter().enumerate().skip(open) {
        match t.kind {
            TokenKind::Open(_) => depth += 1,
            TokenKind::Close(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r##"// a comment with ( and [ brackets
Scenario(
    name: "demo /* not a comment */ )",
    topics: [
        Topic(name: "orders", partitions: 6),
        Topic(name: "dlq", ttl: Some("5m")),
    ],
    producers: [Producer(name: "p", rate: Steps([Step(at: "1s", per_second: 1.0), Step(at: "2s", per_second: 2.0)]))],
    /* nested /* block */ comment ] */
    consumers: [ConsumerGroup(name: r#"g)"#, calls: ['(', '\'', ")\"("])],
)
"##;

    fn at(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    fn topics(i: usize, name: &str) -> Path {
        Path::root().field("topics").entry(i, Some(name))
    }

    #[test]
    fn locates_fields_entries_and_values_inside_wrappers() {
        let l = Locator::new(TEXT);
        assert_eq!(l.locate(&Path::root().field("name")), at(3, 11));
        assert_eq!(l.locate(&topics(0, "orders")), at(5, 9));
        assert_eq!(l.locate(&topics(0, "orders").field("partitions")), at(5, 43));
        // `Some("5m")` is looked through: the path ends at the wrapper itself.
        assert_eq!(l.locate(&topics(1, "dlq").field("ttl")), at(6, 33));
        // `Steps([...])` is looked through to reach the list entries.
        let rate = Path::root().field("producers").index(0).field("rate");
        assert_eq!(l.locate(&rate.index(1).field("per_second")), at(8, 110));
        let calls = Path::root().field("consumers").index(0).field("calls");
        assert_eq!(l.locate(&calls.index(2)), at(10, 65));
    }

    #[test]
    fn an_absent_field_falls_back_to_the_nearest_located_ancestor() {
        let l = Locator::new(TEXT);
        assert_eq!(l.locate(&topics(0, "orders").field("capacity")), at(5, 9));
        assert_eq!(l.locate(&Path::root().field("faults").index(3).field("target")), at(2, 1));
        assert_eq!(l.locate(&topics(7, "nope")), l.locate(&Path::root().field("topics")));
    }

    #[test]
    fn finds_the_path_at_a_position() {
        let l = Locator::new(TEXT);
        let path = |line, column| l.path_at(l.offset(at(line, column))).to_string();
        assert_eq!(path(5, 43), "topics[orders].partitions");
        assert_eq!(path(5, 33), "topics[orders].partitions"); // on the field name
        assert_eq!(path(6, 38), "topics[dlq].ttl");
        assert_eq!(path(8, 95), "producers[p].rate[1].at");
        assert_eq!(path(10, 31), "consumers[g)].name");
        assert_eq!(path(1, 5), "");
        assert_eq!(path(11, 1), "");
    }

    #[test]
    fn strings_chars_and_comments_do_not_confuse_the_brackets() {
        let l = Locator::new(TEXT);
        let strings: Vec<String> =
            l.tokens().iter().filter(|t| t.kind == TokenKind::Str).map(|t| string_value(l.text_of(t))).collect();
        assert!(strings.iter().any(|s| s == "demo /* not a comment */ )"));
        assert!(strings.iter().any(|s| s == "g)"));
        assert!(strings.iter().any(|s| s == ")\"("));
        assert_eq!(l.tokens().iter().filter(|t| t.kind == TokenKind::Char).count(), 2);
        assert_eq!(l.innermost_unclosed(), None);
    }

    #[test]
    fn duplicate_names_are_shown_by_index() {
        let l = Locator::new(r#"S(topics: [T(name: "a"), T(name: "a", partitions: 0)])"#);
        assert_eq!(l.path_at(45).to_string(), "topics[1].partitions");
    }

    #[test]
    fn reports_the_innermost_unclosed_bracket() {
        let text = "Scenario(\n  topics: [Topic(name: \"x\"";
        let l = Locator::new(text);
        let (bracket, offset) = l.innermost_unclosed().expect("open brackets");
        assert_eq!((bracket, l.position(offset)), ('(', at(2, 17)));
        assert_eq!(l.path_at(text.len()).to_string(), "topics[x]");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "S(name: \"é€𝄞\", seed: 1)";
        let l = Locator::new(text);
        assert_eq!(l.locate(&Path::root().field("seed")), at(1, 22));
        assert_eq!(l.offset(at(1, 22)), text.find('1').unwrap_or_default());
    }

    #[test]
    fn positions_in_one_pass_agree_with_positions_one_by_one() {
        let text = "ab\u{e9}c\nxy\u{1d11e}z\n\nlast line";
        let l = Locator::new(text);
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len(), text.len()]).collect();
        let one_by_one: Vec<Position> = offsets.iter().map(|&o| l.position(o)).collect();
        assert_eq!(l.positions_sorted(&offsets), one_by_one);
    }

    #[test]
    fn skips_the_enable_attribute() {
        let l = Locator::new("#![enable(implicit_some)]\nScenario(seed: 3)");
        assert_eq!(l.locate(&Path::root().field("seed")), at(2, 16));
    }

    /// Deep nesting is handled without recursion (a small stack suffices) and in linear time.
    #[test]
    fn deep_and_mismatched_nesting_is_linear_and_needs_no_stack() {
        let run = || {
            for text in [
                "[".repeat(100_000),
                format!("Scenario(x: {}", "(".repeat(100_000)),
                format!("{}{}", "(".repeat(50_000), "]".repeat(50_000)),
                format!("{}{}", "[(".repeat(50_000), ")]".repeat(50_000)),
            ] {
                let l = Locator::new(&text);
                let _ = l.path_at(text.len() / 2);
                let _ = l.innermost_unclosed();
                let _ = l.locate(&Path::root().field("x").index(0).index(0));
            }
        };
        let started = std::time::Instant::now();
        let worker = std::thread::Builder::new().stack_size(128 * 1024).spawn(run).expect("thread starts");
        assert!(worker.join().is_ok(), "the locator overflowed a 128 KiB stack");
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
    }

    #[test]
    fn lone_cr_crlf_and_lf_each_end_one_line() {
        // Lines: "a", "b" (after CR LF), "" (after LF), "cd" (after CR), "" (after a final CR).
        let text = "a\r\nb\n\rcd\r";
        assert_eq!(line_starts(text).collect::<Vec<_>>(), vec![3, 5, 6, 9]);
        let l = Locator::new(text);
        let positions: Vec<Position> = (0..=text.len()).map(|o| l.position(o)).collect();
        assert_eq!(
            positions,
            vec![at(1, 1), at(1, 2), at(1, 3), at(2, 1), at(2, 2), at(3, 1), at(4, 1), at(4, 2), at(4, 3), at(5, 1)]
        );
        // Back from line:column to the offset, and in one pass as one by one.
        assert_eq!([at(2, 1), at(4, 2), at(5, 1)].map(|p| l.offset(p)), [3, 7, 9]);
        assert_eq!(l.positions_sorted(&(0..=text.len()).collect::<Vec<_>>()), positions);
        // A `//` comment ends at a lone CR as at a LF.
        let l = Locator::new("// note\rS(seed: 1)");
        assert_eq!(l.locate(&Path::root().field("seed")), at(2, 9));
        // The prefix locator finds the same line start.
        let text = "S(\rname: \"a\",\r\rseed: x)";
        let prefix = Locator::new_until(text, at(4, 7), 1024).expect("the token is in the prefix");
        assert_eq!(prefix.token_from(prefix.offset(at(4, 7))).map(|t| prefix.text_of(t)), Some("x"));
    }

    #[test]
    fn a_bare_word_among_fields_is_no_entry() {
        // `ra` (a field name cut off) inside `Producer(...)`: the path ends at the producer,
        // not at an entry `[0]` of it.
        let text = "S(producers: [Producer(name: \"p\", ra";
        let l = Locator::new(text);
        assert_eq!(l.path_at(text.len() - 1).to_string(), "producers[p]");
        // `field:` among a list's entries is an entry, not a field of the list.
        let text = "S(services: [Service(name: \"a\"), failures: Some(1)])";
        let l = Locator::new(text);
        assert_eq!(l.path_at(text.find("failures").unwrap_or_default()).to_string(), "services[1]");
        assert_eq!(l.path_at(text.find("Some").unwrap_or_default()).to_string(), "services[2]");
        let close = text.find(')').unwrap_or_default();
        assert_eq!(l.opening_of(close + 1), text.find("Service"));
    }

    #[test]
    fn open_strings_and_comments_are_told_apart_from_closed_ones() {
        for (literal, closed) in [
            ("\"abc\"", true),
            ("\"abc", false),
            ("\"ab\\\"", false),
            ("\"ab\\\\\"", true),
            ("b\"x\"", true),
            ("r\"x\"", true),
            ("r\"", false),
            ("r#\"x\"#", true),
            ("r#\"x\"", false),
        ] {
            assert_eq!(string_is_closed(literal), closed, "{literal}");
        }
        assert_eq!(Locator::new("S(/* a */ x: 1)").unclosed_comment(), None);
        assert_eq!(Locator::new("S(/* a */ x: /* b /* c */ 1)").unclosed_comment(), Some(13));
    }

    #[test]
    fn unterminated_literals_run_to_the_end() {
        for text in ["S(name: \"abc", "S(name: r#\"abc\"", "S(x: '", "S(x: /* open", "S(x: 'ab"] {
            let l = Locator::new(text);
            assert!(l.tokens().last().is_some_and(|t| t.end <= text.len()), "{text}");
        }
    }
}
