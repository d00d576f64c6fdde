;; Linking 64-bit memories and tables: an import matches an export only with the same index
;; type (and, for memories, the same page size); data and element segments take i64 offsets.
;; Run by `wasm2native wast` and `wasmtime wast` alike (tests/memory64.rs).
(module $exporter
  (memory (export "mem64") i64 1)
  (memory (export "mem32") 1)
  (table (export "tab64") i64 2 funcref)
  (table (export "tab32") 2 funcref)
  (func (export "seven") (result i64) (i64.const 7))
  (elem (table 0) (i64.const 1) func 0)
  (data (memory 0) (i64.const 0xFFF8) "\01\02\03\04\05\06\07\08"))
(register "ex" $exporter)

(module $importer
  (import "ex" "mem64" (memory i64 1))
  (import "ex" "tab64" (table i64 1 funcref))
  (type $t (func (result i64)))
  (func (export "load") (result i64) (i64.load (i64.const 0xFFF8)))
  (func (export "call") (param i64) (result i64) (call_indirect (type $t) (local.get 0)))
  (func (export "grow") (result i64) (memory.grow (i64.const 1))))
(assert_return (invoke "load") (i64.const 0x0807060504030201))
(assert_return (invoke "call" (i64.const 1)) (i64.const 7))
(assert_return (invoke "grow") (i64.const 1))
(assert_trap (invoke "call" (i64.const 0)) "uninitialized element")
(assert_trap (invoke "call" (i64.const 0x1_0000_0001)) "undefined element")

(assert_unlinkable
  (module (import "ex" "mem64" (memory 1)))
  "incompatible import type")
(assert_unlinkable
  (module (import "ex" "mem32" (memory i64 1)))
  "incompatible import type")
(assert_unlinkable
  (module (import "ex" "tab64" (table 1 funcref)))
  "incompatible import type")
(assert_unlinkable
  (module (import "ex" "tab32" (table i64 1 funcref)))
  "incompatible import type")

;; A segment past the end of a 64-bit memory or table fails instantiation.
(assert_trap
  (module (memory i64 1) (data (i64.const 0xFFFF_FFFF_FFFF_FFFF) "a"))
  "out of bounds memory access")
(assert_trap
  (module (table i64 1 funcref) (func) (elem (table 0) (i64.const 0x1_0000_0000) func 0))
  "out of bounds table access")
