;; div-by-zero.wat — `i32.div_u` by zero traps.
;;
;; The divisor comes from a mutable global so no compiler can fold it away.
;;
;; expect-trap: integer divide by zero
(module
  (memory (export "memory") 1)
  (global $zero (mut i32) (i32.const 0))
  (func $div (param $a i32) (param $b i32) (result i32)
    (i32.div_u (local.get $a) (local.get $b)))
  (func (export "_start")
    (drop (call $div (i32.const 7) (global.get $zero))))
)
