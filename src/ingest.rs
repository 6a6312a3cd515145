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
    Unsupported(String),
}

impl From<TurtleError> for Refusal {
    fn from(e: TurtleError) -> Self {
        Self::Syntax(e)
    }
}

/// Parses one file's text or stream, checking every `ent:` term against the
/// ontology, and hands each quad to `sink`. Triples go to `graph`
/// (the default graph unless the caller says otherwise).
///
/// `text` gives the file's text again when an error needs a position
/// (called only on error).
pub fn parse(
    file: &str,
    reader: impl BufRead,
    format: Format,
    vocabulary: &Vocabulary,
    graph: &GraphName,
    text: impl FnOnce() -> Option<String>,
    mut sink: impl FnMut(Quad),
) -> Result<u64, InputError> {
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
    let result = match format {
        Format::Turtle => TurtleParser::new(reader, None).parse_all(&mut on_triple),
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
                TriGParser::new(reader, None).parse_all(&mut on_quad)
            } else {
                NQuadsParser::new(reader).parse_all(&mut on_quad)
            }
        }
    };
    match result {
        Ok(()) => Ok(count),
        Err(refusal) => Err(locate(file, refusal, vocabulary, text)),
    }
}

/// Turns a refusal into an error with file, line and column.
fn locate(
    file: &str,
    refusal: Refusal,
    vocabulary: &Vocabulary,
    text: impl FnOnce() -> Option<String>,
) -> InputError {
    match refusal {
        Refusal::Syntax(e) => {
            let message = syntax_message(&e);
            let (line, column) = match e.textual_position() {
                // rio gives 1-based lines and 1-based byte offsets within them.
                Some(p) => {
                    let line = p.line_number().max(1);
                    let column = text()
                        .and_then(|t| t.lines().nth(line as usize - 1).map(str::to_owned))
                        .map(|l| char_column(&l, p.byte_number()))
                        .unwrap_or(p.byte_number());
                    (line, column)
                }
                None => (0, 0),
            };
            InputError {
                file: file.to_owned(),
                line,
                column,
                message,
            }
        }
        Refusal::UndeclaredTerm(iri) => {
            let (line, column) = text().map(|t| find_term(&t, &iri)).unwrap_or((0, 0));
            InputError {
                file: file.to_owned(),
                line,
                column,
                message: vocabulary.refusal(&iri),
            }
        }
        Refusal::Unsupported(what) => InputError {
            file: file.to_owned(),
            line: 0,
            column: 0,
            message: what,
        },
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

/// Where an IRI first appears in a text: as `<IRI>` or as `prefix:local`
/// for any prefix bound to its namespace.
fn find_term(text: &str, iri: &str) -> (u64, u64) {
    let (namespace, local) = match iri.rfind(['#', '/']) {
        Some(i) => iri.split_at(i + 1),
        None => (iri, ""),
    };
    let mut prefixes = Vec::new();
    for line in text.lines() {
        let l = line.trim_start();
        let rest = l
            .strip_prefix("@prefix")
            .or_else(|| l.strip_prefix("PREFIX"))
            .or_else(|| l.strip_prefix("prefix"));
        if let Some(rest) = rest {
            if let Some((name, ns)) = rest.split_once(':') {
                if ns
                    .trim()
                    .trim_end_matches('.')
                    .trim()
                    .trim_matches(['<', '>'])
                    == namespace
                {
                    prefixes.push(format!("{}:{local}", name.trim()));
                }
            }
        }
    }
    let full = format!("<{iri}>");
    for (n, line) in text.lines().enumerate() {
        let mut candidates = vec![full.as_str()];
        candidates.extend(prefixes.iter().map(String::as_str));
        for needle in candidates {
            let mut from = 0;
            while let Some(i) = line[from..].find(needle).map(|i| i + from) {
                let before_ok = line[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-'));
                let after_ok = line[i + needle.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-' || c == ':'));
                if before_ok && after_ok && !line[..i].contains('#') {
                    return (n as u64 + 1, line[..i].chars().count() as u64 + 1);
                }
                from = i + needle.len();
            }
        }
    }
    (0, 0)
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
            rio::Subject::Triple(_) => {
                return Err(Refusal::Unsupported(
                    "RDF-star quoted triples are not supported".into(),
                ))
            }
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
            rio::Term::Triple(_) => {
                return Err(Refusal::Unsupported(
                    "RDF-star quoted triples are not supported".into(),
                ))
            }
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
            || Some(text.to_owned()),
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
