//! Free Dutch text → ranked objections. People type what they heard in
//! many ways, so matching works on normalised word stems (no case, no
//! diacritics, Snowball Dutch stemmer), synonym groups from data, compound
//! parts (grondprijs → grond + prijs) and small typos. Negation words are
//! kept as a term of their own: "geen vraag" is not "vraag".

use serde::Serialize;

use super::analyzer::{build_tables, osa_within, DocTerms, List, Strings, Tables, NEG};
pub use super::analyzer::{spanned_words, Analyzer, Term, MAX_WORD_BYTES};
use crate::core::kb::{Kb, Objection};

/// Below this score a match is not shown: better nothing than a wrong answer.
pub const MIN_SCORE: f64 = 0.56;

/// How much the best phrase counts against how much of the query is
/// explained (a weighted geometric mean). Chosen on the phrasing test set and
/// checked on two sets written apart from it.
const PHRASE_WEIGHT: f64 = 0.4;

/// Weight of adjacent word pairs shared with a phrase.
const PAIR_BONUS: f64 = 0.1;

/// One objection found for the text, with a score between 0 and 1.
#[derive(Debug, Clone, Serialize)]
pub struct Match<'a> {
    pub objection: &'a Objection,
    pub score: f64,
}

/// The index of the built-in data, built by build.rs with the same
/// `analyzer::build_tables` (a test checks that both agree).
mod built_in {
    #![allow(clippy::approx_constant, clippy::unreadable_literal)]
    use super::super::analyzer::{DocTerms, Strings, Tables, Vocabulary};
    use std::borrow::Cow;
    include!(concat!(env!("OUT_DIR"), "/index.rs"));
}

/// The search index: the built-in one from build.rs, or one built at run
/// time when a user's overlay changes the objections or synonyms.
pub struct Index<'a> {
    kb: &'a Kb,
    docs: List<DocTerms>,
    /// Every term of the objections, sorted, and its weight (idf).
    terms: Strings,
    idf: List<f64>,
    /// The position of the negation term in `terms`, if any phrase has one.
    neg: Option<u16>,
    max_idf: f64,
    analyzer: Analyzer,
}

/// An analysed query, compared once with every term of the index.
struct Query<'q> {
    terms: &'q [String],
    /// Each query term's position in `Index::terms`, if the data uses it.
    ids: Vec<Option<u16>>,
    weights: Vec<f64>,
    /// For each query term, how well it stands for each index term.
    matches: Vec<Vec<f64>>,
    /// For each index term, how well the best query term stands for it.
    best: Vec<f64>,
    negated: bool,
}

/// The tables for `kb`'s objections and synonyms, computed now.
pub fn tables_of(kb: &Kb) -> Tables {
    let groups: Vec<Vec<String>> = kb.synonyms.iter().map(|g| g.words.clone()).collect();
    let objections: Vec<(String, Vec<String>)> = kb
        .objections
        .iter()
        .map(|o| {
            let texts = std::iter::once(&o.objection)
                .chain(o.also_heard.iter())
                .chain(o.keywords.iter())
                .cloned()
                .collect();
            (o.id.clone(), texts)
        })
        .collect();
    build_tables(&groups, &objections)
}

impl<'a> Index<'a> {
    /// The index for `kb`: the one built at compile time when the
    /// objections and synonyms are the built-in ones (trusted; a test
    /// checks it against `tables_of`), else built now.
    pub fn new(kb: &'a Kb) -> Index<'a> {
        let tables = if kb.matching_built_in {
            built_in::TABLES.clone()
        } else {
            tables_of(kb)
        };
        Index {
            kb,
            docs: tables.docs,
            neg: tables.terms.find(NEG).map(|i| i as u16),
            terms: tables.terms,
            idf: tables.idf,
            max_idf: tables.max_idf,
            analyzer: Analyzer::new(tables.vocabulary),
        }
    }

    fn weight(&self, term: &str) -> f64 {
        if term == NEG {
            // Negation matters but says little on its own.
            return 0.6;
        }
        match self.terms.find(term) {
            Some(i) => self.idf[i],
            None => self.max_idf,
        }
    }

    /// The weight of the index term at `id`.
    fn weight_of(&self, id: u16) -> f64 {
        if Some(id) == self.neg {
            0.6
        } else {
            self.idf[usize::from(id)]
        }
    }

    fn term(&self, id: u16) -> &str {
        self.terms.get(usize::from(id))
    }

    /// Compares every query term with every index term once; scoring the
    /// objections then only looks results up.
    fn prepare<'q>(&self, query: &'q [String]) -> Query<'q> {
        let ids: Vec<Option<u16>> = query
            .iter()
            .map(|q| self.terms.find(q).map(|i| i as u16))
            .collect();
        let matches: Vec<Vec<f64>> = query
            .iter()
            .map(|q| self.terms.iter().map(|t| self.term_match(q, t)).collect())
            .collect();
        let mut best = vec![0.0; self.terms.len()];
        for row in &matches {
            for (b, &m) in best.iter_mut().zip(row) {
                *b = f64::max(*b, m);
            }
        }
        Query {
            terms: query,
            ids,
            weights: query.iter().map(|q| self.weight(q)).collect(),
            matches,
            best,
            negated: query.iter().any(|t| t == NEG),
        }
    }

    /// The objections `text` is about, best first, at most `limit`.
    pub fn search(&self, text: &str, limit: usize) -> Vec<Match<'a>> {
        let query = self.analyzer.terms(text);
        let mut found: Vec<Match<'a>> = self
            .rank(&query)
            .into_iter()
            .filter(|&(_, score)| score >= MIN_SCORE)
            .map(|(i, score)| Match {
                objection: self.objection(i),
                score,
            })
            .collect();
        found.truncate(limit);
        found
    }

    /// Every objection with its score for the analysed `query`, best
    /// first (index into `kb.objections`, score).
    pub fn rank(&self, query: &[String]) -> Vec<(usize, f64)> {
        if query.iter().all(|t| t == NEG) {
            return Vec::new();
        }
        let q = self.prepare(query);
        let mut ranked: Vec<(usize, f64)> = self
            .docs
            .iter()
            .enumerate()
            .map(|(i, doc)| (i, self.score(&q, doc)))
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
        let has_neg = d.vocab.iter().any(|&v| Some(v) == self.neg);
        let mut hits: Vec<(f64, &Term)> = query
            .iter()
            .filter_map(|q| {
                let m = d
                    .vocab
                    .iter()
                    .map(|&v| self.term_match(&q.term, self.term(v)))
                    .fold(0.0, f64::max);
                (m > 0.0 || (q.term == NEG && has_neg))
                    .then(|| (m.max(0.5) * self.weight(&q.term), q))
            })
            .collect();
        hits.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut seen = std::collections::HashSet::new();
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
            .filter(|d| d.id == id)
            .flat_map(|d| d.phrases())
            .filter(|p| p.iter().any(|&t| self.term(t) == term))
            .map(|p| p.iter().map(|&t| self.term(t).to_string()).collect())
            .collect()
    }

    /// The two parts of the score per objection (for tuning and tests):
    /// (id, best phrase coverage, query coverage, pair share).
    pub fn explain(&self, text: &str) -> Vec<(String, f64, f64, f64)> {
        let query = self.analyzer.terms(text);
        let q = self.prepare(&query);
        self.docs
            .iter()
            .map(|doc| {
                let (p, c) = self.parts(&q, doc);
                (doc.id.to_string(), p, c, self.pair_share(&q, doc))
            })
            .collect()
    }

    /// The share of the query's adjacent term pairs that the objection's
    /// phrases also have side by side.
    fn pair_share(&self, q: &Query, doc: &DocTerms) -> f64 {
        if q.terms.len() < 2 {
            return 0.0;
        }
        let hits = q
            .ids
            .windows(2)
            .filter(|w| match (w[0], w[1]) {
                (Some(a), Some(b)) => doc.pairs.binary_search(&(a, b)).is_ok(),
                _ => false,
            })
            .count();
        hits as f64 / (q.terms.len() - 1) as f64
    }

    /// Combines how well the best phrase is covered by the query with how
    /// much of the query the objection explains.
    /// The geometric mean asks for both: a phrase that is really there and
    /// a query that is mostly explained. Word pairs in the same order add.
    fn score(&self, q: &Query, doc: &DocTerms) -> f64 {
        let (best_phrase, qcov) = self.parts(q, doc);
        (best_phrase.powf(PHRASE_WEIGHT) * qcov.powf(1.0 - PHRASE_WEIGHT)
            + PAIR_BONUS * self.pair_share(q, doc))
        .min(1.0)
    }

    fn parts(&self, q: &Query, doc: &DocTerms) -> (f64, f64) {
        let mut best_phrase: f64 = 0.0;
        for p in doc.phrases() {
            let total: f64 = p.iter().map(|&t| self.weight_of(t)).sum();
            if total == 0.0 {
                continue;
            }
            let got: f64 = p
                .iter()
                .map(|&pt| q.best[usize::from(pt)] * self.weight_of(pt))
                .sum();
            // A phrase of one common word proves less than a longer one.
            let strength = (total / self.max_idf).clamp(0.5, 1.0);
            let mut cov = got / total * strength.sqrt();
            // "geen vraag" is the opposite of "vraag": a negated phrase
            // only fits a negated query.
            if !q.negated && p.iter().any(|&t| Some(t) == self.neg) {
                cov *= 0.6;
            }
            best_phrase = best_phrase.max(cov);
        }
        let qtotal: f64 = q.weights.iter().sum();
        let qgot: f64 = q
            .matches
            .iter()
            .zip(&q.weights)
            .map(|(row, w)| {
                let m = doc
                    .vocab
                    .iter()
                    .map(|&v| row[usize::from(v)])
                    .fold(0.0, f64::max);
                m * w
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
        // Only the longer word can be the compound, and only when it has
        // at least four letters more (both tests below ask for that).
        let (whole, part) = if q.len() >= d.len() { (q, d) } else { (d, q) };
        if whole.len() >= part.len() + 4 {
            if compound_part(whole, part) {
                return 0.75;
            }
            if compound_head(whole, part) {
                return 0.5;
            }
        }
        // A typo seldom hits the first letter; comparing only words that
        // share it keeps this cheap (it runs for every pair of terms).
        if q.as_bytes().first() != d.as_bytes().first() {
            return 0.0;
        }
        let (lq, ld) = (q.chars().count(), d.chars().count());
        if lq >= 5 && ld >= 5 && lq.abs_diff(ld) <= 2 {
            let allowed = if lq.min(ld) >= 8 { 2 } else { 1 };
            if osa_within(q, d, allowed).is_some() {
                return 0.8;
            }
        }
        0.0
    }
}

/// True when `part` (at least 5 letters) starts the compound `whole`.
fn compound_head(whole: &str, part: &str) -> bool {
    part.len() >= 5 && whole.len() >= part.len() + 4 && whole.starts_with(part)
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
    fn the_built_in_index_is_the_one_built_from_the_data() {
        let kb = Kb::load(None).unwrap();
        assert!(kb.matching_built_in);
        let now = tables_of(&kb);
        assert!(now == built_in::TABLES, "build.rs and tables_of disagree");
        let ids: Vec<&str> = kb.objections.iter().map(|o| o.id.as_str()).collect();
        let built: Vec<&str> = built_in::TABLES
            .docs
            .iter()
            .map(|d| d.id.as_ref())
            .collect();
        assert_eq!(ids, built, "one document per objection, in order");
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
