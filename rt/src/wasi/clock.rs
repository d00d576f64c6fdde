//! `clock_res_get` and `clock_time_get`: realtime, monotonic and process/thread CPU-time
//! clocks (same clock ids in both snapshots), as nanosecond `timestamp`s.

use super::errno::{Errno, WasiResult};
use super::{with_mem, HostCx};

/// The host clock for a WASI clock id.
pub fn host_clock(id: u32) -> WasiResult<libc::clockid_t> {
    Ok(match id {
        0 => libc::CLOCK_REALTIME,
        1 => libc::CLOCK_MONOTONIC,
        2 => libc::CLOCK_PROCESS_CPUTIME_ID,
        3 => libc::CLOCK_THREAD_CPUTIME_ID,
        _ => return Err(Errno::INVAL),
    })
}

fn ts_nanos(ts: &libc::timespec) -> u64 {
    (ts.tv_sec as u64)
        .wrapping_mul(1_000_000_000)
        .wrapping_add(ts.tv_nsec as u64)
}

/// Current time of WASI clock `id` in nanoseconds.
pub fn now(id: u32) -> WasiResult<u64> {
    let clock = host_clock(id)?;
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-pointer.
    if unsafe { libc::clock_gettime(clock, &mut ts) } != 0 {
        return Err(Errno::last());
    }
    Ok(ts_nanos(&ts))
}

/// Resolution of WASI clock `id` in nanoseconds.
pub fn resolution(id: u32) -> WasiResult<u64> {
    let clock = host_clock(id)?;
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-pointer.
    if unsafe { libc::clock_getres(clock, &mut ts) } != 0 {
        return Err(Errno::last());
    }
    Ok(ts_nanos(&ts).max(1))
}

/// wasmtime 49 offers only the realtime and monotonic clocks to programs: the CPU-time clocks
/// (2 and 3) are `BADF`, unknown ids `INVAL`.
fn guest_clock(id: i32) -> WasiResult<u32> {
    match id {
        0 | 1 => Ok(id as u32),
        2 | 3 => Err(Errno::BADF),
        _ => Err(Errno::INVAL),
    }
}

pub fn clock_res_get(cx: HostCx, id: i32, out: i32) -> i32 {
    with_mem(cx, |m| {
        m.write_u64(out as u32, resolution(guest_clock(id)?)?)
    })
}

pub fn clock_time_get(cx: HostCx, id: i32, _precision: i64, out: i32) -> i32 {
    with_mem(cx, |m| m.write_u64(out as u32, now(guest_clock(id)?)?))
}

#[cfg(test)]
mod tests {
    use super::super::memory::tests::FakeInstance;
    use super::*;

    #[test]
    fn monotonic_increases() {
        let mut f = FakeInstance::new(64);
        let v = f.cx();
        assert_eq!(clock_time_get(v, 1, 1, 0), 0);
        let a = f.u64_at(0);
        std::thread::sleep(std::time::Duration::from_millis(2));
        assert_eq!(clock_time_get(v, 1, 1, 8), 0);
        assert!(f.u64_at(8) >= a + 2_000_000);
    }

    #[test]
    fn all_clocks_and_errors() {
        let mut f = FakeInstance::new(64);
        let v = f.cx();
        for id in 0..2 {
            assert_eq!(clock_time_get(v, id, 0, 0), 0);
            assert_eq!(clock_res_get(v, id, 8), 0);
            assert!(f.u64_at(8) >= 1);
        }
        for id in 2..4 {
            assert_eq!(clock_time_get(v, id, 0, 0), 8);
            assert_eq!(clock_res_get(v, id, 8), 8);
        }
        // Realtime is after 2020.
        assert_eq!(clock_time_get(v, 0, 0, 0), 0);
        assert!(f.u64_at(0) > 1_577_836_800_000_000_000);
        assert_eq!(clock_time_get(v, 4, 0, 0), 28);
        assert_eq!(clock_time_get(v, 1, 0, 60), 21);
        assert_eq!(clock_res_get(v, 1, -1), 21);
    }
}
