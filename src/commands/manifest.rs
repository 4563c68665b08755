//! `coop manifest`: a manifesto draft for a group of cooperatives.

use std::path::Path;

use crate::cli::ManifestArgs;
use crate::compose::document::join_and;
use crate::compose::manifest::{self, ManifestRequest, Signatory};
use crate::core::kb::{load::yaml_error, Kb};
use crate::error::Result;
use crate::io::output;
use crate::render::pipeline;

use super::shared;

pub fn run(kb: &Kb, profile_path: Option<&Path>, args: &ManifestArgs) -> Result<u8> {
    let prep = shared::Prepared::new(kb, profile_path, &args.doc)?;
    let signatories = match &args.ondertekenaars {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| crate::Error::io(path, &e))?;
            let list: Vec<Signatory> = serde_yaml::from_str(&text)
                .map_err(|e| yaml_error(&path.display().to_string(), &e))?;
            Some(list)
        }
        None => {
            output::note(
                "Tip: geef met --ondertekenaars een lijst van alle coöperaties die tekenen.",
            );
            None
        }
    };
    let req = ManifestRequest {
        signatories,
        parties: manifest::parties(kb, &args.partijen),
    };
    let unknown_themes: Vec<String> = req
        .parties
        .iter()
        .filter(|(p, _)| p.themes.is_empty())
        .map(|(_, l)| l.clone())
        .collect();
    let manifest = pipeline::produce(&req, &prep.sources())?;
    shared::report_missing(&manifest.missing, prep.profile.is_some());
    if args.partijen.is_empty() {
        output::note("Het manifest noemt alle partijen die coop kent. Noem met --partijen alleen de partijen in jullie raad.");
    }
    if !unknown_themes.is_empty() {
        output::note(&format!(
            "Van {} kent coop geen woonthema's met een bron. Lees hun lokale programma en pas die regels aan.",
            join_and(&unknown_themes)
        ));
    }
    shared::write(&manifest, &args.doc, prep.profile.is_some())?;
    Ok(0)
}
