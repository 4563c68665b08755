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
    #[serde(skip_serializing_if = "Option::is_none")]
    zetels: Option<u32>,
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
        .filter_map(|m| {
            let seats = match &args.partij {
                Some(name) => Some(seats_of(kb, &m.code, name)?),
                None => None,
            };
            Some((m, seats))
        })
        .map(|(m, seats)| ListRow {
            code: &m.code,
            naam: &m.name,
            cbs_naam: &m.cbs_name,
            provincie: &m.province,
            profiel: kb.profiles.contains(&m.code),
            zetels: seats,
        })
        .collect();
    if let Some(p) = &args.partij {
        if kb.councils.by_code.values().all(|c| c.result.is_none()) {
            output::note(&format!(
                "Er is nog geen uitslag ingelezen, dus coop weet niet waar {p} zetels heeft. Lees de uitslag in met: coop data importeer kiesraad BESTAND"
            ));
        }
    }
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
                    let mut row = vec![
                        r.code.to_string(),
                        r.cbs_naam.to_string(),
                        r.provincie.to_string(),
                        if r.profiel { "ja" } else { "nee" }.to_string(),
                    ];
                    row.extend(r.zetels.map(|z| z.to_string()));
                    row
                })
                .collect();
            let mut header = vec!["code", "gemeente", "provincie", "profiel"];
            if args.partij.is_some() {
                header.push("zetels");
            }
            output::print(&output::table(&header, table_rows))?;
            output::note(&format!(
                "{}.",
                super::shared::count(rows.len(), "gemeente", "gemeenten")
            ));
            if args.partij.is_some() {
                let seats: u32 = rows.iter().filter_map(|r| r.zetels).sum();
                output::note(&format!(
                    "Samen {}.",
                    super::shared::count(seats as usize, "zetel", "zetels")
                ));
            }
        }
    }
    Ok(0)
}

/// The seats `party` holds in the council of `code`, from the imported
/// result: a party coop knows matches every list that leads to it, a local
/// party matches by its exact name. `None` when it holds none.
fn seats_of(kb: &Kb, code: &str, party: &str) -> Option<u32> {
    let result = kb.councils.get(code)?.result.as_ref()?;
    let wanted = crate::core::council::party_of_list(kb, party);
    let key = crate::core::text::name_key(party);
    let seats: u32 = result
        .seated()
        .iter()
        .filter(|p| match wanted {
            Some(w) => {
                crate::core::council::party_of_list(kb, &p.name).is_some_and(|x| x.id == w.id)
            }
            None => crate::core::text::name_key(&p.name) == key,
        })
        .map(|p| p.seats)
        .sum();
    (seats > 0).then_some(seats)
}
