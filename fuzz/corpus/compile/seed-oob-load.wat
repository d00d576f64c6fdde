;; oob-load.wat — a load past the end of linear memory traps.
;;
;; The memory has exactly one 64 KiB page; `_start` loads 4 bytes at 65534, which straddles the
;; end. The address comes from a mutable global so no compiler can fold it away.
;;
;; expect-trap: out of bounds memory access
(module
  (memory (export "memory") 1 1)
  (global $addr (mut i32) (i32.const 65534))
  (func (export "_start")
    (drop (i32.load (global.get $addr))))
)
