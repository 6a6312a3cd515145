//! `entente allies NAME`: an actor's alliances and defence pacts.

use super::{answer, bind, Global};
use crate::{queries, resolve};
use anyhow::Result;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The actor whose alliances to list.
    pub name: String,

    /// Only alliances in force on that day (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let graph = global.open()?;
    let query = queries::named("allies")?;
    let actor = resolve::resolve(&graph, &args.name)?;
    let mut bindings = vec![bind("actor", &actor)];
    bindings.extend(super::as_of(args.as_of.as_deref())?);
    answer(&graph, &query, &bindings, global)
}
