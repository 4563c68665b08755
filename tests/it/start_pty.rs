//! `coop start` in a real terminal (a pty, driven with rexpect): a new user
//! typing a whole run, a typo in the municipality, a correction on the
//! summary screen, and Ctrl-C. Every wait is bounded, so a hang fails the
//! test instead of blocking CI. Expected texts are ASCII: rexpect reads bytes.

#![cfg(unix)]

use std::path::Path;
use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::session::{spawn_command, PtySession};

const TIMEOUT_MS: u64 = 20_000;
const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const ENTER: &str = "\r";

fn start(dir: &Path, args: &[&str]) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_coop"));
    cmd.arg("start")
        .args(["--datum", "2026-11-27"])
        .args(args)
        .current_dir(dir)
        .env_remove("COOP_DATA")
        .env_remove("COOP_PROFIEL")
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    spawn_command(cmd, Some(TIMEOUT_MS)).expect("spawn coop in a pty")
}

/// Waits for `prompt`, then sends `keys`.
fn answer(p: &mut PtySession, prompt: &str, keys: &str) {
    p.exp_string(prompt)
        .unwrap_or_else(|e| panic!("waiting for '{prompt}': {e}"));
    p.send(keys).unwrap();
    p.flush().unwrap();
}

fn exit_code(p: &mut PtySession) -> i32 {
    p.exp_eof().expect("coop ends");
    match p.process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("coop did not exit normally: {other:?}"),
    }
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn a_new_user_types_a_complete_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = start(dir.path(), &[]);
    answer(&mut p, "Hoe heet jullie woonco", "De Groene Hof\r");
    answer(&mut p, "In welke gemeente", "Utrecht\r");
    answer(&mut p, "Waar staan jullie nu?", &format!("{DOWN}{ENTER}"));
    answer(&mut p, "Hoeveel leden", "45\r");
    answer(&mut p, "wachtlijst?", ENTER);
    answer(&mut p, "Hoeveel woningen", "30\r");
    answer(&mut p, "Voor wie bouwen", "ouderen, starters\r");
    answer(&mut p, "Wie ondertekent", "Anna de Vries\r");
    answer(&mut p, "functie van die persoon", "voorzitter\r");
    answer(&mut p, "Op welk mailadres", "info@groenehof.nl\r");
    answer(&mut p, "per maand kosten?", ENTER);
    answer(&mut p, "voor de buurt?", "een moestuin voor iedereen\r");
    answer(
        &mut p,
        "In welke vorm",
        &format!("{DOWN}{DOWN}{DOWN}{ENTER}"),
    );
    answer(&mut p, "nu het eerst", &format!("{DOWN}{DOWN}{ENTER}"));
    answer(&mut p, "Met wie bij de gemeente", ENTER);
    answer(&mut p, "al tegenwerpingen gehoord", &format!("{UP}{ENTER}"));
    answer(&mut p, "Welke tegenwerpingen", &format!("{DOWN} {ENTER}"));
    answer(
        &mut p,
        "nog meer?",
        "jullie willen alleen maar goedkope grond\r",
    );
    answer(&mut p, "Dat lijkt op", "");
    answer(&mut p, "nog meer?", ENTER);
    answer(&mut p, "Komt er een vergadering", &format!("{UP}{ENTER}"));
    answer(&mut p, "Over welk agendapunt", "Woonvisie 2030\r");
    answer(&mut p, "Weten jullie al iets over de raad", ENTER);
    answer(&mut p, "Klopt dit?", ENTER);
    answer(&mut p, "Plan voor De Groene Hof", "");
    answer(&mut p, "Zal coop ook", ENTER);
    answer(&mut p, "Geschreven: inspreektekst.md", "");
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(
        files(dir.path()),
        [
            "antwoorden.yaml",
            "brief.md",
            "coop.yaml",
            "inspreektekst.md",
            "plan.md"
        ]
    );
    let profile = read(dir.path(), "coop.yaml");
    assert!(profile.contains("naam: De Groene Hof"), "{profile}");
    assert!(profile.contains("fase: plan"), "{profile}");
    assert!(profile.contains("- starters"), "{profile}");
    let answers = read(dir.path(), "antwoorden.yaml");
    assert!(answers.contains("doel: kavel"), "{answers}");
    assert!(answers.contains("- geen-vraag"), "{answers}");
    assert!(read(dir.path(), "inspreektekst.md").contains("Woonvisie 2030"));
}

#[test]
fn a_typo_in_the_municipality_gets_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = start(dir.path(), &["--ja", "--geen-documenten"]);
    answer(&mut p, "Hoe heet jullie woonco", "De Groene Hof\r");
    answer(&mut p, "In welke gemeente", "Amstredam\r");
    answer(&mut p, "Geen gemeente gevonden voor 'Amstredam'", "");
    answer(&mut p, "Bedoelde je", "");
    answer(&mut p, "Amsterdam", ENTER);
    answer(&mut p, "Klopt dit?", ENTER);
    assert_eq!(exit_code(&mut p), 0);
    assert!(read(dir.path(), "coop.yaml").contains("gemeente: Amsterdam"));
}

#[test]
fn an_answer_is_corrected_on_the_summary_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = start(dir.path(), &["--ja", "--geen-documenten"]);
    answer(&mut p, "Hoe heet jullie woonco", "Oude Naam\r");
    answer(&mut p, "In welke gemeente", "Utrecht\r");
    answer(&mut p, "1. Naam: Oude Naam", "");
    answer(&mut p, "Klopt dit?", &format!("{DOWN}{ENTER}"));
    answer(&mut p, "Welk antwoord wil je veranderen?", ENTER);
    answer(&mut p, "Hoe heet jullie woonco", "De Nieuwe Hof\r");
    answer(&mut p, "1. Naam: De Nieuwe Hof", "");
    answer(&mut p, "Klopt dit?", ENTER);
    assert_eq!(exit_code(&mut p), 0);
    let profile = read(dir.path(), "coop.yaml");
    assert!(profile.contains("naam: De Nieuwe Hof"), "{profile}");
    assert!(!profile.contains("Oude Naam"), "{profile}");
}

#[test]
fn ctrl_c_leaves_no_file_behind() {
    for at_select in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let mut p = start(dir.path(), &[]);
        answer(&mut p, "Hoe heet jullie woonco", "De Groene Hof\r");
        if at_select {
            answer(&mut p, "In welke gemeente", "Utrecht\r");
            answer(&mut p, "Waar staan jullie nu?", "");
        } else {
            answer(&mut p, "In welke gemeente", "Utr");
        }
        p.send_control('c').unwrap();
        answer(&mut p, "Afgebroken. Er is niets opgeslagen.", "");
        assert_eq!(exit_code(&mut p), 130);
        assert!(files(dir.path()).is_empty(), "{:?}", files(dir.path()));
    }
}

#[test]
fn changing_an_existing_coop_yaml_is_asked_first() {
    let dir = tempfile::tempdir().unwrap();
    let before =
        "# Met de hand gemaakt.\nnaam: Oude Naam\ngemeente: Utrecht\neigen-veld: bewaren\n";
    std::fs::write(dir.path().join("coop.yaml"), before).unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "naam: De Groene Hof\ngemeente: Utrecht\nfase: plan\nleden: 45\nwachtlijst:\nwoningen:\ndoelgroepen: []\ncontactpersoon:\nfunctie:\nemail:\nhuur:\nmeerwaarde: []\nformaat: md\ndoel: kennismaken\ngesproken: []\ngehoord: false\nvergadering: false\nraad-weten: false\n",
    )
    .unwrap();
    let mut p = start(dir.path(), &["--antwoorden", "a.yaml", "--geen-documenten"]);
    // Everything was given, yet the user sees the answers and may correct them.
    answer(&mut p, "1. Naam: De Groene Hof", "");
    answer(&mut p, "Klopt dit?", ENTER);
    answer(&mut p, "coop.yaml bestaat al. Dit verandert:", "");
    answer(&mut p, "naam: Oude Naam", "");
    answer(&mut p, "Wil je deze veranderingen opslaan?", ENTER);
    assert_eq!(exit_code(&mut p), 0);
    let after = read(dir.path(), "coop.yaml");
    assert!(
        after.starts_with(
            "# Met de hand gemaakt.\nnaam: De Groene Hof\ngemeente: Utrecht\neigen-veld: bewaren\n"
        ),
        "{after}"
    );
    assert!(after.contains("leden: 45"), "{after}");
}
