//! Tabular data in: CSV files read into the store through mappings.
//!
//! A mapping is a SPARQL CONSTRUCT query whose variables are the CSV's
//! column names, evaluated once per row, in the style of
//! [tarql](https://tarql.github.io/): every cell is bound as a plain string
//! literal (`xsd:string`) to the variable named after its column, an empty
//! cell leaves the variable unbound, and the triples the template yields for
//! all rows go into one named graph, added all or nothing.
//!
//! The rows are evaluated in chunks ([`CHUNK_ROWS`] rows per query) through
//! [`KnowledgeGraph::query_rows`], which joins them as a `VALUES` block at the
//! root of the WHERE pattern, against the store: a mapping can look up
//! existing actors (the COW mapping links a COW state code to the seed's
//! `id:Armenia` through `ent:cowCode`). Two consequences for authors:
//!
//! - BIND and FILTER see the row (the `VALUES` block is joined below them),
//!   exactly as in tarql.
//! - A graph pattern is evaluated on its own and then joined with the rows
//!   (standard SPARQL, bottom-up), so `OPTIONAL { ?known ent:cowCode ?ccode }`
//!   does *not* keep the rows whose code the store does not know: it drops
//!   them. Write a lookup as a union with an empty group and a filter, as
//!   `mappings/cow-alliances.rq` does:
//!   `{ ?known ent:cowCode ?ccode } UNION { }
//!    FILTER (BOUND(?known) || NOT EXISTS { ?other ent:cowCode ?ccode })`.
//!
//! Besides the columns, two variables are bound in every row (unless a
//! column has that name): `?ROWNUM`, the row's number (1 for the first row
//! after the header, as in tarql, an `xsd:integer`), and `?GRAPH`, the IRI of
//! the target graph, so that a mapping can describe its own claim bundle
//! (`?GRAPH a prov:Bundle ; prov:wasAttributedTo …`).
//!
//! Reading a CSV file:
//! - The file is decoded as UTF-8 (a leading byte-order mark is dropped);
//!   a file that is not valid UTF-8 is decoded as ISO-8859-1 (latin-1) as a
//!   whole, each byte one character, as older data sets such as CWM.csv are.
//! - Header names become variable names: surrounding spaces are trimmed
//!   (UCDP's `ref ` is `?ref`), every character that a SPARQL variable name
//!   cannot hold becomes `_` (`pa-date` is `?pa_date`), a second column with
//!   the same name gets `_2`, `_3`…; a column with an empty name (the
//!   trailing comma of the UCDP header) is not bound.
//! - A row with more or fewer fields than the header is an error
//!   `FILE:LINE: …`, and nothing of any file is loaded.
//!
//! Mappings must not yield blank nodes: a blank node gets a fresh identity on
//! every import, so importing a file twice would duplicate its facts. A
//! blank node in the template is refused when the mapping is read; build
//! IRIs with `IRI(CONCAT(STR(id:), "cow-alliance-", ?version4id))` instead.

use crate::error::{invalid, Context, Error, Result};
use crate::ingest::InputError;
use crate::progress::{Progress, Silent, Unit};
use crate::store::{KnowledgeGraph, LoadReport};
use crate::vocab;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{
    GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term, Triple, Variable,
};
use oxigraph::sparql::QueryResults;
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// Rows evaluated per query: large enough that the per-query cost vanishes,
/// small enough that one `VALUES` block stays cheap to join.
pub const CHUNK_ROWS: usize = 5_000;

/// The mappings shipped with entente, compiled in (`mappings/*.rq`, embedded
/// by `build.rs` like the queries): (path, text).
pub use crate::vocab::MAPPING_FILES as MAPPINGS;

/// A CSV → RDF mapping: a CONSTRUCT query and what its header comment says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// The file name without `.rq`: `cow-alliances`…
    pub name: String,
    /// `# title:`
    pub title: String,
    /// `# description:`
    pub description: String,
    /// `# dataset:` the CSV file name the mapping fits.
    pub dataset: Option<String>,
    /// `# graph:` the IRI of the named graph its triples go to by default.
    pub graph: Option<String>,
    /// `# citation:` how to cite the data set.
    pub citation: Option<String>,
    /// `# licence:` the data set's terms.
    pub licence: Option<String>,
    /// The CONSTRUCT query.
    pub sparql: String,
}

impl Mapping {
    /// Reads a mapping: its header comment lines (`# title: …`,
    /// `# description: …`, `# dataset: …`, `# graph: …`, `# citation: …`,
    /// `# licence: …`) and its query, which must be a CONSTRUCT without
    /// blank nodes in its template.
    pub fn parse(name: &str, sparql: &str) -> Result<Self> {
        let mut mapping = Mapping {
            name: name.to_owned(),
            title: String::new(),
            description: String::new(),
            dataset: None,
            graph: None,
            citation: None,
            licence: None,
            sparql: sparql.to_owned(),
        };
        for (key, value) in crate::queries::header(sparql) {
            let value = value.to_owned();
            match key {
                "title" => mapping.title = value,
                "description" => mapping.description = value,
                "dataset" => mapping.dataset = Some(value),
                "graph" => mapping.graph = Some(value),
                "citation" => mapping.citation = Some(value),
                "licence" | "license" => mapping.licence = Some(value),
                _ => {}
            }
        }
        let query = crate::queries::parse(sparql)
            .map_err(|e| e.context(format!("the mapping {name} is not valid SPARQL")))?;
        let spargebra::Query::Construct { template, .. } = query else {
            invalid!("the mapping {name} is not a CONSTRUCT query");
        };
        for pattern in &template {
            if [&pattern.subject, &pattern.object]
                .iter()
                .any(|t| matches!(t, spargebra::term::TermPattern::BlankNode(_)))
            {
                invalid!(
                    "the mapping {name} has a blank node in its template ({pattern}): importing a file twice would duplicate its facts; build an IRI with IRI(CONCAT(…)) instead"
                );
            }
        }
        if let Some(graph) = &mapping.graph {
            if NamedNode::new(graph.as_str()).is_err() {
                invalid!("the mapping {name}: `# graph:` is not an IRI");
            }
        }
        Ok(mapping)
    }

    /// The named graph the mapping's triples go to when the user names none:
    /// its `# graph:`, else `g:` followed by its name.
    pub fn default_graph(&self) -> NamedNode {
        self.graph
            .as_deref()
            .and_then(|g| NamedNode::new(g).ok())
            .unwrap_or_else(|| NamedNode::new_unchecked(format!("{}{}", vocab::GRAPH, self.name)))
    }
}

/// Every mapping shipped with entente.
pub fn all() -> Result<Vec<Mapping>> {
    MAPPINGS
        .iter()
        .map(|(path, text)| Mapping::parse(file_stem(path), text))
        .collect()
}

/// A shipped mapping by name (`cow-alliances`, with or without `.rq`).
pub fn named(name: &str) -> Result<Mapping> {
    let name = name.strip_suffix(".rq").unwrap_or(name);
    all()?
        .into_iter()
        .find(|m| m.name == name)
        .ok_or_else(|| Error::UnknownName {
            name: name.to_owned(),
            what: "mapping",
            known: "the mappings are (or give a .rq file)",
            closest: MAPPINGS
                .iter()
                .map(|(p, _)| file_stem(p).to_owned())
                .collect(),
        })
}

/// What the user passed to `--mapping`: a `.rq` file, or a shipped mapping's name.
pub fn from_argument(argument: &str) -> Result<Mapping> {
    let path = Path::new(argument);
    if path.is_file() {
        let (name, text) = crate::queries::read_file(path)?;
        return Mapping::parse(&name, &text);
    }
    if argument.ends_with(".rq") && argument.contains(['/', '\\']) {
        return Err(Error::io(
            argument,
            std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
    }
    named(argument)
}

/// The shipped mapping whose `# dataset:` is this file's name, if one is.
pub fn for_file(csv: &Path) -> Result<Option<Mapping>> {
    let file_name = csv.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    Ok(all()?
        .into_iter()
        .find(|m| m.dataset.as_deref() == Some(file_name)))
}

/// A file name without its folder and `.rq`.
fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".rq").unwrap_or(name)
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub files: usize,
    /// Data rows read (the header not counted).
    pub rows: usize,
    /// Distinct quads the mapping yielded.
    pub quads: usize,
    /// Quads the store did not hold before (0 when the same file is
    /// imported again).
    pub added: usize,
    /// Quads in the store after the import (the rules' shortcuts included).
    pub store_size: usize,
}

/// How [`import_files`] imports.
#[derive(Clone, Copy)]
pub struct ImportOptions<'a> {
    /// Told of the rows mapped, file by file.
    pub progress: &'a dyn Progress,
}

impl Default for ImportOptions<'_> {
    fn default() -> Self {
        ImportOptions { progress: &Silent }
    }
}

/// Imports one CSV file through a mapping into `target_graph`, all or
/// nothing: see [`import_files`].
///
/// ```
/// use std::path::Path;
/// let graph = entente::store::KnowledgeGraph::with_seed_data()?;
/// let mapping = entente::import::named("cow-alliances")?;
/// let csv = Path::new("datasets/cow_alliance_v4.1_by_member.csv");
/// let report = entente::import::import(&graph, csv, &mapping, mapping.default_graph())?;
/// assert_eq!(report.rows, 1221);
/// # Ok::<(), entente::Error>(())
/// ```
pub fn import(
    graph: &KnowledgeGraph,
    csv: &Path,
    mapping: &Mapping,
    target_graph: NamedNode,
) -> Result<ImportReport> {
    import_files(
        graph,
        &[csv],
        mapping,
        &target_graph,
        &ImportOptions::default(),
    )
    .map(|(report, _)| report)
}

/// Imports CSV files through a mapping into `target_graph`: every file is
/// read and mapped before anything is added, then the quads go in at once
/// after the ontology's vocabulary check, so a malformed row or an
/// undeclared `ent:` term anywhere leaves the store unchanged. Returns the
/// report and the quads (for `--output`).
pub fn import_files(
    graph: &KnowledgeGraph,
    files: &[&Path],
    mapping: &Mapping,
    target_graph: &NamedNode,
    options: &ImportOptions,
) -> Result<(ImportReport, Vec<Quad>)> {
    let mut quads = Vec::new();
    let mut seen = HashSet::new();
    let mut rows = 0;
    for file in files {
        rows += map_file(
            graph,
            file,
            mapping,
            target_graph,
            options.progress,
            &mut |quad| {
                if seen.insert(quad.clone()) {
                    quads.push(quad);
                }
            },
        )?;
    }
    let mut added = 0;
    for quad in &quads {
        if !graph.store().contains(quad)? {
            added += 1;
        }
    }
    let origin = files
        .iter()
        .map(|f| f.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let LoadReport { store_size, .. } = graph
        .insert(
            quads.clone(),
            &format!("{origin} (mapping {})", mapping.name),
        )
        .with_context(|| format!("the mapping {} yields a term", mapping.name))?;
    Ok((
        ImportReport {
            files: files.len(),
            rows,
            quads: quads.len(),
            added,
            store_size,
        },
        quads,
    ))
}

/// Reads one CSV file and hands the mapping's quads to `emit`; returns the
/// number of data rows.
fn map_file(
    graph: &KnowledgeGraph,
    path: &Path,
    mapping: &Mapping,
    target_graph: &NamedNode,
    progress: &dyn Progress,
    emit: &mut dyn FnMut(Quad),
) -> Result<usize> {
    let table = read_csv(path)?;
    let mut variables = table.variables.clone();
    let special: Vec<&str> = ["ROWNUM", "GRAPH"]
        .into_iter()
        .filter(|v| !variables.iter().any(|c| c == v))
        .collect();
    variables.extend(special.iter().map(|v| (*v).to_owned()));
    progress.start(
        &path.display().to_string(),
        table.rows.len() as u64,
        Unit::Rows,
    );
    // Told once on every way out, an error included.
    struct Finish<'a>(&'a dyn Progress);
    impl Drop for Finish<'_> {
        fn drop(&mut self) {
            self.0.finish();
        }
    }
    let _finish = Finish(progress);
    let graph_term: Term = target_graph.clone().into();
    let graph_name = GraphName::NamedNode(target_graph.clone());
    let mut first_row = 1usize;
    for chunk in table.rows.chunks(CHUNK_ROWS) {
        let bindings: Vec<Vec<Option<Term>>> = chunk
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let mut row = row.clone();
                for name in &special {
                    row.push(Some(match *name {
                        "ROWNUM" => Literal::from((first_row + i) as i64).into(),
                        _ => graph_term.clone(),
                    }));
                }
                row
            })
            .collect();
        let results = graph
            .query_rows(&mapping.sparql, &variables, &bindings)
            .with_context(|| format!("in the mapping {}", mapping.name))?;
        let QueryResults::Graph(triples) = results else {
            invalid!("the mapping {} is not a CONSTRUCT query", mapping.name);
        };
        for triple in triples {
            graph.ensure_time_left()?;
            let Triple {
                subject,
                predicate,
                object,
            } = triple.with_context(|| format!("in the mapping {}", mapping.name))?;
            if matches!(subject, NamedOrBlankNode::BlankNode(_))
                || matches!(object, Term::BlankNode(_))
            {
                invalid!(
                    "the mapping {} yields a blank node (BNODE()?): importing {} twice would duplicate its facts; build IRIs instead",
                    mapping.name,
                    path.display()
                );
            }
            emit(Quad::new(subject, predicate, object, graph_name.clone()));
        }
        first_row += chunk.len();
        progress.advance(chunk.len() as u64);
    }
    Ok(table.rows.len())
}

/// A CSV file read into terms: one SPARQL variable per named column, one row
/// of plain literals per record (empty cells unbound).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub variables: Vec<String>,
    pub rows: Vec<Vec<Option<Term>>>,
    /// Whether the bytes were not UTF-8 and were read as latin-1.
    pub latin1: bool,
}

/// Reads a CSV file (see the module documentation for decoding and names).
pub fn read_csv(path: &Path) -> Result<Table> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_csv(&bytes, &path.display().to_string())
}

/// Parses CSV bytes; `origin` names the file in errors.
pub fn parse_csv(bytes: &[u8], origin: &str) -> Result<Table> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let latin1 = std::str::from_utf8(bytes).is_err();
    let decode = |field: &[u8]| -> String {
        if latin1 {
            field.iter().map(|&b| char::from(b)).collect()
        } else {
            String::from_utf8_lossy(field).into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let header = reader
        .byte_headers()
        .map_err(|e| csv_error(origin, &e))?
        .clone();
    if header.is_empty() {
        return Err(InputError {
            file: origin.to_owned(),
            line: 1,
            column: 0,
            message: "empty file, no header row".to_owned(),
        }
        .into());
    }
    // (column index, variable name) for the columns that are bound.
    let mut columns: Vec<(usize, String)> = Vec::new();
    let mut taken: HashSet<String> = HashSet::new();
    for (index, name) in header.iter().enumerate() {
        let Some(base) = variable_name(&decode(name)) else {
            continue;
        };
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        columns.push((index, name));
    }
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(origin, &e)),
        }
        rows.push(
            columns
                .iter()
                .map(|(index, _)| {
                    let cell = &record[*index];
                    (!cell.is_empty()).then(|| Literal::new_simple_literal(decode(cell)).into())
                })
                .collect(),
        );
    }
    Ok(Table {
        variables: columns.into_iter().map(|(_, n)| n).collect(),
        rows,
        latin1,
    })
}

/// The SPARQL variable for a column name (see the module documentation), or
/// `None` for an empty name.
pub fn variable_name(column: &str) -> Option<String> {
    let trimmed = column.trim();
    if trimmed.is_empty() {
        return None;
    }
    let name: String = trimmed
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let valid = if i == 0 {
                is_first_char(c)
            } else {
                is_first_char(c)
                    || c == '\u{B7}'
                    || ('\u{300}'..='\u{36F}').contains(&c)
                    || ('\u{203F}'..='\u{2040}').contains(&c)
            };
            if valid {
                c
            } else {
                '_'
            }
        })
        .collect();
    debug_assert!(Variable::new(&name).is_ok(), "{name}");
    Some(name)
}

/// VARNAME's first character: PN_CHARS_U or a digit.
fn is_first_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '_'
        || matches!(c,
            '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}'
            | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}'
            | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}'
            | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// `FILE:LINE: message` for a CSV error.
fn csv_error(origin: &str, error: &csv::Error) -> Error {
    let line = error.position().map(|p| p.line());
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} fields, the header has {expected_len}"),
        _ => error.to_string(),
    };
    InputError {
        file: origin.to_owned(),
        line: line.unwrap_or(0),
        column: 0,
        message,
    }
    .into()
}

/// Writes quads as TriG, with the project's prefixes, sorted by subject
/// (so each node's statements sit together and the file diffs well).
pub fn write_trig(quads: &[Quad], out: impl Write) -> std::io::Result<()> {
    let mut sorted: Vec<&Quad> = quads.iter().collect();
    sorted.sort_by_cached_key(|q| {
        (
            q.graph_name.to_string(),
            q.subject.to_string(),
            q.predicate.as_str() != RDF_TYPE,
            q.predicate.to_string(),
            q.object.to_string(),
        )
    });
    let mut serializer = RdfSerializer::from_format(RdfFormat::TriG);
    for (prefix, namespace) in vocab::PREFIXES {
        serializer = serializer
            .with_prefix(*prefix, *namespace)
            .expect("the project's prefixes are valid IRIs");
    }
    let mut writer = serializer.for_writer(out);
    for quad in sorted {
        writer.serialize_quad(quad)?;
    }
    writer.finish()?;
    Ok(())
}
