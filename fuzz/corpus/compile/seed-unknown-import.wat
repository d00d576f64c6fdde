;; unknown-import.wat — imports a WASI function that does not exist.
;;
;; The module is valid, but no runtime provides `wasi_snapshot_preview1`.`no_such_fn`:
;; compiling it must fail with an error naming the import (wasmtime fails at link time).
(module
  (import "wasi_snapshot_preview1" "no_such_fn" (func $no_such_fn (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $no_such_fn (i32.const 0))))
)
