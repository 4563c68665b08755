//! Signals while files are written. `hold` makes Ctrl-C (and kill signals)
//! wait while a few renames happen, so a file is either old or new, never
//! gone. `catch` turns Ctrl-C into a flag that a long job (a mail merge)
//! checks between steps, so it can put everything back before it ends.

#[cfg(unix)]
mod imp {
    use std::sync::atomic::{AtomicBool, Ordering};

    static CAUGHT: AtomicBool = AtomicBool::new(false);

    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    /// Signals that would end the program wait while this lives.
    pub struct Hold {
        old: libc::sigset_t,
    }

    pub fn hold() -> Hold {
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for s in SIGNALS {
                libc::sigaddset(&mut set, s);
            }
            let mut old: libc::sigset_t = std::mem::zeroed();
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old);
            Hold { old }
        }
    }

    impl Drop for Hold {
        fn drop(&mut self) {
            unsafe {
                libc::pthread_sigmask(libc::SIG_SETMASK, &self.old, std::ptr::null_mut());
            }
        }
    }

    extern "C" fn on_signal(_: libc::c_int) {
        CAUGHT.store(true, Ordering::SeqCst);
    }

    /// While this lives, Ctrl-C and kill signals only set a flag.
    pub struct Catch {
        old: Vec<(libc::c_int, libc::sighandler_t)>,
    }

    pub fn catch() -> Catch {
        let handler: extern "C" fn(libc::c_int) = on_signal;
        let old = SIGNALS
            .iter()
            .map(|&s| (s, unsafe { libc::signal(s, handler as libc::sighandler_t) }))
            .collect();
        Catch { old }
    }

    impl Drop for Catch {
        fn drop(&mut self) {
            for &(s, h) in &self.old {
                unsafe {
                    libc::signal(s, h);
                }
            }
            // The job checked the flag between its steps; a signal during
            // its last step came when everything was done already.
            CAUGHT.store(false, Ordering::SeqCst);
        }
    }

    /// Whether a signal came in while caught.
    pub fn caught() -> bool {
        CAUGHT.load(Ordering::SeqCst)
    }

    /// Forgets a caught signal that was handled (by undoing the work).
    pub fn clear() {
        CAUGHT.store(false, Ordering::SeqCst);
    }

    /// Whether process `pid` is still running.
    pub fn alive(pid: u32) -> bool {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
}

#[cfg(not(unix))]
mod imp {
    pub struct Hold;
    pub fn hold() -> Hold {
        Hold
    }
    pub struct Catch;
    pub fn catch() -> Catch {
        Catch
    }
    pub fn caught() -> bool {
        false
    }
    pub fn clear() {}
    pub fn alive(_: u32) -> bool {
        true
    }
}

pub use imp::{alive, catch, caught, clear, hold, Catch, Hold};
