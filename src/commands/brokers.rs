//! `entente brokers A B`: third parties ranked as mediator candidates between
//! two actors, each with the ties that earned it the rank.

use super::{Global, ViewArgs};
use anyhow::Result;
use entente::output::OutputFormat;
use entente_graph::analysis::brokers::{brokers, BrokerOptions};

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
    let format = global.records_format()?;
    let store = global.open_for_analysis()?;
    let graph = args.view.actor_graph(&store)?;
    let a = super::actor_in_view(&store, &graph, &args.a)?;
    let b = super::actor_in_view(&store, &graph, &args.b)?;
    let parents = entente::view::parents(&store, &graph)?;
    let options = BrokerOptions {
        include_hostile: args.include_hostile,
        limit: args.top,
        ..BrokerOptions::default()
    };
    let ranked = brokers(&graph, a, b, Some(&parents), &options)?;
    if format == OutputFormat::Table {
        super::say(format!(
            "mediator candidates between {} and {}",
            graph.graph[ranked.a].label, graph.graph[ranked.b].label
        ))?;
    }
    super::write_records(&ranked.table(&graph), format)?;
    if format == OutputFormat::Table && !ranked.excluded.is_empty() {
        super::say("not ranked, hostile to a side:")?;
        super::write_records(&ranked.excluded_table(&graph), format)?;
    }
    if ranked.candidates.is_empty() {
        return Err(super::NoAnswer(format!(
            "no third party is tied to both {} and {}",
            graph.graph[ranked.a].label, graph.graph[ranked.b].label
        ))
        .into());
    }
    Ok(())
}
