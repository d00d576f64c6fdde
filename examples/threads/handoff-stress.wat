;; handoff-stress.wat — rule: no lost wake-ups. A lost wake-up makes this program hang (the
;; test's timeout catches it); wrong counts show in the output.
;;
;; 1. ping-pong with wait32: main and a thread hand a turn word (0x60) back and forth 20000
;;    times, each side waiting while the word still says "the other's turn".
;; 2. the same with wait64 on a word whose two states differ only in the high half (0x68:
;;    0 vs 1<<32), so a wait64 that compared only 32 bits would hang.
;; 3. a futex mutex (0 free, 1 locked, 2 locked with waiters: cmpxchg + wait32/notify) taken
;;    by 4 threads 20000 times each around a plain (non-atomic) increment: count 80000.
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

  (data (i32.const 0x100) "ping-pong wait32 round trips: \00")
  (data (i32.const 0x130) "ping-pong wait64 round trips: \00")
  (data (i32.const 0x160) "mutex count: \00")

  (func $line (param $label i32) (param $v i32)
    (call $s (local.get $label)) (call $u (local.get $v)) (call $endl))

  ;; Waits until the turn word at 0x60 equals $mine, then hands the turn to $other.
  (func $turn32 (param $mine i32) (param $other i32)
    (local $v i32)
    (loop $l
      (local.set $v (i32.atomic.load (i32.const 0x60)))
      (if (i32.ne (local.get $v) (local.get $mine))
        (then
          (drop (memory.atomic.wait32 (i32.const 0x60) (local.get $v) (i64.const -1)))
          (br $l))))
    (i32.atomic.store (i32.const 0x60) (local.get $other))
    (drop (memory.atomic.notify (i32.const 0x60) (i32.const 1))))

  (func $turn64 (param $mine i64) (param $other i64)
    (local $v i64)
    (loop $l
      (local.set $v (i64.atomic.load (i32.const 0x68)))
      (if (i64.ne (local.get $v) (local.get $mine))
        (then
          (drop (memory.atomic.wait64 (i32.const 0x68) (local.get $v) (i64.const -1)))
          (br $l))))
    (i64.atomic.store (i32.const 0x68) (local.get $other))
    (drop (memory.atomic.notify (i32.const 0x68) (i32.const 1))))

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

  (func $pingpong (param $wide i32) (param $me i32) (result i32)
    (local $i i32)
    (loop $l
      (if (local.get $wide)
        (then (call $turn64 (i64.shl (i64.extend_i32_u (local.get $me)) (i64.const 32))
                            (i64.shl (i64.extend_i32_u (i32.sub (i32.const 1) (local.get $me))) (i64.const 32))))
        (else (call $turn32 (local.get $me) (i32.sub (i32.const 1) (local.get $me)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 20000))))
    (local.get $i))

  (func $hammer
    (local $i i32)
    (loop $l
      (call $lock)
      (i32.store (i32.const 0x74) (i32.add (i32.load (i32.const 0x74)) (i32.const 1)))
      (call $unlock)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 20000)))))

  (func (export "_start")
    (local $i i32)
    (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 0)) (then unreachable))
    (call $line (i32.const 0x100) (call $pingpong (i32.const 0) (i32.const 0)))
    (call $await (i32.const 0x44) (i32.const 1))
    (if (i32.lt_s (call $spawn (i32.const 1)) (i32.const 0)) (then unreachable))
    (call $line (i32.const 0x130) (call $pingpong (i32.const 1) (i32.const 0)))
    (call $await (i32.const 0x44) (i32.const 2))
    (loop $spawn
      (if (i32.lt_s (call $spawn (i32.const 2)) (i32.const 0)) (then unreachable))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $spawn (i32.lt_u (local.get $i) (i32.const 4))))
    (call $await (i32.const 0x44) (i32.const 6))
    (call $line (i32.const 0x160) (i32.load (i32.const 0x74))))

  ;; arg 0: the other side of the wait32 ping-pong; 1: of the wait64 one; 2: a mutex hammerer.
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (if (i32.lt_u (local.get $arg) (i32.const 2))
      (then (drop (call $pingpong (local.get $arg) (i32.const 1))))
      (else (call $hammer)))
    (call $signal (i32.const 0x44)))
)
