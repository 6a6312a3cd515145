//! `entente claims [--source NAME] [--contested]`: facts by who says so.

use super::{answer, bind, Global};
use anyhow::Result;
use entente::{queries, resolve};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only what this source claims (or relays), or one claim bundle by its
    /// graph name (g:france24-map); with --contested, the disputes it is a
    /// party to.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,

    /// Facts that one source asserts and another denies, leaves out, or
    /// dates otherwise.
    #[arg(long)]
    pub contested: bool,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let graph = global.open()?;
    let query = queries::named(if args.contested {
        "contested"
    } else {
        "claims"
    })?;
    let mut bindings = Vec::new();
    if let Some(name) = &args.source {
        // A source is an actor (what it claims or relays) or one claim
        // bundle by its graph name (`g:france24-map`).
        let source = resolve::resolve(&graph, name)?;
        let variable = match resolve::is_bundle(&graph, &source.iri)? {
            true if args.contested => anyhow::bail!(
                "--contested --source takes an actor (a party to the dispute); {name} is a claim bundle"
            ),
            true => "graph",
            false => "source",
        };
        bindings.push(bind(variable, &source));
    }
    answer(&graph, &query, &bindings, global)
}
