//! `entente backers [NAME]`: who backs whom, how, since when, per whom.

use super::{answer, bind, Global};
use anyhow::Result;
use entente::{queries, resolve};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Who backs this actor.
    pub name: Option<String>,

    /// Whom this actor backs.
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,

    /// Follows chains: who backs a backer.
    #[arg(long)]
    pub transitive: bool,

    #[command(flatten)]
    pub as_of: super::AsOf,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let graph = global.open()?;
    let query = queries::named(if args.transitive {
        "backers-transitive"
    } else {
        "backers"
    })?;
    let mut bindings = Vec::new();
    if let Some(name) = &args.name {
        bindings.push(bind("backed", &resolve::resolve(&graph, name)?));
    }
    if let Some(name) = &args.by {
        bindings.push(bind("backer", &resolve::resolve(&graph, name)?));
    }
    bindings.extend(super::as_of(args.as_of));
    answer(&graph, &query, &bindings, global)
}
