//! Tabular data in: CSV files read into the store through mappings.
//!
//! A mapping is a SPARQL CONSTRUCT query whose variables are the CSV's
//! column names, evaluated once per row, in the style of
//! [tarql](https://tarql.github.io/): every cell is bound as a plain string
//! literal (`xsd:string`) to the variable named after its column, an empty
//! cell leaves the variable unbound, and the triples the template yields for
//! all rows go into one named graph, added all or nothing.
//!
//! An import streams: the file is read one chunk of rows at a time, the
//! chunks mapped and checked on a few threads at once and handed, in the
//! file's order, to the store's bulk loader ([`KnowledgeGraph::inserter`]),
//! which commits when the last file is through. Memory holds a few chunks,
//! not the file (a regular file of any size is read; a pipe or a device at
//! most [`MAX_STREAM_BYTES`]).
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
//! Besides the columns, two variables are bound in every row: `?ROWNUM`,
//! the row's number (1 for the first row after the header, as in tarql, an
//! `xsd:integer`), and `?GRAPH`, the IRI of the target graph, so that a
//! mapping can describe its own claim bundle (`?GRAPH a prov:Bundle ;
//! prov:wasAttributedTo …`). A column named `ROWNUM` or `GRAPH` is refused
//! (it would hide them).
//!
//! ## Header directives
//!
//! Besides `# title:`, `# description:`, `# dataset:`, `# graph:`,
//! `# citation:` and `# licence:`, a mapping's header may say:
//!
//! - `# split: COLUMN… /REGEX/` — **row expansion** for cells that hold
//!   several values (tarql's `apf:strSplit`): each cell of the columns is
//!   split where REGEX matches, each part trimmed, empty parts dropped. The
//!   mapping is evaluated once on the row as it is (`?COLUMN_item` unbound)
//!   and once more per part, with `?COLUMN_item` bound to the part (a plain
//!   literal) and `?COLUMN_index` to its position (1, 2…). Columns named in
//!   one directive are split together and zipped by position (UCDP's
//!   `actor_id` and `actor_name`): a row whose cells split into different
//!   numbers of parts is an error naming the row. Separate directives expand
//!   separately (never a cross product): a row with 3 signatories and 2
//!   third parties is evaluated 1 + 3 + 2 times. `lenient` after the
//!   separator (`# split: actor_id actor_name /,/ lenient`) binds only the
//!   first column's parts when the cells do not match, and lists the row in
//!   the report's warnings instead.
//! - `# key: COLUMN…` — cells that the mapping builds IRIs from: each must
//!   be present and made of letters, digits and `.`, `_`, `-`, `~` only, so
//!   a row whose key holds a space or a spreadsheet formula (`=1+2`) is an
//!   error naming the row and the column instead of a row whose IRIs fail
//!   to build and that silently yields nothing.
//! - `# encoding: utf-8|latin-1|mac-roman|auto` and `# delimiter: ;` — how
//!   the file the mapping fits is read (`--encoding`, `--delimiter` override).
//!
//! ## What is checked, row by row
//!
//! Every quad a mapping yields is checked before anything is added: no blank
//! node, every `ent:` term declared by the ontology, and every literal of an
//! XSD type (`xsd:date`, `xsd:gYearMonth`, `xsd:integer`, `xsd:boolean`…)
//! valid for its type (`"1992-02-31"^^xsd:date` is refused, not stored). When
//! a chunk of rows fails a check or the evaluation, its rows are evaluated
//! one by one to find the culprit: the error is `FILE:LINE: row N: …`. With
//! [`ImportOptions::skip_bad_rows`], such rows are left out and listed in the
//! report ([`ImportReport::skipped`]) instead.
//!
//! Reading a CSV file:
//! - The file is decoded as UTF-8 (a leading byte-order mark is dropped); a
//!   byte sequence that is not UTF-8 is an error naming the line, the column
//!   and the byte, unless another encoding is given: `latin-1` (ISO-8859-1,
//!   each byte one character), `mac-roman`, or `auto` (UTF-8 when the file is
//!   valid UTF-8; else Mac Roman when it holds bytes 0x80–0x9F, which are
//!   control characters in latin-1 and never text; else latin-1).
//! - Fields are separated by commas unless told (`--delimiter ';'`). A
//!   header of one column that holds `;` or a tab, or a header none of whose
//!   columns the mapping uses, is an error (the file is likely separated by
//!   something else): nothing but the constant triples would be imported.
//! - Header names become variable names: surrounding spaces are trimmed
//!   (UCDP's `ref ` is `?ref`), every character that a SPARQL variable name
//!   cannot hold becomes `_` (`pa-date` is `?pa_date`), a second column with
//!   the same name gets `_2`, `_3`…; a column with an empty name (the
//!   trailing comma of the UCDP header) is not bound.
//! - An empty cell leaves its variable unbound (as tarql).
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
use std::str::FromStr;

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
    /// `# split:` directives: columns whose cells hold several values.
    pub splits: Vec<Split>,
    /// `# key:` columns, whose cells must be plain identifiers.
    pub keys: Vec<String>,
    /// `# encoding:` how the file it fits is encoded (else UTF-8).
    pub encoding: Option<Encoding>,
    /// `# delimiter:` the field separator of the file it fits (else `,`).
    pub delimiter: Option<u8>,
    /// `# after:` the mappings whose graphs [`in_order`] imports first (the
    /// states before the alliances that name them).
    pub after: Vec<String>,
    /// The CONSTRUCT query.
    pub sparql: String,
}

/// A `# split: COLUMN… /REGEX/` directive (see the module documentation).
#[derive(Debug, Clone)]
pub struct Split {
    /// The columns (as variable names), split together and zipped.
    pub columns: Vec<String>,
    pub separator: regex::Regex,
    /// `lenient` after the separator: zipped cells that split into
    /// different numbers of parts bind the first column's parts only (the
    /// others unbound), and the row is listed in the report's warnings,
    /// instead of being an error.
    pub lenient: bool,
}

impl PartialEq for Split {
    fn eq(&self, other: &Self) -> bool {
        self.columns == other.columns
            && self.separator.as_str() == other.separator.as_str()
            && self.lenient == other.lenient
    }
}

impl Eq for Split {}

impl Split {
    /// Reads `COLUMN… /REGEX/`.
    pub fn parse(text: &str) -> Result<Self> {
        let (columns, pattern) = match (text.find('/'), text.rfind('/')) {
            (Some(start), Some(end)) if end > start => (&text[..start], &text[start + 1..end]),
            _ => invalid!("`# split: {text}`: write the columns, then the separator as /REGEX/ (`# split: pa_3rd /,|;/`)"),
        };
        let columns: Vec<String> = columns
            .split([' ', ','])
            .filter(|c| !c.is_empty())
            .filter_map(variable_name)
            .collect();
        if columns.is_empty() {
            invalid!("`# split: {text}` names no column");
        }
        let end = text.rfind('/').unwrap_or(text.len());
        let lenient = match text[end + 1..].trim() {
            "" => false,
            "lenient" => true,
            other => invalid!(
                "`# split: {text}`: after the separator, only `lenient` may follow, not {other:?}"
            ),
        };
        let separator = regex::Regex::new(pattern).map_err(|e| {
            Error::Invalid(format!(
                "`# split: {text}`: the separator /{pattern}/ is not a regular expression: {e}"
            ))
        })?;
        Ok(Split {
            columns,
            separator,
            lenient,
        })
    }

    /// The trimmed, non-empty parts of a cell.
    pub fn parts<'a>(&self, cell: &'a str) -> Vec<&'a str> {
        self.separator
            .split(cell)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    }
}

/// How the bytes of a CSV file are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8, strictly: an invalid byte is an error.
    #[default]
    Utf8,
    /// ISO-8859-1: each byte one character.
    Latin1,
    /// Mac OS Roman.
    MacRoman,
    /// UTF-8 if valid, else Mac Roman if the file holds bytes 0x80–0x9F,
    /// else latin-1 (see the module documentation).
    Auto,
}

impl Encoding {
    /// The names `--encoding` and `# encoding:` take.
    pub const NAMES: &'static [&'static str] = &["utf-8", "latin-1", "mac-roman", "auto"];

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Latin1 => "latin-1",
            Encoding::MacRoman => "mac-roman",
            Encoding::Auto => "auto",
        }
    }

    /// The encoding `Auto` picks for these bytes (the others are themselves).
    pub fn detect(self, bytes: &[u8]) -> Encoding {
        match self {
            Encoding::Auto if std::str::from_utf8(bytes).is_ok() => Encoding::Utf8,
            Encoding::Auto if bytes.iter().any(|b| (0x80..=0x9F).contains(b)) => Encoding::MacRoman,
            Encoding::Auto => Encoding::Latin1,
            other => other,
        }
    }

    /// Decodes one field; `Err(n)` when it is not valid in this encoding
    /// (only UTF-8 can fail), `n` the number of valid bytes before the bad one.
    fn decode(self, field: &[u8]) -> std::result::Result<String, usize> {
        match self {
            Encoding::Utf8 | Encoding::Auto => std::str::from_utf8(field)
                .map(str::to_owned)
                .map_err(|e| e.valid_up_to()),
            Encoding::Latin1 => Ok(field.iter().map(|&b| char::from(b)).collect()),
            Encoding::MacRoman => Ok(field
                .iter()
                .map(|&b| match b {
                    0..=0x7F => char::from(b),
                    _ => MAC_ROMAN[usize::from(b - 0x80)],
                })
                .collect()),
        }
    }
}

impl FromStr for Encoding {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self> {
        let squashed: String = text
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        Ok(match squashed.as_str() {
            "utf8" => Encoding::Utf8,
            "latin1" | "iso88591" => Encoding::Latin1,
            "macroman" | "macintosh" => Encoding::MacRoman,
            "auto" => Encoding::Auto,
            _ => invalid!(
                "unknown encoding {text:?}: the encodings are {}",
                Encoding::NAMES.join(", ")
            ),
        })
    }
}

/// Mac OS Roman, bytes 0x80–0xFF.
const MAC_ROMAN: [char; 128] = [
    'Ä', 'Å', 'Ç', 'É', 'Ñ', 'Ö', 'Ü', 'á', 'à', 'â', 'ä', 'ã', 'å', 'ç', 'é', 'è', //
    'ê', 'ë', 'í', 'ì', 'î', 'ï', 'ñ', 'ó', 'ò', 'ô', 'ö', 'õ', 'ú', 'ù', 'û', 'ü', //
    '†', '°', '¢', '£', '§', '•', '¶', 'ß', '®', '©', '™', '´', '¨', '≠', 'Æ', 'Ø', //
    '∞', '±', '≤', '≥', '¥', 'µ', '∂', '∑', '∏', 'π', '∫', 'ª', 'º', 'Ω', 'æ', 'ø', //
    '¿', '¡', '¬', '√', 'ƒ', '≈', '∆', '«', '»', '…', '\u{A0}', 'À', 'Ã', 'Õ', 'Œ', 'œ', //
    '–', '—', '“', '”', '‘', '’', '÷', '◊', 'ÿ', 'Ÿ', '⁄', '€', '‹', '›', 'ﬁ', 'ﬂ', //
    '‡', '·', '‚', '„', '‰', 'Â', 'Ê', 'Á', 'Ë', 'È', 'Í', 'Î', 'Ï', 'Ì', 'Ó', 'Ô', //
    '\u{F8FF}', 'Ò', 'Ú', 'Û', 'Ù', 'ı', 'ˆ', '˜', '¯', '˘', '˙', '˚', '¸', '˝', '˛', 'ˇ', //
];

/// A field separator from its text: one ASCII character, or `\t` / `tab`.
pub fn parse_delimiter(text: &str) -> Result<u8> {
    match text {
        "\\t" | "tab" | "\t" => Ok(b'\t'),
        _ if text.len() == 1 && text.is_ascii() => Ok(text.as_bytes()[0]),
        _ => invalid!("the delimiter {text:?} is not one ASCII character (or \\t for a tab)"),
    }
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
            splits: Vec::new(),
            keys: Vec::new(),
            encoding: None,
            delimiter: None,
            after: Vec::new(),
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
                "split" => mapping.splits.push(
                    Split::parse(&value)
                        .map_err(|e| e.context(format!("in the mapping {name}")))?,
                ),
                "key" => mapping.keys.extend(
                    value
                        .split([' ', ','])
                        .filter(|c| !c.is_empty())
                        .filter_map(variable_name),
                ),
                "encoding" => {
                    mapping.encoding = Some(
                        value
                            .parse()
                            .map_err(|e: Error| e.context(format!("in the mapping {name}")))?,
                    )
                }
                "after" => mapping.after.extend(
                    value
                        .split([' ', ','])
                        .filter(|m| !m.is_empty())
                        .map(str::to_owned),
                ),
                "delimiter" => {
                    mapping.delimiter = Some(
                        parse_delimiter(&value)
                            .map_err(|e| e.context(format!("in the mapping {name}")))?,
                    )
                }
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

/// The shipped mappings that name a data set (`# dataset:`), each after
/// those its `# after:` names (then by name): the order `import --all`
/// imports them in.
pub fn in_order() -> Result<Vec<Mapping>> {
    let mut pending: Vec<Mapping> = all()?.into_iter().filter(|m| m.dataset.is_some()).collect();
    let mut ordered: Vec<Mapping> = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let ready = pending.iter().position(|m| {
            m.after.iter().all(|a| {
                ordered.iter().any(|o| &o.name == a) || !pending.iter().any(|p| &p.name == a)
            })
        });
        let Some(ready) = ready else {
            invalid!(
                "the shipped mappings' `# after:` go round in a circle: {}",
                pending
                    .iter()
                    .map(|m| m.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        };
        ordered.push(pending.remove(ready));
    }
    Ok(ordered)
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
    /// Data rows read (the header not counted), skipped ones included.
    pub rows: usize,
    /// Quads the target graph holds after the import (what the mapping
    /// yielded, with what an earlier import put there).
    pub quads: usize,
    /// Quads the target graph did not hold before (0 when the same file is
    /// imported again).
    pub added: usize,
    /// Quads in the store after the import (the rules' shortcuts included).
    pub store_size: usize,
    /// Rows left out under [`ImportOptions::skip_bad_rows`], each with why.
    pub skipped: Vec<SkippedRow>,
    /// Rows imported with something left unbound that a reader should know
    /// of (a `lenient` split whose cells did not match), each with why.
    pub warnings: Vec<SkippedRow>,
    /// How each file was decoded (what `auto` detected), in file order.
    pub encodings: Vec<Encoding>,
}

/// A row left out of an import, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRow {
    pub file: String,
    /// The line of the file where the row starts.
    pub line: u64,
    /// The row's number (`?ROWNUM`).
    pub row: usize,
    pub reason: String,
}

impl std::fmt::Display for SkippedRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: row {}: {}",
            self.file, self.line, self.row, self.reason
        )
    }
}

/// How [`import_files`] imports.
#[derive(Clone, Copy)]
pub struct ImportOptions<'a> {
    /// Told of the rows mapped, file by file.
    pub progress: &'a dyn Progress,
    /// The files' encoding, over the mapping's `# encoding:` (else UTF-8).
    pub encoding: Option<Encoding>,
    /// The field separator, over the mapping's `# delimiter:` (else `,`).
    pub delimiter: Option<u8>,
    /// Leave out the rows that fail a check (key cells, splits, the
    /// evaluation, the quads' checks) and list them in the report, instead
    /// of stopping at the first.
    pub skip_bad_rows: bool,
}

impl Default for ImportOptions<'_> {
    fn default() -> Self {
        ImportOptions {
            progress: &Silent,
            encoding: None,
            delimiter: None,
            skip_bad_rows: false,
        }
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
}

/// Imports CSV files through a mapping into `target_graph`, all or nothing:
/// the rows are read, mapped and checked a chunk at a time and handed to
/// the store's bulk loader, which commits once every file is through, so a
/// malformed row, an invalid literal or an undeclared `ent:` term anywhere
/// leaves the store unchanged (unless `skip_bad_rows`, which leaves such
/// rows out and reports them), and memory holds one chunk of rows, not the
/// file.
pub fn import_files(
    graph: &KnowledgeGraph,
    files: &[&Path],
    mapping: &Mapping,
    target_graph: &NamedNode,
    options: &ImportOptions,
) -> Result<ImportReport> {
    let mut report = ImportReport {
        files: files.len(),
        ..ImportReport::default()
    };
    let origin = files
        .iter()
        .map(|f| f.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let before = graph_size(graph, target_graph)?;
    let mut inserter = graph.inserter(&format!("{origin} (mapping {})", mapping.name));
    for file in files {
        map_file(
            graph,
            file,
            mapping,
            target_graph,
            options,
            &mut report,
            &mut |quads| {
                inserter
                    .add(quads)
                    .with_context(|| format!("the mapping {} yields a term", mapping.name))
            },
        )?;
    }
    let LoadReport { store_size, .. } = inserter.commit()?;
    report.quads = graph_size(graph, target_graph)?;
    report.added = report.quads - before.min(report.quads);
    report.store_size = store_size;
    Ok(report)
}

/// Quads in one named graph.
fn graph_size(graph: &KnowledgeGraph, name: &NamedNode) -> Result<usize> {
    let mut n = 0;
    for quad in graph
        .store()
        .quads_for_pattern(None, None, None, Some(name.as_ref().into()))
    {
        quad?;
        n += 1;
    }
    Ok(n)
}

/// The quads of one named graph, for `--output` (sorted by
/// [`write_trig`]).
pub fn graph_quads(graph: &KnowledgeGraph, name: &NamedNode) -> Result<Vec<Quad>> {
    graph
        .store()
        .quads_for_pattern(None, None, None, Some(name.as_ref().into()))
        .map(|q| q.map_err(Error::from))
        .collect()
}

/// Why a quad may not be imported, if it may not.
fn refusal(graph: &KnowledgeGraph, quad: &Quad) -> Option<String> {
    if matches!(quad.subject, NamedOrBlankNode::BlankNode(_))
        || matches!(quad.object, Term::BlankNode(_))
    {
        return Some(
            "the mapping yields a blank node (BNODE()?): importing the file twice would duplicate its facts; build IRIs instead".to_owned(),
        );
    }
    let vocabulary = graph.vocabulary();
    let mut terms = vec![quad.predicate.as_str()];
    if let NamedOrBlankNode::NamedNode(n) = &quad.subject {
        terms.push(n.as_str());
    }
    match &quad.object {
        Term::NamedNode(n) => terms.push(n.as_str()),
        Term::Literal(l) => {
            terms.push(l.datatype().as_str());
            if let Some(problem) = literal_problem(l) {
                return Some(problem);
            }
        }
        _ => {}
    }
    terms
        .into_iter()
        .find(|t| !vocabulary.allows(t))
        .map(|t| vocabulary.refusal(t))
}

/// Why a typed literal is not valid for its XSD datatype, if it is not.
pub fn literal_problem(literal: &Literal) -> Option<String> {
    vocab::invalid_lexical_form(literal)
        .map(|datatype| format!("the mapping yields {literal}, which is not a valid {datatype}"))
}

/// Rows evaluated: their quads and warnings, or why one failed.
type Evaluated = std::result::Result<(Vec<Quad>, Vec<SkippedRow>), String>;

/// A chunk of rows mapped and checked.
#[derive(Default)]
struct Mapped {
    quads: Vec<Quad>,
    warnings: Vec<SkippedRow>,
    skipped: Vec<SkippedRow>,
}

/// One row of a file, as read.
struct SourceRow<'a> {
    /// `?ROWNUM`.
    number: usize,
    line: u64,
    cells: &'a [Option<Term>],
}

/// The rows to evaluate for one source row: itself, then one per part of
/// each split (see the module documentation). `split_at[i]` is the index in
/// the row of split column i's cell; the expanded rows have, after the
/// table's columns, ROWNUM and GRAPH where bound, then `_item` and `_index`
/// per split column.
fn expand(
    row: &SourceRow,
    specials: &[Term],
    splits: &[(Split, Vec<usize>)],
    split_columns: usize,
    warnings: &mut Vec<String>,
) -> std::result::Result<Vec<Vec<Option<Term>>>, String> {
    let mut base: Vec<Option<Term>> = row.cells.to_vec();
    for special in specials {
        base.push(Some(match special {
            Term::Literal(_) => Literal::from(row.number as i64).into(),
            other => other.clone(),
        }));
    }
    let first_split = base.len();
    base.resize(first_split + 2 * split_columns, None);
    let mut rows = vec![base.clone()];
    let mut offset = first_split;
    for (split, indexes) in splits {
        let parts: Vec<Vec<&str>> = indexes
            .iter()
            .map(|&i| match &row.cells[i] {
                Some(Term::Literal(l)) => split.parts(l.value()),
                _ => Vec::new(),
            })
            .collect();
        let unmatched = parts.iter().any(|p| p.len() != parts[0].len());
        if unmatched {
            let message = format!(
                "the cells of {} split into {} parts: they are zipped by position, so they must split into as many{}",
                split
                    .columns
                    .iter()
                    .map(|c| format!("?{c}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                parts
                    .iter()
                    .map(|p| p.len().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                if split.lenient {
                    format!(" (lenient: only ?{}_item bound)", split.columns[0])
                } else {
                    String::new()
                }
            );
            if !split.lenient {
                return Err(message);
            }
            warnings.push(message);
        }
        for position in 0..parts[0].len() {
            let mut expanded = base.clone();
            for (k, column_parts) in parts.iter().enumerate() {
                if unmatched && k > 0 {
                    continue;
                }
                expanded[offset + 2 * k] =
                    Some(Literal::new_simple_literal(column_parts[position]).into());
                expanded[offset + 2 * k + 1] = Some(Literal::from(position as i64 + 1).into());
            }
            rows.push(expanded);
        }
        offset += 2 * indexes.len();
    }
    Ok(rows)
}

/// Why a key cell is not a plain identifier, if it is not.
fn key_problem(column: &str, cell: Option<&Term>) -> Option<String> {
    let value = match cell {
        None => return Some(format!("column {column}: the key cell is empty")),
        Some(Term::Literal(l)) => l.value(),
        Some(_) => return None,
    };
    let bad = value
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '~')));
    let formula = value.starts_with(['=', '+', '@'])
        || (value.starts_with('-')
            && value.len() > 1
            && !value[1..].chars().all(|c| c.is_ascii_digit()));
    match bad {
        Some(c) if c.is_whitespace() => Some(format!(
            "column {column}: the key cell {value:?} holds a space: key cells build IRIs and must be plain identifiers"
        )),
        Some(c) => Some(format!(
            "column {column}: the key cell {value:?} holds {c:?}{}: key cells build IRIs and must be plain identifiers",
            if value.starts_with(['=', '+', '@']) { " (a spreadsheet formula?)" } else { "" }
        )),
        None if formula => Some(format!(
            "column {column}: the key cell {value:?} looks like a spreadsheet formula"
        )),
        None => None,
    }
}

/// Reads one CSV file and hands the mapping's quads to `emit`, checking
/// each; adds its rows, skips and encoding to `report`.
fn map_file(
    graph: &KnowledgeGraph,
    path: &Path,
    mapping: &Mapping,
    target_graph: &NamedNode,
    options: &ImportOptions,
    report: &mut ImportReport,
    emit: &mut dyn FnMut(Vec<Quad>) -> Result<()>,
) -> Result<()> {
    let origin = path.display().to_string();
    let read = CsvOptions {
        encoding: options.encoding.or(mapping.encoding).unwrap_or_default(),
        delimiter: options.delimiter.or(mapping.delimiter).unwrap_or(b','),
    };
    let mut csv = CsvReader::open(path, &read)?;
    report.encodings.push(csv.encoding);
    check_columns(
        &csv.variables,
        &csv.header,
        mapping,
        &origin,
        read.delimiter,
    )?;
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let column_index = |name: &str| {
        csv.variables.iter().position(|v| v == name).ok_or_else(|| {
            Error::Invalid(format!(
                "{origin}: the mapping {} names the column {name} (in `# split:` or `# key:`), which the file does not have; its columns are {}",
                mapping.name,
                csv.variables.join(", ")
            ))
        })
    };
    let splits: Vec<(Split, Vec<usize>)> = mapping
        .splits
        .iter()
        .map(|split| {
            let indexes = split
                .columns
                .iter()
                .map(|c| column_index(c))
                .collect::<Result<Vec<_>>>()?;
            Ok((split.clone(), indexes))
        })
        .collect::<Result<_>>()?;
    let keys: Vec<(String, usize)> = mapping
        .keys
        .iter()
        .map(|k| Ok((k.clone(), column_index(k)?)))
        .collect::<Result<_>>()?;
    let mut variables = csv.variables.clone();
    variables.extend(["ROWNUM".to_owned(), "GRAPH".to_owned()]);
    let specials: Vec<Term> = vec![Literal::from(0).into(), target_graph.clone().into()];
    let mut split_columns = 0;
    for (split, _) in &splits {
        for column in &split.columns {
            variables.push(format!("{column}_item"));
            variables.push(format!("{column}_index"));
            split_columns += 1;
        }
    }
    options.progress.start(&origin, size, Unit::Bytes);
    // Told once on every way out, an error included.
    struct Finish<'a>(&'a dyn Progress);
    impl Drop for Finish<'_> {
        fn drop(&mut self) {
            self.0.finish();
        }
    }
    let _finish = Finish(options.progress);
    let graph_name = GraphName::NamedNode(target_graph.clone());
    // Evaluates rows and checks their quads: Ok(quads) or Err(why).
    let evaluate = |rows: &[&SourceRow]| -> Result<Evaluated> {
        let mut bindings = Vec::new();
        let mut warned = Vec::new();
        for row in rows {
            let mut warnings = Vec::new();
            match expand(row, &specials, &splits, split_columns, &mut warnings) {
                Ok(expanded) => bindings.extend(expanded),
                Err(why) => return Ok(Err(why)),
            }
            warned.extend(warnings.into_iter().map(|reason| SkippedRow {
                file: origin.clone(),
                line: row.line,
                row: row.number,
                reason,
            }));
        }
        let results = match graph.query_rows(&mapping.sparql, &variables, &bindings) {
            Ok(results) => results,
            Err(e) if rows.len() == 1 => return Ok(Err(e.to_string())),
            Err(e) => return Err(e),
        };
        let QueryResults::Graph(triples) = results else {
            invalid!("the mapping {} is not a CONSTRUCT query", mapping.name);
        };
        let mut quads = Vec::new();
        for triple in triples {
            graph.ensure_time_left()?;
            let Triple {
                subject,
                predicate,
                object,
            } = match triple {
                Ok(t) => t,
                Err(e) => return Ok(Err(e.to_string())),
            };
            let quad = Quad::new(subject, predicate, object, graph_name.clone());
            if let Some(why) = refusal(graph, &quad) {
                return Ok(Err(why));
            }
            quads.push(quad);
        }
        Ok(Ok((quads, warned)))
    };
    // One chunk of rows mapped: its quads, warnings and skipped rows, or
    // the error of its first bad row.
    let map_chunk = |first: usize, cells: &[(Vec<Option<Term>>, u64)]| -> Result<Mapped> {
        let chunk: Vec<SourceRow> = cells
            .iter()
            .enumerate()
            .map(|(i, (cells, line))| SourceRow {
                number: first + i + 1,
                line: *line,
                cells,
            })
            .collect();
        let mut mapped = Mapped::default();
        let bad_row = |mapped: &mut Mapped, row: &SourceRow, reason: String| -> Result<()> {
            if options.skip_bad_rows {
                mapped.skipped.push(SkippedRow {
                    file: origin.clone(),
                    line: row.line,
                    row: row.number,
                    reason,
                });
                Ok(())
            } else {
                Err(InputError {
                    file: origin.clone(),
                    line: row.line,
                    column: 0,
                    message: format!("row {}: {reason}", row.number),
                }
                .into())
            }
        };
        let mut good: Vec<&SourceRow> = Vec::with_capacity(chunk.len());
        for row in &chunk {
            match keys
                .iter()
                .find_map(|(name, index)| key_problem(name, row.cells[*index].as_ref()))
            {
                Some(why) => bad_row(&mut mapped, row, why)?,
                None => good.push(row),
            }
        }
        let context = || format!("in the mapping {}", mapping.name);
        match evaluate(&good).with_context(context)? {
            Ok((quads, mut warned)) => {
                mapped.warnings.append(&mut warned);
                mapped.quads = quads;
            }
            Err(_) => {
                // Find the culprits, one row at a time.
                for row in good {
                    match evaluate(&[row]).with_context(context)? {
                        Ok((mut q, mut warned)) => {
                            mapped.quads.append(&mut q);
                            mapped.warnings.append(&mut warned);
                        }
                        Err(why) => bad_row(&mut mapped, row, why)?,
                    }
                }
            }
        }
        Ok(mapped)
    };
    // The file is read here, its chunks mapped on `threads` threads of
    // their own (the mapping is most of an import's time: a query per
    // chunk), and their quads handed on here in the file's order, so that
    // the first bad row of the file is the one told, as when one thread did
    // everything. At most `threads + 1` chunks are held at once.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let mut warnings = Vec::new();
    let mut rows_read = 0;
    let mut read_so_far = 0;
    type Job = (usize, usize, Vec<(Vec<Option<Term>>, u64)>, u64);
    let (todo, jobs) = std::sync::mpsc::channel::<Job>();
    let jobs = std::sync::Mutex::new(jobs);
    std::thread::scope(|scope| -> Result<()> {
        // Dropped on every way out of here, which ends the threads.
        let todo = todo;
        let (finished, done) = std::sync::mpsc::channel::<(usize, u64, Result<Mapped>)>();
        for _ in 0..threads {
            let (jobs, finished, map_chunk) = (&jobs, finished.clone(), &map_chunk);
            std::thread::Builder::new()
                .name("entente import".to_owned())
                .spawn_scoped(scope, move || loop {
                    let job = jobs.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok((index, first, cells, bytes)) = job else {
                        return;
                    };
                    // A watched graph's evaluation stopped at its deadline
                    // unwinds this thread: told as the timeout it is.
                    let mapped =
                        crate::interrupt::catch(|| map_chunk(first, &cells)).and_then(|m| m);
                    if finished.send((index, bytes, mapped)).is_err() {
                        return;
                    }
                })
                .map_err(|e| Error::Invalid(format!("cannot start a thread of the import: {e}")))?;
        }
        drop(finished);
        let mut ready = std::collections::BTreeMap::new();
        let (mut sent, mut next) = (0, 0);
        // Waits for the next chunk's result and hands on every chunk ready
        // in order.
        let mut hand_on = |ready: &mut std::collections::BTreeMap<usize, (u64, Result<Mapped>)>,
                           next: &mut usize|
         -> Result<()> {
            let (index, bytes, result) = done.recv().map_err(|_| {
                Error::Invalid("the import's threads ended before the file did".to_owned())
            })?;
            ready.insert(index, (bytes, result));
            while let Some((bytes, result)) = ready.remove(next) {
                let mut mapped = result?;
                report.skipped.append(&mut mapped.skipped);
                warnings.append(&mut mapped.warnings);
                emit(mapped.quads)?;
                options.progress.advance(bytes - read_so_far);
                read_so_far = bytes;
                *next += 1;
            }
            Ok(())
        };
        loop {
            let mut cells = Vec::with_capacity(CHUNK_ROWS);
            let mut failed = None;
            while cells.len() < CHUNK_ROWS {
                match csv.next_row() {
                    Ok(Some(row)) => cells.push(row),
                    Ok(None) => break,
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
            if let Some(e) = failed {
                // The rows before it come first: a bad one there is told.
                while next < sent {
                    hand_on(&mut ready, &mut next)?;
                }
                return Err(e);
            }
            if cells.is_empty() {
                break;
            }
            let first = rows_read;
            rows_read += cells.len();
            todo.send((sent, first, cells, csv.bytes_read()))
                .map_err(|_| Error::Invalid("the import's threads ended early".to_owned()))?;
            sent += 1;
            while sent - next > threads {
                hand_on(&mut ready, &mut next)?;
            }
        }
        drop(todo);
        while next < sent {
            hand_on(&mut ready, &mut next)?;
        }
        Ok(())
    })?;
    report.rows += rows_read;
    report.warnings.append(&mut warnings);
    Ok(())
}

/// Refuses a file whose columns cannot be what the mapping reads: a column
/// named like a variable the importer binds, a header that is one column
/// holding another separator, a header none of whose columns the mapping
/// uses.
fn check_columns(
    variables: &[String],
    header: &[String],
    mapping: &Mapping,
    origin: &str,
    delimiter: u8,
) -> Result<()> {
    for reserved in ["ROWNUM", "GRAPH"] {
        if let Some(i) = variables.iter().position(|v| v == reserved) {
            return Err(InputError {
                file: origin.to_owned(),
                line: 1,
                column: 0,
                message: format!(
                    "column {} is named {reserved}, which the mapping language reserves (?ROWNUM is the row's number, ?GRAPH the target graph); rename the column",
                    i + 1
                ),
            }
            .into());
        }
    }
    if let [only] = header {
        if let Some(other) = [';', '\t', ',', '|']
            .into_iter()
            .find(|c| *c != char::from(delimiter) && only.contains(*c))
        {
            return Err(InputError {
                file: origin.to_owned(),
                line: 1,
                column: 0,
                message: format!(
                    "the header is one column, {only:?}, which holds {other:?}: the file looks separated by {other:?}; give --delimiter '{}'",
                    if other == '\t' { "\\t".to_owned() } else { other.to_string() }
                ),
            }
            .into());
        }
    }
    let used = mapping_variables(&mapping.sparql);
    if !variables.iter().any(|v| used.contains(v.as_str())) {
        return Err(InputError {
            file: origin.to_owned(),
            line: 1,
            column: 0,
            message: format!(
                "none of the file's columns ({}) is used by the mapping {}: only its constant triples would be imported (is the file separated by something else than {:?}? see --delimiter)",
                variables.join(", "),
                mapping.name,
                char::from(delimiter)
            ),
        }
        .into());
    }
    Ok(())
}

/// The variable names a query's text mentions (`?name`, `$name`).
fn mapping_variables(sparql: &str) -> HashSet<&str> {
    let mut names = HashSet::new();
    for line in sparql.lines() {
        let line = line.split_once('#').map_or(line, |(code, _)| code);
        let mut rest = line;
        while let Some(at) = rest.find(['?', '$']) {
            let tail = &rest[at + 1..];
            let end = tail
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(tail.len());
            if end > 0 {
                names.insert(&tail[..end]);
            }
            rest = &tail[end..];
        }
    }
    names
}

/// How a CSV file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    pub encoding: Encoding,
    pub delimiter: u8,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            encoding: Encoding::Utf8,
            delimiter: b',',
        }
    }
}

/// A CSV file read into terms: one SPARQL variable per named column, one row
/// of plain literals per record (empty cells unbound).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub variables: Vec<String>,
    /// The header's names as written, every column.
    pub header: Vec<String>,
    pub rows: Vec<Vec<Option<Term>>>,
    /// The line each row starts on.
    pub lines: Vec<u64>,
    /// How the bytes were decoded (what `auto` detected).
    pub encoding: Encoding,
}

/// Reads a CSV file as UTF-8 with commas (see the module documentation).
pub fn read_csv(path: &Path) -> Result<Table> {
    read_csv_with(path, &CsvOptions::default())
}

/// Reads a whole CSV file with an encoding and a separator.
pub fn read_csv_with(path: &Path, options: &CsvOptions) -> Result<Table> {
    CsvReader::open(path, options)?.into_table()
}

/// Parses CSV bytes as UTF-8 with commas; `origin` names the file in errors.
pub fn parse_csv(bytes: &[u8], origin: &str) -> Result<Table> {
    parse_csv_with(bytes, origin, &CsvOptions::default())
}

/// The most read from a stream that is not a regular file (a pipe, a
/// device): a regular file is read to its end, row by row, however large.
pub const MAX_STREAM_BYTES: u64 = 1 << 30;

/// Parses CSV bytes; `origin` names the file in errors.
pub fn parse_csv_with(bytes: &[u8], origin: &str, options: &CsvOptions) -> Result<Table> {
    let encoding = options.encoding.detect(bytes);
    let reader = Guarded::new(bytes, origin, None);
    CsvReader::new(reader, origin, encoding, options.delimiter)?.into_table()
}

/// A CSV file read one record at a time, so that a file of millions of rows
/// is never held in memory: the header is read when it is opened, then
/// [`CsvReader::next_row`] decodes one row of terms after another.
pub struct CsvReader<'a> {
    origin: String,
    reader: csv::Reader<Guarded<'a>>,
    /// The header's names as written, every column.
    pub header: Vec<String>,
    /// One SPARQL variable per named column.
    pub variables: Vec<String>,
    /// The file's index of each variable's column.
    columns: Vec<usize>,
    /// How the bytes are decoded (what `auto` detected).
    pub encoding: Encoding,
    record: csv::ByteRecord,
}

impl<'a> CsvReader<'a> {
    /// Opens a file and reads its header. `auto` reads a regular file once
    /// more beforehand, to decide on the whole of it (a stream: on its
    /// first MiB).
    pub fn open(path: &Path, options: &CsvOptions) -> Result<CsvReader<'static>> {
        let origin = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let regular = file.metadata().is_ok_and(|m| m.is_file());
        let limit = (!regular).then_some(MAX_STREAM_BYTES);
        let (encoding, reader): (Encoding, Box<dyn std::io::Read>) = match options.encoding {
            Encoding::Auto if regular => {
                let mut scan = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
                (
                    detect_in(&mut scan).map_err(|e| Error::io(path, e))?,
                    Box::new(file),
                )
            }
            Encoding::Auto => {
                use std::io::Read;
                let mut prefix = Vec::new();
                (&file)
                    .take(1 << 20)
                    .read_to_end(&mut prefix)
                    .map_err(|e| Error::io(path, e))?;
                let whole = prefix.len() < 1 << 20;
                let cut = if whole {
                    prefix.len()
                } else {
                    utf8_boundary(&prefix)
                };
                let encoding = Encoding::Auto.detect(&prefix[..cut]);
                (encoding, Box::new(std::io::Cursor::new(prefix).chain(file)))
            }
            other => (other, Box::new(file)),
        };
        CsvReader::new(
            Guarded::new(reader, &origin, limit),
            &origin,
            encoding,
            options.delimiter,
        )
    }

    fn new(reader: Guarded<'a>, origin: &str, encoding: Encoding, delimiter: u8) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .delimiter(delimiter)
            .buffer_capacity(1 << 16)
            .from_reader(reader);
        let header_record = match reader.byte_headers() {
            Ok(header) => header.clone(),
            Err(e) => return Err(read_error(origin, reader.get_ref(), &e)),
        };
        if header_record.is_empty() {
            return Err(InputError {
                file: origin.to_owned(),
                line: 1,
                column: 0,
                message: "empty file, no header row".to_owned(),
            }
            .into());
        }
        let mut header = Vec::with_capacity(header_record.len());
        for (index, name) in header_record.iter().enumerate() {
            header.push(decode(encoding, origin, name, 1, index, "the header")?);
        }
        // (column index, variable name) for the columns that are bound.
        let mut columns = Vec::new();
        let mut variables = Vec::new();
        let mut taken: HashSet<String> = HashSet::new();
        for (index, name) in header.iter().enumerate() {
            let Some(base) = variable_name(name) else {
                continue;
            };
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            columns.push(index);
            variables.push(name);
        }
        Ok(CsvReader {
            origin: origin.to_owned(),
            reader,
            header,
            variables,
            columns,
            encoding,
            record: csv::ByteRecord::new(),
        })
    }

    /// The next row: one plain literal per variable (an empty cell
    /// unbound) and the line it starts on; `None` at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<(Vec<Option<Term>>, u64)>> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(e) => return Err(read_error(&self.origin, self.reader.get_ref(), &e)),
        }
        let line = match self.record.position() {
            Some(position) => self.reader.get_mut().line_at(position.byte()),
            None => 0,
        };
        let mut row = Vec::with_capacity(self.columns.len());
        for (index, name) in self.columns.iter().zip(&self.variables) {
            let cell = &self.record[*index];
            row.push(if cell.is_empty() {
                None
            } else {
                let text = decode(self.encoding, &self.origin, cell, line, *index, name)?;
                Some(Literal::new_simple_literal(text).into())
            });
        }
        Ok(Some((row, line)))
    }

    /// Bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        self.reader.get_ref().read
    }

    /// Reads the remaining rows into a [`Table`].
    pub fn into_table(mut self) -> Result<Table> {
        let mut rows = Vec::new();
        let mut lines = Vec::new();
        while let Some((row, line)) = self.next_row()? {
            rows.push(row);
            lines.push(line);
        }
        Ok(Table {
            variables: self.variables,
            header: self.header,
            rows,
            lines,
            encoding: self.encoding,
        })
    }
}

/// Decodes one field, or says where it is not valid.
fn decode(
    encoding: Encoding,
    origin: &str,
    field: &[u8],
    line: u64,
    column: usize,
    name: &str,
) -> Result<String> {
    encoding.decode(field).map_err(|valid| {
        InputError {
            file: origin.to_owned(),
            line,
            column: 0,
            message: format!(
                "column {} ({name}): byte 0x{:02X} after {:?} is not UTF-8; give the file's encoding with --encoding ({})",
                column + 1,
                field[valid],
                String::from_utf8_lossy(&field[..valid]),
                Encoding::NAMES.join(", ")
            ),
        }
        .into()
    })
}

/// What `auto` picks for a whole stream, read once in pieces: UTF-8 when
/// every piece is, else as [`Encoding::detect`] says.
fn detect_in(reader: &mut impl std::io::Read) -> std::io::Result<Encoding> {
    let mut piece = vec![0; 1 << 20];
    let mut carried = 0;
    let mut utf8 = true;
    let mut c1_controls = false;
    loop {
        let n = match reader.read(&mut piece[carried..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let filled = carried + n;
        c1_controls |= piece[carried..filled]
            .iter()
            .any(|b| (0x80..=0x9F).contains(b));
        if n == 0 {
            utf8 &= std::str::from_utf8(&piece[..filled]).is_ok();
            break;
        }
        let cut = utf8_boundary(&piece[..filled]);
        utf8 &= std::str::from_utf8(&piece[..cut]).is_ok();
        piece.copy_within(cut..filled, 0);
        carried = filled - cut;
    }
    Ok(if utf8 {
        Encoding::Utf8
    } else if c1_controls {
        Encoding::MacRoman
    } else {
        Encoding::Latin1
    })
}

/// The length of `bytes` without a UTF-8 sequence cut at its end.
fn utf8_boundary(bytes: &[u8]) -> usize {
    let start = bytes.len().saturating_sub(3);
    (start..bytes.len())
        .rev()
        .find(|&i| bytes[i] & 0xC0 == 0xC0)
        .map_or(bytes.len(), |lead| {
            let width = match bytes[lead] {
                0xF0.. => 4,
                0xE0.. => 3,
                _ => 2,
            };
            if lead + width > bytes.len() {
                lead
            } else {
                bytes.len()
            }
        })
}

/// A reader in front of the CSV parser: drops a leading byte-order mark,
/// refuses a NUL byte (text never holds one: `/dev/zero` or a binary file
/// is refused at once, with its line and column) and a stream past its
/// limit, and counts what it reads (lines, and characters of the current
/// line, for those errors). It also keeps where the lines start that the
/// parser has read and no record has been placed on yet, so a record's
/// byte offset gives its line ([`Guarded::line_at`]): the csv crate's own
/// line numbers are one short after each CRLF (most of the shipped data
/// sets end their lines so) and never advance at a lone CR.
pub struct Guarded<'a> {
    inner: Box<dyn std::io::Read + 'a>,
    origin: String,
    limit: Option<u64>,
    read: u64,
    column: u64,
    started: bool,
    refused: Option<InputError>,
    /// Byte offsets where lines start, from the oldest not yet passed.
    starts: std::collections::VecDeque<u64>,
    /// Lines started before the first of `starts`.
    passed: u64,
    /// Whether the last byte read was a CR (a CRLF is one line end).
    after_cr: bool,
}

impl<'a> Guarded<'a> {
    fn new(inner: impl std::io::Read + 'a, origin: &str, limit: Option<u64>) -> Self {
        Guarded {
            inner: Box::new(inner),
            origin: origin.to_owned(),
            limit,
            read: 0,
            column: 1,
            started: false,
            refused: None,
            starts: std::collections::VecDeque::new(),
            passed: 0,
            after_cr: false,
        }
    }

    /// The line (from 1) of the byte at `offset`, and the lines before it
    /// forgotten: offsets asked for only grow, as records are read in order.
    fn line_at(&mut self, offset: u64) -> u64 {
        while self.starts.front().is_some_and(|&start| start <= offset) {
            self.starts.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }

    /// [`Self::line_at`] without forgetting, for an error.
    fn line_of(&self, offset: u64) -> u64 {
        self.passed + self.starts.partition_point(|&start| start <= offset) as u64 + 1
    }

    /// The line of the last byte counted: every line started so far.
    fn current_line(&self) -> u64 {
        self.passed + self.starts.len() as u64 + 1
    }

    fn refuse(&mut self, message: String) -> std::io::Error {
        self.refused = Some(InputError {
            file: self.origin.clone(),
            line: self.current_line(),
            column: self.column,
            message,
        });
        std::io::Error::new(std::io::ErrorKind::InvalidData, "refused")
    }

    /// Counts lines (ended by LF, CRLF or a lone CR) and the current
    /// line's characters in `bytes`, which start at byte [`Self::read`].
    fn count(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        let mut offset = self.read;
        while let Some(at) = rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            let end = rest[at];
            // A CRLF's line starts after its CR: a record placed on its LF
            // (where the csv crate puts it) is on the new line.
            if !(end == b'\n' && at == 0 && self.after_cr) {
                self.starts.push_back(offset + at as u64 + 1);
            }
            self.after_cr = end == b'\r';
            self.column = 1;
            offset += at as u64 + 1;
            rest = &rest[at + 1..];
        }
        if !rest.is_empty() {
            self.after_cr = false;
        }
        self.column += rest.iter().filter(|&&b| b & 0xC0 != 0x80).count() as u64;
    }
}

impl std::io::Read for Guarded<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.refused.is_some() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "refused",
            ));
        }
        let mut n = self.inner.read(buf)?;
        if !self.started && n > 0 {
            self.started = true;
            // A byte-order mark cut by a short first read is not one.
            if buf[..n].starts_with(b"\xEF\xBB\xBF") {
                buf.copy_within(3..n, 0);
                n -= 3;
                if n == 0 {
                    return self.read(buf);
                }
            }
        }
        if let Some(at) = buf[..n].iter().position(|&b| b == 0) {
            self.count(&buf[..at]);
            return Err(self.refuse("a NUL byte: this is not a CSV text file".to_owned()));
        }
        self.count(&buf[..n]);
        self.read += n as u64;
        if self.limit.is_some_and(|limit| self.read > limit) {
            return Err(self.refuse(format!(
                "more than {} MiB from a stream that is not a file: too large to import (save it to a file first)",
                MAX_STREAM_BYTES >> 20
            )));
        }
        Ok(n)
    }
}

/// `FILE:LINE: message` for a CSV error, or the reader's own refusal.
fn read_error(origin: &str, reader: &Guarded, error: &csv::Error) -> Error {
    if let Some(refused) = &reader.refused {
        return refused.clone().into();
    }
    csv_error(origin, error, |byte| reader.line_of(byte))
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
fn csv_error(origin: &str, error: &csv::Error, line_of: impl Fn(u64) -> u64) -> Error {
    let line = error.position().map(|p| line_of(p.byte()));
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
