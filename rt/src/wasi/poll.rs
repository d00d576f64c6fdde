//! `poll_oneoff`: waits for clock timeouts and fd readiness. Subscription layouts differ
//! between snapshots (snapshot 0's clock subscription has an extra `identifier` field);
//! events are laid out identically.
//!
//! Behaviour follows wasmtime 49's preview1 adapter:
//! - a single relative clock subscription just sleeps (any clock id) and reports `nbytes` 1;
//! - otherwise only the monotonic and realtime clocks may be used (`INVAL`), and fd
//!   subscriptions must name stdin (read), stdout/stderr (write) or a regular file, else the
//!   whole call fails with `BADF`;
//! - writes to stdio and files are ready at once, and when any subscription is ready at once
//!   (those, and clocks already due) only those are reported; reads from regular files are
//!   ready next; stdin and the clocks are waited for with `ppoll`;
//! - fd events report `nbytes` 1 (file reads add HANGUP at end of file), clock events 0, in
//!   subscription order.

use super::clock;
use super::errno::{Errno, WasiResult};
use super::fd::Snapshot;
use super::fdtable::{FdEntry, Kind};
use super::memory::GuestMem;
use super::{with_mem, HostCx, WasiCtx};
use std::sync::Arc;

const EVENT_SIZE: u32 = 32;
/// The padding of an `event` (after `type`, and after the fd_readwrite `flags`): never
/// written, as in wasmtime.
const EVENT_PADDING: [(usize, usize); 2] = [(11, 16), (26, 32)];
const CLOCK: u8 = 0;
const FD_READ: u8 = 1;
const FD_WRITE: u8 = 2;
const HANGUP: u16 = 1;

/// A decoded subscription, before its fd is looked up.
struct Raw {
    userdata: u64,
    kind: u8,
    /// Clock: id, timeout, absolute.
    clock: (u32, u64, bool),
    fd: u32,
}

fn le_u64(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

fn le_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Decodes one subscription; unknown event types and clock ids are `INVAL`.
fn decode(b: &[u8], snap: Snapshot) -> WasiResult<Raw> {
    let kind = b[8];
    let base = if snap == Snapshot::Unstable { 24 } else { 16 };
    let id = le_u32(b, base);
    let flags = u16::from_le_bytes([b[base + 24], b[base + 25]]);
    if kind > FD_WRITE || (kind == CLOCK && (id > 3 || flags & !1 != 0)) {
        return Err(Errno::INVAL);
    }
    Ok(Raw {
        userdata: le_u64(b, 0),
        kind,
        clock: (id, le_u64(b, base + 8), flags & 1 != 0),
        fd: le_u32(b, 16),
    })
}

fn event(userdata: u64, kind: u8, nbytes: u64, flags: u16) -> [u8; 32] {
    let mut e = [0u8; 32];
    e[0..8].copy_from_slice(&userdata.to_le_bytes());
    e[10] = kind;
    e[16..24].copy_from_slice(&nbytes.to_le_bytes());
    e[24..26].copy_from_slice(&flags.to_le_bytes());
    e
}

fn sleep_ns(ns: u64) {
    std::thread::sleep(std::time::Duration::from_nanos(ns));
}

/// What a subscription waits for.
enum Wait {
    /// Monotonic deadline in nanoseconds.
    Clock(u64),
    Stdin(Arc<FdEntry>),
    FileRead(Arc<FdEntry>),
    /// Writes to stdio or files: always ready.
    Write,
}

fn prepare(wasi: &WasiCtx, r: &Raw, start: u64) -> WasiResult<Wait> {
    Ok(match r.kind {
        CLOCK => {
            let (id, timeout, abs) = r.clock;
            let after = match (id, abs) {
                (1, true) => timeout.saturating_sub(start),
                (0 | 1, false) => timeout,
                // wasmtime converts an absolute realtime deadline into a relative one.
                (0, true) => timeout.saturating_sub(clock::now(0)?),
                _ => return Err(Errno::INVAL),
            };
            Wait::Clock(start.saturating_add(after))
        }
        _ => {
            let e = wasi.entry(r.fd)?;
            match (r.kind, &e.kind) {
                (FD_READ, Kind::Stdio) if e.is_stdin() => Wait::Stdin(e),
                (FD_READ, Kind::File) => Wait::FileRead(e),
                (FD_WRITE, Kind::Stdio) if !e.is_stdin() => Wait::Write,
                (FD_WRITE, Kind::File) => Wait::Write,
                _ => return Err(Errno::BADF),
            }
        }
    })
}

/// The fd event of a ready read subscription on a regular file.
fn file_read_flags(e: &FdEntry) -> u16 {
    let size = super::fd::fstat(e.host).map_or(0, |st| st.st_size as u64);
    // SAFETY: lseek with SEEK_CUR only reads the offset.
    let pos = unsafe { libc::lseek(e.host, 0, libc::SEEK_CUR) }.max(0) as u64;
    if size <= pos {
        HANGUP
    } else {
        0
    }
}

fn poll_subscriptions(
    m: &GuestMem,
    snap: Snapshot,
    inp: u32,
    out: u32,
    n: u32,
    nevents: u32,
) -> WasiResult<()> {
    if n == 0 {
        return Err(Errno::INVAL);
    }
    let size = if snap == Snapshot::Unstable { 56 } else { 48 };
    if n == 1 {
        let r = decode(&m.read(inp, size)?, snap)?;
        if r.kind == CLOCK && !r.clock.2 {
            sleep_ns(r.clock.1);
            m.write_struct(out, &event(r.userdata, CLOCK, 1, 0), &EVENT_PADDING)?;
            return m.write_u32(nevents, 1);
        }
    }
    m.consume_fuel(u64::from(n) * u64::from(size))?;
    m.consume_fuel(u64::from(n) * u64::from(EVENT_SIZE))?;
    let raw = m.read(inp, n.checked_mul(size).ok_or(Errno::FAULT)?)?;
    let start = clock::now(1)?;
    let subs = raw
        .chunks_exact(size as usize)
        .map(|c| {
            let r = decode(c, snap)?;
            let w = prepare(m.wasi(), &r, start)?;
            Ok((r, w))
        })
        .collect::<WasiResult<Vec<_>>>()?;

    // Ready at once: writes and clocks already due; next: file reads; else wait.
    let due = |w: &Wait, now: u64| matches!(w, Wait::Clock(d) if *d <= now);
    let mut ready: Vec<bool> = subs
        .iter()
        .map(|(_, w)| matches!(w, Wait::Write) || due(w, start))
        .collect();
    if !ready.contains(&true) {
        ready = subs
            .iter()
            .map(|(_, w)| matches!(w, Wait::FileRead(_)))
            .collect();
    }
    while !ready.contains(&true) {
        let now = clock::now(1)?;
        let deadline = subs
            .iter()
            .filter_map(|(_, w)| match w {
                Wait::Clock(d) => Some(*d),
                _ => None,
            })
            .min();
        let mut pollfds: Vec<libc::pollfd> = subs
            .iter()
            .filter_map(|(_, w)| match w {
                Wait::Stdin(e) => Some(libc::pollfd {
                    fd: e.host,
                    events: libc::POLLIN,
                    revents: 0,
                }),
                _ => None,
            })
            .collect();
        let ts = deadline.map(|d| {
            let left = d.saturating_sub(now);
            libc::timespec {
                tv_sec: (left / 1_000_000_000).min(i64::MAX as u64) as i64,
                tv_nsec: (left % 1_000_000_000) as i64,
            }
        });
        let tsp = ts.as_ref().map_or(core::ptr::null(), |t| t as *const _);
        // SAFETY: `pollfds` is a valid array of its length; `tsp` is null or valid.
        let r = unsafe {
            libc::ppoll(
                pollfds.as_mut_ptr(),
                pollfds.len() as libc::nfds_t,
                tsp,
                core::ptr::null(),
            )
        };
        if r < 0 && Errno::last() != Errno::INTR {
            return Err(Errno::last());
        }
        let now = clock::now(1)?;
        let stdin_ready = pollfds.iter().any(|p| p.revents != 0);
        ready = subs
            .iter()
            .map(|(_, w)| due(w, now) || (matches!(w, Wait::Stdin(_)) && stdin_ready))
            .collect();
    }

    let mut count = 0u32;
    for ((r, w), _) in subs.iter().zip(&ready).filter(|(_, &rd)| rd) {
        let ev = match w {
            Wait::Clock(_) => event(r.userdata, CLOCK, 0, 0),
            Wait::FileRead(e) => event(r.userdata, FD_READ, 1, file_read_flags(e)),
            Wait::Stdin(_) | Wait::Write => event(r.userdata, r.kind, 1, 0),
        };
        m.write_struct(out + count * EVENT_SIZE, &ev, &EVENT_PADDING)?;
        count += 1;
    }
    m.write_u32(nevents, count)
}

/// `poll_oneoff` for either snapshot.
pub fn poll(cx: HostCx, snap: Snapshot, inp: i32, out: i32, n: i32, nevents: i32) -> i32 {
    with_mem(cx, |m| {
        poll_subscriptions(m, snap, inp as u32, out as u32, n as u32, nevents as u32)
    })
}

pub fn poll_oneoff(cx: HostCx, inp: i32, out: i32, n: i32, nevents: i32) -> i32 {
    poll(cx, Snapshot::Preview1, inp, out, n, nevents)
}

#[cfg(test)]
mod tests {
    use super::super::memory::tests::FakeInstance;
    use super::*;

    fn clock_sub(f: &mut FakeInstance, at: usize, snap: Snapshot, userdata: u64, ns: u64) {
        f.put(at, &userdata.to_le_bytes());
        f.put(at + 8, &[0]);
        let base = at + if snap == Snapshot::Unstable { 24 } else { 16 };
        f.put(base, &1u32.to_le_bytes());
        f.put(base + 8, &ns.to_le_bytes());
        f.put(base + 24, &0u16.to_le_bytes());
    }

    #[test]
    fn clock_subscriptions_sleep() {
        for snap in [Snapshot::Preview1, Snapshot::Unstable] {
            let mut f = FakeInstance::new(1024);
            clock_sub(&mut f, 0, snap, 77, 5_000_000);
            let t0 = clock::now(1).unwrap();
            let v = f.cx();
            assert_eq!(poll(v, snap, 0, 256, 1, 512), 0);
            assert!(clock::now(1).unwrap() - t0 >= 5_000_000);
            assert_eq!(f.u32_at(512), 1);
            assert_eq!(f.u64_at(256), 77);
            assert_eq!(f.mem[256 + 10], 0);
        }
        let mut f = FakeInstance::new(1024);
        let v = f.cx();
        assert_eq!(poll(v, Snapshot::Preview1, 0, 256, 0, 512), 28);
        assert_eq!(poll(v, Snapshot::Preview1, 1000, 256, 1, 512), 21);
    }
}
