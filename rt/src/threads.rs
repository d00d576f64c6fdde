//! wasi-threads: `wasi`.`thread-spawn` (`__w2n_host_thread_spawn`).
//!
//! Invariants: thread ids are unique, positive and below 2^29 (never reused); at most
//! `max_threads` spawned threads run at once. A new thread gets a fresh instance of the
//! spawning instance's module over the same memories (its own globals, tables and function
//! references), created in the spawning thread so failures are reported as a negative return;
//! the new thread sets up its signal stack, runs the start function, then calls
//! `wasi_thread_start(tid, arg)`. When that returns the wasi thread has ended (the process
//! goes on); its native thread goes back to the [`thread_pool::POOL`] for the next spawn.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use crate::instance::Instance;
use crate::thread_pool;
use crate::values::Val;

/// Default native stack size of spawned threads.
pub const DEFAULT_STACK_SIZE: u64 = crate::stack::DEFAULT_STACK_SIZE as u64;
/// Default cap on concurrently running spawned threads.
pub const DEFAULT_MAX_THREADS: u64 = 1024;
/// Thread ids stay below this (the wasi-threads limit).
const TID_LIMIT: u32 = 1 << 29;

static NEXT_TID: AtomicU32 = AtomicU32::new(1);
static LIVE: AtomicU64 = AtomicU64::new(0);
static MAX_THREADS: AtomicU64 = AtomicU64::new(DEFAULT_MAX_THREADS);
static STACK_SIZE: AtomicU64 = AtomicU64::new(DEFAULT_STACK_SIZE);

/// Applies the build-time limits (0 = default for either).
pub fn configure(max_threads: u64, stack_size: u64) {
    let max = if max_threads == 0 {
        DEFAULT_MAX_THREADS
    } else {
        max_threads
    };
    let stack = if stack_size == 0 {
        DEFAULT_STACK_SIZE
    } else {
        stack_size
    };
    MAX_THREADS.store(max, Ordering::SeqCst);
    STACK_SIZE.store(stack, Ordering::SeqCst);
}

/// Spawns a thread running `wasi_thread_start(tid, arg)` in a new instance of the caller's
/// module; returns the tid, or a negative value on failure.
///
/// # Safety
/// `vmctx` must be the caller's live vmctx.
pub unsafe fn thread_spawn(vmctx: *mut u8, arg: i32) -> i32 {
    // SAFETY: see function contract.
    let parent = unsafe { Instance::from_vmctx(vmctx) };
    match spawn(parent, arg) {
        Ok(tid) => tid as i32,
        Err(()) => -1,
    }
}

fn spawn(parent: &Instance, arg: i32) -> Result<u32, ()> {
    let module = parent.module().clone();
    let entry = module.export_func("wasi_thread_start").ok_or(())?;
    // Reserve a slot under the limit.
    let max = MAX_THREADS.load(Ordering::SeqCst);
    if LIVE.fetch_add(1, Ordering::SeqCst) >= max {
        LIVE.fetch_sub(1, Ordering::SeqCst);
        return Err(());
    }
    let release = || {
        LIVE.fetch_sub(1, Ordering::SeqCst);
    };
    let tid = NEXT_TID.fetch_add(1, Ordering::SeqCst);
    if tid >= TID_LIMIT {
        NEXT_TID.store(TID_LIMIT, Ordering::SeqCst);
        release();
        return Err(());
    }
    let child = match Instance::new_sharing_memories(module, parent.memories()) {
        Ok(c) => c,
        Err(crate::InstantiateError::Trap(t)) => crate::traps::on_trap(t, 0, 0),
        Err(_) => {
            release();
            return Err(());
        }
    };
    let stack = STACK_SIZE.load(Ordering::SeqCst) as usize;
    let job = move || {
        let inst = &*child;
        // Calls only fail on malformed modules (checked by validation), never on traps.
        let _ = inst.run_start();
        let _ = inst.call(entry, &[Val::I32(tid as i32), Val::I32(arg)]);
        drop(child);
        LIVE.fetch_sub(1, Ordering::SeqCst);
    };
    match thread_pool::POOL.run(stack, Box::new(job)) {
        Ok(()) => Ok(tid),
        Err(_) => {
            release();
            Err(())
        }
    }
}
