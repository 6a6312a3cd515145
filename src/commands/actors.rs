//! `entente actors [--kind KIND]`: the actors the graph knows.

use super::{answer, Global};
use anyhow::Result;
use entente::{queries, resolve};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only actors of this kind: state, de-facto-state, government, ministry,
    /// armed-force, peacekeeping-force, person, news-organization…
    #[arg(long)]
    pub kind: Option<String>,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let graph = global.open()?;
    let query = queries::named("actors")?;
    let mut bindings = Vec::new();
    if let Some(kind) = &args.kind {
        bindings.push((
            "class".to_owned(),
            resolve::resolve_class(&graph, kind)?.into(),
        ));
    }
    answer(&graph, &query, &bindings, global)
}
