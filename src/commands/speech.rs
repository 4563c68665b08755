//! `coop inspreek`: a text that fits the speaking time, with the practical
//! steps on stderr.

use crate::cli::SpeechArgs;
use crate::compose::speech::{self, SpeechContext, SpeechRequest};
use crate::core::kb::Kb;
use crate::error::{Error, Result};
use crate::io::output;
use crate::render;
use crate::render::pipeline;

use super::shared;

pub fn run(kb: &Kb, paths: &shared::Paths, args: &SpeechArgs) -> Result<u8> {
    if let Some(m) = args.minuten {
        if !(0.5..=60.0).contains(&m) {
            return Err(Error::Usage(format!(
                "--minuten {m}: geef een spreektijd tussen 0,5 en 60 minuten."
            )));
        }
    }
    let prep = shared::Prepared::new(kb, paths, &args.doc)?;
    let req = SpeechRequest {
        minutes: args.minuten,
        agenda_item: args.agendapunt.as_deref(),
        goal: args.doel,
        rebut: &args.weerleg,
        meeting: args.vergadering,
    };
    let speech = pipeline::produce(&req, &prep.sources())?;
    notes(&speech.view, speech.doc.woorden, speech.fits)?;
    shared::write(&speech, &args.doc, &prep)?;
    Ok(0)
}

/// Estimated time, and what to arrange before the meeting.
pub fn notes(ctx: &SpeechContext, words: usize, fits: bool) -> Result<()> {
    let env = &render::environment();
    let limit = if ctx.minuten == 1.0 {
        "1 minuut".to_string()
    } else {
        format!("{} minuten", crate::render::decimal(ctx.minuten))
    };
    output::note(&format!(
        "Geschatte spreektijd: {} ({words} woorden, bij {} woorden per minuut). Je hebt {limit}.",
        speech::duration(words),
        speech::WORDS_PER_MINUTE
    ));
    if !fits {
        output::note(&format!(
            "let op: ook de kortste versie past niet in {limit}. De opening, wie je bent, de vraag en het bedankje zijn samen al {words} woorden. Vraag meer tijd aan de griffie, of schrap zelf."
        ));
    }
    let mut steps = vec!["Wat je nog regelt:".to_string()];
    if let Some(rules) = &ctx.gemeente.inspreekregels {
        steps.push(format!(
            "- Jullie legden deze regels voor inspreken vast op {} (bron: {}): {}",
            crate::core::date::dutch_text(&rules.herkomst.datum_import),
            rules.herkomst.bron,
            rules.tekst
        ));
    }
    match &ctx.gemeente.inspreek_aanmelden {
        Some(r) => steps.push(format!("- Meld je aan bij de griffie. {r}")),
        None if ctx.gemeente.inspreekregels.is_some() => {
            steps.push("- Meld je op tijd aan bij de griffie.".to_string())
        }
        None => steps.push(
            "- Meld je op tijd aan bij de griffie. Vraag hoe lang je mag spreken en wanneer je je moet aanmelden."
                .to_string(),
        ),
    }
    for n in &ctx.gemeente.inspreek_notities {
        steps.push(format!("- {n}"));
    }
    steps.push("- Neem kopieën van je tekst mee voor de raadsleden en de griffie.".to_string());
    steps.push(
        "- Zorg voor een samenvatting in twee zinnen, voor wie het kort wil weten:".to_string(),
    );
    let kern = render::markdown(env, "docs/parts/kern.md.j2", ctx)?;
    steps.push(format!(
        "  \"Wij zijn {}, een wooncoöperatie in {}. Namens onze leden vragen wij {}.\"",
        ctx.coop.text("naam"),
        ctx.gemeente.naam,
        kern.trim()
    ));
    output::note(&steps.join("\n"));
    Ok(())
}
