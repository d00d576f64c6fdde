//! `args_*` and `environ_*`: the argument and environment vectors, written as the WASI ABI
//! wants them (a pointer array plus NUL-terminated strings in one buffer). Identical in both
//! snapshots.

use super::errno::WasiResult;
use super::memory::GuestMem;
use super::{with_mem, HostCx};

/// Writes `items` as pointers at `ptrs` and NUL-terminated strings from `buf` on.
fn write_vec(mem: &GuestMem, items: &[Vec<u8>], ptrs: u32, buf: u32) -> WasiResult<()> {
    let (count, size) = sizes(items);
    mem.check(ptrs, count.wrapping_mul(4))?;
    mem.check(buf, size)?;
    let mut at = buf;
    for (i, item) in items.iter().enumerate() {
        mem.write_u32(ptrs + 4 * i as u32, at)?;
        let mut s = item.clone();
        s.push(0);
        mem.write(at, &s)?;
        at += s.len() as u32;
    }
    Ok(())
}

/// Number of items and total bytes of their NUL-terminated strings.
fn sizes(items: &[Vec<u8>]) -> (u32, u32) {
    let size: usize = items.iter().map(|a| a.len() + 1).sum();
    (items.len() as u32, size as u32)
}

fn write_sizes(mem: &GuestMem, items: &[Vec<u8>], count_ptr: u32, size_ptr: u32) -> WasiResult<()> {
    let (count, size) = sizes(items);
    mem.write_u32(count_ptr, count)?;
    mem.write_u32(size_ptr, size)
}

pub fn args_get(cx: HostCx, argv: i32, argv_buf: i32) -> i32 {
    with_mem(cx, |m| {
        write_vec(m, &m.wasi().args, argv as u32, argv_buf as u32)
    })
}

pub fn args_sizes_get(cx: HostCx, argc: i32, size: i32) -> i32 {
    with_mem(cx, |m| {
        write_sizes(m, &m.wasi().args, argc as u32, size as u32)
    })
}

pub fn environ_get(cx: HostCx, environ: i32, buf: i32) -> i32 {
    with_mem(cx, |m| {
        write_vec(m, &m.wasi().env, environ as u32, buf as u32)
    })
}

pub fn environ_sizes_get(cx: HostCx, count: i32, size: i32) -> i32 {
    with_mem(cx, |m| {
        write_sizes(m, &m.wasi().env, count as u32, size as u32)
    })
}

#[cfg(test)]
mod tests {
    use super::super::memory::tests::FakeInstance;
    use super::super::testutil::{setup, ARGS};
    use super::*;

    #[test]
    fn args_are_encoded() {
        setup();
        let mut f = FakeInstance::new(256);
        let v = f.cx();
        assert_eq!(args_sizes_get(v, 0, 4), 0);
        assert_eq!(f.u32_at(0), 3);
        let total: usize = ARGS.iter().map(|a| a.len() + 1).sum();
        assert_eq!(f.u32_at(4) as usize, total);
        assert_eq!(args_get(v, 16, 64), 0);
        assert_eq!(f.u32_at(16), 64);
        assert_eq!(f.u32_at(20), 69);
        assert_eq!(f.u32_at(24), 71);
        assert_eq!(&f.mem[64..64 + total], "prog\0a\0bé\0".as_bytes());
    }

    #[test]
    fn environ_is_encoded() {
        setup();
        let mut f = FakeInstance::new(256);
        let v = f.cx();
        assert_eq!(environ_sizes_get(v, 0, 4), 0);
        assert_eq!((f.u32_at(0), f.u32_at(4)), (2, 10));
        assert_eq!(environ_get(v, 16, 64), 0);
        assert_eq!((f.u32_at(16), f.u32_at(20)), (64, 68));
        assert_eq!(&f.mem[64..74], b"A=1\0B=two\0");
    }

    #[test]
    fn out_of_bounds_is_fault() {
        setup();
        let mut f = FakeInstance::new(64);
        let v = f.cx();
        assert_eq!(args_get(v, 0, 60), 21);
        assert_eq!(args_get(v, 62, 0), 21);
        assert_eq!(args_sizes_get(v, 0, 61), 21);
        assert_eq!(environ_get(v, -4, 0), 21);
    }
}
