//! `entente mediators [NAME]`: who mediated which agreement; with `--roles`,
//! every third party of agreements and talks by role (guarantor, host,
//! verifier, accompanying country…).

use super::{answer, bind, Global};
use anyhow::Result;
use entente::{queries, resolve, vocab};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// An agreement (who mediated it?) or an actor (what did it mediate?).
    pub name: Option<String>,

    #[command(flatten)]
    pub as_of: super::AsOf,

    /// Every third-party role, not only mediation: guarantors, hosts,
    /// verifiers, accompanying countries, witnesses, observers… (the named
    /// query third-parties).
    #[arg(long, conflicts_with = "as_of")]
    pub roles: bool,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let graph = global.open()?;
    let query = queries::named(if args.roles {
        "third-parties"
    } else {
        "mediators"
    })?;
    let mut bindings = Vec::new();
    if let Some(name) = &args.name {
        let named = resolve::resolve(&graph, name)?;
        let is_agreement = resolve::is_a(&graph, &named.iri, &format!("{}Agreement", vocab::ENT))?
            || resolve::is_a(&graph, &named.iri, &format!("{}Talks", vocab::ENT))?;
        let variable = match (is_agreement, args.roles) {
            (true, _) => "agreement",
            (false, true) => "thirdParty",
            (false, false) => "mediator",
        };
        bindings.push(bind(variable, &named));
    }
    bindings.extend(super::as_of(args.as_of));
    answer(&graph, &query, &bindings, global)
}
