//! `coop serve`: the same assistant as a local web app. A front end like
//! the command line: pages call the same core, matching, compose and render
//! functions; this module only turns form fields into requests and results
//! into HTML pages.
//!
//! Safety (it is a server, even if a local one):
//! - it binds 127.0.0.1 unless `--host` says otherwise, and another host
//!   needs a token, which then every request must carry (`?token=` once,
//!   after that a cookie);
//! - a request whose Host is not the address it listens on is refused
//!   (DNS rebinding), and so is a POST whose Origin or Referer is another
//!   site; every form that changes a file carries this session's CSRF token;
//!   no CORS headers are ever sent;
//! - request bodies are limited to `BODY_LIMIT`;
//! - saves of coop.yaml and journaal.yaml go through the same locked,
//!   atomic writers as the command line, and a save of a file that changed
//!   since the form was loaded is refused.

#[cfg(test)]
mod contrast;
mod forms;
mod pages;
mod view;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::core::kb::Kb;
use crate::error::{Error, Result};
use crate::io::{output, signals};
use crate::matching::search::Index;

/// The largest request body: 2 MB. A pasted e-mail is read up to the
/// matcher's 100 kB; a form encodes it in up to three times as many bytes.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// What `coop serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub token: Option<String>,
    pub open: bool,
    /// `--profiel`, else coop.yaml in the folder it was started in.
    pub profile: Option<PathBuf>,
    pub journal: PathBuf,
}

/// Everything a request may use; built once, shared by every request.
pub(crate) struct App {
    pub kb: &'static Kb,
    pub index: Index<'static>,
    pub md_env: minijinja::Environment<'static>,
    pub html_env: minijinja::Environment<'static>,
    /// This session's token for forms that change a file.
    pub csrf: String,
    /// `--token`: required on every request when set.
    pub token: Option<String>,
    /// The Host values that name this server ("127.0.0.1:7171", ...).
    pub hosts: Vec<String>,
    /// Listening beyond this computer (with a token): any Host is taken.
    pub network: bool,
    pub profile: Option<PathBuf>,
    pub journal: PathBuf,
}

/// Starts the server and answers requests until Ctrl-C.
pub fn serve(kb: Kb, config: Config) -> Result<()> {
    let ip: IpAddr = config.host.trim().parse().map_err(|_| {
        Error::Usage(format!(
            "--host {}: geef een IP-adres, bijvoorbeeld 127.0.0.1.",
            config.host
        ))
    })?;
    if !ip.is_loopback() && config.token.as_deref().is_none_or(|t| t.trim().len() < 16) {
        return Err(Error::Usage(format!(
            "--host {ip}: dan kan iedereen in het netwerk jullie journaal lezen. Dat kan alleen met een geheim van minstens 16 tekens: --token GEHEIM."
        )));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| Error::io("coop serve", &e))?;
    let _catch = signals::catch();
    runtime.block_on(run(kb, config, ip))
}

async fn run(kb: Kb, config: Config, ip: IpAddr) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(ip, config.port))
        .await
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                Error::Usage(format!(
                    "poort {} is al in gebruik (draait coop serve al?). Kies een andere met --port.",
                    config.port
                ))
            } else {
                Error::io(format!("{ip}:{}", config.port), &e)
            }
        })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::io("coop serve", &e))?;
    let app = Arc::new(App::new(kb, &config, addr));
    let url = match &config.token {
        Some(t) => format!(
            "http://{}/?{}",
            app.hosts[0],
            serde_urlencoded::to_string([("token", t)]).unwrap_or_default()
        ),
        None => format!("http://{}/", app.hosts[0]),
    };
    output::print(&format!("coop serve draait op {url}"))?;
    output::note("Open dit adres in je browser. Stop met Ctrl-C.");
    if config.open {
        open_browser(&url);
    }
    let router = router(app);
    axum::serve(listener, router)
        .with_graceful_shutdown(stopped())
        .await
        .map_err(|e| Error::io("coop serve", &e))?;
    output::note("coop serve is gestopt.");
    Ok(())
}

/// Resolves when Ctrl-C (or a kill signal) came in.
async fn stopped() {
    while !signals::caught() {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let started = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if started.is_err() {
        output::note(&format!(
            "let op: de browser ging niet vanzelf open ({program} werkte niet). Open zelf {url}"
        ));
    }
}

impl App {
    fn new(kb: Kb, config: &Config, addr: SocketAddr) -> App {
        // One knowledge base for the life of the server; the search index
        // borrows it.
        let kb: &'static Kb = Box::leak(Box::new(kb));
        let port = addr.port();
        let mut hosts = Vec::new();
        if addr.ip().is_loopback() {
            hosts.push(format!("127.0.0.1:{port}"));
            hosts.push(format!("localhost:{port}"));
            hosts.push(format!("[::1]:{port}"));
        }
        let own = match addr.ip() {
            IpAddr::V6(ip) => format!("[{ip}]:{port}"),
            IpAddr::V4(ip) => format!("{ip}:{port}"),
        };
        if !hosts.contains(&own) {
            hosts.insert(0, own);
        }
        App {
            kb,
            index: Index::new(kb),
            md_env: crate::render::environment(),
            html_env: view::environment(),
            csrf: secret(),
            token: config.token.clone(),
            network: !addr.ip().is_loopback(),
            hosts,
            profile: config.profile.clone(),
            journal: config.journal.clone(),
        }
    }

    /// Where coop.yaml is.
    pub fn profile_path(&self) -> PathBuf {
        crate::core::profile::path(self.profile.as_deref()).0
    }
}

/// 128 random bits as hex, from the standard library's randomly keyed
/// hasher (seeded by the operating system).
fn secret() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut out = String::new();
    for i in 0..2u64 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(i);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

fn router(app: Arc<App>) -> Router {
    use axum::routing::post;
    Router::new()
        .route("/", get(pages::home))
        .route("/static/coop.css", get(pages::css))
        .route("/static/coop.js", get(pages::script))
        .route("/weerleg", get(pages::rebut).post(pages::rebut))
        .route("/documenten", get(pages::documents).post(pages::documents))
        .route(
            "/documenten/download",
            get(pages::download).post(pages::download),
        )
        .route("/profiel", get(pages::profile).post(pages::save_profile))
        .route("/journaal", get(pages::journal))
        .route("/journaal/nieuw", post(pages::add_event))
        .route("/journaal/klaar", post(pages::mark_done))
        .route("/journaal/vervolg", post(pages::add_follow_up))
        .route(
            "/journaal/wijzig",
            get(pages::edit_page).post(pages::save_edit),
        )
        .route("/journaal/dossier", get(pages::dossier))
        .route("/journaal/tijdlijn", get(pages::timeline))
        .route("/gemeente", get(pages::municipality))
        .route("/kennisbank", get(pages::knowledge))
        .route("/kennisbank/{kind}", get(pages::knowledge_list))
        .route("/kennisbank/{kind}/{id}", get(pages::knowledge_entry))
        .fallback(pages::not_found)
        .method_not_allowed_fallback(pages::wrong_method)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// The checks every request passes before a page sees it: Host, Origin
/// (for anything but GET and HEAD), the token when there is one. Adds the
/// headers every answer gets.
async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    // In the network (another --host, so with a token) people use the
    // computer's own name or address, which coop cannot know; there the
    // token keeps others out.
    let known =
        app.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) || (app.network && !host.is_empty());
    if !known {
        return refuse(
            &app,
            "Deze aanvraag komt niet via het adres van coop serve. Open coop via het adres dat coop serve toonde.",
        );
    }
    if !matches!(*req.method(), Method::GET | Method::HEAD) && !same_origin(host, headers) {
        return refuse(
            &app,
            "Dit formulier komt van een andere website. coop voert het niet uit. Gebruik de formulieren op de pagina's van coop zelf.",
        );
    }
    let mut set_cookie = None;
    if let Some(token) = &app.token {
        let query = forms::Fields::from_query(req.uri().query());
        let from_query = query.get("token");
        let from_cookie = cookie(headers, "coop_token");
        let ok = from_query.is_some_and(|t| equal(t, token))
            || from_cookie.is_some_and(|t| equal(&t, token));
        if !ok {
            return view::error_page(
                &app,
                StatusCode::UNAUTHORIZED,
                "Geen toegang",
                "Open coop via het volledige adres dat coop serve toonde, met het geheim (token) erin.",
            );
        }
        if from_query.is_some() {
            set_cookie = Some(format!(
                "coop_token={token}; Path=/; HttpOnly; SameSite=Strict"
            ));
        }
    }
    let started = std::time::Instant::now();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // The time the server spent on this request, for benches/serve.sh.
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={ms:.2}")) {
        h.insert("server-timing", v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(c) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        h.insert(header::SET_COOKIE, c);
    }
    res
}

/// A POST from this server's own pages: Origin (or, without it, Referer)
/// names the address the request was sent to. A request with neither comes from a
/// program, not a browser page on another site; it still needs the CSRF
/// token to change a file.
fn same_origin(host: &str, headers: &HeaderMap) -> bool {
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site")
    {
        return false;
    }
    let from = |name: header::HeaderName| {
        headers
            .get(name)
            .map(|v| v.to_str().unwrap_or("invalid").to_string())
    };
    let origin = match (from(header::ORIGIN), from(header::REFERER)) {
        (Some(o), _) => o,
        (None, Some(r)) => r,
        (None, None) => return true,
    };
    let Some(rest) = origin.strip_prefix("http://") else {
        return false;
    };
    rest.split('/')
        .next()
        .is_some_and(|from| from.eq_ignore_ascii_case(host))
}

fn refuse(app: &App, why: &str) -> Response {
    view::error_page(app, StatusCode::FORBIDDEN, "Geweigerd", why)
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Compares secrets in time that does not depend on where they differ.
fn equal(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A page, a download or a redirect.
pub(crate) enum Answer {
    Html(String),
    /// A page with another status than 200 (a form with an error).
    HtmlStatus(StatusCode, String),
    Download {
        name: String,
        mime: &'static str,
        bytes: Vec<u8>,
    },
    SeeOther(String),
}

impl Answer {
    fn into_response(self) -> Response {
        match self {
            Answer::Html(html) => {
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
            }
            Answer::HtmlStatus(status, html) => (
                status,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                html,
            )
                .into_response(),
            Answer::Download { name, mime, bytes } => {
                let disposition = format!("attachment; filename=\"{name}\"");
                let mut res = Response::new(Body::from(bytes));
                let h = res.headers_mut();
                h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
                if let Ok(v) = HeaderValue::from_str(&disposition) {
                    h.insert(header::CONTENT_DISPOSITION, v);
                }
                res
            }
            Answer::SeeOther(to) => {
                let mut res = StatusCode::SEE_OTHER.into_response();
                if let Ok(v) = HeaderValue::from_str(&to) {
                    res.headers_mut().insert(header::LOCATION, v);
                }
                res
            }
        }
    }
}

/// Runs a page's work on a thread that may block (files, locks) and turns
/// an error into a Dutch error page with the matching status.
pub(crate) async fn answer<F>(app: Arc<App>, work: F) -> Response
where
    F: FnOnce(&App) -> Result<Answer> + Send + 'static,
{
    let for_error = app.clone();
    match tokio::task::spawn_blocking(move || work(&app)).await {
        Ok(Ok(a)) => a.into_response(),
        Ok(Err(e)) => view::error_for(&for_error, &e),
        Err(_) => view::error_page(
            &for_error,
            StatusCode::INTERNAL_SERVER_ERROR,
            "Er ging iets mis",
            "coop kon deze pagina niet maken. Er is niets opgeslagen. Probeer het opnieuw.",
        ),
    }
}
