//! `coop dossier` and `coop timeline` (`tijdlijn`): documents made from the
//! journal, in every document format.

use std::path::Path;

use crate::cli::{DossierArgs, TimelineArgs};
use crate::compose::{dossier, timeline};
use crate::core::kb::Kb;
use crate::core::resolve;
use crate::error::{Error, Result};
use crate::io::output;
use crate::render::pipeline;

use super::shared;
use super::shared::{count, open};

pub fn dossier(
    kb: &Kb,
    profile_path: Option<&Path>,
    path: &Path,
    args: &DossierArgs,
) -> Result<u8> {
    let paths = shared::Paths {
        profile: profile_path,
        journal: path.to_path_buf(),
    };
    let prep = shared::Prepared::new(kb, &paths, &args.doc)?;
    let today = args
        .doc
        .datum
        .map_or_else(crate::core::date::today_iso, crate::core::date::iso);
    let role = match &args.rol {
        Some(r) => Some(
            resolve::entry(&kb.roles, r, "rol", "coop rollen")?
                .id
                .clone(),
        ),
        None => args.voor.default_role().map(str::to_string),
    };
    let loaded = open(kb, path)?;
    let req = dossier::DossierRequest {
        reader: args.voor,
        role: role.as_deref(),
        name: args.naam.as_deref(),
        today,
        journal: &loaded.journal,
    };
    let dossier = pipeline::produce(&req, &prep.sources())?;
    shared::report_missing(&dossier.missing, prep.profile.is_some());
    if loaded.journal.gebeurtenissen.is_empty() {
        output::note(&format!(
            "Het journaal ({}) is nog leeg. Zet gesprekken, besluiten en afspraken erin met coop journaal nieuw. Dan staan ze in het dossier.",
            path.display()
        ));
    }
    output::note(&match &role {
        Some(r) => format!("Tip: zo benader je deze persoon: coop rollen {r}"),
        None => "Tip: kies met --rol welke specialist het is, bijvoorbeeld --rol specialist-grondzaken. Dan zoekt coop de naam in het journaal. Alle rollen: coop rollen".into(),
    });
    shared::write(&dossier, &args.doc, &prep)?;
    Ok(0)
}

pub fn timeline(
    kb: &Kb,
    profile_path: Option<&Path>,
    path: &Path,
    args: &TimelineArgs,
) -> Result<u8> {
    let paths = shared::Paths {
        profile: profile_path,
        journal: path.to_path_buf(),
    };
    let prep = shared::Prepared::new(kb, &paths, &args.doc)?;
    let loaded = open(kb, path)?;
    let timeline = pipeline::produce(
        &timeline::TimelineRequest {
            journal: &loaded.journal,
        },
        &prep.sources(),
    )?;
    if timeline.view.aantal == 0 {
        return Err(Error::not_found(format!(
            "er staat nog niets openbaar in {}. Zet een gebeurtenis op de tijdlijn met: coop journaal wijzig ID --openbaar (ids zie je met coop journaal).",
            path.display()
        )));
    }
    shared::report_missing(&timeline.missing, prep.profile.is_some());
    output::note(&format!(
        "Op de tijdlijn: {}. Namen van mensen staan er niet in. Zet ze zelf in de samenvatting als dat mag.",
        count(timeline.view.aantal, "openbare gebeurtenis", "openbare gebeurtenissen")
    ));
    shared::write(&timeline, &args.doc, &prep)?;
    Ok(0)
}
