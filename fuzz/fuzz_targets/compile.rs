//! `cargo fuzz run compile`: see `wasm2native_fuzz::compile`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wasm2native_fuzz::compile::run(data));
