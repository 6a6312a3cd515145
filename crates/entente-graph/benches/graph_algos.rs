//! Graph-analysis benchmark against the peers of `../shared/bench/bench_graph.py`.
//!
//! ```text
//! cargo bench -p entente-graph --features synthetic --bench graph_algos               # the standard set, one JSON line each
//! cargo bench -p entente-graph --features synthetic --bench graph_algos -- SIZE ALGO  # one run: SIZE 100k|1m|5m
//!     ALGO: load | pagerank | pagerank-1e-10 | betweenness | betweenness-k | sp | wcc
//!           | balance (no peer: entente's structural balance, for the record)
//! ```
//!
//! Reads `$BENCH_DATA/SIZE.edges.tsv` and `SIZE.meta.json` (default: the
//! repository's `bench-data/`, written by `../shared/bench/gen.py`, whatever
//! directory cargo runs the benchmark in; when missing, the same
//! graph is rebuilt with `entente_graph::analysis::synthetic::generate`). Parameters
//! are the peers': PageRank α 0.85, tol 1e-6 (and 1e-10), max_iter 100 (1000
//! at 1e-10); exact normalised directed betweenness; 256 sources drawn as
//! `random.Random(42).sample(range(N), 256)`; the directed shortest path from
//! actor N−1 to actor N/2; weakly connected components.
//!
//! Each run prints one JSON line shaped like the peers': `parse_s` (reading the
//! TSV), `build_s` (the ActorGraph, with actor IRIs and relation records),
//! `algo_s` (wall time of the analysis as the library API runs it, CSR
//! construction included), `algo_cpu_s` (process CPU time, all threads),
//! `result`, `rss_after_build_mib` and `peak_rss_mib`.
//!
//! Declared in the crate's Cargo.toml with `harness = false` (this `main`
//! is the benchmark) and `required-features = ["synthetic"]`.

use entente_graph::analysis::balance::{balance, BalanceOptions};
use entente_graph::analysis::centrality::{
    betweenness, pagerank, BetweennessOptions, PageRankOptions, Scores, Sources,
};
use entente_graph::analysis::paths::{shortest_path, weakly_connected_components, PathOptions};
use entente_graph::analysis::synthetic::{
    generate, read_edges_tsv, read_meta_actors, DEFAULT_SEED,
};
use entente_graph::analysis::Direction;
use petgraph::graph::NodeIndex;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Instant;

const STANDARD: [(&str, &str); 8] = [
    ("1m", "pagerank"),
    ("1m", "pagerank-1e-10"),
    ("1m", "wcc"),
    ("1m", "sp"),
    ("100k", "pagerank"),
    ("100k", "betweenness"),
    ("1m", "betweenness-k"),
    ("1m", "load"),
];

fn main() {
    // `cargo bench` passes `--bench`; keep only positional arguments
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    match args.as_slice() {
        [] => {
            for (size, algo) in STANDARD {
                run(size, algo);
            }
        }
        [size, algo] => run(size, algo),
        _ => {
            eprintln!("usage: graph_algos [SIZE ALGO]");
            std::process::exit(2);
        }
    }
}

fn target(size: &str) -> usize {
    match size {
        "100k" => 100_000,
        "1m" => 1_000_000,
        "5m" => 5_000_000,
        _ => {
            eprintln!("unknown size {size}");
            std::process::exit(2)
        }
    }
}

/// (utime + stime) of this process in seconds, from /proc (Linux).
fn cpu_s() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    // fields after the command: state is [0]; utime [11], stime [12]
    let ticks: f64 = f
        .get(11)
        .zip(f.get(12))
        .and_then(|(u, s)| Some(u.parse::<f64>().ok()? + s.parse::<f64>().ok()?))
        .unwrap_or(f64::NAN);
    ticks / 100.0
}

/// Peak resident set (VmHWM) in MiB.
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| (kb / 1024.0 * 10.0).round() / 10.0)
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// With `BENCH_DUMP=DIR`, the full score vector goes to
/// `DIR/ALGO_entente_SIZE.json`, as `bench_graph.py --dump DIR` writes the peers'.
fn dump(s: &Scores, algo: &str, size: &str) {
    if let Some(dir) = std::env::var_os("BENCH_DUMP") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("dump dir");
        let path = dir.join(format!("{algo}_entente_{size}.json"));
        std::fs::write(&path, serde_json::to_string(&s.scores).expect("json")).expect("dump");
    }
}

fn top10(s: &Scores) -> Value {
    json!(s
        .top(10)
        .iter()
        .map(|(n, x)| json!([n.index(), x]))
        .collect::<Vec<_>>())
}

fn run(size: &str, algo: &str) {
    let data = std::env::var_os("BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench-data"));
    let mut out = serde_json::Map::new();
    out.insert("lib".into(), json!("entente"));
    out.insert("size".into(), json!(size));
    out.insert("algo".into(), json!(algo));
    out.insert("threads".into(), json!(rayon::current_num_threads()));

    let t0 = Instant::now();
    let tsv = data.join(format!("{size}.edges.tsv"));
    let meta = data.join(format!("{size}.meta.json"));
    let edges = match read_meta_actors(&meta).and_then(|n| read_edges_tsv(&tsv, Some(n))) {
        Ok(e) => e,
        Err(_) => {
            out.insert("generated".into(), json!(true));
            generate(target(size), DEFAULT_SEED)
        }
    };
    let n = edges.actors;
    out.insert("nodes".into(), json!(n));
    out.insert("edges".into(), json!(edges.edges.len()));
    out.insert("parse_s".into(), json!(round4(t0.elapsed().as_secs_f64())));

    let t0 = Instant::now();
    let c0 = cpu_s();
    let g = edges.to_actor_graph();
    drop(edges);
    out.insert("build_s".into(), json!(round4(t0.elapsed().as_secs_f64())));
    out.insert("build_cpu_s".into(), json!(round4(cpu_s() - c0)));
    out.insert("rss_after_build_mib".into(), json!(peak_mib()));

    let t0 = Instant::now();
    let c0 = cpu_s();
    let result = match algo {
        "load" => json!({}),
        "pagerank" | "pagerank-1e-10" => {
            let opts = if algo == "pagerank" {
                PageRankOptions::default()
            } else {
                PageRankOptions {
                    tol: 1e-10,
                    max_iter: 1000,
                    ..PageRankOptions::default()
                }
            };
            let s = pagerank(&g, &opts).expect("pagerank");
            dump(&s, algo, size);
            json!({"top10": top10(&s), "sum": s.scores.iter().sum::<f64>(),
                   "iterations": s.iterations, "converged": s.converged})
        }
        "betweenness" => {
            let s = betweenness(&g, &BetweennessOptions::default());
            dump(&s, algo, size);
            json!({"top10": top10(&s), "sum": s.scores.iter().sum::<f64>()})
        }
        "betweenness-k" => {
            let opts = BetweennessOptions {
                sources: Sources::Sample { k: 256, seed: 42 },
                ..BetweennessOptions::default()
            };
            let s = betweenness(&g, &opts);
            dump(&s, algo, size);
            json!({"top10": top10(&s), "sum": s.scores.iter().sum::<f64>()})
        }
        "sp" => {
            let (s, t) = (NodeIndex::new(n - 1), NodeIndex::new(n / 2));
            let opts = PathOptions {
                direction: Direction::Directed,
                ..PathOptions::default()
            };
            let p = shortest_path(&g, s, t, &opts);
            json!({"src": n - 1, "dst": n / 2, "hops": p.map(|p| p.len())})
        }
        "balance" => {
            let b = balance(&g, &BalanceOptions::default());
            json!({"ties": b.ties.len(), "census": [b.census.ppp, b.census.ppn, b.census.pnn, b.census.nnn],
                   "strict": b.strict_balance(), "weak": b.weak_balance(),
                   "frustration": b.frustration.value, "lower_bound": b.frustration.lower_bound,
                   "exact": b.frustration.exact})
        }
        "wcc" => {
            let c = weakly_connected_components(&g);
            json!({"components": c.count(), "largest": c.largest()})
        }
        other => {
            eprintln!("unknown algo {other}");
            std::process::exit(2)
        }
    };
    let secs = t0.elapsed().as_secs_f64();
    out.insert(
        "algo_s".into(),
        json!(if secs < 0.01 {
            (secs * 1e6).round() / 1e6
        } else {
            round4(secs)
        }),
    );
    out.insert("algo_cpu_s".into(), json!(round4(cpu_s() - c0)));
    out.insert("result".into(), result);
    out.insert("peak_rss_mib".into(), json!(peak_mib()));
    println!("{}", Value::Object(out));
}
