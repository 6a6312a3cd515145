//! The actor graph of entente and what is computed from it: paths,
//! influence, structural balance, mediator candidates, Graphviz diagrams.
//!
//! This crate never touches a store: its only input is an [`ActorGraph`],
//! which the `entente` crate builds from SPARQL. That keeps the analyses
//! pure functions that can be tested on graphs written by hand, and lets
//! them build and test without Oxigraph.
//!
//! ```
//! use entente_graph::{analysis::paths, ActorGraph, Relation};
//!
//! let mut g = ActorGraph::new();
//! let a = g.actor_by_iri("https://entente.example/id/Turkey");
//! let b = g.actor_by_iri("https://entente.example/id/Azerbaijan");
//! g.relate(a, b, Relation::new("allied", 1));
//! let chain = paths::shortest_path(&g, a, b, &paths::PathOptions::default()).unwrap();
//! assert_eq!(chain.sentence(&g), "Turkey —allied→ Azerbaijan");
//! ```

pub mod analysis;
pub mod date;
pub mod dot;
mod error;
mod graph;
mod serial;
pub mod table;
pub mod text;

pub use date::Day;
pub use error::{Error, Result};
pub use graph::{local_name, Actor, ActorGraph, Relation};
pub use table::{Table, Value};
