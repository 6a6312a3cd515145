//! The view filters: as of a date, by kind, by source.

use entente_graph::analysis::{as_of, filter, positive_only, related, Filter};
use entente_graph::{ActorGraph, Day, Relation};

fn rel(kind: &str, start: Option<&str>, end: Option<&str>, graph: &str) -> Relation {
    Relation {
        kind: kind.into(),
        sign: if kind == "hostile" { -1 } else { 1 },
        weight: 1.0,
        start: start.map(Into::into),
        end: end.map(Into::into),
        graph: Some(format!("http://x/graph/{graph}")),
        source_label: Some(graph.to_uppercase()),
    }
}

fn graph() -> ActorGraph {
    let mut g = ActorGraph::new();
    let a = g.actor_by_iri("http://x/A");
    let b = g.actor_by_iri("http://x/B");
    let c = g.actor_by_iri("http://x/C");
    g.relate(a, b, rel("allied", Some("1991"), Some("1994"), "cow"));
    g.relate(
        a,
        b,
        rel(
            "hostile",
            Some("2023-09-19T06:00:00+04:00"),
            Some("2023-09-20"),
            "reuters",
        ),
    );
    g.relate(b, c, rel("defence pact", None, Some("1991-12"), "atop"));
    g.relate(a, c, rel("talks", Some("2023-09-21"), None, "reuters"));
    g
}

fn day(text: &str) -> Day {
    text.parse().unwrap()
}

fn kinds(g: &ActorGraph) -> Vec<String> {
    g.graph.edge_weights().map(|r| r.kind.clone()).collect()
}

#[test]
fn as_of_dates() {
    let g = graph();
    assert_eq!(
        kinds(&as_of(&g, day("1991-01-01"))),
        ["allied", "defence pact"]
    );
    assert_eq!(kinds(&as_of(&g, day("1994-12-31"))), ["allied"]);
    assert_eq!(kinds(&as_of(&g, day("1995-01-01"))), Vec::<String>::new());
    assert_eq!(kinds(&as_of(&g, day("2023-09-19"))), ["hostile"]);
    assert_eq!(kinds(&as_of(&g, day("2023-09-20"))), ["hostile"]);
    assert_eq!(kinds(&as_of(&g, day("2023-09-21"))), ["talks"]);
    assert_eq!(kinds(&as_of(&g, day("2030"))), ["talks"]);
    assert_eq!(
        kinds(&as_of(&g, day("1991-12-31"))),
        ["allied", "defence pact"]
    );
    assert_eq!(kinds(&as_of(&g, day("1992-01-01"))), ["allied"]);
    assert!("last week".parse::<Day>().is_err());
    // every actor kept, same indices
    let f = as_of(&g, day("2030"));
    assert_eq!(f.actor_count(), 3);
    assert_eq!(f.find("http://x/C"), g.find("http://x/C"));
}

#[test]
fn kinds_sources_and_signs() {
    let g = graph();
    let only = |f: Filter| kinds(&filter(&g, &f));
    assert_eq!(
        only(Filter {
            kinds: vec!["Defence-Pact".into(), "talks".into()],
            ..Filter::default()
        }),
        ["defence pact", "talks"]
    );
    assert_eq!(
        only(Filter {
            sources: vec!["reuters".into()],
            ..Filter::default()
        }),
        ["hostile", "talks"]
    );
    assert_eq!(
        only(Filter {
            sources: vec!["http://x/graph/cow".into(), "ATOP".into()],
            ..Filter::default()
        }),
        ["allied", "defence pact"]
    );
    assert_eq!(
        only(Filter {
            sources: vec!["reuters".into()],
            as_of: Some(day("2023-09-22")),
            ..Filter::default()
        }),
        ["talks"]
    );
    assert_eq!(
        kinds(&positive_only(&g)),
        ["allied", "defence pact", "talks"]
    );
    assert_eq!(
        only(Filter {
            positive_only: true,
            kinds: vec!["hostile".into()],
            ..Filter::default()
        }),
        Vec::<String>::new()
    );
}

#[test]
fn an_undated_relation_is_in_force_on_every_day() {
    let mut g = graph();
    let (a, c) = (g.find("http://x/A").unwrap(), g.find("http://x/C").unwrap());
    g.relate(c, a, rel("backs", None, None, "cow"));
    for d in ["1800", "1991-06-01", "2023-09-19", "2999-12-31"] {
        assert!(
            kinds(&as_of(&g, day(d))).contains(&"backs".to_owned()),
            "{d}"
        );
    }
}

#[test]
fn related_marks_the_actors_with_a_relation_left_by_a_filter() {
    let mut g = graph();
    g.actor_by_iri("http://x/D"); // never related
    assert_eq!(related(&g), [true, true, true, false]);
    // in 1995 nothing is in force; in 2023-09-21 only A talks to C
    assert_eq!(related(&as_of(&g, day("1995-01-01"))), [false; 4]);
    assert_eq!(
        related(&as_of(&g, day("2023-09-21"))),
        [true, false, true, false]
    );
}
