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
//! unbalanced); the unbalanced triangles with their actors; in each connected
//! component of the signed network, the two camps that minimise frustration
//! (the number of + ties across camps plus − ties inside one) and that
//! frustration index — exact (branch and bound) in each component of at most
//! [`BalanceOptions::exact_limit`] actors, otherwise an upper bound from a
//! local search, with a lower bound, and the method named in the result.
//!
//! **Camps per component.** Two conflicts with no signed tie between them
//! are two components, each with its own pair of camps ([`Camp`]); nothing
//! puts one conflict's camp with the other's. A camp is named after its most
//! central actor, and a component after its own ([`ComponentBalance::leader`]):
//! the centrality is the **degree in the signed network** (the number of
//! actors it has a ± tie with), ties broken by the summed weight of those
//! ties, then by the smaller IRI. [`BalanceOptions::around`] restricts the
//! whole report (census, triangles, camps, frustration) to the component of
//! one actor.
//!
//! **Equally frustrated partitions.** Several partitions often leave the
//! same number of ties frustrated (Russia with a defence pact to Armenia and
//! "close to" Azerbaijan: one of the two is frustrated either way). Among
//! them the one whose frustrated ties weigh least is chosen — the heavier
//! tie is kept satisfied — where a tie weighs the largest weight of its
//! relations of its sign (1 unless the view says otherwise; 0.5 for "close
//! to"). The count is minimised first, so the frustration index is unchanged
//! and stays exact; the branch and bound bounds the weight as it bounds the
//! count and, with equal weights, cuts where it did without them. The local
//! search of large components breaks ties the same way (a flip that keeps
//! the count and lowers the weight is taken).
//!
//! [`balance`] runs in named steps, one module each: `ties` (collapse the
//! relations into signed ties, their weights and adjacency), `triads` (the
//! census and the unbalanced triangles), `camps` (components, two camps
//! each, their names, and the totals), `frustration` (the exact search and
//! the local search).

mod camps;
mod frustration;
mod ties;
mod triads;

pub use ties::signed_ties;

use crate::ActorGraph;
use crate::{Table, Value};
use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serialize;

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
    /// Only the connected component of the signed network holding this
    /// actor (`None`: every component).
    pub around: Option<NodeIndex>,
}

impl Default for BalanceOptions {
    fn default() -> Self {
        BalanceOptions {
            mixed: MixedRule::SignOfSum,
            exact_limit: 25,
            max_listed: 1000,
            restarts: 16,
            seed: 1,
            around: None,
        }
    }
}

/// One collapsed pair of actors (`a < b` by index).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignedTie {
    #[serde(serialize_with = "crate::serial::index")]
    pub a: NodeIndex,
    #[serde(serialize_with = "crate::serial::index")]
    pub b: NodeIndex,
    /// +1, −1, or 0 for an ambiguous pair.
    pub sign: i8,
    /// The relations (sign ≠ 0) behind it.
    #[serde(serialize_with = "crate::serial::indices")]
    pub edges: Vec<EdgeIndex>,
}

/// Triangle types by their number of negative ties (in machine output
/// `ppp`, `ppn`, `pnn`, `nnn`, as the census' fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Triangle {
    #[serde(serialize_with = "crate::serial::indices")]
    pub nodes: [NodeIndex; 3],
    pub ties: [usize; 3],
    pub kind: TriadKind,
}

/// The frustration index and how it was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Frustration {
    /// Frustrated ties of the camps returned (the index itself when `exact`).
    pub value: usize,
    /// Their summed weight: among partitions with `value` frustrated ties,
    /// the camps returned leave the lightest ties frustrated (the least
    /// weight when `exact`).
    pub weight: f64,
    /// A proven lower bound (= `value` when exact).
    pub lower_bound: usize,
    pub exact: bool,
    /// How `value` and `lower_bound` were obtained.
    pub method: String,
}

/// One connected component of the signed network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentBalance {
    #[serde(serialize_with = "crate::serial::indices")]
    pub nodes: Vec<NodeIndex>,
    pub ties: usize,
    /// The component's camps (camp 0 the larger, ties to the side of its
    /// lowest node index; camp 1 is empty when nothing divides it).
    #[serde(serialize_with = "crate::serial::camps")]
    pub camps: [Vec<NodeIndex>; 2],
    /// Its most central actor (most signed ties, then their weight, then
    /// the smaller IRI), which names it.
    #[serde(serialize_with = "crate::serial::index")]
    pub leader: NodeIndex,
    pub frustration: Frustration,
}

/// One camp of one component, named after its most central actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Camp {
    /// Its component, an index into [`BalanceReport::components`].
    pub component: usize,
    /// Which of the component's two camps (0 the larger).
    pub side: usize,
    /// Its actors, in index order.
    #[serde(serialize_with = "crate::serial::indices")]
    pub members: Vec<NodeIndex>,
    /// Its most central actor: most signed ties, then the largest summed
    /// weight of them, then the smaller IRI.
    #[serde(serialize_with = "crate::serial::index")]
    pub leader: NodeIndex,
    /// `camp of ` and the leader's label, as `entente balance` prints it
    /// and `entente dot --camps` labels its cluster.
    pub name: String,
}

/// Everything [`balance`] finds.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// The camps of every component, named ([`Camp`]): component by
    /// component as in `components`, camp 0 then camp 1, empty camps left
    /// out. Two components never share a camp.
    pub camps: Vec<Camp>,
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

    /// Rows: component (1-based), camp (its name), actor.
    pub fn camps_table(&self, g: &ActorGraph) -> Table {
        let mut t = Table::new(&["component", "camp", "actor"]);
        for camp in &self.camps {
            for &n in &camp.members {
                t.rows.push(vec![
                    (camp.component + 1).into(),
                    camp.name.clone().into(),
                    g.graph[n].label.clone().into(),
                ]);
            }
        }
        t
    }

    /// The camp of each node, as an index into [`BalanceReport::camps`]
    /// (`None`: no signed tie, or outside `around`), for `n` nodes.
    pub fn camp_of(&self, n: usize) -> Vec<Option<usize>> {
        let mut of = vec![None; n];
        for (c, camp) in self.camps.iter().enumerate() {
            for v in &camp.members {
                if let Some(slot) = of.get_mut(v.index()) {
                    *slot = Some(c);
                }
            }
        }
        of
    }

    /// The camps' names, by index into [`BalanceReport::camps`].
    pub fn camp_names(&self) -> Vec<String> {
        self.camps.iter().map(|c| c.name.clone()).collect()
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
/// Structural balance of the signed network of `g` (of the component of
/// `opts.around` when given).
pub fn balance(g: &ActorGraph, opts: &BalanceOptions) -> BalanceReport {
    let n = g.graph.node_count();
    let (ties, ambiguous) = signed_ties(g, opts.mixed);
    let (ties, ambiguous) = match opts.around {
        Some(actor) => ties::around(n, actor, ties, ambiguous),
        None => (ties, ambiguous),
    };
    let weights = ties::tie_weights(g, &ties);
    let adj = ties::signed_adjacency(n, &ties);
    let triads = triads::census(&adj, &ties, opts.max_listed);
    let mut marks = frustration::Marks::new(n);
    let components = camps::components(&adj, &ties, &mut marks);
    let mut side = vec![0u8; n];
    let results = camps::per_component(
        g,
        &components,
        &adj,
        &ties,
        &weights,
        &triads.disjoint,
        opts,
        &mut side,
        &mut marks,
    );
    let (frustrated, frustration) = camps::totals(&results, &ties, &side, opts.exact_limit);
    let camps = camps::named_camps(g, &adj, &weights, &results);
    BalanceReport {
        ties,
        ambiguous,
        census: triads.census,
        unbalanced: triads.listed,
        unbalanced_truncated: triads.truncated,
        camps,
        frustrated,
        frustration,
        components: results,
    }
}
