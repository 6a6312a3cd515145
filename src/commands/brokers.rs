//! `entente brokers A B`: third parties ranked as mediator candidates between
//! two actors, each with the ties that earned it the rank.

use super::{Global, ViewArgs};
use crate::analysis::brokers::{brokers, BrokerOptions};
use crate::output::{self, OutputFormat, Rows};
use crate::store::KnowledgeGraph;
use crate::view::ActorGraph;
use anyhow::Result;
use oxigraph::model::Term;
use petgraph::graph::NodeIndex;
use std::collections::HashMap;
use std::io::Write;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One side.
    pub a: String,
    /// The other side.
    pub b: String,
    /// How many candidates to list (0: all).
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Rank candidates hostile to a side too (after the others).
    #[arg(long)]
    pub include_hostile: bool,
    #[command(flatten)]
    pub view: ViewArgs,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let store = global.open()?;
    let graph = args.view.actor_graph(&store)?;
    let a = super::actor_in_view(&store, &graph, &args.a)?;
    let b = super::actor_in_view(&store, &graph, &args.b)?;
    let parents = parents(&store, &graph)?;
    let options = BrokerOptions {
        include_hostile: args.include_hostile,
        limit: args.top,
        ..BrokerOptions::default()
    };
    let ranked = brokers(&graph, a, b, Some(&parents), &options)?;
    let format = global.format();
    let mut out = std::io::stdout().lock();
    if format == OutputFormat::Table {
        writeln!(
            out,
            "mediator candidates between {} and {}",
            graph.graph[ranked.a].label, graph.graph[ranked.b].label
        )?;
    }
    output::write_records(&ranked.table(&graph), format, &mut out)?;
    if format == OutputFormat::Table && !ranked.excluded.is_empty() {
        writeln!(out, "not ranked, hostile to a side:")?;
        output::write_records(&ranked.excluded_table(&graph), format, &mut out)?;
    }
    Ok(())
}

/// Each actor of the view mapped to its highest ancestor in the view along
/// `org:subOrganizationOf` (the contingent stands for Russia).
fn parents(store: &KnowledgeGraph, graph: &ActorGraph) -> Result<HashMap<NodeIndex, NodeIndex>> {
    let rows = Rows::collect(store.query(
        "SELECT DISTINCT ?child ?ancestor WHERE { ?child org:subOrganizationOf+ ?ancestor }",
        &[],
    )?)?;
    let mut ancestors: HashMap<NodeIndex, Vec<NodeIndex>> = HashMap::new();
    for row in &rows.rows {
        if let (Some(Term::NamedNode(c)), Some(Term::NamedNode(a))) = (&row[0], &row[1]) {
            if let (Some(c), Some(a)) = (graph.find(c.as_str()), graph.find(a.as_str())) {
                if c != a {
                    ancestors.entry(c).or_default().push(a);
                }
            }
        }
    }
    let top = |n: &NodeIndex| !ancestors.contains_key(n);
    Ok(ancestors
        .iter()
        .filter_map(|(child, list)| list.iter().find(|a| top(a)).map(|a| (*child, *a)))
        .collect())
}
