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
use crate::queries::Walk;
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
pub(crate) fn watch(mut query: spargebra::Query) -> spargebra::Query {
    let watched = crate::queries::rewrite_patterns(&mut query, &mut |pattern| {
        match pattern {
            GraphPattern::OrderBy { inner, expression } => {
                *inner = per_row(std::mem::replace(inner, empty()));
                expression.insert(0, OrderExpression::Asc(call()));
            }
            GraphPattern::Group { inner, .. } => {
                *inner = per_row(std::mem::replace(inner, empty()));
            }
            _ => {}
        }
        Ok::<_, std::convert::Infallible>(Walk::Into)
    });
    let Ok(()) = watched;
    query
}

fn call() -> Expression {
    Expression::FunctionCall(
        Function::Custom(NamedNode::new_unchecked(ALIVE)),
        Vec::new(),
    )
}

/// A pattern to stand in a moment for one moved out.
fn empty() -> Box<GraphPattern> {
    Box::new(GraphPattern::Bgp {
        patterns: Vec::new(),
    })
}

/// `inner`, each of its rows passing through [`ALIVE`].
fn per_row(inner: Box<GraphPattern>) -> Box<GraphPattern> {
    Box::new(GraphPattern::Extend {
        inner,
        variable: Variable::new_unchecked(ALIVE_VARIABLE),
        expression: call(),
    })
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
