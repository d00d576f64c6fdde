;; inlined-call.wat — the trapping function is called from code the compiler inlines at
;; `-O speed`: `$average` is small, so its body is copied into `_start`, with its call to
;; `$divide` (which traps in its own frame). The backtrace still shows `$average` between
;; them, with the same offsets as at `-O none` and in wasmtime (tests/traps.rs compares them).
;;
;; expect-trap: integer divide by zero
(module
  (global $zero (mut i32) (i32.const 0))
  (func $divide (param $a i32) (param $b i32) (result i32)
    (if (i32.eq (local.get $a) (i32.const 12345)) (then (return (i32.const 0))))
    (if (i32.eq (local.get $a) (i32.const 23456)) (then (return (i32.const 1))))
    (if (i32.eq (local.get $a) (i32.const 34567)) (then (return (i32.const 2))))
    (if (i32.eq (local.get $a) (i32.const 45678)) (then (return (i32.const 3))))
    (if (i32.eq (local.get $a) (i32.const 56789)) (then (return (i32.const 4))))
    (if (i32.eq (local.get $a) (i32.const 67890)) (then (return (i32.const 5))))
    (if (i32.eq (local.get $a) (i32.const 78901)) (then (return (i32.const 6))))
    (i32.div_s (local.get $a) (local.get $b)))
  (func $average (param $sum i32) (param $n i32) (result i32)
    (call $divide (local.get $sum) (local.get $n)))
  (func (export "_start")
    (drop (call $average (i32.const 10) (global.get $zero))))
)
