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

    /// Only alliances in force at some time in or after this date (YYYY,
    /// YYYY-MM or YYYY-MM-DD; a year or month counts whole).
    #[arg(long, value_name = "DATE", value_parser = period_bound)]
    pub from: Option<String>,

    /// Only alliances in force at some time in or before this date.
    #[arg(long, value_name = "DATE", value_parser = period_bound)]
    pub to: Option<String>,
}

/// A date as the user gave it (its precision matters: `--to 2010` is the
/// whole of 2010), once checked to be one.
pub fn period_bound(text: &str) -> Result<String, String> {
    text.parse::<entente_graph::Day>()
        .map(|_| text.trim().to_owned())
        .map_err(|e| e.to_string())
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let graph = global.open()?;
    let query = queries::named("allies")?;
    let actor = resolve::resolve(&graph, &args.name)?;
    let mut bindings = vec![bind("actor", &actor)];
    bindings.extend(super::as_of(args.as_of));
    for (variable, value) in [("from", &args.from), ("to", &args.to)] {
        if let Some(value) = value {
            bindings.push((
                variable.to_owned(),
                oxigraph::model::Literal::new_simple_literal(value).into(),
            ));
        }
    }
    answer(&graph, &query, &bindings, global)
}
