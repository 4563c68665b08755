//! `coop dossier` and `coop tijdlijn`: snapshots of the Markdown (reviewed
//! by hand), and checks of the other formats and of what must never show.

use std::path::Path;

use crate::common::{json_of, stdout_of};
use assert_cmd::Command;
use predicates::prelude::*;

const FIXTURE: &str = "tests/data/journaal";
const DAY: &str = "2026-04-15";

fn coop_in(dir: &Path) -> Command {
    let mut cmd = crate::common::coop();
    cmd.current_dir(dir);
    cmd
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["coop.yaml", "journaal.yaml"] {
        std::fs::copy(Path::new(FIXTURE).join(f), dir.path().join(f)).unwrap();
    }
    dir
}

fn dossier(dir: &Path, args: &[&str]) -> String {
    stdout_of(coop_in(dir).args(["dossier", "--datum", DAY]).args(args))
}

#[test]
fn dossier_for_the_new_project_leader() {
    let dir = setup();
    insta::assert_snapshot!(
        "dossier_projectleider",
        dossier(dir.path(), &["--voor", "projectleider"])
    );
}

#[test]
fn dossier_for_the_new_wethouder() {
    let dir = setup();
    insta::assert_snapshot!(
        "dossier_wethouder",
        dossier(dir.path(), &["--voor", "wethouder"])
    );
}

#[test]
fn dossier_for_a_council_member_and_a_specialist() {
    let dir = setup();
    insta::assert_snapshot!(
        "dossier_raadslid",
        dossier(
            dir.path(),
            &["--voor", "raadslid", "--naam", "Joost Peters"]
        )
    );
    insta::assert_snapshot!(
        "dossier_specialist",
        dossier(
            dir.path(),
            &["--voor", "specialist", "--rol", "specialist-grondzaken"]
        )
    );
}

#[test]
fn dossier_is_tailored_by_role() {
    let dir = setup();
    let pl = dossier(dir.path(), &["--voor", "projectleider"]);
    let wh = dossier(dir.path(), &["--voor", "wethouder"]);
    assert!(pl.contains("**Voor:** Piet Jansen"), "{pl}");
    assert!(pl.contains("Uw voorganger was Anna Bos"), "{pl}");
    assert!(pl.contains("welke specialisten in uw team"), "{pl}");
    assert!(wh.contains("**Voor:** Omar El Amrani"), "{wh}");
    assert!(wh.contains("Uw voorganger was Karin Smit"), "{wh}");
    assert!(wh.contains("vast aanspreekpunt"), "{wh}");
    assert!(!wh.contains("welke specialisten"), "{wh}");
}

#[test]
fn dossier_states_only_known_facts_and_lists_gaps() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("coop.yaml"), "naam: De Kiem\n").unwrap();
    coop_in(dir.path())
        .args(["dossier", "--voor", "raadslid", "--datum", DAY])
        .assert()
        .success()
        .stdout(predicate::str::contains("[naam van het nieuwe raadslid]"))
        .stdout(predicate::str::contains("[aantal]"))
        .stdout(predicate::str::contains(
            "In het journaal staan nog geen afspraken.",
        ))
        .stderr(predicate::str::contains("Nog invullen"))
        .stderr(predicate::str::contains("naam van de lezer"))
        .stderr(predicate::str::contains("nog leeg"));
}

#[test]
fn dossier_in_every_format() {
    let dir = setup();
    let run = |format: &str| {
        let out = coop_in(dir.path())
            .args([
                "dossier",
                "--voor",
                "wethouder",
                "--datum",
                DAY,
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}");
        out.stdout
    };
    let txt = String::from_utf8(run("txt")).unwrap();
    assert!(txt.contains("Wat we hebben afgesproken"), "{txt}");
    assert!(!txt.contains("**"), "{txt}");
    let html = String::from_utf8(run("html")).unwrap();
    assert!(
        html.contains("<h2>Wat we hebben afgesproken</h2>"),
        "{html}"
    );
    // Our own to-do list and how late it is are not for an outside reader.
    assert!(
        !html.contains("Wat nog open staat") && !html.contains("te laat"),
        "{html}"
    );
    let eml = String::from_utf8(run("eml")).unwrap();
    assert!(
        eml.contains("o.elamrani@almere.example"),
        "mail goes to the reader: {eml}"
    );
    assert!(eml.contains("info@devonk.example"), "{eml}");
    let docx = run("docx");
    assert_eq!(&docx[..2], b"PK");
    let v: serde_json::Value = serde_json::from_slice(&run("json")).unwrap();
    assert_eq!(v["soort"], "dossier");
    assert_eq!(v["context"]["lezer"], "Omar El Amrani");
    assert_eq!(v["context"]["voorganger"]["naam"], "Karin Smit");
    let out = dir.path().join("dossier.docx");
    coop_in(dir.path())
        .args([
            "dossier",
            "--voor",
            "wethouder",
            "--format",
            "docx",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    coop_in(dir.path())
        .args([
            "dossier",
            "--voor",
            "wethouder",
            "--format",
            "docx",
            "--out",
        ])
        .arg(&out)
        .assert()
        .code(3);
}

#[test]
fn dossier_refuses_an_unknown_role() {
    let dir = setup();
    coop_in(dir.path())
        .args(["dossier", "--voor", "specialist", "--rol", "grondzaken"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("specialist-grondzaken"));
}

#[test]
fn timeline_markdown_and_html() {
    let dir = setup();
    let md = stdout_of(coop_in(dir.path()).args(["tijdlijn", "--datum", DAY]));
    insta::assert_snapshot!("tijdlijn_md", md);
    let html =
        stdout_of(coop_in(dir.path()).args(["timeline", "--datum", DAY, "--format", "html"]));
    insta::assert_snapshot!("tijdlijn_html", html);
}

#[test]
fn timeline_shows_only_public_events_and_no_names() {
    let dir = setup();
    let md = stdout_of(coop_in(dir.path()).args(["tijdlijn", "--datum", DAY]));
    assert!(md.contains("motie aan voor een kavel"), "{md}");
    assert!(
        !md.contains("Rondleiding op de beoogde plek"),
        "not public: {md}"
    );
    assert!(!md.contains("grondprijs en erfpacht"), "not public: {md}");
    for name in ["Anna Bos", "Ruud de Wit", "Fatima Yilmaz", "Karin Smit"] {
        assert!(!md.contains(name), "{name} in {md}");
    }
}

#[test]
fn timeline_html_keeps_user_text_as_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("coop.yaml"), "naam: De Kiem\n").unwrap();
    std::fs::write(
        dir.path().join("journaal.yaml"),
        "gebeurtenissen:\n  - datum: 2026-01-10\n    soort: actie\n    openbaar: ja\n    samenvatting: \"Actie <script>alert(1)</script> en [klik](javascript:alert(2)) ![x](https://tracker.example/p.png)\"\n    links: ['javascript:alert(3)', 'https://devonk.example/actie']\n",
    )
    .unwrap();
    let html = stdout_of(coop_in(dir.path()).args(["tijdlijn", "--format", "html"]));
    assert!(!html.contains("<script"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("href=\"javascript"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains("<a href=\"https://devonk.example/actie\""),
        "{html}"
    );
    assert!(
        !html.contains("<link") && !html.contains("src="),
        "self-contained: {html}"
    );
}

#[test]
fn timeline_without_public_events_is_nothing_found() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("journaal.yaml"),
        "gebeurtenissen:\n  - {datum: 2026-01-10, soort: gesprek, met: A, samenvatting: geheim}\n",
    )
    .unwrap();
    coop_in(dir.path())
        .args(["tijdlijn", "--format", "html"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("--openbaar"));
}

#[test]
fn dossier_json_lists_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let v = json_of(coop_in(dir.path()).args([
        "dossier",
        "--voor",
        "projectleider",
        "--format",
        "json",
        "--datum",
        DAY,
    ]));
    let missing: Vec<&str> = v["ontbreekt"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["veld"].as_str().unwrap())
        .collect();
    assert!(missing.contains(&"naam"), "{missing:?}");
    assert!(missing.contains(&"journaal"), "{missing:?}");
}
