//! Snapshots of what the browse commands, `weerleg`, `journaal toon` and
//! the questionnaire's plan show: together with snapshots.rs and dossier.rs
//! every template is covered (checked below).

use crate::common::coop;

fn md(args: &[&str]) -> String {
    let out = coop().args(args).args(["--format", "md"]).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn knowledge_base_pages() {
    insta::assert_snapshot!(
        "tegenwerping_goedkope_grond",
        md(&["tegenwerpingen", "goedkope-grond"])
    );
    insta::assert_snapshot!(
        "argument_betaalbaarheid",
        md(&["argumenten", "betaalbaarheid"])
    );
    insta::assert_snapshot!("rol_projectleider", md(&["rollen", "projectleider"]));
    insta::assert_snapshot!(
        "checklist_eerste_contact",
        md(&["checklist", "eerste-contact"])
    );
    insta::assert_snapshot!("gemeente_utrecht", md(&["gemeente", "utrecht"]));
    insta::assert_snapshot!(
        "gemeente_onbekend_aa_en_hunze",
        md(&["gemeente", "Aa en Hunze"])
    );
    insta::assert_snapshot!("partij_sp", md(&["partijen", "sp"]));
    insta::assert_snapshot!("raad_utrecht", md(&["raad", "--gemeente", "Utrecht"]));
}

#[test]
fn rebuttal_page() {
    insta::assert_snapshot!("weerleg_goedkope_grond", md(&["weerleg", "goedkope grond"]));
    insta::assert_snapshot!(
        "weerleg_goedkope_grond_kort",
        md(&["weerleg", "--kort", "goedkope grond"])
    );
}

#[test]
fn one_journal_event() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journaal.yaml");
    std::fs::copy("tests/data/journaal/journaal.yaml", &journal).unwrap();
    let out = coop()
        .env("COOP_JOURNAAL", &journal)
        .args(["journaal", "--format", "json"])
        .output()
        .unwrap();
    let events: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = events[0]["id"].as_str().unwrap().to_string();
    let out = coop()
        .env("COOP_JOURNAAL", &journal)
        .args(["journaal", "toon", &id, "--format", "md"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!("journaal_toon", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn the_plan_of_the_questionnaire() {
    let dir = tempfile::tempdir().unwrap();
    let out = coop()
        .current_dir(dir.path())
        .args(["start", "--datum", "2026-11-27", "--naam", "De Groene Hof"])
        .args(["--gemeente", "utrecht", "--fase", "plan", "--leden", "45"])
        .args([
            "--doel",
            "kavel",
            "--gesproken",
            "niemand",
            "--gehoord",
            "ja",
        ])
        .args(["--tegenwerpingen", "goedkope-grond", "--vergadering", "nee"])
        .args(["--ja", "--geen-documenten", "--format", "md"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!("plan_utrecht_kavel", String::from_utf8(out.stdout).unwrap());
}

/// Every template is rendered by some snapshot test: a template nobody
/// snapshots can break unseen. Partials are covered by the documents that
/// include them.
#[test]
fn every_template_has_a_snapshot() {
    let covered_by: &[(&str, &str)] = &[
        (
            "docs/brief.md.j2",
            "snapshots__brief_utrecht_cda_raadslid_md",
        ),
        ("docs/inspreek.md.j2", "snapshots__inspreek_almere_md"),
        ("docs/manifest.md.j2", "snapshots__manifest_utrecht_md"),
        ("docs/motie.md.j2", "voice__motie_kavel_met_profiel"),
        ("docs/dossier.md.j2", "dossier__dossier_raadslid"),
        ("docs/tijdlijn.md.j2", "dossier__tijdlijn_md"),
        ("docs/plan.md.j2", "show_snapshots__plan_utrecht_kavel"),
        ("docs/reactie.md.j2", "reply__reactie_wethouder_md"),
        (
            "show/objection.md.j2",
            "show_snapshots__tegenwerping_goedkope_grond",
        ),
        ("show/rebut.md.j2", "show_snapshots__weerleg_goedkope_grond"),
        (
            "show/argument.md.j2",
            "show_snapshots__argument_betaalbaarheid",
        ),
        ("show/role.md.j2", "show_snapshots__rol_projectleider"),
        (
            "show/checklist.md.j2",
            "show_snapshots__checklist_eerste_contact",
        ),
        (
            "show/municipality.md.j2",
            "show_snapshots__gemeente_utrecht",
        ),
        ("show/party.md.j2", "show_snapshots__partij_sp"),
        ("show/raad.md.j2", "show_snapshots__raad_utrecht"),
        ("show/gebeurtenis.md.j2", "show_snapshots__journaal_toon"),
        (
            "show/sources.md.j2",
            "show_snapshots__tegenwerping_goedkope_grond",
        ),
        ("show/bronnen.md.j2", "show_snapshots__gemeente_utrecht"),
    ];
    for (name, _) in coop::render::TEMPLATES {
        // The web app's page templates are checked by the HTTP and browser
        // tests in web.rs and web_browser.rs.
        if name.starts_with("docs/parts/") || name.starts_with("web/") {
            continue;
        }
        let snap = covered_by
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name}: snapshot it and add it to this list"))
            .1;
        let file = format!("tests/it/snapshots/it__{snap}.snap");
        assert!(
            std::path::Path::new(&file).exists(),
            "{name}: {file} is missing"
        );
    }
}
