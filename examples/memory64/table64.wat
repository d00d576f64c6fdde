;; 64-bit tables: call_indirect, table.get/set/size/grow/fill/copy/init take i64 indices and
;; an element segment an i64 offset; an index above 2^32 does not wrap to a valid one.
;;
;; expect call: 22
;; expect size: 4
;; expect grow: 4
;; expect grow-huge: -1
;; expect set-then-call: 11
;; expect fill-then-call: 22
;; expect copy-then-call: 11
;; expect init-then-call: 22
;; traps call-above-2^32: undefined element
;; traps call-null: uninitialized element
;; traps get-above-2^32: out of bounds table access
;; traps fill-past-end: out of bounds table access
;; traps copy-wraps: out of bounds table access
(module
  (type $t (func (result i64)))
  (table $tab i64 4 10 funcref)
  (elem (table $tab) (i64.const 1) func $a $b)
  (elem $passive func $a $b)
  (func $a (result i64) (i64.const 11))
  (func $b (result i64) (i64.const 22))

  (func (export "call") (result i64)
    (call_indirect $tab (type $t) (i64.const 2)))
  (func (export "call-above-2^32") (result i64)
    (call_indirect $tab (type $t) (i64.const 0x1_0000_0001)))
  (func (export "call-null") (result i64)
    (call_indirect $tab (type $t) (i64.const 0)))
  (func (export "size") (result i64)
    (table.size $tab))
  (func (export "grow") (result i64)
    (table.grow $tab (ref.null func) (i64.const 3)))
  (func (export "grow-huge") (result i64)
    (table.grow $tab (ref.null func) (i64.const 0x1_0000_0000)))
  (func (export "set-then-call") (result i64)
    (table.set $tab (i64.const 3) (ref.func $a))
    (call_indirect $tab (type $t) (i64.const 3)))
  (func (export "get-above-2^32") (result i32)
    (ref.is_null (table.get $tab (i64.const 0x1_0000_0000))))
  (func (export "fill-then-call") (result i64)
    (table.fill $tab (i64.const 0) (ref.func $b) (i64.const 4))
    (call_indirect $tab (type $t) (i64.const 3)))
  (func (export "fill-past-end")
    (table.fill $tab (i64.const 2) (ref.null func) (i64.const 3)))
  (func (export "copy-then-call") (result i64)
    (table.copy $tab $tab (i64.const 2) (i64.const 1) (i64.const 2))
    (call_indirect $tab (type $t) (i64.const 2)))
  (func (export "copy-wraps")
    (table.copy $tab $tab (i64.const 1) (i64.const 0) (i64.const 0xFFFF_FFFF_FFFF_FFFF)))
  (func (export "init-then-call") (result i64)
    (table.init $tab $passive (i64.const 0) (i32.const 1) (i32.const 1))
    (call_indirect $tab (type $t) (i64.const 0)))
)
