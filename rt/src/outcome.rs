//! The process's one outcome. The first of these, in any thread, decides what the process
//! prints and its exit status: a trap, an internal error, `proc_exit`, a set-up error, or
//! `_start` returning. Every later one, in any thread, prints nothing and waits for the
//! winner's `_exit`, so racing traps never print two reports and a trap's status is never
//! replaced by another thread's `proc_exit`.
//!
//! Invariant: exactly one caller of [`claim`] returns. It is one atomic swap, so signal
//! handlers may call it; the losers sleep in `pause`, also async-signal-safe. Process-global
//! by nature (a signal handler must reach it), so it lives outside the runtime context.

use std::sync::atomic::{AtomicBool, Ordering};

static DECIDED: AtomicBool = AtomicBool::new(false);

/// Claims the outcome for the calling thread. Returns if it is the first to; otherwise never
/// returns: the thread waits for the process to end.
pub fn claim() {
    if DECIDED.swap(true, Ordering::SeqCst) {
        loop {
            // SAFETY: pause has no preconditions; the winner's `_exit` ends this thread.
            unsafe { libc::pause() };
        }
    }
}

/// Claims the outcome, then ends the process (every thread) with `status`, running no
/// destructors: for an outcome with nothing to print.
pub fn exit(status: i32) -> ! {
    claim();
    exit_claimed(status)
}

/// Ends the process with `status`; the caller has [`claim`]ed the outcome (and printed what it
/// had to say). Async-signal-safe.
pub fn exit_claimed(status: i32) -> ! {
    // SAFETY: _exit is async-signal-safe and ends every thread of the process.
    unsafe { libc::_exit(status) }
}
