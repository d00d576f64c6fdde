;; unaligned.wat — rule: misaligned addresses of wait/notify (and of other atomic accesses)
;; trap with `unaligned atomic`, also when the effective address is misaligned only through
;; the memarg offset. The case is chosen by the first program argument:
;;   1 wait32 at 2   2 wait64 at 4   3 notify at 2   4 notify at 1 (offset=1)
;;   5 i32.atomic.rmw.add at 1   6 i64.atomic.load at 4   7 wait64 at 0 (aligned: returns 1)
;; wasmtime 36 says `wasm trap: unaligned atomic`, as wasm2native does; exit 134.
;;
;; expect-trap: unaligned atomic
;; run: 1 -> exit 134
;; run: 2 -> exit 134
;; run: 3 -> exit 134
;; run: 4 -> exit 134
;; run: 5 -> exit 134
;; run: 6 -> exit 134
;; run: 7 -> exit 0
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (export "memory" (memory 0))
  (data (i32.const 0x100) "case N: no trap, result R\n")

  ;; The first character of argv[1] minus '0' (0 if there is no argument).
  (func $case (result i32)
    (drop (call $args_sizes_get (i32.const 0x200) (i32.const 0x204)))
    (if (i32.lt_u (i32.load (i32.const 0x200)) (i32.const 2)) (then (return (i32.const 0))))
    (drop (call $args_get (i32.const 0x300) (i32.const 0x400)))
    (i32.sub (i32.load8_u (i32.load (i32.const 0x304))) (i32.const 48)))

  (func (export "_start")
    (local $case i32) (local $r i32)
    (local.set $case (call $case))
    (block $done
      (if (i32.eq (local.get $case) (i32.const 1))
        (then (local.set $r (memory.atomic.wait32 (i32.const 2) (i32.const 0) (i64.const 0))) (br $done)))
      (if (i32.eq (local.get $case) (i32.const 2))
        (then (local.set $r (memory.atomic.wait64 (i32.const 4) (i64.const 0) (i64.const 0))) (br $done)))
      (if (i32.eq (local.get $case) (i32.const 3))
        (then (local.set $r (memory.atomic.notify (i32.const 2) (i32.const 1))) (br $done)))
      (if (i32.eq (local.get $case) (i32.const 4))
        (then (local.set $r (memory.atomic.notify offset=1 (i32.const 0) (i32.const 1))) (br $done)))
      (if (i32.eq (local.get $case) (i32.const 5))
        (then (local.set $r (i32.atomic.rmw.add (i32.const 1) (i32.const 1))) (br $done)))
      (if (i32.eq (local.get $case) (i32.const 6))
        (then (local.set $r (i32.wrap_i64 (i64.atomic.load (i32.const 4)))) (br $done)))
      (local.set $r (memory.atomic.wait64 (i32.const 0) (i64.const 1) (i64.const 0))))
    (i32.store8 (i32.const 0x105) (i32.add (local.get $case) (i32.const 48)))
    (i32.store8 (i32.const 0x118) (i32.add (local.get $r) (i32.const 48)))
    (i32.store (i32.const 0) (i32.const 0x100))
    (i32.store (i32.const 4) (i32.const 26))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
)
