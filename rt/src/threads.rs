//! wasi-threads: `wasi`.`thread-spawn` (`__w2n_host_thread_spawn`).
//!
//! Invariants: thread ids are unique, positive and below 2^29 (never reused); at most
//! `max_threads` spawned threads run at once. A new thread gets a fresh instance of the
//! spawning instance's module over the same memories (its own globals, tables and function
//! references), created in the spawning thread so failures are reported as a negative return;
//! the new thread sets up its signal stack, runs the start function, then calls
//! `wasi_thread_start(tid, arg)`. When that returns the wasi thread has ended (the process
//! goes on); its native thread goes back to the runtime's thread pool for the next spawn.
//! Ids, counts and limits belong to the spawning instance's runtime ([`ThreadLimits`]).

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use crate::instance::Instance;
use crate::values::Val;
use crate::wasi::HostCx;

/// Default native stack size of spawned threads.
pub const DEFAULT_STACK_SIZE: u64 = crate::stack::DEFAULT_STACK_SIZE as u64;
/// Default cap on concurrently running spawned threads.
pub const DEFAULT_MAX_THREADS: u64 = 1024;
/// Thread ids stay below this (the wasi-threads limit).
const TID_LIMIT: u32 = 1 << 29;

/// A runtime's wasi-threads bookkeeping: the next thread id, how many spawned threads are
/// alive, and the build's limits.
pub struct ThreadLimits {
    next_tid: AtomicU32,
    live: AtomicU64,
    max_threads: u64,
    stack_size: u64,
}

impl ThreadLimits {
    /// Limits of a program: at most `max_threads` spawned threads alive at once, each on a
    /// `stack_size`-byte native stack (0 = [`DEFAULT_MAX_THREADS`], [`DEFAULT_STACK_SIZE`]).
    pub fn new(max_threads: u64, stack_size: u64) -> ThreadLimits {
        let or_default = |v: u64, d: u64| if v == 0 { d } else { v };
        ThreadLimits {
            next_tid: AtomicU32::new(1),
            live: AtomicU64::new(0),
            max_threads: or_default(max_threads, DEFAULT_MAX_THREADS),
            stack_size: or_default(stack_size, DEFAULT_STACK_SIZE),
        }
    }

    /// Reserves a slot under the limit and a fresh thread id; `None` when either runs out.
    fn reserve(&self) -> Option<u32> {
        if self.live.fetch_add(1, Ordering::SeqCst) >= self.max_threads {
            self.release();
            return None;
        }
        let tid = self.next_tid.fetch_add(1, Ordering::SeqCst);
        if tid >= TID_LIMIT {
            self.next_tid.store(TID_LIMIT, Ordering::SeqCst);
            self.release();
            return None;
        }
        Some(tid)
    }

    /// Gives back a slot [`ThreadLimits::reserve`] took.
    fn release(&self) {
        self.live.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Spawns a thread running `wasi_thread_start(tid, arg)` in a new instance of the caller's
/// module; returns the tid, or a negative value on failure (also when the caller is not an
/// instance).
pub fn thread_spawn(cx: HostCx, arg: i32) -> i32 {
    if cx.vmctx.is_null() {
        return -1;
    }
    // SAFETY: a non-null vmctx in a host context is the calling instance's live vmctx.
    let parent = unsafe { Instance::from_vmctx(cx.vmctx) };
    match spawn(parent, arg) {
        Ok(tid) => tid as i32,
        Err(()) => -1,
    }
}

fn spawn(parent: &Instance, arg: i32) -> Result<u32, ()> {
    let module = parent.module().clone();
    let entry = module.export_func("wasi_thread_start").ok_or(())?;
    let runtime = parent.runtime();
    let limits = runtime.threads();
    let tid = limits.reserve().ok_or(())?;
    let child = match Instance::new_sharing_memories(module, parent.memories()) {
        Ok(c) => c,
        Err(crate::InstantiateError::Trap(t)) => crate::traps::on_trap(t, 0, 0),
        Err(_) => {
            limits.release();
            return Err(());
        }
    };
    let job = move || {
        let inst = &*child;
        // Calls only fail on malformed modules (checked by validation), never on traps.
        let _ = inst.run_start();
        let _ = inst.call(entry, &[Val::I32(tid as i32), Val::I32(arg)]);
        drop(child);
        limits.release();
    };
    match runtime
        .pool()
        .run(limits.stack_size as usize, Box::new(job))
    {
        Ok(()) => Ok(tid),
        Err(_) => {
            limits.release();
            Err(())
        }
    }
}
