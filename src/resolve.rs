//! Names to things: "Baku", "id:Azerbaijan", "Pashinian" or a full IRI to
//! the actor or agreement the graph knows.
//!
//! It owns matching (IRI, prefixed name, label or alias, any case, any
//! language; candidates linked by `owl:sameAs`/`skos:exactMatch` to another
//! candidate step aside) and the errors for unknown and ambiguous names; it
//! never formats answers.

use crate::error::{invalid, Error, Result};
use crate::rows::Rows;
use crate::store::KnowledgeGraph;
use crate::text::squash;
use crate::vocab;
use oxigraph::model::{Literal, NamedNode, Term};
use std::collections::BTreeMap;

/// Something a name can denote: an individual with a type (actor, agreement,
/// event, source…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub iri: NamedNode,
    /// Its preferred label, if any.
    pub label: Option<String>,
    /// Its kinds, as prefixed names (`ent:State`).
    pub kinds: Vec<String>,
}

impl Named {
    fn describe(&self) -> String {
        let name = self.label.clone().unwrap_or_else(|| self.iri.to_string());
        let id = vocab::compact(self.iri.as_str()).unwrap_or_else(|| self.iri.to_string());
        if self.kinds.is_empty() {
            format!("{name} ({id})")
        } else {
            format!("{name} ({id}, {})", self.kinds.join(", "))
        }
    }
}

/// The individual a name denotes.
pub fn resolve(graph: &KnowledgeGraph, name: &str) -> Result<Named> {
    let name = name.trim();
    if let Some(iri) = as_iri(name) {
        let found = things(graph, Some(&iri), None)?;
        return match found.into_iter().next() {
            Some(thing) => Ok(thing),
            None => Err(Error::UnknownName {
                name: name.to_owned(),
                what: "actor or agreement is named",
                known: "the graph says nothing about",
                closest: vec![iri.to_string()],
            }),
        };
    }
    let matches = ResolvedNames::of(graph, name)?;
    match matches.len() {
        1 => Ok(matches.into_iter().next().expect("one match")),
        0 => Err(Error::UnknownName {
            name: name.to_owned(),
            what: "actor or agreement is named",
            known: "the closest names are",
            closest: closest_names(graph, name, 5)?,
        }),
        _ => Err(Error::Ambiguous {
            name: name.to_owned(),
            candidates: matches.iter().map(Named::describe).collect(),
        }),
    }
}

/// The things each name asked for denotes, kept until the store is
/// written ([`KnowledgeGraph::derived`]): an endpoint resolves the same few
/// names on every request, and each took a query of its own.
#[derive(Default)]
struct ResolvedNames(std::sync::Mutex<std::collections::HashMap<String, Vec<Named>>>);

impl ResolvedNames {
    /// At most this many names are kept; then the list starts again.
    const KEPT: usize = 10_000;
    /// Names longer than this (in bytes, squashed) are resolved every time.
    const LONGEST: usize = 200;

    fn of(graph: &KnowledgeGraph, name: &str) -> Result<Vec<Named>> {
        let names = graph.derived(|_| Ok(ResolvedNames::default()))?;
        let key = squash(name);
        let lock = || names.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = lock().get(&key) {
            return Ok(found.clone());
        }
        let found = without_linked(graph, things(graph, None, Some(name))?)?;
        // A name no label is as long as is not worth a place (and a
        // client's megabyte-long names would fill the memory).
        if key.len() <= Self::LONGEST {
            let mut kept = lock();
            if kept.len() >= Self::KEPT {
                kept.clear();
            }
            kept.insert(key, found.clone());
        }
        Ok(found)
    }
}

/// The candidates for one name less those linked to another of them by
/// `owl:sameAs` or `skos:exactMatch` (the links `entente reconcile` writes
/// from a data set's item to the thing known otherwise): once a user has
/// loaded the links, "Russia" is the seed's Russia again, not also CWM's.
fn without_linked(graph: &KnowledgeGraph, candidates: Vec<Named>) -> Result<Vec<Named>> {
    if candidates.len() < 2 {
        return Ok(candidates);
    }
    let iris: String = candidates
        .iter()
        .map(|c| c.iri.to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let rows = Rows::collect(graph.query(
        &format!(
            "SELECT DISTINCT ?item WHERE {{
               VALUES ?item {{ {iris} }} VALUES ?thing {{ {iris} }}
               ?item owl:sameAs|skos:exactMatch ?thing FILTER (?item != ?thing)
             }}"
        ),
        &[],
    )?)?;
    let linked: Vec<&Term> = rows.rows.iter().filter_map(|row| row[0].as_ref()).collect();
    let left: Vec<Named> = candidates
        .iter()
        .filter(|c| !linked.contains(&&Term::from(c.iri.clone())))
        .cloned()
        .collect();
    // Links that go round in a circle leave nobody: the name stays ambiguous.
    Ok(if left.is_empty() { candidates } else { left })
}

/// A question's parameter value as a term, read as `--param NAME=VALUE`
/// and an endpoint's `?NAME=VALUE` read it: `<…>` is an IRI, `"…"` a
/// string, `YYYY-MM-DD` a date (2023-13-45 is refused), anything else a name
/// resolved to its IRI. A name that resolves to nothing is an error for a
/// parameter the question declares (`declared`: the user meant a thing),
/// and a plain string otherwise.
///
/// ```
/// let graph = entente::store::KnowledgeGraph::with_seed_data()?;
/// let baku = entente::resolve::parameter(&graph, "Baku", true)?;
/// assert_eq!(baku.to_string(), "<https://entente.example/id/Azerbaijan>");
/// assert!(entente::resolve::parameter(&graph, "2023-13-45", true).is_err());
/// # Ok::<(), entente::Error>(())
/// ```
pub fn parameter(graph: &KnowledgeGraph, value: &str, declared: bool) -> Result<Term> {
    if let Some(iri) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
        return match NamedNode::new(iri) {
            Ok(iri) => Ok(iri.into()),
            Err(e) => invalid!("{value} is not a valid IRI: {e}"),
        };
    }
    if let Some(literal) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        return Ok(Literal::new_simple_literal(literal).into());
    }
    if value.len() == 10
        && value.chars().filter(|c| *c == '-').count() == 2
        && value.starts_with(|c: char| c.is_ascii_digit())
    {
        let day: entente_graph::Day = match value.parse() {
            Ok(day) => day,
            Err(e) => invalid!("{e}"),
        };
        return Ok(
            Literal::new_typed_literal(day.to_string(), oxigraph::model::vocab::xsd::DATE).into(),
        );
    }
    match resolve(graph, value) {
        Ok(named) => Ok(named.iri.into()),
        Err(e) if declared => Err(e),
        Err(_) => Ok(Literal::new_simple_literal(value).into()),
    }
}

/// An IRI written as `<…>`, `http(s)://…`, `urn:…` or a known prefixed name.
fn as_iri(name: &str) -> Option<NamedNode> {
    let iri = if let Some(inner) = name.strip_prefix('<').and_then(|n| n.strip_suffix('>')) {
        inner.to_owned()
    } else if name.starts_with("http://")
        || name.starts_with("https://")
        || name.starts_with("urn:")
    {
        name.to_owned()
    } else if !name.contains(char::is_whitespace) {
        vocab::expand(name)?
    } else {
        return None;
    };
    NamedNode::new(iri).ok()
}

/// The labels and aliases of the store's things, built once per store
/// state ([`KnowledgeGraph::derived`]): a name is looked up here instead of
/// a scan of every label per request (two thirds of a named question's
/// time over HTTP before, `BENCHMARKS.md`).
#[derive(Debug, Default)]
struct NameIndex {
    /// Squashed label or alias → the typed individuals outside the
    /// ontology that have it (owl:NamedIndividual alone does not count).
    things: std::collections::HashMap<String, Vec<NamedNode>>,
    /// Every label and alias of a typed individual outside the ontology,
    /// once each, shortest first, with its squashed form (for completion
    /// and the closest names).
    names: Vec<(String, String)>,
}

impl NameIndex {
    fn of(graph: &KnowledgeGraph) -> Result<std::sync::Arc<NameIndex>> {
        graph.derived(|graph| {
            let rows = Rows::collect(graph.query(
                "SELECT DISTINCT ?thing ?name WHERE {
                   ?thing skos:prefLabel|skos:altLabel|rdfs:label ?name ; a ?kind .
                   FILTER(isIRI(?thing) && !STRSTARTS(STR(?thing), STR(ent:)) && ?kind != owl:NamedIndividual)
                 }",
                &[],
            )?)?;
            let mut things: std::collections::HashMap<String, Vec<NamedNode>> =
                std::collections::HashMap::new();
            for row in rows.rows {
                if let (Some(Term::NamedNode(thing)), Some(Term::Literal(name))) = (&row[0], &row[1]) {
                    let list = things.entry(squash(name.value())).or_default();
                    if !list.contains(thing) {
                        list.push(thing.clone());
                    }
                }
            }
            let mut names: Vec<String> = all_names(graph)?;
            names.sort_by_key(|name| (name.chars().count(), name.clone()));
            names.dedup();
            Ok(NameIndex {
                things,
                names: names.into_iter().map(|n| (squash(&n), n)).collect(),
            })
        })
    }
}

/// Typed individuals (outside the ontology), optionally one IRI or those
/// with a label or alias equal to `name` in any case (found in the
/// [`NameIndex`]).
fn things(
    graph: &KnowledgeGraph,
    iri: Option<&NamedNode>,
    name: Option<&str>,
) -> Result<Vec<Named>> {
    let candidates: Vec<NamedNode> = match (iri, name) {
        (Some(iri), _) => vec![iri.clone()],
        (None, Some(name)) => match NameIndex::of(graph)?.things.get(&squash(name)) {
            Some(found) => found.clone(),
            None => return Ok(Vec::new()),
        },
        (None, None) => Vec::new(),
    };
    let query = "SELECT DISTINCT ?thing ?kind ?label WHERE {
           ?thing a ?kind .
           FILTER(isIRI(?thing) && !STRSTARTS(STR(?thing), STR(ent:)) && ?kind != owl:NamedIndividual)
           OPTIONAL { ?thing skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), 'en')) }
         } ORDER BY ?thing ?kind";
    let rows = match candidates.as_slice() {
        [] => Rows::collect(graph.query(query, &[])?)?,
        [one] => Rows::collect(graph.query(query, &[("thing".to_owned(), one.clone().into())])?)?,
        many => Rows::collect(
            graph.query_rows(
                query,
                &["thing".to_owned()],
                &many
                    .iter()
                    .map(|iri| vec![Some(Term::from(iri.clone()))])
                    .collect::<Vec<_>>(),
            )?,
        )?,
    };
    let mut found: BTreeMap<String, Named> = BTreeMap::new();
    for row in rows.rows {
        let Some(Term::NamedNode(thing)) = row[0].clone().or_else(|| match candidates.as_slice() {
            [one] => Some(Term::from(one.clone())),
            _ => None,
        }) else {
            continue;
        };
        let entry = found
            .entry(thing.as_str().to_owned())
            .or_insert_with(|| Named {
                iri: thing.clone(),
                label: None,
                kinds: Vec::new(),
            });
        if let Some(Term::NamedNode(kind)) = &row[1] {
            let kind = vocab::compact(kind.as_str()).unwrap_or_else(|| kind.to_string());
            if !entry.kinds.contains(&kind) {
                entry.kinds.push(kind);
            }
        }
        if let Some(Term::Literal(label)) = &row[2] {
            entry.label.get_or_insert_with(|| label.value().to_owned());
        }
    }
    Ok(found.into_values().collect())
}

/// Names a user may mean while typing `partial`: the labels and aliases
/// that start with it (in any case and spelling of spaces and hyphens),
/// then those that contain it, shortest first; the closest names when none
/// does; at most `n`, each once.
///
/// ```
/// let graph = entente::store::KnowledgeGraph::with_seed_data()?;
/// let names = entente::resolve::complete(&graph, "arts", 5)?;
/// assert_eq!(names.first().map(String::as_str), Some("Artsakh"));
/// # Ok::<(), entente::Error>(())
/// ```
pub fn complete(graph: &KnowledgeGraph, partial: &str, n: usize) -> Result<Vec<String>> {
    let wanted = squash(partial);
    let index = NameIndex::of(graph)?;
    let names = &index.names;
    let mut found: Vec<String> =
        names
            .iter()
            .filter(|(squashed, _)| squashed.starts_with(&wanted))
            .chain(names.iter().filter(|(squashed, _)| {
                !squashed.starts_with(&wanted) && squashed.contains(&wanted)
            }))
            .take(n)
            .map(|(_, name)| name.clone())
            .collect();
    // A misspelt start ("Armnia") still finds something.
    if found.is_empty() && !wanted.is_empty() {
        found = crate::text::closest(partial, names.iter().map(|(_, name)| name.clone()), n);
    }
    Ok(found)
}

/// Every label and alias of a typed individual outside the ontology.
fn all_names(graph: &KnowledgeGraph) -> Result<Vec<String>> {
    let rows = Rows::collect(graph.query(
        "SELECT DISTINCT ?name WHERE {
           ?thing skos:prefLabel|skos:altLabel|rdfs:label ?name ; a ?kind .
           FILTER(isIRI(?thing) && !STRSTARTS(STR(?thing), STR(ent:)))
         }",
        &[],
    )?)?;
    Ok(rows
        .rows
        .into_iter()
        .filter_map(|r| match &r[0] {
            Some(Term::Literal(l)) => Some(l.value().to_owned()),
            _ => None,
        })
        .collect())
}

/// The labels and aliases closest to a name that matched nothing.
fn closest_names(graph: &KnowledgeGraph, name: &str, n: usize) -> Result<Vec<String>> {
    let index = NameIndex::of(graph)?;
    Ok(crate::text::closest(
        name,
        index.names.iter().map(|(_, name)| name.clone()),
        n,
    ))
}

/// Whether a thing is a claim bundle (a named graph described as a
/// `prov:Bundle`), as `g:france24-map` is.
pub fn is_bundle(graph: &KnowledgeGraph, thing: &NamedNode) -> Result<bool> {
    is_a(graph, thing, &format!("{}Bundle", vocab::PROV))
}

/// Whether an individual is an instance of `class` or of one of its subclasses.
pub fn is_a(graph: &KnowledgeGraph, thing: &NamedNode, class: &str) -> Result<bool> {
    let results = graph.query(
        "ASK { ?thing a/rdfs:subClassOf* ?class }",
        &[
            ("thing".to_owned(), thing.clone().into()),
            ("class".to_owned(), NamedNode::new_unchecked(class).into()),
        ],
    )?;
    match results {
        oxigraph::sparql::QueryResults::Boolean(b) => Ok(b),
        _ => invalid!("ASK gave no boolean"),
    }
}

/// An ontology class by name: `state`, `de facto state`, `DeFactoState`,
/// `ent:State` or a label, in any case.
pub fn resolve_class(graph: &KnowledgeGraph, name: &str) -> Result<NamedNode> {
    if let Some(iri) = as_iri(name) {
        // An undeclared `ent:` class would match nothing, in silence.
        if !graph.vocabulary().allows(iri.as_str()) {
            invalid!("{}", graph.vocabulary().refusal(iri.as_str()));
        }
        return Ok(iri);
    }
    let wanted = squash(name);
    let rows = Rows::collect(graph.query(
        "SELECT DISTINCT ?class ?label WHERE {
           ?class a owl:Class . FILTER(STRSTARTS(STR(?class), STR(ent:)))
           OPTIONAL { ?class rdfs:label ?label }
         } ORDER BY ?class",
        &[],
    )?)?;
    let mut all = Vec::new();
    for row in &rows.rows {
        let Some(Term::NamedNode(class)) = &row[0] else {
            continue;
        };
        let local = class.as_str().trim_start_matches(vocab::ENT);
        let label = match &row[1] {
            Some(Term::Literal(l)) => l.value().to_owned(),
            _ => String::new(),
        };
        if squash(local) == wanted || (!label.is_empty() && squash(&label) == wanted) {
            return Ok(class.clone());
        }
        all.push(local.to_owned());
    }
    all.dedup();
    Err(Error::UnknownName {
        name: name.to_owned(),
        what: "kind named",
        known: "the kinds are",
        closest: all,
    })
}

/// The claim graphs of a source: those attributed to the actor a name
/// resolves to (or relayed by it, as The Guardian relays Stepanakert), else
/// the name itself (a graph IRI or label, matched by the view filter).
pub fn claim_graphs(graph: &KnowledgeGraph, name: &str) -> Result<Vec<String>> {
    let Ok(source) = resolve(graph, name) else {
        return Ok(vec![name.to_owned()]);
    };
    if is_bundle(graph, &source.iri)? {
        return Ok(vec![source.iri.as_str().to_owned()]);
    }
    let rows = Rows::collect(graph.query(
        "SELECT DISTINCT ?g WHERE { ?g prov:wasAttributedTo|(prov:wasQuotedFrom/prov:wasAttributedTo) ?who }",
        &[("who".to_owned(), source.iri.clone().into())],
    )?)?;
    let graphs: Vec<String> = rows
        .rows
        .iter()
        .filter_map(|r| match &r[0] {
            Some(Term::NamedNode(g)) => Some(g.as_str().to_owned()),
            _ => None,
        })
        .collect();
    if graphs.is_empty() {
        invalid!("no claims are attributed to {name:?}");
    }
    Ok(graphs)
}
