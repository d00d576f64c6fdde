//! `memory.atomic.wait32/64` and `memory.atomic.notify`: a parking lot keyed by host address
//! (one per runtime, [`ParkingLot`]).
//!
//! Invariants: waiters are queued in one of `BUCKETS` buckets chosen by address; each bucket
//! has a mutex over its waiter list. A waiter compares the memory value and enqueues itself
//! while holding the bucket lock, and a notifier dequeues while holding the same lock, so a
//! notify that follows (in memory order) the store a waiter is about to miss always finds the
//! waiter queued: no lost wake-ups, for 32- and 64-bit waits alike. Each thread sleeps on its
//! own futex word (`PARK`); a notifier removes the waiters it wakes from the queue and marks
//! their word under the lock, then wakes exactly those threads after releasing it — no
//! thundering herd, and a woken thread never blocks again on the bucket lock. Waiters are woken
//! in FIFO order; a waiter that is no longer queued when its timeout expires was notified and
//! reports "woken" (0).

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

const BUCKETS: usize = 64;

/// A queued waiter: the address it waits on and its thread's futex word.
struct Waiter {
    addr: usize,
    park: *const AtomicU32,
}

// SAFETY: `park` points at a thread-local that outlives the waiter's stay in the queue (the
// waiter cannot return while queued); other threads only store to it and futex-wake it.
unsafe impl Send for Waiter {}

/// The waiters of one runtime, in buckets by address.
pub struct ParkingLot {
    buckets: [Mutex<Vec<Waiter>>; BUCKETS],
}

impl Default for ParkingLot {
    fn default() -> Self {
        ParkingLot::new()
    }
}

thread_local! {
    /// This thread's futex word: 0 while parked, 1 once a notifier has dequeued it.
    static PARK: AtomicU32 = const { AtomicU32::new(0) };
}

/// Result of a wait, as the wasm operators return it.
pub const WOKEN: i32 = 0;
pub const NOT_EQUAL: i32 = 1;
pub const TIMED_OUT: i32 = 2;

fn lock(b: &Mutex<Vec<Waiter>>) -> MutexGuard<'_, Vec<Waiter>> {
    b.lock().unwrap_or_else(|e| e.into_inner())
}

/// Sleeps while `*word == 0`, at most `timeout` (None = forever); may return spuriously.
fn futex_wait(word: &AtomicU32, timeout: Option<Duration>) {
    let ts = timeout.map(|d| libc::timespec {
        tv_sec: d.as_secs().min(i64::MAX as u64) as libc::time_t,
        tv_nsec: d.subsec_nanos() as libc::c_long,
    });
    let ts_ptr = ts
        .as_ref()
        .map_or(std::ptr::null(), |t| t as *const libc::timespec);
    // SAFETY: FUTEX_WAIT on a live, aligned u32; the kernel compares it with 0 atomically.
    unsafe {
        libc::syscall(
            libc::SYS_futex,
            word.as_ptr(),
            libc::FUTEX_WAIT | libc::FUTEX_PRIVATE_FLAG,
            0u32,
            ts_ptr,
        );
    }
}

/// Wakes the thread sleeping on `word`. The word may belong to a thread that has already
/// returned (even exited): a private FUTEX_WAKE never dereferences the address.
fn futex_wake(word: *const AtomicU32) {
    // SAFETY: FUTEX_WAKE only uses the address as a key.
    unsafe {
        libc::syscall(
            libc::SYS_futex,
            word,
            libc::FUTEX_WAKE | libc::FUTEX_PRIVATE_FLAG,
            1,
        );
    }
}

/// Iterations of the spin before a waiter sleeps (each a CPU `pause`).
const SPIN: u32 = 200;

/// Spins up to `SPIN` times; true if the waiter was marked woken meanwhile.
fn spin_until_woken(park: &AtomicU32) -> bool {
    for _ in 0..SPIN {
        if park.load(Ordering::Acquire) == 1 {
            return true;
        }
        std::hint::spin_loop();
    }
    false
}

impl ParkingLot {
    pub const fn new() -> Self {
        ParkingLot {
            buckets: [const { Mutex::new(Vec::new()) }; BUCKETS],
        }
    }

    fn bucket(&self, addr: usize) -> &Mutex<Vec<Waiter>> {
        // Fibonacci hashing of the address; 8-byte neighbours land in different buckets.
        let h = (addr as u64 >> 2).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        &self.buckets[(h >> 58) as usize % BUCKETS]
    }

    /// Blocks until notified or timed out, if `value_matches()` holds when checked under the lock.
    fn wait(&self, addr: usize, value_matches: impl FnOnce() -> bool, timeout_ns: i64) -> i32 {
        let b = self.bucket(addr);
        PARK.with(|park| {
            let mut list = lock(b);
            if !value_matches() {
                return NOT_EQUAL;
            }
            park.store(0, Ordering::Relaxed);
            list.push(Waiter { addr, park });
            drop(list);
            let deadline = if timeout_ns >= 0 {
                Instant::now().checked_add(Duration::from_nanos(timeout_ns as u64))
            } else {
                None
            };
            loop {
                if park.load(Ordering::Acquire) == 1 {
                    return WOKEN;
                }
                let remaining = match deadline {
                    // No timeout, or a deadline beyond what `Instant` represents.
                    None => None,
                    Some(d) => match d.checked_duration_since(Instant::now()) {
                        Some(r) if !r.is_zero() => Some(r),
                        _ => {
                            let mut list = lock(b);
                            let me = park as *const AtomicU32;
                            return match list.iter().position(|w| std::ptr::eq(w.park, me)) {
                                Some(i) => {
                                    list.remove(i);
                                    TIMED_OUT
                                }
                                // Dequeued by a notifier (which marked us under this lock).
                                None => WOKEN,
                            };
                        }
                    },
                };
                // A hand-off partner usually answers within microseconds: spin briefly before
                // paying for a sleep and a cross-CPU wake-up.
                if spin_until_woken(park) {
                    return WOKEN;
                }
                futex_wait(park, remaining);
            }
        })
    }

    /// `memory.atomic.wait32` on the host address `addr` (4-aligned, in bounds, shared memory).
    ///
    /// # Safety
    /// `addr` must be a valid, 4-aligned address inside a live linear memory.
    pub unsafe fn wait32(&self, addr: *const u32, expected: u32, timeout_ns: i64) -> i32 {
        // SAFETY: caller guarantees a valid aligned address; wasm memory is accessed atomically.
        let cell = unsafe { AtomicU32::from_ptr(addr as *mut u32) };
        self.wait(
            addr as usize,
            || cell.load(Ordering::SeqCst) == expected,
            timeout_ns,
        )
    }

    /// `memory.atomic.wait64` on the host address `addr` (8-aligned, in bounds, shared memory).
    ///
    /// # Safety
    /// `addr` must be a valid, 8-aligned address inside a live linear memory.
    pub unsafe fn wait64(&self, addr: *const u64, expected: u64, timeout_ns: i64) -> i32 {
        // SAFETY: caller guarantees a valid aligned address; wasm memory is accessed atomically.
        let cell = unsafe { AtomicU64::from_ptr(addr as *mut u64) };
        self.wait(
            addr as usize,
            || cell.load(Ordering::SeqCst) == expected,
            timeout_ns,
        )
    }

    /// `memory.atomic.notify`: wakes up to `count` waiters (of either width) at host address
    /// `addr`, oldest first; returns how many were woken.
    pub fn notify(&self, addr: usize, count: u32) -> u32 {
        if count == 0 {
            return 0;
        }
        let mut woken = Vec::new();
        {
            let mut list = lock(self.bucket(addr));
            let mut i = 0;
            while i < list.len() && (woken.len() as u32) < count {
                if list[i].addr == addr {
                    let w = list.remove(i);
                    // SAFETY: a queued waiter's word is live (see `Waiter`).
                    unsafe { (*w.park).store(1, Ordering::Release) };
                    woken.push(w.park);
                } else {
                    i += 1;
                }
            }
        }
        for park in &woken {
            futex_wake(*park);
        }
        woken.len() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::sync::Arc;
    use std::thread;

    /// The tests' own lot (a runtime has one).
    static LOT: ParkingLot = ParkingLot::new();

    /// # Safety
    /// As [`ParkingLot::wait32`].
    unsafe fn wait32(addr: *const u32, expected: u32, timeout_ns: i64) -> i32 {
        // SAFETY: forwarded from the caller.
        unsafe { LOT.wait32(addr, expected, timeout_ns) }
    }

    /// # Safety
    /// As [`ParkingLot::wait64`].
    unsafe fn wait64(addr: *const u64, expected: u64, timeout_ns: i64) -> i32 {
        // SAFETY: forwarded from the caller.
        unsafe { LOT.wait64(addr, expected, timeout_ns) }
    }

    fn notify(addr: usize, count: u32) -> u32 {
        LOT.notify(addr, count)
    }

    fn waiting_at(addr: usize) -> usize {
        lock(LOT.bucket(addr))
            .iter()
            .filter(|w| w.addr == addr)
            .count()
    }

    fn wait_until_queued(addr: usize, n: usize) {
        let start = Instant::now();
        while waiting_at(addr) < n {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "waiters never queued"
            );
            thread::yield_now();
        }
    }

    #[test]
    fn not_equal_and_timeout() {
        let cell = Box::new(5u32);
        let p = &*cell as *const u32;
        // SAFETY: p is a valid aligned u32.
        unsafe {
            assert_eq!(wait32(p, 6, -1), NOT_EQUAL);
            let t = Instant::now();
            assert_eq!(wait32(p, 5, 20_000_000), TIMED_OUT);
            assert!(t.elapsed() >= Duration::from_millis(20));
            assert_eq!(wait32(p, 5, 0), TIMED_OUT);
        }
        assert_eq!(notify(p as usize, 10), 0);
    }

    #[test]
    fn wait64_compares_high_half() {
        let cell = Box::new(0x1_0000_0007u64);
        let p = &*cell as *const u64;
        // SAFETY: p is a valid aligned u64.
        unsafe {
            assert_eq!(wait64(p, 0x7, 0), NOT_EQUAL);
            assert_eq!(wait64(p, 0x2_0000_0007, -1), NOT_EQUAL);
            assert_eq!(wait64(p, 0x1_0000_0007, 1000), TIMED_OUT);
        }
    }

    #[test]
    fn notify_wakes_waiters_and_counts() {
        let cell = Arc::new(AtomicU64::new(0));
        let addr = cell.as_ptr() as usize;
        let woken = Arc::new(AtomicUsize::new(0));
        let mut handles = vec![];
        for i in 0..3 {
            let cell = cell.clone();
            let woken = woken.clone();
            handles.push(thread::spawn(move || {
                // SAFETY: the Arc keeps the cell alive and aligned.
                let r = unsafe {
                    if i == 0 {
                        wait64(cell.as_ptr(), 0, -1)
                    } else {
                        wait32(cell.as_ptr() as *const u32, 0, -1)
                    }
                };
                assert_eq!(r, WOKEN);
                woken.fetch_add(1, Ordering::SeqCst);
            }));
        }
        wait_until_queued(addr, 3);
        assert_eq!(notify(addr, 2), 2);
        assert_eq!(notify(addr + 4, 5), 0);
        assert_eq!(notify(addr, 5), 1);
        for h in handles {
            h.join().unwrap();
        }
        assert_eq!(woken.load(Ordering::SeqCst), 3);
        assert_eq!(notify(addr, 1), 0);
    }

    #[test]
    fn no_lost_wakeups() {
        // A waiter loops "wait while value == 0"; the main thread stores 1 then notifies.
        for _ in 0..200 {
            let cell = Arc::new(AtomicU32::new(0));
            let c2 = cell.clone();
            let h = thread::spawn(move || {
                while c2.load(Ordering::SeqCst) == 0 {
                    // SAFETY: the Arc keeps the cell alive and aligned.
                    unsafe { wait32(c2.as_ptr(), 0, -1) };
                }
            });
            cell.store(1, Ordering::SeqCst);
            notify(cell.as_ptr() as usize, 1);
            h.join().unwrap();
        }
    }
}
