;; host-through-tables.wat — WASI functions reached through funcrefs and tail calls. Compiled
;; wasm uses Cranelift's `tail` calling convention and WASI functions the C one, so a host
;; import stored in a table is the module's adapter for it (compiler/src/boundary.rs), and a
;; `return_call` of a host import is a call and a return. `path_open` has 10 native
;; arguments, so some travel on the stack, where the two conventions differ. Each call gets
;; EBADF (8): fd 99 is not open. tests/tail_calls.rs invokes each export named below.
;;
;; expect static_path_open: 8
;; expect exported_path_open: 8
;; expect tail_path_open: 8
;; expect tail_indirect_close: 8
;; expect tail_exported_close: 8
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (type $open (func (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (type $close (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (table $fixed 2 funcref)
  (elem (table $fixed) (i32.const 0) func $path_open $fd_close)
  (table $shared (export "t") 2 funcref)
  (elem (table $shared) (i32.const 0) func $path_open $fd_close)
  (func (export "static_path_open") (result i32)
    (call_indirect $fixed (type $open)
      (i32.const 99) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0)
      (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 16) (i32.const 0)))
  (func (export "exported_path_open") (result i32)
    (call_indirect $shared (type $open)
      (i32.const 99) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0)
      (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 16) (i32.const 0)))
  (func (export "tail_path_open") (result i32)
    (return_call $path_open
      (i32.const 99) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0)
      (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 16)))
  (func (export "tail_indirect_close") (result i32)
    (return_call_indirect $fixed (type $close) (i32.const 99) (i32.const 1)))
  (func (export "tail_exported_close") (result i32)
    (return_call_indirect $shared (type $close) (i32.const 99) (i32.const 1)))
)
