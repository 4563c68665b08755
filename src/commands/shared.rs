//! Glue the commands share (commands never call each other): the profile,
//! the municipality, writing a document in the chosen format with the notes
//! on stderr, and opening the journal.

use std::io::IsTerminal;
use std::path::Path;

use serde::Serialize;

use crate::cli::DocArgs;
use crate::compose::document::Missing;
use crate::compose::Sources;
use crate::core::journal::{store, Loaded};
use crate::core::kb::{Kb, MunicipalityRow};
use crate::core::profile::{self, Profile};
use crate::core::resolve;
use crate::error::{Error, Result};
use crate::io::output;
use crate::render::formats::DocFormat;
use crate::render::formats::{self, Doc};
use crate::render::pipeline::Produced;

/// Loads coop.yaml (or --profiel) and prints its warnings.
pub fn load_profile(path: Option<&Path>) -> Result<Option<Profile>> {
    match profile::load(path)? {
        Some((p, warnings)) => {
            for w in warnings {
                output::note(&w);
            }
            Ok(Some(p))
        }
        None => Ok(None),
    }
}

/// The municipality from --gemeente, else from coop.yaml, else none.
pub fn municipality<'a>(
    kb: &'a Kb,
    args: &DocArgs,
    profile: Option<&Profile>,
) -> Result<Option<&'a MunicipalityRow>> {
    resolve::municipality_for(kb, args.gemeente.as_deref(), "--gemeente", profile)
}

/// The date to print: --datum or today, in Dutch.
pub fn date(args: &DocArgs) -> String {
    crate::core::date::dutch(args.datum.unwrap_or_else(crate::core::date::today))
}

/// Lists on stderr what the user still has to fill in, and how.
pub fn report_missing(missing: &[Missing], has_profile: bool) {
    if missing.is_empty() {
        return;
    }
    let mut lines = vec![format!(
        "Nog invullen: {} gegeven(s) ontbreken. Het document toont op die plekken [tekst tussen haken].",
        missing.len()
    )];
    for m in missing {
        lines.push(format!("  - {}: {}", m.veld, m.invulplek));
    }
    let hint = if has_profile {
        "Vul ze aan in coop.yaml, of geef ze mee met een optie."
    } else {
        "Er is geen coop.yaml. Maak er een met: coop init --set naam=\"...\" --set gemeente=\"...\""
    };
    lines.push(hint.to_string());
    output::note(&lines.join("\n"));
}

/// The profile, the municipality and the date: what every document
/// command reads before it composes.
pub struct Prepared<'a> {
    pub kb: &'a Kb,
    pub profile: Option<Profile>,
    pub row: Option<&'a MunicipalityRow>,
    pub date: String,
    /// Where `--log` records the document.
    pub journal: std::path::PathBuf,
}

/// The user's files a command works on: coop.yaml (`--profiel`) and
/// journaal.yaml (`--journaal`, else beside the profile).
pub struct Paths<'p> {
    pub profile: Option<&'p Path>,
    pub journal: std::path::PathBuf,
}

impl<'a> Prepared<'a> {
    pub fn new(kb: &'a Kb, paths: &Paths, args: &DocArgs) -> Result<Prepared<'a>> {
        let profile = load_profile(paths.profile)?;
        let row = municipality(kb, args, profile.as_ref())?;
        Ok(Prepared {
            kb,
            profile,
            row,
            date: date(args),
            journal: paths.journal.clone(),
        })
    }

    pub fn sources(&self) -> Sources<'_> {
        Sources {
            kb: self.kb,
            profile: self.profile.as_ref(),
            municipality: self.row,
            council: self.row.and_then(|r| self.kb.councils.get(&r.code)),
            date: &self.date,
        }
    }
}

/// The municipality's text, from a file or from stdin (`-`), within the
/// limit of `io::input::Kind::Message`.
pub fn read_message(path: &Path) -> Result<String> {
    use crate::io::input::{self, Kind};
    if path.as_os_str() == "-" {
        input::read_stdin_as(Kind::Message)
    } else {
        input::read_text(path, Kind::Message)
    }
}

/// How to name a text's origin in a message.
pub fn text_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "de tekst op stdin".to_string()
    } else {
        path.display().to_string()
    }
}

/// Any document kind of `cli::DocCommand`: compose, render, notes on stderr,
/// write.
pub fn document(kb: &Kb, paths: &Paths, kind: &dyn crate::cli::ToDocument) -> Result<u8> {
    let args = kind.doc_args();
    let prep = Prepared::new(kb, paths, args)?;
    let request = kind.document(kb)?;
    let (produced, notes) = request.produce_any(&crate::render::environment(), &prep.sources())?;
    for n in notes {
        output::note(&n);
    }
    write(&produced, args, &prep)?;
    Ok(0)
}

/// Lists what is missing on stderr and writes the document to --out or
/// stdout in the chosen format.
pub fn write<V: Serialize>(produced: &Produced<V>, args: &DocArgs, prep: &Prepared) -> Result<()> {
    report_missing(&produced.missing, prep.profile.is_some());
    emit(&produced.doc, args, &produced.view, &produced.missing)?;
    if args.log {
        log(prep, produced, args)?;
    }
    Ok(())
}

/// `--log`: the written document as an event in the journal, with the
/// follow-up it promises.
fn log<V>(prep: &Prepared, produced: &Produced<V>, args: &DocArgs) -> Result<()> {
    let Some(note) = &produced.journal else {
        output::note("Dit document zet coop niet in het journaal: het is voor jullie zelf of voor de website.");
        return Ok(());
    };
    let day = args.datum.unwrap_or_else(crate::core::date::today);
    let loaded = open(prep.kb, &prep.journal)?;
    let mut journal = loaded.journal.clone();
    let vervolg = note
        .vervolg
        .iter()
        .map(|(days, what)| {
            let due = day.saturating_add(jiff::Span::new().days(*days));
            (crate::core::date::iso(due), what.clone())
        })
        .collect();
    let out = args.out.as_ref().map(|p| p.display().to_string());
    let added = crate::core::journal::edit::add_event(
        &mut journal,
        crate::core::journal::edit::NewEvent {
            datum: crate::core::date::iso(day),
            soort: note.soort,
            met: note.met.clone(),
            samenvatting: format!(
                "{} verstuurd{}",
                produced.doc.titel,
                out.map(|o| format!(" ({o})")).unwrap_or_default()
            ),
            uitkomst: None,
            afspraken: Vec::new(),
            tegenwerpingen: Vec::new(),
            links: Vec::new(),
            openbaar: false,
            rol: None,
            partij: None,
            organisatie: None,
            vervolg,
        },
    );
    store::save(&loaded, &journal)?;
    let mut msg = format!(
        "In het journaal ({}): {}.",
        prep.journal.display(),
        added.id
    );
    if !added.follow_ups.is_empty() {
        msg.push_str(&format!(
            " Vervolgactie: {}. Zie coop todo.",
            added.follow_ups.join(", ")
        ));
    }
    output::note(&msg);
    Ok(())
}

/// Writes one document to --out or stdout, in the chosen format.
fn emit<C: Serialize>(doc: &Doc, args: &DocArgs, context: &C, missing: &[Missing]) -> Result<()> {
    let bytes = formats::bytes(doc, args.format, context, missing)?;
    match &args.out {
        Some(path) => {
            output::write_file(path, &bytes, args.force)?;
            output::note(&format!("Geschreven: {}", path.display()));
            Ok(())
        }
        None => {
            if args.format == DocFormat::Docx && std::io::stdout().is_terminal() {
                return Err(Error::Usage(
                    "een Word-bestand kan niet op het scherm. Gebruik --out brief.docx.".into(),
                ));
            }
            output::print_bytes(&bytes)
        }
    }
}

/// Reads the journal and prints what looks wrong in it (unknown ids).
pub fn open(kb: &Kb, path: &Path) -> Result<Loaded> {
    let loaded = store::load(path)?;
    for w in crate::core::journal::warnings(&loaded, kb) {
        output::note(&w);
    }
    Ok(loaded)
}

/// "1 actie", "3 acties": a number with the right form of the word.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
