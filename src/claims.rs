//! An analyst's claims sheet: a CSV file of one claim per row (who, what
//! relation, whom, when, said by whom, in which document, in which words,
//! how sure), read into one named graph per source and document with its
//! `prov:Bundle` — the shape hand-written claim files have (`data/*.trig`).
//!
//! Names are resolved by [`crate::resolve::resolve`], as on the command line;
//! the relation words are [`RELATIONS`], each a relation class of the
//! ontology with the role properties its subject and object take. The
//! triples come from the mapping `mappings/claims.rq`, a CONSTRUCT over the
//! resolved rows (as the data sets' mappings are), so their shape can be
//! changed without code.

use crate::error::{invalid, Error, Result};
use crate::import::{CsvOptions, CsvReader};
use crate::rows::Rows;
use crate::store::KnowledgeGraph;
use crate::text::squash;
use crate::vocab;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use oxigraph::sparql::QueryResults;
use std::collections::BTreeMap;
use std::path::Path;

/// The sheet's columns, in the template's order (`templates/claims.csv`).
pub const COLUMNS: &[&str] = &[
    "subject",
    "relation",
    "object",
    "date",
    "start",
    "end",
    "historical",
    "source",
    "document",
    "quote",
    "certainty",
    "about",
];

/// A relation word of the sheet: the ontology's relation class, the role
/// properties of its subject and object, and an alliance type if the word
/// implies one.
#[derive(Debug, Clone, Copy)]
pub struct Relation {
    pub word: &'static str,
    pub class: &'static str,
    pub subject_role: &'static str,
    pub object_role: &'static str,
    pub alliance_type: Option<&'static str>,
    /// The claim is of the object itself, an agreement (`OBJECT ROLE
    /// SUBJECT`: `ent:party`, `ent:guarantor`…), not of a node of its own.
    pub on_object: bool,
}

/// The relation words a sheet may use (local names of `ent:`).
pub const RELATIONS: &[Relation] = &[
    Relation {
        word: "alliance",
        class: "Alliance",
        subject_role: "member",
        object_role: "member",
        alliance_type: None,
        on_object: false,
    },
    Relation {
        word: "defence pact",
        class: "Alliance",
        subject_role: "member",
        object_role: "member",
        alliance_type: Some("DefencePactType"),
        on_object: false,
    },
    Relation {
        word: "hostility",
        class: "Hostility",
        subject_role: "hostileActor",
        object_role: "hostileTarget",
        alliance_type: None,
        on_object: false,
    },
    Relation {
        word: "support",
        class: "Support",
        subject_role: "supporter",
        object_role: "supported",
        alliance_type: None,
        on_object: false,
    },
    Relation {
        word: "affinity",
        class: "Affinity",
        subject_role: "affinityActor",
        object_role: "affinityTarget",
        alliance_type: None,
        on_object: false,
    },
    // Events: the subject acts, the object is acted on (the view reads them
    // as "attacks", "blockades", "accuses", "talks", "war").
    Relation {
        word: "offensive",
        class: "Offensive",
        subject_role: "attacker",
        object_role: "target",
        alliance_type: None,
        on_object: false,
    },
    Relation {
        word: "drone strike",
        class: "DroneStrike",
        subject_role: "attacker",
        object_role: "target",
        alliance_type: None,
        on_object: false,
    },
    Relation {
        word: "blockade",
        class: "Blockade",
        subject_role: "blockader",
        object_role: "target",
        alliance_type: None,
        on_object: false,
    },
    Relation {
        word: "accusation",
        class: "Accusation",
        subject_role: "accuser",
        object_role: "target",
        alliance_type: None,
        on_object: false,
    },
    Relation {
        word: "talks",
        class: "Talks",
        subject_role: "participant",
        object_role: "participant",
        alliance_type: None,
        on_object: false,
    },
    Relation {
        word: "war",
        class: "War",
        subject_role: "belligerent",
        object_role: "belligerent",
        alliance_type: None,
        on_object: false,
    },
    // The object is an agreement, not an actor: the mediator mediated it.
    Relation {
        word: "mediation",
        class: "Mediation",
        subject_role: "mediator",
        object_role: "mediatedAgreement",
        alliance_type: None,
        on_object: false,
    },
    // Of an agreement: its parties, signatories and third parties (the
    // object is the agreement, its role property the relation's).
    Relation {
        word: "party to",
        class: "Agreement",
        subject_role: "party",
        object_role: "",
        alliance_type: None,
        on_object: true,
    },
    Relation {
        word: "signatory of",
        class: "Agreement",
        subject_role: "signatory",
        object_role: "",
        alliance_type: None,
        on_object: true,
    },
    Relation {
        word: "mediator of",
        class: "Agreement",
        subject_role: "mediator",
        object_role: "",
        alliance_type: None,
        on_object: true,
    },
    Relation {
        word: "guarantor of",
        class: "Agreement",
        subject_role: "guarantor",
        object_role: "",
        alliance_type: None,
        on_object: true,
    },
    Relation {
        word: "facilitator of",
        class: "Agreement",
        subject_role: "facilitator",
        object_role: "",
        alliance_type: None,
        on_object: true,
    },
    Relation {
        word: "host of",
        class: "Agreement",
        subject_role: "host",
        object_role: "",
        alliance_type: None,
        on_object: true,
    },
    Relation {
        word: "observer of",
        class: "Agreement",
        subject_role: "observer",
        object_role: "",
        alliance_type: None,
        on_object: true,
    },
    Relation {
        word: "verifier of",
        class: "Agreement",
        subject_role: "verifier",
        object_role: "",
        alliance_type: None,
        on_object: true,
    },
    Relation {
        word: "witness of",
        class: "Agreement",
        subject_role: "witness",
        object_role: "",
        alliance_type: None,
        on_object: true,
    },
];

/// How a sheet is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct SheetOptions {
    /// Create the actors a name does not resolve to (typed by the range of
    /// the role the relation gives them) instead of refusing the sheet.
    pub new_actors: bool,
}

/// An actor the sheet created (`--new-actors`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActor {
    pub iri: NamedNode,
    pub name: String,
    pub class: NamedNode,
    /// The first row (1 = the first after the header) that names it.
    pub row: usize,
}

/// What reading a sheet gave: the quads (not yet in any store), the graphs
/// they fill, the actors created.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub rows: usize,
    pub quads: Vec<Quad>,
    pub graphs: Vec<NamedNode>,
    pub new_actors: Vec<NewActor>,
}

/// One row's cells by column name, and where it is in the file.
struct Row {
    number: usize,
    line: u64,
    cells: BTreeMap<&'static str, String>,
}

impl Row {
    fn get(&self, column: &str) -> Option<&str> {
        self.cells
            .get(column)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }
}

/// Reads a claims sheet against the names `graph` knows; nothing is added
/// to it (the caller inserts [`Sheet::quads`], all or nothing).
pub fn read(graph: &KnowledgeGraph, path: &Path, options: SheetOptions) -> Result<Sheet> {
    let file = path.display().to_string();
    // The importer's reader: a NUL byte, a stream without end, a byte that
    // is not UTF-8 or a row of the wrong length is refused with its place.
    let mut csv = CsvReader::open(path, &CsvOptions::default())?;
    let header = csv.header.clone();
    let positions: Vec<Option<&'static str>> = header
        .iter()
        .map(|h| COLUMNS.iter().copied().find(|c| squash(c) == squash(h)))
        .collect();
    for (i, name) in header.iter().enumerate() {
        if positions[i].is_none() {
            invalid!(
                "{file}:1: column {} {name:?} is not a claims-sheet column; they are: {}",
                i + 1,
                COLUMNS.join(", ")
            );
        }
    }
    for required in ["subject", "relation", "object", "source", "document"] {
        if !positions.contains(&Some(required)) {
            invalid!("{file}:1: the sheet has no column {required:?} (see templates/claims.csv)");
        }
    }
    let mut rows = Vec::new();
    let mut number = 0;
    // Every column is named (checked above), so the reader's cells are the
    // header's columns in order.
    while let Some((record, line)) = csv.next_row()? {
        number += 1;
        let mut cells = BTreeMap::new();
        for (j, cell) in record.into_iter().enumerate() {
            if let (Some(Some(column)), Some(Term::Literal(value))) = (positions.get(j), cell) {
                cells.insert(*column, value.value().to_owned());
            }
        }
        if cells.values().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push(Row {
            number,
            line,
            cells,
        });
    }
    // A sheet without a claim is a wrong file or an unsaved one, not
    // nothing to add.
    if rows.is_empty() {
        invalid!("{file}: the sheet has its header but no claim in any row");
    }

    let certainties = certainties(graph)?;
    let ranges = role_ranges(graph)?;
    let mapping = vocab::MAPPING_FILES
        .iter()
        .find(|(path, _)| path.ends_with("claims.rq"))
        .map(|(_, text)| *text)
        .ok_or_else(|| Error::Invalid("the mapping claims.rq is not compiled in".into()))?;
    let mut sheet = Sheet {
        rows: rows.len(),
        ..Sheet::default()
    };
    let mut minted: BTreeMap<String, NamedNode> = BTreeMap::new();
    // One graph per document (and source): the rows of each go through the
    // mapping together.
    let mut groups: BTreeMap<(String, String), Vec<Vec<Option<Term>>>> = BTreeMap::new();
    for row in &rows {
        let place = format!("{file}:{}: row {}", row.line, row.number);
        let need = |column: &str| {
            row.get(column)
                .map(str::to_owned)
                .ok_or_else(|| Error::Invalid(format!("{place}: the cell {column} is empty")))
        };
        let word = need("relation")?;
        let Some(relation) = RELATIONS.iter().find(|r| squash(r.word) == squash(&word)) else {
            let words: Vec<String> = RELATIONS.iter().map(|r| r.word.to_owned()).collect();
            invalid!(
                "{place}, column relation: no relation {word:?}; the closest are: {}",
                crate::text::closest(&word, words, 3).join(", ")
            );
        };
        // `checked`: a known thing must be of `range` (a source need not be
        // an actor: a data set's project is a prov:Organization).
        let mut actor = |column: &str, range: NamedNode, checked: bool| -> Result<NamedNode> {
            let name = need(column)?;
            match crate::resolve::resolve(graph, &name) {
                Ok(named) => {
                    // A thing of another kind than the role takes (an
                    // actor as the agreement a mediation mediated) is a
                    // wrong column or a wrong word, not a claim.
                    if checked && !named.kinds.is_empty() && !is_a(graph, &named.iri, &range)? {
                        invalid!(
                            "{place}, column {column}: {name:?} is {} ({}), not {}, which the {column} of {:?} must be",
                            named.label.as_deref().unwrap_or(named.iri.as_str()),
                            named.kinds.join(", "),
                            vocab::compact(range.as_str()).unwrap_or_else(|| range.to_string()),
                            relation.word
                        );
                    }
                    Ok(named.iri)
                }
                Err(Error::UnknownName { .. }) if options.new_actors => {
                    if let Some(iri) = minted.get(&squash(&name)) {
                        return Ok(iri.clone());
                    }
                    if let Some(why) = unfit_name(&name) {
                        invalid!("{place}, column {column}: {why}: not made an actor");
                    }
                    let iri = new_iri(graph, &name)
                        .map_err(|e| Error::Invalid(format!("{place}, column {column}: {e}")))?;
                    let class = range.clone();
                    minted.insert(squash(&name), iri.clone());
                    sheet.new_actors.push(NewActor {
                        iri: iri.clone(),
                        name,
                        class,
                        row: row.number,
                    });
                    Ok(iri)
                }
                Err(e @ Error::UnknownName { .. }) => Err(Error::Invalid(format!(
                    "{place}, column {column}: {e} (or give --new-actors to create it)"
                ))),
                Err(e) => Err(Error::Invalid(format!("{place}, column {column}: {e}"))),
            }
        };
        let subject = actor("subject", range_of(&ranges, relation.subject_role), true)?;
        let object = actor(
            "object",
            if relation.on_object {
                NamedNode::new_unchecked(format!("{}{}", vocab::ENT, relation.class))
            } else {
                range_of(&ranges, relation.object_role)
            },
            true,
        )?;
        // One thing under two names (a label and an alias) is one too.
        if !relation.on_object && subject == object {
            invalid!(
                "{place}: the subject and the object are one ({:?}): {:?} needs two sides",
                row.get("subject").unwrap_or_default(),
                relation.word
            );
        }
        if relation.on_object {
            // The claim is the agreement's own: a relation's span, stance
            // or node of its own do not apply.
            if let Some(column) = ["start", "end", "historical", "about"]
                .into_iter()
                .find(|c| row.get(c).is_some())
            {
                invalid!(
                    "{place}, column {column}: a claim of {:?} is the agreement's own, which has no {column}; leave it empty (the date column is the day it was agreed)",
                    relation.word
                );
            }
        }
        // The event or relation node the claim is about, when the store
        // knows it: two sources' words on one offensive meet on one node
        // (`describe` lists each with its graph), not on two.
        let about = match row.get("about") {
            None => None,
            Some(name) => {
                let named = crate::resolve::resolve(graph, name)
                    .map_err(|e| Error::Invalid(format!("{place}, column about: {e}")))?;
                let class = NamedNode::new_unchecked(format!("{}{}", vocab::ENT, relation.class));
                if !is_a(graph, &named.iri, &class)? {
                    invalid!(
                        "{place}, column about: {name:?} is {} ({}), not ent:{}, which a claim of {:?} is about",
                        named.label.as_deref().unwrap_or(named.iri.as_str()),
                        if named.kinds.is_empty() { "of no kind".to_owned() } else { named.kinds.join(", ") },
                        relation.class,
                        relation.word
                    );
                }
                Some(Term::from(named.iri))
            }
        };
        let source_name = need("source")?;
        // Who says so: on a new conflict often a source the store does not
        // know yet, created (an actor) like the others with --new-actors.
        let source = actor("source", range_of(&ranges, ""), false)?;
        let document = need("document")?;
        if document.chars().count() > MAX_DOCUMENT_CHARS {
            invalid!(
                "{place}, column document: a title or URL of {} characters (at most {MAX_DOCUMENT_CHARS}): the quote goes in the quote column",
                document.chars().count()
            );
        }
        let date = |column: &str| -> Result<Option<Term>> {
            row.get(column)
                .map(|cell| {
                    typed_date(cell)
                        .map_err(|e| Error::Invalid(format!("{place}, column {column}: {e}")))
                })
                .transpose()
        };
        let certainty =
            match row.get("certainty") {
                None => None,
                Some(word) => {
                    match certainties
                        .iter()
                        .find(|(label, _)| squash(label) == squash(word))
                    {
                        Some((_, iri)) => Some(Term::from(iri.clone())),
                        None => invalid!(
                    "{place}, column certainty: no certainty {word:?}; the ontology's are: {}",
                    certainties.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>().join(", ")
                ),
                    }
                }
            };
        let historical = match row.get("historical").map(str::to_lowercase).as_deref() {
            None | Some("false" | "no") => None,
            Some("true" | "yes") => Some(Term::from(Literal::from(true))),
            Some(other) => {
                invalid!("{place}, column historical: {other:?} is neither true nor false")
            }
        };
        let ent = |local: &str| {
            Some(Term::from(NamedNode::new_unchecked(format!(
                "{}{local}",
                vocab::ENT
            ))))
        };
        // A claim of an agreement is made of the agreement itself: no
        // class restated, no second role, its date the day it was agreed.
        let (class, object_role, object, about, date_of_claim, agreed_on) = if relation.on_object {
            (
                None,
                None,
                None,
                Some(Term::from(object)),
                None,
                date("date")?,
            )
        } else {
            (
                ent(relation.class),
                ent(relation.object_role),
                Some(object.into()),
                about,
                date("date")?,
                None,
            )
        };
        let values = vec![
            Some(Literal::from(row.number as i64).into()),
            class,
            ent(relation.subject_role),
            Some(subject.into()),
            object_role,
            object,
            relation.alliance_type.and_then(ent),
            date_of_claim,
            date("start")?,
            date("end")?,
            historical,
            row.get("quote")
                .map(|q| Literal::new_language_tagged_literal_unchecked(q, "en").into()),
            certainty,
            Some(source.into()),
            about,
            agreed_on,
        ];
        groups
            .entry((document, source_name))
            .or_default()
            .push(values);
    }

    let variables: Vec<String> = [
        "ROWNUM",
        "class",
        "subjectRole",
        "subject",
        "objectRole",
        "object",
        "allianceType",
        "date",
        "start",
        "end",
        "historical",
        "quote",
        "certainty",
        "source",
        "about",
        "agreedOn",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for ((document, source_name), mut table) in groups {
        let slug = slug(&document);
        // One graph per source and document: a bundle has one author, so two
        // sources' claims in one document never share it.
        let graph_iri = NamedNode::new_unchecked(format!(
            "{}claims-{}",
            vocab::GRAPH,
            graph_slug(&source_name, &document)
        ));
        // A document the store knows by that name (described already), else
        // its URL, else a new one; these two are described here.
        let (document_iri, known) = match crate::resolve::resolve(graph, &document) {
            Ok(named) => (named.iri, true),
            Err(_) => match NamedNode::new(document.as_str()) {
                Ok(iri) if document.starts_with("http://") || document.starts_with("https://") => {
                    (iri, false)
                }
                _ => (
                    NamedNode::new_unchecked(format!("{}document-{slug}", vocab::ID)),
                    false,
                ),
            },
        };
        let new_document = (!known).then(|| Term::from(document_iri.clone()));
        let constant = [
            Some(Term::from(graph_iri.clone())),
            Some(Term::from(document_iri)),
            new_document,
            Some(Literal::new_simple_literal(&document).into()),
            Some(
                Literal::new_language_tagged_literal_unchecked(
                    format!("Claims of {source_name} in {document}"),
                    "en",
                )
                .into(),
            ),
            Some(
                Literal::new_language_tagged_literal_unchecked(
                    format!("{source_name}: {document}"),
                    "en",
                )
                .into(),
            ),
        ];
        let mut all_variables = variables.clone();
        all_variables.extend(
            [
                "GRAPH",
                "document",
                "newDocument",
                "documentTitle",
                "bundleLabel",
                "bundleName",
            ]
            .iter()
            .map(|s| (*s).to_owned()),
        );
        for values in &mut table {
            values.extend(constant.iter().cloned());
        }
        let QueryResults::Graph(triples) = graph.query_rows(mapping, &all_variables, &table)?
        else {
            invalid!("the mapping claims.rq is not a CONSTRUCT");
        };
        for triple in triples {
            let triple =
                triple.map_err(|e| Error::Invalid(format!("the mapping claims.rq: {e}")))?;
            sheet.quads.push(Quad::new(
                triple.subject,
                triple.predicate,
                triple.object,
                GraphName::NamedNode(graph_iri.clone()),
            ));
        }
        sheet.graphs.push(graph_iri);
    }
    // The created actors are described in the first document's graph.
    if let Some(first) = sheet.graphs.first().cloned() {
        for actor in &sheet.new_actors {
            let label = Literal::new_language_tagged_literal_unchecked(&actor.name, "en");
            for (p, o) in [
                (RDF_TYPE, Term::from(actor.class.clone())),
                (SKOS_PREF_LABEL, label.clone().into()),
                (RDFS_LABEL, label.into()),
            ] {
                sheet.quads.push(Quad::new(
                    actor.iri.clone(),
                    NamedNode::new_unchecked(p),
                    o,
                    GraphName::NamedNode(first.clone()),
                ));
            }
        }
    }
    Ok(sheet)
}

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const SKOS_PREF_LABEL: &str = "http://www.w3.org/2004/02/skos/core#prefLabel";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";

/// A date cell as the ontology's dates are written: `YYYY` an xsd:gYear,
/// `YYYY-MM` an xsd:gYearMonth, `YYYY-MM-DD` an xsd:date (checked).
fn typed_date(cell: &str) -> std::result::Result<Term, String> {
    cell.parse::<entente_graph::Day>()
        .map_err(|e| e.to_string())?;
    let datatype = match cell.len() {
        4 => "gYear",
        7 => "gYearMonth",
        10 => "date",
        _ => return Err(format!("{cell:?} is not YYYY, YYYY-MM or YYYY-MM-DD")),
    };
    Ok(Literal::new_typed_literal(
        cell,
        NamedNode::new_unchecked(format!("http://www.w3.org/2001/XMLSchema#{datatype}")),
    )
    .into())
}

/// The ontology's certainties by label (`reported`, `confirmed`).
fn certainties(graph: &KnowledgeGraph) -> Result<Vec<(String, NamedNode)>> {
    let rows = Rows::collect(graph.query(
        "SELECT ?label ?certainty WHERE { ?certainty a ent:Certainty ; rdfs:label ?label } ORDER BY ?label",
        &[],
    )?)?;
    Ok(rows
        .rows
        .into_iter()
        .filter_map(|r| match (&r[0], &r[1]) {
            (Some(Term::Literal(l)), Some(Term::NamedNode(n))) => {
                Some((l.value().to_owned(), n.clone()))
            }
            _ => None,
        })
        .collect())
}

/// A name longer than this is not made an actor: no real one is, and it
/// would become an IRI and a label of that length.
const MAX_NAME_CHARS: usize = 300;

/// The longest document title or URL a sheet names.
const MAX_DOCUMENT_CHARS: usize = 2000;

/// Why a name may not become a new actor's, if it may not: too long, a
/// control character or a bidirectional override (which make a label
/// print as something else), or a spreadsheet formula.
fn unfit_name(name: &str) -> Option<String> {
    let length = name.chars().count();
    if length > MAX_NAME_CHARS {
        return Some(format!(
            "a name of {length} characters (at most {MAX_NAME_CHARS})"
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
    {
        return Some(format!(
            "the name {:?} holds the character U+{:04X}",
            crate::text::for_people(name, 80),
            u32::from(c)
        ));
    }
    if name.starts_with('=') {
        return Some(format!("the name {name:?} is a spreadsheet formula"));
    }
    None
}

/// What a role takes: its `rdfs:range`, else `ent:Actor`.
fn range_of(ranges: &BTreeMap<String, NamedNode>, role: &str) -> NamedNode {
    ranges
        .get(role)
        .cloned()
        .unwrap_or_else(|| NamedNode::new_unchecked(format!("{}Actor", vocab::ENT)))
}

/// Whether the store types `thing` as `class` or a subclass of it.
fn is_a(graph: &KnowledgeGraph, thing: &NamedNode, class: &NamedNode) -> Result<bool> {
    match graph.query(
        "ASK { ?thing a/rdfs:subClassOf* ?class }",
        &[
            ("thing".to_owned(), thing.clone().into()),
            ("class".to_owned(), class.clone().into()),
        ],
    )? {
        QueryResults::Boolean(answer) => Ok(answer),
        _ => invalid!("an ASK query gave no boolean"),
    }
}

/// The `rdfs:range` of each relation role (by local name), its own or a
/// super-property's (`ent:attacker` takes `ent:initiator`'s): what a
/// created actor is typed as, and what a named one must be.
fn role_ranges(graph: &KnowledgeGraph) -> Result<BTreeMap<String, NamedNode>> {
    let rows = Rows::collect(graph.query(
        "SELECT ?role ?range WHERE {
           ?role rdfs:subPropertyOf* ?super . ?super rdfs:range ?range
           FILTER (STRSTARTS(STR(?role), STR(ent:)))
         } ORDER BY DESC(?role = ?super)",
        &[],
    )?)?;
    let mut ranges = BTreeMap::new();
    for row in rows.rows {
        if let (Some(Term::NamedNode(role)), Some(Term::NamedNode(range))) = (&row[0], &row[1]) {
            if let Some(local) = role.as_str().strip_prefix(vocab::ENT) {
                // The role's own range first (the order above), then the nearest.
                ranges
                    .entry(local.to_owned())
                    .or_insert_with(|| range.clone());
            }
        }
    }
    Ok(ranges)
}

/// An IRI for a created actor: `id:` and its name in CamelCase, with a
/// number added if the store already uses it.
fn new_iri(graph: &KnowledgeGraph, name: &str) -> Result<NamedNode> {
    // An apostrophe is inside a word: "People's" is `Peoples`, not `PeopleS`.
    let camel: String = name
        .replace(['\'', '\u{2019}'], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|f| f.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    if camel.is_empty() {
        invalid!("the name {name:?} has no letters or digits to make an IRI of");
    }
    let encoded: String = camel
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("{c}")
                    .bytes()
                    .map(|b| format!("%{b:02X}"))
                    .collect()
            }
        })
        .collect();
    for n in 1.. {
        let local = if n == 1 {
            encoded.clone()
        } else {
            format!("{encoded}-{n}")
        };
        let iri = NamedNode::new_unchecked(format!("{}{local}", vocab::ID));
        let used = graph.query(
            "ASK { { ?iri ?p ?o } UNION { ?s ?p ?iri } }",
            &[("iri".to_owned(), Term::from(iri.clone()))],
        )?;
        if matches!(used, QueryResults::Boolean(false)) {
            return Ok(iri);
        }
    }
    unreachable!("some number is free")
}

/// A document's name as a path segment: lower case letters and digits,
/// words joined by hyphens, at most 60 characters.
/// The name of the graph of one source's claims in one document:
/// `SOURCE-DOCUMENT` as slugs, and when either was cut short, a hash of
/// both in full, so that two long titles alike in their first words do not
/// share a graph.
fn graph_slug(source: &str, document: &str) -> String {
    let cut = |text: &str| {
        let words: usize = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase().len() + 1)
            .sum();
        slug(text).len() + 1 < words
    };
    let mut name = format!("{}-{}", slug(source), slug(document));
    if cut(source) || cut(document) {
        // FNV-1a: stable across runs and builds, as an IRI must be.
        let hash = format!("{source}\u{0}{document}")
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        name.push_str(&format!("-{:08x}", hash >> 32));
    }
    name
}

fn slug(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut slug = String::new();
    for word in words {
        if slug.len() + word.len() > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word);
    }
    if slug.is_empty() {
        "sheet".to_owned()
    } else {
        slug.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect()
    }
}
