;; ping-pong.wat — benchmark: wait/notify round trip. Main and one thread hand a turn word
;; back and forth 100000 times (wait32 while it is the other's turn, store, notify 1).
;; Prints "ping-pong-ns <ns per round trip>". Native twin: c/ping-pong.c (futex).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
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
  ;; Monotonic clock in ns (scratch word at 0x30 of this thread's line buffer).
  (func $now (result i64)
    (drop (call $clock_time_get (i32.const 1) (i64.const 1) (i32.add (global.get $line) (i32.const 0x30))))
    (i64.load (i32.add (global.get $line) (i32.const 0x30))))
  (func $report (param $label i32) (param $v i64)
    (call $s (local.get $label)) (call $u (i32.wrap_i64 (local.get $v))) (call $endl))
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

  (data (i32.const 0x100) "ping-pong-ns \00")
  (func $turn (param $mine i32) (param $other i32)
    (local $v i32)
    (loop $l
      (local.set $v (i32.atomic.load (i32.const 0x60)))
      (if (i32.ne (local.get $v) (local.get $mine))
        (then
          (drop (memory.atomic.wait32 (i32.const 0x60) (local.get $v) (i64.const -1)))
          (br $l))))
    (i32.atomic.store (i32.const 0x60) (local.get $other))
    (drop (memory.atomic.notify (i32.const 0x60) (i32.const 1))))
  (func $play (param $me i32)
    (local $i i32)
    (loop $l
      (call $turn (local.get $me) (i32.sub (i32.const 1) (local.get $me)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 100000)))))
  (func (export "_start")
    (local $t0 i64)
    (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 0)) (then unreachable))
    (local.set $t0 (call $now))
    (call $play (i32.const 0))
    (call $await (i32.const 0x44) (i32.const 1))
    (call $report (i32.const 0x100) (i64.div_u (i64.sub (call $now) (local.get $t0)) (i64.const 100000))))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (call $play (i32.const 1))
    (call $signal (i32.const 0x44)))
)
