//! The calling thread's native stack bounds, whether a fault address lies in its guard
//! region (how stack overflow is recognised), and a stack of the runtime's own for the main
//! thread ([`run_on_own_stack`]): its size is the build's, whatever `ulimit -s` says, so deep
//! recursion always meets a guard page and traps (under `ulimit -s unlimited` the kernel's
//! stack would grow until memory runs out).
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

/// The stack size the runtime gives a thread that runs wasm when the build sets none.
pub const DEFAULT_STACK_SIZE: usize = 8 << 20;

/// A stack mapped by the runtime: `size` usable bytes above one guard page.
struct OwnStack {
    base: *mut u8,
    len: usize,
}

impl OwnStack {
    fn map(size: usize) -> Result<OwnStack, String> {
        let size = size
            .checked_next_multiple_of(PAGE)
            .ok_or("stack size too large")?;
        let len = size.checked_add(PAGE).ok_or("stack size too large")?;
        // SAFETY: a fresh private anonymous mapping; nothing else refers to it.
        let base = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_STACK,
                -1,
                0,
            )
        };
        if base == libc::MAP_FAILED {
            return Err(format!(
                "cannot map a {size}-byte stack: {}",
                std::io::Error::last_os_error()
            ));
        }
        // SAFETY: the first page of the mapping just made becomes the guard.
        if unsafe { libc::mprotect(base, PAGE, libc::PROT_NONE) } != 0 {
            // SAFETY: unmapping the mapping made above.
            unsafe { libc::munmap(base, len) };
            return Err(format!(
                "cannot protect the stack guard: {}",
                std::io::Error::last_os_error()
            ));
        }
        Ok(OwnStack {
            base: base.cast(),
            len,
        })
    }

    /// (lowest address incl. guard, end of guard, highest address), as [`STACK`] holds them.
    fn bounds(&self) -> (usize, usize, usize) {
        let lo = self.base as usize;
        (lo, lo + PAGE, lo + self.len)
    }
}

impl Drop for OwnStack {
    fn drop(&mut self) {
        // SAFETY: the mapping is owned by this value and no longer in use.
        unsafe { libc::munmap(self.base.cast(), self.len) };
    }
}

/// Runs `f` on the calling thread but on a stack of `size` bytes (0: [`DEFAULT_STACK_SIZE`])
/// mapped by the runtime, with a guard page below it; the thread's recorded bounds are that
/// stack's while `f` runs, so overflowing it is the stack-overflow trap.
pub fn run_on_own_stack<F: FnOnce()>(size: usize, f: F) -> Result<(), String> {
    let size = if size == 0 { DEFAULT_STACK_SIZE } else { size };
    let stack = OwnStack::map(size)?;
    let previous = STACK.with(|s| s.replace(stack.bounds()));
    let mut f = Some(f);
    // SAFETY: the top of the mapping is page-aligned (so 16-byte aligned, as calls require)
    // and the stack stays mapped until `switch_and_call` returns.
    unsafe {
        switch_and_call(
            stack.bounds().2,
            call_once::<F>,
            (&mut f as *mut Option<F>).cast(),
        )
    };
    STACK.with(|s| s.set(previous));
    Ok(())
}

/// Calls the closure `arg` points to (an `Option<F>`, taken).
extern "C" fn call_once<F: FnOnce()>(arg: *mut std::ffi::c_void) {
    // SAFETY: `run_on_own_stack` passes a pointer to its live `Option<F>`.
    let f = unsafe { &mut *arg.cast::<Option<F>>() };
    if let Some(f) = f.take() {
        f();
    }
}

/// Calls `f(arg)` with the stack pointer at `top`, then returns on the caller's stack.
///
/// # Safety
/// `top` must be the 16-byte-aligned top of a mapped stack large enough for `f`.
unsafe fn switch_and_call(
    top: usize,
    f: extern "C" fn(*mut std::ffi::c_void),
    arg: *mut std::ffi::c_void,
) {
    // SAFETY: r12 is callee-saved, so it still holds the caller's stack pointer when `f`
    // returns; the asm block clobbers what a C call does.
    unsafe {
        std::arch::asm!(
            "mov r12, rsp",
            "mov rsp, {top}",
            "call {f}",
            "mov rsp, r12",
            top = in(reg) top,
            f = in(reg) f,
            in("rdi") arg,
            out("r12") _,
            clobber_abi("C"),
        );
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
    fn own_stack_runs_the_closure_there_and_restores_the_bounds() {
        std::thread::spawn(|| {
            record(false);
            let before = current_bounds();
            let mut seen = (0, 0, 0);
            run_on_own_stack(1 << 20, || {
                let local = 0u8;
                let here = std::hint::black_box(&local) as *const u8 as usize;
                let (lo, hi) = current_bounds();
                seen = (lo, hi, here);
            })
            .unwrap();
            let (lo, hi, here) = seen;
            assert_eq!(hi - lo, (1 << 20) + PAGE);
            assert!(
                lo + PAGE < here && here < hi,
                "the closure ran on the new stack"
            );
            assert_eq!(current_bounds(), before);
        })
        .join()
        .unwrap();
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
