//! HTML pages: one minijinja environment with the templates of
//! templates/web/ (compiled into the binary like every template), strict
//! undefined and HTML escaping of every value, so no text a user typed,
//! no profile field and no journal entry can become markup. Documents and
//! knowledge base entries are rendered as elsewhere (Markdown) and shown
//! through the html writer, which escapes them itself.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use serde::Serialize;

use super::App;
use crate::error::{Error, Result};

/// The pages in the menu: (id, path, name).
const MENU: &[(&str, &str, &str)] = &[
    ("weerleg", "/weerleg", "Wat hoorde je?"),
    ("documenten", "/documenten", "Documenten"),
    ("journaal", "/journaal", "Journaal"),
    ("profiel", "/profiel", "Ons profiel"),
    ("gemeente", "/gemeente", "Gemeente"),
    ("kennisbank", "/kennisbank", "Kennisbank"),
];

pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .expect("default delimiters are valid"),
    );
    env.set_loader(|name| {
        Ok(crate::render::TEMPLATES
            .iter()
            .find(|(n, _)| *n == name && n.starts_with("web/"))
            .map(|(_, src)| *src))
    });
    env
}

/// HTML made by the html writer (escaped there), to put in a page as is.
pub fn trusted(html: String) -> Value {
    Value::from_safe_string(html)
}

/// Markdown from a template → HTML to put in a page, its highest heading
/// at level `top`. A command that shows an entry (`coop checklist ID`)
/// becomes a link to that entry's page.
pub fn markdown_html(md: &str, top: usize) -> Value {
    trusted(link_commands(&crate::render::html::fragment(md, top)))
}

/// The commands of the knowledge base and their pages.
const SHOW_COMMANDS: &[(&str, &str)] = &[
    ("coop checklist ", "checklists"),
    ("coop rollen ", "rollen"),
    ("coop tegenwerpingen ", "tegenwerpingen"),
    ("coop argumenten ", "argumenten"),
    ("coop partijen ", "partijen"),
];

/// `<code>coop checklist ID</code>` → a link to /kennisbank/checklists/ID.
/// Only ids of lower-case letters, digits and hyphens are linked, so the
/// HTML (escaped by the writer) stays as it was.
fn link_commands(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<code>coop ") {
        out.push_str(&rest[..start]);
        let after = &rest[start + "<code>".len()..];
        let Some(end) = after.find("</code>") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let command = &after[..end];
        let link = SHOW_COMMANDS.iter().find_map(|(prefix, shelf)| {
            let id = command.strip_prefix(prefix)?;
            let plain = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            plain
                .then(|| format!("<a href=\"/kennisbank/{shelf}/{id}\"><code>{command}</code></a>"))
        });
        match link {
            Some(a) => out.push_str(&a),
            None => out.push_str(&rest[start..start + "<code>".len() + end + "</code>".len()]),
        }
        rest = &after[end + "</code>".len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn commands_that_show_an_entry_become_links() {
        let html = "<li>Zie (<code>coop checklist harde-cijfers</code>) en <code>coop weerleg \"x\"</code> en <code>coop rollen a&lt;b</code></li>";
        assert_eq!(
            super::link_commands(html),
            "<li>Zie (<a href=\"/kennisbank/checklists/harde-cijfers\"><code>coop checklist harde-cijfers</code></a>) en <code>coop weerleg \"x\"</code> en <code>coop rollen a&lt;b</code></li>"
        );
    }
}

/// The common parts of every page.
#[derive(Serialize)]
struct MenuItem {
    id: &'static str,
    href: &'static str,
    naam: &'static str,
}

/// Renders `template` with the page's own values in `ctx` (an object).
pub fn page(
    app: &App,
    template: &str,
    page: &str,
    title: &str,
    messages: &[String],
    error: Option<&str>,
    ctx: serde_json::Value,
) -> Result<String> {
    page_with(app, template, page, title, messages, error, ctx, &[])
}

/// As `page`, with values that must not be escaped again (HTML from the
/// html writer), by name.
#[allow(clippy::too_many_arguments)]
pub fn page_with(
    app: &App,
    template: &str,
    page: &str,
    title: &str,
    messages: &[String],
    error: Option<&str>,
    ctx: serde_json::Value,
    safe: &[(&str, Value)],
) -> Result<String> {
    let menu: Vec<MenuItem> = MENU
        .iter()
        .map(|(id, href, naam)| MenuItem { id, href, naam })
        .collect();
    let mut map: std::collections::BTreeMap<String, Value> = match ctx {
        serde_json::Value::Object(m) => m
            .into_iter()
            .map(|(k, v)| (k, Value::from(minijinja::value::Serde(v))))
            .collect(),
        _ => Default::default(),
    };
    map.insert("titel".into(), Value::from(title));
    map.insert("pagina".into(), Value::from(page));
    map.insert("menu".into(), Value::from(minijinja::value::Serde(&menu)));
    map.insert(
        "meldingen".into(),
        Value::from(minijinja::value::Serde(messages)),
    );
    map.insert("fout".into(), Value::from(error.unwrap_or("")));
    map.insert("csrf".into(), Value::from(app.csrf.as_str()));
    for (k, v) in safe {
        map.insert((*k).to_string(), v.clone());
    }
    let tmpl = app
        .html_env
        .get_template(template)
        .map_err(|e| template_error(template, &e))?;
    tmpl.render(Value::from_object(map))
        .map_err(|e| template_error(template, &e))
}

fn template_error(name: &str, e: &minijinja::Error) -> Error {
    let mut message = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        message.push_str(&format!(": {c}"));
        cause = c.source();
    }
    Error::Template {
        name: name.to_string(),
        message,
    }
}

/// The HTTP status for an error: the same kinds as the exit codes.
pub fn status(e: &Error) -> StatusCode {
    match e {
        Error::NotFound { .. } => StatusCode::NOT_FOUND,
        Error::Usage(m) if m.starts_with(super::forms::TOO_LARGE) => StatusCode::PAYLOAD_TOO_LARGE,
        Error::Usage(_) => StatusCode::BAD_REQUEST,
        Error::Data { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        Error::Many(errors) => errors
            .iter()
            .map(status)
            .max_by_key(|s| s.as_u16())
            .unwrap_or(StatusCode::UNPROCESSABLE_ENTITY),
        Error::WouldOverwrite(_) => StatusCode::CONFLICT,
        Error::Io { message, .. } if message.contains("is veranderd sinds") => StatusCode::CONFLICT,
        // A file the user named that is not there (--profiel).
        Error::Io { message, .. } if message.starts_with("bestand of map niet gevonden") => {
            StatusCode::NOT_FOUND
        }
        Error::Interrupted(_) => StatusCode::SERVICE_UNAVAILABLE,
        Error::Template { .. } | Error::Io { .. } | Error::BrokenPipe => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

/// An error as a page: the same Dutch message the command line gives.
pub fn error_for(app: &App, e: &Error) -> Response {
    let title = match status(e) {
        StatusCode::NOT_FOUND => "Niet gevonden",
        StatusCode::CONFLICT => "Niet opgeslagen",
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => "Dat klopt niet helemaal",
        _ => "Er ging iets mis",
    };
    let mut text = upper_first(&e.to_string());
    if status(e) == StatusCode::CONFLICT {
        text.push_str("\nLaad de pagina opnieuw, zodat je de nieuwste versie ziet.");
    }
    error_page(app, status(e), title, &text)
}

/// A page with a Dutch message and `status`.
pub fn error_page(app: &App, status: StatusCode, title: &str, text: &str) -> Response {
    let html = page(
        app,
        "web/inhoud.html.j2",
        "fout",
        title,
        &[],
        Some(text),
        serde_json::json!({"zoek": null, "lijst": [], "html": ""}),
    )
    .unwrap_or_else(|_| {
        format!("<!DOCTYPE html><html lang=\"nl\"><title>{title}</title><h1>{title}</h1>")
    });
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

/// A message as a sentence: its first letter upper case, unless it starts
/// with a name that is written in lower case (coop, a file, an option).
pub fn upper_first(s: &str) -> String {
    let first = s.split([' ', ':']).next().unwrap_or("");
    if first == "coop" || !first.chars().all(char::is_alphabetic) {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
