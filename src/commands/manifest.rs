//! `coop manifest`: a manifesto draft for a group of cooperatives.

use std::path::Path;

use crate::cli::ManifestArgs;
use crate::compose::document::{word_count, Gaps};
use crate::compose::manifest::{self, Signatory, SignatoryView};
use crate::core::kb::{load::yaml_error, Kb, Party};
use crate::core::resolve;
use crate::error::Result;
use crate::io::output;
use crate::render;
use crate::render::formats::Doc;

use super::documents;

pub fn run(kb: &Kb, profile_path: Option<&Path>, args: &ManifestArgs) -> Result<u8> {
    let profile = documents::load_profile(profile_path)?;
    let row = documents::municipality(kb, &args.doc, profile.as_ref())?;
    let date = documents::date(&args.doc)?;
    let mut gaps = Gaps::default();

    let signatories: Vec<SignatoryView> = match &args.ondertekenaars {
        Some(path) => {
            let text = crate::io::input::read_text(path, crate::io::input::Kind::Signatories)?;
            crate::io::input::check_yaml_depth(&path.display().to_string(), &text)?;
            let list: Vec<Signatory> = serde_yaml::from_str(&text)
                .map_err(|e| yaml_error(&path.display().to_string(), &e))?;
            manifest::signatory_views(&list, &mut gaps)
        }
        None => {
            output::note(
                "Tip: geef met --ondertekenaars een lijst van alle coöperaties die tekenen.",
            );
            let own = profile
                .clone()
                .map(|p| vec![Signatory::Profile(Box::new(p))])
                .unwrap_or_default();
            let views = manifest::signatory_views(&own, &mut gaps);
            if views.is_empty() {
                vec![SignatoryView {
                    naam: gaps.gap("naam", "naam van jullie coöperatie"),
                    leden: None,
                }]
            } else {
                views
            }
        }
    };

    let parties = parties(kb, &args.partijen);
    let unknown_themes: Vec<&str> = parties
        .iter()
        .filter(|(p, _)| p.themes.is_empty())
        .map(|(_, l)| l.as_str())
        .collect();
    let env = render::environment();
    let (doc, ctx) = build(kb, &env, row, signatories, &parties, date, &mut gaps)?;
    documents::report_missing(&gaps.missing, profile.is_some());
    if args.partijen.is_empty() {
        output::note("Het manifest noemt alle partijen die coop kent. Noem met --partijen alleen de partijen in jullie raad.");
    }
    if !unknown_themes.is_empty() {
        output::note(&format!(
            "Van {} kent coop geen woonthema's met een bron. Lees hun lokale programma en pas die regels aan.",
            crate::compose::document::join_and(&unknown_themes.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        ));
    }
    documents::emit(&doc, &args.doc, &ctx, &gaps)?;
    Ok(0)
}

/// Composes and renders the manifesto.
pub fn build(
    kb: &Kb,
    env: &minijinja::Environment,
    row: Option<&crate::core::kb::MunicipalityRow>,
    signatories: Vec<SignatoryView>,
    parties: &[(&Party, String)],
    date: String,
    gaps: &mut Gaps,
) -> Result<(Doc, manifest::ManifestContext)> {
    let ctx = manifest::context(kb, row, signatories, parties, date, gaps);
    let markdown = render::markdown(env, "docs/manifest.md.j2", &ctx)?;
    let doc = Doc {
        soort: "manifest".into(),
        titel: format!(
            "Manifest: ruimte voor wooncoöperaties in {}",
            ctx.gemeente.naam
        ),
        woorden: word_count(&markdown),
        markdown,
        from: None,
        to: Vec::new(),
    };
    Ok((doc, ctx))
}

/// The parties to address: as named (a local party keeps its own name), or
/// every known party except the generic local one and the separate halves of
/// GroenLinks-PvdA.
pub fn parties<'a>(kb: &'a Kb, names: &[String]) -> Vec<(&'a Party, String)> {
    if names.is_empty() {
        return kb
            .parties
            .iter()
            .filter(|p| !["lokaal", "groenlinks", "pvda"].contains(&p.id.as_str()))
            .map(|p| (p, p.name.clone()))
            .collect();
    }
    names
        .iter()
        .filter(|n| !n.trim().is_empty())
        .filter_map(|n| match resolve::party(kb, n) {
            Ok(p) => Some((p, p.name.clone())),
            Err(_) => kb.parties.get("lokaal").map(|p| (p, n.trim().to_string())),
        })
        .collect()
}
