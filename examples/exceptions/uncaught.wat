;; An exception that escapes `_start`: what was written stays written, and the process ends as
;; wasmtime 49 ends it — status 1 with an error naming the uncaught exception (tests/exceptions.rs).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (tag $e (param i32))
  (data (i32.const 16) "before the throw\n")
  (func $inner (param i32)
    (if (i32.gt_u (local.get 0) (i32.const 0))
      (then (call $inner (i32.sub (local.get 0) (i32.const 1))))
      (else (throw $e (i32.const 3)))))
  (func $caught_elsewhere
    (block $h (try_table (catch_all $h) (call $inner (i32.const 2)))))
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 17))
    (call $caught_elsewhere)
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $inner (i32.const 5)))
)
