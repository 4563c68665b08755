//! Trains the sentence model of `coop weerleg` (src/matching/model.rs) and
//! writes its weights to src/matching/model.tsv:
//! `cargo run --release --example train`, then rebuild.
//!
//! Training data: the phrases of the built-in objections (objection,
//! also_heard, keywords) and the `dev/` part of tests/data/weerleg, plus a
//! few neutral lines of letters written here. The `test/` part is never
//! read: it only measures (`cargo run --release --example eval`).
//!
//! Multinomial logistic regression with plain stochastic gradient descent,
//! a fixed number of passes and a fixed shuffle: the same data always gives
//! the same weights. Before the final training, a five-fold cross-validation
//! on dev prints how well it generalises for several thresholds (the
//! threshold in use is `model::MIN_PROBABILITY`).

// A training tool reports on stdout.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::{BTreeMap, BTreeSet, HashMap};

use coop::core::kb::Kb;
use coop::matching::model::{self, NONE};
use coop::matching::search::Index;
use serde::Deserialize;

#[derive(Deserialize)]
struct Sentence {
    text: String,
    expect: Option<String>,
}

/// Lines that occur in every letter or set of minutes and state nothing.
const NEUTRAL: &[&str] = &[
    "Geachte heer De Vries,",
    "Geachte mevrouw Jansen,",
    "Beste bestuur,",
    "Met vriendelijke groet,",
    "Hartelijke groet,",
    "Dank voor uw brief van 3 maart.",
    "Hartelijk dank voor uw e-mail en de toelichting op uw plannen.",
    "Wij hebben uw verzoek met belangstelling gelezen.",
    "Wij stellen voor om na de zomer opnieuw contact op te nemen.",
    "Het volgende overleg is in juni.",
    "De voorzitter opent de vergadering en heet iedereen welkom.",
    "Wij hopen u hiermee voldoende te hebben geïnformeerd.",
    "Voor vragen kunt u contact opnemen met het klantcontactcentrum.",
    "Aanwezig: de wethouder, twee ambtenaren en drie bestuursleden.",
    "Het bestuur stuurt voor 1 mei een uitgewerkt plan.",
    "Voorzitter, dank u wel.",
    "Ik wil de insprekers bedanken voor hun bijdrage.",
    "We horen graag hoe jullie hiernaar kijken.",
    "Wij komen hier in een later stadium op terug.",
    "De notulen van de vorige vergadering worden vastgesteld.",
    "Rondvraag: er zijn geen vragen.",
    "Sluiting om 21.30 uur.",
    "Bijgaand treft u het verslag van ons gesprek aan.",
    "Uw brief is doorgestuurd naar de afdeling Wonen.",
    "Wij waarderen uw inzet voor betaalbaar wonen in onze gemeente.",
];

#[derive(Deserialize)]
struct Paragraph {
    text: String,
    expect: Vec<String>,
}

/// Feature number and value.
type Sparse = Vec<(usize, f32)>;

struct Example {
    features: Vec<(usize, f32)>,
    class: usize,
    weight: f32,
}

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    let kb = Kb::load(None).expect("built-in data loads");
    let index = Index::new(&kb);
    let dev = |f: &str| -> Vec<Sentence> {
        let path = format!("{root}/tests/data/weerleg/dev/{f}");
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let mut corpus = dev("zinnen-bezwaren.yaml");
    corpus.extend(dev("zinnen-overig.yaml"));

    // Classes: every objection of the data and of the dev labels, then none.
    let mut ids: BTreeSet<String> = kb.objections.iter().map(|o| o.id.clone()).collect();
    ids.extend(corpus.iter().filter_map(|s| s.expect.clone()));
    let mut classes: Vec<String> = ids.into_iter().collect();
    classes.push(NONE.into());
    let class_of = |id: Option<&str>| {
        classes
            .iter()
            .position(|c| c == id.unwrap_or(NONE))
            .unwrap()
    };

    let mut names: HashMap<String, usize> = HashMap::new();
    let mut encode = |text: &str| -> Vec<(usize, f32)> {
        let analysed = index.analyzer().analyse(text);
        let mut v: BTreeMap<usize, f32> = BTreeMap::new();
        let terms: Vec<String> = analysed.iter().map(|t| t.term.clone()).collect();
        for f in model::features(&index, text, &analysed, &index.rank(&terms)) {
            let n = names.len();
            let i = *names.entry(f.name).or_insert(n);
            *v.entry(i).or_default() += f.value;
        }
        v.into_iter().collect()
    };

    // The data's own phrases count less than real sentences: they are
    // short and written by the same hand as the matcher's vocabulary.
    let mut fixed = Vec::new();
    for o in kb.objections.iter() {
        let c = class_of(Some(&o.id));
        for t in std::iter::once(&o.objection).chain(&o.also_heard) {
            fixed.push(Example {
                features: encode(t),
                class: c,
                weight: 0.7,
            });
        }
        // Keywords are fragments ("korting"), not sentences: as training
        // examples they made the model answer too eagerly (cross-validation
        // on dev); they still count through the phrase matcher's scores.
    }
    for t in NEUTRAL {
        fixed.push(Example {
            features: encode(t),
            class: class_of(None),
            weight: 1.0,
        });
    }
    let sentences: Vec<Example> = corpus
        .iter()
        .map(|s| Example {
            features: encode(&s.text),
            class: class_of(s.expect.as_deref()),
            weight: 1.0,
        })
        .collect();
    let path = format!("{root}/tests/data/weerleg/dev/alineas.yaml");
    let paragraphs: Vec<Paragraph> =
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let paragraph_pieces: Vec<Vec<Vec<(usize, f32)>>> = paragraphs
        .iter()
        .map(|p| {
            coop::matching::sentences::split(&p.text)
                .into_iter()
                .map(|r| encode(&p.text[r]))
                .collect()
        })
        .collect();
    let none = class_of(None);
    let known: Vec<bool> = classes
        .iter()
        .map(|c| c == NONE || kb.objections.contains(c))
        .collect();

    // Five-fold cross-validation on dev: how well does it do on sentences
    // it has not seen?
    let thresholds = [0.3f32, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6];
    let mut right = vec![(0usize, 0usize, 0usize, 0usize, 0usize); thresholds.len()];
    let all_known = vec![true; classes.len()];
    for fold in 0..5 {
        let train: Vec<&Example> = fixed
            .iter()
            .chain(
                sentences
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % 5 != fold)
                    .map(|(_, e)| e),
            )
            .collect();
        let w = fit(&train, names.len(), classes.len());
        for (i, e) in sentences.iter().enumerate().filter(|(i, _)| i % 5 == fold) {
            let _ = i;
            let p = predict(&w, &e.features, classes.len());
            for (k, &t) in thresholds.iter().enumerate() {
                let got = decide(&p, t, none, &known);
                right[k].4 +=
                    usize::from(e.class != none && decide(&p, t, none, &all_known) == e.class);
                if e.class == none {
                    right[k].2 += 1;
                    right[k].3 += usize::from(got == none);
                } else {
                    right[k].0 += 1;
                    right[k].1 += usize::from(got == e.class);
                }
            }
        }
    }
    println!("five-fold cross-validation on dev (labels not in the data count as misses):");
    for (k, t) in thresholds.iter().enumerate() {
        let (n, ok, m, rej, ok_all) = right[k];
        println!(
            "  threshold {t:.2}: top-1 {:.1}% ({:.1}% once every label is in the data), null sentences rejected {:.1}%",
            ok as f64 * 100.0 / n as f64,
            ok_all as f64 * 100.0 / n as f64,
            rej as f64 * 100.0 / m as f64
        );
    }

    // The dev paragraphs are labelled per paragraph, not per sentence. A
    // first model picks, for each label, the sentence most likely to hold
    // it; the other sentences (greetings, thanks, agenda lines, other
    // topics) become examples of "none".
    let first: Vec<&Example> = fixed.iter().chain(sentences.iter()).collect();
    let w = fit(&first, names.len(), classes.len());
    let mut from_paragraphs = Vec::new();
    for (p, encoded) in paragraphs.iter().zip(paragraph_pieces) {
        let pieces: Vec<(Sparse, Vec<f32>)> = encoded
            .into_iter()
            .map(|x| {
                let prob = predict(&w, &x, classes.len());
                (x, prob)
            })
            .collect();
        let mut label = vec![none; pieces.len()];
        for id in &p.expect {
            let c = class_of(Some(id));
            if let Some(best) = (0..pieces.len())
                .filter(|&i| label[i] == none)
                .max_by(|&a, &b| pieces[a].1[c].total_cmp(&pieces[b].1[c]))
            {
                label[best] = c;
            }
        }
        for ((x, _), c) in pieces.into_iter().zip(label) {
            from_paragraphs.push(Example {
                features: x,
                class: c,
                weight: 0.5,
            });
        }
    }
    let all: Vec<&Example> = first.into_iter().chain(from_paragraphs.iter()).collect();
    let w = fit(&all, names.len(), classes.len());
    let mut by_index: Vec<(&String, usize)> = names.iter().map(|(n, &i)| (n, i)).collect();
    by_index.sort();
    let mut tsv = format!("classes\t{}\n", classes.join("\t"));
    let mut kept = 0;
    for (name, i) in by_index {
        let row: Vec<String> = (0..classes.len())
            .filter_map(|c| {
                let x = w[i * classes.len() + c];
                (x.abs() >= 0.01).then(|| format!("{c}:{x:.3}"))
            })
            .collect();
        if !row.is_empty() {
            kept += 1;
            tsv.push_str(&format!("{name}\t{}\n", row.join("\t")));
        }
    }
    let path = format!("{root}/src/matching/model.tsv");
    std::fs::write(&path, tsv).unwrap();
    println!(
        "wrote {path}: {} classes, {kept} features, {} training examples",
        classes.len(),
        all.len()
    );
}

/// The class chosen for probabilities `p`: the most likely known class, or
/// none when that is unsure or not an objection of the data.
fn decide(p: &[f32], threshold: f32, none: usize, known: &[bool]) -> usize {
    let best = (0..p.len())
        .max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a)))
        .unwrap();
    if best == none || p[best] < threshold || !known[best] {
        none
    } else {
        best
    }
}

fn predict(w: &[f32], x: &[(usize, f32)], classes: usize) -> Vec<f32> {
    let mut logits = vec![0f32; classes];
    for &(i, v) in x {
        for (c, l) in logits.iter_mut().enumerate() {
            *l += w[i * classes + c] * v;
        }
    }
    model::softmax(&mut logits);
    logits
}

/// Logistic regression by SGD: fixed passes, fixed shuffle, L2 decay.
fn fit(examples: &[&Example], features: usize, classes: usize) -> Vec<f32> {
    const PASSES: usize = 30;
    const RATE: f32 = 0.5;
    const L2: f32 = 1e-4;
    let mut w = vec![0f32; features * classes];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for pass in 0..PASSES {
        // Fisher-Yates with a fixed linear congruential generator.
        for i in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            order.swap(i, (seed >> 33) as usize % (i + 1));
        }
        let rate = RATE / (1.0 + pass as f32 * 0.2);
        for &k in &order {
            let e = examples[k];
            let p = predict(&w, &e.features, classes);
            for &(i, v) in &e.features {
                for (c, pc) in p.iter().enumerate() {
                    let target = if c == e.class { 1.0 } else { 0.0 };
                    let g = (pc - target) * v * e.weight;
                    let x = &mut w[i * classes + c];
                    *x -= rate * (g + L2 * *x);
                }
            }
        }
    }
    w
}
