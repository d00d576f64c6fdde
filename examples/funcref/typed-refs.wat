;; typed-refs.wat — typed function references: `call_ref` through non-nullable locals, a
;; `return_call_ref` loop of 10^6 steps, `br_on_null`/`br_on_non_null` choosing a default,
;; and `ref.as_non_null`/`call_ref` on null trapping. Each `;; expect` line is what
;; `--invoke NAME` prints (tests/funcref.rs checks it against wasmtime 49); each
;; `;; traps` line names the trap message of an export.
(module
  (type $unop (func (param i64) (result i64)))
  (type $step (func (param i64 i64) (result i64)))

  (func $double (type $unop) (i64.mul (local.get 0) (i64.const 2)))
  (func $square (type $unop) (i64.mul (local.get 0) (local.get 0)))
  (elem declare func $double $square $count)

  (global $op (mut (ref null $unop)) (ref.null $unop))

  ;; expect compose: 36
  (func (export "compose") (result i64)
    (local $f (ref $unop))
    (local $g (ref $unop))
    (local.set $f (ref.func $double))
    (local.set $g (ref.func $square))
    (call_ref $unop (call_ref $unop (i64.const 3) (local.get $f)) (local.get $g)))

  ;; Counts down with a tail call through a reference to itself, summing on the way.
  (func $count (type $step)
    (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
      (else (return_call_ref $step
              (i64.sub (local.get 0) (i64.const 1))
              (i64.add (local.get 1) (local.get 0))
              (ref.func $count)))))
  ;; expect count: 500000500000
  (func (export "count") (result i64)
    (call_ref $step (i64.const 1000000) (i64.const 0) (ref.func $count)))

  ;; Applies $op, or returns the argument when $op is null.
  (func $apply (param $x i64) (result i64)
    (block $null
      (return (call_ref $unop (local.get $x) (br_on_null $null (global.get $op)))))
    (local.get $x))
  ;; The same with br_on_non_null.
  (func $apply2 (param $x i64) (result i64)
    (block $some (result (ref $unop))
      (br_on_non_null $some (global.get $op))
      (return (i64.sub (i64.const 0) (local.get $x))))
    (local.set $x (local.get $x))
    (call_ref $unop (local.get $x) (ref.as_non_null (ref.func $square)))
    (drop)
    (return_call_ref $unop (local.get $x) (ref.func $double)))
  ;; expect defaults: 7000014
  (func (export "defaults") (result i64)
    (local $r i64)
    (local.set $r (call $apply (i64.const 7)))                         ;; 7
    (local.set $r (i64.add (local.get $r) (call $apply2 (i64.const 7))))  ;; -7
    (global.set $op (ref.func $square))
    (local.set $r (i64.add (local.get $r) (call $apply (i64.const 1000))))  ;; 10^6
    (i64.add (i64.mul (local.get $r) (i64.const 7))
             (call $apply2 (i64.const 7))))                            ;; 14

  ;; traps as_non_null: null reference
  (func (export "as_non_null") (result i64)
    (call_ref $unop (i64.const 1) (ref.as_non_null (global.get $op))))
  ;; traps call_null: null function reference
  (func (export "call_null") (result i64)
    (call_ref $unop (i64.const 1) (global.get $op)))
)
