//! Markdown → one self-contained, printable HTML5 page.
//!
//! The page must open offline from a USB stick or an e-mail attachment, so it
//! carries its own CSS and loads nothing from elsewhere. Raw HTML in the
//! Markdown is never passed through: letters are filled from user data (names
//! of cooperatives, quotes from council documents), and that text must be shown
//! exactly as typed, not interpreted by the browser.

use pulldown_cmark::{html::push_html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::fillin::{self, Marked};

/// Print to A4 with Dutch-letter margins; on screen keep a readable line length.
/// Printed links get their URL spelled out, because paper has no hyperlinks;
/// links that carry a title are skipped, which is how bare URLs (autolinks,
/// see `prepare`) avoid being printed twice.
const CSS: &str = "\
@page { size: A4; margin: 2.5cm }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100% }
body { font-family: Georgia, Cambria, \"Times New Roman\", serif; font-size: 12pt; \
line-height: 1.5; color: #111; background: #fff; max-width: 42em; margin: 2em auto; padding: 0 1em }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; break-after: avoid; page-break-after: avoid }
p, li, blockquote { orphans: 3; widows: 3 }
blockquote { margin: 1em 0; padding-left: 1em; border-left: 3px solid #bbb; color: #333 }
pre, code { font-family: Consolas, \"DejaVu Sans Mono\", monospace; font-size: 0.95em }
pre { white-space: pre-wrap; overflow-wrap: anywhere }
table { border-collapse: collapse; margin: 1em 0 }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; text-align: left; vertical-align: top }
a { color: #1a4d8f; overflow-wrap: anywhere }
hr { border: 0; border-top: 1px solid #999; margin: 1.5em 0 }
mark { background: #ff0; color: inherit; -webkit-print-color-adjust: exact; print-color-adjust: exact }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt }
  a { color: inherit; text-decoration: none }
  a[href^=\"http\"]:not([title])::after { content: \" (\" attr(href) \")\"; font-size: 0.9em }
}
";

/// Markdown extensions shared with the other writers, so every format shows
/// the same structure.
pub(crate) fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Render `md` as a complete HTML5 document with `title` in `<title>` and
/// `lang` on the `<html>` element (e.g. `"nl"`).
///
/// The result is also well-formed XML (void elements are self-closed), which
/// keeps it safe for mail clients and XML tooling alike.
pub fn to_html(md: &str, title: &str, lang: &str) -> String {
    let mut body = String::with_capacity(md.len() * 3 / 2 + 64);
    let mut links = Vec::new();
    let events = Parser::new_ext(md, markdown_options())
        .into_offset_iter()
        .filter_map(|(event, range)| allow(event, &mut links).map(|e| (prepare(e), range)));
    push_html(&mut body, fillin::marked(md, events).map(mark_fill_in));

    let mut page = String::with_capacity(body.len() + CSS.len() + 512);
    page.push_str("<!DOCTYPE html>\n<html lang=\"");
    page.push_str(&escape(lang.trim()));
    page.push_str("\">\n<head>\n<meta charset=\"utf-8\" />\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
    page.push_str("<title>");
    page.push_str(&escape(title));
    page.push_str("</title>\n<style>\n");
    page.push_str(CSS);
    page.push_str("</style>\n</head>\n<body>\n");
    page.push_str(&body);
    page.push_str("</body>\n</html>\n");
    page
}

/// `md` as HTML to put inside a page (the web app shows documents and
/// knowledge base pages this way): the same rules as `to_html`, with the
/// headings moved so the highest one is h`top` (at most h6) and the page
/// keeps its own h1 and the order of its headings.
pub fn fragment(md: &str, top: usize) -> String {
    let highest = Parser::new_ext(md, markdown_options())
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let mut body = String::with_capacity(md.len() * 3 / 2 + 64);
    let mut links = Vec::new();
    let events = Parser::new_ext(md, markdown_options())
        .into_offset_iter()
        .filter_map(|(event, range)| allow(event, &mut links).map(|e| (prepare(e), range)))
        .map(|(e, range)| (move_heading(e, highest, top), range));
    push_html(&mut body, fillin::marked(md, events).map(mark_fill_in));
    body
}

/// A heading at `level - highest + top`, between h1 and h6.
fn move_heading(event: Event<'_>, highest: usize, top: usize) -> Event<'_> {
    use pulldown_cmark::HeadingLevel;
    let moved = |level: HeadingLevel| {
        let n = (level as usize + top).saturating_sub(highest).clamp(1, 6);
        HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
    };
    match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: moved(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(moved(level))),
        other => other,
    }
}

/// Only http(s) and mailto links, and no images: a link to anything else
/// (`javascript:`, `data:`, a file) keeps its text without the link, and
/// an image becomes its description as text, so the page never loads or
/// runs anything from elsewhere. `open` remembers, per open link, whether
/// it was kept, to drop the matching end.
fn allow<'a>(event: Event<'a>, open: &mut Vec<bool>) -> Option<Event<'a>> {
    match event {
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let keep = allowed_url(dest_url);
            open.push(keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Link) => open.pop().unwrap_or(false).then_some(event),
        // The image's alt text comes as Text events between these two.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        other => Some(other),
    }
}

/// http, https and mailto, in any case; nothing else.
pub fn allowed_url(url: &str) -> bool {
    let url = url.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// Turn raw HTML into plain text so `push_html` escapes it. A raw HTML block
/// becomes a paragraph, so its text still stands on its own line.
/// A bare URL gets itself as title: a tooltip on screen, and the marker that
/// keeps the print style from repeating it.
fn prepare(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            dest_url,
            title,
            id,
        }) if title.is_empty() => Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            title: dest_url.clone(),
            dest_url,
            id,
        }),
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        other => other,
    }
}

/// Fill-in places such as `[mailadres]` in a yellow `<mark>`, so nobody
/// prints or sends one by accident (the print style keeps the colour).
fn mark_fill_in(m: Marked<'_>) -> Event<'_> {
    match m {
        Marked::Event(event) => event,
        Marked::Open => Event::InlineHtml(CowStr::Borrowed("<mark>")),
        Marked::Close => Event::InlineHtml(CowStr::Borrowed("</mark>")),
    }
}

/// Escape text for HTML content and quoted attribute values (& < > " ').
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event as XmlEvent;
    use quick_xml::Reader;

    /// Read every XML event; return the element names seen, or the first error.
    fn parse_xml(doc: &str) -> Result<Vec<String>, String> {
        let mut reader = Reader::from_str(doc);
        let mut names = Vec::new();
        let mut depth = 0usize;
        loop {
            match reader.read_event() {
                Ok(XmlEvent::Start(e)) => {
                    depth += 1;
                    names.push(String::from_utf8_lossy(e.name().as_ref()).into_owned());
                }
                Ok(XmlEvent::Empty(e)) => {
                    names.push(String::from_utf8_lossy(e.name().as_ref()).into_owned());
                }
                Ok(XmlEvent::End(_)) => depth = depth.checked_sub(1).ok_or("unbalanced end")?,
                Ok(XmlEvent::Eof) => break,
                Ok(_) => {}
                Err(e) => return Err(format!("at {}: {e}", reader.error_position())),
            }
        }
        if depth != 0 {
            return Err(format!("{depth} unclosed elements"));
        }
        Ok(names)
    }

    const LETTER: &str = "# Brief aan de gemeenteraad\n\n\
        Geachte raad van **Súdwest-Fryslân**,\n\n\
        Wij, *Wooncoöperatie De Kiem*, vragen u:\n\n\
        - grond in erfpacht\n- een ~~lening~~ garantstelling\n\n\
        1. eerste punt\n2. tweede punt\n\n\
        > Citaat uit het coalitieakkoord.\n\n\
        | Jaar | Woningen |\n|---|---|\n| 2025 | 12 |\n\n\
        Zie [de notitie](https://example.org/a?b=1&c=2).  \nMet vriendelijke groet,\n\n---\n\n\
        ![logo](logo.png)\n";

    #[test]
    fn page_is_well_formed_and_has_structure() {
        let html = to_html(LETTER, "Brief & \"verzoek\"", "nl");
        let names = parse_xml(&html).expect("well-formed");
        for tag in [
            "html",
            "head",
            "meta",
            "title",
            "style",
            "body",
            "h1",
            "p",
            "strong",
            "em",
            "ul",
            "ol",
            "li",
            "del",
            "blockquote",
            "table",
            "td",
            "a",
            "br",
            "hr",
        ] {
            assert!(names.iter().any(|n| n == tag), "missing <{tag}> in {html}");
        }
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"nl\">"));
        assert!(html.contains("<meta charset=\"utf-8\" />"));
        assert!(html.contains("<title>Brief &amp; &quot;verzoek&quot;</title>"));
        assert!(html.contains("<h1>Brief aan de gemeenteraad</h1>"));
        assert!(html.contains("<li>grond in erfpacht</li>"));
        assert!(html.contains("Súdwest-Fryslân"));
        assert!(html.contains("size: A4"));
    }

    #[test]
    fn bare_urls_are_marked_so_print_does_not_repeat_them() {
        let html = to_html(
            "[notitie](https://a.example/n) en <https://b.example/>",
            "t",
            "nl",
        );
        assert!(
            html.contains("<a href=\"https://a.example/n\">notitie</a>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://b.example/\" title=\"https://b.example/\">"),
            "{html}"
        );
    }

    #[test]
    fn page_is_self_contained() {
        let html = to_html(LETTER, "t", "nl");
        assert!(!html.contains("<script"));
        assert!(!html.contains("<link"));
        assert!(!html.contains("@import"));
        assert!(!html.contains("url("));
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let md = "Coöperatie <script>alert(1)</script> groet.\n\n\
            <div onclick=\"x()\">blok</div>\n\n<!-- notitie -->\n";
        let html = to_html(md, "<script>alert(2)</script>", "nl");
        parse_xml(&html).expect("well-formed");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(!html.contains("<!--"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(html.contains("<title>&lt;script&gt;alert(2)&lt;/script&gt;</title>"));
        assert!(html.contains("<p>&lt;div onclick=\"x()\"&gt;blok&lt;/div&gt;"));
        assert!(html.contains("&lt;!-- notitie --&gt;"));
    }

    #[test]
    fn fill_ins_are_marked_and_links_are_not() {
        let md = "Wij zijn [naam van jullie coöperatie]. Zie [de site](https://a.example/) \
                  en \\[geen invulplek\\].\n\n- leden: [aantal]\n";
        let html = to_html(md, "t", "nl");
        parse_xml(&html).expect("well-formed");
        assert!(
            html.contains("Wij zijn <mark>[naam van jullie coöperatie]</mark>."),
            "{html}"
        );
        assert!(
            html.contains("<li>leden: <mark>[aantal]</mark></li>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://a.example/\">de site</a>"),
            "{html}"
        );
        assert!(html.contains(" en [geen invulplek].</p>"), "{html}");
        assert_eq!(html.matches("<mark>").count(), 2, "{html}");
        // Raw HTML stays text, even between brackets.
        let html = to_html("[<mark>x</mark>]", "t", "nl");
        assert!(
            html.contains("<mark>[&lt;mark&gt;x&lt;/mark&gt;]</mark>"),
            "{html}"
        );
    }

    #[test]
    fn only_web_and_mail_links_and_no_images() {
        let md = "[a](javascript:alert(1)) [b](JavaScript:x) [c](data:text/html,x) \
            [d](file:///etc/passwd) [e](https://ok.example/) [f](mailto:a@b.nl) \
            ![g](http://tracker.example/p.gif) [![h](http://x.example/i.png)](vbscript:y) \
            <javascript:alert(2)>";
        let html = to_html(md, "t", "nl");
        parse_xml(&html).expect("well-formed");
        for bad in [
            "javascript:",
            "JavaScript:",
            "data:",
            "file:",
            "<img",
            "vbscript:",
        ] {
            let body = &html[html.find("<body>").unwrap()..];
            assert!(!body.contains(&format!("href=\"{bad}")), "{bad}: {html}");
            assert!(!body.contains("<img"), "{html}");
        }
        assert!(
            html.contains("<a href=\"https://ok.example/\">e</a>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"mailto:a@b.nl\">f</a>"), "{html}");
        assert!(
            html.contains(">a") || html.contains(" a ") || html.contains("<p>a"),
            "{html}"
        );
        assert!(html.contains("g"), "{html}");
    }

    #[test]
    fn lang_attribute_cannot_break_out() {
        let html = to_html("x", "t", "nl\"><script>");
        parse_xml(&html).expect("well-formed");
        assert!(!html.contains("<script"));
    }

    #[test]
    fn empty_and_odd_input_does_not_panic() {
        for md in [
            "", "\n", "   ", "#", "- ", "> ", "```", "|a|\n|-|", "\u{0}", "[x]: <>",
        ] {
            let html = to_html(md, "", "");
            parse_xml(&html).unwrap_or_else(|e| panic!("{md:?}: {e}\n{html}"));
        }
    }
}
