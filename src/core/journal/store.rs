//! Reading and writing journaal.yaml without ever losing it.
//!
//! - A malformed file gives a Dutch error with line and column and is left
//!   exactly as it is (nothing is written after a failed read).
//! - Writes are atomic: a temp file in the same folder, synced, then renamed
//!   over the old file. A crash leaves either the old or the new journal.
//! - An edit is refused when the file changed on disk since it was read
//!   (another coop, an editor, a `git pull`), so no one's change is lost.
//! - Comments (`#`) cannot be kept by a YAML writer; when the file has some,
//!   the old version is saved as journaal.yaml.bak first (with the
//!   journal's own permissions).
//! - Every command that may write holds the journal's lock
//!   (`io::lock`) from load to rename, so two coops never both add to the
//!   same old version; a second one waits a moment, then names the holder.
//! - Reading is bounded (`io::input`: size, nesting depth, regular file
//!   only, BOM stripped). A symlinked journal is written through to the
//!   file it points to; a device or FIFO is never replaced.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::model::{EventKind, Journal};
use crate::core::choice::Choice;
use crate::core::date;
use crate::core::kb::load::yaml_error_with_hint;
use crate::error::{excerpt, Error, Location, Result};
use crate::io::input::{self, Kind};
use crate::io::lock::{self, FileLock};
use crate::io::output;

/// A journal as read from disk, with what is needed to write it back safely.
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub journal: Journal,
    /// The text as read, for line numbers in messages.
    pub text: String,
    /// The bytes as read; None when there was no file yet.
    original: Option<Vec<u8>>,
    /// Held from load until this is dropped (after the save).
    lock: Option<FileLock>,
}

impl Loaded {
    /// Did the file exist when it was read?
    pub fn exists(&self) -> bool {
        self.original.is_some()
    }

    pub fn label(&self) -> String {
        self.path.display().to_string()
    }
}

/// The first lines of every journal coop writes.
const HEADER: &str = "\
# journaal.yaml: het campagnejournaal van jullie wooncoöperatie.
# coop schrijft dit bestand. Je mag het ook zelf aanpassen.
# contacten: mensen, met rol (zie coop rollen), partij, organisatie, sinds en tot.
# gebeurtenissen: wat er gebeurde, met datum, soort, met wie, samenvatting en uitkomst.
# vervolg: wat nog moet gebeuren, met datum. Zet klaar: JJJJ-MM-DD als het gedaan is.
# Opmerkingen achter een hekje bewaart coop niet. Schrijf ze in een veld, zoals notitie.
";

/// Reads the journal at `path`. A missing file is an empty journal. Takes
/// the journal's lock first, and keeps it in `Loaded` until that is dropped,
/// so a save writes over exactly the version that was read. If another coop
/// keeps the lock past the wait (someone answering questions), reading goes
/// on without it; a save then waits for the lock itself and names the holder.
pub fn load(path: &Path) -> Result<Loaded> {
    let lock = lock::acquire_if_free(path)?;
    let bytes = input::read_bytes_opt(path, Kind::Journal)?;
    let label = path.display().to_string();
    let text = match &bytes {
        Some(b) => input::decode(&label, b.clone())?,
        None => String::new(),
    };
    let journal = parse(&label, &text)?;
    Ok(Loaded {
        path: path.to_path_buf(),
        journal,
        text,
        original: bytes,
        lock,
    })
}

/// Parses and checks journal text; gives missing ids.
pub fn parse(label: &str, text: &str) -> Result<Journal> {
    let text = input::strip_bom(text);
    input::check_yaml_depth(label, text)?;
    let mut raw: Journal<String> = if text.trim().is_empty() {
        Journal::default()
    } else {
        serde_yaml::from_str::<Option<Journal<String>>>(text)
            .map_err(|e| {
                yaml_error_with_hint(
                    label,
                    &e,
                    "Zie het voorbeeld in README, onder Campagnejournaal.",
                )
            })?
            .unwrap_or_default()
    };
    as_written(&mut raw, text);
    check(label, text, &raw)?;
    // `check` refused every unknown kind, so this cannot fail; if it did,
    // the message still names the file.
    let mut journal = raw.typed().map_err(|e| {
        Error::data(
            Location {
                file: label.to_string(),
                line: 1,
                column: 1,
            },
            e,
        )
    })?;
    super::edit::assign_missing_ids(&mut journal);
    Ok(journal)
}

/// Structural checks that need no knowledge base. Every error names the line.
fn check(label: &str, text: &str, j: &Journal<String>) -> Result<()> {
    let mut errors = Vec::new();
    let at = |section: &str, i: usize, key: &str| Location {
        file: label.to_string(),
        line: field_line(text, section, i, key),
        column: 1,
    };
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, e) in j.gebeurtenissen.iter().enumerate() {
        if !date::is_full_date(&e.datum) {
            errors.push(Error::data(
                at("gebeurtenissen", i, "datum"),
                format!(
                    "datum '{}' is geen bestaande datum. Schrijf JJJJ-MM-DD, bijvoorbeeld 2026-03-14.",
                    excerpt(&e.datum)
                ),
            ));
        }
        if EventKind::parse(&e.soort).is_none() {
            let kinds = EventKind::ALL.iter().map(|k| k.id());
            let hint = crate::core::suggest::hint(&e.soort, kinds.clone());
            errors.push(Error::data(
                at("gebeurtenissen", i, "soort"),
                format!(
                    "soort '{}' kent coop niet.{hint} Kies uit: {}.",
                    excerpt(&e.soort),
                    kinds.collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        if e.samenvatting.is_empty() {
            errors.push(Error::data(
                at("gebeurtenissen", i, "samenvatting"),
                "deze gebeurtenis heeft geen samenvatting. Schrijf in één zin wat er gebeurde.",
            ));
        }
        if !e.id.is_empty() {
            if let Some(first) = ids.get(e.id.as_str()) {
                errors.push(Error::data(
                    at("gebeurtenissen", i, "id"),
                    format!(
                        "id '{}' staat twee keer in het journaal (ook op regel {}). Geef deze gebeurtenis een andere id, of haal de regel id weg.",
                        excerpt(&e.id),
                        field_line(text, "gebeurtenissen", *first, "id")
                    ),
                ));
            }
            ids.entry(&e.id).or_insert(i);
        }
    }
    for (i, c) in j.contacten.iter().enumerate() {
        if c.naam.is_empty() {
            errors.push(Error::data(
                at("contacten", i, "naam"),
                "dit contact heeft geen naam. Vul naam in.",
            ));
        }
        for (key, value) in [("sinds", &c.sinds), ("tot", &c.tot)] {
            if let Some(v) = value {
                if !date::is_partial_date(v) {
                    errors.push(Error::data(
                        at("contacten", i, key),
                        format!(
                            "{key} '{}' is geen datum. Schrijf JJJJ-MM-DD, JJJJ-MM of JJJJ.",
                            excerpt(v)
                        ),
                    ));
                }
            }
        }
    }
    let mut follow_ids: HashSet<&str> = HashSet::new();
    for (i, v) in j.vervolg.iter().enumerate() {
        if !date::is_full_date(&v.datum) {
            errors.push(Error::data(
                at("vervolg", i, "datum"),
                format!(
                    "datum '{}' is geen bestaande datum. Schrijf JJJJ-MM-DD, bijvoorbeeld 2026-03-28.",
                    excerpt(&v.datum)
                ),
            ));
        }
        if v.wat.is_empty() {
            errors.push(Error::data(
                at("vervolg", i, "wat"),
                "deze vervolgactie zegt niet wat er moet gebeuren. Vul het veld wat in.",
            ));
        }
        if let Some(k) = &v.klaar {
            if !is_done_word(k) {
                let line = field_line(text, "vervolg", i, "klaar");
                errors.push(Error::data(
                    Location {
                        file: label.to_string(),
                        line,
                        column: value_column(text, line, "klaar"),
                    },
                    format!(
                        "klaar: '{}' is geen datum en geen ja. Schrijf klaar: JJJJ-MM-DD als het gedaan is. Is het nog niet gedaan? Haal de regel klaar dan weg.",
                        excerpt(k)
                    ),
                ));
            }
        }
        if !v.id.is_empty() && !follow_ids.insert(&v.id) {
            errors.push(Error::data(
                    at("vervolg", i, "id"),
                    format!(
                        "id '{}' staat twee keer bij vervolg. Geef een andere id, of haal de regel id weg.",
                        excerpt(&v.id)
                    ),
                ));
        }
    }
    match errors.len() {
        0 => Ok(()),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Many(errors)),
    }
}

/// Only a date or a yes-word means a follow-up is done.
fn is_done_word(value: &str) -> bool {
    date::is_full_date(value)
        || matches!(
            value.to_lowercase().as_str(),
            "ja" | "yes" | "true" | "klaar" | "gedaan"
        )
}

/// The 1-based column where the value of `key:` starts on `line`; 1 if unknown.
fn value_column(text: &str, line: usize, key: &str) -> usize {
    let Some(l) = line.checked_sub(1).and_then(|i| text.lines().nth(i)) else {
        return 1;
    };
    match l.find(&format!("{key}:")) {
        Some(at) => {
            let after = at + key.len() + 1;
            let spaces = l[after..].len() - l[after..].trim_start().len();
            l[..after + spaces].chars().count() + 1
        }
        None => 1,
    }
}

/// The 1-based line of `key` in item `index` of the top-level list
/// `section`; the item's first line if the key is not there; 0 if unknown.
pub fn field_line(text: &str, section: &str, index: usize, key: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let Some(starts) = item_starts(&lines, section) else {
        return 0;
    };
    let Some(&start) = starts.get(index) else {
        return 0;
    };
    let end = starts.get(index + 1).copied().unwrap_or_else(|| {
        // The section ends at the next top-level key.
        (start + 1..lines.len())
            .find(|&l| is_top_level_key(lines[l]))
            .unwrap_or(lines.len())
    });
    (start..end)
        .find(|&l| {
            let t = lines[l].trim_start().trim_start_matches("- ").trim_start();
            t.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .unwrap_or(start)
        + 1
}

fn is_top_level_key(line: &str) -> bool {
    !line.is_empty() && !line.starts_with([' ', '\t', '-', '#']) && line.contains(':')
}

/// 0-based lines where the items of a top-level block list begin.
fn item_starts(lines: &[&str], section: &str) -> Option<Vec<usize>> {
    let head = lines.iter().position(|l| {
        l.strip_prefix(section)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    })?;
    let mut indent = None;
    let mut starts = Vec::new();
    for (n, line) in lines.iter().enumerate().skip(head + 1) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if is_top_level_key(line) {
            break;
        }
        let ind = line.len() - trimmed.len();
        if trimmed.starts_with('-') {
            let want = *indent.get_or_insert(ind);
            if ind == want {
                starts.push(n);
            }
        }
    }
    Some(starts)
}

/// The text coop writes for a journal: a short guide, then the YAML with a
/// blank line between items so it reads (and diffs) one event at a time.
pub fn to_text(journal: &Journal) -> Result<String> {
    let yaml = serde_yaml::to_string(journal).map_err(yaml_write_error)?;
    Ok(layout(&yaml))
}

fn yaml_write_error(e: serde_yaml::Error) -> Error {
    Error::Template {
        name: "journaal.yaml".into(),
        message: e.to_string(),
    }
}

/// Marks a scalar to be written exactly as its text (see `faithful`); the
/// character is a Unicode noncharacter, never in a user's text, and the
/// YAML writer leaves a string that starts with it unquoted.
const RAW: char = '\u{10FFFE}';

/// The sections whose items `faithful` matches up, with the key that
/// identifies an item.
const SECTIONS: &[(&str, &str)] = &[
    ("contacten", "naam"),
    ("gebeurtenissen", "id"),
    ("vervolg", "id"),
];

/// The text of `journal` with every scalar that this edit did not change
/// written exactly as it was in `text` (`4.10` stays `4.10`, not `4.1`;
/// `0x10`, `1e3`, `06123`, `ja` stay as they are), in known and unknown
/// fields. Only plain scalars on one line, directly in an item (or at the
/// top), are kept this way; everything else (quoted or multi-line text,
/// values inside a nested list or map) is written as the YAML writer does.
pub fn faithful_text(journal: &Journal, original: &Journal, text: &str) -> Result<String> {
    let mut new = serde_yaml::to_value(journal).map_err(yaml_write_error)?;
    let old = serde_yaml::to_value(original).map_err(yaml_write_error)?;
    let raw = raw_scalars(text);
    if let (Some(n), Some(o), Some(r)) = (new.as_mapping_mut(), old.as_mapping(), raw.get(&("", 0)))
    {
        keep_raw(n, o, r);
    }
    for (section, key) in SECTIONS {
        let Some(old_items) = old.get(*section).and_then(|v| v.as_sequence()) else {
            continue;
        };
        let ident =
            |item: &serde_yaml::Value| item.get(*key).and_then(|v| v.as_str()).map(str::to_string);
        let by_id: HashMap<String, usize> = old_items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| ident(it).map(|id| (id, i)))
            .collect();
        let Some(items) = new.get_mut(*section).and_then(|v| v.as_sequence_mut()) else {
            continue;
        };
        for item in items {
            let Some(&i) = ident(item).and_then(|id| by_id.get(&id)) else {
                continue;
            };
            if let (Some(r), Some(n), Some(o)) = (
                raw.get(&(*section, i)),
                item.as_mapping_mut(),
                old_items[i].as_mapping(),
            ) {
                keep_raw(n, o, r);
            }
        }
    }
    let yaml = serde_yaml::to_string(&new).map_err(yaml_write_error)?;
    Ok(layout(&yaml.replace(RAW, "")))
}

/// Text fields hold the text as written: the YAML reader turns `4.10`
/// into 4.1 and `true` into ja before coop sees it.
fn as_written(journal: &mut Journal<String>, text: &str) {
    let raw = raw_scalars(text);
    let set = |r: &HashMap<String, String>, key: &str, field: &mut String| {
        if let Some(v) = r.get(key) {
            if !field.is_empty() {
                *field = v.clone();
            }
        }
    };
    let set_opt = |r: &HashMap<String, String>, key: &str, field: &mut Option<String>| {
        if let (Some(v), Some(f)) = (r.get(key), field.as_mut()) {
            *f = v.clone();
        }
    };
    for (i, e) in journal.gebeurtenissen.iter_mut().enumerate() {
        let Some(r) = raw.get(&("gebeurtenissen", i)) else {
            continue;
        };
        set(r, "id", &mut e.id);
        set(r, "datum", &mut e.datum);
        set(r, "soort", &mut e.soort);
        set(r, "samenvatting", &mut e.samenvatting);
        set_opt(r, "uitkomst", &mut e.uitkomst);
    }
    for (i, c) in journal.contacten.iter_mut().enumerate() {
        let Some(r) = raw.get(&("contacten", i)) else {
            continue;
        };
        set(r, "naam", &mut c.naam);
        for (key, field) in [
            ("rol", &mut c.rol),
            ("partij", &mut c.partij),
            ("organisatie", &mut c.organisatie),
            ("email", &mut c.email),
            ("telefoon", &mut c.telefoon),
            ("sinds", &mut c.sinds),
            ("tot", &mut c.tot),
            ("notitie", &mut c.notitie),
        ] {
            set_opt(r, key, field);
        }
    }
    for (i, v) in journal.vervolg.iter_mut().enumerate() {
        let Some(r) = raw.get(&("vervolg", i)) else {
            continue;
        };
        set(r, "id", &mut v.id);
        set(r, "datum", &mut v.datum);
        set(r, "wat", &mut v.wat);
        set_opt(r, "bij", &mut v.bij);
    }
}

/// Puts the raw text back for each scalar the edit left unchanged.
fn keep_raw(
    new: &mut serde_yaml::Mapping,
    old: &serde_yaml::Mapping,
    raw: &HashMap<String, String>,
) {
    for (key, text) in raw {
        let k = serde_yaml::Value::String(key.clone());
        let (Some(n), Some(o)) = (new.get(&k), old.get(&k)) else {
            continue;
        };
        let scalar = matches!(
            n,
            serde_yaml::Value::Null
                | serde_yaml::Value::Bool(_)
                | serde_yaml::Value::Number(_)
                | serde_yaml::Value::String(_)
        );
        // Also when the value is the same text: the writer would quote
        // `06123` or `2026-03` that the user wrote without quotes.
        if n == o && scalar {
            new.insert(k, serde_yaml::Value::String(format!("{RAW}{text}")));
        }
    }
}

/// For the top level (`("", 0)`) and each item of each section, the plain
/// one-line scalars as written, by key. One pass per section.
fn raw_scalars(text: &str) -> HashMap<(&'static str, usize), HashMap<String, String>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: HashMap<(&'static str, usize), HashMap<String, String>> = HashMap::new();
    let top = out.entry(("", 0)).or_default();
    for line in &lines {
        if let Some((k, v)) = plain_entry(line) {
            top.insert(k.to_string(), v.to_string());
        }
    }
    for (section, _) in SECTIONS {
        let Some(starts) = item_starts(&lines, section) else {
            continue;
        };
        for (i, &start) in starts.iter().enumerate() {
            let first = lines[start];
            let dash = first.len() - first.trim_start().len();
            let body = first[dash + 1..].trim_start();
            let indent = first.len() - body.len();
            let end = starts.get(i + 1).copied().unwrap_or_else(|| {
                (start + 1..lines.len())
                    .find(|&l| is_top_level_key(lines[l]))
                    .unwrap_or(lines.len())
            });
            let mut found = HashMap::new();
            if let Some((k, v)) = plain_entry(body) {
                found.insert(k.to_string(), v.to_string());
            }
            for line in &lines[start + 1..end] {
                let trimmed = line.trim_start();
                if line.len() - trimmed.len() == indent {
                    if let Some((k, v)) = plain_entry(trimmed) {
                        found.insert(k.to_string(), v.to_string());
                    }
                }
            }
            out.insert((section, i), found);
        }
    }
    out
}

/// `key: value` where the value is a plain scalar of safe characters (a
/// number, date, word, `~`), without the comment after it.
fn plain_entry(line: &str) -> Option<(&str, &str)> {
    if line.starts_with([' ', '\t', '-', '#']) {
        return None;
    }
    let (key, rest) = line.split_once(':')?;
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let value = match rest.find(" #") {
        Some(i) => &rest[..i],
        None => rest,
    }
    .trim();
    let safe = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-' | '_' | '~'));
    safe.then_some((key, value))
}

/// coop's header and a blank line between items, around the YAML text.
fn layout(yaml: &str) -> String {
    let mut out = String::with_capacity(HEADER.len() + yaml.len() + yaml.len() / 8);
    out.push_str(HEADER);
    let mut previous = "";
    for line in yaml.lines() {
        let item = line.starts_with("- ") && !is_top_level_key(previous);
        if item || is_top_level_key(line) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}

/// Writes `journal` over the file `loaded` came from, atomically, unless the
/// file changed since it was read.
pub fn save(loaded: &Loaded, journal: &Journal) -> Result<()> {
    let text = faithful_text(journal, &loaded.journal, &loaded.text)?;
    let path = &loaded.path;
    // Loaded without a lock (none could be made then): take it now.
    let _late = match &loaded.lock {
        Some(_) => None,
        None => lock::acquire(path)?,
    };
    check_unchanged(loaded)?;
    if has_own_comments(&loaded.text) {
        let real = output::real_target(path);
        let backup = backup_path(&real);
        let old = loaded.original.as_deref().unwrap_or(loaded.text.as_bytes());
        output::write_backup(&backup, old, &real)?;
        output::note(&format!(
            "let op: {} had opmerkingen (#). coop kan die niet bewaren. De oude versie staat in {}.",
            path.display(),
            backup.display()
        ));
    }
    write_atomic(loaded, text.as_bytes())
}

/// Refuses when the file on disk is not what was read.
fn check_unchanged(loaded: &Loaded) -> Result<()> {
    let path = &loaded.path;
    let current = input::read_bytes_opt(path, Kind::Journal)?;
    if current != loaded.original {
        return Err(changed(path));
    }
    Ok(())
}

fn changed(path: &Path) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        message: "is veranderd sinds coop het las (door iemand anders, een ander programma of een tweede coop). \
coop heeft niets geschreven, zodat die wijziging niet verloren gaat. Voer het commando opnieuw uit."
            .into(),
    }
}

fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Comment lines a human wrote (coop's own header does not count).
fn has_own_comments(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with('#') && !HEADER.lines().any(|h| h == l)
    })
}

/// Through the one atomic writer, with the journal's permissions, synced,
/// checked once more that nobody changed the journal meanwhile. Ctrl-C
/// before the rename removes the temp file and changes nothing. A journal
/// that appeared since it was read is someone else's: it is kept.
fn write_atomic(loaded: &Loaded, bytes: &[u8]) -> Result<()> {
    let path = &loaded.path;
    output::write_atomic(
        path,
        bytes,
        &output::Atomic {
            replace: loaded.exists(),
            sync: true,
            mode: None,
            stem: "journaal",
            on_exists: Some(&|| changed(path)),
            before_rename: Some(&|| {
                test_pause();
                check_unchanged(loaded)
            }),
            interrupted: Some("Afgebroken. Het journaal is niet veranderd."),
        },
    )
}

/// Test hook: wait between writing the temp file and renaming it, so a test
/// can kill the process mid-write, or change the journal under its feet.
/// (Kept in release builds too, so `cargo test --release` tests the same.)
fn test_pause() {
    if let Some(ms) = std::env::var("COOP_TEST_WRITE_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
contacten:
  - naam: Jan de Vries
    rol: wethouder-wonen
    telefoonnummer: 06-123
gebeurtenissen:
  - id: 2026-03-14-gesprek
    datum: 2026-03-14
    soort: gesprek
    met: Jan de Vries
    samenvatting: Kennismaking
    sfeer: goed
  - datum: 2026-04-02
    soort: brief
    samenvatting: Brief aan de raad
vervolg:
  - datum: 2026-03-28
    wat: Plan op één A4 sturen
    bij: 2026-03-14-gesprek
eigen_lijst: [a, b]
";

    #[test]
    fn parses_and_keeps_unknown_keys() {
        let j = parse("journaal.yaml", SAMPLE).unwrap();
        assert_eq!(j.contacten[0].overig["telefoonnummer"], "06-123");
        assert_eq!(j.gebeurtenissen[0].met, vec!["Jan de Vries"]);
        assert_eq!(j.gebeurtenissen[0].overig["sfeer"], "goed");
        assert_eq!(j.gebeurtenissen[1].id, "2026-04-02-brief");
        assert_eq!(j.vervolg[0].id, "v1");
        assert!(j.overig.contains_key("eigen_lijst"));
        let again = parse("journaal.yaml", &to_text(&j).unwrap()).unwrap();
        assert_eq!(again, j);
    }

    #[test]
    fn errors_name_the_line() {
        let bad = SAMPLE.replace("soort: brief", "soort: brieff");
        let err = parse("journaal.yaml", &bad).unwrap_err().to_string();
        assert!(
            err.starts_with("journaal.yaml:13:1: soort 'brieff'"),
            "{err}"
        );
        assert!(err.contains("Bedoelde je"), "{err}");
        let bad = SAMPLE.replace("datum: 2026-03-28", "datum: 28 maart");
        let err = parse("journaal.yaml", &bad).unwrap_err().to_string();
        assert!(err.starts_with("journaal.yaml:16:1:"), "{err}");
        let err = parse("journaal.yaml", "gebeurtenissen:\n  - datum: [\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("journaal.yaml:"), "{err}");
        assert!(err.contains("geen geldige YAML"), "{err}");
        let err = parse(
            "journaal.yaml",
            "gebeurtenissen:\n  - soort: brief\n    samenvatting: x\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("verplicht veld `datum` ontbreekt (bij gebeurtenissen[0])"),
            "{err}"
        );
        assert!(err.contains("README"), "{err}");
        assert!(!err.contains("SCHEMA"), "{err}");
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let bad = SAMPLE.replace(
            "  - datum: 2026-04-02",
            "  - id: 2026-03-14-gesprek\n    datum: 2026-04-02",
        );
        let err = parse("journaal.yaml", &bad).unwrap_err().to_string();
        assert!(err.contains("twee keer"), "{err}");
        assert!(err.contains("regel 6"), "{err}");
    }

    #[test]
    fn scalars_are_written_as_they_were() {
        let text = "\
versie: 1.10
contacten:
  - naam: Jan
    telefoon: 06123
    kamer: 0x10
gebeurtenissen:
  - id: e1
    datum: 2026-03-14
    soort: gesprek
    samenvatting: 4.10
    bedrag: 1e3
    openbaar: ja
    stand: 4.10 # uit de notulen
    nested: {a: 1.50}
";
        let j = parse("journaal.yaml", text).unwrap();
        let mut changed = j.clone();
        changed
            .gebeurtenissen
            .push(changed.gebeurtenissen[0].clone());
        changed.gebeurtenissen[1].id = "e2".into();
        let out = faithful_text(&changed, &j, text).unwrap();
        for kept in [
            "versie: 1.10",
            "telefoon: 06123",
            "kamer: 0x10",
            "samenvatting: 4.10",
            "bedrag: 1e3",
            "openbaar: ja",
            "stand: 4.10",
        ] {
            assert!(out.contains(&format!("{kept}\n")), "{kept}: {out}");
        }
        assert!(!out.contains(RAW));
        let again = parse("journaal.yaml", &out).unwrap();
        assert_eq!(
            again.gebeurtenissen[0].samenvatting,
            j.gebeurtenissen[0].samenvatting
        );
        // A value the edit changed is written anew.
        let mut edited = j.clone();
        edited.gebeurtenissen[0].samenvatting = "Nieuw".into();
        let out = faithful_text(&edited, &j, text).unwrap();
        assert!(out.contains("samenvatting: Nieuw"), "{out}");
    }

    #[test]
    fn only_a_date_or_yes_means_done() {
        for word in ["Nee", "niet", "NO", "misschien", "2026-13-01"] {
            let text =
                format!("vervolg:\n  - datum: 2026-03-28\n    wat: Bellen\n    klaar: {word}\n");
            let err = parse("journaal.yaml", &text).unwrap_err().to_string();
            assert!(
                err.starts_with("journaal.yaml:4:12: klaar:"),
                "{word}: {err}"
            );
        }
        for word in ["2026-03-30", "ja", "Ja", "true", "gedaan"] {
            let text =
                format!("vervolg:\n  - datum: 2026-03-28\n    wat: Bellen\n    klaar: {word}\n");
            let j = parse("journaal.yaml", &text).unwrap();
            assert!(!j.vervolg[0].is_open(), "{word}");
        }
        let open = "vervolg:\n  - datum: 2026-03-28\n    wat: Bellen\n    klaar: nee\n";
        assert!(parse("journaal.yaml", open).unwrap().vervolg[0].is_open());
    }

    #[test]
    fn a_bom_is_not_part_of_the_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journaal.yaml");
        std::fs::write(&path, format!("\u{feff}# notitie\n{SAMPLE}")).unwrap();
        let loaded = load(&path).unwrap();
        assert!(has_own_comments(&loaded.text));
        save(&loaded, &loaded.journal).unwrap();
        let bak = std::fs::read_to_string(dir.path().join("journaal.yaml.bak")).unwrap();
        assert!(bak.starts_with("\u{feff}# notitie\n"), "{bak}");
    }

    #[test]
    fn lines_of_items_in_block_lists() {
        assert_eq!(field_line(SAMPLE, "gebeurtenissen", 1, "samenvatting"), 14);
        assert_eq!(field_line(SAMPLE, "contacten", 0, "rol"), 3);
        assert_eq!(field_line(SAMPLE, "vervolg", 0, "wat"), 17);
        assert_eq!(field_line(SAMPLE, "vervolg", 3, "wat"), 0);
        let flat = "gebeurtenissen:\n- datum: x\n  soort: y\n- datum: z\n";
        assert_eq!(field_line(flat, "gebeurtenissen", 1, "datum"), 4);
    }

    #[test]
    fn refuses_to_write_over_a_changed_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journaal.yaml");
        std::fs::write(&path, SAMPLE).unwrap();
        let loaded = load(&path).unwrap();
        std::fs::write(&path, format!("{SAMPLE}\n")).unwrap();
        let err = save(&loaded, &loaded.journal).unwrap_err();
        assert_eq!(err.exit_code(), 3);
        assert!(err.to_string().contains("veranderd"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            format!("{SAMPLE}\n")
        );
    }

    #[test]
    fn saves_atomically_and_backs_up_comments() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journaal.yaml");
        let with_comment = format!("# mijn opmerking\n{SAMPLE}");
        std::fs::write(&path, &with_comment).unwrap();
        let loaded = load(&path).unwrap();
        save(&loaded, &loaded.journal).unwrap();
        let bak = std::fs::read_to_string(dir.path().join("journaal.yaml.bak")).unwrap();
        assert_eq!(bak, with_comment);
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(written.starts_with(HEADER));
        assert!(!has_own_comments(&written));
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn a_new_journal_is_not_written_over_one_that_appeared() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journaal.yaml");
        let loaded = load(&path).unwrap();
        assert!(!loaded.exists());
        std::fs::write(&path, SAMPLE).unwrap();
        assert!(save(&loaded, &Journal::default()).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), SAMPLE);
    }
}
