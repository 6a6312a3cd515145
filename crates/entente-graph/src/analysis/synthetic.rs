//! The peers' benchmark graphs, without Python: `../shared/bench/gen.py`'s
//! actor→actor edge list reproduced bit for bit (same Mersenne Twister, same
//! draws in the same order), plus the reader of its `NAME.edges.tsv`.
//!
//! Tests compare entente's analyses with NetworkX/igraph values computed once
//! on gen.py's output (kept in `tests/fixtures/networkx/`); this module lets
//! them rebuild that exact graph in a second instead of committing it, and
//! lets the benchmark run where `bench-data/` was not generated.
//!
//! In the [`ActorGraph`] built here actor `i` is node `i`
//! (`http://example.org/actor/i`, label `Actor i`), and the relations are
//! `allyOf` and `backs` (+1), `hostileTo` (−1), `mediates` (0), weight 1, as
//! the bench README's view query maps them.

use super::pyrandom::PyRandom;
use crate::error::invalid;
use crate::{Actor, ActorGraph, Relation};
use crate::{Error, Result};
use std::collections::BTreeSet;
use std::path::Path;

/// The relation kinds of gen.py, by index.
pub const KINDS: [&str; 4] = ["allyOf", "backs", "hostileTo", "mediates"];
/// Their signs in the bench view.
pub const SIGNS: [i8; 4] = [1, 1, -1, 0];

/// gen.py's default seed.
pub const DEFAULT_SEED: u64 = 20240611;

/// An actor→actor edge list: `actors` nodes `0..actors`, edges `(src, dst, kind)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeList {
    pub actors: usize,
    pub edges: Vec<(u32, u32, u8)>,
}

/// The edge list gen.py writes for `target` triples (100k: 100,000; 1m:
/// 1,000,000) and `seed` (gen.py's default: [`DEFAULT_SEED`]).
pub fn generate(target: usize, seed: u64) -> EdgeList {
    let mut rng = PyRandom::new(seed);
    let mut urn: Vec<u32> = Vec::new();
    let mut edges: Vec<(u32, u32, u8)> = Vec::new();
    let mut n_triples = 0usize;
    let mut n_actors = 0usize;
    let cum = [0.40, 0.70, 0.90];
    let mut i = 0usize;
    fn pick_pref(rng: &mut PyRandom, urn: &[u32], n: usize) -> u32 {
        if rng.random() < 0.1 {
            return rng.randbelow(n as u64) as u32;
        }
        urn[rng.randbelow(urn.len() as u64) as usize]
    }
    while n_triples < target {
        n_triples += 2;
        if i > 0 {
            let m = (1 + rng.randbelow(7) as usize).min(i);
            let mut targets = BTreeSet::new();
            while targets.len() < m {
                targets.insert(pick_pref(&mut rng, &urn, i));
            }
            for &t in &targets {
                let r = rng.random();
                let k = if r < cum[0] {
                    0
                } else if r < cum[1] {
                    1
                } else if r < cum[2] {
                    2
                } else {
                    3
                };
                let (s, o) = if rng.random() < 0.7 {
                    (i as u32, t)
                } else {
                    (t, i as u32)
                };
                edges.push((s, o, k));
                urn.push(t);
                urn.push(i as u32);
            }
            n_triples += m;
        }
        urn.push(i as u32);
        n_actors = i + 1;
        if n_actors >= 8 && rng.random() < 0.5 {
            let r = rng.random();
            let n_party = if r < 0.6 {
                2
            } else if r < 0.9 {
                3
            } else {
                4
            };
            let r = rng.random();
            let n_med = if r < 0.05 {
                0
            } else if r < 0.85 {
                1
            } else {
                2
            };
            let mut parties = BTreeSet::new();
            while parties.len() < n_party {
                parties.insert(pick_pref(&mut rng, &urn, n_actors));
            }
            let mut meds = BTreeSet::new();
            while meds.len() < n_med {
                let c = pick_pref(&mut rng, &urn, n_actors);
                if !parties.contains(&c) {
                    meds.insert(c);
                }
            }
            // the signing date: randrange(DATE0, DATE1 + 1)
            rng.randbelow(DATE_SPAN);
            n_triples += 2 + n_party + n_med;
        }
        i += 1;
    }
    EdgeList {
        actors: n_actors,
        edges,
    }
}

// date(2024, 12, 31).toordinal() - date(1990, 1, 1).toordinal() + 1
const DATE_SPAN: u64 = 12784;

/// Read a `src<TAB>dst<TAB>relation` edge list as the peers do (integer ids;
/// the node count is `actors` from `NAME.meta.json` when given, else the
/// largest id + 1). Unknown relation names get kind index 255 (sign 0).
pub fn read_edges_tsv(path: &Path, actors: Option<usize>) -> Result<EdgeList> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut edges = Vec::with_capacity(text.len() / 18);
    let mut max_id = 0u32;
    for (ln, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let mut parts = line.splitn(3, '\t');
        let (Some(a), Some(b)) = (parts.next(), parts.next()) else {
            invalid!(
                "{}:{}: expected src<TAB>dst<TAB>relation",
                path.display(),
                ln + 1
            );
        };
        let a: u32 = a
            .parse()
            .map_err(|_| Error::Invalid(format!("{}:{}: bad source id", path.display(), ln + 1)))?;
        let b: u32 = b
            .parse()
            .map_err(|_| Error::Invalid(format!("{}:{}: bad target id", path.display(), ln + 1)))?;
        let rel = parts.next().unwrap_or("").trim_end();
        let k = KINDS
            .iter()
            .position(|x| *x == rel)
            .map_or(255, |k| k as u8);
        max_id = max_id.max(a).max(b);
        edges.push((a, b, k));
    }
    let n = actors.unwrap_or(if edges.is_empty() {
        0
    } else {
        max_id as usize + 1
    });
    if !edges.is_empty() && max_id as usize >= n {
        invalid!(
            "{}: actor id {} beyond the {} actors",
            path.display(),
            max_id,
            n
        );
    }
    Ok(EdgeList { actors: n, edges })
}

/// The `actors` count of a gen.py `NAME.meta.json`.
pub fn read_meta_actors(path: &Path) -> Result<usize> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
    v["actors"]
        .as_u64()
        .map(|x| x as usize)
        .ok_or_else(|| Error::Invalid(format!("{}: no actors count", path.display())))
}

impl EdgeList {
    /// The actor graph: node `i` = actor `i`, one relation per edge.
    pub fn to_actor_graph(&self) -> ActorGraph {
        let mut g = ActorGraph::new();
        g.graph.reserve_exact_nodes(self.actors);
        g.graph.reserve_exact_edges(self.edges.len());
        for i in 0..self.actors {
            g.actor(Actor {
                iri: format!("http://example.org/actor/{i}"),
                label: format!("Actor {i}"),
                kind: None,
                aliases: Vec::new(),
            });
        }
        for &(s, t, k) in &self.edges {
            let (kind, sign) = match KINDS.get(k as usize) {
                Some(name) => ((*name).to_owned(), SIGNS[k as usize]),
                None => ("related".to_owned(), 0),
            };
            g.relate(
                petgraph::graph::NodeIndex::new(s as usize),
                petgraph::graph::NodeIndex::new(t as usize),
                Relation::new(kind, sign),
            );
        }
        g
    }

    /// The edges as gen.py's TSV text.
    pub fn to_tsv(&self) -> String {
        let mut s = String::with_capacity(self.edges.len() * 18);
        for &(a, b, k) in &self.edges {
            s.push_str(&format!("{a}\t{b}\t{}\n", KINDS[k as usize]));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // gen.py's 100k meta: 11,412 actors, 45,747 edges, allyOf 18,318,
    // backs 13,673, hostileTo 9,136, mediates 4,620.
    #[test]
    fn reproduces_gen_py_100k_counts() {
        let e = generate(100_000, DEFAULT_SEED);
        assert_eq!(e.actors, 11_412);
        assert_eq!(e.edges.len(), 45_747);
        let mut by = [0usize; 4];
        for &(_, _, k) in &e.edges {
            by[k as usize] += 1;
        }
        assert_eq!(by, [18_318, 13_673, 9_136, 4_620]);
    }

    #[test]
    #[ignore = "needs bench-data/ (python3 ../shared/bench/gen.py 100k)"]
    fn writes_gen_py_100k_tsv() {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench-data/100k.edges.tsv");
        let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert_eq!(generate(100_000, DEFAULT_SEED).to_tsv(), text);
    }
}
