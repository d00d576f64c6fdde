//! Process-level calls: `proc_exit`, `proc_raise`, `random_get`, `sched_yield` and the
//! socket calls wasmtime does not support either (`sock_*`). Same in both snapshots.

use super::errno::{Errno, WasiResult};
use super::{with_mem, HostCx};

/// Ends the whole process (all threads) with status `code`, without running destructors —
/// unless another thread has already decided the outcome (`crate::outcome`): then this thread
/// waits for the end. Statuses outside `0..126` are an error, as in wasmtime 49: a message and
/// status 1.
pub fn proc_exit(_cx: HostCx, code: i32) -> ! {
    crate::outcome::claim();
    let code = if (0..126).contains(&code) {
        code
    } else {
        let msg = b"error: exit with invalid exit status outside of [0..126)\n";
        // SAFETY: writes a static buffer to stderr.
        unsafe { libc::write(2, msg.as_ptr().cast(), msg.len()) };
        1
    };
    crate::outcome::exit_claimed(code)
}

/// Unsupported, as in wasmtime.
pub fn proc_raise(_cx: HostCx, _sig: i32) -> i32 {
    i32::from(Errno::NOTSUP.0)
}

pub fn sched_yield(_cx: HostCx) -> i32 {
    std::thread::yield_now();
    0
}

/// Fills `buf` with `getrandom` bytes.
fn fill_random(buf: &mut [u8]) -> WasiResult<()> {
    let mut done = 0;
    while done < buf.len() {
        // SAFETY: the pointer/length describe the unfilled tail of `buf`.
        // A raw system call: the standard library declares `getrandom` weak, and in the
        // link-time-optimised runtime a weak declaration would resolve to null statically.
        let n = unsafe {
            libc::syscall(
                libc::SYS_getrandom,
                buf[done..].as_mut_ptr() as *mut libc::c_void,
                buf.len() - done,
                0,
            )
        };
        if n < 0 {
            let e = Errno::last();
            if e == Errno::INTR {
                continue;
            }
            return Err(e);
        }
        done += n as usize;
    }
    Ok(())
}

pub fn random_get(cx: HostCx, buf: i32, len: i32) -> i32 {
    with_mem(cx, |m| {
        if len == 0 {
            // Nothing to copy: never a fault, as in wasmtime.
            return Ok(());
        }
        m.check(buf as u32, len as u32)?;
        let mut chunk = vec![0u8; (len as u32).min(1 << 16) as usize];
        let mut at = 0u32;
        while at < len as u32 {
            let n = (len as u32 - at).min(chunk.len() as u32);
            fill_random(&mut chunk[..n as usize])?;
            m.write(buf as u32 + at, &chunk[..n as usize])?;
            at += n;
        }
        Ok(())
    })
}

/// Sockets are not supported: a valid fd gives `NOTSOCK`, an invalid one `BADF` (wasmtime).
fn not_a_socket(cx: HostCx, fd: i32) -> i32 {
    match cx.wasi().entry(fd as u32) {
        Ok(_) => i32::from(Errno::NOTSOCK.0),
        Err(e) => i32::from(e.0),
    }
}

pub fn sock_accept(cx: HostCx, fd: i32, _flags: i32, _out: i32) -> i32 {
    not_a_socket(cx, fd)
}

pub fn sock_recv(
    cx: HostCx,
    fd: i32,
    _iovs: i32,
    _iovs_len: i32,
    _flags: i32,
    _nread: i32,
    _oflags: i32,
) -> i32 {
    not_a_socket(cx, fd)
}

pub fn sock_send(
    cx: HostCx,
    fd: i32,
    _iovs: i32,
    _iovs_len: i32,
    _flags: i32,
    _nwritten: i32,
) -> i32 {
    not_a_socket(cx, fd)
}

pub fn sock_shutdown(cx: HostCx, fd: i32, _how: i32) -> i32 {
    not_a_socket(cx, fd)
}

#[cfg(test)]
mod tests {
    use super::super::memory::tests::FakeInstance;
    use super::*;

    #[test]
    fn random_fills_and_checks_bounds() {
        let mut f = FakeInstance::new(1 << 17);
        let v = f.cx();
        assert_eq!(random_get(v, 16, 100_000), 0);
        assert!(f.mem[16..100_016].iter().any(|&b| b != 0));
        assert_eq!(f.mem[100_016..].iter().filter(|&&b| b != 0).count(), 0);
        assert_eq!(random_get(v, 1 << 17, 1), 21);
        assert_eq!(random_get(v, u32::MAX as i32, 0), 0);
        assert_eq!(random_get(v, 0, 0), 0);
    }

    #[test]
    fn unsupported_calls() {
        let cx = FakeInstance::new(16).cx();
        assert_eq!(sched_yield(cx), 0);
        assert_eq!(proc_raise(cx, 2), 58);
        assert_eq!(sock_shutdown(cx, 1, 0), 57);
        assert_eq!(sock_accept(cx, 99, 0, 0), 8);
    }
}
