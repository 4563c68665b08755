//! Templates → Markdown. One minijinja environment with strict undefined
//! (a missing field is an error, never an empty hole in a letter), and
//! writers that derive other formats from that Markdown.

pub mod docx;
pub mod eml;
pub mod fillin;
pub mod formats;
pub mod html;
pub mod merge;
pub mod pipeline;
pub mod text;

use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior, Value};
use serde::Serialize;

use crate::error::{Error, Result};

/// Templates compiled into the binary, by name (every file under
/// templates/, listed by build.rs).
pub const TEMPLATES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/templates.rs"));

pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("default delimiters are valid"),
    );
    env.add_filter("datum", |s: String| crate::core::date::dutch_text(&s));
    env.add_filter("telwoord", |n: i64| number_word(n));
    // Every `{{ value }}` is escaped Markdown text unless a filter or a
    // template marks it as Markdown (`md` escapes itself; `safe` is for
    // trusted text only). So no profile field, flag, CSV value or journal
    // entry can become a link, an image, a heading or HTML.
    env.set_formatter(|out, state, value| {
        if value.is_safe() || value.is_number() || value.is_undefined() {
            return minijinja::escape_formatter(out, state, value);
        }
        let text = match value.as_str() {
            Some(s) => escape_markdown_text(s),
            None => escape_markdown_text(&value.to_string()),
        };
        out.write_str(&text).map_err(minijinja::Error::from)
    });
    env.add_filter("md", |s: String| {
        Value::from_safe_string(escape_markdown(&s))
    });
    // Keeps a safe (escaped) value safe, so it is not escaped twice.
    env.add_filter("punt", |v: Value| {
        let text = crate::core::text::end_sentence(v.as_str().unwrap_or_default());
        if v.is_safe() {
            Value::from_safe_string(text)
        } else {
            Value::from(text)
        }
    });
    // Templates compile when first used: `coop rebut` needs one, not all.
    env.set_loader(|name| {
        Ok(TEMPLATES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, src)| *src))
    });
    env
}

/// Renders template `name` with `ctx` to Markdown.
pub fn markdown<S: Serialize>(env: &Environment, name: &str, ctx: &S) -> Result<String> {
    let tmpl = env
        .get_template(name)
        .map_err(|e| template_error(name, &e))?;
    let out = tmpl
        .render(Value::from(minijinja::value::Serde(ctx)))
        .map_err(|e| template_error(name, &e))?;
    Ok(tidy(&out))
}

fn template_error(name: &str, e: &minijinja::Error) -> Error {
    // Includes wrap the real cause; show the whole chain.
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

/// Small numbers are written as words in Dutch prose ("twee coöperaties").
pub fn number_word(n: i64) -> String {
    const WORDS: [&str; 21] = [
        "nul",
        "een",
        "twee",
        "drie",
        "vier",
        "vijf",
        "zes",
        "zeven",
        "acht",
        "negen",
        "tien",
        "elf",
        "twaalf",
        "dertien",
        "veertien",
        "vijftien",
        "zestien",
        "zeventien",
        "achttien",
        "negentien",
        "twintig",
    ];
    usize::try_from(n)
        .ok()
        .and_then(|i| WORDS.get(i))
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// User text (journal entries) as literal Markdown text on one line: markup
/// characters are escaped, so a summary cannot become a heading, a list, a
/// link, an image or HTML, and line breaks become spaces.
pub fn escape_markdown(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let text = words.join(" ");
    let mut out = String::with_capacity(text.len() + 8);
    // A leading number with "." or ")" would start a numbered list.
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    for (i, c) in text.char_indices() {
        let entity = c == '&' && {
            let rest = &text[i + 1..];
            let name = rest
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '#'))
                .unwrap_or(rest.len());
            name > 0 && rest[name..].starts_with(';')
        };
        let escape = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~'
        ) || entity
            || (i == 0 && c.is_ascii_punctuation())
            || (i == digits && i > 0 && matches!(c, '.' | ')'));
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text as literal Markdown, keeping its lines: every character that could
/// start markup is escaped on every line, so the text cannot become a link,
/// image, heading, list, table, code or HTML. Line breaks stay; a line that
/// ends in `\` (a hard line break, as address blocks use) keeps it.
pub fn escape_markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut lines = s.split('\n').peekable();
    while let Some(line) = lines.next() {
        let last = lines.peek().is_none();
        let line = line.strip_suffix('\r').unwrap_or(line);
        let (body, hard_break) = match line.strip_suffix('\\') {
            Some(b) if !last && !b.ends_with('\\') => (b, true),
            _ => (line, false),
        };
        escape_line(body, &mut out);
        if hard_break {
            out.push('\\');
        }
        if !last {
            out.push('\n');
        }
    }
    out
}

/// Escapes one line (no line breaks in it) onto `out`.
///
/// Brackets stay readable, because fill-in places look like
/// `[naam van het raadslid]`: a `]` is escaped only where a link or image
/// could follow (`](`, `][`), and a `[` at the start of a line only when the
/// line could define a link (`[x]: url`). Templates never put `(` or `[`
/// straight after a value. `<` is always escaped, so no autolink or HTML.
fn escape_line(text: &str, out: &mut String) {
    let lead = text.len() - text.trim_start().len();
    let digits = text[lead..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    let definition = text.contains("]:");
    for (i, c) in text.char_indices() {
        if c.is_control() && c != '\t' {
            continue;
        }
        let next = text[i + c.len_utf8()..].chars().next();
        let entity = c == '&' && {
            let rest = &text[i + 1..];
            let name = rest
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '#'))
                .unwrap_or(rest.len());
            name > 0 && rest[name..].starts_with(';')
        };
        let escape = matches!(c, '\\' | '`' | '*' | '_' | '<' | '>' | '|' | '~')
            || entity
            || (c == ']' && matches!(next, Some('(' | '[')))
            || (c == '[' && i == lead && definition)
            || (i == lead && matches!(c, '#' | '-' | '+' | '='))
            || (i == lead + digits && digits > 0 && matches!(c, '.' | ')'));
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
}

/// A number the Dutch way: "3", "2,5".
pub fn decimal(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}").replace('.', ",")
    }
}

/// Collapses runs of blank lines that conditional blocks leave behind.
fn tidy(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut blank = 0;
    for line in md.lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.trim_start_matches('\n').trim_end().to_string() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_template_parses() {
        let env = environment();
        for (name, _) in TEMPLATES {
            assert!(env.get_template(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn sentences_end_with_a_full_stop_once() {
        assert_eq!(
            crate::core::text::end_sentence("Hij wil een rondleiding"),
            "Hij wil een rondleiding."
        );
        assert_eq!(crate::core::text::end_sentence("Klaar?"), "Klaar?");
        assert_eq!(crate::core::text::end_sentence("Al gedaan. "), "Al gedaan.");
    }

    #[test]
    fn user_text_stays_text() {
        assert_eq!(escape_markdown("a *b*\n# c"), "a \\*b\\* # c");
        assert_eq!(escape_markdown("# kop"), "\\# kop");
        assert_eq!(escape_markdown("---"), "\\---");
        assert_eq!(escape_markdown("12. april"), "12\\. april");
        assert_eq!(
            escape_markdown("Jansen & Zn, &amp; x"),
            "Jansen & Zn, \\&amp; x"
        );
        assert_eq!(escape_markdown("Welkom! Dat is 3.5"), "Welkom! Dat is 3.5");
        assert_eq!(
            escape_markdown("[x](javascript:y) <script>"),
            "\\[x\\](javascript:y) \\<script\\>"
        );
    }

    #[test]
    fn interpolated_text_is_escaped_unless_safe() {
        let env = environment();
        let out = env
            .render_str(
                "{{ a }}|{{ b }}|{{ c | md }}|{{ d | md | punt }}",
                minijinja::context! {
                    a => "[x](javascript:alert(1))",
                    b => "Naam\\\nStraat 1\n# kop",
                    c => "*c*",
                    d => "*d*",
                },
            )
            .unwrap();
        assert_eq!(
            out,
            "[x\\](javascript:alert(1))|Naam\\\nStraat 1\n\\# kop|\\*c\\*|\\*d\\*."
        );
    }

    #[test]
    fn hostile_text_stays_text_in_html() {
        for hostile in HOSTILE {
            let md = escape_markdown_text(hostile);
            let html = html::to_html(&format!("Aan {md}, groet"), "t", "nl");
            let body = &html[html.find("<body>").unwrap()..];
            assert!(!body.contains("<a "), "{hostile:?} → {md:?} → {body}");
            assert!(!body.contains("<img"), "{hostile:?} → {body}");
            assert!(!body.contains("<script"), "{hostile:?} → {body}");
            assert!(!body.contains("<h1"), "{hostile:?} → {body}");
        }
        assert_eq!(
            escape_markdown_text("[naam van het raadslid]"),
            "[naam van het raadslid]"
        );
    }

    /// Strings that try to become markup; also used by the integration tests.
    pub const HOSTILE: &[&str] = &[
        "[x](javascript:alert(1))",
        "![](http://tracker.example/p.gif)",
        "[![a](http://x.example/i.png)](javascript:y)",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<https://evil.example>",
        "[a][b]\n\n[b]: javascript:alert(1)",
        "[b]: http://evil.example",
        "x\n# kop\n- lijst\n1. een",
        "&lt;script&gt;",
        "`code` **vet** _schuin_ ~~weg~~",
        "a | b\n---|---\nc | d",
        "[x]\n(javascript:alert(1))",
        "\x1b]0;titel\x07",
    ];

    #[test]
    fn tidy_collapses_blank_lines() {
        assert_eq!(tidy("a\n\n\n\nb\n\n"), "a\n\nb\n");
    }
}
