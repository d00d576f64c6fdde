//! The routines compiled code calls for operations the target CPU has no instruction for
//! (`--target-cpu` below the level that has it): float rounding without SSE4.1's `roundss`,
//! fused multiply-add without FMA, and `pshufb` without SSSE3. Each is exported under its
//! symbol in `wasm2native_abi::symbols::LIBCALLS`; the compiler names Cranelift's libcalls
//! after that table.
//!
//! Results are the wasm operators' exactly: rounding is IEEE 754's (`nearest` rounds ties to
//! even), a NaN in gives a quiet NaN out, and `fma` rounds once.

use std::arch::x86_64::__m128i;

/// Defines each routine, exported under its symbol, and [`address`] from the same rows.
macro_rules! libcalls {
    ($($(#[$attr:meta])* $sym:literal => fn $name:ident($($arg:ident: $t:ty),*) -> $r:ty $body:block)*) => {
        $(
            $(#[$attr])*
            #[export_name = $sym]
            pub extern "C" fn $name($($arg: $t),*) -> $r $body
        )*

        /// The address of the routine exported as `symbol` (a `LIBCALLS` symbol), for loaders
        /// that resolve compiled code's references themselves.
        pub fn address(symbol: &str) -> Option<usize> {
            match symbol {
                $($sym => Some($name as *const () as usize),)*
                _ => None,
            }
        }
    };
}

libcalls! {
    "__w2n_libcall_ceilf" => fn ceilf(x: f32) -> f32 { quiet_nan_or(x, f32::ceil) }
    "__w2n_libcall_ceil" => fn ceil(x: f64) -> f64 { quiet_nan_or(x, f64::ceil) }
    "__w2n_libcall_floorf" => fn floorf(x: f32) -> f32 { quiet_nan_or(x, f32::floor) }
    "__w2n_libcall_floor" => fn floor(x: f64) -> f64 { quiet_nan_or(x, f64::floor) }
    "__w2n_libcall_truncf" => fn truncf(x: f32) -> f32 { quiet_nan_or(x, f32::trunc) }
    "__w2n_libcall_trunc" => fn trunc(x: f64) -> f64 { quiet_nan_or(x, f64::trunc) }
    "__w2n_libcall_nearestf" => fn nearestf(x: f32) -> f32 {
        quiet_nan_or(x, f32::round_ties_even)
    }
    "__w2n_libcall_nearest" => fn nearest(x: f64) -> f64 {
        quiet_nan_or(x, f64::round_ties_even)
    }
    "__w2n_libcall_fmaf" => fn fmaf(a: f32, b: f32, c: f32) -> f32 { a.mul_add(b, c) }
    "__w2n_libcall_fma" => fn fma(a: f64, b: f64, c: f64) -> f64 { a.mul_add(b, c) }
    /// `pshufb a, b`: lane `i` of the result is 0 if bit 7 of `b[i]` is set, else
    /// `a[b[i] & 15]`.
    // `__m128i` travels in an XMM register under the System V ABI, as Cranelift passes an
    // `i8x16` (and as C's intrinsics take it): the lint's "unspecified layout" does not apply.
    #[allow(improper_ctypes_definitions)]
    "__w2n_libcall_x86_pshufb" => fn x86_pshufb(a: __m128i, b: __m128i) -> __m128i {
        let (a, b) = (lanes(a), lanes(b));
        from_lanes(b.map(|i| if i & 0x80 != 0 { 0 } else { a[usize::from(i & 15)] }))
    }
}

/// `op(x)`, except that a NaN comes back quiet: the C library returns a signalling NaN as it
/// is, wasm (and `roundss`) quiet it. (`x + x` quiets a NaN and keeps its payload.)
fn quiet_nan_or<T: Copy + PartialEq + std::ops::Add<Output = T>>(x: T, op: fn(T) -> T) -> T {
    #[allow(clippy::eq_op)]
    if x != x {
        return x + x;
    }
    op(x)
}

fn lanes(v: __m128i) -> [u8; 16] {
    // SAFETY: same size, and every bit pattern is valid for both.
    unsafe { std::mem::transmute::<__m128i, [u8; 16]>(v) }
}

fn from_lanes(v: [u8; 16]) -> __m128i {
    // SAFETY: as in `lanes`.
    unsafe { std::mem::transmute::<[u8; 16], __m128i>(v) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_libcall_of_the_contract_is_defined() {
        for (libcall, symbol) in wasm2native_abi::symbols::LIBCALLS {
            assert!(address(symbol).is_some(), "{libcall}: {symbol}");
        }
    }

    #[test]
    fn pshufb_zeroes_lanes_with_the_top_bit_and_wraps_the_rest() {
        let a: [u8; 16] = std::array::from_fn(|i| 100 + i as u8);
        let b: [u8; 16] = [
            0, 15, 16, 31, 0x80, 0xff, 0x8f, 0x7f, 1, 2, 3, 4, 5, 6, 7, 8,
        ];
        let r = lanes(x86_pshufb(from_lanes(a), from_lanes(b)));
        assert_eq!(
            r,
            [100, 115, 100, 115, 0, 0, 0, 115, 101, 102, 103, 104, 105, 106, 107, 108]
        );
    }

    #[test]
    fn nearest_rounds_ties_to_even_and_fma_rounds_once() {
        assert_eq!(nearestf(2.5), 2.0);
        assert_eq!(nearest(-3.5), -4.0);
        let signalling = f64::from_bits(0x7ff4_0000_0000_0000);
        assert_eq!(
            ceil(signalling).to_bits(),
            0x7ffc_0000_0000_0000,
            "quietened"
        );
        let signalling = f32::from_bits(0xff90_0000);
        assert_eq!(nearestf(signalling).to_bits(), 0xffd0_0000, "quietened");
        let e = f64::EPSILON;
        // (1 + e)(1 - e) - 1 = -e²: lost when the product is rounded first.
        assert_eq!(fma(1.0 + e, 1.0 - e, -1.0), -e * e);
    }
}
