//! Fixed-width SIMD (`v128`) operators of wasm 2.0: loads and stores, lanes, shuffles, bitwise
//! operations, integer and float lane arithmetic, comparisons and conversions; relaxed SIMD's
//! deterministic lowerings are [`relaxed`].
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

mod arith;
mod relaxed;

pub use relaxed::RelaxedSimdIsa;

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
        let size = match kind {
            VLoad::Full => 16,
            VLoad::Widen { .. } => 8,
            VLoad::Splat(lane) | VLoad::Zero(lane) => lane.bytes(),
        };
        let (p, off) = self.address(memarg, addr, size);
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
        let (p, off) = self.address(memarg, addr, 16);
        self.b.ins().store(heap_flags(), v, p, off);
    }

    fn vload_lane(&mut self, memarg: &MemArg, ty: Type, lane: u8) {
        let v = self.vpop(ty);
        let addr = self.pop();
        let (p, off) = self.address(memarg, addr, ty.lane_type().bytes());
        let x = self.b.ins().load(ty.lane_type(), heap_flags(), p, off);
        let v = self.b.ins().insertlane(v, x, lane);
        self.vpush(v);
    }

    fn vstore_lane(&mut self, memarg: &MemArg, ty: Type, lane: u8) {
        let v = self.vpop(ty);
        let addr = self.pop();
        let (p, off) = self.address(memarg, addr, ty.lane_type().bytes());
        let x = self.b.ins().extractlane(v, lane);
        self.b.ins().store(heap_flags(), x, p, off);
    }

    /// Returns whether `op` was a SIMD operator (and translated it).
    pub(super) fn simd(&mut self, op: &Operator) -> Result<bool> {
        Ok(self.simd_memory(op)?
            || self.simd_lanes(op)?
            || self.simd_compare(op)?
            || self.simd_bitwise(op)?
            || self.simd_widen(op)?
            || self.simd_integer(op)?
            || self.simd_float(op)?
            || self.simd_convert(op)?)
    }

    /// Loads and stores, whole and by lane.
    fn simd_memory(&mut self, op: &Operator) -> Result<bool> {
        use Operator as O;
        match op {
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
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Constants, shuffles, splats and lane access.
    fn simd_lanes(&mut self, op: &Operator) -> Result<bool> {
        use Operator as O;
        match op {
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
            _ => return Ok(false),
        }
        Ok(true)
    }
}
