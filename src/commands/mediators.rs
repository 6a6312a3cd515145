//! `entente mediators [NAME]`: who mediated which agreement.

use super::{answer, bind, Global};
use anyhow::Result;
use entente::{queries, resolve, vocab};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// An agreement (who mediated it?) or an actor (what did it mediate?).
    pub name: Option<String>,

    #[command(flatten)]
    pub as_of: super::AsOf,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let graph = global.open()?;
    let query = queries::named("mediators")?;
    let mut bindings = Vec::new();
    if let Some(name) = &args.name {
        let named = resolve::resolve(&graph, name)?;
        let is_agreement = resolve::is_a(&graph, &named.iri, &format!("{}Agreement", vocab::ENT))?;
        bindings.push(bind(
            if is_agreement {
                "agreement"
            } else {
                "mediator"
            },
            &named,
        ));
    }
    bindings.extend(super::as_of(args.as_of));
    answer(&graph, &query, &bindings, global)
}
