//! entente: an actor-relationship knowledge graph of conflicts and diplomacy.
//!
//! Facts are RDF in an embedded Oxigraph store ([`store`]), read by
//! [`ingest`] and checked against the ontology ([`vocab`]); questions are
//! named SPARQL queries ([`queries`]) whose answers [`output`] writes;
//! names become IRIs in [`resolve`]; CSV datasets come in through mappings
//! ([`import`]); the analyses and diagrams of the `entente-graph` crate run on
//! the petgraph [`view`] of the same facts; [`endpoint`] answers the SPARQL
//! Protocol and the named questions over HTTP, and [`remote`] asks another
//! server the same questions over it. The library never prints: long
//! work reports to a [`progress::Progress`] observer, failures are
//! [`Error`]s, and answers go to a writer the caller gives.
//!
//! ```
//! use entente::store::KnowledgeGraph;
//! use entente::resolve::resolve;
//!
//! let graph = KnowledgeGraph::with_seed_data()?;
//! let ceasefire = resolve(&graph, "Ceasefire of 20 September 2023")?;
//! let query = entente::queries::named("mediators")?;
//! let bindings = [("agreement".to_owned(), ceasefire.iri.into())];
//! let rows = entente::rows::Rows::collect(graph.query(&query.sparql, &bindings)?)?;
//! let mediator = rows.column("mediator").unwrap().next().unwrap().unwrap();
//! assert_eq!(mediator.to_string(), "<https://entente.example/id/RussianPeacekeepingContingent>");
//! # Ok::<(), entente::Error>(())
//! ```

pub mod claims;
pub mod endpoint;
pub mod error;
pub mod import;
pub mod ingest;
pub mod interrupt;
pub mod memory;
pub mod ordering;
pub mod output;
pub mod progress;
pub mod queries;
pub mod reconcile;
pub mod remote;
pub mod resolve;
pub mod rows;
pub mod store;
pub mod text;
pub mod validate;
pub mod view;
pub mod vocab;

pub use entente_graph as graph;
pub use error::{Error, ErrorKind, Result};
