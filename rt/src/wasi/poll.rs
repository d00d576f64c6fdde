//! `poll_oneoff`: waits for clock timeouts and fd readiness. Subscription layouts differ
//! between snapshots (snapshot 0's clock subscription has an extra `identifier` field);
//! events are laid out identically.

use super::clock;
use super::errno::{Errno, WasiResult};
use super::fd::Snapshot;
use super::memory::GuestMem;
use super::{ctx, with_mem};

const EVENT_SIZE: u32 = 32;

enum Sub {
    /// Deadline in nanoseconds from the start of the call.
    Clock {
        after: u64,
    },
    Fd {
        fd: u32,
        write: bool,
    },
}

struct Subscription {
    userdata: u64,
    kind: u8,
    sub: Sub,
}

fn le_u64(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

fn le_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn parse(b: &[u8], snap: Snapshot) -> WasiResult<Subscription> {
    let userdata = le_u64(b, 0);
    let kind = b[8];
    let sub = match kind {
        0 => {
            let base = if snap == Snapshot::Unstable { 24 } else { 16 };
            let id = le_u32(b, base);
            let timeout = le_u64(b, base + 8);
            let flags = u16::from_le_bytes([b[base + 24], b[base + 25]]);
            let after = if flags & 1 != 0 {
                timeout.saturating_sub(clock::now(id)?)
            } else {
                clock::host_clock(id)?;
                timeout
            };
            Sub::Clock { after }
        }
        1 | 2 => Sub::Fd {
            fd: le_u32(b, 16),
            write: kind == 2,
        },
        _ => return Err(Errno::INVAL),
    };
    Ok(Subscription {
        userdata,
        kind,
        sub,
    })
}

fn event(userdata: u64, error: Errno, kind: u8, nbytes: u64, hangup: bool) -> [u8; 32] {
    let mut e = [0u8; 32];
    e[0..8].copy_from_slice(&userdata.to_le_bytes());
    e[8..10].copy_from_slice(&error.0.to_le_bytes());
    e[10] = kind;
    e[16..24].copy_from_slice(&nbytes.to_le_bytes());
    e[24..26].copy_from_slice(&u16::from(hangup).to_le_bytes());
    e
}

fn poll_oneoff(
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
    let raw = m.read(inp, n.checked_mul(size).ok_or(Errno::FAULT)?)?;
    m.check(out, n.checked_mul(EVENT_SIZE).ok_or(Errno::FAULT)?)?;
    m.check(nevents, 4)?;
    let subs = raw
        .chunks_exact(size as usize)
        .map(|c| parse(c, snap))
        .collect::<WasiResult<Vec<_>>>()?;
    let mut events: Vec<[u8; 32]> = Vec::new();
    let mut pollfds = Vec::new();
    let mut polled = Vec::new();
    for s in &subs {
        if let Sub::Fd { fd, write } = s.sub {
            match ctx().entry(fd) {
                Ok(e) => {
                    pollfds.push(libc::pollfd {
                        fd: e.host,
                        events: if write { libc::POLLOUT } else { libc::POLLIN },
                        revents: 0,
                    });
                    polled.push((s, e));
                }
                Err(err) => events.push(event(s.userdata, err, s.kind, 0, false)),
            }
        }
    }
    let timeout = subs
        .iter()
        .filter_map(|s| match s.sub {
            Sub::Clock { after } => Some(after),
            _ => None,
        })
        .min();
    let start = clock::now(1)?;
    if events.is_empty() {
        loop {
            let elapsed = clock::now(1)?.saturating_sub(start);
            let left = timeout.map(|t| t.saturating_sub(elapsed));
            let ts = left.map(|l| libc::timespec {
                tv_sec: (l / 1_000_000_000).min(i64::MAX as u64) as i64,
                tv_nsec: (l % 1_000_000_000) as i64,
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
            if r < 0 {
                if Errno::last() == Errno::INTR {
                    continue;
                }
                return Err(Errno::last());
            }
            break;
        }
    }
    for (p, (s, e)) in pollfds.iter().zip(&polled) {
        if p.revents == 0 {
            continue;
        }
        let hangup = p.revents & libc::POLLHUP != 0;
        let err = if p.revents & libc::POLLNVAL != 0 {
            Errno::BADF
        } else {
            Errno::SUCCESS
        };
        let mut nbytes: libc::c_int = 0;
        if s.kind == 1 {
            // SAFETY: FIONREAD writes one int.
            unsafe { libc::ioctl(e.host, libc::FIONREAD, &mut nbytes) };
        }
        events.push(event(s.userdata, err, s.kind, nbytes.max(0) as u64, hangup));
    }
    let elapsed = clock::now(1)?.saturating_sub(start);
    for s in &subs {
        if let Sub::Clock { after } = s.sub {
            if after <= elapsed {
                events.push(event(s.userdata, Errno::SUCCESS, 0, 0, false));
            }
        }
    }
    for (i, e) in events.iter().enumerate() {
        m.write(out + i as u32 * EVENT_SIZE, e)?;
    }
    m.write_u32(nevents, events.len() as u32)
}

/// `poll_oneoff` for either snapshot.
pub fn poll(vmctx: *mut u8, snap: Snapshot, inp: i32, out: i32, n: i32, nevents: i32) -> i32 {
    with_mem(vmctx, |m| {
        poll_oneoff(m, snap, inp as u32, out as u32, n as u32, nevents as u32)
    })
}

#[no_mangle]
pub extern "C" fn __w2n_host_poll_oneoff(
    vmctx: *mut u8,
    inp: i32,
    out: i32,
    n: i32,
    nevents: i32,
) -> i32 {
    poll(vmctx, Snapshot::Preview1, inp, out, n, nevents)
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
            let v = f.vmctx();
            assert_eq!(poll(v, snap, 0, 256, 1, 512), 0);
            assert!(clock::now(1).unwrap() - t0 >= 5_000_000);
            assert_eq!(f.u32_at(512), 1);
            assert_eq!(f.u64_at(256), 77);
            assert_eq!(f.mem[256 + 10], 0);
        }
        let mut f = FakeInstance::new(1024);
        let v = f.vmctx();
        assert_eq!(poll(v, Snapshot::Preview1, 0, 256, 0, 512), 28);
        assert_eq!(poll(v, Snapshot::Preview1, 1000, 256, 1, 512), 21);
    }
}
