//! Documents addressed to the municipality (letter, speech, motion,
//! manifesto, dossier) as a council member reads them: the cooperative's
//! voice only (wij/u, no je/jij/jullie, no imperatives to the reader),
//! letters tailored to the party in substance, speeches that fill the
//! time, plain B1 Dutch, spelled correctly, with no template left over.
//! Snapshots of every kind, with and without a profile, for the parties
//! VVD, SP, CDA, D66, GroenLinks-PvdA, BBB, PVV and a local party.

use coop::compose::letter::{self, Goal, LetterRequest, Recipient};
use coop::compose::manifest::{ManifestRequest, Signatory};
use coop::compose::motion::MotionRequest;
use coop::compose::speech::{spoken_words, Meeting, SpeechRequest};
use coop::compose::Sources;
use coop::core::kb::{Kb, MunicipalityRow};
use coop::core::profile::{self, Profile};
use coop::render::pipeline::produce_with;

use crate::common::{coop, profile_dir, unknown_words, PROFILE};

const DATE: &str = "27 november 2026";

/// The parties of the issue, and a real local party coop has no entry for.
const PARTIES: &[&str] = &[
    "VVD",
    "SP",
    "CDA",
    "D66",
    "GroenLinks-PvdA",
    "BBB",
    "PVV",
    "Swollwacht",
];

fn profile() -> Profile {
    profile::parse("coop.yaml", PROFILE).unwrap().0
}

fn row<'a>(kb: &'a Kb, name: &str) -> &'a MunicipalityRow {
    kb.municipalities.iter().find(|m| m.name == name).unwrap()
}

fn src<'a>(kb: &'a Kb, p: Option<&'a Profile>, row: &'a MunicipalityRow) -> Sources<'a> {
    Sources {
        kb,
        profile: p,
        municipality: Some(row),
        council: kb.councils.get(&row.code),
        date: DATE,
    }
}

fn letter_req<'a>(
    kb: &'a Kb,
    recipient: Recipient,
    goal: Goal,
    party: &'a str,
    with_motion: bool,
) -> LetterRequest<'a> {
    let (party, label) = letter::party_or_local(kb, party);
    LetterRequest {
        recipient,
        name: Some("Anne de Boer"),
        salutation: None,
        email: None,
        party,
        party_label: label,
        themes: &[],
        goal,
        rebut: &[],
        words: None,
        with_motion,
    }
}

/// The text a reader reads, without the fill-in places (which speak to
/// the cooperative and are replaced before sending) and without quotes
/// of what others said.
fn readable(md: &str) -> String {
    let text = coop::render::text::to_text(md, 1000);
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '[' | '„' => depth += 1,
            ']' | '”' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Sentences of a text, trimmed.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut cur = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            cur.push(c);
            // "info@groenehof.nl" and "60,6" are no sentence ends.
            let end = chars.peek().is_none_or(|n| n.is_whitespace());
            if end && matches!(c, '.' | '?' | '!' | ';' | ':') {
                let s = cur.trim().to_string();
                if s.chars().any(char::is_alphanumeric) {
                    out.push(s);
                }
                cur.clear();
            }
        }
        let s = cur.trim().to_string();
        if s.chars().any(char::is_alphanumeric) {
            out.push(s);
        }
    }
    out
}

/// Words said to the reader as "je" and imperatives at the start of a
/// sentence or list item: advice for the cooperative that leaked in.
fn reader_directed(md: &str) -> Vec<String> {
    const PRONOUNS: &[&str] = &["je", "jij", "jullie", "jouw", "jou", "jezelf", "jullie"];
    const IMPERATIVES: &[&str] = &[
        "Kijk",
        "Bekijk",
        "Vraag",
        "Zoek",
        "Lees",
        "Denk",
        "Stuur",
        "Neem",
        "Zorg",
        "Bied",
        "Leg",
        "Meld",
        "Geef",
        "Maak",
        "Schrijf",
        "Bel",
        "Noem",
        "Let",
        "Koppel",
        "Laat",
        "Ga",
        "Controleer",
        "Houd",
        "Begin",
        "Zet",
        "Wijs",
        "Voer",
        "Praat",
        "Kom",
        "Stel",
        "Steun",
        "Deel",
        "Vertel",
        "Regel",
        "Gebruik",
        "Probeer",
        "Vul",
        "Bekijk",
    ];
    let text = readable(md);
    let mut found = Vec::new();
    for s in sentences(&text) {
        for w in s.split(|c: char| !c.is_alphanumeric()) {
            if PRONOUNS.contains(&w.to_lowercase().as_str()) {
                found.push(format!("'{w}' in: {s}"));
            }
        }
        let first = s
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        if IMPERATIVES.contains(&first) {
            found.push(format!("imperative: {s}"));
        }
    }
    found
}

/// Template syntax, placeholders from the data, or empty values.
fn leftovers(md: &str) -> Vec<String> {
    let mut found = Vec::new();
    for bad in ["{", "}", "[]", "()", " .", " ,", ",,", ".."] {
        if md.contains(bad) {
            found.push(format!("{bad:?}"));
        }
    }
    for w in md.split(|c: char| !c.is_alphanumeric()) {
        if ["None", "null", "undefined", "NaN"].contains(&w) {
            found.push(w.to_string());
        }
    }
    found
}

/// Words per sentence in the body (B1: at most 15 on average). Address
/// lines, headings and list items count as sentences of their own.
fn words_per_sentence(md: &str) -> f64 {
    let s = sentences(&coop::render::text::to_text(md, 1000));
    let words: usize = s
        .iter()
        .map(|x| coop::compose::document::word_count(x))
        .sum();
    words as f64 / s.len().max(1) as f64
}

/// The checks every document addressed to the municipality passes.
fn check(name: &str, md: &str, all: &mut String) {
    let directed = reader_directed(md);
    assert!(directed.is_empty(), "{name}: {directed:#?}");
    let left = leftovers(md);
    assert!(left.is_empty(), "{name}: left over {left:?}\n{md}");
    let avg = words_per_sentence(md);
    println!("{name}: {avg:.1} words per sentence");
    assert!(avg <= 15.0, "{name}: {avg:.1} words per sentence");
    all.push_str(&readable(md));
    all.push('\n');
}

/// Every kind for every party, with and without a profile: snapshots and
/// the reader's checks.
#[test]
fn every_document_for_every_party() {
    let kb = Kb::load(None).unwrap();
    let env = coop::render::environment();
    let p = profile();
    let zwolle = row(&kb, "Zwolle");
    let rotterdam = row(&kb, "Rotterdam");
    let mut all = String::new();
    for (suffix, prof) in [("met_profiel", Some(&p)), ("zonder_profiel", None)] {
        let at = |r| src(&kb, prof, r);
        let mut fractie = String::new();
        let mut raadslid = String::new();
        let mut motie = String::new();
        for party in PARTIES {
            let l = produce_with(
                &env,
                &letter_req(&kb, Recipient::Fractie, Goal::Motie, party, true),
                &at(zwolle),
            )
            .unwrap();
            check(&format!("brief fractie {party}"), &l.doc.markdown, &mut all);
            fractie.push_str(&format!("===== {party}\n{}\n", l.doc.markdown));

            let l = produce_with(
                &env,
                &letter_req(&kb, Recipient::Raadslid, Goal::Gesprek, party, false),
                &at(zwolle),
            )
            .unwrap();
            check(
                &format!("brief raadslid {party}"),
                &l.doc.markdown,
                &mut all,
            );
            raadslid.push_str(&format!("===== {party}\n{}\n", l.doc.markdown));

            let (pt, label) = letter::party_or_local(&kb, party);
            let m = produce_with(
                &env,
                &MotionRequest {
                    goal: Goal::Kavel,
                    meeting_date: None,
                    name: Some("Anne de Boer"),
                    party: pt,
                    party_label: label,
                },
                &at(zwolle),
            )
            .unwrap();
            check(&format!("motie {party}"), &m.doc.markdown, &mut all);
            motie.push_str(&format!("===== {party}\n{}\n", m.doc.markdown));
        }
        insta::assert_snapshot!(format!("brief_fractie_motie_{suffix}"), fractie);
        insta::assert_snapshot!(format!("brief_raadslid_gesprek_{suffix}"), raadslid);
        insta::assert_snapshot!(format!("motie_kavel_{suffix}"), motie);

        let mut overig = String::new();
        for (recipient, goal) in [
            (Recipient::Raad, Goal::Kavel),
            (Recipient::Wethouder, Goal::Gebouw),
            (Recipient::Griffie, Goal::Steun),
        ] {
            let mut req = letter_req(&kb, recipient, goal, "VVD", false);
            req.party = None;
            req.party_label = None;
            req.name = None;
            let l = produce_with(&env, &req, &at(rotterdam)).unwrap();
            check(&format!("brief {recipient:?}"), &l.doc.markdown, &mut all);
            overig.push_str(&format!(
                "===== {recipient:?} {goal:?}\n{}\n",
                l.doc.markdown
            ));
        }
        insta::assert_snapshot!(format!("brief_raad_wethouder_griffie_{suffix}"), overig);

        let mut speeches = String::new();
        for minutes in [2.0, 3.0, 5.0] {
            let s = produce_with(
                &env,
                &SpeechRequest {
                    minutes: Some(minutes),
                    agenda_item: Some("Woonvisie"),
                    goal: Goal::Gebouw,
                    rebut: &["geen-grond".to_string()],
                    meeting: None,
                },
                &at(rotterdam),
            )
            .unwrap();
            check(&format!("inspreek {minutes}"), &s.doc.markdown, &mut all);
            speeches.push_str(&format!("===== {minutes} minuten\n{}\n", s.doc.markdown));
        }
        insta::assert_snapshot!(format!("inspreek_rotterdam_{suffix}"), speeches);

        let names: Vec<String> = PARTIES.iter().map(|p| p.to_string()).collect();
        let signatories = prof.map(|_| {
            vec![
                Signatory::Profile(Box::new(p.clone())),
                Signatory::Profile(Box::new(Profile {
                    naam: Some("Wooncoöperatie De Linde".into()),
                    leden: Some(80),
                    ..Profile::default()
                })),
            ]
        });
        let m = produce_with(
            &env,
            &ManifestRequest {
                signatories,
                parties: coop::compose::manifest::parties(&kb, &names),
                parties_named: true,
            },
            &at(zwolle),
        )
        .unwrap();
        check("manifest", &m.doc.markdown, &mut all);
        insta::assert_snapshot!(format!("manifest_partijen_{suffix}"), m.doc.markdown);
    }
    // The local party's name is the user's, not our text.
    let unknown = unknown_words(&all.replace("Swollwacht", ""));
    assert!(unknown.is_empty(), "unknown words: {unknown:?}");
}

/// The dossier (snapshots made by tests/it/dossier.rs) speaks to a new
/// civil servant or council member in the same voice.
#[test]
fn dossiers_speak_in_our_voice() {
    for reader in ["projectleider", "raadslid", "specialist", "wethouder"] {
        let file = format!("tests/it/snapshots/it__dossier__dossier_{reader}.snap");
        let text = std::fs::read_to_string(&file).unwrap();
        let body = text.splitn(3, "---").nth(2).unwrap_or(&text);
        let directed = reader_directed(body);
        assert!(directed.is_empty(), "{file}: {directed:#?}");
    }
}

/// The body of a letter: from the salutation to the greeting.
fn body(md: &str) -> Vec<String> {
    let text = coop::render::text::to_text(md, 1000);
    let start = text.find("Geachte").unwrap();
    let end = text.find("Met vriendelijke groet").unwrap();
    let body = &text[start..end];
    let body = &body[body.find('\n').unwrap()..];
    sentences(body)
}

/// Share of `a`'s sentences that also stand in `b`.
fn shared(a: &[String], b: &[String]) -> f64 {
    a.iter().filter(|s| b.contains(s)).count() as f64 / a.len().max(1) as f64
}

#[test]
fn vvd_and_sp_letters_differ_in_argument() {
    let kb = Kb::load(None).unwrap();
    let env = coop::render::environment();
    let p = profile();
    let zwolle = row(&kb, "Zwolle");
    let utrecht = row(&kb, "Utrecht");
    for (prof, r) in [(Some(&p), utrecht), (None, zwolle)] {
        for recipient in [Recipient::Fractie, Recipient::Raadslid] {
            for goal in [Goal::Motie, Goal::Gesprek, Goal::Kavel, Goal::Beleid] {
                let text = |party| {
                    let l = produce_with(
                        &env,
                        &letter_req(&kb, recipient, goal, party, false),
                        &src(&kb, prof, r),
                    )
                    .unwrap();
                    (body(&l.doc.markdown), l.view)
                };
                let (vvd, vvd_view) = text("VVD");
                let (sp, sp_view) = text("SP");
                let share = shared(&vvd, &sp).max(shared(&sp, &vvd));
                println!(
                    "{} {recipient:?} {goal:?}: {:.0}% shared ({} and {} sentences)",
                    r.name,
                    share * 100.0,
                    vvd.len(),
                    sp.len()
                );
                assert!(share <= 0.40, "{recipient:?} {goal:?}: {share:.2}");
                let ids = |v: &letter::LetterContext| {
                    v.argumenten
                        .iter()
                        .map(|a| a.id.clone())
                        .collect::<Vec<_>>()
                };
                let (a, b) = (ids(&vvd_view), ids(&sp_view));
                assert!(
                    a.iter().all(|x| !b.contains(x)),
                    "different arguments, not only another order: {a:?} {b:?}"
                );
            }
        }
    }
}

#[test]
fn speeches_fill_two_three_and_five_minutes() {
    let kb = Kb::load(None).unwrap();
    let env = coop::render::environment();
    let p = profile();
    for name in ["Utrecht", "Rotterdam", "Zwolle", "Aa en Hunze"] {
        for prof in [Some(&p), None] {
            for minutes in [2.0, 3.0, 5.0] {
                let s = produce_with(
                    &env,
                    &SpeechRequest {
                        minutes: Some(minutes),
                        agenda_item: None,
                        goal: Goal::Steun,
                        rebut: &[],
                        meeting: None,
                    },
                    &src(&kb, prof, row(&kb, name)),
                )
                .unwrap();
                let words = spoken_words(&s.doc.markdown);
                let budget = minutes * 120.0;
                let fill = words as f64 / budget;
                println!(
                    "{name} {} profile, {minutes} min: {words} words ({:.0}%)",
                    if prof.is_some() { "with" } else { "without" },
                    fill * 100.0
                );
                assert!(
                    (0.85..=1.0).contains(&fill),
                    "{name} {minutes} min: {words} words of {budget}"
                );
            }
        }
    }
}

#[test]
fn speech_addresses_the_committee_where_speakers_are_heard() {
    let kb = Kb::load(None).unwrap();
    let env = coop::render::environment();
    let speech = |name, meeting| {
        produce_with(
            &env,
            &SpeechRequest {
                minutes: Some(2.0),
                agenda_item: Some("Woonvisie 2027"),
                goal: Goal::Beleid,
                rebut: &[],
                meeting,
            },
            &src(&kb, None, row(&kb, name)),
        )
        .unwrap()
        .doc
        .markdown
    };
    let r = speech("Rotterdam", None);
    assert!(r.contains("Voorzitter, leden van de commissie."), "{r}");
    assert!(r.contains("Ik spreek bij het agendapunt „Woonvisie 2027”."));
    assert!(r.contains("Bij dit agendapunt vragen wij daarom"));
    let z = speech("Zwolle", None);
    assert!(z.contains("Voorzitter, leden van de raad."), "{z}");
    let z = speech("Zwolle", Some(Meeting::Commissie));
    assert!(z.contains("Voorzitter, leden van de commissie."));
}

fn run(dir: &std::path::Path, args: &[&str]) -> (String, String) {
    let out = coop()
        .current_dir(dir)
        .args(args)
        .args(["--datum", "2026-11-27"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn salutation_and_address_follow_dutch_conventions() {
    let dir = profile_dir();
    let (out, _) = run(
        dir.path(),
        &[
            "brief",
            "--aan",
            "raadslid",
            "--naam",
            "Anne de Boer",
            "--partij",
            "VVD",
            "--aanhef",
            "mevrouw De Boer",
        ],
    );
    assert!(out.contains("Geachte mevrouw De Boer,"), "{out}");
    assert!(out.contains("raadslid voor de VVD"), "{out}");
    let (out, _) = run(
        dir.path(),
        &[
            "brief",
            "--aan",
            "raadslid",
            "--naam",
            "Anne de Boer",
            "--partij",
            "SP",
        ],
    );
    assert!(out.contains("Geachte Anne de Boer,"), "{out}");
    assert!(
        out.contains("Wij nemen volgende week contact met u op"),
        "{out}"
    );
    let (out, _) = run(dir.path(), &["brief", "--aan", "raad", "--doel", "kavel"]);
    assert!(
        !out.contains("bellen") && !out.contains("contact met u op"),
        "no follow-up promise to a whole council: {out}"
    );
    assert!(out.contains("commissie die over wonen gaat"), "{out}");
    assert!(out.contains("griffie"), "{out}");
}

#[test]
fn any_party_name_is_accepted() {
    let dir = profile_dir();
    let (out, err) = run(
        dir.path(),
        &[
            "brief",
            "--gemeente",
            "Zwolle",
            "--aan",
            "fractie",
            "--partij",
            "Swollwacht",
        ],
    );
    assert!(
        out.contains("Geachte leden van de fractie van Swollwacht,"),
        "{out}"
    );
    assert!(err.contains("--thema"), "{err}");
    let (out, _) = run(
        dir.path(),
        &["brief", "--aan", "fractie", "--partij", "lokaal"],
    );
    assert!(!out.contains("Lokale partij"), "{out}");
    assert!(
        out.contains("[naam van de partij]") || out.contains("[partij]"),
        "{out}"
    );
    let (themed, err) = run(
        dir.path(),
        &[
            "brief",
            "--gemeente",
            "Zwolle",
            "--aan",
            "fractie",
            "--partij",
            "Swollwacht",
            "--thema",
            "zorg,veiligheid",
        ],
    );
    assert!(!err.contains("--thema"), "{err}");
    assert!(themed.contains("**Zorgen voor elkaar.**"), "{themed}");
}

#[test]
fn provincial_schemes_stay_out_of_the_letter() {
    let dir = profile_dir();
    for g in ["Zwolle", "Arnhem", "Leiden"] {
        let (out, _) = run(dir.path(), &["brief", "--gemeente", g, "--aan", "raad"]);
        assert!(!out.contains("provincie"), "{g}: {out}");
        assert!(!out.to_lowercase().contains("pilot"), "{g}: {out}");
    }
}

#[test]
fn motion_in_every_format_and_under_the_fractie_letter() {
    let dir = profile_dir();
    for format in ["md", "txt", "html", "eml", "json"] {
        let (out, _) = run(
            dir.path(),
            &[
                "motie",
                "--doel",
                "gebouw",
                "--partij",
                "SP",
                "--naam",
                "Anne de Boer",
                "--vergaderdatum",
                "2027-01-14",
                "--format",
                format,
            ],
        );
        assert!(out.contains("beraadslaging"), "{format}: {out}");
        if format == "md" {
            assert!(
                out.contains("in vergadering bijeen op 14 januari 2027,"),
                "{out}"
            );
        }
    }
    let (out, _) = run(
        dir.path(),
        &[
            "motion",
            "--doel",
            "kavel",
            "--partij",
            "SP",
            "--naam",
            "Anne de Boer",
        ],
    );
    for part in [
        "De raad van de gemeente Utrecht, in vergadering bijeen op [datum van de vergadering],",
        "**constaterende dat**",
        "**overwegende dat**",
        "**verzoekt het college**",
        "en gaat over tot de orde van de dag.",
        "Ingediend door: Anne de Boer, SP",
    ] {
        assert!(out.contains(part), "{part}: {out}");
    }
    let requests = out
        .split("**verzoekt het college**")
        .nth(1)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("- "))
        .count();
    assert!((2..=4).contains(&requests), "{requests} requests");
    let (letter, _) = run(
        dir.path(),
        &[
            "brief",
            "--aan",
            "fractie",
            "--partij",
            "SP",
            "--doel",
            "motie",
            "--met-motie",
        ],
    );
    assert!(letter.contains("Een concept van die motie staat onder deze brief."));
    assert!(letter.contains("gehoord de beraadslaging"));
}

#[test]
fn manifest_is_signed_for_one_or_many() {
    let kb = Kb::load(None).unwrap();
    let env = coop::render::environment();
    let p = profile();
    let zwolle = row(&kb, "Zwolle");
    let one = produce_with(
        &env,
        &ManifestRequest {
            signatories: None,
            parties: coop::compose::manifest::parties(&kb, &["VVD".into(), "SP".into()]),
            parties_named: true,
        },
        &src(&kb, Some(&p), zwolle),
    )
    .unwrap();
    assert!(
        one.doc
            .markdown
            .contains("Namens 45 leden van De Groene Hof"),
        "{}",
        one.doc.markdown
    );
    let sig = |n: &str, l| {
        Signatory::Profile(Box::new(Profile {
            naam: Some(n.into()),
            leden: Some(l),
            ..Profile::default()
        }))
    };
    let many = produce_with(
        &env,
        &ManifestRequest {
            signatories: Some(vec![sig("A", 100), sig("B", 200), sig("C", 112)]),
            parties: coop::compose::manifest::parties(&kb, &["VVD".into()]),
            parties_named: true,
        },
        &src(&kb, None, zwolle),
    )
    .unwrap();
    assert!(
        many.doc
            .markdown
            .contains("Namens 412 leden van 3 coöperaties"),
        "{}",
        many.doc.markdown
    );
}

/// Every party coop knows gets a letter that passes the reader's checks.
#[test]
fn every_known_party_gets_a_clean_letter() {
    let kb = Kb::load(None).unwrap();
    let env = coop::render::environment();
    let p = profile();
    let mut all = String::new();
    for party in kb.parties.iter().filter(|x| x.merged_into.is_none()) {
        for prof in [Some(&p), None] {
            for (recipient, goal) in [
                (Recipient::Fractie, Goal::Motie),
                (Recipient::Raadslid, Goal::Kavel),
            ] {
                let l = produce_with(
                    &env,
                    &letter_req(&kb, recipient, goal, &party.id, false),
                    &src(&kb, prof, row(&kb, "Utrecht")),
                )
                .unwrap();
                check(
                    &format!("{} {recipient:?}", party.id),
                    &l.doc.markdown,
                    &mut all,
                );
            }
        }
    }
    let unknown = unknown_words(&all);
    assert!(unknown.is_empty(), "unknown words: {unknown:?}");
}

/// Every objection has a letter text in our voice, and every figure in it
/// is one the profile can fill in.
#[test]
fn every_objection_has_a_letter_text_in_our_voice() {
    let kb = Kb::load(None).unwrap();
    let p = profile();
    let mut all = String::new();
    for o in kb.objections.iter() {
        let text = o
            .letter
            .as_deref()
            .unwrap_or_else(|| panic!("{}: no letter text", o.id));
        for prof in [Some(&p), None] {
            let mut gaps = coop::compose::document::Gaps::default();
            let coop = coop::compose::document::coop_view(prof, &mut gaps);
            let filled = coop::compose::tailor::fill(text, &coop, "Zwolle", &mut gaps);
            check(&o.id, &filled, &mut all);
            assert!(!filled.contains("[partners]"), "{}: {filled}", o.id);
        }
    }
    assert!(kb.objections.iter().count() >= 18);
}
