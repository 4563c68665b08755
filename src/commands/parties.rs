//! `coop partijen [NAAM]`: parties, their housing themes, the arguments to
//! lead with and the objections to expect.

use crate::cli::BrowseArgs;
use crate::compose::views::{self, PartyView};
use crate::core::kb::Kb;
use crate::core::resolve;
use crate::error::Result;
use crate::io::output;
use crate::render;
use crate::render::formats::ShowFormat;

pub fn run(kb: &Kb, args: &BrowseArgs) -> Result<u8> {
    let Some(name) = &args.id else {
        return list(kb, args.format);
    };
    let party = resolve::find_party(kb, name, "")?;
    let v = views::party(kb, party);
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
    let all: Vec<PartyView> = kb.parties.iter().map(|p| views::party(kb, p)).collect();
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
