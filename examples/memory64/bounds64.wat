;; Bounds of 64-bit memories: the last byte is in bounds and the next is not; an index or a
;; static offset near 2^64 traps instead of wrapping around to a valid address (loads, stores,
;; atomics, SIMD, bulk operations); memory.grow returns -1 for what cannot be had and the new
;; size otherwise. Each export runs in a fresh instance (`--invoke`), compared with wasmtime 49.
;;
;; expect last-byte: 7
;; expect wide-last: 506097522914230528
;; expect grow: 1
;; expect grow-size: 4
;; expect grow-past-max: -1
;; expect grow-2^48-pages: -1
;; expect grow-all-ones: -1
;; expect unbounded-size: 0
;; expect atomic-rmw: 8391161942173024261
;; expect data-at-top: 1953719636
;; traps one-past: out of bounds memory access
;; traps straddle: out of bounds memory access
;; traps index-near-2^64: out of bounds memory access
;; traps offset-wraps: out of bounds memory access
;; traps offset-near-2^64: out of bounds memory access
;; traps index-and-offset-wrap: out of bounds memory access
;; traps index-above-4g: out of bounds memory access
;; traps store-wraps: out of bounds memory access
;; traps fill-wraps: out of bounds memory access
;; traps copy-wraps: out of bounds memory access
;; traps atomic-wraps: out of bounds memory access
;; traps atomic-misaligned: unaligned atomic
;; traps simd-wraps: out of bounds memory access
;; traps grown-then-past: out of bounds memory access
(module
  (memory $m i64 1 100)
  (memory $u i64 0)
  (data (memory $m) (i64.const 65532) "Test")

  (func (export "last-byte") (result i64)
    (i64.store8 (i64.const 65535) (i64.const 7))
    (i64.load8_u (i64.const 65535)))
  (func (export "wide-last") (result i64)
    (i64.store (i64.const 65528) (i64.const 0x0706050403020100))
    (i64.load (i64.const 65528)))
  (func (export "data-at-top") (result i64)
    (i64.load32_u (i64.const 65532)))
  (func (export "one-past") (result i64)
    (i64.load8_u (i64.const 65536)))
  (func (export "straddle") (result i64)
    (i64.load (i64.const 65532)))
  (func (export "index-near-2^64") (result i64)
    (i64.load (i64.const 0xFFFF_FFFF_FFFF_FFF8)))
  (func (export "offset-wraps") (result i64)
    ;; 0x20 + 0xFFFF_FFFF_FFFF_FFF0 is 0x10 modulo 2^64, a valid address: must trap
    (i64.load offset=0xFFFF_FFFF_FFFF_FFF0 (i64.const 0x20)))
  (func (export "offset-near-2^64") (result i32)
    (i32.load offset=0xFFFF_FFFF_FFFF_FFFF (i64.const 0)))
  (func (export "index-and-offset-wrap") (result i32)
    (i32.load8_u offset=2 (i64.const -1)))
  (func (export "index-above-4g") (result i64)
    (i64.load (i64.const 0x1_0000_0000)))
  (func (export "store-wraps")
    (i64.store offset=0x8000_0000_0000_0000 (i64.const 0x8000_0000_0000_0000) (i64.const 1)))
  (func (export "fill-wraps")
    (memory.fill (i64.const 0xFFFF_FFFF_FFFF_FF00) (i32.const 0) (i64.const 0x200)))
  (func (export "copy-wraps")
    (memory.copy (i64.const 0) (i64.const 1) (i64.const 0xFFFF_FFFF_FFFF_FFFF)))
  (func (export "atomic-rmw") (result i64)
    (drop (i64.atomic.rmw.add (i64.const 65528) (i64.const 5)))
    (i64.atomic.load (i64.const 65528)))
  (func (export "atomic-wraps") (result i64)
    (i64.atomic.load offset=0xFFFF_FFFF_FFFF_FFF8 (i64.const 8)))
  (func (export "atomic-misaligned") (result i64)
    (i64.atomic.load offset=1 (i64.const 8)))
  (func (export "simd-wraps") (result i32)
    (i32x4.extract_lane 0 (v128.load offset=0xFFFF_FFFF_FFFF_FFF8 (i64.const 16))))
  (func (export "grow") (result i64)
    (memory.grow (i64.const 3)))
  (func (export "grow-size") (result i64)
    (drop (memory.grow (i64.const 3)))
    (memory.size))
  (func (export "grown-then-past") (result i64)
    (drop (memory.grow (i64.const 3)))
    (i64.load (i64.const 262140)))
  (func (export "grow-past-max") (result i64)
    (memory.grow (i64.const 100)))
  (func (export "grow-2^48-pages") (result i64)
    (memory.grow $u (i64.const 0x1_0000_0000_0000)))
  (func (export "grow-all-ones") (result i64)
    (memory.grow $u (i64.const -1)))
  (func (export "unbounded-size") (result i64)
    (memory.size $u))
)
