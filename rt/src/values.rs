//! WebAssembly values as the runtime handles them, their encodings (trampoline slots, global
//! storage), constant-expression evaluation, and the text forms used by `--invoke`.
//!
//! Floats are kept as raw bits so NaN payloads survive. References are addresses: a funcref
//! is a `*const VMFuncRef` (0 = null), an externref an opaque pointer-sized value, an exnref a
//! pointer to an exception object.

use wasm2native_abi::meta::{ConstOp, HeapType, ValType};
use wasm2native_abi::vmctx::VMGlobal;

/// A wasm value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Val {
    I32(i32),
    I64(i64),
    /// Raw bits.
    F32(u32),
    /// Raw bits.
    F64(u64),
    V128(u128),
    FuncRef(usize),
    ExternRef(usize),
    /// A pointer to an exception object (0 = null).
    ExnRef(usize),
}

impl Val {
    /// The type of the value as represented: for references, the top of its hierarchy.
    pub fn ty(self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::V128(_) => ValType::V128,
            Val::FuncRef(_) => ValType::FUNCREF,
            Val::ExternRef(_) => ValType::EXTERNREF,
            Val::ExnRef(_) => ValType::EXNREF,
        }
    }

    /// The zero / null value of a type.
    pub fn default_of(ty: ValType) -> Val {
        Val::from_bits(ty, 0)
    }

    /// The value's bits, zero-extended (little-endian low bytes = the value).
    pub fn bits(self) -> u128 {
        match self {
            Val::I32(v) => u128::from(v as u32),
            Val::I64(v) => u128::from(v as u64),
            Val::F32(v) => u128::from(v),
            Val::F64(v) => u128::from(v),
            Val::V128(v) => v,
            Val::FuncRef(v) | Val::ExternRef(v) | Val::ExnRef(v) => v as u128,
        }
    }

    /// Reinterprets the low bits of `bits` as a value of type `ty`.
    pub fn from_bits(ty: ValType, bits: u128) -> Val {
        match ty {
            ValType::I32 => Val::I32(bits as u32 as i32),
            ValType::I64 => Val::I64(bits as u64 as i64),
            ValType::F32 => Val::F32(bits as u32),
            ValType::F64 => Val::F64(bits as u64),
            ValType::V128 => Val::V128(bits),
            ValType::Ref(r) => match r.heap.top() {
                HeapType::Func => Val::FuncRef(bits as usize),
                HeapType::Extern => Val::ExternRef(bits as usize),
                _ => Val::ExnRef(bits as usize),
            },
        }
    }

    /// The 16-byte slot encoding used by trampolines and globals.
    pub fn to_slot(self) -> [u8; 16] {
        self.bits().to_le_bytes()
    }

    pub fn from_slot(ty: ValType, slot: &[u8; 16]) -> Val {
        Val::from_bits(ty, u128::from_le_bytes(*slot))
    }

    pub fn to_global(self) -> VMGlobal {
        VMGlobal {
            bytes: self.to_slot(),
        }
    }

    pub fn from_global(ty: ValType, g: &VMGlobal) -> Val {
        Val::from_slot(ty, &g.bytes)
    }

    /// Parses an `--invoke` argument of type `ty`. Integers must lie in the signed range of
    /// their type, decimal or hex, as wasmtime requires (`4294967295` is no `i32`).
    pub fn parse(ty: ValType, s: &str) -> Option<Val> {
        Some(match ty {
            ValType::I32 => Val::I32(i32::try_from(parse_int(s)?).ok()?),
            ValType::I64 => Val::I64(i64::try_from(parse_int(s)?).ok()?),
            ValType::F32 => Val::F32(s.parse::<f32>().ok()?.to_bits()),
            ValType::F64 => Val::F64(s.parse::<f64>().ok()?.to_bits()),
            ValType::V128 => Val::V128(parse_v128(s)?),
            ValType::Ref(_) => {
                if s == "null" {
                    Val::default_of(ty)
                } else {
                    return None;
                }
            }
        })
    }

    /// Text form printed by `--invoke` (integers signed decimal, floats like Rust's `Display`).
    pub fn display(self) -> String {
        match self {
            Val::I32(v) => v.to_string(),
            Val::I64(v) => v.to_string(),
            Val::F32(b) => f32::from_bits(b).to_string(),
            Val::F64(b) => f64::from_bits(b).to_string(),
            Val::V128(v) => format!("{v:#034x}"),
            Val::FuncRef(0) | Val::ExternRef(0) | Val::ExnRef(0) => "null".into(),
            Val::FuncRef(p) | Val::ExternRef(p) | Val::ExnRef(p) => format!("{p:#x}"),
        }
    }
}

/// A v128 as one 128-bit integer: hex (`0x…`, all 128 bits) or signed decimal.
fn parse_v128(s: &str) -> Option<u128> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => u128::from_str_radix(h, 16).ok(),
        None => parse_int(s).map(|v| v as u128),
    }
}

fn parse_int(s: &str) -> Option<i128> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let v = if let Some(h) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        i128::from_str_radix(h, 16).ok()?
    } else {
        digits.parse::<i128>().ok()?
    };
    Some(if neg { -v } else { v })
}

/// Why a constant expression could not be evaluated (only possible with malformed metadata).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConstError;

/// Evaluates a constant expression. `global` reads global `i` (any global defined earlier,
/// imported ones included); `func_ref` gives the address of this instance's `VMFuncRef` for
/// function `f`. Both return `None` for an invalid index.
pub fn eval_const(
    ops: &[ConstOp],
    global: &dyn Fn(u32) -> Option<Val>,
    func_ref: &dyn Fn(u32) -> Option<usize>,
) -> Result<Val, ConstError> {
    let mut stack: Vec<Val> = Vec::with_capacity(4);
    for op in ops {
        let v = match *op {
            ConstOp::I32(v) => Val::I32(v),
            ConstOp::I64(v) => Val::I64(v),
            ConstOp::F32(v) => Val::F32(v),
            ConstOp::F64(v) => Val::F64(v),
            ConstOp::V128(v) => Val::V128(v),
            ConstOp::GlobalGet(i) => global(i).ok_or(ConstError)?,
            // The type is unknown here; the consumer reinterprets bits (null = 0).
            ConstOp::RefNull => Val::FuncRef(0),
            ConstOp::RefFunc(f) => Val::FuncRef(func_ref(f).ok_or(ConstError)?),
            ConstOp::I32Add | ConstOp::I32Sub | ConstOp::I32Mul => {
                let (Some(Val::I32(b)), Some(Val::I32(a))) = (stack.pop(), stack.pop()) else {
                    return Err(ConstError);
                };
                Val::I32(match op {
                    ConstOp::I32Add => a.wrapping_add(b),
                    ConstOp::I32Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                })
            }
            ConstOp::I64Add | ConstOp::I64Sub | ConstOp::I64Mul => {
                let (Some(Val::I64(b)), Some(Val::I64(a))) = (stack.pop(), stack.pop()) else {
                    return Err(ConstError);
                };
                Val::I64(match op {
                    ConstOp::I64Add => a.wrapping_add(b),
                    ConstOp::I64Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                })
            }
        };
        stack.push(v);
    }
    match (stack.pop(), stack.is_empty()) {
        (Some(v), true) => Ok(v),
        _ => Err(ConstError),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v128_arguments_take_all_128_bits() {
        assert_eq!(
            Val::parse(ValType::V128, "0xffffffffffffffffffffffffffffffff"),
            Some(Val::V128(u128::MAX))
        );
        assert_eq!(Val::parse(ValType::V128, "-1"), Some(Val::V128(u128::MAX)));
        assert_eq!(Val::parse(ValType::V128, "0x1g"), None);
    }

    fn no_globals(_: u32) -> Option<Val> {
        None
    }
    fn no_funcs(_: u32) -> Option<usize> {
        None
    }

    #[test]
    fn const_arithmetic() {
        let e = [
            ConstOp::I32(7),
            ConstOp::I32(-3),
            ConstOp::I32Mul,
            ConstOp::I32(1),
            ConstOp::I32Sub,
        ];
        assert_eq!(eval_const(&e, &no_globals, &no_funcs), Ok(Val::I32(-22)));
        let e = [ConstOp::I64(i64::MAX), ConstOp::I64(1), ConstOp::I64Add];
        assert_eq!(
            eval_const(&e, &no_globals, &no_funcs),
            Ok(Val::I64(i64::MIN))
        );
    }

    #[test]
    fn const_globals_and_refs() {
        let g = |i: u32| (i == 2).then_some(Val::I32(40));
        let f = |i: u32| (i < 3).then_some(0x1000 + 24 * i as usize);
        let e = [ConstOp::GlobalGet(2), ConstOp::I32(2), ConstOp::I32Add];
        assert_eq!(eval_const(&e, &g, &f), Ok(Val::I32(42)));
        assert_eq!(
            eval_const(&[ConstOp::GlobalGet(1)], &g, &f),
            Err(ConstError)
        );
        assert_eq!(
            eval_const(&[ConstOp::RefFunc(1)], &g, &f),
            Ok(Val::FuncRef(0x1018))
        );
        assert_eq!(eval_const(&[ConstOp::RefNull], &g, &f), Ok(Val::FuncRef(0)));
        assert_eq!(eval_const(&[ConstOp::RefFunc(9)], &g, &f), Err(ConstError));
    }

    #[test]
    fn const_malformed() {
        assert_eq!(eval_const(&[], &no_globals, &no_funcs), Err(ConstError));
        assert_eq!(
            eval_const(
                &[ConstOp::I32(1), ConstOp::I64(1), ConstOp::I32Add],
                &no_globals,
                &no_funcs
            ),
            Err(ConstError)
        );
        assert_eq!(
            eval_const(&[ConstOp::I32(1), ConstOp::I32(1)], &no_globals, &no_funcs),
            Err(ConstError)
        );
    }

    #[test]
    fn slots_and_text() {
        assert_eq!(Val::I32(-1).to_slot()[..5], [0xff, 0xff, 0xff, 0xff, 0]);
        assert_eq!(
            Val::from_slot(ValType::F64, &Val::F64(1.5f64.to_bits()).to_slot()),
            Val::F64(1.5f64.to_bits())
        );
        assert_eq!(Val::parse(ValType::I32, "4294967295"), None);
        assert_eq!(Val::parse(ValType::I32, "0xffffffff"), None);
        assert_eq!(Val::parse(ValType::I32, "2147483648"), None);
        assert_eq!(
            Val::parse(ValType::I32, "-2147483648"),
            Some(Val::I32(i32::MIN))
        );
        assert_eq!(
            Val::parse(ValType::I32, "0x7fffffff"),
            Some(Val::I32(i32::MAX))
        );
        assert_eq!(Val::parse(ValType::I64, "9223372036854775808"), None);
        assert_eq!(
            Val::parse(ValType::I64, "-9223372036854775808"),
            Some(Val::I64(i64::MIN))
        );
        assert_eq!(Val::parse(ValType::I32, "-5"), Some(Val::I32(-5)));
        assert_eq!(Val::parse(ValType::I32, "4294967296"), None);
        assert_eq!(Val::parse(ValType::I64, "0x10"), Some(Val::I64(16)));
        assert_eq!(Val::I32(-7).display(), "-7");
        assert_eq!(Val::parse(ValType::F32, "1.5").unwrap().display(), "1.5");
        assert_eq!(Val::F64(3f64.to_bits()).display(), "3");
    }
}
