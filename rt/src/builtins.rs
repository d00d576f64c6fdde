//! The `__w2n_builtin_*` entry points compiled code calls (one per `abi::symbols::Builtin`).
//!
//! Invariants: every builtin takes the calling instance's vmctx first and never panics or
//! unwinds; operations that can go out of bounds return 1 on success and 0 on out-of-bounds
//! and leave the trap to the compiled caller (bounds are checked before anything is written,
//! as the bulk-memory proposal specifies). Integer parameters declared `I32` in the contract
//! are `u32` here (wasm i32 reinterpreted), `I64` are `u64`/`i64`.

use wasm2native_abi::trap::Trap;

use crate::instance::Instance;
use crate::{parking, table, traps};

/// # Safety
/// `vmctx` must be the live vmctx of the calling instance.
unsafe fn inst<'a>(vmctx: *mut u8) -> &'a Instance {
    // SAFETY: forwarded from the builtin's caller (compiled code passes its own vmctx).
    unsafe { Instance::from_vmctx(vmctx) }
}

fn ok(b: bool) -> u32 {
    b as u32
}

/// `memory.grow`: old size in pages, or -1.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
#[no_mangle]
pub unsafe extern "C" fn __w2n_builtin_memory_grow(vmctx: *mut u8, mem: u32, delta: u64) -> i64 {
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
#[no_mangle]
pub unsafe extern "C" fn __w2n_builtin_memory_fill(
    vmctx: *mut u8,
    mem: u32,
    dst: u64,
    byte: u32,
    len: u64,
) -> u32 {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    let Some(m) = i.memory(mem) else { return 0 };
    if dst.checked_add(len).is_none_or(|e| e > m.len()) {
        return 0;
    }
    // SAFETY: dst..dst+len is within the accessible part of the memory.
    unsafe { std::ptr::write_bytes(m.base().add(dst as usize), byte as u8, len as usize) };
    1
}

/// `memory.copy` (ranges may overlap).
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
#[no_mangle]
pub unsafe extern "C" fn __w2n_builtin_memory_copy(
    vmctx: *mut u8,
    dst_mem: u32,
    dst: u64,
    src_mem: u32,
    src: u64,
    len: u64,
) -> u32 {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    let (Some(d), Some(s)) = (i.memory(dst_mem), i.memory(src_mem)) else {
        return 0;
    };
    if dst.checked_add(len).is_none_or(|e| e > d.len())
        || src.checked_add(len).is_none_or(|e| e > s.len())
    {
        return 0;
    }
    // SAFETY: both ranges are within their memories' accessible parts; `copy` allows overlap.
    unsafe {
        std::ptr::copy(
            s.base().add(src as usize),
            d.base().add(dst as usize),
            len as usize,
        )
    };
    1
}

/// `memory.init`.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
#[no_mangle]
pub unsafe extern "C" fn __w2n_builtin_memory_init(
    vmctx: *mut u8,
    mem: u32,
    seg: u32,
    dst: u64,
    src: u32,
    len: u32,
) -> u32 {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    ok(i.memory_init(mem, seg, dst, src.into(), len.into()))
}

/// `data.drop`.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
#[no_mangle]
pub unsafe extern "C" fn __w2n_builtin_data_drop(vmctx: *mut u8, seg: u32) {
    // SAFETY: see function contract.
    unsafe { inst(vmctx) }.drop_data(seg)
}

/// `table.grow`: old size, or -1.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx; `init` a valid reference.
#[no_mangle]
pub unsafe extern "C" fn __w2n_builtin_table_grow(
    vmctx: *mut u8,
    table: u32,
    init: u64,
    delta: u32,
) -> i32 {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    let Some(t) = i.table_ptr(table) else {
        return -1;
    };
    // SAFETY: the table is live and created by `table::new_table`.
    match unsafe { table::grow(&mut *t, delta.into(), init as usize) } {
        Some(old) => old as i32,
        None => -1,
    }
}

/// `table.fill`.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx; `val` a valid reference.
#[no_mangle]
pub unsafe extern "C" fn __w2n_builtin_table_fill(
    vmctx: *mut u8,
    table: u32,
    dst: u32,
    val: u64,
    len: u32,
) -> u32 {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    let Some(t) = i.table_ptr(table) else {
        return 0;
    };
    // SAFETY: the table is live and not resized during this call.
    let elems = unsafe { table::elements(t) };
    let (dst, len) = (dst as usize, len as usize);
    match elems.get_mut(dst..dst.saturating_add(len)) {
        Some(s) if dst.checked_add(len).is_some() => {
            s.fill(val as usize);
            1
        }
        _ => 0,
    }
}

/// `table.copy` (ranges may overlap when the tables are the same).
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
#[no_mangle]
pub unsafe extern "C" fn __w2n_builtin_table_copy(
    vmctx: *mut u8,
    dst_table: u32,
    src_table: u32,
    dst: u32,
    src: u32,
    len: u32,
) -> u32 {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    let (Some(d), Some(s)) = (i.table_ptr(dst_table), i.table_ptr(src_table)) else {
        return 0;
    };
    let (dst, src, len) = (u64::from(dst), u64::from(src), u64::from(len));
    // SAFETY: both tables are live.
    let (dlen, slen) = unsafe { ((*d).length, (*s).length) };
    if dst + len > dlen || src + len > slen {
        return 0;
    }
    // SAFETY: both ranges are in bounds; `copy` allows overlap (same table).
    unsafe {
        std::ptr::copy(
            (*s).base.add(src as usize),
            (*d).base.add(dst as usize),
            len as usize,
        )
    };
    1
}

/// `table.init`.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
#[no_mangle]
pub unsafe extern "C" fn __w2n_builtin_table_init(
    vmctx: *mut u8,
    table: u32,
    seg: u32,
    dst: u32,
    src: u32,
    len: u32,
) -> u32 {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    ok(i.table_init(table, seg, dst.into(), src.into(), len))
}

/// `elem.drop`.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
#[no_mangle]
pub unsafe extern "C" fn __w2n_builtin_elem_drop(vmctx: *mut u8, seg: u32) {
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
#[no_mangle]
pub unsafe extern "C" fn __w2n_builtin_atomic_wait32(
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
    unsafe { parking::wait32(p as *const u32, expected, timeout_ns) as u32 }
}

/// `memory.atomic.wait64`: 0 woken, 1 not equal, 2 timed out (`timeout_ns < 0`: forever).
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
#[no_mangle]
pub unsafe extern "C" fn __w2n_builtin_atomic_wait64(
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
    unsafe { parking::wait64(p as *const u64, expected, timeout_ns) as u32 }
}

/// `memory.atomic.notify`: number of waiters woken.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
#[no_mangle]
pub unsafe extern "C" fn __w2n_builtin_atomic_notify(
    vmctx: *mut u8,
    mem: u32,
    addr: u64,
    count: u32,
) -> u32 {
    // SAFETY: see function contract.
    let i = unsafe { inst(vmctx) };
    let p = atomic_addr(i, mem, addr, 4);
    parking::notify(p, count)
}
