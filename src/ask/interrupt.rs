//! Ctrl-C during `coop start`. While asking, Ctrl-C ends the program at once
//! (exit 130): nothing has been written yet, and the cursor that dialoguer
//! hides is shown again. While files are written, signals wait until the
//! writes are done, so every file is either whole or not there at all.

#[cfg(unix)]
mod imp {
    use std::sync::atomic::{AtomicBool, Ordering};

    static SAVED: AtomicBool = AtomicBool::new(false);

    const NOTHING: &str = "\x1b[?25h\nAfgebroken. Er is niets opgeslagen.\n";
    const SOME: &str = "\x1b[?25h\nAfgebroken. Wat al was opgeslagen, is heel gebleven.\n";

    extern "C" fn on_interrupt(_: libc::c_int) {
        let msg = if SAVED.load(Ordering::SeqCst) {
            SOME
        } else {
            NOTHING
        };
        // Only async-signal-safe calls here: write(2) and _exit(2).
        unsafe {
            libc::write(2, msg.as_ptr().cast(), msg.len());
            libc::_exit(130);
        }
    }

    pub fn install() {
        let handler: extern "C" fn(libc::c_int) = on_interrupt;
        unsafe {
            libc::signal(libc::SIGINT, handler as libc::sighandler_t);
        }
    }

    pub fn mark_saved() {
        SAVED.store(true, Ordering::SeqCst);
    }

    /// Signals that would end the program wait while this lives.
    pub struct Hold {
        old: libc::sigset_t,
    }

    pub fn hold() -> Hold {
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for s in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
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
}

#[cfg(not(unix))]
mod imp {
    pub fn install() {}
    pub fn mark_saved() {}
    pub struct Hold;
    pub fn hold() -> Hold {
        Hold
    }
}

/// Holds off Ctrl-C (and kill signals) while files are written.
pub use imp::hold;
/// Ctrl-C ends the questionnaire cleanly (call only with a terminal).
pub use imp::install;
/// From now on an interrupt says that what was saved is whole.
pub use imp::mark_saved;
