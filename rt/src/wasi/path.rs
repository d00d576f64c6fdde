//! `path_*` host functions, sandboxed to the directory fd they are relative to.
//!
//! Every lookup goes through `openat2(RESOLVE_BENEATH)` relative to the guest's directory fd,
//! so absolute paths, `..` and symlinks cannot leave it (the kernel refuses with `EXDEV`,
//! reported as `PERM` like wasmtime). Operations on a final component (unlink, mkdir,
//! rename, readlink, ...) first open a directory that way ([`split_parent`]) and then act on
//! one name the host cannot follow out of it: the answer to any path, errno included, never
//! depends on anything outside the preopen. Trailing slashes, `.` and `..` follow wasmtime 49
//! on Linux (tests/wasi/sandbox_escape.c compares every path call with it).

use super::errno::{check, Errno, WasiResult};
use super::fd::{encode_filestat, filestat_padding, fstat, utimes, Snapshot};
use super::fdtable::{filetype, rights, FdEntry, Kind};
use super::memory::GuestMem;
use super::{with_mem, HostCx};
use std::ffi::CString;

/// WASI `oflags`.
pub mod oflags {
    pub const CREAT: u16 = 1;
    pub const DIRECTORY: u16 = 2;
    pub const EXCL: u16 = 4;
    pub const TRUNC: u16 = 8;
}

/// `lookupflags::SYMLINK_FOLLOW`.
pub const SYMLINK_FOLLOW: u32 = 1;

#[repr(C)]
struct OpenHow {
    flags: u64,
    mode: u64,
    resolve: u64,
}

const RESOLVE_BENEATH: u64 = 0x08;
const RESOLVE_NO_MAGICLINKS: u64 = 0x02;

/// An owned host descriptor, closed on drop.
pub struct OwnedFd(pub i32);

impl Drop for OwnedFd {
    fn drop(&mut self) {
        // SAFETY: `self.0` is owned by this value.
        unsafe { libc::close(self.0) };
    }
}

impl OwnedFd {
    /// Gives up ownership.
    pub fn into_raw(self) -> i32 {
        let fd = self.0;
        core::mem::forget(self);
        fd
    }
}

fn cstr(path: &str) -> WasiResult<CString> {
    CString::new(path).map_err(|_| Errno::INVAL)
}

/// Opens `path` beneath host directory `dir` with open(2) `flags`.
pub fn open_beneath(dir: i32, path: &str, flags: i32, mode: u32) -> WasiResult<OwnedFd> {
    if path.is_empty() {
        return Err(Errno::NOENT);
    }
    let c = cstr(path)?;
    let how = OpenHow {
        flags: (flags | libc::O_CLOEXEC) as u64,
        mode: if flags & libc::O_CREAT != 0 || flags & libc::O_TMPFILE == libc::O_TMPFILE {
            u64::from(mode)
        } else {
            0
        },
        resolve: RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    loop {
        // SAFETY: `c` is NUL-terminated and `how` is a valid `struct open_how` of the given size.
        let r = unsafe {
            libc::syscall(
                libc::SYS_openat2,
                dir,
                c.as_ptr(),
                &how as *const OpenHow,
                core::mem::size_of::<OpenHow>(),
            )
        };
        if r >= 0 {
            return Ok(OwnedFd(r as i32));
        }
        match Errno::last() {
            Errno::INTR | Errno::AGAIN => continue,
            Errno::XDEV => return Err(Errno::PERM),
            e => return Err(e),
        }
    }
}

/// How a final-component operation treats a trailing slash on its path.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TrailingSlash {
    /// The path names the directory it resolves to (every symlink followed, beneath the
    /// preopen), and the operation acts on `.` inside it: `readlink("d/")` is `INVAL`,
    /// `unlink("d/")` `ISDIR`, and `"file/"` is `NOTDIR`, as wasmtime 49 answers.
    Resolve,
    /// The slash stays on the name for the host call, whose Linux semantics never follow a
    /// final symlink for these calls (`mkdirat`, `renameat`): they answer from the entry
    /// itself, never from what a symlink points at.
    KeepForHost,
}

/// The directory a final-component operation acts in (opened beneath `dir`) and the single
/// name it acts on. The name never leads outside: it is `.`, or one component that is not
/// `..` and (for [`TrailingSlash::Resolve`]) carries no slash the host could follow a
/// symlink through. A path whose last component is `.` or `..`, or that ends in a slash
/// under `Resolve`, is resolved whole as a directory and the name is `.`; a path that
/// leaves the preopen that way is `PERM` (wasmtime's answer for escapes), so no answer
/// depends on what lies outside.
pub fn split_parent(dir: i32, path: &str, slash: TrailingSlash) -> WasiResult<(OwnedFd, CString)> {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return Err(if path.is_empty() {
            Errno::NOENT
        } else {
            Errno::PERM
        });
    }
    let has_slash = trimmed.len() != path.len();
    let name_at = trimmed.rfind('/').map_or(0, |i| i + 1);
    let last = &trimmed[name_at..];
    if last == "." || last == ".." || (has_slash && slash == TrailingSlash::Resolve) {
        let resolved = open_beneath(dir, path, libc::O_PATH | libc::O_DIRECTORY, 0)?;
        return Ok((resolved, cstr(".")?));
    }
    let parent = if name_at == 0 { "." } else { &path[..name_at] };
    let p = open_beneath(dir, parent, libc::O_PATH | libc::O_DIRECTORY, 0)?;
    // Under `KeepForHost` the slashes stay on the name (`&path[name_at..]`).
    Ok((p, cstr(&path[name_at..])?))
}

/// The guest path string and the host directory fd of guest fd `fd`.
fn dir_and_path(
    m: &GuestMem,
    fd: i32,
    ptr: i32,
    len: i32,
) -> WasiResult<(std::sync::Arc<FdEntry>, String)> {
    let e = m.wasi().entry(fd as u32)?;
    e.dir_fd()?;
    let path = m.read_str(ptr as u32, len as u32)?;
    Ok((e, path))
}

/// The host `open` flags for the WASI bits set in `wasi`, per (WASI bit, host flag) pair.
fn host_flags(wasi: u16, map: &[(u16, libc::c_int)]) -> libc::c_int {
    map.iter()
        .filter(|(bit, _)| wasi & bit != 0)
        .fold(0, |acc, (_, host)| acc | host)
}

/// The flag combinations `path_open` refuses before looking at the path, in wasmtime 49's
/// order: any of the sync flags is not supported (ENOTSUP, even where the path would fail),
/// and `DIRECTORY` cannot go with `CREAT`, `EXCL` or `TRUNC` (EINVAL).
fn unsupported_open_flags(oflags: u16, fdflags: u16) -> Result<(), Errno> {
    use super::fd::fdflags as ff;
    if fdflags & (ff::DSYNC | ff::RSYNC | ff::SYNC) != 0 {
        return Err(Errno::NOTSUP);
    }
    let creating = oflags::CREAT | oflags::EXCL | oflags::TRUNC;
    if oflags & oflags::DIRECTORY != 0 && oflags & creating != 0 {
        return Err(Errno::INVAL);
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)] // WASI's signature
pub fn path_open(
    cx: HostCx,
    fd: i32,
    dirflags: i32,
    path: i32,
    path_len: i32,
    oflags: i32,
    rights_base: i64,
    _rights_inheriting: i64,
    fdflags: i32,
    out: i32,
) -> i32 {
    use super::fd::fdflags as ff;
    with_mem(cx, |m| {
        let path = m.read_str(path as u32, path_len as u32)?;
        let e = m.wasi().entry(fd as u32)?;
        if e.kind == Kind::File {
            return Err(Errno::NOTDIR);
        }
        e.dir_fd()?;
        m.check(out as u32, 4)?;
        let (oflags, fdflags, rb) = (oflags as u16, fdflags as u16, rights_base as u64);
        if oflags & !0xf != 0 || fdflags & !0x1f != 0 || dirflags as u32 & !SYMLINK_FOLLOW != 0 {
            return Err(Errno::INVAL);
        }
        unsupported_open_flags(oflags, fdflags)?;
        // As wasmtime: the FD_READ and FD_WRITE rights alone choose the access mode.
        let read = rb & rights::FD_READ != 0;
        let write = rb & rights::FD_WRITE != 0;
        let mut flags = match (read, write) {
            (_, false) => libc::O_RDONLY,
            (false, true) => libc::O_WRONLY,
            (true, true) => libc::O_RDWR,
        };
        flags |= host_flags(
            oflags,
            &[
                (oflags::CREAT, libc::O_CREAT),
                (oflags::EXCL, libc::O_EXCL),
                (oflags::TRUNC, libc::O_TRUNC),
            ],
        );
        if oflags & oflags::DIRECTORY != 0 {
            // With write access the host answers: EISDIR for a directory, ENOTDIR otherwise.
            flags |= libc::O_DIRECTORY;
        }
        if dirflags as u32 & SYMLINK_FOLLOW == 0 {
            flags |= libc::O_NOFOLLOW;
        }
        flags |= host_flags(
            fdflags,
            &[
                (ff::APPEND, libc::O_APPEND),
                (ff::NONBLOCK, libc::O_NONBLOCK),
            ],
        );
        let host = match open_beneath(e.host, &path, flags, 0o666) {
            Err(Errno::NOTDIR) if flags & libc::O_NOFOLLOW != 0 && is_symlink(e.host, &path) => {
                // Linux says NOTDIR for O_DIRECTORY|O_NOFOLLOW on a symlink; wasmtime LOOP.
                return Err(Errno::LOOP);
            }
            r => r?,
        };
        let st = fstat(host.0)?;
        let ft = filetype::from_mode(st.st_mode);
        // Rights are reported from the access mode (see fd::current_rights).
        let entry = if ft == filetype::DIRECTORY {
            FdEntry {
                host: host.into_raw(),
                kind: Kind::Dir { preopen: None },
                filetype: ft,
                rights_base: rights::DIR,
                rights_inheriting: rights::DIR,
            }
        } else {
            let r = rights::FILE;
            FdEntry {
                host: host.into_raw(),
                kind: Kind::File,
                filetype: ft,
                rights_base: r,
                rights_inheriting: r,
            }
        };
        let new_fd = m.wasi().fds().insert(entry)?;
        m.write_u32(out as u32, new_fd)
    })
}

/// Opens `path` beneath `dir` for inspection only (O_PATH), following a final symlink if
/// `follow`.
fn open_path(dir: i32, path: &str, follow: bool) -> WasiResult<OwnedFd> {
    let mut flags = libc::O_PATH;
    if !follow {
        flags |= libc::O_NOFOLLOW;
    }
    open_beneath(dir, path, flags, 0)
}

/// Whether `path` beneath `dir` names a symlink (not followed).
fn is_symlink(dir: i32, path: &str) -> bool {
    open_path(dir, path, false)
        .and_then(|f| fstat(f.0))
        .is_ok_and(|st| filetype::from_mode(st.st_mode) == filetype::SYMBOLIC_LINK)
}

/// The one component of a relative `path` as Rust's `Path::components` sees it (empty
/// components and every `.` but a leading one dropped), unless it is `..` or there are more.
fn lone_component(path: &str) -> Option<&str> {
    if path.starts_with('/') {
        return None;
    }
    let mut parts = path
        .split('/')
        .enumerate()
        .filter(|&(i, c)| !c.is_empty() && (c != "." || i == 0));
    match (parts.next(), parts.next()) {
        (Some((_, c)), None) if c != ".." => Some(c),
        _ => None,
    }
}

/// The status of `name` (one component) in host directory `dir`, not following a symlink.
fn lstat_at(dir: i32, name: &str) -> WasiResult<libc::stat> {
    let c = cstr(name)?;
    // SAFETY: an all-zero `stat` is a valid value; fstatat fills it.
    let mut st: libc::stat = unsafe { core::mem::zeroed() };
    // SAFETY: `c` is NUL-terminated and `st` a valid out-pointer.
    check(unsafe { libc::fstatat(dir, c.as_ptr(), &mut st, libc::AT_SYMLINK_NOFOLLOW) })?;
    Ok(st)
}

/// `path_filestat_get` for either snapshot.
pub fn path_filestat_get_snap(
    cx: HostCx,
    snap: Snapshot,
    fd: i32,
    flags: i32,
    path: i32,
    path_len: i32,
    out: i32,
) -> i32 {
    with_mem(cx, |m| {
        let (e, path) = dir_and_path(m, fd, path, path_len)?;
        let follow = flags as u32 & SYMLINK_FOLLOW != 0;
        let st = match lone_component(&path) {
            // As wasmtime 49 (cap-std's shortcut): a path of one component, once trailing
            // slashes and `.`s are dropped, is the entry itself, never followed.
            Some(name) if !follow => lstat_at(e.host, name)?,
            // Otherwise a trailing slash makes the host follow a final symlink (beneath the
            // preopen) and requires a directory, with or without SYMLINK_FOLLOW.
            _ => fstat(open_path(e.host, &path, follow)?.0)?,
        };
        m.write_struct(
            out as u32,
            &encode_filestat(&st, snap),
            &filestat_padding(snap),
        )
    })
}

pub fn path_filestat_get(
    cx: HostCx,
    fd: i32,
    flags: i32,
    path: i32,
    path_len: i32,
    out: i32,
) -> i32 {
    path_filestat_get_snap(cx, Snapshot::Preview1, fd, flags, path, path_len, out)
}

#[allow(clippy::too_many_arguments)] // WASI's signature
pub fn path_filestat_set_times(
    cx: HostCx,
    fd: i32,
    flags: i32,
    path: i32,
    path_len: i32,
    atim: i64,
    mtim: i64,
    fst: i32,
) -> i32 {
    with_mem(cx, |m| {
        let (e, path) = dir_and_path(m, fd, path, path_len)?;
        let ts = utimes(atim, mtim, fst)?;
        let f = open_path(e.host, &path, flags as u32 & SYMLINK_FOLLOW != 0)?;
        if filetype::from_mode(fstat(f.0)?.st_mode) == filetype::SYMBOLIC_LINK {
            // The link itself: act on its name in its (sandboxed) parent.
            let (parent, name) = split_parent(e.host, &path, TrailingSlash::Resolve)?;
            // SAFETY: `name` is NUL-terminated, `ts` holds two timespecs.
            let r = unsafe {
                libc::utimensat(
                    parent.0,
                    name.as_ptr(),
                    ts.as_ptr(),
                    libc::AT_SYMLINK_NOFOLLOW,
                )
            };
            return check(r).map(drop);
        }
        // An O_PATH descriptor cannot be passed to futimens; go through its /proc link.
        let proc = cstr(&format!("/proc/self/fd/{}", f.0))?;
        // SAFETY: `proc` is NUL-terminated, `ts` holds two timespecs.
        check(unsafe { libc::utimensat(libc::AT_FDCWD, proc.as_ptr(), ts.as_ptr(), 0) }).map(drop)
    })
}

pub fn path_create_directory(cx: HostCx, fd: i32, path: i32, len: i32) -> i32 {
    with_mem(cx, |m| {
        let (e, path) = dir_and_path(m, fd, path, len)?;
        let (parent, name) =
            split_parent(e.host, &path, TrailingSlash::KeepForHost).map_err(|e| {
                if e == Errno::INVAL {
                    Errno::EXIST
                } else {
                    e
                }
            })?;
        // SAFETY: `name` is NUL-terminated.
        check(unsafe { libc::mkdirat(parent.0, name.as_ptr(), 0o777) }).map(drop)
    })
}

/// `unlinkat` of `path` beneath `fd` with `flags` (0 or AT_REMOVEDIR).
fn unlink(m: &GuestMem, fd: i32, path: i32, len: i32, flags: i32) -> WasiResult<()> {
    let (e, path) = dir_and_path(m, fd, path, len)?;
    let (parent, name) = split_parent(e.host, &path, TrailingSlash::Resolve)?;
    // SAFETY: `name` is NUL-terminated.
    check(unsafe { libc::unlinkat(parent.0, name.as_ptr(), flags) }).map(drop)
}

pub fn path_unlink_file(cx: HostCx, fd: i32, path: i32, len: i32) -> i32 {
    with_mem(cx, |m| {
        unlink(m, fd, path, len, 0).map_err(|e| if e == Errno::INVAL { Errno::ISDIR } else { e })
    })
}

pub fn path_remove_directory(cx: HostCx, fd: i32, path: i32, len: i32) -> i32 {
    with_mem(cx, |m| unlink(m, fd, path, len, libc::AT_REMOVEDIR))
}

pub fn path_rename(
    cx: HostCx,
    fd: i32,
    old: i32,
    old_len: i32,
    new_fd: i32,
    new: i32,
    new_len: i32,
) -> i32 {
    with_mem(cx, |m| {
        let (e1, old) = dir_and_path(m, fd, old, old_len)?;
        let (e2, new) = dir_and_path(m, new_fd, new, new_len)?;
        let (p1, n1) = split_parent(e1.host, &old, TrailingSlash::KeepForHost)?;
        let (p2, n2) = split_parent(e2.host, &new, TrailingSlash::KeepForHost)?;
        // SAFETY: both names are NUL-terminated.
        check(unsafe { libc::renameat(p1.0, n1.as_ptr(), p2.0, n2.as_ptr()) }).map(drop)
    })
}

#[allow(clippy::too_many_arguments)] // WASI's signature
pub fn path_link(
    cx: HostCx,
    fd: i32,
    flags: i32,
    old: i32,
    old_len: i32,
    new_fd: i32,
    new: i32,
    new_len: i32,
) -> i32 {
    with_mem(cx, |m| {
        if flags as u32 & SYMLINK_FOLLOW != 0 {
            // wasmtime refuses to follow: the target could lie outside the sandbox.
            return Err(Errno::INVAL);
        }
        let (e1, old) = dir_and_path(m, fd, old, old_len)?;
        let (e2, new) = dir_and_path(m, new_fd, new, new_len)?;
        let (p1, n1) = split_parent(e1.host, &old, TrailingSlash::Resolve)?;
        let (p2, n2) = split_parent(e2.host, &new, TrailingSlash::Resolve)?;
        // SAFETY: both names are NUL-terminated.
        check(unsafe { libc::linkat(p1.0, n1.as_ptr(), p2.0, n2.as_ptr(), 0) }).map(drop)
    })
}

pub fn path_symlink(cx: HostCx, old: i32, old_len: i32, fd: i32, new: i32, new_len: i32) -> i32 {
    with_mem(cx, |m| {
        let target = cstr(&m.read_str(old as u32, old_len as u32)?)?;
        let (e, new) = dir_and_path(m, fd, new, new_len)?;
        if target.as_bytes().first() == Some(&b'/') {
            // An absolute target could only ever point outside the sandbox.
            return Err(Errno::PERM);
        }
        let (parent, name) = split_parent(e.host, &new, TrailingSlash::Resolve)?;
        // SAFETY: both strings are NUL-terminated.
        check(unsafe { libc::symlinkat(target.as_ptr(), parent.0, name.as_ptr()) }).map(drop)
    })
}

pub fn path_readlink(
    cx: HostCx,
    fd: i32,
    path: i32,
    path_len: i32,
    buf: i32,
    buf_len: i32,
    out: i32,
) -> i32 {
    with_mem(cx, |m| {
        let (e, path) = dir_and_path(m, fd, path, path_len)?;
        let (parent, name) = split_parent(e.host, &path, TrailingSlash::Resolve)?;
        let mut target = vec![0u8; 4096];
        // SAFETY: `name` is NUL-terminated and `target` has room for its length.
        let n = check(unsafe {
            libc::readlinkat(
                parent.0,
                name.as_ptr(),
                target.as_mut_ptr() as *mut libc::c_char,
                target.len(),
            )
        })? as usize;
        if target.first() == Some(&b'/') {
            // As wasmtime (cap-std): an absolute target is outside the sandbox by definition.
            return Err(Errno::PERM);
        }
        let n = n.min(buf_len as u32 as usize);
        m.write(buf as u32, &target[..n])?;
        m.write_u32(out as u32, n as u32)
    })
}

#[cfg(test)]
mod tests {
    use super::super::memory::tests::FakeInstance;
    use super::super::testutil::{sandbox, setup};
    use super::*;

    /// Puts `path` at 512 and calls `path_open` on the preopen (fd 3).
    fn open(
        f: &mut FakeInstance,
        path: &str,
        dirflags: i32,
        oflags: i32,
        rights: i64,
    ) -> Result<i32, i32> {
        f.put(512, path.as_bytes());
        let v = f.cx();
        let r = path_open(
            v,
            3,
            dirflags,
            512,
            path.len() as i32,
            oflags,
            rights,
            rights,
            0,
            0,
        );
        if r == 0 {
            Ok(f.u32_at(0) as i32)
        } else {
            Err(r)
        }
    }

    #[test]
    fn cannot_escape_the_preopen() {
        setup();
        let root = sandbox().join("esc");
        let _ = std::fs::create_dir_all(root.join("sub"));
        let _ = std::os::unix::fs::symlink("/etc", root.join("abs"));
        let _ = std::os::unix::fs::symlink("../../..", root.join("rel"));
        let mut f = FakeInstance::new(1024);
        let rd = rights::FD_READ as i64;
        assert_eq!(open(&mut f, "../x", 0, 0, rd), Err(63));
        assert_eq!(open(&mut f, "/etc/passwd", 1, 0, rd), Err(63));
        assert_eq!(open(&mut f, "esc/sub/../../..", 1, 0, rd), Err(63));
        assert_eq!(open(&mut f, "esc/abs/passwd", 1, 0, rd), Err(63));
        assert_eq!(open(&mut f, "esc/rel", 1, 2, rd), Err(63));
        assert_eq!(open(&mut f, "esc/abs", 0, 2, rd), Err(32));
        // Inside is fine, including `..` that stays inside.
        let d = open(&mut f, "esc/sub/..", 1, 2, rd).unwrap();
        let v = f.cx();
        assert_eq!(fd_close_for_test(v, d), 0);
        // Final-component operations cannot name the outside either.
        f.put(512, b"..");
        let v = f.cx();
        assert_eq!(path_remove_directory(v, 3, 512, 2), 63);
        assert_eq!(path_create_directory(v, 3, 512, 2), 63);
        assert_eq!(path_unlink_file(v, 3, 512, 1), 31);
        assert_eq!(path_create_directory(v, 3, 512, 1), 20);
        assert_eq!(path_remove_directory(v, 3, 512, 1), 28);
        assert_eq!(path_filestat_get(v, 3, 0, 512, 2, 0), 63);
        f.put(512, b"esc/abs/hostname");
        let v = f.cx();
        assert_eq!(path_unlink_file(v, 3, 512, 16), 63);
        assert_eq!(path_open(v, 3, 0, 512, 2000, 0, 0, 0, 0, 0), 21);
    }

    #[test]
    fn lone_component_follows_rust_paths() {
        for (path, lone) in [
            ("obj", Some("obj")),
            ("obj/", Some("obj")),
            ("obj//./", Some("obj")),
            ("obj/.", Some("obj")),
            (".", Some(".")),
            ("./", Some(".")),
            ("./obj", None),
            ("obj/..", None),
            ("..", None),
            ("a/b", None),
            ("/", None),
            ("/etc", None),
            ("", None),
        ] {
            assert_eq!(lone_component(path), lone, "{path:?}");
        }
    }

    fn fd_close_for_test(v: HostCx, fd: i32) -> i32 {
        super::super::fd::fd_close(v, fd)
    }

    #[test]
    fn create_stat_rename_unlink() {
        setup();
        let mut f = FakeInstance::new(1024);
        let put = |f: &mut FakeInstance, at: usize, s: &str| {
            f.put(at, s.as_bytes());
            s.len() as i32
        };
        let n = put(&mut f, 512, "cs");
        let v = f.cx();
        assert_eq!(path_create_directory(v, 3, 512, n), 0);
        assert_eq!(path_create_directory(v, 3, 512, n), 20);
        let w = (rights::FD_WRITE | rights::FD_READ) as i64;
        let fd = open(&mut f, "cs/file.txt", 0, 1 | 4, w).unwrap();
        assert_eq!(open(&mut f, "cs/file.txt", 0, 1 | 4, w), Err(20));
        let v = f.cx();
        assert_eq!(super::super::fd::fd_fdstat_get(v, fd, 64), 0);
        assert_eq!(f.mem[64], filetype::REGULAR_FILE);
        let n = put(&mut f, 512, "cs/file.txt");
        let v = f.cx();
        assert_eq!(path_filestat_get(v, 3, 0, 512, n, 64), 0);
        assert_eq!(f.mem[64 + 16], filetype::REGULAR_FILE);
        let m = put(&mut f, 600, "cs/moved.txt");
        let v = f.cx();
        assert_eq!(path_rename(v, 3, 512, n, 3, 600, m), 0);
        assert_eq!(path_filestat_get(v, 3, 0, 512, n, 64), 44);
        let n = put(&mut f, 512, "cs");
        let v = f.cx();
        assert_eq!(path_remove_directory(v, 3, 512, n), 55);
        assert_eq!(path_unlink_file(v, 3, 600, m), 0);
        assert_eq!(path_remove_directory(v, 3, 512, n), 0);
        assert_eq!(fd_close_for_test(v, fd), 0);
        assert!(!sandbox().join("cs").exists());
    }
}
