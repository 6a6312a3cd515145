//! `entente allies NAME`: an actor's alliances and defence pacts.

use super::{answer, bind, Global};
use crate::{queries, resolve};
use anyhow::Result;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The actor whose alliances to list.
    pub name: String,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let graph = global.open()?;
    let query = queries::named("allies")?;
    let actor = resolve::resolve(&graph, &args.name)?;
    answer(&graph, &query, &[bind("actor", &actor)], global)
}
