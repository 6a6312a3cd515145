//! Printing answers: a table for people, the W3C SPARQL results formats
//! (CSV, TSV, JSON, XML) and RDF syntaxes for programs.
//!
//! It owns the choice of format and the rendering of terms for people
//! (labels instead of IRIs in tables); it never builds queries. Machine
//! formats are Oxigraph's own serializers, untouched.

use crate::store::KnowledgeGraph;
use crate::vocab;
use anyhow::{bail, Result};
use comfy_table::{presets, ContentArrangement, Table};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Term, Triple, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, QuerySolution};
use std::collections::{BTreeSet, HashMap};
use std::io::{IsTerminal, Write};

/// How an answer is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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

impl OutputFormat {
    /// A table on a terminal, TSV in a pipe.
    pub fn default_for_stdout() -> Self {
        if std::io::stdout().is_terminal() {
            Self::Table
        } else {
            Self::Tsv
        }
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

/// A SELECT answer held in memory (for tables, and for callers that read rows).
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub variables: Vec<Variable>,
    pub rows: Vec<Vec<Option<Term>>>,
}

impl Rows {
    pub fn collect(results: QueryResults) -> Result<Self> {
        let QueryResults::Solutions(solutions) = results else {
            bail!("expected a SELECT query");
        };
        let variables = solutions.variables().to_vec();
        let mut rows = Vec::new();
        for solution in solutions {
            let solution: QuerySolution = solution?;
            rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
        }
        Ok(Self { variables, rows })
    }

    /// The values of one column, by variable name.
    pub fn column(&self, name: &str) -> Option<impl Iterator<Item = Option<&Term>>> {
        let i = self.variables.iter().position(|v| v.as_str() == name)?;
        Some(self.rows.iter().map(move |r| r[i].as_ref()))
    }
}

/// Writes a query's answer in `format`.
pub fn write(
    graph: &KnowledgeGraph,
    results: QueryResults,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<()> {
    match results {
        QueryResults::Boolean(value) => match format.results_format() {
            Some(f) => {
                QueryResultsSerializer::from_format(f)
                    .serialize_boolean_to_writer(&mut *out, value)?;
            }
            None if format == OutputFormat::Table => {
                writeln!(out, "{}", if value { "yes" } else { "no" })?
            }
            None => bail!("an ASK answer is printed as table, csv, tsv, json or xml"),
        },
        QueryResults::Solutions(solutions) => match format.results_format() {
            Some(f) => {
                let mut serializer = QueryResultsSerializer::from_format(f)
                    .serialize_solutions_to_writer(&mut *out, solutions.variables().to_vec())?;
                for solution in solutions {
                    serializer.serialize(&solution?)?;
                }
                serializer.finish()?;
            }
            None if format == OutputFormat::Table => {
                let rows = Rows::collect(QueryResults::Solutions(solutions))?;
                write_table(graph, &rows, out)?;
            }
            None => bail!("a SELECT answer is printed as table, csv, tsv, json or xml"),
        },
        QueryResults::Graph(triples) => {
            let Some(f) = format.rdf_format() else {
                bail!(
                    "a CONSTRUCT or DESCRIBE answer is printed as turtle, ntriples, nquads or trig"
                );
            };
            let mut serializer = RdfSerializer::from_format(f);
            for (prefix, namespace) in vocab::PREFIXES {
                serializer = serializer.with_prefix(*prefix, *namespace)?;
            }
            let mut writer = serializer.for_writer(&mut *out);
            for triple in triples {
                let triple: Triple = triple?;
                writer.serialize_triple(&triple)?;
            }
            writer.finish()?;
        }
    }
    Ok(())
}

/// Prints rows as a table, IRIs shown by their labels.
pub fn write_table(graph: &KnowledgeGraph, rows: &Rows, out: &mut dyn Write) -> Result<()> {
    let labels = Labels::for_rows(graph, rows)?;
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(rows.variables.iter().map(|v| v.as_str()));
    fit_width(&mut table);
    for row in &rows.rows {
        table.add_row(
            row.iter()
                .map(|t| t.as_ref().map(|t| labels.show(t)).unwrap_or_default()),
        );
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

/// Tables wrap to the terminal; in a pipe, to `COLUMNS` when it is set.
pub fn fit_width(table: &mut Table) {
    if !std::io::stdout().is_terminal() {
        if let Some(width) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
            table.set_width(width);
        }
    }
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
        for chunk in iris.chunks(500) {
            let values: String = chunk.iter().map(|i| format!("<{i}> ")).collect();
            let query = format!(
                "SELECT ?x (SAMPLE(?best) AS ?label) WHERE {{
                   VALUES ?x {{ {values} }}
                   {{ ?x skos:prefLabel ?best FILTER(LANGMATCHES(LANG(?best), 'en')) }}
                   UNION {{ ?x skos:prefLabel ?best FILTER(!LANGMATCHES(LANG(?best), 'en')) FILTER NOT EXISTS {{ ?x skos:prefLabel ?en FILTER(LANGMATCHES(LANG(?en), 'en')) }} }}
                   UNION {{ ?x rdfs:label ?best FILTER NOT EXISTS {{ ?x skos:prefLabel ?any }} }}
                 }} GROUP BY ?x"
            );
            let rows = Rows::collect(graph.query(&query, &[])?)?;
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

/// Prints an analysis result: a table for people, CSV/TSV/JSON records for
/// programs (JSON: an array of objects keyed by the header).
pub fn write_records(
    table: &crate::analysis::Table,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        OutputFormat::Table => {
            let mut t = Table::new();
            t.load_preset(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_header(&table.header);
            fit_width(&mut t);
            for row in &table.rows {
                t.add_row(row);
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
            writer.write_record(&table.header)?;
            for row in &table.rows {
                writer.write_record(row)?;
            }
            writer.flush()?;
        }
        OutputFormat::Json => {
            let records: Vec<serde_json::Map<String, serde_json::Value>> = table
                .rows
                .iter()
                .map(|row| {
                    table
                        .header
                        .iter()
                        .zip(row)
                        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                        .collect()
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &records)?;
            writeln!(out)?;
        }
        other => bail!("an analysis is printed as table, csv, tsv or json, not {other:?}"),
    }
    Ok(())
}
