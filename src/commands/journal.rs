//! `coop log` (`journaal`): list, show, add, edit and remove events.

use std::path::Path;

use serde::Serialize;

use crate::ask::dialoguer_prompter::DialoguerPrompter;
use crate::ask::Prompter;
use crate::cli::{LogAddArgs, LogArgs, LogCommand, LogEditArgs, LogFilter};
use crate::core::choice::Choice;
use crate::core::date;
use crate::core::journal::edit::{self, EventChanges, NewEvent};
use crate::core::journal::query::{self, Filter};
use crate::core::journal::{store, Event, EventKind, Journal};
use crate::core::kb::Kb;
use crate::core::resolve;
use crate::error::{Error, Result};
use crate::io::output;
use crate::render;
use crate::render::formats::ShowFormat;

use super::shared::{count, open};

pub fn run(kb: &Kb, path: &Path, args: &LogArgs) -> Result<u8> {
    match &args.command {
        None => list(kb, path, &args.filter),
        Some(LogCommand::Add(a)) => add(
            kb,
            path,
            a,
            terminal().as_mut().map(|p| p as &mut dyn Prompter),
        ),
        Some(LogCommand::Show { id, format }) => show(kb, path, id, *format),
        Some(LogCommand::Edit(a)) => edit(kb, path, a),
        Some(LogCommand::Remove { id, ja }) => remove(kb, path, id, *ja),
    }
}

fn list(kb: &Kb, path: &Path, f: &LogFilter) -> Result<u8> {
    let loaded = open(kb, path)?;
    let filter = Filter {
        soort: f.soort,
        met: f.met.clone(),
        van: f.van.map(date::iso),
        tot: f.tot.map(date::iso),
        openbaar: f.openbaar,
    };
    let mut events = query::events(&loaded.journal, &filter);
    if let Some(n) = f.laatste {
        let skip = events.len().saturating_sub(n);
        events.drain(..skip);
    }
    if events.is_empty() {
        let message = if loaded.journal.gebeurtenissen.is_empty() {
            format!(
                "het journaal ({}) is nog leeg. Zet er iets in met: coop journaal nieuw --soort gesprek --datum {} --met \"...\" --samenvatting \"...\"",
                path.display(),
                date::today_iso()
            )
        } else {
            "geen gebeurtenissen die passen bij deze filters. Probeer het met minder filters."
                .into()
        };
        return Err(Error::not_found(message));
    }
    match f.format {
        ShowFormat::Json => super::print_json(&events)?,
        ShowFormat::Md => {
            let mut md = String::new();
            for e in &events {
                md.push_str(&format!(
                    "- **{}** {}{}: {} (`{}`)\n",
                    date::dutch_text(&e.datum),
                    e.soort,
                    if e.met.is_empty() {
                        String::new()
                    } else {
                        format!(" met {}", render::escape_markdown(&e.met.join(", ")))
                    },
                    render::escape_markdown(&e.samenvatting),
                    e.id
                ));
            }
            output::print(&md)?;
        }
        ShowFormat::Text => {
            let rows = events
                .iter()
                .map(|e| {
                    vec![
                        e.id.clone(),
                        e.soort.id().to_string(),
                        e.met.join(", "),
                        e.samenvatting.clone(),
                    ]
                })
                .collect();
            output::print(&output::table(
                &["id", "soort", "met", "samenvatting"],
                rows,
            ))?;
        }
    }
    Ok(0)
}

/// One event with references resolved, for `coop log show`.
#[derive(Serialize)]
struct EventView<'e> {
    #[serde(flatten)]
    event: &'e Event,
    soort_naam: String,
    tegenwerpingen: Vec<ObjectionRef>,
    vervolg: Vec<query::Todo>,
}

#[derive(Serialize)]
struct ObjectionRef {
    id: String,
    tekst: String,
}

fn show(kb: &Kb, path: &Path, id: &str, format: ShowFormat) -> Result<u8> {
    let loaded = open(kb, path)?;
    let j = &loaded.journal;
    let e = &j.gebeurtenissen[edit::find_event(j, id)?];
    let view = EventView {
        event: e,
        soort_naam: crate::compose::dossier::upper_first(e.soort.id()),
        tegenwerpingen: e
            .tegenwerpingen
            .iter()
            .map(|t| ObjectionRef {
                id: t.clone(),
                tekst: kb
                    .objections
                    .get(t)
                    .map_or_else(|| format!("onbekende id {t}"), |o| o.objection.clone()),
            })
            .collect(),
        vervolg: query::todos(j, &date::today_iso(), true)
            .into_iter()
            .filter(|t| t.bij.as_deref() == Some(e.id.as_str()))
            .collect(),
    };
    if format == ShowFormat::Json {
        super::print_json(&view)?;
        return Ok(0);
    }
    // The template wants the names as one line and the follow-up status in words.
    let mut value = serde_json::to_value(&view).unwrap_or_default();
    value["met"] = e.met.join(", ").into();
    value["uitkomst"] = e.uitkomst.clone().into();
    value["afspraken"] = e.afspraken.clone().into();
    value["links"] = e.links.clone().into();
    value["openbaar"] = e.openbaar.into();
    if let Some(list) = value["vervolg"].as_array_mut() {
        for (v, t) in list.iter_mut().zip(&view.vervolg) {
            v["wanneer"] = t.when().into();
        }
    }
    let md = render::markdown(
        &render::environment(),
        "show/gebeurtenis.md.j2",
        &serde_json::json!({ "e": value }),
    )?;
    super::print_markdown(&md, format)?;
    Ok(0)
}

/// What `log add` still needs, before asking.
#[derive(Debug, Default, Clone)]
pub struct Draft {
    pub soort: Option<EventKind>,
    pub datum: Option<String>,
    pub met: Vec<String>,
    pub samenvatting: Option<String>,
    pub rol: Option<String>,
    pub uitkomst: Option<String>,
    /// (due date, what) pairs.
    pub vervolg: Vec<(String, String)>,
}

/// Fills in what is missing by asking, or says which flags to give.
pub fn complete(draft: &mut Draft, kb: &Kb, prompter: Option<&mut dyn Prompter>) -> Result<()> {
    let Some(p) = prompter else {
        let mut missing = Vec::new();
        if draft.soort.is_none() {
            missing.push("--soort");
        }
        if draft.datum.is_none() {
            missing.push("--datum");
        }
        let wisseling = draft.soort == Some(EventKind::Wisseling);
        if draft.met.is_empty() && draft.soort.is_some_and(EventKind::needs_person) {
            missing.push("--met");
        }
        if draft.samenvatting.is_none() {
            missing.push("--samenvatting");
        }
        if wisseling && draft.rol.is_none() {
            missing.push("--rol");
        }
        if missing.is_empty() {
            return Ok(());
        }
        let example = if wisseling {
            "--soort wisseling --met \"Piet Jansen\" --rol projectleider --samenvatting \"Piet Jansen is de nieuwe projectleider\""
        } else {
            "--soort gesprek --met \"Jan de Vries\" --samenvatting \"Kennismaking met de wethouder\""
        };
        return Err(Error::Usage(format!(
            "er ontbreekt iets: {}. Geef het mee, bijvoorbeeld: coop journaal nieuw --datum {} {example}",
            missing.join(", "),
            date::today_iso()
        )));
    };
    if draft.soort.is_none() {
        let kinds: Vec<String> = EventKind::ALL
            .iter()
            .map(|k| format!("{}: {}", k.id(), Choice::help(*k)))
            .collect();
        let i = p.select("Wat voor gebeurtenis?", &kinds, 0)?;
        draft.soort = EventKind::ALL.get(i).copied();
    }
    let soort = draft.soort.unwrap_or_default();
    while draft.datum.is_none() {
        let d = p.input("Datum", Some(&date::today_iso()), true)?;
        match date::parse(&d) {
            Some(d) => draft.datum = Some(date::iso(d)),
            None => output::note(&format!(
                "Dat is geen bestaande datum. Schrijf {}.",
                date::FORMATS
            )),
        }
    }
    if draft.met.is_empty() {
        let needed = soort.needs_person();
        let question = if needed {
            "Met wie? (meer namen scheid je met een komma)"
        } else {
            "Met wie? (meer namen met een komma; leeg laten mag)"
        };
        loop {
            draft.met = split_names(&p.input(question, None, true)?);
            if !draft.met.is_empty() || !needed {
                break;
            }
            output::note("Vul minstens één naam in.");
        }
    }
    while draft.samenvatting.is_none() {
        let s = p.input("Wat gebeurde er? (één of twee zinnen)", None, true)?;
        if !s.trim().is_empty() {
            draft.samenvatting = Some(s.trim().to_string());
        }
    }
    let roles: Vec<String> = kb
        .roles
        .iter()
        .map(|r| format!("{} ({})", r.name, r.id))
        .collect();
    if soort == EventKind::Wisseling && draft.rol.is_none() {
        let i = p.select("Welke rol krijgt deze persoon?", &roles, 0)?;
        draft.rol = kb.roles.iter().nth(i).map(|r| r.id.clone());
    } else if draft.rol.is_none() && !draft.met.is_empty() {
        // Skippable: the role makes the contact list and the dossier useful.
        let mut choices = vec!["Weet ik niet, of geen van deze".to_string()];
        choices.extend(roles);
        let i = p.select(
            &format!("Welke rol heeft {} bij de gemeente?", draft.met.join(", ")),
            &choices,
            0,
        )?;
        draft.rol = i
            .checked_sub(1)
            .and_then(|i| kb.roles.iter().nth(i))
            .map(|r| r.id.clone());
    }
    if draft.uitkomst.is_none() {
        let u = p.input("Wat kwam eruit? (leeg laten mag)", None, true)?;
        draft.uitkomst = Some(u.trim().to_string()).filter(|u| !u.is_empty());
    }
    if draft.vervolg.is_empty() {
        let wat = p.input(
            "Is er een vervolgactie? Wat moet er gebeuren? (leeg laten mag)",
            None,
            true,
        )?;
        if !wat.trim().is_empty() {
            let suggested = date::iso(date::today().saturating_add(jiff::Span::new().days(14)));
            loop {
                let d = p.input("Wanneer moet het klaar zijn?", Some(&suggested), true)?;
                if let Some(d) = date::parse(&d) {
                    draft.vervolg.push((date::iso(d), wat.trim().to_string()));
                    break;
                }
                output::note(&format!(
                    "Dat is geen bestaande datum. Schrijf {}.",
                    date::FORMATS
                ));
            }
        }
    }
    Ok(())
}

/// Names from a repeated flag: one name per flag, so "Jansen, P." stays one name.
fn names(values: &[String]) -> Vec<String> {
    values
        .iter()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

/// Names typed at a prompt, separated by commas.
fn split_names(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

fn check_role(kb: &Kb, rol: &str) -> Result<String> {
    resolve::entry(&kb.roles, rol, "rol", "coop rollen")
        .map(|r| r.id.clone())
        .map_err(|e| Error::not_found(format!("--rol: {e}")))
}

fn check_objections(kb: &Kb, ids: &[String]) -> Result<Vec<String>> {
    ids.iter()
        .map(|id| {
            resolve::entry(&kb.objections, id, "tegenwerping", "coop tegenwerpingen")
                .map(|o| o.id.clone())
                .map_err(|e| Error::not_found(format!("--tegenwerping: {e}")))
        })
        .collect()
}

/// `2026-03-28:Plan sturen` → (date, text).
fn follow_ups(values: &[String]) -> Result<Vec<(String, String)>> {
    values
        .iter()
        .map(|v| {
            let parsed = v
                .split_once(':')
                .map(|(d, t)| (d.trim(), t.trim()))
                .and_then(|(d, t)| Some((date::parse(d)?, t)))
                .filter(|(_, t)| !t.is_empty());
            match parsed {
                Some((d, t)) => Ok((date::iso(d), t.to_string())),
                None => Err(Error::Usage(format!(
                    "--vervolg '{v}': schrijf datum:wat, bijvoorbeeld --vervolg \"2026-03-28:Plan op één A4 sturen\"."
                ))),
            }
        })
        .collect()
}

/// The values of a repeatable flag, trimmed, without empty ones.
fn trimmed(values: &[String]) -> Vec<String> {
    values
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn non_empty(flag: &str, value: &Option<String>) -> Result<Option<String>> {
    match value.as_deref().map(str::trim) {
        Some("") => Err(Error::Usage(format!(
            "{flag} is leeg. Schrijf er iets achter."
        ))),
        other => Ok(other.map(str::to_string)),
    }
}

pub fn add(
    kb: &Kb,
    path: &Path,
    a: &LogAddArgs,
    prompter: Option<&mut dyn Prompter>,
) -> Result<u8> {
    // Read (and check) the journal before asking anything.
    let loaded = open(kb, path)?;
    let mut draft = Draft {
        soort: a.soort,
        datum: a.datum.map(date::iso),
        met: names(&a.met),
        samenvatting: non_empty("--samenvatting", &a.samenvatting)?,
        rol: a.rol.as_deref().map(|r| check_role(kb, r)).transpose()?,
        uitkomst: non_empty("--uitkomst", &a.uitkomst)?,
        vervolg: follow_ups(&a.vervolg)?,
    };
    let tegenwerpingen = check_objections(kb, &a.tegenwerping)?;
    complete(&mut draft, kb, prompter)?;
    let new = NewEvent {
        datum: draft.datum.unwrap_or_default(),
        soort: draft.soort.unwrap_or_default(),
        met: draft.met,
        samenvatting: draft.samenvatting.unwrap_or_default(),
        uitkomst: draft.uitkomst,
        afspraken: trimmed(&a.afspraak),
        tegenwerpingen,
        links: trimmed(&a.link),
        openbaar: a.openbaar,
        rol: draft.rol,
        partij: non_empty("--partij", &a.partij)?,
        organisatie: non_empty("--organisatie", &a.organisatie)?,
        vervolg: draft.vervolg,
    };
    let mut journal = loaded.journal.clone();
    let added = edit::add_event(&mut journal, new.clone());
    store::save(&loaded, &journal)?;
    output::print(&added.id)?;
    confirm_added(kb, path, &new, &added);
    Ok(0)
}

fn confirm_added(kb: &Kb, path: &Path, new: &NewEvent, added: &edit::Added) {
    let mut lines = vec![format!(
        "Opgeslagen in {}: {} op {}.",
        path.display(),
        new.soort,
        date::dutch_text(&new.datum)
    )];
    if !added.new_contacts.is_empty() {
        lines.push(format!(
            "Nieuw in contacten: {}.",
            crate::compose::document::join_and(&added.new_contacts)
        ));
    }
    if !added.follow_ups.is_empty() {
        lines.push(format!(
            "Vervolgacties: {}. Zie `coop todo`.",
            added.follow_ups.join(", ")
        ));
    }
    output::note(&lines.join("\n"));
    if new.soort == EventKind::Wisseling {
        if let Some(rol) = &new.rol {
            propose_checklist(kb, rol, &new.met, &added.ended, &new.datum);
        }
    }
}

/// After a change of people: who left, the checklist for the new person,
/// and the command for their dossier.
fn propose_checklist(kb: &Kb, rol: &str, new_people: &[String], ended: &[String], datum: &str) {
    use crate::compose::dossier::{lower_first, Reader};
    let Some(role) = kb.roles.get(rol) else {
        return;
    };
    let mut lines = Vec::new();
    if !ended.is_empty() {
        lines.push(format!(
            "{} is sinds {} niet meer {}. Dat staat nu ook bij contacten.",
            crate::compose::document::join_and(ended),
            date::dutch_text(datum),
            lower_first(&role.name)
        ));
    }
    // The role's own list for a change of people, else the one for its
    // group (checklists.yaml: on_change_of), else the role's first list.
    let for_change = |c: &&crate::core::kb::Checklist| !c.on_change_of.is_empty();
    let checklist = role
        .checklists
        .iter()
        .filter_map(|id| kb.checklists.get(id))
        .find(for_change)
        .or_else(|| {
            kb.checklists
                .iter()
                .find(|c| c.on_change_of.contains(&role.group))
        })
        .or_else(|| role.checklists.first().and_then(|id| kb.checklists.get(id)));
    if let Some(c) = checklist {
        lines.push(format!("\nVoorstel: de checklist \"{}\".\n", c.title));
        for (n, s) in c.steps.iter().enumerate() {
            lines.push(format!("  {}. {}", n + 1, s.text));
        }
        lines.push(format!("\nMeer uitleg: coop checklist {}", c.id));
    }
    if let Some(reader) = Reader::for_role(kb, rol) {
        let name = new_people.first().map(String::as_str).unwrap_or("");
        let extra = if reader == Reader::Specialist {
            format!(" --rol {rol}")
        } else {
            String::new()
        };
        lines.push(format!(
            "Maak een dossier voor {}: coop dossier --voor {}{extra} --format docx --out dossier.docx",
            if name.is_empty() { "de nieuwe persoon" } else { name },
            reader.id()
        ));
    }
    output::note(&lines.join("\n"));
}

fn edit(kb: &Kb, path: &Path, a: &LogEditArgs) -> Result<u8> {
    let loaded = open(kb, path)?;
    let i = edit::find_event(&loaded.journal, &a.id)?;
    let mut changes = EventChanges {
        datum: a.datum.map(date::iso),
        soort: a.soort,
        met: (!a.met.is_empty()).then(|| names(&a.met)),
        samenvatting: non_empty("--samenvatting", &a.samenvatting)?,
        uitkomst: a.uitkomst.clone(),
        openbaar: if a.openbaar {
            Some(true)
        } else if a.niet_openbaar {
            Some(false)
        } else {
            None
        },
        afspraken: trimmed(&a.afspraak),
        tegenwerpingen: check_objections(kb, &a.tegenwerping)?,
        links: trimmed(&a.link),
        vervolg: follow_ups(&a.vervolg)?,
    };
    if changes.is_empty() {
        match terminal() {
            Some(mut p) => ask_changes(&mut p, &loaded.journal.gebeurtenissen[i], &mut changes)?,
            None => {
                return Err(Error::Usage(format!(
                    "zeg wat er verandert, bijvoorbeeld: coop journaal wijzig {} --uitkomst \"...\". Alle opties: coop journaal wijzig --help",
                    a.id
                )))
            }
        }
    }
    let mut journal = loaded.journal.clone();
    let new_follow_ups = edit::edit_event(&mut journal, &a.id, changes)?;
    if journal == loaded.journal {
        output::note("Er veranderde niets.");
        return Ok(0);
    }
    store::save(&loaded, &journal)?;
    let mut msg = format!("Gewijzigd: {}.", a.id.trim());
    if !new_follow_ups.is_empty() {
        msg.push_str(&format!(" Vervolgacties: {}.", new_follow_ups.join(", ")));
    }
    output::note(&msg);
    Ok(0)
}

/// In a terminal without flags: ask for each field, with the current value.
fn ask_changes(p: &mut dyn Prompter, e: &Event, c: &mut EventChanges) -> Result<()> {
    let changed = |new: String, old: &str| (new.trim() != old).then(|| new.trim().to_string());
    loop {
        let d = p.input("Datum", Some(&e.datum), true)?;
        if let Some(d) = date::parse(&d) {
            c.datum = changed(date::iso(d), &e.datum);
            break;
        }
        output::note(&format!(
            "Dat is geen bestaande datum. Schrijf {}.",
            date::FORMATS
        ));
    }
    let met = p.input(
        "Met wie? (namen met een komma)",
        Some(&e.met.join(", ")),
        true,
    )?;
    let met = split_names(&met);
    c.met = (met != e.met).then_some(met);
    c.samenvatting = changed(
        p.input("Wat gebeurde er?", Some(&e.samenvatting), true)?,
        &e.samenvatting,
    )
    .filter(|s| !s.is_empty());
    let old = e.uitkomst.clone().unwrap_or_default();
    c.uitkomst = changed(
        p.input("Uitkomst (leeg laten mag)", Some(&old), true)?,
        &old,
    );
    let public = p.confirm("Op de openbare tijdlijn?", e.openbaar)?;
    c.openbaar = (public != e.openbaar).then_some(public);
    Ok(())
}

fn remove(kb: &Kb, path: &Path, id: &str, yes: bool) -> Result<u8> {
    let loaded = open(kb, path)?;
    let mut journal: Journal = loaded.journal.clone();
    let i = edit::find_event(&journal, id)?;
    let e = &journal.gebeurtenissen[i];
    let description = format!(
        "{} op {}: {}",
        e.soort,
        date::dutch_text(&e.datum),
        e.samenvatting
    );
    if !yes {
        if let Some(mut p) = terminal() {
            if !p.confirm(&format!("Verwijderen: {description}?"), false)? {
                output::note("Niets verwijderd.");
                return Ok(0);
            }
        }
    }
    let (event, follow) = edit::remove_event(&mut journal, id)?;
    store::save(&loaded, &journal)?;
    let mut msg = format!("Verwijderd: {} ({description}).", event.id);
    if !follow.is_empty() {
        msg.push_str(&format!(
            " Ook weg: {} die erbij {} ({}).",
            count(follow.len(), "vervolgactie", "vervolgacties"),
            if follow.len() == 1 {
                "hoorde"
            } else {
                "hoorden"
            },
            follow
                .iter()
                .map(|v| v.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    output::note(&msg);
    Ok(0)
}

/// A prompter when stdin and stderr are a terminal (dialoguer needs one).
fn terminal() -> Option<DialoguerPrompter> {
    crate::ask::has_terminal().then(DialoguerPrompter::new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ask::scripted::{pick, text, Reply, Scripted};

    #[test]
    fn without_a_terminal_missing_flags_are_listed() {
        let kb = Kb::load(None).unwrap();
        let mut d = Draft {
            soort: Some(EventKind::Wisseling),
            ..Draft::default()
        };
        let err = complete(&mut d, &kb, None).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let msg = err.to_string();
        let msg = msg.split(". ").next().unwrap();
        for flag in ["--datum", "--met", "--samenvatting", "--rol"] {
            assert!(msg.contains(flag), "{msg}");
        }
        assert!(!msg.contains("--soort"), "{msg}");
    }

    #[test]
    fn a_letter_needs_no_person() {
        let kb = Kb::load(None).unwrap();
        let mut d = Draft {
            soort: Some(EventKind::Brief),
            datum: Some("2026-03-14".into()),
            samenvatting: Some("Brief aan de raad".into()),
            ..Draft::default()
        };
        complete(&mut d, &kb, None).unwrap();
    }

    #[test]
    fn prompts_ask_only_what_is_missing_and_retry_bad_dates() {
        let kb = Kb::load(None).unwrap();
        let mut d = Draft {
            samenvatting: Some("Nieuwe projectleider".into()),
            ..Draft::default()
        };
        let mut p = Scripted::new([
            pick("wisseling"),
            text("14 maart"),
            text("2026-03-14"),
            Reply::Enter,
            text("Piet Jansen, Anna Bos"),
            pick("(projectleider)"),
            Reply::Enter,
            text("Dossier sturen"),
            text("2026-03-28"),
        ]);
        complete(&mut d, &kb, Some(&mut p)).unwrap();
        assert_eq!(d.soort, Some(EventKind::Wisseling));
        assert_eq!(d.datum.as_deref(), Some("2026-03-14"));
        assert_eq!(d.met, ["Piet Jansen", "Anna Bos"]);
        assert_eq!(d.rol.as_deref(), Some("projectleider"));
        assert_eq!(d.uitkomst, None);
        assert_eq!(
            d.vervolg,
            [("2026-03-28".to_string(), "Dossier sturen".to_string())]
        );
        assert_eq!(p.prompts.len(), 9);
        assert!(!p.prompts.iter().any(|q| q.starts_with("Wat gebeurde")));
    }

    #[test]
    fn a_conversation_asks_role_outcome_and_follow_up_which_may_be_skipped() {
        let kb = Kb::load(None).unwrap();
        let mut d = Draft {
            soort: Some(EventKind::Gesprek),
            datum: Some("2026-03-14".into()),
            met: vec!["Jan de Vries".into()],
            samenvatting: Some("Kennismaking".into()),
            ..Draft::default()
        };
        let mut p = Scripted::new([
            pick("(wethouder-wonen)"),
            text("Hij komt kijken op de bouwplek."),
            Reply::Enter,
        ]);
        complete(&mut d, &kb, Some(&mut p)).unwrap();
        assert_eq!(d.rol.as_deref(), Some("wethouder-wonen"));
        assert_eq!(
            d.uitkomst.as_deref(),
            Some("Hij komt kijken op de bouwplek.")
        );
        assert!(d.vervolg.is_empty());
        assert!(p.prompts[0].contains("Welke rol heeft Jan de Vries"));
        let mut d = Draft {
            soort: Some(EventKind::Gesprek),
            datum: Some("2026-03-14".into()),
            met: vec!["Jan de Vries".into()],
            samenvatting: Some("Kennismaking".into()),
            ..Draft::default()
        };
        let mut p = Scripted::new([pick("Weet ik niet"), Reply::Enter, Reply::Enter]);
        complete(&mut d, &kb, Some(&mut p)).unwrap();
        assert_eq!((d.rol, d.uitkomst), (None, None));
    }

    #[test]
    fn follow_up_flags() {
        assert_eq!(
            follow_ups(&["2026-03-28: Plan sturen".into()]).unwrap(),
            [("2026-03-28".to_string(), "Plan sturen".to_string())]
        );
        assert!(follow_ups(&["28 maart: x".into()]).is_err());
        assert!(follow_ups(&["2026-03-28:".into()]).is_err());
    }
}
