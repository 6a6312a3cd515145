//! Paths and components on graphs whose answers are known on paper.

use entente_graph::analysis::paths::{
    all_simple_paths, shortest_path, weakly_connected_components, PathOptions,
};
use entente_graph::analysis::Direction;
use entente_graph::{ActorGraph, Relation, Value};
use petgraph::graph::NodeIndex;
use proptest::prelude::*;

fn rel(kind: &str, sign: i8) -> Relation {
    Relation::new(kind.to_owned(), sign)
}

/// Actors named by label (IRI `http://x/NAME`), relations in order.
fn graph(edges: &[(&str, &str, &str)]) -> ActorGraph {
    let mut g = ActorGraph::new();
    for &(s, t, k) in edges {
        let s = g.actor_by_iri(&format!("http://x/{s}"));
        let t = g.actor_by_iri(&format!("http://x/{t}"));
        g.relate(s, t, rel(k, 1));
    }
    g
}

fn node(g: &ActorGraph, name: &str) -> NodeIndex {
    g.find(&format!("http://x/{name}")).expect(name)
}

fn labels(g: &ActorGraph, nodes: &[NodeIndex]) -> Vec<String> {
    nodes.iter().map(|&n| g.graph[n].label.clone()).collect()
}

fn directed() -> PathOptions {
    PathOptions {
        direction: Direction::Directed,
        ..PathOptions::default()
    }
}

#[test]
fn chain_shortest_path_both_ways() {
    let g = graph(&[
        ("A", "B", "backs"),
        ("B", "C", "backs"),
        ("C", "D", "attacks"),
    ]);
    let (a, d) = (node(&g, "A"), node(&g, "D"));
    let p = shortest_path(&g, a, d, &directed()).unwrap();
    assert_eq!(labels(&g, &p.nodes), ["A", "B", "C", "D"]);
    assert_eq!(p.len(), 3);
    assert!(p
        .hops
        .iter()
        .all(|h| h.edges.len() == 1 && h.edge().forward));
    assert_eq!(p.hops[2].edge().edge.index(), 2);
    // against the arrows: none directed, three backward hops undirected
    assert!(shortest_path(&g, d, a, &directed()).is_none());
    let back = shortest_path(&g, d, a, &PathOptions::default()).unwrap();
    assert_eq!(labels(&g, &back.nodes), ["D", "C", "B", "A"]);
    assert!(back.hops.iter().all(|h| !h.edge().forward));
    assert_eq!(back.sentence(&g), "D ←attacks— C ←backs— B ←backs— A");
    // max hops
    let short = PathOptions {
        max_hops: Some(2),
        ..PathOptions::default()
    };
    assert!(shortest_path(&g, a, d, &short).is_none());
    // same node: an empty chain
    assert_eq!(shortest_path(&g, a, a, &directed()).unwrap().len(), 0);
}

#[test]
fn sentence_carries_dates_and_sources() {
    let mut g = ActorGraph::new();
    let t = g.actor_by_iri("http://x/Turkey");
    let az = g.actor_by_iri("http://x/Azerbaijan");
    let nk = g.actor_by_iri("http://x/Nagorno-Karabakh");
    g.relate(t, az, rel("ally of", 1));
    let mut attack = rel("attacks", -1);
    attack.start = Some("2023-09-19".into());
    attack.source_label = Some("France 24".into());
    g.relate(az, nk, attack);
    let p = shortest_path(&g, t, nk, &directed()).unwrap();
    assert_eq!(
        p.sentence(&g),
        "Turkey —ally of→ Azerbaijan —attacks→ Nagorno-Karabakh (2023-09-19, per France 24)"
    );
    let table = p.table(&g);
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[1][7], Value::from("France 24"));
}

#[test]
fn a_relation_claimed_both_ways_alike_is_one_row_both_ways() {
    let g = graph(&[
        ("A", "B", "allied"),
        ("B", "A", "allied"),
        ("B", "A", "backs"),
        ("A", "B", "war"),
    ]);
    let mut g = g;
    let (a, b) = (node(&g, "A"), node(&g, "B"));
    // The same kind, dated otherwise: two claims, two rows.
    let mut dated = rel("war", 1);
    dated.start = Some("2020".into());
    g.relate(b, a, dated);
    let p = shortest_path(&g, a, b, &PathOptions::default()).unwrap();
    let rows: Vec<(String, String)> = p
        .table(&g)
        .rows
        .iter()
        .map(|r| (r[2].to_string(), r[4].to_string()))
        .collect();
    let pairs: Vec<(&str, &str)> = rows.iter().map(|(k, d)| (k.as_str(), d.as_str())).collect();
    assert_eq!(
        pairs,
        [("allied", "↔"), ("war", "→"), ("backs", "←"), ("war", "←")]
    );
}

#[test]
fn parallel_relations_are_one_hop() {
    let g = graph(&[
        ("A", "B", "backs"),
        ("A", "B", "backs"),
        ("B", "A", "allied"),
    ]);
    let (a, b) = (node(&g, "A"), node(&g, "B"));
    let p = shortest_path(&g, a, b, &PathOptions::default()).unwrap();
    assert_eq!(p.len(), 1);
    let e: Vec<(usize, bool)> = p.hops[0]
        .edges
        .iter()
        .map(|h| (h.edge.index(), h.forward))
        .collect();
    assert_eq!(e, [(0, true), (1, true), (2, false)]);
    let p = shortest_path(&g, a, b, &directed()).unwrap();
    assert_eq!(p.hops[0].edges.len(), 2);
    assert_eq!(all_simple_paths(&g, a, b, &PathOptions::default()).len(), 1);
}

#[test]
fn all_simple_paths_in_a_diamond() {
    // A→B→D, A→C→D, B→C, D→E
    let g = graph(&[
        ("A", "B", "r"),
        ("A", "C", "r"),
        ("B", "D", "r"),
        ("C", "D", "r"),
        ("B", "C", "r"),
        ("D", "E", "r"),
    ]);
    let (a, d, e) = (node(&g, "A"), node(&g, "D"), node(&g, "E"));
    let opts = PathOptions {
        max_hops: Some(3),
        ..directed()
    };
    let ps: Vec<Vec<String>> = all_simple_paths(&g, a, d, &opts)
        .iter()
        .map(|p| labels(&g, &p.nodes))
        .collect();
    assert_eq!(
        ps,
        [
            vec!["A", "B", "D"],
            vec!["A", "C", "D"],
            vec!["A", "B", "C", "D"]
        ]
    );
    let two = PathOptions {
        max_hops: Some(2),
        ..directed()
    };
    assert_eq!(all_simple_paths(&g, a, d, &two).len(), 2);
    assert_eq!(all_simple_paths(&g, a, e, &two).len(), 0);
    // undirected adds A-C-B-D
    let und = PathOptions {
        max_hops: Some(3),
        ..PathOptions::default()
    };
    let ps = all_simple_paths(&g, a, d, &und);
    assert_eq!(ps.len(), 4);
    let back = ps
        .iter()
        .find(|p| labels(&g, &p.nodes) == ["A", "C", "B", "D"])
        .unwrap();
    assert!(!back.hops[1].edge().forward);
    let limited = PathOptions { limit: 1, ..und };
    assert_eq!(all_simple_paths(&g, a, d, &limited).len(), 1);
}

#[test]
fn components() {
    let mut g = graph(&[("A", "B", "r"), ("C", "B", "r"), ("D", "E", "r")]);
    g.actor_by_iri("http://x/F");
    let c = weakly_connected_components(&g);
    assert_eq!(c.sizes, [3, 2, 1]);
    assert_eq!(c.count(), 3);
    assert_eq!(c.largest(), 3);
    assert_eq!(labels(&g, &c.members(1)), ["D", "E"]);
    assert_eq!(c.component[node(&g, "C").index()], 0);
    assert_eq!(
        c.table(&g).rows[2],
        [Value::Integer(2), Value::Integer(1), Value::from("F")]
    );
    assert_eq!(weakly_connected_components(&ActorGraph::new()).count(), 0);
}

/// Plain BFS distance, the reference.
fn bfs(n: usize, edges: &[(usize, usize)], s: usize, t: usize, undirected: bool) -> Option<usize> {
    let mut dist = vec![usize::MAX; n];
    dist[s] = 0;
    let mut q = std::collections::VecDeque::from([s]);
    while let Some(v) = q.pop_front() {
        for &(a, b) in edges {
            let next = if a == v {
                Some(b)
            } else if undirected && b == v {
                Some(a)
            } else {
                None
            };
            if let Some(w) = next {
                if dist[w] == usize::MAX {
                    dist[w] = dist[v] + 1;
                    q.push_back(w);
                }
            }
        }
    }
    (dist[t] != usize::MAX).then_some(dist[t])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn bidirectional_bfs_is_shortest(
        n in 2usize..30,
        raw in proptest::collection::vec((0usize..30, 0usize..30), 0..80),
        s in 0usize..30, t in 0usize..30, undirected: bool,
    ) {
        let edges: Vec<(usize, usize)> = raw.into_iter().map(|(a, b)| (a % n, b % n)).collect();
        let (s, t) = (s % n, t % n);
        let mut g = ActorGraph::new();
        for i in 0..n { g.actor_by_iri(&format!("http://x/{i}")); }
        for &(a, b) in &edges { g.relate(NodeIndex::new(a), NodeIndex::new(b), rel("r", 1)); }
        let opts = PathOptions {
            direction: if undirected { Direction::Undirected } else { Direction::Directed },
            ..PathOptions::default()
        };
        let got = shortest_path(&g, NodeIndex::new(s), NodeIndex::new(t), &opts);
        prop_assert_eq!(got.as_ref().map(|p| p.len()), bfs(n, &edges, s, t, undirected));
        if let Some(p) = got {
            prop_assert_eq!(p.nodes[0].index(), s);
            prop_assert_eq!(p.nodes.last().unwrap().index(), t);
            for h in &p.hops {
                prop_assert!(!h.edges.is_empty());
                for e in &h.edges {
                    let (a, b) = g.graph.edge_endpoints(e.edge).unwrap();
                    if e.forward { prop_assert_eq!((a, b), (h.from, h.to)); }
                    else { prop_assert_eq!((a, b), (h.to, h.from)); }
                }
            }
            // the shortest chain is the first of all simple chains
            if p.len() <= 4 {
                let all = all_simple_paths(&g, NodeIndex::new(s), NodeIndex::new(t),
                    &PathOptions { max_hops: Some(p.len()), ..opts.clone() });
                prop_assert!(!all.is_empty());
                prop_assert_eq!(all[0].len(), p.len());
            }
        }
    }
}

fn complete_graph(n: usize) -> (ActorGraph, Vec<petgraph::graph::NodeIndex>) {
    let mut g = ActorGraph::new();
    let nodes: Vec<_> = (0..n)
        .map(|i| g.actor_by_iri(&format!("urn:a{i:02}")))
        .collect();
    for &a in &nodes {
        for &b in &nodes {
            if a < b {
                g.relate(a, b, Relation::new("allied", 1));
            }
        }
    }
    (g, nodes)
}

#[test]
fn all_paths_stop_at_the_limit_shortest_first_and_say_there_were_more() {
    // K12 holds millions of simple chains of up to 8 hops between two actors.
    let (g, nodes) = complete_graph(12);
    let opts = PathOptions {
        max_hops: Some(8),
        limit: 50,
        ..PathOptions::default()
    };
    let chains = entente_graph::analysis::paths::simple_paths(&g, nodes[0], nodes[11], &opts);
    assert_eq!(chains.paths.len(), 50);
    assert!(chains.more);
    assert_eq!(chains.paths[0].len(), 1, "the direct tie first");
    let lengths: Vec<usize> = chains.paths.iter().map(|p| p.len()).collect();
    assert!(lengths.windows(2).all(|w| w[0] <= w[1]), "{lengths:?}");
    // 1 direct chain and 10 of two hops, then three-hop chains.
    assert_eq!(lengths.iter().filter(|&&l| l == 2).count(), 10);
    let all = entente_graph::analysis::paths::simple_paths(
        &g,
        nodes[0],
        nodes[11],
        &PathOptions {
            max_hops: Some(2),
            ..PathOptions::default()
        },
    );
    assert_eq!((all.paths.len(), all.more), (11, false));
}

#[test]
fn the_first_chains_are_the_first_of_all_chains_in_order() {
    // Brute force on K6: every simple chain, sorted by length then nodes,
    // cut at each limit, equals the deepening search's answer.
    let (g, nodes) = complete_graph(6);
    fn every(g: &ActorGraph, path: &mut Vec<usize>, to: usize, out: &mut Vec<Vec<usize>>) {
        let v = *path.last().unwrap();
        if v == to {
            out.push(path.clone());
            return;
        }
        for w in g
            .graph
            .neighbors_undirected(petgraph::graph::NodeIndex::new(v))
        {
            if !path.contains(&w.index()) {
                path.push(w.index());
                every(g, path, to, out);
                path.pop();
            }
        }
    }
    let mut all = Vec::new();
    every(&g, &mut vec![nodes[0].index()], nodes[5].index(), &mut all);
    all.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    all.dedup();
    for limit in [1, 5, 17, 40, all.len()] {
        let opts = PathOptions {
            max_hops: Some(5),
            limit,
            ..PathOptions::default()
        };
        let found: Vec<Vec<usize>> =
            entente_graph::analysis::paths::simple_paths(&g, nodes[0], nodes[5], &opts)
                .paths
                .iter()
                .map(|p| p.nodes.iter().map(|n| n.index()).collect())
                .collect();
        assert_eq!(found, all[..limit.min(all.len())], "limit {limit}");
    }
}
