//! Reading what a user gives coop: files and stdin, within documented
//! limits. Every reader of a user's file goes through here, so each one
//! refuses what is not a regular file (a FIFO, a device, a folder), stops at
//! its size limit, strips a UTF-8 byte order mark, gives a Dutch message for
//! text that is not UTF-8, and refuses YAML nested deeper than `MAX_DEPTH`.
//! The limits are listed in README ("Grenzen").

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Location, Result};

/// What kind of input a file is; each kind has its own size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// coop.yaml
    Profile,
    /// journaal.yaml
    Journal,
    /// A file of an overlay data folder (--data), or an imported file.
    Data,
    /// antwoorden.yaml (`coop start --antwoorden`)
    Answers,
    /// The mail-merge CSV (`coop brief --ontvangers`)
    Recipients,
    /// The signatories of a manifesto (`coop manifest --ondertekenaars`)
    Signatories,
    /// Text on stdin (`coop weerleg -`)
    Stdin,
    /// The municipality's mail or minutes (`coop brief --reactie-op`), as
    /// much text as `coop weerleg` reads.
    Message,
}

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

impl Kind {
    /// The largest input of this kind coop reads, in bytes.
    pub fn max_bytes(self) -> u64 {
        match self {
            Kind::Profile => MIB,
            Kind::Journal => 4 * MIB,
            Kind::Data => 4 * MIB,
            Kind::Answers => MIB,
            Kind::Recipients => 4 * MIB,
            Kind::Signatories => MIB,
            Kind::Stdin => 256 * KIB,
            Kind::Message => 100 * KIB,
        }
    }

    /// The Dutch name of this kind, as messages use it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Profile => "een profiel (coop.yaml)",
            Kind::Journal => "een journaal",
            Kind::Data => "een gegevensbestand",
            Kind::Answers => "een antwoordenbestand",
            Kind::Recipients => "een lijst met ontvangers",
            Kind::Signatories => "een lijst met ondertekenaars",
            Kind::Stdin => "tekst via stdin",
            Kind::Message => "een mail of verslag",
        }
    }
}

/// The deepest nesting of lists and maps a YAML file may have.
pub const MAX_DEPTH: usize = 64;

/// "8 MB", "256 kB": a size the way people read it.
pub fn size_text(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MB", bytes / MIB)
    } else if bytes >= MIB {
        format!("{:.1} MB", bytes as f64 / MIB as f64).replace('.', ",")
    } else {
        format!("{} kB", bytes.div_ceil(KIB))
    }
}

fn whole_file(path: &Path) -> Location {
    Location {
        file: path.display().to_string(),
        line: 0,
        column: 0,
    }
}

fn too_large(label: Location, kind: Kind, size: Option<u64>) -> Error {
    let found = match size {
        Some(s) => format!("is {} groot", size_text(s)),
        None => format!("is groter dan {}", size_text(kind.max_bytes())),
    };
    Error::data(
        label,
        format!(
            "dit {found}. coop leest {} tot {}. Maak het bestand kleiner of splits het.",
            kind.name(),
            size_text(kind.max_bytes())
        ),
    )
}

/// Refuses anything that is not a regular file (following symlinks): a
/// FIFO would make coop wait for ever, a device or folder is no document.
pub fn check_regular(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    let what = if meta.is_dir() {
        "een map"
    } else {
        special_kind(meta)
    };
    Err(Error::Io {
        path: path.to_path_buf(),
        message: format!(
            "dit is {what}, geen gewoon bestand. coop leest en schrijft alleen gewone bestanden."
        ),
    })
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "een pijp (FIFO)"
    } else if t.is_char_device() || t.is_block_device() {
        "een apparaat"
    } else if t.is_socket() {
        "een socket"
    } else {
        "iets anders"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::Metadata) -> &'static str {
    "iets anders"
}

/// The bytes of the file at `path`, or None when there is no file.
pub fn read_bytes_opt(path: &Path, kind: Kind) -> Result<Option<Vec<u8>>> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, &e)),
    };
    check_regular(path, &meta)?;
    let limit = kind.max_bytes();
    if meta.len() > limit {
        return Err(too_large(whole_file(path), kind, Some(meta.len())));
    }
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, &e)),
    };
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow while it is read: never read past the limit.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, &e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(whole_file(path), kind, None));
    }
    Ok(Some(bytes))
}

/// The text of the file at `path` (BOM stripped), or None when there is none.
pub fn read_text_opt(path: &Path, kind: Kind) -> Result<Option<String>> {
    let label = path.display().to_string();
    read_bytes_opt(path, kind)?
        .map(|b| decode(&label, b))
        .transpose()
}

/// The text of the file at `path` (BOM stripped); a missing file is an error.
pub fn read_text(path: &Path, kind: Kind) -> Result<String> {
    match read_text_opt(path, kind)? {
        Some(t) => Ok(t),
        None => Err(Error::io(
            path,
            &std::io::Error::from(std::io::ErrorKind::NotFound),
        )),
    }
}

/// All of stdin as text, up to the limit of `Kind::Stdin`.
pub fn read_stdin() -> Result<String> {
    read_stdin_as(Kind::Stdin)
}

/// All of stdin as text, up to the limit of `kind`; reading stops there, so
/// a huge stream costs no memory.
pub fn read_stdin_as(kind: Kind) -> Result<String> {
    let limit = kind.max_bytes();
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("stdin", &e))?;
    if bytes.len() as u64 > limit {
        return Err(Error::Usage(format!(
            "stdin: de tekst is groter dan {}. coop leest {} tot {}. Geef een kortere tekst.",
            size_text(limit),
            kind.name(),
            size_text(limit)
        )));
    }
    decode("stdin", bytes)
}

/// Bytes as UTF-8 text without a byte order mark; a Dutch error names the
/// line of the first byte that is not UTF-8.
pub fn decode(label: &str, bytes: Vec<u8>) -> Result<String> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(e) => {
            let b = e.as_bytes();
            let valid = e.utf8_error().valid_up_to();
            let line = b[..valid].iter().filter(|&&c| c == b'\n').count() + 1;
            let column = valid
                - b[..valid]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(0, |p| p + 1)
                + 1;
            Err(Error::data(
                Location {
                    file: label.to_string(),
                    line,
                    column,
                },
                "dit is geen UTF-8-tekst. Sla het bestand op als UTF-8 in je teksteditor.",
            ))
        }
    }
}

/// A spreadsheet saved as CSV: UTF-8 (with or without BOM), or else
/// Windows-1252, which Dutch Excel writes ("Bosscha, André" stays whole).
pub fn read_spreadsheet(path: &Path, kind: Kind) -> Result<String> {
    let label = path.display().to_string();
    let bytes = read_bytes_opt(path, kind)?
        .ok_or_else(|| Error::io(path, &std::io::Error::from(std::io::ErrorKind::NotFound)))?;
    if std::str::from_utf8(&bytes).is_ok() {
        return decode(&label, bytes);
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    Ok(text.into_owned())
}

/// Strips a UTF-8 byte order mark, for text that did not come through here.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Refuses YAML whose lists and maps nest deeper than `MAX_DEPTH`, before
/// the YAML parser sees it (deep nesting makes parsing very slow). Counts
/// flow brackets (`[`, `{`) outside quotes and comments, and the levels of
/// indentation of block lists and maps.
pub fn check_yaml_depth(label: &str, text: &str) -> Result<()> {
    let mut flow = 0usize;
    // Indentation of the open block levels.
    let mut indents: Vec<usize> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut col = 0usize;
        let bytes = line.as_bytes();
        // Block level: only outside flow collections.
        if flow == 0 {
            let indent = bytes.iter().take_while(|&&c| c == b' ').count();
            let rest = &line[indent..];
            if !rest.is_empty() && !rest.starts_with('#') {
                while indents.last().is_some_and(|&i| i > indent) {
                    indents.pop();
                }
                if indents.last() != Some(&indent) {
                    indents.push(indent);
                }
                // "- - - x" and "- a: b" open levels on one line.
                let mut extra = 0;
                let mut r = rest;
                while let Some(after) = r.strip_prefix("- ").or_else(|| r.strip_prefix("? ")) {
                    extra += 1;
                    r = after.trim_start();
                }
                if indents.len() + extra > MAX_DEPTH {
                    return Err(too_deep(label, n + 1, indent + 1));
                }
            }
        }
        let mut at_value_start = true;
        let mut quote: Option<u8> = None;
        while col < bytes.len() {
            let c = bytes[col];
            match quote {
                Some(b'"') => {
                    if c == b'\\' {
                        col += 1;
                    } else if c == b'"' {
                        quote = None;
                    }
                }
                Some(_) => {
                    if c == b'\'' {
                        quote = None;
                    }
                }
                None => match c {
                    b'#' if col == 0 || bytes[col - 1] == b' ' || bytes[col - 1] == b'\t' => break,
                    b'"' | b'\'' if at_value_start => quote = Some(c),
                    b'[' | b'{' if at_value_start => {
                        flow += 1;
                        if flow + indents.len() > MAX_DEPTH {
                            return Err(too_deep(label, n + 1, col + 1));
                        }
                    }
                    b']' | b'}' if flow > 0 => flow -= 1,
                    _ => {}
                },
            }
            if quote.is_none() && !c.is_ascii_whitespace() {
                at_value_start = matches!(c, b':' | b'-' | b'[' | b'{' | b',' | b'?' | b'!');
            }
            col += 1;
        }
    }
    Ok(())
}

fn too_deep(label: &str, line: usize, column: usize) -> Error {
    Error::data(
        Location {
            file: label.to_string(),
            line,
            column,
        },
        format!(
            "lijsten en velden staan hier meer dan {MAX_DEPTH} niveaus diep in elkaar. coop leest tot {MAX_DEPTH} niveaus. Controleer de haakjes [ ] en {{ }} en de inspringing."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_stripped() {
        assert_eq!(decode("x", b"\xef\xbb\xbf# a\n".to_vec()).unwrap(), "# a\n");
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("r.csv");
        std::fs::write(&csv, b"naam;partij\nAndr\xe9 Bosscha;CDA\n").unwrap();
        assert_eq!(
            read_spreadsheet(&csv, Kind::Recipients).unwrap(),
            "naam;partij\nAndré Bosscha;CDA\n"
        );
        assert_eq!(strip_bom("\u{feff}a"), "a");
    }

    #[test]
    fn bad_utf8_names_line_and_column() {
        let err = decode("j.yaml", b"a: b\nc: \xff\n".to_vec()).unwrap_err();
        assert_eq!(err.to_string().split(": ").next(), Some("j.yaml:2:4"));
        assert!(err.to_string().contains("UTF-8"), "{err}");
    }

    #[test]
    fn depth() {
        let deep = "[".repeat(100_000);
        let start = std::time::Instant::now();
        let err = check_yaml_depth("d.yaml", &deep).unwrap_err().to_string();
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
        assert!(err.contains("64 niveaus"), "{err}");
        let fine = "a: [1, [2, {b: c}]]\nd: \"[[[[\" # [[[[\ne: x[y\n";
        check_yaml_depth("d.yaml", fine).unwrap();
        let mut block = String::new();
        for i in 0..100 {
            block.push_str(&" ".repeat(i));
            block.push_str("a:\n");
        }
        assert!(check_yaml_depth("d.yaml", &block).is_err());
        let dashes = "- ".repeat(100) + "x\n";
        assert!(check_yaml_depth("d.yaml", &dashes).is_err());
        check_yaml_depth("d.yaml", "- - a\n  - b\n- c\n").unwrap();
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(8 * MIB), "8 MB");
        assert_eq!(size_text(256 * KIB), "256 kB");
        assert_eq!(size_text(MIB + MIB / 2), "1,5 MB");
    }

    #[cfg(unix)]
    #[test]
    fn fifo_and_devices_are_refused() {
        let err = read_text(Path::new("/dev/null"), Kind::Profile).unwrap_err();
        assert!(err.to_string().contains("apparaat"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let err = read_text(dir.path(), Kind::Profile).unwrap_err();
        assert!(err.to_string().contains("een map"), "{err}");
    }

    #[test]
    fn too_large_is_refused_by_size() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("coop.yaml");
        std::fs::write(&p, vec![b'a'; (MIB + 1) as usize]).unwrap();
        let err = read_text(&p, Kind::Profile).unwrap_err().to_string();
        assert!(err.contains("tot 1 MB"), "{err}");
    }
}
