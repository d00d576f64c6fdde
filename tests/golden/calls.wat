;; Direct calls, a host import, call_indirect through a table, globals and multi-value.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (type $binop (func (param i32 i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $add $pair_sum)
  (global $g (mut i32) (i32.const 7))
  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $pair (result i32 i32) (i32.const 1) (global.get $g))
  (func $pair_sum (type $binop) (call $pair) (i32.add))
  (func $main (export "main") (param $i i32) (result i32)
    (global.set $g (call_indirect (type $binop) (i32.const 2) (i32.const 3) (local.get $i)))
    (if (i32.eqz (global.get $g)) (then (call $exit (i32.const 1))))
    (call $add (global.get $g) (i32.const 1))))
