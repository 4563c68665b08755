//! Plain text and mail read back by real readers: every web and mail address
//! in a .txt file is whole, and an .eml opens in a mail parser
//! (mail-parser) with the headers a mail program needs.

use crate::common::{coop, profile_dir};

/// Web and mail addresses in `text`, without surrounding punctuation.
fn addresses(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split(|c: char| c.is_whitespace() || "()<>[]\"".contains(c))
        .map(|w| w.trim_end_matches(['.', ',', ';', ':', '!', '?', '\\']))
        .filter(|w| w.contains("://") || (w.contains('@') && w.contains('.')))
        .map(str::to_string)
        .collect();
    found.sort();
    found.dedup();
    found
}

fn markdown(dir: &std::path::Path, args: &[&str]) -> String {
    let out = coop()
        .current_dir(dir)
        .args(args)
        .args(["--format", "md"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn text_never_breaks_an_address() {
    let dir = profile_dir();
    let extra = "\n\nMeer weten? Lees [de handreiking over wooncoöperaties en de gemeente]\
        (https://www.example.org/publicaties/2026/handreiking-wooncooperaties-en-gemeenten.pdf), \
        kijk op <https://example.org/kaart?gemeente=utrecht&fase=locatie> of mail \
        secretariaat@wooncooperatie-de-groene-hof.example.nl.\n";
    for args in [&["brief"][..], &["inspreek"], &["manifest"]] {
        let md = markdown(dir.path(), args) + extra;
        let want = addresses(&md);
        assert!(want.len() >= 3, "{args:?}: {want:?}");
        for width in 20..=100 {
            let txt = coop::render::text::to_text(&md, width);
            for a in &want {
                assert!(
                    txt.contains(a.as_str()),
                    "{args:?} width {width}: {a} broken:\n{txt}"
                );
            }
        }
    }
    // The .txt file itself, as written by the command.
    let out = coop()
        .current_dir(dir.path())
        .args(["brief", "--format", "txt"])
        .output()
        .unwrap();
    let txt = String::from_utf8(out.stdout).unwrap();
    assert!(txt.contains("info@groenehof.nl"), "{txt}");
}

#[test]
fn fill_ins_are_marked_in_html() {
    let empty = tempfile::tempdir().unwrap();
    let out = coop()
        .current_dir(empty.path())
        .args(["brief", "--gemeente", "Aa en Hunze", "--format", "html"])
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    for place in ["[mailadres]", "[naam van jullie coöperatie]", "[aantal]"] {
        assert!(
            html.contains(&format!("<mark>{place}</mark>")),
            "{place}:\n{html}"
        );
    }
    // Every bracket the letter shows is marked, and the page is still XML.
    let body = html.split("<body>").nth(1).unwrap();
    assert_eq!(
        body.matches("<mark>[").count(),
        body.matches('[').count(),
        "{body}"
    );
    let mut reader = quick_xml::Reader::from_str(&html);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{e}: {html}"),
        }
    }
}
