//! Property: any labels (any Unicode, quotes, backslashes, newlines, braces,
//! `<>&`) give DOT that Graphviz accepts without a warning and whose
//! structure (nodes and edges) is the one entente wrote.

use super::support::*;
use entente_graph::dot::{render, AgreementDrawing, AgreementStyle, DotOptions};
use entente_graph::{Actor, ActorGraph, Relation};
use petgraph::graph::NodeIndex;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        3 => prop::sample::select(vec![
            '"', '\\', '\n', '\r', '{', '}', '<', '>', '&', ';', '[', ']', '=', ',', '\t', 'N',
            'G', 'l', 'n', 'Փ', 'ı', 'Ж', '#', '%', '/', '*', ' ', '-', '\'', '\u{0}', '\u{202E}',
        ]),
        1 => prop::sample::select(vec!['a', 'b', 'x', ' ']),
    ]
}

fn label() -> impl Strategy<Value = String> {
    prop::collection::vec(nasty_char(), 0..24).prop_map(|v| v.into_iter().collect())
}

const KINDS: [&str; 8] = [
    "backs",
    "allied",
    "defence pact",
    "hostile",
    "attacks",
    "blockades",
    "mediates",
    "talks",
];

/// Source, target, kind, sign, date, source label.
type Rel = (usize, usize, String, i8, Option<String>, Option<String>);

#[derive(Debug, Clone)]
struct Case {
    actors: Vec<(String, Option<String>, Vec<String>)>,
    relations: Vec<Rel>,
    title: Option<String>,
    agreement: Option<(String, Option<String>)>,
    edges_style: bool,
}

fn case() -> impl Strategy<Value = Case> {
    let actor = (
        label(),
        prop_oneof![
            Just(None),
            prop::sample::select(vec!["State", "DeFactoState", "Person", "ArmedForce"])
                .prop_map(|k| Some(k.to_owned())),
            label().prop_map(Some),
        ],
        prop::collection::vec(label(), 0..3),
    );
    (
        prop::collection::vec(actor, 1..6),
        prop::collection::vec(
            (
                0usize..6,
                0usize..6,
                prop_oneof![
                    prop::sample::select(KINDS.to_vec()).prop_map(str::to_owned),
                    label()
                ],
                -1i8..=1,
                prop::option::of(label()),
                prop::option::of(label()),
            ),
            0..10,
        ),
        prop::option::of(label()),
        prop::option::of((label(), prop::option::of(label()))),
        any::<bool>(),
    )
        .prop_map(|(actors, relations, title, agreement, edges_style)| Case {
            actors,
            relations,
            title,
            agreement,
            edges_style,
        })
}

fn build(case: &Case) -> (ActorGraph, DotOptions) {
    let mut g = ActorGraph::new();
    for (i, (label, kind, aliases)) in case.actors.iter().enumerate() {
        g.actor(Actor {
            iri: format!("https://entente.example/id/actor-{i}"),
            label: label.clone(),
            kind: kind.clone(),
            aliases: aliases.clone(),
        });
    }
    let n = case.actors.len();
    for (s, t, kind, sign, date, source) in &case.relations {
        g.relate(
            NodeIndex::new(s % n),
            NodeIndex::new(t % n),
            Relation {
                kind: kind.clone(),
                sign: *sign,
                weight: 1.0,
                start: date.clone(),
                end: None,
                graph: source.as_ref().map(|_| "urn:graph:g".to_owned()),
                source_label: source.clone(),
            },
        );
    }
    let agreements = case
        .agreement
        .iter()
        .map(|(label, date)| AgreementDrawing {
            iri: "https://entente.example/id/agreement".to_owned(),
            label: label.clone(),
            date: date.clone(),
            parties: (0..n.min(3)).map(NodeIndex::new).collect(),
            mediators: vec![NodeIndex::new(n - 1)],
        })
        .collect();
    let options = DotOptions {
        title: case.title.clone(),
        agreements,
        agreement_style: if case.edges_style {
            AgreementStyle::Edges
        } else {
            AgreementStyle::Nodes
        },
        ..DotOptions::default()
    };
    (g, options)
}

/// Node ids and edge count as written: the part of each statement line
/// before its first `[` is never user text (ids are sanitised).
fn written_structure(dot: &str) -> (BTreeSet<String>, usize) {
    let mut nodes = BTreeSet::new();
    let mut edges = 0;
    for line in dot.lines() {
        let Some((head, _)) = line.split_once('[') else {
            continue;
        };
        let head = head.trim();
        if head.contains(" -> ") {
            edges += 1;
        } else if !matches!(head, "graph" | "node" | "edge") && !head.is_empty() {
            nodes.insert(head.to_owned());
        }
    }
    (nodes, edges)
}

/// Node names and edge count as Graphviz read them (`dot -Tjson`).
fn graphviz_structure(json: &[u8]) -> (BTreeSet<String>, usize) {
    let v: serde_json::Value = serde_json::from_slice(json).expect("dot -Tjson gives JSON");
    let subgraphs = v["_subgraph_cnt"].as_u64().unwrap_or(0) as usize;
    let nodes = v["objects"]
        .as_array()
        .map(|objects| {
            objects[subgraphs..]
                .iter()
                .map(|o| o["name"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default();
    let edges = v["edges"].as_array().map_or(0, Vec::len);
    (nodes, edges)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_label_keeps_the_structure(case in case()) {
        if !graphviz_available() {
            return Ok(());
        }
        let (g, options) = build(&case);
        let dot = render(&g, &options);
        let (ok, json, stderr) = run_dot(&dot, "json");
        prop_assert!(ok, "dot rejected:\n{}\n{}", stderr, dot);
        prop_assert!(stderr.trim().is_empty(), "dot warned:\n{}\n{}", stderr, dot);
        let written = written_structure(&dot);
        let read = graphviz_structure(&json);
        prop_assert_eq!(&written.0, &read.0, "nodes differ in\n{}", dot);
        prop_assert_eq!(written.1, read.1, "edge counts differ in\n{}", dot);
        prop_assert!(written.0.len() >= g.actor_count());
    }
}
