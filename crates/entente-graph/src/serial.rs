//! Node and edge handles in machine output: their index, a plain number, so
//! a program can look the actor or relation up in the graph it passed in
//! (petgraph's own handles are not `Serialize` without its `serde-1`
//! feature, which would also make whole graphs serialisable).

use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serializer;

/// A node or edge handle.
pub(crate) trait Handle {
    fn number(&self) -> usize;
}

impl Handle for NodeIndex {
    fn number(&self) -> usize {
        self.index()
    }
}

impl Handle for EdgeIndex {
    fn number(&self) -> usize {
        self.index()
    }
}

/// One handle as its index (`#[serde(serialize_with = "serial::index")]`).
pub(crate) fn index<T: Handle, S: Serializer>(handle: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(handle.number() as u64)
}

/// Handles as an array of indices.
pub(crate) fn indices<T: Handle, S: Serializer>(handles: &[T], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(handles.iter().map(Handle::number))
}

/// Two camps of nodes as two arrays of indices.
pub(crate) fn camps<S: Serializer>(camps: &[Vec<NodeIndex>; 2], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(
        camps
            .iter()
            .map(|camp| camp.iter().map(Handle::number).collect::<Vec<_>>()),
    )
}
