;; unreachable.wat — executing `unreachable` traps, here two calls deep.
;;
;; expect-trap: unreachable
(module
  (memory (export "memory") 1)
  (func $inner unreachable)
  (func $outer (call $inner))
  (func (export "_start") (call $outer))
)
