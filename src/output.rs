//! Writing answers: a table for people, the W3C SPARQL results formats
//! (CSV, TSV, JSON, XML) and RDF syntaxes for programs, to a writer the
//! caller gives.
//!
//! It owns the rendering of terms for people (labels instead of IRIs in
//! tables); it never builds questions and never decides where the answer
//! goes (a terminal, a pipe, an HTTP response). Machine formats are
//! Oxigraph's own serializers, untouched; analysis records keep their
//! numbers as numbers in JSON.

use crate::error::{invalid, Result};
use crate::rows::Rows;
use crate::store::KnowledgeGraph;
use crate::text::for_people;
use crate::vocab;
use comfy_table::{presets, ContentArrangement, Table};
use entente_graph::{Table as Records, Value};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Term, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;
use std::collections::{BTreeSet, HashMap};
use std::io::Write;

/// How an answer is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// A table for people: labels instead of IRIs.
    Table,
    /// W3C SPARQL results CSV.
    Csv,
    /// W3C SPARQL results TSV.
    Tsv,
    /// W3C SPARQL results JSON.
    Json,
    /// W3C SPARQL results XML.
    Xml,
    /// Turtle (CONSTRUCT/DESCRIBE).
    Turtle,
    /// N-Triples (CONSTRUCT/DESCRIBE).
    Ntriples,
    /// N-Quads (CONSTRUCT/DESCRIBE).
    Nquads,
    /// TriG (CONSTRUCT/DESCRIBE).
    Trig,
}

/// The longest cell of a table for people, in characters (the machine
/// formats carry the full value): a label of megabytes would take minutes
/// to lay out.
pub const CELL_MAX: usize = 200;

/// How tables for people are laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableStyle {
    /// Wrap to this many columns (default: no limit, or the terminal's
    /// width when comfy-table finds one).
    pub width: Option<u16>,
}

impl OutputFormat {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [OutputFormat; 9] = [
        Self::Table,
        Self::Csv,
        Self::Tsv,
        Self::Json,
        Self::Xml,
        Self::Turtle,
        Self::Ntriples,
        Self::Nquads,
        Self::Trig,
    ];

    /// The formats an analysis's records are written in.
    pub const RECORDS: [OutputFormat; 4] = [Self::Table, Self::Csv, Self::Tsv, Self::Json];

    /// The name a user gives it (`--format csv`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Csv => "csv",
            Self::Tsv => "tsv",
            Self::Json => "json",
            Self::Xml => "xml",
            Self::Turtle => "turtle",
            Self::Ntriples => "ntriples",
            Self::Nquads => "nquads",
            Self::Trig => "trig",
        }
    }

    /// The format of a name, as [`Self::name`] gives it.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    fn results_format(self) -> Option<QueryResultsFormat> {
        match self {
            Self::Csv => Some(QueryResultsFormat::Csv),
            Self::Tsv => Some(QueryResultsFormat::Tsv),
            Self::Json => Some(QueryResultsFormat::Json),
            Self::Xml => Some(QueryResultsFormat::Xml),
            _ => None,
        }
    }

    fn rdf_format(self) -> Option<RdfFormat> {
        match self {
            Self::Turtle | Self::Table => Some(RdfFormat::Turtle),
            Self::Ntriples => Some(RdfFormat::NTriples),
            Self::Nquads => Some(RdfFormat::NQuads),
            Self::Trig => Some(RdfFormat::TriG),
            _ => None,
        }
    }
}

/// Writes a query's answer in `format`; returns how many solutions or
/// triples it had (1 for an ASK), so a caller can tell "no answer" apart.
///
/// ```
/// use entente::output::{write, OutputFormat, TableStyle};
/// let graph = entente::store::KnowledgeGraph::with_seed_data()?;
/// let results = graph.query("SELECT ?s WHERE { ?s a ent:DeFactoState }", &[])?;
/// let mut csv = Vec::new();
/// let count = write(&graph, results, OutputFormat::Csv, TableStyle::default(), &mut csv)?;
/// assert_eq!(count, 1);
/// assert!(String::from_utf8(csv).unwrap().contains("id/NagornoKarabakh"));
/// # Ok::<(), entente::Error>(())
/// ```
pub fn write(
    graph: &KnowledgeGraph,
    results: QueryResults,
    format: OutputFormat,
    style: TableStyle,
    out: &mut dyn Write,
) -> Result<usize> {
    let mut count = usize::from(matches!(results, QueryResults::Boolean(_)));
    match results {
        QueryResults::Boolean(value) => match format.results_format() {
            Some(f) => {
                QueryResultsSerializer::from_format(f)
                    .serialize_boolean_to_writer(&mut *out, value)?;
            }
            None if format == OutputFormat::Table => {
                writeln!(out, "{}", if value { "yes" } else { "no" })?
            }
            None => invalid!("an ASK answer is printed as table, csv, tsv, json or xml"),
        },
        QueryResults::Solutions(solutions) => match format.results_format() {
            Some(f) => {
                let mut xml_safe = XmlText { inner: &mut *out };
                let out: &mut dyn Write = if f == QueryResultsFormat::Xml {
                    &mut xml_safe
                } else {
                    &mut *out
                };
                let variables = solutions.variables().to_vec();
                // An evaluation that fails at once (a SERVICE, a bad
                // function) fails before a header is written: nothing half.
                let mut solutions = solutions.peekable();
                if matches!(solutions.peek(), Some(Err(_))) {
                    solutions.next().transpose()?;
                }
                let mut serializer = QueryResultsSerializer::from_format(f)
                    .serialize_solutions_to_writer(out, variables)?;
                for solution in solutions {
                    graph.ensure_time_left()?;
                    serializer.serialize(&solution?)?;
                    count += 1;
                }
                serializer.finish()?;
            }
            None if format == OutputFormat::Table => {
                let rows = Rows::collect_while(QueryResults::Solutions(solutions), || {
                    graph.ensure_time_left()
                })?;
                count = rows.rows.len();
                write_table(graph, &rows, style, out)?;
            }
            None => invalid!("a SELECT answer is printed as table, csv, tsv, json or xml"),
        },
        QueryResults::Graph(triples) => {
            let Some(f) = format.rdf_format() else {
                invalid!(
                    "a CONSTRUCT or DESCRIBE answer is printed as turtle, ntriples, nquads or trig"
                );
            };
            let mut serializer = RdfSerializer::from_format(f);
            for (prefix, namespace) in vocab::PREFIXES {
                serializer = serializer
                    .with_prefix(*prefix, *namespace)
                    .expect("the project's prefixes are valid IRIs");
            }
            let mut triples = triples.peekable();
            if matches!(triples.peek(), Some(Err(_))) {
                triples.next().transpose()?;
            }
            let mut writer = serializer.for_writer(&mut *out);
            for triple in triples {
                graph.ensure_time_left()?;
                let triple: Triple = triple?;
                writer.serialize_triple(&triple)?;
                count += 1;
            }
            writer.finish()?;
        }
    }
    Ok(count)
}

/// A writer for XML 1.0, which cannot hold C0 control characters even as
/// character references: each becomes U+FFFD, so the document stays
/// well-formed (the CSV, TSV and JSON results keep the exact value). A C0
/// byte is never part of a longer UTF-8 sequence, so bytes can be replaced
/// one by one.
pub(crate) struct XmlText<'a> {
    pub(crate) inner: &'a mut dyn Write,
}

impl Write for XmlText<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let forbidden = |b: &u8| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
        let mut rest = buf;
        while let Some(at) = rest.iter().position(forbidden) {
            self.inner.write_all(&rest[..at])?;
            self.inner.write_all("\u{FFFD}".as_bytes())?;
            rest = &rest[at + 1..];
        }
        self.inner.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Prints rows as a table, IRIs shown by their labels.
pub fn write_table(
    graph: &KnowledgeGraph,
    rows: &Rows,
    style: TableStyle,
    out: &mut dyn Write,
) -> Result<()> {
    let labels = Labels::for_rows(graph, rows)?;
    let mut table = people_table(rows.variables.iter().map(|v| v.as_str()), style);
    for row in &rows.rows {
        table.add_row(row.iter().map(|t| {
            t.as_ref()
                .map(|t| for_people(&labels.show(t), CELL_MAX))
                .unwrap_or_default()
        }));
    }
    writeln!(out, "{table}")?;
    writeln!(
        out,
        "{} row{}",
        rows.rows.len(),
        if rows.rows.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}

/// An empty table for people with this header, in the project's style.
pub fn people_table<T: Into<comfy_table::Cell>>(
    header: impl IntoIterator<Item = T>,
    style: TableStyle,
) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(
            header
                .into_iter()
                .map(|h| comfy_table::Cell::from(for_people(&h.into().content(), CELL_MAX))),
        );
    if let Some(width) = style.width {
        table.set_width(width);
    }
    table
}

/// Labels of the IRIs an answer mentions, fetched in one query.
pub struct Labels {
    labels: HashMap<String, String>,
}

impl Labels {
    pub fn for_rows(graph: &KnowledgeGraph, rows: &Rows) -> Result<Self> {
        let iris: BTreeSet<&str> = rows
            .rows
            .iter()
            .flatten()
            .flatten()
            .filter_map(|t| match t {
                Term::NamedNode(n) => Some(n.as_str()),
                _ => None,
            })
            .collect();
        Self::for_iris(graph, iris)
    }

    /// Preferred English label, else any preferred label, else `rdfs:label`.
    pub fn for_iris<'a>(
        graph: &KnowledgeGraph,
        iris: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self> {
        let mut labels = HashMap::new();
        let iris: Vec<&str> = iris.into_iter().collect();
        // The IRIs are joined into the query's algebra as a VALUES table,
        // never pasted into its text.
        const LABELS: &str = "SELECT ?x (SAMPLE(?best) AS ?label) WHERE {
               { ?x skos:prefLabel ?best FILTER(LANGMATCHES(LANG(?best), 'en')) }
               UNION { ?x skos:prefLabel ?best FILTER(!LANGMATCHES(LANG(?best), 'en')) FILTER NOT EXISTS { ?x skos:prefLabel ?en FILTER(LANGMATCHES(LANG(?en), 'en')) } }
               UNION { ?x rdfs:label ?best FILTER NOT EXISTS { ?x skos:prefLabel ?any } }
             } GROUP BY ?x";
        for chunk in iris.chunks(500) {
            let table: Vec<Vec<Option<Term>>> = chunk
                .iter()
                .filter_map(|i| oxigraph::model::NamedNode::new(*i).ok())
                .map(|n| vec![Some(n.into())])
                .collect();
            let rows = Rows::collect(graph.query_rows(LABELS, &["x".to_owned()], &table)?)?;
            for row in rows.rows {
                if let (Some(Term::NamedNode(x)), Some(Term::Literal(l))) = (&row[0], &row[1]) {
                    labels.insert(x.as_str().to_owned(), l.value().to_owned());
                }
            }
        }
        Ok(Self { labels })
    }

    pub fn get(&self, iri: &str) -> Option<&str> {
        self.labels.get(iri).map(String::as_str)
    }

    /// A term as a person reads it.
    pub fn show(&self, term: &Term) -> String {
        match term {
            Term::NamedNode(n) => self
                .get(n.as_str())
                .map(str::to_owned)
                .or_else(|| vocab::compact(n.as_str()))
                .unwrap_or_else(|| n.as_str().to_owned()),
            Term::BlankNode(b) => b.to_string(),
            Term::Literal(l) => l.value().to_owned(),
            #[allow(unreachable_patterns)]
            other => other.to_string(),
        }
    }
}

/// Writes an analysis's records: a table for people, CSV/TSV with a header
/// row, or JSON (an array of objects keyed by the header, numbers as numbers).
pub fn write_records(
    records: &Records,
    format: OutputFormat,
    style: TableStyle,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        OutputFormat::Table => {
            let mut t = people_table(&records.header, style);
            for row in &records.rows {
                t.add_row(row.iter().map(|v| for_people(&v.to_string(), CELL_MAX)));
            }
            writeln!(out, "{t}")?;
        }
        OutputFormat::Csv | OutputFormat::Tsv => {
            let mut writer = csv::WriterBuilder::new()
                .delimiter(if format == OutputFormat::Csv {
                    b','
                } else {
                    b'\t'
                })
                .from_writer(&mut *out);
            let csv_error = |e: csv::Error| match e.into_kind() {
                csv::ErrorKind::Io(e) => crate::Error::Output(e),
                other => crate::Error::Invalid(format!("{other:?}")),
            };
            writer.write_record(&records.header).map_err(csv_error)?;
            for row in &records.rows {
                writer
                    .write_record(row.iter().map(machine_text))
                    .map_err(csv_error)?;
            }
            writer.flush()?;
        }
        OutputFormat::Json => {
            let objects: Vec<serde_json::Map<String, serde_json::Value>> = records
                .rows
                .iter()
                .map(|row| {
                    records
                        .header
                        .iter()
                        .zip(row)
                        .map(|(k, v)| {
                            let value = serde_json::to_value(v).unwrap_or(serde_json::Value::Null);
                            (k.clone(), value)
                        })
                        .collect()
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &objects).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        other => invalid!("an analysis is written as table, csv, tsv or json, not {other:?}"),
    }
    Ok(())
}

/// A value for a program: numbers in full (the shortest text that reads
/// back as the same number), not rounded for people.
fn machine_text(value: &Value) -> String {
    match value {
        Value::Number(x) => x.to_string(),
        other => other.to_string(),
    }
}
