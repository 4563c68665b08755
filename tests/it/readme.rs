//! Every command in README.md works when copied in order on a fresh
//! machine: the ```sh blocks are run one command at a time, in order, in
//! an empty folder, with the built `coop` first on PATH, HOME in that
//! folder (so `~/...` never touches the real home), stdin empty (no
//! terminal) and no network use by coop.
//!
//! - `<!-- readme-test: file NAME -->` before a block: the block is an
//!   example file the reader saves as NAME; the test saves it there too.
//! - `SKIP`: commands that cannot run here, each with the reason.
//! - `EXIT`: commands that end with another exit code on purpose, as
//!   README documents.
//! - `DOWNLOADS`: files README tells the reader to download; the test
//!   puts the equivalent test data there.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Commands that cannot run in a test, and why.
const SKIP: &[(&str, &str)] = &[
    (
        "cargo run --release -- brief --gemeente utrecht",
        "builds the program; this test runs the binary cargo built",
    ),
    ("bash .ci/run", "runs all checks, this test among them"),
    (
        "coop start",
        "asks its questions in a terminal; the same flow with options is run below it",
    ),
    (
        "coop serve --open",
        "a web server that runs until Ctrl-C; tests/it/web.rs and web_browser.rs start and drive it",
    ),
];

/// Commands that exit with another code than 0 on purpose.
const EXIT: &[(&str, i32)] = &[
    // README: "4: er is een vervolgactie voor vandaag of te laat"; the
    // journal block records one due on 2026-03-28.
    ("coop todo", 4),
];

/// Files README says to download, and the test data in their place.
const DOWNLOADS: &[(&str, &[&str])] = &[
    (
        "uitslag_GR2026.zip",
        &[
            "tests/data/council/GR2026_Groningen.eml.xml",
            "tests/data/council/GR2026_Weesp.eml.xml",
        ],
    ),
    (
        "exportOO.xml",
        &["tests/data/council/exportOO_gemeenten.xml"],
    ),
];

/// One step of README in order.
#[derive(Debug)]
enum Step {
    /// A command (continuation lines joined), with its line in README.
    Command(usize, String),
    /// An example file to save.
    File(String, String),
}

fn steps(readme: &str) -> Vec<Step> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut steps = Vec::new();
    let mut marker: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if let Some(m) = line
            .strip_prefix("<!-- readme-test:")
            .and_then(|m| m.strip_suffix("-->"))
        {
            marker = Some(m.trim().to_string());
            i += 1;
            continue;
        }
        let Some(info) = line.strip_prefix("```") else {
            if !line.is_empty() {
                marker = None;
            }
            i += 1;
            continue;
        };
        let start = i + 1;
        let mut end = start;
        while !lines[end].trim().starts_with("```") {
            end += 1;
        }
        let body = &lines[start..end];
        match marker.take() {
            Some(m) => {
                let name = m
                    .strip_prefix("file ")
                    .unwrap_or_else(|| panic!("README.md:{i}: unknown marker {m:?}"));
                let text: String = body.iter().map(|l| format!("{l}\n")).collect();
                steps.push(Step::File(name.trim().to_string(), text));
            }
            None if matches!(info.trim(), "sh" | "bash" | "console") => {
                let mut command = String::new();
                let mut first = 0;
                for (k, l) in body.iter().enumerate() {
                    let l = l.strip_prefix("$ ").unwrap_or(l);
                    if command.is_empty() {
                        if l.trim().is_empty() || l.trim_start().starts_with('#') {
                            continue;
                        }
                        first = start + k + 1;
                    }
                    match l.strip_suffix('\\') {
                        Some(part) => {
                            command.push_str(part);
                            command.push(' ');
                        }
                        None => {
                            command.push_str(l);
                            steps.push(Step::Command(first, std::mem::take(&mut command)));
                        }
                    }
                }
                assert!(command.is_empty(), "README.md:{first}: a \\ ends the block");
            }
            None => {}
        }
        i = end + 1;
    }
    steps
}

/// The command without a trailing `# comment` (outside quotes), trimmed.
fn without_comment(command: &str) -> String {
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in command.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '#') if prev.is_whitespace() => return command[..i].trim().to_string(),
            _ => {}
        }
        prev = c;
    }
    command.trim().to_string()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_readme_command_works_in_order() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("werk");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    put_downloads(&work);

    let bin = Path::new(env!("CARGO_BIN_EXE_coop")).parent().unwrap();
    let path = format!("{}:/usr/local/bin:/usr/bin:/bin", bin.display());
    let mut skipped = Vec::new();
    let mut exits = Vec::new();
    let mut ran = 0;
    for step in steps(&readme) {
        let (line, command) = match step {
            Step::File(name, text) => {
                std::fs::write(work.join(name), text).unwrap();
                continue;
            }
            Step::Command(line, command) => (line, command),
        };
        let plain = collapse(&without_comment(&command));
        if let Some((c, _why)) = SKIP.iter().find(|(c, _)| *c == plain) {
            skipped.push(*c);
            continue;
        }
        let expected = EXIT
            .iter()
            .find(|(c, _)| *c == plain)
            .map_or(0, |(c, code)| {
                exits.push(*c);
                *code
            });
        let mut child = Command::new("sh");
        // Its own process group, so a timeout stops the command and
        // everything it started, not only the shell.
        std::os::unix::process::CommandExt::process_group(&mut child, 0);
        let mut child = child
            .args(["-c", &command])
            .current_dir(&work)
            .env_clear()
            .env("PATH", &path)
            .env("HOME", &home)
            .env("LANG", "C.UTF-8")
            .env("COLUMNS", "100")
            .env("NO_COLOR", "1")
            // No network: a proxy that refuses every connection.
            .env("http_proxy", "http://127.0.0.1:9")
            .env("https_proxy", "http://127.0.0.1:9")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(120);
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                // SAFETY: a plain kill(2) of the group this test started.
                unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
                let _ = child.wait();
                panic!("README.md:{line}: `{plain}` took more than 120 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        let code = out.status.code().unwrap_or(-1);
        assert_eq!(
            code,
            expected,
            "README.md:{line}: `{plain}` exited {code}, expected {expected}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    // The lists stay true: each entry is a command README still has.
    for (c, _) in SKIP {
        assert!(
            skipped.contains(c),
            "SKIP lists `{c}`, which README no longer has"
        );
    }
    for (c, _) in EXIT {
        assert!(
            exits.contains(c),
            "EXIT lists `{c}`, which README no longer has"
        );
    }
    assert!(ran > 50, "only {ran} commands ran: is the parser right?");
    // What README promised exists.
    for file in [
        "coop.yaml",
        "brief-kort.docx",
        "brieven.zip",
        "brieven.mbox",
        "reactie.docx",
        "dossier.docx",
        "tijdlijn.html",
        "plan.md",
        "journaal.yaml",
    ] {
        assert!(work.join(file).is_file(), "{file} was not written");
    }
    assert!(work.join("brieven").is_dir());
    assert!(home
        .join(".local/share/bash-completion/completions/coop")
        .is_file());
}

/// The downloads README names, from the test data.
fn put_downloads(work: &Path) {
    for (name, sources) in DOWNLOADS {
        let target = work.join(name);
        if name.ends_with(".zip") {
            let mut zip = zip::ZipWriter::new(std::fs::File::create(&target).unwrap());
            for source in *sources {
                let file = Path::new(source).file_name().unwrap().to_string_lossy();
                zip.start_file(file, zip::write::SimpleFileOptions::default())
                    .unwrap();
                std::io::Write::write_all(&mut zip, &std::fs::read(source).unwrap()).unwrap();
            }
            zip.finish().unwrap();
        } else {
            std::fs::copy(sources[0], &target).unwrap();
        }
    }
}

#[test]
fn the_parser_joins_lines_and_reads_markers() {
    let readme = "Tekst\n\n<!-- readme-test: file a.csv -->\n```text\nx;y\n```\n\n```sh\ncoop a \\\n  --b   # uitleg\n   # nog uitleg\necho \"# geen\" # wel\n```\n```yaml\nnee: 1\n```\n";
    let steps = steps(readme);
    assert_eq!(steps.len(), 3, "{steps:?}");
    assert!(matches!(&steps[0], Step::File(n, t) if n == "a.csv" && t == "x;y\n"));
    assert!(
        matches!(&steps[1], Step::Command(9, c) if collapse(&without_comment(c)) == "coop a --b")
    );
    assert!(matches!(&steps[2], Step::Command(12, c) if without_comment(c) == "echo \"# geen\""));
}
