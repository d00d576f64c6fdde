;; spawn-limit.wat — rule: a failed `thread-spawn` returns a negative value (it neither traps
;; nor crashes), and the program can go on.
;;
;; `_start` tries to spawn 8 threads that each block forever, counts the successes and the
;; failures, prints them and returns (which ends the process with the blocked threads).
;; wasmtime 36 has no thread limit, nor has wasm2native by default: 8 spawned, 0 failed.
;; Built with `wasm2native build --max-threads 3`, the 4th to 8th spawns fail:
;;   "spawned=3 failed=5 negative=1"  (tests/threads.rs checks that run separately).
;;
;; expect-exit: 0
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (export "memory" (memory 0))

  ;; --- line output: one fd_write per line (lines of threads never interleave) -------------
  ;; The line buffer of this instance: iovec at $line, nwritten at $line+8, text from $line+16.
  (global $line (mut i32) (i32.const 0x1000))
  (global $n (mut i32) (i32.const 0))
  (func $putc (param $c i32)
    (i32.store8 (i32.add (i32.add (global.get $line) (i32.const 16)) (global.get $n)) (local.get $c))
    (global.set $n (i32.add (global.get $n) (i32.const 1))))
  (func $s (param $p i32) ;; appends the NUL-terminated string at $p
    (block $e (loop $l
      (br_if $e (i32.eqz (i32.load8_u (local.get $p))))
      (call $putc (i32.load8_u (local.get $p)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $l))))
  (func $u (param $v i32) ;; appends $v in unsigned decimal
    (if (i32.ge_u (local.get $v) (i32.const 10))
      (then (call $u (i32.div_u (local.get $v) (i32.const 10)))))
    (call $putc (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10)))))
  (func $endl
    (call $putc (i32.const 10))
    (i32.store (global.get $line) (i32.add (global.get $line) (i32.const 16)))
    (i32.store offset=4 (global.get $line) (global.get $n))
    (drop (call $fd_write (i32.const 1) (global.get $line) (i32.const 1)
                          (i32.add (global.get $line) (i32.const 8))))
    (global.set $n (i32.const 0)))
  ;; ------------------------------------------------------------------------------------------
  ;; Waits until the shared word at $addr equals $want.
  (func $await (param $addr i32) (param $want i32)
    (local $v i32)
    (loop $l
      (local.set $v (i32.atomic.load (local.get $addr)))
      (if (i32.ne (local.get $v) (local.get $want))
        (then
          (drop (memory.atomic.wait32 (local.get $addr) (local.get $v) (i64.const -1)))
          (br $l)))))
  ;; Adds 1 to the shared word at $addr and wakes all its waiters.
  (func $signal (param $addr i32)
    (drop (i32.atomic.rmw.add (local.get $addr) (i32.const 1)))
    (drop (memory.atomic.notify (local.get $addr) (i32.const -1))))
  ;; Blocks this thread forever.
  (func $block_forever
    (loop $l
      (drop (memory.atomic.wait32 (i32.const 0x3c) (i32.const 0) (i64.const -1)))
      (br $l)))
  ;; Gives this thread its own line buffer (thread index $arg).
  (func $thread_line (param $arg i32)
    (global.set $line (i32.add (i32.const 0x1000)
                               (i32.shl (i32.add (local.get $arg) (i32.const 1)) (i32.const 8)))))

  (data (i32.const 0x100) "spawned=\00")
  (data (i32.const 0x110) " failed=\00")
  (data (i32.const 0x120) " negative=\00")

  (func (export "_start")
    (local $i i32) (local $r i32) (local $ok i32) (local $failed i32) (local $neg i32)
    (local.set $neg (i32.const 1))
    (loop $spawn
      (local.set $r (call $spawn (local.get $i)))
      (if (i32.gt_s (local.get $r) (i32.const 0))
        (then (local.set $ok (i32.add (local.get $ok) (i32.const 1))))
        (else
          (local.set $failed (i32.add (local.get $failed) (i32.const 1)))
          (if (i32.ge_s (local.get $r) (i32.const 0)) (then (local.set $neg (i32.const 0))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $spawn (i32.lt_u (local.get $i) (i32.const 8))))
    ;; every spawned thread is running (and will block forever) before we report
    (call $await (i32.const 0x44) (local.get $ok))
    (call $s (i32.const 0x100)) (call $u (local.get $ok))
    (call $s (i32.const 0x110)) (call $u (local.get $failed))
    (call $s (i32.const 0x120)) (call $u (local.get $neg))
    (call $endl))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (call $signal (i32.const 0x44))
    (call $block_forever))
)
