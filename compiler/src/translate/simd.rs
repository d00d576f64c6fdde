//! Fixed-width SIMD (`v128`) operators of wasm 2.0: loads and stores, lanes, shuffles,
//! bitwise operations, integer and float lane arithmetic, comparisons and conversions.
//!
//! Every `v128` lives on the operand stack (and in locals, block parameters, globals) as an
//! `i8x16`; each operator bitcasts its operands to the lane type it needs and its result back.
//! Most operators map to one Cranelift instruction with wasm semantics (`swizzle` zeroes
//! out-of-range lanes, `fmin`/`fmax` follow wasm's NaN and signed-zero rules, `unarrow` reads
//! its inputs as signed, `fcvt_to_*_sat` saturates and maps NaN to 0). The rest are composed:
//! shift counts are masked to the lane width explicitly, extended multiplies, pairwise additions
//! and the dot product widen first, `pmin`/`pmax` are a compare and a bit select, and the
//! `f64x2 → i32x4` truncations narrow against a zero vector (the shape the x64 backend lowers
//! as a unit). NaN results are not canonicalised (wasm leaves their sign and payload open).

use super::FuncTranslator;
use crate::error::Result;
use crate::func_env::heap_flags;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{
    types, ConstantData, Endianness, InstBuilder, MemFlagsData, Type, Value,
};
use wasmparser::{MemArg, Operator};

use types::{F32X4, F64X2, I16, I16X8, I32, I32X4, I64, I64X2, I8, I8X16};

/// How a `v128.load` family operator reads memory.
#[derive(Clone, Copy)]
enum VLoad {
    /// All 16 bytes.
    Full,
    /// 8 bytes widened: `load8x8_s` … `load32x2_u`.
    Widen { signed: bool, from: Type },
    /// One lane of type `lane` broadcast to every lane.
    Splat(Type),
    /// One 32- or 64-bit lane, the others zero.
    Zero(Type),
}

impl FuncTranslator<'_, '_> {
    /// `v` reinterpreted as the vector type `ty` (lane order is little-endian).
    fn vcast(&mut self, v: Value, ty: Type) -> Value {
        if self.b.func.dfg.value_type(v) == ty {
            v
        } else {
            self.b.ins().bitcast(
                ty,
                MemFlagsData::new().with_endianness(Endianness::Little),
                v,
            )
        }
    }

    fn vpop(&mut self, ty: Type) -> Value {
        let v = self.pop();
        self.vcast(v, ty)
    }

    fn vpop2(&mut self, ty: Type) -> (Value, Value) {
        let b = self.vpop(ty);
        let a = self.vpop(ty);
        (a, b)
    }

    /// Pushes a vector result in the canonical `i8x16` form.
    fn vpush(&mut self, v: Value) {
        let v = self.vcast(v, I8X16);
        self.push(v);
    }

    fn vunary(&mut self, ty: Type, f: impl FnOnce(&mut Self, Value) -> Value) {
        let a = self.vpop(ty);
        let v = f(self, a);
        self.vpush(v);
    }

    fn vbinary(&mut self, ty: Type, f: impl FnOnce(&mut Self, Value, Value) -> Value) {
        let (a, b) = self.vpop2(ty);
        let v = f(self, a, b);
        self.vpush(v);
    }

    fn vicmp(&mut self, ty: Type, cc: IntCC) {
        self.vbinary(ty, |t, a, b| t.b.ins().icmp(cc, a, b))
    }

    fn vfcmp(&mut self, ty: Type, cc: FloatCC) {
        self.vbinary(ty, |t, a, b| t.b.ins().fcmp(cc, a, b))
    }

    /// A shift of every lane of a `ty` vector by an `i32` count (taken modulo the lane width).
    fn vshift(&mut self, ty: Type, f: impl FnOnce(&mut Self, Value, Value) -> Value) {
        let amount = self.pop();
        let a = self.vpop(ty);
        let amount = self
            .b
            .ins()
            .band_imm_u(amount, i64::from(ty.lane_bits() - 1));
        let v = f(self, a, amount);
        self.vpush(v);
    }

    /// A scalar reduction (`any_true`, `all_true`, `bitmask`) giving an `i32`.
    fn vreduce(&mut self, ty: Type, f: impl FnOnce(&mut Self, Value) -> Value) {
        let a = self.vpop(ty);
        let v = f(self, a);
        let v = if self.b.func.dfg.value_type(v) == I32 {
            v
        } else {
            self.b.ins().uextend(I32, v)
        };
        self.push(v);
    }

    fn vconst_bytes(&mut self, ty: Type, bytes: &[u8]) -> Value {
        let c = self.b.func.dfg.constants.insert(ConstantData::from(bytes));
        self.b.ins().vconst(ty, c)
    }

    /// `pmin` (`select(b < a, b, a)`) or, with `max`, `pmax` (`select(a < b, b, a)`).
    fn vpminmax(&mut self, ty: Type, max: bool) {
        self.vbinary(ty, |t, a, b| {
            let mask = if max {
                t.b.ins().fcmp(FloatCC::LessThan, a, b)
            } else {
                t.b.ins().fcmp(FloatCC::LessThan, b, a)
            };
            let mask = t.vcast(mask, ty);
            t.b.ins().bitselect(mask, b, a)
        })
    }

    /// The low or high half of `v`'s lanes, sign- or zero-extended to twice the width.
    fn vwiden(&mut self, v: Value, signed: bool, high: bool) -> Value {
        match (signed, high) {
            (true, false) => self.b.ins().swiden_low(v),
            (true, true) => self.b.ins().swiden_high(v),
            (false, false) => self.b.ins().uwiden_low(v),
            (false, true) => self.b.ins().uwiden_high(v),
        }
    }

    /// Lane-wise product of the low (or high) halves of two vectors, widened first.
    fn vextmul(&mut self, ty: Type, signed: bool, high: bool) {
        self.vbinary(ty, |t, a, b| {
            let a = t.vwiden(a, signed, high);
            let b = t.vwiden(b, signed, high);
            t.b.ins().imul(a, b)
        })
    }

    /// Sums of adjacent lane pairs, widened.
    fn vextadd_pairwise(&mut self, ty: Type, signed: bool) {
        self.vunary(ty, |t, a| {
            let lo = t.vwiden(a, signed, false);
            let hi = t.vwiden(a, signed, true);
            t.b.ins().iadd_pairwise(lo, hi)
        })
    }

    fn vextend(&mut self, ty: Type, signed: bool, high: bool) {
        self.vunary(ty, |t, a| t.vwiden(a, signed, high))
    }

    fn vsplat(&mut self, ty: Type) {
        let x = self.pop();
        let lane = ty.lane_type();
        let x = if self.b.func.dfg.value_type(x) == lane {
            x
        } else {
            self.b.ins().ireduce(lane, x)
        };
        let v = self.b.ins().splat(ty, x);
        self.vpush(v);
    }

    /// `extract_lane`; `signed` picks the extension of narrow integer lanes to `i32`.
    fn vextract(&mut self, ty: Type, lane: u8, signed: bool) {
        let a = self.vpop(ty);
        let x = self.b.ins().extractlane(a, lane);
        let x = match ty.lane_type() {
            I8 | I16 if signed => self.b.ins().sextend(I32, x),
            I8 | I16 => self.b.ins().uextend(I32, x),
            _ => x,
        };
        self.push(x);
    }

    fn vreplace(&mut self, ty: Type, lane: u8) {
        let x = self.pop();
        let a = self.vpop(ty);
        let lt = ty.lane_type();
        let x = if self.b.func.dfg.value_type(x) == lt {
            x
        } else {
            self.b.ins().ireduce(lt, x)
        };
        let v = self.b.ins().insertlane(a, x, lane);
        self.vpush(v);
    }

    fn vload(&mut self, memarg: &MemArg, kind: VLoad) {
        let addr = self.pop();
        let (p, off) = self.address(memarg, addr);
        let flags = heap_flags();
        let v = match kind {
            VLoad::Full => self.b.ins().load(I8X16, flags, p, off),
            VLoad::Widen { signed, from } => match (signed, from) {
                (true, I8) => self.b.ins().sload8x8(flags, p, off),
                (false, I8) => self.b.ins().uload8x8(flags, p, off),
                (true, I16) => self.b.ins().sload16x4(flags, p, off),
                (false, I16) => self.b.ins().uload16x4(flags, p, off),
                (true, _) => self.b.ins().sload32x2(flags, p, off),
                (false, _) => self.b.ins().uload32x2(flags, p, off),
            },
            VLoad::Splat(lane) => {
                let x = self.b.ins().load(lane, flags, p, off);
                let ty = lane.by(128 / lane.bits()).expect("128-bit vector");
                self.b.ins().splat(ty, x)
            }
            VLoad::Zero(lane) => {
                let x = self.b.ins().load(lane, flags, p, off);
                let ty = lane.by(128 / lane.bits()).expect("128-bit vector");
                self.b.ins().scalar_to_vector(ty, x)
            }
        };
        self.vpush(v);
    }

    fn vstore(&mut self, memarg: &MemArg) {
        let v = self.vpop(I8X16);
        let addr = self.pop();
        let (p, off) = self.address(memarg, addr);
        self.b.ins().store(heap_flags(), v, p, off);
    }

    fn vload_lane(&mut self, memarg: &MemArg, ty: Type, lane: u8) {
        let v = self.vpop(ty);
        let addr = self.pop();
        let (p, off) = self.address(memarg, addr);
        let x = self.b.ins().load(ty.lane_type(), heap_flags(), p, off);
        let v = self.b.ins().insertlane(v, x, lane);
        self.vpush(v);
    }

    fn vstore_lane(&mut self, memarg: &MemArg, ty: Type, lane: u8) {
        let v = self.vpop(ty);
        let addr = self.pop();
        let (p, off) = self.address(memarg, addr);
        let x = self.b.ins().extractlane(v, lane);
        self.b.ins().store(heap_flags(), x, p, off);
    }

    /// Returns whether `op` was a SIMD operator (and translated it).
    pub(super) fn simd(&mut self, op: &Operator) -> Result<bool> {
        use Operator as O;
        match op {
            // Memory.
            O::V128Load { memarg } => self.vload(memarg, VLoad::Full),
            O::V128Load8x8S { memarg } => self.vload(
                memarg,
                VLoad::Widen {
                    signed: true,
                    from: I8,
                },
            ),
            O::V128Load8x8U { memarg } => self.vload(
                memarg,
                VLoad::Widen {
                    signed: false,
                    from: I8,
                },
            ),
            O::V128Load16x4S { memarg } => self.vload(
                memarg,
                VLoad::Widen {
                    signed: true,
                    from: I16,
                },
            ),
            O::V128Load16x4U { memarg } => self.vload(
                memarg,
                VLoad::Widen {
                    signed: false,
                    from: I16,
                },
            ),
            O::V128Load32x2S { memarg } => self.vload(
                memarg,
                VLoad::Widen {
                    signed: true,
                    from: I32,
                },
            ),
            O::V128Load32x2U { memarg } => self.vload(
                memarg,
                VLoad::Widen {
                    signed: false,
                    from: I32,
                },
            ),
            O::V128Load8Splat { memarg } => self.vload(memarg, VLoad::Splat(I8)),
            O::V128Load16Splat { memarg } => self.vload(memarg, VLoad::Splat(I16)),
            O::V128Load32Splat { memarg } => self.vload(memarg, VLoad::Splat(I32)),
            O::V128Load64Splat { memarg } => self.vload(memarg, VLoad::Splat(I64)),
            O::V128Load32Zero { memarg } => self.vload(memarg, VLoad::Zero(I32)),
            O::V128Load64Zero { memarg } => self.vload(memarg, VLoad::Zero(I64)),
            O::V128Store { memarg } => self.vstore(memarg),
            O::V128Load8Lane { memarg, lane } => self.vload_lane(memarg, I8X16, *lane),
            O::V128Load16Lane { memarg, lane } => self.vload_lane(memarg, I16X8, *lane),
            O::V128Load32Lane { memarg, lane } => self.vload_lane(memarg, I32X4, *lane),
            O::V128Load64Lane { memarg, lane } => self.vload_lane(memarg, I64X2, *lane),
            O::V128Store8Lane { memarg, lane } => self.vstore_lane(memarg, I8X16, *lane),
            O::V128Store16Lane { memarg, lane } => self.vstore_lane(memarg, I16X8, *lane),
            O::V128Store32Lane { memarg, lane } => self.vstore_lane(memarg, I32X4, *lane),
            O::V128Store64Lane { memarg, lane } => self.vstore_lane(memarg, I64X2, *lane),
            // Constants, shuffles, lanes.
            O::V128Const { value } => {
                let v = self.vconst_bytes(I8X16, value.bytes());
                self.push(v);
            }
            O::I8x16Shuffle { lanes } => {
                let (a, b) = self.vpop2(I8X16);
                let mask = self
                    .b
                    .func
                    .dfg
                    .immediates
                    .push(ConstantData::from(&lanes[..]));
                let v = self.b.ins().shuffle(a, b, mask);
                self.vpush(v);
            }
            O::I8x16Swizzle => self.vbinary(I8X16, |t, a, s| t.b.ins().swizzle(a, s)),
            O::I8x16Splat => self.vsplat(I8X16),
            O::I16x8Splat => self.vsplat(I16X8),
            O::I32x4Splat => self.vsplat(I32X4),
            O::I64x2Splat => self.vsplat(I64X2),
            O::F32x4Splat => self.vsplat(F32X4),
            O::F64x2Splat => self.vsplat(F64X2),
            O::I8x16ExtractLaneS { lane } => self.vextract(I8X16, *lane, true),
            O::I8x16ExtractLaneU { lane } => self.vextract(I8X16, *lane, false),
            O::I16x8ExtractLaneS { lane } => self.vextract(I16X8, *lane, true),
            O::I16x8ExtractLaneU { lane } => self.vextract(I16X8, *lane, false),
            O::I32x4ExtractLane { lane } => self.vextract(I32X4, *lane, false),
            O::I64x2ExtractLane { lane } => self.vextract(I64X2, *lane, false),
            O::F32x4ExtractLane { lane } => self.vextract(F32X4, *lane, false),
            O::F64x2ExtractLane { lane } => self.vextract(F64X2, *lane, false),
            O::I8x16ReplaceLane { lane } => self.vreplace(I8X16, *lane),
            O::I16x8ReplaceLane { lane } => self.vreplace(I16X8, *lane),
            O::I32x4ReplaceLane { lane } => self.vreplace(I32X4, *lane),
            O::I64x2ReplaceLane { lane } => self.vreplace(I64X2, *lane),
            O::F32x4ReplaceLane { lane } => self.vreplace(F32X4, *lane),
            O::F64x2ReplaceLane { lane } => self.vreplace(F64X2, *lane),
            _ => return self.simd_compare_bitwise(op),
        }
        Ok(true)
    }

    fn simd_compare_bitwise(&mut self, op: &Operator) -> Result<bool> {
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
            // Bitwise.
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
            _ => return self.simd_integer(op),
        }
        Ok(true)
    }

    fn simd_integer(&mut self, op: &Operator) -> Result<bool> {
        use Operator as O;
        match op {
            // Narrowing and widening.
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
            _ => return self.simd_float(op),
        }
        Ok(true)
    }

    fn simd_float(&mut self, op: &Operator) -> Result<bool> {
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
            // Conversions.
            O::I32x4TruncSatF32x4S => {
                self.vunary(F32X4, |t, a| t.b.ins().fcvt_to_sint_sat(I32X4, a))
            }
            O::I32x4TruncSatF32x4U => {
                self.vunary(F32X4, |t, a| t.b.ins().fcvt_to_uint_sat(I32X4, a))
            }
            O::I32x4TruncSatF64x2SZero => self.vunary(F64X2, |t, a| {
                let x = t.b.ins().fcvt_to_sint_sat(I64X2, a);
                let zero = t.vconst_bytes(I64X2, &[0; 16]);
                t.b.ins().snarrow(x, zero)
            }),
            O::I32x4TruncSatF64x2UZero => self.vunary(F64X2, |t, a| {
                let x = t.b.ins().fcvt_to_uint_sat(I64X2, a);
                let zero = t.vconst_bytes(I64X2, &[0; 16]);
                t.b.ins().uunarrow(x, zero)
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
