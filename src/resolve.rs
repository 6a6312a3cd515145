//! Names to things: "Baku", "id:Azerbaijan", "Pashinian" or a full IRI to
//! the actor or agreement the graph knows.
//!
//! It owns matching (IRI, prefixed name, label or alias, any case, any
//! language) and the errors for unknown and ambiguous names; it never
//! formats answers.

use crate::output::Rows;
use crate::store::KnowledgeGraph;
use crate::vocab;
use anyhow::{bail, Result};
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
            None => bail!("{name}: the graph says nothing about {iri}"),
        };
    }
    let matches = things(graph, None, Some(name))?;
    match matches.len() {
        1 => Ok(matches.into_iter().next().expect("one match")),
        0 => {
            let closest = closest_names(graph, name, 5)?;
            if closest.is_empty() {
                bail!("no actor or agreement is named {name:?}");
            }
            bail!(
                "no actor or agreement is named {name:?}; the closest names are: {}",
                closest.join(", ")
            )
        }
        _ => {
            let listed: Vec<String> = matches
                .iter()
                .map(|m| format!("  {}", m.describe()))
                .collect();
            bail!(
                "{name:?} is ambiguous: it names {} things; use one of their IRIs:\n{}",
                matches.len(),
                listed.join("\n")
            )
        }
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

/// Typed individuals (outside the ontology), optionally one IRI or those
/// with a label or alias equal to `name` in any case.
fn things(
    graph: &KnowledgeGraph,
    iri: Option<&NamedNode>,
    name: Option<&str>,
) -> Result<Vec<Named>> {
    let mut bindings = Vec::new();
    if let Some(iri) = iri {
        bindings.push(("thing".to_owned(), Term::from(iri.clone())));
    }
    let filter = match name {
        Some(name) => {
            bindings.push((
                "wanted".to_owned(),
                Literal::new_simple_literal(squash(name)).into(),
            ));
            "?thing skos:prefLabel|skos:altLabel|rdfs:label ?name .
             FILTER(REPLACE(LCASE(STR(?name)), '[^\\\\p{L}\\\\p{N}]', '') = ?wanted)"
        }
        None => "",
    };
    let query = format!(
        "SELECT DISTINCT ?thing ?kind ?label WHERE {{
           {filter}
           ?thing a ?kind .
           FILTER(isIRI(?thing) && !STRSTARTS(STR(?thing), STR(ent:)) && ?kind != owl:NamedIndividual)
           OPTIONAL {{ ?thing skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), 'en')) }}
         }} ORDER BY ?thing ?kind"
    );
    let rows = Rows::collect(graph.query(&query, &bindings)?)?;
    let mut found: BTreeMap<String, Named> = BTreeMap::new();
    for row in rows.rows {
        let Some(Term::NamedNode(thing)) = row[0].clone().or_else(|| iri.cloned().map(Term::from))
        else {
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

/// The labels and aliases closest to a name that matched nothing.
fn closest_names(graph: &KnowledgeGraph, name: &str, n: usize) -> Result<Vec<String>> {
    let rows = Rows::collect(graph.query(
        "SELECT DISTINCT ?name WHERE {
           ?thing skos:prefLabel|skos:altLabel|rdfs:label ?name ; a ?kind .
           FILTER(isIRI(?thing) && !STRSTARTS(STR(?thing), STR(ent:)))
         }",
        &[],
    )?)?;
    let wanted = name.to_lowercase();
    let mut scored: Vec<(f64, String)> = rows
        .rows
        .into_iter()
        .filter_map(|r| match &r[0] {
            Some(Term::Literal(l)) => Some(l.value().to_owned()),
            _ => None,
        })
        .map(|label| (strsim::jaro_winkler(&wanted, &label.to_lowercase()), label))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    Ok(scored.into_iter().take(n).map(|(_, l)| l).collect())
}

/// A name as compared: lower case, letters and digits only, so that
/// "Nagorno Karabakh", "Nagorno-Karabakh" and "nagorno_karabakh" meet.
fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether an individual is an instance of `class` or of one of its subclasses.
pub fn is_a(graph: &KnowledgeGraph, thing: &NamedNode, class: &str) -> Result<bool> {
    let results = graph.query(
        "ASK { ?thing a/rdfs:subClassOf* ?class }",
        &[
            ("thing".to_owned(), thing.clone().into()),
            ("class".to_owned(), NamedNode::new(class)?.into()),
        ],
    )?;
    match results {
        oxigraph::sparql::QueryResults::Boolean(b) => Ok(b),
        _ => bail!("ASK gave no boolean"),
    }
}

/// An ontology class by name: `state`, `de facto state`, `DeFactoState`,
/// `ent:State` or a label, in any case.
pub fn resolve_class(graph: &KnowledgeGraph, name: &str) -> Result<NamedNode> {
    if let Some(iri) = as_iri(name) {
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
    bail!("no kind named {name:?}; the kinds are: {}", all.join(", "))
}
