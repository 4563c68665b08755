//! Dutch stemming for matching: Snowball, plus two fixes so that forms a
//! reader sees as one word also meet as one stem. Shared with build.rs,
//! which precomputes the stems of the built-in data.

use rust_stemmers::Stemmer;

pub fn stem(stemmer: &Stemmer, w: &str) -> String {
    // Words from `text::words()` are folded already; data words may not be.
    let folded = if w
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        std::borrow::Cow::Borrowed(w)
    } else {
        std::borrow::Cow::Owned(crate::core::text::fold(w))
    };
    let mut s = stemmer.stem(&folded).into_owned();
    // Snowball keeps the plural -s after a vowel: corporaties ≠ corporatie.
    if s.ends_with("ies") {
        s.pop();
    }
    // The Dutch stemmer keeps a doubled vowel in closed syllables
    // (goedkoop / goedkope / goedkoope): undouble so inflections meet.
    undouble_vowels(&s)
}

fn undouble_vowels(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = '\0';
    for c in s.chars() {
        if c == prev && matches!(c, 'a' | 'e' | 'o' | 'u') {
            continue;
        }
        out.push(c);
        prev = c;
    }
    out
}
