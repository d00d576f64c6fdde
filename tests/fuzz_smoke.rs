//! Compiler robustness on generated input: every module `wasm-smith` generates within
//! wasm2native's feature set must compile, and corrupted modules must be rejected with an
//! error — never a panic. Seeds are fixed so failures reproduce.

#[path = "common/smith.rs"]
mod smith;

use smith::bytes;
use wasm2native::{CompileOptions, ImportPolicy, OptLevel};

fn options(opt_level: OptLevel) -> CompileOptions {
    CompileOptions {
        opt_level,
        policy: ImportPolicy::Linkable,
        ..CompileOptions::default()
    }
}

fn generate(seed: u64) -> Option<Vec<u8>> {
    let data = bytes(seed, 16384);
    let mut u = arbitrary::Unstructured::new(&data);
    wasm_smith::Module::new(smith::supported_features(), &mut u)
        .ok()
        .map(|m| m.to_bytes())
}

#[test]
fn generated_modules_compile() {
    let mut failures = Vec::new();
    let mut compiled = 0;
    let mut total_bytes = 0;
    for seed in 0..1000u64 {
        let Some(wasm) = generate(seed) else { continue };
        total_bytes += wasm.len();
        let opt = if seed % 3 == 0 {
            OptLevel::None
        } else {
            OptLevel::Speed
        };
        match wasm2native::compile(&wasm, &options(opt)) {
            Ok(_) => compiled += 1,
            Err(e) => failures.push(format!("seed {seed}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} generated modules failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{compiled} generated modules ({total_bytes} bytes) compiled");
    assert!(
        compiled > 900,
        "only {compiled} modules were generated and compiled"
    );
}

#[test]
fn corrupted_modules_are_rejected_without_panicking() {
    let mut rejected = 0;
    for seed in 0..300u64 {
        let Some(mut wasm) = generate(seed) else {
            continue;
        };
        // Flip a few bytes past the header.
        let noise = bytes(seed ^ 0xdead_beef, 8);
        for pair in noise.chunks(2) {
            let at = 8 + (usize::from(pair[0]) * 7919) % wasm.len().saturating_sub(8).max(1);
            if let Some(b) = wasm.get_mut(at) {
                *b ^= pair[1] | 1;
            }
        }
        if wasm2native::compile(&wasm, &options(OptLevel::Speed)).is_err() {
            rejected += 1;
        }
    }
    assert!(rejected > 0, "corruption never produced an invalid module");
}
