//! Splits free text (an e-mail, minutes, a debate fragment) into sentences,
//! keeping each sentence's byte span in the original text so a match can be
//! quoted as written.

use std::ops::Range;

/// Abbreviations that end in a full stop without ending the sentence.
const ABBREVIATIONS: &[&str] = &[
    "dhr", "mevr", "mr", "drs", "dr", "ir", "ing", "prof", "bijv", "bv", "evt", "ca", "nr", "resp",
    "jl", "etc", "vs", "incl", "excl", "o.a", "m.b.t", "t.a.v", "z.s.m", "i.v.m", "m.i", "d.w.z",
    "a.s", "j.l", "e.d", "e.a", "o.b.v", "n.a.v", "t.z.t", "wo", "art", "blz", "tel",
];

/// The sentences of `text` as byte ranges, in order, without surrounding
/// white space. Empty pieces and pieces without a letter are left out.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let boundary = match c {
            '!' | '?' => next_is_space_or_end(text, end),
            '.' => {
                next_is_space_or_end(text, end) && !abbreviation_before(text, i) && {
                    // "3. Afspraken" in minutes ends an item; "14 maart. Wij" a sentence.
                    let next = next_non_space(text, end);
                    next.is_none_or(|n| !n.is_lowercase())
                }
            }
            '\n' => {
                // A blank line always ends a sentence; a single line break only
                // when the next line starts a new one (upper case, a digit or a
                // list sign), so wrapped e-mail lines stay together.
                let rest = &text[end..];
                let blank = rest.trim_start_matches([' ', '\t', '\r']).starts_with('\n');
                let next = next_non_space(text, end);
                blank
                    || next.is_none_or(|n| {
                        n.is_uppercase() || n.is_ascii_digit() || matches!(n, '-' | '*' | '•')
                    })
                    || line_ends_a_sentence(&text[start..i])
            }
            _ => false,
        };
        if boundary {
            push(text, start..end, &mut out);
            start = end;
        }
    }
    push(text, start..text.len(), &mut out);
    out
}

fn push(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &text[r.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    let r = r.start + lead..r.end - trail;
    if r.start < r.end && text[r.clone()].chars().any(char::is_alphabetic) {
        out.push(r);
    }
}

fn next_is_space_or_end(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || c == '"' || c == '”')
}

fn next_non_space(text: &str, at: usize) -> Option<char> {
    text[at..]
        .chars()
        .find(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '„' | '“' | '”' | '(' | '['))
}

/// A line ending in punctuation that closes a sentence or a salutation.
fn line_ends_a_sentence(before: &str) -> bool {
    before.trim_end().ends_with(['.', '!', '?', ':', ';', ','])
}

/// True when the word before the full stop at `dot` is a known abbreviation
/// or an initial ("J. de Vries").
fn abbreviation_before(text: &str, dot: usize) -> bool {
    let word_start = text[..dot]
        .rfind(|c: char| c.is_whitespace() || c == '(')
        .map_or(0, |i| i + 1);
    let written = &text[word_start..dot];
    // An initial; "u" and "a" are words of their own.
    if written.chars().count() == 1 && written.chars().all(char::is_uppercase) {
        return true;
    }
    let word = written.to_lowercase();
    ABBREVIATIONS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_on_full_stops_and_questions() {
        assert_eq!(
            pieces("Dank u. Er is geen vraag naar! Wie betaalt dat? Klaar"),
            vec![
                "Dank u.",
                "Er is geen vraag naar!",
                "Wie betaalt dat?",
                "Klaar"
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_and_wrapped_lines() {
        assert_eq!(
            pieces("Dhr. J. de Vries zei o.a. dat\ner geen grond is. Mevr. Bakker niet."),
            vec![
                "Dhr. J. de Vries zei o.a. dat\ner geen grond is.",
                "Mevr. Bakker niet."
            ]
        );
    }

    #[test]
    fn lines_of_an_email_are_sentences() {
        assert_eq!(
            pieces(
                "Geachte heer Van Dijk,\n\nDank voor uw brief\nMet vriendelijke groet,\nMarieke"
            ),
            vec![
                "Geachte heer Van Dijk,",
                "Dank voor uw brief",
                "Met vriendelijke groet,",
                "Marieke"
            ]
        );
    }

    #[test]
    fn punctuation_only_gives_nothing() {
        assert!(split("?!... ,,, \n\n").is_empty());
        assert!(split("").is_empty());
    }
}
