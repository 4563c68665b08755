//! One rendered document in every output format. All formats derive from
//! the one Markdown text.

use serde::Serialize;

use crate::error::{Error, Result};

crate::choice! {
    /// The formats a document can be written in.
    pub enum DocFormat {
        Md = "md": "Markdown.",
        Txt = "txt": "Platte tekst.",
        Html = "html": "Een HTML-pagina om te printen (A4).",
        Eml = "eml": "Een e-mail om te openen in je mailprogramma.",
        Docx = "docx": "Een Word-bestand.",
        Json = "json": "JSON met het document en de gebruikte gegevens.",
    }
}

impl DocFormat {
    /// The file name extension, which is the id.
    pub fn extension(self) -> &'static str {
        self.id()
    }
}

crate::choice! {
    /// How to show knowledge base entries.
    pub enum ShowFormat {
        Text = "text": "Leesbare tekst (tabel zonder ID).",
        Md = "md": "Markdown.",
        Json = "json": "JSON, voor scripts.",
    }
}

/// A rendered document with what the writers need besides the text.
#[derive(Debug, Clone, Serialize)]
pub struct Doc {
    /// Kind of document: brief, inspreektekst, manifest.
    pub soort: String,
    pub titel: String,
    pub markdown: String,
    pub woorden: usize,
    /// (name, address) of the sender, for eml.
    #[serde(skip)]
    pub from: Option<(String, String)>,
    /// (name, address) of recipients, for eml.
    #[serde(skip)]
    pub to: Vec<(String, String)>,
}

/// Text width for .txt output.
const TXT_WIDTH: usize = 72;

/// The time written into documents (docx properties, mail Date). With
/// SOURCE_DATE_EPOCH set (seconds since 1970, the reproducible-builds
/// convention) that time instead, so output can be compared byte for byte.
pub fn now() -> jiff::Timestamp {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now)
}

/// When and as which letter of a run a document is written: the time in
/// docx properties and the mail's Date, and the number in its Message-ID.
#[derive(Debug, Clone, Copy)]
pub struct Stamp {
    pub at: jiff::Timestamp,
    /// The letter's number in a mail merge; `None` counts the e-mails
    /// this process writes.
    pub seq: Option<u64>,
}

/// The bytes of `doc` in `format`. `context` is added to JSON output.
pub fn bytes<C: Serialize>(
    doc: &Doc,
    format: DocFormat,
    context: &C,
    missing: &[impl Serialize],
) -> Result<Vec<u8>> {
    let stamp = Stamp {
        at: now(),
        seq: None,
    };
    bytes_stamped(doc, format, context, missing, &stamp)
}

/// As `bytes`, with the time and number given (a mail merge writes its
/// letters on several threads, in any order).
pub fn bytes_stamped<C: Serialize>(
    doc: &Doc,
    format: DocFormat,
    context: &C,
    missing: &[impl Serialize],
    stamp: &Stamp,
) -> Result<Vec<u8>> {
    Ok(match format {
        DocFormat::Md => doc.markdown.clone().into_bytes(),
        DocFormat::Txt => super::text::to_text(&doc.markdown, TXT_WIDTH).into_bytes(),
        DocFormat::Html => super::html::to_html(&doc.markdown, &doc.titel, "nl").into_bytes(),
        DocFormat::Eml => {
            let text = super::text::to_text(&doc.markdown, TXT_WIDTH);
            let html = super::html::to_html(&doc.markdown, &doc.titel, "nl");
            let mail = super::eml::Mail {
                subject: doc.titel.clone(),
                from: doc.from.clone(),
                to: doc.to.clone(),
                date: stamp.at,
                seq: stamp.seq,
            };
            super::eml::to_eml(&mail, &text, &html).map_err(Error::Usage)?
        }
        DocFormat::Docx => {
            let meta = super::docx::DocxMeta {
                title: &doc.titel,
                // The sender is the cooperative; only known with its address.
                creator: doc.from.as_ref().map(|(name, _)| name.as_str()),
                created: stamp.at,
            };
            super::docx::to_docx(&doc.markdown, &meta).map_err(|e| Error::Template {
                name: "docx".into(),
                message: e,
            })?
        }
        DocFormat::Json => {
            let value = serde_json::json!({
                "soort": doc.soort,
                "titel": doc.titel,
                "document": doc.markdown,
                "woorden": doc.woorden,
                "ontbreekt": missing,
                "context": context,
            });
            let mut s = serde_json::to_string_pretty(&value).map_err(|e| Error::Template {
                name: "json".into(),
                message: e.to_string(),
            })?;
            s.push('\n');
            s.into_bytes()
        }
    })
}
