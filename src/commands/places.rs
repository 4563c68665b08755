//! `coop gemeente NAME` and `coop gemeenten [--provincie P]`.

use serde::Serialize;

use crate::cli::{MunicipalitiesArgs, MunicipalityArgs};
use crate::compose::places;
use crate::core::kb::Kb;
use crate::core::resolve;
use crate::core::suggest;
use crate::error::{Error, Result};
use crate::io::output;
use crate::render;
use crate::render::formats::ShowFormat;

pub fn municipality(kb: &Kb, args: &MunicipalityArgs) -> Result<u8> {
    let name = args.name.join(" ");
    let (row, merged) = resolve::find_municipality(kb, &name)?;
    if let Some(m) = &merged {
        output::note(&format!(
            "let op: {} is op {} opgegaan in {}. Je ziet nu {}.",
            m.former_name,
            crate::core::date::dutch_text(&m.date),
            row.name,
            row.name
        ));
    }
    let view = places::municipality(kb, row, merged);
    match args.format {
        ShowFormat::Json => super::print_json(&view)?,
        format => {
            let env = render::environment();
            let md = render::markdown(
                &env,
                "show/municipality.md.j2",
                &serde_json::json!({ "m": view }),
            )?;
            super::print_markdown(&md, format)?;
        }
    }
    Ok(0)
}

#[derive(Serialize)]
struct ListRow<'a> {
    code: &'a str,
    naam: &'a str,
    cbs_naam: &'a str,
    provincie: &'a str,
    profiel: bool,
}

pub fn municipalities(kb: &Kb, args: &MunicipalitiesArgs) -> Result<u8> {
    let province = match &args.provincie {
        Some(p) => Some(resolve::province(kb, p).map_err(|s| {
            let hint = suggest::did_you_mean(&s);
            Error::not_found(format!("--provincie: geen provincie '{p}'.{hint}"))
        })?),
        None => None,
    };
    let rows: Vec<ListRow> = kb
        .municipalities
        .iter()
        .filter(|m| province.is_none_or(|p| p.name == m.province))
        .map(|m| ListRow {
            code: &m.code,
            naam: &m.name,
            cbs_naam: &m.cbs_name,
            provincie: &m.province,
            profiel: kb.profiles.contains(&m.code),
        })
        .collect();
    match args.format {
        ShowFormat::Json => super::print_json(&rows)?,
        ShowFormat::Md => {
            let mut md =
                String::from("| code | gemeente | provincie | profiel |\n|---|---|---|---|\n");
            for r in &rows {
                md.push_str(&format!(
                    "| {} | {} | {} | {} |\n",
                    r.code,
                    r.cbs_naam,
                    r.provincie,
                    if r.profiel { "ja" } else { "nee" }
                ));
            }
            output::print(&md)?;
        }
        ShowFormat::Text => {
            let table_rows = rows
                .iter()
                .map(|r| {
                    vec![
                        r.code.to_string(),
                        r.cbs_naam.to_string(),
                        r.provincie.to_string(),
                        if r.profiel { "ja" } else { "nee" }.to_string(),
                    ]
                })
                .collect();
            output::print(&output::table(
                &["code", "gemeente", "provincie", "profiel"],
                table_rows,
            ))?;
            output::note(&format!("{} gemeenten.", rows.len()));
        }
    }
    Ok(0)
}
