;; atomic-wait-notify-misaligned-oob.wat — an atomic address that is both misaligned and out of
;; bounds traps as `unaligned atomic`, for memory.atomic.wait/notify as for the other atomics
;; (the threads proposal's reference interpreter checks alignment before the access; wasmtime
;; agrees). wasm2native used to check bounds first for wait/notify only. Found by
;; tests/differential.rs (seeds 921, 1239, 1323).
;;
;; Checked by tests/differential.rs: each `;; expect NAME: OUTCOME` line is what calling export
;; NAME must do; wasmtime 36 must agree, except where a `;; wasmtime36 NAME: OUTCOME` line
;; records a known wasmtime 36 bug.
;;
;; expect notify: trap: unaligned atomic
;; expect notify_offset: trap: unaligned atomic
;; expect wait32: trap: unaligned atomic
;; expect wait64: trap: unaligned atomic
;; expect notify_oob: trap: out of bounds memory access
;; expect wait32_oob: trap: out of bounds memory access
;; expect load: trap: unaligned atomic
;; expect rmw: trap: unaligned atomic
;; expect notify_ok: 0
;; expect wait32_last: 1
;;
;; wasmtime 36 traps on the last aligned slot of a memory for wait/notify (off by one in its
;; bounds check, bytecodealliance/wasmtime#11975, fixed in 39); the spec and wasm2native do not:
;; wasmtime36 notify_ok: trap: out of bounds memory access
;; wasmtime36 wait32_last: trap: out of bounds memory access
(module
  (memory 1 1 shared)
  (func (export "notify") (result i32)
    (memory.atomic.notify (i32.const 65535) (i32.const 1)))
  (func (export "notify_offset") (result i32)
    (memory.atomic.notify offset=65534 (i32.const 3) (i32.const 1)))
  (func (export "wait32") (result i32)
    (memory.atomic.wait32 (i32.const 65535) (i32.const 0) (i64.const 0)))
  (func (export "wait64") (result i32)
    (memory.atomic.wait64 (i32.const 65532) (i64.const 0) (i64.const 0)))
  (func (export "notify_oob") (result i32)
    (memory.atomic.notify (i32.const 65536) (i32.const 1)))
  (func (export "wait32_oob") (result i32)
    (memory.atomic.wait32 (i32.const 65536) (i32.const 0) (i64.const 0)))
  (func (export "load") (result i32)
    (i32.atomic.load (i32.const 65535)))
  (func (export "rmw") (result i64)
    (i64.atomic.rmw.add (i32.const 65532) (i64.const 1)))
  (func (export "notify_ok") (result i32)
    (memory.atomic.notify (i32.const 65532) (i32.const 1)))
  (func (export "wait32_last") (result i32)
    (memory.atomic.wait32 (i32.const 65532) (i32.const 1) (i64.const 0)))
)
