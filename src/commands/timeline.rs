//! `entente timeline NAME`: one actor's or one conflict's dated facts
//! (events, agreements, statements, relations, memberships) in date order,
//! each with the source that dates it (the named query `timeline`).

use super::{answer, bind, Global};
use anyhow::Result;
use entente::{queries, resolve};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The actor or armed conflict whose timeline to list.
    pub name: String,

    /// Only facts dated in or after this date (YYYY, YYYY-MM or YYYY-MM-DD;
    /// a year or month counts whole).
    #[arg(long, value_name = "DATE", value_parser = super::allies::period_bound)]
    pub from: Option<String>,

    /// Only facts dated in or before this date.
    #[arg(long, value_name = "DATE", value_parser = super::allies::period_bound)]
    pub to: Option<String>,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let graph = global.open()?;
    let query = queries::named("timeline")?;
    let subject = resolve::resolve(&graph, &args.name)?;
    let mut bindings = vec![bind("subject", &subject)];
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
