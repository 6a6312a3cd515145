//! `entente brokers A B`: third parties ranked as mediator candidates between
//! two actors, each with the ties that earned it the rank.

use super::{Global, ViewArgs};
use anyhow::Result;
use entente::output::OutputFormat;
use entente_graph::analysis::brokers::{brokers, BrokerOptions, TIE_BREAK};

/// `entente brokers --help`: what is ranked, how, and how ties are broken.
pub fn long_about() -> String {
    format!(
        "Third parties ranked as mediator candidates between two actors. People and organs \
         count for the organisation they act for, belong to or head (sub-organisations, units, \
         members, heads, holders of its posts, signers for it, as the store says), so a \
         negotiator is part of their side, not a third party, and a mission counts for its \
         organisation. A candidate's strength to each side sums its ties to that side, one per \
         kind of relation at its largest weight (a neutral tie — mediation, guarantor, host, \
         talks… — counts half); its score is the harmonic mean of the two strengths times \
         1 + its centrality relative to the best candidate. Candidates hostile to a side are \
         listed apart (or ranked last with --include-hostile). Ties: {}. Each tie is listed \
         with the source that claims it.",
        TIE_BREAK
    )
}

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
    let mut graph = args.view.actor_graph(&store)?;
    let a = super::actor_in_view(&store, &graph, &args.a)?;
    let b = super::actor_in_view(&store, &graph, &args.b)?;
    let parents = entente::view::parents(&store, &mut graph)?;
    let options = BrokerOptions {
        include_hostile: args.include_hostile,
        limit: args.top,
        ..BrokerOptions::default()
    };
    let ranked = brokers(&graph, a, b, Some(&parents), &options)?;
    if format == OutputFormat::Table {
        super::say(format!(
            "mediator candidates between {} and {} (people and organs count for the \
             organisation they act for, belong to or head; each tie with its source)",
            graph.graph[ranked.a].label, graph.graph[ranked.b].label
        ))?;
        super::say(format!("ties: {TIE_BREAK}"))?;
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
