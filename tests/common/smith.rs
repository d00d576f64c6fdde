//! Deterministic wasm-smith input shared by the generated-module tests (fuzz_smoke,
//! differential): seeded bytes for `arbitrary`, and the generator configuration limited to
//! the features wasm2native supports.

/// xorshift64*: `len` deterministic bytes for `arbitrary`, from `seed`.
pub fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

/// wasm-smith's defaults without the proposals wasm2native does not implement.
pub fn supported_features() -> wasm_smith::Config {
    wasm_smith::Config {
        exceptions_enabled: true,
        gc_enabled: false,
        memory64_enabled: true,
        // Implemented, but nondeterministic by design: compared on fixed programs instead
        // (examples/simd, against wasmtime 49).
        relaxed_simd_enabled: false,
        tail_call_enabled: true,
        wide_arithmetic_enabled: true,
        custom_page_sizes_enabled: false,
        compact_imports_enabled: false,
        max_memories: 2,
        max_tables: 3,
        ..wasm_smith::Config::default()
    }
}
