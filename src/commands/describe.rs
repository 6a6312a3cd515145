//! `entente describe NAME`: everything the graph says of one actor or
//! agreement, with sources.

use super::{answer, bind, Global};
use anyhow::Result;
use entente::{queries, resolve};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// An actor, agreement, event or source: label, alias, prefixed name or IRI.
    pub name: String,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let graph = global.open()?;
    let query = queries::named("describe")?;
    let thing = resolve::resolve(&graph, &args.name)?;
    if global.format() == entente::output::OutputFormat::Table {
        let label = thing.label.clone().unwrap_or_else(|| thing.iri.to_string());
        super::say(format!(
            "{label} <{}> — {}",
            thing.iri.as_str(),
            thing.kinds.join(", ")
        ))?;
    }
    answer(&graph, &query, &[bind("thing", &thing)], global)
}
