//! `entente backers [NAME]`: who backs whom, how, since when, per whom.

use super::{answer, bind, Global};
use crate::{queries, resolve};
use anyhow::Result;

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

    /// Only support in force on that day (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
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
    bindings.extend(super::as_of(args.as_of.as_deref())?);
    answer(&graph, &query, &bindings, global)
}
