//! Reading RDF files (Turtle, TriG, N-Triples, N-Quads) into Oxigraph quads.
//!
//! This is the one module that knows `rio_turtle`: swapping it for `oxttl`
//! changes this file alone. It owns parsing, positions in error messages and
//! the vocabulary check; it never writes to a store (the caller decides what
//! to do with the quads, so a load can stay all-or-nothing).

use crate::vocab::Vocabulary;
use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use rio_api::model as rio;
use rio_api::parser::{ParseError, QuadsParser, TriplesParser};
use rio_turtle::{NQuadsParser, NTriplesParser, TriGParser, TurtleError, TurtleParser};
use std::collections::HashMap;
use std::fmt;
use std::io::BufRead;
use std::path::Path;

/// The RDF syntaxes entente reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Turtle,
    TriG,
    NTriples,
    NQuads,
}

impl Format {
    /// The syntax a file's extension announces.
    pub fn from_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "ttl" | "turtle" => Some(Self::Turtle),
            "trig" => Some(Self::TriG),
            "nt" | "ntriples" => Some(Self::NTriples),
            "nq" | "nquads" => Some(Self::NQuads),
            _ => None,
        }
    }
}

/// A problem in an input file, at a place a person can go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub file: String,
    /// 1-based line, 0 when unknown.
    pub line: u64,
    /// 1-based column in characters, 0 when unknown.
    pub column: u64,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else if self.column == 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

impl std::error::Error for InputError {}

/// Why a statement was refused, before its position is known.
enum Refusal {
    Syntax(TurtleError),
    UndeclaredTerm(String),
    /// An RDF-star `<< … >>` term.
    QuotedTriple,
}

impl From<TurtleError> for Refusal {
    fn from(e: TurtleError) -> Self {
        Self::Syntax(e)
    }
}

/// Parses one file's text or stream, checking every `ent:` term against the
/// ontology, and hands each quad to `sink`. Triples go to `graph`
/// (the default graph unless the caller says otherwise). A UTF-8 byte-order
/// mark at the start is skipped.
///
/// The input is read once: an error's line and column come from the last
/// bytes read ([`WINDOW`] of them), never from reading the file again (a
/// named pipe cannot be, `/dev/zero` never ends).
pub fn parse(
    file: &str,
    reader: impl BufRead,
    format: Format,
    vocabulary: &Vocabulary,
    graph: &GraphName,
    mut sink: impl FnMut(Quad),
) -> Result<u64, InputError> {
    let window = std::rc::Rc::new(std::cell::RefCell::new(Window::default()));
    let reader = Recorder {
        inner: reader,
        window: window.clone(),
        started: false,
        checked: 0,
    };
    let mut converter = Converter {
        vocabulary,
        blank_nodes: HashMap::new(),
    };
    let mut count = 0;
    let mut on_triple = |t: rio::Triple<'_>| -> Result<(), Refusal> {
        sink(converter.triple(t, graph.clone())?);
        count += 1;
        Ok(())
    };
    let mut prefixes = HashMap::new();
    let result = match format {
        Format::Turtle => {
            let mut parser = TurtleParser::new(reader, None);
            let result = parser.parse_all(&mut on_triple);
            prefixes.clone_from(parser.prefixes());
            result
        }
        Format::NTriples => NTriplesParser::new(reader).parse_all(&mut on_triple),
        Format::TriG | Format::NQuads => {
            let mut converter = Converter {
                vocabulary,
                blank_nodes: HashMap::new(),
            };
            let mut on_quad = |q: rio::Quad<'_>| -> Result<(), Refusal> {
                sink(converter.quad(q, graph)?);
                count += 1;
                Ok(())
            };
            if format == Format::TriG {
                let mut parser = TriGParser::new(reader, None);
                let result = parser.parse_all(&mut on_quad);
                prefixes.clone_from(parser.prefixes());
                result
            } else {
                NQuadsParser::new(reader).parse_all(&mut on_quad)
            }
        }
    };
    match result {
        Ok(()) => Ok(count),
        Err(refusal) => Err(locate(
            file,
            refusal,
            vocabulary,
            &window.borrow(),
            &prefixes,
        )),
    }
}

/// How many of the last bytes read are kept to place an error.
pub const WINDOW: usize = 1 << 20;

/// The last bytes read, and the line the first of them is on.
#[derive(Default)]
struct Window {
    bytes: Vec<u8>,
    /// 1-based line of `bytes[0]` (0 before anything is read).
    first_line: u64,
    /// Whether `bytes[0]` starts its line.
    starts_line: bool,
    /// The place of a fault the reader itself found (a NUL byte).
    fault: Option<(u64, u64)>,
}

impl Window {
    fn push(&mut self, data: &[u8]) {
        if self.first_line == 0 {
            self.first_line = 1;
            self.starts_line = true;
        }
        self.bytes.extend_from_slice(data);
        if self.bytes.len() > 2 * WINDOW {
            let cut = self.bytes.len() - WINDOW;
            let dropped = &self.bytes[..cut];
            self.first_line += dropped.iter().filter(|&&b| b == b'\n').count() as u64;
            self.starts_line = dropped.last() == Some(&b'\n');
            self.bytes.drain(..cut);
        }
    }

    /// The text of a 1-based line, if it is whole in the window.
    fn line(&self, line: u64) -> Option<String> {
        let mut current = self.first_line;
        let mut start = 0;
        for (i, &b) in self.bytes.iter().enumerate() {
            if b == b'\n' {
                if current == line {
                    break;
                }
                current += 1;
                start = i + 1;
            }
        }
        if current != line || (line == self.first_line && !self.starts_line) {
            return None;
        }
        let end = self.bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |p| start + p);
        Some(String::from_utf8_lossy(&self.bytes[start..end]).into_owned())
    }

    /// The line and character column of the first term in the window for
    /// which `wanted` holds: the first occurrence is the refused one, since
    /// the parse stops at the first refusal and the window ends a read-ahead
    /// past it. Comments, strings and prefix declarations are not terms;
    /// escapes are decoded and relative IRIs resolved against `@base`.
    fn first_place(&self, wanted: impl Fn(&Token) -> bool) -> Option<(u64, u64)> {
        let text = String::from_utf8_lossy(&self.bytes);
        let at = tokens(&text).find(|(_, t)| wanted(t))?.0;
        let before = &text[..at];
        let line = self.first_line + before.matches('\n').count() as u64;
        if line == self.first_line && !self.starts_line {
            return Some((line, 0));
        }
        let line_start = before.rfind('\n').map_or(0, |p| p + 1);
        Some((line, before[line_start..].chars().count() as u64 + 1))
    }
}

/// A term of Turtle-family text, as far as placing an error needs.
#[derive(Debug, PartialEq, Eq)]
enum Token {
    /// `<…>`, its `\u` escapes decoded and resolved against the `@base`
    /// seen before it (if any).
    Iri { text: String, base: Option<String> },
    /// `prefix:local`, the local name's `\` escapes decoded.
    Name { prefix: String, local: String },
    /// `<<`, the start of an RDF-star quoted triple.
    Quoted,
}

impl Token {
    /// Whether the term is the IRI `iri` under the file's `prefixes`.
    fn is(&self, iri: &str, prefixes: &HashMap<String, String>) -> bool {
        match self {
            Token::Iri { text, base } => {
                text == iri
                    || match base.as_deref().map(oxiri::Iri::parse) {
                        Some(Ok(base)) => base.resolve(text).is_ok_and(|r| r.as_str() == iri),
                        // A base outside the window: any relative reference
                        // that ends the IRI.
                        _ => {
                            !text.is_empty()
                                && oxiri::Iri::parse(text.as_str()).is_err()
                                && iri.ends_with(text.as_str())
                        }
                    }
            }
            Token::Name { prefix, local } => prefixes
                .get(prefix)
                .is_some_and(|ns| iri.strip_prefix(ns.as_str()) == Some(local.as_str())),
            Token::Quoted => false,
        }
    }
}

/// The terms of a Turtle-family text with their byte offsets.
fn tokens(text: &str) -> impl Iterator<Item = (usize, Token)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut base: Option<String> = None;
    // After `@base`/`BASE` the next IRI is the base; after `@prefix`/`PREFIX`
    // it is a namespace, not a term.
    let mut declaring_base = false;
    let mut declaring_prefix = false;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let start = i;
            match bytes[i] {
                b'#' => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                quote @ (b'"' | b'\'') => {
                    let long = bytes[i..].starts_with(&[quote; 3]);
                    i += if long { 3 } else { 1 };
                    while i < bytes.len() {
                        if bytes[i] == b'\\' {
                            i += 2;
                        } else if long && bytes[i..].starts_with(&[quote; 3]) {
                            i += 3;
                            break;
                        } else if !long && (bytes[i] == quote || bytes[i] == b'\n') {
                            i += 1;
                            break;
                        } else {
                            i += 1;
                        }
                    }
                }
                b'<' if bytes.get(i + 1) == Some(&b'<') => {
                    i += 2;
                    return Some((start, Token::Quoted));
                }
                b'<' => {
                    let Some(len) = bytes[i + 1..]
                        .iter()
                        .position(|&b| matches!(b, b'>' | b'<' | b'\n' | b' ' | b'"'))
                        .filter(|&n| bytes[i + 1 + n] == b'>')
                    else {
                        i += 1;
                        continue;
                    };
                    let text = unescape(&text[i + 1..i + 1 + len]);
                    i += len + 2;
                    if std::mem::take(&mut declaring_prefix) {
                        continue;
                    }
                    if std::mem::take(&mut declaring_base) {
                        base = match base.as_deref().map(oxiri::Iri::parse) {
                            Some(Ok(b)) => b.resolve(&text).ok().map(oxiri::Iri::into_inner),
                            _ => Some(text),
                        };
                        continue;
                    }
                    return Some((
                        start,
                        Token::Iri {
                            text,
                            base: base.clone(),
                        },
                    ));
                }
                b'@' => {
                    i += 1;
                    let word_start = i;
                    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                        i += 1;
                    }
                    match &text[word_start..i] {
                        "base" => declaring_base = true,
                        "prefix" => declaring_prefix = true,
                        _ => {}
                    }
                }
                b if b.is_ascii_alphanumeric() || b == b'_' || b == b':' || b >= 0x80 => {
                    while i < bytes.len() {
                        match bytes[i] {
                            b'\\' => i += 2,
                            b if b.is_ascii_alphanumeric()
                                || matches!(b, b'_' | b'-' | b'.' | b':' | b'%')
                                || b >= 0x80 =>
                            {
                                i += 1
                            }
                            _ => break,
                        }
                    }
                    i = i.min(bytes.len());
                    while i > start + 1 && bytes[i - 1] == b'.' {
                        i -= 1;
                    }
                    while !text.is_char_boundary(i) {
                        i += 1;
                    }
                    let word = &text[start..i];
                    if word.eq_ignore_ascii_case("base") {
                        declaring_base = true;
                    } else if word.eq_ignore_ascii_case("prefix") {
                        declaring_prefix = true;
                    } else if let Some((prefix, local)) = word.split_once(':') {
                        if prefix != "_" && !declaring_prefix {
                            return Some((
                                start,
                                Token::Name {
                                    prefix: prefix.to_owned(),
                                    local: unescape(local),
                                },
                            ));
                        }
                    }
                }
                _ => i += 1,
            }
        }
        None
    })
}

/// Text with Turtle's escapes decoded: `\uXXXX`, `\UXXXXXXXX` and a
/// local name's `\-`, `\.`….
fn unescape(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(u @ ('u' | 'U')) => {
                let digits: String = chars.by_ref().take(if u == 'u' { 4 } else { 8 }).collect();
                match u32::from_str_radix(&digits, 16)
                    .ok()
                    .and_then(char::from_u32)
                {
                    Some(decoded) => out.push(decoded),
                    None => {
                        out.push('\\');
                        out.push(u);
                        out.push_str(&digits);
                    }
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A reader that records the bytes going through it in a [`Window`], and
/// skips a byte-order mark at the start.
struct Recorder<R> {
    inner: R,
    window: std::rc::Rc<std::cell::RefCell<Window>>,
    started: bool,
    /// How much of the inner buffer's current contents has been checked
    /// for a NUL byte: each byte is checked once, not on every small read
    /// the parser makes (which made reading quadratic in the buffer size).
    checked: usize,
}

impl<R: BufRead> std::io::Read for Recorder<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Recorder<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if !self.started {
            self.started = true;
            let head = self.inner.fill_buf()?;
            if head.starts_with(b"\xEF\xBB\xBF") {
                self.inner.consume(3);
            }
        }
        let buffer = self.inner.fill_buf()?;
        // RDF text never holds a raw NUL; a stream of them (`/dev/zero`)
        // would keep a parser busy forever.
        let unchecked = self.checked.min(buffer.len());
        let nul = buffer[unchecked..].iter().position(|&b| b == 0);
        self.checked = buffer.len();
        if let Some(at) = nul.map(|at| unchecked + at) {
            let mut window = self.window.borrow_mut();
            let line = window.first_line.max(1)
                + window.bytes.iter().filter(|&&b| b == b'\n').count() as u64
                + buffer[..at].iter().filter(|&&b| b == b'\n').count() as u64;
            // The column, when the line's start is still in the window.
            let mut tail = window.bytes.clone();
            tail.extend_from_slice(&buffer[..at]);
            let line_start = tail.iter().rposition(|&b| b == b'\n');
            let column = match line_start {
                Some(p) => String::from_utf8_lossy(&tail[p + 1..]).chars().count() as u64 + 1,
                None if window.starts_line || window.first_line <= 1 => {
                    String::from_utf8_lossy(&tail).chars().count() as u64 + 1
                }
                None => 0,
            };
            window.fault = Some((line, column));
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "a NUL byte: this is not an RDF text file",
            ));
        }
        Ok(buffer)
    }

    fn consume(&mut self, amount: usize) {
        if let Ok(buffer) = self.inner.fill_buf() {
            let amount = amount.min(buffer.len());
            self.window.borrow_mut().push(&buffer[..amount]);
        }
        self.checked = self.checked.saturating_sub(amount);
        self.inner.consume(amount);
    }
}

/// Turns a refusal into an error with file, line and column.
fn locate(
    file: &str,
    refusal: Refusal,
    vocabulary: &Vocabulary,
    window: &Window,
    prefixes: &HashMap<String, String>,
) -> InputError {
    match refusal {
        Refusal::Syntax(e) => {
            let message = syntax_message(&e);
            let (line, column) = match e.textual_position() {
                // rio gives 1-based lines and 1-based byte offsets within them.
                Some(p) => {
                    let line = p.line_number().max(1);
                    let column = window
                        .line(line)
                        .map(|l| char_column(&l, p.byte_number()))
                        .unwrap_or(p.byte_number());
                    (line, column)
                }
                None => window.fault.unwrap_or((0, 0)),
            };
            InputError {
                file: file.to_owned(),
                line,
                column,
                message,
            }
        }
        Refusal::UndeclaredTerm(iri) => {
            let (line, column) = window
                .first_place(|t| t.is(&iri, prefixes))
                .unwrap_or((0, 0));
            InputError {
                file: file.to_owned(),
                line,
                column,
                message: vocabulary.refusal(&iri),
            }
        }
        Refusal::QuotedTriple => {
            let (line, column) = window
                .first_place(|t| *t == Token::Quoted)
                .unwrap_or((0, 0));
            InputError {
                file: file.to_owned(),
                line,
                column,
                message: "RDF-star quoted triples are not supported".to_owned(),
            }
        }
    }
}

/// rio's message without its own " on line … at position …" suffix.
fn syntax_message(e: &TurtleError) -> String {
    let text = e.to_string();
    match text.rfind(" on line ") {
        Some(i) if e.textual_position().is_some() => text[..i].to_owned(),
        _ => text,
    }
}

/// The 1-based character column of a 1-based byte offset within a line.
fn char_column(line: &str, byte: u64) -> u64 {
    let byte = (byte.saturating_sub(1) as usize).min(line.len());
    let mut boundary = byte;
    while !line.is_char_boundary(boundary) {
        boundary -= 1;
    }
    line[..boundary].chars().count() as u64 + 1
}

/// Converts rio terms to Oxigraph terms, checking the vocabulary.
struct Converter<'a> {
    vocabulary: &'a Vocabulary,
    /// Blank nodes get fresh identities per file, so two files never share one.
    blank_nodes: HashMap<String, BlankNode>,
}

impl Converter<'_> {
    fn triple(&mut self, t: rio::Triple<'_>, graph: GraphName) -> Result<Quad, Refusal> {
        Ok(Quad::new(
            self.subject(t.subject)?,
            self.named_node(t.predicate)?,
            self.term(t.object)?,
            graph,
        ))
    }

    fn quad(&mut self, q: rio::Quad<'_>, default: &GraphName) -> Result<Quad, Refusal> {
        let graph = match q.graph_name {
            None => default.clone(),
            Some(rio::GraphName::NamedNode(n)) => self.named_node(n)?.into(),
            Some(rio::GraphName::BlankNode(b)) => self.blank_node(b).into(),
        };
        Ok(Quad::new(
            self.subject(q.subject)?,
            self.named_node(q.predicate)?,
            self.term(q.object)?,
            graph,
        ))
    }

    fn named_node(&self, n: rio::NamedNode<'_>) -> Result<NamedNode, Refusal> {
        if !self.vocabulary.allows(n.iri) {
            return Err(Refusal::UndeclaredTerm(n.iri.to_owned()));
        }
        Ok(NamedNode::new_unchecked(n.iri))
    }

    fn blank_node(&mut self, b: rio::BlankNode<'_>) -> BlankNode {
        self.blank_nodes.entry(b.id.to_owned()).or_default().clone()
    }

    fn subject(&mut self, s: rio::Subject<'_>) -> Result<NamedOrBlankNode, Refusal> {
        Ok(match s {
            rio::Subject::NamedNode(n) => self.named_node(n)?.into(),
            rio::Subject::BlankNode(b) => self.blank_node(b).into(),
            rio::Subject::Triple(_) => return Err(Refusal::QuotedTriple),
        })
    }

    fn term(&mut self, t: rio::Term<'_>) -> Result<Term, Refusal> {
        Ok(match t {
            rio::Term::NamedNode(n) => self.named_node(n)?.into(),
            rio::Term::BlankNode(b) => self.blank_node(b).into(),
            rio::Term::Literal(rio::Literal::Simple { value }) => {
                Literal::new_simple_literal(value).into()
            }
            rio::Term::Literal(rio::Literal::LanguageTaggedString { value, language }) => {
                Literal::new_language_tagged_literal_unchecked(value, language.to_ascii_lowercase())
                    .into()
            }
            rio::Term::Literal(rio::Literal::Typed { value, datatype }) => {
                Literal::new_typed_literal(value, self.named_node(datatype)?).into()
            }
            rio::Term::Triple(_) => return Err(Refusal::QuotedTriple),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        Vocabulary::from_subjects(["https://entente.example/ontology#Actor"])
    }

    fn parse_text(text: &str, format: Format) -> Result<Vec<Quad>, InputError> {
        let mut quads = Vec::new();
        parse(
            "t.ttl",
            text.as_bytes(),
            format,
            &vocabulary(),
            &GraphName::DefaultGraph,
            |q| quads.push(q),
        )?;
        Ok(quads)
    }

    #[test]
    fn syntax_error_position_is_one_based_line_and_character_column() {
        let text = "@prefix ex: <http://ex/> .\nex:Ամ ex:p \"x\" ;; ?\n";
        let e = parse_text(text, Format::Turtle).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert_eq!(e.column, 19, "{e}");
        assert!(e.to_string().starts_with("t.ttl:2:"), "{e}");
    }

    #[test]
    fn undeclared_ent_term_is_named_with_its_position() {
        let text = "@prefix ent: <https://entente.example/ontology#> .\n<http://ex/a> a ent:Actor .\n<http://ex/a> ent:mediatedBy <http://ex/b> .\n";
        let e = parse_text(text, Format::Turtle).unwrap_err();
        assert_eq!((e.line, e.column), (3, 15), "{e}");
        assert!(e.message.contains("ent:mediatedBy"), "{e}");
    }

    #[test]
    fn an_undeclared_term_reached_through_base_is_placed() {
        let text = "@base <https://entente.example/ontology> .\n<http://ex/a>\n  <#mediatedBy> <http://ex/b> .\n";
        let e = parse_text(text, Format::Turtle).unwrap_err();
        assert_eq!((e.line, e.column), (3, 3), "{e}");
        assert!(e.message.contains("ent:mediatedBy"), "{e}");
    }

    #[test]
    fn an_undeclared_term_written_with_an_escape_is_placed() {
        let text = "@prefix ent: <https://entente.example/ontology#> .\n<http://ex/a> a ent:Actor ;\n ent:medi\\-ated <http://ex/b> .\n";
        let e = parse_text(text, Format::Turtle).unwrap_err();
        assert_eq!((e.line, e.column), (3, 2), "{e}");
        assert!(e.message.contains("ent:medi-ated"), "{e}");
        let text =
            "<http://ex/a> <https://entente.example/ontology#medi\\u0061ted> <http://ex/b> .\n";
        let e = parse_text(text, Format::NTriples).unwrap_err();
        assert_eq!((e.line, e.column), (1, 15), "{e}");
    }

    #[test]
    fn an_undeclared_term_is_placed_at_its_use_not_in_a_comment_string_or_prefix() {
        let text = "@prefix ent: <https://entente.example/ontology#> .\n@prefix m: <https://entente.example/ontology#mediatedBy> .\n# ent:mediatedBy is wrong\n<http://ex/a> <http://ex/p> \"ent:mediatedBy <https://entente.example/ontology#mediatedBy>\" .\n<http://ex/a> ent:mediatedBy <http://ex/b> .\n<http://ex/a> ent:mediatedBy <http://ex/c> .\n";
        let e = parse_text(text, Format::Turtle).unwrap_err();
        assert_eq!((e.line, e.column), (5, 15), "{e}");
    }

    #[test]
    fn an_rdf_star_refusal_is_placed_not_on_line_0() {
        let text = "<http://ex/a> <http://ex/p> <http://ex/b> .\n# << not this\n<http://ex/a> <http://ex/p> \"<<\" .\n  << <http://ex/a> <http://ex/p> <http://ex/b> >> <http://ex/q> <http://ex/c> .\n";
        for format in [Format::Turtle, Format::NTriples] {
            let e = parse_text(text, format).unwrap_err();
            assert_eq!((e.line, e.column), (4, 3), "{format:?}: {e}");
            assert!(e.message.contains("RDF-star"), "{e}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let text = "\u{feff}<http://ex/a> <http://ex/p> <http://ex/b> .\n";
        assert_eq!(parse_text(text, Format::Turtle).unwrap().len(), 1);
    }

    #[test]
    fn nul_bytes_end_the_parse_with_their_line() {
        let text = "<http://ex/a> <http://ex/p> <http://ex/b> .\n\0\0\0";
        for format in [Format::NTriples, Format::Turtle] {
            let e = parse_text(text, format).unwrap_err();
            assert!(e.to_string().starts_with("t.ttl:2:1: a NUL byte"), "{e}");
        }
    }

    #[test]
    fn an_error_is_placed_from_the_bytes_read_once() {
        // Far past the window's start: the line is found all the same.
        let mut text = String::from("@prefix ent: <https://entente.example/ontology#> .\n");
        for i in 0..80_000 {
            text.push_str(&format!("<http://ex/a{i}> a ent:Actor .\n"));
        }
        text.push_str("<http://ex/z> ent:mediatedBy <http://ex/b> .\n");
        let e = parse_text(&text, Format::Turtle).unwrap_err();
        assert_eq!((e.line, e.column), (80_002, 15), "{e}");
    }

    #[test]
    fn blank_nodes_are_fresh_per_parse() {
        let text = "_:a <http://ex/p> _:a .\n";
        let one = parse_text(text, Format::NTriples).unwrap();
        let two = parse_text(text, Format::NTriples).unwrap();
        assert_eq!(one[0].subject, one[0].object.clone().try_into().unwrap());
        assert_ne!(one[0].subject, two[0].subject);
    }

    #[test]
    fn trig_graphs_and_language_tags_survive() {
        let text = "<http://ex/g> { <http://ex/a> <http://ex/p> \"Bakı\"@AZ }";
        let quads = parse_text(text, Format::TriG).unwrap();
        assert_eq!(quads[0].graph_name.to_string(), "<http://ex/g>");
        assert_eq!(quads[0].object.to_string(), "\"Bakı\"@az");
    }
}
