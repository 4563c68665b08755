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

fn eml(dir: &std::path::Path, email: &str) -> std::process::Output {
    coop()
        .current_dir(dir)
        .args([
            "brief", "--aan", "raadslid", "--naam", "Jan", "--partij", "CDA",
        ])
        .args(["--email", email, "--format", "eml"])
        .output()
        .unwrap()
}

#[test]
fn eml_is_a_dated_draft_to_one_named_mailbox() {
    let dir = profile_dir();
    let out = eml(dir.path(), "Jan de Vries <jan@zwolle.nl>");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let msg = mail_parser::MessageParser::default()
        .parse(&out.stdout)
        .expect("a message");
    let to: Vec<_> = msg.to().expect("To").iter().collect();
    assert_eq!(to.len(), 1);
    assert_eq!(to[0].name(), Some("Jan de Vries"));
    assert_eq!(to[0].address(), Some("jan@zwolle.nl"));
    let from = msg.from().and_then(|a| a.first()).expect("From");
    assert_eq!(
        (from.name(), from.address()),
        (Some("De Groene Hof"), Some("info@groenehof.nl"))
    );
    assert!(
        msg.date().is_some_and(|d| d.year >= 2026),
        "{:?}",
        msg.date()
    );
    assert!(msg
        .message_id()
        .is_some_and(|id| id.ends_with("@groenehof.nl")));
    assert_eq!(msg.header_raw("X-Unsent").map(str::trim), Some("1"));
    assert_eq!((msg.text_body_count(), msg.html_body_count()), (1, 1));

    let plain = eml(dir.path(), "jan@zwolle.nl");
    let msg = mail_parser::MessageParser::default()
        .parse(&plain.stdout)
        .expect("a message");
    let to = msg.to().and_then(|a| a.first()).expect("To");
    assert_eq!(
        (to.name(), to.address()),
        (Some("Jan"), Some("jan@zwolle.nl"))
    );
}

#[test]
fn eml_refuses_anything_but_one_address() {
    let dir = profile_dir();
    for bad in [
        "jan@zwolle.nl, piet@zwolle.nl",
        "Jan <jan@zwolle.nl>, Piet <piet@zwolle.nl>",
        "jan@zwolle.nl\nBcc: evil@example.org",
        "Jan de Vries",
    ] {
        let out = eml(dir.path(), bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(out.stdout.is_empty(), "{bad:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("mailadres van de ontvanger")
                && err.contains("Jan de Vries <jan@gemeente.nl>"),
            "{bad:?}: {err}"
        );
    }
}
