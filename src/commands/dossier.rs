//! `coop dossier` and `coop timeline` (`tijdlijn`): documents made from the
//! journal, in every document format.

use std::path::Path;

use crate::cli::{DossierArgs, TimelineArgs};
use crate::compose::document::Gaps;
use crate::compose::{dossier, timeline};
use crate::core::kb::Kb;
use crate::error::{Error, Result};
use crate::io::output;
use crate::render;
use crate::render::formats::Doc;

use super::documents;
use super::journal::{count, open};

pub fn dossier(
    kb: &Kb,
    profile_path: Option<&Path>,
    path: &Path,
    args: &DossierArgs,
) -> Result<u8> {
    let profile = documents::load_profile(profile_path)?;
    let row = documents::municipality(kb, &args.doc, profile.as_ref())?;
    let date = documents::date(&args.doc)?;
    let today = args
        .doc
        .datum
        .map_or_else(crate::core::date::today_iso, crate::core::date::iso);
    let role = match &args.rol {
        Some(r) => Some(
            super::browse::find(&kb.roles, r, "rol", "coop rollen")?
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
        date,
        today,
    };
    let mut gaps = Gaps::default();
    let ctx = dossier::context(kb, profile.as_ref(), row, &loaded.journal, &req, &mut gaps);
    if loaded.journal.gebeurtenissen.is_empty() {
        gaps.gap(
            "journaal",
            "wat er tot nu toe gebeurde: zet het in het journaal met coop journaal nieuw",
        );
    }
    let env = render::environment();
    let markdown = render::markdown(&env, "docs/dossier.md.j2", &ctx)?;
    let email = profile.as_ref().and_then(|p| p.email.clone());
    let to = loaded
        .journal
        .contacten
        .iter()
        .find(|c| crate::core::journal::edit::same_name(&c.naam, &ctx.lezer))
        .and_then(|c| c.email.clone())
        .map(|e| vec![(ctx.lezer.clone(), e)])
        .unwrap_or_default();
    let doc = Doc {
        soort: "dossier".into(),
        titel: ctx.titel.clone(),
        woorden: crate::compose::document::word_count(&markdown),
        markdown,
        from: email.map(|e| (ctx.coop.naam.clone(), e)),
        to,
    };
    documents::report_missing(&gaps.missing, profile.is_some());
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
    documents::emit(&doc, &args.doc, &ctx, &gaps)?;
    Ok(0)
}

pub fn timeline(
    kb: &Kb,
    profile_path: Option<&Path>,
    path: &Path,
    args: &TimelineArgs,
) -> Result<u8> {
    let profile = documents::load_profile(profile_path)?;
    let row = documents::municipality(kb, &args.doc, profile.as_ref())?;
    let date = documents::date(&args.doc)?;
    let loaded = open(kb, path)?;
    let mut gaps = Gaps::default();
    let ctx = timeline::context(
        profile.as_ref(),
        row.map(|r| r.name.as_str()),
        &loaded.journal,
        date,
        &mut gaps,
    );
    if ctx.aantal == 0 {
        return Err(Error::not_found(format!(
            "er staat nog niets openbaar in {}. Zet een gebeurtenis op de tijdlijn met: coop journaal wijzig ID --openbaar (ids zie je met coop journaal).",
            path.display()
        )));
    }
    let markdown = render::markdown(&render::environment(), "docs/tijdlijn.md.j2", &ctx)?;
    let doc = Doc {
        soort: "tijdlijn".into(),
        titel: ctx.titel.clone(),
        woorden: crate::compose::document::word_count(&markdown),
        markdown,
        from: None,
        to: Vec::new(),
    };
    documents::report_missing(&gaps.missing, profile.is_some());
    output::note(&format!(
        "Op de tijdlijn: {}. Namen van mensen staan er niet in. Zet ze zelf in de samenvatting als dat mag.",
        count(ctx.aantal, "openbare gebeurtenis", "openbare gebeurtenissen")
    ));
    documents::emit(&doc, &args.doc, &ctx, &gaps)?;
    Ok(0)
}
