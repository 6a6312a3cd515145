//! Exports of the actor graph to other tools' formats.
//!
//! - [`dot`]: Graphviz diagrams (DOT text, and pictures through Graphviz's
//!   own programs).
//!
//! Invariant: an exporter reads an [`ActorGraph`](crate::view::ActorGraph)
//! and plain inputs (scores, camps, agreements); it never touches the store
//! and never runs an analysis itself.

pub mod dot;
