//! entente: an actor-relationship knowledge graph of conflicts and diplomacy.
//!
//! Facts are RDF in an embedded Oxigraph store ([`store`]), read by
//! [`ingest`] and checked against the ontology ([`vocab`]); questions are
//! named SPARQL queries ([`queries`]) whose answers [`output`] prints;
//! names become IRIs in [`resolve`]; CSV datasets come in through mappings
//! ([`import`]); analyses run on a petgraph [`view`] of the same facts
//! ([`analysis`]) and diagrams are drawn from it ([`export`]). The command
//! line's verbs are in [`commands`].

pub mod analysis;
pub mod commands;
pub mod export;
pub mod import;
pub mod ingest;
pub mod output;
pub mod queries;
pub mod resolve;
pub mod store;
pub mod view;
pub mod vocab;
