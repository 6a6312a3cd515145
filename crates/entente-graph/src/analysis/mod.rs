//! Analyses of the actor graph (petgraph only; never touches the store).
//!
//! Every analysis is a pure function from an [`ActorGraph`](crate::ActorGraph)
//! (plus options) to a plain result struct with public fields. Node and edge
//! handles in results are the graph's own [`NodeIndex`](petgraph::graph::NodeIndex)
//! and [`EdgeIndex`](petgraph::graph::EdgeIndex), so a caller can print labels,
//! relation kinds, dates and sources from the graph it passed in. Each result
//! also has a `table(&graph)` method giving a [`Table`](crate::Table) of typed
//! values (a header and rows) that a caller prints or serialises as it likes.
//!
//! Modules:
//! - [`filter`](mod@filter): `as_of` a date, by relation kind, by source graph, positive ties only.
//! - [`csr`]: compressed adjacency (CSR) built from the graph, the hot loops' input and
//!   every analysis' adjacency; the one component search (union-find).
//! - [`paths`]: shortest chain (bidirectional BFS), all simple chains up to N hops,
//!   weakly connected components.
//! - [`centrality`]: PageRank (NetworkX semantics), Brandes betweenness (exact and
//!   sampled, parallel), and closeness, eigenvector, Katz, degree via rustworkx-core.
//! - [`balance`]: structural balance of the signed network (triads, camps, frustration).
//! - [`brokers`]: third parties ranked as mediator candidates between two actors.
//! - [`synthetic`]: the peers' generated benchmark graph, rebuilt bit for bit, and
//!   its TSV reader (tests and benchmarks).
//!
//! Invariant: nothing here touches Oxigraph; the only input is the view.

pub mod balance;
pub mod brokers;
pub mod centrality;
pub mod csr;
pub mod filter;
pub mod paths;
mod pyrandom;
#[cfg(feature = "synthetic")]
pub mod synthetic;

pub use filter::{as_of, filter, positive_only, related, Filter};

/// How a traversal or an analysis reads edge directions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Follow edges from source to target only.
    Directed,
    /// Follow edges both ways.
    #[default]
    Undirected,
}

impl Direction {
    /// Its name in a metric's parameters (`direction=directed`).
    pub fn name(self) -> &'static str {
        match self {
            Direction::Directed => "directed",
            Direction::Undirected => "undirected",
        }
    }
}
