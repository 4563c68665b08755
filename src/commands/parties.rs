//! `coop partijen [NAAM]`: parties, their housing themes, the arguments to
//! lead with and the objections to expect.

use serde::Serialize;

use crate::cli::BrowseArgs;
use crate::compose::{tailor, views};
use crate::core::kb::{Kb, Party, Source};
use crate::core::resolve;
use crate::error::Result;
use crate::io::output;
use crate::render;
use crate::render::formats::ShowFormat;

#[derive(Serialize)]
struct ThemeView {
    id: String,
    naam: String,
    tekst: String,
    bronnen: Vec<Source>,
}

#[derive(Serialize)]
struct ArgView {
    id: String,
    titel: String,
    samenvatting: String,
    themas: Vec<String>,
}

#[derive(Serialize)]
struct ObjView {
    id: String,
    tegenwerping: String,
    kort: String,
}

#[derive(Serialize)]
struct PartyView {
    id: String,
    naam: String,
    volledige_naam: Option<String>,
    positie: String,
    themas: Vec<ThemeView>,
    argumenten: Vec<ArgView>,
    tegenwerpingen: Vec<ObjView>,
}

fn view(kb: &Kb, p: &Party) -> PartyView {
    let themas = p
        .themes
        .iter()
        .map(|t| ThemeView {
            id: t.theme.clone(),
            naam: kb
                .themes
                .get(&t.theme)
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            tekst: t.text.clone(),
            bronnen: views::sources(kb, &t.sources),
        })
        .collect();
    let argumenten = tailor::arguments_for_party(kb, Some(p))
        .into_iter()
        .take(3)
        .map(|(a, shared)| ArgView {
            id: a.id.clone(),
            titel: a.title.clone(),
            samenvatting: a.summary.clone(),
            themas: shared
                .iter()
                .filter_map(|t| kb.themes.get(t).map(|x| x.name.clone()))
                .collect(),
        })
        .collect();
    let tegenwerpingen = p
        .objections
        .iter()
        .filter_map(|id| kb.objections.get(id))
        .map(|o| ObjView {
            id: o.id.clone(),
            tegenwerping: o.objection.clone(),
            kort: o.short.clone(),
        })
        .collect();
    PartyView {
        id: p.id.clone(),
        naam: p.name.clone(),
        volledige_naam: p.full_name.clone(),
        positie: p.position.clone(),
        themas,
        argumenten,
        tegenwerpingen,
    }
}

pub fn run(kb: &Kb, args: &BrowseArgs) -> Result<u8> {
    let Some(name) = &args.id else {
        return list(kb, args.format);
    };
    let party = resolve::find_party(kb, name, "")?;
    let v = view(kb, party);
    match args.format {
        ShowFormat::Json => super::print_json(&v)?,
        format => {
            let env = render::environment();
            let md = render::markdown(&env, "show/party.md.j2", &serde_json::json!({ "p": v }))?;
            super::print_markdown(&md, format)?;
        }
    }
    Ok(0)
}

fn list(kb: &Kb, format: ShowFormat) -> Result<u8> {
    let all: Vec<PartyView> = kb.parties.iter().map(|p| view(kb, p)).collect();
    match format {
        ShowFormat::Json => super::print_json(&all)?,
        _ => {
            let rows = all
                .iter()
                .map(|p| {
                    let themes = if p.themas.is_empty() {
                        "nog niet bekend".to_string()
                    } else {
                        p.themas
                            .iter()
                            .map(|t| t.naam.to_lowercase())
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    let lead = p
                        .argumenten
                        .first()
                        .map(|a| a.titel.clone())
                        .unwrap_or_default();
                    vec![p.naam.clone(), p.positie.clone(), themes, lead]
                })
                .collect();
            let table = output::table(&["partij", "richting", "woonthema's", "begin met"], rows);
            if format == ShowFormat::Md {
                output::print(&format!("```\n{table}\n```"))?;
            } else {
                output::print(&table)?;
            }
        }
    }
    Ok(0)
}
