//! `coop brief --reactie-op`: the municipality's text in, a reply letter out.

use crate::common::{coop, profile_dir};
use predicates::prelude::*;

const MAIL: &str = "Geachte mevrouw Jansen,\n\nDank voor uw brief. Wij hebben die met belangstelling gelezen.\n\nWij zien op dit moment geen vraag naar wooncoöperaties in onze gemeente. Bovendien is er op dit moment geen grond of locatie beschikbaar.\n\nMet vriendelijke groet,\nde afdeling Wonen\n";

fn reply(args: &[&str], stdin: &str) -> std::process::Output {
    let dir = profile_dir();
    coop()
        .current_dir(dir.path())
        .args(["brief", "--reactie-op", "-", "--datum", "2026-11-27"])
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap()
}

#[test]
fn every_point_is_quoted_and_answered_in_order() {
    let out = reply(&["--aan", "wethouder"], MAIL);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let vraag = text
        .find("U schrijft: „Wij zien op dit moment geen vraag")
        .expect(&text);
    let grond = text
        .find("U schrijft: „Bovendien is er op dit moment geen grond")
        .expect(&text);
    assert!(vraag < grond, "in the order of their text");
    assert!(text.contains("Onderwerp: Reactie op uw bericht"), "{text}");
    assert!(text.contains("Met vriendelijke groet"), "{text}");
    // One concrete request, and no fill-in left for the profile's figures.
    assert!(text.contains("Wij vragen u"), "{text}");
    assert!(!text.contains("[aantal]"), "{text}");
}

/// A point coop found only just is answered, but named on stderr so the
/// user checks it before sending; the letter itself does not say so.
#[test]
fn a_point_found_only_just_is_named_for_checking() {
    let mail = "Geacht bestuur,\n\nDaar werken wij niet aan mee. Er is in deze gemeente op dit moment geen grond beschikbaar voor nieuwe woningbouw.\n\nMet vriendelijke groet,\nde gemeente\n";
    let out = reply(&[], mail);
    assert!(out.status.success());
    let (letter, err) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    let check = err
        .split("Niet zeker: 1 punt(en).")
        .nth(1)
        .expect(&err)
        .split("Beantwoord:")
        .next()
        .unwrap();
    assert!(check.contains("„Daar werken wij niet aan mee.”"), "{err}");
    assert!(!check.contains("geen grond"), "{err}");
    assert!(letter.contains("U schrijft: „Daar werken wij niet aan mee.”"));
    assert!(!letter.contains("Niet zeker"), "{letter}");
    let v: serde_json::Value =
        serde_json::from_slice(&reply(&["--format", "json"], mail).stdout).unwrap();
    let sure: Vec<bool> = v["context"]["punten"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["zeker"].as_bool().unwrap())
        .collect();
    assert_eq!(sure, [false, true]);
}

#[test]
fn json_lists_the_points_with_their_quotes() {
    let out = reply(&["--format", "json"], MAIL);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = v["context"]["punten"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["tegenwerping"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["geen-vraag", "geen-grond"]);
    assert!(v["context"]["punten"][0]["citaat"]
        .as_str()
        .unwrap()
        .starts_with("Wij zien op dit moment geen vraag"));
    assert_eq!(v["soort"], "reactie");
}

#[test]
fn every_format_is_written() {
    for format in ["md", "txt", "html", "eml", "json"] {
        let out = reply(&["--format", format], MAIL);
        assert!(out.status.success(), "{format}");
        assert!(!out.stdout.is_empty(), "{format}");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("reactie.docx");
    let out = reply(&["--format", "docx", "--out", file.to_str().unwrap()], MAIL);
    assert!(out.status.success());
    assert!(std::fs::read(&file).unwrap().starts_with(b"PK"));
}

#[test]
fn a_text_without_objections_gives_no_letter() {
    let out = reply(
        &[],
        "Beste mensen,\n\nDe vuilniswagen komt voortaan op dinsdag.\n\nGroet\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no letter");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("geen tegenwerping die coop kent"), "{err}");
}

#[test]
fn a_file_that_is_not_a_regular_file_is_refused() {
    let dir = profile_dir();
    coop()
        .current_dir(dir.path())
        .args(["brief", "--reactie-op", "."])
        .assert()
        .failure()
        .stderr(predicate::str::contains("geen gewoon bestand"));
}

#[test]
fn reply_letter_snapshot() {
    let out = reply(&["--aan", "wethouder", "--naam", "Jan Visser"], MAIL);
    assert!(out.status.success());
    insta::assert_snapshot!(
        "reactie_wethouder_md",
        String::from_utf8(out.stdout).unwrap()
    );
}
