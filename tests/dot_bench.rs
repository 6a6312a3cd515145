//! Not a test: the DOT side of `benches/dot_render.sh` (ignored by default).
//!
//! Reads a generated edge list (`../shared/bench/gen.py`: `src<TAB>dst<TAB>relation`)
//! into an actor graph, keeps the actors below `DOT_BENCH_PREFIX` (a
//! hub-heavy graph of that size: the generator grows by preferential
//! attachment) and/or the `DOT_BENCH_TOP` most central by PageRank, and
//! writes the DOT to `DOT_BENCH_OUT`. Timings go to stderr.
//!
//! ```text
//! DOT_BENCH_TOP=2000 DOT_BENCH_OUT=/tmp/top.dot cargo test --test dot_bench -- --ignored --nocapture
//! ```

use entente::analysis::centrality::{pagerank, PageRankOptions};
use entente::export::dot::{plan, render, top_nodes, DotOptions, Layout};
use entente::view::{ActorGraph, Relation};
use std::time::Instant;

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

#[test]
#[ignore = "benchmark: run by benches/dot_render.sh"]
fn render_bench_graph() {
    let tsv = env("DOT_BENCH_TSV")
        .unwrap_or_else(|| format!("{}/bench-data/100k.edges.tsv", env!("CARGO_MANIFEST_DIR")));
    let prefix: Option<u64> = env("DOT_BENCH_PREFIX").map(|v| v.parse().unwrap());
    let top: Option<usize> = env("DOT_BENCH_TOP").map(|v| v.parse().unwrap());
    let layout: Option<Layout> = env("DOT_BENCH_LAYOUT").map(|v| v.parse().unwrap());
    let out = env("DOT_BENCH_OUT").unwrap_or_else(|| "/tmp/entente-bench.dot".to_owned());

    let t = Instant::now();
    let text = std::fs::read_to_string(&tsv).unwrap_or_else(|e| panic!("{tsv}: {e}"));
    let mut g = ActorGraph::new();
    for line in text.lines() {
        let mut f = line.split('\t');
        let (Some(s), Some(d), Some(r)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        let (s, d): (u64, u64) = (s.parse().unwrap(), d.parse().unwrap());
        if prefix.is_some_and(|n| s >= n || d >= n) {
            continue;
        }
        let sign = match r {
            "allyOf" | "backs" => 1,
            "hostileTo" => -1,
            _ => 0,
        };
        let s = g.actor_by_iri(&format!("http://example.org/actor/{s}"));
        let d = g.actor_by_iri(&format!("http://example.org/actor/{d}"));
        g.relate(
            s,
            d,
            Relation {
                kind: r.to_owned(),
                sign,
                weight: 1.0,
                start: None,
                end: None,
                graph: Some("http://example.org/graph/generated".to_owned()),
                source_label: None,
            },
        );
    }
    let load = t.elapsed();

    let t = Instant::now();
    let include = top.map(|n| {
        let scores = pagerank(&g, &PageRankOptions::default()).unwrap().scores;
        top_nodes(&g, &scores, n, None, None)
    });
    let rank = t.elapsed();

    let options = DotOptions {
        title: Some(format!(
            "Generated graph {tsv}: {}",
            match top {
                Some(n) => format!("the {n} actors of highest PageRank"),
                None => "all actors".to_owned(),
            }
        )),
        layout,
        include,
        ..DotOptions::default()
    };
    let t = Instant::now();
    let dot = render(&g, &options);
    let draw = t.elapsed();
    let (layout, nodes, edges) = plan(&g, &options);
    std::fs::write(&out, &dot).unwrap();
    eprintln!(
        "graph: {} actors, {} relations (read in {:.3} s); pagerank + top: {:.3} s; \
         DOT: {nodes} actors, {edges} edges, {} bytes, layout {layout}, written in {:.3} s to {out}",
        g.actor_count(),
        g.relation_count(),
        load.as_secs_f64(),
        rank.as_secs_f64(),
        dot.len(),
        draw.as_secs_f64(),
    );
}
