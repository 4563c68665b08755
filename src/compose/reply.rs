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
    /// Our answer as we write it to the municipality (the objection's
    /// letter text), with our own figures from coop.yaml or fill-ins.
    pub antwoord: String,
    /// False when their sentence may as well deny the objection: the user
    /// checks it before sending (see `find::Found::sure`).
    pub zeker: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReplyContext {
    #[serde(flatten)]
    pub brief: LetterContext,
    pub punten: Vec<Point>,
    /// Sentences that sound like a concern but match no known objection:
    /// the user answers these by hand.
    pub niet_herkend: Vec<String>,
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
        let found = find::find_all(&index, self.text);
        let ids: Vec<String> = found.iter().map(|f| f.id.clone()).collect();
        let answers =
            letter::letter_rebuttals(src.kb, &ids, &brief.coop, &brief.gemeente.naam, gaps)?;
        let punten = found
            .into_iter()
            .zip(answers)
            .map(|(f, a)| Point {
                citaat: one_line(&f.quote),
                tegenwerping: views::objection(src.kb, f.objection),
                antwoord: a.tekst,
                zeker: f.sure,
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

    fn to(&self, view: &ReplyContext) -> Vec<Mailbox> {
        self.letter.to(&view.brief)
    }

    fn journal(&self, view: &ReplyContext) -> Option<super::JournalNote> {
        self.letter.journal(&view.brief)
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
        let unsure: Vec<&Point> = view.punten.iter().filter(|p| !p.zeker).collect();
        if !unsure.is_empty() {
            let mut lines = vec![format!(
                "Niet zeker: {} punt(en). coop weet niet zeker of de gemeente dit als bezwaar bedoelt. Lees de zin na. Is het geen bezwaar, haal dan ons antwoord op dat punt uit de brief:",
                unsure.len()
            )];
            lines.extend(unsure.iter().map(|p| format!("  - „{}”", p.citaat)));
            notes.push(lines.join("\n"));
        }
        notes
    }
}

/// The message when nothing in the text (named `name`) is an objection
/// coop knows: then no reply letter is made.
pub fn nothing_found(name: &str) -> String {
    format!(
        "in {name} staat geen tegenwerping die coop kent, dus er is geen brief gemaakt. Kijk of dit de tekst van de gemeente is. Losse zinnen toetsen kan met coop weerleg \"...\"; alle tegenwerpingen staan in coop tegenwerpingen."
    )
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
