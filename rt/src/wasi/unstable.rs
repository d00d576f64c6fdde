//! `wasi_unstable` (snapshot 0) entry points whose behaviour or layouts differ from preview1:
//! `fd_seek` whence numbering, the 56-byte `filestat` (u32 `nlink`) and the clock
//! subscription with an `identifier` field, and `fd_fdstat_get` without the `sock_accept`
//! right snapshot 0 does not define. Everything else is shared with preview1.

use super::fd::{fd_fdstat_get_snap, fd_filestat_get_snap, fd_seek_snap, Snapshot};
use super::HostCx;

pub fn unstable_fd_fdstat_get(cx: HostCx, fd: i32, out: i32) -> i32 {
    fd_fdstat_get_snap(cx, Snapshot::Unstable, fd, out)
}

pub fn unstable_fd_seek(cx: HostCx, fd: i32, offset: i64, whence: i32, out: i32) -> i32 {
    fd_seek_snap(cx, Snapshot::Unstable, fd, offset, whence, out)
}

pub fn unstable_fd_filestat_get(cx: HostCx, fd: i32, out: i32) -> i32 {
    fd_filestat_get_snap(cx, Snapshot::Unstable, fd, out)
}

pub fn unstable_path_filestat_get(
    cx: HostCx,
    fd: i32,
    flags: i32,
    path: i32,
    path_len: i32,
    out: i32,
) -> i32 {
    super::path::path_filestat_get_snap(cx, Snapshot::Unstable, fd, flags, path, path_len, out)
}

pub fn unstable_poll_oneoff(cx: HostCx, inp: i32, out: i32, n: i32, nevents: i32) -> i32 {
    super::poll::poll(cx, Snapshot::Unstable, inp, out, n, nevents)
}
