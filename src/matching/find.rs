//! Long text → every objection it contains, each with the sentence it was
//! found in. This is the API for callers that answer a whole letter or
//! e-mail (`coop weerleg` and the reply letter):
//!
//! - [`find_all`]: the objections of a text, once each, in order of
//!   appearance, with the quote (the sentence as written), its byte span,
//!   the score and the words that decided.
//! - [`unplaced`]: sentences that sound like an objection or a concern (a
//!   question, a negative judgement) but matched none: "Niet herkend".
//!
//! Both split the text with [`sentences::split`] and judge each sentence on
//! its own.

use std::ops::Range;

use serde::Serialize;

use super::analyzer::is_stopword;
use super::context;
use super::model;
use super::search::{spanned_words, Index, Term, MIN_SCORE};
use super::sentences;
use crate::core::kb::Objection;

/// The longest text `find_all` reads, in bytes (about 15,000 words).
/// Callers refuse longer text with a message that names this limit.
pub const MAX_TEXT_BYTES: usize = 100 * 1024;

/// One objection found in a text.
#[derive(Debug, Clone, Serialize)]
pub struct Found<'a> {
    #[serde(skip)]
    pub objection: &'a Objection,
    /// The objection's id.
    pub id: String,
    /// The sentence it was found in, as written (trimmed).
    pub quote: String,
    /// Byte span of `quote` in the text.
    pub span: Range<usize>,
    /// Between 0 and 1; at least `MIN_SCORE`.
    pub score: f64,
    /// The words of the quote that decided, most telling first.
    pub why: Vec<String>,
    /// False when the model found the objection only just likely enough
    /// (below `model::SURE_PROBABILITY`): the sentence may as well deny it
    /// ("we hebben nul klachten gehad uit de straat"), so the user checks.
    pub sure: bool,
}

/// A sentence that sounds like an objection or a concern, but matched none.
#[derive(Debug, Clone, Serialize)]
pub struct Unplaced {
    pub quote: String,
    pub span: Range<usize>,
}

/// What one sentence gave.
struct Judged<'a> {
    span: Range<usize>,
    found: Option<Found<'a>>,
    /// An objection echoed and answered by the sentences after it
    /// ("Korting? We betalen de taxatiewaarde."): not an objection, and
    /// not a point to answer by hand either.
    answered: bool,
    /// An objection inside a denial ("het is een misverstand dat ..."),
    /// which the municipality can also write: always a point to answer by
    /// hand.
    denied: bool,
}

/// Every objection in `text`, once each, in the order of the text. An
/// objection found in several sentences is quoted from the one where it
/// is most certain (a heading "Grondprijs." says less than the sentence
/// after it), and placed there. Text longer than `MAX_TEXT_BYTES` is cut
/// there (at a character boundary); callers that want to refuse it check
/// the length first.
pub fn find_all<'a>(index: &Index<'a>, text: &str) -> Vec<Found<'a>> {
    let mut best: Vec<Found<'a>> = Vec::new();
    for f in judge(index, text).into_iter().filter_map(|j| j.found) {
        match best.iter_mut().find(|b| b.id == f.id) {
            Some(b) if f.score > b.score => *b = f,
            Some(_) => {}
            None => best.push(f),
        }
    }
    best.sort_by_key(|f| f.span.start);
    best
}

/// Sentences of `text` that look like an objection or a concern (a
/// question, a negative judgement such as "te duur" or "geen goed idee")
/// but matched no objection. Best effort: a hint for the reader to answer
/// these by hand.
pub fn unplaced(index: &Index, text: &str) -> Vec<Unplaced> {
    let text = cut(text);
    judge(index, text)
        .into_iter()
        .filter(|j| {
            j.denied
                || (j.found.is_none()
                    && !j.answered
                    && context::sounds_like_concern(&text[j.span.clone()]))
        })
        .map(|j| Unplaced {
            quote: text[j.span.clone()].to_string(),
            span: j.span,
        })
        .collect()
}

/// The number of sentences in `text` (for callers that treat one sentence
/// differently from a longer text).
pub fn sentence_count(text: &str) -> usize {
    sentences::split(cut(text)).len()
}

fn cut(text: &str) -> &str {
    if text.len() <= MAX_TEXT_BYTES {
        return text;
    }
    let mut end = MAX_TEXT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn judge<'a>(index: &Index<'a>, text: &str) -> Vec<Judged<'a>> {
    let text = cut(text);
    let spans = sentences::split(text);
    let letter = spans.len() > 1;
    let mut signed = false;
    let mut judged: Vec<Judged<'a>> = spans
        .iter()
        .cloned()
        .map(|span| {
            // A mail's salutation, its closing and the signature under it
            // ("de afdeling Wonen") say nothing the municipality objects to.
            let line = &text[span.clone()];
            signed = signed || (letter && is_closing(line));
            let frame = signed || (letter && is_salutation(line));
            let found = if frame {
                None
            } else {
                judge_sentence(index, text, span.clone())
            };
            Judged {
                span,
                found,
                answered: false,
                denied: false,
            }
        })
        .collect();
    check_short_sentences(index, text, &spans, &mut judged);
    // A denial can come from either side ("het klopt niet dat de gemeente
    // grond onder de marktwaarde kan verkopen" is the municipality's
    // objection), so a sentence dropped here is listed as a point to answer
    // by hand (`unplaced`).
    for j in &mut judged {
        if j.found.is_some() && denied_in_frame(index, &text[j.span.clone()]) {
            j.found = None;
            j.denied = true;
        }
    }
    judged
}

/// Openings that deny what follows them: "het klopt niet dat ...". In the
/// dev corpus 94 sentences with one of these deny an objection and one
/// raises it (after "maar", outside the denied clause).
const DENIALS: &[&str] = &[
    "klopt niet dat",
    "klopt simpelweg niet dat",
    "klopt gewoon niet dat",
    "is een misverstand dat",
    "is niet zo dat",
    "is onjuist dat",
    "is niet waar dat",
    "is een fabel dat",
    "is een mythe dat",
];

/// Where the denied clause ends: "het klopt niet dat X, maar Y".
const CLAUSE_ENDS: &[&str] = &[";", ":", ", maar", " maar ", ", want", ", omdat", " - "];

/// The byte offset of `needle` (ASCII) in `hay`, ignoring case.
fn find_ascii(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// True when the sentence's objection sits inside a denial ("het is een
/// misverstand dat niemand dit wil; ..."): without the denied clause the
/// rest states no objection.
fn denied_in_frame(index: &Index, sentence: &str) -> bool {
    let Some((start, end)) = DENIALS
        .iter()
        .find_map(|d| find_ascii(sentence, d).map(|i| (i, i + d.len())))
    else {
        return false;
    };
    let rest = &sentence[end..];
    let clause_end = CLAUSE_ENDS
        .iter()
        .filter_map(|c| find_ascii(rest, c))
        .min()
        .map_or(sentence.len(), |i| end + i);
    let outside = format!("{} {}", &sentence[..start], &sentence[clause_end..]);
    judge_sentence(index, &outside, 0..outside.len()).is_none()
}

/// The most words a sentence has to be read together with the sentences
/// after it ("Korting?", "Geen vraag?", "Amateurs zijn het niet."). On a
/// fifth of dev held out of training (`eval --holdout`), 5 rejects 33 more
/// of 940 denials at no cost to the objections; 7 or 10 reject a few more
/// but lose objections of the dev paragraphs.
const SHORT_WORDS: usize = 5;

/// A short sentence is often an echo of what was said, answered by the
/// sentence after it: "Korting? Welke korting? We betalen de
/// taxatiewaarde." Read alone, "Korting?" is the objection; read with its
/// answer it is a denial. So a short sentence keeps its answer only when
/// the same answer holds for it together with the sentences that follow
/// in the same paragraph, up to and including the first longer one.
fn check_short_sentences<'a>(
    index: &Index<'a>,
    text: &str,
    spans: &[Range<usize>],
    judged: &mut [Judged<'a>],
) {
    let words = |r: &Range<usize>| spanned_words(&text[r.clone()]).len();
    let same_paragraph =
        |a: &Range<usize>, b: &Range<usize>| text[a.end..b.start].matches('\n').count() < 2;
    for i in 0..spans.len() {
        let Some(id) = judged[i].found.as_ref().map(|f| f.id.clone()) else {
            continue;
        };
        if words(&spans[i]) > SHORT_WORDS {
            continue;
        }
        let mut end = i;
        while end + 1 < spans.len() && end - i < 3 && same_paragraph(&spans[end], &spans[end + 1]) {
            end += 1;
            if words(&spans[end]) > SHORT_WORDS {
                break;
            }
        }
        if end == i {
            continue;
        }
        let unit = spans[i].start..spans[end].end;
        match judge_sentence(index, text, unit) {
            // "Grond? Die is er niet." says more as a quote than "Grond?",
            // unless a sentence after it is quoted for another point.
            Some(f) if f.id == id => {
                let after = &mut judged[i + 1..=end];
                if after
                    .iter()
                    .all(|j| j.found.as_ref().is_none_or(|g| g.id == id))
                {
                    for j in after {
                        j.found = None;
                    }
                    judged[i].found = Some(f);
                }
            }
            _ => {
                judged[i].found = None;
                judged[i].answered = true;
            }
        }
    }
}

/// "Met vriendelijke groet," and the like: the rest of a mail is its signature.
fn is_closing(line: &str) -> bool {
    let l = crate::core::text::fold(line.trim());
    let l = l.trim_end_matches([',', '.', '!']);
    [
        "met vriendelijke groet",
        "met vriendelijke groeten",
        "met hartelijke groet",
        "met hartelijke groeten",
        "vriendelijke groet",
        "vriendelijke groeten",
        "hartelijke groet",
        "met groet",
        "groet",
        "groeten",
        "hoogachtend",
        "mvg",
    ]
    .contains(&l)
}

/// "Geachte mevrouw Jansen," or "Beste Anna,": the opening line of a mail.
fn is_salutation(line: &str) -> bool {
    let l = crate::core::text::fold(line.trim());
    l.ends_with(',')
        && l.split_whitespace().count() <= 6
        && ["geachte ", "beste ", "hallo ", "dag ", "lieve "]
            .iter()
            .any(|w| l.starts_with(w))
}

/// The best objection for one sentence, if it is likely enough. The model
/// decides for the built-in objections (it has learnt that sentences about
/// sport or school, and denials, are "none"); an objection a user added
/// in an overlay is found by the phrase score alone.
fn judge_sentence<'a>(index: &Index<'a>, text: &str, span: Range<usize>) -> Option<Found<'a>> {
    let sentence = &text[span.clone()];
    let analysed = index.analyzer().analyse(sentence);
    let terms: Vec<String> = analysed.iter().map(|t| t.term.clone()).collect();
    let ranked = index.rank(&terms);
    // The model knows the built-in objections; one a user added in an
    // overlay is found by its phrases alone. A sentence of only function
    // words and a negation ("Niemand wil dat.") has no phrase score, but
    // the model still reads it.
    let built_in = |doc: usize| model::classes().contains(&index.objection(doc).id.as_str());
    if model::is_trained() && ranked.first().is_none_or(|&(doc, _)| built_in(doc)) {
        return judge_with_model(index, sentence, span, &analysed, &ranked);
    }
    let &(doc, score) = ranked.first()?;
    let objection = index.objection(doc);
    if score < MIN_SCORE {
        return None;
    }
    let deciding: Vec<&Term> = index.deciding(&analysed, doc);
    let words: Vec<String> = deciding
        .iter()
        .map(|t| sentence[t.span.clone()].to_string())
        .collect();
    Some(Found {
        objection,
        id: objection.id.clone(),
        quote: sentence.to_string(),
        span,
        score,
        why: words,
        // An objection a user added has no model to doubt it.
        sure: true,
    })
}

/// The model's decision for one sentence: its most likely objection, if
/// that is an objection of the knowledge base and likely enough.
fn judge_with_model<'a>(
    index: &Index<'a>,
    sentence: &str,
    span: Range<usize>,
    analysed: &[Term],
    ranked: &[(usize, f64)],
) -> Option<Found<'a>> {
    let feats = model::features(index, sentence, analysed, ranked);
    let p = model::probabilities(&feats);
    // The most likely objection, even when "none" is more likely: it is
    // the answer when it is likely enough (see model::MIN_PROBABILITY).
    let best = (0..p.len())
        .filter(|&c| model::classes()[c] != model::NONE)
        .max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a)))?;
    let id = model::classes()[best];
    if p[best] < model::MIN_PROBABILITY {
        return None;
    }
    let objection = index.objection_by_id(id)?;
    // The words that weigh most, without function words ("de", "op") and
    // without saying the same word twice.
    let mut why: Vec<String> = Vec::new();
    for r in model::deciding_spans(&feats, best, 12) {
        let word = &sentence[r];
        let folded = crate::core::text::fold(word);
        if is_stopword(&folded) || why.iter().any(|w| crate::core::text::fold(w) == folded) {
            continue;
        }
        why.push(word.to_string());
        if why.len() == 5 {
            break;
        }
    }
    Some(Found {
        objection,
        id: objection.id.clone(),
        quote: sentence.to_string(),
        span,
        score: f64::from(p[best]),
        why,
        sure: p[best] >= model::SURE_PROBABILITY,
    })
}

#[cfg(test)]
mod frame_tests {
    use super::*;

    #[test]
    fn a_mails_salutation_closing_and_signature_are_not_read_as_objections() {
        assert!(is_closing("Met vriendelijke groet,"));
        assert!(is_closing("Hoogachtend"));
        assert!(!is_closing(
            "Met vriendelijke groet, maar er is geen grond."
        ));
        assert!(is_salutation("Geachte mevrouw Jansen,"));
        assert!(!is_salutation(
            "Geachte raad, er is geen vraag naar wooncoöperaties."
        ));
        let kb = crate::core::kb::Kb::load(None).unwrap();
        let index = Index::new(&kb);
        let mail = "Geachte heer De Vries,\n\nWij zien geen vraag naar wooncoöperaties.\n\nMet vriendelijke groet,\nde afdeling Wonen\n";
        let judged = judge(&index, mail);
        assert_eq!(judged.len(), 4);
        assert!(judged[0].found.is_none());
        assert!(
            judged[1].found.is_some(),
            "the objection itself is still found"
        );
        assert!(judged[2].found.is_none() && judged[3].found.is_none());
    }
}

#[cfg(test)]
mod short_tests {
    use super::*;

    /// A sentence of function words and a negation can still be an
    /// objection; one of function words alone is not.
    #[test]
    fn short_sentences_without_content_words() {
        let kb = crate::core::kb::Kb::load(None).unwrap();
        let index = Index::new(&kb);
        let ids =
            |t: &str| -> Vec<String> { find_all(&index, t).into_iter().map(|f| f.id).collect() };
        assert_eq!(ids("Niemand wil dat."), ["geen-vraag"]);
        assert!(ids("Dat is zo.").is_empty());
        assert!(ids("niet").is_empty());
        assert!(ids("...").is_empty());
    }
}

#[cfg(test)]
mod limit_tests {
    /// The readers of `coop weerleg -` and `--reactie-op` stop where the
    /// matcher stops.
    #[test]
    fn readers_share_the_matchers_limit() {
        assert_eq!(
            crate::io::input::Kind::Message.max_bytes() as usize,
            super::MAX_TEXT_BYTES
        );
    }
}

#[cfg(test)]
mod denial_tests {
    use super::*;

    fn ids(index: &Index, text: &str) -> Vec<String> {
        find_all(index, text).into_iter().map(|f| f.id).collect()
    }

    /// "Korting?" alone is the objection; answered by the next sentence it
    /// is a denial, and not a point to answer by hand either. Where the next
    /// sentences hold the objection, they are part of its quote.
    #[test]
    fn an_echo_answered_by_the_next_sentence_is_no_objection() {
        let kb = crate::core::kb::Kb::load(None).unwrap();
        let index = Index::new(&kb);
        assert_eq!(ids(&index, "Korting?"), ["goedkope-grond"]);
        let answered =
            "Korting? Nee hoor, wij betalen gewoon de getaxeerde marktprijs voor de kavel.";
        assert!(ids(&index, answered).is_empty());
        assert!(unplaced(&index, answered).is_empty());
        let text = "Geen grond. Alle kavels in het plan zijn al aan ontwikkelaars verkocht.";
        let found = find_all(&index, text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "geen-grond");
        assert_eq!(
            found[0].quote, text,
            "the short sentence is quoted with the sentence that holds its point"
        );
    }

    /// An objection inside "het is een misverstand dat ..." is denied; one
    /// after "maar", outside the denied clause, still counts.
    #[test]
    fn an_objection_inside_a_denial_is_no_objection() {
        let kb = crate::core::kb::Kb::load(None).unwrap();
        let index = Index::new(&kb);
        assert!(denied_in_frame(
            &index,
            "Het is een misverstand dat niemand op deze woonvorm zit te wachten; de lijst telt zestig namen."
        ));
        assert!(!denied_in_frame(
            &index,
            "Het is niet zo dat wij het plan niet steunen, maar er is op dit moment geen grond beschikbaar."
        ));
        assert!(!denied_in_frame(&index, "Er is geen vraag naar."));
        // Not answered, but listed to answer by hand.
        let mail = "Dank voor uw brief. Het klopt niet dat de gemeente grond onder de marktwaarde kan verkopen.";
        let listed = unplaced(&index, mail);
        assert!(
            find_all(&index, mail).is_empty() && listed.len() == 1,
            "{listed:?}"
        );
    }
}
