//! `entente sheet FILE.csv`: an analyst's claims sheet (one claim per row,
//! `templates/claims.csv`) into the store, one named graph per source and document
//! with its prov:Bundle ([`entente::claims`]).

use super::Global;
use anyhow::{Context, Result};
use entente::claims::{self, SheetOptions};
use entente_graph::{Table, Value};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The sheet: CSV (UTF-8) with the columns of templates/claims.csv.
    pub file: PathBuf,

    /// Creates the actors (and agreements) whose names resolve to nothing,
    /// typed as the relation's role requires, and lists them, instead of
    /// refusing the sheet.
    #[arg(long)]
    pub new_actors: bool,

    /// Also writes the sheet's quads to this file as TriG.
    #[arg(long, short = 'o', value_name = "FILE.trig")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    if let Some(output) = &args.output {
        if output.extension().and_then(|e| e.to_str()) != Some("trig") {
            anyhow::bail!(
                "--output {}: the output is TriG, name it FILE.trig",
                output.display()
            );
        }
    }
    let format = global.records_format()?;
    let graph = global.open_for_writing()?;
    let sheet = claims::read(
        &graph,
        &args.file,
        SheetOptions {
            new_actors: args.new_actors,
        },
    )?;
    let report = graph.insert(sheet.quads.clone(), &args.file.display().to_string())?;
    super::note!(
        "read {} claim{} from {} into {} graph{} ({}): {} quads; the store holds {}",
        sheet.rows,
        if sheet.rows == 1 { "" } else { "s" },
        args.file.display(),
        sheet.graphs.len(),
        if sheet.graphs.len() == 1 { "" } else { "s" },
        sheet
            .graphs
            .iter()
            .map(|g| g.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        sheet.quads.len(),
        report.store_size
    );
    if let Some(output) = &args.output {
        let file = std::fs::File::create(output)
            .with_context(|| format!("cannot create {}", output.display()))?;
        let mut writer = std::io::BufWriter::new(file);
        entente::import::write_trig(&sheet.quads, &mut writer)
            .and_then(|()| writer.flush())
            .with_context(|| format!("cannot write {}", output.display()))?;
        super::note!("wrote {} quads to {}", sheet.quads.len(), output.display());
    } else if global.store.is_none() {
        super::note!(
            "note: the default store lives in memory, so this lasted one run; keep it with --output FILE.trig, or use --store DIR"
        );
    }
    let mut table = Table::new(&["new actor", "name", "kind", "row"]);
    for actor in &sheet.new_actors {
        table.rows.push(vec![
            Value::from(actor.iri.as_str()),
            Value::from(actor.name.as_str()),
            Value::from(
                entente::vocab::compact(actor.class.as_str())
                    .unwrap_or_else(|| actor.class.to_string())
                    .as_str(),
            ),
            Value::from(actor.row),
        ]);
    }
    if !table.rows.is_empty() {
        super::write_records(&table, format)?;
    }
    Ok(())
}
