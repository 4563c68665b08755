//! Inspreek texts: spoken at about 120 words per minute, so the word budget
//! follows from the speaking time (the municipality's known limit, else 3).
//! The text fills the time: after the fixed opening and request it adds
//! blocks by priority (our own story, local facts, answers to objections
//! the group has heard, further arguments) while they fit, and leaves them
//! out again for a short slot.

use serde::Serialize;

use super::document::{self, CoopView, Gaps, GemeenteView};
use super::letter::{self, Goal};
use super::tailor;
use super::{Document, Sources, Title};
use crate::core::kb::{Kb, MunicipalityRow};
use crate::core::profile::Profile;
use crate::error::Result;

/// Dutch read-aloud rate (the Almere griffie: 600 words is about 5 minutes).
pub const WORDS_PER_MINUTE: f64 = 120.0;
/// When nothing is known about the municipality's rules.
pub const DEFAULT_MINUTES: f64 = 3.0;
/// A text fills at least this share of the speaking time when there is
/// enough to say.
pub const MIN_FILL: f64 = 0.85;
/// How many words the room for blocks shrinks per step while fitting.
const STEP_WORDS: usize = 4;

/// One block of the speech, as spoken.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    /// verhaal, lokaal, weerlegging or argument.
    pub soort: &'static str,
    pub tekst: String,
}

/// A block that may be spoken: in full, or shorter.
#[derive(Debug, Clone)]
struct Candidate {
    soort: &'static str,
    full: String,
    short: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpeechContext {
    pub datum: String,
    pub doel: &'static str,
    pub agendapunt: Option<String>,
    /// "raad" or "commissie": who is addressed.
    pub vergadering: &'static str,
    pub minuten: f64,
    pub woorden_budget: usize,
    pub coop: CoopView,
    pub gemeente: GemeenteView,
    /// The blocks that fit, in speaking order.
    pub blokken: Vec<Block>,
    #[serde(skip)]
    candidates: Vec<Candidate>,
}

crate::choice! {
    /// Where the speech is given.
    pub enum Meeting {
        Raad = "raad": "De gemeenteraad: „Voorzitter, leden van de raad”.",
        Commissie = "commissie": "Een raadscommissie: „Voorzitter, leden van de commissie”.",
    }
}

pub struct SpeechRequest<'a> {
    pub minutes: Option<f64>,
    pub agenda_item: Option<&'a str>,
    pub goal: Goal,
    pub rebut: &'a [String],
    /// `--vergadering`; else what is known about the municipality.
    pub meeting: Option<Meeting>,
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

    /// Step 0 gives the blocks the whole budget; every step leaves a few
    /// words more for the fixed opening and closing, until it fits.
    fn shorter(&self, view: &SpeechContext, step: usize) -> Option<SpeechContext> {
        let room = view.woorden_budget.checked_sub(step * STEP_WORDS)?;
        let mut c = view.clone();
        c.blokken = fill(&view.candidates, room);
        Some(c)
    }

    fn words(&self, markdown: &str) -> usize {
        spoken_words(markdown)
    }

    fn journal(&self, _: &SpeechContext) -> Option<super::JournalNote> {
        Some(super::JournalNote {
            soort: crate::core::journal::EventKind::Inspraak,
            met: Vec::new(),
            vervolg: None,
        })
    }
}

/// Blocks in priority order while they fit in `room` words: a block that
/// does not fit in full may fit in short; one that does not fit at all is
/// left out and the next one is tried.
fn fill(candidates: &[Candidate], room: usize) -> Vec<Block> {
    let mut left = room;
    let mut out = Vec::new();
    for c in candidates {
        let pick = std::iter::once(&c.full)
            .chain(c.short.as_ref())
            .find(|t| document::word_count(t) <= left);
        if let Some(t) = pick {
            left -= document::word_count(t);
            out.push(Block {
                soort: c.soort,
                tekst: t.clone(),
            });
        }
    }
    out
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
    let g = gemeente.naam.clone();
    let minuten = req
        .minutes
        .or(gemeente.inspreek_minuten.map(f64::from))
        .unwrap_or(DEFAULT_MINUTES);
    let meeting = req
        .meeting
        .unwrap_or(match gemeente.inspreek_vergadering.as_deref() {
            Some("commissie") => Meeting::Commissie,
            _ => Meeting::Raad,
        });
    let mut candidates = vec![Candidate {
        soort: "verhaal",
        full: tailor::fill(
            "{verhaal} Wij willen {woningen} woningen maken voor {doelgroepen}. Wij hebben {locatie} op het oog.",
            &coop,
            &g,
            gaps,
        ),
        short: Some(tailor::fill("{verhaal}", &coop, &g, gaps)),
    }];
    let mut local = Vec::new();
    if let Some(b) = &gemeente.beleid_tekst {
        local.push(b.clone());
    }
    if !gemeente.platforms.is_empty() {
        local.push(format!(
            "In {g} werken coöperaties al samen, bijvoorbeeld in {}.",
            gemeente.platforms
        ));
    }
    if !local.is_empty() {
        candidates.push(Candidate {
            soort: "lokaal",
            short: (local.len() > 1).then(|| local[local.len() - 1].clone()),
            full: local.join(" "),
        });
    }
    for r in letter::letter_rebuttals(kb, req.rebut, &coop, &g, gaps)? {
        // Shorter: the first two sentences of the same text (the short
        // answers in the data are written for the user, not the council).
        let short = r
            .tekst
            .match_indices(". ")
            .nth(1)
            .map(|(i, _)| r.tekst[..=i].to_string());
        candidates.push(Candidate {
            soort: "weerlegging",
            short,
            full: r.tekst,
        });
    }
    let reader = tailor::Reader {
        party: None,
        themes: &[],
        goal: req.goal,
        city: gemeente.stad,
    };
    for a in tailor::pick(kb, &reader) {
        candidates.push(Candidate {
            soort: "argument",
            full: tailor::argument_text(a, &coop, &g, gaps),
            short: Some(a.summary.clone()),
        });
    }
    let woorden_budget = (minuten * WORDS_PER_MINUTE).floor() as usize;
    Ok(SpeechContext {
        datum: date.to_string(),
        doel: req.goal.id(),
        agendapunt: req.agenda_item.map(str::to_string),
        vergadering: meeting.id(),
        minuten,
        woorden_budget,
        coop,
        gemeente,
        blokken: fill(&candidates, woorden_budget),
        candidates,
    })
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

    #[test]
    fn blocks_that_do_not_fit_are_left_out_or_shortened() {
        let c = |full: &str, short: Option<&str>| Candidate {
            soort: "argument",
            full: full.into(),
            short: short.map(str::to_string),
        };
        let cands = vec![
            c("een twee drie vier vijf", Some("een twee")),
            c("een twee drie vier vijf zes", None),
            c("een", None),
        ];
        let got: Vec<String> = fill(&cands, 4).into_iter().map(|b| b.tekst).collect();
        assert_eq!(got, ["een twee", "een"]);
    }
}
