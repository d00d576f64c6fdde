//! `memory.atomic.wait32/64` and `memory.atomic.notify`: a parking lot keyed by host address.
//!
//! Invariants: waiters are queued in one of `BUCKETS` buckets chosen by address; each bucket
//! has a mutex over its waiter list and a condvar. A waiter compares the memory value and
//! enqueues itself while holding the bucket lock, and a notifier dequeues while holding the
//! same lock, so a notify that follows (in memory order) the store a waiter is about to miss
//! always finds the waiter queued: no lost wake-ups, for 32- and 64-bit waits alike. Waiters
//! are woken in FIFO order; a notified waiter is marked before it leaves, so it always reports
//! "woken" (0) even if its timeout expires concurrently.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

const BUCKETS: usize = 64;

struct Waiter {
    addr: usize,
    id: u64,
    woken: bool,
}

struct Bucket {
    waiters: Mutex<Vec<Waiter>>,
    cond: Condvar,
}

static LOT: [Bucket; BUCKETS] = [const {
    Bucket {
        waiters: Mutex::new(Vec::new()),
        cond: Condvar::new(),
    }
}; BUCKETS];

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Result of a wait, as the wasm operators return it.
pub const WOKEN: i32 = 0;
pub const NOT_EQUAL: i32 = 1;
pub const TIMED_OUT: i32 = 2;

fn bucket(addr: usize) -> &'static Bucket {
    // Fibonacci hashing of the address; 8-byte neighbours land in different buckets.
    let h = (addr as u64 >> 2).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    &LOT[(h >> 58) as usize % BUCKETS]
}

fn lock(b: &Bucket) -> MutexGuard<'_, Vec<Waiter>> {
    b.waiters.lock().unwrap_or_else(|e| e.into_inner())
}

/// Blocks until notified or timed out, if `value_matches()` holds when checked under the lock.
fn wait(addr: usize, value_matches: impl FnOnce() -> bool, timeout_ns: i64) -> i32 {
    let b = bucket(addr);
    let mut list = lock(b);
    if !value_matches() {
        return NOT_EQUAL;
    }
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    list.push(Waiter {
        addr,
        id,
        woken: false,
    });
    let deadline = if timeout_ns >= 0 {
        Instant::now().checked_add(Duration::from_nanos(timeout_ns as u64))
    } else {
        None
    };
    loop {
        let pos = list.iter().position(|w| w.id == id);
        match pos {
            Some(i) if list[i].woken => {
                list.remove(i);
                return WOKEN;
            }
            Some(_) => {}
            // Cannot happen (only the waiter removes its entry); treat as woken.
            None => return WOKEN,
        }
        match deadline {
            // No timeout, or a deadline beyond what `Instant` represents: wait until woken.
            None => list = b.cond.wait(list).unwrap_or_else(|e| e.into_inner()),
            Some(d) => {
                let now = Instant::now();
                if now >= d {
                    if let Some(i) = list.iter().position(|w| w.id == id) {
                        let w = list.remove(i);
                        if w.woken {
                            return WOKEN;
                        }
                    }
                    return TIMED_OUT;
                }
                list = b
                    .cond
                    .wait_timeout(list, d - now)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
        }
    }
}

/// `memory.atomic.wait32` on the host address `addr` (4-aligned, in bounds, shared memory).
///
/// # Safety
/// `addr` must be a valid, 4-aligned address inside a live linear memory.
pub unsafe fn wait32(addr: *const u32, expected: u32, timeout_ns: i64) -> i32 {
    // SAFETY: caller guarantees a valid aligned address; wasm memory is accessed atomically.
    let cell = unsafe { AtomicU32::from_ptr(addr as *mut u32) };
    wait(
        addr as usize,
        || cell.load(Ordering::SeqCst) == expected,
        timeout_ns,
    )
}

/// `memory.atomic.wait64` on the host address `addr` (8-aligned, in bounds, shared memory).
///
/// # Safety
/// `addr` must be a valid, 8-aligned address inside a live linear memory.
pub unsafe fn wait64(addr: *const u64, expected: u64, timeout_ns: i64) -> i32 {
    // SAFETY: caller guarantees a valid aligned address; wasm memory is accessed atomically.
    let cell = unsafe { AtomicU64::from_ptr(addr as *mut u64) };
    wait(
        addr as usize,
        || cell.load(Ordering::SeqCst) == expected,
        timeout_ns,
    )
}

/// `memory.atomic.notify`: wakes up to `count` waiters (of either width) at host address
/// `addr`, oldest first; returns how many were woken.
pub fn notify(addr: usize, count: u32) -> u32 {
    if count == 0 {
        return 0;
    }
    let b = bucket(addr);
    let mut list = lock(b);
    let mut n = 0;
    for w in list.iter_mut() {
        if n == count {
            break;
        }
        if w.addr == addr && !w.woken {
            w.woken = true;
            n += 1;
        }
    }
    drop(list);
    if n > 0 {
        b.cond.notify_all();
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::sync::Arc;
    use std::thread;

    fn waiting_at(addr: usize) -> usize {
        lock(bucket(addr))
            .iter()
            .filter(|w| w.addr == addr && !w.woken)
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
