//! Relaxed SIMD, lowered deterministically: every operator gives the result wasmtime 49 gives
//! by default on an x86-64 CPU with SSSE3, SSE4.1 and FMA (its `relaxed_simd_deterministic` is
//! off, so it picks the x86 instruction), whatever CPU the executable runs on:
//!
//! | operator | result (x86 instruction) |
//! |---|---|
//! | `relaxed_swizzle` | `pshufb`: an index with bit 7 set gives 0, any other picks lane `index & 15` |
//! | `relaxed_trunc_f32x4_s`, `_f64x2_s_zero` | `cvttps2dq`/`cvttpd2dq`: NaN and out-of-range lanes give `i32::MIN` |
//! | `relaxed_trunc_*_u` | the saturating `trunc_sat` (wasmtime keeps it on x86) |
//! | `relaxed_madd`, `relaxed_nmadd` | fused: `fma(a, b, c)`, `fma(-a, b, c)` |
//! | `relaxed_laneselect` i8/i32/i64 | `pblendvb`/`blendvps`/`blendvpd`: the top bit of each mask lane picks |
//! | `relaxed_laneselect` i16 | bitwise select (x86 has no 16-bit blend) |
//! | `relaxed_min`, `relaxed_max` | `minps`/`maxps`: `pmin`/`pmax` (the second operand when either is NaN or both are zero) |
//! | `relaxed_q15mulr_s` | `pmulhrsw`: `-32768 * -32768` wraps to `-32768` |
//! | `relaxed_dot_i8x16_i7x16_s` (and `_add_s`) | `pmaddubsw`: the second operand read as unsigned, pair sums saturated to `i16` |
//!
//! Operators whose x86 instruction Cranelift only emits with a CPU feature (`pmulhrsw`,
//! `pmaddubsw` need SSSE3; the blends SSE4.1) are refused for a target CPU without it
//! (`--target-cpu x86-64`) rather than given another result. Without SSSE3, the swizzle is
//! wasm's `swizzle` of adjusted indices (for which Cranelift calls the runtime's `pshufb`);
//! without FMA, Cranelift calls the runtime for the fused multiply-add (which rounds once too).

use super::super::FuncTranslator;
use crate::error::{CompileError, Result};
use cranelift_codegen::ir::{types, InstBuilder, Type, Value};
use cranelift_codegen::isa::TargetIsa;
use wasmparser::Operator;

use types::{F32X4, F64X2, I16X8, I32X4, I64X2, I8X16};

/// The x86 features the relaxed lowerings need, read from the target ISA.
#[derive(Clone, Copy, Debug, Default)]
pub struct RelaxedSimdIsa {
    ssse3: bool,
    sse41: bool,
}

impl RelaxedSimdIsa {
    pub fn of(isa: &dyn TargetIsa) -> Self {
        let has = |name: &str| {
            isa.isa_flags()
                .iter()
                .any(|f| f.name == name && f.as_bool() == Some(true))
        };
        RelaxedSimdIsa {
            ssse3: has("has_ssse3"),
            sse41: has("has_sse41"),
        }
    }
}

impl FuncTranslator<'_, '_> {
    /// Returns whether `op` was a relaxed SIMD operator (and translated it).
    pub(in super::super) fn relaxed_simd(&mut self, op: &Operator) -> Result<bool> {
        self.relaxed_needs_isa(op)?;
        Ok(self.relaxed_arith(op) || self.relaxed_select(op) || self.relaxed_convert(op))
    }

    /// Refuses an operator whose x86 instruction the target CPU lacks.
    fn relaxed_needs_isa(&self, op: &Operator) -> Result<()> {
        use Operator as O;
        let (have, feature) = match op {
            O::I16x8RelaxedQ15mulrS
            | O::I16x8RelaxedDotI8x16I7x16S
            | O::I32x4RelaxedDotI8x16I7x16AddS => (self.relaxed_isa.ssse3, "SSSE3"),
            O::I8x16RelaxedLaneselect | O::I32x4RelaxedLaneselect | O::I64x2RelaxedLaneselect => {
                (self.relaxed_isa.sse41, "SSE4.1")
            }
            _ => (true, ""),
        };
        if have {
            Ok(())
        } else {
            Err(CompileError::Unsupported(format!(
                "relaxed SIMD on a target CPU without {feature} ({}; --target-cpu x86-64-v2 \
                 and later have it)",
                crate::proposals::name(op)
            )))
        }
    }

    /// Multiply-adds, min/max, `q15mulr` and the dot products.
    fn relaxed_arith(&mut self, op: &Operator) -> bool {
        use Operator as O;
        match op {
            O::F32x4RelaxedMadd => self.relaxed_madd(F32X4, false),
            O::F64x2RelaxedMadd => self.relaxed_madd(F64X2, false),
            O::F32x4RelaxedNmadd => self.relaxed_madd(F32X4, true),
            O::F64x2RelaxedNmadd => self.relaxed_madd(F64X2, true),
            O::F32x4RelaxedMin => self.vpminmax(F32X4, false),
            O::F64x2RelaxedMin => self.vpminmax(F64X2, false),
            O::F32x4RelaxedMax => self.vpminmax(F32X4, true),
            O::F64x2RelaxedMax => self.vpminmax(F64X2, true),
            O::I16x8RelaxedQ15mulrS => self.vbinary(I16X8, |t, a, b| t.b.ins().x86_pmulhrsw(a, b)),
            O::I16x8RelaxedDotI8x16I7x16S => {
                self.vbinary(I8X16, |t, a, b| t.b.ins().x86_pmaddubsw(a, b))
            }
            O::I32x4RelaxedDotI8x16I7x16AddS => self.relaxed_dot_add(),
            _ => return false,
        }
        true
    }

    /// `a * b + c` (or `-(a * b) + c`) rounded once.
    fn relaxed_madd(&mut self, ty: Type, negate: bool) {
        let c = self.vpop(ty);
        let (a, b) = self.vpop2(ty);
        let a = if negate { self.b.ins().fneg(a) } else { a };
        let v = self.b.ins().fma(a, b, c);
        self.vpush(v);
    }

    /// The `i16` pair sums of the dot product, summed again in pairs to `i32`, plus `c`.
    fn relaxed_dot_add(&mut self) {
        let c = self.vpop(I32X4);
        let (a, b) = self.vpop2(I8X16);
        let dot = self.b.ins().x86_pmaddubsw(a, b);
        let lo = self.b.ins().swiden_low(dot);
        let hi = self.b.ins().swiden_high(dot);
        let sums = self.b.ins().iadd_pairwise(lo, hi);
        let v = self.b.ins().iadd(sums, c);
        self.vpush(v);
    }

    /// `pshufb a, s`; without SSSE3 (which Cranelift's `x86_pshufb` needs) the same result
    /// from wasm's `swizzle` with each index's bits 4–6 cleared: an index with bit 7 set stays
    /// out of range (0), any other selects lane `index & 15`.
    fn relaxed_swizzle(&mut self, a: Value, s: Value) -> Value {
        if self.relaxed_isa.ssse3 {
            return self.b.ins().x86_pshufb(a, s);
        }
        let keep = self.b.ins().iconst(types::I8, 0x8f);
        let keep = self.b.ins().splat(I8X16, keep);
        let s = self.b.ins().band(s, keep);
        self.b.ins().swizzle(a, s)
    }

    /// Swizzle and lane selects.
    fn relaxed_select(&mut self, op: &Operator) -> bool {
        use Operator as O;
        match op {
            O::I8x16RelaxedSwizzle => self.vbinary(I8X16, |t, a, s| t.relaxed_swizzle(a, s)),
            O::I8x16RelaxedLaneselect => self.relaxed_laneselect(I8X16),
            O::I16x8RelaxedLaneselect => self.relaxed_laneselect(I16X8),
            O::I32x4RelaxedLaneselect => self.relaxed_laneselect(I32X4),
            O::I64x2RelaxedLaneselect => self.relaxed_laneselect(I64X2),
            _ => return false,
        }
        true
    }

    /// `a` where the mask `c` selects, else `b`: by each lane's top bit (a blend), or for
    /// 16-bit lanes bit by bit.
    fn relaxed_laneselect(&mut self, ty: Type) {
        let c = self.vpop(ty);
        let (a, b) = self.vpop2(ty);
        let v = if ty == I16X8 {
            self.b.ins().bitselect(c, a, b)
        } else {
            self.b.ins().blendv(c, a, b)
        };
        self.vpush(v);
    }

    /// Float-to-integer truncations.
    fn relaxed_convert(&mut self, op: &Operator) -> bool {
        use Operator as O;
        match op {
            O::I32x4RelaxedTruncF32x4S => {
                self.vunary(F32X4, |t, a| t.b.ins().x86_cvtt2dq(I32X4, a))
            }
            O::I32x4RelaxedTruncF32x4U => {
                self.vunary(F32X4, |t, a| t.b.ins().fcvt_to_uint_sat(I32X4, a))
            }
            O::I32x4RelaxedTruncF64x2SZero => self.vunary(F64X2, |t, a| {
                let x = t.b.ins().x86_cvtt2dq(I64X2, a);
                t.narrow_with_zero(x, true)
            }),
            O::I32x4RelaxedTruncF64x2UZero => self.vunary(F64X2, |t, a| {
                let x = t.b.ins().fcvt_to_uint_sat(I64X2, a);
                t.narrow_with_zero(x, false)
            }),
            _ => return false,
        }
        true
    }
}

impl FuncTranslator<'_, '_> {
    /// `x`'s two 64-bit lanes narrowed to the low 32-bit lanes of the result, the high ones
    /// zero: signed (`snarrow`) or unsigned (`uunarrow`), the shape the x64 backend lowers
    /// with the truncation as one instruction.
    pub(super) fn narrow_with_zero(&mut self, x: Value, signed: bool) -> Value {
        let zero = self.vconst_bytes(I64X2, &[0; 16]);
        if signed {
            self.b.ins().snarrow(x, zero)
        } else {
            self.b.ins().uunarrow(x, zero)
        }
    }
}
