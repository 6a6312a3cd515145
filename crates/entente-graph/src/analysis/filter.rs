//! Filters of the view: relations in force on a date, of some kinds, from some
//! sources, or positive only.
//!
//! A filter returns a new [`ActorGraph`] with **every actor kept, in the same
//! order** (node indices are unchanged, so scores computed on a filtered graph
//! line up with the original) and only the relations that pass. Edge indices
//! are renumbered: read hops and ties from the graph the analysis was given.
//!
//! Dates are compared as ISO strings on their date part (`YYYY-MM-DD`): a
//! longer `xsd:dateTime` is cut to its date, an `xsd:gYear` `1991` means from
//! 1991-01-01 when it is a start and until 1991-12-31 when it is an end, an
//! `xsd:gYearMonth` `1991-05` from 1991-05-01 / until 1991-05-31. A missing
//! bound is open — an undated relation is in force on every day. A bound
//! that is not a date at all is treated as missing.

use crate::date::{Bound, Day};
use crate::text::squash;
use crate::{local_name, ActorGraph, Relation};

/// What to keep of a view. The default keeps everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Keep relations in force on this day.
    pub as_of: Option<Day>,
    /// Keep relations of these kinds (compared ignoring case, spaces, `-` and `_`).
    /// Empty: all kinds.
    pub kinds: Vec<String>,
    /// Keep relations claimed by these sources: a source matches its graph IRI,
    /// the IRI's local name or its label (ignoring case). Empty: all sources.
    pub sources: Vec<String>,
    /// Keep only relations with sign > 0.
    pub positive_only: bool,
}

/// Relations in force on `date` (see the module doc for the date rules).
pub fn as_of(graph: &ActorGraph, day: Day) -> ActorGraph {
    filter(
        graph,
        &Filter {
            as_of: Some(day),
            ..Filter::default()
        },
    )
}

/// The subgraph of edges with sign > 0 (every actor kept).
pub fn positive_only(graph: &ActorGraph) -> ActorGraph {
    retain(graph, |r| r.sign > 0)
}

/// Apply a [`Filter`].
pub fn filter(graph: &ActorGraph, f: &Filter) -> ActorGraph {
    let kinds: Vec<String> = f.kinds.iter().map(|k| squash(k)).collect();
    let sources: Vec<String> = f.sources.iter().map(|s| s.to_lowercase()).collect();
    retain(graph, |r| {
        (!f.positive_only || r.sign > 0)
            && f.as_of.is_none_or(|d| in_force(r, d))
            && (kinds.is_empty() || kinds.contains(&squash(&r.kind)))
            && (sources.is_empty() || sources.iter().any(|s| source_matches(r, s)))
    })
}

/// A copy of the graph with every actor and the relations that `keep` accepts.
pub fn retain(graph: &ActorGraph, mut keep: impl FnMut(&Relation) -> bool) -> ActorGraph {
    let mut out = ActorGraph::new();
    out.graph.reserve_exact_nodes(graph.graph.node_count());
    for actor in graph.graph.node_weights() {
        out.actor(actor.clone());
    }
    debug_assert_eq!(out.actor_count(), graph.actor_count());
    for e in graph.graph.raw_edges() {
        if keep(&e.weight) {
            out.relate(e.source(), e.target(), e.weight.clone());
        }
    }
    out
}

/// Whether each actor (by node index) has at least one relation, in either
/// direction: after [`filter`], the actors something is left of (a filter
/// keeps every actor, related or not).
pub fn related(graph: &ActorGraph) -> Vec<bool> {
    let mut related = vec![false; graph.actor_count()];
    for e in graph.graph.raw_edges() {
        related[e.source().index()] = true;
        related[e.target().index()] = true;
    }
    related
}

/// Whether a relation is in force on `day`: started by then and not ended
/// before it. A missing bound is open, so an **undated relation counts as
/// always in force** (as one with only a start is in force from then on).
pub fn in_force(r: &Relation, day: Day) -> bool {
    let starts_ok = r
        .start
        .as_deref()
        .and_then(|s| Day::bound(s, Bound::Start))
        .is_none_or(|s| s <= day);
    let ends_ok = r
        .end
        .as_deref()
        .and_then(|s| Day::bound(s, Bound::End))
        .is_none_or(|e| day <= e);
    starts_ok && ends_ok
}

fn source_matches(r: &Relation, wanted_lower: &str) -> bool {
    if let Some(g) = &r.graph {
        if g.to_lowercase() == wanted_lower || local_name(g).to_lowercase() == wanted_lower {
            return true;
        }
    }
    r.source_label
        .as_deref()
        .is_some_and(|l| l.to_lowercase() == wanted_lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        let b = |s: &str, upper: bool| {
            Day::bound(s, if upper { Bound::End } else { Bound::Start }).map(|d| d.to_string())
        };
        assert_eq!(b("1991", false).unwrap(), "1991-01-01");
        assert_eq!(b("1991", true).unwrap(), "1991-12-31");
        assert_eq!(b("1991Z", true).unwrap(), "1991-12-31");
        assert_eq!(b("1991-05:00", true).unwrap(), "1991-12-31");
        assert_eq!(b("1991-05", true).unwrap(), "1991-05-31");
        assert_eq!(b("1991-05", false).unwrap(), "1991-05-01");
        assert_eq!(b("2023-09-20T13:00:00+04:00", false).unwrap(), "2023-09-20");
        assert_eq!(b("2023-09-20", true).unwrap(), "2023-09-20");
        assert!(b("yesterday", true).is_none());
        assert!(b("19910", true).is_none());
    }

    #[test]
    fn kinds_normalise() {
        assert_eq!(squash("Defence pact"), squash("defence-pact"));
    }
}
