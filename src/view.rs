//! The actor graph of a view query (`queries/view.rq` by default): SPARQL
//! rows turned into an [`ActorGraph`], actors named from the store.
//!
//! It never decides what a relation means (the view query does) and never
//! runs an analysis.

pub use entente_graph::{local_name, Actor, ActorGraph, Relation};
use std::collections::HashMap;

/// The columns a view query must select, in the user's words.
pub const VIEW_COLUMNS: [&str; 8] = [
    "source", "target", "kind", "sign", "weight", "start", "end", "graph",
];

/// Builds the actor graph from a view query (`queries/view.rq` when `None`):
/// one edge per row, actors named, typed and aliased from the store.
pub fn from_store(
    store: &crate::store::KnowledgeGraph,
    view_query: Option<&str>,
) -> anyhow::Result<ActorGraph> {
    // The actors' names and kinds are read on a second thread while the
    // view's rows stream in: on a large persistent store each takes seconds.
    std::thread::scope(|scope| {
        let descriptions = scope.spawn(|| actor_descriptions(store));
        let mut graph = read_view(store, view_query)?;
        let descriptions = descriptions
            .join()
            .expect("the thread naming actors panicked")?;
        describe_actors(&mut graph, &descriptions);
        name_sources(store, &mut graph)?;
        Ok(graph)
    })
}

/// One edge per row of the view query.
fn read_view(
    store: &crate::store::KnowledgeGraph,
    view_query: Option<&str>,
) -> anyhow::Result<ActorGraph> {
    use anyhow::{bail, Context};
    use oxigraph::model::Term;

    let default;
    let sparql = match view_query {
        Some(text) => text,
        None => {
            default = crate::queries::named("view")?;
            default.sparql.as_str()
        }
    };
    // Rows are read as they come: a view of a large store has hundreds of
    // thousands of them, and only their text is kept.
    let oxigraph::sparql::QueryResults::Solutions(solutions) =
        store.query(sparql, &[]).context("in the view query")?
    else {
        bail!("a view query is a SELECT");
    };
    let variables = solutions.variables().to_vec();
    let column = |name: &str| variables.iter().position(|v| v.as_str() == name);
    let (Some(source), Some(target)) = (column("source"), column("target")) else {
        bail!(
            "a view query selects ?source and ?target (and optionally {}); this one selects {}",
            VIEW_COLUMNS[2..]
                .iter()
                .map(|c| format!("?{c}"))
                .collect::<Vec<_>>()
                .join(" "),
            variables
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        );
    };
    let [kind, sign, weight, start, end, graph_column] =
        ["kind", "sign", "weight", "start", "end", "graph"].map(column);
    fn text(row: &[Option<Term>], i: Option<usize>) -> Option<&str> {
        match row.get(i?)?.as_ref()? {
            Term::Literal(l) => Some(l.value()),
            Term::NamedNode(n) => Some(n.as_str()),
            Term::BlankNode(b) => Some(b.as_str()),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }
    let mut graph = ActorGraph::new();
    for solution in solutions {
        let solution = solution.context("in the view query")?;
        let row = solution.values();
        let (Some(s), Some(t)) = (text(row, Some(source)), text(row, Some(target))) else {
            continue;
        };
        let relation = Relation {
            kind: text(row, kind).unwrap_or("related").to_owned(),
            // Not f64::signum: it maps 0.0 to 1.0, and neutral ties are 0.
            sign: text(row, sign)
                .and_then(|v| v.parse::<f64>().ok())
                .map_or(0, |v| {
                    if v > 0.0 {
                        1
                    } else if v < 0.0 {
                        -1
                    } else {
                        0
                    }
                }),
            weight: text(row, weight)
                .and_then(|v| v.parse().ok())
                .unwrap_or(1.0),
            start: text(row, start).map(str::to_owned),
            end: text(row, end).map(str::to_owned),
            graph: text(row, graph_column).map(str::to_owned),
            source_label: None,
        };
        let (s, t) = (graph.actor_by_iri(s), graph.actor_by_iri(t));
        graph.relate(s, t, relation);
    }
    Ok(graph)
}

/// What the store says to name an actor.
#[derive(Debug, Default)]
struct Description {
    preferred: Option<String>,
    label: Option<String>,
    kind: Option<String>,
    aliases: Vec<String>,
}

/// Labels, kinds and aliases of everything that has them, by IRI.
fn actor_descriptions(
    store: &crate::store::KnowledgeGraph,
) -> anyhow::Result<HashMap<String, Description>> {
    use oxigraph::model::Term;
    use oxigraph::sparql::QueryResults;
    // No FILTER NOT EXISTS to prefer skos:prefLabel over rdfs:label: that
    // is one lookup per label (seconds on RocksDB); the preference is made
    // below instead.
    let QueryResults::Solutions(solutions) = store.query(
        "SELECT ?actor ?property ?value WHERE {
           { ?actor skos:prefLabel ?value FILTER(LANGMATCHES(LANG(?value), 'en') || LANG(?value) = '') BIND('preferred' AS ?property) }
           UNION { ?actor skos:altLabel ?value BIND('alias' AS ?property) }
           UNION { ?actor rdfs:label ?value BIND('label' AS ?property) }
           UNION { ?actor a ?value FILTER(STRSTARTS(STR(?value), STR(ent:)) && ?value != ent:Actor) BIND('kind' AS ?property) }
         }",
        &[],
    )?
    else {
        anyhow::bail!("the actor description query is a SELECT");
    };
    let mut descriptions: HashMap<String, Description> = HashMap::new();
    for solution in solutions {
        let solution = solution?;
        let (Some(Term::NamedNode(actor)), Some(Term::Literal(property)), Some(value)) =
            (solution.get(0), solution.get(1), solution.get(2))
        else {
            continue;
        };
        let entry = descriptions.entry(actor.as_str().to_owned()).or_default();
        match (property.value(), value) {
            ("preferred", Term::Literal(l)) => entry.preferred = Some(l.value().to_owned()),
            ("label", Term::Literal(l)) => entry.label = Some(l.value().to_owned()),
            ("alias", Term::Literal(l)) if !entry.aliases.iter().any(|a| a == l.value()) => {
                entry.aliases.push(l.value().to_owned())
            }
            ("kind", Term::NamedNode(k)) if entry.kind.is_none() => {
                entry.kind = Some(local_name(k.as_str()).to_owned())
            }
            _ => {}
        }
    }
    Ok(descriptions)
}

/// Fills in labels (skos:prefLabel, else rdfs:label), kinds and aliases.
fn describe_actors(graph: &mut ActorGraph, descriptions: &HashMap<String, Description>) {
    for node in graph.graph.node_weights_mut() {
        let Some(description) = descriptions.get(&node.iri) else {
            continue;
        };
        if let Some(label) = description
            .preferred
            .as_ref()
            .or(description.label.as_ref())
        {
            node.label = label.clone();
        }
        node.kind = description.kind.clone();
        node.aliases = description.aliases.clone();
        node.aliases.sort();
    }
}

/// Names each claim graph: its own short label, else the label of the
/// source it is attributed to.
fn name_sources(
    store: &crate::store::KnowledgeGraph,
    graph: &mut ActorGraph,
) -> anyhow::Result<()> {
    use crate::output::Rows;
    use oxigraph::model::Term;
    let rows = Rows::collect(store.query(
        "SELECT ?g (SAMPLE(?name) AS ?label) WHERE {
           { ?g skos:prefLabel ?name FILTER(LANGMATCHES(LANG(?name), 'en')) }
           UNION
           { ?g prov:wasAttributedTo ?who . ?who skos:prefLabel ?name FILTER(LANGMATCHES(LANG(?name), 'en'))
             FILTER NOT EXISTS { ?g skos:prefLabel ?own } }
           ?g a prov:Bundle .
         } GROUP BY ?g",
        &[],
    )?)?;
    let names: HashMap<String, String> = rows
        .rows
        .into_iter()
        .filter_map(|r| match (&r[0], &r[1]) {
            (Some(Term::NamedNode(g)), Some(Term::Literal(l))) => {
                Some((g.as_str().to_owned(), l.value().to_owned()))
            }
            _ => None,
        })
        .collect();
    for relation in graph.graph.edge_weights_mut() {
        relation.source_label = relation.graph.as_ref().and_then(|g| names.get(g).cloned());
    }
    Ok(())
}
