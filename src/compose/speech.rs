//! Inspreek texts: spoken at about 120 words per minute, so the word budget
//! follows from the speaking time (the municipality's known limit, else 3).

use serde::Serialize;

use super::document::{self, CoopView, Gaps, GemeenteView};
use super::letter::{self, ArgumentText, Goal};
use super::views::ObjectionView;
use super::{Document, Sources, Title};
use crate::core::kb::{Kb, MunicipalityRow};
use crate::core::profile::Profile;
use crate::error::Result;

/// Dutch read-aloud rate (the Almere griffie: 600 words is about 5 minutes).
pub const WORDS_PER_MINUTE: f64 = 120.0;
/// When nothing is known about the municipality's rules.
pub const DEFAULT_MINUTES: f64 = 3.0;

#[derive(Debug, Clone, Serialize)]
pub struct SpeechContext {
    pub datum: String,
    pub doel: &'static str,
    pub agendapunt: Option<String>,
    pub minuten: f64,
    pub woorden_budget: usize,
    pub coop: CoopView,
    pub gemeente: GemeenteView,
    pub argumenten: Vec<ArgumentText>,
    pub weerleggingen: Vec<ObjectionView>,
    pub kort: bool,
}

pub struct SpeechRequest<'a> {
    pub minutes: Option<f64>,
    pub agenda_item: Option<&'a str>,
    pub goal: Goal,
    pub rebut: &'a [String],
}

impl Document for SpeechRequest<'_> {
    type View = SpeechContext;
    const KIND: &'static str = "inspreektekst";
    const TEMPLATE: &'static str = "docs/inspreek.md.j2";

    fn compose(&self, src: &Sources, gaps: &mut Gaps) -> Result<SpeechContext> {
        context(src.kb, src.profile, src.municipality, self, src.date, gaps)
    }

    fn title(&self, view: &SpeechContext) -> Title {
        Title::Text(match &view.agendapunt {
            Some(a) => format!("Inspreektekst: {a}"),
            None => format!("Inspreektekst {}", view.gemeente.naam),
        })
    }

    fn budget(&self, view: &SpeechContext) -> Option<usize> {
        Some(view.woorden_budget)
    }

    fn shorter(&self, view: &SpeechContext, step: usize) -> Option<SpeechContext> {
        letter::SHAPES
            .get(step)
            .map(|&(n, short)| shape(view, n, short))
    }

    fn words(&self, markdown: &str) -> usize {
        spoken_words(markdown)
    }
}

pub fn context(
    kb: &Kb,
    profile: Option<&Profile>,
    municipality: Option<&MunicipalityRow>,
    req: &SpeechRequest,
    date: &str,
    gaps: &mut Gaps,
) -> Result<SpeechContext> {
    let coop = document::coop_view(profile, gaps);
    let gemeente = document::gemeente_view(kb, municipality, gaps);
    let minuten = req
        .minutes
        .or(gemeente.inspreek_minuten.map(f64::from))
        .unwrap_or(DEFAULT_MINUTES);
    let argumenten = super::tailor::arguments_for_party(kb, None)
        .into_iter()
        .map(|(a, _)| ArgumentText {
            id: a.id.clone(),
            titel: a.title.clone(),
            samenvatting: a.summary.clone(),
            tekst: a.text.clone(),
        })
        .collect();
    Ok(SpeechContext {
        datum: date.to_string(),
        doel: req.goal.id(),
        agendapunt: req.agenda_item.map(str::to_string),
        minuten,
        woorden_budget: (minuten * WORDS_PER_MINUTE).floor() as usize,
        coop,
        gemeente,
        argumenten,
        weerleggingen: letter::rebuttals(kb, req.rebut)?,
        kort: false,
    })
}

pub fn shape(ctx: &SpeechContext, n: usize, short: bool) -> SpeechContext {
    let mut c = ctx.clone();
    c.argumenten.truncate(n);
    c.kort = short;
    c
}

/// Words that are spoken: headings are not read aloud.
pub fn spoken_words(md: &str) -> usize {
    md.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(document::word_count)
        .sum()
}

/// "2 minuten en 40 seconden".
pub fn duration(words: usize) -> String {
    let secs = (words as f64 / WORDS_PER_MINUTE * 60.0).round() as u64;
    let (m, s) = (secs / 60, secs % 60);
    match (m, s) {
        (0, s) => format!("{s} seconden"),
        (m, 0) => format!("{m} {}", if m == 1 { "minuut" } else { "minuten" }),
        (m, s) => format!(
            "{m} {} en {s} seconden",
            if m == 1 { "minuut" } else { "minuten" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_dutch() {
        assert_eq!(duration(360), "3 minuten");
        assert_eq!(duration(320), "2 minuten en 40 seconden");
        assert_eq!(duration(120), "1 minuut");
        assert_eq!(duration(30), "15 seconden");
    }

    #[test]
    fn headings_are_not_spoken() {
        assert_eq!(
            spoken_words("## Inspreektekst: wonen\n\nVoorzitter, dank u.\n"),
            3
        );
    }
}
