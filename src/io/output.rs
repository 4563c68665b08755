//! The only place that writes: stdout, stderr, tables and files. Files are
//! written atomically (temp file + rename) and never overwritten without
//! `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};

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

/// Makes a folder (and its parents) for files coop writes.
pub fn ensure_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))
}

/// Writes `bytes` to `path` atomically and durably (synced before the
/// rename). Refuses to replace an existing file unless `force` is set.
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    write_atomic(path, bytes, force, true)
}

/// Like `write_file`, but without waiting for the disk: for many generated
/// files (a mail merge) that can be made again. The rename still means a
/// reader never sees half a file.
pub fn write_generated(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    write_atomic(path, bytes, force, false)
}

fn write_atomic(path: &Path, bytes: &[u8], force: bool, sync: bool) -> Result<()> {
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
        .and_then(|_| {
            if sync {
                tmp.as_file().sync_all()
            } else {
                Ok(())
            }
        })
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

/// Many generated files into one folder (a mail merge), all or nothing.
/// A new folder is filled under a temporary name and renamed when complete;
/// in an existing folder each file is written atomically, and a failure
/// removes what this batch wrote.
pub struct Batch {
    dir: PathBuf,
    staging: Option<tempfile::TempDir>,
    written: Vec<PathBuf>,
    force: bool,
}

impl Batch {
    pub fn new(dir: &Path, force: bool) -> Result<Batch> {
        let staging = if dir.exists() {
            None
        } else {
            let parent = match dir.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
            let tmp = tempfile::Builder::new()
                .prefix(".coop-")
                .tempdir_in(parent)
                .map_err(|e| Error::io(parent, &e))?;
            Some(tmp)
        };
        Ok(Batch {
            dir: dir.to_path_buf(),
            staging,
            written: Vec::new(),
            force,
        })
    }

    /// Writes one file of the batch, `name` being a plain file name.
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        match &self.staging {
            Some(tmp) => {
                let path = tmp.path().join(name);
                std::fs::write(&path, bytes).map_err(|e| Error::io(self.dir.join(name), &e))
            }
            None => {
                let path = self.dir.join(name);
                write_generated(&path, bytes, self.force)?;
                self.written.push(path);
                Ok(())
            }
        }
    }

    /// Makes the batch visible: renames the new folder into place.
    pub fn commit(self) -> Result<()> {
        if let Some(tmp) = self.staging {
            let staged = tmp.keep();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(&staged, std::fs::Permissions::from_mode(0o755));
            }
            if let Err(e) = std::fs::rename(&staged, &self.dir) {
                let _ = std::fs::remove_dir_all(&staged);
                return Err(Error::io(&self.dir, &e));
            }
        }
        Ok(())
    }

    /// Removes everything this batch wrote.
    pub fn abort(self) {
        for w in &self.written {
            let _ = std::fs::remove_file(w);
        }
        // A staging folder is removed when its TempDir is dropped.
    }
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
