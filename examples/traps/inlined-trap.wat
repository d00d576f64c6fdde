;; inlined-trap.wat — the trap happens in code the compiler inlines at `-O speed`: `$check`
;; is small, so its body (and its `unreachable`) is copied into `$run`, and `$run`'s into
;; `_start`. The backtrace still shows every wasm frame, with the same offsets as at `-O none`
;; and in wasmtime (tests/traps.rs compares them).
;;
;; expect-trap: unreachable
(module
  (global $zero (mut i32) (i32.const 0))
  (func $check (param $ok i32)
    (if (i32.eqz (local.get $ok)) (then unreachable)))
  (func $run (param $x i32) (result i32)
    (call $check (local.get $x))
    (i32.add (local.get $x) (i32.const 1)))
  (func (export "_start")
    (drop (call $run (global.get $zero))))
)
