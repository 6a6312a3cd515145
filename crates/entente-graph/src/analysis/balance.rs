//! Structural balance of the signed network (Heider, Cartwright–Harary; Davis's
//! weak balance).
//!
//! The network is read **undirected**, one signed tie per pair of actors:
//! the relations between a pair (either direction, every source) are
//! collapsed; relations of sign 0 (mediation, talks) and self-loops are
//! ignored; a pair whose relations all have one sign takes it; a pair with
//! both signs follows [`MixedRule`] (by default the sign of the sum of the
//! signs of its distinct claims — a claim is a kind, source, start date and
//! sign, so the two rows of a symmetric relation count once and two sources
//! twice; a tie at zero leaves the pair *ambiguous*, out of the signed
//! network and listed apart).
//!
//! On that network: the triad census of its triangles (+++, ++−, +−−, −−−);
//! the fraction of balanced triangles under strict balance (an even number of
//! − : +++ and +−−) and under weak/generalised balance (Davis: only ++− is
//! unbalanced); the unbalanced triangles with their actors; the two camps that
//! minimise frustration (the number of + ties across camps plus − ties inside
//! one) and that frustration index — exact (branch and bound) in each
//! connected component of at most [`BalanceOptions::exact_limit`] actors,
//! otherwise an upper bound from a local search, with a lower bound, and the
//! method named in the result.

use crate::ActorGraph;
use crate::{Table, Value};
use petgraph::graph::{EdgeIndex, NodeIndex};
use std::collections::HashMap;

/// How a pair with both + and − relations is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MixedRule {
    /// The sign of the sum of the signs of the pair's distinct claims (kind,
    /// source, start date; whatever the weight); a zero sum makes the pair
    /// ambiguous (left out).
    #[default]
    SignOfSum,
    /// Any hostility makes the pair hostile.
    HostileWins,
    /// Mixed pairs are ambiguous (left out).
    Exclude,
}

/// Parameters of [`balance`].
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceOptions {
    pub mixed: MixedRule,
    /// Components with at most this many actors get an exact frustration
    /// index (branch and bound; 2^(k−1) assignments in the worst case).
    pub exact_limit: usize,
    /// At most this many unbalanced triangles are listed (all are counted).
    pub max_listed: usize,
    /// Local-search restarts on components too large for the exact search.
    pub restarts: usize,
    /// Seed of the restarts' start nodes.
    pub seed: u64,
}

impl Default for BalanceOptions {
    fn default() -> Self {
        BalanceOptions {
            mixed: MixedRule::SignOfSum,
            exact_limit: 25,
            max_listed: 1000,
            restarts: 16,
            seed: 1,
        }
    }
}

/// One collapsed pair of actors (`a < b` by index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedTie {
    pub a: NodeIndex,
    pub b: NodeIndex,
    /// +1, −1, or 0 for an ambiguous pair.
    pub sign: i8,
    /// The relations (sign ≠ 0) behind it.
    pub edges: Vec<EdgeIndex>,
}

/// Triangle types by their number of negative ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TriadKind {
    /// +++ : balanced (strict and weak).
    Ppp,
    /// ++− : unbalanced (strict and weak).
    Ppn,
    /// +−− : balanced (strict and weak).
    Pnn,
    /// −−− : unbalanced under strict balance, balanced under weak balance.
    Nnn,
}

impl TriadKind {
    fn of(negatives: usize) -> Self {
        match negatives {
            0 => TriadKind::Ppp,
            1 => TriadKind::Ppn,
            2 => TriadKind::Pnn,
            _ => TriadKind::Nnn,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            TriadKind::Ppp => "+++",
            TriadKind::Ppn => "++−",
            TriadKind::Pnn => "+−−",
            TriadKind::Nnn => "−−−",
        }
    }

    pub fn strictly_balanced(self) -> bool {
        matches!(self, TriadKind::Ppp | TriadKind::Pnn)
    }

    pub fn weakly_balanced(self) -> bool {
        self != TriadKind::Ppn
    }
}

/// Triangle counts by type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TriadCensus {
    pub ppp: usize,
    pub ppn: usize,
    pub pnn: usize,
    pub nnn: usize,
}

impl TriadCensus {
    pub fn total(&self) -> usize {
        self.ppp + self.ppn + self.pnn + self.nnn
    }

    /// Fraction of strictly balanced triangles (+++ and +−−); `None` without triangles.
    pub fn strict_balance(&self) -> Option<f64> {
        let t = self.total();
        (t > 0).then(|| (self.ppp + self.pnn) as f64 / t as f64)
    }

    /// Fraction of weakly balanced triangles (all but ++−); `None` without triangles.
    pub fn weak_balance(&self) -> Option<f64> {
        let t = self.total();
        (t > 0).then(|| (t - self.ppn) as f64 / t as f64)
    }

    fn add(&mut self, k: TriadKind) {
        match k {
            TriadKind::Ppp => self.ppp += 1,
            TriadKind::Ppn => self.ppn += 1,
            TriadKind::Pnn => self.pnn += 1,
            TriadKind::Nnn => self.nnn += 1,
        }
    }
}

/// A triangle of signed ties; `ties` index [`BalanceReport::ties`] for the
/// pairs (0,1), (1,2), (0,2) of `nodes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triangle {
    pub nodes: [NodeIndex; 3],
    pub ties: [usize; 3],
    pub kind: TriadKind,
}

/// The frustration index and how it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frustration {
    /// Frustrated ties of the camps returned (the index itself when `exact`).
    pub value: usize,
    /// A proven lower bound (= `value` when exact).
    pub lower_bound: usize,
    pub exact: bool,
    /// How `value` and `lower_bound` were obtained.
    pub method: String,
}

/// One connected component of the signed network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentBalance {
    pub nodes: Vec<NodeIndex>,
    pub ties: usize,
    /// The component's camps (camp 0 the larger, ties to the side of its
    /// lowest node index).
    pub camps: [Vec<NodeIndex>; 2],
    pub frustration: Frustration,
}

/// Everything [`balance`] finds.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceReport {
    /// The signed network: one tie per pair with sign ±1.
    pub ties: Vec<SignedTie>,
    /// Pairs left out by the [`MixedRule`] (sign 0).
    pub ambiguous: Vec<SignedTie>,
    pub census: TriadCensus,
    /// Strictly unbalanced triangles (++− and −−−; the ++− ones are the
    /// weakly unbalanced), ++− first; at most `max_listed`.
    pub unbalanced: Vec<Triangle>,
    /// Whether `unbalanced` was cut at `max_listed`.
    pub unbalanced_truncated: bool,
    /// The two camps over all components (each component's camp 0 in camp 0).
    pub camps: [Vec<NodeIndex>; 2],
    /// Indices into `ties` of the ties the camps leave frustrated.
    pub frustrated: Vec<usize>,
    /// Totals over components.
    pub frustration: Frustration,
    /// Per component, largest first.
    pub components: Vec<ComponentBalance>,
}

impl BalanceReport {
    /// Fraction of strictly balanced triangles.
    pub fn strict_balance(&self) -> Option<f64> {
        self.census.strict_balance()
    }

    /// Fraction of weakly balanced triangles.
    pub fn weak_balance(&self) -> Option<f64> {
        self.census.weak_balance()
    }

    /// Rows: triad, count, balanced (strict), balanced (weak).
    pub fn census_table(&self) -> Table {
        let mut t = Table::new(&["triad", "count", "strictly balanced", "weakly balanced"]);
        let c = &self.census;
        for (k, n) in [
            (TriadKind::Ppp, c.ppp),
            (TriadKind::Ppn, c.ppn),
            (TriadKind::Pnn, c.pnn),
            (TriadKind::Nnn, c.nnn),
        ] {
            t.rows.push(vec![
                k.symbol().into(),
                n.into(),
                yes_no(k.strictly_balanced()).into(),
                yes_no(k.weakly_balanced()).into(),
            ]);
        }
        t
    }

    /// Rows: triad, the three actors, the three ties' signs (a–b, b–c, a–c).
    pub fn unbalanced_table(&self, g: &ActorGraph) -> Table {
        let mut t = Table::new(&["triad", "a", "b", "c", "a–b", "b–c", "a–c"]);
        for tri in &self.unbalanced {
            let mut row: Vec<Value> = vec![tri.kind.symbol().into()];
            row.extend(tri.nodes.iter().map(|&n| g.graph[n].label.clone().into()));
            row.extend(
                tri.ties
                    .iter()
                    .map(|&i| sign_symbol(self.ties[i].sign).into()),
            );
            t.rows.push(row);
        }
        t
    }

    /// Rows: camp, actor.
    pub fn camps_table(&self, g: &ActorGraph) -> Table {
        let mut t = Table::new(&["camp", "actor"]);
        for (c, camp) in self.camps.iter().enumerate() {
            for &n in camp {
                t.rows.push(vec![
                    ((b'A' + c as u8) as char).to_string().into(),
                    g.graph[n].label.clone().into(),
                ]);
            }
        }
        t
    }

    /// Rows: the frustrated ties: a, sign, b, why.
    pub fn frustrated_table(&self, g: &ActorGraph) -> Table {
        let mut t = Table::new(&["a", "tie", "b", "frustrated because"]);
        for &i in &self.frustrated {
            let tie = &self.ties[i];
            t.rows.push(vec![
                g.graph[tie.a].label.clone().into(),
                sign_symbol(tie.sign).into(),
                g.graph[tie.b].label.clone().into(),
                if tie.sign > 0 {
                    "positive tie across camps"
                } else {
                    "negative tie inside a camp"
                }
                .into(),
            ]);
        }
        t
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

fn sign_symbol(s: i8) -> String {
    match s.signum() {
        1 => "+",
        -1 => "−",
        _ => "0",
    }
    .to_owned()
}

/// Collapse the relations into signed ties (see the module doc).
pub fn signed_ties(g: &ActorGraph, rule: MixedRule) -> (Vec<SignedTie>, Vec<SignedTie>) {
    // per pair: any +, any −, the relations
    let mut pairs: HashMap<(u32, u32), (bool, bool, Vec<EdgeIndex>)> = HashMap::new();
    let mut order = Vec::new();
    for (i, e) in g.graph.raw_edges().iter().enumerate() {
        let sign = e.weight.sign.signum();
        let (s, t) = (e.source().index() as u32, e.target().index() as u32);
        if sign == 0 || s == t {
            continue;
        }
        let key = (s.min(t), s.max(t));
        let entry = pairs.entry(key).or_insert_with(|| {
            order.push(key);
            (false, false, Vec::new())
        });
        if sign > 0 {
            entry.0 = true;
        } else {
            entry.1 = true;
        }
        entry.2.push(EdgeIndex::new(i));
    }
    order.sort_unstable();
    let mut ties = Vec::new();
    let mut ambiguous = Vec::new();
    for key in order {
        let (pos, neg, edges) = pairs.remove(&key).expect("pair recorded");
        let sign: i8 = match (pos, neg) {
            (true, false) => 1,
            (false, true) => -1,
            _ => match rule {
                MixedRule::SignOfSum => claim_sum(g, &edges).signum() as i8,
                MixedRule::HostileWins => -1,
                MixedRule::Exclude => 0,
            },
        };
        let tie = SignedTie {
            a: NodeIndex::new(key.0 as usize),
            b: NodeIndex::new(key.1 as usize),
            sign,
            edges,
        };
        if sign == 0 {
            ambiguous.push(tie);
        } else {
            ties.push(tie);
        }
    }
    (ties, ambiguous)
}

/// Sum of the signs of the distinct claims among `edges`: a claim is a
/// (kind, source graph, start date, sign), so the two rows of a symmetric
/// relation (allied, war, talks) count once, and two sources twice.
fn claim_sum(g: &ActorGraph, edges: &[EdgeIndex]) -> i64 {
    let mut claims: Vec<(&str, Option<&str>, Option<&str>, i8)> = Vec::new();
    for &e in edges {
        let r = &g.graph[e];
        let c = (
            r.kind.as_str(),
            r.graph.as_deref(),
            r.start.as_deref(),
            r.sign.signum(),
        );
        if !claims.contains(&c) {
            claims.push(c);
        }
    }
    claims.iter().map(|c| c.3 as i64).sum()
}

/// Signed adjacency: per node, (neighbour, tie index), sorted by neighbour.
struct SignedAdj {
    offsets: Vec<usize>,
    nbr: Vec<(u32, u32)>,
}

impl SignedAdj {
    fn new(n: usize, ties: &[SignedTie]) -> Self {
        let mut deg = vec![0usize; n + 1];
        for t in ties {
            deg[t.a.index() + 1] += 1;
            deg[t.b.index() + 1] += 1;
        }
        for i in 0..n {
            deg[i + 1] += deg[i];
        }
        let mut next = deg[..n].to_vec();
        let mut nbr = vec![(0u32, 0u32); deg[n]];
        for (i, t) in ties.iter().enumerate() {
            let (a, b) = (t.a.index(), t.b.index());
            nbr[next[a]] = (b as u32, i as u32);
            next[a] += 1;
            nbr[next[b]] = (a as u32, i as u32);
            next[b] += 1;
        }
        for v in 0..n {
            nbr[deg[v]..deg[v + 1]].sort_unstable();
        }
        SignedAdj { offsets: deg, nbr }
    }

    fn row(&self, v: usize) -> &[(u32, u32)] {
        &self.nbr[self.offsets[v]..self.offsets[v + 1]]
    }
}

/// Structural balance of the signed network of `g`.
pub fn balance(g: &ActorGraph, opts: &BalanceOptions) -> BalanceReport {
    let n = g.graph.node_count();
    let (ties, ambiguous) = signed_ties(g, opts.mixed);
    let adj = SignedAdj::new(n, &ties);
    let sign_of = |i: u32| ties[i as usize].sign;

    // Triangles, each once: orient ties from lower to higher (degree, id) rank.
    let rank_key = |v: usize| (adj.offsets[v + 1] - adj.offsets[v], v);
    let mut census = TriadCensus::default();
    let mut listed: Vec<Triangle> = Vec::new();
    // Lower bound: a greedy set of edge-disjoint strictly unbalanced
    // triangles (each needs a frustrated tie of its own); first tie of each.
    let mut used = vec![false; ties.len()];
    let mut disjoint: Vec<u32> = Vec::new();
    let mut mark: Vec<u32> = vec![u32::MAX; n]; // tie index from u, if a higher neighbour
    for u in 0..n {
        let higher: Vec<(u32, u32)> = adj
            .row(u)
            .iter()
            .copied()
            .filter(|&(w, _)| rank_key(w as usize) > rank_key(u))
            .collect();
        for &(w, t) in &higher {
            mark[w as usize] = t;
        }
        for &(v, tuv) in &higher {
            for &(w, tvw) in adj.row(v as usize) {
                if rank_key(w as usize) <= rank_key(v as usize) {
                    continue;
                }
                let tuw = mark[w as usize];
                if tuw == u32::MAX {
                    continue;
                }
                let negs = [tuv, tvw, tuw].iter().filter(|&&t| sign_of(t) < 0).count();
                let kind = TriadKind::of(negs);
                census.add(kind);
                if !kind.strictly_balanced() {
                    let tri = [tuv, tvw, tuw];
                    if tri.iter().all(|&t| !used[t as usize]) {
                        for t in tri {
                            used[t as usize] = true;
                        }
                        disjoint.push(tuv);
                    }
                    if listed.len() < opts.max_listed.saturating_mul(2).max(opts.max_listed) {
                        let mut nodes = [u as u32, v, w];
                        nodes.sort_unstable();
                        let tie_of = |a: u32, b: u32| -> u32 {
                            let r = adj.row(a as usize);
                            let p = r.partition_point(|x| x.0 < b);
                            r[p].1
                        };
                        listed.push(Triangle {
                            nodes: nodes.map(|x| NodeIndex::new(x as usize)),
                            ties: [
                                tie_of(nodes[0], nodes[1]) as usize,
                                tie_of(nodes[1], nodes[2]) as usize,
                                tie_of(nodes[0], nodes[2]) as usize,
                            ],
                            kind,
                        });
                    }
                }
            }
        }
        for &(w, _) in &higher {
            mark[w as usize] = u32::MAX;
        }
    }
    listed.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| a.nodes.cmp(&b.nodes)));
    let unbalanced_count = census.ppn + census.nnn;
    let unbalanced_truncated = unbalanced_count > opts.max_listed;
    listed.truncate(opts.max_listed);

    // Components of the signed network.
    let mut comp = vec![u32::MAX; n];
    let mut components: Vec<Vec<u32>> = Vec::new();
    for s in 0..n {
        if comp[s] != u32::MAX || adj.row(s).is_empty() {
            continue;
        }
        let c = components.len() as u32;
        let mut members = vec![s as u32];
        comp[s] = c;
        let mut head = 0;
        while head < members.len() {
            let v = members[head] as usize;
            head += 1;
            for &(w, _) in adj.row(v) {
                if comp[w as usize] == u32::MAX {
                    comp[w as usize] = c;
                    members.push(w);
                }
            }
        }
        components.push(members);
    }
    let mut lb_per_comp = vec![0usize; components.len()];
    for &t in &disjoint {
        lb_per_comp[comp[ties[t as usize].a.index()] as usize] += 1;
    }

    let mut side = vec![0u8; n];
    let mut results: Vec<ComponentBalance> = Vec::new();
    let mut rng = opts.seed.max(1);
    let mut marks = Marks::new(n);
    for (ci, members) in components.iter().enumerate() {
        let local_ties = members
            .iter()
            .map(|&v| adj.row(v as usize).len())
            .sum::<usize>()
            / 2;
        let (value, exact, method) = if members.len() <= opts.exact_limit {
            let v = exact_component(members, &adj, &ties, &mut side, &mut marks);
            (v, true, "exact (branch and bound)".to_owned())
        } else {
            let v = local_search(
                members,
                &adj,
                &ties,
                &mut side,
                opts.restarts,
                &mut rng,
                &mut marks,
            );
            (
                v,
                false,
                format!(
                    "upper bound: spanning-tree 2-colouring + single-flip local search, {} restarts; \
                     lower bound: edge-disjoint unbalanced triangles",
                    opts.restarts.max(1)
                ),
            )
        };
        // orient: camp 0 the larger side, ties to the side of the lowest node
        let ones = members.iter().filter(|&&v| side[v as usize] == 1).count();
        let zeros = members.len() - ones;
        let lowest = *members.iter().min().expect("non-empty component") as usize;
        let flip = ones > zeros || (ones == zeros && side[lowest] == 1);
        if flip {
            for &v in members {
                side[v as usize] ^= 1;
            }
        }
        let mut camps: [Vec<NodeIndex>; 2] = [Vec::new(), Vec::new()];
        let mut sorted = members.clone();
        sorted.sort_unstable();
        for &v in &sorted {
            camps[side[v as usize] as usize].push(NodeIndex::new(v as usize));
        }
        results.push(ComponentBalance {
            nodes: sorted.iter().map(|&v| NodeIndex::new(v as usize)).collect(),
            ties: local_ties,
            camps,
            frustration: Frustration {
                value,
                lower_bound: if exact {
                    value
                } else {
                    lb_per_comp[ci].min(value)
                },
                exact,
                method,
            },
        });
    }
    results.sort_by(|a, b| {
        b.nodes
            .len()
            .cmp(&a.nodes.len())
            .then(a.nodes[0].cmp(&b.nodes[0]))
    });

    let frustrated: Vec<usize> = ties
        .iter()
        .enumerate()
        .filter(|(_, t)| is_frustrated(t.sign, side[t.a.index()], side[t.b.index()]))
        .map(|(i, _)| i)
        .collect();
    let mut camps: [Vec<NodeIndex>; 2] = [Vec::new(), Vec::new()];
    for c in &results {
        camps[0].extend(&c.camps[0]);
        camps[1].extend(&c.camps[1]);
    }
    camps[0].sort_unstable();
    camps[1].sort_unstable();
    let value: usize = results.iter().map(|c| c.frustration.value).sum();
    debug_assert_eq!(value, frustrated.len());
    let lower_bound: usize = results.iter().map(|c| c.frustration.lower_bound).sum();
    let inexact: Vec<&ComponentBalance> = results.iter().filter(|c| !c.frustration.exact).collect();
    let method = if inexact.is_empty() {
        format!(
            "exact (branch and bound) on each of {} component(s) of at most {} actors",
            results.len(),
            opts.exact_limit
        )
    } else {
        format!(
            "exact (branch and bound) on {} component(s) of at most {} actors; on {} larger \
             component(s) (largest {} actors) {}",
            results.len() - inexact.len(),
            opts.exact_limit,
            inexact.len(),
            inexact.iter().map(|c| c.nodes.len()).max().unwrap_or(0),
            inexact[0].frustration.method
        )
    };
    BalanceReport {
        ties,
        ambiguous,
        census,
        unbalanced: listed,
        unbalanced_truncated,
        camps,
        frustrated,
        frustration: Frustration {
            value,
            lower_bound,
            exact: inexact.is_empty(),
            method,
        },
        components: results,
    }
}

#[inline]
fn is_frustrated(sign: i8, a: u8, b: u8) -> bool {
    (sign > 0) == (a != b)
}

/// Exact minimum frustration of one component by branch and bound; leaves
/// the best assignment in `side`.
///
/// Actors are assigned in BFS order, the first fixed in camp 0 (the camps'
/// mirror image is the same solution). A partial assignment is cut when its
/// frustrated ties, plus for every unassigned actor the fewer of its ties to
/// assigned actors that either camp would frustrate, plus a set of
/// edge-disjoint unbalanced triangles among the unassigned actors (three
/// disjoint sets of ties, so the sum is a lower bound), reach the best found
/// (first from the local search).
fn exact_component(
    members: &[u32],
    adj: &SignedAdj,
    ties: &[SignedTie],
    side: &mut [u8],
    marks: &mut Marks,
) -> usize {
    let k = members.len();
    if k <= 1 {
        for &v in members {
            side[v as usize] = 0;
        }
        return 0;
    }
    let mut pos: HashMap<u32, usize> = HashMap::with_capacity(k);
    for (i, &v) in members.iter().enumerate() {
        pos.insert(v, i);
    }
    let mut sign = vec![0i8; k * k];
    let mut later: Vec<Vec<(usize, i8)>> = vec![Vec::new(); k];
    for (i, &v) in members.iter().enumerate() {
        for &(w, t) in adj.row(v as usize) {
            let j = pos[&w];
            let s = ties[t as usize].sign;
            sign[i * k + j] = s;
            if j > i {
                later[i].push((j, s));
            }
        }
    }
    // lb_suffix[i]: edge-disjoint strictly unbalanced triangles within i..k
    let mut tris: Vec<[usize; 3]> = Vec::new();
    for a in 0..k {
        for b in a + 1..k {
            if sign[a * k + b] == 0 {
                continue;
            }
            for c in b + 1..k {
                let (x, y, z) = (sign[a * k + b], sign[b * k + c], sign[a * k + c]);
                if y != 0 && z != 0 && ((x < 0) as u8 + (y < 0) as u8 + (z < 0) as u8) % 2 == 1 {
                    tris.push([a, b, c]);
                }
            }
        }
    }
    let mut lb_suffix = vec![0usize; k + 1];
    let mut used = vec![false; k * k];
    for (i, lb) in lb_suffix.iter_mut().enumerate().take(k) {
        used.iter_mut().for_each(|u| *u = false);
        for t in tris.iter().filter(|t| t[0] >= i) {
            let e = [t[0] * k + t[1], t[1] * k + t[2], t[0] * k + t[2]];
            if e.iter().all(|&x| !used[x]) {
                e.iter().for_each(|&x| used[x] = true);
                *lb += 1;
            }
        }
    }
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let best = local_search(members, adj, ties, side, 4, &mut rng, marks);
    if best == 0 {
        return 0;
    }
    let mut bb = Bb {
        k,
        later,
        lb_suffix,
        assign: vec![0; k],
        f: vec![[0; 2]; k],
        best,
        best_assign: members.iter().map(|&v| side[v as usize]).collect(),
    };
    bb.place(0, 0);
    bb.search(1, 0);
    bb.unplace(0, 0);
    for (idx, &v) in members.iter().enumerate() {
        side[v as usize] = bb.best_assign[idx];
    }
    bb.best
}

struct Bb {
    k: usize,
    later: Vec<Vec<(usize, i8)>>,
    lb_suffix: Vec<usize>,
    assign: Vec<u8>,
    /// f[u][s]: ties from unassigned `u` to assigned actors that putting `u`
    /// in camp `s` would frustrate
    f: Vec<[u32; 2]>,
    best: usize,
    best_assign: Vec<u8>,
}

impl Bb {
    fn place(&mut self, i: usize, s: u8) {
        self.assign[i] = s;
        for &(u, sign) in &self.later[i] {
            for t in 0..2u8 {
                if is_frustrated(sign, s, t) {
                    self.f[u][t as usize] += 1;
                }
            }
        }
    }

    fn unplace(&mut self, i: usize, s: u8) {
        for &(u, sign) in &self.later[i] {
            for t in 0..2u8 {
                if is_frustrated(sign, s, t) {
                    self.f[u][t as usize] -= 1;
                }
            }
        }
    }

    fn search(&mut self, i: usize, cost: usize) {
        if i == self.k {
            if cost < self.best {
                self.best = cost;
                self.best_assign.copy_from_slice(&self.assign);
            }
            return;
        }
        let forced: usize = self.f[i..].iter().map(|c| c[0].min(c[1]) as usize).sum();
        if cost + forced + self.lb_suffix[i] >= self.best {
            return;
        }
        let first = if self.f[i][0] <= self.f[i][1] { 0 } else { 1 };
        for s in [first, first ^ 1] {
            let add = self.f[i][s as usize] as usize;
            if cost + add >= self.best {
                continue;
            }
            self.place(i, s);
            self.search(i + 1, cost + add);
            self.unplace(i, s);
            if self.best == 0 {
                return;
            }
        }
    }
}

fn frustration_of(members: &[u32], adj: &SignedAdj, ties: &[SignedTie], side: &[u8]) -> usize {
    let mut f = 0;
    for &v in members {
        for &(w, t) in adj.row(v as usize) {
            if v < w && is_frustrated(ties[t as usize].sign, side[v as usize], side[w as usize]) {
                f += 1;
            }
        }
    }
    f
}

/// Visit marks reused across searches: a node is marked in the current
/// epoch when `stamp[v] == epoch`.
struct Marks {
    stamp: Vec<u32>,
    epoch: u32,
}

impl Marks {
    fn new(n: usize) -> Self {
        Marks {
            stamp: vec![0; n],
            epoch: 0,
        }
    }

    fn clear(&mut self) {
        self.epoch += 1;
        if self.epoch == u32::MAX {
            self.stamp.iter_mut().for_each(|x| *x = 0);
            self.epoch = 1;
        }
    }

    /// Mark `v`; `true` if it was not marked yet.
    fn mark(&mut self, v: u32) -> bool {
        let s = &mut self.stamp[v as usize];
        if *s == self.epoch {
            false
        } else {
            *s = self.epoch;
            true
        }
    }
}

fn next_rand(state: &mut u64) -> u64 {
    // xorshift64*
    let mut x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    x.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

/// Upper bound for one component: for each restart, colour a BFS spanning
/// tree from a start node so its ties are all satisfied, then flip single
/// actors while that lowers the frustration. Leaves the best in `side`.
fn local_search(
    members: &[u32],
    adj: &SignedAdj,
    ties: &[SignedTie],
    side: &mut [u8],
    restarts: usize,
    rng: &mut u64,
    seen: &mut Marks,
) -> usize {
    let k = members.len();
    let mut best = usize::MAX;
    let mut best_side: Vec<u8> = vec![0; k];
    for r in 0..restarts.max(1) {
        let start = if r == 0 {
            // the best-connected actor
            *members
                .iter()
                .max_by_key(|&&v| (adj.row(v as usize).len(), std::cmp::Reverse(v)))
                .expect("non-empty")
        } else {
            members[(next_rand(rng) % k as u64) as usize]
        };
        seen.clear();
        side[start as usize] = 0;
        seen.mark(start);
        let mut queue = vec![start];
        let mut head = 0;
        while head < queue.len() {
            let v = queue[head];
            head += 1;
            for &(w, t) in adj.row(v as usize) {
                if seen.mark(w) {
                    side[w as usize] = if ties[t as usize].sign > 0 {
                        side[v as usize]
                    } else {
                        side[v as usize] ^ 1
                    };
                    queue.push(w);
                }
            }
        }
        // single flips until none helps
        let mut improved = true;
        while improved {
            improved = false;
            for &v in members {
                let mut gain: isize = 0;
                for &(w, t) in adj.row(v as usize) {
                    if w == v {
                        continue;
                    }
                    if is_frustrated(ties[t as usize].sign, side[v as usize], side[w as usize]) {
                        gain += 1;
                    } else {
                        gain -= 1;
                    }
                }
                if gain > 0 {
                    side[v as usize] ^= 1;
                    improved = true;
                }
            }
        }
        let f = frustration_of(members, adj, ties, side);
        if f < best {
            best = f;
            for (i, &v) in members.iter().enumerate() {
                best_side[i] = side[v as usize];
            }
        }
        if best == 0 {
            break;
        }
    }
    for (i, &v) in members.iter().enumerate() {
        side[v as usize] = best_side[i];
    }
    best
}
