//! A query Virtuoso would answer wrongly, answered here instead: the server
//! is asked only for the quads each of its triple patterns (and each step
//! of its property paths) matches, and the query is evaluated over them by
//! Oxigraph in memory, the engine of the embedded store.
//!
//! Why: Virtuoso 7.2 loses rows or fails wherever a query combines patterns
//! in ways it evaluates badly (two `UNION` branches binding one variable in
//! `OPTIONAL`s, a join with sub-selects, `BOUND(?v) && EXISTS {…}`, a data
//! path under `+`, a `BIND` before `OPTIONAL`s: SQ074, VECSL, SP031), but a
//! single quad pattern it answers right. Every combination (joins, unions,
//! optionals, filters, paths, grouping, order) is then Oxigraph's, so the
//! answer is the embedded store's over the same quads. Only when the server
//! says it is Virtuoso (its `Server:` header): other servers answer the
//! query as it is, as fast as they can.
//!
//! What is fetched is a superset of what the query reads: each pattern's
//! constants are kept, and a variable is narrowed to the IRIs of a
//! `VALUES` only where every answer must take one of them (a `VALUES`
//! joined with the pattern, through joins, unions, filters and the left of
//! `OPTIONAL`, never into an `OPTIONAL`'s right, `MINUS`, `EXISTS`, a
//! grouping or a `LIMIT`). Virtuoso's own graphs (its RDF views, LDP, the
//! endpoint's description) are left out: they are not the knowledge graph.
//! Not decomposed (sent as written): DESCRIBE, `SERVICE`, `FROM`, RDF-star
//! patterns, and a path that can be empty between two variables no other
//! pattern of its graph binds (it would match every term of the server's
//! store; a zero-length match of a term needs the term in the graph, so a
//! fixed end's own quads are fetched too).

use super::Endpoint;
use crate::error::Result;
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use spargebra::algebra::{Expression, GraphPattern, PropertyPathExpression};
use spargebra::term::{
    BlankNode, GroundTerm, NamedNodePattern, TermPattern, TriplePattern, Variable,
};
use spargebra::{Query, SparqlParser};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// Graphs Virtuoso keeps for itself in every store.
const VIRTUOSO_GRAPHS: &[&str] = &[
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://www.w3.org/2002/07/owl#",
    "http://localuriqaserver/sparql",
    "http://localhost:8890/sparql",
    "http://localhost:8890/DAV/",
];

/// Requests sent at once while fetching (Virtuoso serves ten by default).
const FETCHERS: usize = 4;

/// The answer of `query` evaluated here over the quads `endpoint` gives
/// for its patterns, or None when the server is not Virtuoso or the query
/// is one to send as written.
pub(super) fn answered(
    endpoint: &Endpoint,
    query: &Query,
) -> Result<Option<QueryResults<'static>>> {
    if !is_virtuoso(endpoint) {
        return Ok(None);
    }
    // The query as the server would read it: the hidden steps of paths
    // (blank nodes) are the variables the schema's `VALUES` bind.
    let text = super::blank_nodes_as_variables(
        &query.to_string(),
        matches!(query, Query::Construct { .. }),
    );
    let query = &SparqlParser::new()
        .parse_query(&text)
        .map_err(|e| endpoint.failure(&e.to_string()))?;
    let Some(fetches) = fetches(query) else {
        return Ok(None);
    };
    let store = Store::new().map_err(|e| endpoint.failure(&e.to_string()))?;
    let answers = fetched(endpoint, &fetches)?;
    for quads in answers {
        store
            .extend(quads)
            .map_err(|e| endpoint.failure(&e.to_string()))?;
    }
    let mut prepared = crate::ordering::with_functions(SparqlEvaluator::new())
        .for_query(crate::ordering::total(query.clone()));
    prepared.dataset_mut().set_default_graph_as_union();
    prepared
        .on_store(&store)
        .execute()
        .map(Some)
        .map_err(|e| endpoint.failure(&format!("evaluating the server's quads: {e}")))
}

/// Whether the server at `endpoint` is Virtuoso, by the `Server:` header
/// of a GET of its URL; asked once per URL and process. A server that does
/// not answer is taken for another: its query's own error says why.
fn is_virtuoso(endpoint: &Endpoint) -> bool {
    static SERVERS: OnceLock<Mutex<HashMap<String, bool>>> = OnceLock::new();
    let servers = SERVERS.get_or_init(Default::default);
    if let Some(known) = servers
        .lock()
        .ok()
        .and_then(|s| s.get(endpoint.url()).copied())
    {
        return known;
    }
    let virtuoso = server_header(endpoint).is_some_and(|s| s.starts_with("Virtuoso/"));
    if let Ok(mut servers) = servers.lock() {
        servers.insert(endpoint.url().to_owned(), virtuoso);
    }
    virtuoso
}

/// The `Server:` header of a plain GET of the endpoint's URL.
fn server_header(endpoint: &Endpoint) -> Option<String> {
    let request = oxhttp::model::Request::builder()
        .uri(endpoint.url())
        .body(oxhttp::model::Body::empty())
        .ok()?;
    let timeout = endpoint
        .timeout
        .map_or(Duration::from_secs(10), |t| t.min(Duration::from_secs(10)));
    let response = oxhttp::Client::new()
        .with_user_agent(concat!("entente/", env!("CARGO_PKG_VERSION")))
        .ok()?
        .with_global_timeout(timeout)
        .request(request)
        .ok()?;
    response
        .headers()
        .get(oxhttp::model::header::SERVER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// One request for the quads of a pattern: the query sent, and for each
/// position of the quad (graph, subject, predicate, object) its constant or
/// the variable of the answer that gives it.
struct Fetch {
    query: Query,
    positions: [Position; 4],
    /// Every quad: no constant, no `VALUES`.
    open: bool,
}

#[derive(Clone)]
enum Position {
    Fixed(Term),
    Column(Variable),
}

/// Sends the fetches, a few at a time, and reads their quads.
fn fetched(endpoint: &Endpoint, fetches: &[Fetch]) -> Result<Vec<Vec<Quad>>> {
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<Result<Vec<Quad>>>>> =
        Mutex::new((0..fetches.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..FETCHERS.min(fetches.len()) {
            scope.spawn(|| loop {
                let index = {
                    let mut next = next.lock().expect("no fetcher panics holding it");
                    let index = *next;
                    *next += 1;
                    index
                };
                let Some(fetch) = fetches.get(index) else {
                    return;
                };
                let quads = quads_of(endpoint, fetch);
                let failed = quads.is_err();
                results.lock().expect("no fetcher panics holding it")[index] = Some(quads);
                if failed {
                    return;
                }
            });
        }
    });
    let results = results.into_inner().expect("no fetcher panicked");
    // A fetch left undone follows one that failed: that one's error is told.
    results.into_iter().flatten().collect()
}

/// From this many rows on, a fetch's rows are counted by the server too:
/// Virtuoso cuts an answer at its `ResultSetMaxRows` without a word, which
/// would leave quads out of the evaluation and give a wrong answer.
const COUNTED_FROM: usize = 100;

/// The quads one fetch gives, Virtuoso's own graphs left out.
fn quads_of(endpoint: &Endpoint, fetch: &Fetch) -> Result<Vec<Quad>> {
    let QueryResults::Solutions(solutions) = endpoint.query_as_written(&fetch.query)? else {
        return Err(endpoint.failure("the query's quads came back as no table"));
    };
    let mut quads = Vec::new();
    let mut rows = 0;
    for solution in solutions {
        rows += 1;
        let solution = solution.map_err(|e| endpoint.failure(&e.to_string()))?;
        let term = |position: &Position| match position {
            Position::Fixed(term) => Some(term.clone()),
            Position::Column(variable) => solution.get(variable).cloned(),
        };
        let [graph, subject, predicate, object] = fetch.positions.each_ref().map(term);
        let (
            Some(Term::NamedNode(graph)),
            Some(subject),
            Some(Term::NamedNode(predicate)),
            Some(object),
        ) = (graph, subject, predicate, object)
        else {
            continue;
        };
        if VIRTUOSO_GRAPHS.contains(&graph.as_str()) {
            continue;
        }
        let subject = match subject {
            Term::NamedNode(n) => NamedOrBlankNode::NamedNode(n),
            Term::BlankNode(b) => NamedOrBlankNode::BlankNode(b),
            _ => continue,
        };
        quads.push(Quad::new(
            subject,
            predicate,
            object,
            GraphName::NamedNode(graph),
        ));
    }
    if rows >= COUNTED_FROM {
        let counted = counted(endpoint, &fetch.query)?;
        if counted > rows {
            return Err(endpoint.failure(&format!(
                "the server sent {rows} of the {counted} quads asked for (Virtuoso cuts answers at its ResultSetMaxRows, in the [SPARQL] section of virtuoso.ini: raise it above {counted})"
            )));
        }
    }
    Ok(quads)
}

/// The number of rows a fetch has, counted by the server (one row, which
/// no row limit cuts).
fn counted(endpoint: &Endpoint, fetch: &Query) -> Result<usize> {
    let Query::Select {
        pattern: GraphPattern::Project { inner, .. },
        ..
    } = fetch
    else {
        return Err(endpoint.failure("a fetch is not a SELECT"));
    };
    let n = Variable::new_unchecked("n");
    let query = Query::Select {
        dataset: None,
        pattern: GraphPattern::Project {
            inner: Box::new(GraphPattern::Group {
                inner: inner.clone(),
                variables: Vec::new(),
                aggregates: vec![(
                    n.clone(),
                    spargebra::algebra::AggregateExpression::CountSolutions { distinct: false },
                )],
            }),
            variables: vec![n.clone()],
        },
        base_iri: None,
    };
    let QueryResults::Solutions(mut solutions) = endpoint.query_as_written(&query)? else {
        return Err(endpoint.failure("a count came back as no table"));
    };
    let count = solutions
        .next()
        .transpose()
        .map_err(|e| endpoint.failure(&e.to_string()))?
        .and_then(|row| match row.get(&n) {
            Some(Term::Literal(l)) => l.value().parse::<f64>().ok(),
            _ => None,
        });
    match count {
        Some(count) if count >= 0.0 => Ok(count as usize),
        _ => Err(endpoint.failure("a count came back without a number")),
    }
}

/// Values a variable is known to take in every answer (a `VALUES` joined
/// with the pattern where it is).
type Allowed = HashMap<Variable, Vec<GroundTerm>>;

/// The requests that fetch every quad `query` can read, or None when it is
/// a query to send as written.
fn fetches(query: &Query) -> Option<Vec<Fetch>> {
    let pattern = match query {
        Query::Select {
            dataset: None,
            pattern,
            ..
        }
        | Query::Construct {
            dataset: None,
            pattern,
            ..
        }
        | Query::Ask {
            dataset: None,
            pattern,
            ..
        } => pattern,
        _ => return None,
    };
    let mut leaves = Leaves::default();
    leaves.pattern(pattern, &Allowed::new(), &HashSet::new())?;
    // An unrestricted pattern fetches every quad: the others are in it.
    let mut fetches: Vec<Fetch> = leaves.fetches.into_values().collect();
    if let Some(at) = fetches.iter().position(|f| f.open) {
        let everything = fetches.swap_remove(at);
        fetches = vec![everything];
    }
    Some(fetches)
}

/// The triple patterns of a query, as fetches (one per distinct request).
#[derive(Default)]
struct Leaves {
    fetches: BTreeMap<String, Fetch>,
}

impl Leaves {
    /// Walks `pattern`; `allowed` narrows its variables, `siblings` are
    /// the variables the other members of the join it belongs to bind.
    fn pattern(
        &mut self,
        pattern: &GraphPattern,
        allowed: &Allowed,
        siblings: &HashSet<Variable>,
    ) -> Option<()> {
        let none = Allowed::new();
        let alone = HashSet::new();
        match pattern {
            GraphPattern::Bgp { patterns } => {
                for triple in patterns {
                    self.triple(triple, allowed)?;
                }
            }
            GraphPattern::Path {
                subject,
                path,
                object,
            } => {
                // A zero-length match needs its term in the graph, which
                // the quads fetched must tell as the server's store would:
                // an end fixed (a constant, a `VALUES`) has its own quads
                // fetched; an end another pattern binds is in them already.
                if can_be_empty(path) {
                    let mut known = false;
                    for end in [subject, object] {
                        match end {
                            TermPattern::NamedNode(_) | TermPattern::Literal(_) => {
                                self.membership(end, &none)?;
                                known = true;
                            }
                            TermPattern::Variable(v) if siblings.contains(v) => known = true,
                            TermPattern::Variable(v) if allowed.contains_key(v) => {
                                self.membership(end, allowed)?;
                                known = true;
                            }
                            _ => {}
                        }
                    }
                    if !known {
                        return None;
                    }
                }
                self.path(subject, path, object, allowed)?;
            }
            GraphPattern::Join { .. } => {
                let mut members = Vec::new();
                flatten_join(pattern, &mut members);
                let mut narrowed = allowed.clone();
                for member in &members {
                    for (variable, mut values) in tabled(member) {
                        if let Some(before) = narrowed.get(&variable) {
                            values.retain(|v| before.contains(v));
                        }
                        narrowed.insert(variable, values);
                    }
                }
                let bound: Vec<HashSet<Variable>> = members
                    .iter()
                    .map(|m| {
                        let mut set = HashSet::new();
                        mandatory_variables(m, &mut set);
                        set
                    })
                    .collect();
                for (i, member) in members.iter().enumerate() {
                    let others: HashSet<Variable> = bound
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != i)
                        .flat_map(|(_, s)| s.iter().cloned())
                        .collect();
                    self.pattern(member, &narrowed, &others)?;
                }
            }
            GraphPattern::Union { left, right } => {
                self.pattern(left, allowed, &alone)?;
                self.pattern(right, allowed, &alone)?;
            }
            GraphPattern::LeftJoin {
                left,
                right,
                expression,
            } => {
                self.pattern(left, allowed, siblings)?;
                self.pattern(right, &none, &alone)?;
                if let Some(expression) = expression {
                    self.expression(expression)?;
                }
            }
            GraphPattern::Minus { left, right } | GraphPattern::Lateral { left, right } => {
                self.pattern(left, allowed, siblings)?;
                self.pattern(right, &none, &alone)?;
            }
            GraphPattern::Filter { expr, inner } => {
                self.expression(expr)?;
                self.pattern(inner, allowed, siblings)?;
            }
            GraphPattern::Extend {
                inner, expression, ..
            } => {
                self.expression(expression)?;
                self.pattern(inner, allowed, siblings)?;
            }
            // Inside GRAPH, a term's place in the graph is its own: the
            // joins outside say nothing of it.
            GraphPattern::Graph { inner, .. } => self.pattern(inner, allowed, &alone)?,
            GraphPattern::Distinct { inner } | GraphPattern::Reduced { inner } => {
                self.pattern(inner, allowed, siblings)?
            }
            GraphPattern::OrderBy { inner, expression } => {
                for e in expression {
                    let (spargebra::algebra::OrderExpression::Asc(e)
                    | spargebra::algebra::OrderExpression::Desc(e)) = e;
                    self.expression(e)?;
                }
                self.pattern(inner, allowed, siblings)?;
            }
            GraphPattern::Project { inner, variables } => {
                let kept: Allowed = allowed
                    .iter()
                    .filter(|(v, _)| variables.contains(v))
                    .map(|(v, values)| (v.clone(), values.clone()))
                    .collect();
                self.pattern(inner, &kept, &alone)?;
            }
            GraphPattern::Slice { inner, .. } => self.pattern(inner, &none, &alone)?,
            GraphPattern::Group {
                inner, aggregates, ..
            } => {
                for (_, aggregate) in aggregates {
                    if let spargebra::algebra::AggregateExpression::FunctionCall { expr, .. } =
                        aggregate
                    {
                        self.expression(expr)?;
                    }
                }
                self.pattern(inner, &none, &alone)?;
            }
            GraphPattern::Values { .. } => {}
            GraphPattern::Service { .. } => return None,
        }
        Some(())
    }

    /// Walks an expression for the patterns of its `EXISTS`, which see no
    /// narrowing: they are evaluated for rows before any join.
    fn expression(&mut self, expression: &Expression) -> Option<()> {
        for pattern in crate::queries::exists_in(expression) {
            self.pattern(pattern, &Allowed::new(), &HashSet::new())?;
        }
        Some(())
    }

    /// The steps of a path, each fetched with free ends (but a path of one
    /// step, a plain triple pattern).
    fn path(
        &mut self,
        subject: &TermPattern,
        path: &PropertyPathExpression,
        object: &TermPattern,
        allowed: &Allowed,
    ) -> Option<()> {
        let free_s = TermPattern::Variable(Variable::new_unchecked("s"));
        let free_o = TermPattern::Variable(Variable::new_unchecked("o"));
        match path {
            PropertyPathExpression::NamedNode(p) => self.triple(
                &TriplePattern {
                    subject: subject.clone(),
                    predicate: NamedNodePattern::NamedNode(p.clone()),
                    object: object.clone(),
                },
                allowed,
            ),
            PropertyPathExpression::Reverse(p) => self.path(object, p, subject, allowed),
            PropertyPathExpression::Sequence(a, b) | PropertyPathExpression::Alternative(a, b) => {
                self.path(&free_s, a, &free_o, &Allowed::new())?;
                self.path(&free_s, b, &free_o, &Allowed::new())
            }
            PropertyPathExpression::ZeroOrMore(p)
            | PropertyPathExpression::OneOrMore(p)
            | PropertyPathExpression::ZeroOrOne(p) => {
                self.path(&free_s, p, &free_o, &Allowed::new())
            }
            PropertyPathExpression::NegatedPropertySet(_) => self.triple(
                &TriplePattern {
                    subject: free_s.clone(),
                    predicate: NamedNodePattern::Variable(Variable::new_unchecked("p")),
                    object: free_o.clone(),
                },
                &Allowed::new(),
            ),
        }
    }

    /// The quads with `end` as subject or object (its values in
    /// `allowed`, when a variable).
    fn membership(&mut self, end: &TermPattern, allowed: &Allowed) -> Option<()> {
        let mut only: Allowed = Allowed::new();
        let mut name = "p";
        if let TermPattern::Variable(v) = end {
            only.insert(v.clone(), allowed.get(v)?.clone());
            if v.as_str() == name {
                name = "q";
            }
        }
        let predicate = NamedNodePattern::Variable(Variable::new_unchecked(name));
        let free = || TermPattern::BlankNode(BlankNode::default());
        if !matches!(end, TermPattern::Literal(_)) {
            self.triple(
                &TriplePattern {
                    subject: end.clone(),
                    predicate: predicate.clone(),
                    object: free(),
                },
                &only,
            )?;
        }
        self.triple(
            &TriplePattern {
                subject: free(),
                predicate,
                object: end.clone(),
            },
            &only,
        )
    }

    /// The fetch of one triple pattern, in any graph.
    fn triple(&mut self, triple: &TriplePattern, allowed: &Allowed) -> Option<()> {
        let names = ["s", "p", "o"];
        let graph = Variable::new_unchecked("g");
        let mut positions = vec![Position::Column(graph.clone())];
        let mut terms = Vec::with_capacity(3);
        let mut tables = Vec::new();
        let ends: [TermPattern; 3] = [
            triple.subject.clone(),
            match &triple.predicate {
                NamedNodePattern::NamedNode(n) => TermPattern::NamedNode(n.clone()),
                NamedNodePattern::Variable(v) => TermPattern::Variable(v.clone()),
            },
            triple.object.clone(),
        ];
        for (end, name) in ends.iter().zip(names) {
            let column = Variable::new_unchecked(name);
            match end {
                TermPattern::NamedNode(n) => {
                    positions.push(Position::Fixed(n.clone().into()));
                    terms.push(end.clone());
                }
                TermPattern::Literal(l) => {
                    positions.push(Position::Fixed(l.clone().into()));
                    terms.push(end.clone());
                }
                TermPattern::Variable(v) => {
                    if let Some(values) = allowed.get(v) {
                        tables.push(GraphPattern::Values {
                            variables: vec![column.clone()],
                            bindings: values.iter().map(|t| vec![Some(t.clone())]).collect(),
                        });
                    }
                    positions.push(Position::Column(column.clone()));
                    terms.push(TermPattern::Variable(column));
                }
                TermPattern::BlankNode(_) => {
                    positions.push(Position::Column(column.clone()));
                    terms.push(TermPattern::Variable(column));
                }
                #[allow(unreachable_patterns)]
                _ => return None,
            }
        }
        let [subject, predicate, object]: [TermPattern; 3] = terms.try_into().ok()?;
        let predicate = match predicate {
            TermPattern::NamedNode(n) => NamedNodePattern::NamedNode(n),
            TermPattern::Variable(v) => NamedNodePattern::Variable(v),
            _ => return None,
        };
        let mut inner = GraphPattern::Graph {
            name: NamedNodePattern::Variable(graph),
            inner: Box::new(GraphPattern::Bgp {
                patterns: vec![TriplePattern {
                    subject,
                    predicate,
                    object,
                }],
            }),
        };
        let narrowed = !tables.is_empty();
        for table in tables {
            inner = GraphPattern::Join {
                left: Box::new(table),
                right: Box::new(inner),
            };
        }
        let variables = positions
            .iter()
            .filter_map(|p| match p {
                Position::Column(v) => Some(v.clone()),
                Position::Fixed(_) => None,
            })
            .collect();
        let query = Query::Select {
            dataset: None,
            pattern: GraphPattern::Project {
                inner: Box::new(inner),
                variables,
            },
            base_iri: None,
        };
        let open = !narrowed && positions.iter().all(|p| matches!(p, Position::Column(_)));
        let positions: [Position; 4] = positions.try_into().ok()?;
        self.fetches.entry(query.to_string()).or_insert(Fetch {
            query,
            positions,
            open,
        });
        Some(())
    }
}

/// The members of a chain of joins.
fn flatten_join<'a>(pattern: &'a GraphPattern, members: &mut Vec<&'a GraphPattern>) {
    match pattern {
        GraphPattern::Join { left, right } => {
            flatten_join(left, members);
            flatten_join(right, members);
        }
        other => members.push(other),
    }
}

/// The values a `VALUES` table (or a `UNION` of them) gives each variable
/// it binds to an IRI in every row. Literals narrow nothing: Virtuoso
/// matches some (dates, numbers, strings with or without `xsd:string`) by
/// its own reading of them, which could leave out a quad the query reads.
fn tabled(pattern: &GraphPattern) -> Allowed {
    match pattern {
        GraphPattern::Values {
            variables,
            bindings,
        } => variables
            .iter()
            .enumerate()
            .filter_map(|(i, variable)| {
                let values: Option<Vec<GroundTerm>> = bindings
                    .iter()
                    .map(|row| match row.get(i) {
                        Some(Some(iri @ GroundTerm::NamedNode(_))) => Some(iri.clone()),
                        _ => None,
                    })
                    .collect();
                Some((variable.clone(), values?))
            })
            .collect(),
        GraphPattern::Union { left, right } => {
            let mut left = tabled(left);
            let right = tabled(right);
            left.retain(|variable, _| right.contains_key(variable));
            for (variable, values) in &mut left {
                values.extend(right[variable].iter().cloned());
            }
            left
        }
        _ => Allowed::new(),
    }
}

/// The variables the triple patterns and paths of `pattern` bind in every
/// answer to a subject or an object of its graph (not those of its
/// `OPTIONAL`s, `MINUS`, `EXISTS` or of another `GRAPH`).
fn mandatory_variables(pattern: &GraphPattern, out: &mut HashSet<Variable>) {
    let term = |t: &TermPattern, out: &mut HashSet<Variable>| {
        if let TermPattern::Variable(v) = t {
            out.insert(v.clone());
        }
    };
    match pattern {
        GraphPattern::Bgp { patterns } => {
            for t in patterns {
                term(&t.subject, out);
                term(&t.object, out);
            }
        }
        GraphPattern::Path {
            subject, object, ..
        } => {
            term(subject, out);
            term(object, out);
        }
        GraphPattern::Join { left, right } => {
            mandatory_variables(left, out);
            mandatory_variables(right, out);
        }
        GraphPattern::LeftJoin { left, .. }
        | GraphPattern::Minus { left, .. }
        | GraphPattern::Filter { inner: left, .. }
        | GraphPattern::Extend { inner: left, .. }
        | GraphPattern::Distinct { inner: left } => mandatory_variables(left, out),
        GraphPattern::Project { inner, variables } => {
            let mut inside = HashSet::new();
            mandatory_variables(inner, &mut inside);
            out.extend(inside.into_iter().filter(|v| variables.contains(v)));
        }
        _ => {}
    }
}

/// Whether `path` matches a zero-length path (a term with itself).
fn can_be_empty(path: &PropertyPathExpression) -> bool {
    match path {
        PropertyPathExpression::ZeroOrMore(_) | PropertyPathExpression::ZeroOrOne(_) => true,
        PropertyPathExpression::NamedNode(_) | PropertyPathExpression::NegatedPropertySet(_) => {
            false
        }
        PropertyPathExpression::Reverse(p) | PropertyPathExpression::OneOrMore(p) => {
            can_be_empty(p)
        }
        PropertyPathExpression::Sequence(a, b) => can_be_empty(a) && can_be_empty(b),
        PropertyPathExpression::Alternative(a, b) => can_be_empty(a) || can_be_empty(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(sparql: &str) -> Option<Vec<String>> {
        let query = SparqlParser::new().parse_query(sparql).unwrap();
        fetches(&query).map(|f| f.into_iter().map(|f| f.query.to_string()).collect())
    }

    #[test]
    fn a_variable_joined_with_values_is_fetched_narrowed_but_not_inside_an_optional() {
        let narrowed =
            planned("SELECT * WHERE { VALUES ?p { <urn:a> } ?s ?p ?o OPTIONAL { ?o <urn:q> ?x } }")
                .unwrap();
        assert_eq!(narrowed.len(), 2, "{narrowed:#?}");
        assert!(
            narrowed
                .iter()
                .any(|f| f.contains("VALUES") && f.contains("<urn:a>")),
            "{narrowed:#?}"
        );
        assert!(
            narrowed
                .iter()
                .any(|f| f.contains("<urn:q>") && !f.contains("VALUES")),
            "{narrowed:#?}"
        );
        // In the OPTIONAL, ?p is not narrowed: every quad is fetched, which
        // holds the other pattern's too.
        let open =
            planned("SELECT * WHERE { VALUES ?p { <urn:a> } ?s <urn:q> ?o OPTIONAL { ?o ?p ?x } }")
                .unwrap();
        assert_eq!(open.len(), 1, "{open:#?}");
        assert!(!open[0].contains("VALUES"), "{open:#?}");
    }

    #[test]
    fn a_union_of_values_narrows_as_one_table() {
        let fetches = planned(
            "SELECT * WHERE { { VALUES ?m { <urn:a> } } UNION { VALUES ?m { <urn:b> } } GRAPH ?g { ?s ?m ?d } }",
        )
        .unwrap();
        assert_eq!(fetches.len(), 1, "{fetches:#?}");
        assert!(
            fetches[0].contains("<urn:a>") && fetches[0].contains("<urn:b>"),
            "{fetches:#?}"
        );
        // Literals narrow nothing (Virtuoso reads some its own way).
        let fetches =
            planned("SELECT * WHERE { VALUES ?d { \"2020\" } GRAPH ?g { ?s <urn:p> ?d } }")
                .unwrap();
        assert!(!fetches[0].contains("VALUES"), "{fetches:#?}");
        // A branch without the variable narrows nothing.
        let fetches = planned(
            "SELECT * WHERE { { VALUES ?m { <urn:a> } } UNION { BIND(1 AS ?x) } GRAPH ?g { ?s ?m ?d } }",
        )
        .unwrap();
        assert!(!fetches[0].contains("<urn:a>"), "{fetches:#?}");
    }

    #[test]
    fn the_steps_of_a_data_path_are_fetched_each_in_any_graph() {
        let steps =
            planned("SELECT * WHERE { ?a (<urn:backs>|^<urn:supporter>/<urn:supported>)+ ?b }")
                .unwrap();
        assert_eq!(steps.len(), 3, "{steps:#?}");
        for step in ["<urn:backs>", "<urn:supporter>", "<urn:supported>"] {
            assert!(
                steps
                    .iter()
                    .any(|f| f.contains(step) && f.contains("GRAPH ?g")),
                "{step}: {steps:#?}"
            );
        }
    }

    #[test]
    fn a_path_that_can_be_empty_between_variables_nothing_else_binds_is_sent_as_written() {
        assert!(planned("SELECT * WHERE { ?x <urn:p>* ?y }").is_none());
        assert!(planned("SELECT * WHERE { ?x <urn:q> ?z . ?x <urn:p>* ?y }").is_some());
        // Another GRAPH's pattern does not say the term is in this one.
        assert!(
            planned("SELECT * WHERE { ?x <urn:q> ?z . GRAPH ?g { ?x <urn:p>* ?y } }").is_none()
        );
        // A fixed end: its own quads are fetched, which say whether it is in
        // a graph (a zero-length match needs it there).
        for fixed in [
            "SELECT * WHERE { ?x <urn:p>* <urn:c> }",
            "SELECT * WHERE { VALUES ?x { <urn:c> } ?x <urn:p>* ?y }",
        ] {
            let fetches = planned(fixed).unwrap();
            assert_eq!(fetches.len(), 3, "{fixed}: {fetches:#?}");
            assert!(
                fetches.iter().any(|f| f.contains("<urn:c> ?p ?o")
                    || f.contains("?s ?p ?o") && f.contains("VALUES ( ?s ) { ( <urn:c> )")),
                "{fixed}: {fetches:#?}"
            );
        }
        assert!(planned("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }").is_none());
        assert!(planned("DESCRIBE <urn:a>").is_none());
        assert!(planned("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }").is_none());
    }
}
