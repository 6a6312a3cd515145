//! Shared by the `dot_*` tests: a hand-built graph shaped like the seed
//! conflict, snapshot comparison, and running Graphviz on DOT text.

use entente_graph::dot::AgreementDrawing;
use entente_graph::{Actor, ActorGraph, Relation};

pub const ID: &str = "https://entente.example/id/";
pub const CLAIMS: &str = "https://entente.example/claims/";

/// The seed-like graph: actors of the Nagorno-Karabakh conflict (in the
/// given order), relations claimed by named sources, two agreements.
pub struct Seed {
    pub graph: ActorGraph,
    pub agreements: Vec<AgreementDrawing>,
}

fn actors() -> Vec<(&'static str, &'static str, &'static str, Vec<&'static str>)> {
    vec![
        ("Armenia", "Armenia", "State", vec!["Yerevan", "Հայաստան"]),
        (
            "Azerbaijan",
            "Azerbaijan",
            "State",
            vec!["Baku", "Bakı", "Azərbaycan"],
        ),
        (
            "NagornoKarabakh",
            "Nagorno-Karabakh",
            "DeFactoState",
            vec!["Artsakh", "Stepanakert", "Republic of Artsakh"],
        ),
        ("Russia", "Russia", "State", vec!["Moscow", "Россия"]),
        ("Turkey", "Turkey", "State", vec!["Ankara", "Türkiye"]),
        (
            "GovernmentOfArmenia",
            "Government of Armenia",
            "Government",
            vec![],
        ),
        (
            "MinistryOfDefenceAzerbaijan",
            "Ministry of Defence of Azerbaijan",
            "Ministry",
            vec!["MoD AZ"],
        ),
        (
            "AzerbaijaniArmedForces",
            "Azerbaijani Armed Forces",
            "ArmedForce",
            vec![],
        ),
        (
            "RussianPeacekeepers",
            "Russian peacekeeping contingent",
            "PeacekeepingForce",
            vec!["Российский миротворческий контингент"],
        ),
        ("CSTO", "CSTO", "InternationalOrganization", vec!["ОДКБ"]),
        (
            "EuropeanUnion",
            "European Union",
            "InternationalOrganization",
            vec!["EU"],
        ),
        (
            "NikolPashinyan",
            "Nikol Pashinyan",
            "Person",
            vec!["Նիկոլ Փաշինյան", "Pashinian"],
        ),
        (
            "IlhamAliyev",
            "Ilham Aliyev",
            "Person",
            vec!["İlham Əliyev"],
        ),
        ("TheGuardian", "The Guardian", "NewsOrganization", vec![]),
    ]
}

type Rel = (
    &'static str,
    &'static str,
    &'static str,
    i8,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
fn relations() -> Vec<Rel> {
    vec![
        ("Turkey", "Azerbaijan", "military support", 1, Some("2020-09-27"), None, "guardian", "The Guardian"),
        ("Turkey", "Azerbaijan", "political support", 1, Some("2020-09-27"), None, "baku", "Government of Azerbaijan"),
        ("Turkey", "Azerbaijan", "defence pact", 1, Some("2021-06-15"), None, "baku", "Government of Azerbaijan"),
        ("Russia", "Armenia", "defence pact", 1, Some("1997-08-29"), None, "yerevan", "Government of Armenia"),
        ("Armenia", "CSTO", "allied", 1, Some("1992-05-15"), None, "yerevan", "Government of Armenia"),
        ("Russia", "CSTO", "allied", 1, Some("1992-05-15"), None, "yerevan", "Government of Armenia"),
        ("Armenia", "NagornoKarabakh", "backs", 1, Some("1991"), Some("2023-09-28"), "guardian", "The Guardian"),
        ("Armenia", "Azerbaijan", "hostile", -1, Some("1988"), None, "guardian", "The Guardian"),
        ("Azerbaijan", "Armenia", "hostile", -1, Some("1988"), None, "baku", "Government of Azerbaijan"),
        ("Azerbaijan", "NagornoKarabakh", "blockades", -1, Some("2022-12-12"), Some("2023-09-19"), "guardian", "The Guardian"),
        ("AzerbaijaniArmedForces", "NagornoKarabakh", "attacks", -1, Some("2023-09-19T13:00:00+04:00"), None, "guardian", "The Guardian"),
        ("AzerbaijaniArmedForces", "NagornoKarabakh", "attacks", -1, Some("2023-09-19"), None, "baku", "Government of Azerbaijan"),
        ("Russia", "Armenia", "mediates", 0, Some("2020-11-09"), None, "guardian", "The Guardian"),
        ("Russia", "Azerbaijan", "mediates", 0, Some("2020-11-09"), None, "guardian", "The Guardian"),
        ("EuropeanUnion", "Armenia", "mediates", 0, Some("2023-05-14"), None, "guardian", "The Guardian"),
        ("EuropeanUnion", "Azerbaijan", "mediates", 0, Some("2023-05-14"), None, "guardian", "The Guardian"),
        ("Armenia", "Azerbaijan", "talks", 0, Some("2023-05-14"), None, "guardian", "The Guardian"),
        ("RussianPeacekeepers", "NagornoKarabakh", "peacekeeping in", 0, Some("2020-11-10"), Some("2024-06-12"), "guardian", "The Guardian"),
        ("RussianPeacekeepers", "Russia", "part of", 0, None, None, "guardian", "The Guardian"),
        ("NikolPashinyan", "GovernmentOfArmenia", "heads", 0, Some("2018-05-08"), None, "yerevan", "Government of Armenia"),
        ("IlhamAliyev", "Azerbaijan", "heads", 0, Some("2003-10-31"), None, "baku", "Government of Azerbaijan"),
        ("GovernmentOfArmenia", "Armenia", "part of", 0, None, None, "yerevan", "Government of Armenia"),
        ("MinistryOfDefenceAzerbaijan", "AzerbaijaniArmedForces", "commands", 0, None, None, "baku", "Government of Azerbaijan"),
        ("TheGuardian", "NagornoKarabakh", "quotes", 0, Some("2023-09-20"), None, "guardian", "The Guardian"),
    ]
}

/// The seed-like graph with actors inserted in `order` (`false`: as listed,
/// `true`: reversed) — the DOT must not depend on it.
pub fn seed(reversed: bool) -> Seed {
    let mut graph = ActorGraph::new();
    let mut list = actors();
    if reversed {
        list.reverse();
    }
    for (local, label, kind, aliases) in list {
        graph.actor(Actor {
            iri: format!("{ID}{local}"),
            label: label.to_owned(),
            kind: Some(kind.to_owned()),
            aliases: aliases.into_iter().map(str::to_owned).collect(),
        });
    }
    let mut rels = relations();
    if reversed {
        rels.reverse();
    }
    for (s, t, kind, sign, start, end, source, source_label) in rels {
        let s = graph.find(&format!("{ID}{s}")).expect("actor");
        let t = graph.find(&format!("{ID}{t}")).expect("actor");
        graph.relate(
            s,
            t,
            Relation {
                kind: kind.to_owned(),
                sign,
                weight: 1.0,
                start: start.map(str::to_owned),
                end: end.map(str::to_owned),
                graph: Some(format!("{CLAIMS}{source}")),
                source_label: Some(source_label.to_owned()),
            },
        );
    }
    let n = |local: &str| graph.find(&format!("{ID}{local}")).expect("actor");
    let mut agreements = vec![
        AgreementDrawing {
            iri: format!("{ID}TrilateralStatement2020"),
            label: "Trilateral statement".to_owned(),
            date: Some("2020-11-09T23:00:00+04:00".to_owned()),
            parties: vec![n("Armenia"), n("Azerbaijan"), n("Russia")],
            mediators: vec![n("Russia")],
        },
        AgreementDrawing {
            iri: format!("{ID}Ceasefire2023"),
            label: "Ceasefire of 20 September 2023".to_owned(),
            date: Some("2023-09-20".to_owned()),
            parties: vec![n("Azerbaijan"), n("NagornoKarabakh")],
            mediators: vec![n("RussianPeacekeepers")],
        },
    ];
    if reversed {
        agreements.reverse();
    }
    Seed { graph, agreements }
}

/// Degree (distinct neighbours, both directions) of each node: sizes for tests.
pub fn degrees(graph: &ActorGraph) -> Vec<f64> {
    graph
        .graph
        .node_indices()
        .map(|v| {
            let mut n: Vec<_> = graph.graph.neighbors_undirected(v).collect();
            n.sort();
            n.dedup();
            n.len() as f64
        })
        .collect()
}

pub use crate::snapshots::*;
