//! `coop serve` in a real browser: headless Chromium through WebDriver
//! (chromedriver), the steps of the "done when": answer an
//! objection from a pasted e-mail, make a letter for the VVD fractie and
//! download it as Word (checked like every docx), change the profile and
//! see the letter change, record a conversation and find it in the
//! dossier, and one task with the keyboard only.
//!
//! Needs the Debian packages chromium and chromium-driver (.ci/run
//! installs them); without them these tests fail, they do not skip.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};

use super::web::Server;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// One browser at a time: the machine is small and Chromium is not.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// chromedriver on a free port, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_driver() -> Driver {
    assert!(
        Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists(),
        "the browser tests need Chromium and chromedriver: apt-get install -y chromium chromium-driver"
    );
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}

async fn browser(driver: &Driver, profile: &Path, downloads: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": CHROMIUM,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--lang=nl",
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": {
                "download.default_directory": downloads.display().to_string(),
                "download.prompt_for_download": false,
                "download.directory_upgrade": true,
            },
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("chromedriver started no Chromium session")
}

/// Runs one browser session against a fresh `coop serve`.
fn with_browser<F>(test: F)
where
    F: for<'a> FnOnce(&'a Client, &'a Server, &'a Path) -> futures_like::BoxFuture<'a>,
{
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let server = Server::start();
    let driver = start_driver();
    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = browser(&driver, profile.path(), downloads.path()).await;
        let result = std::panic::AssertUnwindSafe(test(&client, &server, downloads.path()));
        let outcome = futures_like::catch(result).await;
        let _ = client.close().await;
        if let Err(p) = outcome {
            std::panic::resume_unwind(p);
        }
    });
}

/// Small helpers so a test can be an async closure without more crates.
mod futures_like {
    use std::future::Future;
    use std::panic::AssertUnwindSafe;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    pub type BoxFuture<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;

    /// Like `catch_unwind` for a future.
    pub struct Catch<F>(AssertUnwindSafe<F>);

    impl<F: Future<Output = ()> + Unpin> Future for Catch<F> {
        type Output = std::thread::Result<()>;
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let inner = &mut self.0;
            match std::panic::catch_unwind(AssertUnwindSafe(|| Pin::new(&mut inner.0).poll(cx))) {
                Ok(Poll::Pending) => Poll::Pending,
                Ok(Poll::Ready(())) => Poll::Ready(Ok(())),
                Err(p) => Poll::Ready(Err(p)),
            }
        }
    }

    pub fn catch<F: Future<Output = ()> + Unpin>(f: AssertUnwindSafe<F>) -> Catch<F> {
        Catch(f)
    }
}

async fn text_of(c: &Client, css: &str) -> String {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

async fn fill(c: &Client, css: &str, text: &str) {
    let field = c.find(Locator::Css(css)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Waits until the page at `path` is loaded (after a form was sent).
async fn wait_for_path(c: &Client, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let url = c.current_url().await.unwrap();
        let ready = c
            .execute("return document.readyState", vec![])
            .await
            .unwrap();
        if url.path() == path && ready == "complete" {
            return;
        }
        assert!(Instant::now() < deadline, "still at {url}, not {path}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A file that finished downloading into `dir`.
async fn downloaded(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let busy = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".crdownload"));
        if path.exists() && !busy {
            return path;
        }
        let seen: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            Instant::now() < deadline,
            "no {name} downloaded; there is {seen:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

const MAIL: &str = "Beste mensen,\n\nDank voor jullie brief. Wij zien op dit moment geen vraag naar wooncoöperaties in onze gemeente. Bovendien willen jullie alleen maar goedkope grond.\n\nMet vriendelijke groet,\nDe gemeente";

#[test]
fn paste_an_email_and_see_the_answers() {
    with_browser(|c, s, _| {
        Box::pin(async move {
            c.goto(&format!("{}weerleg", s.url)).await.unwrap();
            fill(c, "#tekst", MAIL).await;
            click(c, "form[action='/weerleg'] button[type=submit]").await;
            let heading = text_of(c, "#antwoorden").await;
            assert_eq!(heading, "2 tegenwerpingen gevonden");
            let answers = text_of(c, ".antwoorden").await;
            assert!(answers.contains("Kort antwoord"), "{answers}");
            assert!(
                answers.contains("geen vraag naar wooncoöperaties"),
                "{answers}"
            );
            // One click further: the reply letter.
            click(c, "form[action='/documenten'] button").await;
            wait_for_path(c, "/documenten").await;
            let title = text_of(c, "#kop-voorbeeld").await;
            assert!(title.starts_with("Reactie op uw bericht"), "{title}");
        })
    });
}

#[test]
fn make_a_letter_for_the_vvd_and_download_it_in_word() {
    with_browser(|c, s, downloads| {
        Box::pin(async move {
            c.goto(&format!("{}documenten", s.url)).await.unwrap();
            c.find(Locator::Css("#soort"))
                .await
                .unwrap()
                .select_by_value("brief")
                .await
                .unwrap();
            c.find(Locator::Css("#aan"))
                .await
                .unwrap()
                .select_by_value("fractie")
                .await
                .unwrap();
            fill(c, "#partij", "VVD").await;
            click(c, "form[action='/documenten'] button[type=submit]").await;
            wait_for_path(c, "/documenten").await;
            let preview = text_of(c, ".voorbeeld").await;
            assert!(preview.contains("VVD"), "{preview}");
            assert!(preview.contains("De Groene Hof"), "{preview}");
            // With the script, the preview follows a change without a click.
            fill(c, "#partij", "SP").await;
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                let now = text_of(c, ".voorbeeld").await;
                if now.contains("SP") && !now.contains("VVD") {
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "the preview did not follow: {now}"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            fill(c, "#partij", "VVD").await;
            click(c, "form[action='/documenten'] button[type=submit]").await;
            wait_for_path(c, "/documenten").await;
            assert!(text_of(c, ".voorbeeld").await.contains("VVD"));
            click(c, "button[name=formaat][value=docx]").await;
            let file = downloaded(downloads, "brief-fractie-vvd.docx").await;
            super::docx_schema::check_parts(&file);
            for (f, errors, first) in super::docx_schema::audit(&[file]) {
                assert_eq!(errors, 0, "{}:\n{first}", f.display());
            }
        })
    });
}

#[test]
fn change_the_profile_and_see_the_letter_change() {
    with_browser(|c, s, _| {
        Box::pin(async move {
            c.goto(&format!("{}documenten", s.url)).await.unwrap();
            click(c, "form[action='/documenten'] button[type=submit]").await;
            wait_for_path(c, "/documenten").await;
            let before = text_of(c, ".voorbeeld").await;
            assert!(before.contains("De Groene Hof"), "{before}");
            assert!(!before.contains("Het Nieuwe Erf"));

            c.goto(&format!("{}profiel", s.url)).await.unwrap();
            fill(c, "#veld-naam", "Het Nieuwe Erf").await;
            click(c, "form[action='/profiel'] button[type=submit]").await;
            wait_for_path(c, "/profiel").await;
            let status = text_of(c, ".melding").await;
            assert!(status.starts_with("Opgeslagen"), "{status}");
            let yaml = std::fs::read_to_string(s.path("coop.yaml")).unwrap();
            assert!(yaml.contains("naam: Het Nieuwe Erf"), "{yaml}");

            c.goto(&format!("{}documenten", s.url)).await.unwrap();
            click(c, "form[action='/documenten'] button[type=submit]").await;
            wait_for_path(c, "/documenten").await;
            let after = text_of(c, ".voorbeeld").await;
            assert!(after.contains("Het Nieuwe Erf"), "{after}");
        })
    });
}

#[test]
fn record_a_conversation_and_find_it_in_the_dossier() {
    with_browser(|c, s, _| {
        Box::pin(async move {
            c.goto(&format!("{}journaal", s.url)).await.unwrap();
            c.find(Locator::Css("#soort"))
                .await
                .unwrap()
                .select_by_value("gesprek")
                .await
                .unwrap();
            fill(c, "#met", "Jan de Vries").await;
            c.find(Locator::Css("#rol"))
                .await
                .unwrap()
                .select_by_value("projectleider")
                .await
                .unwrap();
            fill(
                c,
                "#samenvatting",
                "Kennismaking over de kavel aan de Kerkstraat",
            )
            .await;
            click(c, "form[action='/journaal/nieuw'] button[type=submit]").await;
            wait_for_path(c, "/journaal").await;
            let status = text_of(c, ".melding").await;
            assert!(status.starts_with("Vastgelegd in het journaal"), "{status}");
            c.find(Locator::LinkText("Dossier voor iemand die nieuw is"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            wait_for_path(c, "/journaal/dossier").await;
            let dossier = text_of(c, ".voorbeeld").await;
            assert!(dossier.contains("Kennismaking over de kavel"), "{dossier}");
            assert!(dossier.contains("Jan de Vries"), "{dossier}");
        })
    });
}

/// Presses one key in the page, as a person at a keyboard does.
async fn press(c: &Client, key: Key) {
    let k: char = key.into();
    c.perform_actions(
        KeyActions::new("toetsenbord".into())
            .then(KeyAction::Down { value: k })
            .then(KeyAction::Up { value: k }),
    )
    .await
    .unwrap();
}

async fn focused(c: &Client) -> (String, String) {
    let e = c.active_element().await.unwrap();
    let id = e.attr("id").await.unwrap().unwrap_or_default();
    let text = e.text().await.unwrap_or_default();
    (id, text)
}

#[test]
fn answer_an_objection_with_the_keyboard_only() {
    with_browser(|c, s, _| {
        Box::pin(async move {
            c.goto(&format!("{}weerleg", s.url)).await.unwrap();
            // The first Tab reaches the skip link; Enter jumps to the content.
            press(c, Key::Tab).await;
            let (_, text) = focused(c).await;
            assert_eq!(text, "Naar de inhoud");
            let outline = c
                .execute(
                    "return getComputedStyle(document.activeElement).outlineStyle",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(outline, "solid", "focus is visible");
            press(c, Key::Enter).await;
            // From the content, Tab reaches the text box.
            let mut tabs = 0;
            loop {
                press(c, Key::Tab).await;
                tabs += 1;
                if focused(c).await.0 == "tekst" {
                    break;
                }
                assert!(
                    tabs < 5,
                    "the text box is not reached by Tab from the content"
                );
            }
            c.active_element()
                .await
                .unwrap()
                .send_keys("jullie willen alleen maar goedkope grond")
                .await
                .unwrap();
            press(c, Key::Tab).await;
            let (_, button) = focused(c).await;
            assert_eq!(button, "Zoek het antwoord");
            press(c, Key::Enter).await;
            let heading = text_of(c, "#antwoorden").await;
            assert_eq!(heading, "Er is één tegenwerping gevonden");
        })
    });
}
