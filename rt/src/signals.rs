//! Signal handlers that turn faults in compiled code into wasm traps, and the per-thread
//! set-up they need (an alternate signal stack and the thread's stack bounds).
//!
//! A fault is classified by `classify`: a fault address in the thread's stack guard region is
//! stack overflow (`call stack exhausted`, wherever the PC is); otherwise a PC at a recorded
//! trap site of wasm code is that trap (exact match only, as wasmtime); a PC anywhere else in
//! wasm code is an internal error of wasm2native ([`traps::on_internal_fault`], exit status
//! [`traps::INTERNAL_ERROR_EXIT_STATUS`]); a fault outside wasm code goes to the previous
//! handler.
//!
//! Invariants: [`install`] runs once, after which SIGILL, SIGSEGV, SIGBUS and SIGFPE go to
//! `handler` with `SA_SIGINFO | SA_ONSTACK`; the previous actions are saved before the new
//! ones are installed and never change afterwards. Every thread that runs wasm calls
//! [`init_thread`] first. The handler only reads immutable or atomic data and thread-locals
//! initialised by `init_thread`, and allocates nothing.
//!
//! Dependencies go one way: `signals` uses [`traps`] (code maps, reporting) and
//! [`crate::stack`] (stack bounds); neither uses `signals`.

use std::cell::Cell;
use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once};

use wasm2native_abi::trap::Trap;

use crate::stack::{self, PAGE};
use crate::traps;

const SIGNALS: [libc::c_int; 4] = [libc::SIGILL, libc::SIGSEGV, libc::SIGBUS, libc::SIGFPE];

/// Size of each thread's alternate signal stack (plus one guard page below it).
const ALT_STACK_SIZE: usize = 64 * 1024;

thread_local! {
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
    stack::record(main_thread);
}

/// Alternate signal stacks of finished threads, ready for reuse (mapping base addresses):
/// spawning a thread then needs no mmap, and a program that spawns threads all its life does
/// not leak one mapping per thread.
static FREE_ALT_STACKS: Mutex<Vec<usize>> = Mutex::new(Vec::new());

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

/// What a fault in the process stands for.
#[derive(Debug, Clone, Copy)]
enum Fault {
    /// Wasm code faulted at a recorded trap site: that trap.
    Trap(Trap),
    /// The faulting address lies in the thread's stack guard region, whether the fault was in
    /// wasm code or in host code wasm called.
    StackOverflow,
    /// Wasm code faulted at an instruction that is no trap site: a bug in wasm2native, never
    /// passed off as a wasm trap.
    Internal(traps::WasmFunc),
    /// Not a fault of wasm code: the previous handler's business.
    Foreign,
}

/// Classifies a fault at `pc`; `stack_fault` says the faulting address lies in the stack
/// guard region. Only an exact trap-site match is a trap. Async-signal-safe.
fn classify(pc: usize, stack_fault: bool) -> Fault {
    if stack_fault {
        return Fault::StackOverflow;
    }
    let Some(f) = traps::find(pc) else {
        return Fault::Foreign;
    };
    match f.trap_at(pc).and_then(Trap::from_code) {
        Some(t) => Fault::Trap(t),
        None => Fault::Internal(f),
    }
}

fn signal_name(sig: libc::c_int) -> &'static str {
    match sig {
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGBUS => "SIGBUS",
        libc::SIGILL => "SIGILL",
        libc::SIGFPE => "SIGFPE",
        _ => "signal",
    }
}

extern "C" fn handler(sig: libc::c_int, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
    let memory_fault = sig == libc::SIGSEGV || sig == libc::SIGBUS;
    // SAFETY: the kernel passes a valid siginfo and ucontext for SA_SIGINFO handlers.
    let (pc, fp, fault_addr) = unsafe {
        let uc = &*(ctx as *const libc::ucontext_t);
        let gregs = &uc.uc_mcontext.gregs;
        let addr = if memory_fault {
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
    let stack_fault = fault_addr != 0 && stack::in_guard(fault_addr);
    match classify(pc, stack_fault) {
        Fault::Trap(t) => traps::on_trap(t, pc, fp),
        // In host code called from wasm, `pc` is no wasm frame and the backtrace starts at the
        // wasm frames below it.
        Fault::StackOverflow => traps::on_trap(Trap::StackOverflow, pc, fp),
        Fault::Internal(f) => {
            let addr = memory_fault.then_some(fault_addr);
            traps::on_internal_fault(signal_name(sig), f, pc, addr, fp)
        }
        Fault::Foreign => chain(sig, info, ctx),
    }
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
    use crate::traps::tests::code_map;
    use crate::traps::{register, INTERNAL_ERROR_EXIT_STATUS};

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
        // Loads from address 16 at offset 9, which is no trap site (offset 4 is one).
        ".globl w2n_test_segv",
        "w2n_test_segv:",
        "push rbp",
        "mov rbp, rsp",
        "mov eax, 16",
        "mov eax, dword ptr [rax]",
        "pop rbp",
        "ret",
        "w2n_test_segv_end:",
    );

    extern "C" {
        fn w2n_test_ud2();
        static w2n_test_ud2_end: u8;
        fn w2n_test_recurse();
        static w2n_test_recurse_end: u8;
        fn w2n_test_segv();
        static w2n_test_segv_end: u8;
    }

    fn register_test_code() {
        // Only the addresses of the assembly labels are taken.
        let (ud2, ud2_end, rec, rec_end) = (
            w2n_test_ud2 as *const () as usize,
            std::ptr::addr_of!(w2n_test_ud2_end) as usize,
            w2n_test_recurse as *const () as usize,
            std::ptr::addr_of!(w2n_test_recurse_end) as usize,
        );
        let (segv, segv_end) = (
            w2n_test_segv as *const () as usize,
            std::ptr::addr_of!(w2n_test_segv_end) as usize,
        );
        register(code_map(&[
            (
                "ud2_fn",
                ud2,
                (ud2_end - ud2) as u32,
                &[(4, Trap::Unreachable.code())],
            ),
            ("recurse", rec, (rec_end - rec) as u32, &[]),
            (
                "segv_fn",
                segv,
                (segv_end - segv) as u32,
                &[(4, Trap::MemoryOutOfBounds.code())],
            ),
        ]));
    }

    #[test]
    fn classify_requires_an_exact_trap_site() {
        register(code_map(&[(
            "classified",
            0x7100_0000,
            0x40,
            &[(0x10, Trap::MemoryOutOfBounds.code())],
        )]));
        let at = |off: usize| classify(0x7100_0000 + off, false);
        assert!(matches!(at(0x10), Fault::Trap(Trap::MemoryOutOfBounds)));
        for off in [0, 0x11, 0x3f] {
            match at(off) {
                Fault::Internal(f) => assert_eq!(f.name(), Some(&b"classified"[..])),
                other => panic!("{off:#x}: {other:?}"),
            }
        }
        assert!(matches!(at(0x40), Fault::Foreign));
        // A guard-region fault is overflow wherever the PC is, trap site or not.
        for pc in [0x7100_0010, 0x7100_0011, 0x10] {
            assert!(matches!(classify(pc, true), Fault::StackOverflow));
        }
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
            // SAFETY: faults off any trap site, which the handler turns into an internal error.
            "off-site-segv" => unsafe { w2n_test_segv() },
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
    fn fault_off_any_trap_site_is_an_internal_error() {
        let (code, _, err) = run_child("off-site-segv");
        assert_eq!(code, Some(INTERNAL_ERROR_EXIT_STATUS), "{err}");
        assert!(
            err.starts_with("wasm2native internal error: unexpected SIGSEGV at 0x"),
            "{err}"
        );
        assert!(
            err.contains(
                " in wasm function segv_fn (2+0x9), fault address 0x10\n\
                 wasm backtrace:\n    0: segv_fn\n"
            ),
            "{err}"
        );
        assert!(!err.contains("wasm trap"), "{err}");
    }

    #[test]
    fn host_fault_is_not_a_trap() {
        let (code, sig, err) = run_child("host-segv");
        assert_eq!((code, sig), (None, Some(libc::SIGSEGV)), "{err}");
        assert!(!err.contains("wasm trap"), "{err}");
    }
}
