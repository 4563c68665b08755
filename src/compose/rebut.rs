//! What you heard → the objections in it, each with its full answer: the
//! one selection behind `coop weerleg` and the web page "Wat hoorde je?".

use serde::Serialize;

use super::views::{self, ObjectionView};
use crate::core::kb::Kb;
use crate::error::{Error, Result};
use crate::matching::find::{self, MAX_TEXT_BYTES};
use crate::matching::search::Index;

/// One objection found, with its answer.
#[derive(Debug, Clone, Serialize)]
pub struct MatchView {
    #[serde(flatten)]
    pub o: ObjectionView,
    /// How sure the matcher is, between 0 and 1.
    pub score: f64,
    /// The sentence of the text the objection was found in.
    pub citaat: String,
    /// The words that decided.
    pub waarom: Vec<String>,
    /// False when the sentence may as well deny the objection: the user
    /// reads it before answering (see `find::Found::sure`).
    pub zeker: bool,
}

/// The matches of one text.
#[derive(Debug, Clone, Serialize)]
pub struct Rebuttal {
    pub matches: Vec<MatchView>,
    /// One sentence (its best objection), or a longer text (every
    /// objection in it, each with its quote).
    pub one_sentence: bool,
}

/// The objections in `text`. One sentence gives its best objection, and
/// with `limit` more candidates for the same sentence, best first; a
/// longer text gives every objection in it, at most `limit`.
pub fn rebut(kb: &Kb, index: &Index, text: &str, limit: Option<usize>) -> Rebuttal {
    let one_sentence = find::sentence_count(text) <= 1;
    let mut found = find::find_all(index, text);
    if one_sentence {
        let limit = limit.unwrap_or(1).max(1);
        // A second search only when more than one candidate is asked for.
        if let Some(first) = found.first().cloned().filter(|_| limit > 1) {
            for m in index.search(text, limit) {
                if found.len() >= limit {
                    break;
                }
                if m.objection.id != first.id {
                    found.push(find::Found {
                        objection: m.objection,
                        id: m.objection.id.clone(),
                        score: m.score,
                        // A second guess for the same sentence: the
                        // model chose another objection.
                        sure: false,
                        ..first.clone()
                    });
                }
            }
        }
        found.truncate(limit);
    } else if let Some(n) = limit {
        found.truncate(n.max(1));
    }
    let matches = found
        .into_iter()
        .map(|f| MatchView {
            o: views::objection(kb, f.objection),
            score: (f.score * 100.0).round() / 100.0,
            citaat: f.quote,
            waarom: f.why,
            zeker: f.sure,
        })
        .collect();
    Rebuttal {
        matches,
        one_sentence,
    }
}

/// The message when a text is longer than the matcher reads.
pub fn too_long() -> Error {
    Error::Usage(format!(
        "de tekst is te lang. coop weerleg leest hoogstens {} kB (ongeveer 15.000 woorden). Geef alleen het deel met de tegenwerpingen.",
        MAX_TEXT_BYTES / 1024
    ))
}

/// Refuses text the matcher cannot use: too long, binary, or without a
/// single letter or digit.
pub fn check_text(text: &str) -> Result<()> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(too_long());
    }
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
    Ok(())
}

/// The start of a long text, for a message.
pub fn excerpt(text: &str) -> String {
    const MAX: usize = 80;
    match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{} ...", &text[..i]),
        None => text.to_string(),
    }
}

/// The message when nothing in `text` is an objection coop knows.
pub fn nothing_found(text: &str) -> String {
    format!(
        "Geen tegenwerping gevonden die past bij \"{}\". Probeer andere woorden, of bekijk de lijst met `coop tegenwerpingen`.",
        excerpt(text.trim())
    )
}
