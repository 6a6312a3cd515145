//! Centralities on small graphs, with values from NetworkX 3.6 (computed by
//! hand in the bench venv; the calls are quoted above each test).

use entente_graph::analysis::centrality::{
    betweenness, influence, pagerank, BetweennessOptions, DegreeMode, InfluenceOptions, Metric,
    PageRankOptions, ParallelEdges, Sources,
};
use entente_graph::analysis::Direction;
use entente_graph::{ActorGraph, Relation, Value};
use petgraph::graph::NodeIndex;

fn rel(sign: i8, weight: f64) -> Relation {
    Relation {
        kind: "r".into(),
        sign,
        weight,
        start: None,
        end: None,
        graph: None,
        source_label: None,
    }
}

fn numbered(n: usize, edges: &[(usize, usize, f64)]) -> ActorGraph {
    let mut g = ActorGraph::new();
    for i in 0..n {
        g.actor_by_iri(&format!("http://x/{i}"));
    }
    for &(a, b, w) in edges {
        g.relate(NodeIndex::new(a), NodeIndex::new(b), rel(1, w));
    }
    g
}

fn close(got: &[f64], want: &[f64], tol: f64) {
    assert_eq!(got.len(), want.len());
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!((g - w).abs() <= tol, "node {i}: got {g}, want {w}");
    }
}

// G = DiGraph on 0..6: 0→1 (1), 1→2 (2), 2→0 (1), 2→1 (3), 3→2 (1), 1→5 (0.5);
// 4 isolated, 5 dangling.
fn six() -> ActorGraph {
    numbered(
        6,
        &[
            (0, 1, 1.0),
            (1, 2, 2.0),
            (2, 0, 1.0),
            (2, 1, 3.0),
            (3, 2, 1.0),
            (1, 5, 0.5),
        ],
    )
}

fn tight() -> PageRankOptions {
    PageRankOptions {
        tol: 1e-12,
        max_iter: 1000,
        ..PageRankOptions::default()
    }
}

#[test]
fn pagerank_matches_networkx() {
    let g = six();
    // nx.pagerank(G, weight=None, tol=1e-12, max_iter=1000)
    let s = pagerank(&g, &tight()).unwrap();
    close(
        &s.scores,
        &[
            0.16050361519282366,
            0.29693168810558784,
            0.23688042298114864,
            0.0598294354252544,
            0.0598294354252544,
            0.18602540286993088,
        ],
        1e-10,
    );
    assert!(s.converged);
    assert!((s.scores.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    // nx.pagerank(G, tol=1e-12, max_iter=1000)  (weight="weight")
    let w = pagerank(
        &g,
        &PageRankOptions {
            weighted: true,
            ..tight()
        },
    )
    .unwrap();
    close(
        &w.scores,
        &[
            0.1164875399843199,
            0.3548597133226142,
            0.32790062200383374,
            0.04680865780818075,
            0.04680865780818075,
            0.1071348090728709,
        ],
        1e-10,
    );
    // nx.pagerank(G, weight=None, ..., personalization={0: 1, 3: 3}): dangling
    // rank follows the personalisation too
    let mut pers = vec![0.0; 6];
    pers[0] = 1.0;
    pers[3] = 3.0;
    let p = pagerank(
        &g,
        &PageRankOptions {
            personalization: Some(pers),
            ..tight()
        },
    )
    .unwrap();
    close(
        &p.scores,
        &[
            0.17491648743009172,
            0.2623977086808788,
            0.26757339850454287,
            0.18359337919599858,
            0.0,
            0.11151902618848795,
        ],
        1e-10,
    );
    assert_eq!(s.top(2)[0].0, NodeIndex::new(1));
    assert_eq!(s.table(&g, 3).rows[0][1], Value::from("1"));
}

#[test]
fn pagerank_parallel_edges() {
    // 0→1 twice, 0→2, 1→2
    let g = numbered(3, &[(0, 1, 1.0), (0, 1, 1.0), (0, 2, 1.0), (1, 2, 1.0)]);
    // nx.pagerank(nx.DiGraph(M), tol=1e-12)
    let c = pagerank(&g, &tight()).unwrap();
    close(
        &c.scores,
        &[0.19757964929595329, 0.28155100024695023, 0.5208693504570964],
        1e-10,
    );
    // nx.pagerank(M, weight=None, tol=1e-12), M the MultiDiGraph
    let s = pagerank(
        &g,
        &PageRankOptions {
            parallel_edges: ParallelEdges::Sum,
            ..tight()
        },
    )
    .unwrap();
    close(
        &s.scores,
        &[0.19298809906759135, 0.3023480218717501, 0.5046638790606582],
        1e-10,
    );
}

#[test]
fn pagerank_edge_cases() {
    assert!(pagerank(&ActorGraph::new(), &PageRankOptions::default())
        .unwrap()
        .scores
        .is_empty());
    let g = numbered(3, &[]);
    close(
        &pagerank(&g, &PageRankOptions::default()).unwrap().scores,
        &[1.0 / 3.0; 3],
        1e-12,
    );
    let bad = PageRankOptions {
        personalization: Some(vec![0.0; 3]),
        ..PageRankOptions::default()
    };
    assert!(pagerank(&g, &bad).is_err());
    let few = PageRankOptions {
        max_iter: 1,
        tol: 1e-15,
        ..PageRankOptions::default()
    };
    let s = pagerank(&six(), &few).unwrap();
    assert!(!s.converged);
    assert_eq!(s.iterations, Some(1));
}

#[test]
fn star_betweenness() {
    // nx.betweenness_centrality(nx.star_graph(5)) → centre 1.0, leaves 0
    let g = numbered(
        6,
        &[
            (0, 1, 1.0),
            (0, 2, 1.0),
            (3, 0, 1.0),
            (0, 4, 1.0),
            (5, 0, 1.0),
        ],
    );
    let und = BetweennessOptions {
        direction: Direction::Undirected,
        ..BetweennessOptions::default()
    };
    close(
        &betweenness(&g, &und).scores,
        &[1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        1e-12,
    );
    // directed: only 3→0→{1,2,4} and 5→0→{1,2,4}: 6 of 20 ordered pairs
    close(
        &betweenness(&g, &BetweennessOptions::default()).scores,
        &[0.3, 0.0, 0.0, 0.0, 0.0, 0.0],
        1e-12,
    );
    // unnormalised undirected: pairs of leaves, unordered: C(5,2) = 10
    let raw = BetweennessOptions {
        normalized: false,
        ..und
    };
    assert!((betweenness(&g, &raw).scores[0] - 10.0).abs() < 1e-12);
}

#[test]
fn chain_and_six_betweenness() {
    // nx.betweenness_centrality(nx.DiGraph([(0, 1), (1, 2)])) → {1: 0.5}
    let g = numbered(3, &[(0, 1, 1.0), (1, 2, 1.0), (1, 2, 1.0)]);
    close(
        &betweenness(&g, &BetweennessOptions::default()).scores,
        &[0.0, 0.5, 0.0],
        1e-12,
    );
    // nx.betweenness_centrality(G) on six()
    close(
        &betweenness(&six(), &BetweennessOptions::default()).scores,
        &[0.0, 0.2, 0.2, 0.0, 0.0, 0.0],
        1e-12,
    );
    // every source given explicitly = exact up to the sampled scaling
    let all = BetweennessOptions {
        sources: Sources::Nodes((0..6).map(NodeIndex::new).collect()),
        ..BetweennessOptions::default()
    };
    let s = betweenness(&six(), &all);
    // sampled scaling with k = n: sources get 1/((k−1)(n−2)) = exact
    close(&s.scores, &[0.0, 0.2, 0.2, 0.0, 0.0, 0.0], 1e-12);
}

#[test]
fn rustworkx_metrics_match_networkx() {
    let g = six();
    let opts = InfluenceOptions::default();
    // nx.closeness_centrality(G)
    close(
        &influence(&g, Metric::Closeness, &opts).unwrap().scores,
        &[0.36, 0.45, 0.45, 0.0, 0.0, 0.4],
        1e-12,
    );
    // nx.degree_centrality(G): (in + out) / 5
    close(
        &influence(&g, Metric::Degree, &opts).unwrap().scores,
        &[0.4, 0.8, 0.8, 0.2, 0.0, 0.2],
        1e-12,
    );
    let ind = InfluenceOptions {
        degree: DegreeMode::In,
        ..InfluenceOptions::default()
    };
    close(
        &influence(&g, Metric::Degree, &ind).unwrap().scores,
        &[0.2, 0.4, 0.4, 0.0, 0.0, 0.2],
        1e-12,
    );
}

#[test]
fn signed_positive_only() {
    // 0→1 (+), 1→2 (−): on the positive subgraph 2 is unreachable
    let mut g = numbered(3, &[(0, 1, 1.0)]);
    g.relate(NodeIndex::new(1), NodeIndex::new(2), rel(-1, 1.0));
    let all = influence(&g, Metric::PageRank, &InfluenceOptions::default()).unwrap();
    let pos = influence(
        &g,
        Metric::PageRank,
        &InfluenceOptions {
            positive_only: true,
            ..InfluenceOptions::default()
        },
    )
    .unwrap();
    assert!(all.scores[2] > pos.scores[2]);
    assert!(pos
        .params
        .contains(&("positive_only".to_owned(), "true".to_owned())));
    let filtered = entente_graph::analysis::positive_only(&g);
    let direct = pagerank(&filtered, &PageRankOptions::default()).unwrap();
    close(&direct.scores, &pos.scores, 1e-15);
    assert_eq!(
        "Betweenness".parse::<Metric>().unwrap(),
        Metric::Betweenness
    );
    assert!("hubs".parse::<Metric>().is_err());
}

#[test]
fn scores_print_with_six_digits() {
    use entente_graph::analysis::centrality::format_score;
    assert_eq!(format_score(0.0431234567), "0.0431235");
    assert_eq!(format_score(3.2171234e-5), "3.21712e-5");
    assert_eq!(format_score(12.5), "12.5000");
    assert_eq!(format_score(0.0), "0");
    let none = BetweennessOptions {
        sources: Sources::Nodes(Vec::new()),
        ..BetweennessOptions::default()
    };
    assert!(betweenness(&six(), &none).scores.iter().all(|&x| x == 0.0));
}

/// Brandes with predecessor lists, straight from the paper: the reference.
fn reference_betweenness(n: usize, edges: &[(usize, usize)], directed: bool) -> Vec<f64> {
    let mut adj = vec![Vec::new(); n];
    for &(a, b) in edges {
        if !adj[a].contains(&b) {
            adj[a].push(b);
        }
        if !directed && !adj[b].contains(&a) {
            adj[b].push(a);
        }
    }
    let mut bc = vec![0.0; n];
    for s in 0..n {
        let mut stack = Vec::new();
        let mut pred = vec![Vec::new(); n];
        let mut sigma = vec![0.0; n];
        let mut dist = vec![-1i64; n];
        sigma[s] = 1.0;
        dist[s] = 0;
        let mut q = std::collections::VecDeque::from([s]);
        while let Some(v) = q.pop_front() {
            stack.push(v);
            for &w in &adj[v] {
                if dist[w] < 0 {
                    dist[w] = dist[v] + 1;
                    q.push_back(w);
                }
                if dist[w] == dist[v] + 1 {
                    sigma[w] += sigma[v];
                    pred[w].push(v);
                }
            }
        }
        let mut delta = vec![0.0; n];
        while let Some(w) = stack.pop() {
            for &v in &pred[w] {
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
            if w != s {
                bc[w] += delta[w];
            }
        }
    }
    bc
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    /// Exact and all-sources betweenness equal the textbook algorithm on
    /// random graphs rich in single-out-neighbour actors (which the fast path
    /// folds into their neighbour's pass).
    #[test]
    fn brandes_matches_reference(
        n in 3usize..24,
        raw in proptest::collection::vec((0usize..24, 0usize..24), 0..60),
        directed: bool,
    ) {
        let edges: Vec<(usize, usize)> = raw.into_iter().map(|(a, b)| (a % n, b % n)).collect();
        let g = numbered(n, &edges.iter().map(|&(a, b)| (a, b, 1.0)).collect::<Vec<_>>());
        let opts = BetweennessOptions {
            direction: if directed { Direction::Directed } else { Direction::Undirected },
            normalized: false,
            sources: Sources::All,
        };
        let got = betweenness(&g, &opts).scores;
        let mut want = reference_betweenness(n, &edges, directed);
        if !directed {
            want.iter_mut().for_each(|x| *x /= 2.0);
        }
        for (i, (a, b)) in got.iter().zip(&want).enumerate() {
            proptest::prop_assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "node {}: {} vs {}", i, a, b);
        }
        // a subset of sources, each counted once: the sum over singletons
        let subset: Vec<NodeIndex> = (0..n).step_by(3).map(NodeIndex::new).collect();
        let sub = betweenness(&g, &BetweennessOptions {
            sources: Sources::Nodes(subset.clone()),
            normalized: false,
            ..opts.clone()
        }).scores;
        let mut each = vec![0.0; n];
        for s in &subset {
            let one = betweenness(&g, &BetweennessOptions {
                sources: Sources::Nodes(vec![*s]),
                normalized: false,
                ..opts.clone()
            }).scores;
            // single-source rescale: N/(k·c) with k = 1 for non-sources
            let k = 1.0;
            let nn = (n - 1) as f64;
            let c = if directed { 1.0 } else { 2.0 };
            for v in 0..n {
                if v != s.index() {
                    each[v] += one[v] / (nn / (k * c));
                }
            }
        }
        let k = subset.len() as f64;
        let nn = (n - 1) as f64;
        let c = if directed { 1.0 } else { 2.0 };
        for v in 0..n {
            let is_src = subset.iter().any(|s| s.index() == v);
            let scale = if is_src { if k > 1.0 { nn / ((k - 1.0) * c) } else { continue } } else { nn / (k * c) };
            proptest::prop_assert!((sub[v] / scale - each[v]).abs() <= 1e-9 * each[v].abs().max(1.0),
                "subset node {}: {} vs {}", v, sub[v] / scale, each[v]);
        }
    }
}

#[test]
fn neutral_ties_pass_no_rank_unless_counted() {
    // M mediates between A and B (sign 0 both ways); A backs B.
    let mut g = numbered(3, &[(0, 1, 1.0)]);
    let m = g.actor_by_iri("http://x/M");
    for party in [0, 1] {
        g.relate(m, NodeIndex::new(party), rel(0, 1.0));
    }
    let with = influence(&g, Metric::PageRank, &InfluenceOptions::default()).unwrap();
    let without = influence(
        &g,
        Metric::PageRank,
        &InfluenceOptions {
            neutral_ties: false,
            ..InfluenceOptions::default()
        },
    )
    .unwrap();
    // counted, M's rank flows to A: A is above the isolated 2
    assert!(with.scores[0] > with.scores[2]);
    // left out, A gets no more than the isolated 2, and the result is
    // PageRank on the graph without the sign-0 relations
    close(&[without.scores[0]], &[without.scores[2]], 1e-12);
    let bare = entente_graph::analysis::filter::retain(&g, |r| r.sign != 0);
    close(
        &pagerank(&bare, &PageRankOptions::default()).unwrap().scores,
        &without.scores,
        1e-15,
    );
    assert!(without
        .params
        .contains(&("neutral_ties".to_owned(), "false".to_owned())));
    // every metric reads the same relations: M has no degree without them
    let degree = influence(
        &g,
        Metric::Degree,
        &InfluenceOptions {
            neutral_ties: false,
            ..InfluenceOptions::default()
        },
    )
    .unwrap();
    assert_eq!(degree.scores[m.index()], 0.0);
}

#[test]
fn top_where_ranks_only_the_actors_kept() {
    let g = six();
    let s = pagerank(&g, &PageRankOptions::default()).unwrap();
    let all = s.top(6);
    let kept = s.top_where(6, |n| n.index() != all[0].0.index());
    assert_eq!(kept.len(), 5);
    assert_eq!(kept, all[1..]);
    let t = s.table_where(&g, 0, |_| true);
    assert!(t.rows.is_empty());
    let t = s.table_where(&g, 10, |n| n.index() == 4);
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0][0], Value::from(1usize));
}
