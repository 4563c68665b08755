//! A user's own data directory (--data / COOP_DATA) and `coop data check`.

use crate::common::{coop, json_of};
use predicates::prelude::*;

fn dir_with(file: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(file), text).unwrap();
    dir
}

const NEW_OBJECTION: &str = r#"
- id: te-hoog
  objection: "Jullie gebouw wordt veel te hoog."
  keywords: [bouwhoogte, torenflat, verdiepingen]
  short: "We passen de hoogte aan de buurt aan."
  rebuttal:
    fact: "Het ontwerp volgt het omgevingsplan."
    objection: "Toch hoor je dat het gebouw te hoog wordt."
    misleading: "Die zorg gaat uit van een ontwerp dat er niet is."
    fact_again: "Het ontwerp blijft binnen het omgevingsplan."
  sources: [cooplinc-2026]
"#;

#[test]
fn overlay_adds_an_objection_that_rebut_finds() {
    let dir = dir_with("objections.yaml", NEW_OBJECTION);
    let v = json_of(
        coop()
            .args([
                "rebut",
                "--format",
                "json",
                "het wordt een torenflat met tien verdiepingen",
            ])
            .env("COOP_DATA", dir.path()),
    );
    assert_eq!(v[0]["id"], "te-hoog");
    // Built-in entries are still there.
    coop()
        .args([
            "--data",
            dir.path().to_str().unwrap(),
            "objections",
            "winst",
        ])
        .assert()
        .success();
}

#[test]
fn overlay_replaces_an_entry_with_the_same_id() {
    let text = NEW_OBJECTION.replace("id: te-hoog", "id: winst");
    let dir = dir_with("objections.yaml", &text);
    let v = json_of(coop().args([
        "--data",
        dir.path().to_str().unwrap(),
        "objections",
        "winst",
        "--format",
        "json",
    ]));
    assert_eq!(v["kort"], "We passen de hoogte aan de buurt aan.");
}

#[test]
fn bad_yaml_names_file_line_and_column() {
    let dir = dir_with(
        "objections.yaml",
        "- id: kapot\n  objection: \"niet afgesloten\n  short: x\n",
    );
    coop()
        .args(["--data", dir.path().to_str().unwrap(), "objections"])
        .assert()
        .code(3)
        .stderr(predicate::str::is_match(r"objections\.yaml:\d+:\d+").unwrap());
}

#[test]
fn unknown_key_and_dangling_reference_are_reported_with_line() {
    let dir = dir_with(
        "objections.yaml",
        &NEW_OBJECTION.replace("  keywords:", "  next_steps: [bestaat-niet]\n  keywords:"),
    );
    coop()
        .args(["data", "check", dir.path().to_str().unwrap()])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("objections.yaml:2:1"))
        .stderr(predicate::str::contains("bestaat-niet"));
    let dir = dir_with("objections.yaml", &NEW_OBJECTION.replace("short:", "kort:"));
    coop()
        .args(["data", "check", dir.path().to_str().unwrap()])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("onbekend veld"));
}

#[test]
fn a_claim_without_source_is_refused() {
    let dir = dir_with(
        "objections.yaml",
        &NEW_OBJECTION.replace("[cooplinc-2026]", "[]"),
    );
    coop()
        .args(["data", "check", dir.path().to_str().unwrap()])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("bron"));
}

#[test]
fn data_check_accepts_good_files() {
    let dir = dir_with("objections.yaml", NEW_OBJECTION);
    std::fs::write(dir.path().join("notities.yaml"), "- x\n").unwrap();
    coop()
        .args(["data", "check", dir.path().to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("In orde"))
        .stderr(predicate::str::contains("notities.yaml wordt niet gelezen"));
}

#[test]
fn missing_data_dir_is_a_clear_error() {
    coop()
        .args(["--data", "/bestaat/niet", "objections"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--data"));
}
