//! Property tests ("fuzzing on stable") for every reader of user input:
//! profile, journal, overlay data, answers file, recipients CSV,
//! signatories and rebut text. Each input is a seed from the test data,
//! mutated (characters inserted from a set that YAML and CSV care about,
//! ranges deleted or repeated, a BOM or control characters added). The
//! property: the reader returns (Ok or a Dutch error that names the file
//! and is short), never panics, and never echoes a long value.
//!
//! CI runs a short run (64 cases per reader). For a longer run:
//! `scripts/fuzz.sh` (PROPTEST_CASES=20000 by default).

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;

use coop::core::kb::Kb;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

/// CI uses a fixed seed, so a run is repeatable; `scripts/fuzz.sh` sets
/// FUZZ_RANDOM=1 to explore new inputs on every run.
fn config() -> ProptestConfig {
    let random = std::env::var_os("FUZZ_RANDOM").is_some();
    ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        rng_seed: if random {
            proptest::test_runner::RngSeed::Random
        } else {
            proptest::test_runner::RngSeed::Fixed(12)
        },
        ..ProptestConfig::default()
    }
}

fn kb() -> &'static Kb {
    static KB: OnceLock<Kb> = OnceLock::new();
    KB.get_or_init(|| Kb::load(None).expect("built-in data loads"))
}

/// Characters that matter to YAML, CSV, Markdown or a terminal.
const NASTY: &[char] = &[
    '[', ']', '{', '}', ':', '-', '#', '\'', '"', '\n', '\t', ' ', '&', '*', '!', '|', '>', '%',
    '@', ',', ';', '?', '\\', '\u{feff}', '\u{1b}', '\u{0}', '\r', 'é', '€', '\u{202e}', '~',
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, char),
    Delete(usize, usize),
    Repeat(usize, usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), proptest::sample::select(NASTY)).prop_map(|(p, c)| Edit::Insert(p, c)),
        2 => (any::<usize>(), 0usize..40).prop_map(|(p, n)| Edit::Delete(p, n)),
        1 => (any::<usize>(), 1usize..30, 1usize..50).prop_map(|(p, n, k)| Edit::Repeat(p, n, k)),
    ]
}

/// A seed with edits applied (positions wrap around; on char boundaries).
fn mutate(seed: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for e in edits {
        let len = chars.len().max(1);
        match *e {
            Edit::Insert(p, c) => {
                let p = p % (chars.len() + 1);
                chars.insert(p, c);
            }
            Edit::Delete(p, n) => {
                let p = p % len;
                let end = (p + n).min(chars.len());
                if p < end {
                    chars.drain(p..end);
                }
            }
            Edit::Repeat(p, n, k) => {
                let p = p % len;
                let end = (p + n).min(chars.len());
                if p < end {
                    let part: Vec<char> = chars[p..end].to_vec();
                    for _ in 0..k {
                        chars.splice(p..p, part.iter().copied());
                    }
                }
            }
        }
    }
    chars.into_iter().collect()
}

fn input(seeds: &'static [&'static str]) -> impl Strategy<Value = String> {
    (
        proptest::sample::select(seeds),
        proptest::collection::vec(edit(), 0..12),
    )
        .prop_map(|(s, e)| mutate(s, &e))
}

/// The properties every error must have.
fn check_error(label: &str, err: &coop::error::Error) {
    let text = err.to_string();
    assert!(text.contains(label), "does not name {label}: {text}");
    for english in [
        "invalid type",
        "missing field",
        "untagged enum",
        "did not find expected",
        "os error",
        "stream did not contain",
    ] {
        assert!(!text.contains(english), "English in: {text}");
    }
    // One message per problem, each with a short excerpt of a value.
    for line in text.lines() {
        assert!(
            line.chars().count() < 600,
            "too long ({}): {line}",
            line.len()
        );
    }
}

const JOURNAL_SEEDS: &[&str] = &[
    include_str!("../data/journaal/journaal.yaml"),
    "gebeurtenissen:\n  - datum: 2026-03-14\n    soort: gesprek\n    samenvatting: Kennismaking\nvervolg:\n  - datum: 2026-03-28\n    wat: Bellen\n    klaar: ja\n",
    "contacten: [{naam: Jan, rol: raadslid}]\n",
];

const PROFILE_SEEDS: &[&str] = &[
    include_str!("../data/journaal/coop.yaml"),
    crate::common::PROFILE,
    "naam: x\ngeschiedenis:\n  - datum: 2024-05-01\n    wat: Opgericht\n",
];

const CSV_SEEDS: &[&str] = &[
    "naam;partij;email;aanhef\nJan de Vries;VVD;jan@raad.nl;Geachte heer De Vries\nEmma Bakker;Leefbaar Utrecht;emma@raad.nl;\n",
    "naam,partij,email,fractie\n\"Vries, Jan de\",SP,jan@raad.nl,SP Utrecht\n",
];

const SIGNATORY_SEEDS: &[&str] = &[
    "- naam: De Groene Hof\n  leden: 45\n- naam: Casa Nova\n  leden: 30\n",
    "- De Groene Hof\n- Casa Nova\n",
];

const ANSWER_SEEDS: &[&str] = &[
    "naam: De Groene Hof\ngemeente: Utrecht\nfase: plan\ndoel: gesprek\n",
    "gemeente: Utrecht\nook-gehoord: [geen vraag naar, te duur]\n",
];

const DATA_SEEDS: &[&str] = &[
    "- id: eigen-bezwaar\n  objection: Er is geen vraag naar\n  also_heard: [niemand wil dat]\n",
    "- id: x\n  title: y\n",
];

const REBUT_SEEDS: &[&str] = &[
    "Er is geen vraag naar coöperaties in deze gemeente.",
    "Dat is te duur en de grond is al vergeven aan een projectontwikkelaar",
    "wooncooperatie woningcorporatie geen tijd",
];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn journal_reader(text in input(JOURNAL_SEEDS)) {
        if let Err(e) = coop::core::journal::store::parse("journaal.yaml", &text) {
            check_error("journaal.yaml", &e);
        }
    }

    #[test]
    fn profile_reader(text in input(PROFILE_SEEDS)) {
        if let Err(e) = coop::core::profile::parse("coop.yaml", &text) {
            check_error("coop.yaml", &e);
        }
    }

    #[test]
    fn recipients_reader(text in input(CSV_SEEDS)) {
        match coop::core::recipients::parse("r.csv", &text) {
            Ok(list) => {
                for r in list {
                    // Whatever was accepted is one mailbox and one line.
                    if let Some(e) = &r.email {
                        prop_assert!(coop::core::profile::check_email(e).is_ok(), "{e:?}");
                    }
                    prop_assert!(!r.naam.contains('\n'));
                }
            }
            Err(e) => check_error("r.csv", &e),
        }
    }

    #[test]
    fn signatories_reader(text in input(SIGNATORY_SEEDS)) {
        let checked = coop::io::input::check_yaml_depth("o.yaml", &text);
        if checked.is_ok() {
            let _ = serde_yaml::from_str::<Vec<coop::compose::manifest::Signatory>>(&text)
                .map_err(|e| check_error("o.yaml", &coop::core::kb::load::yaml_error("o.yaml", &e)));
        }
    }

    #[test]
    fn answers_reader(text in input(ANSWER_SEEDS)) {
        let q = coop::core::questionnaire::questions::Questionnaire::load(kb()).unwrap();
        if let Err(e) = coop::io::input::check_yaml_depth("a.yaml", &text)
            .and_then(|_| coop::core::questionnaire::answers::from_file("a.yaml", &text, &q))
        {
            check_error("a.yaml", &e);
        }
    }

    #[test]
    fn overlay_reader(text in input(DATA_SEEDS)) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("objections.yaml"), &text).unwrap();
        let mut kb = kb().clone();
        if let Err(e) = kb.apply_overlay(dir.path()) {
            check_error("objections.yaml", &e);
        }
    }

    #[test]
    fn rebut_text(text in input(REBUT_SEEDS)) {
        let index = coop::matching::search::Index::new(kb());
        let _ = index.search(&text, 3);
    }

    #[test]
    fn markdown_escaping_keeps_text_inert(text in input(&["[x](javascript:alert(1))", "![a](http://t.example/p.gif)", "<b>x</b>"])) {
        let md = coop::render::escape_markdown_text(&text);
        let html = coop::render::html::to_html(&format!("Aan {md}."), "t", "nl");
        let body = &html[html.find("<body>").unwrap()..];
        prop_assert!(!body.contains("<a "), "{text:?} → {body}");
        prop_assert!(!body.contains("<img"), "{text:?} → {body}");
        prop_assert!(!body.contains("<b>"), "{text:?} → {body}");
    }
}

#[test]
fn seeds_are_read_without_error() {
    for s in JOURNAL_SEEDS {
        coop::core::journal::store::parse("journaal.yaml", s).unwrap();
    }
    for s in PROFILE_SEEDS {
        coop::core::profile::parse("coop.yaml", s).unwrap();
    }
    for s in CSV_SEEDS {
        coop::core::recipients::parse("r.csv", s).unwrap();
    }
    assert!(Path::new("scripts/fuzz.sh").exists());
}
