//! The target ISA: x86-64 with the Cranelift flags compiled wasm code relies on, for the CPU
//! `--target-cpu` names (the build machine's, detected, or an x86-64 psABI level), and the
//! set of CPU features the resulting code may use, which the module image records for the
//! runtime's start-up check; the names of the routines code calls where the CPU lacks an
//! instruction.

use crate::codegen::OptLevel;
use crate::error::{CompileError, Result};
use cranelift_codegen::ir;
use cranelift_codegen::isa::{OwnedTargetIsa, TargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use wasm2native_abi::cpu::{CpuFeatures, TargetCpu};
use wasm2native_abi::symbols::LIBCALLS;

/// The ISA wasm code is compiled with for `cpu`.
pub fn target_isa(opt: OptLevel, cpu: TargetCpu) -> Result<OwnedTargetIsa> {
    let codegen = |e: &dyn std::fmt::Display| CompileError::Codegen(e.to_string());
    let isa = match cpu.level_features() {
        None => cranelift_native::builder().map_err(|e| codegen(&e))?,
        // From the baseline, not from what this machine has: only the level's own features.
        Some(level) => {
            let mut isa = cranelift_codegen::isa::lookup(target_lexicon::Triple::host())
                .map_err(|e| codegen(&e))?;
            for feature in level.iter() {
                set(&mut isa, feature.setting, "true")?;
            }
            isa
        }
    };
    isa.finish(settings::Flags::new(shared_flags(opt)?))
        .map_err(|e| codegen(&e))
}

/// The target-independent Cranelift flags.
fn shared_flags(opt: OptLevel) -> Result<settings::Builder> {
    let mut flags = settings::builder();
    let opt_level = match opt {
        OptLevel::Speed => "speed",
        OptLevel::None => "none",
    };
    set(&mut flags, "opt_level", opt_level)?;
    if opt == OptLevel::None {
        // `-O none` is the fast-compile mode: register allocation is most of what is left of
        // a build without optimisation, and the single-pass allocator does it in a fraction
        // of the time (more spills in the code).
        set(&mut flags, "regalloc_algorithm", "single_pass")?;
    }
    set(&mut flags, "is_pic", "true")?;
    // Backtraces walk the frame-pointer chain.
    set(&mut flags, "preserve_frame_pointers", "true")?;
    // Large frames touch every guard page so stack overflow always faults in the guard.
    set(&mut flags, "enable_probestack", "true")?;
    set(&mut flags, "probestack_strategy", "inline")?;
    set(&mut flags, "enable_multi_ret_implicit_sret", "true")?;
    // Executables carry no unwind tables for wasm code (traps are reported from frame pointers).
    set(&mut flags, "unwind_info", "false")?;
    let verify = if cfg!(debug_assertions) {
        "true"
    } else {
        "false"
    };
    set(&mut flags, "enable_verifier", verify)?;
    Ok(flags)
}

fn set(flags: &mut impl Configurable, name: &str, value: &str) -> Result<()> {
    flags
        .set(name, value)
        .map_err(|e| CompileError::Codegen(format!("setting {name}={value}: {e}")))
}

/// Names for Cranelift's libcalls: those the runtime defines (`LIBCALLS`: what the target CPU
/// may lack an instruction for) under the runtime's symbols, the others (`memcpy`, …) under
/// the C library's.
pub fn libcall_names() -> Box<dyn Fn(ir::LibCall) -> String + Send + Sync> {
    let c_library = cranelift_module::default_libcall_names();
    Box::new(move |libcall| {
        let name = libcall.to_string();
        match LIBCALLS.iter().find(|(l, _)| *l == name) {
            Some((_, symbol)) => symbol.to_string(),
            None => c_library(libcall),
        }
    })
}

/// The CPU features code compiled with `isa` may use: its x86 settings that are on.
pub fn compiled_features(isa: &dyn TargetIsa) -> CpuFeatures {
    let flags = isa.isa_flags();
    let on = flags.iter().filter(|f| f.as_bool() == Some(true));
    CpuFeatures::from_settings(on.map(|f| f.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_compiles_for_exactly_its_features() {
        for cpu in &TargetCpu::ALL[1..] {
            let isa = target_isa(OptLevel::Speed, *cpu).unwrap();
            assert_eq!(
                Some(compiled_features(&*isa)),
                cpu.level_features(),
                "{cpu:?}"
            );
        }
    }

    #[test]
    fn the_runtime_libcalls_get_the_runtime_names() {
        let names = libcall_names();
        assert_eq!(names(ir::LibCall::X86Pshufb), "__w2n_libcall_x86_pshufb");
        assert_eq!(names(ir::LibCall::NearestF32), "__w2n_libcall_nearestf");
        assert_eq!(names(ir::LibCall::Memcpy), "memcpy");
        for (libcall, _) in LIBCALLS {
            let parsed: ir::LibCall = libcall.parse().expect("a Cranelift libcall name");
            assert!(names(parsed).starts_with("__w2n_libcall_"), "{libcall}");
        }
    }

    #[test]
    fn native_compiles_for_what_this_cpu_has() {
        let isa = target_isa(OptLevel::Speed, TargetCpu::Native).unwrap();
        let native = compiled_features(&*isa);
        assert!(
            native.iter().any(|f| f.name == "sse4.1"),
            "test machines have SSE4.1"
        );
        assert_eq!(native, wasm2native_rt::cpu::detected());
    }
}
