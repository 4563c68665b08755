//! The only place that writes: stdout, stderr, tables and files. Files are
//! written atomically (temp file + rename) and never overwritten without
//! `--force`.

use std::io::Write;
use std::path::Path;

use comfy_table::{presets, ContentArrangement, Table};

use crate::error::{Error, Result};

/// Writes `text` to stdout. A closed pipe becomes `Error::BrokenPipe`,
/// which main turns into a quiet exit 0.
pub fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| {
            if text.ends_with('\n') {
                Ok(())
            } else {
                out.write_all(b"\n")
            }
        })
        .and_then(|_| out.flush())
        .map_err(stdout_error)
}

/// Raw bytes to stdout (for binary formats such as docx).
pub fn print_bytes(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .map_err(stdout_error)
}

fn stdout_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::BrokenPipe
    } else {
        Error::io("stdout", &e)
    }
}

/// A message for the user on stderr (warnings, missing facts, estimates).
pub fn note(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

pub fn is_broken_pipe(err: &Error) -> bool {
    matches!(err, Error::BrokenPipe)
}

/// The width to lay out for: $COLUMNS, else the terminal, else 100.
pub fn width() -> u16 {
    if let Some(w) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<u16>().ok())
    {
        return w.max(20);
    }
    Table::new().width().unwrap_or(100)
}

/// A plain table (no colour codes) that fits the width.
pub fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width())
        .force_no_tty()
        .set_header(header.to_vec());
    for r in rows {
        t.add_row(r);
    }
    t.to_string()
}

/// Writes `bytes` to `path` atomically. Refuses to replace an existing file
/// unless `force` is set.
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if path.exists() && !force {
        return Err(Error::WouldOverwrite(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".coop-");
    // tempfile creates 0600 files; a document is an ordinary file (umask applies).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, &e))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::io(path, &e))?;
    if force {
        tmp.persist(path).map_err(|e| Error::io(path, &e.error))?;
    } else {
        // persist_noclobber closes the race between the check above and now.
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::WouldOverwrite(path.to_path_buf())
            } else {
                Error::io(path, &e.error)
            }
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("brief.md");
        write_file(&p, b"een", false).unwrap();
        let err = write_file(&p, b"twee", false).unwrap_err();
        assert!(matches!(err, Error::WouldOverwrite(_)));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "een");
        write_file(&p, b"twee", true).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "twee");
    }
}
