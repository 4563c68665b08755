//! A reply to the municipality's e-mail or minutes (`coop brief
//! --reactie-op`): every objection found in their text, each quoted in one
//! line and answered in our voice (the fact, why the concern does not hold,
//! the fact again, with our own figures), then one concrete request. The
//! letter around it (sender, address, salutation, request, closing) is the
//! ordinary letter's.

use serde::Serialize;

use super::document::Gaps;
use super::letter::{self, LetterContext, LetterRequest};
use super::views::{self, ObjectionView};
use super::{Document, Mailbox, Sources, Title};
use crate::core::kb::Kb;
use crate::error::Result;
use crate::matching::find;
use crate::matching::search::Index;

/// At most this many words of their sentence in the quote.
const QUOTE_WORDS: usize = 25;

/// What the user asked for: a letter, and the text it answers.
pub struct ReplyRequest<'a> {
    pub letter: LetterRequest<'a>,
    /// The municipality's e-mail or minutes.
    pub text: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Point {
    /// What they wrote, on one line (shortened with "…").
    pub citaat: String,
    pub tegenwerping: ObjectionView,
    /// Our own figures that make the answer concrete ("45 leden, ..."), or
    /// empty when coop.yaml has none of them.
    pub cijfers: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReplyContext {
    #[serde(flatten)]
    pub brief: LetterContext,
    pub punten: Vec<Point>,
    /// Sentences that sound like a concern but match no known objection:
    /// the user answers these by hand.
    pub niet_herkend: Vec<String>,
    /// Leave out the figures lines, to fit a word budget.
    pub zonder_cijfers: bool,
}

impl Document for ReplyRequest<'_> {
    type View = ReplyContext;
    const KIND: &'static str = "reactie";
    const TEMPLATE: &'static str = "docs/reactie.md.j2";

    fn compose(&self, src: &Sources, gaps: &mut Gaps) -> Result<ReplyContext> {
        let brief = letter::context(
            src.kb,
            src.profile,
            src.municipality,
            &self.letter,
            src.date,
            gaps,
        )?;
        let index = Index::new(src.kb);
        let punten = find::find_all(&index, self.text)
            .into_iter()
            .map(|f| Point {
                citaat: one_line(&f.quote),
                tegenwerping: views::objection(src.kb, f.objection),
                cijfers: figures(src.kb, &f.id, &brief),
            })
            .collect();
        let niet_herkend = find::unplaced(&index, self.text)
            .into_iter()
            .map(|u| one_line(&u.quote))
            .collect();
        Ok(ReplyContext {
            brief,
            punten,
            niet_herkend,
            zonder_cijfers: false,
        })
    }

    fn title(&self, view: &ReplyContext) -> Title {
        Title::Text(format!(
            "Reactie op uw bericht over {}",
            view.brief.coop.text("naam")
        ))
    }

    fn budget(&self, _: &ReplyContext) -> Option<usize> {
        self.letter.words
    }

    fn shorter(&self, view: &ReplyContext, step: usize) -> Option<ReplyContext> {
        let mut v = view.clone();
        match step {
            0 => Some(v),
            1 => {
                v.zonder_cijfers = true;
                Some(v)
            }
            _ => None,
        }
    }

    fn to(&self, view: &ReplyContext) -> Vec<Mailbox> {
        self.letter.to(&view.brief)
    }

    fn notes(&self, view: &ReplyContext) -> Vec<String> {
        let mut notes = Vec::new();
        if !view.niet_herkend.is_empty() {
            let mut lines = vec![format!(
                "Niet herkend: {} punt(en) uit hun tekst. Beantwoord die zelf in de brief:",
                view.niet_herkend.len()
            )];
            lines.extend(view.niet_herkend.iter().map(|q| format!("  - „{q}”")));
            notes.push(lines.join("\n"));
        }
        notes
    }
}

/// Their sentence on one line, at most `QUOTE_WORDS` words.
fn one_line(quote: &str) -> String {
    let words: Vec<&str> = quote.split_whitespace().collect();
    if words.len() <= QUOTE_WORDS {
        words.join(" ")
    } else {
        format!("{} …", words[..QUOTE_WORDS].join(" "))
    }
}

/// "48 leden en 120 mensen op onze wachtlijst": the hard figures this
/// objection asks for that coop.yaml has (texts such as the phase are not
/// figures and stay out).
fn figures(kb: &Kb, id: &str, brief: &LetterContext) -> String {
    let Some(o) = kb.objections.get(id) else {
        return String::new();
    };
    let shown: Vec<String> = o
        .evidence
        .iter()
        .filter(|e| brief.coop.known(&e.figure))
        .filter_map(|e| {
            let v = brief.coop.text(&e.figure);
            Some(match e.figure.as_str() {
                "leden" => format!("{v} leden"),
                "wachtlijst" => format!("{v} mensen op onze wachtlijst"),
                "woningen" => format!("{v} woningen in ons plan"),
                "huur" => format!("een huur van {v}"),
                _ => return None,
            })
        })
        .collect();
    super::document::join_and(&shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotes_are_cut_to_one_line() {
        let long = "een ".repeat(40);
        let q = one_line(&long);
        assert!(q.ends_with(" …") && q.split_whitespace().count() == QUOTE_WORDS + 1);
        assert_eq!(one_line("Twee\nregels."), "Twee regels.");
    }
}
