//! Every Dutch text in the knowledge base and the templates passes the
//! OpenTaal spell check (hunspell-nl), with data/woordenlijst.txt for names
//! and jargon. .ci/run installs hunspell and hunspell-nl.

use crate::common::unknown_words;
use serde_json::Value;

/// Keys whose values are ids, codes or addresses, not Dutch text.
const NOT_TEXT: &[&str] = &[
    "id",
    "sources",
    "code",
    "url",
    "figure",
    "theme",
    "themes",
    "raised_by",
    "next_steps",
    "arguments",
    "checklists",
    "roles",
    "objections",
    "status",
    "position",
    "group",
    "into",
    "merged_into",
    "municipality_page",
    "on_change_of",
    "date",
    "address",
    // Matching vocabulary: deliberately the forms people type (no
    // diacritics, slang, English), never shown in a document.
    "keywords",
    "words",
];

fn collect(value: &Value, key: &str, out: &mut String) {
    if NOT_TEXT.contains(&key) {
        return;
    }
    match value {
        Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, key, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| collect(v, k, out)),
        _ => {}
    }
}

fn strip_template_syntax(t: &str) -> String {
    let mut out = String::new();
    let mut rest = t;
    while let Some(start) = rest.find(['{']) {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let close = match after.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            Some("{#") => "#}",
            _ => {
                out.push('{');
                rest = &after[1..];
                continue;
            }
        };
        match after.find(close) {
            // A tag separates words: `{% if n == 1 %}leven{% else %}levens`.
            Some(end) => {
                out.push(' ');
                rest = &after[end + 2..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    // Inline code (`coop checklist x`) is a command, not Dutch.
    out.split('`').step_by(2).collect::<Vec<_>>().join(" ")
}

#[test]
fn knowledge_base_is_spelled_correctly() {
    let kb = coop::core::kb::Kb::load(None).unwrap();
    let mut text = String::new();
    macro_rules! add {
        ($c:expr) => {
            for item in $c.iter() {
                collect(&serde_json::to_value(item).unwrap(), "", &mut text);
            }
        };
    }
    add!(kb.sources);
    add!(kb.themes);
    add!(kb.objections);
    add!(kb.arguments);
    add!(kb.roles);
    add!(kb.checklists);
    add!(kb.profiles);
    add!(kb.former);
    add!(kb.provinces);
    add!(kb.parties);
    // kb.synonyms is left out: it is matching vocabulary for `coop rebut`
    // (spoken forms, common misspellings such as "cooperatie"), never shown.
    for m in &kb.municipalities {
        text.push_str(&format!("{}\n{}\n", m.name, m.province));
    }
    let unknown = unknown_words(&text);
    assert!(
        unknown.is_empty(),
        "unknown words in data (typo, or add to data/woordenlijst.txt): {unknown:?}"
    );
}

#[test]
fn templates_are_spelled_correctly() {
    let mut text = String::new();
    for entry in walk("templates") {
        let t = std::fs::read_to_string(&entry).unwrap();
        let t = strip_template_syntax(&t);
        if entry.to_string_lossy().ends_with(".html.j2") {
            text.push_str(&strip_html_tags(&t));
        } else {
            text.push_str(&t);
        }
    }
    let unknown = unknown_words(&text);
    assert!(
        unknown.is_empty(),
        "unknown words in templates: {unknown:?}"
    );
}

/// The text of an HTML page template without its tags (names,
/// attributes, paths), which are not Dutch.
fn strip_html_tags(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut in_tag = false;
    for c in t.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn walk(dir: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(p.to_str().unwrap()));
        } else if p.extension().is_some_and(|x| x == "j2") {
            out.push(p);
        }
    }
    out
}

#[test]
fn questionnaire_is_spelled_correctly() {
    let kb = coop::core::kb::Kb::load(None).unwrap();
    let q = coop::core::questionnaire::questions::Questionnaire::load(&kb).unwrap();
    let mut text = format!("{}\n", q.intro);
    for question in &q.questions {
        text.push_str(&format!("{}\n{}\n", question.label, question.prompt));
        text.extend(question.help.iter().map(|h| format!("{h}\n")));
        text.extend(question.choices.iter().map(|c| format!("{}\n", c.label)));
    }
    text.extend(q.plan.iter().map(|r| format!("{}\n", r.why)));
    let unknown = unknown_words(&strip_template_syntax(&text));
    assert!(
        unknown.is_empty(),
        "unknown words in data/questions.yaml: {unknown:?}"
    );
}
