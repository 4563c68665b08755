//! Measures `coop rebut` on text written independently of the data:
//! short phrasings (tests/data/rebut_phrasings.yaml), and the `test/` part
//! of the weerleg corpus (tests/data/weerleg), which is only measured here
//! and never tuned on. Tuning tools are in examples/ (eval, train, tune).

use coop::core::kb::Kb;
use coop::matching::search::Index;
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    text: String,
    expect: Option<String>,
}

fn evaluate(file: &str, min_on: usize, min_off: usize) -> (f64, f64, Vec<String>) {
    let text = std::fs::read_to_string(file).unwrap();
    let cases: Vec<Case> = serde_yaml::from_str(&text).unwrap();
    let kb = Kb::load(None).unwrap();
    let index = Index::new(&kb);
    let (mut on, mut on_ok, mut off, mut off_ok) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for c in &cases {
        let got = index.search(&c.text, 1);
        let top = got.first().map(|m| m.objection.id.as_str());
        match &c.expect {
            Some(id) => {
                on += 1;
                if top == Some(id.as_str()) {
                    on_ok += 1;
                } else {
                    failures.push(format!("{:?}: expected {id}, got {top:?}", c.text));
                }
            }
            None => {
                off += 1;
                if top.is_none() {
                    off_ok += 1;
                } else {
                    failures.push(format!("{:?}: expected nothing, got {top:?}", c.text));
                }
            }
        }
    }
    assert!(
        on >= min_on && off >= min_off,
        "the test set is too small: {on} on-topic, {off} off-topic"
    );
    (
        on_ok as f64 / on as f64,
        off_ok as f64 / off as f64,
        failures,
    )
}

#[test]
fn rebut_finds_objections_and_rejects_off_topic_text() {
    let (accuracy, rejection, failures) = evaluate("tests/data/rebut_phrasings.yaml", 80, 15);
    eprintln!("top-1 accuracy {accuracy:.3}, off-topic rejection {rejection:.3}");
    assert!(
        accuracy >= 0.9 && rejection >= 0.9,
        "accuracy {accuracy:.3}, rejection {rejection:.3}; misses:\n{}",
        failures.join("\n")
    );
}

#[path = "../../examples/eval/corpus.rs"]
mod corpus;

/// The figures of `cargo run --release --example eval` on the test part.
/// Met targets of issue #10 are asserted as such; for the one that is not
/// met yet (every affirmation) the floor is what the matcher reaches now,
/// so a change that makes it worse fails.
#[test]
fn weerleg_corpus_test_part() {
    let kb = Kb::load(None).unwrap();
    let index = Index::new(&kb);
    let part = corpus::Part::read(env!("CARGO_MANIFEST_DIR"), "test");
    let r = corpus::evaluate(&index, &part);
    let figures = format!(
        "top-1 {}, off-topic {}, hard negatives {}, affirmations {}, recall {}, precision {}",
        r.top1, r.offtopic, r.hard_negative, r.affirmation, r.recall, r.precision
    );
    eprintln!("{figures}");
    assert!(
        r.top1.total >= 500 && r.paragraphs_exact.total >= 30,
        "{figures}"
    );
    assert!(r.offtopic.value() >= 0.92, "{figures}");
    assert!(r.recall.value() >= 0.90, "{figures}");
    assert!(r.precision.value() >= 0.85, "{figures}");
    assert!(r.hard_negative.value() >= 0.92, "{figures}");
    assert!(r.top1.value() >= 0.95, "{figures}");
    // Not yet the target (1.0): a floor against regressions.
    assert!(r.affirmation.value() >= 0.90, "{figures}");
    // Answers found only just are marked "not sure": most of the wrong
    // answers in the paragraphs (what a reply letter would answer), and
    // few of the right ones.
    let marked = format!(
        "right answers marked {}, wrong paragraph answers marked {}",
        r.right_flagged, r.extra_flagged
    );
    assert!(r.right_flagged.value() <= 0.05, "{marked}");
    assert!(r.extra_flagged.value() >= 0.5, "{marked}");
}

/// A sentence in both parts would be learnt and then "measured": the
/// figures of the test part would flatter the matcher.
#[test]
fn the_dev_and_test_parts_share_no_text() {
    let root = env!("CARGO_MANIFEST_DIR");
    let (dev, test) = (
        corpus::Part::read(root, "dev"),
        corpus::Part::read(root, "test"),
    );
    let key = |t: &str| t.trim().to_lowercase();
    let seen: std::collections::HashSet<String> = dev
        .sentences
        .iter()
        .map(|s| key(&s.text))
        .chain(dev.paragraphs.iter().map(|p| key(&p.text)))
        .collect();
    let shared: Vec<&str> = test
        .sentences
        .iter()
        .map(|s| s.text.as_str())
        .chain(test.paragraphs.iter().map(|p| p.text.as_str()))
        .filter(|t| seen.contains(&key(t)))
        .collect();
    assert!(shared.is_empty(), "in dev/ and in test/: {shared:#?}");
}
