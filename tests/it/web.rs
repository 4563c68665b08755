//! `coop serve` over plain HTTP: every route, the Host/Origin/CSRF/token
//! checks, the body limit, saves that keep comments and refuse a changed
//! file, Dutch error pages, and a clean stop on Ctrl-C. The server is the
//! real binary, started on a free port in a temp folder.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{coop, PROFILE};

/// A running `coop serve`.
pub struct Server {
    child: Child,
    pub url: String,
    pub host: String,
    pub dir: tempfile::TempDir,
}

impl Server {
    /// `coop serve --port 0` in a folder with coop.yaml (PROFILE).
    pub fn start() -> Server {
        Server::start_with(true, &[])
    }

    pub fn start_with(profile: bool, args: &[&str]) -> Server {
        Server::start_env(profile, args, &[])
    }

    pub fn start_env(profile: bool, args: &[&str], env: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        if profile {
            std::fs::write(dir.path().join("coop.yaml"), PROFILE).unwrap();
        }
        let bin = assert_cmd::cargo::cargo_bin("coop");
        let mut child = Command::new(bin)
            .current_dir(dir.path())
            .env_remove("COOP_DATA")
            .env_remove("COOP_PROFIEL")
            .env_remove("COOP_JOURNAAL")
            .args(["serve", "--port", "0"])
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        let host = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        let base = url.split('?').next().unwrap().to_string();
        Server {
            child,
            url: base,
            host,
            dir,
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn get(&self, path: &str) -> Resp {
        self.send("GET", path, &[], None)
    }

    /// A form post from this server's own page (Origin set).
    pub fn post(&self, path: &str, form: &[(&str, &str)]) -> Resp {
        let origin = format!("http://{}", self.host);
        self.send(
            "POST",
            path,
            &[("Origin", &origin)],
            Some(&encode(form).into_bytes()),
        )
    }

    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Resp {
        request(&self.host, method, path, headers, body)
    }

    /// The session's CSRF token, from a page's form.
    pub fn csrf(&self) -> String {
        let page = self.get("/journaal").text();
        attr_after(&page, "name=\"csrf\" value=\"")
    }

    /// Sends Ctrl-C and waits for the end: (exit status, stderr).
    pub fn stop(mut self) -> (Option<i32>, String) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let mut err = String::new();
                if let Some(mut e) = self.child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                return (status.code(), err);
            }
            assert!(Instant::now() < deadline, "coop serve did not stop");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn encode(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(k, v)| format!("{}={}", percent(k), percent(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// The value that follows `marker` up to the next quote.
pub fn attr_after(page: &str, marker: &str) -> String {
    let start = page
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in page"))
        + marker.len();
    page[start..].split('"').next().unwrap().to_string()
}

pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request on its own connection.
pub fn request(
    host: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Resp {
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {host}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        head.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        head.push_str(&format!("Content-Length: {}\r\n", b.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    if let Some(b) = body {
        // The server may answer (and close) before reading a body over the
        // limit; that is fine.
        let _ = stream.write_all(b);
    }
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP answer: {}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
    {
        body = unchunk(&body);
    }
    Resp {
        status,
        headers,
        body,
    }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&data[..end])
                .split(';')
                .next()
                .unwrap()
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
    out
}

/// A page as a user must get it: Dutch, one h1, a skip link, a label for
/// every field.
fn assert_page(html: &str, what: &str) {
    assert!(html.contains("<html lang=\"nl\">"), "{what}: {html}");
    assert_eq!(html.matches("<h1").count(), 1, "{what}: one h1");
    assert!(html.contains("href=\"#inhoud\""), "{what}: skip link");
    for part in html.split("<input").skip(1) {
        let tag = part.split('>').next().unwrap();
        if tag.contains("type=\"hidden\"") {
            continue;
        }
        let id = attr_after(tag, "id=\"");
        assert!(
            html.contains(&format!("for=\"{id}\"")),
            "{what}: field {id} has no label"
        );
    }
    for part in html
        .split("<textarea")
        .skip(1)
        .chain(html.split("<select").skip(1))
    {
        let id = attr_after(part.split('>').next().unwrap(), "id=\"");
        assert!(
            html.contains(&format!("for=\"{id}\"")),
            "{what}: field {id} has no label"
        );
    }
    // Heading levels never skip one on the way down.
    let mut last = 1;
    for (i, _) in html.match_indices("<h") {
        let Some(level) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) else {
            continue;
        };
        assert!(level <= last + 1, "{what}: h{level} after h{last}");
        last = level;
    }
}

const MAIL: &str = "Beste mensen van De Groene Hof,\n\nDank voor jullie brief. \
Wij zien op dit moment geen vraag naar wooncoöperaties in onze gemeente. \
Bovendien willen jullie alleen maar goedkope grond.\n\nMet vriendelijke groet,\nDe gemeente";

#[test]
fn every_page_answers_in_dutch_with_labels_and_one_h1() {
    let s = Server::start();
    for path in [
        "/",
        "/weerleg",
        "/documenten",
        "/profiel",
        "/journaal",
        "/journaal/dossier",
        "/journaal/tijdlijn",
        "/gemeente",
        "/gemeente?naam=Utrecht",
        "/kennisbank",
        "/kennisbank/tegenwerpingen",
        "/kennisbank/argumenten",
        "/kennisbank/rollen",
        "/kennisbank/checklists",
        "/kennisbank/partijen",
        "/kennisbank/partijen/vvd",
        "/kennisbank/rollen/wethouder-wonen",
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        assert_eq!(
            r.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        assert!(r.header("access-control-allow-origin").is_none(), "{path}");
        assert_page(&r.text(), path);
    }
    let js = s.get("/static/coop.js");
    assert_eq!(js.status, 200);
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    let css = s.get("/static/coop.css");
    assert_eq!(css.status, 200);
    assert!(css.text().contains(":focus-visible"));
    let r = s.get("/kennisbank/tegenwerpingen");
    let text = r.text();
    let list = &text[text.find("<ul class=\"lijst\">").unwrap()..];
    let first = html_unescape(&attr_after(list, "<li><a href=\""));
    let entry = s.get(&first);
    assert_eq!(entry.status, 200, "{first}");
    assert!(entry.text().contains("Kort antwoord"), "{first}");

    let wrong = s.get("/journaal/nieuw");
    assert_eq!(wrong.status, 405);
    assert!(
        wrong.text().contains("Dat kan hier niet"),
        "{}",
        wrong.text()
    );
    let missing = s.get("/bestaat-niet");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Deze pagina bestaat niet"));
    let unknown = s.get("/kennisbank/tegenwerpingen/bestaat-niet");
    assert_eq!(unknown.status, 404);
    assert!(
        unknown.text().contains("bestaat-niet"),
        "{}",
        unknown.text()
    );
}

#[test]
fn a_pasted_mail_gives_every_objection_and_a_reply_letter() {
    let s = Server::start();
    let r = s.post("/weerleg", &[("tekst", MAIL)]);
    assert_eq!(r.status, 200);
    let page = r.text();
    assert_page(&page, "weerleg");
    assert!(page.contains("2 tegenwerpingen gevonden"), "{page}");
    assert!(page.contains("Maak een antwoordbrief"), "{page}");
    assert!(page.contains("Kort antwoord"), "{page}");
    // A next step links to its checklist, which answers.
    let link = html_unescape(&attr_after(&page, "<a href=\"/kennisbank/checklists/"));
    assert_eq!(
        s.get(&format!("/kennisbank/checklists/{link}")).status,
        200,
        "{link}"
    );
    // The same answer as the command line gives.
    let cli = crate::common::stdout_of(coop().args(["weerleg", "--format", "md", MAIL]));
    let first_heading = cli
        .lines()
        .find(|l| l.starts_with('#'))
        .unwrap()
        .trim_start_matches('#')
        .trim()
        .to_string();
    assert!(page.contains(&first_heading), "{first_heading}");

    // The reply letter answers each point.
    let reply = s.post("/documenten", &[("soort", "brief"), ("tekst", MAIL)]);
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(
        reply.text().contains("Reactie op uw bericht"),
        "{}",
        reply.text()
    );

    // One sentence: its best objection, no reply button.
    let one = s.get("/weerleg?tekst=jullie+willen+alleen+maar+goedkope+grond");
    assert!(one.text().contains("Er is één tegenwerping gevonden"));
    assert!(!one.text().contains("Maak een antwoordbrief"));
    // Instead: a letter that answers it beforehand.
    let id = attr_after(&one.text(), "name=\"weerleg\" value=\"");
    let letter = s.post("/documenten", &[("soort", "brief"), ("weerleg", &id)]);
    assert_eq!(letter.status, 200);
    assert!(
        letter.text().contains(&format!("value=\"{id}\" checked")),
        "{}",
        letter.text()
    );

    let none = s.post("/weerleg", &[("tekst", "het weer is mooi vandaag")]);
    assert_eq!(none.status, 200);
    assert!(
        none.text().contains("Geen antwoord gevonden"),
        "{}",
        none.text()
    );
}

#[test]
fn user_text_is_escaped_everywhere() {
    let s = Server::start();
    let evil = "<script>alert(1)</script> er is geen vraag naar";
    let page = s.post("/weerleg", &[("tekst", evil)]).text();
    assert!(!page.contains("<script>"), "{page}");
    assert!(page.contains("&lt;script&gt;"), "{page}");
    let page = s
        .post(
            "/documenten",
            &[
                ("soort", "brief"),
                ("aan", "fractie"),
                ("partij", "<b>VVD</b>"),
            ],
        )
        .text();
    assert!(!page.contains("<b>VVD</b>"), "{page}");
}

#[test]
fn a_letter_for_the_vvd_downloads_in_every_format() {
    let s = Server::start();
    let form = [("soort", "brief"), ("aan", "fractie"), ("partij", "VVD")];
    let page = s.post("/documenten", &form);
    assert_eq!(page.status, 200);
    let html = page.text();
    assert_page(&html, "documenten");
    assert!(html.contains("VVD"), "{html}");
    assert!(html.contains("De Groene Hof"), "{html}");
    for (format, mime, start) in [
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            &b"PK"[..],
        ),
        ("html", "text/html; charset=utf-8", b"<!DOCTYPE html>"),
        ("eml", "message/rfc822", b""),
        ("txt", "text/plain; charset=utf-8", b""),
        ("md", "text/markdown; charset=utf-8", b""),
    ] {
        let mut f = form.to_vec();
        f.push(("formaat", format));
        let r = s.post("/documenten/download", &f);
        assert_eq!(r.status, 200, "{format}: {}", r.text());
        assert_eq!(r.header("content-type"), Some(mime), "{format}");
        assert_eq!(
            r.header("content-disposition"),
            Some(format!("attachment; filename=\"brief-fractie-vvd.{format}\"").as_str())
        );
        assert!(r.body.starts_with(start), "{format}");
        if format == "eml" {
            assert!(r.text().contains("X-Unsent: 1"));
        }
    }
    // The same bytes as the command line makes (Markdown, same date).
    let mut f = form.to_vec();
    f.extend([("formaat", "md"), ("datum", "2026-03-14")]);
    let web = s.post("/documenten/download", &f).text();
    let cli = crate::common::stdout_of(coop().current_dir(s.dir.path()).args([
        "brief",
        "--aan",
        "fractie",
        "--partij",
        "VVD",
        "--datum",
        "2026-03-14",
    ]));
    assert_eq!(web, cli);

    // A file name from odd input stays a plain name.
    let r = s.post(
        "/documenten/download",
        &[
            ("soort", "brief"),
            ("aan", "fractie"),
            ("partij", "../\"Groen\r\nLinks\""),
            ("formaat", "txt"),
        ],
    );
    assert_eq!(
        r.header("content-disposition"),
        Some("attachment; filename=\"brief-fractie-groen-links.txt\"")
    );
    let bad = s.post("/documenten/download", &[("formaat", "exe")]);
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("Formaat"), "{}", bad.text());
    // Wrong types: the form comes back with a Dutch message.
    for (form, status, message) in [
        (vec![("woorden", "veel")], 400, "geef een getal"),
        (
            vec![("soort", "gedicht")],
            400,
            "kies uit: brief, inspreek, motie, manifest",
        ),
        (vec![("aan", "koning")], 400, "kies uit: raad, fractie"),
        (
            vec![("soort", "inspreek"), ("minuten", "90")],
            400,
            "tussen 0,5 en 60 minuten",
        ),
        (vec![("datum", "2026-02-30")], 400, "geen bestaande datum"),
        (vec![("gemeente", "Atlantis")], 404, "Atlantis"),
        (
            vec![("aan", "fracties")],
            404,
            "lees hem in met: coop data importeer kiesraad",
        ),
    ] {
        let r = s.post("/documenten", &form);
        assert_eq!(r.status, status, "{form:?}: {}", r.text());
        assert!(r.text().contains(message), "{form:?}: {}", r.text());
        assert!(r.text().contains("Maak het document"), "the form stays");
    }
    for kind in ["inspreek", "motie", "manifest"] {
        let r = s.post("/documenten", &[("soort", kind)]);
        assert_eq!(r.status, 200, "{kind}: {}", r.text());
    }
}

#[test]
fn a_foreign_host_or_origin_is_refused() {
    let s = Server::start();
    let port = s.host.rsplit(':').next().unwrap().to_string();
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1".into(),
        String::new(),
    ] {
        let r = s.send("GET", "/", &[("Host", &host)], None);
        assert_eq!(r.status, 403, "Host {host}");
        assert!(r.text().contains("Geweigerd"), "{}", r.text());
    }
    assert_eq!(
        s.send("GET", "/", &[("Host", &format!("localhost:{port}"))], None)
            .status,
        200
    );
    let csrf = s.csrf();
    let form = encode(&[
        ("csrf", &csrf),
        ("soort", "gesprek"),
        ("met", "Jan"),
        ("samenvatting", "Koffie"),
    ]);
    for headers in [
        vec![("Origin", "http://evil.example")],
        vec![("Referer", "http://evil.example/journaal")],
        vec![("Origin", "null")],
        vec![("Sec-Fetch-Site", "cross-site")],
    ] {
        let r = s.send("POST", "/journaal/nieuw", &headers, Some(form.as_bytes()));
        assert_eq!(r.status, 403, "{headers:?}");
        assert!(r.text().contains("andere website"), "{}", r.text());
    }
    assert!(!s.path("journaal.yaml").exists());
    // No CORS: a preflight gets no permission.
    let r = s.send(
        "OPTIONS",
        "/journaal/nieuw",
        &[
            ("Origin", "http://evil.example"),
            ("Access-Control-Request-Method", "POST"),
        ],
        None,
    );
    assert!(r.header("access-control-allow-origin").is_none());
}

#[test]
fn a_change_needs_the_session_token() {
    let s = Server::start();
    for form in [
        vec![
            ("soort", "gesprek"),
            ("met", "Jan"),
            ("samenvatting", "Koffie"),
        ],
        vec![
            ("csrf", "fout"),
            ("soort", "gesprek"),
            ("met", "Jan"),
            ("samenvatting", "Koffie"),
        ],
    ] {
        let r = s.post("/journaal/nieuw", &form);
        assert_eq!(r.status, 403);
        assert!(r.text().contains("verlopen"), "{}", r.text());
    }
    let r = s.post("/profiel", &[("naam", "Overgenomen")]);
    assert_eq!(r.status, 403);
    assert!(!s.path("journaal.yaml").exists());
    assert_eq!(
        std::fs::read_to_string(s.path("coop.yaml")).unwrap(),
        PROFILE
    );
    // Another session's token does not work either.
    let other = Server::start();
    let r = s.post(
        "/journaal/nieuw",
        &[
            ("csrf", &other.csrf()),
            ("soort", "gesprek"),
            ("met", "Jan"),
            ("samenvatting", "Koffie"),
        ],
    );
    assert_eq!(r.status, 403);
}

#[test]
fn bodies_over_the_limit_get_a_dutch_413() {
    let s = Server::start();
    let big = format!("tekst={}", "a".repeat(3 * 1024 * 1024));
    let origin = format!("http://{}", s.host);
    let r = s.send(
        "POST",
        "/weerleg",
        &[("Origin", &origin)],
        Some(big.as_bytes()),
    );
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.text().contains("te groot"), "{}", r.text());
    assert!(r.text().contains("2 MB"), "{}", r.text());
    // Under the form limit but over the matcher's: its own message.
    let r = s.post("/weerleg", &[("tekst", &"woord ".repeat(20_000))]);
    assert_eq!(r.status, 400);
    assert!(r.text().contains("te lang"), "{}", r.text());
    let r = s.send(
        "POST",
        "/weerleg",
        &[("Origin", &origin)],
        Some(b"tekst=%FF%FE"),
    );
    assert_eq!(r.status, 400);
}

#[test]
fn a_journal_event_added_in_the_browser_is_in_the_file_and_the_dossier() {
    let s = Server::start();
    let csrf = s.csrf();
    let r = s.post(
        "/journaal/nieuw",
        &[
            ("csrf", &csrf),
            ("soort", "gesprek"),
            ("datum", "2026-03-14"),
            ("met", "Jan de Vries"),
            ("rol", "projectleider"),
            (
                "samenvatting",
                "Kennismaking over de kavel aan de Kerkstraat",
            ),
            ("vervolg", "Plan op één A4 sturen"),
            ("vervolgdatum", "2026-03-28"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let to = r.header("location").unwrap().to_string();
    assert!(to.starts_with("/journaal?opgeslagen="), "{to}");
    let page = s.get(&to).text();
    assert!(page.contains("Vastgelegd in het journaal"), "{page}");
    assert!(page.contains("Kennismaking over de kavel"), "{page}");
    assert!(page.contains("Plan op één A4 sturen"), "{page}");
    // The command line sees it.
    let cli = crate::common::stdout_of(coop().current_dir(s.dir.path()).args(["journaal"]));
    assert!(cli.contains("Kennismaking"), "{cli}");
    let dossier = s.get("/journaal/dossier?voor=projectleider").text();
    assert!(dossier.contains("Kennismaking over de kavel"), "{dossier}");
    // And a change on the command line is on the page.
    coop()
        .current_dir(s.dir.path())
        .args([
            "journaal",
            "nieuw",
            "--soort",
            "brief",
            "--datum",
            "2026-03-20",
            "--samenvatting",
            "Brief aan de raad gestuurd",
            "--openbaar",
        ])
        .assert()
        .success();
    assert!(s
        .get("/journaal")
        .text()
        .contains("Brief aan de raad gestuurd"));
    assert!(s
        .get("/journaal/tijdlijn")
        .text()
        .contains("Brief aan de raad gestuurd"));
    // A follow-up on its own.
    let r = s.post(
        "/journaal/vervolg",
        &[
            ("csrf", &csrf),
            ("wat", "Griffie bellen"),
            ("datum", "2026-04-01"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(s.get("/journaal").text().contains("Griffie bellen"));
    let todo = crate::common::stdout_of(coop().current_dir(s.dir.path()).args(["todo", "--alle"]));
    assert!(todo.contains("Griffie bellen"), "{todo}");
    let r = s.post(
        "/journaal/vervolg",
        &[("csrf", &csrf), ("wat", "Iets"), ("datum", "2026-02-30")],
    );
    assert_eq!(r.status, 400);
    assert!(r.text().contains("geen bestaande datum"), "{}", r.text());
    let r = s.post("/journaal/klaar", &[("csrf", &csrf), ("id", "v2")]);
    assert_eq!(r.status, 303);
    // Mark the follow-up done.
    let page = s.get("/journaal").text();
    let id = attr_after(&page, "name=\"id\" value=\"");
    let r = s.post("/journaal/klaar", &[("csrf", &csrf), ("id", &id)]);
    assert_eq!(r.status, 303);
    assert!(s
        .get("/journaal?klaar=1")
        .text()
        .contains("Er staat niets open"));
    // A missing field: the form comes back with a Dutch message, nothing written.
    let before = std::fs::read(s.path("journaal.yaml")).unwrap();
    let r = s.post(
        "/journaal/nieuw",
        &[
            ("csrf", &csrf),
            ("soort", "gesprek"),
            ("samenvatting", "Zonder naam"),
        ],
    );
    assert_eq!(r.status, 400);
    assert!(
        r.text().contains("Er ontbreekt iets: met wie"),
        "{}",
        r.text()
    );
    assert!(
        r.text().contains("Zonder naam"),
        "the form keeps what was typed"
    );
    assert_eq!(std::fs::read(s.path("journaal.yaml")).unwrap(), before);
}

#[test]
fn an_event_is_edited_and_a_stale_edit_is_refused() {
    let s = Server::start();
    let csrf = s.csrf();
    let r = s.post(
        "/journaal/nieuw",
        &[
            ("csrf", &csrf),
            ("soort", "gesprek"),
            ("datum", "2026-03-14"),
            ("met", "Jan de Vries"),
            ("rol", "projectleider"),
            ("samenvatting", "Eerste versie"),
        ],
    );
    assert_eq!(r.status, 303);
    let page = s.get("/journaal").text();
    assert!(page.contains("Jan de Vries"), "contacts: {page}");
    assert!(page.contains("Projectleider"), "the role's name: {page}");
    let href = html_unescape(&attr_after(&page, "<td><a href=\""));
    let form = s.get(&href).text();
    assert_page(&form, "wijzig");
    assert!(form.contains("Eerste versie"));
    let id = attr_after(&form, "name=\"id\" value=\"");
    let versie = attr_after(&form, "name=\"versie\" value=\"");
    let edit = |summary: &str, versie: &str| {
        s.post(
            "/journaal/wijzig",
            &[
                ("csrf", &csrf),
                ("id", &id),
                ("versie", versie),
                ("soort", "gesprek"),
                ("datum", "2026-03-14"),
                ("met", "Jan de Vries"),
                ("samenvatting", summary),
                ("uitkomst", "Hij belt terug"),
                ("openbaar", "ja"),
            ],
        )
    };
    let r = edit("Tweede versie", &versie);
    assert_eq!(r.status, 303, "{}", r.text());
    let text = std::fs::read_to_string(s.path("journaal.yaml")).unwrap();
    assert!(
        text.contains("Tweede versie") && text.contains("Hij belt terug"),
        "{text}"
    );
    assert!(!text.contains("Eerste versie"));
    // The other tab still has the first version: refused, nothing written.
    let r = edit("Derde versie", &versie);
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r
        .text()
        .contains("is veranderd sinds je deze pagina opende"));
    assert_eq!(
        std::fs::read_to_string(s.path("journaal.yaml")).unwrap(),
        text
    );
    assert_eq!(s.get("/journaal/wijzig?id=bestaat-niet").status, 404);
}

#[test]
fn a_broken_journal_gives_the_command_line_message() {
    let s = Server::start();
    std::fs::write(
        s.path("journaal.yaml"),
        "gebeurtenissen:\n  - datum: 2026-02-30\n    soort: gesprek\n    samenvatting: x\n",
    )
    .unwrap();
    let cli = coop()
        .current_dir(s.dir.path())
        .args(["journaal"])
        .output()
        .unwrap();
    let message = String::from_utf8_lossy(&cli.stderr).into_owned();
    assert!(message.contains("geen bestaande datum"), "{message}");
    let r = s.get("/journaal");
    assert_eq!(r.status, 422);
    let page = r.text();
    assert!(page.contains("2026-02-30"), "{page}");
    assert!(page.contains("is geen bestaande datum"), "{page}");
    let csrf = attr_after(&s.get("/profiel").text(), "name=\"csrf\" value=\"");
    let r = s.post(
        "/journaal/nieuw",
        &[
            ("csrf", &csrf),
            ("soort", "gesprek"),
            ("met", "Jan"),
            ("samenvatting", "Koffie"),
        ],
    );
    assert_eq!(r.status, 422);
    assert!(std::fs::read_to_string(s.path("journaal.yaml"))
        .unwrap()
        .contains("2026-02-30"));

    std::fs::write(s.path("coop.yaml"), "naam: [kapot\n").unwrap();
    let r = s.get("/documenten");
    assert_eq!(r.status, 422);
    assert!(r.text().contains("coop.yaml"), "{}", r.text());
}

#[test]
fn a_missing_profile_named_with_profiel_gives_the_command_line_message() {
    let s = Server::start_with(false, &["--profiel", "elders.yaml"]);
    let cli = coop()
        .current_dir(s.dir.path())
        .args(["brief", "--profiel", "elders.yaml"])
        .output()
        .unwrap();
    let message = String::from_utf8_lossy(&cli.stderr).into_owned();
    let message = message.trim().trim_start_matches("coop: ");
    let r = s.get("/documenten");
    assert_eq!(r.status, 404);
    assert!(r.text().contains(message), "{message}: {}", r.text());
    // The profile page offers to make it.
    let page = s.get("/profiel").text();
    assert!(page.contains("elders.yaml"), "{page}");
}

#[test]
fn the_profile_form_keeps_comments_and_refuses_a_changed_file() {
    let s = Server::start();
    let original = format!("# Onze eigen opmerking\n{PROFILE}kleur: groen  # onbekend veld\n");
    std::fs::write(s.path("coop.yaml"), &original).unwrap();
    let page = s.get("/profiel").text();
    assert_page(&page, "profiel");
    assert!(page.contains("value=\"De Groene Hof\""), "{page}");
    let csrf = attr_after(&page, "name=\"csrf\" value=\"");
    let versie = attr_after(&page, "name=\"versie\" value=\"");
    let form = |naam: &'static str, versie: &str| -> Vec<(String, String)> {
        let mut f = vec![
            ("csrf".to_string(), csrf.clone()),
            ("versie".to_string(), versie.to_string()),
        ];
        for key in coop::core::profile::keys() {
            let marker = format!("name=\"{key}\"");
            let i = page.find(&marker).unwrap();
            let before = &page[..i];
            let tag_start = before.rfind('<').unwrap();
            let value = if page[tag_start..].starts_with("<textarea") {
                let open = page[i..].find('>').unwrap() + i + 1;
                let close = page[open..].find("</textarea>").unwrap() + open;
                html_unescape(&page[open..close])
            } else {
                html_unescape(&attr_after(&page[i..], "value=\""))
            };
            f.push((key.to_string(), value));
        }
        f.iter_mut().find(|(k, _)| k == "naam").unwrap().1 = naam.to_string();
        f
    };
    let as_refs = |f: &[(String, String)]| -> Vec<(String, String)> { f.to_vec() };
    let post = |f: Vec<(String, String)>| {
        let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        s.post("/profiel", &pairs)
    };
    let r = post(as_refs(&form("De Nieuwe Hof", &versie)));
    assert_eq!(r.status, 303, "{}", r.text());
    let saved = std::fs::read_to_string(s.path("coop.yaml")).unwrap();
    assert!(saved.contains("# Onze eigen opmerking"), "{saved}");
    assert!(saved.contains("kleur: groen"), "{saved}");
    assert!(saved.contains("naam: De Nieuwe Hof"), "{saved}");
    // Only the changed line differs.
    let diff: Vec<_> = original
        .lines()
        .zip(saved.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(diff.len(), 1, "{diff:?}");
    assert!(s.get("/profiel?opgeslagen=1").text().contains("Opgeslagen"));
    // The letter has the new name.
    let letter = s.post("/documenten", &[("soort", "brief")]).text();
    assert!(letter.contains("De Nieuwe Hof"));

    // A second tab still has the old version: refused, nothing written.
    let r = post(as_refs(&form("Tweede Tabblad", &versie)));
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(
        r.text()
            .contains("is veranderd sinds je deze pagina opende"),
        "{}",
        r.text()
    );
    assert!(
        r.text().contains("value=\"Tweede Tabblad\""),
        "the form keeps what was typed"
    );
    assert_eq!(std::fs::read_to_string(s.path("coop.yaml")).unwrap(), saved);

    // A wrong value: the same check as coop init --set, nothing written.
    let fresh = attr_after(&s.get("/profiel").text(), "name=\"versie\" value=\"");
    let mut f = form("De Nieuwe Hof", &fresh);
    f.iter_mut().find(|(k, _)| k == "email").unwrap().1 = "geen-adres".into();
    f.iter_mut().find(|(k, _)| k == "leden").unwrap().1 = "veel".into();
    let r = post(f);
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.text().contains("email"), "{}", r.text());
    assert!(r.text().contains("leden"), "{}", r.text());
    assert_eq!(std::fs::read_to_string(s.path("coop.yaml")).unwrap(), saved);
}

fn html_unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn a_new_profile_is_made_from_the_form() {
    let s = Server::start_with(false, &[]);
    let page = s.get("/profiel").text();
    assert!(page.contains("nog geen coop.yaml"), "{page}");
    let csrf = attr_after(&page, "name=\"csrf\" value=\"");
    let r = s.post(
        "/profiel",
        &[
            ("csrf", &csrf),
            ("versie", "geen"),
            ("naam", "Het Erf"),
            ("gemeente", "Zwolle"),
            ("doelgroepen", "ouderen\nstarters"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let text = std::fs::read_to_string(s.path("coop.yaml")).unwrap();
    assert!(text.contains("naam: Het Erf"), "{text}");
    let (p, _) = coop::core::profile::parse("coop.yaml", &text).unwrap();
    assert_eq!(p.doelgroepen, ["ouderen", "starters"]);
}

#[test]
fn another_host_needs_a_token_which_every_request_then_carries() {
    let out = coop()
        .args(["serve", "--host", "0.0.0.0", "--port", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--token"), "{err}");

    let token = "een-lang-geheim-van-32-tekens-xx";
    let s = Server::start_with(true, &["--token", token]);
    assert_eq!(s.get("/").status, 401);
    assert_eq!(s.get("/?token=fout").status, 401);
    let r = s.get(&format!("/?token={token}"));
    assert_eq!(r.status, 200);
    let cookie = r.header("set-cookie").unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap();
    let r = s.send("GET", "/journaal", &[("Cookie", pair)], None);
    assert_eq!(r.status, 200);

    // In the network any name of the computer works, with the token only.
    let s = Server::start_with(true, &["--host", "0.0.0.0", "--token", token]);
    let port = s.host.rsplit(':').next().unwrap().to_string();
    let name = format!("coop-pc.local:{port}");
    let r = s.send("GET", "/", &[("Host", &name)], None);
    assert_eq!(r.status, 401);
    let r = s.send("GET", &format!("/?token={token}"), &[("Host", &name)], None);
    assert_eq!(r.status, 200);
    let cookie = r
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let csrf = attr_after(
        &s.send(
            "GET",
            "/journaal",
            &[("Host", &name), ("Cookie", &cookie)],
            None,
        )
        .text(),
        "name=\"csrf\" value=\"",
    );
    let form = encode(&[
        ("csrf", &csrf),
        ("soort", "actie"),
        ("samenvatting", "Flyers"),
    ]);
    let from_here = format!("http://{name}");
    let r = s.send(
        "POST",
        "/journaal/nieuw",
        &[("Host", &name), ("Cookie", &cookie), ("Origin", &from_here)],
        Some(form.as_bytes()),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let r = s.send(
        "POST",
        "/journaal/nieuw",
        &[
            ("Host", &name),
            ("Cookie", &cookie),
            ("Origin", "http://evil.example"),
        ],
        Some(form.as_bytes()),
    );
    assert_eq!(r.status, 403);
}

#[test]
fn open_starts_the_browser_and_a_missing_browser_is_only_a_warning() {
    let bin = tempfile::tempdir().unwrap();
    let seen = bin.path().join("geopend");
    let script = bin.path().join("xdg-open");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$1\" > {}\n", seen.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = bin.path().to_str().unwrap();
    let s = Server::start_env(false, &["--open"], &[("PATH", path)]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !seen.exists() {
        assert!(Instant::now() < deadline, "xdg-open was not started");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(std::fs::read_to_string(&seen).unwrap().trim(), s.url);
    drop(s);

    // No browser to start: a warning, and the server still answers.
    let empty = tempfile::tempdir().unwrap();
    let path = empty.path().to_str().unwrap();
    let s = Server::start_env(false, &["--open"], &[("PATH", path)]);
    assert_eq!(s.get("/").status, 200);
    let (code, err) = s.stop();
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("de browser ging niet vanzelf open"), "{err}");
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let s = Server::start();
    assert_eq!(s.get("/").status, 200);
    let (code, err) = s.stop();
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("gestopt"), "{err}");
}

#[test]
fn fifty_concurrent_journal_posts_lose_nothing() {
    // On a busy machine the last of 50 writers may wait longer than the
    // lock's usual 10 seconds; this test is about losing nothing.
    let s = Server::start_env(true, &[], &[("COOP_LOCK_WAIT_MS", "120000")]);
    let csrf = s.csrf();
    let threads: Vec<_> = (0..50)
        .map(|i| {
            let host = s.host.clone();
            let csrf = csrf.clone();
            std::thread::spawn(move || {
                let origin = format!("http://{host}");
                let summary = format!("Gesprek nummer {i}");
                let body = encode(&[
                    ("csrf", &csrf),
                    ("soort", "actie"),
                    ("datum", "2026-03-14"),
                    ("samenvatting", &summary),
                ]);
                request(
                    &host,
                    "POST",
                    "/journaal/nieuw",
                    &[("Origin", &origin)],
                    Some(body.as_bytes()),
                )
                .status
            })
        })
        .collect();
    let statuses: Vec<u16> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(statuses.iter().all(|s| *s == 303), "{statuses:?}");
    let text = std::fs::read_to_string(s.path("journaal.yaml")).unwrap();
    let j = coop::core::journal::store::parse("journaal.yaml", &text).unwrap();
    assert_eq!(j.gebeurtenissen.len(), 50);
    for i in 0..50 {
        assert!(text.contains(&format!("Gesprek nummer {i}\n")), "{i} lost");
    }
}

/// "Een brief aan elke fractie" works in the browser too: the first letter
/// as a preview, and every letter in one zip, the same letters the command
/// line writes. Without an imported result the page says how to get one.
#[test]
fn letters_to_every_party_download_as_one_zip() {
    let s = Server::start();
    let form = [("soort", "brief"), ("aan", "fracties"), ("doel", "gesprek")];
    let none = s.post("/documenten", &form);
    assert_eq!(none.status, 404, "{}", none.text());
    assert!(none.text().contains("coop data importeer kiesraad"));

    let data = tempfile::tempdir().unwrap();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/council/uitslag_GR2026.csv");
    coop()
        .args(["data", "importeer", "kiesraad"])
        .arg(&sample)
        .arg("--out")
        .arg(data.path())
        .assert()
        .success();
    let data_arg = data.path().to_string_lossy().into_owned();
    let s = Server::start_with(true, &["--data", &data_arg]);
    let page = s.post("/documenten", &form);
    assert_eq!(page.status, 200, "{}", page.text());
    let html = page.text();
    assert_page(&html, "documenten");
    assert!(
        html.contains("brieven, één voor elke fractie in de raad"),
        "{html}"
    );

    let mut f = form.to_vec();
    f.push(("formaat", "md"));
    let r = s.post("/documenten/download", &f);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/zip"));
    assert_eq!(
        r.header("content-disposition"),
        Some("attachment; filename=\"brieven-fracties.zip\"")
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body.clone())).unwrap();
    // The command line, in the same folder and with the same data.
    let out = s.dir.path().join("cli.zip");
    coop()
        .current_dir(s.dir.path())
        .args([
            "brief", "--aan", "fracties", "--doel", "gesprek", "--format", "md",
        ])
        .args(["--data", &data_arg])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let mut cli = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    assert!(zip.len() >= 3, "one letter per party with seats");
    assert_eq!(zip.len(), cli.len());
    for i in 0..cli.len() {
        let mut want = String::new();
        let mut got = String::new();
        use std::io::Read;
        let mut c = cli.by_index(i).unwrap();
        let name = c.name().to_string();
        c.read_to_string(&mut want).unwrap();
        zip.by_name(&name)
            .unwrap()
            .read_to_string(&mut got)
            .unwrap();
        assert_eq!(got, want, "{name}");
    }
}

/// A manifest with its signatories typed in the form, one per line.
#[test]
fn a_manifest_takes_signatories_typed_one_per_line() {
    let s = Server::start();
    let form = [
        ("soort", "manifest"),
        ("ondertekenaars", "De Groene Hof; 45\nHet Zwanenest; 30"),
    ];
    let page = s.post("/documenten", &form);
    assert_eq!(page.status, 200, "{}", page.text());
    let html = page.text();
    assert!(html.contains("Het Zwanenest"), "{html}");
    assert!(
        html.contains("met samen 75 leden"),
        "the members of both: {html}"
    );
    let bad = s.post(
        "/documenten",
        &[("soort", "manifest"), ("ondertekenaars", "A; veel")],
    );
    assert_eq!(bad.status, 400);
    let text = bad.text();
    assert!(
        text.contains("regel 1:") && text.contains("is geen aantal leden"),
        "{text}"
    );
}
