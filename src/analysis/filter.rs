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
//! bound is open. A bound that is not a date at all is treated as missing.

use crate::view::{local_name, ActorGraph, Relation};
use anyhow::{bail, Result};

/// What to keep of a view. The default keeps everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Keep relations in force on this date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD…`;
    /// a partial date means its first day).
    pub as_of: Option<String>,
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
pub fn as_of(graph: &ActorGraph, date: &str) -> Result<ActorGraph> {
    filter(
        graph,
        &Filter {
            as_of: Some(date.to_owned()),
            ..Filter::default()
        },
    )
}

/// The subgraph of edges with sign > 0 (every actor kept).
pub fn positive_only(graph: &ActorGraph) -> ActorGraph {
    retain(graph, |r| r.sign > 0)
}

/// Apply a [`Filter`]. Fails only on a date that cannot be read.
pub fn filter(graph: &ActorGraph, f: &Filter) -> Result<ActorGraph> {
    let day = match &f.as_of {
        Some(d) => match date_bound(d, false) {
            Some(day) => Some(day),
            None => bail!("not a date: {d:?} (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
        },
        None => None,
    };
    let kinds: Vec<String> = f.kinds.iter().map(|k| norm_kind(k)).collect();
    let sources: Vec<String> = f.sources.iter().map(|s| s.to_lowercase()).collect();
    Ok(retain(graph, |r| {
        (!f.positive_only || r.sign > 0)
            && day.as_ref().is_none_or(|d| in_force(r, d))
            && (kinds.is_empty() || kinds.contains(&norm_kind(&r.kind)))
            && (sources.is_empty() || sources.iter().any(|s| source_matches(r, s)))
    }))
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

/// Whether a relation is in force on `day` (`YYYY-MM-DD`).
pub fn in_force(r: &Relation, day: &str) -> bool {
    let starts_ok = r
        .start
        .as_deref()
        .and_then(|s| date_bound(s, false))
        .is_none_or(|s| s.as_str() <= day);
    let ends_ok = r
        .end
        .as_deref()
        .and_then(|s| date_bound(s, true))
        .is_none_or(|e| day <= e.as_str());
    starts_ok && ends_ok
}

/// The `YYYY-MM-DD` a date string stands for as a lower (`upper = false`) or
/// upper bound. `None` if it does not start with a year.
pub fn date_bound(s: &str, upper: bool) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |from: usize, n: usize| -> bool {
        b.len() >= from + n && b[from..from + n].iter().all(u8::is_ascii_digit)
    };
    if !digits(0, 4) || (b.len() > 4 && b[4].is_ascii_digit()) {
        return None;
    }
    let year = &s[..4];
    // a month follows if "-MM" and not a time-zone offset "-05:00"
    let has_month = b.len() >= 7 && b[4] == b'-' && digits(5, 2) && b.get(7) != Some(&b':');
    if !has_month {
        return Some(if upper {
            format!("{year}-12-31")
        } else {
            format!("{year}-01-01")
        });
    }
    let month = &s[5..7];
    let has_day = b.len() >= 10 && b[7] == b'-' && digits(8, 2) && b.get(10) != Some(&b':');
    if !has_day {
        return Some(if upper {
            format!("{year}-{month}-31")
        } else {
            format!("{year}-{month}-01")
        });
    }
    Some(s[..10].to_owned())
}

fn norm_kind(k: &str) -> String {
    k.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
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
        assert_eq!(date_bound("1991", false).unwrap(), "1991-01-01");
        assert_eq!(date_bound("1991", true).unwrap(), "1991-12-31");
        assert_eq!(date_bound("1991Z", true).unwrap(), "1991-12-31");
        assert_eq!(date_bound("1991-05:00", true).unwrap(), "1991-12-31");
        assert_eq!(date_bound("1991-05", true).unwrap(), "1991-05-31");
        assert_eq!(date_bound("1991-05", false).unwrap(), "1991-05-01");
        assert_eq!(
            date_bound("2023-09-20T13:00:00+04:00", false).unwrap(),
            "2023-09-20"
        );
        assert_eq!(date_bound("2023-09-20", true).unwrap(), "2023-09-20");
        assert!(date_bound("yesterday", true).is_none());
        assert!(date_bound("19910", true).is_none());
    }

    #[test]
    fn kinds_normalise() {
        assert_eq!(norm_kind("Defence pact"), norm_kind("defence-pact"));
    }
}
