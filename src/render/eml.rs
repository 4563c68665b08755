//! A letter as an `.eml` draft: RFC 5322 headers and a MIME
//! multipart/alternative body (text/plain + text/html), UTF-8.
//!
//! The file is meant to be double-clicked and sent by the user from their own
//! mail program, so it is a draft, not a finished message: headers we do not
//! know (Date, To) are left out for the mail program to fill in, and no
//! Message-ID is made up, since the sending program assigns one.
//!
//! `mail-builder`'s `MessageBuilder` always adds Date and Message-ID, so we
//! write the top-level headers ourselves with its header encoders (which do
//! the RFC 2047 encoding and line folding) and let it write only the MIME body.

use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::raw::Raw;
use mail_builder::headers::text::Text;
use mail_builder::headers::Header;
use mail_builder::mime::MimePart;

/// Envelope data for [`to_eml`]. Names and addresses are `(display name, address)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mail {
    pub subject: String,
    pub from: Option<(String, String)>,
    /// May be empty: the message is then a draft without recipient.
    pub to: Vec<(String, String)>,
    /// An RFC 2822 date string (`Tue, 1 Jul 2025 10:00:00 +0200`) if known.
    pub date: Option<String>,
}

/// Build the `.eml` bytes (CRLF line endings) for `mail` with a plain-text and
/// an HTML version of the same letter.
pub fn to_eml(mail: &Mail, text: &str, html: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + html.len() * 2 + 1024);

    if let Some(from) = mailbox(mail.from.as_ref()) {
        write_header(&mut out, "From", &from);
    }
    let to: Vec<Address<'_>> = mail.to.iter().filter_map(|r| mailbox(Some(r))).collect();
    if !to.is_empty() {
        write_header(&mut out, "To", &Address::new_list(to));
    }
    write_header(&mut out, "Subject", &Text::new(one_line(&mail.subject)));
    if let Some(date) = mail.date.as_deref().map(one_line) {
        if !date.is_empty() {
            write_header(&mut out, "Date", &Raw::new(date));
        }
    }
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
    out
}

fn write_header(out: &mut Vec<u8>, name: &str, value: &impl Header) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    value.write_header(out, name.len() + 2);
}

/// A mailbox header value, or `None` when there is no usable address: an
/// empty `<>` would make Outlook and Thunderbird reject the recipient line.
fn mailbox(entry: Option<&(String, String)>) -> Option<Address<'static>> {
    let (name, address) = entry?;
    let address = one_line(address);
    if address.is_empty() {
        return None;
    }
    let name = one_line(name);
    let name = (!name.is_empty()).then_some(name);
    Some(Address::new_address(name, address))
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
            date: Some("Tue, 1 Jul 2025 10:00:00 +0200".into()),
        }
    }

    const TEXT: &str = "Geachte raad,\n\nWij vragen grond voor 12 woningen. Coöperatie <script>.\n\nMet vriendelijke groet,\nDe Kiem\n";
    const HTML: &str = "<!DOCTYPE html>\n<html lang=\"nl\"><body><p>Geachte raad,</p><p>Coöperatie &lt;script&gt;.</p></body></html>\n";

    #[test]
    fn round_trips_through_a_mail_parser() {
        let raw = to_eml(&mail(), TEXT, HTML);
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

        assert!(msg.date().is_some());
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
    fn headers_are_ascii_and_encoded() {
        let raw = to_eml(&mail(), TEXT, HTML);
        let head_end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("header end");
        let head = &raw[..head_end];
        assert!(head.is_ascii(), "{}", String::from_utf8_lossy(head));
        let head = String::from_utf8_lossy(head);
        assert!(head.contains("=?utf-8?"), "{head}");
        assert!(!head.contains("Message-ID"), "{head}");
        // Every line must end in CRLF: bare LF confuses Outlook.
        assert!(!raw.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'));
    }

    #[test]
    fn draft_without_recipient_date_or_sender() {
        let draft = Mail {
            subject: "Inspreektekst".into(),
            ..Mail::default()
        };
        let raw = to_eml(&draft, "", "");
        let head = String::from_utf8_lossy(&raw).into_owned();
        assert!(
            !head.contains("\r\nTo:") && !head.starts_with("To:"),
            "{head}"
        );
        assert!(!head.contains("Date:") && !head.contains("From:"), "{head}");
        let msg = parse(&raw);
        assert_eq!(msg.subject(), Some("Inspreektekst"));
        assert!(msg.to().is_none());
        assert_eq!(msg.text_body_count(), 1);
        assert_eq!(msg.html_body_count(), 1);
    }

    #[test]
    fn unusable_addresses_are_left_out() {
        let m = Mail {
            subject: String::new(),
            from: Some(("Alleen naam".into(), "  ".into())),
            to: vec![("Gemeente".into(), String::new())],
            date: Some("\r\n".into()),
        };
        let raw = to_eml(&m, "x", "<p>x</p>");
        let text = String::from_utf8_lossy(&raw);
        assert!(!text.contains("From:") && !text.contains("To:") && !text.contains("Date:"));
        assert!(parse(&raw).body_text(0).is_some());
    }

    #[test]
    fn header_injection_is_neutralised() {
        let m = Mail {
            subject: "Brief\r\nBcc: evil@example.org".into(),
            from: Some(("Naam\nX-Evil: 1".into(), "a@b.example\r\nBcc: c@d".into())),
            to: vec![],
            date: Some("Tue, 1 Jul 2025 10:00:00 +0200\r\nBcc: e@f".into()),
        };
        let raw = to_eml(&m, "x", "x");
        let text = String::from_utf8_lossy(&raw);
        assert!(
            !text.contains("\nBcc:") && !text.contains("\nX-Evil:"),
            "{text}"
        );
        let msg = parse(&raw);
        assert_eq!(msg.subject(), Some("Brief Bcc: evil@example.org"));
        assert!(msg.bcc().is_none());
    }

    #[test]
    fn boundary_never_occurs_in_a_body() {
        let text = "--=_coop_alternative\r\nsurprise";
        let raw = to_eml(&mail(), text, "<p>x</p>");
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
        let raw = to_eml(&m, &long, &long);
        assert!(raw.split(|b| *b == b'\n').all(|l| l.len() <= 998));
        let msg = parse(&raw);
        assert_eq!(msg.subject(), Some(m.subject.as_str()));
        assert_eq!(msg.body_text(0).as_deref(), Some(long.as_str()));
    }
}
