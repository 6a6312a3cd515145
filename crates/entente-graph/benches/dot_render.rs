//! The DOT side of `benches/dot_render.sh` (repository root): how long
//! `render` takes on the generated 100k graph. Not a test; prints timings.
//!
//! Reads a generated edge list (`../shared/bench/gen.py`: `src<TAB>dst<TAB>relation`,
//! `$DOT_BENCH_TSV` or the repository's `bench-data/100k.edges.tsv`) into an
//! actor graph, keeps the actors below `DOT_BENCH_PREFIX` (a hub-heavy graph
//! of that size: the generator grows by preferential attachment) and/or the
//! `DOT_BENCH_TOP` most central by PageRank, and writes the DOT to
//! `DOT_BENCH_OUT`. Without the edge list it says so and stops (exit 0, so
//! `cargo bench` over every bench still runs the others).
//!
//! ```text
//! DOT_BENCH_TOP=2000 DOT_BENCH_OUT=/tmp/top.dot cargo bench -p entente-graph --bench dot_render
//! ```

use entente_graph::analysis::centrality::{pagerank, PageRankOptions};
use entente_graph::dot::{plan, render, top_nodes, DotOptions, Layout};
use entente_graph::{ActorGraph, Relation};
use std::time::Instant;

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn main() {
    let tsv = env("DOT_BENCH_TSV").unwrap_or_else(|| {
        format!(
            "{}/../../bench-data/100k.edges.tsv",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    if !std::path::Path::new(&tsv).is_file() {
        println!(
            "dot_render: no edge list at {tsv}: run python3 ../shared/bench/gen.py 100k \
             (or set DOT_BENCH_TSV); nothing timed"
        );
        return;
    }
    let prefix: Option<u64> = env("DOT_BENCH_PREFIX").map(|v| v.parse().expect("DOT_BENCH_PREFIX"));
    let top: Option<usize> = env("DOT_BENCH_TOP").map(|v| v.parse().expect("DOT_BENCH_TOP"));
    let layout: Option<Layout> =
        env("DOT_BENCH_LAYOUT").map(|v| v.parse().expect("DOT_BENCH_LAYOUT"));
    let out = env("DOT_BENCH_OUT").unwrap_or_else(|| {
        std::env::temp_dir()
            .join("entente-bench.dot")
            .display()
            .to_string()
    });

    let t = Instant::now();
    let text = std::fs::read_to_string(&tsv).unwrap_or_else(|e| panic!("{tsv}: {e}"));
    let mut g = ActorGraph::new();
    for line in text.lines() {
        let mut f = line.split('\t');
        let (Some(s), Some(d), Some(r)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        let (s, d): (u64, u64) = (s.parse().expect("source id"), d.parse().expect("target id"));
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
                graph: Some("http://example.org/graph/generated".to_owned()),
                ..Relation::new(r, sign)
            },
        );
    }
    let load = t.elapsed();

    let t = Instant::now();
    let include = top.map(|n| {
        let scores = pagerank(&g, &PageRankOptions::default())
            .expect("pagerank")
            .scores;
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
    std::fs::write(&out, &dot).unwrap_or_else(|e| panic!("{out}: {e}"));
    println!(
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
