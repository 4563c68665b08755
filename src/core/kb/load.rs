//! Reads the knowledge base: the files compiled into the binary, then the
//! files of a user's overlay directory, which add entries or replace entries
//! with the same id. Parse errors carry file, line and column.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::model::MunicipalityRow;
use super::{Collection, Entry, Origin};
use crate::error::{Error, Location, Result};

/// One built-in file: name, YAML source (for error lines) and the JSON copy
/// build.rs made of it (parsed instead of the YAML, which is slower).
macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$((
            concat!($name, ".yaml"),
            include_str!(concat!("../../../data/", $name, ".yaml")),
            include_str!(concat!(env!("OUT_DIR"), "/", $name, ".json")),
        )),*]
    };
}

/// The built-in data, compiled in so `coop` works from any folder.
pub const EMBEDDED: &[(&str, &str, &str)] = embedded![
    "sources",
    "themes",
    "objections",
    "arguments",
    "roles",
    "checklists",
    "municipalities",
    "former_municipalities",
    "provinces",
    "parties",
    "synonyms",
];

pub const MUNICIPALITIES_CSV: &str = include_str!("../../../data/municipalities.csv");

/// The names of the files a data directory may hold.
pub fn known_files() -> impl Iterator<Item = &'static str> {
    EMBEDDED.iter().map(|(name, _, _)| *name)
}

/// One YAML text with the label used in error messages.
pub struct DataText<'a> {
    pub label: Arc<str>,
    pub text: &'a str,
    /// A JSON copy of the same data, when build.rs made one.
    pub json: Option<&'a str>,
    /// Whether to find the line of every entry (for messages). A run that
    /// shows no message about the data (`coop weerleg` on the built-in
    /// data) skips it: the lines stay 0, "unknown".
    pub lines: bool,
}

/// Parses one file into a list of entries. Duplicate ids inside one file are
/// an error; across files the later one replaces the earlier (see `merge`).
pub fn parse_list<T: DeserializeOwned + Entry>(src: &DataText) -> Result<Collection<T>> {
    let from_json = src
        .json
        .filter(|j| !j.is_empty())
        .and_then(|j| serde_json::from_str::<Option<Vec<T>>>(j).ok());
    let items: Vec<T> = match from_json {
        Some(items) => items.unwrap_or_default(),
        None if src.text.trim().is_empty() => Vec::new(),
        // The YAML parser gives the error with the YAML's line and column.
        None => {
            crate::io::input::check_yaml_depth(&src.label, src.text)?;
            serde_yaml::from_str::<Option<Vec<T>>>(crate::io::input::strip_bom(src.text))
                .map_err(|e| yaml_error(&src.label, &e))?
                .unwrap_or_default()
        }
    };
    let mut collection = Collection::default();
    let mut errors = Vec::new();
    let lines = if src.lines {
        entry_lines(src.text, T::KEY)
    } else {
        HashMap::new()
    };
    for item in items {
        let line = match lines.get(item.key()) {
            Some(&line) => line,
            None if src.lines => entry_line(src.text, T::KEY, item.key()),
            None => 0,
        };
        let origin = Origin {
            file: src.label.clone(),
            line,
        };
        if let Some(first) = collection.get_origin(item.key()) {
            errors.push(Error::data(
                origin.location(),
                format!(
                    "{} '{}' staat twee keer in dit bestand (eerst op regel {}). Geef elk item een eigen {}.",
                    T::KEY,
                    item.key(),
                    first.line,
                    T::KEY
                ),
            ));
            continue;
        }
        collection.push(item, origin);
    }
    match errors.len() {
        0 => Ok(collection),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Many(errors)),
    }
}

/// Turns a YAML error into a Dutch message with file, line and column.
pub fn yaml_error(label: &str, err: &serde_yaml::Error) -> Error {
    yaml_error_with_hint(label, err, "Vergelijk met data/SCHEMA.md.")
}

/// `yaml_error` with another hint than data/SCHEMA.md (for the user's own files).
pub fn yaml_error_with_hint(label: &str, err: &serde_yaml::Error, hint: &str) -> Error {
    let (line, column) = err
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    Error::data(
        Location {
            file: label.to_string(),
            line,
            column,
        },
        format!(
            "dit is geen geldige YAML voor coop ({}). {hint}",
            translate_yaml_message(&err.to_string())
        ),
    )
}

/// serde's messages are English; translate the common ones, keep the rest.
fn translate_yaml_message(msg: &str) -> String {
    // Drop serde's own " at line X column Y" suffix: we print the location ourselves.
    let msg = match msg.find(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    };
    // serde_norway prefixes the path inside the document (".[0].rebuttal: ...",
    // or "gebeurtenissen[1]: ..." when the document is a map).
    if let Some((path, rest)) = msg.split_once(": ") {
        let is_path = path.starts_with('.')
            || path.starts_with('[')
            || (!path.is_empty()
                && path
                    .chars()
                    .all(|c| c.is_alphanumeric() || "_-.[]".contains(c)));
        if is_path && path != "invalid type" {
            return format!("{} (bij {path})", translate_yaml_message(rest));
        }
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("verplicht veld {rest} ontbreekt");
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let field = crate::error::excerpt(rest.split(',').next().unwrap_or(rest));
        let expected = rest
            .split_once("expected one of ")
            .map(|(_, e)| format!("; toegestaan: {e}"))
            .unwrap_or_default();
        return format!("onbekend veld {field}{expected}");
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let kind = |k: &str| -> String {
            match k {
                "sequence" | "a sequence" => "een lijst".into(),
                "map" | "a map" => "velden (naam: waarde)".into(),
                "a string" | "string" | "tekst" => "tekst".into(),
                "integer" | "u32" | "u64" | "i64" | "a number" => "een getal".into(),
                "boolean" | "a boolean" => "ja of nee".into(),
                k if k.starts_with("struct ") => "velden (naam: waarde)".into(),
                k if k.starts_with("string ") => {
                    format!("de tekst {}", crate::error::excerpt(&k[7..]))
                }
                k if k.starts_with("integer ") => {
                    format!("het getal {}", crate::error::excerpt(&k[8..]))
                }
                k => k.into(),
            }
        };
        if expected.is_empty() {
            return format!("verkeerd soort waarde: {}", kind(found));
        }
        return format!(
            "verkeerd soort waarde: {} waar coop {} verwacht",
            kind(found),
            kind(expected)
        );
    }
    if msg.starts_with("did not find expected") || msg.contains("while parsing a block") {
        return "de inspringing klopt niet, of een '-' ontbreekt. Zet velden van één item precies onder elkaar".into();
    }
    if msg.starts_with("mapping values are not allowed") {
        return "een dubbele punt op een plek waar dat niet kan. Zet tekst met een dubbele punt tussen aanhalingstekens".into();
    }
    if msg.starts_with("data did not match any variant of untagged enum") {
        return "dit item heeft niet de velden die coop hier verwacht".into();
    }
    if msg.contains("recursion limit exceeded") {
        return format!(
            "lijsten en velden staan te diep in elkaar (coop leest tot {} niveaus)",
            crate::io::input::MAX_DEPTH
        );
    }
    if msg.starts_with("deserializing from YAML containing more than one document") {
        return "dit bestand heeft meer dan één document (een regel met alleen ---). Haal de tweede --- weg".into();
    }
    if msg.contains("repetition limit exceeded") {
        return "dit bestand herhaalt te veel ankers (&) en verwijzingen (*)".into();
    }
    if let Some(rest) = msg.strip_prefix("duplicate entry with key ") {
        return format!(
            "sleutel {} staat twee keer in hetzelfde item",
            crate::error::excerpt(rest)
        );
    }
    // A closed set (`core::choice`) says it in Dutch already, with every choice.
    if let Some((value, choices)) = msg.split_once(" bestaat niet; kies uit: ") {
        return format!(
            "{} bestaat niet; kies uit: {choices}",
            crate::error::excerpt(value)
        );
    }
    // Anything else: serde's text, cut short (it may repeat a whole value).
    let mut short: String = msg.chars().take(120).collect();
    if short.len() < msg.len() {
        short.push('…');
    }
    short
}

/// For every `key: value` line (block style, as the data is written), the
/// 1-based line of its first occurrence: one pass over the text.
fn entry_lines<'t>(text: &'t str, key: &str) -> HashMap<&'t str, usize> {
    let mut found = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start().trim_start_matches("- ").trim_start();
        if let Some(v) = t
            .strip_prefix(key)
            .and_then(|r| r.trim_start().strip_prefix(':'))
        {
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
            found.entry(v).or_insert(i + 1);
        }
    }
    found
}

/// The 1-based line where the entry with `key: value` starts, or 0 if unknown.
pub fn entry_line(text: &str, key: &str, value: &str) -> usize {
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start().trim_start_matches("- ").trim_start();
        if let Some(rest) = t.strip_prefix(key) {
            if let Some(v) = rest.trim_start().strip_prefix(':') {
                let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
                if v == value {
                    return i + 1;
                }
            }
        }
    }
    // Flow style: `- {name: Weesp, into: ...}`.
    let needle = format!("{key}: {value}");
    text.lines()
        .position(|l| l.contains(&needle))
        .map_or(0, |i| i + 1)
}

/// Adds the overlay's entries to `base`: same key replaces, a new key is added.
pub fn merge<T: Entry>(base: &mut Collection<T>, overlay: Collection<T>) {
    for (item, origin) in overlay.into_parts() {
        base.upsert(item, origin);
    }
}

/// Reads one file of an overlay directory, if it is there.
pub fn read_overlay_file(dir: &Path, name: &str) -> Result<Option<(Arc<str>, String)>> {
    let path = dir.join(name);
    let Some(text) = crate::io::input::read_text_opt(&path, crate::io::input::Kind::Data)? else {
        return Ok(None);
    };
    let label = path.display().to_string();
    crate::io::input::check_yaml_depth(&label, &text)?;
    Ok(Some((Arc::from(label), text)))
}

/// Parses the CBS list (`code,naam,provincie`) with the csv crate, so a
/// quoted name such as "Nuenen, Gerwen en Nederwetten" stays one field.
pub fn parse_municipalities_csv(label: &str, text: &str) -> Result<Vec<MunicipalityRow>> {
    let mut rows = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    for record in reader.records() {
        let at = |line: u64| Location {
            file: label.to_string(),
            line: usize::try_from(line).unwrap_or(0),
            column: 1,
        };
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            Error::data(at(line), "deze regel is geen geldige CSV.".to_string())
        })?;
        let lineno = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let [code, cbs_name, province] = [0, 1, 2].map(|i| record.get(i).unwrap_or(""));
        if record.len() != 3 {
            return Err(Error::data(
                at(lineno),
                "verwacht drie velden: code,naam,provincie. Zet een naam met een komma tussen aanhalingstekens.",
            ));
        }
        if let Some(first) = seen.insert(code.to_string(), lineno as usize) {
            return Err(Error::data(
                at(lineno),
                format!("code {code} staat ook op regel {first}."),
            ));
        }
        rows.push(MunicipalityRow {
            code: code.to_string(),
            name: official_name(cbs_name).to_string(),
            cbs_name: cbs_name.to_string(),
            province: province.to_string(),
        });
    }
    Ok(rows)
}

/// CBS adds a province suffix to eight names ("Bergen (NH.)"); the official
/// name that documents must use has none.
pub fn official_name(cbs_name: &str) -> &str {
    match cbs_name.rfind(" (") {
        Some(i) if cbs_name.ends_with(".)") => &cbs_name[..i],
        _ => cbs_name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_name_drops_cbs_suffix_only() {
        assert_eq!(official_name("Bergen (NH.)"), "Bergen");
        assert_eq!(official_name("Hengelo (O.)"), "Hengelo");
        assert_eq!(official_name("'s-Gravenhage"), "'s-Gravenhage");
    }

    #[test]
    fn csv_honours_quotes_and_names_the_line() {
        let rows = parse_municipalities_csv(
            "m.csv",
            "code,naam,provincie\nGM0820,\"Nuenen, Gerwen en Nederwetten\",Noord-Brabant\n",
        )
        .unwrap();
        assert_eq!(rows[0].cbs_name, "Nuenen, Gerwen en Nederwetten");
        let err = parse_municipalities_csv("m.csv", "code,naam,provincie\nGM1,a,b\nGM1,c,d\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("m.csv:3:"), "{err}");
        assert!(err.contains("regel 2"), "{err}");
        let err = parse_municipalities_csv("m.csv", "code,naam,provincie\nGM1,a\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("drie velden"), "{err}");
    }

    #[test]
    fn an_unknown_figure_names_every_choice() {
        let text = "- figure: ledenn\n  why: x\n";
        let err = serde_yaml::from_str::<Vec<crate::core::kb::model::Evidence>>(text).unwrap_err();
        let msg = yaml_error("e.yaml", &err).to_string();
        assert!(msg.starts_with("e.yaml:1:"), "{msg}");
        assert!(msg.contains("'ledenn' bestaat niet"), "{msg}");
        assert!(msg.contains("geschiedenis, fase"), "{msg}");
    }

    #[test]
    fn entry_line_finds_the_id() {
        let text = "# c\n- id: a\n  x: 1\n- id: \"b\"\n";
        assert_eq!(entry_line(text, "id", "b"), 4);
        assert_eq!(entry_line(text, "id", "zz"), 0);
    }
}
