//! The native threads wasi threads run on. A thread whose job has ended waits a while
//! ([`IDLE_LINGER`]) for the next job instead of exiting, so a program that spawns short
//! threads one after another does not pay for creating and tearing down a native thread (and,
//! with musl, for mapping and unmapping its stack) every time.
//!
//! Invariants: a job runs on exactly one thread; a waiting thread is listed in its pool until
//! a job is handed to it (by whoever removes it from the list) or it removes itself and exits;
//! at most [`MAX_IDLE`] threads wait in a pool at once. Every pool thread sets up its signal stack
//! before its first job and releases it when it exits.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// What a pool thread runs.
pub type Job = Box<dyn FnOnce() + Send>;

/// How long a thread whose job has ended waits for the next one before exiting.
pub const IDLE_LINGER: Duration = Duration::from_millis(500);
/// At most this many threads wait for a job at once; more exit as soon as their job ends.
pub const MAX_IDLE: usize = 64;

/// A thread between two jobs: `run` puts the next job in `job`.
#[derive(Default)]
struct IdleThread {
    job: Mutex<Option<Job>>,
    arrived: Condvar,
}

/// A set of threads that take jobs in turn.
pub struct ThreadPool {
    /// Threads waiting for a job, most recently idle last.
    idle: Mutex<Vec<Arc<IdleThread>>>,
}

/// Locks `m`; a panic elsewhere never leaves these lists inconsistent, so poisoning is ignored.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl ThreadPool {
    pub const fn new() -> Self {
        ThreadPool {
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Runs `job` on a waiting thread, or on a new one with a `stack_size`-byte stack.
    pub fn run(&'static self, stack_size: usize, job: Job) -> std::io::Result<()> {
        let waiting = lock(&self.idle).pop();
        if let Some(thread) = waiting {
            *lock(&thread.job) = Some(job);
            thread.arrived.notify_one();
            return Ok(());
        }
        std::thread::Builder::new()
            .stack_size(stack_size)
            .spawn(move || self.thread_main(job))
            .map(drop) // detached
    }

    /// Number of threads waiting for a job.
    pub fn idle_threads(&self) -> usize {
        lock(&self.idle).len()
    }

    fn thread_main(&self, first: Job) {
        crate::signals::init_spawned_thread();
        let me = Arc::new(IdleThread::default());
        let mut next = Some(first);
        while let Some(job) = next.take() {
            job();
            next = self.wait_for_job(&me);
        }
        crate::signals::release_thread();
    }

    /// Lists the calling thread (`me`) as waiting; the job handed to it, or `None` to exit.
    fn wait_for_job(&self, me: &Arc<IdleThread>) -> Option<Job> {
        {
            let mut idle = lock(&self.idle);
            if idle.len() >= MAX_IDLE {
                return None;
            }
            idle.push(me.clone());
        }
        let deadline = Instant::now() + IDLE_LINGER;
        let mut slot = lock(&me.job);
        loop {
            if let Some(job) = slot.take() {
                return Some(job);
            }
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            slot = me
                .arrived
                .wait_timeout(slot, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        drop(slot);
        // Still listed: gone from the list, nobody can hand us a job any more.
        {
            let mut idle = lock(&self.idle);
            if let Some(i) = idle.iter().position(|t| Arc::ptr_eq(t, me)) {
                idle.swap_remove(i);
                return None;
            }
        }
        // A `run` took us off the list: its job is on the way.
        let mut slot = lock(&me.job);
        loop {
            if let Some(job) = slot.take() {
                return Some(job);
            }
            slot = me.arrived.wait(slot).unwrap_or_else(|e| e.into_inner());
        }
    }
}

impl Default for ThreadPool {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// The OS thread id of the caller.
    fn tid() -> i64 {
        // SAFETY: gettid has no preconditions.
        unsafe { libc::syscall(libc::SYS_gettid) }
    }

    fn wait_until(what: &str, cond: impl Fn() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !cond() {
            assert!(Instant::now() < deadline, "timed out waiting until {what}");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn threads_are_reused_then_exit() {
        // A pool of its own: other tests' wasi threads use their runtimes' pools.
        let pool: &'static ThreadPool = Box::leak(Box::new(ThreadPool::new()));
        let idle_threads = || pool.idle_threads();
        let run = |job| pool.run(1 << 20, job);
        let (tx, rx) = mpsc::channel();
        let send = |tx: &mpsc::Sender<i64>| {
            let tx = tx.clone();
            Box::new(move || tx.send(tid()).unwrap()) as Job
        };
        run(send(&tx)).unwrap();
        let first = rx.recv().unwrap();
        wait_until("the first thread waits", || idle_threads() == 1);
        run(send(&tx)).unwrap();
        let second = rx.recv().unwrap();
        assert_eq!(first, second, "the waiting thread did not take the job");

        // Two jobs at once: the waiting thread takes one, a new thread the other.
        wait_until("the thread waits again", || idle_threads() == 1);
        let (gate_tx, gate_rx) = mpsc::channel::<()>();
        let gate = Arc::new(Mutex::new(gate_rx));
        for _ in 0..2 {
            let (tx, gate) = (tx.clone(), gate.clone());
            run(Box::new(move || {
                tx.send(tid()).unwrap();
                let _ = gate.lock().unwrap().recv();
            }))
            .unwrap();
        }
        let (a, b) = (rx.recv().unwrap(), rx.recv().unwrap());
        assert_ne!(a, b, "two running jobs shared a thread");
        assert!(a == first || b == first, "the waiting thread was not used");
        drop(gate_tx); // both jobs end
        wait_until("both threads wait", || idle_threads() == 2);

        // Nobody hands them a job: they exit after the linger time.
        std::thread::sleep(IDLE_LINGER);
        wait_until("the waiting threads exit", || idle_threads() == 0);
    }
}
