//! The process runtime: what every instance of one program shares — the WASI context, the
//! canonical signature registry, wasi-threads' ids, limits and thread pool, and the parking
//! lot of `memory.atomic.wait/notify`. Compiled code reaches it from any vmctx: vmctx →
//! instance → module → runtime. An executable makes one ([`Runtime::new`] in `rt/exe`); an
//! embedder such as the `wast` runner or a unit test makes its own ([`Runtime::embedded`]), so
//! nothing is swapped behind anyone's back.
//!
//! Only what a signal handler must reach stays process-global, outside this value: the
//! trap-site maps (`traps`), each thread's stack bounds and catch point (`stack`, `catch`),
//! the saved signal actions and alternate stacks (`signals`), and the first-outcome latch.
//!
//! Runtimes are leaked (`&'static`): instances, pool threads and compiled code keep
//! references into them for the rest of the process.

use crate::parking::ParkingLot;
use crate::signatures::SignatureRegistry;
use crate::thread_pool::ThreadPool;
use crate::threads::ThreadLimits;
use crate::wasi::WasiCtx;

/// What the instances of one program share (see the module header).
pub struct Runtime {
    wasi: WasiCtx,
    signatures: SignatureRegistry,
    threads: ThreadLimits,
    pool: ThreadPool,
    parking: ParkingLot,
}

impl Runtime {
    /// A runtime for a program with this WASI context and wasi-threads limits (0 = default:
    /// see [`ThreadLimits::new`]).
    pub fn new(wasi: WasiCtx, max_threads: u64, thread_stack_size: u64) -> &'static Runtime {
        Box::leak(Box::new(Runtime {
            wasi,
            signatures: SignatureRegistry::default(),
            threads: ThreadLimits::new(max_threads, thread_stack_size),
            pool: ThreadPool::new(),
            parking: ParkingLot::new(),
        }))
    }

    /// A runtime for embedders: WASI with stdio only, no arguments or environment, default
    /// thread limits.
    pub fn embedded() -> &'static Runtime {
        Runtime::new(WasiCtx::stdio_only(), 0, 0)
    }

    pub fn wasi(&self) -> &WasiCtx {
        &self.wasi
    }

    pub fn signatures(&self) -> &SignatureRegistry {
        &self.signatures
    }

    pub fn threads(&self) -> &ThreadLimits {
        &self.threads
    }

    pub fn pool(&'static self) -> &'static ThreadPool {
        &self.pool
    }

    pub fn parking(&self) -> &ParkingLot {
        &self.parking
    }
}
