//! Snapshot tests of every document kind in every format. A changed
//! snapshot is reviewed (cargo insta review), never blindly accepted.

use crate::common::{coop, profile_dir};

fn run(dir: &std::path::Path, args: &[&str]) -> String {
    let out = coop()
        .current_dir(dir)
        .args(args)
        .args(["--datum", "2026-11-27"])
        // The same day's clock for Date headers and document properties.
        .env("SOURCE_DATE_EPOCH", "1795770000")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The paragraphs' text of a Word file, one per line: what a Word user reads.
fn docx_text(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut text = String::new();
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Text(t) => text.push_str(&t.decode().unwrap()),
            quick_xml::events::Event::End(e) if e.name().as_ref() == b"w:p" => text.push('\n'),
            quick_xml::events::Event::Empty(e) if e.name().as_ref() == b"w:br" => text.push('\n'),
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    text
}

#[test]
fn letter_in_every_format() {
    let dir = profile_dir();
    for format in ["md", "txt", "html", "eml", "json"] {
        let out = run(
            dir.path(),
            &[
                "brief",
                "--aan",
                "raadslid",
                "--naam",
                "Jan de Vries",
                "--partij",
                "CDA",
                "--doel",
                "motie",
                "--weerleg",
                "geen-vraag",
                "--format",
                format,
            ],
        );
        insta::assert_snapshot!(format!("brief_utrecht_cda_raadslid_{format}"), out);
    }
}

#[test]
fn letter_docx_text() {
    let dir = profile_dir();
    run(
        dir.path(),
        &[
            "brief",
            "--gemeente",
            "Almere",
            "--aan",
            "wethouder",
            "--doel",
            "grond",
            "--format",
            "docx",
            "--out",
            "b.docx",
        ],
    );
    let text = docx_text(&dir.path().join("b.docx"));
    insta::assert_snapshot!("brief_almere_wethouder_docx", text);
}

#[test]
fn letters_for_several_places_and_readers() {
    let empty = tempfile::tempdir().unwrap();
    let dir = profile_dir();
    insta::assert_snapshot!(
        "brief_zonder_profiel_aa_en_hunze",
        run(empty.path(), &["brief", "--gemeente", "Aa en Hunze"])
    );
    insta::assert_snapshot!(
        "brief_rotterdam_fractie_sp_kavel",
        run(
            dir.path(),
            &[
                "brief",
                "--gemeente",
                "Rotterdam",
                "--aan",
                "fractie",
                "--partij",
                "SP",
                "--doel",
                "kavel"
            ]
        )
    );
    insta::assert_snapshot!(
        "brief_griffie_amsterdam",
        run(
            dir.path(),
            &["brief", "--gemeente", "Amsterdam", "--aan", "griffie"]
        )
    );
    insta::assert_snapshot!(
        "brief_utrecht_kort_200",
        run(
            dir.path(),
            &["brief", "--woorden", "200", "--doel", "beleid"]
        )
    );
}

#[test]
fn speech_and_manifest() {
    let dir = profile_dir();
    insta::assert_snapshot!(
        "inspreek_almere_md",
        run(
            dir.path(),
            &[
                "inspreek",
                "--gemeente",
                "Almere",
                "--agendapunt",
                "Woonvisie",
                "--weerleg",
                "winst"
            ]
        )
    );
    insta::assert_snapshot!(
        "inspreek_utrecht_txt",
        run(
            dir.path(),
            &[
                "inspreek",
                "--minuten",
                "2",
                "--doel",
                "kavel",
                "--format",
                "txt"
            ]
        )
    );
    std::fs::write(
        dir.path().join("onder.yaml"),
        "- naam: De Groene Hof\n  leden: 45\n- naam: Casa Nova\n  leden: 30\n",
    )
    .unwrap();
    insta::assert_snapshot!(
        "manifest_utrecht_md",
        run(
            dir.path(),
            &[
                "manifest",
                "--ondertekenaars",
                "onder.yaml",
                "--partijen",
                "VVD,GroenLinks-PvdA,D66,Stadsbelang Utrecht"
            ]
        )
    );
    insta::assert_snapshot!(
        "manifest_utrecht_txt",
        run(
            dir.path(),
            &["manifest", "--format", "txt", "--partijen", "BBB,SGP"]
        )
    );
}

#[test]
fn speech_and_manifest_in_every_format() {
    let dir = profile_dir();
    for format in ["html", "eml", "json"] {
        insta::assert_snapshot!(
            format!("inspreek_rotterdam_{format}"),
            run(
                dir.path(),
                &[
                    "inspreek",
                    "--gemeente",
                    "Rotterdam",
                    "--doel",
                    "motie",
                    "--format",
                    format
                ]
            )
        );
        insta::assert_snapshot!(
            format!("manifest_groningen_{format}"),
            run(
                dir.path(),
                &[
                    "manifest",
                    "--gemeente",
                    "Groningen",
                    "--partijen",
                    "CDA,PVV,Stad en Ommeland",
                    "--format",
                    format
                ]
            )
        );
    }
    for kind in ["inspreek", "manifest"] {
        run(
            dir.path(),
            &[kind, "--format", "docx", "--out", &format!("{kind}.docx")],
        );
        insta::assert_snapshot!(
            format!("{kind}_utrecht_docx"),
            docx_text(&dir.path().join(format!("{kind}.docx")))
        );
    }
}
