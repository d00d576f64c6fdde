;; notify-count.wat — rule: `memory.atomic.notify(addr, n)` wakes at most n waiters at that
;; address, waiters of BOTH widths (wait32 and wait64 on the same address), none at other
;; addresses, and returns exactly the number it woke.
;;
;; Five threads wait at 0x60 (3 with wait32, 2 with wait64), one waits at 0x64. Once all have
;; announced themselves main sleeps 300 ms (there is no way to observe that a waiter is queued
;; without waking it), then notify(0x60, 2) = 2, notify(0x60, 10) = 3, notify(0x64, 10) = 1.
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

  (data (i32.const 0x100) "notify(0x60, 2) = \00")
  (data (i32.const 0x120) "notify(0x60, 10) = \00")
  (data (i32.const 0x140) "notify(0x64, 10) = \00")
  (data (i32.const 0x160) "notify(0x60, 10) again = \00")
  (data (i32.const 0x180) "woken: \00")

  (func $line (param $label i32) (param $v i32)
    (call $s (local.get $label)) (call $u (local.get $v)) (call $endl))

  (func (export "_start")
    (local $i i32)
    (loop $spawn
      (if (i32.lt_s (call $spawn (local.get $i)) (i32.const 0)) (then unreachable))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $spawn (i32.lt_u (local.get $i) (i32.const 6))))
    (call $await (i32.const 0x40) (i32.const 6))
    (drop (memory.atomic.wait32 (i32.const 0x48) (i32.const 0) (i64.const 300000000)))
    (call $line (i32.const 0x100) (memory.atomic.notify (i32.const 0x60) (i32.const 2)))
    (call $line (i32.const 0x120) (memory.atomic.notify (i32.const 0x60) (i32.const 10)))
    (call $line (i32.const 0x140) (memory.atomic.notify (i32.const 0x64) (i32.const 10)))
    (call $await (i32.const 0x44) (i32.const 6))
    (call $line (i32.const 0x160) (memory.atomic.notify (i32.const 0x60) (i32.const 10)))
    (call $line (i32.const 0x180) (i32.atomic.load (i32.const 0x44))))

  ;; Threads 0-2: wait32 at 0x60; 3-4: wait64 at 0x60; 5: wait32 at 0x64. Each re-waits
  ;; unless its wait returned 0 (woken), so a spurious return cannot fake a wake-up.
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (call $signal (i32.const 0x40))
    (loop $l
      (br_if $l (i32.ne (i32.const 0)
        (if (result i32) (i32.lt_u (local.get $arg) (i32.const 3))
          (then (memory.atomic.wait32 (i32.const 0x60) (i32.const 0) (i64.const -1)))
          (else (if (result i32) (i32.lt_u (local.get $arg) (i32.const 5))
            (then (memory.atomic.wait64 (i32.const 0x60) (i64.const 0) (i64.const -1)))
            (else (memory.atomic.wait32 (i32.const 0x64) (i32.const 0) (i64.const -1)))))))))
    (call $signal (i32.const 0x44)))
)
