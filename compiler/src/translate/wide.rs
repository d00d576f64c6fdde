//! Wide arithmetic (`i64.add128`, `i64.sub128`, `i64.mul_wide_s`, `i64.mul_wide_u`): 128-bit
//! results as two `i64` halves on the operand stack, low half first. The halves are joined
//! into a Cranelift `i128`, combined with one instruction and split again, which the x64
//! backend lowers to `add`/`adc`, `sub`/`sbb` and a widening `imul`/`mul`.

use super::FuncTranslator;
use crate::error::Result;
use cranelift_codegen::ir::{types, InstBuilder, Value};
use wasmparser::Operator;

use types::I128;

impl FuncTranslator<'_, '_> {
    /// Returns whether `op` was a wide-arithmetic operator (and translated it).
    pub(super) fn wide_arithmetic(&mut self, op: &Operator) -> Result<bool> {
        use Operator as O;
        match op {
            O::I64Add128 => self.wide_binop(|t, a, b| t.b.ins().iadd(a, b)),
            O::I64Sub128 => self.wide_binop(|t, a, b| t.b.ins().isub(a, b)),
            O::I64MulWideS => self.mul_wide(true),
            O::I64MulWideU => self.mul_wide(false),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Pops two 128-bit operands (as `lo hi lo hi`), applies `f`, pushes `lo hi`.
    fn wide_binop(&mut self, f: impl FnOnce(&mut Self, Value, Value) -> Value) {
        let (b_lo, b_hi) = self.pop2();
        let (a_lo, a_hi) = self.pop2();
        let a = self.b.ins().iconcat(a_lo, a_hi);
        let b = self.b.ins().iconcat(b_lo, b_hi);
        let r = f(self, a, b);
        self.push_wide(r);
    }

    /// The full 128-bit product of two `i64`s, read as signed or unsigned.
    fn mul_wide(&mut self, signed: bool) {
        let (a, b) = self.pop2();
        let (a, b) = if signed {
            (self.b.ins().sextend(I128, a), self.b.ins().sextend(I128, b))
        } else {
            (self.b.ins().uextend(I128, a), self.b.ins().uextend(I128, b))
        };
        let r = self.b.ins().imul(a, b);
        self.push_wide(r);
    }

    fn push_wide(&mut self, v: Value) {
        let (lo, hi) = self.b.ins().isplit(v);
        self.push(lo);
        self.push(hi);
    }
}
