//! Converting `.wast` arguments to runtime values and checking results against the script's
//! expectations (`nan:canonical`, `nan:arithmetic`, v128 lane patterns, references, `either`).
//!
//! Host references `(ref.extern N)` are represented as the pointer-sized value `N + 1`, so that
//! `ref.extern 0` stays distinct from null.

use wasm2native_rt::Val;
use wast::core::{HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::{WastArg, WastRet};

pub fn extern_ref(n: u32) -> usize {
    n as usize + 1
}

pub fn arg(a: &WastArg) -> Result<Val, String> {
    let core = match a {
        WastArg::Core(c) => c,
        #[allow(unreachable_patterns)]
        _ => return Err("component-model arguments are not supported".into()),
    };
    Ok(match core {
        WastArgCore::I32(v) => Val::I32(*v),
        WastArgCore::I64(v) => Val::I64(*v),
        WastArgCore::F32(f) => Val::F32(f.bits),
        WastArgCore::F64(f) => Val::F64(f.bits),
        WastArgCore::V128(v) => Val::V128(u128::from_le_bytes(v.to_le_bytes())),
        WastArgCore::RefNull(HeapType::Abstract {
            ty: wast::core::AbstractHeapType::Func,
            ..
        }) => Val::FuncRef(0),
        WastArgCore::RefNull(_) => Val::ExternRef(0),
        WastArgCore::RefExtern(n) => Val::ExternRef(extern_ref(*n)),
        WastArgCore::RefHost(_) => return Err("ref.host arguments are not supported".into()),
    })
}

fn f32_matches(p: &NanPattern<wast::token::F32>, bits: u32) -> bool {
    let is_nan = f32::from_bits(bits).is_nan();
    match p {
        NanPattern::CanonicalNan => is_nan && bits & 0x007f_ffff == 0x0040_0000,
        NanPattern::ArithmeticNan => is_nan && bits & 0x0040_0000 != 0,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn f64_matches(p: &NanPattern<wast::token::F64>, bits: u64) -> bool {
    let is_nan = f64::from_bits(bits).is_nan();
    match p {
        NanPattern::CanonicalNan => is_nan && bits & 0x000f_ffff_ffff_ffff == 0x0008_0000_0000_0000,
        NanPattern::ArithmeticNan => is_nan && bits & 0x0008_0000_0000_0000 != 0,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn lanes<const N: usize>(v: u128) -> [u128; N] {
    let width = 128 / N;
    let mask = if width == 128 {
        u128::MAX
    } else {
        (1u128 << width) - 1
    };
    std::array::from_fn(|i| (v >> (i * width)) & mask)
}

fn v128_matches(p: &V128Pattern, v: u128) -> bool {
    match p {
        V128Pattern::I8x16(e) => lanes::<16>(v)
            .iter()
            .zip(e)
            .all(|(a, e)| *a as u8 == *e as u8),
        V128Pattern::I16x8(e) => lanes::<8>(v)
            .iter()
            .zip(e)
            .all(|(a, e)| *a as u16 == *e as u16),
        V128Pattern::I32x4(e) => lanes::<4>(v)
            .iter()
            .zip(e)
            .all(|(a, e)| *a as u32 == *e as u32),
        V128Pattern::I64x2(e) => lanes::<2>(v)
            .iter()
            .zip(e)
            .all(|(a, e)| *a as u64 == *e as u64),
        V128Pattern::F32x4(e) => lanes::<4>(v)
            .iter()
            .zip(e)
            .all(|(a, e)| f32_matches(e, *a as u32)),
        V128Pattern::F64x2(e) => lanes::<2>(v)
            .iter()
            .zip(e)
            .all(|(a, e)| f64_matches(e, *a as u64)),
    }
}

/// Whether `actual` satisfies the expectation `expected`.
pub fn matches(expected: &WastRet, actual: &Val) -> Result<bool, String> {
    let core = match expected {
        WastRet::Core(c) => c,
        #[allow(unreachable_patterns)]
        _ => return Err("component-model results are not supported".into()),
    };
    Ok(core_matches(core, actual))
}

/// Whether `actual` satisfies a core expectation; `(either ...)` (the relaxed SIMD scripts'
/// implementation-defined results) when any alternative does.
fn core_matches(core: &WastRetCore, actual: &Val) -> bool {
    match (core, actual) {
        (WastRetCore::Either(alternatives), _) => {
            alternatives.iter().any(|e| core_matches(e, actual))
        }
        (WastRetCore::I32(e), Val::I32(a)) => e == a,
        (WastRetCore::I64(e), Val::I64(a)) => e == a,
        (WastRetCore::F32(p), Val::F32(a)) => f32_matches(p, *a),
        (WastRetCore::F64(p), Val::F64(a)) => f64_matches(p, *a),
        (WastRetCore::V128(p), Val::V128(a)) => v128_matches(p, *a),
        (WastRetCore::RefNull(_), Val::FuncRef(a) | Val::ExternRef(a) | Val::ExnRef(a)) => *a == 0,
        (WastRetCore::RefExtern(None), Val::ExternRef(a)) => *a != 0,
        (WastRetCore::RefExtern(Some(n)), Val::ExternRef(a)) => *a == extern_ref(*n),
        (WastRetCore::RefFunc(None), Val::FuncRef(a)) => *a != 0,
        (WastRetCore::RefFunc(Some(_)), Val::FuncRef(a)) => *a != 0,
        _ => false,
    }
}

/// A short text form of a value for failure messages.
pub fn show(v: &Val) -> String {
    match v {
        Val::I32(x) => format!("i32:{x}"),
        Val::I64(x) => format!("i64:{x}"),
        Val::F32(b) => format!("f32:{}({b:#x})", f32::from_bits(*b)),
        Val::F64(b) => format!("f64:{}({b:#x})", f64::from_bits(*b)),
        Val::V128(b) => format!("v128:{b:#034x}"),
        Val::FuncRef(p) => format!("funcref:{p:#x}"),
        Val::ExternRef(p) => format!("externref:{p:#x}"),
        Val::ExnRef(p) => format!("exnref:{p:#x}"),
    }
}
