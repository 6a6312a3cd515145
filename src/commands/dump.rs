//! `entente dump`: every quad of the store in its graph, for loading into a
//! SPARQL server (then ask it with `--endpoint URL`).

use super::Global;
use anyhow::{bail, Result};
use entente::output::OutputFormat;
use oxigraph::io::RdfFormat;
use std::io::Write;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: &Args, global: &Global) -> Result<()> {
    global.refuse_endpoint("dump")?;
    let format = match global.format.unwrap_or(OutputFormat::Trig) {
        OutputFormat::Trig => RdfFormat::TriG,
        OutputFormat::Nquads => RdfFormat::NQuads,
        other => bail!(
            "--format {}: a dump keeps the graphs, so it is trig or nquads",
            other.name()
        ),
    };
    let graph = global.open()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    graph.dump(format, &mut out)?;
    out.flush().map_err(entente::Error::Output)?;
    Ok(())
}
