//! Linear memories: one mmap reservation per memory that never moves.
//!
//! Invariants: a [`Memory`] reserves `MEMORY32_RESERVATION` bytes of address space with
//! `PROT_NONE` + `MAP_NORESERVE` and makes only the first `length` bytes read/write, so every
//! access past the current length faults on an inaccessible page (a wasm trap). `base` is fixed
//! for the memory's lifetime; `length` only grows, under `grow_lock`, and is published with
//! `SeqCst` after the pages are accessible. The [`VMMemoryDefinition`] is boxed so its address is
//! stable: every instance (thread) using the memory points at the same definition. A memory
//! whose address compiled code has built in ([`Memory::new_at`]) is reserved exactly there.
//!
//! A memory knows nothing of instances: [`crate::instance`] uses this module, never the
//! reverse (what a host function needs from a vmctx is [`crate::instance::guest_memory0`]).

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use wasm2native_abi::meta::MemoryType;
use wasm2native_abi::vmctx::{VMMemory, VMMemoryDefinition};
use wasm2native_abi::{MEMORY32_RESERVATION, WASM_PAGE_SIZE};

/// Maximum pages of any memory (4 GiB): the reservation holds no more.
pub const MAX_PAGES: u64 = 65536;

/// A linear memory, shared (through `Arc`) by every instance that uses it.
#[derive(Debug)]
pub struct Memory {
    def: Box<VMMemoryDefinition>,
    ty: MemoryType,
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
        if ty.min > MAX_PAGES || ty.max.is_some_and(|m| m < ty.min) {
            return Err(format!("memory of {} pages is too large", ty.min));
        }
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
                MEMORY32_RESERVATION as usize,
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
        if let Some(a) = at.filter(|&a| base as u64 != a) {
            // SAFETY: unmapping the reservation just created, which nothing else uses.
            unsafe { libc::munmap(base, MEMORY32_RESERVATION as usize) };
            return Err(format!(
                "cannot reserve address space for linear memory at {a:#x}: the range is in use"
            ));
        }
        let bytes = ty.min * WASM_PAGE_SIZE;
        if bytes > 0 {
            // SAFETY: the range lies within the reservation just created.
            let rc =
                unsafe { libc::mprotect(base, bytes as usize, libc::PROT_READ | libc::PROT_WRITE) };
            if rc != 0 {
                // SAFETY: unmapping the reservation we own.
                unsafe { libc::munmap(base, MEMORY32_RESERVATION as usize) };
                return Err("cannot commit linear memory".into());
            }
        }
        Ok(Arc::new(Memory {
            def: Box::new(VMMemoryDefinition {
                base: base.cast(),
                length: bytes.into(),
            }),
            ty,
            grow_lock: Mutex::new(()),
        }))
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

    /// Current size in pages.
    pub fn pages(&self) -> u64 {
        self.len() / WASM_PAGE_SIZE
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
    /// `delta` pages (maximum, 4 GiB limit, or the kernel refusing).
    pub fn grow(&self, delta: u64) -> Option<u64> {
        let _guard = self.grow_lock.lock().unwrap_or_else(|e| e.into_inner());
        let old_bytes = self.len();
        let old = old_bytes / WASM_PAGE_SIZE;
        let new = old.checked_add(delta)?;
        let max = self.ty.max.unwrap_or(MAX_PAGES).min(MAX_PAGES);
        if new > max {
            return None;
        }
        if delta == 0 {
            return Some(old);
        }
        let new_bytes = new * WASM_PAGE_SIZE;
        // SAFETY: `old_bytes..new_bytes` lies within the reservation (new <= MAX_PAGES) and is
        // not yet accessible to anyone; making it read/write does not disturb other threads.
        let rc = unsafe {
            libc::mprotect(
                self.base().add(old_bytes as usize).cast(),
                (new_bytes - old_bytes) as usize,
                libc::PROT_READ | libc::PROT_WRITE,
            )
        };
        if rc != 0 {
            return None;
        }
        self.def.length.store(new_bytes, Ordering::SeqCst);
        Some(old)
    }
}

impl Drop for Memory {
    fn drop(&mut self) {
        // SAFETY: the reservation was created in `Memory::new` and nobody uses it any more
        // (the last `Arc` is gone).
        unsafe { libc::munmap(self.def.base.cast(), MEMORY32_RESERVATION as usize) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grow_respects_max() {
        let m = Memory::new(MemoryType {
            min: 1,
            max: Some(3),
            shared: false,
            memory64: false,
        })
        .unwrap();
        assert_eq!(m.len(), WASM_PAGE_SIZE);
        assert_eq!(m.grow(1), Some(1));
        assert_eq!(m.grow(2), None);
        assert_eq!(m.grow(1), Some(2));
        assert_eq!(m.grow(0), Some(3));
        // The new pages are accessible.
        // SAFETY: within the committed 3 pages.
        unsafe { *m.base().add(3 * WASM_PAGE_SIZE as usize - 1) = 7 };
        let big = Memory::new(MemoryType {
            min: 0,
            max: None,
            shared: true,
            memory64: false,
        })
        .unwrap();
        assert_eq!(big.grow(MAX_PAGES + 1), None);
    }

    #[test]
    fn new_at_reserves_exactly_there_or_fails() {
        // Not FIXED_MEMORY_BASE: this test process is not an executable, and the address only
        // has to be free here.
        let at = 0x3_0000_0000;
        let ty = MemoryType {
            min: 1,
            max: None,
            shared: false,
            memory64: false,
        };
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
