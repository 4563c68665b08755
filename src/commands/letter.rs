//! `coop brief`: one letter, or one per row of a recipients CSV.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::cli::LetterArgs;
use crate::compose::document::Missing;
use crate::compose::letter::{self, LetterContext, LetterRequest, Recipient};
use crate::compose::reply::ReplyRequest;
use crate::compose::Document;
use crate::core::kb::Kb;
use crate::core::recipients;
use crate::error::{Error, Result};
use crate::io::output;
use crate::render;
use crate::render::formats::Doc;
use crate::render::merge;
use crate::render::pipeline;

use super::shared;

pub fn run(kb: &Kb, paths: &shared::Paths, args: &LetterArgs) -> Result<u8> {
    let prep = shared::Prepared::new(kb, paths, &args.doc)?;
    if let Some(csv) = &args.ontvangers {
        return batch(&prep, args, recipients::read(csv)?);
    }
    if matches!(args.aan, Recipient::Fracties | Recipient::Raadsleden) {
        let list = council_recipients(&prep, args.aan)?;
        return batch(&prep, args, list);
    }
    let (party, label) = match args.partij.as_deref() {
        Some(p) => letter::party_or_local(kb, p),
        None => (None, None),
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
    check_themes(kb, &args.thema)?;
    if let Some(p) = &args.partij {
        if letter::is_unknown_party(kb, p) && args.thema.is_empty() {
            output::note(&format!(
                "coop kent de partij '{}' niet en gebruikt daarom algemene argumenten. Noem met --thema waar deze partij om geeft, bijvoorbeeld --thema {}. Alle thema's: {}.",
                p.trim(),
                "betaalbaarheid,zorg",
                kb.themes.iter().map(|t| t.id.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    if args.met_motie && args.doel != crate::core::choice::Goal::Motie {
        output::note("--met-motie zet de conceptmotie onder de brief; de brief vraagt om een motie met --doel motie.");
    }
    let req = LetterRequest {
        recipient: args.aan,
        name: args.naam.as_deref(),
        salutation: args.aanhef.as_deref(),
        email: args.email.as_deref(),
        party,
        party_label: label,
        themes: &args.thema,
        goal: args.doel,
        rebut: &args.weerleg,
        words: args.woorden,
        with_motion: args.met_motie,
    };
    if let Some(path) = &args.reactie_op {
        return reply(&prep, args, req, path);
    }
    let letter = pipeline::produce(&req, &prep.sources())?;
    notes(&letter.view, args.woorden, &letter.doc, letter.fits);
    shared::write(&letter, &args.doc, &prep)?;
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
        return Err(Error::not_found(crate::compose::reply::nothing_found(
            &shared::text_name(path),
        )));
    }
    for n in req.notes(&reply.view) {
        output::note(&n);
    }
    output::note(&format!(
        "Beantwoord: {} punt(en). Lees de brief na voor je hem verstuurt: klopt elk citaat, en past ons antwoord?",
        reply.view.punten.len()
    ));
    shared::write(&reply, &args.doc, prep)?;
    Ok(0)
}

/// Every `--thema` id exists.
fn check_themes(kb: &Kb, ids: &[String]) -> Result<()> {
    for t in ids {
        if kb.themes.get(t.trim()).is_none() {
            let hint = crate::core::suggest::hint(t.trim(), kb.themes.keys());
            return Err(Error::not_found(format!(
                "--thema: geen thema met id '{}'.{hint} Alle thema's: {}.",
                t.trim(),
                kb.themes
                    .iter()
                    .map(|t| t.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    Ok(())
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
    if let Some(r) = &ctx.gemeente.provincie_regeling {
        output::note(&format!(
            "Tip: de provincie {} heeft nu een regeling voor collectief wonen: {r}. Kijk bij de provincie of jullie er gebruik van kunnen maken.",
            ctx.gemeente.provincie
        ));
    }
    if ctx.ontvanger.soort == Recipient::Raad
        && ctx.gemeente.raad_email.is_none()
        && ctx.gemeente.bekend
    {
        match &ctx.gemeente.griffie_email {
            Some(mail) => output::note(&format!(
                "Het mailadres voor alle raadsleden van {} is nog niet bekend. De mail gaat naar de griffie ({mail}); vraag de griffie de brief door te sturen.",
                ctx.gemeente.naam
            )),
            None => output::note(&format!(
                "Het mailadres voor alle raadsleden van {} is nog niet bekend. Vraag het aan de griffie, of leg het vast met: coop raad zet raad-email ADRES --bron BRON",
                ctx.gemeente.naam
            )),
        }
    }
}

/// One letter per CSV row into --out DIR. Everything is checked and rendered
/// before the first file is written; a failed write removes what was written.
fn batch(
    prep: &shared::Prepared,
    args: &LetterArgs,
    list: Vec<recipients::Recipient>,
) -> Result<u8> {
    let kb = prep.kb;
    let src = prep.sources();
    let Some(dir) = &args.doc.out else {
        return Err(Error::Usage(format!(
            "{} schrijft één brief per ontvanger. Geef een map met --out MAP.",
            if args.ontvangers.is_some() {
                "--ontvangers"
            } else {
                "--aan fracties of raadsleden"
            }
        )));
    };
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
    // --out brieven.zip or brieven.mbox: every letter in one file.
    let archive = match dir.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("zip") => Some(output::ArchiveKind::Zip),
        Some(e) if e.eq_ignore_ascii_case("mbox") => {
            if args.doc.format != crate::render::formats::DocFormat::Eml {
                return Err(Error::Usage(
                    "een mbox bevat e-mails. Geef --format eml als --out op .mbox eindigt.".into(),
                ));
            }
            Some(output::ArchiveKind::Mbox)
        }
        _ => None,
    };
    if !args.doc.force && archive.is_none() {
        if let Some(p) = paths.iter().find(|p| p.exists()) {
            return Err(Error::WouldOverwrite(p.clone()));
        }
    }
    let mut sink = match archive {
        Some(kind) => Sink::File(Box::new(output::Archive::new(dir, kind, args.doc.force)?)),
        None => Sink::Folder(output::Batch::new(dir, args.doc.force)?),
    };
    let from_council = matches!(args.aan, Recipient::Fracties | Recipient::Raadsleden)
        && args.ontvangers.is_none();
    let mut all_missing: Vec<Missing> = Vec::new();
    let mut local = 0usize;
    let format = args.doc.format;
    // One time for the whole merge (docx properties, the mail's Date).
    let at = crate::render::formats::now();
    // Test hook: every letter composed alone, one after the other (the
    // path before mail merges were shared), to compare output with.
    let alone = std::env::var_os("COOP_TEST_MERGE_ALONE").is_some();
    let mut merge = merge::Merge::new(&env, &src);
    let base = LetterRequest {
        recipient: args.aan,
        name: None,
        salutation: None,
        email: None,
        party: None,
        party_label: None,
        themes: &args.thema,
        goal: args.doel,
        rebut: &args.weerleg,
        words: args.woorden,
        with_motion: args.met_motie,
    };
    let mut parties = std::collections::HashMap::new();
    let mut result = Ok(());
    // Letters are composed in order, written in every format on all cores
    // a chunk at a time (so memory stays small), and added in order. The
    // first failure in list order stops the run, as if made one by one.
    'chunks: for (c, chunk) in list.chunks(CHUNK).enumerate() {
        let mut letters = Vec::with_capacity(chunk.len());
        let mut failed = None;
        for r in chunk {
            // Resolving a name is fuzzy and slow; a list repeats a few.
            let party = *parties
                .entry(r.partij.as_str())
                .or_insert_with(|| letter::recipient_party(kb, &r.partij, from_council));
            if party.is_none() {
                local += 1;
            }
            let req = base.for_recipient(kb, r, party);
            let letter = if alone {
                pipeline::produce_with(&env, &req, &src).map(merge::MergedView::alone)
            } else {
                merge.produce(&req)
            };
            match letter {
                Ok(letter) => letters.push(letter),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        let first = c * CHUNK;
        let all_bytes = if alone {
            letters
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let stamp = crate::render::formats::Stamp {
                        at,
                        seq: Some((first + i) as u64),
                    };
                    crate::render::formats::bytes_stamped(
                        &l.doc, format, &l.view, &l.missing, &stamp,
                    )
                })
                .collect()
        } else {
            merge::bytes_in_order(&letters, format, at, first, |n, bytes| match archive {
                Some(kind) => kind.prepare(&file_name(&paths[n]), &bytes),
                None => Ok(bytes),
            })
        };
        for ((letter, bytes), path) in letters.iter().zip(all_bytes).zip(&paths[first..]) {
            let written = bytes.and_then(|bytes| match &mut sink {
                Sink::Folder(batch) => batch.write(&file_name(path), &bytes),
                Sink::File(out) if alone => out.add(&file_name(path), &bytes),
                Sink::File(out) => out.add_prepared(&bytes),
            });
            if let Err(e) = written {
                result = Err(e);
                break 'chunks;
            }
            for m in &letter.missing {
                if !all_missing.contains(m) {
                    all_missing.push(m.clone());
                }
            }
        }
        if let Some(e) = failed {
            result = Err(e);
            break;
        }
    }
    match (result, sink) {
        // Nothing half-done: remove what this run wrote (an unfinished
        // archive is a temp file that goes away with it).
        (Err(e), Sink::Folder(batch)) => {
            batch.abort();
            return Err(e);
        }
        (Err(e), Sink::File(_)) => return Err(e),
        (Ok(()), Sink::Folder(batch)) => batch.commit()?,
        (Ok(()), Sink::File(archive)) => archive.commit()?,
    }
    shared::report_missing(&all_missing, prep.profile.is_some());
    if local > 0 {
        output::note(&format!(
            "{local} ontvanger(s) hebben een partij die coop niet kent. Die brieven gebruiken algemene argumenten. Noem met --thema waar zo'n partij om geeft, bijvoorbeeld --thema betaalbaarheid,zorg."
        ));
    }
    output::note(&format!(
        "{} brieven geschreven in {}.",
        paths.len(),
        dir.display()
    ));
    Ok(0)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .expect("built from a file stem")
        .to_string_lossy()
        .into_owned()
}

/// Letters composed before they are written on all cores and added.
const CHUNK: usize = 512;

/// Where a mail merge goes: a folder of files, or one zip or mbox.
enum Sink {
    Folder(output::Batch),
    File(Box<output::Archive>),
}

/// The council's parties or members as recipients, with a note on where
/// they come from.
fn council_recipients(
    prep: &shared::Prepared,
    aan: Recipient,
) -> Result<Vec<recipients::Recipient>> {
    let src = prep.sources();
    let list = letter::council_recipients(&src, aan)?;
    if let Some(result) = src.council.and_then(|c| c.result.as_ref()) {
        output::note(&format!(
            "Ontvangers uit de uitslag {} van de Kiesraad (ingelezen op {}).",
            result.election,
            crate::core::date::dutch_text(&result.origin.imported)
        ));
    }
    Ok(list)
}
