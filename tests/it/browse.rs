//! Integration tests for `coop rebut` and the browsing commands.

use crate::common::{coop, json_of, stdout_of};
use predicates::prelude::*;

const REQUIRED: &[&str] = &[
    "goedkope-grond",
    "geen-vraag",
    "winst",
    "geen-tijd",
    "niche",
    "financieel-risico",
    "corporaties",
    "exclusief",
    "staatssteun",
    "geen-ervaring",
    "geen-beleid",
    "geen-grond",
];

#[test]
fn rebut_gives_the_full_answer() {
    coop()
        .args(["rebut", "goedkope grond"])
        .assert()
        .success()
        .stdout(predicate::str::contains("goedkope grond"))
        .stdout(predicate::str::contains("Kort antwoord"))
        .stdout(predicate::str::contains("Neem deze cijfers mee"))
        .stdout(predicate::str::contains("Volgende stap"))
        .stdout(predicate::str::contains("Bronnen"));
}

#[test]
fn dutch_alias_and_short_answer() {
    let out = stdout_of(coop().args([
        "weerleg", "--kort", "jullie", "gaan", "toch", "winst", "maken",
    ]));
    assert!(out.contains("winst"), "{out}");
    assert!(
        !out.contains("Bronnen"),
        "--kort shows only the short answer"
    );
}

#[test]
fn rebut_json_is_an_array_of_matches() {
    let v = json_of(coop().args([
        "rebut",
        "-n",
        "3",
        "--format",
        "json",
        "goedkoope grondprijs",
    ]));
    let arr = v.as_array().unwrap();
    assert!(!arr.is_empty());
    assert_eq!(arr[0]["id"], "goedkope-grond");
    for m in arr {
        let score = m["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score));
        for key in [
            "tegenwerping",
            "kort",
            "weerlegging",
            "bewijs",
            "volgende_stappen",
            "argumenten",
            "bronnen",
        ] {
            assert!(m.get(key).is_some(), "missing {key}");
        }
    }
    let scores: Vec<f64> = arr.iter().map(|m| m["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first");
    // Only the first is the model's answer; the others are second guesses.
    assert_eq!(arr[0]["zeker"], true);
    assert!(arr[1..].iter().all(|m| m["zeker"] == false), "{v}");
}

/// A vague sentence ("Daar werken wij niet aan mee.") gets its nearest
/// objection only just: the answer says so, in text and in JSON, so the
/// user reads the sentence before answering it. A plain objection does not.
#[test]
fn an_answer_found_only_just_is_marked_not_sure() {
    let vague = "Daar werken wij niet aan mee.";
    let v = json_of(coop().args(["weerleg", "--format", "json", vague]));
    assert_eq!(v[0]["zeker"], false, "{v}");
    let text = stdout_of(coop().args(["weerleg", vague]));
    assert!(text.starts_with("Niet zeker:"), "{text}");
    let v = json_of(coop().args(["weerleg", "--format", "json", "goedkope grond"]));
    assert_eq!(v[0]["zeker"], true, "{v}");
    let text = stdout_of(coop().args(["weerleg", "goedkope grond"]));
    assert!(!text.contains("Niet zeker"), "{text}");
}

#[test]
fn off_topic_text_finds_nothing() {
    coop()
        .args(["rebut", "appeltaart"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("coop tegenwerpingen"));
    coop()
        .args(["rebut", "--format", "json", "parkeervergunning"])
        .assert()
        .code(1)
        .stdout("[]\n");
}

#[test]
fn rebut_reads_stdin() {
    coop()
        .args(["rebut", "--format", "json", "-"])
        .write_stdin("Er is helemaal geen vraag naar wooncooperaties\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("\"id\": \"geen-vraag\""));
}

#[test]
fn empty_text_is_a_usage_error() {
    coop().args(["rebut", "  "]).assert().code(2);
}

#[test]
fn objections_table_lists_all_required_ids() {
    let out = stdout_of(coop().arg("objections"));
    for id in REQUIRED {
        assert!(out.contains(id), "{id} missing from table");
    }
    for line in out.lines() {
        assert!(
            line.chars().count() <= 100,
            "table wider than COLUMNS: {line}"
        );
    }
    assert!(!out.contains('\u{1b}'), "no colour codes");
}

#[test]
fn every_browse_command_has_json() {
    for (cmd, min) in [
        ("objections", 12),
        ("arguments", 8),
        ("roles", 10),
        ("checklist", 10),
    ] {
        let v = json_of(coop().args([cmd, "--format", "json"]));
        assert!(v.as_array().unwrap().len() >= min, "{cmd}");
    }
    let v = json_of(coop().args(["tegenwerpingen", "--format", "json"]));
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    for id in REQUIRED {
        assert!(ids.contains(id), "{id}");
    }
}

#[test]
fn one_entry_in_full_in_every_format() {
    for (cmd, id, text) in [
        ("objections", "niche", "Het volledige antwoord"),
        ("arguments", "betaalbaarheid", "In één zin"),
        ("roles", "projectleider", "Zo benader je deze persoon"),
        ("checklist", "inspreken", "1. "),
    ] {
        let out = stdout_of(coop().args([cmd, id]));
        assert!(out.contains(text), "{cmd} {id}: {out}");
        let md = stdout_of(coop().args([cmd, id, "--format", "md"]));
        assert!(md.starts_with("## "), "{cmd} {id} md: {md}");
        let v = json_of(coop().args([cmd, id, "--format", "json"]));
        assert_eq!(v["id"], id);
    }
}

#[test]
fn unknown_id_suggests_the_closest() {
    coop()
        .args(["objections", "goedkoop-grond"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("goedkope-grond"));
    coop()
        .args(["rollen", "projectleidr"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("projectleider"));
}

#[test]
fn broken_pipe_is_quiet() {
    let bin = assert_cmd::cargo::cargo_bin("coop");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; for i in 1 2 3; do '{}' gemeenten --format json | head -1 >/dev/null; done",
            bin.display()
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "exit {:?}", out.status.code());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "no message on a closed pipe"
    );
}

#[test]
fn completions_for_bash() {
    coop()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("weerleg"));
}

#[test]
fn help_is_dutch_and_shows_both_names() {
    let help = crate::common::stdout_of(coop().arg("--help"));
    // The command's own line names it in English and Dutch.
    let line = help
        .lines()
        .find(|l| l.trim_start().starts_with("rebut "))
        .unwrap_or_else(|| panic!("no line for rebut:\n{help}"));
    assert!(line.contains("Zoek de tegenwerping"), "{line}");
    assert!(line.contains("[ook: weerleg]"), "{line}");
    assert!(
        help.contains("Commando's:") && !help.contains("Commands:"),
        "{help}"
    );
}

#[test]
fn usage_errors_are_dutch_with_exit_code_2() {
    coop()
        .args(["brief", "--aan", "burgemeester"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "'burgemeester' is geen geldige waarde voor --aan",
        ))
        .stderr(predicate::str::contains("Kies uit: raad"));
    coop()
        .args(["tegenwerpingen", "--formaat", "json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("onbekende optie '--formaat'"));
}
