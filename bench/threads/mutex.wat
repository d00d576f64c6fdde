;; mutex.wat — benchmark: contended mutex throughput. 4 threads each take a futex mutex
;; (0 free, 1 locked, 2 contended: cmpxchg, xchg + wait32, notify 1) 250000 times around a
;; plain increment. Prints "mutex-ns <ns per lock/unlock pair, all threads together>" and
;; "mutex-count <final count>". Native twin: c/mutex.c (the same algorithm on futex).
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

  (data (i32.const 0x100) "mutex-ns \00")
  (data (i32.const 0x110) "mutex-count \00")
  (func $lock
    (local $c i32)
    (local.set $c (i32.atomic.rmw.cmpxchg (i32.const 0x70) (i32.const 0) (i32.const 1)))
    (if (local.get $c)
      (then
        (if (i32.ne (local.get $c) (i32.const 2))
          (then (local.set $c (i32.atomic.rmw.xchg (i32.const 0x70) (i32.const 2)))))
        (block $got
          (loop $l
            (br_if $got (i32.eqz (local.get $c)))
            (drop (memory.atomic.wait32 (i32.const 0x70) (i32.const 2) (i64.const -1)))
            (local.set $c (i32.atomic.rmw.xchg (i32.const 0x70) (i32.const 2)))
            (br $l))))))
  (func $unlock
    (if (i32.ne (i32.atomic.rmw.sub (i32.const 0x70) (i32.const 1)) (i32.const 1))
      (then
        (i32.atomic.store (i32.const 0x70) (i32.const 0))
        (drop (memory.atomic.notify (i32.const 0x70) (i32.const 1))))))
  (func (export "_start")
    (local $i i32) (local $t0 i64)
    (local.set $t0 (call $now))
    (loop $l
      (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 0)) (then unreachable))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 4))))
    (call $await (i32.const 0x44) (i32.const 4))
    (call $report (i32.const 0x100) (i64.div_u (i64.sub (call $now) (local.get $t0)) (i64.const 1000000)))
    (call $report (i32.const 0x110) (i64.extend_i32_u (i32.load (i32.const 0x74)))))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (local $i i32)
    (loop $l
      (call $lock)
      (i32.store (i32.const 0x74) (i32.add (i32.load (i32.const 0x74)) (i32.const 1)))
      (call $unlock)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 250000))))
    (call $signal (i32.const 0x44)))
)
