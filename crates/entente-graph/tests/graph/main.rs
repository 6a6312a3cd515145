//! The integration tests of entente-graph, as one binary (one link instead
//! of ten): analyses on graphs with answers known on paper or from
//! NetworkX, and the DOT export (snapshots, Graphviz's verdict).
//!
//! `networkx` rebuilds the peers' generated graphs with the `synthetic`
//! feature, so it is compiled only with it: run
//! `cargo test -p entente-graph --all-features` to include it.

mod balance;
mod brokers;
mod centrality;
mod dot_proptest;
mod dot_snapshots;
mod dot_styles;
mod filter;
mod json;
#[cfg(feature = "synthetic")]
mod networkx;
mod paths;
mod snapshots;
mod support;
