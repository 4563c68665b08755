//! Documenten: the form → the same request as `coop brief`, `inspreek`,
//! `motie` or `manifest` → a preview and downloads in every format.

use super::*;

/// The kinds of document on the page: (id, Dutch name).
const KINDS: &[(&str, &str)] = &[
    ("brief", "Brief"),
    ("inspreek", "Tekst om in te spreken"),
    ("motie", "Conceptmotie"),
    ("manifest", "Manifest"),
];

/// The document the form asks for, produced as on the command line.
fn produce(
    app: &App,
    f: &Fields,
    prep: &Prepared,
) -> Result<(Produced<serde_json::Value>, Vec<String>)> {
    let kb = app.kb;
    let src = prep.sources(app);
    let kind = f.text("soort").unwrap_or_else(|| "brief".into());
    let goal_default = match kind.as_str() {
        "inspreek" => Goal::Steun,
        "motie" => Goal::Beleid,
        _ => Goal::Gesprek,
    };
    let goal = choice(f, "doel", goal_default)?;
    let partij = f.text("partij");
    let naam = f.text("naam");
    let rebut = f.all("weerleg");
    let (party, label) = match partij.as_deref() {
        Some(p) => letter::party_or_local(kb, p),
        None => (None, None),
    };
    let env = &app.md_env;
    match kind.as_str() {
        "brief" => {
            let recipient = choice(f, "aan", Recipient::Raad)?;
            if is_many(recipient) {
                let mut letters = council_letters(app, f, prep, false)?;
                let (_, produced, mut notes, count) = letters.remove(0);
                notes.insert(0, many_note(recipient, count, &produced));
                return Ok((produced, notes));
            }
            let themes: Vec<String> = Vec::new();
            let req = LetterRequest {
                recipient,
                name: naam.as_deref(),
                salutation: None,
                email: None,
                party,
                party_label: label,
                themes: &themes,
                goal,
                rebut: &rebut,
                words: number(f, "woorden", "300")?,
                with_motion: false,
            };
            match f.text("tekst") {
                Some(text) => {
                    rebutting::check_text(&text)?;
                    let reply = crate::compose::reply::ReplyRequest {
                        letter: req,
                        text: &text,
                    };
                    let out = reply.produce_any(env, &src)?;
                    if out.0.view["punten"].as_array().is_none_or(Vec::is_empty) {
                        return Err(Error::not_found(crate::compose::reply::nothing_found(
                            "de geplakte tekst",
                        )));
                    }
                    Ok(out)
                }
                None => req.produce_any(env, &src),
            }
        }
        "inspreek" => {
            let minutes: Option<f64> = number(f, "minuten", "3")?;
            if let Some(m) = minutes {
                if !(0.5..=60.0).contains(&m) {
                    return Err(Error::Usage(format!(
                        "spreektijd {m}: geef een spreektijd tussen 0,5 en 60 minuten."
                    )));
                }
            }
            let agenda = f.text("agendapunt");
            let meeting = match f.text("vergadering") {
                Some(v) => Some(
                    choice(f, "vergadering", crate::compose::speech::Meeting::Raad).map_err(
                        |_| {
                            Error::Usage(format!(
                                "vergadering '{v}' bestaat niet; kies uit: raad, commissie."
                            ))
                        },
                    )?,
                ),
                None => None,
            };
            crate::compose::speech::SpeechRequest {
                minutes,
                agenda_item: agenda.as_deref(),
                goal,
                rebut: &rebut,
                meeting,
            }
            .produce_any(env, &src)
        }
        "motie" => crate::compose::motion::MotionRequest {
            goal,
            meeting_date: None,
            name: naam.as_deref(),
            party,
            party_label: label,
        }
        .produce_any(env, &src),
        "manifest" => crate::compose::manifest::ManifestRequest {
            signatories: f
                .text("ondertekenaars")
                .map(|t| crate::core::recipients::signatories_from_lines(&t))
                .transpose()?,
            parties: crate::compose::manifest::parties(kb, &[]),
            parties_named: false,
        }
        .produce_any(env, &src),
        other => Err(Error::Usage(format!(
            "soort '{other}' kent coop niet; kies uit: brief, inspreek, motie, manifest."
        ))),
    }
}

/// A letter to every party or every elected member of the council.
fn is_many(recipient: Recipient) -> bool {
    matches!(recipient, Recipient::Fracties | Recipient::Raadsleden)
}

/// Above the preview of the first of many letters.
fn many_note(recipient: Recipient, count: usize, first: &Produced<serde_json::Value>) -> String {
    format!(
        "coop maakt {count} brieven, één voor elke {}. Hieronder zie je de eerste ({}). Met de knoppen onder de brief download je ze allemaal samen in één zip.",
        if recipient == Recipient::Fracties {
            "fractie in de raad"
        } else {
            "gekozen raadslid"
        },
        first.doc.titel
    )
}

/// The letters to the council's parties or members (from the imported
/// election result), made as `coop brief --aan fracties|raadsleden` makes
/// them: (file name, letter, notes, how many in all). Only the first
/// unless `all`.
#[allow(clippy::type_complexity)]
fn council_letters(
    app: &App,
    f: &Fields,
    prep: &Prepared,
    all: bool,
) -> Result<Vec<(String, Produced<serde_json::Value>, Vec<String>, usize)>> {
    let kb = app.kb;
    let src = prep.sources(app);
    let recipient = choice(f, "aan", Recipient::Raad)?;
    let rebut = f.all("weerleg");
    let themes: Vec<String> = Vec::new();
    let base = LetterRequest {
        recipient,
        name: None,
        salutation: None,
        email: None,
        party: None,
        party_label: None,
        themes: &themes,
        goal: choice(f, "doel", Goal::Gesprek)?,
        rebut: &rebut,
        words: number(f, "woorden", "300")?,
        with_motion: false,
    };
    let list = letter::council_recipients(&src, recipient)?;
    let mut used = std::collections::HashSet::new();
    let mut out = Vec::new();
    for r in list.iter().take(if all { list.len() } else { 1 }) {
        let party = letter::recipient_party(kb, &r.partij, true);
        let (produced, notes) = base
            .for_recipient(kb, r, party)
            .produce_any(&app.md_env, &src)?;
        let stem = crate::core::recipients::file_stem(&r.naam);
        let mut name = stem.clone();
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = format!("{stem}-{n}");
            n += 1;
        }
        out.push((name, produced, notes, list.len()));
    }
    Ok(out)
}

pub async fn documents(State(app): AppState, uri: Uri, body: Body) -> Response {
    with_fields(app, uri, body, documents_page).await
}

fn documents_page(app: &App, f: Fields) -> Result<Answer> {
    let opts = |pairs: Vec<(&str, String)>| {
        pairs
            .into_iter()
            .map(|(id, naam)| json!({"id": id, "naam": naam}))
            .collect::<Vec<_>>()
    };
    let keuzes = json!({
        "soort": opts(KINDS.iter().map(|(id, naam)| (*id, naam.to_string())).collect()),
        "aan": opts(Recipient::ALL.iter().map(|r| (r.id(), without_flags(r.help()))).collect()),
        "doel": opts(Goal::ALL.iter().map(|g| (g.id(), without_flags(g.help()))).collect()),
        "vergadering": [{"id": "", "naam": "Weet ik niet"}, {"id": "raad", "naam": "De gemeenteraad"}, {"id": "commissie", "naam": "Een raadscommissie"}],
        "weerleg": app.kb.objections.iter().map(|o| json!({"id": o.id, "naam": o.objection})).collect::<Vec<_>>(),
    });
    let w = json!({
        "soort": f.text("soort").unwrap_or_else(|| "brief".into()),
        "aan": f.text("aan").unwrap_or_else(|| "raad".into()),
        "partij": f.get("partij").unwrap_or(""),
        "naam": f.get("naam").unwrap_or(""),
        "doel": f.text("doel").unwrap_or_default(),
        "gemeente": f.get("gemeente").unwrap_or(""),
        "datum": f.get("datum").unwrap_or(""),
        "weerleg": f.all("weerleg"),
        "woorden": f.get("woorden").unwrap_or(""),
        "minuten": f.get("minuten").unwrap_or(""),
        "agendapunt": f.get("agendapunt").unwrap_or(""),
        "vergadering": f.get("vergadering").unwrap_or(""),
        "tekst": f.get("tekst").unwrap_or(""),
        "ondertekenaars": f.get("ondertekenaars").unwrap_or(""),
    });
    let hidden: Vec<(String, String)> = f
        .pairs()
        .iter()
        .filter(|(k, _)| k != "formaat" && k != "csrf" && k != "token")
        .cloned()
        .collect();
    let mut ctx = json!({
        "keuzes": keuzes, "w": w, "doc_titel": "", "woorden": 0,
        "ontbreekt": [], "notities": [], "verborgen": hidden,
    });
    let made = Prepared::new(app, &f).and_then(|prep| produce(app, &f, &prep).map(|p| (p, prep)));
    let (status, error, voorbeeld, messages) = match made {
        Ok(((produced, notes), prep)) => {
            ctx["doc_titel"] = json!(produced.doc.titel);
            ctx["woorden"] = json!(produced.doc.woorden);
            ctx["ontbreekt"] = json!(produced.missing);
            ctx["notities"] = json!(notes);
            (
                StatusCode::OK,
                None,
                markdown_html(&produced.doc.markdown, 4),
                prep.warnings,
            )
        }
        Err(e) => (
            view::status(&e),
            Some(view::upper_first(&e.to_string())),
            trusted(String::new()),
            Vec::new(),
        ),
    };
    let html = view::page_with(
        app,
        "web/documenten.html.j2",
        "documenten",
        "Documenten",
        &messages,
        error.as_deref(),
        ctx,
        &[("voorbeeld", voorbeeld)],
    )?;
    Ok(if status == StatusCode::OK {
        Answer::Html(html)
    } else {
        Answer::HtmlStatus(status, html)
    })
}

/// A choice's help without the command line's flags in it: "Een fractie
/// (geef --partij)." → "Een fractie."
fn without_flags(help: &str) -> String {
    match (help.find(" ("), help.rfind(')')) {
        (Some(open), Some(close)) if open < close && help[open..close].contains("--") => {
            format!("{}{}", &help[..open], &help[close + 1..])
        }
        _ => help.to_string(),
    }
}

pub async fn download(State(app): AppState, uri: Uri, body: Body) -> Response {
    with_fields(app, uri, body, download_file).await
}

fn download_file(app: &App, f: Fields) -> Result<Answer> {
    let format = match f.text("formaat") {
        Some(v) => DocFormat::parse(&v)
            .filter(|d| *d != DocFormat::Json)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "formaat '{v}' kent coop niet; kies uit: docx, html, eml, txt, md."
                ))
            })?,
        None => DocFormat::Docx,
    };
    let prep = Prepared::new(app, &f)?;
    let many = f.text("soort").as_deref().unwrap_or("brief") == "brief"
        && is_many(choice(&f, "aan", Recipient::Raad)?);
    if many {
        let mut files = Vec::new();
        for (stem, produced, _, _) in council_letters(app, &f, &prep, true)? {
            files.push((
                format!("{stem}.{}", format.extension()),
                produced.bytes(format)?,
            ));
        }
        let aan = f.text("aan").unwrap_or_default();
        return Ok(Answer::Download {
            name: format!("brieven-{}.zip", crate::core::recipients::file_stem(&aan)),
            mime: "application/zip",
            bytes: crate::io::output::zip_bytes(&files)?,
        });
    }
    let (produced, _) = produce(app, &f, &prep)?;
    let bytes = produced.bytes(format)?;
    let mut label = produced.doc.soort.clone();
    if f.text("soort").as_deref().unwrap_or("brief") == "brief" {
        for extra in [f.text("aan"), f.text("partij")].into_iter().flatten() {
            label.push(' ');
            label.push_str(&extra);
        }
    }
    let name = format!(
        "{}.{}",
        crate::core::recipients::file_stem(&label),
        format.extension()
    );
    let mime = match format {
        DocFormat::Docx => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
        DocFormat::Html => "text/html; charset=utf-8",
        DocFormat::Eml => "message/rfc822",
        DocFormat::Txt => "text/plain; charset=utf-8",
        DocFormat::Md => "text/markdown; charset=utf-8",
        DocFormat::Json => "application/json",
    };
    Ok(Answer::Download { name, mime, bytes })
}
