//! Target `compile`: the compiler never panics and never accepts an invalid module.
//!
//! The first input byte picks the mode: raw bytes (the rest of the input, as the CLI takes a
//! file: binary or text) or a wasm-smith module generated from the rest. Every module is
//! compiled the way the CLI does (`wasm2native::compile`, which validates) and checked
//! against an independent `wasmparser::Validator` with wasm2native's default features: an
//! accepted module must be valid, and a generated module wasm-smith promises valid (no
//! `allow_invalid_funcs`) must compile as a linkable object.

use arbitrary::Unstructured;
use wasm2native::{CompileOptions, ImportPolicy, OptLevel};

pub fn run(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let opts = options(mode);
    if mode & 1 == 0 {
        check(rest, &opts, false);
        return;
    }
    let mut u = Unstructured::new(rest);
    let Ok(config) = crate::smith::compile_config(&mut u) else {
        return;
    };
    // Executables cannot import what wasm-smith imports (tables, memories, functions of any
    // module): only linkable objects must always compile.
    let must_compile = !config.allow_invalid_funcs && opts.policy == ImportPolicy::Linkable;
    if let Ok(module) = wasm_smith::Module::new(config, &mut u) {
        check(&module.to_bytes(), &opts, must_compile);
    }
}

/// Bits 1-2 of the mode byte: optimisation level and import policy.
fn options(mode: u8) -> CompileOptions {
    CompileOptions {
        opt_level: if mode & 2 == 0 {
            OptLevel::Speed
        } else {
            OptLevel::None
        },
        policy: if mode & 4 == 0 {
            ImportPolicy::Executable
        } else {
            ImportPolicy::Linkable
        },
        ..CompileOptions::default()
    }
}

fn check(input: &[u8], opts: &CompileOptions, must_compile: bool) {
    let result = wasm2native::compile(input, opts);
    if must_compile {
        if let Err(e) = &result {
            panic!("a valid generated module failed to compile: {e}");
        }
    }
    if result.is_ok() {
        let wasm = wasm2native::wasm_bytes(input).expect("compiled, so it encodes");
        let mut validator =
            wasmparser::Validator::new_with_features(wasm2native::module_info::default_features());
        if let Err(e) = validator.validate_all(&wasm) {
            panic!("compiled a module wasmparser rejects: {e}");
        }
    }
}
