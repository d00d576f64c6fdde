;; wait-unshared.wat — rule: `memory.atomic.notify` on a non-shared memory returns 0 (there
;; can be no waiter), and `memory.atomic.wait32` on a non-shared memory traps.
;; wasmtime 36 reports `wasm trap: atomic wait on non-shared memory`; wasm2native uses the spec
;; test suite's message `expected shared memory`. Both exit 134.
;;
;; expect-exit: 134
;; expect-trap: expected shared memory
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0x100) "notify on unshared memory: 0\n")
  (data (i32.const 0x120) "wait32 on unshared memory returned\n")
  (func $print (param $p i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (if (i32.eqz (memory.atomic.notify (i32.const 0x40) (i32.const 1)))
      (then (call $print (i32.const 0x100) (i32.const 29))))
    (drop (memory.atomic.wait32 (i32.const 0x40) (i32.const 0) (i64.const 0)))
    (call $print (i32.const 0x120) (i32.const 35)))
)
