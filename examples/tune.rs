//! Tuning helpers for the phrase matcher (search.rs), moved here from the
//! ignored tests: `cargo run --release --example tune -- heldout FILE`,
//! `... dump FILE OUT.jsonl`, `... why "TEXT" ID`.

// A tuning tool reports on stdout and stderr.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use coop::core::kb::Kb;
use coop::matching::search::Index;
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    text: String,
    expect: Option<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let kb = Kb::load(None).expect("built-in data loads");
    let index = Index::new(&kb);
    match args.first().map(String::as_str) {
        Some("heldout") => heldout(&index, &args[1]),
        Some("dump") => dump(&index, &args[1], &args[2]),
        Some("why") => why(&index, &args[1], &args[2]),
        _ => eprintln!("usage: tune heldout FILE | dump FILE OUT | why TEXT ID"),
    }
}

/// Top-1 accuracy and off-topic rejection of the phrase matcher on a YAML
/// list of {text, expect} that is not in the repository.
fn heldout(index: &Index, file: &str) {
    let cases: Vec<Case> = serde_yaml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let (mut on, mut on_ok, mut off, mut off_ok) = (0, 0, 0, 0);
    for c in &cases {
        let got = index.search(&c.text, 1);
        let top = got.first().map(|m| m.objection.id.as_str());
        match &c.expect {
            Some(id) => {
                on += 1;
                on_ok += usize::from(top == Some(id.as_str()));
            }
            None => {
                off += 1;
                off_ok += usize::from(top.is_none());
            }
        }
        if top != c.expect.as_deref() {
            println!("{:?}: expected {:?}, got {top:?}", c.text, c.expect);
        }
    }
    println!(
        "top-1 accuracy {:.3}, off-topic rejection {:.3}",
        on_ok as f64 / on.max(1) as f64,
        off_ok as f64 / off.max(1) as f64
    );
}

/// The score parts of every case as JSON lines.
fn dump(index: &Index, file: &str, out: &str) {
    let cases: Vec<Case> = serde_yaml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
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

/// The analysis of `q` against objection `id`.
fn why(index: &Index, q: &str, id: &str) {
    let terms = index.terms(q);
    println!("terms: {terms:?}");
    for t in &terms {
        println!("{t}: {:?}", index.phrases_with(id, t));
    }
}
