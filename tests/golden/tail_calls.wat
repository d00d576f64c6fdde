;; Tail calls: `return_call` of a defined function (a `return_call` instruction), of a host
;; import (a call and a return: C code cannot be tail-called), and `return_call_indirect`
;; through a table with fixed contents and through an exported one.
(module
  (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
  (type $unop (func (param i32) (result i32)))
  (table $fixed 2 funcref)
  (elem (table $fixed) (i32.const 0) func $count $close)
  (table $open (export "t") 1 funcref)
  (func $count (type $unop)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (return_call $count (i32.sub (local.get 0) (i32.const 1))))))
  (func $host (type $unop) (return_call $close (local.get 0)))
  (func $fixed_call (param i32 i32) (result i32)
    (return_call_indirect $fixed (type $unop) (local.get 0) (local.get 1)))
  (func $open_call (export "open_call") (param i32 i32) (result i32)
    (return_call_indirect $open (type $unop) (local.get 0) (local.get 1)))
  (func (export "_start")
    (drop (call $host (call $count (call $fixed_call (i32.const 3) (i32.const 0)))))
    (drop (call $open_call (i32.const 1) (i32.const 0))))
)
