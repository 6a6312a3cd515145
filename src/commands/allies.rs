//! `entente allies NAME`: an actor's alliances and defence pacts.

use super::{answer, bind, Global};
use anyhow::Result;
use entente::{queries, resolve};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The actor whose alliances to list.
    pub name: String,

    #[command(flatten)]
    pub as_of: super::AsOf,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let graph = global.open()?;
    let query = queries::named("allies")?;
    let actor = resolve::resolve(&graph, &args.name)?;
    let mut bindings = vec![bind("actor", &actor)];
    bindings.extend(super::as_of(args.as_of));
    answer(&graph, &query, &bindings, global)
}
