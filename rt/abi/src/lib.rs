//! The contract between the wasm2native compiler and its runtime library.
//!
//! Everything both sides must agree on lives here and nowhere else:
//! - [`trap`]: trap codes embedded in compiled code and their spec messages;
//! - [`symbols`]: names of the symbols the compiled object defines and the runtime defines;
//! - [`vmctx`]: the layout of the per-instance `VMContext` the compiled code addresses;
//! - [`meta`]: the module metadata the compiler serialises into the object and the runtime reads;
//! - [`types`]: value and reference types, and subtyping (import matching);
//! - [`canon`]: canonical function types, equal across modules;
//! - [`code_meta`]: per-function code sizes, trap sites and names, read in place;
//! - [`exn`]: the layout of exception objects;
//! - [`cpu`]: the CPU features compiled code may use, and the `--target-cpu` levels;
//! - [`codec`]: the tiny binary encoding used for that metadata.
//!
//! The crate is `no_std` (with `alloc`) so it can be used from any context.

#![no_std]

extern crate alloc;

pub mod canon;
pub mod code_meta;
pub mod codec;
pub mod cpu;
pub mod exn;
pub mod meta;
pub mod symbols;
pub mod trap;
pub mod types;
pub mod vmctx;

/// Bumped whenever the layout or metadata format changes; checked by the runtime at start-up.
pub const ABI_VERSION: u64 = 9;

/// Size of a WebAssembly page in bytes.
pub const WASM_PAGE_SIZE: u64 = 65536;

/// Bytes reserved for every 32-bit linear memory: 4 GiB of addressable space plus a 4 GiB guard,
/// plus one page, so that `base + zext(addr) + offset + size` (offset < 4 GiB) always lands in the reservation and
/// no explicit bounds check is ever emitted.
pub const MEMORY32_RESERVATION: u64 = (8 << 30) + WASM_PAGE_SIZE;

/// The most a 64-bit linear memory can hold: its reservation (which never moves) holds no
/// more, and `memory.grow` beyond it returns -1, as wasmtime's does when the host refuses.
pub const MEMORY64_MAX_BYTES: u64 = 16 << 30;

/// Inaccessible bytes reserved past the largest size of a 64-bit memory. Compiled code checks
/// only `index < length` for an access whose static offset plus size is at most this (the rest
/// of the access faults in the guard); larger offsets get the full `index + offset + size <=
/// length` check.
pub const MEMORY64_GUARD: u64 = 2 << 30;

/// Where a standalone executable's memory 0 lives (see `ModuleMeta::memory0_at`). Compiled code
/// uses the address as a constant: no register holds it and no load fetches it, and x64 folds it
/// into the displacement of every access whose static offset is below 512 MiB. The reservation
/// (`[0x6000_0000, 0x2_6001_0000)` for a 32-bit memory, up to `0x4_E000_0000` for a 64-bit one)
/// lies above a non-PIE executable's image and `brk` heap, below the kernel's top-down `mmap`
/// area, and clear of Valgrind's own load address (0x5800_0000).
pub const FIXED_MEMORY_BASE: u64 = 0x6000_0000;
