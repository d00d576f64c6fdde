//! `fd_readdir`: directory listings as WASI `dirent` records (same layout in both snapshots).
//!
//! Each call lists the directory afresh (through a new descriptor, so the guest's fd offset
//! is untouched): `.` and `..` first, then the host entries in host order; the cookie of an
//! entry is its index + 1 and a call resumes at index `cookie`. Entries that do not fit are
//! cut at the end of the buffer, as the spec asks.

use super::errno::{Errno, WasiResult};
use super::fdtable::filetype;
use super::{with_mem, HostCx};
use std::ffi::CStr;

/// One directory entry: inode, WASI filetype, name.
struct Entry {
    ino: u64,
    ty: u8,
    name: Vec<u8>,
}

fn dtype(d: u8) -> u8 {
    match d {
        libc::DT_BLK => filetype::BLOCK_DEVICE,
        libc::DT_CHR => filetype::CHARACTER_DEVICE,
        libc::DT_DIR => filetype::DIRECTORY,
        libc::DT_REG => filetype::REGULAR_FILE,
        libc::DT_SOCK => filetype::SOCKET_STREAM,
        libc::DT_LNK => filetype::SYMBOLIC_LINK,
        _ => filetype::UNKNOWN,
    }
}

/// Inode of the parent of open directory `dir` (nonzero: wasi-libc re-stats zero inodes,
/// which for `..` of a preopen would be refused as an escape).
fn parent_ino(dir: i32) -> Option<u64> {
    // SAFETY: an all-zero stat is valid; the path is a NUL-terminated literal.
    let mut st: libc::stat = unsafe { core::mem::zeroed() };
    // SAFETY: `st` is a valid out-pointer; only metadata is read.
    let r = unsafe { libc::fstatat(dir, c"..".as_ptr(), &mut st, libc::AT_SYMLINK_NOFOLLOW) };
    (r == 0 && st.st_ino != 0).then_some(st.st_ino)
}

/// Lists host directory `dir` (`.` and `..` first).
fn list(dir: i32) -> WasiResult<Vec<Entry>> {
    let dot = super::path::open_beneath(dir, ".", libc::O_RDONLY | libc::O_DIRECTORY, 0)?;
    let st = super::fd::fstat(dot.0)?;
    let mut out = vec![
        Entry {
            ino: st.st_ino,
            ty: filetype::DIRECTORY,
            name: b".".to_vec(),
        },
        Entry {
            ino: parent_ino(dot.0).unwrap_or(st.st_ino),
            ty: filetype::DIRECTORY,
            name: b"..".to_vec(),
        },
    ];
    // SAFETY: `dot` is an open directory descriptor; fdopendir takes ownership of it.
    let d = unsafe { libc::fdopendir(dot.0) };
    if d.is_null() {
        return Err(Errno::last());
    }
    let _ = dot.into_raw();
    loop {
        // SAFETY: `d` is an open DIR stream.
        let ent = unsafe { libc::readdir64(d) };
        if ent.is_null() {
            break;
        }
        // SAFETY: readdir returned a valid dirent whose name is NUL-terminated.
        let (ino, ty, name) = unsafe {
            let e = &*ent;
            (
                e.d_ino,
                e.d_type,
                CStr::from_ptr(e.d_name.as_ptr()).to_bytes().to_vec(),
            )
        };
        if name == b"." || name == b".." {
            continue;
        }
        let mut ty = dtype(ty);
        if ty == filetype::UNKNOWN {
            // SAFETY: an all-zero stat is valid; `dirfd(d)` is the open directory.
            let mut st: libc::stat = unsafe { core::mem::zeroed() };
            let c = std::ffi::CString::new(name.clone()).map_err(|_| Errno::INVAL)?;
            // SAFETY: `c` is NUL-terminated and `st` a valid out-pointer.
            if unsafe {
                libc::fstatat(
                    libc::dirfd(d),
                    c.as_ptr(),
                    &mut st,
                    libc::AT_SYMLINK_NOFOLLOW,
                )
            } == 0
            {
                ty = filetype::from_mode(st.st_mode);
            }
        }
        out.push(Entry { ino, ty, name });
    }
    // SAFETY: `d` is open and closed exactly once.
    unsafe { libc::closedir(d) };
    Ok(out)
}

/// Serialises entries from index `cookie` on, up to (at least) `limit` bytes.
fn encode(entries: &[Entry], cookie: u64, limit: usize) -> Vec<u8> {
    let mut b = Vec::new();
    for (i, e) in entries
        .iter()
        .enumerate()
        .skip(cookie.min(usize::MAX as u64) as usize)
    {
        if b.len() >= limit {
            break;
        }
        b.extend_from_slice(&(i as u64 + 1).to_le_bytes());
        b.extend_from_slice(&e.ino.to_le_bytes());
        b.extend_from_slice(&(e.name.len() as u32).to_le_bytes());
        b.extend_from_slice(&[e.ty, 0, 0, 0]);
        b.extend_from_slice(&e.name);
    }
    b
}

pub fn fd_readdir(cx: HostCx, fd: i32, buf: i32, len: i32, cookie: i64, out: i32) -> i32 {
    with_mem(cx, |m| {
        let e = m.wasi().entry(fd as u32)?;
        let dir = e.dir_fd()?;
        m.check(buf as u32, len as u32)?;
        m.check(out as u32, 4)?;
        let bytes = encode(&list(dir)?, cookie as u64, len as u32 as usize);
        let n = bytes.len().min(len as u32 as usize);
        m.write(buf as u32, &bytes[..n])?;
        m.write_u32(out as u32, n as u32)
    })
}

#[cfg(test)]
mod tests {
    use super::super::memory::tests::FakeInstance;
    use super::super::testutil::{sandbox, setup};
    use super::*;

    fn names(buf: &[u8]) -> Vec<(u64, String)> {
        let mut v = Vec::new();
        let mut at = 0;
        while at + 24 <= buf.len() {
            let next = u64::from_le_bytes(buf[at..at + 8].try_into().unwrap());
            let n = u32::from_le_bytes(buf[at + 16..at + 20].try_into().unwrap()) as usize;
            let end = (at + 24 + n).min(buf.len());
            v.push((
                next,
                String::from_utf8_lossy(&buf[at + 24..end]).into_owned(),
            ));
            at += 24 + n;
        }
        v
    }

    #[test]
    fn lists_with_cookies_and_truncation() {
        setup();
        let d = sandbox().join("rd");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("one"), b"1").unwrap();
        std::fs::write(d.join("two"), b"2").unwrap();
        let mut f = FakeInstance::new(2048);
        f.put(1024, b"rd");
        let v = f.cx();
        let r = crate::wasi::path::path_open(v, 3, 0, 1024, 2, 2, 1 << 14, 0, 0, 0);
        assert_eq!(r, 0);
        let fd = f.u32_at(0) as i32;
        assert_eq!(fd_readdir(v, fd, 64, 512, 0, 8), 0);
        let used = f.u32_at(8) as usize;
        let mut all = names(&f.mem[64..64 + used]);
        all.sort_by(|a, b| a.1.cmp(&b.1));
        let list: Vec<&str> = all.iter().map(|e| e.1.as_str()).collect();
        // `.` (25 bytes) then `..`: both with nonzero inodes.
        assert_ne!(f.u64_at(64 + 8), 0);
        assert_eq!(f.u32_at(64 + 25 + 16), 2);
        assert_ne!(f.u64_at(64 + 25 + 8), 0);
        assert_eq!(list, [".", "..", "one", "two"]);
        // Resume after the third entry; a 26-byte buffer cuts the entry.
        let v = f.cx();
        assert_eq!(fd_readdir(v, fd, 64, 26, 3, 8), 0);
        assert_eq!(f.u32_at(8), 26);
        assert_eq!(u64::from_le_bytes(f.mem[64..72].try_into().unwrap()), 4);
        let v = f.cx();
        assert_eq!(fd_readdir(v, fd, 64, 512, 4, 8), 0);
        assert_eq!(f.u32_at(8), 0);
        assert_eq!(fd_readdir(v, fd, 2040, 512, 0, 8), 21);
        assert_eq!(fd_readdir(v, 1, 64, 512, 0, 8), 8);
        assert_eq!(crate::wasi::fd::fd_close(v, fd), 0);
    }
}
