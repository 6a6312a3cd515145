//! Paths over the schema (`a/rdfs:subClassOf* ent:Agreement`,
//! `?role rdfs:subPropertyOf+ ent:thirdParty`) evaluated here over the
//! server's schema triples, and the query sent with their answers as
//! `VALUES`.
//!
//! Why: Virtuoso 7.2 loses rows, or fails (SQ074, "transitive start not
//! given"), when a query joins such a transitive path with other patterns
//! (an `OPTIONAL` with a `FILTER`, a second path, a `GRAPH`). The schema is
//! small (the ontology and a user's own subclasses): its edges are asked
//! for once per query, as plain triples every server answers right, and
//! the paths are evaluated over them here, by Oxigraph in memory. Every
//! server gives the same answers either way.
//!
//! Only a path whose steps are all `rdfs:subClassOf` or
//! `rdfs:subPropertyOf`, outside `GRAPH` and `SERVICE`, in a query without
//! `FROM` (which would see another schema), with at least one
//! end fixed (or `+`, whose answer the schema's own triples bound) is
//! replaced: `?x rdfs:subClassOf* ?y` with both ends free matches every
//! term of the data with itself, which is no table to send.

use super::Endpoint;
use crate::error::Result;
use crate::queries::Walk;
use oxigraph::model::vocab::rdfs;
use oxigraph::model::{GraphName, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use spargebra::algebra::{GraphPattern, PropertyPathExpression};
use spargebra::term::{GroundTerm, TermPattern, Variable};
use spargebra::{Query, SparqlParser};

/// `query` with its schema paths answered by `endpoint` and written in as
/// `VALUES` (the same query when it has none).
pub(super) fn inlined(endpoint: &Endpoint, query: &Query) -> Result<Query> {
    let mut query = query.clone();
    // A query with FROM sees another schema than the default graph's.
    let (Query::Select { dataset, .. }
    | Query::Construct { dataset, .. }
    | Query::Describe { dataset, .. }
    | Query::Ask { dataset, .. }) = &query;
    if dataset.is_some() {
        return Ok(query);
    }
    let mut inliner = Inliner {
        endpoint,
        schema: None,
    };
    crate::queries::rewrite_patterns(&mut query, &mut |pattern| inliner.pattern(pattern))?;
    Ok(query)
}

struct Inliner<'a> {
    endpoint: &'a Endpoint,
    schema: Option<Store>,
}

impl Inliner<'_> {
    fn pattern(&mut self, pattern: &mut GraphPattern) -> Result<Walk> {
        match pattern {
            GraphPattern::Path {
                subject,
                path,
                object,
            } => {
                if let Some(values) = self.answered(subject, path, object)? {
                    *pattern = values;
                }
                Ok(Walk::Over)
            }
            // Inside GRAPH the schema of that graph alone counts.
            GraphPattern::Graph { .. } => Ok(Walk::Over),
            _ => Ok(Walk::Into),
        }
    }

    /// The path's answer as a `VALUES` table, or None when the path is not
    /// one to replace.
    fn answered(
        &mut self,
        subject: &TermPattern,
        path: &PropertyPathExpression,
        object: &TermPattern,
    ) -> Result<Option<GraphPattern>> {
        if !over_schema(path) {
            return Ok(None);
        }
        let variables: Vec<Variable> = [subject, object]
            .into_iter()
            .filter_map(variable_of)
            .collect();
        let both_free = variables.len() == 2;
        let bounded = matches!(path, PropertyPathExpression::OneOrMore(_));
        if variables.is_empty() || (both_free && (!bounded || variables[0] == variables[1])) {
            return Ok(None);
        }
        let alone = Query::Select {
            dataset: None,
            pattern: GraphPattern::Project {
                inner: Box::new(GraphPattern::Distinct {
                    inner: Box::new(GraphPattern::Path {
                        subject: as_variable(subject),
                        path: path.clone(),
                        object: as_variable(object),
                    }),
                }),
                variables: variables.clone(),
            },
            base_iri: None,
        };
        let endpoint = self.endpoint;
        let schema = self.schema()?;
        let failed =
            |e: &dyn std::fmt::Display| endpoint.failure(&format!("the schema's paths: {e}"));
        let QueryResults::Solutions(solutions) = SparqlEvaluator::new()
            .for_query(alone)
            .on_store(schema)
            .execute()
            .map_err(|e| failed(&e))?
        else {
            return Ok(None);
        };
        let mut bindings = Vec::new();
        for solution in solutions {
            let solution = solution.map_err(|e| failed(&e))?;
            let mut row = Vec::with_capacity(variables.len());
            for variable in &variables {
                match solution.get(variable.as_str()) {
                    Some(Term::NamedNode(n)) => row.push(Some(GroundTerm::NamedNode(n.clone()))),
                    Some(Term::Literal(l)) => row.push(Some(GroundTerm::Literal(l.clone()))),
                    // A blank node cannot be written into a query.
                    _ => return Ok(None),
                }
            }
            bindings.push(row);
        }
        Ok(Some(GraphPattern::Values {
            variables,
            bindings,
        }))
    }

    /// The server's `rdfs:subClassOf` and `rdfs:subPropertyOf` triples (of
    /// the default graph, as the query sees it), in a store of their own
    /// where the paths are evaluated; asked once per query.
    fn schema(&mut self) -> Result<&Store> {
        if self.schema.is_none() {
            let edges = "SELECT ?s ?p ?o WHERE { VALUES ?p { <http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://www.w3.org/2000/01/rdf-schema#subPropertyOf> } ?s ?p ?o }";
            let query = SparqlParser::new()
                .parse_query(edges)
                .map_err(|e| self.endpoint.failure(&e.to_string()))?;
            let QueryResults::Solutions(solutions) = self.endpoint.query_as_written(&query)? else {
                return Err(self
                    .endpoint
                    .failure("the schema's triples came back as no table"));
            };
            let store = Store::new().map_err(|e| self.endpoint.failure(&e.to_string()))?;
            for solution in solutions {
                let solution = solution.map_err(|e| self.endpoint.failure(&e.to_string()))?;
                let (Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(o)) =
                    (solution.get("s"), solution.get("p"), solution.get("o"))
                else {
                    // A blank node class (an OWL restriction) names nothing
                    // a query can ask for.
                    continue;
                };
                store
                    .insert(&Quad::new(
                        s.clone(),
                        p.clone(),
                        o.clone(),
                        GraphName::DefaultGraph,
                    ))
                    .map_err(|e| self.endpoint.failure(&e.to_string()))?;
            }
            self.schema = Some(store);
        }
        Ok(self.schema.as_ref().expect("just set"))
    }
}

/// Whether every step of `path` is `rdfs:subClassOf` or `rdfs:subPropertyOf`.
fn over_schema(path: &PropertyPathExpression) -> bool {
    match path {
        PropertyPathExpression::NamedNode(p) => {
            p.as_ref() == rdfs::SUB_CLASS_OF || p.as_ref() == rdfs::SUB_PROPERTY_OF
        }
        PropertyPathExpression::Reverse(p)
        | PropertyPathExpression::ZeroOrMore(p)
        | PropertyPathExpression::OneOrMore(p)
        | PropertyPathExpression::ZeroOrOne(p) => over_schema(p),
        PropertyPathExpression::Sequence(a, b) | PropertyPathExpression::Alternative(a, b) => {
            over_schema(a) && over_schema(b)
        }
        PropertyPathExpression::NegatedPropertySet(_) => false,
    }
}

/// The variable an end of a path binds: a variable, or a blank node, which
/// the query text sends as the variable `?_ID` (`blank_nodes_as_variables`).
fn variable_of(term: &TermPattern) -> Option<Variable> {
    match term {
        TermPattern::Variable(v) => Some(v.clone()),
        TermPattern::BlankNode(b) => Some(Variable::new_unchecked(format!("_{}", b.as_str()))),
        _ => None,
    }
}

/// An end of a path with a blank node written as its variable.
fn as_variable(term: &TermPattern) -> TermPattern {
    variable_of(term).map_or_else(|| term.clone(), TermPattern::Variable)
}
