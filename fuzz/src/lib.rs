//! The harnesses of wasm2native's fuzz targets (`fuzz_targets/`, one thin libFuzzer wrapper
//! each). The same modules are compiled into the stable test `tests/fuzz_replay.rs`, which
//! replays the committed corpus, so they refer to each other as `crate::…` and must be
//! declared at the root of whatever includes them.
//!
//! - [`compile`]: arbitrary bytes and wasm-smith modules through `wasm2native::compile`;
//! - [`differential`]: wasm-smith modules run in-process ([`ours`]) and by wasmi
//!   ([`oracle`]), compared through [`values`];
//!   ([`atomics`] lowers atomic instructions for wasmi, which has none);
//! - [`wasi_paths`]: WASI path functions over random symlink trees ([`tree`]).

pub mod atomics;
pub mod compile;
pub mod differential;
pub mod oracle;
pub mod ours;
pub mod smith;
pub mod tree;
pub mod values;
pub mod wasi_paths;
