// Operations whose x86-64 instructions depend on the CPU level: float rounding (SSE4.1's
// roundss, else a runtime call), fused multiply-add (FMA), population count (POPCNT),
// leading/trailing zeros (LZCNT, BMI1), shuffles and swizzles (SSSE3's pshufb), lane-wise
// integer min/max and multiplies (SSE4.1), 64-bit lane compares (SSE4.2), shifts (BMI2).
// tests/target_cpu.rs builds it for every --target-cpu level and runs it on emulated CPUs of
// each level; its output must match wasmtime 49's.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <wasm_simd128.h>

static void print_v128(const char *what, v128_t v) {
    uint8_t b[16];
    wasm_v128_store(b, v);
    printf("%s:", what);
    for (int i = 0; i < 16; i++) printf(" %02x", b[i]);
    printf("\n");
}

// Keeps the compiler from folding the inputs.
static volatile double inputs[] = {2.5, -2.5, 3.5, -0.0, 1e300, 0.49999999999999994, -7.25,
                                   INFINITY};
static volatile uint64_t words[] = {0, 1, 0x8000000000000000ull, 0xf0f0f0f0f0f0f0f0ull,
                                    0x123456789abcdefull, ~0ull};

int main(void) {
    int n = sizeof inputs / sizeof inputs[0];
    for (int i = 0; i < n; i++) {
        double x = inputs[i];
        float f = (float)x;
        printf("%g: ceil %g floor %g trunc %g nearest %g | %g %g %g %g | fma %.17g %.9g\n", x,
               ceil(x), floor(x), trunc(x), nearbyint(x), ceilf(f), floorf(f), truncf(f),
               nearbyintf(f), fma(x, 0.1, 1e-17), fmaf(f, 0.1f, 1e-9f));
    }
    double nan = inputs[0] - inputs[0] + NAN;
    printf("nan rounds to nan: %d %d\n", isnan(ceil(nan)), isnan(nearbyintf((float)nan)));
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++) {
        uint64_t w = words[i];
        uint32_t h = (uint32_t)(w >> 17);
        printf("%016llx: popcnt %d clz %d ctz %d | %d %d %d | shifts %llx %llx\n",
               (unsigned long long)w, __builtin_popcountll(w), w ? __builtin_clzll(w) : 64,
               w ? __builtin_ctzll(w) : 64, __builtin_popcount(h), h ? __builtin_clz(h) : 32,
               h ? __builtin_ctz(h) : 32, (unsigned long long)(w >> (i * 7 % 64)),
               (unsigned long long)((int64_t)w >> (i * 11 % 64)));
    }
    v128_t a = wasm_i8x16_make(1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12, 13, -14, 15, -16);
    v128_t idx = wasm_i8x16_make(15, 0, 16, -56, 3, 3, 7, 8, 1, 14, 2, 13, 31, 12, 5, 6);
    v128_t f4 = wasm_f32x4_make(1.5f, -2.5f, 2.5f, -0.5f);
    v128_t d2 = wasm_f64x2_make(-1.5, 1e16 + 1);
    print_v128("swizzle", wasm_i8x16_swizzle(a, idx));
    print_v128("shuffle", wasm_i8x16_shuffle(a, idx, 3, 17, 2, 30, 0, 0, 9, 9, 31, 16, 4, 5,
                                             6, 7, 20, 21));
    print_v128("min_s", wasm_i32x4_min(a, idx));
    print_v128("max_u", wasm_u8x16_max(a, idx));
    print_v128("mul", wasm_i32x4_mul(a, idx));
    print_v128("mul64", wasm_i64x2_mul(a, idx));
    print_v128("gt64", wasm_i64x2_gt(a, idx));
    print_v128("ext", wasm_i16x8_extend_low_i8x16(a));
    print_v128("nearest", wasm_f32x4_nearest(f4));
    print_v128("ceil", wasm_f32x4_ceil(f4));
    print_v128("floor2", wasm_f64x2_floor(d2));
    print_v128("trunc2", wasm_f64x2_trunc(d2));
    print_v128("narrow", wasm_u8x16_narrow_i16x8(a, idx));
    print_v128("popcnt", wasm_i8x16_popcnt(a));
    print_v128("abs64", wasm_i64x2_abs(a));
    print_v128("dot", wasm_i32x4_dot_i16x8(a, idx));
    printf("bitmask %d all_true %d\n", wasm_i8x16_bitmask(a), wasm_i32x4_all_true(idx));
    return 0;
}
