//! One module per menu item, one function per page. Each reads its form
//! fields, builds the same request the command line builds, and renders
//! the result: documents through `render::pipeline`, knowledge through the
//! `show/` templates. What the pages share is here.

mod coop_yaml;
mod documents;
mod journal;
mod knowledge;
mod rebuttal;

pub use coop_yaml::*;
pub use documents::*;
pub use journal::*;
pub use knowledge::*;
pub use rebuttal::*;

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

/// `with_fields` for a form that changes a file: it must carry this
/// session's token, else nothing is done and a Dutch page says so.
async fn with_changing_fields<F>(app: Arc<App>, uri: Uri, body: Body, work: F) -> Response
where
    F: FnOnce(&App, Fields) -> Result<Answer> + Send + 'static,
{
    match fields(&uri, body) {
        Ok(f) if csrf_ok(&app, &f) => answer(app, move |app| work(app, f)).await,
        Ok(_) => csrf_refused(&app),
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
        include_str!("../static/coop.css"),
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
        include_str!("../static/coop.js"),
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

/// Text for a URL's query.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

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
