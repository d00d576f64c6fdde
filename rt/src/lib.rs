//! wasm2native runtime library: linked into every compiled executable (as a static library)
//! and usable in-process (as an rlib) to instantiate and call compiled modules.
//!
//! Map of the crate:
//! - [`module`]: a compiled module as found in its object ([`module::Module::from_image`]);
//! - [`cpu`]: the check that this CPU has the features the module's code was compiled for;
//! - [`instance`]: instantiation, the vmctx, exports and calls ([`instance::Instance`]);
//! - [`memory`], [`table`]: linear memories and tables;
//! - [`values`]: wasm values and const-expression evaluation;
//! - [`runtime`]: what the instances of one program share (WASI context, signatures, thread
//!   limits and pool, parking lot), reached from any vmctx;
//! - [`signatures`]: the canonical signature ids used by `call_indirect`;
//! - [`entry`]: the `extern "C"` entry points compiled code calls, generated from the
//!   contract's tables; [`builtins`]: their implementations for builtins;
//! - [`parking`]: the wait/notify parking lot;
//! - [`libcalls`]: what compiled code calls where the target CPU lacks an instruction;
//! - [`catch`]: turning traps into `Err` for in-process embedders;
//! - [`exceptions`]: exception objects and throwing (frame walk to a handler);
//! - [`traps`], [`signals`]: mapping faults in compiled code to wasm traps and reporting them
//!   (`signals` → `traps` → [`stack`], the calling thread's stack bounds);
//! - [`threads`]: wasi-threads `thread-spawn`;
//! - [`wasi`]: WASI host functions (separate owner).
//!
//! The C `main` of compiled executables lives in `rt/exe`, which links this crate.
//!
//! Embedding (as `wasm2native wast` does with `dlopen`ed modules; see compiler/src/wast):
//!
//! ```text
//! let runtime = Runtime::embedded();                          // what its instances share
//! let module = unsafe { Module::from_image(image_ptr, runtime) }?; // never unloaded
//! signals::install(); signals::init_thread();                 // once / per thread running wasm
//! let inst = Instance::new(module, &mut my_resolver)?;         // imports other than host funcs
//! inst.run_start()?;
//! let results = inst.call_export("f", &[Val::I32(1)])?;
//! let ext = inst.export("table");                             // Extern to link into others
//! ```
//!
//! A trap ends the process (`traps::on_trap`) unless the thread is inside
//! [`catch::catch_traps`], which turns it into `Err(Trap)`.

pub mod builtins;
pub mod catch;
pub mod cpu;
pub mod entry;
pub mod exceptions;
pub mod instance;
pub mod libcalls;
pub mod memory;
pub mod module;
pub mod outcome;
pub mod parking;
pub mod runtime;
pub mod signals;
pub mod signatures;
pub mod stack;
pub mod table;
pub mod thread_pool;
pub mod threads;
pub mod traps;
pub mod values;
pub mod wasi;

pub use instance::{Extern, Instance, InstantiateError, Resolver};
pub use module::Module;
pub use values::Val;

#[cfg(test)]
mod instance_tests;
