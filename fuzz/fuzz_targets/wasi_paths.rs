//! `cargo fuzz run wasi_paths`: see `wasm2native_fuzz::wasi_paths`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wasm2native_fuzz::wasi_paths::run(data));
