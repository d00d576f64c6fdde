;; Custom page sizes: a memory of 1-byte pages is exactly as long as it says, so the byte at
;; its length traps (guard pages cannot tell at that granularity: these memories are bounds
;; checked explicitly), and memory.size/grow count bytes. 32- and 64-bit memories alike.
;; Needs custom-page-sizes, off by default in wasmtime 49 and wasm2native:
;; flags: custom-page-sizes
;;
;; expect last: 9
;; expect size: 5
;; expect grow: 5
;; expect grow-size: 8
;; expect grown-zero: 0
;; expect size64: 7
;; expect last64: 513
;; expect fill-to-end: 1
;; traps at-end: out of bounds memory access
;; traps straddle: out of bounds memory access
;; traps grown-then-past: out of bounds memory access
;; traps fill-past-end: out of bounds memory access
;; traps at-end64: out of bounds memory access
;; traps straddle64: out of bounds memory access
;; traps offset64: out of bounds memory access
(module
  (memory $b 5 (pagesize 1))
  (memory $w i64 7 20 (pagesize 1))

  (func (export "last") (result i32)
    (i32.store8 (i32.const 4) (i32.const 9))
    (i32.load8_u (i32.const 4)))
  (func (export "size") (result i32)
    (memory.size))
  (func (export "at-end") (result i32)
    (i32.load8_u (i32.const 5)))
  (func (export "straddle") (result i32)
    (i32.load (i32.const 2)))
  (func (export "grow") (result i32)
    (memory.grow (i32.const 3)))
  (func (export "grow-size") (result i32)
    (drop (memory.grow (i32.const 3)))
    (memory.size))
  (func (export "grown-zero") (result i32)
    (drop (memory.grow (i32.const 3)))
    (i32.load (i32.const 4)))
  (func (export "grown-then-past") (result i32)
    (drop (memory.grow (i32.const 3)))
    (i32.load (i32.const 5)))
  (func (export "fill-to-end") (result i32)
    (memory.fill (i32.const 3) (i32.const 1) (i32.const 2))
    (i32.load8_u (i32.const 4)))
  (func (export "fill-past-end")
    (memory.fill (i32.const 3) (i32.const 1) (i32.const 3)))
  (func (export "size64") (result i64)
    (memory.size $w))
  (func (export "last64") (result i32)
    (i32.store16 $w (i64.const 5) (i32.const 513))
    (i32.load16_u $w (i64.const 5)))
  (func (export "at-end64") (result i32)
    (i32.load8_u $w (i64.const 7)))
  (func (export "straddle64") (result i32)
    (i32.load16_u $w (i64.const 6)))
  (func (export "offset64") (result i32)
    (i32.load8_u $w offset=0xFFFF_FFFF_FFFF_FFFA (i64.const 7)))
)
