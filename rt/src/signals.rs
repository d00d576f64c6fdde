//! Signal handlers that turn faults in compiled code into wasm traps, and the per-thread
//! set-up they need (an alternate signal stack and the thread's stack bounds).
//!
//! Invariants: [`install`] runs once, after which SIGILL, SIGSEGV, SIGBUS and SIGFPE go to
//! `handler` with `SA_SIGINFO | SA_ONSTACK`; the previous actions are saved before the new
//! ones are installed and never change afterwards. Every thread that runs wasm calls
//! [`init_thread`] first. The handler only reads immutable or atomic data and thread-locals
//! initialised by `init_thread`, and allocates nothing.

use std::cell::Cell;
use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once};

use wasm2native_abi::trap::Trap;

use crate::traps;

const SIGNALS: [libc::c_int; 4] = [libc::SIGILL, libc::SIGSEGV, libc::SIGBUS, libc::SIGFPE];

/// Size of each thread's alternate signal stack (plus one guard page below it).
const ALT_STACK_SIZE: usize = 64 * 1024;

/// Faults this far below the lowest usable stack address still count as stack overflow (the
/// kernel's gap below the main stack, or a large frame stepping over the guard page).
const GUARD_SLACK: usize = 1 << 20;

thread_local! {
    /// (lowest address incl. guard, end of guard region, highest address) of this thread's stack.
    static STACK: Cell<(usize, usize, usize)> = const { Cell::new((0, 0, 0)) };
    static ALT_STACK_SET: Cell<bool> = const { Cell::new(false) };
    /// Base of this thread's alternate stack mapping (guard page included), 0 if none.
    static ALT_STACK: Cell<usize> = const { Cell::new(0) };
}

struct SavedActions([MaybeUninit<libc::sigaction>; 4]);
// SAFETY: written once inside `INSTALL.call_once` before any handler that reads it is installed,
// read-only afterwards.
unsafe impl Sync for SavedActions {}
static mut OLD_ACTIONS: SavedActions = SavedActions([MaybeUninit::zeroed(); 4]);
static INSTALL: Once = Once::new();

/// Installs the trap handlers (idempotent).
pub fn install() {
    INSTALL.call_once(|| {
        for (i, &sig) in SIGNALS.iter().enumerate() {
            // SAFETY: a zeroed sigaction is valid; we fill the handler, flags and mask. The saved
            // old action is written before our handler can observe it.
            unsafe {
                let mut sa: libc::sigaction = std::mem::zeroed();
                sa.sa_sigaction = handler as *const () as usize;
                sa.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
                libc::sigemptyset(&mut sa.sa_mask);
                let old = (*std::ptr::addr_of_mut!(OLD_ACTIONS)).0[i].as_mut_ptr();
                libc::sigaction(sig, &sa, old);
            }
        }
    });
}

/// Per-thread set-up: an alternate signal stack (so stack overflow can be reported) and the
/// thread's stack bounds. Call at the start of every thread that runs wasm, main included.
pub fn init_thread() {
    // SAFETY: getpid and the gettid system call have no preconditions. (gettid as a raw
    // system call: the standard library declares `gettid` weak, which in the
    // link-time-optimised runtime would resolve to null in a static executable.)
    let main = unsafe { libc::getpid() as libc::c_long == libc::syscall(libc::SYS_gettid) };
    init_thread_as(main);
}

/// [`init_thread`] for a caller that knows it is the process's initial thread (saves two
/// system calls at start-up).
pub fn init_main_thread() {
    init_thread_as(true);
}

/// [`init_thread`] for a thread the runtime itself created (wasi-threads), which is never the
/// initial thread: saves two system calls per spawn.
pub fn init_spawned_thread() {
    init_thread_as(false);
}

fn init_thread_as(main_thread: bool) {
    if !ALT_STACK_SET.with(|s| s.get()) {
        let p = take_alt_stack();
        if p != 0 {
            let ss = libc::stack_t {
                ss_sp: (p + PAGE) as *mut libc::c_void,
                ss_flags: 0,
                ss_size: ALT_STACK_SIZE,
            };
            // SAFETY: [p + PAGE, p + PAGE + ALT_STACK_SIZE) is a live read-write mapping that
            // only this thread uses until `release_thread` hands it back.
            if unsafe { libc::sigaltstack(&ss, std::ptr::null_mut()) } == 0 {
                ALT_STACK_SET.with(|s| s.set(true));
                ALT_STACK.with(|s| s.set(p));
            } else {
                free_alt_stack(p);
            }
        }
    }
    let main_bounds = if main_thread {
        main_thread_stack()
    } else {
        None
    };
    if let Some(bounds) = main_bounds.or_else(pthread_stack) {
        STACK.with(|s| s.set(bounds));
    }
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

/// Alternate signal stacks of finished threads, ready for reuse (mapping base addresses):
/// spawning a thread then needs no mmap, and a program that spawns threads all its life does
/// not leak one mapping per thread.
static FREE_ALT_STACKS: Mutex<Vec<usize>> = Mutex::new(Vec::new());
const PAGE: usize = 4096;

/// The first thread's alternate stack (a guard-page-sized gap, then the stack) lives in .bss:
/// the main thread of an executable needs no mmap/mprotect at start-up. Its pages are only
/// touched by a signal handler.
#[repr(C, align(4096))]
struct StaticAltStack([u8; ALT_STACK_SIZE + PAGE]);
static mut STATIC_ALT_STACK: StaticAltStack = StaticAltStack([0; ALT_STACK_SIZE + PAGE]);
static STATIC_ALT_STACK_TAKEN: AtomicBool = AtomicBool::new(false);

/// A free alternate stack (guard page + stack), or a new mapping; 0 if mmap fails.
fn take_alt_stack() -> usize {
    if !STATIC_ALT_STACK_TAKEN.swap(true, Ordering::Relaxed) {
        return std::ptr::addr_of_mut!(STATIC_ALT_STACK) as usize;
    }
    if let Some(p) = FREE_ALT_STACKS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .pop()
    {
        return p;
    }
    // SAFETY: fresh anonymous mapping; the lowest page stays PROT_NONE as a guard.
    unsafe {
        let p = libc::mmap(
            std::ptr::null_mut(),
            ALT_STACK_SIZE + PAGE,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if p == libc::MAP_FAILED {
            return 0;
        }
        libc::mprotect(p, PAGE, libc::PROT_NONE);
        p as usize
    }
}

fn free_alt_stack(p: usize) {
    FREE_ALT_STACKS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(p);
}

/// Undoes [`init_thread`]'s alternate stack when a thread will run no more wasm (the end of a
/// spawned thread), handing the mapping back for the next thread.
pub fn release_thread() {
    let p = ALT_STACK.with(|s| s.replace(0));
    if p == 0 {
        return;
    }
    let ss = libc::stack_t {
        ss_sp: std::ptr::null_mut(),
        ss_flags: libc::SS_DISABLE,
        ss_size: 0,
    };
    // SAFETY: disabling this thread's alternate stack; we are not running on it.
    if unsafe { libc::sigaltstack(&ss, std::ptr::null_mut()) } == 0 {
        ALT_STACK_SET.with(|s| s.set(false));
        free_alt_stack(p);
    }
}

/// (lowest, highest) address of the current thread's stack, or (0, 0) if unknown.
/// Async-signal-safe.
pub fn current_stack_bounds() -> (usize, usize) {
    let (lo, _, hi) = STACK.with(|s| s.get());
    (lo, hi)
}

/// Whether `addr` lies in the current thread's stack guard region.
fn in_stack_guard(addr: usize) -> bool {
    let (lo, guard_end, _) = STACK.with(|s| s.get());
    lo != 0 && addr < guard_end && addr >= lo.saturating_sub(GUARD_SLACK)
}

/// The trap a fault in wasm function code (at `pc`) stands for.
fn classify(sig: libc::c_int, f: traps::WasmFunc, pc: usize, stack_fault: bool) -> Trap {
    if stack_fault {
        return Trap::StackOverflow;
    }
    if let Some(t) = f.trap_at(pc).and_then(Trap::from_code) {
        return t;
    }
    match sig {
        libc::SIGFPE => Trap::IntegerDivisionByZero,
        libc::SIGILL => Trap::Unreachable,
        // A fault at an instruction that is no recorded trap site touches the stack.
        _ => Trap::StackOverflow,
    }
}

extern "C" fn handler(sig: libc::c_int, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo and ucontext for SA_SIGINFO handlers.
    let (pc, fp, fault_addr) = unsafe {
        let uc = &*(ctx as *const libc::ucontext_t);
        let gregs = &uc.uc_mcontext.gregs;
        let addr = if sig == libc::SIGSEGV || sig == libc::SIGBUS {
            (*info).si_addr() as usize
        } else {
            0
        };
        (
            gregs[libc::REG_RIP as usize] as usize,
            gregs[libc::REG_RBP as usize] as usize,
            addr,
        )
    };
    let stack_fault = fault_addr != 0 && in_stack_guard(fault_addr);
    if let Some(f) = traps::find(pc) {
        traps::on_trap(classify(sig, f, pc, stack_fault), pc, fp);
    }
    if stack_fault {
        // Overflow in host code called from wasm: report the wasm frames below it.
        traps::on_trap(Trap::StackOverflow, 0, fp);
    }
    chain(sig, info, ctx);
}

/// Not a wasm fault: hand it to the previous handler, or restore the default action and
/// return so the faulting instruction re-executes and the process dies as for a real bug.
fn chain(sig: libc::c_int, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
    let Some(i) = SIGNALS.iter().position(|&s| s == sig) else {
        return;
    };
    // SAFETY: OLD_ACTIONS is immutable after installation (see SavedActions).
    let old = unsafe { (*std::ptr::addr_of!(OLD_ACTIONS)).0[i].assume_init_ref() };
    let h = old.sa_sigaction;
    if h == libc::SIG_DFL || h == libc::SIG_IGN {
        // SAFETY: sigaction is async-signal-safe; resetting to the default action.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = libc::SIG_DFL;
            libc::sigemptyset(&mut sa.sa_mask);
            libc::sigaction(sig, &sa, std::ptr::null_mut());
        }
    } else if old.sa_flags & libc::SA_SIGINFO != 0 {
        // SAFETY: the previous handler was installed with this signature.
        unsafe {
            let f: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                std::mem::transmute(h);
            f(sig, info, ctx)
        }
    } else {
        // SAFETY: the previous handler was installed with this signature.
        unsafe {
            let f: extern "C" fn(libc::c_int) = std::mem::transmute(h);
            f(sig)
        }
    }
}

#[cfg(test)]
mod tests {
    //! Traps end the process, so each scenario runs this test binary again as a child process
    //! (selected by `W2N_TRAP_CHILD`) and checks its stderr and exit status.

    use super::*;
    use crate::traps::register;
    use crate::traps::tests::code_map;

    std::arch::global_asm!(
        ".text",
        ".globl w2n_test_ud2",
        "w2n_test_ud2:",
        "push rbp",
        "mov rbp, rsp",
        "ud2",
        "w2n_test_ud2_end:",
        ".globl w2n_test_recurse",
        "w2n_test_recurse:",
        "push rbp",
        "mov rbp, rsp",
        "sub rsp, 64",
        "call w2n_test_recurse",
        "w2n_test_recurse_end:",
        "nop",
    );

    extern "C" {
        fn w2n_test_ud2();
        static w2n_test_ud2_end: u8;
        fn w2n_test_recurse();
        static w2n_test_recurse_end: u8;
    }

    fn register_test_code() {
        // Only the addresses of the assembly labels are taken.
        let (ud2, ud2_end, rec, rec_end) = (
            w2n_test_ud2 as *const () as usize,
            std::ptr::addr_of!(w2n_test_ud2_end) as usize,
            w2n_test_recurse as *const () as usize,
            std::ptr::addr_of!(w2n_test_recurse_end) as usize,
        );
        register(code_map(&[
            (
                "ud2_fn",
                ud2,
                (ud2_end - ud2) as u32,
                &[(4, Trap::Unreachable.code())],
            ),
            ("recurse", rec, (rec_end - rec) as u32, &[]),
        ]));
    }

    #[test]
    fn initial_stack_top_is_the_end_of_the_stack_mapping() {
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        let line = maps.lines().find(|l| l.ends_with("[stack]")).unwrap();
        let end = line.split(['-', ' ']).nth(1).unwrap();
        let end = usize::from_str_radix(end, 16).unwrap();
        assert_eq!(initial_stack_top(), Some(end));
    }

    #[test]
    fn trap_child() {
        let Ok(which) = std::env::var("W2N_TRAP_CHILD") else {
            return;
        };
        register_test_code();
        install();
        init_thread();
        match which.as_str() {
            // SAFETY: executes ud2, which the handler turns into a trap exit.
            "ud2" => unsafe { w2n_test_ud2() },
            "overflow-thread" => {
                let h = std::thread::Builder::new()
                    .stack_size(256 * 1024)
                    .spawn(|| {
                        init_thread();
                        // SAFETY: recurses until the guard page; the handler exits.
                        unsafe { w2n_test_recurse() }
                    })
                    .unwrap();
                let _ = h.join();
            }
            "host-segv" => {
                // A fault outside wasm code must crash as a real bug (default action).
                // SAFETY: deliberately faulting.
                unsafe { std::ptr::read_volatile(16 as *const u8) };
            }
            _ => {}
        }
        std::process::exit(99);
    }

    fn run_child(which: &str) -> (Option<i32>, Option<i32>, String) {
        use std::os::unix::process::ExitStatusExt;
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "signals::tests::trap_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("W2N_TRAP_CHILD", which)
            .output()
            .unwrap();
        (
            out.status.code(),
            out.status.signal(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    #[test]
    fn ud2_is_reported_as_its_trap() {
        let (code, _, err) = run_child("ud2");
        assert_eq!(code, Some(134), "{err}");
        assert!(
            err.contains("wasm trap: unreachable\nwasm backtrace:\n    0: ud2_fn\n"),
            "{err}"
        );
    }

    #[test]
    fn stack_overflow_in_thread_is_reported() {
        let (code, _, err) = run_child("overflow-thread");
        assert_eq!(code, Some(134), "{err}");
        assert!(
            err.contains("wasm trap: call stack exhausted\nwasm backtrace:\n    0: recurse\n    1: recurse\n"),
            "{err}"
        );
    }

    #[test]
    fn host_fault_is_not_a_trap() {
        let (code, sig, err) = run_child("host-segv");
        assert_eq!((code, sig), (None, Some(libc::SIGSEGV)), "{err}");
        assert!(!err.contains("wasm trap"), "{err}");
    }
}
