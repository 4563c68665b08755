//! A letter as an `.eml` draft: RFC 5322 headers and a MIME
//! multipart/alternative body (text/plain + text/html), UTF-8.
//!
//! The file is meant to be double-clicked and sent by the user from their own
//! mail program, so it stays a draft (`X-Unsent: 1`: Outlook opens it with a
//! Send button). It still carries a Date and a Message-ID, as RFC 5322 asks
//! of every message and as mail programs and archives expect; a program
//! that sends it may replace both.
//!
//! Every address is one mailbox, `adres` or `Naam <adres>`
//! ([`crate::core::mailbox::parse_mailbox`]); anything else is refused, so a
//! typed `Jan de Vries <jan@zwolle.nl>` becomes that name and that address,
//! never an address inside an address.
//!
//! `mail-builder`'s `MessageBuilder` would make up its own Date and
//! Message-ID, so we write the top-level headers ourselves with its header
//! encoders (which do the RFC 2047 encoding and line folding) and let it
//! write only the MIME body.

use std::sync::atomic::{AtomicU64, Ordering};

use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::raw::Raw;
use mail_builder::headers::text::Text;
use mail_builder::headers::Header;
use mail_builder::mime::MimePart;

use crate::core::mailbox::parse_mailbox;

/// Envelope data for [`to_eml`]. Names and addresses are `(display name,
/// address)`; the address may also be typed as `Naam <adres>`, whose name
/// then wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mail {
    pub subject: String,
    pub from: Option<(String, String)>,
    /// May be empty: the message is then a draft without recipient.
    pub to: Vec<(String, String)>,
    /// When the draft was made: the Date header (Dutch time) and part of the
    /// Message-ID.
    pub date: jiff::Timestamp,
    /// This letter's number in a mail merge, for the Message-ID; `None`
    /// counts the e-mails made in this process.
    pub seq: Option<u64>,
}

/// Build the `.eml` bytes (CRLF line endings) for `mail` with a plain-text and
/// an HTML version of the same letter. Fails, with a Dutch message, on an
/// address that is not one mailbox.
pub fn to_eml(mail: &Mail, text: &str, html: &str) -> Result<Vec<u8>, String> {
    let from =
        mailbox(mail.from.as_ref()).map_err(|e| format!("Mailadres van de afzender: {e}"))?;
    let mut to = Vec::with_capacity(mail.to.len());
    for recipient in &mail.to {
        if let Some(address) =
            mailbox(Some(recipient)).map_err(|e| format!("Mailadres van de ontvanger: {e}"))?
        {
            to.push(address);
        }
    }

    let mut out = Vec::with_capacity(text.len() + html.len() * 2 + 1024);
    let domain = from
        .as_ref()
        .and_then(|(_, address)| address.rsplit_once('@'))
        .map(|(_, domain)| domain)
        // A Message-ID is ASCII; an international domain is not used there.
        .filter(|domain| domain.is_ascii())
        .unwrap_or("coop.invalid")
        .to_string();
    write_header(&mut out, "Date", &Raw::new(date_header(mail.date)));
    if let Some((name, address)) = from {
        write_header(&mut out, "From", &Address::new_address(name, address));
    }
    if !to.is_empty() {
        let list = to
            .into_iter()
            .map(|(name, address)| Address::new_address(name, address))
            .collect();
        write_header(&mut out, "To", &Address::new_list(list));
    }
    write_header(&mut out, "Subject", &Text::new(one_line(&mail.subject)));
    let id = message_id(mail, text, html, &domain);
    write_header(&mut out, "Message-ID", &Raw::new(id));
    out.extend_from_slice(b"MIME-Version: 1.0\r\n");
    // Outlook opens a message with this header as an editable draft with a
    // Send button instead of as a received mail.
    out.extend_from_slice(b"X-Unsent: 1\r\n");

    let alternative = ContentType::new("multipart/alternative")
        .attribute("boundary", boundary_for(&[text, html]));
    MimePart::new(
        alternative,
        vec![
            MimePart::new("text/plain", text),
            MimePart::new("text/html", html),
        ],
    )
    .write_part(&mut out);
    Ok(out)
}

fn write_header(out: &mut Vec<u8>, name: &str, value: &impl Header) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    value.write_header(out, name.len() + 2);
}

/// The display name and address of one entry, or `None` when there is no
/// address at all (an empty `<>` would make mail programs reject the line).
fn mailbox(entry: Option<&(String, String)>) -> Result<Option<(Option<String>, String)>, String> {
    let Some((name, address)) = entry else {
        return Ok(None);
    };
    if address.trim().is_empty() {
        return Ok(None);
    }
    let (typed_name, address) = parse_mailbox(address)?;
    let name = typed_name.or_else(|| {
        let name = one_line(name);
        (!name.is_empty()).then_some(name)
    });
    Ok(Some((name, address)))
}

/// RFC 5322 date in Dutch time: `Fri, 27 Nov 2026 10:00:00 +0100`.
fn date_header(at: jiff::Timestamp) -> String {
    let tz = jiff::tz::TimeZone::get("Europe/Amsterdam").unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::fmt::rfc2822::to_string(&at.to_zoned(tz)).unwrap_or_else(|_| {
        // Only for times outside what RFC 2822 can write (before year 0).
        "Thu, 1 Jan 1970 00:00:00 +0000".to_string()
    })
}

/// `<time.hash.n@domain>`: unique for every letter of a mail merge (the
/// hash covers the content and recipients, `n` is the letter's number in
/// the merge, else counts the e-mails of this run),
/// yet the same for the same input, so output stays reproducible with a
/// fixed clock (SOURCE_DATE_EPOCH).
fn message_id(mail: &Mail, text: &str, html: &str, domain: &str) -> String {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let n = mail
        .seq
        .unwrap_or_else(|| COUNT.fetch_add(1, Ordering::Relaxed));
    let mut hash = Fnv::default();
    hash.add(mail.subject.as_bytes());
    for (name, address) in mail.from.iter().chain(&mail.to) {
        hash.add(name.as_bytes());
        hash.add(address.as_bytes());
    }
    hash.add(text.as_bytes());
    hash.add(html.as_bytes());
    hash.add(&mail.date.as_nanosecond().to_le_bytes());
    let time = mail.date.strftime("%Y%m%d%H%M%S");
    format!("<{time}.{:016x}.{n}@{domain}>", hash.0)
}

/// FNV-1a, 64 bits: small, and the same on every platform and Rust version.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn add(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }
}

/// Header values are user data: collapse line breaks and other control
/// characters so no value can end its header early and inject another one.
fn one_line(value: &str) -> String {
    let spaced: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A fixed boundary keeps the output reproducible (snapshot tests, diffs).
/// It starts with "=_", which quoted-printable and base64 bodies can never
/// contain; for bodies sent as plain 7bit we make sure it does not occur.
fn boundary_for(bodies: &[&str]) -> String {
    let mut n = 0u32;
    loop {
        let candidate = if n == 0 {
            "=_coop_alternative".to_string()
        } else {
            format!("=_coop_alternative_{n}")
        };
        if !bodies.iter().any(|b| b.contains(candidate.as_str())) {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::{Message, MessageParser, MimeHeaders};

    fn parse(raw: &[u8]) -> Message<'_> {
        MessageParser::default()
            .parse(raw)
            .expect("parsable message")
    }

    fn at() -> jiff::Timestamp {
        "2025-07-01T08:00:00Z".parse().expect("timestamp")
    }

    fn mail() -> Mail {
        Mail {
            subject: "Verzoek van wooncoöperatie De Kiem aan Súdwest-Fryslân".into(),
            from: Some(("Coöperatie De Kiem".into(), "bestuur@dekiem.example".into())),
            to: vec![
                (
                    "Griffie Súdwest-Fryslân".into(),
                    "griffie@sudwestfryslan.example".into(),
                ),
                (String::new(), "raad@sudwestfryslan.example".into()),
            ],
            date: at(),
            seq: None,
        }
    }

    fn eml(mail: &Mail, text: &str, html: &str) -> Vec<u8> {
        to_eml(mail, text, html).expect("eml")
    }

    const TEXT: &str = "Geachte raad,\n\nWij vragen grond voor 12 woningen. Coöperatie <script>.\n\nMet vriendelijke groet,\nDe Kiem\n";
    const HTML: &str = "<!DOCTYPE html>\n<html lang=\"nl\"><body><p>Geachte raad,</p><p>Coöperatie &lt;script&gt;.</p></body></html>\n";

    #[test]
    fn round_trips_through_a_mail_parser() {
        let raw = eml(&mail(), TEXT, HTML);
        let msg = parse(&raw);

        assert_eq!(msg.subject(), Some(mail().subject.as_str()));
        let from = msg.from().and_then(|a| a.first()).expect("from");
        assert_eq!(from.name(), Some("Coöperatie De Kiem"));
        assert_eq!(from.address(), Some("bestuur@dekiem.example"));

        let to: Vec<_> = msg.to().expect("to").iter().collect();
        assert_eq!(to.len(), 2);
        assert_eq!(to[0].name(), Some("Griffie Súdwest-Fryslân"));
        assert_eq!(to[0].address(), Some("griffie@sudwestfryslan.example"));
        assert_eq!(to[1].name(), None);
        assert_eq!(to[1].address(), Some("raad@sudwestfryslan.example"));

        // 08:00 UTC is 10:00 in Amsterdam in summer.
        let date = msg.date().expect("date");
        assert_eq!(
            (date.year, date.month, date.day, date.hour, date.minute),
            (2025, 7, 1, 10, 0)
        );
        assert_eq!(
            (date.tz_before_gmt, date.tz_hour, date.tz_minute),
            (false, 2, 0)
        );
        let id = msg.message_id().expect("message id");
        assert!(
            id.ends_with("@dekiem.example") && id.starts_with("20250701080000."),
            "{id}"
        );
        assert_eq!(msg.header_raw("X-Unsent").map(str::trim), Some("1"));

        let ct = msg.content_type().expect("content type");
        assert_eq!(ct.ctype(), "multipart");
        assert_eq!(ct.subtype(), Some("alternative"));
        assert_eq!(msg.text_body_count(), 1);
        assert_eq!(msg.html_body_count(), 1);
        assert_eq!(
            msg.body_text(0).map(|t| t.replace("\r\n", "\n")),
            Some(TEXT.to_string())
        );
        assert_eq!(
            msg.body_html(0).map(|t| t.replace("\r\n", "\n")),
            Some(HTML.to_string())
        );
    }

    #[test]
    fn a_typed_name_and_address_is_one_mailbox() {
        let m = Mail {
            to: vec![("Jan".into(), "Jan de Vries <jan@zwolle.nl>".into())],
            from: Some((
                "De Kiem".into(),
                "\"Kiem, De\" <bestuur@dekiem.example>".into(),
            )),
            ..mail()
        };
        let raw = eml(&m, TEXT, HTML);
        let head = String::from_utf8_lossy(&raw);
        assert!(
            head.contains("To: \"Jan de Vries\" <jan@zwolle.nl>\r\n"),
            "{head}"
        );
        let msg = parse(&raw);
        let to: Vec<_> = msg.to().expect("to").iter().collect();
        assert_eq!(to.len(), 1);
        assert_eq!(to[0].name(), Some("Jan de Vries"));
        assert_eq!(to[0].address(), Some("jan@zwolle.nl"));
        let from = msg.from().and_then(|a| a.first()).expect("from");
        assert_eq!(from.name(), Some("Kiem, De"));
        assert_eq!(from.address(), Some("bestuur@dekiem.example"));
    }

    #[test]
    fn anything_but_one_mailbox_is_refused() {
        for bad in [
            "jan@zwolle.nl, piet@zwolle.nl",
            "jan@zwolle.nl\r\nBcc: evil@example.org",
            "Jan <jan@zwolle.nl>, Piet <piet@zwolle.nl>",
            "Jan de Vries",
        ] {
            let m = Mail {
                to: vec![("Jan".into(), bad.into())],
                ..mail()
            };
            let err = to_eml(&m, TEXT, HTML).expect_err(bad);
            assert!(err.starts_with("Mailadres van de ontvanger: "), "{err}");
            let m = Mail {
                from: Some(("Kiem".into(), bad.into())),
                ..mail()
            };
            let err = to_eml(&m, TEXT, HTML).expect_err(bad);
            assert!(err.starts_with("Mailadres van de afzender: "), "{err}");
        }
    }

    #[test]
    fn headers_are_ascii_and_encoded() {
        let raw = eml(&mail(), TEXT, HTML);
        let head_end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("header end");
        let head = &raw[..head_end];
        assert!(head.is_ascii(), "{}", String::from_utf8_lossy(head));
        let head = String::from_utf8_lossy(head);
        assert!(head.contains("=?utf-8?"), "{head}");
        assert!(
            head.starts_with("Date: Tue, 1 Jul 2025 10:00:00 +0200\r\n"),
            "{head}"
        );
        assert_eq!(head.matches("\r\nMessage-ID: <").count(), 1, "{head}");
        // Every line must end in CRLF: bare LF confuses Outlook.
        assert!(!raw.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'));
    }

    #[test]
    fn message_id_is_ascii_for_an_international_sender() {
        let m = Mail {
            from: Some(("Kiem".into(), "bestuur@kiem-fryslân.example".into())),
            ..mail()
        };
        let msg_raw = eml(&m, TEXT, HTML);
        let msg = parse(&msg_raw);
        let id = msg.message_id().expect("id");
        assert!(id.is_ascii() && id.ends_with("@coop.invalid"), "{id}");
        assert_eq!(
            msg.from().and_then(|a| a.first()).and_then(|a| a.address()),
            Some("bestuur@kiem-fryslân.example")
        );
    }

    #[test]
    fn every_letter_of_a_merge_gets_its_own_message_id() {
        let ids: Vec<String> = (0..3)
            .map(|i| {
                let m = Mail {
                    to: vec![(String::new(), format!("raadslid{i}@example.org"))],
                    ..mail()
                };
                let again = eml(&m, TEXT, HTML);
                parse(&again).message_id().expect("id").to_string()
            })
            .chain(
                [eml(&mail(), TEXT, HTML), eml(&mail(), TEXT, HTML)]
                    .map(|raw| parse(&raw).message_id().expect("id").to_string()),
            )
            .collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
    }

    #[test]
    fn draft_without_recipient_or_sender() {
        let draft = Mail {
            subject: "Inspreektekst".into(),
            date: at(),
            ..Mail::default()
        };
        let raw = eml(&draft, "", "");
        let head = String::from_utf8_lossy(&raw).into_owned();
        assert!(
            !head.contains("\r\nTo:") && !head.starts_with("To:"),
            "{head}"
        );
        assert!(!head.contains("From:"), "{head}");
        let msg = parse(&raw);
        assert_eq!(msg.subject(), Some("Inspreektekst"));
        assert!(msg.to().is_none());
        assert!(msg.date().is_some());
        assert!(msg
            .message_id()
            .is_some_and(|id| id.ends_with("@coop.invalid")));
        assert_eq!(msg.text_body_count(), 1);
        assert_eq!(msg.html_body_count(), 1);
    }

    #[test]
    fn empty_addresses_are_left_out() {
        let m = Mail {
            subject: String::new(),
            from: Some(("Alleen naam".into(), "  ".into())),
            to: vec![("Gemeente".into(), String::new())],
            date: at(),
            seq: None,
        };
        let raw = eml(&m, "x", "<p>x</p>");
        let text = String::from_utf8_lossy(&raw);
        assert!(!text.contains("From:") && !text.contains("To:"));
        assert!(parse(&raw).body_text(0).is_some());
    }

    #[test]
    fn header_injection_is_neutralised() {
        let m = Mail {
            subject: "Brief\r\nBcc: evil@example.org".into(),
            from: Some(("Naam\nX-Evil: 1".into(), "a@b.example".into())),
            to: vec![],
            date: at(),
            seq: None,
        };
        let raw = eml(&m, "x", "x");
        let text = String::from_utf8_lossy(&raw);
        assert!(
            !text.contains("\nBcc:") && !text.contains("\nX-Evil:"),
            "{text}"
        );
        let msg = parse(&raw);
        assert_eq!(msg.subject(), Some("Brief Bcc: evil@example.org"));
        assert_eq!(
            msg.from().and_then(|a| a.first()).and_then(|a| a.name()),
            Some("Naam X-Evil: 1")
        );
        assert!(msg.bcc().is_none());
    }

    #[test]
    fn boundary_never_occurs_in_a_body() {
        let text = "--=_coop_alternative\r\nsurprise";
        let raw = eml(&mail(), text, "<p>x</p>");
        let msg = parse(&raw);
        assert_eq!(msg.body_text(0).as_deref(), Some(text));
        assert_eq!(msg.html_body_count(), 1);
    }

    #[test]
    fn long_lines_and_long_subjects_survive() {
        let long = "woningen ".repeat(200);
        let m = Mail {
            subject: format!("Coöperatie {long}").trim().to_string(),
            ..mail()
        };
        let raw = eml(&m, &long, &long);
        assert!(raw.split(|b| *b == b'\n').all(|l| l.len() <= 998));
        let msg = parse(&raw);
        assert_eq!(msg.subject(), Some(m.subject.as_str()));
        assert_eq!(msg.body_text(0).as_deref(), Some(long.as_str()));
    }
}
