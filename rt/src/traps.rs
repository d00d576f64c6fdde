//! Mapping program counters in compiled code back to wasm functions and trap codes, and
//! reporting a trap (`wasm trap: <message>`, a wasm backtrace, exit status 134).
//!
//! Invariants: code maps are built (allocated) before any code of their module runs and are
//! then leaked and pushed onto a lock-free list (any number of modules), so the signal handler
//! reads them without locks or allocation. Everything reachable from [`on_trap`] is
//! async-signal-safe: formatting goes to a stack buffer, output is `write(2)`, exit is `_exit`.

use std::sync::atomic::{AtomicPtr, Ordering};

use wasm2native_abi::meta::TrapSite;
use wasm2native_abi::trap::Trap;

/// Exit status of a process ended by a trap (as wasmtime: 128 + SIGABRT).
pub const TRAP_EXIT_STATUS: i32 = 134;

/// One defined function's code range and trap sites.
#[derive(Debug, Clone)]
pub struct FuncRange {
    pub start: usize,
    pub end: usize,
    /// Sorted by offset.
    pub traps: Vec<TrapSite>,
    /// Name shown in backtraces.
    pub name: String,
}

impl FuncRange {
    /// The trap code recorded at `pc` (which must lie in this function), if any.
    pub fn trap_at(&self, pc: usize) -> Option<u8> {
        let off = u32::try_from(pc.checked_sub(self.start)?).ok()?;
        self.traps
            .binary_search_by_key(&off, |t| t.offset)
            .ok()
            .map(|i| self.traps[i].code)
    }
}

/// The code ranges of one module, sorted by start address.
#[derive(Debug, Default)]
pub struct CodeMap {
    funcs: Vec<FuncRange>,
}

impl CodeMap {
    pub fn new(mut funcs: Vec<FuncRange>) -> CodeMap {
        funcs.retain(|f| f.end > f.start);
        funcs.sort_by_key(|f| f.start);
        for f in &mut funcs {
            f.traps.sort_by_key(|t| t.offset);
        }
        CodeMap { funcs }
    }

    /// The function whose code contains `pc`.
    pub fn lookup(&self, pc: usize) -> Option<&FuncRange> {
        let i = self.funcs.partition_point(|f| f.start <= pc);
        let f = self.funcs.get(i.checked_sub(1)?)?;
        (pc < f.end).then_some(f)
    }
}

/// A published code map, in a lock-free list (newest first: the module most recently loaded
/// is the likeliest to be running).
struct Registered {
    map: CodeMap,
    next: *const Registered,
}

static MAPS: AtomicPtr<Registered> = AtomicPtr::new(std::ptr::null_mut());

/// Publishes a module's code map for the signal handler (leaks it: modules are never unloaded).
pub fn register(map: CodeMap) {
    let node = Box::into_raw(Box::new(Registered {
        map,
        next: std::ptr::null(),
    }));
    let mut head = MAPS.load(Ordering::Acquire);
    loop {
        // SAFETY: `node` is ours until the exchange below publishes it.
        unsafe { (*node).next = head };
        match MAPS.compare_exchange_weak(head, node, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => return,
            Err(current) => head = current,
        }
    }
}

/// The wasm function containing `pc`, across all registered modules. Async-signal-safe.
pub fn find(pc: usize) -> Option<&'static FuncRange> {
    let mut p = MAPS.load(Ordering::Acquire) as *const Registered;
    while !p.is_null() {
        // SAFETY: published nodes are leaked, immutable after publication and never freed.
        let node = unsafe { &*p };
        if let Some(f) = node.map.lookup(pc) {
            return Some(f);
        }
        p = node.next;
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
        for &b in s.as_bytes() {
            if self.len == self.buf.len() {
                self.flush();
            }
            self.buf[self.len] = b;
            self.len += 1;
        }
        self
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

/// Walks the frame-pointer chain starting at frame pointer `fp`, calling `each` with the wasm
/// function of every return address, while return addresses are in wasm code. Only reads
/// words inside `[stack_lo, stack_hi)`, with strictly increasing frame pointers, so it never
/// faults. Async-signal-safe.
pub fn walk_frames(
    mut fp: usize,
    stack_lo: usize,
    stack_hi: usize,
    mut each: impl FnMut(&'static FuncRange),
) {
    while fp >= stack_lo
        && fp.is_multiple_of(8)
        && fp.checked_add(16).is_some_and(|e| e <= stack_hi)
    {
        // SAFETY: fp..fp+16 lies within the current thread's stack, which is mapped.
        let (next, ret) = unsafe { (*(fp as *const usize), *((fp + 8) as *const usize)) };
        let Some(f) = find(ret.wrapping_sub(1)) else {
            break;
        };
        each(f);
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
/// then unwinds to. Async-signal-safe.
pub fn on_trap(trap: Trap, pc: usize, fp: usize) -> ! {
    crate::catch::unwind_if_caught(trap);
    let mut out = ErrBuf::new();
    out.str("wasm trap: ").str(trap.message()).str("\n");
    let mut n: u64 = 0;
    let mut frame = |out: &mut ErrBuf, f: &FuncRange| {
        if n < MAX_PRINTED_FRAMES {
            if n == 0 {
                out.str("wasm backtrace:\n");
            }
            out.str("    ").num(n).str(": ").str(&f.name).str("\n");
        }
        n += 1;
    };
    if let Some(f) = find(pc) {
        frame(&mut out, f);
    }
    if fp != 0 {
        let (lo, hi) = crate::signals::current_stack_bounds();
        walk_frames(fp, lo, hi, |f| frame(&mut out, f));
    }
    if n > MAX_PRINTED_FRAMES {
        out.str("    ... ")
            .num(n - MAX_PRINTED_FRAMES)
            .str(" more frames\n");
    }
    out.flush();
    // SAFETY: _exit is async-signal-safe and ends every thread of the process.
    unsafe { libc::_exit(TRAP_EXIT_STATUS) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(offset: u32, code: u8) -> TrapSite {
        TrapSite { offset, code }
    }

    #[test]
    fn lookup_functions_and_trap_sites() {
        let map = CodeMap::new(vec![
            FuncRange {
                start: 0x2000,
                end: 0x2040,
                traps: vec![site(0x30, 1), site(0x4, 253)],
                name: "b".into(),
            },
            FuncRange {
                start: 0x1000,
                end: 0x1010,
                traps: vec![],
                name: "a".into(),
            },
            FuncRange {
                start: 0x3000,
                end: 0x3000,
                traps: vec![],
                name: "empty".into(),
            },
        ]);
        assert_eq!(map.lookup(0x0fff).map(|f| &f.name[..]), None);
        assert_eq!(map.lookup(0x1000).map(|f| &f.name[..]), Some("a"));
        assert_eq!(map.lookup(0x100f).map(|f| &f.name[..]), Some("a"));
        assert_eq!(map.lookup(0x1010).map(|f| &f.name[..]), None);
        assert_eq!(map.lookup(0x3000).map(|f| &f.name[..]), None);
        let b = map.lookup(0x203f).unwrap();
        assert_eq!(b.name, "b");
        assert_eq!(b.trap_at(0x2004), Some(253));
        assert_eq!(b.trap_at(0x2030), Some(1));
        assert_eq!(b.trap_at(0x2031), None);
        assert_eq!(
            Trap::from_code(b.trap_at(0x2004).unwrap()),
            Some(Trap::MemoryOutOfBounds)
        );
    }

    #[test]
    fn registry_and_frame_walk() {
        register(CodeMap::new(vec![FuncRange {
            start: 0x7000_0000,
            end: 0x7000_0100,
            traps: vec![],
            name: "wasm_fn".into(),
        }]));
        assert_eq!(find(0x7000_0010).map(|f| &f.name[..]), Some("wasm_fn"));
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
        walk_frames(base, base, base + 64, |f| names.push(f.name.clone()));
        assert_eq!(names, vec!["wasm_fn".to_string()]);
        // Out-of-bounds frame pointers are not followed.
        let mut count = 0;
        walk_frames(base, base + 8, base + 64, |_| count += 1);
        assert_eq!(count, 0);
    }
}
