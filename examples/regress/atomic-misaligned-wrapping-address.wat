;; atomic-misaligned-wrapping-address.wat — in a 64-bit memory, an atomic access whose
;; `index + offset` is misaligned and overflows 2^64 traps as `unaligned atomic`: alignment is
;; decided on the sum modulo 2^64 before the overflow or bounds check (as wasmtime does; the
;; spec checks alignment first). wasm2native checked the overflow first and said `out of bounds
;; memory access`. Found by the differential fuzz target (fuzz/, 2026-12-03).
;;
;; Checked by tests/differential.rs: each `;; expect NAME: OUTCOME` line is what calling export
;; NAME must do; wasmtime 36 must agree.
;;
;; expect load_wrapping: trap: unaligned atomic
;; expect rmw_wrapping: trap: unaligned atomic
;; expect load_aligned_wrapping: trap: out of bounds memory access
;; expect load_misaligned_in_bounds: trap: unaligned atomic
(module
  (memory i64 1 2 shared)
  (func (export "load_wrapping") (result i32)
    (i32.atomic.load offset=39635 (i64.const -2)))
  (func (export "rmw_wrapping") (result i64)
    (i64.atomic.rmw.add offset=12 (i64.const -8) (i64.const 1)))
  (func (export "load_aligned_wrapping") (result i32)
    (i32.atomic.load offset=8 (i64.const -4)))
  (func (export "load_misaligned_in_bounds") (result i32)
    (i32.atomic.load offset=1 (i64.const 0))))
