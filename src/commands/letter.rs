//! `coop brief`: one letter, or one per row of a recipients CSV.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::cli::LetterArgs;
use crate::compose::document::Missing;
use crate::compose::letter::{LetterContext, LetterRequest, Recipient};
use crate::compose::reply::ReplyRequest;
use crate::compose::Document;
use crate::core::kb::Kb;
use crate::core::recipients;
use crate::core::resolve;
use crate::error::{Error, Result};
use crate::io::output;
use crate::render;
use crate::render::formats::Doc;
use crate::render::pipeline;

use super::shared;

pub fn run(kb: &Kb, profile_path: Option<&Path>, args: &LetterArgs) -> Result<u8> {
    let prep = shared::Prepared::new(kb, profile_path, &args.doc)?;
    if let Some(csv) = &args.ontvangers {
        return batch(&prep, args, csv);
    }
    let party = match &args.partij {
        Some(p) => Some(resolve::find_party(kb, p, "--partij ")?),
        None => None,
    };
    if matches!(args.aan, Recipient::Fractie | Recipient::Raadslid) && party.is_none() {
        output::note(
            "Tip: geef --partij mee. Dan kiest coop de argumenten die bij die partij passen.",
        );
    }
    if let Some(e) = &args.email {
        crate::core::profile::check_email(e).map_err(|why| {
            Error::Usage(format!(
                "--email: het mailadres van de ontvanger klopt niet. {why}"
            ))
        })?;
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
        words: args.woorden,
    };
    if let Some(path) = &args.reactie_op {
        return reply(&prep, args, req, path);
    }
    let letter = pipeline::produce(&req, &prep.sources())?;
    shared::report_missing(&letter.missing, prep.profile.is_some());
    notes(&letter.view, args.woorden, &letter.doc, letter.fits);
    shared::write(&letter, &args.doc, prep.profile.is_some())?;
    Ok(0)
}

/// A reply to the municipality's text: exit 1, and no letter, when nothing
/// in it is an objection coop knows.
fn reply(
    prep: &shared::Prepared,
    args: &LetterArgs,
    letter: LetterRequest,
    path: &Path,
) -> Result<u8> {
    let text = shared::read_message(path)?;
    let req = ReplyRequest {
        letter,
        text: &text,
    };
    let reply = pipeline::produce(&req, &prep.sources())?;
    if reply.view.punten.is_empty() {
        let unplaced = req.notes(&reply.view);
        for n in unplaced {
            output::note(&n);
        }
        return Err(Error::not_found(format!(
            "in {} staat geen tegenwerping die coop kent, dus er is geen brief gemaakt. Kijk of dit de tekst van de gemeente is. Losse zinnen toetsen kan met coop weerleg \"...\"; alle tegenwerpingen staan in coop tegenwerpingen.",
            shared::text_name(path)
        )));
    }
    shared::report_missing(&reply.missing, prep.profile.is_some());
    for n in req.notes(&reply.view) {
        output::note(&n);
    }
    output::note(&format!(
        "Beantwoord: {} punt(en). Lees de brief na voor je hem verstuurt: klopt elk citaat, en past ons antwoord?",
        reply.view.punten.len()
    ));
    shared::write(&reply, &args.doc, prep.profile.is_some())?;
    Ok(0)
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
fn batch(prep: &shared::Prepared, args: &LetterArgs, csv: &Path) -> Result<u8> {
    let kb = prep.kb;
    let src = prep.sources();
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
    let mut all_missing: Vec<Missing> = Vec::new();
    let mut local = 0usize;
    let result = list.iter().zip(&paths).try_for_each(|(r, path)| {
        let party = match resolve::party(kb, &r.partij) {
            Ok(p) => Some(p),
            Err(_) => {
                local += 1;
                kb.local_party()
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
            words: args.woorden,
        };
        let letter = pipeline::produce_with(&env, &req, &src)?;
        let bytes = letter.bytes(args.doc.format)?;
        for m in letter.missing {
            if !all_missing.contains(&m) {
                all_missing.push(m);
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
    shared::report_missing(&all_missing, prep.profile.is_some());
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
