//! Steps three and four: the connected components of the signed network,
//! two camps and a frustration index for each, each camp named by its most
//! central actor, then the totals.

use super::frustration::{exact_component, is_frustrated, local_search, search_order, Marks};
use super::{BalanceOptions, Camp, ComponentBalance, Frustration, SignedTie};
use crate::analysis::csr::{self, Csr};
use crate::ActorGraph;
use petgraph::graph::NodeIndex;

/// The components of the signed network (actors with at least one tie).
pub(super) struct Components {
    /// The component of each node (`u32::MAX`: no tie).
    pub(super) of: Vec<u32>,
    /// Members of each component in the order the searches take them
    /// ([`search_order`]); components in order of their lowest node.
    pub(super) members: Vec<Vec<u32>>,
}

/// The components of the signed network: [`csr::components`] over the
/// ties, an actor without a tie in none.
pub(super) fn components(adj: &Csr, ties: &[SignedTie], marks: &mut Marks) -> Components {
    let n = adj.node_count();
    let found = csr::components(
        n,
        ties.iter()
            .map(|t| (t.a.index() as u32, t.b.index() as u32)),
    );
    let mut number = vec![u32::MAX; found.sizes.len()];
    let mut members: Vec<Vec<u32>> = Vec::new();
    for s in 0..n {
        let c = found.component[s] as usize;
        if adj.degree(s) == 0 || number[c] != u32::MAX {
            continue;
        }
        number[c] = members.len() as u32;
        members.push(search_order(adj, s as u32, marks));
    }
    let of = (0..n)
        .map(|v| {
            if adj.degree(v) == 0 {
                u32::MAX
            } else {
                number[found.component[v] as usize]
            }
        })
        .collect();
    Components { of, members }
}

/// Camps and frustration of each component, largest first; leaves every
/// actor's camp in `side`. The exact search runs on components of at most
/// `opts.exact_limit` actors, the local search on the others (one random
/// stream over them all, in component order, so results are reproducible).
#[allow(clippy::too_many_arguments)]
pub(super) fn per_component(
    g: &ActorGraph,
    components: &Components,
    adj: &Csr,
    ties: &[SignedTie],
    weights: &[f64],
    disjoint: &[u32],
    opts: &BalanceOptions,
    side: &mut [u8],
    marks: &mut Marks,
) -> Vec<ComponentBalance> {
    let mut lb_per_comp = vec![0usize; components.members.len()];
    for &t in disjoint {
        lb_per_comp[components.of[ties[t as usize].a.index()] as usize] += 1;
    }
    let mut results: Vec<ComponentBalance> = Vec::new();
    let mut rng = opts.seed.max(1);
    for (ci, members) in components.members.iter().enumerate() {
        let local_ties = members
            .iter()
            .map(|&v| adj.degree(v as usize))
            .sum::<usize>()
            / 2;
        let (cost, exact, method) = if members.len() <= opts.exact_limit {
            let c = exact_component(members, adj, ties, weights, side, marks);
            (c, true, "exact (branch and bound)".to_owned())
        } else {
            let c = local_search(
                members,
                adj,
                ties,
                weights,
                side,
                opts.restarts,
                &mut rng,
                marks,
            );
            (
                c,
                false,
                format!(
                    "upper bound: spanning-tree 2-colouring + single-flip local search, {} restarts; \
                     lower bound: edge-disjoint unbalanced triangles",
                    opts.restarts.max(1)
                ),
            )
        };
        let (nodes, camps) = oriented_camps(members, side);
        let leader = most_central(g, adj, weights, &nodes).expect("non-empty component");
        results.push(ComponentBalance {
            nodes,
            ties: local_ties,
            camps,
            leader,
            frustration: Frustration {
                value: cost.count,
                weight: cost.weight,
                lower_bound: if exact {
                    cost.count
                } else {
                    lb_per_comp[ci].min(cost.count)
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
    results
}

/// The most central of `nodes` in the signed network: the most signed ties
/// (degree), then the largest summed weight of those ties, then the
/// smallest IRI.
pub(super) fn most_central(
    g: &ActorGraph,
    adj: &Csr,
    weights: &[f64],
    nodes: &[NodeIndex],
) -> Option<NodeIndex> {
    let strength = |v: NodeIndex| -> f64 {
        adj.entries(v.index())
            .map(|(_, t)| weights[t as usize])
            .sum()
    };
    nodes.iter().copied().min_by(|&a, &b| {
        adj.degree(b.index())
            .cmp(&adj.degree(a.index()))
            .then(strength(b).total_cmp(&strength(a)))
            .then_with(|| g.graph[a].iri.cmp(&g.graph[b].iri))
    })
}

/// The camps of every component, named by their most central actor (see
/// [`most_central`]): component by component as `results` orders them,
/// camp 0 then camp 1, an empty camp left out.
pub(super) fn named_camps(
    g: &ActorGraph,
    adj: &Csr,
    weights: &[f64],
    results: &[ComponentBalance],
) -> Vec<Camp> {
    let mut camps = Vec::new();
    for (component, c) in results.iter().enumerate() {
        for (side, members) in c.camps.iter().enumerate() {
            let Some(leader) = most_central(g, adj, weights, members) else {
                continue;
            };
            camps.push(Camp {
                component,
                side,
                members: members.clone(),
                leader,
                name: format!("camp of {}", g.graph[leader].label),
            });
        }
    }
    camps
}

/// A component's nodes and camps, in index order, oriented so that a
/// diagram does not depend on the search: camp 0 the larger side, ties to
/// the side of the lowest node (`side` is flipped to match).
fn oriented_camps(members: &[u32], side: &mut [u8]) -> (Vec<NodeIndex>, [Vec<NodeIndex>; 2]) {
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
    let mut sorted = members.to_vec();
    sorted.sort_unstable();
    for &v in &sorted {
        camps[side[v as usize] as usize].push(NodeIndex::new(v as usize));
    }
    let nodes = sorted.iter().map(|&v| NodeIndex::new(v as usize)).collect();
    (nodes, camps)
}

/// Over all components: the frustrated ties and the frustration index
/// with how it was found.
pub(super) fn totals(
    results: &[ComponentBalance],
    ties: &[SignedTie],
    side: &[u8],
    exact_limit: usize,
) -> (Vec<usize>, Frustration) {
    let frustrated: Vec<usize> = ties
        .iter()
        .enumerate()
        .filter(|(_, t)| is_frustrated(t.sign, side[t.a.index()], side[t.b.index()]))
        .map(|(i, _)| i)
        .collect();
    let value: usize = results.iter().map(|c| c.frustration.value).sum();
    debug_assert_eq!(value, frustrated.len());
    let weight: f64 = results.iter().map(|c| c.frustration.weight).sum();
    let lower_bound: usize = results.iter().map(|c| c.frustration.lower_bound).sum();
    let inexact: Vec<&ComponentBalance> = results.iter().filter(|c| !c.frustration.exact).collect();
    let method = if inexact.is_empty() {
        format!(
            "exact (branch and bound) on each of {} component(s) of at most {} actors",
            results.len(),
            exact_limit
        )
    } else {
        format!(
            "exact (branch and bound) on {} component(s) of at most {} actors; on {} larger \
             component(s) (largest {} actors) {}",
            results.len() - inexact.len(),
            exact_limit,
            inexact.len(),
            inexact.iter().map(|c| c.nodes.len()).max().unwrap_or(0),
            inexact[0].frustration.method
        )
    };
    let frustration = Frustration {
        value,
        weight,
        lower_bound,
        exact: inexact.is_empty(),
        method,
    };
    (frustrated, frustration)
}
