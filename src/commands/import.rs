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
    /// CSV files with a header row (UTF-8 unless --encoding says otherwise).
    #[arg(required_unless_present_any = ["list", "all"])]
    pub files: Vec<PathBuf>,

    /// Imports every shipped data set (`datasets/`) through its mapping, one
    /// named graph each, and prints a summary per data set.
    #[arg(long, conflicts_with_all = ["files", "mapping", "graph", "list"])]
    pub all: bool,

    /// Where --all finds the data sets (default: `datasets/` in the current
    /// folder, else in the source tree entente was built from).
    #[arg(long, value_name = "DIR", requires = "all")]
    pub datasets: Option<PathBuf>,

    /// The files' encoding: utf-8, latin-1, mac-roman, or auto (detect);
    /// default the mapping's `# encoding:`, else utf-8.
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<import::Encoding>,

    /// The field separator (one character, `\t` for a tab); default the
    /// mapping's `# delimiter:`, else a comma.
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,

    /// Leaves out the rows that fail a check (and lists them) instead of
    /// stopping at the first.
    #[arg(long)]
    pub skip_bad_rows: bool,

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

fn parse_encoding(text: &str) -> std::result::Result<import::Encoding, String> {
    text.parse().map_err(|e: entente::Error| e.to_string())
}

fn parse_delimiter(text: &str) -> std::result::Result<u8, String> {
    import::parse_delimiter(text).map_err(|e| e.to_string())
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    if args.list {
        return list();
    }
    global.refuse_endpoint("import")?;
    if args.all {
        return all(args, global);
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
    check_output(args)?;
    let graph = global.open_for_writing()?;
    let files: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    let started = std::time::Instant::now();
    let bars = super::terminal::Bars::default();
    let report = import::import_files(&graph, &files, &mapping, &target, &options(args, &bars))?;
    report_skips(&report);
    super::note!(
        "imported {} rows from {} file{} with the mapping {} into <{}>: the graph holds {} quads, {} new; the store holds {} quads ({:.2} s)",
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
    keep(args, global, &graph, &[target])
}

/// Writes the imported graphs to --output (read back from the store), or
/// says that a memory store forgets them.
fn keep(
    args: &Args,
    global: &Global,
    graph: &entente::store::KnowledgeGraph,
    targets: &[NamedNode],
) -> Result<()> {
    match &args.output {
        Some(output) => {
            let mut quads = Vec::new();
            for target in targets {
                quads.extend(import::graph_quads(graph, target)?);
            }
            let quads = &quads;
            let file = std::fs::File::create(output)
                .with_context(|| format!("cannot create {}", output.display()))?;
            let mut writer = std::io::BufWriter::new(file);
            import::write_trig(quads, &mut writer)
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

fn report_skips(report: &import::ImportReport) {
    for warned in &report.warnings {
        super::note!("warning: {warned}");
    }
    for skipped in &report.skipped {
        super::note!("skipped {skipped}");
    }
    if !report.skipped.is_empty() {
        super::note!(
            "skipped {} of {} rows (--skip-bad-rows)",
            report.skipped.len(),
            report.rows
        );
    }
}

/// The folder of the shipped data sets.
pub fn datasets_folder(given: Option<&PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = given {
        return Ok(dir.clone());
    }
    let here = PathBuf::from("datasets");
    if here.is_dir() {
        return Ok(here);
    }
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets");
    if built_from.is_dir() {
        return Ok(built_from);
    }
    bail!(
        "no datasets/ folder here nor in {}: give the folder of the shipped data sets with --datasets DIR",
        built_from.display()
    )
}

/// How the files are read: the options of the command line, with bars.
fn options<'a>(args: &Args, bars: &'a super::terminal::Bars) -> import::ImportOptions<'a> {
    import::ImportOptions {
        progress: bars,
        encoding: args.encoding,
        delimiter: args.delimiter,
        skip_bad_rows: args.skip_bad_rows,
    }
}

/// `--output` is TriG: refused before any work when named otherwise.
fn check_output(args: &Args) -> Result<()> {
    if let Some(output) = &args.output {
        if output.extension().and_then(|e| e.to_str()) != Some("trig") {
            bail!(
                "--output {}: the output is TriG, name it FILE.trig",
                output.display()
            );
        }
    }
    Ok(())
}

/// `import --all`: every shipped data set, each through its mapping into
/// its own graph, one summary row each.
fn all(args: &Args, global: &Global) -> Result<()> {
    check_output(args)?;
    let format = global.records_format()?;
    let folder = datasets_folder(args.datasets.as_ref())?;
    let mappings = import::in_order()?;
    // Every file is there before anything is imported.
    for mapping in &mappings {
        let file = folder.join(mapping.dataset.as_deref().unwrap_or_default());
        if !file.is_file() {
            bail!(
                "{}: missing (the mapping {} reads it); give the folder of the shipped data sets with --datasets DIR",
                file.display(),
                mapping.name
            );
        }
    }
    let graph = global.open_for_writing()?;
    let bars = super::terminal::Bars::default();
    let mut summary = entente_graph::Table::new(&[
        "dataset", "mapping", "graph", "rows", "quads", "new", "seconds",
    ]);
    let started = std::time::Instant::now();
    let mut in_graph = std::collections::BTreeMap::new();
    for mapping in &mappings {
        let dataset = mapping.dataset.as_deref().unwrap_or_default();
        let file = folder.join(dataset);
        let target = mapping.default_graph();
        let begun = std::time::Instant::now();
        let report =
            import::import_files(
                &graph,
                &[file.as_path()],
                mapping,
                &target,
                &options(args, &bars),
            )
            .with_context(|| {
                format!(
                "importing {dataset} with the mapping {} (the data sets before it are imported{})",
                mapping.name,
                if global.store.is_some() { ", each all or nothing" } else { " in memory only" }
            )
            })?;
        report_skips(&report);
        // A graph's count after its last import (ATOP's two files share one).
        in_graph.insert(target.clone(), report.quads);
        summary.rows.push(vec![
            dataset.into(),
            mapping.name.as_str().into(),
            target.as_str().into(),
            report.rows.into(),
            report.quads.into(),
            report.added.into(),
            entente_graph::Value::Number((begun.elapsed().as_secs_f64() * 1000.0).round() / 1000.0),
        ]);
    }
    super::write_records(&summary, format)?;
    let quads: usize = in_graph.values().sum();
    let graphs: Vec<NamedNode> = in_graph.into_keys().collect();
    super::note!(
        "imported {} data sets into {} graphs: {} quads; the store holds {} quads ({:.2} s); cite each as `entente import --list` says",
        mappings.len(),
        graphs.len(),
        quads,
        graph.len()?,
        started.elapsed().as_secs_f64()
    );
    keep(args, global, &graph, &graphs)
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
