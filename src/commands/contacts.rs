//! `coop contacts` (`contacten`) and `coop todo`.

use std::path::Path;

use crate::cli::{ContactsArgs, TodoArgs, TodoCommand};
use crate::compose::dossier::lower_first;
use crate::core::date;
use crate::core::journal::{edit, query, store};
use crate::core::kb::Kb;
use crate::core::resolve;
use crate::error::{Error, Result};
use crate::io::output;
use crate::render;
use crate::render::formats::ShowFormat;

use super::shared::{count, open};

/// The exit code of `coop todo` when something is due today or late.
pub const DUE: u8 = 4;

fn today(flag: &Option<jiff::civil::Date>) -> Result<String> {
    Ok(flag.map_or_else(date::today_iso, date::iso))
}

pub fn contacts(kb: &Kb, path: &Path, args: &ContactsArgs) -> Result<u8> {
    let loaded = open(kb, path)?;
    let today = today(&args.datum)?;
    let rol = match &args.rol {
        Some(r) => Some(
            resolve::entry(&kb.roles, r, "rol", "coop rollen")?
                .id
                .clone(),
        ),
        None => None,
    };
    let mut people = query::people(&loaded.journal, &today, args.alle);
    if let Some(r) = &rol {
        people.retain(|p| p.rol.as_deref() == Some(r.as_str()));
    }
    // By role group (bestuur, politiek, ambtelijk, buiten), then role, then name.
    let group = |p: &query::Person| {
        let g = p
            .rol
            .as_deref()
            .and_then(|r| kb.roles.get(r))
            .map_or("", |r| r.group.id());
        ["bestuur", "politiek", "ambtelijk", "buiten"]
            .iter()
            .position(|x| *x == g)
            .unwrap_or(4)
    };
    people.sort_by(|a, b| {
        (group(a), &a.rol, !a.huidig, &a.naam).cmp(&(group(b), &b.rol, !b.huidig, &b.naam))
    });
    if people.is_empty() {
        return Err(Error::not_found(
            if loaded.journal.contacten.is_empty() && loaded.journal.gebeurtenissen.is_empty() {
                format!(
                "het journaal ({}) heeft nog geen contacten. Ze komen erin met coop journaal nieuw --met NAAM --rol ROL.",
                path.display()
            )
            } else {
                "geen contacten die hierbij passen. Met --alle zie je ook wie niet meer in die rol zit."
                .to_string()
            },
        ));
    }
    let role_name = |p: &query::Person| {
        p.rol
            .as_deref()
            .map(|r| {
                kb.roles
                    .get(r)
                    .map_or(r.to_string(), |x| lower_first(&x.name))
            })
            .unwrap_or_default()
    };
    match args.format {
        ShowFormat::Json => super::print_json(&people)?,
        ShowFormat::Md => {
            let mut md = String::new();
            for p in &people {
                let mut parts = vec![format!("**{}**", render::escape_markdown(&p.naam))];
                for part in [Some(role_name(p)), p.partij.clone(), p.organisatie.clone()]
                    .into_iter()
                    .flatten()
                    .filter(|s| !s.is_empty())
                {
                    parts.push(render::escape_markdown(&part));
                }
                md.push_str(&format!("- {}{}\n", parts.join(", "), period(p)));
            }
            output::print(&md)?;
        }
        ShowFormat::Text => {
            let rows = people
                .iter()
                .map(|p| {
                    vec![
                        p.naam.clone(),
                        role_name(p),
                        [p.partij.clone(), p.organisatie.clone()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(", "),
                        period(p).trim().trim_matches(['(', ')']).to_string(),
                        p.laatste_contact
                            .as_deref()
                            .map(crate::core::date::dutch_text)
                            .unwrap_or_default(),
                        p.aantal_gebeurtenissen.to_string(),
                    ]
                })
                .collect();
            output::print(&output::table(
                &[
                    "naam",
                    "rol",
                    "partij of organisatie",
                    "periode",
                    "laatste contact",
                    "keer",
                ],
                rows,
            ))?;
        }
    }
    let unlisted = people.iter().filter(|p| !p.in_contacten).count();
    if unlisted > 0 && args.format != ShowFormat::Json {
        output::note(&format!(
            "{} alleen in gebeurtenissen voor. Zet rol en partij erbij in journaal.yaml onder contacten.",
            count(unlisted, "naam komt", "namen komen")
        ));
    }
    Ok(0)
}

/// " (sinds 1 mei 2024)", " (1 mei 2024 tot 31 maart 2026)" or "".
fn period(p: &query::Person) -> String {
    match (&p.sinds, &p.tot) {
        (Some(s), Some(t)) => format!(
            " ({} tot {})",
            crate::core::date::dutch_text(s),
            crate::core::date::dutch_text(t)
        ),
        (Some(s), None) => format!(" (sinds {})", crate::core::date::dutch_text(s)),
        (None, Some(t)) => format!(" (tot {})", crate::core::date::dutch_text(t)),
        (None, None) => String::new(),
    }
}

pub fn todo(kb: &Kb, path: &Path, args: &TodoArgs) -> Result<u8> {
    match &args.command {
        Some(TodoCommand::Klaar { id, datum }) => done(kb, path, id, datum),
        Some(TodoCommand::Add { datum, wat, bij }) => add(kb, path, datum, wat, bij.as_deref()),
        None => list(kb, path, args),
    }
}

fn list(kb: &Kb, path: &Path, args: &TodoArgs) -> Result<u8> {
    let loaded = open(kb, path)?;
    let today = today(&args.datum)?;
    let todos = query::todos(&loaded.journal, &today, args.alle);
    let due = todos.iter().filter(|t| t.is_due()).count();
    let code = if due > 0 { DUE } else { 0 };
    if args.format == ShowFormat::Json {
        super::print_json(&todos)?;
        return Ok(code);
    }
    if todos.is_empty() {
        output::note("Er staan geen vervolgacties open.");
        return Ok(0);
    }
    match args.format {
        ShowFormat::Md => {
            let mut md = String::new();
            for t in &todos {
                md.push_str(&format!(
                    "- **{}**: {} ({}, `{}`)\n",
                    crate::core::date::dutch_text(&t.datum),
                    render::escape_markdown(&t.wat),
                    t.when(),
                    t.id
                ));
            }
            output::print(&md)?;
        }
        _ => {
            let rows = todos
                .iter()
                .map(|t| {
                    vec![
                        t.id.clone(),
                        crate::core::date::dutch_text(&t.datum),
                        t.when(),
                        t.wat.clone(),
                        t.bij.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            output::print(&output::table(
                &["id", "datum", "wanneer", "wat", "bij"],
                rows,
            ))?;
        }
    }
    if due > 0 {
        output::note(&format!(
            "{} voor vandaag of te laat. Klaar? coop todo klaar ID",
            count(due, "actie is", "acties zijn")
        ));
    }
    Ok(code)
}

fn done(kb: &Kb, path: &Path, id: &str, datum: &Option<jiff::civil::Date>) -> Result<u8> {
    let loaded = open(kb, path)?;
    let day = today(datum)?;
    let mut journal = loaded.journal.clone();
    edit::mark_done(&mut journal, id, &day)?;
    store::save(&loaded, &journal)?;
    if let Some(v) = journal.vervolg.iter().find(|v| v.id == id.trim()) {
        output::note(&format!("Klaar: {} ({}).", v.id, v.wat));
    }
    Ok(0)
}

fn add(
    kb: &Kb,
    path: &Path,
    datum: &jiff::civil::Date,
    wat: &str,
    bij: Option<&str>,
) -> Result<u8> {
    let loaded = open(kb, path)?;
    let datum = date::iso(*datum);
    if wat.trim().is_empty() {
        return Err(Error::Usage(
            "zeg wat er moet gebeuren, bijvoorbeeld: coop todo nieuw 2026-04-01 \"Bel de griffie\""
                .into(),
        ));
    }
    if let Some(b) = bij {
        edit::find_event(&loaded.journal, b)?;
    }
    let mut journal = loaded.journal.clone();
    let id = edit::add_follow_up(&mut journal, &datum, wat.trim(), bij.map(str::trim));
    store::save(&loaded, &journal)?;
    output::print(&id)?;
    output::note(&format!(
        "Opgeslagen in {}: {} op {}.",
        path.display(),
        wat.trim(),
        crate::core::date::dutch_text(&datum)
    ));
    Ok(0)
}
