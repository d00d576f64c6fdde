//! `fd_*` host functions: reading, writing, seeking, status and flags of open descriptors.
//!
//! Data is staged through host buffers (guest memory may be shared), at most
//! [`MAX_CHUNK`] bytes per call; a shorter transfer is reported to the guest, which loops as
//! POSIX programs do. Writes to stdio and files write everything they are given (retrying
//! after short or would-block writes), as wasmtime does.

use super::errno::{check, Errno, WasiResult};
use super::fdtable::{filetype, rights, FdEntry, Kind};
use super::memory::GuestMem;
use super::{with_mem, HostCx, WasiCtx};
use std::sync::Arc;

/// Largest transfer staged in one host call.
pub const MAX_CHUNK: u32 = 16 << 20;

/// WASI `fdflags`.
pub mod fdflags {
    pub const APPEND: u16 = 1;
    pub const DSYNC: u16 = 2;
    pub const NONBLOCK: u16 = 4;
    pub const RSYNC: u16 = 8;
    pub const SYNC: u16 = 16;
}

/// Which snapshot's numbering/layout a shared implementation uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Snapshot {
    Preview1,
    Unstable,
}

/// Waits until `fd` is ready for `events` (used after EAGAIN on a descriptor we must block on).
fn wait_ready(fd: i32, events: i16) {
    let mut p = libc::pollfd {
        fd,
        events,
        revents: 0,
    };
    // SAFETY: `p` is one valid pollfd.
    unsafe { libc::poll(&mut p, 1, -1) };
}

/// Writes all of `data` to host `fd` (at `offset` if given), retrying short, interrupted and
/// would-block writes on stdio. Returns the bytes written; an error after some bytes were
/// written is reported as that short count.
fn write_all(e: &FdEntry, data: &[u8], offset: Option<u64>) -> WasiResult<usize> {
    let mut done = 0;
    while done < data.len() {
        let rest = &data[done..];
        // SAFETY: `rest` is a live host buffer.
        let n = unsafe {
            match offset {
                Some(o) => libc::pwrite(
                    e.host,
                    rest.as_ptr() as *const libc::c_void,
                    rest.len(),
                    (o + done as u64) as libc::off_t,
                ),
                None => libc::write(e.host, rest.as_ptr() as *const libc::c_void, rest.len()),
            }
        };
        if n < 0 {
            let err = Errno::last();
            if err == Errno::INTR {
                continue;
            }
            if err == Errno::AGAIN && e.kind == Kind::Stdio {
                wait_ready(e.host, libc::POLLOUT);
                continue;
            }
            if done > 0 {
                break;
            }
            return Err(err);
        }
        if n == 0 {
            break;
        }
        done += n as usize;
    }
    Ok(done)
}

/// One host read of up to `len` bytes (at `offset` if given).
fn read_some(e: &FdEntry, len: u32, offset: Option<u64>) -> WasiResult<Vec<u8>> {
    let mut buf = vec![0u8; len as usize];
    loop {
        // SAFETY: `buf` is a live host buffer of `len` bytes.
        let n = unsafe {
            match offset {
                Some(o) => libc::pread(
                    e.host,
                    buf.as_mut_ptr() as *mut libc::c_void,
                    buf.len(),
                    o as libc::off_t,
                ),
                None => libc::read(e.host, buf.as_mut_ptr() as *mut libc::c_void, buf.len()),
            }
        };
        if n < 0 {
            let err = Errno::last();
            if err == Errno::INTR {
                continue;
            }
            if err == Errno::AGAIN && e.kind == Kind::Stdio {
                wait_ready(e.host, libc::POLLIN);
                continue;
            }
            return Err(err);
        }
        buf.truncate(n as usize);
        return Ok(buf);
    }
}

/// Which transfer an fd_read/fd_write-family call makes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Read,
    Write,
    PRead(u64),
    PWrite(u64),
}

/// The entry `op` may use, with wasmtime's errors: files do everything; stdin only reads and
/// stdout/stderr only write (`SPIPE` for the positioned variant of their direction);
/// everything else is `BADF`.
fn data_entry(wasi: &WasiCtx, fd: i32, op: Op) -> WasiResult<Arc<FdEntry>> {
    let e = wasi.entry(fd as u32)?;
    match (&e.kind, op) {
        (Kind::File, _) => Ok(e),
        (Kind::Stdio, Op::Read) if e.is_stdin() => Ok(e),
        (Kind::Stdio, Op::Write) if !e.is_stdin() => Ok(e),
        (Kind::Stdio, Op::PRead(_)) if e.is_stdin() => Err(Errno::SPIPE),
        (Kind::Stdio, Op::PWrite(_)) if !e.is_stdin() => Err(Errno::SPIPE),
        _ => Err(Errno::BADF),
    }
}

/// fd_read/fd_write/fd_pread/fd_pwrite: like wasmtime 49, only the first non-empty iovec is
/// transferred (at most [`MAX_CHUNK`] bytes of it), and the iovec array is read before the fd
/// is looked up.
fn transfer(m: &GuestMem, fd: i32, iovs: i32, n: i32, op: Op, out: i32) -> WasiResult<()> {
    let (buf, len) = m.first_iovec(iovs as u32, n as u32)?;
    let len = len.min(MAX_CHUNK);
    let e = data_entry(m.wasi(), fd, op)?;
    let done = match op {
        Op::Read | Op::PRead(_) => {
            let offset = if let Op::PRead(o) = op { Some(o) } else { None };
            if op == Op::Read && e.kind == Kind::File {
                // wasmtime reads files straight into guest memory: checked first. Other
                // reads are checked when the data is copied in (not at all at end of file).
                m.check(buf, len)?;
            }
            let data = read_some(&e, len, offset)?;
            m.write(buf, &data)?;
            data.len()
        }
        Op::Write | Op::PWrite(_) => {
            let offset = if let Op::PWrite(o) = op {
                Some(o)
            } else {
                None
            };
            write_all(&e, &m.read(buf, len)?, offset)?
        }
    };
    m.write_u32(out as u32, done as u32)
}

pub fn fd_read(cx: HostCx, fd: i32, iovs: i32, n: i32, out: i32) -> i32 {
    with_mem(cx, |m| transfer(m, fd, iovs, n, Op::Read, out))
}

pub fn fd_write(cx: HostCx, fd: i32, iovs: i32, n: i32, out: i32) -> i32 {
    with_mem(cx, |m| transfer(m, fd, iovs, n, Op::Write, out))
}

pub fn fd_pread(cx: HostCx, fd: i32, iovs: i32, n: i32, offset: i64, out: i32) -> i32 {
    with_mem(cx, |m| {
        transfer(m, fd, iovs, n, Op::PRead(offset as u64), out)
    })
}

pub fn fd_pwrite(cx: HostCx, fd: i32, iovs: i32, n: i32, offset: i64, out: i32) -> i32 {
    with_mem(cx, |m| {
        transfer(m, fd, iovs, n, Op::PWrite(offset as u64), out)
    })
}

pub fn fd_close(cx: HostCx, fd: i32) -> i32 {
    super::errno::to_ret(cx.wasi().fds().remove(fd as u32).map(drop))
}

pub fn fd_renumber(cx: HostCx, from: i32, to: i32) -> i32 {
    super::errno::to_ret(cx.wasi().fds().renumber(from as u32, to as u32))
}

/// Current WASI fdflags of a host descriptor.
fn host_fdflags(fd: i32) -> WasiResult<u16> {
    // SAFETY: F_GETFL only reads descriptor state.
    let fl = check(unsafe { libc::fcntl(fd, libc::F_GETFL) })?;
    let mut f = 0;
    if fl & libc::O_APPEND != 0 {
        f |= fdflags::APPEND;
    }
    if fl & libc::O_NONBLOCK != 0 {
        f |= fdflags::NONBLOCK;
    }
    if fl & libc::O_SYNC == libc::O_SYNC {
        f |= fdflags::SYNC;
    } else if fl & libc::O_DSYNC != 0 {
        f |= fdflags::DSYNC;
    }
    if fl & libc::O_RSYNC == libc::O_RSYNC && f & fdflags::SYNC != 0 {
        f |= fdflags::RSYNC;
    }
    Ok(f)
}

/// The rights wasmtime 49 reports for an fd it opened: everything, less FD_WRITE without
/// write access, less FD_READ/FD_READDIR without read access, less the seek/size rights for
/// directories. Preopens and stdio report their fixed sets.
fn current_rights(e: &FdEntry) -> WasiResult<u64> {
    if e.kind == Kind::Stdio || matches!(e.kind, Kind::Dir { preopen: Some(_) }) {
        return Ok(e.rights_base);
    }
    // SAFETY: F_GETFL only reads descriptor state.
    let mode = check(unsafe { libc::fcntl(e.host, libc::F_GETFL) })? & libc::O_ACCMODE;
    let mut r = rights::ALL;
    if e.is_dir() {
        r &= !(rights::FD_SEEK | rights::FD_FILESTAT_SET_SIZE | rights::PATH_FILESTAT_SET_SIZE);
    }
    if mode == libc::O_WRONLY {
        r &= !(rights::FD_READ | rights::FD_READDIR);
    }
    if mode == libc::O_RDONLY {
        r &= !rights::FD_WRITE;
    }
    Ok(r)
}

pub fn fd_fdstat_get(cx: HostCx, fd: i32, out: i32) -> i32 {
    fd_fdstat_get_snap(cx, Snapshot::Preview1, fd, out)
}

/// `fd_fdstat_get` for either snapshot. Snapshot 0 has no `sock_accept` right (bit 29):
/// wasmtime drops it from both rights sets there.
pub fn fd_fdstat_get_snap(cx: HostCx, snap: Snapshot, fd: i32, out: i32) -> i32 {
    with_mem(cx, |m| {
        let e = m.wasi().entry(fd as u32)?;
        // wasmtime reports no flags for stdio and preopens.
        let flags = match e.kind {
            Kind::Stdio | Kind::Dir { preopen: Some(_) } => 0,
            _ => host_fdflags(e.host)?,
        };
        let r = current_rights(&e)?;
        let inheriting = if e.kind == Kind::File || matches!(e.kind, Kind::Dir { preopen: None }) {
            r
        } else {
            e.rights_inheriting
        };
        let (r, inheriting) = match snap {
            Snapshot::Preview1 => (r, inheriting),
            Snapshot::Unstable => (r & !(1 << 29), inheriting & !(1 << 29)),
        };
        let mut b = [0u8; 24];
        b[0] = e.filetype();
        b[2..4].copy_from_slice(&flags.to_le_bytes());
        b[8..16].copy_from_slice(&r.to_le_bytes());
        b[16..24].copy_from_slice(&inheriting.to_le_bytes());
        m.write_struct(out as u32, &b, &[(1, 2), (4, 8)])
    })
}

pub fn fd_fdstat_set_flags(cx: HostCx, fd: i32, flags: i32) -> i32 {
    super::errno::to_ret((|| {
        let host = cx.wasi().entry(fd as u32)?.file_fd()?;
        let flags = flags as u16;
        if flags
            & !(fdflags::APPEND
                | fdflags::NONBLOCK
                | fdflags::DSYNC
                | fdflags::SYNC
                | fdflags::RSYNC)
            != 0
        {
            // Not a flag at all (wasmtime refuses the call outright).
            return Err(Errno::INVAL);
        }
        if flags & (fdflags::DSYNC | fdflags::SYNC | fdflags::RSYNC) != 0 {
            // Only APPEND and NONBLOCK can change, as in wasmtime.
            return Err(Errno::INVAL);
        }
        // SAFETY: F_GETFL/F_SETFL only change descriptor status flags.
        unsafe {
            let mut fl = check(libc::fcntl(host, libc::F_GETFL))?;
            fl &= !(libc::O_APPEND | libc::O_NONBLOCK);
            if flags & fdflags::APPEND != 0 {
                fl |= libc::O_APPEND;
            }
            if flags & fdflags::NONBLOCK != 0 {
                fl |= libc::O_NONBLOCK;
            }
            check(libc::fcntl(host, libc::F_SETFL, fl))?;
        }
        Ok(())
    })())
}

pub fn fd_fdstat_set_rights(cx: HostCx, fd: i32, _base: i64, _inheriting: i64) -> i32 {
    // wasmtime no longer supports changing rights (and says BADF for stdio).
    super::errno::to_ret(fs_entry(cx.wasi(), fd).and(Err(Errno::NOTSUP)))
}

pub fn fd_prestat_get(cx: HostCx, fd: i32, out: i32) -> i32 {
    with_mem(cx, |m| {
        let e = m.wasi().entry(fd as u32)?;
        let Kind::Dir {
            preopen: Some(name),
        } = &e.kind
        else {
            return Err(Errno::BADF);
        };
        let mut b = [0u8; 8];
        b[4..8].copy_from_slice(&(name.len() as u32).to_le_bytes());
        m.write_struct(out as u32, &b, &[(1, 4)])
    })
}

pub fn fd_prestat_dir_name(cx: HostCx, fd: i32, buf: i32, len: i32) -> i32 {
    with_mem(cx, |m| {
        let e = m.wasi().entry(fd as u32)?;
        let Kind::Dir {
            preopen: Some(name),
        } = &e.kind
        else {
            // wasmtime: NOTDIR here (but BADF from fd_prestat_get).
            return Err(Errno::NOTDIR);
        };
        if (len as u32 as usize) < name.len() {
            return Err(Errno::NAMETOOLONG);
        }
        m.write(buf as u32, name.as_bytes())
    })
}

/// Seeks `fd`; `whence` is already in host numbering.
fn seek(wasi: &WasiCtx, fd: i32, offset: i64, whence: i32) -> WasiResult<u64> {
    let e = wasi.entry(fd as u32)?;
    match e.kind {
        Kind::Dir { .. } => return Err(Errno::BADF),
        Kind::Stdio => return Err(Errno::SPIPE),
        Kind::File => {}
    }
    // SAFETY: lseek only changes the descriptor's offset.
    let r = unsafe { libc::lseek(e.host, offset, whence) };
    Ok(check(r)? as u64)
}

/// `fd_seek` for either snapshot (they number `whence` differently).
pub fn fd_seek_snap(
    cx: HostCx,
    snap: Snapshot,
    fd: i32,
    offset: i64,
    whence: i32,
    out: i32,
) -> i32 {
    with_mem(cx, |m| {
        let whence = match (snap, whence) {
            (Snapshot::Preview1, 0) | (Snapshot::Unstable, 2) => libc::SEEK_SET,
            (Snapshot::Preview1, 1) | (Snapshot::Unstable, 0) => libc::SEEK_CUR,
            (Snapshot::Preview1, 2) | (Snapshot::Unstable, 1) => libc::SEEK_END,
            _ => return Err(Errno::INVAL),
        };
        m.check(out as u32, 8)?;
        let pos = seek(m.wasi(), fd, offset, whence)?;
        m.write_u64(out as u32, pos)
    })
}

pub fn fd_seek(cx: HostCx, fd: i32, offset: i64, whence: i32, out: i32) -> i32 {
    fd_seek_snap(cx, Snapshot::Preview1, fd, offset, whence, out)
}

pub fn fd_tell(cx: HostCx, fd: i32, out: i32) -> i32 {
    with_mem(cx, |m| {
        m.check(out as u32, 8)?;
        let pos = seek(m.wasi(), fd, 0, libc::SEEK_CUR)?;
        m.write_u64(out as u32, pos)
    })
}

/// The entry of `fd` if it is a regular file or directory (not stdio).
fn fs_entry(wasi: &WasiCtx, fd: i32) -> WasiResult<Arc<FdEntry>> {
    let e = wasi.entry(fd as u32)?;
    if e.kind == Kind::Stdio {
        return Err(Errno::BADF);
    }
    Ok(e)
}

pub fn fd_sync(cx: HostCx, fd: i32) -> i32 {
    super::errno::to_ret((|| {
        let host = cx.wasi().entry(fd as u32)?.file_fd()?;
        // SAFETY: fsync only flushes the descriptor's file.
        check(unsafe { libc::fsync(host) }).map(drop)
    })())
}

pub fn fd_datasync(cx: HostCx, fd: i32) -> i32 {
    super::errno::to_ret((|| {
        let host = cx.wasi().entry(fd as u32)?.file_fd()?;
        // SAFETY: fdatasync only flushes the descriptor's file.
        check(unsafe { libc::fdatasync(host) }).map(drop)
    })())
}

pub fn fd_advise(cx: HostCx, fd: i32, offset: i64, len: i64, advice: i32) -> i32 {
    super::errno::to_ret((|| {
        let advice = match advice {
            0 => libc::POSIX_FADV_NORMAL,
            1 => libc::POSIX_FADV_SEQUENTIAL,
            2 => libc::POSIX_FADV_RANDOM,
            3 => libc::POSIX_FADV_WILLNEED,
            4 => libc::POSIX_FADV_DONTNEED,
            5 => libc::POSIX_FADV_NOREUSE,
            _ => return Err(Errno::INVAL),
        };
        let host = cx.wasi().entry(fd as u32)?.file_fd()?;
        // SAFETY: fadvise only gives the kernel a hint.
        let r = unsafe { libc::posix_fadvise(host, offset, len, advice) };
        if r != 0 {
            return Err(Errno::from_host(r));
        }
        Ok(())
    })())
}

pub fn fd_allocate(cx: HostCx, fd: i32, _offset: i64, _len: i64) -> i32 {
    // wasmtime: BADF unless a regular file, and then NOTSUP.
    super::errno::to_ret(
        cx.wasi()
            .entry(fd as u32)
            .and_then(|e| e.file_fd())
            .and(Err(Errno::NOTSUP)),
    )
}

/// The padding bytes of a `filestat` (after the u8 filetype), which are never written.
pub fn filestat_padding(snap: Snapshot) -> [(usize, usize); 1] {
    match snap {
        Snapshot::Preview1 => [(17, 24)],
        Snapshot::Unstable => [(17, 20)],
    }
}

/// Encodes a host `stat` as a WASI `filestat` of either snapshot (64 or 56 bytes; write it
/// with [`GuestMem::write_struct`] and [`filestat_padding`]).
pub fn encode_filestat(st: &libc::stat, snap: Snapshot) -> Vec<u8> {
    let ts = |s: i64, ns: i64| {
        (s as u64)
            .wrapping_mul(1_000_000_000)
            .wrapping_add(ns as u64)
    };
    let mut b = Vec::with_capacity(64);
    // wasmtime reports device 1 for every file (and a hash of device and inode as the inode).
    b.extend_from_slice(&1u64.to_le_bytes());
    b.extend_from_slice(&st.st_ino.to_le_bytes());
    b.extend_from_slice(&[filetype::from_mode(st.st_mode), 0, 0, 0]);
    match snap {
        Snapshot::Preview1 => {
            b.extend_from_slice(&[0; 4]);
            b.extend_from_slice(&st.st_nlink.to_le_bytes());
        }
        Snapshot::Unstable => b.extend_from_slice(&(st.st_nlink as u32).to_le_bytes()),
    }
    b.extend_from_slice(&(st.st_size as u64).to_le_bytes());
    b.extend_from_slice(&ts(st.st_atime, st.st_atime_nsec).to_le_bytes());
    b.extend_from_slice(&ts(st.st_mtime, st.st_mtime_nsec).to_le_bytes());
    b.extend_from_slice(&ts(st.st_ctime, st.st_ctime_nsec).to_le_bytes());
    b
}

/// `fstat` of a host descriptor.
pub fn fstat(fd: i32) -> WasiResult<libc::stat> {
    // SAFETY: an all-zero `stat` is a valid value; fstat fills it.
    let mut st: libc::stat = unsafe { core::mem::zeroed() };
    // SAFETY: `st` is a valid out-pointer.
    check(unsafe { libc::fstat(fd, &mut st) })?;
    Ok(st)
}

/// `fd_filestat_get` for either snapshot.
pub fn fd_filestat_get_snap(cx: HostCx, snap: Snapshot, fd: i32, out: i32) -> i32 {
    with_mem(cx, |m| {
        let e = m.wasi().entry(fd as u32)?;
        let bytes = if e.kind == Kind::Stdio {
            // wasmtime: all zero except the filetype.
            // SAFETY: an all-zero `stat` is a valid value.
            let mut b = encode_filestat(&unsafe { core::mem::zeroed() }, snap);
            b[..8].fill(0);
            b[16] = e.filetype();
            b
        } else {
            encode_filestat(&fstat(e.host)?, snap)
        };
        m.write_struct(out as u32, &bytes, &filestat_padding(snap))
    })
}

pub fn fd_filestat_get(cx: HostCx, fd: i32, out: i32) -> i32 {
    fd_filestat_get_snap(cx, Snapshot::Preview1, fd, out)
}

pub fn fd_filestat_set_size(cx: HostCx, fd: i32, size: i64) -> i32 {
    super::errno::to_ret((|| {
        let host = cx.wasi().entry(fd as u32)?.file_fd()?;
        // SAFETY: ftruncate only resizes the descriptor's file.
        check(unsafe { libc::ftruncate(host, size) }).map(drop)
    })())
}

/// Host `utimensat` times for WASI `fstflags` (ATIM 1, ATIM_NOW 2, MTIM 4, MTIM_NOW 8).
pub fn utimes(atim: i64, mtim: i64, flags: i32) -> WasiResult<[libc::timespec; 2]> {
    let one = |t: i64, set: bool, now: bool| -> WasiResult<libc::timespec> {
        Ok(match (set, now) {
            (true, true) => return Err(Errno::INVAL),
            (true, false) => libc::timespec {
                tv_sec: (t as u64 / 1_000_000_000) as i64,
                tv_nsec: (t as u64 % 1_000_000_000) as i64,
            },
            (false, true) => libc::timespec {
                tv_sec: 0,
                tv_nsec: libc::UTIME_NOW,
            },
            (false, false) => libc::timespec {
                tv_sec: 0,
                tv_nsec: libc::UTIME_OMIT,
            },
        })
    };
    if flags & !0xf != 0 {
        return Err(Errno::INVAL);
    }
    Ok([
        one(atim, flags & 1 != 0, flags & 2 != 0)?,
        one(mtim, flags & 4 != 0, flags & 8 != 0)?,
    ])
}

pub fn fd_filestat_set_times(cx: HostCx, fd: i32, atim: i64, mtim: i64, flags: i32) -> i32 {
    super::errno::to_ret((|| {
        let e = fs_entry(cx.wasi(), fd)?;
        let ts = utimes(atim, mtim, flags)?;
        // SAFETY: `ts` holds two timespecs as futimens requires.
        check(unsafe { libc::futimens(e.host, ts.as_ptr()) }).map(drop)
    })())
}

#[cfg(test)]
mod tests {
    use super::super::memory::tests::FakeInstance;
    use super::super::testutil::setup;
    use super::*;
    use crate::wasi::fdtable::FdEntry;

    /// Registers a host descriptor as a guest file fd.
    pub(crate) fn add_file(host: i32) -> i32 {
        super::super::testutil::wasi()
            .fds()
            .insert(FdEntry {
                host,
                kind: Kind::File,
                filetype: filetype::UNKNOWN,
                rights_base: rights::FILE,
                rights_inheriting: rights::FILE,
            })
            .unwrap() as i32
    }

    fn pipe() -> (i32, i32) {
        let mut p = [0i32; 2];
        // SAFETY: `p` has room for two fds.
        assert_eq!(unsafe { libc::pipe(p.as_mut_ptr()) }, 0);
        (p[0], p[1])
    }

    #[test]
    fn vectored_write_and_read_through_a_pipe() {
        setup();
        let (r, w) = pipe();
        let (gr, gw) = (add_file(r), add_file(w));
        let mut f = FakeInstance::new(1024);
        f.put(100, b"hello ");
        f.put(200, b"world");
        f.put_iovecs(0, &[(100, 6), (300, 0), (200, 5)]);
        let v = f.cx();
        // Only the first non-empty iovec moves (as in wasmtime 49).
        assert_eq!(fd_write(v, gw, 0, 3, 32), 0);
        assert_eq!(f.u32_at(32), 6);
        assert_eq!(fd_write(v, gw, 16, 1, 32), 0);
        assert_eq!(f.u32_at(32), 5);
        f.put_iovecs(0, &[(400, 0), (400, 4), (500, 100)]);
        assert_eq!(fd_read(f.cx(), gr, 0, 3, 32), 0);
        assert_eq!(f.u32_at(32), 4);
        assert_eq!(&f.mem[400..404], b"hell");
        f.put_iovecs(0, &[(500, 100)]);
        assert_eq!(fd_read(f.cx(), gr, 0, 1, 32), 0);
        assert_eq!(f.u32_at(32), 7);
        assert_eq!(&f.mem[500..507], b"o world");
        // Bad iovec array, bad buffer, bad out-pointer: FAULT.
        let v = f.cx();
        assert_eq!(fd_write(v, gw, 1020, 1, 32), 21);
        f.put_iovecs(0, &[(1000, 100)]);
        let v = f.cx();
        assert_eq!(fd_write(v, gw, 0, 1, 32), 21);
        f.put_iovecs(0, &[(100, 0)]);
        let v = f.cx();
        assert_eq!(fd_write(v, gw, 0, 1, 1022), 21);
        assert_eq!(fd_write(v, 999, 0, 1, 32), 8);
        assert_eq!(fd_close(v, gr), 0);
        assert_eq!(fd_close(v, 9999), 8);
        assert_eq!(fd_close(v, gw), 0);
    }

    #[test]
    fn concurrent_writers_share_the_table() {
        setup();
        let (r, w) = pipe();
        let (gr, gw) = (add_file(r), add_file(w));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(move || {
                    let mut f = FakeInstance::new(64);
                    f.put(32, b"abcd");
                    f.put_iovecs(0, &[(32, 4)]);
                    for _ in 0..100 {
                        let v = f.cx();
                        assert_eq!(fd_write(v, gw, 0, 1, 16), 0);
                        assert_eq!(f.u32_at(16), 4);
                    }
                })
            })
            .collect();
        let mut f = FakeInstance::new(4096);
        f.put_iovecs(0, &[(64, 4000)]);
        let mut total = 0;
        while total < 1600 {
            let v = f.cx();
            assert_eq!(fd_read(v, gr, 0, 1, 16), 0);
            total += f.u32_at(16);
        }
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(total, 1600);
        let v = f.cx();
        assert_eq!(fd_close(v, gw), 0);
        // Writer closed: end of file.
        assert_eq!(fd_read(v, gr, 0, 1, 16), 0);
        assert_eq!(f.u32_at(16), 0);
        let v = f.cx();
        assert_eq!(fd_close(v, gr), 0);
    }

    #[test]
    fn seek_whence_per_snapshot() {
        setup();
        let file = std::fs::File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(super::super::testutil::sandbox().join("seek.txt"))
            .unwrap();
        use std::os::fd::IntoRawFd;
        let g = add_file(file.into_raw_fd());
        let mut f = FakeInstance::new(64);
        f.put(16, b"0123456789");
        f.put_iovecs(0, &[(16, 10)]);
        let v = f.cx();
        assert_eq!(fd_write(v, g, 0, 1, 8), 0);
        let mut pos = |snap, off, whence| {
            let v = f.cx();
            let r = fd_seek_snap(v, snap, g, off, whence, 40);
            (r, f.u64_at(40))
        };
        use Snapshot::*;
        assert_eq!(pos(Preview1, 3, 0), (0, 3)); // SET
        assert_eq!(pos(Preview1, 2, 1), (0, 5)); // CUR
        assert_eq!(pos(Preview1, -1, 2), (0, 9)); // END
        assert_eq!(pos(Unstable, 4, 2), (0, 4)); // SET
        assert_eq!(pos(Unstable, 1, 0), (0, 5)); // CUR
        assert_eq!(pos(Unstable, -2, 1), (0, 8)); // END
        assert_eq!(pos(Preview1, 0, 3).0, 28);
        assert_eq!(pos(Preview1, -100, 1).0, 28);
        let v = f.cx();
        assert_eq!(fd_tell(v, g, 48), 0);
        assert_eq!(f.u64_at(48), 8);
        let v = f.cx();
        assert_eq!(fd_seek(v, 1, 0, 1, 40), 70);
        assert_eq!(fd_seek(v, 3, 0, 1, 40), 8);
        assert_eq!(fd_seek(v, g, 0, 1, 60), 21);
        // filestat: 64 bytes in preview1, 56 in unstable, size 10.
        assert_eq!(fd_filestat_get(v, g, 0), 0);
        assert_eq!((f.mem[16], f.u64_at(24), f.u64_at(32)), (4, 1, 10));
        let v = f.cx();
        assert_eq!(fd_filestat_get_snap(v, Snapshot::Unstable, g, 0), 0);
        assert_eq!((f.mem[16], f.u32_at(20), f.u64_at(24)), (4, 1, 10));
        let v = f.cx();
        assert_eq!(fd_filestat_get_snap(v, Snapshot::Preview1, g, 1), 21);
        assert_eq!(fd_filestat_set_size(v, g, 3), 0);
        assert_eq!(fd_filestat_get(v, g, 0), 0);
        assert_eq!(f.u64_at(32), 3);
        let v = f.cx();
        assert_eq!(fd_close(v, g), 0);
    }

    #[test]
    fn stdio_and_preopen_status() {
        setup();
        let mut f = FakeInstance::new(64);
        let v = f.cx();
        assert_eq!(fd_fdstat_get(v, 1, 0), 0);
        assert!(f.mem[0] == filetype::UNKNOWN || f.mem[0] == filetype::CHARACTER_DEVICE);
        assert_eq!((f.u64_at(8), f.u64_at(16)), (0x40, 0x40));
        let v = f.cx();
        assert_eq!(fd_fdstat_get(v, 0, 0), 0);
        assert_eq!(f.u64_at(8), 2);
        let v = f.cx();
        assert_eq!(fd_fdstat_get(v, 3, 0), 0);
        assert_eq!(f.mem[0], filetype::DIRECTORY);
        assert_eq!(f.u64_at(8), rights::PREOPEN_BASE);
        let v = f.cx();
        assert_eq!(fd_fdstat_get(v, 3, 41), 21);
        assert_eq!(fd_fdstat_get(v, 77, 0), 8);
        assert_eq!(fd_prestat_get(v, 3, 0), 0);
        assert_eq!((f.mem[0], f.u32_at(4)), (0, 8));
        let v = f.cx();
        assert_eq!(fd_prestat_get(v, 1, 0), 8);
        assert_eq!(fd_prestat_dir_name(v, 3, 16, 7), 37);
        assert_eq!(fd_prestat_dir_name(v, 3, 60, 8), 21);
        assert_eq!(fd_prestat_dir_name(v, 3, 16, 8), 0);
        assert_eq!(&f.mem[16..24], b"/sandbox");
    }
}
