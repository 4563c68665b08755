//! Advisory locks for the user's own files (journaal.yaml, coop.yaml).
//!
//! Every writer holds the lock from the moment it reads the file until the
//! new version is renamed into place, so two coops (two shells, a script and
//! a person) never both read the old version and each write their own new
//! one. The lock is on a small file beside the target (`.journaal.yaml.lock`),
//! never on the target itself, because the target is replaced by a rename.
//! The lock file says who holds it; a second writer waits at most
//! `wait()` and then names the holder in its message. The lock file is
//! removed when the lock is released (also on Ctrl-C, see
//! `remove_held_on_signal`); after taking a lock, coop checks that the file
//! it locked is still the one at the path, so removing it is safe. Only a
//! killed coop (kill -9) leaves one behind, which is harmless: nobody holds it.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// How long a second writer waits for the lock: 10 seconds, or
/// COOP_LOCK_WAIT_MS (for tests and slow shared disks).
pub fn wait() -> Duration {
    std::env::var("COOP_LOCK_WAIT_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(Duration::from_secs(10), Duration::from_millis)
}

/// A held lock; released when dropped (and by the system when coop ends).
pub struct FileLock {
    file: File,
    path: PathBuf,
}

impl std::fmt::Debug for FileLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileLock({})", self.path.display())
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        registry::forget(&self.path);
        // Removed while still locked: a waiter that then gets the lock on
        // the removed file sees that it is gone and takes a new one.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// For a signal handler that ends the program at once (`_exit`): removes
/// the lock files this process holds. Async-signal-safe.
pub fn remove_held_on_signal() {
    registry::unlink_all();
}

#[cfg(unix)]
mod registry {
    use std::ffi::CString;
    use std::path::Path;
    use std::sync::atomic::{AtomicPtr, Ordering};

    const SLOTS: usize = 8;
    static HELD: [AtomicPtr<libc::c_char>; SLOTS] =
        [const { AtomicPtr::new(std::ptr::null_mut()) }; SLOTS];

    fn c_path(path: &Path) -> Option<CString> {
        use std::os::unix::ffi::OsStrExt;
        CString::new(path.as_os_str().as_bytes()).ok()
    }

    pub fn remember(path: &Path) {
        let Some(c) = c_path(path) else { return };
        // Leaked on purpose: a signal handler may read it at any moment.
        let ptr = c.into_raw();
        for slot in &HELD {
            if slot
                .compare_exchange(
                    std::ptr::null_mut(),
                    ptr,
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                )
                .is_ok()
            {
                return;
            }
        }
    }

    pub fn forget(path: &Path) {
        let Some(c) = c_path(path) else { return };
        for slot in &HELD {
            let p = slot.load(Ordering::SeqCst);
            if !p.is_null() && unsafe { std::ffi::CStr::from_ptr(p) } == c.as_c_str() {
                slot.store(std::ptr::null_mut(), Ordering::SeqCst);
            }
        }
    }

    pub fn unlink_all() {
        for slot in &HELD {
            let p = slot.load(Ordering::SeqCst);
            if !p.is_null() {
                unsafe {
                    libc::unlink(p);
                }
            }
        }
    }
}

#[cfg(not(unix))]
mod registry {
    pub fn remember(_: &std::path::Path) {}
    pub fn forget(_: &std::path::Path) {}
    pub fn unlink_all() {}
}

/// Whether the open lock file is still the file at `path` (not removed by
/// the holder that released it).
fn still_there(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// The lock file of `target`: beside the file the target really is (a
/// symlink is followed, so every name of one file shares one lock).
pub fn lock_path(target: &Path) -> PathBuf {
    let real = super::output::real_target(target);
    let mut name = std::ffi::OsString::from(".");
    name.push(real.file_name().unwrap_or_default());
    name.push(".lock");
    real.with_file_name(name)
}

/// Takes the lock of `target`, waiting at most `wait()`. None when no lock
/// file can be made there (a read-only folder): then nothing can be
/// written there either, and reading needs no lock.
pub fn acquire(target: &Path) -> Result<Option<FileLock>> {
    match take(target)? {
        Taken::Held(l) => Ok(Some(l)),
        Taken::NoLockHere => Ok(None),
        Taken::Busy(e) => Err(e),
    }
}

/// Like `acquire`, but when another coop still holds the lock after the
/// wait, gives None instead of an error: for a load that may only read
/// (a reader sees a whole file anyway, as writes are atomic). A save after
/// such a load takes the lock itself, and refuses if the file changed.
pub fn acquire_if_free(target: &Path) -> Result<Option<FileLock>> {
    match take(target)? {
        Taken::Held(l) => Ok(Some(l)),
        Taken::NoLockHere | Taken::Busy(_) => Ok(None),
    }
}

enum Taken {
    Held(FileLock),
    NoLockHere,
    Busy(Error),
}

fn take(target: &Path) -> Result<Taken> {
    let path = lock_path(target);
    let deadline = Instant::now() + wait();
    let mut file = loop {
        let mut file = match OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
        {
            Ok(f) => f,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::PermissionDenied
                        | std::io::ErrorKind::ReadOnlyFilesystem
                        | std::io::ErrorKind::NotFound
                ) =>
            {
                return Ok(Taken::NoLockHere)
            }
            Err(e) => return Err(Error::io(&path, &e)),
        };
        match file.try_lock() {
            Ok(()) if still_there(&file, &path) => break file,
            // The holder removed it as it let go: take the new one.
            Ok(()) => continue,
            Err(TryLockError::WouldBlock) => {
                if Instant::now() >= deadline {
                    return Ok(Taken::Busy(busy(target, &mut file)));
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(TryLockError::Error(e)) => {
                // A file system without locks: go on without one, as before.
                if e.kind() == std::io::ErrorKind::Unsupported {
                    return Ok(Taken::NoLockHere);
                }
                return Err(Error::io(&path, &e));
            }
        }
    };
    registry::remember(&path);
    // Say who holds it, for a second writer's message.
    let _ = file
        .set_len(0)
        .and_then(|_| file.seek(SeekFrom::Start(0)))
        .and_then(|_| file.write_all(holder_text().as_bytes()))
        .and_then(|_| file.flush());
    Ok(Taken::Held(FileLock { file, path }))
}

/// "proces 1234 (coop journaal nieuw), sinds 11:02:03".
fn holder_text() -> String {
    let args: Vec<String> = std::env::args()
        .take(3)
        .map(|a| {
            let a = crate::error::excerpt(&a);
            Path::new(&a)
                .file_name()
                .map_or(a.clone(), |n| n.to_string_lossy().into_owned())
        })
        .collect();
    let since = jiff::Zoned::now().strftime("%H:%M:%S").to_string();
    format!(
        "proces {} ({}), sinds {since}\n",
        std::process::id(),
        args.join(" ")
    )
}

fn busy(target: &Path, file: &mut File) -> Error {
    let mut holder = String::new();
    let _ = file.seek(SeekFrom::Start(0));
    let _ = file.take(200).read_to_string(&mut holder);
    let holder = holder.lines().next().unwrap_or("").trim();
    let who = if holder.is_empty() {
        "een ander coop-proces".to_string()
    } else {
        format!("een ander coop-proces: {}", crate::error::excerpt(holder))
    };
    Error::Io {
        path: target.to_path_buf(),
        message: format!(
            "is in gebruik door {who}. coop heeft {} seconden gewacht en niets geschreven. Wacht tot dat proces klaar is en probeer het opnieuw.",
            wait().as_secs().max(1)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_and_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("journaal.yaml");
        let first = acquire(&target).unwrap().unwrap();
        assert!(lock_path(&target).ends_with(".journaal.yaml.lock"));
        // Another open file description of the same lock file conflicts.
        std::env::set_var("COOP_LOCK_WAIT_MS", "50");
        let err = acquire(&target).unwrap_err().to_string();
        std::env::remove_var("COOP_LOCK_WAIT_MS");
        assert!(err.contains("in gebruik"), "{err}");
        assert!(
            err.contains(&format!("proces {}", std::process::id())),
            "{err}"
        );
        std::env::set_var("COOP_LOCK_WAIT_MS", "50");
        assert!(acquire_if_free(&target).unwrap().is_none());
        std::env::remove_var("COOP_LOCK_WAIT_MS");
        drop(first);
        assert!(!lock_path(&target).exists(), "removed when released");
        let again = acquire(&target).unwrap();
        assert!(again.is_some());
        drop(again);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
