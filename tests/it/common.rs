//! Shared helpers for integration tests: run the built binary in a clean
//! environment (no user data dir, no profile, fixed width).

#![allow(dead_code)]

use assert_cmd::Command;

pub fn coop() -> Command {
    let mut cmd = Command::cargo_bin("coop").unwrap();
    cmd.env_remove("COOP_DATA")
        .env_remove("COOP_PROFIEL")
        .env_remove("COOP_JOURNAAL")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    cmd
}

pub fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

pub fn json_of(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.output().unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// Words hunspell (nl_NL + data/woordenlijst.txt) does not know in `text`.
pub fn unknown_words(text: &str) -> Vec<String> {
    use std::io::Write;
    use std::process::{Command as Process, Stdio};
    let mut child = Process::new("hunspell")
        .args([
            "-d",
            "nl_NL",
            "-p",
            "data/woordenlijst.txt",
            "-l",
            "-i",
            "utf-8",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("hunspell is needed for this test: apt-get install -y hunspell hunspell-nl");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let mut words: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .map(str::to_string)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// A full coop.yaml for tests, with figures a reader must find back.
pub const PROFILE: &str = "naam: De Groene Hof
gemeente: Utrecht
contactpersoon: Anna Jansen
functie: voorzitter
email: info@groenehof.nl
telefoon: 030 123 4567
leden: 45
woningen: 30
wachtlijst: 120
doelgroepen: [ouderen, starters]
huur: tussen 700 en 950 euro per maand
fase: locatie
meerwaarde:
  - Elke week een open koffieochtend voor de buurt
platform: [het netwerk van Utrechtse wooncoöperaties]
locatie: de oude school aan de Kerkstraat
statuten: Artikel 12 van onze statuten legt die klem vast, ook voor het geval dat de vereniging stopt.
verhaal: Wij zijn buren die samen oud willen worden in onze eigen wijk.
";

/// A temp dir holding coop.yaml with PROFILE.
pub fn profile_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("coop.yaml"), PROFILE).unwrap();
    dir
}
