//! Measures `coop weerleg` on the corpus in tests/data/weerleg (see
//! LABELS.md there). Shared by `cargo run --release --example eval` and the
//! threshold test in tests/it/rebut_accuracy.rs.
//!
//! The `test/` part is only measured: nothing in the matcher or its data is
//! tuned on its sentences. Tuning uses `dev/` only.

use std::collections::BTreeMap;

use coop::matching::{find_all, search::Index};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Sentence {
    pub text: String,
    pub expect: Option<String>,
    pub kind: String,
    /// For an affirmation: the objection it denies (newer dev files).
    #[serde(default)]
    pub about: Option<String>,
}

#[derive(Deserialize)]
pub struct Paragraph {
    pub text: String,
    pub expect: Vec<String>,
}

/// One part of the corpus (`dev` or `test`), read from `tests/data/weerleg`.
pub struct Part {
    pub sentences: Vec<Sentence>,
    /// For each affirmation (by text): the objection it contradicts.
    pub contradicts: BTreeMap<String, String>,
    pub paragraphs: Vec<Paragraph>,
}

impl Part {
    pub fn read(root: &str, part: &str) -> Part {
        let dir = format!("{root}/tests/data/weerleg/{part}");
        // Every file of a kind: `zinnen-bezwaren.yaml`, `zinnen-bezwaren-2.yaml`, ...
        let files = |prefix: &str| -> Vec<(String, String)> {
            let mut names: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(prefix) && n.ends_with(".yaml"))
                .collect();
            names.sort();
            names
                .into_iter()
                .map(|n| {
                    let text = std::fs::read_to_string(format!("{dir}/{n}")).unwrap();
                    (n, text)
                })
                .collect()
        };
        let parse = |name: &str, text: &str| -> Vec<Sentence> {
            serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{dir}/{name}: {e}"))
        };
        let mut sentences = Vec::new();
        for (name, text) in files("zinnen-bezwaren") {
            sentences.extend(parse(&name, &text));
        }
        // The objection an affirmation denies is its `about` field, or named
        // in a comment: on the line above ("# contradicts: id", dev) or after
        // it ("# denies: id", test).
        let mut contradicts = BTreeMap::new();
        for (name, other) in files("zinnen-overig") {
            let mut pending = None;
            for line in other.lines() {
                if let Some(id) = line.strip_prefix("# contradicts:") {
                    pending = Some(id.trim().to_string());
                } else if line.starts_with("- ") {
                    let after = line
                        .rsplit_once("# denies:")
                        .map(|(_, id)| id.trim().to_string());
                    if let Some(id) = after.or_else(|| pending.take()) {
                        let item: Vec<Sentence> = serde_yaml::from_str(line).unwrap();
                        contradicts.insert(item[0].text.clone(), id);
                    }
                }
            }
            for s in parse(&name, &other) {
                if let Some(id) = &s.about {
                    contradicts.insert(s.text.clone(), id.clone());
                }
                sentences.push(s);
            }
        }
        let paragraphs = files("alineas")
            .into_iter()
            .flat_map(|(name, text)| {
                serde_yaml::from_str::<Vec<Paragraph>>(&text)
                    .unwrap_or_else(|e| panic!("{dir}/{name}: {e}"))
            })
            .collect();
        Part {
            sentences,
            contradicts,
            paragraphs,
        }
    }
}

/// A share with its counts.
#[derive(Default, Clone, Copy)]
pub struct Share {
    pub ok: usize,
    pub total: usize,
}

impl Share {
    pub fn add(&mut self, ok: bool) {
        self.total += 1;
        self.ok += usize::from(ok);
    }
    pub fn add_n(&mut self, ok: usize, total: usize) {
        self.ok += ok;
        self.total += total;
    }
    pub fn value(&self) -> f64 {
        if self.total == 0 {
            return 1.0;
        }
        self.ok as f64 / self.total as f64
    }
}

impl std::fmt::Display for Share {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "{:5.1}% ({}/{})",
            self.value() * 100.0,
            self.ok,
            self.total
        )
    }
}

/// The figures of one part.
#[derive(Default)]
pub struct Report {
    /// Objection sentences whose first answer is the labelled objection.
    pub top1: Share,
    /// Off-topic sentences that get no answer.
    pub offtopic: Share,
    /// Hard negatives (off-topic, sharing a word with an objection) that get no answer.
    pub hard_negative: Share,
    /// Affirmations not answered as the objection they contradict.
    pub affirmation: Share,
    /// Affirmations that get no answer at all.
    pub affirmation_silent: Share,
    /// Affirmations answered as the objection they deny, but marked "not
    /// sure" for the user to check.
    pub affirmation_flagged: Share,
    /// Right first answers that are marked "not sure" all the same.
    pub right_flagged: Share,
    /// Neutral lines of letters and minutes that get no answer.
    pub neutral: Share,
    /// Objection sentences that got no answer (the rest of the top-1
    /// misses got another objection).
    pub unanswered: usize,
    /// Labelled objections of the paragraphs that were found.
    pub recall: Share,
    /// Objections found in the paragraphs that were labelled.
    pub precision: Share,
    /// Objections found in the paragraphs that were not labelled, marked
    /// "not sure" for the user to check.
    pub extra_flagged: Share,
    /// Paragraphs whose found objections are exactly the labels, in order.
    pub paragraphs_exact: Share,
    /// What went wrong, one line each.
    pub misses: Vec<String>,
}

/// What `coop weerleg` answers first for `text`, if anything, and whether
/// it is sure of it.
pub fn first_answer(index: &Index, text: &str) -> Option<(String, bool)> {
    find_all(index, text)
        .into_iter()
        .next()
        .map(|f| (f.id, f.sure))
}

pub fn evaluate(index: &Index, part: &Part) -> Report {
    let mut r = Report::default();
    for s in &part.sentences {
        let answer = first_answer(index, &s.text);
        let sure = answer.as_ref().is_none_or(|a| a.1);
        let got = answer.map(|a| a.0);
        let ok = got == s.expect;
        match s.kind.as_str() {
            "objection" => {
                r.top1.add(ok);
                r.unanswered += usize::from(got.is_none());
                if ok {
                    r.right_flagged.add(!sure);
                }
            }
            "neutral" => r.neutral.add(ok),
            "offtopic" => r.offtopic.add(ok),
            "hard-negative" => r.hard_negative.add(ok),
            "affirmation" => {
                let against = part.contradicts.get(&s.text);
                let denied = got.is_none() || got.as_ref() != against;
                r.affirmation.add(denied);
                r.affirmation_silent.add(ok);
                if !denied {
                    r.affirmation_flagged.add(!sure);
                }
            }
            other => panic!("unknown kind {other}"),
        }
        if !ok {
            r.misses.push(format!(
                "[{}] expected {:?}, got {:?}: {}",
                s.kind, s.expect, got, s.text
            ));
        }
    }
    for p in &part.paragraphs {
        let found = find_all(index, &p.text);
        for f in found.iter().filter(|f| !p.expect.contains(&f.id)) {
            r.extra_flagged.add(!f.sure);
        }
        let got: Vec<String> = found.into_iter().map(|f| f.id).collect();
        let hits = p.expect.iter().filter(|e| got.contains(e)).count();
        r.recall.add_n(hits, p.expect.len());
        let right = got.iter().filter(|g| p.expect.contains(g)).count();
        r.precision.add_n(right, got.len());
        r.paragraphs_exact.add(got == p.expect);
        if got != p.expect {
            let first = p.text.lines().next().unwrap_or("");
            r.misses.push(format!(
                "[paragraph] expected {:?}, got {:?}: {first}",
                p.expect, got
            ));
        }
    }
    r
}
