//! Bounds-checked access to the calling instance's linear memory (memory 0).
//!
//! Guest memory may be shared with other threads, so no Rust reference into it is ever
//! created: data is copied in and out with raw pointer copies. Every guest pointer and length
//! is checked against the memory's current length; anything out of range is `FAULT`.

use super::errno::{Errno, WasiResult};

/// Bytes of guest data (strings, iovec arrays, buffers, subscriptions) one host call may copy:
/// past this wasmtime 49 answers `NOMEM` (its per-call "hostcall fuel", 128 MiB), before it
/// checks the range against memory.
pub const CALL_FUEL: u64 = 128 << 20;

/// A snapshot of memory 0 of one instance, with the WASI context of its runtime. Memory only
/// grows, so a range valid at snapshot time stays valid for the rest of the host call.
#[derive(Debug)]
pub struct GuestMem {
    base: *mut u8,
    len: u64,
    /// What is left of [`CALL_FUEL`] in this host call.
    fuel: core::cell::Cell<u64>,
    wasi: &'static super::WasiCtx,
}

impl GuestMem {
    /// Memory `base..base+len` of the caller (`len` 0: every access faults), for one host call
    /// in the runtime whose WASI context is `wasi`.
    ///
    /// # Safety
    /// `base..base+len` must stay valid for reads and writes during the host call.
    pub unsafe fn new(base: *mut u8, len: u64, wasi: &'static super::WasiCtx) -> GuestMem {
        GuestMem {
            base,
            len,
            fuel: core::cell::Cell::new(CALL_FUEL),
            wasi,
        }
    }

    /// The WASI context of the caller's runtime.
    pub fn wasi(&self) -> &'static super::WasiCtx {
        self.wasi
    }

    /// Accounts for copying `bytes` bytes of guest data in this call: `NOMEM` once the call's
    /// fuel is spent, as wasmtime.
    pub fn consume_fuel(&self, bytes: u64) -> WasiResult<()> {
        let left = self.fuel.get();
        if bytes > left {
            return Err(Errno::NOMEM);
        }
        self.fuel.set(left - bytes);
        Ok(())
    }

    /// Host address of guest range `ptr..ptr+len`, if it lies inside memory.
    fn range(&self, ptr: u32, len: u64) -> WasiResult<*mut u8> {
        let end = u64::from(ptr).checked_add(len).ok_or(Errno::FAULT)?;
        if end > self.len {
            return Err(Errno::FAULT);
        }
        // SAFETY: `ptr + len <= self.len`, so the offset stays inside the memory.
        Ok(unsafe { self.base.add(ptr as usize) })
    }

    /// Copies `len` bytes at guest address `ptr` out of memory.
    pub fn read(&self, ptr: u32, len: u32) -> WasiResult<Vec<u8>> {
        let src = self.range(ptr, u64::from(len))?;
        let mut v = Vec::with_capacity(len as usize);
        // SAFETY: `src..src+len` is inside guest memory (checked) and `v` has capacity `len`;
        // guest memory never overlaps a fresh host allocation.
        unsafe {
            core::ptr::copy_nonoverlapping(src, v.as_mut_ptr(), len as usize);
            v.set_len(len as usize);
        }
        Ok(v)
    }

    /// Copies `data` into memory at guest address `ptr` (nothing to copy is never a fault,
    /// as in wasmtime).
    pub fn write(&self, ptr: u32, data: &[u8]) -> WasiResult<()> {
        if data.is_empty() {
            return Ok(());
        }
        let dst = self.range(ptr, data.len() as u64)?;
        // SAFETY: `dst..dst+len` is inside guest memory (checked); `data` is host memory.
        unsafe { core::ptr::copy_nonoverlapping(data.as_ptr(), dst, data.len()) };
        Ok(())
    }

    /// Writes the WASI struct `data` at `ptr` except its padding bytes `gaps` (`start..end`
    /// offsets, in order), which keep
    /// whatever the guest had there: wasmtime (wiggle) stores a struct field by field and
    /// never touches its padding. The whole struct must lie inside memory.
    pub fn write_struct(&self, ptr: u32, data: &[u8], gaps: &[(usize, usize)]) -> WasiResult<()> {
        self.check(ptr, data.len() as u32)?;
        let mut at = 0;
        for &(start, end) in gaps.iter().chain([&(data.len(), data.len())]) {
            self.write(ptr + at as u32, &data[at..start])?;
            at = end;
        }
        Ok(())
    }

    /// Checks that `ptr..ptr+len` is inside memory without touching it.
    pub fn check(&self, ptr: u32, len: u32) -> WasiResult<()> {
        self.range(ptr, u64::from(len)).map(|_| ())
    }

    pub fn read_u32(&self, ptr: u32) -> WasiResult<u32> {
        let b = self.read(ptr, 4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn read_u64(&self, ptr: u32) -> WasiResult<u64> {
        let b = self.read(ptr, 8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(&b);
        Ok(u64::from_le_bytes(a))
    }

    pub fn write_u8(&self, ptr: u32, v: u8) -> WasiResult<()> {
        self.write(ptr, &[v])
    }

    pub fn write_u16(&self, ptr: u32, v: u16) -> WasiResult<()> {
        self.write(ptr, &v.to_le_bytes())
    }

    pub fn write_u32(&self, ptr: u32, v: u32) -> WasiResult<()> {
        self.write(ptr, &v.to_le_bytes())
    }

    pub fn write_u64(&self, ptr: u32, v: u64) -> WasiResult<()> {
        self.write(ptr, &v.to_le_bytes())
    }

    /// Reads an array of `(buf, buf_len)` iovecs: `count` entries of 8 bytes at `ptr`.
    pub fn read_iovecs(&self, ptr: u32, count: u32) -> WasiResult<Vec<(u32, u32)>> {
        self.consume_fuel(u64::from(count) * 8)?;
        let bytes = self.read(ptr, count.checked_mul(8).ok_or(Errno::FAULT)?)?;
        let vecs: Vec<(u32, u32)> = bytes
            .chunks_exact(8)
            .map(|c| {
                (
                    u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    u32::from_le_bytes([c[4], c[5], c[6], c[7]]),
                )
            })
            .collect();
        Ok(vecs)
    }

    /// The first non-empty iovec of `ptr[..count]` (or an empty one): wasmtime 49 transfers
    /// only that one buffer per call. Its length is charged as fuel; its range is not checked.
    pub fn first_iovec(&self, ptr: u32, count: u32) -> WasiResult<(u32, u32)> {
        let first = self
            .read_iovecs(ptr, count)?
            .into_iter()
            .find(|&(_, len)| len != 0)
            .unwrap_or((0, 0));
        self.consume_fuel(u64::from(first.1))?;
        Ok(first)
    }

    /// Reads a guest string (path) as UTF-8 bytes; not NUL-terminated in WASI.
    pub fn read_str(&self, ptr: u32, len: u32) -> WasiResult<String> {
        self.consume_fuel(u64::from(len))?;
        String::from_utf8(self.read(ptr, len)?).map_err(|_| Errno::ILSEQ)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A fake caller: memory 0 is a host `Vec`, the WASI context the tests' own
    /// (`testutil::wasi`).
    pub struct FakeInstance {
        pub mem: Vec<u8>,
    }

    impl FakeInstance {
        pub fn new(size: usize) -> FakeInstance {
            FakeInstance {
                mem: vec![0u8; size],
            }
        }

        /// What a host function is called with for this caller.
        pub fn cx(&mut self) -> super::super::HostCx {
            let wasi = super::super::testutil::wasi();
            // SAFETY: the buffer outlives the host calls the tests make with it.
            unsafe {
                super::super::HostCx::over(self.mem.as_mut_ptr(), self.mem.len() as u64, wasi)
            }
        }

        pub fn u32_at(&self, at: usize) -> u32 {
            u32::from_le_bytes(self.mem[at..at + 4].try_into().unwrap())
        }

        pub fn u64_at(&self, at: usize) -> u64 {
            u64::from_le_bytes(self.mem[at..at + 8].try_into().unwrap())
        }

        pub fn put(&mut self, at: usize, bytes: &[u8]) {
            self.mem[at..at + bytes.len()].copy_from_slice(bytes);
        }

        /// Writes iovecs `(buf, len)` at `at`.
        pub fn put_iovecs(&mut self, at: usize, vecs: &[(u32, u32)]) {
            for (i, (b, l)) in vecs.iter().enumerate() {
                self.put(at + i * 8, &b.to_le_bytes());
                self.put(at + i * 8 + 4, &l.to_le_bytes());
            }
        }
    }

    #[test]
    fn bounds_are_checked() {
        let mut f = FakeInstance::new(64);
        let m = f.cx().mem();
        assert!(m.write_u32(60, 7).is_ok());
        assert_eq!(m.read_u32(60), Ok(7));
        assert_eq!(m.write_u32(61, 7), Err(Errno::FAULT));
        assert_eq!(m.read(u32::MAX, 2), Err(Errno::FAULT));
        assert_eq!(m.read(64, 0), Ok(vec![]));
        assert_eq!(m.read(65, 0), Err(Errno::FAULT));
        assert_eq!(f.u32_at(60), 7);
        // SAFETY: an empty memory has nothing to keep valid.
        let empty = unsafe { GuestMem::new(core::ptr::null_mut(), 0, m.wasi()) };
        assert_eq!(empty.read(0, 1), Err(Errno::FAULT));
    }
}
