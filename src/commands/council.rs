//! `coop raad` (what is known about the council), `coop raad zet` (the
//! user records a fact with its source) and `coop data importeer` (open
//! data → the council overlay in the data directory).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::cli::{CouncilArgs, CouncilCommand, CouncilSetArgs, ImportArgs, ImportKind};
use crate::compose::council;
use crate::core::council::{
    archive, kiesraad, organisations, store, ElectionResult, FactKind, Organisation, Provenance,
    UserFact,
};
use crate::core::kb::{Kb, MunicipalityRow};
use crate::core::resolve;
use crate::error::{Error, Result};
use crate::io::output;
use crate::render;
use crate::render::formats::ShowFormat;

use super::shared;

pub fn run(kb: &Kb, data: &Path, profile_path: Option<&Path>, args: &CouncilArgs) -> Result<u8> {
    if let Some(CouncilCommand::Set(set_args)) = &args.command {
        return set(kb, data, profile_path, set_args);
    }
    let row = municipality(kb, args.gemeente.as_deref(), profile_path)?;
    let view = council::view(kb, row);
    match args.format {
        ShowFormat::Json => super::print_json(&view)?,
        format => {
            let env = render::environment();
            let md = render::markdown(&env, "show/raad.md.j2", &serde_json::json!({ "r": view }))?;
            super::print_markdown(&md, format)?;
        }
    }
    Ok(0)
}

/// --gemeente, else the profile's municipality; a usage error without either.
fn municipality<'a>(
    kb: &'a Kb,
    flag: Option<&str>,
    profile_path: Option<&Path>,
) -> Result<&'a MunicipalityRow> {
    let profile = shared::load_profile(profile_path)?;
    let name = match (flag, profile.as_ref().and_then(|p| p.gemeente.clone())) {
        (Some(n), _) => n.to_string(),
        (None, Some(n)) => n,
        (None, None) => {
            return Err(Error::Usage(
                "welke gemeente? Geef --gemeente NAAM, of zet de gemeente in coop.yaml.".into(),
            ))
        }
    };
    let (row, merged) = resolve::find_municipality(kb, &name)?;
    if let Some(m) = merged {
        output::note(&format!(
            "let op: {} is opgegaan in {}. Je ziet nu de raad van {}.",
            m.former_name, row.name, row.name
        ));
    }
    Ok(row)
}

fn set(kb: &Kb, dir: &Path, profile_path: Option<&Path>, args: &CouncilSetArgs) -> Result<u8> {
    let row = municipality(kb, args.gemeente.as_deref(), profile_path)?;
    let value = args.waarde.join(" ").trim().to_string();
    let bron = args.bron.trim();
    if bron.is_empty() {
        return Err(Error::Usage(
            "--bron is leeg. Schrijf waar je het vond: een URL, of \"eigen waarneming, DATUM\"."
                .into(),
        ));
    }
    if value.is_empty() {
        return Err(Error::Usage("de waarde is leeg.".into()));
    }
    if matches!(args.feit, FactKind::GriffieEmail | FactKind::RaadEmail) && !value.contains('@') {
        return Err(Error::Usage(format!("'{value}' is geen mailadres.")));
    }
    let fact = UserFact {
        code: row.code.clone(),
        fact: args.feit,
        value: value.clone(),
        origin: Provenance {
            source: bron.to_string(),
            file: None,
            data_date: None,
            imported: crate::core::date::today_iso(),
        },
    };
    store::record_facts(dir, vec![fact])?;
    output::print(&format!(
        "Vastgelegd voor {}: {} = {} (bron: {bron}). Bekijk alles met: coop raad --gemeente \"{}\"",
        row.name,
        args.feit.id(),
        value,
        row.name
    ))?;
    Ok(0)
}

/// Reads every file (each within the size limits) and hands each data
/// file in it to `read`.
fn read_all(
    files: &[PathBuf],
    mut read: impl FnMut(&str, &[u8], bool) -> Result<()>,
) -> Result<()> {
    for path in files {
        let label = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
        if meta.len() > archive::MAX_FILE {
            return Err(Error::data(
                crate::error::Location {
                    file: label,
                    line: 0,
                    column: 0,
                },
                format!(
                    "dit bestand is {} MB; coop leest hoogstens {} MB. Kies het bestand van de Kiesraad of het register zelf.",
                    meta.len() / (1024 * 1024),
                    archive::MAX_FILE / (1024 * 1024)
                ),
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
        archive::each_file(&label, &bytes, &mut read)?;
    }
    Ok(())
}

pub fn import(kb: &Kb, data: &Path, args: &ImportArgs) -> Result<u8> {
    let dir = args.out.as_deref().unwrap_or(data).to_path_buf();
    let today = crate::core::date::today_iso();
    match args.kind {
        ImportKind::Kiesraad => {
            let mut results: Vec<ElectionResult> = Vec::new();
            let mut votes = Vec::new();
            let mut skipped = 0usize;
            read_all(&args.files, |label, bytes, in_zip| {
                if in_zip && kiesraad::is_xml(bytes) && !kiesraad::is_eml_result(bytes) {
                    skipped += 1;
                    return Ok(());
                }
                let read = kiesraad::read(label, bytes, &today)?;
                results.extend(read.results);
                votes.extend(read.votes);
                Ok(())
            })?;
            if skipped > 0 {
                output::note(&format!(
                    "{} in de zip {} geen telling of uitslag (zoals de kandidatenlijsten) en {} overgeslagen.",
                    shared::count(skipped, "bestand", "bestanden"),
                    if skipped == 1 { "is" } else { "zijn" },
                    if skipped == 1 { "is" } else { "zijn" },
                ));
            }
            if results.is_empty() && votes.is_empty() {
                return Err(Error::data(
                    crate::error::Location {
                        file: args.files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", "),
                        line: 0,
                        column: 0,
                    },
                    "hierin staat geen uitslag van een gemeenteraadsverkiezing (EML 520 of 510, of een CSV met de uitslag).",
                ));
            }
            let no_seats = kiesraad::add_votes(&mut results, votes);
            for code in no_seats {
                output::note(&format!(
                    "let op: voor {code} staat alleen een telling (510) in de bestanden, geen uitslag met zetels (520). Die gemeente is niet ingelezen."
                ));
            }
            let results = matched(kb, results, |r| (&r.code, &r.name_in_file));
            let changes = store::update(
                &dir,
                store::RESULTS,
                "Uitslagen van de Kiesraad. Geschreven door coop; `coop data importeer kiesraad` vervangt het.",
                |old: Vec<ElectionResult>| {
                    Ok(store::merge(
                        old,
                        results.clone(),
                        |r| r.code.as_str(),
                        store::result_changes,
                    ))
                },
            )?;
            report(kb, &dir.join(store::RESULTS), results.len(), &changes)?;
        }
        ImportKind::Organisaties => {
            let mut orgs: Vec<Organisation> = Vec::new();
            let mut without = Vec::new();
            read_all(&args.files, |label, bytes, _| {
                let read = organisations::read(label, bytes, &today, None)?;
                orgs.extend(read.organisations);
                without.extend(read.without_code);
                Ok(())
            })?;
            for name in &without {
                output::note(&format!(
                    "niet ingelezen: {name} staat in het bestand zonder CBS-code. coop koppelt alleen op code, niet op naam."
                ));
            }
            let orgs = matched(kb, orgs, |o| (&o.code, &o.name_in_file));
            let changes = store::update(
                &dir,
                store::ORGANISATIONS,
                "Gemeenten en griffies uit het register van overheidsorganisaties. Geschreven door coop; `coop data importeer organisaties` vervangt het.",
                |old: Vec<Organisation>| {
                    Ok(store::merge(
                        old,
                        orgs.clone(),
                        |o| o.code.as_str(),
                        store::organisation_changes,
                    ))
                },
            )?;
            let with_griffie = orgs.iter().filter(|o| o.griffie.is_some()).count();
            report(kb, &dir.join(store::ORGANISATIONS), orgs.len(), &changes)?;
            output::print(&format!("Met gegevens van de griffie: {with_griffie}."))?;
        }
    }
    Ok(0)
}

/// Keeps the records whose CBS code is a current municipality; reports the
/// rest (merged since, or a wrong code) instead of dropping them silently.
fn matched<T>(kb: &Kb, records: Vec<T>, key: impl Fn(&T) -> (&String, &String)) -> Vec<T> {
    let mut seen: BTreeMap<String, ()> = BTreeMap::new();
    let mut out = Vec::new();
    for r in records {
        let (code, name) = key(&r);
        if kb.municipality(code).is_none() {
            let former = kb
                .former
                .iter()
                .find(|f| crate::core::text::name_key(&f.name) == crate::core::text::name_key(name))
                .and_then(|f| kb.municipality(&f.into));
            let hint = match former {
                Some(m) => format!(
                    " Volgens coop is {name} opgegaan in {}: lees de uitslag van {} zelf in.",
                    m.name, m.name
                ),
                None => String::new(),
            };
            output::note(&format!(
                "niet ingelezen: {code} ({name}) staat niet in de lijst van gemeenten van het CBS (1 januari 2026). Samengevoegd sinds de verkiezing?{hint}"
            ));
            continue;
        }
        if seen.insert(code.clone(), ()).is_some() {
            output::note(&format!(
                "let op: {code} staat twee keer in de bestanden; coop neemt de laatste."
            ));
        }
        out.push(r);
    }
    out
}

fn report(kb: &Kb, path: &Path, count: usize, changes: &[store::Change]) -> Result<()> {
    let name = |code: &str| {
        kb.municipality(code)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let new: Vec<String> = changes
        .iter()
        .filter(|c| c.new)
        .map(|c| name(&c.code))
        .collect();
    let changed: Vec<&store::Change> = changes.iter().filter(|c| !c.new).collect();
    let mut lines = vec![format!(
        "Ingelezen: {} in {}.",
        shared::count(count, "gemeente", "gemeenten"),
        path.display()
    )];
    lines.push(format!(
        "Nieuw: {}{}",
        new.len(),
        if new.is_empty() || new.len() > 10 {
            ".".to_string()
        } else {
            format!(" ({}).", new.join(", "))
        }
    ));
    lines.push(format!("Gewijzigd: {}.", changed.len()));
    for c in changed {
        lines.push(format!("  {}: {}", name(&c.code), c.what.join("; ")));
    }
    lines.push(format!(
        "Ongewijzigd: {}.",
        count.saturating_sub(changes.len())
    ));
    output::print(&lines.join("\n"))
}
