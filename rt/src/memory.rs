//! Linear memories: one mmap reservation per memory that never moves.
//!
//! Invariants: a [`Memory`] reserves address space with `PROT_NONE` + `MAP_NORESERVE` — a
//! 32-bit memory `MEMORY32_RESERVATION` bytes, a 64-bit one its largest size (at most
//! `MEMORY64_MAX_BYTES`) plus `MEMORY64_GUARD` — and makes only the host pages holding its first
//! `length` bytes read/write, so an access past them faults on an inaccessible page (a wasm
//! trap). Memories whose length need not be a multiple of the host page (custom page sizes)
//! and 64-bit ones are bounds-checked by compiled code as well (see
//! `MemoryType::explicit_bounds_checks`); the bytes between their length and the end of its
//! host page stay zero, since nothing can write them. `base` is fixed for the memory's
//! lifetime; `length` only grows, under `grow_lock`, and is published with `SeqCst` after the
//! pages are accessible. The [`VMMemoryDefinition`] is boxed so its address is stable: every
//! instance (thread) using the memory points at the same definition. A memory whose address
//! compiled code has built in ([`Memory::new_at`]) is reserved exactly there.
//!
//! A memory knows nothing of instances: [`crate::instance`] uses this module, never the
//! reverse (what a host function needs from a vmctx is [`crate::instance::guest_memory0`]).

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use wasm2native_abi::meta::MemoryType;
use wasm2native_abi::vmctx::{VMMemory, VMMemoryDefinition};
use wasm2native_abi::{MEMORY32_RESERVATION, MEMORY64_GUARD, MEMORY64_MAX_BYTES};

/// The host's page size (x86_64 Linux): the granularity of `mprotect`.
const HOST_PAGE: u64 = 4096;

/// The most pages a memory of type `ty` may have: its index type's limit (`memory.size` must
/// fit, and with 32-bit byte pages -1 stays free for `memory.grow`'s failure), capped by what
/// its reservation holds.
pub fn max_pages(ty: &MemoryType) -> u64 {
    let log2 = u32::from(ty.page_size_log2);
    let (index_limit, reservable) = if ty.memory64 {
        (u64::MAX >> log2, MEMORY64_MAX_BYTES >> log2)
    } else {
        ((1u64 << 32 >> log2).min(u64::from(u32::MAX)), u64::MAX)
    };
    let declared = ty.max.unwrap_or(u64::MAX);
    declared.min(index_limit).min(reservable)
}

/// Bytes of address space reserved for a memory of type `ty`.
fn reservation(ty: &MemoryType) -> u64 {
    if ty.memory64 {
        let largest = max_pages(ty) << ty.page_size_log2;
        largest.next_multiple_of(HOST_PAGE) + MEMORY64_GUARD
    } else {
        MEMORY32_RESERVATION
    }
}

/// A linear memory, shared (through `Arc`) by every instance that uses it.
#[derive(Debug)]
pub struct Memory {
    def: Box<VMMemoryDefinition>,
    ty: MemoryType,
    /// Bytes of address space reserved at `base`.
    reserved: u64,
    grow_lock: Mutex<()>,
}

// SAFETY: the raw pointers inside point to the memory's own mapping, whose lifetime is tied to
// this value; the length is atomic and growth is serialised by `grow_lock`.
unsafe impl Send for Memory {}
// SAFETY: see above; all mutation goes through atomics or the mutex.
unsafe impl Sync for Memory {}

impl Memory {
    /// Reserves and commits a memory of type `ty` (initial size `ty.min` pages) wherever the
    /// kernel places it.
    pub fn new(ty: MemoryType) -> Result<Arc<Memory>, String> {
        Self::reserve(ty, None)
    }

    /// Like [`Memory::new`], but reserved at address `at` (for code that has the address built
    /// in); fails if any of the range is in use.
    pub fn new_at(ty: MemoryType, at: u64) -> Result<Arc<Memory>, String> {
        Self::reserve(ty, Some(at))
    }

    fn reserve(ty: MemoryType, at: Option<u64>) -> Result<Arc<Memory>, String> {
        if ty.min > max_pages(&ty) || ty.max.is_some_and(|m| m < ty.min) {
            return Err(format!("memory of {} pages is too large", ty.min));
        }
        let reserved = reservation(&ty);
        // Kernels before 4.17 ignore MAP_FIXED_NOREPLACE and take `at` as a hint: the address
        // is checked below either way.
        let (hint, fixed) = match at {
            Some(a) => (a as *mut libc::c_void, libc::MAP_FIXED_NOREPLACE),
            None => (std::ptr::null_mut(), 0),
        };
        // SAFETY: anonymous private mapping of fresh address space; MAP_FIXED_NOREPLACE never
        // replaces an existing mapping.
        let base = unsafe {
            libc::mmap(
                hint,
                reserved as usize,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | fixed,
                -1,
                0,
            )
        };
        if base == libc::MAP_FAILED {
            return Err(match at {
                Some(a) => format!(
                    "cannot reserve address space for linear memory at {a:#x}: {}",
                    std::io::Error::last_os_error()
                ),
                None => "cannot reserve address space for linear memory".into(),
            });
        }
        let memory = Memory {
            def: Box::new(VMMemoryDefinition {
                base: base.cast(),
                length: 0.into(),
            }),
            ty,
            reserved,
            grow_lock: Mutex::new(()),
        };
        if let Some(a) = at.filter(|&a| base as u64 != a) {
            return Err(format!(
                "cannot reserve address space for linear memory at {a:#x}: the range is in use"
            ));
        }
        if memory.grow(ty.min).is_none() {
            return Err("cannot commit linear memory".into());
        }
        Ok(Arc::new(memory))
    }

    pub fn ty(&self) -> MemoryType {
        self.ty
    }

    pub fn base(&self) -> *mut u8 {
        self.def.base
    }

    /// Current length in bytes.
    pub fn len(&self) -> u64 {
        self.def.length.load(Ordering::SeqCst)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Current size in pages (of the memory's page size).
    pub fn pages(&self) -> u64 {
        self.len() >> self.ty.page_size_log2
    }

    /// The shared definition compiled code reads the length from.
    pub fn definition(&self) -> *mut VMMemoryDefinition {
        &*self.def as *const VMMemoryDefinition as *mut VMMemoryDefinition
    }

    /// What an instance stores in its vmctx for this memory.
    pub fn vm_memory(&self) -> VMMemory {
        VMMemory {
            base: self.base(),
            def: self.definition(),
        }
    }

    /// `memory.grow`: returns the old size in pages, or `None` if the memory cannot grow by
    /// `delta` pages (its maximum, its index type's limit, its reservation, or the kernel
    /// refusing).
    pub fn grow(&self, delta: u64) -> Option<u64> {
        let _guard = self.grow_lock.lock().unwrap_or_else(|e| e.into_inner());
        let old_bytes = self.len();
        let old = self.pages();
        let new = old.checked_add(delta)?;
        if new > max_pages(&self.ty) {
            return None;
        }
        if delta == 0 {
            return Some(old);
        }
        let new_bytes = new << self.ty.page_size_log2;
        // Host pages: the one holding the old end is accessible already.
        let (from, to) = (
            old_bytes.next_multiple_of(HOST_PAGE),
            new_bytes.next_multiple_of(HOST_PAGE),
        );
        if to > from {
            // SAFETY: `from..to` lies within the reservation (new <= max_pages) and is not yet
            // accessible to anyone; making it read/write does not disturb other threads.
            let rc = unsafe {
                libc::mprotect(
                    self.base().add(from as usize).cast(),
                    (to - from) as usize,
                    libc::PROT_READ | libc::PROT_WRITE,
                )
            };
            if rc != 0 {
                return None;
            }
        }
        self.def.length.store(new_bytes, Ordering::SeqCst);
        Some(old)
    }
}

impl Drop for Memory {
    fn drop(&mut self) {
        // SAFETY: the reservation was created in `Memory::new` and nobody uses it any more
        // (the last `Arc` is gone).
        unsafe { libc::munmap(self.def.base.cast(), self.reserved as usize) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm2native_abi::WASM_PAGE_SIZE;

    #[test]
    fn grow_respects_max() {
        let m = Memory::new(MemoryType::new(1, Some(3), false, false)).unwrap();
        assert_eq!(m.len(), WASM_PAGE_SIZE);
        assert_eq!(m.grow(1), Some(1));
        assert_eq!(m.grow(2), None);
        assert_eq!(m.grow(1), Some(2));
        assert_eq!(m.grow(0), Some(3));
        // The new pages are accessible.
        // SAFETY: within the committed 3 pages.
        unsafe { *m.base().add(3 * WASM_PAGE_SIZE as usize - 1) = 7 };
        let big = Memory::new(MemoryType::new(0, None, true, false)).unwrap();
        assert_eq!(big.grow(65537), None);
    }

    #[test]
    fn memory64_grows_up_to_its_reservation() {
        let m = Memory::new(MemoryType::new(1, None, false, true)).unwrap();
        let most = MEMORY64_MAX_BYTES / WASM_PAGE_SIZE;
        assert_eq!(max_pages(&m.ty()), most);
        assert_eq!(m.grow(most), None);
        assert_eq!(m.grow(u64::MAX), None);
        assert_eq!(m.grow(most - 1), Some(1));
        assert_eq!(m.len(), MEMORY64_MAX_BYTES);
        // SAFETY: the last byte of the committed memory.
        unsafe { *m.base().add(MEMORY64_MAX_BYTES as usize - 1) = 7 };
        let small = MemoryType::new(0, Some(3), false, true);
        assert_eq!(reservation(&small), 3 * WASM_PAGE_SIZE + MEMORY64_GUARD);
    }

    #[test]
    fn byte_pages_grow_by_bytes() {
        let ty = MemoryType {
            page_size_log2: 0,
            ..MemoryType::new(3, None, false, false)
        };
        assert_eq!(max_pages(&ty), u64::from(u32::MAX));
        let m = Memory::new(ty).unwrap();
        assert_eq!((m.len(), m.pages()), (3, 3));
        assert_eq!(m.grow(5000), Some(3));
        assert_eq!(m.pages(), 5003);
        // SAFETY: the last byte of the committed memory.
        unsafe { *m.base().add(5002) = 7 };
        assert_eq!(m.grow(u64::from(u32::MAX)), None);
    }

    #[test]
    fn new_at_reserves_exactly_there_or_fails() {
        // Not FIXED_MEMORY_BASE: this test process is not an executable, and the address only
        // has to be free here.
        let at = 0x3_0000_0000;
        let ty = MemoryType::new(1, None, false, false);
        let m = Memory::new_at(ty, at).unwrap();
        assert_eq!(m.base() as u64, at);
        // SAFETY: within the committed page.
        unsafe { *m.base().add(WASM_PAGE_SIZE as usize - 1) = 7 };
        let taken = Memory::new_at(ty, at + WASM_PAGE_SIZE).unwrap_err();
        assert!(taken.contains("at 0x300010000"), "{taken}");
        drop(m);
        // Released with the memory: the address can be reserved again.
        assert_eq!(Memory::new_at(ty, at).unwrap().base() as u64, at);
    }
}
