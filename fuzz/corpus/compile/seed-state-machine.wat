;; state-machine.wat — 10^8 tail calls in a constant stack: a three-state machine stepped by
;; `return_call` between three functions, the same through a table with
;; `return_call_indirect`, and tail calls between functions with different numbers of stack
;; arguments (more than fit in registers, so the caller's frame must grow and shrink). Each
;; prints its final state; built with a 64 KiB stack, any call that kept its frame would
;; exhaust it after a few thousand steps.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)

  (type $step (func (param i32 i64) (result i64)))
  (table 3 funcref)
  (elem (i32.const 0) $i0 $i1 $i2)

  ;; Direct: state k adds k+1 to the accumulator and moves to state k+1 mod 3.
  (func $s0 (param $n i32) (param $acc i64) (result i64)
    (if (result i64) (i32.eqz (local.get $n)) (then (local.get $acc))
      (else (return_call $s1 (i32.sub (local.get $n) (i32.const 1))
                             (i64.add (local.get $acc) (i64.const 1))))))
  (func $s1 (param $n i32) (param $acc i64) (result i64)
    (if (result i64) (i32.eqz (local.get $n)) (then (local.get $acc))
      (else (return_call $s2 (i32.sub (local.get $n) (i32.const 1))
                             (i64.add (local.get $acc) (i64.const 2))))))
  (func $s2 (param $n i32) (param $acc i64) (result i64)
    (if (result i64) (i32.eqz (local.get $n)) (then (local.get $acc))
      (else (return_call $s0 (i32.sub (local.get $n) (i32.const 1))
                             (i64.add (local.get $acc) (i64.const 3))))))

  ;; Indirect: the same machine, each state reaching the next through the table.
  (func $i0 (type $step)
    (if (result i64) (i32.eqz (local.get 0)) (then (local.get 1))
      (else (return_call_indirect (type $step)
              (i32.sub (local.get 0) (i32.const 1)) (i64.add (local.get 1) (i64.const 1))
              (i32.const 1)))))
  (func $i1 (type $step)
    (if (result i64) (i32.eqz (local.get 0)) (then (local.get 1))
      (else (return_call_indirect (type $step)
              (i32.sub (local.get 0) (i32.const 1)) (i64.add (local.get 1) (i64.const 2))
              (i32.const 2)))))
  (func $i2 (type $step)
    (if (result i64) (i32.eqz (local.get 0)) (then (local.get 1))
      (else (return_call_indirect (type $step)
              (i32.sub (local.get 0) (i32.const 1)) (i64.add (local.get 1) (i64.const 3))
              (i32.const 0)))))

  ;; Stack arguments: $narrow (2 parameters) and $wide (10) call each other in turn.
  (func $narrow (param $n i32) (param $acc i64) (result i64)
    (if (result i64) (i32.eqz (local.get $n)) (then (local.get $acc))
      (else (return_call $wide (i32.sub (local.get $n) (i32.const 1)) (local.get $acc)
              (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4)
              (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8)))))
  (func $wide (param $n i32) (param $acc i64)
              (param i64 i64 i64 i64 i64 i64 i64 i64) (result i64)
    (return_call $narrow (local.get $n)
      (i64.add (local.get $acc)
        (i64.add (i64.add (i64.add (local.get 2) (local.get 3))
                          (i64.add (local.get 4) (local.get 5)))
                 (i64.add (i64.add (local.get 6) (local.get 7))
                          (i64.add (local.get 8) (local.get 9)))))))

  ;; Writes `v` in decimal and a newline to stdout (digits built backwards from byte 64).
  (func $print (param $v i64)
    (local $p i32)
    (local.set $p (i32.const 64))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $v) (i64.const 0))))
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (i32.sub (i32.const 65) (local.get $p)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func (export "_start")
    (call $print (call $s0 (i32.const 100000000) (i64.const 0)))
    (call $print (call $i0 (i32.const 100000000) (i64.const 0)))
    (call $print (call $narrow (i32.const 50000000) (i64.const 0))))
)
