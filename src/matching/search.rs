//! Free Dutch text → ranked objections. People type what they heard in
//! many ways, so matching works on normalised word stems (no case, no
//! diacritics, Snowball Dutch stemmer), synonym groups from data, compound
//! parts (grondprijs → grond + prijs) and small typos. Negation words are
//! kept as a term of their own: "geen vraag" is not "vraag".

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

use crate::core::kb::{Kb, Objection};
use crate::core::text::words;

/// Below this score a match is not shown: better nothing than a wrong answer.
pub const MIN_SCORE: f64 = 0.56;

/// How much the best phrase counts against how much of the query is
/// explained (a weighted geometric mean). Chosen on the phrasing test set and
/// checked on two sets written apart from it.
const PHRASE_WEIGHT: f64 = 0.4;

/// Weight of adjacent word pairs shared with a phrase.
const PAIR_BONUS: f64 = 0.1;

/// The term that stands for any negation word.
const NEG: &str = "~niet";

const NEGATIONS: &[&str] = &[
    "nul",
    "gebrek",
    "zonder",
    "onvoldoende",
    "geen",
    "niet",
    "niemand",
    "nooit",
    "niets",
    "niks",
    "nergens",
    "geeneen",
];

/// Function words and filler that say nothing about which objection it is.
const STOPWORDS: &[&str] = &[
    "de",
    "het",
    "een",
    "en",
    "of",
    "dat",
    "die",
    "dit",
    "deze",
    "der",
    "des",
    "ze",
    "zij",
    "we",
    "wij",
    "jullie",
    "je",
    "jij",
    "u",
    "ik",
    "hij",
    "men",
    "mij",
    "me",
    "ons",
    "onze",
    "jouw",
    "uw",
    "hun",
    "hen",
    "is",
    "zijn",
    "was",
    "waren",
    "ben",
    "bent",
    "er",
    "te",
    "van",
    "voor",
    "op",
    "in",
    "met",
    "aan",
    "naar",
    "om",
    "uit",
    "bij",
    "tot",
    "door",
    "over",
    "als",
    "dan",
    "maar",
    "toch",
    "ook",
    "al",
    "nog",
    "wel",
    "zo",
    "heel",
    "erg",
    "zeer",
    "echt",
    "gewoon",
    "eigenlijk",
    "alleen",
    "hebben",
    "heeft",
    "hebt",
    "heb",
    "had",
    "hadden",
    "worden",
    "wordt",
    "werd",
    "werden",
    "zou",
    "zouden",
    "kan",
    "kunnen",
    "kun",
    "moet",
    "moeten",
    "mag",
    "mogen",
    "wil",
    "willen",
    "wilt",
    "gaan",
    "gaat",
    "ga",
    "ging",
    "zeggen",
    "zegt",
    "zei",
    "zeiden",
    "gezegd",
    "vinden",
    "vindt",
    "vond",
    "vonden",
    "denken",
    "denkt",
    "dacht",
    "dachten",
    "wat",
    "wie",
    "hoe",
    "waar",
    "waarom",
    "wanneer",
    "hier",
    "daar",
    "daarvoor",
    "ervoor",
    "erop",
    "eraan",
    "ermee",
    "nou",
    "nu",
    "dus",
    "want",
    "omdat",
    "zoals",
    "even",
    "best",
    "zich",
    "zelf",
    "mijn",
    "m'n",
    "z'n",
    "zn",
    "mn",
    "jou",
    "ja",
    "nee",
    "oh",
    "hè",
    "he",
    "gemeente",
    "ambtenaar",
    "ambtenaren",
    "wethouder",
    "steeds",
    "weer",
    "soms",
    "vaak",
    "altijd",
    "meteen",
    "letterlijk",
    "volgens",
    "kreeg",
    "kregen",
    "krijgen",
    "antwoord",
    "reactie",
    "iets",
    "zoiets",
    "iemand",
    "dingen",
    "ding",
    "zeker",
    "misschien",
    "zomaar",
];

fn is_negation(w: &str) -> bool {
    static SET: LazyLock<HashSet<&str>> = LazyLock::new(|| NEGATIONS.iter().copied().collect());
    SET.contains(w)
}

fn is_stopword(w: &str) -> bool {
    static SET: LazyLock<HashSet<&str>> = LazyLock::new(|| STOPWORDS.iter().copied().collect());
    SET.contains(w)
}

/// One objection found for the text, with a score between 0 and 1.
#[derive(Debug, Clone, Serialize)]
pub struct Match<'a> {
    pub objection: &'a Objection,
    pub score: f64,
}

/// A weighted list of terms for one phrase of an objection.
struct Phrase {
    terms: Vec<String>,
}

struct Doc {
    phrases: Vec<Phrase>,
    vocab: Vec<String>,
    /// Adjacent term pairs in the phrases: word order carries meaning
    /// ("geen grond" against "goedkope grond").
    pairs: HashSet<(String, String)>,
}

/// The search index, built once from the knowledge base.
pub struct Index<'a> {
    kb: &'a Kb,
    docs: Vec<Doc>,
    idf: HashMap<String, f64>,
    max_idf: f64,
    analyzer: Analyzer,
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
            out.push((s..i, crate::core::text::fold(&text[s..i])));
        }
    }
    if let Some(s) = start {
        out.push((s..text.len(), crate::core::text::fold(&text[s..])));
    }
    out
}

/// Turns text into terms: fold, drop stopwords, stem, map synonyms.
pub struct Analyzer {
    stemmer: Stemmer,
    synonyms: HashMap<String, String>,
    /// Every stem the data uses, before synonym mapping: the vocabulary
    /// that typos are corrected to and compounds are split into.
    known: HashSet<String>,
    /// The words of the data as written (folded), with their stems: typos
    /// are easier to see before stemming (goedkpoe → goedkope).
    raw: HashMap<String, String>,
}

impl Analyzer {
    pub fn new(kb: &Kb) -> Analyzer {
        let stemmer = Stemmer::create(Algorithm::Dutch);
        let mut synonyms = HashMap::new();
        let mut raw = HashMap::new();
        for group in kb.synonyms.iter() {
            let mut stems = group.words.iter().map(|w| {
                let stem = stem_word(&stemmer, w);
                for part in words(w) {
                    let part_stem = if part == crate::core::text::fold(w) {
                        stem.clone()
                    } else {
                        stem_word(&stemmer, &part)
                    };
                    raw.insert(part, part_stem);
                }
                stem
            });
            if let Some(head) = stems.next() {
                for s in stems {
                    synonyms.entry(s).or_insert_with(|| head.clone());
                }
            }
        }
        let known = synonyms
            .iter()
            .flat_map(|(k, v)| [k.clone(), v.clone()])
            .collect();
        Analyzer {
            stemmer,
            synonyms,
            known,
            raw,
        }
    }

    /// Adds the stems of a data phrase to the known vocabulary.
    pub fn learn(&mut self, text: &str) {
        for w in words(text) {
            if !is_negation(&w) && !is_stopword(&w) && !self.raw.contains_key(&w) {
                let stem = stem_word(&self.stemmer, &w);
                self.known.insert(stem.clone());
                self.raw.insert(w, stem);
            }
        }
    }

    /// A stem the data does not use: split a compound into known words
    /// (grondprijsverlaging → grondprijs + verlaging) or correct a typo
    /// (goedkpoe → goedkop). Unknown words stay as they are.
    fn normalise(&self, word: &str, stem: String, out: &mut Vec<String>) {
        if stem.chars().count() < 4 || self.known.contains(&stem) {
            out.push(self.canon(&stem));
            return;
        }
        if let Some(fixed) = closest(word, self.raw.keys()) {
            out.push(self.canon(&self.raw[fixed]));
            return;
        }
        if let Some((head, tail)) = self.split(&stem) {
            if let Some(h) = head {
                out.push(self.canon(&h));
            }
            out.push(self.canon(&tail));
            return;
        }
        if let Some(fixed) = closest(&stem, self.known.iter()) {
            out.push(self.canon(fixed));
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
            if !self.known.contains(&tail) {
                continue;
            }
            let head: String = chars[..i].iter().collect();
            let bare = head.trim_end_matches(['s', 'e']);
            let known_head = [head.as_str(), bare]
                .into_iter()
                .find(|h| h.len() >= 3 && self.known.contains(*h))
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
        // Words of the data were stemmed once, when they were learnt.
        let stem = match self.raw.get(w) {
            Some(s) => s.clone(),
            None => stem_word(&self.stemmer, w),
        };
        self.normalise(w, stem, out);
    }

    /// Maps a stem onto its synonym group, for stems found by compound
    /// splitting or typo correction.
    fn canon(&self, stem: &str) -> String {
        self.synonyms
            .get(stem)
            .cloned()
            .unwrap_or_else(|| stem.to_string())
    }
}

/// The stem of `w`: from the table built at compile time for the words of
/// the built-in data, else computed (overlay data, the user's own words).
fn stem_word(stemmer: &Stemmer, w: &str) -> String {
    match PRECOMPUTED.binary_search_by(|(word, _)| (*word).cmp(w)) {
        Ok(i) => PRECOMPUTED[i].1.to_string(),
        Err(_) => crate::matching::stem::stem(stemmer, w),
    }
}

/// (word, stem) for every word of the built-in objections and synonyms,
/// sorted by word; generated by build.rs with the same `stem::stem`.
static PRECOMPUTED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/stems.rs"));

impl<'a> Index<'a> {
    pub fn new(kb: &'a Kb) -> Index<'a> {
        let mut analyzer = Analyzer::new(kb);
        for o in kb.objections.iter() {
            for t in std::iter::once(&o.objection)
                .chain(o.also_heard.iter())
                .chain(o.keywords.iter())
            {
                analyzer.learn(t);
            }
        }
        let mut docs = Vec::new();
        for o in kb.objections.iter() {
            let texts = std::iter::once(&o.objection)
                .chain(o.also_heard.iter())
                .chain(o.keywords.iter());
            let phrases: Vec<Phrase> = texts
                .map(|t| Phrase {
                    terms: analyzer.terms(t),
                })
                // A phrase that is only a negation ("niemand wil dat") says nothing.
                .filter(|p| p.terms.iter().any(|t| t != NEG))
                .collect();
            let mut vocab: Vec<String> = phrases.iter().flat_map(|p| p.terms.clone()).collect();
            vocab.sort();
            vocab.dedup();
            let pairs = phrases
                .iter()
                .flat_map(|p| p.terms.windows(2).map(|w| (w[0].clone(), w[1].clone())))
                .collect();
            docs.push(Doc {
                phrases,
                vocab,
                pairs,
            });
        }
        let n = docs.len().max(1) as f64;
        let mut df: HashMap<String, f64> = HashMap::new();
        for d in &docs {
            for t in &d.vocab {
                *df.entry(t.clone()).or_default() += 1.0;
            }
        }
        let idf: HashMap<String, f64> = df
            .into_iter()
            .map(|(t, f)| (t, (1.0 + n / f).ln()))
            .collect();
        let max_idf = (1.0 + n).ln();
        Index {
            kb,
            docs,
            idf,
            max_idf,
            analyzer,
        }
    }

    fn weight(&self, term: &str) -> f64 {
        if term == NEG {
            // Negation matters but says little on its own.
            return 0.6;
        }
        self.idf.get(term).copied().unwrap_or(self.max_idf)
    }

    /// The objections `text` is about, best first, at most `limit`.
    pub fn search(&self, text: &str, limit: usize) -> Vec<Match<'a>> {
        let query = self.analyzer.terms(text);
        if query.iter().all(|t| t == NEG) {
            return Vec::new();
        }
        let mut found: Vec<Match<'a>> = self
            .docs
            .iter()
            .zip(self.kb.objections.iter())
            .map(|(doc, o)| Match {
                objection: o,
                score: self.score(&query, doc),
            })
            .filter(|m| m.score >= MIN_SCORE)
            .collect();
        found.sort_by(|a, b| b.score.total_cmp(&a.score));
        found.truncate(limit);
        found
    }

    /// Every objection with its score for the analysed `query`, best
    /// first (index into `kb.objections`, score).
    pub fn rank(&self, query: &[String]) -> Vec<(usize, f64)> {
        if query.iter().all(|t| t == NEG) {
            return Vec::new();
        }
        let mut ranked: Vec<(usize, f64)> = self
            .docs
            .iter()
            .enumerate()
            .map(|(i, doc)| (i, self.score(query, doc)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }

    /// The objection at `i` in the order of the knowledge base.
    pub fn objection(&self, i: usize) -> &'a Objection {
        self.kb
            .objections
            .iter()
            .nth(i)
            .expect("index within the objections")
    }

    /// The objection with this id, if the knowledge base has it.
    pub fn objection_by_id(&self, id: &str) -> Option<&'a Objection> {
        self.kb.objections.get(id)
    }

    /// The analyser, for callers that split text themselves.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The terms of `query` that objection `doc` uses (exactly, as a
    /// compound part or as a near spelling), most telling first: the words
    /// that decided the match.
    pub fn deciding<'q>(&self, query: &'q [Term], doc: usize) -> Vec<&'q Term> {
        let d = &self.docs[doc];
        let mut hits: Vec<(f64, &Term)> = query
            .iter()
            .filter_map(|q| {
                let m = d
                    .vocab
                    .iter()
                    .map(|v| self.term_match(&q.term, v))
                    .fold(0.0, f64::max);
                (m > 0.0 || (q.term == NEG && d.vocab.iter().any(|v| v == NEG)))
                    .then(|| (m.max(0.5) * self.weight(&q.term), q))
            })
            .collect();
        hits.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut seen = HashSet::new();
        hits.into_iter()
            .map(|(_, t)| t)
            .filter(|t| seen.insert(t.span.clone()))
            .collect()
    }

    /// The terms the analyzer makes of `text` (for tuning and tests).
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.analyzer.terms(text)
    }

    /// The phrases of objection `id` that contain `term` (for tuning).
    pub fn phrases_with(&self, id: &str, term: &str) -> Vec<Vec<String>> {
        self.docs
            .iter()
            .zip(self.kb.objections.iter())
            .filter(|(_, o)| o.id == id)
            .flat_map(|(d, _)| d.phrases.iter())
            .filter(|p| p.terms.iter().any(|t| t == term))
            .map(|p| p.terms.clone())
            .collect()
    }

    /// The two parts of the score per objection (for tuning and tests):
    /// (id, best phrase coverage, query coverage).
    pub fn explain(&self, text: &str) -> Vec<(String, f64, f64, f64)> {
        let query = self.analyzer.terms(text);
        self.docs
            .iter()
            .zip(self.kb.objections.iter())
            .map(|(doc, o)| {
                let (p, q) = self.parts(&query, doc);
                (o.id.clone(), p, q, self.pair_share(&query, doc))
            })
            .collect()
    }

    /// The share of the query's adjacent term pairs that the objection's
    /// phrases also have side by side.
    fn pair_share(&self, query: &[String], doc: &Doc) -> f64 {
        if query.len() < 2 {
            return 0.0;
        }
        let hits = query
            .windows(2)
            .filter(|w| doc.pairs.contains(&(w[0].clone(), w[1].clone())))
            .count();
        hits as f64 / (query.len() - 1) as f64
    }

    /// Combines how well the best phrase is covered by the query with how
    /// much of the query the objection explains.
    /// The geometric mean asks for both: a phrase that is really there and
    /// a query that is mostly explained. Word pairs in the same order add.
    fn score(&self, query: &[String], doc: &Doc) -> f64 {
        let (best_phrase, qcov) = self.parts(query, doc);
        (best_phrase.powf(PHRASE_WEIGHT) * qcov.powf(1.0 - PHRASE_WEIGHT)
            + PAIR_BONUS * self.pair_share(query, doc))
        .min(1.0)
    }

    fn parts(&self, query: &[String], doc: &Doc) -> (f64, f64) {
        let mut best_phrase: f64 = 0.0;
        let query_negated = query.iter().any(|t| t == NEG);
        for p in &doc.phrases {
            let total: f64 = p.terms.iter().map(|t| self.weight(t)).sum();
            if total == 0.0 {
                continue;
            }
            let got: f64 = p
                .terms
                .iter()
                .map(|pt| {
                    let m = query
                        .iter()
                        .map(|qt| self.term_match(qt, pt))
                        .fold(0.0, f64::max);
                    m * self.weight(pt)
                })
                .sum();
            // A phrase of one common word proves less than a longer one.
            let strength = (total / self.max_idf).clamp(0.5, 1.0);
            let mut cov = got / total * strength.sqrt();
            // "geen vraag" is the opposite of "vraag": a negated phrase
            // only fits a negated query.
            if !query_negated && p.terms.iter().any(|t| t == NEG) {
                cov *= 0.6;
            }
            best_phrase = best_phrase.max(cov);
        }
        let qtotal: f64 = query.iter().map(|t| self.weight(t)).sum();
        let qgot: f64 = query
            .iter()
            .map(|qt| {
                let m = doc
                    .vocab
                    .iter()
                    .map(|vt| self.term_match(qt, vt))
                    .fold(0.0, f64::max);
                m * self.weight(qt)
            })
            .sum();
        let qcov = if qtotal > 0.0 { qgot / qtotal } else { 0.0 };
        (best_phrase, qcov)
    }

    /// How well query term `q` stands for data term `d` (0..1).
    fn term_match(&self, q: &str, d: &str) -> f64 {
        if q == d {
            return 1.0;
        }
        if q == NEG || d == NEG {
            return 0.0;
        }
        // Compounds: a "woningcorporatie" is a "corporatie" (the last part
        // carries the meaning); a "beleidsadviseur" only touches "beleid".
        if compound_part(q, d) || compound_part(d, q) {
            return 0.75;
        }
        if compound_head(q, d) || compound_head(d, q) {
            return 0.5;
        }
        // A typo seldom hits the first letter; comparing only words that
        // share it keeps this cheap (it runs for every pair of terms).
        if q.as_bytes().first() != d.as_bytes().first() {
            return 0.0;
        }
        let (lq, ld) = (q.chars().count(), d.chars().count());
        if lq >= 5 && ld >= 5 && lq.abs_diff(ld) <= 2 {
            let dist = strsim::osa_distance(q, d);
            let allowed = if lq.min(ld) >= 8 { 2 } else { 1 };
            if dist <= allowed {
                return 0.8;
            }
        }
        0.0
    }
}

/// The candidate within one edit of `word` (two for words of ten letters or
/// more), with the same first letter; the nearest, then the first in order.
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a String>) -> Option<&'a String> {
    let len = word.chars().count();
    let allowed = if len >= 10 { 2 } else { 1 };
    let first = word.chars().next();
    let mut best: Option<(usize, &String)> = None;
    for k in candidates {
        if k.chars().count().abs_diff(len) > allowed || k.chars().next() != first {
            continue;
        }
        let d = strsim::osa_distance(word, k);
        // One changed letter in a short word is too often another real word
        // (geleegd, geleend); dropped, doubled or swapped letters are typos.
        if d == 1 && len < 8 && is_substitution(word, k) {
            continue;
        }
        if d <= allowed && best.is_none_or(|(bd, bk)| d < bd || (d == bd && k < bk)) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

/// True when `part` (at least 5 letters) starts the compound `whole`.
fn compound_head(whole: &str, part: &str) -> bool {
    part.len() >= 5 && whole.len() >= part.len() + 4 && whole.starts_with(part)
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

/// True when `part` (at least 4 letters) starts or ends the compound `whole`.
fn compound_part(whole: &str, part: &str) -> bool {
    // The rest must be a word of its own (at least 4 letters, allowing a
    // linking s or e): "aanvraag" is not "aan" + "vraag". Parts under five
    // letters are too often word endings ("vergunning" is not "gunnen").
    let rest_ok = |rest: &str| rest.trim_end_matches(['s', 'e']).len() >= 4 || rest.len() >= 5;
    // Dutch compounds carry their meaning at the end: a "woningcorporatie"
    // is a "corporatie", but an "appeltaart" is no "appel".
    part.len() >= 5 && whole.ends_with(part) && rest_ok(&whole[..whole.len() - part.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precomputed_stems_match_the_stemmer() {
        let s = Stemmer::create(Algorithm::Dutch);
        assert!(PRECOMPUTED.len() > 500);
        assert!(
            PRECOMPUTED.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted for binary search"
        );
        for (word, stem) in PRECOMPUTED.iter().step_by(7) {
            assert_eq!(crate::matching::stem::stem(&s, word), *stem, "{word}");
        }
    }

    #[test]
    fn undoubles_vowels_so_inflections_meet() {
        let s = Stemmer::create(Algorithm::Dutch);
        assert_eq!(stem_word(&s, "goedkoop"), stem_word(&s, "goedkope"));
        assert_eq!(stem_word(&s, "Coöperaties"), stem_word(&s, "cooperatie"));
    }

    #[test]
    fn compound_parts_need_four_letters() {
        assert!(compound_part("woningcorporatie", "corporatie"));
        assert!(!compound_part("appeltart", "appel"));
        assert!(!compound_part("grondprijs", "gro"));
        assert!(!compound_part("aanvrag", "vrag"));
        assert!(!compound_part("parkervergunn", "gunn"));
        assert!(compound_part("woningcorporatie", "corporatie"));
    }
}
