//! SIMD lane arithmetic: comparisons, bitwise operations and reductions, narrowing and
//! widening, integer and float lane arithmetic and conversions (see [`super`] for how `v128`
//! values are represented and composed).

use super::super::FuncTranslator;
use crate::error::Result;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{types, InstBuilder};
use wasmparser::Operator;

use types::{F32X4, F64X2, I16X8, I32, I32X4, I64X2, I8X16};

impl FuncTranslator<'_, '_> {
    /// Lane comparisons.
    pub(super) fn simd_compare(&mut self, op: &Operator) -> Result<bool> {
        use FloatCC as F;
        use IntCC as C;
        use Operator as O;
        match op {
            O::I8x16Eq => self.vicmp(I8X16, C::Equal),
            O::I8x16Ne => self.vicmp(I8X16, C::NotEqual),
            O::I8x16LtS => self.vicmp(I8X16, C::SignedLessThan),
            O::I8x16LtU => self.vicmp(I8X16, C::UnsignedLessThan),
            O::I8x16GtS => self.vicmp(I8X16, C::SignedGreaterThan),
            O::I8x16GtU => self.vicmp(I8X16, C::UnsignedGreaterThan),
            O::I8x16LeS => self.vicmp(I8X16, C::SignedLessThanOrEqual),
            O::I8x16LeU => self.vicmp(I8X16, C::UnsignedLessThanOrEqual),
            O::I8x16GeS => self.vicmp(I8X16, C::SignedGreaterThanOrEqual),
            O::I8x16GeU => self.vicmp(I8X16, C::UnsignedGreaterThanOrEqual),
            O::I16x8Eq => self.vicmp(I16X8, C::Equal),
            O::I16x8Ne => self.vicmp(I16X8, C::NotEqual),
            O::I16x8LtS => self.vicmp(I16X8, C::SignedLessThan),
            O::I16x8LtU => self.vicmp(I16X8, C::UnsignedLessThan),
            O::I16x8GtS => self.vicmp(I16X8, C::SignedGreaterThan),
            O::I16x8GtU => self.vicmp(I16X8, C::UnsignedGreaterThan),
            O::I16x8LeS => self.vicmp(I16X8, C::SignedLessThanOrEqual),
            O::I16x8LeU => self.vicmp(I16X8, C::UnsignedLessThanOrEqual),
            O::I16x8GeS => self.vicmp(I16X8, C::SignedGreaterThanOrEqual),
            O::I16x8GeU => self.vicmp(I16X8, C::UnsignedGreaterThanOrEqual),
            O::I32x4Eq => self.vicmp(I32X4, C::Equal),
            O::I32x4Ne => self.vicmp(I32X4, C::NotEqual),
            O::I32x4LtS => self.vicmp(I32X4, C::SignedLessThan),
            O::I32x4LtU => self.vicmp(I32X4, C::UnsignedLessThan),
            O::I32x4GtS => self.vicmp(I32X4, C::SignedGreaterThan),
            O::I32x4GtU => self.vicmp(I32X4, C::UnsignedGreaterThan),
            O::I32x4LeS => self.vicmp(I32X4, C::SignedLessThanOrEqual),
            O::I32x4LeU => self.vicmp(I32X4, C::UnsignedLessThanOrEqual),
            O::I32x4GeS => self.vicmp(I32X4, C::SignedGreaterThanOrEqual),
            O::I32x4GeU => self.vicmp(I32X4, C::UnsignedGreaterThanOrEqual),
            O::I64x2Eq => self.vicmp(I64X2, C::Equal),
            O::I64x2Ne => self.vicmp(I64X2, C::NotEqual),
            O::I64x2LtS => self.vicmp(I64X2, C::SignedLessThan),
            O::I64x2GtS => self.vicmp(I64X2, C::SignedGreaterThan),
            O::I64x2LeS => self.vicmp(I64X2, C::SignedLessThanOrEqual),
            O::I64x2GeS => self.vicmp(I64X2, C::SignedGreaterThanOrEqual),
            O::F32x4Eq => self.vfcmp(F32X4, F::Equal),
            O::F32x4Ne => self.vfcmp(F32X4, F::NotEqual),
            O::F32x4Lt => self.vfcmp(F32X4, F::LessThan),
            O::F32x4Gt => self.vfcmp(F32X4, F::GreaterThan),
            O::F32x4Le => self.vfcmp(F32X4, F::LessThanOrEqual),
            O::F32x4Ge => self.vfcmp(F32X4, F::GreaterThanOrEqual),
            O::F64x2Eq => self.vfcmp(F64X2, F::Equal),
            O::F64x2Ne => self.vfcmp(F64X2, F::NotEqual),
            O::F64x2Lt => self.vfcmp(F64X2, F::LessThan),
            O::F64x2Gt => self.vfcmp(F64X2, F::GreaterThan),
            O::F64x2Le => self.vfcmp(F64X2, F::LessThanOrEqual),
            O::F64x2Ge => self.vfcmp(F64X2, F::GreaterThanOrEqual),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Bitwise operations, `any_true`/`all_true` and bitmasks.
    pub(super) fn simd_bitwise(&mut self, op: &Operator) -> Result<bool> {
        use Operator as O;
        match op {
            O::V128Not => self.vunary(I8X16, |t, a| t.b.ins().bnot(a)),
            O::V128And => self.vbinary(I8X16, |t, a, b| t.b.ins().band(a, b)),
            O::V128AndNot => self.vbinary(I8X16, |t, a, b| {
                let nb = t.b.ins().bnot(b);
                t.b.ins().band(a, nb)
            }),
            O::V128Or => self.vbinary(I8X16, |t, a, b| t.b.ins().bor(a, b)),
            O::V128Xor => self.vbinary(I8X16, |t, a, b| t.b.ins().bxor(a, b)),
            O::V128Bitselect => {
                let c = self.vpop(I8X16);
                let (a, b) = self.vpop2(I8X16);
                let v = self.b.ins().bitselect(c, a, b);
                self.vpush(v);
            }
            O::V128AnyTrue => self.vreduce(I8X16, |t, a| t.b.ins().vany_true(a)),
            O::I8x16AllTrue => self.vreduce(I8X16, |t, a| t.b.ins().vall_true(a)),
            O::I16x8AllTrue => self.vreduce(I16X8, |t, a| t.b.ins().vall_true(a)),
            O::I32x4AllTrue => self.vreduce(I32X4, |t, a| t.b.ins().vall_true(a)),
            O::I64x2AllTrue => self.vreduce(I64X2, |t, a| t.b.ins().vall_true(a)),
            O::I8x16Bitmask => self.vreduce(I8X16, |t, a| t.b.ins().vhigh_bits(I32, a)),
            O::I16x8Bitmask => self.vreduce(I16X8, |t, a| t.b.ins().vhigh_bits(I32, a)),
            O::I32x4Bitmask => self.vreduce(I32X4, |t, a| t.b.ins().vhigh_bits(I32, a)),
            O::I64x2Bitmask => self.vreduce(I64X2, |t, a| t.b.ins().vhigh_bits(I32, a)),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Narrowing, widening, extended multiplies, pairwise additions and the dot product.
    pub(super) fn simd_widen(&mut self, op: &Operator) -> Result<bool> {
        use Operator as O;
        match op {
            O::I8x16NarrowI16x8S => self.vbinary(I16X8, |t, a, b| t.b.ins().snarrow(a, b)),
            O::I8x16NarrowI16x8U => self.vbinary(I16X8, |t, a, b| t.b.ins().unarrow(a, b)),
            O::I16x8NarrowI32x4S => self.vbinary(I32X4, |t, a, b| t.b.ins().snarrow(a, b)),
            O::I16x8NarrowI32x4U => self.vbinary(I32X4, |t, a, b| t.b.ins().unarrow(a, b)),
            O::I16x8ExtendLowI8x16S => self.vextend(I8X16, true, false),
            O::I16x8ExtendHighI8x16S => self.vextend(I8X16, true, true),
            O::I16x8ExtendLowI8x16U => self.vextend(I8X16, false, false),
            O::I16x8ExtendHighI8x16U => self.vextend(I8X16, false, true),
            O::I32x4ExtendLowI16x8S => self.vextend(I16X8, true, false),
            O::I32x4ExtendHighI16x8S => self.vextend(I16X8, true, true),
            O::I32x4ExtendLowI16x8U => self.vextend(I16X8, false, false),
            O::I32x4ExtendHighI16x8U => self.vextend(I16X8, false, true),
            O::I64x2ExtendLowI32x4S => self.vextend(I32X4, true, false),
            O::I64x2ExtendHighI32x4S => self.vextend(I32X4, true, true),
            O::I64x2ExtendLowI32x4U => self.vextend(I32X4, false, false),
            O::I64x2ExtendHighI32x4U => self.vextend(I32X4, false, true),
            O::I16x8ExtMulLowI8x16S => self.vextmul(I8X16, true, false),
            O::I16x8ExtMulHighI8x16S => self.vextmul(I8X16, true, true),
            O::I16x8ExtMulLowI8x16U => self.vextmul(I8X16, false, false),
            O::I16x8ExtMulHighI8x16U => self.vextmul(I8X16, false, true),
            O::I32x4ExtMulLowI16x8S => self.vextmul(I16X8, true, false),
            O::I32x4ExtMulHighI16x8S => self.vextmul(I16X8, true, true),
            O::I32x4ExtMulLowI16x8U => self.vextmul(I16X8, false, false),
            O::I32x4ExtMulHighI16x8U => self.vextmul(I16X8, false, true),
            O::I64x2ExtMulLowI32x4S => self.vextmul(I32X4, true, false),
            O::I64x2ExtMulHighI32x4S => self.vextmul(I32X4, true, true),
            O::I64x2ExtMulLowI32x4U => self.vextmul(I32X4, false, false),
            O::I64x2ExtMulHighI32x4U => self.vextmul(I32X4, false, true),
            O::I16x8ExtAddPairwiseI8x16S => self.vextadd_pairwise(I8X16, true),
            O::I16x8ExtAddPairwiseI8x16U => self.vextadd_pairwise(I8X16, false),
            O::I32x4ExtAddPairwiseI16x8S => self.vextadd_pairwise(I16X8, true),
            O::I32x4ExtAddPairwiseI16x8U => self.vextadd_pairwise(I16X8, false),
            O::I16x8Q15MulrSatS => self.vbinary(I16X8, |t, a, b| t.b.ins().sqmul_round_sat(a, b)),
            O::I32x4DotI16x8S => self.vbinary(I16X8, |t, a, b| {
                let (al, bl) = (t.b.ins().swiden_low(a), t.b.ins().swiden_low(b));
                let lo = t.b.ins().imul(al, bl);
                let (ah, bh) = (t.b.ins().swiden_high(a), t.b.ins().swiden_high(b));
                let hi = t.b.ins().imul(ah, bh);
                t.b.ins().iadd_pairwise(lo, hi)
            }),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Integer lane arithmetic: unary, shifts and binary operations.
    pub(super) fn simd_integer(&mut self, op: &Operator) -> Result<bool> {
        use Operator as O;
        match op {
            // Unary.
            O::I8x16Abs => self.vunary(I8X16, |t, a| t.b.ins().iabs(a)),
            O::I16x8Abs => self.vunary(I16X8, |t, a| t.b.ins().iabs(a)),
            O::I32x4Abs => self.vunary(I32X4, |t, a| t.b.ins().iabs(a)),
            O::I64x2Abs => self.vunary(I64X2, |t, a| t.b.ins().iabs(a)),
            O::I8x16Neg => self.vunary(I8X16, |t, a| t.b.ins().ineg(a)),
            O::I16x8Neg => self.vunary(I16X8, |t, a| t.b.ins().ineg(a)),
            O::I32x4Neg => self.vunary(I32X4, |t, a| t.b.ins().ineg(a)),
            O::I64x2Neg => self.vunary(I64X2, |t, a| t.b.ins().ineg(a)),
            O::I8x16Popcnt => self.vunary(I8X16, |t, a| t.b.ins().popcnt(a)),
            // Shifts.
            O::I8x16Shl => self.vshift(I8X16, |t, a, n| t.b.ins().ishl(a, n)),
            O::I16x8Shl => self.vshift(I16X8, |t, a, n| t.b.ins().ishl(a, n)),
            O::I32x4Shl => self.vshift(I32X4, |t, a, n| t.b.ins().ishl(a, n)),
            O::I64x2Shl => self.vshift(I64X2, |t, a, n| t.b.ins().ishl(a, n)),
            O::I8x16ShrS => self.vshift(I8X16, |t, a, n| t.b.ins().sshr(a, n)),
            O::I16x8ShrS => self.vshift(I16X8, |t, a, n| t.b.ins().sshr(a, n)),
            O::I32x4ShrS => self.vshift(I32X4, |t, a, n| t.b.ins().sshr(a, n)),
            O::I64x2ShrS => self.vshift(I64X2, |t, a, n| t.b.ins().sshr(a, n)),
            O::I8x16ShrU => self.vshift(I8X16, |t, a, n| t.b.ins().ushr(a, n)),
            O::I16x8ShrU => self.vshift(I16X8, |t, a, n| t.b.ins().ushr(a, n)),
            O::I32x4ShrU => self.vshift(I32X4, |t, a, n| t.b.ins().ushr(a, n)),
            O::I64x2ShrU => self.vshift(I64X2, |t, a, n| t.b.ins().ushr(a, n)),
            // Binary arithmetic.
            O::I8x16Add => self.vbinary(I8X16, |t, a, b| t.b.ins().iadd(a, b)),
            O::I16x8Add => self.vbinary(I16X8, |t, a, b| t.b.ins().iadd(a, b)),
            O::I32x4Add => self.vbinary(I32X4, |t, a, b| t.b.ins().iadd(a, b)),
            O::I64x2Add => self.vbinary(I64X2, |t, a, b| t.b.ins().iadd(a, b)),
            O::I8x16Sub => self.vbinary(I8X16, |t, a, b| t.b.ins().isub(a, b)),
            O::I16x8Sub => self.vbinary(I16X8, |t, a, b| t.b.ins().isub(a, b)),
            O::I32x4Sub => self.vbinary(I32X4, |t, a, b| t.b.ins().isub(a, b)),
            O::I64x2Sub => self.vbinary(I64X2, |t, a, b| t.b.ins().isub(a, b)),
            O::I16x8Mul => self.vbinary(I16X8, |t, a, b| t.b.ins().imul(a, b)),
            O::I32x4Mul => self.vbinary(I32X4, |t, a, b| t.b.ins().imul(a, b)),
            O::I64x2Mul => self.vbinary(I64X2, |t, a, b| t.b.ins().imul(a, b)),
            O::I8x16AddSatS => self.vbinary(I8X16, |t, a, b| t.b.ins().sadd_sat(a, b)),
            O::I8x16AddSatU => self.vbinary(I8X16, |t, a, b| t.b.ins().uadd_sat(a, b)),
            O::I16x8AddSatS => self.vbinary(I16X8, |t, a, b| t.b.ins().sadd_sat(a, b)),
            O::I16x8AddSatU => self.vbinary(I16X8, |t, a, b| t.b.ins().uadd_sat(a, b)),
            O::I8x16SubSatS => self.vbinary(I8X16, |t, a, b| t.b.ins().ssub_sat(a, b)),
            O::I8x16SubSatU => self.vbinary(I8X16, |t, a, b| t.b.ins().usub_sat(a, b)),
            O::I16x8SubSatS => self.vbinary(I16X8, |t, a, b| t.b.ins().ssub_sat(a, b)),
            O::I16x8SubSatU => self.vbinary(I16X8, |t, a, b| t.b.ins().usub_sat(a, b)),
            O::I8x16MinS => self.vbinary(I8X16, |t, a, b| t.b.ins().smin(a, b)),
            O::I16x8MinS => self.vbinary(I16X8, |t, a, b| t.b.ins().smin(a, b)),
            O::I32x4MinS => self.vbinary(I32X4, |t, a, b| t.b.ins().smin(a, b)),
            O::I8x16MinU => self.vbinary(I8X16, |t, a, b| t.b.ins().umin(a, b)),
            O::I16x8MinU => self.vbinary(I16X8, |t, a, b| t.b.ins().umin(a, b)),
            O::I32x4MinU => self.vbinary(I32X4, |t, a, b| t.b.ins().umin(a, b)),
            O::I8x16MaxS => self.vbinary(I8X16, |t, a, b| t.b.ins().smax(a, b)),
            O::I16x8MaxS => self.vbinary(I16X8, |t, a, b| t.b.ins().smax(a, b)),
            O::I32x4MaxS => self.vbinary(I32X4, |t, a, b| t.b.ins().smax(a, b)),
            O::I8x16MaxU => self.vbinary(I8X16, |t, a, b| t.b.ins().umax(a, b)),
            O::I16x8MaxU => self.vbinary(I16X8, |t, a, b| t.b.ins().umax(a, b)),
            O::I32x4MaxU => self.vbinary(I32X4, |t, a, b| t.b.ins().umax(a, b)),
            O::I8x16AvgrU => self.vbinary(I8X16, |t, a, b| t.b.ins().avg_round(a, b)),
            O::I16x8AvgrU => self.vbinary(I16X8, |t, a, b| t.b.ins().avg_round(a, b)),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Float lane arithmetic.
    pub(super) fn simd_float(&mut self, op: &Operator) -> Result<bool> {
        use Operator as O;
        match op {
            O::F32x4Abs => self.vunary(F32X4, |t, a| t.b.ins().fabs(a)),
            O::F64x2Abs => self.vunary(F64X2, |t, a| t.b.ins().fabs(a)),
            O::F32x4Neg => self.vunary(F32X4, |t, a| t.b.ins().fneg(a)),
            O::F64x2Neg => self.vunary(F64X2, |t, a| t.b.ins().fneg(a)),
            O::F32x4Sqrt => self.vunary(F32X4, |t, a| t.b.ins().sqrt(a)),
            O::F64x2Sqrt => self.vunary(F64X2, |t, a| t.b.ins().sqrt(a)),
            O::F32x4Ceil => self.vunary(F32X4, |t, a| t.b.ins().ceil(a)),
            O::F64x2Ceil => self.vunary(F64X2, |t, a| t.b.ins().ceil(a)),
            O::F32x4Floor => self.vunary(F32X4, |t, a| t.b.ins().floor(a)),
            O::F64x2Floor => self.vunary(F64X2, |t, a| t.b.ins().floor(a)),
            O::F32x4Trunc => self.vunary(F32X4, |t, a| t.b.ins().trunc(a)),
            O::F64x2Trunc => self.vunary(F64X2, |t, a| t.b.ins().trunc(a)),
            O::F32x4Nearest => self.vunary(F32X4, |t, a| t.b.ins().nearest(a)),
            O::F64x2Nearest => self.vunary(F64X2, |t, a| t.b.ins().nearest(a)),
            O::F32x4Add => self.vbinary(F32X4, |t, a, b| t.b.ins().fadd(a, b)),
            O::F64x2Add => self.vbinary(F64X2, |t, a, b| t.b.ins().fadd(a, b)),
            O::F32x4Sub => self.vbinary(F32X4, |t, a, b| t.b.ins().fsub(a, b)),
            O::F64x2Sub => self.vbinary(F64X2, |t, a, b| t.b.ins().fsub(a, b)),
            O::F32x4Mul => self.vbinary(F32X4, |t, a, b| t.b.ins().fmul(a, b)),
            O::F64x2Mul => self.vbinary(F64X2, |t, a, b| t.b.ins().fmul(a, b)),
            O::F32x4Div => self.vbinary(F32X4, |t, a, b| t.b.ins().fdiv(a, b)),
            O::F64x2Div => self.vbinary(F64X2, |t, a, b| t.b.ins().fdiv(a, b)),
            O::F32x4Min => self.vbinary(F32X4, |t, a, b| t.b.ins().fmin(a, b)),
            O::F64x2Min => self.vbinary(F64X2, |t, a, b| t.b.ins().fmin(a, b)),
            O::F32x4Max => self.vbinary(F32X4, |t, a, b| t.b.ins().fmax(a, b)),
            O::F64x2Max => self.vbinary(F64X2, |t, a, b| t.b.ins().fmax(a, b)),
            O::F32x4PMin => self.vpminmax(F32X4, false),
            O::F64x2PMin => self.vpminmax(F64X2, false),
            O::F32x4PMax => self.vpminmax(F32X4, true),
            O::F64x2PMax => self.vpminmax(F64X2, true),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Conversions between integer and float lanes.
    pub(super) fn simd_convert(&mut self, op: &Operator) -> Result<bool> {
        use Operator as O;
        match op {
            O::I32x4TruncSatF32x4S => {
                self.vunary(F32X4, |t, a| t.b.ins().fcvt_to_sint_sat(I32X4, a))
            }
            O::I32x4TruncSatF32x4U => {
                self.vunary(F32X4, |t, a| t.b.ins().fcvt_to_uint_sat(I32X4, a))
            }
            O::I32x4TruncSatF64x2SZero => self.vunary(F64X2, |t, a| {
                let x = t.b.ins().fcvt_to_sint_sat(I64X2, a);
                t.narrow_with_zero(x, true)
            }),
            O::I32x4TruncSatF64x2UZero => self.vunary(F64X2, |t, a| {
                let x = t.b.ins().fcvt_to_uint_sat(I64X2, a);
                t.narrow_with_zero(x, false)
            }),
            O::F32x4ConvertI32x4S => self.vunary(I32X4, |t, a| t.b.ins().fcvt_from_sint(F32X4, a)),
            O::F32x4ConvertI32x4U => self.vunary(I32X4, |t, a| t.b.ins().fcvt_from_uint(F32X4, a)),
            O::F64x2ConvertLowI32x4S => self.vunary(I32X4, |t, a| {
                let wide = t.b.ins().swiden_low(a);
                t.b.ins().fcvt_from_sint(F64X2, wide)
            }),
            O::F64x2ConvertLowI32x4U => self.vunary(I32X4, |t, a| {
                let wide = t.b.ins().uwiden_low(a);
                t.b.ins().fcvt_from_uint(F64X2, wide)
            }),
            O::F32x4DemoteF64x2Zero => self.vunary(F64X2, |t, a| t.b.ins().fvdemote(a)),
            O::F64x2PromoteLowF32x4 => self.vunary(F32X4, |t, a| t.b.ins().fvpromote_low(a)),
            _ => return Ok(false),
        }
        Ok(true)
    }
}
