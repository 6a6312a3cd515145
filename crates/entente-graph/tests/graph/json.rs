//! Machine output: results and their tables as JSON keep numbers numbers.

use entente_graph::analysis::balance::{balance, BalanceOptions};
use entente_graph::analysis::brokers::{brokers, BrokerOptions};
use entente_graph::analysis::centrality::{pagerank, PageRankOptions};
use entente_graph::analysis::paths::{shortest_path, weakly_connected_components, PathOptions};
use entente_graph::{ActorGraph, Relation, Value};
use serde_json::json;

/// A–B allied, B–C hostile, C–A allied (one unbalanced triangle), D talks
/// to A and C, E alone.
fn graph() -> ActorGraph {
    let mut g = ActorGraph::new();
    let [a, b, c, d] = ["A", "B", "C", "D"].map(|n| g.actor_by_iri(&format!("http://x/{n}")));
    g.actor_by_iri("http://x/E");
    g.relate(a, b, Relation::new("allied", 1));
    g.relate(b, c, Relation::new("hostile", -1));
    g.relate(c, a, Relation::new("allied", 1));
    g.relate(d, a, Relation::new("talks", 0));
    g.relate(d, c, Relation::new("talks", 0));
    g
}

fn row_json(row: &[Value]) -> serde_json::Value {
    serde_json::to_value(row).expect("a row serialises")
}

#[test]
fn table_cells_of_numbers_are_json_numbers() {
    let g = graph();
    let scores = pagerank(&g, &PageRankOptions::default()).unwrap();
    let row = row_json(&scores.table(&g, 1).rows[0]);
    assert_eq!(row[0], json!(1), "rank: {row}");
    assert!(row[2].is_f64(), "score: {row}");
    assert!(row[1].is_string() && row[3].is_string(), "{row}");

    let row = row_json(&weakly_connected_components(&g).table(&g).rows[1]);
    assert_eq!(
        (row[0].clone(), row[1].clone()),
        (json!(1), json!(1)),
        "{row}"
    );

    let census = row_json(&balance(&g, &BalanceOptions::default()).census_table().rows[1]);
    assert_eq!(census, json!(["++−", 1, "no", "no"]));

    let (a, c) = (g.find("http://x/A").unwrap(), g.find("http://x/C").unwrap());
    let r = brokers(&g, a, c, None, &BrokerOptions::default()).unwrap();
    let row = row_json(&r.table(&g).rows[0]);
    assert_eq!(row[1], json!("D"));
    // rank; score, strength to A and to B, centrality; the evidence
    assert!(row[0].is_u64(), "{row}");
    assert!([2, 3, 4, 5].iter().all(|&i| row[i].is_f64()), "{row}");
    assert!(row[6].is_string(), "{row}");

    let p = shortest_path(&g, a, c, &PathOptions::default()).unwrap();
    let row = row_json(&p.table(&g).rows[0]);
    assert_eq!(row[0], json!(1));
    assert!(row[5].is_null(), "no start date: {row}");
}

#[test]
fn result_handles_are_json_indices() {
    let g = graph();
    let (a, c) = (g.find("http://x/A").unwrap(), g.find("http://x/C").unwrap());
    let p =
        serde_json::to_value(shortest_path(&g, c, a, &PathOptions::default()).unwrap()).unwrap();
    assert_eq!(p["nodes"], json!([2, 0]));
    assert_eq!(p["hops"][0]["edges"], json!([{"edge": 2, "forward": true}]));

    let b = serde_json::to_value(balance(&g, &BalanceOptions::default())).unwrap();
    assert_eq!(
        b["ties"][0],
        json!({"a": 0, "b": 1, "sign": 1, "edges": [0]})
    );
    assert_eq!(b["unbalanced"][0]["kind"], json!("ppn"));
    assert_eq!(b["unbalanced"][0]["nodes"], json!([0, 1, 2]));
    assert_eq!(b["census"], json!({"ppp": 0, "ppn": 1, "pnn": 0, "nnn": 0}));
    assert!(
        b["camps"][0]["members"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v.is_u64()),
        "{b}"
    );
    assert!(b["camps"][0]["leader"].is_u64(), "{b}");
    assert_eq!(b["frustration"]["value"], json!(1));

    let s = serde_json::to_value(pagerank(&g, &PageRankOptions::default()).unwrap()).unwrap();
    assert_eq!(s["metric"], json!("pagerank"));
    assert!(s["scores"].as_array().unwrap().iter().all(|x| x.is_f64()));
    assert!(s["iterations"].is_u64());

    let r =
        serde_json::to_value(brokers(&g, a, c, None, &BrokerOptions::default()).unwrap()).unwrap();
    assert_eq!((r["a"].clone(), r["b"].clone()), (json!(0), json!(2)));
    assert_eq!(r["candidates"][0]["actor"], json!(3));
    assert_eq!(r["candidates"][0]["ties"][0]["side"], json!("A"));

    let w = serde_json::to_value(weakly_connected_components(&g)).unwrap();
    assert_eq!(w, json!({"component": [0, 0, 0, 0, 1], "sizes": [4, 1]}));
}
