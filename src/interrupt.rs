//! Stopping an evaluation where Oxigraph's engine does not look at its
//! cancellation token: it checks the token at each quad it reads, not while
//! it sorts the rows of an `ORDER BY` or builds them from what it has read
//! (a cartesian product collected for a sort or a `GROUP BY` goes on after
//! the token is cancelled, and the sort after it; measured: minutes of CPU
//! and gigabytes on the seed data, long after the client got its 503).
//!
//! A watched query ([`watch`]) calls a function of ours, [`ALIVE`], once
//! per row that enters a sort or a grouping and once per comparison of the
//! sort; the engine evaluates it like any SPARQL function. Once the token is
//! cancelled, the function unwinds the evaluating thread
//! (`std::panic::resume_unwind`: no panic hook, nothing printed), and
//! [`catch`] around the reading of the answer turns that into
//! [`Error::Timeout`]. Only a reader that runs inside [`catch`] may use a
//! watched evaluation (`KnowledgeGraph::with_cancellation`, which the
//! endpoint uses); the command line ends its process at the deadline
//! instead.

use crate::error::{Error, Result};
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::CancellationToken;
use spargebra::algebra::{Expression, Function, GraphPattern, OrderExpression};
use spargebra::term::Variable;

/// The function a watched query calls: true while its evaluation may go on.
pub const ALIVE: &str = "urn:entente:alive";

/// The variable a watched query binds [`ALIVE`] to, below each sort and
/// grouping (never projected: it is out of scope above them).
const ALIVE_VARIABLE: &str = "entente_alive_0c1f";

/// What unwinds a watched evaluation; [`catch`] knows it.
struct Interrupted;

/// The engine's function behind [`ALIVE`] for evaluations cancelled by `token`.
pub(crate) fn alive(token: CancellationToken) -> impl Fn(&[Term]) -> Option<Term> + Send + Sync {
    move |_| {
        if token.is_cancelled() {
            std::panic::resume_unwind(Box::new(Interrupted));
        }
        Some(Literal::from(true).into())
    }
}

/// `query` with a call of [`ALIVE`] per row below each `ORDER BY` and
/// `GROUP BY` (subqueries and `EXISTS` included) and first among each sort's
/// keys, so the engine calls it per row collected and per comparison. The
/// answer is the same: the key is the same constant for every row.
pub(crate) fn watch(query: spargebra::Query) -> spargebra::Query {
    use spargebra::Query;
    match query {
        Query::Select {
            dataset,
            pattern,
            base_iri,
        } => Query::Select {
            dataset,
            pattern: watched(pattern),
            base_iri,
        },
        Query::Construct {
            template,
            dataset,
            pattern,
            base_iri,
        } => Query::Construct {
            template,
            dataset,
            pattern: watched(pattern),
            base_iri,
        },
        Query::Describe {
            dataset,
            pattern,
            base_iri,
        } => Query::Describe {
            dataset,
            pattern: watched(pattern),
            base_iri,
        },
        Query::Ask {
            dataset,
            pattern,
            base_iri,
        } => Query::Ask {
            dataset,
            pattern: watched(pattern),
            base_iri,
        },
    }
}

fn call() -> Expression {
    Expression::FunctionCall(
        Function::Custom(NamedNode::new_unchecked(ALIVE)),
        Vec::new(),
    )
}

/// `inner`, each of its rows passing through [`ALIVE`].
fn per_row(inner: GraphPattern) -> Box<GraphPattern> {
    Box::new(GraphPattern::Extend {
        inner: Box::new(inner),
        variable: Variable::new_unchecked(ALIVE_VARIABLE),
        expression: call(),
    })
}

fn watched(pattern: GraphPattern) -> GraphPattern {
    let boxed = |p: Box<GraphPattern>| Box::new(watched(*p));
    match pattern {
        GraphPattern::OrderBy { inner, expression } => {
            let mut keys = vec![OrderExpression::Asc(call())];
            keys.extend(expression.into_iter().map(|key| match key {
                OrderExpression::Asc(e) => OrderExpression::Asc(watched_expression(e)),
                OrderExpression::Desc(e) => OrderExpression::Desc(watched_expression(e)),
            }));
            GraphPattern::OrderBy {
                inner: per_row(watched(*inner)),
                expression: keys,
            }
        }
        GraphPattern::Group {
            inner,
            variables,
            aggregates,
        } => GraphPattern::Group {
            inner: per_row(watched(*inner)),
            variables,
            aggregates,
        },
        GraphPattern::Join { left, right } => GraphPattern::Join {
            left: boxed(left),
            right: boxed(right),
        },
        GraphPattern::Union { left, right } => GraphPattern::Union {
            left: boxed(left),
            right: boxed(right),
        },
        GraphPattern::Minus { left, right } => GraphPattern::Minus {
            left: boxed(left),
            right: boxed(right),
        },
        GraphPattern::Lateral { left, right } => GraphPattern::Lateral {
            left: boxed(left),
            right: boxed(right),
        },
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => GraphPattern::LeftJoin {
            left: boxed(left),
            right: boxed(right),
            expression: expression.map(watched_expression),
        },
        GraphPattern::Filter { expr, inner } => GraphPattern::Filter {
            expr: watched_expression(expr),
            inner: boxed(inner),
        },
        GraphPattern::Extend {
            inner,
            variable,
            expression,
        } => GraphPattern::Extend {
            inner: boxed(inner),
            variable,
            expression: watched_expression(expression),
        },
        GraphPattern::Graph { name, inner } => GraphPattern::Graph {
            name,
            inner: boxed(inner),
        },
        GraphPattern::Project { inner, variables } => GraphPattern::Project {
            inner: boxed(inner),
            variables,
        },
        GraphPattern::Distinct { inner } => GraphPattern::Distinct {
            inner: boxed(inner),
        },
        GraphPattern::Reduced { inner } => GraphPattern::Reduced {
            inner: boxed(inner),
        },
        GraphPattern::Slice {
            inner,
            start,
            length,
        } => GraphPattern::Slice {
            inner: boxed(inner),
            start,
            length,
        },
        GraphPattern::Service {
            name,
            inner,
            silent,
        } => GraphPattern::Service {
            name,
            inner,
            silent,
        },
        leaf @ (GraphPattern::Bgp { .. }
        | GraphPattern::Path { .. }
        | GraphPattern::Values { .. }) => leaf,
    }
}

/// An expression with its `EXISTS` patterns watched.
fn watched_expression(expression: Expression) -> Expression {
    let e = |x: Box<Expression>| Box::new(watched_expression(*x));
    match expression {
        Expression::Exists(pattern) => Expression::Exists(Box::new(watched(*pattern))),
        Expression::Or(a, b) => Expression::Or(e(a), e(b)),
        Expression::And(a, b) => Expression::And(e(a), e(b)),
        Expression::Equal(a, b) => Expression::Equal(e(a), e(b)),
        Expression::SameTerm(a, b) => Expression::SameTerm(e(a), e(b)),
        Expression::Greater(a, b) => Expression::Greater(e(a), e(b)),
        Expression::GreaterOrEqual(a, b) => Expression::GreaterOrEqual(e(a), e(b)),
        Expression::Less(a, b) => Expression::Less(e(a), e(b)),
        Expression::LessOrEqual(a, b) => Expression::LessOrEqual(e(a), e(b)),
        Expression::Add(a, b) => Expression::Add(e(a), e(b)),
        Expression::Subtract(a, b) => Expression::Subtract(e(a), e(b)),
        Expression::Multiply(a, b) => Expression::Multiply(e(a), e(b)),
        Expression::Divide(a, b) => Expression::Divide(e(a), e(b)),
        Expression::UnaryPlus(a) => Expression::UnaryPlus(e(a)),
        Expression::UnaryMinus(a) => Expression::UnaryMinus(e(a)),
        Expression::Not(a) => Expression::Not(e(a)),
        Expression::In(a, list) => {
            Expression::In(e(a), list.into_iter().map(watched_expression).collect())
        }
        Expression::If(a, b, c) => Expression::If(e(a), e(b), e(c)),
        Expression::Coalesce(list) => {
            Expression::Coalesce(list.into_iter().map(watched_expression).collect())
        }
        Expression::FunctionCall(f, list) => {
            Expression::FunctionCall(f, list.into_iter().map(watched_expression).collect())
        }
        leaf @ (Expression::NamedNode(_)
        | Expression::Literal(_)
        | Expression::Variable(_)
        | Expression::Bound(_)) => leaf,
    }
}

/// What `work` returns, or [`Error::Timeout`] when a watched evaluation
/// inside it was interrupted at its deadline (any other panic goes on
/// unwinding). A watched query has the answer it would have unwatched.
///
/// ```
/// use entente::rows::Rows;
/// use oxigraph::sparql::CancellationToken;
/// let graph = entente::store::KnowledgeGraph::with_seed_data()?;
/// let sorted = "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY DESC(?n) ?s";
/// let token = CancellationToken::new();
/// let watched = graph.with_cancellation(token.clone());
/// let rows = entente::interrupt::catch(|| Rows::collect(watched.query(sorted, &[])?))??;
/// assert_eq!(rows.rows, Rows::collect(graph.query(sorted, &[])?)?.rows);
/// // Cancelled: the sort is stopped, and said to be out of time.
/// token.cancel();
/// let stopped = entente::interrupt::catch(|| Rows::collect(watched.query(sorted, &[])?));
/// let error = stopped.and_then(|rows| rows).unwrap_err();
/// assert_eq!(error.kind(), entente::ErrorKind::Timeout);
/// # Ok::<(), entente::Error>(())
/// ```
pub fn catch<T>(work: impl FnOnce() -> T) -> Result<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(value) => Ok(value),
        Err(payload) if payload.is::<Interrupted>() => Err(Error::Timeout {
            seconds: crate::error::timeout_seconds(),
        }),
        Err(payload) => std::panic::resume_unwind(payload),
    }
}
