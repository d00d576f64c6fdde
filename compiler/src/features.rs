//! WebAssembly features by the names users give them (wasmtime's `-W` names): which ones
//! wasm2native implements, which are on by default, and why a module that does not validate
//! was refused — a feature that is off, one that is not implemented yet, a component, or a
//! module that is invalid under every feature.
//!
//! A feature's flags include the ones it builds on (GC needs typed function references, which
//! need reference types), so enabling a name enables what it means.

use crate::error::CompileError;
use wasmparser::{Validator, WasmFeatures as F};

/// A WebAssembly feature a user can name on `--enable`/`--disable`.
#[derive(Clone, Copy, Debug)]
pub struct Feature {
    /// The name on the command line and in messages (wasmtime's).
    pub name: &'static str,
    /// What it is, for messages.
    pub what: &'static str,
    /// The validator flags it stands for.
    pub flags: F,
    /// Whether the compiler and runtime implement it.
    pub implemented: bool,
    /// Whether it is on without `--enable` (as in wasmtime 49).
    pub on_by_default: bool,
}

/// A feature that is on by default once implemented.
const fn feature(name: &'static str, what: &'static str, flags: F, implemented: bool) -> Feature {
    Feature {
        name,
        what,
        flags,
        implemented,
        on_by_default: implemented,
    }
}

/// An implemented feature that only `--enable` turns on (wasmtime 49 keeps it off too).
const fn opt_in(name: &'static str, what: &'static str, flags: F) -> Feature {
    Feature {
        on_by_default: false,
        ..feature(name, what, flags, true)
    }
}

/// Every feature a user can name, base features first.
pub const FEATURES: &[Feature] = &[
    feature(
        "reference-types",
        "reference types",
        F::REFERENCE_TYPES,
        true,
    ),
    feature("multi-value", "multiple values", F::MULTI_VALUE, true),
    feature(
        "bulk-memory",
        "bulk memory operations",
        F::BULK_MEMORY,
        true,
    ),
    feature("simd", "fixed-width SIMD", F::SIMD, true),
    feature("threads", "threads and atomics", F::THREADS, true),
    feature("multi-memory", "multiple memories", F::MULTI_MEMORY, true),
    feature(
        "extended-const",
        "extended constant expressions",
        F::EXTENDED_CONST,
        true,
    ),
    feature(
        "relaxed-simd",
        "relaxed SIMD",
        F::RELAXED_SIMD.union(F::SIMD),
        true,
    ),
    feature("tail-call", "tail calls", F::TAIL_CALL, true),
    feature(
        "function-references",
        "typed function references",
        F::FUNCTION_REFERENCES.union(F::REFERENCE_TYPES),
        true,
    ),
    feature(
        "exceptions",
        "exception handling",
        F::EXCEPTIONS.union(F::REFERENCE_TYPES),
        true,
    ),
    feature(
        "legacy-exceptions",
        "legacy exception handling (try/catch/delegate)",
        F::LEGACY_EXCEPTIONS,
        true,
    ),
    feature("memory64", "64-bit memories and tables", F::MEMORY64, true),
    feature(
        "wide-arithmetic",
        "wide arithmetic",
        F::WIDE_ARITHMETIC,
        true,
    ),
    opt_in(
        "custom-page-sizes",
        "custom page sizes",
        F::CUSTOM_PAGE_SIZES,
    ),
    feature(
        "gc",
        "garbage collection",
        F::GC
            .union(F::GC_TYPES)
            .union(F::FUNCTION_REFERENCES)
            .union(F::REFERENCE_TYPES),
        false,
    ),
    feature(
        "stack-switching",
        "stack switching",
        F::STACK_SWITCHING,
        false,
    ),
];

/// The feature named `name`, if there is one.
pub fn by_name(name: &str) -> Option<&'static Feature> {
    FEATURES.iter().find(|f| f.name == name)
}

/// What every module may use, whatever is enabled: WebAssembly 1.0 plus the 2.0 features
/// that have no name of their own (sign extension, saturating conversions).
fn base() -> F {
    F::WASM1 | F::SIGN_EXTENSION | F::SATURATING_FLOAT_TO_INT | F::FLOATS | F::GC_TYPES
}

/// The features on by default: everything implemented that wasmtime 49 turns on too.
pub fn default_features() -> F {
    FEATURES
        .iter()
        .filter(|f| f.on_by_default)
        .fold(base(), |acc, f| acc | f.flags)
}

/// `default` with the named features turned on, then off (with the features that build on
/// them). Turning on a feature wasm2native does not implement is an error naming it.
pub fn select(default: F, enable: &[&str], disable: &[&str]) -> Result<F, CompileError> {
    let named = |name: &str| {
        by_name(name).ok_or_else(|| {
            let known: Vec<_> = FEATURES.iter().map(|f| f.name).collect();
            CompileError::Unsupported(format!(
                "unknown feature `{name}` (known: {})",
                known.join(", ")
            ))
        })
    };
    let mut features = default;
    for f in enable.iter().map(|n| named(n)) {
        let f = f?;
        if !f.implemented {
            return Err(not_implemented(&[f]));
        }
        features |= f.flags;
    }
    for f in disable.iter().map(|n| named(n)) {
        let f = f?;
        // A feature goes with the features that build on it (relaxed-simd with simd), and
        // leaves the ones it builds on (simd stays without relaxed-simd).
        for g in FEATURES.iter().filter(|g| g.flags.contains(f.flags)) {
            features.remove(own_flags(g));
        }
    }
    Ok(features)
}

/// The flags of `f` that no feature it builds on (and no base feature) already stands for.
fn own_flags(f: &Feature) -> F {
    FEATURES
        .iter()
        .filter(|g| g.flags != f.flags && f.flags.contains(g.flags))
        .fold(f.flags.difference(base()), |acc, g| acc.difference(g.flags))
}

fn not_implemented(features: &[&Feature]) -> CompileError {
    let names: Vec<_> = features
        .iter()
        .map(|f| format!("{} ({})", f.what, f.name))
        .collect();
    CompileError::Unsupported(format!(
        "{} {} not implemented by wasm2native yet",
        names.join(", "),
        if features.len() == 1 { "is" } else { "are" }
    ))
}

fn validates(wasm: &[u8], features: F) -> bool {
    Validator::new_with_features(features)
        .validate_all(wasm)
        .is_ok()
}

/// Whether `wasm` starts like a WebAssembly component (layer 1) rather than a core module.
pub fn is_component(wasm: &[u8]) -> bool {
    wasm.len() >= 8 && wasm[..4] == *b"\0asm" && wasm[6..8] == [1, 0]
}

/// Why `wasm`, which does not validate under `enabled` (`error`), was refused: the features it
/// needs that are off or not implemented, a component, or the validator's own error when no
/// feature would make it valid.
pub fn explain_rejection(wasm: &[u8], enabled: F, error: String) -> CompileError {
    if is_component(wasm) {
        return CompileError::Component;
    }
    let everything = FEATURES.iter().fold(enabled, |acc, f| acc | f.flags);
    if !validates(wasm, everything) {
        return CompileError::Invalid(error);
    }
    // The features the module needs: drop each one it validates without, the later (larger)
    // features first, so that a module needing SIMD is told `simd`, not `relaxed-simd`.
    let mut needed: Vec<&Feature> = FEATURES
        .iter()
        .filter(|f| !enabled.contains(f.flags))
        .collect();
    for i in (0..needed.len()).rev() {
        let without = needed
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .fold(enabled, |acc, (_, f)| acc | f.flags);
        if validates(wasm, without) {
            needed.remove(i);
        }
    }
    let (implemented, missing): (Vec<&Feature>, Vec<&Feature>) =
        needed.into_iter().partition(|f| f.implemented);
    if !missing.is_empty() {
        return not_implemented(&missing);
    }
    let names: Vec<_> = implemented.iter().map(|f| f.name).collect();
    CompileError::NotEnabled(format!(
        "{} {} not enabled ({error}; turn on with --enable {})",
        names.join(", "),
        if names.len() == 1 { "is" } else { "are" },
        names.join(" --enable ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wat(text: &str) -> Vec<u8> {
        wat::parse_str(text).unwrap()
    }

    fn message(wasm: &[u8], enabled: F) -> String {
        let Err(err) = Validator::new_with_features(enabled).validate_all(wasm) else {
            panic!("the module validates");
        };
        explain_rejection(wasm, enabled, err.to_string()).to_string()
    }

    #[test]
    fn unimplemented_features_are_named() {
        let gc = wat("(module (type (struct)))");
        let m = message(&gc, default_features());
        assert!(m.contains("garbage collection (gc)"), "{m}");
    }

    #[test]
    fn disabled_features_are_named_with_the_flag_that_enables_them() {
        let two = wat("(module (memory 1) (memory 1))");
        let enabled = select(default_features(), &[], &["multi-memory"]).unwrap();
        let m = message(&two, enabled);
        assert!(m.starts_with("multi-memory is not enabled ("), "{m}");
        assert!(m.ends_with("turn on with --enable multi-memory)"), "{m}");
    }

    #[test]
    fn invalid_modules_stay_invalid_and_components_are_recognised() {
        let bad = wat("(module (func (result i32)))");
        assert!(message(&bad, default_features()).starts_with("invalid module: "));
        let component = b"\0asm\x0d\0\x01\0".to_vec();
        assert!(is_component(&component));
        assert!(!is_component(&bad));
    }

    #[test]
    fn the_default_is_what_wasm2native_implements() {
        let implemented = F::WASM2
            | F::THREADS
            | F::EXTENDED_CONST
            | F::MULTI_MEMORY
            | F::RELAXED_SIMD
            | F::WIDE_ARITHMETIC
            | F::TAIL_CALL
            | F::FUNCTION_REFERENCES
            | F::EXCEPTIONS
            | F::LEGACY_EXCEPTIONS
            | F::MEMORY64;
        assert_eq!(default_features(), implemented);
    }

    #[test]
    fn custom_page_sizes_are_opt_in() {
        let small = wat("(module (memory 1 (pagesize 1)))");
        let m = message(&small, default_features());
        assert!(m.starts_with("custom-page-sizes is not enabled ("), "{m}");
        let f = select(default_features(), &["custom-page-sizes"], &[]).unwrap();
        assert!(Validator::new_with_features(f).validate_all(&small).is_ok());
        let f = select(default_features(), &[], &["memory64"]).unwrap();
        assert!(!f.contains(F::MEMORY64));
    }

    #[test]
    fn selecting_features() {
        assert!(select(default_features(), &["gc"], &[]).is_err());
        assert!(select(default_features(), &["no-such"], &[]).is_err());
        let f = select(default_features(), &[], &["simd", "threads"]).unwrap();
        assert!(!f.contains(F::SIMD) && !f.contains(F::THREADS));
        assert!(!f.contains(F::RELAXED_SIMD), "relaxed SIMD goes with SIMD");
        let f = select(default_features(), &[], &["relaxed-simd"]).unwrap();
        assert!(f.contains(F::SIMD) && !f.contains(F::RELAXED_SIMD));
        assert!(f.contains(F::SIGN_EXTENSION));
    }
}
