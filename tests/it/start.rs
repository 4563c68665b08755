//! `coop start` without a terminal: answers from flags and antwoorden.yaml,
//! the error for missing answers, the round trip through the answers file,
//! and updating an existing coop.yaml without losing anything.

use std::path::Path;

use crate::common::coop;
use clap::CommandFactory;
use predicates::prelude::*;

const FULL: &[&str] = &[
    "start",
    "--datum",
    "2026-11-27",
    "--naam",
    "De Groene Hof",
    "--gemeente",
    "utrecht",
    "--fase",
    "plan",
    "--leden",
    "45",
    "--wachtlijst",
    "120",
    "--woningen",
    "30",
    "--doelgroepen",
    "ouderen, starters",
    "--contactpersoon",
    "Anna de Vries",
    "--email",
    "info@groenehof.nl",
    "--formaat",
    "md",
    "--doel",
    "kavel",
    "--gesproken",
    "niemand",
    "--gehoord",
    "ja",
    "--tegenwerpingen",
    "winst",
    "--ook-gehoord",
    "er is geen vraag naar, zeggen ze",
    "--vergadering",
    "ja",
    "--agendapunt",
    "Woonvisie 2030",
];

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_question_has_a_flag_with_its_id() {
    let kb = coop::core::kb::Kb::load(None).unwrap();
    let q = coop::core::questionnaire::questions::Questionnaire::load(&kb).unwrap();
    let cmd = coop::cli::Cli::command();
    let start = cmd.find_subcommand("start").unwrap();
    for question in &q.questions {
        assert!(
            start
                .get_arguments()
                .any(|a| a.get_long() == Some(question.id.as_str())),
            "no --{} for question {}",
            question.id,
            question.id
        );
    }
}

#[test]
fn a_full_run_from_flags_writes_profile_answers_plan_and_documents() {
    let dir = tempfile::tempdir().unwrap();
    let out = coop()
        .current_dir(dir.path())
        .args(FULL)
        .arg("--ja")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let plan = String::from_utf8(out.stdout).unwrap();
    assert!(plan.contains("Plan voor De Groene Hof"), "{plan}");
    assert!(
        plan.contains("Stap 1: Eerste contact met de gemeente"),
        "{plan}"
    );
    assert!(plan.contains("Meedingen naar een kavel"), "{plan}");
    assert!(plan.contains("Wethouder wonen"), "{plan}");
    assert!(plan.contains("raadsleden@utrecht.nl"), "{plan}");
    assert!(
        plan.contains("Jullie gaan er toch gewoon winst op maken."),
        "{plan}"
    );
    assert!(plan.lines().all(|l| l.chars().count() <= 80), "{plan}");
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
    assert!(profile.contains("naam: De Groene Hof"));
    assert!(profile.contains("gemeente: Utrecht"));
    assert!(profile.contains("leden: 45"));
    let brief = read(dir.path(), "brief.md");
    assert!(
        brief.contains("Verzoek om een kavel voor De Groene Hof"),
        "{brief}"
    );
    assert!(brief.contains("27 november 2026"));
    assert!(brief.contains("Anna de Vries"));
    let speech = read(dir.path(), "inspreektekst.md");
    assert!(speech.contains("Woonvisie 2030"), "{speech}");
    assert!(stderr.contains("Opgeslagen: coop.yaml"), "{stderr}");
}

#[test]
fn missing_answers_without_a_terminal_are_listed_with_their_flags() {
    let dir = tempfile::tempdir().unwrap();
    coop()
        .current_dir(dir.path())
        .args(["start", "--naam", "X"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("geen terminal"))
        .stderr(predicate::str::contains("--gemeente NAAM"))
        .stderr(predicate::str::contains("--fase KEUZE"))
        .stderr(predicate::str::contains("--antwoorden"))
        .stderr(predicate::str::contains("--ja"))
        .stderr(predicate::str::contains("--naam TEKST").not());
    assert!(files(dir.path()).is_empty());
    // With --ja only the questions without a default are missing.
    coop()
        .current_dir(dir.path())
        .args(["vragenlijst", "--ja"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--naam TEKST"))
        .stderr(predicate::str::contains("--fase").not());
    assert!(files(dir.path()).is_empty());
}

#[test]
fn replaying_the_answers_file_gives_the_same_coop_yaml() {
    let first = tempfile::tempdir().unwrap();
    coop()
        .current_dir(first.path())
        .args(FULL)
        .args(["--ja", "--geen-documenten"])
        .assert()
        .success();
    let answers = first.path().join("antwoorden.yaml");
    let second = tempfile::tempdir().unwrap();
    coop()
        .current_dir(second.path())
        .args(["start", "--datum", "2026-11-27", "--antwoorden"])
        .arg(&answers)
        .assert()
        .success()
        .stderr(predicate::str::contains("Documenten maken kan later"));
    assert_eq!(
        read(first.path(), "coop.yaml"),
        read(second.path(), "coop.yaml")
    );
    assert_eq!(
        read(first.path(), "antwoorden.yaml"),
        read(second.path(), "antwoorden.yaml")
    );
    // Replaying in the same folder changes nothing and needs no --force.
    coop()
        .current_dir(first.path())
        .args([
            "start",
            "--antwoorden",
            "antwoorden.yaml",
            "--geen-documenten",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("klopt al"));
}

#[test]
fn an_existing_coop_yaml_keeps_comments_and_unknown_keys() {
    let dir = tempfile::tempdir().unwrap();
    let before = "# Ons profiel, met de hand bijgehouden.\nnaam: Oude Naam  # werknaam\ngemeente: den bosch\nhuur: tussen 700 en 950 euro\n\n# Onze eigen aantekeningen\nnotities:\n  - bel de griffie\nleden: 12\n";
    std::fs::write(dir.path().join("coop.yaml"), before).unwrap();
    let answers = "naam: De Groene Hof\ngemeente: den bosch\nfase: plan\nleden: 50\nwachtlijst:\nwoningen:\ndoelgroepen: []\ncontactpersoon:\nfunctie:\nemail:\nhuur: tussen 700 en 950 euro\nmeerwaarde: []\nformaat: md\ndoel: beleid\ngesproken: [griffie]\ngehoord: false\nvergadering: false\nraad-weten: false\n";
    std::fs::write(dir.path().join("a.yaml"), answers).unwrap();
    let run = |extra: &[&str]| {
        let mut cmd = coop();
        cmd.current_dir(dir.path())
            .args(["start", "--antwoorden", "a.yaml", "--geen-documenten"])
            .args(extra);
        cmd
    };
    // Without a terminal, changing the file needs --ja or --force.
    run(&[])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("coop.yaml bestaat al"));
    assert_eq!(read(dir.path(), "coop.yaml"), before);
    assert!(!dir.path().join("antwoorden.yaml").exists());

    run(&["--ja"]).assert().success();
    let after = read(dir.path(), "coop.yaml");
    assert!(after.starts_with("# Ons profiel, met de hand bijgehouden.\nnaam: De Groene Hof  # werknaam\ngemeente: den bosch\nhuur: tussen 700 en 950 euro\n\n# Onze eigen aantekeningen\nnotities:\n  - bel de griffie\nleden: 50\n"), "{after}");
    // Answers for keys the file did not have were added at the end.
    assert!(after.ends_with("fase: plan\n"), "{after}");
    let answers = read(dir.path(), "antwoorden.yaml");
    assert!(
        answers.contains("gemeente: '''s-Hertogenbosch'"),
        "{answers}"
    );
}

#[test]
fn a_broken_answers_file_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), "naam: X\nleeden: 4\n").unwrap();
    coop()
        .current_dir(dir.path())
        .args(["start", "--antwoorden", "a.yaml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("a.yaml:2:1"))
        .stderr(predicate::str::contains("'leden'"));
    std::fs::write(dir.path().join("a.yaml"), "naam: X\ngemeente: Amstredam\n").unwrap();
    coop()
        .current_dir(dir.path())
        .args(["start", "--antwoorden", "a.yaml", "--ja"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("a.yaml:2:1: gemeente:"))
        .stderr(predicate::str::contains("Amsterdam"));
    assert_eq!(files(dir.path()), ["a.yaml"]);
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    coop()
        .current_dir(dir.path())
        .args(["start", "--ja", "--naam", "X", "--gemeente", "Utrecht"])
        .args(["--leden", "veel"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--leden: 'veel' is geen heel getal",
        ));
    coop()
        .current_dir(dir.path())
        .args(["start", "--ja", "--naam", "X", "--gemeente", "Utrecht"])
        .args(["--gesproken", "grifie"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Bedoelde je 'griffie'?"));
    assert!(files(dir.path()).is_empty());
}

#[test]
fn existing_documents_are_not_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("brief.md"), "mijn eigen brief\n").unwrap();
    let args = [
        "start",
        "--ja",
        "--naam",
        "X",
        "--gemeente",
        "Utrecht",
        "--formaat",
        "md",
    ];
    coop()
        .current_dir(dir.path())
        .args(args)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("brief.md bestaat al"));
    // Refused before anything was written.
    assert_eq!(files(dir.path()), ["brief.md"]);
    coop()
        .current_dir(dir.path())
        .args(args)
        .arg("--force")
        .assert()
        .success();
    assert_ne!(read(dir.path(), "brief.md"), "mijn eigen brief\n");
}

#[test]
fn the_plan_can_go_to_a_file_or_out_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "start",
        "--ja",
        "--geen-documenten",
        "--naam",
        "X",
        "--gemeente",
        "Utrecht",
    ];
    coop()
        .current_dir(dir.path())
        .args(args)
        .args(["--out", "plan.md"])
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let plan = read(dir.path(), "plan.md");
    assert!(plan.starts_with("# Plan voor X\n"), "{plan}");
    assert!(plan.contains("`coop checklist"), "{plan}");
    let out = coop()
        .current_dir(dir.path())
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["stappen"][0]["id"], "eerste-contact");
    assert_eq!(v["brief"]["aan"], "wethouder");
}

#[test]
fn a_broken_coop_yaml_stops_before_any_question() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("coop.yaml"), "naam: x\nfase: klaar\n").unwrap();
    coop()
        .current_dir(dir.path())
        .args(["start", "--ja", "--naam", "X", "--gemeente", "Utrecht"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("coop.yaml:2:1"));
    assert_eq!(read(dir.path(), "coop.yaml"), "naam: x\nfase: klaar\n");
}

#[test]
fn help_shows_both_names() {
    coop()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("start"))
        .stdout(predicate::str::contains("vragenlijst"));
    coop()
        .args(["vragenlijst", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--antwoorden"))
        .stdout(predicate::str::contains("--ook-gehoord"));
}

#[test]
fn by_default_the_documents_are_word_files_and_the_next_steps_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let out = coop()
        .current_dir(dir.path())
        .args([
            "start",
            "--ja",
            "--naam",
            "De Groene Hof",
            "--gemeente",
            "Utrecht",
        ])
        .args(["--functie", "voorzitter", "--huur", "800 euro per maand"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        files(dir.path()),
        [
            "antwoorden.yaml",
            "brief.docx",
            "coop.yaml",
            "plan.docx",
            "plan.md"
        ]
    );
    assert!(std::fs::read(dir.path().join("brief.docx"))
        .unwrap()
        .starts_with(b"PK"));
    assert!(
        stderr.contains("Het plan staat in plan.md en plan.docx."),
        "{stderr}"
    );
    let steps = &stderr[stderr.find("Wat nu?").expect(&stderr)..];
    assert!(steps.contains("1. Open brief.docx in Word"), "{steps}");
    assert!(
        steps.contains("--format docx --out brief.docx --force"),
        "{steps}"
    );
    let profile = read(dir.path(), "coop.yaml");
    assert!(profile.contains("functie: voorzitter"), "{profile}");
    assert!(profile.contains("huur: 800 euro per maand"), "{profile}");
}

#[test]
fn a_village_name_gets_a_hint_to_type_the_municipality() {
    let dir = tempfile::tempdir().unwrap();
    coop()
        .current_dir(dir.path())
        .args(["start", "--ja", "--naam", "X", "--gemeente", "Bathmen"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Typ dan de naam van de gemeente"));
    assert!(files(dir.path()).is_empty());
}

/// What the group knows about the council is kept with its source in
/// coop-data next to coop.yaml, used by this run's speech, and by later
/// commands without any flag.
#[test]
fn council_facts_from_the_questionnaire_are_kept_and_used() {
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        coop()
            .current_dir(dir.path())
            .args(FULL)
            .args(["--ja", "--raad-weten", "ja"])
            .args(extra)
            .output()
            .unwrap()
    };
    // A fact without a source is not kept: the source is asked for.
    let out = run(&["--inspreken", "Spreektijd 4 minuten per spreker"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--raad-bron"));
    assert!(!dir.path().join("coop-data").exists());

    let out = run(&[
        "--inspreken",
        "Spreektijd 4 minuten per spreker",
        "--griffie-email",
        "griffie@utrecht.nl",
        "--raad-bron",
        "eigen waarneming, 2 maart 2026",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let facts = read(&dir.path().join("coop-data"), "council_facts.yaml");
    assert!(facts.contains("fact: inspreken"), "{facts}");
    assert!(facts.contains("value: griffie@utrecht.nl"), "{facts}");
    assert_eq!(
        facts
            .matches("source: eigen waarneming, 2 maart 2026")
            .count(),
        2
    );
    // This run's speech already fits the recorded speaking time.
    let speech = read(dir.path(), "inspreektekst.md");
    let words = coop::compose::speech::spoken_words(&speech);
    assert!((380..=480).contains(&words), "{words} words for 4 minutes");

    // Later commands find the facts without --data.
    let council = crate::common::json_of(
        coop()
            .current_dir(dir.path())
            .args(["raad", "--format", "json"]),
    );
    assert_eq!(council["griffie_email"]["tekst"], "griffie@utrecht.nl");
    assert_eq!(
        council["inspreken"]["herkomst"]["bron"],
        "eigen waarneming, 2 maart 2026"
    );
}
