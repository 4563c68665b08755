//! `coop log` (`journaal`), `coop contacten` and `coop todo`, and the safety
//! of journaal.yaml: atomic writes, change detection, errors with lines,
//! unknown keys kept.

use std::path::{Path, PathBuf};

use crate::common::{json_of, stdout_of};
use assert_cmd::Command;
use predicates::prelude::*;

const FIXTURE: &str = "tests/data/journaal";

/// A temp dir with the test coop.yaml and journaal.yaml.
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["coop.yaml", "journaal.yaml"] {
        std::fs::copy(Path::new(FIXTURE).join(f), dir.path().join(f)).unwrap();
    }
    dir
}

/// coop in `dir`, with the user's environment isolated.
fn coop_in(dir: &Path) -> Command {
    let mut cmd = crate::common::coop();
    cmd.current_dir(dir);
    cmd
}

fn journal(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("journaal.yaml")).unwrap()
}

fn ids(dir: &Path) -> Vec<String> {
    json_of(coop_in(dir).args(["log", "--format", "json"]))
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn add_with_flags_writes_the_event_and_prints_its_id() {
    let dir = tempfile::tempdir().unwrap();
    coop_in(dir.path())
        .args([
            "log",
            "add",
            "--soort",
            "gesprek",
            "--datum",
            "2026-03-14",
            "--met",
            "Jan de Vries",
            "--rol",
            "wethouder-wonen",
            "--samenvatting",
            "Kennismaking",
            "--uitkomst",
            "Hij komt kijken.",
            "--afspraak",
            "Elk kwartaal overleg",
            "--tegenwerping",
            "goedkope-grond,geen-tijd",
            "--vervolg",
            "2026-03-28:Plan sturen",
            "--openbaar",
        ])
        .assert()
        .success()
        .stdout("2026-03-14-gesprek\n")
        .stderr(predicate::str::contains("Nieuw in contacten: Jan de Vries"))
        .stderr(predicate::str::contains("v1"));
    let v = json_of(coop_in(dir.path()).args(["journaal", "--format", "json"]));
    let e = &v[0];
    assert_eq!(e["soort"], "gesprek");
    assert_eq!(e["met"][0], "Jan de Vries");
    assert_eq!(e["uitkomst"], "Hij komt kijken.");
    assert_eq!(e["tegenwerpingen"][1], "geen-tijd");
    assert_eq!(e["openbaar"], true);
    let text = journal(dir.path());
    assert!(text.starts_with("# journaal.yaml"), "{text}");
    assert!(text.contains("rol: wethouder-wonen"), "{text}");
    assert!(text.contains("bij: 2026-03-14-gesprek"), "{text}");
    // The same date and kind again gets its own id.
    coop_in(dir.path())
        .args([
            "journaal",
            "nieuw",
            "--soort",
            "gesprek",
            "--datum",
            "2026-03-14",
            "--met",
            "Jan de Vries",
            "--samenvatting",
            "Tweede gesprek",
        ])
        .assert()
        .success()
        .stdout("2026-03-14-gesprek-2\n");
}

#[test]
fn missing_flags_without_a_terminal_are_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    coop_in(dir.path())
        .args(["log", "add", "--soort", "gesprek"])
        .write_stdin("")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--datum, --met, --samenvatting"));
    assert!(!dir.path().join("journaal.yaml").exists());
    // A letter needs no person.
    coop_in(dir.path())
        .args([
            "log",
            "add",
            "--soort",
            "brief",
            "--datum",
            "2026-01-01",
            "--samenvatting",
            "Brief aan de raad",
        ])
        .assert()
        .success();
}

#[test]
fn bad_values_are_refused_with_a_hint() {
    let dir = setup();
    let before = journal(dir.path());
    coop_in(dir.path())
        .args([
            "log",
            "add",
            "--soort",
            "gesprek",
            "--datum",
            "30-02-2026",
            "--met",
            "X",
            "--samenvatting",
            "x",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "'30-02-2026' is geen geldige waarde voor --datum",
        ))
        .stderr(predicate::str::contains("geen bestaande datum"));
    coop_in(dir.path())
        .args([
            "log",
            "add",
            "--soort",
            "gesprek",
            "--datum",
            "2026-03-14",
            "--met",
            "X",
            "--samenvatting",
            "x",
            "--rol",
            "projectleidr",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Bedoelde je"))
        .stderr(predicate::str::contains("projectleider"));
    coop_in(dir.path())
        .args(["log", "add", "--soort", "gesprekk"])
        .assert()
        .code(2);
    coop_in(dir.path())
        .args([
            "log",
            "add",
            "--soort",
            "brief",
            "--datum",
            "2026-03-14",
            "--samenvatting",
            "x",
            "--vervolg",
            "morgen:bellen",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--vervolg"));
    assert_eq!(journal(dir.path()), before, "nothing was written");
}

#[test]
fn list_filters_by_kind_person_and_period() {
    let dir = setup();
    let out = stdout_of(coop_in(dir.path()).args(["journaal"]));
    assert!(out.contains("2024-05-14-motie"), "{out}");
    assert!(out.contains("samenvatting"), "{out}");
    let kinds = |args: &[&str]| -> Vec<String> {
        json_of(
            coop_in(dir.path())
                .args(["log", "--format", "json"])
                .args(args),
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
    };
    assert_eq!(kinds(&["--soort", "motie"]), ["2024-05-14-motie"]);
    assert_eq!(
        kinds(&["--met", "ruud"]),
        ["2023-02-10-gesprek", "2025-03-03-gesprek"]
    );
    assert_eq!(
        kinds(&["--van", "2026-01-01", "--tot", "2026-02-28"]),
        ["2026-01-05-wisseling", "2026-02-20-nieuwsbericht"]
    );
    assert_eq!(kinds(&["-n", "1"]), ["2026-04-01-wisseling"]);
    assert_eq!(kinds(&["--openbaar"]).len(), 4);
    coop_in(dir.path())
        .args(["log", "--soort", "besluit"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("geen gebeurtenissen"));
    let md = stdout_of(coop_in(dir.path()).args(["log", "--format", "md", "--soort", "motie"]));
    assert!(
        md.starts_with("- **14 mei 2024** motie met Fatima Yilmaz:"),
        "{md}"
    );
}

#[test]
fn empty_journal_says_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    coop_in(dir.path())
        .arg("journaal")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nog leeg"))
        .stderr(predicate::str::contains("coop journaal nieuw"));
}

#[test]
fn show_one_event_in_full() {
    let dir = setup();
    coop_in(dir.path())
        .args(["log", "toon", "2023-02-10-gesprek"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Gesprek op 10 februari 2023"))
        .stdout(predicate::str::contains("Met: Anna Bos, Ruud de Wit"))
        .stdout(predicate::str::contains(
            "Jullie willen alleen maar goedkope grond.",
        ))
        .stdout(predicate::str::contains("klaar op 27 februari 2023"));
    coop_in(dir.path())
        .args(["log", "toon", "2023-02-10-gesprekk"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Bedoelde je '2023-02-10-gesprek'"));
}

#[test]
fn edit_keeps_the_id_and_unknown_keys() {
    let dir = setup();
    coop_in(dir.path())
        .args([
            "log",
            "edit",
            "2025-03-03-gesprek",
            "--uitkomst",
            "Er komt een voorstel.",
            "--datum",
            "2025-03-04",
            "--openbaar",
            "--vervolg",
            "2025-04-01:Voorstel opvragen",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("Gewijzigd: 2025-03-03-gesprek"))
        .stderr(predicate::str::contains("v4"));
    let v = json_of(coop_in(dir.path()).args(["log", "--format", "json", "--met", "Ruud"]));
    assert_eq!(v[1]["id"], "2025-03-03-gesprek");
    assert_eq!(v[1]["datum"], "2025-03-04");
    assert_eq!(v[1]["uitkomst"], "Er komt een voorstel.");
    let text = journal(dir.path());
    assert!(text.contains("sfeer: goed"), "unknown event key kept");
    assert!(
        text.contains("kamer: '4.12'") || text.contains("kamer: 4.12"),
        "unknown contact key kept: {text}"
    );
    assert!(
        text.contains("Deze sleutel kent coop niet en moet blijven staan."),
        "unknown top-level key kept"
    );
    // The fixture had a comment: the old version is kept next to it.
    let bak = std::fs::read_to_string(dir.path().join("journaal.yaml.bak")).unwrap();
    assert!(bak.starts_with("# Het journaal van De Vonk"));
    // Without flags and without a terminal there is nothing to change.
    coop_in(dir.path())
        .args(["log", "wijzig", "2025-03-03-gesprek"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--uitkomst"));
    coop_in(dir.path())
        .args(["log", "wijzig", "2099-01-01-gesprek", "--uitkomst", "x"])
        .assert()
        .code(1);
}

#[test]
fn remove_takes_the_follow_ups_along() {
    let dir = setup();
    coop_in(dir.path())
        .args(["log", "remove", "2026-04-01-wisseling"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Verwijderd: 2026-04-01-wisseling"))
        .stderr(predicate::str::contains("v2"));
    assert!(!ids(dir.path()).contains(&"2026-04-01-wisseling".to_string()));
    assert!(!journal(dir.path()).contains("id: v2"));
    coop_in(dir.path())
        .args(["journaal", "verwijder", "2026-04-01-wisseling"])
        .assert()
        .code(1);
}

#[test]
fn contacts_by_role_now_and_before() {
    let dir = setup();
    let now = stdout_of(coop_in(dir.path()).args(["contacten", "--datum", "2026-04-15"]));
    assert!(now.contains("Omar El Amrani"), "{now}");
    assert!(now.contains("Piet Jansen"), "{now}");
    assert!(
        !now.contains("Karin Smit"),
        "former wethouder only with --alle: {now}"
    );
    // Omar (bestuur) comes before Fatima (politiek), before Piet (ambtelijk).
    let pos = |n: &str| now.find(n).unwrap();
    assert!(
        pos("Omar") < pos("Fatima") && pos("Fatima") < pos("Piet"),
        "{now}"
    );
    let all = json_of(coop_in(dir.path()).args([
        "contacts",
        "--alle",
        "--datum",
        "2026-04-15",
        "--format",
        "json",
    ]));
    let karin = all
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["naam"] == "Karin Smit")
        .unwrap();
    assert_eq!(karin["huidig"], false);
    assert_eq!(karin["aantal_gebeurtenissen"], 1);
    assert_eq!(karin["laatste_contact"], "2024-11-02");
    let council = all
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["naam"] == "gemeenteraad")
        .unwrap();
    assert_eq!(council["in_contacten"], false);
    let pl = json_of(coop_in(dir.path()).args([
        "contacten",
        "--rol",
        "projectleider",
        "--alle",
        "--format",
        "json",
    ]));
    assert_eq!(pl.as_array().unwrap().len(), 2);
    coop_in(dir.path())
        .args(["contacten", "--rol", "burgemeester"])
        .assert()
        .code(1);
}

#[test]
fn todo_exit_codes_for_cron() {
    let dir = setup();
    // On 15 April 2026 v2 (10 April) is late, v3 (1 May) is not yet due.
    coop_in(dir.path())
        .args(["todo", "--datum", "2026-04-15"])
        .assert()
        .code(4)
        .stdout(predicate::str::contains("5 dagen te laat"))
        .stdout(predicate::str::contains("over 16 dagen"))
        .stdout(predicate::str::contains("v1").not());
    let late_first = stdout_of(coop_in(dir.path()).args(["todo", "--datum", "2026-04-15"]));
    assert!(late_first.find("v2").unwrap() < late_first.find("v3").unwrap());
    // On 1 April nothing is due yet.
    coop_in(dir.path())
        .args(["todo", "--datum", "2026-04-01"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("v2"));
    coop_in(dir.path())
        .args(["todo", "klaar", "v2", "--datum", "2026-04-16"])
        .assert()
        .success();
    coop_in(dir.path())
        .args(["todo", "--datum", "2026-04-20"])
        .assert()
        .code(0);
    let all = json_of(coop_in(dir.path()).args([
        "todo",
        "--alle",
        "--format",
        "json",
        "--datum",
        "2026-04-20",
    ]));
    assert_eq!(all.as_array().unwrap().len(), 3);
    coop_in(dir.path())
        .args(["todo", "nieuw", "2026-04-18", "Bel de griffie"])
        .assert()
        .success()
        .stdout("v4\n");
    coop_in(dir.path())
        .args(["todo", "--datum", "2026-04-20", "--format", "json"])
        .assert()
        .code(4);
    coop_in(dir.path())
        .args(["todo", "klaar", "v9"])
        .assert()
        .code(1);
}

#[test]
fn no_follow_ups_is_exit_zero_and_quiet_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    coop_in(dir.path())
        .arg("todo")
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains("geen vervolgacties"));
}

#[test]
fn a_change_of_people_proposes_the_checklist() {
    let dir = setup();
    coop_in(dir.path())
        .args([
            "log",
            "add",
            "--soort",
            "wisseling",
            "--datum",
            "2026-06-01",
            "--met",
            "Sanne Mulder",
            "--rol",
            "projectleider",
            "--samenvatting",
            "Sanne Mulder is de nieuwe projectleider.",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Piet Jansen is sinds 1 juni 2026 niet meer projectleider",
        ))
        .stderr(predicate::str::contains(
            "Ambtenaren meenemen in je verhaal",
        ))
        .stderr(predicate::str::contains(
            "coop dossier --voor projectleider",
        ));
    let now = json_of(coop_in(dir.path()).args([
        "contacten",
        "--rol",
        "projectleider",
        "--datum",
        "2026-06-02",
        "--format",
        "json",
    ]));
    assert_eq!(now.as_array().unwrap().len(), 1);
    assert_eq!(now[0]["naam"], "Sanne Mulder");
    coop_in(dir.path())
        .args([
            "log",
            "add",
            "--soort",
            "wisseling",
            "--datum",
            "2026-06-01",
            "--met",
            "Bert",
            "--samenvatting",
            "x",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--rol"));
    coop_in(dir.path())
        .args([
            "log",
            "add",
            "--soort",
            "wisseling",
            "--datum",
            "2026-06-02",
            "--met",
            "Bert Kok",
            "--rol",
            "wethouder-wonen",
            "--samenvatting",
            "Bert Kok is wethouder.",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Een nieuwe wethouder of een nieuwe raad",
        ))
        .stderr(predicate::str::contains("coop dossier --voor wethouder"));
}

#[test]
fn malformed_journal_is_an_error_with_line_and_is_left_alone() {
    let dir = setup();
    let broken = journal(dir.path()).replace(
        "    soort: motie\n",
        "    soort: motie\n   samenvatting: [\n",
    );
    std::fs::write(dir.path().join("journaal.yaml"), &broken).unwrap();
    for args in [
        vec!["journaal"],
        vec![
            "log",
            "add",
            "--soort",
            "brief",
            "--datum",
            "2026-01-01",
            "--samenvatting",
            "x",
        ],
        vec!["todo", "klaar", "v2"],
        vec!["dossier", "--voor", "wethouder"],
    ] {
        coop_in(dir.path())
            .args(&args)
            .assert()
            .code(3)
            .stdout("")
            .stderr(predicate::str::is_match(r"journaal\.yaml:\d+:\d+: ").unwrap());
        assert_eq!(journal(dir.path()), broken, "{args:?} left the file alone");
    }
    let bad_kind = journal(dir.path()).replace(
        broken.as_str(),
        "gebeurtenissen:\n  - datum: 2026-01-01\n    soort: vergadering\n    samenvatting: x\n",
    );
    std::fs::write(dir.path().join("journaal.yaml"), &bad_kind).unwrap();
    coop_in(dir.path())
        .arg("journaal")
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "journaal.yaml:3:1: soort 'vergadering' kent coop niet",
        ))
        .stderr(predicate::str::contains("raadsvergadering"));
}

#[test]
fn unknown_ids_in_the_journal_are_warnings_with_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("journaal.yaml"),
        "contacten:\n  - naam: A\n    rol: wethouder\ngebeurtenissen:\n  - datum: 2026-01-01\n    soort: gesprek\n    met: A\n    samenvatting: x\n    tegenwerpingen: [goedkoop]\n",
    )
    .unwrap();
    coop_in(dir.path())
        .arg("journaal")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "journaal.yaml:3:1: rol 'wethouder' kent coop niet",
        ))
        .stderr(predicate::str::contains(
            "journaal.yaml:9:1: tegenwerping 'goedkoop'",
        ));
}

#[test]
fn journal_path_follows_profile_flag_and_env() {
    let dir = setup();
    let elsewhere = tempfile::tempdir().unwrap();
    let profile = dir.path().join("coop.yaml");
    // Next to --profiel, from any working directory.
    coop_in(elsewhere.path())
        .args(["journaal", "--soort", "motie", "--profiel"])
        .arg(&profile)
        .assert()
        .success();
    // --journaal and COOP_JOURNAAL win.
    let other: PathBuf = elsewhere.path().join("ander.yaml");
    coop_in(dir.path())
        .args([
            "log",
            "add",
            "--soort",
            "actie",
            "--datum",
            "2026-05-01",
            "--samenvatting",
            "Spandoek",
            "--journaal",
        ])
        .arg(&other)
        .assert()
        .success();
    assert!(other.exists());
    coop_in(dir.path())
        .env("COOP_JOURNAAL", &other)
        .args(["journaal", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Spandoek"))
        .stdout(predicate::str::contains("motie").not());
}

#[test]
fn an_edit_of_a_changed_file_is_refused() {
    let dir = setup();
    let path = dir.path().join("journaal.yaml");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("coop"))
        .current_dir(dir.path())
        .env_remove("COOP_JOURNAAL")
        .env_remove("COOP_DATA")
        .env_remove("COOP_PROFIEL")
        .env("COOP_TEST_WRITE_PAUSE_MS", "3000")
        .args(["todo", "klaar", "v3", "--datum", "2026-04-20"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_temp_file(dir.path());
    // Someone else saves the journal meanwhile.
    let theirs = format!("{}\n# hand edit\n", journal(dir.path()));
    std::fs::write(&path, &theirs).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is veranderd sinds coop het las"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "their change survives"
    );
    assert_eq!(temp_files(dir.path()), 0, "no temp file left behind");
}

#[test]
fn killed_mid_write_leaves_the_journal_intact() {
    let dir = setup();
    let before = journal(dir.path());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("coop"))
        .current_dir(dir.path())
        .env_remove("COOP_JOURNAAL")
        .env_remove("COOP_DATA")
        .env_remove("COOP_PROFIEL")
        .env("COOP_TEST_WRITE_PAUSE_MS", "20000")
        .args([
            "log",
            "add",
            "--soort",
            "actie",
            "--datum",
            "2026-05-01",
            "--samenvatting",
            "Spandoek",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    wait_for_temp_file(dir.path());
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        journal(dir.path()),
        before,
        "the journal is the old one, byte for byte"
    );
    coop_in(dir.path()).arg("journaal").assert().success();
    // The next write works as usual.
    coop_in(dir.path())
        .args([
            "log",
            "add",
            "--soort",
            "actie",
            "--datum",
            "2026-05-01",
            "--samenvatting",
            "Spandoek",
        ])
        .assert()
        .success();
    assert!(journal(dir.path()).contains("Spandoek"));
}

fn temp_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".journaal-"))
        .count()
}

/// Waits until coop has written its temp file (it then pauses).
fn wait_for_temp_file(dir: &Path) {
    for _ in 0..400 {
        if temp_files(dir) > 0 {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    panic!("coop wrote no temp file within 10 seconds");
}

#[test]
fn a_date_typed_the_dutch_way_is_stored_as_iso() {
    let dir = setup();
    coop_in(dir.path())
        .args(["log", "add", "--soort", "besluit", "--datum", "14-3-2026"])
        .args(["--samenvatting", "Raad stemt in"])
        .assert()
        .success();
    let text = journal(dir.path());
    assert!(text.contains("datum: 2026-03-14"), "{text}");
    assert!(!text.contains("14-3-2026"), "{text}");
}

#[test]
fn a_letter_written_with_log_is_in_the_journal_with_its_follow_up() {
    let dir = crate::common::profile_dir();
    coop_in(dir.path())
        .args([
            "brief",
            "--aan",
            "raadslid",
            "--naam",
            "Anne de Boer",
            "--partij",
            "VVD",
        ])
        .args(["--datum", "2026-12-01", "--out", "brief.md", "--log"])
        .assert()
        .success()
        .stderr(predicate::str::contains("In het journaal"));
    let text = journal(dir.path());
    assert!(text.contains("soort: brief"), "{text}");
    assert!(text.contains("Anne de Boer"), "{text}");
    assert!(text.contains("(brief.md)"), "{text}");
    // The letter promises contact next week: a follow-up seven days later.
    assert!(text.contains("datum: 2026-12-08"), "{text}");
    // A letter to the whole council promises nothing, so no follow-up.
    coop_in(dir.path())
        .args([
            "brief",
            "--datum",
            "2026-12-02",
            "--out",
            "raad.md",
            "--log",
        ])
        .assert()
        .success();
    let text = journal(dir.path());
    assert_eq!(text.matches("wat: Contact opnemen").count(), 1, "{text}");
    // --log needs --out.
    coop_in(dir.path())
        .args(["brief", "--log"])
        .assert()
        .code(2);
}
