//! `entente import`: CSV files into the store through a mapping (a
//! tarql-style SPARQL CONSTRUCT, see `mappings/` and [`entente::import`]).

use super::Global;
use anyhow::{bail, Context, Result};
use entente::import::{self, Mapping};
use oxigraph::model::NamedNode;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Reads CSV files through a mapping into a named graph, all or nothing.
///
/// The default store lives in memory, so an import into it lasts one run:
/// keep the result with `--output FILE.trig` (load it later with
/// `--with FILE.trig`, or commit it), or import into a persistent store with
/// `entente --store DIR import …` (feature `rocksdb`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// CSV files (UTF-8, or latin-1 when not valid UTF-8) with a header row.
    #[arg(required_unless_present = "list")]
    pub files: Vec<PathBuf>,

    /// A shipped mapping's name (see --list) or a .rq file; by default the
    /// shipped mapping whose `# dataset:` is the first file's name.
    #[arg(long, short = 'm', value_name = "NAME|FILE.rq")]
    pub mapping: Option<String>,

    /// The named graph for the imported triples (default: the mapping's `# graph:`).
    #[arg(long, value_name = "IRI")]
    pub graph: Option<String>,

    /// Also writes the imported quads to this file as TriG.
    #[arg(long, short = 'o', value_name = "FILE.trig")]
    pub output: Option<PathBuf>,

    /// Lists the shipped mappings and the data sets they fit.
    #[arg(long)]
    pub list: bool,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    if args.list {
        return list();
    }
    let mapping = match &args.mapping {
        Some(argument) => import::from_argument(argument)?,
        None => {
            let first = &args.files[0];
            import::for_file(first)?.with_context(|| {
                format!(
                    "no shipped mapping fits {}: name one with --mapping NAME|FILE.rq (`entente import --list` shows them)",
                    first.display()
                )
            })?
        }
    };
    for file in &args.files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if let Some(dataset) = mapping.dataset.as_deref().filter(|d| *d != name) {
            super::note!(
                "note: the mapping {} is written for {dataset}; reading {} with it",
                mapping.name,
                file.display()
            );
        }
    }
    let target = match &args.graph {
        Some(iri) => NamedNode::new(iri.as_str())
            .or_else(|_| {
                entente::vocab::expand(iri)
                    .ok_or(())
                    .and_then(|i| NamedNode::new(i).map_err(|_| ()))
            })
            .map_err(|()| anyhow::anyhow!("--graph {iri}: not an IRI"))?,
        None => mapping.default_graph(),
    };
    if let Some(output) = &args.output {
        if output.extension().and_then(|e| e.to_str()) != Some("trig") {
            bail!(
                "--output {}: the output is TriG, name it FILE.trig",
                output.display()
            );
        }
    }
    let graph = global.open_for_writing()?;
    let files: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    let started = std::time::Instant::now();
    let bars = super::terminal::Bars::default();
    let (report, quads) = import::import_files(
        &graph,
        &files,
        &mapping,
        &target,
        &import::ImportOptions { progress: &bars },
    )?;
    super::note!(
        "imported {} rows from {} file{} with the mapping {} into <{}>: {} quads, {} new; the store holds {} quads ({:.2} s)",
        report.rows,
        report.files,
        if report.files == 1 { "" } else { "s" },
        mapping.name,
        target.as_str(),
        report.quads,
        report.added,
        report.store_size,
        started.elapsed().as_secs_f64()
    );
    if let Some(citation) = &mapping.citation {
        super::note!("cite: {citation}");
    }
    match &args.output {
        Some(output) => {
            let file = std::fs::File::create(output)
                .with_context(|| format!("cannot create {}", output.display()))?;
            let mut writer = std::io::BufWriter::new(file);
            import::write_trig(&quads, &mut writer)
                .and_then(|()| writer.flush())
                .with_context(|| format!("cannot write {}", output.display()))?;
            super::note!(
                "wrote {} quads to {} (read it with `entente --with {} …`)",
                quads.len(),
                output.display(),
                output.display()
            );
        }
        None if global.store.is_none() => super::note!(
            "note: the default store lives in memory, so this import lasted one run; keep it with --output FILE.trig, or import into a persistent store with --store DIR"
        ),
        None => {}
    }
    Ok(())
}

fn list() -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for mapping in import::all()? {
        print_mapping(&mut out, &mapping).map_err(entente::Error::Output)?;
    }
    Ok(())
}

fn print_mapping(out: &mut dyn Write, mapping: &Mapping) -> std::io::Result<()> {
    writeln!(out, "{} — {}", mapping.name, mapping.title)?;
    if let Some(dataset) = &mapping.dataset {
        writeln!(out, "  dataset:  {dataset}")?;
    }
    writeln!(out, "  graph:    {}", mapping.default_graph().as_str())?;
    if let Some(citation) = &mapping.citation {
        writeln!(out, "  cite:     {citation}")?;
    }
    if let Some(licence) = &mapping.licence {
        writeln!(out, "  terms:    {licence}")?;
    }
    if !mapping.description.is_empty() {
        writeln!(out, "  {}", mapping.description)?;
    }
    Ok(())
}
