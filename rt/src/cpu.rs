//! The start-up CPU check: the features the module's code was compiled for
//! ([`ModuleImage::cpu_features`]) against those of the CPU the process runs on, detected with
//! `cpuid` (and, for AVX and AVX-512, whether the OS saves their registers) by the standard
//! library's `is_x86_feature_detected!`.
//!
//! This file is compiled for the x86-64 baseline like the rest of the runtime, so it runs on
//! any x86-64 CPU, before any wasm code.

use wasm2native_abi::cpu::{CpuFeatures, TargetCpu, FEATURES};
use wasm2native_abi::symbols::ModuleImage;

/// Whether this CPU has the feature named `name`; `None` for a name this function does not
/// know (every [`FEATURES`] name is known: tested).
fn cpu_has(name: &str) -> Option<bool> {
    macro_rules! detect {
        ($($name:tt)*) => {
            match name {
                $($name => Some(std::arch::is_x86_feature_detected!($name)),)*
                _ => None,
            }
        };
    }
    detect!(
        "sse3" "ssse3" "sse4.1" "sse4.2" "popcnt" "cmpxchg16b" "avx" "avx2" "fma" "bmi1" "bmi2"
        "lzcnt" "avx512f" "avx512dq" "avx512vl" "avx512bitalg" "avx512vbmi" "avx512vnni"
        "avxvnni"
    )
}

/// The [`FEATURES`] this CPU has.
pub fn detected() -> CpuFeatures {
    let names = FEATURES.iter().filter(|f| cpu_has(f.name) == Some(true));
    CpuFeatures::from_settings(names.map(|f| f.setting))
}

/// Checks that this CPU has every feature `image`'s code was compiled for; the error says
/// what the code was built for and what is missing, e.g. `built for x86-64-v3 (sse3, …,
/// lzcnt); this CPU lacks: avx, avx2`.
pub fn check(image: &ModuleImage) -> Result<(), String> {
    let compiled = CpuFeatures(image.cpu_features);
    let missing = compiled.without(detected());
    if missing.is_empty() {
        return Ok(());
    }
    let target = TargetCpu::from_code(image.target_cpu).map_or("an unknown CPU", |t| match t {
        TargetCpu::Native => "the CPU of the machine that built it",
        t => t.name(),
    });
    Err(format!(
        "built for {target} ({}); this CPU lacks: {}",
        compiled.names(),
        missing.names()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_name_is_detectable() {
        // An unknown name would always read as missing.
        for f in FEATURES {
            assert!(cpu_has(f.name).is_some(), "{}", f.name);
        }
        assert_eq!(cpu_has("no-such-feature"), None);
        assert_eq!(cpu_has("sse4.1"), Some(true), "test machines have SSE4.1");
    }
}
