//! `cargo fuzz run differential`: see `wasm2native_fuzz::differential`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wasm2native_fuzz::differential::run(data));
