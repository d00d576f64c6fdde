//! The builtins' implementations, one per row of `abi::for_each_builtin!`, named and typed as
//! the row (`crate::entry::builtin` exports them as `__w2n_builtin_<name>`).
//!
//! Invariants: every builtin takes the calling instance's vmctx first and never panics or
//! unwinds; operations that can go out of bounds return a [`BoundsCheck`] and leave the trap
//! to the compiled caller (bounds are checked before anything is written, as the bulk-memory
//! proposal specifies). Wasm `i32` parameters are `u32` here (reinterpreted).

use wasm2native_abi::symbols::BoundsCheck;
use wasm2native_abi::trap::Trap;

use crate::instance::Instance;
use crate::{table, traps};

pub use crate::exceptions::{exn_acquire, exn_log, exn_new, exn_release, exn_unlog, throw};

/// # Safety
/// `vmctx` must be the live vmctx of the calling instance.
unsafe fn inst<'a>(vmctx: *mut u8) -> &'a Instance {
    // SAFETY: forwarded from the builtin's caller (compiled code passes its own vmctx).
    unsafe { Instance::from_vmctx(vmctx) }
}

/// `memory.grow`: old size in pages, or -1.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
pub unsafe fn memory_grow(vmctx: *mut u8, mem: u32, delta: u64) -> i64 {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    match i.memory(mem).and_then(|m| m.grow(delta)) {
        Some(old) => old as i64,
        None => -1,
    }
}

/// `memory.fill`.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
pub unsafe fn memory_fill(vmctx: *mut u8, mem: u32, dst: u64, byte: u32, len: u64) -> BoundsCheck {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    let Some(m) = i.memory(mem) else {
        return BoundsCheck::OUT_OF_BOUNDS;
    };
    if dst.checked_add(len).is_none_or(|e| e > m.len()) {
        return BoundsCheck::OUT_OF_BOUNDS;
    }
    // SAFETY: dst..dst+len is within the accessible part of the memory.
    unsafe { std::ptr::write_bytes(m.base().add(dst as usize), byte as u8, len as usize) };
    BoundsCheck::IN_BOUNDS
}

/// `memory.copy` (ranges may overlap).
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
pub unsafe fn memory_copy(
    vmctx: *mut u8,
    dst_mem: u32,
    dst: u64,
    src_mem: u32,
    src: u64,
    len: u64,
) -> BoundsCheck {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    let (Some(d), Some(s)) = (i.memory(dst_mem), i.memory(src_mem)) else {
        return BoundsCheck::OUT_OF_BOUNDS;
    };
    if dst.checked_add(len).is_none_or(|e| e > d.len())
        || src.checked_add(len).is_none_or(|e| e > s.len())
    {
        return BoundsCheck::OUT_OF_BOUNDS;
    }
    // SAFETY: both ranges are within their memories' accessible parts; `copy` allows overlap.
    unsafe {
        std::ptr::copy(
            s.base().add(src as usize),
            d.base().add(dst as usize),
            len as usize,
        )
    };
    BoundsCheck::IN_BOUNDS
}

/// `memory.init`.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
pub unsafe fn memory_init(
    vmctx: *mut u8,
    mem: u32,
    seg: u32,
    dst: u64,
    src: u32,
    len: u32,
) -> BoundsCheck {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    BoundsCheck::from_ok(i.memory_init(mem, seg, dst, src.into(), len.into()))
}

/// `data.drop`.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
pub unsafe fn data_drop(vmctx: *mut u8, seg: u32) {
    // SAFETY: see function contract.
    unsafe { inst(vmctx) }.drop_data(seg)
}

/// `table.grow`: old size, or -1. Indices and sizes of 32-bit tables arrive zero-extended.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx; `init` a valid reference.
pub unsafe fn table_grow(vmctx: *mut u8, table: u32, init: u64, delta: u64) -> i64 {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    let Some(t) = i.table_ptr(table) else {
        return -1;
    };
    // SAFETY: the table is live and created by `table::new_table`.
    match unsafe { table::grow(&mut *t, delta, init as usize) } {
        Some(old) => old as i64,
        None => -1,
    }
}

/// `table.fill`.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx; `val` a valid reference.
pub unsafe fn table_fill(vmctx: *mut u8, table: u32, dst: u64, val: u64, len: u64) -> BoundsCheck {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    let Some(t) = i.table_ptr(table) else {
        return BoundsCheck::OUT_OF_BOUNDS;
    };
    // SAFETY: the table is live and not resized during this call.
    let elems = unsafe { table::elements(t) };
    match in_range(dst, len, elems.len() as u64).and_then(|r| elems.get_mut(r)) {
        Some(s) => {
            s.fill(val as usize);
            BoundsCheck::IN_BOUNDS
        }
        None => BoundsCheck::OUT_OF_BOUNDS,
    }
}

/// `start..start + len` as indices, if it ends within `limit`.
fn in_range(start: u64, len: u64, limit: u64) -> Option<std::ops::Range<usize>> {
    let end = start.checked_add(len).filter(|&e| e <= limit)?;
    Some(start as usize..end as usize)
}

/// `table.copy` (ranges may overlap when the tables are the same).
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
pub unsafe fn table_copy(
    vmctx: *mut u8,
    dst_table: u32,
    src_table: u32,
    dst: u64,
    src: u64,
    len: u64,
) -> BoundsCheck {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    let (Some(d), Some(s)) = (i.table_ptr(dst_table), i.table_ptr(src_table)) else {
        return BoundsCheck::OUT_OF_BOUNDS;
    };
    // SAFETY: both tables are live.
    let (dlen, slen) = unsafe { ((*d).length, (*s).length) };
    let (Some(to), Some(from)) = (in_range(dst, len, dlen), in_range(src, len, slen)) else {
        return BoundsCheck::OUT_OF_BOUNDS;
    };
    // SAFETY: both ranges are in bounds; `copy` allows overlap (same table).
    unsafe { std::ptr::copy((*s).base.add(from.start), (*d).base.add(to.start), to.len()) };
    BoundsCheck::IN_BOUNDS
}

/// `table.init`.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
pub unsafe fn table_init(
    vmctx: *mut u8,
    table: u32,
    seg: u32,
    dst: u64,
    src: u32,
    len: u32,
) -> BoundsCheck {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    BoundsCheck::from_ok(i.table_init(table, seg, dst, src.into(), len))
}

/// `elem.drop`.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
pub unsafe fn elem_drop(vmctx: *mut u8, seg: u32) {
    // SAFETY: see function contract.
    unsafe { inst(vmctx) }.drop_elem(seg)
}

/// Host address of `addr..addr+size` in memory `mem`, after checking alignment and bounds, in
/// that order (compiled code checks both already; this keeps the runtime sound regardless).
fn atomic_addr(i: &Instance, mem: u32, addr: u64, size: u64) -> usize {
    let Some(m) = i.memory(mem) else {
        traps::on_trap(Trap::MemoryOutOfBounds, 0, 0)
    };
    if !addr.is_multiple_of(size) {
        traps::on_trap(Trap::UnalignedAtomic, 0, 0);
    }
    if addr.checked_add(size).is_none_or(|e| e > m.len()) {
        traps::on_trap(Trap::MemoryOutOfBounds, 0, 0);
    }
    m.base() as usize + addr as usize
}

/// `memory.atomic.wait32`: 0 woken, 1 not equal, 2 timed out (`timeout_ns < 0`: forever).
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
pub unsafe fn atomic_wait32(
    vmctx: *mut u8,
    mem: u32,
    addr: u64,
    expected: u32,
    timeout_ns: i64,
) -> u32 {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    let p = atomic_addr(i, mem, addr, 4);
    // SAFETY: p is in bounds and 4-aligned in a live memory.
    unsafe {
        i.runtime()
            .parking()
            .wait32(p as *const u32, expected, timeout_ns) as u32
    }
}

/// `memory.atomic.wait64`: 0 woken, 1 not equal, 2 timed out (`timeout_ns < 0`: forever).
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
pub unsafe fn atomic_wait64(
    vmctx: *mut u8,
    mem: u32,
    addr: u64,
    expected: u64,
    timeout_ns: i64,
) -> u32 {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    let p = atomic_addr(i, mem, addr, 8);
    // SAFETY: p is in bounds and 8-aligned in a live memory.
    unsafe {
        i.runtime()
            .parking()
            .wait64(p as *const u64, expected, timeout_ns) as u32
    }
}

/// `memory.atomic.notify`: number of waiters woken.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
pub unsafe fn atomic_notify(vmctx: *mut u8, mem: u32, addr: u64, count: u32) -> u32 {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    let p = atomic_addr(i, mem, addr, 4);
    i.runtime().parking().notify(p, count)
}
