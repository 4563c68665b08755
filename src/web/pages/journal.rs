//! Journaal: events, contacts and follow-ups (add, edit, mark done), the
//! dossier and the public timeline, through the same store as `coop journaal`.

use super::*;
use crate::core::journal::EventKind;

pub async fn journal(State(app): AppState, uri: Uri) -> Response {
    with_fields(app, uri, Ok(Bytes::new()), |app, f| {
        let mut messages = Vec::new();
        if let Some(id) = f.text("opgeslagen") {
            messages.push(format!("Vastgelegd in het journaal: {id}."));
        }
        if let Some(id) = f.text("gewijzigd") {
            messages.push(format!("De wijziging is opgeslagen: {id}."));
        }
        if f.text("klaar").is_some() {
            messages.push("De vervolgactie staat op klaar.".into());
        }
        journal_page(app, &Fields::default(), &messages, None, StatusCode::OK)
    })
    .await
}

/// The most events the page lists (the newest).
const MAX_EVENTS: usize = 100;

fn journal_page(
    app: &App,
    w: &Fields,
    messages: &[String],
    error: Option<&str>,
    status: StatusCode,
) -> Result<Answer> {
    let loaded = store::load(&app.journal)?;
    let j = &loaded.journal;
    let today = date::today_iso();
    let todos: Vec<serde_json::Value> = query::todos(j, &today, false)
        .into_iter()
        .map(|t| json!({"id": t.id, "wanneer": format!("{} ({})", date::dutch_text(&t.datum), t.status), "wat": t.wat}))
        .collect();
    let mut events: Vec<&crate::core::journal::Event> = j.gebeurtenissen.iter().collect();
    events.sort_by(|a, b| b.datum.cmp(&a.datum));
    let more = events.len().saturating_sub(MAX_EVENTS);
    let gebeurtenissen: Vec<serde_json::Value> = events
        .into_iter()
        .take(MAX_EVENTS)
        .map(|e| {
            json!({
                "datum": date::dutch_text(&e.datum),
                "soort": e.soort,
                "met": e.met.join(", "),
                "samenvatting": e.samenvatting,
                "uitkomst": e.uitkomst,
                "openbaar": e.openbaar,
                "href": format!("/journaal/wijzig?id={}", percent(&e.id)),
            })
        })
        .collect();
    let contacten: Vec<serde_json::Value> = query::people(j, &today, false)
        .into_iter()
        .map(|p| {
            let rol = p
                .rol
                .as_deref()
                .map(|r| {
                    app.kb
                        .roles
                        .get(r)
                        .map_or(r.to_string(), |role| role.name.clone())
                })
                .unwrap_or_default();
            let bij = [p.partij.clone(), p.organisatie.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            json!({
                "naam": p.naam,
                "rol": rol,
                "bij": bij,
                "laatste": p.laatste_contact.as_deref().map(date::dutch_text).unwrap_or_default(),
            })
        })
        .collect();
    let rollen: Vec<serde_json::Value> = app
        .kb
        .roles
        .iter()
        .map(|r| json!({"id": r.id, "naam": r.name}))
        .collect();
    let html = view::page(
        app,
        "web/journaal.html.j2",
        "journaal",
        "Journaal",
        messages,
        error,
        json!({
            "bestand": app.journal.display().to_string(),
            "soorten": kinds(),
            "rollen": rollen,
            "todos": todos,
            "contacten": contacten,
            "gebeurtenissen": gebeurtenissen,
            "meer": more,
            "w": {
                "soort": w.text("soort").unwrap_or_else(|| "gesprek".into()),
                "datum": w.text("datum").unwrap_or_else(|| today.clone()),
                "met": w.get("met").unwrap_or(""),
                "rol": w.get("rol").unwrap_or(""),
                "samenvatting": w.get("samenvatting").unwrap_or(""),
                "uitkomst": w.get("uitkomst").unwrap_or(""),
                "vervolg": w.get("vervolg").unwrap_or(""),
                "vervolgdatum": w.get("vervolgdatum").unwrap_or(""),
                "openbaar": w.get("openbaar").is_some(),
            },
        }),
    )?;
    Ok(if status == StatusCode::OK {
        Answer::Html(html)
    } else {
        Answer::HtmlStatus(status, html)
    })
}

/// The kinds of events, by id.
/// Every kind with its one-line help, for the select.
fn kinds() -> Vec<serde_json::Value> {
    EventKind::ALL
        .iter()
        .map(|k| serde_json::json!({ "id": k.id(), "label": format!("{}: {}", view::upper_first(k.id()), Choice::help(*k)) }))
        .collect()
}

/// The form → a new event, checked as `coop journaal nieuw` checks its flags.
/// `editing`: an existing event keeps its people's roles, so a change of
/// people (wisseling) needs no role again.
fn new_event(app: &App, f: &Fields, editing: bool) -> Result<edit::NewEvent> {
    let soort = choice(f, "soort", EventKind::Gesprek)?;
    let day = |name: &str, label: &str| -> Result<Option<String>> {
        match f.text(name) {
            None => Ok(None),
            Some(d) => date::parse(&d).map(|d| Some(date::iso(d))).ok_or_else(|| {
                Error::Usage(format!(
                    "{label} '{d}' is geen bestaande datum. Schrijf {}.",
                    date::FORMATS
                ))
            }),
        }
    };
    let datum = day("datum", "datum")?.unwrap_or_else(date::today_iso);
    let met: Vec<String> = f
        .get("met")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    let mut missing = Vec::new();
    if met.is_empty() && soort.needs_person() {
        missing.push("met wie");
    }
    let samenvatting = f.text("samenvatting");
    if samenvatting.is_none() {
        missing.push("wat er gebeurde");
    }
    let rol = match f.text("rol") {
        Some(r) => Some(
            crate::core::resolve::entry(&app.kb.roles, &r, "rol", "coop rollen")?
                .id
                .clone(),
        ),
        None => None,
    };
    if soort == EventKind::Wisseling && rol.is_none() && !editing {
        missing.push("de rol");
    }
    if !missing.is_empty() {
        return Err(Error::Usage(format!(
            "er ontbreekt iets: {}. Vul het in en klik opnieuw op Vastleggen.",
            missing.join(", ")
        )));
    }
    let mut vervolg = Vec::new();
    if let Some(wat) = f.text("vervolg") {
        let due = day("vervolgdatum", "vervolgdatum")?
            .unwrap_or_else(|| date::iso(date::today().saturating_add(jiff::Span::new().days(14))));
        vervolg.push((due, wat));
    }
    Ok(edit::NewEvent {
        datum,
        soort,
        met,
        samenvatting: samenvatting.unwrap_or_default(),
        uitkomst: f.text("uitkomst"),
        afspraken: Vec::new(),
        tegenwerpingen: Vec::new(),
        links: Vec::new(),
        openbaar: f.get("openbaar").is_some(),
        rol,
        partij: None,
        organisatie: None,
        vervolg,
    })
}

pub async fn add_event(State(app): AppState, uri: Uri, body: Body) -> Response {
    with_changing_fields(app, uri, body, move |app, f| {
        let new = match new_event(app, &f, false) {
            Ok(n) => n,
            Err(e) => {
                let msg = format!("Niet vastgelegd. {}", view::upper_first(&e.to_string()));
                return journal_page(app, &f, &[], Some(&msg), view::status(&e));
            }
        };
        let loaded = store::load(&app.journal)?;
        let mut journal = loaded.journal.clone();
        let added = edit::add_event(&mut journal, new);
        store::save(&loaded, &journal)?;
        Ok(Answer::SeeOther(format!(
            "/journaal?opgeslagen={}",
            percent(&added.id)
        )))
    })
    .await
}

pub async fn mark_done(State(app): AppState, uri: Uri, body: Body) -> Response {
    with_changing_fields(app, uri, body, move |app, f| {
        let id = f
            .text("id")
            .ok_or_else(|| Error::Usage("welke vervolgactie? Er is geen id meegestuurd.".into()))?;
        let loaded = store::load(&app.journal)?;
        let mut journal = loaded.journal.clone();
        edit::mark_done(&mut journal, &id, &date::today_iso())?;
        store::save(&loaded, &journal)?;
        Ok(Answer::SeeOther("/journaal?klaar=1".into()))
    })
    .await
}

pub async fn add_follow_up(State(app): AppState, uri: Uri, body: Body) -> Response {
    with_changing_fields(app, uri, body, move |app, f| {
        let checked = (|| {
            let wat = f
                .text("wat")
                .ok_or_else(|| Error::Usage("er ontbreekt iets: wat er moet gebeuren.".into()))?;
            let datum = match f.text("datum") {
                Some(d) => date::parse(&d).map(date::iso).ok_or_else(|| {
                    Error::Usage(format!(
                        "datum '{d}' is geen bestaande datum. Schrijf {}.",
                        date::FORMATS
                    ))
                })?,
                None => date::iso(date::today().saturating_add(jiff::Span::new().days(14))),
            };
            Ok::<_, Error>((wat, datum))
        })();
        let (wat, datum) = match checked {
            Ok(v) => v,
            Err(e) => {
                let msg = format!("Niet vastgelegd. {}", view::upper_first(&e.to_string()));
                return journal_page(app, &Fields::default(), &[], Some(&msg), view::status(&e));
            }
        };
        let loaded = store::load(&app.journal)?;
        let mut journal = loaded.journal.clone();
        let id = edit::add_follow_up(&mut journal, &datum, &wat, None);
        store::save(&loaded, &journal)?;
        Ok(Answer::SeeOther(format!(
            "/journaal?opgeslagen={}",
            percent(&id)
        )))
    })
    .await
}

/// An event's version as the edit form saw it: a hash of all its fields.
fn event_version(e: &crate::core::journal::Event) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(e).unwrap_or_default().hash(&mut h);
    format!("{:016x}", h.finish())
}

fn edit_form(
    app: &App,
    id: &str,
    version: &str,
    w: serde_json::Value,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Answer> {
    let html = view::page(
        app,
        "web/wijzig.html.j2",
        "journaal",
        "Gebeurtenis wijzigen",
        &[],
        error,
        json!({
            "id": id,
            "versie": version,
            "soorten": kinds(),
            "w": w,
        }),
    )?;
    Ok(if status == StatusCode::OK {
        Answer::Html(html)
    } else {
        Answer::HtmlStatus(status, html)
    })
}

pub async fn edit_page(State(app): AppState, uri: Uri) -> Response {
    with_fields(app, uri, Ok(Bytes::new()), |app, f| {
        let id = f.text("id").unwrap_or_default();
        let loaded = store::load(&app.journal)?;
        let i = edit::find_event(&loaded.journal, &id)?;
        let e = &loaded.journal.gebeurtenissen[i];
        let w = json!({
            "soort": e.soort,
            "datum": e.datum,
            "met": e.met.join(", "),
            "samenvatting": e.samenvatting,
            "uitkomst": e.uitkomst.clone().unwrap_or_default(),
            "openbaar": e.openbaar,
        });
        edit_form(app, &e.id, &event_version(e), w, None, StatusCode::OK)
    })
    .await
}

pub async fn save_edit(State(app): AppState, uri: Uri, body: Body) -> Response {
    with_changing_fields(app, uri, body, move |app, f| {
        let id = f.text("id").unwrap_or_default();
        let typed = json!({
            "soort": f.get("soort").unwrap_or(""),
            "datum": f.get("datum").unwrap_or(""),
            "met": f.get("met").unwrap_or(""),
            "samenvatting": f.get("samenvatting").unwrap_or(""),
            "uitkomst": f.get("uitkomst").unwrap_or(""),
            "openbaar": f.get("openbaar").is_some(),
        });
        let seen = f.get("versie").unwrap_or("").to_string();
        let loaded = store::load(&app.journal)?;
        let i = edit::find_event(&loaded.journal, &id)?;
        if event_version(&loaded.journal.gebeurtenissen[i]) != seen {
            let msg = format!(
                "{}: deze gebeurtenis is veranderd sinds je deze pagina opende (in een ander tabblad of met coop in de terminal). coop heeft niets opgeslagen.\nOpen de gebeurtenis opnieuw vanuit het journaal. Wat je hier typte, staat nog in het formulier.",
                app.journal.display()
            );
            return edit_form(app, &id, &seen, typed, Some(&msg), StatusCode::CONFLICT);
        }
        // The same checks as a new event.
        let checked = match new_event(app, &f, true) {
            Ok(n) => n,
            Err(e) => {
                let msg = format!("Niet opgeslagen. {}", view::upper_first(&e.to_string()));
                return edit_form(app, &id, &seen, typed, Some(&msg), view::status(&e));
            }
        };
        let mut journal = loaded.journal.clone();
        edit::edit_event(
            &mut journal,
            &id,
            edit::EventChanges {
                datum: Some(checked.datum),
                soort: Some(checked.soort),
                met: Some(checked.met),
                samenvatting: Some(checked.samenvatting),
                uitkomst: Some(checked.uitkomst.unwrap_or_default()),
                openbaar: Some(checked.openbaar),
                ..Default::default()
            },
        )?;
        store::save(&loaded, &journal)?;
        Ok(Answer::SeeOther(format!("/journaal?gewijzigd={}", percent(&id))))
    })
    .await
}

pub async fn dossier(State(app): AppState, uri: Uri) -> Response {
    with_fields(app, uri, Ok(Bytes::new()), |app, f| {
        use crate::compose::dossier::{DossierRequest, Reader};
        let reader = choice(&f, "voor", Reader::Projectleider)?;
        let prep = Prepared::new(app, &Fields::default())?;
        let loaded = store::load(&app.journal)?;
        let naam = f.text("naam");
        let role = reader.default_role().map(str::to_string);
        let req = DossierRequest {
            reader,
            role: role.as_deref(),
            name: naam.as_deref(),
            today: date::today_iso(),
            journal: &loaded.journal,
        };
        let (produced, _) = req.produce_any(&app.md_env, &prep.sources(app))?;
        let lezers: Vec<serde_json::Value> = Reader::ALL
            .iter()
            .map(|r| json!({"id": r.id(), "naam": r.help()}))
            .collect();
        let html = view::page_with(
            app,
            "web/dossier.html.j2",
            "journaal",
            "Dossier",
            &prep.warnings,
            None,
            json!({"lezers": lezers, "voor": reader.id(), "naam": naam.unwrap_or_default()}),
            &[("html", markdown_html(&produced.doc.markdown, 2))],
        )?;
        Ok(Answer::Html(html))
    })
    .await
}

pub async fn timeline(State(app): AppState) -> Response {
    answer(app, |app| {
        let prep = Prepared::new(app, &Fields::default())?;
        let loaded = store::load(&app.journal)?;
        let req = crate::compose::timeline::TimelineRequest {
            journal: &loaded.journal,
        };
        let (produced, _) = req.produce_any(&app.md_env, &prep.sources(app))?;
        let (messages, body) = if produced.view["aantal"].as_u64() == Some(0) {
            (
                vec!["Er staat nog niets openbaar in het journaal. Zet bij een gebeurtenis een vinkje bij „Mag op de openbare tijdlijn”.".to_string()],
                trusted(String::new()),
            )
        } else {
            (Vec::new(), markdown_html(&produced.doc.markdown, 2))
        };
        content_page(app, "journaal", "Openbare tijdlijn", &messages, None, Vec::new(), body)
    })
    .await
}
