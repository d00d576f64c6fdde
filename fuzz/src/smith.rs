//! wasm-smith configurations of the fuzz targets, built on the tests' `supported_features()`
//! (tests/common/smith.rs, wasm2native's feature set).

use arbitrary::Unstructured;
use wasm_smith::Config;

#[allow(dead_code)]
#[path = "../../tests/common/smith.rs"]
pub mod common;

/// Every feature wasm2native implements, relaxed SIMD included (excluded from the tests'
/// comparisons only because its results are implementation-defined). With
/// `allow_invalid_funcs`, function bodies may be raw input bytes (mostly invalid modules).
pub fn compile_config(u: &mut Unstructured) -> arbitrary::Result<Config> {
    Ok(Config {
        relaxed_simd_enabled: true,
        allow_invalid_funcs: u.ratio(1, 4)?,
        disallow_traps: u.arbitrary()?,
        ..common::supported_features()
    })
}

/// What both wasm2native and wasmi implement, with deterministic results (atomics lowered
/// for wasmi), no relaxed SIMD; no imports, every item exported, NaNs canonicalised (their bit
/// patterns may legally differ), small memories and tables. Callers make the module
/// terminate (`ensure_termination`).
pub fn differential_config(u: &mut Unstructured) -> arbitrary::Result<Config> {
    Ok(Config {
        // One input in three has shared memories and atomics, compared single-threaded
        // against their plain equivalents (`crate::atomics`).
        threads_enabled: u.ratio(1, 3)?,
        relaxed_simd_enabled: false,
        // wasmi 2 implements no exception handling.
        exceptions_enabled: false,
        max_imports: 0,
        export_everything: true,
        canonicalize_nans: true,
        // Random code traps early (`unreachable`, out-of-bounds accesses): two inputs in three
        // ask wasm-smith to guard instead, so that calls compute values.
        disallow_traps: u.ratio(2, 3)?,
        min_funcs: 1,
        max_funcs: 16,
        // Declared maxima, so `memory.grow`/`table.grow` in a loop stay small too (wasmi
        // allocates what it grows; an unbounded memory reached gigabytes). Two pages: each
        // call instantiates both sides afresh and compares every memory, and with 16 pages
        // zeroing and comparing memories took half of the fuzzer's time.
        max_memory32_bytes: 2 << 16,
        max_memory64_bytes: 2 << 16,
        memory_max_size_required: true,
        max_table_elements: 1000,
        table_max_size_required: true,
        ..common::supported_features()
    })
}
