//! Documents as a reader receives them: every kind for every municipality,
//! every format, correct plain Dutch, the cooperative's own figures, and
//! nothing made up.

use coop::compose::letter::{Goal, LetterRequest, Recipient};
use coop::compose::manifest::{ManifestRequest, Signatory};
use coop::compose::speech::{spoken_words, SpeechRequest};
use coop::compose::Sources;
use coop::core::kb::Kb;
use coop::core::profile::{self, Profile};
use coop::render::pipeline::produce_with;

use crate::common::{coop, profile_dir, unknown_words, PROFILE};

fn full_profile() -> Profile {
    profile::parse("coop.yaml", PROFILE).unwrap().0
}

/// Problems a reader would notice in a rendered document.
fn defects(doc: &str) -> Vec<String> {
    let mut found = Vec::new();
    for bad in ["{{", "}}", "{%", "%}", "{#"] {
        if doc.contains(bad) {
            found.push(format!("template syntax {bad}"));
        }
    }
    for word in doc.split(|c: char| !c.is_alphanumeric()) {
        if ["None", "null", "undefined", "NaN"].contains(&word) {
            found.push(format!("the word {word}"));
        }
    }
    for bad in [" .", "..", ",,", ". .", "()", "[]", " ,"] {
        if doc.contains(bad) {
            found.push(format!("empty or broken sentence: {bad:?}"));
        }
    }
    found
}

/// Average words per sentence; list items, headings and address lines count
/// as sentences of their own.
fn words_per_sentence(md: &str) -> f64 {
    let text = coop::render::text::to_text(md, 1000);
    let mut sentences = 0usize;
    let mut words = 0usize;
    for line in text.lines() {
        for s in line.split_inclusive(['.', '?', '!', ':']) {
            let n = s
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            if n > 0 {
                sentences += 1;
                words += n;
            }
        }
    }
    words as f64 / sentences.max(1) as f64
}

fn letter_req<'a>(
    recipient: Recipient,
    goal: Goal,
    party: Option<&'a coop::core::kb::Party>,
) -> LetterRequest<'a> {
    LetterRequest {
        recipient,
        name: Some("Jan de Vries"),
        salutation: None,
        email: None,
        party,
        party_label: None,
        themes: &[],
        goal,
        rebut: &[],
        words: None,
        with_motion: false,
    }
}

fn src<'a>(
    kb: &'a Kb,
    profile: Option<&'a Profile>,
    row: &'a coop::core::kb::MunicipalityRow,
    date: &'a str,
) -> Sources<'a> {
    Sources {
        kb,
        profile,
        municipality: Some(row),
        council: kb.councils.get(&row.code),
        date,
    }
}

const DATE: &str = "27 november 2026";

fn signatory(naam: &str, leden: u32) -> Signatory {
    Signatory::Profile(Box::new(Profile {
        naam: Some(naam.into()),
        leden: Some(leden),
        ..Profile::default()
    }))
}

#[test]
fn every_document_kind_for_every_municipality() {
    let kb = Kb::load(None).unwrap();
    let env = coop::render::environment();
    let p = full_profile();
    let parties = coop::compose::manifest::parties(&kb, &[]);
    for row in &kb.municipalities {
        let mut checks: Vec<(String, String)> = Vec::new();

        let letter = produce_with(
            &env,
            &letter_req(Recipient::Raad, Goal::Motie, None),
            &src(&kb, Some(&p), row, DATE),
        )
        .unwrap();
        assert_eq!(letter.view.gemeente.provincie, row.province);
        let doc = letter.doc;
        assert!(
            letter.missing.is_empty(),
            "{}: a full profile leaves no gaps: {:?}",
            row.name,
            letter.missing
        );
        for figure in [
            "45 leden",
            "120",
            "30",
            "tussen 700 en 950 euro",
            "ouderen en starters",
            "De Groene Hof",
            "Anna Jansen",
        ] {
            assert!(
                doc.markdown.contains(figure),
                "{}: letter lacks {figure}",
                row.name
            );
        }
        checks.push(("brief".into(), doc.markdown));

        let mut req = letter_req(Recipient::Wethouder, Goal::Kavel, None);
        req.words = Some(300);
        let letter = produce_with(&env, &req, &src(&kb, None, row, DATE)).unwrap();
        let (doc, missing) = (letter.doc, letter.missing);
        assert!(
            doc.woorden <= 300,
            "{}: {} words over the budget of 300",
            row.name,
            doc.woorden
        );
        assert!(
            doc.markdown.contains("[naam van jullie coöperatie]"),
            "gaps are visible"
        );
        assert!(missing.iter().any(|m| m.veld == "naam"));
        checks.push(("brief zonder profiel".into(), doc.markdown));

        let req = SpeechRequest {
            minutes: None,
            agenda_item: Some("Woonvisie"),
            goal: Goal::Beleid,
            rebut: &[],
            meeting: None,
        };
        let speech = produce_with(&env, &req, &src(&kb, Some(&p), row, DATE)).unwrap();
        let doc = speech.doc;
        assert!(
            speech.fits && spoken_words(&doc.markdown) <= speech.view.woorden_budget,
            "{}: speech too long",
            row.name
        );
        assert!(doc.markdown.starts_with("## Inspreektekst"));
        assert!(doc.markdown.contains("Voorzitter"));
        checks.push(("inspreektekst".into(), doc.markdown));

        let req = ManifestRequest {
            signatories: Some(vec![
                signatory("De Groene Hof", 45),
                signatory("Casa Nova", 30),
            ]),
            parties: parties.clone(),
            parties_named: false,
        };
        let doc = produce_with(&env, &req, &src(&kb, None, row, DATE))
            .unwrap()
            .doc;
        assert!(
            doc.markdown.contains("Namens 75 leden van 2 coöperaties"),
            "{}",
            row.name
        );
        checks.push(("manifest".into(), doc.markdown));

        for (kind, md) in checks {
            let problems = defects(&md);
            assert!(
                problems.is_empty(),
                "{} {kind}: {problems:?}\n{md}",
                row.name
            );
            assert!(
                md.contains(&row.name),
                "{} {kind}: municipality name missing",
                row.name
            );
            if row.cbs_name != row.name {
                assert!(
                    !md.contains(&row.cbs_name),
                    "{kind}: CBS suffix in {}",
                    row.cbs_name
                );
            }
        }
    }
}

#[test]
fn documents_are_correct_plain_dutch() {
    let kb = Kb::load(None).unwrap();
    let env = coop::render::environment();
    let p = full_profile();
    let mut all = String::new();
    for name in [
        "Utrecht",
        "Amsterdam",
        "'s-Hertogenbosch",
        "Súdwest-Fryslân",
        "Aa en Hunze",
    ] {
        let row = kb.municipalities.iter().find(|m| m.name == name).unwrap();
        for party in ["vvd", "sp", "cda", "lokaal"] {
            for goal in [
                Goal::Gesprek,
                Goal::Motie,
                Goal::Kavel,
                Goal::Beleid,
                Goal::Grond,
                Goal::Steun,
            ] {
                for recipient in [
                    Recipient::Raad,
                    Recipient::Fractie,
                    Recipient::Raadslid,
                    Recipient::Wethouder,
                    Recipient::Griffie,
                ] {
                    let mut req = letter_req(recipient, goal, kb.parties.get(party));
                    let rebut = vec!["goedkope-grond".to_string(), "niche".to_string()];
                    req.rebut = &rebut;
                    let doc = produce_with(&env, &req, &src(&kb, Some(&p), row, DATE))
                        .unwrap()
                        .doc;
                    let avg = words_per_sentence(&doc.markdown);
                    assert!(
                        avg <= 15.0,
                        "{name} {party} {goal:?} {recipient:?}: {avg:.1} words per sentence"
                    );
                    all.push_str(&coop::render::text::to_text(&doc.markdown, 1000));
                }
            }
            let req = SpeechRequest {
                minutes: Some(5.0),
                agenda_item: None,
                goal: Goal::Motie,
                rebut: &["winst".to_string()],
                meeting: None,
            };
            let doc = produce_with(&env, &req, &src(&kb, Some(&p), row, DATE))
                .unwrap()
                .doc;
            assert!(words_per_sentence(&doc.markdown) <= 15.0);
            all.push_str(&coop::render::text::to_text(&doc.markdown, 1000));
        }
        let req = ManifestRequest {
            signatories: Some(vec![]),
            parties: coop::compose::manifest::parties(&kb, &[]),
            parties_named: false,
        };
        let doc = produce_with(&env, &req, &src(&kb, None, row, DATE))
            .unwrap()
            .doc;
        assert!(words_per_sentence(&doc.markdown) <= 15.0);
        all.push_str(&coop::render::text::to_text(&doc.markdown, 1000));
    }
    let unknown = unknown_words(&all);
    assert!(
        unknown.is_empty(),
        "unknown words in generated documents: {unknown:?}"
    );
}

#[test]
fn letter_without_profile_lists_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    coop()
        .current_dir(dir.path())
        .args(["brief", "--gemeente", "Zwolle", "--datum", "2026-11-27"])
        .assert()
        .success()
        .stdout(predicates::str::contains("[naam van jullie coöperatie]"))
        .stdout(predicates::str::contains("Aan de gemeenteraad van Zwolle"))
        .stderr(predicates::str::contains("Nog invullen"))
        .stderr(predicates::str::contains("coop init"));
}

#[test]
fn eml_is_a_valid_message_with_both_parts() {
    let dir = profile_dir();
    let out = coop()
        .current_dir(dir.path())
        .args(["brief", "--format", "eml", "--datum", "2026-11-27"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let msg = mail_parser::MessageParser::default()
        .parse(&out.stdout)
        .expect("parses as a message");
    assert_eq!(
        msg.subject(),
        Some("Verzoek om een gesprek over wooncoöperaties in Utrecht")
    );
    assert_eq!(
        msg.to().and_then(|a| a.first()).and_then(|a| a.address()),
        Some("raadsleden@utrecht.nl")
    );
    assert_eq!(
        msg.from().and_then(|a| a.first()).and_then(|a| a.address()),
        Some("info@groenehof.nl")
    );
    assert!(msg
        .body_text(0)
        .unwrap()
        .contains("Geachte leden van de gemeenteraad"));
    assert!(msg.body_html(0).unwrap().contains("De Groene Hof"));
}

#[test]
fn docx_unzips_to_valid_xml_with_the_text() {
    let dir = profile_dir();
    coop()
        .current_dir(dir.path())
        .args([
            "brief",
            "--format",
            "docx",
            "--out",
            "brief.docx",
            "--datum",
            "2026-11-27",
        ])
        .assert()
        .success();
    let bytes = std::fs::read(dir.path().join("brief.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut text = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Text(t) => text.push_str(&t.decode().unwrap()),
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert!(text.contains("Geachte leden van de gemeenteraad"), "{text}");
    assert!(text.contains("wooncoöperatie"));
}

#[test]
fn html_is_well_formed_and_escapes_user_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("coop.yaml"),
        "naam: \"<script>alert(1)</script>\"\ngemeente: Almere\n",
    )
    .unwrap();
    let out = coop()
        .current_dir(dir.path())
        .args(["brief", "--format", "html", "--datum", "2026-11-27"])
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(!html.contains("<script>"), "raw script tag in html");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let mut reader = quick_xml::Reader::from_str(&html);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("html is not well formed: {e}"),
        }
    }
}

#[test]
fn never_overwrites_without_force() {
    let dir = profile_dir();
    std::fs::write(dir.path().join("brief.md"), "mijn eigen tekst").unwrap();
    coop()
        .current_dir(dir.path())
        .args(["brief", "--out", "brief.md"])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("brief.md")).unwrap(),
        "mijn eigen tekst"
    );
    coop()
        .current_dir(dir.path())
        .args(["brief", "--out", "brief.md", "--force"])
        .assert()
        .success();
    assert!(std::fs::read_to_string(dir.path().join("brief.md"))
        .unwrap()
        .contains("De Groene Hof"));
}

#[test]
fn speech_fits_the_time_and_reports_it() {
    let dir = profile_dir();
    let out = coop()
        .current_dir(dir.path())
        .args(["inspreek", "--minuten", "2", "--gemeente", "Almere"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        spoken_words(&md) <= 240,
        "{} words in 2 minutes",
        spoken_words(&md)
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("Geschatte spreektijd"), "{err}");
    assert!(err.contains("kopieën"), "{err}");
    assert!(!md.contains("Geschatte"), "stdout holds only the document");
}

#[test]
fn speech_uses_the_municipality_limit() {
    let dir = profile_dir();
    let out = coop()
        .current_dir(dir.path())
        .args(["inspreek", "--gemeente", "Amstelveen", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["context"]["minuten"], 5.0);
    assert_eq!(v["context"]["woorden_budget"], 600);
}

#[test]
fn mail_merge_writes_one_letter_per_row() {
    let dir = profile_dir();
    std::fs::write(
        dir.path().join("raad.csv"),
        "naam;partij;email;aanhef\nJan de Vries;VVD;jan@raad.nl;Geachte heer De Vries\nEmma Bakker;Leefbaar Utrecht;emma@raad.nl;\nJan de Vries;SP;jan2@raad.nl;\n",
    )
    .unwrap();
    coop()
        .current_dir(dir.path())
        .args([
            "brief",
            "--ontvangers",
            "raad.csv",
            "--out",
            "brieven",
            "--format",
            "eml",
        ])
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("brieven"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["emma-bakker.eml", "jan-de-vries-2.eml", "jan-de-vries.eml"]
    );
    let jan = std::fs::read(dir.path().join("brieven/jan-de-vries.eml")).unwrap();
    let msg = mail_parser::MessageParser::default().parse(&jan).unwrap();
    assert!(msg.body_text(0).unwrap().contains("Geachte heer De Vries,"));
    assert_eq!(
        msg.to().and_then(|a| a.first()).and_then(|a| a.address()),
        Some("jan@raad.nl")
    );
    let emma =
        String::from_utf8(std::fs::read(dir.path().join("brieven/emma-bakker.eml")).unwrap())
            .unwrap();
    assert!(emma.contains("Leefbaar Utrecht"));
}

#[test]
fn a_bad_row_is_reported_and_nothing_is_written() {
    let dir = profile_dir();
    std::fs::write(
        dir.path().join("raad.csv"),
        "naam,partij,email\nA,SP,a@raad.nl\n,CDA,b@raad.nl\n",
    )
    .unwrap();
    coop()
        .current_dir(dir.path())
        .args(["brief", "--ontvangers", "raad.csv", "--out", "brieven"])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("raad.csv:3:1"));
    assert!(
        !dir.path().join("brieven").exists()
            || std::fs::read_dir(dir.path().join("brieven"))
                .unwrap()
                .next()
                .is_none()
    );
}

#[test]
fn init_writes_a_profile_that_documents_use() {
    let dir = tempfile::tempdir().unwrap();
    coop()
        .current_dir(dir.path())
        .args([
            "init",
            "--set",
            "naam=Het Hofje",
            "--set",
            "gemeente=bergen (nh)",
            "--set",
            "leden=12",
        ])
        .assert()
        .success();
    let yaml = std::fs::read_to_string(dir.path().join("coop.yaml")).unwrap();
    assert!(yaml.contains("# Aantal leden"));
    assert!(
        yaml.contains("gemeente: GM0373"),
        "ambiguous Bergen is stored by code: {yaml}"
    );
    coop()
        .current_dir(dir.path())
        .args(["brief"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Aan de gemeenteraad van Bergen\\",
        ))
        .stdout(predicates::str::contains("12 leden"));
    coop()
        .current_dir(dir.path())
        .args(["init", "--set", "leden=veel", "--force"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--set leden=veel"));
}

#[test]
fn bad_profile_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("coop.yaml"), "naam: x\nleden: veel\n").unwrap();
    coop()
        .current_dir(dir.path())
        .args(["brief"])
        .assert()
        .code(3)
        .stderr(predicates::str::is_match(r"coop\.yaml:2:\d+").unwrap());
}

#[test]
fn mail_merge_into_an_existing_folder_never_overwrites() {
    let dir = profile_dir();
    std::fs::write(
        dir.path().join("raad.csv"),
        "naam,partij,email\nAnna Smit,D66,anna@raad.nl\nBob Jansen,SP,bob@raad.nl\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("brieven")).unwrap();
    std::fs::write(dir.path().join("brieven/bob-jansen.md"), "eigen tekst").unwrap();
    coop()
        .current_dir(dir.path())
        .args(["brief", "--ontvangers", "raad.csv", "--out", "brieven"])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("bob-jansen.md bestaat al"));
    assert!(
        !dir.path().join("brieven/anna-smit.md").exists(),
        "nothing written when one file exists"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("brieven/bob-jansen.md")).unwrap(),
        "eigen tekst"
    );
    coop()
        .current_dir(dir.path())
        .args([
            "brief",
            "--ontvangers",
            "raad.csv",
            "--out",
            "brieven",
            "--force",
        ])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(dir.path().join("brieven/bob-jansen.md"))
            .unwrap()
            .contains("Geachte Bob Jansen,")
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".coop-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary files or folders left behind"
    );
}

/// README documents every coop.yaml field (the field table is the one list).
#[test]
fn readme_documents_every_profile_field() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    for f in coop::core::profile::FIELDS {
        assert!(
            readme.contains(&format!("| `{}` |", f.key)),
            "README has no row for coop.yaml field {}",
            f.key
        );
    }
}

/// A recipients list saved by Dutch Excel: Windows-1252, semicolons.
#[test]
fn a_csv_from_dutch_excel_is_read() {
    let dir = profile_dir();
    std::fs::write(
        dir.path().join("raad.csv"),
        b"naam;partij;email\r\nAndr\xe9 Bosscha;CDA;a.bosscha@raad.example\r\n",
    )
    .unwrap();
    let out = coop()
        .current_dir(dir.path())
        .args(["brief", "--ontvangers", "raad.csv", "--out", "brieven"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let letter = std::fs::read_to_string(dir.path().join("brieven/andre-bosscha.md")).unwrap();
    assert!(letter.contains("André Bosscha"), "{letter}");
}

fn raad_csv(dir: &std::path::Path) {
    std::fs::write(
        dir.join("raad.csv"),
        "naam,partij,email\nAnne de Boer,VVD,a.deboer@raad.example\nJan Visser,SP,j.visser@raad.example\nFrom Jansen,CDA,f.jansen@raad.example\n",
    )
    .unwrap();
}

/// `--out brieven.zip`: every letter in one zip, readable by a zip reader.
#[test]
fn a_mail_merge_into_one_zip() {
    let dir = profile_dir();
    raad_csv(dir.path());
    coop()
        .current_dir(dir.path())
        .args(["brief", "--ontvangers", "raad.csv", "--format", "docx"])
        .args(["--out", "brieven.zip"])
        .assert()
        .success();
    let bytes = std::fs::read(dir.path().join("brieven.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut names: Vec<String> = zip.file_names().map(str::to_string).collect();
    names.sort();
    assert_eq!(
        names,
        ["anne-de-boer.docx", "from-jansen.docx", "jan-visser.docx"]
    );
    // Each entry is itself a Word file.
    let mut entry = zip.by_name("anne-de-boer.docx").unwrap();
    let mut docx = Vec::new();
    std::io::Read::read_to_end(&mut entry, &mut docx).unwrap();
    assert!(docx.starts_with(b"PK"));
    // An existing zip is never overwritten without --force, and nothing else is left.
    coop()
        .current_dir(dir.path())
        .args(["brief", "--ontvangers", "raad.csv", "--out", "brieven.zip"])
        .assert()
        .code(3);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".coop"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// `--out brieven.mbox --format eml`: one mailbox a mail program imports.
#[test]
fn a_mail_merge_into_one_mbox() {
    let dir = profile_dir();
    raad_csv(dir.path());
    coop()
        .current_dir(dir.path())
        .args(["brief", "--ontvangers", "raad.csv", "--out", "brieven.mbox"])
        .assert()
        .code(2);
    coop()
        .current_dir(dir.path())
        .args(["brief", "--ontvangers", "raad.csv", "--format", "eml"])
        .args(["--out", "brieven.mbox"])
        .assert()
        .success();
    let mbox = std::fs::read_to_string(dir.path().join("brieven.mbox")).unwrap();
    let messages: Vec<&str> = mbox
        .split("\nFrom coop ")
        .map(|m| m.trim_start_matches("From coop "))
        .collect();
    assert_eq!(messages.len(), 3, "{mbox}");
    let mut to = Vec::new();
    for m in &messages {
        let body = &m[m.find('\n').unwrap() + 1..];
        let msg = mail_parser::MessageParser::default()
            .parse(body.as_bytes())
            .expect("a message");
        to.push(
            msg.to()
                .and_then(|a| a.first())
                .and_then(|a| a.address())
                .unwrap()
                .to_string(),
        );
        assert_eq!(msg.header_raw("X-Unsent").map(str::trim), Some("1"));
    }
    to.sort();
    assert_eq!(
        to,
        [
            "a.deboer@raad.example",
            "f.jansen@raad.example",
            "j.visser@raad.example"
        ]
    );
}

/// The speaking rules a group recorded (`coop raad zet inspreken`) set the
/// speaking time, appear in the practical steps, and carry their source in
/// the JSON.
#[test]
fn a_speech_follows_the_speaking_rules_the_group_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let speech = |format: &str| {
        coop()
            .current_dir(dir.path())
            .args([
                "inspreek",
                "--gemeente",
                "Zwolle",
                "--data",
                "data",
                "--format",
                format,
            ])
            .output()
            .unwrap()
    };
    let before: serde_json::Value = serde_json::from_slice(&speech("json").stdout).unwrap();
    assert!(before["context"]["gemeente"]["inspreekregels"].is_null());
    coop()
        .current_dir(dir.path())
        .args([
            "raad",
            "zet",
            "inspreken",
            "Spreektijd 5 minuten per spreker.",
        ])
        .args(["--gemeente", "Zwolle", "--data", "data"])
        .args(["--bron", "eigen waarneming, 1 maart 2026"])
        .assert()
        .success();
    let out = speech("json");
    let after: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(after["context"]["minuten"], 5.0);
    let rules = &after["context"]["gemeente"]["inspreekregels"];
    assert_eq!(rules["tekst"], "Spreektijd 5 minuten per spreker.");
    assert_eq!(rules["herkomst"]["bron"], "eigen waarneming, 1 maart 2026");
    let notes = String::from_utf8_lossy(&speech("md").stderr).into_owned();
    assert!(notes.contains("Je hebt 5 minuten."), "{notes}");
    assert!(
        notes.contains("regels voor inspreken vast") && notes.contains("Spreektijd 5 minuten"),
        "{notes}"
    );
    assert!(!notes.contains("Vraag hoe lang je mag spreken"), "{notes}");
}
