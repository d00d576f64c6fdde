//! Exceptions at run time: allocating and freeing exception objects (layout in
//! `wasm2native_abi::exn`) and throwing, by walking the frame-pointer chain to the first frame
//! whose call has a handler, then resuming there.
//!
//! The compiler keeps everything tag-specific in compiled code: a `throw` inside a handler's
//! scope in its own function jumps to the handler directly, and a handler compares the
//! exception's tag with its catch clauses itself, rethrowing when none matches. So the runtime
//! sees only throws that leave a function, and a handler site is just "where to resume" (see
//! `code_meta::HandlerSite`): the frame's stack pointer is its frame pointer minus the site's
//! frame size, the exception goes in `rax` (Cranelift's first exception payload register),
//! and no other register needs restoring, because a call with handlers clobbers every register
//! in Cranelift's `tail` convention.
//!
//! Invariants: every wasm frame keeps a frame pointer (the compiler sets
//! `preserve_frame_pointers`), and the walk stops at the first return address outside compiled
//! wasm functions (an entry trampoline): exceptions never cross into host frames, which then
//! see an uncaught exception ([`crate::traps::on_uncaught_exception`]).

use std::alloc::{alloc_zeroed, dealloc, handle_alloc_error, Layout};
use wasm2native_abi::exn::{EXN_HOLDERS, EXN_PAYLOAD, EXN_SIZE, EXN_TAG, EXPOSED};

use crate::instance::Instance;
use crate::traps;

fn layout(size: u32) -> Layout {
    Layout::from_size_align(size as usize, 16).expect("exception objects are small")
}

/// `exn_new`: a zeroed exception object of `size` bytes (header included) for tag `tag` of the
/// calling instance, held once (by its flight).
///
/// # Safety
/// `vmctx` must be the caller's live vmctx; `tag` a tag index of its module.
pub unsafe fn exn_new(vmctx: *mut u8, tag: u32, size: u32) -> u64 {
    // SAFETY: see function contract.
    let identity = unsafe { Instance::from_vmctx(vmctx).tag_identity(tag) };
    let size = size.max(EXN_PAYLOAD);
    let layout = layout(size);
    // SAFETY: the layout has a non-zero size.
    let p = unsafe { alloc_zeroed(layout) };
    if p.is_null() {
        handle_alloc_error(layout);
    }
    // SAFETY: `p` is a fresh, 16-aligned allocation of at least the header's size.
    unsafe {
        p.add(EXN_TAG as usize)
            .cast::<usize>()
            .write(identity as usize);
        p.add(EXN_HOLDERS as usize).cast::<u32>().write(1);
        p.add(EXN_SIZE as usize).cast::<u32>().write(size);
    }
    p as u64
}

/// The holder count of the live exception object `exn`.
///
/// # Safety
/// `exn` must be a live object from [`exn_new`].
unsafe fn holders<'a>(exn: u64) -> &'a mut u32 {
    // SAFETY: see function contract; objects are used by one thread at a time.
    unsafe { &mut *((exn as *mut u8).add(EXN_HOLDERS as usize).cast::<u32>()) }
}

/// `exn_acquire`: one more holder of `exn` (none for an exposed object).
///
/// # Safety
/// `exn` must be a live object from [`exn_new`].
pub unsafe fn exn_acquire(_vmctx: *mut u8, exn: u64) {
    // SAFETY: see function contract.
    let h = unsafe { holders(exn) };
    if *h != EXPOSED {
        *h += 1;
    }
}

/// `exn_release`: one holder fewer of `exn`; the last one frees it (never an exposed object).
///
/// # Safety
/// `exn` must be a live object from [`exn_new`] that the caller holds.
pub unsafe fn exn_release(_vmctx: *mut u8, exn: u64) {
    // SAFETY: see function contract.
    let h = unsafe { holders(exn) };
    if *h == EXPOSED {
        return;
    }
    *h -= 1;
    if *h == 0 {
        let p = exn as *mut u8;
        // SAFETY: the header is readable; allocated by `exn_new` with this size.
        unsafe {
            let size = p.add(EXN_SIZE as usize).cast::<u32>().read();
            dealloc(p, layout(size));
        }
    }
}

/// `exn_log`: the frame at `fp` holds `exn` (taking over its flight's hold) until it returns or
/// an exception unwinds past it.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx, `exn` a live object from [`exn_new`].
pub unsafe fn exn_log(vmctx: *mut u8, exn: u64, fp: u64) {
    // SAFETY: see function contract.
    let inst = unsafe { Instance::from_vmctx(vmctx) };
    if let Ok(mut log) = inst.exn_log.try_borrow_mut() {
        log.push((fp as usize, exn));
    }
    set_log_top(inst);
}

/// `exn_unlog`: releases what the frames at or below `fp` (the stack grows down) held: they
/// are returning or gone.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
pub unsafe fn exn_unlog(vmctx: *mut u8, fp: u64) {
    // SAFETY: see function contract.
    unsafe { release_frames_below(Instance::from_vmctx(vmctx), fp as usize + 1) }
}

/// Releases the log entries of `inst` whose frames lie below `limit` (deeper than it).
///
/// # Safety
/// Every logged exception must be live and held by its entry.
unsafe fn release_frames_below(inst: &Instance, limit: usize) {
    loop {
        let top = inst.exn_log.try_borrow_mut().ok().and_then(|mut log| {
            let &(fp, exn) = log.last()?;
            (fp < limit).then(|| {
                log.pop();
                exn
            })
        });
        let Some(exn) = top else { break };
        // SAFETY: the entry held `exn` (function contract).
        unsafe { exn_release(inst.vmctx(), exn) };
    }
    set_log_top(inst);
}

/// Publishes the frame pointer of the newest log entry (0 if none) where compiled code reads it.
fn set_log_top(inst: &Instance) {
    let top = inst
        .exn_log
        .try_borrow()
        .ok()
        .and_then(|log| log.last().map(|e| e.0))
        .unwrap_or(0);
    let field = wasm2native_abi::vmctx::field::VMCTX_EXN_LOG_TOP as usize;
    // SAFETY: the vmctx header has this u64 field.
    unsafe { inst.vmctx().add(field).cast::<u64>().write(top as u64) };
}

/// `throw`: unwinds to the nearest handler in a calling frame of the frame at `fp` (which has
/// no handler for the throw: the compiler jumps to those directly), passing it `exn`.
///
/// # Safety
/// `exn` must be a live exception object; `fp` the frame pointer of the calling wasm
/// function, `pc` an address in its code.
pub unsafe fn throw(vmctx: *mut u8, exn: u64, fp: u64, pc: u64) {
    let (lo, hi) = crate::stack::current_bounds();
    traps::walk_frames(fp as usize, lo, hi, |caller| {
        if let Some(site) = caller.func.handler_at(caller.ret) {
            let resume_pc = caller.func.range.start + site.handler as usize;
            let sp = caller.fp - site.sp_to_fp as usize;
            // SAFETY: the frames below the handler's are gone; the log holds live objects.
            unsafe { release_frames_below(Instance::from_vmctx(vmctx), caller.fp) };
            // SAFETY: the handler expects exactly this frame state (module header).
            unsafe { resume(resume_pc, sp, caller.fp, exn as usize) }
        }
    });
    traps::on_uncaught_exception(pc as usize, fp as usize)
}

/// Continues at `pc` with the given stack and frame pointers and `exn` in the first exception
/// payload register (`rax`; the second, `rdx`, is zero).
///
/// # Safety
/// `pc` must be a handler whose frame is at `fp` with stack pointer `sp`.
unsafe fn resume(pc: usize, sp: usize, fp: usize, exn: usize) -> ! {
    // SAFETY: see function contract; nothing of the abandoned Rust frames needs dropping.
    unsafe {
        // Fixed registers: with `reg` operands LLVM may pick `rbp` for one of them in a
        // function that keeps no frame pointer, and `mov rbp, ...` would overwrite it.
        core::arch::asm!(
            "mov rsp, rdi",
            "mov rbp, rsi",
            "jmp rcx",
            in("rdi") sp,
            in("rsi") fp,
            in("rcx") pc,
            in("rax") exn,
            in("rdx") 0usize,
            options(noreturn),
        )
    }
}
