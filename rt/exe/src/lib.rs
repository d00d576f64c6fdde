//! The static library compiled executables link: the runtime (`wasm2native-rt`) plus the C
//! `main` in [`main_fn`]. A crate of its own for two reasons: link-time optimisation applies
//! only to a staticlib-only crate (the `rt` profile's LTO keeps just what `main` and the
//! symbols compiled code calls can reach, which makes the archive a quarter of the size and
//! faster to link), and `main` stays out of the runtime library the compiler itself links.

mod main_fn;

pub use wasm2native_rt;
