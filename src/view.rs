//! The actor graph of a view query (`queries/view.rq` by default): SPARQL
//! rows turned into an [`ActorGraph`], actors named from the store.
//!
//! It never decides what a relation means (the view query does) and never
//! runs an analysis.

use crate::error::{invalid, Context, Result};
use crate::rows::Rows;
use crate::store::KnowledgeGraph;
use entente_graph::dot::AgreementDrawing;
use entente_graph::Day;
pub use entente_graph::{local_name, Actor, ActorGraph, Relation};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use petgraph::graph::NodeIndex;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The columns a view query must select, in the user's words.
pub const VIEW_COLUMNS: [&str; 8] = [
    "source", "target", "kind", "sign", "weight", "start", "end", "graph",
];

/// Builds the actor graph from a view query (`queries/view.rq` when `None`):
/// one edge per row, actors named, typed and aliased from the store.
///
/// ```
/// let store = entente::store::KnowledgeGraph::with_seed_data()?;
/// let graph = entente::view::from_store(&store, None)?;
/// let turkey = graph.find("https://entente.example/id/Turkey").unwrap();
/// assert!(graph.graph.edges(turkey).any(|e| e.weight().kind == "allied"));
/// # Ok::<(), entente::Error>(())
/// ```
pub fn from_store(store: &KnowledgeGraph, view_query: Option<&str>) -> Result<ActorGraph> {
    // The actors' names and kinds are read on a second thread while the
    // view's rows stream in: on a large persistent store each takes seconds.
    std::thread::scope(|scope| {
        let descriptions = scope.spawn(|| actor_descriptions(store));
        let graph = read_view(store, view_query);
        // Joined before any return, and its unwinding (an evaluation
        // interrupted at its deadline, crate::interrupt) carried on here.
        let descriptions = descriptions
            .join()
            .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
        let mut graph = graph?;
        let descriptions = descriptions?;
        describe_actors(&mut graph, &descriptions);
        name_sources(store, &mut graph)?;
        Ok(graph)
    })
}

/// One edge per row of the view query.
fn read_view(store: &KnowledgeGraph, view_query: Option<&str>) -> Result<ActorGraph> {
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
    let QueryResults::Solutions(solutions) =
        store.query(sparql, &[]).context("in the view query")?
    else {
        invalid!("a view query is a SELECT");
    };
    let variables = solutions.variables().to_vec();
    let column = |name: &str| variables.iter().position(|v| v.as_str() == name);
    let (Some(source), Some(target)) = (column("source"), column("target")) else {
        invalid!(
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
    for (number, solution) in solutions.enumerate() {
        store.ensure_time_left().context("in the view query")?;
        let solution = solution.context("in the view query")?;
        let row = solution.values();
        let (Some(s), Some(t)) = (text(row, Some(source)), text(row, Some(target))) else {
            continue;
        };
        // A relation is between two resources; a literal would turn a
        // string into a ranked actor.
        for (name, i) in [("source", source), ("target", target)] {
            if let Some(Some(Term::Literal(l))) = row.get(i) {
                invalid!(
                    "in the view query, row {}: ?{name} is the literal {l}; a relation is between two resources (IRIs)",
                    number + 1
                );
            }
        }
        let number_in = |column: Option<usize>, name: &str| -> Result<Option<f64>> {
            let Some(value) = text(row, column) else {
                return Ok(None);
            };
            match value.trim().parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(Some(x)),
                _ => invalid!(
                    "in the view query, row {}: ?{name} is {value:?}, not a finite number",
                    number + 1
                ),
            }
        };
        let sign_value = number_in(sign, "sign")?;
        if let Some(x) = sign_value.filter(|x| ![-1.0, 0.0, 1.0].contains(x)) {
            invalid!(
                "in the view query, row {}: ?sign is {x}; a sign is -1 (hostile), 0 (neutral) or 1 (cooperative)",
                number + 1
            );
        }
        let weight_value = number_in(weight, "weight")?;
        if let Some(x) = weight_value.filter(|x| *x < 0.0) {
            invalid!(
                "in the view query, row {}: ?weight is {x}; weights are 0 or more",
                number + 1
            );
        }
        // A date that is no date would make the relation undated, in force
        // on every day of `--as-of`.
        for (name, column, bound) in [
            ("start", start, entente_graph::date::Bound::Start),
            ("end", end, entente_graph::date::Bound::End),
        ] {
            if let Some(value) = text(row, column).filter(|v| Day::bound(v, bound).is_none()) {
                invalid!(
                    "in the view query, row {}: ?{name} is {value:?}, not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                    number + 1
                );
            }
        }
        let relation = Relation {
            kind: text(row, kind).unwrap_or("related").to_owned(),
            sign: sign_value.map_or(0, sign_of),
            weight: weight_value.unwrap_or(1.0),
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

/// What names an actor: one row per English preferred label, alias, label
/// and `ent:` class.
// No FILTER NOT EXISTS to prefer skos:prefLabel over rdfs:label: that is one
// lookup per label (seconds on RocksDB); the preference is made when the
// rows are read instead.
const DESCRIPTION_QUERY: &str = "SELECT ?actor ?property ?value WHERE {
   { ?actor skos:prefLabel ?value FILTER(LANGMATCHES(LANG(?value), 'en') || LANG(?value) = '') BIND('preferred' AS ?property) }
   UNION { ?actor skos:altLabel ?value BIND('alias' AS ?property) }
   UNION { ?actor rdfs:label ?value BIND('label' AS ?property) }
   UNION { ?actor a ?value FILTER(STRSTARTS(STR(?value), STR(ent:)) && ?value != ent:Actor) BIND('kind' AS ?property) }
 }";

/// Labels, kinds and aliases of everything that has them, by IRI.
fn actor_descriptions(store: &KnowledgeGraph) -> Result<HashMap<String, Description>> {
    read_descriptions(store.query(DESCRIPTION_QUERY, &[])?)
}

/// Labels, kinds and aliases of the given IRIs only.
fn descriptions_of(
    store: &KnowledgeGraph,
    iris: &[String],
) -> Result<HashMap<String, Description>> {
    let table: Vec<Vec<Option<Term>>> = iris
        .iter()
        .filter_map(|iri| oxigraph::model::NamedNode::new(iri.as_str()).ok())
        .map(|iri| vec![Some(iri.into())])
        .collect();
    if table.is_empty() {
        return Ok(HashMap::new());
    }
    read_descriptions(store.query_rows(DESCRIPTION_QUERY, &["actor".to_owned()], &table)?)
}

/// The rows of [`DESCRIPTION_QUERY`], by actor.
fn read_descriptions(results: QueryResults) -> Result<HashMap<String, Description>> {
    let QueryResults::Solutions(solutions) = results else {
        invalid!("the actor description query is a SELECT");
    };
    let mut descriptions: HashMap<String, Description> = HashMap::new();
    for solution in solutions {
        let solution = solution?;
        let (Some(Term::NamedNode(actor)), Some(Term::Literal(property)), Some(value)) = (
            solution.get("actor"),
            solution.get("property"),
            solution.get("value"),
        ) else {
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
    describe_nodes(graph, descriptions, 0);
}

/// [`describe_actors`] for the nodes from index `from` on.
fn describe_nodes(
    graph: &mut ActorGraph,
    descriptions: &HashMap<String, Description>,
    from: usize,
) {
    for node in graph.graph.node_weights_mut().skip(from) {
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
fn name_sources(store: &KnowledgeGraph, graph: &mut ActorGraph) -> Result<()> {
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

/// The graph of a CONSTRUCT (or DESCRIBE): every triple between two
/// resources is a relation whose kind is the predicate's local name and whose
/// sign is the `ent:relationSign` the ontology gives the predicate or one of
/// its super-properties (neutral when none does). Labels, aliases and kinds
/// come from the triples themselves, then from the store.
pub fn from_construct(store: &KnowledgeGraph, sparql: &str) -> Result<ActorGraph> {
    let QueryResults::Graph(triples) = store.query(sparql, &[])? else {
        invalid!("expected a CONSTRUCT or DESCRIBE query");
    };
    let rdf_type = oxigraph::model::vocab::rdf::TYPE.as_str();
    let pref_label = format!("{}prefLabel", crate::vocab::SKOS);
    let rdfs_label = oxigraph::model::vocab::rdfs::LABEL.as_str();
    let alt_label = format!("{}altLabel", crate::vocab::SKOS);
    let mut graph = ActorGraph::new();
    let mut described: HashMap<String, Described> = HashMap::new();
    let mut predicates: BTreeSet<String> = BTreeSet::new();
    let mut edges: Vec<(String, String, String)> = Vec::new();
    for triple in triples {
        let triple = triple?;
        let subject = match &triple.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
            oxigraph::model::NamedOrBlankNode::BlankNode(b) => b.to_string(),
        };
        let p = triple.predicate.as_str();
        match &triple.object {
            Term::Literal(l) if p == pref_label || p == rdfs_label => {
                let e = described.entry(subject).or_default();
                if e.label.is_none() || p == pref_label {
                    e.label = Some(l.value().to_owned());
                }
            }
            Term::Literal(l) if p == alt_label => {
                described
                    .entry(subject)
                    .or_default()
                    .aliases
                    .insert(l.value().to_owned());
            }
            Term::NamedNode(k) if p == rdf_type => {
                if let Some(kind) = k.as_str().strip_prefix(crate::vocab::ENT) {
                    if kind != "Actor" {
                        described
                            .entry(subject)
                            .or_default()
                            .kind
                            .get_or_insert_with(|| kind.to_owned());
                    }
                }
            }
            Term::NamedNode(o) => {
                predicates.insert(p.to_owned());
                edges.push((subject, p.to_owned(), o.as_str().to_owned()));
            }
            Term::BlankNode(o) => {
                predicates.insert(p.to_owned());
                edges.push((subject, p.to_owned(), o.to_string()));
            }
            _ => {}
        }
    }
    if edges.is_empty() {
        invalid!("the CONSTRUCT gave no triple between two resources: nothing to draw");
    }
    let signs = relation_signs(store, &predicates)?;
    for (s, p, o) in edges {
        let sign = signs.get(&p).copied().unwrap_or(0);
        let (s, o) = (graph.actor_by_iri(&s), graph.actor_by_iri(&o));
        graph.relate(s, o, Relation::new(local_name(&p), sign));
    }
    let from_store = actor_descriptions(store)?;
    for node in graph.graph.node_weights_mut() {
        let own = described.remove(&node.iri).unwrap_or_default();
        let stored = from_store.get(&node.iri);
        if let Some(label) = own
            .label
            .or_else(|| stored.and_then(|d| d.preferred.clone().or_else(|| d.label.clone())))
        {
            node.label = label;
        }
        node.kind = own.kind.or_else(|| stored.and_then(|d| d.kind.clone()));
        node.aliases = own.aliases.into_iter().collect();
    }
    Ok(graph)
}

/// Label, kind and aliases a CONSTRUCT gives a resource.
#[derive(Debug, Default)]
struct Described {
    label: Option<String>,
    kind: Option<String>,
    aliases: BTreeSet<String>,
}

/// The `ent:relationSign` of each predicate, through `rdfs:subPropertyOf*`.
fn relation_signs(
    store: &KnowledgeGraph,
    predicates: &BTreeSet<String>,
) -> Result<HashMap<String, i8>> {
    let table: Vec<Vec<Option<Term>>> = predicates
        .iter()
        .filter_map(|p| oxigraph::model::NamedNode::new(p.as_str()).ok())
        .map(|p| vec![Some(p.into())])
        .collect();
    let rows = Rows::collect(store.query_rows(
        "SELECT ?p (SAMPLE(?s) AS ?sign) WHERE { ?p rdfs:subPropertyOf*/ent:relationSign ?s } GROUP BY ?p",
        &["p".to_owned()],
        &table,
    )?)?;
    Ok(rows
        .rows
        .iter()
        .filter_map(|r| match (&r[0], &r[1]) {
            (Some(Term::NamedNode(p)), Some(Term::Literal(s))) => {
                let sign = s.value().parse::<f64>().ok()?;
                Some((p.as_str().to_owned(), sign_of(sign)))
            }
            _ => None,
        })
        .collect())
}

/// +1, −1 or 0 by the sign of a number (not `f64::signum`, which maps 0.0 to 1).
fn sign_of(v: f64) -> i8 {
    if v > 0.0 {
        1
    } else if v < 0.0 {
        -1
    } else {
        0
    }
}

/// What an actor stands for, as `parents` follows it: an organisation's
/// parent (`org:subOrganizationOf`, `org:unitOf`), the organisation a person
/// or body belongs to, heads or acts on behalf of (`org:memberOf`,
/// `org:headOf`, `prov:actedOnBehalfOf`), the organisation of a post it holds
/// (`org:holds`/`org:postIn`), the party a signer signed for
/// (`ent:Signature`: `ent:signer` → `ent:signedFor`); any number of steps.
const PARENTS_QUERY: &str = "SELECT DISTINCT ?child ?ancestor WHERE {
   ?child (org:subOrganizationOf|org:unitOf|org:memberOf|org:headOf|prov:actedOnBehalfOf
           |(org:holds/org:postIn)|(^ent:signer/ent:signedFor))+ ?ancestor
   FILTER (?child != ?ancestor)
 }";

/// Each actor of the view mapped to the top-level organisation it stands
/// for (see [`PARENTS_QUERY`] for the links followed, from the store, not
/// only from the view): the contingent stands for Russia, a president for
/// his state, a signer for the party it signed for. The top level is an
/// ancestor with no ancestor of its own (the one with the smaller IRI when
/// there are several; on a cycle, the smaller IRI of the ancestors). An
/// ancestor that is not in the view is added to `graph` as an actor, named
/// as the view names its actors, so a broker ranking can rank it.
pub fn parents(
    store: &KnowledgeGraph,
    graph: &mut ActorGraph,
) -> Result<HashMap<NodeIndex, NodeIndex>> {
    let rows = Rows::collect(store.query(PARENTS_QUERY, &[])?)?;
    let mut ancestors: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in &rows.rows {
        if let (Some(Term::NamedNode(c)), Some(Term::NamedNode(a))) = (&row[0], &row[1]) {
            ancestors
                .entry(c.as_str().to_owned())
                .or_default()
                .insert(a.as_str().to_owned());
        }
    }
    // The top level of each actor of the view (BTreeSets: smaller IRIs first).
    let mut top: Vec<(NodeIndex, String)> = Vec::new();
    for (child, list) in &ancestors {
        let Some(c) = graph.find(child) else {
            continue;
        };
        let chosen = list
            .iter()
            .find(|a| !ancestors.contains_key(*a))
            .or_else(|| list.first());
        if let Some(a) = chosen {
            top.push((c, a.clone()));
        }
    }
    let missing: Vec<String> = top
        .iter()
        .map(|(_, a)| a)
        .filter(|a| graph.find(a).is_none())
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if !missing.is_empty() {
        let descriptions = descriptions_of(store, &missing)?;
        let first_new = graph.actor_count();
        for iri in &missing {
            graph.actor_by_iri(iri);
        }
        describe_nodes(graph, &descriptions, first_new);
    }
    Ok(top
        .into_iter()
        .filter_map(|(c, a)| graph.find(&a).map(|a| (c, a)))
        .filter(|(c, a)| c != a)
        .collect())
}

/// The agreements of the store whose parties or mediators are in the graph
/// (agreed on or before `as_of`, when given), from `queries/agreements.rq`.
pub fn agreements(
    store: &KnowledgeGraph,
    graph: &ActorGraph,
    as_of: Option<Day>,
) -> Result<Vec<AgreementDrawing>> {
    let query = crate::queries::named("agreements")?;
    let rows = Rows::collect(
        store
            .query(&query.sparql, &[])
            .context("in the agreements query")?,
    )?;
    let mut by_iri: BTreeMap<String, AgreementDrawing> = BTreeMap::new();
    for row in rows.rows {
        let Some(Term::NamedNode(agreement)) = &row[0] else {
            continue;
        };
        let text = |t: &Option<Term>| match t {
            Some(Term::Literal(l)) => Some(l.value().to_owned()),
            _ => None,
        };
        let entry = by_iri
            .entry(agreement.as_str().to_owned())
            .or_insert_with(|| AgreementDrawing {
                iri: agreement.as_str().to_owned(),
                label: local_name(agreement.as_str()).to_owned(),
                date: None,
                parties: Vec::new(),
                mediators: Vec::new(),
            });
        if let Some(label) = text(&row[1]) {
            if entry.label == local_name(agreement.as_str()) {
                entry.label = label;
            }
        }
        if entry.date.is_none() {
            entry.date = text(&row[2]);
        }
        let Some(Term::NamedNode(actor)) = &row[4] else {
            continue;
        };
        let Some(ix) = graph.find(actor.as_str()) else {
            continue;
        };
        let list = match text(&row[3]).as_deref() {
            Some("mediator") => &mut entry.mediators,
            _ => &mut entry.parties,
        };
        if !list.contains(&ix) {
            list.push(ix);
        }
    }
    Ok(by_iri
        .into_values()
        .filter(|a| !a.parties.is_empty() || !a.mediators.is_empty())
        .filter(|a| match (as_of, a.date.as_deref()) {
            (Some(day), Some(date)) => {
                Day::bound(date, entente_graph::date::Bound::Start).is_none_or(|d| d <= day)
            }
            _ => true,
        })
        .collect())
}
