//! Mapping program counters in compiled code back to wasm functions and trap codes, and
//! reporting a trap (`wasm trap: <message>`, a wasm backtrace, exit status 134) or an internal
//! error (`wasm2native internal error: unexpected SIG… at 0x… in wasm function …`, a wasm
//! backtrace, exit status 70).
//!
//! Invariants: code maps are built (allocated) before any code of their module runs and are
//! then pushed onto a list the signal handler reads without locks or allocation (any number
//! of modules); they stay there for good, except that an in-process loader may [`unregister`]
//! a module's maps once none of its code can run. Everything reachable from [`on_trap`] is
//! async-signal-safe: formatting goes to a stack buffer, output is `write(2)`, exit is `_exit`.
//! This module uses [`crate::stack`] (bounds for the frame walk) and [`crate::catch`], never
//! `signals`, which builds on it.

use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::Mutex;

use wasm2native_abi::code_meta::{
    self, CodeEntries, HandlerSite, HandlerSites, LocSites, SiteLoc, TrapSites,
};
use wasm2native_abi::codec::DecodeError;
use wasm2native_abi::trap::Trap;

/// Exit status of a process ended by a trap (as wasmtime: 128 + SIGABRT).
pub const TRAP_EXIT_STATUS: i32 = 134;

/// Exit status of a process ended by an internal error of wasm2native (`EX_SOFTWARE`): wasm
/// code faulted at an instruction that is no trap site. Used by no trap and by nothing WASI
/// does itself (only a program's own `proc_exit(70)`).
pub const INTERNAL_ERROR_EXIT_STATUS: i32 = 70;

/// One defined function's code range and (encoded) trap sites.
#[derive(Debug, Clone, Copy)]
pub struct FuncRange {
    pub start: usize,
    pub len: u32,
    /// Module function index.
    pub index: u32,
    traps: TrapSites<'static>,
    handlers: HandlerSites<'static>,
    locs: LocSites<'static>,
}

/// The code ranges of one module, sorted by start address, and its name section.
#[derive(Debug, Default)]
pub struct CodeMap {
    funcs: Vec<FuncRange>,
    names: &'static [u8],
}

impl CodeMap {
    /// Maps the functions of an encoded code section ([`code_meta`]): the `d`-th entry
    /// (defined function `d`, module index `first_index + d`) starts at `start_of(d)`.
    /// `names` is the module's encoded name section. Reads only code sizes: trap sites and
    /// names are decoded when a trap is reported.
    pub fn new(
        code: &'static [u8],
        names: &'static [u8],
        first_index: u32,
        mut start_of: impl FnMut(u32) -> usize,
    ) -> Result<CodeMap, DecodeError> {
        let entries = CodeEntries::new(code)?;
        let mut funcs = Vec::with_capacity(usize::try_from(entries.len()).unwrap_or(0));
        for (d, entry) in (0u32..).zip(entries) {
            let entry = entry?;
            if entry.size > 0 {
                funcs.push(FuncRange {
                    start: start_of(d),
                    len: entry.size,
                    index: first_index.checked_add(d).ok_or(DecodeError)?,
                    traps: entry.traps,
                    handlers: entry.handlers,
                    locs: entry.locs,
                });
            }
        }
        // Compiled code is laid out in function order, so this is normally a check only.
        if !funcs.is_sorted_by_key(|f| f.start) {
            funcs.sort_unstable_by_key(|f| f.start);
        }
        Ok(CodeMap { funcs, names })
    }

    /// Number of functions with code.
    pub fn len(&self) -> usize {
        self.funcs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.funcs.is_empty()
    }

    /// Whether all of this map's code lies in `lo..hi` (an empty map lies nowhere).
    fn within(&self, lo: usize, hi: usize) -> bool {
        match (self.funcs.first(), self.funcs.last()) {
            (Some(first), Some(last)) => first.start >= lo && last.start + last.len as usize <= hi,
            _ => false,
        }
    }

    /// The function whose code contains `pc`.
    pub fn lookup(&'static self, pc: usize) -> Option<WasmFunc> {
        let i = self.funcs.partition_point(|f| f.start <= pc);
        let f = self.funcs.get(i.checked_sub(1)?)?;
        (pc - f.start < f.len as usize).then_some(WasmFunc {
            range: f,
            names: self.names,
        })
    }
}

/// A wasm function found by program counter.
#[derive(Debug, Clone, Copy)]
pub struct WasmFunc {
    pub range: &'static FuncRange,
    names: &'static [u8],
}

impl WasmFunc {
    /// The trap code recorded at `pc` (which must lie in this function), if any.
    pub fn trap_at(&self, pc: usize) -> Option<u8> {
        let off = u32::try_from(pc.checked_sub(self.range.start)?).ok()?;
        self.range.traps.code_at(off)
    }

    /// The exception handler of the call in this function that returns to `ret`, if the call
    /// lies in a handler's scope.
    pub fn handler_at(&self, ret: usize) -> Option<HandlerSite> {
        let off = u32::try_from(ret.checked_sub(self.range.start)?).ok()?;
        self.range.handlers.at(off)
    }

    /// Where in the module the code at `pc` (a trap site, or a call's return address) came
    /// from, if the compiler recorded it.
    pub fn location_at(&self, pc: usize) -> Option<SiteLoc> {
        let off = u32::try_from(pc.checked_sub(self.range.start)?).ok()?;
        self.range.locs.at(off)
    }

    /// The function's name-section name.
    pub fn name(&self) -> Option<&'static [u8]> {
        self.name_of(self.range.index)
    }

    /// The name-section name of function `index` of the same module.
    pub fn name_of(&self, index: u32) -> Option<&'static [u8]> {
        code_meta::func_name(self.names, index)
    }
}

/// A published code map, in a lock-free list (newest first: the module most recently loaded
/// is the likeliest to be running).
struct Registered {
    map: CodeMap,
    next: AtomicPtr<Registered>,
}

static MAPS: AtomicPtr<Registered> = AtomicPtr::new(std::ptr::null_mut());

/// Serialises the writers of the list ([`register`], [`unregister`]); readers take no lock.
static WRITERS: Mutex<()> = Mutex::new(());

/// Publishes a module's code map for the signal handler. The map stays published (and
/// allocated) until [`unregister`] removes it, which executables and the `wast` runner never
/// do. A map with no code is not published: no pc can fall in it.
pub fn register(map: CodeMap) {
    if map.is_empty() {
        return;
    }
    let _writer = WRITERS.lock().unwrap_or_else(|p| p.into_inner());
    let node = Box::into_raw(Box::new(Registered {
        map,
        next: AtomicPtr::new(MAPS.load(Ordering::Acquire)),
    }));
    MAPS.store(node, Ordering::Release);
}

/// Removes and frees the code maps of modules whose code lies entirely in `lo..hi`: what an
/// in-process loader does before unmapping a module it loaded (`wasm2native::jit`).
///
/// # Safety
/// No code in `lo..hi` may be running or on any thread's stack, and no other thread may be
/// looking up a pc ([`find`], from its signal handler) while this runs: the maps are freed.
pub unsafe fn unregister(lo: usize, hi: usize) {
    let _writer = WRITERS.lock().unwrap_or_else(|p| p.into_inner());
    let mut link: &AtomicPtr<Registered> = &MAPS;
    loop {
        let p = link.load(Ordering::Acquire);
        if p.is_null() {
            return;
        }
        // SAFETY: published nodes stay allocated until unlinked here, under the writers' lock.
        let node = unsafe { &*p };
        if node.map.within(lo, hi) {
            link.store(node.next.load(Ordering::Acquire), Ordering::Release);
            // SAFETY: unlinked above; the caller guarantees no reader holds it.
            drop(unsafe { Box::from_raw(p) });
        } else {
            link = &node.next;
        }
    }
}

/// The wasm function containing `pc`, across all registered modules. Async-signal-safe.
pub fn find(pc: usize) -> Option<WasmFunc> {
    let mut p = MAPS.load(Ordering::Acquire) as *const Registered;
    while !p.is_null() {
        // SAFETY: published nodes are immutable and stay allocated until `unregister`, whose
        // caller guarantees no lookup runs meanwhile.
        let node: &'static Registered = unsafe { &*p };
        if let Some(f) = node.map.lookup(pc) {
            return Some(f);
        }
        p = node.next.load(Ordering::Acquire);
    }
    None
}

/// A fixed-size formatting buffer that writes to stderr; async-signal-safe.
pub struct ErrBuf {
    buf: [u8; 512],
    len: usize,
}

impl Default for ErrBuf {
    fn default() -> Self {
        Self::new()
    }
}

impl ErrBuf {
    pub const fn new() -> ErrBuf {
        ErrBuf {
            buf: [0; 512],
            len: 0,
        }
    }

    pub fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    /// Raw bytes (names from the name section are written as they are).
    pub fn bytes(&mut self, s: &[u8]) -> &mut Self {
        for &b in s {
            if self.len == self.buf.len() {
                self.flush();
            }
            self.buf[self.len] = b;
            self.len += 1;
        }
        self
    }

    /// `n` in hexadecimal with a `0x` prefix.
    pub fn hex(&mut self, n: u64) -> &mut Self {
        let mut digits = [0u8; 16];
        let mut i = digits.len();
        let mut rest = n;
        loop {
            i -= 1;
            digits[i] = b"0123456789abcdef"[(rest & 0xf) as usize];
            rest >>= 4;
            if rest == 0 {
                break;
            }
        }
        self.str("0x").bytes(&digits[i..])
    }

    pub fn num(&mut self, mut n: u64) -> &mut Self {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        // SAFETY-free: ASCII digits are valid UTF-8.
        let s = std::str::from_utf8(&digits[i..]).unwrap_or("?");
        self.str(s)
    }

    pub fn flush(&mut self) {
        let mut off = 0;
        while off < self.len {
            // SAFETY: writing initialised bytes of our own buffer to fd 2.
            let n = unsafe { libc::write(2, self.buf[off..].as_ptr().cast(), self.len - off) };
            if n <= 0 {
                break;
            }
            off += n as usize;
        }
        self.len = 0;
    }
}

/// A wasm frame found by [`walk_frames`]: the function a call returned into, the return
/// address, and that frame's own frame pointer.
#[derive(Debug, Clone, Copy)]
pub struct CallerFrame {
    pub func: WasmFunc,
    pub ret: usize,
    pub fp: usize,
}

/// Walks the frame-pointer chain starting at frame pointer `fp`, calling `each` with the
/// frame of every return address, while return addresses are in wasm code. Only reads
/// words inside `[stack_lo, stack_hi)`, with strictly increasing frame pointers, so it never
/// faults. Async-signal-safe.
pub fn walk_frames(
    mut fp: usize,
    stack_lo: usize,
    stack_hi: usize,
    mut each: impl FnMut(CallerFrame),
) {
    while fp >= stack_lo
        && fp.is_multiple_of(8)
        && fp.checked_add(16).is_some_and(|e| e <= stack_hi)
    {
        // SAFETY: fp..fp+16 lies within the current thread's stack, which is mapped.
        let (next, ret) = unsafe { (*(fp as *const usize), *((fp + 8) as *const usize)) };
        let Some(func) = find(ret.wrapping_sub(1)) else {
            break;
        };
        each(CallerFrame {
            func,
            ret,
            fp: next,
        });
        if next <= fp {
            break;
        }
        fp = next;
    }
}

const MAX_PRINTED_FRAMES: u64 = 100;

/// What happens when wasm traps: prints the trap and a backtrace of wasm frames (starting at
/// `pc`, then following the frame-pointer chain from `fp`; pass 0 for both when there is no
/// wasm frame, e.g. a trap during instantiation) and exits the process with status 134, which
/// stops every thread — unless the thread is inside [`crate::catch::catch_traps`], which it
/// then unwinds to, or another thread has already decided the process's outcome
/// ([`crate::outcome`]), in which case it prints nothing and waits for the end. Async-signal-safe.
pub fn on_trap(trap: Trap, pc: usize, fp: usize) -> ! {
    crate::catch::unwind_if_caught(trap);
    crate::outcome::claim();
    let mut out = ErrBuf::new();
    out.str("wasm trap: ").str(trap.message()).str("\n");
    write_backtrace(&mut out, pc, fp);
    exit(&mut out, TRAP_EXIT_STATUS)
}

/// What happens when an exception escapes the outermost wasm frame of a thread (`fp` is the
/// frame pointer of the frame that threw, `pc` a code address in it): inside [`crate::catch::catch_traps`] it unwinds
/// there as [`Trap::UncaughtException`]; in the process's initial thread it prints
/// `error: uncaught wasm exception` and the wasm backtrace and exits with status 1, as
/// wasmtime does; in a spawned thread it is a trap (`wasm trap: uncaught exception`, 134),
/// as anything else that ends a thread abnormally.
pub fn on_uncaught_exception(pc: usize, fp: usize) -> ! {
    crate::catch::unwind_if_caught(Trap::UncaughtException);
    // SAFETY: getpid and gettid have no preconditions (gettid through `syscall`: the C
    // library executables link may predate its wrapper).
    let initial_thread = unsafe { libc::syscall(libc::SYS_gettid) == i64::from(libc::getpid()) };
    if !initial_thread {
        on_trap(Trap::UncaughtException, pc, fp);
    }
    crate::outcome::claim();
    let mut out = ErrBuf::new();
    out.str("error: uncaught wasm exception\n");
    write_backtrace(&mut out, pc, fp);
    exit(&mut out, 1)
}

/// What happens when wasm code faults (`signal`, e.g. `SIGSEGV`) at `pc`, in `f`, where no
/// trap site is recorded: a bug in wasm2native, not in the program. Prints
/// `wasm2native internal error: unexpected SIGSEGV at 0x<pc> in wasm function <name>
/// (<index>+0x<offset>)`, the faulting address of a memory fault, and the wasm backtrace, then
/// exits with [`INTERNAL_ERROR_EXIT_STATUS`] — even inside `catch_traps`: it is no wasm trap.
/// Async-signal-safe.
pub fn on_internal_fault(
    signal: &str,
    f: WasmFunc,
    pc: usize,
    fault_addr: Option<usize>,
    fp: usize,
) -> ! {
    crate::outcome::claim();
    let mut out = ErrBuf::new();
    out.str("wasm2native internal error: unexpected ")
        .str(signal)
        .str(" at ")
        .hex(pc as u64)
        .str(" in wasm function ");
    write_func_name(&mut out, f, f.range.index);
    out.str(" (")
        .num(f.range.index.into())
        .str("+")
        .hex((pc - f.range.start) as u64)
        .str(")");
    if let Some(addr) = fault_addr {
        out.str(", fault address ").hex(addr as u64);
    }
    out.str("\n");
    write_backtrace(&mut out, pc, fp);
    exit(&mut out, INTERNAL_ERROR_EXIT_STATUS)
}

/// `f`'s name-section name, or `<wasm function N>`.
fn write_func_name(out: &mut ErrBuf, f: WasmFunc, index: u32) {
    match f.name_of(index) {
        Some(name) => out.bytes(name),
        None => out.str("<wasm function ").num(index.into()).str(">"),
    };
}

/// Writes `wasm backtrace:` and one line per wasm frame, innermost first: at `pc` (if in wasm
/// code), then at each return address of the frame-pointer chain from `fp` (if not 0), at
/// most `MAX_PRINTED_FRAMES` of them. A line is `N: 0xOFFSET - NAME`, OFFSET being the byte
/// offset in the module of the trapping instruction or of the call (as wasmtime prints it),
/// or `N: NAME` where the compiler recorded no location; code inlined from a callee gives
/// the callee's frame, then the caller's. Nothing when there is no wasm frame.
fn write_backtrace(out: &mut ErrBuf, pc: usize, fp: usize) {
    let mut n: u64 = 0;
    let mut line = |out: &mut ErrBuf, f: WasmFunc, index: u32, wasm: Option<u32>| {
        if n < MAX_PRINTED_FRAMES {
            if n == 0 {
                out.str("wasm backtrace:\n");
            }
            out.str("    ").num(n).str(": ");
            if let Some(offset) = wasm {
                out.hex(offset.into()).str(" - ");
            }
            write_func_name(out, f, index);
            out.str("\n");
        }
        n += 1;
    };
    let mut frames = |out: &mut ErrBuf, f: WasmFunc, at: usize| {
        let loc = f.location_at(at);
        if let Some((callee, wasm)) = loc.and_then(|l| l.inlined) {
            line(out, f, callee, Some(wasm));
        }
        line(out, f, f.range.index, loc.map(|l| l.wasm));
    };
    if let Some(f) = find(pc) {
        frames(out, f, pc);
    }
    if fp != 0 {
        let (lo, hi) = crate::stack::current_bounds();
        walk_frames(fp, lo, hi, |c| frames(out, c.func, c.ret));
    }
    if n > MAX_PRINTED_FRAMES {
        out.str("    ... ")
            .num(n - MAX_PRINTED_FRAMES)
            .str(" more frames\n");
    }
}

/// Flushes `out` and ends the process (every thread) with `status`; the caller has claimed the
/// outcome (`crate::outcome`).
fn exit(out: &mut ErrBuf, status: i32) -> ! {
    out.flush();
    crate::outcome::exit_claimed(status)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use wasm2native_abi::code_meta::{CodeInfo, FuncCode, TrapSite};

    fn leak(v: Vec<u8>) -> &'static [u8] {
        Box::leak(v.into_boxed_slice())
    }

    /// A test function: name, start address, code size, trap sites (offset, code).
    pub(crate) type TestFunc<'a> = (&'a str, usize, u32, &'a [(u32, u8)]);

    /// A code map of `funcs`, defined indices from 0.
    pub(crate) fn code_map(funcs: &[TestFunc]) -> CodeMap {
        let info = CodeInfo {
            funcs: funcs
                .iter()
                .map(|(_, _, size, traps)| FuncCode {
                    size: *size,
                    traps: traps
                        .iter()
                        .map(|&(offset, code)| TrapSite { offset, code })
                        .collect(),
                    handlers: vec![],
                    locs: vec![],
                })
                .collect(),
            names: (0u32..)
                .zip(funcs)
                .map(|(i, f)| (i, f.0.to_string()))
                .collect(),
        };
        let (code, names) = info.sections();
        CodeMap::new(leak(code), leak(names), 0, |d| funcs[d as usize].1).unwrap()
    }

    fn name(f: Option<WasmFunc>) -> Option<&'static str> {
        f.and_then(|f| f.name())
            .map(|n| std::str::from_utf8(n).unwrap())
    }

    #[test]
    fn lookup_functions_and_trap_sites() {
        let map: &'static CodeMap = Box::leak(Box::new(code_map(&[
            ("b", 0x2000, 0x40, &[(0x30, 1), (0x4, 253)]),
            ("a", 0x1000, 0x10, &[]),
            ("empty", 0x3000, 0, &[]),
        ])));
        assert_eq!(map.len(), 2);
        assert_eq!(name(map.lookup(0x0fff)), None);
        assert_eq!(name(map.lookup(0x1000)), Some("a"));
        assert_eq!(name(map.lookup(0x100f)), Some("a"));
        assert_eq!(name(map.lookup(0x1010)), None);
        assert_eq!(name(map.lookup(0x3000)), None);
        let b = map.lookup(0x203f).unwrap();
        assert_eq!(name(Some(b)), Some("b"));
        assert_eq!(b.range.index, 0);
        assert_eq!(b.trap_at(0x2004), Some(253));
        assert_eq!(b.trap_at(0x2030), Some(1));
        assert_eq!(b.trap_at(0x2031), None);
        assert_eq!(
            Trap::from_code(b.trap_at(0x2004).unwrap()),
            Some(Trap::MemoryOutOfBounds)
        );
    }

    #[test]
    fn hex_formatting() {
        let mut out = ErrBuf::new();
        out.hex(0).str(" ").hex(0x1a).str(" ").hex(u64::MAX);
        assert_eq!(&out.buf[..out.len], b"0x0 0x1a 0xffffffffffffffff");
    }

    #[test]
    fn corrupt_code_section_is_an_error() {
        assert!(CodeMap::new(&[], &[], 0, |_| 0).is_err());
        assert!(CodeMap::new(&[3, 4, 0], &[], 0, |_| 0).is_err());
    }

    #[test]
    fn registry_and_frame_walk() {
        register(code_map(&[("wasm_fn", 0x7000_0000, 0x100, &[])]));
        assert_eq!(name(find(0x7000_0010)), Some("wasm_fn"));
        // A fake stack: frame at [0]: next fp -> [4], ret in wasm; frame at [4]: ret not wasm.
        let mut stack = Box::new([0usize; 8]);
        let base = stack.as_mut_ptr() as usize;
        // SAFETY: writes within the 8-word boxed array through its own pointer.
        unsafe {
            let p = stack.as_mut_ptr();
            p.write(base + 32);
            p.add(1).write(0x7000_0020);
            p.add(4).write(base + 48);
            p.add(5).write(0x1234);
        }
        std::hint::black_box(&mut stack);
        let mut names = vec![];
        walk_frames(base, base, base + 64, |c| names.push(name(Some(c.func))));
        assert_eq!(names, vec![Some("wasm_fn")]);
        // Out-of-bounds frame pointers are not followed.
        let mut count = 0;
        walk_frames(base, base + 8, base + 64, |_| count += 1);
        assert_eq!(count, 0);
    }
}
