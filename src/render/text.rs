//! Markdown → plain text, wrapped, for terminals and .txt files.
//!
//! Lines break at spaces only, first fit (the fastest way, and the one mail
//! programs use): a web or mail address is never cut, so it still works when
//! copied or clicked. Ordinary words may still break after a hyphen.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Renders Markdown as plain text wrapped at `width` columns.
pub fn to_text(md: &str, width: usize) -> String {
    let mut out = String::new();
    let mut block = String::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut prefix = String::new();
    let mut heading: Option<HeadingLevel> = None;
    let mut link: Option<String> = None;
    let mut quote = 0usize;

    let flush = |out: &mut String, block: &mut String, prefix: &str, first: &str, width: usize| {
        let text = block.trim().to_string();
        block.clear();
        if text.is_empty() {
            return;
        }
        for (i, para_line) in text.split('\n').enumerate() {
            let initial = if i == 0 { first } else { prefix };
            wrap_into(out, para_line.trim(), width.max(20), initial, prefix);
        }
    };
    let mut first_prefix = String::new();

    for event in Parser::new_ext(md, Options::empty()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some(level),
            Event::End(TagEnd::Heading(_)) => {
                let title = block.trim().to_string();
                block.clear();
                let under = match heading {
                    Some(HeadingLevel::H1) => Some('='),
                    Some(HeadingLevel::H2) => Some('-'),
                    _ => None,
                };
                if !out.is_empty() && !out.ends_with("\n\n") {
                    out.push('\n');
                }
                out.push_str(&title);
                out.push('\n');
                if let Some(c) = under {
                    out.push_str(&c.to_string().repeat(title.chars().count().min(width)));
                    out.push('\n');
                }
                out.push('\n');
                heading = None;
            }
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => {
                let first = if first_prefix.is_empty() {
                    prefix.clone()
                } else {
                    std::mem::take(&mut first_prefix)
                };
                flush(&mut out, &mut block, &prefix, &first, width);
                if lists.is_empty() {
                    out.push('\n');
                }
            }
            Event::Start(Tag::BlockQuote(_)) => {
                quote += 1;
                prefix.push_str("  ");
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                quote = quote.saturating_sub(1);
                prefix.truncate(prefix.len().saturating_sub(2));
            }
            Event::Start(Tag::List(start)) => {
                if !block.trim().is_empty() {
                    let first = std::mem::take(&mut first_prefix);
                    let first = if first.is_empty() {
                        prefix.clone()
                    } else {
                        first
                    };
                    flush(&mut out, &mut block, &prefix, &first, width);
                }
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                if lists.is_empty() {
                    out.push('\n');
                }
            }
            Event::Start(Tag::Item) => {
                if !block.trim().is_empty() {
                    let first = std::mem::take(&mut first_prefix);
                    let first = if first.is_empty() {
                        prefix.clone()
                    } else {
                        first
                    };
                    flush(&mut out, &mut block, &prefix, &first, width);
                }
                let depth = lists.len().saturating_sub(1);
                let base = format!("{}{}", "  ".repeat(quote), "   ".repeat(depth));
                let marker = match lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "- ".to_string(),
                };
                first_prefix = format!("{base}{marker}");
                prefix = format!("{base}{}", " ".repeat(marker.len()));
            }
            Event::End(TagEnd::Item) => {
                let first = std::mem::take(&mut first_prefix);
                let first = if first.is_empty() {
                    prefix.clone()
                } else {
                    first
                };
                flush(&mut out, &mut block, &prefix, &first, width);
                let depth = lists.len().saturating_sub(1);
                prefix = format!("{}{}", "  ".repeat(quote), "   ".repeat(depth));
            }
            Event::Start(Tag::Link { dest_url, .. }) => link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = link.take() {
                    if !block.ends_with(&url) {
                        block.push_str(&format!(" ({url})"));
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => block.push_str(&t),
            Event::SoftBreak => block.push(' '),
            Event::HardBreak => block.push('\n'),
            Event::Rule => {
                out.push_str(&"-".repeat(width.min(40)));
                out.push_str("\n\n");
            }
            _ => {}
        }
    }
    let first = prefix.clone();
    flush(&mut out, &mut block, &prefix, &first, width);
    out.trim_end().to_string() + "\n"
}

/// Appends `line` wrapped first fit at `width` columns, the first line
/// after `first`, the others after `rest`, each ending in a newline without
/// trailing spaces. Breaks only at ASCII spaces and after the hyphens of
/// [`hyphen_points`]; a word longer than the line stays whole. The result is
/// what textwrap's first-fit gives with those settings, without its
/// allocations per word.
fn wrap_into(out: &mut String, line: &str, width: usize, first: &str, rest: &str) {
    use textwrap::core::display_width;
    // An empty line stays empty, indent and all (as textwrap does).
    if line.is_empty() {
        out.push('\n');
        return;
    }
    out.push_str(first);
    let mut room = width.saturating_sub(display_width(first));
    let mut used = 0;
    let mut spaces = 0;
    let mut empty = true;
    for word in line.split_inclusive(' ') {
        let text = word.trim_end_matches(' ');
        let mut start = 0;
        let breaks = hyphen_points(text);
        for end in breaks.into_iter().chain([text.len()]) {
            let piece = &text[start..end];
            start = end;
            if piece.is_empty() {
                continue;
            }
            let piece_width = display_width(piece);
            if !empty && used + spaces + piece_width > room {
                let kept = out.trim_end_matches(' ').len();
                out.truncate(kept);
                out.push('\n');
                out.push_str(rest);
                room = width.saturating_sub(display_width(rest));
                used = 0;
            } else {
                used += spaces;
                for _ in 0..spaces {
                    out.push(' ');
                }
            }
            spaces = 0;
            out.push_str(piece);
            used += piece_width;
            empty = false;
        }
        spaces += word.len() - text.len();
    }
    let kept = out.trim_end_matches(' ').len();
    out.truncate(kept);
    out.push('\n');
}

/// Where a word may break: after a hyphen between letters or digits, as
/// textwrap's `HyphenSplitter`, but never inside a web or mail address.
fn hyphen_points(word: &str) -> Vec<usize> {
    if !word.contains('-') || is_address(word) {
        return Vec::new();
    }
    word.match_indices('-')
        .filter(|(i, _)| {
            let before = word[..*i].chars().next_back();
            let after = word[i + 1..].chars().next();
            before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric)
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// A URL or an e-mail address, possibly in brackets or followed by a stop.
fn is_address(word: &str) -> bool {
    // Most words have none of these bytes; only those are looked at closer.
    if !word.bytes().any(|b| matches!(b, b'@' | b':' | b'.')) {
        return false;
    }
    word.contains('@') || word.contains("://") || word.contains("www.") || word.contains("mailto:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_matches_textwrap_first_fit() {
        let repeated = "woord ".repeat(40);
        let texts = [
            "Wij zijn De Groene Hof, een wooncoöperatie in Súdwest-Fryslân. Ons plan staat.  Nu zoeken we een plek om te bouwen.",
            "een-heel-lang-samengesteld-woord-met-veel-streepjes en nog wat korte woorden er-achter",
            "a",
            "",
            repeated.trim_end(),
            "Onoverzichtelijkheidstoestanden zijn soms voorkomend bij gemeenteraadsvergaderingen",
        ];
        for text in texts {
            for width in 20..=90 {
                for (first, rest) in [("", ""), ("- ", "  "), ("  12. ", "      ")] {
                    let opts = textwrap::Options::new(width)
                        .initial_indent(first)
                        .subsequent_indent(rest)
                        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
                        .word_separator(textwrap::WordSeparator::AsciiSpace)
                        .word_splitter(textwrap::WordSplitter::HyphenSplitter)
                        .break_words(false);
                    let mut want = String::new();
                    for line in textwrap::wrap(text, opts) {
                        want.push_str(line.trim_end());
                        want.push('\n');
                    }
                    let mut got = String::new();
                    wrap_into(&mut got, text, width, first, rest);
                    assert_eq!(got, want, "{text:?} at {width} after {first:?}");
                }
            }
        }
    }

    #[test]
    fn addresses_are_never_broken() {
        let md = "Zie [de regeling](https://www.example.org/een/heel-lang/pad/naar-een/document-met-veel-woorden.pdf) \
                  of <https://example.org/x-y> en mail naar info@groenehof-heel-lang-adres.nl of \
                  www.wooncooperaties-in-nederland.nl voor meer informatie over alles wat hier-mee te-maken heeft.";
        let addresses = [
            "(https://www.example.org/een/heel-lang/pad/naar-een/document-met-veel-woorden.pdf)",
            "https://example.org/x-y",
            "info@groenehof-heel-lang-adres.nl",
            "www.wooncooperaties-in-nederland.nl",
        ];
        for width in 20..=100 {
            let txt = to_text(md, width);
            for a in addresses {
                assert!(txt.contains(a), "{a} broken at width {width}:\n{txt}");
            }
        }
        // Ordinary compounds still break at their hyphen when needed.
        let txt = to_text("aaaa hier-mee-samen-verder", 20);
        assert!(txt.lines().any(|l| l.ends_with('-')), "{txt}");
    }

    #[test]
    fn headings_lists_and_emphasis() {
        let md = "# Titel\n\nEen **vette** zin.\n\n- een\n- twee\n\n1. eerst\n2. dan\n";
        let txt = to_text(md, 60);
        assert_eq!(
            txt,
            "Titel\n=====\n\nEen vette zin.\n\n- een\n- twee\n\n1. eerst\n2. dan\n"
        );
    }

    #[test]
    fn wraps_long_paragraphs() {
        let md = "woord ".repeat(30);
        for line in to_text(&md, 40).lines() {
            assert!(line.len() <= 40, "{line}");
        }
    }

    #[test]
    fn hard_breaks_stay() {
        assert_eq!(
            to_text("Aan de raad  \nt.a.v. de griffie\n", 60),
            "Aan de raad\nt.a.v. de griffie\n"
        );
    }
}
