//! Issue #12: data loss, injection, bounded readers, safe writing and
//! faithful journals. Each test is one case of the issue (numbered as there)
//! and runs the real binary; concurrency and kill tests take a few seconds.

use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;

use crate::common::{coop, profile_dir, PROFILE};

fn coop_in(dir: &Path) -> Command {
    let mut cmd = coop();
    cmd.current_dir(dir);
    cmd
}

/// The same, as a plain process (for spawning and signals).
fn process_in(dir: &Path) -> Process {
    let mut cmd = Process::new(assert_cmd::cargo::cargo_bin("coop"));
    cmd.current_dir(dir)
        .env_remove("COOP_DATA")
        .env_remove("COOP_PROFIEL")
        .env_remove("COOP_JOURNAAL")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    cmd
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn stderr_of(cmd: &mut Command) -> (Option<i32>, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn add_args(summary: &str) -> Vec<String> {
    [
        "log",
        "add",
        "--journaal",
        "journaal.yaml",
        "--soort",
        "brief",
        "--datum",
        "2026-01-02",
        "--samenvatting",
        summary,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn events(dir: &Path) -> usize {
    let v = crate::common::json_of(coop_in(dir).args([
        "log",
        "--journaal",
        "journaal.yaml",
        "--format",
        "json",
    ]));
    v.as_array().unwrap().len()
}

/// Runs each shell's command lines one after the other, the shells at the
/// same time, in `dir`; every command must succeed.
fn in_parallel_shells(dir: &Path, shells: Vec<Vec<Vec<String>>>) {
    let running: Vec<_> = shells
        .into_iter()
        .map(|commands| {
            let d = dir.to_path_buf();
            std::thread::spawn(move || {
                let mut failed = Vec::new();
                for args in commands {
                    let out = process_in(&d).args(&args).output().unwrap();
                    if !out.status.success() {
                        failed.push(String::from_utf8_lossy(&out.stderr).into_owned());
                    }
                }
                failed
            })
        })
        .collect();
    for s in running {
        let failed = s.join().unwrap();
        assert!(failed.is_empty(), "{failed:?}");
    }
}

// 1. Two writers at once lose nothing.
#[test]
fn case01_two_shells_adding_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    const EACH: usize = 40;
    let shells = ["a", "b"]
        .iter()
        .map(|w| (0..EACH).map(|i| add_args(&format!("{w}-{i}"))).collect())
        .collect();
    in_parallel_shells(dir.path(), shells);
    assert_eq!(events(dir.path()), 2 * EACH);
    assert_eq!(
        names(dir.path()),
        ["journaal.yaml"],
        "no lock or temp file left"
    );
}

// 1. Council facts recorded at once (two shells, `coop raad zet`) are all kept.
#[test]
fn case01_council_facts_recorded_at_once_are_all_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    let places = [
        "Utrecht", "Zwolle", "Deventer", "Leiden", "Delft", "Haarlem", "Arnhem", "Breda",
    ];
    let set = |place: &str, fact: &str| -> Vec<String> {
        ["raad", "zet", fact, "Wonen", "--gemeente", place]
            .into_iter()
            .chain(["--bron", "eigen waarneming, 1 maart 2026", "--data", "data"])
            .map(str::to_string)
            .collect()
    };
    let shells = places
        .chunks(4)
        .map(|chunk| {
            chunk
                .iter()
                .flat_map(|place| ["commissie", "coalitie"].map(|fact| set(place, fact)))
                .collect()
        })
        .collect();
    in_parallel_shells(dir.path(), shells);
    let text = std::fs::read_to_string(dir.path().join("data/council_facts.yaml")).unwrap();
    assert_eq!(
        text.matches("fact: ").count(),
        2 * places.len(),
        "every fact is kept:\n{text}"
    );
    assert_eq!(names(&dir.path().join("data")), ["council_facts.yaml"]);
}

// 1. A second writer waits a bounded time, then says who holds the lock.
#[test]
fn case01_a_second_writer_names_the_holder() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = process_in(dir.path())
        .env("COOP_TEST_WRITE_PAUSE_MS", "4000")
        .args(add_args("eerste"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lock = dir.path().join(".journaal.yaml.lock");
    let start = Instant::now();
    while !lock.exists() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let (code, err) = stderr_of(
        coop_in(dir.path())
            .env("COOP_LOCK_WAIT_MS", "300")
            .args(add_args("tweede")),
    );
    assert_eq!(code, Some(3), "{err}");
    assert!(
        err.contains(&format!(
            "in gebruik door een ander coop-proces: proces {}",
            first.id()
        )),
        "{err}"
    );
    assert!(first.wait().unwrap().success());
    assert_eq!(events(dir.path()), 1);
}

fn merge_dir() -> tempfile::TempDir {
    let dir = profile_dir();
    std::fs::write(
        dir.path().join("r.csv"),
        "naam,partij,email\nJan de Vries,VVD,jan@raad.nl\nPiet Bos,SP,piet@raad.nl\nEmma Bakker,CDA,emma@raad.nl\n",
    )
    .unwrap();
    let out = dir.path().join("brieven");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("jan-de-vries.md"), "Met de hand aangepast.\n").unwrap();
    dir
}

fn leftovers(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for d in [dir.to_path_buf(), dir.join("brieven")] {
        if d.is_dir() {
            found.extend(
                names(&d)
                    .into_iter()
                    .filter(|n| n.starts_with(".coop") || n.ends_with(".tmp")),
            );
        }
    }
    found
}

// 2. A later target that fails leaves every original in place.
#[test]
fn case02_a_failing_merge_keeps_the_hand_edited_letter() {
    let dir = merge_dir();
    std::fs::create_dir(dir.path().join("brieven/piet-bos.md")).unwrap();
    let (code, err) = stderr_of(coop_in(dir.path()).args([
        "brief",
        "--ontvangers",
        "r.csv",
        "--out",
        "brieven",
        "--force",
    ]));
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("een map"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("brieven/jan-de-vries.md")).unwrap(),
        "Met de hand aangepast.\n"
    );
    assert_eq!(
        names(&dir.path().join("brieven")),
        ["jan-de-vries.md", "piet-bos.md"]
    );
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

// 2. Ctrl-C half-way through a merge changes nothing and leaves nothing.
#[cfg(unix)]
#[test]
fn case02_ctrl_c_during_a_merge_restores_everything() {
    let dir = merge_dir();
    let child = process_in(dir.path())
        .env("COOP_TEST_BATCH_PAUSE_MS", "700")
        .args([
            "brief",
            "--ontvangers",
            "r.csv",
            "--out",
            "brieven",
            "--force",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the staging folder is there, then press Ctrl-C.
    let start = Instant::now();
    while !names(&dir.path().join("brieven"))
        .iter()
        .any(|n| n.starts_with(".coop-"))
    {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no staging folder"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(900));
    unsafe_kill(child.id(), "INT");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Afgebroken"));
    assert_eq!(names(&dir.path().join("brieven")), ["jan-de-vries.md"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("brieven/jan-de-vries.md")).unwrap(),
        "Met de hand aangepast.\n"
    );
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

/// Sends a signal by name with kill(1).
fn unsafe_kill(pid: u32, signal: &str) {
    assert!(Process::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .unwrap()
        .success());
}

// 2. What a killed merge (kill -9) left behind goes with the next run.
#[cfg(unix)]
#[test]
fn case02_leftovers_of_a_killed_merge_are_cleaned_up() {
    let dir = merge_dir();
    let mut child = process_in(dir.path())
        .env("COOP_TEST_BATCH_PAUSE_MS", "5000")
        .args(["brief", "--ontvangers", "r.csv", "--out", "nieuw"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while leftovers(dir.path()).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no staging folder"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    coop_in(dir.path())
        .args(["brief", "--ontvangers", "r.csv", "--out", "nieuw"])
        .assert()
        .success();
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
    assert_eq!(names(&dir.path().join("nieuw")).len(), 3);
}

// 3. A byte order mark is not text.
#[test]
fn case03_a_bom_keeps_comments_and_profiles_readable() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journaal.yaml");
    std::fs::write(&journal, "\u{feff}# notitie\ngebeurtenissen: []\n").unwrap();
    coop_in(dir.path())
        .args(add_args("Brief verstuurd"))
        .assert()
        .success()
        .stderr(predicate::str::contains("opmerkingen"));
    let bak = std::fs::read_to_string(dir.path().join("journaal.yaml.bak")).unwrap();
    assert!(bak.contains("# notitie"), "{bak}");

    std::fs::write(dir.path().join("coop.yaml"), format!("\u{feff}{PROFILE}")).unwrap();
    coop_in(dir.path())
        .args(["brief", "--datum", "2026-11-27"])
        .assert()
        .success()
        .stdout(predicate::str::contains("De Groene Hof"));
    coop_in(dir.path())
        .args([
            "start",
            "--ja",
            "--geen-documenten",
            "--datum",
            "2026-11-27",
        ])
        .assert()
        .success();
    let written = std::fs::read_to_string(dir.path().join("coop.yaml")).unwrap();
    assert!(written.contains("De Groene Hof"), "{written}");
}

/// Every place user text enters a document, with `value` in it.
fn hostile_dir(value: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let q = |s: &str| serde_json::to_string(s).unwrap();
    std::fs::write(
        dir.path().join("coop.yaml"),
        format!(
            "naam: {v}\ngemeente: Utrecht\ncontactpersoon: {v}\nfunctie: {v}\nemail: info@groenehof.nl\ntelefoon: {v}\nwebsite: {v}\nadres: {v}\nleden: 45\nhuur: {v}\nmeerwaarde:\n  - {v}\npartners: [{v}]\nplatform: [{v}]\n",
            v = q(value)
        ),
    )
    .unwrap();
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(["naam", "partij", "email", "aanhef", "fractie"])
        .unwrap();
    csv.write_record([value, "VVD", "jan@raad.nl", value, value])
        .unwrap();
    std::fs::write(dir.path().join("r.csv"), csv.into_inner().unwrap()).unwrap();
    std::fs::write(
        dir.path().join("onder.yaml"),
        format!("- naam: {}\n  leden: 4\n", q(value)),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("journaal.yaml"),
        format!(
            "contacten:\n  - naam: {v}\n    rol: raadslid\n    partij: {v}\ngebeurtenissen:\n  - datum: 2026-03-01\n    soort: gesprek\n    met: {v}\n    samenvatting: {v}\n    uitkomst: {v}\n    afspraken: [{v}]\n    links: [{v}]\n    openbaar: ja\n",
            v = q(value)
        ),
    )
    .unwrap();
    dir
}

/// No active link, image or raw HTML came from `value`.
fn assert_inert(html: &str, value: &str, what: &str) {
    let body = html.split("<body>").nth(1).unwrap_or(html);
    let lower = body.to_ascii_lowercase();
    for bad in [
        "href=\"javascript:",
        "href=\"vbscript:",
        "href=\"data:",
        "<img",
        "<script",
        "href=\"http://tracker",
        "href=\"https://evil",
        "href=\"http://evil",
    ] {
        assert!(
            !lower.contains(bad),
            "{what}: {value:?} gave {bad}:\n{body}"
        );
    }
}

const HOSTILE: &[&str] = &[
    "[x](javascript:alert(1))",
    "![](http://tracker.example/p.gif)",
    "[![a](http://tracker.example/i.png)](javascript:y)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<https://evil.example>",
    "[b]: http://evil.example",
    "a\n\n[b]: javascript:alert(1)\n\n[klik][b]",
    "x\n# kop\n- lijst",
    "`x` **y** <!-- z -->",
];

// 4. Hostile text in every field stays text in every format.
#[test]
fn case04_user_text_never_becomes_a_link_an_image_or_html() {
    for value in HOSTILE {
        let dir = hostile_dir(value);
        let p = dir.path();
        let run = |args: &[&str]| -> String {
            let out = coop_in(p).args(args).output().unwrap();
            assert!(
                out.status.success(),
                "{args:?} {value:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let day = ["--datum", "2026-11-27"];
        for format in ["html", "eml"] {
            for doc in [
                vec![
                    "brief", "--aan", "raadslid", "--naam", value, "--aanhef", value,
                ],
                vec!["brief", "--aan", "wethouder", "--naam", value],
                vec!["inspreek"],
                vec!["manifest", "--ondertekenaars", "onder.yaml"],
                vec!["dossier", "--voor", "raadslid"],
            ] {
                let mut args = doc.clone();
                args.extend(["--format", format]);
                args.extend(day);
                let out = run(&args);
                let html = if format == "eml" {
                    let msg = mail_parser::MessageParser::default()
                        .parse(out.as_bytes())
                        .unwrap();
                    msg.body_html(0).unwrap().into_owned()
                } else {
                    out
                };
                assert_inert(&html, value, &format!("{args:?}"));
            }
        }
        assert_inert(&run(&["tijdlijn", "--format", "html"]), value, "tijdlijn");
        let merge = coop_in(p)
            .args(["brief", "--ontvangers", "r.csv", "--out", "b"])
            .args(["--format", "html"])
            .assert();
        if value.contains('\n') {
            // A CSV value over more lines is refused (names are one line).
            merge.code(3).stderr(predicate::str::contains("één regel"));
            continue;
        }
        merge.success();
        for f in names(&p.join("b")) {
            assert_inert(
                &std::fs::read_to_string(p.join("b").join(&f)).unwrap(),
                value,
                "mail merge",
            );
        }
        // In Markdown itself the text is escaped: no link syntax is left.
        let md = run(&[
            "brief",
            "--aan",
            "raadslid",
            "--naam",
            value,
            "--datum",
            "2026-11-27",
        ]);
        for mark in ["](", "<"] {
            for (i, _) in md.match_indices(mark) {
                assert!(md[..i].ends_with('\\'), "unescaped {mark} in {md}");
            }
        }
    }
}

// 5. One mailbox per field.
#[test]
fn case05_more_than_one_address_is_refused() {
    for bad in [
        "kees@raad.nl,evil@x.example",
        "a@x>,<b@y",
        "a@x.nl\nBcc: b@y.nl",
    ] {
        let dir = profile_dir();
        let mut csv = csv::Writer::from_writer(Vec::new());
        csv.write_record(["naam", "partij", "email"]).unwrap();
        csv.write_record(["Kees", "VVD", bad]).unwrap();
        std::fs::write(dir.path().join("r.csv"), csv.into_inner().unwrap()).unwrap();
        coop_in(dir.path())
            .args([
                "brief",
                "--ontvangers",
                "r.csv",
                "--out",
                "b",
                "--format",
                "eml",
            ])
            .assert()
            .code(3)
            .stderr(predicate::str::contains("r.csv:2:1: email:"));
        assert!(!dir.path().join("b").exists());
        coop_in(dir.path())
            .args([
                "brief", "--aan", "raadslid", "--email", bad, "--format", "eml",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--email:"));
        std::fs::write(
            dir.path().join("coop.yaml"),
            format!("naam: X\nemail: {}\n", serde_json::to_string(bad).unwrap()),
        )
        .unwrap();
        coop_in(dir.path())
            .args(["brief", "--format", "eml"])
            .assert()
            .code(3)
            .stderr(predicate::str::contains("coop.yaml:2:1: email:"));
    }
}

// 6. Escape sequences from files or queries never reach the terminal.
#[test]
fn case06_control_characters_are_not_printed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("journaal.yaml"),
        "gebeurtenissen:\n  - id: e1\n    datum: 2026-03-01\n    soort: gesprek\n    samenvatting: \"Titel\\e]0;gehackt\\a weg\\e[2J\"\n",
    )
    .unwrap();
    for args in [
        vec!["journaal", "toon", "e1"],
        vec!["journaal"],
        vec!["journaal", "--format", "json"],
        vec!["tegenwerpingen", "geen\u{1b}]0;x\u{7}"],
        vec!["weerleg", "\u{1b}[2Jgeen vraag naar"],
    ] {
        let out = coop_in(dir.path()).args(&args).output().unwrap();
        for stream in [&out.stdout, &out.stderr] {
            assert!(
                !stream.iter().any(|&b| b == 0x1b || b == 0x07),
                "{args:?}: {}",
                String::from_utf8_lossy(stream)
            );
        }
    }
}

// 7. Every reader stops at its limit at once, with a message naming it.
#[test]
fn case07_limits_on_size_and_depth() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let deep = format!("naam: {}\n", "[".repeat(100_000));
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("coop.yaml", vec!["brief", "--profiel", "coop.yaml"]),
        (
            "journaal.yaml",
            vec!["journaal", "--journaal", "journaal.yaml"],
        ),
        (
            "antwoorden.yaml",
            vec!["start", "--antwoorden", "antwoorden.yaml", "--ja"],
        ),
        (
            "onder.yaml",
            vec!["manifest", "--ondertekenaars", "onder.yaml"],
        ),
        (
            "data/objections.yaml",
            vec!["--data", "data", "tegenwerpingen"],
        ),
    ];
    std::fs::create_dir(p.join("data")).unwrap();
    for (file, args) in &cases {
        std::fs::write(p.join(file), &deep).unwrap();
        let start = Instant::now();
        let (code, err) = stderr_of(coop_in(p).args(args));
        eprintln!("{file}: {:?}", start.elapsed());
        assert_eq!(code, Some(3), "{file}: {err}");
        assert!(err.contains("64 niveaus"), "{file}: {err}");
        assert!(err.len() < 600, "{file}: {err}");
        std::fs::remove_file(p.join(file)).unwrap();
    }
    // Too large: refused by its size, before it is read.
    let big = "# x\n".repeat(3 * 1024 * 1024);
    for (file, args) in &cases[..2] {
        std::fs::write(p.join(file), &big).unwrap();
        let (code, err) = stderr_of(coop_in(p).args(args));
        assert_eq!(code, Some(3), "{file}: {err}");
        assert!(err.contains("coop leest"), "{file}: {err}");
        assert!(err.contains(" MB"), "{file}: {err}");
        std::fs::remove_file(p.join(file)).unwrap();
    }
    let mut csv = String::from("naam,partij,email\n");
    while csv.len() < 5 * 1024 * 1024 {
        csv.push_str("Jan de Vries,VVD,jan@raad.nl\n");
    }
    std::fs::write(p.join("r.csv"), &csv).unwrap();
    let (code, err) = stderr_of(coop_in(p).args(["brief", "--ontvangers", "r.csv", "--out", "b"]));
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("tot 4 MB"), "{err}");
    // stdin: reading stops at the limit.
    let mut child = process_in(p)
        .args(["weerleg", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..200 {
            if stdin.write_all(&chunk).is_err() {
                return;
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("100 kB"));
}

// 8. A message repeats a short excerpt, not the whole value.
#[test]
fn case08_messages_cut_long_values() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(50_000);
    for (file, text, args) in [
        ("coop.yaml", format!("fase: {long}\n"), vec!["brief"]),
        ("coop.yaml", format!("leden: {long}\n"), vec!["brief"]),
        (
            "journaal.yaml",
            format!("gebeurtenissen:\n  - datum: {long}\n    soort: {long}\n    samenvatting: x\n"),
            vec!["journaal"],
        ),
    ] {
        std::fs::write(dir.path().join(file), text).unwrap();
        let (code, err) = stderr_of(coop_in(dir.path()).args(&args));
        assert_eq!(code, Some(3), "{err}");
        assert!(err.len() < 800, "{} bytes: {}", err.len(), &err[..800]);
        std::fs::remove_file(dir.path().join(file)).unwrap();
    }
    let mut csv = String::from("naam,partij,email\n");
    csv.push_str(&format!("A,VVD,{long}\n"));
    std::fs::write(dir.path().join("r.csv"), csv).unwrap();
    let (code, err) =
        stderr_of(coop_in(dir.path()).args(["brief", "--ontvangers", "r.csv", "--out", "b"]));
    assert_eq!(code, Some(3), "{err}");
    assert!(err.len() < 400, "{err}");
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    assert!(Process::new("mkfifo").arg(path).status().unwrap().success());
}

// 9. A FIFO as input is refused at once instead of waiting for ever.
#[cfg(unix)]
#[test]
fn case09_a_fifo_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [
        ("p.yaml", vec!["brief", "--profiel", "p.yaml"]),
        ("j.yaml", vec!["journaal", "--journaal", "j.yaml"]),
        (
            "r.csv",
            vec!["brief", "--ontvangers", "r.csv", "--out", "b"],
        ),
        ("a.yaml", vec!["start", "--antwoorden", "a.yaml", "--ja"]),
        ("o.yaml", vec!["manifest", "--ondertekenaars", "o.yaml"]),
    ] {
        mkfifo(&dir.path().join(name));
        coop_in(dir.path())
            .args(&args)
            .timeout(Duration::from_secs(20))
            .assert()
            .code(3)
            .stderr(predicate::str::contains("pijp (FIFO)"));
    }
}

/// A null device (like /dev/null) in `dir`, when we may make one (root).
/// Tests never aim at the real /dev/null: a regression would break the
/// machine it runs on.
#[cfg(unix)]
fn null_device(dir: &Path) -> Option<std::path::PathBuf> {
    let path = dir.join("null");
    Process::new("mknod")
        .args([path.to_str().unwrap(), "c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .ok()
        .filter(|s| s.success())
        .map(|_| path)
}

// 10. A device or FIFO is never replaced, not even with --force.
#[cfg(unix)]
#[test]
fn case10_devices_are_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = profile_dir();
    let fifo = dir.path().join("uit.md");
    mkfifo(&fifo);
    coop_in(dir.path())
        .args(["brief", "--out", "uit.md", "--force"])
        .timeout(Duration::from_secs(20))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("pijp (FIFO)"));
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    let Some(dev) = null_device(dir.path()) else {
        eprintln!("not root: the device part of this test is skipped");
        return;
    };
    coop_in(dir.path())
        .args(["brief", "--out", dev.to_str().unwrap(), "--force"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("apparaat"));
    coop_in(dir.path())
        .env("COOP_JOURNAAL", &dev)
        .args(["log", "add", "--soort", "brief", "--datum", "2026-01-02"])
        .args(["--samenvatting", "x"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("apparaat"));
    assert!(std::fs::symlink_metadata(&dev)
        .unwrap()
        .file_type()
        .is_char_device());
}

// 11. A symlinked journal or profile stays a symlink.
#[cfg(unix)]
#[test]
fn case11_symlinks_are_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("echt")).unwrap();
    std::fs::write(p.join("echt/journaal.yaml"), "gebeurtenissen: []\n").unwrap();
    std::os::unix::fs::symlink("echt/journaal.yaml", p.join("journaal.yaml")).unwrap();
    coop_in(p).args(add_args("Via de link")).assert().success();
    assert!(std::fs::symlink_metadata(p.join("journaal.yaml"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(p.join("echt/journaal.yaml"))
        .unwrap()
        .contains("Via de link"));
    assert_eq!(names(&p.join("echt")), ["journaal.yaml"]);

    std::fs::write(p.join("echt/coop.yaml"), PROFILE).unwrap();
    std::os::unix::fs::symlink("echt/coop.yaml", p.join("coop.yaml")).unwrap();
    coop_in(p)
        .args([
            "start",
            "--ja",
            "--geen-documenten",
            "--naam",
            "De Nieuwe Hof",
        ])
        .args(["--datum", "2026-11-27"])
        .assert()
        .success();
    assert!(std::fs::symlink_metadata(p.join("coop.yaml"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(p.join("echt/coop.yaml"))
        .unwrap()
        .contains("De Nieuwe Hof"));
    coop_in(p).args(["init", "--force"]).assert().success();
    assert!(std::fs::symlink_metadata(p.join("coop.yaml"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
fn set_mode(path: &Path, m: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(m)).unwrap();
}

// 12. Private files stay private: the journal, its .bak and --force.
#[cfg(unix)]
#[test]
fn case12_permissions_are_kept() {
    let dir = profile_dir();
    let p = dir.path();
    let journal = p.join("journaal.yaml");
    std::fs::write(&journal, "# geheim\ngebeurtenissen: []\n").unwrap();
    set_mode(&journal, 0o600);
    coop_in(p).args(add_args("Privé")).assert().success();
    assert_eq!(mode(&journal), 0o600);
    assert_eq!(mode(&p.join("journaal.yaml.bak")), 0o600);
    let letter = p.join("brief.md");
    std::fs::write(&letter, "oud").unwrap();
    set_mode(&letter, 0o600);
    coop_in(p)
        .args(["brief", "--out", "brief.md", "--force"])
        .assert()
        .success();
    assert_eq!(mode(&letter), 0o600);
}

// 14. Only a date or a yes-word means done.
#[test]
fn case14_klaar_nee_is_an_error_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    for word in ["Nee", "niet"] {
        std::fs::write(
            dir.path().join("journaal.yaml"),
            format!("vervolg:\n  - datum: 2026-03-28\n    wat: Bellen\n    klaar: {word}\n"),
        )
        .unwrap();
        coop_in(dir.path())
            .args(["todo", "--journaal", "journaal.yaml"])
            .assert()
            .code(3)
            .stderr(predicate::str::contains("journaal.yaml:4:12: klaar:"));
    }
}

// 15. Ctrl-C in the journal's menu shows the cursor again.
#[cfg(unix)]
#[test]
fn case15_ctrl_c_in_the_journal_menu_restores_the_cursor() {
    use rexpect::process::WaitStatus;
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Process::new(env!("CARGO_BIN_EXE_coop"));
    cmd.args(["journaal", "nieuw", "--journaal", "journaal.yaml"])
        .current_dir(dir.path())
        .env_remove("COOP_DATA")
        .env_remove("COOP_PROFIEL")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("Wat voor gebeurtenis").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("\x1b[?25h").expect("cursor shown again");
    p.exp_eof().unwrap();
    match p.process().wait().unwrap() {
        WaitStatus::Exited(_, code) => assert_eq!(code, 130),
        other => panic!("{other:?}"),
    }
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
}

// 16. Messages are Dutch, name the file and never a temp file.
#[test]
fn case16_messages_are_dutch() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("journaal.yaml"),
        b"gebeurtenissen:\n  - x: \xff\n",
    )
    .unwrap();
    let (code, err) = stderr_of(coop_in(dir.path()).arg("journaal"));
    assert_eq!(code, Some(3));
    assert!(err.contains("journaal.yaml:2:"), "{err}");
    assert!(err.contains("geen UTF-8-tekst"), "{err}");
    assert!(!err.contains("stream did not contain"), "{err}");

    std::fs::write(dir.path().join("onder.yaml"), "- 12\n- [a, b]\n").unwrap();
    let (code, err) =
        stderr_of(coop_in(dir.path()).args(["manifest", "--ondertekenaars", "onder.yaml"]));
    assert_eq!(code, Some(3));
    assert!(err.contains("onder.yaml:"), "{err}");
    assert!(!err.contains("untagged"), "{err}");
    assert!(!err.contains("Signatory"), "{err}");

    // Not UTF-8 on stdin.
    let mut child = process_in(dir.path())
        .args(["weerleg", "-"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"geen \xff vraag")
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("UTF-8"), "{err}");
    assert!(!err.contains("stream did not"), "{err}");
}

// 16. Usage errors: no empty list to choose from, no missing name.
#[test]
fn case16_usage_errors_name_what_is_wrong() {
    let (code, err) = stderr_of(coop().args(["journaal", "--journaal", "x.yaml", "toon"]));
    assert_eq!(code, Some(2));
    assert!(err.starts_with("coop: --journaal"), "{err}");
    assert!(!err.contains("coop:  en"), "{err}");
    let (code, err) = stderr_of(coop().args(["brief", "--profiel"]));
    assert_eq!(code, Some(2));
    assert!(!err.contains("Kies uit: ."), "{err}");
    assert!(err.contains("--profiel"), "{err}");
}

// 13. A rewrite keeps scalars as the user wrote them.
#[test]
fn case13_scalars_are_kept_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let before = "versie: 4.10\ncontacten:\n  - naam: Jan\n    telefoon: 0612345678\n    kamer: 0x10\ngebeurtenissen:\n  - id: e1\n    datum: 2026-03-14\n    soort: gesprek\n    samenvatting: 4.10\n    bedrag: 1e3\n    stand: 0x10\n    openbaar: ja\n";
    std::fs::write(dir.path().join("journaal.yaml"), before).unwrap();
    coop_in(dir.path())
        .args(add_args("Brief verstuurd"))
        .assert()
        .success();
    let after = std::fs::read_to_string(dir.path().join("journaal.yaml")).unwrap();
    for kept in [
        "versie: 4.10\n",
        "telefoon: 0612345678\n",
        "kamer: 0x10\n",
        "samenvatting: 4.10\n",
        "bedrag: 1e3\n",
        "stand: 0x10\n",
        "openbaar: ja\n",
    ] {
        assert!(after.contains(kept), "{kept:?} lost:\n{after}");
    }
    assert!(after.contains("Brief verstuurd"));
}
