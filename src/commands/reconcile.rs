//! `entente reconcile DATASET`: a shipped data set's actors, agreements and
//! armed conflicts against the things the store knows otherwise
//! ([`entente::reconcile`]): what did not match, with the closest
//! candidates; `-o FILE.trig` writes the links for review.

use super::Global;
use anyhow::{bail, Context, Result};
use entente::import;
use entente::reconcile::{self, Report};
use entente_graph::{Table, Value};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A shipped data set: its mapping's name (`entente import --list`) or
    /// its file name (`ucdp-peace-agreements-221.csv`).
    pub dataset: String,

    /// Writes the links (one named graph with its prov:Bundle) to this TriG
    /// file, for review; load it with `--with FILE.trig` or `entente load`.
    #[arg(long, short = 'o', value_name = "FILE.trig")]
    pub output: Option<PathBuf>,

    /// Lists the links made instead of the items left unmatched.
    #[arg(long)]
    pub links: bool,

    /// Where the data sets are, when the store does not hold this one yet
    /// (default: `datasets/` here, else in the source tree).
    #[arg(long, value_name = "DIR")]
    pub datasets: Option<PathBuf>,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    if let Some(output) = &args.output {
        if output.extension().and_then(|e| e.to_str()) != Some("trig") {
            bail!(
                "--output {}: the output is TriG, name it FILE.trig",
                output.display()
            );
        }
    }
    let mapping = import::all()?
        .into_iter()
        .find(|m| {
            m.name == args.dataset.trim_end_matches(".rq")
                || m.dataset.as_deref() == Some(args.dataset.as_str())
        })
        .filter(|m| m.dataset.is_some());
    let Some(mapping) = mapping else {
        bail!(
            "no shipped data set is named {:?}; they are: {}",
            args.dataset,
            import::in_order()?
                .iter()
                .map(|m| m.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    let format = global.records_format()?;
    let target = mapping.default_graph();
    let graph = global.open_for_writing()?;
    if !reconcile::holds_graph(&graph, &target)? {
        if global.store.is_some() {
            bail!(
                "the store holds no graph <{}>: import the data set first (`entente --store DIR import --all`)",
                target.as_str()
            );
        }
        // The default store is the seed in memory: bring the data set in
        // (and those its mapping comes after), for this run only.
        let folder = super::import::datasets_folder(args.datasets.as_ref())?;
        let wanted: Vec<import::Mapping> = import::in_order()?
            .into_iter()
            .filter(|m| m.name == mapping.name || mapping.after.contains(&m.name))
            .collect();
        for m in &wanted {
            let file = folder.join(m.dataset.as_deref().unwrap_or_default());
            import::import(&graph, &file, m, m.default_graph())
                .with_context(|| format!("importing {}", file.display()))?;
        }
    }
    let started = std::time::Instant::now();
    let options = reconcile::ReconcileOptions {
        dataset_graphs: import::all()?
            .iter()
            .map(|m| m.default_graph().as_str().to_owned())
            .collect(),
        closest: if args.links { 0 } else { 3 },
    };
    let report = reconcile::reconcile(&graph, &target, &options)?;
    let by_identifier = report
        .links
        .iter()
        .filter(|l| matches!(l.how, reconcile::How::SameIdentifier { .. }))
        .count();
    let linked: std::collections::BTreeSet<&str> =
        report.links.iter().map(|l| l.item.as_str()).collect();
    super::note!(
        "{}: {} items; {} already on known IRIs (the mapping's identifiers), {} linked by {} links ({} by identifier, {} by name), {} unmatched ({:.2} s)",
        mapping.name,
        report.landed.len() + linked.len() + report.unmatched.len(),
        report.landed.len(),
        linked.len(),
        report.links.len(),
        by_identifier,
        report.links.len() - by_identifier,
        report.unmatched.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(output) = &args.output {
        let file = std::fs::File::create(output)
            .with_context(|| format!("cannot create {}", output.display()))?;
        let mut writer = std::io::BufWriter::new(file);
        report
            .write_trig(&mut writer)
            .map_err(anyhow::Error::from)
            .and_then(|()| writer.flush().map_err(anyhow::Error::from))
            .with_context(|| format!("cannot write {}", output.display()))?;
        super::note!(
            "wrote {} links to {} in the graph <{}> (review it, then `entente --with {} …`)",
            report.links.len(),
            output.display(),
            report.links_graph().as_str(),
            output.display()
        );
    }
    let table = if args.links {
        links_table(&report)
    } else {
        unmatched_table(&report)
    };
    if table.rows.is_empty() {
        return Err(super::NoAnswer(if args.links {
            "no answer: no link was made".to_owned()
        } else {
            "no answer: every item matched".to_owned()
        })
        .into());
    }
    super::write_records(&table, format)
}

fn unmatched_table(report: &Report) -> Table {
    let mut table = Table::new(&["item", "label", "kind", "closest", "closest IRIs"]);
    for item in &report.unmatched {
        let names: Vec<String> = item.closest.iter().map(|(_, l)| l.clone()).collect();
        let iris: Vec<String> = item
            .closest
            .iter()
            .map(|(i, _)| i.as_str().to_owned())
            .collect();
        let kind = if item.ambiguous {
            format!("{} (name shared by several)", item.kind.name())
        } else {
            item.kind.name().to_owned()
        };
        table.rows.push(vec![
            Value::from(item.item.as_str()),
            Value::from(item.label.as_str()),
            Value::from(kind.as_str()),
            Value::from(names.join("; ").as_str()),
            Value::from(iris.join(" ").as_str()),
        ]);
    }
    table
}

fn links_table(report: &Report) -> Table {
    let mut table = Table::new(&[
        "item",
        "label",
        "kind",
        "link",
        "thing",
        "thing label",
        "how",
    ]);
    for link in &report.links {
        let predicate = link.how.predicate();
        table.rows.push(vec![
            Value::from(link.item.as_str()),
            Value::from(link.item_label.as_str()),
            Value::from(link.kind.name()),
            Value::from(
                entente::vocab::compact(predicate.as_str())
                    .unwrap_or_default()
                    .as_str(),
            ),
            Value::from(link.target.as_str()),
            Value::from(link.target_label.as_str()),
            Value::from(link.how.describe().as_str()),
        ]);
    }
    table
}
