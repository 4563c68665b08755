//! `coop rebut TEXT`: what you heard → the answer. A longer text (an
//! e-mail, minutes) gives every objection in it, each with the sentence it
//! was found in.

use serde::Serialize;

use crate::cli::RebutArgs;
use crate::compose::views::{self, ObjectionView};
use crate::core::kb::Kb;
use crate::error::{Error, Result};
use crate::io::output;
use crate::matching::find::{self, MAX_TEXT_BYTES};
use crate::matching::search::Index;
use crate::render;
use crate::render::formats::ShowFormat;

#[derive(Serialize)]
struct MatchView {
    #[serde(flatten)]
    o: ObjectionView,
    /// How sure the matcher is, between 0 and 1.
    score: f64,
    /// The sentence of the text the objection was found in.
    citaat: String,
    /// The words that decided.
    waarom: Vec<String>,
}

pub fn run(kb: &Kb, args: &RebutArgs) -> Result<u8> {
    let text = query_text(&args.text)?;
    let index = Index::new(kb);
    let one_sentence = find::sentence_count(&text) <= 1;
    let mut found = find::find_all(&index, &text);
    if one_sentence {
        // One sentence: its best objection, and with -n more candidates
        // for the same sentence, best first.
        let limit = args.limit.unwrap_or(1).max(1);
        if let Some(first) = found.first().cloned().filter(|_| limit > 1) {
            for m in index.search(&text, limit) {
                if found.len() >= limit {
                    break;
                }
                if m.objection.id != first.id {
                    found.push(find::Found {
                        objection: m.objection,
                        id: m.objection.id.clone(),
                        score: m.score,
                        ..first.clone()
                    });
                }
            }
        }
        found.truncate(limit);
    } else if let Some(n) = args.limit {
        found.truncate(n.max(1));
    }
    let matches: Vec<MatchView> = found
        .into_iter()
        .map(|f| MatchView {
            o: views::objection(kb, f.objection),
            score: (f.score * 100.0).round() / 100.0,
            citaat: f.quote,
            waarom: f.why,
        })
        .collect();

    if matches.is_empty() {
        if args.format == ShowFormat::Json {
            output::print("[]")?;
        }
        output::note(&format!(
            "Geen tegenwerping gevonden die past bij \"{}\". Probeer andere woorden, of bekijk de lijst met `coop tegenwerpingen`.",
            excerpt(text.trim())
        ));
        return Ok(1);
    }
    match args.format {
        ShowFormat::Json => super::print_json(&matches)?,
        format => {
            let env = render::environment();
            let ctx = serde_json::json!({
                "matches": matches,
                "short_only": args.kort,
                "show_quote": !one_sentence,
                "show_why": args.waarom,
            });
            let md = render::markdown(&env, "show/rebut.md.j2", &ctx)?;
            super::print_markdown(&md, format)?;
        }
    }
    Ok(0)
}

/// The start of a long text, for a message.
fn excerpt(text: &str) -> String {
    const MAX: usize = 80;
    match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{} ...", &text[..i]),
        None => text.to_string(),
    }
}

/// The words on the command line, or stdin when the only word is `-`.
/// Both are limited to `MAX_TEXT_BYTES`; stdin is read no further than
/// that, so a huge stream costs no memory.
fn query_text(words: &[String]) -> Result<String> {
    let too_long = || {
        Error::Usage(format!(
            "de tekst is te lang. coop weerleg leest hoogstens {} kB (ongeveer 15.000 woorden). Geef alleen het deel met de tegenwerpingen.",
            MAX_TEXT_BYTES / 1024
        ))
    };
    let text = if words.len() == 1 && words[0] == "-" {
        // The same limit as the matcher's (io::input::Kind::Message).
        crate::io::input::read_stdin_as(crate::io::input::Kind::Message)?
    } else {
        let len: usize = words.iter().map(|w| w.len() + 1).sum();
        if len > MAX_TEXT_BYTES {
            return Err(too_long());
        }
        words.join(" ")
    };
    if text.contains('\0') {
        return Err(Error::Usage(
            "de invoer is geen tekst (er staan binaire tekens in). Geef gewone tekst.".into(),
        ));
    }
    if !text.chars().any(char::is_alphanumeric) {
        return Err(Error::Usage(
            "geef de tegenwerping als tekst, bijvoorbeeld: coop weerleg \"geen vraag naar\" (of - om van stdin te lezen)."
                .into(),
        ));
    }
    Ok(text)
}
