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
        // Only async-signal-safe calls here: unlink(2), write(2), _exit(2).
        crate::io::lock::remove_held_on_signal();
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
}

#[cfg(not(unix))]
mod imp {
    pub fn install() {}
    pub fn mark_saved() {}
}

/// Holds off Ctrl-C (and kill signals) while files are written.
pub use crate::io::signals::hold;
/// Ctrl-C ends the questionnaire cleanly (call only with a terminal).
pub use imp::install;
/// From now on an interrupt says that what was saved is whole.
pub use imp::mark_saved;
