//! The calling thread's native stack bounds, and whether a fault address lies in its guard
//! region (how stack overflow is recognised).
//!
//! Invariants: [`record`] runs on every thread that runs wasm before any wasm code (through
//! `signals::init_thread`); until then the bounds are unknown (all zero) and no address is in
//! the guard. The bounds live in a thread-local initialised with a constant and are only read
//! afterwards, so [`current_bounds`] and [`in_guard`] are async-signal-safe. This module uses
//! no other module of the crate: `signals` and `traps` both build on it.

use std::cell::Cell;

/// Page size the runtime assumes (x86-64 Linux).
pub(crate) const PAGE: usize = 4096;

/// Faults this far below the lowest usable stack address still count as stack overflow (the
/// kernel's gap below the main stack, or a large frame stepping over the guard page).
const GUARD_SLACK: usize = 1 << 20;

thread_local! {
    /// (lowest address incl. guard, end of guard region, highest address) of this thread's stack.
    static STACK: Cell<(usize, usize, usize)> = const { Cell::new((0, 0, 0)) };
}

/// Records the calling thread's stack bounds; `main_thread` says it is the process's initial
/// thread (whose bounds can be found without reading /proc/self/maps).
pub(crate) fn record(main_thread: bool) {
    let main_bounds = if main_thread {
        main_thread_stack()
    } else {
        None
    };
    if let Some(bounds) = main_bounds.or_else(pthread_stack) {
        STACK.with(|s| s.set(bounds));
    }
}

/// (lowest, highest) address of the current thread's stack, or (0, 0) if unknown.
/// Async-signal-safe.
pub fn current_bounds() -> (usize, usize) {
    let (lo, _, hi) = STACK.with(|s| s.get());
    (lo, hi)
}

/// Whether `addr` lies in the current thread's stack guard region (or the slack below it).
/// Async-signal-safe.
pub fn in_guard(addr: usize) -> bool {
    let (lo, guard_end, _) = STACK.with(|s| s.get());
    lo != 0 && addr < guard_end && addr >= lo.saturating_sub(GUARD_SLACK)
}

/// (lowest address, end of guard region, highest address) of the calling thread's stack as
/// pthreads reports it. For the main thread glibc parses /proc/self/maps to answer, which
/// costs a tenth of a hello-world's start-up, so `main_thread_stack` answers that case first.
fn pthread_stack() -> Option<(usize, usize, usize)> {
    let mut bounds = None;
    // SAFETY: pthread_getattr_np fills `attr` for the calling thread; destroyed after use.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) == 0 {
            let mut addr: *mut libc::c_void = std::ptr::null_mut();
            let mut size: libc::size_t = 0;
            let mut guard: libc::size_t = 0;
            if libc::pthread_attr_getstack(&attr, &mut addr, &mut size) == 0 {
                libc::pthread_attr_getguardsize(&attr, &mut guard);
                let lo = addr as usize;
                // glibc counts the guard inside [addr, addr+size) for non-main threads.
                bounds = Some((lo, lo + guard.max(PAGE), lo + size));
            }
            libc::pthread_attr_destroy(&mut attr);
        }
    }
    bounds
}

/// The end of the initial stack mapping: the kernel stores the program name (`AT_EXECFN`)
/// right below it, so it is the next page boundary after that string.
fn initial_stack_top() -> Option<usize> {
    // SAFETY: getauxval has no preconditions; AT_EXECFN, when present, points to a
    // NUL-terminated string that lives as long as the process.
    unsafe {
        let execfn = libc::getauxval(libc::AT_EXECFN) as usize;
        if execfn == 0 {
            return None;
        }
        let end = execfn + libc::strlen(execfn as *const libc::c_char) + 1;
        Some((end + PAGE - 1) & !(PAGE - 1))
    }
}

/// The main thread's stack as glibc would report it — from the top of the initial stack
/// mapping down by the stack size limit — without reading /proc/self/maps. Call on the main
/// thread only. `None` when the limit is unlimited, or when the layout is not the one expected.
fn main_thread_stack() -> Option<(usize, usize, usize)> {
    // SAFETY: getrlimit has no preconditions.
    unsafe {
        let hi = initial_stack_top()?;
        let mut limit: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_STACK, &mut limit) != 0
            || limit.rlim_cur == libc::RLIM_INFINITY
        {
            return None;
        }
        let size = (limit.rlim_cur as usize) & !(PAGE - 1);
        let here = &limit as *const _ as usize;
        if size < PAGE || here >= hi || here < hi.saturating_sub(size) {
            return None;
        }
        let lo = hi - size;
        Some((lo, lo + PAGE, hi))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initial_stack_top_is_the_end_of_the_stack_mapping() {
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        let line = maps.lines().find(|l| l.ends_with("[stack]")).unwrap();
        let end = line.split(['-', ' ']).nth(1).unwrap();
        let end = usize::from_str_radix(end, 16).unwrap();
        assert_eq!(initial_stack_top(), Some(end));
    }

    #[test]
    fn guard_region_of_a_recorded_thread() {
        std::thread::spawn(|| {
            assert!(!in_guard(4096), "unknown bounds: nothing is in the guard");
            record(false);
            let (lo, hi) = current_bounds();
            assert!(lo != 0 && lo < hi);
            assert!(in_guard(lo) && in_guard(lo - 1) && !in_guard(hi - 8));
        })
        .join()
        .unwrap();
    }
}
