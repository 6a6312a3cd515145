//! The rules (`ontology/rules.ru`) run after every write, by difference:
//! each rule's `WHERE` is evaluated as a query, the quads it derives that
//! the derived graphs lack go to the bulk loader, and those they hold that
//! no rule derives any more are removed, a bounded transaction at a time;
//! the mark of pending rules goes last. A rerun that changes nothing writes
//! nothing: clearing the 295,671 shortcuts of 100,000 COW rows in a RocksDB
//! store and writing them again took half of the rules' 19 s.
//!
//! This is the rules' meaning as an update (`CLEAR` the derived graphs,
//! then `INSERT … WHERE`) only when no rule reads what the rules derive,
//! so [`Rules::parse`] refuses a rule that could: one that reads a
//! predicate some rule writes, a derived graph by name, or any predicate
//! (a variable, a negated property set).

use super::{instantiated, rules_pending, KnowledgeGraph, CLEAR_BATCH};
use crate::error::{invalid, Context, Error, Result};
use crate::queries::Node;
use crate::vocab;
use oxigraph::model::{NamedNode, Quad};
use oxigraph::sparql::QueryResults;
use oxigraph::store::BulkLoader;
use spargebra::algebra::{GraphPattern, GraphTarget, PropertyPathExpression};
use spargebra::term::{GraphNamePattern, NamedNodePattern, QuadPattern};
use spargebra::GraphUpdateOperation;
use std::collections::HashSet;
use std::hash::BuildHasher;

/// The rules, checked: the graphs they derive and each rule's template and
/// pattern.
pub(super) struct Rules {
    graphs: Vec<NamedNode>,
    rules: Vec<(Vec<QuadPattern>, GraphPattern)>,
}

impl Rules {
    /// The rules of `text`: `CLEAR GRAPH <…>` names a derived graph, each
    /// `INSERT { … } WHERE { … }` writes into derived graphs only, with
    /// constant predicates none of the rules reads.
    pub(super) fn parse(text: &str) -> Result<Rules> {
        let update = crate::queries::parse_update(text)
            .context("ontology/rules.ru is not valid SPARQL Update")?;
        let mut graphs = Vec::new();
        let mut rules = Vec::new();
        for operation in update.operations {
            match operation {
                GraphUpdateOperation::Clear {
                    graph: GraphTarget::NamedNode(graph),
                    ..
                } => graphs.push(graph),
                GraphUpdateOperation::DeleteInsert {
                    delete,
                    insert,
                    using: None,
                    pattern,
                } if delete.is_empty() => rules.push((insert, *pattern)),
                other => invalid!(
                    "ontology/rules.ru: entente runs `CLEAR GRAPH <…>` and `INSERT {{ … }} WHERE {{ … }}` only, not {other}"
                ),
            }
        }
        let mut written = HashSet::new();
        for (number, (template, _)) in rules.iter().enumerate() {
            for quad in template {
                match (&quad.graph_name, &quad.predicate) {
                    (GraphNamePattern::NamedNode(g), NamedNodePattern::NamedNode(p))
                        if graphs.contains(g) =>
                    {
                        written.insert(p.clone());
                    }
                    _ => invalid!(
                        "ontology/rules.ru: rule {} writes {quad}: a rule writes a constant predicate into a graph the rules clear",
                        number + 1
                    ),
                }
            }
        }
        for (number, (_, pattern)) in rules.iter().enumerate() {
            if let Some(read) = reads_derived(pattern, &written, &graphs) {
                invalid!(
                    "ontology/rules.ru: rule {} reads {read}, which the rules may derive: a rule reads asserted facts only (the rules run by difference, src/store/rules.rs)",
                    number + 1
                );
            }
        }
        Ok(Rules { graphs, rules })
    }
}

/// What of the derived facts `pattern` could read, if anything: a written
/// predicate, a derived graph named, or any predicate at all.
fn reads_derived(
    pattern: &GraphPattern,
    written: &HashSet<NamedNode>,
    graphs: &[NamedNode],
) -> Option<String> {
    let predicate = |p: &NamedNodePattern| match p {
        NamedNodePattern::NamedNode(p) if !written.contains(p) => None,
        other => Some(other.to_string()),
    };
    crate::queries::nodes([pattern]).find_map(|(node, _)| match node {
        Node::Pattern(GraphPattern::Bgp { patterns }) => {
            patterns.iter().find_map(|t| predicate(&t.predicate))
        }
        Node::Pattern(GraphPattern::Path { path, .. }) => path_reads_derived(path, written),
        Node::Pattern(GraphPattern::Graph {
            name: NamedNodePattern::NamedNode(name),
            ..
        }) if graphs.contains(name) => Some(name.to_string()),
        _ => None,
    })
}

fn path_reads_derived(
    path: &PropertyPathExpression,
    written: &HashSet<NamedNode>,
) -> Option<String> {
    let mut stack = vec![path];
    while let Some(path) = stack.pop() {
        match path {
            PropertyPathExpression::NamedNode(p) if written.contains(p) => {
                return Some(p.to_string())
            }
            PropertyPathExpression::NamedNode(_) => {}
            PropertyPathExpression::NegatedPropertySet(_) => return Some(path.to_string()),
            PropertyPathExpression::Reverse(p)
            | PropertyPathExpression::ZeroOrMore(p)
            | PropertyPathExpression::OneOrMore(p)
            | PropertyPathExpression::ZeroOrOne(p) => stack.push(p),
            PropertyPathExpression::Sequence(a, b) | PropertyPathExpression::Alternative(a, b) => {
                stack.push(a);
                stack.push(b);
            }
        }
    }
    None
}

/// A quad's identity in 128 bits (two hashes): the derived graphs' quads
/// are held by it, not whole, while the rules run.
struct Fingerprints([std::collections::hash_map::RandomState; 2]);

impl Fingerprints {
    fn of(&self, quad: &Quad) -> u128 {
        let [a, b] = &self.0;
        (u128::from(a.hash_one(quad)) << 64) | u128::from(b.hash_one(quad))
    }
}

impl KnowledgeGraph {
    /// Runs `ontology/rules.ru` by difference (see the module): a load of
    /// the quads derived and not yet held, then bounded transactions that
    /// remove the ones held and no longer derived, then the mark of pending
    /// rules removed. A process killed midway leaves the mark, and the next
    /// open runs the rules again; a reader that opens meanwhile finds the
    /// mark and is told to try again ([`Self::open_read_only`]).
    pub(super) fn run_rules(&self) -> Result<()> {
        let rules = Rules::parse(vocab::RULES)?;
        let fingerprints = Fingerprints(Default::default());
        // What the derived graphs hold now: what no rule derives is stale.
        let mut stale = HashSet::new();
        for graph in &rules.graphs {
            for quad in self
                .store
                .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
            {
                stale.insert(fingerprints.of(&quad?));
            }
        }
        let mut loader = self.bulk_loader();
        for (template, pattern) in rules.rules {
            self.load_derived(&mut loader, &template, pattern, &mut |quad| {
                !stale.remove(&fingerprints.of(quad))
            })
            .context("the rules failed")?;
        }
        loader.commit()?;
        if !stale.is_empty() {
            for graph in &rules.graphs {
                self.remove_where(graph, |quad| stale.contains(&fingerprints.of(quad)))?;
            }
        }
        self.store.remove(&rules_pending())?;
        Ok(())
    }

    /// The quads of `template` for each solution of `pattern` (over the
    /// store's own default graph, as an update's `WHERE` sees it) that
    /// `new` keeps, handed to `loader` as they come.
    fn load_derived(
        &self,
        loader: &mut BulkLoader<'_>,
        template: &[QuadPattern],
        pattern: GraphPattern,
        new: &mut impl FnMut(&Quad) -> bool,
    ) -> Result<()> {
        let query = spargebra::Query::Select {
            dataset: None,
            pattern,
            base_iri: None,
        };
        let QueryResults::Solutions(solutions) = self
            .evaluator()
            .for_query(self.prepared_query(query))
            .on_store(&self.store)
            .execute()?
        else {
            invalid!("ontology/rules.ru: a rule's WHERE gave no table");
        };
        // One stream, which the loader cuts into batches of its memory.
        let quads = solutions
            .flat_map(|solution| match solution {
                Ok(solution) => template
                    .iter()
                    .filter_map(|q| instantiated(q, &solution))
                    .map(Ok)
                    .collect::<Vec<_>>(),
                Err(e) => vec![Err(Error::from(e))],
            })
            .filter(|quad| quad.as_ref().map_or(true, &mut *new));
        loader.load_ok_quads::<_, Error>(quads)
    }

    /// Removes the quads of `graph` that `stale` picks, [`CLEAR_BATCH`]
    /// per transaction (the graph is read from one snapshot meanwhile).
    fn remove_where(&self, graph: &NamedNode, stale: impl Fn(&Quad) -> bool) -> Result<()> {
        let mut batch = Vec::new();
        let quads = self
            .store
            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()));
        for quad in quads {
            let quad = quad?;
            if stale(&quad) {
                batch.push(quad);
            }
            if batch.len() == CLEAR_BATCH {
                self.remove_all(&std::mem::take(&mut batch))?;
            }
        }
        self.remove_all(&batch)
    }

    fn remove_all(&self, quads: &[Quad]) -> Result<()> {
        if quads.is_empty() {
            return Ok(());
        }
        let mut transaction = self.store.start_transaction()?;
        for quad in quads {
            transaction.remove(quad);
        }
        transaction.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_rules_read_no_derived_fact() {
        let rules = Rules::parse(vocab::RULES).unwrap();
        assert_eq!(
            rules.graphs,
            [NamedNode::new_unchecked(
                "https://entente.example/graph/inferred"
            )]
        );
        assert_eq!(rules.rules.len(), 4);
    }

    #[test]
    fn a_rule_that_reads_what_the_rules_derive_is_refused() {
        let clear = "CLEAR SILENT GRAPH <urn:inferred> ;";
        let backs = "INSERT { GRAPH <urn:inferred> { ?a <urn:backs> ?b } } WHERE { GRAPH ?g { ?s <urn:supporter> ?a ; <urn:supported> ?b } }";
        assert!(Rules::parse(&format!("{clear} {backs}")).is_ok());
        for (reads, told) in [
            ("GRAPH ?g { ?a <urn:backs> ?b }", "<urn:backs>"),
            ("GRAPH ?g { ?a <urn:knows>/<urn:backs>* ?b }", "<urn:backs>"),
            ("GRAPH ?g { ?a ?p ?b }", "?p"),
            ("GRAPH ?g { ?a !<urn:knows> ?b }", "!"),
            ("GRAPH <urn:inferred> { ?a <urn:knows> ?b }", "<urn:inferred>"),
            (
                "GRAPH ?g { ?a <urn:knows> ?b } FILTER NOT EXISTS { GRAPH ?h { ?b <urn:backs> ?a } }",
                "<urn:backs>",
            ),
        ] {
            let rule = format!("INSERT {{ GRAPH <urn:inferred> {{ ?a <urn:allied> ?b }} }} WHERE {{ {reads} }}");
            let error = Rules::parse(&format!("{clear} {backs} ; {rule}"))
                .err()
                .unwrap_or_else(|| panic!("{reads} was allowed"))
                .to_string();
            assert!(error.contains("rule 2 reads") && error.contains(told), "{reads}: {error}");
        }
        let elsewhere = "INSERT { GRAPH <urn:other> { ?a <urn:backs> ?b } } WHERE { GRAPH ?g { ?a <urn:knows> ?b } }";
        let error = Rules::parse(&format!("{clear} {elsewhere}"))
            .err()
            .unwrap()
            .to_string();
        assert!(error.contains("into a graph the rules clear"), "{error}");
    }
}
