//! The issue "any conflict": its cases on a small graph of a conflict the
//! project does not ship, through the command line. The graph is made up
//! for the test (example.org IRIs, letters for names): it stands for the
//! shape of a second conflict (a government, an allied force fighting beside
//! it, a rebel movement, an organisation's panel of mediators, a host, a
//! statement signed by three heads of state), not for any real one.

use crate::support::{entente, records};
use std::path::{Path, PathBuf};

const CONFLICT: &str = r#"
@prefix ent: <https://entente.example/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .

ex:Cartel rdfs:subClassOf ent:RebelGroup ;
    rdfs:label "cartel"@en .

ex:claims {
    ex:claims a prov:Bundle ; prov:wasAttributedTo ex:Reporter .
    ex:Reporter a ent:NewsOrganization ; rdfs:label "Reporter X"@en .

    ex:Gov a ent:Government ; rdfs:label "Government of Alpha"@en .
    ex:Ally a ent:ArmedForce ; rdfs:label "Beta Expeditionary Force"@en .
    ex:Rebels a ent:RebelGroup ; rdfs:label "Gamma Front"@en .
    ex:Gang a ex:Cartel ; rdfs:label "Delta Cartel"@en .
    ex:Union a ent:InternationalOrganization ; rdfs:label "Union of Epsilon"@en .
    ex:Panel a ent:Panel ; rdfs:label "Epsilon Panel"@en ; org:subOrganizationOf ex:Union .
    ex:M1 a ent:Person ; rdfs:label "Mediator One"@en ; org:memberOf ex:Panel .
    ex:M2 a ent:Person ; rdfs:label "Mediator Two"@en ; org:memberOf ex:Panel .
    ex:M3 a ent:Person ; rdfs:label "Mediator Three"@en ; org:memberOf ex:Panel .
    ex:HeadA a ent:Person ; rdfs:label "Head of Alpha"@en .
    ex:HeadB a ent:Person ; rdfs:label "Head of Zeta"@en .
    ex:HeadC a ent:Person ; rdfs:label "Head of Eta"@en .

    ex:War a ent:War ; rdfs:label "Alpha war"@en .
    ex:PGov a ent:Participation ; ent:participationIn ex:War ; ent:combatant ex:Gov ; ent:side ent:SideA .
    ex:PAlly a ent:Participation ; ent:participationIn ex:War ; ent:combatant ex:Ally ; ent:side ent:SideA .
    ex:PRebels a ent:Participation ; ent:participationIn ex:War ; ent:combatant ex:Rebels ; ent:side ent:SideB .

    ex:Talks a ent:Talks ; rdfs:label "Alpha talks"@en ;
        ent:participant ex:Gov , ex:Rebels ;
        ent:mediator ex:M1 , ex:M2 , ex:M3 , ex:Panel .

    ex:Statement a ent:Agreement ; rdfs:label "Statement of three"@en ;
        ent:signatory ex:HeadA , ex:HeadB , ex:HeadC ;
        ent:agreedOn "2020-01-02"^^xsd:date .

    ex:Hostility a ent:Hostility ; ent:hostileActor ex:Gang ; ent:hostileTarget ex:Gov .
}
"#;

fn conflict() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alpha.trig");
    std::fs::write(&path, CONFLICT).unwrap();
    (dir, path)
}

fn on(path: &Path, args: &[&str]) -> Vec<std::collections::HashMap<String, String>> {
    let with = path.to_str().unwrap();
    let mut all = vec!["--with", with];
    all.extend_from_slice(args);
    records(&all)
}

#[test]
fn a_statement_signed_by_three_heads_of_state_ties_them() {
    let (_dir, path) = conflict();
    let chain = on(&path, &["path", "Head of Alpha", "Head of Eta"]);
    assert!(!chain.is_empty(), "no chain between two signatories");
    assert!(
        chain
            .iter()
            .any(|r| r.values().any(|v| v.contains("agreement"))),
        "{chain:?}"
    );
}

#[test]
fn co_belligerents_are_on_one_side_and_at_war_with_the_other() {
    let (_dir, path) = conflict();
    let view = on(&path, &["query", "view"]);
    let kind = |a: &str, b: &str| -> Vec<String> {
        view.iter()
            .filter(|r| r["source"].ends_with(a) && r["target"].ends_with(b))
            .map(|r| format!("{} {}", r["kind"], r["sign"]))
            .collect()
    };
    assert_eq!(kind("/Gov", "/Ally"), ["co-belligerent 1"]);
    assert_eq!(kind("/Ally", "/Rebels"), ["war -1"]);
    // The triangle government–ally–rebels is balanced: nothing frustrated.
    let balance = on(&path, &["balance", "--around", "Beta Expeditionary Force"]);
    let frustration = balance
        .iter()
        .find(|r| r["measure"] == "frustration index")
        .unwrap();
    assert!(frustration["value"].starts_with("0 "), "{balance:?}");
}

#[test]
fn a_panel_and_its_mediators_count_for_their_organisation_among_brokers() {
    let (_dir, path) = conflict();
    let brokers = on(&path, &["brokers", "Government of Alpha", "Gamma Front"]);
    let first = &brokers[0];
    assert!(
        first.values().any(|v| v == "Union of Epsilon"),
        "the organisation comes first, not a four-way tie of its people: {brokers:?}"
    );
    assert!(
        !brokers
            .iter()
            .any(|r| r["actor"].starts_with("Mediator ") || r["actor"] == "Epsilon Panel"),
        "{brokers:?}"
    );
}

#[test]
fn an_actor_of_a_users_own_subclass_is_an_actor_everywhere() {
    let (_dir, path) = conflict();
    let actors = on(&path, &["actors"]);
    assert!(
        actors
            .iter()
            .any(|r| r.values().any(|v| v == "Delta Cartel")),
        "{actors:?}"
    );
    let chain = on(&path, &["path", "Delta Cartel", "Government of Alpha"]);
    assert!(!chain.is_empty());
}

#[test]
fn with_takes_several_files_separated_by_commas() {
    let (dir, path) = conflict();
    let second = dir.path().join("extra.ttl");
    std::fs::write(
        &second,
        "@prefix ent: <https://entente.example/ontology#> .\n\
         @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
         <http://example.org/Other> a ent:State ; rdfs:label \"Theta\"@en .\n",
    )
    .unwrap();
    entente()
        .arg("--with")
        .arg(format!("{},{}", path.display(), second.display()))
        .args(["describe", "Theta"])
        .assert()
        .success();
}

#[test]
fn actors_show_their_iris_and_a_partial_name_suggests_the_full_one() {
    let (_dir, path) = conflict();
    let actors = on(&path, &["actors"]);
    assert!(
        actors
            .iter()
            .any(|r| r.values().any(|v| v == "http://example.org/Gang")),
        "{actors:?}"
    );
    let output = entente()
        .arg("--with")
        .arg(&path)
        .args(["describe", "Cartel"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Delta Cartel"), "{stderr}");
}

#[test]
fn the_made_up_conflict_meets_every_shape_and_derived_shortcuts_are_not_its_findings() {
    // Its talks have mediators: the rules derive `ent:mediated` shortcuts
    // to them, which are not statements of the file.
    let (_dir, path) = conflict();
    let output = entente()
        .args(["-f", "csv", "check"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert!(output.status.success());
}
