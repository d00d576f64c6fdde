;; static-table.wat — `call_indirect` through tables whose contents are fixed at instantiation
;; (not imported or exported, never changed by an instruction). wasm2native compiles calls
;; through such a table against a read-only copy built at compile time (compiler/src/
;; static_tables.rs); every outcome must match calls through an ordinary table: the result,
;; and `undefined element` / `uninitialized element` / `indirect call type mismatch`.
;;
;; Checked by tests/differential.rs: each `;; expect NAME: OUTCOME` line is what calling export
;; NAME must do; wasmtime 36 must agree.
;;
;; expect ok: 42
;; expect structural: 42
;; expect overwritten: 7
;; expect mismatch: trap: indirect call type mismatch
;; expect null: trap: uninitialized element
;; expect oob: trap: undefined element
;; expect oob_huge: trap: undefined element
;; expect get_null: 1
;; expect mutated: 9
;; expect exported_ok: 42
(module
  (type $ii (func (param i32) (result i32)))
  (type $ii2 (func (param i32) (result i32)))
  (type $v (func))
  (func $answer (type $ii) (i32.add (local.get 0) (i32.const 41)))
  (func $seven (type $ii) (i32.const 7))
  (func $nine (type $ii) (i32.const 9))
  (func $nothing (type $v))
  ;; Fixed: slot 0 is written twice (the later segment wins), slot 2 stays null.
  (table $fixed 5 funcref)
  (elem (table $fixed) (i32.const 0) func $seven)
  (elem (table $fixed) (i32.const 1) func $nothing)
  (elem (table $fixed) (i32.const 3) func $answer $seven)
  (elem (table $fixed) (i32.const 0) func $seven)
  ;; Changed by table.set: compiled the ordinary way.
  (table $mutated 2 funcref)
  (elem (table $mutated) (i32.const 0) func $answer)
  (elem declare func $nine)
  ;; Exported: compiled the ordinary way.
  (table $shared (export "t") 1 funcref)
  (elem (table $shared) (i32.const 0) func $answer)
  (func (export "ok") (result i32)
    (call_indirect $fixed (type $ii) (i32.const 1) (i32.const 3)))
  (func (export "structural") (result i32)
    (call_indirect $fixed (type $ii2) (i32.const 1) (i32.const 3)))
  (func (export "overwritten") (result i32)
    (call_indirect $fixed (type $ii) (i32.const 0) (i32.const 0)))
  (func (export "mismatch") (result i32)
    (call_indirect $fixed (type $ii) (i32.const 0) (i32.const 1)))
  (func (export "null") (result i32)
    (call_indirect $fixed (type $ii) (i32.const 0) (i32.const 2)))
  (func (export "oob") (result i32)
    (call_indirect $fixed (type $ii) (i32.const 0) (i32.const 5)))
  (func (export "oob_huge") (result i32)
    (call_indirect $fixed (type $ii) (i32.const 0) (i32.const -1)))
  (func (export "get_null") (result i32)
    (ref.is_null (table.get $fixed (i32.const 2))))
  (func (export "mutated") (result i32)
    (table.set $mutated (i32.const 0) (ref.func $nine))
    (call_indirect $mutated (type $ii) (i32.const 0) (i32.const 0)))
  (func (export "exported_ok") (result i32)
    (call_indirect $shared (type $ii) (i32.const 1) (i32.const 0)))
)
