//! Whether a sentence that matched no objection still sounds like one: a
//! question or a negative judgement. Used for the "Niet herkend" list of
//! the reply letter; best effort.

use crate::core::text::fold;

/// Phrases (folded) that judge something negatively or voice a concern.
const CONCERNS: &[&str] = &[
    "te duur",
    "te groot",
    "te klein",
    "te hoog",
    "te veel",
    "te weinig",
    "te laat",
    "te vroeg",
    "geen goed idee",
    "niet haalbaar",
    "niet realistisch",
    "niet wenselijk",
    "niet verstandig",
    "niet mogelijk",
    "niet toegestaan",
    "zorgen",
    "zorg over",
    "bezwaar",
    "bezwaren",
    "twijfel",
    "twijfels",
    "probleem",
    "problemen",
    "risico",
    "risico's",
    "lastig",
    "moeilijk",
    "onhaalbaar",
    "onwenselijk",
    "onverstandig",
    "vrezen",
    "vraag me af",
    "vragen ons af",
    "vragen zich af",
    "kritisch",
    "terughoudend",
    "helaas",
];

/// A question, or a sentence with a negative judgement ("te duur", "geen
/// goed idee", "wij hebben zorgen").
pub fn sounds_like_concern(sentence: &str) -> bool {
    if sentence.trim_end().ends_with('?') {
        return true;
    }
    let folded = format!(" {} ", fold(sentence));
    let spaced: String = folded
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' {
                c
            } else {
                ' '
            }
        })
        .collect();
    CONCERNS.iter().any(|p| spaced.contains(&format!(" {p} ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_and_negative_judgements_are_concerns() {
        assert!(sounds_like_concern("Wie betaalt de parkeerplaatsen?"));
        assert!(sounds_like_concern(
            "Het ontwerp is te hoog voor deze straat."
        ));
        assert!(sounds_like_concern(
            "Wij hebben zorgen over de verkeersveiligheid."
        ));
        assert!(!sounds_like_concern("Met vriendelijke groet,"));
        assert!(!sounds_like_concern("Het volgende overleg is in juni."));
        assert!(!sounds_like_concern("De toekomst ziet er goed uit."));
    }
}
