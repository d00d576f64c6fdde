//! Table storage: the element arrays `VMTable::base` points to.
//!
//! Invariants: every table's elements live in a `malloc` block laid out as
//! `[max: u64][elements: usize; length]`, and `VMTable::base` points at the first element.
//! Keeping the maximum in the block lets any instance grow a table it merely imports (it only
//! holds a `*mut VMTable`). The block is never null, even for an empty table. Growth reallocates
//! and updates `base`/`length` in the one `VMTable` every importer points to.

use wasm2native_abi::meta::TableType;
use wasm2native_abi::vmctx::VMTable;

/// Largest number of elements a table may have (as wasmtime's default limit): beyond that
/// `table.grow` fails rather than exhausting host memory.
pub const MAX_ELEMENTS: u64 = 10_000_000;

const HEADER: usize = std::mem::size_of::<u64>();

/// Allocates a table of `ty.min` elements all equal to `init`.
pub fn new_table(ty: &TableType, init: usize) -> Result<VMTable, String> {
    if ty.min > MAX_ELEMENTS {
        return Err(format!("table of {} elements is too large", ty.min));
    }
    // The declared maximum (u64::MAX for none); growth is further capped at MAX_ELEMENTS.
    let max = ty.max.unwrap_or(u64::MAX);
    let len = ty.min as usize;
    // SAFETY: plain allocation; the size cannot overflow (len <= MAX_ELEMENTS).
    let block = unsafe { libc::malloc(HEADER + len * std::mem::size_of::<usize>()) };
    if block.is_null() {
        return Err("out of memory allocating a table".into());
    }
    // SAFETY: the block holds the header plus `len` elements.
    unsafe {
        *(block as *mut u64) = max;
        let base = (block as *mut u8).add(HEADER) as *mut usize;
        for i in 0..len {
            *base.add(i) = init;
        }
        Ok(VMTable {
            base,
            length: len as u64,
        })
    }
}

/// The maximum size the table was declared with (what import matching compares).
///
/// # Safety
/// `t` must point at a table created by [`new_table`] and not freed.
pub unsafe fn declared_max(t: *const VMTable) -> Option<u64> {
    // SAFETY: per the contract, `base` is preceded by the header word.
    let max = unsafe { *((*t).base as *const u8).sub(HEADER).cast::<u64>() };
    (max != u64::MAX).then_some(max)
}

/// `table.grow`: returns the old length, or `None` if the table cannot grow by `delta`.
///
/// # Safety
/// `t` must have been created by [`new_table`] and not freed.
pub unsafe fn grow(t: &mut VMTable, delta: u64, init: usize) -> Option<u64> {
    // SAFETY: per the contract, `base` is preceded by the header word.
    let block = unsafe { (t.base as *mut u8).sub(HEADER) };
    // SAFETY: see above.
    let max = unsafe { *(block as *const u64) };
    let old = t.length;
    let new = old.checked_add(delta)?;
    if new > max || new > MAX_ELEMENTS {
        return None;
    }
    if delta == 0 {
        return Some(old);
    }
    // SAFETY: `block` came from malloc; the new size cannot overflow (new <= MAX_ELEMENTS).
    let nb = unsafe { libc::realloc(block.cast(), HEADER + new as usize * 8) };
    if nb.is_null() {
        return None;
    }
    // SAFETY: the reallocated block holds `new` elements after the header.
    unsafe {
        let base = (nb as *mut u8).add(HEADER) as *mut usize;
        for i in old as usize..new as usize {
            *base.add(i) = init;
        }
        t.base = base;
    }
    t.length = new;
    Some(old)
}

/// Frees a table's storage.
///
/// # Safety
/// `t` must have been created by [`new_table`], not freed before, and unused afterwards.
pub unsafe fn free(t: &mut VMTable) {
    // SAFETY: per the contract the block starts one header before `base`.
    unsafe { libc::free((t.base as *mut u8).sub(HEADER).cast()) };
    t.base = std::ptr::null_mut();
    t.length = 0;
}

/// The elements of a table as a slice.
///
/// # Safety
/// `t` must be live and nobody may resize it while the slice is in use.
pub unsafe fn elements<'a>(t: *mut VMTable) -> &'a mut [usize] {
    // SAFETY: base points at `length` initialised elements.
    unsafe { std::slice::from_raw_parts_mut((*t).base, (*t).length as usize) }
}

/// A table owned by the embedder (e.g. the spec runner's `spectest.table`), not by an instance.
pub struct HostTable {
    vm: Box<VMTable>,
}

impl HostTable {
    pub fn new(ty: &TableType, init: usize) -> Result<HostTable, String> {
        Ok(HostTable {
            vm: Box::new(new_table(ty, init)?),
        })
    }

    /// The pointer to hand to importers ([`crate::Extern::Table`]).
    pub fn as_ptr(&mut self) -> *mut VMTable {
        &mut *self.vm
    }
}

impl Drop for HostTable {
    fn drop(&mut self) {
        // SAFETY: created by new_table, freed once here.
        unsafe { free(&mut self.vm) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm2native_abi::meta::RefType;

    #[test]
    fn grow_and_max() {
        let ty = TableType {
            elem: RefType::FUNCREF,
            min: 2,
            max: Some(5),
            table64: false,
        };
        let mut t = new_table(&ty, 9).unwrap();
        // SAFETY: t is live throughout.
        unsafe {
            assert_eq!(elements(&mut t), &[9, 9]);
            assert_eq!(grow(&mut t, 2, 1), Some(2));
            assert_eq!(elements(&mut t), &[9, 9, 1, 1]);
            assert_eq!(grow(&mut t, 2, 1), None);
            assert_eq!(grow(&mut t, 0, 1), Some(4));
            free(&mut t);
        }
        let ty0 = TableType {
            elem: RefType::EXTERNREF,
            min: 0,
            max: None,
            table64: false,
        };
        let mut h = HostTable::new(&ty0, 0).unwrap();
        // SAFETY: live host table.
        unsafe { assert_eq!(grow(&mut *h.as_ptr(), u64::from(u32::MAX), 0), None) };
    }
}
