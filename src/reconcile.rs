//! Reconciliation: the actors, agreements and armed conflicts a data set's
//! mapping minted (`id:ucdp-actor-17`, `id:cwm-named-Cuba`…), linked to the
//! things the store already knows under another IRI (the seed's
//! `id:GovernmentOfColombia`, another data set's state).
//!
//! Many items need no link: the mappings themselves give a state the IRI the
//! store knows by its COW code, and an agreement the IRI known by its UCDP
//! or PA-X id (those items count as `landed`). For the rest, two rules, each
//! giving one kind of link:
//! - the same identifier (`ent:cowCode`, `ent:ucdpAgreementId`,
//!   `ent:paxAgreementId`) on another thing: `owl:sameAs`;
//! - the same label or alias as the resolver compares names
//!   ([`crate::text::squash`]: case, spaces and punctuation ignored), on a
//!   thing of the same kind (actor, agreement, armed conflict) that this
//!   data set did not mint: `skos:exactMatch`. One thing of hand-written
//!   data with the name wins; without one, every other data set's item with
//!   it is linked; two of hand-written data leave the choice to the user.
//!
//! Anything else is unmatched, with its closest names. The links are one
//! named graph with its `prov:Bundle` ([`Report::write_trig`]), for a user
//! to review and load. Nothing is written to the store.

use crate::error::Result;
use crate::rows::Rows;
use crate::store::KnowledgeGraph;
use crate::text::squash;
use crate::vocab;
use oxigraph::model::{Literal, NamedNode, Term};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;

/// What an item is, for matching like with like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Actor,
    Agreement,
    ArmedConflict,
}

impl Kind {
    /// The word a user reads.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Actor => "actor",
            Kind::Agreement => "agreement",
            Kind::ArmedConflict => "armed conflict",
        }
    }

    fn from_iri(iri: &str) -> Option<Self> {
        match iri.strip_prefix(vocab::ENT)? {
            "Actor" => Some(Kind::Actor),
            "Agreement" => Some(Kind::Agreement),
            "ArmedConflict" => Some(Kind::ArmedConflict),
            _ => None,
        }
    }
}

/// How a link was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum How {
    /// The same value of an identifier property (`ent:cowCode`…).
    SameIdentifier { property: String, value: String },
    /// The same label or alias.
    SameName(String),
}

impl How {
    /// The link's predicate: an identifier says the two are one thing
    /// (`owl:sameAs`); a name, that they match (`skos:exactMatch`).
    pub fn predicate(&self) -> NamedNode {
        NamedNode::new_unchecked(match self {
            How::SameIdentifier { .. } => "http://www.w3.org/2002/07/owl#sameAs",
            How::SameName(_) => "http://www.w3.org/2004/02/skos/core#exactMatch",
        })
    }

    /// In words, for the table and the TriG file's comments.
    pub fn describe(&self) -> String {
        match self {
            How::SameIdentifier { property, value } => format!("same {property} \"{value}\""),
            How::SameName(name) => format!("same name \"{name}\""),
        }
    }
}

/// One link from a data set's item to a thing known otherwise.
#[derive(Debug, Clone)]
pub struct Link {
    pub item: NamedNode,
    pub item_label: String,
    pub kind: Kind,
    pub target: NamedNode,
    pub target_label: String,
    pub how: How,
}

/// An item no rule linked, with the things whose names come closest (an
/// exact name shared by several things lists them all).
#[derive(Debug, Clone)]
pub struct Unmatched {
    pub item: NamedNode,
    pub label: String,
    pub kind: Kind,
    /// (IRI, label), best first.
    pub closest: Vec<(NamedNode, String)>,
    /// Several things have its name: which one is meant is the user's call.
    pub ambiguous: bool,
}

/// What reconciling one data set's graph found.
#[derive(Debug, Clone)]
pub struct Report {
    pub dataset: NamedNode,
    /// Its bundle's label, if any.
    pub dataset_label: Option<String>,
    /// Items of the data set's graph that are things the store knows from
    /// elsewhere under the same IRI (the mapping found them by identifier).
    pub landed: Vec<NamedNode>,
    pub links: Vec<Link>,
    pub unmatched: Vec<Unmatched>,
}

// (`?dataset` is projected so that its binding is substituted as a
// constant, where the optimiser starts from it.)

/// The items of a data set's graph (typed there as an actor, agreement or
/// armed conflict, or a subclass) and their kinds.
const ITEMS: &str = "SELECT DISTINCT ?item ?kind ?dataset WHERE {
  GRAPH ?dataset { ?item a ?class }
  { ?class rdfs:subClassOf* ent:Actor BIND (ent:Actor AS ?kind) }
  UNION { ?class rdfs:subClassOf* ent:Agreement BIND (ent:Agreement AS ?kind) }
  UNION { ?class rdfs:subClassOf* ent:ArmedConflict BIND (ent:ArmedConflict AS ?kind) }
  FILTER (isIRI(?item))
}";

/// Every typed thing of those kinds with its labels and aliases.
const NAMES: &str = "SELECT DISTINCT ?thing ?kind ?name WHERE {
  ?thing a ?class ; skos:prefLabel|skos:altLabel|rdfs:label ?name .
  { ?class rdfs:subClassOf* ent:Actor BIND (ent:Actor AS ?kind) }
  UNION { ?class rdfs:subClassOf* ent:Agreement BIND (ent:Agreement AS ?kind) }
  UNION { ?class rdfs:subClassOf* ent:ArmedConflict BIND (ent:ArmedConflict AS ?kind) }
  FILTER (isIRI(?thing) && !STRSTARTS(STR(?thing), STR(ent:)))
}";

/// The graphs that say something of each thing.
const GRAPHS: &str =
    "SELECT DISTINCT ?thing ?graph WHERE { GRAPH ?graph { ?thing ?p ?o } FILTER (isIRI(?thing)) }";

/// The identifiers shared across data sets.
const IDENTIFIERS: &str = "SELECT DISTINCT ?thing ?property ?value WHERE {
  VALUES ?property { ent:cowCode ent:ucdpAgreementId ent:paxAgreementId }
  ?thing ?property ?value .
}";

const PREF_LABEL: &str = "SELECT ?label ?dataset WHERE {
  OPTIONAL { ?dataset skos:prefLabel ?pref }
  OPTIONAL { ?dataset rdfs:label ?plain }
  BIND (COALESCE(?pref, ?plain) AS ?label)
}";

/// Whether the store holds anything in the named graph `dataset` (a data
/// set not yet imported has to be, first).
pub fn holds_graph(graph: &KnowledgeGraph, dataset: &NamedNode) -> Result<bool> {
    let bind = [("dataset".to_owned(), Term::from(dataset.clone()))];
    match graph.query("ASK { GRAPH ?dataset { ?s ?p ?o } }", &bind)? {
        oxigraph::sparql::QueryResults::Boolean(b) => Ok(b),
        _ => Ok(false),
    }
}

fn iri(term: &Option<Term>) -> Option<&NamedNode> {
    match term {
        Some(Term::NamedNode(n)) => Some(n),
        _ => None,
    }
}

fn text(term: &Option<Term>) -> Option<&str> {
    match term {
        Some(Term::Literal(l)) => Some(l.value()),
        _ => None,
    }
}

/// How [`reconcile`] reports.
#[derive(Debug, Clone, Default)]
pub struct ReconcileOptions {
    /// The graphs of data sets (the shipped mappings' `# graph:`): a thing
    /// described in none of them is known from hand-written data, and wins
    /// a name shared with another data set's item.
    pub dataset_graphs: BTreeSet<String>,
    /// How many closest names to give each unmatched item (ranking them
    /// costs a comparison with every name of its kind: 0 skips it).
    pub closest: usize,
}

/// Reconciles the items of the named graph `dataset` with everything else
/// in `graph`.
pub fn reconcile(
    graph: &KnowledgeGraph,
    dataset: &NamedNode,
    options: &ReconcileOptions,
) -> Result<Report> {
    let dataset_graphs = &options.dataset_graphs;
    let bind = [("dataset".to_owned(), Term::from(dataset.clone()))];
    let mut items: BTreeMap<NamedNode, Kind> = BTreeMap::new();
    for row in Rows::collect(graph.query(ITEMS, &bind)?)?.rows {
        if let (Some(item), Some(kind)) = (iri(&row[0]), iri(&row[1])) {
            if let Some(kind) = Kind::from_iri(kind.as_str()) {
                // an agreement that is also typed an actor stays an agreement
                let entry = items.entry(item.clone()).or_insert(kind);
                *entry = (*entry).max(kind);
            }
        }
    }
    let dataset_label = Rows::collect(graph.query(PREF_LABEL, &bind)?)?
        .rows
        .first()
        .and_then(|r| text(&r[0]).map(str::to_owned));

    // Where each thing is described: in this data set, in hand-written data.
    let mut in_dataset: BTreeSet<NamedNode> = BTreeSet::new();
    let mut known_by_hand: BTreeSet<NamedNode> = BTreeSet::new();
    for row in Rows::collect(graph.query(GRAPHS, &[])?)?.rows {
        let (Some(thing), Some(g)) = (iri(&row[0]), iri(&row[1])) else {
            continue;
        };
        if g == dataset {
            in_dataset.insert(thing.clone());
        } else if !dataset_graphs.contains(g.as_str())
            && g.as_str() != format!("{}inferred", vocab::GRAPH)
        {
            known_by_hand.insert(thing.clone());
        }
    }

    // Names: squashed name → things (with their kinds); labels per thing.
    let mut by_name: HashMap<(Kind, String), BTreeSet<NamedNode>> = HashMap::new();
    let mut names_of: BTreeMap<NamedNode, Vec<String>> = BTreeMap::new();
    let mut kind_names: BTreeMap<Kind, Vec<(String, NamedNode)>> = BTreeMap::new();
    for row in Rows::collect(graph.query(NAMES, &[])?)?.rows {
        let (Some(thing), Some(kind), Some(name)) = (iri(&row[0]), iri(&row[1]), text(&row[2]))
        else {
            continue;
        };
        let Some(kind) = Kind::from_iri(kind.as_str()) else {
            continue;
        };
        names_of
            .entry(thing.clone())
            .or_default()
            .push(name.to_owned());
        let key = squash(name);
        if key.is_empty() {
            continue;
        }
        by_name
            .entry((kind, key))
            .or_default()
            .insert(thing.clone());
        if !items.contains_key(thing) {
            kind_names
                .entry(kind)
                .or_default()
                .push((name.to_owned(), thing.clone()));
        }
    }
    for names in names_of.values_mut() {
        names.sort();
        names.dedup();
    }
    let label = |thing: &NamedNode| -> String {
        names_of
            .get(thing)
            .and_then(|n| n.first().cloned())
            .unwrap_or_else(|| vocab::compact(thing.as_str()).unwrap_or_else(|| thing.to_string()))
    };

    // Identifiers: (property, value) → things.
    let mut by_identifier: HashMap<(NamedNode, String), BTreeSet<NamedNode>> = HashMap::new();
    let mut identifiers_of: BTreeMap<NamedNode, Vec<(NamedNode, String)>> = BTreeMap::new();
    for row in Rows::collect(graph.query(IDENTIFIERS, &[])?)?.rows {
        let (Some(thing), Some(property), Some(value)) =
            (iri(&row[0]), iri(&row[1]), text(&row[2]))
        else {
            continue;
        };
        by_identifier
            .entry((property.clone(), value.to_owned()))
            .or_default()
            .insert(thing.clone());
        identifiers_of
            .entry(thing.clone())
            .or_default()
            .push((property.clone(), value.to_owned()));
    }

    let mut report = Report {
        dataset: dataset.clone(),
        dataset_label,
        landed: Vec::new(),
        links: Vec::new(),
        unmatched: Vec::new(),
    };
    for (item, kind) in &items {
        if !in_dataset.contains(item) {
            continue;
        }
        if known_by_hand.contains(item) {
            report.landed.push(item.clone());
            continue;
        }
        let item_label = label(item);
        // 1. the same identifier on another thing
        let by_id = identifiers_of.get(item).and_then(|ids| {
            ids.iter().find_map(|(property, value)| {
                let others: Vec<&NamedNode> = by_identifier[&(property.clone(), value.clone())]
                    .iter()
                    .filter(|t| *t != item)
                    .collect();
                match others.as_slice() {
                    [one] => Some(((*one).clone(), property.clone(), value.clone())),
                    _ => None,
                }
            })
        });
        if let Some((target, property, value)) = by_id {
            report.links.push(Link {
                item: item.clone(),
                item_label,
                kind: *kind,
                target_label: label(&target),
                target,
                how: How::SameIdentifier {
                    property: vocab::compact(property.as_str())
                        .unwrap_or_else(|| property.to_string()),
                    value,
                },
            });
            continue;
        }
        // 2. the same name on one thing of the same kind not minted here
        let mut candidates: BTreeMap<NamedNode, String> = BTreeMap::new();
        for name in names_of.get(item).into_iter().flatten() {
            if let Some(things) = by_name.get(&(*kind, squash(name))) {
                for thing in things {
                    if thing != item && !items.contains_key(thing) {
                        candidates.insert(thing.clone(), name.clone());
                    }
                }
            }
        }
        let by_hand: Vec<_> = candidates
            .iter()
            .filter(|(t, _)| known_by_hand.contains(*t))
            .collect();
        // One thing of hand-written data: that one. None: every other data
        // set's item of that name (the same name from two sources). Several
        // of hand-written data: the user's call.
        let chosen: Vec<(NamedNode, String)> = match by_hand.as_slice() {
            [(thing, name)] => vec![((*thing).clone(), (*name).clone())],
            [] => candidates
                .iter()
                .map(|(t, n)| (t.clone(), n.clone()))
                .collect(),
            _ => Vec::new(),
        };
        if !chosen.is_empty() {
            for (target, name) in chosen {
                report.links.push(Link {
                    item: item.clone(),
                    item_label: item_label.clone(),
                    kind: *kind,
                    target_label: label(&target),
                    target,
                    how: How::SameName(name),
                });
            }
            continue;
        }
        let ambiguous = !candidates.is_empty();
        let closest = if ambiguous {
            candidates.keys().map(|t| (t.clone(), label(t))).collect()
        } else {
            closest_things(&item_label, kind_names.get(kind), options.closest)
        };
        report.unmatched.push(Unmatched {
            item: item.clone(),
            label: item_label,
            kind: *kind,
            closest,
            ambiguous,
        });
    }
    Ok(report)
}

/// The things of one kind whose names come closest to `name`, by the
/// project's one ranking ([`crate::text::closest`]).
fn closest_things(
    name: &str,
    names: Option<&Vec<(String, NamedNode)>>,
    n: usize,
) -> Vec<(NamedNode, String)> {
    let Some(names) = names.filter(|_| n > 0) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for best in crate::text::closest(name, names.iter().map(|(n, _)| n.clone()), n * 2) {
        for (label, thing) in names.iter().filter(|(l, _)| *l == best) {
            if found.len() < n && !found.iter().any(|(t, _): &(NamedNode, String)| t == thing) {
                found.push((thing.clone(), label.clone()));
            }
        }
    }
    found
}

impl Report {
    /// The links' named graph: `g:links-` and the data set graph's last
    /// path segment.
    pub fn links_graph(&self) -> NamedNode {
        let last = self
            .dataset
            .as_str()
            .rsplit('/')
            .next()
            .unwrap_or("dataset");
        NamedNode::new_unchecked(format!("{}links-{last}", vocab::GRAPH))
    }

    /// Writes the links as TriG: one named graph, its `prov:Bundle` saying
    /// what each kind of link means and which data set the links are from,
    /// and a comment above each link in words.
    pub fn write_trig(&self, out: &mut dyn Write) -> Result<()> {
        let graph = self.links_graph();
        let dataset_name = self
            .dataset_label
            .clone()
            .unwrap_or_else(|| self.dataset.to_string());
        let label = Literal::new_language_tagged_literal_unchecked(
            format!("Links from {dataset_name} to the things known otherwise"),
            "en",
        );
        let short = Literal::new_language_tagged_literal_unchecked(
            format!("Reconciliation links, {dataset_name}"),
            "en",
        );
        let comment = Literal::new_language_tagged_literal_unchecked(
            "Made by `entente reconcile`: owl:sameAs where the item and the thing share an \
             identifier (ent:cowCode, ent:ucdpAgreementId, ent:paxAgreementId); skos:exactMatch \
             where they share a label or alias as the resolver compares names (case, spaces and \
             punctuation ignored) and are of the same kind (actor, agreement, armed conflict): \
             the one thing of hand-written data with that name, else every other data set's \
             item with it (two of hand-written data are left to the user). Review before loading."
                .to_owned(),
            "en",
        );
        let mut text = String::new();
        text.push_str(&format!(
            "# Reconciliation links for {dataset_name} ({}): {} links, {} items landed on known IRIs by the mapping, {} unmatched.\n",
            self.dataset,
            self.links.len(),
            self.landed.len(),
            self.unmatched.len()
        ));
        text.push_str(&format!("{graph} {{\n"));
        text.push_str(&format!(
            "  {graph} a <http://www.w3.org/ns/prov#Bundle> ;\n    <http://www.w3.org/2000/01/rdf-schema#label> {label} ;\n    <http://www.w3.org/2004/02/skos/core#prefLabel> {short} ;\n    <http://www.w3.org/2000/01/rdf-schema#comment> {comment} ;\n    <http://www.w3.org/ns/prov#wasDerivedFrom> {} .\n",
            self.dataset
        ));
        for link in &self.links {
            text.push_str(&format!(
                "\n  # {} {} = {}: {}\n  {} {} {} .\n",
                link.kind.name(),
                one_line(&link.item_label),
                one_line(&link.target_label),
                one_line(&link.how.describe()),
                link.item,
                link.how.predicate(),
                link.target
            ));
        }
        text.push_str("}\n");
        out.write_all(text.as_bytes()).map_err(crate::Error::Output)
    }
}

/// A label on one comment line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
