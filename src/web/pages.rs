//! One function per page. Each reads its form fields, builds the same
//! request the command line builds, and renders the result: documents
//! through `render::pipeline`, knowledge through the `show/` templates.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde_json::json;

use super::forms::Fields;
use super::view::{self, markdown_html, trusted};
use super::{answer, Answer, App};
use crate::compose::letter::{self, LetterRequest};
use crate::compose::{rebut as rebutting, Sources};
use crate::core::choice::{Choice, Goal, Recipient};
use crate::core::date;
use crate::core::journal::{edit, query, store};
use crate::core::kb::MunicipalityRow;
use crate::core::profile::{self, FieldKind, Profile};
use crate::error::{Error, Result};
use crate::render::formats::DocFormat;
use crate::render::pipeline::{AnyDocument, Produced};

type AppState = State<Arc<App>>;
type Body = std::result::Result<Bytes, BytesRejection>;

/// The query and, for a POST, the body.
fn fields(uri: &Uri, body: Body) -> Result<Fields> {
    let query = Fields::from_query(uri.query());
    match &body {
        Ok(b) if b.is_empty() => Ok(query),
        _ => Ok(query.merge(Fields::from_body(body)?)),
    }
}

/// Runs `work` with the request's fields; a form that cannot be read is a
/// Dutch error page.
async fn with_fields<F>(app: Arc<App>, uri: Uri, body: Body, work: F) -> Response
where
    F: FnOnce(&App, Fields) -> Result<Answer> + Send + 'static,
{
    match fields(&uri, body) {
        Ok(f) => answer(app, move |app| work(app, f)).await,
        Err(e) => view::error_for(&app, &e),
    }
}

/// A form that changes a file must carry this session's token.
fn csrf_ok(app: &App, f: &Fields) -> bool {
    f.get("csrf").is_some_and(|t| super::equal(t, &app.csrf))
}

fn csrf_refused(app: &App) -> Response {
    view::error_page(
        app,
        StatusCode::FORBIDDEN,
        "Geweigerd",
        "Dit formulier is verlopen of komt niet van coop zelf. Er is niets opgeslagen. Open de pagina opnieuw en probeer het nog eens.",
    )
}

pub async fn css() -> Response {
    use axum::response::IntoResponse;
    (
        [(axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("static/coop.css"),
    )
        .into_response()
}

pub async fn script() -> Response {
    use axum::response::IntoResponse;
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/javascript; charset=utf-8",
        )],
        include_str!("static/coop.js"),
    )
        .into_response()
}

pub async fn not_found(State(app): AppState) -> Response {
    view::error_page(
        &app,
        StatusCode::NOT_FOUND,
        "Niet gevonden",
        "Deze pagina bestaat niet. Kies een pagina in het menu.",
    )
}

pub async fn wrong_method(State(app): AppState) -> Response {
    view::error_page(
        &app,
        StatusCode::METHOD_NOT_ALLOWED,
        "Dat kan hier niet",
        "Deze pagina werkt alleen met het formulier dat erbij hoort. Kies een pagina in het menu.",
    )
}

pub async fn home(State(app): AppState) -> Response {
    answer(app, |app| {
        let html = view::page(
            app,
            "web/start.html.j2",
            "start",
            "Lobbyhulp voor jullie wooncoöperatie",
            &[],
            None,
            json!({
                "profiel": app.profile_path().display().to_string(),
                "journaal": app.journal.display().to_string(),
            }),
        )?;
        Ok(Answer::Html(html))
    })
    .await
}

// ---- Wat hoorde je? ------------------------------------------------------

pub async fn rebut(State(app): AppState, uri: Uri, body: Body) -> Response {
    with_fields(app, uri, body, rebut_page).await
}

fn rebut_page(app: &App, f: Fields) -> Result<Answer> {
    let text = f.get("tekst").unwrap_or("").to_string();
    let mut ctx = json!({
        "tekst": text, "gezocht": false, "aantal": 0, "niets": "", "antwoordbrief": false, "ids": [],
    });
    let mut safe = Vec::new();
    if !text.trim().is_empty() {
        rebutting::check_text(&text)?;
        let found = rebutting::rebut(app.kb, &app.index, &text, None);
        ctx["gezocht"] = json!(true);
        ctx["aantal"] = json!(found.matches.len());
        if found.matches.is_empty() {
            ctx["niets"] = json!(rebutting::nothing_found(&text).replace('`', ""));
        } else {
            ctx["antwoordbrief"] = json!(!found.one_sentence);
            ctx["ids"] = json!(found
                .matches
                .iter()
                .map(|m| m.o.id.clone())
                .collect::<Vec<_>>());
            let md = crate::render::markdown(
                &app.md_env,
                "show/rebut.md.j2",
                &json!({
                    "matches": found.matches,
                    "short_only": false,
                    "show_quote": !found.one_sentence,
                    "show_why": false,
                }),
            )?;
            safe.push(("antwoorden", markdown_html(&md, 3)));
        }
    } else {
        safe.push(("antwoorden", trusted(String::new())));
    }
    let html = view::page_with(
        app,
        "web/weerleg.html.j2",
        "weerleg",
        "Wat hoorde je?",
        &[],
        None,
        ctx,
        &safe,
    )?;
    Ok(Answer::Html(html))
}

// ---- Documenten -----------------------------------------------------------

/// The profile, the municipality and the date a document is made with.
struct Prepared {
    profile: Option<Profile>,
    warnings: Vec<String>,
    row: Option<&'static MunicipalityRow>,
    date: String,
}

impl Prepared {
    fn new(app: &App, f: &Fields) -> Result<Prepared> {
        let (profile, warnings) = match profile::load(app.profile.as_deref())? {
            Some((p, w)) => (Some(p), w),
            None => (None, Vec::new()),
        };
        let gemeente = f.text("gemeente");
        let row = crate::core::resolve::municipality_for(
            app.kb,
            gemeente.as_deref(),
            "gemeente",
            profile.as_ref(),
        )?;
        let day = match f.text("datum") {
            Some(d) => date::parse(&d).ok_or_else(|| {
                Error::Usage(format!(
                    "datum '{d}': geen bestaande datum; schrijf {}.",
                    date::FORMATS
                ))
            })?,
            None => date::today(),
        };
        Ok(Prepared {
            profile,
            warnings,
            row,
            date: date::dutch(day),
        })
    }

    fn sources<'a>(&'a self, app: &'a App) -> Sources<'a> {
        Sources {
            kb: app.kb,
            profile: self.profile.as_ref(),
            municipality: self.row,
            council: self.row.and_then(|r| app.kb.councils.get(&r.code)),
            date: &self.date,
        }
    }
}

/// The kinds of document on the page: (id, Dutch name).
const KINDS: &[(&str, &str)] = &[
    ("brief", "Brief"),
    ("inspreek", "Tekst om in te spreken"),
    ("motie", "Conceptmotie"),
    ("manifest", "Manifest"),
];

fn choice<C: Choice>(f: &Fields, name: &str, default: C) -> Result<C> {
    match f.text(name) {
        None => Ok(default),
        Some(v) => C::parse(&v).ok_or_else(|| {
            let ids: Vec<&str> = C::ALL.iter().map(|c| c.id()).collect();
            Error::Usage(format!(
                "{name} '{v}' bestaat niet; kies uit: {}.",
                ids.join(", ")
            ))
        }),
    }
}

fn number<T: std::str::FromStr>(f: &Fields, name: &str, example: &str) -> Result<Option<T>> {
    match f.text(name) {
        None => Ok(None),
        Some(v) => v.replace(',', ".").parse::<T>().map(Some).map_err(|_| {
            Error::Usage(format!(
                "{name} '{v}': geef een getal, bijvoorbeeld {example}."
            ))
        }),
    }
}

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
            if matches!(recipient, Recipient::Fracties | Recipient::Raadsleden) {
                return Err(Error::Usage(
                    "een brief aan elke fractie of elk raadslid maakt coop alleen op de opdrachtregel (coop brief --aan fracties --out MAP). Kies hier één ontvanger.".into(),
                ));
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
            signatories: None,
            parties: crate::compose::manifest::parties(kb, &[]),
            parties_named: false,
        }
        .produce_any(env, &src),
        other => Err(Error::Usage(format!(
            "soort '{other}' kent coop niet; kies uit: brief, inspreek, motie, manifest."
        ))),
    }
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
        "aan": opts(Recipient::ALL.iter().filter(|r| !matches!(r, Recipient::Fracties | Recipient::Raadsleden)).map(|r| (r.id(), without_flags(r.help()))).collect()),
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

// ---- Ons profiel ------------------------------------------------------------

/// The file's version as the form saw it: its length and a hash of its
/// bytes ("geen" when there is no file).
fn version(bytes: Option<&[u8]>) -> String {
    use std::hash::{Hash, Hasher};
    match bytes {
        None => "geen".into(),
        Some(b) => {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            b.hash(&mut h);
            format!("{}-{:016x}", b.len(), h.finish())
        }
    }
}

/// The form's text for one field's value.
fn form_value(kind: FieldKind, v: &serde_json::Value) -> String {
    match (kind, v) {
        (_, serde_json::Value::Null) => String::new(),
        (FieldKind::List, serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        (FieldKind::History, serde_json::Value::Array(items)) => items
            .iter()
            .map(|i| {
                format!(
                    "{}: {}",
                    i["datum"].as_str().unwrap_or(""),
                    i["wat"].as_str().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        (_, serde_json::Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

/// The form's text for a field → the value coop.yaml gets, checked as
/// `coop init --set` checks it.
fn field_value(field: &profile::Field, text: &str) -> Result<serde_json::Value> {
    let lines = || {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    Ok(match field.kind {
        FieldKind::List => json!(lines()),
        FieldKind::History => {
            let mut events = Vec::new();
            for line in lines() {
                let Some((datum, wat)) = line
                    .split_once(':')
                    .map(|(d, w)| (d.trim(), w.trim()))
                    .filter(|(d, w)| date::is_partial_date(d) && !w.is_empty())
                else {
                    return Err(Error::Usage(format!(
                        "geschiedenis: '{line}' begrijpt coop niet. Schrijf per regel datum: wat, bijvoorbeeld 2024-05-01: Vereniging opgericht."
                    )));
                };
                events.push(json!({"datum": datum, "wat": wat}));
            }
            json!(events)
        }
        _ => {
            let mut p = Profile::default();
            profile::set(
                &mut p,
                &format!("{}={}", field.key, text.replace('\n', " ")),
            )
            .map_err(|e| match e {
                Error::Usage(m) => Error::Usage(m.replacen("--set ", "", 1)),
                other => other,
            })?;
            p.value(field.key)
        }
    })
}

/// Label and help for a field: the questionnaire's question when there is
/// one, else the field's own explanation.
fn field_texts(
    questions: Option<&crate::core::questionnaire::questions::Questionnaire>,
    field: &profile::Field,
) -> (String, String) {
    let q = questions.and_then(|q| {
        q.questions
            .iter()
            .find(|q| q.profile.as_deref() == Some(field.key))
    });
    match q {
        Some(q) => (
            q.prompt.clone(),
            // A list's question asks for commas; the form takes one item
            // per line, so it keeps to the field's own explanation.
            match &q.help {
                Some(h) if field.kind != FieldKind::List => format!("{} {h}", field.help),
                _ => field.help.to_string(),
            },
        ),
        None => (view::upper_first(field.key), field.help.to_string()),
    }
}

fn profile_form(
    app: &App,
    values: &std::collections::BTreeMap<String, String>,
    version: &str,
    messages: &[String],
    error: Option<&str>,
) -> Result<String> {
    let questions = crate::core::questionnaire::questions::Questionnaire::load(app.kb).ok();
    let velden: Vec<serde_json::Value> = profile::FIELDS
        .iter()
        .map(|field| {
            let (label, help) = field_texts(questions.as_ref(), field);
            let how = match field.kind {
                FieldKind::List => "Schrijf er één per regel.",
                FieldKind::History => {
                    "Per regel: datum: wat. Bijvoorbeeld 2024-05-01: Vereniging opgericht."
                }
                _ => "",
            };
            let suggestions: Vec<&str> = match field.kind {
                FieldKind::Phase => profile::PHASES.to_vec(),
                _ => Vec::new(),
            };
            json!({
                "key": field.key,
                "label": label,
                "help": help,
                "hoe": how,
                "waarde": values.get(field.key).cloned().unwrap_or_default(),
                "lang": matches!(field.kind, FieldKind::List | FieldKind::History),
                "soort": if field.kind == FieldKind::Email { "email" } else { "text" },
                "getal": field.kind == FieldKind::Number,
                "lijst": suggestions,
            })
        })
        .collect();
    view::page(
        app,
        "web/profiel.html.j2",
        "profiel",
        "Ons profiel",
        messages,
        error,
        json!({
            "bestand": app.profile_path().display().to_string(),
            "versie": version,
            "velden": velden,
        }),
    )
}

/// coop.yaml as it is now.
struct ProfileFile {
    /// None when there is no file yet.
    bytes: Option<Vec<u8>>,
    text: String,
    profile: Profile,
    warnings: Vec<String>,
}

fn read_profile(app: &App) -> Result<ProfileFile> {
    let path = app.profile_path();
    let bytes = crate::io::input::read_bytes_opt(&path, crate::io::input::Kind::Profile)?;
    let label = path.display().to_string();
    let text = match &bytes {
        Some(b) => crate::io::input::decode(&label, b.clone())?,
        None => String::new(),
    };
    let (profile, warnings) = profile::parse(&label, &text)?;
    Ok(ProfileFile {
        bytes,
        text,
        profile,
        warnings,
    })
}

pub async fn profile(State(app): AppState, uri: Uri) -> Response {
    with_fields(app, uri, Ok(Bytes::new()), |app, f| {
        let ProfileFile {
            bytes,
            profile: p,
            warnings,
            ..
        } = read_profile(app)?;
        let values = profile::FIELDS
            .iter()
            .map(|fd| (fd.key.to_string(), form_value(fd.kind, &p.value(fd.key))))
            .collect();
        let mut messages = warnings;
        if f.get("opgeslagen").is_some() {
            messages.insert(
                0,
                "Opgeslagen. Elke brief gebruikt nu deze gegevens.".into(),
            );
        }
        if bytes.is_none() {
            messages
                .push("Er is nog geen coop.yaml. Vul in wat je weet en klik op Opslaan.".into());
        }
        let html = profile_form(app, &values, &version(bytes.as_deref()), &messages, None)?;
        Ok(Answer::Html(html))
    })
    .await
}

pub async fn save_profile(State(app): AppState, uri: Uri, body: Body) -> Response {
    let f = match fields(&uri, body) {
        Ok(f) => f,
        Err(e) => return view::error_for(&app, &e),
    };
    if !csrf_ok(&app, &f) {
        return csrf_refused(&app);
    }
    answer(app, move |app| {
        let path = app.profile_path();
        // Held from reading the file to renaming the new one into place.
        let _lock = crate::io::lock::acquire(&path)?;
        let ProfileFile {
            bytes,
            text,
            profile: current,
            ..
        } = read_profile(app)?;
        let values: std::collections::BTreeMap<String, String> = profile::FIELDS
            .iter()
            .map(|fd| (fd.key.to_string(), f.get(fd.key).unwrap_or("").to_string()))
            .collect();
        let seen = f.get("versie").unwrap_or("");
        if seen != version(bytes.as_deref()) {
            let e = Error::Io {
                path: path.clone(),
                message: "is veranderd sinds je deze pagina opende (in een ander tabblad, door coop op de opdrachtregel of in een editor). coop heeft niets opgeslagen, zodat die wijziging niet verloren gaat.".into(),
            };
            let msg = format!(
                "{}\nLaad de pagina opnieuw, zodat je de nieuwste versie ziet. Wat je hier typte, staat nog in het formulier.",
                view::upper_first(&e.to_string())
            );
            let html = profile_form(app, &values, seen, &[], Some(&msg))?;
            return Ok(Answer::HtmlStatus(StatusCode::CONFLICT, html));
        }
        let mut changes = Vec::new();
        let mut errors = Vec::new();
        for fd in profile::FIELDS {
            let Some(given) = f.get(fd.key) else { continue };
            match field_value(fd, given) {
                Ok(v) => {
                    let now = current.value(fd.key);
                    let same = now == v
                        || (v.is_null() && now.as_array().is_some_and(Vec::is_empty))
                        || (v.as_array().is_some_and(Vec::is_empty) && now.is_null());
                    if !same {
                        changes.push((fd.key.to_string(), v));
                    }
                }
                Err(e) => errors.push(view::upper_first(&e.to_string())),
            }
        }
        if !errors.is_empty() {
            let html = profile_form(
                app,
                &values,
                seen,
                &[],
                Some(&format!("Niet opgeslagen. {}", errors.join("\n"))),
            )?;
            return Ok(Answer::HtmlStatus(StatusCode::BAD_REQUEST, html));
        }
        if changes.is_empty() {
            return Ok(Answer::SeeOther("/profiel?opgeslagen=1".into()));
        }
        let base = if bytes.is_none() {
            profile::to_commented_yaml(&Profile::default())
        } else {
            text
        };
        let new_text = crate::core::coop_yaml::update(&base, &changes);
        // The whole file is checked as coop reads it before it is written.
        if let Err(e) = profile::parse(&path.display().to_string(), &new_text) {
            let msg = format!("Niet opgeslagen. {}", view::upper_first(&e.to_string()));
            let html = profile_form(app, &values, seen, &[], Some(&msg))?;
            return Ok(Answer::HtmlStatus(view::status(&e), html));
        }
        crate::io::output::write_file(&path, new_text.as_bytes(), true)?;
        Ok(Answer::SeeOther("/profiel?opgeslagen=1".into()))
    })
    .await
}

// ---- Journaal -----------------------------------------------------------------

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
            "soorten": crate::core::journal::KINDS,
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

/// The form → a new event, checked as `coop journaal nieuw` checks its flags.
/// `editing`: an existing event keeps its people's roles, so a change of
/// people (wisseling) needs no role again.
fn new_event(app: &App, f: &Fields, editing: bool) -> Result<edit::NewEvent> {
    let soort = f.text("soort").unwrap_or_default();
    if !crate::core::journal::KINDS.contains(&soort.as_str()) {
        return Err(Error::Usage(format!(
            "soort '{soort}' kent coop niet. Kies uit: {}.",
            crate::core::journal::KINDS.join(", ")
        )));
    }
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
    if met.is_empty() && crate::core::journal::model::NEEDS_PERSON.contains(&soort.as_str()) {
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
    if soort == "wisseling" && rol.is_none() && !editing {
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
    let f = match fields(&uri, body) {
        Ok(f) => f,
        Err(e) => return view::error_for(&app, &e),
    };
    if !csrf_ok(&app, &f) {
        return csrf_refused(&app);
    }
    answer(app, move |app| {
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
    let f = match fields(&uri, body) {
        Ok(f) => f,
        Err(e) => return view::error_for(&app, &e),
    };
    if !csrf_ok(&app, &f) {
        return csrf_refused(&app);
    }
    answer(app, move |app| {
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
    let f = match fields(&uri, body) {
        Ok(f) => f,
        Err(e) => return view::error_for(&app, &e),
    };
    if !csrf_ok(&app, &f) {
        return csrf_refused(&app);
    }
    answer(app, move |app| {
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
            "soorten": crate::core::journal::KINDS,
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
    let f = match fields(&uri, body) {
        Ok(f) => f,
        Err(e) => return view::error_for(&app, &e),
    };
    if !csrf_ok(&app, &f) {
        return csrf_refused(&app);
    }
    answer(app, move |app| {
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

/// Text for a URL's query.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
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

// ---- Gemeente en Kennisbank ----------------------------------------------------

/// A page with an optional search form, an optional list and HTML.
fn content_page(
    app: &App,
    page: &str,
    title: &str,
    messages: &[String],
    search: Option<serde_json::Value>,
    list: Vec<serde_json::Value>,
    html: minijinja::Value,
) -> Result<Answer> {
    let html = view::page_with(
        app,
        "web/inhoud.html.j2",
        page,
        title,
        messages,
        None,
        json!({"zoek": search, "lijst": list}),
        &[("html", html)],
    )?;
    Ok(Answer::Html(html))
}

pub async fn municipality(State(app): AppState, uri: Uri) -> Response {
    with_fields(app, uri, Ok(Bytes::new()), |app, f| {
        let name = match f.text("naam") {
            Some(n) => Some(n),
            None => profile::load(app.profile.as_deref())?.and_then(|(p, _)| p.gemeente),
        };
        let search = json!({
            "actie": "/gemeente", "naam": "naam", "label": "Welke gemeente?",
            "waarde": name.clone().unwrap_or_default(),
            "lijst": app.kb.municipalities.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        });
        let Some(name) = name else {
            return content_page(
                app,
                "gemeente",
                "Gemeente",
                &[],
                Some(search),
                Vec::new(),
                trusted(String::new()),
            );
        };
        let (row, merged) = crate::core::resolve::find_municipality(app.kb, &name)?;
        let mut messages = Vec::new();
        if let Some(m) = &merged {
            messages.push(format!(
                "Let op: {} is op {} opgegaan in {}. Je ziet nu {}.",
                m.former_name,
                date::dutch_text(&m.date),
                row.name,
                row.name
            ));
        }
        let v = crate::compose::places::municipality(app.kb, row, merged);
        let mut md =
            crate::render::markdown(&app.md_env, "show/municipality.md.j2", &json!({ "m": v }))?;
        if app.kb.councils.get(&row.code).is_some() {
            let c = crate::compose::council::view(app.kb, row);
            md.push_str("\n\n");
            md.push_str(&crate::render::markdown(
                &app.md_env,
                "show/raad.md.j2",
                &json!({ "r": c }),
            )?);
        }
        content_page(
            app,
            "gemeente",
            &format!("Gemeente {}", row.name),
            &messages,
            Some(search),
            Vec::new(),
            markdown_html(&md, 2),
        )
    })
    .await
}

/// The kinds of entries in the knowledge base: (path, Dutch name).
const SHELVES: &[(&str, &str)] = &[
    ("tegenwerpingen", "Tegenwerpingen"),
    ("argumenten", "Argumenten"),
    ("rollen", "Rollen bij de gemeente"),
    ("checklists", "Actielijsten"),
    ("partijen", "Partijen"),
];

pub async fn knowledge(State(app): AppState) -> Response {
    answer(app, |app| {
        let list = SHELVES
            .iter()
            .map(|(id, naam)| json!({"href": format!("/kennisbank/{id}"), "naam": naam, "uitleg": ""}))
            .collect();
        content_page(app, "kennisbank", "Kennisbank", &[], None, list, trusted(String::new()))
    })
    .await
}

fn shelf_name(kind: &str) -> Result<&'static str> {
    SHELVES
        .iter()
        .find(|(id, _)| *id == kind)
        .map(|(_, n)| *n)
        .ok_or_else(|| Error::not_found(format!("de kennisbank heeft geen '{kind}'. Kies uit: tegenwerpingen, argumenten, rollen, checklists, partijen.")))
}

pub async fn knowledge_list(State(app): AppState, UrlPath(kind): UrlPath<String>) -> Response {
    answer(app, move |app| {
        let title = shelf_name(&kind)?;
        let kb = app.kb;
        let item = |id: &str, naam: &str, uitleg: &str| {
            json!({"href": format!("/kennisbank/{kind}/{}", percent(id)), "naam": naam, "uitleg": uitleg})
        };
        let list: Vec<serde_json::Value> = match kind.as_str() {
            "tegenwerpingen" => kb.objections.iter().map(|o| item(&o.id, &o.objection, &o.short)).collect(),
            "argumenten" => kb.arguments.iter().map(|a| item(&a.id, &a.title, &a.summary)).collect(),
            "rollen" => kb.roles.iter().map(|r| item(&r.id, &r.name, "")).collect(),
            "checklists" => kb.checklists.iter().map(|c| item(&c.id, &c.title, "")).collect(),
            _ => kb.parties.iter().map(|p| item(&p.id, &p.name, "")).collect(),
        };
        content_page(app, "kennisbank", title, &[], None, list, trusted(String::new()))
    })
    .await
}

pub async fn knowledge_entry(
    State(app): AppState,
    UrlPath((kind, id)): UrlPath<(String, String)>,
) -> Response {
    answer(app, move |app| {
        use crate::compose::views;
        use crate::core::resolve::entry;
        shelf_name(&kind)?;
        let kb = app.kb;
        let (title, template, var, value) = match kind.as_str() {
            "tegenwerpingen" => {
                let o = entry(&kb.objections, &id, "tegenwerping", "coop tegenwerpingen")?;
                (
                    o.objection.clone(),
                    "show/objection.md.j2",
                    "o",
                    json!(views::objection(kb, o)),
                )
            }
            "argumenten" => {
                let a = entry(&kb.arguments, &id, "argument", "coop argumenten")?;
                (
                    a.title.clone(),
                    "show/argument.md.j2",
                    "a",
                    json!(views::argument(kb, a)),
                )
            }
            "rollen" => {
                let r = entry(&kb.roles, &id, "rol", "coop rollen")?;
                (
                    r.name.clone(),
                    "show/role.md.j2",
                    "r",
                    json!(views::role(kb, r)),
                )
            }
            "checklists" => {
                let c = entry(&kb.checklists, &id, "actielijst", "coop checklist")?;
                (
                    c.title.clone(),
                    "show/checklist.md.j2",
                    "c",
                    json!(views::checklist(kb, c)),
                )
            }
            _ => {
                let p = entry(&kb.parties, &id, "partij", "coop partijen")?;
                (
                    p.name.clone(),
                    "show/party.md.j2",
                    "p",
                    json!(views::party(kb, p)),
                )
            }
        };
        let mut ctx = serde_json::Map::new();
        ctx.insert(var.to_string(), value.clone());
        ctx.insert(
            "sources".into(),
            value.get("bronnen").cloned().unwrap_or_default(),
        );
        let md = crate::render::markdown(&app.md_env, template, &serde_json::Value::Object(ctx))?;
        content_page(
            app,
            "kennisbank",
            &title,
            &[],
            None,
            Vec::new(),
            markdown_html(&md, 2),
        )
    })
    .await
}
