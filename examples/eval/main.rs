//! Measures `coop weerleg` on the corpus in tests/data/weerleg:
//! `cargo run --release --example eval [-- --misses dev]`.
//!
//! Prints top-1 accuracy, off-topic and hard-negative rejection,
//! affirmation handling and paragraph recall and precision, for the test
//! part (only measured, never tuned on) and the dev part (for tuning).
//! `--misses dev` lists what went wrong on dev; there is deliberately no
//! such listing for test. `--holdout k` measures only the fifth of dev that
//! `HOLDOUT=k cargo run --release --example train` left out of training.

// An evaluation tool reports on stdout.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod corpus;

use coop::core::kb::Kb;
use coop::matching::search::Index;

fn main() {
    let show_misses = std::env::args().skip_while(|a| a != "--misses").nth(1);
    let root = env!("CARGO_MANIFEST_DIR");
    let kb = Kb::load(None).expect("built-in data loads");
    let index = Index::new(&kb);
    // `--holdout k`: only the dev sentences that `HOLDOUT=k` left out of
    // training (no test, no paragraphs).
    let holdout: Option<usize> = std::env::args()
        .skip_while(|a| a != "--holdout")
        .nth(1)
        .and_then(|k| k.parse().ok());
    let parts: &[&str] = if holdout.is_some() {
        &["dev"]
    } else {
        &["test", "dev"]
    };
    for &part in parts {
        let mut read = corpus::Part::read(root, part);
        if let Some(k) = holdout {
            read.sentences.retain(|s| holdout_fold(&s.text) == k);
            read.paragraphs.clear();
        }
        let report = corpus::evaluate(&index, &read);
        println!("{part}:");
        println!("  single sentences, top-1 accuracy     {}", report.top1);
        println!(
            "    misses without an answer           {} of {}",
            report.unanswered,
            report.top1.total - report.top1.ok
        );
        println!("  off-topic rejected                   {}", report.offtopic);
        println!(
            "  hard negatives rejected              {}",
            report.hard_negative
        );
        println!(
            "  affirmations not answered as the     {}",
            report.affirmation
        );
        println!(
            "    objection they deny (no answer:    {})",
            report.affirmation_silent
        );
        println!(
            "  of those answered, marked not sure   {}",
            report.affirmation_flagged
        );
        println!(
            "  right answers marked not sure        {}",
            report.right_flagged
        );
        if report.neutral.total > 0 {
            println!("  neutral lines not answered           {}", report.neutral);
        }
        println!("  paragraphs, recall                   {}", report.recall);
        println!(
            "  paragraphs, precision                {}",
            report.precision
        );
        println!(
            "    of the others, marked not sure     {}",
            report.extra_flagged
        );
        println!(
            "  paragraphs, exactly right            {}",
            report.paragraphs_exact
        );
        if show_misses.as_deref() == Some(part) && part == "dev" {
            for m in &report.misses {
                println!("    {m}");
            }
        }
    }
}

/// The fold (0-4) of a dev sentence that `HOLDOUT=k` leaves out of
/// training (as in examples/train.rs).
fn holdout_fold(text: &str) -> usize {
    text.bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b))) as usize
        % 5
}
