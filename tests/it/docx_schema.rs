//! Word files checked by real readers: every part parses as XML (quick-xml),
//! every relationship and content type resolves (zip), and the OOXML schema
//! and Word's semantic rules hold (`openxml-audit -f microsoft365`, from
//! PyPI, installed in a Python virtual environment under target/).

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{coop, profile_dir};

/// Pinned, so a new release cannot change the verdict under us.
const AUDIT: &str = "openxml-audit==0.8.0";

/// A Markdown text with everything the docx writer maps: headings, lists
/// (nested, numbered from 3, loose), quotes, a table, links, fill-ins,
/// raw HTML, a rule and odd characters.
const RICH: &str = "# Verzoek aan de raad van Súdwest-Fryslân\n\n\
    Geachte raad,\nwij schrijven namens **[naam van jullie coöperatie]** en *haar leden*.\n\n\
    Coöperatie <script>alert(1)</script> & co \u{1}.\n\n\
    ## Wat wij vragen\n\n\
    - grond in **erfpacht**\n- een ~~lening~~ garantstelling\n  - genest punt: [aantal]\n\n\
    3. derde\n4. vierde\n\n   vervolg\n\n\
    > Citaat uit het akkoord.\n>\n> - in een citaat\n\n\
    Zie [de notitie](https://example.org/n?a=1&b=2), <https://example.org/x> en \
    [mail](mailto:griffie@example.org).  \nMail <griffie@example.org>.\n\n\
    `code` en [niet klikbaar](javascript:alert(1)).\n\n---\n\n\
    ```\nregel 1\n\nregel 3\n```\n\n\
    | Jaar | Woningen |\n|---|---|\n| 2025 | [aantal] |\n| 2026 | 12 |\n\n\
    Met vriendelijke groet,\n\nAnna Jansen\\\nvoorzitter\n";

fn docx_files(dir: &Path) -> Vec<PathBuf> {
    let profile = profile_dir();
    let empty = tempfile::tempdir().unwrap();
    let runs: [(&Path, &[&str], &str); 5] = [
        (profile.path(), &["brief"], "brief.docx"),
        (
            profile.path(),
            &[
                "brief",
                "--aan",
                "raadslid",
                "--naam",
                "Jan de Vries",
                "--partij",
                "CDA",
            ],
            "raadslid.docx",
        ),
        (
            empty.path(),
            &["brief", "--gemeente", "Aa en Hunze"],
            "leeg.docx",
        ),
        (profile.path(), &["inspreek"], "inspreek.docx"),
        (profile.path(), &["manifest"], "manifest.docx"),
    ];
    let mut files = Vec::new();
    for (cwd, args, name) in runs {
        let out = dir.join(name);
        let status = coop()
            .current_dir(cwd)
            .args(args)
            .args(["--format", "docx", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        files.push(out);
    }
    let meta = coop::render::docx::DocxMeta {
        title: "Alles <erin> & meer",
        creator: Some("De Kiem"),
        created: jiff::Timestamp::now(),
    };
    for (name, md) in [("rijk.docx", RICH), ("leeg-document.docx", "")] {
        let path = dir.join(name);
        std::fs::write(&path, coop::render::docx::to_docx(md, &meta).unwrap()).unwrap();
        files.push(path);
    }
    files
}

pub fn parts(path: &Path) -> Vec<(String, String)> {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut xml = String::new();
            file.read_to_string(&mut xml).unwrap();
            (file.name().to_string(), xml)
        })
        .collect()
}

/// The value of attribute `name` in each element `tag` of `xml`.
fn attributes(xml: &str, tag: &[u8], name: &[u8]) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut values = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if e.name().as_ref() == tag =>
            {
                if let Some(a) = e.try_get_attribute(name).unwrap() {
                    values.push(
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap()
                            .into_owned(),
                    );
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    values
}

#[test]
fn every_part_parses_and_every_reference_resolves() {
    let dir = tempfile::tempdir().unwrap();
    for file in docx_files(dir.path()) {
        check_parts(&file);
    }
}

/// Every part of `file` parses as XML and every relationship and content
/// type resolves.
pub fn check_parts(file: &Path) {
    {
        let parts = parts(file);
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names[0], "[Content_Types].xml", "{}", file.display());
        for (name, xml) in &parts {
            let mut reader = quick_xml::Reader::from_str(xml);
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(_) => {}
                    Err(e) => panic!("{}: {name}: {e}", file.display()),
                }
            }
        }
        let get = |n: &str| &parts.iter().find(|(name, _)| name == n).unwrap().1;
        for part in attributes(get("[Content_Types].xml"), b"Override", b"PartName") {
            assert!(
                names.contains(&part.trim_start_matches('/')),
                "{}: no {part}",
                file.display()
            );
        }
        let rels = get("word/_rels/document.xml.rels");
        let internal: Vec<String> = attributes(rels, b"Relationship", b"Target")
            .into_iter()
            .filter(|t| !t.contains(':'))
            .collect();
        for target in internal {
            assert!(
                names.contains(&format!("word/{target}").as_str()),
                "{target}"
            );
        }
        let ids = attributes(rels, b"Relationship", b"Id");
        let document = get("word/document.xml");
        for tag in [&b"w:hyperlink"[..], b"w:footerReference"] {
            for id in attributes(document, tag, b"r:id") {
                assert!(
                    ids.contains(&id),
                    "{}: {id} has no relationship",
                    file.display()
                );
            }
        }
        let core = get("docProps/core.xml");
        assert!(core.contains("<dc:language>nl-NL</dc:language>"), "{core}");
        assert!(!core.contains("1970-01-01"), "{core}");
    }
}

/// The virtual environment with openxml-audit, made once per target dir.
fn audit_tool() -> PathBuf {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("openxml-audit-0.8.0");
    let tool = venv.join("bin").join("openxml-audit");
    if tool.exists() {
        return tool;
    }
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .expect("python3 is needed for this test: apt-get install -y python3-venv");
    assert!(
        made.success(),
        "python3 -m venv failed: apt-get install -y python3-venv"
    );
    let installed = Command::new(venv.join("bin").join("pip"))
        .args(["install", "--quiet", "--disable-pip-version-check", AUDIT])
        .status()
        .unwrap();
    assert!(installed.success(), "pip install {AUDIT} failed");
    tool
}

/// The number of errors openxml-audit reports for each file, with the first
/// few descriptions.
pub fn audit(files: &[PathBuf]) -> Vec<(PathBuf, u64, String)> {
    let tool = audit_tool();
    files
        .iter()
        .map(|file| {
            let out = Command::new(&tool)
                .args(["-f", "microsoft365", "-m", "0", "-o", "json"])
                .arg(file)
                .output()
                .unwrap();
            let report: serde_json::Value =
                serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
                    panic!(
                        "openxml-audit gave no JSON ({e}): {}{}",
                        String::from_utf8_lossy(&out.stdout),
                        String::from_utf8_lossy(&out.stderr)
                    )
                });
            let report = &report[0];
            let errors = report["error_count"].as_u64().expect("error_count");
            let first: Vec<String> = report["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .take(5)
                .map(|e| format!("{} {} {}", e["part_uri"], e["path"], e["description"]))
                .collect();
            (file.clone(), errors, first.join("\n"))
        })
        .collect()
}

#[test]
fn word_files_follow_the_ooxml_schema() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = docx_files(dir.path());

    // The check must be able to fail: the same letter with one paragraph
    // property out of schema order (jc belongs after ind, not first).
    let good = std::fs::read(&files[0]).unwrap();
    let broken = dir.path().join("kapot.docx");
    let mut zip = zip::ZipArchive::new(Cursor::new(good)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().to_string();
        let mut xml = String::new();
        file.read_to_string(&mut xml).unwrap();
        if name == "word/document.xml" {
            xml = xml.replacen("<w:pPr>", "<w:pPr><w:jc w:val=\"left\"/><w:keepNext/>", 1);
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(xml.as_bytes()).unwrap();
    }
    std::fs::write(&broken, out.finish().unwrap().into_inner()).unwrap();
    files.push(broken.clone());

    for (file, errors, first) in audit(&files) {
        if file == broken {
            assert!(errors > 0, "openxml-audit missed an element out of order");
        } else {
            assert_eq!(errors, 0, "{}:\n{first}", file.display());
        }
    }
}
