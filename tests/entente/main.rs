//! The integration tests of entente, as one binary: the command line on
//! the seed data, loads, imports, the persistent store, the data's own
//! conventions, the named queries' answers, the module edges and the
//! hostile-input corpus of `tests/bad-input/`.
//!
//! The analyses and the DOT export are tested without a store in
//! `crates/entente-graph/tests/`.

mod analysis_cli;
mod answers;
mod any_conflict;
mod architecture;
mod bad_input;
mod check;
mod cli;
mod colombia;
mod datasets;
mod dot_cli;
mod errors;
mod fuzz_regressions;
mod import;
mod load;
mod ordering;
#[cfg(feature = "rocksdb")]
mod persistent;
mod reconcile;
mod remote;
mod seed;
mod serve;
mod sheet;
/// The snapshot and Graphviz helpers of `entente-graph`'s tests, shared.
#[path = "../../crates/entente-graph/tests/graph/snapshots.rs"]
#[allow(dead_code)]
mod snapshots;
mod support;
mod timeline;
