//! The only place that writes: stdout, stderr, tables and files. Files are
//! written atomically (temp file + rename) and never overwritten without
//! `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};

use comfy_table::{presets, ContentArrangement, Table};

use crate::error::{Error, Result};

/// Writes `text` to stdout, without control characters (see
/// `strip_controls`). A closed pipe becomes `Error::BrokenPipe`,
/// which main turns into a quiet exit 0.
pub fn print(text: &str) -> Result<()> {
    let text = strip_controls(text);
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
    let _ = writeln!(std::io::stderr().lock(), "{}", strip_controls(text));
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
/// A symlink is followed: the file it points to is replaced, the link stays.
/// An existing file keeps its permissions; a device, FIFO or folder at the
/// path is refused.
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    write_atomic(path, bytes, &Atomic::document(force, true, None))
}

/// Like `write_file`, but without waiting for the disk: for many generated
/// files (a mail merge) that can be made again. The rename still means a
/// reader never sees half a file.
pub fn write_generated(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    write_atomic(path, bytes, &Atomic::document(force, false, None))
}

/// A backup copy (`journaal.yaml.bak`) with the permissions of `original`,
/// so a private file does not get a readable copy.
pub fn write_backup(path: &Path, bytes: &[u8], original: &Path) -> Result<()> {
    let mode = std::fs::metadata(original).ok().map(|m| mode_of(&m));
    write_atomic(path, bytes, &Atomic::document(true, true, mode))
}

/// The path a write really goes to: symlinks followed (also a link to a
/// file that does not exist yet), at most 40 deep.
pub fn real_target(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => match std::fs::read_link(&p) {
                Ok(t) if t.is_absolute() => p = t,
                Ok(t) => p = parent_of(&p).join(t),
                Err(_) => return p,
            },
            _ => return p,
        }
    }
    p
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Refuses a target that exists and is not a regular file (a device such
/// as /dev/null, a FIFO, a folder): coop only replaces ordinary files.
/// Returns the metadata of an existing file.
pub fn check_target(real: &Path) -> Result<Option<std::fs::Metadata>> {
    match std::fs::symlink_metadata(real) {
        Ok(m) => {
            crate::io::input::check_regular(real, &m)?;
            Ok(Some(m))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(real, &e)),
    }
}

#[cfg(unix)]
fn mode_of(m: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    m.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode_of(_: &std::fs::Metadata) -> u32 {
    0o644
}

/// Gives the temp file the permissions (and, for root, the owner) of the
/// file it replaces.
fn copy_permissions(tmp: &std::fs::File, old: Option<&std::fs::Metadata>, mode: Option<u32>) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let mode = mode.or(old.map(mode_of));
        if let Some(mode) = mode {
            let _ = tmp.set_permissions(std::fs::Permissions::from_mode(mode));
        }
        if let Some(m) = old {
            let _ = std::os::unix::fs::fchown(tmp, Some(m.uid()), Some(m.gid()));
        }
    }
    #[cfg(not(unix))]
    let _ = (tmp, old, mode);
}

/// The prefix of coop's temp files and folders: `.coop-<pid>-`, so a later
/// run can tell the leftovers of a killed coop from those of a running one.
pub fn temp_prefix(stem: &str) -> String {
    format!(".{stem}-{}-", std::process::id())
}

/// Removes temp files and folders (`.<stem>-<pid>-…`) that a coop left
/// behind when it was killed: only those whose process is gone.
pub fn clean_stale(dir: &Path, stem: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let head = format!(".{stem}-");
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name.strip_prefix(&head) else {
            continue;
        };
        let Some((pid, _)) = rest.split_once('-') else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() || crate::io::signals::alive(pid) {
            continue;
        }
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => {
                let _ = std::fs::remove_dir_all(&path);
            }
            Ok(t) if t.is_file() => {
                let _ = std::fs::remove_file(&path);
            }
            _ => {}
        }
    }
}

/// How `write_atomic` writes one file.
pub struct Atomic<'a> {
    /// Replace a file that is there. When false, an existing file (also
    /// one that appears while writing) gives `on_exists`.
    pub replace: bool,
    /// Wait for the disk before the rename (and sync the folder after it).
    pub sync: bool,
    /// Permissions for the new file; by default those of the old file, or 0644.
    pub mode: Option<u32>,
    /// Temp files are `.<stem>-<pid>-…`; leftovers of a killed coop with the
    /// same stem are removed first.
    pub stem: &'a str,
    /// The error when a file is there and `replace` is false; by default
    /// `WouldOverwrite` (use --force).
    pub on_exists: Option<&'a dyn Fn() -> Error>,
    /// Runs after the temp file is written, just before the rename: a last
    /// check (has someone changed the file meanwhile?). An error keeps the
    /// old file and removes the temp file.
    pub before_rename: Option<&'a dyn Fn() -> Result<()>>,
    /// Catch Ctrl-C while writing: the old file stays and this message is
    /// the error. Without it, Ctrl-C is only held off during the rename.
    pub interrupted: Option<&'a str>,
}

impl Atomic<'_> {
    /// A document or profile: replaced only with `force`.
    fn document(force: bool, sync: bool, mode: Option<u32>) -> Atomic<'static> {
        Atomic {
            replace: force,
            sync,
            mode,
            stem: "coop",
            on_exists: None,
            before_rename: None,
            interrupted: None,
        }
    }
}

/// The one atomic writer: a temp file in the folder of the real file (a
/// symlink is followed), with the old file's permissions and owner, written
/// (and synced), then renamed over it. A reader never sees half a file, and
/// a crash leaves the old or the new one. Only regular files are replaced.
pub fn write_atomic(path: &Path, bytes: &[u8], how: &Atomic) -> Result<()> {
    let catch = how.interrupted.map(|_| crate::io::signals::catch());
    let real = real_target(path);
    let old = check_target(&real)?;
    let exists = || match how.on_exists {
        Some(f) => f(),
        None => Error::WouldOverwrite(path.to_path_buf()),
    };
    if old.is_some() && !how.replace {
        return Err(exists());
    }
    let dir = parent_of(&real);
    clean_stale(dir, how.stem);
    let mut builder = tempfile::Builder::new();
    let prefix = temp_prefix(how.stem);
    builder.prefix(&prefix).suffix(".tmp");
    // tempfile creates 0600 files; a document is an ordinary file (umask applies).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = how.mode.or(old.as_ref().map(mode_of)).unwrap_or(0o644);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, &e))?;
    copy_permissions(tmp.as_file(), old.as_ref(), how.mode);
    tmp.write_all(bytes)
        .and_then(|_| {
            if how.sync {
                tmp.as_file().sync_all()
            } else {
                Ok(())
            }
        })
        .map_err(|e| Error::io(path, &e))?;
    if let Some(check) = how.before_rename {
        check()?;
    }
    if let Some(message) = how.interrupted {
        if crate::io::signals::caught() {
            return Err(Error::Interrupted(message.to_string()));
        }
    }
    let _hold = crate::io::signals::hold();
    if how.replace {
        tmp.persist(&real).map_err(|e| Error::io(path, &e.error))?;
    } else {
        // persist_noclobber closes the race between the check above and now.
        tmp.persist_noclobber(&real).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                exists()
            } else {
                Error::io(path, &e.error)
            }
        })?;
    }
    drop(catch);
    #[cfg(unix)]
    if how.sync {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Many generated files into one folder (a mail merge), all or nothing.
///
/// Every file is first written into a staging folder beside (or inside) the
/// target folder. `commit` then swaps them in: a new folder is renamed into
/// place as a whole; in an existing folder each old file is moved aside
/// into the staging folder before its new version is renamed in. If any step
/// fails, every file is put back as it was. Ctrl-C while the files are
/// written stops the batch and removes the staging folder (exit 130); during
/// the swap Ctrl-C waits until it is done. A folder left by a killed coop
/// (`.coop-<pid>-…`) is removed by the next batch in the same place.
pub struct Batch {
    dir: PathBuf,
    staging: tempfile::TempDir,
    /// The target folder does not exist yet: rename the staging folder.
    new_dir: bool,
    names: Vec<String>,
    force: bool,
    _catch: crate::io::signals::Catch,
}

/// Test hook: COOP_TEST_BATCH_PAUSE_MS waits before each file of a batch,
/// so a test can interrupt a mail merge half-way.
fn batch_pause() {
    if let Some(ms) = std::env::var("COOP_TEST_BATCH_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

fn interrupted() -> Error {
    Error::Interrupted("Afgebroken. coop heeft niets veranderd: de map is zoals hij was.".into())
}

impl Batch {
    pub fn new(dir: &Path, force: bool) -> Result<Batch> {
        let catch = crate::io::signals::catch();
        let prefix = temp_prefix("coop");
        let (staging, new_dir) = match std::fs::symlink_metadata(dir) {
            Ok(m) if m.is_dir() || std::fs::metadata(dir).is_ok_and(|m| m.is_dir()) => {
                clean_stale(dir, "coop");
                let tmp = tempfile::Builder::new()
                    .prefix(&prefix)
                    .tempdir_in(dir)
                    .map_err(|e| Error::io(dir, &e))?;
                (tmp, false)
            }
            Ok(_) => {
                return Err(Error::Io {
                    path: dir.to_path_buf(),
                    message: "dit is geen map. Geef met --out een map voor de brieven.".into(),
                })
            }
            Err(_) => {
                let parent = parent_of(dir);
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
                clean_stale(parent, "coop");
                let tmp = tempfile::Builder::new()
                    .prefix(&prefix)
                    .tempdir_in(parent)
                    .map_err(|e| Error::io(parent, &e))?;
                (tmp, true)
            }
        };
        Ok(Batch {
            dir: dir.to_path_buf(),
            staging,
            new_dir,
            names: Vec::new(),
            force,
            _catch: catch,
        })
    }

    /// Writes one file of the batch into the staging folder, `name` being a
    /// plain file name. Checks the target now, so a bad one stops the batch
    /// before anything is swapped in.
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        batch_pause();
        if crate::io::signals::caught() {
            return Err(interrupted());
        }
        let target = self.dir.join(name);
        let old = if self.new_dir {
            None
        } else {
            check_target(&target)?
        };
        if old.is_some() && !self.force {
            return Err(Error::WouldOverwrite(target));
        }
        let path = self.staging.path().join(name);
        let file = std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(bytes).map(|_| f))
            .map_err(|e| Error::io(&target, &e))?;
        copy_permissions(&file, old.as_ref(), None);
        self.names.push(name.to_string());
        Ok(())
    }

    /// Makes the batch visible: all files at once, or none.
    pub fn commit(self) -> Result<()> {
        self.commit_failing_at(None)
    }

    fn commit_failing_at(self, fail_at: Option<usize>) -> Result<()> {
        if crate::io::signals::caught() {
            crate::io::signals::clear();
            return Err(interrupted());
        }
        let _hold = crate::io::signals::hold();
        if self.new_dir {
            let staged = self.staging.path();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(staged, std::fs::Permissions::from_mode(0o755));
            }
            if fail_at.is_some() {
                return Err(Error::io(&self.dir, &std::io::Error::other("test")));
            }
            return std::fs::rename(staged, &self.dir).map_err(|e| Error::io(&self.dir, &e));
        }
        let aside = self.staging.path().join(".oud");
        std::fs::create_dir(&aside).map_err(|e| Error::io(&self.dir, &e))?;
        // Each done step, to undo in reverse order when a later one fails.
        let mut moved_aside: Vec<&str> = Vec::new();
        let mut placed: Vec<&str> = Vec::new();
        let mut result = Ok(());
        for (i, name) in self.names.iter().enumerate() {
            let target = self.dir.join(name);
            let step = (|| {
                if fail_at == Some(i) {
                    return Err(std::io::Error::other("test"));
                }
                if std::fs::symlink_metadata(&target).is_ok() {
                    std::fs::rename(&target, aside.join(name))?;
                    moved_aside.push(name);
                }
                std::fs::rename(self.staging.path().join(name), &target)?;
                placed.push(name);
                Ok(())
            })();
            if let Err(e) = step {
                result = Err(Error::io(&target, &e));
                break;
            }
        }
        if result.is_err() {
            for name in placed.iter().rev() {
                let _ = std::fs::remove_file(self.dir.join(name));
            }
            for name in moved_aside.iter().rev() {
                let _ = std::fs::rename(aside.join(name), self.dir.join(name));
            }
        }
        #[cfg(unix)]
        if let Ok(d) = std::fs::File::open(&self.dir) {
            let _ = d.sync_all();
        }
        result
        // The staging folder (with the old versions) goes when dropped.
    }

    /// Throws the batch away; the target folder is as it was.
    pub fn abort(self) {
        if crate::io::signals::caught() {
            crate::io::signals::clear();
        }
        // The staging folder is removed when its TempDir is dropped.
    }
}

/// Text without control characters (escape sequences could retitle the
/// terminal, move the cursor or hide text); line breaks and tabs stay.
pub fn strip_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && c != '\n' && c != '\t';
    if text.chars().any(bad) {
        std::borrow::Cow::Owned(text.chars().filter(|&c| !bad(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
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

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn force_keeps_permissions_and_follows_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("echt.md");
        std::fs::write(&real, "oud").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink("echt.md", &link).unwrap();
        write_file(&link, b"nieuw", true).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "nieuw");
        assert_eq!(mode(&real), 0o600);
        let bak = dir.path().join("echt.md.bak");
        write_backup(&bak, b"oud", &real).unwrap();
        assert_eq!(mode(&bak), 0o600);
    }

    /// A null device (as /dev/null) in `dir`, when allowed to make one (root).
    #[cfg(unix)]
    pub fn null_device(dir: &Path) -> Option<PathBuf> {
        use std::os::unix::ffi::OsStrExt;
        let path = dir.join("null");
        let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
        let made = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) };
        (made == 0).then_some(path)
    }

    /// Never the real /dev/null: a regression must not break the machine.
    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_never_replaced() {
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pijp");
        let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let err = write_file(&fifo, b"x", true).unwrap_err();
        assert!(err.to_string().contains("pijp"), "{err}");
        assert!(std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo());
        if let Some(dev) = null_device(dir.path()) {
            let err = write_file(&dev, b"x", true).unwrap_err();
            assert!(err.to_string().contains("apparaat"), "{err}");
            assert!(std::fs::symlink_metadata(&dev)
                .unwrap()
                .file_type()
                .is_char_device());
        }
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_failed_swap_puts_every_original_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("brieven");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("a.md"), "met de hand aangepast").unwrap();
        std::fs::write(out.join("b.md"), "oud b").unwrap();
        for fail_at in [0, 1, 2] {
            let mut batch = Batch::new(&out, true).unwrap();
            batch.write("a.md", b"nieuw a").unwrap();
            batch.write("b.md", b"nieuw b").unwrap();
            batch.write("c.md", b"nieuw c").unwrap();
            assert!(batch.commit_failing_at(Some(fail_at)).is_err());
            assert_eq!(listing(&out), ["a.md", "b.md"], "fail at {fail_at}");
            assert_eq!(
                std::fs::read_to_string(out.join("a.md")).unwrap(),
                "met de hand aangepast"
            );
            assert_eq!(std::fs::read_to_string(out.join("b.md")).unwrap(), "oud b");
        }
        let mut batch = Batch::new(&out, true).unwrap();
        batch.write("a.md", b"nieuw a").unwrap();
        batch.write("c.md", b"nieuw c").unwrap();
        batch.commit().unwrap();
        assert_eq!(listing(&out), ["a.md", "b.md", "c.md"]);
        assert_eq!(
            std::fs::read_to_string(out.join("a.md")).unwrap(),
            "nieuw a"
        );
    }

    #[test]
    fn a_bad_target_stops_the_batch_before_any_swap() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("brieven");
        std::fs::create_dir_all(out.join("b.md")).unwrap();
        std::fs::write(out.join("a.md"), "eigen").unwrap();
        let mut batch = Batch::new(&out, true).unwrap();
        batch.write("a.md", b"nieuw").unwrap();
        let err = batch.write("b.md", b"nieuw").unwrap_err();
        assert!(err.to_string().contains("een map"), "{err}");
        batch.abort();
        assert_eq!(listing(&out), ["a.md", "b.md"]);
        assert_eq!(std::fs::read_to_string(out.join("a.md")).unwrap(), "eigen");
    }

    #[test]
    fn a_new_folder_appears_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("nieuw");
        let mut batch = Batch::new(&out, false).unwrap();
        batch.write("a.md", b"a").unwrap();
        assert!(batch.commit_failing_at(Some(0)).is_err());
        assert_eq!(listing(dir.path()), Vec::<String>::new());
        let mut batch = Batch::new(&out, false).unwrap();
        batch.write("a.md", b"a").unwrap();
        batch.commit().unwrap();
        assert_eq!(listing(dir.path()), ["nieuw"]);
    }

    #[test]
    fn leftovers_of_a_dead_coop_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // No process has this id (above the kernel's pid limit).
        let stale = dir.path().join(".coop-4194399-abc");
        std::fs::create_dir(&stale).unwrap();
        let mine = dir.path().join(format!(".coop-{}-abc", std::process::id()));
        std::fs::create_dir(&mine).unwrap();
        let other = dir.path().join(".coop-notes");
        std::fs::write(&other, "x").unwrap();
        clean_stale(dir.path(), "coop");
        assert!(!stale.exists());
        assert!(mine.exists());
        assert!(other.exists());
    }

    /// The one-entry zip made with a kept compressor is, to the byte, the
    /// one zip's own writer makes; also for an empty, a large and a
    /// non-ASCII entry, and for the same compressor used again.
    #[test]
    fn a_kept_compressor_gives_the_zip_writers_bytes() {
        let large: String = (0..40_000)
            .map(|i| format!("{} ", i * 7919 % 1000))
            .collect();
        for (name, text) in [
            (
                "brief.md",
                "Geachte raad,\n\nWij vragen grond.\n".to_string(),
            ),
            ("leeg.md", String::new()),
            ("groot.eml", large),
            ("şükrü-yılmaz.md", "Geachte heer Yılmaz,\n".repeat(50)),
            ("brief.md", "Nog een keer.\n".to_string()),
        ] {
            let mut one = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            one.start_file(name, zip_options(name)).unwrap();
            one.write_all(text.as_bytes()).unwrap();
            let expected = one.finish().unwrap().into_inner();
            assert!(
                deflated_entry(name, text.as_bytes()).unwrap() == expected,
                "{name}"
            );
        }
    }

    #[test]
    fn control_characters_are_not_printed() {
        assert_eq!(
            strip_controls("a\x1b]0;titel\x07b\n\tc\u{9b}"),
            "a]0;titelb\n\tc"
        );
        assert!(matches!(
            strip_controls("gewoon\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}

/// What a mail merge into one file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveKind {
    /// A zip with one file per letter.
    Zip,
    /// An mbox with one e-mail draft per letter (for a mail program).
    Mbox,
}

/// A mail merge into one file. The letters go into a temp file beside the
/// target as they are made; `commit` renames it into place, so a failure or
/// Ctrl-C leaves no half file and never touches an existing one.
pub struct Archive {
    kind: ArchiveKind,
    path: PathBuf,
    real: PathBuf,
    force: bool,
    old: Option<std::fs::Metadata>,
    tmp: tempfile::NamedTempFile,
    zip: Option<zip::ZipWriter<std::io::BufWriter<std::fs::File>>>,
    mbox: Option<std::io::BufWriter<std::fs::File>>,
}

impl ArchiveKind {
    /// One letter as it goes into the archive: for a zip a one-entry zip
    /// (compressed here, so a mail merge can compress on every core and
    /// copy the entries in order), for an mbox the message.
    pub fn prepare(self, name: &str, bytes: &[u8]) -> Result<Vec<u8>> {
        match self {
            ArchiveKind::Zip if !name.ends_with(".docx") && u32::try_from(bytes.len()).is_ok() => {
                deflated_entry(name, bytes)
            }
            ArchiveKind::Zip => {
                let fail = |e: zip::result::ZipError| Error::io(name, &std::io::Error::other(e));
                let mut one = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(
                    bytes.len() / 2 + 256,
                )));
                one.start_file(name, zip_options(name)).map_err(fail)?;
                one.write_all(bytes).map_err(|e| Error::io(name, &e))?;
                Ok(one.finish().map_err(fail)?.into_inner())
            }
            ArchiveKind::Mbox => Ok(mbox_message(bytes).into_bytes()),
        }
    }
}

/// A one-entry zip of `bytes` deflated at the fastest level, as
/// `zip_options` gives it, with this thread's compressor: setting up a
/// compressor costs more than compressing a letter. The zip is written
/// with the compressed data stored, then its headers are made those of a
/// deflated entry (method, version, CRC and size of the text).
pub fn deflated_entry(name: &str, bytes: &[u8]) -> Result<Vec<u8>> {
    use std::cell::RefCell;
    thread_local! {
        static DEFLATE: RefCell<flate2::Compress> =
            RefCell::new(flate2::Compress::new(flate2::Compression::new(1), false));
    }
    let io = |e: std::io::Error| Error::io(name, &e);
    let fail = |e: zip::result::ZipError| Error::io(name, &std::io::Error::other(e));
    let data = DEFLATE
        .with(|c| -> std::io::Result<Vec<u8>> {
            let mut c = c.borrow_mut();
            c.reset();
            let mut out = Vec::with_capacity(bytes.len() / 2 + 128);
            // All text first, then the end on its own, as zip's writer does
            // (which gives the same stream, to the byte).
            loop {
                let read = usize::try_from(c.total_in()).unwrap_or(usize::MAX);
                if read >= bytes.len() {
                    break;
                }
                c.compress_vec(&bytes[read..], &mut out, flate2::FlushCompress::None)
                    .map_err(std::io::Error::other)?;
                out.reserve(out.capacity().max(1024));
            }
            loop {
                let status = c
                    .compress_vec(&[], &mut out, flate2::FlushCompress::Finish)
                    .map_err(std::io::Error::other)?;
                if status == flate2::Status::StreamEnd {
                    return Ok(out);
                }
                out.reserve(out.capacity().max(1024));
            }
        })
        .map_err(io)?;
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut one = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(
        data.len() + 2 * name.len() + 128,
    )));
    one.start_file(name, stored).map_err(fail)?;
    one.write_all(&data).map_err(io)?;
    let mut zip = one.finish().map_err(fail)?.into_inner();
    let crc = crc32fast::hash(bytes).to_le_bytes();
    let size = u32::try_from(bytes.len())
        .map_err(|e| io(std::io::Error::other(e)))?
        .to_le_bytes();
    let deflate = 8u16.to_le_bytes();
    let version = 20u16.to_le_bytes();
    // Local header: version needed, method, CRC, uncompressed size.
    zip[4..6].copy_from_slice(&version);
    zip[8..10].copy_from_slice(&deflate);
    zip[14..18].copy_from_slice(&crc);
    zip[22..26].copy_from_slice(&size);
    // The central directory record, found through the end record.
    let end = zip.len() - 22;
    let bad = || io(std::io::Error::other("unexpected zip layout"));
    if zip[end..end + 4] != *b"PK\x05\x06" || zip[..4] != *b"PK\x03\x04" {
        return Err(bad());
    }
    let cd = u32::from_le_bytes(zip[end + 16..end + 20].try_into().map_err(|_| bad())?) as usize;
    if zip.get(cd..cd + 4) != Some(b"PK\x01\x02".as_slice()) {
        return Err(bad());
    }
    zip[cd + 4] = 20; // version made by (the system byte stays)
    zip[cd + 6..cd + 8].copy_from_slice(&version);
    zip[cd + 10..cd + 12].copy_from_slice(&deflate);
    zip[cd + 16..cd + 20].copy_from_slice(&crc);
    zip[cd + 24..cd + 28].copy_from_slice(&size);
    Ok(zip)
}

/// Files as one zip in memory (a download of many letters), each stored
/// or deflated as in a mail merge's zip.
pub fn zip_bytes(entries: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let fail = |e: zip::result::ZipError| Error::io("zip", &std::io::Error::other(e));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), zip_options(name))
            .map_err(fail)?;
        zip.write_all(bytes).map_err(|e| Error::io(name, &e))?;
    }
    Ok(zip.finish().map_err(fail)?.into_inner())
}

/// A docx is a zip already: store it. Text compresses well at the fastest
/// level, which keeps a national mailing quick.
fn zip_options(name: &str) -> zip::write::SimpleFileOptions {
    if name.ends_with(".docx") {
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)
    } else {
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1))
    }
}

impl Archive {
    pub fn new(path: &Path, kind: ArchiveKind, force: bool) -> Result<Archive> {
        let real = real_target(path);
        let old = check_target(&real)?;
        if old.is_some() && !force {
            return Err(Error::WouldOverwrite(path.to_path_buf()));
        }
        let dir = parent_of(&real);
        clean_stale(dir, "coop");
        let tmp = tempfile::Builder::new()
            .prefix(&temp_prefix("coop"))
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, &e))?;
        let file = tmp.reopen().map_err(|e| Error::io(dir, &e))?;
        let (zip, mbox) = match kind {
            ArchiveKind::Zip => (
                Some(zip::ZipWriter::new(std::io::BufWriter::new(file))),
                None,
            ),
            ArchiveKind::Mbox => (None, Some(std::io::BufWriter::new(file))),
        };
        Ok(Archive {
            kind,
            path: path.to_path_buf(),
            real,
            force,
            old,
            tmp,
            zip,
            mbox,
        })
    }

    /// Adds one letter: a zip entry `name`, or one message of the mbox.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let prepared = self.kind.prepare(name, bytes)?;
        self.add_prepared(&prepared)
    }

    /// Adds one letter made by `ArchiveKind::prepare` for this kind.
    pub fn add_prepared(&mut self, prepared: &[u8]) -> Result<()> {
        let io = |e: std::io::Error| Error::io(&self.path, &e);
        let zip_error = |e: zip::result::ZipError| Error::io(&self.path, &std::io::Error::other(e));
        match self.kind {
            ArchiveKind::Zip => {
                let zip = self.zip.as_mut().expect("a zip archive has a writer");
                let mut one =
                    zip::ZipArchive::new(std::io::Cursor::new(prepared)).map_err(zip_error)?;
                let entry = one.by_index_raw(0).map_err(zip_error)?;
                zip.raw_copy_file(entry).map_err(zip_error)
            }
            ArchiveKind::Mbox => {
                let out = self.mbox.as_mut().expect("an mbox archive has a writer");
                out.write_all(prepared).map_err(io)
            }
        }
    }

    /// Finishes the file and puts it in place.
    pub fn commit(mut self) -> Result<()> {
        let path = self.path.clone();
        if let Some(zip) = self.zip.take() {
            let mut out = zip
                .finish()
                .map_err(|e| Error::io(&path, &std::io::Error::other(e)))?;
            out.flush().map_err(|e| Error::io(&path, &e))?;
        }
        if let Some(mut out) = self.mbox.take() {
            out.flush().map_err(|e| Error::io(&path, &e))?;
        }
        copy_permissions(self.tmp.as_file(), self.old.as_ref(), None);
        let _hold = crate::io::signals::hold();
        if self.force {
            self.tmp
                .persist(&self.real)
                .map_err(|e| Error::io(&path, &e.error))?;
        } else {
            self.tmp.persist_noclobber(&self.real).map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    Error::WouldOverwrite(path.clone())
                } else {
                    Error::io(&path, &e.error)
                }
            })?;
        }
        Ok(())
    }
}

/// One e-mail in an mbox (mboxrd): a `From ` separator line, the message
/// with Unix line ends, body lines that start with `From ` (after any `>`)
/// quoted with one more `>`, and a blank line after it.
fn mbox_message(eml: &[u8]) -> String {
    let text = String::from_utf8_lossy(eml).replace("\r\n", "\n");
    let mut out = String::from("From coop Thu Jan  1 00:00:00 1970\n");
    for line in text.lines() {
        if line.trim_start_matches('>').starts_with("From ") {
            out.push('>');
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}
