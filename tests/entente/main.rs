//! The integration tests of entente, as one binary: the command line on
//! the seed data, loads, imports, the persistent store, the data's own
//! conventions, the named queries' answers and the module edges.
//!
//! The analyses and the DOT export are tested without a store in
//! `crates/entente-graph/tests/`.

mod analysis_cli;
mod answers;
mod architecture;
mod cli;
mod colombia;
mod dot_cli;
mod errors;
mod fuzz_regressions;
mod import;
mod load;
#[cfg(feature = "rocksdb")]
mod persistent;
mod seed;
/// The snapshot and Graphviz helpers of `entente-graph`'s tests, shared.
#[path = "../../crates/entente-graph/tests/graph/snapshots.rs"]
#[allow(dead_code)]
mod snapshots;
mod support;
