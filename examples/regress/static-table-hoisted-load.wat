;; static-table-hoisted-load.wat — a `call_indirect` through a table with fixed contents, in a
;; loop, with a constant index far out of range traps as `undefined element`. wasm2native's
;; read-only loads of the table's compile-time copy were free to move, and Cranelift hoisted
;; them out of the loop above their bounds check: the load read past the copy and faulted
;; (an internal error, exit 70). Found by tests/differential.rs against wasmtime 49 (seed 244).
;;
;; Checked by tests/differential.rs: each `;; expect NAME: OUTCOME` line is what calling export
;; NAME must do; wasmtime 36 must agree.
;;
;; expect f: trap: undefined element
(module
  (type $t (func))
  (table 2 934 funcref)
  (elem (i32.const 0) func $a $a)
  (global $fuel (mut i32) (i32.const 3))
  (func $a)
  (func (export "f")
    (loop $l
      (global.set $fuel (i32.sub (global.get $fuel) (i32.const 1)))
      (call_indirect (type $t) (i32.const 131072))
      (br_if $l (global.get $fuel)))))
