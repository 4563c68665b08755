//! `coop brief`: one letter, or one per row of a recipients CSV.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::cli::LetterArgs;
use crate::compose::document::{word_count, Gaps};
use crate::compose::letter::{self, LetterContext, LetterRequest, Recipient};
use crate::core::kb::{Kb, MunicipalityRow};
use crate::core::profile::Profile;
use crate::core::recipients;
use crate::core::resolve;
use crate::error::{Error, Result};
use crate::io::output;
use crate::render;
use crate::render::formats::{self, Doc};

use super::documents;

pub fn run(kb: &Kb, profile_path: Option<&Path>, args: &LetterArgs) -> Result<u8> {
    let profile = documents::load_profile(profile_path)?;
    let row = documents::municipality(kb, &args.doc, profile.as_ref())?;
    let date = documents::date(&args.doc)?;
    if let Some(csv) = &args.ontvangers {
        return batch(kb, profile.as_ref(), row, &date, args, csv);
    }
    let party = match &args.partij {
        Some(p) => Some(super::parties::find(kb, p, "--partij ")?),
        None => None,
    };
    if matches!(args.aan, Recipient::Fractie | Recipient::Raadslid) && party.is_none() {
        output::note(
            "Tip: geef --partij mee. Dan kiest coop de argumenten die bij die partij passen.",
        );
    }
    if let Some(e) = &args.email {
        crate::core::profile::check_email(e)
            .map_err(|why| Error::Usage(format!("--email: {why}")))?;
    }
    let req = LetterRequest {
        recipient: args.aan,
        name: args.naam.as_deref(),
        salutation: args.aanhef.as_deref(),
        email: args.email.as_deref(),
        party,
        party_label: None,
        goal: args.doel,
        rebut: &args.weerleg,
        date,
    };
    let (doc, ctx, gaps, fits) = compose(kb, profile.as_ref(), row, &req, args.woorden)?;
    documents::report_missing(&gaps.missing, profile.is_some());
    notes(&ctx, args.woorden, &doc, fits);
    documents::emit(&doc, &args.doc, &ctx, &gaps)?;
    Ok(0)
}

/// One letter: its context, rendered at the longest shape that fits
/// `budget`. Returns the document, the context, the missing facts and
/// whether it fits. Also used by `coop start`.
pub fn compose(
    kb: &Kb,
    profile: Option<&Profile>,
    row: Option<&MunicipalityRow>,
    req: &LetterRequest,
    budget: Option<usize>,
) -> Result<(Doc, LetterContext, Gaps, bool)> {
    let env = render::environment();
    let mut gaps = Gaps::default();
    let ctx = letter::context(kb, profile, row, req, &mut gaps)?;
    let (doc, fits) = render_letter(&env, &ctx, budget, profile)?;
    Ok((doc, ctx, gaps, fits))
}

/// Renders the letter at the longest shape that fits the word budget.
pub fn render_letter(
    env: &minijinja::Environment,
    ctx: &LetterContext,
    budget: Option<usize>,
    profile: Option<&Profile>,
) -> Result<(Doc, bool)> {
    let (markdown, words, fits) = letter::fit(
        ctx,
        budget,
        letter::shape,
        |c| render::markdown(env, "docs/brief.md.j2", c),
        word_count,
    )?;
    let titel = render::markdown(env, "docs/parts/onderwerp.md.j2", ctx)?
        .trim()
        .to_string();
    let from = profile.and_then(|p| {
        let email = p.email.clone()?;
        Some((p.naam.clone().unwrap_or_default(), email))
    });
    let to = ctx
        .ontvanger
        .email
        .clone()
        .map(|e| vec![(ctx.ontvanger.naam.clone().unwrap_or_default(), e)])
        .unwrap_or_default();
    Ok((
        Doc {
            soort: "brief".into(),
            titel,
            markdown,
            woorden: words,
            from,
            to,
        },
        fits,
    ))
}

/// Advice that belongs beside the letter, not in it.
pub fn notes(ctx: &LetterContext, budget: Option<usize>, doc: &Doc, fits: bool) {
    if let Some(b) = budget {
        if !fits {
            output::note(&format!(
                "let op: de brief heeft {} woorden, meer dan --woorden {b}. Korter kan coop hem niet maken zonder de vraag of de ondertekening weg te laten.",
                doc.woorden
            ));
        }
    }
    match ctx.ontvanger.soort {
        Recipient::Raad | Recipient::Griffie => output::note(
            "Goed om te weten: een brief aan de raad komt op de lijst van ingekomen stukken. Hij is meestal openbaar, vaak met je naam. Stuur een aparte brief aan het college: raad en college hebben elk een eigen rol.",
        ),
        Recipient::Wethouder => output::note(
            "Goed om te weten: de wethouder hoort bij het college. Schrijf de raad apart; raad en college hebben elk een eigen rol.",
        ),
        _ => {}
    }
    if ctx.ontvanger.soort == Recipient::Raad
        && ctx.gemeente.raad_email.is_none()
        && ctx.gemeente.bekend
    {
        output::note(&format!(
            "Het mailadres voor alle raadsleden van {} is nog niet bekend. Vraag het aan de griffie.",
            ctx.gemeente.naam
        ));
    }
}

/// One letter per CSV row into --out DIR. Everything is checked and rendered
/// before the first file is written; a failed write removes what was written.
fn batch(
    kb: &Kb,
    profile: Option<&Profile>,
    row: Option<&MunicipalityRow>,
    date: &str,
    args: &LetterArgs,
    csv: &Path,
) -> Result<u8> {
    let Some(dir) = &args.doc.out else {
        return Err(Error::Usage(
            "--ontvangers schrijft één brief per rij. Geef een map met --out MAP.".into(),
        ));
    };
    let list = recipients::read(csv)?;
    let env = render::environment();
    let ext = args.doc.format.extension();

    // Every file name first, so an existing file stops the run before
    // anything is written.
    let mut used = HashSet::new();
    let paths: Vec<PathBuf> = list
        .iter()
        .map(|r| {
            let base = recipients::file_stem(&r.naam);
            let mut stem = base.clone();
            let mut n = 2;
            while !used.insert(stem.clone()) {
                stem = format!("{base}-{n}");
                n += 1;
            }
            dir.join(format!("{stem}.{ext}"))
        })
        .collect();
    if !args.doc.force {
        if let Some(p) = paths.iter().find(|p| p.exists()) {
            return Err(Error::WouldOverwrite(p.clone()));
        }
    }
    let mut batch = output::Batch::new(dir, args.doc.force)?;
    let mut all_missing = Gaps::default();
    let mut local = 0usize;
    let result = list.iter().zip(&paths).try_for_each(|(r, path)| {
        let party = match resolve::party(kb, &r.partij) {
            Ok(p) => Some(p),
            Err(_) => {
                local += 1;
                kb.parties.get("lokaal")
            }
        };
        let label = r
            .fractie
            .clone()
            .or_else(|| (!r.partij.is_empty()).then(|| r.partij.clone()));
        let req = LetterRequest {
            recipient: Recipient::Raadslid,
            name: Some(&r.naam),
            salutation: r.aanhef.as_deref(),
            email: r.email.as_deref(),
            party,
            party_label: label.as_deref(),
            goal: args.doel,
            rebut: &args.weerleg,
            date: date.to_string(),
        };
        let mut gaps = Gaps::default();
        let ctx = letter::context(kb, profile, row, &req, &mut gaps)?;
        let (doc, _) = render_letter(&env, &ctx, args.woorden, profile)?;
        let bytes = formats::bytes(&doc, args.doc.format, &ctx, &gaps.missing)?;
        for m in gaps.missing {
            if !all_missing.missing.contains(&m) {
                all_missing.missing.push(m);
            }
        }
        let name = path
            .file_name()
            .expect("built from a file stem")
            .to_string_lossy();
        batch.write(&name, &bytes)
    });
    if let Err(e) = result {
        // Nothing half-done: remove what this run wrote.
        batch.abort();
        return Err(e);
    }
    batch.commit()?;
    documents::report_missing(&all_missing.missing, profile.is_some());
    if local > 0 {
        output::note(&format!(
            "{local} ontvanger(s) hebben een partij die coop niet kent. Die brieven gebruiken de algemene argumenten voor een lokale partij."
        ));
    }
    output::note(&format!(
        "{} brieven geschreven in {}.",
        paths.len(),
        dir.display()
    ));
    Ok(0)
}
