//! `entente check`: files validated against the ontology's shapes
//! (`ontology/shapes.ttl`, and a user's own) before they are loaded.
//!
//! It owns what makes data reusable beyond "it parses": values of the right
//! kind and datatype (SHACL, evaluated by the rudof project's engine), valid
//! lexical forms, a `prov:Bundle` for every named graph, no blank nodes, and
//! no IRI of the project's `id:` space that is typed and labelled nowhere (a
//! misspelt actor). Each finding says where it stands in its file. It never
//! prints and never changes a store it did not make.

use crate::error::{invalid, Error, Result};
use crate::ingest::{self, Format};
use crate::store::KnowledgeGraph;
use crate::text;
use crate::vocab::{self, Vocabulary};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

/// The shapes shipped with entente.
pub const SHAPES: (&str, &str) = (
    "ontology/shapes.ttl",
    include_str!("../ontology/shapes.ttl"),
);

/// Files larger than this are refused: `check` keeps each file's text to
/// place its findings.
pub const MAX_FILE: u64 = 512 << 20;

/// One thing `check` found, placed in its file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    pub file: String,
    /// 1-based line, 0 when the place is unknown.
    pub line: u64,
    /// 1-based column in characters, 0 when unknown.
    pub column: u64,
    /// The rule: a shape's name, or one of `lexical form`, `bundle`,
    /// `blank node`, `unknown actor`.
    pub rule: String,
    /// The node the finding is about.
    pub focus: String,
    pub message: String,
}

/// A file to check: its name as shown, its bytes, and its text (for
/// placing findings; bytes that are not UTF-8 are the parser's to refuse,
/// with their place).
pub struct CheckedFile {
    pub name: String,
    bytes: Vec<u8>,
    text: String,
}

impl CheckedFile {
    /// A file held in memory.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        let bytes = bytes.into();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        CheckedFile {
            name: name.into(),
            bytes,
            text,
        }
    }

    /// Reads a file whole (at most [`MAX_FILE`] bytes).
    pub fn read(path: &Path) -> Result<Self> {
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut bytes = Vec::new();
        file.take(MAX_FILE + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(path, e))?;
        if bytes.len() as u64 > MAX_FILE {
            invalid!(
                "{name}: larger than {} MiB, more than `entente check` keeps to place its findings",
                MAX_FILE >> 20
            );
        }
        Ok(CheckedFile::new(name, bytes))
    }
}

/// Checks `files` in the context of `graph` (the ontology, the embedded
/// data, `--with` files), which receives them: pass a store of your own
/// that may change. `shapes` are extra shape files besides [`SHAPES`].
/// A file that does not parse, or uses an undeclared `ent:` term, is an
/// error, as for a load; everything else is a [`Finding`].
///
/// ```
/// use entente::store::KnowledgeGraph;
/// use entente::validate::{check, CheckedFile};
///
/// let graph = KnowledgeGraph::with_seed_data()?;
/// let file = CheckedFile::new(
///     "new.ttl",
///     "@prefix ent: <https://entente.example/ontology#> .\n\
///      @prefix id: <https://entente.example/id/> .\n\
///      id:Talks a ent:Talks ; ent:participant id:Armenai .\n",
/// );
/// let findings = check(&graph, &[file], &[])?;
/// assert_eq!(findings[0].rule, "unknown actor");
/// assert!(findings[0].message.contains("id:Armenia"), "{}", findings[0].message);
/// assert_eq!((findings[0].line, findings[0].column), (3, 40));
/// # Ok::<(), entente::Error>(())
/// ```
pub fn check(
    graph: &KnowledgeGraph,
    files: &[CheckedFile],
    shapes: &[CheckedFile],
) -> Result<Vec<Finding>> {
    let mut parsed = Vec::new();
    for file in files {
        let quads = parse(file, graph.vocabulary())?;
        parsed.push(quads);
    }
    let places: Vec<Places> = files.iter().map(|f| Places::new(&f.text)).collect();
    let mut findings = Vec::new();
    for ((file, quads), places) in files.iter().zip(&parsed).zip(&places) {
        lexical_forms(file, quads, places, &mut findings);
        blank_nodes(file, quads, places, &mut findings);
    }
    let all: Vec<Quad> = parsed.iter().flatten().cloned().collect();
    if !all.is_empty() {
        graph.insert(all, "the checked files")?;
    }
    for ((file, quads), places) in files.iter().zip(&parsed).zip(&places) {
        bundles(graph, file, quads, places, &mut findings)?;
    }
    let mut shape_text = String::from(SHAPES.1);
    for extra in shapes {
        shape_text.push('\n');
        shape_text.push_str(&extra.text);
    }
    shacl(graph, files, &parsed, &places, &shape_text, &mut findings)?;
    // One finding per place and rule: where a shape fails on two of its
    // constraints (an IRI of the class: a string is neither), the shape's
    // own message is kept over the engine's.
    findings.sort_by_key(|f| {
        let engine_words = !f
            .message
            .rsplit(": ")
            .next()
            .is_some_and(|m| shape_text.contains(m));
        (
            f.file.clone(),
            f.line,
            f.column,
            f.rule.clone(),
            engine_words,
        )
    });
    findings.dedup_by(|b, a| {
        (&a.file, a.line, a.column, &a.rule) == (&b.file, b.line, b.column, &b.rule)
    });
    Ok(findings)
}

fn parse(file: &CheckedFile, vocabulary: &Vocabulary) -> Result<Vec<Quad>> {
    let Some(format) = Format::from_path(Path::new(&file.name)) else {
        invalid!(
            "{}: unknown RDF syntax (expected .ttl, .trig, .nt or .nq)",
            file.name
        );
    };
    let default: GraphName = NamedNode::new_unchecked(format!(
        "{}file/{}",
        vocab::GRAPH,
        crate::store::iri_path(&file.name)
    ))
    .into();
    let mut quads = Vec::new();
    ingest::parse(
        &file.name,
        file.bytes.as_slice(),
        format,
        vocabulary,
        &default,
        |q| quads.push(q),
    )?;
    Ok(quads)
}

/// Literals whose lexical form is not valid for their datatype
/// (`"2023-13-45"^^xsd:date`): the store keeps them, every comparison
/// and every `--as-of` then misreads them.
fn lexical_forms(file: &CheckedFile, quads: &[Quad], places: &Places, out: &mut Vec<Finding>) {
    for quad in quads {
        let Term::Literal(literal) = &quad.object else {
            continue;
        };
        let value = literal.value();
        let invalid = vocab::invalid_lexical_form(literal);
        if let Some(datatype) = invalid {
            let (line, column) = places.statement(quad);
            out.push(Finding {
                file: file.name.clone(),
                line,
                column,
                rule: "lexical form".into(),
                focus: shown(&quad.subject.clone().into()),
                message: format!("\"{value}\" is not a valid {datatype}"),
            });
        }
    }
}

/// Blank nodes: a reload of the file makes new nodes, so facts about them
/// cannot be corrected or referred to from another source.
fn blank_nodes(file: &CheckedFile, quads: &[Quad], places: &Places, out: &mut Vec<Finding>) {
    let count = quads
        .iter()
        .filter(|q| {
            matches!(q.subject, NamedOrBlankNode::BlankNode(_))
                || matches!(q.object, Term::BlankNode(_))
        })
        .count();
    if count > 0 {
        let (line, column) = places.first_blank_node();
        out.push(Finding {
            file: file.name.clone(),
            line,
            column,
            rule: "blank node".into(),
            focus: String::new(),
            message: format!(
                "{count} statement{} with blank nodes: a reload makes new nodes; name them with IRIs (id:…)",
                if count == 1 { "" } else { "s" }
            ),
        });
    }
}

/// Named graphs that no `prov:Bundle` describes: their claims would have no
/// source (`claims`, `--source`).
fn bundles(
    graph: &KnowledgeGraph,
    file: &CheckedFile,
    quads: &[Quad],
    places: &Places,
    out: &mut Vec<Finding>,
) -> Result<()> {
    let own = format!("{}file/", vocab::GRAPH);
    let mut seen = HashSet::new();
    for quad in quads {
        let GraphName::NamedNode(name) = &quad.graph_name else {
            continue;
        };
        if name.as_str().starts_with(&own) || !seen.insert(name.clone()) {
            continue;
        }
        let described = matches!(
            graph.query(
                "ASK { ?graph a ?class . ?class rdfs:subClassOf* prov:Bundle }",
                &[("graph".to_owned(), name.clone().into())],
            )?,
            oxigraph::sparql::QueryResults::Boolean(true)
        );
        if !described {
            let (line, column) = places.first(&Term::from(name.clone()));
            out.push(Finding {
                file: file.name.clone(),
                line,
                column,
                rule: "bundle".into(),
                focus: shown(&name.clone().into()),
                message: format!(
                    "the named graph {} has no prov:Bundle description: say who claims it (a, prov:Bundle; prov:wasAttributedTo …)",
                    shown(&name.clone().into())
                ),
            });
        }
    }
    Ok(())
}

/// The SHACL shapes over the whole store; a result is kept when its
/// statement comes from a checked file.
fn shacl(
    graph: &KnowledgeGraph,
    files: &[CheckedFile],
    parsed: &[Vec<Quad>],
    places: &[Places],
    shape_text: &str,
    out: &mut Vec<Finding>,
) -> Result<()> {
    use rudof_rdf::rdf_core::RDFFormat;
    use rudof_rdf::rdf_impl::{OxigraphInMemory, ReaderMode};
    use shacl::validator::processor::{GraphValidation, ShaclProcessor};
    use shacl::validator::store::{Graph, ShaclDataManager};
    use shacl::validator::{ShaclConfig, ShaclValidationMode};

    let schema = ShaclDataManager::load(
        &mut shape_text.as_bytes(),
        "shapes",
        &RDFFormat::Turtle,
        None,
    )
    .map_err(|e| Error::Invalid(format!("the shapes do not read as SHACL: {e}")))?;
    let mut data = Vec::new();
    for quad in graph.store().iter() {
        let quad = quad?;
        data.extend_from_slice(oxigraph::model::Triple::from(quad).to_string().as_bytes());
        data.extend_from_slice(b" .\n");
    }
    let data = OxigraphInMemory::from_reader(
        &mut data.as_slice(),
        "data",
        &RDFFormat::NTriples,
        None,
        &ReaderMode::default(),
    )
    .map_err(|e| Error::Invalid(format!("SHACL validation cannot read the data: {e}")))?;
    let mut validation = GraphValidation::new(Graph::from(data));
    let report = validation
        .validate(
            &schema,
            &ShaclValidationMode::Native,
            &ShaclConfig::default(),
        )
        .map_err(|e| Error::Invalid(format!("SHACL validation failed: {e}")))?;

    // Where each checked statement stands: (subject, predicate, object) →
    // its file and the statement.
    let mut statements: HashMap<(String, String, String), (usize, &Quad)> = HashMap::new();
    for (index, quads) in parsed.iter().enumerate() {
        for quad in quads {
            statements
                .entry((
                    quad.subject.to_string(),
                    quad.predicate.as_str().to_owned(),
                    object_key(&quad.object),
                ))
                .or_insert((index, quad));
        }
    }
    let known = known_nodes(graph)?;
    for result in report.results() {
        let focus = rudof_key(result.focus_node());
        let predicate = match result.path() {
            Some(rudof_rdf::rdf_core::SHACLPath::Predicate { pred }) => Some(pred.as_str()),
            _ => None,
        };
        // The shape's own sh:message over the engine's words (a result may
        // carry both, in a map without order).
        let mut messages: Vec<&String> = result.message().iter().map(|(_, m)| m).collect();
        messages.sort_by_key(|m| (!shape_text.contains(m.as_str()), m.as_str()));
        let message = messages
            .first()
            .map(|m| (*m).clone())
            .unwrap_or_else(|| "does not conform to its shape".to_owned());
        // A property shape is usually a blank node: it is then named by its path.
        let rule = match (result.source().map(rudof_key), predicate) {
            (Some(shape), _) if !shape.starts_with("_:") => compact(&shape),
            (_, Some(predicate)) => format!("shape ({})", compact(predicate)),
            _ => "shape".to_owned(),
        };
        if matches!(
            result.value(),
            Some(rudof_rdf::rdf_core::term::Object::BlankNode(_))
        ) {
            // A blank node where a thing is expected: the "blank node"
            // finding says it once for the file.
            continue;
        }
        let subject = format!("<{focus}>");
        let statement = match (predicate, result.value()) {
            (Some(predicate), Some(value)) => {
                let key = (subject.clone(), predicate.to_owned(), rudof_key(value));
                statements.get(&key).copied()
            }
            _ => None,
        };
        let Some((index, quad)) = statement else {
            if result.value().is_some() {
                // A statement of the context (the embedded data, --with
                // files, the rules' shortcuts), not of a checked file.
                continue;
            }
            // No value (a missing property): placed at the focus node, when
            // a checked file describes it.
            let Some((index, quad)) = parsed.iter().enumerate().find_map(|(i, quads)| {
                quads
                    .iter()
                    .find(|q| q.subject.to_string() == subject)
                    .map(|q| (i, q))
            }) else {
                continue;
            };
            let (line, column) = places[index].first(&quad.subject.clone().into());
            out.push(Finding {
                file: files[index].name.clone(),
                line,
                column,
                rule,
                focus: compact(&focus),
                message: format!("{}: {message}", compact(&focus)),
            });
            continue;
        };
        let file = &files[index];
        let (line, column) = places[index].statement(quad);
        let mut rule = rule;
        let mut message = format!(
            "{} {} {}: {message}",
            compact(&focus),
            compact(quad.predicate.as_str()),
            shown(&quad.object)
        );
        if let Term::NamedNode(value) = &quad.object {
            if value.as_str().starts_with(vocab::ID) && !known.contains(value.as_str()) {
                rule = "unknown actor".into();
                let candidates = known
                    .iter()
                    .filter(|iri| iri.starts_with(vocab::ID))
                    .map(|iri| compact(iri));
                let closest = text::closest(&compact(value.as_str()), candidates, 3);
                message = format!(
                    "{} is typed and labelled nowhere: a new, empty node, not a known actor",
                    compact(value.as_str())
                );
                if !closest.is_empty() {
                    message.push_str(&format!("; did you mean {}?", closest.join(", ")));
                }
            }
        }
        out.push(Finding {
            file: file.name.clone(),
            line,
            column,
            rule,
            focus: compact(&focus),
            message,
        });
    }
    Ok(())
}

/// IRIs that are typed or labelled somewhere in the store.
fn known_nodes(graph: &KnowledgeGraph) -> Result<HashSet<String>> {
    let rows = crate::rows::Rows::collect(graph.query(
        "SELECT DISTINCT ?node WHERE { { ?node a ?class } UNION { ?node rdfs:label ?label } FILTER (isIRI(?node)) }",
        &[],
    )?)?;
    Ok(rows
        .column("node")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|t: &Term| match t {
            Term::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        })
        .collect())
}

fn object_key(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_owned(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

fn rudof_key(object: &rudof_rdf::rdf_core::term::Object) -> String {
    use rudof_rdf::rdf_core::term::Object;
    match object {
        Object::Iri(iri) => iri.as_str().to_owned(),
        Object::BlankNode(b) => format!("_:{b}"),
        Object::Literal(l) => l.lexical_form(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

fn compact(iri: &str) -> String {
    vocab::compact(iri).unwrap_or_else(|| format!("<{iri}>"))
}

fn shown(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => compact(n.as_str()),
        Term::Literal(l) => match l.language() {
            Some(language) => format!("\"{}\"@{language}", l.value()),
            None if l.datatype().as_str() == format!("{}string", vocab::XSD) => {
                format!("\"{}\"", l.value())
            }
            None => format!("\"{}\"^^{}", l.value(), compact(l.datatype().as_str())),
        },
        other => other.to_string(),
    }
}

/// Places of terms in a file's text, by their written forms (`<iri>`,
/// `prefix:local` for the file's and the project's prefixes, `"value"`).
struct Places<'a> {
    text: &'a str,
    prefixes: Vec<(String, String)>,
}

impl<'a> Places<'a> {
    fn new(text: &'a str) -> Self {
        let mut prefixes: Vec<(String, String)> = vocab::PREFIXES
            .iter()
            .map(|(p, ns)| (p.to_string(), ns.to_string()))
            .collect();
        for line in text.lines() {
            let trimmed = line.trim_start();
            let rest = trimmed
                .strip_prefix("@prefix")
                .or_else(|| trimmed.strip_prefix("PREFIX"))
                .or_else(|| trimmed.strip_prefix("prefix"));
            let Some(rest) = rest else { continue };
            let Some((prefix, namespace)) = rest.split_once(':') else {
                continue;
            };
            let namespace = namespace.trim();
            if let (Some(start), Some(end)) = (namespace.find('<'), namespace.find('>')) {
                if start < end {
                    prefixes.push((
                        prefix.trim().to_owned(),
                        namespace[start + 1..end].to_owned(),
                    ));
                }
            }
        }
        Places { text, prefixes }
    }

    /// The written forms of a term.
    fn forms(&self, term: &Term) -> Vec<String> {
        match term {
            Term::NamedNode(n) => {
                let iri = n.as_str();
                let mut forms = vec![format!("<{iri}>")];
                for (prefix, namespace) in &self.prefixes {
                    if let Some(local) = iri.strip_prefix(namespace.as_str()) {
                        if !local.is_empty() {
                            forms.push(format!("{prefix}:{local}"));
                        }
                    }
                }
                forms
            }
            Term::Literal(l) => vec![format!("\"{}\"", l.value()), format!("'{}'", l.value())],
            _ => Vec::new(),
        }
    }

    /// The first place at or after `from` where one of `forms` stands as a
    /// whole name.
    fn find(&self, forms: &[String], from: usize) -> Option<usize> {
        let mut best: Option<usize> = None;
        for form in forms {
            let mut start = from;
            while let Some(i) = self.text.get(start..).and_then(|t| t.find(form.as_str())) {
                let at = start + i;
                let end = at + form.len();
                let before_ok = self.text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-' || c == ':'));
                let after_ok = form.ends_with(['>', '"', '\''])
                    || self.text[end..]
                        .chars()
                        .next()
                        .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-' || c == ':'));
                if before_ok && after_ok {
                    best = Some(best.map_or(at, |b| b.min(at)));
                    break;
                }
                start = end;
            }
        }
        best
    }

    fn line_column(&self, at: usize) -> (u64, u64) {
        let before = &self.text[..at];
        let line = before.matches('\n').count() as u64 + 1;
        let line_start = before.rfind('\n').map_or(0, |p| p + 1);
        (line, before[line_start..].chars().count() as u64 + 1)
    }

    /// The first place of a term, (0, 0) when it is not written as such.
    fn first(&self, term: &Term) -> (u64, u64) {
        self.find(&self.forms(term), 0)
            .map_or((0, 0), |at| self.line_column(at))
    }

    /// The place of a statement's object after its subject and predicate
    /// (or of the first of them found).
    fn statement(&self, quad: &Quad) -> (u64, u64) {
        let subject: Term = quad.subject.clone().into();
        let Some(s) = self.find(&self.forms(&subject), 0) else {
            return self.first(&quad.object);
        };
        let predicate: Term = quad.predicate.clone().into();
        let mut forms = self.forms(&predicate);
        if quad.predicate.as_str() == format!("{}type", vocab::RDF) {
            forms.push("a".into());
        }
        let p = self.find(&forms, s).unwrap_or(s);
        match self.find(&self.forms(&quad.object), p) {
            Some(o) => self.line_column(o),
            None => self.line_column(p),
        }
    }

    fn first_blank_node(&self) -> (u64, u64) {
        let candidates = [self.text.find("_:"), self.text.find('[')];
        candidates
            .into_iter()
            .flatten()
            .min()
            .map_or((0, 0), |at| self.line_column(at))
    }
}
