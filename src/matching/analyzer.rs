//! Text → terms, and the tables of the search index. Shared with build.rs,
//! which builds the index of the built-in data once, at compile time
//! (`Tables` as statics); an index over a user's overlay is built by the
//! same code at run time. Only `core::text`, `matching::stem`, the stemmer
//! and strsim are used here, so build.rs can include this file.
//!
//! Every table is sorted and searched by binary search: a static table
//! needs no hashing and no allocation when a run starts.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rust_stemmers::{Algorithm, Stemmer};

use crate::core::text::{fold, words};
use crate::matching::stem::stem;

/// A string of the tables: borrowed from a static table, or owned.
pub type Str = Cow<'static, str>;
/// A list of the tables: borrowed from a static table, or owned.
pub type List<T> = Cow<'static, [T]>;

/// The term that stands for any negation word.
pub const NEG: &str = "~niet";

/// Sorted (a test checks): looked up by binary search.
const NEGATIONS: &[&str] = &[
    "gebrek",
    "geen",
    "geeneen",
    "nergens",
    "niemand",
    "niet",
    "niets",
    "niks",
    "nooit",
    "nul",
    "onvoldoende",
    "zonder",
];

/// Function words and filler that say nothing about which objection it is.
/// Sorted (a test checks): looked up by binary search.
const STOPWORDS: &[&str] = &[
    "aan",
    "al",
    "alleen",
    "als",
    "altijd",
    "ambtenaar",
    "ambtenaren",
    "antwoord",
    "ben",
    "bent",
    "best",
    "bij",
    "daar",
    "daarvoor",
    "dacht",
    "dachten",
    "dan",
    "dat",
    "de",
    "denken",
    "denkt",
    "der",
    "des",
    "deze",
    "die",
    "ding",
    "dingen",
    "dit",
    "door",
    "dus",
    "echt",
    "een",
    "eigenlijk",
    "en",
    "er",
    "eraan",
    "erg",
    "ermee",
    "erop",
    "ervoor",
    "even",
    "ga",
    "gaan",
    "gaat",
    "gemeente",
    "gewoon",
    "gezegd",
    "ging",
    "had",
    "hadden",
    "he",
    "heb",
    "hebben",
    "hebt",
    "heeft",
    "heel",
    "hen",
    "het",
    "hier",
    "hij",
    "hoe",
    "hun",
    "hè",
    "iemand",
    "iets",
    "ik",
    "in",
    "is",
    "ja",
    "je",
    "jij",
    "jou",
    "jouw",
    "jullie",
    "kan",
    "kreeg",
    "kregen",
    "krijgen",
    "kun",
    "kunnen",
    "letterlijk",
    "m'n",
    "maar",
    "mag",
    "me",
    "men",
    "met",
    "meteen",
    "mij",
    "mijn",
    "misschien",
    "mn",
    "moet",
    "moeten",
    "mogen",
    "naar",
    "nee",
    "nog",
    "nou",
    "nu",
    "of",
    "oh",
    "om",
    "omdat",
    "ons",
    "onze",
    "ook",
    "op",
    "over",
    "reactie",
    "soms",
    "steeds",
    "te",
    "toch",
    "tot",
    "u",
    "uit",
    "uw",
    "vaak",
    "van",
    "vinden",
    "vindt",
    "volgens",
    "vond",
    "vonden",
    "voor",
    "waar",
    "waarom",
    "wanneer",
    "want",
    "waren",
    "was",
    "wat",
    "we",
    "weer",
    "wel",
    "werd",
    "werden",
    "wethouder",
    "wie",
    "wij",
    "wil",
    "willen",
    "wilt",
    "worden",
    "wordt",
    "z'n",
    "ze",
    "zeer",
    "zeggen",
    "zegt",
    "zei",
    "zeiden",
    "zeker",
    "zelf",
    "zich",
    "zij",
    "zijn",
    "zn",
    "zo",
    "zoals",
    "zoiets",
    "zomaar",
    "zou",
    "zouden",
];

pub fn is_negation(w: &str) -> bool {
    NEGATIONS.binary_search(&w).is_ok()
}

pub fn is_stopword(w: &str) -> bool {
    STOPWORDS.binary_search(&w).is_ok()
}

/// Longer words are skipped: no Dutch word is this long, and a 200 KB
/// "word" must not be compared letter by letter with the vocabulary.
pub const MAX_WORD_BYTES: usize = 60;

/// One term of analysed text, with the byte span of the word it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub term: String,
    pub span: std::ops::Range<usize>,
}

/// The words of `text` (runs of letters and digits), folded, with their
/// byte spans in `text`.
pub fn spanned_words(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s..i, fold(&text[s..i])));
        }
    }
    if let Some(s) = start {
        out.push((s..text.len(), fold(&text[s..])));
    }
    out
}

/// What the analyser knows of the data, each table sorted by its key.
#[derive(Debug, Clone, PartialEq)]
pub struct Vocabulary {
    /// Stem → the stem its synonym group maps onto.
    pub synonyms: List<(Str, Str)>,
    /// Every stem the data uses, before synonym mapping: the vocabulary
    /// that typos are corrected to and compounds are split into.
    pub known: List<Str>,
    /// The words of the data as written (folded) → their stems: typos are
    /// easier to see before stemming (goedkpoe → goedkope).
    pub raw: List<(Str, Str)>,
}

/// The terms of one objection's phrases, as positions in `Tables::terms`.
#[derive(Debug, Clone, PartialEq)]
pub struct DocTerms {
    pub id: Str,
    /// One list of terms per phrase (objection, also_heard, keywords).
    pub phrases: List<List<u16>>,
    /// Every term of the phrases, sorted, once.
    pub vocab: List<u16>,
    /// Adjacent term pairs in the phrases, sorted: word order carries
    /// meaning ("geen grond" against "goedkope grond").
    pub pairs: List<(u16, u16)>,
}

/// Everything the search index needs, for the built-in data computed by
/// build.rs (see `search::Index::new`).
#[derive(Debug, Clone, PartialEq)]
pub struct Tables {
    pub vocabulary: Vocabulary,
    /// In the order of the objections.
    pub docs: List<DocTerms>,
    /// Every term the objections use, sorted, with its inverse document
    /// frequency. `DocTerms` refer to terms by their position here.
    pub terms: List<(Str, f64)>,
    /// The weight of a term no objection uses.
    pub max_idf: f64,
}

/// Looks `key` up in a table sorted by key.
pub fn lookup<'t, V>(table: &'t [(Str, V)], key: &str) -> Option<&'t V> {
    table
        .binary_search_by(|(k, _)| k.as_ref().cmp(key))
        .ok()
        .map(|i| &table[i].1)
}

fn contains(table: &[Str], key: &str) -> bool {
    table.binary_search_by(|k| k.as_ref().cmp(key)).is_ok()
}

/// The entries of a sorted table whose key starts with the first letter of
/// `word`: typos seldom hit the first letter.
fn same_first_letter<'t, T>(table: &'t [T], key: impl Fn(&T) -> &str, word: &str) -> &'t [T] {
    let Some(first) = word.chars().next() else {
        return &[];
    };
    let mut buf = [0u8; 4];
    let prefix: &str = first.encode_utf8(&mut buf);
    let lo = table.partition_point(|t| key(t) < prefix);
    let len = table[lo..].partition_point(|t| key(t).starts_with(prefix));
    &table[lo..lo + len]
}

/// Builds the tables from the data: the synonym groups (words as written,
/// first word of a group is the one the others map onto) and each
/// objection's id and phrases (objection, also_heard, keywords).
pub fn build_tables(groups: &[Vec<String>], objections: &[(String, Vec<String>)]) -> Tables {
    let stemmer = Stemmer::create(Algorithm::Dutch);
    let mut synonyms: BTreeMap<String, String> = BTreeMap::new();
    let mut raw: BTreeMap<String, String> = BTreeMap::new();
    for group in groups {
        let mut stems = group.iter().map(|w| {
            let s = stem(&stemmer, w);
            let folded = fold(w);
            for part in words(w) {
                let part_stem = if part == folded {
                    s.clone()
                } else {
                    stem(&stemmer, &part)
                };
                raw.insert(part, part_stem);
            }
            s
        });
        if let Some(head) = stems.next() {
            for s in stems {
                synonyms.entry(s).or_insert_with(|| head.clone());
            }
        }
    }
    let mut known: BTreeSet<String> = synonyms
        .iter()
        .flat_map(|(k, v)| [k.clone(), v.clone()])
        .collect();
    for (_, texts) in objections {
        for t in texts {
            for w in words(t) {
                if !is_negation(&w) && !is_stopword(&w) && !raw.contains_key(&w) {
                    let s = stem(&stemmer, &w);
                    known.insert(s.clone());
                    raw.insert(w, s);
                }
            }
        }
    }
    let owned = |m: BTreeMap<String, String>| -> List<(Str, Str)> {
        m.into_iter()
            .map(|(k, v)| (Cow::Owned(k), Cow::Owned(v)))
            .collect()
    };
    let analyzer = Analyzer::new(Vocabulary {
        synonyms: owned(synonyms),
        known: known.into_iter().map(Cow::Owned).collect(),
        raw: owned(raw),
    });
    let phrases_of: Vec<Vec<Vec<String>>> = objections
        .iter()
        .map(|(_, texts)| {
            texts
                .iter()
                .map(|t| analyzer.terms(t))
                // A phrase that is only a negation ("niemand wil dat") says nothing.
                .filter(|p| p.iter().any(|t| t != NEG))
                .collect()
        })
        .collect();
    let mut df: BTreeMap<&str, f64> = BTreeMap::new();
    for phrases in &phrases_of {
        let vocab: BTreeSet<&str> = phrases.iter().flatten().map(String::as_str).collect();
        for t in vocab {
            *df.entry(t).or_default() += 1.0;
        }
    }
    let n = objections.len().max(1) as f64;
    let position: BTreeMap<&str, u16> = df
        .keys()
        .enumerate()
        .map(|(i, t)| (*t, u16::try_from(i).expect("fewer than 65536 terms")))
        .collect();
    let id = |t: &String| position[t.as_str()];
    let docs: Vec<DocTerms> = objections
        .iter()
        .zip(&phrases_of)
        .map(|((name, _), phrases)| {
            let vocab: BTreeSet<u16> = phrases.iter().flatten().map(id).collect();
            let pairs: BTreeSet<(u16, u16)> = phrases
                .iter()
                .flat_map(|p| p.windows(2).map(|w| (id(&w[0]), id(&w[1]))))
                .collect();
            DocTerms {
                id: Cow::Owned(name.clone()),
                phrases: phrases.iter().map(|p| p.iter().map(id).collect()).collect(),
                vocab: vocab.into_iter().collect(),
                pairs: pairs.into_iter().collect(),
            }
        })
        .collect();
    let terms: List<(Str, f64)> = df
        .iter()
        .map(|(t, f)| (Cow::Owned(t.to_string()), (1.0 + n / f).ln()))
        .collect();
    Tables {
        vocabulary: analyzer.vocabulary,
        docs: Cow::Owned(docs),
        terms,
        max_idf: (1.0 + n).ln(),
    }
}

/// Turns text into terms: fold, drop stopwords, stem, map synonyms.
pub struct Analyzer {
    stemmer: Stemmer,
    vocabulary: Vocabulary,
}

impl Analyzer {
    pub fn new(vocabulary: Vocabulary) -> Analyzer {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::Dutch),
            vocabulary,
        }
    }

    fn known(&self, stem: &str) -> bool {
        contains(&self.vocabulary.known, stem)
    }

    /// A stem the data does not use: split a compound into known words
    /// (grondprijsverlaging → grondprijs + verlaging) or correct a typo
    /// (goedkpoe → goedkop). Unknown words stay as they are.
    fn normalise(&self, word: &str, stem: String, out: &mut Vec<String>) {
        if stem.chars().count() < 4 || self.known(&stem) {
            out.push(self.canon(&stem));
            return;
        }
        let raw = same_first_letter(&self.vocabulary.raw, |(k, _)| k, word);
        if let Some(i) = closest(word, raw.iter().map(|(k, _)| k.as_ref())) {
            out.push(self.canon(&raw[i].1));
            return;
        }
        if let Some((head, tail)) = self.split(&stem) {
            if let Some(h) = head {
                out.push(self.canon(&h));
            }
            out.push(self.canon(&tail));
            return;
        }
        let known = same_first_letter(&self.vocabulary.known, |k| k, &stem);
        if let Some(i) = closest(&stem, known.iter().map(|k| k.as_ref())) {
            out.push(self.canon(&known[i]));
            return;
        }
        out.push(stem);
    }

    /// A compound split into known words (a linking s or e is allowed
    /// between them): both parts must be known, or the tail must be a long
    /// known word. "ver" + "gunn" is not a split: "ver" is no word.
    fn split(&self, stem: &str) -> Option<(Option<String>, String)> {
        let chars: Vec<char> = stem.chars().collect();
        for i in 3..chars.len().saturating_sub(3) {
            let tail: String = chars[i..].iter().collect();
            if !self.known(&tail) {
                continue;
            }
            let head: String = chars[..i].iter().collect();
            let bare = head.trim_end_matches(['s', 'e']);
            let known_head = [head.as_str(), bare]
                .into_iter()
                .find(|h| h.len() >= 3 && self.known(h))
                .map(str::to_string);
            if known_head.is_some() || tail.chars().count() >= 6 {
                return Some((known_head, tail));
            }
        }
        None
    }

    pub fn terms(&self, text: &str) -> Vec<String> {
        self.analyse(text).into_iter().map(|t| t.term).collect()
    }

    /// The terms of `text`, each with the byte span of the word it came
    /// from. Words longer than `MAX_WORD_BYTES` are no Dutch words and are
    /// skipped, which keeps typo correction bounded.
    pub fn analyse(&self, text: &str) -> Vec<Term> {
        let mut out = Vec::new();
        let mut buf = Vec::new();
        for (span, w) in spanned_words(text) {
            if w.len() > MAX_WORD_BYTES {
                continue;
            }
            self.word_terms(&w, &mut buf);
            out.extend(buf.drain(..).map(|term| Term {
                term,
                span: span.clone(),
            }));
        }
        out
    }

    fn word_terms(&self, w: &str, out: &mut Vec<String>) {
        if is_negation(w) {
            out.push(NEG.to_string());
            return;
        }
        if is_stopword(w) || w.len() < 2 {
            return;
        }
        // Words of the data were stemmed once, when the tables were built.
        let stem = match lookup(&self.vocabulary.raw, w) {
            Some(s) => s.to_string(),
            None => stem(&self.stemmer, w),
        };
        self.normalise(w, stem, out);
    }

    /// Maps a stem onto its synonym group, for stems found by compound
    /// splitting or typo correction.
    fn canon(&self, stem: &str) -> String {
        lookup(&self.vocabulary.synonyms, stem)
            .map(|s| s.to_string())
            .unwrap_or_else(|| stem.to_string())
    }
}

/// The position of the candidate within one edit of `word` (two for words
/// of ten letters or more): the nearest, then the first in order.
/// Callers pass only candidates with the same first letter.
fn closest<'c>(word: &str, candidates: impl Iterator<Item = &'c str>) -> Option<usize> {
    let len = word.chars().count();
    let allowed = if len >= 10 { 2 } else { 1 };
    let mut best: Option<(usize, usize, &str)> = None;
    for (i, k) in candidates.enumerate() {
        if k.chars().count().abs_diff(len) > allowed {
            continue;
        }
        let d = strsim::osa_distance(word, k);
        // One changed letter in a short word is too often another real word
        // (geleegd, geleend); dropped, doubled or swapped letters are typos.
        if d == 1 && len < 8 && is_substitution(word, k) {
            continue;
        }
        if d <= allowed && best.is_none_or(|(bd, _, bk)| d < bd || (d == bd && k < bk)) {
            best = Some((d, i, k));
        }
    }
    best.map(|(_, i, _)| i)
}

/// Same length, and not two swapped letters: one letter replaced.
fn is_substitution(a: &str, b: &str) -> bool {
    if a.chars().count() != b.chars().count() {
        return false;
    }
    let mut x: Vec<char> = a.chars().collect();
    let mut y: Vec<char> = b.chars().collect();
    x.sort_unstable();
    y.sort_unstable();
    x != y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert!(NEGATIONS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stopword("de") && is_stopword("zouden") && !is_stopword("grond"));
        assert!(is_negation("geen") && is_negation("zonder") && !is_negation("wel"));
    }

    #[test]
    fn undoubles_vowels_so_inflections_meet() {
        let s = Stemmer::create(Algorithm::Dutch);
        assert_eq!(stem(&s, "goedkoop"), stem(&s, "goedkope"));
        assert_eq!(stem(&s, "Coöperaties"), stem(&s, "cooperatie"));
    }

    #[test]
    fn same_first_letter_is_a_range() {
        let t: Vec<Str> = ["appel", "bes", "boom", "citroen"]
            .into_iter()
            .map(Cow::Borrowed)
            .collect();
        assert_eq!(same_first_letter(&t, |k| k, "bos"), &t[1..3]);
        assert!(same_first_letter(&t, |k| k, "zon").is_empty());
    }
}
