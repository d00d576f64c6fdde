//! The CLIF rewrites that run between Cranelift's e-graph pass and lowering
//! ([`late_opts`], [`threaded_dispatch`]): for which targets, and in what order.
//!
//! They work around what the e-graph leaves for x86_64's backend — register moves on loop
//! back-edges, 32-bit zero extensions x64 gets for free, one indirect jump predicting every
//! dispatch — and were written and measured there only, so they run for x86_64 alone (and,
//! like the e-graph pass, not at `opt_level=none`). Another target lowers the e-graph's
//! output as it is until they are measured on it.

use crate::late_opts;
use crate::threaded_dispatch;
use cranelift_codegen::isa::TargetIsa;
use cranelift_codegen::settings::OptLevel;
use cranelift_codegen::Context;
use target_lexicon::Architecture;

/// Whether the late rewrites run when compiling for `isa`.
pub fn target_rewrites_apply(isa: &dyn TargetIsa) -> bool {
    isa.flags().opt_level() != OptLevel::None && written_for(isa.triple().architecture)
}

/// The architectures the rewrites were written and measured for.
fn written_for(arch: Architecture) -> bool {
    arch == Architecture::X86_64
}

/// Rewrites `ctx.func`, whose CFG and dominator tree are current (as `Context::optimize`
/// leaves them), and leaves them current. With the verifier enabled, checks the code
/// threaded dispatch changed; the error says what it left invalid.
pub fn run(ctx: &mut Context, isa: &dyn TargetIsa) -> Result<(), String> {
    late_opts::recompute_loop_increments(&mut ctx.func);
    late_opts::compare_next_induction_value(&mut ctx.func);
    late_opts::widen_params_used_as_addresses(
        &mut ctx.func,
        &ctx.cfg,
        &ctx.domtree,
        &mut ctx.loop_analysis,
    );
    late_opts::widen_loads_used_as_addresses(&mut ctx.func);
    if threaded_dispatch::thread_dispatch_loops(&mut ctx.func, &ctx.cfg, &ctx.domtree) {
        ctx.compute_cfg();
        ctx.compute_domtree();
        if isa.flags().enable_verifier() {
            cranelift_codegen::verify_function(&ctx.func, isa)
                .map_err(|e| format!("threaded dispatch left invalid code: {e}"))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::OptLevel as Opt;
    use crate::target::target_isa;
    use cranelift_codegen::settings::{self, Configurable};
    use std::str::FromStr;
    use target_lexicon::Triple;
    use wasm2native_abi::cpu::TargetCpu;

    #[test]
    fn they_run_on_x86_64_when_optimising() {
        assert!(target_rewrites_apply(
            &*target_isa(Opt::Speed, TargetCpu::Native).unwrap()
        ));
        assert!(!target_rewrites_apply(
            &*target_isa(Opt::None, TargetCpu::Native).unwrap()
        ));
    }

    #[test]
    fn other_architectures_are_left_alone() {
        let others = [
            "aarch64-unknown-linux-gnu",
            "riscv64gc-unknown-linux-gnu",
            "i686-unknown-linux-gnu",
        ];
        for triple in others.map(|t| Triple::from_str(t).unwrap()) {
            assert!(!written_for(triple.architecture), "{triple}");
            // Only the host's backend is compiled in (cranelift-codegen's `host-arch`): the
            // gate is checked on the ISA itself where its backend exists.
            if let Ok(builder) = cranelift_codegen::isa::lookup(triple.clone()) {
                let mut flags = settings::builder();
                flags.set("opt_level", "speed").unwrap();
                let isa = builder.finish(settings::Flags::new(flags)).unwrap();
                assert!(!target_rewrites_apply(&*isa), "{triple}");
            }
        }
        let host = Triple::from_str("x86_64-unknown-linux-musl").unwrap();
        assert!(written_for(host.architecture));
    }
}
