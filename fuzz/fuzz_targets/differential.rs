//! `cargo fuzz run differential`: see `wasm2native_fuzz::differential`.
//!
//! With `W2N_FUZZ_LAST_INPUT=FILE`, each input is written to FILE before it runs: a failure
//! that ends the process without libFuzzer noticing (`_exit` from a trap outside
//! `catch_traps`) leaves its input there. With `W2N_FUZZ_DUMP_WASM=FILE`, the module an
//! input stands for is written to FILE (to replay it outside the harness), and the rewrite
//! wasmi runs (`atomics::lower`) to FILE.oracle.wasm.
#![no_main]

fn keep_last_input(data: &[u8]) {
    if let Some(path) = std::env::var_os("W2N_FUZZ_LAST_INPUT") {
        std::fs::write(path, data).expect("writing W2N_FUZZ_LAST_INPUT");
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    keep_last_input(data);
    if let Some(path) = std::env::var_os("W2N_FUZZ_DUMP_WASM") {
        if let Some(case) = wasm2native_fuzz::differential::case(data) {
            let lowered = wasm2native_fuzz::atomics::lower(&case.wasm).expect("lowering");
            let mut oracle_path = path.clone();
            oracle_path.push(".oracle.wasm");
            std::fs::write(&path, &case.wasm).expect("writing W2N_FUZZ_DUMP_WASM");
            std::fs::write(oracle_path, lowered).expect("writing W2N_FUZZ_DUMP_WASM.oracle.wasm");
        }
    }
    wasm2native_fuzz::differential::run(data)
});
