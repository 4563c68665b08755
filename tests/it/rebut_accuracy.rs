//! Measures `coop rebut` on realistic phrasings written independently of the
//! data (tests/data/rebut_phrasings.yaml): top-1 accuracy on objections and
//! rejection of off-topic text must both reach 90%.

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

/// Run with `COOP_HELDOUT=path cargo test heldout -- --ignored --nocapture`
/// to measure on a set that is not in the repository.
#[test]
#[ignore]
fn heldout() {
    let file = std::env::var("COOP_HELDOUT").expect("set COOP_HELDOUT");
    let (accuracy, rejection, failures) = evaluate(&file, 1, 1);
    eprintln!("{}", failures.join("\n"));
    eprintln!("held-out: top-1 accuracy {accuracy:.3}, off-topic rejection {rejection:.3}");
}

/// Dumps the score parts of every case as JSON lines, for tuning:
/// `COOP_DUMP=out.jsonl COOP_SET=file cargo test dump -- --ignored`.
#[test]
#[ignore]
fn dump() {
    let out = std::env::var("COOP_DUMP").expect("set COOP_DUMP");
    let file = std::env::var("COOP_SET").expect("set COOP_SET");
    let cases: Vec<Case> = serde_yaml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let kb = Kb::load(None).unwrap();
    let index = Index::new(&kb);
    let mut lines = String::new();
    for c in &cases {
        let parts = index.explain(&c.text);
        lines.push_str(
            &serde_json::json!({"text": c.text, "expect": c.expect, "parts": parts}).to_string(),
        );
        lines.push('\n');
    }
    std::fs::write(out, lines).unwrap();
}

/// Prints the analysis of COOP_Q against objection COOP_ID (for tuning).
#[test]
#[ignore]
fn why() {
    let q = std::env::var("COOP_Q").unwrap();
    let id = std::env::var("COOP_ID").unwrap();
    let kb = Kb::load(None).unwrap();
    let index = Index::new(&kb);
    let terms = index.terms(&q);
    eprintln!("terms: {terms:?}");
    for t in &terms {
        eprintln!("{t}: {:?}", index.phrases_with(&id, t));
    }
}
